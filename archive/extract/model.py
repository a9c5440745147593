"""Typed inputs and outputs of the extraction library."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)

KINDS = ("article", "listing", "other")
CHARSET_SOURCES = ("http", "bom", "meta", "detected")


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

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict view (JSON-serialisable)."""
        return {
            "kind": self.kind,
            "cms": self.cms,
            "charset": self.charset,
            "charset_source": self.charset_source,
            "legacy_encoding": self.legacy_encoding,
            "legacy_converted": self.legacy_converted,
            "document": self.document,
            "warnings": list(self.warnings),
        }
