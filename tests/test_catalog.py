"""The catalog (real SQLite): migrations, runs, captures, leases."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from archive.catalog import Catalog
from archive.catalog.schema import MIGRATIONS
from archive.lease import SiteBusy, SiteLease, is_site_locked


def test_migrates_an_old_database_forward(tmp_path):
    path = tmp_path / "catalog.sqlite"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + "; PRAGMA user_version=1;")
    db.close()
    with Catalog(path) as catalog:
        assert catalog.schema_version == len(MIGRATIONS)
        indexes = {row[1] for row in catalog.db.execute("PRAGMA index_list(captures)")}
        assert "captures_run" in indexes
        assert catalog.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_runs_and_captures(tmp_path):
    with Catalog(tmp_path / "c.sqlite") as catalog:
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


def test_lease_is_exclusive_and_dies_with_its_process(tmp_path):
    lock = tmp_path / "locks" / "a.lock"
    with Catalog(tmp_path / "c.sqlite") as catalog:
        with SiteLease(catalog, lock, "a", "run-1"):
            assert is_site_locked(lock)
            with pytest.raises(SiteBusy, match="run-1"):
                SiteLease(catalog, lock, "a", "run-2").acquire()
        assert not is_site_locked(lock)
    # A process holding the lock is killed: the kernel frees it at once.
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, sys, time; f = open(sys.argv[1], 'a+');"
        "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)"),
        str(lock)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    assert is_site_locked(lock)
    holder.kill()
    holder.wait()
    assert not is_site_locked(lock)
