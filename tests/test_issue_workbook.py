"""issues.xlsx read back with openpyxl, and report.md compared as exact text.

The fixtures are built by hand: one rejected commune with two errors, one accepted
commune whose only warning was waived, one late but valid commune and one missing
commune; the workbook tests add a superseded and an ignored file and an open warning.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.aggregate.completeness import Completeness, FileOutcome, Status
from pipeline.issues.issue import Issue
from pipeline.spec.catalog import Catalog, Severity
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry, load_registry
from pipeline.write.issue_rows import _lines
from pipeline.write.issue_workbook import write_issues_xlsx
from pipeline.write.validation_report import render_report_md
from pipeline.write.xlsx_fit import lines_of

PLEI_KAN, DAK_ANG, DAK_DUC, DAK_NONG, BO_Y = "23377", "23380", "23383", "23386", "23395"
PERIOD = Period(2020, 1)
ISSUE_HEADER = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Tệp",
    "SHA-256 của tệp",
    "Trang",
    "Ô",
    "Các ô liên quan",
    "Chỉ tiêu",
    "Giá trị đã ghi",
    "Quy tắc",
    "Biểu thức kiểm tra",
    "Mức độ",
    "Nội dung",
    "Cách sửa",
    "Chấp nhận",
]
STATUS_HEADER = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Tệp",
    "SHA-256",
    "Thời điểm nhận",
    "Đúng hạn",
    "Số lỗi",
    "Số cảnh báo",
    "Lý do",
]
SHEETS = [
    "Tom_tat", "Tong_quan", "Van_de", "Hop_le", "Co_canh_bao", "Bi_loai", "Tam_giu", "Chua_gui", "Bi_thay_the", "Bo_qua"
]  # fmt: skip
STATUS_SHEETS = SHEETS[3:]
SUMMARY_HEADER = ["STT", "Đơn vị, tệp", "Tình trạng", "Số lỗi", "Số cảnh báo", "Các vấn đề chính"]


@pytest.fixture(scope="module")
def registry() -> UnitRegistry:
    return load_registry()


def _error(cell: str, message: str, value: object = None, **extra: object) -> Issue:
    return Issue(unit_code=DAK_ANG, file="dak_ang.xlsx", sheet="2_KinhTe", cell=cell, indicator="loan_households",
                 value=value, rule="required", severity=Severity.ERROR, message=message,
                 **extra)  # type: ignore[arg-type]  # fmt: skip


def _small() -> tuple[list[Issue], Completeness]:
    """The brief's case: 2 errors in a rejected file, a waived warning, one missing, one late."""
    issues = [
        _error(
            "E9",
            "Ô E9 để trống.",
            "=1+1",
            fix="Nhập số liệu.",
            expression="loan_households >= 0",
            file_sha256="ab12",
            related=(("2_KinhTe", "E9"), ("2_KinhTe", "E10")),
        ),
        _error("E10", "Ô E10 là số âm.", -3),
        Issue(unit_code=PLEI_KAN, file="plei_kan.xlsx", sheet="3_XaHoi", cell="F7", indicator="new_jobs.female",
              value=12, rule="female_le_total", severity=Severity.WARNING, message="Số nữ lớn hơn tổng số.",
              waiver="Đã xác minh với xã."),
    ]  # fmt: skip
    outcomes = (
        FileOutcome(PLEI_KAN, "plei_kan.xlsx", Status.ACCEPTED, "", "c0ffee", "2020-07-05T08:00:00", False),
        FileOutcome(DAK_ANG, "dak_ang.xlsx", Status.REJECTED, "2 lỗi", "ab12", "2020-07-06T09:00:00", False),
        FileOutcome(DAK_DUC, "dak_duc.xlsx", Status.ACCEPTED, "", "d00d", "2020-07-20T10:30:00", True),
        FileOutcome(BO_Y, None, Status.MISSING, "Chưa nhận được báo cáo."),
    )
    return issues, Completeness((PLEI_KAN, DAK_ANG, DAK_DUC, BO_Y), outcomes)


def _full() -> tuple[list[Issue], Completeness]:
    """The small case plus an open warning, an information note, a superseded and an ignored
    file; the ignored one arrived late, which must not count: it is not a report."""
    issues, completeness = _small()
    issues += [
        Issue(unit_code=DAK_NONG, file="dak_nong.xlsx", sheet="2_KinhTe", cell="E12", indicator="loan_amount",
              value="1.000", rule="text_number", severity=Severity.WARNING, message="Ô E12 ghi số dạng chữ."),
        Issue(unit_code=DAK_NONG, file="dak_nong.xlsx", sheet=None, cell=None, indicator=None, value=None,
              rule="note", severity=Severity.INFO, message="Ghi chú."),
    ]  # fmt: skip
    outcomes = (
        *completeness.outcomes[:3],
        FileOutcome(DAK_NONG, "dak_nong.xlsx", Status.ACCEPTED_WITH_WARNINGS, "1 cảnh báo", "beef"),
        FileOutcome(DAK_ANG, "dak_ang_cu.xlsx", Status.SUPERSEDED, "Được thay bằng tệp dak_ang.xlsx gửi sau.", "aa"),
        FileOutcome(None, "~$tam.xlsx", Status.IGNORED, "Tệp tạm hoặc tệp ẩn của Excel/LibreOffice.", late=True),
        completeness.outcomes[3],
    )
    return issues, Completeness((*completeness.expected, DAK_NONG), outcomes)


def _rows(ws: Worksheet) -> list[list[object]]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


@pytest.fixture
def book(tmp_path: Path, registry: UnitRegistry, catalog: Catalog) -> openpyxl.Workbook:
    issues, completeness = _full()
    path = tmp_path / "validation" / "issues.xlsx"
    write_issues_xlsx(path, issues, completeness, registry, PERIOD, catalog=catalog)
    return openpyxl.load_workbook(path)


# --- workbook -------------------------------------------------------------------------------


def test_sheets_are_the_summary_the_counts_the_issues_then_every_status_in_order(book):
    assert book.sheetnames == SHEETS
    assert book.active.title == "Tom_tat"
    hidden = [ws.title for ws in book.worksheets if ws.sheet_state == "hidden"]
    assert hidden == ["Tam_giu"]  # no file was held: written, but neither shown nor printed


def test_summary_lists_each_units_fate_in_plain_words(book):
    rows = _rows(book["Tom_tat"])
    assert rows[:4] == [
        ["Tóm tắt kết quả kiểm tra báo cáo — 6 tháng đầu năm 2020", None, None, None, None, None],
        ["Đã nhận hợp lệ 3/5 đơn vị; bị loại: 1 tệp; chưa gửi: 1 đơn vị; nộp muộn: 1 tệp.", None, None, None, None,
         None],
        [None] * 6,
        SUMMARY_HEADER,
    ]  # fmt: skip
    assert rows[4:9] == [
        [1, "Thị trấn Plei Kần (23377)\nplei_kan.xlsx", "Hợp lệ", 0, 0, None],
        [2, "Xã Đắk Ang (23380)\ndak_ang.xlsx", "Bị loại", 2, 0, "• Ô E9 để trống.\n• Ô E10 là số âm."],
        [3, "Xã Đắk Dục (23383)\ndak_duc.xlsx", "Hợp lệ — nộp muộn", 0, 0, None],
        [4, "Xã Bờ Y (23395)", "Chưa gửi", None, None, "Chưa nhận được báo cáo."],
        [5, "Xã Đắk Nông (23386)\ndak_nong.xlsx", "Hợp lệ, có cảnh báo", 0, 1, "• Ô E12 ghi số dạng chữ."],
    ]
    assert rows[9:] == [
        [None] * 6,
        ["Ngoài ra 2 tệp bị thay thế hoặc bỏ qua, không ảnh hưởng số liệu (xem trang Bi_thay_the, Bo_qua).", None,
         None, None, None, None],
    ]  # fmt: skip
    ws = book["Tom_tat"]
    assert ws.page_setup.orientation == "portrait" and ws.page_setup.paperSize in (9, "9")
    assert ws.sheet_properties.pageSetUpPr.fitToPage and int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows == "$4:$4"
    assert ws["F6"].alignment.wrap_text and ws.row_dimensions[6].height >= 2 * 11  # two problems, two lines


def test_summary_shows_the_first_problems_and_counts_the_rest(tmp_path, registry, catalog):
    issues = [_error(f"E{n}", f"Lỗi số {n}.") for n in range(1, 6)]
    warning = Issue(unit_code=DAK_ANG, file="dak_ang.xlsx", sheet=None, cell=None, indicator=None, value=None,
                    rule="x", severity=Severity.WARNING, message="Một cảnh báo.")  # fmt: skip
    stray = FileOutcome(None, "ghi_chu.docx", Status.REJECTED, "Tệp ghi_chu.docx không phải bảng tính.")
    outcomes = (FileOutcome(DAK_ANG, "dak_ang.xlsx", Status.REJECTED, "5 lỗi"), stray)
    path = tmp_path / "issues.xlsx"
    write_issues_xlsx(path, [warning, *issues], Completeness((DAK_ANG,), outcomes), registry, PERIOD, catalog=catalog)
    rows = _rows(openpyxl.load_workbook(path)["Tom_tat"])
    assert rows[4] == [1, "Xã Đắk Ang (23380)\ndak_ang.xlsx", "Bị loại", 5, 1,
                       "• Lỗi số 1.\n• Lỗi số 2.\n• Lỗi số 3.\n… và 3 vấn đề khác (xem trang Van_de)"]  # fmt: skip
    assert rows[5] == [2, "Không xác định được đơn vị\nghi_chu.docx", "Bị loại", 0, 0,
                       "Tệp ghi_chu.docx không phải bảng tính."]  # fmt: skip


def test_issue_sheet_has_the_vietnamese_header_and_the_issue_cells(book):
    ws = book["Van_de"]
    rows = _rows(ws)
    assert rows[0] == ISSUE_HEADER
    assert rows[1] == [
        DAK_ANG,
        "Xã Đắk Ang",
        "dak_ang.xlsx",
        "ab12",
        "2_KinhTe",
        "E9",
        "2_KinhTe!E9, 2_KinhTe!E10",
        "Số hộ được giải quyết cho vay vốn",
        "=1+1",
        "required",
        "“Số hộ được giải quyết cho vay vốn” >= 0",
        "Lỗi",
        "Ô E9 để trống.",
        "Nhập số liệu.",
        None,
    ]
    assert rows[3][11:] == ["Cảnh báo", "Số nữ lớn hơn tổng số.", None, "Đã xác minh với xã."]
    assert [row[11] for row in rows[1:]] == ["Lỗi", "Lỗi", "Cảnh báo", "Cảnh báo", "Thông tin"]  # order as given
    assert len(rows) == 6


def test_commune_text_is_stored_as_text_and_numbers_as_numbers(book):
    ws = book["Van_de"]
    assert ws["I2"].value == "=1+1"
    assert ws["I2"].data_type == "s"  # never a formula
    assert ws["I3"].value == -3
    assert ws["I3"].data_type == "n"
    assert ws["I5"].value == "1.000"
    assert ws["I5"].data_type == "s"


def test_issue_sheet_is_filterable_frozen_coloured_and_prints_on_a4_landscape(book):
    ws = book["Van_de"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:O6"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize in (9, "9")
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the default, so xlsxwriter leaves it out
    assert int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows == "$1:$1"
    assert ws.oddHeader.left.text == "Danh sách vấn đề" and ws.oddFooter.center.text == "Trang &P/&N"
    assert ws["M1"].font.b and ws["M1"].fill.fgColor.rgb.endswith("D9E1F2")
    assert all(ws.cell(2, col).alignment.wrap_text for col in range(1, 16))
    assert ws["A2"].font.name == "Times New Roman"
    widths = [ws.column_dimensions[chr(ord("A") + k)].width for k in range(15)]
    assert 190 <= sum(int(w) for w in widths) <= 215 and max(widths) < 40  # near 8 points on A4 landscape
    assert ws.row_dimensions[2].height > ws.row_dimensions[6].height  # three lines of related cells, one of a note
    rules = {
        str(ranges.sqref): [(r.formula, r.dxf.fill.bgColor.rgb) for r in ranges.rules]
        for ranges in ws.conditional_formatting
    }
    assert rules == {"A2:O6": [(['$L2="Lỗi"'], "FFFFC7CE"), (['$L2="Cảnh báo"'], "FFFFEB9C")]}


def test_status_sheets_list_each_file_with_its_own_counts(book):
    assert _rows(book["Hop_le"]) == [
        STATUS_HEADER,
        [PLEI_KAN, "Thị trấn Plei Kần", "plei_kan.xlsx", "c0ffee", "2020-07-05T08:00:00", "Đúng hạn", 0, 0, None],
        [DAK_DUC, "Xã Đắk Dục", "dak_duc.xlsx", "d00d", "2020-07-20T10:30:00", "Muộn", 0, 0, None],
    ]  # the waived warning of Plei Kần is not an open one
    assert _rows(book["Co_canh_bao"])[1] == [
        DAK_NONG, "Xã Đắk Nông", "dak_nong.xlsx", "beef", None, None, 0, 1, "1 cảnh báo"
    ]  # fmt: skip
    assert _rows(book["Bi_loai"])[1] == [
        DAK_ANG, "Xã Đắk Ang", "dak_ang.xlsx", "ab12", "2020-07-06T09:00:00", "Đúng hạn", 2, 0, "2 lỗi"
    ]  # fmt: skip
    assert _rows(book["Chua_gui"])[1] == [
        BO_Y, "Xã Bờ Y", None, None, None, None, None, None, "Chưa nhận được báo cáo."
    ]  # fmt: skip
    assert _rows(book["Bi_thay_the"])[1][:3] == [DAK_ANG, "Xã Đắk Ang", "dak_ang_cu.xlsx"]
    assert _rows(book["Bo_qua"])[1][:3] == [None, None, "~$tam.xlsx"]
    for name in STATUS_SHEETS:
        ws = book[name]
        assert _rows(ws)[0] == STATUS_HEADER
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:I{ws.max_row}"
        assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
    assert book["Hop_le"].auto_filter.ref == "A1:I3"
    assert book["Bi_loai"].oddHeader.left.text == "Tệp: Bị loại"


def test_overview_counts_statuses_issues_and_late_files(book):
    rows = [row[:3] for row in _rows(book["Tong_quan"])]
    assert rows == [
        ["Kết quả kiểm tra báo cáo — 6 tháng đầu năm 2020", None, None],
        [None, None, None],
        ["Kỳ báo cáo", "6 tháng đầu năm 2020", None],
        ["Đơn vị phải báo cáo", 5, None],
        ["Đơn vị đã nhận hợp lệ", 3, None],
        [None, None, None],
        ["Tình trạng tệp", "Số lượng", "Xem trang"],
        ["Hợp lệ", 2, "Hop_le"],
        ["Hợp lệ, có cảnh báo", 1, "Co_canh_bao"],
        ["Bị loại", 1, "Bi_loai"],
        ["Tạm giữ chờ xem xét", 0, None],  # the sheet is empty, so hidden: nothing to look at
        ["Chưa gửi", 1, "Chua_gui"],
        ["Bị thay thế bởi bản gửi sau", 1, "Bi_thay_the"],
        ["Bỏ qua (không phải bản báo cáo)", 1, "Bo_qua"],
        [None, None, None],
        ["Vấn đề", "Số lượng", "Xem trang"],
        ["Lỗi", 2, "Van_de"],
        ["Cảnh báo chưa được chấp nhận", 1, "Van_de"],
        ["Cảnh báo đã được chấp nhận", 1, "Van_de"],
        ["Thông tin", 1, "Van_de"],
        [None, None, None],
        ["Số tệp nộp muộn", 1, None],
    ]


def test_an_empty_run_still_has_every_sheet_with_its_header_but_shows_only_the_summaries(tmp_path, registry, catalog):
    path = tmp_path / "issues.xlsx"
    write_issues_xlsx(path, [], Completeness((), ()), registry, PERIOD, catalog=catalog)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SHEETS
    assert _rows(book["Van_de"]) == [ISSUE_HEADER]
    assert book["Van_de"].auto_filter.ref == "A1:O1"
    assert _rows(book["Bo_qua"]) == [STATUS_HEADER]
    assert [ws.title for ws in book.worksheets if ws.sheet_state == "visible"] == ["Tom_tat", "Tong_quan"]
    assert _rows(book["Tom_tat"])[3:] == [SUMMARY_HEADER]


@pytest.mark.parametrize("room", [40.0, 77.0, 150.0, 300.0])
@pytest.mark.parametrize(("size", "bold"), [(11, False), (8, False), (11, True)])
def test_the_quick_line_count_is_the_font_arithmetic_of_xlsx_fit(room, size, bold):
    """issue_rows counts lines with each letter's width looked up once; it must agree with
    the measurement it stands in for, or a row is cut short in print."""
    texts = [
        'Ô E15 (trang 2_KinhTe) — "Gạo giúp nhau": giá trị -3 là số âm.',
        "BC_BVCSTE_DakAng_6T2020.xlsx",
        "ed74342cf21f57ae709d22164013202f8a2dd883531726ea05cb21fe06d86aa",
        "Xã Đắk Ang (23380)\nNgọc Hồi WWWW iiii",
        "Số hộ được giải quyết cho vay vốn (DTTS)",
        "",
    ]
    for text in texts:
        assert _lines(text, room, size, bold) == lines_of(text, room, size, bold), text


# --- markdown -------------------------------------------------------------------------------

SMALL_REPORT = """\
# Kết quả kiểm tra báo cáo — 6 tháng đầu năm 2020

Đã nhận hợp lệ 2/4 đơn vị; bị loại: 1 tệp; chưa gửi: 1 đơn vị; nộp muộn: 1 tệp.

## Báo cáo bị loại

### Xã Đắk Ang (23380) — tệp dak_ang.xlsx

- Trang 2_KinhTe, ô E9: Ô E9 để trống.
- Trang 2_KinhTe, ô E10: Ô E10 là số âm.

## Tạm giữ chờ xem xét

Không có.

## Báo cáo có cảnh báo

Không có.

## Cảnh báo đã được chấp nhận

- Thị trấn Plei Kần (23377), tệp plei_kan.xlsx, trang 3_XaHoi, ô F7: Số nữ lớn hơn tổng số. \
— lý do chấp nhận: Đã xác minh với xã.

## Chưa gửi

- Xã Bờ Y (23395)

## Nộp muộn

- Xã Đắk Dục (23383), tệp dak_duc.xlsx, nhận lúc 2020-07-20T10:30:00 (Hợp lệ)

## Tệp bị thay thế hoặc bỏ qua

Không có.

Chi tiết từng vấn đề xem trong validation/issues.xlsx (lọc theo đơn vị, mức độ) và validation/issues.csv; \
phiếu phản hồi gửi từng đơn vị nằm trong thư mục validation/phan_hoi/.
"""


def test_report_for_the_small_case_is_exactly_this(registry):
    issues, completeness = _small()
    assert render_report_md(issues, completeness, registry, PERIOD) == SMALL_REPORT


def _section(text: str, title: str) -> str:
    """The body of one section, up to the next section or the closing line."""
    return text.split(f"## {title}\n\n", 1)[1].split("\n## ", 1)[0].split("\nChi tiết từng vấn đề", 1)[0]


def test_report_lists_open_warnings_and_set_aside_files(registry):
    issues, completeness = _full()
    text = render_report_md(issues, completeness, registry, PERIOD)
    assert _section(text, "Báo cáo có cảnh báo") == (
        "### Xã Đắk Nông (23386) — tệp dak_nong.xlsx\n\n- Trang 2_KinhTe, ô E12: Ô E12 ghi số dạng chữ.\n"
    )
    assert _section(text, "Tệp bị thay thế hoặc bỏ qua") == (
        "- Tệp dak_ang_cu.xlsx (Xã Đắk Ang (23380)): Bị thay thế bởi bản gửi sau"
        " — Được thay bằng tệp dak_ang.xlsx gửi sau.\n"
        "- Tệp ~$tam.xlsx: Bỏ qua (không phải bản báo cáo) — Tệp tạm hoặc tệp ẩn của Excel/LibreOffice.\n"
    )
    assert "Đã nhận hợp lệ 3/5 đơn vị;" in text
    assert "Ghi chú." not in text  # information is counted in the workbook, not listed here


@pytest.mark.parametrize(("count", "more"), [(10, None), (11, "- … và 1 lỗi khác"), (14, "- … và 4 lỗi khác")])
def test_report_lists_at_most_ten_errors_per_unit(registry, count, more):
    issues = [_error(f"E{n}", f"Lỗi số {n}.") for n in range(1, count + 1)]
    outcome = FileOutcome(DAK_ANG, "dak_ang.xlsx", Status.REJECTED, f"{count} lỗi")
    text = render_report_md(issues, Completeness((DAK_ANG,), (outcome,)), registry, PERIOD)
    body = _section(text, "Báo cáo bị loại").splitlines()[2:]
    listed = [f"- Trang 2_KinhTe, ô E{n}: Lỗi số {n}." for n in range(1, 11)]
    assert body == listed + ([f"{more} (xem validation/issues.xlsx)"] if more else [])


def test_a_rejected_file_without_located_errors_shows_its_reason(registry):
    outcome = FileOutcome(None, "ghi_chu.docx", Status.REJECTED, "Tệp ghi_chu.docx không phải bảng tính.")
    issue = Issue(unit_code=None, file="ghi_chu.docx", sheet=None, cell=None, indicator=None, value=None,
                  rule="not_a_spreadsheet", severity=Severity.ERROR, message="Không đọc được.")  # fmt: skip
    text = render_report_md([issue], Completeness((), (outcome,)), registry, PERIOD)
    assert _section(text, "Báo cáo bị loại") == (
        "### Không xác định được đơn vị — tệp ghi_chu.docx\n\n- Không đọc được.\n"
    )
    text = render_report_md([], Completeness((), (outcome,)), registry, PERIOD)
    assert "- Tệp ghi_chu.docx không phải bảng tính.\n" in _section(text, "Báo cáo bị loại")


def test_a_waived_warning_is_listed_even_in_a_rejected_file(registry):
    issues, completeness = _small()
    waived = Issue(unit_code=DAK_ANG, file="dak_ang.xlsx", sheet=None, cell="E20", indicator=None, value=5, rule="x",
                   severity=Severity.WARNING, message="Lạ.", waiver="Đúng.")  # fmt: skip
    text = render_report_md([*issues, waived], completeness, registry, PERIOD)
    assert "- Xã Đắk Ang (23380), tệp dak_ang.xlsx, ô E20: Lạ. — lý do chấp nhận: Đúng.\n" in text


def test_nothing_wrong_says_so_in_every_section(registry):
    outcome = FileOutcome(PLEI_KAN, "plei_kan.xlsx", Status.ACCEPTED)
    text = render_report_md([], Completeness((PLEI_KAN,), (outcome,)), registry, PERIOD)
    assert "Đã nhận hợp lệ 1/1 đơn vị; bị loại: 0 tệp; chưa gửi: 0 đơn vị; nộp muộn: 0 tệp." in text
    assert text.count("Không có.") == 7
