"""Article metadata, one function per field: title, canonical URL, published, modified.

A headline is never a link to another page: on listings the headings are teaser links, so a
candidate inside (or wholly made of) such a link is skipped.

Publication dates come from the rule selectors, then markup (meta/time), then short date-only
texts right after the headline, then a labelled date elsewhere ("Ngày đăng 12/09/2017 | 02:15
PM").  A date without a time takes the time of a labelled date of the same day when the page
shows one.  A *header clock* (the date the page was fetched, printed in the banner) is never
taken: dates inside header/banner/clock chrome are rejected, and so is a weekday-prefixed date
equal to the fetch day.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

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
_TITLE_SEP = re.compile(r"(\s+(?:[|–—>»]|-{1,2}|::)\s+|\s*\|\s*)")
# an edge segment of <title> that names the site: "Ban Dân tộc tỉnh Kon Tum", "Báo Lạng Sơn"
_SITE_PREFIX = re.compile(
    r"(?i)^(?:ban dân tộc|sở dân tộc|báo|cổng thông tin|cổng ttđt|cổng tt|trang thông tin|"
    r"trang tin|ủy ban nhân dân|uỷ ban nhân dân|ubnd|tạp chí|đài phát thanh)\b"
)
_SITE_WORDS = {"tỉnh", "thành", "phố", "tp", "điện", "tử", "và", "tôn", "giáo", "dân", "tộc",
               "thông", "tin", "nhân", "của", "trang", "cũ", "mới", "miền", "núi", "ban", "sở"}
_DOMAIN = re.compile(r"(?i)\b[\w-]+\.(?:gov\.vn|vn|com|net|org)\b")
_PUB_LABEL = re.compile(
    r"(?i)ngày\s*đăng|đăng\s*ngày|được\s*đăng|đăng\s*lúc|thời\s*gian\s*đăng|ngày\s*xuất\s*bản|"
    r"posted|published"
)
# short texts holding a digit date ("12/09/2017", "5-5-2021", "2021-07-09") or "tháng":
# digits are mapped to 0 so the test runs inside libxml2, not in Python
_DATE_TEXTS = etree.XPath(
    "//body//text()[string-length(normalize-space(.)) >= 8"
    " and string-length(normalize-space(.)) <= 80"
    " and (contains(translate(., '123456789', '000000000'), '0/0')"
    " or contains(translate(., '123456789', '000000000'), '0-0')"
    " or contains(translate(., '123456789', '000000000'), '0.0')"
    " or contains(., 'tháng'))]"
)
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
    body_anchor: Any = None  # body_el, else the densest paragraph block (never pruned)
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


def _site_like(segment: str, ctx: PageContext) -> bool:
    """Whether a <title> segment names the site rather than the page."""
    segment = segment.strip()
    if ctx.site and ctx.site.name and segment.casefold() == ctx.site.name.casefold():
        return True
    if _DOMAIN.search(segment) and len(segment.split()) <= 4:
        return True
    words = segment.split()
    if not _SITE_PREFIX.match(segment) or len(words) > 12 or any(c.isdigit() for c in segment):
        return False
    # after the prefix a site name is a place name: capitalised words (and a few fixed ones)
    rest = [w.strip("()[],.") for w in words[1:]]
    lower = [w for w in rest if w and w[0].islower() and w.casefold() not in _SITE_WORDS]
    return len(lower) <= 1


def _strip_site_name(title: str, ctx: PageContext) -> str:
    """``<title>``/og:title without the site's name ("Tiêu đề - Báo Lạng Sơn" -> "Tiêu đề").

    Only edge segments that look like a site name are removed, so a headline that itself
    contains " - " ("phát triển kinh tế - xã hội") stays whole.
    """
    pieces = _TITLE_SEP.split(title)
    segs, seps = pieces[0::2], pieces[1::2]
    if len(segs) < 2:
        return title
    stripped = False
    while len(segs) > 1 and _site_like(segs[-1], ctx):
        segs.pop()
        seps.pop()
        stripped = True
    while not stripped and len(segs) > 1 and _site_like(segs[0], ctx):
        segs.pop(0)
        seps.pop(0)
    if len(segs) == len(pieces[0::2]) and any("|" in sep for sep in seps):
        return max((x.strip() for x in segs), key=len)  # "Trang | Mục | Site": the longest part
    out = segs[0]
    for sep, seg in zip(seps, segs[1:], strict=True):
        out += sep + seg
    return out.strip()


def _same_page(href: str, ctx: PageContext) -> bool:
    def key(url: str) -> tuple[str, str, str]:
        parts = urlsplit(url)
        return parts.netloc.lower(), parts.path.rstrip("/") or "/", parts.query

    target = key(urljoin(ctx.url, href))
    if target == key(ctx.url):
        return True
    canonical = ctx.tree.xpath("//link[@rel='canonical']/@href")
    return bool(canonical) and target == key(urljoin(ctx.url, canonical[0].strip()))


def linked_elsewhere(el: Any, ctx: PageContext) -> bool:
    """Whether a headline candidate is a link to another page (a teaser, not the headline)."""
    anchor = el if el.tag == "a" else next(el.iterancestors("a"), None)
    if anchor is None:
        links = [a for a in el.iter("a") if a.get("href")]
        if len(links) != 1 or clean(links[0].text_content()) != clean(el.text_content()):
            return False
        anchor = links[0]
    href = (anchor.get("href") or "").strip()
    if not href or href.startswith("#") or href.lower().startswith(("javascript:", "mailto:")):
        return False
    return not _same_page(href, ctx)


def extract_title(ctx: PageContext) -> str | None:
    """The headline: rule selectors (site, family, common), then ``<title>``."""
    for sel in ctx.rules.get("title"):
        for el in sel.select(ctx.tree, ctx.index):
            if sel.attr is None and linked_elsewhere(el, ctx):
                continue
            value = clean(sel.value(el))
            value = _strip_trailing_date(_TITLE_TRAIL.sub("", value).strip())
            if sel.attr == "content":
                value = _strip_site_name(value, ctx)
            if value and _good_title(value, ctx):
                ctx.title_el = el if sel.attr is None else _heading_for(value, ctx)
                return value
    for el in ctx.tree.iter("h1"):
        value = clean(el.text_content())
        if value and _good_title(value, ctx) and not linked_elsewhere(el, ctx):
            ctx.title_el = el
            return value
    titles = ctx.tree.xpath("//head/title")
    if titles:
        value = _strip_site_name(clean(titles[0].text_content()), ctx)
        if value and _good_title(value, ctx):
            ctx.title_el = _heading_for(value, ctx)
            return value
    return None


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b")


def _heading_for(title: str, ctx: PageContext) -> Any:
    """The page element showing a title found in metadata (same text, not a teaser link)."""
    wanted = title.casefold()
    for tag in _HEADINGS:
        els = ctx.index.by_tag.get(tag, []) if ctx.index is not None else ctx.tree.iter(tag)
        for el in els:
            if clean(el.text_content()).casefold() == wanted and not linked_elsewhere(el, ctx):
                return el
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


def _in_teaser_list(el: Any) -> bool:
    """Inside a link or a list item / table row that holds a link ("Các tin khác" entries)."""
    for node in (el, *el.iterancestors()):
        if node.tag == "a":
            return True
        if node.tag in ("li", "tr") and node.find(".//a") is not None:
            return True
        if node.tag in ("body", "article", "main", "table", "ul", "ol"):
            return False
    return False


def _labelled_hits(ctx: PageContext, wanted: Callable[[DateHit, int], bool]
                   ) -> list[tuple[DateHit, int]]:
    """Dates in short texts outside chrome and teaser lists, with a rank: 0 publication label
    ("Ngày đăng", "Được đăng ngày"), 1 other label or a date alone ("(12/09/2017)"),
    2 modification label ("Cập nhật lúc").  A date inside a sentence is not page metadata.
    Only hits ``wanted`` accepts are checked against their place in the page (the costly part).
    """
    out: list[tuple[DateHit, int]] = []
    for node in _DATE_TEXTS(ctx.tree):
        text = clean(str(node))
        if _PUB_LABEL.search(text):
            rank = 0
        elif _MODIFIED_LABEL.search(text):
            rank = 2
        elif is_date_only(text) or _LABEL.search(text):
            rank = 1
        else:
            continue
        hits = [h for h in find_dates(text) if wanted(h, rank)]
        parent = node.getparent()
        if not hits or parent is None or parent.tag in ("script", "style", "noscript", "title",
                                                        "option"):
            continue
        element = parent.getparent() if node.is_tail and parent.getparent() is not None \
            else parent
        if _in_teaser_list(element):
            continue
        warnings = len(ctx.warnings)
        good = [h for h in hits if _acceptable(h, element, ctx)]
        del ctx.warnings[warnings:]  # only the dates actually used are worth a warning
        out.extend((h, rank) for h in good)
    return out


def has_page_date(ctx: PageContext) -> bool:
    """Whether the page shows a date as metadata anywhere: a labelled date ("Ngày đăng ...",
    "Cập nhật lúc ...") or a date alone, outside chrome and teaser lists."""
    return bool(_labelled_hits(ctx, lambda _h, _rank: True))


def _midnight(value: datetime) -> bool:
    return (value.hour, value.minute, value.second) == (0, 0, 0)


def extract_published(ctx: PageContext, *, use_htmldate: bool = False) -> datetime | None:
    """Publication date: rule selectors, near the headline, a labelled date, (generic) htmldate.

    A date shown without a time gets the time of a labelled date of the same day elsewhere on
    the page ("(12/09/2017)" under the headline, "Ngày đăng 12/09/2017 | 02:15 PM" below).
    """
    found = _from_selectors(ctx.rules.get("published"), ctx)
    if found is None:
        hits = _near_title(ctx)
        found = hits[0].value if hits else None
    if found is None:
        labelled = _labelled_hits(ctx, lambda _h, rank: rank == 0)
        found = labelled[0][0].value if labelled else None
    if found is None and use_htmldate:
        found = _htmldate(ctx)
    if found is not None and _midnight(found):
        day = found.date()
        same_day = _labelled_hits(ctx, lambda h, _rank: h.has_time and h.day == day)
        if same_day:
            found = min(same_day, key=lambda hit_rank: hit_rank[1])[0].value
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
