"""Generate the input templates (xlsxwriter) and their layout files from the catalog.

One blank master, and one copy per unit with its code, name and period filled in and
locked. Input cells are the only unlocked cells and carry Excel data validation, so the
commonest mistakes are stopped in Excel itself; the reader still checks everything,
because LibreOffice and old Excel do not always enforce validation.
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
from pipeline.forms.template_cells import HEADER_ROW, Formats, input_validation, print_setup, write_input
from pipeline.spec.catalog import Catalog, Indicator, Section
from pipeline.spec.periods import Period
from pipeline.spec.units import Unit, UnitRegistry

FIRST_DATA_ROW = HEADER_ROW + 2
_PROTECT_OPTIONS = {
    "insert_rows": True,
    "format_cells": True,
    "format_columns": True,
    "format_rows": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
}

INSTRUCTIONS = (
    'Chỉ nhập số liệu vào các ô màu vàng. Không sửa cột "Mã chỉ tiêu", không đổi tên các trang tính.',
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
    ws.write(4, 0, f"Đơn vị nhận báo cáo: {ds.recipient_vi}", f.text)
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
    letters = ["A", "B", "C", "D", *(f"({n})" for n in range(1, len(parts) + 2)), "E"]
    last_col = len(titles) - 1
    ws = wb.add_worksheet(section.sheet)
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 52)
    ws.set_column(2, 2, 14)
    ws.set_column(3, 3, 11)
    ws.set_column(4, last_col - 1, 12)
    ws.set_column(last_col, last_col, 16)
    _header_block(ws, f, catalog, unit, period, last_col, f"{section.code}. {section.title_vi}")
    for col, (title, letter) in enumerate(zip(titles, letters, strict=True)):
        ws.write(HEADER_ROW, col, title, f.header)
        ws.write(HEADER_ROW + 1, col, letter, f.letter)
    ws.set_row(HEADER_ROW, 36)
    cells: list[InputCell] = []
    for n, ind in enumerate(indicators, start=1):
        row = FIRST_DATA_ROW + n - 1
        ws.write_number(row, 0, n, f.unit)
        ws.write_string(row, 1, ind.label_vi + (" (*)" if ind.required else ""), f.label)
        ws.write_string(row, 2, ind.code, f.code)
        ws.write_string(row, 3, ind.unit, f.unit)
        value_cols = [(4, ind.code, ind.label_vi)] + [
            (5 + k, f"{ind.code}.{p.code}", f"{ind.label_vi} — {p.label_vi}")
            for k, p in enumerate(parts)
            if p.code in ind.disaggregations
        ]
        for col in range(4, last_col):
            ws.write_blank(row, col, None, f.na)
        for col, code, label in value_cols:
            write_input(ws, row, col, values.get(code), f.inputs[ind.type])
            ws.data_validation(row, col, row, col, input_validation(ind))
            cells.append(
                InputCell(
                    code,
                    section.sheet,
                    xl_rowcol_to_cell(row, col),
                    ind.type.value,
                    ind.unit,
                    label,
                    ind.required and col == 4,
                )
            )
        note = "" if unit or set(ind.levels) != {"commune"} else "Chỉ cấp xã"
        ws.write(row, last_col, note, f.free_input)
    end = FIRST_DATA_ROW + len(indicators)
    ws.write(end + 1, 1, "(*) Chỉ tiêu bắt buộc: không được để trống.", f.wrap)
    ws.write(end + 3, 1, "Người lập biểu", f.center)
    ws.write(end + 3, last_col - 1, "TM. ỦY BAN NHÂN DÂN", f.bold)
    ws.write(end + 4, 1, "(Ký, ghi rõ họ tên)", f.italic_center)
    ws.write(end + 4, last_col - 1, "(Ký, đóng dấu, ghi rõ họ tên)", f.text)
    ws.freeze_panes(FIRST_DATA_ROW, 0)
    print_setup(ws, last_col, HEADER_ROW + 1)
    if protect:
        ws.protect("", _PROTECT_OPTIONS)
    return cells


def _instructions_sheet(
    wb: Workbook, f: Formats, catalog: Catalog, unit: Unit | None, period: Period | None
) -> dict[str, CellRef]:
    ws = wb.add_worksheet(INSTRUCTIONS_SHEET)
    ws.set_column(0, 0, 4)
    ws.set_column(1, 1, 26)
    ws.set_column(2, 2, 70)
    ws.merge_range(0, 0, 0, 2, catalog.dataset.title_vi.upper(), f.title)
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
        ws.set_row(9 + k, 32)
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
