"""Article metadata, one function per field: title, canonical URL, published, modified.

Publication dates come from the rule selectors, then markup (meta/time), then short date-only
texts right after the headline.  A *header clock* (the date the page was fetched, printed in
the banner) is never taken: dates inside header/banner/clock chrome are rejected, and so is a
weekday-prefixed date equal to the fetch day.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urljoin

from .dates import DateHit, find_dates, is_date_only
from .model import SiteInfo
from .rules import Rules, Selector, TreeIndex

logger = logging.getLogger(__name__)

_HEADER_TOKENS = {
    "header", "site-header", "main-header", "top-header", "header-top", "headertop",
    "header-wrapper", "header-wrap", "headerwrap", "topbar", "top-bar", "top", "banner",
    "masthead", "clock", "date-time", "datetime", "current-date", "currentdate", "today",
    "ngay-thang", "ngaythang", "time-now", "date-now", "navbar", "top-menu", "topmenu",
}
_HEADER_PARTS = ("clock", "currentdate", "current-date", "banner", "headerdate", "header-date")
_LABEL = re.compile(r"(?i)ngày|đăng|cập nhật|lúc|thời gian|\(|posted|published|updated|date")
_MODIFIED_LABEL = re.compile(r"(?i)cập\s*nhật|sửa|updated|modified")
_TITLE_TRAIL = re.compile(r"\s*\(\s*(?:\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?)?\s*\)\s*$")
_TITLE_SPLIT = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")
MIN_TITLE, MAX_TITLE = 6, 400


@dataclass
class PageContext:
    """What the field functions share about one page."""

    tree: Any
    url: str
    rules: Rules
    site: SiteInfo | None = None
    fetched_day: date | None = None
    title_el: Any = None
    body_el: Any = None
    clocks: set[Any] = field(default_factory=set)
    index: TreeIndex | None = None
    rejected_days: set[date] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


def clean(text: str | None) -> str:
    """Collapse whitespace (incl. NBSP) and normalise to NFC."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", " ".join(text.split()))


# --- title ----------------------------------------------------------------------------------

def _good_title(title: str, ctx: PageContext) -> bool:
    if not MIN_TITLE <= len(title) <= MAX_TITLE:
        return False
    if ctx.site and ctx.site.name and title.casefold() == ctx.site.name.casefold():
        return False
    return ctx.rules.drops(title) is None


def _strip_trailing_date(title: str) -> str:
    hits = find_dates(title)
    if hits and hits[-1].end >= len(title.rstrip(" )]")):
        head = title[: hits[-1].start].rstrip(" -–|,([")
        head = re.sub(r"(?i)\s*(?:ngày(?:\s*đăng)?|cập nhật(?:\s*lúc)?)\s*:?$", "", head).rstrip()
        if len(head) >= MIN_TITLE * 2:
            return head
    return title


def _strip_site_name(title: str, ctx: PageContext) -> str:
    parts = [p for p in _TITLE_SPLIT.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    if ctx.site and ctx.site.name:
        parts = [p for p in parts if p.casefold() != ctx.site.name.casefold()] or parts
    return max(parts, key=len)


def extract_title(ctx: PageContext) -> str | None:
    """The headline: rule selectors (site, family, common), then ``<title>``."""
    for sel in ctx.rules.get("title"):
        for el in sel.select(ctx.tree, ctx.index):
            value = clean(sel.value(el))
            value = _strip_trailing_date(_TITLE_TRAIL.sub("", value).strip())
            if sel.attr == "content":
                value = _strip_site_name(value, ctx)
            if value and _good_title(value, ctx):
                if sel.attr is None:
                    ctx.title_el = el
                return value
    for el in ctx.tree.iter("h1"):
        value = clean(el.text_content())
        if value and _good_title(value, ctx):
            ctx.title_el = el
            return value
    titles = ctx.tree.xpath("//head/title")
    if titles:
        value = _strip_site_name(clean(titles[0].text_content()), ctx)
        if value and _good_title(value, ctx):
            return value
    return None


def extract_canonical(ctx: PageContext) -> str:
    """``<link rel=canonical>``, then ``og:url``, else the page URL."""
    for xp in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        values = ctx.tree.xpath(xp)
        if values and values[0].strip():
            return urljoin(ctx.url, values[0].strip())
    return ctx.url


# --- dates ----------------------------------------------------------------------------------

def in_chrome_header(el: Any, ctx: PageContext) -> bool:
    """Whether ``el`` sits in the page banner/header or a clock widget."""
    node = el
    while node is not None and isinstance(node.tag, str) and node.tag not in ("body", "html"):
        if node in ctx.clocks:
            return True
        if node.tag == "header" and not node.xpath("ancestor::article|ancestor::main"):
            cls = (node.get("class") or "").lower()
            if not any(word in cls for word in ("entry", "post", "article")):
                return True
        for token in f"{node.get('id') or ''} {node.get('class') or ''}".lower().split():
            if token in _HEADER_TOKENS or any(part in token for part in _HEADER_PARTS):
                return True
        node = node.getparent()
    return False


def _before_title(el: Any, ctx: PageContext) -> bool:
    if ctx.title_el is None or el is None:
        return False
    mine, title = el.sourceline, ctx.title_el.sourceline
    if mine is not None and title is not None:
        return mine < title
    return ctx.title_el in el.xpath("following::*")


def _acceptable(hit: DateHit, el: Any, ctx: PageContext) -> bool:
    day = hit.day
    if ctx.fetched_day and day > ctx.fetched_day + timedelta(days=1):
        ctx.warnings.append(f"future date {day} rejected")
        return False
    if el is None:
        return True
    if in_chrome_header(el, ctx):
        ctx.warnings.append(f"header clock {day} rejected")
        ctx.rejected_days.add(day)
        return False
    if hit.weekday and ctx.fetched_day and day == ctx.fetched_day and (
            not hit.has_time or _before_title(el, ctx)):
        ctx.warnings.append(f"weekday date equal to fetch day {day} rejected as header clock")
        ctx.rejected_days.add(day)
        return False
    return True


def _from_selectors(selectors: tuple[Selector, ...], ctx: PageContext) -> datetime | None:
    for sel in selectors:
        for el in sel.select(ctx.tree, ctx.index):
            value = sel.value(el)
            if not value:
                continue
            for hit in find_dates(value):
                if _acceptable(hit, None if sel.attr else el, ctx):
                    return hit.value
    return None


def _text_nodes(ctx: PageContext, axis: str, limit: int) -> list[tuple[str, Any]]:
    out = []
    for node in ctx.title_el.xpath(f"{axis}::text()[position() <= {limit}]"):
        parent = node.getparent()
        if parent is None or parent.tag in ("script", "style", "noscript", "title"):
            continue
        if node.is_tail and parent.getparent() is not None:
            parent = parent.getparent()
        out.append((clean(str(node)), parent))
    return out


def _near_title(ctx: PageContext) -> list[DateHit]:
    """Short date texts just after (or, within its container, before) the headline."""
    if ctx.title_el is None:
        return []
    hits: list[DateHit] = []
    seen = 0
    for text, parent in _text_nodes(ctx, "following", 60):
        if not text:
            continue
        if ctx.body_el is not None and (parent is ctx.body_el or ctx.body_el in
                                        parent.iterancestors()) and seen > 0:
            break
        seen += len(text)
        if len(text) <= 80 and (is_date_only(text) or _LABEL.search(text)):
            hits.extend(h for h in find_dates(text) if _acceptable(h, parent, ctx))
            if hits:
                return hits
        if len(text) > 150 or seen > 600:
            break
    container = ctx.title_el.getparent()
    for el in ctx.title_el.itersiblings(preceding=True):
        text = clean(el.text_content())
        if text and len(text) <= 80 and is_date_only(text):
            hits.extend(h for h in find_dates(text) if _acceptable(h, el, ctx))
        if hits or container is None:
            break
    return hits


def _htmldate(ctx: PageContext) -> datetime | None:
    try:
        from htmldate import find_date

        found = find_date(ctx.tree, extensive_search=False, original_date=True,
                          outputformat="%Y-%m-%d %H:%M:%S")
    except Exception as exc:  # pragma: no cover - htmldate is a best-effort fallback
        logger.debug("htmldate failed: %s", exc)
        return None
    if not found:
        return None
    hits = find_dates(found)
    if not hits or hits[0].day in ctx.rejected_days or hits[0].day == ctx.fetched_day:
        return None  # htmldate cannot say where it found the date: a clock is likely
    return hits[0].value if _acceptable(hits[0], None, ctx) else None


def extract_published(ctx: PageContext, *, use_htmldate: bool = False) -> datetime | None:
    """Publication date: rule selectors, then near the headline, then (generic) htmldate."""
    found = _from_selectors(ctx.rules.get("published"), ctx)
    if found is None:
        hits = _near_title(ctx)
        found = hits[0].value if hits else None
    if found is None and use_htmldate:
        found = _htmldate(ctx)
    return found


def extract_modified(ctx: PageContext, published: datetime | None) -> datetime | None:
    """Last-modified date from rule selectors or an "updated" label near the headline."""
    found = _from_selectors(ctx.rules.get("modified"), ctx)
    if found is None and ctx.title_el is not None:
        for text, parent in _text_nodes(ctx, "following", 30):
            if len(text) <= 80 and _MODIFIED_LABEL.search(text):
                hits = [h for h in find_dates(text) if _acceptable(h, parent, ctx)]
                if hits:
                    found = hits[0].value
                    break
    if found is not None and published is not None and found <= published:
        return None
    return found
