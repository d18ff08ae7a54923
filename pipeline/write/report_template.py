"""The default Word template of the district report, laid out as NĐ 30/2020/NĐ-CP requires.

Built with python-docx so every size, margin and rule is stated here once (Phụ lục I:
A4, margins 20/20/30/15 mm, Times New Roman, the national motto 12–13 pt bold over
"Độc lập - Tự do - Hạnh phúc" 13–14 pt bold with a rule as long as the line, place and
date italic, body 14 pt justified with a 1.27 cm first-line indent, page numbers at the
top centre from page 2, "Nơi nhận:" 12 pt bold italic, recipients 11 pt, the signature
block bold in the right half). The text holds docxtpl placeholders (``{{ sentence.economy }}``)
and the narrative the officer writes, highlighted in yellow between square brackets.

``baocao report-template`` writes this file, so an office can edit a copy in Word or
LibreOffice and pass it with ``--report-template``. The same template serves the combined
report and each report scope's: a scope lacks the other's sentences (empty) and perhaps the
strategy, so their paragraphs are conditional, a heading with nothing under it is left out
and the items after it are numbered on, as a clerk would renumber them by hand.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.document import Document as Doc
from docx.enum.section import WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from pipeline.write.docx_blocks import CENTER, FONT, LEFT, grid, keep_rows_whole, page_number, para, rule, tag
from pipeline.write.docx_order import SECTPR_ORDER, insert_in_order
from pipeline.write.wording import in_language


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
    page_number(header)


def _header(doc: Doc) -> None:
    """Ô 1–4: issuing body and number on the left, national motto and date on the right."""
    (left, right), = grid(doc, 1, [5.8, 10.7])  # fmt: skip
    para(left, "{{ issuer_parent }}", size=13, bold=True, align=CENTER, after=0)
    para(left, "{{ issuer }}", size=13, bold=True, align=CENTER, after=0)
    rule(left, Cm(5.8), 0.4)
    para(left, "Số: {{ number }}/{{ doc_code }}", size=13, align=CENTER, after=0)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align=CENTER, after=0)
    para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align=CENTER, after=6, underline=True)
    para(right, "{{ place_date }}", italic=True, align=CENTER, after=0)


def _numbers_table(doc: Doc, *, compared: bool) -> None:
    widths = [1.2, 7.3, 2.3, 2.6, 3.1] if compared else [1.2, 9.6, 2.3, 3.4]
    heads = ["STT", "Chỉ tiêu", "Đơn vị tính", "{{ period_short }}"] + (["So với các kỳ trước"] if compared else [])
    cells = ["{{ row.no }}", "", "{{ row.unit }}", "{{ row.value }}"] + (["{{ row.change }}"] if compared else [])
    head, loop, row, end = grid(doc, 4, widths, borders=True)
    for cell, text in zip(head, heads, strict=True):
        para(cell, text, size=12, bold=True, align=CENTER, after=0)
    para(loop[0], "{%tr for row in figure_rows %}", size=11, after=0)
    for cell, text in zip(row, cells, strict=True):
        if text:
            para(cell, text, size=12, align=CENTER, after=0)
    tag(row[1], "{%p if row.group %}")  # a table's title row is bold
    para(row[1], "{{ row.label }}", size=12, bold=True, align=LEFT, after=0)
    tag(row[1], "{%p else %}")
    para(row[1], "{{ row.label }}", size=12, align=LEFT, after=0)
    tag(row[1], "{%p endif %}")
    keep_rows_whole(row)
    para(end[0], "{%tr endfor %}", size=11, after=0)


def _targets_table(doc: Doc) -> None:
    head, loop, row, end = grid(doc, 4, [1.3, 7.6, 2.2, 2.4, 3.0], borders=True)
    for cell, text in zip(head, ["Mã", "Chỉ tiêu", "Mục tiêu", "Kết quả", "Đánh giá"], strict=True):
        para(cell, text, size=12, bold=True, align=CENTER, after=0)
    para(loop[0], "{%tr for t in targets %}", size=11, after=0)
    keep_rows_whole(row)
    for cell, text in zip(row, ["{{ t.code }}", "{{ t.label }}", "{{ t.goal }}", "{{ t.value }}", "{{ t.verdict }}"],
                          strict=True):  # fmt: skip
        para(cell, text, size=12, align=LEFT if text == "{{ t.label }}" else CENTER, after=0)
    para(end[0], "{%tr endfor %}", size=11, after=0)


REGULAR = "{%p set stt = 7 if strategy_line or sentence.economy or sentence.education or sentence.family else 6 %}"
"""The number of "Công tác thường xuyên": 6 in a report without the strategy's results (a
scope's report of child protection), so the items stay numbered 1, 2, 3 … without a gap."""


def _body(doc: Doc) -> None:
    """The report's text. A report scope lacks some sentences (empty) and perhaps the
    strategy: their paragraphs, and a heading left with nothing under it, are left out."""

    def body(text: str) -> None:
        para(doc, text, indent=True)

    def write(text: str) -> None:  # the officer's narrative
        para(doc, text, indent=True, marked=True)

    def head(text: str) -> None:
        para(doc, text, bold=True, indent=True)

    def only_if(test: str, text: str) -> None:  # a paragraph left out when ``test`` is empty
        tag(doc, f"{{%p if {test} %}}")
        body(text)
        tag(doc, "{%p endif %}")

    def per_scope(scoped: str, combined: str) -> None:  # a heading naming the scope, or both fields
        tag(doc, "{%p if scope %}")
        head(scoped)
        tag(doc, "{%p else %}")
        head(combined)
        tag(doc, "{%p endif %}")

    para(doc, "BÁO CÁO", bold=True, align=CENTER, after=0)
    para(doc, "{{ title }}", bold=True, align=CENTER, after=12)
    body("{{ opening }}")
    body("{{ coverage }}")
    per_scope("I. TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN {{ subject|upper }}",
              "I. TÌNH HÌNH VÀ KẾT QUẢ TRIỂN KHAI THỰC HIỆN PHÁP LUẬT VỀ BẢO VỆ TRẺ EM VÀ BÌNH ĐẲNG GIỚI")  # fmt: skip
    head("1. Công tác chỉ đạo, thực hiện")
    write("[Cán bộ soạn thảo viết: các văn bản chỉ đạo, kế hoạch đã ban hành trong kỳ.]")
    only_if("sentence.donation", "{{ sentence.donation }}")
    only_if("sentence.children", "{{ sentence.children }}")
    per_scope(
        "2. Lồng ghép {{ subject }} vào kế hoạch phát triển kinh tế - xã hội",
        "2. Lồng ghép vấn đề bảo vệ chăm sóc trẻ em và bình đẳng giới vào kế hoạch phát triển kinh tế - xã hội",
    )
    write("[Cán bộ soạn thảo viết: việc lồng ghép trong chiến lược, quy hoạch, kế hoạch của địa phương.]")
    head("3. Công tác tuyên truyền, phổ biến, giáo dục chính sách pháp luật")
    write("[Cán bộ soạn thảo viết: các hình thức tuyên truyền đã thực hiện.]")
    only_if("sentence.models", "{{ sentence.models }}")
    head("4. Đào tạo, bồi dưỡng đội ngũ cán bộ")
    write("[Cán bộ soạn thảo viết: các lớp tập huấn, bồi dưỡng trong kỳ.]")
    head("5. Công tác kiểm tra")
    write("[Cán bộ soạn thảo viết: kết quả kiểm tra, tự kiểm tra tại các cơ quan, đơn vị cấp xã.]")
    tag(doc, REGULAR)
    tag(doc, "{%p if stt == 7 %}")
    head("6. Kết quả thực hiện các mục tiêu, chỉ tiêu về bình đẳng giới")
    only_if("strategy_line", "{{ strategy_line }}")
    only_if("sentence.economy", "+ Lĩnh vực kinh tế, lao động, việc làm: {{ sentence.economy }}")
    only_if("sentence.education", "+ Lĩnh vực giáo dục và đào tạo: {{ sentence.education }}")
    only_if("sentence.family", "+ Lĩnh vực gia đình: {{ sentence.family }}")
    tag(doc, "{%p endif %}")
    head("{{ stt }}. Công tác thường xuyên")
    body("{{ stt }}.1. Chế độ báo cáo: {{ reporting }}")
    only_if("sentence.staffing", "{{ stt }}.2. Tổ chức, bộ máy và kinh phí hoạt động: {{ sentence.staffing }}")
    tag(doc, "{%p if comparison %}")
    head("{{ stt + 1 }}. So sánh với các kỳ trước")
    tag(doc, "{%p for c in comparison %}")
    body("- {{ c.label }}: {{ c.now }}; {{ c.changes }}.")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for n in comparison_notes %}")
    para(doc, "{{ n }}", indent=True, italic=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    head("II. ĐÁNH GIÁ CHUNG")
    head("1. Ưu điểm")
    write("[Cán bộ soạn thảo viết: những kết quả nổi bật.]")
    head("2. Khó khăn, hạn chế")
    write("[Cán bộ soạn thảo viết: khó khăn, hạn chế và nguyên nhân.]")
    head("III. NHIỆM VỤ CÔNG TÁC {{ next_period|upper }}")
    write("[Cán bộ soạn thảo viết: các nhiệm vụ trọng tâm của kỳ tới.]")
    closing = para(doc, "Trên đây là Báo cáo {{ issuer_name }} về tình hình thực hiện {{ subject }} {{ period }}./.",
                   indent=True)  # fmt: skip
    closing.paragraph_format.keep_with_next = True  # never a signature alone on its page


def _signature(doc: Doc) -> None:
    """Ô 9b on the left, level with the first authority line; ô 7 on the right."""
    (left, right), = grid(doc, 1, [8.0, 8.5])  # fmt: skip
    keep_rows_whole([left])  # the block is never cut across two pages
    para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=LEFT, after=0)
    tag(left, "{%p for r in recipients %}")
    para(left, "- {{ r }};", size=11, align=LEFT, after=0)
    tag(left, "{%p endfor %}")
    para(left, "- Lưu: {{ archive }}.", size=11, align=LEFT, after=0)
    para(right, "{{ signer.authority }}", bold=True, align=CENTER, after=0)
    tag(right, "{%p if signer.on_behalf %}")
    para(right, "{{ signer.on_behalf }}", bold=True, align=CENTER, after=0)
    tag(right, "{%p endif %}")
    para(right, "{{ signer.position }}", bold=True, align=CENTER, after=72)
    para(right, "{{ signer.name }}", bold=True, align=CENTER, after=0)


ATTACHED = (
    "(Kèm theo Báo cáo số {{ number or '…' }}/{{ doc_code }} ngày {{ date_short }} của {{ issuer_name }}"
    "{% if scope %} về {{ subject }}{% endif %})"
)
"""The appendix's reference line; a scope's report also names its subject, as its workbook does."""


def _appendix(doc: Doc) -> None:
    """Mẫu 2.1: "Phụ lục", title, reference line; the figures and the strategy's targets."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = True
    numbering = OxmlElement("w:pgNumType")  # page numbers restart in the appendix
    numbering.set(qn("w:start"), "1")
    insert_in_order(section._sectPr, numbering, SECTPR_ORDER)
    para(doc, "Phụ lục", bold=True, align=CENTER, after=0)
    para(doc, "SỐ LIỆU TỔNG HỢP {{ period|upper }}", bold=True, align=CENTER, after=0)
    para(doc, ATTACHED, italic=True, align=CENTER, after=12)
    tag(doc, "{%p if comparison %}")
    _numbers_table(doc, compared=True)
    tag(doc, "{%p else %}")
    _numbers_table(doc, compared=False)
    tag(doc, "{%p endif %}")
    para(doc, "{{ units_note }}", size=12, italic=True, after=12)
    tag(doc, "{%p if targets %}")
    para(doc, "{{ strategy_title }}", bold=True, align=CENTER, after=6)
    _targets_table(doc)
    tag(doc, "{%p endif %}")


@cache
def build_report_template(lang: str = "vi") -> bytes:
    """The default template as .docx bytes, its fixed text in ``lang``.

    Built once per language and process: a run checks the template before reading and
    fills it for each report, and building it costs a tenth of a second each time."""
    with in_language(lang):
        return _build()


def _build() -> bytes:
    doc = Document()
    _setup(doc)
    _header(doc)
    para(doc, after=6)
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
