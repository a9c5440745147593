"""The daemon end to end: real `python -m bdt.scheduler` processes crawling replica sites.

Nothing is mocked: the daemon runs in a subprocess with its archive in tmp_path, each
crawl is its own `scrapy crawl` subprocess, and the replica server's request log is
the evidence of what was fetched, when, and how often.  The tests of one crawl per site,
of kill -9 and of resuming run with the catalog in SQLite and in PostgreSQL
(`catalog_backend`: the lease is then an advisory lock, not the file lock); the others
test the scheduler itself, which does not depend on the catalog's database.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from archive.lease import site_is_crawling
from archive.registry import load_registry
from bdt.scheduler import run_queue
from bdt.scheduler.recovery import resumable_run
from bdt.scheduler.store import read_stored_jobs
from bdt.status import collect_status
from tests.conftest import REPO, write_registry

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ROBOTS = "/robots.txt"
STARTED: list[subprocess.Popen[bytes]] = []


def far_away_cron() -> str:
    """A daily schedule twelve hours from now: never due while a test runs."""
    return f"0 {(datetime.now(VN).hour + 12) % 24} * * *"


class DaemonProcess:
    """`python -m bdt.scheduler` in a subprocess, its output in a file."""

    def __init__(self, archive: Path, registry: Path, *args: str):
        self.archive, self.registry, self.args = archive, registry, args
        self.log_path = archive.parent / "daemon.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.mark = 0

    def start(self) -> DaemonProcess:
        self.mark = mark = len(self.log())
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bdt.scheduler", "--archive", str(self.archive),
                 "--registry", str(self.registry), "--poll-interval", "0.3", "--jitter", "0",
                 *self.args],
                cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"})
        STARTED.append(self.process)
        wait_for(lambda: "event=scheduler_start" in self.log()[mark:], 60,
                 "the daemon to start", self)
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def this_start(self) -> str:
        """The log since the latest start."""
        return self.log()[self.mark:]

    def stop(self, timeout: float = 90) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def kill9(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait()


def wait_for(condition: Callable[[], Any], timeout: float, what: str,
             daemon: DaemonProcess | None = None) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.1)
    tail = daemon.log()[-4000:] if daemon else ""
    raise AssertionError(f"timed out waiting for {what}\n{tail}")


def runs(archive: Path, site_id: str) -> list[dict[str, Any]]:
    layout = ArchiveLayout.at(archive)
    if not (layout.shared_catalog or layout.catalog_path.exists()):
        return []
    with Catalog(layout.catalog) as catalog:
        return list(reversed(catalog.runs(site_id)))  # oldest first


def is_crawling(layout: ArchiveLayout, site_id: str) -> bool:
    """A live crawl holds the site: the file lock, or the advisory lock on PostgreSQL."""
    with Catalog(layout.catalog) as catalog:
        return site_is_crawling(catalog, layout.lock_path(site_id), site_id)


def crawls(archive: Path, site_id: str) -> list[dict[str, Any]]:
    return [r for r in runs(archive, site_id) if r["status"] != "skipped"]


def run_with(archive: Path, site_id: str, **want: Any) -> dict[str, Any] | None:
    return next((r for r in crawls(archive, site_id)
                 if all(r[k] == v if not callable(v) else v(r[k]) for k, v in want.items())),
                None)


def served(replica, key: str, since: float, until: float = float("inf")) -> list[Any]:
    return [e for e in replica.requests_for(key) if since <= e.started <= until]


DELAY = 0.6  # seconds between a site's requests in the politeness checks


def setup(replica, tmp_path: Path, key: str, delay: float, **entry: Any) -> tuple:
    entries = [e for e in replica.registry_entries() if e["id"] == f"replica-{key}"]
    registry = write_registry(tmp_path / "sites.yaml", entries,
                              politeness={"download_delay": delay},
                              schedule=entry.pop("schedule", far_away_cron()), **entry)
    return f"replica-{key}", tmp_path / "archive", registry


def assert_polite(log: list[Any], delay: float) -> None:
    """One request at a time, each starting well after the one before.

    The server stamps `finished` before it writes the response, so a sequential client's
    next request always starts after it.  The gap is checked with half a second to spare
    (never a tight timing margin): without the delay, requests follow within milliseconds.
    """
    log = sorted(log, key=lambda e: e.started)
    for before, after in zip(log, log[1:], strict=False):
        assert after.started >= before.finished, (before.path, after.path, "overlap")
        gap = after.started - before.started
        assert gap >= delay - 0.5, f"{after.path} came {gap:.3f} s after {before.path}"


# -- one crawl per site at a time ---------------------------------------------------------------
def test_simultaneous_triggers_run_one_crawl_the_others_are_skipped(replica, tmp_path,
                                                                    catalog_backend):
    site_id, archive, registry = setup(replica, tmp_path, "wordpress", DELAY)
    layout = ArchiveLayout.at(archive)
    daemon = DaemonProcess(archive, registry).start()
    since = time.time()
    run_queue.add_request(layout, site_id)  # two `bdt run-now` at the same moment
    run_queue.add_request(layout, site_id)
    running = wait_for(lambda: run_with(archive, site_id, status="running"), 30,
                       "the crawl to start", daemon)
    wait_for(lambda: is_crawling(layout, site_id), 30, "the lease", daemon)

    report = collect_status(layout, load_registry(registry))  # bdt status, meanwhile
    (site,) = report["sites"]
    assert site["running"] and site["running_run"] == running["id"]
    assert report["scheduler"]["running"] and site["next_run"]

    by_hand = subprocess.run(  # `scrapy crawl` by hand while the daemon's crawl runs
        [sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"site_id={site_id}",
         "-s", f"BDT_ARCHIVE_DIR={archive}", "-s", f"BDT_REGISTRY={registry}"],
        cwd=REPO, capture_output=True, text=True, timeout=60,
        env={**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings"})
    assert by_hand.returncode == 0, by_hand.stderr[-3000:]
    assert run_with(archive, site_id, status="running"), "the by-hand crawl ended early"

    wait_for(lambda: f"event=run_end site={site_id} run={running['id']}" in daemon.this_start(), 60,
             "the crawl and its extraction to finish", daemon)
    assert daemon.stop() == 0
    every = runs(archive, site_id)
    assert [r["status"] for r in every].count("finished") == 1, every
    skipped = [r["message"] for r in every if r["status"] == "skipped"]
    assert len(skipped) == 2, every
    assert any("already running in this scheduler" in m for m in skipped)
    assert any(f"being crawled by run {running['id']}" in m for m in skipped)
    assert "event=skipped" in daemon.log()

    log = served(replica, "wordpress", since)
    start_path = replica.manifest("wordpress").start_url.removeprefix(
        replica.base_url("wordpress"))
    assert [e.path for e in log].count(start_path) == 1, "the site was crawled twice"
    assert_polite(log, DELAY)
    assert not list((archive / "queue").iterdir()), "requests are removed once done"
    assert not (archive / "jobs" / site_id).exists() or not any(
        (archive / "jobs" / site_id).iterdir()), "a finished run's JOBDIR is removed"
    lines = (archive / "logs" / "bdt.log").read_text()
    assert f"event=run_start site={site_id} run={running['id']}" in lines
    assert f"event=run_end site={site_id} run={running['id']} status=finished" in lines


# -- limits -------------------------------------------------------------------------------------
def test_crawls_wait_for_a_free_slot_and_a_run_is_stopped_at_its_time_limit(replica, tmp_path):
    entries = {e["id"]: e for e in replica.registry_entries()}
    registry = write_registry(tmp_path / "sites.yaml", [
        {**entries["replica-newspaper"], "politeness": {"download_delay": 0.6}},
        entries["replica-liferay"]], schedule=far_away_cron())
    archive = tmp_path / "archive"
    layout = ArchiveLayout.at(archive)
    daemon = DaemonProcess(archive, registry, "--max-crawls", "1", "--time-limit", "0.0015",
                           "--no-extract").start()
    second = subprocess.run([sys.executable, "-m", "bdt.scheduler", "--archive",
                             str(archive), "--registry", str(registry)],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert second.returncode == 1 and "another scheduler" in second.stderr
    since = time.time()
    run_queue.add_request(layout, "replica-newspaper")  # ~30 pages: more than 5.4 s
    run_queue.add_request(layout, "replica-liferay")
    wait_for(lambda: "event=run_end site=replica-liferay" in daemon.this_start(), 60,
             "both crawls", daemon)
    assert daemon.stop() == 0

    (slow,) = crawls(archive, "replica-newspaper")
    assert (slow["status"], slow["close_reason"]) == ("failed", "time_limit"), slow
    assert not Path(slow["jobdir"]).exists(), "a run stopped at its limit is not resumed"
    assert "event=time_limit site=replica-newspaper" in daemon.log()
    first, then = served(replica, "newspaper", since), served(replica, "liferay", since)
    assert first and then and max(e.finished for e in first) <= min(e.started for e in then), \
        "with --max-crawls 1 the second crawl must wait for the first"
    assert 4 < then[0].started - first[0].started < 30


# -- graceful stop and resume ------------------------------------------------------------------
def test_sigterm_stops_gracefully_and_the_next_start_resumes_the_run(replica, tmp_path,
                                                                     catalog_backend):
    key = "joomla"
    site_id, archive, registry = setup(replica, tmp_path, key, DELAY)
    daemon = DaemonProcess(archive, registry, "-s", "BDT_RECHECK_DAYS=0").start()
    since = time.time()
    run_queue.add_request(ArchiveLayout.at(archive), site_id)
    first = wait_for(lambda: run_with(archive, site_id, captures=lambda n: n >= 6), 60,
                     "some captures", daemon)
    assert daemon.stop() == 0, daemon.log()[-3000:]
    stopped = time.time()

    (run,) = crawls(archive, site_id)
    assert run["id"] == first["id"] and run["status"] == "interrupted", run
    assert run["close_reason"] == "shutdown" and Path(run["jobdir"]).is_dir()
    assert run["message"] is None, "the crawl itself, not the fallback, recorded the stop"
    before = served(replica, key, since, stopped)

    restarted = time.time()
    daemon = DaemonProcess(archive, registry, "-s", "BDT_RECHECK_DAYS=0").start()
    assert f"event=resume_queued site={site_id} run={first['id']}" in daemon.log()
    wait_for(lambda: f"event=run_end site={site_id} run={first['id']}" in daemon.this_start(), 90,
             "the resume", daemon)
    assert daemon.stop() == 0
    after = served(replica, key, restarted)

    (run,) = crawls(archive, site_id)
    assert run["id"] == first["id"] and run["trigger"] == "resume", run
    assert not Path(run["jobdir"]).exists(), "the finished run's JOBDIR is removed"
    fetched_before = {e.path for e in before if e.status == 200 and e.path != ROBOTS}
    fetched_after = {e.path for e in after if e.path != ROBOTS}
    assert fetched_after, "the resumed run fetched nothing"
    assert not fetched_before & fetched_after, "fetched again after the resume"
    articles = set(replica.manifest(key).articles)
    assert articles & fetched_before or articles & fetched_after
    assert_polite(before, DELAY)
    assert_polite(after, DELAY)
    with Catalog(ArchiveLayout.at(archive).catalog) as catalog:
        files = {c.warc_file for c in catalog.captures(run_id=run["id"])}
    assert len(files) >= 2, "the resumed process writes a WARC file of its own"


# -- kill -9 of the daemon ----------------------------------------------------------------------
def test_kill_9_of_the_daemon_never_doubles_a_crawl_nor_moves_the_schedule(replica, tmp_path,
                                                                           catalog_backend):
    key = "newspaper"
    site_id, archive, registry = setup(replica, tmp_path, key, DELAY)
    layout = ArchiveLayout.at(archive)
    url = f"sqlite:///{layout.scheduler_db_path}"
    daemon = DaemonProcess(archive, registry).start()
    schedule = {job.id: job.next_run_time for job in read_stored_jobs(url)}
    assert list(schedule) == [f"crawl:{site_id}"]
    run_queue.add_request(layout, site_id)
    run = wait_for(lambda: run_with(archive, site_id, captures=lambda n: n >= 3), 60,
                   "the crawl", daemon)
    daemon.kill9()
    orphan = run["pid"]
    try:
        # the crawl outlives its daemon; a new daemon must neither repeat nor disturb it
        assert is_crawling(layout, site_id)
        daemon = DaemonProcess(archive, registry).start()
        assert f"run {run['id']} of {site_id} is still crawling" in daemon.log()
        run_queue.add_request(layout, site_id)
        wait_for(lambda: any(r["status"] == "skipped" for r in runs(archive, site_id)), 30,
                 "the request to be skipped", daemon)
        assert [r["id"] for r in crawls(archive, site_id)] == [run["id"]]
    finally:
        os.kill(orphan, signal.SIGKILL)  # then the crawl dies too, uncleanly
    wait_for(lambda: not is_crawling(layout, site_id), 30, "the crawl to die")
    assert daemon.stop() == 0

    daemon = DaemonProcess(archive, registry).start()  # finds the run dead: killed, fresh
    assert "event=run_killed" in daemon.log()
    assert daemon.stop() == 0
    (dead,) = crawls(archive, site_id)
    assert dead["status"] == "killed" and not Path(dead["jobdir"]).exists()
    with Catalog(layout.catalog) as catalog:
        assert resumable_run(layout, catalog, site_id) is None
    assert {job.id: job.next_run_time for job in read_stored_jobs(url)} == schedule


# -- catch-up after downtime --------------------------------------------------------------------
def _set_next_run(url: str, job_id: str, when: datetime) -> None:
    """What downtime does: the job's next run time passes while no daemon is looking."""
    store = SQLAlchemyJobStore(url=url)
    store.start(BackgroundScheduler(), "default")
    job = store.lookup_job(job_id)
    job._modify(next_run_time=when)
    store.update_job(job)
    store.shutdown()


def test_a_run_missed_while_down_is_caught_up_once_within_the_grace(replica, tmp_path):
    hourly = f"{(datetime.now(VN).minute + 30) % 60} * * * *"
    entries = {e["id"]: e for e in replica.registry_entries()}
    registry = write_registry(tmp_path / "sites.yaml", [
        {**entries["replica-liferay"], "schedule": hourly},
        {**entries["replica-aspnet"], "schedule": far_away_cron()}])
    archive = tmp_path / "archive"
    url = f"sqlite:///{ArchiveLayout.at(archive).scheduler_db_path}"
    daemon = DaemonProcess(archive, registry).start()
    assert daemon.stop() == 0

    now = datetime.now(UTC)
    _set_next_run(url, "crawl:replica-liferay", now - timedelta(hours=2, minutes=10))
    _set_next_run(url, "crawl:replica-aspnet", now - timedelta(hours=7))  # grace is 6 h
    daemon = DaemonProcess(archive, registry).start()
    wait_for(lambda: "event=run_end site=replica-liferay" in daemon.this_start(), 60,
             "the catch-up run", daemon)
    wait_for(lambda: "event=missed job=crawl:replica-aspnet" in daemon.log(), 10,
             "the missed run to be reported", daemon)
    time.sleep(1.5)  # time for a second (wrong) run to show up
    assert daemon.stop() == 0

    caught_up = crawls(archive, "replica-liferay")
    assert [(r["status"], r["trigger"]) for r in caught_up] == [("finished", "schedule")]
    assert runs(archive, "replica-aspnet") == [], "beyond the grace: no run"
    later = datetime.now(UTC)
    assert all(job.next_run_time > later for job in read_stored_jobs(url))


@pytest.fixture(autouse=True)
def _no_stray_processes(tmp_path):
    """No daemon, crawl or extraction of a test may outlive it (and a failed test's daemon
    is stopped here)."""
    yield
    while STARTED:
        process = STARTED.pop()
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def strays() -> list[str]:
        found = subprocess.run(["pgrep", "-af", str(tmp_path)], capture_output=True, text=True)
        return found.stdout.splitlines()

    deadline = time.monotonic() + 10
    while strays() and time.monotonic() < deadline:
        time.sleep(0.2)
    leftovers = strays()
    for line in leftovers:
        os.kill(int(line.split()[0]), signal.SIGKILL)
    assert not leftovers, leftovers
