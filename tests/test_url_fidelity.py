"""Links are fetched with exactly the bytes linked, and every link of a page is found.

A small site on 127.0.0.1 answers 200 only to the exact request targets it links to
(anything else is a 404) and logs every request line as it arrived.  One real crawl
(`bdt crawl`) must request each linked target byte for byte and archive it under that
URL (catalog row and WARC-Target-URI); a second crawl must not fetch the archived
files again.  Expected targets come from the URL standard (a path is escaped as
UTF-8, escapes already there are kept), not from the crawler's code.

Catalog on SQLite only: this tests the crawler's URLs; the rows it writes are the same on
PostgreSQL, where test_shared_catalog, test_incremental, test_crash_recovery and
test_scheduler crawl with it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from archive.warc.reader import read_record
from tests.conftest import run_bdt, write_registry
from tests.support.archive_checks import assert_catalog_matches_warcs, assert_warc_file_ok
from tests.support.archive_checks import warc_files as archive_warcs

SITE_ID = "url-fidelity"
# Non-ASCII link text of the UTF-8 page that declares windows-1258; browsers send a
# path as UTF-8 escapes (URL standard, path percent-encode set).
VI_PATH = "/tin-tức/đại-hội-đại-biểu.html"
VI_TARGET = quote(VI_PATH.encode("utf-8"), safe="/")
NESTING = 320

# request target linked -> (content type, body); the href is the target itself
LEAVES: dict[str, tuple[str, bytes]] = {
    "/tai-lieu/a%2Fb.html": ("text/html; charset=utf-8", b"<p>slash kept escaped</p>"),
    "/khuyen-mai-100%25.html": ("text/html; charset=utf-8", b"<p>percent sign</p>"),
    "/tep/bao%2520cao.pdf": ("application/pdf", b"%PDF-1.4 double escaped"),
    # windows-1258 bytes E1 = "á" in a 3cms-era link: not UTF-8, kept byte for byte
    "/tin/b%E1o-c%E1o.html": ("text/html; charset=windows-1258", b"<p>b\xe1o c\xe1o</p>"),
    # a WordPress date permalink whose month is its day
    "/2024/01/01/le-hoi-dau-nam/": ("text/html; charset=utf-8", b"<p>date permalink</p>"),
    # a document folder named like its parent
    "/van-ban/van-ban/qd-12-2024.pdf": ("application/pdf", b"%PDF-1.4 folder"),
    "/files?dir=/2024/qd": ("text/html; charset=utf-8", b"<p>folder qd</p>"),
    "/files?dir=/2024/tb": ("text/html; charset=utf-8", b"<p>folder tb</p>"),
    "/sau-khi-long-sau.html": ("text/html; charset=utf-8", b"<p>after the nesting</p>"),
    VI_TARGET: ("text/html; charset=utf-8", b"<p>linked from a mislabelled page</p>"),
    # only ever linked with a session id: fetched with it, as linked
    "/chi-tiet.html;jsessionid=ABC123": ("text/html; charset=utf-8", b"<p>session</p>"),
    # linked from the home page with ?redirect=<home> and, deeper, without it
    "/bai-viet.html": ("text/html; charset=utf-8", b"<p>clean link preferred</p>"),
}
NOISY_TWIN = "/bai-viet.html?redirect=%2F"  # served too, but a clean link to it exists
FILES = [target for target, (kind, _) in LEAVES.items() if kind == "application/pdf"]


def _page(body: str) -> bytes:
    return f"<html><head><title>t</title></head><body>{body}</body></html>".encode()


def _pages() -> dict[str, tuple[str, bytes]]:
    deeper = ("/sau-khi-long-sau.html", VI_TARGET, "/bai-viet.html")
    home_links = [t for t in LEAVES if t not in deeper] + [NOISY_TWIN]
    home = _page("".join(f'<a href="{t}">{i}</a> ' for i, t in enumerate(home_links))
                 + '<a href="/long-sau.html">deep</a> <a href="/khai-bao-1258.html">vi</a>')
    deep = _page("<div>" * NESTING + "<p>inner</p>" + "</div>" * NESTING
                 + '<p><a href="/sau-khi-long-sau.html">after</a></p>'
                 + '<p><a href="/bai-viet.html">clean</a></p>')
    mislabelled = (  # declares windows-1258 (header and meta), sends UTF-8
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
        f'<title>Đại hội</title></head><body><p>Đại hội đại biểu các dân tộc thiểu số</p>'
        f'<a href="{VI_PATH}">Đại hội</a></body></html>').encode()
    return {
        "/": ("text/html; charset=utf-8", home),
        "/long-sau.html": ("text/html; charset=utf-8", deep),
        "/khai-bao-1258.html": ("text/html; charset=windows-1258", mislabelled),
        NOISY_TWIN: LEAVES["/bai-viet.html"],
        **{t: (kind, body if kind == "application/pdf" else _page(body.decode("latin-1")))
           for t, (kind, body) in LEAVES.items()},
    }


@dataclass
class ExactSite:
    """Serves pages at exact request targets; logs each request target as received."""

    pages: dict[str, tuple[str, bytes]]
    log: list[str] = field(default_factory=list)

    def handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - stdlib naming
                site.log.append(self.path)  # the request line's target, undecoded
                kind, body = site.pages.get(self.path, ("text/plain", b"not found"))
                self.send_response(200 if self.path in site.pages else 404)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler


@pytest.fixture
def site() -> Iterator[tuple[ExactSite, str]]:
    exact = ExactSite(_pages())
    server = ThreadingHTTPServer(("127.0.0.1", 0), exact.handler())
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield exact, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _crawl(registry: Path, archive: Path) -> None:
    run_bdt("crawl", SITE_ID, "--registry", str(registry), "--archive", str(archive),
            check=True)


def test_links_are_fetched_and_archived_byte_exact(site, tmp_path):
    exact, base = site
    registry = write_registry(tmp_path / "sites.yaml", [{
        "id": SITE_ID, "name": "URL fidelity", "province": "Sơn La",
        "start_urls": [base + "/"], "allow_private_network": True}])
    archive = tmp_path / "archive"
    _crawl(registry, archive)

    requested = set(exact.log)
    missing = [t for t in LEAVES if t not in requested]
    assert not missing, f"never requested as linked: {missing}; requested: {sorted(requested)}"
    wrong = [t for t in requested if t not in exact.pages
             and t not in ("/robots.txt", "/sitemap.xml")]
    assert not wrong, f"requested targets that were never linked: {wrong}"
    assert NOISY_TWIN not in requested, "a clean link to the same page was there"

    layout = ArchiveLayout.at(archive)
    with Catalog(layout.catalog) as catalog:
        captures = {c.url: c for c in catalog.captures(site_id=SITE_ID)}
    for target in LEAVES:
        capture = captures.get(base + target)
        assert capture is not None and capture.status == 200, (target, sorted(captures))
        record = read_record(layout.absolute(capture.warc_file), capture.warc_offset)
        assert record.target_uri == base + target
        assert record.decoded_body().endswith(exact.pages[target][1][-20:])
    assert assert_catalog_matches_warcs(archive) >= len(LEAVES)
    for path in archive_warcs(archive):
        assert_warc_file_ok(path)

    # A second crawl finds the archived files by the URL they were fetched at.
    exact.log.clear()
    _crawl(registry, archive)
    again = [t for t in FILES if t in exact.log]
    assert not again, f"archived files fetched again: {again}"
    assert "/" in exact.log, "the second crawl did not run"
