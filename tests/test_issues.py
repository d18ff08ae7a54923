"""An Issue is made from its code with keywords only: the wording is the code's, the
location fills the templates, and a wrong call fails at once; it keeps its code and
fields, so it is worded again in English with the catalog's English labels."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.errors import WorkbookError
from pipeline.issues.codes import IssueCode
from pipeline.issues.english import english_day, english_number, english_period, english_text
from pipeline.issues.issue import ISSUE_COLUMNS, Issue
from pipeline.spec.catalog import Severity


def test_positional_arguments_are_refused():
    with pytest.raises(TypeError):
        Issue(None, "a.xlsx", None, None, None, None, "x", Severity.ERROR, "m")  # type: ignore[misc]


def test_the_location_fills_the_template_and_the_related_cells():
    issue = Issue.of(
        IssueCode.TEXT_NUMBER,
        file="a.xlsx",
        unit_code="23380",
        sheet="2_KinhTe",
        cell="E12",
        indicator="loan_amount",
        value="1.000",
        found="1.000",
        number="1.000",
        unit="triệu đồng",
    )
    assert issue.message == "Ô E12 (trang 2_KinhTe) ghi số dạng chữ '1.000', đã đọc là 1.000 triệu đồng."
    assert (issue.rule, issue.severity, issue.related) == ("text_number", Severity.WARNING, (("2_KinhTe", "E12"),))
    assert issue.fix == "Nếu đúng thì không cần sửa; lần sau hãy nhập dạng số."


def test_a_file_level_issue_has_no_related_cells():
    issue = Issue.of(IssueCode.EMPTY_SUBMISSION, file="a.xlsx", file_sha256="ab")
    assert (issue.sheet, issue.cell, issue.related, issue.file_sha256) == (None, None, (), "ab")
    assert issue.message == "Biểu mẫu trong tệp a.xlsx chưa có số liệu nào."


def test_a_rule_sentence_starts_at_its_cell_when_there_is_one():
    sides = {"label": "Nữ", "left": "12", "right": "10"}
    located = Issue.of(IssueCode.PART_LE_WHOLE, file="a.xlsx", sheet="3_XaHoi", cell="F7", **sides)
    unlocated = Issue.of(IssueCode.PART_LE_WHOLE, file="a.xlsx", **sides)
    assert located.message == 'Ô F7 (trang 3_XaHoi): Số "Nữ" (12) lớn hơn "Tổng số" (10).'
    assert unlocated.message == 'Số "Nữ" (12) lớn hơn "Tổng số" (10).'


def test_a_catalog_rule_keeps_its_own_id_severity_and_words():
    issue = Issue.of(
        IssueCode.CATALOG_RULE,
        file="a.xlsx",
        sheet="2_KinhTe",
        cell="E19",
        rule="startup_within_households",
        severity=Severity.INFO,
        rule_message="Số chị em (30) lớn hơn số hộ (20).",
        rule_fix="Kiểm tra lại hai số này.",
    )
    assert (issue.rule, issue.severity) == ("startup_within_households", Severity.INFO)
    assert (issue.message, issue.fix) == (
        "Ô E19 (trang 2_KinhTe): Số chị em (30) lớn hơn số hộ (20).",
        "Kiểm tra lại hai số này.",
    )


def test_a_rule_id_goes_with_catalog_rules_only():
    with pytest.raises(TypeError):
        Issue.of(IssueCode.CATALOG_RULE, file="a.xlsx", rule_message="m", rule_fix="f")
    with pytest.raises(TypeError):
        Issue.of(IssueCode.EMPTY_SUBMISSION, file="a.xlsx", rule="other")


def test_a_field_the_templates_do_not_use_or_a_missing_one_fails():
    with pytest.raises(TypeError, match="colour"):
        Issue.of(IssueCode.EMPTY_SUBMISSION, file="a.xlsx", colour="red")
    with pytest.raises(TypeError, match=r"field\(s\) at$"):
        Issue.of(IssueCode.PART_LE_WHOLE, file="a.xlsx", at="", label="x", left="1", right="0")
    with pytest.raises(KeyError, match="kind"):
        Issue.of(IssueCode.NOT_A_SPREADSHEET, file="a.pdf")


def test_issues_stay_frozen_and_keep_the_csv_columns():
    issue = Issue.of(IssueCode.MISSING_ROW, file="a.xlsx", indicator="rice_kg", label="Gạo")
    with pytest.raises(dataclasses.FrozenInstanceError):
        issue.rule = "x"  # type: ignore[misc]
    assert set(issue.as_row()) == set(ISSUE_COLUMNS)
    assert issue.message == "Không tìm thấy dòng có mã chỉ tiêu rice_kg (Gạo) trong tệp a.xlsx."


def test_a_workbook_error_carries_its_code_and_words_itself():
    error = WorkbookError(IssueCode.ZIP_BOMB, file="x.xlsx", sheet="2_KinhTe", detail="tỉ lệ nén bất thường")
    assert (error.code, error.rule, error.sheet, error.fields) == (
        IssueCode.ZIP_BOMB,
        "zip_bomb",
        "2_KinhTe",
        {"detail": "tỉ lệ nén bất thường"},
    )
    assert str(error) == "Tệp x.xlsx có cấu trúc nén bất thường (tỉ lệ nén bất thường) nên không được mở."
    assert error.fix == IssueCode.ZIP_BOMB.fix()


# --- English -------------------------------------------------------------------------------


def test_the_vietnamese_text_is_the_message_itself():
    issue = Issue.of(IssueCode.NON_NEGATIVE, file="a.xlsx", sheet="2_KinhTe", cell="E9", label="Gạo", found="-5")
    assert issue.text() == issue.text("vi") == issue.message == 'Ô E9 (trang 2_KinhTe) — "Gạo": giá trị -5 là số âm.'
    assert issue.fix_text() == issue.fix == "Nhập số không âm."
    assert (issue.code, issue.fields) == (IssueCode.NON_NEGATIVE, (("label", "Gạo"), ("found", "-5")))
    with pytest.raises(ValueError, match="fr"):
        issue.text("fr")


def test_the_code_and_fields_change_neither_equality_nor_the_csv_row():
    issue = Issue.of(IssueCode.MISSING_ROW, file="a.xlsx", indicator="rice_kg", label="Gạo")
    by_hand = dataclasses.replace(issue, code=None, fields=())
    assert by_hand == issue and hash(by_hand) == hash(issue)
    assert by_hand.as_row() == issue.as_row() and set(issue.as_row()) == set(ISSUE_COLUMNS)
    assert dataclasses.replace(issue, waiver="Đúng.").text("en") == issue.text("en")


def test_english_uses_the_catalogs_labels_units_and_english_figures(catalog):
    code = "loan_households.ethnic_minority"
    label = catalog.label_vi(code)
    negative = Issue.of(IssueCode.NON_NEGATIVE, file="a.xlsx", sheet="2_KinhTe", cell="F11", indicator=code,
                        label=label, found="-1.250,5")  # fmt: skip
    assert negative.text("en", catalog) == (
        'Cell F11 (sheet 2_KinhTe) — "Households granted loans (ethnic minority)": the value -1,250.5 is negative.'
    )
    assert negative.text("en") == f'Cell F11 (sheet 2_KinhTe) — "{label}": the value -1,250.5 is negative.'
    typed = Issue.of(IssueCode.TEXT_NUMBER, file="a.xlsx", sheet="2_KinhTe", cell="E12", indicator="loan_amount",
                     found="1.000", number="1.000", unit="triệu đồng")  # fmt: skip
    assert typed.text("en", catalog).startswith("Cell E12 (sheet 2_KinhTe) holds the number as text '1.000', read as ")
    assert typed.text("en", catalog).endswith(f"1,000 {catalog.units_en['triệu đồng']}.")
    wrong = Issue.of(IssueCode.TYPE, file="a.xlsx", sheet="2_KinhTe", cell="E10", indicator="loan_households",
                     label=catalog.label_vi("loan_households"), found="nhiều", kind="số nguyên", unit="hộ")  # fmt: skip
    assert wrong.text("en", catalog) == (
        "Cell E10 (sheet 2_KinhTe) — \"Households granted loans\": the value 'nhiều' is not a whole number."
    )
    assert wrong.fix_text("en", catalog) == "Enter a whole number (unit: households)."


def test_english_dates_periods_kinds_and_outlier_scores():
    late = Issue.of(IssueCode.LATE_SUBMISSION, file="a.xlsx", received="25/07/2020", deadline="20/07/2020", days=5)
    assert late.text("en") == (
        "The file a.xlsx was received on 25 July 2020, after the deadline of 20 July 2020 (5 days late)."
    )
    period = Issue.of(IssueCode.PERIOD, file="a.xlsx", found="2019S2", period="2020S1",
                      period_label="6 tháng đầu năm 2020")  # fmt: skip
    assert period.text("en") == "The file a.xlsx gives the reporting period '2019S2', not 2020S1 (first half of 2020)."
    pdf = Issue.of(IssueCode.NOT_A_SPREADSHEET, file="a.pdf", kind="tệp PDF")
    assert pdf.text("en") == "The file a.pdf is a PDF file, not a spreadsheet."
    far = Issue.of(IssueCode.OUTLIER_HISTORY, file="a.xlsx", sheet="2_KinhTe", cell="E9", label="Gạo", found="1.200",
                   median="12,5", low="1", high="20", n=8, score_note=", điểm lệch 7,3")  # fmt: skip
    assert far.text("en").endswith(
        "the value 1,200 is far from the unit's earlier periods (median 12.5; usual range 1–20; "
        "8 figures compared, deviation score 7.3)."
    )


def test_a_catalog_rule_in_english_names_the_rule_its_expression_and_sides(catalog):
    rule = next(r for r in catalog.rules if r.id == "startup_within_households")
    issue = Issue.of(IssueCode.CATALOG_RULE, file="a.xlsx", sheet="2_KinhTe", cell="E19", rule=rule.id,
                     expression=rule.expression, rule_message=rule.message_vi.format(left="6", right="1.004"),
                     rule_fix="Kiểm tra lại hai số này.")  # fmt: skip
    assert issue.text("en", catalog) == (
        "Cell E19 (sheet 2_KinhTe): The catalog's rule startup_within_households is not met: "
        f"{rule.expression} (left side 6, right side 1,004)."
    )
    assert issue.fix_text("en", catalog) == "Check the figures."


def test_a_sentence_kept_as_text_is_read_back_from_its_code(catalog):
    assert english_text(IssueCode.SUPERSEDED_NEWER.message(kept="b.xlsx")) == "Replaced by the file b.xlsx, sent later."
    example = IssueCode.REQUIRED.message(cell="E10", sheet="2_KinhTe", label=catalog.label_vi("loan_amount"))
    assert english_text(IssueCode.FILE_HAS_ERRORS.message(count=2, example=example), catalog) == (
        '2 error(s), for example: Cell E10 (sheet 2_KinhTe) — "Amount lent": left blank, but the indicator is required.'
    )
    assert english_text("Ghi chú riêng của xã.") == "Ghi chú riêng của xã."
    by_hand = Issue(unit_code=None, file="a.xlsx", sheet=None, cell=None, indicator=None, value=None, rule="x",
                    severity=Severity.ERROR, message="Chưa nhận được báo cáo.", fix="Nhập số không âm.")  # fmt: skip
    assert (by_hand.text("en"), by_hand.fix_text("en")) == (
        "No report has been received.",
        "Enter a number that is not negative.",
    )


def test_a_refused_workbook_is_worded_in_english_from_its_fields():
    error = WorkbookError(IssueCode.ZIP_BOMB, file="x.xlsx", detail="tỉ lệ nén bất thường")
    issue = Issue.of(error.code, file=error.file, **error.fields)
    assert issue.text("en") == (
        "The file x.xlsx has an unusual compressed structure (an unusual compression ratio), so it was not opened."
    )


@pytest.mark.parametrize(
    ("helper", "vietnamese", "english"),
    [
        (english_number, "1.250,5", "1,250.5"),
        (english_number, "-7.896", "-7,896"),
        (english_number, "trống", "trống"),
        (english_day, "05/06/2020", "5 June 2020"),
        (english_day, "2020-06-05", "2020-06-05"),
        (english_period, "6 tháng cuối năm 2019", "second half of 2019"),
    ],
)
def test_the_english_helpers(helper, vietnamese, english):
    assert helper(vietnamese) == english


def test_the_location_in_both_languages():
    issue = Issue.of(IssueCode.FORMULA_NOT_TRUSTED, file="a.xlsx", sheet="2_KinhTe", cell="E9")
    assert issue.location() == "tệp a.xlsx, trang 2_KinhTe, ô E9"
    assert issue.location("en") == "file a.xlsx, sheet 2_KinhTe, cell E9"
