"""Turn a site's Response into HTTP/1.1 bytes: validators, 304, gzip, chunked framing."""

from __future__ import annotations

import gzip
import hashlib
import http
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from replica.sites.base import BaseSite, Request, Response
from replica.util import http_date

CHUNK_SIZE = 2048


@dataclass
class SentResponse:
    """One response exactly as put on the wire.

    ``head`` is the status line and header block (ending in CRLF CRLF); ``body`` the
    message body after content-coding, without chunk framing (what a WARC response
    record stores); ``wire_body`` the bytes that followed the head on the socket
    (chunk framing included; empty for HEAD and 304); ``decoded`` the identity body.
    """

    site: str
    method: str
    path: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    head: bytes
    body: bytes
    wire_body: bytes
    decoded: bytes
    chunked: bool

    @property
    def raw(self) -> bytes:
        """head + wire_body: every byte written for this response."""
        return self.head + self.wire_body

    def header(self, name: str) -> str | None:
        """Last value of a header (case-insensitive)."""
        values = self.header_list(name)
        return values[-1] if values else None

    def header_list(self, name: str) -> list[str]:
        """All values of a header, in order (e.g. several Set-Cookie)."""
        return [v for k, v in self.headers if k.lower() == name.lower()]


def _accepts_gzip(headers: dict[str, str]) -> bool:
    for part in headers.get("accept-encoding", "").split(","):
        token, _, params = part.strip().partition(";")
        if token.strip().lower() in ("gzip", "x-gzip", "*"):
            q = params.strip()
            return not (q.startswith("q=") and float(q[2:] or 0) == 0)
    return False


def _etag_matches(header: str, opaque: str) -> bool:
    for tag in header.split(","):
        tag = tag.strip()
        if tag == "*":
            return True
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag.strip('"') == opaque:
            return True
    return False


def _not_modified(headers: dict[str, str], opaque: str, modified: datetime) -> bool:
    if "if-none-match" in headers:
        return _etag_matches(headers["if-none-match"], opaque)
    if "if-modified-since" in headers:
        try:
            since = parsedate_to_datetime(headers["if-modified-since"])
        except (TypeError, ValueError, IndexError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return modified.replace(microsecond=0) <= since
    return False


def finalize(
    site: BaseSite,
    req: Request,
    resp: Response,
    *,
    http11: bool = True,
    close: bool = False,
) -> SentResponse:
    """Apply validators, conditional requests, gzip and chunking; serialise to bytes."""
    status = resp.status
    decoded = resp.body
    headers: list[tuple[str, str]] = [("Date", http_date(req.now)), *site.server_headers]
    vary = site.gzip and resp.compress
    use_gzip = vary and bool(decoded) and _accepts_gzip(req.headers)
    validators: list[tuple[str, str]] = []
    if status == 200:
        opaque = hashlib.sha1(decoded).hexdigest()[:20]
        modified = min(resp.last_modified or site.epoch, req.now)
        validators = [
            ("ETag", f'W/"{opaque}"' if use_gzip else f'"{opaque}"'),
            ("Last-Modified", http_date(modified)),
        ]
        if req.method in ("GET", "HEAD") and _not_modified(req.headers, opaque, modified):
            status = 304
    body = b""
    if status != 304:
        body = gzip.compress(decoded, compresslevel=6, mtime=0) if use_gzip else decoded
        headers.append(("Content-Type", resp.content_type))
        if use_gzip:
            headers.append(("Content-Encoding", "gzip"))
    if vary:
        headers.append(("Vary", "Accept-Encoding"))
    headers += validators
    headers += resp.headers
    chunked = resp.chunked and http11 and status != 304 and req.method != "HEAD"
    if chunked:
        headers.append(("Transfer-Encoding", "chunked"))
    elif status != 304:
        headers.append(("Content-Length", str(len(body))))
    if close:
        headers.append(("Connection", "close"))
    reason = http.HTTPStatus(status).phrase
    head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    wire_body = b""
    if req.method != "HEAD" and status != 304:
        if chunked:
            parts = [body[i : i + CHUNK_SIZE] for i in range(0, len(body), CHUNK_SIZE)]
            wire_body = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"
        else:
            wire_body = body
    return SentResponse(
        site=site.key,
        method=req.method,
        path=req.target,
        status=status,
        reason=reason,
        headers=headers,
        head=head.encode("latin-1"),
        body=body if req.method != "HEAD" else b"",
        wire_body=wire_body,
        decoded=decoded if status != 304 else b"",
        chunked=chunked,
    )
