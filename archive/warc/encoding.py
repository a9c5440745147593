"""Undo HTTP ``Content-Encoding`` (gzip, deflate, br, zstd when available), in bounded memory.

Decoding streams: every call hands back pieces of at most ``_CHUNK`` bytes, however
much a piece of input inflates (a 10 MB gzip body can hold 10 GiB of zeros), and
an optional ``max_size`` stops decoding once the output passes it.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

try:  # Google's brotli or brotlipy: both expose brotli.Decompressor().decompress
    import brotli as _brotli
except ImportError:  # pragma: no cover - depends on the environment
    _brotli = None

_isal_zlib: Any
try:  # ISA-L's inflate: the same output as zlib's in about half the time
    from isal import isal_zlib as _isal_zlib
except ImportError:  # pragma: no cover - depends on the environment
    _isal_zlib = None

try:  # Python 3.14+ or the backport
    from compression import zstd as _zstd
except ImportError:  # pragma: no cover - depends on the environment
    try:
        from backports import zstd as _zstd
    except ImportError:
        _zstd = None

IDENTITY = ("", "identity", "none")
_CHUNK = 1 << 20  # largest piece of output handed back at once
# brotlipy cannot cap its output, so it gets small pieces of input; one brotli byte
# expands to a few MiB at most, so this keeps a piece of output to tens of MiB.
# (Google's brotli takes an output limit and needs none of this.)
_BROTLI_INPUT = 16
# What readers decode at most by default: the crawler's DOWNLOAD_MAXSIZE default.
DEFAULT_MAX_DECODED = 200 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
# Deflate's longest output per input bit: 258 bytes per 2-bit code, i.e. 1032:1 (zlib FAQ).
DEFLATE_MAX_RATIO = 1032


class ContentDecodingError(ValueError):
    """The payload does not decode with the claimed Content-Encoding."""


class DecodedTooLarge(ValueError):
    """The decoded payload is larger than the limit given (a compression bomb, say)."""

    def __init__(self, decoded: int, limit: int) -> None:
        super().__init__(f"decoded payload passes {limit} bytes ({decoded} bytes so far)")
        self.decoded = decoded
        self.limit = limit


@dataclass(frozen=True)
class DecodeCheck:
    """What decoding a payload found: a problem, or that it passed the size limit."""

    problem: str | None = None
    too_large: bool = False
    decoded_size: int = 0  # bytes decoded (up to the point decoding stopped)


def brotli_error() -> type[Exception]:
    """The exception type the installed brotli raises."""
    return getattr(_brotli, "error", None) or getattr(_brotli, "Error", None) or Exception


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
    """Streaming decoder for one coding: ``feed`` then ``finish``, each yielding pieces."""

    def __init__(self, coding: str, allow_incomplete: bool = False) -> None:
        self.coding = coding
        self.allow_incomplete = allow_incomplete
        self._zlib: zlib._Decompress | None = None
        self._other: Any = None  # brotli or zstd decompressor (untyped modules)
        self._pending = bytearray()  # deflate: bytes held until the header is known
        self._seen = 0  # bytes fed; an empty body decodes to nothing
        self._ended = False  # the compressed stream is complete
        if coding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif coding == "deflate":
            self._zlib = None  # decided on first bytes: zlib-wrapped or raw
        elif not is_supported(coding):
            raise ContentDecodingError(f"unsupported Content-Encoding {coding!r}")
        elif coding == "br":
            self._other = _brotli.Decompressor()
            self._brotli_step = getattr(self._other, "decompress", None) or self._other.process
        else:
            self._other = _zstd.ZstdDecompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        self._seen += len(data)
        if self.coding == "br":
            yield from self._unbrotli(data)
            return
        if self.coding == "zstd":
            yield from self._unzstd(data)
            return
        if self._zlib is None:  # deflate: sniff the zlib header (RFC 1950)
            self._pending += data
            if len(self._pending) < 2:
                return
            head = bytes(self._pending[:2])
            wrapped = (head[0] & 0x0F) == 8 and int.from_bytes(head, "big") % 31 == 0
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
            data, self._pending = bytes(self._pending), bytearray()
        yield from self._inflate(data)

    def _inflate(self, data: bytes) -> Iterator[bytes]:
        assert self._zlib is not None
        while data or not self._ended:
            try:
                out = self._zlib.decompress(data, _CHUNK)
            except zlib.error as exc:
                raise ContentDecodingError(f"{self.coding}: {exc}") from exc
            if out:
                yield out
            data = self._zlib.unconsumed_tail
            if self._zlib.eof:
                # gzip allows several members back to back; anything else after the
                # end of the stream is ignored, as browsers do.
                rest = self._zlib.unused_data
                if self.coding in ("gzip", "x-gzip") and rest[:2] == _GZIP_MAGIC:
                    self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16)
                    data = rest
                    continue
                self._ended = True
                return
            if not data and len(out) < _CHUNK:
                return  # all input used, nothing held back: wait for more

    def _unbrotli(self, data: bytes) -> Iterator[bytes]:
        if hasattr(self._other, "can_accept_more_data"):  # Google's brotli caps its output
            yield from self._unbrotli_capped(data)
            return
        for start in range(0, len(data), _BROTLI_INPUT):
            try:
                out = self._brotli_step(data[start:start + _BROTLI_INPUT])
            except Exception as exc:  # brotli raises its own error types
                raise ContentDecodingError(f"br: {exc}") from exc
            for piece in range(0, len(out), _CHUNK):
                yield out[piece:piece + _CHUNK]

    def _unbrotli_capped(self, data: bytes) -> Iterator[bytes]:
        try:
            out = self._other.process(data, output_buffer_limit=_CHUNK)
            while True:
                if out:
                    yield out
                if self._other.can_accept_more_data():
                    return
                out = self._other.process(b"", output_buffer_limit=_CHUNK)
        except brotli_error() as exc:
            raise ContentDecodingError(f"br: {exc}") from exc

    def _end_brotli(self) -> Iterator[bytes]:
        if hasattr(self._other, "can_accept_more_data"):  # Google's: drain what it holds
            try:
                while not self._other.is_finished():
                    out = self._other.process(b"", output_buffer_limit=_CHUNK)
                    if not out:
                        break
                    yield out
            except brotli_error() as exc:
                raise ContentDecodingError(f"br: {exc}") from exc
        finish = getattr(self._other, "finish", None)  # brotlipy; Google's has is_finished
        try:
            complete = finish() is not None if finish else self._other.is_finished()
        except Exception:  # brotlipy: "incomplete compressed stream"
            complete = False
        if not complete and not self.allow_incomplete:
            raise ContentDecodingError("br: stream ends early (truncated)")
        yield from ()

    def _unzstd(self, data: bytes) -> Iterator[bytes]:
        while not self._other.eof:
            try:
                out = self._other.decompress(data, _CHUNK)
            except Exception as exc:  # zstd raises its own error type
                raise ContentDecodingError(f"zstd: {exc}") from exc
            data = b""
            if out:
                yield out
            if self._other.needs_input:
                return

    def finish(self) -> Iterator[bytes]:
        if not self._seen:
            return
        if self.coding == "br":
            yield from self._end_brotli()
            return
        if self.coding == "zstd":
            if not self._other.eof and not self.allow_incomplete:
                raise ContentDecodingError("zstd: stream ends early (truncated)")
            return
        if self._zlib is None:
            raise ContentDecodingError("deflate: stream too short")
        yield from self._inflate(b"")
        if not self._ended and not self.allow_incomplete:
            raise ContentDecodingError(f"{self.coding}: stream ends early (truncated)")


def decode_chunks(
    chunks: Iterable[bytes],
    content_encoding: str | None,
    *,
    allow_incomplete: bool = False,
    max_size: int | None = None,
) -> Iterator[bytes]:
    """Yield the decoded payload piece by piece, undoing every coding in turn.

    Raises ContentDecodingError, or DecodedTooLarge once more than ``max_size`` bytes
    came out (checked before a piece is handed on, so no more is ever held).
    """
    stream: Iterable[bytes] = chunks
    for coding in reversed(parse_codings(content_encoding)):  # the last applied goes first
        stream = _decode_one(stream, coding, allow_incomplete)
    if not max_size:
        yield from stream
        return
    total = 0
    for piece in stream:
        total += len(piece)
        if total > max_size:
            raise DecodedTooLarge(total, max_size)
        yield piece


def _decode_one(chunks: Iterable[bytes], coding: str, allow_incomplete: bool) -> Iterator[bytes]:
    decoder = _Decoder(coding, allow_incomplete)
    for chunk in chunks:
        yield from decoder.feed(chunk)
    yield from decoder.finish()


def split(body: bytes, size: int = _CHUNK) -> Iterator[bytes]:
    """``body`` in pieces of ``size`` bytes (memoryview slices: no copies)."""
    view = memoryview(body)
    for start in range(0, len(body), size):
        yield bytes(view[start:start + size])


def decode_content(
    body: bytes,
    content_encoding: str | None,
    *,
    allow_incomplete: bool = False,
    max_size: int | None = None,
) -> bytes:
    """``body`` with its Content-Encoding undone; raise ContentDecodingError or
    DecodedTooLarge (past ``max_size`` decoded bytes, found before any is kept)."""
    if not parse_codings(content_encoding):
        if max_size and len(body) > max_size:
            raise DecodedTooLarge(len(body), max_size)
        return body
    if max_size and not _stays_within(len(body), content_encoding, max_size):
        # measure first, keeping nothing: a bomb is refused in constant memory
        check = inspect_decoding(split(body), content_encoding,
                                 allow_incomplete=allow_incomplete, max_size=max_size)
        if check.too_large:
            raise DecodedTooLarge(check.decoded_size, max_size)
    elif (fast := _whole_gzip(body, content_encoding)) is not None:
        return fast
    return b"".join(decode_chunks(split(body), content_encoding,
                                  allow_incomplete=allow_incomplete, max_size=max_size))


def _whole_gzip(body: bytes, content_encoding: str | None) -> bytes | None:
    """The common case at once (its size already known to stay within the limit): one
    gzip member, whole, nothing after it, inflated by ISA-L (a page's body in half the
    time; inflating is deterministic, so the bytes are zlib's).  None for anything else,
    or without ISA-L: the streaming decoder then decides (and words any error)."""
    if _isal_zlib is None or parse_codings(content_encoding) not in (["gzip"], ["x-gzip"]):
        return None
    inflater = _isal_zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        out = inflater.decompress(body)
    except _isal_zlib.error:
        return None
    return out if inflater.eof and not inflater.unused_data else None


def _stays_within(size: int, content_encoding: str | None, max_size: int) -> bool:
    """True if ``size`` bytes coded so cannot decode to more than ``max_size`` bytes: one
    gzip or deflate layer inflates at most ``DEFLATE_MAX_RATIO`` times (gzip members too)."""
    codings = parse_codings(content_encoding)
    return (len(codings) == 1 and codings[0] in ("gzip", "x-gzip", "deflate")
            and size * DEFLATE_MAX_RATIO <= max_size)


def inspect_decoding(
    chunks: Iterable[bytes],
    content_encoding: str | None,
    *,
    allow_incomplete: bool = False,
    max_size: int | None = None,
) -> DecodeCheck:
    """Decode without keeping the output: does it decode, and does it stay within
    ``max_size``?  Decoding stops at the first problem or past the limit."""
    size = 0
    try:
        for piece in decode_chunks(chunks, content_encoding, allow_incomplete=allow_incomplete):
            size += len(piece)
            if max_size and size > max_size:
                return DecodeCheck(too_large=True, decoded_size=size)
    except ContentDecodingError as exc:
        return DecodeCheck(problem=str(exc), decoded_size=size)
    return DecodeCheck(decoded_size=size)


def check_decodes(
    chunks: Iterable[bytes],
    content_encoding: str | None,
    *,
    allow_incomplete: bool = False,
    max_size: int | None = None,
) -> str | None:
    """None if the payload decodes (or decodes fine up to ``max_size`` bytes), else a
    short reason.  Reads ``chunks`` as far as decoding went."""
    return inspect_decoding(chunks, content_encoding, allow_incomplete=allow_incomplete,
                            max_size=max_size).problem
