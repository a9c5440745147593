"""`bdt extract FILE --url URL [--json]`: exactly one JSON object, for any page (in-process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bdt.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


@pytest.mark.parametrize("case", ["seed_001_liferay", "generic_en_article", "joomla_listing"])
def test_extract_json_is_one_object(case, capsys):
    page = FIXTURES / case / "page.html"
    url = (FIXTURES / case / "url.txt").read_text().strip()
    expected = json.loads((FIXTURES / case / "expected.json").read_text())
    assert main(["extract", str(page), "--url", url, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)  # fails on anything but one JSON value
    assert isinstance(document, dict)
    for key in ("url", "title", "published", "author", "text", "site", "cms", "language"):
        assert key in document, key
    assert document["url"] == url
    assert document["text"], "a page asked for explicitly is always extracted"
    if expected.get("kind", "article") == "article":
        assert document["title"] == expected["title"]
        assert document["published"] == expected["published"]


def test_extract_with_a_pinned_cms_family(capsys):
    case = FIXTURES / "seed_001_liferay"
    url = (case / "url.txt").read_text().strip()
    assert main(["extract", str(case / "page.html"), "--url", url, "--cms", "liferay"]) == 0
    assert "cms:       liferay" in capsys.readouterr().out


def _origin_line(rules_file: str, needle: str) -> str:
    """``file:line`` of the first line of a shipped rule file holding ``needle``."""
    from archive.extract.rules import default_rules_dir

    lines = (default_rules_dir() / rules_file).read_text(encoding="utf-8").splitlines()
    return f"{rules_file}:{next(i for i, line in enumerate(lines, 1) if needle in line)}"


def test_explain_names_the_deciding_rules(capsys):
    """--explain shows, for a Liferay page, the rule that removed the visitor counter, the rule
    that marks the banner clock, and how the title, date, author and lead were chosen."""
    case = FIXTURES / "liferay_portlet_headline"
    url = (case / "url.txt").read_text().strip()
    assert main(["extract", str(case / "page.html"), "--url", url, "--explain"]) == 0
    out = capsys.readouterr().out
    counter = _origin_line("liferay.yaml", 'contains(@class, "counter")')
    assert any(line.startswith("removed block") and counter in line and "Đang truy cập" in line
               for line in out.splitlines()), out
    assert any(line.startswith("header clock") and "common.yaml:" in line
               and "06/03/2023" in line for line in out.splitlines()), out
    assert "chose title" in out and "heuristic:<title>-shown-on-page" in out
    assert "Tin nổi bật" in out  # the portlet heading, shown as rejected
    account = _origin_line("common.yaml", "^(admin|administrator")
    assert any("author candidate rejected" in line and account in line and "admin" in line
               for line in out.splitlines()), out
    assert "heuristic:closing-signature" in out


def test_json_records_provenance(capsys):
    case = FIXTURES / "table_byline_clock"
    url = (case / "url.txt").read_text().strip()
    assert main(["extract", str(case / "page.html"), "--url", url, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["provenance"] == {"title": "heuristic:headline-before-date",
                                      "published": "heuristic:date-next-to-headline",
                                      "author": "heuristic:byline-near-headline",
                                      "lead": "heuristic:first-paragraph"}
