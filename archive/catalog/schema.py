"""The catalog's schema: one migration per version, applied in order, never edited once released.

A migration is one script for both databases (written in SQLite's dialect, rewritten for
PostgreSQL by `database.py`), or a `Dialects` pair where the two must differ (the full-text
index); either way the version numbers are the same on both.
"""

from typing import NamedTuple


class Dialects(NamedTuple):
    """A migration written once per database, each in its own dialect (not rewritten)."""

    sqlite: str
    postgres: str


MIGRATIONS: list[str | Dialects] = [
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
    # 4: what search filters and lists documents by (the current version of each document,
    # filled by the document store; `SearchStore.refresh_search` backfills documents
    # extracted before; the SQLite FTS5 table beside it is made by the search store), and
    # the alerts sent about sites and runs
    """
    CREATE TABLE search_docs (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id),
        version_id INTEGER NOT NULL,
        site_id TEXT NOT NULL,
        province TEXT,
        province_2025 TEXT,
        published_date TEXT,
        title TEXT
    );
    CREATE INDEX search_docs_site ON search_docs(site_id, published_date);
    CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        site_id TEXT NOT NULL,
        run_id TEXT,
        kind TEXT NOT NULL,
        message TEXT NOT NULL,
        at TEXT NOT NULL,
        delivered INTEGER NOT NULL DEFAULT 0,
        delivery_error TEXT
    );
    CREATE INDEX alerts_site ON alerts(site_id, at);
    """,
    # 5: the node (crawl machine) of a run, and the node whose disk holds each record's WARC
    """
    ALTER TABLE runs ADD COLUMN node TEXT;
    ALTER TABLE captures ADD COLUMN node TEXT;
    """,
    # 6: the full-text index of the current versions (`SearchStore`), over accent-folded
    # words: on PostgreSQL a tsvector per document built from the same words as SQLite's
    # FTS5 table, with a GIN index; `refresh_search` fills it for documents indexed before.
    # Nothing on SQLite: there the search store makes its FTS5 table on first use, as
    # before (a new archive's catalog stays small until something is extracted).
    Dialects(
        sqlite="",
        postgres="""
        CREATE TABLE search_text (
            document_id BIGINT PRIMARY KEY REFERENCES documents(id),
            terms TSVECTOR NOT NULL
        );
        CREATE INDEX search_text_terms ON search_text USING GIN (terms);
        """),
]
