"""`bdt extract FILE --url URL --explain` names the deciding rule for a visitor counter, a
header clock and the title on one page of every CMS family (issue 8).

Each page below shows a visitor counter and a header clock (the fetch day); the strings are
read off the page.  The explanation must name, for each, a rule entry (``file:line`` pointing
at an entry of the shipped rule files) or a named heuristic; the title must be the page's
headline and the publication date the article's (both from its ``expected.json``), not the
clock's.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from archive.cms import FAMILIES
from archive.extract.rules import default_rules_dir
from bdt.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
ORIGIN = re.compile(r"(?:^|\s)(?:(?P<file>[\w./-]+\.yaml):(?P<line>\d+)|heuristic:\S+)")

# family -> (fixture, text of its visitor counter, the date its header clock shows)
PAGES = {
    "liferay": ("liferay_portlet_headline", "Đang truy cập: 27", "06/03/2023"),
    "sharepoint": ("sharepoint_counter_clock", "Đang truy cập: 27", "16/05/2024"),
    "aspnet": ("aspnet_dnn_article", "Tổng 1.121.895", "14/10/2019"),
    "joomla": ("joomla_article", "Đang online: 12", "03/07/2017"),
    "wordpress": ("wordpress_counter_clock", "Tổng truy cập: 652.310", "27/05/2024"),
    "3cms": ("3cms_article", "Tổng truy cập: 1.254.338", "2-2-2026"),
    "table": ("table_counter_clock", "Số lượt truy cập: 2.345.678", "21/05/2024"),
    "newspaper": ("newspaper_counter_clock", "Tổng lượt truy cập: 18.450.922", "15/05/2024"),
    "generic": ("generic_counter_clock", "Tổng truy cập: 1.203.556", "31/05/2024"),
}


def test_every_family_has_a_page():
    assert set(PAGES) == set(FAMILIES)


def _decisions(out: str) -> list[str]:
    lines = out.splitlines()
    start = lines.index("decisions (rule file:line or heuristic):")
    return lines[start + 1:]


def _names_a_rule(line: str) -> bool:
    """Whether ``line`` names a heuristic, or a file:line that is a rule entry."""
    m = ORIGIN.search(line)
    if m is None:
        return False
    if m.group("file") is None:
        return True
    source = (default_rules_dir() / m.group("file")).read_text(encoding="utf-8").splitlines()
    entry = source[int(m.group("line")) - 1].strip()
    return entry.startswith(("- css:", "- xpath:", "- pattern:"))


@pytest.mark.parametrize("family", sorted(PAGES))
def test_explain_names_counter_clock_and_title_rules(family, capsys):
    case, counter, clock = PAGES[family]
    folder = FIXTURES / case
    url = (folder / "url.txt").read_text(encoding="utf-8").strip()
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    assert expected["cms"] == family
    assert main(["extract", str(folder / "page.html"), "--url", url, "--explain"]) == 0
    out = capsys.readouterr().out
    decisions = _decisions(out)

    removed = [d for d in decisions if d.startswith("removed") and counter in d]
    assert removed and all(_names_a_rule(d) for d in removed), "\n".join(decisions)
    clocks = [d for d in decisions if d.startswith("header clock") and clock in d]
    assert clocks and all(_names_a_rule(d) for d in clocks), "\n".join(decisions)
    titles = [d for d in decisions if d.startswith("chose title")]
    assert len(titles) == 1 and _names_a_rule(titles[0]), "\n".join(decisions)

    assert f"title:     {expected['title']}\n" in out
    body = out.split("decisions (rule file:line or heuristic):")[0]
    assert counter not in body
    assert f"published: {expected['published'] or '-'}\n" in out  # the article's, not the clock's
