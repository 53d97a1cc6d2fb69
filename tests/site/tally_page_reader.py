"""Read the tally page's tables back as a reader's browser sees them: every cell by its
section (data-table, data-key), its row header (the quarter) and its column header (the
oordeel), mapped back to the keys of tallies.json."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

Cell = tuple[str, str, str, str]  # table, key ("" for totaal), kwartaal, oordeel


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.section: tuple[str, str] | None = None
        self.tables: list[tuple[tuple[str, str], list[str], list[list[str]]]] = []
        self.cell: list[str] | None = None
        self.row: list[str] | None = None
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section" and "data-table" in a:
            self.section = (a["data-table"] or "", a.get("data-key") or "")
        elif tag == "table" and self.section:
            self.tables.append((self.section, [], []))
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr" and self.tables:
            self.row = []
        elif tag in ("th", "td") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self.cell is not None and self.row is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            _, head, body = self.tables[-1]
            if self.in_head:
                head.extend(self.row)
            else:
                body.append(self.row)
            self.row = None
        elif tag == "thead":
            self.in_head = False
        elif tag == "section":
            self.section = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def quarter_key(label: str) -> str:
    year, number = label.split(" ")
    return f"{year}-Q{number[1:]}"


def tally_cells(html: str, tallies: dict[str, Any], language: str) -> dict[Cell, str]:
    """Every number in a quarter x oordeel table of the page (the combinations table aside)."""
    names = {entry.get(language, key): key
             for key, entry in tallies.get("labels", {}).get("oordeel", {}).items()}
    reader = _Reader()
    reader.feed(html)
    cells: dict[Cell, str] = {}
    for (table, key), head, body in reader.tables:
        if table == "cellen":
            continue
        oordelen = [names.get(label, label) for label in head[1:]]
        for quarter, *values in body:
            assert len(values) == len(oordelen), (table, key, quarter)
            for oordeel, value in zip(oordelen, values, strict=True):
                cell = (table, key, quarter_key(quarter), oordeel)
                assert cell not in cells, cell
                cells[cell] = value
    return cells
