"""Where the daemon says it is running: its lock file, and the pid a live daemon holds."""

from __future__ import annotations

from pathlib import Path

from archive.layout import ArchiveLayout
from archive.lease import is_site_locked


def daemon_lock_path(layout: ArchiveLayout) -> Path:
    return layout.root / "scheduler.lock"


def daemon_pid(layout: ArchiveLayout) -> int | None:
    """The pid of the daemon running on this archive, or None if there is none."""
    path = daemon_lock_path(layout)
    if not is_site_locked(path):
        return None
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return -1
