"""Article vs listing vs other, from markup signals and text density (never the URL alone).

An article has one headline and a long body whose lines are not links; a listing is many
teaser links (headline-length anchors) whose text makes up much of what was extracted.

A *teaser item* is the block around one headline-length link that opens it: the ``<li>``,
``<article>`` or ``<div>`` holding "headline link + date + summary" on a listing (or an entry of
"Các tin khác").  Extracted lines that lie inside teaser items, are link texts, or are
truncated summaries ("...", "[…]") are *teaser lines*; the other lines are *prose*.  Teaser
lines never count as article text, so a one-post archive stays a listing however many dates
its entry shows.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .metadata import clean, compact
from .rules import Rules, TreeIndex
from .selectors import text_of

logger = logging.getLogger(__name__)

MIN_ARTICLE_CHARS = 250
MIN_TEASER_CHARS = 20
MAX_ITEM_CHARS = 700  # a teaser item (headline link + date + summary) is short
MAX_ITEM_PREFIX = 25  # text allowed before the headline link in its item (date, bullet)
MAX_TRUNCATED = 400
MIN_SUMMARY = 40  # a *rich* teaser item has this much text besides its link (date, summary)
_TRUNCATED = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")


@dataclass(frozen=True)
class PageSignals:
    """Markup facts gathered before the tree is pruned."""

    article_markers: int
    listing_markers: int
    anchor_texts: frozenset[str]
    teaser_links: int
    has_body: bool
    headline: bool = False  # the title came from a (non-link) element of the page
    teaser_items: tuple[str, ...] = ()  # texts of teaser items, whitespace removed
    rich_items: int = 0  # teaser items with a summary, not bare link-list entries

    @functools.cached_property
    def teaser_text(self) -> str:
        """The teaser items joined by a space: a text without whitespace is inside one item
        exactly when it is inside this (one search instead of one per item)."""
        return " ".join(self.teaser_items)


# a site's pages repeat their menus, sidebars and footers: the same link texts, cleaned once
# (texts up to MAX_KEPT_LINK characters, so the cache stays small)
_kept_clean = functools.lru_cache(maxsize=4096)(clean)
MAX_KEPT_LINK = 300


def _headline_link(href: str | None) -> bool:
    """Whether a link's ``href`` leads to another page."""
    href = (href or "").strip().lower()
    return bool(href) and not href.startswith(("#", "javascript:", "mailto:", "tel:"))


def _same_text_as_link(holder: Any, a: Any) -> bool:
    """Whether ``holder``'s cleaned text is its only child ``a``'s (no text around it)."""
    return len(holder) == 1 and not (holder.text or "").strip() \
        and not (a.tail or "").strip()


CHAIN = 6  # ancestors of a link (below ``<body>``) that may be its teaser item


class _Chains:
    """Each element's ancestors below ``<body>``, nearest first, at most :data:`CHAIN`,
    itself included (:meth:`of`): links in one list share their ancestors, each walked once."""

    def __init__(self) -> None:
        self._known: dict[Any, list[Any]] = {}

    def of(self, el: Any) -> list[Any]:
        known = self._known
        found = known.get(el)
        if found is not None:
            return found
        path = []  # ``el`` and its ancestors up to a known one, ``<body>`` or the top
        node = el
        while node is not None and node not in known and node.tag not in ("body", "html"):
            path.append(node)
            node = node.getparent()
        rest = known[node] if node is not None and node in known else []
        for node in reversed(path):
            rest = known[node] = [node, *rest[:CHAIN - 1]]
        return rest


def _teaser_items(anchors: list[tuple[Any, str]]) -> tuple[tuple[str, ...], int]:
    """Texts of the blocks each opened by one headline link (see the module docstring), and
    how many of them are rich (carry a summary besides the link)."""
    # each link's ancestors below <body>, at most 6 (an empty chain for a link at the top)
    of = _Chains().of
    chains = [of(parent) if (parent := a.getparent()) is not None else [] for a, _text in anchors]
    holders = Counter(itertools.chain.from_iterable(chains))  # (counted in C)
    items: list[str] = []
    rich = 0
    for (a, text), chain in zip(anchors, chains, strict=True):
        if not chain:
            continue
        first = chain[0]
        if holders[first] > 1:
            continue  # no block of its own
        # ``text`` is the link's cleaned text: a holder with nothing else says the same
        # (:func:`_same_text_as_link`, inlined)
        if len(first) == 1 and not (first.text or "").strip() and not (a.tail or "").strip():
            best = text
        else:
            best = clean(text_of(first))
        if len(best) > MAX_ITEM_CHARS:
            continue
        for anc in chain[1:]:
            if holders[anc] > 1:
                break
            full = clean(text_of(anc))
            if len(full) > MAX_ITEM_CHARS:
                break
            best = full
        if best is text:
            items.append(text.replace(" ", ""))  # compact(text): ``text`` is cleaned
        elif 0 <= best.find(text) <= MAX_ITEM_PREFIX:
            items.append(best.replace(" ", ""))  # compact(best): ``best`` is cleaned
            rich += len(best) - len(text) >= MIN_SUMMARY
    return tuple(items), rich


def gather_signals(tree: Any, rules: Rules, body_el: Any, index: TreeIndex | None = None,
                   *, headline: bool = False) -> PageSignals:
    """Count rule markers and teaser-like links on the unpruned page.

    Teaser items are only worked out when the markers alone cannot settle the question (no
    article marker, or no body container).
    """
    article = sum(len(sel.select(tree, index)) for sel in rules.get("article"))
    listing = max((len(sel.select(tree, index)) for sel in rules.get("listing")), default=0)
    anchors: set[str] = set()
    hrefs: set[str] = set()
    headline_links: list[tuple[Any, str]] = []
    need_items = not (article and body_el is not None)
    for a in (index.by_tag.get("a", []) if index is not None else tree.iter("a")):
        raw = text_of(a) if len(a) else a.text  # (text_of's own shortcut, without the call)
        if not raw:
            continue
        text = _kept_clean(raw) if len(raw) <= MAX_KEPT_LINK else clean(raw)
        size = len(text)
        if size < MIN_TEASER_CHARS:
            continue
        anchors.add(text)
        if size <= 250:
            # a cleaned text's only whitespace is the single spaces between its words (NFC
            # makes no whitespace): as many words as spaces plus one
            words = text.count(" ") + 1
            if words >= 4:
                href = a.get("href")
                if size >= 30 and words >= 5:
                    hrefs.add(href or text)
                if need_items and _headline_link(href):
                    headline_links.append((a, text))
    items: tuple[str, ...] = ()
    rich = 0
    if need_items:
        items, rich = _teaser_items(headline_links)
    return PageSignals(article, listing, frozenset(anchors), len(hrefs), body_el is not None,
                       headline, items, rich)


def is_teaser_line(line: str, signals: PageSignals) -> bool:
    """A link text, a line inside a teaser item, or a truncated summary."""
    if line in signals.anchor_texts or (line.startswith("- ") and line[2:] in
                                        signals.anchor_texts):
        return True
    if len(line) <= MAX_TRUNCATED and _TRUNCATED.search(line):
        return True
    if signals.teaser_items:
        return compact(line) in signals.teaser_text
    return False


def listing_by_markup(signals: PageSignals) -> bool:
    """Whether the markup alone makes the page a listing (3+ listing markers, no article
    marker), whatever text it holds: the first test of :func:`classify`."""
    return signals.listing_markers >= 3 and not signals.article_markers


def classify(signals: PageSignals, paragraphs: list[str], title: str | None, *,
             dated: bool = True) -> str:
    """``"article"``, ``"listing"`` or ``"other"``.

    ``dated`` says whether the page shows any date as metadata; a page with neither a title
    nor a date (an "about" page, a contact page: prose in a content portlet) is not an
    article however much prose it holds.
    """
    kind = _classify(signals, paragraphs, title)
    if kind == "article" and not title and not dated:
        logger.debug("classify: no title and no date: not an article")
        return "other"
    return kind


def _classify(signals: PageSignals, paragraphs: list[str], title: str | None) -> str:
    teaser = [is_teaser_line(p, signals) for p in paragraphs]
    teasers = sum(teaser)
    prose = [p for p, t in zip(paragraphs, teaser, strict=True) if not t]
    total = sum(len(p) for p in prose)
    longest = max((len(p) for p in prose), default=0)
    link_lines = sum(1 for p in paragraphs if p in signals.anchor_texts or
                     (p.startswith("- ") and p[2:] in signals.anchor_texts))
    share = teasers / max(1, len(paragraphs))
    logger.debug("classify: prose=%d longest=%d teasers=%d links=%d markers=%d/%d items=%d/%d",
                 total, longest, teasers, link_lines, signals.article_markers,
                 signals.listing_markers, len(signals.teaser_items), signals.rich_items)
    if listing_by_markup(signals):
        return "listing"
    if (signals.article_markers or signals.has_body) and total >= MIN_ARTICLE_CHARS // 2 \
            and share < 0.5:
        return "article"
    if signals.article_markers and signals.has_body and signals.headline and prose \
            and share < 0.5:
        return "article"  # a short notice: a headline and a body container in the article block
    if total >= MIN_ARTICLE_CHARS and share < 0.3 and longest >= 100 and title:
        return "article"
    if link_lines >= 4 or teasers >= 2 or signals.teaser_links >= 8 or (
            not signals.headline and signals.rich_items >= 2):
        return "listing"
    if teasers and not prose and signals.rich_items:
        return "listing"  # nothing but a teaser: a one-entry archive page
    if total >= MIN_ARTICLE_CHARS and title and longest >= 100:
        return "article"
    return "other"
