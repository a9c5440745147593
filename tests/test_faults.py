"""`bdt crawl` against sites that misbehave the way real portals do (tests/support/faults.py).

One crawl of every fault site, side by side, with a 10 GiB gzip bomb on one of them.
Each fault must leave its trace (a capture, an error row, or both), nothing requested
may be lost, every WARC must pass the checks, and the crawl's peak RSS stays under 600 MB.
(`warcio check` inflates a gzip payload whole: about 25 s of CPU for 10 GiB, so here it
checks every WARC but the 10 GiB bomb's; benchmarks/bomb_crawl.py checks that one too.)

Catalog on SQLite only: this tests the crawler's fault handling; the rows it writes are the same on
PostgreSQL, where test_shared_catalog, test_incremental, test_crash_recovery and
test_scheduler crawl with it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from archive.warc import iter_records, read_record
from archive.warc.check import check_warc
from tests.conftest import REPO, write_registry
from tests.support.archive_checks import assert_catalog_matches_warcs, warc_files
from tests.support.bombs import GIB, MIB, write_bomb
from tests.support.faults import (
    FaultServer,
    backoff_sites,
    bomb_site,
    main_site,
    robots_sites,
    write_nested_bomb,
)
from tests.support.warccheck import gzip_test, warcio_check

DOWNLOAD_MAXSIZE = 200 * 1024 * 1024  # crawler/settings.py, left at its default here
PEAK_RSS_LIMIT = 600 * 1024 * 1024
SETTINGS = ("DOWNLOAD_TIMEOUT=2", "BDT_429_MIN_DELAY=2")


def run_bdt_peak_rss(*args: str, timeout: float) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run `bdt` like tests.conftest.run_bdt; also return its peak RSS in bytes (the
    largest of the process and the children it waited for, e.g. extraction workers)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-m", "bdt.cli", *args], cwd=REPO,
                                stdout=out, stderr=err, env=env, text=True)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.2)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = subprocess.CompletedProcess(proc.args, proc.returncode, out.read(), err.read())
    return result, usage.ru_maxrss * 1024


@dataclass
class FaultCrawl:
    server: FaultServer
    archive: Path
    result: subprocess.CompletedProcess[str]
    peak_rss: int
    bombs: dict[str, Path]

    def site_id(self, key: str) -> str:
        return f"faults-{key}"

    def captures(self, key: str):
        with Catalog(ArchiveLayout.at(self.archive).catalog) as catalog:
            return catalog.captures(site_id=self.site_id(key))

    def run(self, key: str) -> dict:
        with Catalog(ArchiveLayout.at(self.archive).catalog) as catalog:
            return catalog.runs(self.site_id(key), limit=1)[0]

    def errors(self, key: str) -> list[dict]:
        with Catalog(ArchiveLayout.at(self.archive).catalog) as catalog:
            return catalog.errors(self.run(key)["id"])

    def requested(self, key: str) -> list[str]:
        return [e.path for e in self.server.requests if e.site == key]


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    inner = write_bomb(folder / "256m.gz", 256 * MIB)  # past DOWNLOAD_MAXSIZE, quick to check
    return {"big": write_bomb(folder / "10g.gz", 10 * GIB),
            "gzip": inner,
            "deflate": write_bomb(folder / "256m.z", 256 * MIB, "deflate"),
            "gzip-in-gzip": write_nested_bomb(folder / "256m.gz.gz", inner)}


@pytest.fixture(scope="module")
def fault_crawl(bombs, tmp_path_factory) -> FaultCrawl:
    root = tmp_path_factory.mktemp("faults")
    sites = [main_site(bombs), bomb_site(bombs["big"]), *robots_sites(), *backoff_sites()]
    with FaultServer(sites) as server:
        registry = write_registry(root / "faults.yaml", server.registry_entries())
        settings = [arg for s in SETTINGS for arg in ("-s", s)]
        result, peak = run_bdt_peak_rss(
            "crawl", *[f"faults-{key}" for key in server.sites], "--registry", str(registry),
            "--archive", str(root / "archive"), *settings, timeout=300)
        (root / "stderr.log").write_text(result.stderr)  # for a look after a failure
        yield FaultCrawl(server, root / "archive", result, peak, bombs)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_crawl_survives_and_each_run_ends(fault_crawl):
    result = fault_crawl.result
    assert "Traceback" not in result.stderr, result.stderr[-6000:]
    assert "MemoryError" not in result.stderr
    for key in fault_crawl.server.sites:
        run = fault_crawl.run(key)
        assert run["ended_at"], (key, run)
    assert fault_crawl.run("main")["status"] == "finished"
    assert result.returncode == 1, "the run ended by a long Retry-After must fail the command"


def test_peak_rss_under_600_mb_with_a_10_gib_bomb(fault_crawl):
    assert fault_crawl.bombs["big"].stat().st_size > 10_000_000  # 10 GiB inflated
    assert {"/bomb/big", "/after-the-bomb"} <= set(fault_crawl.requested("bomb"))
    print(f"peak RSS of the crawl: {fault_crawl.peak_rss / 2**20:.0f} MiB")
    assert fault_crawl.peak_rss < PEAK_RSS_LIMIT, f"{fault_crawl.peak_rss / 2**20:.0f} MiB"


CATEGORIES = ("wire", "bomb", "body", "xml", "redirect", "status")


@pytest.mark.parametrize(("key", "category"), [("main", c) for c in CATEGORIES] + [
    ("bomb", "bomb"), ("bomb", "body"), ("slow-429", "status")])
def test_every_fault_leaves_its_trace(fault_crawl, key, category):
    site = fault_crawl.server.sites[key]
    captured = {_path(c.url) for c in fault_crawl.captures(key)}
    errors = fault_crawl.errors(key)
    errored = {_path(e["url"]) for e in errors if e["url"]}
    # an error met after redirects names the URL the chain started from
    errored |= {_path(m.group(1)) for e in errors
                if (m := re.search(r"redirected from (\S+)\)", e["message"]))}
    requested = set(fault_crawl.requested(key))
    faults = [f for f in site.faults if f.category == category and f.linked]
    assert faults
    for fault in faults:
        assert fault.path in requested, f"{fault.path} was never requested"
        archived, error = fault.path in captured, fault.path in errored
        if fault.expect == "survives":
            continue
        want_archived = fault.expect in ("archived", "archived+error")
        want_error = fault.expect in ("error", "archived+error")
        assert (archived, error) == (want_archived, want_error), (
            f"{fault.path}: archived={archived} error={error}, expected {fault.expect}")


def test_nothing_requested_is_lost(fault_crawl):
    """Whatever the crawler asked for is in the catalog as a capture or an error."""
    for key in fault_crawl.server.sites:
        base = fault_crawl.server.base_url(key)
        known = {c.url for c in fault_crawl.captures(key)}
        known |= {e["url"] for e in fault_crawl.errors(key) if e["url"]}
        known_paths = {_path(u) for u in known if u.startswith(base)}
        lost = sorted(set(fault_crawl.requested(key)) - known_paths)
        assert not lost, f"{key}: requested but neither archived nor an error: {lost}"


def test_no_entity_expanded_or_fetched(fault_crawl):
    assert "/xxe-target" not in fault_crawl.requested("main")
    paths = fault_crawl.requested("main")
    assert not [p for p in paths if "lollol" in p or "AAAA" in p], paths


@pytest.mark.parametrize(("key", "path", "bomb"), [("bomb", "/bomb/big", "big"),
                                                   ("main", "/bomb/gzip", "gzip")])
def test_bomb_is_archived_as_sent_flagged_and_an_error(fault_crawl, key, path, bomb):
    layout = ArchiveLayout.at(fault_crawl.archive)
    capture = next(c for c in fault_crawl.captures(key) if _path(c.url) == path)
    warc = layout.absolute(capture.warc_file)
    record = read_record(warc, capture.warc_offset)
    assert record.payload == fault_crawl.bombs[bomb].read_bytes()
    assert record.http_header("Content-Encoding") == "gzip"
    metadata = [r for r in iter_records(warc) if r.rec_type == "metadata"
                and r.warc_header("WARC-Concurrent-To") == record.record_id]
    assert len(metadata) == 1
    assert f"decodedSizeExceeded: {DOWNLOAD_MAXSIZE}" in metadata[0].payload.decode()
    messages = [e["message"] for e in fault_crawl.errors(key)
                if e["url"] and _path(e["url"]) == path]
    assert any("DOWNLOAD_MAXSIZE" in m for m in messages), messages


def test_every_warc_passes_the_checks(fault_crawl):
    files = warc_files(fault_crawl.archive)
    assert len(files) >= len(fault_crawl.server.sites) - 1
    findings = []
    for path in files:
        if "faults-bomb" not in path.name:  # see the module docstring
            assert warcio_check(path).returncode == 0, path
        assert gzip_test(path).returncode == 0, path
        findings += check_warc(path, decode_limit=DOWNLOAD_MAXSIZE)
    # the one thing check_warc finds is the server's own lie: "gzip" on a plain body
    assert len(findings) == 1 and "does not decode as Content-Encoding 'gzip'" in findings[0], (
        findings)
    assert assert_catalog_matches_warcs(fault_crawl.archive) > 40


def test_unreachable_robots_txt_disallows_all(fault_crawl):
    for key in ("robots-500", "robots-reset"):
        requested = set(fault_crawl.requested(key))
        assert requested == {"/robots.txt"}, (key, requested)
        messages = [e["message"] for e in fault_crawl.errors(key)]
        assert any("robots.txt" in m and "RFC 9309" in m for m in messages), (key, messages)
    for key in ("robots-404", "robots-loop", "robots-binary"):
        assert "/page" in fault_crawl.requested(key), key


def test_retry_after_is_honoured(fault_crawl):
    times = [e.started for e in fault_crawl.server.requests
             if e.site == "main" and e.path == "/status/503-retry-after-3"]
    assert len(times) == 2, times
    assert times[1] - times[0] >= 2.5, f"retried after {times[1] - times[0]:.1f} s"


def test_retry_after_past_the_cap_ends_the_run(fault_crawl):
    assert fault_crawl.requested("retry-after-hour").count("/") == 1
    run = fault_crawl.run("retry-after-hour")
    assert run["status"] == "failed" and "Retry-After 3600" in (run["message"] or ""), run
    assert any("Retry-After" in e["message"] for e in fault_crawl.errors("retry-after-hour"))


def test_429_slows_the_whole_site(fault_crawl):
    log = [e for e in fault_crawl.server.requests if e.site == "slow-429"]
    first_429 = next(i for i, e in enumerate(log) if e.path == "/busy")
    # the request after the first 429 may already be on its way; from then on, >= 2 s
    after = [e.started for e in log[first_429 + 1:]]
    assert len(after) >= 4, [e.path for e in log]
    gaps = [b - a for a, b in zip(after, after[1:], strict=False)]
    assert min(gaps) >= 1.5, [(e.path, round(e.started - log[0].started, 2)) for e in log]
    messages = [e["message"] for e in fault_crawl.errors("slow-429")]
    assert any(m.startswith("HTTP 429") for m in messages), messages
