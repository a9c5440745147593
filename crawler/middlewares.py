"""Downloader middlewares: safety (scope, private networks), robots Crawl-delay, incremental
re-fetching.

Both sit before Scrapy's RobotsTxtMiddleware, so nothing unsafe is fetched, not
even a robots.txt, and nothing recently archived is asked for again.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import time
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import Spider, signals
from scrapy.http import Request

from archive.crawl_session import CrawlSession
from crawler.capture import session_of
from crawler.failures import Skipped

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1024)
def resolve(host: str) -> tuple[str, ...]:
    """Addresses a host name resolves to (cached for the life of the crawl)."""
    try:
        return tuple(sorted({info[4][0] for info in socket.getaddrinfo(host, None)}))
    except (socket.gaierror, UnicodeError):
        return ()


def is_private_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    return not ip.is_global or ip.is_multicast


def is_discovery_file(url: str) -> bool:
    """robots.txt and sitemaps may live at the host root, outside a sub-site's path."""
    path = urlsplit(url).path.lower()
    return path == "/robots.txt" or (path.endswith(".xml") and "sitemap" in path)


class SafetyMiddleware:
    """Drops requests out of the site's scope and, unless allowed, to private addresses."""

    def __init__(self, crawler: Crawler, archive: CrawlSession | None):
        self.crawler = crawler
        self.stats = crawler.stats
        self.archive = archive
        self.recorded: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SafetyMiddleware:
        return cls(crawler, session_of(crawler))

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        site = self.crawler.spider.site
        url = request.url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            self._refuse("scheme", f"scheme {parts.scheme!r} is not fetched: {url}")
        in_scope = site.in_scope(url) or (
            is_discovery_file(url) and site.in_scope(f"{parts.scheme}://{parts.netloc}"
                                                     f"{site.path_prefix or '/'}")) or (
            # a page's requisites (its theme, a CDN), and the robots.txt of their hosts
            site.requisites and (request.meta.get("bdt_requisite") or parts.path == "/robots.txt"))
        if not in_scope:
            self._refuse("out_of_scope", f"out of scope for site {site.id}: {url}")
        host = parts.hostname or ""
        if not site.allow_private_network:
            addresses = resolve(host)
            if not addresses:
                return None  # let the download fail with a DNS error, recorded as such
            private = [a for a in addresses if is_private_address(a)]
            if private:
                self._record_once(host, f"{host} resolves to private address {private[0]}; "
                                        f"refused (allow_private_network is off)", url)
                self._refuse("private_network",
                             f"{host} resolves to private/loopback address {private[0]}; "
                             f"set allow_private_network: true on site {site.id} to allow it",
                             level=logging.ERROR)
        return None

    def _record_once(self, key: str, message: str, url: str) -> None:
        """Put a refusal into the run's errors once per host, so `bdt status` shows it."""
        if self.archive is not None and key not in self.recorded:
            self.recorded.add(key)
            self.archive.record_error(url, message)

    def _refuse(self, reason: str, message: str, level: int = logging.DEBUG) -> None:
        self.stats.inc_value(f"bdt/safety/{reason}")
        logger.log(level, message)
        raise Skipped(message)


class IncrementalMiddleware:
    """Asks conditionally for what was archived before; a safety net for skipped leaves.

    Any URL with an earlier capture gets `If-None-Match`/`If-Modified-Since`, so an
    unchanged page costs a 304.  The spider does not even schedule leaves (documents,
    files, dead links) archived within the re-check interval; this middleware also
    drops the ones that arrive another way (a redirect to one, say).
    """

    def __init__(self, crawler: Crawler, archive: CrawlSession | None):
        self.stats = crawler.stats
        self.archive = archive

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        return cls(crawler, session_of(crawler))

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if self.archive is None or urlsplit(request.url).path == "/robots.txt":
            return None
        already_checked = request.meta.get("bdt_checked_url") == request.url
        if not already_checked and self.archive.is_fresh_leaf(request.url):
            self.stats.inc_value("bdt/incremental/skipped_recent")
            raise Skipped(f"archived recently: {request.url}")
        added = False
        for name, value in self.archive.conditional_headers(request.url).items():
            if name.encode("latin-1") not in request.headers:
                request.headers[name] = value.encode("latin-1")
                added = True
        if added:
            statuses = list(request.meta.get("handle_httpstatus_list", []))
            request.meta["handle_httpstatus_list"] = sorted({*statuses, 304})
            self.stats.inc_value("bdt/incremental/conditional")
        return None


class CrawlDelayMiddleware:
    """Spaces requests to a host by the `Crawl-delay` its robots.txt asks for.

    Scrapy's robots.txt middleware announces each parsed file with the `robots_parsed`
    signal; from then on a request to that host waits until the delay has passed since the
    previous one (start to start).  Requests wait here, before the downloader's slot, so
    nothing of Scrapy's own delay or AutoThrottle state is touched.
    """

    def __init__(self, crawler: Crawler):
        self.user_agent = crawler.settings.get("USER_AGENT")
        self.stats = crawler.stats
        self.delays: dict[str, float] = {}  # netloc -> seconds
        self.next_start: dict[str, float] = {}  # netloc -> monotonic time

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelayMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.robots_parsed, signal=signals.robots_parsed)
        return middleware

    def robots_parsed(self, robotparser: object, request: Request) -> None:
        crawl_delay = getattr(robotparser, "crawl_delay", None)
        delay = crawl_delay(self.user_agent) if callable(crawl_delay) else None
        if delay:
            netloc = urlsplit(request.url).netloc
            self.delays[netloc] = float(delay)
            self.stats.set_value("bdt/robots/crawl_delay", float(delay))
            logger.info("robots.txt asks for Crawl-delay %.1f s on %s", float(delay), netloc)

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        netloc = urlsplit(request.url).netloc
        delay = self.delays.get(netloc)
        if not delay:
            return None
        now = time.monotonic()
        start = max(now, self.next_start.get(netloc, now))
        self.next_start[netloc] = start + delay
        if start > now:
            await asyncio.sleep(start - now)
        return None
