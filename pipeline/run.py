"""One run: inbox -> read -> validate -> aggregate -> write, in that order only.

Outputs are written to a temporary folder beside the destination and moved into place
only when complete, so an interrupted run leaves the previous outputs intact.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.aggregation import Totals, aggregate
from pipeline.appendix import write_appendix
from pipeline.catalog import Catalog, load_catalog
from pipeline.completeness import Completeness, FileOutcome, Status
from pipeline.gx_validation import GxValidator
from pipeline.intake import infer_period, pick_latest, read_inbox
from pipeline.issues import Issue
from pipeline.periods import Period
from pipeline.reader import Submission
from pipeline.reports import manifest, write_issues_csv, write_json, write_values_csv
from pipeline.summary import render_summary_md, summary_json
from pipeline.units import UnitRegistry, load_registry
from pipeline.validation import validate


@dataclass(frozen=True)
class Settings:
    """Everything a run needs, built once at the edge (CLI or test) and passed in."""

    inbox: Path
    output: Path = Path("output")
    period: Period | None = None
    catalog_path: Path | None = None
    units_path: Path | None = None


@dataclass(frozen=True)
class RunResult:
    period: Period
    output_dir: Path
    totals: Totals
    completeness: Completeness
    issues: tuple[Issue, ...]

    @property
    def rejected_files(self) -> int:
        return sum(1 for o in self.completeness.outcomes if o.status is Status.REJECTED)


def _status(sub: Submission, issues: list[Issue]) -> tuple[Status, str]:
    mine = [i for i in issues if i.file == sub.name]
    errors = [i for i in mine if i.is_error]
    if errors:
        return Status.REJECTED, f"{len(errors)} lỗi, ví dụ: {errors[0].message}"
    if mine:
        return Status.ACCEPTED_WITH_WARNINGS, f"{len(mine)} cảnh báo"
    return Status.ACCEPTED, ""


def expected_units(catalog: Catalog, registry: UnitRegistry) -> list[str]:
    levels = {lv for i in catalog.indicators for lv in i.levels}
    return [u.code for u in registry.subtree() if u.level in levels]


def _sources(accepted: list[Submission], catalog: Catalog, registry: UnitRegistry) -> list[dict[str, Any]]:
    rows = []
    for sub in accepted:
        unit = registry[sub.unit_code]
        for code, cell in sub.values.items():
            rows.append(
                {
                    "unit_code": unit.code,
                    "unit_name": unit.name,
                    "indicator": code,
                    "label": catalog.label_vi(code),
                    "value": cell.value,
                    "file": sub.name,
                    "sheet": cell.sheet,
                    "cell": cell.cell,
                }
            )
    return rows


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


def run(settings: Settings, validator_factory: Callable[[], GxValidator] = GxValidator) -> RunResult:
    """Aggregate one period's inbox and write every output; raise only for config/usage errors."""
    catalog = load_catalog(settings.catalog_path)
    registry = load_registry(settings.units_path)
    intake = read_inbox(Path(settings.inbox), catalog, registry)
    period = settings.period or infer_period(intake.submissions)
    active, superseded = pick_latest(intake.submissions, period)
    issues = list(intake.issues) + validate(active, catalog, registry, period, validator_factory())
    outcomes: list[FileOutcome] = list(intake.outcomes) + superseded
    accepted: list[Submission] = []
    for sub in active:
        status, reason = _status(sub, issues)
        outcomes.append(FileOutcome(sub.unit_code or None, sub.name, status, reason, sub.sha256))
        if status.counts_in_totals:
            accepted.append(sub)
    expected = expected_units(catalog, registry)
    seen = {o.unit_code for o in outcomes if o.unit_code}
    outcomes += [
        FileOutcome(code, None, Status.MISSING, "Chưa nhận được báo cáo.") for code in expected if code not in seen
    ]
    order = {code: k for k, code in enumerate(expected)}
    outcomes.sort(key=lambda o: (order.get(o.unit_code or "", len(order)), o.file or ""))
    completeness = Completeness(tuple(expected), tuple(outcomes))
    values = {s.unit_code: {code: cell.value for code, cell in s.values.items()} for s in accepted}
    totals = aggregate(values, catalog, registry)

    final = Path(settings.output) / period.code
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{period.code}-", dir=final.parent))
    try:
        counts = Counter(i.severity.value for i in issues)
        sources = _sources(accepted, catalog, registry)
        write_appendix(staging / f"phu_luc_{period.code}.xlsx", totals, catalog, registry, period, sources)
        (staging / "summary.md").write_text(
            render_summary_md(totals, catalog, registry, period, completeness, dict(counts)), encoding="utf-8"
        )
        write_json(staging / "summary.json", summary_json(totals, catalog, period, completeness))
        write_json(staging / "manifest.json", manifest(completeness, period.code))
        write_issues_csv(staging / "validation" / "issues.csv", issues)
        write_values_csv(staging / "values.csv", sources)
        staging.chmod(0o755)
        _publish(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return RunResult(period, final, totals, completeness, tuple(issues))
