"""Provincial newspaper (like baolangson.vn): header clock, LSO- sapo, drop-cap captions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from replica.content import Article, slugify, vn
from replica.files import CSS, JS, png_bytes
from replica.sites.base import BaseSite, Request, Response
from replica.util import clock_lower, esc, iso, paginate

CAT = "/dan-toc-mien-nui/"
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


class NewspaperSite(BaseSite):
    """Newspaper: fetch-day clock, 'Cập nhật lúc' dates, author in capitals, sitemap index."""

    key = "newspaper"
    family = "newspaper"
    name = "Báo Lạng Sơn - Dân tộc, miền núi"
    province = "Lạng Sơn"
    province_2025 = "Lạng Sơn"
    server_headers = [("Server", "nginx"), ("X-Cache", "MISS")]
    id_base = 406121

    def article_path(self, a: Article) -> str:
        return f"{CAT}{self.aid(a)}-{a.slug}.html"

    def attachment_path(self, name: str) -> str:
        a = next(x for x in self.articles if name in x.attachments)
        return f"/uploads/files/{a.published:%Y/%m}/{name}"

    def image_path(self, a: Article, index: int) -> str:
        return f"/uploads/{a.published:%Y/%m/%d}/{self.aid(a)}-{index + 1}.png"

    def assets(self) -> dict[str, tuple[bytes, str]]:
        return {
            "/static/css/style.css": (CSS, "text/css"),
            "/static/js/main.js": (JS, "application/javascript"),
            "/static/images/logo.png": (png_bytes((20, 60, 160), 8), "image/png"),
        }

    def robots(self, base_url: str) -> str:
        return (
            "User-agent: *\nDisallow: /tim-kiem\nDisallow: /Admin/\n\n"
            f"Sitemap: {base_url}/sitemap.xml\n"
        )

    def faults(self) -> dict[str, Any]:
        seed = self.articles[1]
        return {
            "traps": {"date_archive": "/tin-theo-ngay"},
            "disallowed": ["/tim-kiem", "/Admin/"],
            "error_paths": {f"{CAT}400000-bai-da-go.html": 404, f"{CAT}trang-2.html": 500},
            "fail_once": [f"{CAT}trang-2.html"],
            "redirects": {f"/Home/dan-toc/2021/01/{self.aid(seed)}.aspx": self.article_path(seed)},
            "listings": ["/", CAT, f"{CAT}trang-2.html"],
            "sitemaps": [
                "/sitemap.xml",
                "/sitemaps/sitemap-news.xml",
                "/sitemaps/sitemap-categories.xml",
            ],
            "chunked_paths": ["/sitemap.xml", "/sitemaps/sitemap-news.xml", "/"],
        }

    # ------------------------------------------------------------------ pages
    def route(self, req: Request) -> Response | None:
        path = req.path
        if path == "/":
            arts = self.live()
            top = arts[0] if arts else None
            lead = (
                (
                    '<div class="hot-news"><h2><a '
                    f'href="{self.article_path(top)}">{esc(top.title)}</a>'
                    f'</h2><p class="sapo">{esc(top.lead or top.paragraphs[0])}</p></div>'
                )
                if top
                else ""
            )
            body = lead + self.box("Dân tộc - Miền núi", arts[1:4], CAT)
            resp = self.page(req, "Trang chủ", body, self.latest())
            resp.chunked = True
            return resp
        if path in (CAT, f"{CAT}trang-2.html", f"{CAT}trang-3.html"):
            page = 1 if path == CAT else int(path[-6])
            chunk, pages = paginate(self.live(), page, self.per_page)
            if page > pages:
                return None
            nav = " ".join(
                f'<a href="{CAT}{"" if n == 1 else f"trang-{n}.html"}">{n}</a>'
                for n in range(1, pages + 1)
            )
            body = self.box("Dân tộc - Miền núi", chunk, None) + f'<div class="paging">{nav}</div>'
            return self.page(req, "Dân tộc - Miền núi", body, self.latest(chunk))
        if path.startswith("/tag/") and path.endswith(".html"):
            tag = path[5:-5]
            arts = [a for a in self.live() if tag in {slugify(t) for t in a.tags}]
            names = {slugify(t): t for a in self.articles for t in a.tags}
            if tag not in names:
                return None
            return self.page(
                req, names[tag], self.box(f"Từ khóa: {names[tag]}", arts, None), self.latest(arts)
            )
        if path == "/tin-theo-ngay.html":
            return self.by_day(req)
        if path == "/sitemap.xml":
            maps = "".join(
                f"<sitemap><loc>{req.base_url}{p}</loc></sitemap>"
                for p in ("/sitemaps/sitemap-news.xml", "/sitemaps/sitemap-categories.xml")
            )
            return self.xml(f"<sitemapindex {NS}>{maps}</sitemapindex>")
        if path == "/sitemaps/sitemap-news.xml":
            urls = "".join(
                f"<url><loc>{req.base_url}{self.article_path(a)}</loc><lastmod>"
                f"{iso(a.last_modified)}</lastmod></url>"
                for a in self.live()
            )
            return self.xml(f"<urlset {NS}>{urls}</urlset>")
        if path == "/sitemaps/sitemap-categories.xml":
            return self.xml(f"<urlset {NS}><url><loc>{req.base_url}{CAT}</loc></url></urlset>")
        return None

    def xml(self, body: str) -> Response:
        return self.text(
            '<?xml version="1.0" encoding="UTF-8"?>\n' + body,
            "text/xml; charset=utf-8",
            last_modified=self.latest(),
            chunked=True,
        )

    def box(self, title: str, arts: list[Article], more: str | None) -> str:
        items = "".join(
            '<li class="story"><a class="story-title" '
            f'href="{self.article_path(a)}">{esc(a.title)}</a>'
            f'<span class="story-time">{a.published:%d/%m/%Y}</span></li>'
            for a in arts
        )
        link = f'<a class="more" href="{more}">Xem thêm</a>' if more else ""
        return (
            f'<div class="box-category"><h2 class="box-title">{esc(title)}</h2>'
            f"<ul>{items}</ul>{link}</div>"
        )

    def by_day(self, req: Request) -> Response | None:
        """News of one day, with previous/next day links forever (a trap)."""
        try:
            day = datetime.strptime(req.query.get("ngay", ""), "%d-%m-%Y").date()
        except ValueError:
            day = req.now.date()
        arts = [a for a in self.live() if a.published.date() == day]
        nav = (
            f'<a href="/tin-theo-ngay.html?ngay={day - timedelta(days=1):%d-%m-%Y}">« Ngày '
            "trước</a> "
            f'<a href="/tin-theo-ngay.html?ngay={day + timedelta(days=1):%d-%m-%Y}">Ngày sau »</a>'
        )
        body = (
            self.box(f"Tin ngày {day:%d/%m/%Y}", arts, None) + f'<div class="day-nav">{nav}</div>'
        )
        return self.page(req, "Tin theo ngày", body, vn(day.year, day.month, day.day))

    def figure(self, a: Article, index: int, caption_html: str) -> str:
        words = caption_html.split(" ")
        if len(caption_html) > 60:
            half, count = len(caption_html) // 2, 0
            for i, w in enumerate(words):
                count += len(w) + 1
                if count >= half:
                    words[i] = w + "<br />"
                    break
        caption = " ".join(words).replace("<br /> ", "<br />\n")
        if index >= 1 and caption[:1].isalpha():
            caption = f'<span class="dropcap">{caption[0]}</span>{caption[1:]}'
        return (
            f'<table class="picture" align="center"><tbody><tr><td class="pic"><img src="'
            f'{self.image_path(a, index)}" alt="" /></td></tr><tr><td class="pic_desc">{caption}'
            "</td></tr></tbody></table>\n"
        )

    def render_article(self, req: Request, a: Article) -> Response:
        tags = ", ".join(f'<a href="/tag/{slugify(t)}.html">{esc(t)}</a>' for t in a.tags)
        files = "".join(
            f'<p class="attach"><a href="{self.attachment_path(n)}">Tải tệp: {esc(n)}</a></p>'
            for n in a.attachments
        )
        related = []
        for o in self.others(a, 4):
            href = self.article_path(o)
            if o.slug == self.articles[1].slug:
                href = f"/Home/dan-toc/2021/01/{self.aid(o)}.aspx"
            related.append(f'<li><a href="{href}">{esc(o.title)}</a> ({o.published:%d/%m/%Y})</li>')
        author = (
            f'<p style="text-align: right;"><strong>{esc(a.author)}</strong></p>\n'
            if a.author
            else ""
        )
        body = (
            f'<div class="article-detail"><div class="breadcrumb"><a href="/">Trang chủ</a> » '
            f'<a href="{CAT}">Dân tộc - Miền núi</a></div>'
            f'<h1 class="article-title">{esc(a.title)}</h1>'
            '<div class="article-meta"><span class="time">Cập nhật lúc '
            f"{a.published:%H:%M:%S %d/%m/%Y}"
            '</span> <a href="javascript:window.print()">In bài</a> '
            '<a href="https://www.facebook.com/sharer/sharer.php?u=https://baolangson.vn/">Chia '
            "sẻ</a></div>"
            + (
                f'<div class="article-sapo"><h2 class="sapo">{esc(a.lead)}</h2></div>'
                if a.lead
                else ""
            )
            + f'<div class="article-content" id="content_detail">\n{self.body_html(a, lead=False)}'
            f"{author}</div>{files}"
            f'<div class="article-tags">Từ khóa: {tags}</div>'
            f'<div class="related-news"><h3>Tin cùng chuyên mục</h3><ul>{"".join(related)}</ul>'
            "</div></div>"
        )
        head = (
            f'<meta property="og:title" content="{esc(a.title)}" />'
            f'<meta property="article:published_time" content="{iso(a.published)}" />'
        )
        return self.page(req, a.title, body, a.last_modified, head)

    def not_found(self, req: Request) -> Response:
        resp = self.page(
            req,
            "Không tìm thấy",
            '<div class="error"><h1>404</h1><p>Trang không tồn tại hoặc đã bị gỡ bỏ.</p></div>',
            self.epoch,
        )
        resp.status = 404
        return resp

    # ----------------------------------------------------------------- chrome
    def page(
        self, req: Request, title: str, main: str, modified: datetime, head: str = ""
    ) -> Response:
        """Header with the fetch-day clock, menu, main, sidebar (most read, day archive), footer."""
        today: date = req.now.date()
        weekday, ddmmyyyy = clock_lower(req.now).split(", ")
        most = "".join(
            f'<li><a href="{self.article_path(a)}">{esc(a.title)}</a></li>' for a in self.live()[:3]
        )
        html = f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8" />
<title>{esc(title)} - Báo Lạng Sơn</title>
<link rel="stylesheet" href="/static/css/style.css?v=2.1" />
<script src="/static/js/main.js?v=2.1"></script>
{head}
</head>
<body>
<div id="header"><div class="top-bar"><span class="date-now">{weekday},&nbsp; {ddmmyyyy}</span>
<a href="/tim-kiem?q=d%C3%A2n+t%E1%BB%99c" class="search">Tìm kiếm</a></div>
<div class="logo"><a href="/"><img src="/static/images/logo.png" alt="Báo Lạng Sơn" /></a></div>
<ul id="menu"><li><a href="/">Trang chủ</a></li><li><a href="{CAT}">Dân tộc - Miền núi</a></li>
<li><a href="/tag/cong-tac-dan-toc.html">Công tác dân tộc</a></li></ul></div>
<div id="main"><div class="col-main">
{main}
</div>
<div class="col-right"><div class="box"><h3>Đọc nhiều</h3><ul>{most}</ul></div>
<div class="box"><h3>Xem tin theo ngày</h3><a
href="/tin-theo-ngay.html?ngay={today:%d-%m-%Y}">Tin hôm nay</a></div>
<div class="box"><a href="{CAT}400000-bai-da-go.html">Tin đính chính</a></div></div></div>
<div id="footer"><p>BÁO LẠNG SƠN - Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Lạng Sơn</p>
<p>Địa chỉ: Số 6 đường Hoàng Văn Thụ, TP Lạng Sơn - Điện thoại: <a
href="tel:02053812384">0205 3812 384</a>
- Email: <a href="mailto:baolangson@gmail.com">baolangson@gmail.com</a></p>
<p>Ghi rõ nguồn "Báo Lạng Sơn" khi phát hành lại thông tin từ website này.</p>
<p><a href="https://www.facebook.com/baolangson">Facebook</a> · <a
href="http://langson.gov.vn:80/">Cổng TTĐT tỉnh</a></p></div>
</body>
</html>
"""
        return self.html(html, last_modified=modified)
