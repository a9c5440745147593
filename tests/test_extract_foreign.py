"""Pages not in Vietnamese (trafilatura in precision mode): a body split over several
containers of one kind, and the standfirst in the article's header.

The pages are written here; each test says what a reader sees as the article's text.
"""

from __future__ import annotations

from archive.extract import extract_page
from archive.extract.model import Extraction
from archive.extract.splitbody import joined_split_body, split_chunks
from archive.extract.text import parse_page

URL = "https://news.example/2024/03/05/story"
SENTENCES = [
    "The river rose by almost two metres during the night and flooded the lower part of town.",
    "Firefighters spent the morning pumping water out of cellars along the old market street.",
    "The mayor said the new dyke had held, but that the older walls would need to be repaired.",
    "Residents who had to leave their homes were given rooms in the school and the sports hall.",
    "The weather service expects the level to fall slowly over the next three or four days.",
    "Insurance companies have sent assessors, and the first claims should be paid next month.",
    "Farmers upstream reported damage to winter crops on fields close to the river banks.",
    "A meeting on how to pay for the repairs will be held in the town hall on Thursday evening.",
]


def para(sentence: str) -> str:
    """A paragraph of the test article (long enough that precision mode needs no retry)."""
    return " ".join([sentence] * 4)


def paragraphs(first: int, last: int) -> str:
    return "".join(f"<p>{para(s)}</p>" for s in SENTENCES[first:last])


def page(article: str, *, after: str = "") -> bytes:
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<title>River floods the lower town | Town News</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/local'>Local</a></nav>"
            f"<main>{article}</main>{after}<footer><p>© Town News</p></footer>"
            "</body></html>").encode()


def text_lines(html: bytes) -> list[str]:
    doc = extract_page(html, URL, always_document=True).document or {}
    return [line for line in (doc.get("text") or "").split("\n\n") if line]


# --- split body ---------------------------------------------------------------------------

def split_article(chunk_class: str = "article__content") -> str:
    rows = [paragraphs(0, 5), paragraphs(5, 7), paragraphs(7, 8)]
    return ("<article><h1>River floods the lower town</h1>" + "".join(
        f"<div class='row'><div class='{chunk_class}'>{row}</div>"
        "<aside class='rail'><span>Advertisement</span></aside></div>" for row in rows)
        + "</article>")


def test_a_body_split_by_advertisements_is_read_whole_in_order() -> None:
    lines = text_lines(page(split_article()))
    assert lines == [para(s) for s in SENTENCES]
    explain = extract_page(page(split_article()), URL, always_document=True).explain
    assert [what for what, origin, _ in explain if origin == "heuristic:split-body"] == [
        "article body split over 3 <div.article__content>, joined"]


def test_the_chunks_are_joined_only_when_the_text_lacks_the_later_ones() -> None:
    tree = parse_page(page(split_article()).decode())
    assert len(split_chunks(tree)) == 3
    whole = [para(s) for s in SENTENCES]
    assert joined_split_body(tree, whole) is None
    assert joined_split_body(tree, whole[:5]) is not None


def test_comments_in_containers_of_one_kind_are_not_joined() -> None:
    """A long row of comments holds most of the page's prose, but the text holds none of
    them: the article is elsewhere, nothing is joined."""
    comments = "".join(f"<div class='comment'><div class='comment-body'><p>{s} I agree with "
                       f"this, {s.lower()}</p></div></div>" for s in SENTENCES)
    html = page(f"<article><h1>River floods the lower town</h1><div class='story__content'>"
                f"{paragraphs(0, 2)}</div></article><section class='comments'>{comments}"
                "</section>")
    tree = parse_page(html.decode())
    assert len(split_chunks(tree)) == len(SENTENCES)
    assert joined_split_body(tree, [para(s) for s in SENTENCES[:2]]) is None
    lines = text_lines(html)
    assert not [line for line in lines if "I agree" in line]


def test_teaser_summaries_inside_their_links_are_not_chunks() -> None:
    cards = "".join(f"<div class='card'><a href='/s/{i}'><div class='card__text'><p>{s}</p>"
                    "</div></a></div>" for i, s in enumerate(SENTENCES))
    tree = parse_page(page(f"<article><h1>Title</h1>{cards}</article>").decode())
    assert split_chunks(tree) == []


def test_nested_containers_of_one_kind_are_one_body() -> None:
    inner = f"<div class='text'><div class='text'>{paragraphs(0, 3)}</div>{paragraphs(3, 6)}</div>"
    tree = parse_page(page(f"<article><h1>Title</h1>{inner}</article>").decode())
    assert split_chunks(tree) == []


# --- standfirst ---------------------------------------------------------------------------

STANDFIRST = ("Hundreds of households spent the night away from home after the worst flood "
              "in twenty years")


def header_article(header_extra: str, *, body: str | None = None) -> str:
    return ("<article><header class='story-header'><h1>River floods the lower town</h1>"
            f"{header_extra}</header><div class='story-body'>"
            f"{body if body is not None else paragraphs(0, 6)}</div></article>")


def test_the_standfirst_in_the_article_header_opens_the_text() -> None:
    html = page(header_article(f"<p class='dek'>{STANDFIRST}</p>"))
    lines = text_lines(html)
    assert lines[0] == STANDFIRST
    assert lines[1:] == [para(s) for s in SENTENCES[:6]]
    result = extract_page(html, URL, always_document=True)
    assert (result.document or {})["lead"] == STANDFIRST
    assert (result.document or {})["provenance"]["lead"] == "heuristic:standfirst-in-article-header"


def test_a_standfirst_the_body_repeats_is_not_doubled() -> None:
    body = f"<p>{STANDFIRST}.</p>" + paragraphs(0, 6)
    lines = text_lines(page(header_article(f"<p class='dek'>{STANDFIRST}.</p>", body=body)))
    assert lines.count(f"{STANDFIRST}.") == 1


def test_captions_bylines_and_meta_lines_in_the_header_are_not_the_standfirst() -> None:
    extra = ("<figure><img src='/f.jpg'><figcaption>Water in the market street on Tuesday "
             "morning, seen from the roof of the town hall</figcaption></figure>"
             "<div class='byline-box'><p>Reporting by the local desk with agencies, photos by "
             "the readers who sent them in overnight</p></div>"
             "<p>05.03.2024, 08:15 - updated after the mayor's press conference at noon today</p>")
    lines = text_lines(page(header_article(extra)))
    assert lines == [para(s) for s in SENTENCES[:6]]


def test_a_promotion_right_after_the_headline_is_not_the_standfirst() -> None:
    html = page("<article><h1>River floods the lower town</h1>"
                f"<div class='promo'>{STANDFIRST}</div>"
                f"<div class='story-body'>{paragraphs(0, 6)}</div></article>")
    assert STANDFIRST not in text_lines(html)


def plain_article(between: str, *, body: str | None = None) -> bytes:
    """An article without a <header>: the headline, ``between``, the body."""
    return page("<div class='story'><h1>River floods the lower town</h1>"
                f"{between}<div class='story-body'>"
                f"{body if body is not None else paragraphs(0, 6)}</div></div>")


def test_the_standfirst_right_after_the_headline_opens_the_text() -> None:
    html = plain_article(f"<div class='article-lead'>{STANDFIRST}</div>"
                         "<div class='story-byline'>By Anna Berg</div>"
                         "<figure><img src='/f.jpg'><figcaption>Water in the market street on "
                         "Tuesday morning, seen from the town hall</figcaption></figure>")
    assert text_lines(html) == [STANDFIRST] + [para(s) for s in SENTENCES[:6]]
    document = extract_page(html, URL, always_document=True).document or {}
    assert document["lead"] == STANDFIRST
    assert document["provenance"]["lead"] == "heuristic:standfirst-after-headline"


def not_taken(between: str, *, body: str | None = None) -> list[str]:
    """The text of :func:`plain_article`, checking the standfirst heuristic did not fire."""
    html = plain_article(between, body=body)
    document = extract_page(html, URL, always_document=True).document or {}
    assert document["provenance"]["lead"] != "heuristic:standfirst-after-headline", between
    return [line for line in document["text"].split("\n\n") if line]


def test_a_caption_or_byline_between_headline_and_body_is_not_the_standfirst() -> None:
    caption = ("<div class='image-caption'>Water in the market street on Tuesday morning, seen "
               "from the roof of the town hall by our photographer</div>")
    byline = ("<div>By Anna Berg and Tom Lind, who reported from the lower town through the "
              "night with the fire brigade</div>")
    for between in (caption, byline):
        assert not_taken(between) == [para(s) for s in SENTENCES[:6]], between


def test_blocks_that_are_no_standfirst_outside_a_header_are_not_taken() -> None:
    """A teaser card, a line of links, one of two blocks before the body, an overlong block."""
    card = (f"<div class='card'><img src='/dyke.jpg'><div>{STANDFIRST}</div>"
            "<a href='/other'>Read more</a></div>")
    links = ("<div><a href='/a'>Hundreds of households spent the night away</a> and "
             "<a href='/b'>the worst flood in twenty years in the lower town</a></div>")
    two = f"<div>{STANDFIRST}</div><div>{para(SENTENCES[7])}</div>"
    long = f"<div>{' '.join([STANDFIRST + '.'] * 8)}</div>"
    for between in (card, links, two, long):
        lines = not_taken(between)
        assert lines == [para(s) for s in SENTENCES[:6]], between


def test_a_summary_after_the_body_starts_is_not_the_standfirst() -> None:
    body = paragraphs(0, 1) + f"<div class='summary'>{STANDFIRST}</div>" + paragraphs(1, 6)
    assert not_taken("", body=body)[0] == para(SENTENCES[0])


def lead_choices(result: Extraction) -> list[str]:
    return [origin for what, origin, _ in result.explain if what == "chose lead"]


def test_the_vietnamese_lead_finder_is_not_explained_on_foreign_pages() -> None:
    """The lead rules and heuristics of Vietnamese sites do not decide a foreign page's lead:
    the explanation names only what set it, as the provenance does."""
    html = page("<article><h1>River floods the lower town</h1>"
                f"<div class='summary'>{STANDFIRST}</div>"
                f"<div class='story-body'>{paragraphs(0, 6)}</div></article>")
    result = extract_page(html, URL, always_document=True)
    document = result.document or {}
    assert document["lead"] == STANDFIRST  # the summary right after the headline (issue 8)
    assert lead_choices(result) == ["heuristic:standfirst-after-headline"]
    assert document["provenance"]["lead"] == "heuristic:standfirst-after-headline"
    html = page("<article><h1>River floods the lower town</h1>"
                f"<div class='story-body'>{paragraphs(0, 6)}</div></article>")
    result = extract_page(html, URL, always_document=True)
    document = result.document or {}
    assert document["lead"] == para(SENTENCES[0])
    assert lead_choices(result) == ["heuristic:first-paragraph"]
    assert document["provenance"]["lead"] == "heuristic:first-paragraph"


def test_a_standfirst_in_the_header_is_the_one_lead_choice() -> None:
    html = page(header_article(f"<p class='summary'>{STANDFIRST}</p>"))
    result = extract_page(html, URL, always_document=True)
    document = result.document or {}
    assert document["lead"] == STANDFIRST
    assert lead_choices(result) == ["heuristic:standfirst-in-article-header"]
    assert document["provenance"]["lead"] == "heuristic:standfirst-in-article-header"


# --- a short text ---------------------------------------------------------------------------

def test_a_short_article_of_loose_text_between_empty_divs_is_read_whole() -> None:
    """A breaking-news item: loose text parted by an empty ``<div>``, which a browser shows
    as two paragraphs (the second runs two sentences together as the page does).
    trafilatura's own extractor keeps the first one only; its comparison with readability,
    skipped in fast mode, is what keeps the rest of a short text."""
    rest = ("Residents who had to leave their homes were given rooms in the school and in the "
            "sports hall, and the town council has promised that the first repairs will start "
            "next week.")
    html = page(f"<h1>River floods the lower town</h1><div class='story'>"
                f"<div class='story-body'>{SENTENCES[0]}<div class='fake-br'></div>"
                f"{SENTENCES[1]}{rest}<br><div class='fake-br'></div></div></div>")
    assert text_lines(html) == [SENTENCES[0], SENTENCES[1] + rest]
