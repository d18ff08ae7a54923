"""One run: declare → intake → read → validate → aggregate → write, in that order only.

Each stage is a folder of the package; this module only hands each stage's result to the
next. Outputs are written to a staging folder and published whole, so an interrupted run
leaves the previous outputs intact.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.aggregate.completeness import Completeness, expected_units, judge
from pipeline.aggregate.totals import Totals, aggregate_submissions
from pipeline.errors import UsageError
from pipeline.intake.ledger import Ledger, arrival_times, open_ledger
from pipeline.intake.outcomes import Status
from pipeline.issues.issue import Issue
from pipeline.progress import NoProgress, Progress
from pipeline.read.inbox import Intake, infer_period, pick_latest, read_inbox
from pipeline.settings import Settings
from pipeline.spec.catalog import Catalog
from pipeline.spec.catalog_file import load_catalog
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry, load_registry
from pipeline.validate.gx import GxValidator
from pipeline.validate.period_checks import check_period
from pipeline.validate.waivers import Waiver, WaiverOutcome, load_waivers
from pipeline.write.outputs import PeriodResult, write_outputs
from pipeline.write.publish import publish, staging_folder
from pipeline.write.records import provenance

__all__ = ["RunResult", "Settings", "run"]


@dataclass(frozen=True)
class RunResult:
    period: Period
    output_dir: Path
    totals: Totals
    completeness: Completeness
    issues: tuple[Issue, ...]
    waivers: WaiverOutcome
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds spent reading, validating, aggregating and writing."""

    @property
    def rejected_files(self) -> int:
        return sum(1 for o in self.completeness.outcomes if o.status is Status.REJECTED)


def _declarations(settings: Settings) -> tuple[Catalog, UnitRegistry, list[Waiver]]:
    catalog, registry = load_catalog(settings.catalog_path), load_registry(settings.units_path)
    if settings.root:
        if registry.get(settings.root) is None:
            raise UsageError(f"Mã đơn vị tổng hợp '{settings.root}' không có trong danh mục đơn vị.")
        registry = dataclasses.replace(registry, root=settings.root)
    return catalog, registry, load_waivers(settings.waivers_path)


def run(
    settings: Settings,
    validator_factory: Callable[[], GxValidator] = GxValidator,
    progress: Progress | None = None,
) -> RunResult:
    """Aggregate one period's inbox and write every output; raise only for usage,
    configuration and machine faults (a commune's mistake is an issue, not an exception)."""
    started, progress = dt.datetime.now(), progress or NoProgress()
    catalog, registry, waivers = _declarations(settings)
    clock = time.perf_counter()
    intake = read_inbox(Path(settings.inbox), catalog, registry, progress=progress)
    timings = {"read": time.perf_counter() - clock}
    period = settings.period or infer_period(intake.submissions)
    final = Path(settings.output) / period.code
    try:
        with staging_folder(final) as staging, open_ledger(settings.ledger) as ledger:
            context = _Context(settings, catalog, registry, waivers, intake, period, started, timings, progress)
            result = _run_period(context, ledger, staging, validator_factory)
            publish(staging, final)
    finally:
        progress.stop()
    return dataclasses.replace(result, output_dir=final)


@dataclass(frozen=True)
class _Context:
    settings: Settings
    catalog: Catalog
    registry: UnitRegistry
    waivers: list[Waiver]
    intake: Intake
    period: Period
    started: dt.datetime
    timings: dict[str, float]
    progress: Progress


def _run_period(
    ctx: _Context, ledger: Ledger, staging: Path, validator_factory: Callable[[], GxValidator]
) -> RunResult:
    settings, catalog, registry, intake, period = ctx.settings, ctx.catalog, ctx.registry, ctx.intake, ctx.period
    ctx.progress.start("Kiểm tra số liệu (Great Expectations)")
    clock = time.perf_counter()
    received = arrival_times(ledger, intake.files(), intake.received)
    active, superseded = pick_latest(intake.submissions, period, received)
    checked = check_period(
        active,
        intake.issues,
        catalog=catalog,
        registry=registry,
        period=period,
        validator=validator_factory(),
        received=received,
        deadline=settings.deadline,
        history=ledger.history(period),
        waivers=ctx.waivers,
        docs_dir=staging / "validation" / "data_docs" if settings.data_docs else None,
    )
    ctx.timings["validate"], clock = time.perf_counter() - clock, time.perf_counter()
    expected = expected_units(catalog, registry)
    verdict = judge([*intake.outcomes, *superseded], active, checked.issues, expected, received, settings.deadline)
    totals, subtotals = aggregate_submissions(verdict.accepted, catalog, registry)
    ctx.timings["aggregate"], clock = time.perf_counter() - clock, time.perf_counter()
    ctx.progress.start("Ghi phụ lục và báo cáo")
    record = provenance(settings, period, checked.waivers, ctx.started)
    found = PeriodResult(
        period,
        catalog,
        registry,
        totals,
        subtotals,
        verdict.completeness,
        checked.issues,
        active,
        verdict.accepted,
        record,
    )
    write_outputs(staging, found, ctx.progress)
    ledger.record(period, verdict.completeness.outcomes, intake.submissions, ctx.started)
    ctx.timings["write"] = time.perf_counter() - clock
    return RunResult(period, staging, totals, verdict.completeness, checked.issues, checked.waivers, ctx.timings)
