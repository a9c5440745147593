"""A crawl of every replica site: completeness, scope, robots, traps, faithful WARCs.

The replica server's own request log is the evidence for what was fetched.

Catalog on SQLite only: this tests the crawl; the rows it writes are the same on
PostgreSQL, where test_shared_catalog, test_incremental, test_crash_recovery and
test_scheduler crawl with it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from replica.manifest import path_of, target_key
from tests.support.archive_checks import (
    assert_catalog_matches_warcs,
    assert_warc_file_ok,
    warc_files,
)

SITE_KEYS = ("liferay", "sharepoint", "aspnet", "joomla", "wordpress", "newspaper", "legacy",
             "portal_dnn", "liferay7")


def site_keys(replica) -> list[str]:
    return list(replica.site_keys)


def log_of(replica, crawled, key: str):
    entries = replica.requests[crawled.first_request:crawled.last_request]
    return [e for e in entries if e.site == key]


def captures_of(crawled, key: str):
    with Catalog(ArchiveLayout.at(crawled.archive).catalog) as catalog:
        return catalog.captures(site_id=crawled.site_id(key))


@pytest.mark.parametrize("key", SITE_KEYS)
def test_every_article_and_attachment_is_captured(replica, crawled, key):
    if key not in replica.site_keys:
        pytest.fail(f"replica site {key} is not served")
    manifest = replica.manifest(key)
    captured_ok = [c for c in captures_of(crawled, key) if c.status == 200]
    captured_articles = {id(a) for c in captured_ok if (a := manifest.article_for(c.url))}
    missing = [p for p, a in manifest.articles.items() if id(a) not in captured_articles]
    assert not missing, f"{key}: articles not captured: {missing}"
    captured_targets = {target_key(path_of(c.url)) for c in captured_ok}
    missing_files = [p for p in manifest.attachments if target_key(p) not in captured_targets]
    assert not missing_files, f"{key}: attachments not captured: {missing_files}"


def _is_embed(replica, key: str, path: str) -> bool:
    """Served as something other than a page (a stylesheet, script, image, font)."""
    types = {v.split(";")[0].strip().lower() for sent in replica.sent_responses(key, path)
             for n, v in sent.headers if n.lower() == "content-type"}
    return bool(types) and not types & {"text/html", "application/xhtml+xml"}


@pytest.mark.parametrize("key", SITE_KEYS)
def test_crawl_stays_in_scope_and_obeys_robots(replica, crawled, key):
    manifest = replica.manifest(key)
    log = log_of(replica, crawled, key)
    assert log, f"no request reached {key}"
    # page requisites (the portal's skin, scripts, images) may lie outside: never pages
    out_of_scope = [e.path for e in log if not manifest.in_scope(e.path)
                    and e.path != "/robots.txt" and "sitemap" not in e.path
                    and not _is_embed(replica, key, e.path)]
    assert not out_of_scope, f"{key}: out-of-scope requests {out_of_scope}"
    disallowed = [e.path for e in log if manifest.is_disallowed(e.path)]
    assert not disallowed, f"{key}: robots-disallowed requests {disallowed}"
    for path in manifest.out_of_scope_paths:  # "/" is the portal home: exact match only
        hits = [e.path for e in log if e.path == path or (path != "/" and
                                                          e.path.startswith(path))]
        assert not hits, (path, hits)


@pytest.mark.parametrize("key", SITE_KEYS)
def test_traps_cost_fewer_than_30_requests(replica, crawled, key):
    manifest = replica.manifest(key)
    per_trap = Counter(name for e in log_of(replica, crawled, key)
                       if (name := manifest.trap_for(e.path)))
    for name in manifest.traps:
        assert per_trap[name] < 30, f"{key}: trap {name} cost {per_trap[name]} requests"


@pytest.mark.parametrize("key", SITE_KEYS)
def test_one_request_at_a_time_per_site(replica, crawled, key):
    log = sorted(log_of(replica, crawled, key), key=lambda e: e.started)
    overlaps = [(a.path, b.path) for a, b in zip(log, log[1:], strict=False)
                if b.started < a.finished - 0.002]
    assert not overlaps, f"{key}: concurrent requests {overlaps[:5]}"


def test_faults_are_handled(replica, crawled):
    """The 500 is retried and recovers; the redirect is followed; 404s are recorded."""
    for key in replica.site_keys:
        manifest = replica.manifest(key)
        captures = captures_of(crawled, key)
        by_target: dict[str, list[int]] = {}
        for capture in captures:
            by_target.setdefault(target_key(path_of(capture.url)), []).append(capture.status)
        for path in manifest.fail_once:
            statuses = by_target.get(target_key(path), [])
            assert 500 in statuses and 200 in statuses, (key, path, statuses)
        for old, new in manifest.redirects.items():
            statuses = by_target.get(target_key(old), [])
            assert any(300 <= s < 400 for s in statuses), (key, old, statuses)
            assert 200 in by_target.get(target_key(new), []), (key, new)


def test_every_warc_passes_all_checks(crawled):
    files = warc_files(crawled.archive)
    assert files, "no WARC written"
    assert not list(Path(crawled.archive, "warc").rglob("*.open")), "WARC left open"
    for path in files:
        assert_warc_file_ok(path)


def test_catalog_lists_exactly_what_is_on_disk(crawled):
    assert assert_catalog_matches_warcs(crawled.archive) > 50


def test_summary_and_runs_recorded(crawled, replica):
    with Catalog(ArchiveLayout.at(crawled.archive).catalog) as catalog:
        runs = catalog.runs()
    assert {r["site_id"] for r in runs} == {crawled.site_id(k) for k in replica.site_keys}
    assert all(r["status"] == "finished" and r["ended_at"] for r in runs), runs
    assert "finished" in crawled.result.stdout


def test_user_agent_names_tool_and_contact(replica, crawled):
    agents = {e.request_headers.get("User-Agent") for e in
              replica.requests[crawled.first_request:crawled.last_request]}
    assert len(agents) == 1
    agent = agents.pop()
    assert agent.startswith("bandantoc-archive/") and "+http" in agent
    encodings = {e.request_headers.get("Accept-Encoding") for e in
                 replica.requests[crawled.first_request:crawled.last_request]}
    assert not any("zstd" in (value or "") for value in encodings)


def test_unreachable_site_fails_clearly_and_keeps_the_archive(tmp_path, crawled):
    import socket

    from tests.conftest import run_bdt, write_registry

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    registry = write_registry(tmp_path / "sites.yaml", [{
        "id": "nowhere", "name": "Nowhere", "province": "Sơn La",
        "start_urls": [f"http://127.0.0.1:{port}/"], "allow_private_network": True}])
    before = sorted(p.stat().st_size for p in warc_files(crawled.archive))
    result = run_bdt("crawl", "nowhere", "--registry", str(registry), "--archive",
                     str(crawled.archive), "-s", "RETRY_TIMES=0")
    assert result.returncode == 1
    assert "unreachable" in result.stderr and "refused" in result.stderr.lower()
    with Catalog(ArchiveLayout.at(crawled.archive).catalog) as catalog:
        run = catalog.runs("nowhere", limit=1)[0]
    assert run["status"] == "failed" and "unreachable" in run["message"]
    after = sorted(p.stat().st_size for p in warc_files(crawled.archive)
                   if "nowhere" not in str(p))
    assert after == before, "archived WARCs must stay untouched"


def test_article_photos_are_archived(replica, crawled):
    """In-scope <img> of the pages are captured as page requisites (hops end in E)."""
    with Catalog(ArchiveLayout.at(crawled.archive).catalog) as catalog:
        images = [c for c in catalog.captures() if (c.content_type or "").startswith("image/")]
    assert images and all(c.status == 200 for c in images)
    sites = {c.site_id for c in images}
    assert len(sites) >= 3, sites
