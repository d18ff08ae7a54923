"""Checks derived from the catalog, and rules evaluated under each blank-value strategy."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.spec.catalog import MissingStrategy, Rule, Severity
from pipeline.validate.checks import CELLS, SUBMISSIONS, derive_checks, evaluate_rules, structural_rules
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
    ("op", "expectation", "kwargs"),
    [
        (
            "<=",
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": "rule:r:right", "column_B": "rule:r:left", "or_equal": True},
        ),
        (
            "<",
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": "rule:r:right", "column_B": "rule:r:left", "or_equal": False},
        ),
        (
            ">=",
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": "rule:r:left", "column_B": "rule:r:right", "or_equal": True},
        ),
        ("==", "ExpectColumnValuesToBeBetween", {"column": "rule:r:gap", "max_value": 1e-9}),
        ("!=", "ExpectColumnValuesToBeBetween", {"column": "rule:r:gap", "min_value": 1e-9, "strict_min": True}),
        ("compulsory_pair", "ExpectColumnValuesToBeInSet", {"column": "rule:r:violation", "value_set": [0]}),
        ("exclusive_pair", "ExpectColumnValuesToBeInSet", {"column": "rule:r:violation", "value_set": [0]}),
    ],
)
def test_each_operator_compiles_to_an_expectation(catalog, op, expectation, kwargs):
    from dataclasses import replace

    rule = Rule("r", "rice_kg", op, "clothes_sets", Severity.WARNING, "m")
    check = next(c for c in derive_checks(replace(catalog, rules=(rule,))) if c.id == "rule:r")
    assert check.expectation == expectation
    assert {k: v for k, v in check.kwargs.items() if k != "ignore_row_if"} == kwargs
    assert (check.rule, check.blame, check.severity) == ("r", "rice_kg", Severity.WARNING)


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


@pytest.mark.parametrize("frame_name", [CELLS, SUBMISSIONS])
def test_committed_suites_match_the_catalog(catalog, frame_name):
    """expectations/ is generated (`make expectations`); it must not drift from the catalog."""
    committed = Path(__file__).parent.parent / "expectations" / f"{suite_name(frame_name)}.json"
    expected = suite_dict([c for c in derive_checks(catalog) if c.frame == frame_name], suite_name(frame_name))
    assert json.loads(committed.read_text(encoding="utf-8")) == expected


def test_suite_meta_carries_rule_id_message_and_severity(catalog):
    data = suite_dict([c for c in derive_checks(catalog) if c.id == "rule:startup_within_households"], "s")
    assert data["expectations"][0]["meta"] == {
        "check_id": "rule:startup_within_households",
        "rule": "startup_within_households",
        "severity": "warning",
        "message": "Số chị em vay khởi nghiệp ({left}) lớn hơn tổng số hộ được vay vốn ({right}).",
        "expression": "startup_loan_women <= loan_households",
    }
