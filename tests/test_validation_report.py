"""``validation/report.md`` in both languages: the Vietnamese report as it always was, and
the English one (``--lang en``) wholly in English, with the catalog's English labels and
the unit names as the registry spells them."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.aggregate.completeness import Completeness
from pipeline.intake.outcomes import FileOutcome, Status
from pipeline.issues.codes import IssueCode
from pipeline.issues.issue import Issue
from pipeline.spec.catalog import Catalog
from pipeline.spec.periods import Period
from pipeline.validate.admission import NO_SENDERS_NOTE
from pipeline.write.validation_report import render_report_md

PLEI_KAN, DAK_ANG, DAK_DUC, DAK_NONG, BO_Y = "23377", "23380", "23383", "23386", "23395"
PERIOD = Period(2020, 1)


def _case(catalog: Catalog) -> tuple[list[Issue], Completeness]:
    """A small district: a rejected file (two errors and a warning), a waived outlier, a file
    with a warning, one held, one replaced, a temporary file, one unit silent, one late."""
    label = catalog.label_vi
    dak_ang = {"file": "dak_ang.xlsx", "unit_code": DAK_ANG, "sheet": "2_KinhTe"}
    part = {"indicator": "loan_households.ethnic_minority", "label": label("loan_households.ethnic_minority")}
    far = {"indicator": "loan_households", "label": label("loan_households"), "found": "120", "median": "12,5"}
    far |= {"low": "8", "high": "20", "n": 4, "score_note": ", điểm lệch 7,3"}
    typed = {"indicator": "loan_amount", "found": "1.250", "number": "1.250", "unit": "triệu đồng"}
    sender = {"sender": "ai@example.com", "unit": "Xã Đắk Nông (23386)", "allowed": "daknong@example.vn"}
    held = Issue.of(IssueCode.SENDER_NOT_ALLOWED, file="dak_nong.xlsx", unit_code=DAK_NONG, **sender)
    outlier = Issue.of(IssueCode.OUTLIER_HISTORY, file="plei_kan.xlsx", unit_code=PLEI_KAN, sheet="2_KinhTe", cell="E9",
                       **far)  # fmt: skip
    issues = [
        Issue.of(IssueCode.REQUIRED, **dak_ang, cell="E10", indicator="loan_amount", label=label("loan_amount")),
        Issue.of(IssueCode.PART_LE_WHOLE, **dak_ang, cell="F9", left="1.420", right="1.390", **part),
        Issue.of(IssueCode.FORMULA_NOT_TRUSTED, **dak_ang, cell="E12", indicator="loan_amount"),
        dataclasses.replace(outlier, waiver="Đã xác minh với xã."),
        Issue.of(IssueCode.TEXT_NUMBER, file="dak_duc.xlsx", unit_code=DAK_DUC, sheet="2_KinhTe", cell="E14", **typed),
        held,
    ]
    replaced = IssueCode.SUPERSEDED_NEWER.message(kept="dak_duc.xlsx")
    outcomes = (
        FileOutcome(PLEI_KAN, "plei_kan.xlsx", Status.ACCEPTED, "", "c0ffee", "2020-07-05T08:00:00", False),
        FileOutcome(DAK_ANG, "dak_ang.xlsx", Status.REJECTED, "2 lỗi", "ab12", "2020-07-06T09:00:00", False),
        FileOutcome(
            DAK_DUC, "dak_duc.xlsx", Status.ACCEPTED_WITH_WARNINGS, "1 cảnh báo", "d0", "2020-07-20T10:30", True
        ),
        FileOutcome(DAK_NONG, "dak_nong.xlsx", Status.HELD, held.message, "beef"),
        FileOutcome(DAK_DUC, "dak_duc_cu.xlsx", Status.SUPERSEDED, replaced, "aa"),
        FileOutcome(None, "~$tam.xlsx", Status.IGNORED, IssueCode.IGNORED_TEMP_FILE.message(file="~$tam.xlsx")),
        FileOutcome(BO_Y, None, Status.MISSING, IssueCode.MISSING_REPORT.message()),
    )
    return issues, Completeness((PLEI_KAN, DAK_ANG, DAK_DUC, DAK_NONG, BO_Y), outcomes)


VIETNAMESE = """\
# Kết quả kiểm tra báo cáo — 6 tháng đầu năm 2020

Đã nhận hợp lệ 2/5 đơn vị; bị loại: 1 tệp; chưa gửi: 1 đơn vị; nộp muộn: 1 tệp.

> Danh mục đơn vị chưa khai báo địa chỉ thư được phép gửi báo cáo; không kiểm tra người gửi.

## Báo cáo bị loại

### Xã Đắk Ang (23380) — tệp dak_ang.xlsx

- Trang 2_KinhTe, ô E10: Ô E10 (trang 2_KinhTe) — "Số tiền cho vay": để trống nhưng là chỉ tiêu bắt buộc.
- Trang 2_KinhTe, ô F9: Ô F9 (trang 2_KinhTe): Số "Số hộ được giải quyết cho vay vốn (DTTS)" (1.420) lớn hơn \
"Tổng số" (1.390).
- Ngoài ra có 1 cảnh báo (xem validation/issues.xlsx)

## Tạm giữ chờ xem xét

- Xã Đắk Nông (23386), tệp dak_nong.xlsx: Tệp dak_nong.xlsx gửi từ ai@example.com, không phải địa chỉ được phép \
báo cáo cho Xã Đắk Nông (23386) (daknong@example.vn); tệp được tạm giữ chờ xem xét.

## Báo cáo có cảnh báo

### Xã Đắk Dục (23383) — tệp dak_duc.xlsx

- Trang 2_KinhTe, ô E14: Ô E14 (trang 2_KinhTe) ghi số dạng chữ '1.250', đã đọc là 1.250 triệu đồng.

## Cảnh báo đã được chấp nhận

- Thị trấn Plei Kần (23377), tệp plei_kan.xlsx, trang 2_KinhTe, ô E9: Ô E9 (trang 2_KinhTe) — \
"Số hộ được giải quyết cho vay vốn": giá trị 120 khác xa các kỳ trước của đơn vị (trung vị 12,5; khoảng thường gặp \
8–20; 4 số liệu so sánh, điểm lệch 7,3). — lý do chấp nhận: Đã xác minh với xã.

## Chưa gửi

- Xã Bờ Y (23395)

## Nộp muộn

- Xã Đắk Dục (23383), tệp dak_duc.xlsx, nhận lúc 2020-07-20T10:30 (Hợp lệ, có cảnh báo)

## Tệp bị thay thế hoặc bỏ qua

- Tệp dak_duc_cu.xlsx (Xã Đắk Dục (23383)): Bị thay thế bởi bản gửi sau — Được thay bằng tệp dak_duc.xlsx gửi sau.
- Tệp ~$tam.xlsx: Bỏ qua (không phải bản báo cáo) — Tệp tạm hoặc tệp ẩn của Excel/LibreOffice.

Chi tiết từng vấn đề xem trong validation/issues.xlsx (lọc theo đơn vị, mức độ) và validation/issues.csv; \
phiếu phản hồi gửi từng đơn vị nằm trong thư mục validation/phan_hoi/.
"""

ENGLISH = """\
# Report checks — First half of 2020

Received and valid: 2/5 units; rejected: 1 file; not sent: 1 unit; late: 1 file.

> The registry of units declares no e-mail address allowed to send reports; senders were not checked.

## Rejected reports

### Xã Đắk Ang (23380) — file dak_ang.xlsx

- Sheet 2_KinhTe, cell E10: Cell E10 (sheet 2_KinhTe) — "Amount lent": left blank, but the indicator is required.
- Sheet 2_KinhTe, cell F9: Cell F9 (sheet 2_KinhTe): The figure "Households granted loans (ethnic minority)" (1,420) \
is larger than the total (1,390).
- Also 1 warning (see validation/issues.xlsx)

## Held for review

- Xã Đắk Nông (23386), file dak_nong.xlsx: The file dak_nong.xlsx was sent from ai@example.com, not an address \
allowed to report for Xã Đắk Nông (23386) (daknong@example.vn); the file is held for review.

## Reports with warnings

### Xã Đắk Dục (23383) — file dak_duc.xlsx

- Sheet 2_KinhTe, cell E14: Cell E14 (sheet 2_KinhTe) holds the number as text '1.250', read as 1,250 million VND.

## Accepted warnings

- Thị trấn Plei Kần (23377), file plei_kan.xlsx, sheet 2_KinhTe, cell E9: Cell E9 (sheet 2_KinhTe) — \
"Households granted loans": the value 120 is far from the unit's earlier periods (median 12.5; usual range 8–20; \
4 figures compared, deviation score 7.3). — accepted because: Đã xác minh với xã.

## Not sent

- Xã Bờ Y (23395)

## Late

- Xã Đắk Dục (23383), file dak_duc.xlsx, received 2020-07-20T10:30 (Valid, with warnings)

## Replaced or ignored files

- File dak_duc_cu.xlsx (Xã Đắk Dục (23383)): Replaced by a later submission — Replaced by the file dak_duc.xlsx, \
sent later.
- File ~$tam.xlsx: Ignored (not a report) — A temporary or hidden file of Excel/LibreOffice.

Every issue in detail: validation/issues.xlsx (filter by unit and severity) and validation/issues.csv; \
the feedback workbook for each unit is in the folder validation/phan_hoi/.
"""


def test_the_vietnamese_report_is_as_it_always_was(catalog, registry):
    issues, completeness = _case(catalog)
    text = render_report_md(issues, completeness, registry, PERIOD, (NO_SENDERS_NOTE,))
    assert text == VIETNAMESE
    assert render_report_md(issues, completeness, registry, PERIOD, (NO_SENDERS_NOTE,), "vi", catalog) == text


def test_the_english_report_is_wholly_english(catalog, registry):
    issues, completeness = _case(catalog)
    assert render_report_md(issues, completeness, registry, PERIOD, (NO_SENDERS_NOTE,), "en", catalog) == ENGLISH


def test_the_english_headings_counts_and_empty_sections(registry):
    outcomes = (FileOutcome(PLEI_KAN, "plei_kan.xlsx", Status.ACCEPTED), FileOutcome(BO_Y, None, Status.MISSING))
    text = render_report_md([], Completeness((PLEI_KAN, BO_Y), outcomes), registry, PERIOD, lang="en")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# Report checks — First half of 2020",
        "## Rejected reports",
        "## Held for review",
        "## Reports with warnings",
        "## Accepted warnings",
        "## Not sent",
        "## Late",
        "## Replaced or ignored files",
    ]
    assert "Received and valid: 1/2 units; rejected: 0 files; not sent: 1 unit; late: 0 files." in text
    assert text.count("None.") == 6


def test_more_than_ten_errors_are_counted_in_english(catalog, registry):
    place = {"file": "dak_ang.xlsx", "unit_code": DAK_ANG, "sheet": "2_KinhTe", "indicator": "loan_amount"}
    label = catalog.label_vi("loan_amount")
    issues = [Issue.of(IssueCode.NON_NEGATIVE, **place, cell=f"E{n}", label=label, found=f"-{n}") for n in range(1, 13)]
    outcome = FileOutcome(DAK_ANG, "dak_ang.xlsx", Status.REJECTED, "12 lỗi")
    text = render_report_md(issues, Completeness((DAK_ANG,), (outcome,)), registry, PERIOD, lang="en", catalog=catalog)
    assert '- Sheet 2_KinhTe, cell E10: Cell E10 (sheet 2_KinhTe) — "Amount lent": the value -10 is negative.\n' in text
    assert "- … and 2 more errors (see validation/issues.xlsx)\n" in text


def test_a_rejected_file_without_issues_shows_its_reason_in_english(registry):
    reason = IssueCode.NOT_A_SPREADSHEET.message(file="ghi_chu.docx", kind="tài liệu Word")
    outcome = FileOutcome(None, "ghi_chu.docx", Status.REJECTED, reason)
    text = render_report_md([], Completeness((), (outcome,)), registry, PERIOD, lang="en")
    assert "### Unit not identified — file ghi_chu.docx\n\n" in text
    assert "\n- The file ghi_chu.docx is a Word document, not a spreadsheet.\n" in text


def test_an_unknown_language_is_refused(registry):
    with pytest.raises(ValueError, match="fr"):
        render_report_md([], Completeness((), ()), registry, PERIOD, lang="fr")
