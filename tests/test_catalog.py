"""The catalog (real SQLite, real PostgreSQL): migrations, runs, captures, leases."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time

import pytest

from archive.catalog import Catalog
from archive.catalog.schema import MIGRATIONS
from archive.lease import SiteBusy, SiteLease


def test_migrates_an_old_database_forward(tmp_path):
    """SQLite only: an old SQLite file (its user_version, WAL mode); PostgreSQL's migrations
    are tested below (nodes at once) and in test_search (a schema-5 catalog)."""
    path = tmp_path / "catalog.sqlite"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + "; PRAGMA user_version=1;")
    db.close()
    with Catalog(path) as catalog:
        assert catalog.schema_version == len(MIGRATIONS)
        indexes = {row[1] for row in catalog.db.execute("PRAGMA index_list(captures)")}
        assert "captures_run" in indexes
        assert catalog.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_runs_and_captures(tmp_path, catalog_backend):
    with Catalog(catalog_backend or tmp_path / "c.sqlite") as catalog:
        run = catalog.start_run("site-a", trigger="manual")
        capture_id = catalog.add_capture(
            run_id=run, site_id="site-a", url="http://a/x", record_type="response",
            status=200, content_type="text/html", fetched_at="2026-01-01T00:00:00.000Z",
            warc_file="warc/site-a/f.warc.gz", warc_offset=100, warc_length=50,
            record_id="<urn:uuid:1>", payload_digest="sha1:X", payload_length=1234,
            etag='"e1"')
        assert catalog.last_capture("http://a/x").id == capture_id
        assert catalog.run(run)["captures"] == 1 and catalog.run(run)["bytes"] == 1234
        assert catalog.forget_beyond("warc/site-a/f.warc.gz", 120) == 1
        assert catalog.last_capture("http://a/x") is None
        catalog.finish_run(run, "finished")
        stale = catalog.start_run("site-a")
        assert catalog.mark_abandoned_runs("site-a") == [stale]
        assert catalog.run(stale)["status"] == "killed"


def test_lease_is_exclusive_and_dies_with_its_process(tmp_path, catalog_backend):
    """One crawl per site: a second lease is refused (naming the holder) until the first
    is released, and a holder killed with SIGKILL frees the site at once (the kernel drops
    the flock; PostgreSQL drops the advisory lock with the connection)."""
    target = catalog_backend or tmp_path / "c.sqlite"
    lock = tmp_path / "locks" / "a.lock"
    with Catalog(target) as catalog:
        probe = SiteLease(catalog, lock, "a", "")
        with SiteLease(catalog, lock, "a", "run-1"):
            assert probe.is_held()
            with Catalog(target) as other:  # another process/node: its own connection
                with pytest.raises(SiteBusy, match="run-1"):
                    SiteLease(other, lock, "a", "run-2").acquire()
        assert not probe.is_held()
        assert catalog.lease_holder("a") is None
        holder = subprocess.Popen([sys.executable, "-c", (
            "import sys, time; from pathlib import Path;"
            "from archive.catalog import Catalog; from archive.lease import SiteLease;"
            "target = sys.argv[1] if '://' in sys.argv[1] else Path(sys.argv[1]);"
            "lease = SiteLease(Catalog(target), Path(sys.argv[2]), 'a', 'run-3');"
            "lease.acquire(); print('held', flush=True); time.sleep(60)"),
            str(target), str(lock)], stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout.readline().strip() == "held"
            assert probe.is_held()
            with pytest.raises(SiteBusy, match="run-3"):
                SiteLease(catalog, lock, "a", "run-4").acquire()
        finally:
            holder.kill()
            holder.wait()
        deadline = time.monotonic() + 20  # the server notices the closed connection
        while probe.is_held() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not probe.is_held()
        with SiteLease(catalog, lock, "a", "run-5"):  # the stale lease row is replaced
            assert catalog.lease_holder("a")["run_id"] == "run-5"


@pytest.mark.fresh_catalog
def test_nodes_starting_at_once_migrate_a_new_catalog_once(tmp_path, catalog_backend):
    """Several processes open a catalog nobody has made yet, at the same moment: each
    starts, and the schema ends at the last version with every migration applied once."""
    target = catalog_backend or str(tmp_path / "c.sqlite")
    code = ("import sys; from pathlib import Path; from archive.catalog import Catalog;"
            "target = sys.argv[1] if '://' in sys.argv[1] else Path(sys.argv[1]);"
            "print('ready', flush=True); sys.stdin.read(); Catalog(target).close()")
    starting = [subprocess.Popen([sys.executable, "-c", code, target], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(6)]
    assert [process.stdout.readline() for process in starting] == ["ready\n"] * 6
    for process in starting:  # every one imported and waiting: all go at once
        process.stdin.close()
    errors = [process.stderr.read() for process in starting]
    assert [process.wait(timeout=60) for process in starting] == [0] * 6, errors
    with Catalog(target) as catalog:
        assert catalog.schema_version == len(MIGRATIONS)
        if catalog.shared:
            versions = [r[0] for r in catalog.db.execute(
                "SELECT version FROM catalog_schema ORDER BY version")]
            assert versions == list(range(1, len(MIGRATIONS) + 1))
