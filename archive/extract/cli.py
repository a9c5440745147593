"""What ``bdt extract FILE --url URL [--json] [--explain]`` and ``bdt eval [DIR ...]`` print.

Both check their input first and raise `archive.errors.UsageError` naming what is wrong;
`bdt.cli` parses the arguments and prints.  ``--explain`` adds, for every removed block and
line and every chosen field, the rule (``file:line``) or named heuristic that decided it.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from archive.cms import FAMILIES
from archive.errors import UsageError

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
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: {'not a file' if path.exists() else 'no such file'}")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--url {url!r}: expected an http(s) URL with a host")
    if cms is not None and cms not in FAMILIES:
        raise UsageError(f"--cms {cms!r}: unknown CMS family (known: {', '.join(FAMILIES)})")
    body = path.read_bytes()
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


def evaluation_report(dirs: Sequence[Path], *, as_json: bool, verbose: bool = False) -> str:
    """``bdt eval``: our extraction vs plain trafilatura on the case directories (default:
    ``$BDT_EVAL_DIR``), as a table or one JSON object.  UsageError for no or a missing
    directory, an unreadable case, or no cases at all."""
    from archive import evaluation

    dirs = list(dirs) or [Path(d) for d in os.environ.get(evaluation.CASES_ENV, "").split(
        os.pathsep) if d]
    if not dirs:
        raise UsageError(f"eval: no case directory given (pass DIR, or set "
                         f"{evaluation.CASES_ENV}; in a source checkout: "
                         f"bdt eval tests/fixtures/extract)")
    cases = []
    for directory in dirs:
        if not directory.is_dir():
            raise UsageError(f"{directory}: "
                             f"{'not a directory' if directory.exists() else 'no such directory'}")
        for page in sorted(directory.rglob("page.html")):
            try:
                cases.append(evaluation.load_case(page.parent))
            except FileNotFoundError as error:
                raise UsageError(f"{page.parent}: not an evaluation case: missing "
                                 f"{Path(error.filename or '?').name}") from None
            except (OSError, ValueError) as error:
                raise UsageError(f"{page.parent}: unreadable evaluation case: {error}") from None
    if not cases:
        raise UsageError(f"no evaluation cases (folders with page.html) under "
                         f"{', '.join(str(d) for d in dirs)}")
    report = evaluation.evaluate(cases)
    if not as_json:
        return evaluation.format_table(report, verbose=verbose)
    out = {key: value for key, value in report.items() if key != "rows"}
    out["rows"] = [evaluation._row_json(row) for row in report["rows"]]  # noqa: SLF001
    return json.dumps(out, ensure_ascii=False, indent=2)
