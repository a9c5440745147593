"""Parse HTML text into an lxml tree without losing what follows deep nesting.

libxml2's HTML parser stops at a nesting depth of 256 (2048 with `huge_tree`) and
drops the rest of the page.  `parse_html` parses with `huge_tree`; when even that
limit is hit, it flattens the nesting beyond `FLAT_DEPTH` (the tags go, their text
and links stay) and parses again.  Link discovery uses it; extraction can too.
"""

from __future__ import annotations

import re

from lxml import etree, html

#: nesting kept as it is; deeper container tags are dropped by the fallback
FLAT_DEPTH = 512
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.I)
# a comment start, a doctype, or a start/end tag
_TOKEN = re.compile(r"<!--|<![^>]*>|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*?(/?)>")
_COMMENT_END = re.compile("-->")
_RAW_TEXT = {name: re.compile(rf"</{name}\s*>", re.I)
             for name in ("script", "style", "textarea", "title")}
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "frame", "keygen",
})
# elements whose tags are kept whatever the depth: they carry links or page structure
_KEEP = frozenset({"html", "head", "body", "a", "iframe", "frameset", "object", "form"})


def _parser() -> html.HTMLParser:
    return html.HTMLParser(huge_tree=True, remove_comments=False)


def _too_deep(parser: html.HTMLParser) -> bool:
    return any("Excessive depth" in error.message for error in parser.error_log)


def flatten_nesting(markup: str, max_depth: int = FLAT_DEPTH) -> str:
    """`markup` with container tags deeper than `max_depth` removed, text and links kept.

    A tolerant tag counter, not a parser: an end tag closes the nearest open element
    of its name; unclosed elements only make it flatten a little earlier.
    """
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag name, kept in the output)
    position = 0
    while match := _TOKEN.search(markup, position):
        out.append(markup[position:match.start()])
        position = match.end()
        token, slash, name, self_closing = match.group(0, 1, 2, 3)
        end_pattern = _RAW_TEXT.get((name or "").lower()) if not slash else None
        if token == "<!--" or end_pattern is not None:  # taken whole; unclosed: to the end
            close = (end_pattern or _COMMENT_END).search(markup, position)
            position = close.end() if close else len(markup)
            out.append(markup[match.start():position])
            continue
        if name is None:  # a doctype
            out.append(token)
            continue
        name = name.lower()
        if slash:
            for index in range(len(stack) - 1, -1, -1):
                if stack[index][0] == name:
                    kept = stack[index][1]
                    del stack[index:]
                    if kept:
                        out.append(token)
                    break
            else:
                out.append(token)  # a stray end tag: the HTML parser deals with it
            continue
        if name in _VOID or self_closing:
            out.append(token)
            continue
        keep = len(stack) < max_depth or name in _KEEP
        stack.append((name, keep))
        if keep:
            out.append(token)
    out.append(markup[position:])
    return "".join(out)


def parse_html(markup: str | bytes) -> html.HtmlElement | None:
    """The document tree of `markup` (text, or bytes left to lxml), or None if unparseable.

    Content after any depth of nesting is kept (see the module docstring).
    """
    if isinstance(markup, str):
        markup = _XML_DECLARATION.sub("", markup, count=1)  # lxml refuses it in text
    if not markup.strip():
        return None
    parser = _parser()
    try:
        tree = html.fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        return None
    if not _too_deep(parser):
        return tree
    if isinstance(markup, bytes):
        markup = markup.decode("utf-8", "replace")
    parser = _parser()
    try:
        return html.fromstring(flatten_nesting(markup), parser=parser)
    except (etree.ParserError, ValueError):
        return tree
