"""Record one HTTP exchange: WARC first, catalog second, revisits where nothing changed.

This is the only place that writes captures, so the order "record whole on disk,
then catalog row" holds everywhere.  Plain Python, no Scrapy.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from archive.catalog import Capture, Catalog, is_leaf_answer
from archive.layout import ArchiveLayout
from archive.warc.exchange import (
    PROFILE_IDENTICAL_PAYLOAD,
    PROFILE_SERVER_NOT_MODIFIED,
    HttpExchange,
    RevisitOf,
)
from archive.warc.mend import mend_open_files
from archive.warc.reader import iter_records, read_http_head
from archive.warc.records import not_modified_as_revisit, payload_digest
from archive.warc.writer import OPEN_SUFFIX, WarcFileWriter

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecordedCapture:
    capture_id: int
    record_type: str
    revisit_profile: str | None
    previous: Capture | None
    too_large: bool = False  # decodes past the exchange's decode_limit: not to be parsed


def header_value(headers: list[tuple[str, str]], name: str) -> str | None:
    name = name.lower()
    return next((v for k, v in headers if k.lower() == name), None)


def parse_warc_date(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class CaptureRecorder:
    """Writes a site's exchanges to its WARC directory and catalogues them."""

    def __init__(self, layout: ArchiveLayout, catalog: Catalog, site_id: str, run_id: str, *,
                 warcinfo_fields: dict[str, str], max_size: int = 1_000_000_000,
                 node: str | None = None):
        self.layout = layout
        self.catalog = catalog
        self.site_id = site_id
        self.run_id = run_id
        self.node = node  # named in the WARC files and on each capture row
        self.warc_dir = layout.warc_dir(site_id)
        self.warc_dir.mkdir(parents=True, exist_ok=True)
        self.writer = WarcFileWriter(self.warc_dir, f"bdt-{site_id}", max_size=max_size,
                                     warcinfo_fields=warcinfo_fields, hostname=node)

    def record(self, exchange: HttpExchange) -> RecordedCapture:
        previous = self.catalog.last_capture(exchange.url, original_only=True)
        revisit = self._revisit_of(exchange, previous)
        to_write = exchange
        if revisit and previous and revisit.profile == PROFILE_SERVER_NOT_MODIFIED:
            to_write, revisit = self._replayable_not_modified(exchange, previous, revisit)
        written = self.writer.write_exchange(to_write, revisit_of=revisit)
        stored = self.layout.relative(self.warc_dir / written.response.warc_file)
        headers = to_write.response_headers
        content_type = header_value(headers, "content-type") or (
            previous.content_type if revisit and previous else None)
        capture_id = self.catalog.add_capture(
            run_id=self.run_id, site_id=self.site_id, url=exchange.url,
            record_type="revisit" if revisit else "response",
            revisit_profile=revisit.profile if revisit else None,
            status=exchange.status,
            content_type=content_type,
            fetched_at=exchange.fetched_at.isoformat(timespec="milliseconds").replace(
                "+00:00", "Z"),
            warc_file=stored, warc_offset=written.response.offset,
            warc_length=written.response.length, record_id=written.response.record_id,
            payload_digest=written.response.payload_digest or (
                revisit.payload_digest if revisit else None),
            payload_length=len(exchange.body),
            etag=header_value(headers, "etag") or (
                previous.etag if revisit and previous else None),
            last_modified=header_value(headers, "last-modified") or (
                previous.last_modified if revisit and previous else None),
            refers_to=revisit.refers_to_record_id if revisit else None,
            leaf=bool(previous.leaf) if revisit and previous else is_leaf_answer(
                exchange.status, content_type),
            node=self.node,
        )
        return RecordedCapture(capture_id, "revisit" if revisit else "response",
                               revisit.profile if revisit else None, previous,
                               too_large=written.too_large)

    @staticmethod
    def _revisit_of(exchange: HttpExchange, previous: Capture | None) -> RevisitOf | None:
        if previous is None:
            return None
        if exchange.status == 304:
            profile = PROFILE_SERVER_NOT_MODIFIED
        elif exchange.status == 200 and exchange.truncated is None and (
                payload_digest(exchange.body) == previous.payload_digest):
            profile = PROFILE_IDENTICAL_PAYLOAD
        else:
            return None
        return RevisitOf(profile=profile, refers_to_record_id=previous.record_id,
                         refers_to_uri=previous.url,
                         refers_to_date=parse_warc_date(previous.fetched_at),
                         payload_digest=previous.payload_digest)

    def _replayable_not_modified(self, exchange: HttpExchange, previous: Capture,
                                 revisit: RevisitOf) -> tuple[HttpExchange, RevisitOf]:
        """A 304 as an identical-payload revisit of `previous`, when it is known unchanged.

        Known unchanged: the earlier capture has a payload digest and length, and the 304
        names no other ETag than the one we asked about.  Otherwise the plain
        `server-not-modified` form is kept (pywb replays it as an empty 304).
        """
        etag = header_value(exchange.response_headers, "etag")
        if previous.payload_digest is None or previous.payload_length is None or (
                etag and previous.etag and etag.strip() != previous.etag.strip()):
            return exchange, revisit
        try:
            status, headers = read_http_head(self.layout.absolute(previous.warc_file),
                                             previous.warc_offset)
        except (OSError, ValueError) as error:
            logger.warning("%s: earlier capture unreadable (%s); 304 kept as is",
                           exchange.url, error)
            return exchange, revisit
        return not_modified_as_revisit(
            exchange, status or previous.status or 200, headers,
            replace(revisit, payload_length=previous.payload_length))

    def close(self) -> list[Path]:
        self.writer.close()
        return list(self.writer.files_written)


def mend_site(layout: ArchiveLayout, catalog: Catalog, site_id: str) -> list[str]:
    """Repair WARC files a crashed crawl left open; drop catalog rows past the cut.

    Must only run while holding the site's lease (another live crawl's open file
    would otherwise be cut).  Returns human-readable notes of what was done.
    """
    notes = []
    for report in mend_open_files(layout.warc_dir(site_id)):
        final = report.final_path or report.path.with_name(
            report.path.name.removesuffix(OPEN_SUFFIX))
        stored = layout.relative(final) if final.exists() else layout.relative(
            layout.warc_dir(site_id)) + "/" + final.name
        forgotten = catalog.forget_beyond(stored, report.kept_bytes)
        found = catalogue_orphans(catalog, site_id, final, stored) if final.exists() else 0
        note = (f"mended {final.name}: kept {report.kept_bytes} bytes "
                f"({report.records_kept} records), cut {report.cut_bytes} bytes")
        if forgotten:
            note += f", dropped {forgotten} catalog rows past the cut"
        if found:
            note += f", catalogued {found} whole records that had no row"
        logger.warning(note)
        notes.append(note)
    return notes


def catalogue_orphans(catalog: Catalog, site_id: str, path: Path, stored: str) -> int:
    """Add a catalog row for each whole response/revisit record of `path` that has none.

    A crawl killed between a record's fsync and its catalog row leaves such a record;
    without its row the next crawl would fetch and store the page again.  The row gets
    the run of the file's other rows (the killed run).  Returns how many were added.
    """
    known = catalog.rows_in_file(stored)
    run_ids = {row.run_id for row in known.values()}
    run_id = run_ids.pop() if len(run_ids) == 1 else None
    added = 0
    for record in iter_records(path):
        if record.rec_type not in ("response", "revisit") or record.offset in known:
            continue
        headers = record.http_headers
        content_type = header_value(headers, "content-type")
        profile = record.warc_header("WARC-Profile")
        catalog.add_capture(
            run_id=run_id, site_id=site_id, url=record.target_uri or "",
            record_type=record.rec_type, revisit_profile=profile,
            status=record.http_status, content_type=content_type,
            fetched_at=(record.warc_header("WARC-Date") or "").replace("+00:00", "Z"),
            warc_file=stored, warc_offset=record.offset, warc_length=record.length,
            record_id=record.record_id, payload_digest=record.warc_header("WARC-Payload-Digest"),
            payload_length=len(record.payload), etag=header_value(headers, "etag"),
            last_modified=header_value(headers, "last-modified"),
            refers_to=record.warc_header("WARC-Refers-To"),
            leaf=is_leaf_answer(record.http_status, content_type))
        added += 1
    return added
