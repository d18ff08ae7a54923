"""How a problem shows on the commune's own form: the cell's style and its note.

The clerk looks at a printed page before reading anything, so each kind of mark has to
be told apart at a glance and in grey print: the failing cell of an error is strong red
with a thick border, a warning dark yellow with a medium border, and a cell a rule only
*related* to the failing one (the total a part exceeded) is light blue with a dashed
border, never the failing cell's fill. None of them is the light yellow of an input
cell (``#FFF2CC`` in :mod:`pipeline.forms.template_cells`), so a mark never looks like
an ordinary field. The cover's legend draws the same styles from :data:`MARKS`.

Every marked cell carries a note (what is wrong, how to fix it, in the run's language
for the fixed words). Sheets with notes print them after the sheet; see
:data:`PRINT_COMMENTS` for why the setting says "as displayed".
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Border, PatternFill, Side
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.issues.issue import Issue
from pipeline.spec.catalog import Severity
from pipeline.write.feedback_text import phrase, severity_word

AUTHOR = "baocao"
INPUT_FILL = "FFF2CC"
"""The form's own input colour: the legend shows it as "not marked"."""
PRINT_COMMENTS = "asDisplayed"
"""The page-setup value that makes LibreOffice print the notes after their sheet. Calc has
one notes mode and its OOXML import turns it on only for ``asDisplayed``
(``sc/source/filter/oox/pagesettings.cxx``: ``mnCellComments == XML_asDisplayed``); with
``atEnd`` a LibreOffice print or PDF carries no note at all. Excel prints hidden notes only
with ``atEnd``, so an Excel print leaves the notes out, and the cover, which lists every
note's text, is the printed copy there. Measured with LibreOffice 7.4."""
_COMMENT_WIDTH = 360  # pixels; about 50 characters of the comment font per line
_CHARS_PER_LINE = 50
_SEVERITY_KEY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "information"}


@dataclass(frozen=True)
class Mark:
    """One style of marked cell: a solid fill and a border of one line style and colour."""

    fill: str
    border: str
    colour: str

    def fill_(self) -> PatternFill:
        return PatternFill(fill_type="solid", start_color=self.fill, end_color=self.fill)

    def border_(self) -> Border:
        side = Side(style=self.border, color=self.colour)
        return Border(left=side, right=side, top=side, bottom=side)


MARKS = {  # worst first: the first key that applies to a cell picks its style
    "error": Mark("FF7C80", "thick", "C00000"),
    "warning": Mark("FFD966", "medium", "7F6000"),
    "information": Mark("E4DFEC", "thin", "7030A0"),
    "waived": Mark("C9C9C9", "dashed", "404040"),
    "related": Mark("DDEBF7", "mediumDashed", "2E75B6"),
}
_RANK = {key: k for k, key in enumerate(MARKS)}


def mark_key(issue: Issue) -> str:
    """The style of an issue's failing cell: an accepted warning asks nothing of the
    commune, so it ranks below information and any open issue on the same cell shows."""
    if issue.waiver is not None and not issue.is_error:
        return "waived"
    return _SEVERITY_KEY[issue.severity]


def row_col(ref: str | None) -> tuple[int, int] | None:
    """``"E9"`` -> (9, 5); ``None`` for anything that is not one cell."""
    try:
        return coordinate_to_tuple(ref) if ref else None
    except (ValueError, TypeError):
        return None


def places(issue: Issue) -> tuple[tuple[str, str] | None, list[tuple[str, str]]]:
    """(failing cell, related cells): the issue's own cell fails; every other cell its rule
    looked at is related. An issue with related cells but no cell of its own fails on the first."""
    related = list(dict.fromkeys(issue.related))
    failing = (issue.sheet, issue.cell) if issue.sheet and issue.cell else (related[0] if related else None)
    return failing, [place for place in related if place != failing]


def _comment_part(issue: Issue, lang: str, related: bool) -> str:
    word = severity_word(lang, issue.severity)
    head = phrase(lang, "related_to", severity=word, cell=issue.cell) if related and issue.cell else word
    text = f"[{head}] {issue.message}"
    if issue.fix:
        text += f"\n{phrase(lang, 'fix')}{issue.fix}"
    if issue.waiver is not None:
        text += f"\n{phrase(lang, 'waived_note')}{issue.waiver}"
    return text


def _comment(text: str) -> Comment:
    """A comment tall enough to show all its text without the reader resizing it."""
    lines = sum(max(1, math.ceil(len(line) / _CHARS_PER_LINE)) for line in text.split("\n"))
    return Comment(text, AUTHOR, height=min(24 + 16 * lines, 640), width=_COMMENT_WIDTH)


def target(wb: Workbook, sheet: str, ref: str, skip: str) -> Cell | None:
    """The cell to mark, or None when the sheet (or cell) is gone or is the cover ``skip``;
    a merged cell's mark goes on the top-left cell of its range, the only one Excel shows."""
    ws = wb[sheet] if sheet in wb.sheetnames and sheet != skip else None
    place = row_col(ref)
    if not isinstance(ws, Worksheet) or place is None:
        return None
    cell = ws.cell(*place)
    if isinstance(cell, MergedCell):
        merged = next((r for r in ws.merged_cells.ranges if cell.coordinate in r), None)
        return ws.cell(merged.min_row, merged.min_col) if merged else None
    return cell


def mark_cells(wb: Workbook, ordered: Sequence[Issue], lang: str, skip: str) -> None:
    """Style and comment every cell an issue looked at: the worst role of a cell picks its
    style (a cell failing one rule and related to another shows as failing). The sheets
    that got notes print them."""
    hits: dict[Cell, list[tuple[Issue, bool]]] = defaultdict(list)
    for issue in ordered:
        failing, related = places(issue)
        roles = ([(failing, False)] if failing else []) + [(place, True) for place in related]
        for (sheet, ref), is_related in roles:
            cell = target(wb, sheet, ref, skip)
            if cell is not None and issue not in [seen for seen, _ in hits[cell]]:
                hits[cell].append((issue, is_related))
    for cell, found in hits.items():
        found.sort(key=lambda hit: hit[1])  # the cell's own problems first, then those it relates to
        mark = MARKS[min((mark_key(i) if not r else "related" for i, r in found), key=_RANK.__getitem__)]
        cell.fill, cell.border = mark.fill_(), mark.border_()
        text = "\n\n".join(_comment_part(issue, lang, is_related) for issue, is_related in found)
        if cell.comment is not None and cell.comment.author != AUTHOR:  # keep the commune's own note
            text += f"\n\n{phrase(lang, 'own_note')}{cell.comment.text}"
        cell.comment = _comment(text)
        cell.parent.page_setup.cellComments = PRINT_COMMENTS
