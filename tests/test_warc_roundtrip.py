"""Round trip: loopback server -> wire bytes -> WARC -> cdxj-indexer -> pywb id_ -> same bytes.

Runs in the normal suite: the only network is 127.0.0.1.
"""

from __future__ import annotations

import gzip
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli
import pytest

from archive.warc import HttpExchange, RevisitOf, WarcFileWriter, WrittenExchange, read_record
from archive.warc.records import REVISIT_PROFILE_URIS, not_modified_as_revisit
from tests.support.pywb import PywbReplay, header_values
from tests.support.warccheck import HTML, PDF, assert_warc_ok

HTML_BYTES = HTML.encode()
GZIPPED = gzip.compress(HTML_BYTES * 20, mtime=0)
BROTLI = brotli.compress(HTML_BYTES * 20)
CHUNKS = [b"<html><body>", "Tin tức ".encode() * 50, b"</body></html>\n"]
COOKIES = ["PHPSESSID=abc123; path=/; HttpOnly", "lang=vi; path=/; Max-Age=3600"]
START = datetime(2024, 5, 1, 10, 0, 0, tzinfo=UTC)


class Handler(BaseHTTPRequestHandler):
    """Serves the four cases (and br) as real sites do."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def _head(self, status: int, headers: list[tuple[str, str]]) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if self.path == "/gzip":
            self._head(200, [("Content-Type", "text/html; charset=utf-8"),
                             ("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding"),
                             ("Content-Length", str(len(GZIPPED)))])  # fmt: skip
            self.wfile.write(GZIPPED)
        elif self.path == "/br":
            self._head(200, [("Content-Type", "text/html; charset=utf-8"),
                             ("Content-Encoding", "br"),
                             ("Content-Length", str(len(BROTLI)))])  # fmt: skip
            self.wfile.write(BROTLI)
        elif self.path == "/chunked":
            self._head(200, [("Content-Type", "text/html; charset=utf-8"),
                             ("Transfer-Encoding", "chunked")])  # fmt: skip
            for chunk in CHUNKS:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        elif self.path == "/van-ban/qd-01.pdf":
            self._head(200, [("Content-Type", "application/pdf"),
                             ("Content-Length", str(len(PDF)))])  # fmt: skip
            self.wfile.write(PDF)
        elif self.path == "/cookies":
            body = b"<html>logged in</html>"
            headers = [("Content-Type", "text/html")]
            headers += [("Set-Cookie", c) for c in COOKIES]
            self._head(200, headers + [("Content-Length", str(len(body)))])
            self.wfile.write(body)
        else:
            self._head(404, [("Content-Length", "0")])


@dataclass
class Wire:
    """A response exactly as it came off the socket."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes  # de-chunked if it was chunked; never content-decoded


def dechunk(data: bytes) -> bytes:
    out, pos = bytearray(), 0
    while True:
        end = data.index(b"\r\n", pos)
        size = int(data[pos:end].split(b";")[0], 16)
        if size == 0:
            return bytes(out)
        out += data[end + 2 : end + 2 + size]
        pos = end + 2 + size + 2


def fetch_raw(port: int, path: str, request_headers: list[tuple[str, str]]) -> Wire:
    """GET over a plain socket: the response bytes are what the server sent."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        head = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        head += "".join(f"{n}: {v}\r\n" for n, v in request_headers) + "\r\n"
        sock.sendall(head.encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    raw_head, _, body = data.partition(b"\r\n\r\n")
    lines = raw_head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = [tuple(x.strip() for x in line.split(":", 1)) for line in lines[1:]]
    if any(n.lower() == "transfer-encoding" and "chunked" in v.lower() for n, v in headers):
        body = dechunk(body)
    return Wire(status, headers, body)  # type: ignore[arg-type]


REQUEST_HEADERS = [("User-Agent", "bandantoc-archive/test"), ("Accept-Encoding", "gzip, br")]
PATHS = ["/gzip", "/br", "/chunked", "/van-ban/qd-01.pdf", "/cookies"]


@dataclass
class Captured:
    wire: dict[str, Wire]
    written: dict[str, WrittenExchange]
    urls: dict[str, str]
    replay: PywbReplay


@pytest.fixture(scope="module")
def captured(tmp_path_factory) -> Iterator[Captured]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    work: Path = tmp_path_factory.mktemp("roundtrip")
    wire, written, urls = {}, {}, {}
    try:
        with WarcFileWriter(work / "warc", "bdt-rt", warcinfo_fields={}) as w:
            for i, path in enumerate(PATHS):
                got = fetch_raw(port, path, REQUEST_HEADERS)
                url = f"http://127.0.0.1:{port}{path}"
                ex = HttpExchange(
                    url=url,
                    status=got.status,
                    response_headers=got.headers,
                    body=got.body,
                    request_headers=REQUEST_HEADERS,
                    fetched_at=START + timedelta(seconds=i),
                    ip_address="127.0.0.1",
                )
                wire[path], written[path], urls[path] = got, w.write_exchange(ex), url
            # the same page a day later: identical payload -> revisit record
            again = fetch_raw(port, "/gzip", REQUEST_HEADERS)
            first = written["/gzip"].response
            ex = HttpExchange(
                url=urls["/gzip"],
                status=again.status,
                response_headers=again.headers,
                body=again.body,
                request_headers=REQUEST_HEADERS,
                fetched_at=START + timedelta(days=1),
            )
            written["revisit"] = w.write_exchange(
                ex, RevisitOf("identical-payload-digest", first.record_id, ex.url, START)
            )
            # two days later the server answers a conditional GET with 304: stored as an
            # identical-payload revisit (what the recorder does), the 304 kept in metadata
            not_modified = HttpExchange(
                url=urls["/gzip"],
                status=304,
                response_headers=[("ETag", '"v1"'), ("Date", "Fri, 03 May 2024 10:00:00 GMT")],
                body=b"",
                request_headers=[*REQUEST_HEADERS, ("If-None-Match", '"v1"')],
                fetched_at=START + timedelta(days=2),
            )
            stored, revisit = not_modified_as_revisit(
                not_modified,
                200,
                wire["/gzip"].headers,
                RevisitOf("server-not-modified", first.record_id, ex.url, START,
                          first.payload_digest, len(wire["/gzip"].body)),
            )
            written["not_modified"] = w.write_exchange(stored, revisit)
    finally:
        server.shutdown()
        server.server_close()
    for path in w.files_written:
        assert_warc_ok(path)
    with PywbReplay(w.files_written, work / "pywb") as replay:
        yield Captured(wire, written, urls, replay)


def ts(seconds: int) -> str:
    return (START + timedelta(seconds=seconds)).strftime("%Y%m%d%H%M%S")


@pytest.mark.parametrize("index,path", list(enumerate(PATHS)))
def test_id_replay_is_byte_identical(captured: Captured, index: int, path: str) -> None:
    sent = captured.wire[path]
    status, headers, body = captured.replay.get_id(captured.urls[path], ts(index))
    assert status == sent.status == 200
    assert body == sent.body
    for name in ("Content-Type", "Content-Encoding", "Set-Cookie", "Content-Length"):
        assert header_values(headers, name) == header_values(sent.headers, name), name
    assert header_values(headers, "Memento-Datetime")  # pywb adds Memento headers
    assert not header_values(headers, "X-Archive-Orig-Transfer-Encoding")


def test_chunked_response_stored_without_transfer_encoding(captured: Captured) -> None:
    assert header_values(captured.wire["/chunked"].headers, "Transfer-Encoding") == ["chunked"]
    assert captured.wire["/chunked"].body == b"".join(CHUNKS)
    _, headers, body = captured.replay.get_id(captured.urls["/chunked"], ts(2))
    assert body == b"".join(CHUNKS)
    assert not header_values(headers, "Content-Length")  # none stored, none invented


def test_pywb_decodes_when_client_does_not_accept_encoding(captured: Captured) -> None:
    _, headers, body = captured.replay.get_id(captured.urls["/gzip"], ts(0), accept_encoding=None)
    assert body == HTML_BYTES * 20
    assert not header_values(headers, "Content-Encoding")
    assert header_values(headers, "X-Archive-Orig-Content-Encoding") == ["gzip"]


def test_pywb_renames_transport_headers(captured: Captured) -> None:
    _, headers, _ = captured.replay.get_id(captured.urls["/gzip"], ts(0))
    assert header_values(headers, "X-Archive-Orig-Server")
    assert header_values(headers, "X-Archive-Orig-Date")
    assert header_values(headers, "X-Archive-Orig-Vary") == ["Accept-Encoding"]


def test_identical_payload_revisit_replays_original_payload(captured: Captured) -> None:
    sent = captured.wire["/gzip"]
    later = (START + timedelta(days=1)).strftime("%Y%m%d%H%M%S")
    status, headers, body = captured.replay.get_id(captured.urls["/gzip"], later)
    assert status == 200 and body == sent.body
    assert header_values(headers, "Content-Length") == [str(len(sent.body))]
    assert header_values(headers, "Content-Encoding") == ["gzip"]
    assert header_values(headers, "Memento-Datetime") == ["Thu, 02 May 2024 10:00:00 GMT"]
    lines = captured.replay.index_lines()
    assert sum('"mime": "warc/revisit"' in line for line in lines) == 2
    assert not any("warc-fields" in line or "request" in line for line in lines)


def test_not_modified_replays_as_the_page_at_its_own_timestamp(captured: Captured) -> None:
    """A 304 answer is the newest capture and replays with the earlier full body."""
    sent = captured.wire["/gzip"]
    later = (START + timedelta(days=2)).strftime("%Y%m%d%H%M%S")
    for timestamp in (later, None):  # exact, and "newest" (no timestamp)
        status, headers, body = captured.replay.get_id(captured.urls["/gzip"], timestamp)
        assert status == 200 and body == sent.body
        assert header_values(headers, "Memento-Datetime") == ["Fri, 03 May 2024 10:00:00 GMT"]
        assert header_values(headers, "Content-Encoding") == ["gzip"]
        assert header_values(headers, "Content-Length") == [str(len(sent.body))]
    # freshened by the 304: its Date, not the first answer's
    assert header_values(headers, "X-Archive-Orig-Date") == ["Fri, 03 May 2024 10:00:00 GMT"]


def test_not_modified_facts_kept_in_the_warc(captured: Captured) -> None:
    written = captured.written["not_modified"]
    path = captured.replay.warc_paths[0]
    revisit = read_record(path, written.response.offset)
    assert revisit.warc_header("WARC-Profile") == REVISIT_PROFILE_URIS["identical-payload-digest"]
    assert revisit.warc_header("WARC-Refers-To") == captured.written["/gzip"].response.record_id
    assert revisit.http_status == 200
    request = read_record(path, written.request.offset)
    assert request.http_header("If-None-Match") == '"v1"'
    assert written.metadata is not None
    meta = read_record(path, written.metadata.offset).payload.decode()
    assert "serverResponse: HTTP/1.1 304 Not Modified\r\n" in meta
    assert 'serverResponseHeader: ETag: "v1"\r\n' in meta
    assert meta.count("serverResponseHeader:") == 2
