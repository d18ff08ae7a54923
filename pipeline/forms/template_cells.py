"""The form's cell formats, Excel data validation, print setup and input cells.

Defined once for every sheet of the form, so the master and the per-unit copies look
and print alike and the yellow input cells are the only ones a commune can edit.

Numbers carry the Vietnamese locale in their format code (``[$-42A]``, LCID 0x042A).
Measured with LibreOffice 7.4 (PDF export, en-US profile): ``#,##0`` prints 2596 as
"2,596" and ``#,##0.##`` 97.9 as "97.9"; with the prefix they print "2.596" and "97,9"
(and 12 as "12", 7800000 as "7.800.000"). ``[$-vi-VN]`` is not understood there (it prints
"2596"). Excel accepts the prefix, as the appendix workbook's cells already carry it, and
takes the separators themselves from Windows' regional settings.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline.forms.layout import FALSE_TEXT, TRUE_TEXT
from pipeline.forms.page import SignatureFormats
from pipeline.spec.catalog import Indicator, ValueType

HEADER_ROW = 6  # zero-based: row 7 in Excel holds the column titles
FONT = "Times New Roman"
VIETNAMESE = "[$-42A]"
INTEGER_FORMAT = VIETNAMESE + "#,##0"
DECIMAL_FORMAT = VIETNAMESE + "#,##0.##"


class Formats:
    """The workbook's cell formats, defined once."""

    def __init__(self, wb: Workbook):
        base: dict[str, Any] = {"font_name": FONT, "font_size": 12, "valign": "vcenter"}
        cell = {**base, "border": 1, "text_wrap": True}
        self.text = wb.add_format(base)
        self.bold = wb.add_format({**base, "bold": True})
        self.bold_right = wb.add_format({**base, "bold": True, "align": "right"})
        self.title = wb.add_format({**base, "bold": True, "font_size": 14, "align": "center", "text_wrap": True})
        self.center = wb.add_format({**base, "align": "center"})
        self.italic_center = wb.add_format({**base, "italic": True, "align": "center"})
        self.wrap = wb.add_format({**base, "text_wrap": True, "valign": "top"})
        self.header = wb.add_format({**cell, "bold": True, "align": "center", "bg_color": "#D9E1F2"})
        self.letter = wb.add_format({**cell, "italic": True, "align": "center", "font_size": 10})
        self.label = wb.add_format(cell)
        # The code column is hidden and never printed; unwrapped, so a reader who shows it sees whole codes.
        self.code = wb.add_format({**cell, "text_wrap": False, "font_size": 9, "font_color": "#595959"})
        self.unit = wb.add_format({**cell, "align": "center"})
        self.na = wb.add_format({**cell, "bg_color": "#D9D9D9"})
        self.locked_value = wb.add_format({**base, "bold": True, "bg_color": "#E2EFDA", "border": 1})
        input_base = {**cell, "bg_color": "#FFF2CC", "locked": False}
        self.inputs = {
            ValueType.INTEGER: wb.add_format({**input_base, "num_format": INTEGER_FORMAT}),
            ValueType.DECIMAL: wb.add_format({**input_base, "num_format": DECIMAL_FORMAT}),
            ValueType.BOOLEAN: wb.add_format({**input_base, "align": "center"}),
        }
        self.free_input = wb.add_format({**input_base})
        sign = {**base, "align": "center", "font_size": 13}
        self.signature = SignatureFormats(
            date=wb.add_format({**sign, "italic": True}),
            title=wb.add_format({**sign, "bold": True}),
            note=wb.add_format({**sign, "italic": True, "font_size": 12}),
            name=wb.add_format({**sign, "bold": True}),
        )


def input_validation(ind: Indicator) -> dict[str, Any]:
    """Excel data validation for an input cell, with a Vietnamese prompt and refusal."""
    common = {
        "input_title": "Nhập số liệu",
        "error_title": "Giá trị không hợp lệ",
        "ignore_blank": True,
    }
    if ind.type is ValueType.BOOLEAN:
        return {
            **common,
            "validate": "list",
            "source": [TRUE_TEXT, FALSE_TEXT],
            "input_message": "Chọn Có hoặc Không.",
            "error_message": "Chỉ chọn Có hoặc Không trong danh sách.",
        }
    kind = "integer" if ind.type is ValueType.INTEGER else "decimal"
    what = "số nguyên" if kind == "integer" else "số"
    return {
        **common,
        "validate": kind,
        "criteria": ">=",
        "value": 0,
        "input_message": f"Nhập {what} không âm, đơn vị: {ind.unit}. Để trống nếu chưa có số liệu.",
        "error_message": f"Ô này chỉ nhận {what} lớn hơn hoặc bằng 0 ({ind.unit}).",
    }


def print_setup(ws: Worksheet, last_col: int, repeat_to: int | None = None) -> None:
    ws.set_paper(9)  # A4
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
    ws.center_horizontally()
    ws.set_footer("&CTrang &P/&N")
    if repeat_to is not None:
        ws.repeat_rows(HEADER_ROW, repeat_to)
    ws.print_area(0, 0, ws.dim_rowmax or 0, last_col)


def write_input(ws: Worksheet, row: int, col: int, value: Any, fmt: Any) -> None:
    """An input cell, blank unless a value is given (as a filled form would hold it)."""
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, TRUE_TEXT if value else FALSE_TEXT, fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)
