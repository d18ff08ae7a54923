"""The pages of an appendix sheet: the heights are gathered once and every scale tried on
them, with the same breaks, scale and page count as walking the sheet's rows at each scale."""

from __future__ import annotations

import math
import random

import pytest
import xlsxwriter

from pipeline.write.appendix_page import MARGINS, PAGE_WIDTH, SHRINK, SheetLayout, _room
from pipeline.write.xlsx_fit import plain_height, print_scale, span_points


def _layout(tmp_path, widths):
    book = xlsxwriter.Workbook(str(tmp_path / "a.xlsx"))
    return SheetLayout(book.add_worksheet(), widths)


def _starts(layout: SheetLayout, last_row: int, scale: int) -> list[int]:
    """The rows starting pages, each row's height looked up as it is reached."""
    room = _room() * 100 / scale
    span = (layout.repeat[0], layout.repeat[1] + 1) if layout.repeat else (0, 0)
    titles = sum(layout.heights.get(r, plain_height()) for r in range(*span))
    starts, used = [0], 0.0
    for row in range(last_row + 1):
        height = layout.heights.get(row, plain_height())
        if used + height > room and used > titles:
            starts.append(row)
            used = titles if row > (layout.repeat or (row, row))[1] else 0.0
        used += height
    return starts


def _finish(layout: SheetLayout, keep_from: int | None, tall: float | None) -> tuple[int, int, int | None]:
    """(pages, scale, manual break) as every scale laid out from scratch gives them."""
    last_row = max(layout.heights, default=0)
    widest = print_scale(layout.widths, PAGE_WIDTH - (MARGINS["left"] + MARGINS["right"]) * 72)
    if tall:
        scales = [max(10, min(widest, math.floor(_room() / tall * 100)))]
    else:
        scales = list(range(widest, max(10, math.ceil(widest * SHRINK)) - 1, -1))
    laid = {}
    for scale in scales:
        starts = _starts(layout, last_row, scale)
        if keep_from is None or keep_from <= 0 or sum(1 for s in starts if s <= keep_from) == len(starts):
            laid[scale] = (len(starts), None)
        else:
            laid[scale] = (sum(1 for s in starts if s < keep_from) + 1, keep_from)
    fewest = min(pages for pages, _ in laid.values())
    scale = max(s for s, (pages, _) in laid.items() if pages == fewest)
    return laid[scale][0], scale, laid[scale][1]


@pytest.mark.parametrize("seed", range(40))
def test_pages_are_those_of_walking_the_rows_at_every_scale(tmp_path, seed):
    rng = random.Random(seed)
    widths = [rng.choice([5.0, 8.5, 12.0, 30.0, 45.0]) for _ in range(rng.randint(2, 14))]
    layout = _layout(tmp_path, widths)
    rows = rng.randint(1, 400)
    for row in range(rows):
        if rng.random() < 0.7:  # the others are never fitted: one plain line
            layout.set(row, rng.choice([16.2, 16.2, 29.4, 42.6, rng.uniform(10, 120), 409.0]))
    if rng.random() < 0.6:
        first = rng.randint(0, min(rows - 1, 8))
        layout.repeat_rows(first, min(rows - 1, first + rng.randint(0, 2)))
    keep_from = rng.choice([None, 0, rng.randint(0, rows), max(rows - 3, 1)])
    tall = rng.choice([None, None, None, rng.uniform(50, 900)])
    expected = _finish(layout, keep_from, tall)
    pages = layout.finish(keep_from, tall)
    assert (pages, layout.ws.print_scale, layout.ws.hbreaks[-1] if expected[2] is not None else None) == expected
    assert layout.ws.hbreaks == ([] if expected[2] is None else [expected[2]])


def test_the_width_of_columns_is_remembered_as_it_was_added_up(tmp_path):
    widths = [5.0, 33.7, 12.0, 12.0, 9.25, 60.0]
    layout = _layout(tmp_path, widths)
    for _ in range(2):
        for first in range(len(widths)):
            assert layout.points(first) == span_points(widths[first : first + 1])
            for last in range(first, len(widths)):
                assert layout.points(first, last) == span_points(widths[first : last + 1])
