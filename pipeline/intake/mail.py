"""Mail in: the spreadsheet attachments communes e-mail, saved into the inbox folder.

Forms arrive as attachments; intake reads a folder. This module bridges the two, from a
folder of .eml files, an mbox file or an IMAP mailbox. The sender chooses an attachment's
name, so it is never used as a path: it becomes a bare name that is safe on any disk.
Sender, date and Message-ID travel with each file so the ledger knows when a form really
arrived. Standard library only, so receiving mail needs nothing installed. The library
never prints: what stops a run raises ConfigError or UsageError with a Vietnamese message.
"""

from __future__ import annotations

import contextlib
import email
import hashlib
import mailbox
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path, PurePosixPath

from pipeline.errors import UsageError
from pipeline.intake.inbox import SPREADSHEET_SUFFIXES, file_sha256

MAX_BYTES = 25 * 1024 * 1024  # far above any real form: a bigger attachment is a mistake, not a report
_MAX_CHARS, _MAX_NAME_BYTES = 120, 240  # bytes: Vietnamese letters take 3 in UTF-8, disks allow 255
_ILLEGAL = re.compile(r'[<>:"/\\|?*]')
_RESERVED = {"con", "prn", "aux", "nul", *(f"{d}{i}" for d in ("com", "lpt") for i in range(1, 10))}


@dataclass(frozen=True)
class Attachment:
    saved_path: Path
    original_name: str
    sender: str
    sent_at: str | None
    message_id: str
    sha256: str
    received_at: str | None = None
    """The mail server's arrival time (IMAP INTERNALDATE), when known."""


@dataclass(frozen=True)
class Skipped:
    message_id: str
    original_name: str
    reason: str


@dataclass(frozen=True)
class Unattached:
    """A message that brought no usable spreadsheet: the commune forgot the file, or sent
    only a PDF. Kept with its sender so the office can ask for the form."""

    message_id: str
    sender: str
    sent_at: str | None
    reason: str


@dataclass(frozen=True)
class IntakeReport:
    saved: tuple[Attachment, ...]
    skipped: tuple[Skipped, ...]
    unattached: tuple[Unattached, ...] = ()


def _decoded(name: str) -> str:
    """The name as sent, without control characters that could fool a terminal. RFC 2231 is
    decoded by ``get_filename``; some mailers use RFC 2047 words instead, decoded here."""
    if "=?" in name:
        with contextlib.suppress(LookupError, ValueError):
            name = str(make_header(decode_header(name)))
    return "".join(ch for ch in unicodedata.normalize("NFC", name) if not unicodedata.category(ch).startswith("C"))


def _clean(name: str) -> str:
    """A bare name every disk accepts, Windows included (the inbox folder may be shared)."""
    name = re.sub(r"^[A-Za-z]:", "", _decoded(name).replace("\\", "/").rsplit("/", 1)[-1])
    name = " ".join(_ILLEGAL.sub("", name).split()).rstrip(". ")
    if not name:
        return "tep_dinh_kem"
    return "tep_" + name if name.startswith(".") or name.split(".")[0].strip().lower() in _RESERVED else name


def safe_filename(name: str, taken: set[str]) -> str:
    """A safe bare name for ``name``, not in ``taken`` (compared ignoring case, as Windows and
    macOS disks do), numbered " (2)", " (3)" on a clash. The result is added to ``taken``."""
    clean = _clean(name)
    ext = PurePosixPath(clean).suffix
    ext = ext if 1 < len(ext) <= 10 else ""
    used = {t.casefold() for t in taken}
    number, tail = 1, ""
    while True:
        stem = clean[: len(clean) - len(ext)]
        while stem and (len(stem + tail + ext) > _MAX_CHARS or len((stem + tail + ext).encode()) > _MAX_NAME_BYTES):
            stem = stem[:-1]
        candidate = (stem.rstrip(". ") or "tep") + tail + ext
        if candidate.casefold() not in used:
            taken.add(candidate)
            return candidate
        number += 1
        tail = f" ({number})"


def _envelope(msg: Message) -> tuple[str, str | None, str]:
    """Sender address, ISO date and Message-ID. The email package raises assorted errors on
    hostile headers; a bad header leaves its field blank instead of stopping the intake."""

    def header(name: str) -> str:
        try:
            return str(msg.get(name, "") or "").strip()
        except Exception:
            return ""

    try:  # the parsed address: re-parsing a decoded display name ("Nguyễn, Văn") can go wrong
        addresses = getattr(msg.get("From"), "addresses", None)
        sender = str(addresses[0].addr_spec) if addresses else parseaddr(header("From"))[1]
    except Exception:
        sender = ""
    try:
        sent_at: str | None = parsedate_to_datetime(header("Date")).isoformat()
    except (TypeError, ValueError, IndexError):
        sent_at = None
    return sender, sent_at, header("Message-ID")


def _inbox_index(inbox: Path) -> dict[str, Path]:
    """SHA-256 -> file, for every spreadsheet already in the inbox (so none is written twice)."""
    index: dict[str, Path] = {}
    for path in sorted(inbox.rglob("*")):
        if path.is_file() and not path.name.startswith(".") and path.suffix.lower() in SPREADSHEET_SUFFIXES:
            index.setdefault(file_sha256(path), path)
    return index


def _write(inbox: Path, name: str, data: bytes, taken: set[str]) -> Path:
    """Write a hidden temporary file (intake ignores it) and hard-link it into place: a crash
    never leaves half a workbook, and a file that appeared meanwhile is never replaced."""
    tmp = inbox / f".dang-nhan-{secrets.token_hex(8)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        target = inbox / name
        while True:
            try:
                os.link(tmp, target)
                return target
            except OSError as exc:
                if not isinstance(exc, FileExistsError) and not target.exists():
                    os.replace(tmp, target)  # a disk without hard links (FAT, some network shares)
                    return target
                target = inbox / safe_filename(name, taken)
    finally:
        tmp.unlink(missing_ok=True)


SPREADSHEET_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.12": ".xlsm",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
}
UNNAMED = "tep_dinh_kem_khong_ten"


def _unnamed_spreadsheet(part: Message) -> str | None:
    """A name for an attachment sent without one, when it is a spreadsheet by its declared
    type (or a generic attachment whose bytes start like a workbook); None otherwise.

    Some mail programs and phones drop the file name; the form must not be lost for that.
    """
    kind = part.get_content_type().lower()
    if kind in SPREADSHEET_TYPES:
        return UNNAMED + SPREADSHEET_TYPES[kind]
    if kind != "application/octet-stream" or part.get_content_disposition() != "attachment":
        return None
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    head = data[:8]
    if head.startswith(b"PK\x03\x04"):
        return UNNAMED + (".ods" if b"opendocument.spreadsheet" in data[:200] else ".xlsx")
    if head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return UNNAMED + ".xls"
    return None


def extract_message(
    msg: Message,
    inbox: Path,
    taken: set[str],
    max_bytes: int = MAX_BYTES,
    *,
    known: dict[str, Path] | None = None,
    received_at: str | None = None,
) -> tuple[list[Attachment], list[Skipped]]:
    """Save one message's spreadsheet attachments into ``inbox``.

    A part with a file name is an attachment; other kinds of file are reported as skipped,
    except inline ones (signature logos, pasted pictures), which are noise. Content already
    in the inbox is not written again but reported with the existing path: the ledger
    recognises the repeat by its SHA-256. ``known`` lets a batch hash the inbox only once.
    """
    inbox.mkdir(parents=True, exist_ok=True)
    known = _inbox_index(inbox) if known is None else known
    taken.update(p.name for p in inbox.iterdir())
    sender, sent_at, message_id = _envelope(msg)
    saved: list[Attachment] = []
    skipped: list[Skipped] = []
    for part in msg.walk():
        raw_name = None if part.is_multipart() else part.get_filename()
        if not raw_name:
            raw_name = _unnamed_spreadsheet(part)
            if raw_name is None:
                continue
        original = _decoded(raw_name)
        if PurePosixPath(_clean(original)).suffix.lower() not in SPREADSHEET_SUFFIXES:
            if part.get_content_disposition() == "inline":
                continue
            reason = f"không phải tệp bảng tính ({', '.join(sorted(SPREADSHEET_SUFFIXES))})"
        elif not isinstance(data := part.get_payload(decode=True), bytes) or not data:
            reason = "tệp đính kèm rỗng"
        elif len(data) > max_bytes:
            reason = f"tệp lớn hơn giới hạn {max_bytes / 2**20:g} MB"
        else:
            digest = hashlib.sha256(data).hexdigest()
            if digest not in known:
                known[digest] = _write(inbox, safe_filename(original, taken), data, taken)
            saved.append(Attachment(known[digest], original, sender, sent_at, message_id, digest, received_at))
            continue
        skipped.append(Skipped(message_id, original, reason))
    return saved, skipped


def _disk_error(exc: OSError) -> UsageError:
    return UsageError(f"Không đọc hoặc ghi được tệp {exc.filename or ''}: {exc.strerror or exc}. Hãy kiểm tra thư mục.")


class Batch:
    """Several messages into one inbox: the inbox is hashed once and saved names stay unique."""

    def __init__(self, inbox: Path) -> None:
        try:
            inbox.mkdir(parents=True, exist_ok=True)
            self.known = _inbox_index(inbox)
        except OSError as exc:
            raise _disk_error(exc) from None
        self.inbox, self.taken = inbox, set[str]()
        self.saved: list[Attachment] = []
        self.skipped: list[Skipped] = []
        self.unattached: list[Unattached] = []

    def add(
        self, raw: bytes | Path, *, list_bare: bool = True, received_at: str | None = None
    ) -> tuple[list[Attachment], list[Skipped]]:
        """Save one message's forms. A message that brings none is listed, unless it has no
        attachment at all and ``list_bare`` is off (a mailbox's ordinary mail)."""
        try:
            msg = email.message_from_bytes(raw.read_bytes() if isinstance(raw, Path) else raw, policy=policy.default)
            got, passed = extract_message(msg, self.inbox, self.taken, known=self.known, received_at=received_at)
        except OSError as exc:
            raise _disk_error(exc) from None
        self.saved += got
        self.skipped += passed
        if not got and (passed or list_bare):
            sender, sent_at, message_id = _envelope(msg)
            reason = "; ".join(f"{s.original_name}: {s.reason}" for s in passed) or "thư không có tệp đính kèm"
            self.unattached.append(Unattached(message_id, sender, sent_at, reason))
        return got, passed

    def report(self) -> IntakeReport:
        return IntakeReport(tuple(self.saved), tuple(self.skipped), tuple(self.unattached))


def from_folder(folder: Path, inbox: Path) -> IntakeReport:
    """Attachments of every .eml file in ``folder``, in name order."""
    if not folder.is_dir():
        raise UsageError(f"Không tìm thấy thư mục thư (.eml): {folder}. Hãy kiểm tra đường dẫn --from.")
    batch = Batch(inbox)
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() == ".eml" and p.is_file()):
        batch.add(path)
    return batch.report()


def from_mbox(path: Path, inbox: Path) -> IntakeReport:
    """Attachments of every message in an mbox file (a Thunderbird folder or an export)."""
    if not path.is_file():
        raise UsageError(f"Không tìm thấy tệp mbox: {path}. Hãy kiểm tra đường dẫn --from.")
    batch, box = Batch(inbox), mailbox.mbox(path, create=False)
    try:
        for key in box.iterkeys():
            batch.add(box.get_bytes(key))
    finally:
        box.close()
    return batch.report()
