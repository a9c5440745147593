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
holds it.

A page without such a header (or with one that holds no standfirst) may print the standfirst
as a block of its own right after the headline (``div.teaser_text``, ``p.summary``,
``div.article-lead``).  Outside a header the rule is stricter (:func:`_after_headline`), as
news pages differ on whether a block there is the article's:

- it is the first block with text after the headline in document order, where captions,
  figures, navigation, bylines, date lines and blocks named by a ``not_standfirst_class`` rule
  are passed over; any other text before it (even a short line) means it is not;
- it is followed by the body: the next block with text is one the body text holds, inside the
  container that holds the headline (no other block comes between, and it is not already in
  the text);
- it reads as a lead: :data:`LEAD_CHARS` characters and :data:`MIN_WORDS` words, not in title
  case (a heading of another story), not a keyword list, mostly not links, not inside a link,
  list, table, quote or aside, and not in a teaser card (a wrapper, short of the one shared
  with the body, that holds a heading, a link or an image beside it).
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
LEAD_CHARS = (40, 600)  # a standfirst outside the header: its length
AFTER_ORIGIN = "heuristic:standfirst-after-headline"
_SCAN_LIMIT = 400  # elements after the headline searched for the standfirst
_BYLINE = re.compile(r"^(?:by|von|par|por|door|di|av|af)\s", re.IGNORECASE)
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# a block in one of these is never the standfirst; one outside a named or meta block ends the
# search (it is something else between the headline and the body)
_NOT_LEAD = frozenset(("a", "ul", "ol", "li", "table", "blockquote", "aside", "footer",
                       "dl", "address", "button", "label", "form"))
# passed over between the headline and the standfirst
_PASSED = frozenset(("figure", "figcaption", "nav", "script", "style", "noscript", "template"))

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
    """The standfirst under the headline when the body text lacks it (None otherwise)."""
    headline = ctx.title_el
    if headline is None or not paragraphs:
        return None
    header = next((a for a in headline.iterancestors() if a.tag in _HEADERS), None)
    if header is None:
        return _after_headline(ctx, headline, paragraphs)
    found = _in_header(ctx, headline, header, paragraphs)
    if found is False:
        return _after_headline(ctx, header, paragraphs)
    return found if isinstance(found, str) else None


def _in_header(ctx: PageContext, headline: Any, header: Any,
               paragraphs: list[str]) -> str | bool:
    """The standfirst in ``header``; True when the body text holds it, False when none."""
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
            return True
        ctx.explain.append(("standfirst in the article header kept", ORIGIN, text[:100]))
        ctx.chose("lead", ORIGIN)
        return text
    return False


def _leaf(el: Any) -> bool:
    """Whether ``el`` is a block of text and inline markup only."""
    return el.tag in _PROSE_TAGS and not any(isinstance(c.tag, str) and c.tag in _NOT_INLINE
                                             for c in el.iterdescendants())


def _meta_line(text: str, ctx: PageContext) -> bool:
    hits = find_dates(text)
    return bool(_BYLINE.match(text) or (hits and hits[0].start < 20)
                or ctx.rules.drops(text) is not None)


def _teaser(el: Any, stop: Any) -> bool:
    """Whether a wrapper of ``el`` below ``stop`` holds a heading, a link or an image beside
    it (a teaser card); ``stop`` is the first wrapper shared with the body or the headline."""
    for wrapper in el.iterancestors():
        if wrapper is stop:
            return False
        around = set(el.iter()) | set(el.iterancestors())
        if any(isinstance(other.tag, str) and other not in around
               and other.tag in _HEADINGS | {"a", "img", "picture"}
               for other in wrapper.iterdescendants()):
            return True
    return False


def _after_headline(ctx: PageContext, start: Any, paragraphs: list[str]) -> str | None:
    """The standfirst block after ``start`` (the headline or its header), see the docstring."""
    body = _compact(" ".join(paragraphs))
    skip = set(start.iter())
    top = start.getparent()
    seen = 0
    after = False
    found: tuple[Any, str] | None = None
    interrupted = False  # some other text came between the headline and here
    for el in start.getroottree().iter():
        if el is start:
            after = True
            continue
        if not after or el in skip or not isinstance(el.tag, str):
            continue
        seen += 1
        if seen > _SCAN_LIMIT:
            return None  # no body follows it
        if not _leaf(el):
            own = clean(el.text)
            if own and not interrupted and not _passed(el, start, ctx, own):
                interrupted = True
            continue
        skip.update(el.iterdescendants())
        text = clean(text_with_breaks(el))
        compact = _compact(text)
        if len(compact) >= 20 and compact in body:
            return _before_body(ctx, start, found, el)
        if not text or _passed(el, start, ctx, text):
            continue
        if len(text) < LEAD_CHARS[0]:
            interrupted = True  # a short line that is no meta line: the lead is not next
            continue
        chain = _chain(el)
        while top is not None and top not in chain:
            top = top.getparent()  # the lowest common ancestor of the headline and ``el``
        inside = chain[:chain.index(top)] if top is not None else chain
        if (found is not None or interrupted or top is not start.getparent()
                or not _reads_as_lead(el, text, inside)):
            return None  # a second block before the body, or something else than a lead
        found = (el, text)
    return None


def _passed(el: Any, start: Any, ctx: PageContext, text: str) -> bool:
    """Whether ``el`` is passed over between the headline and the standfirst: in a figure or
    navigation, named by a ``not_standfirst_class`` rule, or a date or byline line."""
    for node in _chain(el):
        if node is start.getparent():
            break
        if node.tag in _PASSED or _named(node, ctx):
            return True
    return _meta_line(text, ctx)


def _chain(el: Any) -> list[Any]:
    return [el, *el.iterancestors()]


def _before_body(ctx: PageContext, start: Any, found: tuple[Any, str] | None,
                 body_start: Any) -> str | None:
    """The standfirst ``found`` when the body starting at ``body_start`` is in the headline's
    container and the standfirst is not in a teaser card."""
    if found is None:
        return None
    el, text = found
    shared = _chain(body_start)
    if start.getparent() not in shared:
        return None  # the body is elsewhere than the headline: the block is not between them
    stop = next(a for a in _chain(el) if a in shared)
    if _teaser(el, stop):
        return None
    ctx.explain.append(("standfirst after the headline kept", AFTER_ORIGIN, text[:100]))
    ctx.chose("lead", AFTER_ORIGIN)
    return text


def _reads_as_lead(el: Any, text: str, inside: list[Any]) -> bool:
    """Whether a block outside the article header reads as its standfirst."""
    words = text.split()
    capitalised = [w for w in words if len(w) > 3 and w[0].isupper()]
    long_words = [w for w in words if len(w) > 3]
    links = sum(len(clean(text_of(a))) for a in el.iter("a"))
    return (len(text) <= LEAD_CHARS[1] and len(words) >= MIN_WORDS
            and len(capitalised) <= 0.6 * len(long_words)  # not a headline in title case
            and len(re.findall(r",\S", text)) < 2  # not a keyword list ("a,b,c")
            and not any(n.tag in _NOT_LEAD for n in inside)
            and links <= MAX_LINK_SHARE * len(text))
