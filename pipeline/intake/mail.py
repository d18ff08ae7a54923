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
import datetime as dt
import email
import hashlib
import imaplib
import ipaddress
import mailbox
import os
import re
import secrets
import socket
import ssl
import unicodedata
from base64 import b64encode
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.utils import parseaddr, parsedate_to_datetime
from itertools import groupby
from pathlib import Path, PurePosixPath

from pipeline.errors import ConfigError, UsageError
from pipeline.read.workbook import SPREADSHEET_SUFFIXES, file_sha256

MAX_BYTES = 25 * 1024 * 1024  # far above any real form: a bigger attachment is a mistake, not a report
_MAX_CHARS, _MAX_NAME_BYTES = 120, 240  # bytes: Vietnamese letters take 3 in UTF-8, disks allow 255
_ILLEGAL = re.compile(r'[<>:"/\\|?*]')
_RESERVED = {"con", "prn", "aux", "nul", *(f"{d}{i}" for d in ("com", "lpt") for i in range(1, 10))}
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True)
class Attachment:
    saved_path: Path
    original_name: str
    sender: str
    sent_at: str | None
    message_id: str
    sha256: str


@dataclass(frozen=True)
class Skipped:
    message_id: str
    original_name: str
    reason: str


@dataclass(frozen=True)
class IntakeReport:
    saved: tuple[Attachment, ...]
    skipped: tuple[Skipped, ...]


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


def extract_message(
    msg: Message, inbox: Path, taken: set[str], max_bytes: int = MAX_BYTES, *, known: dict[str, Path] | None = None
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
            saved.append(Attachment(known[digest], original, sender, sent_at, message_id, digest))
            continue
        skipped.append(Skipped(message_id, original, reason))
    return saved, skipped


def _disk_error(exc: OSError) -> UsageError:
    return UsageError(f"Không đọc hoặc ghi được tệp {exc.filename or ''}: {exc.strerror or exc}. Hãy kiểm tra thư mục.")


class _Batch:
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

    def add(self, raw: bytes | Path) -> tuple[list[Attachment], list[Skipped]]:
        try:
            msg = email.message_from_bytes(raw.read_bytes() if isinstance(raw, Path) else raw, policy=policy.default)
            got, passed = extract_message(msg, self.inbox, self.taken, known=self.known)
        except OSError as exc:
            raise _disk_error(exc) from None
        self.saved += got
        self.skipped += passed
        return got, passed

    def report(self) -> IntakeReport:
        return IntakeReport(tuple(self.saved), tuple(self.skipped))


def from_folder(folder: Path, inbox: Path) -> IntakeReport:
    """Attachments of every .eml file in ``folder``, in name order."""
    if not folder.is_dir():
        raise UsageError(f"Không tìm thấy thư mục thư (.eml): {folder}. Hãy kiểm tra đường dẫn --from.")
    batch = _Batch(inbox)
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() == ".eml" and p.is_file()):
        batch.add(path)
    return batch.report()


def from_mbox(path: Path, inbox: Path) -> IntakeReport:
    """Attachments of every message in an mbox file (a Thunderbird folder or an export)."""
    if not path.is_file():
        raise UsageError(f"Không tìm thấy tệp mbox: {path}. Hãy kiểm tra đường dẫn --from.")
    batch, box = _Batch(inbox), mailbox.mbox(path, create=False)
    try:
        for key in box.iterkeys():
            batch.add(box.get_bytes(key))
    finally:
        box.close()
    return batch.report()


@dataclass(frozen=True, kw_only=True)
class ImapSettings:
    """The district's mailbox. TLS may be off only for a server on this machine (a test):
    anywhere else the password would cross the network in clear."""

    host: str
    user: str
    password: str = field(repr=False)
    port: int = 993
    mailbox: str = "INBOX"
    tls: bool = True
    cafile: Path | None = None
    timeout: float = 60.0

    def __post_init__(self) -> None:
        with contextlib.suppress(ValueError):
            if self.tls or self.host == "localhost" or ipaddress.ip_address(self.host.strip("[]")).is_loopback:
                return
        raise ConfigError(
            f"Không lấy thư qua IMAP không mã hoá từ {self.host}: mật khẩu sẽ đi qua mạng ở dạng rõ. "
            "Chỉ được tắt TLS khi chạy thử với máy chủ trên chính máy này (127.0.0.1)."
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ImapSettings:
        """Read BAOCAO_IMAP_*: a password belongs in the environment, not on a command line."""
        env = os.environ if environ is None else environ

        def value(name: str, default: str | None = None) -> str:
            key = f"BAOCAO_IMAP_{name}"
            text = env.get(key, "").strip() or default
            if text is None:
                raise ConfigError(f"Thiếu biến môi trường {key} để lấy thư qua IMAP.", key=key)
            return text

        port, cafile = value("PORT", "993"), value("CAFILE", "")
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise ConfigError(f"BAOCAO_IMAP_PORT phải là số cổng (993), không phải {port!r}.", key="BAOCAO_IMAP_PORT")
        return cls(
            host=value("HOST"),
            port=int(port),
            user=value("USER"),
            password=value("PASSWORD"),
            mailbox=value("MAILBOX", "INBOX"),
            cafile=Path(cafile) if cafile else None,
        )


def _text(exc: BaseException) -> str:
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc.args[0] if exc.args else exc
    return detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)


def _mailbox_arg(name: str) -> str:
    """A mailbox name as IMAP wants it: modified UTF-7 (RFC 3501 5.1.3), quoted ("Báo cáo")."""
    out = []
    for printable, group in groupby(name, key=lambda ch: " " <= ch <= "~"):
        run = "".join(group)
        utf7 = "&" + b64encode(run.encode("utf-16-be")).decode().rstrip("=").replace("/", ",") + "-"
        out.append(run.replace("&", "&-") if printable else utf7)
    return '"' + "".join(out).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _login(settings: ImapSettings) -> imaplib.IMAP4:
    """Connect and log in; any failure becomes one sentence naming the server and what to check."""
    if settings.cafile is not None and not settings.cafile.is_file():
        raise ConfigError(f"Không thấy tệp chứng chỉ {settings.cafile} (BAOCAO_IMAP_CAFILE).", key="BAOCAO_IMAP_CAFILE")
    try:
        if not settings.tls:
            conn = imaplib.IMAP4(settings.host, settings.port, timeout=settings.timeout)
        else:
            context = ssl.create_default_context(cafile=str(settings.cafile) if settings.cafile else None)
            conn = imaplib.IMAP4_SSL(settings.host, settings.port, ssl_context=context, timeout=settings.timeout)
    except ssl.SSLCertVerificationError as exc:
        problem = f"chứng chỉ TLS không được tin cậy ({exc.verify_message})"
        check = "tên máy BAOCAO_IMAP_HOST; nếu máy chủ dùng chứng chỉ riêng, đặt BAOCAO_IMAP_CAFILE là tệp chứng chỉ đó"
    except ssl.SSLError as exc:
        problem, check = f"không thiết lập được TLS ({exc.reason})", "BAOCAO_IMAP_PORT (IMAP qua TLS là cổng 993)"
    except socket.gaierror:
        problem, check = "không tìm thấy tên máy", "BAOCAO_IMAP_HOST và kết nối mạng"
    except (OSError, imaplib.IMAP4.error) as exc:
        problem, check = f"không kết nối được ({_text(exc)})", "BAOCAO_IMAP_HOST, BAOCAO_IMAP_PORT, mạng và tường lửa"
    else:
        try:
            if (settings.user + settings.password).isascii():
                conn.login(settings.user, settings.password)
            else:  # LOGIN is ASCII only; AUTHENTICATE PLAIN carries UTF-8
                conn.authenticate("PLAIN", lambda _: f"\0{settings.user}\0{settings.password}".encode())
            return conn
        except (OSError, imaplib.IMAP4.error) as exc:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                conn.logout()
            problem, check = f"không đăng nhập được ({_text(exc)})", "BAOCAO_IMAP_USER và BAOCAO_IMAP_PASSWORD"
    raise ConfigError(f"Máy chủ thư {settings.host}:{settings.port}: {problem}. Hãy kiểm tra {check}.")


def from_imap(
    settings: ImapSettings,
    inbox: Path,
    *,
    since: str | None = None,
    mark_seen: bool = True,
    on_saved: Callable[[Attachment], None] | None = None,
) -> IntakeReport:
    """Take the attachments of unread messages (or of every message since an ISO date).

    A message is fetched with BODY.PEEK and marked \\Seen only once its attachments are on
    disk and ``on_saved`` has noted them, so a crash or a lost connection never loses one:
    the next run fetches it again and the repeat is recognised by content. Messages without
    attachments stay unread: they are the clerk's ordinary mail.
    """
    criterion = "UNSEEN"
    if since is not None:
        try:
            day = dt.date.fromisoformat(since)
        except ValueError:
            raise UsageError(f"Ngày {since!r} không hợp lệ; hãy viết dạng 2020-07-01.") from None
        criterion = f"SINCE {day.day:02d}-{_MONTHS[day.month - 1]}-{day.year}"
    batch, where = _Batch(inbox), f"Máy chủ thư {settings.host}:{settings.port}"
    conn = _login(settings)
    try:
        if conn.select(_mailbox_arg(settings.mailbox), readonly=not mark_seen)[0] != "OK":
            raise ConfigError(f"{where}: không mở được hộp thư {settings.mailbox!r}. Hãy kiểm tra BAOCAO_IMAP_MAILBOX.")
        status, found = conn.uid("SEARCH", criterion)
        for uid in found[0].split() if status == "OK" and found[0] else []:
            status, parts = conn.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((p[1] for p in parts if isinstance(p, tuple) and b"BODY[]" in p[0]), None)
            if status != "OK" or raw is None:
                continue  # expunged meanwhile
            got, passed = batch.add(raw)
            for item in got:
                if on_saved is not None:
                    on_saved(item)
            if mark_seen and (got or passed):
                conn.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    except (OSError, imaplib.IMAP4.error) as exc:
        raise ConfigError(f"{where}: mất kết nối ({_text(exc)}). Các tệp đã lưu vẫn còn; hãy chạy lại lệnh.") from None
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            conn.logout()
    return batch.report()
