"""The bundled 2026 sample end to end: Quảng Ngãi's 96 communes under the two-level government,
the 2021–2030 strategy's targets, and one report per recipient (``make aggregate PERIOD=2026S1``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx_text import docx_lines
from python_calamine import CalamineWorkbook

from pipeline.run import run
from pipeline.settings import Settings
from pipeline.spec.periods import Period

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "input_templates" / "samples"
PERIOD = Period(2026, 1)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, validator) -> Path:
    out = tmp_path_factory.mktemp("sample2026")
    settings = Settings(
        inbox=SAMPLES / "2026S1", output=out, period=PERIOD, root="51",
        report_path=SAMPLES / "bao_cao_2026S1.yaml", data_docs=False,
    )  # fmt: skip
    result = run(settings, lambda: validator)
    assert (len(result.completeness.expected), len(set(result.completeness.accepted))) == (96, 96)
    return out / "2026S1"


def test_the_province_reports_for_its_communes_wards_and_special_zones(outputs):
    summary = json.loads((outputs / "summary.json").read_text(encoding="utf-8"))
    assert summary["root"] == "51"
    assert {"23377", "23383", "23392"} <= set(summary["units"]["accepted"])  # Bờ Y, Dục Nông, Sa Loong
    text = (outputs / "summary.md").read_text(encoding="utf-8")
    assert "Đơn vị tổng hợp: Tỉnh Quảng Ngãi" in text
    assert "xã, phường, đặc khu" in text and "cấp huyện" not in text  # no district level since 01/7/2025


def test_each_recipient_gets_its_report_and_appendix_with_its_sections_only(outputs):
    assert sorted(p.name for p in outputs.glob("*.docx")) == ["bao_cao_2026S1_bdg.docx", "bao_cao_2026S1_tre_em.docx"]
    gender, children = (
        docx_lines(outputs / "bao_cao_2026S1_bdg.docx"),
        docx_lines(outputs / "bao_cao_2026S1_tre_em.docx"),
    )
    assert "- Bộ Nội vụ (b/c);" in gender and "- Bộ Y tế (b/c);" in children
    assert any(p.startswith("+ Lĩnh vực kinh tế, lao động, việc làm: Giải quyết cho") for p in gender)
    assert not any("Giải quyết cho" in p for p in children)
    assert any(p.startswith("Trên địa bàn có ") and "trẻ em dưới 16 tuổi" in p for p in children)
    assert not any("trẻ em dưới 16 tuổi" in p for p in gender)
    sheets = {
        name: CalamineWorkbook.from_path(str(outputs / f"phu_luc_2026S1_{name}.xlsx")).sheet_names
        for name in ("bdg", "tre_em")
    }
    assert "PL01_KinhTe" in sheets["bdg"] and "PL06_TreEm" not in sheets["bdg"]
    assert "PL06_TreEm" in sheets["tre_em"] and "PL01_KinhTe" not in sheets["tre_em"]


def test_the_gender_report_judges_the_2021_2030_targets(outputs):
    gender = docx_lines(outputs / "bao_cao_2026S1_bdg.docx")
    (line,) = [p for p in gender if p.startswith("- Kết quả thực hiện ")]
    assert line.startswith("- Kết quả thực hiện 6 mục tiêu, 20 chỉ tiêu của Chiến lược quốc gia về bình đẳng giới "
                           "giai đoạn 2021-2030 (có phụ lục kèm theo):")  # fmt: skip
    assert "theo số liệu các xã, phường, đặc khu báo cáo" in line
    book = CalamineWorkbook.from_path(str(outputs / "phu_luc_2026S1_bdg.xlsx"))
    cells = [str(c) for row in book.get_sheet_by_name("PL04_ChiTieuBDG").to_python() for c in row if c]
    assert any("2021-2030" in c for c in cells)
    assert "1.1" in cells and "4.1" in cells  # the female key leader and sex ratio at birth targets
