"""A `br`-encoded page is archived as sent and parsed for links (one brotli in the crawler).

pywb's brotlipy installs a module also called `brotli` that Scrapy cannot use; with it
beside Scrapy, `br` pages were stored but never decoded, so their links were lost.
pywb now lives in its own virtualenv (.venv-pywb).

Catalog on SQLite only: this tests the crawler's decoding; the rows it writes are the same on
PostgreSQL, where test_shared_catalog, test_incremental, test_crash_recovery and
test_scheduler crawl with it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import PackageNotFoundError, distribution

import brotli
import pytest

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from archive.warc import read_record
from tests.conftest import run_bdt, write_registry
from tests.support.archive_checks import assert_warc_file_ok, warc_files

PAGES = {
    "/": '<html><head><title>Trang chủ</title></head><body><a href="/tin-tuc/a.html">A</a>'
         '<a href="/tin-tuc/b.html">B</a></body></html>',
    "/tin-tuc/a.html": "<html><body><p>Bài A</p><a href='/tin-tuc/c.html'>C</a></body></html>",
    "/tin-tuc/b.html": "<html><body><p>Bài B</p></body></html>",
    "/tin-tuc/c.html": "<html><body><p>Bài C</p></body></html>",
}


class BrotliSite(BaseHTTPRequestHandler):
    """Answers every page with `Content-Encoding: br`, as some servers do unasked."""

    protocol_version = "HTTP/1.1"
    requested: list[str] = []

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self.requested.append(self.path)
        page = PAGES.get(self.path)
        if page is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = brotli.compress(page.encode())
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Encoding", "br")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site() -> Iterator[tuple[str, list[str]]]:
    BrotliSite.requested = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), BrotliSite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", BrotliSite.requested
    finally:
        server.shutdown()
        server.server_close()


def test_only_one_brotli_in_the_crawler_environment() -> None:
    for foreign in ("brotlipy", "pywb", "brotlicffi"):
        with pytest.raises(PackageNotFoundError):
            distribution(foreign)
    assert brotli.decompress(brotli.compress(b"x" * 100)) == b"x" * 100


def test_br_page_links_are_followed_and_stored_encoded(site, tmp_path) -> None:
    host, requested = site
    registry = write_registry(tmp_path / "sites.yaml", [{
        "id": "br-site", "name": "Ban Dân tộc tỉnh Thử", "province": "Thái Nguyên",
        "start_urls": [f"http://{host}/"], "allow_private_network": True}])
    archive = tmp_path / "archive"
    run_bdt("crawl", "br-site", "--registry", str(registry), "--archive", str(archive),
            "--no-extract", check=True)
    assert set(PAGES) <= set(requested), requested  # c.html is two br pages deep
    with Catalog(ArchiveLayout.at(archive).catalog) as catalog:
        home = catalog.last_capture(f"http://{host}/")
    assert home is not None
    record = read_record(ArchiveLayout.at(archive).absolute(home.warc_file), home.warc_offset)
    assert record.http_header("Content-Encoding") == "br"
    assert brotli.decompress(record.payload) == PAGES["/"].encode()
    for path in warc_files(archive):
        assert_warc_file_ok(path)
