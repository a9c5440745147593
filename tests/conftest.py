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
# file in the archive directory, and on PostgreSQL (a fresh schema of the database at
# BDT_TEST_PG_URL, which `.ci/postgres` starts; skipped locally without it, an error in CI).
# The PostgreSQL URL is put in BDT_DB_URL, so layouts and `bdt` subprocesses use it too.

@contextmanager
def _catalog_backend(kind: str) -> Iterator[str | None]:
    if kind == "sqlite":
        yield None
        return
    base = os.environ.get("BDT_TEST_PG_URL")
    if not base:
        message = "no PostgreSQL for the catalog tests: run `.ci/postgres` and set BDT_TEST_PG_URL"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BDT_DB_URL", url)
        try:
            yield url
        finally:
            with psycopg.connect(base, autocommit=True) as admin:
                admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def catalog_backend(request) -> Iterator[str | None]:
    """None on SQLite, else the PostgreSQL catalog's URL (also in BDT_DB_URL)."""
    with _catalog_backend(request.param) as url:
        yield url


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def catalog_backend_module(request) -> Iterator[str | None]:
    with _catalog_backend(request.param) as url:
        yield url
