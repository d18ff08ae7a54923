"""Figures far from the unit's own history or from the other communes: warnings only.

Never errors: a figure far from the unit's history or
from the other communes may well be right (a new credit programme, a flood), so the
district officer is told where to look, and the figure is still summed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from pipeline.issues.codes import OUTLIER_SCORE, IssueCode
from pipeline.issues.issue import Issue
from pipeline.read.workbook import Submission
from pipeline.spec.catalog import Catalog, ValueType
from pipeline.spec.numbers import format_auto, format_number
from pipeline.spec.units import UnitRegistry
from pipeline.validate.outlier_stats import Outlier, history_outliers, peer_outliers

# Communes differ in size by up to about three times; against its peers a figure is worth
# a warning only when it is further than that from the median commune, whatever the score.
PEER_MIN_FACTOR = 3.0
_CODES = {"history": IssueCode.OUTLIER_HISTORY, "peers": IssueCode.OUTLIER_PEERS}
ROBUST_SCORE = "|0,6745·(x − trung vị)/MAD| ≤ 3,5"
"""The test behind both kinds, shown as the issue's expression."""


def current_values(submissions: Sequence[Submission], catalog: Catalog) -> pd.DataFrame:
    """unit_code, indicator, value for every numeric (not yes/no) figure reported."""
    numeric = {c for i in catalog.indicators if i.type is not ValueType.BOOLEAN for c in i.field_codes()}
    units: list[str] = []
    codes: list[str] = []
    values: list[float] = []
    for sub in submissions:  # column by column: a tuple per figure held 90 MB for the whole country
        for code, cell in sub.values.items():
            if code in numeric and cell.value is not None:
                units.append(sub.unit_code)
                codes.append(code)
                values.append(cell.value)
    return pd.DataFrame({"unit_code": units, "indicator": codes, "value": np.array(values, dtype="float64")})


def _outlier_issue(found: Outlier, sub: Submission, catalog: Catalog) -> Issue:
    cell = sub.values[found.indicator]
    score = "" if math.isinf(found.score) else OUTLIER_SCORE.format(score=format_number(abs(found.score), 1))
    return Issue.of(
        _CODES[found.kind],
        file=sub.name,
        unit_code=sub.unit_code,
        sheet=cell.sheet,
        cell=cell.cell,
        indicator=found.indicator,
        value=cell.value,
        expression=ROBUST_SCORE,
        file_sha256=sub.sha256,
        label=catalog.label_vi(found.indicator),
        found=format_auto(found.value),
        median=format_auto(round(found.center, 2)),
        low=format_auto(round(found.low, 2)),
        high=format_auto(round(found.high, 2)),
        n=found.n,
        score_note=score,
    )


def _far_from_peers(found: Outlier) -> bool:
    ratio = (found.value + 1) / (found.center + 1)
    return ratio >= PEER_MIN_FACTOR or ratio <= 1 / PEER_MIN_FACTOR


def outlier_issues(
    submissions: Sequence[Submission], catalog: Catalog, registry: UnitRegistry, history: pd.DataFrame
) -> list[Issue]:
    """Warnings for figures far from the unit's own history or from its peers.

    Units above the lowest level (the district office) report figures of another kind than
    the communes, so they are not compared with them; by level, not by having units below,
    since a district of islands (Côn Đảo, Lý Sơn in 2020) has none and is still an office.
    """
    current = current_values(submissions, catalog)
    lowest = registry.levels[-1].name if registry.levels else ""
    offices = {u.code for u in registry.units if u.level != lowest or registry.children(u.code)}
    peers = [o for o in peer_outliers(current, exclude=offices) if _far_from_peers(o)]
    found = history_outliers(current, history) + peers
    by_unit = {s.unit_code: s for s in submissions}
    return [_outlier_issue(o, by_unit[o.unit_code], catalog) for o in found if o.unit_code in by_unit]
