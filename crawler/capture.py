"""ArchiveExtension: connects a crawl to the archive through a `CrawlSession`.

It listens to `response_downloaded`, which fires before any downloader middleware
sees the response: the body is still content-encoded, exactly as it came off the
wire.  Everything it does is delegated to `archive.crawl_session.CrawlSession`; the
spider and the middlewares reach the same session with `session_of(crawler)`.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from scrapy import Spider, signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from archive import __version__
from archive.crawl_session import CrawlSession, SessionOptions, new_run_id
from archive.layout import ArchiveLayout
from archive.warc.exchange import HttpExchange

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def _headers(headers: Any) -> list[tuple[str, str]]:
    """Scrapy Headers -> [(name, value)] as latin-1 text, repeated headers kept."""
    pairs = []
    for name in headers:
        for value in headers.getlist(name):
            pairs.append((name.decode("latin-1"), value.decode("latin-1")))
    return pairs


def exchange_from(request: Request, response: Response,
                  decode_limit: int | None = None) -> HttpExchange:
    """Build the wire-level exchange from what Scrapy saw at `response_downloaded`.

    `decode_limit` (DOWNLOAD_MAXSIZE): a body decoding past it is archived as sent
    but flagged, and not parsed."""
    latency = float(request.meta.get("download_latency") or 0.0)
    flags = set(response.flags)
    truncated = "disconnect" if "dataloss" in flags else ("length" if "partial" in flags else None)
    return HttpExchange(
        url=request.url,
        status=response.status,
        response_headers=_headers(response.headers),
        body=response.body,
        request_headers=_headers(request.headers),
        fetched_at=datetime.now(UTC) - timedelta(seconds=latency),
        method=request.method,
        protocol="h2" if response.protocol == "h2" else "HTTP/1.1",
        request_body=request.body or b"",
        ip_address=str(response.ip_address) if response.ip_address else None,
        truncated=truncated,
        fetch_ms=int(latency * 1000),
        via=request.meta.get("bdt_via"),
        hops=request.meta.get("bdt_hops"),
        decode_limit=request.meta.get("download_maxsize", decode_limit) or None,
    )


class ArchiveExtension:
    """Opens and closes the crawl session of one spider run and feeds it the exchanges."""

    def __init__(self, crawler: Crawler, session: CrawlSession):
        self.crawler = crawler
        self.session = session

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveExtension:
        settings = crawler.settings
        archive_dir = settings.get("BDT_ARCHIVE_DIR")
        if not archive_dir:
            raise NotConfigured("BDT_ARCHIVE_DIR is not set")
        site = crawler.spider.site  # the spider exists before the extensions
        run_id = settings.get("BDT_RUN_ID") or new_run_id()
        options = SessionOptions(
            run_id=run_id,
            trigger=settings.get("BDT_TRIGGER", "manual"),
            jobdir=settings.get("JOBDIR"),
            recheck_days=site.recheck_days if settings.get("BDT_RECHECK_DAYS") is None
            else settings.getint("BDT_RECHECK_DAYS"),
            warc_max_size=settings.getint("BDT_WARC_MAX_SIZE"),
            node=settings.get("BDT_NODE") or None,
            decode_limit=settings.getint("DOWNLOAD_MAXSIZE") or None,
            warcinfo={
                "software": f"bandantoc-archive/{__version__}",
                "operator": settings.get("BDT_OPERATOR"),
                "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
                "http-header-user-agent": settings.get("USER_AGENT"),
                "isPartOf": f"bandantoc-{site.id}",
                "description": f"crawl run {run_id} of site {site.id} ({site.name})",
            },
        )
        layout = ArchiveLayout.at(archive_dir).ensure()
        extension = cls(crawler, CrawlSession(layout, site.id, options))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.response_downloaded,
                                signal=signals.response_downloaded)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        if not self.session.open():
            self.crawler.stats.set_value("bdt/skipped", 1)  # the spider schedules nothing

    def spider_closed(self, spider: Spider, reason: str) -> None:
        requests = int(self.crawler.stats.get_value("downloader/request_count", 0) or 0)
        status = self.session.close(reason, requests=requests)
        if status in ("finished", "failed") and self.crawler.settings.getbool(
                "BDT_EXTRACT_AT_CLOSE"):  # a Scrapyd node: extraction runs where the WARC is
            self.session.extract(spider.registry)

    def response_downloaded(self, response: Response, request: Request,
                            spider: Spider) -> None:
        if "cached" in response.flags or not self.session.active:
            return
        recorded = self.session.record_exchange(exchange_from(
            request, response, self.crawler.settings.getint("DOWNLOAD_MAXSIZE")))
        if recorded is None:  # the archive cannot be written: stop, keep what is archived
            self.crawler.engine.close_spider(spider, "archive_write_error")
            return
        request.meta["bdt_capture"] = recorded
        self.crawler.stats.inc_value(f"bdt/records/{recorded.record_type}")
        if recorded.too_large:  # a compression bomb, say: kept as sent, never parsed
            self.crawler.stats.inc_value("bdt/records/too_large")
            limit = self.crawler.settings.getint("DOWNLOAD_MAXSIZE")
            self.session.record_error(request.url, "decoded body larger than DOWNLOAD_MAXSIZE "
                                      f"({limit} bytes): archived as sent "
                                      f"({len(response.body)} bytes), not parsed")


def session_of(crawler: Crawler) -> CrawlSession | None:
    """The crawl's archive session, or None when the crawl archives nothing."""
    extension = crawler.get_extension(ArchiveExtension)
    return extension.session if extension is not None else None
