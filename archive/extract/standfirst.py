"""The standfirst of a page not in Vietnamese: the summary printed under the headline.

Such pages go to trafilatura in precision mode (``core._foreign_text``), which removes every
``<header>`` element - and with the article's header, the standfirst ("dek", "excerpt",
"lead") that news templates put there beside the headline.  It is article text, as the sapo
of a Vietnamese page is: the author wrote it, and the page shows it between the headline and
the body.

The standfirst is the first block after the headline, inside the ``<header>`` (or
``<hgroup>``) that holds the headline, that reads as prose: a paragraph, a heading or a block
of inline text of at least :data:`MIN_CHARS` characters and :data:`MIN_WORDS` words, mostly
not links, without images, lists, forms or scripts, not inside a link, figure or list, not
named (by its class or id, or a wrapper's inside the header) by a ``not_standfirst_class``
rule (a caption, credit, byline, meta line, share tool or promotion), and not starting with a
date.  Nothing is added when the body text already
holds it.  A summary outside the article's header is left to trafilatura: news pages differ on
whether such a block is the article's (benchmarks/news_f1.py counts it as boilerplate).
"""

from __future__ import annotations

import re
from typing import Any

from .dates import find_dates
from .metadata import PageContext, clean
from .selectors import text_of
from .text import text_with_breaks

MIN_CHARS, MIN_WORDS = 60, 8
MAX_LINK_SHARE = 0.3
ORIGIN = "heuristic:standfirst-in-article-header"

_HEADERS = frozenset(("header", "hgroup"))
_PROSE_TAGS = frozenset(("p", "div", "h2", "h3", "h4", "span"))
# inside one of these a block is never the standfirst
_OUTSIDE = frozenset(("a", "nav", "aside", "footer", "figure", "figcaption", "form", "button",
                      "label", "ul", "ol", "table", "blockquote", "address"))
# a standfirst holds text and inline markup only
_NOT_INLINE = frozenset(("p", "div", "section", "article", "header", "footer", "aside", "nav",
                         "ul", "ol", "li", "table", "figure", "h1", "h2", "h3", "h4", "h5",
                         "h6", "blockquote", "form", "img", "picture", "video", "audio",
                         "iframe", "svg", "time", "button", "input", "select", "textarea",
                         "script", "style", "noscript", "template"))


def _compact(text: str) -> str:
    return "".join(re.findall(r"\w+", text.casefold()))


def _named(el: Any, ctx: PageContext) -> bool:
    """Whether a ``not_standfirst_class`` rule names ``el`` (by its class or id)."""
    names = f"{el.get('class') or ''} {el.get('id') or ''}".strip()
    return bool(names) and ctx.rules.first("not_standfirst_class", names) is not None


def _prose(el: Any, header: Any, ctx: PageContext) -> str | None:
    """The text of ``el`` when it reads as a standfirst (see the module docstring)."""
    if el.tag not in _PROSE_TAGS or any(isinstance(c.tag, str) and c.tag in _NOT_INLINE
                                        for c in el.iterdescendants()):
        return None
    for node in (el, *el.iterancestors()):
        if node is header:
            break
        if node.tag in _OUTSIDE or _named(node, ctx):
            return None
    text = clean(text_with_breaks(el))
    if len(text) < MIN_CHARS or len(text.split()) < MIN_WORDS:
        return None
    links = sum(len(clean(text_of(a))) for a in el.iter("a"))
    if links > MAX_LINK_SHARE * len(text) or ctx.rules.drops(text) is not None:
        return None
    hits = find_dates(text)
    if hits and hits[0].start < 20:
        return None  # a meta line ("03.01.2026, 10:00 ...")
    return text


def standfirst(ctx: PageContext, paragraphs: list[str]) -> str | None:
    """The standfirst in the article's header when the body text lacks it (None otherwise)."""
    headline = ctx.title_el
    if headline is None:
        return None
    header = next((a for a in headline.iterancestors() if a.tag in _HEADERS), None)
    if header is None:
        return None
    after = False
    for el in header.iterdescendants():
        if el is headline:
            after = True
            continue
        if not after or not isinstance(el.tag, str) or headline in el.iterancestors():
            continue
        text = _prose(el, header, ctx)
        if text is None:
            continue
        if _compact(text) in _compact(" ".join(paragraphs)):
            return None
        ctx.explain.append(("standfirst in the article header kept", ORIGIN, text[:100]))
        ctx.chose("lead", ORIGIN)
        return text
    return None
