"""District totals from accepted submissions: pure functions, no I/O.

Rules that matter to the report:
- blank is not zero: a total over units that all left a cell blank is ``None``;
- a rate is recomputed from summed numerators and denominators, never averaged, and
  only over units that reported every part of it;
- coverage counts reporting units where any listed figure is positive (or "Có");
- yes/no figures count the "Có" answers over the units that answered ("8/8").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from pipeline.catalog import Catalog, Derived, Indicator
from pipeline.units import UnitRegistry

Value = float | bool | None


@dataclass(frozen=True)
class Figure:
    """One aggregated figure of the report with the unit values it came from."""

    code: str
    kind: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    by_unit: Mapping[str, Value] = field(default_factory=dict)
    by_level: Mapping[str, float | None] = field(default_factory=dict)
    reporting_units: int = 0


@dataclass(frozen=True)
class Totals:
    """All figures for the aggregating unit ``root`` over the units in ``units``."""

    root: str
    units: tuple[str, ...]
    figures: Mapping[str, Figure]

    def __getitem__(self, code: str) -> Figure:
        return self.figures[code]


def unit_frame(values: Mapping[str, Mapping[str, float | None]], fields: list[str]) -> pd.DataFrame:
    """A unit × field frame of floats (NaN = blank) in the order the mapping gives."""
    frame = pd.DataFrame.from_dict(dict(values), orient="index", dtype="float64")
    return frame.reindex(columns=fields).astype("float64")


def _clean(number: float) -> float | None:
    return None if pd.isna(number) else float(number)


def _sum_figure(ind: Indicator, code: str, frame: pd.DataFrame, levels: pd.Series) -> Figure:
    column = frame[code]
    reported = column.dropna()
    by_level = {str(level): _clean(column[levels == level].sum(min_count=1)) for level in ind.levels}
    if ind.aggregation == "count_true":
        by_unit: dict[str, Value] = {str(u): (None if pd.isna(v) else bool(v)) for u, v in column.items()}
        yes = float((reported > 0).sum())
        return Figure(
            code,
            "count_true",
            yes if len(reported) else None,
            yes,
            float(len(reported)),
            by_unit,
            by_level,
            len(reported),
        )
    by_unit = {str(u): _clean(v) for u, v in column.items()}
    return Figure(code, "sum", _clean(column.sum(min_count=1)), None, None, by_unit, by_level, len(reported))


def _ratio_figure(d: Derived, frame: pd.DataFrame) -> Figure:
    parts = frame[list(d.numerator) + list(d.denominator)]
    complete = parts.notna().all(axis=1)
    num = frame.loc[complete, list(d.numerator)].sum(axis=1)
    den = frame.loc[complete, list(d.denominator)].sum(axis=1)
    by_unit: dict[str, Value] = {u: None for u in frame.index}
    for unit in num.index:
        by_unit[unit] = round(num[unit] / den[unit] * d.scale, d.decimals) if den[unit] else None
    total_num, total_den = float(num.sum()), float(den.sum())
    value = round(total_num / total_den * d.scale, d.decimals) if complete.any() and total_den else None
    reported = int(complete.sum())
    return Figure(
        d.code, "ratio", value, total_num if reported else None, total_den if reported else None, by_unit, {}, reported
    )


def _coverage_figure(d: Derived, frame: pd.DataFrame) -> Figure:
    parts = frame[list(d.of)]
    answered = parts.notna().any(axis=1)
    covered = (parts.fillna(0) > 0).any(axis=1) & answered
    by_unit: dict[str, Value] = {u: (bool(covered[u]) if answered[u] else None) for u in frame.index}
    n_answered, n_covered = int(answered.sum()), int(covered.sum())
    value = round(n_covered / n_answered * d.scale, d.decimals) if n_answered else None
    return Figure(d.code, "coverage", value, float(n_covered), float(n_answered), by_unit, {}, n_answered)


def aggregate(
    values: Mapping[str, Mapping[str, float | None]],
    catalog: Catalog,
    registry: UnitRegistry,
    root: str | None = None,
) -> Totals:
    """Total the accepted units' values for ``root`` (default: the registry's root).

    ``values`` maps unit code to its field values (booleans as 1.0/0.0, blank as None).
    Units outside ``root``'s subtree are ignored, so a province run and its districts'
    runs are computed by the same function.
    """
    root = root or registry.root
    order = [u.code for u in registry.subtree(root) if u.code in values]
    fields = catalog.field_codes()
    frame = unit_frame({u: values[u] for u in order}, fields)
    levels = pd.Series({u: registry[u].level for u in order}, dtype="object").reindex(frame.index)
    figures: dict[str, Figure] = {}
    for ind in catalog.indicators:
        for code in ind.field_codes():
            figures[code] = _sum_figure(ind, code, frame, levels)
    for d in catalog.derived:
        figures[d.code] = _ratio_figure(d, frame) if d.kind == "ratio" else _coverage_figure(d, frame)
    return Totals(root, tuple(order), figures)
