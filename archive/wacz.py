"""WACZ 1.1.1 packages of a run (or a date range): WARCs, CDXJ index, pages with clean text.

The layout is the one `wacz create` (py-wacz) writes and ReplayWeb.page, Browsertrix
and pywb read: ``archive/*.warc.gz`` and ``indexes/index.cdx.gz`` stored (not
deflated, so replay tools can read ranges), ``indexes/index.idx``,
``pages/pages.jsonl`` (every archived article: ``url``, ``ts``, ``title`` and its
clean ``text``), ``datapackage.json`` with a sha256 per file, and
``datapackage-digest.json``.

WARC files go in whole.  A run's revisits point at payloads captured by earlier
runs, so the files holding those records go in too: the package replays alone.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO, TextIOWrapper
from pathlib import Path
from typing import Any

from cdxj_indexer.main import CDXJIndexer

from archive import __version__
from archive.catalog import Capture, Catalog
from archive.layout import ArchiveLayout

logger = logging.getLogger(__name__)

WACZ_VERSION = "1.1.1"
# Replay tools index page text in the browser; keep each page's text to a sane size.
TEXT_LIMIT = 100_000
ALIVE = (200, 304)


class WaczError(ValueError):
    """Nothing to package, or a selection that names no run."""


@dataclass
class WaczSummary:
    path: Path
    warc_files: list[str] = field(default_factory=list)
    pages: int = 0
    missing: list[str] = field(default_factory=list)  # WARC files not on disk (yet)


def select_captures(catalog: Catalog, *, site_id: str | None = None, run_id: str | None = None,
                    since: str | None = None, until: str | None = None) -> list[Capture]:
    """The captures to package: one run's, or those fetched in [since, until)."""
    if run_id is not None:
        if catalog.run(run_id) is None:
            raise WaczError(f"no run {run_id!r} in the catalog")
        return catalog.captures(run_id=run_id, site_id=site_id)
    return catalog.captures(site_id=site_id, since=since, until=until)


def warc_files_for(catalog: Catalog, captures: Sequence[Capture]) -> list[str]:
    """Catalog paths of the files holding the captures and the records their revisits use."""
    files = dict.fromkeys(c.warc_file for c in captures)
    wanted = sorted({c.refers_to for c in captures if c.refers_to})
    files.update(dict.fromkeys(catalog.files_of_records(wanted)))
    return sorted(files)


def pages_for(catalog: Catalog, captures: Iterable[Capture]) -> list[dict[str, Any]]:
    """One page per archived article URL (its newest capture): url, ts, title, text."""
    newest: dict[str, Capture] = {}
    for capture in captures:
        if capture.status in ALIVE:
            newest[capture.url] = capture  # captures come oldest first
    pages = []
    for url, capture in newest.items():
        data = catalog.version_data_at(url, capture.fetched_at)
        if data is None:
            continue  # not an article: a listing, an image, a file
        pages.append({"id": f"{capture.id}", "url": url, "ts": capture.fetched_at,
                      "title": data.get("title") or "",
                      "text": (data.get("text") or "")[:TEXT_LIMIT]})
    return pages


def pages_jsonl(pages: Sequence[dict[str, Any]]) -> bytes:
    header = {"format": "json-pages-1.0", "id": "pages", "title": "Articles", "hasText": True}
    lines = [header, *pages]
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()


def _stored(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, datetime.now(UTC).timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    return info


def _deflated(name: str) -> zipfile.ZipInfo:
    info = _stored(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_wacz(layout: ArchiveLayout, catalog: Catalog, out: Path, *,
               site_id: str | None = None, run_id: str | None = None,
               since: str | None = None, until: str | None = None,
               title: str | None = None) -> WaczSummary:
    """Write the package to ``out`` (via ``out.tmp``, renamed when whole)."""
    captures = select_captures(catalog, site_id=site_id, run_id=run_id, since=since,
                               until=until)
    if not captures:
        raise WaczError("no captures match: nothing to package")
    summary = WaczSummary(Path(out))
    warcs: list[Path] = []
    for stored in warc_files_for(catalog, captures):
        path = layout.absolute(stored)
        if path.is_file():
            warcs.append(path)
        else:  # still being written (.open) or gone
            summary.missing.append(stored)
            logger.warning("WACZ %s: %s is not a finished file; left out", out, stored)
    if not warcs:
        raise WaczError("none of the selected captures is in a finished WARC file")
    names = [p.name for p in warcs]
    if len(set(names)) != len(names):
        raise WaczError("two WARC files share a name; WACZ needs unique names")
    pages = pages_for(catalog, captures)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    try:
        with zipfile.ZipFile(tmp, "w") as wacz:
            _write_index(wacz, warcs)
            for path in warcs:
                with wacz.open(_stored(f"archive/{path.name}"), "w") as dst, \
                        open(path, "rb") as src:
                    while chunk := src.read(1 << 20):
                        dst.write(chunk)
            wacz.writestr(_deflated("pages/pages.jsonl"), pages_jsonl(pages))
            package = _datapackage(wacz, title or _title(site_id, run_id, since, until),
                                   pages)
            wacz.writestr(_deflated("datapackage.json"), package)
            digest = {"path": "datapackage.json",
                      "hash": "sha256:" + hashlib.sha256(package).hexdigest()}
            wacz.writestr(_deflated("datapackage-digest.json"),
                          json.dumps(digest, indent=2).encode())
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    summary.warc_files, summary.pages = names, len(pages)
    return summary


def _write_index(wacz: zipfile.ZipFile, warcs: Sequence[Path]) -> None:
    """``indexes/index.cdx.gz`` (CDXJ in gzip blocks) and its ``index.idx``, as py-wacz does."""
    idx = BytesIO()
    text = TextIOWrapper(idx, "utf-8", write_through=True)
    with wacz.open(_stored("indexes/index.cdx.gz"), "w") as data:
        CDXJIndexer(text, [str(p) for p in warcs], sort=True, post_append=True,
                    compress=data, data_out_name="index.cdx.gz",
                    fields="referrer").process_all()
    wacz.writestr(_deflated("indexes/index.idx"), idx.getvalue())


def _datapackage(wacz: zipfile.ZipFile, title: str, pages: Sequence[dict[str, Any]]) -> bytes:
    resources = []
    for entry in wacz.infolist():
        digest, size = hashlib.sha256(), 0
        with wacz.open(entry) as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
        resources.append({"name": Path(entry.filename).name.lower(), "path": entry.filename,
                          "hash": "sha256:" + digest.hexdigest(), "bytes": size})
    package: dict[str, Any] = {
        "profile": "data-package", "resources": resources, "title": title,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "wacz_version": WACZ_VERSION, "software": f"bandantoc-archive {__version__}"}
    if pages:
        package["mainPageURL"], package["mainPageDate"] = pages[0]["url"], pages[0]["ts"]
    return json.dumps(package, indent=2, ensure_ascii=False).encode()


def _title(site_id: str | None, run_id: str | None, since: str | None,
           until: str | None) -> str:
    what = f"run {run_id}" if run_id else f"captures {since or '…'} to {until or '…'}"
    return f"bandantoc-archive {site_id or 'all sites'}: {what}"


def default_path(layout: ArchiveLayout, site_id: str | None, run_id: str | None) -> Path:
    """``<archive>/wacz/<site>/<run>.wacz`` (or a dated name without a run)."""
    stamp = run_id or datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return layout.root / "wacz" / (site_id or "all") / f"{stamp}.wacz"


def wacz_enabled(settings: Iterable[tuple[str, object]]) -> bool:
    """``BDT_WACZ_PER_RUN`` from ``-s NAME=VALUE`` pairs (default off)."""
    value = dict(settings).get("BDT_WACZ_PER_RUN", False)
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def wacz_for_runs(layout: ArchiveLayout, catalog: Catalog,
                  run_ids: Iterable[str]) -> list[Path]:
    """One WACZ per finished run (the per-run packages `BDT_WACZ_PER_RUN` asks for)."""
    written = []
    for run_id in run_ids:
        run = catalog.run(run_id)
        if run is None or run["status"] != "finished":
            continue
        path = default_path(layout, run["site_id"], run_id)
        try:
            write_wacz(layout, catalog, path, site_id=run["site_id"], run_id=run_id)
        except (WaczError, OSError) as error:
            logger.error("WACZ of run %s not written: %s", run_id, error)
            continue
        written.append(path)
    return written
