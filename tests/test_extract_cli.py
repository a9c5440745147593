"""`bdt extract FILE --url URL --json`: exactly one JSON object, for any page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_bdt

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


@pytest.mark.parametrize("case", ["seed_001_liferay", "generic_en_article", "joomla_listing"])
def test_extract_json_is_one_object(case):
    page = FIXTURES / case / "page.html"
    url = (FIXTURES / case / "url.txt").read_text().strip()
    expected = json.loads((FIXTURES / case / "expected.json").read_text())
    result = run_bdt("extract", str(page), "--url", url, "--json", check=True)
    document = json.loads(result.stdout)  # fails on anything but one JSON value
    assert isinstance(document, dict)
    for key in ("url", "title", "published", "author", "text", "site", "cms", "language"):
        assert key in document, key
    assert document["url"] == url
    assert document["text"], "a page asked for explicitly is always extracted"
    if expected.get("kind", "article") == "article":
        assert document["title"] == expected["title"]
        assert document["published"] == expected["published"]


def test_extract_missing_file_is_a_clear_error(tmp_path):
    result = run_bdt("extract", str(tmp_path / "nope.html"), "--url", "http://x/")
    assert result.returncode == 2 and "no such file" in result.stderr
