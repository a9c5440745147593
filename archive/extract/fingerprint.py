"""Guess a page's CMS family from its markup, using the ``markers`` of the family rule files."""

from __future__ import annotations

import itertools
import logging
import weakref

from ahocorasick_rs import BytesAhoCorasick, Implementation

from archive.cms import FAMILIES

from .model import SiteInfo
from .rules import Marker, RuleBook

logger = logging.getLogger(__name__)

MIN_SCORE = 2  # a family needs at least this much marker weight to be chosen
MAX_SCAN = 400_000  # characters of HTML searched for markers


# Characters whose ``str.lower()`` is one character that neither the upper nor the title
# case of that character gives back (tests/test_extract_fingerprint.py checks the list
# against the running Python's Unicode data).
LOWERED_FROM_ELSEWHERE = "\u03f4\u1e9e\u2126\u212a\u212b"
# what ``str.lower()`` does not turn into one character of its own: "İ" becomes two, and a
# capital sigma becomes one of two small ones depending on the letters around it
LOWERED_IN_CONTEXT = ("\u0130", "\u03a3")
MAX_SPELLINGS = 256  # spellings of one marker text searched for on the page's bytes


def _spellings(text: str) -> list[str] | None:
    """Every string ``s`` whose ``s.lower()`` (character by character) is ``text``, with its
    ASCII letters in lower case: what the text can be in a page whose bytes' ASCII letters
    were lowered.  None when there are too many."""
    options: list[list[str]] = []
    count = 1
    for char in text:
        sources = [c for c in {char, char.upper(), char.title(), *LOWERED_FROM_ELSEWHERE}
                   if len(c) == 1 and c.lower() == char and (c == char or not c.isascii())]
        options.append(sorted(sources))
        count *= len(sources)
        if count > MAX_SPELLINGS:
            return None
    return ["".join(chars) for chars in itertools.product(*options)]


class MarkerTexts:
    """The fixed texts of every family marker of a rule book (plain-text alternatives and
    the runs a regex needs), searched for all at once: one Aho-Corasick pass over the
    lower-cased page instead of one substring search per text.

    The pass runs on UTF-8 bytes: a text's bytes occur in a page's bytes exactly where the
    text occurs in the page (a character's bytes never start inside another's), and byte
    offsets need no conversion back to character offsets.

    A page is not lower-cased as a string (slow on a page of 2-byte characters): the ASCII
    letters of its bytes are, and each text is sought in every spelling that lower-cases
    to it character by character with its ASCII letters already small ("tòa" as "tòa",
    "tÒa"): the same texts are found as in ``html.lower()`` wherever ``lower()`` maps each
    character to one character of its own.
    """

    def __init__(self, book: RuleBook) -> None:
        texts = {text for rule_file in book.families.values() for m in rule_file.markers
                 for text in (*m.literals, *(run for runs in m.required for run in runs))}
        self.texts = sorted(texts)
        self._automaton = BytesAhoCorasick([_utf8(text) for text in self.texts]) \
            if self.texts else None
        spelled = [(text, _spellings(text)) for text in self.texts]
        self._owners: list[str] = []
        self._spelled: BytesAhoCorasick | None = None
        if self.texts and all(spellings is not None for _, spellings in spelled):
            patterns = [_utf8(s) for text, spellings in spelled for s in spellings or ()]
            self._owners = [text for text, spellings in spelled for _ in spellings or ()]
            # a DFA: the library picks a slower automaton for this many patterns by itself
            self._spelled = BytesAhoCorasick(patterns, implementation=Implementation.DFA)

    def present(self, lowered: str) -> set[str]:
        """The texts occurring in ``lowered`` (exactly those for which ``text in lowered``)."""
        if self._automaton is None:
            return set()
        texts = self.texts
        return {texts[i] for i, _start, _end in
                self._automaton.find_matches_as_indexes(_utf8(lowered), overlapping=True)}

    def present_in(self, html: str, utf8: bytes | None = None) -> set[str]:
        """``present(html.lower())``, without lower-casing the string (``utf8``: the UTF-8
        bytes of ``html`` if at hand)."""
        if self._spelled is None or any(c in html for c in LOWERED_IN_CONTEXT):
            return self.present(html.lower())
        try:
            # bytes.lower(): ASCII letters only
            data = (utf8 if utf8 is not None else html.encode("utf-8")).lower()
        except UnicodeEncodeError:  # lone surrogates
            return self.present(html.lower())
        owners = self._owners
        return {owners[i] for i, _start, _end in
                self._spelled.find_matches_as_indexes(data, overlapping=True)}


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
    present = marker_texts(book).present_in(html)
    for name, rule_file in book.families.items():
        score = sum(m.weight for m in rule_file.markers if m.found(html, present))
        if score:
            scores[name] = score
    return scores


def _searched(marker: Marker, present: set[str]) -> bool:
    """Whether telling if ``marker`` occurs needs its regular expression run on the page
    (its fixed texts alone do not tell)."""
    if marker.literals:
        return False
    return not marker.required or any(all(run in present for run in runs)
                                      for runs in marker.required)


def detect_cms(html: str, book: RuleBook, site: SiteInfo | None = None,
               utf8: bytes | None = None) -> str:
    """The CMS family of a page; a site pin (registry or site rule file) wins.  ``utf8``:
    the UTF-8 bytes of ``html`` if at hand.

    The family with the most marker weight (ties: the earlier in ``FAMILIES``, then in the
    rule book), as :func:`family_scores` counts it; markers whose regular expression must
    run are tried only while they can change which family that is."""
    if site is not None:
        pinned = site.cms or book.site_cms(site.id)
        if pinned:
            return pinned
    if len(html) > MAX_SCAN:
        html, utf8 = html[:MAX_SCAN], None
    present = marker_texts(book).present_in(html, utf8)
    order = {name: i for i, name in enumerate(FAMILIES)}
    # per family: weight found, markers still to search for, how it ranks in a tie
    found: dict[str, int] = {}
    waiting: dict[str, list[Marker]] = {}
    rank: dict[str, tuple[int, int]] = {}
    for index, (name, rule_file) in enumerate(book.families.items()):
        found[name], waiting[name] = 0, []
        for marker in rule_file.markers:
            if _searched(marker, present):
                waiting[name].append(marker)
            elif marker.found(html, present):
                found[name] += marker.weight
        rank[name] = (-order.get(name, 99), -index)

    def most(name: str) -> tuple[int, int, int]:
        return (found[name] + sum(m.weight for m in waiting[name] if m.weight > 0),
                *rank[name])

    while found:
        best = max(found, key=most)
        if not waiting[best]:
            break  # its weight is known and no other family can reach it
        if most(best)[0] < MIN_SCORE:
            return "generic"
        marker = waiting[best].pop()
        if marker.found(html, present):
            found[best] += marker.weight
    else:
        return "generic"
    if found[best] < MIN_SCORE:  # MIN_SCORE > 0: a family without markers found is never it
        return "generic"
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("cms scores %s -> %s", family_scores(html, book), best)
    return best
