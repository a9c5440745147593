"""`bdt replay`: pywb serving the archive's WARCs in place, one collection per site.

pywb pins old packages (redis 2.10, brotlipy) that break Scrapy, so it lives in a
virtualenv of its own (`make pywb` creates `.venv-pywb`) and runs as a child
process.  Its indexes are one CDXJ file per WARC (archive.replay_index), refreshed
at start and every few seconds, so a crawl's new files show up without a restart.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from archive.errors import OperationFailed, UnknownSite, UsageError
from archive.layout import ArchiveLayout
from archive.registry import Registry
from archive.replay_index import index_dir, replay_root, update_indexes

logger = logging.getLogger(__name__)

TOOLS_ENV = "BDT_PYWB_BIN"  # directory holding pywb's `wayback` (and `wacz`)
CHECKOUT_TOOLS = Path(__file__).resolve().parents[1] / ".venv-pywb" / "bin"
DEFAULT_PORT = 8090
REFRESH_SECONDS = 10.0


class ToolMissing(RuntimeError):
    """pywb (or another replay tool) is not installed where we look."""


def tool(name: str) -> Path:
    """Path of a replay tool: $BDT_PYWB_BIN, else the checkout's .venv-pywb, else PATH.

    Never the crawler's own environment: pywb there would break Scrapy's `br` decoding.
    """
    candidates = []
    if os.environ.get(TOOLS_ENV):
        candidates.append(Path(os.environ[TOOLS_ENV]) / name)
    candidates.append(CHECKOUT_TOOLS / name)
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    on_path = shutil.which(name)
    if on_path and Path(on_path).parent != Path(sys.executable).parent:
        return Path(on_path)
    raise ToolMissing(
        f"{name} not found (looked in ${TOOLS_ENV}, {CHECKOUT_TOOLS} and PATH): run "
        f"`make pywb` to create .venv-pywb, or set {TOOLS_ENV} to the bin directory of a "
        "virtualenv with pywb, cdxj-indexer and wacz")


def pywb_config(layout: ArchiveLayout, site_ids: list[str]) -> str:
    """pywb's config.yaml: one collection per site, WARCs read where the crawler wrote them."""
    lines = ["# written by `bdt replay`; rewritten at every start", "framed_replay: false",
             "enable_memento: true", "redirect_to_exact: false", "collections_root: collections",
             "collections:"]
    for site_id in site_ids:
        lines += [f"  {site_id}:",
                  f"    index_paths: {index_dir(layout, site_id)}/",
                  f"    archive_paths: {layout.warc_dir(site_id)}/"]
    return "\n".join(lines) + "\n"


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


@dataclass
class ReplayServer:
    """A `wayback` child process serving the archive's sites on host:port."""

    layout: ArchiveLayout
    site_ids: list[str]
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)

    @property
    def root(self) -> Path:
        return replay_root(self.layout)

    @property
    def connect_host(self) -> str:
        return "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host

    def base_url(self) -> str:
        return f"http://{self.connect_host}:{self.port}"

    def replay_url(self, site_id: str, url: str) -> str:
        return f"{self.base_url()}/{site_id}/{url}"

    def refresh(self) -> None:
        for site_id in self.site_ids:
            update_indexes(self.layout, site_id)

    def start(self, timeout: float = 60.0) -> None:
        wayback = tool("wayback")
        (self.root / "collections").mkdir(parents=True, exist_ok=True)
        self.refresh()
        config = self.root / "config.yaml"
        config.write_text(pywb_config(self.layout, self.site_ids), encoding="utf-8")
        log = open(self.root / "wayback.log", "ab")  # noqa: SIM115 - handed to the child
        self.process = subprocess.Popen(
            [str(wayback), "-b", self.host, "-p", str(self.port), "-t", "4"],
            cwd=self.root, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "PYWB_CONFIG_FILE": str(config)})
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"pywb exited at start; see {self.root / 'wayback.log'}")
            try:
                with socket.create_connection((self.connect_host, self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"pywb did not answer within {timeout:.0f} s; see "
                           f"{self.root / 'wayback.log'}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class _Stop(Exception):
    pass


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop()


def run_replay(layout: ArchiveLayout, registry: Registry, *, site_id: str | None = None,
               host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> int:
    """Serve the archive until interrupted (Ctrl-C or SIGTERM); prints each home page URL."""
    if not 0 < port < 65536:
        raise UsageError(f"--port {port}: not a TCP port (1-65535)")
    archived = sorted(p.name for p in layout.warc_root.iterdir() if p.is_dir()) \
        if layout.warc_root.is_dir() else []
    if site_id is not None:
        if site_id not in archived:
            raise UnknownSite(f"site {site_id!r} has no WARC files in {layout.warc_root}")
        archived = [site_id]
    if not archived:
        raise OperationFailed(f"nothing to replay: no WARC files in {layout.warc_root}")
    if not port_is_free(host, port):
        raise OperationFailed(f"port {port} on {host} is in use (or not an address of this "
                              "machine): choose another with --port or --bind")
    server = ReplayServer(layout, archived, host=host, port=port)
    try:
        server.start()
    except (ToolMissing, RuntimeError) as error:
        raise OperationFailed(str(error)) from None
    previous = signal.signal(signal.SIGTERM, _raise_stop)
    try:
        print(f"pywb replaying {layout.warc_root} at {server.base_url()}/ (Ctrl-C stops)")
        for sid in archived:
            site = registry.get(sid)
            home = site.start_urls[0] if site else ""  # a site no longer in the registry
            print(f"  {sid}: {server.replay_url(sid, home)}")
        sys.stdout.flush()
        while server.process is not None and server.process.poll() is None:
            time.sleep(REFRESH_SECONDS)
            server.refresh()
        print("bdt: pywb stopped unexpectedly; see " + str(server.root / "wayback.log"),
              file=sys.stderr)
        return 1
    except (KeyboardInterrupt, _Stop):
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
