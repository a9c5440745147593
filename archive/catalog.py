"""The catalog: an SQLite index of crawl runs and of every record written to the WARCs.

The WARC files are the source of truth; the catalog only points into them.  A
capture row is inserted after its record is flushed and fsynced, so the catalog
never lists a record that is not on disk (`forget_beyond` repairs the opposite
case after a crash cut a WARC file).  Plain Python, no Scrapy.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

# Each entry upgrades the schema by one version; never edit a released entry, append.
MIGRATIONS: list[str] = [
    # 1: runs, captures, errors, leases, documents
    """
    CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        status TEXT NOT NULL,
        trigger TEXT NOT NULL DEFAULT 'manual',
        pid INTEGER,
        jobdir TEXT,
        close_reason TEXT,
        requests INTEGER NOT NULL DEFAULT 0,
        captures INTEGER NOT NULL DEFAULT 0,
        revisits INTEGER NOT NULL DEFAULT 0,
        bytes INTEGER NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0,
        new_documents INTEGER NOT NULL DEFAULT 0,
        changed_documents INTEGER NOT NULL DEFAULT 0,
        removed_documents INTEGER NOT NULL DEFAULT 0,
        message TEXT
    );
    CREATE INDEX runs_site ON runs(site_id, started_at);
    CREATE TABLE captures (
        id INTEGER PRIMARY KEY,
        run_id TEXT,
        site_id TEXT NOT NULL,
        url TEXT NOT NULL,
        record_type TEXT NOT NULL,
        revisit_profile TEXT,
        status INTEGER,
        content_type TEXT,
        fetched_at TEXT NOT NULL,
        warc_file TEXT NOT NULL,
        warc_offset INTEGER NOT NULL,
        warc_length INTEGER NOT NULL,
        record_id TEXT NOT NULL UNIQUE,
        payload_digest TEXT,
        payload_length INTEGER,
        etag TEXT,
        last_modified TEXT,
        refers_to TEXT,
        extracted_at TEXT
    );
    CREATE INDEX captures_url ON captures(url, fetched_at);
    CREATE INDEX captures_site ON captures(site_id, fetched_at);
    CREATE INDEX captures_file ON captures(warc_file, warc_offset);
    CREATE TABLE crawl_errors (
        id INTEGER PRIMARY KEY,
        run_id TEXT,
        site_id TEXT NOT NULL,
        url TEXT,
        message TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TABLE leases (
        site_id TEXT PRIMARY KEY,
        run_id TEXT NOT NULL,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        acquired_at TEXT NOT NULL
    );
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        site_id TEXT NOT NULL,
        canonical_url TEXT NOT NULL UNIQUE,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        removed_at TEXT,
        current_version_id INTEGER
    );
    CREATE INDEX documents_site ON documents(site_id);
    CREATE TABLE document_urls (
        url TEXT PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id)
    );
    CREATE TABLE document_versions (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        capture_id INTEGER NOT NULL REFERENCES captures(id),
        text_sha1 TEXT NOT NULL,
        fetched_at TEXT NOT NULL,
        extracted_at TEXT NOT NULL,
        extractor_version TEXT NOT NULL,
        rules_version TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX versions_document ON document_versions(document_id, id);
    """,
    # 2: find a run's captures still waiting for extraction without a table scan
    """
    CREATE INDEX captures_run ON captures(run_id, extracted_at);
    """,
    # 3: the leaf flag, decided by the crawl (articles, files, dead links), not by extraction
    """
    ALTER TABLE captures ADD COLUMN leaf INTEGER NOT NULL DEFAULT 0;
    UPDATE captures SET leaf=1 WHERE status IN (404, 410)
        OR url IN (SELECT url FROM document_urls)
        OR (status=200 AND COALESCE(content_type, '') <> ''
            AND lower(content_type) NOT LIKE '%html%' AND lower(content_type) NOT LIKE '%xml%');
    CREATE INDEX captures_site_leaf ON captures(site_id, leaf);
    """,
]

HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_leaf_answer(status: int | None, content_type: str | None) -> bool:
    """Decided at capture time: a dead link, or a file that is neither a page nor a feed."""
    if status in (404, 410):
        return True
    media = (content_type or "").split(";")[0].strip().lower()
    return status == 200 and bool(media) and media not in HTML_TYPES and "xml" not in media


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:8]


@dataclass(frozen=True)
class Capture:
    """One catalogued WARC record (response or revisit)."""

    id: int
    run_id: str | None
    site_id: str
    url: str
    record_type: str
    revisit_profile: str | None
    status: int | None
    content_type: str | None
    fetched_at: str
    warc_file: str
    warc_offset: int
    warc_length: int
    record_id: str
    payload_digest: str | None
    payload_length: int | None
    etag: str | None
    last_modified: str | None
    refers_to: str | None
    extracted_at: str | None
    leaf: int = 0  # an article, file or dead link: re-checked only when due

    @property
    def is_html(self) -> bool:
        return (self.content_type or "").split(";")[0].strip().lower() in HTML_TYPES


class Catalog:
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

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs -----------------------------------------------------------------
    def start_run(self, site_id: str, *, run_id: str | None = None, trigger: str = "manual",
                  pid: int | None = None, jobdir: str | None = None) -> str:
        """Record a run as running; a resumed run keeps its id and its counters."""
        run_id = run_id or new_run_id()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO runs (id, site_id, started_at, status, trigger, pid, jobdir)"
                " VALUES (?, ?, ?, 'running', ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET status='running', ended_at=NULL,"
                " pid=excluded.pid, trigger=excluded.trigger",
                (run_id, site_id, utc_now(), trigger, pid, jobdir),
            )
        return run_id

    def record_skipped_run(self, site_id: str, trigger: str, message: str) -> str:
        run_id = new_run_id()
        now = utc_now()
        self.db.execute(
            "INSERT INTO runs (id, site_id, started_at, ended_at, status, trigger, message)"
            " VALUES (?, ?, ?, ?, 'skipped', ?, ?)",
            (run_id, site_id, now, now, trigger, message),
        )
        return run_id

    def finish_run(self, run_id: str, status: str, *, close_reason: str | None = None,
                   message: str | None = None) -> None:
        self.db.execute(
            "UPDATE runs SET status=?, ended_at=?, close_reason=COALESCE(?, close_reason),"
            " message=COALESCE(?, message) WHERE id=?",
            (status, utc_now(), close_reason, message, run_id),
        )

    def mark_abandoned_runs(self, site_id: str, *, keep: str | None = None) -> list[str]:
        """Runs of a site still marked running whose process is gone become 'killed'.

        Only call this while holding the site's lease: then no other crawl of the
        site can be alive, so any 'running' row is left over from a crash.
        """
        rows = self.db.execute(
            "SELECT id FROM runs WHERE site_id=? AND status='running' AND id IS NOT ?",
            (site_id, keep)).fetchall()
        ids = [row["id"] for row in rows]
        for run_id in ids:
            self.finish_run(run_id, "killed", message="process died without a clean stop")
        return ids

    def add_run_counts(self, run_id: str, **counts: int) -> None:
        allowed = {"requests", "captures", "revisits", "bytes", "errors",
                   "new_documents", "changed_documents", "removed_documents"}
        if not counts:
            return
        if unknown := set(counts) - allowed:
            raise ValueError(f"unknown run counters: {sorted(unknown)}")
        sets = ", ".join(f"{name}={name}+?" for name in counts)
        self.db.execute(f"UPDATE runs SET {sets} WHERE id=?", (*counts.values(), run_id))

    def run(self, run_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM runs WHERE id=?", (run_id,)).fetchone()
        return dict(row) if row else None

    def runs(self, site_id: str | None = None, *, status: str | None = None,
             limit: int = 1000) -> list[dict[str, Any]]:
        sql, args = "SELECT * FROM runs WHERE 1=1", []
        if site_id:
            sql += " AND site_id=?"
            args.append(site_id)
        if status:
            sql += " AND status=?"
            args.append(status)
        sql += " ORDER BY started_at DESC, rowid DESC LIMIT ?"
        return [dict(r) for r in self.db.execute(sql, (*args, limit))]

    def run_site_ids(self) -> list[str]:
        """Every site that has a run recorded, in order of first run."""
        rows = self.db.execute(
            "SELECT site_id FROM runs GROUP BY site_id ORDER BY MIN(started_at)")
        return [row["site_id"] for row in rows]

    def record_error(self, run_id: str | None, site_id: str, url: str | None,
                     message: str) -> None:
        self.db.execute(
            "INSERT INTO crawl_errors (run_id, site_id, url, message, at) VALUES (?,?,?,?,?)",
            (run_id, site_id, url, message, utc_now()),
        )
        if run_id:
            self.add_run_counts(run_id, errors=1)

    def errors(self, run_id: str) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT * FROM crawl_errors WHERE run_id=? ORDER BY id", (run_id,))
        return [dict(r) for r in rows]

    # -- captures -------------------------------------------------------------
    def add_capture(self, *, run_id: str | None, site_id: str, url: str, record_type: str,
                    status: int | None, content_type: str | None, fetched_at: str,
                    warc_file: str, warc_offset: int, warc_length: int, record_id: str,
                    payload_digest: str | None, payload_length: int | None,
                    etag: str | None = None, last_modified: str | None = None,
                    refers_to: str | None = None, revisit_profile: str | None = None,
                    leaf: bool = False) -> int:
        """Catalogue a record that is already whole on disk; returns the capture id."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO captures (run_id, site_id, url, record_type, revisit_profile,"
                " status, content_type, fetched_at, warc_file, warc_offset, warc_length,"
                " record_id, payload_digest, payload_length, etag, last_modified, refers_to,"
                " leaf) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (run_id, site_id, url, record_type, revisit_profile, status, content_type,
                 fetched_at, warc_file, warc_offset, warc_length, record_id, payload_digest,
                 payload_length, etag, last_modified, refers_to, int(leaf)),
            )
            if run_id:
                db.execute(
                    "UPDATE runs SET captures=captures+1, revisits=revisits+?, bytes=bytes+?"
                    " WHERE id=?",
                    (int(record_type == "revisit"), payload_length or 0, run_id),
                )
        return int(cursor.lastrowid or 0)

    def capture(self, capture_id: int) -> Capture | None:
        row = self.db.execute("SELECT * FROM captures WHERE id=?", (capture_id,)).fetchone()
        return Capture(**dict(row)) if row else None

    def captures(self, *, site_id: str | None = None, run_id: str | None = None,
                 url: str | None = None, since: str | None = None, until: str | None = None,
                 pending_extraction: bool = False) -> list[Capture]:
        sql, args = "SELECT * FROM captures WHERE 1=1", []
        for column, value in (("site_id", site_id), ("run_id", run_id), ("url", url)):
            if value is not None:
                sql += f" AND {column}=?"
                args.append(value)
        if since:
            sql += " AND fetched_at>=?"
            args.append(since)
        if until:
            sql += " AND fetched_at<?"
            args.append(until)
        if pending_extraction:
            sql += " AND extracted_at IS NULL"
        sql += " ORDER BY fetched_at, id"
        return [Capture(**dict(r)) for r in self.db.execute(sql, args)]

    def last_capture(self, url: str, *, original_only: bool = False) -> Capture | None:
        """Newest capture of a URL; `original_only` skips revisits and non-200 answers."""
        sql = "SELECT * FROM captures WHERE url=?"
        if original_only:
            sql += " AND record_type='response' AND status=200"
        row = self.db.execute(sql + " ORDER BY fetched_at DESC, id DESC LIMIT 1",
                              (url,)).fetchone()
        return Capture(**dict(row)) if row else None

    def due_leaf_urls(self, site_id: str, *, captured_before: str) -> list[str]:
        """Pages of the site whose newest capture is a live leaf older than `captured_before`."""
        rows = self.db.execute(
            "SELECT c.url FROM captures c WHERE c.site_id=? AND c.leaf=1"
            " AND c.status IN (200, 304) AND c.fetched_at < ?"
            " AND (lower(c.content_type) LIKE '%html%')"
            " AND c.fetched_at = (SELECT MAX(n.fetched_at) FROM captures n WHERE n.url=c.url)"
            " ORDER BY c.url", (site_id, captured_before))
        return [row["url"] for row in rows]

    def has_captures(self, site_id: str, *, before_run: str | None = None) -> bool:
        """True if the site has captures from runs other than `before_run`."""
        row = self.db.execute(
            "SELECT 1 FROM captures WHERE site_id=? AND run_id IS NOT ? LIMIT 1",
            (site_id, before_run)).fetchone()
        return row is not None

    def mark_extracted(self, capture_id: int) -> None:
        self.db.execute("UPDATE captures SET extracted_at=? WHERE id=?", (utc_now(), capture_id))

    def rows_in_file(self, warc_file: str) -> dict[int, Capture]:
        """The captures stored in one WARC file, by offset."""
        rows = self.db.execute("SELECT * FROM captures WHERE warc_file=?", (warc_file,))
        return {row["warc_offset"]: Capture(**dict(row)) for row in rows}

    def forget_beyond(self, warc_file: str, size: int) -> int:
        """Drop rows pointing past the end of a (mended) WARC file; returns how many."""
        cursor = self.db.execute(
            "DELETE FROM captures WHERE warc_file=? AND warc_offset + warc_length > ?",
            (warc_file, size),
        )
        return cursor.rowcount

    def mark_leaf(self, url: str) -> None:
        """The crawl judged the page an article: flag its newest capture as a leaf."""
        self.db.execute(
            "UPDATE captures SET leaf=1 WHERE id=(SELECT id FROM captures WHERE url=?"
            " ORDER BY fetched_at DESC, id DESC LIMIT 1)", (url,))

    def is_fresh_leaf(self, url: str, newer_than: str) -> bool:
        """True if the newest answered capture of `url` is a leaf fetched after `newer_than`.

        Leaves are articles (flagged by the crawl), non-HTML files and dead links (404/410);
        listings, feeds and sitemaps are never leaves, so they are read again every run.
        """
        row = self.db.execute(
            "SELECT leaf, fetched_at FROM captures WHERE url=? AND status IN (200, 304, 404, 410)"
            " ORDER BY fetched_at DESC, id DESC LIMIT 1", (url,)).fetchone()
        return row is not None and bool(row["leaf"]) and row["fetched_at"] >= newer_than
