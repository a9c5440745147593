"""Teaser cards and link lists are found, and the lines they give are dropped; links that are
this page's own text are no widgets."""

from __future__ import annotations

from pathlib import Path

from archive.extract import extract_page
from archive.extract.text import parse_page
from archive.extract.widgets import drop_widget_lines, find_widgets

PAGE = "https://news.example/a/2024/story.html"


def _kinds(html: str, body_id: str | None = None, keep_tag: str | None = None,
           title: str | None = None) -> list[str]:
    tree = parse_page(html)
    body = tree.get_element_by_id(body_id) if body_id else None
    keep = list(tree.iter(keep_tag)) if keep_tag else []
    return [w.kind for w in find_widgets(tree, PAGE, body=body, keep=keep, title=title)]


def test_card_lines_are_dropped_and_the_rest_kept() -> None:
    tree = parse_page(
        "<html><body><p>Own text of the article, four words or more.</p><ul><li>"
        "<a href='/a/2024/other.html'><h3>Other headline</h3><div>2024-05-02</div>"
        "<p><font>LABEL: </font>Summary of the other story, long enough to be prose.</p></a>"
        "</li></ul></body></html>")
    widgets = find_widgets(tree, PAGE)
    assert [w.kind for w in widgets] == ["teaser card"]
    lines = ["Own text of the article, four words or more.", "Other headline",
             "LABEL: Summary of the other story, long enough to be prose.",
             "Summary of the other story"]
    assert drop_widget_lines(lines, widgets) == lines[:1]


def test_links_that_are_not_cards() -> None:
    html = ("<html><body>"
            "<a href='#top'><p>Fragment link paragraph.</p></a>"
            "<a href='/img/photo.jpg'><p>Caption in an image link.</p></a>"
            "<a href='https://news.example/a/2024/story.html#c'><h2>This page</h2></a>"
            "<a href='/most-read/1'><h3>Ferry runs later</h3><p>The lead of this page.</p></a>"
            "<p>A <a href='/elsewhere'>plain inline link</a> in prose.</p>"
            "</body></html>")
    assert _kinds(html, title="Ferry runs later") == []


def test_link_stretched_over_the_article_or_around_the_headline_is_no_card() -> None:
    paragraphs = "".join(f"<p>Paragraph {i} of the article body.</p>" for i in range(5))
    assert _kinds(f"<html><body><div><a href='/x'>{paragraphs}</a></div></body></html>") == []
    assert _kinds("<html><body><a href='/x'><h1>Headline</h1></a></body></html>",
                  keep_tag="h1") == []


def test_list_of_links_in_the_body_goes_with_its_heading() -> None:
    html = ("<html><body><div id='body'><p>Own text of the article.</p>"
            "<h3>More stories</h3><ul><li><a href='/a/1.html'>First other story</a></li>"
            "<li><a href='/a/2.html'>Second other story</a></li></ul>"
            "<p>Files:</p><ul><li><a href='/f/report.pdf'>Report</a></li>"
            "<li><a href='/f/annex.docx'>Annex</a></li></ul>"
            "<ul><li><a href='#part1'>Part one</a></li><li><a href='#part2'>Part two</a></li></ul>"
            "<ul><li><a href='/a/3.html'>Third story</a>, with a comment of ours</li>"
            "<li><a href='/a/4.html'>Fourth story</a></li></ul></div>"
            "<ul class='menu'><li><a href='/news'>News</a></li><li><a href='/sport'>Sport</a>"
            "</li></ul></body></html>")
    # attachments, a table of contents, items with prose and the menu outside the body stay
    assert _kinds(html, body_id="body") == ["link list's heading", "link list"]


def test_explain_names_the_removed_card_line() -> None:
    case = Path(__file__).parent / "fixtures" / "extract" / "generic_en_teaser_cards"
    url = (case / "url.txt").read_text().strip()
    result = extract_page((case / "page.html").read_bytes(), url, always_document=True)
    assert "BRIGHTER NIGHTS" not in (result.document or {}).get("text", "")
    assert any(origin == "heuristic:link-wrapped-teaser" and "BRIGHTER NIGHTS" in text
               for _, origin, text in result.explain)
