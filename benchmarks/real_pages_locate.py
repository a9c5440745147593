"""Where on a real page the text our extractor misses (or adds) sits.

    .venv/bin/python benchmarks/real_pages_locate.py DIR PAGE_ID [--held-out]

For one page of ``benchmarks/real_pages.json`` (rebuilt into DIR by real_pages_rebuild.py):
every gold paragraph (known by its fingerprint) is looked up among the page's elements; those
our output does not hold whole are printed with the element's tag path and how much of it
plain trafilatura keeps, so one sees whether a rule, trafilatura's precision mode or the body
narrowing dropped it.  The gold text is then rebuilt from the located paragraphs (checked
against the gold shingles) and the 4-word shingles we miss and add are listed.  Page text is
printed to the terminal only.  Held-out pages are refused unless ``--held-out`` is given
(they are not to be looked at while tuning).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.real_pages import (  # noqa: E402
    GOLD,
    digest,
    held_out,
    ours,
    plain,
    text_hash,
    words,
)

PATH_DEPTH = 7


def _text(el: Any) -> str:
    """Text content where ``<br>`` counts as a space (as a reader sees the block)."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            parts.append(" " if child.tag == "br" else _text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _path(el: Any) -> str:
    steps = []
    while el is not None and isinstance(el.tag, str) and len(steps) < PATH_DEPTH:
        step = str(el.tag)
        if el.get("id"):
            step += "#" + el.get("id")
        for token in (el.get("class") or "").split()[:3]:
            step += "." + token
        steps.append(step)
        el = el.getparent()
    return " > ".join(reversed(steps))


def _grams(text: str) -> Counter[str]:
    w = words(text)
    return Counter(" ".join(w[i:i + 4]) for i in range(max(1, len(w) - 3))) if w else Counter()


def _share(text: str, within: str) -> float:
    """How much of ``text`` ``within`` holds: 1.0 whole, else the share of its 4-grams."""
    w = " ".join(words(text))
    if f" {w} " in f" {' '.join(words(within))} ":
        return 1.0
    mine = _grams(text)
    return sum((mine & _grams(within)).values()) / max(1, sum(mine.values()))


def locate(pages_dir: Path, page: dict[str, Any]) -> None:
    from lxml import html as lxml_html

    from archive.extract.decoding import decode_body

    raw = (pages_dir / f"{page['id']}.html").read_bytes()
    got, theirs = ours(raw, page["url"])["text"], plain(raw, page["url"])["text"]
    tree = lxml_html.fromstring(decode_body(raw, None).text)
    by_hash: dict[str, tuple[Any, str]] = {}
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag not in ("script", "style"):
            for shown in (_text(el), el.text_content()):
                by_hash.setdefault(text_hash(shown), (el, shown))
    for line in got.split("\n"):
        by_hash.setdefault(text_hash(line), (None, line))
    rebuilt: list[str] = []
    for fingerprint, length in page.get("paragraphs", []):
        el, shown = by_hash.get(fingerprint, (None, ""))
        if not shown:
            print(f"?? gold paragraph {fingerprint} ({length} characters) is no element's text")
            rebuilt.append(f"<unlocated {fingerprint}>")
            continue
        rebuilt.append(shown)
        kept = _share(shown, got)
        if kept < 1.0:
            where = _path(el) if el is not None else "(our output only)"
            print(f"--- ours {kept:.2f}, trafilatura {_share(shown, theirs):.2f}, {length} "
                  f"characters: {where}\n    {' '.join(shown.split())[:200]}")
    gold_grams = _grams("\n".join(rebuilt))
    as_gold = Counter({digest(g, 6): n for g, n in gold_grams.items()})
    found = sum((as_gold & Counter(dict(page.get("shingles", [])))).values())
    print(f"gold rebuilt: {found} of {sum(dict(page.get('shingles', [])).values())} shingles")
    mine = _grams(got)
    print("missing:", list((gold_grams - mine).elements())[:60])
    print("extra:", list((mine - gold_grams).elements())[:60])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages_dir", type=Path, help="directory written by real_pages_rebuild.py")
    parser.add_argument("page_id")
    parser.add_argument("--held-out", action="store_true", help="allow a held-out page")
    args = parser.parse_args(argv)
    pages = {p["id"]: p for p in json.loads(GOLD.read_text("utf-8"))["pages"]}
    page = pages.get(args.page_id)
    if page is None:
        print(f"error: {GOLD}: no page {args.page_id!r}", file=sys.stderr)
        return 2
    if held_out(page) and not args.held_out:
        print(f"error: {args.page_id} is held out (not looked at while tuning); "
              "--held-out shows it anyway", file=sys.stderr)
        return 2
    if not (args.pages_dir / f"{args.page_id}.html").is_file():
        print(f"error: {args.pages_dir}: no {args.page_id}.html; run "
              "benchmarks/real_pages_rebuild.py rebuild DIR", file=sys.stderr)
        return 2
    locate(args.pages_dir, page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
