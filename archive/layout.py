"""Where things live inside an archive directory (one place, so every part agrees)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_ARCHIVE_DIR = Path("archive-data")


@dataclass(frozen=True)
class ArchiveLayout:
    """Paths of one archive directory; creating it is explicit (`ensure`)."""

    root: Path

    @classmethod
    def at(cls, root: str | Path) -> ArchiveLayout:
        return cls(Path(root).expanduser().resolve())

    @property
    def catalog_path(self) -> Path:
        return self.root / "catalog.sqlite"

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
