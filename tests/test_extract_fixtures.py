"""Golden tests: every stored page (as served) against its expected.json."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from archive.evaluation import EXPECTED_FIELDS, iter_cases, load_case, run_ours
from archive.extract.rules import FAMILIES

FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures" / "extract"

CASE_DIRS = sorted(p.parent for p in FIXTURES_DIR.rglob("page.html"))
CASES = [load_case(d) for d in CASE_DIRS]
IDS = [c.name for c in CASES]


def test_corpus_is_complete() -> None:
    """Every case has url/headers/expected with all fields; every family is covered."""
    assert CASES, "no fixtures found"
    for d in CASE_DIRS:
        for name in ("url.txt", "headers.json", "expected.json"):
            assert (d / name).exists(), f"{d.name} lacks {name}"
        expected = json.loads((d / "expected.json").read_text("utf-8"))
        missing = [f for f in EXPECTED_FIELDS if f not in expected]
        assert not missing, f"{d.name}/expected.json lacks {missing}"
        headers = json.loads((d / "headers.json").read_text("utf-8"))
        assert any(k.lower() == "content-type" for k in headers), f"{d.name}: no Content-Type"
    per_family: dict[str, list[str]] = {}
    for case in CASES:
        per_family.setdefault(case.expected["cms"], []).append(case.expected["kind"])
    for family in FAMILIES:
        kinds = per_family.get(family, [])
        assert len(kinds) >= 2, f"family {family} needs at least 2 fixtures, has {kinds}"
        assert "article" in kinds, f"family {family} has no article fixture"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_fixture(case) -> None:
    result = run_ours(case)
    exp = case.expected
    assert result.kind == exp["kind"]
    assert result.cms == exp["cms"]
    doc = result.document or {}
    if exp["kind"] != "article":
        assert result.document is None
        return
    assert doc["title"] == exp["title"]
    assert doc["published"] == exp["published"]
    assert doc["author"] == exp["author"]
    got = [p for p in doc["text"].split("\n\n") if p]
    missing = [p for p in exp["text"] if p not in got]
    assert not missing, f"missing paragraphs: {missing}"
    extra = sorted(set(got) - set(exp["text"]))
    assert not extra, f"boilerplate/extra lines: {extra}"
    assert got == exp["text"], "paragraph order differs"
    assert unicodedata.is_normalized("NFC", doc["text"])
    assert all(c in got for c in doc["captions"])


def test_iter_cases_accepts_other_directories(tmp_path: Path) -> None:
    src = CASE_DIRS[0]
    dst = tmp_path / "x" / src.name
    dst.mkdir(parents=True)
    for f in src.iterdir():
        (dst / f.name).write_bytes(f.read_bytes())
    assert [c.name for c in iter_cases([tmp_path])] == [src.name]


def test_listing_by_markup_skips_the_text_unless_asked() -> None:
    """A page whose family's listing markers settle its kind is a listing without its text
    being read (the stage keeps no document for it); `always_document` still reads it."""
    from archive.extract import extract_page

    case = load_case(FIXTURES_DIR / "liferay_listing")
    quick = extract_page(case.body, case.url, headers=case.headers)
    assert quick.kind == "listing" and quick.document is None
    assert any(origin == "heuristic:listing-markup" for _, origin, _ in quick.explain)
    full = extract_page(case.body, case.url, headers=case.headers, always_document=True)
    assert full.kind == "listing" and full.document is not None
    assert not any(origin == "heuristic:listing-markup" for _, origin, _ in full.explain)
    assert full.document["text"]  # the full read gives the page's text
