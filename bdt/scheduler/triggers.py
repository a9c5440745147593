"""When each site is crawled: its registry cron string, or a nightly slot picked by its id."""

from __future__ import annotations

import zlib

from apscheduler.triggers.cron import CronTrigger

from bdt.scheduler.options import TIMEZONE

NIGHT_MINUTES = 6 * 60  # default crawls start between 00:00 and 05:59, Vietnam time
SCHEDULED_STATUSES = ("active", "unverified", "moved")  # `gone` sites are not crawled


def default_crontab(site_id: str) -> str:
    """A daily slot in the night, the same for a site id on every machine and every start."""
    minute_of_night = zlib.crc32(site_id.encode("utf-8")) % NIGHT_MINUTES
    return f"{minute_of_night % 60} {minute_of_night // 60} * * *"


def crontab_of(site_id: str, schedule: str | None) -> str:
    return schedule or default_crontab(site_id)


def site_trigger(site_id: str, schedule: str | None, *, jitter: int = 0) -> CronTrigger:
    """The site's trigger in Vietnam time (its cron string or the default nightly slot)."""
    minute, hour, day, month, day_of_week = crontab_of(site_id, schedule).split()
    return CronTrigger(minute=minute, hour=hour, day=day, month=month,
                       day_of_week=day_of_week, timezone=TIMEZONE, jitter=jitter or None)


def same_trigger(old: object, new: CronTrigger) -> bool:
    """True if a stored trigger fires exactly like `new` (fields, time zone, jitter)."""
    return type(old) is type(new) and repr(old) == repr(new)
