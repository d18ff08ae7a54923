"""The report's placeholders: dates as NĐ 30/2020 writes them, the strategy line, the header."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.aggregate.completeness import Completeness, FileOutcome, Status
from pipeline.aggregate.totals import aggregate
from pipeline.spec.periods import Period
from pipeline.spec.report_settings import ReportSettings, Signer
from pipeline.write.period_result import PeriodResult
from pipeline.write.report_context import PLACEHOLDERS, report_context


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2020, 6, 15), "Ngọc Hồi, ngày 15 tháng 6 năm 2020"),
        (dt.date(2020, 1, 5), "Ngọc Hồi, ngày 05 tháng 01 năm 2020"),
        (dt.date(2020, 2, 9), "Ngọc Hồi, ngày 09 tháng 02 năm 2020"),
        (dt.date(2020, 12, 31), "Ngọc Hồi, ngày 31 tháng 12 năm 2020"),
        (dt.date(2020, 3, 1), "Ngọc Hồi, ngày 01 tháng 3 năm 2020"),
    ],
)
def test_dates_pad_days_below_ten_and_only_months_one_and_two(day, text, catalog, registry):
    assert _context(catalog, registry, ReportSettings(date=day))["place_date"] == text


FIRST_HALF = Period(2020, 1)


def _context(catalog, registry, report: ReportSettings, period: Period = FIRST_HALF):
    totals = aggregate({"23377": {"loan_households": 5.0, "female_key_leader": 1.0}}, catalog, registry)
    completeness = Completeness(("23377", "23380"), (FileOutcome("23377", "a.xlsx", Status.ACCEPTED),
                                                     FileOutcome("23380", None, Status.MISSING)))  # fmt: skip
    result = PeriodResult(period, catalog, registry, totals, {}, completeness, [], [], [], {})
    return report_context(result, report, f"phu_luc_{period.code}.xlsx")


def test_every_placeholder_is_filled_and_nothing_else(catalog, registry):
    context = _context(catalog, registry, ReportSettings())
    assert set(context) == set(PLACEHOLDERS)


def test_header_signer_and_next_period(catalog, registry):
    signer = Signer("TM. ỦY BAN NHÂN DÂN", "", "CHỦ TỊCH", "Nguyễn Văn A")
    context = _context(catalog, registry, ReportSettings(number="05", signer=signer), Period(2020, 2))
    assert (context["issuer"], context["issuer_name"]) == ("HUYỆN NGỌC HỒI", "Ủy ban nhân dân huyện Ngọc Hồi")
    assert context["number"] == "05" and context["signer"]["on_behalf"] == ""
    assert context["next_period"] == "6 tháng đầu năm 2021"
    assert context["title"].endswith("định kỳ 6 tháng cuối năm 2020")
    assert context["recipients"] == ["[Cán bộ soạn thảo ghi nơi nhận]"]
    assert context["coverage"] == (
        "Số liệu trong báo cáo chưa đầy đủ: chỉ gồm báo cáo hợp lệ của 1/2 đơn vị; chưa có báo cáo của xã Đắk Ang."
    )


def test_the_strategy_line_counts_targets_met_and_unmet(catalog, registry):
    context = _context(catalog, registry, ReportSettings())
    assert context["strategy_line"].startswith(
        "- Kết quả thực hiện 7 mục tiêu, 22 chỉ tiêu của Chiến lược quốc gia về bình đẳng giới giai đoạn 2011-2020"
    )
    assert context["strategy_line"].endswith(" (Số liệu của 1/2 đơn vị; chưa có báo cáo của xã Đắk Ang.)")
    leader = next(t for t in context["targets"] if t["code"] == "1.2")
    # 1 of the 2 communes answered: "100%" of one commune is not the district's share
    assert (leader["value"], leader["verdict"]) == ("1/2", "Chưa đủ số liệu")
    assert next(t for t in context["targets"] if t["code"] == "1.3")["verdict"] == "Không thu thập ở cấp xã"
    assert next(t for t in context["targets"] if t["code"] == "2.1")["verdict"] == "Chưa có số liệu"
    assert context["figure"]["loan_households"] == "5" and context["figure"]["loan_amount"] == "(chưa có số liệu)"


def test_a_strategy_listed_in_part_is_counted_by_its_own_numbers(catalog, registry):
    context = _context(catalog, registry, ReportSettings(), Period(2025, 1))
    strategy = catalog.strategy_for(Period(2025, 1))
    assert context["strategy_line"].startswith(
        "- Kết quả thực hiện 6 mục tiêu, 20 chỉ tiêu của Chiến lược quốc gia về bình đẳng giới giai đoạn 2021-2030"
    )
    assert f"Danh mục chỉ theo dõi {len(strategy.targets)} chỉ tiêu có số liệu cấp xã." in context["strategy_line"]


def test_one_wording_of_the_issuing_body():
    assert ReportSettings().issuer_name("Huyện Ngọc Hồi") == "Ủy ban nhân dân huyện Ngọc Hồi"
    assert ReportSettings(issuer_parent="").issuer_name("Huyện Ngọc Hồi") == "Huyện Ngọc Hồi"
