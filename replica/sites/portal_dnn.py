"""DotNetNuke provincial portal; the site is the child portal /sdttg/ (Sở Dân tộc và Tôn giáo).

The host is "Cổng thông tin điện tử tỉnh Cao Bằng": its home page and the other child portals
(/sotuphap/, /sdttg-cu/ -- note the shared text prefix with /sdttg) are out of scope. Skin
files and article photos live in the portal's file store at the host root (/Portals/...),
attachments are served through DNN's LinkClick.aspx (no file extension in the URL).
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import re
import struct
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from replica.content import Article, vn
from replica.files import CSS, JS, png_bytes
from replica.sites.base import BaseSite, Request, Response
from replica.texts import ARTICLES
from replica.texts.blind import BLIND_ARTICLES
from replica.util import WEEKDAYS_TITLE, esc, paginate, viewstate

ARTICLES.setdefault("portal_dnn", BLIND_ARTICLES["portal_dnn"])

ROOT = "/sdttg"
PORTAL_ID = 12
NEWS_TAB = 75
NEWS_MID = 1234
LEGACY_MID = 1190
NEWS = f"{ROOT}/tin-tuc/"
CALENDAR = f"{ROOT}/lich-cong-tac/"
OTHER_SITES = {
    "/sotuphap": "Sở Tư pháp tỉnh Cao Bằng",
    "/sdttg-cu": "Ban Dân tộc tỉnh Cao Bằng (trang cũ)",
}
OLD_ARTICLE = "/sdttg-cu/tin-tuc/ArticleId/57/hoi-nghi-so-ket-cong-tac-dan-toc-6-thang-dau-nam-2014"
SORTS = {"date": "Ngày đăng", "title": "Tiêu đề", "views": "Lượt xem"}
DIRS = {"desc": "Giảm dần", "asc": "Tăng dần"}
PAGE_SIZES = ("10", "20", "50")
VIEW_PARAMS = ("sort", "dir", "pagesize")
SKIN_CSS = "/Portals/_default/Skins/CaoBang/skin.css"
DNN_JS = "/Resources/Shared/Scripts/dnn.js"
LOGO = f"/Portals/{PORTAL_ID}/logo-cao-bang.png"


def ole_doc_bytes(title: str, paragraphs: list[str]) -> bytes:
    """A Word 97-2003 style .doc: an OLE2 compound file (CFB v3, 512-byte sectors) whose
    "WordDocument" stream starts with a FIB (wIdent 0xA5EC, lid vi-VN) followed by the
    text in UTF-16LE. Container-valid; not a complete Word document (no piece table)."""
    fib = struct.pack("<HHHHH", 0xA5EC, 0x00C1, 0x0000, 0x042A, 0x0000).ljust(1472, b"\0")
    text = "\r".join([title, *paragraphs]).encode("utf-16-le")
    stream = fib + text
    stream += b"\0" * (max(4096, -(-len(stream) // 512) * 512) - len(stream))
    n = len(stream) // 512
    end, free, fatsect, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fatsect, end] + [3 + i for i in range(n - 1)] + [end]
    fat += [free] * (128 - len(fat))
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = (name + "\0").encode("utf-16-le") if name else b""
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB", len(raw), kind, 1 if kind else 0)
            + struct.pack("<III", nostream, nostream, child)
            + b"\0" * 36
            + struct.pack("<IQ", start, size)
        )

    directory = (
        entry("Root Entry", 5, 1, end, 0)
        + entry("WordDocument", 2, nostream, 2, len(stream))
        + entry("", 0, nostream, 0, 0) * 2
    )
    return header + struct.pack("<128I", *fat) + directory + stream


def ampm(day: datetime) -> str:
    """'03:30 PM' (12-hour clock, as the DNN news module prints it)."""
    hour = day.hour % 12 or 12
    return f"{hour:02d}:{day.minute:02d} {'AM' if day.hour < 12 else 'PM'}"


class PortalDnnSite(BaseSite):
    """DNN child portal: dnn_ctr modules, ArticleId friendly URLs, legacy ?tabid&ndid module."""

    key = "portal_dnn"
    family = "aspnet"
    name = "Sở Dân tộc và Tôn giáo tỉnh Cao Bằng"
    province = "Cao Bằng"
    province_2025 = "Cao Bằng"
    start_path = ROOT + "/"
    scope_prefix = ROOT
    server_headers = [
        ("Server", "Microsoft-IIS/10.0"),
        ("X-AspNet-Version", "4.0.30319"),
        ("X-Powered-By", "ASP.NET"),
    ]
    id_base = 3101
    epoch = vn(2015, 6, 1, 8, 0)

    # ------------------------------------------------------------- identities
    def legacy(self) -> Article:
        """The article still only served by the old news module (?tabid=&ndid=)."""
        return self.articles[1]

    def moved(self) -> Article:
        """The article whose old ?tabid=&ndid= address answers 301 (linked from related news)."""
        return self.articles[2]

    def flaky(self) -> Article:
        """The article page answering 500 once."""
        return self.articles[-1]

    def tab_path(self, a: Article) -> str:
        return f"{ROOT}/Default.aspx?tabid={NEWS_TAB}&ndid={self.aid(a)}"

    def article_path(self, a: Article) -> str:
        if a.slug == self.legacy().slug:
            return self.tab_path(a)
        return f"{ROOT}/tin-tuc/ArticleId/{self.aid(a)}/{a.slug}"

    def print_path(self, a: Article) -> str:
        return f"{ROOT}/tin-tuc/ArticleId/{self.aid(a)}/print"

    def link_path(self, a: Article) -> str:
        """Where other pages link an article (the moved one keeps its old address)."""
        return self.tab_path(a) if a.slug == self.moved().slug else self.article_path(a)

    @staticmethod
    def ticket(name: str) -> str:
        """DNN fileticket of an attachment (base64 with '=' padding)."""
        return base64.b64encode(hashlib.sha1(name.encode()).digest()[:8]).decode("ascii")

    def attachment_path(self, name: str) -> str:
        ticket = quote(self.ticket(name), safe="").replace("%3D", "%3d")
        return (
            f"{ROOT}/LinkClick.aspx?fileticket={ticket}&tabid={NEWS_TAB}"
            f"&portalid={PORTAL_ID}&mid={NEWS_MID}"
        )

    def image_path(self, a: Article, index: int) -> str:
        return f"/Portals/{PORTAL_ID}/Images/tintuc/{a.published:%Y}/{self.aid(a)}_{index + 1}.png"

    def assets(self) -> dict[str, tuple[bytes, str]]:
        return {
            SKIN_CSS: (CSS, "text/css"),
            DNN_JS: (JS, "application/javascript"),
            LOGO: (png_bytes((20, 80, 160), 8), "image/png"),
            "/images/FileManager/Icons/pdf.gif": (png_bytes((200, 0, 0), 2), "image/png"),
            "/images/FileManager/Icons/doc.gif": (png_bytes((0, 0, 200), 2), "image/png"),
        }

    def _build_files(self) -> dict[str, tuple[bytes, str, datetime]]:
        files = super()._build_files()
        for a in self.articles:
            for name in a.attachments:
                if name.endswith(".doc"):
                    _, ctype, modified = files[self.attachment_path(name)]
                    files[self.attachment_path(name)] = (
                        ole_doc_bytes(a.title, a.paragraphs[:3]),
                        ctype,
                        modified,
                    )
        return files

    def robots(self, base_url: str) -> str:
        return (
            "User-agent: *\n"
            "Disallow: /admin/\n"
            "Disallow: /App_Browsers/\n"
            "Disallow: /App_Code/\n"
            "Disallow: /App_Data/\n"
            "Disallow: /bin/\n"
            "Disallow: /Config/\n"
            "Disallow: /DesktopModules/\n"
            "Disallow: /Install/\n"
            "Disallow: /Providers/\n"
            f"Disallow: {ROOT}/tim-kiem\n"
            f"Disallow: {ROOT}/Login\n"
            "Disallow: /sotuphap/tim-kiem\n"
        )

    def faults(self) -> dict[str, Any]:
        moved, flaky = self.moved(), self.flaky()
        return {
            "traps": {
                "calendar": rf"^{ROOT}/lich-cong-tac/\d+/\d+/",
                "sort_permutations": rf"^{ROOT}/tin-tuc/\?(.*&)?(sort|dir|pagesize)=",
                "repeat_segment": rf"^{ROOT}/tin-tuc/(tin-tuc/)+",
                "print_view": rf"^{ROOT}/tin-tuc/ArticleId/\d+/print",
            },
            "disallowed": [f"{ROOT}/tim-kiem", f"{ROOT}/Login", "/admin/", "/DesktopModules/"],
            "out_of_scope_paths": ["/", "/sotuphap/", "/sdttg-cu/", OLD_ARTICLE],
            "error_paths": {f"{ROOT}/so-do-site": 404, self.article_path(flaky): 500},
            "fail_once": [self.article_path(flaky)],
            "redirects": {self.tab_path(moved): self.article_path(moved)},
            "listings": [
                ROOT + "/",
                NEWS,
                f"{NEWS}?page=2",
                f"{NEWS}?page=3",
                f"{ROOT}/Default.aspx?tabid={NEWS_TAB}",
            ],
            "chunked_paths": [ROOT + "/", NEWS, f"{NEWS}?page=2", f"{NEWS}?page=3"],
            "multi_cookie_paths": [ROOT + "/"],
        }

    def redirect_table(self) -> dict[str, str]:
        table = {ROOT: ROOT + "/", ROOT + "/tin-tuc": NEWS, "/sdttg-cu": "/sdttg-cu/"}
        for a in self.live():
            if a.slug != self.legacy().slug:
                table[self.tab_path(a)] = self.article_path(a)
        return {**table, **super().redirect_table()}

    # ------------------------------------------------------------------ pages
    def route(self, req: Request) -> Response | None:
        path, query = req.path, req.query
        if path == "/":
            return self.portal_home(req)
        for root, title in OTHER_SITES.items():
            if path == root + "/":
                return self.other_site(req, root, title)
        if path == OLD_ARTICLE:
            return self.other_site(req, "/sdttg-cu", OTHER_SITES["/sdttg-cu"], old_article=True)
        if path == f"{ROOT}/LinkClick.aspx":
            return self.link_click(req)
        if path == ROOT + "/":
            return self.listing(req, home=True)
        if re.fullmatch(rf"{ROOT}/tin-tuc/(tin-tuc/)*", path):
            return self.listing(req)
        if path == f"{ROOT}/Default.aspx":
            if query.get("tabid") == str(NEWS_TAB) and set(query) == {"tabid"}:
                return self.listing(req)
            return None  # ?tabid=&ndid=: the legacy article (base routing), a 301 or 404
        m = re.fullmatch(rf"{ROOT}/tin-tuc/ArticleId/(\d+)/print", path)
        if m:
            art = self.by_id(m.group(1))
            return self.print_view(req, art) if art else None
        if path == CALENDAR:
            return self.calendar(req, req.now.year, req.now.month)
        m = re.fullmatch(rf"{ROOT}/lich-cong-tac/(\d{{4}})/(\d{{1,2}})/", path)
        if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 9999:
            return self.calendar(req, int(m.group(1)), int(m.group(2)))
        if path == f"{ROOT}/tim-kiem":
            return self.search(req)
        if path == f"{ROOT}/Login":
            form = (
                '<div class="dnnForm dnnLoginService"><label>Tên đăng nhập</label>'
                '<input type="text" name="dnn$ctr$Login$Login_DNN$txtUsername" />'
                '<label>Mật khẩu</label><input type="password" '
                'name="dnn$ctr$Login$Login_DNN$txtPassword" /></div>'
            )
            return self.page(req, "Đăng nhập", self.module(NEWS_MID + 1, "Đăng nhập", form),
                             self.epoch)
        if path == f"{ROOT}/gioi-thieu":
            body = (
                '<div class="Normal"><p>Sở Dân tộc và Tôn giáo tỉnh Cao Bằng là cơ quan chuyên '
                "môn thuộc UBND tỉnh, được thành lập từ ngày 01/3/2025 trên cơ sở Ban Dân tộc "
                "tỉnh và tiếp nhận chức năng quản lý nhà nước về tín ngưỡng, tôn giáo từ Sở Nội "
                "vụ.</p><p>Địa chỉ: Số 011 đường Hoàng Đình Giong, phường Thục Phán, tỉnh Cao "
                "Bằng.</p></div>"
            )
            return self.page(req, "Giới thiệu", self.module(1201, "Giới thiệu", body),
                             vn(2025, 3, 3, 9, 0))
        return None

    def sort_link(self, req: Request, key: str, value: str) -> str:
        """A sort/order/page-size link: the current query with ``key`` moved to the end
        (and ``page`` dropped), so the same view gets several parameter orders."""
        query = {k: v for k, v in req.query.items() if k in VIEW_PARAMS and k != key}
        query[key] = value
        return f"{NEWS}?{urlencode(query)}"

    def listing(self, req: Request, home: bool = False) -> Response | None:
        query = req.query
        sort = query.get("sort", "date") if query.get("sort") in SORTS else "date"
        direction = query.get("dir", "desc") if query.get("dir") in DIRS else "desc"
        size = int(query["pagesize"]) if query.get("pagesize") in PAGE_SIZES else self.per_page
        page_s = query.get("page", "1")
        if not page_s.isdigit() or int(page_s) < 1:
            return None
        page = int(page_s)
        arts = self.live()
        keys = {
            "date": lambda a: a.published,
            "title": lambda a: a.slug,
            "views": lambda a: self.views(a),
        }
        arts = sorted(arts, key=keys[sort], reverse=direction == "desc")
        if home:
            chunk, pages = arts[:3], 1
        else:
            chunk, pages = paginate(arts, page, size)
            if page > pages:
                return None
        rows = "".join(self.row(a) for a in chunk)
        tools = ""
        nav = ""
        if not home:
            opts = []
            for group, choices in (("sort", SORTS), ("dir", DIRS)):
                opts.append(" | ".join(
                    f'<a href="{esc(self.sort_link(req, group, k))}">{esc(v)}</a>'
                    for k, v in choices.items()
                ))
            opts.append(" | ".join(
                f'<a href="{esc(self.sort_link(req, "pagesize", n))}">{n}</a>' for n in PAGE_SIZES
            ))
            tools = (
                '<div class="news-sort">Sắp xếp theo: ' + opts[0] + " &nbsp; Thứ tự: " + opts[1]
                + " &nbsp; Số tin/trang: " + opts[2] + "</div>"
            )
            base = {k: v for k, v in query.items() if k in VIEW_PARAMS}
            links = []
            for n in range(1, pages + 1):
                href = f"{NEWS}?{urlencode({**base, 'page': str(n)})}"
                cls = ' class="active"' if n == page else ""
                links.append(f'<a{cls} href="{esc(href)}">{n}</a>')
            nav = f'<div class="dnnPager">Trang: {" ".join(links)}</div>'
        # relative on purpose: right from /sdttg/, a repeating segment from /sdttg/tin-tuc/
        cats = (
            '<div class="news-categories">Chuyên mục: <a href="tin-tuc/">Tin tức - Sự kiện</a>'
            "</div>"
        )
        title = "Trang chủ" if home else "Tin tức - Sự kiện"
        body = self.module(NEWS_MID, "Tin tức - Sự kiện",
                           f'{cats}{tools}<div class="news-list">{rows}</div>{nav}')
        return self.page(req, title, body, self.latest(chunk), chunked=True)

    def views(self, a: Article) -> int:
        return 137 + int(hashlib.md5(a.slug.encode()).hexdigest()[:4], 16) % 5000

    def summary(self, a: Article) -> str:
        return (a.lead or a.paragraphs[0])[:190].rsplit(" ", 1)[0] + "..."

    def row(self, a: Article) -> str:
        href = esc(self.link_path(a))
        thumb = (
            f'<a href="{href}"><img class="news-thumb" src="{self.image_path(a, 0)}" '
            'alt="" /></a>'
            if a.captions
            else ""
        )
        return (
            f'<div class="news-item">{thumb}<h3 class="news-item-title"><a href="{href}">'
            f'{esc(a.title)}</a></h3><span class="news-item-date">{a.published:%d/%m/%Y}</span>'
            f'<p class="news-item-summary">{esc(self.summary(a))}</p>'
            f'<a class="readmore" href="{href}">Xem tiếp »</a></div>\n'
        )

    def calendar(self, req: Request, year: int, month: int) -> Response:
        """Lịch công tác by path: /sdttg/lich-cong-tac/YYYY/MM/, prev/next month never end."""
        prev_y, prev_m = (year - 1, 12) if month == 1 else (year, month - 1)
        next_y, next_m = (year + 1, 1) if month == 12 else (year, month + 1)
        weeks = []
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            start, end = week[0], week[-1]
            weeks.append(
                f"<tr><td>Tuần từ {start:%d/%m} đến {end:%d/%m/%Y}</td>"
                "<td>Chưa có lịch công tác.</td></tr>"
            )
        body = (
            f'<div class="events-calendar"><h3>Lịch công tác tháng {month:02d}/{year}</h3>'
            f'<a class="prev" href="{CALENDAR}{prev_y:04d}/{prev_m:02d}/">« Tháng trước</a> | '
            f'<a class="next" href="{CALENDAR}{next_y:04d}/{next_m:02d}/">Tháng sau »</a>'
            f'<table class="events">{"".join(weeks)}</table></div>'
        )
        return self.page(req, "Lịch công tác", self.module(1250, "Lịch công tác", body),
                         vn(year, month, 1) if 1900 < year < 2100 else self.epoch)

    def search(self, req: Request) -> Response:
        q = req.query.get("q", "")
        found = [a for a in self.live() if q and q.lower() in (a.title + a.text).lower()]
        rows = "".join(self.row(a) for a in found) or "<p>Không tìm thấy kết quả nào.</p>"
        body = self.module(1260, "Kết quả tìm kiếm",
                           f"<p>Từ khóa: <b>{esc(q)}</b> ({len(found)} kết quả)</p>{rows}")
        return self.page(req, "Tìm kiếm", body, self.latest())

    def link_click(self, req: Request) -> Response | None:
        ticket = req.query.get("fileticket", "")
        for a in self.live():
            for name in a.attachments:
                if self.ticket(name) == ticket:
                    data, ctype, modified = self.static_files()[self.attachment_path(name)]
                    return Response(
                        body=data,
                        content_type=ctype,
                        last_modified=modified,
                        compress=False,
                        headers=[
                            ("Content-Disposition", f'attachment; filename="{name}"'),
                            ("Cache-Control", "private"),
                        ],
                    )
        return None

    def render_article(self, req: Request, a: Article) -> Response:
        if a.slug == self.legacy().slug:
            return self.render_legacy(req, a)
        url = req.base_url + self.article_path(a)
        updated = (
            f'<div class="article-updated">Cập nhật lúc {a.modified:%H:%M:%S %d/%m/%Y}</div>'
            if a.modified
            else ""
        )
        lead = (
            f'<div class="article-summary"><p><strong>{esc(a.lead)}</strong></p></div>'
            if a.lead
            else ""
        )
        author = self.author_html(a)
        files = "".join(
            f'<li><img src="/images/FileManager/Icons/{name.rsplit(".", 1)[1]}.gif" alt="" /> '
            f'<a href="{esc(self.attachment_path(name))}" target="_blank">{esc(name)}</a></li>'
            for name in a.attachments
        )
        attach = (
            f'<div class="article-attachments"><span>Tệp đính kèm:</span><ul>{files}</ul></div>'
            if files
            else ""
        )
        tags = " ".join(
            f'<a href="{ROOT}/tim-kiem?q={quote(t)}">{esc(t)}</a>' for t in a.tags
        )
        related = "".join(
            f'<li><a href="{esc(self.link_path(o))}">{esc(o.title)}</a> '
            f'<span class="date">({o.published:%d/%m/%Y})</span></li>'
            for o in self.others(a)
        )
        mail = f"mailto:?subject={quote(a.title)}&body={quote(url)}"
        body = (
            '<div class="news-article">'
            f'<h1 class="article-title" id="dnn_ctr{NEWS_MID}_ViewArticle_lblTitle">'
            f"{esc(a.title)}</h1>\n"
            '<div class="article-meta"><span class="article-date">Ngày đăng '
            f"{a.published:%d/%m/%Y} | {ampm(a.published)}</span>\n"
            '<span class="article-tools">Xem với cỡ chữ <a href="javascript:changeFont(-1);">A-'
            '</a> <a href="javascript:changeFont(0);">A</a> <a href="javascript:changeFont(1);">'
            f'A+</a> | <a href="{self.print_path(a)}" target="_blank">In bài viết</a> | '
            f'<a href="{esc(mail)}">Gửi email</a></span></div>\n'
            f"{lead}"
            f'<div class="article-body" id="dnn_ctr{NEWS_MID}_ViewArticle_divContent">\n'
            f"{self.body_html(a, lead=False)}{author}</div>\n{updated}{attach}"
            f'<div class="article-tags">Từ khóa: {tags}</div></div>'
            f'<div class="related-news"><h3 class="related-title">Tin liên quan</h3>'
            f"<ul>{related}</ul></div>"
        )
        head = f'<link rel="canonical" href="{esc(url)}" />'
        return self.page(req, a.title, self.module(NEWS_MID, "Tin tức - Sự kiện", body),
                         a.last_modified, head=head)

    @staticmethod
    def author_html(a: Article) -> str:
        """The author: a bold, right-aligned last paragraph."""
        if not a.author:
            return ""
        return f'<p style="text-align: right;"><strong>{esc(a.author)}</strong></p>'

    def render_legacy(self, req: Request, a: Article) -> Response:
        """The old news module: table layout, only 'Cập nhật lúc' (the creation time)."""
        lead = f"<p><b>{esc(a.lead)}</b></p>\n" if a.lead else ""
        author = f'<p align="right"><b>{esc(a.author)}</b></p>' if a.author else ""
        others = "".join(
            f'<li><a href="{esc(self.link_path(o))}">{esc(o.title)}</a></li>'
            for o in self.others(a)
        )
        body = (
            '<table class="NewsDetail" width="100%" cellpadding="0" cellspacing="0">'
            f'<tr><td class="NewsTitle"><span id="dnn_ctr{LEGACY_MID}_NewsDetail_lblTitle">'
            f"{esc(a.title)}</span></td></tr>\n"
            f'<tr><td class="NewsDate">Cập nhật lúc {a.published:%H:%M:%S %d/%m/%Y}</td></tr>\n'
            f'<tr><td class="NewsContent" id="dnn_ctr{LEGACY_MID}_NewsDetail_lblContent">\n'
            f"{lead}{self.body_html(a, lead=False, p_attrs='')}{author}</td></tr></table>"
            f'<div class="NewsOther"><b>Các tin khác</b><ul>{others}</ul></div>'
        )
        return self.page(req, a.title, self.module(LEGACY_MID, "Tin tức", body), a.last_modified)

    def figure(self, a: Article, index: int, caption_html: str) -> str:
        src = self.image_path(a, index)
        if a.slug == self.legacy().slug:
            # the old editor broke long captions with <br />
            words = caption_html.split(" ")
            half = len(words) // 2
            caption_html = " ".join(words[:half]) + "<br />\n" + " ".join(words[half:])
        return (
            f'<p style="text-align: center;"><img src="{src}" alt="" width="600" height="400" '
            'border="0" /></p>\n'
            f'<p style="text-align: center;"><em>{caption_html}</em></p>\n'
        )

    def print_view(self, req: Request, a: Article) -> Response:
        """/ArticleId/N/print: the article without the skin (a duplicate)."""
        author = self.author_html(a)
        lead = f"<p><strong>{esc(a.lead)}</strong></p>" if a.lead else ""
        html = (
            '<!DOCTYPE html><html lang="vi-VN"><head><meta charset="utf-8" />'
            f"<title>{esc(a.title)}</title></head><body onload=\"window.print();\">"
            f'<div class="print-header">{esc(self.name.upper())}</div>'
            f"<h1>{esc(a.title)}</h1><p>Ngày đăng {a.published:%d/%m/%Y} | {ampm(a.published)}</p>"
            f"{lead}{self.body_html(a, lead=False)}{author}"
            f'<p class="print-source">Nguồn: {esc(req.base_url + self.article_path(a))}</p>'
            "</body></html>"
        )
        return self.html(html, last_modified=a.last_modified)

    def portal_home(self, req: Request) -> Response:
        links = "".join(
            f'<li><a href="{root}/">{esc(title)}</a></li>'
            for root, title in [(ROOT, self.name), *OTHER_SITES.items()]
        )
        html = (
            '<!DOCTYPE html><html lang="vi-VN"><head><meta charset="utf-8" />'
            "<title>Cổng thông tin điện tử tỉnh Cao Bằng</title>"
            f'<link href="{SKIN_CSS}" rel="stylesheet" /></head><body>'
            "<h1>CỔNG THÔNG TIN ĐIỆN TỬ TỈNH CAO BẰNG</h1>"
            f'<div class="DnnModule"><h2>Các sở, ban, ngành</h2><ul>{links}</ul></div>'
            '<p><a href="https://chinhphu.vn/">Cổng TTĐT Chính phủ</a></p></body></html>'
        )
        return self.html(html, last_modified=self.epoch)

    def other_site(self, req: Request, root: str, title: str,
                   old_article: bool = False) -> Response:
        if old_article:
            main = (
                '<div class="news-article"><h1 class="article-title">Hội nghị sơ kết công tác '
                "dân tộc 6 tháng đầu năm 2014</h1><div class=\"article-meta\">Ngày đăng "
                "15/07/2014 | 09:00 AM</div><div class=\"article-body\"><p>Ngày 14/7/2014, Ban "
                "Dân tộc tỉnh tổ chức hội nghị sơ kết công tác dân tộc 6 tháng đầu năm, triển "
                "khai nhiệm vụ 6 tháng cuối năm 2014.</p></div></div>"
            )
        else:
            extra = (
                f'<li><a href="{OLD_ARTICLE}">Hội nghị sơ kết công tác dân tộc 6 tháng đầu năm '
                "2014</a></li>"
                if root == "/sdttg-cu"
                else ""
            )
            main = (
                f"<h2>{esc(title)}</h2><ul>{extra}<li><a href=\"{ROOT}/\">Sở Dân tộc và Tôn "
                'giáo (trang mới)</a></li><li><a href="/">Cổng thông tin điện tử tỉnh</a></li>'
                "</ul>"
            )
        html = (
            '<!DOCTYPE html><html lang="vi-VN"><head><meta charset="utf-8" />'
            f"<title>{esc(title)}</title></head><body>"
            f'<div id="dnn_ctr900_ContentPane">{main}</div></body></html>'
        )
        return self.html(html, last_modified=self.epoch)

    def not_found(self, req: Request) -> Response:
        body = self.module(0, "Thông báo",
                           "<p>Trang bạn yêu cầu không tồn tại hoặc đã bị xóa.</p>")
        resp = self.page(req, "Không tìm thấy trang", body, self.epoch)
        resp.status = 404
        return resp

    def server_error(self, req: Request) -> Response:
        html = (
            "<!DOCTYPE html><html><head><title>Lỗi hệ thống</title></head><body>"
            '<div class="dnnFormMessage dnnFormError">Đã xảy ra lỗi. Lỗi: Tin tức - Sự kiện hiện '
            "không khả dụng.</div><p>DotNetNuke.Services.Exceptions.ModuleLoadException: "
            "Object reference not set to an instance of an object.</p></body></html>"
        )
        return self.html(html, status=500)

    # ----------------------------------------------------------------- chrome
    def module(self, mid: int, title: str, content: str) -> str:
        """A DNN module container (dnn_ctrNNN ids)."""
        head = (
            f'<div class="c_title"><h2><span id="dnn_ctr{mid}_dnnTITLE_titleLabel" '
            f'class="Head">{esc(title)}</span></h2></div>'
            if title
            else ""
        )
        return (
            f'<div class="DnnModule DnnModule-DNN_News DnnModule-{mid}"><a name="{mid}"></a>'
            f'<div class="c_container">{head}<div id="dnn_ctr{mid}_ContentPane" '
            f'class="c_content"><div id="dnn_ctr{mid}_ModuleContent" class="DNNModuleContent '
            f'ModDNNNewsC">{content}</div></div></div></div>\n'
        )

    def page(self, req: Request, title: str, main: str, modified: datetime, *,
             head: str = "", chunked: bool = False) -> Response:
        """Skin: clock, banner, menu, breadcrumb, content pane, right pane, footer."""
        day = req.now
        clock = f"{WEEKDAYS_TITLE[day.weekday()]}, ngày {day:%d/%m/%Y}"
        poll = self.module(
            1301,
            "Thăm dò ý kiến",
            "<p>Bạn đánh giá thế nào về Trang thông tin điện tử của Sở?</p>"
            '<input type="radio" name="poll" value="1" /> Rất hữu ích<br />'
            '<input type="radio" name="poll" value="2" /> Hữu ích<br />'
            '<input type="radio" name="poll" value="3" /> Bình thường<br />'
            "<a href=\"javascript:__doPostBack('dnn$ctr1301$Poll$cmdVote','')\">Bình chọn</a> "
            "<a href=\"javascript:__doPostBack('dnn$ctr1301$Poll$cmdResults','')\">Kết quả</a>",
        )
        counter = self.module(
            1302,
            "Thống kê truy cập",
            '<div class="visitor-counter"><div>Đang online: <span>15</span></div>'
            "<div>Hôm nay: <span>1.234</span></div><div>Tổng: <span>2.345.678</span></div></div>",
        )
        weblinks = self.module(
            1303,
            "Liên kết website",
            '<ul><li><a href="https://ubdt.gov.vn/" target="_blank">Bộ Dân tộc và Tôn giáo</a>'
            '</li><li><a href="https://caobang.gov.vn/" target="_blank">Cổng TTĐT tỉnh Cao Bằng'
            "</a></li></ul>",
        )
        login = f"{ROOT}/Login?returnurl=%2fsdttg%2f"
        html = f"""<!DOCTYPE html>
<html lang="vi-VN">
<head id="Head"><meta content="text/html; charset=UTF-8" http-equiv="Content-Type" />
<title>{esc(title)} &gt; {esc(self.name)}</title>
<meta id="MetaGenerator" name="GENERATOR" content="DotNetNuke " />
<meta id="MetaRobots" name="ROBOTS" content="INDEX, FOLLOW" />
<link href="{SKIN_CSS}?cdv=87" type="text/css" rel="stylesheet" />
<script src="{DNN_JS}?cdv=87" type="text/javascript"></script>
{head}
</head>
<body id="Body">
<form method="post" action="{esc(req.target)}" id="Form" enctype="multipart/form-data">
<div class="aspNetHidden"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE"
value="{viewstate(title + req.path, 1500)}" /></div>
<div id="dnn_wrapper">
<div id="dnn_topbar"><span id="dnn_dnnCURRENTDATE_lblDate" class="DateToken">{clock}</span>
<span class="toplinks"><a href="/">Cổng TTĐT tỉnh Cao Bằng</a> |
<a id="dnn_dnnLOGIN_loginLink" href="{esc(login)}" rel="nofollow">Đăng nhập</a></span>
<div id="dnn_dnnSEARCH_ClassicSearch"><input type="text" name="dnn$dnnSEARCH$txtSearch" />
<a href="{ROOT}/tim-kiem?q=d%C3%A2n+t%E1%BB%99c" class="SearchButton">Tìm kiếm</a></div></div>
<div id="dnn_banner"><a id="dnn_dnnLOGO_hypLogo" href="{ROOT}/"><img src="{LOGO}"
alt="{esc(self.name)}" /></a><h1 class="site-name">{esc(self.name.upper())}</h1></div>
<div id="dnn_dnnMENU"><ul class="topLevel">
<li><a href="{ROOT}/">Trang chủ</a></li>
<li><a href="{ROOT}/gioi-thieu">Giới thiệu</a></li>
<li><a href="{NEWS}">Tin tức - Sự kiện</a></li>
<li><a href="{CALENDAR}">Lịch công tác</a></li>
<li><a href="{ROOT}/so-do-site">Sơ đồ site</a></li>
</ul></div>
<div id="dnn_dnnBREADCRUMB" class="breadcrumb"><a href="{ROOT}/"
class="SkinObject">Trang chủ</a> » <a href="{ROOT}/Default.aspx?tabid={NEWS_TAB}"
class="SkinObject">Tin tức - Sự kiện</a></div>
<div class="row">
<div id="dnn_ContentPane" class="col-md-8 ContentPane">{main}</div>
<div id="dnn_RightPane" class="col-md-4 RightPane">{poll}{counter}{weblinks}</div>
</div>
<div id="dnn_footer"><p><strong>SỞ DÂN TỘC VÀ TÔN GIÁO TỈNH CAO BẰNG</strong></p>
<p>Địa chỉ: Số 011 đường Hoàng Đình Giong, phường Thục Phán, tỉnh Cao Bằng</p>
<p>Điện thoại: <a href="tel:02063852123">0206 3852 123</a> - Email: <a
href="mailto:sdttg@caobang.gov.vn">sdttg@caobang.gov.vn</a></p>
<p>Bản quyền thuộc Sở Dân tộc và Tôn giáo tỉnh Cao Bằng</p>
<p><a href="/sdttg-cu/">Trang thông tin Ban Dân tộc (cũ)</a> · <a
href="javascript:window.scrollTo(0,0);">Lên đầu trang</a></p></div>
</div></form></body></html>
"""
        cookies = [
            ("Set-Cookie", "dnn_IsMobile=False; path=/; HttpOnly"),
            ("Set-Cookie", "language=vi-VN; path=/; HttpOnly"),
            ("Set-Cookie", ".ASPXANONYMOUS=Qm9rZW5fYW5vbnltb3Vz; expires=Sat, 30-Jan-2027 "
             "10:00:00 GMT; path=/; HttpOnly"),
        ]
        return self.html(html, last_modified=modified, headers=cookies, chunked=chunked)
