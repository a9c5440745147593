"""The catalog database: one connection (SQLite or PostgreSQL), migrations, transactions, filters.

The stores (`captures.py`, `documents.py`) hold every SQL statement of the project, written
once in SQLite's dialect with `?` placeholders; this module connects, migrates, and, on
PostgreSQL, rewrites each statement (`_postgres_sql`) and each migration (`_postgres_ddl`).
SQLite (a file in the archive directory) is the default; a `postgresql://` URL gives a
catalog that several crawl nodes share.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import sys
import time
import uuid
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Self

from archive.catalog.schema import MIGRATIONS
from archive.errors import UsageError

logger = logging.getLogger(__name__)

POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")



def _psycopg() -> Any:
    """psycopg, imported when a PostgreSQL catalog is opened (a SQLite catalog never needs
    it: importing it cost every command 65 ms).  PostgreSQL is optional:
    `pip install 'bandantoc-archive[postgres]'`; None without it."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - exercised only without the extra
        return None
    return psycopg


def catalog_errors(*also: type[BaseException]) -> tuple[type[BaseException], ...]:
    """What a broken or unreachable catalog raises, on either database (psycopg's errors
    once psycopg is loaded: until then no PostgreSQL catalog was opened), and `also`."""
    psycopg = sys.modules.get("psycopg")
    return (*also, sqlite3.Error) if psycopg is None else (*also, sqlite3.Error, psycopg.Error)


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:8]


def is_postgres_url(target: str | Path | None) -> bool:
    return isinstance(target, str) and target.startswith(POSTGRES_SCHEMES)


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


# -- PostgreSQL: the same statements, rewritten ------------------------------------------
_PG_REWRITES = [
    (re.compile(r"\bIS NOT \?"), "IS DISTINCT FROM ?"),  # SQLite's null-safe comparison
    (re.compile(r"\browid\b"), "id"),  # insertion order: runs' ids begin with the time
    (re.compile(r"\bMIN\((\w+), \?\)"), r"LEAST(\1, ?)"),  # scalar MIN/MAX of two values
    (re.compile(r"\bMAX\((\w+), \?\)"), r"GREATEST(\1, ?)"),
]
_PG_DDL = [
    (re.compile(r"\bINTEGER PRIMARY KEY\b"), "BIGSERIAL PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),  # byte counts and offsets pass 2**31
    (re.compile(r"\bTEXT\b"), 'TEXT COLLATE "C"'),  # byte order, as SQLite sorts
]


@lru_cache(maxsize=512)
def _postgres_sql(sql: str) -> str:
    for pattern, replacement in _PG_REWRITES:
        sql = pattern.sub(replacement, sql)
    return sql.replace("%", "%%").replace("?", "%s")


def _postgres_ddl(sql: str) -> str:
    for pattern, replacement in _PG_DDL:
        sql = pattern.sub(replacement, sql)
    return sql


class Row(dict[str, Any]):
    """A result row read by name or by position, like `sqlite3.Row`."""

    def __init__(self, names: Sequence[str], values: Sequence[Any]):
        super().__init__(zip(names, values, strict=True))
        self._values = values

    def __getitem__(self, key: str | int) -> Any:
        return self._values[key] if isinstance(key, int) else super().__getitem__(key)


def _row_factory(cursor: Any) -> Any:
    names = [column.name for column in cursor.description or ()]
    return lambda values: Row(names, values)


class PostgresConnection:
    """A psycopg connection that takes the stores' SQLite-dialect statements."""

    def __init__(self, url: str):
        psycopg = _psycopg()
        if psycopg is None:
            raise UsageError(f"{url.split('@')[-1]}: a PostgreSQL catalog needs psycopg"
                             " (pip install 'bandantoc-archive[postgres]')")
        conninfo = url.replace("postgresql+psycopg://", "postgresql://", 1)
        self.connection = psycopg.connect(conninfo, autocommit=True, row_factory=_row_factory)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.connection.execute(_postgres_sql(sql), tuple(params))

    def close(self) -> None:
        self.connection.close()


def advisory_key(name: str) -> int:
    """A stable 63-bit key for a PostgreSQL advisory lock named `name`."""
    return zlib.crc32(name.encode()) | (zlib.adler32(name.encode()) << 31)


class Database:
    """Connection to one catalog database; cheap to open, one per process/thread.

    `target`: a path (SQLite), an `sqlite:///path` URL, or a `postgresql://` URL.
    """

    def __init__(self, target: str | Path, *, timeout: float = 60.0):
        self.shared = is_postgres_url(target)  # PostgreSQL: several nodes share it
        self.db: Any
        if self.shared:
            self.location = str(target).split("@")[-1]  # never the password
            self.db = PostgresConnection(str(target))
        else:
            path = str(target).removeprefix("sqlite:///") if isinstance(target, str) else target
            self.path = Path(path)
            self.location = str(self.path)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            _write_ahead_log(self.db, timeout)
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        self.migrate()

    # -- schema ---------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        if not self.shared:
            return int(self.db.execute("PRAGMA user_version").fetchone()[0])
        # no DDL here: two nodes creating the table at once can collide (made in `migrate`)
        if not self.db.execute("SELECT to_regclass('catalog_schema') IS NOT NULL").fetchone()[0]:
            return 0
        row = self.db.execute("SELECT MAX(version) FROM catalog_schema").fetchone()
        return int(row[0] or 0)

    def migrate(self) -> None:
        """Bring the schema up to date, one migration per transaction."""
        while (version := self.schema_version) < len(MIGRATIONS):  # read once: others migrate too
            with self.transaction():
                if self.shared:  # one migrating node at a time
                    self.db.execute("SELECT pg_advisory_xact_lock(?)",
                                    (advisory_key("bdt-catalog-migrate"),))
                    self.db.execute("CREATE TABLE IF NOT EXISTS catalog_schema"
                                    " (version INTEGER NOT NULL)")
                if self.schema_version != version:  # another process migrated meanwhile
                    continue
                migration = MIGRATIONS[version]
                if isinstance(migration, str):
                    statements = [_postgres_ddl(s) if self.shared else s
                                  for s in migration.split(";")]
                else:  # written for each database: run as written
                    statements = (migration.postgres if self.shared
                                  else migration.sqlite).split(";")
                for statement in statements:
                    if statement.strip():
                        self._execute_ddl(statement)
                if self.shared:
                    self.db.execute("INSERT INTO catalog_schema (version) VALUES (?)",
                                    (version + 1,))
                else:
                    self.db.execute(f"PRAGMA user_version={version + 1}")
            logger.info("catalog %s migrated to schema %d", self.location, version + 1)

    def _execute_ddl(self, statement: str) -> None:
        if self.shared:
            self.db.connection.execute(statement)  # no parameters: `%` as is
        else:
            self.db.execute(statement)

    in_transaction = False  # inside `transaction()`

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        self.db.execute("BEGIN" if self.shared else "BEGIN IMMEDIATE")
        self.in_transaction = True
        try:
            yield self.db
            self._before_commit()
        except BaseException:
            self.in_transaction = False
            self._rolled_back()
            self.db.execute("ROLLBACK")
            raise
        self.in_transaction = False
        self.db.execute("COMMIT")

    def _before_commit(self) -> None:
        """Write what a store held back for the end of the transaction (see `SearchStore`)."""

    def _rolled_back(self) -> None:
        """Forget what a store held back for the end of the transaction."""

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _write_ahead_log(db: sqlite3.Connection, timeout: float) -> None:
    """Switch a SQLite catalog to WAL.  Several processes opening a new catalog at once can
    get "database is locked" here at once, without SQLite's busy wait: try again."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
