"""``summary.md`` for people and ``summary.json`` for machines, from the same figures.

The markdown holds the district report's own sentences (the catalog's, worded by
:mod:`pipeline.write.sentences` for the units that reported, as in the Word draft).
The JSON carries the same figures with the exact display string, so the outputs can
never disagree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from pipeline.aggregate.completeness import Completeness, Status
from pipeline.aggregate.history import History
from pipeline.aggregate.totals import Totals
from pipeline.spec.catalog import Catalog
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry
from pipeline.write.comparison import carried_notes, compared, report_codes
from pipeline.write.figure_text import FigureView, Scope, figure_views
from pipeline.write.sentences import render_sentences
from pipeline.write.wording import (
    AGGREGATING_UNIT,
    CHECKS,
    COMPARISON,
    FILE,
    LATE_LIST,
    NO_REASON,
    NOT_SENT_LIST,
    RECEIPT,
    REFUSED_HEAD,
    SUMMARY_TITLE,
    UNKNOWN_UNIT,
    VALID_OF,
    period_label,
)  # fmt: skip

ISSUES_FILE = "validation/report.md"
COMPARISON_HEADING = "## So sánh với các kỳ trước"


def scope_of(registry: UnitRegistry, completeness: Completeness) -> Scope:
    """What the run's sentences may claim: the expected units and those whose report counts."""
    accepted = frozenset(completeness.accepted)
    held = frozenset(completeness.codes(Status.HELD)) - accepted
    return Scope(registry, tuple(completeness.expected), accepted, frozenset(completeness.rejected), held)


def render_sentence(template: str, totals: Totals, catalog: Catalog, scope: Scope | None = None) -> str:
    """Fill one sentence template with the Vietnamese figures, as written (no clause rewriting)."""
    return template.format_map(figure_views(totals, catalog, scope))


def _unique(codes: list[str]) -> list[str]:
    return list(dict.fromkeys(codes))


def _name(registry: UnitRegistry, code: str) -> str:
    unit = registry.get(code)
    return f"{unit.name} ({code})" if unit else code


def _completeness_lines(
    registry: UnitRegistry, completeness: Completeness, issue_counts: Mapping[str, int]
) -> list[str]:
    expected = completeness.expected
    known = set(expected)
    accepted = [c for c in _unique(completeness.accepted) if c in known]
    lines = [VALID_OF(have=len(accepted), expected=len(expected)), ""]
    rejected = set(completeness.rejected)
    refused = [
        o for o in completeness.outcomes if o.status is Status.REJECTED and (o.unit_code in rejected or not o.unit_code)
    ]
    if refused:
        lines.append(REFUSED_HEAD())
        for o in refused:
            who = _name(registry, o.unit_code) if o.unit_code else UNKNOWN_UNIT()
            where = f" — {FILE()} `{o.file}`" if o.file else ""
            lines.append(f"- {who}: {o.reason or NO_REASON()}{where}")
        lines.append("")
    if completeness.missing:
        names = ", ".join(_name(registry, c) for c in completeness.missing)
        lines += [NOT_SENT_LIST(names=names), ""]
    late = [o for o in completeness.outcomes if o.late and o.status is not Status.IGNORED]
    if late:
        names = ", ".join(_name(registry, o.unit_code) if o.unit_code else str(o.file) for o in late)
        lines += [LATE_LIST(names=names), ""]
    errors, warnings = issue_counts.get("error", 0), issue_counts.get("warning", 0)
    lines.append(CHECKS(errors=errors, warnings=warnings, where=ISSUES_FILE))
    return lines


def render_summary_md(
    totals: Totals,
    catalog: Catalog,
    registry: UnitRegistry,
    period: Period,
    completeness: Completeness,
    issue_counts: Mapping[str, int],
    history: History | None = None,
) -> str:
    """The Vietnamese summary: who reported, one paragraph per catalog sentence, then the
    comparison with earlier periods when the ledger holds them (nothing is said otherwise)."""
    scope = scope_of(registry, completeness)
    lines = [
        "# " + SUMMARY_TITLE(period=period_label(period.year, period.half)),
        "",
        AGGREGATING_UNIT(name=registry[totals.root].name),
        "",
        "## " + RECEIPT(),
        "",
    ]
    lines += _completeness_lines(registry, completeness, issue_counts)
    for sentence in render_sentences(totals, catalog, scope):
        lines += ["", f"## {sentence.heading}", "", sentence.text]
    rows = list(compared(totals, catalog, registry, history or History(), report_codes(catalog)))
    if rows:
        lines += ["", "## " + COMPARISON(), ""]
        lines += [f"- {row.label}: {row.now}; {'; '.join(row.changes)}." for row in rows]
        for note in carried_notes(history or History(), registry):
            lines += ["", f"_{note}_"]
    return "\n".join(lines) + "\n"


def _json_number(value: float | bool | None) -> int | float | bool | None:
    """Whole floats become ints (162, not 162.0); booleans and blanks pass through."""
    if value is None or isinstance(value, bool):
        return value
    number = float(value)
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() else number


def summary_json(
    totals: Totals, catalog: Catalog, registry: UnitRegistry, period: Period, completeness: Completeness
) -> dict[str, Any]:
    """Every figure with its unit values and its display text, plus the file outcomes."""
    scope = scope_of(registry, completeness)
    indicators: dict[str, Any] = {}
    for code, fig in totals.figures.items():
        indicators[code] = {
            "value": _json_number(fig.value),
            "numerator": _json_number(fig.numerator),
            "denominator": _json_number(fig.denominator),
            "by_unit": {unit: _json_number(v) for unit, v in fig.by_unit.items()},
            "unit": catalog.unit_of(code),
            "display": FigureView(fig, catalog, totals, scope).display,
        }
    return {
        "period": period.code,
        "root": totals.root,
        "units": {
            "expected": list(completeness.expected),
            "accepted": _unique(completeness.accepted),
            "rejected": list(completeness.rejected),
            "missing": list(completeness.missing),
            "late": _unique([o.unit_code for o in completeness.outcomes if o.late and o.unit_code]),
            "superseded_files": [o.file for o in completeness.outcomes if o.status is Status.SUPERSEDED],
        },
        "files": [
            {
                "file": o.file,
                "unit_code": o.unit_code,
                "status": o.status.value,
                "reason": o.reason,
                "received": o.received,
                "late": o.late,
            }
            for o in completeness.outcomes
        ],
        "indicators": indicators,
    }
