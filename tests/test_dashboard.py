"""`bdt serve` in headless Chromium over a crawled archive, and the alerts its crawls raise.

One archive for the module: every replica site, plus `moving` (a site of ours whose home
page starts redirecting to another host) and `broken` (nothing listens there); a replica
article changes between the two crawls.  Alerts go to a webhook server on loopback.

The module runs twice, on an SQLite catalog and on PostgreSQL (`catalog_backend_module`).
The browser tests need Debian's Chromium (`make browser`; CI installs it): skipped without
it, except under CI, where its absence is a failure.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from archive.textfold import fold
from replica.server import ReplicaServer
from tests.conftest import REPO, run_bdt, write_registry
from tests.support.browser import CHROMIUM_ARGS, chromium_path
from tests.support.pywb import free_port
from tests.test_scheduler import DaemonProcess, far_away_cron, wait_for

CHANGED = "wordpress"  # the replica site whose article changes between the crawls
SEARCHED = "liferay"  # the replica site whose article is searched for
TOKEN = "a-test-token-of-some-length-0123"


class _Server(ThreadingHTTPServer):
    daemon_threads = True


class MovingSite:
    """A one-page site on loopback whose home page can start redirecting to another host
    (`mode = "redirect"`) or answering 404 (`mode = "gone"`)."""

    def __init__(self) -> None:
        self.mode = "page"
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - stdlib naming
                if self.path == "/" and owner.mode == "redirect":
                    self.send_response(301)
                    self.send_header("Location", f"http://localhost:{owner.port}/new-home/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self.path != "/" or owner.mode == "gone":
                    self.send_error(404)
                    return
                body = ("<html><head><title>Ban Dân tộc tỉnh Quảng Nam</title></head><body>"
                        "<h1>Ban Dân tộc tỉnh Quảng Nam</h1><p>Trang chủ</p></body></html>"
                        ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Webhook:
    """Collects the JSON bodies POSTed to it (what apprise's `json://` sends)."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - stdlib naming
                length = int(self.headers.get("Content-Length") or 0)
                owner.received.append(json.loads(self.rfile.read(length)))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Dashboard:
    archive: Path
    registry: Path
    replica: ReplicaServer
    site_ids: list[str]
    base: str
    changed_url: str
    added_paragraph: str
    removed_url: str
    second_requests: list  # what the replica served to the second crawl of CHANGED
    moving: MovingSite
    vanishing: MovingSite
    broken_url: str
    webhook: Webhook
    first_alerts: list[dict]


def _serve(archive: Path, registry: Path, port: int, *extra: str,
           env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bdt.cli", "serve", "--archive", str(archive), "--registry",
         str(registry), "--port", str(port), *extra], cwd=REPO, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, env={**os.environ, **(env or {})})

    def answers() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"bdt serve exited: {process.stderr.read().decode()[-2000:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/static/style.css", timeout=5)
        except (urllib.error.URLError, ConnectionError):
            return False
        return True

    wait_for(answers, 60, "bdt serve to answer")
    return process


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory, catalog_backend_module) -> Iterator[Dashboard]:
    root = tmp_path_factory.mktemp("dashboard")
    archive = root / "archive"
    archive.mkdir()
    moving, vanishing, webhook = MovingSite(), MovingSite(), Webhook()
    broken_url = f"http://127.0.0.1:{free_port()}/"  # nothing listens there
    try:
        with ReplicaServer() as replica:
            entries = replica.registry_entries() + [
                {"id": "moving", "name": "Ban Dân tộc tỉnh Quảng Nam", "province": "Quảng Nam",
                 "start_urls": [f"http://127.0.0.1:{moving.port}/"],
                 "allow_private_network": True},
                {"id": "vanishing", "name": "Ban Dân tộc tỉnh Hậu Giang",
                 "province": "Hậu Giang", "start_urls": [f"http://127.0.0.1:{vanishing.port}/"],
                 "allow_private_network": True},
                {"id": "broken", "name": "Ban Dân tộc tỉnh Bình Phước",
                 "province": "Bình Phước", "start_urls": [broken_url],
                 "allow_private_network": True}]
            registry = write_registry(root / "sites.yaml", entries, schedule=far_away_cron())
            (archive / "alerts.yaml").write_text(
                f"notify:\n  - json://127.0.0.1:{webhook.port}/hook\n", encoding="utf-8")
            site_ids = [e["id"] for e in entries]
            first = run_bdt("crawl", *site_ids, "--registry", str(registry), "--archive",
                            str(archive), timeout=900)
            assert "replica-liferay" in first.stdout, first.stdout[-3000:] + first.stderr[-3000:]
            first_alerts = list(webhook.received)

            manifest = replica.manifest(CHANGED)
            path, removed = sorted(manifest.articles)[:2]
            article = replica.change_article(CHANGED, path)
            replica.remove_article(CHANGED, removed)
            moving.mode, vanishing.mode = "redirect", "gone"
            mark = len(replica.requests)
            run_bdt("crawl", f"replica-{CHANGED}", "moving", "vanishing", "--registry",
                    str(registry),
                    "--archive", str(archive), "-s", "BDT_RECHECK_DAYS=0", check=True)
            second = [e for e in replica.requests[mark:] if e.site == CHANGED]
            run_bdt("wacz", "--archive", str(archive), "--site", f"replica-{CHANGED}",
                    check=True)
            port = free_port()
            server = _serve(archive, registry, port)
            # the catalog is where the backend says, and nowhere else
            assert (archive / "catalog.sqlite").exists() == (catalog_backend_module is None)
            try:
                yield Dashboard(archive, registry, replica, site_ids, f"http://127.0.0.1:{port}",
                                manifest.url(path), article.paragraphs[-1],
                                manifest.url(removed), second, moving, vanishing, broken_url,
                                webhook, first_alerts)
            finally:
                _stop(server)
    finally:
        for server in (moving, vanishing, webhook):
            server.close()


@pytest.fixture(scope="module")
def chromium() -> Path:
    return chromium_path()


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield context.new_page()
    context.close()


def _keep(page, name: str) -> None:
    """BDT_KEEP_SCREENSHOTS=DIR keeps the screenshots (the README's come from here)."""
    keep = os.environ.get("BDT_KEEP_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(keep) / name), full_page=False)


def _document_id(dashboard: Dashboard, url: str) -> int:
    with Catalog(ArchiveLayout.at(dashboard.archive).catalog) as catalog:
        document = catalog.document_by_url(url)
    assert document is not None, f"{url} was not extracted"
    return int(document["id"])


# -- the browser ---------------------------------------------------------------------------

def test_overview_lists_every_site(dashboard, page):
    page.goto(dashboard.base + "/")
    shown = page.locator("tr.site").evaluate_all("rows => rows.map(r => r.dataset.site)")
    assert sorted(shown) == sorted(dashboard.site_ids)
    registry = {e["id"]: e for e in dashboard.replica.registry_entries()}
    for site_id, entry in registry.items():
        row = page.locator(f"tr.site[data-site='{site_id}']")
        assert entry["province"] in row.inner_text()
    broken = page.locator("tr.site[data-site='broken']")
    assert "attention" in (broken.get_attribute("class") or "")
    assert "attention" not in (page.locator(f"tr.site[data-site='replica-{SEARCHED}']")
                               .get_attribute("class") or "")
    assert "redirects to http://localhost" in page.locator("section.alerts").inner_text()
    _keep(page, "overview.png")
    # htmx refreshes the table in place (every 15 s, or on a "refresh" event)
    with page.expect_response(lambda r: "fragment=1" in r.url) as refreshed:
        page.evaluate("htmx.trigger('#sites', 'refresh')")
    fragment = refreshed.value.text()
    assert "<html" not in fragment and fragment.count('<tr class="site') == len(
        dashboard.site_ids)
    page.wait_for_load_state("networkidle")
    assert page.locator("#sites tr.site").count() == len(dashboard.site_ids)
    page.goto(dashboard.base + "/?group=2025")
    groups = page.locator("h2.group").all_inner_texts()
    assert "Thái Nguyên" in groups and "Phú Thọ" in groups  # Vĩnh Phúc merged into Phú Thọ


def test_site_page_shows_runs_and_errors(dashboard, page):
    page.goto(f"{dashboard.base}/sites/replica-{CHANGED}")
    assert page.locator("table.runs tr.run").count() == 2
    assert page.locator("svg.chart rect.pages").count() == 2
    page.goto(f"{dashboard.base}/sites/broken")
    assert page.locator("table.runs tr.run").count() == 1
    errors = page.locator("table.errors tr.error").all_inner_texts()
    assert any(dashboard.broken_url in row and "ConnectionRefused" in row for row in errors), \
        errors
    assert "Bình Phước" in page.locator("table.entry").inner_text()


def test_site_page_links_its_wacz_and_nothing_else(dashboard, page):
    page.goto(f"{dashboard.base}/sites/replica-{CHANGED}")
    links = page.locator("a[href*='/wacz/']").evaluate_all("links => links.map(a => a.href)")
    assert len(links) == 1, links
    with urllib.request.urlopen(links[0], timeout=10) as answer:
        assert answer.read(4) == b"PK\x03\x04"  # a zip file
    for sneaky in ("..%2F..%2Fcatalog.sqlite", "..%2Freplica-wordpress.wacz", "x.wacz%00",
                   "%2e%2e%2fcatalog.sqlite"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{dashboard.base}/sites/replica-{CHANGED}/wacz/{sneaky}",
                                   timeout=10)
        assert refused.value.code == 404, sneaky


def test_run_page_shows_log_captures_documents_and_tombstones(dashboard, page):
    site_id = f"replica-{CHANGED}"
    page.goto(f"{dashboard.base}/sites/{site_id}")
    run_link = page.locator("table.runs tr.run a").first  # the newest run
    run_id = run_link.get_attribute("href").rsplit("/", 1)[1]
    with page.expect_navigation():
        run_link.click()
    served = {e.path for e in dashboard.second_requests}
    shown = page.locator("table.captures td.url").all_inner_texts()
    base = dashboard.replica.base_url(CHANGED)
    assert {url.removeprefix(base) or "/" for url in shown} == served
    documents = page.locator("table.documents tr").all_inner_texts()
    assert len(documents) == 1 and documents[0].startswith("changed")
    tombstones = page.locator("table.tombstones td.url").all_inner_texts()
    assert tombstones == [dashboard.removed_url]
    log = page.locator("pre.log").inner_text()
    assert run_id in log


def _rare_word(replica: ReplicaServer) -> tuple[str, str]:
    """(a word with tone marks found in one replica article only, that article's URL)."""
    texts: dict[str, str] = {}
    for key in replica.site_keys:
        manifest = replica.manifest(key)
        for path, article in manifest.articles.items():
            texts[manifest.url(path)] = fold(" ".join(
                [article.title, article.lead or "", *article.paragraphs, *article.list_items,
                 *article.captions]))
    manifest = replica.manifest(SEARCHED)
    for path in sorted(manifest.articles):
        url = manifest.url(path)
        for word in sorted(set(re.findall(r"\w{5,}", " ".join(
                manifest.articles[path].paragraphs))), key=len, reverse=True):
            if fold(word) == word.lower():
                continue  # no tone mark
            pattern = re.compile(rf"(?<!\w){re.escape(fold(word))}(?!\w)")
            if [u for u, text in texts.items() if pattern.search(text)] == [url]:
                return word, url
    raise AssertionError("no replica word occurs in one article only")


def test_search_finds_a_word_with_and_without_tone_marks(dashboard, page):
    word, url = _rare_word(dashboard.replica)
    document_id = _document_id(dashboard, url)
    for query in (word, fold(word), word.upper()):
        page.goto(dashboard.base + "/search")
        page.fill("form.search input[name=q]", query)
        with page.expect_navigation():
            page.click("form.search button[type=submit]")
        hits = page.locator("li.hit a").evaluate_all("links => links.map(a => a.pathname)")
        assert hits == [f"/documents/{document_id}"], (query, hits)
        marked = page.locator("li.hit mark").all_inner_texts()
        assert word in marked, (query, marked)  # highlighted as written, tone marks and all
    site = next(e for e in dashboard.replica.registry_entries()
                if e["id"] == f"replica-{SEARCHED}")
    other = next(e for e in dashboard.replica.registry_entries()
                 if e["province_2025"] != site["province_2025"])
    for province, found in ((site["province_2025"], 1), (other["province_2025"], 0)):
        page.goto(dashboard.base + "/search")
        page.fill("form.search input[name=q]", fold(word))
        page.select_option("form.search select[name=province_2025]", province)
        with page.expect_navigation():
            page.click("form.search button[type=submit]")
        assert page.locator("li.hit").count() == found, province
    done = run_bdt("search", fold(word), "--archive", str(dashboard.archive), "--json",
                   check=True)
    assert [json.loads(line)["url"] for line in done.stdout.splitlines()] == [url]


def test_document_page_shows_two_versions_and_their_diff(dashboard, page):
    document_id = _document_id(dashboard, dashboard.changed_url)
    page.goto(f"{dashboard.base}/documents/{document_id}")
    assert page.locator("details.version").count() == 2
    assert page.locator(".diff ins").all_inner_texts() == [dashboard.added_paragraph]
    assert dashboard.added_paragraph in page.locator("article .text").inner_text()
    record = page.locator("details.version table.warc").first.inner_text()
    assert "WARC-Record-ID" in record and dashboard.changed_url in record
    replay = page.locator("details.version summary a", has_text="replay").first
    assert replay.get_attribute("href").endswith("/" + dashboard.changed_url)
    _keep(page, "document.png")


def test_crawl_now_queues_a_run_that_the_daemon_performs(dashboard, page):
    site_id = f"replica-{SEARCHED}"
    target = ArchiveLayout.at(dashboard.archive).catalog
    with Catalog(target) as catalog:
        before = {r["id"] for r in catalog.runs(site_id)}
    daemon = DaemonProcess(dashboard.archive, dashboard.registry).start()
    try:
        page.goto(f"{dashboard.base}/sites/{site_id}")
        with page.expect_navigation():
            page.click("#crawl-now")
        assert "Crawl queued" in page.locator("#queued").inner_text()

        def manual_run() -> dict | None:
            with Catalog(target) as catalog:
                runs = catalog.runs(site_id)
            return next((r for r in runs if r["id"] not in before and r["trigger"] == "manual"
                         and r["status"] == "finished"), None)

        run = wait_for(manual_run, 180, "the daemon to crawl the site", daemon)
        # htmx refreshes the runs on the open page (every 10 s): no reload needed
        page.wait_for_selector(f"#runs a[href='/runs/{run['id']}']", timeout=30_000)
        assert page.locator("table.runs tr.run").count() == len(before) + 1
    finally:
        assert daemon.stop() == 0


def test_posts_need_the_csrf_token(dashboard):
    queue = dashboard.archive / "queue"
    before = sorted(queue.glob("*")) if queue.is_dir() else []
    request = urllib.request.Request(f"{dashboard.base}/sites/replica-{SEARCHED}/crawl",
                                     data=b"csrf=guess", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    assert (sorted(queue.glob("*")) if queue.is_dir() else []) == before

    with urllib.request.urlopen(f"{dashboard.base}/sites/replica-{SEARCHED}") as answer:
        cookie = answer.headers["Set-Cookie"].split(";")[0]  # bdt_csrf=<value>
    token = cookie.split("=", 1)[1]
    opener = urllib.request.build_opener(_NoRedirect)
    for origin, expected in (("http://evil.example", 403), (dashboard.base, 303)):
        request = urllib.request.Request(
            f"{dashboard.base}/sites/replica-{SEARCHED}/crawl", data=f"csrf={token}".encode(),
            method="POST", headers={"Cookie": cookie, "Origin": origin})
        try:
            status = opener.open(request, timeout=10).status
        except urllib.error.HTTPError as error:
            status = error.code
        assert status == expected, origin
    queued = sorted(set(queue.glob("*.json")) - set(before))
    assert len(queued) == 1 and f"replica-{SEARCHED}" in queued[0].name
    queued[0].unlink()  # no daemon will take it


def test_loopback_server_answers_loopback_names_only(dashboard):
    import http.client

    port = int(dashboard.base.rsplit(":", 1)[1])
    for host, expected in ((f"localhost:{port}", 200), (f"127.0.0.1:{port}", 200),
                           (f"archive.example.org:{port}", 403), ("evil.example", 403)):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", "/", headers={"Host": host})
            assert connection.getresponse().status == expected, host
        finally:
            connection.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def test_token_required_beyond_loopback(dashboard, page):
    port = free_port()
    server = _serve(dashboard.archive, dashboard.registry, port, "--host", "0.0.0.0",
                    env={"BDT_SERVE_TOKEN": TOKEN})
    base = f"http://127.0.0.1:{port}"
    try:
        for path in ("/", "/search?q=dan+toc", f"/sites/replica-{SEARCHED}"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(base + path, timeout=10)
            assert refused.value.code == 401, path
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(urllib.request.Request(
                base + "/", headers={"Authorization": "Bearer wrong-token"}), timeout=10)
        assert refused.value.code == 401
        ok = urllib.request.urlopen(urllib.request.Request(
            base + "/", headers={"Authorization": f"Bearer {TOKEN}"}), timeout=10)
        assert ok.status == 200
        page.goto(base + "/")
        assert page.locator("input[name=token]").count() == 1  # the sign-in page
        assert page.locator("tr.site").count() == 0
        page.fill("input[name=token]", TOKEN)
        with page.expect_navigation():
            page.click("button[type=submit]")
        page.wait_for_selector("tr.site")
        assert page.locator("tr.site").count() == len(dashboard.site_ids)
    finally:
        _stop(server)
    refused_start = run_bdt("serve", "--archive", str(dashboard.archive), "--host", "0.0.0.0",
                            "--port", str(free_port()), env={"BDT_SERVE_TOKEN": ""})
    assert refused_start.returncode == 2
    assert "BDT_SERVE_TOKEN" in refused_start.stderr


# -- alerts -----------------------------------------------------------------------------------

def test_failing_site_alerts_the_webhook(dashboard):
    about = [a for a in dashboard.first_alerts if ": broken:" in a["title"]]
    assert about, dashboard.first_alerts
    netloc = dashboard.broken_url.split("/")[2]
    assert [a["title"] for a in about] == ["bandantoc-archive: broken: unreachable"]
    assert "run failed" in about[0]["message"] and netloc in about[0]["message"]
    assert [a["title"] for a in dashboard.first_alerts] == [a["title"] for a in about]


def test_redirect_to_another_host_alerts_the_webhook(dashboard):
    later = dashboard.webhook.received[len(dashboard.first_alerts):]
    moved = [a for a in later if ": moving: moved" in a["title"]]
    assert len(moved) == 1, later
    assert f"http://localhost:{dashboard.moving.port}/new-home/" in moved[0]["message"]
    assert not [a for a in later if f"replica-{CHANGED}" in a["title"]]
    with Catalog(ArchiveLayout.at(dashboard.archive).catalog) as catalog:
        rows = catalog.alerts("moving")
    assert [(r["kind"], r["delivered"]) for r in rows] == [("moved", 1)]


def test_vanished_start_url_alerts_the_webhook(dashboard):
    later = dashboard.webhook.received[len(dashboard.first_alerts):]
    vanished = [a for a in later if ": vanishing:" in a["title"]]
    assert [a["title"] for a in vanished] == ["bandantoc-archive: vanishing: vanished"]
    assert f"http://127.0.0.1:{dashboard.vanishing.port}/ answers 404" in vanished[0]["message"]

