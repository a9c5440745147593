"""URL canonicalisation and trap detection, with no site-specific hacks.

Canonical URLs make one page one request: fragments, session ids, tracking
parameters and default ports go; query parameters are sorted.  Trap checks
reject URLs that only a loop can produce (`/en/en/en/`), print/presentation
duplicates, and calendar-like URL patterns once their budget is spent.
Plain Python, no Scrapy.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Query parameters that never change the content of a page.
SESSION_PARAMS = frozenset({
    "jsessionid", "phpsessid", "sid", "sessionid", "session_id", "aspsessionid",
    "asp.net_sessionid", "cfid", "cftoken", "utm_source", "utm_medium", "utm_campaign",
    "utm_term", "utm_content", "fbclid", "gclid", "replytocom", "share", "_ga",
})
# Query parameters carrying "where you came from": each page's links repeat the page's
# own URL in them (Liferay `redirect=`, DNN `returnurl=`), so they multiply URLs.
NAVIGATION_PARAM = re.compile(
    r"(^|_)(redirect|returnurl|return_url|backurl|back_url|returnto|return_to|referer|"
    r"referrer|camefrom)$", re.I)
# Query parameters that only re-sort or re-size a listing: every combination is the same
# content, so the canonical URL drops them (the default view is fetched once).
VIEW_PARAM = re.compile(
    r"(^|_)(sort|sortby|sort_by|order|orderby|order_by|dir|direction|sortdir|sortorder|"
    r"pagesize|page_size|perpage|per_page|delta|filter_order|filter_order_dir|"
    r"p_p_col_id|p_p_col_pos|p_p_col_count)$", re.I)
# Query parameters of a search: search result pages link to more searches without end.
SEARCH_PARAM = re.compile(
    r"(^|_)(q|s|search|searchword|keyword|keywords|tukhoa|tu_khoa|query|text)$", re.I)
# Query parameters (name, value or None for any) that make a presentation duplicate.
PRINT_PARAMS = (
    ("tmpl", "component"), ("print", None), ("printable", None), ("printpage", None),
    ("format", "print"), ("format", "pdf"), ("layout", "print"), ("view", "print"),
    ("output", "print"), ("mode", "print"), ("viewmode", "print"), ("p_p_state", "pop_up"),
    ("p_p_state", "exclusive"), ("p_p_state", "print"),
)
PRINT_PATH = re.compile(r"/(print|in-bai-viet|inbai|printer)(/|\.aspx|\.html?|$)", re.I)
LANGUAGE_SEGMENT = re.compile(
    r"^(vi|en|fr|zh|ja|ko|de|ru|es|lo|km|th|cn)([-_](vn|us|gb|cn|la|kh|th))?$")
PATH_SESSION = re.compile(r";(jsessionid|sessionid|sid)=[^/?#]*", re.I)
DATE_PARAM_NAMES = frozenset({
    "year", "month", "day", "date", "nam", "thang", "ngay", "week", "tuan",
    "calendar", "cal", "lich", "d", "m", "y", "time", "from", "to",
})
DATE_VALUE = re.compile(r"^(19|20)\d{2}([-/.]\d{1,2}){1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.](19|20)\d{2}$")
YEAR = re.compile(r"^(19|20)\d{2}$")
COMPACT_DATE = re.compile(r"^(19|20)\d{2}(0[1-9]|1[0-2])([0-2]\d|3[01])?$|^1\d{9}$")
ATTACHMENT_EXTENSIONS = frozenset({
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".rtf",
    ".zip", ".rar", ".7z",
})
SKIP_EXTENSIONS = frozenset({
    ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".svg", ".webp", ".ico", ".css", ".js",
    ".mp3", ".mp4", ".avi", ".wmv", ".flv", ".mov", ".exe", ".iso", ".woff", ".woff2", ".ttf",
})
DEFAULT_PORTS = {"http": 80, "https": 443}


def canonicalize(url: str) -> str:
    """Return the canonical form of an absolute http(s) URL."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = PATH_SESSION.sub("", parts.path) or "/"
    path = quote(unquote(path), safe="/:@!$&'()*+,;=-._~%")
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name.lower() not in SESSION_PARAMS and not NAVIGATION_PARAM.search(name)
        and not VIEW_PARAM.search(name)
    ]
    query.sort()
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def extension(url: str) -> str:
    path = urlsplit(url).path.lower()
    name = path.rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1] if "." in name else ""


def is_attachment(url: str) -> bool:
    return extension(url) in ATTACHMENT_EXTENSIONS


def is_skipped_media(url: str) -> bool:
    return extension(url) in SKIP_EXTENSIONS


def is_print_duplicate(url: str) -> bool:
    parts = urlsplit(url)
    if PRINT_PATH.search(parts.path):
        return True
    params = {k.lower(): v.lower() for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    return any(name in params and (value is None or params[name] == value)
               for name, value in PRINT_PARAMS)


def fully_unquoted(text: str, rounds: int = 5) -> str:
    for _ in range(rounds):
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    return text


def has_repeating_segments(url: str, *, max_repeats: int = 2) -> bool:
    """True for loop-made URLs.

    A run of path segments repeated back to back (`/en/en/`, `/a/b/a/b/`), two language
    prefixes (`/vi/en/`), a segment more than `max_repeats` times, or a URL nested in
    its own query more than `max_repeats` deep
    (`login?returnurl=/login?returnurl=/login?...`).
    """
    segments = [s for s in urlsplit(url).path.lower().split("/") if s]
    for run in (1, 2, 3):  # /en/en/, /a/b/a/b/, /x/y/z/x/y/z/
        if any(segments[i:i + run] == segments[i + run:i + 2 * run]
               for i in range(len(segments) - 2 * run + 1)):
            return True
    if sum(LANGUAGE_SEGMENT.match(s) is not None for s in segments) > 1:
        return True  # /vi/en/...: a language switcher that prefixes the current path
    counts = Counter(segments)
    if counts and max(counts.values()) > max_repeats:
        return True
    names = Counter(re.findall(r"[?&;]([^=&?#;/]+)=", fully_unquoted(url).lower()))
    return bool(names) and max(names.values()) > max_repeats


def url_pattern(url: str) -> str:
    """A shape shared by URLs that differ only in numbers or query values.

    `/lich?thang=5&nam=2024` and `/lich?thang=6&nam=2024` share a shape; so do
    `/tin-tuc?page=2` and `/tin-tuc?page=3`.  Used to budget requests per shape.
    """
    parts = urlsplit(url)
    path = re.sub(r"\d+", "N", parts.path.lower())
    names = sorted({name.lower() for name, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{parts.netloc}{path}?{'&'.join(names)}"


def looks_like_search(url: str) -> bool:
    """A search result page (`?q=…`, `?s=…`, `?keyword=…`, `/tim-kiem/…`)."""
    parts = urlsplit(url)
    if re.search(r"/(tim-kiem|timkiem|search|tra-cuu)(/|\.|$)", parts.path, re.I):
        return True
    return any(SEARCH_PARAM.search(name) and value
               for name, value in parse_qsl(parts.query, keep_blank_values=True))


def looks_like_calendar(url: str) -> bool:
    """URLs addressing a date (an events calendar, an archive by day) can go on forever."""
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    named = [(n.lower(), v) for n, v in params if n.lower() in DATE_PARAM_NAMES]
    if any(DATE_VALUE.match(v) for _, v in params):
        return True
    if len([v for _, v in named if v.isdigit()]) >= 2 or any(
            YEAR.match(v) or COMPACT_DATE.match(v) for _, v in named):
        return True
    segments = [s for s in parts.path.split("/") if s]
    dated = any(DATE_VALUE.match(s) or YEAR.match(s) for s in segments)
    return dated and bool(re.search(r"(lich|calendar|event|su-kien|ngay)", parts.path, re.I))


class TrapGuard:
    """Stateful per-crawl check: rejects trap URLs and spends per-shape budgets."""

    def __init__(self, *, calendar_budget: int = 12, pattern_budget: int = 1000):
        self.calendar_budget = calendar_budget
        self.pattern_budget = pattern_budget
        self.seen_per_pattern: Counter[str] = Counter()

    def reason_to_skip(self, url: str) -> str | None:
        """Why `url` must not be requested, or None; counts it against its budget if not."""
        if has_repeating_segments(url):
            return "repeating path segments"
        if is_print_duplicate(url):
            return "print duplicate"
        pattern = url_pattern(url)
        endless = looks_like_calendar(url) or looks_like_search(url)
        budget = self.calendar_budget if endless else self.pattern_budget
        if self.seen_per_pattern[pattern] >= budget:
            return f"budget of {budget} spent for URL shape {pattern}"
        self.seen_per_pattern[pattern] += 1
        return None

    def state(self) -> dict[str, int]:
        return dict(self.seen_per_pattern)

    def restore(self, state: dict[str, int]) -> None:
        self.seen_per_pattern.update(state)
