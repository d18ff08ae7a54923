"""No output carries a commune's active content: formulas, links, DDE or script.

A commune's form is the one input nobody controls; every workbook, CSV and HTML page the
run writes is read back here and searched for anything that could run or reach out.
"""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.workbook.defined_name import DefinedName

from pipeline.run import Settings, run

HOSTILE_FORMULAS = {
    "rice_kg": "=cmd|' /C calc'!A0",  # DDE: starts a program where it is allowed
    "clothes_sets": '=HYPERLINK("http://example.invalid/x","bấm vào đây")',
    "firewood_bundles": "='[so_lieu_khac.xlsx]Sheet1'!A1",  # a link to another workbook
}
SCRIPT = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
ACTIVE_XML = re.compile(rb"<(?:\w+:)?(?:f|ddeLink|externalLink)\b|TargetMode=\"External\"")
# Names the writers themselves define for printing and filtering; any other name could hold a formula.
DEFINED_NAME = re.compile(rb'<definedName name="([^"]+)"')
OWN_NAMES = {b"_xlnm.Print_Area", b"_xlnm.Print_Titles", b"_xlnm._FilterDatabase"}
# A chart draws its series from a range of the workbook's own sheets: a bare reference, never a
# function, another workbook ("[x.xlsx]") or a name. Any other <c:f> is still refused.
CHART_RANGE = re.compile(rb"<c:f>'?([A-Za-z0-9_]+)'?!\$[A-Z]{1,3}\$\d+(?::\$[A-Z]{1,3}\$\d+)?</c:f>")
SHEET_NAME = re.compile(rb'<sheet name="([^"]+)"')


def _hostile_form(make_submission, folder: Path) -> Path:
    path = make_submission("23380", HOSTILE_FORMULAS, folder=folder, name="23380.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["2_KinhTe"]
    ws["A8"].hyperlink = "http://example.invalid/phishing"
    wb.defined_names["tong"] = DefinedName("tong", attr_text="'2_KinhTe'!$E$9")
    wb.save(path)
    return path


def _scripted_form(make_submission, folder: Path) -> Path:
    """A form whose metadata carries markup: it is refused, and its text shows in reports."""
    return make_submission("23383", folder=folder, name="23383.xlsx", meta={"template_id": SCRIPT})


def test_no_output_holds_active_content(tmp_path, make_submission, validator, period):
    inbox = tmp_path / "inbox"
    _hostile_form(make_submission, inbox)
    _scripted_form(make_submission, inbox)
    result = run(Settings(inbox=inbox, output=tmp_path / "out", period=period), lambda: validator)
    out = result.output_dir
    assert {i.rule for i in result.issues if i.unit_code == "23380"} >= {"formula_not_trusted"}
    feedback = sorted((out / "validation" / "phan_hoi").glob("*.xlsx"))
    assert any(p.name.startswith("23380") for p in feedback)

    workbooks = sorted(out.rglob("*.xlsx"))
    assert len(workbooks) >= 3
    for book in workbooks:
        with zipfile.ZipFile(book) as archive:
            sheets = set(SHEET_NAME.findall(archive.read("xl/workbook.xml"))) if book.suffix == ".xlsx" else set()
            for member in archive.namelist():
                xml = archive.read(member)
                if member.startswith("xl/charts/"):
                    assert set(CHART_RANGE.findall(xml)) <= sheets, f"{book.name}:{member} draws from another book"
                    xml = CHART_RANGE.sub(b"", xml)
                found = ACTIVE_XML.search(xml)
                assert found is None, f"{book.name}:{member} holds {found.group(0)!r}"
                names = set(DEFINED_NAME.findall(xml)) - OWN_NAMES
                assert not names, f"{book.name}:{member} defines {names}"

    # The commune's formula is shown as its text, where the commune typed it.
    copy = openpyxl.load_workbook(next(p for p in feedback if p.name.startswith("23380")))
    shown = {c.value for row in copy["2_KinhTe"].iter_rows() for c in row if isinstance(c.value, str)}
    assert set(HOSTILE_FORMULAS.values()) <= shown
    assert copy["2_KinhTe"]["A8"].hyperlink is None

    for table in sorted(out.rglob("*.csv")):
        with open(table, encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                assert not [v for v in row if v[:1] in ("=", "+", "@") and v != "+"], f"{table.name}: {row}"

    pages = sorted(out.rglob("*.html"))
    assert pages, "the Data Docs pages are written"
    for page in pages:
        text = page.read_text(encoding="utf-8", errors="replace")
        assert "<script>alert(2)" not in text and 'onerror="alert(1)"' not in text, page
