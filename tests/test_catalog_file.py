"""The catalog: what the district report needs is declared, and broken catalogs are refused."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.errors import ConfigError, UsageError
from pipeline.spec.catalog import DEFAULT_CATALOG_PATH, ValueType
from pipeline.spec.catalog_file import check as check_catalog
from pipeline.spec.catalog_file import load_catalog
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


def refused_with(tmp_path: Path, raw: dict[str, Any]) -> str:
    path = save(tmp_path, raw)
    err = refusal(path)
    assert err.file == str(path)
    assert err.exit_code == 2
    return str(err)


# --- the schema: unknown keys, missing keys, closed choices, types ----------------------


def test_misspelt_key_is_refused_not_read_as_a_default(tmp_path):
    raw = bundled()
    raw["sections"][1]["indicators"][0]["requird"] = raw["sections"][1]["indicators"][0].pop("required")
    assert refused_with(tmp_path, raw) == "catalog.yaml: sections[1].indicators[0]: không có trường 'requird'"


def test_misspelt_rule_key_names_the_missing_and_the_unknown_key(tmp_path):
    raw = bundled()
    raw["rules"][0]["severty"] = raw["rules"][0].pop("severity")
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: rules[0]: thiếu trường 'severity'\ncatalog.yaml: rules[0]: không có trường 'severty'"
    )


def test_missing_field(tmp_path):
    raw = bundled()
    del indicator_entry(raw, "loan_amount")["unit"]
    path = save(tmp_path, raw)
    err = refusal(path)
    assert str(err) == "catalog.yaml: sections[1].indicators[1]: thiếu trường 'unit'"
    assert err.file == str(path)
    assert err.key == "sections[1].indicators[1]"


def test_unknown_value_type(tmp_path):
    raw = bundled()
    indicator_entry(raw, "loan_amount")["type"] = "money"
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: sections[1].indicators[1].type: giá trị 'money' không hợp lệ, "
        "chỉ nhận: integer, decimal, boolean"
    )


def test_unsupported_aggregation(tmp_path):
    raw = bundled()
    indicator_entry(raw, "rice_kg")["aggregation"] = "mean"
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: sections[1].indicators[6].aggregation: giá trị 'mean' không hợp lệ, "
        "chỉ nhận: sum, count_true, none"
    )


def test_unknown_severity(tmp_path):
    raw = bundled()
    raw["rules"][0]["severity"] = "sometimes"
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: rules[0].severity: giá trị 'sometimes' không hợp lệ, chỉ nhận: error, warning, information"
    )


def test_unknown_missing_strategy(tmp_path):
    raw = bundled()
    raw["rules"][3]["missing"] = "skip"
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: rules[3].missing: giá trị 'skip' không hợp lệ, "
        "chỉ nhận: skip_if_any_missing, skip_if_all_missing, never_skip"
    )


def test_rule_with_unknown_operator(tmp_path):
    raw = bundled()
    raw["rules"][0]["op"] = "=<"
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: rules[0].op: giá trị '=<' không hợp lệ, "
        "chỉ nhận: ==, !=, <, <=, >, >=, compulsory_pair, exclusive_pair"
    )


def test_target_with_unknown_operator(tmp_path):
    raw = bundled()
    raw["strategies"][0]["targets"][0]["op"] = "=>"
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: strategies[0].targets[0].op: giá trị '=>' không hợp lệ, chỉ nhận: <, <=, >, >=, =="
    )


def test_derived_of_unknown_kind(tmp_path):
    raw = bundled()
    raw["derived"][0]["kind"] = "average"
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: derived[0].kind: giá trị 'average' không hợp lệ, chỉ nhận: ratio, coverage"
    )


def test_appendix_of_unknown_kind(tmp_path):
    raw = bundled()
    raw["appendix"][3]["kind"] = "by_target"
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: appendix[3].kind: giá trị 'by_target' không hợp lệ, chỉ nhận: by_unit, targets"
    )


def test_wrong_types_are_named(tmp_path):
    raw = bundled()
    raw["strategies"][0]["first_year"] = "soon"
    raw["strategies"][0]["targets"][0]["value"] = "many"
    indicator_entry(raw, "rice_kg")["required"] = "maybe"
    raw["sections"][0]["indicators"] = "staff_dedicated"
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: sections[0].indicators: phải là danh sách\n"
        "catalog.yaml: sections[1].indicators[6].required: phải là true hoặc false\n"
        "catalog.yaml: strategies[0].first_year: phải là số nguyên\n"
        "catalog.yaml: strategies[0].targets[0].value: phải là số"
    )


def test_blank_level_is_refused(tmp_path):
    raw = bundled()
    indicator_entry(raw, "rice_kg")["levels"] = [" "]
    assert refused_with(tmp_path, raw) == "catalog.yaml: sections[1].indicators[6].levels[0]: không được để trống"


def test_a_bare_code_is_a_list_of_one(tmp_path, catalog):
    raw = bundled()
    indicator_entry(raw, "rice_kg")["levels"] = "commune"
    assert load_catalog(save(tmp_path, raw)) == catalog


def test_many_problems_show_five_and_count_the_rest(tmp_path):
    raw = bundled()
    for item in raw["sections"][1]["indicators"]:
        item["requird"] = True
    lines = refused_with(tmp_path, raw).splitlines()
    assert lines == [
        *(f"catalog.yaml: sections[1].indicators[{k}]: không có trường 'requird'" for k in range(5)),
        f"catalog.yaml: còn {len(raw['sections'][1]['indicators']) - 5} lỗi khác.",
    ]


def test_ratio_without_denominator_is_refused(tmp_path):
    raw = bundled()
    raw["derived"][0]["denomintor"] = raw["derived"][0].pop("denominator")
    assert refused_with(tmp_path, raw) == "catalog.yaml: derived[0]: không có trường 'denomintor'"


# --- cross-references -------------------------------------------------------------------


def test_duplicate_indicator_code(tmp_path):
    raw = bundled()
    raw["sections"][1]["indicators"].append(dict(indicator_entry(raw, "loan_households")))
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: sections[1].indicators[17].code: mã 'loan_households' bị trùng "
        "với sections[1].indicators[0].code"
    )


def test_derived_code_equal_to_an_indicator_code(tmp_path):
    raw = bundled()
    raw["derived"][7]["code"] = "rice_kg"  # birth_registration_rate, named nowhere else
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: derived[7].code: mã 'rice_kg' bị trùng với sections[1].indicators[6].code"
    )


def test_derived_referencing_an_unknown_code(tmp_path):
    raw = bundled()
    raw["derived"][0]["denominator"] = ["literacy_l1_populaton"]
    path = save(tmp_path, raw)
    err = refusal(path)
    assert str(err) == "catalog.yaml: derived[0].denominator[0]: mã 'literacy_l1_populaton' không có trong danh mục"
    assert err.key == "derived[0].denominator[0]"


def test_ratio_of_a_derived_code_is_refused(tmp_path):
    raw = bundled()
    raw["derived"][0]["numerator"] = ["em_literacy_rate"]
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: derived[0].numerator[0]: mã 'em_literacy_rate' là chỉ tiêu tính toán, "
        "ở đây chỉ dùng được chỉ tiêu nhập"
    )


def test_coverage_without_its_inputs_and_with_a_numerator(tmp_path):
    raw = bundled()
    raw["derived"][2]["numerator"] = raw["derived"][2].pop("of")
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: derived[2].numerator: loại 'coverage' không dùng trường này\n"
        "catalog.yaml: derived[2]: thiếu trường 'of' (loại 'coverage' cần of)"
    )


def test_rule_referencing_an_unknown_code(tmp_path):
    raw = bundled()
    raw["rules"][2]["left"] = "loan_housholds"
    assert refused_with(tmp_path, raw) == "catalog.yaml: rules[2].left: mã 'loan_housholds' không có trong danh mục"


def test_rule_with_an_expression_that_is_not_arithmetic(tmp_path):
    raw = bundled()
    raw["rules"][0]["right"] = "__import__('os')"
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: rules[0].right: biểu thức '__import__('os')' không hợp lệ (__import__('os'))"
    )


def test_appendix_column_unknown(tmp_path):
    raw = bundled()
    raw["appendix"][0]["columns"].append("rice_tonnes")
    assert (
        refused_with(tmp_path, raw) == "catalog.yaml: appendix[0].columns[14]: mã 'rice_tonnes' không có trong danh mục"
    )


def test_unknown_disaggregation(tmp_path):
    raw = bundled()
    indicator_entry(raw, "new_jobs")["disaggregations"] = ["female", "youth"]
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: sections[1].indicators[14].disaggregations[1]: phân tổ 'youth' chưa được khai báo "
        "trong disaggregations"
    )


def test_duplicate_sheet_name(tmp_path):
    raw = bundled()
    raw["sections"][1]["sheet"] = raw["sections"][0]["sheet"]
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: sections[1].sheet: tên trang tính '1_BoMay' bị trùng với sections[0].sheet"
    )


def test_target_referencing_an_unknown_code(tmp_path):
    raw = bundled()
    raw["strategies"][0]["targets"][0]["indicator"] = "female_rate"
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: strategies[0].targets[0].indicator: mã 'female_rate' không có trong danh mục"
    )


def test_summary_sentence_with_unknown_code(tmp_path):
    raw = bundled()
    raw["summary"][-1]["text"] = "Ủng hộ {donations} triệu đồng."
    last = len(raw["summary"]) - 1
    assert refused_with(tmp_path, raw) == f"catalog.yaml: summary[{last}].text: mã 'donations' không có trong danh mục"


def test_summary_levels_and_level_nouns_must_name_reporting_levels(tmp_path):
    raw = bundled()
    raw["summary"][0]["levels"] = ["ward"]
    raw["summary"][-1]["text"] = "Các {noun.huyen} ủng hộ {donation_amount} triệu đồng."
    last = len(raw["summary"]) - 1
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: summary[0].levels[0]: cấp 'ward' không có chỉ tiêu nào báo cáo\n"
        f"catalog.yaml: summary[{last}].text: '{{noun.huyen}}': cấp 'huyen' không có chỉ tiêu nào báo cáo"
    )


def test_only_an_item_for_some_levels_may_share_its_id(tmp_path):
    raw = bundled()
    raw["summary"][1]["id"] = raw["summary"][0]["id"]
    assert "summary[1].id: mã câu tóm tắt 'economy' bị trùng" in refused_with(tmp_path, raw)
    raw = bundled()
    raw["summary"][0]["levels"] = ["commune"]  # an alternative for some levels: the id may recur
    raw["summary"][1]["id"] = raw["summary"][0]["id"]
    catalog = load_catalog(save(tmp_path, raw))
    assert [item.id for item in catalog.summary[:2]] == ["economy", "economy"]


def test_summary_with_unknown_zero_code_and_unbalanced_braces(tmp_path):
    raw = bundled()
    raw["summary"][3]["zero_code"] = "dv_cases"
    raw["summary"][3]["zero_text"] = "Không có {vụ nào."
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: summary[3].zero_code: mã 'dv_cases' không có trong danh mục\n"
        "catalog.yaml: summary[3].zero_text: câu mẫu có dấu ngoặc { } không khớp"
    )


def test_check_of_a_catalog_built_in_code_names_places_without_a_file(catalog):
    table = dataclasses.replace(catalog.appendix[0], columns=("nope",), charts=())  # no chart of a dropped column
    broken = dataclasses.replace(catalog, appendix=(table,))
    with pytest.raises(ConfigError) as info:
        check_catalog(broken)
    assert str(info.value) == "appendix[0].columns[0]: mã 'nope' không có trong danh mục"
    assert info.value.file is None


# --- the file itself --------------------------------------------------------------------


def test_missing_file_is_a_usage_error(tmp_path):
    path = tmp_path / "absent.yaml"
    with pytest.raises(UsageError) as info:
        load_catalog(path)
    assert str(info.value) == f"Không tìm thấy tệp danh mục chỉ tiêu (--catalog): {path}"
    assert info.value.exit_code == 2


def test_a_folder_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError) as info:
        load_catalog(tmp_path)
    assert str(info.value) == f"{tmp_path} là một thư mục, không phải tệp danh mục chỉ tiêu (--catalog)."


def test_bad_yaml_names_line_and_column(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text("dataset: {id: x\nsections: [\n", encoding="utf-8")
    err = refusal(path)
    assert str(err) == "catalog.yaml: dòng 2, cột 9: sai cú pháp YAML: cần ',' hoặc '}' nhưng gặp ':'"
    assert err.file == str(path)


def test_empty_file(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert str(refusal(path)) == "catalog.yaml: tệp trống"


def test_a_plausible_maximum_must_be_a_positive_finite_number(tmp_path):
    raw = bundled()
    indicator_entry(raw, "rice_kg")["plausible_max"] = -3
    indicator_entry(raw, "loan_amount")["plausible_max"] = float("inf")
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: sections[1].indicators[1].plausible_max: phải là một số hữu hạn\n"
        "catalog.yaml: sections[1].indicators[6].plausible_max: phải là số lớn hơn 0"
    )


def test_a_maximum_under_another_name_is_refused(tmp_path):
    raw = bundled()
    indicator_entry(raw, "rice_kg")["max"] = 5000
    assert refused_with(tmp_path, raw) == "catalog.yaml: sections[1].indicators[6]: không có trường 'max'"


# --- strategy targets: parts, shares of units, the maintainer's notes; appendix charts ---


def _target(raw: dict[str, Any], strategy: int, code: str) -> dict[str, Any]:
    return next(t for t in raw["strategies"][strategy]["targets"] if t["code"] == code)


def test_a_part_is_printed_under_its_target_and_not_counted(catalog):
    strategy = catalog.strategy_for(Period(2020, 1))
    target = next(t for t in strategy.targets if t.code == "6.2")
    assert [(p.code, p.indicator, p.op, p.value) for p in target.parts] == [
        ("6.2b", "dv_perpetrators_counselled_rate", ">=", 75.0)
    ]
    assert [t.code for t in target.rows] == ["6.2", "6.2b"]
    media = next(p for t in strategy.targets for p in t.parts if p.code == "5.2b")
    assert (media.indicator, media.unit_at_least, media.value) == ("bdg_broadcast_segments", 12.0, 100.0)
    assert len(strategy.targets) == 22  # the parts are not targets of their own


def test_the_maintainers_notes_are_kept_in_the_catalog(catalog):
    rows = {t.code: t for t in catalog.strategy_for(Period(2020, 1)).targets for t in t.rows}
    assert rows["4.2"].checked and rows["4.2"].value == 52 and "S3" in rows["4.2"].source
    assert not rows["7.1"].checked and rows["7.1"].source
    assert {code for code, t in rows.items() if not t.checked} == {
        "2.2", "2.4", "4.4", "5.1", "5.2", "6.1", "7.1", "7.2", "7.3", "7.4"
    }  # fmt: skip


def test_a_part_must_be_numbered_under_its_target(tmp_path):
    raw = bundled()
    _target(raw, 0, "6.2")["parts"][0]["code"] = "6.3b"
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: strategies[0].targets[16].parts[0].code: mã phần chỉ tiêu '6.3b' phải bắt đầu bằng "
        "mã chỉ tiêu '6.2'"
    )


def test_a_target_code_is_declared_once_per_strategy(tmp_path):
    raw = bundled()
    _target(raw, 0, "6.2")["parts"][0]["code"] = "6.2"
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: strategies[0].targets[16].parts[0].code: mã chỉ tiêu của chiến lược 2011-2020 '6.2' "
        "bị trùng với strategies[0].targets[16].code"
    )


def test_a_share_of_units_needs_a_typed_indicator(tmp_path):
    raw = bundled()
    _target(raw, 0, "5.2")["parts"][0]["indicator"] = "female_key_leader_rate"
    _target(raw, 0, "7.1")["unit_at_least"] = 3
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: strategies[0].targets[14].parts[0].indicator: mã 'female_key_leader_rate' là chỉ tiêu "
        "tính toán, ở đây chỉ dùng được chỉ tiêu nhập\n"
        "catalog.yaml: strategies[0].targets[18].unit_at_least: cần trường 'indicator' (chỉ tiêu nhập được so với "
        "số này)"
    )


def test_an_unknown_target_field_is_refused(tmp_path):
    raw = bundled()
    _target(raw, 0, "1.1")["confirmed"] = True  # the former name of `checked`
    assert refused_with(tmp_path, raw) == "catalog.yaml: strategies[0].targets[0]: không có trường 'confirmed'"


def test_a_chart_draws_a_column_of_its_table(tmp_path):
    raw = bundled()
    raw["appendix"][1]["charts"] = ["loan_households"]
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: appendix[1].charts[0]: mã 'loan_households' không phải một cột của biểu này"
    )
