"""Widgets that point away from the article: teaser cards and link lists.

They sit inside or right under the article's own container, so neither the body rules nor
trafilatura's link density always tell them from the text.  They are found in the page, and
the lines of text that come from them are dropped after trafilatura has run: the page itself
is left as served, because taking elements out changes which block trafilatura chooses (a
page whose text is split by "related articles" boxes lost its opening paragraphs that way).

- A **teaser card** is a link to another page that wraps a headline and/or a summary
  paragraph, as "You might also like" and "More stories" boxes draw each item::

      <a href="/other-article"><h3>Other headline</h3><div class="date">...</div>
        <p>First lines of the other article ...</p></a>

  trafilatura keeps a card's paragraph when it is long enough (a teaser holding the other
  article's first 800 characters reads like prose).
- A **link list** is a ``<ul>``/``<ol>`` of two or more items that are each nothing but a link
  to another page ("Related: <ul><li><a>Other story</a></li>...</ul>"): a list of titles,
  no prose.  Only lists inside the body container count, with the short heading right above.

A line is dropped when its words are one of a widget's pieces (a heading, a paragraph, a list
item), or four words or more found inside a widget's text.

An embedded social-media post (a ``blockquote.twitter-tweet``) is left alone: articles quote
them, and the article-extraction benchmark counts them as article text.

A link around the article's own headline or body, a link to this very page (``#part``) or to
an image or document file, a card that shows this page's own headline (a "most read" box
listing this article with its lead), and a link holding more than a few paragraphs (an
unclosed ``<a>`` the parser stretched over the article) are never cards; a list whose items
link to files (attachments) or to parts of this page (a table of contents) is no link list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urljoin

from .metadata import clean, folded_words
from .selectors import text_of

CARD = "heuristic:link-wrapped-teaser"
LINK_LIST = "heuristic:list-of-links-to-other-pages"
MAX_CARD_PARAGRAPHS = 3
MAX_CARD_CHARS = 2000
_CARD_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p")
_PIECES = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "div", "span", "strong", "b", "font")
_INLINE = frozenset(("a", "span", "em", "strong", "b", "i", "u", "font", "small", "big", "sup",
                     "sub", "abbr", "cite", "code", "mark", "s", "time", "img"))
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
        if not len(link):  # most links: no element inside, so no block (8x faster a page)
            continue
        blocks = list(link.iter(*_CARD_BLOCKS))
        if not blocks or sum(1 for el in blocks if el.tag == "p") > MAX_CARD_PARAGRAPHS:
            continue
        if _other_page(link.get("href"), url):
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


def _shown(el: Any) -> str:
    """The text of ``el`` with a space where a block element starts or ends (and at ``<br>``)."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            edge = " " if child.tag not in _INLINE else ""
            parts.extend((edge, _shown(child), edge))
        parts.append(child.tail or "")
    return "".join(parts)


@dataclass
class Widget:
    """One widget found in the page: its normalised text and that of each of its pieces."""

    kind: str
    origin: str
    text: str
    pieces: set[str] = field(default_factory=set)

    def holds(self, line: str) -> bool:
        if line in self.pieces:
            return True
        return line.count(" ") >= 3 and f" {line} " in f" {self.text} "


def find_widgets(tree: Any, url: str, body: Any = None, keep: Iterable[Any] = (),
                 title: str | None = None) -> list[Widget]:
    """Teaser cards anywhere and link lists inside ``body`` (the article's container).

    ``keep``: elements that are this page's own (headline, body container); a widget holding
    one of them is none.  A card showing ``title`` is about this very page.
    """
    protected = {el for el in (body, *keep) if el is not None}
    own_title = folded_words(title or "")
    found: list[Widget] = []
    lists = _link_lists(body, url) if body is not None else ()
    for kind, origin, candidates in (("teaser card", CARD, _cards(tree, url)),
                                     ("link list", LINK_LIST, lists)):
        for el in candidates:
            if protected and any(e in protected for e in el.iter()):
                continue
            text = clean(_shown(el))
            if kind == "teaser card" and (not text or len(text) > MAX_CARD_CHARS):
                continue
            words = folded_words(text)
            if not words or (own_title and f" {own_title} " in f" {words} "):
                continue
            pieces = {folded_words(_shown(p)) for p in el.iter(*_PIECES)} | {words}
            what = kind if el.tag in ("a", "ul", "ol") else f"{kind}'s heading"
            found.append(Widget(what, origin, words, pieces - {""}))
    return found


def drop_widget_lines(paragraphs: list[str], widgets: list[Widget],
                      log: Log | None = None) -> list[str]:
    """``paragraphs`` without the lines that come from ``widgets``."""
    if not widgets:
        return paragraphs
    kept: list[str] = []
    for paragraph in paragraphs:
        line = folded_words(paragraph)
        widget = next((w for w in widgets if line and w.holds(line)), None)
        if widget is None:
            kept.append(paragraph)
        elif log is not None:
            log.append((f"removed line of a {widget.kind}", widget.origin, paragraph[:100]))
    return kept
