"""A generated portal of N articles: CPU per page of our crawl and extraction against plain
Scrapy and plain trafilatura, interleaved in one run; RSS over the crawl; a second crawl's bytes.

    .venv/bin/python benchmarks/portal_crawl.py [--articles 10000] [--rounds 2]
        [--json OUT.json] [--work LOGDIR] [--scrapy-pages N] [--trafilatura-stride K]
        [--extraction-pairs P]

The portal (served on 127.0.0.1, gzip, ETag/304 like the agencies' CMSs) has a home page,
N/per-page listing pages (`/tin-tuc/trang-P`, each linking its articles and the next and
previous pages), a sitemap index (named in robots.txt) of sitemaps of 1,000 articles each
(a crawl's depth limit would stop in the pager long before page 500), and N articles of
realistic size: a CMS page of ~47 kB of HTML (~10 kB gzipped), most of it menus, sidebars
and inline CSS, 2-6 kB of it the article's text.
The text is generated from a fixed syllable list with a fixed seed: no third-party text.

Each round runs, on the same portal and under the same conditions (order alternating
between rounds): a plain Scrapy spider (benchmarks/plain_scrapy.py: same links, same
concurrency and zero delay, nothing stored); plain ``trafilatura.extract`` on the pages as
that spider's ``response.text``, in this process (thread CPU time); and ours: ``bdt crawl
--no-extract`` into a fresh archive, ``bdt reextract`` (the extraction stage over it, the
same code ``bdt crawl`` runs after a crawl), then a second ``bdt crawl`` of the unchanged
portal, which re-reads only listings, conditionally (304), and skips the archived articles
(fresh leaves): its bytes on the wire against the first crawl's (at most 10% asked).
A command's CPU is user + system time of its process and children (RUSAGE_CHILDREN);
the RSS of the first crawl's process tree is read from /proc every second, with the
requests served so far: growth per 10,000 pages is fitted past the warm-up (the first
tenth of the requests, at least 1,000; at most 5 MB asked). Exit status 1 when a bound
is missed.

The extraction figure of a round compares two runs minutes apart, and CPU time on a shared
machine drifts by 10% or more over minutes.  ``--extraction-pairs P`` then also runs, on
the last round's crawl, P pairs back to back (order alternating): ``bdt reextract`` on a
fresh copy of the crawled archive, and plain trafilatura on the same pages; it reports each
pair's ratio and their median (the issue's bound: 1.15).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

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
        rng = random.Random(f"slug-{number}")
        slug = "-".join(rng.choice(SLUG) for _ in range(7))
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
        # headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm and
        # the client's delayed ACK hold every response back ~40 ms (wall time, not CPU)
        disable_nagle_algorithm = True

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


LISTINGS_READ = 14  # home and listing pages 1-13: the pager pages within the depth limit
WARMUP_SHARE = 10  # the first tenth of a crawl's requests (at least 1,000) is its warm-up
RSS_LIMIT_MB = 5.0  # the bound: RSS growth per 10,000 pages after warm-up
MB = 1_000_000
MIB = 1 << 20


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (from /proc/<pid>/task/*/children)."""
    found, index = [pid], 0
    while index < len(found):
        for children in Path(f"/proc/{found[index]}/task").glob("*/children"):
            try:
                found.extend(int(child) for child in children.read_text().split())
            except OSError:
                pass
        index += 1
    return found


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and its descendants (0 once it has exited)."""
    total = 0
    for member in descendants(pid):
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


class RssSampler(threading.Thread):
    """(seconds, requests served so far, RSS bytes of the process tree) every second."""

    def __init__(self, pid: int, portal: Portal, interval: float = 1.0):
        super().__init__(daemon=True)
        self.pid, self.portal, self.interval = pid, portal, interval
        self.first_request = portal.requests
        self.start_time = time.perf_counter()
        self.samples: list[tuple[float, int, int]] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.interval):
            rss = tree_rss(self.pid)
            if rss:
                self.samples.append((round(time.perf_counter() - self.start_time, 2),
                                     self.portal.requests - self.first_request, rss))


def run_child(portal: Portal, command: list[str], log: Path, *,
              sample_rss: bool = False) -> dict[str, Any]:
    """Run one command to its end: CPU of it and its children (user + system), wall time,
    what the portal served meanwhile, and the RSS samples when asked."""
    before_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = portal.requests, portal.bytes_sent, portal.not_modified
    start = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
        sampler = RssSampler(process.pid, portal) if sample_rss else None
        if sampler is not None:
            sampler.start()
        process.wait()
    if sampler is not None:
        sampler.done.set()
        sampler.join()
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode:
        sys.exit(f"{command[1]} {command[2]} failed (exit {process.returncode}): see {log}\n"
                 + log.read_text(errors="replace")[-2000:])
    return {"cpu": (usage.ru_utime - before_usage.ru_utime)
            + (usage.ru_stime - before_usage.ru_stime),
            "seconds": seconds, "requests": portal.requests - before[0],
            "bytes": portal.bytes_sent - before[1],
            "not_modified": portal.not_modified - before[2],
            "rss": sampler.samples if sampler is not None else [],
            "output": log.read_text(errors="replace")[-4000:]}


def rss_figures(samples: Sequence[tuple[float, int, int]], warmup: int) -> dict[str, float]:
    """Peak, RSS at the end of warm-up, and growth per 10,000 pages after it: a least-squares
    slope over the samples past warm-up, and last minus first of them, while pages are still
    being fetched (the close, after the last response, is in the peak only)."""
    last = max((pages for _, pages, _ in samples), default=0)
    after = [(float(pages), float(rss)) for _, pages, rss in samples
             if warmup <= pages < last]
    figures = {"warmup_pages": warmup, "samples": len(samples),
               "peak_mib": max((rss for _, _, rss in samples), default=0) / MIB}
    if len(after) < 3 or after[-1][0] == after[0][0]:
        return figures
    mean_x = sum(x for x, _ in after) / len(after)
    mean_y = sum(y for _, y in after) / len(after)
    slope = (sum((x - mean_x) * (y - mean_y) for x, y in after)
             / sum((x - mean_x) ** 2 for x, _ in after))
    span = after[-1][0] - after[0][0]
    figures.update({
        "rss_after_warmup_mib": after[0][1] / MIB, "rss_last_mib": after[-1][1] / MIB,
        "growth_mb_per_10k_fit": slope * 10_000 / MB,
        "growth_mb_per_10k_first_last": (after[-1][1] - after[0][1]) / span * 10_000 / MB})
    return figures


def bdt(*args: str) -> list[str]:
    return [BDT, *args]


def ours(portal: Portal, registry: Path, archive: Path, logs: Path, tag: str,
         warmup: int, keep: Path | None = None) -> dict[str, Any]:
    """First crawl (RSS sampled), the extraction stage over it, then a second crawl;
    a copy of the crawled archive before its extraction in ``keep`` when given."""
    where = ["--registry", str(registry), "--archive", str(archive)]
    crawl = run_child(portal, bdt("crawl", "portal-bench", *where, "--no-extract"),
                      logs / f"ours-crawl-{tag}.log", sample_rss=True)
    if keep is not None:
        shutil.copytree(archive, keep)
    extract, counts = extraction(portal, registry, archive, logs, tag)
    second = run_child(portal, bdt("crawl", "portal-bench", *where, "--no-extract"),
                       logs / f"ours-recrawl-{tag}.log")
    warc = sum(p.stat().st_size for p in archive.rglob("*.warc.gz"))
    shutil.rmtree(archive)
    return {"crawl": crawl, "extract": extract, "second": second, "warc_bytes": warc,
            "pages_extracted": int(counts[1]), "articles_extracted": int(counts[2]),
            "rss_figures": rss_figures(crawl["rss"], warmup)}


def extraction(portal: Portal, registry: Path, archive: Path, logs: Path,
               tag: str) -> tuple[dict[str, Any], re.Match[str]]:
    """``bdt reextract`` over ``archive``: its CPU figures, and its pages and articles."""
    extract = run_child(portal, bdt("reextract", "--site", "portal-bench", "--registry",
                                    str(registry), "--archive", str(archive)),
                        logs / f"ours-extract-{tag}.log")
    counts = re.search(r"pages (\d+), articles (\d+)", extract["output"])
    if counts is None:
        sys.exit(f"bdt reextract printed no page count: see {logs}/ours-extract-{tag}.log")
    return extract, counts


def extraction_pairs(portal: Portal, registry: Path, crawled: Path, root: Path, logs: Path,
                     pairs: int, stride: int) -> list[dict[str, float]]:
    """``pairs`` back-to-back (stage on a fresh copy of ``crawled``, plain trafilatura),
    order alternating: each pair's ms per page and ratio."""
    out = []
    for number in range(pairs):
        figures: dict[str, float] = {}
        for part in ("ours", "trafilatura") if number % 2 == 0 else ("trafilatura", "ours"):
            if part == "ours":
                archive = root / "pair-archive"
                shutil.rmtree(archive, ignore_errors=True)
                shutil.copytree(crawled, archive)
                run, counts = extraction(portal, registry, archive, logs, f"pair-{number}")
                figures["ours_ms"] = 1000 * run["cpu"] / int(counts[1])
            else:
                plain = plain_trafilatura(portal, stride)
                figures["trafilatura_ms"] = 1000 * plain["cpu"] / plain["pages"]
        figures["ratio"] = figures["ours_ms"] / figures["trafilatura_ms"]
        out.append(figures)
        print(f"  extraction pair {number + 1}: ours {figures['ours_ms']:.2f} ms/page, plain "
              f"trafilatura {figures['trafilatura_ms']:.2f} ms/page, ratio "
              f"{figures['ratio']:.3f} ({time.strftime('%H:%M:%S')})", flush=True)
    return out


def plain_scrapy(portal: Portal, logs: Path, tag: str, warmup: int,
                 max_pages: int) -> dict[str, Any]:
    run = run_child(portal, [sys.executable, str(REPO / "benchmarks" / "plain_scrapy.py"),
                             f"{portal.base}/", "--log", str(logs / f"scrapy-{tag}.scrapy.log"),
                             "--max-pages", str(max_pages)],
                    logs / f"scrapy-{tag}.log", sample_rss=True)
    return {**run, "rss_figures": rss_figures(run["rss"], warmup)}


def plain_trafilatura(portal: Portal, stride: int) -> dict[str, Any]:
    """``trafilatura.extract`` on the portal's pages as a plain spider's ``response.text``
    (every ``stride``-th article and the listings within the depth limit), in this thread."""
    import trafilatura

    paths = [portal.article_path(i) for i in range(0, portal.articles, stride)]
    paths += ["/"] + [f"/tin-tuc/trang-{p}" for p in range(1, min(portal.pages, LISTINGS_READ))]
    cpu, extracted = 0.0, 0
    for path in paths:
        body = portal.body(path)
        assert body is not None
        html = body.decode("utf-8")  # untimed: Scrapy's decoding is in its own figure
        start = time.thread_time()
        text = trafilatura.extract(html, url=portal.base + path)
        cpu += time.thread_time() - start
        extracted += text is not None
    return {"cpu": cpu, "pages": len(paths), "extracted": extracted}


def summary(articles: int, pages: int, rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-page CPU figures (ms) and ratios per round, and the RSS and second-crawl figures."""
    per_round = []
    for r in rounds:
        o, s, t = r["ours"], r["scrapy"], r["trafilatura"]
        crawl_ms = 1000 * o["crawl"]["cpu"] / o["crawl"]["requests"]
        scrapy_ms = 1000 * s["cpu"] / s["requests"]
        extract_ms = 1000 * o["extract"]["cpu"] / o["pages_extracted"]
        traf_ms = 1000 * t["cpu"] / t["pages"]
        ours_article = 1000 * (o["crawl"]["cpu"] + o["extract"]["cpu"]) / articles
        scrapy_article = 1000 * s["cpu"] / s["requests"] * o["crawl"]["requests"] / articles
        plain_article = scrapy_article + traf_ms * o["pages_extracted"] / articles
        per_round.append({
            "ours_crawl_ms_per_request": crawl_ms, "scrapy_ms_per_request": scrapy_ms,
            "crawl_ratio": crawl_ms / scrapy_ms,
            "ours_extract_ms_per_page": extract_ms, "trafilatura_ms_per_page": traf_ms,
            "extract_ratio": extract_ms / traf_ms,
            "ours_ms_per_article": ours_article, "scrapy_ms_per_article": scrapy_article,
            "scrapy_trafilatura_ms_per_article": plain_article,
            "ours_vs_scrapy": ours_article / scrapy_article,
            "ours_vs_scrapy_trafilatura": ours_article / plain_article,
            "requests_ours": o["crawl"]["requests"], "requests_scrapy": s["requests"],
            "pages_extracted": o["pages_extracted"], "trafilatura_pages": t["pages"],
            "crawl_seconds": o["crawl"]["seconds"], "scrapy_seconds": s["seconds"],
            "extract_seconds": o["extract"]["seconds"],
            "second_crawl_bytes_ratio": o["second"]["bytes"] / o["crawl"]["bytes"],
            "second_crawl_requests": o["second"]["requests"],
            "second_crawl_304": o["second"]["not_modified"],
            "first_crawl_mib": o["crawl"]["bytes"] / MIB, "warc_mib": o["warc_bytes"] / MIB,
            "rss": o["rss_figures"], "scrapy_rss": s["rss_figures"]})
    return {"articles": articles, "listing_pages": pages, "rounds": per_round}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--per-page", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2,
                        help="rounds of (plain Scrapy, trafilatura, ours), order alternating")
    parser.add_argument("--ours-first", action="store_true",
                        help="round 1 starts with our crawl (default: with plain Scrapy)")
    parser.add_argument("--scrapy-pages", type=int, default=0, metavar="N",
                        help="plain Scrapy stops after N responses (default: crawls it all)")
    parser.add_argument("--trafilatura-stride", type=int, default=1, metavar="K",
                        help="plain trafilatura on every K-th article only")
    parser.add_argument("--extraction-pairs", type=int, default=0, metavar="P",
                        help="then P back-to-back pairs of (our extraction stage, plain "
                             "trafilatura) on the last round's crawl")
    parser.add_argument("--json", type=Path, default=None, help="write every figure here")
    parser.add_argument("--work", type=Path, default=None,
                        help="keep the commands' logs here (default: a temporary directory)")
    parser.add_argument("--report", type=Path, default=None, metavar="JSON",
                        help="only print the figures of a run's JSON (or .partial.json)")
    args = parser.parse_args(argv)
    if args.report:
        return report_saved(args.report)
    portal = Portal(args.articles, args.per_page)
    step = max(1, args.articles // 50)
    sizes = [len(portal.article(i)) for i in range(0, args.articles, step)]
    zipped = [len(gzip.compress(portal.article(i), 6)) for i in range(0, args.articles, step)]
    print(f"portal: {args.articles} articles, {portal.pages} listing pages; article HTML "
          f"{min(sizes) / 1024:.0f}-{max(sizes) / 1024:.0f} kB, gzipped "
          f"{min(zipped) / 1024:.0f}-{max(zipped) / 1024:.0f} kB", flush=True)
    warmup = max(1000, args.articles // WARMUP_SHARE)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(portal))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"127.0.0.1:{server.server_address[1]}"
    portal.base = f"http://{host}"
    rounds: list[dict[str, Any]] = []
    pairs: list[dict[str, float]] = []
    try:
        with tempfile.TemporaryDirectory(prefix="bdt-portal-") as tmp:
            root = Path(tmp)
            logs = args.work or root
            logs.mkdir(parents=True, exist_ok=True)
            registry = write_registry(root / "sites.yaml", [{
                "id": "portal-bench", "name": "Ban Dân tộc tỉnh Bench", "province": "An Giang",
                "start_urls": [f"http://{host}/"], "allow_private_network": True,
                "requisites": False, "max_pages": args.articles * 2 + 1000}])
            for r in range(args.rounds):
                parts: dict[str, Any] = {}
                order = ("scrapy", "trafilatura", "ours") if (r + args.ours_first) % 2 == 0 \
                    else ("ours", "trafilatura", "scrapy")
                for part in order:
                    if part == "scrapy":
                        parts[part] = plain_scrapy(portal, logs, str(r), warmup,
                                                   args.scrapy_pages)
                    elif part == "trafilatura":
                        parts[part] = plain_trafilatura(portal, args.trafilatura_stride)
                    else:
                        keep = root / "crawled" \
                            if args.extraction_pairs and r == args.rounds - 1 else None
                        parts[part] = ours(portal, registry, root / f"archive-{r}", logs,
                                           str(r), warmup, keep)
                    print(f"  round {r + 1} {part}: done "
                          f"({time.strftime('%H:%M:%S')})", flush=True)
                    if args.json:  # what is done so far, should a long run be cut short
                        args.json.with_suffix(".partial.json").write_text(
                            json.dumps(raw_figures([*rounds, parts])))
                rounds.append(parts)
            pairs = extraction_pairs(portal, registry, root / "crawled", root, logs,
                                     args.extraction_pairs, args.trafilatura_stride)
    finally:
        server.shutdown()
    result = summary(portal.articles, portal.pages, rounds)
    if pairs:
        ratios = sorted(p["ratio"] for p in pairs)
        result["extraction_pairs"] = {"pairs": pairs, "median_ratio": ratios[len(ratios) // 2]}
    if args.json:
        args.json.write_text(json.dumps({**result, "raw": raw_figures(rounds)}, indent=1))
    return report(result)


def report_saved(path: Path) -> int:
    """The figures again from a run's JSON, RSS figures recomputed from the samples."""
    saved = json.loads(path.read_text())
    rounds = saved["raw"] if isinstance(saved, dict) else saved
    rounds = [r for r in rounds if {"ours", "scrapy", "trafilatura"} <= r.keys()]
    if not rounds:
        sys.exit(f"{path}: no complete round (ours, plain Scrapy and trafilatura)")
    articles = saved["articles"] if isinstance(saved, dict) else int(input_articles(rounds))
    warmup = max(1000, articles // WARMUP_SHARE)
    for r in rounds:
        r["ours"]["rss_figures"] = rss_figures(r["ours"]["crawl"]["rss"], warmup)
        r["scrapy"]["rss_figures"] = rss_figures(r["scrapy"]["rss"], warmup)
    result = summary(articles, 0, rounds)
    if isinstance(saved, dict):
        path.write_text(json.dumps({**result, "raw": rounds}, indent=1))
    return report(result)


def input_articles(rounds: list[dict[str, Any]]) -> int:
    """A partial JSON does not name the portal's size: every article was extracted."""
    return int(rounds[0]["ours"]["articles_extracted"])


def raw_figures(rounds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every part's measurements without the commands' output."""
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "output"}
        return value
    return [strip(r) for r in rounds]


def growth(rss: dict[str, float]) -> str:
    if "growth_mb_per_10k_fit" not in rss:
        return f"too few pages past the warm-up ({rss['warmup_pages']} requests)"
    return (f"after warm-up ({rss['warmup_pages']} requests) "
            f"{rss['rss_after_warmup_mib']:.0f} MiB, at the end {rss['rss_last_mib']:.0f} MiB: "
            f"growth per 10,000 pages {rss['growth_mb_per_10k_fit']:.2f} MB (fit), "
            f"{rss['growth_mb_per_10k_first_last']:.2f} MB (last - first) "
            f"(under {RSS_LIMIT_MB:.0f} MB asked)")


def report(result: dict[str, Any]) -> int:
    ok = True
    for number, r in enumerate(result["rounds"], 1):
        rss = r["rss"]
        print(f"round {number}:\n"
              f"  crawl CPU/request   ours {r['ours_crawl_ms_per_request']:.2f} ms "
              f"({r['requests_ours']} requests, {r['crawl_seconds']:.0f} s)  plain Scrapy "
              f"{r['scrapy_ms_per_request']:.2f} ms ({r['requests_scrapy']} requests, "
              f"{r['scrapy_seconds']:.0f} s)  ratio {r['crawl_ratio']:.2f}\n"
              f"  extraction CPU/page ours {r['ours_extract_ms_per_page']:.2f} ms "
              f"({r['pages_extracted']} pages, {r['extract_seconds']:.0f} s)  plain "
              f"trafilatura {r['trafilatura_ms_per_page']:.2f} ms ({r['trafilatura_pages']} "
              f"pages)  ratio {r['extract_ratio']:.2f}\n"
              f"  crawl+extraction CPU/article ours {r['ours_ms_per_article']:.2f} ms  plain "
              f"Scrapy {r['scrapy_ms_per_article']:.2f} ms ({r['ours_vs_scrapy']:.2f}x)  plain "
              f"Scrapy + trafilatura {r['scrapy_trafilatura_ms_per_article']:.2f} ms "
              f"({r['ours_vs_scrapy_trafilatura']:.2f}x)\n"
              f"  RSS of the crawl: peak {rss['peak_mib']:.0f} MiB; {growth(rss)}; "
              f"plain Scrapy peak {r['scrapy_rss']['peak_mib']:.0f} MiB\n"
              f"  second crawl: {r['second_crawl_requests']} requests "
              f"({r['second_crawl_304']} answered 304), "
              f"{100 * r['second_crawl_bytes_ratio']:.3f}% of the first crawl's "
              f"{r['first_crawl_mib']:.1f} MiB (at most 10% asked); WARCs {r['warc_mib']:.0f} MiB")
        ok = ok and r["second_crawl_bytes_ratio"] <= 0.10 \
            and rss.get("growth_mb_per_10k_fit", 0.0) < RSS_LIMIT_MB
    if "extraction_pairs" in result:
        pairs = result["extraction_pairs"]
        ratios = ", ".join(f"{p['ratio']:.3f}" for p in pairs["pairs"])
        print(f"extraction stage / plain trafilatura, {len(pairs['pairs'])} back-to-back pairs: "
              f"{ratios}; median {pairs['median_ratio']:.3f} (at most 1.15 asked)")
        ok = ok and pairs["median_ratio"] <= 1.15
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
