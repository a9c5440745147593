"""Read the APScheduler job store without a scheduler: for start-up logs and `bdt status`.

APScheduler 3 deletes a stored job it cannot unpickle (a renamed function, a
missing module) the first time it reads it.  Reading the rows here first means the
daemon can say what was in the store before that happens, and `bdt status` can
show next run times without ever changing the store.
"""

from __future__ import annotations

import logging
import pickle
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from archive.errors import BadDatabaseUrl, OperationFailed

logger = logging.getLogger(__name__)

TABLE = "apscheduler_jobs"


@dataclass(frozen=True)
class StoredJob:
    """One row of the job store, as stored."""

    id: str
    next_run_time: datetime | None  # None: paused
    func: str | None = None
    trigger: str | None = None
    problem: str | None = None  # why APScheduler could not restore it, if so


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return Path(parsed.database)
    return None


def _describe(state_bytes: bytes) -> tuple[str | None, str | None, str | None]:
    """(function reference, trigger, problem) of a pickled job state."""
    from apscheduler.util import ref_to_obj

    try:
        state = pickle.loads(state_bytes)  # noqa: S301 - our own job store
        func = state.get("func")
        ref_to_obj(func)
        return str(func), str(state.get("trigger")), None
    except Exception as error:  # noqa: BLE001 - exactly what APScheduler would choke on
        return None, None, f"{type(error).__name__}: {error}"


def check_job_store_url(url: str) -> None:
    """BadDatabaseUrl unless SQLAlchemy can parse the URL and load its dialect and driver."""
    try:
        make_url(url).get_dialect().import_dbapi()
    except ArgumentError as error:  # unparseable, or an unknown dialect
        raise BadDatabaseUrl(f"bad database URL {url!r}: {error}") from None
    except ImportError as error:
        raise BadDatabaseUrl(f"database URL {_shown(url)}: its driver is not installed "
                             f"({error})") from None


def _shown(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(url)


def read_stored_jobs(url: str) -> list[StoredJob]:
    """Every job row (ordered by next run time); [] if the store does not exist yet.

    BadDatabaseUrl for an unusable URL, OperationFailed if the database cannot be read.
    """
    check_job_store_url(url)
    try:
        return _read_rows(url)
    except SQLAlchemyError as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise OperationFailed(f"cannot read the job store {_shown(url)}: {reason}") from None


def _read_rows(url: str) -> list[StoredJob]:
    sqlite_file = _sqlite_file(url)
    if sqlite_file is not None and not sqlite_file.exists():
        return []
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table(TABLE):
                return []
            rows = connection.execute(text(
                f"SELECT id, next_run_time, job_state FROM {TABLE} ORDER BY next_run_time"))
            jobs = []
            for row in rows:
                when = (datetime.fromtimestamp(row.next_run_time, UTC)
                        if row.next_run_time is not None else None)
                func, trigger, problem = _describe(row.job_state)
                jobs.append(StoredJob(row.id, when, func, trigger, problem))
            return jobs
    finally:
        engine.dispose()


def log_stored_jobs(url: str) -> list[StoredJob]:
    """Log the store's contents as found at start-up; returns them."""
    jobs = read_stored_jobs(url)
    logger.info("job store %s holds %d job(s)", make_url(url).render_as_string(
        hide_password=True), len(jobs))
    for job in jobs:
        when = job.next_run_time.isoformat() if job.next_run_time else "paused"
        if job.problem:
            logger.error("stored job %s cannot be restored (%s); APScheduler will delete it "
                         "and it is re-created from the registry if still wanted",
                         job.id, job.problem)
        else:
            logger.info("stored job %s: next run %s, %s", job.id, when, job.trigger)
    return jobs
