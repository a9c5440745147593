"""Plain HTTP helpers for talking to the replica server in tests."""

from __future__ import annotations

import gzip
import http.client
import re
import socket
import unicodedata

import lxml.html

from replica import ReplicaServer


def fetch(srv: ReplicaServer, key: str, target: str, headers: dict[str, str] | None = None,
          method: str = "GET") -> tuple[int, http.client.HTTPMessage, bytes]:
    """(status, headers, body as transferred: still gzip if gzipped, de-chunked)."""
    conn = http.client.HTTPConnection("127.0.0.1", srv.port(key), timeout=5)
    try:
        conn.request(method, target, headers={"User-Agent": "bdt-test", **(headers or {})})
        resp = conn.getresponse()
        return resp.status, resp.headers, resp.read()
    finally:
        conn.close()


def raw_get(srv: ReplicaServer, key: str, target: str, headers: str = "") -> tuple[str, bytes]:
    """(head, bytes after the head) exactly as received on the socket."""
    with socket.create_connection(("127.0.0.1", srv.port(key)), timeout=5) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}"
                     "Connection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head.decode("latin-1"), body


def decode(headers: http.client.HTTPMessage, body: bytes, nfc: bool = True) -> str:
    """The body as text: gunzipped, decoded with its charset, NFC unless asked not to."""
    if headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    text = body.decode(headers.get_content_charset() or "utf-8")
    return unicodedata.normalize("NFC", text) if nfc else text


def visible_text(html: str) -> str:
    """What a reader sees: no scripts or styles, whitespace collapsed."""
    doc = lxml.html.fromstring(html)
    for bad in doc.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    return re.sub(r"\s+", " ", doc.text_content().replace("\xa0", " "))


def get_ok(srv: ReplicaServer, key: str, target: str) -> tuple[int, http.client.HTTPMessage, bytes]:
    """GET, retrying once (fail-once pages answer 500 the first time)."""
    status, headers, body = fetch(srv, key, target)
    if status == 500:
        status, headers, body = fetch(srv, key, target)
    return status, headers, body
