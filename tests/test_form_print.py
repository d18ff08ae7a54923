"""The form as a commune officer prints it: a filled per-unit form exported to PDF by LibreOffice.

What matters on paper is read back from ``pdftotext``: the indicator codes never print
(they are for the reader, in a hidden column), each sheet ends with the date line and
the signatures of a commune report, and figures print the Vietnamese way whatever the
machine's locale (this test's LibreOffice profile is en-US, which printed "2,596" before
the formats carried the Vietnamese locale). Row heights are read from the workbook, since
neither Excel nor LibreOffice fits them when opening the file. One conversion serves all.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from pipeline.forms.fill import fill_template
from pipeline.forms.page import (
    AUTHORITY,
    HEAD_NOTE,
    NAME_LINE,
    POSITION,
    PREPARER,
    PREPARER_NOTE,
    column_pixels,
    date_line,
    line_height,
    text_lines,
)
from pipeline.forms.template import CODE_COL
from pipeline.read.workbook import read_submission

UNIT = "23380"
FIGURES = {
    "literacy_l1_population": 2596,
    "literacy_l1_literate": 2541,
    "literacy_l1_rate_reported": 97.9,
    "loan_amount": 12.5,
    "interest_free_loan_amount": 7_800_000,
}
PRINTED = {"2.596", "2.541", "97,9", "12,5", "7.800.000"}
NOT_PRINTED = {"2,596", "2596", "97.9", "12.5", "7,800,000"}
LIBERATION_SERIF = Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf")


def _squeeze(text: str) -> str:
    """pdftotext splits some words of kerned Vietnamese ("v ốn"): compare without spaces."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def filled(tmp_path_factory, unit_templates) -> Path:
    template, layout = unit_templates[UNIT]
    return fill_template(template, FIGURES, tmp_path_factory.mktemp("form") / "form.xlsx", layout)


@pytest.fixture(scope="module")
def pages(filled) -> list[str]:
    """The PDF's text, one string a page (the instructions, then one page a sheet)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice không được cài")
    work = filled.parent
    command = [
        "soffice",
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(work),
        str(filled),
    ]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        output, _ = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    pdf = work / "form.pdf"
    assert pdf.exists(), output.decode(errors="replace")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def test_one_page_for_the_instructions_and_one_for_each_sheet(pages, filled):
    sheets = [s for s in openpyxl.load_workbook(filled).sheetnames if s != "_meta"]
    assert len(pages) == len(sheets) == 8
    assert all(f"Trang {n}/8" in page for n, page in enumerate(pages, start=1))


def test_no_indicator_code_is_printed(pages, catalog):
    printed = _squeeze("".join(pages))
    assert "loan_households" not in printed
    assert [c for c in {i.code for i in catalog.indicators} | set(catalog.field_codes()) if c in printed] == []
    assert all("Mã chỉ tiêu" not in page for page in pages[1:])  # the title of the hidden column neither


def test_every_sheet_ends_with_the_date_line_and_the_signatures(pages):
    block = [date_line("Đắk Ang"), PREPARER, AUTHORITY, PREPARER_NOTE, POSITION, HEAD_NOTE, NAME_LINE]
    for page in pages[1:]:
        printed = _squeeze(page)
        where = [printed.find(_squeeze(text)) for text in block]
        assert -1 not in where and where == sorted(where), page
        assert printed.count(NAME_LINE) == 2  # a name under each signature


def test_figures_print_the_vietnamese_way(pages):
    words = set(" ".join(pages).split())
    assert words >= PRINTED
    assert not words & NOT_PRINTED


def test_the_code_column_is_hidden_and_still_read(filled, catalog):
    ws = openpyxl.load_workbook(filled)["2_KinhTe"]
    letter = get_column_letter(CODE_COL + 1)
    assert ws.column_dimensions[letter].hidden and ws[f"{letter}9"].value == "loan_households"
    assert ws.print_area == "'2_KinhTe'!$A$1:$H$34"  # to the last name line, with the code column inside
    values = read_submission(filled, catalog).values
    assert values["literacy_l1_population"].value == 2596 and values["loan_amount"].cell == "E10"


def test_rows_are_as_tall_as_their_wrapped_labels(filled):
    ws = openpyxl.load_workbook(filled)["2_KinhTe"]
    heights = {ws.cell(r, 2).value: ws.row_dimensions[r].height for r in range(9, 26)}
    two_lines = [
        'Thực hiện mô hình "Đường làng, nhà tôi xanh, sạch đẹp" (Có/Không) (*)',
        "Mô hình giúp nhau, tiết kiệm giúp phụ nữ nghèo đang duy trì (*)",
        "Số chị em được vay theo kế hoạch phụ nữ khởi nghiệp (*)",
    ]
    assert [heights[label] for label in two_lines] == [line_height(2)] * 3 == [33.75] * 3
    assert heights["Gạo giúp nhau (*)"] == heights["Số tiền cho vay (*)"] == line_height(1) == 18.0
    assert ws.row_dimensions[7].height == line_height(2)  # "Trong đó: Nữ" wraps in the column titles


def test_the_line_estimate_never_falls_short_of_the_font(catalog):
    """Held against Liberation Serif, Times New Roman's metric twin, in Excel's narrower column."""
    image_font = pytest.importorskip("PIL.ImageFont")
    if not LIBERATION_SERIF.exists():
        pytest.skip("Liberation Serif không được cài")
    font = image_font.truetype(str(LIBERATION_SERIF), 16)  # 12 pt at 96 dpi
    room = column_pixels(52) - 4  # Excel keeps about 2 px on each side of the text

    def lines(text: str) -> int:
        count, used = 1, 0.0
        for word in text.split():
            wide = font.getlength(word)
            if used and used + font.getlength(" ") + wide > room:
                count, used = count + 1, wide
            else:
                used += wide + (font.getlength(" ") if used else 0)
        return count

    for ind in catalog.indicators:
        label = ind.label_vi + (" (*)" if ind.required else "")
        assert lines(label) <= text_lines(label, column_pixels(52)) <= lines(label) + 1, label
