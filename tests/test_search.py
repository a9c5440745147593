"""Search over the clean archive: tone marks optional, `đ` = `d`, filters, snippets, backfill.

Every test that takes `catalog` runs on SQLite (FTS5) and on PostgreSQL (tsvector), with
the same expectations."""

from __future__ import annotations

import unicodedata

import pytest

from archive.catalog import Catalog, SearchFilters
from archive.textfold import fold, fold_with_map
from tests.conftest import run_bdt

ARTICLES = [  # (site, province, province_2025, published, title, text)
    ("site-a", "Bắc Kạn", "Thái Nguyên", "2024-03-05", "Hội nghị tổng kết công tác dân tộc",
     "Sáng nay, Ban Dân tộc tỉnh tổ chức hội nghị tổng kết.\n\nĐồng bào Dao ở huyện Ba Bể "
     "tham dự đông đủ."),
    ("site-a", "Bắc Kạn", "Thái Nguyên", "2025-08-01", "Trao quà cho học sinh nghèo",
     "Đoàn công tác trao 200 suất quà cho học sinh vùng cao."),
    ("site-b", "Đắk Nông", "Lâm Đồng", "2025-02-10", "Đắk Nông triển khai chính sách",
     "Sở Dân tộc và Tôn giáo triển khai chính sách hỗ trợ đồng bào M'nông."),
]


@pytest.fixture
def catalog(tmp_path, catalog_backend):
    with Catalog(catalog_backend or tmp_path / "catalog.sqlite") as catalog:
        run = catalog.start_run("site-a")
        for number, (site, province, p2025, day, title, text) in enumerate(ARTICLES):
            url = f"http://example.test/{site}/{number}"
            capture = catalog.add_capture(
                run_id=run, site_id=site, url=url, record_type="response", status=200,
                content_type="text/html", fetched_at=f"2026-01-0{number + 1}T00:00:00Z",
                warc_file="warc/x.warc.gz", warc_offset=number * 100, warc_length=100,
                record_id=f"<urn:uuid:{number}>", payload_digest=None, payload_length=100)
            with catalog.transaction():
                doc = catalog.add_document(site, url, "2026-01-01T00:00:00Z")
                catalog.add_version(doc, capture, f"sha{number}", "2026-01-01T00:00:00Z",
                                    extractor_version="t", rules_version="t", data={
                                        "title": title, "text": text, "province": province,
                                        "province_2025": p2025, "published_date": day})
        yield catalog


def titles(result) -> list[str]:
    return sorted(hit.title for hit in result.hits)


def test_fold_drops_tone_marks_and_maps_d():
    assert fold("Đồng bào DÂN TỘC Đắk Lắk") == "dong bao dan toc dak lak"
    decomposed = unicodedata.normalize("NFD", "Hội nghị")
    assert fold(decomposed) == "hoi nghi"
    folded, where = fold_with_map("Đắk")
    assert folded == "dak" and list(where) == [0, 1, 2]
    assert fold_with_map("a\u0301b") == ("ab", [0, 2])  # a lone combining mark folds away


@pytest.mark.parametrize("query", ["dân tộc", "dan toc", "DAN TỘC", "dân toc"])
def test_query_with_or_without_tone_marks(catalog, query):
    result = catalog.search(query)
    assert titles(result) == ["Hội nghị tổng kết công tác dân tộc",
                              "Đắk Nông triển khai chính sách"]


def test_d_matches_stroke_d(catalog):
    assert titles(catalog.search("dong bao")) == ["Hội nghị tổng kết công tác dân tộc",
                                                  "Đắk Nông triển khai chính sách"]
    assert titles(catalog.search("đoàn")) == ["Trao quà cho học sinh nghèo"]
    assert titles(catalog.search("doan")) == ["Trao quà cho học sinh nghèo"]


def test_phrase_and_every_word(catalog):
    assert titles(catalog.search('"hoc sinh ngheo"')) == ["Trao quà cho học sinh nghèo"]
    assert catalog.search('"sinh hoc"').total == 0
    assert titles(catalog.search("dong bao dao")) == ["Hội nghị tổng kết công tác dân tộc"]


def test_words_are_letters_and_digits_whatever_is_between_them(catalog):
    assert titles(catalog.search('"dan_toc"')) == titles(catalog.search('"dân tộc"'))
    assert titles(catalog.search("M'nông")) == ["Đắk Nông triển khai chính sách"]
    assert titles(catalog.search('"200 suat"')) == ["Trao quà cho học sinh nghèo"]
    assert catalog.search("___").total == 0


def test_a_phrase_does_not_span_title_and_text(catalog):
    # "... công tác dân tộc" + "Sáng nay, ...": "toc sang" only across the two
    assert catalog.search('"dan toc sang nay"').total == 0
    assert catalog.search('"sang nay"').total == 1


def test_a_match_in_the_title_ranks_first(catalog):
    result = catalog.search("dan toc")  # in one title and text, in the other's text only
    assert [hit.title for hit in result.hits] == ["Hội nghị tổng kết công tác dân tộc",
                                                  "Đắk Nông triển khai chính sách"]
    assert result.order == "relevance"


def test_past_the_rank_limit_the_newest_come_first(catalog, monkeypatch):
    from archive.catalog import search

    monkeypatch.setattr(search, "RANK_LIMIT", 1)
    monkeypatch.setattr(search, "RANK_LIMIT_POSTGRES", 1)
    result = catalog.search("dan toc")
    assert result.order == "recently archived" and result.total == 2
    assert [hit.title for hit in result.hits] == ["Đắk Nông triển khai chính sách",
                                                  "Hội nghị tổng kết công tác dân tộc"]


def test_pages_past_the_last_are_empty(catalog):
    assert [len(catalog.search("dan toc", limit=1, offset=n).hits) for n in range(4)] == [
        1, 1, 0, 0]
    assert catalog.search("dan toc", limit=1, offset=5).total == 2


def test_filters(catalog):
    assert titles(catalog.search("dan toc", SearchFilters(site_id="site-b"))) == [
        "Đắk Nông triển khai chính sách"]
    assert titles(catalog.search("dan toc", SearchFilters(province="Bắc Kạn"))) == [
        "Hội nghị tổng kết công tác dân tộc"]
    assert titles(catalog.search("dan toc", SearchFilters(province_2025="Lâm Đồng"))) == [
        "Đắk Nông triển khai chính sách"]
    assert titles(catalog.search("dan toc", SearchFilters(published_from="2025-01-01",
                                                          published_to="2025-12-31"))) == [
        "Đắk Nông triển khai chính sách"]


def test_snippet_highlights_the_original_words(catalog):
    [hit] = catalog.search("dong bao dao").hits
    marked = [text for text, match in hit.snippet if match]
    assert marked == ["Đồng bào Dao", "đông"]  # every word, tone marks or not
    [hit] = catalog.search('"dong bao"', SearchFilters(site_id="site-a")).hits
    assert [text for text, match in hit.snippet if match] == ["Đồng bào"]
    assert "".join(text for text, _ in hit.snippet).startswith("Sáng nay")


def test_no_sql_from_the_query(catalog):
    for query in ['" OR 1=1 --', "dân'; DROP TABLE documents; --", "NEAR(a b)", "*"]:
        catalog.search(query)  # no error, nothing dropped
    assert catalog.search("dan toc").total == 2


def test_refresh_indexes_documents_extracted_before_the_index(catalog):
    catalog.db.execute("DELETE FROM search_docs")
    catalog.db.execute("DELETE FROM search_text")
    assert catalog.search("dan toc").total == 0
    assert catalog.refresh_search() == 3
    assert catalog.search("dan toc").total == 2
    assert catalog.refresh_search() == 0


def test_new_version_replaces_the_indexed_text(catalog):
    doc = catalog.document_by_canonical("http://example.test/site-a/1")
    capture = catalog.captures(url="http://example.test/site-a/1")[0]
    with catalog.transaction():
        catalog.add_version(doc["id"], capture.id, "new", "2026-02-01T00:00:00Z",
                            extractor_version="t", rules_version="t",
                            data={"title": "Trao quà", "text": "Nội dung đã sửa: áo ấm."})
    assert catalog.search("ao am").total == 1
    assert catalog.search("hoc sinh vung cao").total == 0


def test_versions_in_one_transaction_index_the_last_and_a_rollback_none(catalog):
    """The extraction stage writes many versions per transaction (full-text rows of SQLite
    are written at its end): a search inside it already sees them, the last version of a
    document is what is indexed, and a rolled-back transaction leaves no trace."""
    doc = catalog.document_by_canonical("http://example.test/site-a/1")
    capture = catalog.captures(url="http://example.test/site-a/1")[0]
    with catalog.transaction():
        for day, text in (("02", "Lớp học tình thương ở bản Pác Nặm."),
                          ("03", "Nội dung đã sửa: áo ấm cho trẻ em.")):
            catalog.add_version(doc["id"], capture.id, f"v{day}", f"2026-02-{day}T00:00:00Z",
                                extractor_version="t", rules_version="t",
                                data={"title": "Trao quà", "text": text})
            assert catalog.search("trao qua").total == 1
        assert catalog.search("ao am tre em").total == 1
    assert catalog.search("ao am tre em").total == 1
    assert catalog.search("pac nam").total == 0  # the version before the last
    assert catalog.search("hoc sinh vung cao").total == 0  # the one before the transaction
    with pytest.raises(RuntimeError), catalog.transaction():
        catalog.add_version(doc["id"], capture.id, "v04", "2026-02-04T00:00:00Z",
                            extractor_version="t", rules_version="t",
                            data={"title": "Trao quà", "text": "Bản nháp bị bỏ: khăn len."})
        raise RuntimeError("the extraction stage was stopped")
    assert catalog.search("khan len").total == 0
    assert catalog.search("ao am tre em").total == 1
    if not catalog.shared:  # FTS5's own consistency check of the index against its rows
        catalog.db.execute("INSERT INTO search_text(search_text) VALUES('integrity-check')")


def test_bdt_search_cli(catalog, tmp_path):
    root = tmp_path
    done = run_bdt("search", "dong bao", "--archive", str(root), "--json", check=True)
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 2 and "[Đồng bào]" in done.stdout
    bad = run_bdt("search", "dan toc", "--archive", str(root), "--since", "2025-13-01")
    assert bad.returncode == 2 and bad.stderr.strip().startswith("bdt: --since")


@pytest.mark.fresh_catalog
def test_a_catalog_indexed_before_migration_6_is_reindexed(tmp_path, catalog_backend,
                                                           monkeypatch):
    """A catalog at schema 5 (search_docs filled, no full-text table) gains the index on
    migration, and the next refresh fills it."""
    from archive.catalog import database
    from archive.catalog.schema import MIGRATIONS

    target = catalog_backend or tmp_path / "catalog.sqlite"
    monkeypatch.setattr(database, "MIGRATIONS", MIGRATIONS[:5])
    with Catalog(target) as old:
        assert old.schema_version == 5
        run = old.start_run("site-a")
        capture = old.add_capture(
            run_id=run, site_id="site-a", url="http://example.test/a", record_type="response",
            status=200, content_type="text/html", fetched_at="2026-01-01T00:00:00Z",
            warc_file="warc/x.warc.gz", warc_offset=0, warc_length=100,
            record_id="<urn:uuid:a>", payload_digest=None, payload_length=100)
        document = old.add_document("site-a", "http://example.test/a", "2026-01-01T00:00:00Z")
        old.db.execute(  # what extraction wrote then: a version and its search_docs row
            "INSERT INTO document_versions (document_id, capture_id, text_sha1, fetched_at,"
            " extracted_at, extractor_version, rules_version, data) VALUES (?,?,?,?,?,?,?,?)",
            (document, capture, "s", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "t", "t",
             '{"title": "Đồng bào Mông", "text": "Hội nghị ở Hà Giang."}'))
        old.db.execute("UPDATE documents SET current_version_id=(SELECT max(id) FROM"
                       " document_versions) WHERE id=?", (document,))
        old.db.execute("INSERT INTO search_docs (document_id, version_id, site_id, title)"
                       " SELECT id, current_version_id, site_id, 'Đồng bào Mông' FROM documents")
    monkeypatch.undo()
    with Catalog(target) as catalog:
        assert catalog.schema_version == len(MIGRATIONS) == 6
        assert catalog.search("ha giang").total == 0
        assert catalog.refresh_search() == 1
        assert [hit.title for hit in catalog.search("ha giang").hits] == ["Đồng bào Mông"]
        assert catalog.search('"dong bao mong"').total == 1
