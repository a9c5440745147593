"""What the commands share: loading the registry, opening or creating an archive, checking
site ids and dates.  Each raises a typed error (`archive.errors`) instead of printing.

Used by `bdt.cli`, the daemon's entry points and `bdt.crawling`; kept apart from
`bdt.cli` so that `python -m bdt.cli` and library callers share the same classes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from archive.errors import BadRegistry, BdtError, NotAnArchive, UnknownSite, UsageError

if TYPE_CHECKING:
    from archive.catalog import Catalog
    from archive.layout import ArchiveLayout
    from archive.registry import Registry

CliError = UsageError  # the older name, still used by bdt.crawling
SQLITE_MAGIC = b"SQLite format 3\x00"


def load_sites(path: Path | None) -> Registry:
    """The registry, or BadRegistry naming file, line, entry and field."""
    from archive.registry import RegistryError, load_registry
    try:
        return load_registry(path)
    except RegistryError as error:
        raise BadRegistry(f"invalid registry: {error}") from None


def check_site_ids(registry: Registry, site_ids: Iterable[str]) -> None:
    """UnknownSite unless every id is in the registry."""
    unknown = [site_id for site_id in site_ids if site_id not in registry]
    if unknown:
        raise UnknownSite(f"unknown site id(s) {', '.join(unknown)} in registry {registry.path}")


def open_archive(archive: Path) -> ArchiveLayout:
    """An existing archive directory's layout (one with a catalog), or NotAnArchive."""
    from archive.layout import ArchiveLayout
    layout = ArchiveLayout.at(archive)
    if layout.shared_catalog and layout.root.is_dir():  # the catalog is in PostgreSQL
        return layout
    if not layout.catalog_path.is_file():
        what = "no such directory" if not layout.root.exists() else (
            "not a directory" if not layout.root.is_dir() else "no catalog.sqlite in it")
        raise NotAnArchive(f"{layout.root} is not an archive ({what})")
    with layout.catalog_path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if head and head != SQLITE_MAGIC:  # an empty file is a catalog SQLite has yet to write
        raise NotAnArchive(f"{layout.root} is not an archive "
                           f"({layout.catalog_path.name} is not an SQLite database)")
    return layout


def create_archive(archive: Path) -> ArchiveLayout:
    """The archive's layout, its directories created if missing; NotAnArchive if impossible."""
    from archive.layout import ArchiveLayout
    layout = ArchiveLayout.at(archive)
    if layout.root.exists() and not layout.root.is_dir():
        raise NotAnArchive(f"cannot use {layout.root} as an archive: not a directory")
    try:
        return layout.ensure()
    except OSError as error:
        raise NotAnArchive(f"cannot create an archive at {layout.root}: "
                           f"{error.strerror or error}") from None


def output_dir(path: Path, option: str) -> Path:
    """`path` as a directory to write into, created if missing; UsageError if impossible."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"{option} {path}: not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"{option} {path}: cannot create it: {error.strerror or error}") from None
    return path


def check_archived_site(catalog: Catalog, layout: ArchiveLayout, site_id: str | None) -> None:
    """UnknownSite unless the archive has runs of `site_id` (None: every site, always fine)."""
    if site_id is None:
        return
    known = catalog.run_site_ids()
    if site_id not in known:
        listed = ", ".join(known[:8]) + (", ..." if len(known) > 8 else "")
        raise UnknownSite(f"no site {site_id!r} in the archive {layout.root} "
                          f"(sites: {listed or 'none yet'})")


def parse_date(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option value, or UsageError."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} expects YYYY-MM-DD, got {value!r}") from None


def report(error: BdtError) -> int:
    """Print the error as `bdt: <message>` on stderr; returns its exit code."""
    print(f"bdt: {error}", file=sys.stderr)
    return error.exit_code
