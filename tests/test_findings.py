"""Validation over all submissions at once, every failure located to its cells and
explained: what is wrong and what to do."""

from __future__ import annotations

import pytest

from pipeline.read.workbook import read_submission
from pipeline.spec.catalog import Severity
from pipeline.spec.periods import Period
from pipeline.validate.findings import validate


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


def test_required_blank_is_an_error_at_its_cell(check, make_submission, catalog):
    path = make_submission("23380", {"loan_households": None})
    [issue] = check(path)
    assert rows([issue]) == [("23380", "23380.xlsx", "2_KinhTe", "E9", "loan_households", "required", "error")]
    assert (
        issue.message
        == 'Ô E9 (trang 2_KinhTe) — "Số hộ được giải quyết cho vay vốn": để trống nhưng là chỉ tiêu bắt buộc.'
    )
    assert issue.fix == "Nhập số liệu; ghi 0 nếu thực tế bằng không (ô trống không được hiểu là 0)."
    assert issue.related == (("2_KinhTe", "E9"),)
    assert issue.file_sha256 == read_submission(path, catalog).sha256


def test_commune_only_indicators_are_not_required_from_the_district(check, make_submission):
    assert check(make_submission("611")) == []


def test_optional_blank_is_fine(check, make_submission):
    assert check(make_submission("23380", {"maternal_deaths": None, "new_jobs.female": None})) == []


def test_type_error_is_reported_once(check, make_submission):
    [issue] = check(make_submission("23380", {"loan_households": "nhiều"}))
    assert (issue.rule, issue.cell, issue.value) == ("type", "E9", "nhiều")
    assert issue.message == (
        "Ô E9 (trang 2_KinhTe) — \"Số hộ được giải quyết cho vay vốn\": giá trị 'nhiều' không phải số nguyên."
    )
    assert issue.fix == "Nhập số nguyên (đơn vị: hộ)."


def test_negative_number(check, make_submission):
    [issue] = check(make_submission("23380", {"rice_kg": -5}))
    assert (issue.rule, issue.indicator, issue.severity) == ("non_negative", "rice_kg", Severity.ERROR)
    assert issue.message.endswith("giá trị -5 là số âm.") and issue.fix == "Nhập số không âm."


def test_part_greater_than_whole(check, make_submission):
    [issue] = check(make_submission("23380", {"loan_households": 10, "loan_households.ethnic_minority": 12}))
    assert (issue.rule, issue.cell, issue.indicator) == ("part_le_whole", "G9", "loan_households.ethnic_minority")
    assert issue.message == (
        'Ô G9 (trang 2_KinhTe): Số "Số hộ được giải quyết cho vay vốn (DTTS)" (12) lớn hơn "Tổng số" (10).'
    )
    assert issue.expression == "loan_households.ethnic_minority <= loan_households"
    assert issue.related == (("2_KinhTe", "G9"), ("2_KinhTe", "E9"))


def test_numerator_greater_than_denominator(check, make_submission):
    [issue] = check(
        make_submission(
            "23380",
            {"em_literate": 3000, "em_literate.female": 1000, "em_population": 2000, "em_literacy_rate_reported": None},
        )
    )
    assert (issue.rule, issue.indicator) == ("numerator_le_denominator", "em_literate")
    assert issue.message == (
        'Ô E11 (trang 3_GiaoDuc): Tử số (3.000) lớn hơn mẫu số (2.000) nên tỷ lệ "Tỷ lệ người DTTS biết chữ" vượt 100%.'
    )


def test_catalog_rule_with_warning_severity(check, make_submission, good_values):
    [issue] = check(make_submission("23380", {"startup_loan_women": 30, "startup_loan_amount": 1500}))
    assert (issue.rule, issue.severity) == ("startup_within_households", Severity.WARNING)
    households = good_values["23380"]["loan_households"]
    assert issue.message == (
        f"Ô E19 (trang 2_KinhTe): Số chị em vay khởi nghiệp (30) lớn hơn tổng số hộ được vay vốn ({households})."
    )
    assert issue.related == (("2_KinhTe", "E19"), ("2_KinhTe", "E9"))
    assert issue.fix == "Kiểm tra lại hai số này; nếu đúng thì ghi giải thích vào cột Ghi chú."
    assert issue.expression == "startup_loan_women <= loan_households"


def test_compulsory_pair(check, make_submission):
    [issue] = check(make_submission("23380", {"loan_women_need": None}))
    assert (issue.rule, issue.severity, issue.cell) == ("preferential_loan_pair", Severity.WARNING, "E22")
    assert issue.related == (("2_KinhTe", "E22"), ("2_KinhTe", "E21"))
    assert check(make_submission("23380", {"loan_women_need": None, "loan_women_granted": None})) == []


def test_never_skip_rule_fires_on_a_blank(check, make_submission):
    issues = check(
        make_submission("23380", {"domestic_violence_cases": 2, "dv_victims": None, "dv_victims.female": None})
    )
    [issue] = [i for i in issues if i.rule == "dv_cases_have_victims"]
    assert issue.message.endswith("Có 2 vụ bạo lực gia đình nhưng số nạn nhân được phát hiện là 0.")


def test_skip_if_any_missing_rule_is_silent_on_a_blank(check, make_submission):
    issues = check(
        make_submission("23380", {"children_abused": 5, "children_abused.female": 0, "children_under16": None})
    )
    assert "abused_children_within_children" not in {i.rule for i in issues}


def test_information_rule(check, make_submission):
    [issue] = check(make_submission("23380", {"births_registered_on_time": 500}))
    assert (issue.rule, issue.severity) == ("births_registered_within_births", Severity.INFO)


def test_typed_percentage_must_agree_with_own_parts(check, make_submission, good_values):
    own = good_values["23380"]
    rate = round(own["literacy_l1_literate"] / own["literacy_l1_population"] * 100, 1)
    assert check(make_submission("23380", {"literacy_l1_rate_reported": rate})) == []
    [issue] = check(make_submission("23380", {"literacy_l1_rate_reported": rate + 1.5}))
    assert (issue.rule, issue.severity, issue.indicator) == (
        "reported_rate",
        Severity.WARNING,
        "literacy_l1_rate_reported",
    )
    shown = f"{rate + 1.5:.1f}".replace(".", ",")
    assert f"Tỷ lệ xã tự tính ({shown}%) không khớp với tỷ lệ tính từ số liệu của xã (" in issue.message


def test_wrong_period(check, make_submission):
    [issue] = check(make_submission("23380"), at=Period(2020, 2))
    assert rows([issue]) == [("23380", "23380.xlsx", "_meta", "B6", None, "period", "error")]
    assert issue.message == "Tệp 23380.xlsx ghi kỳ báo cáo '2020S1', không phải kỳ 2020S2 (6 tháng cuối năm 2020)."
    assert issue.fix == "Dùng biểu mẫu của kỳ 2020S2."


def test_unknown_unit_and_outdated_template(check, make_submission):
    issues = check(make_submission("23380", meta={"unit_code": "99999", "template_version": "2019.1"}))
    assert sorted(i.rule for i in issues) == ["known_unit", "template_version"]
    known = next(i for i in issues if i.rule == "known_unit")
    assert known.message == "Mã đơn vị '99999' trong tệp 23380.xlsx không thuộc danh mục đơn vị của Huyện Ngọc Hồi."
    assert known.fix == "Dùng biểu mẫu riêng của đơn vị mình (đã ghi sẵn mã đơn vị)."


def test_formula_in_required_cell_says_so(check, make_submission):
    issues = check(make_submission("23380", {"loan_amount": "=SUM(1,2)"}))
    assert [i.rule for i in issues] == ["formula_not_trusted", "required_formula"]
    assert "ô chứa công thức nên không được tính" in issues[1].message


def test_failures_are_attributed_to_the_right_file(check, make_submission):
    good = make_submission("23377")
    bad = make_submission("23380", {"rice_kg": -1})
    [issue] = check(good, bad)
    assert (issue.unit_code, issue.file) == ("23380", "23380.xlsx")


def test_an_empty_form_is_refused_once(check, make_submission):
    [issue] = check(make_submission("23380", replace=True))
    assert (issue.rule, issue.severity, issue.cell) == ("empty_submission", Severity.ERROR, None)
    assert issue.message == "Biểu mẫu trong tệp 23380.xlsx chưa có số liệu nào."


def test_an_earlier_accepted_template_version_passes(check, make_submission):
    assert check(make_submission("23380", meta={"template_version": "2019.2"})) == []


def test_a_deleted_required_row_is_named_by_its_code(check, make_submission, tmp_path):
    import openpyxl

    wb = openpyxl.load_workbook(make_submission("23380"))
    ws = wb["2_KinhTe"]
    ws.delete_rows(next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 3).value == "loan_households"))
    wb.save(tmp_path / "thieu_dong.xlsx")
    issues = [i for i in check(tmp_path / "thieu_dong.xlsx") if i.indicator == "loan_households"]
    [issue] = [i for i in issues if i.rule == "missing_row"]
    assert (issue.sheet, issue.cell, issue.related, issue.severity) == (None, None, (), Severity.ERROR)
    assert issue.message == (
        "Không tìm thấy dòng có mã chỉ tiêu loan_households (Số hộ được giải quyết cho vay vốn) "
        "trong tệp thieu_dong.xlsx."
    )
    assert issue.fix == "Dùng đúng biểu mẫu, không xóa dòng có mã này."


def test_a_formula_in_a_required_cell_has_its_own_wording(check, make_submission):
    [_, issue] = check(make_submission("23380", {"loan_amount": "=SUM(1,2)"}))
    assert issue.message.startswith("Ô E10 (trang 2_KinhTe) — ")
    assert issue.message.endswith(
        ": ô chứa công thức nên không được tính (coi như để trống), nhưng đây là chỉ tiêu bắt buộc."
    )
    assert (issue.fix, issue.severity) == ("Nhập trực tiếp con số thay cho công thức.", Severity.ERROR)
