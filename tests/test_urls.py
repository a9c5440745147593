"""URL canonicalisation and trap detection (generic rules, no site-specific hacks)."""

from __future__ import annotations

import pytest

from archive.urls import (
    TrapGuard,
    canonicalize,
    has_repeating_segments,
    is_print_duplicate,
    looks_like_calendar,
)


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
])
def test_canonicalize(url, expected):
    assert canonicalize(url) == expected


@pytest.mark.parametrize("url", [
    "http://x/en/en/en/tin-tuc", "http://x/a/b/a/b/a/b", "http://x/vi/en/web/guest/tin",
    "http://x/tin-tuc/chi-tiet/tin-tuc/chi-tiet/1",
    "http://x/3cms/3cms/?cmd=1",
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


@pytest.mark.parametrize(("url", "calendar"), [
    ("http://x/lich-cong-tac?thang=5&nam=2024", True),
    ("http://x/tin-theo-ngay.html?ngay=21-11-2026", True),
    ("http://x/events?month=2024-05", True),
    ("http://x/cal?date=20240501", True),
    ("http://x/lich/2024/5/", True),
    ("http://x/Pages/chi-tiet.aspx?ItemID=2015", False),
    ("http://x/2024/10/31/slug/", False),
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
