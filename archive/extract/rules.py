"""Boilerplate rules: load and validate ``boilerplate_rules/*.yaml`` into typed objects.

Files are layered common -> CMS family -> site.  Each file holds ``rule_sets`` with optional
``valid_from``/``valid_until`` (inclusive dates); the capture date picks the sets that apply,
like Fundus parser versions, so a redesign never breaks old captures.  Any error raises
:class:`RulesError` naming the file and line.  The format is described for archivists in
``boilerplate_rules/README.md``.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from cssselect import HTMLTranslator, SelectorError
from lxml import etree

from .selectors import (
    LinePattern,
    Marker,
    Selector,
    TreeIndex,
    marker_literals,
    parse_attribute_xpath,
    parse_contains_xpath,
    parse_id_class_xpath,
    parse_text_xpath,
    required_runs,
    split_alternatives,
    split_simple_css,
    top_level_alternatives,
)

__all__ = ["LinePattern", "Marker", "RuleBook", "Rules", "RulesError", "Selector", "TreeIndex",
           "load_rule_file", "load_rulebook", "rules_version"]

from archive.cms import FAMILIES

logger = logging.getLogger(__name__)

# The rules ship as the top-level package ``boilerplate_rules`` (in the wheel too).
DEFAULT_RULES_PACKAGE = "boilerplate_rules"
SELECTOR_KINDS = ("prune", "body", "title", "published", "modified", "author", "lead",
                  "captions", "header_clock", "article", "listing", "not_title", "byline",
                  "author_fallback", "cms_account")
# kinds where every matching rule counts (not "first match wins")
ALL_APPLY = ("prune", "captions", "header_clock", "not_title", "byline", "cms_account")
EXTRACTION_OPTIONS = ("favor_precision", "favor_recall", "include_tables", "narrow_to_body")
_FILE_KEYS = {"kind", "name", "description", "cms", "markers", "valid_from", "valid_until",
              "rule_sets"}
LINE_KINDS = ("drop_lines", "stop_lines", "not_author", "author_noise", "date_label",
              "published_label", "modified_label", "site_name", "site_name_word",
              "author_label", "credit_label", "date_prefix", "headline_class",
              "not_standfirst_class")
# vocabularies the metadata heuristics consult (``Rules.first``, ``Rules.label``)
VOCABULARY_KINDS = ("date_label", "published_label", "modified_label", "site_name",
                    "site_name_word", "author_label", "credit_label", "date_prefix",
                    "headline_class", "not_standfirst_class")
_SET_KEYS = {"valid_from", "valid_until", "note", "extraction", *LINE_KINDS, *SELECTOR_KINDS}
_CSS = HTMLTranslator()


class RulesError(ValueError):
    """A rule file is invalid; the message starts with ``FILE:LINE:``."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.detail = str(path), line, message


@dataclass(frozen=True)
class RuleSet:
    """One dated block of rules inside a file."""

    origin: str
    valid_from: date | None = None
    valid_until: date | None = None
    selectors: dict[str, tuple[Selector, ...]] = field(default_factory=dict)
    drop_lines: tuple[LinePattern, ...] = ()
    extraction: dict[str, bool] = field(default_factory=dict)
    stop_lines: tuple[LinePattern, ...] = ()
    lines: dict[str, tuple[LinePattern, ...]] = field(default_factory=dict)

    def applies(self, when: date) -> bool:
        return (self.valid_from is None or self.valid_from <= when) and (
            self.valid_until is None or when <= self.valid_until)


@dataclass(frozen=True)
class RuleFile:
    """One validated YAML file."""

    path: Path
    kind: str  # "common" | "family" | "site"
    name: str
    rule_sets: tuple[RuleSet, ...]
    markers: tuple[Marker, ...] = ()
    cms: str | None = None


class _AnyLine:
    """A fast "does any of these line patterns match?" test.

    Every pattern is split into its top-level alternatives: the ``^``-anchored ones are joined
    under one leading ``^`` (tried at the line start only); an unanchored one runs only when
    its fixed text occurs in the lower-cased line.  Only a hit is then attributed to a pattern.
    """

    def __init__(self, patterns: tuple[LinePattern, ...]) -> None:
        anchored: list[str] = []
        guarded: list[tuple[tuple[str, ...], re.Pattern[str]]] = []
        rest: list[str] = []
        for pattern in patterns:
            alternatives = top_level_alternatives(pattern.regex.pattern) or \
                [pattern.regex.pattern]
            for alt in alternatives:
                if alt.startswith("^"):
                    anchored.append(alt[1:])
                    continue
                runs = required_runs(alt)
                if runs and len(runs) == 1:
                    guarded.append((runs[0], re.compile(alt, re.IGNORECASE)))
                else:
                    rest.append(alt)
        self.anchored = re.compile("^(?:" + "|".join(f"(?:{a})" for a in anchored) + ")",
                                   re.IGNORECASE) if anchored else None
        self.guarded = tuple(guarded)
        self.rest = re.compile("|".join(f"(?:{a})" for a in rest), re.IGNORECASE) \
            if rest else None

    def search(self, line: str) -> bool:
        if self.anchored is not None and self.anchored.search(line):
            return True
        if self.guarded:
            low = line.lower()
            for runs, rx in self.guarded:
                if all(run in low for run in runs) and rx.search(line):
                    return True
        return self.rest is not None and self.rest.search(line) is not None


def _any_of(patterns: tuple[LinePattern, ...]) -> _AnyLine | None:
    if not patterns:
        return None
    try:
        return _AnyLine(patterns)
    except re.error:  # e.g. a pattern with global inline flags: try them one by one
        return None


@dataclass(frozen=True)
class Rules:
    """The effective rules for one page (site first, then family, then common)."""

    selectors: dict[str, tuple[Selector, ...]]
    drop_lines: tuple[LinePattern, ...]
    extraction: dict[str, bool]
    applied: tuple[str, ...]
    stop_lines: tuple[LinePattern, ...] = ()
    not_author_lines: tuple[LinePattern, ...] = ()
    author_noise: tuple[LinePattern, ...] = ()
    vocabulary: dict[str, tuple[LinePattern, ...]] = field(default_factory=dict)

    def first(self, kind: str, text: str) -> LinePattern | None:
        """The first pattern of vocabulary ``kind`` (``date_label``, ``published_label``,
        ``modified_label``, ``site_name``) that ``text`` matches."""
        for pattern in self.vocabulary.get(kind, ()):
            if pattern.regex.search(text):
                return pattern
        return None

    def patterns(self, kind: str) -> tuple[re.Pattern[str], ...]:
        """The regexes of vocabulary ``kind``, in order."""
        return self._patterns.get(kind, ())  # type: ignore[attr-defined, no-any-return]

    def label(self, kind: str, text: str) -> tuple[LinePattern, str] | None:
        """The first pattern of vocabulary ``kind`` matching at the start of ``text`` (a label
        such as "Tác giả:" or "bởi"), with what follows it."""
        for pattern in self.vocabulary.get(kind, ()):
            m = pattern.regex.match(text)
            if m:
                return pattern, text[m.end():].strip()
        return None

    def __post_init__(self) -> None:
        # most lines match no pattern: one combined search answers them in one call
        object.__setattr__(self, "_any_drop", _any_of(self.drop_lines))
        object.__setattr__(self, "_any_stop", _any_of(self.stop_lines))
        object.__setattr__(self, "_patterns", {
            kind: tuple(p.regex for p in patterns) for kind, patterns in self.vocabulary.items()})

    def get(self, kind: str) -> tuple[Selector, ...]:
        return self.selectors.get(kind, ())

    def drops(self, line: str) -> LinePattern | None:
        """The first drop_lines pattern matching ``line``, if any."""
        quick = self._any_drop  # type: ignore[attr-defined]
        if quick is not None and not quick.search(line):
            return None
        for pattern in self.drop_lines:
            if pattern.regex.search(line):
                return pattern
        return None

    def not_author(self, value: str) -> LinePattern | None:
        """The ``not_author`` pattern (a CMS account, a photo credit, ...) ``value`` matches."""
        for pattern in self.not_author_lines:
            if pattern.regex.search(value):
                return pattern
        return None

    def strip_author_noise(self, value: str) -> tuple[str, list[LinePattern]]:
        """``value`` without the widget words ``author_noise`` patterns match, and those rules."""
        used = []
        for pattern in self.author_noise:
            new = pattern.regex.sub(" ", value)
            if new != value:
                used.append(pattern)
                value = new
        return " ".join(value.split()).strip(" ,;-–—"), used

    def stops(self, line: str) -> LinePattern | None:
        """The first stop_lines pattern matching ``line`` (the article ends there)."""
        quick = self._any_stop  # type: ignore[attr-defined]
        if quick is not None and not quick.search(line):
            return None
        for pattern in self.stop_lines:
            if pattern.regex.search(line):
                return pattern
        return None


# --- validation -----------------------------------------------------------------------------

class _Ctx:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, node: yaml.Node, message: str) -> RulesError:
        return RulesError(self.path, node.start_mark.line + 1, message)

    def mapping(self, node: yaml.Node, allowed: set[str], what: str) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping")
        out: dict[str, yaml.Node] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            if name not in allowed:
                raise self.fail(key, f"unknown key {name!r} in {what} (allowed: "
                                     f"{', '.join(sorted(allowed))})")
            if name in out:
                raise self.fail(key, f"duplicate key {name!r}")
            out[name] = value
        return out

    def seq(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
            return []
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list")
        return list(node.value)

    def text(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
            raise self.fail(node, f"{what} must be a string")
        value = str(node.value).strip()
        if not value:
            raise self.fail(node, f"{what} must not be empty")
        return value

    def day(self, node: yaml.Node, what: str) -> date | None:
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
            return None
        try:
            return date.fromisoformat(self.text(node, what))
        except ValueError:
            raise self.fail(node, f"{what} must be a date YYYY-MM-DD") from None

    def regex(self, node: yaml.Node, what: str) -> re.Pattern[str]:
        source = self.text(node, what)
        try:
            return re.compile(source, re.IGNORECASE)
        except re.error as exc:
            raise self.fail(node, f"invalid regex in {what}: {exc}") from None

    def origin(self, node: yaml.Node) -> str:
        return f"{self.path.name}:{node.start_mark.line + 1}"


def _selector(ctx: _Ctx, node: yaml.Node) -> Selector:
    fields = ctx.mapping(node, {"css", "xpath", "regex", "attr", "reason", "untested"},
                         "selector")
    if ("css" in fields) == ("xpath" in fields):
        raise ctx.fail(node, "a selector needs exactly one of 'css' or 'xpath'")
    if "reason" not in fields:
        raise ctx.fail(node, "every rule needs a 'reason'")
    kind = "css" if "css" in fields else "xpath"
    expr = ctx.text(fields[kind], kind)
    try:
        xpath_src = _CSS.css_to_xpath(expr) if kind == "css" else expr
        compiled = etree.XPath(xpath_src)
    except (SelectorError, etree.XPathSyntaxError) as exc:
        raise ctx.fail(fields[kind], f"invalid {kind} selector {expr!r}: {exc}") from None
    simple, rest = split_simple_css(expr) if kind == "css" else ((), ())
    return Selector(
        expr=expr, kind=kind, xpath=compiled, reason=ctx.text(fields["reason"], "reason"),
        origin=ctx.origin(node),
        regex=ctx.regex(fields["regex"], "regex") if "regex" in fields else None,
        attr=ctx.text(fields["attr"], "attr") if "attr" in fields else None,
        simple=simple or None,
        rest=etree.XPath(_CSS.css_to_xpath(", ".join(rest))) if simple and rest else None,
        id_class=parse_id_class_xpath(expr) if kind == "xpath" else None,
        attributes=parse_attribute_xpath(expr) if kind == "xpath" else None,
        contains=parse_contains_xpath(expr) if kind == "xpath" else None,
        text=parse_text_xpath(expr) if kind == "xpath" else None,
    )


def _line_pattern(ctx: _Ctx, node: yaml.Node) -> LinePattern:
    fields = ctx.mapping(node, {"pattern", "reason", "untested"}, "line pattern")
    if "pattern" not in fields or "reason" not in fields:
        raise ctx.fail(node, "a line pattern needs 'pattern' and 'reason'")
    return LinePattern(ctx.regex(fields["pattern"], "pattern"),
                       ctx.text(fields["reason"], "reason"), ctx.origin(node))


def _marker(ctx: _Ctx, node: yaml.Node) -> Marker:
    fields = ctx.mapping(node, {"pattern", "weight", "reason", "untested"}, "marker")
    if "pattern" not in fields or "reason" not in fields:
        raise ctx.fail(node, "a marker needs 'pattern' and 'reason'")
    weight = 1
    if "weight" in fields:
        try:
            weight = int(ctx.text(fields["weight"], "weight"))
        except ValueError:
            raise ctx.fail(fields["weight"], "weight must be an integer") from None
    regex = ctx.regex(fields["pattern"], "pattern")
    reason = ctx.text(fields["reason"], "reason")
    literals = marker_literals(regex.pattern)
    required = () if literals else required_runs(regex.pattern)
    return Marker(regex, weight, reason, literals, required,
                  split_alternatives(regex) if required else ())


def _rule_set(ctx: _Ctx, node: yaml.Node, defaults: tuple[date | None, date | None]) -> RuleSet:
    fields = ctx.mapping(node, _SET_KEYS, "rule set")
    valid_from = ctx.day(fields["valid_from"], "valid_from") if "valid_from" in fields \
        else defaults[0]
    valid_until = ctx.day(fields["valid_until"], "valid_until") if "valid_until" in fields \
        else defaults[1]
    if valid_from and valid_until and valid_from > valid_until:
        raise ctx.fail(node, "valid_from is after valid_until")
    selectors = {kind: tuple(_selector(ctx, item) for item in ctx.seq(fields[kind], kind))
                 for kind in SELECTOR_KINDS if kind in fields}
    lines = {kind: tuple(_line_pattern(ctx, item) for item in ctx.seq(fields[kind], kind))
             for kind in LINE_KINDS if kind in fields}
    extraction: dict[str, bool] = {}
    if "extraction" in fields:
        for key, value in ctx.mapping(fields["extraction"], set(EXTRACTION_OPTIONS),
                                      "extraction").items():
            if not (isinstance(value, yaml.ScalarNode) and value.tag.endswith(":bool")):
                raise ctx.fail(value, f"extraction.{key} must be true or false")
            extraction[key] = value.value.lower() in ("true", "yes", "on")
    return RuleSet(ctx.origin(node), valid_from, valid_until, selectors,
                   lines.get("drop_lines", ()), extraction, lines.get("stop_lines", ()), lines)


# libyaml's loader when PyYAML has it (a tenth of the pure-Python one's time: the rules took
# ~60 ms of every stage's start-up); its nodes carry the same line marks.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_rule_file(path: Path) -> RuleFile:
    """Validate one YAML rule file."""
    ctx = _Ctx(path)
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise RulesError(path, (mark.line + 1) if mark else 1, f"YAML syntax: {exc.problem}") \
            from None
    if root is None:
        raise RulesError(path, 1, "empty rule file")
    fields = ctx.mapping(root, _FILE_KEYS, "rule file")
    for required in ("kind", "name", "rule_sets"):
        if required not in fields:
            raise ctx.fail(root, f"missing required key {required!r}")
    kind = ctx.text(fields["kind"], "kind")
    if kind not in ("common", "family", "site"):
        raise ctx.fail(fields["kind"], "kind must be common, family or site")
    name = ctx.text(fields["name"], "name")
    if kind == "family" and name not in FAMILIES:
        raise ctx.fail(fields["name"], f"unknown family {name!r} (known: {', '.join(FAMILIES)})")
    cms = ctx.text(fields["cms"], "cms") if "cms" in fields else None
    if cms is not None and cms not in FAMILIES:
        raise ctx.fail(fields["cms"], f"unknown cms {cms!r}")
    defaults = (ctx.day(fields["valid_from"], "valid_from") if "valid_from" in fields else None,
                ctx.day(fields["valid_until"], "valid_until") if "valid_until" in fields
                else None)
    sets = tuple(_rule_set(ctx, item, defaults) for item in ctx.seq(fields["rule_sets"],
                                                                     "rule_sets"))
    markers = tuple(_marker(ctx, item) for item in ctx.seq(fields["markers"], "markers")) \
        if "markers" in fields else ()
    return RuleFile(path, kind, name, sets, markers, cms)


# --- the rule book --------------------------------------------------------------------------

class RuleBook:
    """All rule files of a directory, with per-page merging cached."""

    def __init__(self, directory: Path, files: list[RuleFile], version: str) -> None:
        self.directory, self.version = directory, version
        self.common = [f for f in files if f.kind == "common"]
        self.families = {f.name: f for f in files if f.kind == "family"}
        self.sites = {f.name: f for f in files if f.kind == "site"}
        self._merged: Callable[[str, str | None, date], Rules] = functools.lru_cache(
            maxsize=512)(self._merge)

    def site_cms(self, site_id: str | None) -> str | None:
        """The CMS pinned by a site's rule file, if any."""
        site = self.sites.get(site_id or "")
        return site.cms if site else None

    def for_page(self, cms: str, site_id: str | None = None, when: date | None = None) -> Rules:
        """Effective rules for a page of family ``cms`` captured on ``when``.

        Without a capture date only open-ended rule sets (the current layout) apply.
        """
        return self._merged(cms, site_id, when or date.max)

    def _merge(self, cms: str, site_id: str | None, when: date) -> Rules:
        layers = [*self.common]
        if cms in self.families:
            layers.append(self.families[cms])
        if site_id and site_id in self.sites:
            layers.append(self.sites[site_id])
        sets = [(f, s) for f in layers for s in f.rule_sets if s.applies(when)]
        selectors: dict[str, tuple[Selector, ...]] = {}
        for kind in SELECTOR_KINDS:
            ordered = sets if kind in ALL_APPLY else sets[::-1]
            selectors[kind] = tuple(sel for _f, s in ordered for sel in s.selectors.get(kind, ()))
        extraction: dict[str, bool] = {}
        for _f, s in sets:
            extraction.update(s.extraction)
        drops = tuple(p for _f, s in sets for p in s.drop_lines)
        stops = tuple(p for _f, s in sets for p in s.stop_lines)
        accounts = tuple(p for _f, s in sets[::-1] for p in s.lines.get("not_author", ()))
        noise = tuple(p for _f, s in sets[::-1] for p in s.lines.get("author_noise", ()))
        vocabulary = {kind: tuple(p for _f, s in sets[::-1] for p in s.lines.get(kind, ()))
                      for kind in VOCABULARY_KINDS}
        return Rules(selectors, drops, extraction, tuple(s.origin for _f, s in sets), stops,
                     accounts, noise, vocabulary)


def _rule_paths(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*.yaml") if p.is_file())


def compute_version(directory: Path) -> str:
    """Stable hash of the rule files' relative paths and contents."""
    digest = hashlib.sha256()
    for path in _rule_paths(directory):
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def default_rules_dir() -> Path:
    """Where the installed ``boilerplate_rules`` package lives (checkout or wheel)."""
    try:
        spec = importlib.util.find_spec(DEFAULT_RULES_PACKAGE)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise RulesError(DEFAULT_RULES_PACKAGE, 0, "the boilerplate_rules package is not "
                         "installed (reinstall bandantoc-archive, or set BDT_RULES_DIR)")
    return Path(next(iter(spec.submodule_search_locations)))


def resolve_dir(directory: Path | str | None = None) -> Path:
    """The rules directory: argument, ``BDT_RULES_DIR``, or the installed package.

    A directory that does not exist or holds no rule file is an error, never a silent
    extraction without rules.
    """
    if directory is None:
        directory = os.environ.get("BDT_RULES_DIR") or default_rules_dir()
    path = Path(directory).resolve()
    if not path.is_dir():
        raise RulesError(path, 0, "rules directory not found")
    if not _rule_paths(path):
        raise RulesError(path, 0, "rules directory holds no *.yaml rule file")
    return path


@functools.lru_cache(maxsize=8)
def _load_cached(directory: Path) -> RuleBook:
    files = [load_rule_file(p) for p in _rule_paths(directory)]
    if not any(f.kind == "common" for f in files):
        logger.warning("no common rule file in %s", directory)
    book = RuleBook(directory, files, compute_version(directory))
    logger.debug("loaded %d rule files from %s (version %s)", len(files), directory,
                 book.version)
    return book


_resolved: dict[tuple[str | None, str | None, str], Path] = {}


def load_rulebook(directory: Path | str | None = None) -> RuleBook:
    """Load (once, cached) and validate every rule file under ``directory``.

    Where the directory is is worked out once per argument, ``BDT_RULES_DIR`` and working
    directory (it is asked for every page).
    """
    key = (None if directory is None else str(directory), os.environ.get("BDT_RULES_DIR"),
           os.getcwd())
    path = _resolved.get(key)
    if path is None:
        path = _resolved[key] = resolve_dir(directory)
    return _load_cached(path)


def rules_version(directory: Path | str | None = None) -> str:
    """The version (content hash) of the rule files."""
    return load_rulebook(directory).version


def clear_cache() -> None:
    """Forget loaded rule books (after editing rule files in a long-lived process)."""
    _load_cached.cache_clear()
    _resolved.clear()
