"""Load and validate the site registry (``sites.yaml``) into :class:`Site` objects; no Scrapy."""

from __future__ import annotations

import difflib
import ipaddress
import logging
import math
import posixpath
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import unquote, urlsplit

import yaml

from archive.cms import FAMILIES
from archive.provinces import canonical_province_2025, province_2025_of

logger = logging.getLogger(__name__)

DEFAULT_REGISTRY = Path(__file__).with_name("sites.yaml")
STATUSES = ("active", "unverified", "moved", "gone")
REQUIRED_FIELDS = ("id", "name", "province", "start_urls")
OPTIONAL_FIELDS = ("province_2025", "scope", "status", "schedule", "max_pages", "max_depth",
                   "politeness", "recheck_days", "cms", "moved_to", "notes",
                   "allow_private_network", "requisites", "node")
SUBFIELDS = {"scope": ("hosts", "path_prefix"),
             "politeness": ("download_delay", "autothrottle_max_delay")}
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")  # used in file names: no / or spaces
_CRON_FIELD_RE = re.compile(r"^[A-Za-z0-9*/,-]+$")
_DOW_RE = re.compile(r"^(\*|[a-z]{3}(-[a-z]{3})?)(,[a-z]{3}(-[a-z]{3})?)*$", re.IGNORECASE)
_TLD_EXTRACT: Any = None


def _default(value: Any, default: Any) -> Any:
    return default if value is None else value


class RegistryError(ValueError):
    """An unusable registry; the message names the file, line, entry and field."""

    def __init__(self, source: str, line: int | None, reason: str, *, entry: str | None = None,
                 field: str | None = None, column: int | None = None) -> None:
        self.source, self.line, self.entry, self.field, self.reason = (
            source, line, entry, field, reason)
        where = source + (f":{line}" if line else "") + (f":{column}" if column else "")
        parts = (where, entry, f"field '{field}'" if field else None, reason)
        super().__init__(": ".join(p for p in parts if p))


def _url_host_key(url: str) -> str | None:
    """``host`` or ``host:port`` of an http(s) URL (lower-case, IDNA, no default port)."""
    try:
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return None
        host, port = parts.hostname.rstrip("."), parts.port
    except ValueError:
        return None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    host = f"[{host}]" if ":" in host else host
    return host if port in (None, 80, 443) else f"{host}:{port}"


def _path_key(path: str) -> str:
    """Comparable URL path: %-decoded (except '/'), without dot segments, case-folded."""
    path = re.sub("%2f", "%252F", path or "/", flags=re.IGNORECASE)
    path = posixpath.normpath(unquote(path, errors="replace"))
    return unicodedata.normalize("NFC", path).casefold().rstrip("/")


def _tld_extractor() -> Any:
    """The module's tldextract, built once: bundled suffix list, no cache, no network."""
    global _TLD_EXTRACT
    if _TLD_EXTRACT is None:
        import tldextract

        _TLD_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    return _TLD_EXTRACT


@dataclass(frozen=True)
class Site:
    """One archived site: where the crawl starts, what is in scope, how to crawl it."""

    id: str
    name: str
    province: str
    province_2025: str
    start_urls: tuple[str, ...]
    scope_hosts: tuple[str, ...]
    path_prefix: str = ""
    status: str = "active"
    schedule: str | None = None
    max_pages: int | None = None
    max_depth: int | None = None
    download_delay: float | None = None
    autothrottle_max_delay: float | None = None
    recheck_days: int = 30
    allow_private_network: bool = False
    requisites: bool = True  # stylesheets, scripts, fonts, icons, images pages need
    cms: str | None = None
    moved_to: str | None = None
    node: str | None = None  # the crawl node (bdt schedule --nodes) this site is pinned to
    notes: str = ""
    line: int = field(default=0, compare=False)

    def in_scope(self, url: str) -> bool:
        """True if ``url`` is http(s), on a scope host and under the path prefix."""
        if _url_host_key(url) not in self.scope_hosts:
            return False
        if not self.path_prefix:
            return True
        path, prefix = _path_key(urlsplit(url.strip()).path), _path_key(self.path_prefix)
        return path == prefix or path.startswith(prefix + "/")

    @property
    def registered_domain(self) -> str:
        """Registrable domain of the first scope host (``thainguyen.gov.vn``), or its IP."""
        host = urlsplit("//" + self.scope_hosts[0]).hostname or ""
        try:
            return str(ipaddress.ip_address(host))
        except ValueError:
            pass
        ext = _tld_extractor()(host)
        # tldextract >= 5.3 renamed registered_domain (deprecated) to this
        domain = getattr(ext, "top_domain_under_public_suffix", None)
        return (ext.registered_domain if domain is None else domain) or ext.domain or host


class Registry(Mapping[str, Site]):
    """Sites by id, iterated in file order; ``path`` is the file they came from, if any."""

    def __init__(self, sites: Iterable[Site], path: Path | None = None,
                 source: str = "<string>") -> None:
        self._sites = {site.id: site for site in sites}
        self.path, self.source = path, source

    def __getitem__(self, site_id: str) -> Site:
        return self._sites[site_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._sites)

    def __len__(self) -> int:
        return len(self._sites)


def load_registry(path: str | Path | None = None) -> Registry:
    """Load and validate a registry file (default: the bundled ``sites.yaml``)."""
    file = Path(path) if path is not None else DEFAULT_REGISTRY
    source = str(file)
    if path is None and file.is_relative_to(Path.cwd()):
        source = str(file.relative_to(Path.cwd()))  # short messages: archive/sites.yaml:42
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(source, None, f"cannot read registry: {exc}") from exc
    registry = load_registry_text(text, source)
    registry.path = file
    return registry


def load_registry_text(text: str, source: str = "<string>") -> Registry:
    """Parse and validate registry YAML text; ``source`` names it in error messages."""
    loader = yaml.SafeLoader(unicodedata.normalize("NFC", text))  # NFC for keys and values
    try:
        root = loader.get_single_node()
        layouts = _layouts(root)  # before construction, which rewrites merged ('<<') mappings
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark, start = exc.problem_mark or exc.context_mark, exc.context_mark
        reason = ": ".join(filter(None, (exc.context, exc.problem)))
        if start and mark and start.line != mark.line:
            reason += f" (the construct starts at line {start.line + 1})"
        raise RegistryError(source, mark.line + 1 if mark else None, f"invalid YAML: {reason}",
                            column=mark.column + 1 if mark else None) from exc
    except yaml.YAMLError as exc:
        raise RegistryError(source, None, f"invalid YAML: {exc}") from exc
    finally:
        loader.dispose()
    if root is None:
        raise RegistryError(source, 1, "the file is empty; expected 'sites:' and a list of sites")
    if isinstance(root, yaml.MappingNode) and isinstance(data, dict):
        for key, _ in root.value:
            if key.value != "sites":
                raise RegistryError(source, key.start_mark.line + 1, f"unknown top-level key "
                                    f"{key.value!r}; expected only 'sites'")
        if "sites" not in data:
            raise RegistryError(source, 1, "expected 'sites:' followed by a list of sites")
        root = next(value for key, value in root.value if key.value == "sites")
        data = data["sites"] if data["sites"] is not None else []
    if data == []:
        logger.warning("%s: the registry has no sites", source)
        return Registry((), source=source)
    if not isinstance(data, list) or not isinstance(root, yaml.SequenceNode):
        raise RegistryError(source, root.start_mark.line + 1,
                            "expected 'sites:' followed by a list of site entries")
    sites: dict[str, Site] = {}
    for index, (node, raw) in enumerate(zip(root.value, data, strict=True), start=1):
        site = _EntryParser(source, index, node, raw, layouts[index - 1]).parse()
        if site.id in sites:
            raise RegistryError(source, site.line, "duplicate id (first used at line "
                                f"{sites[site.id].line})", entry=f"site '{site.id}'", field="id")
        sites[site.id] = site
    return Registry(sites.values(), source=source)


def _layouts(root: yaml.Node | None) -> list[tuple[dict[str, int], list[str]]]:
    """For each entry node: the line of every field, sub-field and list item; repeated keys."""
    if isinstance(root, yaml.MappingNode):
        root = next((value for key, value in root.value if key.value == "sites"), None)
    entries = root.value if isinstance(root, yaml.SequenceNode) else []
    return [_walk(entry, "", {}, []) for entry in entries]


def _walk(node: yaml.Node, prefix: str, lines: dict[str, int],
          repeated: list[str]) -> tuple[dict[str, int], list[str]]:
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[f"{prefix}[{i}]"] = item.start_mark.line + 1
    elif isinstance(node, yaml.MappingNode) and "." not in prefix:
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value != "<<":
                name = f"{prefix}.{key.value}" if prefix else key.value
                if name in lines:
                    repeated.append(name)
                lines[name] = key.start_mark.line + 1
                _walk(value, name, lines, repeated)
    return lines, repeated


class _EntryParser:
    """Validates one raw entry, knowing the line of every field for error messages."""

    def __init__(self, source: str, index: int, node: yaml.Node, raw: Any,
                 layout: tuple[dict[str, int], list[str]]) -> None:
        self.source, self.raw, self.label = source, raw, f"entry #{index}"
        self.line = node.start_mark.line + 1
        self.lines, self.repeated = layout

    def fail(self, name: str, reason: str, at: str | None = None) -> NoReturn:
        """Raise at the line of ``at``, else of the field, else of the entry."""
        line = self.lines.get(at or name, self.lines.get(name.split(".")[0], self.line))
        raise RegistryError(self.source, line, reason, entry=self.label, field=name or None)

    def get(self, name: str, kinds: type | tuple[type, ...], what: str) -> Any:
        """The value of a (dotted) field, type-checked; None when absent or empty."""
        head, _, sub = name.partition(".")
        value = self.raw.get(head)
        if sub:
            value = value.get(sub) if isinstance(value, dict) else None
        kinds = kinds if isinstance(kinds, tuple) else (kinds,)
        if value is not None and (not isinstance(value, kinds)
                                  or (isinstance(value, bool) and bool not in kinds)):
            self.fail(name, f"{value!r} is not {what}")
        return value.strip() if isinstance(value, str) else value

    def positive(self, name: str, kinds: type | tuple[type, ...] = int, *,
                 zero_ok: bool = False) -> Any:
        what = "a positive integer" if kinds is int else "a positive number of seconds"
        if zero_ok:
            what = "an integer (0 or more)" if kinds is int else "a number of seconds (0 or more)"
        value = self.get(name, kinds, what)
        if value is not None and not ((value > 0 or (zero_ok and value == 0))
                                      and math.isfinite(value)):
            self.fail(name, f"{value!r} is not {what}")
        return float(value) if value is not None and kinds is not int else value

    def choice(self, name: str, choices: tuple[str, ...]) -> str | None:
        value: str | None = self.get(name, str, "a string")
        if value is not None and value.lower() not in choices:
            self.fail(name, f"{value!r} is not one of {', '.join(choices)}")
        return value.lower() if value else value

    def url(self, name: str, value: Any, at: str | None = None) -> str:
        if not isinstance(value, str) or _url_host_key(value) is None:
            self.fail(name, f"{value!r} is not an http(s) URL with a host", at)
        if "@" in urlsplit(value.strip()).netloc or any(c.isspace() for c in value.strip()):
            self.fail(name, f"{value!r} has credentials or spaces in it", at)
        return value.strip()

    def parse(self) -> Site:
        if not isinstance(self.raw, dict):
            self.fail("", f"expected a mapping of fields, got {type(self.raw).__name__}")
        site_id = self.get("id", str, "a string")
        if site_id and not _ID_RE.match(site_id):
            self.fail("id", f"{site_id!r} must match {_ID_RE.pattern} (letters, digits, . _ -)")
        self.label = f"site '{site_id}'" if site_id else self.label
        if self.repeated:
            self.fail(self.repeated[0], "given more than once")
        self._check_names()
        name, province = self.get("name", str, "a string"), self.get("province", str, "a string")
        for key, value in (("name", name), ("province", province)):
            if not value:
                self.fail(key, "is required")
        start_urls = tuple(dict.fromkeys(
            self.url("start_urls", u, f"start_urls[{i}]")
            for i, u in enumerate(self.get("start_urls", list, "a list of URLs"))))
        hosts = self.get("scope.hosts", list, "a list of host names")
        if hosts == []:
            self.fail("scope.hosts", "must list at least one host")
        scope_hosts = tuple(dict.fromkeys(
            [_url_host_key(u) or "" for u in start_urls] if hosts is None
            else [self._host(h, f"scope.hosts[{i}]") for i, h in enumerate(hosts)]))
        prefix = self.get("scope.path_prefix", str, "a path") or ""
        if prefix and (not prefix.startswith("/") or "?" in prefix or "#" in prefix):
            self.fail("scope.path_prefix", f"{prefix!r} must be a path starting with '/'")
        allow_private = self.get("allow_private_network", bool, "true or false") or False
        for host in scope_hosts if not allow_private else ():
            self._public(host, "scope.hosts" if hosts is not None else "start_urls")
        moved_to = self.raw.get("moved_to")
        site = Site(
            id=site_id, name=name, province=province, province_2025=self._province_2025(province),
            start_urls=start_urls, scope_hosts=scope_hosts, path_prefix=prefix.rstrip("/"),
            status=self.choice("status", STATUSES) or "active", schedule=self._schedule(),
            max_pages=self.positive("max_pages"), max_depth=self.positive("max_depth"),
            download_delay=self.positive("politeness.download_delay", (int, float),
                                         zero_ok=True),
            autothrottle_max_delay=self.positive("politeness.autothrottle_max_delay",
                                                 (int, float)),
            recheck_days=_default(self.positive("recheck_days", zero_ok=True), 30),
            allow_private_network=allow_private, cms=self.choice("cms", FAMILIES),
            requisites=_default(self.get("requisites", bool, "true or false"), True),
            moved_to=None if moved_to is None else self.url("moved_to", moved_to),
            notes=self.get("notes", str, "text") or "", line=self.line,
            node=self.get("node", str, "a node name") or None)
        for i, url in enumerate(start_urls):
            if not site.in_scope(url):
                self.fail("start_urls", f"{url!r} is outside the site's scope (hosts "
                          f"{', '.join(scope_hosts)}, path prefix {prefix or '/'!r})",
                          f"start_urls[{i}]")
        if (site.download_delay and site.autothrottle_max_delay
                and site.autothrottle_max_delay < site.download_delay):
            self.fail("politeness.autothrottle_max_delay", "is smaller than download_delay")
        if site.status == "moved" and not site.moved_to:
            logger.warning("%s:%s: %s: status 'moved' without moved_to", self.source,
                           self.line, self.label)
        return site

    def _check_names(self) -> None:
        """Reject unknown fields and sub-fields (typos must not pass silently)."""
        known = REQUIRED_FIELDS + OPTIONAL_FIELDS
        for key, value in self.raw.items():
            if key not in known:
                hint = difflib.get_close_matches(str(key), known, 1)
                self.fail(str(key), "unknown field" + (f"; did you mean '{hint[0]}'?" if hint
                          else f"; known fields: {', '.join(known)}"))
            if key in SUBFIELDS and value is not None:
                subs = ", ".join(SUBFIELDS[key])
                if not isinstance(value, dict):
                    self.fail(key, f"expected a mapping with {subs}")
                for sub in (s for s in value if s not in SUBFIELDS[key]):
                    self.fail(f"{key}.{sub}", f"unknown field; expected {subs}")
        for key in REQUIRED_FIELDS:
            if self.raw.get(key) in (None, "", []):
                self.fail(key, "is required")

    def _host(self, value: Any, at: str) -> str:
        key = _url_host_key(f"http://{value.strip()}/") if isinstance(value, str) else None
        if key is None or not re.fullmatch(r"[^/?#@\s]+", value.strip()):
            self.fail("scope.hosts", f"{value!r} is not a host name or host:port", at)
        return key

    def _public(self, host: str, name: str) -> None:
        hostname = urlsplit("//" + host).hostname or ""
        try:
            private = not ipaddress.ip_address(hostname).is_global
        except ValueError:
            private = hostname == "localhost" or hostname.endswith(".localhost")
        if private:
            self.fail(name, f"{host!r} is a private-network address; set "
                      "'allow_private_network: true' if that is intended")

    def _schedule(self) -> str | None:
        value = self.get("schedule", str, "a cron string")
        if value is None:
            return None
        fields = value.split()
        if len(fields) != 5 or not all(_CRON_FIELD_RE.match(f) for f in fields):
            self.fail("schedule", f"{value!r} is not a 5-field cron string "
                      "(minute hour day-of-month month day-of-week)")
        if not _DOW_RE.match(fields[4]):
            self.fail("schedule", f"{value!r}: write the day of week as names (mon, tue-fri, "
                      "sat,sun) or '*'; numbers mean different days in cron and APScheduler")
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(" ".join(fields), timezone=UTC)
        except ValueError as exc:
            self.fail("schedule", f"{value!r} is not a valid cron string: {exc}")
        return " ".join(fields)

    def _province_2025(self, province: str) -> str:
        expected = province_2025_of(province)
        given = self.get("province_2025", str, "a string")
        if not given:
            return expected or province
        canonical = canonical_province_2025(given)
        if canonical is None or (expected and canonical != expected):
            logger.warning("%s:%s: %s: province_2025 %r is not %s", self.source, self.line,
                           self.label, given, expected or "one of the 34 provinces")
        return canonical or given
