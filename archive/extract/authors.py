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

from .dates import find_dates
from .metadata import PageContext, byline_date, clean, in_chrome_header, site_names
from .rules import LinePattern, Rules
from .selectors import text_of

logger = logging.getLogger(__name__)

# Byline labels ("Tác giả:", "bởi", "By") are ``author_label`` rules: see common.yaml
MAX_LABELLED_NAME = 60  # longer: a whole byline block, name and title run together
_HEAD_SPLIT = re.compile(r"\s*[,–—(]\s*|\s+-\s*|-(?=[A-ZĐ])")
_INITIALS = re.compile(r"^[A-ZĐ]{1,4}(?:\.[A-ZĐ]{1,3})*\.\s*\S")
_META_SPLIT = re.compile(r"\s*[,;·|]\s*")  # name, then section or date in a meta line
_SENTENCE_END = re.compile(r"[.!?:;…]$")
_DIGITS = re.compile(r"\d")
MAX_SIGNATURE = 90
MAX_NEAR_LINE = 90  # characters: a longer line near the headline is no byline
MAX_BYLINE = 120
CAPITALS_REACH = 6  # a wire byline in capitals sits within this many elements of the headline
MAX_TEASER_ITEM = 700  # a teaser entry (headline link, date, summary, byline) is short
BYLINE_BELOW_BODY = 12  # elements after the body container a byline widget may sit in


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


def strip_label(value: str, rules: Rules) -> str:
    """Remove a "Tác giả:"-style label (``author_label`` rules) from an author string."""
    value = clean(value)
    found = rules.label("author_label", value)
    return (found[1] if found else value).strip(" -–—,")


def labelled_name(text: str, rules: Rules) -> tuple[str, LinePattern] | None:
    """The name in a labelled byline ("Tác giả: Hà Thu", "bởi Y Liên", "By Jane Doe"), with
    the ``author_label`` rule that matched."""
    found = rules.label("author_label", clean(text))
    if found is None or not 2 <= len(found[1]) <= MAX_LABELLED_NAME:
        return None
    return found[1], found[0]


def _bare_label(text: str, rules: Rules) -> bool:
    """Whether ``text`` is a byline label whose name is missing ("Viết bởi", "Tác giả:")."""
    found = rules.label("author_label", f"{text} x")
    return found is not None and found[1] == "x"


def _same(a: str, b: str) -> bool:
    return clean(a).casefold() == clean(b).casefold()


def _acceptable_author(value: str, ctx: PageContext, origin: str) -> str | None:
    """``value`` cleaned of widget words, or None when it is no person's name (a CMS account,
    a photo credit, a boilerplate line); rejections are recorded for ``--explain``."""
    value, noise = ctx.rules.strip_author_noise(strip_label(value, ctx.rules))
    for pattern in noise:
        ctx.rejected("author words removed (widget)", pattern.origin, value)
    if not value or len(value) > MAX_BYLINE or len(value.split()) > 15:
        return None
    account = ctx.rules.not_author(value)
    if account is not None:
        ctx.rejected(f"author candidate rejected (from {origin})", account.origin, value)
        return None
    drop = ctx.rules.drops(value)
    if drop is not None:
        ctx.rejected(f"author candidate rejected (from {origin})", drop.origin, value)
        return None
    if value.casefold() in site_names(ctx):
        ctx.rejected(f"author candidate rejected (from {origin})",
                     "heuristic:site-name-is-no-author", value)
        return None
    return value


def _account_field(el: Any, ctx: PageContext) -> str | None:
    """The ``cms_account`` rule marking ``el`` (or an element around it) as the field showing
    the account that posted the page ("admin admin", an editor's login): never the author."""
    if not ctx.accounts:
        return None
    for node in (el, *el.iterancestors()):
        origin = ctx.accounts.get(node)
        if origin:
            return origin
    return None


def _skip_account(el: Any, ctx: PageContext, origin: str) -> bool:
    """Whether ``el`` is in a CMS account field (recorded for ``--explain``)."""
    account = _account_field(el, ctx)
    if account is not None:
        ctx.rejected(f"author candidate rejected (from {origin}): CMS account field", account,
                     clean(text_of(el)))
    return account is not None


def author_from_selectors(ctx: PageContext) -> str | None:
    """The byline found by ``author`` selectors (read before the tree is pruned)."""
    for sel in ctx.rules.get("author"):
        for el in sel.select(ctx.tree, ctx.index):
            if _skip_account(el, ctx, sel.origin):
                continue
            raw = sel.value(el)
            value = _acceptable_author(raw, ctx, sel.origin) if raw else None
            if value:
                ctx.chose("author", sel.origin)
                return value
    return None


def author_fallback(ctx: PageContext) -> str | None:
    """Authors named in page metadata (``author_fallback`` rules), for a page that shows no
    byline or signature; several are joined with ", "."""
    names: list[str] = []
    origin = ""
    for sel in ctx.rules.get("author_fallback"):
        for el in sel.select(ctx.tree, ctx.index):
            raw = sel.value(el)
            value = _acceptable_author(raw, ctx, sel.origin) if raw else None
            if value and value.casefold() not in (n.casefold() for n in names):
                names.append(value)
                origin = origin or sel.origin
    if not names:
        return None
    ctx.chose("author", origin)
    return ", ".join(names)


def _byline_elements(ctx: PageContext, start: int, stop: int) -> list[tuple[Any, str]]:
    """Elements ``byline`` rules mark, with the rule, in document positions ``start`` to
    ``stop``, in document order; of nested ones only the innermost."""
    index = ctx.index
    assert index is not None  # built before any rule is applied
    found: dict[Any, str] = {}
    for sel in ctx.rules.get("byline"):
        for el in sel.select(ctx.tree, index):
            found.setdefault(el, sel.origin)
    inside = [el for el in found if start <= index.order.get(el, -1) < stop]
    inside.sort(key=index.order.__getitem__)
    marked = set(inside)
    return [(el, found[el]) for el in inside
            if not any(d in marked for d in el.iterdescendants())]


def _in_teaser(el: Any) -> bool:
    """Inside a link to another article's teaser: a short list item / table row holding a link
    ("Tin khác"), rather than the article itself (which layout tables also hold).  A list item
    whose only link is the byline itself (an author list) is no teaser."""
    own = {el, *el.iterdescendants()}
    for node in el.iterancestors():
        if node.tag in ("li", "tr") and any(a not in own for a in node.iter("a")):
            return len(clean(text_of(node))) <= MAX_TEASER_ITEM
        if node.tag in ("body", "article", "main"):
            return False
    return False


def _near(a: Any, b: Any, levels: int = 3) -> bool:
    """Whether ``b`` lies within ``levels`` ancestors of ``a`` (one byline widget)."""
    ups = [a, *list(a.iterancestors())[:levels]]
    return any(u in b.iterancestors() or u is b for u in ups)


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w).casefold()


def _expanded(short: str, ctx: PageContext) -> str | None:
    """The author page metadata (``author_fallback`` rules) names in full for an abbreviated
    byline the checks rejected ("dpa" -> "Deutsche Presse-Agentur", "ttxvn" -> "Thông tấn xã
    Việt Nam"): same initials, in the same order."""
    if not 2 <= len(short) <= 6 or not short.isalpha():
        return None
    for sel in ctx.rules.get("author_fallback"):
        for el in sel.select(ctx.tree, ctx.index):
            full = clean(sel.value(el))
            if len(full.split()) > 1 and _initials(full) == short.casefold():
                value = _acceptable_author(full, ctx, sel.origin)
                if value:
                    ctx.explain.append(("author abbreviation expanded from page metadata",
                                        sel.origin, f"{short} -> {value}"))
                    return value
    return None


def author_in_markup(ctx: PageContext, window: tuple[int, int] | None) -> str | None:
    """A byline marked up as one (``byline`` rules: ``<p class="author">``, ``itemprop=
    "author"``, ...) between the headline and the end of the body, or right below a densest
    block (within :data:`BYLINE_BELOW_BODY` elements: "<hr><div class=author>Tác giả: ...",
    or inside the headline's ``<article>``),
    for pages whose markup no ``author`` selector knows.  Several names in one byline widget
    are joined with ", ".  Bylines in teaser lists and the banner are not the article's; a link
    is a byline only when it points to an author page (not to another article)."""
    if window is None or ctx.index is None:
        return None
    names: list[str] = []
    first: Any = None
    origin = ""
    below = False
    # below a densest block (no body rule knows the container) the template's byline widget
    # may follow: a few elements further, or anywhere in the headline's <article>
    stop = window[1]
    if ctx.body_el is None and ctx.body_anchor is not None:
        stop += BYLINE_BELOW_BODY
    article = next(ctx.title_el.iterancestors("article"), None) \
        if ctx.title_el is not None and ctx.body_anchor is not None else None
    if article is not None:
        stop = max(stop, 1 + max(ctx.index.order.get(d, 0) for d in article.iter()))
    for el, rule in _byline_elements(ctx, max(0, window[0]), stop):
        if _in_teaser(el) or in_chrome_header(el, ctx) or _skip_account(el, ctx, rule):
            continue
        if first is not None and not _near(first, el):
            break
        inner = [n for n in el.iterdescendants() if n.get("itemprop") == "name"]
        text = clean(text_of(inner[0] if inner else el))
        if not text or _bare_label(text, ctx.rules) or find_dates(text) or \
                not any(c.isalpha() for c in text):
            continue
        value = _acceptable_author(text, ctx, rule) or _expanded(text, ctx)
        if not value:
            continue
        if first is None:
            first, origin = el, rule
            below = ctx.index.order.get(el, 0) >= window[1]
        if value.casefold() not in (n.casefold() for n in names):
            names.append(value)
    if not names:
        return None
    how = "heuristic:byline-markup-below-body" if below else "heuristic:byline-markup"
    ctx.chose("author", f"{origin} ({how})")
    return ", ".join(names)


def author_near_title(ctx: PageContext, window: tuple[int, int] | None) -> str | None:
    """A byline between the headline and the body ("bởi Y Liên", "Tác giả: ...", "Quang Huy -
    21/06/2021 09:15"), for pages whose markup no ``author`` selector knows.  ``window`` is the
    span of document positions to look in."""
    if window is None or ctx.index is None or ctx.title_el is None:
        return None
    start = ctx.index.order.get(ctx.title_el)
    if start is None:
        return None
    stop = min(window[1], start + 80)
    body = ctx.index.order.get(ctx.body_anchor, -1) if ctx.body_anchor is not None else -1
    if body > start:  # the body container follows the headline (not around it)
        stop = min(stop, body)
    for position, el in enumerate(ctx.index.elements[start + 1:stop], 1):
        text = clean(text_of(el))
        if not text or (ctx.accounts and _account_field(el, ctx)):
            continue
        # a meta line names the author first: "By TPN, in <a>News</a> · 31 Jan 2025, 20:02"
        lead = _meta_lead(clean(el.text or "") if len(el) else text)  # no children: el.text
        # the lines _near_title_name reads (a longer one names nobody), ``text`` first
        candidates = [text] if len(text) <= MAX_NEAR_LINE else []
        if lead is not None and lead != text:
            candidates.append(lead)
        for candidate in candidates:
            value = _near_title_name(ctx, candidate, capitals=position <= CAPITALS_REACH)
            if value:
                if candidate is not text:  # the whole meta line is no body text
                    ctx.byline_texts.append(text)
                return value
    return None


def _meta_lead(line: str) -> str | None:
    """What a cleaned meta line says before its first separator (``_META_SPLIT``): "By TPN"
    of "By TPN, in News · 31 Jan 2025"; None when that is longer than :data:`MAX_NEAR_LINE`
    (no name).  A long line is searched only as far as such a lead can reach (its spaces are
    single: the separator of a lead that short stands within two characters of its end)."""
    if len(line) <= MAX_NEAR_LINE:
        return _META_SPLIT.split(line, maxsplit=1)[0]
    m = _META_SPLIT.search(line, 0, MAX_NEAR_LINE + 2)
    return line[:m.start()] if m is not None and m.start() <= MAX_NEAR_LINE else None


def _capitals_byline(text: str) -> bool:
    """A short line in capitals naming an agency or author (and a dateline): "AFP, MANILA",
    "JANIE HAR"; one word alone ("VIDEO", "SUBSCRIBE") is a widget label."""
    words = text.replace(",", " ").split()
    letters = [c for c in text if c.isalpha()]
    return len(text) <= 40 and len(words) >= 2 and all(len(w) >= 2 for w in words) and \
        all(c.isupper() for c in letters) and _name_list(text)


def _near_title_name(ctx: PageContext, text: str, capitals: bool = False) -> str | None:
    """The name in one short line near the headline ("bởi Y Liên", "Quang Huy - 21/06/2021";
    with ``capitals``, a wire byline in capitals right under it, "AFP, MANILA")."""
    if not text or len(text) > MAX_NEAR_LINE:
        return None
    labelled = labelled_name(text, ctx.rules)
    name = labelled[0] if labelled else None
    how = "heuristic:byline-near-headline"
    if labelled:
        how = f"{how} ({labelled[1].origin})"
    dated = byline_date(text, ctx.rules) if name is None else None
    if dated:
        name = dated[0]
    elif name is None and capitals and _capitals_byline(text):  # "AFP, MANILA"
        name, how = text, "heuristic:capitals-byline-near-headline"
    if name and looks_like_signature(name) and ctx.rules.drops(name) is None:
        value = _acceptable_author(name, ctx, how)
        if value:
            ctx.chose("author", how)
            if dated:
                ctx.byline_texts.append(text)
            return value
    return None


def _name_list(text: str) -> bool:
    """Whether ``text`` is a short list of names or sign-offs ("ssi, dan", "Última Hora")."""
    parts = [p.strip() for p in text.split(",")]
    return 0 < len(parts) <= 4 and all(
        p and len(p.split()) <= 4 and not _DIGITS.search(p) and not _SENTENCE_END.search(p)
        and all(c.isalpha() or c in " .'-" for c in p) for p in parts)


def credit_line(line: str, ctx: PageContext) -> tuple[str, str] | None:
    """The author named by a closing credit line, and the rule behind it: the names before
    labelled credits ("ssi, dan; Foto: Shutterstock; Erstveröffentlichung: 4.4.18" - one label
    at least a ``credit_label`` rule), or the names beside the site's own name ("Wochenblatt /
    Última Hora")."""
    line = clean(line)
    if not line or len(line) > MAX_BYLINE:
        return None
    segments = [s.strip() for s in line.split(";")]
    if len(segments) > 1 and all(":" in s or "：" in s for s in segments[1:]):
        credit = next((found for s in segments[1:]
                       if (found := ctx.rules.first("credit_label", s)) is not None), None)
        if credit is not None and _name_list(segments[0]):
            return segments[0], f"heuristic:closing-credit-line ({credit.origin})"
        return None
    parts = [p.strip() for p in line.split(" / ")]
    if len(parts) > 1:
        names = site_names(ctx)
        others = [p for p in parts if p.casefold() not in names]
        if 0 < len(others) < len(parts) and all(_name_list(p) for p in others):
            return ", ".join(others), "heuristic:closing-credit-line (site name / source)"
    return None


def _last_index(paragraphs: list[str]) -> int | None:
    for i in range(len(paragraphs) - 1, -1, -1):
        if paragraphs[i].strip(" ./"):
            return i
    return None


def extract_author(paragraphs: list[str], byline: str | None, *, ctx: PageContext,
                   signatures: bool = True) -> tuple[str | None, list[str]]:
    """The author and the paragraphs with the moved author line removed.

    ``byline`` is what the selectors found; without it, a "Tác giả:" line or a trailing
    signature line becomes the author (recorded in ``ctx`` when given).
    """
    author = byline
    last = _last_index(paragraphs)
    if author:
        for i in (last, 0):
            if i is not None and i < len(paragraphs) and (
                    _same(paragraphs[i], author) or
                    _same(strip_label(paragraphs[i], ctx.rules), author)):
                return author, paragraphs[:i] + paragraphs[i + 1:]
        return author, paragraphs
    for i in (0, last):
        if i is None or i >= len(paragraphs):
            continue
        labelled = labelled_name(paragraphs[i], ctx.rules)
        if labelled and looks_like_signature(labelled[0]):
            ctx.chose("author", f"heuristic:author-label-line ({labelled[1].origin})")
            return labelled[0], paragraphs[:i] + paragraphs[i + 1:]
    if signatures and last is not None and 0 < last and len(paragraphs[last]) <= MAX_SIGNATURE:
        # the CMS account that posted the article, printed under the writer's signature
        account = ctx.rules.not_author(clean(paragraphs[last]))
        above = _last_index(paragraphs[:last])
        if account is not None and above and looks_like_signature(paragraphs[above]):
            ctx.rejected("closing line removed (account, not the author)", account.origin,
                         paragraphs[last])
            paragraphs, last = paragraphs[:last] + paragraphs[last + 1:], above
    if last is None or last == 0:
        return None, paragraphs
    credit = credit_line(paragraphs[last], ctx)
    value = _acceptable_author(credit[0], ctx, credit[1]) if credit else None
    if credit and value:
        ctx.chose("author", credit[1])
        return value, paragraphs[:last] + paragraphs[last + 1:]
    if signatures and looks_like_signature(paragraphs[last]):
        ctx.chose("author", "heuristic:closing-signature")
        return clean(paragraphs[last]), paragraphs[:last] + paragraphs[last + 1:]
    return None, paragraphs
