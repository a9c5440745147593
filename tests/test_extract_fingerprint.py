"""CMS fingerprinting, classification and the CLI helper."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import html as lxml_html

from archive.evaluation import iter_cases
from archive.extract import SiteInfo, extract_page, load_rulebook
from archive.extract.classify import PageSignals, _same_text_as_link, is_teaser_line
from archive.extract.cli import extract_file
from archive.extract.decoding import decode_body
from archive.extract.fingerprint import detect_cms, marker_texts
from archive.extract.metadata import clean
from archive.extract.selectors import text_of

FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures" / "extract"

SNIPPETS = {
    "liferay": '<script>Liferay.Portlet.ready()</script><div class="portlet-boundary x">',
    "sharepoint": '<link href="/_layouts/15/core.css"><div id="s4-workspace"></div>',
    "aspnet": '<input name="__VIEWSTATE"><div id="dnn_ctr12_ContentPane"></div>',
    "joomla": '<meta name="generator" content="Joomla! 3"><script src="/media/jui/x.js">',
    "wordpress": '<link href="/wp-content/themes/x/style.css"><script src="/wp-includes/a.js">',
    "3cms": '<script>showDateViet();</script><div id="counter_By_Day"></div>',
    "table": '<table><tr><td bgcolor="#fff"><p class="MsoNormal"><font face="Arial">x</font>',
    "newspaper": '<meta property="og:site_name" content="Báo Lạng Sơn"><p>Tổng biên tập</p>',
    "generic": "<div class='x'><p>hello</p></div>",
}


@pytest.mark.parametrize("family", sorted(SNIPPETS))
def test_detect(family: str) -> None:
    html = f"<html><head></head><body>{SNIPPETS[family]}</body></html>"
    assert detect_cms(html, load_rulebook()) == family


def test_site_pin_wins() -> None:
    html = f"<html><body>{SNIPPETS['wordpress']}</body></html>"
    assert detect_cms(html, load_rulebook(), SiteInfo(id="x", cms="joomla")) == "joomla"


def test_one_pass_finds_every_marker_text_a_substring_search_finds() -> None:
    texts = marker_texts(load_rulebook())
    assert {"liferay-portlet", "portlet-boundary", "class=\"", "</title>"} <= set(texts.texts)
    # texts overlapping each other, or inside another text, are all found; lone surrogates
    # (undecodable input) do not stop the pass
    pages = ['<div class="liferay-portlet-boundary">', "<TITLE>a</title>", "/-/view_content/x",
             "<p>\ud800 TÒA SOẠN \udfff</p>",
             *(SNIPPETS.values()),
             *(decode_body(c.body, c.headers).text for c in iter_cases([FIXTURES_DIR]))]
    for html in pages:
        lowered = html.lower()
        assert texts.present(lowered) == {t for t in texts.texts if t in lowered}
    assert texts.present('<div class="liferay-portlet-boundary">') >= {
        "liferay-portlet", "portlet-boundary", 'class="'}


def test_lower_case_characters_come_from_their_upper_or_title_case_or_the_list() -> None:
    """What ``MarkerTexts.present_in`` assumes of ``str.lower()`` (Unicode data of the running
    Python): a character lowered to another single character is that one's upper or title
    case, or in LOWERED_FROM_ELSEWHERE; the characters lowered otherwise are listed."""
    from archive.extract.fingerprint import LOWERED_FROM_ELSEWHERE, LOWERED_IN_CONTEXT

    elsewhere, not_one = set(), set()
    for code in range(0x110000):
        char = chr(code)
        low = char.lower()
        if len(low) != 1:
            not_one.add(char)
        elif low != char and char not in (low.upper(), low.title()):
            elsewhere.add(char)
    assert elsewhere == set(LOWERED_FROM_ELSEWHERE)
    assert not_one <= set(LOWERED_IN_CONTEXT)
    assert "\u03a3".lower() == "σ" and "Σ\u03a3".lower() == "σς"  # in context: not one mapping


def test_marker_texts_in_a_page_are_those_of_the_lowered_page() -> None:
    """Sought on the page's bytes in every spelling, the texts found are those
    ``html.lower()`` holds, upper-case Vietnamese letters and odd characters included."""
    texts = marker_texts(load_rulebook())
    pages = ["<p>TÒA SOẠN · Tổng Biên Tập · XEM VỚI CỠ CHỮ · Số Lượt Truy Cập</p>",
             "<a href='/DotNetNuke/'>DOTNETNU\u212aE</a> <TITLE>x</TITLE> CLASS=\"item-page",
             "<p>\u0130 changes length: WEBRESOURCE.AXD \u0130 Liferay.</p>",
             "<p>ΣΟΦΊΑ: a capital sigma, Cơ Quan Của</p>", "<p>\ud800 TÒA SOẠN \udfff</p>",
             *(SNIPPETS.values()),
             *(decode_body(c.body, c.headers).text for c in iter_cases([FIXTURES_DIR]))]
    for html in pages:
        assert texts.present_in(html) == texts.present(html.lower()), html[:80]
        if "\ud800" not in html:  # given the page's UTF-8 bytes
            assert texts.present_in(html, html.encode()) == texts.present(html.lower())
    assert {"tòa soạn", "tổng biên tập", "xem với cỡ chữ", "số lượt truy cập"} \
        <= texts.present_in(pages[0])
    assert "dotnetnuke" in texts.present_in(pages[1])


def test_detect_cms_picks_the_family_with_the_most_marker_weight() -> None:
    """Markers needing a regular expression are searched for only while they can change
    the answer: the answer is the best family of all families' full scores."""
    from archive.cms import FAMILIES
    from archive.extract.fingerprint import MIN_SCORE, family_scores

    book = load_rulebook()
    order = {name: i for i, name in enumerate(FAMILIES)}
    pages = [decode_body(c.body, c.headers).text for c in iter_cases([FIXTURES_DIR])]
    pages += [f"<html><body>{a}{b}</body></html>" for a in SNIPPETS.values()
              for b in SNIPPETS.values()]
    pages += ["<title>Tin - Báo Hà Giang điện tử</title><p class='sapo'>Tòa soạn</p>"
              "<a href='?tabid=3'>x</a><div class='portlet-boundary'>", "<p>nothing</p>"]
    for html in pages:
        scores = family_scores(html, book)
        best = max(scores, key=lambda name: (scores[name], -order.get(name, 99))) \
            if scores else None
        expected = best if best is not None and scores[best] >= MIN_SCORE else "generic"
        assert detect_cms(html, book) == expected, html[:80]
        assert detect_cms(html, book, utf8=html.encode()) == expected, html[:80]


def test_a_teaser_holder_that_only_wraps_its_link_has_the_link_text() -> None:
    page = lxml_html.document_fromstring(
        "<ul><li><a href=/1>Một hai ba bốn năm</a></li>"
        "<li>\n  <a href=/2>Sáu  bảy\u00a0tám chín</a>\n</li>"
        "<li>01/02 <a href=/3>Mười một mười hai</a></li>"
        "<li><a href=/4>Mười ba mười bốn</a> (ảnh)</li>"
        "<li><a href=/5>Mười lăm</a><span>mười sáu</span></li>"
        "<li><a href=/6>Mười bảy</a><!-- c --></li>"
        "<li><a href=/7>Hoa\u0300 bình</a></li></ul>")
    seen = set()
    for a in page.iter("a"):
        holder = a.getparent()
        same = _same_text_as_link(holder, a)
        seen.add(same)
        if same:
            assert clean(text_of(holder)) == clean(text_of(a)), a.get("href")
        else:
            assert a.get("href") in ("/3", "/4", "/5", "/6")
    assert seen == {True, False}


def test_a_teaser_line_lies_inside_one_item_not_across_two() -> None:
    signals = PageSignals(0, 0, frozenset(), 0, False, teaser_items=("Tinmột01/02", "Tinhai"))
    assert is_teaser_line("Tin  một", signals) and is_teaser_line("Tin hai", signals)
    assert not is_teaser_line("02 Tin", signals)  # "02Tin" spans the two items
    assert not is_teaser_line("Tin ba", signals)


def test_listing_is_not_an_article() -> None:
    page = (FIXTURES_DIR / "liferay_listing" / "page.html").read_bytes()
    result = extract_page(page, "https://bandantoc.thainguyen.gov.vn/tin-tuc-su-kien")
    assert result.kind == "listing" and result.document is None


def test_site_fields_in_document() -> None:
    page = (FIXTURES_DIR / "seed_001_liferay" / "page.html").read_bytes()
    site = SiteInfo(id="bdt-thainguyen", name="Ban Dân tộc tỉnh Thái Nguyên",
                    province="Thái Nguyên", province_2025="Thái Nguyên")
    doc = extract_page(page, "https://bandantoc.thainguyen.gov.vn/a", site=site).document
    assert doc["site"] == "bdt-thainguyen" and doc["province_2025"] == "Thái Nguyên"
    assert doc["language"] == "vi" and doc["extractor_version"] and doc["rules_version"]
    assert doc["captions"][0] == "Toàn cảnh Hội nghị"


def test_cli_json_is_one_object() -> None:
    path = FIXTURES_DIR / "seed_003_newspaper" / "page.html"
    out = extract_file(path, "https://baolangson.vn/a.html", as_json=True)
    data = json.loads(out)
    for key in ("url", "title", "published", "author", "text", "site", "cms", "language"):
        assert key in data
    assert data["author"] == "HUY ANH" and data["site"] is None
    assert "Bản quyền" not in data["text"]
    dump = extract_file(path, "https://baolangson.vn/a.html", as_json=False, cms="newspaper")
    assert "title:" in dump and "HUY ANH" in dump
