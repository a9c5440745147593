"""Teaser cards: a link to another page that wraps a headline and/or a summary paragraph.

"You might also like" and "More stories" boxes draw each item as one big link::

    <a href="/other-article"><h3>Other headline</h3><div class="date">...</div>
      <p>First lines of the other article ...</p></a>

Nothing inside such a card belongs to this page's article: it advertises another page.
trafilatura keeps a card's paragraph when it is long enough (a teaser holding the other
article's first 800 characters reads like prose), so the cards are removed before it runs.
A link around the article's own headline or body, a link to this very page or to an image
file, and a link holding more than a few paragraphs (an unclosed ``<a>`` the parser stretched
over the article) are never cards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urldefrag, urljoin

from .metadata import clean
from .selectors import text_of

HEURISTIC = "heuristic:link-wrapped-teaser"
MAX_CARD_PARAGRAPHS = 3
MAX_CARD_CHARS = 2000
_CARD_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p")
_NOT_A_PAGE = re.compile(r"(?i)^(?:#|javascript:|mailto:|tel:)")
_FILE = re.compile(r"(?i)\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?|pdf|docx?|xlsx?|zip|mp[34])$")


def _other_page(href: str, page: str) -> bool:
    """Whether ``href`` (as written on the page at ``page``) leads to another page."""
    href = href.strip()
    if not href or _NOT_A_PAGE.match(href):
        return False
    target = urldefrag(urljoin(page or "", href))[0]
    if _FILE.search(target.split("?", 1)[0]):
        return False
    return not page or target != urldefrag(page)[0]


def drop_teaser_cards(tree: Any, url: str, keep: Iterable[Any] = (),
                      log: list[tuple[str, str, str]] | None = None) -> int:
    """Remove every link-wrapped teaser card from ``tree``; returns how many.

    ``keep``: elements that are this page's own (headline, body container); a link holding
    one of them is not a card.  Removals are logged as (what, heuristic, text) for --explain.
    """
    protected = {el for el in keep if el is not None}
    cards: list[Any] = []
    for link in tree.iter("a"):
        href = link.get("href")
        if href is None or not _other_page(href, url):
            continue
        blocks = list(link.iter(*_CARD_BLOCKS))
        if not blocks:
            continue
        if sum(1 for el in blocks if el.tag == "p") > MAX_CARD_PARAGRAPHS:
            continue
        if protected and any(el in protected for el in link.iter()):
            continue
        text = clean(text_of(link))
        if not text or len(text) > MAX_CARD_CHARS:
            continue
        if any(a in cards for a in link.iterancestors("a")):
            continue
        cards.append(link)
    for card in cards:
        if log is not None:
            log.append(("removed teaser card <a>", HEURISTIC, clean(text_of(card))[:100]))
        card.drop_tree()  # keeps the tail text in place
    return len(cards)
