"""Drop a response whose body decodes past DOWNLOAD_MAXSIZE before anything inflates it.

The capture (at `response_downloaded`, before any middleware) has already archived
it as sent, flagged it and recorded the error; without this middleware Scrapy's
HttpCompressionMiddleware (590) would inflate it up to the limit only to give up.
"""

from __future__ import annotations

from scrapy import Spider
from scrapy.http import Request, Response

from crawler.failures import Skipped


class OversizeMiddleware:
    """Stops responses the capture flagged as decoding past DOWNLOAD_MAXSIZE."""

    def process_response(self, request: Request, response: Response,
                         spider: Spider | None = None) -> Response:
        recorded = request.meta.get("bdt_capture")
        if recorded is not None and recorded.too_large:
            raise Skipped(f"decoded body larger than DOWNLOAD_MAXSIZE: {request.url}")
        return response
