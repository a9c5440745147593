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
