"""A commune's workbook made inert before any copy of it leaves the office.

The feedback workbook is the commune's own file sent back; whatever the commune (or
whoever wrote to it first) put there must not run when the office or the commune opens
the copy: a DDE formula can start a program, HYPERLINK and external links reach out to
other files or the network, and defined names can hold formulas of their own.
"""

from __future__ import annotations

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula


def make_inert(wb: Workbook) -> None:
    """Nothing the commune put in its file stays active in the copy we send back: each
    formula (DDE, HYPERLINK, links to other workbooks included) becomes its own text,
    hyperlinks and links to external workbooks are dropped, and so are defined names,
    which can hold formulas too. The values the commune typed are all kept."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell, MergedCell):
                    continue
                if cell.data_type == "f" or isinstance(cell.value, ArrayFormula | DataTableFormula):
                    text = getattr(cell.value, "text", None) or str(cell.value or "")
                    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
                    cell.data_type = "s"
                if cell.hyperlink is not None:
                    cell.hyperlink = None
        ws._hyperlinks = []
        for name in list(ws.defined_names):
            del ws.defined_names[name]
    wb._external_links = []
    for name in list(wb.defined_names):
        del wb.defined_names[name]
