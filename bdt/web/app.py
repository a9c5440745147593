"""`bdt serve`: the dashboard, a Starlette application rendering Jinja templates.

Pages: overview `/`, site `/sites/{id}`, run `/runs/{id}`, document `/documents/{id}`,
search `/search`; the one action, "crawl now", is a POST that queues a request for the
daemon (`bdt.scheduler.run_queue`).  No page reads a file the catalog does not point
to inside the archive, and no query is built from what a visitor typed.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from archive.catalog import SearchFilters
from bdt.report import size as human_size
from bdt.web import pages
from bdt.web.security import (
    AUTH_COOKIE,
    AuthMiddleware,
    CsrfMiddleware,
    cookie_value,
    token_matches,
)

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
PAGE_SIZE = 20
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["local"] = pages.local_time
    templates.env.filters["size"] = human_size
    templates.env.autoescape = True
    return templates


def _day(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(400, f"{name}: expected YYYY-MM-DD, got {value!r}") from None


def create_app(ctx: pages.WebContext, *, token: str | None = None) -> Starlette:
    """The dashboard over one archive; `token` set: every request must present it."""
    templates = _templates()

    def render(request: Request, name: str, context: dict[str, Any],
               status_code: int = 200) -> Response:
        context = {"csrf": getattr(request.state, "csrf", ""), "ctx": ctx, **context}
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    async def overview(request: Request) -> Response:
        group = request.query_params.get("group") == "2025"
        data = pages.overview(ctx, group_2025=group)
        name = "overview_table.html" if request.query_params.get("fragment") else "overview.html"
        return render(request, name, data)

    async def site(request: Request) -> Response:
        site_id = request.path_params["site_id"]
        month = request.query_params.get("month")
        if month is not None and month and not re.fullmatch(r"\d{4}-\d{2}", month):
            raise HTTPException(400, "month: expected YYYY-MM")
        data = pages.site_page(ctx, site_id, month) if _ID_RE.match(site_id) else None
        if data is None:
            raise HTTPException(404, f"no site {site_id!r} in the registry or the archive")
        data["queued"] = request.query_params.get("queued")
        fragment = request.query_params.get("fragment") == "runs"  # htmx refresh
        return render(request, "site_runs.html" if fragment else "site.html", data)

    async def crawl_now(request: Request) -> Response:
        from bdt.scheduler.run_queue import request_run

        site_id = request.path_params["site_id"]
        if site_id not in ctx.registry:
            raise HTTPException(404, f"no site {site_id!r} in the registry")
        queued, pid = request_run(ctx.layout, ctx.registry, site_id)
        logger.info("crawl of %s requested from the dashboard (%s)", site_id, queued.path.name)
        return RedirectResponse(f"/sites/{site_id}?queued={'daemon' if pid else 'waiting'}",
                                status_code=303)

    async def run(request: Request) -> Response:
        data = pages.run_page(ctx, request.path_params["run_id"])
        if data is None:
            raise HTTPException(404, "no such run")
        return render(request, "run.html", data)

    async def document(request: Request) -> Response:
        data = pages.document_page(ctx, request.path_params["document_id"])
        if data is None:
            raise HTTPException(404, "no such document")
        return render(request, "document.html", data)

    async def wacz(request: Request) -> Response:
        site_id, name = request.path_params["site_id"], request.path_params["name"]
        if not _ID_RE.match(site_id) or not _ID_RE.match(name) or not name.endswith(".wacz"):
            raise HTTPException(404, "no such file")
        root = (ctx.layout.root / "wacz").resolve()
        path = (root / site_id / name).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise HTTPException(404, "no such file")
        return FileResponse(path, media_type="application/wacz+zip", filename=name)

    async def search(request: Request) -> Response:
        params = request.query_params
        query = params.get("q", "").strip()
        filters = SearchFilters(
            site_id=params.get("site") or None, province=params.get("province") or None,
            province_2025=params.get("province_2025") or None,
            published_from=_day(params.get("from"), "from"),
            published_to=_day(params.get("to"), "to"))
        try:
            page = max(1, int(params.get("page", "1")))
        except ValueError:
            raise HTTPException(400, "page: expected a number") from None
        with ctx.catalog() as catalog:
            result = catalog.search(query, filters, limit=PAGE_SIZE,
                                    offset=(page - 1) * PAGE_SIZE) if query else None
            facets = catalog.search_facets()
        def page_link(number: int) -> str:
            return "?" + urlencode({**dict(params), "page": number})

        return render(request, "search.html", {
            "query": query, "filters": filters, "result": result, "facets": facets,
            "page": page, "pages": -(-result.total // PAGE_SIZE) if result else 0,
            "page_link": page_link})

    async def login(request: Request) -> Response:
        target = request.query_params.get("next", "/")
        target = target if target.startswith("/") and not target.startswith("//") else "/"
        if request.method == "POST":
            form = await request.form()
            given = form.get("token")
            if token is not None and isinstance(given, str) and token_matches(given, token):
                response = RedirectResponse(target, status_code=303)
                response.set_cookie(AUTH_COOKIE, cookie_value(token), httponly=True,
                                    samesite="strict")
                return response
            return render(request, "login.html", {"next": target, "wrong": True},
                          status_code=401)
        return render(request, "login.html", {"next": target, "wrong": False})

    async def not_found(request: Request, exc: HTTPException) -> Response:
        return render(request, "error.html", {"status": exc.status_code, "detail": exc.detail},
                      status_code=exc.status_code)

    routes = [
        Route("/", overview),
        Route("/sites/{site_id}", site),
        Route("/sites/{site_id}/crawl", crawl_now, methods=["POST"]),
        Route("/sites/{site_id}/wacz/{name}", wacz),
        Route("/runs/{run_id}", run),
        Route("/documents/{document_id:int}", document),
        Route("/search", search),
        Route("/login", login, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    middleware = [Middleware(AuthMiddleware, token=token), Middleware(CsrfMiddleware)]
    return Starlette(routes=routes, middleware=middleware,
                     exception_handlers={HTTPException: not_found})
