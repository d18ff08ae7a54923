"""A run whose settings name two report scopes writes a report and an appendix for each.

The sample inbox (Ngọc Hồi, 2020S1) carries both fields on every form; the settings send
gender equality to the Department of Home Affairs and child protection to the Department of
Health. Each document is opened as its recipient would open it (python-docx, openpyxl) and
must hold its own sections, tables, recipients and number only.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from docx_text import docx_lines

from pipeline.errors import ConfigError
from pipeline.run import run
from pipeline.settings import Settings
from pipeline.spec.periods import Period

PERIOD = Period(2020, 1)
SETTINGS = """\
number: "419"
date: 2020-06-15
request: "Công văn số 670/SLĐTBTXH-BVCSTEBĐG ngày 14/05/2020 của Sở Lao động Thương binh & Xã hội"
signer: {on_behalf: "KT. CHỦ TỊCH", position: "PHÓ CHỦ TỊCH", name: "Y Lan"}
recipients: ["CT, các PCT UBND huyện"]
archive: "VT, TH"
reports:
  bdg:
    recipients: ["Sở Nội vụ tỉnh Quảng Ngãi (b/c)", "CT, các PCT UBND huyện"]
    number: "12"
    request: "Công văn số 25/SNV-CTTN ngày 02/6/2020 của Sở Nội vụ"
  tre_em:
    recipients: ["Sở Y tế tỉnh Quảng Ngãi (b/c)"]
    number: "13"
    signer: {name: "A Thư"}
"""
LOANS = "Giải quyết cho 162 hộ vay với số tiền là 7.896 triệu đồng"
DONATION = "Ủng hộ quỹ hỗ trợ trẻ em và người khuyết tật với số tiền 5 triệu đồng."


def _column_a(path: Path) -> dict[str, list[str]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: [str(c.value) for c in ws["A"] if c.value is not None] for ws in book.worksheets}


@pytest.fixture(scope="module")
def scoped(tmp_path_factory, sample_inbox, validator) -> Path:
    folder = tmp_path_factory.mktemp("scoped")
    report = folder / "bao_cao.yaml"
    report.write_text(SETTINGS, encoding="utf-8")
    settings = Settings(inbox=sample_inbox, output=folder / "output", period=PERIOD, data_docs=False,
                        report_path=report)  # fmt: skip
    return run(settings, lambda: validator).output_dir


def test_each_scope_gets_its_report_and_appendix_and_the_rest_is_one_set(scoped):
    names = {p.name for p in scoped.iterdir()}
    assert {"bao_cao_2020S1_bdg.docx", "bao_cao_2020S1_tre_em.docx", "phu_luc_2020S1_bdg.xlsx",
            "phu_luc_2020S1_tre_em.xlsx", "summary.md", "summary.json", "values.csv"} <= names  # fmt: skip
    assert not {"bao_cao_2020S1.docx", "phu_luc_2020S1.xlsx"} & names
    summary = (scoped / "summary.md").read_text(encoding="utf-8")
    assert LOANS in summary and "Ủng hộ quỹ" in summary  # the whole run's sentences, once


def test_the_childrens_report_holds_its_own_sections_recipients_and_number(scoped):
    lines = docx_lines(scoped / "bao_cao_2020S1_tre_em.docx")
    text = "\n".join(lines)
    assert "Tình hình thực hiện công tác bảo vệ, chăm sóc trẻ em định kỳ 6 tháng đầu năm 2020" in lines
    assert "Số: 13/BC-UBND" in lines and "- Sở Y tế tỉnh Quảng Ngãi (b/c);" in lines and "A Thư" in lines
    assert "Nội vụ" not in text and LOANS not in text and "Chiến lược" not in text
    assert DONATION in lines and "Tổng số trẻ em (dưới 16 tuổi)" in lines
    assert "KẾT QUẢ HỖ TRỢ PHỤ NỮ PHÁT TRIỂN KINH TẾ" not in lines and "Số vụ bạo lực gia đình" not in lines
    # no heading left empty: item 6 of the combined report is gone, the next ones move up
    assert "6. Công tác thường xuyên" in lines and not any(line.startswith("7.") for line in lines)
    attached = "(Kèm theo Báo cáo số 13/BC-UBND ngày 15/6/2020 của Ủy ban nhân dân huyện Ngọc Hồi về công tác bảo vệ, "
    assert attached + "chăm sóc trẻ em)" in lines
    assert any("tệp phu_luc_2020S1_tre_em.xlsx (các biểu PL03_BoMay, PL06_TreEm, PL07_YTe)" in line for line in lines)


def test_the_gender_equality_report_holds_its_own_sections_recipients_and_number(scoped):
    lines = docx_lines(scoped / "bao_cao_2020S1_bdg.docx")
    text = "\n".join(lines)
    assert "Tình hình thực hiện công tác bình đẳng giới định kỳ 6 tháng đầu năm 2020" in lines
    assert "Số: 12/BC-UBND" in lines and "- Sở Nội vụ tỉnh Quảng Ngãi (b/c);" in lines and "Y Lan" in lines
    assert any(line.startswith("Thực hiện Công văn số 25/SNV-CTTN ngày 02/6/2020 của Sở Nội vụ:") for line in lines)
    assert "Y tế tỉnh" not in text and "Tổng số trẻ em (dưới 16 tuổi)" not in text
    assert LOANS in text and DONATION in lines and "CÔNG TÁC BẢO VỆ, CHĂM SÓC TRẺ EM" not in lines
    assert any(line.startswith("- Kết quả thực hiện 7 mục tiêu, 22 chỉ tiêu") for line in lines)
    assert "6. Kết quả thực hiện các mục tiêu, chỉ tiêu về bình đẳng giới" in lines
    assert "7. Công tác thường xuyên" in lines


def test_each_appendix_holds_its_own_tables_numbered_afresh(scoped):
    children = _column_a(scoped / "phu_luc_2020S1_tre_em.xlsx")
    assert list(children) == ["PL03_BoMay", "PL06_TreEm", "PL07_YTe", "Nguon_so_lieu"]
    assert children["PL06_TreEm"][2:4] == ["Phụ lục II", "CÔNG TÁC BẢO VỆ, CHĂM SÓC TRẺ EM"]
    assert children["PL06_TreEm"][4] == (
        "(Kèm theo Báo cáo số 13/BC-UBND ngày 15/6/2020 của Ủy ban nhân dân huyện Ngọc Hồi về công tác bảo vệ, "
        "chăm sóc trẻ em)"
    )
    sources = openpyxl.load_workbook(scoped / "phu_luc_2020S1_tre_em.xlsx")["Nguon_so_lieu"]
    codes = {row[2] for row in sources.iter_rows(min_row=2, values_only=True)}
    assert "children_under16" in codes and "staff_dedicated" in codes and "loan_households" not in codes
    equality = _column_a(scoped / "phu_luc_2020S1_bdg.xlsx")
    assert list(equality) == ["PL01_KinhTe", "PL02_XoaMuChu", "PL03_BoMay", "PL04_ChiTieuBDG", "PL05_GiaDinh",
                              "PL07_YTe", "BieuDo", "Nguon_so_lieu"]  # fmt: skip
    assert equality["PL07_YTe"][2] == "Phụ lục VI"
    assert equality["PL01_KinhTe"][4].startswith("(Kèm theo Báo cáo số 12/BC-UBND ngày 15/6/2020")


def test_without_reports_the_run_writes_todays_files(tmp_path, sample_inbox, validator):
    settings = Settings(inbox=sample_inbox, output=tmp_path, period=PERIOD, data_docs=False)
    folder = run(settings, lambda: validator).output_dir
    written = {p.name for p in folder.iterdir() if p.suffix in (".docx", ".xlsx")}
    assert written == {"bao_cao_2020S1.docx", "phu_luc_2020S1.xlsx"}
    assert "PL06_TreEm" in openpyxl.load_workbook(folder / "phu_luc_2020S1.xlsx").sheetnames


def test_a_scope_the_catalog_lacks_stops_the_run_and_publishes_nothing(tmp_path, sample_inbox, validator):
    report = tmp_path / "bao_cao.yaml"
    report.write_text("reports:\n  bdg: {number: '12'}\n  y_te: {number: '13'}\n", encoding="utf-8")
    settings = Settings(inbox=sample_inbox, output=tmp_path / "output", period=PERIOD, data_docs=False,
                        report_path=report)  # fmt: skip
    with pytest.raises(ConfigError) as caught:
        run(settings, lambda: validator)
    assert str(caught.value) == (
        "bao_cao.yaml: reports.y_te: danh mục không có báo cáo 'y_te'; các báo cáo có: bdg, tre_em"
    )
    assert not (tmp_path / "output" / "2020S1").exists()
