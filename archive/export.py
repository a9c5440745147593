"""Clean-archive files: the line format, the monthly partitions, and `bdt export`.

``version_line`` turns a catalog version into one line of ``schema/document-v1.json``;
``write_partitions`` (called by the extraction stage) rewrites the monthly JSONL partitions
from the catalog, and the exports reuse the same lines.  An export holds the
current version of every document, tombstoned ones included (``removed_at`` set).

``since`` means one thing everywhere (here, ``bdt export --since``, ``bdt reextract`` and
``archive.open(...).documents``): fetched on or after that day (UTC); ``fetched_since`` is
the same by its full name, ``published_since`` compares the day of publication instead.

``published`` keeps the precision the page gives: a date-time, or a plain date when only the
day is shown (``published_date`` always holds the day).  Parquet columns are typed:
timestamps with their zone (UTC, or +07:00 for the page's own dates) and dates.

WET follows Common Crawl: a ``warcinfo`` record, then one ``conversion`` record per document
(``text/plain``, title + blank line + text) referring to the response record it came from and
dated with the original capture's date.  WET files are written beside the replay WARCs, never
into them: pywb would index conversion records as extra mementos.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from archive.catalog import Catalog
from archive.layout import ArchiveLayout
from archive.warc.writer import fsync_dir

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("schema") / "document-v1.json"
_TEXT_FIELDS = ("title", "published", "published_date", "modified", "author", "lead", "text")
_SITE_FIELDS = ("language", "site", "province", "province_2025", "cms")

FORMATS = ("jsonl", "parquet", "wet")
# WARC-Identified-Content-Language uses ISO 639-3, like Common Crawl
ISO639_3 = {"vi": "vie", "en": "eng", "fr": "fra", "zh": "zho", "km": "khm", "lo": "lao",
            "ru": "rus", "ja": "jpn", "ko": "kor", "de": "deu"}


def version_line(row: Mapping[str, Any] | sqlite3.Row) -> dict[str, Any]:
    """One clean-archive line (schema ``document-v1.json``) from a version row."""
    data = json.loads(row["data"])
    line: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION, "document_id": row["document_id"],
        "version_id": row["version_id"], "url": row["capture_url"],
        "canonical_url": row["canonical_url"],
        **{name: data.get(name) for name in _TEXT_FIELDS},
        "captions": [str(c) for c in data.get("captions") or []],
        **{name: data.get(name) for name in _SITE_FIELDS},
        "fetched_at": row["fetched_at"], "extracted_at": row["extracted_at"],
        "warc_file": row["warc_file"], "warc_record_id": row["record_id"],
        "extractor_version": row["extractor_version"], "rules_version": row["rules_version"],
        "removed_at": row["removed_at"],
        "is_current": row["current_version_id"] == row["version_id"],
        "warnings": [str(w) for w in data.get("warnings") or []],
    }
    line["text"], line["site"] = line["text"] or "", line["site"] or row["site_id"]
    line["published"], line["published_date"] = published_fields(
        data.get("published"), data.get("published_precision"))
    nfc: dict[str, Any] = _nfc(line)
    return nfc


def published_fields(published: str | None, precision: str | None) -> tuple[str | None,
                                                                            str | None]:
    """(``published`` at the page's precision, ``published_date``) from the extraction.

    Extraction writes midnight for a day-only date and says so in ``published_precision``;
    documents extracted before that field existed keep their timestamp.
    """
    if not published:
        return None, None
    day = published[:10]
    return (day if precision == "day" else published), day


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):  # a line: mostly strings, normalised here without a call
        return {k: unicodedata.normalize("NFC", v) if isinstance(v, str) else _nfc(v)
                for k, v in value.items()}
    return value


def write_partitions(layout: ArchiveLayout, catalog: Catalog,
                     document_ids: Iterable[int]) -> list[Path]:
    """Rewrite every (site, month) partition holding a version of these documents."""
    wanted = catalog.partitions_of(document_ids)
    return [write_partition(layout, catalog, site_id, month) for site_id, month in sorted(wanted)]


def write_partition(layout: ArchiveLayout, catalog: Catalog, site_id: str, month: str) -> Path:
    """Write ``documents/site=<id>/month=<YYYY-MM>.jsonl`` atomically from the catalog."""
    path = layout.documents_partition(site_id, month)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = catalog.version_rows(site_id, month, _next_month(month))
    temp = _temp(path)
    try:
        with temp.open("w", encoding="utf-8", newline="\n") as out:
            for row in rows:
                out.write(json.dumps(version_line(row), ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())
        _finish(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    fsync_dir(path.parent)
    return path


def _next_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year + mon // 12:04d}-{mon % 12 + 1:02d}"


def export(layout: ArchiveLayout, catalog: Catalog, *, fmt: str, site_id: str | None = None,
           since: date | None = None, out_dir: Path | None = None,
           fetched_since: date | None = None,
           published_since: date | None = None) -> list[Path]:
    """Write the export and return its files (one for jsonl/parquet, one per site for wet).

    ``since``/``fetched_since``: current versions fetched on or after that day (UTC);
    ``published_since``: documents published on or after that day (undated ones left out).
    """
    since = _one_since(since, fetched_since)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    out_dir = Path(out_dir) if out_dir is not None else layout.exports_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = "documents" + (f"-{site_id}" if site_id else "") + (
        f"-since-{since.isoformat()}" if since else "") + (
        f"-published-since-{published_since.isoformat()}" if published_since else "")

    def lines(site: str | None) -> Iterator[dict[str, Any]]:
        return current_lines(catalog, site, since, published_since=published_since)

    if fmt == "jsonl":
        paths = [_write_jsonl(lines(site_id), out_dir / f"{stem}.jsonl")]
    elif fmt == "parquet":
        paths = [_write_parquet(lines(site_id), out_dir / f"{stem}.parquet")]
    else:
        sites = [site_id] if site_id else catalog.document_site_ids()
        paths = [_write_wet(lines(site),
                            out_dir / f"{stem if site_id else f'{stem}-{site}'}.warc.wet.gz")
                 for site in sites]
    logger.info("exported %s: %s", fmt, ", ".join(str(p) for p in paths))
    return paths


def _one_since(since: date | None, fetched_since: date | None) -> date | None:
    if since is not None and fetched_since is not None and since != fetched_since:
        raise ValueError("since and fetched_since are the same filter: give one of them")
    return since if since is not None else fetched_since


def current_lines(catalog: Catalog, site_id: str | None = None,
                  since: date | None = None, *,
                  published_since: date | None = None) -> Iterator[dict[str, Any]]:
    """The current version of every document, as clean-archive lines (filters as `export`)."""
    day_fetched = (since.date() if isinstance(since, datetime) else since).isoformat() \
        if since else None
    day = published_since.isoformat() if published_since else None
    for row in catalog.current_version_rows(site_id or None, day_fetched):
        line = version_line(row)
        if day is None or (line["published_date"] or "") >= day:
            yield line


def _temp(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _finish(temp: Path, path: Path) -> Path:
    os.replace(temp, path)
    return path


def _write_jsonl(lines: Iterator[dict[str, Any]], path: Path) -> Path:
    temp = _temp(path)
    try:
        with temp.open("w", encoding="utf-8", newline="\n") as out:
            for line in lines:
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
        return _finish(temp, path)
    finally:
        temp.unlink(missing_ok=True)


# Parquet types of the date fields: the page's own dates are Vietnam time, ours UTC.
_VN_ZONE = "+07:00"
_TIMESTAMP_ZONES = {"published": _VN_ZONE, "modified": _VN_ZONE, "fetched_at": "UTC",
                    "extracted_at": "UTC", "removed_at": "UTC"}
_DATE_FIELDS = ("published_date",)


def parquet_schema() -> Any:
    """Arrow schema built from the JSON Schema: same columns, typed.

    Integers, booleans, lists of strings; timestamps with their zone (microseconds) and
    dates.  ``published`` is a timestamp only when the page shows the time (the day alone is
    in ``published_date``).
    """
    import pyarrow as pa

    props = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["properties"]
    fields = []
    for name, spec in props.items():
        kinds = spec.get("type", "string")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if name in _TIMESTAMP_ZONES:
            kind = pa.timestamp("us", tz=_TIMESTAMP_ZONES[name])
        elif name in _DATE_FIELDS:
            kind = pa.date32()
        elif "integer" in kinds or "const" in spec:
            kind = pa.int64()
        elif "boolean" in kinds:
            kind = pa.bool_()
        elif "array" in kinds:
            kind = pa.list_(pa.string())
        else:
            kind = pa.string()
        nullable = "null" in kinds or "null" in json.dumps(spec.get("anyOf", [])) or \
            spec.get("$ref", "").endswith("optional_timestamp")
        fields.append(pa.field(name, kind, nullable=nullable))
    return pa.schema(fields)


def parquet_row(line: dict[str, Any]) -> dict[str, Any]:
    """A clean-archive line with its date fields as ``datetime``/``date`` objects."""
    row = dict(line)
    for name in _TIMESTAMP_ZONES:
        value = row.get(name)
        row[name] = _timestamp(value) if value and len(value) > 10 else None
    for name in _DATE_FIELDS:
        value = row.get(name)
        row[name] = date.fromisoformat(value) if value else None
    return row


def _timestamp(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _write_parquet(lines: Iterator[dict[str, Any]], path: Path,
                   batch_size: int = 2000) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    temp = _temp(path)
    try:
        with pq.ParquetWriter(temp, schema, compression="zstd") as writer:
            batch: list[dict[str, Any]] = []
            for line in lines:
                batch.append(parquet_row(line))
                if len(batch) >= batch_size:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    batch = []
            if batch:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        return _finish(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def _warc_date(value: str) -> str:
    """A WARC-Date from a catalog timestamp (kept to the second's fraction as stored)."""
    return re.sub(r"\+00:00$", "Z", value)


def _write_wet(lines: Iterator[dict[str, Any]], path: Path) -> Path:
    from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
    from warcio.warcwriter import WARCWriter

    from archive.warc.records import SOFTWARE, WARC_VERSION

    temp = _temp(path)
    try:
        with temp.open("wb") as out:
            writer = WARCWriter(out, gzip=True, warc_version=WARC_VERSION)
            writer.write_record(writer.create_warcinfo_record(path.name, {
                "software": SOFTWARE,
                "format": "WARC File Format 1.1",
                "description": "Clean text of archived documents (WET, Common Crawl style); "
                               "the WARC-Refers-To records are in the replay WARCs",
            }))
            count = 0
            for line in lines:
                text = "\n\n".join(p for p in (line["title"], line["text"]) if p)
                body = text.encode("utf-8")
                headers = StatusAndHeaders("", [
                    ("WARC-Type", "conversion"),
                    ("WARC-Target-URI", line["url"]),
                    ("WARC-Date", _warc_date(line["fetched_at"])),
                    ("WARC-Record-ID", StatusAndHeadersParser.make_warc_id()),
                    ("WARC-Refers-To", line["warc_record_id"]),
                ], protocol=WARC_VERSION)
                if line["language"]:
                    headers.add_header("WARC-Identified-Content-Language",
                                       ISO639_3.get(line["language"], line["language"]))
                writer.write_record(writer.create_warc_record(
                    line["url"], "conversion", payload=BytesIO(body), length=len(body),
                    warc_content_type="text/plain", warc_headers=headers))
                count += 1
        logger.info("%s: %d conversion records", path.name, count)
        return _finish(temp, path)
    finally:
        temp.unlink(missing_ok=True)
