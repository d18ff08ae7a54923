"""Checks derived from the catalog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.catalog import Severity
from pipeline.gx_validation import suite_dict, suite_name
from pipeline.rules import CELLS, SUBMISSIONS, derive_checks, expression_columns


def test_cell_checks_are_one_expectation_each_over_the_long_frame(catalog):
    cell_checks = [c for c in derive_checks(catalog) if c.frame == CELLS]
    assert [(c.id, c.expectation, c.kwargs["column"]) for c in cell_checks] == [
        ("required", "ExpectColumnValuesToNotBeNull", "value"),
        ("type", "ExpectColumnValuesToBeNull", "invalid"),
        ("non_negative", "ExpectColumnValuesToBeBetween", "value"),
    ]


def test_every_disaggregation_gets_a_part_le_whole_check(catalog):
    ids = {c.id for c in derive_checks(catalog)}
    for ind in catalog.indicators:
        for part in ind.disaggregations:
            assert f"part_le_whole:{ind.code}.{part}" in ids


def test_ratio_with_sum_denominator_needs_an_expression_column(catalog):
    checks = derive_checks(catalog)
    trained = next(c for c in checks if c.id == "num_le_den:staff_trained_rate")
    assert trained.kwargs["column_A"] == "sum:staff_dedicated+staff_concurrent"
    assert expression_columns(checks)["sum:staff_dedicated+staff_concurrent"] == ("staff_dedicated", "staff_concurrent")


def test_unbounded_ratio_has_no_check(catalog):
    assert not any(c.id == "num_le_den:sex_ratio_at_birth" for c in derive_checks(catalog))


def test_catalog_rule_severity_is_kept(catalog):
    rule = next(c for c in derive_checks(catalog) if c.id == "rule:dv_victims_need_cases")
    assert rule.severity is Severity.WARNING and rule.kwargs["column_A"] == "domestic_violence_cases"


@pytest.mark.parametrize("frame", [CELLS, SUBMISSIONS])
def test_committed_suites_match_the_catalog(catalog, frame):
    """expectations/ is generated (`make expectations`); it must not drift from the catalog."""
    committed = Path(__file__).parent.parent / "expectations" / f"{suite_name(frame)}.json"
    expected = suite_dict([c for c in derive_checks(catalog) if c.frame == frame], suite_name(frame))
    assert json.loads(committed.read_text(encoding="utf-8")) == expected
