"""Six-monthly reporting periods: parsing, refusals, wording and order."""

from __future__ import annotations

import pytest

from pipeline.errors import UsageError
from pipeline.spec.periods import Period


@pytest.mark.parametrize(
    ("text", "year", "half"),
    [
        ("2020S1", 2020, 1),
        ("2020s2", 2020, 2),
        (" 2020-S1 ", 2020, 1),
        ("2021_S2", 2021, 2),
        ("2019 S1", 2019, 1),
    ],
)
def test_parse_accepts_the_written_forms(text, year, half):
    assert Period.parse(text) == Period(year, half)


@pytest.mark.parametrize("text", ["2020H1", "2020S3", "2020S0", "20S1", "2020", "S1", "2020S12", "2020--S1", ""])
def test_parse_refuses_other_forms_with_the_expected_form_in_the_message(text):
    with pytest.raises(UsageError) as info:
        Period.parse(text)
    assert str(info.value) == (
        f"Kỳ báo cáo '{text}' không hợp lệ. Hãy ghi theo dạng NĂMS1 hoặc NĂMS2, ví dụ 2020S1 (6 tháng đầu năm 2020)."
    )


def test_refusal_message_for_a_half_written_as_h():
    with pytest.raises(UsageError, match=r"^Kỳ báo cáo '2020H1' không hợp lệ\. Hãy ghi theo dạng NĂMS1 hoặc NĂMS2, "):
        Period.parse("2020H1")


def test_usage_error_exits_with_code_2():
    with pytest.raises(UsageError) as info:
        Period.parse("2020H1")
    assert info.value.exit_code == 2


def test_code_and_str_are_the_canonical_form():
    period = Period.parse(" 2020-s2 ")
    assert period.code == "2020S2"
    assert str(period) == "2020S2"


def test_parse_of_code_round_trips():
    for period in (Period(2020, 1), Period(2020, 2), Period(2031, 1)):
        assert Period.parse(period.code) == period


def test_label_vi_first_and_second_half():
    assert Period(2020, 1).label_vi == "6 tháng đầu năm 2020"
    assert Period(2020, 2).label_vi == "6 tháng cuối năm 2020"
    assert Period.parse("2024S2").label_vi == "6 tháng cuối năm 2024"


def test_periods_order_by_year_then_half():
    periods = [Period.parse(t) for t in ("2021S1", "2020S2", "2019S2", "2020S1")]
    assert sorted(periods) == [Period(2019, 2), Period(2020, 1), Period(2020, 2), Period(2021, 1)]
    assert Period(2020, 2) < Period(2021, 1)
    assert Period(2020, 1) < Period(2020, 2)
    assert max(periods) == Period(2021, 1)


def test_period_is_a_hashable_value():
    assert {Period.parse("2020S1"), Period.parse("2020s1"), Period(2020, 1)} == {Period(2020, 1)}


def test_previous_period_and_the_same_period_a_year_before():
    assert Period(2020, 1).previous == Period(2019, 2)
    assert Period(2020, 2).previous == Period(2020, 1)
    assert Period(2020, 1).year_before == Period(2019, 1)
    assert Period(2020, 2).year_before.label_vi == "6 tháng cuối năm 2019"
