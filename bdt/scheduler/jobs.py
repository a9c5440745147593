"""The functions APScheduler runs, referenced by text (`bdt.scheduler.jobs:crawl_site`).

Stored jobs are pickled with their arguments, so they carry nothing but a site id
and a trigger name; everything else (archive, registry, limits) belongs to the
daemon that runs them and is found here through `current_daemon()`.
"""

from __future__ import annotations

from typing import Protocol

CRAWL_SITE = "bdt.scheduler.jobs:crawl_site"
POLL_REQUESTS = "bdt.scheduler.jobs:poll_requests"
EXTRACT_RUN = "bdt.scheduler.jobs:extract_run"


class Daemon(Protocol):
    def crawl(self, site_id: str, trigger: str, request: str | None = None) -> None: ...

    def poll_requests(self) -> None: ...

    def extract(self, site_id: str, run_id: str) -> None: ...


_daemon: Daemon | None = None


def install(daemon: Daemon | None) -> None:
    """Make `daemon` the one the jobs of this process run in (None: uninstall)."""
    global _daemon
    _daemon = daemon


def current_daemon() -> Daemon:
    if _daemon is None:
        raise RuntimeError("no scheduler daemon is running in this process")
    return _daemon


def crawl_site(site_id: str, trigger: str = "schedule", request: str | None = None) -> None:
    """Crawl one site (scheduled, caught up, resumed or requested with `bdt run-now`)."""
    current_daemon().crawl(site_id, trigger, request)


def poll_requests() -> None:
    """Turn `bdt run-now` requests into immediate one-off crawls."""
    current_daemon().poll_requests()


def extract_run(site_id: str, run_id: str) -> None:
    """Extract a run whose crawl ended while no daemon was watching it."""
    current_daemon().extract(site_id, run_id)
