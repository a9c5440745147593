"""parse_html: content after any depth of nesting is kept; ordinary pages parse as lxml does."""

from __future__ import annotations

import pytest
from lxml import etree, html

from archive.html import flatten_nesting, parse_html


def _nested(levels: int) -> str:
    return ("<html><body><div id='top'>" + "<div><font>" * levels + "<p>deep text</p>"
            + "</font></div>" * levels + "<p id='after'>after <a href='/x'>x</a></p>"
            "<script>if (a<b) { document.write('<div>') }</script></div></body></html>")


@pytest.mark.parametrize("levels", [130, 1100, 4000])  # 260, 2200, 8000 nested elements
def test_content_after_deep_nesting_is_kept(levels):
    tree = parse_html(_nested(levels))
    assert tree.xpath("string(//p[@id='after'])") == "after x"
    assert tree.xpath("//p[@id='after']/a/@href") == ["/x"]
    assert "deep text" in tree.text_content()
    assert "document.write" in tree.xpath("string(//script)")


def test_plain_lxml_loses_it():
    """The reason for parse_html: libxml2 drops the rest of the page."""
    tree = html.fromstring(_nested(1100))
    assert not tree.xpath("//p[@id='after']")


def test_ordinary_page_is_parsed_as_lxml_does():
    page = ("<html><head><title>T</title></head><body><ul><li>a<li>b</ul><p>one<p>two"
            "<table><tr><td>c</table><!-- note --></body></html>")
    assert etree.tostring(parse_html(page)) == etree.tostring(html.fromstring(page))


def test_flatten_keeps_text_links_and_shallow_tags_only():
    markup = "<div>" * 5 + "<span>t</span><a href='/y'>y</a><br>" + "</div>" * 5
    flat = flatten_nesting(markup, max_depth=2)
    assert flat == "<div><div>t<a href='/y'>y</a><br></div></div>"


@pytest.mark.parametrize("markup", ["", "   ", b""])
def test_empty_markup(markup):
    assert parse_html(markup) is None


def test_flatten_takes_comments_and_scripts_whole():
    markup = ("<div>" * 3 + "<!-- <div><div> --><script>'<div><div>'</script><title>x"
              + "<span>t</span>")  # an unclosed <title> runs to the end
    flat = flatten_nesting(markup, max_depth=2)
    assert flat == ("<div><div><!-- <div><div> --><script>'<div><div>'</script><title>x"
                    "<span>t</span>")
