"""Mend ``.warc.gz.open`` files left by a crash: cut the partial tail, rename.

Safe at every start-up: files still being written (their writer holds an
``flock`` on them) are skipped, and with no ``.open`` files it does nothing.
"""

from __future__ import annotations

import fcntl
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from archive.warc.members import iter_members
from archive.warc.writer import OPEN_SUFFIX, fsync_dir

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MendReport:
    """What mending one file did.  ``final_path`` is None if the file was deleted
    (nothing whole was left) or could not be renamed."""

    path: Path
    final_path: Path | None
    kept_bytes: int
    cut_bytes: int
    records_kept: int


def mend_open_files(directory: Path) -> list[MendReport]:
    """Mend every ``*.warc.gz.open`` under ``directory`` (recursively)."""
    reports = []
    for path in sorted(Path(directory).rglob("*.warc.gz" + OPEN_SUFFIX)):
        report = mend_file(path)
        if report is not None:
            reports.append(report)
    return reports


def whole_prefix(path: Path) -> tuple[int, int]:
    """``(bytes, records)`` to keep: up to the last whole, parseable gzip member.

    A response or revisit left without its request (the crash hit the
    exchange's single write between them) is dropped too: the writer never
    reported it, and every response in a file is followed by its request.
    """
    kept: list[tuple[int, str | None]] = []  # (end offset, record type)
    with open(path, "rb") as stream:
        for member in iter_members(stream, stop_on_error=True):
            if not member.ok:
                logger.warning("%s: at offset %d: %s", path, member.offset, member.error)
                break
            kept.append((member.offset + member.length, member.record_type))
    while kept and kept[-1][1] in ("response", "revisit"):
        kept.pop()
    return (kept[-1][0] if kept else 0), len(kept)


def mend_file(path: Path) -> MendReport | None:
    """Mend one ``.open`` file; None if it is in use by a live writer."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:  # renamed or removed meanwhile
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            logger.info("%s is being written by a live process; left alone", path)
            return None
        size = os.fstat(fd).st_size
        kept, records = whole_prefix(path)
        cut = size - kept
        if cut:
            os.ftruncate(fd, kept)
            os.fsync(fd)
            logger.warning(
                "%s: cut %d bytes of partial tail after %d whole records (%d bytes kept)",
                path,
                cut,
                records,
                kept,
            )
        target = path.with_name(path.name[: -len(OPEN_SUFFIX)])
        final: Path | None = None
        if kept == 0:
            path.unlink()
            logger.warning("%s: nothing whole left; deleted", path)
        elif target.exists():
            logger.error("%s: cannot rename, %s already exists", path, target)
        else:
            os.rename(path, target)
            final = target
            logger.info("mended %s -> %s (%d records)", path.name, target.name, records)
        fsync_dir(path.parent)
        return MendReport(path, final, kept, cut, records)
    finally:
        os.close(fd)
