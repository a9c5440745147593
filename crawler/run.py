"""Run crawls in this process (for `bdt crawl`); the scheduler runs `scrapy crawl` instead.

Scrapy's reactor cannot be restarted, so a process runs one batch of crawls and
exits; several sites in one batch crawl side by side, one download slot each.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from crawler.capture import session_of
from crawler.spiders.site import SiteSpider

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SiteRun:
    """One site's run in this process: a fresh run, or an interrupted one resumed."""

    site_id: str
    run_id: str
    jobdir: Path | None = None
    trigger: str = "manual"


@dataclass(frozen=True)
class CrawlRequest:
    """What to crawl and where to put it (one options object for the CLI and tests)."""

    runs: tuple[SiteRun, ...]
    archive_dir: Path
    registry: Path | None = None
    max_pages: int | None = None
    settings: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class SiteProgress:
    """Where one site's crawl stands, from its Scrapy stats."""

    site_id: str
    pages: int = 0  # responses received
    bytes: int = 0  # response bytes (as received)
    errors: int = 0  # requests given up after retries, and error log lines
    queued: int = 0  # requests scheduled but not yet handed to the downloader
    elapsed: float = 0.0  # seconds since the site's crawl opened
    finished: str | None = None  # Scrapy's close reason once it is done

    @classmethod
    def from_stats(cls, site_id: str, stats: dict[str, Any]) -> SiteProgress:
        started, ended = stats.get("start_time"), stats.get("finish_time")
        now = ended or datetime.now(UTC)
        elapsed = (now - started).total_seconds() if isinstance(started, datetime) else 0.0
        return cls(
            site_id=site_id,
            pages=int(stats.get("response_received_count", 0) or 0),
            bytes=int(stats.get("downloader/response_bytes", 0) or 0),
            errors=int(stats.get("retry/max_reached", 0) or 0)
            + int(stats.get("log_count/ERROR", 0) or 0),
            queued=max(0, int(stats.get("scheduler/enqueued", 0) or 0)
                       - int(stats.get("scheduler/dequeued", 0) or 0)),
            elapsed=max(0.0, elapsed),
            finished=stats.get("finish_reason"),
        )


ProgressCallback = Callable[[Sequence[SiteProgress]], None]


def crawl_settings(request: CrawlRequest) -> Settings:
    """Project settings plus the run's own, at command-line priority."""
    settings = get_project_settings()
    if not settings.get("BOT_NAME") == "bandantoc-archive":  # run outside the project dir
        settings.setmodule("crawler.settings", priority="project")
    settings.set("BDT_ARCHIVE_DIR", str(request.archive_dir), priority="cmdline")
    if request.registry is not None:
        settings.set("BDT_REGISTRY", str(request.registry), priority="cmdline")
    if request.max_pages:
        settings.set("BDT_MAX_PAGES", request.max_pages, priority="cmdline")
    settings.set("LOGSTATS_INTERVAL", 10.0, priority="cmdline")  # progress while it runs
    settings.set("CONCURRENT_REQUESTS", max(1, len(request.runs)), priority="project")
    for name, value in request.settings:
        settings.set(name, value, priority="cmdline")
    return settings


def run_crawls(request: CrawlRequest, progress: ProgressCallback | None = None,
               interval: float = 1.0) -> list[str]:
    """Crawl the sites (blocking); returns the run ids that were recorded.

    ``progress`` is called in the reactor thread every ``interval`` seconds, and once at
    the end, with one :class:`SiteProgress` per site.
    """
    settings = crawl_settings(request)
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # bdt configures logging
    process = CrawlerProcess(settings)
    crawlers = []
    for run in request.runs:
        crawler = process.create_crawler(SiteSpider)  # copies the settings: per-run values next
        crawler.settings.set("BDT_RUN_ID", run.run_id, priority="cmdline")
        crawler.settings.set("BDT_TRIGGER", run.trigger, priority="cmdline")
        if run.jobdir is not None:
            crawler.settings.set("JOBDIR", str(run.jobdir), priority="cmdline")
        crawlers.append(crawler)
        process.crawl(crawler, site_id=run.site_id)
    if progress is not None:
        _report_progress(crawlers, request.runs, progress, interval)
    process.start()
    if progress is not None:
        progress(_snapshot(crawlers, request.runs))
    run_ids = []
    for crawler in crawlers:
        session = session_of(crawler)
        if session is not None and session.opened:
            run_ids.append(session.run_id)
    return run_ids


def _snapshot(crawlers: Sequence[Any], runs: Sequence[SiteRun]) -> list[SiteProgress]:
    return [SiteProgress.from_stats(run.site_id, dict(crawler.stats.get_stats()))
            for crawler, run in zip(crawlers, runs, strict=True)]


def _report_progress(crawlers: Sequence[Any], runs: Sequence[SiteRun],
                     progress: ProgressCallback, interval: float) -> None:
    """Call ``progress`` from a reactor timer while the crawls run."""
    from twisted.internet import reactor, task

    loop = task.LoopingCall(lambda: progress(_snapshot(crawlers, runs)))

    def start() -> None:
        loop.start(interval, now=True).addErrback(
            lambda failure: logger.error("progress display failed: %s", failure.value))
        reactor.addSystemEventTrigger("before", "shutdown",  # type: ignore[attr-defined]
                                      lambda: loop.running and loop.stop())

    reactor.callWhenRunning(start)  # type: ignore[attr-defined]
