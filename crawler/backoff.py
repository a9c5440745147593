"""Back off when a site asks: `Retry-After` honoured (up to a cap), 429 slows the whole site.

Sits just above RetryMiddleware (550), so it sees a 429/503 before the retry is
scheduled: it raises the site's download-slot delay, and the retry (and every other
request to the site) waits.  A `Retry-After` longer than BDT_RETRY_AFTER_MAX ends
the site's run with a clear error instead of waiting for hours.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from scrapy import Spider
from scrapy.http import Request, Response

from crawler.failures import Skipped, end_run, record_failure

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

BACKOFF_STATUSES = (429, 503)


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a Retry-After value (delay-seconds or an HTTP date); None if
    absent or unreadable.  A date in the past means 0."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    """Waits as long as a 429/503 asks (up to a cap) and slows a site down after a 429."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_wait = crawler.settings.getfloat("BDT_RETRY_AFTER_MAX")
        self.min_delay_429 = crawler.settings.getfloat("BDT_429_MIN_DELAY")
        self.held: dict[str, float] = {}  # slot key -> its delay before a Retry-After

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response,
                         spider: Spider | None = None) -> Response:
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if response.status not in BACKOFF_STATUSES:
            if slot is not None and key in self.held:  # answered again: back to the pace
                slot.delay = min(slot.delay, max(self.held.pop(key), self._min_delay()))
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is not None and wait > self.max_wait:
            self.stats.inc_value("bdt/backoff/retry_after_too_long")
            message = (f"HTTP {response.status} with Retry-After {wait:.0f} s, longer than "
                       f"BDT_RETRY_AFTER_MAX ({self.max_wait:.0f} s): crawl this site again "
                       "later")
            record_failure(self.crawler, request.url, message)
            end_run(self.crawler, "retry_after_too_long", message)
            raise Skipped(message)
        if slot is None:
            return response
        if response.status == 429:  # too many requests: slower for the rest of the run
            slowed = max(2 * slot.delay, self.min_delay_429)
            self._slow_site(slowed)
            slot.delay = max(slot.delay, slowed)
            self.stats.inc_value("bdt/backoff/429")
            logger.warning("%s answered 429: at least %.1f s between its requests from now",
                           key, slot.delay)
        if wait:
            self.held.setdefault(key, slot.delay)
            slot.delay = max(slot.delay, wait)
            self.stats.inc_value("bdt/backoff/retry_after")
            logger.info("%s asks to retry after %.0f s: waiting", key, wait)
        return response

    def _min_delay(self) -> float:
        return float(getattr(self.crawler.spider, "download_delay", 0.0) or 0.0)

    def _slow_site(self, delay: float) -> None:
        """Make `delay` the site's floor: the spider's delay and AutoThrottle's minimum."""
        spider = self.crawler.spider
        if spider is not None:
            spider.download_delay = max(self._min_delay(), delay)
        for extension in self.crawler.extensions.middlewares:
            if hasattr(extension, "mindelay"):  # AutoThrottle must not undercut it
                extension.mindelay = max(extension.mindelay, delay)
