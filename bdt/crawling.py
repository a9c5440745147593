"""`bdt crawl`: validate, crawl in this process, extract, summarise."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from archive.catalog import Catalog, new_run_id
from archive.layout import ArchiveLayout
from archive.logs import configure_logging, log_event
from bdt.progress import ProgressDisplay
from bdt.report import runs_table
from bdt.scheduler.recovery import mark_dead_runs, remove_jobdir, resumable_run

logger = logging.getLogger(__name__)


def plan_runs(layout: ArchiveLayout, catalog: Catalog, site_ids: Sequence[str]):
    """A run per site: an interrupted run is resumed from its JOBDIR under the same id.

    A run left 'running' by a process that died (kill -9) is marked killed and its
    JOBDIR dropped first: its queue cannot be trusted, so that site starts fresh.
    """
    from crawler.run import SiteRun

    mark_dead_runs(layout, catalog)
    plan = []
    for site_id in site_ids:
        if resumable := resumable_run(layout, catalog, site_id):
            logger.info("resuming interrupted run %s of %s", resumable["id"], site_id)
            plan.append(SiteRun(site_id, resumable["id"], Path(resumable["jobdir"]), "resume"))
        else:
            run_id = new_run_id()
            plan.append(SiteRun(site_id, run_id, layout.job_dir(site_id, run_id)))
    return tuple(plan)


def run_log_path(layout: ArchiveLayout) -> Path:
    """Where one `bdt crawl` writes Scrapy's own output: ``logs/runs/crawl-<UTC time>.log``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return layout.log_dir / "runs" / f"crawl-{stamp}-{os.getpid()}.log"


def crawl_once(site_ids: Sequence[str], *, archive_dir: Path, registry: Path | None = None,
               max_pages: int | None = None, extract: bool = True,
               settings: tuple[tuple[str, object], ...] = (), verbose: bool = False,
               run_log: Path | None = None) -> int:
    """Crawl the sites once and print a summary; returns the process exit code.

    Logging goes to stderr and ``<archive>/logs/bdt.log`` (as for the daemon), Scrapy's own
    lines to ``run_log`` (default ``<archive>/logs/runs/crawl-*.log``; on stderr too with
    ``verbose``).  A caller passing ``run_log`` has configured logging already.
    """
    from bdt.cli_support import CliError, load_sites

    sites = load_sites(registry)
    unknown = [s for s in site_ids if s not in sites]
    if unknown:
        raise CliError(f"unknown site id(s) {', '.join(unknown)} in {sites.path}")
    layout = ArchiveLayout.at(archive_dir).ensure()
    if run_log is None:
        run_log = run_log_path(layout)
        configure_logging(layout, verbose=verbose, run_log=run_log)
    from crawler.run import CrawlRequest, run_crawls

    with Catalog(layout.catalog) as catalog:
        plan = plan_runs(layout, catalog, site_ids)
    log_event(logger, "crawl_start", sites=",".join(site_ids), log=str(run_log))
    request = CrawlRequest(plan, layout.root, registry=registry, max_pages=max_pages,
                           settings=settings)
    with ProgressDisplay() as display:
        run_ids = run_crawls(request, progress=display.update)
    with Catalog(layout.catalog) as catalog:
        for planned in plan:  # only an interrupted run needs its queue again
            run = catalog.run(planned.run_id)
            if (run is None or run["status"] != "interrupted") and planned.jobdir:
                remove_jobdir(layout, str(planned.jobdir))
        if extract and run_ids:
            from archive.documents import extract_runs
            extract_runs(layout, catalog, sites, run_ids)
        from bdt.alerts import check_runs
        check_runs(layout, catalog, sites, run_ids)
        from archive.wacz import wacz_enabled, wacz_for_runs
        if extract and run_ids and wacz_enabled(settings):
            for path in wacz_for_runs(layout, catalog, run_ids):
                print(f"WACZ: {path}")
        runs = [run for run_id in run_ids if (run := catalog.run(run_id))]
        skipped = [r for r in catalog.runs(status="skipped", limit=len(site_ids))
                   if r["site_id"] in site_ids and r["id"] not in run_ids]
    print()
    print(runs_table(runs + skipped))
    print(f"\narchive: {layout.root}\n  WARCs: {layout.warc_root}\n  catalog: "
          f"{layout.catalog_label}\n  documents: {layout.documents_root}\n  log: {run_log}")
    failed = [r for r in runs if r["status"] not in ("finished",)]
    for run in failed:
        why = run["message"] or run["close_reason"]
        print(f"bdt: {run['site_id']}: run {run['status']}: {why}", file=sys.stderr)
    return 1 if failed or not runs else 0
