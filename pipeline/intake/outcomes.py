"""What became of each file received, and of each expected unit.

Every file in the inbox ends in exactly one :class:`FileOutcome`, so nothing a commune
sent is silently lost or counted twice. Intake gives the first outcomes (ignored lock
files, refused non-spreadsheets); reading, validation and aggregation give the rest.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass


class Status(enum.StrEnum):
    ACCEPTED = "accepted"
    ACCEPTED_WITH_WARNINGS = "accepted_with_warnings"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"
    HELD = "held_for_review"
    """Readable, but sent by someone not known to report for the unit it declares (or on a
    form not issued to it): never counted and never superseding an accepted file until an
    officer looks at it."""
    MISSING = "missing"
    IGNORED = "ignored"

    @property
    def label_vi(self) -> str:
        return _LABELS[self]

    @property
    def counts_in_totals(self) -> bool:
        return self in (Status.ACCEPTED, Status.ACCEPTED_WITH_WARNINGS)


_LABELS = {
    Status.ACCEPTED: "Hợp lệ",
    Status.ACCEPTED_WITH_WARNINGS: "Hợp lệ, có cảnh báo",
    Status.REJECTED: "Bị loại",
    Status.SUPERSEDED: "Bị thay thế bởi bản gửi sau",
    Status.HELD: "Tạm giữ chờ xem xét",
    Status.MISSING: "Chưa gửi",
    Status.IGNORED: "Bỏ qua (không phải bản báo cáo)",
}


@dataclass(frozen=True)
class FileOutcome:
    """The fate of one inbox file (or, for MISSING, of one expected unit with no file)."""

    unit_code: str | None
    file: str | None
    status: Status
    reason: str = ""
    sha256: str | None = None
    received: str | None = None
    """When the file arrived (ISO 8601), as far as the inbox can tell."""
    late: bool | None = None
    """Against the run's deadline; None when no deadline was set."""
    clock: str | None = None
    """Which clock ``received`` was read from (a :class:`Clock` value)."""
    delivered: str | None = None
    """``email`` or ``hand`` (put into the inbox folder by someone at the office)."""
    sender: str | None = None
    sent_at: str | None = None
    """The date the sender wrote in the e-mail: for information only, it decides nothing."""


class Clock(enum.StrEnum):
    """Where a receipt time comes from, most trustworthy first. The sender's own ``Date``
    header is none of them: anyone can write any date there."""

    IMAP = "imap_internaldate"
    """The mail server's arrival time (IMAP INTERNALDATE)."""
    INTAKE = "intake_time"
    """When ``baocao intake`` took the attachment out of a message (.eml folder, mbox)."""
    LEDGER = "ledger_first_seen"
    """When a run first saw the file in the inbox."""
    FILE = "file_time"
    """The file's modification time in the inbox, when earlier than the ledger's first sight
    (a form put into the folder by hand before any run)."""


@dataclass(frozen=True)
class Arrival:
    """When the office received one file, and by which clock; ``order`` breaks ties."""

    at: dt.datetime
    clock: Clock
    sender: str | None = None
    sent_at: str | None = None
    order: float = 0.0

    @property
    def delivered(self) -> str:
        return "email" if self.sender else "hand"
