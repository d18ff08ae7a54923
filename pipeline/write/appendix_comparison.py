"""The appendix's comparison sheet: each figure now, a year before and the period before.

Written only when the ledger holds one of those periods; the change column is the same
wording as the report's ("tăng 12 hộ so với cùng kỳ năm 2019 (150 hộ)"). Not a numbered
phụ lục but a working table, so it opens on its title and the "Kèm theo" line (as NĐ
30/2020's Mẫu 2.1 lays out an attachment: no national heading) and its header stays on
row 3, where readers of earlier appendices find it; it closes with the date and signatures.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.write.appendix_frame import Context, attached_line, write_closing
from pipeline.write.appendix_page import SheetLayout
from pipeline.write.comparison import ComparisonRow
from pipeline.write.wording import Phrase, period_label
from pipeline.write.xlsx_cells import put_merged, put_text

COMPARISON_SHEET = "SoSanh_KyTruoc"
WIDTHS = (6, 46, 12, 14, 14, 14, 48)
TITLE = Phrase("So sánh {period} với các kỳ trước", "{period} compared with earlier periods")
HEADS = (
    Phrase("STT", "No."),
    Phrase("Chỉ tiêu", "Indicator"),
    Phrase("Đơn vị tính", "Unit"),
    Phrase("{now}", "{now}"),
    Phrase("Cùng kỳ năm {year}", "Same period of {year}"),
    Phrase("{previous}", "{previous}"),
    Phrase("Thay đổi", "Change"),
)


def write_comparison_sheet(
    layout: SheetLayout, ctx: Context, rows: Sequence[ComparisonRow], notes: Sequence[str] = ()
) -> None:
    """The table, then each note (how earlier figures were carried across a merger of units)
    as a wrapped line across the sheet, then the date and signatures."""
    ws, st, period = layout.ws, ctx.st, ctx.period
    now = period_label(period.year, period.half)
    title, attached = TITLE(period=now).upper(), attached_line(ctx)
    put_merged(ws, 0, 0, layout.last_col, title, st.get(bold=True, border=None, align="center", font_size=12))
    put_merged(ws, 1, 0, layout.last_col, attached, st.get(italic=True, border=None, align="center", text_wrap=True))
    layout.fit(0, [(title, 0, layout.last_col)], 12, True)
    layout.fit(1, [(attached, 0, layout.last_col)], 11)
    top = 2
    previous = period_label(period.previous.year, period.previous.half)
    heads = [h(now=now, year=period.year - 1, previous=previous) for h in HEADS]
    for col, text in enumerate(heads):
        put_text(ws, top, col, text, st.get(bold=True, align="center", text_wrap=True))
    layout.fit(top, [(text, col, col) for col, text in enumerate(heads)], bold=True)
    layout.repeat_rows(top, top)
    ws.freeze_panes(top + 1, 0)
    wrap, centre = st.get(text_wrap=True), st.get(align="center", text_wrap=True)
    at = top
    for k, row in enumerate(rows, start=1):
        at = top + k
        put_text(ws, at, 0, str(k), centre)
        put_text(ws, at, 1, row.label, wrap)
        for col, text in ((2, row.unit), (3, row.now), (4, row.year_before), (5, row.previous)):
            put_text(ws, at, col, text, centre)
        put_text(ws, at, 6, row.changes, wrap)
        layout.fit(at, [(row.label, 1, 1), (row.changes, 6, 6), (row.unit, 2, 2)])
    note_style = st.get(italic=True, border=None, text_wrap=True, valign="top")
    for note in notes:
        at += 1
        put_merged(ws, at, 0, layout.last_col, note, note_style)
        layout.fit(at, [(note, 0, layout.last_col)], 11)
    write_closing(layout, ctx, at + 1)
    layout.finish(keep_from=max(top + 1, at - 1))
