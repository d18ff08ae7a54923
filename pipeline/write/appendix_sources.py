"""The appendix's last sheet: every value behind the totals, with its file, sheet and cell.

An auditor filters it by indicator and sees each commune's figure and where it was read.
Past :data:`SOURCE_SHEET_MAX_ROWS` the sheet only points to ``values.csv``, which holds
the same rows at any size.

The sheet is *hidden* (not "very hidden"): the officer printing the workbook and the
province reading its PDF get the tables only, with their own page numbers, while anyone
in Excel or LibreOffice can unhide it (right-click a sheet tab, Unhide). Measured with
LibreOffice's PDF export: a hidden sheet is left out of the PDF and of its page count,
whereas a print area of one cell still prints a page; Excel never prints a hidden sheet.
A veryHidden sheet could only be shown again through VBA, which an auditor should not need.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Protocol

from xlsxwriter.worksheet import Worksheet

from pipeline.spec.numbers import format_auto
from pipeline.write.appendix_words import NO, YES
from pipeline.write.csv_files import VALUE_COLUMNS
from pipeline.write.wording import Phrase
from pipeline.write.xlsx_cells import Styles, decimals_of, put_number, put_text

SOURCE_SHEET = "Nguon_so_lieu"
SOURCE_TITLES = (
    Phrase("Mã đơn vị", "Unit code"),
    Phrase("Tên đơn vị", "Unit"),
    Phrase("Mã chỉ tiêu", "Indicator code"),
    Phrase("Chỉ tiêu", "Indicator"),
    Phrase("Giá trị", "Value"),
    Phrase("Tệp", "File"),
    Phrase("Trang tính", "Sheet"),
    Phrase("Ô", "Cell"),
)
TOO_MANY = Phrase(
    "Có {count} dòng nguồn số liệu, quá nhiều cho một trang tính (tối đa {most}). Xem tệp values.csv cùng thư mục: "
    "cùng các cột, mỗi dòng một giá trị của một đơn vị, kèm tệp, trang tính và ô.",
    "There are {count} source rows, too many for one sheet (at most {most}). See values.csv in the same folder: "
    "the same columns, one value of one unit a row, with its file, sheet and cell.",
)
SOURCE_WIDTHS = (11, 22, 26, 50, 14, 40, 14, 8)
SOURCE_SHEET_MAX_ROWS = 50_000
"""Beyond this (about 650 communes) the source list stays in ``values.csv`` only: a sheet of
800,000 rows is neither printable nor quick to filter, would take most of a national run's
time to write, and past 1,048,576 rows Excel cannot hold it at all."""


class SourceList(Protocol):
    """The values behind the totals: counted first, then read once, row by row."""

    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Mapping[str, object]]: ...


def write_sources_sheet(ws: Worksheet, st: Styles, sources: SourceList) -> None:
    """Every value behind the totals, one row per unit and indicator, filterable."""
    for col, (title, width) in enumerate(zip(SOURCE_TITLES, SOURCE_WIDTHS, strict=True)):
        ws.set_column(col, col, width)
        put_text(ws, 0, col, title(), st.get(bold=True, align="center", text_wrap=True))
    ws.freeze_panes(1, 0)
    ws.repeat_rows(0)
    ws.set_paper(9)  # should someone unhide and print it: A4 landscape, one page wide
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.hide()
    if len(sources) > SOURCE_SHEET_MAX_ROWS:
        note = TOO_MANY(count=format_auto(len(sources)), most=format_auto(SOURCE_SHEET_MAX_ROWS))
        ws.merge_range(1, 0, 1, len(VALUE_COLUMNS) - 1, "", st.get(text_wrap=True))
        put_text(ws, 1, 0, note, st.get(text_wrap=True))
        ws.set_row(1, 45)
        return
    plain = st.get()
    numbers = {places: st.number(places) for places in range(7)}
    for row, source in enumerate(sources, start=1):
        for col, key in enumerate(VALUE_COLUMNS):
            value = source.get(key)
            if value is None:
                ws.write_blank(row, col, None, plain)
            elif isinstance(value, bool):
                put_text(ws, row, col, YES() if value else NO(), plain)
            elif isinstance(value, (int, float)):
                put_number(ws, row, col, float(value), numbers[decimals_of(float(value), 6)], plain)
            else:
                put_text(ws, row, col, str(value), plain)
    ws.autofilter(0, 0, max(len(sources), 1), len(VALUE_COLUMNS) - 1)
