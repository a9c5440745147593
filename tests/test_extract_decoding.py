"""Charset choice (BOM, HTTP, meta, detection), NFC, and legacy TCVN3/VNI text."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

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


# hand-written prose, dense in the Latin-1 letters TCVN3/VNI text is made of
EUROPEAN_PROSE = {
    "de": "Die Brücke über den Fluß wurde im Frühjahr für den Verkehr gesperrt. Künftig müssen "
          "Fußgänger und Radfahrer über die Straße am Südufer ausweichen. Die Bürger äußerten "
          "Ärger über die Verzögerung; die Gemeinde prüft nun, ob die Brücke im Spätsommer "
          "wieder geöffnet werden kann. Übrigens gehören die Grünflächen südlich der Brücke zum"
          " größten Naturschutzgebiet der Gegend.",
    "da": "Både børn og voksne kan få glæde af den nye sø ved åen. Kommunen har købt jorden, og"
          " først på året blev der gravet en lille ø midt i søen. Fuglene bør få ro, så der må "
          "ikke sejles på søen før sommeren. Næste år åbner også en sti langs åen, hvor man kan"
          " gå hele vejen til skoven.",
    "sv": "Älgen står på ängen bakom sjön. Många människor går förbi på söndagar, och några "
          "stannar för att titta på djuret. Även barnen tycker att det är roligt att se älgen "
          "så nära gården, men föräldrarna säger åt dem att hålla sig på vägen och inte gå för "
          "nära.",
    "fr": "L'été dernier, la municipalité a décidé de rénover l'église du village. Les travaux,"
          " confiés à une entreprise régionale, ont été retardés à cause de la météo. Les "
          "habitants espèrent que la fête de Noël pourra s'y dérouler, et le maire a déclaré "
          "qu'il ferait tout pour que ce soit possible.",
}


@pytest.mark.parametrize("lang", sorted(EUROPEAN_PROSE))
def test_european_prose_is_not_legacy(lang: str) -> None:
    text = EUROPEAN_PROSE[lang]
    assert detect_legacy(text) is None
    assert detect_legacy(text * 5) is None
    assert detect_legacy_html(_html(text)) is None
    page = (f'<html lang="{lang}"><head><title>Nachricht</title></head><body><article><h1>Neu</h1>'
            + "".join(f"<p>{text}</p>" for _ in range(3)) + "</article></body></html>")
    result = extract_page(page.encode("utf-8"), "http://example.org/a",
                          headers={"Content-Type": "text/html; charset=utf-8"})
    assert result.legacy_encoding is None and not result.legacy_converted
    assert text[:40] in result.document["text"]


def test_tcvn3_page_converted_end_to_end() -> None:
    result = extract_page(open_fixture("table_tcvn3_article"), "http://x.gov.vn/a",
                          headers={"Content-Type": "text/html; charset=iso-8859-1"})
    assert result.legacy_encoding == "tcvn3" and result.legacy_converted
    assert "cơ sở dữ liệu" in result.document["text"]


def open_fixture(name: str) -> bytes:

    return (FIXTURES_DIR / name / "page.html").read_bytes()



def _composed_after() -> set[int]:
    """Characters that NFC may compose with a character before them (quick check "maybe"):
    the later characters of every canonical decomposition, and Hangul vowels and finals."""
    found = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))
    for code in range(0x110000):
        mapping = unicodedata.decomposition(chr(code))
        if mapping and not mapping.startswith("<"):
            found.update(int(part, 16) for part in mapping.split()[1:])
    return found


def test_nfc_stable_characters_are_left_alone_by_nfc() -> None:
    """Every character of the ranges decoding.py skips has combining class 0, is its own NFC
    and never composes with the character before it (checked against the Unicode data of
    the running Python)."""
    import re

    from archive.extract.decoding import NFC_STABLE

    stable = re.compile(f"[{NFC_STABLE}]")
    later = _composed_after()
    checked = 0
    for code in range(0x10000):
        char = chr(code)
        if 0xD800 <= code < 0xE000 or not stable.match(char):
            continue
        assert unicodedata.combining(char) == 0, hex(code)
        assert unicodedata.normalize("NFC", char) == char, hex(code)
        assert code not in later, hex(code)
        checked += 1
    assert checked > 35000


@pytest.mark.parametrize("text", [
    "Nguye\u0302\u0303n Va\u0306n A\u0301nh " * 3,  # NFD Vietnamese between ASCII
    "\u0301 a mark first, ế\u0301 a mark after a composed letter, last e\u0301",
    "no ASCII: " + "ế\u0323" * 400 + " then a word",  # a run longer than one piece
    "\u1100\u1161\u11a8 Hangul jamo e\u0301 and \u212b, \u2000 singletons \u0344",
    "marks beside other scripts 日本\u3099語 and \U0001f600\u0301 e\u0323\u0302",
    "many marks " + "e\u0301 " * 200,  # more pieces than are normalised one by one
    "no combining mark: \u212b, \u1100\u1161 and \u0958",  # normalised whole
])
def test_pages_with_combining_marks_become_what_nfc_makes_of_them(text: str) -> None:
    d = decode_body(_html(text).encode("utf-8"))
    assert d.text == unicodedata.normalize("NFC", _html(text))


def test_pages_are_examined_for_legacy_text_from_five_legacy_only_characters() -> None:
    from archive.extract.legacy import LEGACY_ONLY, _legacy_only_count

    assert not set(LEGACY_ONLY) & set(VI + VI.upper() + "ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ")
    assert {"¸", "µ", "÷", "ö", "Ñ"} <= set(LEGACY_ONLY) and "©" not in LEGACY_ONLY
    assert _legacy_only_count(VI + " © ® ¸µ") == 2
    assert _legacy_only_count("¸" * 3 + "x" * 100 + "÷ö") == 5
    four_marks = _html("c¬ së " + VI)  # "¬" and "ë": legacy-only, but fewer than five
    assert detect_legacy_html(four_marks + "¸µ") is None


def test_legacy_share_is_counted_on_the_words_only_as_far_as_it_matters() -> None:
    from archive.extract.legacy import _many_legacy_words

    for words in (1, 12, 13, 62, 63, 64, 200, 3000):
        sample = " ".join(["xy"] * words)
        for score in (0, 1, 5, 6, 12):
            assert _many_legacy_words(sample, score) == (score >= 0.08 * max(1, words))
