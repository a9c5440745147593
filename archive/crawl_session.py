"""The crawler's one door into the archive: a crawl session of one site.

A Scrapy crawl gets a `CrawlSession` in `from_crawler` and asks it only these things:
is this URL a fresh leaf, which conditional headers go with it, what was the previous
payload (to follow the links of a page that answered 304), record this exchange, record
this error.  The session owns the site's lease, the WARC recorder and the capture store;
nothing here imports Scrapy, and nothing in the crawler touches SQLite or WARC records.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from archive.catalog import Capture, Catalog, new_run_id
from archive.catalog.database import catalog_errors
from archive.layout import ArchiveLayout
from archive.lease import SiteBusy, SiteLease
from archive.recorder import CaptureRecorder, RecordedCapture, mend_site
from archive.warc.exchange import HttpExchange
from archive.warc.reader import read_record
from archive.warc.writer import OPEN_SUFFIX

logger = logging.getLogger(__name__)

# Close reasons that mean "the crawl did its job" (Scrapy's names; plain strings here).
FINISHED_REASONS = ("finished", "closespider_pagecount", "closespider_itemcount",
                    "closespider_timeout")


@dataclass(frozen=True)
class SessionOptions:
    """What a session needs to know besides the site: one object, built from settings."""

    run_id: str = field(default_factory=new_run_id)
    trigger: str = "manual"
    jobdir: str | None = None
    recheck_days: int = 30
    warc_max_size: int = 1_000_000_000
    decode_limit: int | None = None  # DOWNLOAD_MAXSIZE: bodies decoding past it are not parsed
    warcinfo: dict[str, str] = field(default_factory=dict)
    node: str | None = None  # the crawl node's name (Scrapyd): on the run, captures, WARC names


@dataclass(frozen=True)
class PreviousPage:
    """The payload of an earlier capture, decoded: what a 304 stands for."""

    content_type: str | None
    body: bytes


def _utc_iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


class CrawlSession:
    """One run of one site: lease, WARC capture and run bookkeeping."""

    def __init__(self, layout: ArchiveLayout, site_id: str, options: SessionOptions):
        self.layout = layout
        self.site_id = site_id
        self.options = options
        self.run_id = options.run_id
        self.catalog: Catalog | None = None
        self.lease: SiteLease | None = None
        self.recorder: CaptureRecorder | None = None
        self.is_recrawl = False  # the site was captured by an earlier run
        self.failure: str | None = None  # why the run failed, if it did (its message)
        self.write_failed = False  # the archive could not be written: capture stopped
        self.opened = False  # the run was recorded (the lease was free)

    @property
    def active(self) -> bool:
        """True while exchanges are recorded (opened, not closed, no write failure)."""
        return self.recorder is not None and not self.write_failed

    # -- lifecycle -------------------------------------------------------------
    def open(self) -> bool:
        """Take the lease, mend what a crash left, start the run; False if the site is busy."""
        self.catalog = Catalog(self.layout.catalog)
        self.lease = SiteLease(self.catalog, self.layout.lock_path(self.site_id), self.site_id,
                               self.run_id)
        try:
            self.lease.acquire()
        except SiteBusy as busy:
            self.catalog.record_skipped_run(self.site_id, self.options.trigger, str(busy))
            logger.warning("skipped: %s", busy)
            return False
        for stale in self.catalog.mark_abandoned_runs(self.site_id, keep=self.run_id):
            logger.warning("run %s of site %s had died without a clean stop", stale, self.site_id)
        for note in mend_site(self.layout, self.catalog, self.site_id):
            self.catalog.record_error(None, self.site_id, None, note)
        self.catalog.start_run(self.site_id, run_id=self.run_id, trigger=self.options.trigger,
                               pid=os.getpid(), jobdir=self.options.jobdir,
                               node=self.options.node)
        self.is_recrawl = self.catalog.has_captures(self.site_id, before_run=self.run_id)
        self.recorder = CaptureRecorder(self.layout, self.catalog, self.site_id, self.run_id,
                                        max_size=self.options.warc_max_size,
                                        warcinfo_fields=self.options.warcinfo,
                                        node=self.options.node)
        self.opened = True
        logger.info("run %s of site %s started; WARCs in %s", self.run_id, self.site_id,
                    self.recorder.warc_dir)
        return True

    def close(self, reason: str, *, requests: int = 0) -> str | None:
        """Close the WARC, record how the run ended, release the lease; the run's status."""
        if self.recorder is None or self.catalog is None:
            return None
        recorder, self.recorder = self.recorder, None
        try:
            files = recorder.close()
        except OSError as error:  # the disk is full: the next start mends the .open file
            logger.error("could not close the WARC file cleanly: %s", error)
            files = []
        try:
            status = self._finish_run(reason, requests)
        finally:
            if self.lease is not None:
                self.lease.release()
        logger.info("run %s of site %s %s (%s); %d WARC file(s) written", self.run_id,
                    self.site_id, status, reason, len(files))
        return status

    def extract(self, registry: Any) -> None:
        """The extraction stage for this run, in this process (a node's crawl, at its close)."""
        from archive.documents import extract_runs

        if self.catalog is None:
            return
        summary = extract_runs(self.layout, self.catalog, registry, [self.run_id], workers=0)
        logger.info("run %s extracted: %s", self.run_id, summary)

    def _finish_run(self, reason: str, requests: int) -> str:
        assert self.catalog is not None
        self.catalog.add_run_counts(self.run_id, requests=requests)
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
            logger.error("site %s: %s", self.site_id, message)
        else:
            status = "finished"
        self.catalog.finish_run(self.run_id, status, close_reason=reason, message=message)
        return status

    # -- questions the crawler asks ---------------------------------------------
    def _horizon(self) -> str:
        return _utc_iso(datetime.now(UTC) - timedelta(days=self.options.recheck_days))

    def is_fresh_leaf(self, url: str) -> bool:
        """An article, file or dead link captured within the re-check interval."""
        if self.catalog is None or self.options.recheck_days <= 0:
            return False
        return self.catalog.is_fresh_leaf(url, self._horizon())

    def due_leaf_urls(self) -> list[str]:
        """Pages known to be leaves (articles) last captured before the re-check horizon."""
        if self.catalog is None:
            return []
        return self.catalog.due_leaf_urls(self.site_id, captured_before=self._horizon())

    def was_captured(self, url: str) -> bool:
        return self.catalog is not None and self.catalog.last_capture(url) is not None

    def conditional_headers(self, url: str) -> dict[str, str]:
        """`If-None-Match`/`If-Modified-Since` from the last full capture of `url`."""
        previous = self.catalog.last_capture(url, original_only=True) if self.catalog else None
        headers: dict[str, str] = {}
        if previous is not None and previous.etag:
            headers["If-None-Match"] = previous.etag
        if previous is not None and previous.last_modified:
            headers["If-Modified-Since"] = previous.last_modified
        return headers

    def previous_page(self, capture: RecordedCapture | None) -> PreviousPage | None:
        """The earlier payload a 304 refers to, read back from its WARC record."""
        previous: Capture | None = capture.previous if capture else None
        if previous is None:
            return None
        path = self.layout.absolute(previous.warc_file)
        if not path.exists():  # written earlier in this very run: the file is still open
            path = path.with_name(path.name + OPEN_SUFFIX)
        record = read_record(path, previous.warc_offset)
        try:
            body = record.decoded_body(self.options.decode_limit)
        except ValueError as error:  # does not decode, or decodes past the limit
            logger.warning("not reading %s again: %s", previous.url, error)
            return None
        return PreviousPage(record.http_header("content-type"), body)

    # -- what the crawler tells ------------------------------------------------------
    def record_exchange(self, exchange: HttpExchange) -> RecordedCapture | None:
        """WARC record(s) then catalog row; None when capture has stopped.

        A write failure (disk full, broken catalog) stops capture for the rest of the run
        and sets `failure`; the crawler should then close the crawl.
        """
        if not self.active:
            return None
        assert self.recorder is not None
        try:
            return self.recorder.record(exchange)
        except catalog_errors(OSError) as error:
            self.failure = f"cannot archive {exchange.url}: {error}"
            self.write_failed = True
            logger.error("%s; stopping the crawl", self.failure)
            return None

    def fail(self, message: str) -> None:
        """The run is to end `failed` with `message` (the first reason given wins)."""
        self.failure = self.failure or message

    def mark_leaf(self, url: str) -> None:
        """The crawler judged the page at `url` an article: re-checked only when due."""
        if self.catalog is not None:
            self.catalog.mark_leaf(url)

    def record_error(self, url: str | None, message: str) -> None:
        if self.catalog is not None and self.recorder is not None:
            self.catalog.record_error(self.run_id, self.site_id, url, message)
