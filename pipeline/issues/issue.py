"""Problems found in submissions, located to a cell.

An :class:`Issue` is data, not an exception: the run collects every issue of every file
and goes on, so one commune's mistake never stops the district's totals. The columns
match ``validation/issues.csv``. Issues are made with :meth:`Issue.of` from an
:class:`~pipeline.issues.codes.IssueCode`, so the wording always comes from the one
catalog of codes and no caller can put a field in the wrong place.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from pipeline.issues.codes import IssueCode, location_prefix
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
AUTOMATIC_FIELDS = frozenset({"file", "unit_code", "sheet", "cell", "indicator", "at"})
"""Template fields :meth:`Issue.of` fills from the issue's own location (``at``: see
:func:`~pipeline.issues.codes.location_prefix`); every other field is the caller's."""


@dataclass(frozen=True, kw_only=True)
class Issue:
    """One problem: where it is (unit, file, sheet, cell), what rule, how bad, what to do."""

    unit_code: str | None
    file: str
    sheet: str | None
    cell: str | None
    indicator: str | None
    value: Any
    rule: str
    """The code's value; for a catalog rule, the rule's own id."""
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

    @classmethod
    def of(
        cls,
        code: IssueCode,
        *,
        file: str,
        unit_code: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        indicator: str | None = None,
        value: Any = None,
        related: tuple[tuple[str, str], ...] | None = None,
        expression: str = "",
        file_sha256: str | None = None,
        severity: Severity | None = None,
        rule: str | None = None,
        **fields: Any,
    ) -> Issue:
        """The issue of ``code`` at this place, worded from the code's templates.

        ``fields`` fill the templates' placeholders besides :data:`AUTOMATIC_FIELDS`; a
        missing one raises :class:`KeyError`, one the templates do not use raises
        :class:`TypeError`, so a wrong call fails in the tests, not in a clerk's report.
        ``related`` defaults to the cell itself. ``severity`` overrides the code's own
        (a catalog rule's severity is the catalog's); ``rule`` is the catalog rule's id
        and only :attr:`IssueCode.CATALOG_RULE` takes one.
        """
        wrong = (set(fields) - code.placeholders) | (AUTOMATIC_FIELDS & set(fields))
        if wrong:
            raise TypeError(f"issue code {code.value} does not take the field(s) {', '.join(sorted(wrong))}")
        if (rule is None) is (code is IssueCode.CATALOG_RULE):
            raise TypeError(f"a rule id goes with {IssueCode.CATALOG_RULE.value} and only with it, not {code.value}")
        place = {"file": file, "unit_code": unit_code, "sheet": sheet, "cell": cell, "indicator": indicator}
        context = {**place, "at": location_prefix(sheet, cell), **fields}
        return cls(
            unit_code=unit_code,
            file=file,
            sheet=sheet,
            cell=cell,
            indicator=indicator,
            value=value,
            rule=rule or code.value,
            severity=severity or code.severity,
            message=code.message(**context),
            fix=code.fix(**context),
            expression=expression,
            file_sha256=file_sha256,
            related=((sheet, cell),) if related is None and sheet and cell else related or (),
        )

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
