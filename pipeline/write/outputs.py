"""Every output of one period, written into the staging folder in one place.

The list of files here is the list in the README's table for auditors; adding an output
is one line here and its own module beside this one. The Word report and its appendix are
written once per report scope the ``--report`` file names under ``reports:`` (each with its
own particulars), or once for the combined report without it; everything else is one set
for the whole run.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.progress import Progress
from pipeline.spec.report_scopes import ReportScope, check_scopes, narrowed, scope_codes
from pipeline.spec.report_settings import ReportSettings
from pipeline.write.appendix import write_appendix
from pipeline.write.appendix_parts import parts_folder, write_parts
from pipeline.write.appendix_sources import SourceList
from pipeline.write.comparison import carried_notes, comparison_rows
from pipeline.write.csv_files import SourceRows, write_issues_csv, write_values_csv
from pipeline.write.feedback import write_feedback_workbooks
from pipeline.write.issue_workbook import write_issues_xlsx
from pipeline.write.pdf import to_pdf
from pipeline.write.period_result import OutputOptions, PeriodResult
from pipeline.write.records import manifest, write_json
from pipeline.write.report_docx import output_name, write_report
from pipeline.write.reproducible import freeze_documents, output_hashes
from pipeline.write.summary import render_summary_md, summary_json
from pipeline.write.validation_report import render_report_md

__all__ = ["OutputOptions", "PeriodResult", "write_outputs"]


def write_outputs(folder: Path, result: PeriodResult, progress: Progress, options: OutputOptions | None = None) -> None:
    """Write the report, appendix, summaries, values, issue reports, feedback and records into ``folder``."""
    r, period, options = result, result.period, options or OutputOptions()
    sources = SourceRows(r.accepted, r.catalog, r.registry)
    documents: list[Path] = []
    for part, particulars in report_parts(r, options.report):
        documents += _report(folder, r, sources, part, particulars, options)
    if options.pdf:
        to_pdf(documents, folder)
    counts = dict(Counter(i.severity.value for i in r.issues))
    summary = render_summary_md(r.totals, r.catalog, r.registry, period, r.completeness, counts, r.history)
    (folder / "summary.md").write_text(summary, encoding="utf-8")
    write_json(folder / "summary.json", summary_json(r.totals, r.catalog, r.registry, period, r.completeness))
    write_json(folder / "manifest.json", manifest(r.completeness, period.code))
    write_values_csv(folder / "values.csv", sources)
    validation = folder / "validation"
    write_issues_csv(validation / "issues.csv", r.issues)
    write_issues_xlsx(validation / "issues.xlsx", r.issues, r.completeness, r.registry, period, catalog=r.catalog)
    report = render_report_md(r.issues, r.completeness, r.registry, period, r.remarks, options.lang, r.catalog)
    (validation / "report.md").write_text(report, encoding="utf-8")
    write_feedback_workbooks(
        validation / "phan_hoi", r.submissions, r.issues, r.registry, period, progress, r.notes,
        catalog=r.catalog, report=options.report, lang=options.lang, root=r.totals.root,
    )  # fmt: skip
    freeze_documents(
        folder, r.documents_time or dt.datetime(period.year, 6 * period.half, 30 if period.half == 1 else 31)
    )
    record = {**r.provenance, "outputs": output_hashes(folder, leave_out=("provenance.json",))}
    write_json(folder / "provenance.json", record)  # last: it lists the SHA-256 of every other output


def report_parts(result: PeriodResult, report: ReportSettings) -> list[tuple[ReportScope | None, ReportSettings]]:
    """The reports to write, each with its particulars: the scopes ``reports:`` names, in the
    catalog's order, or the one combined report (``None``) when it names none."""
    if not report.reports:
        return [(None, report)]
    check_scopes(report, result.catalog)  # the run checks it before reading; settings built in code too
    return [(scope, report.reports[scope.id]) for scope in result.catalog.reports if scope.id in report.reports]


@dataclass(frozen=True)
class _InScope:
    """The values behind one report's figures only: a report scope's appendix lists no other's."""

    rows: SourceRows
    codes: frozenset[str]

    def __len__(self) -> int:
        return sum(1 for sub in self.rows.submissions for code in sub.values if code in self.codes)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (row for row in self.rows if row["indicator"] in self.codes)


def _report(folder: Path, r: PeriodResult, sources: SourceRows, part: ReportScope | None, report: ReportSettings,
            options: OutputOptions) -> list[Path]:  # fmt: skip
    """One Word report and its appendix workbook, of the combined report or of the scope ``part``."""
    period, template = r.period, options.report_template
    columns = [c for table in r.catalog.appendix for c in table.columns]
    listed: SourceList = sources
    if part is not None:
        codes = scope_codes(r.catalog, part)
        columns = [c for table in narrowed(r.catalog, part).appendix for c in table.columns if c in codes]
        listed = _InScope(sources, codes)
    earlier = comparison_rows(r.totals, r.catalog, r.registry, r.history, list(dict.fromkeys(columns)))
    appendix = folder / output_name("phu_luc", period, part, ".xlsx")
    detail = parts_folder(appendix).name if r.subtotals else None  # a province's: a row per district
    write_appendix(
        appendix, r.totals, r.catalog, r.registry, period, listed, r.subtotals, earlier, report, options.lang, part,
        carried_notes(r.history, r.registry), detail=detail,
    )  # fmt: skip
    if r.subtotals:
        write_parts(appendix, r.totals, r.subtotals, r.inner, catalog=r.catalog, registry=r.registry, period=period,
                    report=report, lang=options.lang, part=part)  # fmt: skip
    draft = write_report(folder / output_name("bao_cao", period, part, ".docx"), r, report, template, part)
    return [draft, appendix]
