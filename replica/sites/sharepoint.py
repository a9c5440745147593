"""SharePoint 2013 provincial portal; the site is the sub-site /sites/bandantoc/."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from replica.content import Article, vn
from replica.sites.base import BaseSite, Request, Response
from replica.util import esc, paginate, viewstate

ROOT = "/sites/bandantoc"
LIST_GUID = "%7B8F4C2A1B-3D5E-4F60-9A7B-1C2D3E4F5A6B%7D"
LAYOUT_CSS = "/_layouts/15/1066/styles/Themable/corev15.css?rev=OqAycmyMLoQIDkAlzHdMhQ%3D%3D"
LAYOUT_JS = "/_layouts/15/init.js?rev=ZjM1vjfmaCRXbCvWdI8LVw%3D%3D"
OTHER_SITES = {
    "/sites/sotuphap": "Sở Tư pháp tỉnh Vĩnh Phúc",
    "/sites/bandantoc-cu": "Ban Dân tộc tỉnh Vĩnh Phúc (trang cũ)",
}


class SharePointSite(BaseSite):
    """SharePoint: Pages/*.aspx, ItemID pages, web part chrome, __VIEWSTATE, date filter."""

    key = "sharepoint"
    family = "sharepoint"
    name = "Ban Dân tộc tỉnh Vĩnh Phúc"
    province = "Vĩnh Phúc"
    province_2025 = "Phú Thọ"
    start_path = ROOT + "/"
    scope_prefix = ROOT
    server_headers = [
        ("Server", "Microsoft-IIS/8.5"),
        ("X-SharePointHealthScore", "0"),
        ("MicrosoftSharePointTeamServices", "15.0.0.4420"),
        ("X-AspNet-Version", "4.0.30319"),
        ("X-Powered-By", "ASP.NET"),
    ]
    id_base = 41

    def article_path(self, a: Article) -> str:
        if a.slug == self.articles[-1].slug:
            return f"{ROOT}/Pages/chi-tiet.aspx?ItemID={self.aid(a)}"
        return f"{ROOT}/Pages/{a.slug}.aspx"

    def attachment_path(self, name: str) -> str:
        return f"{ROOT}/Documents/{name}"

    def image_path(self, a: Article, index: int) -> str:
        return f"{ROOT}/PublishingImages/{a.slug[:28]}-{index + 1}.png"

    def robots(self, base_url: str) -> str:
        return (
            "User-agent: *\nDisallow: /_layouts/\nDisallow: /_vti_bin/\nDisallow: /_catalogs/\n"
            f"Disallow: {ROOT}/_layouts/\nDisallow: {ROOT}/Pages/TimKiem.aspx\n"
        )

    def faults(self) -> dict[str, Any]:
        first = self.articles[1]
        out_of_scope = ["/Pages/default.aspx", *(root + "/" for root in OTHER_SITES)]
        return {
            "traps": {"date_filter": r"^/sites/bandantoc/Pages/tin-tuc\.aspx\?(.*&)?NgayDang="},
            "disallowed": [
                "/_layouts/",
                "/_vti_bin/",
                "/_catalogs/",
                f"{ROOT}/_layouts/",
                f"{ROOT}/Pages/TimKiem.aspx",
            ],
            "out_of_scope_paths": out_of_scope,
            "error_paths": {
                f"{ROOT}/Pages/so-do-cong.aspx": 404,
                f"{ROOT}/Pages/gioi-thieu.aspx": 500,
            },
            "fail_once": [f"{ROOT}/Pages/gioi-thieu.aspx"],
            "redirects": {f"{ROOT}/tintuc/Pages/{first.slug}.aspx": self.article_path(first)},
            "listings": [
                ROOT + "/",
                f"{ROOT}/Pages/tin-tuc.aspx",
                f"{ROOT}/Pages/tin-tuc.aspx?Page=2",
            ],
        }

    def old_path(self, a: Article) -> str:
        """Links in 'Các tin khác' still use the pre-migration URL of one article (301)."""
        if a.slug == self.articles[1].slug:
            return f"{ROOT}/tintuc/Pages/{a.slug}.aspx"
        return self.article_path(a)

    def redirect_table(self) -> dict[str, str]:
        return {**super().redirect_table(), ROOT: ROOT + "/", "/": "/Pages/default.aspx"}

    # ------------------------------------------------------------------ pages
    def route(self, req: Request) -> Response | None:
        path = req.path
        if path == "/Pages/default.aspx":
            links = "".join(
                f'<li><a href="{root}/">{esc(title)}</a></li>'
                for root, title in [(ROOT, self.name), *OTHER_SITES.items()]
            )
            return self.page(
                req,
                "/",
                "Cổng Thông tin điện tử tỉnh Vĩnh Phúc",
                self.webpart("Các đơn vị", f"<ul>{links}</ul>"),
                self.epoch,
            )
        for root, title in OTHER_SITES.items():
            if path in (root + "/", root + "/Pages/gioi-thieu.aspx"):
                body = (
                    f'<div class="ms-rtestate-field"><p>{esc(title)}.</p>'
                    f'<p><a href="{root}/Pages/gioi-thieu.aspx">Giới thiệu</a> · '
                    f'<a href="{ROOT}/">Ban Dân tộc</a></p></div>'
                )
                return self.page(req, root, title, self.webpart(title, body), self.epoch)
        if path == ROOT + "/":
            return self.listing(req, 1, home=True)
        if path == f"{ROOT}/Pages/tin-tuc.aspx":
            if "NgayDang" in req.query:
                return self.by_day(req, req.query["NgayDang"])
            page = req.query.get("Page", "1")
            return self.listing(req, int(page) if page.isdigit() else 1)
        if path == f"{ROOT}/Pages/gioi-thieu.aspx":
            body = (
                '<div class="ms-rtestate-field"><p>Ban Dân tộc tỉnh Vĩnh Phúc là cơ quan chuyên '
                "môn thuộc UBND tỉnh, tham mưu giúp UBND tỉnh quản lý nhà nước về công tác dân "
                "tộc.</p></div>"
            )
            return self.page(req, ROOT, "Giới thiệu", self.webpart("Giới thiệu", body), self.epoch)
        return None

    def listing(self, req: Request, page: int, home: bool = False) -> Response | None:
        chunk, pages = paginate(self.live(), page, self.per_page)
        if page > pages:
            return None
        rows = "".join(
            f'<li class="news-item"><a class="news-title" href="{esc(self.article_path(a))}">'
            f'{esc(a.title)}</a> <span class="news-date">{a.published:%d/%m/%Y}</span>'
            f'<p class="news-summary">{esc(a.paragraphs[0][:180].rsplit(" ", 1)[0])}...</p></li>'
            for a in chunk
        )
        nav = " ".join(
            f'<a href="{ROOT}/Pages/tin-tuc.aspx?Page={n}">{n}</a>' for n in range(1, pages + 1)
        )
        body = f'<ul class="news-list">{rows}</ul><div class="paging">Trang: {nav}</div>'
        title = "Trang chủ" if home else "Tin tức - Sự kiện"
        return self.page(
            req,
            ROOT,
            title,
            self.webpart("Tin tức - Sự kiện", body),
            self.latest(chunk),
            day=req.now.date(),
        )

    def by_day(self, req: Request, value: str) -> Response | None:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return None
        day = date.fromisoformat(value)
        found = [a for a in self.live() if a.published.date() == day]
        rows = (
            "".join(
                f'<li><a href="{esc(self.article_path(a))}">{esc(a.title)}</a></li>' for a in found
            )
            or "<li>Không có tin bài nào trong ngày này.</li>"
        )
        body = f"<h3>Các tin đã đưa ngày {day:%d/%m/%Y}</h3><ul>{rows}</ul>"
        modified = vn(day.year, day.month, day.day)
        return self.page(
            req, ROOT, "Tin theo ngày", self.webpart("Tin tức", body), modified, day=day
        )

    def render_article(self, req: Request, a: Article) -> Response:
        files = "".join(
            f'<li><a href="{esc(self.attachment_path(n))}">{esc(n)}</a></li>' for n in a.attachments
        )
        attach = (
            f'<div class="news-attachments"><b>File đính kèm:</b><ul>{files}</ul></div>'
            if files
            else ""
        )
        author = (
            f'<p style="text-align: right;"><strong>{esc(a.author)}</strong></p>'
            if a.author
            else ""
        )
        others = "".join(
            f'<li><a href="{esc(self.old_path(o))}">{esc(o.title)}</a> '
            f"({o.published:%d/%m/%Y})</li>"
            for o in self.others(a)
        )
        body = (
            '<div class="news-detail">'
            f'<h1 class="news-title">{esc(a.title)}</h1>'
            f'<div class="news-date">{a.published:%d/%m/%Y}</div>'
            '<div id="ctl00_PlaceHolderMain_ctl02__ControlWrapper_RichHtmlField" '
            'class="ms-rtestate-field" style="display:inline" '
            'aria-labelledby="ctl00_PlaceHolderMain_ctl02_label">\n'
            f"{self.body_html(a)}{author}</div>{attach}</div>"
            f'<div class="other-news"><h3>Các tin khác</h3><ul>{others}</ul></div>'
        )
        return self.page(
            req,
            ROOT,
            a.title,
            self.webpart("Tin tức - Sự kiện", body),
            a.last_modified,
            day=a.published.date(),
        )

    def not_found(self, req: Request) -> Response:
        body = self.webpart(
            "Lỗi",
            '<div class="ms-rtestate-field"><p>Không tìm thấy tệp. '
            "Trang bạn yêu cầu không tồn tại.</p></div>",
        )
        resp = self.page(req, ROOT, "Không tìm thấy tệp", body, self.epoch)
        resp.status = 404
        return resp

    def server_error(self, req: Request) -> Response:
        body = self.webpart(
            "Lỗi",
            "<p>Đã xảy ra lỗi không mong muốn.</p>"
            "<p>ID Tương quan: 3f1c9e9f-7a1b-40e1-9a57-c1e8a0c4b2d1</p>",
        )
        resp = self.page(req, ROOT, "Lỗi", body, self.epoch)
        resp.status = 500
        return resp

    # ----------------------------------------------------------------- chrome
    def webpart(self, title: str, content: str) -> str:
        """A web part zone cell with its chrome."""
        return (
            '<div class="ms-webpart-zone ms-fullWidth"><div id="MSOZoneCell_WebPartWPQ2" '
            'class="s4-wpcell-plain ms-webpartzone-cell ms-webpart-cell-vertical ms-fullWidth">'
            '<div class="ms-webpart-chrome ms-webpart-chrome-vertical ms-webpart-chrome-fullWidth">'
            '<div class="ms-webpart-chrome-title"><h2 class="ms-webpart-titleText">'
            f"<span>{esc(title)}"
            f'</span></h2></div><div class="ms-WPBody" id="WebPartWPQ2">{content}</div></div></div>'
            "</div>\n"
        )

    def date_filter(self, day: date) -> str:
        """The 'Các tin đã đưa ngày:' widget with day-by-day links (the trap)."""
        prev_day, next_day = day - timedelta(days=1), day + timedelta(days=1)
        url = f"{ROOT}/Pages/tin-tuc.aspx?NgayDang="
        return self.webpart(
            "Tin đã đưa",
            f'<div class="date-filter">Các tin đã đưa ngày: <input type="text" name="NgayDang" '
            f'value="{day:%d/%m/%Y}" class="ms-input" /> <input type="submit" value="Xem" /> '
            f'<a href="{url}{prev_day:%Y-%m-%d}">« Ngày trước</a> | '
            f'<a href="{url}{next_day:%Y-%m-%d}">Ngày sau »</a></div>',
        )

    def page(
        self,
        req: Request,
        root: str,
        title: str,
        main: str,
        modified: datetime,
        day: date | None = None,
    ) -> Response:
        """The master page: hidden state, ribbon, s4-workspace, navigation, footer."""
        in_site = root == ROOT
        side = ""
        if in_site:
            latest = "".join(
                f'<li><a href="{esc(self.article_path(a))}">{esc(a.title)}</a></li>'
                for a in self.live()[:3]
            )
            side = (
                self.date_filter(day or req.now.date())
                + self.webpart("Tin mới", f"<ul>{latest}</ul>")
                + self.webpart(
                    "Thống kê truy cập", "<p>Lượt truy cập: 1.254.337</p><p>Đang trực tuyến: 35</p>"
                )
            )
        nav = (
            f'<ul class="root ms-core-listMenu-root static"><li><a href="{ROOT}/">Trang chủ</a>'
            "</li>"
            f'<li><a href="{ROOT}/Pages/gioi-thieu.aspx">Giới thiệu</a></li>'
            f'<li><a href="{ROOT}/Pages/tin-tuc.aspx">Tin tức - Sự kiện</a></li>'
            f'<li><a href="{ROOT}/Pages/so-do-cong.aspx">Sơ đồ cổng</a></li>'
            f'<li><a href="/sites/bandantoc-cu/">Trang cũ</a></li></ul>'
            if in_site
            else '<ul class="root"><li><a href="/Pages/default.aspx">Trang chủ</a></li></ul>'
        )
        source = "%2Fsites%2Fbandantoc%2F" if in_site else "%2F"
        html = f"""<!DOCTYPE html>
<html dir="ltr" lang="vi-VN">
<head><meta name="GENERATOR" content="Microsoft SharePoint" />
<meta http-equiv="Content-type" content="text/html; charset=utf-8" />
<meta http-equiv="X-UA-Compatible" content="IE=10" />
<title>{esc(title)}</title>
<link rel="stylesheet" type="text/css" href="{LAYOUT_CSS}"/>
<script type="text/javascript" src="{LAYOUT_JS}"></script>
</head>
<body onhashchange="if (typeof(_spBodyOnHashChange) != 'undefined') _spBodyOnHashChange();">
<form method="post" action="{esc(req.path)}" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="__REQUESTDIGEST" id="__REQUESTDIGEST"
value="0x5E7F2A9C1D,{req.now:%d %b %Y} 00:00:00 -0000" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{viewstate(root + title)}" />
</div>
<div id="suiteBarRight"><a href="{ROOT}/_layouts/15/Authenticate.aspx?Source={source}"
id="ctl00_IdWelcome_ExplicitLogin">Đăng nhập</a></div>
<div id="s4-workspace" class="ms-core-overlay"><div id="s4-bodyContainer">
<div id="s4-titlerow"><div class="banner">
<a href="/Pages/default.aspx">Cổng Thông tin điện tử tỉnh Vĩnh Phúc</a>
<h1 class="site-title">{esc(self.name.upper() if in_site else "TỈNH VĨNH PHÚC")}</h1></div>
<div class="search"><a href="{ROOT}/Pages/TimKiem.aspx?k=d%C3%A2n%20t%E1%BB%99c">Tìm kiếm</a>
 <a href="{ROOT}/_layouts/15/listfeed.aspx?List={LIST_GUID}">RSS</a></div></div>
<div id="contentRow">
<div id="sideNavBox" class="ms-dialogHidden ms-forceWrap ms-noList"><div
class="ms-core-navigation">{nav}</div></div>
<div id="contentBox" aria-live="polite" aria-relevant="all"><div id="DeltaPlaceHolderMain">
{main}</div></div>
<div id="rightBox">{side}</div>
</div>
<div id="footer"><p><strong>BAN DÂN TỘC TỈNH VĨNH PHÚC</strong></p>
<p>Địa chỉ: Số 38 đường Nguyễn Trãi, phường Đống Đa, TP Vĩnh Yên, tỉnh Vĩnh Phúc</p>
<p>Điện thoại: <a href="tel:02113862345">0211 3862 345</a> - Email: <a
href="mailto:bandantoc@vinhphuc.gov.vn">bandantoc@vinhphuc.gov.vn</a></p>
<p>Ghi rõ nguồn "Cổng Thông tin điện tử tỉnh Vĩnh Phúc" khi phát hành lại thông tin từ website
này.</p>
<p><a href="https://www.facebook.com/vinhphuc.gov.vn" target="_blank">Facebook</a> · <a
href="http://ubdt.gov.vn:80/">Ủy ban Dân tộc</a> · <a href="javascript:void(0)"
onclick="window.scrollTo(0,0)">Lên đầu trang</a></p>
</div>
</div></div>
</form>
</body>
</html>
"""
        return self.html(html, last_modified=modified)
