"""Layout tables (archive/extract/layout.py): a cell holding an article is read as blocks."""

from __future__ import annotations

from pathlib import Path

from archive.extract import extract_page
from archive.extract.layout import layout_tables, unwrap_layout_tables
from archive.extract.text import parse_page

PARA = "<p>{} Paragraph of running text long enough to be prose in an article body here.</p>"
DATA = """<table><tr><th>Year</th><th>Launches</th></tr><tr><td>2018</td><td>114</td></tr>
<tr><td>2019</td><td>102</td></tr><tr><td><p>note</p><p>one</p></td><td>x</td></tr></table>"""


def _page(cell: str) -> str:
    return (f"<html><body><table><tr><td><a href='/'>Home</a></td><td>{cell}</td></tr>"
            f"</table>{DATA}</body></html>")


def test_a_cell_with_paragraphs_of_its_own_makes_a_layout_table() -> None:
    tree = parse_page(_page("".join(PARA.format(n) for n in range(3))))
    tables = layout_tables(tree)
    assert len(tables) == 1 and "Home" in tables[0].text_content()
    log: list[tuple[str, str, str]] = []
    assert unwrap_layout_tables(tree, log=log) == 1
    assert log and log[0][1] == "heuristic:layout-table"
    assert len(tree.findall(".//table")) == 1  # the data table stays a table
    assert tree.find(".//table//th") is not None


def test_a_data_table_and_a_cell_with_two_paragraphs_stay_tables() -> None:
    tree = parse_page(_page("".join(PARA.format(n) for n in range(2))))
    assert layout_tables(tree) == []
    assert unwrap_layout_tables(tree) == 0
    assert len(tree.findall(".//table")) == 2


def test_an_article_in_a_layout_cell_keeps_its_paragraphs() -> None:
    case = Path(__file__).parent / "fixtures" / "extract" / "generic_en_layout_table"
    doc = extract_page((case / "page.html").read_bytes(), (case / "url.txt").read_text().strip(),
                       always_document=True).document
    assert doc is not None
    lines = doc["text"].split("\n\n")
    assert not any("|" in line for line in lines)
    assert lines[0].startswith("When a weather satellite runs out of fuel")
    assert not any("A second life for old weather satellites" in line for line in lines)
