"""The replica sites: pages, traps, faults, HTTP behaviour, request log, mutations, charsets."""

from __future__ import annotations

import gzip
import json
import re
import threading
import unicodedata
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
import yaml

from replica import ReplicaServer
from replica.__main__ import main
from replica.manifest import path_of
from replica.sites import SITES
from tests.support.http import decode, fetch, get_ok, raw_get, visible_text

KEYS = list(SITES)

# a page inside each trap, and whether following the trap links never ends
TRAP_SEEDS = {
    ("liferay", "language_loop"): ("/en/", True),
    ("sharepoint", "date_filter"): ("/sites/bandantoc/Pages/tin-tuc.aspx?NgayDang=2021-07-09",
                                    True),
    ("aspnet", "login_returnurl"): ("/Default.aspx?tabid=36&ctl=Login&returnurl=%2F", True),
    ("joomla", "calendar"): ("/lich-cong-tac?thang=6&nam=2017", True),
    ("joomla", "print"): (None, False),
    ("wordpress", "replytocom"): (None, False),
    ("newspaper", "date_archive"): ("/tin-theo-ngay.html?ngay=08-01-2021", True),
    ("legacy", "path_repeat"): ("/3cms/3cms/?cmd=110", True),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    log = tmp_path_factory.mktemp("replica") / "requests.jsonl"
    with ReplicaServer(log_path=log) as srv:
        yield srv


def links(base: str, html: str) -> list[str]:
    doc = lxml.html.fromstring(html)
    href = doc.xpath("//base/@href")
    return [urljoin(href[0] if href else base, link) for _, _, link, _ in doc.iterlinks()]


@pytest.mark.parametrize("key", KEYS)
def test_site_pages_articles_and_attachments(server: ReplicaServer, key: str) -> None:
    m = server.manifest(key)
    status, headers, body = fetch(server, key, path_of(m.start_url))
    assert status == 200 and "ETag" in headers and "Last-Modified" in headers
    assert 3 <= len(m.articles) <= 5 and m.attachments and m.traps and m.disallowed
    for target, art in m.articles.items():
        status, headers, body = get_ok(server, key, target)
        assert status == 200, target
        text = visible_text(decode(headers, body))
        assert art.title in text
        pos = 0
        for kind, block in art.blocks():  # every block, in reading order
            found = text.find(block, pos)
            assert found >= 0, (key, kind, block[:60])
            pos = found + len(block)
        if art.author:
            assert art.author in text
    for target in m.attachments:
        status, headers, body = fetch(server, key, target)
        ctype = headers["Content-Type"]
        assert status == 200 and ctype != "text/html"
        if ctype == "application/pdf":  # by type: some URLs have no extension
            assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")
        elif ctype == "application/msword":
            assert body.startswith(bytes.fromhex("D0CF11E0A1B11AE1"))  # OLE2
        else:
            assert body.startswith(b"PK\x03\x04")
    for target in m.listings:
        assert get_ok(server, key, target)[0] == 200, target
    for target, code in m.error_paths.items():
        if code == 404:
            assert fetch(server, key, target)[0] == 404
    for old, new in m.redirects.items():
        status, headers, _ = fetch(server, key, old)
        assert status == 301 and headers["Location"] == m.base_url + new


@pytest.mark.parametrize("key", KEYS)
def test_robots_and_chrome_links(server: ReplicaServer, key: str) -> None:
    m = server.manifest(key)
    status, headers, body = fetch(server, key, "/robots.txt")
    robots = body.decode()
    assert status == 200 and "ETag" in headers
    for prefix in m.disallowed:
        assert f"Disallow: {prefix}" in robots
    pages = [path_of(m.start_url), *m.listings, *m.articles]
    seen: set[str] = set()
    for target in pages:
        _, headers, body = get_ok(server, key, target)
        seen.update(links(m.base_url + target, decode(headers, body)))
    local = [path_of(u) for u in seen if u.startswith(m.base_url)]
    assert any(m.is_disallowed(t) for t in local), "a robots-disallowed path is linked"
    for target in [*m.redirects, *m.error_paths, *m.attachments, *m.articles, *m.traps.values()]:
        if target.startswith("^"):  # a trap given as a pattern
            assert any(m.trap_for(t) for t in local), target
        else:
            art = m.articles.get(target)
            assert any(t.startswith(target) or (art and m.article_for(t) is art)
                       for t in local), f"{key}: nothing links to {target}"
    assert any(u.startswith(("mailto:", "tel:")) for u in seen)
    assert any(u.startswith("javascript:") for u in seen)
    assert any(urlsplit(u).hostname not in (None, "127.0.0.1") for u in seen if "://" in u)


@pytest.mark.parametrize("site_trap", list(TRAP_SEEDS))
def test_traps_never_end(server: ReplicaServer, site_trap: tuple[str, str]) -> None:
    key, trap = site_trap
    m = server.manifest(key)
    seed, endless = TRAP_SEEDS[site_trap]
    if seed is None:  # duplicates of articles: linked from an article page
        article = next(iter(m.articles))
        _, headers, body = fetch(server, key, article)
        seed = next(path_of(u) for u in links(m.base_url + article, decode(headers, body))
                    if u.startswith(m.base_url) and m.trap_for(path_of(u)) == trap)
    assert m.trap_for(seed) == trap
    seen, target = {seed}, seed
    for _ in range(6 if endless else 1):
        status, headers, body = fetch(server, key, target)
        assert status == 200, target
        if not endless:
            break
        nxt = [path_of(u) for u in links(m.base_url + target, decode(headers, body))
               if u.startswith(m.base_url) and m.trap_for(path_of(u)) == trap]
        fresh = [t for t in nxt if t not in seen]
        assert fresh, f"{key} trap {trap} ended at {target}"
        target = fresh[-1]
        seen.add(target)


def test_fail_once_then_ok() -> None:
    with ReplicaServer() as srv:
        for key in srv.site_keys:
            (target,) = srv.manifest(key).fail_once
            assert srv.raw_response(key, target).status == 500  # peeking changes nothing
            assert fetch(srv, key, target)[0] == 500
            assert fetch(srv, key, target)[0] == 200
            assert fetch(srv, key, target)[0] == 200
        srv.reset_faults("aspnet")
        (target,) = srv.manifest("aspnet").fail_once
        assert [fetch(srv, "aspnet", target)[0] for _ in range(2)] == [500, 200]


def test_gzip_and_identity(server: ReplicaServer) -> None:
    status, headers, body = fetch(server, "liferay", "/", {"Accept-Encoding": "gzip, deflate"})
    assert headers["Content-Encoding"] == "gzip" and headers["ETag"].startswith('W/"')
    plain = fetch(server, "liferay", "/")
    assert "Content-Encoding" not in plain[1] and not plain[1]["ETag"].startswith("W/")
    assert gzip.decompress(body)[:200] == plain[2][:200]
    legacy = fetch(server, "legacy", "/3cms/", {"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in legacy[1]


def test_chunked_html_and_xml_on_the_wire(server: ReplicaServer) -> None:
    for key, target in [("liferay", "/"), ("wordpress", "/feed/"), ("newspaper", "/sitemap.xml")]:
        head, wire = raw_get(server, key, target, "Accept-Encoding: gzip\r\n")
        assert "Transfer-Encoding: chunked" in head and "Content-Length" not in head
        body, rest = b"", wire
        while True:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line, 16)
            if size == 0:
                break
            body, rest = body + rest[:size], rest[size + 2 :]
        sent = server.sent_responses(key, target)[-1]
        assert sent.chunked and sent.body == body and sent.wire_body == wire
        assert gzip.decompress(body) == sent.decoded


def test_conditional_requests(server: ReplicaServer) -> None:
    target = next(iter(server.manifest("joomla").articles))
    _, headers, _ = fetch(server, "joomla", target, {"Accept-Encoding": "gzip"})
    etag, modified = headers["ETag"], headers["Last-Modified"]
    status, h304, body = fetch(server, "joomla", target, {"If-None-Match": etag})
    assert status == 304 and body == b"" and h304["ETag"] and h304["Last-Modified"] == modified
    assert fetch(server, "joomla", target, {"If-Modified-Since": modified})[0] == 304
    old = format_datetime(server.site("joomla").epoch.replace(year=2001), usegmt=False)
    assert fetch(server, "joomla", target, {"If-Modified-Since": old})[0] == 200
    assert fetch(server, "joomla", target, {"If-None-Match": '"nope"'})[0] == 200
    status, headers, body = fetch(server, "sharepoint", "/sites/bandantoc/Documents/"
                                  "Danh-sach-nguoi-co-uy-tin-2021.xlsx")
    assert status == 200 and headers["Content-Type"].endswith("spreadsheetml.sheet")
    assert fetch(server, "sharepoint", "/sites/bandantoc/Documents/Danh-sach-nguoi-co-uy-tin-"
                 "2021.xlsx", {"If-None-Match": headers["ETag"]})[0] == 304


def test_two_set_cookie_headers(server: ReplicaServer) -> None:
    head, _ = raw_get(server, "liferay", "/")
    assert len(re.findall(r"^Set-Cookie: ", head, re.M)) == 2
    assert "/" in server.manifest("liferay").multi_cookie_paths


def test_request_log(server: ReplicaServer) -> None:
    before = len(server.requests)
    fetch(server, "wordpress", "/", {"Accept-Encoding": "gzip"})
    fetch(server, "wordpress", "/wp-admin/")
    fetch(server, "wordpress", "/", method="HEAD")
    entries = server.requests[before:]
    assert [(e.method, e.path) for e in entries] == [("GET", "/"), ("GET", "/wp-admin/"),
                                                     ("HEAD", "/")]
    first = entries[0]
    assert first.site == "wordpress" and first.status == 200 and first.request_headers["User-Agent"]
    assert first.started <= first.finished
    gets = [s for s in server.sent_responses("wordpress", "/") if s.method == "GET"]
    assert first.bytes_sent == len(gets[-1].body) > 0
    assert entries[1].status == 404 and server.manifest("wordpress").is_disallowed("/wp-admin/")
    assert entries[2].bytes_sent == 0
    assert all(e.site == "wordpress" for e in server.requests_for("wordpress"))
    assert server.log_path is not None
    lines = server.log_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(server.requests)
    tail = {(d["method"], d["path"]) for d in map(json.loads, lines[-3:])}
    assert tail == {("GET", "/"), ("GET", "/wp-admin/"), ("HEAD", "/")}


def test_change_and_remove_article() -> None:
    with ReplicaServer(["wordpress", "newspaper"]) as srv:
        m = srv.manifest("wordpress")
        target = next(iter(m.articles))
        _, headers, body = fetch(srv, "wordpress", target)
        changed = srv.change_article("wordpress", target)
        assert changed.modified is not None and changed.text != m.articles[target].text
        status, new_headers, new_body = fetch(srv, "wordpress", target,
                                              {"If-None-Match": headers["ETag"]})
        assert status == 200 and new_headers["ETag"] != headers["ETag"]
        assert new_headers["Last-Modified"] != headers["Last-Modified"]
        assert changed.paragraphs[-1] in visible_text(decode(new_headers, new_body))
        assert srv.manifest("wordpress").articles[target].text == changed.text

        victim = list(srv.manifest("newspaper").articles)[-1]
        srv.remove_article("newspaper", victim)
        assert fetch(srv, "newspaper", victim)[0] == 404
        assert victim not in srv.manifest("newspaper").articles
        for listing in ["/", "/dan-toc-mien-nui/", "/sitemaps/sitemap-news.xml"]:
            assert victim not in fetch(srv, "newspaper", listing)[2].decode()
        srv.remove_article("wordpress", target)
        assert target not in fetch(srv, "wordpress", "/feed/")[2].decode()


def test_windows_1258_and_nfd_pages_decode_to_the_model(server: ReplicaServer) -> None:
    m = server.manifest("legacy")
    assert m.charset == "windows-1258"
    for target, art in m.articles.items():
        status, headers, body = get_ok(server, "legacy", target)
        nfd = target in m.nfd_paths
        assert headers.get_content_charset() == ("utf-8" if nfd else "windows-1258")
        raw = body.decode(headers.get_content_charset())
        assert ("charset=utf-8" if nfd else "charset=windows-1258") in raw
        if not nfd:
            assert b"\xf4\xf2" in body  # 'ộ' is sent as 'ô' + combining dot below
        else:
            assert not unicodedata.is_normalized("NFC", raw)
        doc = lxml.html.fromstring(unicodedata.normalize("NFC", raw))
        paras = [re.sub(r"\s+", " ", p.text_content().replace("\xa0", " ")).strip()
                 for p in doc.xpath('//td[@class="content"]//p[@class="MsoNormal"]')]
        blocks = [b if k != "li" else f"- {b}" for k, b in art.blocks()]
        assert [p for p in paras if p and p != art.author] == blocks


def test_registry_manifest_and_portal_scope(server: ReplicaServer) -> None:
    entries = {e["id"]: e for e in server.registry_entries()}
    assert set(entries) == {f"replica-{k}" for k in KEYS}
    sp = entries["replica-sharepoint"]
    assert sp["scope"]["path_prefix"] == "/sites/bandantoc"
    assert sp["start_urls"] == [server.base_url("sharepoint") + "/sites/bandantoc/"]
    assert sp["scope"]["hosts"] == [f"127.0.0.1:{server.port('sharepoint')}"]
    assert "path_prefix" not in entries["replica-liferay"]["scope"]
    assert all(e["allow_private_network"] and e["politeness"] == {"download_delay": 0}
               for e in entries.values())
    m = server.manifest("sharepoint")
    assert m.out_of_scope_paths and not any(m.in_scope(p) for p in m.out_of_scope_paths)
    assert not m.in_scope("/sites/bandantoc-cu/") and m.in_scope("/robots.txt")
    status, headers, _ = fetch(server, "sharepoint", "/")
    assert status == 301 and headers["Location"].endswith("/Pages/default.aspx")
    _, headers, body = fetch(server, "sharepoint", "/Pages/default.aspx")
    portal = {path_of(u) for u in links(m.base_url + "/", decode(headers, body))}
    assert {"/sites/bandantoc/", "/sites/sotuphap/", "/sites/bandantoc-cu/"} <= portal
    for target in m.out_of_scope_paths:
        assert fetch(server, "sharepoint", target)[0] == 200
    art = next(iter(m.articles.values()))
    assert m.article_for(m.url(next(iter(m.articles)) + "#top")) is art


def test_header_clock_is_the_fetch_day(server: ReplicaServer) -> None:
    m = server.manifest("newspaper")
    target, art = next((t, a) for t, a in m.articles.items() if a.author == "HUY ANH")
    _, headers, body = fetch(server, "newspaper", target)
    html = decode(headers, body)
    clock = re.search(r'class="date-now">((?:Thứ \w+|Chủ nhật),&nbsp; (\d\d/\d\d/\d{4}))<', html)
    assert clock and clock.group(2) != art.published.strftime("%d/%m/%Y")
    assert '<span class="dropcap">Đ</span>ồng chí' in html
    assert art.lead and art.lead.startswith("LSO-")


CHROME = {
    "liferay": ['<a href="#main-content" id="skip-to-content">Truy cập nội dung luôn</a>',
                "portlet-boundary", "journal-content-article", 'class="header-title"',
                "18-01-2022 18:07", "Đang truy cập: <span", "Tổng truy cập: <span",
                "Bản quyền © 2015 Ban Dân Tộc Tỉnh Thái Nguyên. Bảo lưu toàn quyền"],
    "sharepoint": ['id="s4-workspace"', "ms-rtestate-field", "ms-webpart-chrome", "__VIEWSTATE",
                   "Các tin đã đưa ngày:", "/_layouts/15/", "09/07/2021"],
    "aspnet": ["Xem với cỡ chữ : ", ">A-</a>", ">A+</a>", "In bài viết", "Gửi email",
               "Thăm dò ý kiến", "Các tin khác", "Ngày 18-02-2022", "dnn_ctr", "Online 8",
               "Hôm nay 2451", "Tổng 1.121.895"],
    "joomla": ["item-page", 'class="article-info muted"', "Chi tiết", "Lượt xem:", "Hôm qua",
               "Tuần này", "Tháng này", "Tất cả", "Đang online", "tmpl=component&amp;print=1",
               "Được đăng ngày Thứ sáu, 30 Tháng 6 2017"],
    "wordpress": ['class="entry-content"', 'class="entry-meta"', "Bài viết liên quan",
                  'id="commentform"', "11:14, 31/10/2024", "replytocom=5#respond"],
    "newspaper": ["Cập nhật lúc 10:15:32 08/01/2021", 'class="sapo">LSO-',
                  "<strong>HUY ANH</strong>"],
    "legacy": ['id="counter"', 'id="counter_By_Day"', 'id="useronline"', "Số lượt truy cập",
               "showDateViet()", "<noscript>Th", 'class="MsoNormal"', "<font ",
               "Ngày đăng 03/07/2017 | 03:30 PM", '<font size="1" color="#666666">()</font>'],
    "portal_dnn": ["dnn_ctr1234_ContentPane", "Xem với cỡ chữ ", "In bài viết", "Gửi email",
                   "Thăm dò ý kiến", "Tin liên quan", "Đang online: <span>15</span>",
                   "Ngày đăng 06/01/2016 | 03:30 PM", "Cập nhật lúc 08:47:22 14/10/2019"],
    "liferay7": ['id="skip-to-content"', "Truy cập nội dung luôn", "journal-content-article",
                 'class="header-title"', "Thứ Sáu, 30/01/2026-15:17", "11:14, 31/10/2024",
                 'class="img-caption"', "Đang truy cập: <span>27</span>"],
}


@pytest.mark.parametrize("key", KEYS)
def test_family_chrome_and_date_formats(server: ReplicaServer, key: str) -> None:
    m = server.manifest(key)
    pages = "".join(decode(*get_ok(server, key, t)[1:]) for t in m.articles)
    for needle in CHROME[key]:
        assert needle in pages, (key, needle)
    if key == "aspnet":  # the visitor counter comes before the title in source order
        assert pages.index("Tổng 1.121.895") < pages.index('class="news-title"')


def test_main_writes_registry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stop = threading.Event()
    stop.set()
    out = tmp_path / "sites.yaml"
    assert main(["--sites", "wordpress,legacy", "--registry-out", str(out)], stop=stop) == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [s["id"] for s in data["sites"]] == ["replica-wordpress", "replica-legacy"]
    assert "wordpress" in capsys.readouterr().out
