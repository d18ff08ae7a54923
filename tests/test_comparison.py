"""This period against earlier ones: the words, and the run that stores and reads them."""

from __future__ import annotations

import docx
import openpyxl
import pytest

from pipeline.aggregate.history import Change, PastFigure, PastPeriod
from pipeline.demo.samples import build_sample_inbox, sample_values
from pipeline.run import Settings, run
from pipeline.spec.periods import Period
from pipeline.write.appendix_comparison import COMPARISON_SHEET
from pipeline.write.comparison import change_text, report_codes
from pipeline.write.summary import COMPARISON_HEADING


def _docx_lines(path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def _change(code, kind, now, then, *, last_year=True, accepted=9, expected=9):
    past = PastPeriod(
        Period(2019, 1) if last_year else Period(2019, 2), expected, accepted, {code: PastFigure(then, kind)}
    )
    return Change(code, kind, now, then, past, last_year)


@pytest.mark.parametrize(
    ("change", "text"),
    [
        (_change("loan_households", "sum", 162, 150), "tăng 12 hộ so với cùng kỳ năm 2019 (150 hộ)"),
        (
            _change("loan_amount", "sum", 7896, 8000.5),
            "giảm 104,5 triệu đồng so với cùng kỳ năm 2019 (8.000,5 triệu đồng)",
        ),
        (
            _change("literacy_l1_rate", "ratio", 97.9, 96.7, last_year=False),
            "tăng 1,2 điểm phần trăm so với 6 tháng cuối năm 2019 (96,7%)",
        ),
        (_change("staff_coverage_rate", "coverage", 100.0, 100.0), "bằng cùng kỳ năm 2019 (100%)"),
        (
            _change("green_village_model", "count_true", 8, 7),
            "tăng 1 xã, thị trấn so với cùng kỳ năm 2019 (7 xã, thị trấn)",
        ),
        (
            _change("loan_households", "sum", 162, 140, accepted=8),
            "tăng 22 hộ so với cùng kỳ năm 2019 (140 hộ); kỳ đó chỉ có số liệu của 8/9 đơn vị",
        ),
    ],
)
def test_change_is_worded_as_reports_word_it(change, text, catalog, registry):
    assert change_text(change, catalog, registry) == text


def test_the_report_compares_the_figures_its_sentences_use(catalog):
    codes = report_codes(catalog)
    assert codes[:3] == ["loan_households", "loan_amount", "savings_mobilised"]
    assert "literacy_l1_rate" in codes and "budget_allocated" in codes and len(codes) == len(set(codes))


def test_a_run_compares_with_the_periods_the_ledger_holds(tmp_path, catalog, registry, validator):
    output = tmp_path / "output"

    def aggregate(period: Period, values, name: str):
        inbox = tmp_path / name
        build_sample_inbox(inbox, catalog, registry, period, values)
        return run(Settings(inbox=inbox, output=output, period=period, data_docs=False), lambda: validator)

    first = aggregate(Period(2020, 1), None, "alone")
    assert COMPARISON_HEADING not in (first.output_dir / "summary.md").read_text(encoding="utf-8")
    assert COMPARISON_SHEET not in openpyxl.load_workbook(first.output_dir / "phu_luc_2020S1.xlsx").sheetnames
    assert "8. So sánh với các kỳ trước" not in _docx_lines(first.output_dir / "bao_cao_2020S1.docx")

    earlier = sample_values(registry)
    earlier["23377"] = {**earlier["23377"], "loan_households": earlier["23377"]["loan_households"] - 12}
    aggregate(Period(2019, 1), earlier, "a_year_before")
    del earlier["23398"]  # Sa Loong did not report in the second half of 2019
    aggregate(Period(2019, 2), earlier, "half_before")
    again = aggregate(Period(2020, 1), None, "again").output_dir
    summary = (again / "summary.md").read_text(encoding="utf-8")
    part = summary.split(COMPARISON_HEADING + "\n\n", 1)[1]
    households = sum(earlier[u].get("loan_households", 0) for u in earlier)
    assert part.startswith(
        "- Số hộ được giải quyết cho vay vốn: 162 hộ; tăng 12 hộ so với cùng kỳ năm 2019 (150 hộ); "
        f"tăng {162 - households} hộ so với 6 tháng cuối năm 2019 ({households} hộ); "
        "kỳ đó chỉ có số liệu của 8/9 đơn vị.\n"
    )
    assert "- Tỷ lệ biết chữ mức độ 1: 97,9%; bằng cùng kỳ năm 2019 (97,9%);" in part
    lines = _docx_lines(again / "bao_cao_2020S1.docx")
    assert "8. So sánh với các kỳ trước" in lines
    assert any(
        line.startswith("- Số hộ được giải quyết cho vay vốn: 162 hộ; tăng 12 hộ so với cùng kỳ") for line in lines
    )
    sheet = openpyxl.load_workbook(again / "phu_luc_2020S1.xlsx")[COMPARISON_SHEET]
    rows = {r[1]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["Số hộ được giải quyết cho vay vốn"][2:6] == ("hộ", "162", "150", str(households))
    assert sheet.cell(row=3, column=5).value == "Cùng kỳ năm 2019"
