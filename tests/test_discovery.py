"""Link discovery: anchors, frames, embeds, script-driven file links, feeds, sitemaps."""

from __future__ import annotations

import pytest

from archive.discovery import feed_links, html_links, sitemap_links, xml_kind
from replica.util import encode_cp1258

PAGE = b"""<html><head><base href="http://h/base/">
<link rel="alternate" type="application/rss+xml" href="/feed.rss"></head><body>
<a href="a.html">A</a> <a href="mailto:x@y.vn">m</a> <a href="tel:0208">t</a>
<a href="javascript:void(0)">j</a> <a href="#top">top</a>
<a href="/login?returnurl=/x" rel="nofollow">login</a>
<a href="javascript:OpenFile('/Upload/van-ban.pdf')">file</a>
<span onclick="window.open('files/bieu-mau.docx')">form</span>
<iframe src="/frame.html"></iframe><embed src="/x/b.pdf">
</body></html>"""


def test_html_links():
    links = {(link.url, link.kind) for link in html_links(PAGE, "http://h/p/")}
    assert links == {
        ("http://h/base/a.html", "page"), ("http://h/frame.html", "page"),
        ("http://h/x/b.pdf", "page"), ("http://h/Upload/van-ban.pdf", "page"),
        ("http://h/base/files/bieu-mau.docx", "page"), ("http://h/feed.rss", "feed"),
    }


def test_sitemaps_and_feeds():
    index = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>http://h/s1.xml</loc></sitemap></sitemapindex>"""
    urlset = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>http://h/a</loc></url><url><loc> http://h/b </loc></url></urlset>"""
    rss = b"""<rss version="2.0"><channel><link>http://h/</link>
    <item><link>http://h/tin/1</link></item></channel></rss>"""
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry>
    <link rel="alternate" href="http://h/tin/2"/><link rel="edit" href="http://h/e"/></entry></feed>"""
    assert xml_kind(index) == "sitemap" and xml_kind(rss) == "feed" and xml_kind(atom) == "feed"
    assert [(x.url, x.kind) for x in sitemap_links(index, "http://h/")] == [
        ("http://h/s1.xml", "sitemap")]
    assert [x.url for x in sitemap_links(urlset, "http://h/")] == ["http://h/a", "http://h/b"]
    assert "http://h/tin/1" in [x.url for x in feed_links(rss, "http://h/")]
    assert [x.url for x in feed_links(atom, "http://h/")] == ["http://h/tin/2"]


def _deep_page(levels: int) -> bytes:
    return ("<html><body>" + "<div><span>" * levels + '<a href="/in.html">in</a>'
            + "</span></div>" * levels + '<p><a href="/after.html">after</a></p>'
            "</body></html>").encode()


@pytest.mark.parametrize("levels", [300, 1500, 5000])
def test_links_after_deep_nesting_are_found(levels):
    urls = [link.url for link in html_links(_deep_page(levels), "http://h/")]
    assert urls == ["http://h/in.html", "http://h/after.html"]


@pytest.mark.parametrize("text", [
    "Ủy ban Dân tộc tỉnh — hội nghị triển khai",  # cp1258 decodes these UTF-8 bytes too
    "Đại hội đại biểu các dân tộc thiểu số",  # C4 90 (Đ) is no cp1258 text
])
def test_page_declaring_windows_1258_but_sending_utf8(text):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; '
            f'charset=windows-1258"></head><body><p>{text}</p>'
            '<a href="/tin-tức/hội-nghị.html">x</a><a href="/a.html">a</a></body></html>')
    headers = [("Content-Type", "text/html; charset=windows-1258")]
    urls = [link.url for link in html_links(page.encode(), "http://h/", headers)]
    assert urls == ["http://h/tin-tức/hội-nghị.html", "http://h/a.html"]


def test_windows_1258_page_links_decode_with_its_charset():
    page = '<html><body><a href="/bài-viết.html">x</a></body></html>'
    body = encode_cp1258(page)  # "ế" is "ê" + a combining acute in windows-1258
    assert b"\xea\xec" in body
    urls = [link.url for link in html_links(body, "http://h/",
                                            [("Content-Type", "text/html; charset=windows-1258")])]
    assert urls == ["http://h/bài-viết.html"]


def test_xhtml_text_with_an_encoding_declaration():
    page = ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
            '<body><a href="/x.html">x</a></body></html>')
    assert [link.url for link in html_links(page, "http://h/")] == ["http://h/x.html"]


def test_a_big_sitemap_is_read_as_a_stream():
    count = 50_000  # the protocol's maximum, about 4 MB here
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>http://h/tin/{i}.html</loc><lastmod>2024-01-01</lastmod></url>"
                      for i in range(count)) + "</urlset>").encode()
    links = sitemap_links(body, "http://h/")
    assert next(links).url == "http://h/tin/0.html"  # a generator: links come as read
    assert sum(1 for _ in links) == count - 1
    # a sitemap cut off mid-way still gives the URLs before the cut
    assert [x.url for x in sitemap_links(body[:300], "http://h/")][:1] == ["http://h/tin/0.html"]


def test_entities_in_a_sitemap_are_never_expanded():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            b'<urlset><url><loc>http://h/x&c;</loc></url></urlset>')
    assert xml_kind(bomb) == "sitemap"
    assert all(len(x.url) < 100 for x in sitemap_links(bomb, "http://h/"))
