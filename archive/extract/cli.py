"""What ``bdt extract FILE --url URL [--json]`` prints (the lead wires argparse to this)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from .core import extract_page
from .model import SiteInfo

logger = logging.getLogger(__name__)

JSON_FIELDS = ("url", "canonical_url", "title", "published", "modified", "author", "lead",
               "text", "captions", "language", "site", "province", "province_2025", "cms",
               "fetched_at", "extractor_version", "rules_version", "warnings")


def extract_file(path: Path, url: str, *, as_json: bool, cms: str | None = None) -> str:
    """Extract a saved page: one JSON object (``as_json``) or a readable dump."""
    body = Path(path).read_bytes()
    site = SiteInfo(id="", cms=cms) if cms else None
    result = extract_page(body, url, site=site, always_document=True)
    doc = result.document or {}
    if as_json:
        out = {key: doc.get(key) for key in JSON_FIELDS}
        out.update(url=url, cms=result.cms, site=doc.get("site") or None, kind=result.kind,
                   charset=result.charset, charset_source=result.charset_source,
                   legacy_encoding=result.legacy_encoding, warnings=result.warnings)
        return json.dumps(out, ensure_ascii=False)
    lines = [f"kind:      {result.kind}", f"cms:       {result.cms}",
             f"charset:   {result.charset} ({result.charset_source})"]
    if result.legacy_encoding:
        lines.append(f"legacy:    {result.legacy_encoding} (converted)")
    if result.document:
        for key in ("title", "published", "modified", "author", "language", "canonical_url"):
            lines.append(f"{key + ':':<10} {doc.get(key) or '-'}")
        if doc.get("captions"):
            lines.append("captions:  " + " | ".join(doc["captions"]))
        lines += ["", doc.get("text") or ""]
    if result.warnings:
        lines += ["", "warnings:  " + "; ".join(result.warnings)]
    return "\n".join(lines)
