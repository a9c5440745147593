"""Base class of the replica sites: shared routing, faults, mutations and the manifest."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, ClassVar

from replica.content import Article, site_articles, vn
from replica.files import attachment_bytes, content_type, png_bytes
from replica.manifest import SiteManifest, split_target, target_key
from replica.util import esc, now_vn


@dataclass
class Request:
    """A parsed HTTP request as a site sees it."""

    method: str
    target: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    base_url: str
    now: datetime

    @classmethod
    def make(
        cls,
        method: str,
        target: str,
        headers: dict[str, str] | None = None,
        base_url: str = "",
        now: datetime | None = None,
    ) -> Request:
        """Build a request; absolute-form targets are reduced to path + query."""
        if "://" in target.split("?", 1)[0]:
            rest = target.split("://", 1)[1]
            target = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        path, query = split_target(target)
        hdrs = {k.lower(): v for k, v in (headers or {}).items()}
        return cls(method.upper(), target, path, query, hdrs, base_url, now or now_vn())

    @property
    def key(self) -> str:
        """Order-insensitive target key (session parameters dropped)."""
        return target_key(self.target)


@dataclass
class Response:
    """What a site answers; the server adds validators, encoding and framing."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    last_modified: datetime | None = None
    chunked: bool = False
    compress: bool = True


class BaseSite:
    """One replica site; subclasses render the pages of a CMS family."""

    key: ClassVar[str] = ""
    family: ClassVar[str] = ""
    name: ClassVar[str] = ""
    province: ClassVar[str] = ""
    province_2025: ClassVar[str] = ""
    start_path: ClassVar[str] = "/"
    scope_prefix: ClassVar[str | None] = None
    gzip: ClassVar[bool] = True
    chunked_html: ClassVar[bool] = False
    charset: ClassVar[str] = "utf-8"
    #: seconds announced as ``Crawl-delay`` in robots.txt (None: no such line)
    crawl_delay: float | None = None
    server_headers: ClassVar[list[tuple[str, str]]] = [("Server", "nginx")]
    id_base: ClassVar[int] = 100
    per_page: ClassVar[int] = 2
    epoch: ClassVar[datetime] = vn(2020, 1, 1, 8, 0)

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.articles: list[Article] = site_articles(self.key)
        self.ids = {a.slug: self.id_base + i for i, a in enumerate(self.articles)}
        self.removed: set[str] = set()
        self.failed_once: set[str] = set()
        self.changes = 0
        self._files: dict[str, tuple[bytes, str, datetime]] | None = None

    # ----------------------------------------------------------- family hooks
    def article_path(self, a: Article) -> str:
        """Canonical target (path + query) of an article page."""
        raise NotImplementedError

    def attachment_path(self, name: str) -> str:
        """Target of an attachment file."""
        return f"/uploads/{name}"

    def image_path(self, a: Article, index: int) -> str:
        """Target of the index-th photo of an article."""
        return f"/uploads/images/{a.slug[:24]}-{index + 1}.png"

    def assets(self) -> dict[str, tuple[bytes, str]]:
        """Extra static files (CSS, JS, logos): target -> (bytes, content type)."""
        return {}

    def robots(self, base_url: str) -> str:
        """robots.txt text."""
        return "User-agent: *\nDisallow:\n"

    def render_article(self, req: Request, a: Article) -> Response:
        """The article page."""
        raise NotImplementedError

    def route(self, req: Request) -> Response | None:
        """Family pages (home, listings, traps...); None when the target is unknown."""
        return None

    def not_found(self, req: Request) -> Response:
        """The family's 404 page."""
        return self.html("<html><body><h1>404 Not Found</h1></body></html>", status=404)

    def server_error(self, req: Request) -> Response:
        """The family's 500 page."""
        return self.html("<html><body><h1>500 Internal Server Error</h1></body></html>", status=500)

    def faults(self) -> dict[str, Any]:
        """Manifest fields of the family: traps, disallowed, error_paths, fail_once,
        redirects, listings, sitemaps, feeds, chunked_paths, multi_cookie_paths..."""
        return {}

    def redirect_table(self) -> dict[str, str]:
        """Every redirect the server answers (old target -> new target); the manifest
        lists only those linked from pages (``faults()["redirects"]``)."""
        return dict(self.faults().get("redirects", {}))

    # ----------------------------------------------------------------- helpers
    def html(
        self,
        text: str,
        *,
        status: int = 200,
        last_modified: datetime | None = None,
        headers: list[tuple[str, str]] | None = None,
        chunked: bool | None = None,
    ) -> Response:
        """An HTML response in the site's charset."""
        return Response(
            status=status,
            body=text.encode("utf-8"),
            content_type="text/html; charset=utf-8",
            headers=list(headers or []),
            last_modified=last_modified,
            chunked=self.chunked_html if chunked is None else chunked,
        )

    def text(
        self, text: str, ctype: str, *, last_modified: datetime | None = None, chunked: bool = False
    ) -> Response:
        """A non-HTML text response (robots, XML, feeds) in UTF-8."""
        return Response(
            body=text.encode("utf-8"),
            content_type=ctype,
            last_modified=last_modified or self.epoch,
            chunked=chunked,
        )

    def live(self) -> list[Article]:
        """Published articles, newest first."""
        with self.lock:
            arts = [a for a in self.articles if a.slug not in self.removed]
        return sorted(arts, key=lambda a: a.published, reverse=True)

    def latest(self, arts: list[Article] | None = None) -> datetime:
        """Last-Modified of a page listing these articles."""
        arts = self.live() if arts is None else arts
        return max([a.last_modified for a in arts] or [self.epoch])

    def aid(self, a: Article) -> int:
        """Numeric id of an article in the CMS."""
        return self.ids[a.slug]

    def by_id(self, ident: str | int) -> Article | None:
        """A live article by its numeric id."""
        for a in self.live():
            if str(self.aid(a)) == str(ident).split(":", 1)[0]:
                return a
        return None

    def others(self, a: Article, n: int = 5) -> list[Article]:
        """Other live articles ('Các tin khác')."""
        return [o for o in self.live() if o.slug != a.slug][:n]

    def figure(self, a: Article, index: int, caption_html: str) -> str:
        """Default photo + caption markup (centered image, italic caption below)."""
        src = self.image_path(a, index)
        return (
            f'<p style="text-align: center;"><img alt="" src="{src}" '
            f'style="width: 600px; height: 400px;" /></p>\n'
            f'<p style="text-align: center;"><em>{caption_html}</em></p>\n'
        )

    def body_html(
        self,
        a: Article,
        *,
        p_attrs: str = ' style="text-align: justify;"',
        lead: bool = True,
        list_tag: str | None = None,
    ) -> str:
        """Paragraphs, figures and list of an article in reading order."""
        out: list[str] = []
        items: list[str] = []
        cap_index = 0
        for kind, value in a.blocks():
            if kind != "li" and items:
                out.append(self._list(items, list_tag, a))
                items = []
            if kind == "lead":
                if lead:
                    out.append(f"<p{p_attrs}><strong>{esc(value)}</strong></p>\n")
            elif kind == "p":
                out.append(f"<p{p_attrs}>{esc(value)}</p>\n")
            elif kind == "caption":
                out.append(self.figure(a, cap_index, esc(value)))
                cap_index += 1
            else:
                items.append(value)
        if items:
            out.append(self._list(items, list_tag, a))
        return "".join(out)

    def _list(self, items: list[str], tag: str | None, a: Article) -> str:
        tag = tag or ("ol" if a.list_ordered else "ul")
        lis = "".join(f"<li>{esc(i)}</li>\n" for i in items)
        return f"<{tag}>\n{lis}</{tag}>\n"

    # ---------------------------------------------------------- common routing
    def static_files(self) -> dict[str, tuple[bytes, str, datetime]]:
        """Attachments, article photos and assets: target -> (bytes, type, modified)."""
        with self.lock:
            if self._files is None:
                self._files = self._build_files()
            return self._files

    def _build_files(self) -> dict[str, tuple[bytes, str, datetime]]:
        files: dict[str, tuple[bytes, str, datetime]] = {}
        for a in self.articles:
            for name in a.attachments:
                data = attachment_bytes(name, a.title, a.paragraphs[:3])
                files[self.attachment_path(name)] = (data, content_type(name), a.published)
            for i in range(len(a.captions)):
                shade = (60 + 30 * i, 90, 120)
                files[self.image_path(a, i)] = (png_bytes(shade), "image/png", a.published)
        for target, (data, ctype) in self.assets().items():
            files[target] = (data, ctype, self.epoch)
        return files

    def article_keys(self) -> dict[str, Article]:
        """target key -> article (removed ones included)."""
        return {target_key(self.article_path(a)): a for a in self.articles}

    def respond(self, req: Request, *, dry_run: bool = False) -> Response:
        """Answer a request: robots, fail-once, redirects, files, articles, family pages."""
        if req.path == "/robots.txt":
            robots = self.robots(req.base_url)
            if self.crawl_delay is not None:
                robots = robots.replace("User-agent: *\n",
                                        f"User-agent: *\nCrawl-delay: {self.crawl_delay:g}\n", 1)
            return self.text(robots, "text/plain; charset=utf-8")
        faults = self.faults()
        key = req.key
        fail_keys = {target_key(t) for t in faults.get("fail_once", [])}
        if key in fail_keys:
            with self.lock:
                first = key not in self.failed_once
                if first and not dry_run:
                    self.failed_once.add(key)
            if first:
                return self.server_error(req)
        redirects = {target_key(k): v for k, v in self.redirect_table().items()}
        if key in redirects:
            location = req.base_url + redirects[key]
            body = f'<html><body>Moved <a href="{esc(location)}">here</a></body></html>'
            resp = self.html(body, status=301, chunked=False)
            resp.headers.append(("Location", location))
            return resp
        files = self.static_files()
        if req.path in files:
            data, ctype, modified = files[req.path]
            return Response(
                body=data,
                content_type=ctype,
                last_modified=modified,
                compress=ctype.startswith(("text/", "application/javascript")),
            )
        routed = self.route(req)
        if routed is not None:
            return routed
        art = self.article_keys().get(key)
        if art is not None and art.slug not in self.removed:
            return self.render_article(req, art)
        return self.not_found(req)

    # -------------------------------------------------------------- mutations
    def _find(self, target: str) -> Article:
        art = self.article_keys().get(target_key(target))
        if art is None:
            raise KeyError(f"{self.key}: no article at {target}")
        return art

    def change_article(self, target: str) -> Article:
        """Append a paragraph and bump the modification time (new ETag/Last-Modified)."""
        with self.lock:
            art = self._find(target)
            self.changes += 1
            stamp = max(now_vn().replace(microsecond=0), art.last_modified.replace(microsecond=0))
            new = replace(
                art,
                paragraphs=[
                    *art.paragraphs,
                    f"Bài viết được cập nhật, bổ sung thông tin (lần {self.changes}).",
                ],
                modified=stamp,
                caption_after=list(art.caption_after),
            )
            self.articles[self.articles.index(art)] = new
            return new

    def remove_article(self, target: str) -> Article:
        """Unpublish an article: 404 from now on, gone from listings, sitemaps and feeds."""
        with self.lock:
            art = self._find(target)
            self.removed.add(art.slug)
            return art

    # --------------------------------------------------------------- manifest
    def manifest(self, base_url: str) -> SiteManifest:
        """The ground truth of this site as served at base_url."""
        faults = dict(self.faults())
        live = self.live()
        attachments = [self.attachment_path(n) for a in live for n in a.attachments]
        return SiteManifest(
            key=self.key,
            family=self.family,
            base_url=base_url,
            start_url=base_url + self.start_path,
            scope_prefix=self.scope_prefix,
            articles={self.article_path(a): a for a in live},
            attachments=attachments,
            gzip=self.gzip,
            charset=self.charset,
            **faults,
        )
