"""The one generic spider: crawls a registered site within its scope.

Discovery: robots.txt sitemaps, /sitemap.xml, RSS/Atom feeds, listing pages and
in-scope links, attachments (PDF, Office files).  Trap resistance is generic
(archive.urls.TrapGuard).  Capturing to WARC happens in crawler.capture, not here:
this spider only decides what to fetch next.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, UsageError
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.responsetypes import responsetypes
from twisted.python.failure import Failure

from archive import discovery
from archive.crawl_session import CrawlSession
from archive.pagekind import looks_like_article
from archive.registry import RegistryError, Site, load_registry
from archive.requisites import css_requisites, is_stylesheet, page_requisites
from archive.urls import (
    TrapGuard,
    canonicalize,
    extension,
    has_noise,
    is_attachment,
    is_skipped_media,
    looks_endless,
    looks_like_calendar,
    request_url,
    url_pattern,
)
from crawler.capture import session_of
from crawler.failures import failure_message, record_failure

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)
OVER_BUDGET_KEPT = 50_000  # links kept per URL shape while its budget is spent
IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".gif", ".bmp", ".svg", ".webp", ".ico"})


class SiteSpider(scrapy.Spider):
    """Crawl one registry site: `scrapy crawl site -a site_id=thainguyen`."""

    name = "site"

    def __init__(self, site: Site, **kwargs: Any):
        super().__init__(**kwargs)
        self.site = site
        self.traps = TrapGuard()
        self.seen: set[str] = set()  # canonical keys of the URLs requested or skipped
        # links carrying session/navigation/view parameters, by canonical key: requested
        # when the crawl is idle unless a cleaner link to the same page was followed
        self.deferred: dict[str, Request] = {}
        # links refused by a spent shape budget, by shape: followed as articles of that
        # shape give their share back (see TrapGuard.refund)
        self.over_budget: dict[str, list[tuple[str, str, str, str | None, int]]] = {}
        self.is_recrawl = False  # set in start(): the site has been captured before
        self.capture_images = True  # photos are part of the articles we archive
        self.requisite_budget = 0  # page requisites still allowed this run (set in from_crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, site_id: str | None = None,
                     registry: str | None = None, **kwargs: Any) -> SiteSpider:
        if not site_id:
            raise UsageError("give the site to crawl: -a site_id=<id>")
        settings = crawler.settings
        try:
            sites = load_registry(registry or settings.get("BDT_REGISTRY"))
        except RegistryError as error:
            raise UsageError(str(error)) from error
        if site_id not in sites:
            raise UsageError(f"no site {site_id!r} in registry {sites.path}")
        site = sites[site_id]
        spider = super().from_crawler(crawler, *args, site=site, **kwargs)
        spider.registry = sites  # the extraction at close (BDT_EXTRACT_AT_CLOSE) needs it
        cls._apply_site_settings(crawler, site)
        spider.traps = TrapGuard(calendar_budget=settings.getint("BDT_CALENDAR_BUDGET"),
                                 pattern_budget=settings.getint("BDT_PATTERN_BUDGET"))
        spider.capture_images = settings.getbool("BDT_CAPTURE_IMAGES")
        spider.requisite_budget = (settings.getint("BDT_REQUISITE_BUDGET")
                                   if site.requisites else 0)
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(spider.request_deferred, signal=signals.spider_idle)
        return spider

    @staticmethod
    def _apply_site_settings(crawler: Crawler, site: Site) -> None:
        """Registry politeness and caps, below command-line `-s` settings in priority."""
        settings = crawler.settings
        if site.download_delay is not None:
            settings.set("DOWNLOAD_DELAY", site.download_delay, priority="spider")
            settings.set("AUTOTHROTTLE_START_DELAY", site.download_delay, priority="spider")
        if site.autothrottle_max_delay is not None:
            settings.set("AUTOTHROTTLE_MAX_DELAY", site.autothrottle_max_delay,
                         priority="spider")
        if site.max_depth is not None:
            settings.set("DEPTH_LIMIT", site.max_depth, priority="spider")
        max_pages = settings.get("BDT_MAX_PAGES") or site.max_pages
        if max_pages:
            settings.set("CLOSESPIDER_PAGECOUNT", int(max_pages), priority="spider")

    # -- start ---------------------------------------------------------------------
    @property
    def archive(self) -> CrawlSession | None:
        """The crawl's archive session (None when the crawl archives nothing)."""
        return session_of(self.crawler)

    async def start(self) -> AsyncIterator[Request]:
        archive = self.archive
        if archive is not None and not archive.active:
            return  # the site is being crawled by someone else: do nothing
        self.is_recrawl = archive is not None and archive.is_recrawl
        state = getattr(self, "state", None)  # persisted in JOBDIR by Scrapy's SpiderState
        if state is not None:
            self.traps.restore(state.get("trap_budgets", {}))
            state["trap_budgets"] = self.traps.seen_per_pattern  # kept live, pickled at close
        for url in self.site.start_urls:
            if request := self.follow(url, kind="page", hops="", via=None):
                yield request
        root = self.site.start_urls[0]
        parts = urlsplit(root)
        prefix = self.site.path_prefix.rstrip("/")
        sitemap = f"{parts.scheme}://{parts.netloc}{prefix}/sitemap.xml"
        if request := self.follow(sitemap, kind="sitemap", hops="", via=None,
                                  expect_missing=True):
            yield request
        if archive is not None:
            # Articles archived before: re-checked when due (IncrementalMiddleware decides),
            # so a page that vanished from every listing is still seen to be gone.
            for url in archive.due_leaf_urls():
                if request := self.follow(url, kind="page", hops="R", via=None,
                                          expect_missing=True, known=True):
                    yield request

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        """Queue the sitemaps a robots.txt lists (its Crawl-delay: CrawlDelayMiddleware)."""
        rules = getattr(robotparser, "rp", None)
        if rules is None:
            return
        engine = self.crawler.engine
        for url in list(rules.sitemaps):
            if follow := self.follow(url, kind="sitemap", hops="P", via=request.url):
                engine.crawl(follow)

    # -- following -------------------------------------------------------------------
    def follow(self, url: str, *, kind: str, hops: str, via: str | None,
               expect_missing: bool = False, known: bool = False, listed: bool = False,
               depth: int = 0) -> Request | None:
        """A request for `url` if it is in scope, new and not a trap; else None.

        `known` URLs (articles archived before) skip the trap budgets: they are not traps;
        `listed` ones (a sitemap's pages) skip the per-shape safety net (`TrapGuard`).
        The request is for the URL as linked; its canonical key de-duplicates.  A link
        with noise (`?redirect=<this page>`, `;jsessionid=`) waits: if a cleaner link to
        the same page turns up, that one is fetched instead (see `request_deferred`).
        """
        if not url.lower().startswith(("http://", "https://")):
            return None
        try:  # fetched as linked; the canonical form is only the de-duplication key
            url = request_url(url)
            key = canonicalize(url)
        except ValueError:
            return None
        noisy = not known and has_noise(url)
        if key in self.seen or (noisy and key in self.deferred):
            return None
        if kind != "image" and is_skipped_media(url):
            return None
        if kind == "image" and not self.capture_images:
            return None
        if not self.site.in_scope(url) and kind != "sitemap":
            self.crawler.stats.inc_value("bdt/links/out_of_scope")
            return None
        if not known and self.archived_recently(url):  # before the budgets: costs nothing
            self.seen.add(key)
            self.crawler.stats.inc_value("bdt/incremental/skipped_recent")
            return None
        if not known and (reason := self.traps.reason_to_skip(url, listed=listed)
                          or self._new_calendar_page(url)):
            self.crawler.stats.inc_value("bdt/links/trap")
            logger.debug("not following %s: %s", url, reason)
            if reason.startswith("budget of") and not looks_endless(url):
                waiting = self.over_budget.setdefault(url_pattern(url), [])
                if len(waiting) < OVER_BUDGET_KEPT:
                    waiting.append((url, kind, hops, via, depth))
            return None
        # The leaf check above was done for this very URL; a redirect changes the URL,
        # and IncrementalMiddleware checks it again then.
        meta = {"bdt_hops": hops, "bdt_via": via, "bdt_checked_url": url,
                "bdt_budgeted": not known and not listed}  # counted in its shape's budget
        if expect_missing:
            meta["handle_httpstatus_list"] = [404, 410]
        request = Request(url, callback=self.parse, errback=self.failed, meta=meta,
                          priority=1 if kind in ("sitemap", "feed") else 0)
        if noisy:
            request.meta["depth"] = depth  # requested later, past DepthMiddleware
            self.deferred[key] = request
            return None
        self.seen.add(key)
        self.deferred.pop(key, None)
        return request

    def request_deferred(self) -> None:
        """On `spider_idle`: request the noisy links no clean link replaced."""
        max_depth = self.settings.getint("DEPTH_LIMIT")
        waiting = [(key, request) for key, request in self.deferred.items()
                   if key not in self.seen
                   and not (max_depth and request.meta["depth"] > max_depth)]
        self.deferred.clear()
        for key, request in waiting:
            self.seen.add(key)
            self.crawler.engine.crawl(request)
        if waiting:
            self.crawler.stats.inc_value("bdt/links/deferred_requested", len(waiting))
            raise DontCloseSpider

    def follow_requisite(self, url: str, *, hops: str, via: str) -> Request | None:
        """A request for something a page needs to render (any path or host of the web).

        Requisites have their own budget per run, are re-checked like attachments
        (not every run), and only stylesheets are read, for what they load in turn.
        """
        # Fetched as the page names it: replay looks up that very URL, and servers such as
        # Liferay's /combo read their query string in order.  Canonical form only for `seen`.
        try:
            url = request_url(url)  # what a browser sends: fragment dropped, unsafe escaped
            key = canonicalize(url)
        except ValueError:
            return None
        if key in self.seen or self.requisite_budget <= 0:
            return None
        if not self.capture_images and extension(url) in IMAGE_EXTENSIONS:
            return None  # BDT_CAPTURE_IMAGES off: no images, as requisites either
        self.seen.add(key)
        if self.archived_recently(url):
            self.crawler.stats.inc_value("bdt/incremental/skipped_recent")
            return None
        self.requisite_budget -= 1
        if self.requisite_budget == 0:
            logger.info("requisite budget of %s used up; no more this run", self.site.id)
        self.crawler.stats.inc_value("bdt/requisites/requested")
        meta = {"bdt_hops": hops, "bdt_via": via, "bdt_checked_url": url,
                "bdt_requisite": True, "handle_httpstatus_list": [404, 410]}
        return Request(url, callback=self.parse, errback=self.failed, meta=meta, priority=-1)

    def _requisites(self, response: Response, hops: str,
                    tree: Any = None) -> Iterator[Request]:
        if self.requisite_budget <= 0:
            return
        if response.meta.get("bdt_requisite"):
            content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
            if not is_stylesheet(content_type, response.url) or not isinstance(
                    response, TextResponse):
                return
            urls = css_requisites(response.text, response.url)
        else:
            urls = page_requisites(tree if tree is not None else response.body, response.url)
        for url in urls:
            if request := self.follow_requisite(url, hops=hops + "E", via=response.url):
                yield request

    def archived_recently(self, url: str) -> bool:
        """An article, file or dead link captured within the re-check interval."""
        archive = self.archive
        return archive is not None and archive.is_fresh_leaf(url)

    def _new_calendar_page(self, url: str) -> str | None:
        """Later crawls re-check the calendar pages sampled before, but add none.

        Calendars are endless and their days drift with the date; what they list is
        reachable from the listings.  Without this, every run would fetch a new batch.
        """
        if not self.is_recrawl or not looks_like_calendar(url):
            return None
        archive = self.archive
        if archive is None or archive.was_captured(url):
            return None
        return "new calendar page on a later crawl"

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Request]:
        if response.status == 304:
            response = self._previous_response(response)
            if response is None:
                return
        if response.status >= 400:
            return
        recorded = response.meta.get("bdt_capture")
        if recorded is not None and recorded.too_large:
            return  # decodes past DOWNLOAD_MAXSIZE: archived as sent, never parsed
        hops = response.meta.get("bdt_hops", "")
        if response.meta.get("bdt_requisite"):  # an embed: never a source of links
            yield from self._requisites(response, hops)
            return
        depth = response.meta.get("depth", 0) + 1  # of the links found here
        body = response.body
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        if isinstance(response, HtmlResponse) or "html" in content_type.lower():
            # decoded and parsed once, for links, requisites and the page kind
            tree = discovery.page_tree(body, [("Content-Type", content_type)])
            if tree is None:
                return
            for link in discovery.html_links(tree, response.url):
                link_hop = "E" if link.kind == "image" or is_attachment(link.url) else "L"
                request = self.follow(link.url, kind=link.kind, hops=hops + link_hop,
                                      via=response.url, depth=depth)
                if request:
                    yield request
            yield from self._requisites(response, hops, tree)
            archive = self.archive
            if looks_like_article(tree):
                if response.meta.get("bdt_budgeted"):
                    yield from self._refund(response.meta["bdt_checked_url"])
                if archive is not None:
                    archive.mark_leaf(response.url)
            return
        is_xml = "xml" in content_type.lower() or body[:5] == b"<?xml"
        if is_xml or isinstance(response, TextResponse):
            kind = discovery.xml_kind(body)
            links = (discovery.sitemap_links(body, response.url) if kind == "sitemap"
                     else discovery.feed_links(body, response.url) if kind == "feed" else [])
            for link in links:  # a sitemap's pages are listed by the site itself
                if request := self.follow(link.url, kind=link.kind, hops=hops + "X",
                                          via=response.url, depth=depth,
                                          listed=kind == "sitemap" and link.kind == "page"):
                    yield request

    def _refund(self, url: str) -> Iterator[Request]:
        """`url` was an article: its shape's budget gets the request back, and a link that
        budget refused earlier is followed with it."""
        self.traps.refund(url)
        waiting = self.over_budget.get(url_pattern(url))
        while waiting:
            link, kind, hops, via, depth = waiting.pop()
            if request := self.follow(link, kind=kind, hops=hops, via=via, depth=depth):
                yield request
                return

    def _previous_response(self, response: Response) -> Response | None:
        """On a 304, re-read the page from its earlier WARC record to follow its links."""
        archive = self.archive
        page = archive.previous_page(response.meta.get("bdt_capture")) if archive else None
        if page is None:
            return None
        headers = {"Content-Type": page.content_type} if page.content_type else {}
        cls = responsetypes.from_args(headers=headers, url=response.url, body=page.body)
        return cls(url=response.url, status=200, headers=headers, body=page.body,
                   request=response.request)

    def failed(self, failure: Failure) -> None:
        """Every failed fetch leaves an error row (`crawler.failures` says which)."""
        request = getattr(failure, "request", None)
        url = request.url if request is not None else None
        message = failure_message(failure)
        if message is None:
            return
        logger.warning("download failed %s: %s", url, message)
        record_failure(self.crawler, url, message)
