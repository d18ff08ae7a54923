"""What every printed sheet of the appendix carries around its table.

Above: the issuing body and the national motto, "Phụ lục IV" and the title (NĐ 30/2020,
Phụ lục I, III.1: the number on its own line, the title in capitals), then the line that
ties the table to the signed report, "(Kèm theo Báo cáo số 419/BC-UBND ngày 15/6/2020 của
Ủy ban nhân dân huyện Ngọc Hồi)", worded as the Word report's own appendix words it.
Below: the place and date and the signatures, "NGƯỜI LẬP BIỂU" on the left and the
People's Committee's block on the right, as statistical forms close. Number, date and
signer come from the report settings (``--report``); an unsigned draft prints "…" where
the number and the day will be written, as a paper report is numbered when signed. The
appendix of one report scope numbers its tables I, II … in its own order, and its "Kèm
theo" line also names the report's subject ("… về công tác bình đẳng giới"), so two
unnumbered drafts' appendices cannot be confused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pipeline.aggregate.totals import Totals
from pipeline.spec.catalog import AppendixTable, Catalog
from pipeline.spec.periods import Period
from pipeline.spec.report_scopes import ReportScope
from pipeline.spec.report_settings import ReportSettings
from pipeline.spec.units import Unit, UnitRegistry
from pipeline.write import appendix_words as w
from pipeline.write.appendix_page import SheetLayout
from pipeline.write.report_phrases import issuer_name
from pipeline.write.wording import english
from pipeline.write.xlsx_cells import Styles, put_merged
from pipeline.write.xlsx_fit import text_width

ROMAN = ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
SIGNATURE_SPACE = 62.0  # points left blank for the signature and the seal


@dataclass(frozen=True)
class Context:
    """What every sheet writer needs."""

    st: Styles
    totals: Totals
    catalog: Catalog
    registry: UnitRegistry
    period: Period
    subtotals: Mapping[str, Totals] = field(default_factory=dict)
    report: ReportSettings = field(default_factory=ReportSettings)
    part: ReportScope | None = None
    """The report scope whose appendix this is (``catalog`` then holds its tables only)."""
    issuer_unit: str | None = None
    """The unit whose report the sheets are attached to, when it is not the one whose units
    they list (a district's workbook of a province's appendix); default :attr:`root`."""
    detail: str | None = None
    """Where each group's own units are listed, when the tables list one row per group
    (a province's or the country's appendix): the folder of their workbooks."""

    @property
    def root(self) -> Unit:
        """The unit the sheets total: the report's, or the group a workbook of groups lists."""
        return self.registry[self.totals.root]

    @property
    def issuer(self) -> Unit:
        """The unit that reports: it issues, dates and signs every sheet."""
        return self.registry[self.issuer_unit or self.totals.root]

    def number_of(self, table: AppendixTable) -> int:
        """The table's phụ lục number: in a scope's appendix its place, else :func:`table_number`."""
        if self.part is not None:
            return self.catalog.appendix.index(table) + 1
        return table_number(self.catalog, table)


def roman(number: int) -> str:
    out = ""
    for size, sign in ROMAN:
        count, number = divmod(number, size)
        out += sign * count
    return out


def table_number(catalog: Catalog, table: AppendixTable) -> int:
    """A table's phụ lục number: the digits of its id (PL04 is Phụ lục IV), else its place."""
    return int("".join(c for c in table.id if c.isdigit()) or catalog.appendix.index(table) + 1)


def attached_line(ctx: Context) -> str:
    """ "(Kèm theo Báo cáo số …/BC-UBND ngày … của Ủy ban nhân dân huyện Ngọc Hồi)"."""
    report, name = ctx.report, ctx.issuer.name
    day = report.date
    issuer = issuer_name(report, name)
    when = f"{day.day}/{day.month}/{day.year}" if day else w.BLANK
    if ctx.part is not None:
        issuer = w.ON_SUBJECT(issuer=issuer, subject=ctx.part.subject(english()))
    return w.ATTACHED(number=report.number or w.BLANK, code=report.doc_code, date=when, issuer=issuer)


def date_line(place: str, day: dt.date | None, year: int) -> str:
    """NĐ 30/2020: zero-pad days 1–9 and months 1–2 only ("ngày 05 tháng 01", "tháng 6")."""
    if day is None:
        return w.DATE(place=place, day=w.BLANK, month=w.BLANK, year=year)
    if english():
        return w.DATE(place=place, day=day.day, month=w.MONTHS_EN[day.month - 1], year=day.year)
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return w.DATE(place=place, day=f"{day.day:02d}", month=month, year=day.year)


def _blocks(layout: SheetLayout, left_text: str) -> tuple[int, int]:
    """The last column of the left block and the first of the right one: each as few columns
    as hold its widest line (the issuing body's name; the national name, bold 12 pt)."""
    last = layout.last_col
    right = last
    while right > 1 and layout.points(right, last) < text_width(w.NATION(), 12, True) + 12:
        right -= 1
    left_end = 0
    while left_end < right - 1 and layout.points(0, left_end) < text_width(left_text, 13, True) + 12:
        left_end += 1
    return left_end, right


def write_heading(layout: SheetLayout, ctx: Context, title: str, number: int | None, lines: Sequence[str]) -> int:
    """Issuing body and motto, the phụ lục's number and title, the "Kèm theo" line, then
    ``lines`` (the period); returns the first row free for the table."""
    st, ws, last = ctx.st, layout.ws, layout.last_col
    left_end, right = _blocks(layout, ctx.issuer.name.upper())
    plain = {"border": None, "align": "center", "text_wrap": True}
    put_merged(ws, 0, 0, left_end, w.signer_title(ctx.report.issuer_parent), st.get(**plain, font_size=12))
    put_merged(ws, 1, 0, left_end, ctx.issuer.name.upper(), st.get(**plain, bold=True, font_size=13))
    put_merged(ws, 0, right, last, w.NATION(), st.get(**plain, bold=True, font_size=12))
    put_merged(ws, 1, right, last, w.MOTTO(), st.get(**plain, bold=True, font_size=13, underline=1))
    layout.fit(0, [(w.signer_title(ctx.report.issuer_parent), 0, left_end), (w.NATION(), right, last)], 12, True)
    layout.fit(1, [(ctx.issuer.name.upper(), 0, left_end), (w.MOTTO(), right, last)], 13, True)
    layout.set(2, 8)
    row = 3
    if number is not None:
        put_merged(ws, row, 0, last, w.APPENDIX(number=roman(number)), st.get(**plain, bold=True, font_size=14))
        layout.fit(row, [(w.APPENDIX(number=roman(number)), 0, last)], 14, True)
        row += 1
    rows: list[tuple[str, dict[str, object], float, bool]] = [
        (title.upper(), {"bold": True}, 13, True),
        (attached_line(ctx), {"italic": True}, 13, False),
    ]
    rows += [(line, {"italic": True}, 12, False) for line in lines]
    for text, style, size, bold in rows:
        put_merged(ws, row, 0, last, text, st.get(**plain, **style, font_size=size))
        layout.fit(row, [(text, 0, last)], size, bold)
        row += 1
    layout.set(row, 8)
    return row + 1


def write_closing(layout: SheetLayout, ctx: Context, row: int) -> int:
    """The date line and the signatures from ``row`` (after a gap); returns the last row."""
    st, ws, last = ctx.st, layout.ws, layout.last_col
    left_end, right = _blocks(layout, w.PREPARER())
    signer = ctx.report.signer
    layout.set(row, 10)
    row += 1
    when = date_line(ctx.issuer.short_name, ctx.report.date, ctx.period.year)
    put_merged(ws, row, right, last, when, st.get(border=None, align="center", italic=True, font_size=13))
    layout.fit(row, [(when, right, last)], 13)
    row += 1
    titles = [w.signer_title(t) for t in (signer.authority, signer.on_behalf, signer.position) if t]
    lefts = [(w.PREPARER(), True, 13), (w.SIGN_HINT(), False, 11)]
    bold = st.get(border=None, align="center", bold=True, font_size=13, text_wrap=True)
    for k in range(max(len(titles), len(lefts))):
        cells = []
        if k < len(lefts):
            text, heavy, size = lefts[k]
            style = bold if heavy else st.get(border=None, align="center", italic=True, font_size=size)
            put_merged(ws, row, 0, left_end, text, style)
            cells.append((text, 0, left_end))
        if k < len(titles):
            put_merged(ws, row, right, last, titles[k], bold)
            cells.append((titles[k], right, last))
        layout.fit(row, cells, 13, True)
        row += 1
    layout.set(row, SIGNATURE_SPACE)
    row += 1
    put_merged(ws, row, right, last, signer.name, bold)
    layout.fit(row, [(signer.name, right, last)], 13, True)
    return row
