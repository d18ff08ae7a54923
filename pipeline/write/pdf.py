"""PDF copies of the Word report and the appendix, printed by LibreOffice when it is there.

``soffice --headless --convert-to pdf`` with a private profile in a temporary folder, so
a LibreOffice the officer has open does not block the conversion, and with a time limit,
so a stuck conversion stops the run with a message instead of hanging it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import MachineError, UsageError

TIMEOUT = 180
"""Seconds one conversion may take (a 10,000-commune appendix takes about a minute)."""
INSTALL = "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"


def soffice() -> str:
    """The LibreOffice program, or a usage error saying how to get it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise UsageError(
            "Không tìm thấy LibreOffice (lệnh soffice) để xuất PDF. Hãy cài LibreOffice "
            f"(trên Ubuntu/Debian: {INSTALL}; trên Windows: tải tại libreoffice.org) rồi chạy lại, "
            "hoặc chạy không có tùy chọn --pdf."
        )
    return found


def to_pdf(files: Sequence[Path], folder: Path) -> list[Path]:
    """Convert each file into ``folder`` (same name, .pdf); return the PDF paths."""
    program = soffice()
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="baocao-lo-") as profile:
        for source in files:
            command = [
                program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                "--convert-to", "pdf", "--outdir", str(folder), str(source),
            ]  # fmt: skip
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
            except subprocess.TimeoutExpired:
                raise MachineError(
                    f"LibreOffice không xuất xong {source.name} sang PDF sau {TIMEOUT} giây. Hãy đóng LibreOffice "
                    "đang mở rồi chạy lại, hoặc chạy không có --pdf."
                ) from None
            target = folder / (source.stem + ".pdf")
            if done.returncode != 0 or not target.exists():
                detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["không rõ lý do"]
                raise MachineError(f"LibreOffice không xuất được {source.name} sang PDF ({detail[0]}).")
            written.append(target)
    return written
