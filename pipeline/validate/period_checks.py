"""All the checks of one period, in the order their results depend on each other.

Cell and rule checks first (one Great Expectations pass over every submission), then
lateness, then outliers over the submissions without errors (a figure already refused
says nothing about its peers), then the auditor's waivers over all of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.issues.issue import Issue
from pipeline.read.workbook import Submission
from pipeline.spec.catalog import Catalog
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry
from pipeline.validate.findings import validate
from pipeline.validate.gx import GxValidator
from pipeline.validate.outliers import outlier_issues
from pipeline.validate.timeliness import late_issues
from pipeline.validate.waivers import Waiver, WaiverOutcome, apply_waivers


@dataclass(frozen=True)
class Checked:
    issues: tuple[Issue, ...]
    waivers: WaiverOutcome


def check_period(
    submissions: Sequence[Submission],
    refusals: Sequence[Issue],
    *,
    catalog: Catalog,
    registry: UnitRegistry,
    period: Period,
    validator: GxValidator,
    received: Mapping[str, dt.datetime],
    deadline: dt.date | None,
    history: pd.DataFrame,
    waivers: Sequence[Waiver],
    docs_dir: Path | None = None,
) -> Checked:
    """Every issue of the period: the files refused before reading (``refusals``) and
    those of the competing submissions, waivers applied."""
    issues = list(refusals) + validate(submissions, catalog, registry, period, validator, docs_dir)
    issues += late_issues(submissions, received, deadline)
    failed = {i.file for i in issues if i.is_error}
    issues += outlier_issues([s for s in submissions if s.name not in failed], catalog, registry, history)
    waived, outcome = apply_waivers(issues, waivers, period)
    return Checked(tuple(waived), outcome)
