"""The feedback workbook sent back to one commune: its own form, with every problem marked.

A commune fixes a report fastest in the file it typed, so the feedback is a copy of that
file: each failing cell is filled (red for an error, yellow for a warning, blue for
information, grey for a warning the auditor accepted) and carries a comment saying what
is wrong and how to fix it, in Vietnamese. A first sheet, "PhanHoi", gives the verdict
and lists every issue with a link to its cell, so nothing is missed even when an issue
has no cell. Macros, formulas, links and defined names are never carried back
(:mod:`pipeline.write.inert`). A file openpyxl cannot edit (.xls, .ods, a
damaged file) gets a workbook with the cover sheet alone. Anything that came from the
commune is written as text, so opening the feedback can never run a formula.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections import defaultdict
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.intake.inbox import file_sha256
from pipeline.issues.issue import Issue
from pipeline.progress import Progress
from pipeline.read.workbook import Submission
from pipeline.spec.catalog import Severity
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry
from pipeline.write.inert import make_inert

COVER_SHEET = "PhanHoi"
TITLE = "PHẢN HỒI KẾT QUẢ KIỂM TRA BÁO CÁO"
AUTHOR = "baocao"
ANNOTATABLE_SUFFIXES = (".xlsx", ".xlsm")
FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.INFO: "DDEBF7"}
WAIVED_FILL = "EDEDED"
WAIVED_PREFIX = "Đã được chấp nhận: "
NOT_ANNOTATED = "Không ghi chú trực tiếp được vào tệp định dạng {suffix}; các ô cần xem lại được liệt kê dưới đây."
COLUMNS = ("STT", "Trang", "Ô", "Chỉ tiêu", "Giá trị đã ghi", "Mức độ", "Nội dung", "Cách sửa", "Ghi chú")
WIDTHS = (6, 13, 8, 26, 16, 11, 60, 42, 30)
_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_FORMULA_START = ("=", "+", "-", "@")
_HEADER_FILL = PatternFill(fill_type="solid", start_color="D9E1F2", end_color="D9E1F2")
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
_LINK_FONT = Font(color="0563C1", underline="single")
_COMMENT_WIDTH = 360  # pixels; about 50 characters of the comment font per line
_CHARS_PER_LINE = 50


def _put(cell: Cell, value: Any) -> None:
    """Write ``value`` so a spreadsheet shows it as typed and never evaluates it: finite numbers
    stay numbers, the rest is text; characters XML cannot hold are dropped, not fatal."""
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if value is not None and not (is_number and math.isfinite(value)):
        value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.value = value
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.data_type = "s"


def _fill(issue: Issue) -> tuple[int, str]:
    """(rank, colour), lower rank is worse: an accepted warning asks nothing of the commune,
    so it ranks below information and any open issue on the same cell shows instead."""
    if issue.waiver is not None and not issue.is_error:
        return len(_SEVERITY_RANK), WAIVED_FILL
    return _SEVERITY_RANK[issue.severity], FILLS[issue.severity]


def _row_col(ref: str | None) -> tuple[int, int] | None:
    """``"E9"`` -> (9, 5); ``None`` for anything that is not one cell."""
    try:
        return coordinate_to_tuple(ref) if ref else None
    except (ValueError, TypeError):
        return None


def _sorted(issues: Sequence[Issue], sheet_order: Sequence[str]) -> list[Issue]:
    """Errors, then warnings, then information; within each by sheet (workbook order) and
    cell (row, then column, so E9 comes before E15). Issues of the whole file come first."""
    position = {name: k for k, name in enumerate(sheet_order)}

    def key(issue: Issue) -> tuple[Any, ...]:
        where = -1 if not issue.sheet else position.get(issue.sheet, len(position))
        return (_SEVERITY_RANK[issue.severity], where, issue.sheet or "", _row_col(issue.cell) or (0, 0))

    return sorted(issues, key=key)


def _comment_part(issue: Issue) -> str:
    text = f"[{issue.severity.label_vi}] {issue.message}"
    if issue.fix:
        text += f"\nCách sửa: {issue.fix}"
    if issue.waiver is not None:
        text += f"\n{WAIVED_PREFIX}{issue.waiver}"
    return text


def _comment(text: str) -> Comment:
    """A comment tall enough to show all its text without the reader resizing it."""
    lines = sum(max(1, math.ceil(len(line) / _CHARS_PER_LINE)) for line in text.split("\n"))
    return Comment(text, AUTHOR, height=min(24 + 16 * lines, 640), width=_COMMENT_WIDTH)


def _target(wb: Workbook, sheet: str, ref: str) -> Cell | None:
    """The cell to mark, or None when the sheet or cell is gone; a merged cell's mark goes
    on the top-left cell of its range, the only one Excel shows."""
    ws = wb[sheet] if sheet in wb.sheetnames and sheet != COVER_SHEET else None
    place = _row_col(ref)
    if not isinstance(ws, Worksheet) or place is None:
        return None
    cell = ws.cell(*place)
    if isinstance(cell, MergedCell):
        merged = next((r for r in ws.merged_cells.ranges if cell.coordinate in r), None)
        return ws.cell(merged.min_row, merged.min_col) if merged else None
    return cell


def _mark_cells(wb: Workbook, ordered: Sequence[Issue]) -> None:
    """Fill and comment every cell an issue looked at; the worst issue picks the colour."""
    hits: dict[Cell, list[Issue]] = defaultdict(list)
    for issue in ordered:
        places = issue.related
        if not places and issue.sheet and issue.cell:
            places = ((issue.sheet, issue.cell),)
        for sheet, ref in dict.fromkeys(places):
            cell = _target(wb, sheet, ref)
            if cell is not None and issue not in hits[cell]:
                hits[cell].append(issue)
    for cell, found in hits.items():
        colour = min(_fill(issue) for issue in found)[1]
        cell.fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
        text = "\n\n".join(_comment_part(issue) for issue in found)
        if cell.comment is not None and cell.comment.author != AUTHOR:  # keep the commune's own note
            text += f"\n\nGhi chú của đơn vị: {cell.comment.text}"
        cell.comment = _comment(text)


def cell_location(sheet: str, ref: str) -> str:
    """An in-workbook link target, ``'2_KinhTe'!E9``; a quote in a sheet name is doubled."""
    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!{ref}"


def _verdict(issues: Sequence[Issue]) -> str:
    errors = sum(issue.is_error for issue in issues)
    warnings = sum(issue.is_open_warning for issue in issues)
    if errors:
        return f"Báo cáo bị loại khỏi số tổng hợp: có {errors} lỗi cần sửa rồi gửi lại."
    if warnings:
        return f"Báo cáo được chấp nhận, có {warnings} cảnh báo cần xem lại."
    return "Báo cáo hợp lệ, không có vấn đề."


def _cover(wb: Workbook, ordered: Sequence[Issue], lines: Sequence[str], annotated: set[str]) -> None:
    """The first, active sheet: who, which period, which file, the verdict and the table."""
    if COVER_SHEET in wb.sheetnames:  # a feedback workbook sent back in: replace its old cover
        del wb[COVER_SHEET]
    ws = wb.create_sheet(COVER_SHEET, 0)
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = False
    wb.active = 0
    ws.sheet_view.tabSelected = True
    _put(ws.cell(1, 1), TITLE)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    for row, line in enumerate(lines, start=2):
        _put(ws.cell(row, 1), line)
    header = len(lines) + 3
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, (title, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True), start=1):
        cell = ws.cell(header, col)
        _put(cell, title)
        cell.font, cell.fill, cell.alignment = Font(bold=True), _HEADER_FILL, _HEADER_ALIGN
        ws.column_dimensions[get_column_letter(col)].width = width
    for number, issue in enumerate(ordered, start=1):
        row = header + number
        note = f"{WAIVED_PREFIX}{issue.waiver}" if issue.waiver is not None else ""
        values = (number, issue.sheet, issue.cell, issue.indicator, issue.value,
                  issue.severity.label_vi, issue.message, issue.fix, note)  # fmt: skip
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row, col)
            _put(cell, value)
            cell.alignment = wrap
        if issue.sheet in annotated and _row_col(issue.cell):
            link = ws.cell(row, 3)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=cell_location(issue.sheet, str(issue.cell)))
            link.font = _LINK_FONT
    ws.freeze_panes = ws.cell(header + 1, 1).coordinate
    ws.auto_filter.ref = f"A{header}:{get_column_letter(len(COLUMNS))}{header + max(len(ordered), 1)}"
    ws.print_title_rows = f"{header}:{header}"
    setup = ws.page_setup  # A4 landscape, all columns on one page width
    setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight = "landscape", ws.PAPERSIZE_A4, 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _open(submission: Path) -> Workbook | None:
    """The commune's workbook for editing, or None when it cannot be annotated."""
    if submission.suffix.lower() not in ANNOTATABLE_SUFFIXES:
        return None
    try:
        return openpyxl.load_workbook(submission, keep_vba=False)
    except Exception:  # a damaged or mislabelled file fails in many ways; the cover still goes out
        return None


def _save(wb: Workbook, dest: Path) -> None:
    """Save beside ``dest`` then rename, so nobody ever mails a half-written file."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".feedback-", suffix=".xlsx", dir=dest.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_feedback(
    submission: Path, dest: Path, issues: Sequence[Issue], *, unit_name: str, period: Period, note: str | None = None
) -> Path:
    """Write the feedback workbook for ``submission`` (its ``issues``) to ``dest`` (.xlsx).

    The commune's own sheets are kept (protection included); the cover sheet is added in
    front. Issues without a cell, or whose sheet is gone, appear on the cover only.
    """
    submission, dest = Path(submission), Path(dest)
    wb = _open(submission)
    annotatable = wb is not None
    if wb is None:
        wb = openpyxl.Workbook()
        wb.remove(wb.worksheets[0])
    sheets = [name for name in wb.sheetnames if name != COVER_SHEET]
    ordered = _sorted(issues, sheets)
    name = next((issue.file for issue in issues if issue.file), submission.name)
    sha = next((issue.file_sha256 for issue in issues if issue.file_sha256), None) or file_sha256(submission)
    lines = [f"Đơn vị: {unit_name}", f"Kỳ báo cáo: {period.label_vi} ({period.code})",
             f"Tệp: {name}", f"SHA-256 của tệp: {sha}", _verdict(issues)]  # fmt: skip
    if note:
        lines.append(note)
    if not annotatable:
        lines.append(NOT_ANNOTATED.format(suffix=submission.suffix or "(không rõ)"))
    annotated = {s for s in sheets if isinstance(wb[s], Worksheet)} if annotatable else set()
    if annotatable:
        make_inert(wb)
        _mark_cells(wb, ordered)
    _cover(wb, ordered, lines, annotated)
    _save(wb, dest)
    return dest


PARALLEL_FEEDBACK = 16  # fewer feedback workbooks than this are written in this process


def write_feedback_workbooks(
    folder: Path,
    submissions: Sequence[Submission],
    issues: Sequence[Issue],
    registry: UnitRegistry,
    period: Period,
    progress: Progress,
    notes: Mapping[str, str] | None = None,
) -> None:
    """A feedback workbook for every submission that has something to say, written in
    parallel when there are many (each is an independent openpyxl load and save).
    ``notes`` adds a line to a file's cover (a rejected correction: which report counts)."""
    by_file: dict[str, list[Issue]] = defaultdict(list)
    for issue in issues:
        by_file[issue.file].append(issue)
    jobs = []
    for sub in submissions:
        if mine := by_file.get(sub.name):
            unit = registry.get(sub.unit_code)
            stem = f"{sub.unit_code or 'khong_ro'}_{Path(sub.name).stem}"
            note = (notes or {}).get(sub.name)
            jobs.append((sub.path, folder / f"{stem}.xlsx", mine, unit.name if unit else sub.name, period, note))
    progress.start("Ghi tệp phản hồi cho các xã", total=len(jobs))
    workers = os.cpu_count() or 1
    if len(jobs) < PARALLEL_FEEDBACK or workers == 1:
        for job in jobs:
            _write_one(*job)
            progress.advance()
        return
    with ProcessPoolExecutor(workers) as pool:
        for _ in pool.map(_write_one, *zip(*jobs, strict=True), chunksize=4):
            progress.advance()


def _write_one(source: Path, dest: Path, issues: list[Issue], unit_name: str, period: Period, note: str | None) -> Path:
    return write_feedback(source, dest, issues, unit_name=unit_name, period=period, note=note)
