"""A replica crawled twice, replayed by `bdt replay` in headless Chromium, looks like the live
site: same layout and screenshot, and no resource missing from the browser's network log.

Needs Debian's Chromium (`make browser`; CI installs it): skipped without it, except
under CI, where its absence is a failure.

Catalog on SQLite only: replay reads the WARC files and their CDXJ indexes, never the
catalog.
"""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from bdt.replay import ReplayServer
from replica.server import ReplicaServer
from tests.conftest import run_bdt, write_registry
from tests.support.browser import CHROMIUM_ARGS, chromium_path
from tests.support.pywb import _venv_tool, free_port

KEY = "liferay7"
SITE = f"replica-{KEY}"
VIEWPORT = {"width": 1280, "height": 1000}
MAX_DIFFERENT_PIXELS = 0.02  # a clock or counter may differ; a missing stylesheet changes most

# Boxes of what makes the layout: images, headings, and the page's size.
LAYOUT_JS = """() => {
  const boxes = [...document.querySelectorAll('img, h1, h2, h3, table, ul')].map(e => {
    const r = e.getBoundingClientRect();
    return [e.tagName, Math.round(r.x), Math.round(r.y), Math.round(r.width),
            Math.round(r.height)];
  });
  const body = getComputedStyle(document.body);
  return {boxes, width: document.documentElement.scrollWidth,
          height: document.documentElement.scrollHeight,
          font: body.fontFamily, color: body.color};
}"""

# Share of pixels that differ between two PNG screenshots, computed in the browser.
DIFF_JS = """async ([a, b]) => {
  const load = src => new Promise((ok, fail) => {
    const img = new Image(); img.onload = () => ok(img); img.onerror = fail; img.src = src; });
  const [ia, ib] = await Promise.all([load(a), load(b)]);
  if (ia.width !== ib.width || ia.height !== ib.height) return 1;
  const pixels = img => { const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height; const g = c.getContext('2d');
    g.drawImage(img, 0, 0); return g.getImageData(0, 0, c.width, c.height).data; };
  const pa = pixels(ia), pb = pixels(ib);
  let diff = 0;
  for (let i = 0; i < pa.length; i += 4)
    if (pa[i] !== pb[i] || pa[i + 1] !== pb[i + 1] || pa[i + 2] !== pb[i + 2]) diff++;
  return diff / (pa.length / 4);
}"""


@dataclass
class Seen:
    layout: dict
    screenshot: bytes
    failed: list[str]
    bad_status: list[tuple[int, str]]
    urls: list[str]


@pytest.fixture(scope="module")
def chromium() -> Path:
    return chromium_path()


@pytest.fixture(scope="module")
def replayed(chromium, tmp_path_factory) -> Iterator[tuple[ReplicaServer, ReplayServer]]:
    _venv_tool("wayback")
    root = tmp_path_factory.mktemp("browser")
    with ReplicaServer([KEY]) as server:
        entries = [e for e in server.registry_entries() if e["id"] == SITE]
        registry = write_registry(root / "sites.yaml", entries)
        archive = root / "archive"
        for _ in range(2):
            run_bdt("crawl", SITE, "--registry", str(registry), "--archive", str(archive),
                    "--no-extract", check=True)
        layout = ArchiveLayout.at(archive)
        with Catalog(layout.catalog) as catalog:
            statuses = {c.url: c.status for c in catalog.captures(site_id=SITE)}
        assert statuses[server.start_url(KEY)] == 304, "the home page should be a 304 now"
        replay = ReplayServer(layout, [SITE], port=free_port())
        replay.start()
        try:
            yield server, replay
        finally:
            replay.stop()


def _visit(browser, url: str, shot: Path) -> Seen:
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    page = context.new_page()
    failed: list[str] = []
    bad: list[tuple[int, str]] = []
    urls: list[str] = []
    page.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))
    page.on("request", lambda r: urls.append(r.url))
    page.on("response", lambda r: bad.append((r.status, r.url)) if r.status >= 400 else None)
    page.goto(url, wait_until="networkidle")
    screenshot = page.screenshot(path=str(shot))
    seen = Seen(page.evaluate(LAYOUT_JS), screenshot, failed, bad, urls)
    context.close()
    return seen


def _difference(browser, a: bytes, b: bytes) -> float:
    page = browser.new_page()
    data = [f"data:image/png;base64,{base64.b64encode(x).decode()}" for x in (a, b)]
    try:
        return float(page.evaluate(DIFF_JS, data))
    finally:
        page.close()


def test_replay_in_chromium_looks_like_the_live_site(replayed, chromium, tmp_path):
    from playwright.sync_api import sync_playwright

    server, replay = replayed
    manifest = server.manifest(KEY)
    home = server.start_url(KEY)
    listing = next(manifest.url(p) for p in manifest.listings if manifest.url(p) != home)
    pages = {"home": home, "listing": listing,
             "article": manifest.url(sorted(manifest.articles)[0])}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            for what, url in pages.items():
                live = _visit(browser, url, tmp_path / f"{what}-live.png")
                archived = _visit(browser, replay.replay_url(SITE, url),
                                  tmp_path / f"{what}-replay.png")
                assert not live.failed and not live.bad_status, (what, live.failed, live.bad_status)
                assert not archived.failed, (what, archived.failed)
                assert not archived.bad_status, (what, archived.bad_status)
                leaks = [u for u in archived.urls if not u.startswith(replay.base_url())
                         and not u.startswith("data:")]
                assert not leaks, f"{what}: replay reached the live web: {leaks}"
                assert archived.layout["font"] == live.layout["font"], what  # the stylesheet
                assert archived.layout["boxes"] == live.layout["boxes"], what
                assert (archived.layout["width"], archived.layout["height"]) == (
                    live.layout["width"], live.layout["height"]), what
                share = _difference(browser, live.screenshot, archived.screenshot)
                assert share <= MAX_DIFFERENT_PIXELS, f"{what}: {share:.1%} of pixels differ"
        finally:
            browser.close()
    keep = os.environ.get("BDT_KEEP_SCREENSHOTS")
    if keep:
        shutil.copytree(tmp_path, keep, dirs_exist_ok=True)
