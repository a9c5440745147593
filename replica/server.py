"""ReplicaServer: serve the replica sites on loopback, one port each, and log every request."""

from __future__ import annotations

import errno
import json
import logging
import threading
import time
from collections import defaultdict, deque
from dataclasses import asdict, dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from replica.content import Article
from replica.manifest import SiteManifest
from replica.sites import SITES, BaseSite, Request, Response
from replica.util import now_vn
from replica.wire import SentResponse, finalize

logger = logging.getLogger(__name__)

#: how many sent responses are kept per (site, path)
KEEP_SENT = 8


@dataclass
class RequestLogEntry:
    """One request as the server saw it.

    ``bytes_sent`` counts the message body as transferred (after content-coding,
    without chunk framing); ``started`` is when the request line was read,
    ``finished`` when the complete response was handed to the socket (one write).
    """

    site: str
    method: str
    path: str
    status: int
    bytes_sent: int
    started: float
    finished: float
    request_headers: dict[str, str]

    def to_json(self) -> str:
        """One JSON line."""
        return json.dumps(asdict(self), ensure_ascii=False)


class _SiteHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], replica: ReplicaServer, key: str) -> None:
        self.replica = replica
        self.site_key = key
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30
    server: _SiteHTTPServer

    def parse_request(self) -> bool:
        self._started = time.time()
        return super().parse_request()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        logger.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._serve()

    do_HEAD = do_GET  # noqa: N815

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self._serve(forced=Response(status=405, body=b"Method Not Allowed",
                                    content_type="text/plain; charset=utf-8"))

    def _serve(self, forced: Response | None = None) -> None:
        replica, key = self.server.replica, self.server.site_key
        replica._begin()
        headers = {k: v for k, v in self.headers.items()}
        req = Request.make(self.command, self.path, headers, replica.base_url(key), now_vn())
        site = replica.site(key)
        try:
            resp = forced or site.respond(req)
        except Exception:  # pragma: no cover - a bug in a renderer must not kill the server
            logger.exception("replica %s failed on %s", key, self.path)
            resp = Response(status=500, body=b"replica error", content_type="text/plain")
        sent = finalize(site, req, resp, http11=self.request_version == "HTTP/1.1",
                        close=self.close_connection)
        # taken just before the response is handed to the socket in one write, so the
        # next request of a sequential client always starts after it
        finished = time.time()
        try:
            self.wfile.write(sent.raw)
            self.wfile.flush()
        finally:
            entry = RequestLogEntry(
                site=key,
                method=self.command,
                path=self.path,
                status=sent.status,
                bytes_sent=len(sent.body) if self.command != "HEAD" else 0,
                started=getattr(self, "_started", time.time()),
                finished=finished,
                request_headers=headers,
            )
            replica._record(entry, sent)


class PortTaken(OSError):
    """A fixed port the replica should listen on is already in use."""


class ReplicaServer:
    """Serves replica sites on 127.0.0.1, each on its own port.

    Ports are ephemeral by default; with ``base_port`` the sites listen on ``base_port``,
    ``base_port + 1``, ... in the order of ``replica.sites.SITES`` (whichever are served),
    so a second run serves the same URLs (``bdt demo`` does that).

    >>> with ReplicaServer(["liferay"]) as server:
    ...     url = server.start_url("liferay")
    """

    def __init__(
        self,
        sites: list[str] | None = None,
        *,
        host: str = "127.0.0.1",
        log_path: Path | None = None,
        crawl_delay: float | None = None,
        base_port: int | None = None,
    ) -> None:
        keys = list(SITES) if sites is None else list(sites)
        unknown = [k for k in keys if k not in SITES]
        if unknown:
            raise ValueError(f"unknown replica sites: {unknown}; known: {list(SITES)}")
        self.host = host
        self.base_port = base_port
        self.log_path = Path(log_path) if log_path else None
        self._sites: dict[str, BaseSite] = {k: SITES[k]() for k in keys}
        for site in self._sites.values():
            site.crawl_delay = crawl_delay
        self._servers: dict[str, _SiteHTTPServer] = {}
        self._threads: list[threading.Thread] = []
        self._lock = threading.Condition()
        self._inflight = 0
        self._log: list[RequestLogEntry] = []
        self._sent: dict[tuple[str, str], deque[SentResponse]] = defaultdict(
            lambda: deque(maxlen=KEEP_SENT)
        )
        self._log_file: IO[str] | None = None

    # -------------------------------------------------------------- lifecycle
    def start(self) -> ReplicaServer:
        """Bind every site to a free port and serve in daemon threads."""
        if self._servers:
            return self
        if self.log_path:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self._log_file = self.log_path.open("a", encoding="utf-8")
        for key in self._sites:
            port = self.fixed_port(key) if self.base_port is not None else 0
            try:
                server = _SiteHTTPServer((self.host, port), self, key)
            except OSError as error:
                self.stop()
                if port and error.errno in (errno.EADDRINUSE, errno.EACCES):
                    raise PortTaken(error.errno, f"port {port} on {self.host} (replica {key}) "
                                    f"is not available: {error.strerror}") from None
                raise
            self._servers[key] = server
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                      name=f"replica-{key}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        """Stop serving and close the log file."""
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._threads.clear()
        with self._lock:
            if self._log_file:
                self._log_file.close()
                self._log_file = None

    def __enter__(self) -> ReplicaServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # --------------------------------------------------------------- addresses
    def fixed_port(self, key: str) -> int:
        """The port of ``key`` under ``base_port`` (its place in ``SITES``)."""
        if self.base_port is None:
            raise RuntimeError("no base_port: the ports are ephemeral")
        return self.base_port + list(SITES).index(key)

    @property
    def site_keys(self) -> list[str]:
        """Keys of the served sites."""
        return list(self._sites)

    def site(self, key: str) -> BaseSite:
        """The site object (for advanced tests)."""
        return self._sites[key]

    def port(self, key: str) -> int:
        """Port a site listens on."""
        if key not in self._servers:
            raise RuntimeError(f"replica {key!r} is not started")
        return self._servers[key].server_address[1]

    def base_url(self, key: str) -> str:
        """'http://127.0.0.1:PORT'."""
        return f"http://{self.host}:{self.port(key)}"

    def start_url(self, key: str) -> str:
        """Where a crawl of the site starts (the sub-site root for sharepoint)."""
        return self.base_url(key) + self._sites[key].start_path

    def manifest(self, key: str) -> SiteManifest:
        """Ground truth of a site as currently served."""
        return self._sites[key].manifest(self.base_url(key))

    def registry_entries(self) -> list[dict[str, Any]]:
        """Site-registry entries (archive/sites.yaml shape) for the served sites."""
        entries = []
        for key, site in self._sites.items():
            scope: dict[str, Any] = {"hosts": [f"{self.host}:{self.port(key)}"]}
            if site.scope_prefix:
                scope["path_prefix"] = site.scope_prefix
            entries.append({
                "id": f"replica-{key}",
                "name": site.name,
                "province": site.province,
                "province_2025": site.province_2025,
                "start_urls": [self.start_url(key)],
                "allow_private_network": True,
                "cms": site.family,
                "scope": scope,
                "politeness": {"download_delay": 0},
            })
        return entries

    # -------------------------------------------------------------------- log
    def _begin(self) -> None:
        with self._lock:
            self._inflight += 1

    def _record(self, entry: RequestLogEntry, sent: SentResponse) -> None:
        with self._lock:
            self._inflight -= 1
            self._lock.notify_all()
            self._log.append(entry)
            self._sent[(entry.site, entry.path)].append(sent)
            if self._log_file:
                self._log_file.write(entry.to_json() + "\n")
                self._log_file.flush()

    @property
    def requests(self) -> list[RequestLogEntry]:
        """A snapshot of every request served so far, ordered by ``started``.

        Waits (up to 2 s) for requests being answered to be logged, so a client that
        has just read a response always finds it here. (The JSONL file is written in
        order of completion.)"""
        with self._lock:
            self._lock.wait_for(lambda: self._inflight == 0, timeout=2)
            return sorted(self._log, key=lambda e: e.started)

    def requests_for(self, key: str) -> list[RequestLogEntry]:
        """Requests one site served."""
        return [e for e in self.requests if e.site == key]

    def clear_log(self) -> None:
        """Forget logged requests and kept responses (the JSONL file is kept)."""
        with self._lock:
            self._log.clear()
            self._sent.clear()

    def sent_responses(self, key: str, path: str) -> list[SentResponse]:
        """The last responses actually sent for a request target (oldest first)."""
        with self._lock:
            return list(self._sent.get((key, path), ()))

    def raw_response(self, key: str, path: str, accept_encoding: str | None = "gzip", *,
                     method: str = "GET", headers: dict[str, str] | None = None) -> SentResponse:
        """What the server would send now for a target, rendered in-process: no log
        entry, no state change (a fail-once page still fails for the next client)."""
        hdrs = dict(headers or {})
        if accept_encoding:
            hdrs.setdefault("Accept-Encoding", accept_encoding)
        base = self.base_url(key) if key in self._servers else f"http://{self.host}:0"
        req = Request.make(method, path, hdrs, base, now_vn())
        site = self._sites[key]
        return finalize(site, req, site.respond(req, dry_run=True))

    # -------------------------------------------------------------- mutations
    def reset_faults(self, key: str | None = None) -> None:
        """Re-arm the fail-once pages: each answers 500 again on its next request."""
        for k in [key] if key else self.site_keys:
            site = self._sites[k]
            with site.lock:
                site.failed_once.clear()

    def change_article(self, key: str, path: str) -> Article:
        """Change an article's text (new ETag, Last-Modified and content)."""
        return self._sites[key].change_article(path)

    def remove_article(self, key: str, path: str) -> Article:
        """Unpublish an article: 404 from now on, gone from listings, sitemaps, feeds."""
        return self._sites[key].remove_article(path)
