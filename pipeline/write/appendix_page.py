"""One printed sheet of the appendix: its columns, the height of every row, its pages.

Every row's height is set here from its wrapped text (:mod:`pipeline.write.xlsx_fit`), so
the sheet's pages can be laid out before the file exists: the print scale that puts the
columns on one A4 landscape page, and a page break that keeps the date line and the
signatures on the same page as the last rows of the table. Excel ignores manual page
breaks on a sheet printed "fit to page", hence a computed scale rather than fit-to-width.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from xlsxwriter.worksheet import Worksheet

from pipeline.write.xlsx_fit import plain_height, print_scale, row_height, span_points

PAGE_WIDTH, PAGE_HEIGHT = 841.9, 595.3  # A4 landscape, points
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.75, "bottom": 0.5}  # inches; the page number sits in the top one
SAFETY = 0.93
"""The share of a page's height the layout counts on: the programs round row heights and
place their own breaks, and a signature block pushed onto the next page must never happen."""
SHRINK = 0.8
"""A sheet a little taller than its pages is printed smaller to save a page, down to this
share of the scale its width allows (a page for the signatures alone is a waste of paper)."""
PAGE_NUMBER = '&C&"Times New Roman,Regular"&13&P'
"""NĐ 30/2020: Arabic page numbers, 13 pt, centred in the top margin (page 1 has none)."""


def _room() -> float:
    """The height of a page's printed rows at scale 100, in points, with the safety share."""
    return (PAGE_HEIGHT - (MARGINS["top"] + MARGINS["bottom"]) * 72) * SAFETY


class SheetLayout:
    """A sheet's column widths and row heights, and at the end its print setup."""

    def __init__(self, ws: Worksheet, widths: Sequence[float]) -> None:
        self.ws, self.widths = ws, tuple(widths)
        self.heights: dict[int, float] = {}
        self.repeat: tuple[int, int] | None = None
        self._spans: dict[tuple[int, int], float] = {}
        for col, width in enumerate(self.widths):
            ws.set_column(col, col, width)

    @property
    def last_col(self) -> int:
        return len(self.widths) - 1

    def points(self, first: int, last: int | None = None) -> float:
        """The width in points of columns ``first`` to ``last`` (one column by default)."""
        key = (first, first if last is None else last)
        if (points := self._spans.get(key)) is None:
            points = self._spans[key] = span_points(self.widths[first : key[1] + 1])
        return points

    def set(self, row: int, height: float) -> None:
        self.heights[row] = max(height, self.heights.get(row, 0.0))
        self.ws.set_row(row, self.heights[row])

    def fit(self, row: int, cells: Iterable[tuple[str, int, int]], size: float = 11, bold: bool = False) -> None:
        """Make ``row`` tall enough for each ``(text, first column, last column)`` wrapped."""
        self.set(row, row_height(((text, self.points(a, b)) for text, a, b in cells), size, bold))

    def repeat_rows(self, first: int, last: int) -> None:
        """The table header printed again at the top of every page."""
        self.repeat = (first, last)
        self.ws.repeat_rows(first, last)

    def _row_heights(self, last_row: int) -> list[float]:
        """The height of every row up to ``last_row``, a row never fitted being one line tall."""
        plain, heights = plain_height(), self.heights
        return [heights.get(row, plain) for row in range(last_row + 1)]

    def _page_starts(self, last_row: int, scale: int, heights: Sequence[float] | None = None) -> list[int]:
        """The first row of each page, as the rows' heights fill pages at ``scale``.

        ``heights`` are :meth:`_row_heights` of ``last_row`` when the caller has them already
        (:meth:`finish` tries many scales on the same rows).
        """
        room = _room() * 100 / scale
        titles = sum(self.heights.get(r, plain_height()) for r in range(*self._repeat_span()))
        header = self.repeat[1] if self.repeat else None  # rows below it start a page with the titles
        starts, used = [0], 0.0
        for row, height in enumerate(self._row_heights(last_row) if heights is None else heights):
            if used + height > room and used > titles:
                starts.append(row)
                used = titles if header is not None and row > header else 0.0
            used += height
        return starts

    def _repeat_span(self) -> tuple[int, int]:
        return (self.repeat[0], self.repeat[1] + 1) if self.repeat else (0, 0)

    def _paginate(
        self, last_row: int, scale: int, keep_from: int | None, heights: Sequence[float] | None = None
    ) -> tuple[int, int | None]:
        """Pages at ``scale``, and the row a manual break must go above to keep the rows from
        ``keep_from`` on together (``None`` when they already share a page)."""
        starts = self._page_starts(last_row, scale, heights)
        if keep_from is None or keep_from <= 0 or sum(1 for s in starts if s <= keep_from) == len(starts):
            return len(starts), None
        return sum(1 for s in starts if s < keep_from) + 1, keep_from

    def finish(self, keep_from: int | None = None, tall: float | None = None) -> int:
        """A4 landscape, numbered pages, the rows from ``keep_from`` to the last one on one page.

        The scale is the largest that puts the columns on the page's width and the sheet on
        as few pages as any scale down to :data:`SHRINK` of it would; with ``tall``, the
        one that also puts that many points of rows on one page. Returns the page count.
        """
        ws, last_row = self.ws, max(self.heights, default=0)
        widest = print_scale(self.widths, PAGE_WIDTH - (MARGINS["left"] + MARGINS["right"]) * 72)
        if tall:
            scales = [max(10, min(widest, math.floor(_room() / tall * 100)))]
        else:
            scales = list(range(widest, max(10, math.ceil(widest * SHRINK)) - 1, -1))
        heights = self._row_heights(last_row)
        laid = {scale: self._paginate(last_row, scale, keep_from, heights) for scale in scales}
        fewest = min(pages for pages, _ in laid.values())
        scale = max(s for s, (pages, _) in laid.items() if pages == fewest)
        ws.set_paper(9)
        ws.set_landscape()
        ws.set_print_scale(scale)
        ws.center_horizontally()
        ws.set_margins(**MARGINS)
        ws.set_header(PAGE_NUMBER, {"margin": 0.3})
        ws.set_start_page(1)  # each phụ lục is numbered from 1 (NĐ 30/2020)
        ws.print_area(0, 0, last_row, self.last_col)
        pages, brk = laid[scale]
        if brk is not None:
            ws.set_h_pagebreaks([*ws.hbreaks, brk])
        return pages
