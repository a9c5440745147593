"""What the CLI commands share: user-input errors, loading the registry, opening an archive.

Kept apart from `bdt.cli` so `python -m bdt.cli` and library callers raise and
catch the very same `CliError` class.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archive.layout import ArchiveLayout
    from archive.registry import Registry


class CliError(Exception):
    """A problem with the user's input: printed as `bdt: ...`, exit code 2."""


def load_sites(path: Path | None) -> Registry:
    """The registry, or CliError naming file, line, entry and field."""
    from archive.registry import RegistryError, load_registry
    try:
        return load_registry(path)
    except RegistryError as error:
        raise CliError(f"invalid registry: {error}") from None


def open_layout(archive: Path) -> ArchiveLayout:
    """An existing archive directory's layout, or CliError."""
    from archive.layout import ArchiveLayout
    layout = ArchiveLayout.at(archive)
    if not layout.catalog_path.exists():
        raise CliError(f"no archive at {layout.root} (no catalog.sqlite)")
    return layout
