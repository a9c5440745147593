"""Widgets that point away from the article: teaser cards and link lists.

They sit inside or right under the article's own container, so neither the body rules nor
trafilatura's link density always tell them from the text; they are removed from the page
before trafilatura runs (on Vietnamese and foreign pages alike).

- A **teaser card** is a link to another page that wraps a headline and/or a summary
  paragraph, as "You might also like" and "More stories" boxes draw each item::

      <a href="/other-article"><h3>Other headline</h3><div class="date">...</div>
        <p>First lines of the other article ...</p></a>

  trafilatura keeps a card's paragraph when it is long enough (a teaser holding the other
  article's first 800 characters reads like prose).
- A **link list** is a ``<ul>``/``<ol>`` of two or more items that are each nothing but a link
  to another page ("Related: <ul><li><a>Other story</a></li>...</ul>"): a list of titles,
  no prose.

An embedded social-media post (a ``blockquote.twitter-tweet``) is left alone: articles quote
them, and the article-extraction benchmark counts them as article text.

A link around the article's own headline or body, a link to this very page (``#part``) or to
an image or document file, and a link holding more than a few paragraphs (an unclosed ``<a>``
the parser stretched over the article) are never cards; a list whose items link to files
(attachments) or to parts of this page (a table of contents) is no link list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urldefrag, urljoin

from .metadata import clean
from .selectors import text_of

CARD = "heuristic:link-wrapped-teaser"
LINK_LIST = "heuristic:list-of-links-to-other-pages"
MAX_CARD_PARAGRAPHS = 3
MAX_CARD_CHARS = 2000
_CARD_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p")
_LABELS = frozenset(("h2", "h3", "h4", "h5", "h6", "p", "div", "strong", "b", "span"))
MAX_LABEL_CHARS = 40
_NOT_A_PAGE = re.compile(r"(?i)^(?:#|javascript:|mailto:|tel:)")
_FILE = re.compile(r"(?i)\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?|pdf|docx?|xlsx?|pptx?|odt|rtf"
                   r"|zip|rar|7z|mp[34])$")
_PUNCTUATION = re.compile(r"[\W_]+")

Log = list[tuple[str, str, str]]


def _other_page(href: str | None, page: str) -> bool:
    """Whether ``href`` (as written on the page at ``page``) leads to another web page."""
    href = (href or "").strip()
    if not href or _NOT_A_PAGE.match(href):
        return False
    target = urldefrag(urljoin(page or "", href))[0]
    if _FILE.search(target.split("?", 1)[0]):
        return False
    return not page or target != urldefrag(page)[0]


def _cards(tree: Any, url: str) -> Iterable[Any]:
    for link in tree.iter("a"):
        if not _other_page(link.get("href"), url):
            continue
        blocks = list(link.iter(*_CARD_BLOCKS))
        if blocks and sum(1 for el in blocks if el.tag == "p") <= MAX_CARD_PARAGRAPHS:
            yield link


def _link_lists(tree: Any, url: str) -> Iterable[Any]:
    for box in tree.iter("ul", "ol"):
        items = [li for li in box if isinstance(li.tag, str)]
        if len(items) < 2 or any(li.tag != "li" for li in items):
            continue
        if all(_only_a_link(li, url) for li in items):
            label = _label_of(box)
            if label is not None:
                yield label
            yield box


def _label_of(box: Any) -> Any:
    """The short heading right above a list ("Related news", "Read more:"), which goes with it."""
    prev = box.getprevious()
    while prev is not None and not isinstance(prev.tag, str):
        prev = prev.getprevious()
    if prev is None or (prev.tail or "").strip() or prev.tag not in _LABELS:
        return None
    text = clean(text_of(prev))
    if not text or len(text) > MAX_LABEL_CHARS or text[-1] in ".!?":
        return None
    if prev.find(".//a") is not None:
        return None
    return prev


def _only_a_link(item: Any, url: str) -> bool:
    """Whether a list item shows nothing but links to other pages."""
    links = list(item.iter("a"))
    if not links or not all(_other_page(a.get("href"), url) for a in links):
        return False
    shown = _PUNCTUATION.sub("", text_of(item))
    linked = "".join(_PUNCTUATION.sub("", text_of(a)) for a in links)
    return bool(shown) and shown == linked


def drop_widgets(tree: Any, url: str, body: Any = None, keep: Iterable[Any] = (),
                 log: Log | None = None) -> int:
    """Remove teaser cards and link lists from ``tree``; returns how many.

    Link lists are looked for inside ``body`` (the article's container) only: menus and
    sidebars elsewhere are left to the body rules and trafilatura.  ``keep``: elements that
    are this page's own (headline, body container); a widget holding one of them is left
    alone.  Removals are logged as (what, heuristic, text) for --explain.
    """
    protected = {el for el in (body, *keep) if el is not None}
    found: list[tuple[Any, str, str]] = []
    lists = _link_lists(body, url) if body is not None else ()
    for kind, origin, candidates in (("teaser card", CARD, _cards(tree, url)),
                                     ("link list", LINK_LIST, lists)):
        for el in candidates:
            if protected and any(e in protected for e in el.iter()):
                continue
            text = clean(text_of(el))
            if kind == "teaser card" and (not text or len(text) > MAX_CARD_CHARS):
                continue
            found.append((el, kind, origin))
    removed = 0
    chosen = {el for el, _, _ in found}
    for el, kind, origin in found:
        if any(a in chosen for a in el.iterancestors()):
            continue  # inside a widget removed as a whole
        if log is not None:
            what = kind if el.tag in ("a", "ul", "ol") else f"{kind}'s heading"
            log.append((f"removed {what} <{el.tag}>", origin, clean(text_of(el))[:100]))
        el.drop_tree()  # keeps the tail text in place
        removed += 1
    return removed
