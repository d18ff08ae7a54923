"""The appendix's chart sheet: the main figures by unit and the strategy's targets met.

Native Excel charts (xlsxwriter's ``add_chart``), so they stay live: each chart of a
figure by unit reads the unit rows of its own table sheet, and the targets chart reads a
small count table kept beside the charts, outside the printed area (the counts are also
printed on the bars). Which columns get a chart is the catalog's choice (``charts:`` of an
appendix table). Printed on one A4 landscape page for up to four charts, two a row; a
chart of a province's communes (rows interrupted by district subtotals) or of more than
:data:`MAX_UNITS` units would be unreadable and is left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from xlsxwriter.chart import Chart
from xlsxwriter.workbook import Workbook

from pipeline.spec.catalog import AppendixTable
from pipeline.write import appendix_words as w
from pipeline.write.appendix_frame import Context, write_heading
from pipeline.write.appendix_page import SheetLayout
from pipeline.write.appendix_targets import VERDICTS
from pipeline.write.appendix_units import Placed
from pipeline.write.wording import label, period_label, unit_name
from pipeline.write.xlsx_cells import FONT, put_text

CHART_SHEET = "BieuDo"
MAX_UNITS = 40
WIDTHS = (10.0,) * 12  # the printed area; the count table sits in the columns after it
CHART_SIZE = (440, 260)  # pixels: two charts a row fill the twelve columns
GAP = 8.0  # points between two rows of charts
ALWAYS = ("met", "unmet")  # the other verdicts are shown only when some target has them
COLOURS = {"met": "#9BBB59", "unmet": "#C0504D"}


def _font(size: float, bold: bool = False) -> dict[str, object]:
    return {"name": FONT, "size": size, "bold": bold}


def _column_chart(book: Workbook, title: str) -> Chart:
    chart = book.add_chart({"type": "column"})
    assert chart is not None
    chart.set_title({"name": title, "name_font": _font(11, True)})
    chart.set_legend({"none": True})
    chart.set_size({"width": CHART_SIZE[0], "height": CHART_SIZE[1]})
    chart.set_x_axis({"num_font": _font(9)})
    chart.set_chartarea({"border": {"color": "#808080"}})
    return chart


def charts_wanted(ctx: Context, placed: dict[str, Placed]) -> list[tuple[AppendixTable, str]]:
    """(table, column) of every chart by unit that can be drawn for this run."""
    return [
        (table, code)
        for table in ctx.catalog.appendix
        for code in table.charts
        if table.sheet in placed and 0 < len(placed[table.sheet].rows) <= MAX_UNITS
    ]


def charts_sheet(book: Workbook, layout: SheetLayout, ctx: Context, placed: dict[str, Placed],
                 verdicts: Sequence[str]) -> None:  # fmt: skip
    """The charts, two a row under the sheet's heading; returns nothing, sets the print setup."""
    ws = layout.ws
    period = period_label(ctx.period.year, ctx.period.half)
    row = write_heading(layout, ctx, w.CHARTS_TITLE(), None, [w.PERIOD(period=period)])
    charts = []
    for table, code in charts_wanted(ctx, placed):
        where = placed[table.sheet]
        first, last, col = where.rows[0], where.rows[-1], where.columns[code]
        chart = _column_chart(book, w.BY_UNIT(label=label(ctx.catalog, code), unit=unit_name(ctx.catalog, code)))
        rate = ctx.catalog.unit_of(code) == "%"
        chart.add_series({
            "categories": [table.sheet, first, where.name_column, last, where.name_column],
            "values": [table.sheet, first, col, last, col],
            "data_labels": {"value": True, "num_format": ctx.st.prefix + ("#,##0.0" if rate else "#,##0"),
                            "font": _font(8)},
            "fill": {"color": "#4F81BD"},
        })  # fmt: skip
        chart.set_y_axis(
            {"num_font": _font(9), "num_format": ctx.st.prefix + "#,##0", "min": 0, **({"max": 100} if rate else {})}
        )
        charts.append(chart)
    drawn = len(charts) + (1 if verdicts else 0)
    counts_row = row + (drawn + 1) // 2 * 2 + 1  # below the charts, outside the printed rows
    if verdicts:
        charts.append(_targets_chart(book, ctx, layout, counts_row, verdicts))
    height = CHART_SIZE[1] * 0.75
    for k in range(0, len(charts), 2):
        chart_row = row + k // 2 * 2
        if k and k % 4 == 0:  # two rows of charts a page
            ws.set_h_pagebreaks([*ws.hbreaks, chart_row])
        layout.set(chart_row, height)
        layout.set(chart_row + 1, GAP)
        for j, chart in enumerate(charts[k : k + 2]):
            ws.insert_chart(chart_row, 6 * j, chart, {"x_offset": 4, "y_offset": 0, "object_position": 1})
    first_page = sum(layout.heights.get(r, 0.0) for r in range(row + (min(len(charts), 4) + 1) // 2 * 2))
    layout.finish(tall=first_page)


def _targets_chart(book: Workbook, ctx: Context, layout: SheetLayout, at: int, verdicts: Sequence[str]) -> Chart:
    """The count of targets by verdict: a small table at row ``at`` and its chart."""
    ws, st = layout.ws, ctx.st
    counts = Counter(verdicts)
    keys = [k for k in VERDICTS if k in ALWAYS or counts[k]]
    put_text(ws, at, 0, w.TARGETS_COUNT(), st.get(bold=True))
    for k, key in enumerate(keys, start=1):
        put_text(ws, at + k, 0, VERDICTS[key](), st.get())
        ws.write_number(at + k, 1, counts[key], st.get())
    period = period_label(ctx.period.year, ctx.period.half)
    chart = _column_chart(book, w.TARGETS_CHART(count=len(verdicts), period=period))
    chart.add_series(
        {
            "categories": [ws.name, at + 1, 0, at + len(keys), 0],
            "values": [ws.name, at + 1, 1, at + len(keys), 1],
            "data_labels": {"value": True, "font": _font(9, True)},
            "points": [{"fill": {"color": COLOURS.get(key, "#A6A6A6")}} for key in keys],
        }
    )
    chart.set_y_axis({"num_font": _font(9), "min": 0, "major_unit": 5})
    return chart
