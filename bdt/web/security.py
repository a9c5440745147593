"""Who may use the dashboard, and which posts are genuine.

* Without a token (loopback only) a request must name a loopback host (`Host:`), which
  keeps DNS-rebinding pages out.
* Authentication: with a token configured (`BDT_SERVE_TOKEN`, required for any bind beyond
  loopback) every request needs `Authorization: Bearer <token>` or the cookie that
  `/login` sets after the token was typed in; anything else gets 401 (the login page).
* CSRF: every POST must carry the `csrf` form field equal to the `bdt_csrf` cookie
  (double submit; the cookie is SameSite=Strict) and, when the browser says where it
  comes from, an `Origin` of this very server.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs, urlsplit

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

AUTH_COOKIE = "bdt_auth"
CSRF_COOKIE = "bdt_csrf"
OPEN_PATHS = ("/login", "/static/")


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and `localhost`."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def cookie_value(token: str) -> str:
    """What the auth cookie holds: a digest of the token, never the token itself."""
    return hashlib.sha256(b"bdt-serve:" + token.encode("utf-8")).hexdigest()


def token_matches(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode("utf-8"),
                                                     token.encode("utf-8"))


class AuthMiddleware(BaseHTTPMiddleware):
    """Refuses requests without the token (when one is configured)."""

    def __init__(self, app: object, token: str | None) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self.token = token

    async def dispatch(self, request: Request,
                       call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if self.token is None:
            # Without a token only this machine may ask, by a loopback name: a page elsewhere
            # whose name was re-pointed at 127.0.0.1 (DNS rebinding) is turned away.
            host = urlsplit("//" + request.headers.get("host", "")).hostname or ""
            if not is_loopback(host):
                return PlainTextResponse(f"refused: Host {host!r} is not this machine's "
                                         "loopback (set BDT_SERVE_TOKEN to serve other names)",
                                         status_code=403)
            return await call_next(request)
        if request.url.path.startswith(OPEN_PATHS):
            return await call_next(request)
        header = request.headers.get("authorization", "")
        bearer = header[7:].strip() if header.lower().startswith("bearer ") else None
        cookie = request.cookies.get(AUTH_COOKIE)
        if token_matches(bearer, self.token) or (
                cookie is not None and hmac.compare_digest(cookie, cookie_value(self.token))):
            return await call_next(request)
        if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303,
                                    headers={"WWW-Authenticate": "Bearer"})
        return PlainTextResponse("authentication required: BDT_SERVE_TOKEN as a bearer token",
                                 status_code=401, headers={"WWW-Authenticate": "Bearer"})


class CsrfMiddleware(BaseHTTPMiddleware):
    """Sets the CSRF cookie on every page; refuses a POST whose form lacks the same value."""

    async def dispatch(self, request: Request,
                       call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        cookie = request.cookies.get(CSRF_COOKIE)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            origin = request.headers.get("origin")
            if origin and origin != "null" and urlsplit(origin).netloc != request.url.netloc:
                return PlainTextResponse("refused: the form came from another site",
                                         status_code=403)
            # Read the raw body (cached for the endpoint); our forms are url-encoded.
            fields = parse_qs((await request.body()).decode("utf-8", "replace"))
            given = (fields.get("csrf") or [""])[0]
            if not cookie or not given or not hmac.compare_digest(given, cookie):
                return PlainTextResponse("refused: missing or wrong CSRF token (reload the page)",
                                         status_code=403)
        request.state.csrf = cookie or secrets.token_urlsafe(24)
        response = await call_next(request)
        if not cookie:
            response.set_cookie(CSRF_COOKIE, request.state.csrf, httponly=True,
                                samesite="strict")
        return response
