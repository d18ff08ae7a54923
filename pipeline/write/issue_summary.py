"""The first sheet of ``issues.xlsx``, "Tom_tat": one row per unit's report, to print.

The officer who prints ``issues.xlsx`` wants one page saying, commune by commune, whether
the report counts, how many errors and warnings it has and what the first of them are,
in the messages' own plain words: the wide list "Van_de" is for filtering on screen.
A unit appears once per file that decides its fate (accepted, rejected, held, or missing
when nothing came); a superseded or ignored file changes nothing, so it is only counted
under the table. Portrait A4, one page wide, the header repeated on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from pipeline.aggregate.completeness import Completeness
from pipeline.intake.outcomes import FileOutcome, Status
from pipeline.issues.issue import Issue
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry
from pipeline.write.issue_rows import row_points
from pipeline.write.validation_report import ByFile, accepted_units, late_files, unit_label

SUMMARY_SHEET = "Tom_tat"
SHOWN = 3
"""Problems written out per row; the rest are counted and left to the sheet "Van_de"."""
COLUMNS = (("STT", 5), ("Đơn vị, tệp", 30), ("Tình trạng", 15), ("Số lỗi", 7), ("Số cảnh báo", 9),
           ("Các vấn đề chính", 52))  # fmt: skip
FILE_POINTS = 9  # a file name under its unit's name, smaller: it is for finding the file, not for reading
_DECISIVE = (Status.ACCEPTED, Status.ACCEPTED_WITH_WARNINGS, Status.REJECTED, Status.HELD, Status.MISSING)


def _flat(text: Any) -> str:
    return " ".join(str(text).split())


def _rows(completeness: Completeness) -> list[FileOutcome]:
    """Decisive outcomes, in the order of the expected units, then those of no known unit."""
    order = {code: k for k, code in enumerate(completeness.expected)}
    chosen = [o for o in completeness.outcomes if o.status in _DECISIVE]
    return sorted(chosen, key=lambda o: order.get(o.unit_code or "", len(order)))


def _problems(o: FileOutcome, mine: Sequence[Issue]) -> list[str]:
    """Errors first, then open warnings, then the outcome's own reason when nothing else says it."""
    found = [i for i in mine if i.is_error] + [i for i in mine if i.is_open_warning]
    lines = [f"• {_flat(i.message)}" for i in found[:SHOWN]]
    if len(found) > SHOWN:
        lines.append(f"… và {len(found) - SHOWN} vấn đề khác (xem trang Van_de)")
    if not lines and o.reason:
        lines.append(_flat(o.reason))
    return lines


def _status(o: FileOutcome) -> str:
    return o.status.label_vi + (" — nộp muộn" if o.late and o.status is not Status.MISSING else "")


def summary_sheet(
    ws: Worksheet,
    fmt: dict[str, Format],
    issues: Sequence[Issue],
    by_file: ByFile,
    completeness: Completeness,
    registry: UnitRegistry,
    period: Period,
) -> None:
    """Title, the headline of ``report.md``, the table, and what the table leaves out."""
    rejected = sum(1 for o in completeness.outcomes if o.status is Status.REJECTED)
    ws.write_string(0, 0, f"Tóm tắt kết quả kiểm tra báo cáo — {period.label_vi}", fmt["title"])
    ws.write_string(
        1,
        0,
        f"Đã nhận hợp lệ {accepted_units(completeness)}/{len(completeness.expected)} đơn vị; bị loại: {rejected} tệp; "
        f"chưa gửi: {len(completeness.missing)} đơn vị; nộp muộn: {len(late_files(completeness))} tệp.",
        fmt["plain"],
    )
    header = 3
    for col, (title, width) in enumerate(COLUMNS):
        ws.set_column(col, col, width)
        ws.write_string(header, col, title, fmt["head"])
    ws.set_row(header, row_points([t for t, _ in COLUMNS], [w for _, w in COLUMNS], bold=True))
    row = header
    for number, o in enumerate(_rows(completeness), start=1):
        row = header + number
        mine = by_file.get(o.file, []) if o.file else []
        unit = unit_label(o.unit_code, registry)
        who = ((unit, 11), (_flat(o.file), FILE_POINTS)) if o.file else unit
        errors = sum(i.is_error for i in mine) if o.file else None  # no file: blank, not zero
        warnings = sum(i.is_open_warning for i in mine) if o.file else None
        values = (number, who, _status(o), errors, warnings, "\n".join(_problems(o, mine)))
        for col, value in enumerate(values):
            if isinstance(value, tuple):
                ws.write_rich_string(row, col, value[0][0] + "\n", fmt["small"], value[1][0], fmt["wrap"])
            elif isinstance(value, int):
                ws.write_number(row, col, value, fmt["cell"])
            elif value in (None, ""):
                ws.write_blank(row, col, None, fmt["cell"])
            else:
                ws.write_string(row, col, str(value), fmt["wrap"])
        ws.set_row(row, row_points(values, [w for _, w in COLUMNS]))
    set_aside = [o for o in completeness.outcomes if o.status in (Status.SUPERSEDED, Status.IGNORED)]
    if set_aside:
        ws.write_string(row + 2, 0, f"Ngoài ra {len(set_aside)} tệp bị thay thế hoặc bỏ qua, không ảnh hưởng "
                        "số liệu (xem trang Bi_thay_the, Bo_qua).", fmt["plain"])  # fmt: skip
    ws.repeat_rows(header)
    ws.set_paper(9)
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&CTrang &P/&N")
    ws.activate()
