"""`bdt crawl` stopped with SIGTERM resumes from its JOBDIR without fetching pages again."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from replica import ReplicaServer
from tests.conftest import REPO, run_bdt, write_registry


def test_sigterm_then_resume_fetches_nothing_twice(tmp_path, catalog_backend):
    with ReplicaServer(["joomla"]) as server:
        registry = write_registry(tmp_path / "sites.yaml", server.registry_entries(),
                                  politeness={"download_delay": 0.25})
        archive = tmp_path / "archive"
        args = ["crawl", "replica-joomla", "--registry", str(registry), "--archive", str(archive)]
        process = subprocess.Popen([sys.executable, "-m", "bdt.cli", *args], cwd=REPO,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.time() + 60
        while len(server.requests_for("joomla")) < 8 and time.time() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
        first = len(server.requests_for("joomla"))
        with Catalog(ArchiveLayout.at(archive).catalog) as catalog:
            interrupted = catalog.runs("replica-joomla")[0]
        assert interrupted["status"] == "interrupted", output[-3000:]

        result = run_bdt(*args)
        assert result.returncode == 0, result.stderr[-3000:]
        log = server.requests_for("joomla")
        before = [e.path for e in log[:first] if e.status == 200]
        after = [e.path for e in log[first:]]
        manifest = server.manifest("joomla")
    with Catalog(ArchiveLayout.at(archive).catalog) as catalog:
        runs = catalog.runs("replica-joomla")
    assert [r["id"] for r in runs] == [interrupted["id"]], "the same run goes on"
    assert runs[0]["status"] == "finished" and runs[0]["trigger"] == "resume"
    refetched = sorted(set(before) & set(after) - {"/robots.txt"})
    assert not refetched, f"fetched again after resume: {refetched}"
    captured = {a.slug for p in before + after if (a := manifest.article_for(p))}
    assert captured == {a.slug for a in manifest.articles.values()}
