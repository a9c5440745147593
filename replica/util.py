"""Helpers shared by the site renderers: escaping, Vietnamese dates, charsets."""

from __future__ import annotations

import base64
import hashlib
import html
import unicodedata
from datetime import UTC, datetime

from replica.content import VN_TZ

WEEKDAYS_LOWER = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]
WEEKDAYS_TITLE = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def esc(text: str) -> str:
    """HTML-escape text and attribute values."""
    return html.escape(text, quote=True)


def now_vn() -> datetime:
    """The current time in Asia/Ho_Chi_Minh."""
    return datetime.now(VN_TZ)


def clock_lower(day: datetime) -> str:
    """Newspaper header clock: 'Thứ sáu, 22/01/2021'."""
    return f"{WEEKDAYS_LOWER[day.weekday()]}, {day:%d/%m/%Y}"


def clock_3cms(day: datetime) -> str:
    """3cms showDateViet() clock: 'Thứ Hai, 22-1-2021' (no zero padding)."""
    return f"{WEEKDAYS_TITLE[day.weekday()]}, {day.day}-{day.month}-{day.year}"


def joomla_date(day: datetime) -> str:
    """Joomla vi-VN DATE_FORMAT_LC1: 'Thứ sáu, 30 Tháng 6 2017'."""
    return f"{WEEKDAYS_LOWER[day.weekday()]}, {day.day:02d} Tháng {day.month} {day.year}"


def iso(day: datetime) -> str:
    """ISO 8601 with offset, seconds precision."""
    return day.replace(microsecond=0).isoformat()


def http_date(day: datetime) -> str:
    """RFC 7231 IMF-fixdate."""
    from email.utils import format_datetime

    return format_datetime(day.astimezone(UTC), usegmt=True)


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def encode_cp1258(text: str) -> bytes:
    """Encode like Windows does for windows-1258: a precomposed letter where the code
    page has one, else base letter (with circumflex/breve/horn) + combining tone mark;
    characters outside the code page become numeric character references."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in decomposed[1:] if m in _TONE_MARKS)
        others = "".join(m for m in decomposed[1:] if m not in _TONE_MARKS)
        head = unicodedata.normalize("NFC", decomposed[0] + others)
        try:
            out += head.encode("cp1258") + tones.encode("cp1258")
        except UnicodeEncodeError:
            out += f"&#{ord(ch)};".encode("ascii")
    return bytes(out)


def viewstate(seed: str, size: int = 12000) -> str:
    """A deterministic, large, base64 __VIEWSTATE value."""
    chunks = []
    block = hashlib.sha256(seed.encode()).digest()
    while len(chunks) * 32 < size * 3 // 4:
        block = hashlib.sha256(block).digest()
        chunks.append(block)
    return "/wEPDwUK" + base64.b64encode(b"".join(chunks)).decode("ascii")


def paginate(items: list, page: int, per_page: int) -> tuple[list, int]:
    """(items of a 1-based page, number of pages >= 1)."""
    pages = max(1, -(-len(items) // per_page))
    return items[(page - 1) * per_page : page * per_page], pages
