"""``baocao approve``: the district signs one output folder of a period, like DHIS2's data-set approval.

The approval is recorded in the ledger (who, when, the report number as sent, the folder,
the files that counted and the SHA-256 of every output) and copied into one new file,
``approval.json``, in the approved folder; no existing file of that folder is written.
From then on a run for the period never replaces that folder: it writes numbered
revisions beside it (see :mod:`pipeline.write.revisions`).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pipeline.errors import UsageError, machine_error
from pipeline.intake.inbox import file_sha256
from pipeline.intake.ledger import LEDGER_WAIT, Ledger, open_ledger
from pipeline.intake.outcomes import Status
from pipeline.spec.periods import Period
from pipeline.write.approval_store import (
    Approval,
    ApprovedFile,
    OutputHash,
    period_approvals,
    period_revisions,
    revision_folder,
    save_approval,
)
from pipeline.write.records import write_json

APPROVAL_FILE = "approval.json"
"""The one file approval adds to the approved folder; never counted among its outputs."""
COUNTED = (Status.ACCEPTED.value, Status.ACCEPTED_WITH_WARNINGS.value)


def output_hashes(folder: Path) -> tuple[OutputHash, ...]:
    """SHA-256 of every file under ``folder`` by relative POSIX path, sorted, ``approval.json`` left out."""
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative != APPROVAL_FILE:
            found.append(OutputHash(relative, file_sha256(path)))
    return tuple(sorted(found, key=lambda o: o.path))


def read_json(path: Path) -> dict[str, Any]:
    """A JSON record the pipeline wrote; a damaged one is the user's to restore, named."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"Không đọc được {path} ({exc}). Hãy khôi phục tệp này từ bản sao lưu.") from None
    if not isinstance(data, dict):
        raise UsageError(f"Không đọc được {path}: không phải bản ghi của baocao. Hãy khôi phục tệp từ bản sao lưu.")
    return data


def counted_files(folder: Path, period: str) -> tuple[ApprovedFile, ...]:
    """The files the folder's manifest says counted in its totals (accepted, with or without warnings)."""
    manifest = read_json(folder / "manifest.json")
    if manifest.get("period") != period:
        raise UsageError(
            f"{folder / 'manifest.json'} ghi kỳ {manifest.get('period')}, không phải kỳ {period}. "
            "Hãy kiểm tra --period và --output."
        )
    return tuple(
        ApprovedFile(str(f["sha256"]), str(f["file"]), f.get("unit_code"), str(f["status"]))
        for f in manifest.get("files", [])
        if f.get("status") in COUNTED and f.get("sha256")
    )


def latest_folder(ledger: Ledger, output: Path, period: str) -> str:
    """The folder the latest run wrote: its newest revision still on disk, else the period's own."""
    written = [r.folder for r in period_revisions(ledger, period) if (output / r.folder).is_dir()]
    return written[-1] if written else period


def _check_folder(folder: Path, period: str, revision: int | None) -> None:
    if not folder.is_dir():
        if revision is not None:
            raise UsageError(
                f"Không có bản sửa đổi r{revision} của kỳ {period} ({folder}). "
                "Hãy kiểm tra số --revision và thư mục --output."
            )
        raise UsageError(
            f"Không có thư mục kết quả {folder}. Hãy chạy baocao aggregate cho kỳ {period} trước, "
            "hoặc kiểm tra --period và --output."
        )
    if not (folder / "manifest.json").is_file():
        raise UsageError(
            f"Thư mục {folder} không có manifest.json nên không phải kết quả đầy đủ của baocao aggregate. "
            f"Hãy chạy lại baocao aggregate cho kỳ {period} rồi duyệt."
        )


def _already(approval: Approval, folder: Path) -> UsageError:
    return UsageError(
        f"Thư mục {folder} đã được duyệt (báo cáo số {approval.number}, {approval.by}, {approval.at_vi}). "
        "Chỉ duyệt lại khi đã có bản sửa đổi mới (baocao aggregate ghi khi số liệu thay đổi), "
        "hoặc chọn bản sửa đổi khác bằng --revision."
    )


def approve(
    output: Path,
    ledger_path: Path,
    period: Period,
    *,
    by: str,
    number: str,
    at: dt.datetime | None = None,
    revision: int | None = None,
    wait: float = LEDGER_WAIT,
) -> Approval:
    """Record that ``by`` approved the period's latest outputs (or revision ``revision``) as report ``number``.

    Everything is read and checked while the ledger is held, so no run can publish into
    the folder between its hashing and its recording.
    """
    by, number, output = by.strip(), number.strip(), Path(output)
    if not by:
        raise UsageError('Hãy ghi tên người duyệt (--by), ví dụ --by "Y Lan".')
    if not number:
        raise UsageError("Hãy ghi số báo cáo đã gửi (--number), ví dụ --number 419/BC-UBND.")
    if revision is not None and revision < 1:
        raise UsageError(f"Số bản sửa đổi {revision} không hợp lệ. Hãy ghi một số nguyên từ 1, ví dụ --revision 1.")
    first = output / (revision_folder(period.code, revision) if revision else period.code)
    _check_folder(first, period.code, revision)  # before the ledger is opened: a wrong folder creates nothing
    if not Path(ledger_path).is_file():
        raise UsageError(
            f"Không có sổ theo dõi {ledger_path}. Kết quả trong {output} được ghi cùng sổ theo dõi của lần chạy; "
            "hãy chỉ đúng tệp sổ bằng --ledger."
        )
    stamp = (at or dt.datetime.now()).replace(microsecond=0).isoformat()
    try:
        with open_ledger(Path(ledger_path), wait=wait) as ledger:
            name = first.name if revision else latest_folder(ledger, output, period.code)
            folder = output / name
            _check_folder(folder, period.code, revision)
            for earlier in period_approvals(ledger, period.code):
                if earlier.folder == name:
                    raise _already(earlier, folder)
            files, hashes = counted_files(folder, period.code), output_hashes(folder)
            saved = save_approval(ledger, Approval(0, period.code, by, stamp, number, name, files, hashes))
            write_json(folder / APPROVAL_FILE, saved.record())
    except OSError as exc:
        raise machine_error(exc, output) from None
    return saved
