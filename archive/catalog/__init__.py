"""The catalog: an SQLite index of crawl runs, of every WARC record, and of the documents.

Split by stage: the capture store (`captures.py`: runs, captures, errors, leases) belongs to
the crawl, the document store (`documents.py`: documents, versions, tombstones) to
extraction.  All SQL of the project lives in these two modules; `database.py` connects,
migrates and builds their filters.  `Catalog` is one connection to both.
"""

from __future__ import annotations

from archive.catalog.captures import HTML_TYPES, Capture, CaptureStore, is_leaf_answer
from archive.catalog.database import Database, new_run_id, utc_now
from archive.catalog.documents import DocumentStore


class Catalog(CaptureStore, DocumentStore):
    """One connection to the catalog database, with both stores' queries."""


__all__ = ["HTML_TYPES", "Capture", "CaptureStore", "Catalog", "Database", "DocumentStore",
           "is_leaf_answer", "new_run_id", "utc_now"]
