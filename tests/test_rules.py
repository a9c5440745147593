"""Rule files: the shipped ones validate; errors name FILE:LINE; dated rule sets apply."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from archive.extract import extract_page
from archive.extract.rules import RulesError, load_rule_file, load_rulebook, rules_version

GOOD = """kind: family
name: liferay
markers:
  - pattern: 'Liferay'
    reason: js global
rule_sets:
  - valid_until: 2020-12-31
    title:
      - css: 'h2.old-title'
        reason: old theme
  - valid_from: 2021-01-01
    title:
      - css: 'h1.new-title'
        reason: new theme
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_rules_validate_and_version_is_stable() -> None:
    book = load_rulebook()
    assert set(book.families) >= {"liferay", "sharepoint", "aspnet", "joomla", "wordpress",
                                  "3cms", "table", "newspaper"}
    assert book.common
    assert rules_version() == rules_version() and len(rules_version()) == 16


@pytest.mark.parametrize(("text", "line", "words"), [
    ("kind: family\nname: liferay\nrule_sets:\n  - prune:\n      - css: 'div['\n"
     "        reason: x\n", 5, "invalid css"),
    ("kind: family\nname: liferay\nrule_sets:\n  - drop_lines:\n      - pattern: '(unclosed'\n"
     "        reason: x\n", 5, "invalid regex"),
    ("kind: family\nname: liferay\nrule_sets:\n  - title:\n      - css: 'h1'\n", 5, "reason"),
    ("kind: family\nname: liferay\nrule_sets:\n  - titel:\n      - css: 'h1'\n", 4, "unknown key"),
    ("kind: family\nname: drupal\nrule_sets: []\n", 2, "unknown family"),
    ("kind: family\nname: liferay\nrule_sets:\n  - valid_from: yesterday\n", 4, "date"),
    ("kind: family\nname: liferay\nrule_sets:\n  - prune: [\n", 5, "YAML syntax"),
    ("kind: family\nname: liferay\nrule_sets:\n  - prune:\n      - xpath: '//div[@'\n"
     "        reason: x\n", 5, "invalid xpath"),
])
def test_errors_name_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = _write(tmp_path, "liferay.yaml", text)
    with pytest.raises(RulesError) as err:
        load_rule_file(path)
    assert str(err.value).startswith(f"{path}:{line}:"), str(err.value)
    assert words.lower() in str(err.value).lower()
    assert err.value.line == line and err.value.path == str(path)


def test_valid_from_until_pick_the_rule_set(tmp_path: Path) -> None:
    _write(tmp_path, "common.yaml", "kind: common\nname: common\nrule_sets: []\n")
    _write(tmp_path, "liferay.yaml", GOOD)
    book = load_rulebook(tmp_path)
    old = book.for_page("liferay", None, date(2020, 6, 1)).get("title")
    new = book.for_page("liferay", None, date(2022, 6, 1)).get("title")
    assert [s.expr for s in old] == ["h2.old-title"]
    assert [s.expr for s in new] == ["h1.new-title"]
    assert [s.expr for s in book.for_page("liferay").get("title")] == ["h1.new-title"]


def test_site_rules_are_tried_first_and_can_pin_cms(tmp_path: Path) -> None:
    _write(tmp_path, "common.yaml", "kind: common\nname: common\nrule_sets: []\n")
    _write(tmp_path, "liferay.yaml", GOOD)
    _write(tmp_path, "sites/bdt-x.yaml", "kind: site\nname: bdt-x\ncms: liferay\nrule_sets:\n"
           "  - title:\n      - css: 'div.tieu-de'\n        reason: site headline\n")
    book = load_rulebook(tmp_path)
    assert book.site_cms("bdt-x") == "liferay"
    assert [s.expr for s in book.for_page("liferay", "bdt-x").get("title")][0] == "div.tieu-de"


def test_rules_change_extraction(tmp_path: Path) -> None:
    _write(tmp_path, "common.yaml", "kind: common\nname: common\nrule_sets:\n  - drop_lines:\n"
           "      - pattern: '^Quảng cáo'\n        reason: ads\n")
    para = "Nội dung bài viết về công tác dân tộc và chính sách dân tộc của tỉnh. " * 6
    page = (f"<html><body><article><h1>Tiêu đề bài viết thử nghiệm</h1><p>{para}</p>"
            f"<p>Quảng cáo: mua ngay</p><p>Đoạn hai. {para}</p></article></body></html>").encode()
    result = extract_page(page, "https://x.vn/a", rules_dir=tmp_path)
    assert "Quảng cáo" not in result.document["text"]
