"""Read the clean archive: ``archive.open(path).documents(site=..., since=...)``.

``since`` means what it means everywhere (``bdt export --since``): versions fetched on or
after that day (UTC).  ``fetched_since`` is the same by name; ``published_since`` keeps
documents published on or after that day (``published_date``; undated ones are left out).

Only the JSONL partitions (``documents/site=<id>/month=<YYYY-MM>.jsonl``) are read, never the
catalog or the WARCs, so a copied ``documents/`` tree is enough.  Lines are streamed one at a
time; the latest version of a document is the line flagged ``is_current`` (the extraction
stage rewrites every partition of a document when that flag moves).  Standard library only:
``import archive`` stays cheap.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

SUPPORTED_SCHEMA_VERSIONS = (1,)


class ArchiveReader:
    """The documents of one archive (or of a copied ``documents/`` directory)."""

    def __init__(self, path: str | Path) -> None:
        path = Path(path).expanduser()
        if (path / "documents").is_dir():
            path = path / "documents"
        elif not path.is_dir():
            raise FileNotFoundError(f"no archive or documents directory at {path}")
        self.root = path

    def __repr__(self) -> str:
        return f"<ArchiveReader {self.root}>"

    def sites(self) -> list[str]:
        """Site ids that have documents, sorted."""
        return sorted(p.name[len("site="):] for p in self.root.glob("site=*") if p.is_dir())

    def partitions(self, site: str | None = None) -> list[Path]:
        """The JSONL files, by site then month."""
        sites = [site] if site is not None else self.sites()
        return [p for s in sites for p in sorted((self.root / f"site={s}").glob("month=*.jsonl"))]

    def documents(self, site: str | None = None, since: date | str | None = None, *,
                  fetched_since: date | str | None = None,
                  published_since: date | str | None = None,
                  all_versions: bool = False) -> Iterator[dict[str, Any]]:
        """Documents (latest version each, or every version), streamed in partition order.

        ``since`` (or ``fetched_since``) keeps versions fetched on or after that day (UTC);
        ``published_since`` keeps documents published on or after that day (Vietnam time;
        a document without a publication date is left out).  Dates compare by day.
        """
        if since is not None and fetched_since is not None and _day(since) != _day(fetched_since):
            raise ValueError("since and fetched_since are the same filter: give one of them")
        either = since if since is not None else fetched_since
        fetched = _day(either) if either is not None else None
        published = _day(published_since) if published_since is not None else None
        yielded: set[int] = set()  # guards against a tree copied in the middle of a rewrite
        for path in self.partitions(site):
            with path.open(encoding="utf-8") as lines:
                for number, raw in enumerate(lines, start=1):
                    if not raw.strip():
                        continue
                    try:
                        doc = json.loads(raw)
                    except json.JSONDecodeError as exc:
                        raise ValueError(f"{path}:{number}: not JSON: {exc}") from None
                    if doc.get("schema_version") not in SUPPORTED_SCHEMA_VERSIONS:
                        raise ValueError(f"{path}:{number}: unsupported schema_version "
                                         f"{doc.get('schema_version')!r}")
                    if not all_versions:
                        if not doc.get("is_current") or doc["document_id"] in yielded:
                            continue
                        yielded.add(doc["document_id"])
                    if fetched is not None and _field_day(doc, "fetched_at") < fetched:
                        continue
                    if published is not None and _published_day(doc) < published:
                        continue
                    yield doc


def _field_day(doc: dict[str, Any], name: str) -> date:
    """The day a date field names as written (its first ten characters), or date.min."""
    value = doc.get(name)
    try:
        return date.fromisoformat(value[:10]) if value else date.min
    except ValueError:
        return date.min


def _published_day(doc: dict[str, Any]) -> date:
    # lines written before published_date existed have only published
    return _field_day(doc, "published_date" if doc.get("published_date") else "published")


def _day(value: date | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def open(path: str | Path) -> ArchiveReader:  # noqa: A001 - archive.open, like gzip.open
    """Open an archive directory (or its ``documents/`` directory) for reading."""
    return ArchiveReader(path)
