"""Layout tables: a page laid out with ``<table>`` holds its article in one cell.

With tables included, trafilatura renders every table as rows of cells, so an article that
sits in a layout table's cell comes out as one "| ... |" line: its paragraphs run together
with the headline, byline and date above them.  A cell holding several paragraphs of its
own is a layout cell, not data; its table's rows and cells become plain blocks before the
text is extracted (tables nested inside the cell, such as a photo with its caption, stay).
"""

from __future__ import annotations

from typing import Any

MIN_PARAGRAPHS = 3  # <p> elements of a cell's own (outside tables nested in it)
ORIGIN = "heuristic:layout-table"
_STRUCTURE = ("table", "thead", "tbody", "tfoot", "tr", "td", "th")


def _own_table(el: Any) -> Any:
    """The nearest <table> above ``el`` (None when there is none)."""
    for node in el.iterancestors("table"):
        return node
    return None


def layout_tables(tree: Any) -> list[Any]:
    """The tables one of whose cells holds :data:`MIN_PARAGRAPHS` paragraphs of its own."""
    counts: dict[Any, int] = {}
    for p in tree.iter("p"):
        cell = next(p.iterancestors("td", "th"), None)
        if cell is not None:
            counts[cell] = counts.get(cell, 0) + 1
    found: list[Any] = []
    for cell, count in counts.items():
        table = _own_table(cell)
        if count >= MIN_PARAGRAPHS and table is not None and table not in found:
            found.append(table)
    return found


def unwrap_layout_tables(tree: Any, log: list[tuple[str, str, str]] | None = None) -> int:
    """Turn the structure of every layout table into ``<div>`` blocks; how many were."""
    tables = layout_tables(tree)
    for table in tables:
        for el in [table, *table.iter(*_STRUCTURE)]:
            if el is table or _own_table(el) is table:
                el.tag = "div"
        if log is not None:
            log.append(("layout table's rows and cells read as blocks", ORIGIN, ""))
    return len(tables)
