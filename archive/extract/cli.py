"""What ``bdt extract FILE --url URL [--json] [--explain]`` prints (the lead wires argparse to
this).  ``--explain`` adds, for every removed block and line and every chosen field, the rule
(``file:line``) or named heuristic that decided it."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from .core import extract_page
from .model import SiteInfo

logger = logging.getLogger(__name__)

JSON_FIELDS = ("url", "canonical_url", "title", "published", "modified", "author", "lead",
               "text", "captions", "language", "site", "province", "province_2025", "cms",
               "fetched_at", "extractor_version", "rules_version", "warnings", "provenance")


def explanation(explain: list[tuple[str, str, str]]) -> list[str]:
    """One line per decision: what happened, the deciding rule or heuristic, the text."""
    lines, seen = [], set()
    for what, rule, text in explain:
        if (what, rule, text) in seen:
            continue
        seen.add((what, rule, text))
        lines.append(f"{what:<44} {rule}" + (f"  | {text}" if text else ""))
    return lines


def extract_file(path: Path, url: str, *, as_json: bool, cms: str | None = None,
                 explain: bool = False) -> str:
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
        if explain:
            out["explain"] = [{"what": w, "rule": r, "text": t} for w, r, t in result.explain]
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
    if explain:
        lines += ["", "decisions (rule file:line or heuristic):", *explanation(result.explain)]
    return "\n".join(lines)
