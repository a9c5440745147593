"""Checks for every WARC a test writes: warcio, gzip -t, structure, catalog agreement."""

from __future__ import annotations

import subprocess
from pathlib import Path

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from archive.warc.check import check_warc
from archive.warc.reader import read_record
from tests.support.warccheck import WARCIO_CHECK


def warc_files(archive: Path) -> list[Path]:
    return sorted(Path(archive, "warc").rglob("*.warc.gz"))


def assert_warc_file_ok(path: Path) -> None:
    """warcio check (digests), gzip -t (every member whole), check_warc (lengths, encodings)."""
    warcio = subprocess.run([*WARCIO_CHECK, str(path)], capture_output=True, text=True)
    assert warcio.returncode == 0, f"warcio check {path}:\n{warcio.stdout}{warcio.stderr}"
    gzip = subprocess.run(["gzip", "-t", str(path)], capture_output=True, text=True)
    assert gzip.returncode == 0, f"gzip -t failed for {path}: {gzip.stderr}"
    problems = check_warc(path)
    assert problems == [], f"{path}: {problems}"


def assert_catalog_matches_warcs(archive: Path) -> int:
    """Every catalogued capture is a whole record on disk with the same id and URL."""
    layout = ArchiveLayout.at(archive)
    with Catalog(layout.catalog) as catalog:
        captures = catalog.captures()
    for capture in captures:
        path = layout.absolute(capture.warc_file)
        assert path.exists(), f"catalog points at missing file {path}"
        assert capture.warc_offset + capture.warc_length <= path.stat().st_size
        record = read_record(path, capture.warc_offset)
        assert record.record_id == capture.record_id
        assert record.target_uri == capture.url
        assert record.rec_type == capture.record_type
    return len(captures)
