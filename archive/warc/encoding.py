"""Undo HTTP ``Content-Encoding`` (gzip, deflate, br, zstd when available)."""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterable

logger = logging.getLogger(__name__)

try:  # Google's brotli or brotlipy: both expose brotli.decompress
    import brotli as _brotli
except ImportError:  # pragma: no cover - depends on the environment
    _brotli = None

try:  # Python 3.14+ or the backport
    from compression import zstd as _zstd  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the environment
    try:
        from backports import zstd as _zstd  # type: ignore[import-not-found,no-redef]
    except ImportError:
        _zstd = None

IDENTITY = ("", "identity", "none")
_CHUNK = 1 << 20


class ContentDecodingError(ValueError):
    """The payload does not decode with the claimed Content-Encoding."""


def parse_codings(header_value: str | None) -> list[str]:
    """Codings in the order they were applied (``"gzip, br"`` -> gzip then br)."""
    if not header_value:
        return []
    codings = [c.strip().lower() for c in header_value.split(",")]
    return [c for c in codings if c not in IDENTITY]


def is_supported(coding: str) -> bool:
    """True if this module can undo ``coding``."""
    coding = coding.lower()
    if coding in ("gzip", "x-gzip", "deflate") or coding in IDENTITY:
        return True
    if coding == "br":
        return _brotli is not None
    if coding == "zstd":
        return _zstd is not None
    return False


class _Decoder:
    """Streaming decoder for one coding; ``feed`` then ``finish``."""

    def __init__(self, coding: str, allow_incomplete: bool = False) -> None:
        self.coding = coding
        self.allow_incomplete = allow_incomplete
        self._zlib: zlib._Decompress | None = None
        self._pending = bytearray()
        self._seen = 0  # bytes fed; an empty body decodes to nothing
        if coding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif coding == "deflate":
            self._zlib = None  # decided on first bytes: zlib-wrapped or raw
        elif not is_supported(coding):
            raise ContentDecodingError(f"unsupported Content-Encoding {coding!r}")

    def feed(self, data: bytes) -> bytes:
        self._seen += len(data)
        if self.coding in ("br", "zstd"):
            self._pending += data
            return b""
        if self._zlib is None:  # deflate: sniff the zlib header (RFC 1950)
            self._pending += data
            if len(self._pending) < 2:
                return b""
            head = bytes(self._pending[:2])
            wrapped = (head[0] & 0x0F) == 8 and int.from_bytes(head, "big") % 31 == 0
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
            data, self._pending = bytes(self._pending), bytearray()
        try:
            out = self._zlib.decompress(data)
            # gzip allows several members back to back; anything else after the
            # end of the stream is ignored, as browsers do.
            while (
                self._zlib.eof
                and self._zlib.unused_data[:2] == b"\x1f\x8b"
                and (self.coding in ("gzip", "x-gzip"))
            ):
                rest = self._zlib.unused_data
                self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16)
                out += self._zlib.decompress(rest)
        except zlib.error as exc:
            raise ContentDecodingError(f"{self.coding}: {exc}") from exc
        return out

    def finish(self) -> bytes:
        if not self._seen:
            return b""
        if self.coding == "br":
            try:
                return _brotli.decompress(bytes(self._pending))
            except Exception as exc:  # brotli raises its own error types
                raise ContentDecodingError(f"br: {exc}") from exc
        if self.coding == "zstd":
            try:
                return _zstd.decompress(bytes(self._pending))
            except Exception as exc:
                raise ContentDecodingError(f"zstd: {exc}") from exc
        if self._zlib is None:
            raise ContentDecodingError("deflate: stream too short")
        out = self._zlib.flush()
        if not self._zlib.eof and not self.allow_incomplete:
            raise ContentDecodingError(f"{self.coding}: stream ends early (truncated)")
        return out


def decode_chunks(
    chunks: Iterable[bytes], content_encoding: str | None, *, allow_incomplete: bool = False
) -> Iterable[bytes]:
    """Yield the decoded payload, chunk by chunk, undoing every coding in turn."""
    stream: Iterable[bytes] = chunks
    for coding in parse_codings(content_encoding):
        stream = _decode_one(stream, coding, allow_incomplete)
    return stream


def _decode_one(chunks: Iterable[bytes], coding: str, allow_incomplete: bool) -> Iterable[bytes]:
    decoder = _Decoder(coding, allow_incomplete)
    for chunk in chunks:
        out = decoder.feed(chunk)
        if out:
            yield out
    out = decoder.finish()
    if out:
        yield out


def decode_content(
    body: bytes, content_encoding: str | None, *, allow_incomplete: bool = False
) -> bytes:
    """Return ``body`` with its Content-Encoding undone; raise ContentDecodingError."""
    if not parse_codings(content_encoding):
        return body
    chunks = (body[i : i + _CHUNK] for i in range(0, len(body), _CHUNK))
    return b"".join(decode_chunks(chunks, content_encoding, allow_incomplete=allow_incomplete))


def check_decodes(
    chunks: Iterable[bytes], content_encoding: str | None, *, allow_incomplete: bool = False
) -> str | None:
    """Return None if the payload decodes, else a short reason (drains ``chunks``)."""
    try:
        for _ in decode_chunks(chunks, content_encoding, allow_incomplete=allow_incomplete):
            pass
    except ContentDecodingError as exc:
        return str(exc)
    return None
