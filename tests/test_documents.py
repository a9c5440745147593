"""Extraction stage: real WARCs, a real catalog and real extraction of Vietnamese pages."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import threading
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from archive.catalog import Catalog
from archive.documents import (
    ExtractionSummary,
    extract_runs,
    reextract,
    text_sha1,
)
from archive.export import SCHEMA_PATH
from archive.layout import ArchiveLayout
from archive.recorder import CaptureRecorder
from archive.registry import Registry, load_registry_text
from archive.warc.exchange import HttpExchange

RULES_DIR = Path(__file__).resolve().parents[1] / "boilerplate_rules"
VP, LS = "kiemthu-vinhphuc", "kiemthu-langson"
VP_HOST, LS_HOST = "https://bandantoc.vinhphuc.gov.vn", "https://bandantoc.langson.gov.vn"
REGISTRY_YAML = f"""
sites:
  - id: {VP}
    name: Ban Dân tộc tỉnh Vĩnh Phúc
    province: Vĩnh Phúc
    start_urls: ["{VP_HOST}/"]
  - id: {LS}
    name: Ban Dân tộc tỉnh Lạng Sơn
    province: Lạng Sơn
    start_urls: ["{LS_HOST}/"]
"""
JULY = datetime(2021, 7, 10, 3, 0, tzinfo=UTC)
AUGUST = datetime(2021, 8, 12, 2, 30, tzinfo=UTC)
SOURCE_LINE = "Nguồn: Cổng thông tin điện tử tỉnh Vĩnh Phúc"

ARTICLE_A = {
    "title": "Triển khai Chương trình mục tiêu quốc gia vùng đồng bào dân tộc thiểu số",
    "date": "09/07/2021",
    "paragraphs": [
        "Ngày 08/7/2021, Ban Dân tộc tỉnh tổ chức hội nghị triển khai Chương trình mục tiêu "
        "quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi giai "
        "đoạn 2021 - 2030.",
        "Tham dự hội nghị có đại diện lãnh đạo các sở, ban, ngành của tỉnh; lãnh đạo Ủy ban "
        "nhân dân các huyện có đông đồng bào dân tộc thiểu số sinh sống cùng các cán bộ làm "
        "công tác dân tộc.",
        "Phát biểu tại hội nghị, đồng chí Trưởng ban đề nghị các địa phương rà soát, xác định "
        "đúng đối tượng thụ hưởng, bảo đảm nguồn lực được phân bổ công khai, minh bạch.",
        SOURCE_LINE,
    ],
    "author": "Nguyễn Việt Cường-CVP-Ban Dân tộc",
}
ARTICLE_B = {
    "title": "Tập huấn nghiệp vụ công tác dân tộc cho cán bộ cơ sở năm 2021",
    "date": "05/07/2021",
    "paragraphs": [
        "Trong hai ngày 05 và 06/7/2021, Ban Dân tộc tỉnh phối hợp với Ủy ban nhân dân huyện "
        "Tam Đảo mở lớp tập huấn nghiệp vụ công tác dân tộc cho cán bộ xã, thôn.",
        "Các học viên được giới thiệu những chính sách mới đối với đồng bào dân tộc thiểu số, "
        "kỹ năng tuyên truyền, vận động và cách thức tổng hợp, báo cáo số liệu.",
        "Kết thúc lớp tập huấn, các học viên đều nắm vững nội dung và cam kết vận dụng vào "
        "công việc thực tế tại địa phương trong thời gian tới.",
    ],
    "author": "Hoàng Minh - Phòng Chính sách",
}


def article_html(article: dict[str, Any], *, counter: int = 27, extra: str = "") -> bytes:
    """A government article page with banner, header clock, related news and a counter."""
    date_line = f'<div class="date">{article["date"]}</div>' if article.get("date") else ""
    body = "\n".join(f"<p>{p}</p>" for p in [*article["paragraphs"], *([extra] if extra else [])])
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{article["title"]} - Ban Dân tộc</title></head><body>
<div id="header"><div class="banner">BAN DÂN TỘC TỈNH</div>
<div class="clock">Thứ bảy, 10/07/2021</div>
<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/tin-tuc">Tin tức - Sự kiện</a>
</li><li><a href="/chinh-sach">Chính sách dân tộc</a></li></ul></div>
<div id="content"><div class="news-detail">
<h1 class="title">{article["title"]}</h1>
{date_line}
<div class="news-content">{body}
<p style="text-align:right"><strong>{article["author"]}</strong></p></div></div>
<div class="other-news"><h3>Các tin khác</h3><ul>
<li><a href="/tin-tuc/hoi-nghi-tong-ket-cong-tac-dan-toc-nam-2020-123.html">Hội nghị tổng kết
công tác dân tộc năm 2020</a></li></ul></div></div>
<div id="footer"><div class="counter">Thống kê truy cập<br>Đang truy cập: {counter}<br>
Tổng truy cập: 3320252</div>
<p>Bản quyền © Ban Dân tộc tỉnh. Địa chỉ: Số 1 đường Nguyễn Trãi.</p></div>
</body></html>""".encode()


def listing_html() -> bytes:
    items = "\n".join(
        f'<li><a href="/tin-tuc/bai-{i}.html">Tin số {i}: hội nghị về công tác dân tộc và '
        f"chính sách vùng cao năm 2021</a><span>0{i % 9 + 1}/07/2021</span></li>"
        for i in range(12))
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Tin tức - Sự kiện</title></head><body><h2>Tin tức - Sự kiện</h2>
<ul class="news-list">{items}</ul><div class="paging"><a href="?page=2">2</a></div>
</body></html>""".encode()


NOT_FOUND = "<html><body><h1>404 - Không tìm thấy trang</h1></body></html>".encode()


@dataclass
class Page:
    url: str
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"


@dataclass
class ScratchArchive:
    """A tmp archive: layout, catalog and registry, plus a way to 'crawl' pages into it."""

    layout: ArchiveLayout
    catalog: Catalog
    registry: Registry

    def crawl(self, site_id: str, pages: list[Page], at: datetime, *,
              close: bool = True) -> str:
        run_id = self.catalog.start_run(site_id)
        recorder = CaptureRecorder(self.layout, self.catalog, site_id, run_id,
                                   warcinfo_fields={"operator": "test"})
        for i, page in enumerate(pages):
            headers = [("Content-Type", page.content_type)] if page.status != 304 else []
            recorder.record(HttpExchange(
                url=page.url, status=page.status, response_headers=headers, body=page.body,
                request_headers=[("User-Agent", "bandantoc-archive/test")],
                fetched_at=at + timedelta(seconds=i)))
        if close:
            recorder.close()
            self.catalog.finish_run(run_id, "finished")
        else:
            self.open_recorders.append(recorder)
        return run_id

    def extract(self, *run_ids: str, **kwargs: Any) -> ExtractionSummary:
        return extract_runs(self.layout, self.catalog, self.registry, run_ids, **kwargs)

    def reextract(self, **kwargs: Any) -> ExtractionSummary:
        return reextract(self.layout, self.catalog, self.registry, **kwargs)

    def rows(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        return [dict(r) for r in self.catalog.db.execute(sql, args)]

    def document(self, url: str) -> dict[str, Any]:
        return self.rows("SELECT d.* FROM documents d JOIN document_urls u"
                         " ON u.document_id = d.id WHERE u.url=?", url)[0]

    def versions(self, url: str) -> list[dict[str, Any]]:
        return self.rows("SELECT v.* FROM document_versions v JOIN document_urls u"
                         " ON u.document_id = v.document_id WHERE u.url=? ORDER BY v.id", url)

    def lines(self) -> list[dict[str, Any]]:
        out = []
        for path in sorted(self.layout.documents_root.rglob("*.jsonl")):
            out += [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
        return out

    open_recorders: list[CaptureRecorder]


def make_archive(root: Path) -> ScratchArchive:
    layout = ArchiveLayout.at(root).ensure()
    return ScratchArchive(layout, Catalog(layout.catalog), load_registry_text(REGISTRY_YAML),
                       [])


@pytest.fixture
def arc(tmp_path: Path, catalog_backend: str | None):
    archive = make_archive(tmp_path / "archive")
    yield archive
    for recorder in archive.open_recorders:
        recorder.close()
    archive.catalog.close()


def url_a(host: str = VP_HOST) -> str:
    return f"{host}/tin-tuc/trien-khai-chuong-trinh-muc-tieu-quoc-gia-125.html"


def url_b(host: str = VP_HOST) -> str:
    return f"{host}/tin-tuc/tap-huan-nghiep-vu-126.html"


LISTING = f"{VP_HOST}/tin-tuc"


# -- a tiny JSON Schema validator (the subset document-v1.json uses) -----------------------

_TYPES = {"string": str, "integer": int, "boolean": bool, "array": list, "object": dict,
          "null": type(None)}


def validate(value: Any, schema: dict[str, Any], root: dict[str, Any] | None = None,
             where: str = "$") -> list[str]:
    """Errors of ``value`` against ``schema`` (type, const, pattern, anyOf, $ref, ...)."""
    root = root or schema
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return validate(value, target, root, where)
    errors: list[str] = []
    if "anyOf" in schema and all(validate(value, s, root, where) for s in schema["anyOf"]):
        errors.append(f"{where}: matches none of anyOf")
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        ok = any(isinstance(value, _TYPES[k]) and not (k == "integer" and isinstance(value, bool))
                 for k in kinds)
        if not ok:
            return [f"{where}: {value!r} is not {kinds}"]
    if "const" in schema and value != schema["const"]:
        errors.append(f"{where}: {value!r} != {schema['const']!r}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{where}: {value!r} does not match {schema['pattern']}")
        if len(value) < schema.get("minLength", 0):
            errors.append(f"{where}: too short")
    if isinstance(value, int) and "minimum" in schema and value < schema["minimum"]:
        errors.append(f"{where}: below minimum")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += validate(item, schema["items"], root, f"{where}[{i}]")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        errors += [f"{where}: missing {k}" for k in schema.get("required", []) if k not in value]
        if schema.get("additionalProperties") is False:
            errors += [f"{where}: unexpected {k}" for k in value if k not in props]
        for key, sub in props.items():
            if key in value:
                errors += validate(value[key], sub, root, f"{where}.{key}")
    return errors


SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def assert_valid(lines: list[dict[str, Any]]) -> None:
    assert lines
    for line in lines:
        assert validate(line, SCHEMA) == [], line


# -- tests ----------------------------------------------------------------------------------

def test_validator_catches_bad_lines() -> None:
    line = {k: None for k in SCHEMA["required"]}
    errors = validate(line, SCHEMA)
    assert any("schema_version" in e for e in errors) and any(".text" in e for e in errors)
    assert validate({**line, "bogus": 1}, SCHEMA)[-1:] != []


def test_articles_become_documents_and_listing_does_not(arc: ScratchArchive) -> None:
    # the writer is still open: records are read from the `.warc.gz.open` file
    run_id = arc.crawl(VP, [Page(url_a(), article_html(ARTICLE_A)),
                            Page(url_b(), article_html(ARTICLE_B)),
                            Page(LISTING, listing_html())], JULY, close=False)
    assert list(arc.layout.warc_dir(VP).glob("*.warc.gz.open"))
    summary = arc.extract(run_id)
    assert (summary.pages, summary.articles, summary.new, summary.errors) == (3, 2, 2, 0)
    assert {r["url"] for r in arc.rows("SELECT url FROM document_urls")} == {url_a(), url_b()}
    assert arc.catalog.run(run_id)["new_documents"] == 2
    assert all(c.extracted_at for c in arc.catalog.captures(run_id=run_id))
    # extraction does not decide what the next crawl fetches: the crawl flags its leaves
    assert not arc.catalog.is_fresh_leaf(url_a(), "2021-01-01")
    assert not arc.catalog.is_fresh_leaf(LISTING, "2021-01-01")

    doc = arc.document(url_a())
    (version,) = arc.versions(url_a())
    assert doc["current_version_id"] == version["id"]
    assert doc["canonical_url"] == url_a() and doc["removed_at"] is None
    data = json.loads(version["data"])
    assert data["title"] == ARTICLE_A["title"]
    assert data["published"].startswith("2021-07-09")
    assert data["author"] == ARTICLE_A["author"]
    assert ARTICLE_A["paragraphs"][1] in data["text"]
    assert "Đang truy cập" not in data["text"] and "Các tin khác" not in data["text"]
    assert version["text_sha1"] == text_sha1(data)
    assert version["fetched_at"] == "2021-07-10T03:00:00.000Z"
    assert version["extractor_version"] and version["rules_version"]
    # nothing is pending any more: a second pass does nothing
    again = arc.extract(run_id)
    assert (again.pages, again.new, len(again.partitions)) == (0, 0, 0)


def test_same_text_no_version_changed_text_one_version(arc: ScratchArchive) -> None:
    first = arc.crawl(VP, [Page(url_a(), article_html(ARTICLE_A, counter=27))], JULY)
    # the visitor counter changed: another payload, the same text
    second = arc.crawl(VP, [Page(url_a(), article_html(ARTICLE_A, counter=31))],
                       JULY + timedelta(days=1))
    edited = dict(ARTICLE_A, paragraphs=[*ARTICLE_A["paragraphs"][:2],
                                         "Hội nghị đã thống nhất kế hoạch thực hiện năm 2022."])
    third = arc.crawl(VP, [Page(url_a(), article_html(edited, counter=40))],
                      JULY + timedelta(days=2))
    assert [c.record_type for c in arc.catalog.captures()] == ["response"] * 3

    summary = arc.extract(first, second)
    assert (summary.new, summary.unchanged, summary.changed) == (1, 1, 0)
    assert len(arc.versions(url_a())) == 1
    assert arc.document(url_a())["last_seen"].startswith("2021-07-11")

    summary = arc.extract(third)
    assert (summary.new, summary.unchanged, summary.changed) == (0, 0, 1)
    versions = arc.versions(url_a())
    assert len(versions) == 2
    assert arc.document(url_a())["current_version_id"] == versions[1]["id"]
    assert "thống nhất kế hoạch" in json.loads(versions[1]["data"])["text"]
    assert arc.catalog.run(third)["changed_documents"] == 1
    assert arc.catalog.run(second)["changed_documents"] == 0
    lines = arc.lines()
    assert [x["is_current"] for x in lines] == [False, True]


def test_revisits_only_move_last_seen(arc: ScratchArchive) -> None:
    page = Page(url_a(), article_html(ARTICLE_A))
    first = arc.crawl(VP, [page], JULY)
    same = arc.crawl(VP, [page], JULY + timedelta(days=3))
    not_modified = arc.crawl(VP, [Page(url_a(), status=304)], JULY + timedelta(days=5))
    assert [(c.record_type, c.status) for c in arc.catalog.captures()] == [
        ("response", 200), ("revisit", 200), ("revisit", 304)]
    summary = arc.extract(first, same, not_modified)
    assert (summary.pages, summary.revisits, summary.new, summary.changed) == (1, 2, 1, 0)
    assert len(arc.versions(url_a())) == 1
    doc = arc.document(url_a())
    assert doc["first_seen"].startswith("2021-07-10") and doc["last_seen"].startswith("2021-07-15")


def test_404_tombstones_once_keeps_content_and_200_restores(arc: ScratchArchive) -> None:
    page = Page(url_a(), article_html(ARTICLE_A))
    arc.extract(arc.crawl(VP, [page, Page(url_b(), article_html(ARTICLE_B))], JULY))
    gone = arc.crawl(VP, [Page(url_a(), NOT_FOUND, status=404)], AUGUST)
    summary = arc.extract(gone)
    assert summary.removed == 1 and summary.pages == 0
    doc = arc.document(url_a())
    assert doc["removed_at"] == "2021-08-12T02:30:00.000Z"
    assert arc.document(url_b())["removed_at"] is None
    assert len(arc.versions(url_a())) == 1  # content kept
    assert arc.catalog.run(gone)["removed_documents"] == 1
    (line,) = [x for x in arc.lines() if x["url"] == url_a()]
    assert line["removed_at"] == doc["removed_at"] and ARTICLE_A["paragraphs"][0] in line["text"]

    again = arc.crawl(VP, [Page(url_a(), NOT_FOUND, status=410)], AUGUST + timedelta(days=1))
    assert arc.extract(again).removed == 0
    assert arc.document(url_a())["removed_at"] == doc["removed_at"]  # the first date stays

    # the page is back, byte for byte: a revisit of the July capture clears the tombstone
    back = arc.crawl(VP, [page], AUGUST + timedelta(days=7))
    assert arc.catalog.captures(run_id=back)[0].record_type == "revisit"
    summary = arc.extract(back)
    assert summary.restored == 1
    assert arc.document(url_a())["removed_at"] is None
    assert all(x["removed_at"] is None for x in arc.lines())
    # reextracting the whole history gives the same state and counts nothing twice
    summary = arc.reextract()
    assert (summary.new, summary.changed, summary.removed) == (0, 0, 0)
    assert arc.document(url_a())["removed_at"] is None
    assert arc.catalog.run(gone)["removed_documents"] == 1


def test_partitions_by_month_are_schema_valid_and_nfc(arc: ScratchArchive) -> None:
    nfd = {k: unicodedata.normalize("NFD", v) if isinstance(v, str) else
           [unicodedata.normalize("NFD", p) for p in v] for k, v in ARTICLE_B.items()}
    july = arc.crawl(VP, [Page(url_a(), article_html(ARTICLE_A)),
                          Page(url_b(), article_html(nfd))], JULY)
    edited = dict(ARTICLE_A, paragraphs=ARTICLE_A["paragraphs"][:3])
    august = arc.crawl(VP, [Page(url_a(), article_html(edited))], AUGUST)
    langson = arc.crawl(LS, [Page(url_a(LS_HOST), article_html(ARTICLE_B))], AUGUST)
    summary = arc.extract(july, august, langson)
    root = arc.layout.documents_root
    assert sorted(p.relative_to(root).as_posix() for p in summary.partitions) == [
        f"site={LS}/month=2021-08.jsonl", f"site={VP}/month=2021-07.jsonl",
        f"site={VP}/month=2021-08.jsonl"]
    assert not list(root.rglob("*.tmp"))
    raw = (root / f"site={VP}" / "month=2021-07.jsonl").read_text(encoding="utf-8")
    assert "Tập huấn" in raw and "\\u" not in raw  # ensure_ascii=False
    assert raw == unicodedata.normalize("NFC", raw)
    lines = arc.lines()
    assert_valid(lines)
    assert len(lines) == 4  # one line per version
    by_doc: dict[int, list[dict[str, Any]]] = {}
    for line in lines:
        by_doc.setdefault(line["document_id"], []).append(line)
    assert sorted(sum(x["is_current"] for x in v) for v in by_doc.values()) == [1, 1, 1]
    vp_a = [x for x in lines if x["url"] == url_a()]
    assert [x["fetched_at"][:7] for x in vp_a] == ["2021-07", "2021-08"]
    assert vp_a[0]["warc_record_id"] == arc.catalog.captures(run_id=july)[0].record_id
    assert vp_a[0]["warc_file"].startswith(f"warc/{VP}/") and vp_a[1]["is_current"]
    assert {x["site"] for x in lines} == {VP, LS}
    assert {x["province_2025"] for x in lines} == {"Phú Thọ", "Lạng Sơn"}


def test_failed_page_is_recorded_and_the_stage_goes_on(arc: ScratchArchive) -> None:
    run_id = arc.crawl(VP, [Page(url_a(), article_html(ARTICLE_A)),
                            Page(url_b(), article_html(ARTICLE_B))], JULY)
    captures = arc.catalog.captures(run_id=run_id)
    broken = captures[0]
    # a catalog row pointing at the wrong record (e.g. after a bad manual repair)
    arc.catalog.db.execute("UPDATE captures SET warc_offset=0 WHERE id=?", (broken.id,))
    summary = arc.extract(run_id)
    assert (summary.pages, summary.errors, summary.new) == (2, 1, 1)
    (error,) = arc.catalog.errors(run_id)
    assert error["url"] == url_a() and "extraction failed" in error["message"]
    assert arc.catalog.capture(broken.id).extracted_at is None  # retried next time
    assert arc.catalog.capture(captures[1].id).extracted_at is not None


def test_reextract_after_rule_change_versions_only_changed_texts(
        arc: ScratchArchive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = [Page(url_a(), article_html(ARTICLE_A)), Page(url_b(), article_html(ARTICLE_B))]
    first = arc.crawl(VP, pages, JULY)
    pages = [Page(url_a(), article_html(ARTICLE_A, counter=99)),
             Page(url_b(), article_html(ARTICLE_B, counter=99))]
    second = arc.crawl(VP, pages, AUGUST)
    arc.extract(first, second)
    old_a, old_b = arc.versions(url_a()), arc.versions(url_b())
    assert len(old_a) == len(old_b) == 1
    assert SOURCE_LINE in json.loads(old_a[0]["data"])["text"]

    # same rules: a reextract adds nothing, in worker processes or in this one
    for workers in (None, 0):
        summary = arc.reextract(workers=workers)
        assert (summary.pages, summary.changed, summary.unchanged) == (4, 0, 4)

    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    (rules / "sites").mkdir(exist_ok=True)
    (rules / "sites" / f"{VP}.yaml").write_text(f"""kind: site
name: {VP}
rule_sets:
  - drop_lines:
      - pattern: '^Nguồn: Cổng thông tin điện tử'
        reason: source credit line, not article text
""", encoding="utf-8")
    monkeypatch.setenv("BDT_RULES_DIR", str(rules))
    counts_before = arc.catalog.run(first)
    # with another thread alive the workers come from a forkserver, not a fork of this process
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        summary = arc.reextract(site_id=VP, since="2021-07-01", until="2021-08-31")
    finally:
        stop.set()
        thread.join()
    assert (summary.pages, summary.changed, summary.unchanged, summary.new) == (4, 1, 3, 0)
    new_a, new_b = arc.versions(url_a()), arc.versions(url_b())
    assert len(new_b) == 1 and len(new_a) == 2
    data = json.loads(new_a[1]["data"])
    assert SOURCE_LINE not in data["text"] and ARTICLE_A["paragraphs"][2] in data["text"]
    assert new_a[1]["rules_version"] != old_a[0]["rules_version"]
    assert new_a[1]["fetched_at"] == old_a[0]["fetched_at"]  # from the July capture
    assert arc.document(url_a())["current_version_id"] == new_a[1]["id"]
    assert arc.catalog.run(first) == counts_before  # rule changes are not crawl findings
    assert_valid(arc.lines())
    # and running it again changes nothing
    assert arc.reextract(site_id=VP).changed == 0


def test_pages_lost_with_a_dead_worker_are_extracted_again(
        arc: ScratchArchive, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """Pages travel to the workers several at a time: when a worker is killed (the OOM
    killer, say), every page of the tasks lost with it is extracted again, each once."""
    import os
    import signal

    from archive import documents

    submit = documents._Workers.submit
    submitted: list[int] = []

    def kill_after_second_task(self: Any, jobs: Any) -> Any:
        handle = submit(self, jobs)
        submitted.append(len(jobs))
        if len(submitted) == 2:
            os.kill(next(iter(self.pool._processes)), signal.SIGKILL)
        return handle

    monkeypatch.setattr(documents._Workers, "submit", kill_after_second_task)
    urls = [f"{VP_HOST}/tin-tuc/bai-{i}.html" for i in range(40)]
    pages = [Page(url, article_html({**ARTICLE_A, "title": f"{ARTICLE_A['title']} số {i}"}))
             for i, url in enumerate(urls)]
    run_id = arc.crawl(VP, pages, JULY)
    summary = arc.extract(run_id, workers=2)
    assert "extraction pool broke" in caplog.text and len(submitted) > 5  # retried one by one
    assert (summary.pages, summary.new, summary.errors) == (40, 40, 0)
    assert all(c.extracted_at for c in arc.catalog.captures(run_id=run_id))
    assert sorted(line["url"] for line in arc.lines()) == sorted(urls)  # one version each


@pytest.mark.parametrize("text", [
    "Đồng bào  dân tộc\tthiểu số\n\n  vùng cao \n",  # runs of spaces, a tab, blank lines
    "Đồng bào\u00a0dân tộc thiểu\u2028số\r\nvùng\u3000cao",  # U+2028 parts words, not lines
    "Đồng bào dân tộc thiểu số\n\x0cvùng cao\x1f",  # control characters that are whitespace
    "Đồng bào dân tộc thiểu số\nvùng cao",  # already in the hashed form
    "Đo\u0302\u0300ng bào dân tộc thiểu số\nvùng cao ",  # decomposed: hashed as NFC
])
def test_text_sha1_collapses_whitespace_per_line(text: str) -> None:
    # written by hand: one space between words, no blank lines, NFC
    expected = "Tiêu đề\nĐồng bào dân tộc thiểu số\nvùng cao"
    got = text_sha1({"title": " Tiêu  đề ", "text": text})
    want = hashlib.sha1(expected.encode("utf-8")).hexdigest()
    assert got == want
