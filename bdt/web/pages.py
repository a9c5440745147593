"""What each dashboard page shows, as plain data (the templates only lay it out).

Read-only over the catalog, the registry, the scheduler's state (`bdt.status`) and the
archive directory; the only files read are the archive's own (logs of a known run,
WACZ packages of a known site, WARC records the catalog points at).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from bdt.status import DISPLAY_ZONE, collect_status

STALE_DAYS = 30  # no new document for this long: the site stands out on the overview
FAILED = ("failed", "killed")
MAX_LOG_LINES = 2000


@dataclass(frozen=True)
class WebContext:
    """What every page needs: the archive, the registry, where replay and the job store are."""

    layout: ArchiveLayout
    registry: Any
    replay_url: str = "http://127.0.0.1:8090"
    db_url: str | None = None

    def catalog(self) -> Catalog:
        return Catalog(self.layout.catalog)


def local_time(stamp: str | None) -> str:
    """A stored UTC time in Vietnam time, to the minute."""
    if not stamp:
        return "-"
    when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return when.astimezone(DISPLAY_ZONE).strftime("%Y-%m-%d %H:%M")


def warc_stamp(stamp: str) -> str:
    """`2026-11-27T10:11:12.345Z` -> `20261127101112` (pywb's timestamp in a replay URL)."""
    return re.sub(r"\D", "", stamp)[:14]


def replay_link(ctx: WebContext, site_id: str, url: str, fetched_at: str | None = None) -> str:
    stamp = f"{warc_stamp(fetched_at)}/" if fetched_at else ""
    return f"{ctx.replay_url.rstrip('/')}/{quote(site_id)}/{stamp}{url}"


def directory_size(path: Path) -> int:
    if not path.is_dir():
        return 0
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _age_days(stamp: str | None, now: datetime) -> float | None:
    if not stamp:
        return None
    when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return (now - when).total_seconds() / 86400


def _attention(site: Mapping[str, Any], last_new: str | None, now: datetime) -> list[str]:
    """Why a site stands out on the overview (empty: it does not)."""
    reasons = []
    last = site.get("last_run") or {}
    if last.get("status") in FAILED:
        reasons.append(f"last run {last['status']}")
    elif last and last.get("status") == "finished" and not last.get("captures"):
        reasons.append("last run found no pages")
    if site.get("registry_status") in ("moved", "gone"):
        reasons.append(f"site {site['registry_status']}")
    age = _age_days(last_new, now)
    if last and (age is None or age > STALE_DAYS):
        reasons.append("nothing new for over 30 days" if age is not None
                       else "no documents yet")
    return reasons


def overview(ctx: WebContext, *, group_2025: bool = False) -> dict[str, Any]:
    """Every registered site: province, status, last and next run, size, what stands out."""
    report = collect_status(ctx.layout, ctx.registry, db_url=ctx.db_url)
    now = datetime.now(UTC)
    with ctx.catalog() as catalog:
        counts = catalog.site_document_counts()
        alerts = catalog.alerts(since=(now - timedelta(days=7)).isoformat(), limit=20)
    rows = []
    for status in report["sites"]:
        site = ctx.registry.get(status["site_id"])
        docs = counts.get(status["site_id"], {})
        rows.append({
            **status, "name": site.name if site else status["site_id"],
            "province": site.province if site else "", "province_2025":
                site.province_2025 if site else "",
            "documents": docs.get("documents", 0), "last_new": docs.get("last_new"),
            "size": directory_size(ctx.layout.warc_dir(status["site_id"])),
            "attention": _attention(status, docs.get("last_new"), now)})
    groups: list[tuple[str, list[dict[str, Any]]]] = [("", rows)]
    if group_2025:
        by: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            by.setdefault(row["province_2025"] or "(not in registry)", []).append(row)
        groups = sorted(by.items())
    return {"scheduler": report["scheduler"], "groups": groups, "alerts": alerts,
            "attention": sum(1 for row in rows if row["attention"]), "sites": len(rows),
            "group_2025": group_2025}


def site_page(ctx: WebContext, site_id: str, month: str | None = None) -> dict[str, Any] | None:
    """A site's runs (with chart data), latest errors, registry entry, documents by month."""
    site = ctx.registry.get(site_id)
    with ctx.catalog() as catalog:
        runs = catalog.runs(site_id, limit=60)
        if site is None and not runs:
            return None
        errors = catalog.site_errors(site_id, limit=30)
        months = catalog.documents_by_month(site_id)
        documents = catalog.site_documents(site_id, month) if month is not None else []
        alerts = catalog.alerts(site_id, limit=10)
    chart = [{"run": r["id"], "pages": r["captures"], "new": r["new_documents"],
              "status": r["status"]} for r in reversed(runs) if r["status"] != "skipped"]
    wacz_dir = ctx.layout.root / "wacz" / site_id
    waczs = sorted(p.name for p in wacz_dir.glob("*.wacz")) if wacz_dir.is_dir() else []
    entry = asdict(site) if site else None
    if entry:
        entry.pop("line", None)
    from archive.lease import is_site_locked
    from bdt.scheduler.run_queue import pending_requests

    queued = sum(1 for r in pending_requests(ctx.layout) if r.site_id == site_id)
    return {"site_id": site_id, "site": site, "entry": entry, "runs": runs, "chart": chart,
            "running": is_site_locked(ctx.layout.lock_path(site_id)), "queued_requests": queued,
            "chart_max": max([c["pages"] for c in chart] + [1]), "errors": errors,
            "months": months, "month": month, "documents": documents, "waczs": waczs,
            "alerts": alerts, "replay": [replay_link(ctx, site_id, url)
                                         for url in (site.start_urls if site else ())]}


def run_log_lines(ctx: WebContext, run: Mapping[str, Any]) -> list[str]:
    """The run's log: its own file (a daemon's crawl), else its lines of `bdt.log` and of
    the `bdt crawl` log it was written to (`logs/runs/crawl-<start>-<pid>.log`)."""
    runs_dir = ctx.layout.log_dir / "runs"
    own = runs_dir / run["site_id"] / f"{run['id']}.log"
    if own.is_file():
        return _tail(own.read_text(encoding="utf-8", errors="replace").splitlines())
    lines: list[str] = []
    needle = f"run={run['id']}"
    for path in sorted(ctx.layout.log_dir.glob("bdt.log*"), reverse=True):
        if path.is_file():
            with path.open(encoding="utf-8", errors="replace") as file:
                lines += [line.rstrip("\n") for line in file if needle in line]
    started = warc_stamp(run["started_at"])
    crawl_logs = [p for p in sorted(runs_dir.glob("crawl-*.log"))
                  if warc_stamp(p.name.split("-")[1]) <= started]
    if crawl_logs:
        mentions = (run["id"], run["site_id"])
        with crawl_logs[-1].open(encoding="utf-8", errors="replace") as file:
            lines += [line.rstrip("\n") for line in file
                      if any(word in line for word in mentions)]
    return _tail(lines)


def _tail(lines: list[str]) -> list[str]:
    return lines[-MAX_LOG_LINES:]


def run_page(ctx: WebContext, run_id: str) -> dict[str, Any] | None:
    with ctx.catalog() as catalog:
        run = catalog.run(run_id)
        if run is None:
            return None
        captures = catalog.run_captures(run_id)
        errors = catalog.errors(run_id)
        documents = catalog.run_documents(run_id)
        tombstones = catalog.run_tombstones(run_id)
    for capture in captures:
        capture["replay"] = replay_link(ctx, run["site_id"], capture["url"],
                                        capture["fetched_at"])
    return {"run": run, "log": run_log_lines(ctx, run), "captures": captures, "errors": errors,
            "documents": documents, "tombstones": tombstones}


def text_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Paragraph-level diff: (' ', '-', '+', line) pairs, unchanged lines included."""
    out = []
    for line in difflib.ndiff(old.split("\n"), new.split("\n")):
        if line[:1] in (" ", "-", "+") and line[2:].strip():
            out.append((line[:1], line[2:]))
    return out


def document_page(ctx: WebContext, document_id: int) -> dict[str, Any] | None:
    """A document: its current version, every version with a diff to the one before."""
    from archive.warc.reader import read_record

    with ctx.catalog() as catalog:
        document = catalog.document(document_id)
        if document is None:
            return None
        versions = catalog.document_versions(document_id)
    for index, version in enumerate(versions):
        data = version["data"]
        version["replay"] = replay_link(ctx, document["site_id"], version["capture_url"],
                                        version["fetched_at"])
        version["diff"] = text_diff(versions[index - 1]["data"].get("text") or "",
                                    data.get("text") or "") if index else []
        version["warc_headers"] = []
        path = ctx.layout.absolute(version["warc_file"])
        for candidate in (path, path.with_name(path.name + ".open")):
            if candidate.is_file() and candidate.resolve().is_relative_to(ctx.layout.root):
                try:
                    record = read_record(candidate, version["warc_offset"])
                except (OSError, ValueError) as error:
                    version["warc_error"] = str(error)
                else:
                    version["warc_headers"] = record.warc_headers
                    version["http_status"] = record.http_statusline
                break
    current = versions[-1]["data"] if versions else {}
    return {"document": document, "versions": versions, "current": current,
            "paragraphs": [p for p in (current.get("text") or "").split("\n") if p.strip()]}
