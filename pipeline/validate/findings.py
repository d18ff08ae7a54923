"""Validate all submissions together and word every failure for the commune.

The submissions become three frames (:mod:`pipeline.validate.checks`); the catalog's checks run over
them in a single Great Expectations pass; each failing (row, check) is traced back to the
file, sheet and cells it came from and explained in Vietnamese: what is wrong
(``message``) and what to do (``fix``). An error rejects the submission; a warning keeps it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline.issues.codes import RULE_FIX, IssueCode
from pipeline.issues.issue import Issue
from pipeline.read.workbook import Submission
from pipeline.spec.catalog import Catalog, Rule, ValueType
from pipeline.spec.expressions import parse
from pipeline.spec.numbers import format_auto
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry
from pipeline.validate.checks import (
    CELL_COLUMNS,
    CELLS,
    META_COLUMNS,
    PARAM_PERIODS,
    PARAM_UNITS,
    RULES,
    SUBMISSIONS,
    Check,
    all_rules,
    derive_checks,
    evaluate_rules,
    rule_blame,
    rule_frame,
    structural_fields,
)
from pipeline.validate.gx import GxValidator

_KIND = {ValueType.INTEGER: "số nguyên", ValueType.DECIMAL: "số", ValueType.BOOLEAN: "Có hoặc Không"}
_META_KEYS = {"known_unit": "unit_code", "period": "period"}


def build_frames(
    submissions: Sequence[Submission], catalog: Catalog, registry: UnitRegistry
) -> dict[str, pd.DataFrame]:
    """The ``cells``, ``submissions`` and ``rules`` frames; ``submission`` and the
    ``submissions`` frame's row labels are positions in ``submissions``.

    Gathered column by column, never a tuple per cell or a dict per form: for the whole
    country (800,000 cells of 11,000 forms) those held 200 MB at once, the run's peak."""
    fields = catalog.field_codes()
    required = {i.code: set(i.levels) for i in catalog.indicators if i.required}
    maxima = {c: i.plausible_max for i in catalog.indicators if i.plausible_max for c in i.field_codes()}
    meta: dict[str, list[Any]] = {name: [] for name in META_COLUMNS}
    wide: dict[str, list[float | None]] = {code: [] for code in fields}
    long: dict[str, list[Any]] = {name: [] for name in CELL_COLUMNS}
    at, units, codes, values, invalids, musts, tops = long.values()  # CELL_COLUMNS, in order
    for position, sub in enumerate(submissions):
        unit = registry.get(sub.unit_code)
        level = unit.level if unit else ""
        template = (sub.meta.get("template_id", ""), sub.meta.get("template_version", ""))
        for name, shown in zip(META_COLUMNS, (sub.unit_code, level, sub.period, *template), strict=True):
            meta[name].append(shown)
        for code in fields:
            cell = sub.values.get(code)
            value = cell.value if cell else None
            invalid = str(cell.raw) if cell and cell.invalid else None
            wide[code].append(value)
            refused = invalid is not None or (cell is not None and cell.out_of_range)  # already an error
            must = level in required.get(code, ()) and not refused
            if cell is not None or must:
                at.append(position)
                units.append(sub.unit_code)
                codes.append(code)
                values.append(value)
                invalids.append(invalid)
                musts.append(must)
                tops.append(maxima.get(code))
    numbers = {"value": "float64", "maximum": "float64"}
    cells = pd.DataFrame({n: np.array(c, dtype=numbers[n]) if n in numbers else c for n, c in long.items()})
    cells = cells.astype({"value": "float64", "invalid": "object", "required": bool, "maximum": "float64"})
    figures = {code: np.array(column, dtype="float64") for code, column in wide.items()}
    frame = pd.DataFrame({**meta, **figures}, columns=[*META_COLUMNS, *fields])
    rules = all_rules(catalog)
    sides = rule_frame(evaluate_rules(frame, catalog, rules), rules)
    return {CELLS: cells, SUBMISSIONS: frame[list(META_COLUMNS)], RULES: sides}


def _value(sub: Submission, code: str | None) -> Any:
    if code is None or code not in sub.values:
        return None
    cell = sub.values[code]
    return cell.raw if cell.invalid or cell.value is None else cell.value


def _shown(value: Any) -> str:
    if value is None:
        return "trống"
    return format_auto(value) if isinstance(value, int | float) and not isinstance(value, bool) else str(value)


def _meta_issue(check: Check, sub: Submission, catalog: Catalog, registry: UnitRegistry, period: Period) -> Issue:
    key = _META_KEYS.get(check.id, check.id)
    sheet, cell = sub.meta_cells.get(key, (None, None))
    found, ds, code = sub.meta.get(key, ""), catalog.dataset, IssueCode(check.rule)
    fields: dict[str, Any] = {
        IssueCode.WRONG_TEMPLATE: {"template_id": ds.template_id},
        IssueCode.TEMPLATE_VERSION: {"version": ds.template_version},
        IssueCode.KNOWN_UNIT: {"root": registry[registry.root].name},
        IssueCode.PERIOD: {"period": period.code, "period_label": period.label_vi},
    }[code]
    return Issue.of(
        code, file=sub.name, unit_code=sub.unit_code or None, sheet=sheet, cell=cell, value=found, found=found, **fields
    )


def _cell_issue(check: Check, sub: Submission, catalog: Catalog) -> Issue:
    code = check.blame or ""
    blame = sub.values.get(code)
    value, base = _value(sub, code), catalog.base_indicator(code)
    fields: dict[str, Any] = {"label": catalog.label_vi(code)}
    if check.rule == IssueCode.REQUIRED:
        issue_code = IssueCode.MISSING_ROW if blame is None else IssueCode.REQUIRED
        if blame is not None and blame.formula:
            issue_code = IssueCode.REQUIRED_FORMULA
    elif check.rule == IssueCode.TYPE:
        issue_code = IssueCode.TYPE
        fields |= {"found": value, "kind": _KIND[base.type], "unit": base.unit}
    elif check.rule == IssueCode.ABOVE_PLAUSIBLE_MAX:
        issue_code = IssueCode.ABOVE_PLAUSIBLE_MAX
        fields |= {"found": _shown(value), "maximum": f"{format_auto(base.plausible_max)} {base.unit}"}
    else:
        issue_code = IssueCode.NON_NEGATIVE
        fields["found"] = _shown(value)
    return Issue.of(
        issue_code,
        file=sub.name,
        unit_code=sub.unit_code or None,
        sheet=blame.sheet if blame else None,
        cell=blame.cell if blame else None,
        indicator=code,
        value=value,
        **fields,
    )


def _side(value: float) -> float | None:
    return None if pd.isna(value) else float(value)


def _rule_issue(rule: Rule, sub: Submission, left: float, right: float, catalog: Catalog) -> Issue:
    """``rule`` failed for ``sub`` with these sides (NaN where a pair rule has none)."""
    codes = parse(rule.left).codes + parse(rule.right).codes
    related = tuple((sub.values[c].sheet, sub.values[c].cell) for c in dict.fromkeys(codes) if c in sub.values)
    sheet, cell = related[0] if related else (None, None)
    blame = rule_blame(rule)
    sides: dict[str, Any] = {"left": _shown(_side(left)), "right": _shown(_side(right))}
    place: dict[str, Any] = {
        "file": sub.name,
        "unit_code": sub.unit_code or None,
        "sheet": sheet,
        "cell": cell,
        "indicator": blame,
        "value": _value(sub, blame),
        "related": related,
        "expression": rule.expression,
    }
    if rule.family:  # implied by the catalog's structure: worded by its own code
        fields: dict[str, Any] = {**sides, **structural_fields(rule, catalog)}
        return Issue.of(IssueCode(rule.family), **place, **fields)
    return Issue.of(
        IssueCode.CATALOG_RULE,
        rule=rule.id,
        severity=rule.severity,
        rule_message=rule.message_vi.format(**sides),
        rule_fix=rule.fix_vi or RULE_FIX,
        **place,
    )


def _empty_issue(sub: Submission) -> Issue:
    return Issue.of(IssueCode.EMPTY_SUBMISSION, file=sub.name, unit_code=sub.unit_code or None, file_sha256=sub.sha256)


def is_empty(sub: Submission) -> bool:
    """A form with nothing filled in: one refusal for it, not a required-field error per row."""
    return all(cell.value is None and not cell.invalid for cell in sub.values.values())


def validate(
    submissions: Sequence[Submission],
    catalog: Catalog,
    registry: UnitRegistry,
    period: Period,
    validator: GxValidator,
    docs_dir: Path | None = None,
) -> list[Issue]:
    """Every issue of every submission: the reader's own and the catalog checks'.

    Issues come out grouped by submission, in check order, each with the file's SHA-256.
    """
    empty = [s for s in submissions if is_empty(s)]
    if empty:  # one clear refusal instead of a required-field error per row
        rest = [s for s in submissions if s not in empty]
        return [_empty_issue(s) for s in empty] + validate(rest, catalog, registry, period, validator, docs_dir)
    checks = derive_checks(catalog)
    by_id = {c.id: c for c in checks}
    frames = build_frames(submissions, catalog, registry)
    known = [u.code for u in registry.subtree()]
    params = {PARAM_UNITS: known, PARAM_PERIODS: [period.code]}
    failures = validator.run(frames, checks, params, **({"docs_dir": docs_dir} if docs_dir else {}))
    order = {c.id: k for k, c in enumerate(checks)}
    # a rule's failure sorts after every other check's, in the catalog's order of rules
    rule_order = {r.id: (len(checks) + k, r) for k, r in enumerate(all_rules(catalog))}
    cell_rows = frames[CELLS][["submission", "field"]].to_dict("index")
    located: list[tuple[int, int, Issue]] = [
        (position, -1, issue) for position, sub in enumerate(submissions) for issue in sub.issues
    ]
    for failure in failures:
        check = by_id[failure.check_id]
        if check.frame == RULES:
            failed = frames[RULES].loc[list(failure.rows), ["submission", "rule", "left", "right"]]
            for position, rule_id, left, right in failed.itertuples(index=False):
                rank, rule = rule_order[rule_id]
                located.append((int(position), rank, _rule_issue(rule, submissions[position], left, right, catalog)))
            continue
        for row in failure.rows:
            if check.frame == CELLS:
                position = int(cell_rows[row]["submission"])
                issue = _cell_issue(
                    dataclasses.replace(check, blame=str(cell_rows[row]["field"])), submissions[position], catalog
                )
            else:
                position = int(row)
                issue = _meta_issue(check, submissions[position], catalog, registry, period)
            located.append((position, order[failure.check_id], issue))
    located.sort(key=lambda item: (item[0], item[1]))
    return [dataclasses.replace(issue, file_sha256=submissions[position].sha256) for position, _, issue in located]
