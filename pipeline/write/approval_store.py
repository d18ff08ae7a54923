"""Approvals and revisions, kept in the submission ledger beside its own tables.

An approval is the district's signature on one output folder: who approved it, when,
under which report number, which files counted and the SHA-256 of every output, so an
auditor can later prove the folder is the one that was signed. A revision is a folder
a run wrote after an approval instead of touching the approved one. Both live in the
ledger (through :attr:`Ledger.connection`, inside the caller's transaction), so they
commit or roll back with the run or the approval that wrote them.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from pipeline.intake.ledger import Ledger

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS approvals (
        id INTEGER PRIMARY KEY,
        period TEXT NOT NULL,
        approved_by TEXT NOT NULL,
        approved_at TEXT NOT NULL,
        report_number TEXT NOT NULL,
        folder TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS approved_files (
        approval_id INTEGER NOT NULL REFERENCES approvals (id) ON DELETE CASCADE,
        sha256 TEXT NOT NULL,
        file TEXT NOT NULL,
        unit_code TEXT,
        status TEXT NOT NULL,
        PRIMARY KEY (approval_id, sha256)
    )""",
    """CREATE TABLE IF NOT EXISTS approved_outputs (
        approval_id INTEGER NOT NULL REFERENCES approvals (id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        PRIMARY KEY (approval_id, path)
    )""",
    """CREATE TABLE IF NOT EXISTS revisions (
        period TEXT NOT NULL,
        number INTEGER NOT NULL,
        folder TEXT NOT NULL,
        approval_id INTEGER NOT NULL REFERENCES approvals (id),
        written_at TEXT NOT NULL,
        PRIMARY KEY (period, number)
    )""",
)
"""One statement each: ``executescript`` would commit the caller's open transaction."""


@dataclass(frozen=True)
class ApprovedFile:
    """A file that counted in the approved totals, as the approved folder's manifest listed it."""

    sha256: str
    file: str
    unit_code: str | None
    status: str


@dataclass(frozen=True)
class OutputHash:
    """One output file of the approved folder: its path inside the folder and its SHA-256."""

    path: str
    sha256: str


@dataclass(frozen=True)
class Approval:
    """One signature on one folder; ``id`` orders approvals as they were recorded."""

    id: int
    period: str
    by: str
    at: str
    number: str
    folder: str
    files: tuple[ApprovedFile, ...] = ()
    outputs: tuple[OutputHash, ...] = ()

    def brief(self) -> dict[str, Any]:
        """What provenance.json and the change report say about it."""
        return {"by": self.by, "at": self.at, "number": self.number, "folder": self.folder}

    def record(self) -> dict[str, Any]:
        """The whole record, as written to approval.json."""
        return {
            "period": self.period,
            **self.brief(),
            "accepted_files": [
                {"sha256": f.sha256, "file": f.file, "unit_code": f.unit_code, "status": f.status} for f in self.files
            ],
            "outputs": [{"path": o.path, "sha256": o.sha256} for o in self.outputs],
        }

    @property
    def at_vi(self) -> str:
        """The time as Vietnamese documents write it: 15/06/2020 08:30."""
        try:
            return dt.datetime.fromisoformat(self.at).strftime("%d/%m/%Y %H:%M")
        except ValueError:
            return self.at

    def output_sha256(self, path: str) -> str | None:
        return next((o.sha256 for o in self.outputs if o.path == path), None)


@dataclass(frozen=True)
class RevisionRecord:
    """A revision folder a run wrote, and the approval it was compared with."""

    number: int
    folder: str
    approval_id: int
    written_at: str


def revision_folder(period: str, number: int) -> str:
    """``2020S1-r1``: the name of a period's revision folder, beside the approved one."""
    return f"{period}-r{number}"


def folder_number(period: str, name: str) -> int | None:
    """0 for the period's own folder, k for ``<period>-rk`` (or its ``.old`` leftover), else None."""
    if name == period:
        return 0
    match = re.fullmatch(re.escape(period) + r"-r([1-9][0-9]*)(?:\.old)?", name)
    return int(match.group(1)) if match else None


def _create(db: sqlite3.Connection) -> None:
    for statement in SCHEMA:
        db.execute(statement)


def _exists(db: sqlite3.Connection) -> bool:
    row = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'revisions'").fetchone()
    return row is not None


def save_approval(ledger: Ledger, approval: Approval) -> Approval:
    """Store an approval with its files and output hashes; return it with its new id."""
    db = ledger.connection
    _create(db)
    cursor = db.execute(
        "INSERT INTO approvals (period, approved_by, approved_at, report_number, folder) VALUES (?, ?, ?, ?, ?)",
        (approval.period, approval.by, approval.at, approval.number, approval.folder),
    )
    approval_id = int(cursor.lastrowid or 0)
    db.executemany(
        "INSERT OR IGNORE INTO approved_files (approval_id, sha256, file, unit_code, status) VALUES (?, ?, ?, ?, ?)",
        [(approval_id, f.sha256, f.file, f.unit_code, f.status) for f in approval.files],
    )
    db.executemany(
        "INSERT INTO approved_outputs (approval_id, path, sha256) VALUES (?, ?, ?)",
        [(approval_id, o.path, o.sha256) for o in approval.outputs],
    )
    return Approval(approval_id, approval.period, approval.by, approval.at, approval.number, approval.folder,
                    approval.files, approval.outputs)  # fmt: skip


def period_approvals(ledger: Ledger, period: str) -> list[Approval]:
    """Every approval of ``period``, oldest first; the last one is the one later runs compare with."""
    db = ledger.connection
    if not _exists(db):
        return []
    rows = db.execute(
        "SELECT id, period, approved_by, approved_at, report_number, folder FROM approvals WHERE period = ? "
        "ORDER BY id",
        (period,),
    ).fetchall()
    found = []
    for row in rows:
        files = db.execute(
            "SELECT sha256, file, unit_code, status FROM approved_files WHERE approval_id = ? ORDER BY rowid",
            (row[0],),
        ).fetchall()
        outputs = db.execute(
            "SELECT path, sha256 FROM approved_outputs WHERE approval_id = ? ORDER BY path", (row[0],)
        ).fetchall()
        approval_id, period_code, by, at, number, folder = row
        found.append(
            Approval(approval_id, period_code, by, at, number, folder,
                     tuple(ApprovedFile(*f) for f in files), tuple(OutputHash(*o) for o in outputs))
        )  # fmt: skip
    return found


def period_revisions(ledger: Ledger, period: str) -> list[RevisionRecord]:
    """Every revision folder written for ``period``, lowest number first."""
    db = ledger.connection
    if not _exists(db):
        return []
    rows = db.execute(
        "SELECT number, folder, approval_id, written_at FROM revisions WHERE period = ? ORDER BY number", (period,)
    ).fetchall()
    return [RevisionRecord(*row) for row in rows]


def save_revision(ledger: Ledger, period: str, revision: RevisionRecord) -> None:
    """Note a revision folder written (again); rewriting the same number only moves its time."""
    _create(ledger.connection)
    ledger.connection.execute(
        "INSERT INTO revisions (period, number, folder, approval_id, written_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (period, number) DO UPDATE SET written_at = excluded.written_at",
        (period, revision.number, revision.folder, revision.approval_id, revision.written_at),
    )
