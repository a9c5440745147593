"""Charset choice (BOM, HTTP, meta, detection), NFC, and legacy TCVN3/VNI text."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from archive.extract import extract_page
from archive.extract.decoding import decode_body
from archive.extract.legacy import convert, detect_legacy, detect_legacy_html

FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures" / "extract"

VI = "Ban Dân tộc tỉnh tổ chức hội nghị tổng kết công tác dân tộc năm 2021 tại Hà Giang"


def _html(text: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>t</title></head><body><p>{text}</p></body></html>"


def test_http_charset_wins_when_it_decodes() -> None:
    d = decode_body(_html(VI).encode("utf-8"), {"Content-Type": "text/html; charset=UTF-8"})
    assert (d.charset, d.source) == ("utf-8", "http")
    assert VI in d.text


def test_headers_as_list_of_pairs() -> None:
    d = decode_body(_html(VI).encode("utf-8"), [("content-type", "text/html; charset=utf-8")])
    assert d.source == "http"


def test_bom() -> None:
    d = decode_body(codecs.BOM_UTF8 + _html(VI).encode("utf-8"), {"Content-Type": "text/html"})
    assert (d.charset, d.source) == ("utf-8", "bom")
    assert d.text.startswith("<html>")


def test_meta_charset() -> None:
    body = _html(VI, '<meta charset="utf-8">').encode("utf-8")
    assert decode_body(body, None).source == "meta"


def test_windows_1258_decodes_to_nfc() -> None:
    page = open_fixture("table_cp1258_article")
    d = decode_body(page, {"Content-Type": "text/html; charset=windows-1258"})
    assert d.charset == "cp1258"
    assert unicodedata.is_normalized("NFC", d.text)
    assert "Bắc Kạn tổng kết 10 năm" in d.text


def test_wrong_meta_falls_back_to_detection() -> None:
    page = open_fixture("table_cp1258_article").replace(b"windows-1258", b"utf-8")
    d = decode_body(page, {"Content-Type": "text/html"})
    assert d.source == "detected" and d.charset == "cp1258"
    assert "Bắc Kạn" in d.text
    assert any("does not decode" in w for w in d.warnings)


def test_single_byte_header_over_utf8_bytes() -> None:
    d = decode_body(_html(VI).encode("utf-8"), {"Content-Type": "text/html; charset=iso-8859-1"})
    assert (d.charset, d.source) == ("utf-8", "detected")
    assert VI in d.text


def test_nfd_page_becomes_nfc() -> None:
    body = _html(unicodedata.normalize("NFD", VI), '<meta charset="utf-8">').encode("utf-8")
    d = decode_body(body, None)
    assert VI in d.text and unicodedata.is_normalized("NFC", d.text)


def test_tcvn3_and_vni() -> None:
    assert convert("c¬ së d÷ liÖu", "tcvn3") == "cơ sở dữ liệu"
    assert convert("cô sôû döõ lieäu", "vni") == "cơ sở dữ liệu"
    sample = "c¬ së d÷ liÖu vÒ ®ång bµo c¸c d©n téc trªn ®Þa bµn tØnh Hµ Giang"
    assert detect_legacy(sample) == "tcvn3"
    assert detect_legacy(VI) is None
    assert detect_legacy_html(_html(VI)) is None
    vni = "cô sôû döõ lieäu veà ñoàng baøo caùc daân toäc treân ñòa baøn tænh Haø Giang"
    assert detect_legacy(vni) == "vni"
    assert detect_legacy_html(_html(vni)) == "vni"


def test_tcvn3_page_converted_end_to_end() -> None:
    result = extract_page(open_fixture("table_tcvn3_article"), "http://x.gov.vn/a",
                          headers={"Content-Type": "text/html; charset=iso-8859-1"})
    assert result.legacy_encoding == "tcvn3" and result.legacy_converted
    assert "cơ sở dữ liệu" in result.document["text"]


def open_fixture(name: str) -> bytes:

    return (FIXTURES_DIR / name / "page.html").read_bytes()

