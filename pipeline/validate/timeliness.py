"""Whether a file arrived by the deadline: information only, the figures still count.

A late report is still the commune's report; the district officer is told, the totals
are not changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from pipeline.issues.codes import IssueCode
from pipeline.issues.issue import Issue
from pipeline.read.workbook import Submission


def lateness(received: dt.datetime | None, deadline: dt.date | None) -> bool | None:
    """Late when received after the end of the deadline day; unknown without a deadline."""
    if received is None or deadline is None:
        return None
    return received.date() > deadline


def late_issues(
    submissions: Sequence[Submission], received: Mapping[str, dt.datetime], deadline: dt.date | None
) -> list[Issue]:
    """Information for every file that arrived after the deadline (still summed)."""
    issues = []
    for sub in submissions:
        when = received.get(sub.name)
        if lateness(when, deadline) and when is not None and deadline is not None:
            issues.append(
                Issue.of(
                    IssueCode.LATE_SUBMISSION,
                    file=sub.name,
                    unit_code=sub.unit_code or None,
                    value=when.isoformat(sep=" "),
                    file_sha256=sub.sha256,
                    received=f"{when:%d/%m/%Y}",
                    deadline=f"{deadline:%d/%m/%Y}",
                    days=(when.date() - deadline).days,
                )
            )
    return issues
