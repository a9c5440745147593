"""The daemon's options: one typed object, from the command line over the environment.

Every option has an environment variable (the systemd unit and the container set
them in `bdt.env`); a command-line flag wins over the variable, the variable over
the default.  `add_arguments` and `options_from_args` are the only places the CLI
touches it.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from archive.errors import UsageError
from archive.layout import DEFAULT_ARCHIVE_DIR, ArchiveLayout
from bdt.crawl_settings import parse_settings

TIMEZONE = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class SchedulerOptions:
    """How the daemon schedules and runs crawls."""

    archive_dir: Path = DEFAULT_ARCHIVE_DIR
    registry: Path | None = None  # None: the bundled archive/sites.yaml
    db_url: str | None = None  # job store URL; None: sqlite:///<archive>/scheduler.sqlite
    max_crawls: int | None = None  # crawls at once, all sites; None: from `bdt plan`
    time_limit_hours: float = 6.0  # a run still going after this gets SIGTERM
    kill_grace: float = 120.0  # seconds between SIGTERM and SIGKILL
    misfire_grace_hours: float = 6.0  # a run missed by less than this is caught up
    jitter: int = 600  # seconds of random delay added to each scheduled start
    poll_interval: float = 5.0  # seconds between looks at the run-now queue
    crawl_settings: tuple[tuple[str, str], ...] = ()  # extra `-s NAME=VALUE` for every crawl
    extract: bool = True  # run the extraction stage after each crawl
    nodes: Path | None = None  # Scrapyd node list (bdt.scheduler.nodes); None: local crawls

    def __post_init__(self) -> None:
        if self.max_crawls is not None and self.max_crawls < 1:
            raise UsageError(f"--max-crawls must be at least 1, got {self.max_crawls}")
        for name, value in (("--time-limit", self.time_limit_hours),
                            ("--misfire-grace", self.misfire_grace_hours),
                            ("--poll-interval", self.poll_interval)):
            if not value > 0:  # also refuses NaN
                raise UsageError(f"{name} must be positive, got {value}")
        if not self.kill_grace >= 0 or self.jitter < 0:
            raise UsageError("--jitter and the kill grace must not be negative")
        if self.db_url:
            from bdt.scheduler.store import check_job_store_url
            check_job_store_url(self.db_url)

    @property
    def layout(self) -> ArchiveLayout:
        return ArchiveLayout.at(self.archive_dir)

    @property
    def job_store_url(self) -> str:
        return self.db_url or f"sqlite:///{self.layout.scheduler_db_path}"

    @property
    def time_limit_seconds(self) -> float:
        return self.time_limit_hours * 3600

    @property
    def misfire_grace_seconds(self) -> int:
        return max(1, int(self.misfire_grace_hours * 3600))


# option name -> (environment variable, type)
ENVIRONMENT = {
    "archive_dir": ("BDT_ARCHIVE_DIR", Path),
    "registry": ("BDT_REGISTRY", Path),
    "db_url": ("BDT_SCHEDULER_DB_URL", str),
    "max_crawls": ("BDT_MAX_CRAWLS", int),
    "time_limit_hours": ("BDT_TIME_LIMIT_HOURS", float),
    "kill_grace": ("BDT_KILL_GRACE_SECONDS", float),
    "misfire_grace_hours": ("BDT_MISFIRE_GRACE_HOURS", float),
    "jitter": ("BDT_JITTER_SECONDS", int),
    "poll_interval": ("BDT_POLL_SECONDS", float),
    "nodes": ("BDT_NODES", Path),
}


def options_from(values: Mapping[str, object], env: Mapping[str, str] | None = None,
                 ) -> SchedulerOptions:
    """Options from explicit values (None = not given) over the environment.

    Raises UsageError (a ValueError) naming the bad option, variable or setting.
    """
    env = os.environ if env is None else env
    chosen: dict[str, object] = {}
    for name, (variable, kind) in ENVIRONMENT.items():
        value = values.get(name)
        if value is None and env.get(variable):
            try:
                value = kind(env[variable])
            except ValueError:
                raise UsageError(f"{variable}={env[variable]!r}: expected "
                                 f"{'an integer' if kind is int else 'a number'}"
                                 ) from None
        if value is not None:
            chosen[name] = value
    settings = list(values.get("crawl_settings") or ())  # type: ignore[call-overload]
    if env.get("BDT_CRAWL_SETTINGS"):
        settings = env["BDT_CRAWL_SETTINGS"].split() + settings
    chosen["crawl_settings"] = parse_settings(settings)
    if values.get("no_extract"):
        chosen["extract"] = False
    return SchedulerOptions(**chosen)  # type: ignore[arg-type]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `bdt schedule` options (defaults from the environment, see ENVIRONMENT)."""
    parser.add_argument("--archive", dest="archive_dir", type=Path, default=None, metavar="DIR",
                        help=f"archive directory (env BDT_ARCHIVE_DIR; default ./"
                             f"{DEFAULT_ARCHIVE_DIR})")
    parser.add_argument("--registry", type=Path, default=None, metavar="PATH",
                        help="site registry YAML (env BDT_REGISTRY; default: bundled)")
    parser.add_argument("--db-url", default=None, metavar="URL",
                        help="job store database URL, e.g. postgresql+psycopg://... "
                             "(env BDT_SCHEDULER_DB_URL; default: <archive>/scheduler.sqlite);"
                             " a PostgreSQL URL also holds the catalog (env BDT_DB_URL)")
    parser.add_argument("--max-crawls", type=int, default=None, metavar="N",
                        help="crawls at once (env BDT_MAX_CRAWLS; default: what `bdt plan` "
                             "asks for, 2 to 16)")
    parser.add_argument("--time-limit", dest="time_limit_hours", type=float, default=None,
                        metavar="HOURS",
                        help="stop a run after this many hours (env BDT_TIME_LIMIT_HOURS; "
                             "default 6)")
    parser.add_argument("--misfire-grace", dest="misfire_grace_hours", type=float,
                        default=None, metavar="HOURS",
                        help="catch up a run missed by less than this, e.g. while the daemon "
                             "was down (env BDT_MISFIRE_GRACE_HOURS; default 6)")
    parser.add_argument("--jitter", type=int, default=None, metavar="SECONDS",
                        help="random delay added to scheduled starts (env BDT_JITTER_SECONDS;"
                             " default 600)")
    parser.add_argument("--poll-interval", type=float, default=None, metavar="SECONDS",
                        help="how often to look for `bdt run-now` requests (default 5)")
    parser.add_argument("--nodes", type=Path, default=None, metavar="FILE",
                        help="Scrapyd node list: start each crawl on its site's node "
                             "(env BDT_NODES; default: crawls on this machine)")
    parser.add_argument("--no-extract", action="store_true",
                        help="only capture; do not extract documents after each crawl")
    parser.add_argument("-s", "--set", dest="crawl_settings", action="append", default=[],
                        metavar="NAME=VALUE",
                        help="Scrapy/BDT setting for every crawl (env BDT_CRAWL_SETTINGS, "
                             "space-separated)")


def options_from_args(args: argparse.Namespace) -> SchedulerOptions:
    """The one place parsed arguments become options."""
    names = [*ENVIRONMENT, "crawl_settings", "no_extract"]
    return options_from({name: getattr(args, name, None) for name in names})
