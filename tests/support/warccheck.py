"""Helpers for WARC tests: run every check the project relies on; sample exchanges."""

from __future__ import annotations

import gzip
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from archive.warc.check import check_warc
from archive.warc.exchange import HttpExchange


def _tool(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


# warcio's own checker, with its `br` decoding adapted to Google's brotli
WARCIO_CHECK = [sys.executable, "-m", "archive.warc.brotli_compat", "check", "-v"]


def warcio_check(path: Path) -> subprocess.CompletedProcess[str]:
    """``warcio check -v FILE`` (exit 0 = all digests verify)."""
    return subprocess.run(WARCIO_CHECK + [str(path)], capture_output=True, text=True,
                          timeout=120)


def gzip_test(path: Path) -> subprocess.CompletedProcess[str]:
    """``gzip -t FILE`` (exit 0 = every gzip member whole)."""
    return subprocess.run(["gzip", "-t", str(path)], capture_output=True, text=True, timeout=120)


def assert_warc_ok(path: Path) -> None:
    """Fail unless ``warcio check``, ``gzip -t`` and ``check_warc`` all pass."""
    result = warcio_check(path)
    assert result.returncode == 0, f"warcio check failed for {path}:\n{result.stdout}"
    result = gzip_test(path)
    assert result.returncode == 0, f"gzip -t failed for {path}:\n{result.stderr}"
    problems = check_warc(path)
    assert problems == [], f"check_warc({path}):\n" + "\n".join(problems)


# -- sample exchanges ---------------------------------------------------------------

BASE_TIME = datetime(2024, 5, 1, 10, 0, 0, tzinfo=UTC)
HTML = (
    "<!doctype html><html><head><meta charset=utf-8><title>Ban Dân tộc</title></head>"
    "<body><p>Tin tức về công tác dân tộc.</p></body></html>"
)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
REQUEST_HEADERS = [
    ("User-Agent", "bandantoc-archive/test (+https://example.org/bot)"),
    ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
    ("Accept-Encoding", "gzip, deflate"),
]


def exchange(url: str, **overrides: object) -> HttpExchange:
    """An HttpExchange with sensible defaults (200, text/plain, BASE_TIME)."""
    fields: dict[str, object] = {
        "url": url,
        "status": 200,
        "response_headers": [("Content-Type", "text/plain")],
        "body": b"plain text",
        "request_headers": list(REQUEST_HEADERS),
        "fetched_at": BASE_TIME,
        "ip_address": "127.0.0.1",
    }
    fields.update(overrides)
    return HttpExchange(**fields)  # type: ignore[arg-type]


def sample_exchanges() -> dict[str, HttpExchange]:
    """The cases every writer test covers, by name."""
    html = HTML.encode()
    gz = gzip.compress(html, mtime=0)
    return {
        "gzip": exchange(
            "http://sdt.example.vn/tin-tuc/bai-1.html?id=1",
            response_headers=[
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Encoding", "gzip"),
                ("Content-Length", str(len(gz))),
                ("Vary", "Accept-Encoding"),
            ],
            body=gz,
            via="http://sdt.example.vn/",
            hops="L",
            fetch_ms=42,
            outlinks=["http://sdt.example.vn/tin-tuc/bai-2.html", "http://sdt.example.vn/a.pdf"],
        ),
        "chunked": exchange(
            "http://sdt.example.vn/chunked",
            response_headers=[
                ("Content-Type", "text/html; charset=utf-8"),
                ("Transfer-Encoding", "chunked"),
                ("Connection", "keep-alive"),
                ("Keep-Alive", "timeout=5"),
            ],
            body=html,
            fetched_at=BASE_TIME + timedelta(seconds=1),
        ),
        "pdf": exchange(
            "http://sdt.example.vn/van-ban/qd-01.pdf",
            response_headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", str(len(PDF))),
                ("Content-Disposition", 'attachment; filename="qd-01.pdf"'),
            ],
            body=PDF,
            fetched_at=BASE_TIME + timedelta(seconds=2),
        ),
        "cookies": exchange(
            "http://sdt.example.vn/login",
            response_headers=[
                ("Content-Type", "text/html"),
                ("Set-Cookie", "PHPSESSID=abc123; path=/; HttpOnly"),
                ("Set-Cookie", "lang=vi; path=/; Max-Age=3600"),
                ("Content-Length", "2"),
            ],
            body=b"ok",
            fetched_at=BASE_TIME + timedelta(seconds=3),
        ),
        "h2": exchange(
            "https://sdt.example.vn/h2",
            protocol="h2",
            response_headers=[("content-type", "text/html"), ("content-length", "5")],
            body=b"hello",
            request_headers=[("user-agent", "bandantoc-archive/test")],
            fetched_at=BASE_TIME + timedelta(seconds=4),
        ),
    }
