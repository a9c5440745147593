"""Turn served bytes into NFC text: BOM, HTTP charset, <meta> charset, then detection.

The declared charset is trusted only when the bytes decode cleanly with it; a single-byte
declaration over bytes that are valid multi-byte UTF-8 counts as a disagreement and UTF-8
wins (recorded as ``detected``).  windows-1258 and NFD pages decode to combining marks, so
the result is always normalised to NFC.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

Headers = Mapping[str, str] | Iterable[tuple[str, str]] | None

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CT_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SINGLE_BYTE = {"latin-1", "iso8859-1", "cp1252", "ascii", "iso8859-15", "cp1258"}
_VI_LETTERS = re.compile(r"[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")  # Vietnamese letters absent from Latin-1
_MOJIBAKE = re.compile(r"[ÃÂÄÅÆ][\x80-\xbf]|[\x80-\x9f]|\ufffd|[ðÐÞþ¤]|[\u0300-\u0323]")


@dataclass(frozen=True)
class Decoded:
    """Decoded page text and where the charset came from."""

    text: str
    charset: str
    source: str  # "http" | "bom" | "meta" | "detected"
    warnings: tuple[str, ...] = field(default_factory=tuple)
    # the UTF-8 bytes of ``text`` when they come free: the body, decoded as UTF-8 and already
    # in NFC (saves encoding the page again to parse and fingerprint it)
    utf8: bytes | None = field(default=None, repr=False, compare=False)


def header_value(headers: Headers, name: str) -> str | None:
    """Case-insensitive header lookup in a mapping or a list of pairs."""
    if not headers:
        return None
    items = headers.items() if isinstance(headers, Mapping) else headers
    lname = name.lower()
    for key, value in items:
        if key.lower() == lname:
            return value
    return None


def normalize_charset(name: str | bytes | None) -> str | None:
    """Python codec name for a declared charset, or None when unknown."""
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    name = name.strip().strip("\"'").lower()
    aliases = {"utf8": "utf-8", "unicode": "utf-8", "x-user-defined": "cp1252",
               "iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
               "windows-874": "cp874", "vn": "cp1258", "windows1258": "cp1258"}
    name = aliases.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _try(body: bytes, charset: str) -> str | None:
    try:
        return body.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return None


def _vi_score(text: str) -> float:
    """Higher when text looks like well-decoded Vietnamese."""
    sample = text[:50000]
    return len(_VI_LETTERS.findall(sample)) - 5 * len(_MOJIBAKE.findall(sample))


def _detect(body: bytes) -> tuple[str, str]:
    """Best decoding by charset-normalizer plus Vietnamese-aware candidates."""
    candidates: list[str] = []
    try:
        from charset_normalizer import from_bytes

        for match in list(from_bytes(body[:200000]))[:3]:
            name = normalize_charset(match.encoding)
            if name and name not in candidates:
                candidates.append(name)
    except Exception as exc:  # pragma: no cover - detection must never break extraction
        logger.debug("charset detection failed: %s", exc)
    for extra in ("utf-8", "cp1258", "cp1252"):
        if extra not in candidates:
            candidates.append(extra)
    best: tuple[float, str, str] | None = None
    for charset in candidates:
        text = _try(body, charset)
        if text is None:
            continue
        score = _vi_score(unicodedata.normalize("NFC", text))
        if best is None or score > best[0]:
            best = (score, charset, text)
    if best is None:
        return body.decode("utf-8", "replace"), "utf-8"
    return best[2], best[1]


# Characters that NFC leaves alone wherever they stand: combining class 0, NFC quick check
# "yes" (not changed by NFC on their own, never composed with a character before them).
# Below U+0300 all of them are; above, the ranges below (tests/test_extract_decoding.py
# checks each character against the Unicode data of the running Python).
NFC_STABLE = ("\x00-\u02ff\u0375-\u037d\u037f-\u0386\u0388-\u0482\u0488-\u052f\u1e00-\u1eff"
              "\u2002-\u20cf\u20f1-\u2125\u212c-\u2328\u232b-\u2adb\u2add-\u2bff\u3000-\u3029"
              "\u3030-\u3098\u309b-\u30ff\u4e00-\u9fff\uac00-\ud7a3\uff00-\uffef")
_UNSTABLE = re.compile(f"[^{NFC_STABLE}]")
_ASCII = re.compile(r"[\x00-\x7f]")
MAX_PIECES = 64  # pieces normalised one by one; a page with more is normalised whole
MAX_RUN = 256  # characters walked back to the ASCII character a piece starts at


# Vietnamese tone, hat, breve and horn marks typed as combining characters: a page holding
# one is normalised piece by piece (Python's quick check would normalise it whole to tell)
_TYPED_MARKS = ("\u0300", "\u0301", "\u0302", "\u0303", "\u0306", "\u0309", "\u031b",
                "\u0323")
_MARK_LEADS = (b"\xcc", b"\xcd")  # first bytes of U+0300-U+037F in UTF-8


def _to_nfc(text: str, utf8: bytes | None = None) -> str:
    """``text`` in NFC; ``utf8``: the bytes it was decoded from as UTF-8, if it was (only
    which way is faster depends on it)."""
    if any(lead in utf8 for lead in _MARK_LEADS) if utf8 is not None \
            else any(mark in text for mark in _TYPED_MARKS):
        return _pieces_to_nfc(text)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _pieces_to_nfc(text: str) -> str:
    """``unicodedata.normalize("NFC", text)``, normalising only what may change.

    NFC(a + b) = NFC(a) + NFC(b) when ``b`` starts with an ASCII character (combining class
    0, never composed with what precedes it, never reordered), and a text of stable
    characters is its own NFC.  So only the pieces from the ASCII character before an
    unstable character (mostly a combining mark typed after its letter) to the one after it
    are normalised, not a whole page for a few such marks."""
    found = _UNSTABLE.search(text)
    if found is None:
        return text
    parts: list[str] = []
    done = 0  # text[:done] is in parts
    changed = False
    while found is not None:
        if len(parts) >= 2 * MAX_PIECES:
            return unicodedata.normalize("NFC", text)
        start = found.start()
        floor = max(done, start - MAX_RUN)
        while start > floor and not text[start - 1].isascii():
            start -= 1
        if start > floor:
            start -= 1  # the piece starts at the ASCII character before the run
        elif start > done:
            return unicodedata.normalize("NFC", text)  # a long run without ASCII
        after = _ASCII.search(text, found.end())
        end = after.start() if after is not None else len(text)
        piece = text[start:end]
        normal = unicodedata.normalize("NFC", piece)
        changed = changed or normal != piece
        parts += (text[done:start], normal)
        done = end
        found = _UNSTABLE.search(text, done)
    parts.append(text[done:])
    return "".join(parts) if changed else text


def _from_utf8(data: bytes, text: str, source: str, warnings: list[str]) -> Decoded:
    """``text``, decoded from ``data`` as UTF-8, in NFC."""
    nfc = _to_nfc(text, data)
    return Decoded(nfc, "utf-8", source, tuple(warnings), data if nfc is text else None)


def decode_body(body: bytes, headers: Headers = None) -> Decoded:
    """Decode ``body``: BOM, then HTTP charset, then <meta>, then detection; NFC result."""
    warnings: list[str] = []
    for bom, charset in _BOMS:
        if body.startswith(bom):
            data = body[len(bom):]
            text = _try(data, charset)
            if text is not None:
                if charset == "utf-8":
                    return _from_utf8(data, text, "bom", warnings)
                return Decoded(_to_nfc(text), charset, "bom")
    content_type = header_value(headers, "content-type") or ""
    m = _CT_CHARSET.search(content_type.encode("latin-1", "ignore"))
    declared: list[tuple[str, str]] = []
    if m:
        declared.append(("http", m.group(1).decode("ascii", "ignore")))
    m = _META_CHARSET.search(body[:4096])
    if m:
        declared.append(("meta", m.group(1).decode("ascii", "ignore")))
    for source, raw in declared:
        named = normalize_charset(raw)
        if named is None:
            warnings.append(f"unknown {source} charset {raw!r}")
            continue
        charset = named
        text = _try(body, charset)
        if text is None:
            warnings.append(f"{source} charset {raw!r} does not decode the body")
            continue
        if charset in _SINGLE_BYTE and not body.isascii():
            utf8 = _try(body, "utf-8")
            if utf8 is not None:
                warnings.append(f"{source} charset {raw!r} disagrees with UTF-8 bytes")
                return _from_utf8(body, utf8, "detected", warnings)
        if charset == "utf-8":
            return _from_utf8(body, text, source, warnings)
        return Decoded(_to_nfc(text), charset, source, tuple(warnings))
    if body.isascii():
        return Decoded(body.decode("ascii"), "utf-8", "detected", tuple(warnings), body)
    utf8 = _try(body, "utf-8")
    if utf8 is not None:
        return _from_utf8(body, utf8, "detected", warnings)
    text, charset = _detect(body)
    logger.debug("detected charset %s", charset)
    return Decoded(_to_nfc(text), charset, "detected", tuple(warnings))
