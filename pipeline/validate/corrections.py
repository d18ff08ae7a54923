"""Which of a unit's files counts: the newest one that is accepted.

A commune that re-sends its form replaces its earlier report only with a correction that
passes the checks. A correction that is itself wrong is rejected and says so, and the
earlier accepted report stays in the totals ("bản gửi lại bị loại; vẫn dùng bản nhận ngày
…"): one careless re-send can never knock a unit's valid figures out of the district's.
Older files than the one that counts are superseded. When none of a unit's files passes,
the newest one stands (rejected) for the unit, as the one the commune must fix.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.intake.outcomes import FileOutcome, Status
from pipeline.issues.codes import IssueCode
from pipeline.issues.issue import Issue
from pipeline.read.workbook import Submission
from pipeline.spec.periods import Period


@dataclass(frozen=True)
class Choice:
    active: tuple[Submission, ...]
    """One submission per unit for the period, plus those of other periods or no unit
    (their own issues refuse them)."""
    set_aside: tuple[FileOutcome, ...]
    """Superseded older files and rejected corrections."""
    notes: Mapping[str, str] = field(default_factory=dict)
    """File -> a sentence for its feedback: why it does not count although it is newer."""


def choose(
    candidates: Sequence[Submission],
    issues: Sequence[Issue],
    period: Period,
    order: Callable[[Submission], Any],
    day_of: Callable[[Submission], str],
) -> Choice:
    """Pick each unit's file by ``order`` (receipt time, oldest first) and the issues found.

    ``day_of`` words a submission's receipt day for the message ("12/06/2020").
    """
    failed = {i.file for i in issues if i.is_error}
    by_unit: dict[str, list[Submission]] = {}
    others: list[Submission] = []
    for sub in sorted(candidates, key=order):
        if sub.period == period.code and sub.unit_code:
            by_unit.setdefault(sub.unit_code, []).append(sub)
        else:
            others.append(sub)
    active: list[Submission] = []
    set_aside: list[FileOutcome] = []
    notes: dict[str, str] = {}
    for subs in by_unit.values():
        good = [s for s in subs if s.name not in failed]
        winner = good[-1] if good else subs[-1]
        active.append(winner)
        newer = False
        for sub in subs:
            if sub is winner:
                newer = True
                continue
            if newer:  # only a failed file can come after the accepted winner
                reason = IssueCode.REJECTED_CORRECTION.message(kept=winner.name, kept_day=day_of(winner))
                notes[sub.name] = reason
                set_aside.append(FileOutcome(sub.unit_code, sub.name, Status.REJECTED, reason, sub.sha256))
            else:
                reason = IssueCode.SUPERSEDED_NEWER.message(kept=winner.name)
                set_aside.append(FileOutcome(sub.unit_code, sub.name, Status.SUPERSEDED, reason, sub.sha256))
    return Choice(tuple(active + others), tuple(set_aside), notes)
