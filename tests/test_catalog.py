"""The catalog: what the district report needs is declared, and broken catalogs are refused."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.errors import ConfigError
from pipeline.spec.catalog import DEFAULT_CATALOG_PATH, ValueType, check_catalog, load_catalog
from pipeline.spec.periods import Period

REPORT_INDICATORS = {
    "loan_households": "hộ",
    "loan_amount": "triệu đồng",
    "savings_mobilised": "triệu đồng",
    "interest_free_loan_women": "người",
    "interest_free_loan_amount": "đồng",
    "mutual_help_workdays": "ngày công",
    "rice_kg": "kg",
    "firewood_bundles": "bó",
    "breeding_animals": "con",
    "clothes_sets": "bộ",
    "startup_loan_women": "người",
    "startup_loan_amount": "triệu đồng",
    "literacy_l1_literate": "người",
    "literacy_l1_population": "người",
    "em_literate": "người",
    "em_population": "người",
    "staff_dedicated": "người",
    "staff_concurrent": "người",
    "budget_allocated": "đồng",
    "donation_amount": "triệu đồng",
    "mutual_help_models": "mô hình",
    "green_village_model": "Có/Không",
    "domestic_violence_cases": "vụ",
}


@pytest.mark.parametrize(("code", "unit"), sorted(REPORT_INDICATORS.items()))
def test_report_indicator_exists_with_its_unit(catalog, code, unit):
    assert catalog.indicator(code).unit == unit
    assert catalog.unit_of(code) == unit


def test_literacy_rates_are_ratios_of_the_typed_figures(catalog):
    l1 = catalog.derived_by_code("literacy_l1_rate")
    assert (l1.kind, l1.numerator, l1.denominator) == ("ratio", ("literacy_l1_literate",), ("literacy_l1_population",))
    em = catalog.derived_by_code("em_literacy_rate")
    assert (em.kind, em.numerator, em.denominator) == ("ratio", ("em_literate",), ("em_population",))
    assert l1.unit == em.unit == "%"
    assert l1.scale == em.scale == 100.0
    assert l1.decimals == 1


def test_staff_coverage_rate_is_coverage_of_dedicated_or_concurrent(catalog):
    cov = catalog.derived_by_code("staff_coverage_rate")
    assert cov.kind == "coverage"
    assert cov.of == ("staff_dedicated", "staff_concurrent")
    assert catalog.unit_of("staff_coverage_rate") == "%"


def test_budget_is_reported_by_district_and_communes(catalog):
    assert catalog.indicator("budget_allocated").levels == ("district", "commune")
    assert catalog.indicator("loan_households").levels == ("commune",)


def test_green_village_model_is_a_boolean_counted(catalog):
    ind = catalog.indicator("green_village_model")
    assert ind.type is ValueType.BOOLEAN
    assert ind.aggregation == "count_true"


def test_numbers_sum_and_money_in_million_is_decimal(catalog):
    assert catalog.indicator("loan_households").aggregation == "sum"
    assert catalog.indicator("loan_households").type is ValueType.INTEGER
    assert catalog.indicator("loan_amount").type is ValueType.DECIMAL


def test_strategy_2011_2020_has_seven_goals_and_22_targets(catalog):
    strategy = catalog.strategy_for(Period(2020, 1))
    assert strategy is not None
    assert strategy.id == "2011-2020"
    assert [g.code for g in strategy.goals] == ["1", "2", "3", "4", "5", "6", "7"]
    assert len(strategy.targets) == 22
    per_goal = Counter(t.goal for t in strategy.targets)
    assert [per_goal[g.code] for g in strategy.goals] == [3, 4, 2, 4, 2, 3, 4]


def test_strategy_for_picks_by_year(catalog):
    assert catalog.strategy_for(Period(2011, 1)).id == "2011-2020"
    assert catalog.strategy_for(Period(2020, 2)).id == "2011-2020"
    assert catalog.strategy_for(Period(2021, 1)).id == "2021-2030"
    assert catalog.strategy_for(Period(2022, 1)).id == "2021-2030"
    assert catalog.strategy_for(Period(2010, 2)) is None
    assert catalog.strategy_for(Period(2031, 1)) is None


def test_target_goal_is_the_code_prefix(catalog):
    target = next(t for t in catalog.strategy_for(Period(2020, 1)).targets if t.code == "7.2")
    assert target.goal == "7"
    assert target.indicator == "staff_coverage_rate"


def test_field_codes_contain_disaggregated_parts_in_form_order(catalog):
    fields = catalog.field_codes()
    assert "new_jobs.female" in fields
    assert fields.index("new_jobs") + 1 == fields.index("new_jobs.female")
    assert fields[:2] == ["staff_dedicated", "staff_dedicated.female"]
    assert "literacy_l1_rate" not in fields
    assert len(fields) == len(set(fields))
    assert catalog.indicator("children_under16").field_codes() == [
        "children_under16",
        "children_under16.female",
        "children_under16.ethnic_minority",
    ]


def test_label_vi_of_disaggregated_and_derived_codes(catalog):
    assert catalog.label_vi("new_jobs") == "Số người được tạo việc làm mới"
    assert catalog.label_vi("new_jobs.female") == "Số người được tạo việc làm mới (Nữ)"
    assert catalog.label_vi("loan_households.ethnic_minority") == "Số hộ được giải quyết cho vay vốn (DTTS)"
    assert catalog.label_vi("literacy_l1_rate") == "Tỷ lệ biết chữ mức độ 1"
    assert catalog.base_indicator("new_jobs.female").code == "new_jobs"


def test_unknown_codes_raise_key_error(catalog):
    with pytest.raises(KeyError):
        catalog.indicator("nope")
    with pytest.raises(KeyError):
        catalog.derived_by_code("nope")
    with pytest.raises(KeyError):
        catalog.disaggregation("male")


def test_appendix_columns_of_the_report(catalog):
    tables = {t.id: t for t in catalog.appendix}
    assert tables["PL02"].columns == (
        "literacy_l1_literate",
        "literacy_l1_population",
        "literacy_l1_rate",
        "em_literate",
        "em_population",
        "em_literacy_rate",
    )
    assert tables["PL04"].kind == "targets"
    assert tables["PL04"].columns == ()


def test_bundled_catalog_passes_its_own_check(catalog):
    check_catalog(catalog)
    assert load_catalog(DEFAULT_CATALOG_PATH) == catalog


# --- broken copies of the bundled file --------------------------------------------------


def bundled() -> dict[str, Any]:
    return yaml.safe_load(DEFAULT_CATALOG_PATH.read_text(encoding="utf-8"))


def save(tmp_path: Path, raw: dict[str, Any]) -> Path:
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def indicator_entry(raw: dict[str, Any], code: str) -> dict[str, Any]:
    return next(i for s in raw["sections"] for i in s["indicators"] if i["code"] == code)


def refusal(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_catalog(path)
    return info.value


def test_unbroken_copy_loads(tmp_path, catalog):
    assert load_catalog(save(tmp_path, bundled())) == catalog


def test_duplicate_indicator_code(tmp_path):
    raw = bundled()
    raw["sections"][1]["indicators"].append(dict(indicator_entry(raw, "loan_households")))
    err = refusal(save(tmp_path, raw))
    assert str(err) == "Mã chỉ tiêu bị trùng trong danh mục: loan_households"


def test_derived_code_equal_to_an_indicator_code(tmp_path):
    raw = bundled()
    raw["derived"][0]["code"] = "rice_kg"
    err = refusal(save(tmp_path, raw))
    assert str(err) == "Mã chỉ tiêu bị trùng trong danh mục: rice_kg"


def test_derived_referencing_an_unknown_code(tmp_path):
    raw = bundled()
    raw["derived"][0]["denominator"] = ["literacy_l1_populaton"]
    err = refusal(save(tmp_path, raw))
    assert str(err) == "Chỉ tiêu tính toán literacy_l1_rate tham chiếu mã không có: literacy_l1_populaton"
    assert err.key == "literacy_l1_rate"


def test_derived_of_unknown_kind(tmp_path):
    raw = bundled()
    raw["derived"][0]["kind"] = "average"
    err = refusal(save(tmp_path, raw))
    assert str(err) == "Chỉ tiêu tính toán literacy_l1_rate: loại 'average' hoặc thành phần không hợp lệ."


def test_rule_with_unknown_operator(tmp_path):
    raw = bundled()
    raw["rules"][0]["op"] = "=<"
    err = refusal(save(tmp_path, raw))
    assert str(err) == "Quy tắc startup_within_households: phép so sánh '=<' không hỗ trợ."
    assert err.key == "startup_within_households"


def test_rule_referencing_an_unknown_code(tmp_path):
    raw = bundled()
    raw["rules"][0]["right"] = "loan_household * 2"
    err = refusal(save(tmp_path, raw))
    assert str(err) == "Quy tắc startup_within_households tham chiếu mã không có: loan_household"


def test_rule_with_an_expression_that_is_not_arithmetic(tmp_path):
    raw = bundled()
    raw["rules"][0]["right"] = "__import__('os')"
    err = refusal(save(tmp_path, raw))
    assert str(err) == (
        "Quy tắc startup_within_households: biểu thức '__import__('os')' không hợp lệ (__import__('os'))."
    )


def test_appendix_column_unknown(tmp_path):
    raw = bundled()
    raw["appendix"][0]["columns"].append("rice_tonnes")
    err = refusal(save(tmp_path, raw))
    assert str(err) == "Phụ lục PL01 có cột không có trong danh mục: rice_tonnes"
    assert err.key == "PL01"


def test_unknown_disaggregation(tmp_path):
    raw = bundled()
    indicator_entry(raw, "new_jobs")["disaggregations"] = ["female", "youth"]
    err = refusal(save(tmp_path, raw))
    assert str(err) == "Chỉ tiêu new_jobs: phân tổ 'youth' chưa được khai báo."
    assert err.key == "new_jobs"


def test_unsupported_aggregation(tmp_path):
    raw = bundled()
    indicator_entry(raw, "rice_kg")["aggregation"] = "mean"
    err = refusal(save(tmp_path, raw))
    assert str(err) == "Chỉ tiêu rice_kg: cách tổng hợp 'mean' không hỗ trợ."


def test_duplicate_sheet_name(tmp_path):
    raw = bundled()
    raw["sections"][1]["sheet"] = raw["sections"][0]["sheet"]
    err = refusal(save(tmp_path, raw))
    assert str(err) == "Tên trang tính của các phần trong danh mục bị trùng."


def test_target_referencing_an_unknown_code(tmp_path):
    raw = bundled()
    raw["strategies"][0]["targets"][0]["indicator"] = "female_rate"
    err = refusal(save(tmp_path, raw))
    assert str(err) == "Chỉ tiêu chiến lược 1.1 tham chiếu mã không có: female_rate"


def test_summary_sentence_with_unknown_code(tmp_path):
    raw = bundled()
    raw["summary"][-1]["text"] = "Ủng hộ {donations} triệu đồng."
    err = refusal(save(tmp_path, raw))
    assert str(err) == 'Câu tóm tắt "Vận động ủng hộ" dùng mã không có: donations'


def test_missing_field(tmp_path):
    raw = bundled()
    del indicator_entry(raw, "loan_amount")["unit"]
    path = save(tmp_path, raw)
    err = refusal(path)
    assert str(err) == f"Tệp danh mục chỉ tiêu {path} thiếu hoặc sai trường: 'unit'"
    assert err.file == str(path)


def test_unknown_value_type(tmp_path):
    raw = bundled()
    indicator_entry(raw, "loan_amount")["type"] = "money"
    path = save(tmp_path, raw)
    err = refusal(path)
    assert str(err) == f"Tệp danh mục chỉ tiêu {path} thiếu hoặc sai trường: 'money' is not a valid ValueType"


def test_missing_file(tmp_path):
    path = tmp_path / "absent.yaml"
    err = refusal(path)
    assert str(err) == f"Không tìm thấy tệp danh mục chỉ tiêu: {path}"
    assert err.exit_code == 2


def test_bad_yaml(tmp_path):
    text = "dataset: {id: x\nsections: [\n"
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(yaml.YAMLError) as parse_info:
        yaml.safe_load(text)
    err = refusal(path)
    assert str(err) == f"Tệp danh mục chỉ tiêu {path} sai cú pháp YAML: {parse_info.value}"


def test_target_with_unknown_operator_is_refused(tmp_path):
    raw = bundled()
    raw["strategies"][0]["targets"][0]["op"] = "=>"
    with pytest.raises(ConfigError, match=r"1\.1.*'=>'"):
        load_catalog(save(tmp_path, raw))


def test_ratio_without_denominator_is_refused(tmp_path):
    raw = bundled()
    raw["derived"][0]["denomintor"] = raw["derived"][0].pop("denominator")
    err = refusal(save(tmp_path, raw))
    assert str(err) == "Chỉ tiêu tính toán literacy_l1_rate: loại 'ratio' hoặc thành phần không hợp lệ."
