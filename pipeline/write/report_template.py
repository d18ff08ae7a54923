"""The default Word template of the district report, laid out as NĐ 30/2020/NĐ-CP requires.

Built with python-docx so every size, margin and rule is stated here once (Phụ lục I:
A4, margins 20/20/30/15 mm, Times New Roman, the national motto 12–13 pt bold over
"Độc lập - Tự do - Hạnh phúc" 13–14 pt bold with a rule as long as the line, place and
date italic, body 14 pt justified with a 1.27 cm first-line indent, page numbers at the
top centre from page 2, "Nơi nhận:" 12 pt bold italic, recipients 11 pt, the signature
block bold in the right half). The text holds docxtpl placeholders (``{{ sentence.economy }}``)
and the narrative the officer writes, highlighted in yellow between square brackets.

``baocao report-template`` writes this file, so an office can edit a copy in Word or
LibreOffice and pass it with ``--report-template``.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as Doc
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from pipeline.write.docx_order import PPR_ORDER, SECTPR_ORDER, insert_in_order
from pipeline.write.report_template_en import ENGLISH
from pipeline.write.wording import english, in_language

FONT = "Times New Roman"
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
Where = Any  # a Document or a table cell: both have add_paragraph


def _para(
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


def _tag(where: Where, tag: str) -> None:
    """A docxtpl paragraph tag (``{%p if … %}``): the paragraph itself disappears when rendered."""
    _para(where, tag, after=0)


def _rule(cell: _Cell, width: Cm, share: float) -> None:
    """A centred solid rule ``share`` of the column wide (under the issuing body)."""
    paragraph = _para(cell, align=CENTER, after=0)
    side = Cm(width.cm * (1 - share) / 2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = side
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    insert_in_order(paragraph._p.get_or_add_pPr(), borders, PPR_ORDER)


def _page_number(paragraph: Paragraph) -> None:
    """A PAGE field, 13 pt; the run inside is what shows before the field is updated."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    paragraph._p.append(field)
    run = paragraph.add_run("2")
    run.font.size = Pt(13)
    field.append(run._r)


def _setup(doc: Doc) -> None:
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # Vietnamese text uses the same face
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.different_first_page_header_footer = True  # no number on page 1
    header = section.header.paragraphs[0]
    header.alignment = CENTER
    _page_number(header)


def _grid(doc: Doc, rows: int, widths: list[float], *, borders: bool = False) -> list[list[_Cell]]:
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


def _keep_rows_whole(row: list[_Cell]) -> None:
    """A table row never split across two pages (``w:cantSplit``)."""
    row[0]._tc.getparent().get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _header(doc: Doc) -> None:
    """Ô 1–4: issuing body and number on the left, national motto and date on the right."""
    (left, right), = _grid(doc, 1, [5.8, 10.7])  # fmt: skip
    _para(left, "{{ issuer_parent }}", size=13, bold=True, align=CENTER, after=0)
    _para(left, "{{ issuer }}", size=13, bold=True, align=CENTER, after=0)
    _rule(left, Cm(5.8), 0.4)
    _para(left, "Số: {{ number }}/{{ doc_code }}", size=13, align=CENTER, after=0)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align=CENTER, after=0)
    _para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align=CENTER, after=6, underline=True)
    _para(right, "{{ place_date }}", italic=True, align=CENTER, after=0)


def _numbers_table(doc: Doc, *, compared: bool) -> None:
    widths = [1.2, 7.3, 2.3, 2.6, 3.1] if compared else [1.2, 9.6, 2.3, 3.4]
    heads = ["STT", "Chỉ tiêu", "Đơn vị tính", "{{ period_short }}"] + (["So với các kỳ trước"] if compared else [])
    cells = ["{{ row.no }}", "", "{{ row.unit }}", "{{ row.value }}"] + (["{{ row.change }}"] if compared else [])
    head, loop, row, end = _grid(doc, 4, widths, borders=True)
    for cell, text in zip(head, heads, strict=True):
        _para(cell, text, size=12, bold=True, align=CENTER, after=0)
    _para(loop[0], "{%tr for row in figure_rows %}", size=11, after=0)
    for cell, text in zip(row, cells, strict=True):
        if text:
            _para(cell, text, size=12, align=CENTER, after=0)
    _tag(row[1], "{%p if row.group %}")  # a table's title row is bold
    _para(row[1], "{{ row.label }}", size=12, bold=True, align=LEFT, after=0)
    _tag(row[1], "{%p else %}")
    _para(row[1], "{{ row.label }}", size=12, align=LEFT, after=0)
    _tag(row[1], "{%p endif %}")
    _keep_rows_whole(row)
    _para(end[0], "{%tr endfor %}", size=11, after=0)


def _targets_table(doc: Doc) -> None:
    head, loop, row, end = _grid(doc, 4, [1.3, 7.6, 2.2, 2.4, 3.0], borders=True)
    for cell, text in zip(head, ["Mã", "Chỉ tiêu", "Mục tiêu", "Kết quả", "Đánh giá"], strict=True):
        _para(cell, text, size=12, bold=True, align=CENTER, after=0)
    _para(loop[0], "{%tr for t in targets %}", size=11, after=0)
    _keep_rows_whole(row)
    for cell, text in zip(row, ["{{ t.code }}", "{{ t.label }}", "{{ t.goal }}", "{{ t.value }}", "{{ t.verdict }}"],
                          strict=True):  # fmt: skip
        _para(cell, text, size=12, align=LEFT if text == "{{ t.label }}" else CENTER, after=0)
    _para(end[0], "{%tr endfor %}", size=11, after=0)


def _body(doc: Doc) -> None:
    def body(text: str) -> None:
        _para(doc, text, indent=True)

    def write(text: str) -> None:  # the officer's narrative
        _para(doc, text, indent=True, marked=True)

    def head(text: str) -> None:
        _para(doc, text, bold=True, indent=True)

    _para(doc, "BÁO CÁO", bold=True, align=CENTER, after=0)
    _para(doc, "{{ title }}", bold=True, align=CENTER, after=12)
    body("{{ opening }}")
    body("{{ coverage }}")
    head("I. TÌNH HÌNH VÀ KẾT QUẢ TRIỂN KHAI THỰC HIỆN PHÁP LUẬT VỀ BẢO VỆ TRẺ EM VÀ BÌNH ĐẲNG GIỚI")
    head("1. Công tác chỉ đạo, thực hiện")
    write("[Cán bộ soạn thảo viết: các văn bản chỉ đạo, kế hoạch đã ban hành trong kỳ.]")
    body("{{ sentence.donation }}")
    head("2. Lồng ghép vấn đề bảo vệ chăm sóc trẻ em và bình đẳng giới vào kế hoạch phát triển kinh tế - xã hội")
    write("[Cán bộ soạn thảo viết: việc lồng ghép trong chiến lược, quy hoạch, kế hoạch của địa phương.]")
    head("3. Công tác tuyên truyền, phổ biến, giáo dục chính sách pháp luật")
    write("[Cán bộ soạn thảo viết: các hình thức tuyên truyền đã thực hiện.]")
    body("{{ sentence.models }}")
    head("4. Đào tạo, bồi dưỡng đội ngũ cán bộ")
    write("[Cán bộ soạn thảo viết: các lớp tập huấn, bồi dưỡng trong kỳ.]")
    head("5. Công tác kiểm tra")
    write("[Cán bộ soạn thảo viết: kết quả kiểm tra, tự kiểm tra tại các cơ quan, xã, thị trấn.]")
    head("6. Kết quả thực hiện các mục tiêu, chỉ tiêu về bình đẳng giới")
    body("{{ strategy_line }}")
    body("+ Lĩnh vực kinh tế, lao động, việc làm: {{ sentence.economy }}")
    body("+ Lĩnh vực giáo dục và đào tạo: {{ sentence.education }}")
    body("+ Lĩnh vực gia đình: {{ sentence.family }}")
    head("7. Công tác thường xuyên")
    body("7.1. Chế độ báo cáo: {{ reporting }}")
    body("7.2. Tổ chức, bộ máy và kinh phí hoạt động: {{ sentence.staffing }}")
    _tag(doc, "{%p if comparison %}")
    head("8. So sánh với các kỳ trước")
    _tag(doc, "{%p for c in comparison %}")
    body("- {{ c.label }}: {{ c.now }}; {{ c.changes }}.")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")
    head("II. ĐÁNH GIÁ CHUNG")
    head("1. Ưu điểm")
    write("[Cán bộ soạn thảo viết: những kết quả nổi bật.]")
    head("2. Khó khăn, hạn chế")
    write("[Cán bộ soạn thảo viết: khó khăn, hạn chế và nguyên nhân.]")
    head("III. NHIỆM VỤ CÔNG TÁC {{ next_period|upper }}")
    write("[Cán bộ soạn thảo viết: các nhiệm vụ trọng tâm của kỳ tới.]")
    closing = _para(doc, "Trên đây là Báo cáo {{ issuer_name }} về tình hình thực hiện công tác bảo vệ chăm sóc "
                    "trẻ em và bình đẳng giới {{ period }}./.", indent=True)  # fmt: skip
    closing.paragraph_format.keep_with_next = True  # never a signature alone on its page


def _signature(doc: Doc) -> None:
    """Ô 9b on the left, level with the first authority line; ô 7 on the right."""
    (left, right), = _grid(doc, 1, [8.0, 8.5])  # fmt: skip
    _keep_rows_whole([left])  # the block is never cut across two pages
    _para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=LEFT, after=0)
    _tag(left, "{%p for r in recipients %}")
    _para(left, "- {{ r }};", size=11, align=LEFT, after=0)
    _tag(left, "{%p endfor %}")
    _para(left, "- Lưu: {{ archive }}.", size=11, align=LEFT, after=0)
    _para(right, "{{ signer.authority }}", bold=True, align=CENTER, after=0)
    _tag(right, "{%p if signer.on_behalf %}")
    _para(right, "{{ signer.on_behalf }}", bold=True, align=CENTER, after=0)
    _tag(right, "{%p endif %}")
    _para(right, "{{ signer.position }}", bold=True, align=CENTER, after=72)
    _para(right, "{{ signer.name }}", bold=True, align=CENTER, after=0)


def _appendix(doc: Doc) -> None:
    """Mẫu 2.1: "Phụ lục", title, reference line; the figures and the strategy's targets."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = True
    numbering = OxmlElement("w:pgNumType")  # page numbers restart in the appendix
    numbering.set(qn("w:start"), "1")
    insert_in_order(section._sectPr, numbering, SECTPR_ORDER)
    _para(doc, "Phụ lục", bold=True, align=CENTER, after=0)
    _para(doc, "SỐ LIỆU TỔNG HỢP {{ period|upper }}", bold=True, align=CENTER, after=0)
    _para(doc, "(Kèm theo Báo cáo số {{ number or '…' }}/{{ doc_code }} ngày {{ date_short }} của {{ issuer_name }})",
          italic=True, align=CENTER, after=12)  # fmt: skip
    _tag(doc, "{%p if comparison %}")
    _numbers_table(doc, compared=True)
    _tag(doc, "{%p else %}")
    _numbers_table(doc, compared=False)
    _tag(doc, "{%p endif %}")
    _para(doc, "{{ units_note }}", size=12, italic=True, after=12)
    _tag(doc, "{%p if targets %}")
    _para(doc, "{{ strategy_title }}", bold=True, align=CENTER, after=6)
    _targets_table(doc)
    _tag(doc, "{%p endif %}")


def build_report_template(lang: str = "vi") -> bytes:
    """The default template as .docx bytes, its fixed text in ``lang``."""
    with in_language(lang):
        return _build()


def _build() -> bytes:
    doc = Document()
    _setup(doc)
    _header(doc)
    _para(doc, after=6)
    _body(doc)
    _signature(doc)
    _appendix(doc)
    for cell in doc.element.body.iter(qn("w:tc")):
        if cell.find(qn("w:p")) is None:  # every cell needs a paragraph, or Word repairs the file
            cell.append(OxmlElement("w:p"))
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def write_report_template(path: Path, lang: str = "vi") -> Path:
    """Write the default template where an office can copy and edit it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build_report_template(lang))
    return path
