"""District totals from accepted submissions: pure functions, no I/O.

Rules that matter to the report:
- blank is not zero: a total over units that all left a cell blank is ``None``;
- a rate is recomputed from summed numerators and denominators, never averaged, and
  only over units that reported every part of it;
- coverage counts reporting units where any listed figure is positive (or "Có");
- yes/no figures count the "Có" answers over the units that answered ("8/8").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from pipeline.read.workbook import Submission
from pipeline.spec.catalog import Catalog, Derived, Indicator
from pipeline.spec.units import UnitRegistry

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


def _unit_items(column: pd.Series) -> zip[tuple[str, float]]:
    """(unit, value) pairs as plain Python objects: iterating pandas values one by one is slow."""
    return zip(map(str, column.index.tolist()), column.to_numpy(dtype=float).tolist(), strict=True)


def _sum_figure(ind: Indicator, code: str, frame: pd.DataFrame, levels: pd.Series) -> Figure:
    column = frame[code]
    reported = column.dropna()
    by_level = {str(level): _clean(column[levels == level].sum(min_count=1)) for level in ind.levels}
    if ind.aggregation == "count_true":
        by_unit: dict[str, Value] = {u: (None if v != v else bool(v)) for u, v in _unit_items(column)}
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
    by_unit = {u: (None if v != v else v) for u, v in _unit_items(column)}  # v != v: NaN, a blank
    if ind.aggregation == "none":  # a figure that means nothing summed (a rate a commune typed)
        return Figure(code, "none", None, None, None, by_unit, {}, len(reported))
    return Figure(code, "sum", _clean(column.sum(min_count=1)), None, None, by_unit, by_level, len(reported))


def _ratio_figure(d: Derived, frame: pd.DataFrame) -> Figure:
    parts = frame[list(d.numerator) + list(d.denominator)]
    complete = parts.notna().all(axis=1)
    num = frame.loc[complete, list(d.numerator)].sum(axis=1)
    den = frame.loc[complete, list(d.denominator)].sum(axis=1)
    by_unit: dict[str, Value] = {u: None for u in frame.index}
    for unit, top, bottom in zip(num.index, num.to_numpy(), den.to_numpy(), strict=True):  # no per-unit Series lookups
        by_unit[unit] = round(top / bottom * d.scale, d.decimals) if bottom else None
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


def group_of_units(registry: UnitRegistry, units: Sequence[str], groups: Sequence[str]) -> dict[str, str]:
    """Unit -> the nearest of ``groups`` above (or at) it; one walk up per unit."""
    wanted = set(groups)
    found: dict[str, str] = {}
    for unit in units:
        for ancestor in registry.ancestors(unit):
            if ancestor in wanted:
                found[unit] = ancestor
                break
    return found


def aggregate_groups(
    values: Mapping[str, Mapping[str, float | None]],
    catalog: Catalog,
    registry: UnitRegistry,
    groups: Sequence[str],
) -> dict[str, Totals]:
    """Subtotals for many units at once (every district of a province), vectorised.

    Same rules as :func:`aggregate` — blank is not zero, rates from summed parts over
    units that reported every part, coverage over answering units — computed with one
    ``groupby`` per kind of figure instead of one pass per group. Figures carry no
    ``by_unit`` (the unit values are those of the overall totals).
    """
    order = [u.code for u in registry.subtree() if u.code in values]
    mapping = group_of_units(registry, order, groups)
    order = [u for u in order if u in mapping]
    frame = unit_frame({u: values[u] for u in order}, catalog.field_codes())
    key = pd.Series(mapping, dtype="object").reindex(frame.index)
    # Plain dicts: looking up 76 fields × hundreds of groups in pandas Series costs seconds.
    sums = frame.groupby(key).sum(min_count=1).to_dict()
    counts = frame.notna().groupby(key).sum().to_dict()
    positive = (frame.fillna(0) > 0).groupby(key).sum().to_dict()
    grouped: dict[str, list[str]] = {g: [] for g in groups}
    for unit in frame.index:
        grouped[mapping[unit]].append(unit)
    members = {g: tuple(units) for g, units in grouped.items()}
    figures: dict[str, dict[str, Figure]] = {g: {} for g in groups}

    def put(group: str, figure: Figure) -> None:
        figures[group][figure.code] = figure

    for ind in catalog.indicators:
        for code in ind.field_codes():
            for group in groups:
                n = int(counts[code].get(group, 0))
                if ind.aggregation == "none":
                    put(group, Figure(code, "none", None, reporting_units=n))
                elif ind.aggregation == "count_true":
                    yes = float(positive[code].get(group, 0))
                    put(group, Figure(code, "count_true", yes if n else None, yes, float(n), reporting_units=n))
                else:
                    put(group, Figure(code, "sum", _clean(sums[code].get(group, float("nan"))), reporting_units=n))
    for d in catalog.derived:
        if d.kind == "ratio":
            complete = frame[list(d.numerator) + list(d.denominator)].notna().all(axis=1)
            num = frame[list(d.numerator)].sum(axis=1).where(complete).groupby(key).sum(min_count=1)
            den = frame[list(d.denominator)].sum(axis=1).where(complete).groupby(key).sum(min_count=1)
            n_complete = complete.groupby(key).sum()
        else:
            answered = frame[list(d.of)].notna().any(axis=1)
            covered = (frame[list(d.of)].fillna(0) > 0).any(axis=1) & answered
            num, den = covered.groupby(key).sum().astype(float), answered.groupby(key).sum().astype(float)
            n_complete = answered.groupby(key).sum()
        tops, bottoms, complete_counts = num.to_dict(), den.to_dict(), n_complete.to_dict()
        for group in groups:
            top, bottom = _clean(tops.get(group, float("nan"))), _clean(bottoms.get(group, float("nan")))
            n = int(complete_counts.get(group, 0))
            value = round(top / bottom * d.scale, d.decimals) if n and top is not None and bottom else None
            put(group, Figure(d.code, d.kind, value, top if n else None, bottom if n else None, reporting_units=n))
    return {g: Totals(g, members[g], figures[g]) for g in groups}


def aggregate_submissions(
    accepted: Sequence[Submission], catalog: Catalog, registry: UnitRegistry
) -> tuple[Totals, dict[str, Totals], dict[str, dict[str, Totals]]]:
    """The root's totals; when the root has units with units below them (a province's
    districts, the country's provinces), one subtotal for each of those; and for each of
    those, the subtotals of its own units that have units below them (a province's
    districts in the country's run), in registry order: what the workbook of that unit's
    units groups them by (:mod:`pipeline.write.appendix_parts`)."""
    values = {s.unit_code: {code: cell.value for code, cell in s.values.items()} for s in accepted}
    totals = aggregate(values, catalog, registry)
    parents = {u.parent for u in registry.units}
    groups = [u.code for u in registry.children(registry.root) if u.code in parents]
    subtotals = aggregate_groups(values, catalog, registry, groups) if groups else {}
    inner = {g: [u.code for u in registry.children(g) if u.code in parents] for g in groups}
    flat = [code for codes in inner.values() for code in codes]
    found = aggregate_groups(values, catalog, registry, flat) if flat else {}
    return totals, subtotals, {g: {code: found[code] for code in codes} for g, codes in inner.items()}
