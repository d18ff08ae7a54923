"""Every output of one period, written into the staging folder in one place.

The list of files here is the list in the README's table for auditors; adding an output
is one line here and its own module beside this one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from pipeline.progress import Progress
from pipeline.write.appendix import write_appendix
from pipeline.write.comparison import comparison_rows
from pipeline.write.csv_files import SourceRows, write_issues_csv, write_values_csv
from pipeline.write.feedback import write_feedback_workbooks
from pipeline.write.issue_workbook import write_issues_xlsx
from pipeline.write.pdf import to_pdf
from pipeline.write.period_result import OutputOptions, PeriodResult
from pipeline.write.records import manifest, write_json
from pipeline.write.report_docx import write_report
from pipeline.write.reproducible import freeze_documents, output_hashes
from pipeline.write.summary import render_summary_md, summary_json
from pipeline.write.validation_report import render_report_md

__all__ = ["OutputOptions", "PeriodResult", "write_outputs"]


def write_outputs(folder: Path, result: PeriodResult, progress: Progress, options: OutputOptions | None = None) -> None:
    """Write the report, appendix, summaries, values, issue reports, feedback and records into ``folder``."""
    r, period, options = result, result.period, options or OutputOptions()
    sources = SourceRows(r.accepted, r.catalog, r.registry)
    appendix = folder / f"phu_luc_{period.code}.xlsx"
    columns = [code for table in r.catalog.appendix for code in table.columns]
    earlier = comparison_rows(r.totals, r.catalog, r.registry, r.history, list(dict.fromkeys(columns)))
    write_appendix(
        appendix, r.totals, r.catalog, r.registry, period, sources, r.subtotals, earlier, options.report, options.lang
    )
    draft = write_report(folder / f"bao_cao_{period.code}.docx", r, options.report, options.report_template)
    if options.pdf:
        to_pdf([draft, appendix], folder)
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
