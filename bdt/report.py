"""Human-readable tables: the site list and run summaries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain fixed-width text table."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def sites_table(sites: Sequence[Any]) -> str:
    rows = [(s.id, s.status, s.province, s.province_2025, s.start_urls[0], s.schedule or "daily")
            for s in sites]
    return table(("id", "status", "province", "province 2025", "start URL", "schedule"), rows)


def runs_table(runs: Sequence[dict[str, Any]]) -> str:
    rows = [(r["site_id"], r["status"], r["id"], r["requests"], r["captures"], r["revisits"],
             size(r["bytes"]), r["errors"], r["new_documents"], r["changed_documents"],
             r["removed_documents"]) for r in runs]
    return table(("site", "result", "run", "requests", "records", "revisits", "bytes", "errors",
                  "new docs", "changed", "removed"), rows)


def size(count: int | None) -> str:
    """A byte count for people: `35.8 kB`."""
    value = float(count or 0)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
