"""The validation outputs as they print: a feedback workbook (Vietnamese and English) and
``issues.xlsx`` from a real run, converted to PDF by LibreOffice and read back with
``pdftotext``, one page at a time.

What is checked is what a clerk holding the paper sees: no indicator code printed bare
(labels only, except the form's own "Mã chỉ tiêu" column if a form has one, where every
code sits beside its label), the cell notes printed after their sheet, and exactly as
many pages as the content needs, none of them empty. Texts are compared without their
spaces: LibreOffice draws some Vietnamese letters from a fallback font, and ``pdftotext``
then reads "Ngọc" as "Ng ọc".
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from pipeline.forms.fill import fill_template
from pipeline.run import Settings, run
from pipeline.spec.report_settings import load_report_settings
from pipeline.write.feedback import AUTHOR, COVER_SHEET, write_feedback
from pipeline.write.feedback_text import sender_of

UNIT = "23380"
REPORT = 'resend_by: 2020-07-20\ncontact: "Phòng LĐTB&XH huyện, ĐT 0260 3xxx"\n'
CODE_COLUMN = "Mã chỉ tiêu"
"""The header of a form's own code column: a page showing it prints codes beside their labels."""
FOOTER = re.compile(r"^(Trang|Page) \d+/\d+$")


@dataclass(frozen=True)
class Printed:
    workbook: Path
    pages: list[str]

    @property
    def text(self) -> str:
        return _flat(" ".join(self.pages))


def _flat(text: str) -> str:
    """The text without any white space, as it is compared (see the module's docstring)."""
    return "".join(text.split())


def _pdf_pages(pdf: Path) -> list[str]:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    pages = done.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


@pytest.fixture(scope="module")
def printed(tmp_path_factory, sample_inbox, unit_templates, good_values, validator, period, catalog, registry):
    """One run over the sample inbox with Đắk Ang's form broken in three ways (a negative
    figure, a "Trong đó" part above its total, a catalog rule between two cells)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice không được cài")
    base = tmp_path_factory.mktemp("print")
    inbox = base / "inbox"
    shutil.copytree(sample_inbox, inbox)
    name = next(inbox.glob("*DakAng*")).name
    template, layout = unit_templates[UNIT]
    broken = {**good_values[UNIT], "rice_kg": -3, "loan_households": 5, "startup_loan_women": 50}
    fill_template(template, broken, inbox / name, layout)
    report = base / "bao_cao.yaml"
    report.write_text(REPORT, encoding="utf-8")
    settings = Settings(inbox=inbox, output=base / "out", period=period, data_docs=False, report_path=report)
    result = run(settings, lambda: validator)

    books = base / "books"
    books.mkdir()
    feedback = books / "phan_hoi_vi.xlsx"
    shutil.copy(result.output_dir / "validation" / "phan_hoi" / f"{UNIT}_{Path(name).stem}.xlsx", feedback)
    shutil.copy(result.output_dir / "validation" / "issues.xlsx", books / "issues.xlsx")
    mine = [i for i in result.issues if i.file == name]
    sender = sender_of(catalog, registry, load_report_settings(report))
    write_feedback(inbox / name, books / "phan_hoi_en.xlsx", mine, unit_name=registry[UNIT].name, period=period,
                   catalog=catalog, sender=sender, lang="en")  # fmt: skip
    sources = sorted(books.glob("*.xlsx"))
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{base / 'profile'}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(base / "pdf"), *map(str, sources)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return {src.stem: Printed(src, _pdf_pages(base / "pdf" / f"{src.stem}.pdf")) for src in sources}


def _codes(catalog) -> list[str]:
    return sorted({*catalog.field_codes(), *(d.code for d in catalog.derived)}, key=len, reverse=True)


def test_no_indicator_code_prints_bare(printed, catalog):
    codes = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, _codes(catalog))) + r")(?![\w])")
    for name, doc in printed.items():
        for number, page in enumerate(doc.pages, start=1):
            if CODE_COLUMN in page:  # the form's own code column, a code beside each label
                continue
            found = codes.findall(page)
            assert not found, f"{name}.pdf, page {number} prints {found}"
    cover = _flat(printed["phan_hoi_vi"].pages[0])
    assert _flat("Gạo giúp nhau") in cover and _flat("Số hộ được giải quyết cho vay vốn (DTTS)") in cover
    assert _flat("Households granted loans (ethnic minority)") in _flat(printed["phan_hoi_en"].pages[0])


def test_the_cover_prints_its_letter_on_the_first_page(printed):
    first = _flat(printed["phan_hoi_vi"].pages[0])
    for line in (
        "PHẢN HỒI KẾT QUẢ KIỂM TRA BÁO CÁO",
        "Nơi gửi: Phòng Lao động - Thương binh và Xã hội — Ủy ban nhân dân huyện Ngọc Hồi",
        "Hạn gửi lại bản đã sửa: ngày 20/07/2020.",
        "Liên hệ: Phòng LĐTB&XH huyện, ĐT 0260 3xxx",
        "Ô có lỗi (nền đỏ, viền đỏ đậm): phải sửa rồi gửi lại.",
        "Ô liên quan (nền xanh nhạt, viền xanh nét đứt)",
    ):
        assert _flat(line) in first
    english = _flat(printed["phan_hoi_en"].pages[0])
    assert _flat("From: Phòng Lao động - Thương binh và Xã hội — Ủy ban nhân dân huyện Ngọc Hồi") in english
    assert _flat("Send the corrected form back by 20 July 2020.") in english


@pytest.mark.parametrize("name", ["phan_hoi_vi", "phan_hoi_en"])
def test_every_note_prints_after_its_sheet(printed, name):
    doc = printed[name]
    wb = openpyxl.load_workbook(doc.workbook)
    notes = {(ws.title, c.coordinate): c.comment.text for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if c.comment is not None and c.comment.author == AUTHOR}  # fmt: skip
    assert len(notes) >= 4  # the negative figure, the part and its total, the rule's cell
    after_cover = _flat(" ".join(doc.pages[1:]))
    for (sheet, ref), text in notes.items():
        assert _flat(f"{ref}: {text}") in after_cover, (sheet, ref)
    prefix = "[Lỗi]" if name.endswith("vi") else "[Error]"
    assert prefix not in _flat(doc.pages[0])  # the notes' text is not the cover's


@pytest.mark.parametrize("name", ["phan_hoi_vi", "phan_hoi_en", "issues"])
def test_pages_are_what_the_content_needs(printed, name):
    """Every visible sheet here fits one page (a short list, a one-page form), and a sheet
    with notes adds one page of notes; no page is empty, no empty sheet prints."""
    doc = printed[name]
    wb = openpyxl.load_workbook(doc.workbook)
    visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    noted = [ws for ws in visible if ws.title != COVER_SHEET and ws.page_setup.cellComments]
    assert len(doc.pages) == len(visible) + len(noted)
    for number, page in enumerate(doc.pages, start=1):
        body = [line for line in page.splitlines() if line.strip() and not FOOTER.match(line.strip())]
        assert body, f"{name}.pdf, page {number} is empty"
    if name == "issues":
        hidden = [ws.title for ws in wb.worksheets if ws.sheet_state == "hidden"]
        assert "Tam_giu" in hidden and all(wb[title].max_row == 1 for title in hidden)  # only a header row
        assert not any(_flat("Tệp: Tạm giữ chờ xem xét") in _flat(page) for page in doc.pages)
        first = _flat(doc.pages[0])
        assert _flat("Tóm tắt kết quả kiểm tra báo cáo") in first and _flat("Xã Đắk Ang (23380)") in first
