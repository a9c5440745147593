"""Generic behaviours of the extractor on small pages with markup no rule file knows.

Text conventions: a list item is a bare line (``<li>`` bullets, ``<ol>`` numbers and Word
list bullets are markup, not text), a dash the author typed in a paragraph is kept; captions
are kept even when their class says "caption" (trafilatura would drop them).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from archive.extract import extract_page, load_rulebook
from archive.extract.selectors import required_runs

URL = "https://bandantoc.example.gov.vn/tin-tuc/bai-viet-123.html"
FETCHED = datetime(2024, 11, 5, 2, 0, tzinfo=UTC)
PARA = ("Ban Dân tộc tỉnh đã tổ chức hội nghị tổng kết công tác dân tộc năm 2024 với sự tham "
        "dự của lãnh đạo các sở, ban, ngành và đại diện người có uy tín trong đồng bào.")
PARA2 = ("Hội nghị đã đánh giá kết quả thực hiện các chương trình, chính sách dân tộc trên địa "
         "bàn tỉnh và đề ra nhiệm vụ trọng tâm cho năm tiếp theo, trong đó chú trọng giảm nghèo.")
PARA3 = ("Phát biểu kết luận, đồng chí Trưởng ban đề nghị các đơn vị tiếp tục phối hợp chặt chẽ, "
         "tham mưu kịp thời cho Ủy ban nhân dân tỉnh trong công tác dân tộc thời gian tới.")
TITLE = "Hội nghị tổng kết công tác dân tộc năm 2024"


def page(body: str, *, head: str = "", title: str = TITLE) -> bytes:
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title} - '
            f"Ban Dân tộc tỉnh Mẫu</title>{head}</head><body>{body}</body></html>").encode()


def run(body: str, **kw):
    result = extract_page(page(body, **kw), URL, headers={"Content-Type": "text/html"},
                          fetched_at=FETCHED)
    lines = (result.document or {}).get("text", "").split("\n\n")
    return result, lines


def article(inner: str, *, before: str = "", after: str = "") -> str:
    return (f'<div class="top">{before}</div><div class="wrap"><h1>{TITLE}</h1>'
            f'<div class="meta">Ngày 04/11/2024</div><div class="noi-dung-x">{inner}</div>'
            f"</div>{after}")


# --- lists -------------------------------------------------------------------------------

def test_markup_list_items_are_bare_lines_and_typed_dashes_stay() -> None:
    inner = (f"<p>{PARA}</p><ul><li>Mục thứ nhất của danh sách;</li><li>- Mục có gạch gõ tay;"
             f"</li></ul><ol><li>Mục đánh số một.</li></ol><p>- Ý gõ tay trong đoạn văn, giữ "
             f"nguyên dấu gạch đầu dòng như tác giả viết.</p><p>{PARA2}</p><p>{PARA3}</p>")
    result, lines = run(article(inner))
    assert result.kind == "article"
    assert "Mục thứ nhất của danh sách;" in lines
    assert "- Mục có gạch gõ tay;" in lines
    assert "Mục đánh số một." in lines
    assert "- Ý gõ tay trong đoạn văn, giữ nguyên dấu gạch đầu dòng như tác giả viết." in lines
    assert not [line for line in lines if "\u2983" in line]


def test_word_list_paragraph_bullets_are_markup() -> None:
    span = '<span style="mso-list:Ignore">-<span style="font:7.0pt">&nbsp;&nbsp; </span></span>'
    inner = (f'<p class="MsoNormal">{PARA}</p>'
             f'<p class="MsoListParagraphCxSpFirst" style="mso-list:l0 level1 lfo1">{span}'
             "Hỗ trợ phát triển sản xuất cho hộ nghèo;</p>"
             '<p class="MsoNormal" style="margin-left:36.0pt"><span>- Hỗ trợ nước sinh hoạt '
             "phân tán;</span></p>"
             '<p class="MsoNormal">- Gạch gõ tay trong đoạn thường của Word, không thụt lề.</p>'
             f'<p class="MsoNormal">{PARA2}</p><p class="MsoNormal">{PARA3}</p>')
    _result, lines = run(article(inner))
    assert "Hỗ trợ phát triển sản xuất cho hộ nghèo;" in lines
    assert "Hỗ trợ nước sinh hoạt phân tán;" in lines
    assert "- Gạch gõ tay trong đoạn thường của Word, không thụt lề." in lines


# --- captions ----------------------------------------------------------------------------

@pytest.mark.parametrize("figure", [
    '<figure class="wp-block-image"><img src="/a.png"><figcaption class="wp-element-caption">'
    "Toàn cảnh hội nghị tổng kết</figcaption></figure>",
    '<div class="wp-caption"><img src="/a.png"><p class="wp-caption-text">Toàn cảnh hội nghị '
    "tổng kết</p></div>",
])
def test_caption_markup_is_kept(figure: str) -> None:
    result, lines = run(article(f"<p>{PARA}</p>{figure}<p>{PARA2}</p><p>{PARA3}</p>"))
    assert "Toàn cảnh hội nghị tổng kết" in lines
    assert result.document["captions"] == ["Toàn cảnh hội nghị tổng kết"]


# --- headline, lead, byline, dates -------------------------------------------------------

def test_a_headline_linking_elsewhere_is_a_teaser_not_the_title() -> None:
    body = ('<div class="item"><h2 class="news-title"><a href="/tin-tuc/khac-1.html">Một bài '
            "khác có tiêu đề dài dòng ở đầu trang</a></h2></div>" + article(
                f"<p>{PARA}</p><p>{PARA2}</p><p>{PARA3}</p>"))
    result, _lines = run(body)
    assert result.document["title"] == TITLE


def test_site_name_is_cut_from_the_page_title_only_at_the_edge() -> None:
    title = "Phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số"
    body = f'<div class="x"><p>{PARA}</p><p>{PARA2}</p><p>{PARA3}</p></div>'
    result, _lines = run(body, title=title)
    assert result.document["title"] == title


def test_lead_between_headline_and_body_with_agency_prefix() -> None:
    lead = ("(TTXVN) - Sáng 4/11, Ban Dân tộc tỉnh tổ chức hội nghị tổng kết công tác dân tộc "
            "năm 2024 và triển khai nhiệm vụ năm 2025.")
    body = (f'<div class="wrap"><h1>{TITLE}</h1><div class="meta">Ngày 04/11/2024</div>'
            f'<h2>{lead}</h2><div class="noi-dung-x"><p>{PARA}</p><p>{PARA2}</p>'
            f'<p>{PARA3}</p></div></div><div class="side"><p class="summary">Tóm tắt một bài '
            "khác ở cột bên, không phải sapo của bài này.</p></div>")
    result, lines = run(body)
    assert result.document["lead"] == lead
    assert lines[0] == lead
    assert not [line for line in lines if "cột bên" in line]


def test_byline_with_bo_i_label() -> None:
    body = (f'<div class="wrap"><h1>{TITLE}</h1><div class="meta"><span>04/11/2024</span> '
            f'<span>bởi <a href="/tac-gia/y-lien">Y Liên</a></span></div><div class="nd">'
            f"<p>{PARA}</p><p>{PARA2}</p><p>{PARA3}</p></div></div>")
    result, lines = run(body)
    assert result.document["author"] == "Y Liên"
    assert not [line for line in lines if "Y Liên" in line]


def test_author_opening_a_long_meta_line_under_the_headline() -> None:
    """A meta line longer than any byline names its author first ("bởi Quang Huy, trong
    chuyên mục ..."); a long line whose first part is itself long names nobody."""
    meta = ("bởi Quang Huy, trong chuyên mục Tin hoạt động của Ban Dân tộc tỉnh Mẫu, cập nhật "
            "lần cuối vào buổi sáng ngày 04/11/2024")
    assert len(meta) > 90
    body = (f'<div class="wrap"><h1>{TITLE}</h1><div class="meta">{meta}</div><div class="nd">'
            f"<p>{PARA}</p><p>{PARA2}</p><p>{PARA3}</p></div></div>")
    result, _lines = run(body)
    assert result.document["author"] == "Quang Huy"
    long_first = meta.replace("bởi Quang Huy, trong", "bởi Quang Huy trong")
    result, _lines = run(body.replace(meta, long_first))
    assert result.document["author"] is None


@pytest.mark.parametrize(("byline", "author"), [
    ('<p class="author" style="text-align:right"><b>Hồng Nhung, Phòng Tuyên truyền và Địa bàn'
     "</b></p>", "Hồng Nhung, Phòng Tuyên truyền và Địa bàn"),
    ('<div class="byline">Tác giả: Lê Văn Hải</div>', "Lê Văn Hải"),
    ('<p><span itemprop="author">Trần Minh Đức</span></p>', "Trần Minh Đức"),
    ('<p style="text-align: right;"><strong>Thu Hà, Văn phòng Ban</strong></p>',
     "Thu Hà, Văn phòng Ban"),
])
def test_byline_closing_the_body(byline: str, author: str) -> None:
    """``p.author`` / ``.byline`` / ``itemprop=author`` (which trafilatura discards) and a
    right-aligned bold last paragraph are bylines; the line leaves the text."""
    result, lines = run(article(f"<p>{PARA}</p><p>{PARA2}</p><p>{PARA3}</p>{byline}"))
    assert result.document["author"] == author
    assert lines == [PARA, PARA2, PARA3]
    empty = byline.replace(author, "")
    result, lines = run(article(f"<p>{PARA}</p><p>{PARA2}</p><p>{PARA3}</p>{empty}"))
    assert result.document["author"] is None
    assert lines == [PARA, PARA2, PARA3]


def test_bylines_of_teasers_are_not_the_author() -> None:
    related = "".join(f'<li><a href="/tin-tuc/khac-{i}.html">Tin khác số {i} về công tác dân '
                      f'tộc</a> <span class="author">Phóng viên {i}</span></li>'
                      for i in range(1, 4))
    inner = f"<p>{PARA}</p><p>{PARA2}</p><ul>{related}</ul><p>{PARA3}</p>"
    result, _lines = run(article(inner))
    assert result.document["author"] is None


def test_labelled_date_gives_the_date_and_the_time_of_a_same_day_date() -> None:
    inner = f"<p>{PARA}</p><p>{PARA2}</p><p>{PARA3}</p>"
    body = (f'<div class="clock">Thứ Ba, 05/11/2024</div><div class="wrap"><h1>{TITLE}</h1>'
            f'<div class="meta">(04/11/2024)</div><div class="nd">{inner}</div>'
            '<div class="foot">Ngày đăng 04/11/2024 | 03:30 PM</div></div>')
    result, _lines = run(body)
    assert result.document["published"] == "2024-11-04T15:30:00+07:00"
    no_date_under_title = body.replace("(04/11/2024)", "()")
    result, _lines = run(no_date_under_title)
    assert result.document["published"] == "2024-11-04T15:30:00+07:00"


def test_header_clock_is_never_the_date() -> None:
    body = (f'<div class="top">Thứ Ba, 05/11/2024</div><div class="wrap"><h1>{TITLE}</h1>'
            f'<div class="nd"><p>{PARA}</p><p>{PARA2}</p><p>{PARA3}</p></div></div>')
    result, _lines = run(body)
    assert result.kind == "article"
    assert not (result.document["published"] or "").startswith("2024-11-05")


# --- classification ----------------------------------------------------------------------

def teaser(n: int, summary: str = "Tóm tắt ngắn của bài viết về công tác dân tộc ở địa phương "
           "trong thời gian qua...") -> str:
    return (f'<div class="entry"><h2><a href="/tin-tuc/bai-{n}.html">Tiêu đề bài viết số {n} '
            f"về công tác dân tộc</a></h2><span>0{n}/11/2024</span><p>{summary}</p></div>")


@pytest.mark.parametrize("count", [1, 2])
def test_teaser_pages_are_listings_whatever_their_dates(count: int) -> None:
    extra = '<time class="updated">08:00, 05/11/2024</time>'
    body = ('<h1 class="archive-title">Chuyên mục: Tin tức</h1>'
            + "".join(teaser(i) for i in range(1, count + 1)).replace("</span>", "</span>" + extra))
    result, _lines = run(body, title="Tin tức")
    assert result.kind == "listing"


def test_article_with_related_news_is_an_article() -> None:
    related = "".join(f'<li><a href="/tin-tuc/khac-{i}.html">Tin liên quan số {i} về công tác '
                      f"dân tộc</a> (0{i}/11/2024)</li>" for i in range(1, 6))
    result, lines = run(article(f"<p>{PARA}</p><p>{PARA2}</p><p>{PARA3}</p>",
                                after=f'<div class="rel"><h3>Tin liên quan</h3><ul>{related}'
                                      "</ul></div>"))
    assert result.kind == "article"
    assert lines == [PARA, PARA2, PARA3]
    assert result.document["author"] is None  # no byline: no line is taken for one


LIFERAY_ABOUT = (
    '<div class="portlet-boundary portlet-boundary_x_"><section class="portlet">'
    '<h2 class="portlet-title-text">Giới thiệu</h2><div class="journal-content-article">'
    f"<p>{PARA}</p><p>{PARA2}</p>{{extra}}</div></section></div>")


def test_page_without_title_or_date_is_not_an_article() -> None:
    """An "about" web content page: a body container full of prose, but no headline (the
    portlet title is a menu word) and no date anywhere."""
    result, _lines = run(LIFERAY_ABOUT.format(extra=""), title="Giới thiệu")
    assert result.cms == "liferay"
    assert result.kind == "other"
    assert result.document is None


@pytest.mark.parametrize("meta", ["Cập nhật lúc 08:47:22 14/10/2019",
                                  "Ngày đăng 06/01/2016 | 03:30 PM"])
def test_page_without_title_but_with_a_labelled_date_stays_an_article(meta: str) -> None:
    result, _lines = run(LIFERAY_ABOUT.format(extra=f'<div class="info">{meta}</div>'),
                         title="Giới thiệu")
    assert result.kind == "article"
    assert result.document["title"] is None


# --- rule machinery ----------------------------------------------------------------------

LINES = ["Thống kê truy cập", "Đang truy cập: 27", "Tổng truy cập: 3.320.252", "Xem với cỡ chữ",
         "A- A A+", "Ghi rõ nguồn Trang thông tin khi phát hành", "Bản quyền © 2015 Ban Dân tộc",
         "Trang web đã được bảo lưu toàn quyền.", "All rights reserved", "Các tin khác",
         "Tải về: bao-cao.pdf", "Tài liệu đính kèm", "KH-cong-tac-2017.pdf",
         "BAN DÂN TỘC TỈNH THÁI NGUYÊN - Địa chỉ: Số 18 đường Nha Trang - Điện thoại: 0280 3855",
         PARA, PARA2, "Người dân ghi nhận sự hỗ trợ; bản quyền tác giả được tôn trọng.",
         "Địa chỉ liên hệ của người có uy tín được công khai tại xã.", "Tin khác"]


@pytest.mark.parametrize("family", ["liferay", "sharepoint", "aspnet", "joomla", "wordpress",
                                    "3cms", "table", "newspaper", "generic"])
def test_fast_line_filters_decide_like_the_patterns_one_by_one(family: str) -> None:
    rules = load_rulebook().for_page(family)
    for line in LINES:
        slow_drop = next((p for p in rules.drop_lines if p.regex.search(line)), None)
        slow_stop = next((p for p in rules.stop_lines if p.regex.search(line)), None)
        assert rules.drops(line) is slow_drop, line
        assert rules.stops(line) is slow_stop, line


def test_marker_prefilter_runs() -> None:
    assert required_runs(r"Báo [^<]{2,30} điện tử|Tòa soạn") == (("báo ", " điện tử"),
                                                                   ("tòa soạn",))
    assert required_runs(r"Cơ quan (?:của|ngôn luận của) Đảng") == (("cơ quan ", "của",
                                                                     " đảng"),)
    assert required_runs(r"Cơ quan (?:của|ngôn luận của)? Đảng") == (("cơ quan ", " đảng"),)
    assert required_runs(r'class="[^"]*\b(sapo|detail-sapo)\b') == (('class="', "sapo"),)
    assert required_runs(r"ab?cd|x") == ()  # an alternative without fixed text: no pre-filter


# --- headlines with dates and brackets (issue 8) --------------------------------------------

def test_site_name_split_never_cuts_inside_brackets() -> None:
    title = "Tập huấn nghiệp vụ (đợt 1 - Ban Dân tộc tỉnh Mẫu)"
    body = f'<div class="x"><p>{PARA}</p><p>{PARA2}</p><p>{PARA3}</p></div>'
    result, _lines = run(body, title=title)
    assert result.document["title"] == title


@pytest.mark.parametrize("headline", [
    "Lịch tiếp công dân áp dụng từ 02/12/2024",
    "Kỷ niệm ngày thành lập (03/12/1946 - 03/12/2024)",
])
def test_a_date_that_is_part_of_the_headline_stays(headline: str) -> None:
    body = (f'<div class="wrap"><h1>{headline}</h1><div class="meta">Ngày 04/11/2024</div>'
            f'<div class="nd"><p>{PARA}</p><p>{PARA2}</p><p>{PARA3}</p></div></div>')
    result, _lines = run(body, title=headline,
                         head=f'<meta property="og:title" content="{headline}">')
    assert result.document["title"] == headline


def test_a_date_stamp_after_the_headline_is_cut() -> None:
    body = (f'<div class="wrap"><h1>{TITLE} 04/11/2024</h1>'
            f'<div class="nd"><p>{PARA}</p><p>{PARA2}</p><p>{PARA3}</p></div></div>')
    result, _lines = run(body)
    assert result.document["title"] == TITLE


def test_shown_date_beats_later_metadata_but_never_a_header_clock() -> None:
    meta = '<meta property="article:published_time" content="2024-11-03T10:00:00+07:00">'
    shown = (f'<article><header class="clearfix"><span>Thứ Sáu, 01/11/2024 | 08:15</span>'
             f'</header><div><div><h1>{TITLE}</h1></div>'
             f'<div class="nd"><p>{PARA}</p><p>{PARA2}</p><p>{PARA3}</p></div></div></article>')
    result, _lines = run(shown, head=meta)
    assert result.document["published"] == "2024-11-01T08:15:00+07:00"
    clock = (f'<div class="top">Thứ Sáu, 01/11/2024 | 08:15</div><article><div><div>'
             f'<h1>{TITLE}</h1></div><div class="nd"><p>{PARA}</p><p>{PARA2}</p><p>{PARA3}</p>'
             f'</div></div></article>')
    result, _lines = run(clock, head=meta)
    assert result.document["published"] == "2024-11-03T10:00:00+07:00"
