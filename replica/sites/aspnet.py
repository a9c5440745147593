"""ASP.NET portal product (DotNetNuke/mojoPortal-like): ?tabid= pages, dnn_ctr modules."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from replica.content import Article
from replica.files import CSS, JS, png_bytes
from replica.sites.base import BaseSite, Request, Response
from replica.util import esc, paginate, viewstate

NEWS_TAB = 57


class AspNetSite(BaseSite):
    """DNN-like: counter before the title, font-size tool, poll, login returnurl trap."""

    key = "aspnet"
    family = "aspnet"
    name = "Ban Dân tộc tỉnh Bình Định"
    province = "Bình Định"
    province_2025 = "Gia Lai"
    server_headers = [
        ("Server", "Microsoft-IIS/8.5"),
        ("X-AspNet-Version", "4.0.30319"),
        ("X-Powered-By", "ASP.NET"),
    ]
    id_base = 1297

    def article_path(self, a: Article) -> str:
        return f"/Default.aspx?tabid={NEWS_TAB}&ndid={self.aid(a)}&key={a.slug.replace('-', '_')}"

    def attachment_path(self, name: str) -> str:
        return f"/Portals/0/Documents/{name}"

    def image_path(self, a: Article, index: int) -> str:
        return f"/Portals/0/Images/{self.aid(a)}-{index + 1}.png"

    def assets(self) -> dict[str, tuple[bytes, str]]:
        return {
            "/Portals/_default/default.css": (CSS, "text/css"),
            "/js/dnn.js": (JS, "application/javascript"),
            "/images/logo.png": (png_bytes((200, 30, 30), 8), "image/png"),
        }

    def robots(self, base_url: str) -> str:
        lines = [
            "/admin/",
            "/App_Browsers/",
            "/App_Code/",
            "/App_Data/",
            "/bin/",
            "/Components/",
            "/Config/",
            "/DesktopModules/",
            "/images/",
            "/Install/",
            "/Providers/",
            "/TimKiem.aspx",
        ]
        return "User-agent: *\n" + "".join(f"Disallow: {p}\n" for p in lines)

    def faults(self) -> dict[str, Any]:
        flaky = "/Default.aspx?tabid=38"  # Giới thiệu
        old = self.articles[1]
        return {
            "traps": {"login_returnurl": r"^/Default\.aspx\?(.*&)?ctl=Login"},
            "disallowed": ["/admin/", "/DesktopModules/", "/images/", "/TimKiem.aspx"],
            "error_paths": {"/Default.aspx?tabid=99": 404, flaky: 500},
            "fail_once": [flaky],
            "redirects": {
                f"/tabid/{NEWS_TAB}/ndid/{self.aid(old)}/Default.aspx": self.article_path(old)
            },
            "listings": [
                "/",
                f"/Default.aspx?tabid={NEWS_TAB}",
                f"/Default.aspx?tabid={NEWS_TAB}&page=2",
            ],
            "multi_cookie_paths": ["/"],
        }

    # ------------------------------------------------------------------ pages
    def route(self, req: Request) -> Response | None:
        tab = req.query.get("tabid", "")
        if req.query.get("ctl") == "Login":
            form = (
                '<div class="dnnForm dnnLogin"><label>Tên đăng nhập:</label><input '
                'name="dnn$ctr$Login'
                '$Login_DNN$txtUsername" type="text" /><label>Mật khẩu:</label><input '
                'type="password" '
                'name="dnn$ctr$Login$Login_DNN$txtPassword" /><a href="javascript:__doPostBack('
                "'dnn$ctr$Login$Login_DNN$cmdLogin','')\">Đăng nhập</a></div>"
            )
            return self.page(req, "Đăng nhập", self.module(500, "Đăng nhập", form), self.epoch)
        if req.path == "/" or (req.path == "/Default.aspx" and tab == "36" and len(req.query) == 1):
            return self.listing(req, 1, "Trang chủ")
        if req.path != "/Default.aspx":
            return None
        if tab == str(NEWS_TAB) and "ndid" not in req.query:
            page = req.query.get("page", "1")
            return self.listing(req, int(page) if page.isdigit() else 1, "Tin tức - Sự kiện")
        if tab == "38" and len(req.query) == 1:
            body = (
                "<p>Ban Dân tộc tỉnh Bình Định là cơ quan chuyên môn thuộc UBND tỉnh, "
                "tham mưu giúp UBND tỉnh quản lý nhà nước về công tác dân tộc.</p>"
            )
            return self.page(req, "Giới thiệu", self.module(410, "Giới thiệu", body), self.epoch)
        return None

    def listing(self, req: Request, page: int, title: str) -> Response | None:
        chunk, pages = paginate(self.live(), page, self.per_page)
        if page > pages:
            return None
        rows = "".join(
            f'<div class="news-item"><a class="news-title" href="{esc(self.article_path(a))}">'
            f'{esc(a.title)}</a> <span class="news-date">({a.published:%d/%m/%Y})</span>'
            f'<div class="news-brief">{esc(a.paragraphs[0][:200].rsplit(" ", 1)[0])}...</div></div>'
            for a in chunk
        )
        nav = " ".join(
            f'<a href="/Default.aspx?tabid={NEWS_TAB}&amp;page={n}">{n}</a>'
            for n in range(1, pages + 1)
        )
        body = f'{rows}<div class="paging">Trang: {nav}</div>'
        return self.page(
            req, title, self.module(420, "Tin tức - Sự kiện", body), self.latest(chunk)
        )

    def render_article(self, req: Request, a: Article) -> Response:
        url = req.base_url + self.article_path(a)
        author = (
            f'<p style="text-align: right;"><strong>{esc(a.author)}</strong></p>'
            if a.author
            else ""
        )
        files = "".join(
            f'<li><a href="{esc(self.attachment_path(n))}">{esc(n)}</a></li>' for n in a.attachments
        )
        attach = f'<div class="news-files">Tệp đính kèm: <ul>{files}</ul></div>' if files else ""
        others = []
        for o in self.others(a):
            href = self.article_path(o)
            if o.slug == self.articles[1].slug:
                href = f"/tabid/{NEWS_TAB}/ndid/{self.aid(o)}/Default.aspx"
            others.append(
                f'<li><a href="{esc(href)}">{esc(o.title)}</a> '
                f'<span class="date">({o.published:%d/%m/%Y})</span></li>'
            )
        body = (
            '<div class="news-detail">'
            f'<h1 id="dnn_ctr420_ViewNewsDetail_lblTitle" class="news-title">{esc(a.title)}</h1>\n'
            '<div class="news-tools">Xem với cỡ chữ : <a href="javascript:ZoomOut();">A-</a> '
            '<a href="javascript:ZoomReset();">A</a> <a href="javascript:ZoomIn();">A+</a> '
            '| <a href="javascript:window.print();">In bài viết</a> '
            f'| <a href="mailto:?subject={quote(a.title)}&amp;body={quote(url)}">Gửi email</a>'
            "</div>\n"
            '<span id="dnn_ctr420_ViewNewsDetail_lblDate" '
            f'class="news-date">Ngày {a.published:%d-%m-%Y}'
            '</span>\n<div id="dnn_ctr420_ViewNewsDetail_pnlContent" class="news-content">\n'
            f"{self.body_html(a)}{author}</div>{attach}</div>"
            '<div class="other-news"><h3 class="other-title">Các tin khác</h3>'
            f"<ul>{''.join(others)}</ul></div>"
        )
        return self.page(req, a.title, self.module(420, "", body), a.last_modified)

    def figure(self, a: Article, index: int, caption_html: str) -> str:
        src = self.image_path(a, index)
        return (
            '<table class="image" align="center" style="width: 600px;"><tbody>'
            f'<tr><td><img src="{src}" alt="" style="width: 600px;" /></td></tr>'
            f'<tr><td class="image_desc" style="text-align: center;"><em>{caption_html}</em></td>'
            "</tr>"
            "</tbody></table>\n"
        )

    def not_found(self, req: Request) -> Response:
        body = self.module(0, "Lỗi", "<p>Trang bạn yêu cầu không tồn tại hoặc đã bị xóa.</p>")
        resp = self.page(req, "Không tìm thấy trang", body, self.epoch)
        resp.status = 404
        return resp

    def server_error(self, req: Request) -> Response:
        html = (
            '<html><head><title>Runtime Error</title></head><body bgcolor="white">'
            "<h1>Server Error in '/' Application.<hr width=100% size=1 color=silver></h1>"
            "<h2><i>Runtime Error</i></h2></body></html>"
        )
        return self.html(html, status=500)

    # ----------------------------------------------------------------- chrome
    def module(self, mid: int, title: str, content: str) -> str:
        """A DNN module container with its dnn_ctr ids."""
        head = (
            f'<div class="c_head"><h2 class="c_title"><span id="dnn_ctr{mid}_dnnTITLE_titleLabel" '
            f'class="Head">{esc(title)}</span></h2></div>'
            if title
            else ""
        )
        return (
            f'<div class="DnnModule DnnModule-{mid}"><a name="{mid}"></a>{head}'
            f'<div id="dnn_ctr{mid}_ContentPane" class="c_content"><div '
            f'id="dnn_ctr{mid}_ModuleContent" '
            f'class="DNNModuleContent">{content}</div></div></div>\n'
        )

    def page(self, req: Request, title: str, main: str, modified: datetime) -> Response:
        """Skin: header, menu, left pane (counter, poll) BEFORE the content pane, footer."""
        login = "/Default.aspx?tabid=36&ctl=Login&returnurl=" + quote(req.target, safe="")
        counter = self.module(
            425,
            "Thống kê truy cập",
            '<p>Số lượng và lượt người truy cập</p><ul class="counter"><li>Online 8</li>'
            "<li>Hôm nay 2451</li><li>Tổng 1.121.895</li></ul>",
        )
        poll = self.module(
            430,
            "Thăm dò ý kiến",
            "<p>Bạn quan tâm nội dung nào trên Trang thông tin?</p>"
            '<input type="radio" name="poll" value="1" /> Chính sách dân tộc<br />'
            '<input type="radio" name="poll" value="2" /> Tin hoạt động<br />'
            '<input type="radio" name="poll" value="3" /> Văn bản<br />'
            "<a href=\"javascript:__doPostBack('dnn$ctr430$Poll$cmdVote','')\">Biểu quyết</a> "
            "<a href=\"javascript:__doPostBack('dnn$ctr430$Poll$cmdResult','')\">Xem kết quả</a>",
        )
        html = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xml:lang="vi-VN" lang="vi-VN" xmlns="http://www.w3.org/1999/xhtml">
<head id="Head"><meta content="text/html; charset=UTF-8" http-equiv="Content-Type" />
<title>{esc(self.name)} &gt; {esc(title)}</title>
<link href="/Portals/_default/default.css?cdv=212" type="text/css" rel="stylesheet"/>
<script src="/js/dnn.js?cdv=212" type="text/javascript"></script>
</head>
<body id="Body">
<form method="post" action="{esc(req.target)}" id="Form" enctype="multipart/form-data">
<div class="aspNetHidden"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE"
value="{viewstate(title, 2000)}" /></div>
<div id="dnn_wrapper">
<div id="dnn_header"><a id="dnn_dnnLOGO_hypLogo" href="/"><img id="dnn_dnnLOGO_imgLogo"
src="/images/logo.png" alt="{esc(self.name)}" /></a>
<div class="top-links"><a id="dnn_dnnLOGIN_loginLink" href="{esc(login)}"
rel="nofollow">Đăng nhập</a>
 | <a href="/TimKiem.aspx?q=d%C3%A2n+t%E1%BB%99c">Tìm kiếm</a></div></div>
<div id="dnn_menu"><ul class="topLevel">
<li><a href="/">Trang chủ</a></li><li><a href="/Default.aspx?tabid=38">Giới thiệu</a></li>
<li><a href="/Default.aspx?tabid={NEWS_TAB}">Tin tức - Sự kiện</a></li><li><a
href="/Default.aspx?tabid=99">Sơ đồ site</a></li>
</ul></div>
<table id="dnn_layout" width="100%" cellspacing="0" cellpadding="0"><tr>
<td id="dnn_LeftPane" class="LeftPane" valign="top" width="220">{counter}{poll}</td>
<td id="dnn_ContentPane" class="ContentPane" valign="top">{main}</td>
</tr></table>
<div id="dnn_footer"><p>BAN DÂN TỘC TỈNH BÌNH ĐỊNH</p>
<p>Địa chỉ: 02 Trần Phú, TP Quy Nhơn, tỉnh Bình Định - Điện thoại: <a
href="tel:02563822468">0256 3822 468</a></p>
<p>Email: <a href="mailto:bdt@binhdinh.gov.vn">bdt@binhdinh.gov.vn</a> - <a
href="https://binhdinh.gov.vn/">Cổng TTĐT tỉnh</a>
 - <a href="https://ubdt.gov.vn/">Ủy ban Dân tộc</a></p>
<p>Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p></div>
</div></form></body></html>
"""
        cookies = [
            ("Set-Cookie", "ASP.NET_SessionId=q2w3e4r5t6y7u8i9o0p1a2s3; path=/; HttpOnly"),
            ("Set-Cookie", "language=vi-VN; path=/; HttpOnly"),
        ]
        return self.html(html, last_modified=modified, headers=cookies)
