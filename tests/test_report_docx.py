"""The Word draft: read back with python-docx, edited as an office edits it, refused when wrong.

The figures asserted are the district report's own (Báo cáo 419/BC-UBND, Ngọc Hồi, 15/6/2020),
which the sample inbox reproduces; the header and signature are those of its settings file.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx_text import docx_lines
from docxtpl import DocxTemplate
from lxml import etree

from pipeline.aggregate.completeness import Completeness, FileOutcome, Status
from pipeline.aggregate.totals import aggregate
from pipeline.demo.samples import sample_values
from pipeline.errors import ConfigError, UsageError
from pipeline.run import Settings, run
from pipeline.spec.periods import Period
from pipeline.spec.report_settings import ReportSettings, load_report_settings
from pipeline.write.docx_order import ORDERS
from pipeline.write.period_result import PeriodResult
from pipeline.write.report_context import PLACEHOLDERS, placeholders_markdown
from pipeline.write.report_docx import check_report_template, write_report
from pipeline.write.report_template import build_report_template, write_report_template

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = ROOT / "input_templates" / "samples" / "bao_cao_2020S1.yaml"
PERIOD = Period(2020, 1)

# Every quantitative statement of the reference report, as the draft must word it.
REFERENCE_SENTENCES = [
    "Giải quyết cho 162 hộ vay với số tiền là 7.896 triệu đồng",
    "huy động tiền gửi tiết kiệm được 3.847 triệu đồng",
    "cho 24 chị vay với số tiền 78.200.000 đồng không tính lãi",
    "huy động được 2.607 ngày công giúp nhau, 2.850 kg gạo, 154 bó củi, 248 con giống và 331 bộ quần áo các loại",
    "Hỗ trợ cho 4 chị vay thông qua kế hoạch phụ nữ khởi nghiệp với số tiền 200 triệu đồng",
    "Đã xóa mù chữ mức độ 1 cho 17.101/17.471 người trong độ tuổi, đạt 97,9%",
    "số người dân tộc thiểu số biết chữ 18.083/18.603 người, đạt 97,2%",
    'Hướng dẫn thực hiện mô hình "Đường làng, nhà tôi xanh, sạch đẹp" tại 8/8 xã, thị trấn',
    "Duy trì 13 mô hình giúp nhau, tiết kiệm giúp phụ nữ nghèo phát triển kinh tế",
    "Trong kỳ không xảy ra vụ bạo lực gia đình nào trên địa bàn",
    "100% đơn vị cấp huyện và cấp xã, thị trấn được bố trí công chức chuyên trách hoặc kiêm nhiệm",
    "cấp huyện được cấp 20.000.000 đồng; cấp xã, thị trấn: không có",
    "Ủng hộ quỹ hỗ trợ trẻ em và người khuyết tật với số tiền 5 triệu đồng",
    "Kết quả thực hiện 7 mục tiêu, 22 chỉ tiêu của Chiến lược quốc gia về bình đẳng giới giai đoạn 2011-2020",
]


@pytest.fixture(scope="module")
def sample_draft(tmp_path_factory, sample_inbox, validator) -> Path:
    output = tmp_path_factory.mktemp("draft")
    settings = Settings(inbox=sample_inbox, output=output, period=PERIOD, data_docs=False, report_path=SETTINGS)
    return run(settings, lambda: validator).output_dir / "bao_cao_2020S1.docx"


def test_the_draft_holds_every_figure_of_the_reference_report(sample_draft):
    text = "\n".join(docx_lines(sample_draft))
    for sentence in REFERENCE_SENTENCES:
        assert sentence in text, sentence
    assert "{{" not in text and "{%" not in text and "(chưa có số liệu)" not in text


def test_header_and_signature_blocks(sample_draft):
    lines = docx_lines(sample_draft)
    for line in [
        "ỦY BAN NHÂN DÂN", "HUYỆN NGỌC HỒI", "Số: 419/BC-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Ngọc Hồi, ngày 15 tháng 6 năm 2020", "BÁO CÁO",
        "Tình hình thực hiện công tác bảo vệ chăm sóc trẻ em và bình đẳng giới định kỳ 6 tháng đầu năm 2020",
        "Nơi nhận:", "- Sở LĐTBXH tỉnh (b/c);", "- UBND các xã, thị trấn;", "- Lưu: VT, TH.",
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Y Lan",
        "(Kèm theo Báo cáo số 419/BC-UBND ngày 15/6/2020 của Ủy ban nhân dân huyện Ngọc Hồi)",
    ]:  # fmt: skip
        assert line in lines, line
    opening = next(line for line in lines if line.startswith("Thực hiện Công văn số 670/SLĐTBTXH-BVCSTEBĐG"))
    assert opening.endswith("trên địa bàn huyện, với các nội dung như sau:")
    assert "Số liệu trong báo cáo được tổng hợp từ báo cáo hợp lệ của đủ 9/9 đơn vị." in lines


def test_layout_follows_decree_30(sample_draft):
    document = docx.Document(str(sample_draft))
    section = document.sections[0]
    sizes = (section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin)  # fmt: skip
    wanted = (210, 297, 20, 20, 30, 15)  # mm; Word stores twentieths of a point, so compare to 0.1 mm
    assert all(abs(size - Mm(mm)) < Mm(0.1) for size, mm in zip(sizes, wanted, strict=True))
    assert section.different_first_page_header_footer  # no page number on page 1
    assert document.styles["Normal"].font.name == "Times New Roman"
    runs = {r.text: r for p in document.paragraphs for r in p.runs}
    assert runs["BÁO CÁO"].bold and runs["BÁO CÁO"].font.size == Pt(14)
    motto = next(r for t in document.tables for c in t.rows[0].cells for p in c.paragraphs for r in p.runs
                 if r.text == "Độc lập - Tự do - Hạnh phúc")  # fmt: skip
    assert motto.bold and motto.underline and motto.font.size == Pt(13)
    where = next(r for t in document.tables for c in t.rows[0].cells for p in c.paragraphs for r in p.runs
                 if r.text.startswith("Ngọc Hồi, ngày"))  # fmt: skip
    assert where.italic


def _out_of_order(part: bytes) -> list[str]:
    """Properties whose children break the OOXML sequence: Word offers to repair such a file."""
    found = []
    for element in etree.fromstring(part).iter(*ORDERS):
        order = [qn(f"w:{tag}") for tag in ORDERS[element.tag]]
        ranks = [order.index(child.tag) for child in element if child.tag in order]
        if ranks != sorted(ranks):
            found.append(f"{etree.QName(element).localname}: {[etree.QName(c).localname for c in element]}")
    return found


def test_every_property_is_in_the_order_word_requires(sample_draft):
    with zipfile.ZipFile(sample_draft) as z:
        parts = [n for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")]
        assert all(_out_of_order(z.read(name)) == [] for name in parts), {n: _out_of_order(z.read(n)) for n in parts}


def _result(catalog, registry, accepted) -> PeriodResult:
    raw = sample_values(registry)
    values = {u: {k: (None if v is None else float(v)) for k, v in raw[u].items()} for u in accepted}
    expected = ("611", "23377", "23380", "23383", "23386", "23389", "23392", "23395", "23398")
    outcomes = [FileOutcome(u, f"{u}.xlsx", Status.ACCEPTED) for u in accepted]
    outcomes += [FileOutcome(u, None, Status.MISSING) for u in expected if u not in accepted]
    totals = aggregate(values, catalog, registry)
    completeness = Completeness(expected, tuple(outcomes))
    return PeriodResult(PERIOD, catalog, registry, totals, {}, completeness, [], [], [], {})


def test_a_partial_period_says_so_in_the_draft_as_in_the_summary(tmp_path, catalog, registry):
    result = _result(catalog, registry, ["611", "23377", "23380", "23386", "23389", "23392", "23395", "23398"])
    lines = docx_lines(write_report(tmp_path / "d.docx", result, ReportSettings()))
    note = "(Số liệu của 7/8 xã, thị trấn; chưa có báo cáo của xã Đắk Dục.)"
    assert any(line.startswith("+ Lĩnh vực kinh tế, lao động, việc làm: Giải quyết cho") and line.endswith(note)
               for line in lines)  # fmt: skip
    assert "+ Lĩnh vực gia đình: Trong kỳ, các xã, thị trấn đã báo cáo ghi nhận 0 vụ bạo lực gia đình. " + note in lines
    assert (
        "Số liệu trong báo cáo chưa đầy đủ: chỉ gồm báo cáo hợp lệ của 8/9 đơn vị; chưa có báo cáo của xã Đắk Dục."
        in lines
    )
    assert not any("không xảy ra" in line or ("100%" in line and "đơn vị cấp huyện" in line) for line in lines)


def test_an_unsigned_draft_leaves_number_and_day_blank(tmp_path, catalog, registry):
    lines = docx_lines(write_report(tmp_path / "d.docx", _result(catalog, registry, ["23377"]), ReportSettings()))
    assert "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-UBND" in lines
    assert (
        "Ngọc Hồi, ngày\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0tháng\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0năm 2020" in lines
    )
    assert "[Cán bộ soạn thảo ghi họ và tên người ký]" in lines
    assert any(line.startswith("Thực hiện [Cán bộ soạn thảo ghi văn bản yêu cầu báo cáo") for line in lines)
    assert (
        "Chưa có số liệu: chưa nhận được báo cáo hợp lệ của xã, thị trấn nào (0/8)." not in lines
    )  # one commune is in


def test_an_empty_period_says_nothing_arrived(tmp_path, catalog, registry):
    lines = docx_lines(write_report(tmp_path / "d.docx", _result(catalog, registry, []), ReportSettings()))
    assert "+ Lĩnh vực gia đình: Chưa có số liệu: chưa nhận được báo cáo hợp lệ của xã, thị trấn nào (0/8)." in lines


def test_an_edited_template_with_a_new_paragraph_and_placeholder_renders(tmp_path, catalog, registry):
    template = write_report_template(tmp_path / "mau.docx")
    document = docx.Document(str(template))
    document.add_paragraph("Ghi chú của phòng: {{ figure.loan_households }} hộ được vay; {{ sentence.family }}")
    document.save(str(template))
    result = _result(catalog, registry, ["611", "23377", "23380", "23383", "23386", "23389", "23392", "23395", "23398"])
    lines = docx_lines(write_report(tmp_path / "d.docx", result, ReportSettings(), template))
    assert "Ghi chú của phòng: 162 hộ được vay; Trong kỳ không xảy ra vụ bạo lực gia đình nào trên địa bàn." in lines


def _template_with(tmp_path: Path, text: str) -> Path:
    template = write_report_template(tmp_path / "mau.docx")
    document = docx.Document(str(template))
    document.add_paragraph(text)
    document.save(str(template))
    return template


def test_an_unknown_placeholder_is_refused_naming_it(tmp_path, catalog, registry):
    template = _template_with(tmp_path, "Số hộ: {{ so_ho_vay }} và {{ ngay_ky }}")
    with pytest.raises(ConfigError) as caught:
        check_report_template(template)
    assert str(caught.value) == (
        "mau.docx: mẫu báo cáo Word dùng biến không có: ngay_ky, so_ho_vay. Các biến có thể dùng được liệt kê "
        'trong README (mục "Báo cáo Word").'
    )


def test_an_unknown_code_and_broken_jinja_are_refused(tmp_path, catalog, registry):
    result = _result(catalog, registry, ["23377"])
    with pytest.raises(ConfigError, match=r"mau.docx: mẫu báo cáo Word dùng biến không có \(.*no_such_code"):
        write_report(
            tmp_path / "d.docx", result, ReportSettings(), _template_with(tmp_path, "{{ figure.no_such_code }}")
        )
    with pytest.raises(ConfigError, match=r"^mau.docx: mẫu báo cáo Word có lỗi cú pháp ở chỗ đặt biến"):
        check_report_template(_template_with(tmp_path, "{{ figure.loan_households "))
    assert not (tmp_path / "d.docx").exists()


def test_a_template_that_is_not_a_docx_or_is_missing(tmp_path):
    fake = tmp_path / "mau.docx"
    fake.write_text("không phải Word", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^mau.docx: mẫu báo cáo Word phải là tệp .docx"):
        check_report_template(fake)
    with pytest.raises(UsageError, match="Không tìm thấy mẫu báo cáo Word"):
        check_report_template(tmp_path / "khong_co.docx")


def test_text_is_escaped_never_markup(tmp_path, catalog, registry):
    hostile = ReportSettings(request='Công văn <w:t>số 1</w:t> & "trích" {{ figure }}', number="7")
    path = write_report(tmp_path / "d.docx", _result(catalog, registry, ["23377"]), hostile)
    opening = next(line for line in docx_lines(path) if line.startswith("Thực hiện"))
    assert opening.startswith('Thực hiện Công văn <w:t>số 1</w:t> & "trích" {{ figure }}: ')
    with zipfile.ZipFile(path) as z:
        assert "&lt;w:t&gt;số 1" in z.read("word/document.xml").decode("utf-8")


def test_report_settings_file_is_checked(tmp_path):
    bad = tmp_path / "bao_cao.yaml"
    bad.write_text("number: 419\ndate: 15/06/2020\nsigner: {nam: Y Lan}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_report_settings(bad)
    message = str(caught.value)
    assert "date" in message and "signer" in message and "nam" in message
    settings = load_report_settings(SETTINGS)
    assert settings.number == "419" and settings.signer.name == "Y Lan" and settings.archive == "VT, TH"
    assert settings.recipients[0] == "Sở LĐTBXH tỉnh (b/c)"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_draft_and_prints_it(tmp_path, sample_draft):
    """Opening without a repair prompt: LibreOffice converts the file headless, which it refuses for a broken one."""
    profile = (tmp_path / "profile").as_uri()
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(sample_draft)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    pdf = tmp_path / "bao_cao_2020S1.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


def test_readme_lists_exactly_the_placeholders_of_the_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- report-placeholders:start -->\n(.*?)\n<!-- report-placeholders:end -->", readme, re.S)
    assert block is not None and block.group(1) == placeholders_markdown()


def test_the_default_template_uses_only_documented_placeholders():
    used = DocxTemplate(BytesIO(build_report_template())).get_undeclared_template_variables()
    assert used <= set(PLACEHOLDERS)
    assert used == set(PLACEHOLDERS) - {"figure"}  # every other one is shown in the default draft
