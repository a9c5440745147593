"""Article vs listing vs other, from markup signals and text density (never the URL alone).

An article has one headline and a long body whose lines are not links; a listing is many
teaser links (headline-length anchors) whose text makes up much of what was extracted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from .metadata import clean
from .rules import Rules, TreeIndex

logger = logging.getLogger(__name__)

MIN_ARTICLE_CHARS = 250
MIN_TEASER_CHARS = 20


@dataclass(frozen=True)
class PageSignals:
    """Markup facts gathered before the tree is pruned."""

    article_markers: int
    listing_markers: int
    anchor_texts: frozenset[str]
    teaser_links: int
    has_body: bool


def gather_signals(tree: Any, rules: Rules, body_el: Any, index: TreeIndex | None = None
                   ) -> PageSignals:
    """Count rule markers and teaser-like links on the unpruned page."""
    article = sum(len(sel.select(tree, index)) for sel in rules.get("article"))
    listing = max((len(sel.select(tree, index)) for sel in rules.get("listing")), default=0)
    anchors: set[str] = set()
    hrefs: set[str] = set()
    for a in tree.iter("a"):
        text = clean(a.text_content())
        if len(text) >= MIN_TEASER_CHARS:
            anchors.add(text)
            if 30 <= len(text) <= 250 and len(text.split()) >= 5:
                hrefs.add(a.get("href") or text)
    return PageSignals(article, listing, frozenset(anchors), len(hrefs), body_el is not None)


def classify(signals: PageSignals, paragraphs: list[str], title: str | None) -> str:
    """``"article"``, ``"listing"`` or ``"other"``."""
    total = sum(len(p) for p in paragraphs)
    longest = max((len(p) for p in paragraphs), default=0)
    link_lines = sum(1 for p in paragraphs if p in signals.anchor_texts or
                     (p.startswith("- ") and p[2:] in signals.anchor_texts))
    link_share = link_lines / max(1, len(paragraphs))
    logger.debug("classify: total=%d longest=%d link_lines=%d markers=%d/%d", total, longest,
                 link_lines, signals.article_markers, signals.listing_markers)
    if signals.listing_markers >= 3 and not signals.article_markers:
        return "listing"
    if (signals.article_markers or signals.has_body) and total >= MIN_ARTICLE_CHARS // 2 \
            and link_share < 0.5:
        return "article"
    if total >= MIN_ARTICLE_CHARS and link_share < 0.3 and longest >= 100 and title:
        return "article"
    if link_lines >= 4 or signals.teaser_links >= 8:
        return "listing"
    if total >= MIN_ARTICLE_CHARS and title:
        return "article"
    return "other"
