"""`bdt plan`: how long the next round of crawls takes, and how many crawls at once keep up.

A pure function of the registry and the catalog's figures (`CaptureStore.last_finished_runs`):

* a site's next crawl makes as many requests as its last finished run did (a first crawl:
  its `max_pages`, else `assume_pages`), one at a time, each at least its download delay
  apart (or the pace the last run actually kept, if slower);
* a site comes due once per period of its cron schedule (daily for the default slot);
* the round's length on N crawl slots is the longest-first greedy makespan; the plan asks
  for the fewest slots that finish the round within the shortest period of any site (the
  next round must not start before this one ends), never fewer than the steady load
  (sum of crawl hours per period hour) rounds up to.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bdt.scheduler.triggers import SCHEDULED_STATUSES, site_trigger

DEFAULT_DELAY = 2.0  # seconds; crawler/settings.py DOWNLOAD_DELAY
ASSUME_PAGES = 5000  # requests of a first crawl of a site with no max_pages
MAX_SUGGESTED = 32  # slots the plan may ask for (one machine: fewer; see nodes)


@dataclass(frozen=True)
class SiteEstimate:
    site_id: str
    requests: int
    seconds_per_request: float
    hours: float
    period_hours: float  # time between two scheduled starts
    basis: str  # "last run" | "max_pages" | "assumed"


@dataclass(frozen=True)
class CrawlPlan:
    sites: list[SiteEstimate]
    crawl_hours: float  # all crawls of the round, one after another
    window_hours: float  # the round must end within this (the shortest period)
    load: float  # crawls running at once on average, steady state
    concurrency: int  # crawls at once the plan asks for
    round_hours: float  # the round's length at `concurrency`
    crawls_per_node: int
    nodes: int  # machines at `crawls_per_node` crawls each
    too_long: list[str] = field(default_factory=list)  # one crawl outlasts its own period

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def period_hours(site_id: str, schedule: str | None, now: datetime) -> float:
    """Hours between the site's next two scheduled starts (its cron, in Vietnam time)."""
    trigger = site_trigger(site_id, schedule)
    first = trigger.get_next_fire_time(None, now)
    second = trigger.get_next_fire_time(first, first + timedelta(seconds=1)) if first else None
    if first is None or second is None:
        return 24.0 * 365
    return (second - first).total_seconds() / 3600


def makespan(hours: Iterable[float], slots: int) -> float:
    """Length of the round when each crawl takes the next free slot, longest first."""
    finish = [0.0] * max(1, slots)
    for length in sorted(hours, reverse=True):
        heapq.heappush(finish, heapq.heappop(finish) + length)
    return max(finish)


def estimate_site(site: Any, last_run: Mapping[str, Any] | None, *, default_delay: float,
                  assume_pages: int, now: datetime) -> SiteEstimate:
    delay = site.download_delay if site.download_delay is not None else default_delay
    pace = delay
    if last_run and last_run.get("requests"):
        requests, basis = int(last_run["requests"]), "last run"
        seconds = _seconds_between(last_run.get("started_at"), last_run.get("ended_at"))
        if seconds:
            pace = max(delay, seconds / requests)
    elif site.max_pages:
        requests, basis = int(site.max_pages), "max_pages"
    else:
        requests, basis = assume_pages, "assumed"
    return SiteEstimate(site.id, requests, round(pace, 3), requests * pace / 3600,
                        period_hours(site.id, site.schedule, now), basis)


def plan_crawls(sites: Iterable[Any], last_runs: Mapping[str, Mapping[str, Any]], *,
                default_delay: float = DEFAULT_DELAY, assume_pages: int = ASSUME_PAGES,
                crawls_per_node: int = 4, now: datetime | None = None) -> CrawlPlan:
    """The plan for the registry's scheduled sites, given each site's last finished run."""
    now = now or datetime.now(UTC)
    estimates = [estimate_site(site, last_runs.get(site.id), default_delay=default_delay,
                               assume_pages=assume_pages, now=now)
                 for site in sites if site.status in SCHEDULED_STATUSES]
    hours = [e.hours for e in estimates]
    window = min((e.period_hours for e in estimates), default=24.0)
    load = sum(e.hours / e.period_hours for e in estimates)
    longest = max(hours, default=0.0)
    limit = max(1, min(len(estimates), MAX_SUGGESTED))
    slots = max(1, min(limit, math.ceil(load - 1e-9)))
    while slots < limit and makespan(hours, slots) > max(window, longest):
        slots += 1
    too_long = [e.site_id for e in estimates if e.hours > e.period_hours]
    return CrawlPlan(estimates, sum(hours), window, load, slots, makespan(hours, slots),
                     crawls_per_node, math.ceil(slots / max(1, crawls_per_node)), too_long)


DAEMON_CONCURRENCY = (2, 16)  # the daemon's default crawls at once stays in this range


def plan_for_archive(layout: Any, registry: Any, **kwargs: Any) -> CrawlPlan:
    """The plan from the registry and this archive's catalog (none yet: first crawls)."""
    from archive.catalog import Catalog

    last_runs: dict[str, dict[str, Any]] = {}
    if layout.shared_catalog or layout.catalog_path.exists():
        with Catalog(layout.catalog) as catalog:
            last_runs = catalog.last_finished_runs()
    return plan_crawls(registry.values(), last_runs, **kwargs)


def daemon_concurrency(plan: CrawlPlan) -> int:
    """The daemon's crawls at once when --max-crawls is not given: what the plan asks for."""
    low, high = DAEMON_CONCURRENCY
    return max(low, min(high, plan.concurrency))


def _seconds_between(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    try:
        seconds = (_parse(end) - _parse(start)).total_seconds()
    except ValueError:
        return None
    return seconds if seconds > 0 else None


def _parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def format_plan(plan: CrawlPlan) -> str:
    lines = [f"{'site':<28} {'requests':>9} {'s/req':>6} {'hours':>7} {'every':>7}  basis"]
    for e in sorted(plan.sites, key=lambda e: -e.hours):
        lines.append(f"{e.site_id:<28} {e.requests:>9} {e.seconds_per_request:>6.1f} "
                     f"{e.hours:>7.2f} {e.period_hours:>6.0f}h  {e.basis}")
    lines += [
        "",
        f"one crawl after another: {plan.crawl_hours:.1f} h for {len(plan.sites)} sites",
        f"steady load: {plan.load:.2f} crawls at once; the round must end within "
        f"{plan.window_hours:.0f} h (the shortest schedule period)",
        f"crawls at once: {plan.concurrency} -> the round takes {plan.round_hours:.1f} h"
        f" ({plan.nodes} node(s) at {plan.crawls_per_node} crawls each)",
    ]
    if plan.too_long:
        lines.append("a single crawl outlasts its own schedule period: " + ", ".join(
            plan.too_long) + " (raise the period, lower max_pages, or shorten the delay)")
    return "\n".join(lines)
