"""The document store: documents (one per canonical URL), their versions and tombstones.

The extraction stage writes here (`archive/documents.py` decides *what* to write); the
clean archive, exports and WACZ pages read here.  Rows are `sqlite3.Row` (read by name).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from archive.catalog.database import utc_now, where
from archive.catalog.search import SearchEntry, SearchStore

# One row per version: everything a clean-archive line needs.
_LINE_SQL = (
    "SELECT v.id AS version_id, v.document_id, v.data, v.fetched_at, v.extracted_at,"
    " v.extractor_version, v.rules_version, d.site_id, d.canonical_url, d.removed_at,"
    " d.current_version_id, c.url AS capture_url, c.warc_file, c.record_id"
    " FROM document_versions v JOIN documents d ON d.id = v.document_id"
    " JOIN captures c ON c.id = v.capture_id"
)


@dataclass(frozen=True)
class VersionData:
    """A version's data as the catalog stores it: its JSON text and its search entry,
    made once from the extracted document (by the worker that extracted it)."""

    json: str
    search: SearchEntry

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> VersionData:
        return cls(json.dumps(data, ensure_ascii=False), SearchEntry.of(data))


class DocumentStore(SearchStore):
    """Documents, the URLs they were seen at, and their versions (what extraction owns);
    adding a version keeps the search index current."""

    # -- documents -----------------------------------------------------------------------
    def document_by_url(self, url: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.db.execute(
            "SELECT d.* FROM document_urls u JOIN documents d ON d.id = u.document_id"
            " WHERE u.url=?", (url,)).fetchone()
        return row

    def document_by_canonical(self, canonical_url: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.db.execute(
            "SELECT * FROM documents WHERE canonical_url=?", (canonical_url,)).fetchone()
        return row

    def add_document(self, site_id: str, canonical_url: str, seen_at: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO documents (site_id, canonical_url, first_seen, last_seen)"
            " VALUES (?,?,?,?) RETURNING id", (site_id, canonical_url, seen_at, seen_at))
        return int(cursor.fetchall()[0][0])

    def document_seen(self, document_id: int, seen_at: str) -> None:
        """Widen the document's first/last seen to include `seen_at`."""
        self.db.execute("UPDATE documents SET first_seen=MIN(first_seen, ?),"
                        " last_seen=MAX(last_seen, ?) WHERE id=?",
                        (seen_at, seen_at, document_id))

    def link_url(self, url: str, document_id: int) -> None:
        self.db.execute("INSERT INTO document_urls (url, document_id) VALUES (?, ?)"
                        " ON CONFLICT(url) DO UPDATE SET document_id=excluded.document_id",
                        (url, document_id))

    def tombstone(self, document_id: int, removed_at: str | None) -> None:
        """Mark the document removed (gone from the site) at `removed_at`; None restores it."""
        self.db.execute("UPDATE documents SET removed_at=? WHERE id=?", (removed_at, document_id))

    def document_site_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT site_id FROM documents ORDER BY site_id")]

    # -- versions ------------------------------------------------------------------------
    def version_at(self, document_id: int, fetched_at: str) -> sqlite3.Row | None:
        """The version current at `fetched_at` (else the earliest one)."""
        row: sqlite3.Row | None = self.db.execute(
            "SELECT id, text_sha1 FROM document_versions WHERE document_id=? AND fetched_at<=?"
            " ORDER BY fetched_at DESC, id DESC LIMIT 1", (document_id, fetched_at)).fetchone() \
            or self.db.execute(
                "SELECT id, text_sha1 FROM document_versions WHERE document_id=?"
                " ORDER BY fetched_at, id LIMIT 1", (document_id,)).fetchone()
        return row

    def add_version(self, document_id: int, capture_id: int, text_sha1: str, fetched_at: str,
                    *, extractor_version: str, rules_version: str,
                    data: Mapping[str, Any] | VersionData, new_document: bool = False) -> None:
        """A new version; the document's current version becomes its newest one.
        `new_document`: the document was added in this transaction (this is its first version,
        nothing indexed yet)."""
        stored = data if isinstance(data, VersionData) else VersionData.of(data)
        version_id = self.db.execute(
            "INSERT INTO document_versions (document_id, capture_id, text_sha1, fetched_at,"
            " extracted_at, extractor_version, rules_version, data) VALUES (?,?,?,?,?,?,?,?)"
            " RETURNING id",
            (document_id, capture_id, text_sha1, fetched_at, utc_now(), extractor_version,
             rules_version, stored.json)).fetchall()[0][0]
        if new_document:  # its only version
            current = self.db.execute(
                "UPDATE documents SET current_version_id=? WHERE id=?"
                " RETURNING current_version_id, site_id", (version_id, document_id)).fetchall()
        else:
            current = self.db.execute(
                "UPDATE documents SET current_version_id=(SELECT id FROM document_versions"
                " WHERE document_id=? ORDER BY fetched_at DESC, id DESC LIMIT 1) WHERE id=?"
                " RETURNING current_version_id, site_id", (document_id, document_id)).fetchall()
        if current and current[0][0] == version_id:  # the data in hand, not read back
            self.index_version(document_id, version_id, current[0][1], stored.search,
                               indexed=not new_document)
        else:
            self.index_document(document_id)

    def version_data_at(self, url: str, fetched_at: str) -> dict[str, Any] | None:
        """The extracted data of the document at `url` as it was at `fetched_at`."""
        row = self.db.execute(
            "SELECT v.data FROM document_urls u JOIN document_versions v"
            " ON v.document_id = u.document_id WHERE u.url=? AND v.fetched_at<=?"
            " ORDER BY v.fetched_at DESC, v.id DESC LIMIT 1", (url, fetched_at)).fetchone()
        return json.loads(row["data"]) if row else None

    # -- the clean archive -----------------------------------------------------------------
    def partitions_of(self, document_ids: Iterable[int]) -> set[tuple[str, str]]:
        """(site, YYYY-MM) partitions holding a version of these documents."""
        ids = sorted(set(document_ids))
        wanted: set[tuple[str, str]] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            wanted.update((row[0], row[1]) for row in self.db.execute(
                "SELECT DISTINCT d.site_id, substr(v.fetched_at, 1, 7) FROM document_versions v"
                " JOIN documents d ON d.id = v.document_id"
                f" WHERE v.document_id IN ({','.join('?' * len(chunk))})", chunk))
        return wanted

    def version_rows(self, site_id: str, start: str, end: str) -> Iterator[sqlite3.Row]:
        """Every version of the site's documents fetched in [start, end), oldest first.

        Their ids are sorted first, then the rows read by id, 500 at a time: sorting the
        whole rows (their data a few KB each) spilled SQLite's sorter to disk and took a
        third longer."""
        ids = [row[0] for row in self.db.execute(
            "SELECT v.id FROM document_versions v JOIN documents d ON d.id = v.document_id"
            " WHERE d.site_id=? AND v.fetched_at>=? AND v.fetched_at<?"
            " ORDER BY v.fetched_at, v.id", (site_id, start, end))]
        for at in range(0, len(ids), 500):
            chunk = ids[at:at + 500]
            rows = {row["version_id"]: row for row in self.db.execute(
                _LINE_SQL + f" WHERE v.id IN ({','.join('?' * len(chunk))})", chunk)}
            yield from (rows[version_id] for version_id in chunk)

    def current_version_rows(self, site_id: str | None = None,
                             fetched_since: str | None = None) -> Iterator[sqlite3.Row]:
        """The current version of every document (of a site; fetched on or after a day)."""
        clause, args = where(("v.id = d.current_version_id", True), ("d.site_id=?", site_id),
                             ("v.fetched_at>=?", fetched_since))
        yield from self.db.execute(
            _LINE_SQL + clause + " ORDER BY d.site_id, v.fetched_at, v.id", args)
