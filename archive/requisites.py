"""Page requisites: what a page needs to render in replay (stylesheets, scripts, fonts, icons,
images), found in its HTML and in its stylesheets' ``@import`` and ``url(…)``.

These are embeds, not links: the crawler fetches them after the page (from any path or
host, a portal's theme or a CDN) and never looks for links in them.  Plain Python.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import html

from archive.html import parse_html

# url(...) with or without quotes; @import "x" / @import 'x' (url(...) form caught above)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.I)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]+)"|'([^']+)')""", re.I)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_SKIP = re.compile(r"^\s*(data:|javascript:|about:|#|mailto:)", re.I)
# <link rel=...> values that name something the page loads to render
_LINK_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon",
                        "preload", "prefetch", "modulepreload", "manifest"})
_PRELOAD_AS = frozenset({"", "style", "script", "font", "image", "fetch"})
MAX_CSS_CHARS = 2_000_000  # never scan more of one stylesheet


def _absolute(base: str, ref: str | None) -> str | None:
    if not ref or _SKIP.match(ref):
        return None
    ref = ref.strip()
    try:
        url = urljoin(base, ref)
    except ValueError:
        return None
    return url if url.lower().startswith(("http://", "https://")) else None


def _srcset(value: str) -> list[str]:
    """URLs of a ``srcset`` ("a.png 1x, b.png 2x")."""
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def css_requisites(css: str, base_url: str) -> list[str]:
    """Absolute URLs a stylesheet loads: ``@import`` and every ``url(…)`` (fonts, images)."""
    css = _CSS_COMMENT.sub(" ", css[:MAX_CSS_CHARS])
    found: list[str] = []
    for match in _CSS_IMPORT.finditer(css):
        found.append(match.group(1) or match.group(2))
    for match in _CSS_URL.finditer(css):
        found.append(match.group(1) or match.group(2) or match.group(3))
    urls = (_absolute(base_url, ref) for ref in found)
    return list(dict.fromkeys(u for u in urls if u))


def page_requisites(page: bytes | str | html.HtmlElement, base_url: str) -> list[str]:
    """Absolute URLs of what an HTML page (or its parsed tree) embeds, in document order,
    without repeats."""
    tree = page if isinstance(page, html.HtmlElement) else parse_html(page)
    if tree is None:
        return []
    base = _absolute(base_url, next(iter(tree.xpath("//base/@href")), None)) or base_url
    refs: list[tuple[str, str]] = []  # (base, reference)
    for link in tree.xpath("//link[@href]"):
        rels = set((link.get("rel") or "").lower().split())
        if rels & _LINK_RELS and not (rels & {"preload", "prefetch"}
                                      and (link.get("as") or "").lower() not in _PRELOAD_AS):
            refs.append((base, link.get("href")))
    # Not iframes (pages of their own) nor audio/video (large, and not needed to render).
    for element in tree.xpath("//script[@src] | //img[@src] | //input[@type='image'][@src]"):
        refs.append((base, element.get("src")))
    for element in tree.xpath("//img[@data-src] | //img[@data-original]"):
        refs.append((base, element.get("data-src") or element.get("data-original")))
    for element in tree.xpath("//img[@srcset] | //picture/source[@srcset]"):
        refs.extend((base, ref) for ref in _srcset(element.get("srcset") or ""))
    for element in tree.xpath("//*[@background]"):  # old table layouts
        refs.append((base, element.get("background")))
    urls = [_absolute(b, ref) for b, ref in refs]
    for style in tree.xpath("//style"):
        urls.extend(css_requisites(style.text_content(), base))
    for element in tree.xpath("//*[@style]"):
        urls.extend(css_requisites(element.get("style") or "", base))
    return list(dict.fromkeys(u for u in urls if u))


def is_stylesheet(content_type: str, url: str) -> bool:
    """A response to read for ``@import``/``url()``: served as CSS, or named ``.css``."""
    media = content_type.split(";")[0].strip().lower()
    return media == "text/css" or (not media and url.split("?")[0].lower().endswith(".css"))
