"""Vietnamese date parsing: numeric dates are DAY-FIRST, results are aware (+07:00).

Dates are written in ASCII digits ("[0-9]", not the regex "\\d", which also reads Arabic,
Devanagari, fullwidth ... digits): a date of a year shows that year's four ASCII digits, so
the metadata code may look only at texts holding them.

htmldate reduces long Vietnamese dates ("ngày 18 tháng 02 năm 2021") to the year, so the
forms these sites use are parsed here.  Whether a date is a *header clock* depends on where it
sits in the page; that judgement lives in :mod:`archive.extract.metadata`, this module only
reports whether a date was prefixed by a weekday and whether it carried a time.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

logger = logging.getLogger(__name__)

VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")
MIN_YEAR, MAX_YEAR = 1995, 2100

_WEEKDAY = (
    r"(?:th[ứu]\s*(?:hai|ba|t[ưu]|n[ăa]m|s[áa]u|b[ảa]y|[2-7])|ch[ủu]\s*nh[ậa]t|CN|T[2-7])"
)
_TIME = (
    r"(?P<H>[0-9]{1,2})\s*(?::|h|giờ)\s*(?P<M>[0-9]{2})(?:\s*:\s*(?P<S>[0-9]{2}))?"
    r"(?:\s*(?P<ampm>AM|PM|SA|CH)\b)?"
)
# Each pattern starts with a digit and checks what precedes it just after that digit
# ("[0-9](?<![0-9/.-][0-9])" = a digit with no digit, slash, dot or dash before it): a pattern
# opening with a character class lets the regex engine skip to the next digit, several times
# faster on long texts (scripts, whole banners) than an opening look-behind.
_NUMERIC = re.compile(
    r"(?P<d>[0-9](?<![0-9/.-][0-9])[0-9]?)\s?[/.-]\s?(?P<m>[0-9]{1,2})\s?[/.-]\s?"
    r"(?P<y>[0-9]{4})(?![0-9])"
)
_LONG = re.compile(
    r"(?P<d>[0-9](?<![0-9][0-9])[0-9]?)\s+tháng\s+(?P<m>[0-9]{1,2})\s*(?:,\s*|\s+)(?:năm\s+)?"
    r"(?P<y>[0-9]{4})(?![0-9])",
    re.IGNORECASE,
)
_ISO = re.compile(
    r"(?P<y>[0-9](?<![0-9][0-9])[0-9]{3})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})"
    r"(?:[T ](?P<H>[0-9]{2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2}))?(?:\.[0-9]+)?"
    r"\s*(?P<tz>Z|[+-][0-9]{2}:?[0-9]{2})?)?(?![0-9])"
)
_TIME_AFTER = re.compile(r"\s*(?:[,|\-–—]\s*)?(?:lúc\s+|vào\s+lúc\s+)?" + _TIME, re.IGNORECASE)
_TIME_BEFORE = re.compile(_TIME + r"\s*(?:[,|\-–—]\s*)?(?:ngày\s+)?$", re.IGNORECASE)
_YEAR = re.compile(r"[0-9]{4}")  # every date form holds a four-digit year
_ZERO_DIGITS = bytes.maketrans(b"123456789", b"000000000")
_WEEKDAY_BEFORE = re.compile(_WEEKDAY + r"\s*[,:]?\s*(?:ngày\s*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class DateHit:
    """One date found in a string."""

    value: datetime  # aware, Asia/Ho_Chi_Minh
    start: int
    end: int
    has_time: bool
    weekday: bool  # prefixed by "Thứ ..."/"Chủ nhật"

    @property
    def day(self) -> date:
        return self.value.date()


def _time_parts(m: re.Match[str]) -> tuple[int, int, int] | None:
    hour, minute = int(m.group("H")), int(m.group("M"))
    second = int(m.group("S") or 0)
    ampm = (m.group("ampm") or "").upper()
    if ampm in ("PM", "CH") and hour < 12:
        hour += 12
    elif ampm in ("AM", "SA") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


def _build(y: str, m: str, d: str, hms: tuple[int, int, int] | None) -> datetime | None:
    try:
        year, month, day = int(y), int(m), int(d)
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        h, mi, s = hms or (0, 0, 0)
        return datetime(year, month, day, h, mi, s, tzinfo=VN_TZ)
    except ValueError:
        return None


def _local_hit(text: str, m: re.Match[str]) -> DateHit | None:
    start, end = m.span()
    hms = None
    after = _TIME_AFTER.match(text, end, min(len(text), end + 24))
    if after:
        hms = _time_parts(after)
        if hms:
            end = after.end()
    if hms is None:
        window_start = max(0, start - 24)
        before = _TIME_BEFORE.search(text, window_start, start)
        if before:
            hms = _time_parts(before)
            if hms:
                start = before.start()
    value = _build(m.group("y"), m.group("m"), m.group("d"), hms)
    if value is None:
        return None
    weekday = bool(_WEEKDAY_BEFORE.search(text, max(0, start - 24), start))
    return DateHit(value, start, end, hms is not None, weekday)


def _iso_hit(m: re.Match[str]) -> DateHit | None:
    hms = None
    if m.group("H"):
        hms = (int(m.group("H")), int(m.group("M")), int(m.group("S") or 0))
    value = _build(m.group("y"), m.group("m"), m.group("d"), hms)
    if value is None:
        return None
    tz = m.group("tz")
    if tz:
        if tz == "Z":
            offset = UTC
        else:
            sign = 1 if tz[0] == "+" else -1
            digits = tz[1:].replace(":", "")
            offset = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        value = value.replace(tzinfo=offset).astimezone(VN_TZ)
    return DateHit(value, m.start(), m.end(), hms is not None, False)


def has_year(text: str) -> bool:
    """Whether ``text`` holds four digits in a row (``_YEAR``).  An ASCII text (a stylesheet,
    a script) is tested with its digits mapped to "0": ten times faster than the regex on
    the long ones."""
    if text.isascii():
        return b"0000" in text.encode("ascii").translate(_ZERO_DIGITS)
    return _YEAR.search(text) is not None


def _local_patterns(text: str) -> tuple[re.Pattern[str], ...]:
    """The day-first patterns worth running on ``text``: the long form only where "tháng"
    occurs (a lowercase test finds what the case-blind pattern would: no other character
    matches one of its letters regardless of case).  Its "á" is looked for first: a text
    without "á" or "Á" (a long script) is not lowercased."""
    if text.isascii() or ("á" not in text and "Á" not in text) or "tháng" not in text.lower():
        return (_NUMERIC,)
    return (_LONG, _NUMERIC)


def find_dates(text: str) -> list[DateHit]:
    """All dates in ``text`` in order of appearance (numeric forms read day-first)."""
    if not text or not has_year(text):
        return []
    hits: list[DateHit] = []
    for m in _ISO.finditer(text):
        hit = _iso_hit(m)
        if hit:
            hits.append(hit)
    for pattern in _local_patterns(text):
        for m in pattern.finditer(text):
            if any(h.start <= m.start() < h.end for h in hits):
                continue
            hit = _local_hit(text, m)
            if hit:
                hits.append(hit)
    hits.sort(key=lambda h: h.start)
    return hits


def has_date(text: str) -> bool:
    """Whether :func:`find_dates` finds any date in ``text``; stops at the first one."""
    if not text or not has_year(text):
        return False
    if any(_iso_hit(m) for m in _ISO.finditer(text)):
        return True
    return any(_local_hit(text, m) for pattern in _local_patterns(text)
               for m in pattern.finditer(text))


def to_iso(value: datetime | None) -> str | None:
    """ISO 8601 in Vietnam time (``2021-07-09T00:00:00+07:00``)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=VN_TZ)
    return value.astimezone(VN_TZ).replace(tzinfo=None).isoformat() + "+07:00"


def local_day(value: datetime | None) -> date | None:
    """The calendar day of ``value`` in Vietnam (naive datetimes are taken as UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(VN_TZ).date()


def is_date_only(line: str, labels: Sequence[re.Pattern[str]] = ()) -> bool:
    """True when a line holds nothing but a date (with optional weekday/time, and one of the
    ``labels`` - the ``date_prefix`` rules, "Ngày đăng:", "Cập nhật lúc" - before it)."""
    hits = find_dates(line)
    if len(hits) != 1:
        return False
    # brackets around the whole line: "(Thứ hai, 19/04/2021 15:17)"
    rest = (line[: hits[0].start] + " " + line[hits[0].end :]).strip(" ()[]")
    rest = _WEEKDAY_BEFORE.sub("", rest).strip()
    for label in labels:
        m = label.match(rest)
        if m:
            rest = rest[m.end():]
            break
    return re.fullmatch(r"[\s()\[\]|,:\-–—·•]*", rest) is not None
