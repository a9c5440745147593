"""`bdt schedule`: the long-running daemon (APScheduler 3 `BlockingScheduler`).

Start-up, in order: take the archive's scheduler lock, log the job store as found,
mark dead runs `killed`, queue the resumption of `interrupted` runs, reconcile
the stored jobs with the registry, then run.  SIGTERM/SIGINT: one SIGTERM to each
crawl (Scrapy's graceful stop), wait for the runs to be settled, shut down, exit 0.
"""

from __future__ import annotations

import fcntl
import logging
import os
import signal
import threading
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_MISSED,
    EVENT_SCHEDULER_STARTED,
    JobExecutionEvent,
    SchedulerEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

from archive.catalog import Catalog
from archive.errors import OperationFailed
from archive.logs import configure_logging, log_event
from bdt.scheduler import jobs, run_queue
from bdt.scheduler.options import TIMEZONE, SchedulerOptions
from bdt.scheduler.pidfile import daemon_lock_path, daemon_pid
from bdt.scheduler.plan import daemon_concurrency, plan_for_archive
from bdt.scheduler.reconcile import CRAWL_EXECUTOR, reconcile
from bdt.scheduler.recovery import mark_dead_runs, resumable_runs, runs_pending_extraction
from bdt.scheduler.runner import CrawlRunner
from bdt.scheduler.store import log_stored_jobs
from bdt.scheduler.triggers import SCHEDULED_STATUSES

logger = logging.getLogger(__name__)

CONTROL_EXECUTOR = "control"


class SchedulerBusy(OperationFailed):
    """Another daemon runs on this archive."""


class Daemon:
    """One scheduler process: the APScheduler instance, the crawl runner, the stop logic."""

    def __init__(self, options: SchedulerOptions, registry: Any):
        self.options = options
        self.layout = options.layout.ensure()
        self.registry = registry
        self.runner = self._runner(options, registry)
        self.max_crawls = options.max_crawls or self._planned_concurrency()
        self.store = SQLAlchemyJobStore(url=options.job_store_url)
        self.scheduler = BlockingScheduler(
            jobstores={"memory": MemoryJobStore(), "default": self.store},
            executors={CRAWL_EXECUTOR: ThreadPoolExecutor(self.max_crawls),
                       CONTROL_EXECUTOR: ThreadPoolExecutor(1)},
            job_defaults={"coalesce": True, "max_instances": 1,
                          "misfire_grace_time": options.misfire_grace_seconds},
            timezone=TIMEZONE)
        self.scheduler.add_listener(self._job_event, EVENT_JOB_ERROR | EVENT_JOB_MISSED)
        self.scheduler.add_listener(self._started, EVENT_SCHEDULER_STARTED)
        self._running = threading.Event()
        self._lock_file: IO[str] | None = None
        self._stop_requested = threading.Event()
        self._stopper = threading.Thread(target=self._stop_when_asked, name="bdt-stop",
                                         daemon=True)

    @staticmethod
    def _runner(options: SchedulerOptions, registry: Any) -> CrawlRunner:
        """Crawls on this machine, or on the Scrapyd nodes of `--nodes`."""
        if options.nodes is None:
            return CrawlRunner(options, registry)
        from bdt.scheduler.nodes import check_pins, load_nodes
        from bdt.scheduler.scrapyd_runner import ScrapydRunner
        nodes = load_nodes(options.nodes)
        check_pins(nodes, registry)
        return ScrapydRunner(options, registry, nodes)

    def _planned_concurrency(self) -> int:
        plan = plan_for_archive(self.layout, self.registry)
        crawls = daemon_concurrency(plan)
        log_event(logger, "planned_concurrency", max_crawls=crawls, load=round(plan.load, 2),
                  round_hours=round(plan.round_hours, 1), window_hours=plan.window_hours)
        return crawls

    # -- the job functions' side (see bdt.scheduler.jobs) ----------------------------
    def crawl(self, site_id: str, trigger: str, request: str | None = None) -> None:
        status = self.runner.crawl(site_id, trigger)
        # A request is done once its crawl ran (an interrupted one goes on as a resume);
        # one that never started because the daemon was stopping waits for the next start.
        if request and (status is not None or not self.runner.stopping.is_set()):
            run_queue.finish_request(Path(request))

    def poll_requests(self) -> None:
        if self.runner.stopping.is_set():
            return
        for request in run_queue.claim_requests(self.layout):
            log_event(logger, "run_requested", site=request.site_id,
                      by=request.requested_by, at=request.requested_at)
            self._add_one_off(request.site_id, "manual", request=str(request.path))

    def extract(self, site_id: str, run_id: str) -> None:
        self.runner.extract(site_id, run_id)

    def _add_one_off(self, site_id: str, trigger: str, request: str | None = None) -> None:
        """An immediate crawl, kept in memory (a restart re-creates it from its source)."""
        self.scheduler.add_job(jobs.CRAWL_SITE, args=(site_id, trigger),
                               kwargs={"request": request} if request else {},
                               name=f"{trigger} {site_id}", jobstore="memory",
                               executor=CRAWL_EXECUTOR, misfire_grace_time=None,
                               next_run_time=datetime.now(self.scheduler.timezone))

    # -- start ------------------------------------------------------------------------
    def _take_lock(self) -> None:
        path = daemon_lock_path(self.layout)
        lock_file = open(path, "a+")  # noqa: SIM115 - held for the daemon's life
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock_file.close()
            raise SchedulerBusy(f"another scheduler (pid {daemon_pid(self.layout)}) is "
                                f"running on {self.layout.root}") from None
        lock_file.seek(0)
        lock_file.truncate()
        lock_file.write(f"{os.getpid()}\n")
        lock_file.flush()
        self._lock_file = lock_file

    def prepare(self) -> None:
        """Everything before the scheduler runs: lock, recovery, resumption, reconciliation."""
        self._take_lock()
        log_stored_jobs(self.options.job_store_url)
        scheduled = [s.id for s in self.registry.values() if s.status in SCHEDULED_STATUSES]
        with Catalog(self.layout.catalog) as catalog:
            mark_dead_runs(self.layout, catalog)
            resumable = resumable_runs(self.layout, catalog, scheduled)
            unextracted = runs_pending_extraction(catalog) if self.options.extract else []
        for run in resumable:
            log_event(logger, "resume_queued", site=run["site_id"], run=run["id"])
            self._add_one_off(run["site_id"], "resume")
        for run in unextracted:
            self.scheduler.add_job(jobs.EXTRACT_RUN, args=(run["site_id"], run["id"]),
                                   name=f"extract {run['id']}", jobstore="memory",
                                   executor=CRAWL_EXECUTOR, misfire_grace_time=None,
                                   next_run_time=datetime.now(self.scheduler.timezone))
        if released := run_queue.release_claims(self.layout):
            logger.info("%d run-now request(s) taken by an earlier daemon are queued again",
                        released)
        self.store.start(self.scheduler, "default")  # read it before the scheduler does
        reconcile(self.scheduler, self.store, self.registry, self.options)
        self.scheduler.add_job(jobs.POLL_REQUESTS, IntervalTrigger(
            seconds=self.options.poll_interval), id="poll-requests", jobstore="memory",
            executor=CONTROL_EXECUTOR, misfire_grace_time=None,
            next_run_time=datetime.now(self.scheduler.timezone))

    def run(self) -> int:
        """Run until SIGTERM/SIGINT; returns the exit status."""
        jobs.install(self)
        previous = {sig: signal.signal(sig, self._on_signal)
                    for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self.prepare()
            self._stopper.start()
            log_event(logger, "scheduler_start", pid=os.getpid(), archive=self.layout.root,
                      sites=len(self.registry), max_crawls=self.max_crawls)
            self.scheduler.start()  # blocks until _stop_when_asked shuts it down
            self._stopper.join()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            jobs.install(None)
            if self._lock_file is not None:
                self._lock_file.close()
        log_event(logger, "scheduler_stop", pid=os.getpid())
        return 0

    # -- stop ---------------------------------------------------------------------------
    def _on_signal(self, signum: int, frame: Any) -> None:
        # Only set flags here: the handler runs between two bytecodes of the main thread,
        # which may hold a lock; the stopping work happens in the bdt-stop thread.
        if self._stop_requested.is_set():
            self.runner.hurry.set()  # a second signal: kill the crawls, do not wait
        self._stop_requested.set()

    def _started(self, event: SchedulerEvent) -> None:
        self._running.set()

    def _stop_when_asked(self) -> None:
        self._stop_requested.wait()
        self._running.wait()  # a signal during start-up: shut down once the scheduler runs
        log_event(logger, "scheduler_stopping", crawls=",".join(self.runner.active_sites()))
        self.scheduler.pause()  # nothing new starts; runs due meanwhile stay due in the store
        try:
            self.runner.stop()
        finally:
            # APScheduler 3 makes one more pass over the due jobs after shutdown(), even when
            # paused; detach the stores first so that pass cannot consume a due run.
            for alias in ("default", "memory"):
                self.scheduler.remove_jobstore(alias)
            self.scheduler.shutdown(wait=False)

    def _job_event(self, event: JobExecutionEvent) -> None:
        if event.code == EVENT_JOB_MISSED:
            log_event(logger, "missed", level=logging.WARNING, job=event.job_id,
                      scheduled=event.scheduled_run_time.isoformat(),
                      reason="later than the misfire grace time")
        else:
            log_event(logger, "job_error", level=logging.ERROR, job=event.job_id,
                      error=repr(event.exception), traceback=event.traceback)


def run_daemon(options: SchedulerOptions, *, verbose: bool = False,
               configure_logs: bool = True) -> int:
    """`bdt schedule`: run the daemon until stopped; returns the exit status.

    Raises BadRegistry, NotAnArchive, BadDatabaseUrl or SchedulerBusy before it starts.
    """
    from bdt.cli_support import create_archive, load_sites

    registry = load_sites(options.registry)
    layout = create_archive(options.archive_dir)
    if configure_logs:
        configure_logging(layout, verbose=verbose)
    return Daemon(options, registry).run()
