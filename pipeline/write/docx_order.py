"""The order OOXML requires of the property elements the report template writes by hand.

Word opens a file whose ``w:pPr``, ``w:rPr`` or ``w:sectPr`` children are out of the
schema's sequence only after offering to "repair" it, so an element added beside
python-docx's own goes in at its place in these sequences (ECMA-376, Part 1, §17.3.1.26,
§17.3.2.28, §17.6.17), and a test checks every such element of a rendered report.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
    "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
)  # fmt: skip
RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
    "lang", "eastAsianLayout", "specVanish", "oMath",
)  # fmt: skip
SECTPR_ORDER = (
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc",
    "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection",
    "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
)  # fmt: skip
ORDERS = {qn("w:pPr"): PPR_ORDER, qn("w:rPr"): RPR_ORDER, qn("w:sectPr"): SECTPR_ORDER}


def insert_in_order(parent: BaseOxmlElement, child: BaseOxmlElement, order: tuple[str, ...]) -> None:
    """Put ``child`` before the first existing sibling that the schema places after it."""
    name = child.tag.rsplit("}", 1)[-1]
    later = order[order.index(name) + 1 :]
    parent.insert_element_before(child, *(f"w:{tag}" for tag in later))
