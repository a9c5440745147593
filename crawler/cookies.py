"""Scrapy's cookie middleware with the bundled public suffix list: no download, ever.

Scrapy's ``CookiesMiddleware`` asks a module-level ``tldextract.TLDExtract()`` whether a
cookie's domain is a public suffix; on its first use that object downloads the suffix list
from the internet (on a firewalled server: a page of tracebacks, then the bundled copy).
This subclass asks an extractor built on tldextract's bundled snapshot instead, with no
cache directory, so a crawl talks to nothing but the registered sites.
"""

from __future__ import annotations

from collections.abc import Iterable
from http.cookiejar import Cookie

import tldextract
from scrapy import Request
from scrapy.downloadermiddlewares.cookies import CookiesMiddleware
from scrapy.http.cookies import CookieJar
from scrapy.utils.httpobj import urlparse_cached

# Same options as Scrapy's own (private domains count as public suffixes), minus the network.
SUFFIXES = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None,
                                 include_psl_private_domains=True)


def is_public_suffix(domain: str) -> bool:
    """True when ``domain`` is a public suffix itself (``gov.vn``), not a registrable name."""
    return not SUFFIXES(domain).domain


class OfflineCookiesMiddleware(CookiesMiddleware):
    """``CookiesMiddleware`` whose public-suffix check never leaves the machine."""

    def _process_cookies(self, cookies: Iterable[Cookie], *, jar: CookieJar,
                         request: Request) -> None:
        hostname = urlparse_cached(request).hostname
        if hostname is None:
            return
        request_domain = hostname.lower()
        for cookie in cookies:
            cookie_domain = cookie.domain.removeprefix(".")
            # a cookie set for a public suffix is only kept for that very host
            if cookie_domain and is_public_suffix(cookie_domain):
                if cookie_domain != request_domain:
                    continue
                cookie.domain = request_domain
            jar.set_cookie_if_ok(cookie, request)
