"""The extraction pipeline: bytes -> decoded tree -> family rules -> metadata -> text.

The page is parsed once; metadata and captions are read from the full tree, then rule
selectors are pruned and the (narrowed) tree goes to trafilatura without re-serialising.

The lead (sapo) is a block between the headline and the end of the body: first from ``lead``
selectors, else the one substantial block standing between the headline and the body
container ("LSO-Nhân dịp ...", "(TTXVN) - ..."); an agency prefix is part of the lead.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import trafilatura
from lxml import etree

from .authors import (
    author_fallback,
    author_from_selectors,
    author_in_markup,
    author_near_title,
    extract_author,
)
from .classify import classify, gather_signals, listing_by_markup
from .dates import find_dates, has_date, has_year, local_day, to_iso
from .decoding import Headers, decode_body
from .fingerprint import detect_cms
from .language import LANGUAGE_SAMPLE, detect_language, language_of_parts
from .layout import unwrap_layout_tables
from .legacy import convert_html, detect_legacy_html
from .metadata import (
    PageContext,
    clean,
    extract_canonical,
    extract_modified,
    extract_published,
    extract_title,
    has_page_date,
    in_chrome_header,
)
from .model import EXTRACTOR_VERSION, Extraction, SiteInfo
from .precision import published_precision
from .rules import Rules, TreeIndex, load_rulebook
from .selectors import text_of
from .splitbody import rejoined
from .standfirst import standfirst
from .text import (
    BODY_ONLY,
    block_after_headline,
    collect_captions,
    coverage,
    densest_block,
    describe,
    divs_as_paragraphs,
    find_body,
    parse_page,
    postprocess,
    prepare_for_text,
    prune,
    run_trafilatura,
    short_body_in_article,
    source_breaks_as_spaces,
    teaser_list,
    text_with_breaks,
    trafilatura_settings,
    wrap_body,
)
from .widgets import drop_widget_lines, find_widgets

logger = logging.getLogger(__name__)

RECALL_RETRY_SHARE = 0.5  # narrowed body: retry in recall mode if less than this was kept
# no body rule: the densest block alone must keep this share of itself; and a narrowed body's
# fast-mode text, else trafilatura's fallback comparison runs (see _narrowed_text)
DENSE_COVERAGE = 0.8
MIN_LEAD, MIN_FREE_LEAD = 20, 60
MIN_LEAD_WORDS = 8  # words after an opening date that make a line a sentence, not metadata
LEAD_REACH = 60  # elements after the headline a lead may start at when no body matched
_LEAD_TAGS = {"p", "div", "h2", "h3", "h4", "h5", "h6", "section", "blockquote", "strong", "b",
              "em", "i", "span", "font", "td"}
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "section", "blockquote", "ul", "ol",
           "table", "tr", "td", "li", "figure", "article", "header", "footer", "nav", "aside"}
# "LSO-", "BĐT -", "(TTXVN) -", "(Chinhphu.vn) –": an agency prefix opens a lead
_AGENCY = re.compile(r"^(?:\((?-i:[A-ZĐ][\w.]{1,24})\)|(?-i:[A-ZĐ]{2,8}(?:\.[A-Za-z]{2,4})?))"
                     r"\s*[-–—]\s*\S")


def _after_body(body: Any) -> Any:
    """The first element after ``body``'s subtree in document order (None at the end)."""
    node = body
    while node is not None:
        nxt = node.getnext()
        while nxt is not None and not isinstance(nxt.tag, str):
            nxt = nxt.getnext()
        if nxt is not None:
            return nxt
        node = node.getparent()
    return None


def _lead_window(ctx: PageContext) -> tuple[int, int] | None:
    """Document positions (start, end) a lead may lie in: after the headline, before the end
    of the body (or close to the headline when no body matched)."""
    order = ctx.index.order if ctx.index is not None else {}
    title = order.get(ctx.title_el) if ctx.title_el is not None else None
    body = ctx.body_anchor
    if body is not None and body in order:
        end_el = _after_body(body)
        end = order.get(end_el, len(order)) if end_el is not None else len(order)
        start = title if title is not None and title < order[body] else order[body] - 40
        return start, end
    if title is not None:
        return title, title + LEAD_REACH
    return None


def _free_lead(ctx: PageContext) -> str | None:
    """The one substantial text block between the headline and the body container."""
    if ctx.title_el is None or ctx.body_anchor is None or ctx.index is None:
        return None
    order = ctx.index.order
    start, stop = order.get(ctx.title_el), order.get(ctx.body_anchor)
    if start is None or stop is None or stop <= start:
        return None
    found: list[str] = []
    for el in ctx.index.elements[start + 1:stop]:
        if el.tag not in _LEAD_TAGS or any(c.tag in _BLOCKS for c in el.iterchildren()
                                           if isinstance(c.tag, str)):
            continue
        if any(a.tag in ("a", "figure", "figcaption", "button", "form", "label")
               for a in (el, *el.iterancestors())) or ctx.title_el in el.iterancestors():
            continue
        text = clean(text_with_breaks(el))
        if len(text) < MIN_FREE_LEAD or ctx.rules.drops(text) or in_chrome_header(el, ctx):
            continue
        hits = find_dates(text)
        if hits and hits[0].start < 20 and len(text[hits[-1].end:].split()) < MIN_LEAD_WORDS:
            continue  # a meta line ("Cập nhật lúc ...") rather than a lead ("Hôm nay, <date>, ...")
        if any(text in f or f in text for f in found):
            continue  # nested inline wrappers of the same block
        found.append(text)
    agency = [t for t in found if _AGENCY.match(t)]
    if agency:
        return agency[0]
    return found[0] if len(found) == 1 else None


def _lead(ctx: PageContext, window: tuple[int, int] | None) -> str | None:
    if window is None:
        return None
    order = ctx.index.order if ctx.index is not None else {}
    for sel in ctx.rules.get("lead"):
        for el in sel.select(ctx.tree, ctx.index):
            pos = order.get(el)
            if pos is None or not window[0] < pos < window[1] or in_chrome_header(el, ctx):
                continue
            if any(a.tag == "a" for a in (el, *el.iterancestors())):
                continue
            value = clean(sel.value(el))
            if len(value) >= MIN_LEAD and ctx.rules.drops(value) is None:
                ctx.chose("lead", sel.origin)
                return value
    lead = _free_lead(ctx)
    if lead:
        ctx.chose("lead", "heuristic:block-between-headline-and-body")
    return lead


CLOCK_TEXT = 120  # characters: a longer element showing a date is a banner, not a clock
_ASCII_SPACES = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"  # what str.split() splits ASCII at


def _longer_than(raw: str, limit: int) -> bool:
    """Whether ``clean(raw)`` has more than ``limit`` characters.  A long text is not cleaned
    when it holds more than ``limit`` ASCII characters that are not spaces: cleaning keeps
    each of them as a character of its own (NFC never composes an ASCII character into the
    one before it)."""
    if len(raw) > 4 * limit and len(
            raw.encode("ascii", "ignore").translate(None, _ASCII_SPACES)) > limit:
        return True
    return len(clean(raw)) > limit


_NEVER_CLOCK = frozenset(("html", "head", "body"))


def _may_be_clock(el: Any, body: Any) -> bool:
    """Whether a ``header_clock`` match can be header chrome: never the page, its head or
    body, nor a block holding the article body container."""
    if not isinstance(el.tag, str) or el.tag in _NEVER_CLOCK:
        return False
    return body is None or (el is not body and el not in body.iterancestors())


def _explain_clocks(ctx: PageContext) -> None:
    """Record each header clock that shows a date (innermost element holding it).

    An element's text holds each descendant's text, so where it has no four-digit year no
    element inside it shows a date: those subtrees are not searched.  Whether a whole banner
    shows a date is asked last, and only when it holds a short element that does (the
    banner's text can be a page's every script)."""
    raws: dict[Any, str] = {}
    dated: dict[Any, bool] = {}

    def raw(el: Any) -> str:
        if el not in raws:
            raws[el] = text_of(el)
        return raws[el]

    def shows_date(el: Any) -> bool:
        if el not in dated:
            dated[el] = has_year(raw(el)) and has_date(clean(raw(el)))
        return dated[el]

    def innermost(el: Any) -> bool:
        """``el`` shows a date and no header clock inside it does."""
        return shows_date(el) and not any(d is not el and shows_date(d)
                                          and el in d.iterancestors() for d in ctx.clock_origin)

    for el, origin in ctx.clock_origin.items():
        if not has_year(raw(el)):
            continue
        if not _longer_than(raw(el), CLOCK_TEXT):
            if innermost(el):
                ctx.explain.append(("header clock (never the publication date)", origin,
                                    clean(raw(el))))
            continue
        # a whole banner: name the innermost short elements in it that show the date
        shown: list[str] = []
        stack = [c for c in reversed(el) if isinstance(c.tag, str)]
        while stack:
            node = stack.pop()
            if not has_year(raw(node)):
                continue
            children = [c for c in node if isinstance(c.tag, str)]
            if not _longer_than(raw(node), CLOCK_TEXT) and shows_date(node) and not any(
                    shows_date(c) for c in children):
                shown.append(clean(raw(node)))
            stack.extend(reversed(children))
        if shown and innermost(el):
            ctx.explain.extend(("header clock (never the publication date)", origin, text)
                               for text in shown)


def _drop_accounts(ctx: PageContext) -> None:
    """Remove the fields ``cms_account`` rules mark (the account that posted the article,
    Liferay's "admin admin" under the body) before the text is extracted: they are never text,
    and a signature above one then closes the body."""
    for el, origin in ctx.accounts.items():
        if el.getparent() is None or any(a in ctx.accounts for a in el.iterancestors()):
            continue
        ctx.explain.append((f"removed CMS account field <{describe(el)}>", origin,
                            clean(text_of(el))[:100]))
        el.drop_tree()


def _narrowed_text(doc: Any, block: Any, url: str, extraction: dict[str, bool]
                   ) -> tuple[str, float]:
    """trafilatura's text of ``doc``, a body container ``block`` on its own, and the share of
    the block's paragraphs it keeps (:func:`coverage`).

    trafilatura runs in fast mode, without comparing its text with readability's and
    justext's: that comparison, built for whole pages, is run only when the fast text keeps
    less than :data:`DENSE_COVERAGE` of the block (a list flattened into one line)."""
    raw = run_trafilatura(doc, url, extraction, fast=True)
    kept = coverage(raw, block)
    if kept < DENSE_COVERAGE:
        raw = run_trafilatura(doc, url, extraction)
        kept = coverage(raw, block)
    return raw, kept


def _body_text(ctx: PageContext, rules: Rules, url: str, captions: list[str],
               teasers: bool = False, body_rule: list[tuple[str, str, str]] | None = None
               ) -> str:
    """Prune, narrow to the body container, run trafilatura.

    Without a body rule the densest paragraph block stands in for it (trafilatura on a whole
    page keeps sidebars, drops short lists and can take a poll for the content); the whole page
    is used when there is no such block, on pages full of teasers (``teasers``), or when the
    block alone keeps less of its own text than the whole page does.
    """
    body = ctx.body_el
    prune(ctx.tree, rules, keep=body if body is not None else ctx.body_anchor, index=ctx.index,
          log=ctx.explain)
    if body is None and rules.extraction.get("narrow_to_body", True) and not teasers:
        dense = ctx.body_anchor
        if dense is not None and dense.getparent() is not None and not teaser_list(dense):
            prepare_for_text(ctx.tree, ctx.index, captions)
            parent, tail, tag = dense.getparent(), dense.tail, dense.tag
            position = parent.index(dense)
            narrowed, kept = _narrowed_text(wrap_body(dense), dense, url, rules.extraction)
            if kept >= DENSE_COVERAGE:
                ctx.warnings.append("body taken from the densest block")
                ctx.explain.append((BODY_ONLY.format(describe(dense)),
                                    "heuristic:densest-block", ""))
                return narrowed
            dense.tail, dense.tag = tail, tag
            parent.insert(position, dense)  # back in the page for the whole-page run
            whole = run_trafilatura(ctx.tree, url, rules.extraction)
            return narrowed if kept >= coverage(whole, dense) else whole
    if body is None or not rules.extraction.get("narrow_to_body", True):
        prepare_for_text(ctx.tree, ctx.index, captions)
        return run_trafilatura(ctx.tree, url, rules.extraction)
    ctx.explain.extend(body_rule or ())
    body_chars = len(clean(text_of(body)))
    target = wrap_body(body)
    prepare_for_text(target, ctx.index, captions)
    divs_as_paragraphs(body)
    source_breaks_as_spaces(body)
    raw, _ = _narrowed_text(target, body, url, rules.extraction)
    if len(raw) < RECALL_RETRY_SHARE * body_chars:
        retry = run_trafilatura(target, url, {**rules.extraction, "favor_precision": False,
                                              "favor_recall": True})
        if len(retry) > len(raw):
            ctx.warnings.append("body extracted in recall mode")
            raw = retry
    return raw


def _iso_fetch(fetched_at: datetime | None) -> str | None:
    if fetched_at is None:
        return None
    if fetched_at.tzinfo is None:
        fetched_at = fetched_at.replace(tzinfo=UTC)
    return fetched_at.isoformat()


_BODIES = etree.XPath("//body")
_NOT_SHOWN = ("script", "style")


def _visible_parts(tree: Any) -> Iterator[str]:
    """A page's visible text nodes: those under ``<body>`` outside scripts and styles
    (``//body//text()[not(parent::script or parent::style)]``), stripped, the empty ones
    left out.

    Read lazily, in document order: an element's text, then its children's, each child's
    tail after it (the parser merges adjacent text, so each text node is an element's
    ``text`` or ``tail``)."""
    root = tree.getroottree().getroot()
    first = root.find("body") if root.tag == "html" else None
    for body in [first] if first is not None else _BODIES(tree):
        for event, el in etree.iterwalk(body, events=("start", "end", "comment", "pi")):
            if event == "start":
                text = el.text if el.tag not in _NOT_SHOWN else None
            else:  # after an element, a comment, a processing instruction: its tail
                text = el.tail if el is not body else None
            if text and (text := text.strip()):
                yield text


def _visible_text(tree: Any, limit: int = LANGUAGE_SAMPLE) -> str:
    """The first ``limit`` characters of a page's visible text (:func:`_visible_parts`
    joined by spaces)."""
    parts: list[str] = []
    size = -1  # of the parts joined
    for text in _visible_parts(tree):
        parts.append(text)
        size += len(text) + 1
        if size >= limit:
            return " ".join(parts)[:limit]
    return " ".join(parts)


SHORT_PRECISE_TEXT = 1500  # characters


def _foreign_text(page: Any, url: str, rules: Any, title: str | None) -> Any:
    """Text of a page not in Vietnamese: trafilatura's own judgement, tuned for precision.

    Our family rules are written for Vietnamese government sites; on foreign news pages
    trafilatura without comments and favouring precision does better (benchmarks/news_f1.py:
    F1 0.973 against 0.953 for plain trafilatura.extract).  ``page`` is the decoded HTML, or
    the tree :func:`parse_page` made of it while still untouched (trafilatura works on a copy).

    trafilatura first runs in fast mode, without comparing its text with readability's and
    justext's; a short text (under :data:`SHORT_PRECISE_TEXT`), where that comparison can
    matter, is taken again with it.
    """
    precise = trafilatura_settings(url, precision=True, fast=True)
    text = trafilatura.extract(page, options=precise) or ""
    if len(text) < SHORT_PRECISE_TEXT:
        text = trafilatura.extract(page, options=trafilatura_settings(url, precision=True)) or ""
    if len(text) < SHORT_PRECISE_TEXT:  # precision mode may keep only the lead
        fuller = trafilatura.extract(page, options=trafilatura_settings(url)) or ""
        if len(fuller) > 3 * len(text):
            text = fuller
    return postprocess(text, rules, captions=[], title=title, legacy=None)


def extract_page(
    body: bytes,
    url: str,
    *,
    headers: Headers = None,
    site: SiteInfo | None = None,
    fetched_at: datetime | None = None,
    rules_dir: Any = None,
    always_document: bool = False,
) -> Extraction:
    """Classify one captured page and, for articles, extract its clean document.

    `always_document` builds the document whatever the page kind (for `bdt extract`,
    where the user asks for this one page's text).
    """
    book = load_rulebook(rules_dir)
    decoded = decode_body(body, headers)
    warnings = list(decoded.warnings)
    html, utf8 = decoded.text, decoded.utf8
    legacy = detect_legacy_html(html)
    if legacy:
        html, utf8 = convert_html(html, legacy), None
        warnings.append(f"legacy {legacy} text converted")
    tree = parse_page(html, utf8) if html and not html.isspace() else None  # not blank
    if tree is None:
        return Extraction("other", site.cms if site and site.cms else "generic",
                          decoded.charset, decoded.source, warnings=warnings + ["unparseable"])
    cms = detect_cms(html, book, site, utf8)
    fetched_day = local_day(fetched_at)
    rules = book.for_page(cms, site.id if site else None, fetched_day)
    ctx = PageContext(tree, url, rules, site, fetched_day, index=TreeIndex(tree))
    body_rule: list[tuple[str, str, str]] = []  # explained once the text is narrowed to it
    ctx.body_el = find_body(tree, rules, ctx.index, log=body_rule)
    for sel in rules.get("header_clock"):
        for el in sel.select(tree, ctx.index):
            if _may_be_clock(el, ctx.body_el):
                ctx.clock_origin.setdefault(el, sel.origin)
    ctx.clocks = set(ctx.clock_origin)
    _explain_clocks(ctx)
    for sel in rules.get("not_title"):
        for el in sel.select(tree, ctx.index):
            ctx.not_title.setdefault(el, sel.origin)
    for sel in rules.get("cms_account"):
        for el in sel.select(tree, ctx.index):
            ctx.accounts.setdefault(el, sel.origin)

    ctx.body_anchor = ctx.body_el if ctx.body_el is not None else densest_block(tree)
    title = extract_title(ctx)
    later = block_after_headline(ctx.body_el, ctx.title_el, tree, ctx.index)
    if later is not None:  # the body rule matched a block above the article's headline
        ctx.explain.append((f"body rule match <{describe(ctx.body_el)}> is not the block "
                            "under the headline, which holds more prose",
                            "heuristic:body-after-headline", ""))
        body_rule = []
        ctx.body_el, ctx.body_anchor = None, later
    short = None
    if ctx.body_anchor is None:
        short = short_body_in_article(ctx.title_el, ctx.index)
        if short is not None:  # a one-line notice: too short for a densest block
            ctx.explain.append((f"short body <{describe(short)}> in the headline's <article>",
                                "heuristic:short-body-in-article", ""))
            ctx.body_anchor = short
    signals = gather_signals(tree, rules, ctx.body_el if short is None else short, ctx.index,
                             headline=ctx.title_el is not None)
    if listing_by_markup(signals) and not always_document:
        # a listing whatever its text (classify's first test): its text and dates are not used
        ctx.explain.append(("listing markers and no article marker: a listing, no text read",
                            "heuristic:listing-markup", ""))
        return Extraction("listing", cms, decoded.charset, decoded.source, legacy, bool(legacy),
                          warnings=warnings + ctx.warnings, explain=ctx.explain)
    published = extract_published(ctx, use_htmldate=cms == "generic")
    modified = extract_modified(ctx, published)
    canonical = extract_canonical(ctx)
    window = _lead_window(ctx)
    lead_log = len(ctx.explain)  # where _lead's explanations start (kept for Vietnamese only)
    lead = _lead(ctx, window)
    lead_log_end = len(ctx.explain)
    byline = (author_from_selectors(ctx) or author_in_markup(ctx, window)
              or author_near_title(ctx, window))
    html_lang = tree.get("lang")
    # read before pruning (only when it can matter: a title-less page with a body container):
    # a page with neither title nor any date is not an article
    dated = bool(title) or published is not None or not (
        signals.article_markers or signals.has_body) or has_page_date(ctx)

    # captions (needed for a Vietnamese page only) are read from the page as it is before
    # the CMS account fields are removed
    caption_root = ctx.body_el if ctx.body_el is not None else tree
    captions = collect_captions(caption_root, rules, ctx.index) if ctx.accounts else None
    untouched = not ctx.accounts  # the tree is still what parse_page made of ``html``
    _drop_accounts(ctx)
    widgets = find_widgets(tree, url, body=ctx.body_anchor, keep=(ctx.body_el, ctx.title_el),
                           title=title)
    if language_of_parts(_visible_parts(tree), html_lang) == "vi":  # of _visible_text
        if captions is None:
            captions = collect_captions(caption_root, rules, ctx.index)
        raw = _body_text(ctx, rules, url, captions, teasers=signals.rich_items >= 2,
                         body_rule=body_rule)
        result = postprocess(raw, rules, captions=captions, title=title, legacy=None,
                             log=ctx.explain)
    else:  # our layouts and lead finder know Vietnamese sites only: trafilatura decides
        # our tree when it is still what parse_page made of ``html`` or when its layout tables
        # were unwrapped for trafilatura (saves a parse), else the HTML as served
        unwrapped = unwrap_layout_tables(tree, log=ctx.explain)
        result = _foreign_text(tree if untouched or unwrapped else html, url, rules, title)
        result = rejoined(tree, result, lambda page: _foreign_text(page, url, rules, title),
                          log=ctx.explain)  # trafilatura takes the first chunk of a split body
        # _lead's choice is not used here: neither its explanations nor its provenance hold
        del ctx.explain[lead_log:lead_log_end]
        ctx.provenance.pop("lead", None)
        lead = standfirst(ctx, result.paragraphs)  # precision mode drops it with the <header>
    result.paragraphs = drop_widget_lines(result.paragraphs, widgets, log=ctx.explain)
    kind = classify(signals, result.paragraphs, title, dated=dated)
    extraction = Extraction(kind, cms, decoded.charset, decoded.source, legacy, bool(legacy),
                            warnings=warnings, explain=ctx.explain)
    if kind != "article" and not always_document:
        extraction.warnings.extend(ctx.warnings)
        return extraction

    language = detect_language(" ".join(result.paragraphs[:20]) or (title or ""), html_lang)
    paragraphs = [p for p in result.paragraphs if p not in ctx.byline_texts]
    author, paragraphs = extract_author(paragraphs, byline, signatures=language == "vi", ctx=ctx)
    if author is None:
        author = author_fallback(ctx)
    if lead and lead not in paragraphs and lead not in ctx.byline_texts:
        paragraphs.insert(0, lead)
    if not lead and paragraphs:
        ctx.chose("lead", "heuristic:first-paragraph")
    if not title:
        ctx.warnings.append("no title found")
    extraction.warnings.extend(ctx.warnings)
    extraction.document = {
        "url": url,
        "canonical_url": canonical,
        "title": title,
        "published": to_iso(published),
        "published_precision": published_precision(tree, published),
        "modified": to_iso(modified),
        "author": author,
        "lead": lead or (paragraphs[0] if paragraphs else None),
        "text": "\n\n".join(paragraphs),
        "captions": [c for c in result.captions if c in paragraphs],
        "language": language,
        "site": site.id if site else None,
        "site_name": site.name if site else None,
        "province": site.province if site else None,
        "province_2025": site.province_2025 if site else None,
        "cms": cms,
        "fetched_at": _iso_fetch(fetched_at),
        "extractor_version": EXTRACTOR_VERSION,
        "rules_version": book.version,
        "charset": decoded.charset,
        "legacy_encoding": legacy,
        "warnings": list(extraction.warnings),
        "provenance": {key: ctx.provenance[key] for key in ("title", "published", "author", "lead")
                       if key in ctx.provenance},
    }
    return extraction
