"""The inbox folder: which files are there, when each arrived, which are not reports.

Nothing here opens a spreadsheet; listing and accounting come first, so every file
has an outcome even if no parser can read it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from pipeline.errors import UsageError

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
IGNORED_PREFIXES = ("~$", ".~lock", ".")
"""Lock and hidden files Excel and LibreOffice leave beside an open workbook."""


def inbox_files(inbox: Path) -> list[Path]:
    if not inbox.is_dir():
        raise UsageError(f"Không tìm thấy thư mục báo cáo gửi về: {inbox}. Hãy kiểm tra đường dẫn --inbox.")
    return sorted(p for p in inbox.rglob("*") if p.is_file())


def is_ignored(path: Path) -> bool:
    return path.name.startswith(IGNORED_PREFIXES)


def received_at(path: Path) -> dt.datetime:
    """When a file arrived, as far as a folder can tell: its modification time.

    The submission ledger will record the true receipt time; until then the file's own
    time is what the clerk sees in the folder.
    """
    return dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
