"""A generated portal of N articles, crawled twice by `bdt crawl`: time, requests, bytes.

    .venv/bin/python benchmarks/portal_crawl.py [--articles 10000] [--per-page 20]

The portal (served on 127.0.0.1, gzip, ETag/304 like the agencies' CMSs) has a home page,
N/per-page listing pages (`/tin-tuc/trang-P`, each linking its articles and the next and
previous pages), a sitemap index (named in robots.txt) of sitemaps of 1,000 articles each
(a crawl's depth limit would stop in the pager long before page 500), and N articles of
realistic size: a CMS page of ~47 kB of HTML (~10 kB gzipped), most of it menus, sidebars
and inline CSS, 2-6 kB of it the article's text.
The text is generated from a fixed syllable list with a fixed seed: no third-party text.
The first crawl fetches everything; the second crawl of the unchanged portal re-reads only
listings, conditionally (304), and skips the archived articles (fresh leaves), so its bytes
on the wire are the ratio reported (the issue asks for at most 10% of the first crawl's).
`--no-extract` by default: the extraction's speed is benchmarks/extract_speed.py's part.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conftest import write_registry  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BDT = str(Path(sys.executable).with_name("bdt"))
SYLLABLES = ("dân tộc thiểu số miền núi chương trình mục tiêu quốc gia phát triển kinh tế "
             "xã hội vùng đồng bào huyện xã thôn bản hộ nghèo hỗ trợ nhà ở đất sản xuất nước "
             "sinh hoạt giáo dục y tế văn hóa truyền thống lễ hội cán bộ người có uy tín ban "
             "tỉnh ủy ban nhân dân hội nghị triển khai kế hoạch năm thực hiện chính sách đầu tư "
             "hạ tầng giao thông điện trường học trạm").split()
SLUG = ("dan", "toc", "mien", "nui", "chuong", "trinh", "phat", "trien", "kinh", "te", "xa",
        "hoi", "ho", "ngheo", "tro", "giup", "van", "hoa", "le", "truyen", "thong", "tinh")
CHROME_LINKS = 240  # menu, sidebar and footer links of a provincial portal page


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(SYLLABLES) for _ in range(count))


def chrome(rng: random.Random) -> tuple[str, str]:
    """The page's header/menu and sidebar/footer: the bulk of a CMS page's bytes."""
    menu = "".join(f'<li><a href="/chuyen-muc/{i}">{words(rng, 4)}</a></li>'
                   for i in range(CHROME_LINKS // 2))
    side = "".join(f'<li><a href="/lien-ket/{i}">{words(rng, 6)}</a></li>'
                   for i in range(CHROME_LINKS // 2))
    style = "<style>" + " ".join(f".c{i}{{margin:{i}px;padding:{i % 7}px}}"
                                 for i in range(900)) + "</style>"
    head = (f"<!DOCTYPE html><html lang=vi><head><meta charset=utf-8><title>Ban Dân tộc"
            f"</title>{style}</head><body><header><nav><ul>{menu}</ul></nav></header>")
    foot = (f"<aside><ul>{side}</ul></aside><footer><p>{words(rng, 60)}</p></footer>"
            "</body></html>")
    return head, foot


class Portal:
    """Pages by path; bodies built once, on first request (deterministic from the path)."""

    def __init__(self, articles: int, per_page: int):
        self.articles, self.per_page = articles, per_page
        self.pages = (articles + per_page - 1) // per_page
        self.head, self.foot = chrome(random.Random(1))
        self.bytes_sent = 0
        self.requests = 0
        self.not_modified = 0
        self.lock = threading.Lock()
        self.base = ""  # http://host:port, once the server listens

    def body(self, path: str) -> bytes | None:
        if path == "/robots.txt":
            return (f"User-agent: *\nAllow: /\nSitemap: {self.base}/sitemap.xml\n").encode()
        if path == "/sitemap.xml":
            children = "".join(f"<sitemap><loc>{self.base}/sitemap-{i}.xml</loc></sitemap>"
                               for i in range((self.articles + 999) // 1000))
            return (f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns='
                    f'"http://www.sitemaps.org/schemas/sitemap/0.9">{children}</sitemapindex>'
                    ).encode()
        if path.startswith("/sitemap-") and path.endswith(".xml"):
            number = path.removeprefix("/sitemap-").removesuffix(".xml")
            if number.isdigit() and int(number) * 1000 < self.articles:
                first = int(number) * 1000
                urls = "".join(f"<url><loc>{self.base}{self.article_path(i)}</loc></url>"
                               for i in range(first, min(first + 1000, self.articles)))
                return (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns='
                        f'"http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
                        ).encode()
            return None
        if path in ("/", "/tin-tuc/trang-1"):
            return self.listing(1)
        if path.startswith("/tin-tuc/trang-"):
            number = path.removeprefix("/tin-tuc/trang-")
            if number.isdigit() and 1 <= int(number) <= self.pages:
                return self.listing(int(number))
            return None
        if path.startswith("/tin-tuc/") and path.endswith(".html"):
            number = path.removesuffix(".html").rsplit("-", 1)[-1]
            if number.isdigit() and int(number) < self.articles \
                    and path == self.article_path(int(number)):
                return self.article(int(number))
        return None

    def article_path(self, number: int) -> str:
        """`/tin-tuc/<slug>-<n>.html`: a slug per article, as the CMSs write them."""
        slug = "-".join(random.Random(f"slug-{number}").choice(SLUG) for _ in range(7))
        return f"/tin-tuc/{slug}-{number}.html"

    def listing(self, page: int) -> bytes:
        rng = random.Random(f"listing-{page}")
        first = (page - 1) * self.per_page
        items = "".join(
            f'<li><a href="{self.article_path(i)}">{words(rng, 12)}</a><p>{words(rng, 25)}</p>'
            "</li>" for i in range(first, min(first + self.per_page, self.articles)))
        pager = "".join(f'<a href="/tin-tuc/trang-{p}">{p}</a> '
                        for p in (page - 1, page + 1, self.pages) if 1 <= p <= self.pages)
        return (f"{self.head}<main><h1>Tin tức - trang {page}</h1><ul class=list>{items}</ul>"
                f"<div class=pager>{pager}</div></main>{self.foot}").encode()

    def article(self, number: int) -> bytes:
        rng = random.Random(f"article-{number}")
        paragraphs = "".join(f"<p>{words(rng, rng.randint(40, 120))}.</p>"
                             for _ in range(rng.randint(4, 9)))
        day = 1 + number % 28
        return (f"{self.head}<main><article><h1>{words(rng, 14)}</h1>"
                f"<div class=date>{day:02d}/{1 + number % 12:02d}/2025</div>{paragraphs}"
                f"</article></main>{self.foot}").encode()


def handler_for(portal: Portal) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:  # noqa: N802
            body = portal.body(self.path.split("?")[0])
            if body is None:
                self.send_response(404)
                payload, headers = b"not found", {"Content-Type": "text/plain"}
                status = 404
            else:
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    status, payload, headers = 304, b"", {"ETag": etag}
                else:
                    kind = ("text/plain" if self.path == "/robots.txt" else "application/xml"
                            if self.path.endswith(".xml") else "text/html; charset=utf-8")
                    status, payload = 200, body
                    headers = {"Content-Type": kind, "ETag": etag}
                    if "gzip" in (self.headers.get("Accept-Encoding") or ""):
                        payload = gzip.compress(body, 6)
                        headers["Content-Encoding"] = "gzip"
                self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if status != 304:
                self.wfile.write(payload)
            with portal.lock:
                portal.requests += 1
                portal.not_modified += status == 304
                # the body, and ~200 bytes for the status line and headers
                portal.bytes_sent += len(payload) + 200

    return Handler


def crawl(portal: Portal, registry: Path, archive: Path, extract: bool) -> dict[str, float]:
    before = portal.requests, portal.bytes_sent, portal.not_modified
    start = time.perf_counter()
    command = [BDT, "crawl", "portal-bench", "--registry", str(registry), "--archive",
               str(archive)]
    if not extract:
        command.append("--no-extract")
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"bdt crawl failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return {"seconds": seconds, "requests": portal.requests - before[0],
            "bytes": portal.bytes_sent - before[1], "not_modified": portal.not_modified
            - before[2]}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--per-page", type=int, default=20)
    parser.add_argument("--extract", action="store_true", help="also extract after crawling")
    args = parser.parse_args(argv)
    portal = Portal(args.articles, args.per_page)
    sizes = [len(portal.article(i)) for i in range(0, args.articles, max(1, args.articles // 50))]
    zipped = [len(gzip.compress(portal.article(i), 6))
              for i in range(0, args.articles, max(1, args.articles // 50))]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(portal))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"127.0.0.1:{server.server_address[1]}"
    portal.base = f"http://{host}"
    try:
        with tempfile.TemporaryDirectory(prefix="bdt-portal-") as tmp:
            root = Path(tmp)
            registry = write_registry(root / "sites.yaml", [{
                "id": "portal-bench", "name": "Ban Dân tộc tỉnh Bench", "province": "An Giang",
                "start_urls": [f"http://{host}/"], "allow_private_network": True,
                "requisites": False, "max_pages": args.articles * 2 + 100}])
            first = crawl(portal, registry, root / "archive", args.extract)
            second = crawl(portal, registry, root / "archive", args.extract)
            warc = sum(p.stat().st_size for p in (root / "archive").rglob("*.warc.gz"))
    finally:
        server.shutdown()
    mib = 1 << 20
    print(f"portal: {args.articles} articles, {portal.pages} listing pages; article HTML "
          f"{min(sizes) / 1024:.0f}-{max(sizes) / 1024:.0f} kB, gzipped "
          f"{min(zipped) / 1024:.0f}-{max(zipped) / 1024:.0f} kB")
    for name, run in (("first crawl", first), ("second crawl", second)):
        print(f"  {name:<13} {run['seconds']:7.1f} s  {run['requests']:6d} requests "
              f"({run['requests'] / run['seconds']:.0f}/s)  {run['bytes'] / mib:8.1f} MiB on "
              f"the wire  {run['not_modified']} answered 304")
    ratio = second["bytes"] / first["bytes"]
    print(f"  second/first bytes: {ratio:.5f} (at most 0.10 asked); WARCs {warc / mib:.0f} MiB")
    return 0 if ratio <= 0.10 else 1


if __name__ == "__main__":
    sys.exit(main())
