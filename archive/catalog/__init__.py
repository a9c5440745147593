"""The catalog: an SQLite index of crawl runs, of every WARC record, and of the documents.

Split by stage: the capture store (`captures.py`: runs, captures, errors, leases) belongs to
the crawl, the document store (`documents.py`: documents, versions, tombstones) to
extraction, with its search index (`search.py`); the browse store (`browse.py`) answers
the dashboard and keeps the alerts.  All SQL of the project lives in these modules;
`database.py` connects, migrates and builds their filters.  `Catalog` is one connection
to all of them.
"""

from __future__ import annotations

from archive.catalog.browse import BrowseStore
from archive.catalog.captures import HTML_TYPES, Capture, CaptureStore, is_leaf_answer
from archive.catalog.database import Database, new_run_id, utc_now
from archive.catalog.documents import DocumentStore, VersionData
from archive.catalog.search import SearchFilters, SearchStore


class Catalog(CaptureStore, DocumentStore, BrowseStore):
    """One connection to the catalog database, with every store's queries."""


__all__ = ["HTML_TYPES", "BrowseStore", "Capture", "CaptureStore", "Catalog", "Database",
           "DocumentStore", "SearchFilters", "SearchStore", "VersionData", "is_leaf_answer",
           "new_run_id", "utc_now"]
