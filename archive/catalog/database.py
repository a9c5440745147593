"""The catalog database: one SQLite connection, its migrations, transactions, a WHERE builder.

The stores (`captures.py`, `documents.py`) hold every SQL statement of the project; this
module only connects, migrates and builds the filters they share.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from archive.catalog.schema import MIGRATIONS

logger = logging.getLogger(__name__)


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:8]



def where(*conditions: tuple[str, Any]) -> tuple[str, list[Any]]:
    """`WHERE` clause and arguments from (SQL condition with one `?`, value) pairs.

    A pair whose value is None is left out, so optional filters read as a list:
    `where(("site_id=?", site), ("fetched_at>=?", since))`.  Values are always bound,
    never formatted into the SQL.
    """
    used = [(sql, value) for sql, value in conditions if value is not None]
    if not used:
        return "", []
    return " WHERE " + " AND ".join(sql for sql, _ in used), [
        value for _, value in used if value is not True]


class Database:
    """Connection to one catalog database; cheap to open, one per process/thread."""

    def __init__(self, path: str | Path, *, timeout: float = 60.0):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        self.migrate()

    # -- schema ---------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Bring the schema up to date, one migration per transaction."""
        while self.schema_version < len(MIGRATIONS):
            version = self.schema_version
            with self.transaction():
                if self.schema_version != version:  # another process migrated meanwhile
                    continue
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={version + 1}")
            logger.info("catalog %s migrated to schema %d", self.path, version + 1)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

