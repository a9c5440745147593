"""Extraction library: decoding, CMS fingerprint, classification, rules, metadata and text.

``extract_page(body, url, headers=..., site=..., fetched_at=...) -> Extraction`` is the entry
point; it is a pure function of its inputs and the rule files in ``boilerplate_rules/``.
"""

from __future__ import annotations

from .core import extract_page
from .model import EXTRACTOR_VERSION, Extraction, SiteInfo
from .rules import RulesError, load_rulebook, rules_version

__all__ = [
    "EXTRACTOR_VERSION",
    "Extraction",
    "RulesError",
    "SiteInfo",
    "extract_page",
    "load_rulebook",
    "rules_version",
]
