"""CSV outputs for auditors: issues.csv and values.csv.

CSV files carry a byte-order mark so Excel opens Vietnamese text correctly, and any text
that came from a commune and starts like a formula is written with a leading
apostrophe, so opening the file can never run it. Figures are written for programs and
auditors, not in the Vietnamese display format: a whole number as ``12`` (figures are read
as floats, and Python would write ``12.0``), a decimal with all its digits and a point
(``97.9``), never thousands separators (``1.250`` would read back as one and a quarter).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.issues.issue import ISSUE_COLUMNS, Issue

if TYPE_CHECKING:
    from pipeline.read.workbook import Submission
    from pipeline.spec.catalog import Catalog
    from pipeline.spec.units import UnitRegistry

VALUE_COLUMNS = ("unit_code", "unit_name", "indicator", "label", "value", "file", "sheet", "cell")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: Any) -> Any:
    """Neutralise text that a spreadsheet would take for a formula; numbers pass through."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_number(value: float) -> str:
    """A figure as a CSV cell: ``12`` for 12.0, ``97.9``, ``0.00001`` (never ``1e-05``), ``-3``.

    The decimal is the float's shortest exact repr, so no digit is added or lost; the
    pipeline.spec.numbers helpers are for Vietnamese readers ("1.250", "97,9") and would be
    misread by a program or an English-locale spreadsheet.
    """
    if not math.isfinite(value):
        return repr(value)
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def csv_cell(value: Any) -> Any:
    """What one cell holds: blank for ``None``, a figure as :func:`csv_number`, text made safe."""
    if value is None:
        return ""
    if isinstance(value, float):
        return csv_number(value)
    return safe_text(value)


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows([csv_cell(row.get(k)) for k in columns] for row in rows)


def write_issues_csv(path: Path, issues: Sequence[Issue]) -> None:
    write_csv(path, ISSUE_COLUMNS, (issue.as_row() for issue in issues))


@dataclass(frozen=True)
class SourceRows:
    """Every value behind the totals, one row per unit and indicator (VALUE_COLUMNS).

    Rows are made while iterating, never held: a national run has 800,000 of them, and
    as dicts they would take more memory than everything else in the run together.
    """

    submissions: Sequence[Submission]
    catalog: Catalog
    registry: UnitRegistry

    def __len__(self) -> int:
        return sum(len(sub.values) for sub in self.submissions)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        label = self.catalog.label_vi
        for sub in self.submissions:
            unit = self.registry[sub.unit_code]
            for code, cell in sub.values.items():
                row = (unit.code, unit.name, code, label(code), cell.value, sub.name, cell.sheet, cell.cell)
                yield dict(zip(VALUE_COLUMNS, row, strict=True))


def write_values_csv(path: Path, rows: Iterable[Mapping[str, Any]]) -> None:
    if not isinstance(rows, SourceRows):
        write_csv(path, VALUE_COLUMNS, rows)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(VALUE_COLUMNS)
        label = rows.catalog.label_vi
        for sub in rows.submissions:  # only the file, sheet and cell names came from the commune
            unit, file = rows.registry[sub.unit_code], safe_text(sub.name)
            writer.writerows(
                (
                    unit.code,
                    unit.name,
                    code,
                    label(code),
                    csv_cell(cell.value),
                    file,
                    safe_text(cell.sheet),
                    safe_text(cell.cell),
                )
                for code, cell in sub.values.items()
            )
