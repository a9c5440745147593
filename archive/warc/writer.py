"""Append exchanges to rolling ``.warc.gz`` files, each record whole on disk."""

from __future__ import annotations

import fcntl
import logging
import os
import re
import socket
import threading
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from warcio.recordloader import ArcWarcRecord

import archive.warc.records as records
from archive.warc.exchange import HttpExchange, RevisitOf, WrittenExchange, WrittenRecord

logger = logging.getLogger(__name__)

OPEN_SUFFIX = ".open"
WARC_SUFFIX = ".warc.gz"


def fsync_dir(directory: Path) -> None:
    """fsync a directory so a create/rename in it survives a power cut."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - platform without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def safe_hostname(hostname: str | None = None) -> str:
    """Short host name usable inside a file name."""
    name = hostname or socket.gethostname() or "localhost"
    return re.sub(r"[^A-Za-z0-9_-]+", "_", name.split(".")[0] or name) or "localhost"


class _OpenFile:
    """The file being written: its handle, size and names."""

    def __init__(self, path: Path, fileobj: BinaryIO, size: int) -> None:
        self.path = path  # the ``.open`` path
        self.fileobj = fileobj
        self.size = size
        self.records = 0  # records after warcinfo

    @property
    def final_path(self) -> Path:
        return self.path.with_name(self.path.name[: -len(OPEN_SUFFIX)])


class WarcFileWriter:
    """Write exchanges to ``<prefix>-<ts>-<serial>-<host>.warc.gz`` files with rollover.

    Files are written as ``<name>.open`` (locked with ``flock`` while in use, so
    :func:`archive.warc.mend.mend_open_files` leaves them alone) and renamed to
    ``<name>`` on rollover or :meth:`close`.  Every record is its own gzip
    member; the records of one exchange are appended with a single write,
    flushed and fsynced before :meth:`write_exchange` returns.
    """

    def __init__(
        self,
        directory: Path,
        prefix: str,
        *,
        max_size: int = 1_000_000_000,
        warcinfo_fields: dict[str, str],
        hostname: str | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.prefix = prefix
        self.max_size = max_size
        self.warcinfo_fields = dict(warcinfo_fields)
        self.hostname = safe_hostname(hostname)
        self.files_written: list[Path] = []  # final paths of finished files
        self._serial = 0
        self._current: _OpenFile | None = None
        self._closed = False
        self._lock = threading.Lock()

    # -- public API ---------------------------------------------------------------

    @property
    def current_path(self) -> Path | None:
        """The ``.open`` file being written, if any."""
        return self._current.path if self._current else None

    def write_exchange(
        self, exchange: HttpExchange, revisit_of: RevisitOf | None = None
    ) -> WrittenExchange:
        """Write response-or-revisit, request and (maybe) metadata; return where.

        For a revisit, still pass the exchange's body (it is not stored): an
        identical-payload revisit's Content-Length is made to match it, and its
        payload digest is computed from it when ``revisit_of`` has none.
        A body that decodes past ``exchange.decode_limit`` is stored as sent, with a
        metadata record saying so, and the result's ``too_large`` set.
        Raises ValueError after :meth:`close`; OSError if the disk write fails
        (the file is then cut back to its last whole exchange).
        """
        too_large = False
        if revisit_of is None:
            too_large = records.check_payload(exchange).too_large
            main = records.build_response(exchange)
        else:
            main = records.build_revisit(exchange, revisit_of)
        main_id = records.record_id(main)
        built: list[ArcWarcRecord] = [main, records.build_request(exchange, main_id)]
        if exchange.has_metadata or too_large:
            built.append(records.build_metadata(exchange, main_id, too_large=too_large))
        members = [records.to_gzip_member(rec) for rec in built]
        with self._lock:
            if self._closed:
                raise ValueError("WarcFileWriter is closed")
            offsets, current = self._append(members)
        written = [
            WrittenRecord(
                record_type=rec.rec_type,
                record_id=records.record_id(rec),
                warc_file=current.final_path.name,
                offset=offset,
                length=len(member),
                payload_digest=rec.rec_headers.get_header("WARC-Payload-Digest"),
            )
            for rec, member, offset in zip(built, members, offsets, strict=True)
        ]
        return WrittenExchange(
            response=written[0],
            request=written[1],
            metadata=written[2] if len(written) > 2 else None,
            too_large=too_large,
        )

    def close(self) -> None:
        """Finish the current file (rename it); safe to call more than once."""
        with self._lock:
            self._closed = True
            self._finish_current()

    def __enter__(self) -> WarcFileWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------

    def _append(self, members: list[bytes]) -> tuple[list[int], _OpenFile]:
        total = sum(len(m) for m in members)
        current = self._current
        if current and current.records and current.size + total > self.max_size:
            logger.info("rolling over %s at %d bytes", current.path.name, current.size)
            self._finish_current()
            current = None
        if current is None:
            current = self._open_new()
        offsets, position = [], current.size
        for member in members:
            offsets.append(position)
            position += len(member)
        self._write_all(current, b"".join(members))
        current.records += len(members)
        return offsets, current

    def _write_all(self, current: _OpenFile, data: bytes) -> None:
        """Append ``data`` whole, flush and fsync; on failure cut back to the old end."""
        start = current.size
        try:
            current.fileobj.write(data)
            current.fileobj.flush()
            os.fsync(current.fileobj.fileno())
        except BaseException:
            logger.exception("write to %s failed; cutting back to %d", current.path, start)
            try:
                current.fileobj.seek(start)
                current.fileobj.truncate(start)
                current.fileobj.flush()
                os.fsync(current.fileobj.fileno())
            except OSError:
                logger.exception("could not cut %s back; leaving it for mending", current.path)
                current.fileobj.close()
                self._current = None
            raise
        current.size = start + len(data)

    def _next_name(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")[:-3]
        while True:
            name = f"{self.prefix}-{stamp}-{self._serial:05d}-{self.hostname}{WARC_SUFFIX}"
            self._serial += 1
            path = self.directory / name
            if not path.exists() and not path.with_name(name + OPEN_SUFFIX).exists():
                return path.with_name(name + OPEN_SUFFIX)

    def _open_new(self) -> _OpenFile:
        self.directory.mkdir(parents=True, exist_ok=True)
        while True:
            path = self._next_name()
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                continue
            break
        try:  # tells mend_open_files this file is live
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # pragma: no cover - e.g. a file system without flock
            logger.warning("could not lock %s; do not mend while this writer runs", path)
        fileobj = os.fdopen(fd, "wb")
        current = _OpenFile(path, fileobj, 0)
        final_name = current.final_path.name
        warcinfo = records.build_warcinfo(final_name, self.warcinfo_fields)
        self._current = current
        self._write_all(current, records.to_gzip_member(warcinfo))
        fsync_dir(self.directory)
        logger.info("opened %s", path)
        return current

    def _finish_current(self) -> None:
        current, self._current = self._current, None
        if current is None:
            return
        final = current.final_path
        renamed = False
        try:
            current.fileobj.flush()
            os.fsync(current.fileobj.fileno())
            # rename while still holding the flock, so mend never races with us
            if final.exists():
                logger.error("cannot rename %s: %s already exists", current.path, final)
            else:
                os.rename(current.path, final)
                renamed = True
        finally:
            current.fileobj.close()
        if renamed:
            fsync_dir(self.directory)
            self.files_written.append(final)
            logger.info(
                "closed %s (%d bytes, %d records)", final.name, current.size, current.records + 1
            )
