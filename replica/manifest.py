"""What a replica site contains: the ground truth crawler and extraction tests check against."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from replica.content import Article

#: query parameters that carry a session, not content; ignored when matching targets
SESSION_PARAMS = frozenset({"phpsessid", "jsessionid", "sid"})


def split_target(target: str) -> tuple[str, dict[str, str]]:
    """(decoded path without ;params or fragment, query as a dict) of a request target or URL."""
    parts = urlsplit(target)
    path = re.sub(r";[^/]*", "", unquote(parts.path or "/"))
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    return path, query


def target_key(target: str) -> str:
    """Order-insensitive key of a target: path + sorted query without session params."""
    path, query = split_target(target)
    items = sorted((k, v) for k, v in query.items() if k.lower() not in SESSION_PARAMS)
    return path + ("?" + urlencode(items) if items else "")


def path_of(url: str) -> str:
    """Path + query of an absolute URL or a request target (fragment dropped)."""
    parts = urlsplit(url)
    return (parts.path or "/") + ("?" + parts.query if parts.query else "")


@dataclass
class SiteManifest:
    """Everything a test needs to know about one served replica site.

    Paths are request targets (path + query) relative to ``base_url``. Trap patterns
    starting with ``^`` are regular expressions matched against the target; others
    are path prefixes.
    """

    key: str
    family: str
    base_url: str
    start_url: str
    scope_prefix: str | None
    articles: dict[str, Article]
    attachments: list[str]
    traps: dict[str, str]
    disallowed: list[str]
    out_of_scope_paths: list[str] = field(default_factory=list)
    error_paths: dict[str, int] = field(default_factory=dict)
    fail_once: list[str] = field(default_factory=list)
    redirects: dict[str, str] = field(default_factory=dict)
    listings: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    chunked_paths: list[str] = field(default_factory=list)
    multi_cookie_paths: list[str] = field(default_factory=list)
    nfd_paths: list[str] = field(default_factory=list)
    gzip: bool = True
    charset: str = "utf-8"

    def trap_for(self, target: str) -> str | None:
        """Name of the trap a target belongs to, if any."""
        target = path_of(target)
        for name, pattern in self.traps.items():
            if pattern.startswith("^"):
                if re.search(pattern, target):
                    return name
            elif target.startswith(pattern):
                return name
        return None

    def is_disallowed(self, target: str) -> bool:
        """True if robots.txt of the site disallows this target."""
        target = path_of(target)
        return any(target.startswith(prefix) for prefix in self.disallowed)

    def in_scope(self, target: str) -> bool:
        """True if the target is inside the site (path prefix, segment-wise);
        /robots.txt of the host always counts as in scope."""
        path = path_of(target).split("?", 1)[0]
        if not self.scope_prefix or path == "/robots.txt":
            return True
        return path == self.scope_prefix or path.startswith(self.scope_prefix.rstrip("/") + "/")

    def article_for(self, target: str) -> Article | None:
        """The article a target (or URL) addresses, ignoring query order and session ids."""
        wanted = target_key(path_of(target))
        for path, art in self.articles.items():
            if target_key(path) == wanted:
                return art
        return None

    def url(self, target: str) -> str:
        """Absolute URL of a target."""
        return self.base_url + target
