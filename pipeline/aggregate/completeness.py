"""Which units reported, which are missing, which were refused, and why.

Every file in the inbox ends in exactly one :class:`FileOutcome`, so nothing a commune
sent is silently lost or counted twice.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import cached_property


class Status(enum.StrEnum):
    ACCEPTED = "accepted"
    ACCEPTED_WITH_WARNINGS = "accepted_with_warnings"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"
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
