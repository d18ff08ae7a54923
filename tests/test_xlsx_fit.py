"""The font arithmetic of xlsx_fit, memoised: the same widths, line counts and heights as
measuring every text letter by letter each time (the bytes of the appendix depend on them)."""

from __future__ import annotations

import pytest

from pipeline.write import xlsx_fit
from pipeline.write.xlsx_fit import lines_of, plain_height, row_height, text_width

TEXTS = [
    "",
    " ",
    "x",
    "Xã Đắk Ang",
    "Phường Nguyễn Trung Trực",
    "Thị trấn Ưng Hoà — ơ ư Ơ Ư",
    "Xa\u0303 Đă\u0301k Ang",  # decomposed marks: measured as their composed letters
    "e\u0301\u0323 q\u0301",  # a mark no letter composes with
    "Số hộ được giải quyết cho vay vốn (DTTS)\nNgọc Hồi WWWW iiii",
    "ed74342cf21f57ae709d22164013202f8a2dd883531726ea05cb21fe06d86aa",
    "1.234.567  89,5 %   ",
    "two  spaces\n\nand an empty line",
    "Tổng số: 12 — ≥ ≤ … “quoted”",
    "ВЯ 中文 🙂",
]


WIDTHS = (1.0, 20.0, 33.0, 40.0, 77.25, 150.0, 300.0)
"""Cell widths in points a text is wrapped in."""


def _forget() -> None:
    """Empty every memo, so the next measure is worked out from the letters."""
    for memo in (xlsx_fit._text_em, xlsx_fit._letter_em, xlsx_fit._lines_of):
        memo.cache_clear()


def _text_width(text: str, size: float = 11, bold: bool = False) -> float:
    """``text_width`` with nothing remembered: what the remembered one must equal."""
    _forget()
    return text_width(text, size, bold)


def _lines_of(text: str, points: float, size: float = 11, bold: bool = False) -> int:
    _forget()
    return lines_of(text, points, size, bold)


@pytest.mark.parametrize(("size", "bold"), [(11, False), (11, True), (8, False), (12.5, True), (1.0, False)])
def test_memoised_widths_and_line_counts_are_those_measured_letter_by_letter(size, bold):
    for text in TEXTS:  # remembered at other sizes, weights and widths first: no answer may leak into another
        for other in (7.0, 11, 14.0):
            text_width(text, other, not bold)
            lines_of(text, 33.0, other, not bold)
    for _ in range(2):  # measured once, then remembered
        widths = {text: text_width(text, size, bold) for text in TEXTS}
        counts = {(t, points): lines_of(t, points, size, bold) for t in TEXTS for points in WIDTHS}
    assert widths == {text: _text_width(text, size, bold) for text in TEXTS}
    assert counts == {(t, points): _lines_of(t, points, size, bold) for t in TEXTS for points in WIDTHS}


def test_a_text_is_remembered_for_each_width_it_is_wrapped_in():
    name = "Xã Đắk Ang huyện Ngọc Hồi tỉnh Kon Tum"
    assert [lines_of(name, points) for points in (40.0, 80.0, 400.0, 40.0)] == [
        _lines_of(name, points) for points in (40.0, 80.0, 400.0, 40.0)
    ]
    assert lines_of(name, 40.0) > lines_of(name, 400.0) == 1


def test_the_plain_row_is_one_line_tall():
    assert plain_height() == row_height([("x", 100.0)]) == 16.2
    assert plain_height(8) == row_height([("x", 100.0)], 8)
    assert row_height([]) == plain_height()
