"""Downloader middlewares: safety (scope, private networks) and incremental re-fetching.

Both sit before Scrapy's RobotsTxtMiddleware, so nothing unsafe is fetched, not
even a robots.txt, and nothing recently archived is asked for again.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request

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

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.recorded: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SafetyMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        site = self.crawler.spider.site
        url = request.url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            self._refuse("scheme", f"scheme {parts.scheme!r} is not fetched: {url}")
        in_scope = site.in_scope(url) or (
            is_discovery_file(url) and site.in_scope(f"{parts.scheme}://{parts.netloc}"
                                                     f"{site.path_prefix or '/'}"))
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
        archive = getattr(self.crawler, "bdt_archive", None)
        if archive is not None and key not in self.recorded:
            self.recorded.add(key)
            archive.record_error(url, message)

    def _refuse(self, reason: str, message: str, level: int = logging.DEBUG) -> None:
        self.stats.inc_value(f"bdt/safety/{reason}")
        logger.log(level, message)
        raise IgnoreRequest(message)


class IncrementalMiddleware:
    """Asks conditionally for what was archived before; a safety net for skipped leaves.

    Any URL with an earlier capture gets `If-None-Match`/`If-Modified-Since`, so an
    unchanged page costs a 304.  The spider does not even schedule leaves (documents,
    files, dead links) archived within the re-check interval; this middleware also
    drops the ones that arrive another way (a redirect to one, say).
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        archive = getattr(self.crawler, "bdt_archive", None)
        if archive is None or archive.catalog is None:
            return None
        if urlsplit(request.url).path == "/robots.txt":
            return None
        catalog = archive.catalog
        already_checked = request.meta.get("bdt_checked_url") == request.url
        if not already_checked and self.crawler.spider.archived_recently(request.url):
            self.stats.inc_value("bdt/incremental/skipped_recent")
            raise IgnoreRequest(f"archived recently: {request.url}")
        previous = catalog.last_capture(request.url, original_only=True)
        if previous is None:
            return None
        added = False
        if previous.etag and b"If-None-Match" not in request.headers:
            request.headers[b"If-None-Match"] = previous.etag.encode("latin-1")
            added = True
        if previous.last_modified and b"If-Modified-Since" not in request.headers:
            request.headers[b"If-Modified-Since"] = previous.last_modified.encode("latin-1")
            added = True
        if added:
            statuses = list(request.meta.get("handle_httpstatus_list", []))
            request.meta["handle_httpstatus_list"] = sorted({*statuses, 304})
            self.stats.inc_value("bdt/incremental/conditional")
        return None
