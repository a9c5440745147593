"""Guess a page's CMS family from its markup, using the ``markers`` of the family rule files."""

from __future__ import annotations

import logging

from archive.cms import FAMILIES

from .model import SiteInfo
from .rules import RuleBook

logger = logging.getLogger(__name__)

MIN_SCORE = 2  # a family needs at least this much marker weight to be chosen
MAX_SCAN = 400_000  # characters of HTML searched for markers


def family_scores(html: str, book: RuleBook) -> dict[str, int]:
    """Marker weight found in ``html`` for every family that has markers."""
    scores: dict[str, int] = {}
    html = html[:MAX_SCAN]
    lowered = html.lower()
    for name, rule_file in book.families.items():
        score = sum(m.weight for m in rule_file.markers if m.found(html, lowered))
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
