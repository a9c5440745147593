"""What a start finds from the last one: runs to resume, runs that died, leftover job dirs.

* `interrupted`: stopped cleanly (SIGTERM/SIGINT); Scrapy saved its queue in the
  JOBDIR, so the run goes on under the same run id.
* `running` with nobody holding the site's lock: the crawl process died without
  closing the run (kill -9, power cut).  Its JOBDIR cannot be trusted; the run is
  marked `killed`, the JOBDIR deleted, and the site's next crawl starts fresh.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from archive.lease import SiteLease, site_is_crawling
from archive.logs import log_event

logger = logging.getLogger(__name__)

# Runs that say nothing about the state of a site's crawl; they are passed over.
NON_RUNS = ("skipped",)


def remove_jobdir(layout: ArchiveLayout, jobdir: str | None) -> None:
    """Delete a run's JOBDIR, but only if it lies inside this archive's jobs directory."""
    if not jobdir:
        return
    path = Path(jobdir).resolve()
    if path.is_relative_to(layout.root / "jobs") and path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
        parent = path.parent
        if parent != layout.root / "jobs" and not any(parent.iterdir()):
            parent.rmdir()


def is_run_alive(layout: ArchiveLayout, catalog: Catalog, run: dict[str, Any]) -> bool:
    """True if a live process holds the site's lock on behalf of this run."""
    site_id = run["site_id"]
    lock = layout.lock_path(site_id)
    if not site_is_crawling(catalog, lock, site_id):
        return False
    holder = SiteLease(catalog, lock, site_id, run["id"]).holder()
    return holder is None or holder.get("run_id") == run["id"]


def mark_dead_runs(layout: ArchiveLayout, catalog: Catalog) -> list[dict[str, Any]]:
    """Mark `running` runs whose process is gone as `killed`; returns them."""
    dead = []
    for run in catalog.runs(status="running"):
        if is_run_alive(layout, catalog, run):
            logger.info("run %s of %s is still crawling (pid %s); leaving it alone",
                        run["id"], run["site_id"], run["pid"])
            continue
        catalog.finish_run(run["id"], "killed", message=(
            "the crawl process ended without closing the run (killed or crashed); "
            "the site's next crawl starts fresh"))
        remove_jobdir(layout, run["jobdir"])
        log_event(logger, "run_killed", level=logging.WARNING, site=run["site_id"],
                  run=run["id"], pid=run["pid"])
        dead.append(run)
    return dead


def resumable_run(layout: ArchiveLayout, catalog: Catalog, site_id: str) -> dict[str, Any] | None:
    """The site's latest run if it was interrupted and its JOBDIR is still there."""
    for run in catalog.runs(site_id, limit=50):
        if run["status"] in NON_RUNS:
            continue
        if run["status"] == "interrupted" and run["jobdir"] and Path(run["jobdir"]).is_dir():
            return run
        return None
    return None


def resumable_runs(layout: ArchiveLayout, catalog: Catalog,
                   site_ids: list[str]) -> list[dict[str, Any]]:
    return [run for site_id in site_ids if (run := resumable_run(layout, catalog, site_id))]


def runs_pending_extraction(catalog: Catalog) -> list[dict[str, Any]]:
    """Ended runs with captures never extracted (their daemon died before it could)."""
    return catalog.runs_pending_extraction()
