"""Vietnamese number text: reading what communes type and writing figures for readers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.spec.numbers import NotANumber, excel_number_format, format_auto, format_number, parse_number_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.250", Decimal("1250")),
        ("97,9", Decimal("97.9")),
        ("1.250.000", Decimal("1250000")),
        ("1,250.5", Decimal("1250.5")),
        ("1.250,5", Decimal("1250.5")),
        ("1.5", Decimal("1.5")),
        ("3 847", Decimal("3847")),
        ("3\u00a0847", Decimal("3847")),
        ("3\u202f847", Decimal("3847")),
        (" 42 ", Decimal("42")),
        ("97,9%", Decimal("97.9")),
        ("0", Decimal("0")),
        ("-5", Decimal("-5")),
    ],
)
def test_parse_golden_cases(text, expected):
    value = parse_number_text(text)
    assert isinstance(value, Decimal)
    assert value == expected


@pytest.mark.parametrize("text", ["-", "", "  ", "–", "—", "x", "X"])
def test_blank_and_dash_are_none_not_zero(text):
    assert parse_number_text(text) is None


@pytest.mark.parametrize("text", ["abc", "12 hộ", "1.2.3", "1,2,3", "?"])
def test_text_that_is_not_a_number_raises(text):
    with pytest.raises(NotANumber) as info:
        parse_number_text(text)
    assert str(info.value) == text
    assert isinstance(info.value, ValueError)


def test_format_number_golden_cases():
    assert format_number(7896) == "7.896"
    assert format_number(20000000) == "20.000.000"
    assert format_number(97.88, 1) == "97,9"
    assert format_number(Decimal("1250.5"), 2) == "1.250,50"
    assert format_number(999) == "999"
    assert format_number(0) == "0"
    assert format_number(None) == ""
    assert format_number(None, 1) == ""


def test_format_auto():
    assert format_auto(3847) == "3.847"
    assert format_auto(3847.0) == "3.847"
    assert format_auto(Decimal("8")) == "8"
    assert format_auto(12.5) == "12,5"
    assert format_auto(Decimal("1234.50")) == "1.234,5"
    assert format_auto(0.125 + 0.001) == "0,13"
    assert format_auto(None) == ""


def test_excel_number_format():
    assert excel_number_format() == "#,##0"
    assert excel_number_format(1) == "#,##0.0"
    assert excel_number_format(2) == "#,##0.00"


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_integers_round_trip_through_vietnamese_text(n):
    text = format_number(n)
    assert "," not in text
    assert parse_number_text(text) == n


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=1, allow_nan=False, allow_infinity=False))
def test_one_place_decimals_round_trip(value):
    text = format_number(value, 1)
    assert text.count(",") == 1
    assert parse_number_text(text) == value


@given(st.integers(min_value=0, max_value=10**9))
def test_one_place_floats_round_trip(tenths):
    assert parse_number_text(format_number(tenths / 10, 1)) == Decimal(tenths) / 10


def test_figures_are_written_the_english_way_inside_written_in():
    from pipeline.spec.numbers import written_in

    with written_in("en"):
        assert (format_number(7896), format_number(97.9, 1), format_auto(12.5)) == ("7,896", "97.9", "12.5")
    assert (format_number(7896), format_number(97.9, 1)) == ("7.896", "97,9")  # back to Vietnamese after
