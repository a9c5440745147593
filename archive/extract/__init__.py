"""Extraction library: decoding, CMS fingerprint, classification, rules, metadata and text.

``extract_page(body, url, headers=..., site=..., fetched_at=...) -> Extraction`` is the entry
point; it is a pure function of its inputs and the rule files in ``boilerplate_rules/``.
"""

from __future__ import annotations

EXTRACTOR_VERSION = "1.3.0"  # 1.1: bare list items, captions, leads; 1.2: foreign pages;
# 1.3: marked-up bylines in the body (p.author, itemprop=author); no title, no date: not an article

from .core import extract_page  # noqa: E402
from .model import Extraction, SiteInfo  # noqa: E402
from .rules import RulesError, load_rulebook, rules_version  # noqa: E402

__all__ = [
    "EXTRACTOR_VERSION",
    "Extraction",
    "RulesError",
    "SiteInfo",
    "extract_page",
    "load_rulebook",
    "rules_version",
]
