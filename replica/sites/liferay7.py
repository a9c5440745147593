"""Liferay 7.4 site of a Sở Dân tộc và Tôn giáo (sdttg.lamdong.gov.vn-like), /web/guest/ pages.

Every asset-publisher link carries ``redirect=<the current URL>`` (so the links of a page
reached through such a link nest it again), the language selector prefixes the current path
(``/vi/en/vi/...``), print links open ``p_p_state=pop_up`` duplicates, and documents are
served at extension-less ``/documents/<group>/<folder>/<title>/<uuid>?t=`` addresses.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from datetime import datetime
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from replica.content import Article, vn
from replica.files import CSS, JS, png_bytes
from replica.sites.base import BaseSite, Request, Response
from replica.texts import ARTICLES
from replica.texts.blind import BLIND_ARTICLES
from replica.util import WEEKDAYS_TITLE, esc, http_date, iso, paginate

ARTICLES.setdefault("liferay7", BLIND_ARTICLES["liferay7"])

GROUP = 20126
AP = "AbC123"
PID = f"com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_{AP}"
JC = "com_liferay_journal_content_web_portlet_JournalContentPortlet_INSTANCE_Hd7Qw2"
NEWS = "/web/guest/tin-tuc"
RSS = (
    f"{NEWS}?p_p_id={PID}&p_p_lifecycle=2&p_p_state=normal&p_p_mode=view"
    "&p_p_resource_id=getRSS&p_p_cacheability=cacheLevelPage"
)
SITEMAP_PAGES = (
    "/sitemap.xml?p_l_id=8&layoutUuid=5f0c1e0a-2b7d-4c1e-9a4b-1d2e3f4a5b6c"
    f"&groupId={GROUP}&privateLayout=false"
)
SITEMAP_NEWS = (
    "/sitemap.xml?p_l_id=12&layoutUuid=9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
    f"&groupId={GROUP}&privateLayout=false"
)
THEME = "/o/sdttg-theme"
CSS_URL = (
    f"{THEME}/css/main.css?browserId=other&themeId=sdttgtheme_WAR_sdttgtheme"
    "&languageId=vi_VN&t=1769760000000"
)
JS_URL = (
    "/combo?browserId=other&minifierType=js&languageId=vi_VN&t=1769760000000"
    "&/o/frontend-js-web/liferay/aui_deprecated.js"
)
LANG_RE = re.compile(r"^((?:/(?:en|vi))+)(/.*)?$")
OLD_SITE = "/web/bandantoc/tin-tuc/-/asset_publisher/XyZ789/content"
DELTAS = (5, 10, 20)


def _uuid(name: str) -> str:
    return str(uuid.UUID(hashlib.md5(name.encode()).hexdigest()))


class Liferay7Site(BaseSite):
    """Liferay 7: Clay portlets, /-/ friendly URLs, redirect= explosion, pop_up, /en/ /vi/."""

    key = "liferay7"
    family = "liferay"
    name = "Sở Dân tộc và Tôn giáo tỉnh Lâm Đồng"
    province = "Lâm Đồng"
    province_2025 = "Lâm Đồng"
    chunked_html = True
    server_headers = [
        ("Server", "nginx"),
        ("Liferay-Portal", "Liferay Community Edition Portal 7.4.3.112 CE GA112"),
        ("X-Content-Type-Options", "nosniff"),
    ]
    id_base = 48213
    epoch = vn(2024, 6, 1, 8, 0)

    # ------------------------------------------------------------- identities
    def display_page(self) -> Article:
        """The article shown by a Web Content Display page at /web/guest/-/<slug>."""
        return self.articles[-1]

    def nfd_article(self) -> Article:
        """The article whose content is served NFD-decomposed."""
        return self.articles[2]

    def article_path(self, a: Article) -> str:
        if a.slug == self.display_page().slug:
            return f"/web/guest/-/{a.slug}"
        return f"{NEWS}/-/asset_publisher/{AP}/content/{a.slug}"

    def attachment_path(self, name: str) -> str:
        stamp = 1706000000000 + int(hashlib.md5(name.encode()).hexdigest()[:8], 16) % 10**9
        return f"/documents/{GROUP}/0/{quote(name)}/{_uuid(name)}?t={stamp}"

    def image_path(self, a: Article, index: int) -> str:
        name = f"{a.slug[:32]}-{index + 1}.png"
        return f"/documents/{GROUP}/45107/{name}/{_uuid(name)}?t=1706000000000"

    def assets(self) -> dict[str, tuple[bytes, str]]:
        return {
            f"{THEME}/css/main.css": (CSS, "text/css"),
            "/combo": (JS, "application/javascript"),
            f"{THEME}/images/logo.png": (png_bytes((170, 20, 20), 8), "image/png"),
            f"{THEME}/images/favicon.ico": (png_bytes((170, 20, 20), 2), "image/png"),
        }

    def _build_files(self) -> dict[str, tuple[bytes, str, datetime]]:
        # documents are addressed with a ?t= cache buster: serve them by path
        return {k.split("?", 1)[0]: v for k, v in super()._build_files().items()}

    def respond(self, req: Request, *, dry_run: bool = False) -> Response:
        resp = super().respond(req, dry_run=dry_run)
        if resp.status == 200 and req.path.startswith("/documents/"):
            title = unquote(req.path.split("/")[4])
            resp.headers.append(("Content-Disposition", f'inline; filename="{title}"'))
        return resp

    def robots(self, base_url: str) -> str:
        return (
            "User-Agent: *\nDisallow: /c/\nDisallow: /group/\nDisallow: /web/guest/tim-kiem\n"
            f"\nSitemap: {base_url}/sitemap.xml\n"
        )

    def page_url(self, cur: int, delta: int | None = None) -> str:
        """Page-iterator link of the news listing."""
        return (
            f"{NEWS}?p_p_id={PID}&p_p_lifecycle=0&p_p_state=normal&p_p_mode=view"
            f"&_{PID}_cur={cur}&_{PID}_delta={delta or self.per_page}"
        )

    def print_url(self, a: Article) -> str:
        portlet = JC if a.slug == self.display_page().slug else PID
        return f"{self.article_path(a)}?p_p_state=pop_up&_{portlet}_viewMode=print"

    def old_url(self, a: Article) -> str:
        return f"{OLD_SITE}/{a.slug}"

    def faults(self) -> dict[str, Any]:
        first = self.articles[0]
        flaky = self.article_path(self.articles[1])
        return {
            "traps": {
                "redirect_param": r"^[^?]*/-/[^?]*\?(.*&)?redirect=",
                "popup": r"^[^?]*\?(.*&)?p_p_state=pop_up",
                "language_prefix": r"^/(en|vi)(/|\?|$)",
            },
            "disallowed": ["/c/", "/group/", "/web/guest/tim-kiem"],
            "error_paths": {"/web/guest/thu-tuc-hanh-chinh": 404, flaky: 500},
            "fail_once": [flaky],
            "redirects": {self.old_url(first): self.article_path(first)},
            "listings": ["/", NEWS, self.page_url(2), self.page_url(3)],
            "sitemaps": ["/sitemap.xml", SITEMAP_PAGES, SITEMAP_NEWS],
            "feeds": [RSS],
            "chunked_paths": ["/", NEWS],
            "multi_cookie_paths": ["/", NEWS],
            "nfd_paths": [self.article_path(self.nfd_article())],
        }

    def redirect_table(self) -> dict[str, str]:
        table = {"/web/guest": "/", "/web/guest/trang-chu": "/"}
        for a in self.live():
            table[self.old_url(a)] = self.article_path(a)
        return {**table, **super().redirect_table()}

    # ------------------------------------------------------------------ pages
    def route(self, req: Request) -> Response | None:
        lang = "vi"
        path = req.path
        m = LANG_RE.match(path)
        if m:
            lang = m.group(1).rsplit("/", 1)[1]
            path = m.group(2) or "/"
        query = req.query
        if path == "/":
            return self.home(req, lang)
        if path == NEWS:
            if query.get("p_p_lifecycle") == "2" and query.get("p_p_resource_id") == "getRSS":
                return self.rss(req)
            return self.listing(req, lang)
        if path == "/web/guest/gioi-thieu":
            body = self.portlet(
                "Giới thiệu",
                '<div class="journal-content-article" data-analytics-asset-id="48100">'
                "<p>Sở Dân tộc và Tôn giáo tỉnh Lâm Đồng là cơ quan chuyên môn thuộc UBND tỉnh, "
                "tham mưu, giúp UBND tỉnh quản lý nhà nước về công tác dân tộc, tín ngưỡng, tôn "
                "giáo.</p><p>Sở được tổ chức lại từ ngày 01/7/2025 trên cơ sở hợp nhất Sở Dân tộc "
                "và Tôn giáo các tỉnh Lâm Đồng, Đắk Nông và Bình Thuận.</p></div>",
                JC,
            )
            return self.page(req, "Giới thiệu", body, vn(2025, 7, 1, 8, 0), lang)
        if path == "/web/guest/tim-kiem":
            q = query.get("q", "")
            found = [a for a in self.live() if q and q.lower() in a.text.lower()]
            rows = "".join(self.abstract(req, a) for a in found) or "<p>Không có kết quả.</p>"
            body = self.portlet("Tìm kiếm", rows,
                                "com_liferay_portal_search_web_portlet_SearchPortlet")
            return self.page(req, "Tìm kiếm", body, self.latest(), lang)
        if path == "/c/portal/login":
            body = self.portlet("Đăng nhập", '<form class="sign-in-form"><input name="login" />'
                                '<input type="password" name="password" /></form>',
                                "com_liferay_login_web_portlet_LoginPortlet")
            return self.page(req, "Đăng nhập", body, self.epoch, lang)
        if path == "/sitemap.xml":
            return self.sitemap(req)
        art = self.by_path(path)
        if art is None:
            return None
        if query.get("p_p_state") == "pop_up":
            return self.popup(req, art)
        if not m and not query:
            return None  # the canonical address: base routing renders it
        return self.render_article(req, art, lang)

    def by_path(self, path: str) -> Article | None:
        for a in self.live():
            if self.article_path(a) == path:
                return a
        return None

    def article_link(self, req: Request, a: Article) -> str:
        """An asset-publisher link: the article plus the current URL as ``redirect``."""
        return f"{self.article_path(a)}?redirect={quote(req.base_url + req.target, safe='')}"

    def abstract(self, req: Request, a: Article) -> str:
        href = esc(self.article_link(req, a))
        summary = (a.lead or a.paragraphs[0])[:200].rsplit(" ", 1)[0] + "..."
        thumb = (
            f'<div class="asset-image"><a href="{href}"><img alt="" '
            f'src="{esc(self.image_path(a, 0))}" /></a></div>'
            if a.captions
            else ""
        )
        return (
            f'<div class="asset-abstract">{thumb}'
            f'<h3 class="asset-title"><a href="{href}">{esc(a.title)}</a></h3>'
            f'<div class="asset-metadata"><span class="metadata-publish-date">'
            f"{a.published:%d/%m/%Y}</span></div>"
            f'<div class="asset-summary">{esc(summary)}</div>'
            f'<div class="asset-more"><a href="{href}">Xem chi tiết »</a></div></div>\n'
        )

    def home(self, req: Request, lang: str) -> Response:
        arts = self.live()
        first = self.articles[0]
        featured = ""
        if first.slug not in self.removed:
            featured = self.portlet(
                "Tin nổi bật",
                f'<div class="featured"><a href="{esc(self.old_url(first))}">'
                f"{esc(first.title)}</a></div>",
                "com_liferay_journal_content_web_portlet_JournalContentPortlet_INSTANCE_feat",
            )
        items = "".join(self.abstract(req, a) for a in arts[:4])
        more = f'<div class="asset-more"><a href="{NEWS}">Xem tất cả »</a></div>'
        body = featured + self.portlet("Tin tức - Sự kiện", items + more, PID)
        return self.page(req, "Trang chủ", body, self.latest(), lang)

    def listing(self, req: Request, lang: str) -> Response | None:
        cur_s = req.query.get(f"_{PID}_cur", "1")
        delta_s = req.query.get(f"_{PID}_delta", str(self.per_page))
        if not (cur_s.isdigit() and delta_s.isdigit()) or int(cur_s) < 1 or int(delta_s) < 1:
            return None
        cur, delta = int(cur_s), int(delta_s)
        arts = self.live()
        chunk, pages = paginate(arts, cur, delta)
        if cur > pages:
            return None
        entries = "".join(self.abstract(req, a) for a in chunk)
        items = []
        if cur > 1:
            items.append(f'<li class="page-item"><a class="page-link" '
                         f'href="{esc(self.page_url(cur - 1, delta))}">«</a></li>')
        for n in range(1, pages + 1):
            active = " active" if n == cur else ""
            items.append(f'<li class="page-item{active}"><a class="page-link" '
                         f'href="{esc(self.page_url(n, delta))}">{n}</a></li>')
        if cur < pages:
            items.append(f'<li class="page-item"><a class="page-link" '
                         f'href="{esc(self.page_url(cur + 1, delta))}">»</a></li>')
        deltas = "".join(
            f'<li><a class="dropdown-item" href="{NEWS}?p_p_id={PID}&amp;p_p_lifecycle=0&amp;'
            f'_{PID}_delta={d}&amp;_{PID}_resetCur=false&amp;_{PID}_cur=1">{d}</a></li>'
            for d in DELTAS
        )
        iterator = (
            '<div class="pagination-bar"><div class="dropdown pagination-items-per-page">'
            f'<span>Mục mỗi trang: {delta}</span><ul class="dropdown-menu">{deltas}</ul></div>'
            f'<div class="pagination-results">Hiển thị {(cur - 1) * delta + 1} đến '
            f"{(cur - 1) * delta + len(chunk)} trong {len(arts)} mục.</div>"
            f'<ul class="pagination">{"".join(items)}</ul></div>'
        )
        body = self.portlet("Tin tức - Sự kiện",
                            f'<div class="asset-publisher">{entries}</div>{iterator}', PID)
        return self.page(req, "Tin tức - Sự kiện", body, self.latest(chunk), lang)

    def date_text(self, a: Article) -> str:
        """'11:14, 31/10/2024' (oldest and display-page articles) or 'Thứ Sáu, 30/01/2026-15:17'."""
        if a.slug in (self.articles[0].slug, self.display_page().slug):
            return f"{a.published:%H:%M, %d/%m/%Y}"
        return f"{WEEKDAYS_TITLE[a.published.weekday()]}, {a.published:%d/%m/%Y-%H:%M}"

    def author_html(self, a: Article) -> str:
        if not a.author:
            return ""
        style = [x.slug for x in self.articles].index(a.slug) % 4
        name = esc(a.author)
        return [
            f'<p style="text-align: right;"><strong>{name}</strong></p>\n',
            f'<p style="text-align: right;">{name}</p>\n',
            f'<p style="text-align: right;"><em><strong>{name}</strong></em></p>\n',
            f'<p class="author" style="text-align: right;"><b>{name}</b></p>\n',
        ][style]

    def figure(self, a: Article, index: int, caption_html: str) -> str:
        src = esc(self.image_path(a, index))
        img = f'<img alt="" src="{src}" style="width: 700px; height: 467px;" />'
        order = [x.slug for x in self.articles].index(a.slug)
        if (order + index) % 2:  # caption paragraph under the image
            return (
                f'<p style="text-align: center;">{img}</p>\n'
                f'<p class="img-caption" style="text-align: center;">{caption_html}</p>\n'
            )
        return f'<p style="text-align: center;">{img}<br />\n<em>{caption_html}</em></p>\n'

    def attachments_html(self, a: Article) -> str:
        files = "".join(
            f'<li><a href="{esc(self.attachment_path(n))}" target="_blank">'
            f'<span class="lexicon-icon-document"></span> {esc(n)}</a></li>'
            for n in a.attachments
        )
        return (
            f'<div class="asset-links"><h4>Tệp đính kèm</h4><ul class="list-unstyled">{files}'
            "</ul></div>"
            if files
            else ""
        )

    def render_article(self, req: Request, a: Article, lang: str = "vi") -> Response:
        here = quote(req.base_url + req.target, safe="")
        back = req.query.get("redirect", "")
        back_path = back[len(req.base_url):] if back.startswith(req.base_url + "/") else NEWS
        related = "".join(
            f'<li><a href="{esc(self.article_path(o))}?redirect={here}">{esc(o.title)}</a> '
            f'<span class="date">({o.published:%d/%m/%Y})</span></li>'
            for o in self.others(a, 4)
        )
        body = self.body_html(a, p_attrs=' style="text-align: justify;"') + self.author_html(a)
        tools = (
            '<div class="taglib-social-bookmarks"><ul class="list-inline">'
            '<li><a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2F'
            f'sdttg.lamdong.gov.vn{quote(self.article_path(a), safe="")}" target="_blank">'
            "Chia sẻ</a></li>"
            f'<li><a href="{esc(self.print_url(a))}" target="_blank" title="In">In trang</a></li>'
            "</ul></div>"
        )
        if a.slug == self.display_page().slug:
            content = (
                f'<div class="journal-content-article" data-analytics-asset-id="{self.aid(a)}" '
                f'data-analytics-asset-title="{esc(a.title)}" '
                'data-analytics-asset-type="web-content">\n'
                f'<h2 class="title-article">{esc(a.title)}</h2>\n'
                f'<div class="date-article">{self.date_text(a)}</div>\n'
                f"{body}</div>{self.attachments_html(a)}{tools}"
            )
            portlet_id = JC
        else:
            content = (
                '<div class="asset-full-content clearfix mb-5 default-asset-publisher '
                'show-asset-title">'
                f'<h3 class="header-title"><span>{esc(a.title)}</span></h3>\n'
                '<div class="asset-metadata"><span class="metadata-entry '
                f'metadata-publish-date">{self.date_text(a)}</span> <span class="metadata-entry '
                f'metadata-view-count">Lượt xem: {700 + self.aid(a) % 900}</span></div>\n'
                f'<div class="asset-content mb-3" id="_{PID}_{self.aid(a)}">'
                f'<div class="journal-content-article" data-analytics-asset-id="{self.aid(a)}">\n'
                f"{body}</div></div>{self.attachments_html(a)}{tools}</div>"
            )
            portlet_id = PID
        content += (
            f'<div class="asset-related"><h4 class="title">Tin khác</h4><ul>{related}</ul></div>'
            f'<div class="asset-back"><a href="{esc(back_path)}">« Quay lại</a></div>'
        )
        title = a.title
        if a.slug == self.nfd_article().slug:
            content = unicodedata.normalize("NFD", content)
            title = unicodedata.normalize("NFD", title)
        canonical = req.base_url + self.article_path(a)
        head = (
            f'<link href="{esc(canonical)}" rel="canonical" />\n'
            f'<link href="{esc(canonical)}" hreflang="vi-VN" rel="alternate" />\n'
            f'<link href="{esc(req.base_url + "/en" + self.article_path(a))}" hreflang="en-US" '
            'rel="alternate" />\n'
            f'<meta property="og:title" content="{esc(a.title)}" />\n'
            f'<meta property="og:url" content="{esc(canonical)}" />'
        )
        return self.page(req, title, self.portlet("", content, portlet_id), a.last_modified,
                         lang, head)

    def popup(self, req: Request, a: Article) -> Response:
        """p_p_state=pop_up: the portlet alone (print view), a duplicate of the article."""
        body = self.body_html(a) + self.author_html(a)
        html = (
            '<!DOCTYPE html><html class="ltr" dir="ltr" lang="vi-VN"><head>'
            f"<title>{esc(a.title)} - {esc(self.name)}</title>"
            f'<link href="{esc(CSS_URL)}" rel="stylesheet" /></head>'
            '<body class="portal-popup"><div class="portlet-body">'
            f'<h3 class="header-title">{esc(a.title)}</h3>'
            f'<div class="metadata-publish-date">{self.date_text(a)}</div>'
            f'<div class="journal-content-article">{body}</div>'
            '<a href="javascript:print();">In</a></div></body></html>'
        )
        return self.html(html, last_modified=a.last_modified)

    def rss(self, req: Request) -> Response:
        items = "".join(
            "<item>"
            f"<title>{esc(a.title)}</title>"
            f"<link>{esc(req.base_url + self.article_path(a))}</link>"
            f"<description>{esc((a.lead or a.paragraphs[0])[:200])}</description>"
            f"<pubDate>{http_date(a.published)}</pubDate>"
            f"<dc:creator>{esc(a.author or 'Sở Dân tộc và Tôn giáo')}</dc:creator>"
            f"<guid isPermaLink=\"false\">{GROUP}-{self.aid(a)}</guid>"
            "</item>"
            for a in self.live()
        )
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0"><channel>'
            f"<title>Tin tức - Sự kiện</title><link>{esc(req.base_url + NEWS)}</link>"
            f"<description>{esc(self.name)}</description>{items}</channel></rss>"
        )
        return self.text(xml, "application/rss+xml;charset=UTF-8", last_modified=self.latest())

    def sitemap(self, req: Request) -> Response | None:
        base = req.base_url
        if not req.query:
            maps = "".join(
                f"<sitemap><loc>{esc(base + t)}</loc></sitemap>"
                for t in (SITEMAP_PAGES, SITEMAP_NEWS)
            )
            xml = (
                '<?xml version="1.0" encoding="UTF-8"?>'
                f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}'
                "</sitemapindex>"
            )
            return self.text(xml, "text/xml;charset=UTF-8", last_modified=self.latest())
        if req.key == Request.make("GET", SITEMAP_PAGES).key:
            paths = [("/", self.latest()), (NEWS, self.latest()),
                     ("/web/guest/gioi-thieu", vn(2025, 7, 1, 8, 0))]
        elif req.key == Request.make("GET", SITEMAP_NEWS).key:
            paths = [(self.article_path(a), a.last_modified) for a in self.live()]
        else:
            return None
        urls = "".join(
            f"<url><loc>{esc(base + p)}</loc>"
            f'<xhtml:link href="{esc(base + p)}" hreflang="vi-VN" rel="alternate"/>'
            f'<xhtml:link href="{esc(base + "/en" + p)}" hreflang="en-US" rel="alternate"/>'
            f"<lastmod>{iso(modified)}</lastmod></url>"
            for p, modified in paths
        )
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:xhtml="http://www.w3.org/1999/xhtml">{urls}</urlset>'
        )
        return self.text(xml, "text/xml;charset=UTF-8", last_modified=self.latest())

    def not_found(self, req: Request) -> Response:
        body = self.portlet("", '<div class="alert alert-danger">Không tìm thấy trang yêu cầu '
                            f'({esc(urlsplit(req.target).path)}).</div>',
                            "com_liferay_portal_kernel_servlet_taglib_ui_ErrorPortlet")
        resp = self.page(req, "Không tìm thấy trang", body, self.epoch)
        resp.status = 404
        return resp

    def server_error(self, req: Request) -> Response:
        body = self.portlet("", '<div class="alert alert-danger">Đã xảy ra lỗi khi xử lý yêu '
                            "cầu. Vui lòng thử lại sau.</div>",
                            "com_liferay_portal_kernel_servlet_taglib_ui_ErrorPortlet")
        resp = self.page(req, "Lỗi", body, self.epoch)
        resp.status = 500
        return resp

    # ----------------------------------------------------------------- chrome
    def portlet(self, title: str, content: str, pid: str) -> str:
        """A Liferay 7 portlet: boundary, decorator, header and body."""
        heading = (
            '<div class="autofit-float autofit-row portlet-header"><div class="autofit-col '
            f'autofit-col-expand"><h2 class="portlet-title-text">{esc(title)}</h2></div></div>'
            if title
            else ""
        )
        kind = pid.split("_INSTANCE_", 1)[0]
        return (
            f'<div class="portlet-boundary portlet-boundary_{kind}_ portlet-static '
            f'portlet-static-end portlet-decorate" id="p_p_id_{pid}_">'
            f'<span id="p_{pid}"></span><section class="portlet" id="portlet_{pid}">'
            f'<div class="portlet-content">{heading}<div class="autofit-float autofit-row '
            'portlet-header"></div><div class=" portlet-content-container">'
            f'<div class="portlet-body">{content}</div></div></div></section></div>\n'
        )

    def page(self, req: Request, title: str, main: str, modified: datetime,
             lang: str = "vi", head: str = "") -> Response:
        """Theme: skip link, clock, language selector, navigation, columns, footer."""
        day = req.now
        clock = f"{WEEKDAYS_TITLE[day.weekday()]}, {day:%d/%m/%Y}"
        langs = (
            f'<a href="/vi{esc(req.path)}" hreflang="vi-VN" class="language-entry-short-text'
            f'{" selected" if lang == "vi" else ""}" lang="vi-VN">vi</a> '
            f'<a href="/en{esc(req.path)}" hreflang="en-US" class="language-entry-short-text'
            f'{" selected" if lang == "en" else ""}" lang="en-US">en</a>'
        )
        sidebar = (
            self.portlet(
                "Liên kết website",
                '<ul><li><a href="https://ubdt.gov.vn/" target="_blank">Bộ Dân tộc và Tôn giáo'
                '</a></li><li><a href="https://lamdong.gov.vn/" target="_blank">Cổng TTĐT tỉnh '
                "Lâm Đồng</a></li></ul>",
                "com_liferay_site_navigation_menu_web_portlet_SiteNavigationMenuPortlet",
            )
            + self.portlet(
                "Thống kê truy cập",
                '<div class="visitor-counter"><p>Đang truy cập: <span>27</span></p>'
                "<p>Hôm nay: <span>1.102</span></p><p>Tổng: <span>4.798.809</span></p></div>",
                "visitorcounter_WAR_visitorcounterportlet",
            )
        )
        html = f"""<!DOCTYPE html>
<html class="ltr" dir="ltr" lang="{"en-US" if lang == "en" else "vi-VN"}">
<head>
<title>{esc(title)} - {esc(self.name)}</title>
<meta content="initial-scale=1.0, width=device-width" name="viewport" />
<meta content="text/html; charset=UTF-8" http-equiv="content-type" />
<link href="{THEME}/images/favicon.ico" rel="icon" />
<link class="lfr-css-file" data-senna-track="temporary" href="{esc(CSS_URL)}" rel="stylesheet"
type="text/css" />
<link rel="alternate" type="application/rss+xml" title="Tin tức - Sự kiện" href="{esc(RSS)}" />
<script data-senna-track="permanent" src="{esc(JS_URL)}" type="text/javascript"></script>
<script type="text/javascript">var themeDisplay={{getLanguageId:function(){{return "vi_VN";}},
getPathMain:function(){{return "/c";}},getScopeGroupId:function(){{return "{GROUP}";}}}};</script>
{head}
</head>
<body class="controls-visible signed-out public-page site">
<div class="d-block d-lg-none"><a href="#main-content" id="skip-to-content"
class="sr-only sr-only-focusable">Truy cập nội dung luôn</a></div>
<div class="container-fluid position-relative" id="wrapper">
<header id="banner" role="banner">
<div class="top-bar d-flex">
<span class="header-clock" id="sdttg-clock">{clock}</span>
<script type="text/javascript">
(function(){{var d=new Date(),t=["Chủ Nhật","Thứ Hai","Thứ Ba","Thứ Tư","Thứ Năm","Thứ Sáu",
"Thứ Bảy"];document.getElementById("sdttg-clock").innerHTML=t[d.getDay()]+", "+
("0"+d.getDate()).slice(-2)+"/"+("0"+(d.getMonth()+1)).slice(-2)+"/"+d.getFullYear();}})();
</script>
<div class="portlet-language"><a href="javascript:void(0);" class="dropdown-toggle"
aria-haspopup="true">Ngôn ngữ</a> {langs}</div>
<a href="/c/portal/login?p_l_id=8&amp;redirect=%2F" rel="nofollow" class="sign-in">Đăng nhập</a>
</div>
<div id="heading"><a class="logo custom-logo" href="/" title="{esc(self.name)}"><img
alt="SỞ DÂN TỘC VÀ TÔN GIÁO TỈNH LÂM ĐỒNG" src="{THEME}/images/logo.png" /></a></div>
<nav class="sort-pages modify-pages" id="navigation" role="navigation"><ul role="menubar">
<li><a href="/"><span>Trang chủ</span></a></li>
<li><a href="/web/guest/gioi-thieu"><span>Giới thiệu</span></a></li>
<li><a href="{NEWS}"><span>Tin tức - Sự kiện</span></a></li>
<li><a href="/web/guest/thu-tuc-hanh-chinh"><span>Thủ tục hành chính</span></a></li>
</ul></nav>
<form action="/web/guest/tim-kiem" method="get" class="form-search"><input name="q"
type="text" placeholder="Tìm kiếm..." /> <a href="/web/guest/tim-kiem?q=d%C3%A2n+t%E1%BB%99c"
>Tìm kiếm</a></form>
</header>
<section id="content">
<div class="layout-content portlet-layout" id="main-content" role="main"><div class="row">
<div class="col-md-8 portlet-column portlet-column-first" id="column-1">
<div class="portlet-dropzone portlet-column-content" id="layout-column_column-1">
{main}</div></div>
<div class="col-md-4 portlet-column portlet-column-last" id="column-2">
<div class="portlet-dropzone portlet-column-content" id="layout-column_column-2">
{sidebar}</div></div>
</div></div>
</section>
<footer id="footer" role="contentinfo">
<p><strong>SỞ DÂN TỘC VÀ TÔN GIÁO TỈNH LÂM ĐỒNG</strong></p>
<p>Địa chỉ: Số 36 đường Trần Phú, phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng</p>
<p>Điện thoại: <a href="tel:02633822106">0263 3822 106</a> - Email: <a
href="mailto:sdttg@lamdong.gov.vn">sdttg@lamdong.gov.vn</a></p>
<p>Ghi rõ nguồn "Sở Dân tộc và Tôn giáo tỉnh Lâm Đồng" khi phát hành lại thông tin từ website
này.</p>
<p>Bản quyền © 2025 Sở Dân tộc và Tôn giáo tỉnh Lâm Đồng</p>
</footer>
</div>
</body>
</html>
"""
        cookies = [
            ("Set-Cookie", "JSESSIONID=7F3A9C2E5B1D4F6A8C0E2B4D6F8A0C2E; Path=/; HttpOnly"),
            ("Set-Cookie", "COOKIE_SUPPORT=true; Max-Age=31536000; Path=/; HttpOnly"),
            ("Set-Cookie", "GUEST_LANGUAGE_ID=vi_VN; Max-Age=31536000; Path=/; HttpOnly"),
        ]
        return self.html(html, last_modified=modified, headers=cookies)
