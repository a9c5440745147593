"""Request URLs, canonical keys and trap detection, with no site-specific hacks.

Two forms of a URL, never mixed up:

- `request_url`: what is fetched and archived: the URL exactly as linked, with only
  what a browser normalises (fragment, default port, case of scheme and host, unsafe
  characters escaped).  Percent-escapes are never decoded: `%2F`, `%25` and escapes
  of windows-1258 bytes reach the server byte for byte.
- `canonicalize`: a key for de-duplication ("one page, one request"), never fetched:
  session ids, tracking and view parameters go; query parameters are sorted.

Trap checks reject URLs that only a loop can produce (`/en/en/en/`), print
duplicates, and calendar-like URL patterns once their budget is spent.
Plain Python, no Scrapy.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qsl, unquote, unquote_plus, urlsplit, urlunsplit

from w3lib.url import safe_url_string

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
# content, so the canonical key drops them (the first view seen is fetched once).  Only
# when the value is a plain sort key or size: `files?dir=/2024/qd` names a folder.
VIEW_PARAM = re.compile(
    r"(^|_)(sort|sortby|sort_by|order|orderby|order_by|pagesize|page_size|perpage|"
    r"per_page|delta|filter_order|p_p_col_id|p_p_col_pos|p_p_col_count)$", re.I)
VIEW_VALUE = re.compile(r"^[\w.,:+ -]{0,40}$")
# Sort direction parameters: dropped only with a direction for a value.
DIRECTION_PARAM = re.compile(
    r"(^|_)(dir|direction|sortdir|sort_dir|sortorder|sort_order|filter_order_dir)$", re.I)
DIRECTION_VALUES = frozenset({"", "asc", "desc", "ascending", "descending", "a", "d", "up",
                              "down", "0", "1"})
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
CALENDAR_WORD = re.compile(r"lich|calendar|event|su-kien|ngay", re.I)
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
ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def request_url(url: str) -> str:
    """The URL to fetch for a link: as linked, normalised only as a browser would.

    Unsafe characters are escaped as `w3lib.url.safe_url_string` does (non-ASCII as
    UTF-8, the host IDNA-encoded); the fragment and a default port go; scheme and host
    are lower case.  Existing percent-escapes are kept byte for byte.  Raises
    ValueError for a URL that has no valid host or port.
    """
    parts = urlsplit(safe_url_string(url.strip()))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ValueError(f"no host in URL {url!r}")
    port = parts.port
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def _normalize_escapes(text: str) -> str:
    """Escapes of unreserved characters decoded (`%7E` is `~`), the rest upper-cased."""
    def one(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in UNRESERVED else "%" + match.group(1).upper()
    return ESCAPE.sub(one, text)


def _is_noise_param(pair: str) -> bool:
    """A query `name=value` that never changes what a page shows."""
    name, _, value = pair.partition("=")
    name, value = unquote_plus(name).lower(), unquote_plus(value).lower()
    return (name in SESSION_PARAMS or bool(NAVIGATION_PARAM.search(name))
            or (bool(VIEW_PARAM.search(name)) and bool(VIEW_VALUE.match(value)))
            or (bool(DIRECTION_PARAM.search(name)) and value in DIRECTION_VALUES))


def has_noise(url: str) -> bool:
    """True if `url` carries what its canonical key drops: a session id, tracking,
    navigation (`redirect=`) or view parameters.  Such a link is worth fetching only when
    no cleaner link to the same page turns up."""
    parts = urlsplit(url)
    return bool(PATH_SESSION.search(parts.path)) or any(
        _is_noise_param(pair) for pair in parts.query.split("&") if pair)


def canonicalize(url: str) -> str:
    """The de-duplication key of an absolute http(s) URL (never a URL to fetch).

    Built on `request_url`: path session ids (`;jsessionid=`), session, tracking,
    navigation and view parameters go, the rest is sorted; escapes of unreserved
    characters are decoded and hex digits upper-cased.  No other escape is decoded,
    so `a%2Fb` and `a/b`, or `%2520` and `%20`, stay different keys.
    """
    parts = urlsplit(request_url(url))
    path = _normalize_escapes(PATH_SESSION.sub("", parts.path) or "/")
    query = sorted(_normalize_escapes(pair) for pair in parts.query.split("&")
                   if pair and not _is_noise_param(pair))
    return urlunsplit((parts.scheme, parts.netloc, path, "&".join(query), ""))


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

    One segment three times back to back (`/en/en/en/`), a run of two or three
    segments twice (`/a/b/a/b/`), two language prefixes (`/vi/en/`), a word segment
    more than `max_repeats` times, or a URL nested in its own query more than
    `max_repeats` deep (`login?returnurl=/login?returnurl=/login?...`).

    Real sites repeat a segment twice: a folder named like its parent
    (`/van-ban/van-ban/qd-12.pdf`), a date whose month is its day (`/2024/01/01/slug/`).
    A loop made by a relative link repeats again on the next page, so it is caught
    one request later.
    """
    segments = [s for s in urlsplit(url).path.lower().split("/") if s]
    if any(segments[i] == segments[i + 1] == segments[i + 2]
           for i in range(len(segments) - 2)):
        return True
    for run in (2, 3):  # /a/b/a/b/, /x/y/z/x/y/z/; not numbers only (dates)
        if any(segments[i:i + run] == segments[i + run:i + 2 * run]
               and not all(s.isdigit() for s in segments[i:i + run])
               for i in range(len(segments) - 2 * run + 1)):
            return True
    if sum(LANGUAGE_SEGMENT.match(s) is not None for s in segments) > 1:
        return True  # /vi/en/...: a language switcher that prefixes the current path
    counts = Counter(s for s in segments if not s.isdigit())
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
    # A dated path is a calendar when a calendar word comes before the date and no
    # article slug after it: `/lich/2024/5/`, not `/2024/01/01/ngay-hoi-van-hoa/`.
    segments = [s for s in parts.path.split("/") if s]
    dated = [i for i, s in enumerate(segments) if DATE_VALUE.match(s) or YEAR.match(s)]
    if not dated:
        return False
    head, tail = segments[:dated[-1] + 1], segments[dated[-1] + 1:]
    if any(len(s) > 12 and not s.isdigit() for s in tail):
        return False  # a slug: an article filed under its date
    return bool(CALENDAR_WORD.search("/".join(head)))


def looks_endless(url: str) -> bool:
    """A calendar or a search: a URL space without end, held to the calendar budget."""
    return looks_like_calendar(url) or looks_like_search(url)


class TrapGuard:
    """Stateful per-crawl check: rejects trap URLs and spends per-shape budgets."""

    def __init__(self, *, calendar_budget: int = 12, pattern_budget: int = 1000):
        self.calendar_budget = calendar_budget
        self.pattern_budget = pattern_budget
        self.seen_per_pattern: Counter[str] = Counter()

    def reason_to_skip(self, url: str, *, listed: bool = False) -> str | None:
        """Why `url` must not be requested, or None; counts it against its budget if not.

        A `listed` URL (an entry of the site's own sitemap) is not held to the safety net
        of its shape: a site lists its articles, and their URLs often differ only in a
        number (`?ItemID=1234`, `/tin-tuc/1234.html`).  Calendars and searches still are.
        """
        if has_repeating_segments(url):
            return "repeating path segments"
        if is_print_duplicate(url):
            return "print duplicate"
        pattern = url_pattern(url)
        endless = looks_endless(url)
        if listed and not endless:
            return None
        budget = self.calendar_budget if endless else self.pattern_budget
        if self.seen_per_pattern[pattern] >= budget:
            return f"budget of {budget} spent for URL shape {pattern}"
        self.seen_per_pattern[pattern] += 1
        return None

    def refund(self, url: str) -> None:
        """`url` turned out to be an article: a shape that yields articles is no trap, so
        the request it cost is given back (the budget counts the other pages)."""
        pattern = url_pattern(url)
        if self.seen_per_pattern[pattern] > 0 and not looks_endless(url):
            self.seen_per_pattern[pattern] -= 1

    def state(self) -> dict[str, int]:
        return dict(self.seen_per_pattern)

    def restore(self, state: dict[str, int]) -> None:
        self.seen_per_pattern.update(state)
