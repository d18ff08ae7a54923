"""Mail in from an IMAP mailbox over TLS.

Each attachment is handed to ``on_saved`` (which notes it in the ledger) before its
message is marked read, so an interrupted intake loses neither the file nor its sender.
Standard library only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import imaplib
import ipaddress
import os
import socket
import ssl
import time
from base64 import b64encode
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from pipeline.errors import ConfigError, UsageError
from pipeline.intake.mail import Attachment, Batch, IntakeReport

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


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


def _arrival(envelope: bytes) -> str | None:
    """The server's INTERNALDATE of a FETCH response, as ISO 8601 with its offset: the time
    the message reached the district's mailbox, which the sender cannot write."""
    stamp = imaplib.Internaldate2tuple(envelope)
    if stamp is None:
        return None
    return dt.datetime.fromtimestamp(time.mktime(stamp)).astimezone().isoformat()


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
    attachments stay unread and unlisted: they are the clerk's ordinary mail; a message whose
    attachments were all refused (a PDF instead of the form) is listed in the report.
    """
    criterion = "UNSEEN"
    if since is not None:
        try:
            day = dt.date.fromisoformat(since)
        except ValueError:
            raise UsageError(f"Ngày {since!r} không hợp lệ; hãy viết dạng 2020-07-01.") from None
        criterion = f"SINCE {day.day:02d}-{_MONTHS[day.month - 1]}-{day.year}"
    batch, where = Batch(inbox), f"Máy chủ thư {settings.host}:{settings.port}"
    conn = _login(settings)
    try:
        if conn.select(_mailbox_arg(settings.mailbox), readonly=not mark_seen)[0] != "OK":
            raise ConfigError(f"{where}: không mở được hộp thư {settings.mailbox!r}. Hãy kiểm tra BAOCAO_IMAP_MAILBOX.")
        status, found = conn.uid("SEARCH", criterion)
        for uid in found[0].split() if status == "OK" and found[0] else []:
            status, parts = conn.uid("FETCH", uid, "(INTERNALDATE BODY.PEEK[])")
            fetched = next((p for p in parts if isinstance(p, tuple) and b"BODY[]" in p[0]), None)
            if status != "OK" or fetched is None:
                continue  # expunged meanwhile
            got, passed = batch.add(fetched[1], list_bare=False, received_at=_arrival(fetched[0]))
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
