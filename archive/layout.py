"""Where things live inside an archive directory (one place, so every part agrees)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from archive.errors import BadDatabaseUrl

DEFAULT_ARCHIVE_DIR = Path("archive-data")
DB_URL_VARIABLE = "BDT_DB_URL"  # a PostgreSQL catalog shared by several nodes


@dataclass(frozen=True)
class ArchiveLayout:
    """Paths of one archive directory; creating it is explicit (`ensure`).

    The catalog is `catalog.sqlite` in the directory unless `db_url` (by default the
    environment's BDT_DB_URL, so crawl subprocesses inherit it) names a PostgreSQL database.
    """

    root: Path
    db_url: str | None = None

    @classmethod
    def at(cls, root: str | Path, db_url: str | None = None) -> ArchiveLayout:
        db_url = db_url or os.environ.get(DB_URL_VARIABLE) or None
        if db_url and not db_url.startswith(("postgresql://", "postgres://",
                                             "postgresql+psycopg://")):
            raise BadDatabaseUrl(f"{DB_URL_VARIABLE} / --db-url {db_url!r}: the catalog's"
                                 " database must be a postgresql:// URL")
        return cls(Path(root).expanduser().resolve(), db_url)

    @property
    def catalog_path(self) -> Path:
        return self.root / "catalog.sqlite"

    @property
    def catalog(self) -> str | Path:
        """What `Catalog(...)` opens: the PostgreSQL URL, else the SQLite file."""
        return self.db_url or self.catalog_path

    @property
    def shared_catalog(self) -> bool:
        return self.db_url is not None

    @property
    def catalog_label(self) -> str:
        """The catalog for people to read (never the database password)."""
        return f"postgresql://{self.db_url.split('@')[-1]}" if self.db_url \
            else str(self.catalog_path)

    @property
    def scheduler_db_path(self) -> Path:
        return self.root / "scheduler.sqlite"

    @property
    def warc_root(self) -> Path:
        return self.root / "warc"

    def warc_dir(self, site_id: str) -> Path:
        return self.warc_root / site_id

    @property
    def documents_root(self) -> Path:
        return self.root / "documents"

    def documents_partition(self, site_id: str, month: str) -> Path:
        return self.documents_root / f"site={site_id}" / f"month={month}.jsonl"

    @property
    def exports_dir(self) -> Path:
        return self.root / "exports"

    def job_dir(self, site_id: str, run_id: str) -> Path:
        return self.root / "jobs" / site_id / run_id

    def lock_path(self, site_id: str) -> Path:
        return self.root / "locks" / f"{site_id}.lock"

    @property
    def log_dir(self) -> Path:
        return self.root / "logs"

    def relative(self, path: Path) -> str:
        """Path as stored in the catalog: relative to the archive root, POSIX style."""
        return Path(path).resolve().relative_to(self.root).as_posix()

    def absolute(self, stored: str) -> Path:
        return self.root / stored

    def ensure(self) -> ArchiveLayout:
        for directory in (self.root, self.warc_root, self.documents_root, self.log_dir,
                          self.root / "locks", self.root / "jobs"):
            directory.mkdir(parents=True, exist_ok=True)
        return self
