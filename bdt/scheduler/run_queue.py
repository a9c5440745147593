"""`bdt run-now`: crawl requests as small files in `<archive>/queue/`, taken up by the daemon.

A request is `<stamp>-<site_id>.json`, written atomically.  The daemon claims it by
renaming it to `.taken`, crawls, then deletes it; a daemon that dies in between
puts its `.taken` files back at the next start, so no request is lost.  Plain files
need no schema change and work while the daemon is down: the request simply waits.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from archive.catalog import utc_now
from archive.errors import UnknownSite
from archive.layout import ArchiveLayout

if TYPE_CHECKING:
    from archive.registry import Registry

logger = logging.getLogger(__name__)

REQUEST_SUFFIX = ".json"
TAKEN_SUFFIX = ".taken"


@dataclass(frozen=True)
class RunRequest:
    """One queued crawl request."""

    path: Path
    site_id: str
    requested_at: str
    requested_by: str


def queue_dir(layout: ArchiveLayout) -> Path:
    return layout.root / "queue"


def add_request(layout: ArchiveLayout, site_id: str) -> RunRequest:
    """Queue a crawl of `site_id`; returns the request (its file is whole when it appears)."""
    directory = queue_dir(layout)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    by = f"{os.environ.get('USER', 'unknown')}@{socket.gethostname()}"
    data = {"site_id": site_id, "requested_at": utc_now(), "requested_by": by}
    final = directory / f"{stamp}-{os.getpid()}-{site_id}{REQUEST_SUFFIX}"
    temporary = final.with_name("." + final.name + ".tmp")
    temporary.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temporary, final)
    return RunRequest(final, site_id, data["requested_at"], by)


def _read(path: Path) -> RunRequest | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return RunRequest(path, str(data["site_id"]), str(data.get("requested_at", "")),
                          str(data.get("requested_by", "")))
    except (OSError, ValueError, KeyError, TypeError) as error:
        logger.error("unreadable run request %s: %s", path.name, error)
        return None


def pending_requests(layout: ArchiveLayout) -> list[RunRequest]:
    """Requests waiting for the daemon or being worked on, oldest first."""
    directory = queue_dir(layout)
    if not directory.is_dir():
        return []
    paths = sorted(p for p in directory.iterdir()
                   if p.suffix in (REQUEST_SUFFIX, TAKEN_SUFFIX) and not p.name.startswith("."))
    return [request for path in paths if (request := _read(path))]


def claim_requests(layout: ArchiveLayout) -> list[RunRequest]:
    """Take every waiting request (rename to `.taken`); unreadable ones are set aside."""
    directory = queue_dir(layout)
    if not directory.is_dir():
        return []
    claimed = []
    for path in sorted(directory.glob(f"[!.]*{REQUEST_SUFFIX}")):
        taken = path.with_suffix(TAKEN_SUFFIX)
        try:
            os.replace(path, taken)
        except FileNotFoundError:
            continue
        request = _read(taken)
        if request is None:
            os.replace(taken, taken.with_suffix(".bad"))
            continue
        claimed.append(request)
    return claimed


def release_claims(layout: ArchiveLayout) -> int:
    """Put requests a dead daemon had claimed back in the queue; returns how many."""
    directory = queue_dir(layout)
    if not directory.is_dir():
        return 0
    count = 0
    for taken in directory.glob(f"[!.]*{TAKEN_SUFFIX}"):
        os.replace(taken, taken.with_suffix(REQUEST_SUFFIX))
        count += 1
    return count


def finish_request(path: Path) -> None:
    path.unlink(missing_ok=True)


def request_run(layout: ArchiveLayout, registry: Registry, site_id: str,
                ) -> tuple[RunRequest, int | None]:
    """`bdt run-now SITE`: queue a crawl for the daemon; returns the request and the pid of
    the daemon that will take it (None: none is running).  UnknownSite for an unknown id."""
    from bdt.scheduler.pidfile import daemon_pid

    if site_id not in registry:
        raise UnknownSite(f"no site {site_id!r} in registry {registry.path}")
    return add_request(layout, site_id), daemon_pid(layout)
