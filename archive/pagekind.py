"""Is a fetched page an article (a leaf of the crawl) or a page to read again (a listing)?

Decided by the crawl from the page itself, with no extraction: an article has one block of
running prose (paragraphs that are not links) and few headline links beside it; a listing
is a column of headline links, with or without summaries.  When in doubt the answer is
"not an article": a listing taken for an article would hide new articles until the
re-check interval, an article taken for a listing only costs a conditional request.
"""

from __future__ import annotations

import re
from collections import defaultdict

from lxml import etree, html

from archive.html import parse_html

MIN_PROSE_CHARS = 250  # the running text of one block of an article
MAX_HEADLINE_LINKS = 3  # headline-length links inside the prose block (a listing has many)
HEADLINE_CHARS = 20  # a link with this much text reads as a headline / teaser
_CHROME = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form",
           "select", "button", "template")
_PROSE_TAGS = frozenset({"p", "font", "span", "blockquote", "li"})
# blocks named as page chrome (a `<div class="footer">` with the agency's address is prose)
_CHROME_NAME = re.compile(r"(?<![a-z])(?:footer|site-?footer|header|site-?header|menu|"
                          r"sidebar|navbar)(?![a-z])", re.IGNORECASE)


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _link_text(element: etree._Element) -> int:
    return sum(len(_text(a)) for a in element.iter("a"))


def looks_like_article(page: str | html.HtmlElement) -> bool:
    """True if `page` (decoded HTML, or its tree, left unchanged) holds a block of running
    prose and is no listing."""
    root = page if isinstance(page, html.HtmlElement) else parse_html(page)
    if root is None:
        return False
    prose: dict[etree._Element, int] = defaultdict(int)
    chrome = _chrome(root)
    for element in root.iter(*_PROSE_TAGS):
        if element.getparent() is None or element.getparent().tag in _PROSE_TAGS:
            continue
        if any(ancestor in chrome for ancestor in element.iterancestors()):
            continue
        text = len(_text(element))
        if text and _link_text(element) * 2 < text:
            prose[element.getparent()] += text - _link_text(element)
    for block, chars in sorted(prose.items(), key=lambda item: -item[1]):
        if block.tag in ("ul", "ol"):
            continue  # a list of items with summaries is a listing's shape, not running prose
        if chars < MIN_PROSE_CHARS:
            return False
        headlines = sum(1 for a in block.iter("a") if len(_text(a)) >= HEADLINE_CHARS)
        if headlines <= MAX_HEADLINE_LINKS:
            return True
    return False


def _chrome(root: etree._Element) -> set[etree._Element]:
    """The page's chrome blocks: navigation, header, footer, forms (not the page form),
    and blocks whose class or id names them so."""
    page_forms = _page_forms(root)
    return {element for element in root.iter(etree.Element)
            if element.tag in _CHROME and element not in page_forms
            or _CHROME_NAME.search(f"{element.get('class', '')} {element.get('id', '')}")}


def _page_forms(root: etree._Element) -> set[etree._Element]:
    """Forms that wrap the page rather than sit in it: ASP.NET WebForms (DotNetNuke,
    SharePoint, mojoPortal) put the whole page, article included, in one `<form>`."""
    return {form for form in root.iter("form")
            if (parent := form.getparent()) is not None and parent.tag == "body"
            or form.find('.//input[@name="__VIEWSTATE"]') is not None}
