"""ArchiveExtension: connects a crawl to the archive (lease, WARC capture, catalog run).

It listens to `response_downloaded`, which fires before any downloader middleware
sees the response: the body is still content-encoded, exactly as it came off the
wire.  Everything it does is delegated to plain-Python parts in `archive/`.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from scrapy import Spider, signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from archive import __version__
from archive.catalog import Catalog, new_run_id
from archive.layout import ArchiveLayout
from archive.lease import SiteBusy, SiteLease
from archive.recorder import CaptureRecorder, mend_site
from archive.warc.exchange import HttpExchange

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# Scrapy close reasons that mean "the crawl did its job".
FINISHED_REASONS = ("finished", "closespider_pagecount", "closespider_itemcount",
                    "closespider_timeout")


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
    """Holds the site lease and the WARC recorder for one spider run."""

    def __init__(self, crawler: Crawler, layout: ArchiveLayout):
        self.crawler = crawler
        self.layout = layout
        self.settings = crawler.settings
        self.catalog: Catalog | None = None
        self.lease: SiteLease | None = None
        self.recorder: CaptureRecorder | None = None
        self.run_id: str = self.settings.get("BDT_RUN_ID") or new_run_id()
        self.active = False
        self.active_capture = True  # off after a write failure: nothing more is recorded
        self.failure: str | None = None
        crawler.bdt_archive = self  # the spider reaches its archive through the crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveExtension:
        archive_dir = crawler.settings.get("BDT_ARCHIVE_DIR")
        if not archive_dir:
            raise NotConfigured("BDT_ARCHIVE_DIR is not set")
        extension = cls(crawler, ArchiveLayout.at(archive_dir).ensure())
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.response_downloaded,
                                signal=signals.response_downloaded)
        return extension

    # -- lifecycle -------------------------------------------------------------
    def spider_opened(self, spider: Spider) -> None:
        site_id = spider.site.id
        self.catalog = Catalog(self.layout.catalog_path)
        self.lease = SiteLease(self.catalog, self.layout.lock_path(site_id), site_id, self.run_id)
        trigger = self.settings.get("BDT_TRIGGER", "manual")
        try:
            self.lease.acquire()
        except SiteBusy as busy:
            self.catalog.record_skipped_run(site_id, trigger, str(busy))
            logger.warning("skipped: %s", busy)
            self.crawler.stats.set_value("bdt/skipped", 1)
            return  # the spider sees `active` False and schedules nothing
        for stale in self.catalog.mark_abandoned_runs(site_id, keep=self.run_id):
            logger.warning("run %s of site %s had died without a clean stop", stale, site_id)
        for note in mend_site(self.layout, self.catalog, site_id):
            self.catalog.record_error(None, site_id, None, note)
        jobdir = self.settings.get("JOBDIR")
        self.catalog.start_run(site_id, run_id=self.run_id, trigger=trigger, pid=os.getpid(),
                               jobdir=jobdir)
        self.recorder = CaptureRecorder(
            self.layout, self.catalog, site_id, self.run_id,
            max_size=self.settings.getint("BDT_WARC_MAX_SIZE"),
            warcinfo_fields={
                "software": f"bandantoc-archive/{__version__}",
                "operator": self.settings.get("BDT_OPERATOR"),
                "robots": "obey" if self.settings.getbool("ROBOTSTXT_OBEY") else "ignore",
                "http-header-user-agent": self.settings.get("USER_AGENT"),
                "isPartOf": f"bandantoc-{site_id}",
                "description": f"crawl run {self.run_id} of site {site_id} ({spider.site.name})",
            },
        )
        self.active = True
        logger.info("run %s of site %s started; WARCs in %s", self.run_id, site_id,
                    self.recorder.warc_dir)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if not self.active or self.catalog is None or self.recorder is None:
            return
        self.active = False
        try:
            files = self.recorder.close()
        except OSError as error:  # the disk is full: the next start mends the .open file
            logger.error("could not close the WARC file cleanly: %s", error)
            files = []
        try:
            self._finish_run(spider, reason, len(files))
        finally:
            if self.lease is not None:
                self.lease.release()

    def _finish_run(self, spider: Spider, reason: str, file_count: int) -> None:
        assert self.catalog is not None
        stats = self.crawler.stats
        self.catalog.add_run_counts(
            self.run_id, requests=int(stats.get_value("downloader/request_count", 0) or 0))
        run = self.catalog.run(self.run_id) or {}
        message = self.failure
        if reason == "shutdown":
            status = "interrupted"
        elif reason not in FINISHED_REASONS:
            status = "failed"
        elif not run.get("captures") and run.get("errors"):
            status = "failed"  # nothing answered: the site is unreachable
            first = self.catalog.errors(self.run_id)[0]
            message = f"site unreachable: {first['message']} ({first['url']})"
            logger.error("site %s: %s", spider.site.id, message)
        else:
            status = "finished"
        self.catalog.finish_run(self.run_id, status, close_reason=reason, message=message)
        logger.info("run %s of site %s %s (%s); %d WARC file(s) written", self.run_id,
                    spider.site.id, status, reason, file_count)

    # -- capture ---------------------------------------------------------------
    def response_downloaded(self, response: Response, request: Request,
                            spider: Spider) -> None:
        if not (self.active and self.active_capture) or self.recorder is None \
                or "cached" in response.flags:
            return
        try:
            recorded = self.recorder.record(exchange_from(
                request, response, self.settings.getint("DOWNLOAD_MAXSIZE")))
        except (OSError, sqlite3.Error) as error:
            # Disk full, unwritable archive, broken catalog: stop at once and keep what is
            # archived; the next start mends the WARC and drops rows past its end.
            self.failure = f"cannot archive {request.url}: {error}"
            logger.error("%s; stopping the crawl", self.failure)
            self.crawler.engine.close_spider(spider, "archive_write_error")
            self.active_capture = False
            return
        request.meta["bdt_capture"] = recorded
        self.crawler.stats.inc_value(f"bdt/records/{recorded.record_type}")
        if recorded.too_large:  # a compression bomb, say: kept as sent, never parsed
            self.crawler.stats.inc_value("bdt/records/too_large")
            self.record_error(request.url, "decoded body larger than DOWNLOAD_MAXSIZE "
                              f"({self.settings.getint('DOWNLOAD_MAXSIZE')} bytes): archived "
                              f"as sent ({len(response.body)} bytes), not parsed")

    def record_error(self, url: str | None, message: str) -> None:
        if self.catalog is not None and self.active:
            self.catalog.record_error(self.run_id, self.crawler.spider.site.id, url, message)
