"""A returned form must carry the key of the form issued to the unit it declares.

A mismatching key, or a key where nothing was issued for that unit and period, holds the
file for review: it is never counted and never supersedes an accepted file. A form with
no key (filled from the blank master, or issued before keys existed) is accepted as
before, and marked when a keyed form had been issued to its unit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.forms.layout import FORM_KEY, META_SHEET
from pipeline.intake.outcomes import FileOutcome, Status
from pipeline.issues.codes import IssueCode
from pipeline.issues.issue import Issue
from pipeline.read.workbook import Submission
from pipeline.spec.units import UnitRegistry


@dataclass(frozen=True)
class KeyCheck:
    admitted: tuple[Submission, ...]
    held: tuple[FileOutcome, ...]
    issues: tuple[Issue, ...]


def check_keys(
    submissions: Sequence[Submission], registry: UnitRegistry, issued: Callable[[str, str], str | None]
) -> KeyCheck:
    """Sort ``submissions`` by their form key; ``issued(unit_code, period)`` gives the key issued."""
    admitted: list[Submission] = []
    held: list[FileOutcome] = []
    issues: list[Issue] = []
    for sub in submissions:
        key, expected = sub.meta.get(FORM_KEY, ""), issued(sub.unit_code, sub.period) if sub.unit_code else None
        unit = registry.get(sub.unit_code)
        named = f"{unit.name} ({unit.code})" if unit else sub.unit_code
        sheet, cell = sub.meta_cells.get(FORM_KEY, (META_SHEET, None))
        if key and expected is None:
            issue = Issue.of(IssueCode.FORM_KEY_UNKNOWN, file=sub.name, unit_code=sub.unit_code or None, sheet=sheet,
                             cell=cell, file_sha256=sub.sha256, unit=named, period=sub.period)  # fmt: skip
        elif key and key != expected:
            issue = Issue.of(IssueCode.FORM_KEY_MISMATCH, file=sub.name, unit_code=sub.unit_code or None,
                             sheet=sheet, cell=cell, file_sha256=sub.sha256, unit=named)  # fmt: skip
        else:
            if not key and expected is not None:
                issues.append(Issue.of(IssueCode.FORM_WITHOUT_KEY, file=sub.name, unit_code=sub.unit_code or None,
                                       file_sha256=sub.sha256, unit=named))  # fmt: skip
            admitted.append(sub)
            continue
        issues.append(issue)
        held.append(FileOutcome(sub.unit_code or None, sub.name, Status.HELD, issue.message, sub.sha256))
    return KeyCheck(tuple(admitted), tuple(held), tuple(issues))
