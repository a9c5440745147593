"""`bdt plan`: crawl hours from delays and the catalog's last runs; crawls at once to keep up.

Expected figures are worked out by hand from the registry below (requests x delay).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import yaml

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from archive.registry import load_registry_text
from bdt.scheduler.plan import daemon_concurrency, makespan, period_hours, plan_crawls
from tests.conftest import run_bdt

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # a Monday


def entry(site_id: str, **extra: object) -> dict[str, object]:
    return {"id": site_id, "name": f"Ban Dân tộc {site_id}", "province": "An Giang",
            "province_2025": "An Giang", "start_urls": [f"https://{site_id}.example.vn/"],
            "status": "active", **extra}


def registry_of(*entries: dict[str, object]):
    return load_registry_text(yaml.safe_dump({"sites": list(entries)}, allow_unicode=True))


def test_periods_follow_the_cron_schedule():
    assert period_hours("x", None, NOW) == 24  # the default nightly slot
    assert period_hours("x", "10 1 * * mon", NOW) == 24 * 7
    assert period_hours("x", "0 */6 * * *", NOW) == 6


def test_makespan_longest_first():
    assert makespan([5, 4, 3, 3, 3], 1) == 18
    assert makespan([5, 4, 3, 3, 3], 2) == 10  # slot A: 5, 3; slot B: 4, 3, 3
    assert makespan([5, 4, 3, 3, 3], 5) == 5


def test_first_crawls_at_the_delay_and_the_slots_that_keep_up():
    # 30 daily sites of 9,000 pages at 2 s: 5 hours each, 150 crawl hours a day.
    registry = registry_of(*[entry(f"s{i:02}", max_pages=9000,
                                   politeness={"download_delay": 2.0}) for i in range(30)],
                           entry("gone1", status="gone"))
    plan = plan_crawls(registry.values(), {}, now=NOW)
    assert len(plan.sites) == 30  # gone sites are not crawled
    assert all(e.hours == pytest.approx(5.0) and e.basis == "max_pages" for e in plan.sites)
    assert plan.crawl_hours == pytest.approx(150)
    assert plan.load == pytest.approx(150 / 24)  # 6.25 crawls at once on average
    # 7 slots: ceil(30/7)=5 crawls in a row = 25 h > 24 h; 8 slots: 4 in a row = 20 h.
    assert plan.concurrency == 8 and plan.round_hours == pytest.approx(20)
    assert plan.nodes == 2 and plan.window_hours == 24
    assert daemon_concurrency(plan) == 8


def test_last_runs_set_the_next_round_and_a_slow_pace_counts():
    registry = registry_of(entry("fast", politeness={"download_delay": 1.0}),
                           entry("slow", politeness={"download_delay": 1.0}),
                           entry("new"), entry("weekly", schedule="10 1 * * mon",
                                               max_pages=100000))
    last = {
        "fast": {"requests": 3600, "started_at": "2026-03-01T00:00:00.000Z",
                 "ended_at": "2026-03-01T00:30:00.000Z"},  # quicker than the delay: delay
        "slow": {"requests": 360, "started_at": "2026-03-01T00:00:00.000Z",
                 "ended_at": "2026-03-01T01:00:00.000Z"},  # 10 s a request
    }
    plan = plan_crawls(registry.values(), last, assume_pages=1800, now=NOW)
    by_id = {e.site_id: e for e in plan.sites}
    assert by_id["fast"].hours == pytest.approx(1.0) and by_id["fast"].basis == "last run"
    assert by_id["slow"].hours == pytest.approx(1.0)
    assert by_id["slow"].seconds_per_request == pytest.approx(10)
    assert by_id["new"].hours == pytest.approx(1.0) and by_id["new"].basis == "assumed"
    assert by_id["weekly"].hours == pytest.approx(100000 * 2 / 3600)  # 55.6 h, once a week
    assert by_id["weekly"].period_hours == 168
    assert plan.too_long == []
    # The weekly 55.6-hour crawl cannot end within a day whatever the slots: the plan asks
    # for what finishes the rest beside it, not for a slot per site.
    assert plan.concurrency == 2 and plan.round_hours == pytest.approx(100000 * 2 / 3600)


def test_a_crawl_longer_than_its_period_is_named():
    registry = registry_of(entry("huge", max_pages=100000))  # 55.6 h, every day
    plan = plan_crawls(registry.values(), {}, now=NOW)
    assert plan.too_long == ["huge"]


def test_bdt_plan_reads_the_catalog(tmp_path, catalog_backend):
    registry = tmp_path / "sites.yaml"
    registry.write_text(yaml.safe_dump({"sites": [
        entry("alpha", politeness={"download_delay": 3.0}), entry("beta", max_pages=1200)]},
        allow_unicode=True), encoding="utf-8")
    archive = tmp_path / "archive"
    with Catalog(ArchiveLayout.at(archive).ensure().catalog) as catalog:
        run_id = catalog.start_run("alpha")
        catalog.add_run_counts(run_id, requests=600)
        catalog.finish_run(run_id, "finished")
        failed = catalog.start_run("beta")
        catalog.add_run_counts(failed, requests=7)
        catalog.finish_run(failed, "failed")  # only finished runs count
    result = run_bdt("plan", "--json", "--registry", str(registry), "--archive", str(archive),
                     check=True)
    sites = {e["site_id"]: e for e in json.loads(result.stdout)["sites"]}
    assert sites["alpha"]["requests"] == 600 and sites["alpha"]["basis"] == "last run"
    assert sites["alpha"]["hours"] == pytest.approx(600 * 3 / 3600, rel=0.05)
    assert sites["beta"]["requests"] == 1200 and sites["beta"]["basis"] == "max_pages"
    text = run_bdt("plan", "--registry", str(registry), "--archive", str(archive), check=True)
    assert "crawls at once: 1" in text.stdout
