"""WordPress 6 site: dated permalinks, entry-meta, comments, feeds, wp-sitemap.xml."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from replica.content import Article, slugify
from replica.files import CSS, JS
from replica.sites.base import BaseSite, Request, Response
from replica.util import esc, iso, paginate

CATEGORY = "/category/tin-tuc/"
NOT_FOUND = "/2023/05/12/bai-viet-cu/"


class WordPressSite(BaseSite):
    """WordPress: absolute links, .entry-content, related posts, comment form, ?replytocom."""

    key = "wordpress"
    family = "wordpress"
    name = "Ban Dân tộc tỉnh Kon Tum"
    province = "Kon Tum"
    province_2025 = "Quảng Ngãi"
    chunked_html = True
    server_headers = [("Server", "nginx/1.18.0"), ("X-Powered-By", "PHP/8.1.2")]
    id_base = 1201

    def article_path(self, a: Article) -> str:
        return f"/{a.published:%Y/%m/%d}/{a.slug}/"

    def attachment_path(self, name: str) -> str:
        a = next(x for x in self.articles if name in x.attachments)
        return f"/wp-content/uploads/{a.published:%Y/%m}/{name}"

    def image_path(self, a: Article, index: int) -> str:
        return f"/wp-content/uploads/{a.published:%Y/%m}/{a.slug[:30]}-{index + 1}.png"

    def assets(self) -> dict[str, tuple[bytes, str]]:
        return {
            "/wp-content/themes/bdt/style.css": (CSS, "text/css"),
            "/wp-includes/js/jquery/jquery.min.js": (JS, "application/javascript"),
        }

    def robots(self, base_url: str) -> str:
        return (
            "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
            f"Sitemap: {base_url}/wp-sitemap.xml\n"
        )

    def faults(self) -> dict[str, Any]:
        return {
            "traps": {"replytocom": r"^/.*[?&]replytocom="},
            "disallowed": ["/wp-admin/"],
            "error_paths": {NOT_FOUND: 404, CATEGORY + "page/2/": 500},
            "fail_once": [CATEGORY + "page/2/"],
            "redirects": {self.shortlink(self.articles[0]): self.article_path(self.articles[0])},
            "listings": ["/", "/page/2/", CATEGORY, CATEGORY + "page/2/"],
            "sitemaps": [
                "/wp-sitemap.xml",
                "/wp-sitemap-posts-post-1.xml",
                "/wp-sitemap-taxonomies-category-1.xml",
            ],
            "feeds": ["/feed/", "/comments/feed/"],
            "chunked_paths": ["/", "/feed/"],
        }

    def shortlink(self, a: Article) -> str:
        """WordPress ?p=<id> shortlink (answered with a 301 to the permalink)."""
        return f"/?p={self.aid(a)}"

    def redirect_table(self) -> dict[str, str]:
        shortlinks = {self.shortlink(a): self.article_path(a) for a in self.articles}
        return {**shortlinks, "/sitemap.xml": "/wp-sitemap.xml"}  # as WordPress 5.5+ does

    def tag_slugs(self) -> dict[str, str]:
        """tag slug -> tag name."""
        return {slugify(t): t for a in self.articles for t in a.tags}

    # ------------------------------------------------------------------ pages
    def route(self, req: Request) -> Response | None:
        path = req.path
        m = re.fullmatch(
            r"(/|/category/tin-tuc/|/tag/([a-z0-9-]+)/|/author/([a-z0-9-]+)/)(?:page/(\d+)/)?", path
        )
        if m and not req.query:
            return self.archive(req, m.group(1), m.group(2), m.group(3), int(m.group(4) or 1))
        if path == "/feed/":
            return self.feed(req, comments=False)
        if path == "/comments/feed/":
            return self.feed(req, comments=True)
        if path == "/wp-sitemap.xml":
            maps = "".join(
                f"<sitemap><loc>{req.base_url}{p}</loc></sitemap>"
                for p in self.faults()["sitemaps"][1:]
            )
            return self.xml(
                f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}'
                "</sitemapindex>"
            )
        if path == "/wp-sitemap-posts-post-1.xml":
            urls = "".join(
                f"<url><loc>{req.base_url}{self.article_path(a)}</loc><lastmod>"
                f"{iso(a.last_modified)}</lastmod></url>"
                for a in self.live()
            )
            return self.xml(
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            )
        if path == "/wp-sitemap-taxonomies-category-1.xml":
            return self.xml(
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>'
                f"{req.base_url}{CATEGORY}</loc></url></urlset>"
            )
        if path == "/wp-json/":
            api = '{"name":"%s","url":"%s","namespaces":["oembed/1.0","wp/v2"]}'
            return self.text(api % (self.name, req.base_url), "application/json; charset=UTF-8")
        if path == "/wp-login.php":
            return self.page(
                req,
                "Đăng nhập",
                '<form name="loginform" action="/wp-login.php" '
                'method="post"><input name="log" /><input name="pwd" type="password" />'
                "</form>",
                self.epoch,
            )
        if "replytocom" in req.query:
            art = self.article_keys().get(path)
            if art is not None and art.slug not in self.removed:
                return self.render_article(req, art)
        return None

    def xml(self, body: str) -> Response:
        return self.text(
            '<?xml version="1.0" encoding="UTF-8"?>\n' + body,
            "application/xml; charset=UTF-8",
            last_modified=self.latest(),
        )

    def archive(
        self, req: Request, base: str, tag: str | None, author: str | None, page: int
    ) -> Response | None:
        arts = self.live()
        title = "Tin tức"
        if tag:
            if tag not in self.tag_slugs():
                return None
            title = self.tag_slugs()[tag]
            arts = [a for a in arts if tag in {slugify(t) for t in a.tags}]
        elif author:
            arts = [a for a in arts if a.author and slugify(a.author) == author]
            if not arts:
                return None
            title = arts[0].author or ""
        chunk, pages = paginate(arts, page, self.per_page)
        if page > pages:
            return None
        u = req.base_url
        posts = "".join(
            f'<article id="post-{self.aid(a)}" '
            f'class="post-{self.aid(a)} post type-post status-publish">'
            '<header class="entry-header"><h2 class="entry-title"><a '
            f'href="{u}{self.article_path(a)}" '
            f'rel="bookmark">{esc(a.title)}</a></h2>{self.meta(req, a)}</header>'
            f'<div class="entry-summary"><p>{esc(a.paragraphs[0][:200].rsplit(" ", 1)[0])} […]</p>'
            "</div>"
            "</article>\n"
            for a in chunk
        )
        nav = ""
        if page < pages:
            nav += f'<a class="next page-numbers" href="{u}{base}page/{page + 1}/">Bài cũ hơn »</a>'
        if page > 1:
            prev = base if page == 2 else f"{base}page/{page - 1}/"
            nav += f'<a class="prev page-numbers" href="{u}{prev}">« Bài mới hơn</a>'
        heading = (
            ""
            if base == "/"
            else f'<header class="page-header"><h1 class="page-title">{esc(title)}</h1></header>'
        )
        body = (
            f'{heading}{posts}<nav class="navigation pagination">'
            f'<div class="nav-links">{nav}</div></nav>'
        )
        return self.page(req, title, body, self.latest(chunk))

    def meta(self, req: Request, a: Article, single: bool = False) -> str:
        """.entry-meta: '11:14, 31/10/2024' and the author (the update time on posts only)."""
        updated = (
            (
                f'<time class="updated" datetime="{iso(a.last_modified)}">'
                f"{a.last_modified:%H:%M, %d/%m/%Y}</time>"
            )
            if a.modified and single
            else ""
        )
        author = (
            f'<span class="byline"> bởi <span class="author vcard"><a class="url fn n" href="'
            f'{req.base_url}/author/{slugify(a.author)}/">{esc(a.author)}</a></span></span>'
            if a.author
            else ""
        )
        return (
            f'<div class="entry-meta"><span class="posted-on"><a href="{req.base_url}'
            f'{self.article_path(a)}" rel="bookmark"><time class="entry-date published" '
            f'datetime="{iso(a.published)}">{a.published:%H:%M, %d/%m/%Y}</time>{updated}</a>'
            f"</span>{author}</div>"
        )

    def figure(self, a: Article, index: int, caption_html: str) -> str:
        return (
            f'<figure class="wp-block-image size-large"><img src="{self.image_path(a, index)}" '
            f'alt="" class="wp-image-{self.aid(a) + 50 + index}" /><figcaption class="wp-element-'
            f'caption">{caption_html}</figcaption></figure>\n'
        )

    def render_article(self, req: Request, a: Article) -> Response:
        u = req.base_url
        link = u + self.article_path(a)
        files = "".join(
            f'<p><a href="{u}{self.attachment_path(n)}">Tải về: {esc(n)}</a></p>'
            for n in a.attachments
        )
        related = "".join(
            f'<div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title"><a href="'
            f'{u}{self.article_path(o)}">{esc(o.title)}</a></h4><p '
            'class="jp-relatedposts-post-date">'
            f"{o.published:%d/%m/%Y}</p></div>"
            for o in self.others(a, 3)
        )
        tags = " ".join(f'<a href="{u}/tag/{slugify(t)}/" rel="tag">{esc(t)}</a>' for t in a.tags)
        comments = ""
        if a.slug == self.articles[-1].slug:
            comments = (
                '<h2 class="comments-title">1 bình luận</h2><ol class="comment-list"><li '
                'id="comment-5" '
                'class="comment"><article class="comment-body"><footer class="comment-meta"><b '
                'class="fn">'
                "Nguyễn Văn Hải</b> <time>14:02, 31/10/2024</time></footer><div "
                'class="comment-content">'
                '<p>Cảm ơn Ban Dân tộc đã cập nhật thông tin kịp thời.</p></div><div class="reply">'
                f'<a rel="nofollow" class="comment-reply-link" href="{link}?replytocom=5#respond">'
                "Trả lời</a></div></article></li></ol>"
            )
        body = (
            f'<article id="post-{self.aid(a)}" '
            f'class="post-{self.aid(a)} post type-post status-publish '
            'format-standard hentry category-tin-tuc"><header class="entry-header">'
            f'<h1 class="entry-title">{esc(a.title)}</h1>{self.meta(req, a, single=True)}</header>'
            f'<div class="entry-content">\n{self.body_html(a)}{files}</div>'
            '<footer class="entry-footer"><span class="cat-links">Chuyên mục: <a '
            f'href="{u}{CATEGORY}" '
            f'rel="category tag">Tin tức</a></span> <span class="tags-links">{tags}</span> '
            f'<span class="comments-link"><a href="{link}#comments">Bình luận</a></span></footer>'
            '<div id="jp-relatedposts" class="jp-relatedposts"><h3 '
            'class="jp-relatedposts-headline">'
            f"Bài viết liên quan</h3>{related}</div></article>"
            f'<div id="comments" class="comments-area">{comments}<div id="respond" '
            'class="comment-respond">'
            '<h3 id="reply-title" class="comment-reply-title">Để lại một bình luận</h3>'
            f'<form action="{u}/wp-comments-post.php" method="post" id="commentform" '
            'class="comment-form">'
            '<p class="comment-notes">Email của bạn sẽ không được hiển thị công khai.</p>'
            '<p class="comment-form-comment"><label for="comment">Bình luận</label><textarea '
            'id="comment" '
            'name="comment"></textarea></p><p class="form-submit"><input name="submit" '
            'type="submit" '
            'value="Gửi bình luận" /><input type="hidden" name="comment_post_ID" '
            f'value="{self.aid(a)}" />'
            "</p></form></div></div>"
        )
        head = (
            f'<link rel="canonical" href="{link}" /><link rel="shortlink" '
            f'href="{u}{self.shortlink(a)}" />'
            f'<meta property="article:published_time" content="{iso(a.published)}" />'
            f'<meta property="article:modified_time" content="{iso(a.last_modified)}" />'
        )
        return self.page(req, a.title, body, a.last_modified, head)

    def feed(self, req: Request, comments: bool) -> Response:
        u = req.base_url
        items = (
            ""
            if comments
            else "".join(
                f"<item><title>{esc(a.title)}</title><link>{u}{self.article_path(a)}</link>"
                f"<dc:creator><![CDATA[{a.author or ''}]]></dc:creator>"
                f"<pubDate>{a.published.strftime('%a, %d %b %Y %H:%M:%S %z')}</pubDate>"
                f'<guid isPermaLink="false">{u}/?p={self.aid(a)}</guid>'
                f"<description><![CDATA[{a.paragraphs[0]}]]></description></item>"
                for a in self.live()
            )
        )
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">'
            f"<channel><title>{esc(self.name)}</title><link>{u}</link><description>Cổng thông tin"
            f"</description><language>vi</language>{items}</channel></rss>"
        )
        return self.text(
            xml, "application/rss+xml; charset=UTF-8", last_modified=self.latest(), chunked=True
        )

    def not_found(self, req: Request) -> Response:
        resp = self.page(
            req,
            "Không tìm thấy trang",
            '<section class="error-404 not-found"><h1 '
            'class="page-title">Rất tiếc! Không thể tìm thấy trang này.</h1></section>',
            self.epoch,
        )
        resp.status = 404
        return resp

    # ----------------------------------------------------------------- chrome
    def page(
        self, req: Request, title: str, main: str, modified: datetime, head: str = ""
    ) -> Response:
        """Theme: header, menu, content, sidebar widgets (recent posts, meta), footer."""
        u = req.base_url
        oldest = self.articles[0].slug  # linked by its shortlink, as some widgets do
        recent = "".join(
            f'<li><a href="{u}{self.shortlink(a) if a.slug == oldest else self.article_path(a)}">'
            f"{esc(a.title)}</a></li>"
            for a in self.live()[:5]
        )
        html = f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{esc(title)} &#8211; {esc(self.name)}</title>
<link rel="alternate" type="application/rss+xml" title="{esc(self.name)} &raquo; Dòng thông tin"
href="{u}/feed/" />
<link rel="alternate" type="application/rss+xml" title="{esc(self.name)} &raquo; Dòng phản hồi"
href="{u}/comments/feed/" />
<link rel="stylesheet" id="bdt-style-css" href="{u}/wp-content/themes/bdt/style.css?ver=6.6.2"
media="all" />
<script src="{u}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
<link rel="https://api.w.org/" href="{u}/wp-json/" />
<meta name="generator" content="WordPress 6.6.2" />
{head}
</head>
<body class="home blog wp-embed-responsive">
<div id="page" class="site"><a class="skip-link screen-reader-text"
href="#content">Chuyển đến nội dung</a>
<header id="masthead" class="site-header"><div class="site-branding"><p class="site-title"><a
href="{u}/" rel="home">{esc(self.name)}</a></p>
<p class="site-description">Trang thông tin điện tử</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li class="menu-item"><a href="{u}/">Trang chủ</a></li><li class="menu-item"><a
href="{u}{CATEGORY}">Tin tức</a></li>
<li class="menu-item"><a href="{u}{NOT_FOUND}">Văn bản</a></li></ul></nav></header>
<div id="content" class="site-content"><main id="main" class="site-main">
{main}
</main>
<aside id="secondary" class="widget-area">
<section id="recent-posts-2" class="widget widget_recent_entries"><h2
class="widget-title">Bài viết mới</h2><ul>{recent}</ul></section>
<section id="meta-2" class="widget widget_meta"><h2 class="widget-title">Meta</h2><ul>
<li><a href="{u}/wp-admin/">Quản trị</a></li><li><a href="{u}/wp-login.php">Đăng nhập</a></li>
<li><a href="{u}/feed/">RSS bài viết</a></li><li><a href="{u}/comments/feed/">RSS bình luận</a></li>
</ul></section>
</aside></div>
<footer id="colophon" class="site-footer"><div class="site-info">
<p>BAN DÂN TỘC TỈNH KON TUM - Địa chỉ: 482 Bà Triệu, TP Kon Tum - Điện thoại: <a
href="tel:02603862245">0260 3862 245</a></p>
<p>Email: <a href="mailto:bdt@kontum.gov.vn">bdt@kontum.gov.vn</a> · <a
href="https://www.facebook.com/bandantockontum">Facebook</a>
 · <a href="https://ubdt.gov.vn:443/">Ủy ban Dân tộc</a> · <a
href="javascript:void(0)">Lên đầu trang</a></p>
</div></footer></div>
</body>
</html>
"""
        link = [("Link", f'<{u}/wp-json/>; rel="https://api.w.org/"')]
        return self.html(html, last_modified=modified, headers=link)
