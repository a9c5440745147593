"""The extractor parses pages as ``trafilatura.utils.load_html`` does, with a faster parser.

``parse_page`` repeats load_html's repairs and checks with lxml's built-in element class
lookup; the trees must be the same, element for element, on every fixture page and on the
inputs load_html treats specially.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from archive.evaluation import iter_cases
from archive.extract.decoding import decode_body
from archive.extract.selectors import text_of
from archive.extract.text import parse_page

FIXTURES = Path(__file__).parent / "fixtures" / "extract"

SPECIAL = [
    '<?xml version="1.0" encoding="utf-8"?><html><body><p>declared encoding</p></body></html>',
    "<!DOCTYPE html>\n<html><body><p>doctype</p></body></html>",
    '<html lang="vi"/>\n<body><p>self-closed html</p></body>',
    "<p>a fragment without html</p>",
    "plain text, not html at all",
    "<html><body><form><input value='x'><select><option>o</option></select></form></body></html>",
    "<html><body><p>control \x01 characters \x0b</p><!-- gone --><?pi gone?></body></html>",
    "\xa0<html><body><p>a no-break space before html</p></body></html>",
    "\u2028<!DOCTYPE html>\n<html><body><p>a line separator first</p></body></html>",
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><html><body><p>one line</p>'
    "</body></html>",
    "<html><body><p>Nguye\u0302\u0303n \U0001f600 \ufffe \ud800</p></body></html>",
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "x.dtd">\n<html><body>'
    "<p>Đồng bào</p></body></html>",  # the doctype line goes, from the bytes too
    "<!DOCTYPE html/ >",
]


def _same_tree(html: str) -> None:
    """parse_page makes load_html's tree of ``html``, given its UTF-8 bytes or not."""
    theirs = load_html(html)
    try:
        given = [None, html.encode("utf-8")]
    except UnicodeEncodeError:  # lone surrogates: no UTF-8 bytes to give
        given = [None]
    for utf8 in given:
        ours = parse_page(html, utf8)
        if theirs is None:
            assert ours is None
            continue
        assert ours is not None
        assert etree.tostring(ours, encoding="unicode") \
            == etree.tostring(theirs, encoding="unicode")
        assert all(isinstance(el, HtmlElement) for el in ours.iter(etree.Element))


@pytest.mark.parametrize("html", SPECIAL)
def test_special_inputs_parse_as_load_html_parses_them(html: str) -> None:
    _same_tree(html)


def test_fixture_pages_parse_as_load_html_parses_them() -> None:
    cases = list(iter_cases([FIXTURES]))
    assert len(cases) >= 40
    for case in cases:
        _same_tree(decode_body(case.body, case.headers).text)


def test_text_of_is_text_content_on_every_element() -> None:
    pages = [decode_body(case.body, case.headers).text for case in iter_cases([FIXTURES])]
    pages.append("<html><body><p>a &amp; b<br>c<b>d</b>e</p>tail<script>x<y</script>"
                 "<div>\u00a0 nbsp \U0001f600 <!-- comment --> after</div></body></html>")
    checked = 0
    for html in pages:
        tree = parse_page(html)
        assert tree is not None
        for el in tree.iter(etree.Element):
            assert text_of(el) == el.text_content()
            checked += 1
    assert checked > 1000


_VISIBLE = etree.XPath("//body//text()[not(parent::script or parent::style)]",
                       smart_strings=False)


def test_visible_text_is_the_body_text_outside_scripts_and_styles() -> None:
    """The language sample read lazily equals the text nodes XPath lists, joined."""
    from archive.extract.core import _visible_text

    pages = [decode_body(case.body, case.headers).text for case in iter_cases([FIXTURES])]
    pages += SPECIAL + [
        "<html><body>lead<script>var x = 'code';</script>after script<style>p{}</style>"
        "<div> a <b>b</b>c<!-- c -->d </div>tail</body></html>",
        "<html><head><title>t</title></head></html>",
    ]
    for html in pages:
        tree = parse_page(html)
        if tree is None:
            continue
        whole = " ".join(t.strip() for t in _VISIBLE(tree) if t.strip())
        for limit in (1, 37, 5000, 10**9):
            assert _visible_text(tree, limit) == whole[:limit]
    tree = parse_page(pages[-2])
    assert _visible_text(tree) == "lead after script a b cd tail"  # "c<!-- c -->d": one node
    # a tree that kept its comments and processing instructions: their tails are text
    kept = lxml_html.fromstring("<html><body>a<!-- c -->b<p>x<?pi y?>z</p>t</body></html>")
    assert _visible_text(kept) == " ".join(_VISIBLE(kept)) == "a b x z t"


def test_trafilatura_reads_our_tree_as_it_reads_the_page() -> None:
    """A foreign page's text comes from the tree already parsed, not from the page again."""
    import trafilatura

    for case in list(iter_cases([FIXTURES]))[:15]:
        html = decode_body(case.body, case.headers).text
        for precise in (True, False):
            assert trafilatura.extract(parse_page(html), url=case.url, favor_precision=precise) \
                == trafilatura.extract(html, url=case.url, favor_precision=precise)


def test_language_read_from_the_first_visible_text_is_that_of_the_whole_sample() -> None:
    """The page language is told from as few text nodes as settle it: always the answer
    ``detect_language`` gives on the whole sample."""
    from archive.extract.core import _visible_parts, _visible_text
    from archive.extract.language import SETTLED, detect_language, language_of_parts

    vi = "Đồng bào dân tộc thiểu số ở Hà Giang được hỗ trợ nhà ở. "
    pages = [decode_body(case.body, case.headers).text for case in iter_cases([FIXTURES])]
    pages += [
        f"<html><body>{'<p>' + vi + '</p>' * 1}{'<p>the news of the day</p>' * 400}</body></html>",
        f"<html><body>{'<p>the news of the day</p>' * 400}<p>{vi * 20}</p></body></html>",
        f"<html><body><p>{'x' * 4990}</p><p>{vi * 5}</p></body></html>",  # past the sample
        f"<html lang='de'><body><p>{'ă' * (SETTLED - 1)}</p>{'<p>wort</p>' * 2000}</body></html>",
        "<html lang='fr'><body><p>peu de texte</p></body></html>",
        "<html><body></body></html>",
    ]
    for html in pages:
        tree = parse_page(html)
        if tree is None:
            continue
        lang = tree.get("lang")
        assert language_of_parts(_visible_parts(tree), lang) \
            == detect_language(_visible_text(tree), lang), html[:80]


def test_repairs_change_the_given_bytes_as_they_change_the_page() -> None:
    from trafilatura.utils import repair_faulty_html

    from archive.extract.text import _repair_markup

    pages = [html for html in SPECIAL if "\ud800" not in html and "\x01" not in html]
    pages += ["<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0//EN' 'x.dtd'><html><p>Đồng</p>",
              "<!doctype html>\n<html><p>ế</p>", "<!doctype html><p>one line, kept</p>"]
    for html in pages:
        repaired, utf8 = _repair_markup(html, html[:50].lower(), html.encode())
        assert repaired == repair_faulty_html(html, html[:50].lower())
        assert utf8 is None or utf8 == repaired.encode()
    assert _repair_markup(pages[-1], "<!doctype", pages[-1].encode())[1] is not None
