"""Guess a page's CMS family from its markup, using the ``markers`` of the family rule files."""

from __future__ import annotations

import logging
import weakref

from ahocorasick_rs import BytesAhoCorasick

from archive.cms import FAMILIES

from .model import SiteInfo
from .rules import RuleBook

logger = logging.getLogger(__name__)

MIN_SCORE = 2  # a family needs at least this much marker weight to be chosen
MAX_SCAN = 400_000  # characters of HTML searched for markers


class MarkerTexts:
    """The fixed texts of every family marker of a rule book (plain-text alternatives and
    the runs a regex needs), searched for all at once: one Aho-Corasick pass over the
    lower-cased page instead of one substring search per text.

    The pass runs on UTF-8 bytes: a text's bytes occur in a page's bytes exactly where the
    text occurs in the page (a character's bytes never start inside another's), and byte
    offsets need no conversion back to character offsets.
    """

    def __init__(self, book: RuleBook) -> None:
        texts = {text for rule_file in book.families.values() for m in rule_file.markers
                 for text in (*m.literals, *(run for runs in m.required for run in runs))}
        self.texts = sorted(texts)
        self._automaton = BytesAhoCorasick([_utf8(text) for text in self.texts]) \
            if self.texts else None

    def present(self, lowered: str) -> set[str]:
        """The texts occurring in ``lowered`` (exactly those for which ``text in lowered``)."""
        if self._automaton is None:
            return set()
        texts = self.texts
        return {texts[i] for i, _start, _end in
                self._automaton.find_matches_as_indexes(_utf8(lowered), overlapping=True)}


def _utf8(text: str) -> bytes:
    # lone surrogates (undecodable input) get bytes of their own instead of an error
    return text.encode("utf-8", "surrogatepass")


_TEXTS: weakref.WeakKeyDictionary[RuleBook, MarkerTexts] = weakref.WeakKeyDictionary()


def marker_texts(book: RuleBook) -> MarkerTexts:
    """The :class:`MarkerTexts` of ``book`` (built on first use)."""
    texts = _TEXTS.get(book)
    if texts is None:
        texts = _TEXTS[book] = MarkerTexts(book)
    return texts


def family_scores(html: str, book: RuleBook) -> dict[str, int]:
    """Marker weight found in ``html`` for every family that has markers."""
    scores: dict[str, int] = {}
    html = html[:MAX_SCAN]
    present = marker_texts(book).present(html.lower())
    for name, rule_file in book.families.items():
        score = sum(m.weight for m in rule_file.markers if m.found(html, present))
        if score:
            scores[name] = score
    return scores


def detect_cms(html: str, book: RuleBook, site: SiteInfo | None = None) -> str:
    """The CMS family of a page; a site pin (registry or site rule file) wins."""
    if site is not None:
        pinned = site.cms or book.site_cms(site.id)
        if pinned:
            return pinned
    scores = family_scores(html, book)
    if not scores:
        return "generic"
    order = {name: i for i, name in enumerate(FAMILIES)}
    best = max(scores, key=lambda name: (scores[name], -order.get(name, 99)))
    if scores[best] < MIN_SCORE:
        return "generic"
    logger.debug("cms scores %s -> %s", scores, best)
    return best
