"""The appendix workbook sent up with the district report.

Each catalog appendix table becomes one sheet laid out like a Vietnamese statistical
form (issuing body, national motto, title, period), printable on A4 as it stands.
Cells hold real numbers with a Vietnamese number format, never text or formulas, so
the recipient can re-add them; a blank unit stays blank because blank is not zero.
Rates are copied from the aggregation, which recomputes them from summed parts. A
last sheet lists every source cell so any total can be traced to the commune files.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from pipeline.aggregate.totals import Figure, Totals
from pipeline.spec.catalog import AppendixTable, Catalog, Strategy, Target, ValueType
from pipeline.spec.numbers import format_auto
from pipeline.spec.periods import Period
from pipeline.spec.units import Unit, UnitRegistry
from pipeline.write.appendix_comparison import COMPARISON_SHEET, write_comparison_sheet
from pipeline.write.appendix_sources import SOURCE_SHEET, SourceList, write_sources_sheet
from pipeline.write.comparison import ComparisonRow
from pipeline.write.xlsx_cells import Styles, decimals_of, page_setup, put_merged, put_number, put_text

HEADER_ROW = 6  # first table-header row; rows above hold the form's heading block
TARGET_WIDTHS = (6, 48, 11, 13, 15, 16, 28)
OP_SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "="}
OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt, "==": operator.eq
}  # fmt: skip
ROMAN = ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # goal numbers
NO_STRATEGY = "Không có chiến lược áp dụng cho kỳ này"
UNCONFIRMED = "Giá trị chỉ tiêu chưa được đối chiếu văn bản"


@dataclass(frozen=True)
class _Context:
    """What every sheet writer needs."""

    st: Styles
    totals: Totals
    catalog: Catalog
    registry: UnitRegistry
    period: Period
    subtotals: Mapping[str, Totals] = field(default_factory=dict)

    @property
    def root(self) -> Unit:
        return self.registry[self.totals.root]


def _roman(number: int) -> str:
    out = ""
    for size, sign in ROMAN:
        count, number = divmod(number, size)
        out += sign * count
    return out


def _header_height(labels: Sequence[str], width: float) -> float:
    """Not every reader grows a row for wrapped text on opening, so estimate the height."""
    lines = max((math.ceil(len(text) * 1.1 / max(width - 1, 1)) for text in labels), default=1)
    return 16.0 * max(lines, 1) + 4


def _heading(ws: Worksheet, ctx: _Context, table: AppendixTable, widths: Sequence[float], lines: Sequence[str]) -> None:
    """Set column widths; issuing body top-left, national motto top-right, centred title."""
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ncols, page = len(widths), sum(widths)
    left_end = min(2, ncols // 2 - 1)
    right_start = max(left_end + 1, ncols - 4)
    head = ctx.st.get(bold=True, border=None, align="center")
    put_merged(ws, 0, 0, left_end, "ỦY BAN NHÂN DÂN", ctx.st.get(border=None, align="center"))
    put_merged(ws, 1, 0, left_end, ctx.root.name.upper(), head)
    put_merged(ws, 0, right_start, ncols - 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", head)
    put_merged(ws, 1, right_start, ncols - 1, "Độc lập - Tự do - Hạnh phúc", head)
    number = re.sub(r"\D", "", table.id) or f"{ctx.catalog.appendix.index(table) + 1:02d}"  # PL01 -> 01
    title = f"PHỤ LỤC {number}: {table.title_vi}"
    put_merged(
        ws, 3, 0, ncols - 1, title, ctx.st.get(bold=True, border=None, align="center", text_wrap=True, font_size=12)
    )
    ws.set_row(3, _header_height([title], page))
    for k, line in enumerate(lines):
        put_merged(ws, 4 + k, 0, ncols - 1, line, ctx.st.get(italic=True, border=None, align="center", text_wrap=True))
        ws.set_row(4 + k, _header_height([line], page))


def _column_format(code: str, catalog: Catalog, figure: Figure) -> tuple[str, int]:
    """How a column is shown: ("rate", decimals), ("yesno", 0), ("decimal", most) or ("number", 0)."""
    if figure.kind in ("ratio", "coverage"):
        return "rate", catalog.derived_by_code(code).decimals
    if figure.kind == "count_true":
        return "yesno", 0
    if catalog.base_indicator(code).type is ValueType.DECIMAL:
        return "decimal", 2
    return "number", 0


def _write_cell(
    ws: Worksheet,
    ctx: _Context,
    row: int,
    col: int,
    code: str,
    value: object,
    bold: bool,
    shown: tuple[str, int] | None = None,
) -> None:
    """One figure cell; a coverage figure per unit is the unit's own rate (100 or 0).

    ``shown`` is the column's :func:`_column_format`, when the caller has it at hand.
    """
    kind, decimals = shown or _column_format(code, ctx.catalog, ctx.totals[code])
    blank = ctx.st.get(bold=bold)
    if value is None:
        ws.write_blank(row, col, None, blank)
    elif kind == "yesno":
        put_text(ws, row, col, "Có" if value else "Không", ctx.st.get(bold=bold, align="center"))
    elif isinstance(value, bool):
        rate = ctx.catalog.derived_by_code(code).scale if value else 0.0
        put_number(ws, row, col, rate, ctx.st.number(decimals, bold), blank)
    elif isinstance(value, (int, float)):
        places = decimals_of(float(value), decimals) if kind == "decimal" else decimals
        put_number(ws, row, col, float(value), ctx.st.number(places, bold), blank)


def _count_text(figure: Figure) -> str | None:
    """Yes/no totals read "8/8": the "Có" answers over the units that answered."""
    if figure.value is None or figure.denominator is None:
        return None
    return f"{int(figure.numerator or 0)}/{int(figure.denominator)}"


def _by_unit_sheet(ws: Worksheet, ctx: _Context, table: AppendixTable) -> None:
    catalog, st, columns = ctx.catalog, ctx.st, table.columns
    width = 15 if len(columns) <= 8 else 13
    _heading(ws, ctx, table, [5, 24] + [width] * len(columns), [f"Kỳ báo cáo: {ctx.period.label_vi}"])
    head = st.get(bold=True, align="center", text_wrap=True)
    top, units_row, letters_row = HEADER_ROW, HEADER_ROW + 1, HEADER_ROW + 2
    for col, (title, letter) in enumerate((("STT", "A"), ("Đơn vị", "B"))):
        ws.merge_range(top, col, units_row, col, "", head)
        put_text(ws, top, col, title, head)
        put_text(ws, letters_row, col, letter, head)
    labels = [catalog.label_vi(code) for code in columns]
    ws.set_row(top, _header_height(labels, width))
    for k, code in enumerate(columns):
        put_text(ws, top, 2 + k, labels[k], head)
        put_text(
            ws, units_row, 2 + k, f"({catalog.unit_of(code)})", st.get(italic=True, align="center", text_wrap=True)
        )
        put_text(ws, letters_row, 2 + k, f"({k + 1})", head)
    ws.repeat_rows(top, letters_row)
    ws.freeze_panes(letters_row + 1, 2)

    row = letters_row + 1
    grouped = {u for sub in ctx.subtotals.values() for u in sub.units}
    row = _unit_rows(ws, ctx, row, columns, [u for u in ctx.totals.units if u not in grouped])
    for n, (group, sub) in enumerate(ctx.subtotals.items(), start=1):
        # A province's appendix: each district's subtotal, then its own units.
        row = _total_row(ws, ctx, row, columns, sub, f"Cộng {ctx.registry[group].name}", _roman(n))
        row = _unit_rows(ws, ctx, row, columns, list(sub.units))
    _total_row(ws, ctx, row, columns, ctx.totals, f"Tổng cộng {ctx.root.short_name}", None)


def _unit_rows(ws: Worksheet, ctx: _Context, row: int, columns: Sequence[str], units: Sequence[str]) -> int:
    shown = [_column_format(code, ctx.catalog, ctx.totals[code]) for code in columns]
    by_unit = [ctx.totals[code].by_unit for code in columns]
    for n, unit in enumerate(units, start=1):
        ws.write_number(row, 0, n, ctx.st.get(align="center"))
        put_text(ws, row, 1, ctx.registry[unit].name, ctx.st.get())
        for k, code in enumerate(columns):
            _write_cell(ws, ctx, row, 2 + k, code, by_unit[k].get(unit), bold=False, shown=shown[k])
        row += 1
    return row


def _total_row(
    ws: Worksheet, ctx: _Context, row: int, columns: Sequence[str], totals: Totals, label: str, number: str | None
) -> int:
    """A bold row of recomputed totals (never a sum of the rates above it)."""
    bold = ctx.st.get(bold=True)
    if number:
        put_text(ws, row, 0, number, ctx.st.get(bold=True, align="center"))
    else:
        ws.write_blank(row, 0, None, bold)
    put_text(ws, row, 1, label, bold)
    for k, code in enumerate(columns):
        figure = totals[code]
        if figure.kind != "count_true":
            _write_cell(ws, ctx, row, 2 + k, code, figure.value, bold=True)
        elif (text := _count_text(figure)) is not None:
            put_text(ws, row, 2 + k, text, ctx.st.get(bold=True, align="center"))
        else:
            ws.write_blank(row, 2 + k, None, bold)
    return row + 1


def _target_row(ws: Worksheet, ctx: _Context, row: int, target: Target) -> None:
    """A target against the district figure; a target communes cannot count says so."""
    cell, centre = ctx.st.get(text_wrap=True), ctx.st.get(align="center", text_wrap=True)
    put_text(ws, row, 0, target.code, ctx.st.get(align="center"))
    put_text(ws, row, 1, target.label_vi, cell)
    put_text(ws, row, 3, f"{OP_SIGNS.get(target.op, target.op)} {format_auto(target.value)}", centre)
    value: float | None = None
    if target.indicator is None:
        put_text(ws, row, 2, target.unit, centre)
        ws.write_blank(row, 4, None, cell)
        verdict = "Không thu thập ở cấp xã"
    else:
        put_text(ws, row, 2, ctx.catalog.unit_of(target.indicator), centre)
        value = ctx.totals[target.indicator].value
        if ctx.totals[target.indicator].kind == "count_true":
            put_number(ws, row, 4, value, ctx.st.number(0), cell)
        else:
            _write_cell(ws, ctx, row, 4, target.indicator, value, bold=False)
        verdict = "Chưa có số liệu" if value is None else "Đạt" if OPS[target.op](value, target.value) else "Chưa đạt"
    put_text(ws, row, 5, verdict, centre)
    if target.confirmed:
        ws.write_blank(row, 6, None, cell)
    else:
        put_text(ws, row, 6, UNCONFIRMED, cell)


def _targets_sheet(ws: Worksheet, ctx: _Context, table: AppendixTable) -> None:
    strategy: Strategy | None = ctx.catalog.strategy_for(ctx.period)
    st, ncols = ctx.st, len(TARGET_WIDTHS)
    lines = [f"Kỳ báo cáo: {ctx.period.label_vi}"]
    if strategy is not None:
        lines.insert(0, f"Kèm theo báo cáo kết quả thực hiện {strategy.title_vi} ({strategy.decision})")
    _heading(ws, ctx, table, TARGET_WIDTHS, lines)
    top = HEADER_ROW
    if strategy is None:
        put_merged(ws, top, 0, ncols - 1, NO_STRATEGY, st.get(border=None, align="center", italic=True))
        return
    plan, done = f"Chỉ tiêu {strategy.last_year}", f"Thực hiện {ctx.period.label_vi}"
    for col, text in enumerate(("STT", "Chỉ tiêu", "Đơn vị tính", plan, done, "Đánh giá", "Ghi chú")):
        put_text(ws, top, col, text, st.get(bold=True, align="center", text_wrap=True))
    ws.set_row(top, 36)
    ws.repeat_rows(top, top)
    ws.freeze_panes(top + 1, 0)
    row = top + 1
    goals = {goal.code for goal in strategy.goals}
    for goal in strategy.goals:
        put_text(
            ws, row, 0, _roman(int(goal.code)) if goal.code.isdigit() else goal.code, st.get(bold=True, align="center")
        )
        ws.merge_range(row, 1, row, ncols - 1, "", st.get(bold=True, text_wrap=True))
        put_text(ws, row, 1, goal.title_vi, st.get(bold=True, text_wrap=True))
        row += 1
        for target in (t for t in strategy.targets if t.goal == goal.code):
            _target_row(ws, ctx, row, target)
            row += 1
    for target in (t for t in strategy.targets if t.goal not in goals):  # listed, never dropped
        _target_row(ws, ctx, row, target)
        row += 1


def write_appendix(
    path: Path,
    totals: Totals,
    catalog: Catalog,
    registry: UnitRegistry,
    period: Period,
    sources: SourceList,
    subtotals: Mapping[str, Totals] | None = None,
    comparison: Sequence[ComparisonRow] = (),
) -> None:
    """Write the appendix workbook: the catalog's tables in order, the comparison with
    earlier periods when there is one, then the source list.

    ``subtotals`` (unit code -> its totals) groups the rows under those units, as a
    province's appendix groups communes under their district.
    """
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    try:
        ctx = _Context(Styles(book), totals, catalog, registry, period, dict(subtotals or {}))
        for table in catalog.appendix:
            ws = book.add_worksheet(table.sheet)
            ws.hide_gridlines(2)
            (_targets_sheet if table.kind == "targets" else _by_unit_sheet)(ws, ctx, table)
            page_setup(ws)
        if comparison:
            ws = book.add_worksheet(COMPARISON_SHEET)
            write_comparison_sheet(ws, ctx.st, comparison, period)
            page_setup(ws)
        ws = book.add_worksheet(SOURCE_SHEET)
        write_sources_sheet(ws, ctx.st, sources)
        page_setup(ws)
    finally:
        book.close()
