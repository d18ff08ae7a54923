"""All the checks of one period, in the order their results depend on each other.

Cell and rule checks first (one Great Expectations pass over every submission no earlier run
checked, :mod:`pipeline.validate.kept_checks`), then the
choice of each unit's file, then lateness, then outliers over the chosen submissions
without errors (a figure already refused says nothing about its peers), then the
auditor's waivers over all of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.intake.kept_store import KeptResult, KeptResults
from pipeline.intake.outcomes import Arrival, Status
from pipeline.issues.issue import Issue
from pipeline.read.workbook import Submission
from pipeline.spec.catalog import Catalog
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry
from pipeline.validate.corrections import Choice, choose
from pipeline.validate.gx import GxValidator
from pipeline.validate.kept_checks import validate_kept
from pipeline.validate.outliers import outlier_issues
from pipeline.validate.timeliness import late_issues
from pipeline.validate.waivers import Waiver, WaiverOutcome, apply_waivers


@dataclass(frozen=True)
class Checked:
    issues: tuple[Issue, ...]
    waivers: WaiverOutcome
    choice: Choice
    fresh: tuple[KeptResult, ...] = ()
    """Findings of the forms checked this time, for the ledger to keep."""


def check_period(
    candidates: Sequence[Submission],
    refusals: Sequence[Issue],
    *,
    catalog: Catalog,
    registry: UnitRegistry,
    period: Period,
    validator: Callable[[], GxValidator],
    arrivals: Mapping[str, Arrival],
    deadline: dt.date | None,
    history: pd.DataFrame,
    waivers: Sequence[Waiver],
    docs_dir: Path | None = None,
    kept: KeptResults | None = None,
) -> Checked:
    """Every issue of the period, waivers applied, and which file of each unit counts.

    Every candidate is validated, so a unit's newest *accepted* file can be chosen
    (:mod:`pipeline.validate.corrections`); issues of the files superseded by that choice
    are dropped (they count for nothing), those of a rejected correction are kept.
    ``validator`` makes the Great Expectations context, only if some form's findings are
    not in ``kept`` (:mod:`pipeline.validate.kept_checks`).
    """
    checked = validate_kept(candidates, catalog, registry, period, validator, docs_dir, kept)
    found = checked.issues

    def order(sub: Submission) -> tuple[dt.datetime, float, str]:
        arrival = arrivals.get(sub.name)
        return (arrival.at, arrival.order, sub.name) if arrival else (dt.datetime.min, 0.0, sub.name)

    def day(sub: Submission) -> str:
        arrival = arrivals.get(sub.name)
        return f"{arrival.at:%d/%m/%Y}" if arrival else "(không rõ)"

    choice = choose(candidates, [*refusals, *found], period, order, day)
    superseded = {o.file for o in choice.set_aside if o.status is Status.SUPERSEDED}
    issues = list(refusals) + [i for i in found if i.file not in superseded]
    received = {name: a.at for name, a in arrivals.items()}
    issues += late_issues(choice.active, received, deadline)
    failed = {i.file for i in issues if i.is_error}
    issues += outlier_issues([s for s in choice.active if s.name not in failed], catalog, registry, history)
    waived, outcome = apply_waivers(issues, waivers, period)
    return Checked(tuple(waived), outcome, choice, checked.fresh)
