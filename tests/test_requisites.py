"""Page requisites: a portal sub-site's theme (outside its path prefix) and a CDN on another
host are archived as embeds, once, and replay with the page; links in them are not followed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from archive.requisites import css_requisites, page_requisites
from tests.conftest import run_bdt, write_registry
from tests.support.archive_checks import assert_warc_file_ok, warc_files
from tests.support.pywb import PywbReplay

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


def _portal(cdn: str) -> dict[str, tuple[str, bytes]]:
    """The portal: a sub-site under /sites/bdt, its theme under /o/ and the root."""
    page = f"""<!DOCTYPE html><html><head><title>Ban Dân tộc</title>
<link rel="stylesheet" href="/o/theme/css/main.css?t=1">
<link rel="stylesheet" href="{cdn}/lib/grid.css">
<link rel="shortcut icon" href="/favicon.ico">
<script src="/o/js/app.js"></script>
<style>.hero{{background:url('/o/theme/images/hero.png')}}</style>
</head><body><img src="/o/theme/images/logo.png" alt="logo">
<a href="/sites/bdt/tin-tuc/a.html">Tin A</a><a href="/other/page.html">elsewhere</a>
</body></html>"""
    return {
        "/sites/bdt/": ("text/html; charset=utf-8", page.encode()),
        "/sites/bdt/tin-tuc/a.html": ("text/html; charset=utf-8",
                                      b"<html><body><p>Tin A</p></body></html>"),
        "/o/theme/css/main.css": ("text/css", b'@import "fonts.css";\n'
                                  b"body{background:url(../images/bg.png)} /* url(no.png) */\n"
                                  b".x{background:url(data:image/png;base64,AAAA)}"),
        "/o/theme/css/fonts.css": ("text/css", b"@font-face{font-family:R;src:"
                                   b"url('/o/theme/fonts/r.woff2') format('woff2')}"),
        "/o/theme/images/bg.png": ("image/png", PNG),
        "/o/theme/images/hero.png": ("image/png", PNG),
        "/o/theme/images/logo.png": ("image/png", PNG),
        "/o/theme/fonts/r.woff2": ("font/woff2", b"wOF2" + b"\0" * 60),
        "/o/js/app.js": ("application/javascript",
                         b"var next='/sites/bdt/secret.html'; /* a link, never followed */"),
        "/favicon.ico": ("image/x-icon", PNG),
        "/sites/bdt/secret.html": ("text/html", b"<html>secret</html>"),
        "/other/page.html": ("text/html", b"<html>other</html>"),
    }


CDN_FILES = {"/lib/grid.css": ("text/css", b".row{background-image:url(dot.png)}"
                                           b".no{background:url(/private/x.png)}"),
             "/lib/dot.png": ("image/png", PNG),
             "/private/x.png": ("image/png", PNG),
             "/robots.txt": ("text/plain", b"User-agent: *\nDisallow: /private/\n")}


class Site(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    files: dict[str, tuple[str, bytes]] = {}
    log: list[tuple[str, str, int]] = []  # (server, path, body bytes sent)
    name = ""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        found = self.files.get(self.path.split("?")[0])
        etag = '"v1"'
        if found is None:
            status, ctype, body = 404, "text/plain", b""
        elif self.headers.get("If-None-Match") == etag:
            status, ctype, body = 304, found[0], b""
        else:
            status, (ctype, body) = 200, found
        self.log.append((self.name, self.path, len(body)))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@dataclass
class Servers:
    portal: str
    cdn: str
    log: list[tuple[str, str, int]]


def _serve(name: str, files: dict, log: list) -> ThreadingHTTPServer:
    handler = type(f"{name}Handler", (Site,), {"files": files, "log": log, "name": name})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def servers() -> Iterator[Servers]:
    log: list[tuple[str, str, int]] = []
    cdn = _serve("cdn", CDN_FILES, log)
    cdn_url = f"http://127.0.0.1:{cdn.server_address[1]}"
    portal = _serve("portal", _portal(cdn_url), log)
    try:
        yield Servers(f"http://127.0.0.1:{portal.server_address[1]}", cdn_url, log)
    finally:
        for server in (portal, cdn):
            server.shutdown()
            server.server_close()


def _registry(tmp_path: Path, servers: Servers, **extra: object) -> Path:
    host = servers.portal.removeprefix("http://")
    return write_registry(tmp_path / "sites.yaml", [{
        "id": "portal", "name": "Ban Dân tộc tỉnh Thử", "province": "Thái Nguyên",
        "start_urls": [f"{servers.portal}/sites/bdt/"], "allow_private_network": True,
        "scope": {"hosts": [host], "path_prefix": "/sites/bdt"}, **extra}])


def _crawl(tmp_path: Path, registry: Path, *settings: str) -> None:
    run_bdt("crawl", "portal", "--registry", str(registry), "--archive",
            str(tmp_path / "archive"), "--no-extract", *settings, check=True)


THEME = {"/o/theme/css/main.css?t=1", "/o/theme/css/fonts.css", "/o/theme/images/bg.png",
         "/o/theme/images/hero.png", "/o/theme/images/logo.png", "/o/theme/fonts/r.woff2",
         "/o/js/app.js", "/favicon.ico"}


def test_css_and_page_requisites_parsed_as_written() -> None:
    files = _portal("https://cdn.example.net")
    base = "http://portal.example.vn/sites/bdt/"
    css = files["/o/theme/css/main.css"][1].decode()
    assert css_requisites(css, "http://portal.example.vn/o/theme/css/main.css") == [
        "http://portal.example.vn/o/theme/css/fonts.css",
        "http://portal.example.vn/o/theme/images/bg.png"]  # not the comment, not data:
    found = page_requisites(files["/sites/bdt/"][1], base)
    assert found == [
        "http://portal.example.vn/o/theme/css/main.css?t=1", "https://cdn.example.net/lib/grid.css",
        "http://portal.example.vn/favicon.ico", "http://portal.example.vn/o/js/app.js",
        "http://portal.example.vn/o/theme/images/logo.png",
        "http://portal.example.vn/o/theme/images/hero.png"]


def test_requisites_archived_once_and_replayed_with_the_page(servers, tmp_path) -> None:
    registry = _registry(tmp_path, servers)
    _crawl(tmp_path, registry)
    first = list(servers.log)
    portal_paths = {path for name, path, _ in first if name == "portal"}
    assert THEME <= portal_paths, THEME - portal_paths
    # the CDN's robots.txt is obeyed for its files too
    assert {path for name, path, _ in first if name == "cdn"} == {"/robots.txt", "/lib/grid.css",
                                                                  "/lib/dot.png"}
    # embeds are never a source of links; the scope still holds for pages
    assert "/sites/bdt/secret.html" not in portal_paths
    assert "/other/page.html" not in portal_paths

    del servers.log[:]
    _crawl(tmp_path, registry)
    second = list(servers.log)
    refetched = {path for _, path, _ in second} & (THEME | {"/lib/grid.css", "/lib/dot.png"})
    assert not refetched, f"requisites are re-checked like attachments, not every run: {refetched}"
    first_bytes = sum(n for _, _, n in first)
    assert sum(n for _, _, n in second) <= 0.10 * first_bytes

    archive = tmp_path / "archive"
    for path in warc_files(archive):
        assert_warc_file_ok(path)
    with PywbReplay(warc_files(archive), tmp_path / "pywb") as replay:
        page = f"{servers.portal}/sites/bdt/"
        status, _, body = replay.get_id(page)  # newest: the second crawl's 304
        assert status == 200 and b"/o/theme/css/main.css" in body
        files = _portal(servers.cdn)
        for path in THEME:
            status, _, body = replay.get_id(servers.portal + path)
            assert (status, body) == (200, files[path.split("?")[0]][1]), path
        status, _, body = replay.get_id(f"{servers.cdn}/lib/grid.css")
        assert (status, body) == (200, CDN_FILES["/lib/grid.css"][1])


def test_registry_turns_requisites_off(servers, tmp_path) -> None:
    _crawl(tmp_path, _registry(tmp_path, servers, requisites=False))
    fetched = {path for _, path, _ in servers.log}
    assert not fetched & (THEME - {"/o/theme/images/logo.png"}), fetched
    assert not any(name == "cdn" for name, _, _ in servers.log)


def test_requisite_budget_per_run(servers, tmp_path) -> None:
    _crawl(tmp_path, _registry(tmp_path, servers), "-s", "BDT_REQUISITE_BUDGET=3")
    fetched = {path for _, path, _ in servers.log} & (THEME | set(CDN_FILES) - {"/robots.txt"})
    assert len(fetched) == 3, fetched


def test_no_images_as_requisites_when_images_are_off(servers, tmp_path) -> None:
    _crawl(tmp_path, _registry(tmp_path, servers), "-s", "BDT_CAPTURE_IMAGES=0")
    fetched = {path for _, path, _ in servers.log}
    assert {"/o/theme/css/main.css?t=1", "/o/js/app.js", "/o/theme/fonts/r.woff2"} <= fetched
    assert not {p for p in fetched if p.endswith((".png", ".ico"))}, fetched
