"""Derive the validation checks from the catalog (no Great Expectations types here).

Checks run over two frames of all submissions together:

- ``cells``: one row per submission and value key (long form). Checks that hold for
  every cell alike (required, type, non-negative) are one expectation each here,
  whatever the number of indicators, which keeps a run fast;
- ``submissions``: one row per submission, one column per value key (wide form), for
  identity checks and comparisons between cells (part <= whole, numerator <=
  denominator, the catalog's rules).

Deriving them from the catalog means a new indicator is checked with no extra edit.
The checks become Great Expectations expectations only in :mod:`pipeline.gx_validation`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.catalog import Catalog, Severity

META_COLUMNS = ("unit_code", "level", "period", "template_id", "template_version")
CELLS = "cells"
SUBMISSIONS = "submissions"
CELL_COLUMNS = ("submission", "unit_code", "field", "value", "invalid", "required")
PARAM_UNITS = "known_unit_codes"
PARAM_PERIODS = "expected_periods"


def sum_column(codes: tuple[str, ...]) -> str:
    """A single code is its own column; several are summed into a derived column."""
    return codes[0] if len(codes) == 1 else "sum:" + "+".join(codes)


@dataclass(frozen=True)
class Check:
    """One expectation with what the issue report needs to explain a failure.

    ``blame`` is the value key whose cell is reported; ``other`` the key it was
    compared with (for pair checks). ``rule`` is the stable rule name in issues.csv.
    """

    id: str
    rule: str
    expectation: str
    kwargs: dict[str, Any]
    severity: Severity
    blame: str | None = None
    other: str | None = None
    message: str = ""
    frame: str = SUBMISSIONS


def _pair(
    check_id: str,
    rule: str,
    smaller: tuple[str, ...],
    larger: tuple[str, ...],
    severity: Severity,
    message: str,
    strict: bool = False,
) -> Check:
    return Check(
        check_id,
        rule,
        "ExpectColumnPairValuesAToBeGreaterThanB",
        {
            "column_A": sum_column(larger),
            "column_B": sum_column(smaller),
            "or_equal": not strict,
            "ignore_row_if": "either_value_is_missing",
        },
        severity,
        blame=smaller[0],
        other=larger[0],
        message=message,
    )


def derive_checks(catalog: Catalog) -> list[Check]:
    """All checks of the data set, in a stable order (the suite file is diffable)."""
    ds = catalog.dataset
    checks = [
        Check(
            "template_id",
            "wrong_template",
            "ExpectColumnValuesToBeInSet",
            {"column": "template_id", "value_set": [ds.template_id]},
            Severity.ERROR,
        ),
        Check(
            "template_version",
            "template_version",
            "ExpectColumnValuesToBeInSet",
            {"column": "template_version", "value_set": [ds.template_version]},
            Severity.ERROR,
        ),
        Check(
            "known_unit",
            "known_unit",
            "ExpectColumnValuesToBeInSet",
            {"column": "unit_code", "value_set": {"$PARAMETER": PARAM_UNITS}},
            Severity.ERROR,
        ),
        Check(
            "period",
            "period",
            "ExpectColumnValuesToBeInSet",
            {"column": "period", "value_set": {"$PARAMETER": PARAM_PERIODS}},
            Severity.ERROR,
        ),
    ]
    checks += [
        # `required` is true only where the unit's level reports the indicator and the
        # cell is not already reported as being of the wrong type.
        Check(
            "required",
            "required",
            "ExpectColumnValuesToNotBeNull",
            {"column": "value", "row_condition": "required == True", "condition_parser": "pandas"},
            Severity.ERROR,
            frame=CELLS,
        ),
        Check("type", "type", "ExpectColumnValuesToBeNull", {"column": "invalid"}, Severity.ERROR, frame=CELLS),
        Check(
            "non_negative",
            "non_negative",
            "ExpectColumnValuesToBeBetween",
            {"column": "value", "min_value": 0},
            Severity.ERROR,
            frame=CELLS,
        ),
    ]
    for ind in catalog.indicators:
        for part in ind.disaggregations:
            code = f"{ind.code}.{part}"
            checks.append(
                _pair(
                    f"part_le_whole:{code}",
                    "part_le_whole",
                    (code,),
                    (ind.code,),
                    Severity.ERROR,
                    'Số "{blame_label}" ({blame_value}) lớn hơn "Tổng số" ({other_value}).',
                )
            )
    for d in catalog.derived:
        if d.kind == "ratio" and d.bounded:
            checks.append(
                _pair(
                    f"num_le_den:{d.code}",
                    "numerator_le_denominator",
                    d.numerator,
                    d.denominator,
                    Severity.ERROR,
                    '"{blame_label}" ({blame_value}) lớn hơn "{other_label}" ({other_value}) '
                    f'nên tỷ lệ "{d.label_vi}" vượt 100%.',
                )
            )
    for rule in catalog.rules:
        if rule.op in ("<=", "<"):
            checks.append(
                _pair(
                    f"rule:{rule.id}",
                    rule.id,
                    rule.left,
                    rule.right,
                    rule.severity,
                    rule.message_vi,
                    strict=rule.op == "<",
                )
            )
        elif rule.op in (">=", ">"):
            checks.append(
                _pair(
                    f"rule:{rule.id}",
                    rule.id,
                    rule.right,
                    rule.left,
                    rule.severity,
                    rule.message_vi,
                    strict=rule.op == ">",
                )
            )
        else:
            checks.append(
                Check(
                    f"rule:{rule.id}",
                    rule.id,
                    "ExpectColumnPairValuesToBeEqual",
                    {
                        "column_A": sum_column(rule.left),
                        "column_B": sum_column(rule.right),
                        "ignore_row_if": "either_value_is_missing",
                    },
                    rule.severity,
                    blame=rule.left[0],
                    other=rule.right[0],
                    message=rule.message_vi,
                )
            )
    return checks


def expression_columns(checks: list[Check]) -> dict[str, tuple[str, ...]]:
    """The ``sum:a+b`` columns the checks need, with the codes each one adds up."""
    needed: dict[str, tuple[str, ...]] = {}
    for check in checks:
        for key in ("column_A", "column_B"):
            name = check.kwargs.get(key)
            if isinstance(name, str) and name.startswith("sum:"):
                needed[name] = tuple(name[4:].split("+"))
    return needed
