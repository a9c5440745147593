"""Shared fixtures: the replica sites on 127.0.0.1 and a crawl of all of them."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]


def run_bdt(*args: str, timeout: float = 600, check: bool = False,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `bdt` in a subprocess (Scrapy's reactor cannot restart inside pytest)."""
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    result = subprocess.run([sys.executable, "-m", "bdt.cli", *args], cwd=REPO,
                            capture_output=True, text=True, timeout=timeout, env=full_env)
    if check and result.returncode != 0:
        raise AssertionError(f"bdt {' '.join(args)} exited {result.returncode}:\n"
                             f"{result.stdout[-4000:]}\n{result.stderr[-8000:]}")
    return result


def write_registry(path: Path, entries: list[dict], **overrides: object) -> Path:
    """A registry file for replica entries; `overrides` go into every entry."""
    sites = [{**entry, **overrides} for entry in entries]
    for entry in sites:
        entry.setdefault("politeness", {}).setdefault("download_delay", 0)
    path.write_text(yaml.safe_dump({"sites": sites}, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def replica():
    from replica.server import ReplicaServer

    with ReplicaServer() as server:
        yield server


@dataclass
class CrawledArchive:
    archive: Path
    registry: Path
    result: subprocess.CompletedProcess[str]
    first_request: int  # index into the replica log where this crawl began
    last_request: int

    def site_id(self, key: str) -> str:
        return f"replica-{key}"


@pytest.fixture(scope="session")
def crawled(replica, tmp_path_factory) -> CrawledArchive:
    """One `bdt crawl` of every replica site (zero delay), shared by the crawl tests."""
    root = tmp_path_factory.mktemp("crawl")
    registry = write_registry(root / "replica.yaml", replica.registry_entries())
    replica.reset_faults()  # the 500-once pages fail again for this crawl
    first = len(replica.requests)
    ids = [f"replica-{key}" for key in replica.site_keys]
    result = run_bdt("crawl", *ids, "--registry", str(registry), "--archive",
                     str(root / "archive"), timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-8000:]
    return CrawledArchive(root / "archive", registry, result, first, len(replica.requests))


# -- the catalog on both databases --------------------------------------------------------
# Tests that take `catalog_backend` (or `catalog_backend_module`) run twice: on the SQLite
# file in the archive directory, and on PostgreSQL (a schema of its own in the database at
# BDT_TEST_PG_URL, which `.ci/postgres` starts; skipped locally without it, an error in CI).
# The PostgreSQL URL is put in BDT_DB_URL, so layouts and `bdt` subprocesses use it too.
# Making and migrating a schema takes PostgreSQL about half a second, so a test's schema is
# emptied afterwards (every row deleted, sequences restarted: as good as new) and handed to
# a later test; a schema left at another version or with other tables is dropped instead.
# `@pytest.mark.fresh_catalog`: a schema never migrated (for tests of the migrations).

def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "fresh_catalog: the PostgreSQL catalog schema is new, "
                            "not yet migrated")


class PostgresSchemas:
    """Schemas of the test database: made on demand, emptied and reused, dropped at the end."""

    def __init__(self, base: str):
        self.base = base
        self.free: list[str] = []
        self.made: list[str] = []

    def connect(self, schema: str | None = None):
        import psycopg

        options = f"{'&' if '?' in self.base else '?'}options=-csearch_path%3D{schema}"
        return psycopg.connect(self.base + (options if schema else ""), autocommit=True)

    def url(self, schema: str) -> str:
        return f"{self.base}{'&' if '?' in self.base else '?'}options=-csearch_path%3D{schema}"

    def take(self, fresh: bool = False) -> str:
        if self.free and not fresh:
            return self.free.pop()
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with self.connect() as admin:
            admin.execute(f"CREATE SCHEMA {schema}")
        self.made.append(schema)
        return schema

    def give_back(self, schema: str) -> None:
        """Empty the schema for the next test, or drop it if it cannot be made as new."""
        from archive.catalog.schema import MIGRATIONS

        try:
            with self.connect(schema) as connection:
                connection.execute("SET lock_timeout = '10s'")
                tables = {row[0] for row in connection.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
                if tables:
                    version = connection.execute(
                        "SELECT max(version) FROM catalog_schema").fetchone()[0] \
                        if "catalog_schema" in tables else None
                    if version != len(MIGRATIONS):
                        raise LookupError(f"schema {schema} at version {version}")
                    _empty_schema(connection, tables - {"catalog_schema"})
        except Exception:  # noqa: BLE001 - whatever it is, this schema is not reused
            self.drop(schema)
            return
        self.free.append(schema)

    def drop(self, schema: str) -> None:
        with self.connect() as admin:
            admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        self.made.remove(schema)

    def drop_all(self) -> None:
        for schema in list(self.made):
            self.drop(schema)


def _empty_schema(connection, tables: set[str]) -> None:
    """Delete every row (tables that refer to others first), restart every sequence."""
    refers = {(row[0], row[1]) for row in connection.execute(
        "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c"
        " WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace")}
    with connection.transaction():
        left = set(tables)
        while left:
            ready = {t for t in left if not any(r == t and a in left and a != t
                                                 for a, r in refers)}
            if not ready:
                raise LookupError("foreign keys in a cycle")
            for table in sorted(ready):
                connection.execute(f'DELETE FROM "{table}"')
            left -= ready
        connection.execute("SELECT setval(format('%I.%I', schemaname, sequencename), 1, false)"
                           " FROM pg_sequences WHERE schemaname = current_schema()")


@pytest.fixture(scope="session")
def postgres_schemas() -> Iterator[PostgresSchemas | None]:
    base = os.environ.get("BDT_TEST_PG_URL")
    if not base:
        yield None
        return
    schemas = PostgresSchemas(base)
    try:
        yield schemas
    finally:
        schemas.drop_all()


@contextmanager
def _catalog_backend(kind: str, schemas: PostgresSchemas | None,
                     fresh: bool = False) -> Iterator[str | None]:
    if kind == "sqlite":
        yield None
        return
    if schemas is None:
        message = "no PostgreSQL for the catalog tests: run `.ci/postgres` and set BDT_TEST_PG_URL"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    schema = schemas.take(fresh)
    with pytest.MonkeyPatch.context() as patch:
        url = schemas.url(schema)
        patch.setenv("BDT_DB_URL", url)
        try:
            yield url
        finally:
            schemas.give_back(schema)


@pytest.fixture(params=["sqlite", "postgres"])
def catalog_backend(request, postgres_schemas) -> Iterator[str | None]:
    """None on SQLite, else the PostgreSQL catalog's URL (also in BDT_DB_URL)."""
    fresh = request.node.get_closest_marker("fresh_catalog") is not None
    with _catalog_backend(request.param, postgres_schemas, fresh) as url:
        yield url


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def catalog_backend_module(request, postgres_schemas) -> Iterator[str | None]:
    with _catalog_backend(request.param, postgres_schemas) as url:
        yield url
