"""Incremental crawling: an unchanged site costs little; changes become versions and tombstones.

The versions-and-tombstones test runs on both catalogs; the cost of recrawling every site
(the crawler's conditional requests and revisits) on SQLite only.
"""

from __future__ import annotations

import pytest

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from replica import ReplicaServer
from tests.conftest import run_bdt, write_registry
from tests.support.archive_checks import assert_warc_file_ok, warc_files

KEY = "wordpress"


def _crawl(replica, registry, archive, *extra: str):
    first = len(replica.requests)
    result = run_bdt("crawl", f"replica-{KEY}", "--registry", str(registry), "--archive",
                     str(archive), *extra)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    log = [e for e in replica.requests[first:] if e.site == KEY]
    with Catalog(ArchiveLayout.at(archive).catalog) as catalog:
        run = catalog.runs(f"replica-{KEY}", limit=1)[0]
    return log, run


@pytest.fixture
def replica():
    """A replica of its own: this test changes and removes articles."""
    with ReplicaServer([KEY]) as server:
        yield server


def test_second_crawl_is_cheap_and_changes_become_versions(replica, tmp_path, catalog_backend):
    entries = [e for e in replica.registry_entries() if e["id"] == f"replica-{KEY}"]
    registry = write_registry(tmp_path / "sites.yaml", entries)
    archive = tmp_path / "archive"

    first_log, first_run = _crawl(replica, registry, archive)
    first_bytes = sum(e.bytes_sent for e in first_log)
    assert first_run["new_documents"] >= 3, first_run

    second_log, second_run = _crawl(replica, registry, archive)
    second_bytes = sum(e.bytes_sent for e in second_log)
    assert second_bytes <= 0.10 * first_bytes, (first_bytes, second_bytes)
    assert second_run["revisits"] > 0, second_run
    assert second_run["new_documents"] == 0 and second_run["changed_documents"] == 0

    manifest = replica.manifest(KEY)
    changed, removed = sorted(manifest.articles)[:2]
    replica.change_article(KEY, changed)
    replica.remove_article(KEY, removed)
    third_log, third_run = _crawl(replica, registry, archive, "-s", "BDT_RECHECK_DAYS=0")
    assert third_run["changed_documents"] == 1, third_run
    assert third_run["new_documents"] == 0, third_run
    assert third_run["removed_documents"] == 1, third_run
    assert any(e.status == 304 for e in third_log), "unchanged articles should answer 304"

    layout = ArchiveLayout.at(archive)
    with Catalog(layout.catalog) as catalog:
        gone = catalog.db.execute(
            "SELECT d.removed_at, COUNT(v.id) AS versions FROM documents d"
            " JOIN document_urls u ON u.document_id = d.id"
            " JOIN document_versions v ON v.document_id = d.id"
            " WHERE u.url LIKE ? GROUP BY d.id", (f"%{removed}",)).fetchone()
        assert gone is not None and gone["removed_at"], "removed article needs a tombstone"
        assert gone["versions"] >= 1, "a removed article keeps its archived content"
        profiles = {(row[0], row[1]) for row in catalog.db.execute(
            "SELECT status, revisit_profile FROM captures WHERE record_type='revisit'")}
    # a 304 is stored as an identical-payload revisit (replayable), its 304 kept in metadata
    assert (304, "identical-payload-digest") in profiles, profiles
    assert (200, "identical-payload-digest") in profiles, profiles
    for path in warc_files(archive):
        assert_warc_file_ok(path)


def test_every_site_recrawled_costs_at_most_a_tenth(tmp_path):
    with ReplicaServer() as server:
        registry = write_registry(tmp_path / "sites.yaml", server.registry_entries())
        ids = [f"replica-{key}" for key in server.site_keys]
        spent = []
        for _ in range(2):
            first = len(server.requests)
            run_bdt("crawl", *ids, "--registry", str(registry), "--archive",
                    str(tmp_path / "archive"), check=True)
            log = server.requests[first:]
            spent.append({key: sum(e.bytes_sent for e in log if e.site == key)
                          for key in server.site_keys})
    for key in spent[0]:
        assert spent[1][key] <= 0.10 * spent[0][key], (key, spent[0][key], spent[1][key])
