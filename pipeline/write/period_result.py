"""What the earlier stages found for one period, and how its outputs are to be written.

Its own module so the writers that need the whole result (the outputs list, the Word
report's placeholders) can share it without importing each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.aggregate.completeness import Completeness
from pipeline.aggregate.history import History
from pipeline.aggregate.totals import Totals
from pipeline.issues.issue import Issue
from pipeline.read.workbook import Submission
from pipeline.spec.catalog import Catalog
from pipeline.spec.periods import Period
from pipeline.spec.report_settings import ReportSettings
from pipeline.spec.units import UnitRegistry


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
    documents_time: dt.datetime | None = None
    """The time every workbook and Word file records: the latest arrival of an inbox file
    (or the end of the period for an empty inbox), never the clock, so re-runs are byte-identical."""
    inner: Mapping[str, Mapping[str, Totals]] = field(default_factory=dict)
    """Each group's own subtotals (a province's districts, in the country's run), for its workbook."""


@dataclass(frozen=True)
class OutputOptions:
    """Choices of the office about the outputs, not about the data."""

    report: ReportSettings = field(default_factory=ReportSettings)
    """Number, date, request and signer of the Word report (``--report``)."""
    report_template: Path | None = None
    """The office's own Word template (``--report-template``); default: the bundled one."""
    pdf: bool = False
    """Also convert the Word report and the appendix to PDF with LibreOffice (``--pdf``)."""
    lang: str = "vi"
    """Language of every output a person reads: "vi" (default) or "en" (the catalog's English labels)."""
