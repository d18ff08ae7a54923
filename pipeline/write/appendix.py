"""The appendix workbook sent up with the district report, ready to print.

Each catalog appendix table becomes one sheet laid out like a Vietnamese statistical
form and printed on A4 landscape as it stands: the issuing body and national motto,
"Phụ lục IV" and its title, the "(Kèm theo Báo cáo số …)" line that ties it to the signed
report, the table, then the date and the signatures kept on the table's last page. Each
sheet numbers its own pages from 1, none on page 1 (NĐ 30/2020). Rows are as tall as
their wrapped text, since no program fits an xlsxwriter row on opening.

After the tables: the comparison with earlier periods when the ledger has one, the chart
sheet, and the source list — every cell behind the totals, for an auditor — which is
hidden so that printing the workbook prints the tables only (see
:mod:`pipeline.write.appendix_sources`). Nothing meant for the catalog's maintainer (whether
a target's value was checked) is ever printed. With ``lang="en"`` every title, header,
label and fixed text is English; the units' names stay as they are. For one report scope
the workbook holds that report's tables only (:func:`pipeline.spec.report_scopes.narrowed`),
numbered Phụ lục I, II … in their order, the comparison and charts of its figures only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import xlsxwriter

from pipeline.aggregate.totals import Totals
from pipeline.spec.catalog import Catalog
from pipeline.spec.numbers import written_in
from pipeline.spec.periods import Period
from pipeline.spec.report_scopes import ReportScope, narrowed
from pipeline.spec.report_settings import ReportSettings
from pipeline.spec.units import UnitRegistry
from pipeline.write.appendix_charts import CHART_SHEET, charts_sheet, charts_wanted
from pipeline.write.appendix_charts import WIDTHS as CHART_WIDTHS
from pipeline.write.appendix_comparison import COMPARISON_SHEET, WIDTHS, write_comparison_sheet
from pipeline.write.appendix_frame import Context
from pipeline.write.appendix_page import SheetLayout
from pipeline.write.appendix_sources import SOURCE_SHEET, SourceList, write_sources_sheet
from pipeline.write.appendix_targets import OP_SIGNS, OPS, targets_sheet
from pipeline.write.appendix_targets import WIDTHS as TARGET_WIDTHS
from pipeline.write.appendix_units import Placed, by_unit_sheet
from pipeline.write.appendix_words import table_title
from pipeline.write.comparison import ComparisonRow
from pipeline.write.wording import in_language
from pipeline.write.xlsx_cells import NumberedSheet, Styles

__all__ = ["CHART_SHEET", "COMPARISON_SHEET", "OPS", "OP_SIGNS", "SOURCE_SHEET", "write_appendix"]


def _widths(table_columns: int) -> list[float]:
    """STT, Đơn vị, then the figure columns, narrower when there are many."""
    return [5.0, 24.0] + [15.0 if table_columns <= 8 else 13.0] * table_columns


def write_appendix(
    path: Path,
    totals: Totals,
    catalog: Catalog,
    registry: UnitRegistry,
    period: Period,
    sources: SourceList,
    subtotals: Mapping[str, Totals] | None = None,
    comparison: Sequence[ComparisonRow] = (),
    report: ReportSettings | None = None,
    lang: str = "vi",
    part: ReportScope | None = None,
    notes: Sequence[str] = (),
    *,
    detail: str | None = None,
    issuer: str | None = None,
) -> None:
    """Write the appendix workbook: the catalog's tables in order, the comparison with
    earlier periods when there is one, the charts, then the (hidden) source list.

    ``subtotals`` (unit code -> its totals) groups the rows under those units, as a
    province's appendix groups communes under their district. ``report`` gives the number,
    date and signer the sheets print (default: an unsigned draft); ``lang`` is "vi" or "en";
    ``part`` the report scope whose appendix this is (default: the combined report's);
    ``notes`` are printed under the comparison (figures carried across a merger of units).

    ``detail`` (a province's or the country's appendix) makes each table list the units right
    below the root, each with its subtotal, and name the folder where each one's own units
    are (:mod:`pipeline.write.appendix_parts`). ``issuer`` (one such workbook) is the unit
    whose report it belongs to: it then holds the tables of figures alone, issued and signed
    by that unit, with no targets, comparison, charts or source list (``values.csv`` has
    every value with its cell).
    """
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    try:
        with in_language(lang), written_in(lang):
            st = Styles(book, lang)
            view = narrowed(catalog, part) if part is not None else catalog
            ctx = Context(st, totals, view, registry, period, dict(subtotals or {}), report or ReportSettings(), part,
                          issuer, detail)  # fmt: skip
            placed: dict[str, Placed] = {}
            verdicts: list[str] = []
            for table in view.appendix:
                if issuer is not None and table.kind == "targets":
                    continue
                ws = book.add_worksheet(table.sheet, worksheet_class=NumberedSheet)
                ws.hide_gridlines(2)
                if table.kind == "targets":
                    verdicts = targets_sheet(SheetLayout(ws, TARGET_WIDTHS), ctx, table, table_title(table))
                else:
                    layout = SheetLayout(ws, _widths(len(table.columns)))
                    placed[table.sheet] = by_unit_sheet(layout, ctx, table, table_title(table))
            if issuer is not None:
                return
            if comparison:
                ws = book.add_worksheet(COMPARISON_SHEET, worksheet_class=NumberedSheet)
                ws.hide_gridlines(2)
                write_comparison_sheet(SheetLayout(ws, WIDTHS), ctx, comparison, notes)
            if charts_wanted(ctx, placed) or verdicts:
                ws = book.add_worksheet(CHART_SHEET, worksheet_class=NumberedSheet)
                ws.hide_gridlines(2)
                charts_sheet(book, SheetLayout(ws, CHART_WIDTHS), ctx, placed, verdicts)
            write_sources_sheet(book.add_worksheet(SOURCE_SHEET), st, sources)
    finally:
        book.close()
