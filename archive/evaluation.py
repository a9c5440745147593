"""Evaluate extraction against the golden fixtures: ours vs plain trafilatura, same run.

A case directory holds ``page.html`` (bytes as served), ``headers.json``, ``url.txt`` and
``expected.json`` (kind, cms, title, published, author, text as a list of paragraphs).
Reports line- and token-level precision/recall/F1, metadata accuracy and leaked lines.

Expected texts follow the extractor's conventions (``archive/extract/text.py``): a list item
is a bare line (markup bullets and ``<ol>`` numbers are not text; a typed dash is), captions
are lines of their own.  ``replica_*`` cases are captured from the replica sites with
``tests/fixtures/extract/capture_replica.py`` and expect the replica's ground truth.
The command is ``bdt eval`` (arguments in ``bdt.cli``, checks in ``archive.extract.cli``).
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

CASES_ENV = "BDT_EVAL_DIR"  # default case directories (os.pathsep-separated) for `bdt eval`
EXPECTED_FIELDS = ("kind", "cms", "title", "published", "author", "text")
_TABLE_ROW = re.compile(r"^\|\s*(.*?)\s*\|?$")
_TOKEN = re.compile(r"\w+")


@dataclass
class Case:
    """One stored page with its expectations."""

    name: str
    path: Path
    body: bytes
    url: str
    headers: dict[str, str]
    fetched_at: datetime | None
    expected: dict[str, Any] | None


def load_case(path: Path) -> Case:
    """Read one case directory."""
    headers_file = path / "headers.json"
    headers = json.loads(headers_file.read_text("utf-8")) if headers_file.exists() else {}
    fetched_at = None
    date_header = next((v for k, v in headers.items() if k.lower() == "date"), None)
    if date_header:
        try:
            fetched_at = parsedate_to_datetime(date_header)
        except (TypeError, ValueError):
            logger.warning("%s: bad Date header %r", path, date_header)
    expected_file = path / "expected.json"
    expected = json.loads(expected_file.read_text("utf-8")) if expected_file.exists() else None
    return Case(path.name, path, (path / "page.html").read_bytes(),
                (path / "url.txt").read_text("utf-8").strip(), headers, fetched_at, expected)


def iter_cases(directories: Iterable[Path]) -> Iterator[Case]:
    """Every case (a folder with page.html) under the given directories, sorted by name."""
    for directory in directories:
        for page in sorted(Path(directory).rglob("page.html")):
            yield load_case(page.parent)


def run_ours(case: Case) -> Any:
    """Our pipeline on one case."""
    from archive.extract import extract_page

    return extract_page(case.body, case.url, headers=case.headers, fetched_at=case.fetched_at)


def norm_line(line: str) -> str:
    """Comparison form of a line: NFC, collapsed whitespace, table pipes removed."""
    line = " ".join(unicodedata.normalize("NFC", line).split())
    return _TABLE_ROW.sub(r"\1", line).strip()


def split_lines(text: str | None) -> list[str]:
    """Non-empty normalised lines of an extracted text."""
    return [n for n in (norm_line(x) for x in (text or "").split("\n")) if n]


def _prf(out: Counter[str], exp: Counter[str]) -> tuple[float, float, float]:
    hit = sum((out & exp).values())
    p = hit / sum(out.values()) if out else (1.0 if not exp else 0.0)
    r = hit / sum(exp.values()) if exp else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class Score:
    """Scores of one extractor on one case."""

    line: tuple[float, float, float]
    token: tuple[float, float, float]
    title: bool
    published: bool
    author: bool
    leaked: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def score_text(lines: list[str], expected: list[str]) -> tuple[tuple[float, float, float],
                                                                tuple[float, float, float],
                                                                list[str], list[str]]:
    """Line and token P/R/F1, leaked lines and missing expected lines."""
    exp_lines = [norm_line(x) for x in expected]
    line = _prf(Counter(lines), Counter(exp_lines))
    tokens_out = Counter(t for x in lines for t in _TOKEN.findall(x.casefold()))
    tokens_exp = Counter(t for x in exp_lines for t in _TOKEN.findall(x.casefold()))
    token = _prf(tokens_out, tokens_exp)
    exp_set = set(exp_lines)
    leaked = [x for x in lines if x not in exp_set]
    missing = [x for x in exp_lines if x not in set(lines)]
    return line, token, leaked, missing


def _same(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def score_ours(case: Case) -> tuple[Score, Any]:
    """Score our pipeline on a case."""
    result = run_ours(case)
    exp = case.expected or {}
    doc = result.document or {}
    lines = [norm_line(x) for x in (doc.get("text") or "").split("\n\n") if norm_line(x)]
    line, token, leaked, missing = score_text(lines, exp.get("text") or [])
    return Score(line, token, _same(doc.get("title"), exp.get("title")),
                 doc.get("published") == exp.get("published"),
                 _same(doc.get("author"), exp.get("author")), leaked, missing), result


def score_trafilatura(case: Case) -> Score:
    """Score plain ``trafilatura.extract(html)`` (and its metadata) on a case."""
    import trafilatura

    exp = case.expected or {}
    text = trafilatura.extract(case.body) or ""
    meta = trafilatura.bare_extraction(case.body, with_metadata=True)
    line, token, leaked, missing = score_text(split_lines(text), exp.get("text") or [])
    published = (exp.get("published") or "")[:10] or None
    return Score(line, token, _same(getattr(meta, "title", None), exp.get("title")),
                 (getattr(meta, "date", None) or None) == published,
                 _same(getattr(meta, "author", None), exp.get("author")), leaked, missing)


def evaluate(cases: Sequence[Case]) -> dict[str, Any]:
    """Per-case and aggregate scores for ours and trafilatura."""
    rows: list[dict[str, Any]] = []
    for case in cases:
        if not case.expected:
            logger.warning("%s has no expected.json; skipped", case.name)
            continue
        ours, result = score_ours(case)
        row: dict[str, Any] = {"case": case.name, "kind_expected": case.expected.get("kind"),
                               "kind": result.kind, "cms": result.cms,
                               "cms_expected": case.expected.get("cms"), "ours": ours}
        if case.expected.get("kind") == "article":
            row["trafilatura"] = score_trafilatura(case)
        rows.append(row)
    articles = [r for r in rows if "trafilatura" in r]

    def aggregate(key: str) -> dict[str, Any]:
        scores: list[Score] = [r[key] for r in articles]
        n = max(1, len(scores))
        return {
            "line_precision": sum(s.line[0] for s in scores) / n,
            "line_recall": sum(s.line[1] for s in scores) / n,
            "line_f1": sum(s.line[2] for s in scores) / n,
            "token_precision": sum(s.token[0] for s in scores) / n,
            "token_recall": sum(s.token[1] for s in scores) / n,
            "token_f1": sum(s.token[2] for s in scores) / n,
            "title_accuracy": sum(s.title for s in scores) / n,
            "published_accuracy": sum(s.published for s in scores) / n,
            "author_accuracy": sum(s.author for s in scores) / n,
            "leaked_lines": sum(len(s.leaked) for s in scores),
            "missing_lines": sum(len(s.missing) for s in scores),
        }

    return {
        "cases": len(rows),
        "articles": len(articles),
        "kind_accuracy": sum(r["kind"] == r["kind_expected"] for r in rows) / max(1, len(rows)),
        "cms_accuracy": sum(r["cms"] == r["cms_expected"] for r in rows) / max(1, len(rows)),
        "ours": aggregate("ours"),
        "trafilatura": aggregate("trafilatura"),
        "rows": rows,
    }


def _row_json(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in row.items() if not isinstance(v, Score)}
    for key in ("ours", "trafilatura"):
        if key in row:
            s: Score = row[key]
            out[key] = {"line_prf": s.line, "token_prf": s.token, "title": s.title,
                        "published": s.published, "author": s.author, "leaked": s.leaked,
                        "missing": s.missing}
    return out


def format_table(report: dict[str, Any], *, verbose: bool = False) -> str:
    """A readable summary table (plus per-case lines when ``verbose``)."""
    metrics = ["line_precision", "line_recall", "line_f1", "token_precision", "token_recall",
               "token_f1", "title_accuracy", "published_accuracy", "author_accuracy",
               "leaked_lines", "missing_lines"]
    lines = [f"cases: {report['cases']}  articles: {report['articles']}  "
             f"kind accuracy: {report['kind_accuracy']:.3f}  "
             f"cms accuracy: {report['cms_accuracy']:.3f}", "",
             f"{'metric':<20} {'ours':>10} {'trafilatura':>12}"]
    for m in metrics:
        a, b = report["ours"][m], report["trafilatura"][m]
        fmt = "{:>10d} {:>12d}" if isinstance(a, int) else "{:>10.4f} {:>12.4f}"
        lines.append(f"{m:<20} " + fmt.format(a, b))
    lines.append("(trafilatura's published is compared on the day only: it yields no time)")
    if verbose:
        lines.append("")
        for row in report["rows"]:
            s: Score = row["ours"]
            t: Score | None = row.get("trafilatura")
            extra = f" traf F1 {t.line[2]:.3f} leaked {len(t.leaked)}" if t else ""
            lines.append(f"{row['case']:<28} {row['kind']:<8} {row['cms']:<10} F1 {s.line[2]:.3f}"
                         f" T{int(s.title)} P{int(s.published)} A{int(s.author)}"
                         f" leaked {len(s.leaked)} missing {len(s.missing)}{extra}")
            for leak in s.leaked:
                lines.append(f"    + {leak[:100]}")
            for miss in s.missing:
                lines.append(f"    - {miss[:100]}")
    return "\n".join(lines)
