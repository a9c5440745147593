"""Selectors, line patterns and markers used by the rules, and a per-page element index.

Simple CSS (tags, classes, ids and descendant chains) is answered from a :class:`TreeIndex`
built once per page, and so is the one XPath shape the rules use to find chrome by the words
of its id and class (:func:`parse_id_class_xpath`), and any ``//*[...]``/``//tag[...]`` XPath
whose tests read only an element's tag, id and class (:func:`parse_attribute_xpath`): those
verdicts are worked out once per distinct (tag, id, class) and kept, since a site's pages
share their templates.  ``//tag[contains(@attr, "x") or ...]`` (links to author pages) is
answered from the index's elements of that tag (:func:`parse_contains_xpath`).  Anything else
runs as compiled XPath.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

logger = logging.getLogger(__name__)


def text_of(element: Any) -> str:
    """An element's text, as ``text_content()`` (XPath ``string()``) gives it, from lxml's text
    serialiser: about twice as fast on the small elements most calls are for."""
    if not len(element):  # no children: the text is all there is
        return str(element.text or "")
    return str(etree.tostring(element, method="text", encoding="unicode", with_tail=False))


_ATTRIBUTE = re.compile(r"""\[([a-zA-Z][\w-]*)=(?:"([^"\\]*)"|'([^'\\]*)')\]""")
_COMPOUND = re.compile(r"^(?P<tag>[a-zA-Z][\w-]*)?(?P<rest>(?:[.#][\w-]+|"
                       + _ATTRIBUTE.pattern + r")*)$")
# tag, classes, id, attribute values (``[itemprop="headline"]``)
Compound = tuple[str | None, frozenset[str], str | None, tuple[tuple[str, str], ...]]


def _compound(text: str) -> Compound | None:
    m = _COMPOUND.match(text)
    if not m or not text:
        return None
    attributes = tuple((name.lower(), double or single)
                       for name, double, single in _ATTRIBUTE.findall(m.group("rest")))
    rest = _ATTRIBUTE.sub("", m.group("rest"))
    classes = frozenset(re.findall(r"\.([\w-]+)", rest))
    ids = re.findall(r"#([\w-]+)", rest)
    if len(ids) > 1:
        return None
    return ((m.group("tag") or "").lower() or None, classes, ids[0] if ids else None,
            attributes)


def parse_simple_css(css: str) -> tuple[tuple[Compound, ...], ...] | None:
    """``a.b, .c .d, #e`` as chains of compounds; None when the selector needs XPath."""
    chains, rest = split_simple_css(css)
    return None if rest or not chains else chains


def split_simple_css(css: str) -> tuple[tuple[tuple[Compound, ...], ...], tuple[str, ...]]:
    """The simple parts of a selector group as chains of compounds, and the other parts
    (``[itemprop="author"]``, ``a > b``, ...) as CSS, to run as XPath."""
    parts = css.split(",")
    if any(p.count('"') % 2 or p.count("'") % 2 or p.count("[") != p.count("]")
           or p.count("(") != p.count(")") for p in parts):
        return (), (css,)  # a comma inside a value or a function: not split
    chains, rest = [], []
    for part in parts:
        compounds = [_compound(tok) for tok in part.split()]
        if not compounds or any(c is None for c in compounds):
            rest.append(part.strip())
        else:
            chains.append(tuple(c for c in compounds if c is not None))
    return tuple(chains), tuple(rest)


# "//body//*[A or B or ...]" where each test looks at the lower-cased "@id @class" for a whole
# word (TOKEN) or a substring (PART): written out in XPath 1.0 the case folding runs once per
# test and element, thirty times a page element for the banner rule, which costs more than
# trafilatura's whole extraction; answered from the index it is one pass over the elements
# that have an id or a class.
_LOWER = "translate(concat(@id, ' ', @class), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', " \
         "'abcdefghijklmnopqrstuvwxyz')"
_WORD = r"([a-z0-9_-]+)"
_TOKEN = re.compile(re.escape(f"contains(concat(' ', normalize-space({_LOWER}), ' '), ' ")
                    + _WORD + re.escape(" ')"))
_PART = re.compile(re.escape(f"contains({_LOWER}, '") + _WORD + re.escape("')"))
_XML_SPACE = re.compile(r"[ \t\r\n]+")  # what normalize-space() collapses
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True)
class IdClassTest:
    """Words (``tokens``) or substrings (``parts``) of an element's lower-cased id and class."""

    tokens: frozenset[str]
    parts: tuple[str, ...]
    verdicts: dict[Signature, bool] = field(default_factory=dict, compare=False, repr=False)
    # the parts, and the tokens between XML spaces (or the ends), as one regex (None: no test)
    pattern: re.Pattern[str] | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        alternatives = [re.escape(part) for part in self.parts]
        if self.tokens:
            words = "|".join(re.escape(token) for token in sorted(self.tokens))
            alternatives.append(rf"(?<![^ \t\r\n])(?:{words})(?![^ \t\r\n])")
        object.__setattr__(self, "pattern",
                           re.compile("|".join(alternatives)) if alternatives else None)

    def verdicts_for(self, pending: list[tuple[Signature, Any]]) -> list[bool]:
        """``matches`` for the id and class of each (signature, element), kept."""
        out = []
        for (tag, ident, cls), _element in pending:
            if len(self.verdicts) >= 20000:  # bound the memory of a long-running process
                self.verdicts.clear()
            verdict = self.verdicts[tag, ident, cls] = bool(ident or cls) and self.matches(
                ident, cls)
            out.append(verdict)
        return out

    def matches(self, ident: str | None, cls: str | None) -> bool:
        if self.pattern is None:
            return False
        text = f"{ident or ''} {cls or ''}"
        # XPath's translate() lowers A-Z only: str.lower() does the same on ASCII text
        text = text.lower() if text.isascii() else text.translate(_ASCII_LOWER)
        return self.pattern.search(text) is not None


def parse_id_class_xpath(xpath: str) -> IdClassTest | None:
    """The id/class words of ``//body//*[contains(... @id ... @class ...) or ...]``, or None
    when the XPath has any other shape (it then runs as XPath)."""
    prefix = "//body//*["
    if not (xpath.startswith(prefix) and xpath.endswith("]")):
        return None
    tokens: set[str] = set()
    parts: list[str] = []
    for test in xpath[len(prefix):-1].split(" or "):
        if m := _TOKEN.fullmatch(test):
            tokens.add(m.group(1))
        elif m := _PART.fullmatch(test):
            parts.append(m.group(1))
        else:
            return None
    return IdClassTest(frozenset(tokens), tuple(parts))


# an XPath test that reads only the element's tag, id and class: the same answer for every
# element with the same (tag, id, class)
_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"")
_LOCAL_TOKENS = re.compile(
    r"(?:\s+|[(),=+-]|!=|\d+|\"\"|@(?:id|class)\b|self::[a-z][\w-]*"
    r"|(?:contains|starts-with|concat|normalize-space|translate|substring|string-length|not)"
    r"(?=\()|(?:and|or)\b)*")
_OUTSIDE = re.compile(r"not\(ancestor::([a-z][\w-]*)\)")  # "not inside an <article>"
_STEP = re.compile(r"^//(body//)?(\*|[a-z][a-z0-9]*)(\[.*\])$", re.DOTALL)
Signature = tuple[str, str | None, str | None]  # tag, id, class


def _outside_quotes(expr: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(position, character, bracket depth before it) of each character of ``expr`` from
    ``start`` that is not inside a string literal."""
    depth, quote = 0, ""
    for i in range(start, len(expr)):
        ch = expr[i]
        if quote:
            quote = "" if ch == quote else quote
            continue
        if ch in "'\"":
            quote = ch
            continue
        yield i, ch, depth
        depth += (ch in "([") - (ch in ")]")


def _top_level(expr: str, sep: str) -> list[str]:
    """``expr`` split at ``sep`` outside brackets and string literals."""
    parts, start = [], 0
    for i, _ch, depth in _outside_quotes(expr):
        if i >= start and depth == 0 and expr.startswith(sep, i):
            parts.append(expr[start:i])
            start = i + len(sep)
    parts.append(expr[start:])
    return parts


def _closing(expr: str, at: int) -> int:
    """Position of the bracket closing the one at ``expr[at]`` (-1 if none)."""
    for i, ch, depth in _outside_quotes(expr, at):
        if ch in ")]" and depth == 1:
            return i
    return -1


def _local_test(expr: str) -> bool:
    """Whether ``expr`` is a boolean test of the context element's tag, id and class only
    (never a number: a number in a predicate is a position)."""
    expr = expr.strip()
    for sep in (" or ", " and "):
        parts = _top_level(expr, sep)
        if len(parts) > 1:
            return all(_local_test(p) for p in parts)
    if expr.startswith("(") and _closing(expr, 0) == len(expr) - 1:
        return _local_test(expr[1:-1])
    if not _LOCAL_TOKENS.fullmatch(_LITERAL.sub('""', expr)):
        return False
    if len(_top_level(expr, "=")) > 1:
        return True  # a comparison
    call = re.match(r"(?:contains|starts-with|not)\(", expr)
    if call:
        return _closing(expr, call.end() - 1) == len(expr) - 1
    return re.fullmatch(r"self::[a-z][\w-]*|@(?:id|class)", expr) is not None


@dataclass(frozen=True)
class AttributeTest:
    """``//*[...]``, ``//body//*[...]`` or ``//tag[...]`` whose tests read only the element's
    tag, id and class, apart from ``not(ancestor::name)`` conditions (``outside``)."""

    test: etree.XPath  # ``self::*[...]``: the tests, asked of one element of a signature
    tag: str | None
    in_body: bool
    outside: frozenset[str]
    verdicts: dict[Signature, bool] = field(default_factory=dict, compare=False, repr=False)
    batch: etree.XPath | None = None  # ``$nodes[...]``: the tests, asked of many elements

    def verdicts_for(self, pending: list[tuple[Signature, Any]]) -> list[bool]:
        """The test's answer for each (signature, element), asked of the element, kept.

        A page of another site shares few signatures with the pages before it: its new ones
        are asked in one XPath call (each call has a cost of its own)."""
        answers = None
        if len(pending) > 1 and self.batch is not None:
            try:
                found = self.batch(pending[0][1], nodes=[el for _signature, el in pending])
            except etree.XPathError:  # pragma: no cover - the tests compiled
                found = None
            asked = {id(el) for _signature, el in pending}
            # an element moved to another document can come back as another object: then
            # each element is asked on its own
            if isinstance(found, list) and all(id(el) in asked for el in found):
                hits = {id(el) for el in found}
                answers = [id(el) in hits for _signature, el in pending]
        if answers is None:
            answers = [bool(self.test(el)) for _signature, el in pending]
        for (signature, _el), verdict in zip(pending, answers, strict=True):
            if len(self.verdicts) >= 20000:  # bound the memory of a long-running process
                self.verdicts.clear()
            self.verdicts[signature] = verdict
        return answers


def parse_attribute_xpath(xpath: str) -> AttributeTest | None:
    """The :class:`AttributeTest` an XPath amounts to, or None for any other shape."""
    m = _STEP.match(xpath.strip())
    if not m:
        return None
    predicates, rest = [], m.group(3)
    while rest:
        end = _closing(rest, 0) if rest.startswith("[") else -1
        if end < 0:
            return None
        predicates.append(rest[1:end])
        rest = rest[end + 1:]
    tests: list[str] = []
    outside: set[str] = set()
    for predicate in predicates:
        terms = _top_level(predicate, " and ") if len(_top_level(predicate, " or ")) == 1 \
            else [predicate]
        for term in terms:
            if found := _OUTSIDE.fullmatch(term.strip()):
                outside.add(found.group(1))
            elif _local_test(term):
                tests.append(term.strip())
            else:
                return None
    if not tests:
        return None
    try:
        test = etree.XPath("self::*[" + "][".join(tests) + "]")
        batch = etree.XPath("$nodes[" + "][".join(tests) + "]")
    except etree.XPathSyntaxError:
        return None
    tag = None if m.group(2) == "*" else m.group(2)
    return AttributeTest(test, tag, bool(m.group(1)), frozenset(outside), batch=batch)


_CONTAINS_STEP = re.compile(r"//([a-z][a-z0-9]*)\[(.*)\]", re.DOTALL)
_CONTAINS = re.compile(r"""contains\(@([a-z][\w-]*),\s*(?:"([^"]+)"|'([^']+)')\)""")


@dataclass(frozen=True)
class ContainsTest:
    """``//tag[contains(@attr, "x") or contains(@attr, "y") ...]``: elements of one tag whose
    attribute holds one of some texts."""

    tag: str
    attr: str
    parts: re.Pattern[str]  # the texts, escaped, as alternatives

    def matches(self, element: Any) -> bool:
        value = element.get(self.attr)
        return value is not None and self.parts.search(value) is not None


def parse_contains_xpath(xpath: str) -> ContainsTest | None:
    """The :class:`ContainsTest` an XPath amounts to, or None for any other shape."""
    m = _CONTAINS_STEP.fullmatch(xpath.strip())
    if not m:
        return None
    attrs, parts = set(), []
    for term in _top_level(m.group(2), " or "):
        found = _CONTAINS.fullmatch(term.strip())
        if not found:
            return None
        attrs.add(found.group(1))
        parts.append(found.group(2) if found.group(2) is not None else found.group(3))
    if len(attrs) != 1:
        return None
    return ContainsTest(m.group(1), attrs.pop(), re.compile("|".join(map(re.escape, parts))))


_TEXT_CONTAINS = re.compile(r"""contains\(\.,\s*(?:"([^"]*)"|'([^']*)')\)""")
_PARENT = "/parent::*"


@dataclass(frozen=True)
class TextTest:
    """``//tag[contains(., "x") or contains(., "y") ...]``, optionally followed by
    ``/parent::*[...]``: elements of one tag whose text holds one of some texts (scripts that
    write the date), or their parents that pass ``parent_test``."""

    tag: str
    texts: tuple[str, ...]
    parent: bool = False
    parent_test: etree.XPath | None = None  # ``self::*[...]``, asked of each parent

    def matches(self, element: Any) -> bool:
        text = text_of(element)
        return any(part in text for part in self.texts)


def parse_text_xpath(xpath: str) -> TextTest | None:
    """The :class:`TextTest` an XPath amounts to, or None for any other shape."""
    xpath = xpath.strip()
    m = re.match(r"//([a-z][a-z0-9]*)\[", xpath)
    if not m:
        return None
    end = _closing(xpath, m.end() - 1)
    if end < 0:
        return None
    texts = []
    for term in _top_level(xpath[m.end():end], " or "):
        found = _TEXT_CONTAINS.fullmatch(term.strip())
        if not found:
            return None
        texts.append(found.group(1) if found.group(1) is not None else found.group(2))
    rest = xpath[end + 1:]
    if not rest:
        return TextTest(m.group(1), tuple(texts))
    if not rest.startswith(_PARENT):
        return None
    predicates = rest[len(_PARENT):]
    at = 0
    while at < len(predicates):  # nothing but predicates may follow
        close = _closing(predicates, at) if predicates[at] == "[" else -1
        if close < 0:
            return None
        at = close + 1
    try:
        parent_test = etree.XPath("self::*" + predicates) if predicates else None
    except etree.XPathSyntaxError:
        return None
    return TextTest(m.group(1), tuple(texts), True, parent_test)


def _text_select(test: TextTest, tree: Any, index: TreeIndex) -> list[Any] | None:
    """What a :class:`TextTest` XPath finds in ``tree``'s document: the indexed elements of the
    tag still in the document whose text holds one of the texts (libxml2 copies a script's
    whole text for each ``contains``), or their parents in document order; None when a parent
    is not indexed (the XPath then answers)."""
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree.getroot()
    found = [el for el in index.by_tag.get(test.tag, ()) if test.matches(el) and _top(el) is root]
    if not test.parent:
        return found
    parents: dict[Any, None] = {}
    for el in found:
        parent = el.getparent()
        if parent is not None:
            parents[parent] = None
    if any(parent not in index.order for parent in parents):
        return None
    out = sorted(parents, key=index.order.__getitem__)
    if test.parent_test is not None:
        out = [parent for parent in out if test.parent_test(parent)]
    return out


def _contains_select(test: ContainsTest, tree: Any, index: TreeIndex) -> list[Any]:
    """What ``//tag[contains(@attr, ...) or ...]`` finds in ``tree``'s document: the indexed
    elements of the tag that match and are still in the document, in document order."""
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree.getroot()
    attr, search = test.attr, test.parts.search  # (``test.matches``, without a call per element)
    return [el for el in index.by_tag.get(test.tag, ())
            if (value := el.get(attr)) is not None and search(value) and _top(el) is root]


def _top(el: Any) -> Any:
    """The outermost ancestor of ``el`` (``el`` itself when it has none)."""
    parent = el.getparent()
    while parent is not None:
        el, parent = parent, parent.getparent()
    return el


class TreeIndex:
    """Elements of one page by class, id, tag and (tag, id, class), built in one pass
    (document order kept)."""

    def __init__(self, tree: Any) -> None:
        # document order; ``order`` maps back to positions (comments and PIs left out)
        self.elements: list[Any] = list(tree.iter(etree.Element))
        self.order: dict[Any, int] = dict(zip(self.elements, range(len(self.elements)),
                                              strict=True))
        self.by_class: dict[str, list[Any]] = {}
        self.by_id: dict[str, list[Any]] = {}
        self.by_tag: dict[str, list[Any]] = {}
        self.by_signature: dict[Signature, list[Any]] = {}
        self._attributes: dict[str, dict[str, list[Any]]] = {}
        by_class, by_id, by_tag = self.by_class, self.by_id, self.by_tag
        by_signature = self.by_signature
        plain: dict[str, list[Any]] = {}  # elements without id and class, by tag
        # (``group = table.get(key)`` then append: setdefault would build a list per call)
        for el in self.elements:
            tag = el.tag
            group = by_tag.get(tag)
            if group is None:
                by_tag[tag] = [el]
            else:
                group.append(el)
            ident, cls = el.get("id"), el.get("class")
            if ident is None and cls is None:
                group = plain.get(tag)
                if group is None:
                    plain[tag] = [el]
                else:
                    group.append(el)
                continue
            signature = (tag, ident, cls)
            group = by_signature.get(signature)
            if group is None:
                by_signature[signature] = [el]
            else:
                group.append(el)
            if cls:
                for token in cls.split():
                    group = by_class.get(token)
                    if group is None:
                        by_class[token] = [el]
                    else:
                        group.append(el)
            if ident:
                group = by_id.get(ident)
                if group is None:
                    by_id[ident] = [el]
                else:
                    group.append(el)
        for tag, group in plain.items():
            by_signature[(tag, None, None)] = group

    def with_attribute(self, name: str, value: str) -> list[Any]:
        """Elements whose attribute ``name`` is ``value`` (indexed on first use)."""
        table = self._attributes.get(name)
        if table is None:
            table = self._attributes[name] = {}
            for el, found in [(el, found) for el in self.elements
                              if (found := el.get(name)) is not None]:
                table.setdefault(found, []).append(el)
        return table.get(value, [])

    def candidates(self, c: Compound) -> list[Any]:
        tag, classes, ident, attributes = c
        if ident:
            return self.by_id.get(ident, [])
        if classes:
            return min((self.by_class.get(k, []) for k in classes), key=len)
        if attributes and not (tag and len(self.by_tag.get(tag, ())) <= 30):
            return min((self.with_attribute(*a) for a in attributes), key=len)
        return self.by_tag.get(tag or "", [])


def _matches(el: Any, c: Compound) -> bool:
    tag, classes, ident, attributes = c
    if tag and el.tag != tag:
        return False
    if ident and el.get("id") != ident:
        return False
    for name, value in attributes:
        if el.get(name) != value:
            return False
    if not classes:
        return True
    cls = el.get("class")
    return cls is not None and classes.issubset(cls.split())


def _chain_select(chain: tuple[Compound, ...], index: TreeIndex) -> list[Any]:
    # an ancestor with a class or id no element of the page has: nothing to look for (pages
    # gain no class or id after indexing)
    if any((c[1] or c[2]) and not index.candidates(c) for c in chain[:-1]):
        return []
    out = []
    for el in index.candidates(chain[-1]):
        if not _matches(el, chain[-1]):
            continue
        need = len(chain) - 2
        node = el.getparent()
        while need >= 0 and node is not None:
            if _matches(node, chain[need]):
                need -= 1
            node = node.getparent()
        if need < 0:
            out.append(el)
    return out


def _signature_select(test: IdClassTest | AttributeTest, tree: Any, index: TreeIndex,
                      tag: str | None = None, in_body: bool = False,
                      outside: frozenset[str] = frozenset()) -> list[Any]:
    """What ``//*[test]`` (``//body//*``, ``//tag``) finds in ``tree``'s document, where the
    test's answer for all elements of one (tag, id, class) signature is kept in its
    ``verdicts`` (the page's new signatures are judged together): matches with no ancestor
    named in ``outside``, still in the document (an element moved or dropped since indexing is
    not), in document order."""
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree.getroot()
    found = []
    pending: list[tuple[Signature, Any]] = []
    groups: list[list[Any]] = []
    kept = test.verdicts.get
    for signature, elements in index.by_signature.items():
        if tag is not None and signature[0] != tag:
            continue
        verdict = kept(signature)
        if verdict is None:
            pending.append((signature, elements[0]))
            groups.append(elements)
        elif verdict:
            found.extend(elements)
    if pending:
        for elements, verdict in zip(groups, test.verdicts_for(pending), strict=True):
            if verdict:
                found.extend(elements)
    if len(found) > 1:
        found.sort(key=index.order.__getitem__)
    out = []
    for el in found:
        body, top = False, el
        for anc in el.iterancestors():
            if anc.tag in outside:
                break
            body = body or anc.tag == "body"
            top = anc
        else:
            if top is root and (body or not in_body):
                out.append(el)
    return out


def _id_class_select(test: IdClassTest, tree: Any, index: TreeIndex) -> list[Any]:
    """What ``//body//*[test]`` finds in ``tree``'s document."""
    return _signature_select(test, tree, index, in_body=True)


@dataclass(frozen=True)
class Selector:
    """A CSS or XPath selector with an optional value regex and attribute."""

    expr: str
    kind: str  # "css" | "xpath"
    xpath: etree.XPath
    reason: str
    origin: str  # "file:line"
    regex: re.Pattern[str] | None = None
    attr: str | None = None
    simple: tuple[tuple[Compound, ...], ...] | None = None
    id_class: IdClassTest | None = None  # an XPath answered from the index
    attributes: AttributeTest | None = None  # an XPath answered from the index
    rest: etree.XPath | None = None  # the parts of a CSS group ``simple`` does not cover
    contains: ContainsTest | None = None  # an XPath answered from the index
    text: TextTest | None = None  # an XPath answered from the index

    def select(self, tree: Any, index: TreeIndex | None = None) -> list[Any]:
        """Matching elements in document order (non-elements from an XPath are ignored).

        With a :class:`TreeIndex`, simple CSS (tags, classes, ids, descendant chains) is
        answered from the index instead of scanning the tree.
        """
        if index is not None and self.simple is not None:
            found: set[Any] = set()
            for chain in self.simple:
                found.update(_chain_select(chain, index))
            if self.rest is not None:
                found.update(el for el in self.rest(tree) if isinstance(el, etree._Element))
            return sorted((el for el in found if el in index.order), key=index.order.__getitem__)
        if index is not None and self.id_class is not None:
            return _id_class_select(self.id_class, tree, index)
        if index is not None and self.attributes is not None:
            test = self.attributes
            return _signature_select(test, tree, index, test.tag, test.in_body, test.outside)
        if index is not None and self.contains is not None:
            return _contains_select(self.contains, tree, index)
        if index is not None and self.text is not None:
            answer = _text_select(self.text, tree, index)
            if answer is not None:
                return answer
        try:
            found = self.xpath(tree)
        except etree.XPathError as exc:  # pragma: no cover - compiled at load time
            logger.warning("selector %s failed: %s", self.origin, exc)
            return []
        return [el for el in found if isinstance(el, etree._Element)] if isinstance(
            found, list) else []

    def value(self, element: Any) -> str | None:
        """The element's text (or attribute), passed through ``regex`` when set."""
        raw = element.get(self.attr) if self.attr else text_of(element)
        if raw is None:
            return None
        text = " ".join(raw.split())
        if self.regex is not None:
            m = self.regex.search(text)
            if not m:
                return None
            text = (m.group(1) if m.groups() else m.group(0)).strip()
        return text or None


@dataclass(frozen=True)
class LinePattern:
    """A regex that removes a whole output line when it matches (``re.search``)."""

    regex: re.Pattern[str]
    reason: str
    origin: str


@dataclass(frozen=True)
class Marker:
    """A regex on the raw HTML that votes for a CMS family."""

    regex: re.Pattern[str]
    weight: int
    reason: str
    literals: tuple[str, ...] = ()  # lower-cased alternatives when the regex is plain text
    # for other regexes: per top-level alternative, literal runs that must all occur
    required: tuple[tuple[str, ...], ...] = ()
    # the top-level alternatives compiled one by one (parallel to ``required``), so only
    # those whose fixed text is on the page are searched for
    alternatives: tuple[re.Pattern[str], ...] = ()

    def found(self, html: str, lowered: Container[str]) -> bool:
        """Whether the marker occurs.  ``lowered`` is ``html.lower()``, or the set of the
        marker's fixed texts (``literals``, ``required`` runs) that ``html.lower()`` holds."""
        if self.literals:
            return any(lit in lowered for lit in self.literals)
        if not self.required:
            return self.regex.search(html) is not None
        candidates = [i for i, alt in enumerate(self.required)
                      if all(run in lowered for run in alt)]
        if not candidates:
            return False  # cheap: no alternative's fixed text is on the page
        if len(self.alternatives) != len(self.required):
            return self.regex.search(html) is not None
        return any(self.alternatives[i].search(html) is not None for i in candidates)


def split_alternatives(regex: re.Pattern[str]) -> tuple[re.Pattern[str], ...]:
    """The top-level alternatives of ``regex`` compiled alone (same flags); () when the
    pattern cannot be split safely (inline flags, back-references, a bad piece)."""
    pattern = regex.pattern
    if pattern.startswith("(?") and not pattern.startswith(("(?:", "(?P<", "(?=", "(?!",
                                                           "(?<")) \
            or re.search(r"\\[1-9]|\(\?P=", pattern):
        return ()
    parts = top_level_alternatives(pattern)
    if not parts:
        return ()
    try:
        return tuple(re.compile(part, regex.flags) for part in parts)
    except re.error:
        return ()


def marker_literals(pattern: str) -> tuple[str, ...]:
    """Plain-text alternatives of a marker regex (None of them uses regex syntax)."""
    out = []
    for part in pattern.split("|"):
        if not part or re.search(r"(?<!\\)[.^$*+?()\[\]{}]", part):
            return ()
        text = re.sub(r"\\([.\-/:=\"'_ <>])", r"\1", part)
        if "\\" in text:
            return ()
        out.append(text.lower())
    return tuple(dict.fromkeys(out))  # "VNITT|vnitt": searched for once


_SPECIAL = set(".^$*+?()[]{}|\\")


def top_level_alternatives(pattern: str) -> list[str] | None:
    """The ``|``-separated alternatives of a regex outside groups and classes (None if the
    pattern cannot be split safely)."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            end = pattern.find("]", i + 2)
            if end < 0:
                return None
            i = end + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _literal_group(alt: str, start: int) -> tuple[str, int] | None:
    """For a group of plain alternatives at ``alt[start]`` ("(sapo|detail-sapo)"): the longest
    text every alternative contains ("" when it is optional or has none) and the position
    after it; None for any other group."""
    close = alt.find(")", start)
    if close < 0:
        return None
    inner = alt[start + 1:close]
    inner = inner[2:] if inner.startswith("?:") else inner
    if not inner or any(c in _SPECIAL and c != "|" for c in inner):
        return None
    end = close + 1
    if end < len(alt) and alt[end] in "?*{":
        return "", end  # an optional group: nothing required (the quantifier is read next)
    options = inner.split("|")
    shortest = min(options, key=len)
    for size in range(len(shortest), 0, -1):
        for at in range(len(shortest) - size + 1):
            piece = shortest[at:at + size]
            if all(piece in option for option in options):
                return piece, end
    return "", end


def required_runs(pattern: str, min_len: int = 3) -> tuple[tuple[str, ...], ...]:
    """For each top-level alternative of a regex, the lower-cased literal runs it needs.

    Groups, classes and escapes end a run; a character followed by a quantifier is dropped.
    A group of plain alternatives needs the text they all share ("(sapo|detail-sapo)": "sapo").
    Returns () when some alternative has no run of ``min_len`` characters (no pre-filter).
    """
    alternatives = top_level_alternatives(pattern)
    if not alternatives:
        return ()
    out = []
    for alt in alternatives:
        runs, run, depth, i = [], "", 0, 0
        while i < len(alt):
            ch = alt[i]
            if ch not in _SPECIAL:
                if depth == 0:
                    run += ch
                i += 1
                continue
            if ch in "?*{" and run:
                run = run[:-1]  # the quantified character is optional
            if run and depth == 0:
                runs.append(run)
            run = ""
            group = _literal_group(alt, i) if ch == "(" and depth == 0 else None
            if group is not None:
                common, i = group
                if common:
                    runs.append(common)
                continue
            if ch == "\\":
                i += 2
            elif ch == "[":
                close = alt.find("]", i + 2)
                i = len(alt) if close < 0 else close + 1
            elif ch == "{":
                close = alt.find("}", i)
                i = len(alt) if close < 0 else close + 1
            else:
                depth += ch == "("
                depth -= ch == ")"
                i += 1
        if run and depth == 0:
            runs.append(run)
        runs = [r.lower() for r in runs if len(r.strip()) >= min_len]
        if not runs:
            return ()
        out.append(tuple(runs))
    return tuple(out)

