"""An article body split over several containers of the same kind, joined into the first.

Many news templates cut the body into chunks - one ``<div class="article__content">`` per few
paragraphs, with an advertisement or a sidebar between them.  trafilatura takes the *first*
element its body expressions match, so on such a page only the first chunk becomes the text
(in precision mode nothing else is tried: the first chunk is long enough).

The chunks are found from the prose paragraphs they hold: a container holding paragraphs of
running text (:data:`MIN_PROSE` characters or more, mostly not links) is keyed by its tag and
class and its parent's tag and class.  The key holding most prose is a split body when it
names two or more separate containers and they hold at least :data:`BODY_SHARE` of all the
page's prose (a row of teaser cards with one summary each holds little of an article page's
prose).  Their content is moved, in reading order, into the first one; what stood between
them (advertisements, "read more" boxes) stays where it was, outside the body.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from .metadata import clean, compact
from .selectors import text_of
from .text import TextResult, describe

MIN_PROSE = 40  # characters of a paragraph that counts as running text
MAX_LINK_SHARE = 0.3
BODY_SHARE = 0.6
KEPT_SHARE = 0.9  # "kept": the text holds this share of the chunks' paragraph text
ORIGIN = "heuristic:split-body"
Key = tuple[str, str, str, str]


def _prose(p: Any) -> int:
    if any(a.tag == "a" for a in p.iterancestors()):
        return 0  # a teaser card's summary inside its link
    text = clean(text_of(p))
    if len(text) < MIN_PROSE:
        return 0
    links = sum(len(clean(text_of(a))) for a in p.iter("a"))
    return 0 if links > MAX_LINK_SHARE * len(text) else len(text)


def split_chunks(tree: Any) -> list[Any]:
    """The containers an article body is split over, in reading order ([] when it is not)."""
    by_key: dict[Key, dict[Any, int]] = {}
    total = 0
    for p in tree.iter("p"):
        size = _prose(p)
        box = p.getparent()
        if not size or box is None:
            continue
        total += size
        parent = box.getparent()
        if not box.get("class") or parent is None:
            continue
        key = (box.tag, box.get("class") or "", parent.tag, parent.get("class") or "")
        boxes = by_key.setdefault(key, {})
        boxes[box] = boxes.get(box, 0) + size
    if not by_key:
        return []
    boxes = max(by_key.values(), key=lambda found: sum(found.values()))
    if len(boxes) < 2 or sum(boxes.values()) < BODY_SHARE * total:
        return []
    chunks = list(boxes)  # document order: paragraphs were met in reading order
    if any(a in boxes for box in chunks for a in box.iterancestors()):
        return []  # nested containers of one kind: one body, not chunks of it
    return chunks


def _move_content(source: Any, target: Any) -> None:
    """Append ``source``'s text and children to ``target`` (``source`` is left empty)."""
    if source.text:
        last = target[-1] if len(target) else None
        if last is None:
            target.text = (target.text or "") + source.text
        else:
            last.tail = (last.tail or "") + source.text
        source.text = None
    for child in list(source):
        target.append(child)  # moves it, with its tail


def _kept(chunks: list[Any], text: str) -> float:
    """The share of the chunks' paragraph text that ``text`` (compacted) holds."""
    total = found = 0
    for chunk in chunks:
        for p in chunk.iter("p"):
            shown = compact(clean(text_of(p)))
            if len(shown) >= MIN_PROSE:
                total += len(shown)
                found += len(shown) if shown in text else 0
    return found / total if total else 1.0


def _first_only(chunks: list[Any], paragraphs: list[str]) -> bool:
    """Whether the text holds the first chunk but lacks some of the later ones."""
    text = compact("\n".join(paragraphs))
    return _kept(chunks[:1], text) >= KEPT_SHARE and _kept(chunks[1:], text) < KEPT_SHARE


def _joined_copy(tree: Any, chunks: list[Any]) -> Any:
    """A copy of ``tree`` with the content of every chunk moved into the first."""
    positions = {el: i for i, el in enumerate(tree.iter())}
    wanted = {positions[c] for c in chunks}
    page = copy.deepcopy(tree)
    copies = [el for i, el in enumerate(page.iter()) if i in wanted]
    first, rest = copies[0], copies[1:]
    for chunk in rest:
        _move_content(chunk, first)
        chunk.drop_tree()
    return page


def joined_split_body(tree: Any, paragraphs: list[str]) -> Any:
    """A copy of ``tree`` whose split article body is one container, when the text taken from
    the page as it is (``paragraphs``) holds the first chunk but not all the later ones (a
    row of comments, none of which is in the text, is left alone); None otherwise."""
    chunks = split_chunks(tree)
    if not chunks or not _first_only(chunks, paragraphs):
        return None
    return _joined_copy(tree, chunks)


def rejoined(tree: Any, result: TextResult, extract: Callable[[Any], TextResult],
             log: list[tuple[str, str, str]] | None = None) -> TextResult:
    """``result``, or the text ``extract`` gives of the page with its split body joined when
    that keeps more of the body (see :func:`joined_split_body`)."""
    chunks = split_chunks(tree)
    if not chunks or not _first_only(chunks, result.paragraphs):
        return result
    retry = extract(_joined_copy(tree, chunks))
    before = _kept(chunks, compact("\n".join(result.paragraphs)))
    after = _kept(chunks, compact("\n".join(retry.paragraphs)))
    if after <= before:
        return result
    if log is not None:
        log.append((f"article body split over {len(chunks)} <{describe(chunks[0])}>, joined",
                    ORIGIN, f"{before:.0%} of its paragraphs kept, {after:.0%} joined"))
    return retry
