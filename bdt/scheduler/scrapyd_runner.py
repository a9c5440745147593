"""Crawls on Scrapyd nodes: the daemon keeps the schedule, each crawl runs on its site's node.

Same contract as `CrawlRunner` (whose busy checks it reuses: one crawl per site in this
daemon, and the shared catalog's site lock, which holds across nodes), but instead of a
subprocess each run is a Scrapyd job (`nodes.job_id`: site and run id) on the site's
pinned node.  Before scheduling, the node's `listjobs.json` must show no pending or running
job of the site (else the run is recorded `skipped`); the job is then watched through
`status.json`, stopped with `cancel.json` past the time limit (TERM, then KILL after the
grace), and settled from the catalog row the crawl wrote.  A node that cannot be reached
gets the run recorded `failed` with the reason; the site is tried again at its next time.
Extraction runs on the node, at the crawl's close, where the WARC is.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from archive.catalog import Catalog, new_run_id
from archive.logs import log_event
from bdt.scheduler.nodes import (
    Node,
    NodeDown,
    NodeError,
    ScrapydClient,
    job_id,
    node_of,
    run_of_job,
    site_of_job,
)
from bdt.scheduler.options import SchedulerOptions
from bdt.scheduler.runner import CrawlRunner

logger = logging.getLogger(__name__)

MISSED_POLLS = 3  # a node silent this many polls in a row is down


class ScrapydRunner(CrawlRunner):
    """Starts and watches crawls as Scrapyd jobs on the configured nodes (thread-safe)."""

    def __init__(self, options: SchedulerOptions, registry: Any, nodes: list[Node]):
        super().__init__(options, registry)
        self.nodes = nodes
        self._jobs: dict[str, tuple[ScrapydClient, str]] = {}  # site -> (client, job)

    def _crawl(self, catalog: Catalog, site_id: str, trigger: str) -> str | None:
        node = node_of(self.registry[site_id], self.nodes)
        client = ScrapydClient(node)
        try:
            busy = [job["id"] for state, jobs in client.jobs().items() if state != "finished"
                    for job in jobs if site_of_job(str(job.get("id"))) == site_id]
        except (NodeDown, NodeError) as error:
            return self._not_started(catalog, site_id, trigger, node, str(error))
        if busy and site_id not in self._jobs:
            busy = self._without_stale(catalog, client, site_id, busy)
        if busy:
            run_id = catalog.record_skipped_run(
                site_id, trigger, f"{node} already has job {busy[0]} for this site",
                node=node.name)
            log_event(logger, "skipped", level=logging.WARNING, site=site_id, run=run_id,
                      node=node.name, reason="job already on the node")
            return "skipped"
        run_id = new_run_id()
        job = job_id(site_id, run_id)
        settings = {**dict(node.settings), "BDT_RUN_ID": run_id, "BDT_TRIGGER": trigger,
                    "BDT_NODE": node.name,
                    "BDT_EXTRACT_AT_CLOSE": "True" if self.options.extract else "False",
                    **dict(self.options.crawl_settings)}
        if self.stopping.is_set():
            return None
        try:
            client.schedule(site_id, job, settings)
        except (NodeDown, NodeError) as error:
            return self._not_started(catalog, site_id, trigger, node, str(error), run_id)
        log_event(logger, "run_start", site=site_id, run=run_id, trigger=trigger,
                  node=node.name, job=job)
        with self._lock:
            self._jobs[site_id] = (client, job)
        try:
            down, timed_out, seconds = self._watch(client, job, site_id)
        finally:
            with self._lock:
                self._jobs.pop(site_id, None)
        status = self._settle_job(catalog, site_id, trigger, node, run_id, down, timed_out)
        run = catalog.run(run_id) or {}
        log_event(logger, "run_end", level=logging.INFO if status == "finished"
                  else logging.WARNING, site=site_id, run=run_id, status=status,
                  node=node.name, trigger=trigger, duration_s=round(seconds, 1),
                  requests=run.get("requests"), captures=run.get("captures"),
                  errors=run.get("errors"), new_documents=run.get("new_documents"))
        return status

    def _without_stale(self, catalog: Catalog, client: ScrapydClient, site_id: str,
                       busy: list[str]) -> list[str]:
        """``busy`` without the jobs whose run is already settled in the catalog: a node that
        went down with a job queued keeps it across its restart, but the run was recorded
        failed then.  Such a job is cancelled (and waited for, if it had started) so that
        the new crawl is the only one of the site."""
        left = []
        for job in busy:
            run_id = run_of_job(job)
            run = catalog.run(run_id) if run_id else None
            if run is None or run["status"] == "running":
                left.append(job)
                continue
            try:
                client.cancel(job)
            except (NodeDown, NodeError) as error:
                logger.warning("could not cancel stale job %s: %s", job, error)
                left.append(job)
                continue
            log_event(logger, "stale_job_cancelled", level=logging.WARNING, site=site_id,
                      job=job, node=client.node.name, run_status=run["status"])
            self._watch(client, job, site_id)  # until the node says it has ended
        return left

    def _watch(self, client: ScrapydClient, job: str,
               site_id: str) -> tuple[str | None, bool, float]:
        """Poll the job until it ends: (why the node is down or None, timed out, seconds)."""
        started = time.monotonic()
        missed, timed_out, killed, cancelled = 0, False, False, False
        last_error = ""
        while True:
            if self.stopping.is_set():  # wait() would return at once: poll at the same pace
                time.sleep(self.options.poll_interval)
            else:
                self.stopping.wait(self.options.poll_interval)
            elapsed = time.monotonic() - started
            try:
                state = client.state(job)
                missed = 0
            except (NodeDown, NodeError) as error:
                missed, last_error = missed + 1, str(error)
                if missed >= MISSED_POLLS:
                    return f"{last_error} (the crawl was under way)", timed_out, elapsed
                continue
            if state == "finished":
                return None, timed_out, elapsed
            if state == "unknown":  # the node restarted and forgot the job
                return f"{client.node} lost job {job} (restarted?)", timed_out, elapsed
            try:
                if not timed_out and elapsed > self.options.time_limit_seconds:
                    timed_out = True
                    log_event(logger, "time_limit", level=logging.WARNING, site=site_id,
                              job=job, hours=self.options.time_limit_hours)
                    client.cancel(job)
                elif timed_out and not killed and elapsed > (self.options.time_limit_seconds
                                                             + self.options.kill_grace):
                    killed = True
                    client.cancel(job, "KILL")
                if self.stopping.is_set() and not cancelled:
                    cancelled = True
                    client.cancel(job)
            except (NodeDown, NodeError) as error:
                logger.warning("could not cancel job %s: %s", job, error)

    def _settle_job(self, catalog: Catalog, site_id: str, trigger: str, node: Node,
                    run_id: str, down: str | None, timed_out: bool) -> str | None:
        run = catalog.run(run_id)
        if down is not None:
            if run is None:
                catalog.record_skipped_run(site_id, trigger, down, status="failed",
                                           node=node.name, run_id=run_id)
            elif run["status"] == "running":
                catalog.finish_run(run_id, "failed", message=down)
            return "failed"
        if run is None:  # the crawl never began its run (the site was busy on another node)
            return None
        status = str(run["status"])
        if status == "running":
            status = "killed"
            catalog.finish_run(run_id, status, message=(
                f"the crawl on {node} ended without closing the run"))
        if timed_out and status in ("interrupted", "killed"):
            status = "failed"
            catalog.finish_run(run_id, status, close_reason="time_limit", message=(
                f"stopped at the time limit of {self.options.time_limit_hours:g} h"))
        return status

    def _not_started(self, catalog: Catalog, site_id: str, trigger: str, node: Node,
                     reason: str, run_id: str | None = None) -> str:
        run_id = catalog.record_skipped_run(site_id, trigger, reason, status="failed",
                                            node=node.name, run_id=run_id)
        log_event(logger, "run_end", level=logging.ERROR, site=site_id, run=run_id,
                  status="failed", node=node.name, reason=reason)
        return "failed"

    def extract(self, site_id: str, run_id: str) -> None:
        """Nothing here: the nodes extract their runs where the WARCs are."""

    def stop(self, *, settle_timeout: float = 30.0) -> None:
        """Cancel the jobs this daemon watches (Scrapy's graceful stop), then settle them."""
        with self._lock:
            self.stopping.set()
            watched = list(self._jobs.values())
        for client, job in watched:
            try:
                client.cancel(job)
            except (NodeDown, NodeError) as error:
                logger.warning("could not cancel job %s: %s", job, error)
        self._wait_idle(self.options.kill_grace + settle_timeout, hurried=True)
