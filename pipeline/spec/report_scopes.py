"""Report scopes: one set of commune forms, more than one report, each for its recipient.

Since 1 July 2025 gender equality answers to the Ministry (and provincial Department) of
Home Affairs and child protection to the Ministry (Department) of Health, while the
commune form still carries both. The catalog therefore declares report scopes
(``reports:``), each a list of its sections, and everything else a report holds is
*derived* here, never listed a second time, so adding an indicator stays one entry:

- a figure is in a scope when its section is (a derived figure: when the section of any
  of its operands is);
- an appendix table of figures by unit belongs to a scope when any of its columns does;
  the strategy targets' table when the scope says ``targets: true``;
- a report sentence belongs to a scope when any figure it names does;
- the comparison sheet and the charts keep only the figures in scope.

:func:`narrowed` gives the catalog as one scope's report sees it: the same sections,
figures and rules (so totals and labels are looked up as usual), only its own tables and
sentences. :func:`check_scopes` holds the report settings' ``reports:`` against the
catalog, because neither file alone knows whether a scope id exists.
"""

from __future__ import annotations

import dataclasses
import string
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.spec.settings_files import Problem, refusal

if TYPE_CHECKING:  # the catalog holds its scopes: the type only, to keep the import one-way
    from pipeline.spec.catalog import Catalog
    from pipeline.spec.report_settings import ReportSettings


@dataclass(frozen=True)
class ReportScope:
    """One report made from the common form: which sections it reports, and the targets or not."""

    id: str
    """Names the report in the settings file and in its files (``bao_cao_2026S1_bdg.docx``)."""
    title_vi: str
    """The report's subject as a sentence names it: "công tác bình đẳng giới"."""
    title_en: str = ""
    sections: tuple[str, ...] = ()
    targets: bool = False
    """The report carries the gender-equality strategy's targets (line, table, chart)."""

    def subject(self, english: bool) -> str:
        return (self.title_en or self.title_vi) if english else self.title_vi


def _named(template: str) -> list[str]:
    """The figures a sentence template names: ``{loan_amount}``, ``{rate.numerator}`` → the code."""
    return [ref.split(".")[0] for _, ref, _, _ in string.Formatter().parse(template) if ref]


def scope_codes(catalog: Catalog, scope: ReportScope) -> frozenset[str]:
    """Every figure of the scope: its sections' inputs (with their parts) and the derived
    figures any of whose operands is among them."""
    inputs = {f for s in catalog.sections if s.code in scope.sections for i in s.indicators for f in i.field_codes()}
    derived = {d.code for d in catalog.derived if any(ref in inputs for ref in (*d.numerator, *d.denominator, *d.of))}
    return frozenset(inputs | derived)


def narrowed(catalog: Catalog, scope: ReportScope) -> Catalog:
    """The catalog as the scope's report sees it: only its appendix tables (their charts only
    of figures in scope) and its sentences; sections, figures and rules unchanged."""
    codes = scope_codes(catalog, scope)
    tables = []
    for table in catalog.appendix:
        if table.kind == "targets" and not scope.targets:
            continue
        if table.kind != "targets" and not any(c in codes for c in table.columns):
            continue
        tables.append(dataclasses.replace(table, charts=tuple(c for c in table.charts if c in codes)))
    sentences = tuple(
        dataclasses.replace(item, reports=())  # in its own report, a report's sentence is like any other
        for item in catalog.summary
        if (not item.reports or scope.id in item.reports)
        and any(c in codes for t in item.templates.values() for c in _named(t))
    )
    return dataclasses.replace(catalog, appendix=tuple(tables), summary=sentences)


def check_scopes(report: ReportSettings, catalog: Catalog) -> None:
    """Refuse a ``reports:`` key of the report settings that names no scope of the catalog.

    Called once both files are read and before any input is, so a misspelt ``bgd:`` stops
    the run at once, naming the key and the scopes there are.
    """
    known = [s.id for s in catalog.reports]
    offered = ", ".join(known) if known else "không có (danh mục chưa khai báo mục reports)"
    found = [
        Problem(f"reports.{key}", f"danh mục không có báo cáo '{key}'; các báo cáo có: {offered}")
        for key in report.reports
        if key not in known
    ]
    if found:
        raise refusal(report.source, found)
