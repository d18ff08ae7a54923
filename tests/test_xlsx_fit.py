"""The font arithmetic of xlsx_fit, memoised: the same widths, line counts and heights as
measuring every text letter by letter each time (the bytes of the appendix depend on them)."""

from __future__ import annotations

import math
import unicodedata

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


def _text_width(text: str, size: float = 11, bold: bool = False) -> float:
    """Every letter measured each time: what text_width must equal."""
    em = 0.0
    for letter in unicodedata.normalize("NFC", text):
        base, *marks = list(unicodedata.normalize("NFD", letter))
        wide = xlsx_fit.WIDTH.get(base, 0.5) + (xlsx_fit.HORN if "\u031b" in marks else 0.0)
        em += wide * xlsx_fit.FALLBACK if ord(letter) > 0xFF else wide
    return em * size * (xlsx_fit.BOLD if bold else 1.0)


def _lines_of(text: str, points: float, size: float = 11, bold: bool = False) -> int:
    room = max(points - xlsx_fit.INSET_PX * 0.75, 1.0)
    space = _text_width(" ", size, bold)
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        used = 0.0
        for word in paragraph.split():
            wide = _text_width(word, size, bold)
            if used and used + space + wide <= room:
                used += space + wide
                continue
            if used:
                count += 1
            spill = max(math.ceil(wide / room), 1)
            count += spill - 1
            used = wide - (spill - 1) * room
    return count


@pytest.mark.parametrize(("size", "bold"), [(11, False), (11, True), (8, False), (12.5, True), (1.0, False)])
def test_memoised_widths_and_line_counts_are_those_measured_letter_by_letter(size, bold):
    for _ in range(2):  # measured, then remembered
        for text in TEXTS:
            assert text_width(text, size, bold) == _text_width(text, size, bold), text
            for points in (1.0, 20.0, 40.0, 77.25, 150.0, 300.0):
                assert lines_of(text, points, size, bold) == _lines_of(text, points, size, bold), (text, points)


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
