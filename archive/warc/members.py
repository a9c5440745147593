"""Walk the gzip members of a ``.warc.gz`` file and check each holds one whole record."""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO

from warcio.recordloader import ArcWarcRecordLoader
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser

logger = logging.getLogger(__name__)

_READ = 1 << 20  # compressed bytes read at a time
_OUT = 4 << 20  # most decompressed bytes produced per call (bounds memory)
_HEAD_MAX = 1 << 20  # a WARC header block longer than this is treated as broken
_warc_parser = StatusAndHeadersParser(ArcWarcRecordLoader.WARC_TYPES)


@dataclass
class Member:
    """One gzip member: where it is and what it holds.

    ``error`` is None when the member decompresses whole (CRC and length
    checked by zlib) and holds exactly one parseable WARC record.
    ``block_digest_ok`` is None when the record has no (known) block digest.
    """

    offset: int
    length: int
    headers: StatusAndHeaders | None = None
    error: str | None = None
    block_digest_ok: bool | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def record_type(self) -> str | None:
        return self.headers.get_header("WARC-Type") if self.headers else None

    @property
    def warc_version(self) -> str | None:
        return self.headers.protocol if self.headers else None


class _RecordProbe:
    """Follows the decompressed bytes of one member and checks the record framing."""

    def __init__(self) -> None:
        self.head = bytearray()
        self.headers: StatusAndHeaders | None = None
        self.body_start = -1
        self.total = 0
        self.tail = b""
        self.error: str | None = None
        self.digester: Any = None  # a hashlib object once the record names its digest
        self.digest_value = ""
        self.block_left = 0
        self.length = 0

    def feed(self, data: bytes) -> None:
        if self.error:
            return
        self.total += len(data)
        self.tail = data[-4:] if len(data) >= 4 else (self.tail + data)[-4:]
        if self.headers is None:
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                if len(self.head) > _HEAD_MAX:
                    self.error = "no end of WARC headers"
                return
            self.body_start = end + 4
            self._parse_head(bytes(self.head[: end + 4]))
            data = bytes(self.head[end + 4 :])
            self.head = bytearray()
            if self.error:
                return
        if self.digester is not None and self.block_left > 0:
            self.digester.update(data[: self.block_left])
            self.block_left -= min(len(data), self.block_left)

    def _parse_head(self, head: bytes) -> None:
        if not head.startswith(b"WARC/"):
            self.error = "member does not start with a WARC record"
            return
        try:
            self.headers = _warc_parser.parse(BytesIO(head))
            self.length = int(self.headers.get_header("Content-Length", ""))
        except Exception as exc:  # noqa: BLE001 - any parse failure means "broken"
            self.error = f"bad WARC headers: {exc}"
            return
        self.block_left = self.length
        digest = self.headers.get_header("WARC-Block-Digest")
        if digest and ":" in digest:
            algo, self.digest_value = digest.split(":", 1)
            try:
                self.digester = hashlib.new(algo.lower().replace("-", ""))
            except ValueError:
                self.digester = None

    def finish(self) -> tuple[StatusAndHeaders | None, str | None, bool | None]:
        if self.error:
            return self.headers, self.error, None
        if self.headers is None:
            return None, "member ends inside the WARC headers", None
        expected = self.body_start + self.length + 4
        if self.total != expected:
            return self.headers, f"record is {self.total} bytes, headers say {expected}", None
        if self.tail != b"\r\n\r\n":
            return self.headers, "record does not end with CRLF CRLF", None
        return self.headers, None, self._digest_ok()

    def _digest_ok(self) -> bool | None:
        if self.digester is None:
            return None
        raw = self.digester.digest()
        value = self.digest_value.strip()
        candidates = {base64.b32encode(raw).decode(), raw.hex(), base64.b64encode(raw).decode()}
        if value.upper() in {c.upper() for c in candidates} or value in candidates:
            return True
        try:  # base32 without padding, lower case, etc.
            return bool(base64.b32decode(value.upper() + "=" * (-len(value) % 8)) == raw)
        except (binascii.Error, ValueError):
            return False


def iter_members(stream: BinaryIO, *, stop_on_error: bool = True) -> Iterator[Member]:
    """Yield the gzip members of ``stream`` (read from its current position).

    After a member with an error the walk stops when ``stop_on_error`` (the
    rest of the file cannot be trusted); otherwise it goes on only if the
    member itself was a whole gzip member.
    """
    pos = stream.tell()
    buf = b""
    while True:
        if not buf:
            buf = stream.read(_READ)
            if not buf:
                return
        start = pos
        decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
        probe = _RecordProbe()
        gzip_error = None
        while not decomp.eof:
            if not buf:
                buf = stream.read(_READ)
                if not buf:
                    gzip_error = "gzip member cut short (unexpected end of file)"
                    break
            try:
                out = decomp.decompress(buf, _OUT)
            except zlib.error as exc:
                gzip_error = f"gzip data corrupt: {exc}"
                break
            rest = decomp.unused_data if decomp.eof else decomp.unconsumed_tail
            pos += len(buf) - len(rest)
            buf = rest
            probe.feed(out)
        if gzip_error:
            rest_len = len(buf) + _remaining(stream)
            yield Member(start, pos - start + rest_len, probe.headers, gzip_error)
            return
        headers, error, digest_ok = probe.finish()
        yield Member(start, pos - start, headers, error, digest_ok)
        if error and stop_on_error:
            return


def _remaining(stream: BinaryIO) -> int:
    here = stream.tell()
    end = stream.seek(0, 2)
    stream.seek(here)
    return end - here


def scan_file(path: Path, *, stop_on_error: bool = True) -> list[Member]:
    """All members of the file at ``path`` (see :func:`iter_members`)."""
    with open(path, "rb") as stream:
        return list(iter_members(stream, stop_on_error=stop_on_error))
