"""Make the stored jobs match the registry at start-up, touching only what changed.

An unchanged job is left exactly as stored: its `next_run_time` may lie in the
past (the daemon was down when it came due) and APScheduler then runs it once,
if within the misfire grace time.  Re-adding it with `replace_existing` would
compute a fresh next run time and silently drop that catch-up run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from apscheduler.jobstores.base import BaseJobStore
from apscheduler.schedulers.base import BaseScheduler

from bdt.scheduler.jobs import CRAWL_SITE
from bdt.scheduler.options import SchedulerOptions
from bdt.scheduler.triggers import SCHEDULED_STATUSES, same_trigger, site_trigger

logger = logging.getLogger(__name__)

SITE_JOB_PREFIX = "crawl:"
CRAWL_EXECUTOR = "crawls"


def site_job_id(site_id: str) -> str:
    return SITE_JOB_PREFIX + site_id


@dataclass
class Reconciliation:
    """What reconciling did, by job id."""

    added: list[str] = field(default_factory=list)
    rescheduled: list[str] = field(default_factory=list)  # trigger changed: new next run time
    updated: list[str] = field(default_factory=list)  # options changed: next run time kept
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def job_settings(site_id: str, options: SchedulerOptions) -> dict[str, Any]:
    """Everything about a site's job except its trigger and next run time."""
    return {"func": CRAWL_SITE, "args": (site_id,), "kwargs": {},
            "name": f"crawl {site_id}", "executor": CRAWL_EXECUTOR,
            "misfire_grace_time": options.misfire_grace_seconds, "coalesce": True,
            "max_instances": 1}


def _same_settings(job: Any, settings: dict[str, Any]) -> bool:
    return (job.func_ref == settings["func"] and tuple(job.args) == settings["args"]
            and dict(job.kwargs) == settings["kwargs"] and job.name == settings["name"]
            and all(getattr(job, key) == settings[key] for key in
                    ("executor", "misfire_grace_time", "coalesce", "max_instances")))


def reconcile(scheduler: BaseScheduler, store: BaseJobStore, registry: Any,
              options: SchedulerOptions, *, jobstore: str = "default") -> Reconciliation:
    """Queue the job changes on a not yet started `scheduler`; `store` must be started."""
    done = Reconciliation()
    existing = {job.id: job for job in store.get_all_jobs()}
    wanted = {site_job_id(site.id): site for site in registry.values()
              if site.status in SCHEDULED_STATUSES}
    for job_id, site in wanted.items():
        trigger = site_trigger(site.id, site.schedule, jitter=options.jitter)
        settings = job_settings(site.id, options)
        old = existing.get(job_id)
        if old is None:
            scheduler.add_job(trigger=trigger, id=job_id, jobstore=jobstore, **settings)
            done.added.append(job_id)
        elif not same_trigger(old.trigger, trigger):
            logger.info("schedule of %s changed: %r -> %r", site.id, old.trigger, trigger)
            scheduler.add_job(trigger=trigger, id=job_id, jobstore=jobstore,
                              replace_existing=True, **settings)
            done.rescheduled.append(job_id)
        elif not _same_settings(old, settings):
            scheduler.add_job(trigger=trigger, id=job_id, jobstore=jobstore,
                              replace_existing=True, next_run_time=old.next_run_time,
                              **settings)
            done.updated.append(job_id)
        else:
            done.kept.append(job_id)
    for job_id in sorted(existing.keys() - wanted.keys()):
        store.remove_job(job_id)
        done.removed.append(job_id)
    logger.info("jobs reconciled with the registry: %d added, %d rescheduled, %d updated, "
                "%d removed, %d unchanged", len(done.added), len(done.rescheduled),
                len(done.updated), len(done.removed), len(done.kept))
    return done
