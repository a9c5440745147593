"""Request URLs, canonical keys and trap detection (generic rules, no site-specific hacks).

Real-world URL shapes below are URLs as published by the sites named in them (seen in
public repositories through the search index); only their shape matters here.
"""

from __future__ import annotations

import pytest

from archive.urls import (
    TrapGuard,
    canonicalize,
    has_noise,
    has_repeating_segments,
    is_print_duplicate,
    looks_like_calendar,
    request_url,
)


# Request URL: exactly as linked, normalised only as a browser would.
@pytest.mark.parametrize(("url", "expected"), [
    ("HTTP://Example.GOV.vn:80/a#frag", "http://example.gov.vn/a"),
    ("https://x.gov.vn:443", "https://x.gov.vn/"),
    ("http://x.gov.vn:8080/a", "http://x.gov.vn:8080/a"),
    ("http://x/tai-lieu/a%2Fb.html", "http://x/tai-lieu/a%2Fb.html"),
    ("http://x/khuyen-mai-100%25.html", "http://x/khuyen-mai-100%25.html"),
    ("http://x/tep/bao%2520cao.pdf", "http://x/tep/bao%2520cao.pdf"),
    ("http://x/tin/b%E1o-c%E1o.html", "http://x/tin/b%E1o-c%E1o.html"),
    ("http://x/a%7e%2f", "http://x/a%7e%2f"),  # not even the case of an escape changes
    ("http://x/files?dir=/2024/qd&sort=date", "http://x/files?dir=/2024/qd&sort=date"),
    ("http://x/a;jsessionid=ABC123?b=2&a=1", "http://x/a;jsessionid=ABC123?b=2&a=1"),
    ("http://x/tin tức/Đ.html?q=Đ x", "http://x/tin%20t%E1%BB%A9c/%C4%90.html?q=%C4%90%20x"),
    ("http://x/a\tb\n", "http://x/ab"),
    ("https://ipvietnam.gov.vn/documents/20195/811934/Ch%E1%BB%89%2Bd%E1%BA%ABn.pdf",
     "https://ipvietnam.gov.vn/documents/20195/811934/Ch%E1%BB%89%2Bd%E1%BA%ABn.pdf"),
    ("https://tiengiang.gov.vn/documents/1058688/7027032//1058688_7027032_144749.jpg",
     "https://tiengiang.gov.vn/documents/1058688/7027032//1058688_7027032_144749.jpg"),
])
def test_request_url_is_the_link(url, expected):
    assert request_url(url) == expected


@pytest.mark.parametrize("url", ["http:///path", "http://x:99999/", "http://x:port/"])
def test_request_url_rejects_what_cannot_be_fetched(url):
    with pytest.raises(ValueError):
        request_url(url)


@pytest.mark.parametrize(("url", "expected"), [
    ("HTTP://Example.GOV.vn:80/a#frag", "http://example.gov.vn/a"),
    ("https://x.gov.vn:443/", "https://x.gov.vn/"),
    ("https://x.gov.vn:8443/", "https://x.gov.vn:8443/"),
    ("http://x.gov.vn/a;jsessionid=ABC123?b=2&a=1", "http://x.gov.vn/a?a=1&b=2"),
    ("http://x.gov.vn/p?PHPSESSID=1&id=5&utm_source=fb", "http://x.gov.vn/p?id=5"),
    ("http://x.gov.vn/-/content/s?redirect=http%3A%2F%2Fx.gov.vn%2F&_101_redirect=%2F",
     "http://x.gov.vn/-/content/s"),
    ("http://x.gov.vn/tin?page=2&sort=date&dir=desc&pagesize=20", "http://x.gov.vn/tin?page=2"),
    ("http://x/w?_101_INSTANCE_a_cur=2&_101_INSTANCE_a_delta=20&p_p_col_id=column-1",
     "http://x/w?_101_INSTANCE_a_cur=2"),
    ("http://x.gov.vn/Đường dẫn", "http://x.gov.vn/%C4%90%C6%B0%E1%BB%9Dng%20d%E1%BA%ABn"),
    ("http://x/%7e%41%2f?b=%2f&a=%e1", "http://x/~A%2F?a=%E1&b=%2F"),
    ("http://x/tin?sort=date&dir=desc", "http://x/tin"),
    ("http://x/files?dir=/2024/qd&order=title", "http://x/files?dir=/2024/qd"),
    ("http://x/list?order=/a/b", "http://x/list?order=/a/b"),
])
def test_canonicalize(url, expected):
    assert canonicalize(url) == expected


@pytest.mark.parametrize(("a", "b"), [
    ("http://x/tai-lieu/a%2Fb.html", "http://x/tai-lieu/a/b.html"),
    ("http://x/khuyen-mai-100%25.html", "http://x/khuyen-mai-100%.html"),
    ("http://x/tep/bao%2520cao.pdf", "http://x/tep/bao%20cao.pdf"),
    ("http://x/tin/b%E1o-c%E1o.html", "http://x/tin/b%EF%BF%BDo-c%EF%BF%BDo.html"),
    ("http://x/tin/b%E1o.html", "http://x/tin/b%C3%A1o.html"),
    ("http://x/files?dir=/2024/qd", "http://x/files?dir=/2024/tb"),
    ("http://x/files?dir=/2024/qd", "http://x/files"),
    ("https://ipvietnam.gov.vn/documents/20195/811934/Ch%2Bd.pdf",
     "https://ipvietnam.gov.vn/documents/20195/811934/Ch+d.pdf"),
])
def test_different_resources_keep_different_keys(a, b):
    assert canonicalize(a) != canonicalize(b)


@pytest.mark.parametrize(("url", "noisy"), [
    ("http://x/-/content/s?redirect=http%3A%2F%2Fx%2F", True),
    ("http://x/a;jsessionid=ABC123", True),
    ("http://x/p?id=5&PHPSESSID=1", True),
    ("http://x/tin?page=2&sort=date", True),
    ("http://x/files?dir=/2024/qd", False),
    ("http://x/tin?page=2", False),
    ("http://x/tin/b%E1o-c%E1o.html", False),
])
def test_noise_is_what_the_key_drops(url, noisy):
    assert has_noise(url) is noisy


@pytest.mark.parametrize("url", [
    "http://x/tai-lieu/a%2Fb.html", "http://x/tin/b%E1o-c%E1o.html", "http://x/a%2520b",
    "http://x/files?dir=/2024/qd", "http://x/Đường dẫn?q=Đ",
])
def test_canonical_key_is_stable(url):
    assert canonicalize(canonicalize(url)) == canonicalize(url)
    assert canonicalize(request_url(url)) == canonicalize(url)


@pytest.mark.parametrize("url", [
    "http://x/en/en/en/tin-tuc", "http://x/a/b/a/b/a/b", "http://x/vi/en/web/guest/tin",
    "http://x/tin-tuc/chi-tiet/tin-tuc/chi-tiet/1",
    "http://x/3cms/3cms/3cms/?cmd=1", "http://x/van-ban/a/van-ban/b/van-ban/c.pdf",
    "http://x/tin/1/tin/1/", "http://x/1/1/1/",
    "http://x/Login.aspx?returnurl=%2FLogin.aspx%3Freturnurl%3D%252FLogin.aspx%253Freturnurl%253D",
])
def test_loops_are_detected(url):
    assert has_repeating_segments(url)


@pytest.mark.parametrize("url", [
    "http://x/tin-tuc/2024/10/31/bai-viet", "http://x/index.php?option=com_content&id=5",
    "http://x/sites/bandantoc/Pages/tin-tuc.aspx?Page=2",
])
def test_ordinary_urls_are_not_loops(url):
    assert not has_repeating_segments(url)
    assert not is_print_duplicate(url)


# Real sites repeat a segment twice: date permalinks whose month is their day, folders
# named like their parent (.gov.vn document folders, news sections), Liferay documents.
REAL_WORLD_URLS = [
    "https://blog.ionelmc.ro/2020/02/02/speeding-up-django-pagination/",
    "https://www.npr.org/2020/02/02/801876739/sunday-puzzle-missing-doubles",
    "https://blog.theivan.io/watchkit/2020/02/02/apple-watch-haptics-in-background.html",
    "https://www.socialnews.xyz/wp-content/uploads/2021/01/01/"
    "Telugu-Movies-2021-New-Year-and-Announcement-HD-Posters-3.jpg",
    "https://cdn.pixabay.com/photo/2020/02/02/11/41/cooler-bag-4812757_1280.jpg",
    "http://x.gov.vn/2024/01/01/le-hoi-ngay-dau-nam/",
    "http://x.gov.vn/2012/12/12/",
    "http://x.gov.vn/van-ban/van-ban/qd-12-2024.pdf",
    "http://thethao.vnexpress.net/tin-tuc/tin-tuc/"
    "bo-dao-nha-toan-thua-phap-trong-10-lan-doi-dau-gan-nhat-3433575.html",
    "https://www.danangbus.vn/tin-tuc/tin-tuc/huong-dan-su-dung-ung-dung-danabus-1128.html",
    "https://bizflycloud.vn/tin-tuc/tin-tuc/trang-2.htm",
    "https://moet.gov.vn/van-ban/vanban/Pages/chi-tiet-van-ban.aspx?ItemID=1600",
    "https://tiengiang.gov.vn/documents/1058688/7027032//1058688_7027032_144749_18012019.jpg",
    "https://svhtt.hochiminhcity.gov.vn/documents/10184/428712/"
    "Tap%2Btai%2Blieu%2Bbao%2Bcao.pdf/0b5e54dc-5fcd-466e-ba8d-d3437d527886",
    "https://ncov.moh.gov.vn/documents/20182/6848000/Duongdaynong/"
    "69d6a130-defa-4cbc-92f7-67d50937d68f?t=1581123135834",
    "https://sbv.gov.vn/documents/d/sbv_portal/593059",
]


@pytest.mark.parametrize("url", REAL_WORLD_URLS)
def test_real_world_urls_are_not_traps(url):
    assert not has_repeating_segments(url)
    assert not is_print_duplicate(url)
    assert not looks_like_calendar(url)
    assert TrapGuard().reason_to_skip(url) is None


@pytest.mark.parametrize(("url", "calendar"), [
    ("http://x/lich-cong-tac?thang=5&nam=2024", True),
    ("http://x/tin-theo-ngay.html?ngay=21-11-2026", True),
    ("http://x/events?month=2024-05", True),
    ("http://x/cal?date=20240501", True),
    ("http://x/lich/2024/5/", True),
    ("http://x/Pages/chi-tiet.aspx?ItemID=2015", False),
    ("http://x/2024/10/31/slug/", False),
    ("http://x/2024/01/01/ngay-hoi-dai-doan-ket-toan-dan/", False),
    ("http://x/su-kien/2024/05/05/le-ky-niem-ngay-thanh-lap-tinh/", False),
    ("http://x/su-kien/2024/05/", True),
    ("http://x/tin-tuc?page=3", False),
])
def test_calendar_detection(url, calendar):
    assert looks_like_calendar(url) is calendar


@pytest.mark.parametrize("url", [
    "http://x/index.php?option=com_content&id=5&tmpl=component&print=1",
    "http://x/tin?p_p_state=pop_up", "http://x/bai-viet/print/", "http://x/a?format=pdf",
])
def test_print_duplicates(url):
    assert is_print_duplicate(url)


@pytest.mark.parametrize(("url", "search"), [
    ("http://x/tim-kiem?q=dan+toc", True), ("http://x/?s=chinh+sach", True),
    ("http://x/index.php?searchword=abc&option=com_search", True),
    ("http://x/tin-tuc?page=2", False), ("http://x/?p=123", False),
])
def test_search_detection(url, search):
    from archive.urls import looks_like_search
    assert looks_like_search(url) is search


def test_budget_per_url_shape():
    guard = TrapGuard(calendar_budget=5, pattern_budget=50)
    calendar = [f"http://x/lich?thang={m}&nam=2024" for m in range(1, 13)]
    allowed = [u for u in calendar if guard.reason_to_skip(u) is None]
    assert len(allowed) == 5
    pages = [f"http://x/tin-tuc?page={n}" for n in range(1, 40)]
    assert all(guard.reason_to_skip(u) is None for u in pages)


def test_sitemap_entries_and_articles_do_not_spend_the_shape_budget():
    guard = TrapGuard(calendar_budget=2, pattern_budget=3)
    articles = [f"http://x/Default.aspx?tabid=57&ItemID={n}" for n in range(1, 11)]
    # a site's sitemap lists its articles: no per-shape cap (max_pages still bounds a crawl)
    assert all(guard.reason_to_skip(u, listed=True) is None for u in articles)
    # linked from listings: 3 at a time, and each one that proves an article gives its share back
    linked = [f"http://x/tin-tuc/{n}.html" for n in range(1, 11)]
    allowed = []
    for url in linked:
        if guard.reason_to_skip(url) is None:
            allowed.append(url)
            guard.refund(url)  # it was an article
    assert allowed == linked
    pager = [f"http://x/tin-tuc?page={n}" for n in range(1, 11)]  # listings: never refunded
    assert len([u for u in pager if guard.reason_to_skip(u) is None]) == 3
    # a sitemap never opens a calendar or a search
    calendar = [f"http://x/lich?thang={m}&nam=2024" for m in range(1, 13)]
    assert len([u for u in calendar if guard.reason_to_skip(u, listed=True) is None]) == 2
    guard.refund(calendar[0])
    assert guard.reason_to_skip(calendar[5], listed=True) is not None
