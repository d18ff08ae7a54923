"""Every output of one period, written into the staging folder in one place.

The list of files here is the list in the README's table for auditors; adding an output
is one line here and its own module beside this one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.aggregate.completeness import Completeness
from pipeline.aggregate.history import History
from pipeline.aggregate.totals import Totals
from pipeline.issues.issue import Issue
from pipeline.progress import Progress
from pipeline.read.workbook import Submission
from pipeline.spec.catalog import Catalog
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry
from pipeline.write.appendix import write_appendix
from pipeline.write.csv_files import SourceRows, write_issues_csv, write_values_csv
from pipeline.write.feedback import write_feedback_workbooks
from pipeline.write.issue_workbook import write_issues_xlsx
from pipeline.write.records import manifest, write_json
from pipeline.write.summary import render_summary_md, summary_json
from pipeline.write.validation_report import render_report_md


@dataclass(frozen=True)
class PeriodResult:
    """What the earlier stages found for one period: everything the outputs show."""

    period: Period
    catalog: Catalog
    registry: UnitRegistry
    totals: Totals
    subtotals: Mapping[str, Totals]
    completeness: Completeness
    issues: Sequence[Issue]
    submissions: Sequence[Submission]
    """The submissions that competed for the period (accepted and rejected)."""
    accepted: Sequence[Submission]
    provenance: Mapping[str, Any]
    notes: Mapping[str, str] = field(default_factory=dict)
    """File -> a sentence its feedback must carry (a rejected correction: which report still counts)."""
    remarks: tuple[str, ...] = ()
    """Sentences about the whole run for the validation report (a check that could not be made)."""
    history: History = field(default_factory=History)
    """The earlier periods the ledger holds, for "tăng … so với cùng kỳ"."""


def write_outputs(folder: Path, result: PeriodResult, progress: Progress) -> None:
    """Write the appendix, summaries, values, issue reports, feedback and records into ``folder``."""
    r, period = result, result.period
    sources = SourceRows(r.accepted, r.catalog, r.registry)
    write_appendix(
        folder / f"phu_luc_{period.code}.xlsx", r.totals, r.catalog, r.registry, period, sources, r.subtotals
    )
    counts = dict(Counter(i.severity.value for i in r.issues))
    summary = render_summary_md(r.totals, r.catalog, r.registry, period, r.completeness, counts, r.history)
    (folder / "summary.md").write_text(summary, encoding="utf-8")
    write_json(folder / "summary.json", summary_json(r.totals, r.catalog, r.registry, period, r.completeness))
    write_json(folder / "manifest.json", manifest(r.completeness, period.code))
    write_json(folder / "provenance.json", r.provenance)
    write_values_csv(folder / "values.csv", sources)
    validation = folder / "validation"
    write_issues_csv(validation / "issues.csv", r.issues)
    write_issues_xlsx(validation / "issues.xlsx", r.issues, r.completeness, r.registry, period)
    report = render_report_md(r.issues, r.completeness, r.registry, period, r.remarks)
    (validation / "report.md").write_text(report, encoding="utf-8")
    write_feedback_workbooks(validation / "phan_hoi", r.submissions, r.issues, r.registry, period, progress, r.notes)
