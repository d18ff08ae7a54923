"""From an inbox folder to the submissions that compete for each unit.

Every file ends in exactly one outcome: read (a :class:`Submission`), refused (with a
Vietnamese reason), ignored (lock files, hidden files) or superseded (another file of
the same unit and period wins: an identical copy, or a newer file — latest wins).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import UsageError, WorkbookError
from pipeline.intake.inbox import SPREADSHEET_SUFFIXES, file_sha256, inbox_files, is_ignored, received_at
from pipeline.intake.kept_store import READ, KeptResult, KeptResults, pack
from pipeline.intake.outcomes import FileOutcome, Status
from pipeline.intake.safety import foreign_kind
from pipeline.issues.codes import IssueCode
from pipeline.issues.issue import Issue
from pipeline.progress import NoProgress, Progress
from pipeline.read.kept import Read, Refusal, as_text, kept_read
from pipeline.read.workbook import Submission, read_submission
from pipeline.spec.catalog import Catalog
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry


@dataclass(frozen=True)
class Intake:
    submissions: tuple[Submission, ...]
    outcomes: tuple[FileOutcome, ...]
    issues: tuple[Issue, ...]
    received: dict[str, dt.datetime] = field(default_factory=dict)
    """Inbox path -> when the file arrived."""
    fresh: tuple[KeptResult, ...] = ()
    """What was read this time (not taken from the ledger), to keep for the next run."""
    reused: int = 0
    """How many files' readings were taken from the ledger."""

    def files(self) -> list[tuple[str | None, str | None]]:
        """(inbox path, SHA-256) of every file that was read or refused."""
        return [(s.name, s.sha256) for s in self.submissions] + [(o.file, o.sha256) for o in self.outcomes]


def _identify(sub: Submission, registry: UnitRegistry) -> Submission:
    """Fill a missing unit code from the unit name the commune typed (Đăk/Đắk, Pờ Y …)."""
    if sub.unit_code or not sub.meta.get("unit_name"):
        return sub
    unit = registry.find_by_name(sub.meta["unit_name"])
    if unit is None:
        return sub
    return dataclasses.replace(sub, meta={**sub.meta, "unit_code": unit.code})


# Below this many files a process pool costs more to start than it saves.
PARALLEL_THRESHOLD = 64
_worker_catalog: Catalog | None = None


def _init_worker(catalog: Catalog) -> None:
    global _worker_catalog
    _worker_catalog = catalog


def _read_one(path: Path, name: str) -> tuple[Read, bytes]:
    """Read in a worker; a refusal comes back as its code and fields, to be worded as an
    issue. The result comes with its stored form, packed here, in parallel, for the ledger."""
    assert _worker_catalog is not None
    try:
        read: Read = read_submission(path, _worker_catalog, name)
    except WorkbookError as exc:
        read = Refusal(exc.code, exc.sheet, exc.cell, exc.fields)
    return read, pack(as_text(read))


def _read_all(
    jobs: list[tuple[Path, str]],
    catalog: Catalog,
    workers: int | None,
    progress: Progress | None,
    while_reading: Callable[[], object] | None = None,
) -> list[Any]:
    """Read the spreadsheets, in a process pool when there are many (calamine holds the GIL).

    ``while_reading`` is called once the pool's workers are running, never before: a thread
    it starts would otherwise be forked into them with whatever locks it held."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    progress = progress or NoProgress()
    progress.start("Đọc các tệp báo cáo", total=len(jobs))
    results: list[Any] = []
    if workers <= 1 or len(jobs) < PARALLEL_THRESHOLD:
        _init_worker(catalog)
        for path, name in jobs:
            results.append(_read_one(path, name))
            progress.advance()
        return results
    chunk = max(1, len(jobs) // (workers * 8))
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(catalog,)) as pool:
        read = pool.map(_read_one, *zip(*jobs, strict=True), chunksize=chunk)  # every worker forked here
        if while_reading is not None:
            while_reading()
        for result in read:
            results.append(result)
            progress.advance()
    return results


def identify_units(intake: Intake, registry: UnitRegistry) -> Intake:
    """Fill each form's missing unit code from its typed name, once the period's registry
    is known (a name means the unit it named in that period)."""
    return dataclasses.replace(intake, submissions=tuple(_identify(s, registry) for s in intake.submissions))


def read_inbox(
    inbox: Path,
    catalog: Catalog,
    registry: UnitRegistry | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    kept: KeptResults | None = None,
    while_reading: Callable[[], object] | None = None,
) -> Intake:
    """Read every file; refusals become issues and outcomes, never exceptions. Without a
    registry the units are identified later (:func:`identify_units`). With ``kept``, a
    file whose bytes an earlier run read under today's program and catalog is not read
    again: the kept reading is equal to what reading it would give. ``while_reading`` is
    called while a process pool reads, if one does (the main process only waits then)."""
    submissions: list[Submission] = []
    outcomes: list[FileOutcome] = []
    issues: list[Issue] = []
    received: dict[str, dt.datetime] = {}
    jobs: list[tuple[Path, str]] = []
    for path in inbox_files(inbox):
        rel = path.relative_to(inbox).as_posix()
        received[rel] = received_at(path)
        when = received[rel].isoformat()
        if is_ignored(path):
            reason = IssueCode.IGNORED_TEMP_FILE.message(file=rel)
            outcomes.append(FileOutcome(None, rel, Status.IGNORED, reason, received=when))
        elif path.suffix.lower() not in SPREADSHEET_SUFFIXES:
            sha = file_sha256(path)
            issue = Issue.of(IssueCode.NOT_A_SPREADSHEET, file=rel, file_sha256=sha, kind=foreign_kind(path))
            issues.append(issue)
            outcomes.append(FileOutcome(None, rel, Status.REJECTED, issue.message, sha, received=when))
        else:
            jobs.append((path, rel))
    reads: dict[str, tuple[Read, str]] = {}
    if kept:  # a re-run: files whose bytes were read before under today's program and catalog
        for path, rel in jobs:
            sha = file_sha256(path)
            found = kept_read(kept, sha, rel, path)
            if found is not None:
                reads[rel] = (found, sha)
    todo = [(path, rel) for path, rel in jobs if rel not in reads]
    fresh: list[KeptResult] = []
    done = _read_all(todo, catalog, workers, progress, while_reading)
    for (path, rel), (read, packed) in zip(todo, done, strict=True):
        sha = read.sha256 if isinstance(read, Submission) else file_sha256(path)
        reads[rel] = (read, sha)
        fresh.append(KeptResult(READ, sha, rel, packed))
    for _path, rel in jobs:  # in the inbox's order, wherever each reading came from
        read, sha = reads[rel]
        if isinstance(read, Submission):
            submissions.append(_identify(read, registry) if registry is not None else read)
            continue
        issue = Issue.of(read.code, file=rel, sheet=read.sheet, cell=read.cell, file_sha256=sha, **read.fields)
        issues.append(issue)
        outcomes.append(FileOutcome(None, rel, Status.REJECTED, issue.message, sha, received=received[rel].isoformat()))
    reused = len(jobs) - len(todo)
    return Intake(tuple(submissions), tuple(outcomes), tuple(issues), received, tuple(fresh), reused)


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


def drop_copies(
    submissions: Sequence[Submission], order: Callable[[Submission], Any]
) -> tuple[list[Submission], list[FileOutcome]]:
    """Identical copies of one file (same SHA-256) count once: the first received is kept,
    since its receipt is when the unit really reported; the others are superseded.

    Which of a unit's different files counts is decided after validation
    (:mod:`pipeline.validate.corrections`), because a correction that is itself wrong must
    not push out the report it was meant to correct.
    """
    kept: dict[str, Submission] = {}
    copies: list[FileOutcome] = []
    for sub in sorted(submissions, key=order):
        first = kept.setdefault(sub.sha256, sub)
        if first is not sub:
            reason = IssueCode.SUPERSEDED_DUPLICATE.message(kept=first.name)
            copies.append(FileOutcome(sub.unit_code or None, sub.name, Status.SUPERSEDED, reason, sub.sha256))
    return list(kept.values()), copies
