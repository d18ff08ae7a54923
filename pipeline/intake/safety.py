"""Checks on a submitted file before any parser touches its bytes.

A commune's attachment can be anything: a PDF or a photo of the form, a Word file, a
download cut short, a password-protected workbook, or a file made to exhaust the
district's machine. The reader would refuse most of these, but vaguely, or only after
python-calamine has spent the memory: calamine lays each sheet out as a dense grid from
A1 to the furthest cell holding a value, so a 25 KB xlsx with one value in ZZ1000000
costs about 20 GB, and a 1 KB ods repeating one cell 100,000 × 1,000 times about 6 GB.
Such files are refused here first, each with a Vietnamese message naming it and saying
what to do, so the run goes on with the others.

The file is read once: :func:`inspect` returns its bytes and the xlsx parts the scan had to
inflate anyway (sheets, workbook, relationships), so the formula scan and python-calamine
work from the same bytes instead of opening and inflating the file again.

The format is sniffed from the content, not the extension. Macros are no risk: calamine
reads cached values and runs nothing, so .xlsm is read like .xlsx. Known gap: the cells
of a binary .xls/.xlsb are not scanned here; BIFF caps an .xls at 65,536 × 256 cells
(about 1 GB in calamine), and :func:`check_dimensions` refuses it once open.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

import python_calamine

from pipeline.errors import WorkbookError
from pipeline.intake import xml_reach
from pipeline.intake.cfb import cfb_streams
from pipeline.issues.codes import IssueCode
from pipeline.spec.numbers import format_auto

MiB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Far above any real form (about 30 rows × 8 columns, 25 KB), far below harm."""

    max_file_bytes: int = 25 * MiB
    max_unzipped_bytes: int = 300 * MiB
    max_member_ratio: int = 200  # uncompressed / compressed, for members over 1 MiB only
    max_members: int = 2_000
    max_rows: int = 20_000
    max_columns: int = 500


DEFAULT_LIMITS = Limits()


def refuse(code: IssueCode, name: str, sheet: str | None = None, **details: Any) -> WorkbookError:
    """The refusal of the file named ``name``, worded from ``code``."""
    return WorkbookError(code, file=name, sheet=sheet, **details)


_ZIP, _CFB = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAGIC = {
    b"%PDF": "tệp PDF",
    b"\x89PNG": "ảnh",
    b"\xff\xd8\xff": "ảnh",
    b"{\\rtf": "văn bản Word (RTF)",
    b"PK\x05\x06": "tệp nén ZIP rỗng",
}
_WORD = "tài liệu Word"
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"  # also matches "-template"
# What a damaged archive raises on the way (also: odd compression, a zip password, malformed XML).
_DAMAGED: tuple[type[Exception], ...] = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError)
_DAMAGED += (zipfile.LargeZipFile, NotImplementedError, RuntimeError, expat.ExpatError)


KEEP_BYTES = 8 * MiB
"""An xlsx part up to this size is kept inflated for the formula scan; a larger one is re-read."""
_KEPT = re.compile(r"^xl/(worksheets/[^/]+\.xml|workbook\.xml|_rels/workbook\.xml\.rels)$", re.IGNORECASE)


@dataclass(frozen=True)
class Inspected:
    """A file that passed the checks: its bytes, read once, and the xlsx parts inflated on the way."""

    data: bytes
    parts: Mapping[str, bytes] = field(default_factory=dict)
    """Zip member name -> inflated bytes, for the sheets, the workbook and its relationships."""

    def archive(self) -> zipfile.ZipFile:
        return zipfile.ZipFile(io.BytesIO(self.data))


def inspect(path: Path, name: str, limits: Limits = DEFAULT_LIMITS) -> Inspected:
    """Refuse ``path`` (named ``name`` in messages) if it is not worth handing to calamine.

    Anything this cannot judge (an .xls, a file that only starts like a zip) is left to
    the reader, which refuses it in its own words if calamine cannot read it; so is a file
    that cannot be read at all (its bytes are then empty).
    """
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise refuse(IssueCode.FILE_TOO_LARGE, name, size=_mb(size), limit=_mb(limits.max_file_bytes))
        data = path.read_bytes()
    except OSError:
        return Inspected(b"")  # the reader reports it
    if not data:
        raise refuse(IssueCode.EMPTY_FILE, name)
    head = data[:4096]
    if not head.startswith((_ZIP, _CFB)):
        raise refuse(IssueCode.NOT_A_SPREADSHEET, name, kind=_looks_like(head))
    parts: dict[str, bytes] = {}
    if head.startswith(_ZIP):
        _check_zip(data, name, limits, head, parts)
    else:
        _check_cfb(data, name)
    return Inspected(data, parts)


def preflight(path: Path, name: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """:func:`inspect`, for a caller that needs only the refusal."""
    inspect(path, name, limits)


def foreign_kind(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """What a file sent under a name no spreadsheet has looks like ("tệp PDF", "ảnh",
    "tài liệu Word" …), judged from its content as :func:`preflight` judges a file sent
    as a spreadsheet, so both refusals say the same thing of the same file."""
    head = b""
    try:
        if path.stat().st_size > limits.max_file_bytes:
            with open(path, "rb") as handle:
                head = handle.read(4096)
            return "tệp nén ZIP" if head.startswith(_ZIP) else _looks_like(head)
        data = path.read_bytes()
        head = data[:4096]
        if head.startswith(_CFB) and "WordDocument" in cfb_streams(data, ("WordDocument",)):
            return _WORD
        if head.startswith(_ZIP) and not _too_many_members(data, limits):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = {i.filename.lower(): i.filename for i in archive.infolist()}
                mimetype = _read(archive, members["mimetype"], 256).strip() if "mimetype" in members else b""
            return _zip_kind(members, mimetype)
    except _DAMAGED:
        pass  # unreadable or damaged: judged by its first bytes alone
    return "tệp nén ZIP" if head.startswith(_ZIP) else _looks_like(head)


def check_dimensions(
    book: python_calamine.CalamineWorkbook, name: str, limits: Limits = DEFAULT_LIMITS
) -> dict[str, python_calamine.CalamineSheet]:
    """Load every sheet of an opened workbook, refusing a damaged sheet or one too large
    for Python lists; return the loaded sheets so the reader does not parse them twice.

    ``to_python()`` returns every row from A1 to the sheet's last cell, so the check uses
    that corner (``end``), not the used area (``height``/``width``). Each sheet is loaded
    here first, so a sheet calamine cannot parse is refused here, not later mid-read.
    """
    sheets = {}
    for sheet_name in book.sheet_names:
        try:
            sheet = book.get_sheet_by_name(sheet_name)
            end = sheet.end
        except Exception as exc:  # calamine raises several types for a damaged sheet
            raise refuse(IssueCode.CORRUPT_FILE, name, sheet_name) from exc
        if end is not None and (end[0] >= limits.max_rows or end[1] >= limits.max_columns):
            raise _too_many_cells(name, limits, sheet_name)
        sheets[sheet_name] = sheet
    return sheets


def _too_many_cells(name: str, limits: Limits, sheet: str | None = None) -> WorkbookError:
    rows, columns = format_auto(limits.max_rows), format_auto(limits.max_columns)
    return refuse(IssueCode.TOO_MANY_CELLS, name, sheet, max_rows=rows, max_columns=columns)


def _mb(size: int) -> str:
    return format_auto(round(size / MiB, 2))


def _looks_like(head: bytes) -> str:
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            return kind
    lower = head.lower()
    if b"<html" in lower or b"<!doctype html" in lower or b"<table" in lower:
        return "trang web (HTML)"
    if lower.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml"):
        return "tệp XML"
    return "dữ liệu không rõ định dạng" if _CONTROL.search(head) else "văn bản"


def _check_cfb(data: bytes, name: str) -> None:
    """An OLE2 container: an .xls, or an encrypted xlsx (Office wraps those in one), or a .doc/.ppt."""
    streams = cfb_streams(data, ("Workbook", "Book", "EncryptedPackage", "EncryptionInfo", "WordDocument"))
    if streams & {"Workbook", "Book"}:
        return  # an .xls; a password-protected one raises calamine's PasswordError
    if streams & {"EncryptedPackage", "EncryptionInfo"}:
        raise refuse(IssueCode.ENCRYPTED_FILE, name)
    if "WordDocument" in streams:
        raise refuse(IssueCode.NOT_A_SPREADSHEET, name, kind=_WORD)


def _too_many_members(data: bytes, limits: Limits) -> bool:
    """Count entries from the zip's end record, before zipfile lists them all."""
    tail = data[-65_557:]
    end = tail.rfind(b"PK\x05\x06")
    return end != -1 and end + 12 <= len(tail) and struct.unpack_from("<H", tail, end + 10)[0] > limits.max_members


def _check_zip(data: bytes, name: str, limits: Limits, head: bytes, parts: dict[str, bytes]) -> None:
    if _too_many_members(data, limits):
        raise refuse(IssueCode.ZIP_BOMB, name, detail="quá nhiều thành phần")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive, name, limits, parts)
    except _DAMAGED as exc:
        # Only a genuine first entry (known compression, a sane name) makes it a damaged
        # archive; bytes that merely start with "PK" are left to the reader.
        method, name_len = struct.unpack_from("<8xH16xH", head.ljust(28))  # first entry header, or blanks
        if method in (0, 8) and 0 < name_len <= 1024:
            raise refuse(IssueCode.CORRUPT_FILE, name) from exc


def _check_archive(archive: zipfile.ZipFile, name: str, limits: Limits, parts: dict[str, bytes]) -> None:
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise refuse(IssueCode.ZIP_BOMB, name, detail="quá nhiều thành phần")
    for info in infos:
        steps = info.filename.replace("\\", "/").split("/")
        if info.filename.startswith(("/", "\\")) or ".." in steps or info.filename[1:2] == ":":
            raise refuse(IssueCode.CORRUPT_FILE, name)
        if info.file_size > MiB and info.file_size > limits.max_member_ratio * max(info.compress_size, 1):
            raise refuse(IssueCode.ZIP_BOMB, name, detail="tỉ lệ nén bất thường")
    if sum(i.file_size for i in infos) > limits.max_unzipped_bytes:
        raise refuse(IssueCode.ZIP_BOMB, name, detail="dung lượng giải nén quá lớn")
    members = {i.filename.lower(): i.filename for i in infos}
    if "xl/workbook.xml" not in members and "xl/workbook.bin" not in members:
        mimetype = _read(archive, members["mimetype"], 256).strip() if "mimetype" in members else b""
        if not mimetype.startswith(_ODS_MIMETYPE):
            raise refuse(IssueCode.NOT_A_SPREADSHEET, name, kind=_zip_kind(members, mimetype))
        manifest = members.get("meta-inf/manifest.xml")
        if manifest and b"encryption-data" in _read(archive, manifest, MiB):
            raise refuse(IssueCode.ENCRYPTED_FILE, name)
    for info in infos:
        if not info.is_dir():
            _scan_member(archive, info, name, limits, parts)


def _read(archive: zipfile.ZipFile, member: str, limit: int) -> bytes:
    with archive.open(member) as handle:
        return handle.read(limit)


def _zip_kind(members: dict[str, str], mimetype: bytes) -> str:
    if "word/document.xml" in members:
        return _WORD
    if "ppt/presentation.xml" in members:
        return "bản trình chiếu PowerPoint"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        return "văn bản OpenDocument (Writer)"
    return "tài liệu OpenDocument khác" if mimetype.startswith(b"application/vnd.oasis") else "tệp nén ZIP"


def _scan_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limits: Limits, parts: dict[str, bytes]
) -> None:
    """Measure one member with :mod:`pipeline.intake.xml_reach` and refuse what it finds;
    a sheet, the workbook or its relationships are inflated whole and kept in ``parts``
    (their declared sizes were checked above, and zipfile reads no further than that)."""
    stream: IO[bytes]
    if _KEPT.match(info.filename) and info.file_size <= KEEP_BYTES:
        parts[info.filename] = archive.read(info)
        stream = io.BytesIO(parts[info.filename])
    else:
        stream = archive.open(info)
    with stream as member:
        try:
            xml_reach.scan(member, info.file_size, limits.max_rows, limits.max_columns)
        except (xml_reach.DoctypeFound, xml_reach.NoRoot) as exc:
            raise refuse(IssueCode.XML_ENTITIES, name) from exc
        except xml_reach.TooFar as exc:
            raise _too_many_cells(name, limits) from exc
