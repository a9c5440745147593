"""The Scrapy components in-process (Scrapy's `get_crawler` style), over a real archive.

Each test builds a crawler the way `Crawler.crawl` does (spider first, then extensions and
middlewares from the project settings), opens its archive session, and calls the component
directly: no reactor, no subprocess.  The archive (WARC files, and the catalog: each test
runs on SQLite and on PostgreSQL) is real, and so is the replica server on 127.0.0.1 that
the safety middleware resolves.
"""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from scrapy import signals
from scrapy.crawler import AsyncCrawlerRunner
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.project import get_project_settings
from scrapy.utils.reactor import install_reactor, is_reactor_installed

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from crawler.capture import ArchiveExtension, session_of
from crawler.middlewares import (
    CrawlDelayMiddleware,
    IncrementalMiddleware,
    SafetyMiddleware,
    is_private_address,
    resolve,
)
from crawler.spiders.site import SiteSpider
from tests.conftest import write_registry
from tests.support.warccheck import assert_warc_ok

ARTICLE = (
    "<html><head><title>Tin</title></head><body><nav><a href='/'>Trang chủ</a></nav>"
    "<div class='body'>" + "<p>Đoạn văn bản của bài viết về công tác dân tộc.</p>" * 12
    + "</div></body></html>"
)
LISTING = (
    "<html><body><ul>" + "".join(
        f"<li><a href='/tin/{i}.html'>Tiêu đề bài viết số {i} về công tác dân tộc</a>"
        f"<p>Tóm tắt ngắn của bài viết số {i}, đủ dài để đọc.</p></li>" for i in range(12))
    + "</ul></body></html>"
)


def make_crawler(replica, tmp_path: Path, key: str = "joomla", allow_private: bool = True,
                 **settings: object):
    entries = [e for e in replica.registry_entries() if e["id"] == f"replica-{key}"]
    if not allow_private:  # a host name that resolves to loopback, as a DNS answer might
        entries = [yaml.safe_load(yaml.safe_dump(
            {k: v for k, v in e.items() if k != "allow_private_network"}).replace(
                "127.0.0.1", socket.gethostname())) for e in entries]
    registry = write_registry(tmp_path / "sites.yaml", entries)
    project = get_project_settings()
    project.setmodule("crawler.settings", priority="project")
    project.setdict({"BDT_ARCHIVE_DIR": str(tmp_path / "archive"),
                     "BDT_REGISTRY": str(registry), **settings}, priority="cmdline")
    if not is_reactor_installed():  # Scrapy's default reactor, as a real crawl installs it
        install_reactor(project["TWISTED_REACTOR"], project["ASYNCIO_EVENT_LOOP"])
    crawler = AsyncCrawlerRunner(project).create_crawler(SiteSpider)
    crawler.spider = crawler._create_spider(site_id=f"replica-{key}")
    crawler._apply_settings()
    return crawler


@pytest.fixture
def crawler(replica, tmp_path, catalog_backend):
    crawler = make_crawler(replica, tmp_path)
    session = session_of(crawler)
    assert session is not None and session.open()
    yield crawler
    session.close("finished")


def fetch(crawler, request: Request, response: Response) -> None:
    """What the engine does with a downloaded response: `response_downloaded` first."""
    crawler.get_extension(ArchiveExtension).response_downloaded(
        response=response, request=request, spider=crawler.spider)


def html(url: str, body: str, status: int = 200, **headers: str) -> HtmlResponse:
    return HtmlResponse(url, status=status, body=body.encode("utf-8"),
                        headers={"Content-Type": "text/html; charset=utf-8", **headers})


def test_the_components_share_one_session_handed_over_in_from_crawler(crawler):
    session = session_of(crawler)
    assert SafetyMiddleware.from_crawler(crawler).archive is session
    assert IncrementalMiddleware.from_crawler(crawler).archive is session
    assert crawler.spider.archive is session
    assert not hasattr(crawler, "bdt_archive")


def test_out_of_scope_and_odd_schemes_are_refused(crawler):
    safety = SafetyMiddleware.from_crawler(crawler)
    home = crawler.spider.site.start_urls[0]
    assert safety.process_request(Request(home)) is None
    for url in ("http://example.org/tin-tuc.html", "ftp://127.0.0.1/file.pdf"):
        with pytest.raises(IgnoreRequest):
            safety.process_request(Request(url))


def test_a_loopback_site_is_refused_unless_its_entry_allows_it(replica, tmp_path,
                                                               catalog_backend):
    if not all(is_private_address(a) for a in resolve(socket.gethostname()) or ["8.8.8.8"]):
        pytest.skip("this machine's host name does not resolve to a private address")
    crawler = make_crawler(replica, tmp_path, allow_private=False)
    session = session_of(crawler)
    assert session.open()
    try:
        safety = SafetyMiddleware.from_crawler(crawler)
        with pytest.raises(IgnoreRequest, match="private"):
            safety.process_request(Request(crawler.spider.site.start_urls[0]))
        errors = Catalog(ArchiveLayout.at(tmp_path / "archive").catalog).errors(
            session.run_id)
        assert len(errors) == 1 and "allow_private_network" in errors[0]["message"]
    finally:
        session.close("finished")


def test_capture_at_response_downloaded_writes_a_record_then_a_row(crawler, tmp_path):
    url = crawler.spider.site.start_urls[0]
    request = Request(url)
    fetch(crawler, request, html(url, LISTING, ETag='"v1"'))
    recorded = request.meta["bdt_capture"]
    assert recorded.record_type == "response"
    catalog = Catalog(ArchiveLayout.at(tmp_path / "archive").catalog)
    capture = catalog.capture(recorded.capture_id)
    assert capture.url == url and capture.status == 200 and capture.etag == '"v1"'
    session = session_of(crawler)
    session.close("finished")
    [warc] = sorted((tmp_path / "archive" / "warc").rglob("*.warc.gz"))
    assert_warc_ok(warc)


def test_conditional_request_then_304_rereads_the_earlier_page(crawler):
    spider = crawler.spider
    url = spider.site.start_urls[0]
    fetch(crawler, Request(url), html(url, LISTING, ETag='"v1"'))
    again = Request(url, meta={"bdt_checked_url": url})
    IncrementalMiddleware.from_crawler(crawler).process_request(again)
    assert again.headers.get("If-None-Match") == b'"v1"'
    assert 304 in again.meta["handle_httpstatus_list"]
    not_modified = Response(url, status=304, request=again)
    fetch(crawler, again, not_modified)
    assert again.meta["bdt_capture"].record_type == "revisit"
    followed = {r.url for r in spider.parse(not_modified)}
    assert any(link.endswith("/tin/3.html") for link in followed), followed


def test_an_article_becomes_a_fresh_leaf_a_listing_does_not(crawler):
    spider = crawler.spider
    base = spider.site.start_urls[0].rstrip("/")
    article, listing = f"{base}/tin/1.html", f"{base}/tin-tuc.html"
    for url, body in ((article, ARTICLE), (listing, LISTING)):
        request = Request(url)
        response = html(url, body)
        response.request = request
        fetch(crawler, request, response)
        list(spider.parse(response))
    session = session_of(crawler)
    assert session.is_fresh_leaf(article)
    assert not session.is_fresh_leaf(listing)
    incremental = IncrementalMiddleware.from_crawler(crawler)
    with pytest.raises(IgnoreRequest, match="archived recently"):
        incremental.process_request(Request(article))
    assert incremental.process_request(Request(listing)) is None


def test_robots_crawl_delay_spaces_the_requests_to_that_host(crawler):
    from scrapy.robotstxt import ProtegoRobotParser

    delays = CrawlDelayMiddleware.from_crawler(crawler)
    robots = ProtegoRobotParser(b"User-agent: *\nCrawl-delay: 7\n", crawler.spider)
    home = crawler.spider.site.start_urls[0]
    crawler.signals.send_catch_log(signals.robots_parsed, robotparser=robots,
                                   request=Request(home + "robots.txt"))
    assert delays.delays == {urlsplit(home).netloc: 7.0}
    asyncio.run(delays.process_request(Request(home)))  # the first request does not wait
    first = delays.next_start[urlsplit(home).netloc]
    assert asyncio.run(_wait_started(delays, Request(home + "tin-tuc.html"))) is False
    assert delays.next_start[urlsplit(home).netloc] == first + 7.0
    assert asyncio.run(_wait_started(delays, Request("http://other.example/"))) is True


async def _wait_started(delays: CrawlDelayMiddleware, request: Request) -> bool:
    """True if the request went on at once, False if it was made to wait."""
    task = asyncio.ensure_future(delays.process_request(request))
    await asyncio.sleep(0)
    done = task.done()
    task.cancel()
    return done
