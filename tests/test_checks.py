"""Checks derived from the catalog, and rules evaluated under each blank-value strategy."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.spec.catalog import MissingStrategy, Rule, Severity
from pipeline.validate.checks import (
    CELLS,
    FRAMES,
    RULE_COLUMNS,
    RULES,
    all_rules,
    derive_checks,
    evaluate_rules,
    rule_blame,
    rule_frame,
    rule_test,
    structural_rules,
)
from pipeline.validate.gx import suite_dict, suite_name


def test_cell_checks_are_one_expectation_each_over_the_long_frame(catalog):
    cell_checks = [c for c in derive_checks(catalog) if c.frame == CELLS]
    assert [(c.id, c.expectation, c.kwargs.get("column") or c.kwargs["column_B"]) for c in cell_checks] == [
        ("required", "ExpectColumnValuesToNotBeNull", "value"),
        ("type", "ExpectColumnValuesToBeNull", "invalid"),
        ("non_negative", "ExpectColumnValuesToBeBetween", "value"),
        ("above_plausible_max", "ExpectColumnPairValuesAToBeGreaterThanB", "value"),
    ]


def test_structure_implies_part_whole_ratio_and_reported_rate_rules(catalog):
    rules = {r.id: r for r in structural_rules(catalog)}
    part = rules["part_le_whole:loan_households.ethnic_minority"]
    assert (part.left, part.op, part.right, part.name) == (
        "loan_households.ethnic_minority",
        "<=",
        "loan_households",
        "part_le_whole",
    )
    trained = rules["num_le_den:staff_trained_rate"]
    assert (trained.left, trained.right) == ("staff_trained", "staff_dedicated + staff_concurrent")
    reported = rules["reported_rate:literacy_l1_rate"]
    assert (reported.left, reported.op, reported.right) == (
        "literacy_l1_rate_reported",
        "==",
        "(literacy_l1_literate) / (literacy_l1_population) * 100",
    )
    assert reported.tolerance == pytest.approx(0.05)
    assert "num_le_den:sex_ratio_at_birth" not in rules  # an unbounded ratio


@pytest.mark.parametrize(
    ("op", "expected_test"),
    [("<=", "at_least"), ("<", "above"), (">=", "at_least"), (">", "above"), ("==", "within"), ("!=", "beyond"),
     ("compulsory_pair", "within"), ("exclusive_pair", "within")],
)  # fmt: skip
def test_each_operator_is_tested_by_one_expectation_of_the_rules_frame(catalog, op, expected_test):
    rule = Rule("r", "rice_kg", op, "clothes_sets", Severity.WARNING, "m")
    checks = [c for c in derive_checks(replace(catalog, rules=(rule,))) if rule in c.rules]
    assert [(c.id, c.frame) for c in checks] == [(f"rules:{expected_test}", RULES)]
    assert rule_test(rule).value == expected_test and rule_blame(rule) == "rice_kg"


def test_every_rule_of_the_catalog_is_in_exactly_one_check_and_a_test_costs_one_expectation(catalog):
    checks = derive_checks(catalog)
    tested = [r.id for c in checks for r in c.rules]
    assert sorted(tested) == sorted(r.id for r in all_rules(catalog))
    assert len({c.id for c in checks if c.frame == RULES}) == len({rule_test(r) for r in all_rules(catalog)}) <= 4


# Sides (rice_kg, clothes_sets) that pass and that fail each operator; None is a blank cell.
VERDICTS = {
    "<=": ([(1, 2), (2, 2), (0, 0)], [(3, 2), (0.1 + 0.2, 0.3)]),
    "<": ([(1, 2), (-1, 0)], [(2, 2), (3, 2)]),
    ">=": ([(2, 2), (3, 2)], [(1, 2), (0.3, 0.1 + 0.2)]),
    ">": ([(3, 2)], [(2, 2), (1, 2)]),
    "==": ([(2, 2), (1e15, 1e15)], [(1, 2), (2, 2 + 1e-6)]),
    "!=": ([(1, 2), (2, 2 + 1e-6)], [(2, 2), (0, 0)]),
    "compulsory_pair": ([(1, 2), (None, None)], [(1, None), (None, 2)]),
    "exclusive_pair": ([(1, None), (None, 2), (None, None)], [(1, 2)]),
}


@pytest.mark.parametrize("op", list(VERDICTS))
def test_each_operator_fails_exactly_the_rows_that_break_it(catalog, validator, op):
    """Through Great Expectations: the rows of the rules frame, and the one expectation of
    their test, fail the forms a reader of the rule would fail and no other."""
    rule = Rule("r", "rice_kg", op, "clothes_sets", Severity.WARNING, "m", missing=MissingStrategy.SKIP_IF_ALL_MISSING)
    passing, failing = VERDICTS[op]
    pairs = passing + failing
    data = frame(rice_kg=[a for a, _ in pairs], clothes_sets=[b for _, b in pairs])
    rows = rule_frame(evaluate_rules(data, catalog, [rule]), [rule])
    checks = [c for c in derive_checks(replace(catalog, rules=(rule,))) if rule in c.rules]
    failures = validator.run({RULES: rows}, checks, {})
    failed = sorted(int(rows.loc[row, "submission"]) for f in failures for row in f.rows)
    assert failed == list(range(len(passing), len(pairs)))


def test_the_rules_frame_keeps_each_rules_sides_and_drops_what_it_skips(catalog):
    rule = Rule("r", "rice_kg", "<=", "clothes_sets", Severity.WARNING, "m")
    data = frame(rice_kg=[1.0, None, 5.0], clothes_sets=[2.0, None, 4.0])
    rows = rule_frame(evaluate_rules(data, catalog, [rule]), [rule])
    assert list(rows.columns) == list(RULE_COLUMNS)
    assert rows[["submission", "rule", "test", "left", "right", "greater", "lesser"]].values.tolist() == [
        [0, "r", "at_least", 1.0, 2.0, 2.0, 1.0],
        [2, "r", "at_least", 5.0, 4.0, 4.0, 5.0],
    ]  # the second form left both blank: skipped, not a row
    assert rule_frame(pd.DataFrame(index=range(3)), []).empty


def frame(**columns):
    data = {"level": ["commune"] * len(next(iter(columns.values()))), **columns}
    return pd.DataFrame(data).astype({k: "float64" for k in columns})


def sides(catalog, rule, data):
    out = evaluate_rules(data, catalog, [rule])
    return [None if np.isnan(v) else v for v in out[f"rule:{rule.id}:left"]], [
        None if np.isnan(v) else v for v in out[f"rule:{rule.id}:right"]
    ]


ROWS = dict(rice_kg=[1.0, None, None], clothes_sets=[2.0, 5.0, None], firewood_bundles=[3.0, 4.0, None])


def test_skip_if_any_missing(catalog):
    rule = Rule("r", "rice_kg", "<=", "clothes_sets + firewood_bundles", Severity.ERROR, "m")
    assert sides(catalog, rule, frame(**ROWS)) == ([1.0, None, None], [5.0, None, None])


def test_skip_if_all_missing_counts_other_blanks_as_zero(catalog):
    rule = Rule(
        "r",
        "rice_kg",
        "<=",
        "clothes_sets + firewood_bundles",
        Severity.ERROR,
        "m",
        missing=MissingStrategy.SKIP_IF_ALL_MISSING,
    )
    assert sides(catalog, rule, frame(**ROWS)) == ([1.0, 0.0, None], [5.0, 9.0, None])


def test_never_skip_counts_every_blank_as_zero(catalog):
    rule = Rule(
        "r", "rice_kg", "<=", "clothes_sets + firewood_bundles", Severity.ERROR, "m", missing=MissingStrategy.NEVER_SKIP
    )
    assert sides(catalog, rule, frame(**ROWS)) == ([1.0, 0.0, 0.0], [5.0, 9.0, 0.0])


def test_rules_do_not_apply_to_levels_that_do_not_report_the_operands(catalog):
    rule = Rule("r", "rice_kg", "<=", "clothes_sets", Severity.ERROR, "m", missing=MissingStrategy.NEVER_SKIP)
    data = frame(rice_kg=[1.0, 1.0], clothes_sets=[2.0, 2.0])
    data["level"] = ["district", "commune"]
    assert sides(catalog, rule, data) == ([None, 1.0], [None, 2.0])


def test_pairs_flag_one_sided_or_two_sided_filling(catalog):
    data = frame(rice_kg=[1.0, None, 1.0, None], clothes_sets=[2.0, 2.0, None, None])
    compulsory = Rule("c", "rice_kg", "compulsory_pair", "clothes_sets", Severity.ERROR, "m")
    exclusive = Rule("x", "rice_kg", "exclusive_pair", "clothes_sets", Severity.ERROR, "m")
    out = evaluate_rules(data, catalog, [compulsory, exclusive])
    assert out["rule:c:violation"].tolist() == [0.0, 1.0, 1.0, 0.0]
    assert out["rule:x:violation"].tolist() == [1.0, 0.0, 0.0, 0.0]


def test_division_by_zero_skips_the_rule(catalog):
    rule = Rule("r", "rice_kg", "==", "clothes_sets / firewood_bundles", Severity.ERROR, "m")
    out = evaluate_rules(frame(rice_kg=[1.0], clothes_sets=[2.0], firewood_bundles=[0.0]), catalog, [rule])
    assert np.isnan(out["rule:r:gap"].iloc[0])


@pytest.mark.parametrize("frame_name", FRAMES)
def test_committed_suites_match_the_catalog(catalog, frame_name):
    """expectations/ is generated (`make expectations`); it must not drift from the catalog."""
    committed = Path(__file__).parent.parent / "expectations" / f"{suite_name(frame_name)}.json"
    expected = suite_dict([c for c in derive_checks(catalog) if c.frame == frame_name], suite_name(frame_name))
    assert json.loads(committed.read_text(encoding="utf-8")) == expected


def test_suite_meta_carries_each_rules_id_expression_severity_and_message(catalog):
    data = suite_dict([c for c in derive_checks(catalog) if c.id == "rules:at_least"], "s")
    meta = data["expectations"][0]["meta"]
    assert (meta["check_id"], meta["rule"], meta["severity"]) == ("rules:at_least", "rules", "error")
    assert len(meta["rules"]) == 36
    assert next(r for r in meta["rules"] if r["id"] == "startup_within_households") == {
        "id": "startup_within_households",
        "expression": "startup_loan_women <= loan_households",
        "severity": "warning",
        "message": "Số chị em vay khởi nghiệp ({left}) lớn hơn tổng số hộ được vay vốn ({right}).",
    }
    condition = data["expectations"][0]["kwargs"]["row_condition"]  # the rows it reads
    assert condition["pass_through_filter"] == 'test == "at_least"'
