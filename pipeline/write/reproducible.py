"""The same inputs give the same bytes: document times from the inputs, and every output's SHA-256.

Excel and Word files are zip archives that record when each part was written, and their
``docProps/core.xml`` says when the document was created and modified. Left to the
clock, two runs on the same inbox would differ in every workbook, and an auditor could
not tell a real change from a re-run. So, once every output is written, each .xlsx and
.docx is rewritten with the time of the inputs (the latest arrival of an inbox file)
in both places, and ``provenance.json`` lists the SHA-256 of every file the run wrote.
PDFs printed by LibreOffice carry its own creation time and are not rewritten.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from pipeline.intake.inbox import file_sha256

ARCHIVES = (".xlsx", ".docx")
_CORE = "docProps/core.xml"
_STAMPS = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")
EARLIEST = dt.datetime(1980, 1, 1)
"""Zip archives cannot record a time before 1980."""


def _core_xml(data: bytes, moment: dt.datetime) -> bytes:
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    return _STAMPS.sub(lambda m: m.group(1) + stamp + m.group(3), data)


def freeze_archive(path: Path, moment: dt.datetime) -> None:
    """Rewrite one .xlsx/.docx with ``moment`` as the time of every part and of the document."""
    moment = max(moment.replace(microsecond=0, tzinfo=None), EARLIEST)
    with zipfile.ZipFile(path) as source:
        parts = [(info.filename, source.read(info)) for info in source.infolist()]
    temporary = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(temporary, "w") as target:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=moment.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, _core_xml(data, moment) if name == _CORE else data)
    temporary.replace(path)


def freeze_documents(folder: Path, moment: dt.datetime) -> list[Path]:
    """Every workbook and Word file under ``folder``, frozen at ``moment``."""
    frozen = sorted(p for p in folder.rglob("*") if p.suffix.lower() in ARCHIVES and p.is_file())
    for path in frozen:
        freeze_archive(path, moment)
    return frozen


def output_hashes(folder: Path, *, leave_out: tuple[str, ...] = ()) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` by POSIX path, in order (the staging owner mark left out)."""
    found: dict[str, str] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name in leave_out or name.startswith("."):
            continue
        found[name] = file_sha256(path)  # in blocks: a national values.csv is 116 MB
    return found
