"""Link-wrapped teaser cards are removed; links that are this page's own text are not."""

from __future__ import annotations

from archive.extract.text import parse_page
from archive.extract.widgets import drop_widgets

PAGE = "https://news.example/a/2024/story.html"


def _texts(html: str, keep_tag: str | None = None) -> tuple[int, str]:
    tree = parse_page(html)
    keep = list(tree.iter(keep_tag)) if keep_tag else []
    removed = drop_widgets(tree, PAGE, keep=keep)
    return removed, " ".join(tree.text_content().split())


def test_card_to_another_page_is_removed_with_its_heading_and_summary() -> None:
    removed, text = _texts(
        "<html><body><p>Own text.</p><ul><li><a href='/a/2024/other.html'><h3>Other</h3>"
        "<p>Summary of the other story.</p></a> after</li></ul></body></html>")
    assert removed == 1
    assert "Summary" not in text and "Other" not in text
    assert "Own text." in text and "after" in text  # the card's tail stays


def test_links_that_are_not_cards_stay() -> None:
    html = ("<html><body>"
            "<a href='#top'><p>Fragment link paragraph.</p></a>"
            "<a href='/img/photo.jpg'><p>Caption in an image link.</p></a>"
            "<a href='https://news.example/a/2024/story.html#c'><h2>This page</h2></a>"
            "<p>A <a href='/elsewhere'>plain inline link</a> in prose.</p>"
            "</body></html>")
    removed, text = _texts(html)
    assert removed == 0
    for part in ("Fragment link paragraph.", "Caption in an image link.", "This page",
                 "plain inline link"):
        assert part in text


def test_link_stretched_over_the_article_or_around_the_headline_stays() -> None:
    paragraphs = "".join(f"<p>Paragraph {i} of the article body.</p>" for i in range(5))
    removed, text = _texts(f"<html><body><div><a href='/x'>{paragraphs}</a></div></body></html>")
    assert removed == 0 and "Paragraph 4" in text
    removed, text = _texts("<html><body><a href='/x'><h1>Headline</h1></a></body></html>",
                           keep_tag="h1")
    assert removed == 0 and "Headline" in text


def test_list_of_links_in_the_body_goes_with_its_heading() -> None:
    tree = parse_page(
        "<html><body><div id='body'><p>Own text of the article.</p>"
        "<h3>More stories</h3><ul><li><a href='/a/1.html'>First other story</a></li>"
        "<li><a href='/a/2.html'>Second other story</a></li></ul>"
        "<p>Files:</p><ul><li><a href='/f/report.pdf'>Report</a></li>"
        "<li><a href='/f/annex.docx'>Annex</a></li></ul>"
        "<ul><li><a href='#part1'>Part one</a></li><li><a href='#part2'>Part two</a></li></ul>"
        "<ul><li><a href='/a/3.html'>Third story</a>, with a comment of ours</li>"
        "<li><a href='/a/4.html'>Fourth story</a></li></ul></div>"
        "<ul class='menu'><li><a href='/news'>News</a></li><li><a href='/sport'>Sport</a></li></ul>"
        "</body></html>")
    body = tree.get_element_by_id("body")
    assert drop_widgets(tree, PAGE, body=body) == 2  # the list and its heading
    text = " ".join(tree.text_content().split())
    assert "other story" not in text and "More stories" not in text
    for kept in ("Own text", "Report", "Part one", "with a comment of ours", "Sport"):
        assert kept in text  # attachments, a table of contents, prose, the menu outside


def test_explain_names_the_removed_card() -> None:
    from archive.extract import extract_page

    prose = " ".join(["The harbour ferry will run later in the evening from next month."] * 6)
    page = (f"<html lang='en'><head><title>Ferry runs later</title></head><body><article>"
            f"<h1>Ferry runs later</h1><p>{prose}</p><p>{prose}</p></article>"
            "<div><a href='/other.html'><h3>Pier lights replaced</h3>"
            f"<p>{'Engineers replaced the lamps along the old pier this week. ' * 5}</p></a></div>"
            "</body></html>").encode()
    result = extract_page(page, PAGE, always_document=True)
    assert "Engineers" not in (result.document or {}).get("text", "")
    assert any(origin == "heuristic:link-wrapped-teaser" and "Pier lights" in text
               for _, origin, text in result.explain)
