"""Old 3cms (VNITT) table-layout site served in windows-1258, one page in UTF-8 NFD."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any

from replica.content import Article
from replica.files import CSS, GIF_1PX, JS, png_bytes
from replica.sites.base import BaseSite, Request, Response
from replica.util import clock_3cms, encode_cp1258, esc, paginate

HOME = "/3cms/"
LIST = "/3cms/?cmd=120&cid=12"
FILES = "/3cms/upload/bandantoc/File/"
SPAN = '<span style=\'font-size:13.0pt;font-family:"Times New Roman","serif"\'>'
DISPLAY_JS = b"""var flagVNITT = true;
function showDateViet() {
	var dt = new Date(shownDate + 7*3600*1000);
	var strDay = new Array("Ch&#7911; Nh&#7853;t","Th&#7913; Hai","Th&#7913; Ba",
		"Th&#7913; T&#432;","Th&#7913; N&#259;m","Th&#7913; S&aacute;u","Th&#7913; B&#7843;y");
	document.write(strDay[dt.getUTCDay()] + ", " + dt.getUTCDate() + "-" + (dt.getUTCMonth() + 1)
		+ "-" + dt.getUTCFullYear());
}
function showCounter() {
	document.write("<span id='counter' class='counter'>" + counter + "</span>");
}
"""


class LegacySite(BaseSite):
    """3cms: tables, p.MsoNormal spans, <font>, #counter/#counter_By_Day/#useronline, cp1258."""

    key = "legacy"
    family = "3cms"
    name = "Ban Dân tộc tỉnh Thái Nguyên (trang cũ)"
    province = "Thái Nguyên"
    province_2025 = "Thái Nguyên"
    start_path = HOME
    gzip = False
    charset = "windows-1258"
    server_headers = [("Server", "Microsoft-IIS/6.0"), ("X-Powered-By", "ASP.NET")]
    id_base = 231

    def article_path(self, a: Article) -> str:
        return f"/3cms/?cmd=130&cid=12&id={self.aid(a)}"

    def nfd_article(self) -> Article:
        """The one article page served as UTF-8 in NFD."""
        return self.articles[-1]

    def attachment_path(self, name: str) -> str:
        return FILES + name

    def image_path(self, a: Article, index: int) -> str:
        return f"/3cms/upload/bandantoc/Image/{self.aid(a)}_{index + 1}.png"

    def assets(self) -> dict[str, tuple[bytes, str]]:
        files = {f"/3cms/images/dem/{d}.gif": (GIF_1PX, "image/gif") for d in "0123456789"}
        files["/3cms/images/banner.png"] = (png_bytes((140, 0, 0), 8), "image/png")
        files["/3cms/css/style.css"] = (CSS, "text/css")
        files["/3cms/js/common.js"] = (JS, "application/javascript")
        files["/3cms/js/display.js"] = (DISPLAY_JS, "application/javascript")
        return files

    def robots(self, base_url: str) -> str:
        return "User-agent: *\nDisallow: /3cms/admin/\n"

    def faults(self) -> dict[str, Any]:
        oldest = self.articles[0]
        return {
            "traps": {"path_repeat": r"^/3cms/3cms/"},
            "disallowed": ["/3cms/admin/"],
            "error_paths": {FILES + "bao-cao-cu.doc": 404, "/3cms/?cmd=110": 500},
            "fail_once": ["/3cms/?cmd=110"],
            "redirects": {f"/tin-tuc/{self.aid(oldest)}.htm": self.article_path(oldest)},
            "listings": [HOME, LIST, LIST + "&page=2"],
            "nfd_paths": [self.article_path(self.nfd_article())],
        }

    def redirect_table(self) -> dict[str, str]:
        return {**super().redirect_table(), "/": HOME}

    # ------------------------------------------------------------------ pages
    def route(self, req: Request) -> Response | None:
        if not re.fullmatch(r"/3cms/(3cms/)*", req.path):
            return None
        cmd = req.query.get("cmd", "")
        if cmd == "" and len(req.query) == 0:
            return self.listing(req, 1)
        if cmd == "120" and req.query.get("cid") == "12":
            page = req.query.get("page", "1")
            return self.listing(req, int(page) if page.isdigit() else 1)
        if cmd == "110":
            body = (
                f'<p class="MsoNormal">{SPAN}Ban Dân tộc tỉnh Thái Nguyên là cơ quan chuyên môn '
                "thuộc UBND tỉnh.</span></p>"
            )
            return self.page(req, "Giới thiệu", body, self.epoch)
        if cmd == "130":
            art = self.by_id(req.query.get("id", ""))
            if art is not None:
                return self.render_article(req, art)
        return None

    def listing(self, req: Request, page: int) -> Response | None:
        chunk, pages = paginate(self.live(), page, self.per_page)
        if page > pages:
            return None
        rows = "".join(
            '<tr><td><img src="/3cms/images/dem/0.gif" width="5"> <a '
            f'href="{esc(self.article_path(a))}" '
            f'class="title_news"><font face="Arial" size="2"><b>{esc(a.title)}</b></font></a> '
            f'<font size="1" color="#666666">({a.published:%d/%m/%Y})</font></td></tr>'
            for a in chunk
        )
        nav = " ".join(
            f'<a href="{esc(LIST + (f"&page={n}" if n > 1 else ""))}">[{n}]</a>'
            for n in range(1, pages + 1)
        )
        body = (
            f'<table width="100%" cellpadding="3">{rows}</table><p align="right">Trang: {nav}</p>'
        )
        return self.page(req, "Tin tức - Sự kiện", body, self.latest(chunk))

    def render_article(self, req: Request, a: Article) -> Response:
        blocks, cap, paras = [], 0, 0
        for kind, value in a.blocks():
            if kind == "caption":
                blocks.append(
                    '<p class="MsoNormal" align="center" style="text-align:center"><img '
                    'border="0" '
                    f'width="500" src="{self.image_path(a, cap)}"></p>\n'
                    f'<p class="MsoNormal" align="center" style="text-align:center"><i>{SPAN}'
                    f"{esc(value)}</span></i><o:p></o:p></p>\n"
                )
                cap += 1
            elif kind == "li":
                blocks.append(
                    f'<p class="MsoNormal" style="margin-left:36.0pt">{SPAN}- {esc(value)}'
                    "</span></p>\n"
                )
            else:
                blocks.append(
                    f'<p class="MsoNormal" style="text-align:justify;text-indent:36.0pt">{SPAN}'
                    f"{esc(value)}</span><o:p></o:p></p>\n"
                )
            if kind == "p":
                paras += 1
                if paras == 1:
                    blocks.append('<p class="MsoNormal">&nbsp;</p>\n')
        author = (
            (
                '<p class="MsoNormal" align="right" style="text-align:right">'
                f"<b>{SPAN}{esc(a.author)}"
                "</span></b></p>\n"
            )
            if a.author
            else ""
        )
        # the seed page shows an empty "()" where the date should be (it did on the real site)
        date_in_title = "()" if a.slug == self.articles[1].slug else f"({a.published:%d/%m/%Y})"
        files = "".join(
            f'<a href="{FILES}{esc(n)}"><font color="#0000FF">{esc(n)}</font></a><br>'
            for n in a.attachments
        )
        others = "".join(
            f'<tr><td>» <a href="{esc(self.article_path(o))}">{esc(o.title)}</a></td></tr>'
            for o in self.others(a)
        )
        body = (
            f'<table width="100%" border="0" cellpadding="4"><tr><td class="title">'
            f'<font face="Arial" size="3" color="#990000"><b>{esc(a.title)}</b></font> '
            f'<font size="1" color="#666666">{date_in_title}</font></td></tr>'
            '<tr><td class="content"><font face="Arial" '
            f'size="2">\n{"".join(blocks)}{author}</font></td></tr>'
            + (
                f'<tr><td><font size="2"><b>File đính kèm:</b><br>{files}</font></td></tr>'
                if files
                else ""
            )
            + f'<tr><td align="right"><font size="1" color="#666666">Ngày đăng '
            f"{a.published:%d/%m/%Y | %I:%M %p}</font></td></tr>"
            '<tr><td><font face="Arial" size="2"><b>Các tin khác:</b></font>'
            f"<table>{others}</table>"
            "</td></tr></table>"
        )
        nfd = a.slug == self.nfd_article().slug
        return self.page(req, a.title, body, a.last_modified, nfd=nfd)

    def not_found(self, req: Request) -> Response:
        html = (
            "<html><head><title>The page cannot be found</title></head><body><h2>HTTP 404 - "
            "File not found</h2><p>Internet Information Services</p></body></html>"
        )
        return self.html(html, status=404)

    def server_error(self, req: Request) -> Response:
        html = (
            '<html><head><title>Lỗi</title></head><body><font face="Arial">Lỗi hệ thống: '
            "không kết nối được cơ sở dữ liệu.</font></body></html>"
        )
        resp = self.html(html, status=500)
        resp.body = encode_cp1258(html)
        resp.content_type = "text/html; charset=windows-1258"
        return resp

    # ----------------------------------------------------------------- chrome
    def page(
        self, req: Request, title: str, main: str, modified: datetime, nfd: bool = False
    ) -> Response:
        """The table layout; encoded in windows-1258 (or UTF-8 NFD for the NFD page)."""
        charset = "utf-8" if nfd else "windows-1258"
        total = "1254337"
        # server time for the JS clock (UTC ms); midnight of the day keeps the page stable
        day = req.now.replace(hour=0, minute=0, second=0, microsecond=0)
        shown = int(day.timestamp()) * 1000
        digits = "".join(
            f'<img src="/3cms/images/dem/{d}.gif" alt="{d}" border="0">' for d in total
        )
        news = []
        for a in self.live()[:4]:
            href = self.article_path(a)
            if a.slug == self.articles[0].slug:
                href = f"/tin-tuc/{self.aid(a)}.htm"
            news.append(
                f'<tr><td><font size="2">» <a href="{esc(href)}">{esc(a.title)}</a></font></td>'
                "</tr>"
            )
        html = f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{esc(title)} - Ban Dân tộc tỉnh Thái Nguyên</title>
<link href="/3cms/css/style.css" rel="stylesheet" type="text/css">
<script language="javascript" src="/3cms/js/common.js"></script>
<script language="javascript">var shownDate = {shown}; var counter = "{total}";
var counter_By_Day = "215"; var useronline = "7";</script>
<script language="javascript" src="/3cms/js/display.js"></script>
</head>
<body topmargin="0" leftmargin="0" bgcolor="#FFFFFF">
<table width="980" border="0" cellpadding="0" cellspacing="0" align="center">
<tr><td colspan="3"><img src="/3cms/images/banner.png" width="980" height="120" border="0"></td>
</tr>
<tr><td colspan="3" bgcolor="#8B0000" height="26"><font color="#FFFFFF" face="Arial" size="2"><b>
<script language="javascript">showDateViet();</script><noscript>{clock_3cms(req.now)}</noscript></b>
| <a href="{HOME}"><font color="#FFFFFF">Trang chủ</font></a> | <a href="/3cms/?cmd=110"><font
color="#FFFFFF">Giới thiệu</font></a>
| <a href="{esc(LIST)}"><font color="#FFFFFF">Tin tức - Sự kiện</font></a></font></td></tr>
<tr>
<td width="200" valign="top" bgcolor="#F5F5F5">
<table width="100%"><tr><td class="box_title">
<font face="Arial" size="2"><b>THỐNG KÊ</b></font></td>
</tr>
<tr><td><font size="2">Số lượt truy cập:</font><br>{digits}<br>
<font size="2">Tổng: <span id="counter" class="counter">{total}</span><br>
Hôm nay: <span id="counter_By_Day" class="counter">215</span><br>
Đang online: <span id="useronline" class="counter">7</span></font></td></tr></table>
</td>
<td width="580" valign="top">{main}</td>
<td width="200" valign="top"><table width="100%"><tr><td><font face="Arial" size="2"><b>TIN MỚI</b>
</font></td></tr>
{"".join(news)}
<tr><td><font face="Arial" size="2"><b>LIÊN KẾT WEBSITE</b></font></td></tr>
<tr><td><a href="http://www.cema.gov.vn/" target="_blank">Ủy ban Dân tộc</a><br>
<a href="http://www.thainguyen.gov.vn/" target="_blank">Cổng TTĐT Thái Nguyên</a></td></tr></table>
</td>
</tr>
<tr><td colspan="3" align="center" bgcolor="#8B0000"><font color="#FFFFFF" size="1" face="Arial">
BAN DÂN TỘC TỈNH THÁI NGUYÊN - Địa chỉ: Số 18 đường Nha Trang, TP Thái Nguyên<br>
Điện thoại: <a href="tel:02803855213"><font color="#FFFFFF">0280 3855 213</font></a> - Email:
<a href="mailto:bdt@thainguyen.gov.vn"><font color="#FFFFFF">bdt@thainguyen.gov.vn</font></a><br>
<a href="3cms/?cmd=110"><font color="#FFFFFF">Giới thiệu</font></a> |
<a href="/3cms/admin/"><font color="#FFFFFF">Quản trị</font></a> |
<a href="{FILES}bao-cao-cu.doc"><font color="#FFFFFF">Báo cáo năm 2016</font></a> |
<a href="javascript:window.external.AddFavorite(location.href, document.title)"><font
color="#FFFFFF">Yêu thích</font></a>
</font></td></tr>
</table>
</body>
</html>
"""
        if nfd:
            body = unicodedata.normalize("NFD", html).encode("utf-8")
        else:
            body = encode_cp1258(html)
        cookie = [("Set-Cookie", "ASP.NET_SessionId=abcd1234efgh5678ijkl9012; path=/")]
        return Response(
            body=body,
            content_type=f"text/html; charset={charset}",
            headers=cookie,
            last_modified=modified,
        )
