"""Problems found in submissions, located to a cell.

An :class:`Issue` is data, not an exception: the run collects every issue of every file
and goes on, so one commune's mistake never stops the district's totals. The columns
match ``validation/issues.csv``. Issues are made with :meth:`Issue.of` from an
:class:`~pipeline.issues.codes.IssueCode`, so the wording always comes from the one
catalog of codes and no caller can put a field in the wrong place. An issue keeps its
code and fields, so :meth:`Issue.text` words it again in English (``--lang en``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from pipeline.issues.codes import LANGS, IssueCode, location_prefix
from pipeline.issues.english import english_fields, english_text
from pipeline.spec.catalog import Severity

if TYPE_CHECKING:
    from pipeline.spec.catalog import Catalog

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
    code: IssueCode | None = field(default=None, compare=False, repr=False)
    """The code the issue was worded from (:meth:`of`); None for an issue made by hand."""
    fields: tuple[tuple[str, Any], ...] = field(default=(), compare=False, repr=False)
    """The fields the code's templates were filled with besides the location, to word it again."""

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
            code=code,
            fields=tuple(fields.items()),
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
        for name in ("related", "code", "fields"):
            row.pop(name)
        return row

    def text(self, lang: str = "vi", catalog: Catalog | None = None) -> str:
        """The message in ``lang``: in Vietnamese, :attr:`message` itself; in English, worded
        again from the code, with the ``catalog``'s English labels and units when given."""
        if _language(lang) == "vi":
            return self.message
        if self.code is None:
            return english_text(self.message, catalog)
        return self.code.message(lang=lang, **self._context(lang, catalog))

    def fix_text(self, lang: str = "vi", catalog: Catalog | None = None) -> str:
        """What to do, in ``lang``: in Vietnamese, :attr:`fix` itself."""
        if _language(lang) == "vi":
            return self.fix
        if self.code is None:
            return english_text(self.fix, catalog, part="fix")
        return self.code.fix(lang=lang, **self._context(lang, catalog))

    def _context(self, lang: str, catalog: Catalog | None) -> dict[str, Any]:
        place = {"file": self.file, "unit_code": self.unit_code, "sheet": self.sheet, "cell": self.cell}
        assert self.code is not None
        words = english_fields(
            self.code, dict(self.fields), catalog, indicator=self.indicator, rule=self.rule, expression=self.expression
        )
        return {**place, "indicator": self.indicator, "at": location_prefix(self.sheet, self.cell, lang), **words}

    def location(self, lang: str = "vi") -> str:
        """ "tệp X, trang Y, ô Z" ("file X, sheet Y, cell Z") for messages; unknown parts are left out."""
        file, sheet, cell = ("file", "sheet", "cell") if _language(lang) == "en" else ("tệp", "trang", "ô")
        parts = [f"{file} {self.file}"]
        if self.sheet:
            parts.append(f"{sheet} {self.sheet}")
        if self.cell:
            parts.append(f"{cell} {self.cell}")
        return ", ".join(parts)


def _language(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; issues are worded in {', '.join(LANGS)}")
    return lang
