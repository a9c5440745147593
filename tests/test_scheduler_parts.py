"""The scheduler's plain parts: triggers, reconciliation, the job store reader, options, queue."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import create_engine, text

from archive.layout import ArchiveLayout
from archive.logs import KeyValueFormatter, log_event
from archive.registry import load_registry_text
from bdt.scheduler import run_queue
from bdt.scheduler.options import SchedulerOptions, options_from
from bdt.scheduler.reconcile import reconcile, site_job_id
from bdt.scheduler.store import read_stored_jobs
from bdt.scheduler.triggers import default_crontab, site_trigger

VN = "Asia/Ho_Chi_Minh"


def registry(*entries: str):
    return load_registry_text("sites:\n" + "".join(entries))


def entry(site_id: str, schedule: str | None = None, status: str = "active") -> str:
    line = (f"- {{id: {site_id}, name: 'Ban Dân tộc tỉnh Thái Nguyên', province: 'Thái Nguyên',"
            f" start_urls: ['https://{site_id}.example.vn/'], status: {status}")
    if schedule:
        line += f", schedule: '{schedule}'"
    return line + "}\n"


# -- triggers ------------------------------------------------------------------------------
def test_default_schedule_is_nightly_and_deterministic():
    slots = {default_crontab(f"site{i}") for i in range(200)}
    assert len(slots) > 100, "sites should spread over the night"
    for slot in slots:
        minute, hour, *rest = slot.split()
        assert 0 <= int(hour) <= 5 and 0 <= int(minute) <= 59 and rest == ["*", "*", "*"]
    assert default_crontab("thainguyen") == default_crontab("thainguyen")


def test_site_trigger_is_the_crontab_in_vietnam_time_with_jitter():
    trigger = site_trigger("x", "30 1 * * sun", jitter=0)
    assert str(trigger) == str(CronTrigger.from_crontab("30 1 * * sun", timezone=VN))
    assert str(trigger.timezone) == VN
    after = datetime(2025, 6, 2, tzinfo=UTC)  # a Monday
    fire = trigger.get_next_fire_time(None, after)
    assert (fire.weekday(), fire.hour, fire.minute) == (6, 1, 30)
    assert "jitter=90" in repr(site_trigger("x", "30 1 * * sun", jitter=90))


# -- reconciliation -------------------------------------------------------------------------
def _reconciled(url: str, sites, options: SchedulerOptions):
    """Reconcile like the daemon does, then apply the queued changes (paused scheduler)."""
    store = SQLAlchemyJobStore(url=url)
    scheduler = BackgroundScheduler(jobstores={"default": store}, timezone=VN)
    store.start(scheduler, "default")
    done = reconcile(scheduler, store, sites, options)
    scheduler.start(paused=True)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    scheduler.remove_jobstore("default")  # shutdown() makes a pass over due jobs, even paused
    scheduler.shutdown(wait=False)
    return done, jobs


def _set_next_run(url: str, job_id: str, when: datetime) -> None:
    """What downtime does to a job: its next run time passes while nobody looks."""
    store = SQLAlchemyJobStore(url=url)
    store.start(BackgroundScheduler(timezone=VN), "default")
    job = store.lookup_job(job_id)
    job._modify(next_run_time=when)
    store.update_job(job)
    store.shutdown()


def test_reconcile_adds_keeps_reschedules_and_removes(tmp_path):
    url = f"sqlite:///{tmp_path / 'jobs.sqlite'}"
    options = SchedulerOptions(archive_dir=tmp_path, jitter=0)
    first = registry(entry("a"), entry("b", "0 3 * * *"), entry("c"), entry("d", status="gone"))
    done, jobs = _reconciled(url, first, options)
    assert sorted(done.added) == ["crawl:a", "crawl:b", "crawl:c"]
    assert set(jobs) == {"crawl:a", "crawl:b", "crawl:c"}, "gone sites get no job"
    assert jobs["crawl:b"].misfire_grace_time == 6 * 3600 and jobs["crawl:b"].coalesce
    assert jobs["crawl:b"].max_instances == 1 and jobs["crawl:b"].args == ("b",)

    # a run came due while the daemon was down: an unchanged job keeps it
    due = datetime.now(UTC) - timedelta(hours=1)
    _set_next_run(url, "crawl:a", due)
    _set_next_run(url, "crawl:c", due)
    second = registry(entry("a"), entry("b", "0 4 * * *"), entry("c"))
    done, jobs = _reconciled(url, second, SchedulerOptions(archive_dir=tmp_path, jitter=0))
    assert done.kept == ["crawl:a", "crawl:c"] and done.rescheduled == ["crawl:b"]
    assert jobs["crawl:a"].next_run_time == due, "an unchanged job must keep its due run"
    assert jobs["crawl:b"].next_run_time.hour == 4

    # an option changed (grace): the job is updated but its due run is kept
    done, jobs = _reconciled(url, registry(entry("a"), entry("b", "0 4 * * *")),
                             SchedulerOptions(archive_dir=tmp_path, jitter=0,
                                              misfire_grace_hours=2))
    assert done.updated == ["crawl:a", "crawl:b"] and done.removed == ["crawl:c"]
    assert jobs["crawl:a"].next_run_time == due
    assert jobs["crawl:a"].misfire_grace_time == 7200
    assert "crawl:c" not in jobs


def test_store_reader_reports_unrestorable_jobs_without_deleting_them(tmp_path, caplog):
    url = f"sqlite:///{tmp_path / 'jobs.sqlite'}"
    assert read_stored_jobs(url) == [] and not (tmp_path / "jobs.sqlite").exists()
    _reconciled(url, registry(entry("a")), SchedulerOptions(archive_dir=tmp_path))
    engine = create_engine(url)
    with engine.begin() as db:  # the job's function was renamed in a later release
        state = db.execute(text("SELECT job_state FROM apscheduler_jobs")).scalar()
        broken = state.replace(b"crawl_site", b"crawl_gone")
        db.execute(text("UPDATE apscheduler_jobs SET job_state=:s"), {"s": broken})
    for _ in range(2):
        (job,) = read_stored_jobs(url)
        assert job.id == site_job_id("a") and "crawl_gone" in job.problem
    # APScheduler itself deletes it; the daemon's reconciliation re-creates it
    with caplog.at_level(logging.ERROR):
        done, jobs = _reconciled(url, registry(entry("a")), SchedulerOptions(archive_dir=tmp_path))
    assert done.added == ["crawl:a"] and "Unable to restore job" in caplog.text
    engine.dispose()


# -- options, queue, log lines -----------------------------------------------------------------
def test_options_flags_win_over_environment(tmp_path):
    env = {"BDT_ARCHIVE_DIR": str(tmp_path), "BDT_MAX_CRAWLS": "2",
           "BDT_TIME_LIMIT_HOURS": "0.5",
           "BDT_CRAWL_SETTINGS": "DOWNLOAD_DELAY=1 ROBOTSTXT_OBEY=false"}
    options = options_from({"max_crawls": 3, "crawl_settings": ["BDT_RECHECK_DAYS=0"]}, env)
    assert options.archive_dir == tmp_path and options.max_crawls == 3
    assert options.time_limit_seconds == 1800
    assert options.crawl_settings == (("DOWNLOAD_DELAY", "1"), ("ROBOTSTXT_OBEY", "false"),
                                      ("BDT_RECHECK_DAYS", "0"))
    assert options.job_store_url == f"sqlite:///{tmp_path.resolve()}/scheduler.sqlite"
    with pytest.raises(ValueError, match="max-crawls"):
        options_from({"max_crawls": 0}, {})
    with pytest.raises(ValueError, match="BDT_MAX_CRAWLS"):
        options_from({}, {"BDT_MAX_CRAWLS": "four"})
    with pytest.raises(ValueError, match="DOWNLOAD_DELAYY"):  # a typo is not ignored
        options_from({}, {"BDT_CRAWL_SETTINGS": "DOWNLOAD_DELAYY=5"})


def test_run_requests_are_claimed_once_and_released_after_a_crash(tmp_path):
    layout = ArchiveLayout.at(tmp_path).ensure()
    first = run_queue.add_request(layout, "a")
    run_queue.add_request(layout, "b")
    assert [r.site_id for r in run_queue.pending_requests(layout)] == ["a", "b"]
    claimed = run_queue.claim_requests(layout)
    assert [r.site_id for r in claimed] == ["a", "b"] and run_queue.claim_requests(layout) == []
    run_queue.finish_request(claimed[0].path)
    assert run_queue.release_claims(layout) == 1  # the daemon died before crawling "b"
    assert [r.site_id for r in run_queue.claim_requests(layout)] == ["b"]
    assert first.requested_by


def test_log_lines_are_single_line_key_values():
    record = logging.LogRecord("bdt", logging.ERROR, __file__, 1, "x", (), None)
    logger = logging.getLogger("test.logs")
    logger.setLevel(logging.INFO)
    captured: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = captured.append  # type: ignore[method-assign]
    logger.addHandler(handler)
    try:
        log_event(logger, "run_end", site="a", status="finished", message='bad "x"\nnext')
    finally:
        logger.removeHandler(handler)
    line = KeyValueFormatter().format(captured[0])
    assert "\n" not in line and "event=run_end site=a status=finished" in line
    assert 'message="bad \\"x\\"\\nnext"' in line
    assert KeyValueFormatter().format(record).endswith("msg=x")


def test_run_now_queues_and_says_when_no_daemon_will_take_it(tmp_path, capsys):
    from bdt.cli import main

    path = tmp_path / "sites.yaml"
    path.write_text("sites:\n" + entry("a"), encoding="utf-8")
    archive = ArchiveLayout.at(tmp_path / "archive").ensure()
    (archive.catalog_path).touch()  # an archive is a directory with a catalog
    assert main(["run-now", "a", "--registry", str(path), "--archive", str(archive.root)]) == 0
    assert "no scheduler is running" in capsys.readouterr().out
    assert [r.site_id for r in run_queue.pending_requests(archive)] == ["a"]
    assert main(["run-now", "nope", "--registry", str(path), "--archive",
                 str(archive.root)]) == 2
    assert "no site 'nope'" in capsys.readouterr().err
    assert [r.site_id for r in run_queue.pending_requests(archive)] == ["a"]
