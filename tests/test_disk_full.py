"""A full disk mid-crawl: the crawl stops with a clear error and loses nothing archived.

The disk is "filled" with RLIMIT_FSIZE on the crawl process: writes past the limit
fail with EFBIG, as they would with ENOSPC.

Catalog on SQLite only: this tests the crawl's WARC writing; the rows it writes are the same on
PostgreSQL, where test_shared_catalog, test_incremental, test_crash_recovery and
test_scheduler crawl with it.
"""

from __future__ import annotations

import resource
import signal
import subprocess
import sys

from replica import ReplicaServer
from tests.conftest import REPO, run_bdt, write_registry
from tests.support.archive_checks import (
    assert_catalog_matches_warcs,
    assert_warc_file_ok,
    warc_files,
)


def _small_disk() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
    resource.setrlimit(resource.RLIMIT_FSIZE, (150_000, 150_000))


def test_full_disk_stops_cleanly_and_keeps_the_archive(tmp_path):
    with ReplicaServer(["sharepoint"]) as server:
        registry = write_registry(tmp_path / "sites.yaml", server.registry_entries())
        args = ["crawl", "replica-sharepoint", "--registry", str(registry), "--archive",
                str(tmp_path / "archive")]
        full = subprocess.run([sys.executable, "-m", "bdt.cli", *args], cwd=REPO,
                              capture_output=True, text=True, timeout=300,
                              preexec_fn=_small_disk)
        assert full.returncode != 0
        assert "cannot archive" in full.stderr and "stopping the crawl" in full.stderr
        assert "Traceback" not in full.stderr.split("stopping the crawl")[0]
        again = run_bdt(*args, "--max-pages", "2", "--no-extract")
        assert again.returncode == 0, again.stderr[-3000:]
    for path in warc_files(tmp_path / "archive"):
        assert_warc_file_ok(path)
    assert assert_catalog_matches_warcs(tmp_path / "archive") > 0
