"""Joomla 3 site (protostar-like template), with print duplicates and an endless calendar."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from replica.content import Article, vn
from replica.files import CSS, JS
from replica.manifest import target_key
from replica.sites.base import BaseSite, Request, Response
from replica.util import esc, iso, joomla_date

CATEGORY = "/index.php?option=com_content&view=category&id=8&Itemid=102"
PRINT = "tmpl=component&print=1&layout=default&page="
SESSION = "PHPSESSID=9f8e7d6c5b4a3f2e1d0c9b8a"
ROBOTS_DIRS = [
    "/administrator/",
    "/bin/",
    "/cache/",
    "/cli/",
    "/components/",
    "/includes/",
    "/installation/",
    "/language/",
    "/layouts/",
    "/libraries/",
    "/logs/",
    "/modules/",
    "/plugins/",
    "/tmp/",
]


class JoomlaSite(BaseSite):
    """Joomla: item-page, dl.article-info, counter module, print links, calendar trap."""

    key = "joomla"
    family = "joomla"
    name = "Ban Dân tộc tỉnh Hà Giang"
    province = "Hà Giang"
    province_2025 = "Tuyên Quang"
    chunked_html = True
    server_headers = [("Server", "Apache/2.4.29 (Ubuntu)"), ("X-Powered-By", "PHP/7.2.24")]
    id_base = 412

    def article_path(self, a: Article) -> str:
        if a.slug == self.articles[-1].slug:
            return f"/tin-tuc/{self.aid(a)}-{a.slug}.html"
        return (
            f"/index.php?option=com_content&view=article&id={self.aid(a)}:{a.slug}"
            "&catid=8&Itemid=102"
        )

    def print_path(self, a: Article) -> str:
        """The print-friendly duplicate of an article page."""
        path = self.article_path(a)
        return path + ("&" if "?" in path else "?") + PRINT

    def attachment_path(self, name: str) -> str:
        return f"/images/tai-lieu/{name}"

    def image_path(self, a: Article, index: int) -> str:
        return f"/images/tin-tuc/{a.published:%Y}/{self.aid(a)}-{index + 1}.png"

    def assets(self) -> dict[str, tuple[bytes, str]]:
        return {
            "/templates/protostar/css/template.css": (CSS, "text/css"),
            "/media/jui/js/jquery.min.js": (JS, "application/javascript"),
        }

    def robots(self, base_url: str) -> str:
        return "User-agent: *\n" + "".join(f"Disallow: {d}\n" for d in ROBOTS_DIRS)

    def faults(self) -> dict[str, Any]:
        first = self.articles[0]
        old = f"/index.php?option=com_content&task=view&id={self.aid(first)}&Itemid=102"
        return {
            "traps": {"calendar": "/lich-cong-tac", "print": r"^/.*[?&]tmpl=component"},
            "disallowed": ROBOTS_DIRS,
            "error_paths": {"/tin-tuc/999-bai-viet-da-xoa.html": 404, "/lien-he.html": 500},
            "fail_once": ["/lien-he.html"],
            "redirects": {old: self.article_path(first)},
            "listings": ["/", CATEGORY, CATEGORY + "&limitstart=2"],
            "chunked_paths": ["/", CATEGORY],
        }

    # ------------------------------------------------------------------ pages
    def route(self, req: Request) -> Response | None:
        q = req.query
        if req.path == "/lich-cong-tac":
            return self.calendar(req)
        if req.path == "/lien-he.html":
            body = (
                '<div class="contact"><h2>Liên hệ</h2><p>Ban Dân tộc tỉnh Hà Giang, số 1 đường '
                "Trần Hưng Đạo, TP Hà Giang.</p></div>"
            )
            return self.page(req, "Liên hệ", body, self.epoch)
        if q.get("tmpl") == "component":
            return self.component(req)
        if req.path == "/" or (req.path == "/index.php" and not q):
            return self.blog(req, self.live()[: self.per_page], "Trang chủ", None)
        if req.path == "/index.php" and q.get("view") == "category" and q.get("id") == "8":
            start = q.get("limitstart", "0")
            start_i = int(start) if start.isdigit() else 0
            arts = self.live()
            if start_i and start_i >= len(arts):
                return None
            return self.blog(
                req,
                arts[start_i : start_i + self.per_page],
                "Tin tức - Sự kiện",
                (start_i, len(arts)),
            )
        return None

    def component(self, req: Request) -> Response | None:
        """tmpl=component pages: print view of an article, or the e-mail form."""
        q = req.query
        if q.get("option") == "com_mailto":
            return self.html(
                '<html><body class="contentpane"><form>Gửi bài viết qua e-mail'
                "</form></body></html>",
                last_modified=self.epoch,
            )
        base = {k: v for k, v in q.items() if k not in ("tmpl", "print", "layout", "page")}
        target = req.path + ("?" + urlencode(base, safe=":") if base else "")
        art = self.article_keys().get(target_key(target))
        if art is None or art.slug in self.removed:
            return None
        body = (
            f'<div class="item-page"><h2>{esc(art.title)}</h2>{self.info(art)}'
            f'<div itemprop="articleBody">{self.body_html(art)}</div></div>'
        )
        html = (
            f'<!DOCTYPE html><html lang="vi-vn"><head><meta charset="utf-8" /><title>'
            f'{esc(art.title)}</title><meta name="robots" content="noindex, nofollow" /></head>'
            f'<body class="contentpane modal">{body}<script>window.print();</script></body></html>'
        )
        return self.html(html, last_modified=art.last_modified)

    def blog(
        self, req: Request, arts: list[Article], title: str, paging: tuple[int, int] | None
    ) -> Response:
        items = "".join(
            f'<div class="item"><div class="page-header"><h2 itemprop="name"><a href="'
            f'{esc(self.article_path(a))}">{esc(a.title)}</a></h2></div>{self.info(a, short=True)}'
            f'<p>{esc(a.paragraphs[0][:200].rsplit(" ", 1)[0])}...</p><p class="readmore">'
            f'<a class="btn" href="{esc(self.article_path(a))}">Xem thêm: {esc(a.title)}</a></p>'
            "</div>"
            for a in arts
        )
        nav = ""
        if paging:
            start, total = paging
            links = []
            for n, s in enumerate(range(0, total, self.per_page), start=1):
                href = CATEGORY + (f"&limitstart={s}" if s else "")
                links.append(
                    f'<li><a href="{esc(href)}">{n}</a></li>'
                    if s != start
                    else f'<li class="active"><span>{n}</span></li>'
                )
            nav = f'<div class="pagination"><ul>{"".join(links)}</ul></div>'
        body = f'<div class="blog" itemscope itemtype="https://schema.org/Blog">{items}{nav}</div>'
        return self.page(req, title, body, self.latest(arts))

    def info(self, a: Article, short: bool = False) -> str:
        """dl.article-info: 'Chi tiết', author, category, 'Được đăng ngày ...', 'Lượt xem'."""
        hits = 100 + (self.aid(a) * 37) % 900
        author = (
            (
                f'<dd class="createdby" itemprop="author" itemscope itemtype="https://schema.org/'
                f'Person">Viết bởi <span itemprop="name">{esc(a.author)}</span></dd>'
            )
            if a.author
            else ""
        )
        return (
            '<dl class="article-info muted"><dt class="article-info-term">Chi tiết</dt>'
            f'{author}<dd class="category-name">Chuyên mục: <a href="{esc(CATEGORY)}" '
            'itemprop="genre">Tin tức - Sự kiện</a></dd><dd class="published">'
            '<span class="icon-calendar" aria-hidden="true"></span><time '
            f'datetime="{iso(a.published)}" '
            f'itemprop="datePublished">Được đăng ngày {joomla_date(a.published)}</time></dd>'
            + (
                ""
                if short
                else f'<dd class="hits"><span class="icon-eye-open"></span>Lượt xem: {hits}</dd>'
            )
            + "</dl>"
        )

    def render_article(self, req: Request, a: Article) -> Response:
        mail = base64.b64encode((req.base_url + self.article_path(a)).encode()).decode()
        files = "".join(
            f'<li><a href="{esc(self.attachment_path(n))}">{esc(n)}</a></li>' for n in a.attachments
        )
        attach = (
            f'<div class="attachments"><p>Tài liệu đính kèm:</p><ul>{files}</ul></div>'
            if files
            else ""
        )
        arts = self.live()
        i = [x.slug for x in arts].index(a.slug)
        pager = ""
        if i + 1 < len(arts):
            pager += (
                f'<li class="previous"><a href="{esc(self.article_path(arts[i + 1]))}" '
                'rel="prev">&lt; Trước</a></li>'
            )
        if i > 0:
            pager += (
                f'<li class="next"><a href="{esc(self.article_path(arts[i - 1]))}" '
                'rel="next">Tiếp &gt;</a></li>'
            )
        body = (
            '<div class="item-page" itemscope itemtype="https://schema.org/Article">'
            '<meta itemprop="inLanguage" content="vi-VN" />'
            f'<div class="page-header"><h2 itemprop="headline">{esc(a.title)}</h2></div>'
            '<div class="icons"><div class="btn-group pull-right"><ul class="dropdown-menu">'
            f'<li class="print-icon"><a href="{esc(self.print_path(a))}" title="In bài viết" '
            "onclick=\"window.open(this.href,'win2','width=640,height=480'); return false;\" "
            'rel="nofollow">In</a></li><li class="email-icon"><a href="/index.php?option=com_mailto'
            f'&amp;tmpl=component&amp;template=protostar&amp;link={mail}" rel="nofollow">E-mail</a>'
            "</li>"
            f"</ul></div></div>{self.info(a)}"
            f'<div itemprop="articleBody">\n{self.body_html(a)}</div>{attach}'
            f'<ul class="pager pagenav">{pager}</ul></div>'
        )
        return self.page(req, a.title, body, a.last_modified)

    def calendar(self, req: Request) -> Response | None:
        """An events calendar whose previous/next month links never end."""
        q = req.query
        try:
            month = int(q.get("thang", req.now.month))
            year = int(q.get("nam", req.now.year))
        except ValueError:
            return None
        if not 1 <= month <= 12 or not 1900 <= year <= 2999:
            return None
        prev_m, prev_y = (12, year - 1) if month == 1 else (month - 1, year)
        next_m, next_y = (1, year + 1) if month == 12 else (month + 1, year)
        events = [a for a in self.live() if (a.published.year, a.published.month) == (year, month)]
        rows = (
            "".join(
                f'<tr><td>{a.published:%d/%m/%Y}</td><td><a href="{esc(self.article_path(a))}">'
                f"{esc(a.title)}</a></td></tr>"
                for a in events
            )
            or '<tr><td colspan="2">Không có lịch công tác.</td></tr>'
        )
        body = (
            f'<div class="calendar"><h2>Lịch công tác tháng {month}/{year}</h2>'
            f'<a class="prev" href="/lich-cong-tac?thang={prev_m}&amp;nam={prev_y}">« Tháng '
            "trước</a> "
            f'<a class="next" href="/lich-cong-tac?thang={next_m}&amp;nam={next_y}">Tháng sau »</a>'
            f'<table class="table">{rows}</table></div>'
        )
        return self.page(req, "Lịch công tác", body, vn(year, month, 1))

    def not_found(self, req: Request) -> Response:
        html = (
            '<!DOCTYPE html><html lang="vi-vn"><head><meta charset="utf-8" /><title>404 - Lỗi: 404'
            '</title></head><body><div class="error"><h1>404 - Không tìm thấy bài viết</h1><p>'
            'Bạn có thể <a href="/">trở về trang chủ</a>.</p></div></body></html>'
        )
        return self.html(html, status=404)

    def server_error(self, req: Request) -> Response:
        return self.html(
            "<!DOCTYPE html><html><head><title>500 - Lỗi</title></head><body>"
            "<h1>500 - Lỗi máy chủ</h1></body></html>",
            status=500,
        )

    # ----------------------------------------------------------------- chrome
    def page(self, req: Request, title: str, main: str, modified: datetime) -> Response:
        """Template: header, menu, main, aside modules (news, counter), footer."""
        arts = self.live()
        news = []
        for a in arts[:3]:
            href = self.article_path(a)
            if a.slug == self.articles[0].slug:
                href = f"/index.php?option=com_content&task=view&id={self.aid(a)}&Itemid=102"
            elif a.slug == self.articles[1].slug:
                href += ("&" if "?" in href else "?") + SESSION
            news.append(f'<li><a href="{esc(href)}">{esc(a.title)}</a></li>')
        counter = (
            '<div class="moduletable vcnt"><h3>Thống kê truy cập</h3><table class="vcnt">'
            "<tr><td>Hôm nay</td><td>125</td></tr><tr><td>Hôm qua</td><td>342</td></tr>"
            "<tr><td>Tuần này</td><td>1.254</td></tr><tr><td>Tháng này</td><td>4.877</td></tr>"
            '<tr><td>Tất cả</td><td>352.198</td></tr></table><div class="online">Đang online: 12'
            "</div></div>"
        )
        html = f"""<!DOCTYPE html>
<html lang="vi-vn" dir="ltr">
<head>
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<base href="{req.base_url}{esc(req.target)}" />
<meta http-equiv="content-type" content="text/html; charset=utf-8" />
<meta name="generator" content="Joomla! - Open Source Content Management" />
<title>{esc(title)} - {esc(self.name)}</title>
<link href="/templates/protostar/css/template.css?8b2a6e4f" rel="stylesheet" />
<script src="/media/jui/js/jquery.min.js?8b2a6e4f"></script>
</head>
<body class="site com_content itemid-102">
<div class="body" id="top"><div class="container">
<header class="header" role="banner"><div class="header-inner clearfix">
<a class="brand pull-left" href="/"><span class="site-title"
title="{esc(self.name)}">BAN DÂN TỘC TỈNH HÀ GIANG</span></a>
</div></header>
<nav class="navigation" role="navigation"><ul class="nav menu nav-pills mod-list">
<li class="item-101 default"><a href="/">Trang chủ</a></li>
<li class="item-102"><a href="{esc(CATEGORY)}">Tin tức - Sự kiện</a></li>
<li class="item-103"><a href="/lich-cong-tac">Lịch công tác</a></li>
<li class="item-104"><a href="/lien-he.html">Liên hệ</a></li>
</ul></nav>
<div class="row-fluid">
<main id="content" role="main" class="span9"><div id="system-message-container"></div>
{main}
</main>
<div id="aside" class="span3">
<div class="moduletable"><h3>Tin mới</h3><ul class="latestnews mod-list">{"".join(news)}</ul></div>
{counter}
<div class="moduletable"><h3>Liên kết</h3><ul><li><a href="https://ubdt.gov.vn/">Ủy ban Dân tộc</a>
</li>
<li><a href="https://www.facebook.com/bandantochagiang">Facebook</a></li>
<li><a href="/tin-tuc/999-bai-viet-da-xoa.html">Văn bản cũ</a></li></ul></div>
</div></div>
<footer class="footer" role="contentinfo"><hr />
<p>BAN DÂN TỘC TỈNH HÀ GIANG - Địa chỉ: số 1 đường Trần Hưng Đạo, TP Hà Giang</p>
<p>Điện thoại: <a href="tel:02193866123">0219 3866 123</a> - Email: <a
href="mailto:bdt@hagiang.gov.vn">bdt@hagiang.gov.vn</a></p>
<p><a href="/administrator/">Quản trị</a> · <a href="#top" id="back-top">Lên đầu trang</a> · <a
href="javascript:void(0);">Bản in</a></p>
</footer>
</div></div>
</body>
</html>
"""
        cookie = [
            ("Set-Cookie", "3b2c8f1a9d7e6c5b4a3f2e1d0c9b8a7f=vq8h1c0k2n7m3; path=/; HttpOnly")
        ]
        return self.html(html, last_modified=modified, headers=cookie)
