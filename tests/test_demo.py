"""`bdt demo` end to end: replica sites crawled, documents clean of the seeds' boilerplate."""

from __future__ import annotations

import re
import unicodedata

import archive
from replica.content import site_articles
from replica.sites import SITES
from tests.conftest import run_bdt
from tests.support.archive_checks import assert_warc_file_ok, warc_files

# Lines the naive extractor left in ../shared/seeds: none may survive in a document.
SEED_BOILERPLATE = [
    r"Truy cập nội dung luôn",
    r"Thống kê truy cập",
    r"Đang truy cập",
    r"Tổng truy cập",
    r"Số lượng và lượt người truy cập",
    r"^\W*Online\s+\d",
    r"^\W*Hôm nay\s+[\d.]+$",
    r"^\W*Tổng\s+[\d.]+$",
    r"Xem với cỡ chữ",
    r"A-\s+A\s+A\+",
    r"^Các tin khác$",
    r"Các tin đã đưa ngày",
    r"^Bản đồ hành chính$",
    r"Ghi rõ nguồn",
    r"Bản quyền ©",
    r"^Địa chỉ:",
    r"^Điện thoại:",
    r"^Email:",
    r"^Thứ (hai|ba|tư|năm|sáu|bảy),\s+\d{1,2}/\d{1,2}/\d{4}$",
]


def test_demo_archives_every_site_with_clean_documents(tmp_path):
    result = run_bdt("demo", str(tmp_path / "demo"), timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    assert "finished" in result.stdout and "documents:" in result.stdout
    for path in warc_files(tmp_path / "demo"):
        assert_warc_file_ok(path)

    documents = list(archive.open(tmp_path / "demo").documents())
    sites = {doc["site"] for doc in documents}
    expected_sites = {f"replica-{key}" for key in SITES}
    assert sites == expected_sites
    for key in SITES:
        titles = {doc["title"] for doc in documents if doc["site"] == f"replica-{key}"}
        expected = {unicodedata.normalize("NFC", a.title) for a in site_articles(key)}
        assert titles == expected, f"{key}: documents are exactly the articles"
    patterns = [re.compile(p, re.IGNORECASE | re.MULTILINE) for p in SEED_BOILERPLATE]
    for doc in documents:
        assert doc["title"] and doc["text"], doc["url"]
        assert unicodedata.is_normalized("NFC", doc["text"]), doc["url"]
        leaks = [p.pattern for p in patterns if p.search(doc["text"])]
        assert not leaks, f"{doc['url']}: boilerplate left in text: {leaks}"
