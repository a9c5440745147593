"""Link discovery: anchors, frames, embeds, script-driven file links, feeds, sitemaps."""

from __future__ import annotations

from archive.discovery import feed_links, html_links, sitemap_links, xml_kind

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
