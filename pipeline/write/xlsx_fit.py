"""Row heights and page scale of the appendix, computed before the workbook is written.

Neither Excel nor LibreOffice grows an xlsxwriter row to fit its wrapped text on opening,
and Excel ignores manual page breaks on a sheet printed "fit to page", so the appendix
does the arithmetic itself: how wide a text is in Times New Roman (the advance widths of
the font, in thousandths of an em, which Liberation Serif shares), how many lines it
wraps to in a column, how tall its row must be, and which print scale puts a table's
columns on one A4 page. The estimates err on the generous side: a row a little too tall
wastes a few points, a row too short hides the end of a label.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

_ADVANCE = {
    180: "'", 200: "|", 250: " .,", 278: "ijlt:;/\\", 333: "frI()-[]!`–", 389: "sJ", 408: '"', 444: "acez?",
    469: "^", 480: "{}", 500: "bdghknopquvxyđ0123456789#$*_…", 541: "~", 556: "FPS", 564: "+<=>≥≤",
    611: "ELTZ", 667: "BCR", 722: "ADGHKNOUVXYwĐ", 778: "m&", 833: "%", 889: "M", 921: "@", 944: "W",
}  # fmt: skip
WIDTH = {char: size / 1000 for size, chars in _ADVANCE.items() for char in chars}
"""Times New Roman's advance widths in em (Adobe's Times-Roman metrics)."""
HORN = 0.06  # ơ and ư are a little wider than o and u
FALLBACK = 1.2
"""A letter beyond Latin-1 (ố, ệ, đ, ư …) is counted this much wider: LibreOffice draws it from
DejaVu Serif when the installed Liberation Serif (Times New Roman's stand-in) lacks it, and a
row must hold its label there too; in Times New Roman itself such a row is a little roomy."""
BOLD = 1.08  # Times New Roman Bold runs about 8 % wider than the regular face
LINE = 1.2  # one wrapped line, in em: Times New Roman needs 1.15 (Excel), Liberation Serif 1.11
PADDING = 3.0  # points above and below the text of a row
DIGIT_PX, CELL_PX = 7, 5  # Excel's column unit: a Calibri 11 digit is 7 px, a column adds 5 px
LO_POINTS_PER_CHAR, LO_CELL_POINTS = 5.55, 3.9  # LibreOffice's, measured on its PDF export
INSET_PX = 6  # the part of a column's width a wrapped text cannot use (its margins)
MAX_ROW = 409.0  # Excel's tallest row, in points


def text_width(text: str, size: float = 11, bold: bool = False) -> float:
    """The printed width of ``text`` in points."""
    return _text_em(text) * size * (BOLD if bold else 1.0)


@lru_cache(maxsize=1 << 16)
def _text_em(text: str) -> float:
    """The width of ``text`` in em, its letters added one by one (texts come back: unit
    names, figures, headings, so each is measured once)."""
    em = 0.0
    for letter in unicodedata.normalize("NFC", text):
        em += _letter_em(letter)
    return em


@cache
def _letter_em(letter: str) -> float:
    """The width of one letter (an NFC code point) in em, the fallback glyph's counted."""
    base, *marks = list(unicodedata.normalize("NFD", letter))
    wide = WIDTH.get(base, 0.5) + (HORN if "\u031b" in marks else 0.0)
    return wide * FALLBACK if ord(letter) > 0xFF else wide


def column_points(width: float) -> float:
    """The width of a column of ``width`` characters (Excel's unit) in points, as Excel draws it.

    The narrower of the two programs' columns: what a wrapped text can count on.
    """
    return (int(width * DIGIT_PX + 0.5) + CELL_PX) * 0.75


def printed_points(width: float) -> float:
    """The width of such a column as LibreOffice prints it, measured: about 6 % wider than
    Excel's, so the wider of the two, which the page's width must hold."""
    return max(width * LO_POINTS_PER_CHAR + LO_CELL_POINTS, column_points(width))


def span_points(widths: Iterable[float]) -> float:
    """The width in points of adjacent columns (a merged range): each column keeps its padding."""
    return sum(column_points(w) for w in widths)


def lines_of(text: str, points: float, size: float = 11, bold: bool = False) -> int:
    """How many lines ``text`` wraps to in a cell ``points`` wide.

    Words go whole onto a line while they fit, as both programs wrap; a word longer than
    the line is cut across lines; a line break in the text starts a new line.
    """
    return _lines_of(text, points, size, bold)


@lru_cache(maxsize=1 << 16)
def _lines_of(text: str, points: float, size: float, bold: bool) -> int:
    """:func:`lines_of`, each text counted once per cell width (a unit's name comes back on
    every sheet of the appendix)."""
    room = max(points - INSET_PX * 0.75, 1.0)
    space = text_width(" ", size, bold)
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        used = 0.0
        for word in paragraph.split():
            wide = text_width(word, size, bold)
            if used and used + space + wide <= room:
                used += space + wide
                continue
            if used:
                count += 1
            spill = max(math.ceil(wide / room), 1)
            count += spill - 1
            used = wide - (spill - 1) * room
    return count


def line_height(size: float = 11) -> float:
    """The height of one wrapped line at ``size`` points."""
    return size * LINE


def row_height(cells: Iterable[tuple[str, float]], size: float = 11, bold: bool = False) -> float:
    """The height in points of a row of ``(text, cell width in points)`` cells, each wrapped."""
    lines = max((lines_of(text, points, size, bold) for text, points in cells), default=1)
    return min(round(lines * line_height(size) + PADDING, 1), MAX_ROW)


def print_scale(widths: Sequence[float], page_points: float) -> int:
    """The print scale (percent) that puts columns of these widths on one page's width.

    Two points short of the page so that a rounding in either program never pushes the
    last column onto a page of its own.
    """
    return max(10, min(100, math.floor((page_points - 2) / sum(map(printed_points, widths)) * 100)))


@cache
def plain_height(size: float = 11) -> float:
    """The height of a row of one line at ``size`` points."""
    return row_height([("x", 100.0)], size)
