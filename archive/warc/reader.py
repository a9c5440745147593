"""Read records back from ``.warc.gz`` files (by offset, or all of them)."""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord, ArcWarcRecordLoader
from warcio.statusandheaders import StatusAndHeadersParserException
from warcio.timeutils import iso_date_to_datetime

from archive.warc.encoding import DEFAULT_MAX_DECODED, decode_content

logger = logging.getLogger(__name__)


@dataclass
class StoredRecord:
    """One record as stored.  ``payload`` is the HTTP body still content-encoded
    (for non-HTTP records, the whole block); ``decoded_body()`` undoes the coding."""

    rec_type: str
    record_id: str
    target_uri: str | None
    date: datetime | None
    warc_headers: list[tuple[str, str]]
    http_status: int | None
    http_headers: list[tuple[str, str]]
    payload: bytes
    offset: int = -1
    length: int = -1
    http_statusline: str | None = field(default=None, repr=False)

    def warc_header(self, name: str) -> str | None:
        """First WARC header called ``name`` (case-insensitive)."""
        return _first(self.warc_headers, name)

    def http_header(self, name: str) -> str | None:
        """First HTTP header called ``name`` (case-insensitive)."""
        return _first(self.http_headers, name)

    def http_header_all(self, name: str) -> list[str]:
        """Every value of HTTP header ``name``, in order."""
        name = name.lower()
        return [v for n, v in self.http_headers if n.lower() == name]

    def decoded_body(self, max_size: int | None = DEFAULT_MAX_DECODED) -> bytes:
        """The payload with Content-Encoding (gzip, deflate, br...) undone.

        Raises DecodedTooLarge past ``max_size`` decoded bytes (None: no limit),
        ContentDecodingError if it does not decode."""
        encoding = ", ".join(self.http_header_all("Content-Encoding"))
        truncated = bool(self.warc_header("WARC-Truncated"))
        return decode_content(self.payload, encoding, allow_incomplete=truncated,
                              max_size=max_size)


def _first(headers: list[tuple[str, str]], name: str) -> str | None:
    name = name.lower()
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def _to_stored(record: ArcWarcRecord) -> StoredRecord:
    rec = record.rec_headers
    date_text = rec.get_header("WARC-Date")
    status = statusline = None
    http_headers: list[tuple[str, str]] = []
    if record.http_headers is not None and record.rec_type in ("response", "revisit"):
        statusline = record.http_headers.statusline
        try:
            status = int(record.http_headers.get_statuscode())
        except ValueError:
            status = None
        http_headers = list(record.http_headers.headers)
    elif record.http_headers is not None:  # request: "GET /path HTTP/1.1"
        statusline = f"{record.http_headers.protocol} {record.http_headers.statusline}"
        http_headers = list(record.http_headers.headers)
    return StoredRecord(
        rec_type=record.rec_type,
        record_id=rec.get_header("WARC-Record-ID"),
        target_uri=rec.get_header("WARC-Target-URI"),
        date=iso_date_to_datetime(date_text, tz_aware=True) if date_text else None,
        warc_headers=list(rec.headers),
        http_status=status,
        http_headers=http_headers,
        payload=record.raw_stream.read(),
        http_statusline=statusline,
    )


def iter_records(path: Path) -> Iterator[StoredRecord]:
    """Every record of the file, with ``offset``/``length`` of its gzip member."""
    with open(path, "rb") as stream:
        it = ArchiveIterator(stream)
        for record in it:
            stored = _to_stored(record)
            it.read_to_end(record)
            stored.offset = it.get_record_offset()
            stored.length = it.get_record_length()
            yield stored


def read_record(path: Path, offset: int, length: int | None = None) -> StoredRecord:
    """The record whose gzip member starts at ``offset`` in ``path``.  Given the member's
    ``length`` (as catalogued), a plain HTTP response is parsed from the member inflated
    at once (`_read_response`); anything else goes through warcio's record stream."""
    with open(path, "rb") as stream:
        stream.seek(offset)
        if length is not None and length > 0:
            member = stream.read(length)
            if (record := _read_response(member, offset)) is not None:
                return record
            stream.seek(offset)
        it = ArchiveIterator(stream)
        record = next(iter(it), None)
        if record is None:
            raise ValueError(f"no record at offset {offset} in {path}")
        stored = _to_stored(record)
        it.read_to_end(record)
        stored.offset = offset
        stored.length = it.get_record_length()
        return stored


read_payload = read_record  # the name docs/architecture.md uses

_LOADER = ArcWarcRecordLoader()  # warcio's parsers, set up as ArchiveIterator sets them up


def _read_response(member: bytes, offset: int) -> StoredRecord | None:
    """A WARC response record from one whole gzip member, parsed by warcio's own header
    parsers (so fields come out exactly as `_to_stored` gives them); None for anything
    else (another record type, an odd target URI, a cut or malformed record)."""
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        raw = inflater.decompress(member)
    except zlib.error:
        return None
    if not inflater.eof or not raw.startswith(b"WARC/"):
        return None
    stream = io.BytesIO(raw)
    try:
        rec = _LOADER.warc_parser.parse(stream)
        block = int(rec.get_header("Content-Length") or "")
        uri = rec.get_header("WARC-Target-URI") or ""
        start = stream.tell()
        if (rec.get_header("WARC-Type") != "response" or block <= 0
                or len(raw) < start + block or not uri.startswith(("http:", "https:"))
                or uri.startswith("<") or " " in uri):
            return None
        http = _LOADER.http_parser.parse(stream)
        end = stream.tell()
        status = int(http.get_statuscode())
    except (ValueError, EOFError, StatusAndHeadersParserException):
        return None
    if end > start + block:  # the HTTP head runs past the block: let warcio judge
        return None
    date_text = rec.get_header("WARC-Date")
    return StoredRecord(
        rec_type="response",
        record_id=rec.get_header("WARC-Record-ID"),
        target_uri=uri,
        date=iso_date_to_datetime(date_text, tz_aware=True) if date_text else None,
        warc_headers=list(rec.headers),
        http_status=status,
        http_headers=list(http.headers),
        payload=raw[end:start + block],
        offset=offset,
        length=len(member) - len(inflater.unused_data),
        http_statusline=http.statusline,
    )


def read_http_head(path: Path, offset: int) -> tuple[int | None, list[tuple[str, str]]]:
    """HTTP status and headers of the response at ``offset``, without reading its payload."""
    with open(path, "rb") as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)), None)
        if record is None or record.http_headers is None:
            raise ValueError(f"no HTTP response at offset {offset} in {path}")
        try:
            status = int(record.http_headers.get_statuscode())
        except ValueError:
            status = None
        return status, list(record.http_headers.headers)
