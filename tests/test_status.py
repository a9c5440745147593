"""`bdt status`: last runs, next scheduled run, crawling now; read-only, daemon or not."""

from __future__ import annotations

import json

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from archive.lease import SiteLease
from archive.registry import load_registry
from bdt.cli import main
from bdt.scheduler import run_queue
from bdt.scheduler.options import SchedulerOptions
from bdt.scheduler.reconcile import reconcile
from bdt.status import collect_status, format_status

REGISTRY = """sites:
- {id: alpha, name: 'Ban Dân tộc tỉnh Thái Nguyên', province: 'Thái Nguyên',
   start_urls: ['https://alpha.example.vn/'], schedule: '30 1 * * sun'}
- {id: beta, name: 'Ban Dân tộc tỉnh Lào Cai', province: 'Lào Cai',
   start_urls: ['https://beta.example.vn/']}
- {id: gamma, name: 'Ban Dân tộc tỉnh Hà Giang', province: 'Hà Giang',
   start_urls: ['https://gamma.example.vn/'], status: gone}
"""


def _archive(tmp_path):
    registry_path = tmp_path / "sites.yaml"
    registry_path.write_text(REGISTRY, encoding="utf-8")
    sites = load_registry(registry_path)
    layout = ArchiveLayout.at(tmp_path / "archive").ensure()
    options = SchedulerOptions(archive_dir=layout.root, jitter=0)
    store = SQLAlchemyJobStore(url=options.job_store_url)
    scheduler = BackgroundScheduler(jobstores={"default": store}, timezone="Asia/Ho_Chi_Minh")
    store.start(scheduler, "default")
    reconcile(scheduler, store, sites, options)
    scheduler.start(paused=True)
    scheduler.remove_jobstore("default")
    scheduler.shutdown(wait=False)
    return registry_path, sites, layout


def test_status_reports_runs_schedule_and_what_is_crawling_now(tmp_path, capsys,
                                                              catalog_backend):
    registry_path, sites, layout = _archive(tmp_path)
    with Catalog(layout.catalog) as catalog:
        done = catalog.start_run("alpha", trigger="schedule")
        catalog.add_run_counts(done, requests=40, captures=38, errors=2, new_documents=5,
                               changed_documents=1)
        catalog.finish_run(done, "finished", close_reason="finished")
        catalog.record_skipped_run("alpha", "manual", "busy")
        running = catalog.start_run("beta", trigger="manual")
        lease = SiteLease(catalog, layout.lock_path("beta"), "beta", running)
        run_queue.add_request(layout, "beta")
        with lease:
            report = collect_status(layout, sites)
            table = format_status(report)
        assert main(["status", "--json", "--archive", str(layout.root),
                     "--registry", str(registry_path)]) == 0

    alpha, beta, gamma = report["sites"]
    assert alpha["last_run"]["id"] == done and alpha["last_run"]["status"] == "finished"
    assert alpha["last_run"]["captures"] == 38 and alpha["last_run"]["new_documents"] == 5
    assert [r["status"] for r in alpha["recent_runs"]] == ["skipped", "finished"]
    assert alpha["schedule"] == "30 1 * * sun" and alpha["next_run"] and not alpha["running"]
    assert beta["running"] and beta["running_run"] == running
    assert beta["queued_requests"] == 1 and beta["next_run"]
    assert gamma["schedule"] is None and gamma["next_run"] is None
    assert gamma["last_run"] is None and report["scheduler"]["running"] is False

    assert "crawling +1 queued" in table and "never" in table
    assert "scheduler: not running" in table
    printed = json.loads(capsys.readouterr().out)
    assert [s["site_id"] for s in printed["sites"]] == ["alpha", "beta", "gamma"]
    assert printed["sites"][0]["last_run"]["errors"] == 2


def test_status_refuses_a_path_that_is_not_an_archive_and_creates_nothing(tmp_path, capsys,
                                                                         catalog_backend):
    registry_path = tmp_path / "sites.yaml"
    registry_path.write_text(REGISTRY, encoding="utf-8")
    archive = tmp_path / "nothing-here"
    assert main(["status", "--archive", str(archive), "--registry", str(registry_path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and f"{archive} is not an archive" in captured.err
    assert not archive.exists()


def test_status_of_a_new_archive_lists_every_site_as_never_crawled(tmp_path, capsys,
                                                                  catalog_backend):
    registry_path = tmp_path / "sites.yaml"
    registry_path.write_text(REGISTRY, encoding="utf-8")
    layout = ArchiveLayout.at(tmp_path / "archive").ensure()
    Catalog(layout.catalog).close()
    assert main(["status", "--archive", str(layout.root), "--registry", str(registry_path)]) == 0
    out = capsys.readouterr().out
    assert "alpha" in out and "never" in out
    assert not layout.scheduler_db_path.exists()


def test_status_lists_runs_of_sites_missing_from_the_registry(tmp_path, catalog_backend):
    """A crawl made with --registry FILE still shows up in a plain `bdt status --json`."""
    import json

    from archive.catalog import Catalog
    from tests.conftest import run_bdt

    archive = tmp_path / "archive"
    with Catalog(ArchiveLayout.at(archive).ensure().catalog) as catalog:
        run_id = catalog.start_run("portal-x")
        catalog.finish_run(run_id, "finished")
    result = run_bdt("status", "--json", "--archive", str(archive), check=True)
    sites = {site["site_id"]: site for site in json.loads(result.stdout)["sites"]}
    assert sites["portal-x"]["registry_status"] == "not in registry"
    assert sites["portal-x"]["last_run"]["id"] == run_id
    assert "thainguyen" in sites  # the registry's own sites are still listed
