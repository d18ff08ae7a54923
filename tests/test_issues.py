"""An Issue is made from its code with keywords only: the wording is the code's, the
location fills the templates, and a wrong call fails at once."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.errors import WorkbookError
from pipeline.issues.codes import IssueCode
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
