"""The cover sheet "PhanHoi" of a feedback workbook: a letter to the commune, then the list.

The cover is what a clerk prints and keeps: who sends it (the district office and its
authority, as the Word report names them), the verdict, by when to resend and whom to
call, a legend of the cell styles drawn with the very styles of :mod:`feedback_marks`,
then every issue with the indicator's label (never its code) and a link to its cell. It
prints on A4 landscape, one page wide, the table's header repeated on every page. The
top block is not frozen on screen: with the legend it is about twenty rows, which would
leave a laptop a handful of rows to scroll in. Text that came from the commune goes
through :func:`put`, so it is never a formula.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils.cell import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink

from pipeline.issues.issue import Issue
from pipeline.spec.periods import Period
from pipeline.write.feedback_marks import INPUT_FILL, MARKS, places, row_col
from pipeline.write.feedback_text import (
    Sender,
    columns,
    legend,
    letterhead_lines,
    period_label,
    phrase,
    severity_word,
)
from pipeline.write.xlsx_fit import column_points, row_height

COVER_SHEET = "PhanHoi"
FONT = "Times New Roman"
WIDTHS = (5, 12, 7, 28, 11, 10, 42, 32, 18)
_FORMULA_START = ("=", "+", "-", "@")
_HEADER_FILL = PatternFill(fill_type="solid", start_color="D9E1F2", end_color="D9E1F2")
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
_WRAP = Alignment(wrap_text=True, vertical="top")
_SWATCH_ALIGN = Alignment(horizontal="center", vertical="center", shrink_to_fit=True)
_GRID = Border(*(Side(style="thin", color="808080") for _ in range(4)))


@dataclass(frozen=True)
class CoverText:
    """What the cover says besides the issues: the letterhead, the file and the language."""

    unit_name: str
    period: Period
    sender: Sender
    file: str
    sha256: str
    labels: Mapping[str, str]
    """Indicator code -> label in ``lang`` for every code the issues name."""
    lang: str = "vi"
    note: str | None = None
    not_annotated: str | None = None
    """The file's suffix when its cells could not be marked (.xls, .ods, a damaged file)."""


def put(cell: Cell, value: Any, font: Font | None = None) -> None:
    """Write ``value`` so a spreadsheet shows it as typed and never evaluates it: finite numbers
    stay numbers, the rest is text; characters XML cannot hold are dropped, not fatal."""
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if value is not None and not (is_number and math.isfinite(value)):
        value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.value = value
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.data_type = "s"
    cell.font = font or Font(name=FONT, size=11)


def cell_location(sheet: str, ref: str) -> str:
    """An in-workbook link target, ``'2_KinhTe'!E9``; a quote in a sheet name is doubled."""
    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!{ref}"


def verdict(issues: Sequence[Issue], lang: str) -> str:
    errors = sum(issue.is_error for issue in issues)
    warnings = sum(issue.is_open_warning for issue in issues)
    if errors:
        return phrase(lang, "rejected", n=errors)
    if warnings:
        return phrase(lang, "warned", n=warnings)
    return phrase(lang, "valid")


def head_lines(text: CoverText, issues: Sequence[Issue]) -> list[str]:
    """The letter above the legend, one line a row in column A, the title first; a file
    whose cells could not be marked has no legend, so no legend title either."""
    lang = text.lang
    sender, deadline, contact = letterhead_lines(text.sender, lang)
    lines = [
        phrase(lang, "title"),
        sender,
        phrase(lang, "unit", unit=text.unit_name),
        phrase(lang, "period", label=period_label(text.period, lang), code=text.period.code),
        phrase(lang, "file", file=text.file),
        phrase(lang, "sha", sha=text.sha256),
        verdict(issues, lang),
    ]
    if text.note:
        lines.append(text.note)
    if text.not_annotated is not None:
        lines.append(phrase(lang, "not_annotated", suffix=text.not_annotated or phrase(lang, "no_suffix")))
    return [*lines, deadline, contact, *([phrase(lang, "legend")] if text.not_annotated is None else [])]


def _notes(issue: Issue, lang: str) -> str:
    """The "Ghi chú" column: the auditor's acceptance and the cells the rule related to."""
    parts = [f"{phrase(lang, 'waived_note')}{issue.waiver}"] if issue.waiver is not None else []
    failing, related = places(issue)
    if related:
        shown = [ref if failing and sheet == failing[0] else f"{sheet}!{ref}" for sheet, ref in related]
        parts.append(phrase(lang, "related_cells", cells=", ".join(shown)))
    return "\n".join(parts)


def _legend(ws: Any, first_row: int, lang: str) -> int:
    """One row a style: a sample cell in column B drawn with that style, its meaning beside."""
    row = first_row
    for key, word, meaning in legend(lang):
        swatch = ws.cell(row, 2)
        put(swatch, word or None, Font(name=FONT, size=10, bold=key == "error"))
        if key == "input":
            swatch.fill = PatternFill(fill_type="solid", start_color=INPUT_FILL, end_color=INPUT_FILL)
        else:
            swatch.fill, swatch.border = MARKS[key].fill_(), MARKS[key].border_()
        swatch.alignment = _SWATCH_ALIGN
        put(ws.cell(row, 3), meaning)
        row += 1
    return row


def _height(values: Sequence[Any], bold: bool = False) -> float:
    """Points for a row of wrapped cells. Set, not left to the reader: LibreOffice keeps a
    wrapped row of an openpyxl sheet one line high, and the next row prints over it."""
    cells = [(str(v), column_points(w)) for v, w in zip(values, WIDTHS, strict=True) if v not in (None, "")]
    return row_height(cells, 11, bold)


def _table(ws: Any, header: int, ordered: Sequence[Issue], text: CoverText, annotated: set[str]) -> None:
    lang = text.lang
    for col, (title, width) in enumerate(zip(columns(lang), WIDTHS, strict=True), start=1):
        cell = ws.cell(header, col)
        put(cell, title, Font(name=FONT, size=11, bold=True))
        cell.fill, cell.alignment, cell.border = _HEADER_FILL, _HEADER_ALIGN, _GRID
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[header].height = _height(columns(lang), bold=True)
    for number, issue in enumerate(ordered, start=1):
        row = header + number
        label = text.labels.get(issue.indicator, issue.indicator) if issue.indicator else None
        values = (number, issue.sheet, issue.cell, label, issue.value, severity_word(lang, issue.severity),
                  issue.message, issue.fix, _notes(issue, lang))  # fmt: skip
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row, col)
            put(cell, value if value != "" else None)
            cell.alignment, cell.border = _WRAP, _GRID
        ws.row_dimensions[row].height = _height(values)
        if issue.sheet in annotated and row_col(issue.cell):
            link = ws.cell(row, 3)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=cell_location(issue.sheet, str(issue.cell)))
            link.font = Font(name=FONT, size=11, color="0563C1", underline="single")


def write_cover(wb: Workbook, ordered: Sequence[Issue], text: CoverText, annotated: set[str]) -> None:
    """The first, active sheet: the letter, the legend and the table of every issue."""
    if COVER_SHEET in wb.sheetnames:  # a feedback workbook sent back in: replace its old cover
        del wb[COVER_SHEET]
    ws = wb.create_sheet(COVER_SHEET, 0)
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = False
    wb.active = 0
    ws.sheet_view.tabSelected = True
    lines = head_lines(text, ordered)
    for row, line in enumerate(lines, start=1):
        bold = row in (1, 2, 7) or row == len(lines)
        put(ws.cell(row, 1), line, Font(name=FONT, size=14 if row == 1 else 11, bold=bold))
    header = (_legend(ws, len(lines) + 1, text.lang) if text.not_annotated is None else len(lines) + 1) + 1
    _table(ws, header, ordered, text, annotated)
    ws.auto_filter.ref = f"A{header}:{get_column_letter(len(WIDTHS))}{header + max(len(ordered), 1)}"
    ws.print_title_rows = f"{header}:{header}"
    setup = ws.page_setup  # A4 landscape, all columns on one page width
    setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight = "landscape", ws.PAPERSIZE_A4, 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = phrase(text.lang, "page")
