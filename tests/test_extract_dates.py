"""Vietnamese date forms (day-first, +07:00) and header-clock rejection."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from archive.extract import extract_page
from archive.extract.dates import VN_TZ, find_dates, has_date, is_date_only, to_iso

FORMS = [
    ("18-01-2022 18:07", "2022-01-18T18:07:00+07:00"),
    ("09/07/2021", "2021-07-09T00:00:00+07:00"),
    ("Ngày 05-05-2021", "2021-05-05T00:00:00+07:00"),
    ("(24/08/2022)", "2022-08-24T00:00:00+07:00"),
    ("Ngày đăng 06/01/2016 | 03:30 PM", "2016-01-06T15:30:00+07:00"),
    ("Cập nhật lúc 08:47:22 14/10/2019", "2019-10-14T08:47:22+07:00"),
    ("11:14, 31/10/2024", "2024-10-31T11:14:00+07:00"),
    ("Thứ Sáu, 30/01/2026-15:17", "2026-01-30T15:17:00+07:00"),
    ("ngày 18 tháng 02 năm 2021", "2021-02-18T00:00:00+07:00"),
    ("Được đăng ngày Thứ năm, 30 Tháng 6 2017", "2017-06-30T00:00:00+07:00"),
    ("2023-03-14T09:00:00Z", "2023-03-14T16:00:00+07:00"),
    ("10h30 ngày 5/3/2020", "2020-03-05T10:30:00+07:00"),
]


def _first(text):
    hits = find_dates(text)
    return hits[0].value if hits else None


@pytest.mark.parametrize(("text", "iso"), FORMS)
def test_forms(text: str, iso: str) -> None:
    assert to_iso(_first(text)) == iso


def test_day_first() -> None:
    assert to_iso(_first("03/04/2021")) == "2021-04-03T00:00:00+07:00"
    assert _first("31/13/2021") is None  # no month 13, never read month-first


@pytest.mark.parametrize(("text", "days"), [
    # a numeric date never continues a number, a path or a version: "1/2/2020" inside
    # "11/2/2020" or "1.1.2.2020" is not a date; a date may open the text
    ("12/03/2021", ["2021-03-12"]),
    ("x5/12/03/2021", []),
    ("Số 312/03/2021", []),
    ("1.1.2.2020 và 3.4.2020", ["2020-04-03"]),
    ("a-1/2/2020", []),
    ("(1/2/2020)", ["2020-02-01"]),
    # the long form and ISO dates never start inside a longer number
    ("ngày 118 tháng 2 năm 2021; ngày 18 tháng 2 năm 2021", ["2021-02-18"]),
    ("12021-02-03 and 2021-02-04", ["2021-02-04"]),
    ("2021-02-03", ["2021-02-03"]),
])
def test_what_may_precede_a_date(text: str, days: list[str]) -> None:
    assert [hit.day.isoformat() for hit in find_dates(text)] == days


def test_weekday_flag_and_date_only() -> None:
    hit = find_dates("Thứ sáu,  22/01/2021")[0]
    assert hit.weekday and not hit.has_time
    long_clock = find_dates("Thứ Sáu, ngày 23 tháng 08 năm 2019, 09:25:27")[0]
    assert long_clock.weekday and long_clock.has_time
    assert is_date_only("Thứ sáu,  22/01/2021")
    assert not is_date_only("Số 12/2020/QĐ-UBND ngày 1/2/2020 của UBND tỉnh")
    assert is_date_only("(Thứ hai, 19/04/2021 15:17)")  # a Liferay date line, brackets round all
    assert not is_date_only("Hà Nội (19/04/2021)")


def _page(clock: str, date_html: str) -> bytes:
    return f"""<html><head><meta charset="utf-8"></head><body>
<div class="header"><div class="top-bar"><span>{clock}</span></div><h2>BÁO TỈNH</h2></div>
<div class="main"><h1>Tiêu đề bài viết về công tác dân tộc của tỉnh</h1>{date_html}
<div class="content"><p>{'Nội dung bài viết về công tác dân tộc và chính sách dân tộc. ' * 12}</p>
<p>{'Đoạn thứ hai của bài viết nói về kết quả đạt được trong năm. ' * 10}</p></div></div>
</body></html>""".encode()


FETCHED = datetime(2021, 1, 22, 3, 0, tzinfo=UTC)


def test_the_time_of_a_new_years_day_date_from_a_timestamp_of_the_year_before() -> None:
    """"01/01/2021" under the headline and "Ngày đăng: 2020-12-31T17:30:00Z" (00:30 on 1
    January in Vietnam) below the text: the same day, and the timestamp gives its time."""
    page = _page("", '<div class="meta">01/01/2021</div>').replace(
        b"</div></div>\n</body>",
        b"</div><div class='info'>Ng\xc3\xa0y \xc4\x91\xc4\x83ng: 2020-12-31T17:30:00Z</div>"
        b"</div>\n</body>")
    result = extract_page(page, "https://x.vn/a", fetched_at=FETCHED)
    assert result.document["published"] == "2021-01-01T00:30:00+07:00"


@pytest.mark.parametrize("text", ["٠٩/٠٧/٢٠٢١", "０９/０７/２０２１", "09/07/２０２１ 10:30"])
def test_dates_are_written_in_ascii_digits(text: str) -> None:
    assert find_dates(text) == []
    assert not has_date(text)


def test_header_clock_never_taken() -> None:
    result = extract_page(_page("Thứ sáu, 22/01/2021", ""), "https://x.vn/a", fetched_at=FETCHED)
    assert result.kind == "article"
    assert result.document["published"] is None
    result = extract_page(_page("Thứ Sáu, ngày 22 tháng 01 năm 2021, 09:25:27", ""),
                          "https://x.vn/a", fetched_at=FETCHED)
    assert result.document["published"] is None


def test_real_date_next_to_header_clock() -> None:
    page = _page("Thứ sáu, 22/01/2021", '<div class="meta">08/01/2021 10:37</div>')
    result = extract_page(page, "https://x.vn/a", fetched_at=FETCHED)
    assert result.document["published"] == "2021-01-08T10:37:00+07:00"


def test_weekday_date_equal_to_fetch_day_is_a_clock() -> None:
    page = _page("", '<div class="meta">Thứ Sáu, 22/01/2021</div>')
    result = extract_page(page, "https://x.vn/a", fetched_at=FETCHED)
    assert result.document["published"] is None


def test_weekday_date_above_headline_is_a_clock_when_fetch_day_unknown() -> None:
    """A page saved by hand (no fetch date): a weekday date without a time right above the
    headline is the banner's "today", never the publication date."""
    body = ("<p>Các xã đã hỗ trợ giống cây trồng, vật nuôi và tập huấn kỹ thuật cho hơn 2.000 "
            "lượt hộ dân, góp phần nâng cao thu nhập và giảm tỷ lệ hộ nghèo trên địa bàn.</p>")
    page = ('<html><head><meta charset="utf-8"><title>Ban Dân tộc tỉnh Yên Bái</title></head>'
            '<body><table><tr><td><p>Thứ Hai, 05/07/2021</p>'
            '<h1>Hỗ trợ phát triển sản xuất cho đồng bào vùng cao</h1>' + body * 2 +
            '</td></tr></table></body></html>').encode()
    result = extract_page(page, "http://bandantoc.yenbai.gov.vn/News.aspx?id=1",
                          always_document=True)
    assert result.document["title"] == "Hỗ trợ phát triển sản xuất cho đồng bào vùng cao"
    assert result.document["published"] is None
    assert any(rule == "heuristic:weekday-date-above-headline" for _w, rule, _t in result.explain)


@pytest.mark.parametrize("text", [t for t, _ in FORMS] + [
    "", "2021", "31/13/2021", "Số 312/03/2021", "2021-02-30", "2021-02-03T25:00",
    "32 tháng 1 năm 2021", "ngày 5 tháng 13 năm 2020 và 1/2/2020"])
def test_has_date_agrees_with_find_dates(text: str) -> None:
    assert has_date(text) == bool(find_dates(text))


CLOCK_SCRIPT = ("<script>var d = new Date(); "
                "document.write(d.getDate() + '/' + (d.getMonth() + 1));</script>")
CLOCK_PARAGRAPHS = [
    "Sáng nay, Ban Dân tộc tỉnh tổ chức hội nghị tổng kết công tác dân tộc năm 2023.",
    "Tham dự hội nghị có đại diện lãnh đạo các sở, ban, ngành và phòng dân tộc các huyện.",
    "Năm qua, các chính sách dân tộc được triển khai kịp thời, đời sống đồng bào được cải thiện.",
    "Hội nghị đã thảo luận các giải pháp thực hiện chương trình mục tiêu quốc gia thời gian tới.",
]


def _page_with_clock_script(where: str) -> bytes:
    """A WordPress article whose "new Date()" script sits in ``where``; it shows its own
    date line ``Thứ Ba, 05/03/2024 08:15`` under the headline."""
    def script(place: str) -> str:
        return CLOCK_SCRIPT if place == where else ""
    return ("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>"
            "<title>Hội nghị tổng kết công tác dân tộc năm 2023</title>"
            f"<link rel='stylesheet' href='/wp-content/themes/x/style.css'>{script('head')}"
            f"</head><body>{script('body')}<div class='menu'><a href='/'>Trang chủ</a></div>"
            f"<div class='content'>{script('content')}<article class='post'>{script('article')}"
            f"<header class='entry-header'>{script('header')}"
            "<h1 class='entry-title'>Hội nghị tổng kết công tác dân tộc năm 2023</h1>"
            "<p class='post-date'>Thứ Ba, 05/03/2024 08:15</p></header>"
            "<div class='entry-content'>"
            + "".join(f"<p>{p}</p>" for p in CLOCK_PARAGRAPHS)
            + "</div></article></div><div class='footer'>Ban Dân tộc tỉnh</div></body></html>"
            ).encode()


@pytest.mark.parametrize("where", ["head", "body", "content", "article", "header"])
def test_a_clock_script_never_makes_the_page_or_article_a_clock(where: str) -> None:
    result = extract_page(_page_with_clock_script(where), "https://bdt.example.gov.vn/hoi-nghi",
                          fetched_at=datetime(2026, 11, 28, tzinfo=UTC), always_document=True)
    document = result.document or {}
    assert document["published"] == "2024-03-05T08:15:00+07:00"
    assert not [e for e in result.explain if "clock" in e[0]]


@pytest.mark.parametrize(("shown", "published", "precision"), [
    # midnight on 1 January in Vietnam, printed in UTC on the last day of the year before
    ("2021-12-31T17:00:00Z", datetime(2022, 1, 1, tzinfo=VN_TZ), "minute"),
    # two days before, at an offset of -23:00
    ("2021-12-31T18:00:00-23:00", datetime(2022, 1, 2, tzinfo=VN_TZ), "minute"),
    ("00:00 09/07/2021", datetime(2021, 7, 9, tzinfo=VN_TZ), "minute"),
    ("09/07/2021", datetime(2021, 7, 9, tzinfo=VN_TZ), "day"),
    ("00:00 09/07/2020", datetime(2021, 7, 9, tzinfo=VN_TZ), "day"),  # another day's midnight
])
def test_published_precision_finds_a_midnight_printed_in_any_time_zone(
        shown: str, published: datetime, precision: str) -> None:
    import lxml.html

    from archive.extract.precision import published_precision

    page = lxml.html.document_fromstring(
        f'<html><body><p>Tin</p><script>var d = "{shown}";</script></body></html>')
    assert published_precision(page, published) == precision
