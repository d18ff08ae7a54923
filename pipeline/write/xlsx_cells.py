"""Cell formats and writers shared by the sheets of the appendix workbook.

Every cell is bordered Times New Roman 11, the font of Vietnamese administrative documents; numbers
carry the Vietnamese locale in their format code, so Excel shows "7.896" and "97,9" to
every reader whatever the reader's own settings. Text always goes through
``write_string``, so "=1+1" from a commune stays text.
"""

from __future__ import annotations

import math

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline.spec.numbers import excel_number_format

FONT = "Times New Roman"
LOCALE_PREFIX = "[$-42A]"  # Vietnamese: Excel shows "7.896" and "97,9" to every reader
LOCALE_PREFIXES = {"vi": LOCALE_PREFIX, "en": "[$-409]"}  # English (United States) for --lang en


class Styles:
    """Formats created once per workbook (xlsxwriter keeps every format object)."""

    def __init__(self, book: Workbook, lang: str = "vi") -> None:
        self._book = book
        self.prefix = LOCALE_PREFIXES.get(lang, LOCALE_PREFIX)
        """The locale of every number format, charts' included."""
        self._cache: dict[tuple[tuple[str, object], ...], Format] = {}
        self._calls: dict[tuple[tuple[str, object], ...], Format] = {}
        self._numbers: dict[tuple[int, bool], Format] = {}

    def get(self, **changes: object) -> Format:
        """A bordered Times New Roman 11 cell, with ``changes`` (bold, align, num …) applied."""
        called = tuple(changes.items())  # a call site repeats its own order: no sorting per cell
        if called not in self._calls:
            self._calls[called] = self._make(changes)
        return self._calls[called]

    def _make(self, changes: dict[str, object]) -> Format:
        props: dict[str, object] = {"font_name": FONT, "font_size": 11, "valign": "vcenter", "border": 1}
        props.update(changes)
        if props.get("num_format"):
            props["num_format"] = self.prefix + str(props["num_format"])
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self._book.add_format({k: v for k, v in props.items() if v is not None})
        return self._cache[key]

    def number(self, decimals: int, bold: bool = False) -> Format:
        if (decimals, bold) not in self._numbers:
            self._numbers[decimals, bold] = self.get(bold=bold, align="right", num_format=excel_number_format(decimals))
        return self._numbers[decimals, bold]


def put_text(ws: Worksheet, row: int, col: int, value: str, fmt: Format) -> None:
    """Text always goes through write_string, so "=1+1" from a commune stays text."""
    ws.write_string(row, col, value, fmt)


def put_merged(ws: Worksheet, row: int, first: int, last: int, value: str, fmt: Format) -> None:
    if last > first:
        ws.merge_range(row, first, row, last, "", fmt)
    put_text(ws, row, first, value, fmt)


def put_number(ws: Worksheet, row: int, col: int, value: float | None, fmt: Format, blank: Format) -> None:
    if value is None or not math.isfinite(value):
        ws.write_blank(row, col, None, blank)
    else:
        ws.write_number(row, col, value, fmt)


def decimals_of(value: float, most: int = 2) -> int:
    """Decimal figures show what they carry (12,5 · 3.847), up to ``most`` places."""
    return next((places for places in range(most) if round(value, places) == value), most)


class NumberedSheet(Worksheet):
    """A worksheet that prints its page number on every page but the first (NĐ 30/2020).

    NĐ 30/2020 numbers a phụ lục's pages from 1, centred in the top margin, with no number
    on page 1. xlsxwriter writes no "different first page" header, so this class adds
    ``differentFirst`` to the ``<headerFooter>`` element it writes; both Excel and
    LibreOffice honour it (a test reads it back and prints a sheet).
    """

    def _write_header_footer(self) -> None:
        if not self.header:
            super()._write_header_footer()
            return
        self._xml_start_tag("headerFooter", [("differentFirst", 1)])
        self._xml_data_element("oddHeader", self.header)
        if self.footer:
            self._xml_data_element("oddFooter", self.footer)
        self._xml_end_tag("headerFooter")
