"""Problems found in submissions, located to a cell.

An :class:`Issue` is data, not an exception: the run collects every issue of every file
and goes on, so one commune's mistake never stops the district's totals. The columns
match ``validation/issues.csv``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from pipeline.catalog import Severity

ISSUE_COLUMNS = ("unit_code", "file", "sheet", "cell", "indicator", "value", "rule", "severity", "message")


@dataclass(frozen=True)
class Issue:
    """One problem: where it is (unit, file, sheet, cell), what rule, how bad, what to do."""

    unit_code: str | None
    file: str
    sheet: str | None
    cell: str | None
    indicator: str | None
    value: Any
    rule: str
    severity: Severity
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_row(self) -> dict[str, Any]:
        row = asdict(self)
        row["severity"] = self.severity.value
        return row

    def location(self) -> str:
        """ "tệp X, trang Y, ô Z" for messages; parts that are unknown are left out."""
        parts = [f"tệp {self.file}"]
        if self.sheet:
            parts.append(f"trang {self.sheet}")
        if self.cell:
            parts.append(f"ô {self.cell}")
        return ", ".join(parts)
