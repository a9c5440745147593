"""A loopback HTTP server that misbehaves the way real portals do, one port per site.

It answers on raw sockets, so it can also break the protocol: reset a connection
mid-body, send a bad status line or bad chunking, promise more bytes than it sends.
Each fault is a path with a category and what a crawl must leave for it:

* ``archived``: a capture in the catalog (the WARC holds what was sent);
* ``error``: an error row for the URL in the run;
* ``archived+error``: both (e.g. a compression bomb: kept as sent, flagged, not parsed);
* ``survives``: either one; the crawl just must not fall over.

The home page ``/`` of a site links to its faults; every request is logged.
"""

from __future__ import annotations

import gzip
import socket
import socketserver
import struct
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

EXPECTATIONS = ("archived", "error", "archived+error", "survives")
MIB = 1 << 20


@dataclass
class LoggedRequest:
    site: str
    method: str
    path: str
    headers: dict[str, str]
    started: float


class Exchange:
    """One request on a connection, and ways to answer it (or not)."""

    def __init__(self, sock: socket.socket, site: FaultSite, method: str, path: str,
                 headers: dict[str, str]) -> None:
        self.sock = sock
        self.site = site
        self.method = method
        self.path = path
        self.headers = headers

    def raw(self, data: bytes) -> None:
        self.sock.sendall(data)

    def send(self, status: int, body: bytes = b"", *, content_type: str = "text/html",
             headers: list[tuple[str, str]] | None = None, reason: str = "X") -> None:
        """A well-formed answer (Content-Length set, connection closed after it)."""
        head = [f"HTTP/1.1 {status} {reason}"]
        fields = [("Content-Type", content_type)] if content_type else []
        fields += list(headers or [])
        if not any(name.lower() == "content-length" for name, _ in fields):
            fields.append(("Content-Length", str(len(body))))
        fields.append(("Connection", "close"))
        head += [f"{name}: {value}" for name, value in fields]
        self.raw(("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
                 + (body if self.method != "HEAD" else b""))

    def reset(self) -> None:
        """Abort the connection with a TCP RST."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()


Handler = Callable[[Exchange], None]


@dataclass
class Fault:
    path: str
    category: str
    expect: str
    handler: Handler
    linked: bool = True  # linked from the home page

    def __post_init__(self) -> None:
        if self.expect not in EXPECTATIONS:
            raise ValueError(f"{self.path}: unknown expectation {self.expect!r}")


@dataclass
class FaultSite:
    """A site: its robots.txt answer and its faults by path."""

    key: str
    faults: list[Fault] = field(default_factory=list)
    robots: Handler | None = None  # None: a plain robots.txt that allows everything
    home: Handler | None = None  # None: a page linking to every linked fault

    def route(self, path: str) -> Handler | None:
        if path == "/robots.txt":
            return self.robots or _plain_robots
        if path == "/":
            return self.home or _home
        for fault in self.faults:
            if fault.path == path:
                return fault.handler
        return None


def _plain_robots(ex: Exchange) -> None:
    ex.send(200, b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")


def _home(ex: Exchange) -> None:
    links = "".join(f'<li><a href="{f.path}">{f.path}</a></li>'
                    for f in ex.site.faults if f.linked)
    ex.send(200, f"<!doctype html><html><head><meta charset=utf-8><title>Trang chủ</title>"
                 f"</head><body><ul>{links}</ul></body></html>".encode())


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False

    def __init__(self, owner: FaultServer, site: FaultSite) -> None:
        self.owner = owner
        self.site = site
        super().__init__(("127.0.0.1", 0), _Connection)


class _Connection(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(30)
        data = b""
        try:
            while b"\r\n\r\n" not in data and len(data) < 65536:
                chunk = sock.recv(65536)
                if not chunk:
                    return
                data += chunk
        except OSError:
            return
        lines = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        method, path = (lines[0].split(" ") + ["", ""])[:2]
        headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
        site = self.server.site
        self.server.owner.log(LoggedRequest(site.key, method, path, headers, time.time()))
        handler = site.route(path)
        exchange = Exchange(sock, site, method, path, headers)
        try:
            if handler is None:
                exchange.send(404, b"not found", content_type="text/plain")
            else:
                handler(exchange)
        except OSError:  # the client gave up (a timeout, a size limit): fine
            pass


class FaultServer:
    """Serves fault sites on 127.0.0.1, one ephemeral port each; logs every request."""

    def __init__(self, sites: list[FaultSite]) -> None:
        self.sites = {site.key: site for site in sites}
        self._servers: dict[str, _Server] = {}
        self._lock = threading.Lock()
        self._log: list[LoggedRequest] = []

    def __enter__(self) -> FaultServer:
        for key, site in self.sites.items():
            server = _Server(self, site)
            self._servers[key] = server
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                             name=f"faults-{key}", daemon=True).start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()

    def log(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._log.append(entry)

    @property
    def requests(self) -> list[LoggedRequest]:
        with self._lock:
            return sorted(self._log, key=lambda e: e.started)

    def base_url(self, key: str) -> str:
        return f"http://127.0.0.1:{self._servers[key].server_address[1]}"

    def url(self, key: str, path: str) -> str:
        return self.base_url(key) + path

    def registry_entries(self) -> list[dict[str, object]]:
        """Registry entries (crawler/sites.yaml shape), one per site, no delay."""
        return [{
            "id": f"faults-{key}", "name": f"Fault site {key}", "province": "Sơn La",
            "start_urls": [self.base_url(key) + "/"], "allow_private_network": True,
            "scope": {"hosts": [self.base_url(key).removeprefix("http://")]},
            "politeness": {"download_delay": 0},
        } for key in self.sites]


# -- the faults -----------------------------------------------------------------------

def _html(text: str) -> bytes:
    return f"<!doctype html><html><body><p>{text}</p></body></html>".encode()


def _body(status: int, body: bytes, **kwargs: object) -> Handler:
    return lambda ex: ex.send(status, body, **kwargs)  # type: ignore[arg-type]


def _short_body(ex: Exchange) -> None:
    ex.raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 10000\r\n\r\n"
           + b"x" * 3000)


def _reset_mid_body(ex: Exchange) -> None:
    _short_body(ex)
    time.sleep(0.05)
    ex.reset()


def _bad_chunked(ex: Exchange) -> None:
    ex.raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
           b"10\r\n0123456789abcdef\r\nzz\r\nnot a chunk\r\n")


def _stall(seconds: float) -> Handler:
    def handler(ex: Exchange) -> None:
        time.sleep(seconds)
        ex.send(200, _html("late"))
    return handler


def _stream_forever(ex: Exchange) -> None:
    """Chunked zeros with no end in sight (the client must cut it at DOWNLOAD_MAXSIZE)."""
    ex.raw(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
           b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"%x\r\n" % MIB + bytes(MIB) + b"\r\n"
    for _ in range(1024):  # gives up after 1 GiB
        ex.raw(chunk)


def _promise_huge(ex: Exchange) -> None:
    """Content-Length of 3 GB, then a trickle (the client cancels on the header)."""
    ex.raw(b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n"
           b"Content-Length: 3000000000\r\n\r\n")
    for _ in range(200):
        ex.raw(bytes(65536))


def _file(path: Path, coding: str, content_type: str = "text/html") -> Handler:
    def handler(ex: Exchange) -> None:
        body = path.read_bytes()
        ex.send(200, body, content_type=content_type, headers=[("Content-Encoding", coding)])
    return handler


def _redirect(location: str, status: int = 302) -> Handler:
    return lambda ex: ex.send(status, b"", headers=[("Location", location)])


def _chain(ex: Exchange) -> None:
    step = int(ex.path.rsplit("/", 1)[1])
    ex.send(302, b"", headers=[("Location", f"/redirect/chain/{step + 1}")])


def _once_then_ok(first: Handler) -> Handler:
    seen: set[str] = set()
    lock = threading.Lock()

    def handler(ex: Exchange) -> None:
        with lock:
            again = ex.path in seen
            seen.add(ex.path)
        (ex.send(200, _html("ok now")) if again else first(ex))
    return handler


BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1
                                                             else b"&lol;") * 10)
                             for i in range(1, 10))
                  + b']>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                  b"<url><loc>&lol9;</loc></url></urlset>")


def _xxe(ex: Exchange) -> None:
    """An external entity pointing back at this server's /xxe-target: never to be fetched."""
    target = f"http://{ex.headers.get('Host', '127.0.0.1')}/xxe-target"
    ex.send(200, (f'<?xml version="1.0"?>\n<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "{target}">]>'
                  '\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                  "<url><loc>&xxe;</loc></url></urlset>").encode(), content_type="application/xml")


def _quadratic() -> bytes:
    big = "A" * 100_000
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "{big}">]>\n<rss><channel>'
            + "<item><link>&a;</link></item>" * 2000 + "</channel></rss>").encode()


def main_site(bombs: dict[str, Path]) -> FaultSite:
    """Wire faults, bombs, odd bodies, XML bombs, redirects and status codes on one site."""
    xml = "application/xml"
    faults = [
        # wire faults
        Fault("/wire/short-body", "wire", "error", _short_body),
        Fault("/wire/reset-mid-body", "wire", "error", _reset_mid_body),
        Fault("/wire/garbage-status", "wire", "error",
              lambda ex: ex.raw(b"HTTP/1.1 abc\r\nContent-Length: 2\r\n\r\nhi")),
        Fault("/wire/not-http", "wire", "error",
              lambda ex: ex.raw(b"SSH-2.0-OpenSSH_8.9\r\n")),
        Fault("/wire/closed-at-once", "wire", "error", lambda ex: ex.sock.close()),
        Fault("/wire/bad-chunked", "wire", "error", _bad_chunked),
        Fault("/wire/header-100k", "wire", "error",
              lambda ex: ex.raw(b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 100_000
                                + b"\r\nContent-Length: 2\r\n\r\nhi")),
        Fault("/wire/two-lengths", "wire", "error",
              lambda ex: ex.raw(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                                b"Content-Length: 5\r\n\r\nhello")),
        Fault("/wire/stall", "wire", "error", _stall(8)),
        Fault("/wire/lf-only", "wire", "survives",
              lambda ex: ex.raw(b"HTTP/1.1 200 OK\nContent-Type: text/html\n"
                                b"Content-Length: 9\n\n<p>lf</p>")),
        # compression bombs and broken codings
        Fault("/bomb/gzip", "bomb", "archived+error", _file(bombs["gzip"], "gzip")),
        Fault("/bomb/deflate", "bomb", "archived+error", _file(bombs["deflate"], "deflate")),
        Fault("/bomb/gzip-in-gzip", "bomb", "archived+error",
              _file(bombs["gzip-in-gzip"], "gzip, gzip")),
        Fault("/bomb/not-gzip", "bomb", "archived+error",
              _body(200, _html("plain"), headers=[("Content-Encoding", "gzip")])),
        Fault("/bomb/cut-gzip", "bomb", "archived",
              _body(200, gzip.compress(_html("cut " * 5000))[:3000],
                    headers=[("Content-Encoding", "gzip")])),
        # huge and odd bodies
        Fault("/body/endless-chunked", "body", "error", _stream_forever),
        Fault("/body/3gb.pdf", "body", "error", _promise_huge),
        Fault("/body/empty", "body", "archived", _body(200, b"")),
        Fault("/body/binary-as-html", "body", "archived",
              _body(200, bytes(range(256)) * 400)),
        Fault("/body/nul-bytes", "body", "archived",
              _body(200, b"<html><body>\0\0<a href='/x\0y'>nul</a>\0</body></html>")),
        Fault("/body/deep-nesting", "body", "archived",
              _body(200, b"<html><body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000)),
        Fault("/body/utf16-lie", "body", "archived",
              _body(200, "<p>Dân tộc</p>".encode("latin-1", "replace"),
                    content_type="text/html; charset=utf-16")),
        Fault("/body/no-type", "body", "archived", _body(200, _html("?"), content_type="")),
        Fault("/body/one-8mb-line", "body", "archived",
              _body(200, b"<html><body><p>" + b"x" * (8 * MIB) + b"<a href='/'>end</a>")),
        # XML bombs (sitemaps and feeds)
        Fault("/xml/billion-laughs.xml", "xml", "archived",
              _body(200, BILLION_LAUGHS, content_type=xml)),
        Fault("/xml/external-entity.xml", "xml", "archived", _xxe),
        Fault("/xml/quadratic.xml", "xml", "archived",
              _body(200, _quadratic(), content_type="application/rss+xml")),
        Fault("/xml/deep.xml", "xml", "archived",
              _body(200, b"<?xml version='1.0'?>" + b"<a>" * 50_000 + b"</a>" * 50_000,
                    content_type=xml)),
        Fault("/xml/not-xml.xml", "xml", "archived",
              _body(200, b"<?xml version='1.0'?><urlset><url><loc>", content_type=xml)),
        # redirects
        Fault("/redirect/chain/0", "redirect", "archived+error", _chain),
        Fault("/redirect/no-location", "redirect", "archived+error",
              _body(302, b"", content_type="")),
        Fault("/redirect/bad-location", "redirect", "survives", _redirect("http://[::1")),
        Fault("/redirect/javascript", "redirect", "survives", _redirect("javascript:alert(1)")),
        Fault("/redirect/self", "redirect", "survives", _redirect("/redirect/self", 301)),
        Fault("/redirect/relative", "redirect", "archived", _redirect("../body/empty?r=1")),
        Fault("/redirect/out-of-scope", "redirect", "archived",
              _redirect("http://bandantoc.example.invalid/")),
        # status codes
        Fault("/status/500", "status", "archived+error", _body(500, _html("error"))),
        Fault("/status/403", "status", "archived+error", _body(403, _html("forbidden"))),
        Fault("/status/401", "status", "archived+error",
              _body(401, _html("login"), headers=[("WWW-Authenticate", 'Basic realm="x"')])),
        Fault("/status/999", "status", "archived+error", _body(999, _html("odd"))),
        Fault("/status/304-unasked", "status", "archived+error", _body(304, b"")),
        Fault("/status/404", "status", "archived", _body(404, _html("gone"))),
        Fault("/status/410", "status", "archived", _body(410, _html("gone"))),
        Fault("/status/204", "status", "archived", _body(204, b"", content_type="")),
        Fault("/status/503-retry-after-3", "status", "archived", _once_then_ok(
            _body(503, _html("busy"), headers=[("Retry-After", "3")]))),
    ]
    faults += [Fault(f"/redirect/chain/{i}", "redirect", "archived", _chain, linked=False)
               for i in range(1, 30)]
    faults.append(Fault("/xxe-target", "xml", "survives", _body(200, b"leak"), linked=False))
    return FaultSite("main", faults)


def bomb_site(bomb: Path) -> FaultSite:
    """One big gzip bomb (10 GiB in tests/test_faults.py) on a site of its own."""
    return FaultSite("bomb", [Fault("/bomb/big", "bomb", "archived+error", _file(bomb, "gzip")),
                              Fault("/after-the-bomb", "body", "archived",
                                    _body(200, _html("still crawling")))])


def robots_sites() -> list[FaultSite]:
    """robots.txt faults, one site each (robots.txt is per host)."""
    page = [Fault("/page", "robots", "survives", _body(200, _html("page")))]
    return [
        FaultSite("robots-500", list(page), robots=_body(500, b"oops", content_type="text/plain")),
        FaultSite("robots-reset", list(page), robots=lambda ex: ex.reset()),
        FaultSite("robots-404", list(page), robots=_body(404, b"none", content_type="text/plain")),
        FaultSite("robots-loop", list(page), robots=_redirect("/robots.txt")),
        FaultSite("robots-binary", list(page),
                  robots=_body(200, bytes(range(256)) * 4000, content_type="text/plain")),
    ]


def backoff_sites() -> list[FaultSite]:
    """429 slows a whole site; a Retry-After past the cap ends the site's run."""
    pages = [Fault(f"/p{i}", "status", "archived", _body(200, _html(f"p{i}")))
             for i in range(4)]
    slow = FaultSite("slow-429", [Fault("/busy", "status", "archived+error",
                                        _body(429, _html("too many"))), *pages])
    hours = FaultSite("retry-after-hour", [], home=_body(
        503, _html("maintenance"), headers=[("Retry-After", "3600")]))
    return [slow, hours]


def write_nested_bomb(path: Path, inner: Path) -> Path:
    """A gzip bomb gzipped again (``Content-Encoding: gzip, gzip``)."""
    with open(inner, "rb") as source, open(path, "wb") as out:
        packer = zlib.compressobj(6, zlib.DEFLATED, 31)
        while chunk := source.read(MIB):
            out.write(packer.compress(chunk))
        out.write(packer.flush())
    return path
