"""Where a run's outputs go once its period has been approved: never into the approved folder.

Before any approval a run replaces ``output/<period>/`` as it always did. After one, the
approved folder is the signed report and stays byte for byte as it was; a run writes
``output/<period>-r1``, ``-r2``, … beside it, each with its change report. A new number
is opened only when the figures differ from the latest revision of the newest approval
(or from that approval when it has none yet), so re-running on the same inbox rewrites
the latest revision; when nothing changed since the approval and no revision exists,
nothing is written at all: the approved folder already says everything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import KEPT, UsageError
from pipeline.intake.ledger import Ledger
from pipeline.spec.catalog import Catalog
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry
from pipeline.write.approval_store import (
    Approval,
    RevisionRecord,
    folder_number,
    period_approvals,
    period_revisions,
    revision_folder,
    save_revision,
)
from pipeline.write.approvals import APPROVAL_FILE, read_json
from pipeline.write.change_report import ChangeReport, write_change_report
from pipeline.write.changes import compare, figures
from pipeline.write.publish import publish, recover
from pipeline.write.records import write_json
from pipeline.write.reproducible import output_hashes

COMPARED = ("summary.json", "manifest.json")
"""The approved folder's files the change report is read from: they must be as signed."""


@dataclass(frozen=True)
class Revision:
    """What a run after an approval did with its outputs."""

    approval: Approval
    """The newest approval of the period: what the change report compares with."""
    number: int | None
    """The revision written; ``None`` when nothing changed since the approval and nothing was written."""
    folder: str | None
    opened: bool = False
    """Whether this run opened a new number (its figures differ from the latest revision's)."""

    def provenance(self) -> dict[str, Any]:
        return {"number": self.number, "folder": self.folder,
                "compared_to": {"folder": self.approval.folder, "approval": self.approval.brief()}}  # fmt: skip


@dataclass(frozen=True)
class Placement:
    """The folder that now holds the period's latest outputs, and the revision, if approved."""

    output_dir: Path
    revision: Revision | None


def _sha256(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _check_intact(approved: Path, approval: Approval) -> None:
    """The change report is only true if the approved folder is still what was signed."""
    for name in COMPARED:
        now = _sha256(approved / name)
        if now != approval.output_sha256(name):
            what = "đã bị xóa" if now is None else "đã bị sửa"
            raise UsageError(
                f"Thư mục đã duyệt {approved} (báo cáo số {approval.number}) không còn như lúc duyệt: {name} {what}. "
                f"Hãy khôi phục thư mục này từ bản sao lưu rồi chạy lại. {KEPT}"
            )


def _check_unrecorded(final: Path) -> None:
    """An approved folder the ledger knows nothing of: most likely another ledger was given."""
    if (final / APPROVAL_FILE).is_file():
        raise UsageError(
            f"Thư mục {final} đã được duyệt (có {APPROVAL_FILE}) nhưng sổ theo dõi đang dùng không ghi lần duyệt "
            f"nào của kỳ {final.name}: có thể đã chọn nhầm sổ (--ledger). Hãy chạy với đúng sổ theo dõi, hoặc ghi "
            f"lại lần duyệt bằng baocao approve. {KEPT}"
        )


def _latest(ledger: Ledger, output: Path, period: str, approval: Approval) -> RevisionRecord | None:
    """The newest revision written since ``approval`` that is still on disk (a cut swap is put back first)."""
    for record in reversed([r for r in period_revisions(ledger, period) if r.approval_id == approval.id]):
        recover(output / record.folder)
        if (output / record.folder / "summary.json").is_file():
            return record
    return None


def _next_number(ledger: Ledger, output: Path, period: str) -> int:
    """One above every number used, in the ledger or on disk: a revision folder is never reused."""
    used = [r.number for r in period_revisions(ledger, period)]
    used += [n for p in output.iterdir() if (n := folder_number(period, p.name)) is not None]
    return max(used, default=0) + 1


def _stamp_provenance(staging: Path, approvals: list[Approval], revision: Revision | None) -> None:
    path = staging / "provenance.json"
    record = {**read_json(path), "approvals": [a.brief() for a in approvals]}
    record["revision"] = revision.provenance() if revision else None
    record["outputs"] = output_hashes(staging, leave_out=("provenance.json",))  # the change report included
    write_json(path, record)


def publish_revision(
    ledger: Ledger, staging: Path, final: Path, period: Period, catalog: Catalog, registry: UnitRegistry
) -> Placement:
    """Publish the finished ``staging`` folder as ``final`` or, once the period is approved, as a revision."""
    output, code = final.parent, period.code
    approvals = period_approvals(ledger, code)
    if not approvals:
        _check_unrecorded(final)
        _stamp_provenance(staging, [], None)
        publish(staging, final)
        return Placement(final, None)
    approval = approvals[-1]
    approved = output / approval.folder
    _check_intact(approved, approval)
    latest = _latest(ledger, output, code, approval)
    new_summary = read_json(staging / "summary.json")
    reference = output / latest.folder if latest else approved
    opened = figures(new_summary) != figures(read_json(reference / "summary.json"))
    if latest is None and not opened:
        shutil.rmtree(staging, ignore_errors=True)
        return Placement(approved, Revision(approval, None, None))
    number = _next_number(ledger, output, code) if opened or latest is None else latest.number
    folder = revision_folder(code, number)
    changes = compare(read_json(approved / "summary.json"), read_json(approved / "manifest.json"),
                      new_summary, read_json(staging / "manifest.json"))  # fmt: skip
    report = ChangeReport(code, period.label_vi, number, folder, approval, changes)
    write_change_report(staging, report, catalog, registry)
    revision = Revision(approval, number, folder, opened)
    _stamp_provenance(staging, approvals, revision)
    stamp = dt.datetime.now().replace(microsecond=0).isoformat()
    save_revision(ledger, code, RevisionRecord(number, folder, approval.id, stamp))
    publish(staging, output / folder)
    return Placement(output / folder, revision)
