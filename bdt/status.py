"""`bdt status`: per site, the last runs, the next scheduled run and whether it is crawling now.

Read-only: the catalog, the site locks and the job store's rows (read without
APScheduler, which would delete rows it cannot restore).  Works whether or not
the daemon is running.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from archive.lease import SiteLease, site_is_crawling
from bdt.report import table

logger = logging.getLogger(__name__)

DISPLAY_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
RUN_FIELDS = ("id", "status", "trigger", "started_at", "ended_at", "requests", "captures",
              "revisits", "bytes", "errors", "new_documents", "changed_documents",
              "removed_documents", "close_reason", "message", "node")


def _parse(stamp: str | None) -> datetime | None:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else None


def _duration(run: dict[str, Any], now: datetime) -> float | None:
    started, ended = _parse(run["started_at"]), _parse(run["ended_at"])
    if started is None:
        return None
    return round(((ended or now) - started).total_seconds(), 1)


def _run_view(run: dict[str, Any], now: datetime) -> dict[str, Any]:
    view = {name: run.get(name) for name in RUN_FIELDS}
    view["duration_s"] = _duration(run, now)
    return view


def collect_status(layout: ArchiveLayout, registry: Any, *, db_url: str | None = None,
                   recent: int = 5) -> dict[str, Any]:
    """The status report as plain data (what `--json` prints).

    Raises BadDatabaseUrl or OperationFailed (from the job store) before reading anything else.
    """
    from bdt.scheduler.pidfile import daemon_pid
    from bdt.scheduler.reconcile import site_job_id
    from bdt.scheduler.run_queue import pending_requests
    from bdt.scheduler.store import read_stored_jobs
    from bdt.scheduler.triggers import SCHEDULED_STATUSES, crontab_of

    now = datetime.now(UTC)
    url = db_url or f"sqlite:///{layout.scheduler_db_path}"
    stored = {job.id: job for job in read_stored_jobs(url)}
    queued: dict[str, int] = {}
    for request in pending_requests(layout):
        queued[request.site_id] = queued.get(request.site_id, 0) + 1
    pid = daemon_pid(layout)
    sites = []
    catalog = Catalog(layout.catalog) if (layout.shared_catalog
                                           or layout.catalog_path.exists()) else None
    entries = [(site.id, site) for site in registry.values()]
    if catalog is not None:  # runs of sites this registry does not list are shown too
        entries += [(site_id, None) for site_id in catalog.run_site_ids()
                    if site_id not in registry]
    try:
        for site_id, site in entries:
            if site is None:
                runs = catalog.runs(site_id, limit=max(recent, 20)) if catalog else []
                last = next((r for r in runs if r["status"] != "skipped"), None)
                sites.append({
                    "site_id": site_id, "name": None, "registry_status": "not in registry",
                    "schedule": None, "next_run": None,
                    "running": site_is_crawling(catalog, layout.lock_path(site_id), site_id),
                    "running_run": None,
                    "queued_requests": queued.get(site_id, 0),
                    "last_run": _run_view(last, now) if last else None,
                    "recent_runs": [_run_view(r, now) for r in runs[:recent]],
                })
                continue
            runs = catalog.runs(site.id, limit=max(recent, 20)) if catalog else []
            last = next((r for r in runs if r["status"] != "skipped"), None)
            lock = layout.lock_path(site.id)
            running = site_is_crawling(catalog, lock, site.id)
            holder = SiteLease(catalog, lock, site.id, "").holder() if catalog and running \
                else None
            job = stored.get(site_job_id(site.id))
            sites.append({
                "site_id": site.id, "name": site.name, "registry_status": site.status,
                "schedule": crontab_of(site.id, site.schedule)
                if site.status in SCHEDULED_STATUSES else None,
                "next_run": job.next_run_time.isoformat() if job and job.next_run_time
                else None,
                "running": running, "running_run": holder["run_id"] if holder else None,
                "queued_requests": queued.get(site.id, 0),
                "last_run": _run_view(last, now) if last else None,
                "recent_runs": [_run_view(r, now) for r in runs[:recent]],
            })
    finally:
        if catalog is not None:
            catalog.close()
    return {"archive": str(layout.root), "generated_at": now.isoformat(),
            "scheduler": {"running": pid is not None, "pid": pid, "job_store": url},
            "sites": sites}


def _local(stamp: str | None) -> str:
    when = _parse(stamp)
    return when.astimezone(DISPLAY_ZONE).strftime("%Y-%m-%d %H:%M") if when else "-"


def _span(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


def format_status(report: dict[str, Any]) -> str:
    """The report as a table (times in Vietnam time)."""
    rows = []
    for site in report["sites"]:
        last = site["last_run"] or {}
        now = "crawling" if site["running"] else ""
        if site["queued_requests"]:
            now = (now + f" +{site['queued_requests']} queued").strip()
        rows.append((site["site_id"], site["schedule"] or "-", _local(last.get("started_at")),
                     _span(last.get("duration_s")), last.get("status", "never"),
                     last.get("captures", ""), last.get("new_documents", ""),
                     last.get("changed_documents", ""), last.get("errors", ""),
                     _local(site["next_run"]), now))
    scheduler = report["scheduler"]
    head = (f"scheduler: running (pid {scheduler['pid']})" if scheduler["running"]
            else "scheduler: not running (next runs are as stored; they happen once it starts)")
    return "\n".join([
        f"archive: {report['archive']}", head, "",
        table(("site", "schedule", "last run (+07)", "took", "result", "pages", "new docs",
               "changed", "errors", "next run (+07)", "now"), rows)])
