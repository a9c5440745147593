"""Authors: byline selectors, byline markup in the article, "Tác giả:" lines, and the trailing
signature lines these sites use ("Nguyễn Văn Nghĩa, Văn phòng", "HUY ANH", "QH. Văn phòng –
Thanh tra").

Byline markup (``class="author"``, ``class="byline"``, ``itemprop="author"``, ...) is read
from the page before trafilatura runs: trafilatura discards such elements as boilerplate, so a
``<p class="author">`` closing the body never reaches the text the signature step looks at.

An author line is removed from the text only when it was moved into ``author``.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from lxml import etree

from .dates import find_dates
from .metadata import PageContext, clean, in_chrome_header

logger = logging.getLogger(__name__)

_LABEL = re.compile(
    r"(?i)^(?:(?:tác\s*giả|người\s*viết|bài\s*(?:và|,|&)?\s*ảnh|tin\s*(?:và|,|&)?\s*ảnh|bài|tin|"
    r"phóng\s*viên|pv|by|author|written\s+by)\s*[:：]\s*|(?:(?:viết|đăng|được\s*đăng)\s+)?bởi\s+|"
    r"(?:written\s+|posted\s+)?by\s+)"
)
# "bởi Y Liên", "Viết bởi Nguyễn Văn A", "by Y Lien": a label without a colon
_BY = re.compile(r"(?i)^(?:(?:viết|đăng|được\s*đăng)\s+)?(?:bởi|by)\s+(.{2,60})$")
_BYLINE = re.compile(
    r"(?i)^(?:tác\s*giả|người\s*viết|bài\s*(?:và|,|&)\s*ảnh|tin\s*(?:và|,|&)\s*ảnh|"
    r"bài|tin|ảnh)\s*[:：]\s*(.{2,80})$"
)
_HEAD_SPLIT = re.compile(r"\s*[,–—(]\s*|\s+-\s*|-(?=[A-ZĐ])")
_INITIALS = re.compile(r"^[A-ZĐ]{1,4}(?:\.[A-ZĐ]{1,3})*\.\s*\S")
_SENTENCE_END = re.compile(r"[.!?:;…]$")
_DIGITS = re.compile(r"\d")
MAX_SIGNATURE = 90
MAX_BYLINE = 120
MAX_TEASER_ITEM = 700  # a teaser entry (headline link, date, summary, byline) is short
# class tokens of byline elements on these sites and common themes
_BYLINE_CLASSES = ("author", "byline", "tac-gia", "tacgia", "author-name", "news-author",
                   "article-author", "post-author", "detail-author")
_ITEMPROP_AUTHOR = etree.XPath("//*[@itemprop='author']")
# what is left of a byline whose name is missing ("Viết bởi", "Tác giả:")
_BARE_LABEL = re.compile(r"(?i)^(?:tác\s*giả|người\s*viết|(?:viết|đăng|được\s*đăng)?\s*bởi|"
                         r"(?:written|posted)?\s*by|author)\s*[:：]?$")


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() and word.replace(".", "").isalpha()


def looks_like_signature(line: str) -> bool:
    """Whether a short closing line is an author signature rather than prose."""
    line = line.strip()
    if not line or len(line) > MAX_SIGNATURE or _DIGITS.search(line):
        return False
    if _SENTENCE_END.search(line) and not _INITIALS.match(line):
        return False
    words = line.split()
    if len(words) > 14:
        return False
    letters = [c for c in line if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return 1 <= len(words) <= 6
    if _INITIALS.match(line):
        return True
    head = _HEAD_SPLIT.split(line, maxsplit=1)[0]
    head_words = head.split()
    if not 2 <= len(head_words) <= 5 or not all(_is_name_word(w) for w in head_words):
        return False
    return head != line or len(words) <= 5


def strip_label(value: str) -> str:
    """Remove "Tác giả:"-style labels from an author string."""
    return _LABEL.sub("", clean(value)).strip(" -–—,")


def _same(a: str, b: str) -> bool:
    return clean(a).casefold() == clean(b).casefold()


def author_from_selectors(ctx: PageContext) -> str | None:
    """The byline found by ``author`` selectors (read before the tree is pruned)."""
    for sel in ctx.rules.get("author"):
        for el in sel.select(ctx.tree, ctx.index):
            value = sel.value(el)
            if value:
                value = strip_label(value)
                if value and len(value) <= 120 and ctx.rules.drops(value) is None:
                    return value
    return None


def _byline_elements(ctx: PageContext, start: int, stop: int) -> list[Any]:
    """Elements marked as a byline (class or ``itemprop="author"``) in document positions
    ``start`` to ``stop``, in document order; of nested ones only the innermost."""
    index = ctx.index
    found = {el for token in _BYLINE_CLASSES for el in index.by_class.get(token, ())}
    found.update(_ITEMPROP_AUTHOR(ctx.tree))
    inside = [el for el in found if start <= index.order.get(el, -1) < stop]
    inside.sort(key=index.order.__getitem__)
    marked = set(inside)
    return [el for el in inside
            if not any(d in marked for d in el.iterdescendants())]


def _in_teaser(el: Any) -> bool:
    """Inside a link, or a short list item / table row holding a link (a teaser entry of
    "Tin khác"), rather than the article itself (which layout tables also hold)."""
    for node in (el, *el.iterancestors()):
        if node.tag == "a":
            return True
        if node.tag in ("li", "tr") and node.find(".//a") is not None:
            return len(clean(node.text_content())) <= MAX_TEASER_ITEM
        if node.tag in ("body", "article", "main"):
            return False
    return False


def author_in_markup(ctx: PageContext, window: tuple[int, int] | None) -> str | None:
    """A byline marked up as one (``<p class="author">``, ``<span class="byline">``,
    ``itemprop="author"``) between the headline and the end of the body, for pages whose
    markup no ``author`` selector knows.  ``window`` is the span of document positions to look
    in; bylines in teaser lists, links and the banner are not the article's."""
    if window is None or ctx.index is None:
        return None
    for el in _byline_elements(ctx, max(0, window[0]), window[1]):
        if _in_teaser(el) or in_chrome_header(el, ctx):
            continue
        names = [n for n in el.iterdescendants() if n.get("itemprop") == "name"]
        value = strip_label(clean((names[0] if names else el).text_content()))
        if not value or len(value) > MAX_BYLINE or len(value.split()) > 15:
            continue
        if _BARE_LABEL.match(value) or find_dates(value) or ctx.rules.drops(value) is not None:
            continue
        if any(c.isalpha() for c in value):
            return value
    return None


def author_near_title(ctx: PageContext, window: tuple[int, int] | None) -> str | None:
    """A byline between the headline and the body ("bởi Y Liên", "Tác giả: ..."), for pages
    whose markup no ``author`` selector knows.  ``window`` is the span of document positions
    to look in."""
    if window is None or ctx.index is None or ctx.title_el is None:
        return None
    start = ctx.index.order.get(ctx.title_el)
    if start is None:
        return None
    stop = min(window[1], start + 80)
    if ctx.body_anchor is not None:
        stop = min(stop, ctx.index.order.get(ctx.body_anchor, stop))
    for el in ctx.index.elements[start + 1:stop]:
        text = clean(el.text_content())
        if not text or len(text) > 90:
            continue
        m = _BY.match(text) or _BYLINE.match(text)
        if m and looks_like_signature(m.group(1)) and ctx.rules.drops(m.group(1)) is None:
            return clean(m.group(1))
    return None


def _last_index(paragraphs: list[str]) -> int | None:
    for i in range(len(paragraphs) - 1, -1, -1):
        if paragraphs[i].strip(" ./"):
            return i
    return None


def extract_author(paragraphs: list[str], byline: str | None, *, signatures: bool = True
                   ) -> tuple[str | None, list[str]]:
    """The author and the paragraphs with the moved author line removed.

    ``byline`` is what the selectors found; without it, a "Tác giả:" line or a trailing
    signature line becomes the author.
    """
    author = byline
    last = _last_index(paragraphs)
    if author:
        for i in (last, 0):
            if i is not None and i < len(paragraphs) and (
                    _same(paragraphs[i], author) or _same(strip_label(paragraphs[i]), author)):
                return author, paragraphs[:i] + paragraphs[i + 1:]
        return author, paragraphs
    for i in (0, last):
        if i is None or i >= len(paragraphs):
            continue
        m = _BYLINE.match(paragraphs[i])
        if m and looks_like_signature(m.group(1)):
            return clean(m.group(1)), paragraphs[:i] + paragraphs[i + 1:]
    if signatures and last is not None and last > 0 and looks_like_signature(paragraphs[last]):
        return clean(paragraphs[last]), paragraphs[:last] + paragraphs[last + 1:]
    return None, paragraphs
