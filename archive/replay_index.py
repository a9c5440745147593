"""CDXJ indexes for replay, kept beside the archive: one sorted index per closed WARC file.

pywb reads every ``*.cdxj`` in a collection's index directory, so indexing a new
WARC file is writing one more small file (written as ``.tmp``, then renamed): the
WARCs themselves stay where the crawler wrote them, nothing is copied.  Only
closed files (``.warc.gz``) are indexed; a crawl's ``.open`` file is picked up
once it is closed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

from cdxj_indexer.main import CDXJIndexer

from archive.layout import ArchiveLayout

logger = logging.getLogger(__name__)

INDEX_SUFFIX = ".cdxj"


def replay_root(layout: ArchiveLayout) -> Path:
    """Where replay configuration and indexes live inside an archive."""
    return layout.root / "replay"


def index_dir(layout: ArchiveLayout, site_id: str) -> Path:
    return replay_root(layout) / "indexes" / site_id


def closed_warcs(layout: ArchiveLayout, site_id: str) -> list[Path]:
    """The site's finished WARC files, oldest name first."""
    directory = layout.warc_dir(site_id)
    return sorted(directory.glob("*.warc.gz")) if directory.is_dir() else []


def write_cdxj(output: Path, warcs: Sequence[Path]) -> None:
    """A sorted CDXJ index of ``warcs`` (file names relative: pywb joins its archive path)."""
    with open(output, "w", encoding="utf-8") as out:
        CDXJIndexer(out, [str(p) for p in warcs], sort=True).process_all()


def update_indexes(layout: ArchiveLayout, site_id: str) -> list[Path]:
    """Index the site's WARCs that have no (or an older) index; drop indexes of gone files.

    Returns the index files written.
    """
    target = index_dir(layout, site_id)
    target.mkdir(parents=True, exist_ok=True)
    warcs = closed_warcs(layout, site_id)
    wanted = {warc.name + INDEX_SUFFIX: warc for warc in warcs}
    for stale in target.glob("*" + INDEX_SUFFIX):
        if stale.name not in wanted:
            stale.unlink()
    written = []
    for name, warc in wanted.items():
        out = target / name
        if out.exists() and out.stat().st_mtime >= warc.stat().st_mtime:
            continue
        tmp = out.with_name(out.name + ".tmp")
        try:
            write_cdxj(tmp, [warc])
        except Exception as error:  # an unreadable file must not stop the others
            logger.error("cannot index %s: %s", warc, error)
            tmp.unlink(missing_ok=True)
            continue
        os.replace(tmp, out)
        written.append(out)
    if written:
        logger.info("indexed %d WARC file(s) of %s for replay", len(written), site_id)
    return written
