"""kill -9 of a crawl while it writes: the next start mends the WARC and the catalog agrees.

Each test runs with the catalog in SQLite and in PostgreSQL (`catalog_backend`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from archive.urls import canonicalize
from tests.conftest import REPO, run_bdt, write_registry
from tests.support.archive_checks import (
    assert_catalog_matches_warcs,
    assert_warc_file_ok,
    warc_files,
)


def _catalog(archive: Path) -> Catalog | None:
    """The archive's catalog, None while there is none (SQLite: no file yet)."""
    layout = ArchiveLayout.at(archive)
    if not (layout.shared_catalog or layout.catalog_path.exists()):
        return None
    return Catalog(layout.catalog)


def _captures(archive: Path) -> int:
    try:
        catalog = _catalog(archive)
        if catalog is None:
            return 0
        with catalog:
            return len(catalog.captures())
    except Exception:  # the catalog may be mid-migration at the very start
        return 0


def _kill_mid_crawl(replica, tmp_path: Path, key: str, captures: int) -> tuple[Path, Path]:
    """Start `bdt crawl` of a replica site and kill -9 it once `captures` are catalogued."""
    entries = [e for e in replica.registry_entries() if e["id"] == f"replica-{key}"]
    registry = write_registry(tmp_path / "sites.yaml", entries,
                              politeness={"download_delay": 0.15})
    archive = tmp_path / "archive"
    process = subprocess.Popen(
        [sys.executable, "-m", "bdt.cli", "crawl", f"replica-{key}", "--registry",
         str(registry), "--archive", str(archive)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while _captures(archive) < captures and time.time() < deadline:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return archive, registry


def test_kill_9_mid_crawl_then_mend(replica, tmp_path, catalog_backend):
    key = "liferay"
    archive, registry = _kill_mid_crawl(replica, tmp_path, key, captures=6)
    open_files = sorted(Path(archive, "warc").rglob("*.warc.gz.open"))
    assert len(open_files) == 1, "the killed crawl must leave its WARC open"
    # A kill between write() calls leaves whole records; cut the last record in half
    # too, as a power cut or a full disk would, so the mending has real work to do.
    size = open_files[0].stat().st_size
    with Catalog(ArchiveLayout.at(archive).catalog) as catalog:
        last = max(catalog.captures(), key=lambda c: c.warc_offset)
    cut_at = last.warc_offset + last.warc_length // 2
    with open(open_files[0], "r+b") as handle:
        handle.truncate(cut_at)
    assert cut_at < size

    result = run_bdt("crawl", f"replica-{key}", "--registry", str(registry), "--archive",
                     str(archive), "--max-pages", "3", "--no-extract")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "mended" in result.stderr
    assert not list(Path(archive, "warc").rglob("*.open"))
    for path in warc_files(archive):
        assert_warc_file_ok(path)
    assert assert_catalog_matches_warcs(archive) > 0
    with Catalog(ArchiveLayout.at(archive).catalog) as catalog:
        assert catalog.captures(url=last.url) == [] or all(
            c.record_id != last.record_id for c in catalog.captures(url=last.url))


def _responses_on_disk(archive: Path) -> dict[str, int]:
    """Full response records per URL, read from the WARC files themselves."""
    from archive.warc.reader import iter_records

    counts: dict[str, int] = {}
    for path in warc_files(archive):
        for record in iter_records(path):
            if record.rec_type == "response" and record.http_status == 200:
                counts[record.target_uri] = counts.get(record.target_uri, 0) + 1
    return counts


def test_a_record_without_its_row_is_catalogued_and_a_killed_run_is_extracted(
        replica, tmp_path, catalog_backend):
    """kill -9 after a record's fsync but before its catalog row, and before extraction."""
    key = "joomla"
    archive, registry = _kill_mid_crawl(replica, tmp_path, key, captures=8)
    layout = ArchiveLayout.at(archive)
    with Catalog(layout.catalog) as catalog:  # as if killed between fsync and row
        last = max(catalog.captures(), key=lambda c: c.id)
        catalog.db.execute("DELETE FROM captures WHERE id=?", (last.id,))
        assert not any(c.extracted_at for c in catalog.captures())

    result = run_bdt("crawl", f"replica-{key}", "--registry", str(registry), "--archive",
                     str(archive))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "catalogued 1 whole records that had no row" in result.stderr
    for path in warc_files(archive):
        assert_warc_file_ok(path)
    assert assert_catalog_matches_warcs(archive) > 0
    manifest = replica.manifest(key)
    articles = {canonicalize(manifest.base_url + path) for path in manifest.articles}
    stored = _responses_on_disk(archive)
    twice = {url: n for url, n in stored.items() if n > 1 and canonicalize(url) in articles}
    assert twice == {}, f"articles stored twice as a full response: {twice}"
    with Catalog(layout.catalog) as catalog:
        assert [c for c in catalog.captures() if c.is_html and not c.extracted_at] == []
        documents = {canonicalize(row["url"])
                     for row in catalog.db.execute("SELECT url FROM document_urls")}
    assert articles <= documents, sorted(articles - documents)


def _catalog_state(archive: Path) -> tuple[int, int, int]:
    """(captures, extracted captures, finished runs) as the catalog says now."""
    try:
        catalog = _catalog(archive)
        if catalog is None:
            return 0, 0, 0
        with catalog:
            captures = catalog.captures()
            finished = [r for r in catalog.runs() if r["status"] != "running"]
            return len(captures), sum(1 for c in captures if c.extracted_at), len(finished)
    except Exception:  # mid-migration, or a write in progress
        return 0, 0, 0


# Kill points: when the predicate over (state now, state at start) first holds.
KILL_POINTS = {
    "start-up": lambda now, start: True,  # as soon as the process runs
    "first request": lambda now, start: now[0] > start[0],
    "a few requests in": lambda now, start: now[0] >= start[0] + 3,
    "mid-crawl": lambda now, start: now[0] >= start[0] + 8,
    "late in the crawl": lambda now, start: now[0] >= start[0] + 14,
    "during close": lambda now, start: now[2] > start[2],
    "during extraction": lambda now, start: now[1] > start[1],
    "again at start-up": lambda now, start: True,
}


def _processes_of(archive: Path) -> list[int]:
    """Processes whose command line names this archive."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if proc.name.isdigit() and str(archive).encode() in args:
            found.append(int(proc.name))
    return found


def test_eight_kills_then_one_clean_crawl_lose_nothing(replica, tmp_path, catalog_backend):
    """kill -9 at eight moments of successive crawls of one site, then one clean crawl."""
    key = "wordpress"
    entries = [e for e in replica.registry_entries() if e["id"] == f"replica-{key}"]
    registry = write_registry(tmp_path / "sites.yaml", entries,
                              politeness={"download_delay": 0.1}, recheck_days=30)
    archive = tmp_path / "archive"
    killed = []
    for name, due in KILL_POINTS.items():
        start = _catalog_state(archive)
        process = subprocess.Popen(
            [sys.executable, "-m", "bdt.cli", "crawl", f"replica-{key}", "--registry",
             str(registry), "--archive", str(archive)],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while process.poll() is None and time.time() < deadline:
            if due(_catalog_state(archive), start):
                os.kill(process.pid, signal.SIGKILL)
                killed.append(name)
                break
            time.sleep(0.02)
        process.wait()
    assert len(killed) >= 6, f"only killed at {killed}"
    # nothing of the killed crawls lives on (extraction workers leave with their parent)
    deadline = time.time() + 30
    while _processes_of(archive) and time.time() < deadline:
        time.sleep(0.5)
    assert not _processes_of(archive), "processes of the killed crawls are still running"

    result = run_bdt("crawl", f"replica-{key}", "--registry", str(registry), "--archive",
                     str(archive))
    assert result.returncode == 0, result.stderr[-3000:]
    assert not list(Path(archive, "warc").rglob("*.open"))
    for path in warc_files(archive):
        assert_warc_file_ok(path)
    assert assert_catalog_matches_warcs(archive) > 0  # every row has its record
    layout = ArchiveLayout.at(archive)
    with Catalog(layout.catalog) as catalog:  # every response record has its row
        rows = {(c.warc_file, c.warc_offset) for c in catalog.captures()}
        documents = {canonicalize(r["url"])
                     for r in catalog.db.execute("SELECT url FROM document_urls")}
    from archive.warc.reader import iter_records

    for path in warc_files(archive):
        for record in iter_records(path):
            if record.rec_type in ("response", "revisit"):
                assert (layout.relative(path), record.offset) in rows, record.target_uri
    manifest = replica.manifest(key)
    articles = {canonicalize(manifest.base_url + path) for path in manifest.articles}
    assert articles <= documents, sorted(articles - documents)
    twice = {url: n for url, n in _responses_on_disk(archive).items()
             if n > 1 and canonicalize(url) in articles}
    assert twice == {}, f"articles stored twice as a full response: {twice}"
