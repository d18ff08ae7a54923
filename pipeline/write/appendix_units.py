"""An appendix table with a row per reporting unit and the aggregating unit's total.

Laid out like a Vietnamese statistical form: STT and Đơn vị lettered A and B, the figure
columns numbered (1), (2) … under their label and unit. Cells hold real numbers with a
Vietnamese number format, never text or formulas, so the recipient can re-add them; a
blank unit stays blank because blank is not zero. Rates are copied from the aggregation,
which recomputes them from summed parts. A unit whose level reports none of the table's
columns (the district office in a table of commune figures) gets no row: an empty row
above the communes would read as a unit that failed to report. Money columns name their
unit in the header itself ("Số tiền cho vay (triệu đồng)"), because đồng and triệu đồng
sit side by side in the same table and the values keep the unit the form asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from xlsxwriter.worksheet import Worksheet

from pipeline.aggregate.totals import Figure, Totals
from pipeline.spec.catalog import AppendixTable, Catalog, ValueType
from pipeline.write import appendix_words as w
from pipeline.write.appendix_frame import Context, roman, write_closing, write_heading
from pipeline.write.appendix_page import SheetLayout
from pipeline.write.figure_text import figure_levels
from pipeline.write.wording import label, period_label, unit_name
from pipeline.write.xlsx_cells import decimals_of, put_merged, put_number, put_text

MONEY = "đồng"


@dataclass(frozen=True)
class Placed:
    """Where a by-unit table put its unit rows and columns (for the charts that draw them)."""

    sheet: str
    rows: tuple[int, ...] = ()
    """The rows of single units, in order, when no subtotal interrupts them."""
    columns: dict[str, int] = field(default_factory=dict)
    name_column: int = 1


def column_format(code: str, catalog: Catalog, figure: Figure) -> tuple[str, int]:
    """How a column is shown: ("rate", decimals), ("yesno", 0), ("decimal", most) or ("number", 0)."""
    if figure.kind in ("ratio", "coverage"):
        return "rate", catalog.derived_by_code(code).decimals
    if figure.kind == "count_true":
        return "yesno", 0
    if catalog.base_indicator(code).type is ValueType.DECIMAL:
        return "decimal", 2
    return "number", 0


def write_cell(ws: Worksheet, ctx: Context, row: int, col: int, code: str, value: object, bold: bool,
               shown: tuple[str, int] | None = None) -> None:  # fmt: skip
    """One figure cell; a coverage figure per unit is the unit's own rate (100 or 0)."""
    kind, decimals = shown or column_format(code, ctx.catalog, ctx.totals[code])
    blank = ctx.st.get(bold=bold)
    if value is None:
        ws.write_blank(row, col, None, blank)
    elif kind == "yesno":
        put_text(ws, row, col, w.YES() if value else w.NO(), ctx.st.get(bold=bold, align="center"))
    elif isinstance(value, bool):
        rate = ctx.catalog.derived_by_code(code).scale if value else 0.0
        put_number(ws, row, col, rate, ctx.st.number(decimals, bold), blank)
    elif isinstance(value, (int, float)):
        places = decimals_of(float(value), decimals) if kind == "decimal" else decimals
        put_number(ws, row, col, float(value), ctx.st.number(places, bold), blank)


def count_text(figure: Figure) -> str | None:
    """Yes/no totals read "8/8": the "Có" answers over the units that answered."""
    if figure.value is None or figure.denominator is None:
        return None
    return f"{int(figure.numerator or 0)}/{int(figure.denominator)}"


def header_label(catalog: Catalog, code: str) -> str:
    """The column's label; a money column says its unit in the label itself."""
    text = label(catalog, code)
    return f"{text} ({unit_name(catalog, code)})" if MONEY in catalog.unit_of(code) else text


def by_unit_sheet(layout: SheetLayout, ctx: Context, table: AppendixTable, title: str) -> Placed:
    """Write the table; returns where its unit rows and columns are."""
    catalog, st, columns, ws = ctx.catalog, ctx.st, table.columns, layout.ws
    lines = [w.PERIOD(period=period_label(ctx.period.year, ctx.period.half))]
    if ctx.issuer.code != ctx.root.code:  # a workbook of one group's units: name the group
        lines.append(w.UNITS_OF(name=ctx.root.name))
    top = write_heading(layout, ctx, title, ctx.number_of(table), lines)
    head = st.get(bold=True, align="center", text_wrap=True)
    units_row, letters_row = top + 1, top + 2
    for col, (text, letter) in enumerate(((w.NUMBER(), "A"), (w.UNIT(), "B"))):
        ws.merge_range(top, col, units_row, col, "", head)
        put_text(ws, top, col, text, head)
        put_text(ws, letters_row, col, letter, head)
    labels = [header_label(catalog, code) for code in columns]
    units = [f"({unit_name(catalog, code)})" for code in columns]
    italic = st.get(italic=True, align="center", text_wrap=True)
    for k in range(len(columns)):
        put_text(ws, top, 2 + k, labels[k], head)
        put_text(ws, units_row, 2 + k, units[k], italic)
        put_text(ws, letters_row, 2 + k, f"({k + 1})", head)
    layout.fit(top, [(text, 2 + k, 2 + k) for k, text in enumerate(labels)], bold=True)
    layout.fit(units_row, [(text, 2 + k, 2 + k) for k, text in enumerate(units)])
    layout.fit(letters_row, [("A", 0, 0)], bold=True)
    layout.repeat_rows(top, letters_row)
    ws.freeze_panes(letters_row + 1, 2)

    row = letters_row + 1
    levels = {lv for code in columns for lv in figure_levels(catalog, code)}
    shown = [u for u in ctx.totals.units if ctx.registry[u].level in levels]
    grouped, listed = {u for sub in ctx.subtotals.values() for u in sub.units}, set(shown)
    first = row
    if ctx.detail is not None:  # one row per unit below the root; their own units are in workbooks of their own
        row = _group_rows(layout, ctx, row, columns, listed)
        rows: tuple[int, ...] = ()
    else:
        row = _unit_rows(layout, ctx, row, columns, [u for u in shown if u not in grouped])
        rows = tuple(range(first, row)) if not ctx.subtotals else ()
        for n, (group, sub) in enumerate(ctx.subtotals.items(), start=1):
            # A province's appendix: each district's subtotal, then its own units.
            name = w.SUBTOTAL(name=ctx.registry[group].name)
            row = _total_row(layout, ctx, row, columns, sub, name, roman(n))
            row = _unit_rows(layout, ctx, row, columns, [u for u in sub.units if u in listed])
    total = _total_row(layout, ctx, row, columns, ctx.totals, w.TOTAL(name=ctx.root.short_name), None)
    end = total
    if ctx.detail is not None:
        note = w.DETAIL(folder=ctx.detail)
        put_merged(layout.ws, total, 0, layout.last_col, note, ctx.st.get(border=None, italic=True, text_wrap=True))
        layout.fit(total, [(note, 0, layout.last_col)])
        end = total + 1
    write_closing(layout, ctx, end)
    layout.finish(keep_from=max(letters_row + 1, total - 2))  # the last unit, the total and the signatures
    return Placed(table.sheet, rows, {code: 2 + k for k, code in enumerate(columns)})


def _group_rows(layout: SheetLayout, ctx: Context, row: int, columns: Sequence[str], listed: set[str]) -> int:
    """Each unit right below the root, in registry order: a unit with units below it shows
    their subtotal, recomputed like the total (never summed from rates); one without, its own
    figures when the table's columns are its level's. A group none of whose units reported
    still gets its row, blank: it is expected and sent nothing."""
    n = 0
    for child in ctx.registry.children(ctx.root.code):
        if child.code in ctx.subtotals:
            n += 1
            row = _total_row(layout, ctx, row, columns, ctx.subtotals[child.code], child.name, n, bold=False)
        elif child.code in listed:
            n += 1
            row = _unit_rows(layout, ctx, row, columns, [child.code], start=n)
    return row


def _unit_rows(layout: SheetLayout, ctx: Context, row: int, columns: Sequence[str], units: Sequence[str],
               start: int = 1) -> int:  # fmt: skip
    ws, st = layout.ws, ctx.st
    shown = [column_format(code, ctx.catalog, ctx.totals[code]) for code in columns]
    by_unit = [ctx.totals[code].by_unit for code in columns]
    for n, unit in enumerate(units, start=start):
        name = ctx.registry[unit].name
        ws.write_number(row, 0, n, st.get(align="center"))
        put_text(ws, row, 1, name, st.get(text_wrap=True))
        for k, code in enumerate(columns):
            write_cell(ws, ctx, row, 2 + k, code, by_unit[k].get(unit), bold=False, shown=shown[k])
        layout.fit(row, [(name, 1, 1)])
        row += 1
    return row


def _total_row(layout: SheetLayout, ctx: Context, row: int, columns: Sequence[str], totals: Totals, name: str,
               number: str | int | None, bold: bool = True) -> int:  # fmt: skip
    """A row of recomputed totals (never a sum of the rates above it), bold unless it is a
    group's row among others in a table of groups."""
    ws, heavy = layout.ws, ctx.st.get(bold=bold, text_wrap=True)
    if isinstance(number, int):
        ws.write_number(row, 0, number, ctx.st.get(align="center"))
    elif number:
        put_text(ws, row, 0, number, ctx.st.get(bold=bold, align="center"))
    else:
        ws.write_blank(row, 0, None, heavy)
    put_text(ws, row, 1, name, heavy)
    for k, code in enumerate(columns):
        figure = totals[code]
        if figure.kind != "count_true":
            write_cell(ws, ctx, row, 2 + k, code, figure.value, bold=bold)
        elif (text := count_text(figure)) is not None:
            put_text(ws, row, 2 + k, text, ctx.st.get(bold=bold, align="center"))
        else:
            ws.write_blank(row, 2 + k, None, heavy)
    layout.fit(row, [(name, 1, 1)], bold=bold)
    return row + 1
