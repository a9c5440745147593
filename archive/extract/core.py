"""The extraction pipeline: bytes -> decoded tree -> family rules -> metadata -> text.

The page is parsed once; metadata and captions are read from the full tree, then rule
selectors are pruned and the (narrowed) tree goes to trafilatura without re-serialising.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from trafilatura.utils import load_html

from . import EXTRACTOR_VERSION
from .authors import author_from_selectors, extract_author
from .classify import classify, gather_signals
from .dates import local_day, to_iso
from .decoding import Headers, decode_body
from .fingerprint import detect_cms
from .language import detect_language
from .legacy import convert_html, detect_legacy_html
from .metadata import (
    PageContext,
    clean,
    extract_canonical,
    extract_modified,
    extract_published,
    extract_title,
)
from .model import Extraction, SiteInfo
from .rules import Rules, TreeIndex, load_rulebook
from .text import collect_captions, find_body, postprocess, prune, run_trafilatura, wrap_body

logger = logging.getLogger(__name__)

RECALL_RETRY_SHARE = 0.5  # narrowed body: retry in recall mode if less than this was kept


def _lead(ctx: PageContext) -> str | None:
    for sel in ctx.rules.get("lead"):
        for el in sel.select(ctx.tree, ctx.index):
            value = clean(sel.value(el))
            if len(value) >= 20:
                return value
    return None


def _body_text(ctx: PageContext, rules: Rules, url: str) -> str:
    """Prune, narrow to the body container when one matched, run trafilatura."""
    body = ctx.body_el
    prune(ctx.tree, rules, keep=body, index=ctx.index)
    if body is None or not rules.extraction.get("narrow_to_body", True):
        return run_trafilatura(ctx.tree, url, rules.extraction)
    body_chars = len(clean(body.text_content()))
    target = wrap_body(body)
    raw = run_trafilatura(target, url, rules.extraction)
    if len(raw) < RECALL_RETRY_SHARE * body_chars:
        retry = run_trafilatura(target, url, {**rules.extraction, "favor_precision": False,
                                              "favor_recall": True})
        if len(retry) > len(raw):
            ctx.warnings.append("body extracted in recall mode")
            raw = retry
    return raw


def _iso_fetch(fetched_at: datetime | None) -> str | None:
    if fetched_at is None:
        return None
    if fetched_at.tzinfo is None:
        fetched_at = fetched_at.replace(tzinfo=UTC)
    return fetched_at.isoformat()


def extract_page(
    body: bytes,
    url: str,
    *,
    headers: Headers = None,
    site: SiteInfo | None = None,
    fetched_at: datetime | None = None,
    rules_dir: Any = None,
) -> Extraction:
    """Classify one captured page and, for articles, extract its clean document."""
    book = load_rulebook(rules_dir)
    decoded = decode_body(body, headers)
    warnings = list(decoded.warnings)
    html = decoded.text
    legacy = detect_legacy_html(html)
    if legacy:
        html = convert_html(html, legacy)
        warnings.append(f"legacy {legacy} text converted")
    tree = load_html(html) if html.strip() else None
    if tree is None:
        return Extraction("other", site.cms if site and site.cms else "generic",
                          decoded.charset, decoded.source, warnings=warnings + ["unparseable"])
    cms = detect_cms(html, book, site)
    fetched_day = local_day(fetched_at)
    rules = book.for_page(cms, site.id if site else None, fetched_day)
    ctx = PageContext(tree, url, rules, site, fetched_day, index=TreeIndex(tree))
    ctx.clocks = {el for sel in rules.get("header_clock") for el in sel.select(tree, ctx.index)}

    title = extract_title(ctx)
    ctx.body_el = find_body(tree, rules, ctx.index)
    published = extract_published(ctx, use_htmldate=cms == "generic")
    modified = extract_modified(ctx, published)
    canonical = extract_canonical(ctx)
    lead = _lead(ctx)
    byline = author_from_selectors(ctx)
    captions = collect_captions(ctx.body_el if ctx.body_el is not None else tree, rules)
    signals = gather_signals(tree, rules, ctx.body_el, ctx.index)
    html_lang = tree.get("lang")

    raw = _body_text(ctx, rules, url)
    result = postprocess(raw, rules, captions=captions, title=title, legacy=None)
    kind = classify(signals, result.paragraphs, title)
    extraction = Extraction(kind, cms, decoded.charset, decoded.source, legacy, bool(legacy),
                            warnings=warnings)
    if kind != "article":
        extraction.warnings.extend(ctx.warnings)
        return extraction

    language = detect_language(" ".join(result.paragraphs[:20]) or (title or ""), html_lang)
    author, paragraphs = extract_author(result.paragraphs, byline, signatures=language == "vi")
    if lead and lead not in paragraphs:
        paragraphs.insert(0, lead)
    if not title:
        ctx.warnings.append("no title found")
    extraction.warnings.extend(ctx.warnings)
    extraction.document = {
        "url": url,
        "canonical_url": canonical,
        "title": title,
        "published": to_iso(published),
        "modified": to_iso(modified),
        "author": author,
        "lead": lead or (paragraphs[0] if paragraphs else None),
        "text": "\n\n".join(paragraphs),
        "captions": [c for c in result.captions if c in paragraphs],
        "language": language,
        "site": site.id if site else None,
        "site_name": site.name if site else None,
        "province": site.province if site else None,
        "province_2025": site.province_2025 if site else None,
        "cms": cms,
        "fetched_at": _iso_fetch(fetched_at),
        "extractor_version": EXTRACTOR_VERSION,
        "rules_version": book.version,
        "charset": decoded.charset,
        "legacy_encoding": legacy,
        "warnings": list(extraction.warnings),
    }
    return extraction
