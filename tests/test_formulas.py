"""Formula cells are found in the sheet XML, whoever wrote the file."""

from __future__ import annotations

import shutil
import time
import zipfile

import openpyxl
import pytest
import xlsxwriter

from pipeline.read.formulas import formula_cells


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


# --- OpenDocument spreadsheets, built by hand so every structure is under test control ---

_ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{_ODS_MIME}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
_CONTENT_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:spreadsheet>"
)
_CONTENT_TAIL = "</office:spreadsheet></office:body></office:document-content>"
_EMPTY_REST = (  # what LibreOffice writes after the last used row: one row standing for a million
    '<table:table-row table:number-rows-repeated="1048560">'
    '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
)


def _write_ods(path, tables: str, mimetype: str = _ODS_MIME, content: str | None = None):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        body = content if content is not None else _CONTENT_HEAD + tables + _CONTENT_TAIL
        archive.writestr("content.xml", body, compress_type=zipfile.ZIP_DEFLATED)
    return path


def _cell(formula: str | None = None, repeat: int = 1, tag: str = "table-cell", **extra: str) -> str:
    attrs = "".join(f' table:{k.replace("_", "-")}="{v}"' for k, v in extra.items())
    if formula:
        attrs += f' table:formula="{formula}" office:value-type="float" office:value="0"'
    if repeat > 1:
        attrs += f' table:number-columns-repeated="{repeat}"'
    return f"<table:{tag}{attrs}><text:p>1</text:p></table:{tag}>"


_TWO_SHEETS = (
    '<table:table table:name="Trang 1">'
    '<table:table-column table:number-columns-repeated="16384"/>'
    "<table:table-header-rows>"  # row 1, inside a group: still row 1
    f'<table:table-row>{_cell()}{_cell("of:=[.A1]*2")}<table:table-cell table:number-columns-repeated="16382"/>'
    "</table:table-row></table:table-header-rows>"
    # row 2: A2 spans A2:B2, B2 is the covered cell, the formula sits in C2
    f"<table:table-row>{_cell(number_columns_spanned='2')}{_cell(tag='covered-table-cell')}{_cell('of:=1')}"
    "</table:table-row>"
    '<table:table-row table:number-rows-repeated="5"><table:table-cell/></table:table-row>'  # rows 3-7
    # rows 8-10: one row written once, repeated three times, formula in C
    f'<table:table-row table:number-rows-repeated="3">{_cell(repeat=2)}{_cell("of:=1")}</table:table-row>'
    # row 11: a formula repeated over two columns (B11, C11), then a covered cell holding one (D11)
    f"<table:table-row>{_cell()}{_cell('of:=[.A1]', repeat=2)}{_cell('of:=2', tag='covered-table-cell')}"
    "</table:table-row>" + _EMPTY_REST + "</table:table>"
    '<table:table table:name="Trống">'
    '<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="9"/>'
    f"</table:table-row><table:table-row>{_cell(repeat=27)}{_cell('of:=SUM([.A1:.A2])')}</table:table-row>"
    + _EMPTY_REST
    + "</table:table>"
    f'<table:table table:name="Không có công thức"><table:table-row>{_cell(repeat=3)}</table:table-row></table:table>'
)


def test_ods_formulas_with_repeated_rows_columns_and_covered_cells(tmp_path):
    path = _write_ods(tmp_path / "a.ods", _TWO_SHEETS)
    assert formula_cells(path) == {
        "Trang 1": {"B1", "C2", "C8", "C9", "C10", "B11", "C11", "D11"},
        "Trống": {"AB3"},
    }


def test_ods_is_sniffed_by_its_mimetype_whatever_the_name(tmp_path):
    expected = formula_cells(_write_ods(tmp_path / "a.ods", _TWO_SHEETS))
    assert expected
    assert formula_cells(_write_ods(tmp_path / "a.xls", _TWO_SHEETS)) == expected
    assert formula_cells(_write_ods(tmp_path / "a.xlsx", _TWO_SHEETS)) == expected
    template = "application/vnd.oasis.opendocument.spreadsheet-template"
    assert formula_cells(_write_ods(tmp_path / "a.ots", _TWO_SHEETS, mimetype=template)) == expected
    # A text document carries table:formula too, but is no spreadsheet.
    text = "application/vnd.oasis.opendocument.text"
    assert formula_cells(_write_ods(tmp_path / "b.ods", _TWO_SHEETS, mimetype=text)) == {}


def test_huge_repeat_counts_cost_nothing(tmp_path):
    """Repeats far beyond any sheet: an empty one must not be walked, a formula one is clipped."""
    empty = f'<table:table-row table:number-rows-repeated="{10**12}"><table:table-cell table:number-columns-repeated="{10**12}"/></table:table-row>'  # noqa: E501
    tables = (
        f'<table:table table:name="A">{empty}{empty}</table:table>'
        f'<table:table table:name="B"><table:table-row table:number-rows-repeated="{10**12}">'
        f"{_cell('of:=1', repeat=10**12)}</table:table-row>{empty}</table:table>"
    )
    path = _write_ods(tmp_path / "big.ods", tables)
    started = time.perf_counter()
    found = formula_cells(path)
    assert time.perf_counter() - started < 5
    assert set(found) == {"B"}
    assert {"A1", "XFD1", "A2"} <= found["B"] and "XFD1048577" not in found["B"]
    assert len(found["B"]) <= 100_000


@pytest.mark.parametrize(
    "content",
    [
        _CONTENT_HEAD + _TWO_SHEETS,  # cut short
        "not xml at all",
        _CONTENT_HEAD.replace("table:1.0", "table:9.9") + _TWO_SHEETS + _CONTENT_TAIL,  # foreign namespace
    ],
)
def test_damaged_ods_gives_nothing(tmp_path, content):
    assert formula_cells(_write_ods(tmp_path / "bad.ods", "", content=content)) == {}


def test_ods_without_content_gives_nothing(tmp_path):
    with zipfile.ZipFile(tmp_path / "empty.ods", "w") as archive:
        archive.writestr("mimetype", _ODS_MIME)
    assert formula_cells(tmp_path / "empty.ods") == {}


def test_xlsx_renamed_xls_is_still_checked(tmp_path):
    wb = xlsxwriter.Workbook(tmp_path / "a.xlsx")
    wb.add_worksheet("Trang 1").write_formula("E12", "=1+1")
    wb.close()
    shutil.copy(tmp_path / "a.xlsx", tmp_path / "a.xls")
    shutil.copy(tmp_path / "a.xlsx", tmp_path / "a")
    assert formula_cells(tmp_path / "a.xls") == formula_cells(tmp_path / "a") == {"Trang 1": {"E12"}}


def test_binary_xls_gives_nothing(tmp_path):
    """Old Excel's BIFF format is not scanned (see the module docstring)."""
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert formula_cells(tmp_path / "old.xls") == {}
