"""What a failed or skipped request leaves behind: one error row in the run, or nothing.

Every component that records a failure goes through `record_failure`, so the way
errors reach the catalog is in one place.  `Skipped` marks requests left out on
purpose (out of scope, robots.txt, archived recently): those are not failures.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.capture import session_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

GONE = (404, 410)  # archived like any answer; the page is gone, nothing failed


class Skipped(IgnoreRequest):
    """A request left out on purpose; the spider's errback records nothing for it."""


def record_failure(crawler: Crawler, url: str | None, message: str) -> None:
    """Add an error row to the crawl's run (shown by `bdt status`)."""
    archive = session_of(crawler)
    if archive is not None:
        archive.record_error(url, message)


def end_run(crawler: Crawler, reason: str, message: str) -> None:
    """Stop the crawl of this site now; the run ends `failed` with `message` (what is
    already on its way is still archived)."""
    archive = session_of(crawler)
    if archive is not None:
        archive.fail(message)
    logger.error("%s; stopping the crawl", message)
    if crawler.engine is not None and crawler.spider is not None:
        crawler.engine.close_spider(crawler.spider, reason)


def failure_message(failure: Failure) -> str | None:
    """The error row a failed request leaves, or None when there is nothing to record."""
    request = getattr(failure, "request", None)
    meta = request.meta if request is not None else {}
    retries = int(meta.get("retry_times", 0) or 0)
    tried = f" (after {retries} retries)" if retries else ""
    redirected = meta.get("redirect_urls") or []
    origin = f" (redirected from {redirected[0]})" if redirected else ""
    if failure.check(Skipped):
        return None
    if failure.check(HttpError):
        status = failure.value.response.status
        return None if status in GONE else f"HTTP {status}: final answer{tried}{origin}"
    capture = meta.get("bdt_capture")
    if failure.check(IgnoreRequest) and capture is not None and capture.too_large:
        return None  # recorded when it was archived
    return f"{failure.type.__name__}: {failure.getErrorMessage()}{tried}{origin}"
