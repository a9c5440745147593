"""The capture store: crawl runs, the records written to the WARCs, errors and leases.

The WARC files are the source of truth; the catalog only points into them.  A
capture row is inserted after its record is flushed and fsynced, so the catalog
never lists a record that is not on disk (`forget_beyond` repairs the opposite
case after a crash cut a WARC file, `rows_in_file` lets mending add the rows a
crash lost).  Plain Python, no Scrapy.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from typing import Any

from archive.catalog.database import Database, advisory_key, new_run_id, utc_now, where

logger = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_leaf_answer(status: int | None, content_type: str | None) -> bool:
    """Decided at capture time: a dead link, or a file that is neither a page nor a feed."""
    if status in (404, 410):
        return True
    media = (content_type or "").split(";")[0].strip().lower()
    return status == 200 and bool(media) and media not in HTML_TYPES and "xml" not in media



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
    node: str | None = None  # the crawl node whose disk holds `warc_file` (None: this one)

    @property
    def is_html(self) -> bool:
        return (self.content_type or "").split(";")[0].strip().lower() in HTML_TYPES


class CaptureStore(Database):
    """Runs, captures, crawl errors and site leases (what the crawl stage owns)."""

    # -- runs -----------------------------------------------------------------
    def start_run(self, site_id: str, *, run_id: str | None = None, trigger: str = "manual",
                  pid: int | None = None, jobdir: str | None = None,
                  node: str | None = None) -> str:
        """Record a run as running; a resumed run keeps its id and its counters."""
        run_id = run_id or new_run_id()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO runs (id, site_id, started_at, status, trigger, pid, jobdir, node)"
                " VALUES (?, ?, ?, 'running', ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET status='running', ended_at=NULL,"
                " pid=excluded.pid, trigger=excluded.trigger, node=excluded.node",
                (run_id, site_id, utc_now(), trigger, pid, jobdir, node),
            )
        return run_id

    def record_skipped_run(self, site_id: str, trigger: str, message: str, *,
                           status: str = "skipped", node: str | None = None,
                           run_id: str | None = None) -> str:
        """A run that never crawled: skipped (busy), or failed before it began (node down)."""
        run_id = run_id or new_run_id()
        now = utc_now()
        self.db.execute(
            "INSERT INTO runs (id, site_id, started_at, ended_at, status, trigger, message,"
            " node) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (run_id, site_id, now, now, status, trigger, message, node),
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
        clause, args = where(("site_id=?", site_id or None), ("status=?", status or None))
        sql = f"SELECT * FROM runs{clause} ORDER BY started_at DESC, rowid DESC LIMIT ?"
        return [dict(r) for r in self.db.execute(sql, (*args, limit))]

    def runs_pending_extraction(self) -> list[dict[str, Any]]:
        """Ended runs with captures never extracted (their extraction never ran)."""
        rows = self.db.execute(
            "SELECT r.id, r.site_id FROM runs r JOIN (SELECT DISTINCT run_id FROM captures"
            " WHERE extracted_at IS NULL) p ON p.run_id = r.id"
            " WHERE r.status IN ('finished', 'failed', 'killed') ORDER BY r.started_at")
        return [dict(row) for row in rows]

    def last_finished_runs(self) -> dict[str, dict[str, Any]]:
        """Per site, its newest finished run (requests, start, end): what `bdt plan` reads."""
        rows = self.db.execute(
            "SELECT r.site_id, r.requests, r.started_at, r.ended_at FROM runs r"
            " WHERE r.status='finished' AND r.started_at = (SELECT MAX(n.started_at)"
            " FROM runs n WHERE n.site_id=r.site_id AND n.status='finished')")
        return {row["site_id"]: dict(row) for row in rows}

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
                    leaf: bool = False, node: str | None = None) -> int:
        """Catalogue a record that is already whole on disk; returns the capture id."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO captures (run_id, site_id, url, record_type, revisit_profile,"
                " status, content_type, fetched_at, warc_file, warc_offset, warc_length,"
                " record_id, payload_digest, payload_length, etag, last_modified, refers_to,"
                " leaf, node) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                (run_id, site_id, url, record_type, revisit_profile, status, content_type,
                 fetched_at, warc_file, warc_offset, warc_length, record_id, payload_digest,
                 payload_length, etag, last_modified, refers_to, int(leaf), node),
            )
            capture_id = int(cursor.fetchall()[0][0])
            if run_id:
                db.execute(
                    "UPDATE runs SET captures=captures+1, revisits=revisits+?, bytes=bytes+?"
                    " WHERE id=?",
                    (int(record_type == "revisit"), payload_length or 0, run_id),
                )
        return capture_id

    def capture(self, capture_id: int) -> Capture | None:
        row = self.db.execute("SELECT * FROM captures WHERE id=?", (capture_id,)).fetchone()
        return Capture(**dict(row)) if row else None

    def captures(self, *, site_id: str | None = None, run_id: str | None = None,
                 url: str | None = None, since: str | None = None, until: str | None = None,
                 pending_extraction: bool = False) -> list[Capture]:
        clause, args = where(("site_id=?", site_id), ("run_id=?", run_id), ("url=?", url),
                             ("fetched_at>=?", since or None), ("fetched_at<?", until or None),
                             ("extracted_at IS NULL", pending_extraction or None))
        sql = f"SELECT * FROM captures{clause} ORDER BY fetched_at, id"
        return [Capture(**dict(r)) for r in self.db.execute(sql, args)]

    def files_of_records(self, record_ids: list[str]) -> list[str]:
        """The WARC files (catalog paths) holding these records."""
        files: dict[str, None] = {}
        for start in range(0, len(record_ids), 500):
            chunk = record_ids[start:start + 500]
            rows = self.db.execute(
                f"SELECT DISTINCT warc_file FROM captures WHERE record_id IN"
                f" ({','.join('?' * len(chunk))})", chunk)
            files.update(dict.fromkeys(row["warc_file"] for row in rows))
        return list(files)

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

    def mark_extracted(self, *capture_ids: int) -> None:
        """Stamp these captures extracted, now (one statement per 500)."""
        now, ids = utc_now(), list(capture_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            self.db.execute("UPDATE captures SET extracted_at=? WHERE id IN"
                            f" ({','.join('?' * len(chunk))})", (now, *chunk))

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
        return int(cursor.rowcount)

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


    # -- leases (the row beside the file lock; see archive.lease) ------------------------
    def take_lease(self, site_id: str, run_id: str) -> None:
        self.db.execute(
            "INSERT INTO leases (site_id, run_id, pid, host, acquired_at) VALUES (?,?,?,?,?)"
            " ON CONFLICT(site_id) DO UPDATE SET run_id=excluded.run_id, pid=excluded.pid,"
            " host=excluded.host, acquired_at=excluded.acquired_at",
            (site_id, run_id, os.getpid(), socket.gethostname(), utc_now()),
        )

    def lease_holder(self, site_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM leases WHERE site_id=?", (site_id,)).fetchone()
        return dict(row) if row else None

    def drop_lease(self, site_id: str, run_id: str) -> None:
        self.db.execute("DELETE FROM leases WHERE site_id=? AND run_id=?", (site_id, run_id))

    # -- the site lock of a shared (PostgreSQL) catalog: a session advisory lock ----------
    def _site_key(self, site_id: str) -> int:
        """Advisory locks are per server database: the key names the catalog's schema too,
        so two catalogs in one database (one schema each) never block each other."""
        if not hasattr(self, "_lock_scope"):
            row = self.db.execute("SELECT current_schema()").fetchone()
            self._lock_scope = str(row[0])
        return advisory_key(f"bdt-site:{self._lock_scope}:{site_id}")

    def try_site_lock(self, site_id: str) -> bool:
        """Take the site's lock for this connection's life; False if another session has it."""
        row = self.db.execute("SELECT pg_try_advisory_lock(?)",
                              (self._site_key(site_id),)).fetchone()
        return bool(row[0])

    def release_site_lock(self, site_id: str) -> None:
        self.db.execute("SELECT pg_advisory_unlock(?)", (self._site_key(site_id),))

    def site_lock_held(self, site_id: str) -> bool:
        """True if any session (of any node) holds the site's lock."""
        row = self.db.execute(
            "SELECT 1 FROM pg_locks WHERE locktype='advisory' AND granted AND objsubid=1"
            " AND ((classid::bigint << 32) | objid::bigint) = ? LIMIT 1",
            (self._site_key(site_id),)).fetchone()
        return row is not None
