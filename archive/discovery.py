"""Find the URLs a page points to: HTML links, feeds, sitemaps.  Plain Python, no Scrapy.

HTML is decoded as extraction decodes it (`archive.extract.decoding`), so a page that
declares one charset and sends another still yields its links, and parsed with
`archive.html.parse_html`, so links after deep nesting are kept.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from urllib.parse import urljoin

from lxml import etree, html

from archive.extract.decoding import Headers, decode_body
from archive.html import parse_html

logger = logging.getLogger(__name__)

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
# A file path quoted inside script-driven links: href="javascript:openFile('/a/b.pdf')".
QUOTED_FILE = re.compile(
    r"""['"]([^'"\s]+\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|rtf|zip|rar)(?:\?[^'"\s]*)?)['"]""",
    re.I)
NOT_A_LINK = re.compile(r"^\s*(mailto:|javascript:|tel:|data:|sms:|skype:|#)", re.I)
#: bytes of a page read for links (a bigger page is cut here, never decoded whole)
MAX_HTML_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Link:
    """An outlink and what kind of thing we expect behind it."""

    url: str
    kind: str  # "page", "feed", "sitemap", "image"


def _absolute(base: str, href: str | None) -> str | None:
    if not href or NOT_A_LINK.match(href):
        return None
    href = href.strip().replace("\\", "/")
    try:
        return urljoin(base, href)
    except ValueError:
        return None


def page_tree(body: bytes | str, headers: Headers = None) -> html.HtmlElement | None:
    """The page's tree: bytes decoded as extraction decodes them (charset from `headers`,
    the page or detection; capped), then parsed whatever the nesting depth.

    The crawl parses a page once and hands the tree to `html_links`, the page-kind and
    the requisites checks.
    """
    if isinstance(body, bytes):
        body = decode_body(body[:MAX_HTML_BYTES], headers).text
    return parse_html(body)


def html_links(page: bytes | str | html.HtmlElement, base_url: str,
               headers: Headers = None) -> list[Link]:
    """Links of an HTML page (or its `page_tree`): anchors, frames, feed `<link>`s, embeds,
    script-driven file links, images; honours `<base href>`."""
    tree = page if isinstance(page, html.HtmlElement) else page_tree(page, headers)
    if tree is None:
        return []
    base = _absolute(base_url, next(iter(tree.xpath("//base/@href")), None)) or base_url
    links: list[Link] = []
    for element in tree.xpath("//a[@href] | //area[@href] | //frame[@src] | //iframe[@src]"):
        if "nofollow" in (element.get("rel") or "").lower().split():
            continue  # login, search and share links: never content, often traps
        url = _absolute(base, element.get("href") or element.get("src"))
        if url:
            links.append(Link(url, "page"))
    for element in tree.xpath("//embed[@src] | //object[@data]"):
        url = _absolute(base, element.get("src") or element.get("data"))
        if url:
            links.append(Link(url, "page"))
    for element in tree.xpath("//*[starts-with(normalize-space(@href), 'javascript:')]"
                              " | //*[@onclick]"):
        script = (element.get("href") or "") + " " + (element.get("onclick") or "")
        for path in QUOTED_FILE.findall(script):
            if url := _absolute(base, path):
                links.append(Link(url, "page"))
    for element in tree.xpath("//img[@src or @data-src or @data-original]"):
        src = element.get("data-src") or element.get("data-original") or element.get("src")
        url = _absolute(base, src)
        if url:
            links.append(Link(url, "image"))
    for element in tree.xpath("//link[@rel='alternate'][@href]"):
        if (element.get("type") or "").lower() in FEED_TYPES:
            url = _absolute(base, element.get("href"))
            if url:
                links.append(Link(url, "feed"))
    return links


def _xml_root(body: bytes) -> etree._Element | None:
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True,
                             huge_tree=False)
    try:
        return etree.fromstring(body.lstrip(), parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return None


def _xml_events(body: bytes, events: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    """Parse events of an XML document, read as a stream: entities never expanded."""
    events_of: Iterator[tuple[str, Any]] = etree.iterparse(
        BytesIO(body.lstrip()), events=events, recover=True, resolve_entities=False,
        no_network=True, huge_tree=False)
    return events_of


def xml_kind(body: bytes) -> str | None:
    """'sitemap', 'feed' or None for an XML document (only its root element is read)."""
    try:
        for _event, root in _xml_events(body, ("start",)):
            tag = etree.QName(root).localname.lower()
            if tag in ("urlset", "sitemapindex"):
                return "sitemap"
            return "feed" if tag in ("rss", "feed", "rdf") else None
    except (etree.XMLSyntaxError, ValueError):
        return None
    return None


def sitemap_links(body: bytes, base_url: str) -> Iterator[Link]:
    """`<loc>`s of a sitemap (pages) or a sitemap index (more sitemaps), as they are read.

    A sitemap may hold 50,000 URLs in 50 MB: it is parsed incrementally and each `<url>`
    is dropped once read, so the crawl takes links as they come and memory stays flat.
    """
    kind = None
    try:
        for event, element in _xml_events(body, ("start", "end")):
            name = etree.QName(element).localname.lower()
            if kind is None:
                kind = "sitemap" if name == "sitemapindex" else "page"
            if event != "end":
                continue
            if name == "loc" and (url := _absolute(base_url, (element.text or "").strip())):
                yield Link(url, kind)
            elif name in ("url", "sitemap"):
                element.clear(keep_tail=False)
                while element.getprevious() is not None:
                    del element.getparent()[0]
    except (etree.XMLSyntaxError, ValueError):
        return


def feed_links(body: bytes, base_url: str) -> list[Link]:
    """Item links of an RSS 2.0, RSS 1.0 or Atom feed."""
    root = _xml_root(body)
    if root is None:
        return []
    links = []
    for element in root.iter("{*}link", "link"):
        href = element.get("href") if element.get("href") else (element.text or "").strip()
        if element.get("rel") not in (None, "alternate"):
            continue
        url = _absolute(base_url, href)
        if url:
            links.append(Link(url, "page"))
    return links
