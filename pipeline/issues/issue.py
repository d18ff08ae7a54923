"""Problems found in submissions, located to a cell.

An :class:`Issue` is data, not an exception: the run collects every issue of every file
and goes on, so one commune's mistake never stops the district's totals. The columns
match ``validation/issues.csv``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from pipeline.spec.catalog import Severity

ISSUE_COLUMNS = (
    "unit_code",
    "file",
    "file_sha256",
    "sheet",
    "cell",
    "related_cells",
    "indicator",
    "value",
    "rule",
    "expression",
    "severity",
    "message",
    "fix",
    "waiver",
)


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
    fix: str = ""
    """What the commune should do, in Vietnamese."""
    expression: str = ""
    """The rule as written in the catalog, e.g. ``startup_loan_women <= loan_households``."""
    file_sha256: str | None = None
    related: tuple[tuple[str, str], ...] = ()
    """Every (sheet, cell) the rule looked at; ``cell`` is the first of them."""
    waiver: str | None = None
    """The auditor's reason when this warning was accepted in the waivers file."""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def is_open_warning(self) -> bool:
        """A warning nobody has accepted yet: it makes a unit "accepted with warnings"."""
        return self.severity is Severity.WARNING and self.waiver is None

    def as_row(self) -> dict[str, Any]:
        row = asdict(self)
        row["severity"] = self.severity.value
        row["related_cells"] = ", ".join(f"{sheet}!{cell}" for sheet, cell in self.related)
        row.pop("related")
        return row

    def location(self) -> str:
        """ "tệp X, trang Y, ô Z" for messages; parts that are unknown are left out."""
        parts = [f"tệp {self.file}"]
        if self.sheet:
            parts.append(f"trang {self.sheet}")
        if self.cell:
            parts.append(f"ô {self.cell}")
        return ", ".join(parts)
