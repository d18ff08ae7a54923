"""What the printed form needs that a spreadsheet program does not do by itself.

Row heights. Neither Excel nor LibreOffice fits a row to its wrapped text when it opens a
file written by xlsxwriter, so a two-line label printed over the row below it. Each row's
height is set here from an estimate of its cells' lines: the text's width, from per-letter
widths of Times New Roman (LibreOffice prints it with Liberation Serif, its metric twin),
against the column's width in pixels. The estimate errs a little high: a row slightly too
tall costs white space, a row too short hides words. ``tests/test_form_print.py`` holds it
against the real font's widths.

The signature block. A commune's report is signed as NĐ 30/2020 lays out a collective
body's signature: place and date, then on the right "TM. ỦY BAN NHÂN DÂN" over "CHỦ TỊCH",
room to sign and seal, and the name; on the left the officer who prepared the form.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

PREPARER = "NGƯỜI LẬP BIỂU"
AUTHORITY = "TM. ỦY BAN NHÂN DÂN"
POSITION = "CHỦ TỊCH"
PREPARER_NOTE = "(Ký, ghi rõ họ tên)"
HEAD_NOTE = "(Ký, đóng dấu, ghi rõ họ tên)"
NAME_LINE = "……………………………"
SIGNING_ROOM = 64.0
"""Points left blank for the signature and the seal (about 2,3 cm)."""

_CELL_PADDING_PX = 8  # both sides together: Excel and LibreOffice keep text off the borders
_BOLD = 1.07  # Times New Roman Bold is about 7 % wider than the regular face
_LINE = 1.3125  # a line of Times New Roman is 15,75 pt at 12 pt in Excel


def date_line(place: str | None) -> str:
    """ "Đắk Ang, ngày …… tháng …… năm ……": the day is written by hand when the form is signed."""
    return f"{place or '……………'}, ngày …… tháng …… năm ……"


def column_pixels(width: float) -> int:
    """A column's width in pixels, as Excel draws it for the default font (xlsxwriter's rule)."""
    return int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)


@lru_cache(maxsize=512)
def _char_em(char: str) -> float:
    """Advance width of one letter in Times New Roman, in em, a little above its class's mean."""
    if char == " ":
        return 0.25
    if char.isdigit():
        return 0.5
    if char in "…&%@":
        return 1.0 if char == "…" else 0.83
    base = unicodedata.normalize("NFD", char)[0]
    if base.isupper():
        return 0.70
    if base.islower():
        return 0.31 if base in "fijlrt" else 0.78 if base in "mw" else 0.47
    return 0.36


def text_pixels(text: str, size: float = 12, bold: bool = False) -> float:
    """The width of ``text`` in pixels at ``size`` points (96 dpi)."""
    return sum(_char_em(c) for c in text) * size * 96 / 72 * (_BOLD if bold else 1.0)


@lru_cache(maxsize=4096)
def text_lines(text: str, width_px: float, size: float = 12, bold: bool = False) -> int:
    """How many lines ``text`` wraps to in a cell ``width_px`` wide: words go to the next
    line when they do not fit, as both programs wrap; a word longer than the cell is broken."""
    room = max(width_px - _CELL_PADDING_PX, 1.0)
    space = text_pixels(" ", size, bold)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            wide = text_pixels(word, size, bold)
            if used and used + space + wide <= room:
                used += space + wide
                continue
            if used:
                lines += 1
            lines += math.ceil(wide / room) - 1 if wide > room else 0
            used = wide % room if wide > room else wide
    return max(lines, 1)


def line_height(lines: int, size: float = 12) -> float:
    """Points for ``lines`` lines of text at ``size``, with a little room above and below."""
    return round(lines * size * _LINE + 2.25, 2)


@dataclass(frozen=True)
class Text:
    """One wrapped cell of a row: its text, the width it wraps in (pixels), its font."""

    text: str
    width_px: float
    size: float = 12
    bold: bool = False

    def height(self) -> float:
        return line_height(text_lines(self.text, self.width_px, self.size, self.bold), self.size)


def fit_row(ws: Worksheet, row: int, cells: Iterable[Text], minimum: float = 0.0) -> float:
    """Set ``row`` as tall as its tallest wrapped cell (never below ``minimum``); returns the height."""
    height = max([minimum, *(c.height() for c in cells if c.text)])
    ws.set_row(row, height)
    return height


@dataclass(frozen=True)
class SignatureFormats:
    date: Format
    title: Format
    note: Format
    name: Format


def signature_block(
    ws: Worksheet,
    f: SignatureFormats,
    row: int,
    left: int,
    right: tuple[int, int],
    widths: Sequence[float],
    place: str | None,
) -> int:
    """Write the block from ``row`` down: the preparer in column ``left``, the committee's
    signature centred on columns ``right`` (first, last); returns the row after the block.

    Rows hold one line each and are fitted like the table, so the block prints whole in
    both programs; the right half keeps together in merged cells, centred as NĐ 30/2020 puts it.
    """
    first, last = right
    span = float(sum(column_pixels(widths[c]) for c in range(first, last + 1)))
    left_px = float(column_pixels(widths[left]))
    lines: list[tuple[str, Format, str, Format]] = [
        ("", f.note, date_line(place), f.date),
        (PREPARER, f.title, AUTHORITY, f.title),
        (PREPARER_NOTE, f.note, POSITION, f.title),
        ("", f.note, HEAD_NOTE, f.note),
    ]
    for k, (left_text, left_fmt, right_text, right_fmt) in enumerate(lines):
        if left_text:
            ws.write_string(row + k, left, left_text, left_fmt)
        ws.merge_range(row + k, first, row + k, last, right_text, right_fmt)
        size = 13 if right_fmt is not f.note else 12
        bold = right_fmt is f.title
        fit_row(ws, row + k, [Text(left_text, left_px, 13, True), Text(right_text, span, size, bold)])
    room = row + len(lines)
    ws.set_row(room, SIGNING_ROOM)
    ws.write_string(room + 1, left, NAME_LINE, f.name)
    ws.merge_range(room + 1, first, room + 1, last, NAME_LINE, f.name)
    fit_row(ws, room + 1, [Text(NAME_LINE, span, 13, True)])
    return room + 2
