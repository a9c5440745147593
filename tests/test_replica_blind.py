"""The two blind-test replicas: portal_dnn (DNN child portal /sdttg/) and liferay7 (Liferay 7.4).

Pages, ground truth, traps (endless or multiplying), faults, HTTP behaviour, scope, feeds and
sitemaps, and their registry entries.
"""

from __future__ import annotations

import gzip
import re
import struct
import unicodedata
from collections import deque
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import parse_qsl, urljoin, urlsplit

import lxml.etree
import lxml.html
import pytest
import yaml

from replica import ReplicaServer
from replica.manifest import path_of, target_key
from replica.sites import SITES
from replica.texts import seeds, seeds_2, written, written_2, written_3
from replica.texts.blind import BLIND_ARTICLES
from tests.support.http import decode, fetch, get_ok, raw_get, visible_text

KEYS = ["portal_dnn", "liferay7"]
DNN, LR7 = KEYS
MAGIC = {
    "application/pdf": b"%PDF-",
    "application/msword": bytes.fromhex("D0CF11E0A1B11AE1"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": b"PK\x03\x04",
}


@pytest.fixture(scope="module")
def server():
    with ReplicaServer(KEYS) as srv:
        yield srv


def links(base: str, html: str) -> list[str]:
    doc = lxml.html.fromstring(html)
    return [urljoin(base, link) for _, _, link, _ in doc.iterlinks()]


def local_links(srv: ReplicaServer, key: str, target: str) -> list[str]:
    """Targets of the same-host links of a page."""
    m = srv.manifest(key)
    _, headers, body = get_ok(srv, key, target)
    return [path_of(u) for u in links(m.base_url + target, decode(headers, body))
            if u.startswith(m.base_url)]


def pages_of(srv: ReplicaServer, key: str) -> list[str]:
    m = srv.manifest(key)
    extra = ["/sdttg/lich-cong-tac/"] if key == DNN else []
    return [path_of(m.start_url), *m.listings, *m.articles, *extra]


# ------------------------------------------------------------------ ground truth
def test_sites_registered_with_new_texts() -> None:
    assert {DNN, LR7} <= set(SITES)
    assert SITES[DNN].family == "aspnet" and SITES[LR7].family == "liferay"
    others = [*vars(seeds).values(), *vars(seeds_2).values(), *vars(written).values(),
              *vars(written_2).values(), *vars(written_3).values()]
    old_titles = {a.title for a in others if hasattr(a, "paragraphs")}
    old_paragraphs = {p for a in others if hasattr(a, "paragraphs") for p in a.paragraphs}
    for key in KEYS:
        arts = BLIND_ARTICLES[key]
        assert 4 <= len(arts) <= 5
        for a in arts:
            assert a.title not in old_titles
            assert not set(a.paragraphs) & old_paragraphs
            assert unicodedata.is_normalized("NFC", a.text)


@pytest.mark.parametrize("key", KEYS)
def test_articles_attachments_and_listings(server: ReplicaServer, key: str) -> None:
    m = server.manifest(key)
    status, headers, _ = fetch(server, key, path_of(m.start_url))
    assert status == 200 and "ETag" in headers and "Last-Modified" in headers
    assert 4 <= len(m.articles) <= 5 and m.attachments and m.traps and m.disallowed
    for target, art in m.articles.items():
        status, headers, body = get_ok(server, key, target)
        assert status == 200, target
        text = visible_text(decode(headers, body))
        assert art.title in text and (art.author is None or art.author in text)
        pos = 0
        for kind, block in art.blocks():  # every block, in reading order
            found = text.find(block, pos)
            assert found >= 0, (key, kind, block[:60])
            pos = found + len(block)
    kinds = set()
    for target in m.attachments:
        status, headers, body = fetch(server, key, target, {"Accept-Encoding": "gzip"})
        ctype = headers["Content-Type"]
        kinds.add(ctype)
        assert status == 200 and "Content-Encoding" not in headers and body.startswith(MAGIC[ctype])
        assert "filename=" in headers["Content-Disposition"]
        assert not re.search(r"\.(pdf|docx?|xlsx)$", target)  # the URL does not tell the type
    assert "application/pdf" in kinds
    if key == DNN:
        assert "application/msword" in kinds
    for target in m.listings:
        assert get_ok(server, key, target)[0] == 200, target
    for target, code in m.error_paths.items():
        if code == 404:
            assert fetch(server, key, target)[0] == 404
    for old, new in m.redirects.items():
        status, headers, _ = fetch(server, key, old)
        assert status == 301 and headers["Location"] == m.base_url + new


def test_doc_attachment_is_an_ole2_word_file(server: ReplicaServer) -> None:
    m = server.manifest(DNN)
    (target,) = [t for t in m.attachments if fetch(server, DNN, t)[1]["Content-Type"]
                 == "application/msword"]
    _, headers, body = fetch(server, DNN, target)
    assert headers["Content-Disposition"].endswith('.doc"')
    assert len(body) % 512 == 0 and struct.unpack_from("<HH", body, 24) == (0x3E, 3)
    first_dir = struct.unpack_from("<I", body, 48)[0]
    directory = body[512 * (first_dir + 1): 512 * (first_dir + 2)]
    names = [directory[i:i + 64].decode("utf-16-le").split("\0", 1)[0] for i in range(0, 512, 128)]
    assert names[:2] == ["Root Entry", "WordDocument"]
    start, size = struct.unpack_from("<IQ", directory, 128 + 116)
    stream = body[512 * (start + 1): 512 * (start + 1) + size]
    assert stream[:2] == b"\xec\xa5"
    art = next(a for a in m.articles.values() if any(n.endswith(".doc") for n in a.attachments))
    assert art.title.encode("utf-16-le") in stream


@pytest.mark.parametrize("key", KEYS)
def test_robots_links_and_manifest_consistency(server: ReplicaServer, key: str) -> None:
    m = server.manifest(key)
    robots = fetch(server, key, "/robots.txt")[2].decode()
    for prefix in m.disallowed:
        assert f"Disallow: {prefix}\n" in robots
    seen: set[str] = set()
    for target in pages_of(server, key):
        _, headers, body = get_ok(server, key, target)
        seen.update(links(m.base_url + target, decode(headers, body)))
    local = {path_of(u) for u in seen if u.startswith(m.base_url)}
    assert any(m.is_disallowed(t) for t in local)
    for target in [*m.redirects, *m.error_paths, *m.attachments, *m.articles]:
        art = m.articles.get(target)
        assert any(t.startswith(target) or (art and m.article_for(t) is art) for t in local), target
    found = {m.trap_for(t) for t in local} - {None}
    assert found == set(m.traps), f"traps not linked: {set(m.traps) - found}"
    assert any(u.startswith(("mailto:", "tel:")) for u in seen)
    assert any(u.startswith("javascript:") for u in seen)
    assert any(urlsplit(u).hostname not in (None, "127.0.0.1") for u in seen if "://" in u)
    # the ground truth does not contradict itself
    for target in [*m.articles, *m.listings, *m.attachments, *m.feeds, *m.sitemaps]:
        assert m.in_scope(target) and not m.is_disallowed(target), target
        assert m.trap_for(target) is None, target
    for target in m.articles:
        assert m.article_for(m.url(target)) is m.articles[target]
    assert set(m.fail_once) <= set(m.error_paths) and len(m.fail_once) == 1
    for target in m.chunked_paths:
        head, _ = raw_get(server, key, target, "Accept-Encoding: gzip\r\n")
        assert "Transfer-Encoding: chunked" in head or " 500 " in head.split("\r\n", 1)[0]


# ------------------------------------------------------------------------- traps
def follow(srv: ReplicaServer, key: str, trap: str, seed: str, steps: int = 6,
           pick: int = -1) -> list[str]:
    """Follow fresh links of one trap from a seed; fails if the trap ends."""
    m = srv.manifest(key)
    assert m.trap_for(seed) == trap, seed
    seen, target = [seed], seed
    for _ in range(steps):
        status, headers, body = fetch(srv, key, target)
        assert status == 200, target
        nxt = [path_of(u) for u in links(m.base_url + target, decode(headers, body))
               if u.startswith(m.base_url) and m.trap_for(path_of(u)) == trap]
        fresh = [t for t in nxt if t not in seen]
        assert fresh, f"{key} trap {trap} ended at {target}"
        target = fresh[pick]
        seen.append(target)
    return seen


def test_dnn_calendar_is_endless_both_ways(server: ReplicaServer) -> None:
    back = follow(server, DNN, "calendar", "/sdttg/lich-cong-tac/2026/11/", 14, pick=0)
    ahead = follow(server, DNN, "calendar", "/sdttg/lich-cong-tac/2026/11/", 14, pick=-1)
    assert back[-1] == "/sdttg/lich-cong-tac/2025/09/"
    assert ahead[-1] == "/sdttg/lich-cong-tac/2028/01/"
    assert "/sdttg/lich-cong-tac/" in local_links(server, DNN, "/sdttg/")  # menu: current month
    index = local_links(server, DNN, "/sdttg/lich-cong-tac/")
    assert any(server.manifest(DNN).trap_for(t) == "calendar" for t in index)


def test_dnn_relative_link_grows_a_repeating_segment(server: ReplicaServer) -> None:
    m = server.manifest(DNN)
    home = local_links(server, DNN, "/sdttg/")
    assert "/sdttg/tin-tuc/" in home  # right from the sub-site root...
    listing = local_links(server, DNN, "/sdttg/tin-tuc/")
    assert "/sdttg/tin-tuc/tin-tuc/" in listing  # ...a trap from the listing
    chain = follow(server, DNN, "repeat_segment", "/sdttg/tin-tuc/tin-tuc/")
    assert chain[-1] == "/sdttg/tin-tuc/" + "tin-tuc/" * 7
    assert all(m.trap_for(t) == "repeat_segment" for t in chain)


def test_dnn_sort_permutations_multiply_urls(server: ReplicaServer) -> None:
    m = server.manifest(DNN)
    queue, seen, fetched = deque(["/sdttg/tin-tuc/"]), {"/sdttg/tin-tuc/"}, 0
    orders: dict[str, list[str]] = {}
    while queue and fetched < 60:
        target = queue.popleft()
        fetched += 1
        status, headers, body = fetch(server, DNN, target)
        assert status == 200, target
        page_links = [path_of(u) for u in links(m.base_url + target, decode(headers, body))
                      if u.startswith(m.base_url)]
        if m.trap_for(target) == "sort_permutations":
            arts = [t for t in page_links if m.article_for(t) or m.redirects.get(t)]
            key = target_key(target)
            assert orders.setdefault(key, arts) == arts  # same view whatever the param order
        for t in page_links:
            if m.trap_for(t) == "sort_permutations" and t not in seen:
                seen.add(t)
                queue.append(t)
    distinct = {target_key(t) for t in seen}
    assert len(seen) > 60 and len(distinct) < len(seen)
    assert any(list(dict(parse_qsl(urlsplit(t).query))) == ["dir", "sort"] for t in seen)
    assert any(list(dict(parse_qsl(urlsplit(t).query))) == ["sort", "dir"] for t in seen)


def test_liferay7_redirect_param_nests_the_current_url(server: ReplicaServer) -> None:
    m = server.manifest(LR7)
    listing = local_links(server, LR7, "/web/guest/tin-tuc")
    article_links = [t for t in listing if m.trap_for(t) == "redirect_param"]
    assert article_links and not any(m.article_for(t) for t in listing)  # never canonical
    chain = follow(server, LR7, "redirect_param", article_links[0], 6)
    lengths = [len(t) for t in chain]
    assert lengths == sorted(lengths) and lengths[-1] > 3 * lengths[0]
    assert "%25252F" in chain[-1]  # encoded three times and more
    # each of them renders an article, and says where the canonical URL is
    _, headers, body = fetch(server, LR7, chain[3])
    html = decode(headers, body)
    canonical = lxml.html.fromstring(html).xpath('//link[@rel="canonical"]/@href')[0]
    art = m.article_for(canonical)
    assert art is not None and art.paragraphs[0] in visible_text(html)


def test_liferay7_language_prefixes_nest(server: ReplicaServer) -> None:
    chain = follow(server, LR7, "language_prefix", "/en/", 6)
    assert any(t.startswith("/vi/en/") or t.startswith("/en/vi/") for t in
               follow(server, LR7, "language_prefix", "/en/", 3, pick=0))
    assert chain[-1].count("/en") >= 6
    m = server.manifest(LR7)
    target, art = next(iter(m.articles.items()))
    status, headers, body = fetch(server, LR7, "/vi/en" + target)
    assert status == 200 and art.paragraphs[-1] in visible_text(decode(headers, body))


@pytest.mark.parametrize(("key", "trap"), [(DNN, "print_view"), (LR7, "popup")])
def test_print_duplicates(server: ReplicaServer, key: str, trap: str) -> None:
    m = server.manifest(key)
    for target, art in m.articles.items():
        dups = [t for t in local_links(server, key, target) if m.trap_for(t) == trap]
        if not dups and key == DNN and "tabid=" in target:
            continue  # the legacy news module has no print link
        assert len(set(dups)) == 1, target
        status, headers, body = fetch(server, key, dups[0])
        text = visible_text(decode(headers, body))
        assert status == 200 and art.title in text
        assert all(block in text for _, block in art.blocks())
        assert "Thống kê truy cập" not in text


# ------------------------------------------------------------------------ faults
def test_fail_once_then_ok() -> None:
    with ReplicaServer(KEYS) as srv:
        for key in KEYS:
            (target,) = srv.manifest(key).fail_once
            assert srv.manifest(key).error_paths[target] == 500
            assert srv.raw_response(key, target).status == 500  # peeking changes nothing
            assert [fetch(srv, key, target)[0] for _ in range(3)] == [500, 200, 200]
        srv.reset_faults(DNN)
        (target,) = srv.manifest(DNN).fail_once
        assert [fetch(srv, DNN, target)[0] for _ in range(2)] == [500, 200]
        assert srv.manifest(DNN).article_for(target) is not None  # an article page fails


def test_gzip_chunked_and_content_length(server: ReplicaServer) -> None:
    m = server.manifest(DNN)
    for key, target, chunked in [(DNN, "/sdttg/", True), (DNN, next(iter(m.articles)), False),
                                 (LR7, "/", True), (LR7, "/web/guest/tin-tuc", True)]:
        head, wire = raw_get(server, key, target, "Accept-Encoding: gzip\r\n")
        assert "Content-Encoding: gzip" in head
        assert ("Transfer-Encoding: chunked" in head) is chunked
        assert ("Content-Length" in head) is not chunked
        sent = server.sent_responses(key, target)[-1]
        assert sent.wire_body == wire and gzip.decompress(sent.body) == sent.decoded
    status, headers, _ = fetch(server, DNN, "/sdttg/")
    assert status == 200 and "Content-Encoding" not in headers
    head, _ = raw_get(server, DNN, "/sdttg/")
    assert len(re.findall(r"^Set-Cookie: ", head, re.M)) >= 2


@pytest.mark.parametrize("key", KEYS)
def test_conditional_requests(server: ReplicaServer, key: str) -> None:
    m = server.manifest(key)
    for target in [list(m.articles)[1], m.attachments[0]]:
        _, headers, _ = fetch(server, key, target, {"Accept-Encoding": "gzip"})
        etag, modified = headers["ETag"], headers["Last-Modified"]
        status, h304, body = fetch(server, key, target, {"If-None-Match": etag})
        assert status == 304 and body == b"" and h304["Last-Modified"] == modified
        assert fetch(server, key, target, {"If-Modified-Since": modified})[0] == 304
        old = format_datetime(parsedate_to_datetime(modified).replace(year=2001), usegmt=True)
        assert fetch(server, key, target, {"If-Modified-Since": old})[0] == 200
        assert fetch(server, key, target, {"If-None-Match": '"nope"'})[0] == 200


def test_change_and_remove_article() -> None:
    with ReplicaServer(KEYS) as srv:
        m = srv.manifest(DNN)
        target = list(m.articles)[1]
        _, headers, _ = fetch(srv, DNN, target)
        changed = srv.change_article(DNN, target)
        status, new_headers, body = fetch(srv, DNN, target, {"If-None-Match": headers["ETag"]})
        html = decode(new_headers, body)
        assert status == 200 and changed.paragraphs[-1] in visible_text(html)
        assert f"Cập nhật lúc {changed.modified:%H:%M:%S %d/%m/%Y}" in html
        assert f"Ngày đăng {changed.published:%d/%m/%Y}" in html

        lm = srv.manifest(LR7)
        victim = list(lm.articles)[-1]
        srv.remove_article(LR7, victim)
        assert fetch(srv, LR7, victim)[0] == 404
        assert fetch(srv, LR7, "/en" + victim)[0] == 404
        assert fetch(srv, LR7, victim + "?redirect=%2F")[0] == 404
        for page in ["/", "/web/guest/tin-tuc", *lm.feeds, *lm.sitemaps]:
            assert victim not in fetch(srv, LR7, page)[2].decode(), page


# ------------------------------------------------------------------- site shapes
def test_dnn_portal_scope(server: ReplicaServer) -> None:
    m = server.manifest(DNN)
    assert m.scope_prefix == "/sdttg" and m.start_url.endswith("/sdttg/")
    assert not m.in_scope("/sdttg-cu/") and not m.in_scope("/sotuphap/") and m.in_scope("/sdttg")
    assert m.out_of_scope_paths and not any(m.in_scope(p) for p in m.out_of_scope_paths)
    for target in m.out_of_scope_paths:
        assert fetch(server, DNN, target)[0] == 200
    portal = set(local_links(server, DNN, "/"))
    assert {"/sdttg/", "/sotuphap/", "/sdttg-cu/"} <= portal
    status, headers, _ = fetch(server, DNN, "/sdttg")
    assert status == 301 and headers["Location"].endswith("/sdttg/")
    # photos and skin files live in the portal file store, outside the sub-site
    art_links = set()
    for target in m.articles:
        art_links.update(local_links(server, DNN, target))
    store = [t for t in art_links if t.startswith("/Portals/")]
    assert store and all(fetch(server, DNN, t)[0] == 200 and not m.in_scope(t) for t in store)
    assert "/sdttg-cu/" in art_links  # linked from the footer of every page


def test_liferay7_feed_sitemaps_and_nfd(server: ReplicaServer) -> None:
    m = server.manifest(LR7)
    robots = fetch(server, LR7, "/robots.txt")[2].decode()
    (index,) = re.findall(r"^Sitemap: (\S+)$", robots, re.M)
    assert path_of(index) == m.sitemaps[0]
    _, headers, body = fetch(server, LR7, path_of(index))
    children = lxml.etree.fromstring(decode(headers, body, nfc=False).encode()).xpath(
        "//*[local-name()='loc']/text()")
    assert [path_of(c) for c in children] == m.sitemaps[1:]
    locs, alternates = set(), set()
    for child in children:
        _, headers, body = fetch(server, LR7, path_of(child))
        tree = lxml.etree.fromstring(gzip.decompress(body) if headers.get("Content-Encoding")
                                     else body)
        locs.update(path_of(u) for u in tree.xpath("//*[local-name()='loc']/text()"))
        alternates.update(path_of(u) for u in tree.xpath("//*[local-name()='link']/@href"))
    assert set(m.articles) <= locs and "/" in locs
    assert any(m.trap_for(a) == "language_prefix" for a in alternates)
    _, headers, body = fetch(server, LR7, "/")
    doc = lxml.html.fromstring(decode(headers, body))
    (feed,) = doc.xpath('//link[@rel="alternate"][@type="application/rss+xml"]/@href')
    assert feed.replace("&amp;", "&") in m.feeds
    status, headers, body = fetch(server, LR7, m.feeds[0])
    assert status == 200 and headers["Content-Type"].startswith("application/rss+xml")
    items = lxml.etree.fromstring(body).xpath("//item/link/text()")
    assert [path_of(u) for u in items] == list(m.articles)
    (nfd,) = m.nfd_paths
    _, headers, body = fetch(server, LR7, nfd)
    raw = decode(headers, body, nfc=False)
    assert not unicodedata.is_normalized("NFC", raw)
    assert m.articles[nfd].paragraphs[0] not in raw
    assert m.articles[nfd].paragraphs[0] in unicodedata.normalize("NFC", raw)


def test_header_clock_is_the_fetch_day(server: ReplicaServer) -> None:
    for key, pattern in [(DNN, r'class="DateToken">(Thứ \w+|Chủ Nhật), ngày (\d\d/\d\d/\d{4})<'),
                         (LR7, r'id="sdttg-clock">(Thứ \w+|Chủ Nhật), (\d\d/\d\d/\d{4})<')]:
        m = server.manifest(key)
        for target, art in m.articles.items():
            _, headers, body = get_ok(server, key, target)
            clock = re.search(pattern, decode(headers, body))
            fetched = parsedate_to_datetime(headers["Date"]).astimezone(art.published.tzinfo)
            assert clock and clock.group(2) == f"{fetched:%d/%m/%Y}"
            if fetched.date() != art.published.date():
                assert clock.group(2) != f"{art.published:%d/%m/%Y}"


CHROME = {
    DNN: ["dnn_ctr1234_ContentPane", "Xem với cỡ chữ ", ">A-</a>", ">A+</a>", "In bài viết",
          "Gửi email", "Thăm dò ý kiến", "Đang online: <span>15</span>",
          "Hôm nay: <span>1.234</span>", "Tổng: <span>2.345.678</span>", "Tin liên quan",
          "Bản quyền thuộc", "Ngày đăng 06/01/2016 | 03:30 PM", "Ngày đăng 10/04/2026 | 12:05 PM",
          "Ngày đăng 03/03/2025 | 10:00 AM", "Cập nhật lúc 16:20:05 05/03/2025",
          "Cập nhật lúc 08:47:22 14/10/2019", 'class="breadcrumb"', "được<br />\ntặng Bằng khen"],
    LR7: ['id="skip-to-content"', "Truy cập nội dung luôn", "portlet-boundary",
          "journal-content-article", "asset-full-content", 'class="header-title"',
          "Thứ Sáu, 30/01/2026-15:17", "Thứ Ba, 15/07/2025-09:30", "11:14, 31/10/2024",
          "14:02, 18/11/2026", 'class="img-caption"', "<em>", "Đang truy cập: <span>27</span>",
          "Tổng: <span>4.798.809</span>", 'type="application/rss+xml"', "Bản quyền ©",
          "?redirect=http%3A%2F%2F127.0.0.1"],
}


@pytest.mark.parametrize("key", KEYS)
def test_family_chrome_and_date_formats(server: ReplicaServer, key: str) -> None:
    m = server.manifest(key)
    pages = "".join(decode(*get_ok(server, key, t)[1:]) for t in m.articles)
    for needle in CHROME[key]:
        assert needle in pages, (key, needle)
    if key == LR7:  # the display-page article keeps title and date inside the body container
        target = next(t for t in m.articles if "/-/asset_publisher/" not in t)
        doc = lxml.html.fromstring(decode(*get_ok(server, key, target)[1:]))
        (body,) = doc.xpath('//div[contains(@class, "journal-content-article")]')
        assert m.articles[target].title in body.text_content()
        assert not doc.xpath('//*[contains(@class, "header-title")]')


def test_registry_entries_load() -> None:
    from archive.registry import load_registry_text

    with ReplicaServer(KEYS) as srv:
        entries = {e["id"]: e for e in srv.registry_entries()}
        assert entries[f"replica-{DNN}"]["cms"] == "aspnet"
        assert entries[f"replica-{LR7}"]["cms"] == "liferay"
        assert entries[f"replica-{DNN}"]["scope"]["path_prefix"] == "/sdttg"
        assert "path_prefix" not in entries[f"replica-{LR7}"]["scope"]
        reg = load_registry_text(yaml.safe_dump({"sites": list(entries.values())},
                                                allow_unicode=True))
        assert reg[f"replica-{DNN}"].province_2025 == "Cao Bằng"
        assert reg[f"replica-{LR7}"].province_2025 == "Lâm Đồng"
