"""The browse store: read-only queries behind the dashboard (`bdt serve`) and the alerts table.

Every value is bound; the only SQL text chosen at run time is picked from constants.
Rows come back as plain dicts.
"""

from __future__ import annotations

import json
from typing import Any

from archive.catalog.database import Database, utc_now, where


def _dicts(cursor: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in cursor]


class BrowseStore(Database):
    """What the dashboard shows: errors, documents by month, a run's work, versions, alerts."""

    # -- sites -----------------------------------------------------------------------------
    def site_document_counts(self) -> dict[str, dict[str, Any]]:
        """Per site: documents, removed ones, and when a document was last first seen."""
        rows = self.db.execute(
            "SELECT site_id, count(*) AS documents, count(removed_at) AS removed,"
            " max(first_seen) AS last_new FROM documents GROUP BY site_id")
        return {row["site_id"]: dict(row) for row in rows}

    def site_errors(self, site_id: str, limit: int = 20) -> list[dict[str, Any]]:
        return _dicts(self.db.execute(
            "SELECT * FROM crawl_errors WHERE site_id=? ORDER BY at DESC, id DESC LIMIT ?",
            (site_id, limit)))

    def documents_by_month(self, site_id: str) -> list[dict[str, Any]]:
        """(month of publication or '' when undated, documents), newest month first."""
        return _dicts(self.db.execute(
            "SELECT COALESCE(substr(s.published_date, 1, 7), '') AS month, count(*) AS documents"
            " FROM documents d LEFT JOIN search_docs s ON s.document_id = d.id"
            " WHERE d.site_id=? GROUP BY month ORDER BY month DESC", (site_id,)))

    def site_documents(self, site_id: str, month: str | None = None,
                       limit: int = 200) -> list[dict[str, Any]]:
        """Documents of a site (published in `month` YYYY-MM; '' for undated), newest first."""
        clause, args = where(("d.site_id=?", site_id),
                             ("COALESCE(substr(s.published_date, 1, 7), '')=?", month))
        return _dicts(self.db.execute(
            "SELECT d.id, d.canonical_url, d.first_seen, d.last_seen, d.removed_at,"
            " s.title, s.published_date FROM documents d"
            " LEFT JOIN search_docs s ON s.document_id = d.id" + clause
            + " ORDER BY s.published_date DESC, d.id DESC LIMIT ?", (*args, limit)))

    # -- runs --------------------------------------------------------------------------------
    def run_documents(self, run_id: str) -> list[dict[str, Any]]:
        """Versions made from the run's captures: new documents and changed ones."""
        rows = _dicts(self.db.execute(
            "SELECT v.id AS version_id, v.document_id, v.fetched_at, d.canonical_url,"
            " s.title, (SELECT count(*) FROM document_versions e WHERE e.document_id ="
            " v.document_id AND (e.fetched_at < v.fetched_at OR (e.fetched_at = v.fetched_at"
            " AND e.id < v.id))) AS earlier FROM document_versions v"
            " JOIN captures c ON c.id = v.capture_id JOIN documents d ON d.id = v.document_id"
            " LEFT JOIN search_docs s ON s.document_id = d.id"
            " WHERE c.run_id=? ORDER BY v.id", (run_id,)))
        for row in rows:
            row["change"] = "changed" if row.pop("earlier") else "new"
        return rows

    def run_tombstones(self, run_id: str) -> list[dict[str, Any]]:
        """Documents the run found gone (404/410), with the URL that answered so."""
        return _dicts(self.db.execute(
            "SELECT DISTINCT d.id, d.canonical_url, d.removed_at, c.url, c.status, s.title"
            " FROM captures c JOIN document_urls u ON u.url = c.url"
            " JOIN documents d ON d.id = u.document_id"
            " LEFT JOIN search_docs s ON s.document_id = d.id"
            " WHERE c.run_id=? AND c.status IN (404, 410) AND d.removed_at = c.fetched_at",
            (run_id,)))

    def run_captures(self, run_id: str, limit: int = 1000) -> list[dict[str, Any]]:
        return _dicts(self.db.execute(
            "SELECT id, url, record_type, status, content_type, payload_length, fetched_at,"
            " warc_file, record_id FROM captures WHERE run_id=? ORDER BY fetched_at, id LIMIT ?",
            (run_id, limit)))

    # -- documents ---------------------------------------------------------------------------
    def document(self, document_id: int) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM documents WHERE id=?", (document_id,)).fetchone()
        return dict(row) if row else None

    def document_versions(self, document_id: int) -> list[dict[str, Any]]:
        """Every version, oldest first, with the WARC record it was extracted from."""
        rows = _dicts(self.db.execute(
            "SELECT v.id, v.fetched_at, v.extracted_at, v.extractor_version, v.rules_version,"
            " v.text_sha1, v.data, c.url AS capture_url, c.run_id, c.warc_file, c.warc_offset,"
            " c.warc_length, c.record_id, c.status FROM document_versions v"
            " JOIN captures c ON c.id = v.capture_id WHERE v.document_id=?"
            " ORDER BY v.fetched_at, v.id", (document_id,)))
        for row in rows:
            row["data"] = json.loads(row["data"])
        return rows

    # -- alerts ------------------------------------------------------------------------------
    def add_alert(self, site_id: str, run_id: str | None, kind: str, message: str) -> int:
        cursor = self.db.execute(  # RETURNING: psycopg's cursors have no lastrowid
            "INSERT INTO alerts (site_id, run_id, kind, message, at) VALUES (?,?,?,?,?)"
            " RETURNING id", (site_id, run_id, kind, message, utc_now()))
        return int(cursor.fetchall()[0][0])

    def alert_delivered(self, alert_id: int, error: str | None) -> None:
        self.db.execute("UPDATE alerts SET delivered=?, delivery_error=? WHERE id=?",
                        (int(error is None), error, alert_id))

    def alerts(self, site_id: str | None = None, *, since: str | None = None,
               limit: int = 50) -> list[dict[str, Any]]:
        clause, args = where(("site_id=?", site_id), ("at>=?", since))
        return _dicts(self.db.execute(
            f"SELECT * FROM alerts{clause} ORDER BY at DESC, id DESC LIMIT ?", (*args, limit)))
