"""The appendix's comparison sheet: each figure now, a year before and the period before.

Written only when the ledger holds one of those periods; the change column is the same
wording as the report's ("tăng 12 hộ so với cùng kỳ năm 2019 (150 hộ)").
"""

from __future__ import annotations

from collections.abc import Sequence

from xlsxwriter.worksheet import Worksheet

from pipeline.spec.periods import Period
from pipeline.write.comparison import ComparisonRow
from pipeline.write.xlsx_cells import Styles, put_merged, put_text

COMPARISON_SHEET = "SoSanh_KyTruoc"
WIDTHS = (6, 46, 12, 14, 14, 14, 48)


def write_comparison_sheet(ws: Worksheet, st: Styles, rows: Sequence[ComparisonRow], period: Period) -> None:
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    title = f"SO SÁNH {period.label_vi.upper()} VỚI CÁC KỲ TRƯỚC"
    put_merged(ws, 0, 0, len(WIDTHS) - 1, title, st.get(bold=True, border=None, align="center", font_size=12))
    heads = ("STT", "Chỉ tiêu", "Đơn vị tính", period.label_vi, f"Cùng kỳ năm {period.year - 1}",
             period.previous.label_vi, "Thay đổi")  # fmt: skip
    for col, text in enumerate(heads):
        put_text(ws, 2, col, text, st.get(bold=True, align="center", text_wrap=True))
    ws.set_row(2, 36)
    ws.repeat_rows(2, 2)
    ws.freeze_panes(3, 0)
    wrap, centre = st.get(text_wrap=True), st.get(align="center")
    for k, row in enumerate(rows, start=1):
        at = 2 + k
        put_text(ws, at, 0, str(k), centre)
        put_text(ws, at, 1, row.label, wrap)
        for col, text in ((2, row.unit), (3, row.now), (4, row.year_before), (5, row.previous)):
            put_text(ws, at, col, text, centre)
        put_text(ws, at, 6, row.changes, wrap)
