"""From an inbox folder to the submissions that compete for each unit.

Every file ends in exactly one outcome: read (a :class:`Submission`), refused (with a
Vietnamese reason), ignored (lock files, hidden files) or superseded (another file of
the same unit and period wins: an identical copy, or a newer file — latest wins).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.catalog import Catalog, Severity
from pipeline.completeness import FileOutcome, Status
from pipeline.errors import UsageError, WorkbookError
from pipeline.issues import Issue
from pipeline.periods import Period
from pipeline.reader import SPREADSHEET_SUFFIXES, Submission, file_sha256, read_submission
from pipeline.units import UnitRegistry


@dataclass(frozen=True)
class Intake:
    submissions: tuple[Submission, ...]
    outcomes: tuple[FileOutcome, ...]
    issues: tuple[Issue, ...]
    received: dict[str, dt.datetime] = field(default_factory=dict)
    """Inbox path -> when the file arrived."""


def inbox_files(inbox: Path) -> list[Path]:
    if not inbox.is_dir():
        raise UsageError(f"Không tìm thấy thư mục báo cáo gửi về: {inbox}. Hãy kiểm tra đường dẫn --inbox.")
    return sorted(p for p in inbox.rglob("*") if p.is_file())


def _identify(sub: Submission, registry: UnitRegistry) -> Submission:
    """Fill a missing unit code from the unit name the commune typed (Đăk/Đắk, Pờ Y …)."""
    if sub.unit_code or not sub.meta.get("unit_name"):
        return sub
    unit = registry.find_by_name(sub.meta["unit_name"])
    if unit is None:
        return sub
    return dataclasses.replace(sub, meta={**sub.meta, "unit_code": unit.code})


def received_at(path: Path) -> dt.datetime:
    """When a file arrived, as far as a folder can tell: its modification time.

    The submission ledger will record the true receipt time; until then the file's own
    time is what the clerk sees in the folder.
    """
    return dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)


def read_inbox(inbox: Path, catalog: Catalog, registry: UnitRegistry) -> Intake:
    """Read every file; refusals become issues and outcomes, never exceptions."""
    submissions: list[Submission] = []
    outcomes: list[FileOutcome] = []
    issues: list[Issue] = []
    received: dict[str, dt.datetime] = {}
    for path in inbox_files(inbox):
        rel = path.relative_to(inbox).as_posix()
        received[rel] = received_at(path)
        when = received[rel].isoformat()
        if path.name.startswith(("~$", ".~lock", ".")):
            outcomes.append(
                FileOutcome(None, rel, Status.IGNORED, "Tệp tạm hoặc tệp ẩn của Excel/LibreOffice.", received=when)
            )
            continue
        if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
            message = f"Tệp {rel} không phải bảng tính (.xlsx, .xlsm, .xls, .ods)."
            fix = "Gửi lại biểu mẫu dạng bảng tính."
            sha = file_sha256(path)
            issues.append(
                Issue(
                    None,
                    rel,
                    None,
                    None,
                    None,
                    None,
                    "not_a_spreadsheet",
                    Severity.ERROR,
                    message,
                    fix,
                    file_sha256=sha,
                )
            )
            outcomes.append(FileOutcome(None, rel, Status.REJECTED, message, sha, received=when))
            continue
        try:
            sub = _identify(read_submission(path, catalog, rel), registry)
        except WorkbookError as exc:
            sha = file_sha256(path)
            issues.append(
                Issue(
                    None,
                    rel,
                    exc.sheet,
                    exc.cell,
                    None,
                    None,
                    exc.rule,
                    Severity.ERROR,
                    str(exc),
                    exc.fix,
                    file_sha256=sha,
                )
            )
            outcomes.append(FileOutcome(None, rel, Status.REJECTED, str(exc), sha, received=when))
            continue
        submissions.append(sub)
    return Intake(tuple(submissions), tuple(outcomes), tuple(issues), received)


def infer_period(submissions: Sequence[Submission]) -> Period:
    """The period most submissions declare; a tie or none is a usage error."""
    counts = Counter(s.period for s in submissions if s.period)
    if not counts:
        raise UsageError("Không xác định được kỳ báo cáo từ các tệp gửi về. Hãy ghi rõ --period, ví dụ 2020S1.")
    ranked = counts.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        found = ", ".join(sorted(counts))
        raise UsageError(f"Các tệp gửi về thuộc nhiều kỳ ({found}). Hãy ghi rõ --period.")
    return Period.parse(ranked[0][0])


def pick_latest(
    submissions: Sequence[Submission], period: Period, received: Mapping[str, dt.datetime] | None = None
) -> tuple[list[Submission], list[FileOutcome]]:
    """One submission per unit for ``period``: identical copies and older files are superseded.

    "Older" is by when the file was received (``received``: the e-mail's date where the
    ledger knows it, else the file's modification time), then by name, so a re-sent file
    wins. Files of other periods all go on to validation, which refuses them with a reason.
    """
    keep: dict[str, Submission] = {}
    others: list[Submission] = []
    superseded: list[FileOutcome] = []
    moments = dict(received or {})

    def stamp(s: Submission) -> tuple[dt.datetime, str]:
        return (moments.get(s.name) or received_at(s.path), s.name)

    for sub in sorted(submissions, key=stamp):
        if sub.period != period.code or not sub.unit_code:
            others.append(sub)
            continue
        previous = keep.get(sub.unit_code)
        if previous is not None:
            same = previous.sha256 == sub.sha256
            reason = f"Trùng lặp: giống hệt tệp {sub.name}." if same else f"Được thay bằng tệp {sub.name} gửi sau."
            superseded.append(
                FileOutcome(previous.unit_code, previous.name, Status.SUPERSEDED, reason, previous.sha256)
            )
        keep[sub.unit_code] = sub
    return [*keep.values(), *others], superseded
