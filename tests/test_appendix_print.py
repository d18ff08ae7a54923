"""The appendix as the district officer prints it: the sample run's workbook through LibreOffice.

LibreOffice's PDF export prints what "print the whole workbook" prints: every visible
sheet at its own print setup. The text of each page (pdftotext) is compared without its
spaces, because pdftotext splits some Vietnamese syllables at their diacritics ("qu ốc").

The sample inbox (8 communes and the district office, one period, a fresh ledger) needs
**9 pages**: each of the six tables by unit (PL01-PL03, PL05-PL07: eight communes, the
district's row where it reports, the total) fits one A4 landscape page with its heading
and signatures at the scale its columns allow; the targets table (7 goal rows, 22
targets and 3 parts) needs two; the chart sheet one; the source list is hidden and prints
nothing; a fresh ledger has no earlier period, so there is no comparison sheet.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.run import Settings, run

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")

REPORT = Path(__file__).resolve().parent.parent / "input_templates" / "samples" / "bao_cao_2020S1.yaml"
TABLES = ("I", "II", "III", "IV", "V", "VI", "VII")
ATTACHED = "(Kèm theo Báo cáo số 419/BC-UBND ngày 15/6/2020 của Ủy ban nhân dân huyện Ngọc Hồi)"
SIGNATURES = ("Ngọc Hồi, ngày 15 tháng 6 năm 2020", "NGƯỜI LẬP BIỂU", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH",
              "PHÓ CHỦ TỊCH", "Y Lan")  # fmt: skip


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def pages(sample_inbox, validator, tmp_path_factory) -> list[str]:
    """The text of each printed page of the sample run's appendix."""
    folder = tmp_path_factory.mktemp("print")
    result = run(
        Settings(inbox=sample_inbox, output=folder / "output", data_docs=False, report_path=REPORT), lambda: validator
    )
    workbook = result.output_dir / f"phu_luc_{result.period.code}.xlsx"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(workbook)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = folder / f"{workbook.stem}.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


def _tables(pages: list[str]) -> dict[str, list[str]]:
    """Pages by phụ lục: a table's pages run from its "Phụ lục N" page to the next heading."""
    found: dict[str, list[str]] = {}
    current = None
    for page in pages:
        heading = re.search(r"^\s*Phụ lục ([IVXL]+)\s*$", page, re.MULTILINE)
        if heading:
            current = heading.group(1)
        elif "BIỂU ĐỒ" in page:
            current = "charts"
        found.setdefault(current or "?", []).append(page)
    return found


def test_the_sample_appendix_prints_on_nine_pages(pages):
    assert len(pages) == 9
    assert {name: len(p) for name, p in _tables(pages).items()} == {
        "I": 1, "II": 1, "III": 1, "IV": 2, "V": 1, "VI": 1, "VII": 1, "charts": 1,
    }  # fmt: skip


def test_no_internal_note_code_or_source_list_is_printed(pages):
    text = "\f".join(pages)
    assert "đốichiếuvănbản" not in _bare(text)
    assert not re.findall(r"\b[a-z]+_[a-z0-9_]+\b", text), "an indicator code is printed"
    for source in ("Mãđơnvị", "Mãchỉtiêu", "Trangtính", ".xlsx", "Nguon_so_lieu"):
        assert source not in _bare(text)


def test_every_table_has_the_attached_line_and_its_signatures_on_its_last_page(pages):
    tables = _tables(pages)
    assert set(tables) == {*TABLES, "charts"}
    for name, printed in tables.items():
        assert _bare(ATTACHED) in _bare(printed[0]), name
        if name == "charts":
            continue
        last = _bare(printed[-1])
        for line in SIGNATURES:
            assert _bare(line) in last, (name, line)
        if name != "IV":  # the total and the signatures are never split
            assert _bare("Tổng cộng Ngọc Hồi") in last, name
    assert sum(_bare(p).count("NGƯỜILẬPBIỂU") for p in pages) == len(TABLES)


def test_pages_are_numbered_per_table_from_the_second(pages):
    targets = _tables(pages)["IV"]
    assert targets[1].strip().splitlines()[0].strip() == "2"  # NĐ 30/2020: top centre
    for first in (printed[0] for printed in _tables(pages).values()):
        assert first.strip().splitlines()[0].strip() != "1"  # and none on a first page
