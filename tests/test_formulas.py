"""Formula cells are found in the sheet XML, whoever wrote the file."""

from __future__ import annotations

import openpyxl
import xlsxwriter

from pipeline.formulas import formula_cells


def test_formulas_written_by_xlsxwriter_and_openpyxl(tmp_path):
    wb = xlsxwriter.Workbook(tmp_path / "a.xlsx")
    ws = wb.add_worksheet("Trang 1")
    ws.write("A1", 1)
    ws.write_formula("B2", "=A1*2")
    ws.write_formula("C3", "=1", None, 5)
    wb.add_worksheet("Trống").write("A1", "x")
    wb.close()
    assert formula_cells(tmp_path / "a.xlsx") == {"Trang 1": {"B2", "C3"}}
    book = openpyxl.load_workbook(tmp_path / "a.xlsx")
    book["Trống"]["D4"] = "=SUM(A1:A3)"
    book.save(tmp_path / "b.xlsx")
    assert formula_cells(tmp_path / "b.xlsx") == {"Trang 1": {"B2", "C3"}, "Trống": {"D4"}}


def test_not_an_xlsx_gives_nothing(tmp_path):
    (tmp_path / "x.xlsx").write_bytes(b"garbage")
    assert formula_cells(tmp_path / "x.xlsx") == {}
    assert formula_cells(tmp_path / "x.ods") == {}
