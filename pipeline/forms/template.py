"""Generate the input templates (xlsxwriter) and their layout files from the catalog.

One blank master, and one copy per unit with its code, name and period filled in and
locked. Input cells are the only unlocked cells and carry Excel data validation, so the
commonest mistakes are stopped in Excel itself; the reader still checks everything,
because LibreOffice and old Excel do not always enforce validation. Each sheet prints as
the commune signs it (:mod:`pipeline.forms.page`): rows fitted to their wrapped labels, the
signature block at the end, and the indicator codes, which the reader goes by, in a hidden
column that neither Excel nor LibreOffice prints.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline.forms.layout import (
    CODE_HEADER,
    FORM_KEY,
    INSTRUCTIONS_SHEET,
    META_KEYS,
    META_SHEET,
    REPORTER_LABEL,
    TOTAL_HEADER,
    CellRef,
    InputCell,
    Layout,
    layout_path,
)
from pipeline.forms.page import Text, column_pixels, fit_row, signature_block
from pipeline.forms.template_cells import HEADER_ROW, Formats, input_validation, print_setup, write_input
from pipeline.spec.catalog import Catalog, Indicator, Section
from pipeline.spec.periods import Period
from pipeline.spec.units import Unit, UnitRegistry

FIRST_DATA_ROW = HEADER_ROW + 2
CODE_COL = 2  # column C, where the reader and earlier forms expect the indicator code
REQUIRED_NOTE = "(*) Chỉ tiêu bắt buộc: không được để trống."
_PROTECT_OPTIONS = {
    "insert_rows": True,
    "format_cells": True,
    "format_columns": True,
    "format_rows": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
}

INSTRUCTIONS = (
    'Chỉ nhập số liệu vào các ô màu vàng. Không đổi tên các trang tính. Cột C "Mã chỉ tiêu" được ẩn và'
    " không in: số liệu được nhận theo mã này, không xóa, không sửa cột này.",
    "Để TRỐNG ô khi chưa có số liệu; ghi 0 khi số liệu thực tế bằng không. Ô trống không được hiểu là 0.",
    "Nhập số, không nhập công thức: công thức không được tính khi tổng hợp.",
    'Số lớn gõ liền (ví dụ 1250); nếu gõ dạng chữ "1.250" sẽ được đọc là một nghìn hai trăm năm mươi.',
    'Các cột "Trong đó" không được lớn hơn cột "Tổng số" của cùng dòng.',
    "Các ô Có/Không: chọn trong danh sách thả xuống.",
    'Tiền ghi theo đơn vị ở cột "Đơn vị tính" (đồng hoặc triệu đồng).',
    "Có thể chèn thêm dòng ghi chú; số liệu được nhận theo mã chỉ tiêu, không theo số dòng.",
    "Lưu tệp dạng .xlsx (Excel) hoặc .ods (LibreOffice) và gửi về phòng chuyên môn cấp trên đúng hạn.",
)


def template_filename(catalog: Catalog, unit: Unit | None = None, period: Period | None = None) -> str:
    ds = catalog.dataset
    if unit is None or period is None:
        return f"{ds.template_id}_v{ds.template_version}.xlsx"
    return f"{ds.template_id}_{period.code}_{unit.code}.xlsx"


def _header_block(
    ws: Worksheet,
    f: Formats,
    catalog: Catalog,
    unit: Unit | None,
    period: Period | None,
    last_col: int,
    section_title: str,
) -> None:
    ds = catalog.dataset
    reporter = unit.name if unit else "……………………"
    ws.write(0, 0, f"UBND {reporter}", f.bold)
    ws.merge_range(0, last_col - 2, 0, last_col, ds.form_number, f.bold_right)
    ws.merge_range(1, 0, 1, last_col, ds.title_vi.upper(), f.title)
    ws.merge_range(
        2, 0, 2, last_col, f"Kỳ báo cáo: {period.label_vi if period else '6 tháng …… năm ……'}", f.italic_center
    )
    ws.write(3, 0, f"{REPORTER_LABEL}{reporter}" + (f" (mã {unit.code})" if unit else ""), f.text)
    recipient = ds.recipient_on(period.last_day) if period else ds.recipient_vi
    ws.write(4, 0, f"Đơn vị nhận báo cáo: {recipient}", f.text)
    ws.write(5, 0, section_title, f.bold)


def _section_sheet(
    wb: Workbook,
    f: Formats,
    catalog: Catalog,
    section: Section,
    indicators: Sequence[Indicator],
    unit: Unit | None,
    period: Period | None,
    protect: bool,
    values: Mapping[str, Any],
) -> list[InputCell]:
    parts = [d for d in catalog.disaggregations if any(d.code in i.disaggregations for i in indicators)]
    titles = ["STT", "Chỉ tiêu", CODE_HEADER, "Đơn vị tính", TOTAL_HEADER, *(p.label_vi for p in parts), "Ghi chú"]
    # The code column has no letter: it is hidden and never printed, so the printed letters run on.
    letters = ["A", "B", "", "C", *(f"({n})" for n in range(1, len(parts) + 2)), "D"]
    widths = [5.0, 52.0, 14.0, 11.0, *(12.0 for _ in range(len(parts) + 1)), 16.0]
    last_col = len(titles) - 1
    ws = wb.add_worksheet(section.sheet)
    for col, width in enumerate(widths):
        # Hidden, the code column stays in the sheet for the reader, which finds rows by it,
        # and prints neither in Excel nor in LibreOffice (a print area cannot skip a column).
        ws.set_column(col, col, width, None, {"hidden": col == CODE_COL})
    px = [0.0 if col == CODE_COL else float(column_pixels(w)) for col, w in enumerate(widths)]
    _header_block(ws, f, catalog, unit, period, last_col, f"{section.code}. {section.title_vi}")
    fit_row(ws, 1, [Text(catalog.dataset.title_vi.upper(), sum(px), 14, True)])
    for col, (title, letter) in enumerate(zip(titles, letters, strict=True)):
        ws.write(HEADER_ROW, col, title, f.header)
        ws.write(HEADER_ROW + 1, col, letter, f.letter)
    fit_row(ws, HEADER_ROW, [Text(t, px[c], 12, True) for c, t in enumerate(titles) if px[c]])
    cells: list[InputCell] = []
    for n, ind in enumerate(indicators, start=1):
        row = FIRST_DATA_ROW + n - 1
        label = ind.label_vi + (" (*)" if ind.required else "")
        ws.write_number(row, 0, n, f.unit)
        ws.write_string(row, 1, label, f.label)
        ws.write_string(row, CODE_COL, ind.code, f.code)
        ws.write_string(row, 3, ind.unit, f.unit)
        value_cols = [(4, ind.code, ind.label_vi)] + [
            (5 + k, f"{ind.code}.{p.code}", f"{ind.label_vi} — {p.label_vi}")
            for k, p in enumerate(parts)
            if p.code in ind.disaggregations
        ]
        for col in range(4, last_col):
            ws.write_blank(row, col, None, f.na)
        for col, code, label_part in value_cols:
            write_input(ws, row, col, values.get(code), f.inputs[ind.type])
            ws.data_validation(row, col, row, col, input_validation(ind))
            cells.append(
                InputCell(
                    code,
                    section.sheet,
                    xl_rowcol_to_cell(row, col),
                    ind.type.value,
                    ind.unit,
                    label_part,
                    ind.required and col == 4,
                )
            )
        note = "" if unit or set(ind.levels) != {"commune"} else "Chỉ cấp xã"
        ws.write(row, last_col, note, f.free_input)
        fit_row(ws, row, [Text(label, px[1]), Text(ind.unit, px[3]), Text(note, px[last_col])])
    end = FIRST_DATA_ROW + len(indicators)
    ws.write(end + 1, 1, REQUIRED_NOTE, f.wrap)
    fit_row(ws, end + 1, [Text(REQUIRED_NOTE, px[1])])
    place = unit.short_name if unit else None
    signature_block(ws, f.signature, end + 3, 1, (3, last_col), widths, place)
    ws.freeze_panes(FIRST_DATA_ROW, 0)
    print_setup(ws, last_col, HEADER_ROW + 1)
    if protect:
        ws.protect("", _PROTECT_OPTIONS)
    return cells


def _instructions_sheet(
    wb: Workbook, f: Formats, catalog: Catalog, unit: Unit | None, period: Period | None
) -> dict[str, CellRef]:
    ws = wb.add_worksheet(INSTRUCTIONS_SHEET)
    widths = (4, 26, 70)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.merge_range(0, 0, 0, 2, catalog.dataset.title_vi.upper(), f.title)
    fit_row(ws, 0, [Text(catalog.dataset.title_vi.upper(), sum(map(column_pixels, widths)), 14, True)])
    ws.merge_range(1, 0, 1, 2, "HƯỚNG DẪN ĐIỀN BIỂU MẪU", f.title)
    fmt = f.locked_value if unit else f.free_input
    rows = [
        ("Mã đơn vị (mã thống kê)", unit.code if unit else ""),
        ("Tên đơn vị", unit.name if unit else ""),
        ("Kỳ báo cáo (ví dụ 2020S1)", period.code if period else ""),
    ]
    entry: dict[str, CellRef] = {}
    for k, (label, value) in enumerate(rows):
        ws.write(3 + k, 1, label, f.bold)
        ws.write_string(3 + k, 2, value, fmt)
        entry[("unit_code_entry", "unit_name_entry", "period_entry")[k]] = CellRef(
            INSTRUCTIONS_SHEET, xl_rowcol_to_cell(3 + k, 2)
        )
    ws.write(7, 1, "Phiên bản biểu mẫu", f.bold)
    ws.write_string(7, 2, f"{catalog.dataset.template_id} v{catalog.dataset.template_version}", f.text)
    ws.write(9, 1, "Cách điền", f.bold)
    for k, line in enumerate(INSTRUCTIONS, start=1):
        ws.write_number(9 + k, 0, k, f.center)
        ws.merge_range(9 + k, 1, 9 + k, 2, line, f.wrap)
        fit_row(ws, 9 + k, [Text(line, column_pixels(widths[1]) + column_pixels(widths[2]))])
    print_setup(ws, 2)
    ws.protect("", _PROTECT_OPTIONS)
    return entry


def _meta_sheet(
    wb: Workbook, catalog: Catalog, unit: Unit | None, period: Period | None, form_key: str | None = None
) -> dict[str, CellRef]:
    ws = wb.add_worksheet(META_SHEET)
    values = {
        "template_id": catalog.dataset.template_id,
        "template_version": catalog.dataset.template_version,
        "dataset": catalog.dataset.id,
        "unit_code": unit.code if unit else "",
        "unit_name": unit.name if unit else "",
        "period": period.code if period else "",
    }
    keys = (*META_KEYS, FORM_KEY) if form_key else META_KEYS
    values[FORM_KEY] = form_key or ""
    refs: dict[str, CellRef] = {}
    for row, key in enumerate(keys):
        ws.write_string(row, 0, key)
        ws.write_string(row, 1, values[key])
        refs[key] = CellRef(META_SHEET, xl_rowcol_to_cell(row, 1))
    ws.hide()
    ws.protect("", _PROTECT_OPTIONS)
    return refs


def build_template(
    path: Path,
    catalog: Catalog,
    unit: Unit | None = None,
    period: Period | None = None,
    values: Mapping[str, Any] | None = None,
    form_key: str | None = None,
) -> Layout:
    """Write one template (master if ``unit`` is None) and its layout file, atomically.

    A unit copy only shows the indicators its level reports, so a commune never sees a
    district-only row, and its identity cells are locked. ``values`` pre-fills input
    cells: the fast way to produce many filled forms (benchmarks, synthetic inboxes)
    through the same drawing code; :mod:`pipeline.forms.fill` edits an existing form instead.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(suffix=".xlsx", dir=path.parent)
    os.close(fd)
    wb = xlsxwriter.Workbook(tmp_name, {"strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties(
        {
            "title": catalog.dataset.title_vi,
            "subject": catalog.dataset.template_id,
            "comments": f"{catalog.dataset.template_id} v{catalog.dataset.template_version}",
        }
    )
    formats = Formats(wb)
    entry = _instructions_sheet(wb, formats, catalog, unit, period)
    cells: list[InputCell] = []
    for section in catalog.sections:
        indicators = [i for i in section.indicators if unit is None or unit.level in i.levels]
        if indicators:
            cells += _section_sheet(
                wb, formats, catalog, section, indicators, unit, period, protect=True, values=values or {}
            )
    meta = _meta_sheet(wb, catalog, unit, period, form_key)
    wb.worksheets()[0].activate()
    wb.close()
    os.chmod(tmp_name, 0o644)
    os.replace(tmp_name, path)
    layout = Layout(
        catalog.dataset.template_id,
        catalog.dataset.template_version,
        unit.code if unit else None,
        period.code if period else None,
        {**meta, **entry},
        tuple(cells),
    )
    layout_path(path).write_text(layout.to_json(), encoding="utf-8")
    return layout


def build_templates(
    out_dir: Path, catalog: Catalog, registry: UnitRegistry, period: Period, keys: Mapping[str, str] | None = None
) -> list[Path]:
    """The master in ``out_dir`` and one locked copy per reporting unit in ``out_dir/<period>``;
    ``keys`` gives a unit's form key (see :mod:`pipeline.intake.issued_forms`)."""
    written = [Path(out_dir) / template_filename(catalog)]
    build_template(written[0], catalog)
    levels = {lv for i in catalog.indicators for lv in i.levels}
    for unit in registry.subtree():
        if unit.level in levels:
            target = Path(out_dir) / period.code / template_filename(catalog, unit, period)
            build_template(target, catalog, unit, period, form_key=(keys or {}).get(unit.code))
            written.append(target)
    return written
