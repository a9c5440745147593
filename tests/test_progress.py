"""Progress display and the rules' location: the parts of `bdt crawl` output not run end to end."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from archive.extract.rules import RulesError, load_rulebook, resolve_dir
from bdt.progress import ProgressDisplay
from crawler.run import SiteProgress

STARTED = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)


def test_site_progress_from_scrapy_stats() -> None:
    stats = {"start_time": STARTED, "finish_time": STARTED + timedelta(seconds=42),
             "response_received_count": 26, "downloader/response_bytes": 36_700,
             "retry/max_reached": 1, "log_count/ERROR": 2, "scheduler/enqueued": 30,
             "scheduler/dequeued": 27, "finish_reason": "finished"}
    site = SiteProgress.from_stats("replica-liferay", stats)
    assert site == SiteProgress("replica-liferay", pages=26, bytes=36_700, errors=3, queued=3,
                                elapsed=42.0, finished="finished")
    assert SiteProgress.from_stats("x", {}) == SiteProgress("x")


def _sites(done: bool) -> list[SiteProgress]:
    return [SiteProgress("replica-liferay", pages=5, bytes=2048, queued=4, elapsed=3.0,
                         finished="finished" if done else None),
            SiteProgress("replica-joomla", pages=7, bytes=100, errors=1, queued=2, elapsed=3.0)]


def test_lines_off_a_terminal_name_each_site() -> None:
    out = io.StringIO()
    with ProgressDisplay(out, live=False, interval=0) as display:
        display.update(_sites(done=False))
        display.update(_sites(done=True))
        display.update(_sites(done=True))  # a finished site is reported once
    lines = out.getvalue().splitlines()
    assert lines == [
        "replica-liferay: 5 pages, 2.0 kB, 0 errors, 4 queued, 3 s",
        "replica-joomla: 7 pages, 100 B, 1 errors, 2 queued, 3 s",
        "replica-liferay: 5 pages, 2.0 kB, 0 errors, 4 queued, 3 s [finished]",
        "replica-joomla: 7 pages, 100 B, 1 errors, 2 queued, 3 s",
        "replica-joomla: 7 pages, 100 B, 1 errors, 2 queued, 3 s",
    ]


def test_lines_wait_for_the_interval() -> None:
    out = io.StringIO()
    with ProgressDisplay(out, live=False, interval=3600) as display:
        display.update(_sites(done=False))
    assert out.getvalue() == ""


def test_live_table_on_a_terminal() -> None:
    out = io.StringIO()
    with ProgressDisplay(out, live=True) as display:
        display.update(_sites(done=True))
    text = out.getvalue()
    for word in ("site", "pages", "bytes", "errors", "queue", "elapsed", "replica-liferay",
                 "replica-joomla", "finished", "crawling", "2.0 kB"):
        assert word in text, word


def test_missing_or_empty_rules_directory_is_an_error(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(RulesError, match="rules directory not found"):
        load_rulebook(tmp_path / "missing")
    with pytest.raises(RulesError, match="no \\*.yaml rule file"):
        load_rulebook(tmp_path)
    monkeypatch.setenv("BDT_RULES_DIR", str(tmp_path / "missing"))
    with pytest.raises(RulesError, match="not found"):
        resolve_dir()
    monkeypatch.delenv("BDT_RULES_DIR")
    assert (resolve_dir() / "common.yaml").is_file()  # the installed package's files
