"""Which units reported, which are missing, which were refused, and why.

Every file in the inbox ends in exactly one :class:`FileOutcome`, so nothing a commune
sent is silently lost or counted twice; a file with an error is rejected and its figures
stay out of the totals, a file with only warnings counts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from pipeline.intake.outcomes import Arrival, FileOutcome, Status
from pipeline.issues.codes import IssueCode
from pipeline.issues.issue import Issue
from pipeline.read.workbook import Submission
from pipeline.spec.catalog import Catalog
from pipeline.spec.units import UnitRegistry
from pipeline.validate.timeliness import lateness


@dataclass(frozen=True)
class Completeness:
    """Expected units against what arrived."""

    expected: tuple[str, ...]
    outcomes: tuple[FileOutcome, ...]

    def codes(self, *statuses: Status) -> list[str]:
        return [o.unit_code for o in self.outcomes if o.status in statuses and o.unit_code]

    @property
    def accepted(self) -> list[str]:
        return self.codes(Status.ACCEPTED, Status.ACCEPTED_WITH_WARNINGS)

    @property
    def rejected(self) -> list[str]:
        """Expected units whose only usable file was refused (a later good file clears it)."""
        accepted = set(self.accepted)
        return sorted(set(self.codes(Status.REJECTED)) - accepted, key=self._order)

    @property
    def missing(self) -> list[str]:
        return self.codes(Status.MISSING)

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {code: k for k, code in reversed(list(enumerate(self.expected)))}

    def _order(self, code: str) -> int:
        return self._positions.get(code, len(self.expected))


def expected_units(catalog: Catalog, registry: UnitRegistry) -> list[str]:
    """Units of the run's subtree at a level that reports at least one indicator."""
    levels = {lv for i in catalog.indicators for lv in i.levels}
    return [u.code for u in registry.subtree() if u.level in levels]


def _verdict(issues: Sequence[Issue]) -> tuple[Status, str]:
    errors = [i for i in issues if i.is_error]
    warnings = [i for i in issues if i.is_open_warning]
    if errors:
        return Status.REJECTED, IssueCode.FILE_HAS_ERRORS.message(count=len(errors), example=errors[0].message)
    if warnings:
        return Status.ACCEPTED_WITH_WARNINGS, IssueCode.FILE_HAS_WARNINGS.message(count=len(warnings))
    return Status.ACCEPTED, ""


@dataclass(frozen=True)
class Judgement:
    """The period's completeness and the submissions whose figures count."""

    completeness: Completeness
    accepted: tuple[Submission, ...]


def judge(
    earlier: Sequence[FileOutcome],
    active: Sequence[Submission],
    issues: Sequence[Issue],
    expected: Sequence[str],
    arrivals: Mapping[str, Arrival],
    deadline: dt.date | None,
) -> Judgement:
    """Give every file one outcome and every expected unit without a file a MISSING one.

    ``earlier`` are the outcomes already known (refused, ignored, superseded files); each
    ``active`` submission is accepted, accepted with warnings or rejected by its issues.
    Outcomes come in the expected units' order, files of unknown units last.
    """

    def stamped(outcome: FileOutcome) -> FileOutcome:
        """The outcome with when and how its file arrived, and whether that was late."""
        arrival = arrivals.get(outcome.file or "")
        if arrival is None:
            return outcome
        return dataclasses.replace(
            outcome,
            received=arrival.at.isoformat(),
            late=lateness(arrival.at, deadline),
            clock=arrival.clock.value,
            delivered=arrival.delivered,
            sender=arrival.sender,
            sent_at=arrival.sent_at,
        )

    outcomes = [stamped(o) for o in earlier]
    by_file: dict[str, list[Issue]] = {}
    for issue in issues:
        by_file.setdefault(issue.file, []).append(issue)
    accepted: list[Submission] = []
    for sub in active:
        status, reason = _verdict(by_file.get(sub.name, ()))
        outcomes.append(stamped(FileOutcome(sub.unit_code or None, sub.name, status, reason, sub.sha256)))
        if status.counts_in_totals:
            accepted.append(sub)
    seen = {o.unit_code for o in outcomes if o.unit_code}
    missing = IssueCode.MISSING_REPORT.message()
    outcomes += [FileOutcome(c, None, Status.MISSING, missing) for c in expected if c not in seen]
    order = {code: k for k, code in enumerate(expected)}
    outcomes.sort(key=lambda o: (order.get(o.unit_code or "", len(order)), o.file or ""))
    return Judgement(Completeness(tuple(expected), tuple(outcomes)), tuple(accepted))
