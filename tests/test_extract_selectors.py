"""Selectors answered from the page index find exactly what their XPath finds.

The index is a speed-up only: for every shipped selector it answers (simple CSS, id/class word
tests), on every fixture page and on hand-made edge cases, the elements must be the ones
libxml2 returns for the compiled XPath.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cssselect import HTMLTranslator
from lxml import etree
from lxml import html as lxml_html
from trafilatura.utils import load_html

from archive.evaluation import Case, iter_cases
from archive.extract.decoding import decode_body
from archive.extract.rules import Selector, TreeIndex, load_rulebook
from archive.extract.selectors import (
    parse_attribute_xpath,
    parse_contains_xpath,
    parse_id_class_xpath,
    parse_simple_css,
    parse_text_xpath,
    split_simple_css,
)

FIXTURES = Path(__file__).parent / "fixtures" / "extract"

BANNER = ("//body//*[contains(concat(' ', normalize-space(translate(concat(@id, ' ', @class), "
          "'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')), ' '), ' header ') or "
          "contains(translate(concat(@id, ' ', @class), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
          "'abcdefghijklmnopqrstuvwxyz'), 'clock')]")

EDGES = """<html><head><title>t</title></head><body>
<div id="HEADER">id in capitals</div>
<div class="x\theader\ny">tab and newline separate words</div>
<div class="x\u00a0header">a no-break space does not separate words</div>
<div class="headers">not the word</div>
<div id="ab" class="header">class word</div>
<div id="top header">an id with a space holds two words</div>
<div class="MyClockWidget">clock inside a word</div>
<div id="clo" class="ck">not across id and class</div>
<div class="HEADİR">non-ASCII capitals are not folded</div>
<p>no attributes <span class="header">nested</span></p>
</body></html>"""


def _shipped_indexed() -> list[Selector]:
    book = load_rulebook()
    seen: dict[str, Selector] = {}
    for rule_file in [*book.common, *book.families.values(), *book.sites.values()]:
        for rule_set in rule_file.rule_sets:
            for selectors in rule_set.selectors.values():
                for sel in selectors:
                    if sel.simple is not None or sel.id_class is not None or \
                            sel.attributes is not None or sel.contains is not None or \
                            sel.text is not None:
                        seen.setdefault(sel.origin, sel)
    return list(seen.values())


def test_the_shipped_banner_and_clock_rules_are_answered_from_the_index() -> None:
    assert sum(sel.id_class is not None for sel in _shipped_indexed()) >= 2


def test_other_xpath_shapes_stay_xpath() -> None:
    assert parse_id_class_xpath("//div[contains(@class, 'header')]") is None
    assert parse_id_class_xpath(BANNER.replace("//body//*", "//*")) is None
    assert parse_id_class_xpath(BANNER.replace(" or ", " and ")) is None
    assert parse_id_class_xpath(BANNER.replace("' header '", "' Header '")) is None


def test_the_shipped_attribute_only_xpaths_are_answered_from_the_index() -> None:
    assert sum(sel.attributes is not None for sel in _shipped_indexed()) >= 5


def test_xpaths_reading_more_than_tag_id_and_class_stay_xpath() -> None:
    for xpath in ('//*[1]', '//*[@id][2]', '//*[string-length(@id)]', '//div[@title="x"]',
                  '//*[.="x"]', '//*[contains(., "x")]', '//*[@id]/..', '//td[p]',
                  '//*[not(ancestor::article)]', '//*[@id and not(ancestor::a) or @class]',
                  '//*[contains(@id, "a") - 1]', '//a[contains(@href, "/author/")]'):
        assert parse_attribute_xpath(xpath) is None, xpath


ATTRIBUTE_EDGES = """<html><head><title>t</title></head><body>
<aside>bare aside</aside>
<aside class="x">aside with a class</aside>
<article><aside>aside in an article</aside><div class="sidebar">sidebar in article</div></article>
<div class=" sidebar  ">padded class</div>
<div class="">empty class</div>
<div id="">empty id</div>
<div id="sidebar">sidebar id</div>
<div id="x_lblTitle">aspnet title</div>
<div id="x_lblTitle" class="y">same id, other class</div>
<span id="x_lblTitle">same id, other tag</span>
<header class="top">banner</header>
<main><header>header in main</header></main>
</body></html>"""


@pytest.mark.parametrize("xpath", [
    '//*[(self::aside or @id="sidebar" or contains(concat(" ", normalize-space(@class), " "),'
    ' " sidebar ")) and not(ancestor::article)]',
    '//*[substring(@id, string-length(@id) - 8) = "_lblTitle"]',
    '//div[substring(@id, string-length(@id) - 8) = "_lblTitle"][not(@class)]',
    '//*[@class = ""] ', '//body//*[@id=""]', '//*[not(@id)]',
    '//header[not(ancestor::article) and not(ancestor::main) and not(contains(@class, "x"))]',
])
def test_attribute_xpaths_match_libxml2(xpath: str) -> None:
    test = parse_attribute_xpath(xpath)
    assert test is not None
    sel = Selector(xpath, "xpath", etree.XPath(xpath), "r", "t:1", attributes=test)
    for _ in range(2):  # the second time from the kept verdicts
        tree = lxml_html.document_fromstring(ATTRIBUTE_EDGES)
        expected = [el for el in sel.xpath(tree) if isinstance(el.tag, str)]
        assert expected
        assert sel.select(tree, TreeIndex(tree)) == expected
    index = TreeIndex(tree)
    expected[-1].drop_tree()
    assert sel.select(tree, index) == [el for el in sel.xpath(tree) if isinstance(el.tag, str)]



def test_attribute_verdicts_of_a_moved_element_are_not_lost() -> None:
    """A page's new signatures are judged in one XPath call; when the element asked for a
    signature has been moved to another document (lxml gives it back as another object), each
    signature is judged on its own, so the signature's elements left in the page are found."""
    xpath = '//*[contains(@class, "moved-widget") or @id="moved-box"]'
    page = ('<html><body><b class="stays">0</b><div class="moved-widget a">1</div>'
            '<p id="moved-box">2</p><div class="moved-widget a">3</div><p id="moved-box">4</p>'
            '<i>5</i></body></html>')
    tree = lxml_html.document_fromstring(page)
    index = TreeIndex(tree)
    other = lxml_html.document_fromstring("<html><body></body></html>")
    first_div, first_p = tree.body[1], tree.body[2]
    other.body.append(first_div)
    other.body.append(first_p)
    test = parse_attribute_xpath(xpath)  # verdicts of its own: none kept yet
    assert test is not None
    sel = Selector(xpath, "xpath", etree.XPath(xpath), "r", "t:1", attributes=test)
    assert [el.text for el in sel.select(tree, index)] == ["3", "4"]
    assert [el.text for el in sel.select(tree, index)] == [el.text for el in sel.xpath(tree)]


def _same_as_xpath(sel: Selector, tree: Any) -> None:
    expected = [el for el in sel.xpath(tree) if isinstance(el.tag, str)]
    assert sel.select(tree, TreeIndex(tree)) == expected, sel.origin


AUTHOR_LINKS = ('//a[contains(@href, "/author/") or contains(@href, \'/tác-giả/\') or '
                'contains(@href, "?by=")]')
LINK_EDGES = """<html><body>
<a href="/author/x">plain</a> <A HREF="/AUTHOR/y">capitals: no</A> <a>no href</a>
<a href="">empty</a> <a href="/a/author/b/c">inside</a> <a href="/author">no slash: no</a>
<div><a href="/t%C3%A1c-gi%E1%BA%A3/z">escaped: no</a><a href="/tác-giả/z">raw</a></div>
<p><a href="/x?by=me">query</a><a href="/x?BY=me">no</a></p>
<abbr href="/author/q">other tag</abbr><span><a href="/author/moved">moved</a></span>
<b><a href="/author/dropped">dropped</a></b>
</body></html>"""


def test_attribute_substring_xpaths_match_libxml2() -> None:
    test = parse_contains_xpath(AUTHOR_LINKS)
    assert test is not None and test.tag == "a" and test.attr == "href"
    sel = Selector(AUTHOR_LINKS, "xpath", etree.XPath(AUTHOR_LINKS), "r", "t:1", contains=test)
    tree = lxml_html.document_fromstring(LINK_EDGES)
    expected = [el.text for el in sel.xpath(tree)]
    assert expected == ["plain", "inside", "raw", "query", "moved", "dropped"]
    assert [el.text for el in sel.select(tree, TreeIndex(tree))] == expected
    index = TreeIndex(tree)
    lxml_html.document_fromstring("<html><body></body></html>").body.append(
        tree.body.find("span"))
    tree.body.find("b").drop_tree()
    assert [el.text for el in sel.select(tree, index)] == ["plain", "inside", "raw", "query"]
    for other in ('//a[contains(@href, "")]', '//a[contains(@href, "x") and contains(@href, "y")]',
                  '//a[contains(@href, "x") or contains(@title, "y")]', '//*[contains(@href, "x")]',
                  '//a[contains(@href, "x")][1]', '//a[contains(., "x")]',
                  '//body//a[contains(@href, "x")]', '//a[starts-with(@href, "x")]'):
        assert parse_contains_xpath(other) is None, other



CLOCK_SCRIPTS = ('//script[contains(., "showDateViet") or contains(., \'new Date()\')]'
                 '/parent::*[not(self::html or self::body) and not(.//h1)]')
SCRIPT_EDGES = """<html><head><script>showDateViet()</script><title>t</title></head><body>
<script>var d = new Date();</script>
<div id="clock1"><script>showDateViet();</script><script>x = new Date()</script></div>
<div id="clock2"><span>Hôm nay</span><script>document.write(new Date())</script></div>
<div id="article"><h1>Headline</h1><script>showDateViet()</script></div>
<div id="other"><script>var x = 1;</script></div>
<p id="empty"><script></script></p>
<div id="late"><script>show</script><script>DateViet()</script></div>
</body></html>"""


def test_script_text_xpaths_match_libxml2() -> None:
    """``//script[contains(., ...)]/parent::*[...]`` (scripts writing the date) is answered
    from the index: the same elements as libxml2, also after a script is dropped."""
    test = parse_text_xpath(CLOCK_SCRIPTS)
    assert test is not None and test.parent and test.texts == ("showDateViet", "new Date()")
    sel = Selector(CLOCK_SCRIPTS, "xpath", etree.XPath(CLOCK_SCRIPTS), "r", "t:1", text=test)
    tree = lxml_html.document_fromstring(SCRIPT_EDGES)
    expected = sel.xpath(tree)
    assert [el.get("id") or el.tag for el in expected] == ["head", "clock1", "clock2"]
    index = TreeIndex(tree)
    assert sel.select(tree, index) == expected
    tree.get_element_by_id("clock2")[1].drop_tree()
    assert sel.select(tree, index) == sel.xpath(tree) == expected[:2]
    bare = '//script[contains(., "new Date()")]'
    plain = Selector(bare, "xpath", etree.XPath(bare), "r", "t:1", text=parse_text_xpath(bare))
    assert plain.select(tree, index) == plain.xpath(tree) and len(plain.xpath(tree)) == 2
    for other in ('//script[contains(@src, "x")]', '//script[contains(., "x") and '
                  'contains(., "y")]', '//script[contains(., "x")]/..', '//script[1]',
                  '//script[contains(., "x")]/parent::div', '//script[contains(text(), "x")]'):
        assert parse_text_xpath(other) is None, other


def test_edge_cases_match_libxml2() -> None:
    test = parse_id_class_xpath(BANNER)
    assert test is not None
    sel = Selector(BANNER, "xpath", etree.XPath(BANNER), "r", "t:1",
                   id_class=test)
    tree = lxml_html.document_fromstring(EDGES)
    expected = [el.text for el in sel.xpath(tree)]
    assert len(expected) >= 5  # the cases above do exercise both sides
    assert [el.text for el in sel.select(tree, TreeIndex(tree))] == expected
    # an element moved out of the page, or dropped, is no longer found
    index = TreeIndex(tree)
    moved = tree.body[0]
    lxml_html.document_fromstring("<html><body><p>x</p></body></html>").body.append(moved)
    tree.body[0].drop_tree()
    assert sel.select(tree, index) == [el for el in sel.xpath(tree) if isinstance(el.tag, str)]


@pytest.mark.parametrize("case", list(iter_cases([FIXTURES])), ids=lambda c: c.name)
def test_index_answers_match_xpath_on_fixture_pages(case: Case) -> None:
    tree = load_html(decode_body(case.body, case.headers).text)
    for sel in _shipped_indexed():
        _same_as_xpath(sel, tree)


@pytest.mark.parametrize("case", list(iter_cases([FIXTURES])), ids=lambda c: c.name)
def test_marker_prefilters_agree_with_the_whole_regex(case: Case) -> None:
    html = decode_body(case.body, case.headers).text
    lowered = html.lower()
    for rule_file in load_rulebook().families.values():
        for marker in rule_file.markers:
            assert marker.found(html, lowered) == (marker.regex.search(html) is not None), \
                marker.regex.pattern


def test_css_groups_split_into_indexed_and_xpath_parts() -> None:
    simple, rest = split_simple_css('.byline, a.x .y, [itemprop="author"], ul > li')
    assert len(simple) == 3 and rest == ("ul > li",)
    simple, rest = split_simple_css('meta[name="dc.date.issued"], [content="a b"], [x~="y"]')
    assert simple == ((("meta", frozenset(), None, (("name", "dc.date.issued"),)),),)
    assert rest == ('[content="a b"]', '[x~="y"]')
    assert split_simple_css('meta[content="a,b"], .x') == ((), ('meta[content="a,b"], .x',))


@pytest.mark.parametrize("css", ['[itemprop="headline"]', 'h1[ITEMPROP="headline"]',
                                 "[itemprop='name']", '[itemprop="author"] [itemprop="name"]',
                                 'meta[name="dc.date.issued"]', 'a[rel="author"].x'])
def test_attribute_compounds_match_libxml2(css: str) -> None:
    page = """<html><head><meta name="dc.date.issued" content="1"><meta name="DC.date.issued">
    </head><body><h1 ITEMPROP="headline">upper-case name</h1><h2 itemprop="Headline">value</h2>
    <div itemprop="author"><span itemprop="name">a</span></div><span itemprop="name">b</span>
    <a rel="author" class="x">c</a><a rel="author nofollow" class="x">d</a><p itemprop="">e</p>
    </body></html>"""
    sel = Selector(css, "css", etree.XPath(HTMLTranslator().css_to_xpath(css)), "r", "t:1",
                   simple=parse_simple_css(css))
    assert sel.simple is not None
    tree = lxml_html.document_fromstring(page)
    expected = sel.xpath(tree)
    assert sel.select(tree, TreeIndex(tree)) == expected
