"""Liferay 6.2 portal, like bandantoc.thainguyen.gov.vn (2022)."""

from __future__ import annotations

import re
from typing import Any

from replica.content import Article
from replica.files import CSS, JS, png_bytes
from replica.sites.base import BaseSite, Request, Response
from replica.util import WEEKDAYS_TITLE, esc, paginate

AP = "Ah4kWq7Jm2Rt"  # asset publisher instance id
PID = f"101_INSTANCE_{AP}"
CSS_URL = "/html/themes/bdt-theme/css/main.css?browserId=other&languageId=vi_VN&t=1642040000000"
JS_URL = "/html/js/barebone.jsp?browserId=other&languageId=vi_VN&t=1642040000000"


class LiferaySite(BaseSite):
    """Liferay: portlets, asset publisher URLs, JS clock, visitor counter, /en/ loop."""

    key = "liferay"
    family = "liferay"
    name = "Ban Dân tộc tỉnh Thái Nguyên"
    province = "Thái Nguyên"
    province_2025 = "Thái Nguyên"
    chunked_html = True
    server_headers = [("Server", "Apache-Coyote/1.1"), ("Liferay-Portal", "Liferay Portal CE 6.2")]
    id_base = 5731201

    def article_path(self, a: Article) -> str:
        if a.slug == self.articles[-1].slug:
            return f"/-/view_content/{self.aid(a)}-{a.slug}"
        return f"/-/asset_publisher/{AP}/content/{a.slug}"

    def attachment_path(self, name: str) -> str:
        return f"/documents/20143/0/{name}"

    def image_path(self, a: Article, index: int) -> str:
        return f"/documents/20143/45201/{a.slug[:30]}-{index + 1}.png"

    def assets(self) -> dict[str, tuple[bytes, str]]:
        return {
            "/html/themes/bdt-theme/css/main.css": (CSS, "text/css"),
            "/html/js/barebone.jsp": (JS, "application/javascript"),
            "/html/themes/bdt-theme/images/banner.png": (png_bytes((150, 20, 20), 8), "image/png"),
            "/html/themes/bdt-theme/images/favicon.png": (png_bytes((150, 20, 20), 2), "image/png"),
            "/documents/20143/0/ban-do-hanh-chinh.png": (png_bytes((40, 120, 40), 6), "image/png"),
        }

    def robots(self, base_url: str) -> str:
        return (
            "User-agent: *\nDisallow: /c/\nDisallow: /tim-kiem\n\n"
            f"Sitemap: {base_url}/sitemap.xml\n"
        )

    def faults(self) -> dict[str, Any]:
        first, second = self.articles[0], self.articles[1]
        old = f"/web/guest/tin-tuc/-/asset_publisher/{AP}/content/{first.slug}"
        return {
            "traps": {"language_loop": "/en/"},
            "disallowed": ["/c/", "/tim-kiem"],
            "error_paths": {"/van-ban-chi-dao": 404, self.article_path(second): 500},
            "fail_once": [self.article_path(second)],
            "redirects": {old: self.article_path(first)},
            "listings": ["/", "/tin-tuc", self._page_url(2)],
            "sitemaps": ["/sitemap.xml"],
            "chunked_paths": ["/", "/tin-tuc"],
            "multi_cookie_paths": ["/", "/tin-tuc"],
        }

    # ------------------------------------------------------------------ pages
    def _page_url(self, page: int) -> str:
        return f"/tin-tuc?p_p_id={PID}&p_p_lifecycle=0&_{PID}_cur={page}"

    def _cookies(self) -> list[tuple[str, str]]:
        return [
            ("Set-Cookie", "JSESSIONID=ABC123DEF4567890ABC123DEF4567890; Path=/; HttpOnly"),
            ("Set-Cookie", "COOKIE_SUPPORT=true; Expires=Sun, 21-Nov-2027 00:00:00 GMT; Path=/"),
        ]

    def route(self, req: Request) -> Response | None:
        if req.path == "/" or req.path == "/web/guest/home":
            return self.page(req, "Trang chủ", self.home_portlets(req), self.latest())
        if req.path == "/tin-tuc":
            cur = req.query.get(f"_{PID}_cur", "1")
            return self.listing(req, int(cur) if cur.isdigit() else 1)
        if req.path == "/gioi-thieu":
            body = self.portlet(
                "Giới thiệu",
                '<div class="journal-content-article"><p>Ban Dân tộc tỉnh Thái Nguyên là cơ quan '
                "chuyên môn thuộc UBND tỉnh, tham mưu công tác dân tộc.</p></div>",
                "56_INSTANCE_gioithieu",
            )
            return self.page(req, "Giới thiệu", body, self.epoch)
        if req.path == "/sitemap.xml":
            urls = "".join(
                f"<url><loc>{req.base_url}{p}</loc><changefreq>daily</changefreq></url>"
                for p in ("/", "/tin-tuc", "/gioi-thieu")
            )
            xml = (
                '<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            )
            return self.text(xml, "text/xml;charset=UTF-8", last_modified=self.latest())
        if re.fullmatch(r"/en(/en)*/?", req.path):
            return self.page(req, "Home", self.home_portlets(req), self.latest(), lang="en")
        if req.path.startswith("/en/"):
            art = self.article_keys().get(req.key[3:])
            if art is not None and art.slug not in self.removed:
                return self.render_article(req, art, lang="en")
        return None

    def listing(self, req: Request, page: int) -> Response | None:
        chunk, pages = paginate(self.live(), page, self.per_page)
        if page > pages:
            return None
        entries = "".join(self.abstract(a) for a in chunk)
        nav = "".join(
            f'<li class="{"active" if n == page else ""}"><a '
            f'href="{esc(self._page_url(n))}">{n}</a></li>'
            for n in range(1, pages + 1)
        )
        if page < pages:
            nav += f'<li><a href="{esc(self._page_url(page + 1))}">Tiếp theo »</a></li>'
        body = self.portlet(
            "Tin tức - Sự kiện",
            f'<div class="asset-publisher">{entries}</div>'
            f'<div class="taglib-page-iterator"><ul class="pagination">{nav}</ul></div>',
            PID,
        )
        return self.page(req, "Tin tức - Sự kiện", body, self.latest(chunk))

    def abstract(self, a: Article, href: str | None = None) -> str:
        href = href or self.article_path(a)
        summary = (a.lead or a.paragraphs[0])[:220].rsplit(" ", 1)[0] + "..."
        return (
            '<div class="asset-abstract">'
            f'<h3 class="asset-title"><a href="{esc(href)}">{esc(a.title)}</a></h3>'
            f'<div class="asset-metadata"><span class="metadata-entry metadata-publish-date">'
            f"{a.published:%d-%m-%Y %H:%M}</span></div>"
            f'<div class="asset-summary">{esc(summary)}</div>'
            f'<div class="asset-more"><a href="{esc(href)}">Xem tiếp »</a></div></div>\n'
        )

    def home_portlets(self, req: Request) -> str:
        arts = self.live()
        items = []
        for i, a in enumerate(arts[:3]):
            href = self.article_path(a)
            if i == 1:
                href += ";jsessionid=ABC123"
            items.append(self.abstract(a, href))
        more = '<div class="asset-more"><a href="/tin-tuc">Xem tất cả »</a></div>'
        return self.portlet("Tin tức - Sự kiện", "".join(items) + more, PID)

    def render_article(self, req: Request, a: Article, lang: str = "vi") -> Response:
        files = "".join(
            f'<li><a href="{esc(self.attachment_path(n))}" target="_blank">{esc(n)}</a></li>'
            for n in a.attachments
        )
        attach = (
            f'<div class="asset-links"><h4>Tài liệu đính kèm</h4><ul>{files}</ul></div>'
            if files
            else ""
        )
        others = self.others(a)
        links = []
        for o in others:
            href = self.article_path(o)
            if o.slug == self.articles[0].slug:
                href = f"/web/guest/tin-tuc/-/asset_publisher/{AP}/content/{o.slug}"
            links.append(
                f'<li><a href="{esc(href)}">{esc(o.title)}</a> '
                f'<span class="date">({o.published:%d-%m-%Y})</span></li>'
            )
        author = (
            f'<p style="text-align: right;"><strong>{esc(a.author)}</strong></p>\n'
            if a.author
            else ""
        )
        content = (
            '<div class="asset-full-content clearfix default-asset-publisher show-asset-title">'
            f'<h3 class="header-title"><span>{esc(a.title)}</span></h3>'
            '<div class="asset-metadata"><span class="metadata-entry metadata-publish-date">'
            f"{a.published:%d-%m-%Y %H:%M}</span></div>"
            f'<div class="asset-content" id="_{PID}_{self.aid(a)}">'
            f'<div class="journal-content-article" data-analytics-asset-id="{self.aid(a)}">\n'
            f"{self.body_html(a)}{author}</div></div>{attach}"
            '<div class="taglib-social-bookmarks"><ul class="unstyled">'
            '<li><a href="https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2F'
            'bandantoc.thainguyen.gov.vn" target="_blank">Facebook</a></li>'
            '<li><a href="javascript:window.print();">In trang</a></li></ul></div></div>'
            '<div class="asset-related"><h4 class="title">Các tin khác</h4>'
            f"<ul>{''.join(links)}</ul></div>"
        )
        head = (
            f'<link href="{req.base_url}{self.article_path(a)}" rel="canonical" />'
            f'<link href="{req.base_url}/en{self.article_path(a)}" hreflang="en-US" '
            'rel="alternate" />'
            f'<meta property="og:title" content="{esc(a.title)}" />'
        )
        return self.page(req, a.title, self.portlet("", content, PID), a.last_modified, lang, head)

    # ----------------------------------------------------------------- chrome
    def portlet(self, title: str, content: str, pid: str) -> str:
        """A portlet with Liferay's boundary/decoration markup."""
        heading = (
            f'<header class="portlet-topper"><h2 class="portlet-title"><span '
            f'class="portlet-title-text">{esc(title)}</span></h2></header>'
            if title
            else ""
        )
        kind = pid.split("_", 1)[0]
        return (
            f'<div class="portlet-boundary portlet-boundary_{kind}_ portlet-static '
            f'portlet-static-end portlet-borderless" id="p_p_id_{pid}_">'
            f'<span id="p_{pid}"></span><section class="portlet" id="portlet_{pid}">'
            f'{heading}<div class="portlet-content"><div class="portlet-content-container">'
            f'<div class="portlet-body">{content}</div></div></div></section></div>\n'
        )

    def page(
        self, req: Request, title: str, main: str, modified, lang: str = "vi", head: str = ""
    ) -> Response:
        """Wrap portlets in the theme: skip link, clock, languages, menu, sidebar, footer."""
        day = req.now
        clock = f"{WEEKDAYS_TITLE[day.weekday()]}, {day:%d/%m/%Y}"
        lang_link = '<a href="en/" hreflang="en" class="taglib-language-list-text">English</a>'
        if not (req.path == "/" or re.fullmatch(r"/en(/en)*/?", req.path)):
            lang_link = '<a href="/en/" hreflang="en" class="taglib-language-list-text">English</a>'
        sidebar = (
            self.portlet(
                "Bản đồ hành chính",
                '<a href="/documents/20143/0/ban-do-hanh-chinh.png"><img alt="Bản đồ hành chính" '
                'src="/documents/20143/0/ban-do-hanh-chinh.png" /></a>',
                "56_INSTANCE_bando",
            )
            + self.portlet(
                "Liên kết website",
                '<ul><li><a href="https://ubdt.gov.vn/" target="_blank">Ủy ban Dân tộc</a></li>'
                '<li><a href="https://thainguyen.gov.vn/" '
                'target="_blank">Cổng TTĐT tỉnh Thái Nguyên'
                '</a></li><li><a href="https://baodantoc.vn/" target="_blank">Báo Dân tộc và '
                "Phát triển</a></li></ul>",
                "56_INSTANCE_lienket",
            )
            + self.portlet(
                "Thống kê truy cập",
                '<div class="counter"><p>Đang truy cập: <span class="online">8264</span></p>'
                '<p>Tổng truy cập: <span class="total">3320252</span></p></div>',
                "visitorcounter_WAR_visitorcounterportlet",
            )
        )
        html = f"""<!DOCTYPE html>
<html class="ltr" dir="ltr" lang="{"en-US" if lang == "en" else "vi-VN"}">
<head>
<title>{esc(title)} - Ban Dân tộc tỉnh Thái Nguyên</title>
<meta content="initial-scale=1.0, width=device-width" name="viewport" />
<meta content="text/html; charset=UTF-8" http-equiv="content-type" />
<link href="/html/themes/bdt-theme/images/favicon.png" rel="Shortcut Icon" />
<link class="lfr-css-file" href="{esc(CSS_URL)}" rel="stylesheet" type="text/css" />
<script src="{esc(JS_URL)}" type="text/javascript"></script>
{head}
</head>
<body class="yui3-skin-sam controls-visible guest-site signed-out public-page site">
<a href="#main-content" id="skip-to-content">Truy cập nội dung luôn</a>
<div class="container-fluid" id="wrapper">
<header id="banner" role="banner">
<div class="top-bar">
<span class="date-time" id="bdt-clock">{clock}</span>
<script type="text/javascript">
(function(){{var d=new Date(),
t=["Chủ Nhật","Thứ Hai","Thứ Ba","Thứ Tư","Thứ Năm","Thứ Sáu","Thứ Bảy"];
document.getElementById("bdt-clock").innerHTML=t[d.getDay()]+", "+d.getDate()+"/"
+(d.getMonth()+1)+"/"+d.getFullYear();}})();
</script>
<div class="portlet-language"><a href="/" hreflang="vi"
class="taglib-language-list-text">Tiếng Việt</a> | {lang_link}</div>
<a href="/c/portal/login?p_l_id=20143" rel="nofollow" class="sign-in">Đăng nhập</a>
</div>
<div id="heading"><h1 class="site-title"><a class="logo default-logo" href="/"
title="Ban Dân tộc tỉnh Thái Nguyên">
<img alt="BAN DÂN TỘC TỈNH THÁI NGUYÊN" src="/html/themes/bdt-theme/images/banner.png" /></a></h1>
</div>
<nav class="sort-pages modify-pages" id="navigation" role="navigation"><ul
aria-label="Các trang của trang web" role="menubar">
<li><a href="/"><span>Trang chủ</span></a></li>
<li><a href="/gioi-thieu"><span>Giới thiệu</span></a></li>
<li><a href="/tin-tuc"><span>Tin tức - Sự kiện</span></a></li>
<li><a href="/van-ban-chi-dao"><span>Văn bản chỉ đạo</span></a></li>
</ul></nav>
<form action="/tim-kiem" method="get" class="form-search"><input name="q" type="text"
placeholder="Tìm kiếm..." />
<button type="submit">Tìm kiếm</button> <a
href="/tim-kiem?q=ch%C6%B0%C6%A1ng+tr%C3%ACnh">Tìm kiếm nâng cao</a></form>
</header>
<section id="content">
<div class="columns-2-1" id="main-content" role="main"><div class="portlet-layout row-fluid">
<div class="portlet-column portlet-column-first span8" id="column-1"><div
class="portlet-dropzone portlet-column-content portlet-column-content-first"
id="layout-column_column-1">
{main}</div></div>
<div class="portlet-column portlet-column-last span4" id="column-2"><div
class="portlet-dropzone portlet-column-content portlet-column-content-last"
id="layout-column_column-2">
{sidebar}</div></div>
</div></div>
</section>
<footer id="footer" role="contentinfo">
<p><strong>BAN DÂN TỘC TỈNH THÁI NGUYÊN</strong></p>
<p>Địa chỉ: 666A đường Quang Trung, phường Tân Thịnh, TP Thái Nguyên</p>
<p>Điện thoại: <a href="tel:02083651864">0208 3651 864</a> - Fax: 0208 3651 864</p>
<p>Email: <a href="mailto:bandantoc@thainguyen.gov.vn">bandantoc@thainguyen.gov.vn</a></p>
<p>Ghi rõ nguồn Trang thông tin điện tử Ban Dân tộc tỉnh Thái Nguyên
(http://www.bandantoc.thainguyen.gov.vn) khi phát hành thông tin từ website này</p>
<p>Bản quyền © 2015 Ban Dân Tộc Tỉnh Thái Nguyên. Bảo lưu toàn quyền</p>
</footer>
</div>
</body>
</html>
"""
        return self.html(html, last_modified=modified, headers=self._cookies())
