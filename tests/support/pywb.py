"""Replay WARCs through a real pywb ``wayback`` for round-trip tests.

How pywb 2.10 presents a capture in ``id_`` (identity) mode, as seen by
:meth:`PywbReplay.get_id` (pinned by ``tests/test_warc_roundtrip.py``):

* Status code: the stored one.  Body: the stored payload byte for byte,
  still content-encoded, *as long as the request's Accept-Encoding contains
  the stored Content-Encoding* (a substring test).  ``get_id`` sends
  ``Accept-Encoding: gzip, deflate, br`` by default.  With
  ``accept_encoding=None`` (http.client then sends ``identity``) pywb decodes
  the body itself, renames ``Content-Encoding`` and ``Content-Length`` to
  ``X-Archive-Orig-...`` and answers with ``Transfer-Encoding: chunked``.
* Kept under their own names, values untouched: ``Content-Type``,
  ``Content-Encoding`` (see above), ``Content-Length``, every ``Set-Cookie``
  in order (cookies and ``Location`` are not rewritten in id_ mode),
  ``Content-Disposition``, ``Content-Range``, ``Accept-Ranges``, ``Link``,
  and any header pywb has no rule for (``X-Powered-By``, and our own
  ``X-Archive-Orig-Content-Length``).
* Renamed ``X-Archive-Orig-<Name>``: ``Date``, ``Server``, ``ETag``,
  ``Last-Modified``, ``Cache-Control``, ``Expires``, ``Vary``, ``Age``,
  ``Via``, ``Content-Security-Policy``, ``Strict-Transport-Security`` and other
  caching/transport headers (pywb's ``DefaultHeaderRewriter.header_rules``).
* Added: ``Memento-Datetime``, a second ``Link`` (Memento original/timegate/
  timemap/memento), ``Content-Location`` (the replay URL with the exact
  timestamp), a fresh ``Date``; ``Vary: accept-datetime`` when no timestamp
  is given; ``Transfer-Encoding: chunked`` when the stored response has no
  Content-Length (http.client de-chunks it).
* Revisits: the headers come from the revisit record, the payload from the
  record it refers to, and the body is cut at the revisit's Content-Length.
  A 3xx revisit (so a ``server-not-modified`` 304) is served as an empty
  304: pywb does not fetch the earlier payload for it.  That is why the
  recorder stores a 304 as an ``identical-payload-digest`` revisit
  (``archive.warc.records.not_modified_as_revisit``).
* Header bytes are latin-1: a stored byte 0xE9 comes back as ``é``.

So compare headers by name, and only the ones that mean something.
"""

from __future__ import annotations

import http.client
import logging
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

logger = logging.getLogger(__name__)

COLLECTION = "test"
DEFAULT_ACCEPT_ENCODING = "gzip, deflate, br"
_CONFIG = """\
# written by tests/support/pywb.py: replay only, nothing live
collections_root: collections
archive_paths: archive
index_paths: indexes
enable_memento: true
framed_replay: false
redirect_to_exact: false
"""


def _venv_tool(name: str) -> str:
    """A replay tool from pywb's own virtualenv (never the crawler's; see bdt.replay.tool).

    Missing: the test fails under CI (which runs `make test`, creating it) and is
    skipped elsewhere with the command that installs it.
    """
    import pytest

    from bdt.replay import ToolMissing, tool

    try:
        return str(tool(name))
    except ToolMissing as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(error))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PywbReplay:
    """A pywb collection built from ``warc_paths`` under ``work_dir``, served on loopback.

    ``with PywbReplay([path], tmp_path) as replay: replay.get_id(url)``.
    """

    def __init__(
        self, warc_paths: Sequence[Path], work_dir: Path, *, startup_timeout: float = 30.0
    ) -> None:
        self.warc_paths = [Path(p) for p in warc_paths]
        self.work_dir = Path(work_dir)
        self.startup_timeout = startup_timeout
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.coll_dir = self.work_dir / "collections" / COLLECTION
        self.index_path = self.coll_dir / "indexes" / "index.cdxj"
        self.log_path = self.work_dir / "wayback.log"

    # -- setup ----------------------------------------------------------------

    def build_collection(self) -> None:
        """Link the WARCs into the collection and index them with cdxj-indexer."""
        archive = self.coll_dir / "archive"
        archive.mkdir(parents=True, exist_ok=True)
        self.index_path.parent.mkdir(parents=True, exist_ok=True)
        for src in self.warc_paths:
            dst = archive / src.name
            if dst.exists():
                dst.unlink()
            try:
                os.link(src, dst)
            except OSError:
                shutil.copy2(src, dst)
        # -s sorts (pywb needs a sorted index); -p would join POST bodies, not needed for GETs
        subprocess.run(
            [_venv_tool("cdxj-indexer"), "-s", "-o", str(self.index_path), str(archive)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        (self.work_dir / "config.yaml").write_text(_CONFIG)

    def start(self) -> None:
        """Start ``wayback`` bound to 127.0.0.1 and wait until it answers."""
        self.port = free_port()
        log = open(self.log_path, "wb")  # noqa: SIM115 - handed to the child
        env = dict(os.environ, PYWB_CONFIG_FILE=str(self.work_dir / "config.yaml"))
        self.process = subprocess.Popen(
            [_venv_tool("wayback"), "-b", "127.0.0.1", "-p", str(self.port), "-t", "2"],
            cwd=self.work_dir,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        log.close()
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"wayback exited early:\n{self.log_path.read_text()}")
            try:
                status, _, _ = self.request("/")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"wayback did not start:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        """Stop the wayback process (terminate, then kill)."""
        proc, self.process = self.process, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    def __enter__(self) -> PywbReplay:
        self.build_collection()
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- fetching -------------------------------------------------------------

    def request(
        self, path: str, headers: dict[str, str] | None = None
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """GET ``path`` from pywb; raw headers (repeats kept) and undecoded body."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", path, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, resp.getheaders(), resp.read()
        finally:
            conn.close()

    def get_id(
        self,
        url: str,
        timestamp: str | None = None,
        *,
        accept_encoding: str | None = DEFAULT_ACCEPT_ENCODING,
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """Fetch ``/test/<ts>id_/<url>``: status, headers as sent by pywb, raw body."""
        headers = {"Accept-Encoding": accept_encoding} if accept_encoding else {}
        return self.request(f"/{COLLECTION}/{timestamp or ''}id_/{url}", headers)

    def index_lines(self) -> list[str]:
        """The CDXJ index lines (for debugging and index assertions)."""
        return self.index_path.read_text().splitlines()


def header_values(headers: Sequence[tuple[str, str]], name: str) -> list[str]:
    """Every value of header ``name`` (case-insensitive), in order."""
    name = name.lower()
    return [v for n, v in headers if n.lower() == name]
