"""One run: inbox -> read -> validate -> aggregate -> write, in that order only.

Outputs are written to a temporary folder beside the destination and moved into place
only when complete, so an interrupted run leaves the previous outputs intact.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import __version__
from pipeline.aggregate.completeness import Completeness, FileOutcome, Status
from pipeline.aggregate.totals import Totals, aggregate, aggregate_groups
from pipeline.errors import UsageError
from pipeline.intake.ledger import Ledger, open_ledger
from pipeline.issues.issue import Issue
from pipeline.progress import NoProgress, Progress
from pipeline.read.inbox import Intake, infer_period, pick_latest, read_inbox
from pipeline.read.workbook import Submission
from pipeline.spec.catalog import DEFAULT_CATALOG_PATH, Catalog, load_catalog
from pipeline.spec.periods import Period
from pipeline.spec.units import DEFAULT_UNITS_PATH, UnitRegistry, load_registry
from pipeline.validate.findings import validate
from pipeline.validate.gx import GxValidator
from pipeline.validate.outlier_stats import load_history
from pipeline.validate.outliers import late_issues, lateness, outlier_issues
from pipeline.validate.waivers import Waiver, WaiverOutcome, apply_waivers, load_waivers
from pipeline.write.appendix import write_appendix
from pipeline.write.csv_files import SourceRows, manifest, write_issues_csv, write_json, write_values_csv
from pipeline.write.feedback import write_feedback
from pipeline.write.issue_workbook import render_report_md, write_issues_xlsx
from pipeline.write.summary import render_summary_md, summary_json

PARALLEL_FEEDBACK = 16  # fewer feedback workbooks than this are written in this process


@dataclass(frozen=True)
class Settings:
    """Everything a run needs, built once at the edge (CLI or test) and passed in."""

    inbox: Path
    output: Path = Path("output")
    period: Period | None = None
    catalog_path: Path | None = None
    units_path: Path | None = None
    waivers_path: Path | None = None
    deadline: dt.date | None = None
    data_docs: bool = True
    ledger_path: Path | None = None
    """The submission ledger (SQLite); default ``<output>/ledger.sqlite``."""
    root: str | None = None
    """Aggregate for this unit instead of the registry's root (e.g. one district of a province)."""

    @property
    def ledger(self) -> Path:
        return Path(self.ledger_path or Path(self.output) / "ledger.sqlite")


@dataclass(frozen=True)
class RunResult:
    period: Period
    output_dir: Path
    totals: Totals
    completeness: Completeness
    issues: tuple[Issue, ...]
    waivers: WaiverOutcome
    timings: dict[str, float] = dataclasses.field(default_factory=dict)
    """Seconds spent reading, validating, aggregating and writing."""

    @property
    def rejected_files(self) -> int:
        return sum(1 for o in self.completeness.outcomes if o.status is Status.REJECTED)


def _status(sub: Submission, issues: list[Issue]) -> tuple[Status, str]:
    mine = [i for i in issues if i.file == sub.name]
    errors = [i for i in mine if i.is_error]
    warnings = [i for i in mine if i.is_open_warning]
    if errors:
        return Status.REJECTED, f"{len(errors)} lỗi, ví dụ: {errors[0].message}"
    if warnings:
        return Status.ACCEPTED_WITH_WARNINGS, f"{len(warnings)} cảnh báo"
    return Status.ACCEPTED, ""


def expected_units(catalog: Catalog, registry: UnitRegistry) -> list[str]:
    levels = {lv for i in catalog.indicators for lv in i.levels}
    return [u.code for u in registry.subtree() if u.level in levels]


def _publish(staging: Path, final: Path) -> None:
    """Swap a finished output folder into place; the old one is removed only afterwards."""
    old = final.with_name(final.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    if old.exists():
        shutil.rmtree(old)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _provenance(settings: Settings, period: Period, waivers: WaiverOutcome, started: dt.datetime) -> dict[str, Any]:
    """What produced these outputs: versions, configuration files and every waiver."""
    catalog_path = Path(settings.catalog_path or DEFAULT_CATALOG_PATH)
    units_path = Path(settings.units_path or DEFAULT_UNITS_PATH)

    def waiver(w: Any, issue: Issue | None = None) -> dict[str, Any]:
        item = {
            "unit_code": w.unit_code,
            "period": w.period,
            "rule": w.rule,
            "indicator": w.indicator,
            "reason": w.reason,
            "by": w.by,
        }
        if issue is not None:
            item.update({"file": issue.file, "sheet": issue.sheet, "cell": issue.cell})
        return item

    return {
        "period": period.code,
        "started": started.isoformat(timespec="seconds"),
        "baocao_version": __version__,
        "catalog": {"path": str(catalog_path), "sha256": _sha256(catalog_path)},
        "units": {"path": str(units_path), "sha256": _sha256(units_path)},
        "inbox": str(settings.inbox),
        "ledger": str(settings.ledger),
        "deadline": settings.deadline.isoformat() if settings.deadline else None,
        "waivers": {
            "path": str(settings.waivers_path) if settings.waivers_path else None,
            "applied": [waiver(w, i) for w, i in waivers.applied],
            "refused_errors": [waiver(w, i) for w, i in waivers.refused],
            "unused": [waiver(w) for w in waivers.unused],
        },
    }


def _feedback(
    folder: Path,
    active: list[Submission],
    issues: list[Issue],
    registry: UnitRegistry,
    period: Period,
    progress: Progress,
) -> None:
    """A feedback workbook for every submission that has something to say, written in
    parallel when there are many (each is an independent openpyxl load and save)."""
    jobs = []
    for sub in active:
        mine = [i for i in issues if i.file == sub.name]
        if mine:
            unit = registry.get(sub.unit_code)
            stem = f"{sub.unit_code or 'khong_ro'}_{Path(sub.name).stem}"
            jobs.append((sub.path, folder / f"{stem}.xlsx", mine, unit.name if unit else sub.name))
    progress.start("Ghi tệp phản hồi cho các xã", total=len(jobs))
    workers = os.cpu_count() or 1
    if len(jobs) < PARALLEL_FEEDBACK or workers == 1:
        for job in jobs:
            _write_one_feedback(*job, period)
            progress.advance()
        return
    with ProcessPoolExecutor(workers) as pool:
        for _ in pool.map(_write_one_feedback, *zip(*jobs, strict=True), [period] * len(jobs), chunksize=4):
            progress.advance()


def _write_one_feedback(source: Path, dest: Path, issues: list[Issue], unit_name: str, period: Period) -> Path:
    return write_feedback(source, dest, issues, unit_name=unit_name, period=period)


@dataclass(frozen=True)
class _Run:
    """What one run carries from step to step."""

    settings: Settings
    catalog: Catalog
    registry: UnitRegistry
    waivers: list[Waiver]
    intake: Intake
    period: Period
    staging: Path
    started: dt.datetime
    timings: dict[str, float]
    progress: Progress
    validator_factory: Callable[[], GxValidator]


def run(
    settings: Settings,
    validator_factory: Callable[[], GxValidator] = GxValidator,
    progress: Progress | None = None,
) -> RunResult:
    """Aggregate one period's inbox and write every output; raise only for config/usage errors."""
    started = dt.datetime.now()
    progress = progress or NoProgress()
    catalog = load_catalog(settings.catalog_path)
    registry = load_registry(settings.units_path)
    if settings.root:
        if registry.get(settings.root) is None:
            raise UsageError(f"Mã đơn vị tổng hợp '{settings.root}' không có trong danh mục đơn vị.")
        registry = dataclasses.replace(registry, root=settings.root)
    waivers = load_waivers(settings.waivers_path)
    clock = time.perf_counter()
    intake = read_inbox(Path(settings.inbox), catalog, registry, progress=progress)
    timings = {"read": time.perf_counter() - clock}
    period = settings.period or infer_period(intake.submissions)
    final = Path(settings.output) / period.code
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{period.code}-", dir=final.parent))
    context = _Run(
        settings, catalog, registry, waivers, intake, period, staging, started, timings, progress, validator_factory
    )
    try:
        with open_ledger(settings.ledger) as ledger:
            result = _run_period(context, ledger)
            _publish(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        progress.stop()
    return dataclasses.replace(result, output_dir=final)


def _received(intake: Intake, ledger: Ledger) -> dict[str, dt.datetime]:
    """When each file arrived: the e-mail's date when it came through intake, else its file time."""
    received = dict(intake.received)
    shas = [(s.name, s.sha256) for s in intake.submissions] + [(o.file, o.sha256) for o in intake.outcomes]
    for name, sha in shas:
        if name is None or sha is None:
            continue
        receipt = ledger.receive(sha, Path(name).name)
        if receipt.sent_at:
            moment = dt.datetime.fromisoformat(receipt.sent_at)
            received[name] = moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment
    return received


def _history(settings: Settings, ledger: Ledger, period: Period) -> pd.DataFrame:
    """Earlier periods' accepted figures, from the ledger and from earlier output folders."""
    frames = [f for f in (ledger.history(period), load_history(Path(settings.output), period)) if not f.empty]
    if not frames:
        return ledger.history(period)
    return pd.concat(frames).drop_duplicates(["period", "unit_code", "indicator"]).reset_index(drop=True)


def _run_period(ctx: _Run, ledger: Ledger) -> RunResult:
    settings, catalog, registry, waivers, intake = ctx.settings, ctx.catalog, ctx.registry, ctx.waivers, ctx.intake
    period, staging, started, timings, progress = ctx.period, ctx.staging, ctx.started, ctx.timings, ctx.progress
    progress.start("Kiểm tra số liệu (Great Expectations)")
    clock = time.perf_counter()
    validator = ctx.validator_factory()
    received = _received(intake, ledger)
    active, superseded = pick_latest(intake.submissions, period, received)
    docs = staging / "validation" / "data_docs" if settings.data_docs else None
    issues = list(intake.issues) + validate(active, catalog, registry, period, validator, docs)
    issues += late_issues(active, received, settings.deadline)
    failed = {i.file for i in issues if i.is_error}
    history = _history(settings, ledger, period)
    issues += outlier_issues([s for s in active if s.name not in failed], catalog, registry, history)
    issues, waiver_outcome = apply_waivers(issues, waivers, period)
    timings["validate"] = time.perf_counter() - clock
    clock = time.perf_counter()

    def when(name: str | None) -> tuple[str | None, bool | None]:
        moment = received.get(name or "")
        return (moment.isoformat() if moment else None), lateness(moment, settings.deadline)

    outcomes: list[FileOutcome] = [
        FileOutcome(o.unit_code, o.file, o.status, o.reason, o.sha256, *when(o.file))
        for o in (*intake.outcomes, *superseded)
    ]
    accepted: list[Submission] = []
    for sub in active:
        status, reason = _status(sub, issues)
        outcomes.append(FileOutcome(sub.unit_code or None, sub.name, status, reason, sub.sha256, *when(sub.name)))
        if status.counts_in_totals:
            accepted.append(sub)
    expected = expected_units(catalog, registry)
    seen = {o.unit_code for o in outcomes if o.unit_code}
    outcomes += [FileOutcome(c, None, Status.MISSING, "Chưa nhận được báo cáo.") for c in expected if c not in seen]
    order = {code: k for k, code in enumerate(expected)}
    outcomes.sort(key=lambda o: (order.get(o.unit_code or "", len(order)), o.file or ""))
    completeness = Completeness(tuple(expected), tuple(outcomes))
    values = {s.unit_code: {code: cell.value for code, cell in s.values.items()} for s in accepted}
    totals = aggregate(values, catalog, registry)
    parents = {u.parent for u in registry.units}
    groups = [u.code for u in registry.children(registry.root) if u.code in parents]
    subtotals = aggregate_groups(values, catalog, registry, groups) if groups else {}
    timings["aggregate"] = time.perf_counter() - clock
    clock = time.perf_counter()
    progress.start("Ghi phụ lục và báo cáo")

    counts = Counter(i.severity.value for i in issues)
    sources = SourceRows(accepted, catalog, registry)
    write_appendix(staging / f"phu_luc_{period.code}.xlsx", totals, catalog, registry, period, sources, subtotals)
    (staging / "summary.md").write_text(
        render_summary_md(totals, catalog, registry, period, completeness, dict(counts)), encoding="utf-8"
    )
    write_json(staging / "summary.json", summary_json(totals, catalog, period, completeness))
    write_json(staging / "manifest.json", manifest(completeness, period.code))
    write_json(staging / "provenance.json", _provenance(settings, period, waiver_outcome, started))
    write_values_csv(staging / "values.csv", sources)
    validation_dir = staging / "validation"
    write_issues_csv(validation_dir / "issues.csv", issues)
    write_issues_xlsx(validation_dir / "issues.xlsx", issues, completeness, registry, period)
    (validation_dir / "report.md").write_text(
        render_report_md(issues, completeness, registry, period), encoding="utf-8"
    )
    _feedback(validation_dir / "phan_hoi", active, issues, registry, period, progress)
    ledger.record(period, outcomes, intake.submissions, started)
    staging.chmod(0o755)
    timings["write"] = time.perf_counter() - clock
    return RunResult(period, staging, totals, completeness, tuple(issues), waiver_outcome, timings)
