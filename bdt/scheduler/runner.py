"""Run one site's crawl as a `scrapy crawl` subprocess, then its extraction, and settle the run.

Like Scrapyd, every crawl is its own process: Scrapy's reactor cannot restart,
a crash or a leak stays in the child, and a stop is a signal.  The runner keeps
one child per site at most, enforces the per-run time limit (SIGTERM, then
SIGKILL after a grace period) and, when the daemon stops, sends each child one
SIGTERM: Scrapy's graceful stop, which saves the JOBDIR queue for the resume.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.catalog import Catalog, new_run_id, utc_now
from archive.lease import SiteLease, site_is_crawling
from archive.logs import log_event
from bdt.scheduler.options import SchedulerOptions
from bdt.scheduler.recovery import remove_jobdir, resumable_run

logger = logging.getLogger(__name__)

MAX_LOGGED_ERRORS = 20
EXTRACTABLE = ("finished", "failed", "killed")


@dataclass(eq=False)
class Child:
    """A subprocess the runner started (a crawl or an extraction) and what was sent to it."""

    site_id: str
    run_id: str
    kind: str
    process: subprocess.Popen[bytes]
    terminated: bool = False
    killed: bool = False
    timed_out: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def terminate(self) -> None:
        """SIGTERM, once: a second one would make Scrapy stop uncleanly.

        A crawl gets it alone; an extraction with its whole process group, since its
        worker processes would otherwise outlive it, waiting for work forever.
        """
        with self._lock:
            if self.terminated or self.process.poll() is not None:
                return
            self.terminated = True
            try:
                if self.kind == "crawl":
                    self.process.send_signal(signal.SIGTERM)
                else:
                    os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        """SIGKILL to the child's whole process group (extraction workers too)."""
        with self._lock:
            if self.process.poll() is not None:
                return
            self.killed = True
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


class CrawlRunner:
    """Starts and supervises crawl subprocesses for the daemon (thread-safe)."""

    def __init__(self, options: SchedulerOptions, registry: Any):
        self.options = options
        self.layout = options.layout
        self.registry = registry
        self.stopping = threading.Event()
        self.hurry = threading.Event()  # stop without waiting for graceful exits
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._crawling: set[str] = set()  # sites with a crawl in this daemon
        self._children: set[Child] = set()  # live subprocesses, crawls and extractions
        self._working = 0  # job threads inside crawl() or extract()
        self._extracting: dict[str, threading.Lock] = defaultdict(threading.Lock)

    @contextmanager
    def _job(self) -> Iterator[None]:
        with self._lock:
            self._working += 1
        try:
            yield
        finally:
            with self._lock:
                self._working -= 1
                self._changed.notify_all()

    # -- entry points (one job thread per call) ------------------------------------------
    def crawl(self, site_id: str, trigger: str = "schedule") -> str | None:
        """Crawl the site unless it is busy; returns the run's final status (None: not run)."""
        if self.stopping.is_set():
            log_event(logger, "not_started", site=site_id, trigger=trigger,
                      reason="the scheduler is stopping")
            return None
        if site_id not in self.registry:
            log_event(logger, "not_started", level=logging.ERROR, site=site_id,
                      trigger=trigger, reason="no such site in the registry")
            return None
        with self._job(), Catalog(self.layout.catalog) as catalog:
            with self._lock:
                busy = site_id in self._crawling
                self._crawling.add(site_id)
            if busy:
                return self._skip(catalog, site_id, trigger,
                                  "a crawl of this site is already running in this scheduler")
            try:
                lock = self.layout.lock_path(site_id)
                if site_is_crawling(catalog, lock, site_id):
                    holder = SiteLease(catalog, lock, site_id, "").holder()
                    who = (f"run {holder['run_id']} (pid {holder['pid']})" if holder
                           else "another process")
                    return self._skip(catalog, site_id, trigger,
                                      f"site {site_id!r} is already being crawled by {who}")
                return self._crawl(catalog, site_id, trigger)
            finally:
                with self._lock:
                    self._crawling.discard(site_id)

    def extract(self, site_id: str, run_id: str) -> None:
        """Catch up the extraction of a run whose daemon died before extracting it."""
        if self.stopping.is_set():
            return
        with self._job():
            if self._extract(site_id, run_id):
                log_event(logger, "extract_caught_up", site=site_id, run=run_id)

    def _skip(self, catalog: Catalog, site_id: str, trigger: str, reason: str) -> str:
        run_id = catalog.record_skipped_run(site_id, trigger, reason)
        log_event(logger, "skipped", level=logging.WARNING, site=site_id, run=run_id,
                  trigger=trigger, reason=reason)
        return "skipped"

    # -- one run -----------------------------------------------------------------------
    def _crawl(self, catalog: Catalog, site_id: str, trigger: str) -> str | None:
        previous = resumable_run(self.layout, catalog, site_id)
        if previous is None and trigger == "resume":  # another trigger resumed it already
            log_event(logger, "not_started", site=site_id, trigger=trigger,
                      reason="nothing left to resume")
            return None
        run_id = previous["id"] if previous else new_run_id()
        trigger = "resume" if previous else trigger
        jobdir = self.layout.job_dir(site_id, run_id)
        jobdir.mkdir(parents=True, exist_ok=True)
        part_started, clock = utc_now(), time.monotonic()
        child = self._spawn(site_id, run_id, "crawl", self._crawl_command(
            site_id, run_id, trigger, jobdir), self._log_path(site_id, run_id))
        if child is None:  # the scheduler began to stop meanwhile
            if previous is None:
                remove_jobdir(self.layout, str(jobdir))
            return None
        log_event(logger, "run_start", site=site_id, run=run_id, trigger=trigger,
                  pid=child.process.pid, resumed=bool(previous))
        code = self._wait(child)
        status = self._settle(catalog, child, code)
        run = catalog.run(run_id)
        if run is None:
            log_event(logger, "run_end", level=logging.WARNING, site=site_id, run=run_id,
                      status="not_started", exit=code, log=self._log_path(site_id, run_id))
            remove_jobdir(self.layout, str(jobdir))
            return None
        self._log_errors(catalog, run_id, site_id, since=part_started)
        if status in EXTRACTABLE and self.options.extract and not self.stopping.is_set():
            self._extract(site_id, run_id)
            run = catalog.run(run_id) or run
        if status not in (None, "interrupted"):
            from bdt.alerts import check_runs
            check_runs(self.layout, catalog, self.registry, [run_id])
        log_event(logger, "run_end", level=logging.INFO if status == "finished"
                  else logging.WARNING, site=site_id, run=run_id, status=status,
                  trigger=trigger, exit=code, duration_s=round(time.monotonic() - clock, 1),
                  requests=run["requests"], captures=run["captures"], errors=run["errors"],
                  new_documents=run["new_documents"],
                  changed_documents=run["changed_documents"])
        return status

    def _settle(self, catalog: Catalog, child: Child, code: int) -> str | None:
        """Make the run's status tell the truth once the crawl process has exited."""
        run = catalog.run(child.run_id)
        if run is None:  # never started the run: skipped by the lease, or failed at start-up
            return None
        status = run["status"]
        if status == "running" and self.stopping.is_set() and not child.killed:
            status = "interrupted"  # fallback: stopped by us, but it did not say so itself
            catalog.finish_run(child.run_id, status, close_reason="shutdown",
                               message="stopped by the scheduler (recorded by the scheduler)")
        elif status == "running":
            status = "killed"
            catalog.finish_run(child.run_id, status, message=(
                f"the crawl process ended without closing the run (exit status {code})"))
        if child.timed_out and status == "interrupted":
            status = "failed"
            catalog.finish_run(child.run_id, status, close_reason="time_limit", message=(
                f"stopped at the time limit of {self.options.time_limit_hours:g} h"))
        if status != "interrupted":
            remove_jobdir(self.layout, run["jobdir"])
        return status

    # -- processes ---------------------------------------------------------------------
    def _crawl_command(self, site_id: str, run_id: str, trigger: str, jobdir: Path) -> list[str]:
        settings = {"BDT_ARCHIVE_DIR": str(self.layout.root), "BDT_RUN_ID": run_id,
                    "BDT_TRIGGER": trigger, "JOBDIR": str(jobdir)}
        if self.options.registry is not None:
            settings["BDT_REGISTRY"] = str(Path(self.options.registry).resolve())
        settings.update(dict(self.options.crawl_settings))
        command = [sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"site_id={site_id}"]
        for name, value in settings.items():
            command += ["-s", f"{name}={value}"]
        return command

    def _log_path(self, site_id: str, run_id: str) -> Path:
        return self.layout.log_dir / "runs" / site_id / f"{run_id}.log"

    def _spawn(self, site_id: str, run_id: str, kind: str, command: list[str],
               log_path: Path) -> Child | None:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings",
               "BDT_ARCHIVE_DIR": str(self.layout.root)}
        with self._lock:
            if self.stopping.is_set():
                return None
            with open(log_path, "ab") as log:
                # A session of its own: a Ctrl-C on the daemon's terminal must not reach the
                # child directly (that plus our SIGTERM would be Scrapy's "twice": unclean).
                process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                           stderr=subprocess.STDOUT, env=env,
                                           start_new_session=True)
            child = Child(site_id, run_id, kind, process)
            self._children.add(child)
        return child

    def _wait(self, child: Child) -> int:
        """Wait for the child, enforcing the time limit; returns its exit status."""
        try:
            return self._wait_limited(child)
        finally:
            with self._lock:
                self._children.discard(child)

    def _wait_limited(self, child: Child) -> int:
        try:
            return child.process.wait(timeout=self.options.time_limit_seconds)
        except subprocess.TimeoutExpired:
            child.timed_out = True
            log_event(logger, "time_limit", level=logging.WARNING, site=child.site_id,
                      run=child.run_id, kind=child.kind,
                      hours=self.options.time_limit_hours)
            child.terminate()
        try:
            return child.process.wait(timeout=self.options.kill_grace)
        except subprocess.TimeoutExpired:
            log_event(logger, "kill", level=logging.ERROR, site=child.site_id,
                      run=child.run_id, kind=child.kind, reason="no exit after SIGTERM")
            child.kill()
            return child.process.wait()

    def _extract(self, site_id: str, run_id: str) -> bool:
        """The extraction stage for one run, in a subprocess; one at a time per site."""
        command = [sys.executable, "-m", "bdt.scheduler.extraction",
                   "--archive", str(self.layout.root)]
        if self.options.registry is not None:
            command += ["--registry", str(Path(self.options.registry).resolve())]
        from archive.wacz import wacz_enabled
        if wacz_enabled(self.options.crawl_settings):
            command.append("--wacz")
        with self._extracting[site_id]:
            child = self._spawn(site_id, run_id, "extract", [*command, run_id],
                                self._log_path(site_id, run_id))
            if child is None:
                return False
            code = self._wait(child)
        if code == 0:
            return True
        if child.terminated and self.stopping.is_set():  # the next start catches up
            log_event(logger, "extract_interrupted", site=site_id, run=run_id)
        else:
            log_event(logger, "extract_error", level=logging.ERROR, site=site_id, run=run_id,
                      exit=code, log=self._log_path(site_id, run_id))
        return False

    def _log_errors(self, catalog: Catalog, run_id: str, site_id: str, *, since: str) -> None:
        errors = [e for e in catalog.errors(run_id) if e["at"] >= since]
        for error in errors[:MAX_LOGGED_ERRORS]:
            log_event(logger, "crawl_error", level=logging.WARNING, site=site_id, run=run_id,
                      url=error["url"], message=error["message"])
        if len(errors) > MAX_LOGGED_ERRORS:
            log_event(logger, "crawl_error", level=logging.WARNING, site=site_id, run=run_id,
                      message=f"{len(errors) - MAX_LOGGED_ERRORS} more errors in the catalog")

    # -- stopping ------------------------------------------------------------------------
    def active_sites(self) -> list[str]:
        with self._lock:
            return sorted(self._crawling)

    def stop(self, *, settle_timeout: float = 30.0) -> None:
        """SIGTERM each child once, wait for the runs to be settled; SIGKILL stragglers."""
        with self._lock:
            self.stopping.set()
            children = list(self._children)
        for child in children:
            log_event(logger, "stopping", site=child.site_id, run=child.run_id,
                      kind=child.kind, pid=child.process.pid)
            child.terminate()
        if not self._wait_idle(self.options.kill_grace):
            with self._lock:
                children = list(self._children)
            for child in children:
                log_event(logger, "kill", level=logging.ERROR, site=child.site_id,
                          run=child.run_id, kind=child.kind, reason="second signal"
                          if self.hurry.is_set() else "no exit after SIGTERM")
                child.kill()
            self._wait_idle(settle_timeout, hurried=True)

    def _wait_idle(self, timeout: float, *, hurried: bool = False) -> bool:
        """Wait until no job thread is inside crawl() or extract(); False on timeout.

        Also False as soon as `hurry` is set (a second signal), unless already `hurried`.
        """
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._working:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or (self.hurry.is_set() and not hurried):
                    return False
                self._changed.wait(min(remaining, 0.5))
        return True
