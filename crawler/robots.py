"""robots.txt as RFC 9309 reads it: unreachable means "disallow all", not "allow all".

Scrapy's RobotsTxtMiddleware allows everything when robots.txt cannot be fetched
or answers 5xx.  RFC 9309 (2.3.1.3, 2.3.1.4) says a crawler must then assume
complete disallow; this subclass does, for the rest of the run, and records it as
an error of the run.  4xx and too many redirects still mean "no rules" (2.3.1.2).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from crawler.failures import Skipped, record_failure

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser

logger = logging.getLogger(__name__)


class DisallowAll:
    """The rules of an unreachable robots.txt: nothing may be fetched."""

    sitemaps: tuple[str, ...] = ()

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False


class StrictRobotsTxtMiddleware(RobotsTxtMiddleware):
    """RobotsTxtMiddleware that disallows all while robots.txt is unreachable."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self._robots_urls: dict[str, str] = {}

    async def robot_parser(self, request: Request) -> RobotParser | None:
        """Scrapy's, but a failed download is one log line (not a traceback)."""
        parts = urlparse_cached(request)
        netloc = parts.netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            robots_url = f"{parts.scheme}://{netloc}/robots.txt"
            self._robots_urls[netloc] = robots_url
            robots_request = Request(robots_url, priority=self.DOWNLOAD_PRIORITY,
                                     meta={"dont_obey_robotstxt": True}, callback=NO_CALLBACK)
            try:
                response = await self.crawler.engine.download_async(robots_request)
                await self._parse_robots(response, netloc, request)
            except Exception as error:  # noqa: BLE001 - any failure means "unreachable"
                self._robots_error(error, netloc)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            return await maybe_deferred_to_future(parser)
        return parser

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest as refused:  # obeying robots.txt is not a failure
            raise Skipped(str(refused)) from None

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            self._stats.inc_value("robotstxt/response_count")
            self._disallow_all(netloc, response.url,
                               f"robots.txt answered HTTP {response.status}")
            return
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):  # refused by our own rules, or a redirect loop
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        self._disallow_all(netloc, self._robots_urls.get(netloc, netloc),
                           f"robots.txt unreachable ({type(exc).__name__}: {exc})")

    def _disallow_all(self, netloc: str, url: str, why: str) -> None:
        message = f"{why}: nothing more is fetched from {netloc} this run (RFC 9309)"
        logger.error(message)
        self._stats.inc_value("bdt/robots/disallow_all")
        record_failure(self.crawler, url, message)
        waiting = self._parsers.get(netloc)
        self._parsers[netloc] = DisallowAll()  # type: ignore[assignment]
        if isinstance(waiting, Deferred):
            waiting.callback(self._parsers[netloc])
