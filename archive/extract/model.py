"""Typed inputs and outputs of the extraction library."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)

EXTRACTOR_VERSION = "1.4.0"  # 1.1: bare list items, captions, leads; 1.2: foreign pages;
# 1.3: marked-up bylines in the body (p.author, itemprop=author); no title, no date: not an article
# 1.4: metadata from evidence with provenance (title reconciled with <title>, byline dates,
# CMS account names never authors)


@dataclass(frozen=True)
class SiteInfo:
    """What extraction needs to know about the site a page came from (the caller converts
    its registry entry)."""

    id: str
    name: str = ""
    province: str | None = None
    province_2025: str | None = None
    cms: str | None = None  # pin: wins over fingerprinting when set


@dataclass
class Extraction:
    """Result of :func:`archive.extract.extract_page` for one page."""

    kind: str  # "article" | "listing" | "other"
    cms: str
    charset: str
    charset_source: str  # "http" | "bom" | "meta" | "detected"
    legacy_encoding: str | None = None  # None | "tcvn3" | "vni"
    legacy_converted: bool = False
    document: dict[str, Any] | None = None  # only for articles
    warnings: list[str] = field(default_factory=list)
    # (what happened, rule file:line or named heuristic, text): what `bdt extract --explain`
    # prints
    explain: list[tuple[str, str, str]] = field(default_factory=list)
