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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from .dates import DateHit, find_dates, is_date_only
from .model import SiteInfo
from .rules import Rules, Selector, TreeIndex
from .selectors import text_of

logger = logging.getLogger(__name__)

_TITLE_TRAIL = re.compile(r"\s*\(\s*(?:\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?)?\s*\)\s*$")
_TITLE_SEP = re.compile(r"(\s+(?:[|–—>»]|-{1,2}|::)\s+|\s*\|\s*)")
_DOMAIN = re.compile(r"(?i)\b[\w-]+\.(?:gov\.vn|vn|com|net|org)\b")
# what stands before the date of a dated byline: a short name and a separator
_BYLINE_DATE = re.compile(r"^\s*([^\d()|:]{2,60}?)\s*[-–—|,]\s*$")
# short texts holding a digit date ("12/09/2017", "5-5-2021", "2021-07-09") or "tháng":
# digits are mapped to 0 and the separators to "/" so the test runs inside libxml2 (after a
# cheap first filter: a digit date needs one of the separators); ``_DATE_TEXTS_OF`` the same
# texts holding the four digits of year $a (or $b), looked for first: most texts fail it
_DATE_TEXTS_REST = (
    "[contains(., '/') or contains(., '.') or contains(., '-') or contains(., 'tháng')]"
    "[string-length(normalize-space(.)) >= 8"
    " and string-length(normalize-space(.)) <= 80"
    " and (contains(translate(., '123456789-.', '000000000//'), '0/0')"
    " or contains(., 'tháng'))]"
)
_DATE_TEXTS = etree.XPath("//body/descendant::text()" + _DATE_TEXTS_REST)
_DATE_TEXTS_OF = etree.XPath("//body/descendant::text()[contains(., $a)]" + _DATE_TEXTS_REST)
_DATE_TEXTS_OF_2 = etree.XPath("//body/descendant::text()[contains(., $a) or contains(., $b)]"
                               + _DATE_TEXTS_REST)
# the XPaths of the field functions, compiled once
_CANONICAL = etree.XPath("//link[@rel='canonical']/@href")
_OG_URL = etree.XPath("//meta[@property='og:url']/@content")
_OG_TITLE = etree.XPath("//meta[@property='og:title']/@content")
_TITLE_TEXTS = etree.XPath("//head/title//text()")
_TEXTS = etree.XPath("descendant::text()")
_SITE_NAMES = etree.XPath("//meta[@property='og:site_name' or @name='application-name']/@content")
_LAST_TEXT = etree.XPath("(descendant::text()[normalize-space()])[last()]")
_TEXT_BEFORE = etree.XPath("preceding::text()[normalize-space()][1]")
_FOLLOWING = etree.XPath("following::*")
_FOLLOWING_TEXTS = etree.XPath("following::text()[position() <= $limit]")
_SHOWING = etree.XPath("//body//*[normalize-space(.)=$t]")
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
    clock_origin: dict[Any, str] = field(default_factory=dict)
    not_title: dict[Any, str] = field(default_factory=dict)  # box/widget element -> rule
    accounts: dict[Any, str] = field(default_factory=dict)  # CMS account field -> rule
    provenance: dict[str, str] = field(default_factory=dict)  # field -> rule or heuristic
    explain: list[tuple[str, str, str]] = field(default_factory=list)  # (what, rule, text)
    byline_texts: list[str] = field(default_factory=list)  # byline lines used as metadata
    date_texts: list[tuple[Any, str]] | None = None  # see :func:`_date_texts`
    title_texts: list[Any] | None = None  # see :func:`_text_nodes`
    title_read: list[tuple[str, Any] | None] = field(default_factory=list)  # their texts

    def chose(self, name: str, origin: str) -> None:
        """Record which rule (file:line) or named heuristic decided field ``name``."""
        self.provenance[name] = origin
        self.explain.append((f"chose {name}", origin, ""))

    def rejected(self, what: str, origin: str, text: str) -> None:
        self.explain.append((what, origin, text[:100]))


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


def _date_only(text: str, ctx: PageContext) -> bool:
    """Whether ``text`` is a date alone (``date_prefix`` labels allowed before it)."""
    return is_date_only(text, ctx.rules.patterns("date_prefix"))


def _strip_date_label(head: str, rules: Rules) -> str:
    """``head`` without a ``date_prefix`` label at its end ("... Ngày đăng:")."""
    words = head.split(" ")
    for k in range(min(4, len(words) - 1), 0, -1):
        found = rules.label("date_prefix", " ".join(words[-k:]))
        if found and not found[1].strip(" :："):
            return " ".join(words[:-k]).rstrip()
    return head


def _unbalanced(text: str) -> bool:
    """Whether ``text`` opens a bracket it does not close ("Ngày ... (27/7/1947") or closes
    one it did not open."""
    return text.count("(") != text.count(")") or text.count("[") != text.count("]")


def _strip_trailing_date(title: str, rules: Rules, confirming: list[str] | None = None) -> str:
    """``title`` without a date stamp at its end ("Tiêu đề 12/09/2017").  The date stays when
    it is part of the headline: the end of a range in brackets ("(27/7/1947 - 27/7/2023)"), or
    a date that a ``confirming`` page title (``<title>``, og:title) also carries."""
    hits = find_dates(title)
    if hits and hits[-1].end >= len(title.rstrip(" )]")):
        head = title[: hits[-1].start].rstrip(" -–|,([")
        head = _strip_date_label(head, rules)
        if len(head) >= MIN_TITLE * 2 and not _unbalanced(head) and not any(
                folded_words(title) in folded_words(t) for t in confirming or ()):
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
    if not ctx.rules.first("site_name", segment) or len(words) > 12 or \
            any(c.isdigit() for c in segment):
        return False
    # after the prefix a site name is a place name: capitalised words (and the few words
    # ``site_name_word`` rules list)
    rest = [w.strip("()[],.") for w in words[1:]]
    lower = [w for w in rest if w and w[0].islower()
             and not ctx.rules.first("site_name_word", w)]
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
    def joined(first: int, last: int) -> str:
        out = segs[first]
        for k in range(first + 1, last):
            out += seps[k - 1] + segs[k]
        return out

    # never cut at a separator inside brackets ("(27/7/1947 - 27/7/2023)")
    whole = not _unbalanced(title)
    stripped = False
    while len(segs) > 1 and _site_like(segs[-1], ctx) and not (
            whole and _unbalanced(joined(0, len(segs) - 1))):
        segs.pop()
        seps.pop()
        stripped = True
    while not stripped and len(segs) > 1 and _site_like(segs[0], ctx) and not (
            whole and _unbalanced(joined(1, len(segs)))):
        segs.pop(0)
        seps.pop(0)
    if len(segs) == len(pieces[0::2]) and any("|" in sep for sep in seps):
        out = max((x.strip() for x in segs), key=len)  # "Trang | Mục | Site": the longest part
        if not (whole and _unbalanced(out)):
            return out
    return joined(0, len(segs)).strip()


def _same_page(href: str, ctx: PageContext) -> bool:
    def key(url: str) -> tuple[str, str, str]:
        parts = urlsplit(url)
        return parts.netloc.lower(), parts.path.rstrip("/") or "/", parts.query

    target = key(urljoin(ctx.url, href))
    if target == key(ctx.url):
        return True
    canonical = _CANONICAL(ctx.tree)
    return bool(canonical) and target == key(urljoin(ctx.url, canonical[0].strip()))


def linked_elsewhere(el: Any, ctx: PageContext) -> bool:
    """Whether a headline candidate is a link to another page (a teaser, not the headline)."""
    anchor = el if el.tag == "a" else next(el.iterancestors("a"), None)
    if anchor is None:
        links = [a for a in el.iter("a") if a.get("href")]
        if len(links) != 1 or clean(text_of(links[0])) != clean(text_of(el)):
            return False
        anchor = links[0]
    href = (anchor.get("href") or "").strip()
    if not href or href.startswith("#") or href.lower().startswith(("javascript:", "mailto:")):
        return False
    return not _same_page(href, ctx)


def site_names(ctx: PageContext) -> set[str]:
    """Names the page gives its site (og:site_name, application-name, the registry name and
    the ``<title>`` edge segments), case-folded: a byline equal to one is not an author."""
    names = {clean(v).casefold() for v in _SITE_NAMES(ctx.tree)}
    if ctx.site and ctx.site.name:
        names.add(ctx.site.name.casefold())
    for title in _page_titles(ctx)[:1]:
        segs = _TITLE_SEP.split(title)[0::2]
        if len(segs) > 1:
            names.update(seg.strip().casefold() for seg in (segs[0], segs[-1]))
    return {n for n in names if n}


def widget_heading(el: Any, ctx: PageContext) -> str | None:
    """The ``not_title`` rule marking ``el`` (or a box around it) as a portlet/box/widget.
    A "box" that holds the article body is the page's main column, not a box."""
    body = ctx.body_anchor
    for node in (el, *el.iterancestors()):
        origin = ctx.not_title.get(node)
        if origin and not (body is not None and (node is body or node in body.iterancestors())):
            return origin
    return None


def folded_words(text: str) -> str:
    """``text``'s words, case-folded, one space apart (punctuation and spacing ignored)."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def compact(text: str) -> str:
    r"""``text`` without any whitespace (what ``re.sub(r"\s+", "", text)`` gives: both use
    Python's Unicode whitespace), three times faster than the regex."""
    return "".join(text.split())


def _page_titles(ctx: PageContext, index: TreeIndex | None = None) -> list[str]:
    """``<title>`` and ``og:title``, as written.  With ``index`` (the page's, the tree not
    changed since it was built) they are read from its ``<title>`` and ``<meta>`` elements
    instead of searching the whole tree."""
    if index is None:
        found = [clean(" ".join(_TITLE_TEXTS(ctx.tree)))]
        found += [clean(v) for v in _OG_TITLE(ctx.tree)[:1]]
        return [t for t in found if t]
    texts = [text for el in index.by_tag.get("title", ())
             if (parent := el.getparent()) is not None and parent.tag == "head"
             for text in _TEXTS(el)]
    og = [value for el in index.by_tag.get("meta", ()) if el.get("property") == "og:title"
          and (value := el.get("content")) is not None]
    found = [clean(" ".join(texts)), *(clean(v) for v in og[:1])]
    return [t for t in found if t]


def _in_page_title(value: str, titles: list[str]) -> bool:
    """Whether a headline candidate is also (part of) ``<title>``/``og:title``."""
    wanted = folded_words(value)
    return len(value) >= 2 * MIN_TITLE and any(wanted and wanted in folded_words(t) for t in titles)


def _chosen(ctx: PageContext, value: str, el: Any, origin: str) -> str:
    ctx.title_el = el
    ctx.chose("title", origin)
    return value


def _element_candidates(ctx: PageContext, titles: list[str]
                        ) -> tuple[list[tuple[str, Any, str]], list[tuple[str, str]]]:
    """Headline candidates from ``title`` rules: (text, element, rule) for page elements and
    (text, rule) for attributes (og:title), in rule order.  ``titles`` are the page's
    :func:`_page_titles`."""
    elements: list[tuple[str, Any, str]] = []
    metas: list[tuple[str, str]] = []
    for sel in ctx.rules.get("title"):
        for el in sel.select(ctx.tree, ctx.index):
            if sel.attr is None and linked_elsewhere(el, ctx):
                continue
            value = _TITLE_TRAIL.sub("", clean(sel.value(el))).strip()
            # <title>/og:title may confirm a date at its end (og:title not itself)
            value = _strip_trailing_date(value, ctx.rules, [
                t for t in titles if sel.attr is None or t != value])
            if sel.attr == "content":
                value = _strip_site_name(value, ctx)
            if not value or not _good_title(value, ctx):
                if value and (dropped := ctx.rules.drops(value)):
                    ctx.rejected("title candidate rejected", dropped.origin, value)
                continue
            if sel.attr is not None:
                metas.append((value, sel.origin))
                continue
            box = widget_heading(el, ctx)
            if box:
                ctx.rejected("title candidate rejected (box/widget heading)", box, value)
                continue
            elements.append((value, el, sel.origin))
    return elements, metas


def _title_variants(title: str, ctx: PageContext) -> list[str]:
    """Leading and trailing runs of ``<title>`` segments, longest first ("Headline - Section -
    Agency" gives "Headline - Section - Agency", "Headline - Section", "Headline", ...)."""
    pieces = _TITLE_SEP.split(title)
    segs, seps = pieces[0::2], pieces[1::2]
    out: list[str] = []
    for k in range(len(segs), 0, -1):
        head = segs[0] + "".join(sep + seg for sep, seg in zip(seps[:k - 1], segs[1:k],
                                                                    strict=True))
        tail = segs[-k] + "".join(sep + seg for sep, seg in zip(seps[len(segs) - k:],
                                                                    segs[len(segs) - k + 1:],
                                                                    strict=True))
        for text in (head.strip(), tail.strip()):
            if len(text) >= 2 * MIN_TITLE and text not in out and not _site_like(text, ctx):
                out.append(text)
    return out


def _shown_title(ctx: PageContext, titles: list[str]) -> tuple[str, Any] | None:
    """The part of ``<title>``/og:title that the page shows as an element of its own (Liferay's
    ``div.asset-full-content-title``), not a link elsewhere nor a box heading."""
    shown = None  # the text of <body>, whitespace collapsed: a variant not in it is not shown
    for title in titles:
        for text in _title_variants(title, ctx):
            if shown is None:
                shown = "\n".join(" ".join(text_of(body).split()) for body in ctx.tree.iter("body"))
            if text not in shown:  # (variants hold no whitespace but single spaces)
                continue
            for el in _SHOWING(ctx.tree, t=text):
                if el.tag in ("a", "option", "script", "style", "title") or \
                        linked_elsewhere(el, ctx) or widget_heading(el, ctx):
                    continue
                if _good_title(text, ctx):
                    return text, el
    return None


_EMPHASIS = {"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6", "font", "big"}


def byline_date(text: str, rules: Rules) -> tuple[str, DateHit] | None:
    """A byline with a date ("Quang Huy - 21/06/2021 09:15"): (name, date)."""
    hits = find_dates(text)
    if len(hits) != 1 or hits[0].weekday or text[hits[0].end:].strip(" )]"):
        return None
    m = _BYLINE_DATE.match(text[:hits[0].start])
    if m is None or rules.first("date_label", m.group(1)) or \
            rules.first("modified_label", m.group(1)):
        return None  # "Ngày đăng: ...", "Cập nhật lúc ...": a label, not a name
    return m.group(1).strip(), hits[0]


def _date_texts(ctx: PageContext) -> list[tuple[Any, str]]:
    """The page's short texts holding a date (``_DATE_TEXTS``) and their cleaned text, read
    once per page (the tree is not changed until the metadata is read)."""
    if ctx.date_texts is None:
        ctx.date_texts = [(node, clean(str(node))) for node in _DATE_TEXTS(ctx.tree)]
    return ctx.date_texts


def _date_texts_around(ctx: PageContext, day: date) -> list[tuple[Any, str]]:
    """The :func:`_date_texts` that may show a date falling on ``day`` in Vietnam: those
    holding the four digits of its year, or of the year of the day before or after (a
    timestamp in another time zone).  Read from the page only when the whole list is not."""
    years = sorted({str((day + timedelta(days=k)).year) for k in (-1, 0, 1)})
    if ctx.date_texts is not None:
        return [(node, text) for node, text in ctx.date_texts if any(y in text for y in years)]
    if len(years) == 1:
        nodes = _DATE_TEXTS_OF(ctx.tree, a=years[0])
    else:  # a day at the turn of a year
        nodes = _DATE_TEXTS_OF_2(ctx.tree, a=years[0], b=years[-1])
    return [(node, clean(str(node))) for node in nodes]


def _headline_before_date(ctx: PageContext) -> tuple[str, Any, str] | None:
    """An emphasised short line right before a date-only line or a dated byline: the headline
    of table layouts ("<b>Headline</b> (19/08/2022)", "<b>Headline</b><i>Name - date</i>")."""
    order = ctx.index.order if ctx.index is not None else {}
    for node, text in _date_texts(ctx):
        if not (_date_only(text, ctx) or byline_date(text, ctx.rules)):
            continue
        parent = node.getparent()
        if parent is None or _in_teaser_list(parent) or in_chrome_header(parent, ctx):
            continue
        if parent.tag in ("script", "style", "noscript", "title", "option"):
            continue
        hit = find_dates(text)[0]
        if hit.weekday and ctx.fetched_day and hit.day == ctx.fetched_day:
            continue  # a clock
        owner = node.getparent()
        before = []
        if node.is_tail:  # text after ``owner``: the last text inside it, else before it
            before = _LAST_TEXT(owner)
        if not before:
            before = _TEXT_BEFORE(owner)
        if not before:
            continue
        head = before[0].getparent()
        if before[0].is_tail and head is not None:
            head = head.getparent()
        if head is None:
            continue
        parent = owner.getparent() if node.is_tail and owner.getparent() is not None else owner
        value = clean(text_of(head))
        while head.getparent() is not None and clean(text_of(head.getparent())) == value:
            head = head.getparent()
        if order and order.get(parent, 0) - order.get(head, 0) > 8:
            continue
        if not 20 <= len(value) <= 300 or find_dates(value) or not _good_title(value, ctx):
            continue
        if any(a.tag == "a" for a in (head, *head.iterancestors())) or widget_heading(head, ctx):
            continue
        near = [head, *list(head.iterancestors())[:3], *head.iterdescendants()]
        how = "heuristic:headline-before-date"
        if any(n.tag in _EMPHASIS for n in near if isinstance(n.tag, str)):
            return value, head, how
        named = next((found for n in near if isinstance(n.tag, str) and n.get("class")
                      and (found := ctx.rules.first("headline_class", n.get("class")))), None)
        if named is not None:
            return value, head, f"{how} ({named.origin})"
    return None


def extract_title(ctx: PageContext) -> str | None:
    """The headline, from evidence: a rule or heading candidate that ``<title>``/og:title
    confirms; else the ``<title>`` headline the page shows; else an emphasised line right
    before the date (table layouts); else the first rule candidate, og:title, an ``<h1>``, and
    ``<title>`` without the site name.  A box/portlet/widget heading (``not_title`` rules) or a
    line a ``drop_lines`` rule matches never wins, nor is the site's name (an ``<h1>`` in the
    banner) "confirmed" by a ``<title>`` that only names the site."""
    titles = _page_titles(ctx, ctx.index)  # the page is not changed before its title is read
    elements, metas = _element_candidates(ctx, titles)
    for value, el, origin in elements:
        if _in_page_title(value, titles) and not _site_like(value, ctx):
            return _chosen(ctx, value, el, f"{origin} (confirmed by <title>)")
    h1s = []
    for el in ctx.tree.iter("h1"):
        value = clean(text_of(el))
        if value and _good_title(value, ctx) and not linked_elsewhere(el, ctx):
            box = widget_heading(el, ctx)
            if box:
                ctx.rejected("title candidate rejected (box/widget heading)", box, value)
                continue
            h1s.append((value, el))
    for value, el in h1s:
        if _in_page_title(value, titles) and not _site_like(value, ctx):
            return _chosen(ctx, value, el, "heuristic:h1-confirmed-by-<title>")
    shown = _shown_title(ctx, titles)
    if shown:
        return _chosen(ctx, shown[0], shown[1], "heuristic:<title>-shown-on-page")
    if elements:
        value, el, origin = elements[0]
        return _chosen(ctx, value, el, origin)
    before = _headline_before_date(ctx)
    if before:
        return _chosen(ctx, *before)
    if metas:
        value, origin = metas[0]
        return _chosen(ctx, value, _heading_for(value, ctx), origin)
    if h1s:
        return _chosen(ctx, h1s[0][0], h1s[0][1], "heuristic:first-h1")
    if titles:
        value = _strip_site_name(titles[0], ctx)
        if value and _good_title(value, ctx) and not _site_like(value, ctx):
            return _chosen(ctx, value, _heading_for(value, ctx), "heuristic:<title>")
    return None


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b")


def _heading_for(title: str, ctx: PageContext) -> Any:
    """The page element showing a title found in metadata (same text, not a teaser link)."""
    wanted = title.casefold()
    for tag in _HEADINGS:
        els = ctx.index.by_tag.get(tag, []) if ctx.index is not None else ctx.tree.iter(tag)
        for el in els:
            if clean(text_of(el)).casefold() == wanted and not linked_elsewhere(el, ctx):
                return el
    return None


def extract_canonical(ctx: PageContext) -> str:
    """``<link rel=canonical>``, then ``og:url``, else the page URL.  With the page's index
    (the tree not changed since it was built) they are read from its ``<link>`` and ``<meta>``
    elements instead of searching the whole tree."""
    index = ctx.index
    for xp, tag, attr, value, wanted in ((_CANONICAL, "link", "rel", "canonical", "href"),
                                         (_OG_URL, "meta", "property", "og:url", "content")):
        if index is None:
            values = xp(ctx.tree)
        else:  # what the XPath finds, in document order
            values = [found for el in index.by_tag.get(tag, ())
                      if el.get(attr) == value and (found := el.get(wanted)) is not None]
        if values and values[0].strip():
            return urljoin(ctx.url, str(values[0]).strip())
    return ctx.url


# --- dates ----------------------------------------------------------------------------------

def in_chrome_header(el: Any, ctx: PageContext) -> bool:
    """Whether ``el`` sits in the page banner/header or a clock widget (``header_clock``
    rules)."""
    node = el
    while node is not None and isinstance(node.tag, str) and node.tag not in ("body", "html"):
        if node in ctx.clocks:
            return True
        node = node.getparent()
    return False


def _clock_rule(el: Any, ctx: PageContext) -> str:
    """Which rule or heuristic marks ``el`` as header chrome."""
    for node in (el, *el.iterancestors()):
        if node in ctx.clock_origin:
            return ctx.clock_origin[node]
    return "heuristic:weekday-date-of-fetch-day"


def _before_title(el: Any, ctx: PageContext) -> bool:
    if ctx.title_el is None or el is None:
        return False
    order = ctx.index.order if ctx.index is not None else {}
    if el in order and ctx.title_el in order:
        return order[el] < order[ctx.title_el]
    mine, title = el.sourceline, ctx.title_el.sourceline
    if mine is not None and title is not None:
        return bool(mine < title)
    return bool(ctx.title_el in _FOLLOWING(el))


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
        ctx.rejected(f"date {day} rejected (header clock)", _clock_rule(el, ctx),
                     clean(text_of(el)))
        return False
    if hit.weekday and ctx.fetched_day and day == ctx.fetched_day and (
            not hit.has_time or _before_title(el, ctx)):
        ctx.warnings.append(f"weekday date equal to fetch day {day} rejected as header clock")
        ctx.rejected_days.add(day)
        ctx.rejected(f"date {day} rejected (header clock)",
                     "heuristic:weekday-date-of-fetch-day", clean(text_of(el)))
        return False
    if hit.weekday and ctx.fetched_day is None and not hit.has_time and _before_title(el, ctx):
        # fetch day unknown (a page saved by hand): a weekday date without a time above the
        # headline is the banner's "today"
        ctx.rejected(f"date {day} rejected (header clock)",
                     "heuristic:weekday-date-above-headline", clean(text_of(el)))
        ctx.rejected_days.add(day)
        return False
    return True


def _from_selectors(selectors: tuple[Selector, ...], ctx: PageContext,
                    name: str | None = None, used: list[Selector] | None = None
                    ) -> datetime | None:
    for sel in selectors:
        for el in sel.select(ctx.tree, ctx.index):
            value = sel.value(el)
            if not value:
                continue
            for hit in find_dates(value):
                if _acceptable(hit, None if sel.attr else el, ctx):
                    if name:
                        ctx.chose(name, sel.origin)
                    if used is not None:
                        used.append(sel)
                    return hit.value
    return None


def _text_nodes(ctx: PageContext, limit: int) -> Iterator[tuple[str, Any]]:
    """The first ``limit`` (at most 60) texts after the headline, with the element showing
    each; read once per page, each text cleaned when first asked for (most callers stop at
    the first few)."""
    if ctx.title_texts is None:
        ctx.title_texts = _FOLLOWING_TEXTS(ctx.title_el, limit=60)
        ctx.title_read = []
    nodes, read = ctx.title_texts, ctx.title_read
    for i in range(min(limit, len(nodes))):
        if i == len(read):
            node = nodes[i]
            parent = node.getparent()
            if parent is None or parent.tag in ("script", "style", "noscript", "title"):
                read.append(None)
            else:
                if node.is_tail and parent.getparent() is not None:
                    parent = parent.getparent()
                read.append((clean(str(node)), parent))
        entry = read[i]
        if entry is not None:
            yield entry


def _near_title(ctx: PageContext) -> list[DateHit]:
    """Short date texts just after (or, within its container, before) the headline."""
    if ctx.title_el is None:
        return []
    hits: list[DateHit] = []
    seen = 0
    for text, parent in _text_nodes(ctx, 60):
        if not text:
            continue
        if ctx.body_el is not None and (parent is ctx.body_el or ctx.body_el in
                                        parent.iterancestors()) and seen > 0:
            break
        seen += len(text)
        stamp = next((a.get("datetime") for a in (parent, *list(parent.iterancestors())[:2])
                      if a.tag == "time" and a.get("datetime")), None)
        if stamp:  # <time datetime="..."> under the headline: machine-readable, exact
            hits.extend(h for h in find_dates(stamp) if _acceptable(h, parent, ctx))
            if hits:
                return hits
        byline = byline_date(text, ctx.rules) if len(text) <= 80 else None
        if len(text) <= 80 and (_date_only(text, ctx) or ctx.rules.first("date_label", text)
                                or byline):
            hits.extend(h for h in find_dates(text) if _acceptable(h, parent, ctx))
            if hits:
                if byline:
                    ctx.byline_texts.append(text)
                return hits
        if len(text) > 150 or seen > 600:
            break
    container = ctx.title_el.getparent()
    for el in ctx.title_el.itersiblings(preceding=True):
        text = clean(text_of(el))
        if text and len(text) <= 80 and _date_only(text, ctx):
            hits.extend(h for h in find_dates(text) if _acceptable(h, el, ctx))
        if hits or container is None:
            break
    return hits


ARTICLE_REACH = 3  # levels above the headline that still hold only its article
MAX_ABOVE = 200  # characters of text above the headline searched for its date


def _shown_above(ctx: PageContext) -> list[DateHit]:
    """A short date text just above the headline inside the headline's own block (its
    ancestor :data:`ARTICLE_REACH` levels up): "Thứ 5, 05/09/2024 | 11:13" over the ``<h1>``
    of an ``<article>``.  Header clocks are rejected by :func:`_acceptable`."""
    title, index = ctx.title_el, ctx.index
    if title is None or index is None:
        return []
    block = title
    for _ in range(ARTICLE_REACH):
        parent = block.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        block = parent
    start, stop = index.order.get(block), index.order.get(title)
    if block is title or start is None or stop is None:
        return []
    around = set(title.iterancestors())
    seen = 0
    for el in reversed(index.elements[start + 1:stop]):  # nearest first
        if el in around or el.tag in ("script", "style", "noscript"):
            continue
        seen += len(clean(el.text)) + len(clean(el.tail))
        if seen > MAX_ABOVE:
            break
        shown = clean(text_of(el))
        if not shown or len(shown) > 80 or ctx.rules.first("modified_label", shown) or not (
                _date_only(shown, ctx) or ctx.rules.first("date_label", shown)):
            continue
        hits = [h for h in find_dates(shown) if _acceptable(h, el, ctx)]
        if hits:
            return hits
    return []


def _shown_earlier(ctx: PageContext, found: datetime, origin: str) -> datetime | None:
    """The date shown next to the headline (below it, or above it in its block) when it is an
    earlier day than ``found``, a machine-readable date, or the same day at an earlier time it
    shows (a CMS's ``article:published_time`` is often the last save)."""
    hits = _near_title(ctx) or _shown_above(ctx)
    if not hits or not (hits[0].day < found.date() or (
            hits[0].has_time and hits[0].day == found.date() and hits[0].value < found)):
        return None
    ctx.rejected(f"date {found.isoformat()} rejected (later than the date shown next to the "
                 "headline)", origin, "")
    return hits[0].value


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


def _labelled_hits(ctx: PageContext, wanted: Callable[[DateHit, int], bool],
                   texts: list[tuple[Any, str]] | None = None) -> list[tuple[DateHit, int]]:
    """Dates in short texts outside chrome and teaser lists, with a rank: 0 publication label
    ("Ngày đăng", "Được đăng ngày"), 1 other label or a date alone ("(12/09/2017)"),
    2 modification label ("Cập nhật lúc").  A date inside a sentence is not page metadata.
    Only hits ``wanted`` accepts are checked against their place in the page (the costly part).
    ``texts`` narrows the search to some of the :func:`_date_texts` (all by default).
    """
    out: list[tuple[DateHit, int]] = []
    for node, text in _date_texts(ctx) if texts is None else texts:
        if ctx.rules.first("published_label", text):
            rank = 0
        elif ctx.rules.first("modified_label", text):
            rank = 2
        elif _date_only(text, ctx) or ctx.rules.first("date_label", text):
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
    used: list[Selector] = []
    found = _from_selectors(ctx.rules.get("published"), ctx, "published", used)
    if found is not None and used and used[0].attr is not None:
        shown = _shown_earlier(ctx, found, used[0].origin)
        if shown is not None:
            found = shown
            ctx.chose("published", "heuristic:date-next-to-headline (earlier than the metadata)")
    if found is None:
        hits = _near_title(ctx)
        found = hits[0].value if hits else None
        if found is not None:
            ctx.chose("published", "heuristic:date-next-to-headline")
    if found is None:
        labelled = _labelled_hits(ctx, lambda _h, rank: rank == 0)
        found = labelled[0][0].value if labelled else None
        if found is not None:
            ctx.chose("published", "heuristic:labelled-date")
    if found is None and use_htmldate:
        found = _htmldate(ctx)
        if found is not None:
            ctx.chose("published", "heuristic:htmldate")
    if found is not None and _midnight(found):
        day = found.date()
        same_day = _labelled_hits(ctx, lambda h, _rank: h.has_time and h.day == day,
                                  _date_texts_around(ctx, day))
        if same_day:
            found = min(same_day, key=lambda hit_rank: hit_rank[1])[0].value
    return found


def extract_modified(ctx: PageContext, published: datetime | None) -> datetime | None:
    """Last-modified date from rule selectors or an "updated" label near the headline."""
    found = _from_selectors(ctx.rules.get("modified"), ctx)
    if found is None and ctx.title_el is not None:
        for text, parent in _text_nodes(ctx, 30):
            if len(text) <= 80 and ctx.rules.first("modified_label", text):
                hits = [h for h in find_dates(text) if _acceptable(h, parent, ctx)]
                if hits:
                    found = hits[0].value
                    break
    if found is not None and published is not None and found <= published:
        return None
    return found
