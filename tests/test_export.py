"""Exports (jsonl, parquet, wet) and the reader API, on a real extracted archive."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.export import export
from archive.reader import open as open_archive
from tests.support.warccheck import WARCIO_CHECK
from tests.test_documents import (
    ARTICLE_A,
    ARTICLE_B,
    AUGUST,
    JULY,
    LISTING,
    LS,
    LS_HOST,
    NOT_FOUND,
    SCHEMA,
    VP,
    Page,
    ScratchArchive,
    article_html,
    assert_valid,
    listing_html,
    make_archive,
    url_a,
    url_b,
)

ARTICLE_C = {
    "title": "Thăm hỏi, tặng quà người có uy tín trong đồng bào dân tộc thiểu số",
    "paragraphs": [
        "Đoàn công tác của Ban Dân tộc tỉnh đã đến thăm hỏi, tặng quà các già làng, trưởng "
        "bản và người có uy tín tiêu biểu tại các xã vùng cao của huyện Tam Đảo.",
        "Thay mặt đoàn, lãnh đạo Ban ghi nhận những đóng góp của người có uy tín trong việc "
        "giữ gìn an ninh trật tự, phát triển kinh tế và bảo tồn bản sắc văn hóa dân tộc.",
        "Các đại biểu bày tỏ sự phấn khởi và hứa tiếp tục vận động bà con chấp hành tốt chủ "
        "trương, chính sách của Đảng và pháp luật của Nhà nước.",
    ],
    "author": "Thu Hà",
}
URL_C = f"{url_b().rsplit('/', 1)[0]}/tham-hoi-tang-qua-127.html"
SEPTEMBER = AUGUST + timedelta(days=30)


@pytest.fixture(scope="module")
def arc(tmp_path_factory: pytest.TempPathFactory, catalog_backend_module: str | None):
    """VP: A (July, edited in August), B (July, gone in September), C (August, undated);
    LS: one article (August)."""
    archive = make_archive(tmp_path_factory.mktemp("export") / "archive")
    edited = dict(ARTICLE_A, paragraphs=ARTICLE_A["paragraphs"][:3])
    runs = [
        archive.crawl(VP, [Page(url_a(), article_html(ARTICLE_A)),
                           Page(url_b(), article_html(ARTICLE_B)),
                           Page(LISTING, listing_html())], JULY),
        archive.crawl(VP, [Page(url_a(), article_html(edited)),
                           Page(URL_C, article_html(ARTICLE_C))], AUGUST),
        archive.crawl(LS, [Page(url_a(LS_HOST), article_html(ARTICLE_B))], AUGUST),
        archive.crawl(VP, [Page(url_b(), NOT_FOUND, status=404)], SEPTEMBER),
    ]
    summary = archive.extract(*runs)
    assert (summary.new, summary.changed, summary.removed, summary.errors) == (4, 1, 1, 0)
    yield archive
    archive.catalog.close()


def export_to(arc: ScratchArchive, tmp_path: Path, fmt: str, **kwargs: Any) -> list[Path]:
    return export(arc.layout, arc.catalog, fmt=fmt, out_dir=tmp_path, **kwargs)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_jsonl_has_current_versions_and_filters(arc: ScratchArchive, tmp_path: Path) -> None:
    (path,) = export_to(arc, tmp_path, "jsonl")
    lines = read_jsonl(path)
    assert_valid(lines)
    assert sorted(x["url"] for x in lines) == sorted([url_a(), url_b(), URL_C, url_a(LS_HOST)])
    assert all(x["is_current"] for x in lines)
    a = next(x for x in lines if x["url"] == url_a())
    assert a["fetched_at"].startswith("2021-08") and ARTICLE_A["paragraphs"][3] not in a["text"]
    b = next(x for x in lines if x["url"] == url_b())
    assert b["removed_at"].startswith("2021-09") and ARTICLE_B["paragraphs"][0] in b["text"]

    (path,) = export_to(arc, tmp_path, "jsonl", site_id=VP, since=date(2021, 8, 1))
    assert path.name == f"documents-{VP}-since-2021-08-01.jsonl"
    assert sorted(x["url"] for x in read_jsonl(path)) == sorted([url_a(), URL_C])
    (same,) = export_to(arc, tmp_path, "jsonl", site_id=VP, fetched_since=date(2021, 8, 1))
    assert same.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")
    # A published 09/07; B and LS 05/07; C undated (left out of a published filter)
    (path,) = export_to(arc, tmp_path, "jsonl", published_since=date(2021, 7, 8))
    assert path.name == "documents-published-since-2021-07-08.jsonl"
    assert [x["url"] for x in read_jsonl(path)] == [url_a()]
    with pytest.raises(ValueError, match="same filter"):
        export_to(arc, tmp_path, "jsonl", since=date(2021, 8, 1), fetched_since=date(2021, 7, 1))
    assert export(arc.layout, arc.catalog, fmt="jsonl")[0].parent == arc.layout.exports_dir
    with pytest.raises(ValueError, match="unknown export format"):
        export_to(arc, tmp_path, "csv")


def test_parquet_reads_back_with_the_same_columns(arc: ScratchArchive, tmp_path: Path) -> None:
    (path,) = export_to(arc, tmp_path, "parquet")
    table = pq.read_table(path)
    assert table.column_names == list(SCHEMA["properties"])
    assert table.num_rows == 4
    assert table.schema.field("captions").type == pa.list_(pa.string())
    assert table.schema.field("document_id").type == pa.int64()
    for name in ("fetched_at", "extracted_at", "removed_at"):
        assert table.schema.field(name).type == pa.timestamp("us", tz="UTC"), name
    for name in ("published", "modified"):
        assert table.schema.field(name).type == pa.timestamp("us", tz="+07:00"), name
    assert table.schema.field("published_date").type == pa.date32()
    rows = {r["url"]: r for r in table.to_pylist()}
    (jsonl,) = export_to(arc, tmp_path, "jsonl")
    lines = {x["url"]: x for x in read_jsonl(jsonl)}
    assert rows.keys() == lines.keys()
    for url, row in rows.items():
        line = lines[url]
        assert row["fetched_at"] == datetime.fromisoformat(line["fetched_at"])
        assert row["fetched_at"].utcoffset() == timedelta(0)
        assert (row["removed_at"] is None) == (line["removed_at"] is None)
        dates = ("published", "published_date", "fetched_at", "extracted_at", "removed_at",
                 "modified")
        assert {k: v for k, v in row.items() if k not in dates} == \
            {k: v for k, v in line.items() if k not in dates}
    a = rows[url_a()]  # the page shows "09/07/2021": a day, no time
    assert a["published"] is None and a["published_date"] == date(2021, 7, 9)
    assert rows[URL_C]["published_date"] is None
    (empty,) = export_to(arc, tmp_path, "parquet", since=date(2030, 1, 1))
    assert pq.read_table(empty).num_rows == 0


def test_wet_conversion_records_refer_to_the_responses(arc: ScratchArchive,
                                                       tmp_path: Path) -> None:
    paths = export_to(arc, tmp_path, "wet")
    assert [p.name for p in paths] == [f"documents-{LS}.warc.wet.gz",
                                       f"documents-{VP}.warc.wet.gz"]
    captures = {c.record_id: c for c in arc.catalog.captures()}
    (jsonl,) = export_to(arc, tmp_path, "jsonl")
    by_record = {x["warc_record_id"]: x for x in read_jsonl(jsonl)}
    seen = []
    for path in paths:
        with path.open("rb") as stream:
            records = [(r.rec_type, r.rec_headers, r.content_stream().read())
                       for r in ArchiveIterator(stream)]
        assert records[0][0] == "warcinfo"
        for rec_type, headers, payload in records[1:]:
            assert rec_type == "conversion"
            assert headers.get_header("Content-Type") == "text/plain"
            assert headers.get_header("WARC-Block-Digest", "").startswith("sha1:")
            refers = headers.get_header("WARC-Refers-To")
            capture, line = captures[refers], by_record[refers]
            assert capture.record_type == "response" and capture.status == 200
            assert headers.get_header("WARC-Target-URI") == capture.url
            assert headers.get_header("WARC-Date") == capture.fetched_at
            assert headers.get_header("WARC-Identified-Content-Language") == "vie"
            assert payload.decode("utf-8") == f"{line['title']}\n\n{line['text']}"
            seen.append(refers)
        check = subprocess.run([*WARCIO_CHECK, path],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    assert sorted(seen) == sorted(by_record)
    (one,) = export_to(arc, tmp_path, "wet", site_id=LS)
    assert one.name == f"documents-{LS}.warc.wet.gz"
    assert not list(arc.layout.warc_root.rglob("*.wet.gz"))


def test_reader_reads_partitions_only(arc: ScratchArchive, tmp_path: Path) -> None:
    copy = tmp_path / "copy" / "documents"
    shutil.copytree(arc.layout.documents_root, copy)  # no catalog, no WARCs
    for path in (arc.layout.root, arc.layout.documents_root, copy, copy.parent):
        reader = open_archive(path)
        assert reader.sites() == [LS, VP]
        docs = list(reader.documents())
        assert sorted(d["url"] for d in docs) == sorted([url_a(), url_b(), URL_C,
                                                         url_a(LS_HOST)])
        assert len(list(reader.documents(all_versions=True))) == 5
    reader = open_archive(copy)
    assert {d["url"] for d in reader.documents(site=LS)} == {url_a(LS_HOST)}
    assert list(reader.documents(site="no-such-site")) == []
    versions = list(reader.documents(site=VP, all_versions=True))
    assert [d["is_current"] for d in versions if d["url"] == url_a()] == [False, True]

    c = next(d for d in reader.documents() if d["url"] == URL_C)
    assert c["published"] is None and c["published_date"] is None
    a = next(d for d in reader.documents() if d["url"] == url_a())
    assert a["published"] == "2021-07-09" and a["published_date"] == "2021-07-09"  # a day
    # fetched: B in July; A's current version, C and LS in August.
    # published: A 09/07, B and LS 05/07, C undated.
    assert {d["url"] for d in reader.documents(since="2021-08-01")} == {
        url_a(), URL_C, url_a(LS_HOST)}
    assert {d["url"] for d in reader.documents(fetched_since=date(2021, 8, 1))} == {
        url_a(), URL_C, url_a(LS_HOST)}
    assert {d["url"] for d in reader.documents(site=VP, since=date(2021, 8, 1))} == {
        url_a(), URL_C}
    assert len(list(reader.documents(since="2021-08-01", all_versions=True))) == 3
    assert {d["url"] for d in reader.documents(published_since="2021-07-08")} == {url_a()}
    assert {d["url"] for d in reader.documents(published_since=date(2021, 7, 5))} == {
        url_a(), url_b(), url_a(LS_HOST)}
    with pytest.raises(ValueError, match="same filter"):
        list(reader.documents(since="2021-08-01", fetched_since="2021-07-01"))
    with pytest.raises(FileNotFoundError):
        open_archive(tmp_path / "missing")


@pytest.mark.parametrize(("shown", "published", "precision"), [
    ("Ngày đăng: 09/07/2021", "2021-07-09T00:00:00+07:00", "day"),
    ("Ngày đăng: 09/07/2021 14:30", "2021-07-09T14:30:00+07:00", "minute"),
    ("Ngày đăng: 09/07/2021 00:00", "2021-07-09T00:00:00+07:00", "minute"),  # a real midnight
])
def test_published_keeps_the_precision_the_page_shows(shown: str, published: str,
                                                      precision: str) -> None:
    from archive.export import published_fields
    from archive.extract import extract_page

    page = article_html(dict(ARTICLE_A, date=shown))
    document = extract_page(page, url_a()).document
    assert (document["published"], document["published_precision"]) == (published, precision)
    line_published, day = published_fields(document["published"], precision)
    assert day == "2021-07-09"
    assert line_published == ("2021-07-09" if precision == "day" else published)


def test_export_cli_filters_by_either_date(arc: ScratchArchive, tmp_path: Path) -> None:
    from bdt.cli import main

    assert main(["export", "--archive", str(arc.layout.root), "--out", str(tmp_path),
                 "--published-since", "2021-07-08"]) == 0
    (path,) = tmp_path.glob("documents-published-since-2021-07-08.jsonl")
    assert [x["url"] for x in read_jsonl(path)] == [url_a()]
    assert main(["export", "--archive", str(arc.layout.root), "--out", str(tmp_path),
                 "--since", "2021-08-01"]) == 0
    (path,) = tmp_path.glob("documents-since-2021-08-01.jsonl")
    assert sorted(x["url"] for x in read_jsonl(path)) == sorted([url_a(), URL_C,
                                                                 url_a(LS_HOST)])
