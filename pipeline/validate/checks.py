"""Derive the validation checks from the catalog (no Great Expectations types here).

Checks run over two frames of all submissions together:

- ``cells``: one row per submission and value key (long form). Checks that hold for
  every cell alike (required, type, non-negative) are one expectation each here,
  whatever the number of indicators, which keeps a run fast;
- ``submissions``: one row per submission, one column per value key (wide form), plus
  the evaluated sides of every rule (``rule:<id>:left`` …), for identity checks and
  the rules between cells.

Rules come from the catalog's ``rules`` and from its structure (a part never exceeds
its total, a bounded ratio's numerator never exceeds its denominator, a rate the commune
typed agrees with its parts), so a new indicator is checked with no extra edit. The
checks become Great Expectations expectations only in :mod:`pipeline.validate.gx`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pipeline.issues.codes import IssueCode
from pipeline.spec.catalog import Catalog, MissingStrategy, Rule, Severity
from pipeline.spec.expressions import parse

META_COLUMNS = ("unit_code", "level", "period", "template_id", "template_version")
CELLS = "cells"
SUBMISSIONS = "submissions"
CELL_COLUMNS = ("submission", "unit_code", "field", "value", "invalid", "required", "maximum")
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
    name in issues.csv; ``source`` is the catalog rule the check enforces, if any.
    """

    id: str
    rule: str
    expectation: str
    kwargs: dict[str, Any]
    severity: Severity
    blame: str | None = None
    message: str = ""
    frame: str = SUBMISSIONS
    source: Rule | None = None


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


def _rule_check(rule: Rule) -> Check:
    blame = parse(rule.left).codes[0] if parse(rule.left).codes else parse(rule.right).codes[0]
    left, right = _column(rule, "left"), _column(rule, "right")
    pair = {"ignore_row_if": "either_value_is_missing"}
    if rule.op in ("<=", "<"):
        name, kwargs = (
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": right, "column_B": left, "or_equal": rule.op == "<=", **pair},
        )
    elif rule.op in (">=", ">"):
        name, kwargs = (
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": left, "column_B": right, "or_equal": rule.op == ">=", **pair},
        )
    elif rule.op == "==":
        name, kwargs = (
            "ExpectColumnValuesToBeBetween",
            {"column": _column(rule, "gap"), "max_value": rule.tolerance or _EPSILON},
        )
    elif rule.op == "!=":
        name, kwargs = (
            "ExpectColumnValuesToBeBetween",
            {"column": _column(rule, "gap"), "min_value": rule.tolerance or _EPSILON, "strict_min": True},
        )
    else:  # compulsory_pair / exclusive_pair: the violation flag must be 0
        name, kwargs = "ExpectColumnValuesToBeInSet", {"column": _column(rule, "violation"), "value_set": [0]}
    return Check(
        f"rule:{rule.id}", rule.name, name, kwargs, rule.severity, blame=blame, message=rule.message_vi, source=rule
    )


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
    return checks + [_rule_check(rule) for rule in all_rules(catalog)]


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


def side_values(frame: pd.DataFrame, rule: Rule, position: int) -> tuple[float | None, float | None]:
    """The evaluated sides of ``rule`` for one submission, for messages."""
    values = []
    for part in ("left", "right"):
        name = _column(rule, part)
        value = frame[name].iloc[position] if name in frame else np.nan
        values.append(None if pd.isna(value) else float(value))
    return values[0], values[1]
