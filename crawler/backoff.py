"""Back off when a site asks: `Retry-After` honoured (up to a cap), 429 slows the whole site.

Sits just above RetryMiddleware (550), so it sees a 429/503 before the retry is
scheduled: it raises the site's download-slot delay, and the retry (and every other
request to the site) waits.  A `Retry-After` longer than BDT_RETRY_AFTER_MAX ends
the site's run with a clear error instead of waiting for hours.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from scrapy import Spider
from scrapy.http import Request, Response

from crawler.failures import Skipped, end_run, record_failure

if TYPE_CHECKING:
    from scrapy.core.downloader import Slot
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
        self.max_delay_429 = max(self.min_delay_429,
                                 crawler.settings.getfloat("AUTOTHROTTLE_MAX_DELAY"))
        # slot key -> (its delay before a Retry-After, when the wait is over)
        self.held: dict[str, tuple[float, float]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response,
                         spider: Spider | None = None) -> Response:
        if response.status not in BACKOFF_STATUSES:
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
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is None:
            return response
        if response.status == 429:  # too many requests: slower for the rest of the run
            slowed = min(max(2 * slot.delay, self.min_delay_429), self.max_delay_429)
            self._slow_site(slowed)
            slot.delay = max(slot.delay, slowed)
            self.stats.inc_value("bdt/backoff/429")
            logger.warning("%s answered 429: at least %.1f s between its requests from now",
                           key, slot.delay)
        if wait:
            self._hold(key, slot, wait)
        return response

    def _hold(self, key: str, slot: Slot, wait: float) -> None:
        """No request to the slot for `wait` seconds; then back to its earlier pace."""
        from twisted.internet import reactor

        previous, until = self.held.get(key, (slot.delay, 0.0))
        self.held[key] = (previous, max(until, time.monotonic() + wait))
        slot.delay = max(slot.delay, wait)
        reactor.callLater(wait, self._release, key, slot)
        self.stats.inc_value("bdt/backoff/retry_after")
        logger.info("%s asks to retry after %.0f s: waiting", key, wait)

    def _release(self, key: str, slot: Slot) -> None:
        previous, until = self.held.get(key, (None, 0.0))
        if previous is None or time.monotonic() < until - 0.05:
            return  # released already, or a later Retry-After holds it longer
        del self.held[key]
        slot.delay = min(slot.delay, max(previous, self._min_delay()))

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
                extension.maxdelay = max(extension.maxdelay, delay)
