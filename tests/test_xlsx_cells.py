"""Cell formats and writers of the appendix: formats made once, blanks kept blank, text as text."""

from __future__ import annotations

import math

import openpyxl
import xlsxwriter

from pipeline.write.xlsx_cells import LOCALE_PREFIX, Styles, decimals_of, put_merged, put_number, put_text


def test_decimals_show_what_a_figure_carries_up_to_the_limit():
    assert [decimals_of(v) for v in (12.0, 12.5, 3.25, 3.847)] == [0, 1, 2, 2]
    assert decimals_of(3.847, most=6) == 3


def test_formats_are_made_once_per_kind_and_numbers_carry_the_vietnamese_locale(tmp_path):
    book = xlsxwriter.Workbook(str(tmp_path / "a.xlsx"))
    st = Styles(book)
    assert st.get(bold=True) is st.get(bold=True)
    assert st.get(bold=True, align="center") is not st.get(bold=True)
    assert st.number(1) is st.number(1)
    assert st.number(1).num_format.startswith(LOCALE_PREFIX)
    book.close()


def test_blank_stays_blank_and_formula_like_text_stays_text(tmp_path):
    path = tmp_path / "b.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws, st = book.add_worksheet("S"), Styles(book)
    put_number(ws, 0, 0, None, st.number(0), st.get())
    put_number(ws, 0, 1, math.nan, st.number(0), st.get())
    put_number(ws, 0, 2, 7896.0, st.number(0), st.get())
    put_text(ws, 1, 0, "=1+1", st.get())
    put_merged(ws, 2, 0, 2, "-cmd", st.get())
    book.close()
    sheet = openpyxl.load_workbook(path)["S"]
    assert [c.value for c in sheet[1]] == [None, None, 7896]
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("=1+1", "s")
    assert (sheet["A3"].value, sheet["A3"].data_type) == ("-cmd", "s")
    assert "A3:C3" in {str(r) for r in sheet.merged_cells.ranges}
