"""Validation over all submissions at once, with every failure located to its cell."""

from __future__ import annotations

import pytest

from pipeline.catalog import Severity
from pipeline.periods import Period
from pipeline.reader import read_submission
from pipeline.validation import validate


@pytest.fixture
def check(catalog, registry, period, validator):
    def run(*paths, at: Period | None = None):
        subs = [read_submission(p, catalog) for p in paths]
        return validate(subs, catalog, registry, at or period, validator)

    return run


def rows(issues):
    return [(i.unit_code, i.file, i.sheet, i.cell, i.indicator, i.rule, i.severity.value) for i in issues]


def test_valid_submissions_have_no_issues(check, make_submission):
    paths = [make_submission(code) for code in ("611", "23377", "23380")]
    assert check(*paths) == []


def test_required_blank_is_an_error_at_its_cell(check, make_submission):
    [issue] = check(make_submission("23380", {"loan_households": None}))
    assert rows([issue]) == [("23380", "23380.xlsx", "2_KinhTe", "E9", "loan_households", "required", "error")]
    assert issue.message == (
        'Ô E9 (trang 2_KinhTe) — "Số hộ được giải quyết cho vay vốn": để trống nhưng là chỉ '
        "tiêu bắt buộc. Hãy nhập số liệu (ghi 0 nếu thực tế bằng không) và gửi lại."
    )


def test_commune_only_indicators_are_not_required_from_the_district(check, make_submission):
    assert check(make_submission("611")) == []


def test_optional_blank_is_fine(check, make_submission):
    assert check(make_submission("23380", {"maternal_deaths": None, "new_jobs.female": None})) == []


def test_type_error_is_reported_once(check, make_submission):
    [issue] = check(make_submission("23380", {"loan_households": "nhiều"}))
    assert (issue.rule, issue.cell, issue.value) == ("type", "E9", "nhiều")
    assert issue.message == (
        "Ô E9 (trang 2_KinhTe) — \"Số hộ được giải quyết cho vay vốn\": giá trị 'nhiều' không "
        "phải số nguyên. Hãy nhập số nguyên (đơn vị: hộ)."
    )


def test_negative_number(check, make_submission):
    [issue] = check(make_submission("23380", {"rice_kg": -5}))
    assert (issue.rule, issue.indicator, issue.severity) == ("non_negative", "rice_kg", Severity.ERROR)
    assert issue.message.endswith("giá trị -5 là số âm. Hãy nhập số không âm.")


def test_part_greater_than_whole(check, make_submission):
    [issue] = check(make_submission("23380", {"loan_households": 10, "loan_households.ethnic_minority": 12}))
    assert (issue.rule, issue.cell, issue.indicator) == ("part_le_whole", "G9", "loan_households.ethnic_minority")
    assert issue.message == (
        'Ô G9 (trang 2_KinhTe): Số "Số hộ được giải quyết cho vay vốn (DTTS)" (12) lớn hơn '
        '"Tổng số" (10). Hãy kiểm tra lại số liệu.'
    )


def test_numerator_greater_than_denominator(check, make_submission):
    [issue] = check(make_submission("23380", {"em_literate": 3000, "em_literate.female": 1000, "em_population": 2000}))
    assert (issue.rule, issue.indicator) == ("numerator_le_denominator", "em_literate")
    assert 'nên tỷ lệ "Tỷ lệ người DTTS biết chữ" vượt 100%.' in issue.message


def test_catalog_rule_with_warning_severity(check, make_submission):
    [issue] = check(make_submission("23380", {"startup_loan_women": 30, "startup_loan_amount": 1500}))
    assert (issue.rule, issue.severity) == ("startup_within_households", Severity.WARNING)
    assert "Số chị em vay khởi nghiệp lớn hơn tổng số hộ được vay vốn" in issue.message


def test_wrong_period(check, make_submission):
    [issue] = check(make_submission("23380"), at=Period(2020, 2))
    assert rows([issue]) == [("23380", "23380.xlsx", "_meta", "B6", None, "period", "error")]
    assert issue.message == (
        "Tệp 23380.xlsx ghi kỳ báo cáo '2020S1', không phải kỳ 2020S2 (6 tháng cuối năm "
        "2020). Hãy dùng biểu mẫu của kỳ 2020S2."
    )


def test_unknown_unit_and_outdated_template(check, make_submission):
    issues = check(make_submission("23380", meta={"unit_code": "99999", "template_version": "2019.1"}))
    assert sorted(i.rule for i in issues) == ["known_unit", "template_version"]
    known = next(i for i in issues if i.rule == "known_unit")
    assert known.message == (
        "Mã đơn vị '99999' trong tệp 23380.xlsx không thuộc danh mục đơn vị của Huyện Ngọc "
        "Hồi. Hãy dùng biểu mẫu riêng của đơn vị mình (có sẵn mã đơn vị)."
    )


def test_formula_in_required_cell_says_so(check, make_submission):
    issues = check(make_submission("23380", {"loan_amount": "=SUM(1,2)"}))
    assert [i.rule for i in issues] == ["formula_not_trusted", "required"]
    assert "ô chứa công thức nên không được tính" in issues[1].message


def test_failures_are_attributed_to_the_right_file(check, make_submission):
    good = make_submission("23377")
    bad = make_submission("23380", {"rice_kg": -1})
    [issue] = check(good, bad)
    assert (issue.unit_code, issue.file) == ("23380", "23380.xlsx")
