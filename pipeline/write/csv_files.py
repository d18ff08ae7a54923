"""Plain-file outputs for auditors: issues.csv, values.csv and manifest.json.

CSV files carry a byte-order mark so Excel opens Vietnamese text correctly, and any text
that came from a commune and starts like a formula is written with a leading
apostrophe, so opening the file can never run it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.aggregate.completeness import Completeness
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


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows([("" if (v := row.get(k)) is None else safe_text(v)) for k in columns] for row in rows)


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


def _blank(value: float | None) -> float | str:
    return "" if value is None else value


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
                    _blank(cell.value),
                    file,
                    safe_text(cell.sheet),
                    safe_text(cell.cell),
                )
                for code, cell in sub.values.items()
            )


def manifest(completeness: Completeness, period: str) -> dict[str, Any]:
    """Every inbox file and every expected unit, each with its status and reason."""
    return {
        "period": period,
        "files": [
            {
                "file": o.file,
                "sha256": o.sha256,
                "unit_code": o.unit_code,
                "status": o.status.value,
                "status_vi": o.status.label_vi,
                "reason": o.reason,
                "received": o.received,
                "late": o.late,
            }
            for o in completeness.outcomes
        ],
    }


PRETTY_JSON_MAX_CHARS = 1 << 20


def write_json(path: Path, data: Mapping[str, Any]) -> None:
    """Indented for reading, unless the document is over 1 MB (a province's summary with
    every commune's figures is 24 MB): Python's JSON encoder indents in pure Python,
    seconds for such a file, while the compact form is written by its C encoder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if len(text) <= PRETTY_JSON_MAX_CHARS:
        text = json.dumps(data, ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")
