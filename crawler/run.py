"""Run crawls in this process (for `bdt crawl`); the scheduler runs `scrapy crawl` instead.

Scrapy's reactor cannot be restarted, so a process runs one batch of crawls and
exits; several sites in one batch crawl side by side, one download slot each.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

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


def run_crawls(request: CrawlRequest) -> list[str]:
    """Crawl the sites (blocking); returns the run ids that were recorded."""
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
    process.start()
    run_ids = []
    for crawler in crawlers:
        session = session_of(crawler)
        if session is not None and session.opened:
            run_ids.append(session.run_id)
    return run_ids
