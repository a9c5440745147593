"""One crawl per site at a time: a file lock held by the crawl process plus a lease row.

The file lock (`flock`) is the guard: the kernel drops it when the process dies,
even on kill -9, so a crashed crawl never blocks the next one.  The lease row in
the catalog says who holds the site (run id, pid, host) so `bdt status` and the
scheduler can see it; a row whose lock is no longer held is stale and replaced.
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

    def acquire(self) -> None:
        """Take the lock or raise SiteBusy naming the holder."""
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
            holder = self.holder()
            who = f"run {holder['run_id']} (pid {holder['pid']})" if holder else "another process"
            raise SiteBusy(f"site {self.site_id!r} is already being crawled by {who}") from None
        self._lock_file = lock_file
        lock_file.seek(0)
        lock_file.truncate()
        lock_file.write(f"{os.getpid()} {self.run_id}\n")
        lock_file.flush()
        self.catalog.take_lease(self.site_id, self.run_id)
        logger.debug("lease on %s taken by run %s", self.site_id, self.run_id)

    def holder(self) -> dict[str, object] | None:
        return self.catalog.lease_holder(self.site_id)

    def release(self) -> None:
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
