"""The archive's commands on either catalog: SQLite beside the WARCs, or PostgreSQL (shared).

A crawl, `bdt status` and `bdt export` in subprocesses, the catalog chosen by BDT_DB_URL
(the `catalog_backend` fixture) or by `--db-url`; expectations from the replica's manifest
and request log.
"""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import urljoin

import pytest

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from replica import ReplicaServer
from tests.conftest import run_bdt, write_registry

KEY = "wordpress"
SITE = f"replica-{KEY}"


@pytest.fixture
def replica():
    with ReplicaServer([KEY]) as server:
        yield server


def test_crawl_status_and_export_work_on_either_catalog(replica, tmp_path, catalog_backend):
    entries = [e for e in replica.registry_entries() if e["id"] == SITE]
    registry = write_registry(tmp_path / "sites.yaml", entries)
    archive = tmp_path / "archive"
    run_bdt("crawl", SITE, "--registry", str(registry), "--archive", str(archive), check=True)

    layout = ArchiveLayout.at(archive)
    assert layout.catalog_path.exists() == (catalog_backend is None)
    manifest = replica.manifest(KEY)
    articles = {urljoin(manifest.base_url, path) for path in manifest.articles}
    fetched = Counter(urljoin(manifest.base_url, e.path) for e in replica.requests_for(KEY))
    assert all(fetched[url] == 1 for url in articles), "an article fetched twice or never"
    with Catalog(layout.catalog) as catalog:
        captured = {c.url for c in catalog.captures(site_id=SITE) if c.status == 200}
        run = catalog.runs(SITE, limit=1)[0]
    assert articles <= captured
    assert run["status"] == "finished" and run["new_documents"] >= len(articles)

    status = json.loads(run_bdt("status", "--json", "--registry", str(registry), "--archive",
                                str(archive), check=True).stdout)
    site = {s["site_id"]: s for s in status["sites"]}[SITE]
    assert site["last_run"]["id"] == run["id"] and not site["running"]

    out = tmp_path / "export"
    run_bdt("export", "--archive", str(archive), "--out", str(out), check=True)
    lines = [json.loads(line) for path in sorted(out.rglob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines()]
    assert {line["url"] for line in lines} >= articles


@pytest.mark.parametrize("catalog_backend", ["postgres"], indirect=True)
def test_db_url_flag_puts_the_catalog_in_postgresql(tmp_path, catalog_backend, monkeypatch):
    """`bdt status --db-url postgresql://...` reads the catalog there, not the SQLite file."""
    url = catalog_backend
    monkeypatch.delenv("BDT_DB_URL")
    archive = tmp_path / "archive"
    ArchiveLayout.at(archive).ensure()
    with Catalog(url) as catalog:
        run_id = catalog.start_run("portal-y")
        catalog.finish_run(run_id, "finished")
    result = run_bdt("status", "--json", "--archive", str(archive), "--db-url", url, check=True)
    sites = {site["site_id"]: site for site in json.loads(result.stdout)["sites"]}
    assert sites["portal-y"]["last_run"]["id"] == run_id
    assert not ArchiveLayout.at(archive).catalog_path.exists()
