"""Row heights for the sheets of ``issues.xlsx``, measured before each row is written.

Neither Excel nor LibreOffice grows an xlsxwriter row to fit its wrapped text on opening:
a message of three lines in a one-line row prints over the next row. So each row gets
the height its tallest cell needs, in the font metrics of :mod:`pipeline.write.xlsx_fit`.
A province's list has tens of thousands of rows, so the arithmetic is kept cheap: each
letter's width is looked up once, a text short enough to fit on one line whatever its
letters is not measured, and a text that comes back (a file's name and SHA-256 on every
row of that file, a rule's fix) is measured once.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from typing import Any

from pipeline.write.xlsx_fit import BOLD, INSET_PX, MAX_ROW, PADDING, column_points, line_height, text_width

_WIDEST = 1.3  # em: wider than any letter of Times New Roman, bold and fallback glyphs counted


@cache
def _em(letter: str) -> float:
    return text_width(letter, 1.0)


def _lines(text: str, room: float, size: float, bold: bool) -> int:
    """:func:`pipeline.write.xlsx_fit.lines_of`, with each letter's width looked up once (the
    font arithmetic per letter was most of a province's workbook time). Words go whole onto
    a line while they fit; a word longer than the line is cut across lines."""
    room, scale = max(room - INSET_PX * 0.75, 1.0), size * (BOLD if bold else 1.0)
    space, count = _em(" ") * scale, 0
    for paragraph in unicodedata.normalize("NFC", text).split("\n"):
        count, used = count + 1, 0.0
        for word in paragraph.split():
            wide = sum(map(_em, word)) * scale
            if used and used + space + wide <= room:
                used += space + wide
                continue
            spill = max(math.ceil(wide / room), 1)
            count += spill - 1 + (1 if used else 0)
            used = wide - (spill - 1) * room
    return count


@lru_cache(maxsize=65536)
def _points(text: str, width: float, size: float, bold: bool) -> float:
    """The height of one wrapped text, in points."""
    room = column_points(width)
    if "\n" not in text and len(text) * size * _WIDEST <= room - INSET_PX * 0.75:
        return line_height(size)  # one line whatever its letters: not worth measuring
    return _lines(text, room, size, bold) * line_height(size)


def row_points(
    values: Sequence[Any], widths: Sequence[float], bold: bool = False, sizes: Mapping[int, float] | None = None
) -> float:
    """The height of a row of wrapped cells of these column ``widths``. ``sizes`` gives a
    column's font size when not 11 points; a cell may be ``((text, size), …)`` parts, one a
    line, as a rich string is."""
    tallest = line_height(11)
    for col, (value, width) in enumerate(zip(values, widths, strict=True)):
        if value is None or value == "":
            continue
        size = (sizes or {}).get(col, 11)
        parts = value if isinstance(value, tuple) else ((str(value), size),)
        tallest = max(tallest, sum(_points(text, width, part, bold) for text, part in parts))
    return min(round(tallest + PADDING, 1), MAX_ROW)
