"""The submission ledger: an embedded SQLite record of every file received.

For each file (by SHA-256) it keeps when it was first seen and, when it came by e-mail,
the sender, the message date and id; for each period, what the file was judged
(unit, template version, status, reason) and its values in long form. Re-running on
the same inbox updates the same rows, so runs are idempotent; earlier periods feed the
outlier checks; a file seen before is recognised however it is named.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pipeline.errors import KEPT, MachineError, machine_error
from pipeline.intake.kept_store import SCHEMA as KEPT_SCHEMA
from pipeline.intake.outcomes import FileOutcome, Status
from pipeline.issues.codes import IssueCode
from pipeline.spec.periods import Period

if TYPE_CHECKING:
    from pipeline.read.workbook import Submission

SCHEMA = """
CREATE TABLE IF NOT EXISTS receipts (
    sha256 TEXT PRIMARY KEY,
    first_seen TEXT NOT NULL,
    original_name TEXT,
    sender TEXT,
    sent_at TEXT,
    message_id TEXT,
    received_at TEXT
);
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY,
    period TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    file TEXT NOT NULL,
    unit_code TEXT,
    template_version TEXT,
    received TEXT,
    status TEXT NOT NULL,
    reason TEXT,
    last_run TEXT NOT NULL,
    UNIQUE (period, sha256)
);
CREATE TABLE IF NOT EXISTS submission_values (
    submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    indicator TEXT NOT NULL,
    value REAL,
    sheet TEXT,
    cell TEXT,
    PRIMARY KEY (submission_id, indicator)
);
CREATE TABLE IF NOT EXISTS unattached_messages (
    message_id TEXT NOT NULL,
    sender TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    reason TEXT,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (message_id, sender, sent_at)
);
CREATE INDEX IF NOT EXISTS submissions_by_unit ON submissions (period, unit_code);
"""


@dataclass(frozen=True)
class Receipt:
    """How a file reached the district, as far as is known."""

    sha256: str
    first_seen: str
    original_name: str | None = None
    sender: str | None = None
    sent_at: str | None = None
    message_id: str | None = None
    received_at: str | None = None
    """The mail server's arrival time, when the file came from an IMAP mailbox."""


class Ledger:
    """A ledger file; open with :func:`open_ledger` so it is always closed."""

    def __init__(self, connection: sqlite3.Connection):
        self._db = connection

    @property
    def connection(self) -> sqlite3.Connection:
        """The open connection, inside this run's transaction, for stores kept beside the ledger's own tables."""
        return self._db

    def receive(
        self,
        sha256: str,
        original_name: str | None = None,
        *,
        sender: str | None = None,
        sent_at: str | None = None,
        message_id: str | None = None,
        received_at: str | None = None,
        seen_at: dt.datetime | None = None,
    ) -> Receipt:
        """Note a file; the first sighting wins, later ones only fill in what was unknown."""
        seen = (seen_at or dt.datetime.now()).replace(microsecond=0).isoformat()
        self._db.execute(
            "INSERT INTO receipts (sha256, first_seen, original_name, sender, sent_at, message_id, received_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO UPDATE SET "
            "original_name = COALESCE(receipts.original_name, excluded.original_name), "
            "sender = COALESCE(receipts.sender, excluded.sender), "
            "sent_at = COALESCE(receipts.sent_at, excluded.sent_at), "
            "message_id = COALESCE(receipts.message_id, excluded.message_id), "
            "received_at = COALESCE(receipts.received_at, excluded.received_at)",
            (sha256, seen, original_name, sender, sent_at, message_id, received_at),
        )
        receipt = self.receipt(sha256)
        assert receipt is not None
        return receipt

    def note_unattached(
        self, message_id: str, sender: str, sent_at: str | None, reason: str, *, seen_at: dt.datetime | None = None
    ) -> None:
        """Note a message that brought no usable form; the same message noted again is one row."""
        seen = (seen_at or dt.datetime.now()).replace(microsecond=0).isoformat()
        self._db.execute(
            "INSERT INTO unattached_messages (message_id, sender, sent_at, reason, first_seen) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (message_id, sender, sent_at) DO NOTHING",
            (message_id, sender, sent_at or "", reason, seen),
        )

    def unattached(self) -> list[tuple[str, str, str, str]]:
        """(message_id, sender, sent_at, reason) of every message that brought no form."""
        return list(
            self._db.execute(
                "SELECT message_id, sender, sent_at, reason FROM unattached_messages ORDER BY first_seen, rowid"
            )
        )

    def receipt(self, sha256: str) -> Receipt | None:
        row = self._db.execute(
            "SELECT sha256, first_seen, original_name, sender, sent_at, message_id, received_at FROM receipts "
            "WHERE sha256 = ?",
            (sha256,),
        ).fetchone()
        return Receipt(*row) if row else None

    def record(
        self, period: Period, outcomes: Sequence[FileOutcome], submissions: Sequence[Submission], run_at: dt.datetime
    ) -> None:
        """Store this run's verdict on every file and the values of every file read."""
        by_name = {s.name: s for s in submissions}
        stamp = run_at.replace(microsecond=0).isoformat()
        for outcome in outcomes:
            if outcome.sha256 is None or outcome.file is None:
                continue
            sub = by_name.get(outcome.file)
            self._db.execute(
                "INSERT INTO submissions (period, sha256, file, unit_code, template_version, received, status, "
                "reason, last_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (period, sha256) DO UPDATE SET "
                "file = excluded.file, unit_code = excluded.unit_code, "
                "template_version = excluded.template_version, received = excluded.received, "
                "status = excluded.status, reason = excluded.reason, last_run = excluded.last_run",
                (
                    period.code,
                    outcome.sha256,
                    outcome.file,
                    outcome.unit_code,
                    sub.meta.get("template_version") if sub else None,
                    outcome.received,
                    outcome.status.value,
                    outcome.reason,
                    stamp,
                ),
            )
            if sub is None:
                continue
            (row_id,) = self._db.execute(
                "SELECT id FROM submissions WHERE period = ? AND sha256 = ?", (period.code, outcome.sha256)
            ).fetchone()
            self._db.execute("DELETE FROM submission_values WHERE submission_id = ?", (row_id,))
            self._db.executemany(
                "INSERT INTO submission_values (submission_id, indicator, value, sheet, cell) VALUES (?, ?, ?, ?, ?)",
                [(row_id, code, cell.value, cell.sheet, cell.cell) for code, cell in sub.values.items()],
            )
        self._supersede_absent(period, outcomes, stamp)

    def _supersede_absent(self, period: Period, outcomes: Sequence[FileOutcome], stamp: str) -> None:
        """A unit's earlier accepted file that is no longer in the inbox was replaced: keep it, as superseded."""
        current = {o.unit_code: (o.sha256, o.file) for o in outcomes if o.status.counts_in_totals and o.unit_code}
        for unit, (sha, file) in current.items():
            self._db.execute(
                "UPDATE submissions SET status = ?, reason = ?, last_run = ? WHERE period = ? AND unit_code = ? "
                "AND sha256 != ? AND status IN (?, ?)",
                (
                    Status.SUPERSEDED.value,
                    IssueCode.SUPERSEDED_NEWER.message(kept=file),
                    stamp,
                    period.code,
                    unit,
                    sha,
                    Status.ACCEPTED.value,
                    Status.ACCEPTED_WITH_WARNINGS.value,
                ),
            )

    def statuses(self, period: Period) -> list[tuple[str, str, str | None, str]]:
        """(file, sha256, unit_code, status) of every file ever judged for ``period``."""
        return list(
            self._db.execute(
                "SELECT file, sha256, unit_code, status FROM submissions WHERE period = ? ORDER BY id", (period.code,)
            )
        )

    def history(self, before: Period) -> pd.DataFrame:
        """Accepted values of every earlier period: the reference for the outlier checks."""
        rows = self._db.execute(
            "SELECT s.period, s.unit_code, v.indicator, v.value FROM submissions s "
            "JOIN submission_values v ON v.submission_id = s.id WHERE s.status IN (?, ?) AND v.value IS NOT NULL",
            (Status.ACCEPTED.value, Status.ACCEPTED_WITH_WARNINGS.value),
        ).fetchall()
        frame = pd.DataFrame(rows, columns=["period", "unit_code", "indicator", "value"])
        keep = pd.Series([Period.parse(p) < before for p in frame["period"]], index=frame.index, dtype=bool)
        return frame.loc[keep].astype({"value": "float64"}).reset_index(drop=True)


LEDGER_WAIT = 30.0
"""Seconds a run waits for another run to release the ledger before it gives up."""


def _ledger_error(exc: sqlite3.Error, path: Path, wait: float) -> MachineError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return MachineError(
            f"Sổ theo dõi {path} đang được một lần chạy khác sử dụng (đã chờ {wait:g} giây). "
            f"Hãy đợi lần chạy đó xong rồi chạy lại. {KEPT}",
            path=str(path),
        )
    if "full" in text:
        return MachineError(f"Ổ đĩa đầy khi ghi sổ theo dõi {path}. Hãy giải phóng dung lượng rồi chạy lại. {KEPT}")
    return MachineError(
        f"Sổ theo dõi {path} bị hỏng hoặc không phải tệp SQLite ({exc}). Hãy khôi phục bản sao lưu của sổ, "
        f"hoặc đổi tên tệp này để bắt đầu sổ mới (lịch sử các kỳ trước sẽ không còn). {KEPT}",
        path=str(path),
    )


@contextmanager
def open_ledger(path: Path, *, wait: float = LEDGER_WAIT) -> Iterator[Ledger]:
    """Open (creating if needed) the ledger for one run, which holds it to the end.

    The write lock is taken at once (``BEGIN IMMEDIATE``), so a second run waits up to
    ``wait`` seconds for the first and then stops with a message, instead of failing
    half-way. Commit on success, roll back on error; a damaged, locked or unwritable
    ledger is a :class:`~pipeline.errors.MachineError`.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "Is a directory", str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=wait)
    except OSError as exc:
        raise machine_error(exc, path) from None
    except sqlite3.Error as exc:
        raise _ledger_error(exc, path, wait) from None
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.executescript(SCHEMA + KEPT_SCHEMA)
        _migrate(connection)
        connection.execute("BEGIN IMMEDIATE")
        yield Ledger(connection)
        connection.commit()
    except sqlite3.Error as exc:
        _rollback(connection)
        raise _ledger_error(exc, path, wait) from None
    except BaseException:
        _rollback(connection)
        raise
    finally:
        connection.close()


def _migrate(connection: sqlite3.Connection) -> None:
    """Bring a ledger written by an earlier version up to today's columns."""
    columns = {row[1] for row in connection.execute("PRAGMA table_info(receipts)")}
    if "received_at" not in columns:
        connection.execute("ALTER TABLE receipts ADD COLUMN received_at TEXT")
        connection.commit()


def _rollback(connection: sqlite3.Connection) -> None:
    with suppress(sqlite3.Error):
        connection.rollback()
