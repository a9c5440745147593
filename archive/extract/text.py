"""Body text: prune rule selectors, run trafilatura on the pruned tree, then post-filter lines.

Conventions of the text (one paragraph per line; the document joins them with blank lines):

- Captions stay in the text as their own paragraph, verbatim, and are also listed (in order) in
  ``captions``; a consumer can tell caption paragraphs by equality.  A caption split by
  ``<br>`` is re-joined with a space, and a drop-cap split ("Đ ồng chí") is re-joined.
  Caption markup (``figcaption``, ``class="...caption..."``) is released before trafilatura,
  which would otherwise discard it.
- A list item is one bare line: the bullet or number that *markup* draws (``<li>`` of ``<ul>``
  and ``<ol>``, the generated bullet of a Word list paragraph) is not text.  Characters the
  author typed are kept verbatim: ``<p>- Công tác ...</p>`` stays "- Công tác ...", and
  ``<li>- x</li>`` gives "- x".  So the same list gives the same lines whether a CMS marks it
  up as ``<ul>`` or as a pasted Word list.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.settings import Extractor
from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, is_dubious_html, repair_faulty_html

from .legacy import fix_legacy
from .metadata import clean
from .rules import Rules, TreeIndex
from .selectors import text_of

logger = logging.getLogger(__name__)

MIN_BODY_CHARS = 150
MAX_CAPTION = 300
_BLOCKS = ("p", "div", "td", "figure", "center", "li", "span", "font", "em", "i", "strong", "b")
_CAPTION_STYLE = re.compile(r"(?i)text-align\s*:\s*center|italic")
_CAPTION_CLASS = re.compile(r"(?i)caption|chu-?thich|image-?desc|img-?desc|photo-?desc|note")
# a lone consonant can never be a Vietnamese word: "Đ ồng chí" is a split drop-cap
_DROP_CAP = re.compile(r"^([BCDĐGHKLMNPQRSTVX])\s+([a-zà-ỹđ]\w*)")
_TABLE_ROW = re.compile(r"^\|\s*(.*?)\s*\|?$")
_EMPTY = re.compile(r"^[\s()\[\]|,.:;/\\*·•…_–—-]*$")
# put at the start of every <li> before trafilatura, which renders an item as "- ⦃item": the
# dash is then known to be markup.  (Invisible characters are stripped by trafilatura.)
LIST_MARK = "\u2983"
_LIST_LINE = re.compile(r"^\s*-\s*\u2983\s*")
_BULLET = re.compile(r"^(\s*)[-–—•·▪◦●○+*\u00b7\u2022](?:\s+|(?=[^\W\d_]))")
_CAPTION_ATTR = re.compile(r"(?i)caption")


@dataclass
class TextResult:
    """Paragraphs of the body text plus what the post-filters did."""

    paragraphs: list[str]
    captions: list[str]
    dropped: list[str] = field(default_factory=list)


Log = list[tuple[str, str, str]]  # (what happened, rule or heuristic, text)


# --explain: text comes from this container only; what lies outside it is not the article
BODY_ONLY = "body container <{}>, the rest left out"


def describe(el: Any) -> str:
    """``tag#id.class`` of an element, for explanations."""
    out = str(el.tag)
    if el.get("id"):
        out += "#" + el.get("id")
    for token in (el.get("class") or "").split()[:3]:
        out += "." + token
    return out


def prune(tree: Any, rules: Rules, keep: Any = None, index: TreeIndex | None = None,
          log: Log | None = None) -> int:
    """Remove every element matched by a ``prune`` selector (tails are kept)."""
    removed = 0
    for sel in rules.get("prune"):
        for el in sel.select(tree, index):
            if el is keep or el.getparent() is None or (keep is not None and el in
                                                         keep.iterancestors()):
                continue
            if log is not None:
                log.append((f"removed block <{describe(el)}>", sel.origin,
                            clean(text_of(el))[:100]))
            el.drop_tree()
            removed += 1
    return removed


def find_body(tree: Any, rules: Rules, index: TreeIndex | None = None,
              log: Log | None = None) -> Any:
    """The article body container from ``body`` selectors (longest text wins per selector).

    A match shorter than :data:`MIN_BODY_CHARS` is taken only when no selector finds a longer
    one and it lies inside the article block (``article`` rules): the article shows little or
    no text (a video item), and the rest of the page is no substitute for it."""
    blocks: set[Any] | None = None  # the article blocks, found when a short match needs them
    short: tuple[Any, str] | None = None
    for sel in rules.get("body"):
        best, best_len = None, -1
        for el in sel.select(tree, index):
            length = len(" ".join(text_of(el).split()))
            if length <= best_len:
                continue
            if length < MIN_BODY_CHARS:
                if blocks is None:
                    blocks = {b for rule in rules.get("article") for b in rule.select(tree, index)}
                if not blocks.intersection((el, *el.iterancestors())):
                    continue
            best, best_len = el, length
        if best is not None and best_len >= MIN_BODY_CHARS:
            short = (best, sel.origin)
            break
        if best is not None and short is None:
            short = (best, sel.origin)
    if short is None:
        return None
    if log is not None:
        log.append((BODY_ONLY.format(describe(short[0])), short[1], ""))
    return short[0]


def _caption_like(el: Any) -> bool:
    if el.tag in ("em", "i") or _CAPTION_CLASS.search(el.get("class") or ""):
        return True
    if _CAPTION_STYLE.search(el.get("style") or "") or (el.get("align") or "").lower() == "center":
        return True
    children = [c for c in el if isinstance(c.tag, str)]
    only = children[0] if len(children) == 1 else None
    return only is not None and only.tag in ("em", "i") and not (el.text or "").strip()


def text_with_breaks(el: Any) -> str:
    """Text content where ``<br>`` counts as a space."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            parts.append(" " if child.tag == "br" else text_with_breaks(child))
        parts.append(child.tail or "")
    return "".join(parts)


def collect_captions(root: Any, rules: Rules, index: TreeIndex | None = None) -> list[str]:
    """Caption texts (normalised) from caption selectors and image neighbourhoods.

    ``index`` is the whole page's: selector matches outside ``root`` are left out."""
    found: list[str] = []

    def add(text: str) -> None:
        text = clean(text)
        if text and len(text) <= MAX_CAPTION and text not in found:
            found.append(text)

    for sel in rules.get("captions"):
        for el in sel.select(root, index):
            if index is None or el is root or root in el.iterancestors():
                add(text_with_breaks(el))
    for img in root.iter("img"):
        block = img.getparent()
        while block is not None and block.tag in ("a", "span", "strong", "b", "font"):
            block = block.getparent()
        if block is None:
            continue
        own = clean(text_with_breaks(block))
        if own and block.tag != "body" and len(own) <= MAX_CAPTION and block.tag in _BLOCKS:
            add(own)
            continue
        neighbour = block.getnext()
        if block.tag == "td" and block.getparent() is not None:
            row = block.getparent().getnext()
            neighbour = row if row is not None else neighbour
        if neighbour is not None and isinstance(neighbour.tag, str):
            text = clean(text_with_breaks(neighbour))
            if text and len(text) <= MAX_CAPTION and (neighbour.tag in ("tr", "figcaption")
                                                      or _caption_like(neighbour)):
                add(text)
    return found


def _text_slots(el: Any) -> Any:
    """(element, "text" | "tail") in reading order inside ``el`` (its own tail excluded)."""
    yield el, "text"
    for child in el:
        if isinstance(child.tag, str):
            yield from _text_slots(child)
        yield child, "tail"


def _word_list_paragraph(el: Any) -> bool:
    cls = el.get("class") or ""
    if not cls.startswith("Mso"):
        return False
    style = (el.get("style") or "").lower()
    return cls.startswith("MsoList") or "mso-list" in style or "margin-left" in style


def _strip_word_bullet(el: Any) -> None:
    """Remove the bullet of a pasted Word list paragraph (generated span or typed dash)."""
    for span in list(el.iter("span")):
        if "mso-list:ignore" in (span.get("style") or "").lower().replace(" ", ""):
            span.drop_tree()
    for node, slot in _text_slots(el):
        value = getattr(node, slot)
        if value and value.strip():
            setattr(node, slot, _BULLET.sub(r"\1", value, count=1))
            return


def prepare_for_text(root: Any, index: TreeIndex | None, captions: list[str]) -> None:
    """Edit the page (or the moved body) just before trafilatura sees it.

    Every ``<li>`` gets :data:`LIST_MARK` so markup bullets can be told from typed ones; Word
    list paragraphs lose their bullet; caption elements lose the class/id words that make
    trafilatura discard them, and ``figcaption`` becomes a paragraph.
    """
    def elements(tag: str) -> list[Any]:
        return index.by_tag.get(tag, []) if index is not None else list(root.iter(tag))

    for li in elements("li"):
        li.text = LIST_MARK + (li.text or "")
    if index is not None:
        word = [el for key, els in index.by_class.items() if key.startswith("Mso")
                for el in els if el.tag == "p"]
        named = [el for table in (index.by_class, index.by_id) for key, els in table.items()
                 if _CAPTION_ATTR.search(key) for el in els]
    else:
        word = [el for el in root.iter("p") if (el.get("class") or "").startswith("Mso")]
        named = [el for el in root.iter() if isinstance(el.tag, str) and _CAPTION_ATTR.search(
            f"{el.get('class') or ''} {el.get('id') or ''}")]
    for el in word:
        if _word_list_paragraph(el):
            _strip_word_bullet(el)
    wanted = set(captions)
    for el in [*elements("figcaption"), *named]:
        if el.tag == "figcaption":
            el.tag = "p"
            parent = el.getparent()
            if parent is not None and parent.tag == "figure":
                parent.tag = "div"  # images are off: trafilatura would drop the figure
        elif clean(text_with_breaks(el)) not in wanted:
            continue
        for attr in ("class", "id"):
            value = el.get(attr)
            if value and _CAPTION_ATTR.search(value):
                el.set(attr, " ".join(t for t in value.split() if not _CAPTION_ATTR.search(t)))


# inline markup: a <div> holding only these (and text) is one paragraph on screen
_INLINE = frozenset(("span", "em", "strong", "b", "i", "u", "font", "a", "br", "sup", "sub",
                     "small", "big", "abbr", "cite", "code", "mark", "s", "strike", "time", "img",
                     "o:p"))


def _inline(node: Any) -> bool:
    return not isinstance(node.tag, str) or node.tag in _INLINE  # comments count as inline


def _wrap_inline_runs(box: Any) -> None:
    """Wrap each run of loose text and inline markup beside block children of ``box`` in a
    ``<p>`` (a browser shows it as a block of its own; trafilatura drops it)."""
    runs: list[tuple[Any, list[Any]]] = []  # (block the run follows, or None; its members)
    owner: Any = None
    members: list[Any] = []
    for kid in box:
        if _inline(kid):
            members.append(kid)
            continue
        runs.append((owner, members))
        owner, members = kid, []
    runs.append((owner, members))
    for owner, members in runs:
        lead = box.text if owner is None else owner.tail
        shown = (lead or "") + "".join(
            (text_of(m) if isinstance(m.tag, str) else "") + (m.tail or "") for m in members)
        if not clean(shown):
            continue
        para = box.makeelement("p", {})
        para.text = lead
        if owner is None:
            box.text = None
            box.insert(0, para)
        else:
            owner.tail = None
            owner.addnext(para)
        for member in members:
            para.append(member)  # moves it, with its tail


_SOURCE_BREAK = re.compile(r"[ \t]*[\r\n][\s]*")
_PRESERVED = frozenset(("pre", "textarea", "code", "script", "style"))


def source_breaks_as_spaces(body: Any) -> None:
    """Line breaks in the HTML source inside the body container are spaces, as the browser
    shows them (Word-pasted paragraphs wrap their text every 80 characters; trafilatura keeps
    some of those breaks, which then split a paragraph into lines).  ``<pre>`` is left as is."""
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag in _PRESERVED or any(
                a.tag in _PRESERVED for a in el.iterancestors()):
            continue
        if el.text and "\n" in el.text:
            el.text = _SOURCE_BREAK.sub(" ", el.text)
        if el.tail and "\n" in el.tail and el is not body:
            el.tail = _SOURCE_BREAK.sub(" ", el.tail)


def divs_as_paragraphs(body: Any) -> None:
    """Give the body container's text the paragraphs the page shows: a ``<div>`` holding only
    text and inline markup becomes a ``<p>``, and loose text beside blocks is wrapped in one.
    trafilatura drops both from a body that also has ``<p>``s (a Word-pasted article opening
    with a div or a bare span, a photo caption in a div)."""
    boxes = [body, *(el for el in body.iter("div") if el is not body)]
    for el in boxes:
        if all(_inline(c) for c in el):
            if el is not body and clean(text_of(el)):
                el.tag = "p"
        else:
            _wrap_inline_runs(el)


MIN_DENSE_P = 40  # characters of a paragraph that counts towards its container
MIN_DENSE_BLOCK = 300


def _compact(text: str) -> str:
    r"""``text`` without whitespace and list marks (as ``re.sub(r"[\s\u2983]+", "", text)``,
    several times faster)."""
    return "".join(text.split()).replace(LIST_MARK, "")


def densest_block(tree: Any, min_block: int = MIN_DENSE_BLOCK) -> Any:
    """The element inside ``tree`` (a page, or one element of it) holding the most paragraph
    text (readability-style: a paragraph scores for its parent, half for its grandparent);
    None when no container holds ``min_block`` characters of prose."""
    return _densest(tree, min_block)[0]


def _densest(tree: Any, min_block: int = MIN_DENSE_BLOCK) -> tuple[Any, dict[Any, int]]:
    """:func:`densest_block`, and the cleaned length of each ``<p>`` in ``tree`` (for
    :func:`_prose_chars`: each paragraph's text is read once)."""
    scores: dict[Any, float] = {}
    sizes: dict[Any, int] = {}
    for p in tree.iter("p"):
        size = sizes[p] = len(clean(text_of(p)))
        if size < MIN_DENSE_P:
            continue
        links = sum(len(clean(text_of(a))) for a in p.iter("a")) if len(p) else 0
        if links > 0.3 * size:
            continue
        parent = p.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0) + size
        grand = parent.getparent()
        if grand is not None and grand.tag not in ("body", "html"):
            scores[grand] = scores.get(grand, 0) + size / 2
    if not scores:
        return None, sizes
    best = max(scores, key=scores.__getitem__)
    if scores[best] < min_block:
        return None, sizes
    # an article split over sibling containers: climb while the parent holds clearly more prose
    prose = _prose_chars(best, sizes)
    parent = best.getparent() if best is not tree else None
    while parent is not None and parent.tag not in ("body", "html") and best is not tree:
        more = _prose_chars(parent, sizes)
        if more < 1.3 * prose:
            break
        best, prose, parent = parent, more, parent.getparent()
    return best, sizes


def short_body_in_article(headline: Any, index: TreeIndex | None) -> Any:
    """For a page with no body container and no densest block (a one-line notice): the block
    after the headline inside the headline's ``<article>`` that holds its paragraphs."""
    article = next(headline.iterancestors("article"), None) if headline is not None else None
    if article is None or index is None:
        return None
    block = densest_block(article, min_block=MIN_DENSE_P)
    order = index.order
    if block is None or order.get(block, -1) <= order.get(headline, len(order)):
        return None
    return block


def block_after_headline(body: Any, headline: Any, tree: Any,
                         index: TreeIndex | None) -> Any:
    """The densest paragraph block at or after the headline, when the ``body`` rule's match
    does not hold the headline and lies before it or beyond that block, and the block holds at
    least twice its prose; else None.

    A web-content block in a page's top column or footer (a school's or agency's introduction:
    address, head, phones) matched by a ``body`` rule is not the article a custom portlet shows
    under its own headline."""
    if headline is None or body is None or body is headline or index is None:
        return None
    if any(a is body for a in headline.iterancestors()):
        return None  # the headline is inside the body container
    order = index.order
    if body not in order or headline not in order:
        return None
    dense, sizes = _densest(tree)
    if dense is None or dense not in order or any(a is dense for a in body.iterancestors()) \
            or any(a is body for a in dense.iterancestors()):
        return None
    if dense is not headline and order[dense] < order[headline] and not any(
            a is dense for a in headline.iterancestors()):
        return None  # the block is above the headline
    if order[body] > order[headline] and order[body] < order[dense]:
        return None  # the body container is the first of the two under the headline
    if _prose_chars(dense, sizes) < 2 * max(_prose_chars(body, sizes), 1):
        return None
    return dense


def _prose_chars(el: Any, sizes: dict[Any, int]) -> int:
    """Characters of the paragraphs in ``el`` long enough to count; ``sizes`` holds the cleaned
    length of paragraphs already read (and gets those read here)."""
    total = 0
    for p in el.iter("p"):
        size = sizes.get(p)
        if size is None:
            size = sizes[p] = len(clean(text_of(p)))
        if size >= MIN_DENSE_P:
            total += size
    return total


def teaser_list(block: Any) -> bool:
    """Whether a block is a list of teasers (two or more headline links, a fifth of its text)."""
    links = [t for t in (clean(text_of(a)) for a in block.iter("a"))
             if len(t) >= 20 and len(t.split()) >= 4]
    if len(links) < 2:
        return False
    return sum(len(t) for t in links) >= 0.2 * len(clean(text_of(block)))


def coverage(raw: str, block: Any) -> float:
    """Share of the block's paragraph and list-item text that ``raw`` keeps as lines of its own.

    A paragraph counts only inside a line not much longer than itself: a layout table that
    trafilatura flattened into one "left pane | content" line keeps the words, not the text.
    """
    lines = [_compact(line) for line in raw.split("\n")]
    whole = set(lines)  # a paragraph that is a line of its own needs no search
    total = found = 0
    for el in block.iter("p", "li"):
        text = _compact(text_of(el))
        if len(text) < 20 or (len(el) and el.find(".//p") is not None):
            continue
        total += len(text)
        longest = 1.2 * len(text) + 20
        if text in whole or any(len(line) <= longest and text in line for line in lines):
            found += len(text)
    return found / total if total else 1.0


# trafilatura's parser settings (``trafilatura.utils.HTML_PARSER``) with lxml's built-in element
# class lookup: lxml.html's own runs Python code for every element object lxml makes, for our
# rules and again in trafilatura's copies of the tree.  Every element is an ``HtmlElement``
# (form controls are not given their own classes, which no extraction step uses).
_PARSER = etree.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                           remove_comments=True, remove_pis=True)
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
    pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity))


def _parse(markup: str | bytes) -> Any:
    try:
        return lxml_html.fromstring(markup, parser=_PARSER)
    except Exception as exc:  # as trafilatura: a page lxml cannot parse has no tree
        logger.debug("lxml parsing failed: %s", exc)
        return None


# what ``trafilatura.utils.repair_faulty_html`` deletes (its ``INVALID_XML_CHARS``): sought
# one character at a time, which is faster than its regular expression on a whole page
_INVALID_XML = tuple(map(chr, (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)))
# their UTF-8, one byte each (each sought with memchr: faster than deleting them all)
_CONTROL_BYTES = tuple(bytes([c]) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)))


def _invalid_xml(html: str, utf8: bytes | None) -> bool:
    """Whether ``html`` holds a character ``repair_faulty_html`` deletes (``utf8``: its
    UTF-8 bytes if at hand, where the control characters are found faster)."""
    if utf8 is None:
        return any(c in html for c in _INVALID_XML)
    return any(c in utf8 for c in _CONTROL_BYTES) or "\ufffe" in html or "\uffff" in html


def _repair_markup(html: str, beginning: str, utf8: bytes | None) -> tuple[str, bytes | None]:
    """``repair_faulty_html`` of a page without characters to delete: its other repairs
    (the same code), leaving ``html`` itself when they change nothing; and the UTF-8 bytes
    of the result when those of ``html`` are given and cheap to change alike."""
    if "doctype" in beginning:
        firstline, newline, rest = html.partition("\n")
        kept = DOCTYPE_TAG.sub("", firstline, count=1)
        if kept != firstline or not newline:
            html = kept + "\n" + rest
            if utf8 is not None and firstline.endswith(kept):  # a declaration cut off the
                # start (UTF-8 of a concatenation: the concatenation of the parts' UTF-8)
                cut = len(firstline[:len(firstline) - len(kept)].encode("utf-8"))
                utf8 = utf8[cut:] if newline else utf8[cut:] + b"\n"
            else:
                utf8 = None
    for line in html[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            html = FAULTY_HTML.sub(r"\1>", html, count=1)
            utf8 = None
            break
    return html, utf8


def _same_as_bytes(html: str, utf8: bytes | None) -> bytes | None:
    """The UTF-8 bytes of ``html`` (``utf8`` if given) when lxml.html parses them to the
    tree it makes of the string (None otherwise).

    libxml2 reads the same characters either way (a string is handed over in its own
    encoding, the bytes as UTF-8, and the parser's declared encoding makes it ignore
    ``<meta charset>``); what differs is lxml's own guess whether a whole document or a
    fragment was given, which counts Unicode spaces before ``<html`` only in a string.
    Reading UTF-8 is faster than reading a string of 2-byte characters."""
    data = utf8
    if data is None:
        try:
            data = html.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates
            return None
    if (lxml_html._looks_like_full_html_unicode(html) is None) \
            != (lxml_html._looks_like_full_html_bytes(data) is None):
        return None
    return data


def parse_page(html: str, utf8: bytes | None = None) -> Any:
    """The tree ``trafilatura.utils.load_html`` makes of a decoded page (same repairs and
    checks), from the parser above; None for what is not HTML.  ``utf8``: the UTF-8 bytes
    of ``html`` if at hand (saves encoding it)."""
    beginning = html[:50].lower()
    if _invalid_xml(html, utf8):
        html, utf8 = repair_faulty_html(html, beginning), None
    else:
        html, utf8 = _repair_markup(html, beginning, utf8)
    data = _same_as_bytes(html, utf8)
    if data is not None:  # what the string would parse to (below), read faster
        tree = _parse(data)
    else:
        as_bytes = False
        try:
            tree = lxml_html.fromstring(html, parser=_PARSER)
        except ValueError:  # a string with an encoding declaration: parse the UTF-8 bytes
            tree, as_bytes = _parse(html.encode("utf8", "surrogatepass")), True
        except Exception as exc:
            logger.debug("lxml parsing failed: %s", exc)
            tree = None
        if (tree is None or len(tree) < 1) and not as_bytes:
            tree = _parse(html.encode("utf8", "surrogatepass"))
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree


_SETTINGS: dict[tuple[bool, bool, bool, bool], Extractor] = {}


def trafilatura_settings(url: str | None, *, tables: bool = True, precision: bool = False,
                         recall: bool = False, fast: bool = False) -> Extractor:
    """The settings ``trafilatura.extract`` builds from its keyword arguments (plain text, no
    comments, no deduplication), for one call.

    Building them reads trafilatura's config file values anew each time; they are built once
    per combination and copied with the page's URL.  (The date settings they also hold are
    used only for metadata extraction, which is off.)"""
    key = (tables, precision, recall, fast)
    base = _SETTINGS.get(key)
    if base is None:
        base = _SETTINGS[key] = Extractor(output_format="txt", comments=False, dedup=False,
                                          tables=tables, precision=precision, recall=recall,
                                          fast=fast)
    settings = copy.copy(base)
    settings.url = url
    settings.source = url and url.encode("utf-8", "replace").decode("utf-8")  # as Extractor
    return settings


def run_trafilatura(tree: Any, url: str | None, extraction: dict[str, bool],
                    fast: bool = False) -> str:
    """Plain-text extraction of an lxml tree (the tree is copied by trafilatura); ``fast``
    skips trafilatura's comparison of its text with readability's and justext's."""
    return trafilatura.extract(tree, options=trafilatura_settings(
        url, tables=extraction.get("include_tables", True),
        precision=extraction.get("favor_precision", False),
        recall=extraction.get("favor_recall", False), fast=fast)) or ""


def wrap_body(body: Any) -> Any:
    """A fresh document around the body container (moved, not copied).

    The ``<article>`` wrapper makes trafilatura's main extractor take the whole container
    (headings and lists included) instead of falling back to paragraph salvage.
    """
    doc = _PARSER.makeelement("html")  # our parser's element classes, as the page's
    holder = _PARSER.makeelement("article")
    page = _PARSER.makeelement("body")
    page.append(holder)
    doc.append(page)
    body.tail = None
    holder.append(body)  # moves the container out of the page tree (no copy)
    if body.tag in ("td", "th") and (body.text or "").strip():
        body.tag = "div"  # a cell outside its table: trafilatura loses the cell's own first text
    for el in body.iter("figure", "figcaption"):
        el.tag = "div" if el.tag == "figure" else "p"  # images are off: keep the caption text
    return doc


def _merge_captions(lines: list[str], captions: list[str]) -> list[str]:
    """Join consecutive lines that together form one caption (split by <br>)."""
    if not captions:
        return lines
    out: list[str] = []
    i = 0
    while i < len(lines):
        line, j = lines[i], i + 1
        if line not in captions and any(c.startswith(line + " ") for c in captions):
            joined = line
            while j < len(lines) and any(c.startswith(joined + " " + lines[j])
                                         for c in captions):
                joined += " " + lines[j]
                j += 1
                if joined in captions:
                    break
            if joined in captions:
                line = joined
            else:
                j = i + 1
        out.append(line)
        i = j
    return out


def _drop_cap(line: str) -> str:
    """``line`` with a split drop-cap re-joined (:data:`_DROP_CAP`; the regex runs only where
    the second character is a space, as it needs)."""
    return _DROP_CAP.sub(r"\1\2", line) if line[1:2].isspace() else line


def _paragraph(line: str, legacy: str | None) -> str:
    """A line of trafilatura's text as a paragraph: without the markup bullet and a table
    row's bars, legacy text converted, normalised (:func:`clean`), a split drop-cap re-joined.
    Each regex runs only on the lines it can match (holding a list mark, opening with a bar)."""
    if LIST_MARK in line:
        line = _LIST_LINE.sub("", line)
    line = line.strip()
    if line.startswith("|"):
        line = _TABLE_ROW.sub(r"\1", line)
    return _drop_cap(clean(fix_legacy(line, legacy).replace(LIST_MARK, "")))


def postprocess(raw: str, rules: Rules, *, captions: list[str], title: str | None,
                legacy: str | None, stop_after: int = 1, log: Log | None = None) -> TextResult:
    """Normalise, convert legacy text, re-join captions, and drop boilerplate lines."""
    from .dates import is_date_only

    lines = [line for line in (_paragraph(line, legacy) for line in raw.split("\n")) if line]
    captions = [_drop_cap(clean(fix_legacy(c, legacy))) for c in captions]
    lines = _merge_captions(lines, captions)
    kept: list[str] = []
    dropped: list[str] = []
    substantial = 0
    def drop(line: str, why: str) -> None:
        dropped.append(line)
        if log is not None:
            log.append(("removed line", why, line[:100]))

    for index, line in enumerate(lines):
        pattern = rules.drops(line[2:]) if line.startswith("- ") else None
        if pattern is not None:
            drop(line, pattern.origin)
            continue
        pattern = rules.stops(line)
        if pattern is not None:
            drop(line, pattern.origin)
            if substantial >= stop_after:
                for rest in lines[index + 1:]:
                    drop(rest, f"{pattern.origin} (after the stop line)")
                break
            continue
        pattern = rules.drops(line)
        if pattern is not None:
            drop(line, pattern.origin)
            continue
        if _EMPTY.match(line) or is_date_only(line, rules.patterns("date_prefix")):
            drop(line, "heuristic:empty-or-date-only-line")
            continue
        if title and not kept and clean(line).casefold() == title.casefold():
            drop(line, "heuristic:headline-repeated")
            continue
        kept.append(line)
        if len(line) >= 80:
            substantial += 1
    used = [c for c in captions if c in kept]
    return TextResult(kept, used, dropped)
