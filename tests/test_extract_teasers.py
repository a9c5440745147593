"""Link-wrapped teaser cards are removed; links that are this page's own text are not."""

from __future__ import annotations

from archive.extract.teasers import drop_teaser_cards
from archive.extract.text import parse_page

PAGE = "https://news.example/a/2024/story.html"


def _texts(html: str, keep_tag: str | None = None) -> tuple[int, str]:
    tree = parse_page(html)
    keep = list(tree.iter(keep_tag)) if keep_tag else []
    removed = drop_teaser_cards(tree, PAGE, keep=keep)
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
