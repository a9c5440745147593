"""One crawl per site at a time: a lock held by the crawl process plus a lease row.

The lock is the guard, and it dies with its process, even on kill -9, so a crashed
crawl never blocks the next one: on an SQLite catalog a file lock (`flock`, the kernel
drops it), on a shared PostgreSQL catalog a session advisory lock on the crawl's catalog
connection (the server drops it with the connection), which holds across nodes.  The
lease row in the catalog says who holds the site (run id, pid, host) so `bdt status` and
the scheduler can see it; a row whose lock is no longer held is stale and replaced.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from pathlib import Path
from typing import IO

from archive.catalog import CaptureStore

logger = logging.getLogger(__name__)


class SiteBusy(RuntimeError):
    """Another crawl of the site holds its lock."""


class SiteLease:
    """Exclusive right to crawl one site; use as a context manager or acquire/release."""

    def __init__(self, catalog: CaptureStore, lock_path: Path, site_id: str, run_id: str):
        self.catalog = catalog
        self.lock_path = lock_path
        self.site_id = site_id
        self.run_id = run_id
        self._lock_file: IO[str] | None = None
        self._shared_lock = False

    def acquire(self) -> None:
        """Take the lock or raise SiteBusy naming the holder."""
        if self.catalog.shared:
            if not self.catalog.try_site_lock(self.site_id):
                raise SiteBusy(f"site {self.site_id!r} is already being crawled by "
                               f"{self._describe_holder()}")
            self._shared_lock = True
            self.catalog.take_lease(self.site_id, self.run_id)
            return
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        lock_file = open(self.lock_path, "a+")  # noqa: SIM115 - held for the crawl's life
        for attempt in range(3):  # `is_site_locked` probes hold the lock for an instant
            try:
                fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if attempt < 2:
                    time.sleep(0.1)
        else:
            lock_file.close()
            raise SiteBusy(f"site {self.site_id!r} is already being crawled by "
                           f"{self._describe_holder()}") from None
        self._lock_file = lock_file
        lock_file.seek(0)
        lock_file.truncate()
        lock_file.write(f"{os.getpid()} {self.run_id}\n")
        lock_file.flush()
        self.catalog.take_lease(self.site_id, self.run_id)
        logger.debug("lease on %s taken by run %s", self.site_id, self.run_id)

    def holder(self) -> dict[str, object] | None:
        return self.catalog.lease_holder(self.site_id)

    def _describe_holder(self) -> str:
        holder = self.holder()
        if not holder:
            return "another process"
        where = f" on {holder['host']}" if self.catalog.shared else ""
        return f"run {holder['run_id']} (pid {holder['pid']}{where})"

    def is_held(self) -> bool:
        """True if some live crawl (any process; any node on a shared catalog) holds it."""
        if self.catalog.shared:
            return self.catalog.site_lock_held(self.site_id)
        return is_site_locked(self.lock_path)

    def release(self) -> None:
        if self._shared_lock:
            self.catalog.drop_lease(self.site_id, self.run_id)
            self.catalog.release_site_lock(self.site_id)
            self._shared_lock = False
            return
        if self._lock_file is None:
            return
        self.catalog.drop_lease(self.site_id, self.run_id)
        fcntl.flock(self._lock_file, fcntl.LOCK_UN)
        self._lock_file.close()
        self._lock_file = None

    def __enter__(self) -> SiteLease:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def site_is_crawling(catalog: CaptureStore | None, lock_path: Path, site_id: str) -> bool:
    """True if a live crawl holds the site (the catalog's lock when shared, else the file)."""
    if catalog is not None and catalog.shared:
        return catalog.site_lock_held(site_id)
    return is_site_locked(lock_path)


def is_site_locked(lock_path: Path) -> bool:
    """True if some live process holds the site's lock (used by status and the scheduler)."""
    if not lock_path.exists():
        return False
    with open(lock_path, "a+") as probe:
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(probe, fcntl.LOCK_UN)
        return False
