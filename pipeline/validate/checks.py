"""Derive the validation checks from the catalog (no Great Expectations types here).

Checks run over three frames of all submissions together, each shaped so that a check is
one expectation whatever the number of indicators or rules (Great Expectations costs
about 15 ms per expectation and little per row, so the count of expectations is the cost):

- ``cells``: one row per submission and value key (long form), for what holds for
  every cell alike (required, type, non-negative, plausible maximum);
- ``submissions``: one row per submission with its identity fields (template, version,
  unit, period);
- ``rules``: one row per submission and rule that applies to it (long form), the rule's
  two sides evaluated, and the test it must pass: a rule is a row, not an expectation, so
  the 39 rules of the catalog cost two expectations (measured on the sample: 0.66 s for
  one expectation per rule over a wide frame, 0.13 s this way; 1.71 s and 1.03 s at
  10,000 forms).

Rules come from the catalog's ``rules`` and from its structure (a part never exceeds
its total, a bounded ratio's numerator never exceeds its denominator, a rate the commune
typed agrees with its parts), so a new indicator is checked with no extra edit. The
checks become Great Expectations expectations only in :mod:`pipeline.validate.gx`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd

from pipeline.issues.codes import IssueCode
from pipeline.spec.catalog import Catalog, MissingStrategy, Rule, Severity
from pipeline.spec.expressions import parse

META_COLUMNS = ("unit_code", "level", "period", "template_id", "template_version")
CELLS = "cells"
SUBMISSIONS = "submissions"
RULES = "rules"
FRAMES = (CELLS, SUBMISSIONS, RULES)
CELL_COLUMNS = ("submission", "unit_code", "field", "value", "invalid", "required", "maximum")
RULE_COLUMNS = ("submission", "rule", "test", "left", "right", "greater", "lesser", "excess")
PARAM_UNITS = "known_unit_codes"
PARAM_PERIODS = "expected_periods"
_EPSILON = 1e-9
_STRUCTURAL_PREFIX = {
    IssueCode.PART_LE_WHOLE: "part_le_whole",
    IssueCode.NUMERATOR_LE_DENOMINATOR: "num_le_den",
    IssueCode.REPORTED_RATE: "reported_rate",
}
"""The id a structural rule has in the suites: prefix, then the part's or the ratio's code."""


@dataclass(frozen=True)
class Check:
    """One expectation with what the issue report needs to explain a failure.

    ``blame`` is the value key whose cell is reported first; ``rule`` is the stable rule
    name in issues.csv; ``rules`` are the catalog rules whose rows the check tests (a
    check of the ``rules`` frame), each failing row worded by its own rule.
    """

    id: str
    rule: str
    expectation: str
    kwargs: dict[str, Any]
    severity: Severity
    blame: str | None = None
    frame: str = SUBMISSIONS
    rules: tuple[Rule, ...] = ()


class RuleTest(StrEnum):
    """What a row of the ``rules`` frame must satisfy; one expectation per test."""

    AT_LEAST = "at_least"
    """``greater >= lesser``: the rules ``<=`` and ``>=``, oriented."""
    ABOVE = "above"
    """``greater > lesser``: ``<`` and ``>``."""
    WITHIN = "within"
    """``excess <= 0``: ``==`` (the gap beyond the tolerance) and the pairs (the violation flag)."""
    BEYOND = "beyond"
    """``excess > 0``: ``!=``."""


def rule_test(rule: Rule) -> RuleTest:
    if rule.op in ("<=", ">="):
        return RuleTest.AT_LEAST
    if rule.op in ("<", ">"):
        return RuleTest.ABOVE
    return RuleTest.BEYOND if rule.op == "!=" else RuleTest.WITHIN


_PAIR = {"column_A": "greater", "column_B": "lesser", "ignore_row_if": "either_value_is_missing"}
_TESTS: dict[RuleTest, tuple[str, dict[str, Any]]] = {
    RuleTest.AT_LEAST: ("ExpectColumnPairValuesAToBeGreaterThanB", {**_PAIR, "or_equal": True}),
    RuleTest.ABOVE: ("ExpectColumnPairValuesAToBeGreaterThanB", {**_PAIR, "or_equal": False}),
    RuleTest.WITHIN: ("ExpectColumnValuesToBeBetween", {"column": "excess", "max_value": 0}),
    RuleTest.BEYOND: ("ExpectColumnValuesToBeBetween", {"column": "excess", "min_value": 0, "strict_min": True}),
}


def _structural(code: IssueCode, target: str, left: str, op: str, right: str, catalog: Catalog, **extra: Any) -> Rule:
    """A rule implied by the structure, worded by its code; the sides stay ``{left}`` and
    ``{right}`` for the suite's meta, and :mod:`pipeline.validate.findings` words each
    failure again from the code with the submission's own figures."""
    sentence = code.message(at="", left="{left}", right="{right}", **_fields(code, target, catalog))
    rule_id = f"{_STRUCTURAL_PREFIX[code]}:{target}"
    return Rule(rule_id, left, op, right, code.severity, sentence, code.fix(), family=code.value, **extra)


def _fields(code: IssueCode, target: str, catalog: Catalog) -> dict[str, str]:
    return {} if code is IssueCode.REPORTED_RATE else {"label": catalog.label_vi(target)}


def structural_fields(rule: Rule, catalog: Catalog) -> dict[str, str]:
    """The fields of a structural rule's message besides its sides: the part's or the ratio's label."""
    return _fields(IssueCode(rule.family), rule.id.split(":", 1)[1], catalog)


def structural_rules(catalog: Catalog) -> list[Rule]:
    """Rules implied by the catalog's structure rather than written in ``rules``."""
    rules: list[Rule] = []
    for ind in catalog.indicators:
        for part in ind.disaggregations:
            code = f"{ind.code}.{part}"
            rules.append(_structural(IssueCode.PART_LE_WHOLE, code, code, "<=", ind.code, catalog))
    for d in catalog.derived:
        if d.kind != "ratio":
            continue
        numerator, denominator = " + ".join(d.numerator), " + ".join(d.denominator)
        if d.bounded:
            rules.append(_structural(IssueCode.NUMERATOR_LE_DENOMINATOR, d.code, numerator, "<=", denominator, catalog))
        if d.reported:
            computed = f"({numerator}) / ({denominator}) * {d.scale:g}"
            tolerance = 0.5 * 10**-d.decimals + _EPSILON
            rules.append(
                _structural(IssueCode.REPORTED_RATE, d.code, d.reported, "==", computed, catalog, tolerance=tolerance)
            )
    return rules


def all_rules(catalog: Catalog) -> list[Rule]:
    return structural_rules(catalog) + list(catalog.rules)


def _column(rule: Rule, part: str) -> str:
    return f"rule:{rule.id}:{part}"


def rule_blame(rule: Rule) -> str:
    """The value key whose cell a failure of ``rule`` is reported at: its first operand."""
    codes = parse(rule.left).codes or parse(rule.right).codes
    return codes[0]


def _rules_check(test: RuleTest, rules: Sequence[Rule]) -> Check:
    """One expectation over the rows of every rule tested the same way."""
    expectation, kwargs = _TESTS[test]
    condition = {"row_condition": f'test == "{test.value}"', "condition_parser": "pandas"}
    severity = Severity.ERROR if any(r.severity is Severity.ERROR for r in rules) else Severity.WARNING
    kwargs = {**kwargs, **condition}
    return Check(f"rules:{test.value}", "rules", expectation, kwargs, severity, frame=RULES, rules=tuple(rules))


def _check(
    code: IssueCode, expectation: str, kwargs: dict[str, Any], *, check_id: str = "", frame: str = SUBMISSIONS
) -> Check:
    """A check of the whole form or of every cell; its id defaults to, and its rule and severity are, its code's."""
    return Check(check_id or code.value, code.value, expectation, kwargs, code.severity, frame=frame)


def derive_checks(catalog: Catalog) -> list[Check]:
    """All checks of the data set, in a stable order (the suite files are diffable)."""
    ds = catalog.dataset
    in_set = "ExpectColumnValuesToBeInSet"
    checks = [
        _check(
            IssueCode.WRONG_TEMPLATE,
            in_set,
            {"column": "template_id", "value_set": [ds.template_id]},
            check_id="template_id",
        ),
        _check(IssueCode.TEMPLATE_VERSION, in_set, {"column": "template_version", "value_set": ds.accepted_versions}),
        _check(IssueCode.KNOWN_UNIT, in_set, {"column": "unit_code", "value_set": {"$PARAMETER": PARAM_UNITS}}),
        _check(IssueCode.PERIOD, in_set, {"column": "period", "value_set": {"$PARAMETER": PARAM_PERIODS}}),
        # `required` is true only where the unit's level reports the indicator and the
        # cell is not already reported as being of the wrong type.
        _check(
            IssueCode.REQUIRED,
            "ExpectColumnValuesToNotBeNull",
            {"column": "value", "row_condition": "required == True", "condition_parser": "pandas"},
            frame=CELLS,
        ),
        _check(IssueCode.TYPE, "ExpectColumnValuesToBeNull", {"column": "invalid"}, frame=CELLS),
        _check(
            IssueCode.NON_NEGATIVE, "ExpectColumnValuesToBeBetween", {"column": "value", "min_value": 0}, frame=CELLS
        ),
        # ``maximum`` is the indicator's plausible maximum, blank where the catalog gives none.
        _check(
            IssueCode.ABOVE_PLAUSIBLE_MAX,
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": "maximum", "column_B": "value", "or_equal": True, "ignore_row_if": "either_value_is_missing"},
            frame=CELLS,
        ),
    ]
    rules = all_rules(catalog)
    tested = [(test, [r for r in rules if rule_test(r) is test]) for test in RuleTest]
    return checks + [_rules_check(test, mine) for test, mine in tested if mine]


def _rule_levels(rule: Rule, catalog: Catalog) -> set[str]:
    """Levels that report every operand: elsewhere the rule does not apply."""
    codes = parse(rule.left).codes + parse(rule.right).codes
    levels: set[str] | None = None
    for code in codes:
        own = set(catalog.base_indicator(code).levels)
        levels = own if levels is None else levels & own
    return levels or set()


def evaluate_rules(frame: pd.DataFrame, catalog: Catalog, rules: Sequence[Rule]) -> pd.DataFrame:
    """The columns the rule checks read: each side evaluated under the rule's blank-value
    strategy; NaN where the rule is skipped for that submission."""
    columns: dict[str, pd.Series] = {}
    for rule in rules:
        left, right = parse(rule.left), parse(rule.right)
        operands = frame[list(dict.fromkeys(left.codes + right.codes))]
        applies = frame["level"].isin(_rule_levels(rule, catalog))
        filled_left = frame[list(left.codes)].notna().any(axis=1)
        filled_right = frame[list(right.codes)].notna().any(axis=1)
        if rule.op in ("compulsory_pair", "exclusive_pair"):
            violation = filled_left != filled_right if rule.op == "compulsory_pair" else filled_left & filled_right
            columns[_column(rule, "violation")] = violation.astype("float64").where(applies)
            continue
        if rule.missing is MissingStrategy.SKIP_IF_ANY_MISSING:
            skip = operands.isna().any(axis=1)
        elif rule.missing is MissingStrategy.SKIP_IF_ALL_MISSING:
            skip = operands.isna().all(axis=1)
        else:
            skip = pd.Series(False, index=frame.index)
        zeros = frame.fillna({c: 0.0 for c in operands.columns})
        keep = applies & ~skip
        left_values = left.evaluate(zeros).where(keep)
        right_values = right.evaluate(zeros).where(keep)
        columns[_column(rule, "left")] = left_values
        columns[_column(rule, "right")] = right_values
        if rule.op in ("==", "!="):
            columns[_column(rule, "gap")] = (left_values - right_values).abs()
    return pd.DataFrame(columns, index=frame.index, dtype="float64") if columns else pd.DataFrame(index=frame.index)


def rule_frame(sides: pd.DataFrame, rules: Sequence[Rule]) -> pd.DataFrame:
    """The ``rules`` frame (RULE_COLUMNS) from :func:`evaluate_rules`' columns: a row per
    submission (its position in ``sides``) and rule that applies to it, the rule's sides as
    written (``left``, ``right``, for messages) and as its test reads them."""
    parts = []
    for rule in rules:
        test, got = rule_test(rule), lambda part, r=rule: sides.get(_column(r, part), np.nan)
        left, right = got("left"), got("right")
        greater: pd.Series | float = np.nan
        lesser: pd.Series | float = np.nan
        excess: pd.Series | float = np.nan
        if test in (RuleTest.AT_LEAST, RuleTest.ABOVE):
            greater, lesser = (right, left) if rule.op in ("<=", "<") else (left, right)
        elif rule.op in ("compulsory_pair", "exclusive_pair"):
            excess = got("violation")
        else:  # the gap beyond the tolerance: gap - tolerance <= 0 exactly when gap <= tolerance
            excess = got("gap") - (rule.tolerance or _EPSILON)
        part = pd.DataFrame(
            {"left": left, "right": right, "greater": greater, "lesser": lesser, "excess": excess},
            index=sides.index,
            dtype="float64",
        )
        tested = ["greater", "lesser"] if test in (RuleTest.AT_LEAST, RuleTest.ABOVE) else ["excess"]
        part = part[part[tested].notna().all(axis=1)]  # where the rule was skipped, nothing to test
        parts.append(part.assign(submission=part.index, rule=rule.id, test=test.value))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in RULE_COLUMNS})
    return pd.concat(parts, ignore_index=True)[list(RULE_COLUMNS)]
