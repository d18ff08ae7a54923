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
import io
import math
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain, repeat
from operator import attrgetter
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


class Memo(dict[Hashable, Any]):
    """``fn`` of each key, worked out once: ``memo[key]`` is a plain dict lookup once the key
    has been seen, so a value of a column that comes back (a sheet's name, a figure, an
    indicator's label) costs no Python call. At most ``limit`` keys are kept."""

    def __init__(self, fn: Callable[[Any], Any], limit: int = 1 << 16) -> None:
        super().__init__()
        self.fn, self.limit = fn, limit

    def __missing__(self, key: Hashable) -> Any:
        found = self.fn(key)
        if len(self) < self.limit:
            self[key] = found
        return found


class CsvField:
    """One field as :func:`csv.writer` writes it in a row (quoted if it must be), without the
    delimiters around it: the writer's own output for the field, so rows joined from such
    fields are the bytes the writer would have written. A field's text depends on the field
    alone (the writer quotes a field for what it holds), so each is worked out once."""

    def __init__(self, dialect: Any = "excel") -> None:
        self._buffer = io.StringIO(newline="")
        self._writer = csv.writer(self._buffer, dialect)
        self._end = len(self._writer.dialect.delimiter + self._writer.dialect.lineterminator)

    def __call__(self, value: Any) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow((value, ""))  # a second, empty field: a lone "" would be written quoted
        return self._buffer.getvalue()[: -self._end]


_VALUE, _SHEET, _CELL = attrgetter("value"), attrgetter("sheet"), attrgetter("cell")
_FIGURES = frozenset({float, type(None)})
"""The types a figure is memoised for: a key equal to another of another type (``True`` and
``1.0``) would take the other's text."""


def write_values_csv(path: Path, rows: Iterable[Mapping[str, Any]]) -> None:
    if not isinstance(rows, SourceRows):
        write_csv(path, VALUE_COLUMNS, rows)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(VALUE_COLUMNS)
        # 800,000 rows in a national run, as the writer would write them: each row is joined from
        # its fields' texts, each text worked out once (a memo per column), never a call per value
        field, delimiter, end = CsvField(writer.dialect), writer.dialect.delimiter, writer.dialect.lineterminator
        label = rows.catalog.label_vi

        def figure(value: Any) -> str:
            return field(csv_cell(value))

        indicators = Memo(lambda code: field(code) + delimiter + field(label(code)) + delimiter)
        figures = Memo(figure)
        sheets = Memo(lambda sheet: field(safe_text(sheet)) + delimiter)
        cells = Memo(lambda cell: field(safe_text(cell)) + end)
        for sub in rows.submissions:  # only the file, sheet and cell names came from the commune
            unit = rows.registry[sub.unit_code]
            head = field(unit.code) + delimiter + field(unit.name) + delimiter
            file = delimiter + field(safe_text(sub.name)) + delimiter
            found = sub.values.values()
            values = list(map(_VALUE, found))
            memo = _FIGURES.issuperset(map(type, values))
            parts = zip(
                repeat(head),
                map(indicators.__getitem__, sub.values.keys()),
                map(figures.__getitem__ if memo else figure, values),
                repeat(file),
                map(sheets.__getitem__, map(_SHEET, found)),
                map(cells.__getitem__, map(_CELL, found)),
            )
            handle.write("".join(chain.from_iterable(parts)))
