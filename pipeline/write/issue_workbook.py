"""What went wrong in a period's submissions, for the district officer.

``issues.csv`` and ``manifest.json`` serve machines and auditors; the officer needs to see
which commune must fix what, filter and sort it, and print it. ``issues.xlsx`` opens on a
one-page summary per unit (:mod:`pipeline.write.issue_summary`), then the counts, then
every issue and every file's fate on filterable sheets; ``report.md`` says the same in a
few Vietnamese lines. All are built from the run's issues and completeness alone, so they
cannot disagree with the CSV or the manifest. A file name, value or message came from a
commune, so it is always written as text: a value "=1+1" must never become a formula.

The list "Van_de" names each indicator by its label and words each rule's expression
with labels, because it is printed and read by people; the codes, row for row in the
same order, are in ``issues.csv``. Every list prints on A4 landscape, one page wide,
wrapped, its header repeated. A status sheet with no file (and "Van_de" with no issue)
is still written, so the workbook always has the same sheets for anyone filtering or
scripting it, but hidden: an empty tab is not worth a printed page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline.aggregate.completeness import Completeness
from pipeline.intake.outcomes import FileOutcome, Status
from pipeline.issues.issue import ISSUE_COLUMNS, Issue
from pipeline.spec.catalog import Catalog, Severity
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry
from pipeline.write.issue_rows import row_points
from pipeline.write.issue_summary import SUMMARY_SHEET, summary_sheet
from pipeline.write.validation_report import ByFile, accepted_units, group_by_file, late_files, unit_name

FONT = "Times New Roman"
OVERVIEW_SHEET = "Tong_quan"
ISSUES_SHEET = "Van_de"
STATUS_SHEETS = (  # always all seven, in this order, even when a status has no file
    (Status.ACCEPTED, "Hop_le"), (Status.ACCEPTED_WITH_WARNINGS, "Co_canh_bao"), (Status.REJECTED, "Bi_loai"),
    (Status.HELD, "Tam_giu"), (Status.MISSING, "Chua_gui"), (Status.SUPERSEDED, "Bi_thay_the"),
    (Status.IGNORED, "Bo_qua"),
)  # fmt: skip
_ISSUE_TITLES = {  # column -> (header, width); a new ISSUE_COLUMNS entry without one fails at import
    "unit_code": ("Mã đơn vị", 7), "unit_name": ("Tên đơn vị", 12), "file": ("Tệp", 14),
    "file_sha256": ("SHA-256 của tệp", 16), "sheet": ("Trang", 9), "cell": ("Ô", 5),
    "related_cells": ("Các ô liên quan", 11), "indicator": ("Chỉ tiêu", 20), "value": ("Giá trị đã ghi", 8),
    "rule": ("Quy tắc", 12), "expression": ("Biểu thức kiểm tra", 18), "severity": ("Mức độ", 8),
    "message": ("Nội dung", 34), "fix": ("Cách sửa", 24), "waiver": ("Chấp nhận", 12),
}  # fmt: skip
"""Widths sum to about 200 units: on A4 landscape one page wide that prints near 8 points,
the smallest that stays readable with all fifteen columns. The SHA-256 (64 letters, for
auditors) is set in 8 points so it wraps to three lines, not six: a row of the list is
then as tall as its file name and message need."""
SHA_POINTS = 8
_NAME_AT = ISSUE_COLUMNS.index("unit_code") + 1  # the unit's name right after its code
ISSUE_SHEET_COLUMNS = (*ISSUE_COLUMNS[:_NAME_AT], "unit_name", *ISSUE_COLUMNS[_NAME_AT:])
ISSUE_HEADERS = tuple(_ISSUE_TITLES[c][0] for c in ISSUE_SHEET_COLUMNS)
_ISSUE_WIDTHS = tuple(_ISSUE_TITLES[c][1] for c in ISSUE_SHEET_COLUMNS)
_SHA_AT = ISSUE_SHEET_COLUMNS.index("file_sha256")
STATUS_COLUMNS = (
    ("Mã đơn vị", 8), ("Tên đơn vị", 16), ("Tệp", 20), ("SHA-256", 16), ("Thời điểm nhận", 12),
    ("Đúng hạn", 8), ("Số lỗi", 7), ("Số cảnh báo", 9), ("Lý do", 44),
)  # fmt: skip
_CODE = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?")
_FILLS = {"Lỗi": "#FFC7CE", "Cảnh báo": "#FFEB9C"}  # light red, light yellow
_Formats = dict[str, Format]


def _on_time(late: bool | None) -> str:
    return "" if late is None else "Muộn" if late else "Đúng hạn"


def _formats(book: Workbook) -> _Formats:
    base = {"font_name": FONT, "font_size": 11, "valign": "top", "border": 1}
    return {
        "head": book.add_format({**base, "bold": True, "bg_color": "#D9E1F2", "align": "center", "text_wrap": True}),
        "cell": book.add_format(base),
        "wrap": book.add_format({**base, "text_wrap": True}),
        "title": book.add_format({"font_name": FONT, "font_size": 13, "bold": True}),
        "plain": book.add_format({"font_name": FONT, "font_size": 11}),
        "small": book.add_format({**base, "text_wrap": True, "font_size": SHA_POINTS}),
        **{label: book.add_format({"bg_color": colour}) for label, colour in _FILLS.items()},
    }


def _put(ws: Worksheet, row: int, col: int, value: Any, fmt: Format) -> None:
    """Numbers stay numbers; anything else goes through write_string, never as a formula."""
    if value is None or (isinstance(value, str) and not value):
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float) and math.isfinite(value):
        ws.write_number(row, col, float(value), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _table(ws: Worksheet, fmt: _Formats, columns: Sequence[tuple[str, float]], nrows: int, heading: str) -> None:
    """Header row, widths, frozen header, a filter over the data and A4 landscape printing;
    ``heading`` heads every printed page, as a stack of pages does not show the sheet's tab."""
    for col, (title, width) in enumerate(columns):
        ws.set_column(col, col, width)
        ws.write_string(0, col, title, fmt["head"])
    ws.set_row(0, row_points([t for t, _ in columns], [w for _, w in columns], bold=True))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, nrows, len(columns) - 1)
    ws.repeat_rows(0)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_footer("&CTrang &P/&N")
    ws.set_header("&L" + heading.replace("&", "&&"))


def _label(code: str, catalog: Catalog) -> str:
    try:
        return catalog.label_vi(code)
    except KeyError:  # not an indicator (a function, a damaged form's code): kept as written
        return code


def _worded(expression: str, catalog: Catalog) -> str:
    """``startup_loan_women <= loan_households`` with each indicator code replaced by its
    quoted label; anything else in the expression (numbers, operators, "x", "MAD") stays."""

    def word(match: re.Match[str]) -> str:
        label = _label(match.group(0), catalog)
        return f"“{label}”" if label != match.group(0) else label

    return _CODE.sub(word, expression)


def _issues_sheet(
    ws: Worksheet, fmt: _Formats, issues: Sequence[Issue], registry: UnitRegistry, catalog: Catalog
) -> None:
    _table(ws, fmt, [_ISSUE_TITLES[c] for c in ISSUE_SHEET_COLUMNS], len(issues), "Danh sách vấn đề")
    for row, issue in enumerate(issues, start=1):
        data = issue.as_row()
        data["unit_name"] = unit_name(issue.unit_code, registry)
        data["severity"] = issue.severity.label_vi
        data["indicator"] = _label(issue.indicator, catalog) if issue.indicator else None
        data["expression"] = _worded(issue.expression, catalog)
        values = [data.get(key) for key in ISSUE_SHEET_COLUMNS]
        for col, value in enumerate(values):
            _put(ws, row, col, value, fmt["small" if col == _SHA_AT else "wrap"])
        ws.set_row(row, row_points(values, _ISSUE_WIDTHS, sizes={_SHA_AT: SHA_POINTS}))
    if issues:  # the fill follows the severity cell, so it stays right after sorting or edits
        letter = xl_col_to_name(ISSUE_SHEET_COLUMNS.index("severity"))
        last = len(ISSUE_SHEET_COLUMNS) - 1
        for label in _FILLS:
            rule = {"type": "formula", "criteria": f'=${letter}2="{label}"', "format": fmt[label]}
            ws.conditional_format(1, 0, len(issues), last, rule)


def _status_sheet(
    ws: Worksheet, fmt: _Formats, status: Status, outcomes: list[FileOutcome], by_file: ByFile, registry: UnitRegistry
) -> None:
    _table(ws, fmt, STATUS_COLUMNS, len(outcomes), f"Tệp: {status.label_vi}")
    for row, o in enumerate(outcomes, start=1):
        errors = warnings = None  # no file (a missing unit): blank, because blank is not zero
        if o.file:
            mine = by_file.get(o.file, [])
            errors, warnings = sum(i.is_error for i in mine), sum(i.is_open_warning for i in mine)
        cells = (o.unit_code, unit_name(o.unit_code, registry), o.file, o.sha256, o.received, _on_time(o.late))
        values = (*cells, errors, warnings, o.reason)
        for col, value in enumerate(values):
            _put(ws, row, col, value, fmt["small" if col == 3 else "wrap"])
        ws.set_row(row, row_points(values, [w for _, w in STATUS_COLUMNS], sizes={3: SHA_POINTS}))


_Block = tuple[tuple[str, str, str] | None, list[tuple[str, Any, str]]]


def _overview_blocks(issues: Sequence[Issue], completeness: Completeness, period: Period) -> list[_Block]:
    """(header, rows) blocks; each row is (label, count, sheet to look at), the sheet left
    out for a count of zero: that sheet is empty and hidden."""
    by_severity = {s: sum(1 for i in issues if i.severity is s) for s in Severity}
    by_status = {s: sum(1 for o in completeness.outcomes if o.status is s) for s in Status}
    units = [
        ("Kỳ báo cáo", period.label_vi, ""),
        ("Đơn vị phải báo cáo", len(completeness.expected), ""),
        ("Đơn vị đã nhận hợp lệ", accepted_units(completeness), ""),
    ]
    problems = [
        ("Lỗi", by_severity[Severity.ERROR], ISSUES_SHEET),
        ("Cảnh báo chưa được chấp nhận", sum(1 for i in issues if i.is_open_warning), ISSUES_SHEET),
        ("Cảnh báo đã được chấp nhận", sum(1 for i in issues if i.waiver is not None), ISSUES_SHEET),
        ("Thông tin", by_severity[Severity.INFO], ISSUES_SHEET),
    ]
    return [
        (None, units),
        (
            ("Tình trạng tệp", "Số lượng", "Xem trang"),
            [(s.label_vi, by_status[s], sheet if by_status[s] else "") for s, sheet in STATUS_SHEETS],
        ),
        (("Vấn đề", "Số lượng", "Xem trang"), [(label, n, sheet if n else "") for label, n, sheet in problems]),
        (None, [("Số tệp nộp muộn", len(late_files(completeness)), "")]),
    ]


def _overview_sheet(
    ws: Worksheet, fmt: _Formats, issues: Sequence[Issue], completeness: Completeness, period: Period
) -> None:
    """Row 1 the title; then blocks separated by one empty row."""
    ws.set_column(0, 0, 34)
    ws.set_column(1, 2, 20)
    ws.write_string(0, 0, f"Kết quả kiểm tra báo cáo — {period.label_vi}", fmt["title"])
    row = 2
    for header, rows in _overview_blocks(issues, completeness, period):
        if header is not None:
            for col, title in enumerate(header):
                ws.write_string(row, col, title, fmt["head"])
            row += 1
        for line in rows:
            for col, item in enumerate(line):
                _put(ws, row, col, item, fmt["cell"])
            row += 1
        row += 1
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_footer("&CTrang &P/&N")


def write_issues_xlsx(
    path: Path,
    issues: Sequence[Issue],
    completeness: Completeness,
    registry: UnitRegistry,
    period: Period,
    *,
    catalog: Catalog,
) -> None:
    """Write ``issues.xlsx``: the summary to print, the counts, every issue, then one sheet
    per file status; a list with no row is hidden (see the module's docstring)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    try:
        fmt = _formats(book)
        by_file = group_by_file(issues)
        summary = book.add_worksheet(SUMMARY_SHEET)
        summary_sheet(summary, fmt, issues, by_file, completeness, registry, period)
        _overview_sheet(book.add_worksheet(OVERVIEW_SHEET), fmt, issues, completeness, period)
        listed = book.add_worksheet(ISSUES_SHEET)
        _issues_sheet(listed, fmt, issues, registry, catalog)
        if not issues:
            listed.hide()
        for status, sheet in STATUS_SHEETS:
            outcomes = [o for o in completeness.outcomes if o.status is status]
            ws = book.add_worksheet(sheet)
            _status_sheet(ws, fmt, status, outcomes, by_file, registry)
            if not outcomes:
                ws.hide()
    finally:
        book.close()
