"""`bdt wacz`: a run as a WACZ that `wacz validate` passes, pywb replays, and whose
pages.jsonl lists exactly the run's articles with their clean text."""

from __future__ import annotations

import json
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from replica.manifest import path_of
from replica.server import ReplicaServer
from tests.conftest import run_bdt, write_registry
from tests.support.pywb import PywbReplay, _venv_tool, header_values

KEY = "wordpress"
SITE = f"replica-{KEY}"


@dataclass
class Crawled:
    server: ReplicaServer
    archive: Path
    runs: list[str]  # oldest first
    root: Path


@pytest.fixture(scope="module")
def crawled(tmp_path_factory, catalog_backend_module):
    root = tmp_path_factory.mktemp("wacz")
    with ReplicaServer([KEY]) as server:
        entries = [e for e in server.registry_entries() if e["id"] == SITE]
        registry = write_registry(root / "sites.yaml", entries)
        archive = root / "archive"
        for extra in ([], ["-s", "BDT_WACZ_PER_RUN=1"]):
            run_bdt("crawl", SITE, "--registry", str(registry), "--archive", str(archive),
                    *extra, check=True)
        with Catalog(ArchiveLayout.at(archive).catalog) as catalog:
            runs = [r["id"] for r in reversed(catalog.runs(SITE))]
        yield Crawled(server, archive, runs, root)


def _wacz(crawled: Crawled, *args: str) -> Path:
    out = crawled.root / f"{len(list(crawled.root.glob('*.wacz')))}.wacz"
    result = run_bdt("wacz", "--archive", str(crawled.archive), "--site", SITE, "--out",
                     str(out), *args, check=True)
    assert result.stdout.startswith(f"{out}: "), result.stdout
    return out


def _validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_venv_tool("wacz"), "validate", "-f", str(path)],
                          capture_output=True, text=True, timeout=300)


def _pages(path: Path) -> list[dict]:
    with zipfile.ZipFile(path) as wacz:
        lines = wacz.read("pages/pages.jsonl").decode().splitlines()
    header = json.loads(lines[0])
    assert header["format"] == "json-pages-1.0" and header["hasText"] is True
    return [json.loads(line) for line in lines[1:]]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_first_run_wacz_validates_and_lists_its_articles(crawled):
    path = _wacz(crawled, "--run", crawled.runs[0])
    check = _validate(path)
    assert check.returncode == 0, check.stdout + check.stderr
    with zipfile.ZipFile(path) as wacz:
        infos = {i.filename: i for i in wacz.infolist()}
    assert {"datapackage.json", "datapackage-digest.json", "indexes/index.cdx.gz",
            "indexes/index.idx", "pages/pages.jsonl"} <= set(infos)
    warcs = [n for n in infos if n.startswith("archive/")]
    assert warcs and all(infos[n].compress_type == zipfile.ZIP_STORED for n in warcs)

    manifest = crawled.server.manifest(KEY)
    pages = _pages(path)
    by_path = {path_of(p["url"]): p for p in pages}
    assert len(by_path) == len(pages)
    assert set(by_path) == set(manifest.articles), "pages must be exactly the articles"
    for target, article in manifest.articles.items():
        page = by_path[target]
        assert page["title"] == article.title
        for paragraph in article.paragraphs:
            assert _nfc(paragraph) in page["text"], (target, paragraph[:60])
        assert page["ts"].startswith("20")


def test_second_run_wacz_replays_alone_in_pywb(crawled, tmp_path):
    """The incremental run's package carries the files its revisits point at."""
    path = _wacz(crawled, "--run", crawled.runs[1])
    check = _validate(path)
    assert check.returncode == 0, check.stdout + check.stderr
    work = tmp_path / "pywb"
    work.mkdir()
    manager = _venv_tool("wb-manager")
    for args in (["init", "test"], ["add", "--unpack-wacz", "test", str(path)]):
        done = subprocess.run([manager, *args], cwd=work, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
    replay = PywbReplay([], work)
    (work / "config.yaml").write_text(
        "collections_root: collections\nenable_memento: true\nframed_replay: false\n")
    replay.start()
    try:
        home = crawled.server.start_url(KEY)
        sent = [r for r in crawled.server.sent_responses(KEY, path_of(home))
                if r.status == 200][-1]
        status, headers, body = replay.get_id(home)
        assert status == 200 and body == sent.body
        assert header_values(headers, "Memento-Datetime")
    finally:
        replay.stop()


def test_one_wacz_per_finished_run_when_enabled(crawled):
    packages = sorted((crawled.archive / "wacz").rglob("*.wacz"))
    assert packages == [crawled.archive / "wacz" / SITE / f"{crawled.runs[1]}.wacz"]
    check = _validate(packages[0])
    assert check.returncode == 0, check.stdout + check.stderr


def test_wacz_of_nothing_is_one_clear_line(crawled):
    result = run_bdt("wacz", "--archive", str(crawled.archive), "--run", "no-such-run")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["bdt: no run 'no-such-run' in the catalog"]
