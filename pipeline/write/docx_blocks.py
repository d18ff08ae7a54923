"""The python-docx building blocks of the default Word template: paragraphs, rules, grids.

Each sets every size and spacing it uses, so the template (:mod:`pipeline.write.report_template`)
says only what is written where. A paragraph's fixed text is looked up in the English table
when the template is built with ``--lang en``.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document as Doc
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from pipeline.write.docx_order import PPR_ORDER, insert_in_order
from pipeline.write.report_template_en import ENGLISH
from pipeline.write.wording import english

FONT = "Times New Roman"
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
Where = Any  # a Document or a table cell: both have add_paragraph


def para(
    where: Where, text: str = "", *, size: float = 14, bold: bool = False, italic: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = JUSTIFY, indent: bool = False, after: float = 6,
    underline: bool = False, marked: bool = False,
) -> Paragraph:  # fmt: skip
    """One paragraph in one run; ``marked`` is narrative for the officer (yellow)."""
    paragraph: Paragraph = where.add_paragraph()
    text = ENGLISH.get(text, text) if english() else text
    fmt = paragraph.paragraph_format
    fmt.alignment, fmt.space_before, fmt.space_after = align, Pt(0), Pt(after)
    fmt.line_spacing = 1.15
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline, run.font.size = bold, italic, underline, Pt(size)
        if marked:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return paragraph


def tag(where: Where, text: str) -> None:
    """A docxtpl paragraph tag (``{%p if … %}``): the paragraph itself disappears when rendered."""
    para(where, text, after=0)


def rule(cell: _Cell, width: Cm, share: float) -> None:
    """A centred solid rule ``share`` of the column wide (under the issuing body)."""
    paragraph = para(cell, align=CENTER, after=0)
    side = Cm(width.cm * (1 - share) / 2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = side
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    insert_in_order(paragraph._p.get_or_add_pPr(), borders, PPR_ORDER)


def page_number(paragraph: Paragraph) -> None:
    """A PAGE field, 13 pt; the run inside is what shows before the field is updated."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    paragraph._p.append(field)
    run = paragraph.add_run("2")
    run.font.size = Pt(13)
    field.append(run._r)


def grid(doc: Doc, rows: int, widths: list[float], *, borders: bool = False) -> list[list[_Cell]]:
    table = doc.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if borders:
        table.style = doc.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # the grid LibreOffice lays out by; Word reads the cells' widths
    cells = [list(row.cells) for row in table.rows]
    for row in cells:
        for cell, width in zip(row, widths, strict=True):
            cell.width = Cm(width)
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return cells


def keep_rows_whole(row: list[_Cell]) -> None:
    """A table row never split across two pages (``w:cantSplit``)."""
    row[0]._tc.getparent().get_or_add_trPr().append(OxmlElement("w:cantSplit"))
