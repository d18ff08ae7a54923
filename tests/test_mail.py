"""Mail intake: attachments out of .eml files, an mbox file and a real IMAP server (Dovecot).

The messages are built the way mail programs build them (EmailMessage.add_attachment),
with the sample forms as attachments and the names a careless or hostile sender may use.
"""

from __future__ import annotations

import datetime as dt
import grp
import imaplib
import mailbox
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.errors import ConfigError, UsageError
from pipeline.intake.imap import ImapSettings, from_imap
from pipeline.intake.inbox import file_sha256
from pipeline.intake.mail import IntakeReport, _write, extract_message, from_folder, from_mbox, safe_filename

XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def _message(
    sender: str,
    attachments: list[tuple[str, bytes]],
    *,
    number: int,
    date: str | None = "Sun, 05 Jul 2020 08:30:00 +0700",
    extra: tuple[tuple[str, bytes, str, str], ...] = (),
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "phongldtbxh@example.vn"
    msg["Subject"] = f"Báo cáo 6 tháng đầu năm 2020 (thư {number})"
    msg["Message-ID"] = f"<thu-{number}@xa.example.vn>"
    if date is not None:
        msg["Date"] = date
    msg.set_content("Kính gửi Phòng, xã gửi báo cáo đính kèm.")
    for name, data in attachments:
        msg.add_attachment(data, *XLSX, filename=name)
    for name, data, maintype, subtype in extra:
        msg.add_attachment(data, maintype, subtype, filename=name)
    return msg


@pytest.fixture
def forms(sample_inbox: Path) -> list[bytes]:
    return [p.read_bytes() for p in sorted(sample_inbox.iterdir())]


@pytest.fixture
def messages(forms: list[bytes]) -> list[EmailMessage]:
    """Three messages covering every awkward case; expected results in the tests below."""
    first = _message(
        "Xã Đắk Ang <xa.dakang@example.vn>",
        [("../../etc/passwd.xlsx", forms[0]), ("Báo cáo Đắk Ang.xlsx", forms[1]), ("rỗng.xlsx", b"")],
        number=1,
        extra=(("huong dan.pdf", b"%PDF-1.4", "application", "pdf"),),
    )
    first.add_attachment(PNG, "image", "png", cid="<logo>", filename="logo.png", disposition="inline")
    second = _message(
        '"Nguyễn, Văn A" <nva@xa-dakxu.example.vn>',
        [("C:\\Windows\\evil.xlsx", forms[2]), ("..", forms[3])],
        number=2,
        date="Mon, 06 Jul 2020 14:05:09 +0700",
    )
    third = _message(
        "xa.dakang@example.vn",
        [("passwd.xlsx", forms[4]), ("gửi lại.xlsx", forms[0]), ("PASSWD.XLSX", forms[5])],
        number=3,
        date="not a date",
    )
    return [first, second, third]


EXPECTED_NAMES = [
    "Báo cáo Đắk Ang.xlsx",
    "PASSWD (3).XLSX",
    "evil.xlsx",
    "passwd (2).xlsx",
    "passwd.xlsx",
]


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def _check_report(report: IntakeReport, inbox: Path, forms: list[bytes]) -> None:
    assert sorted(os.listdir(inbox)) == EXPECTED_NAMES
    by_name = {a.original_name: a for a in report.saved}
    assert list(by_name) == [
        "../../etc/passwd.xlsx",
        "Báo cáo Đắk Ang.xlsx",
        "C:\\Windows\\evil.xlsx",
        "passwd.xlsx",
        "gửi lại.xlsx",
        "PASSWD.XLSX",
    ]
    hostile = by_name["../../etc/passwd.xlsx"]
    assert hostile.saved_path == inbox / "passwd.xlsx"
    assert hostile.saved_path.read_bytes() == forms[0]
    assert hostile.sha256 == file_sha256(hostile.saved_path)
    assert (hostile.sender, hostile.sent_at, hostile.message_id) == (
        "xa.dakang@example.vn",
        "2020-07-05T08:30:00+07:00",
        "<thu-1@xa.example.vn>",
    )
    assert by_name["Báo cáo Đắk Ang.xlsx"].saved_path.read_bytes() == forms[1]
    evil = by_name["C:\\Windows\\evil.xlsx"]
    assert (evil.saved_path.name, evil.sender, evil.sent_at) == (
        "evil.xlsx",
        "nva@xa-dakxu.example.vn",
        "2020-07-06T14:05:09+07:00",
    )
    clash = by_name["passwd.xlsx"]
    assert (clash.saved_path.name, clash.sent_at) == ("passwd (2).xlsx", None)
    assert clash.saved_path.read_bytes() == forms[4]
    assert by_name["PASSWD.XLSX"].saved_path.name == "PASSWD (3).XLSX"  # a clash on Windows and macOS disks
    resent = by_name["gửi lại.xlsx"]  # the same form sent again: reported, not written twice
    assert (resent.saved_path, resent.sha256) == (hostile.saved_path, hostile.sha256)
    assert [(s.message_id, s.original_name) for s in report.skipped] == [
        ("<thu-1@xa.example.vn>", "rỗng.xlsx"),
        ("<thu-1@xa.example.vn>", "huong dan.pdf"),
        ("<thu-2@xa.example.vn>", ".."),
    ]
    assert report.skipped[0].reason == "tệp đính kèm rỗng"
    assert report.skipped[1].reason.startswith("không phải tệp bảng tính (.ods, .xls, .xlsb")


def test_rfc2231_name_really_is_encoded(messages):
    raw = messages[0].as_bytes()
    assert b"filename*=utf-8''B%C3%A1o%20c%C3%A1o" in raw
    assert "Báo".encode() not in raw


def test_eml_folder(tmp_path, messages, forms):
    source, inbox = tmp_path / "thu", tmp_path / "inbox"
    source.mkdir()
    for number, msg in enumerate(messages, 1):
        (source / f"{number:02d}.eml").write_bytes(msg.as_bytes())
    (source / "ghi-chu.txt").write_text("không phải thư")
    before = _tree(tmp_path)
    report = from_folder(source, inbox)
    _check_report(report, inbox, forms)
    assert _tree(tmp_path) - before == {"inbox", *(f"inbox/{name}" for name in EXPECTED_NAMES)}


def test_mbox(tmp_path, messages, forms):
    box = mailbox.mbox(tmp_path / "Inbox")
    for msg in messages:
        box.add(msg)
    box.close()
    _check_report(from_mbox(tmp_path / "Inbox", tmp_path / "inbox"), tmp_path / "inbox", forms)


def test_second_run_writes_nothing_new(tmp_path, messages, forms):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "da_co.xlsx").write_bytes(forms[2])  # already saved by hand under another name
    source = tmp_path / "thu"
    source.mkdir()
    (source / "1.eml").write_bytes(messages[1].as_bytes())
    first = from_folder(source, inbox)
    assert [a.saved_path.name for a in first.saved] == ["da_co.xlsx"]
    second = from_folder(source, inbox)
    assert second.saved == first.saved
    assert sorted(os.listdir(inbox)) == ["da_co.xlsx"]


def test_size_cap_and_headers(tmp_path, forms):
    msg = _message(
        "=?utf-8?q?Nguy=E1=BB=85n=2C_V=C4=83n?= <nv@example.vn>", [("a.xlsx", forms[0])], number=9, date=None
    )
    saved, skipped = extract_message(msg, tmp_path, set(), max_bytes=1000)
    assert saved == []
    assert [(s.original_name, s.reason) for s in skipped] == [("a.xlsx", "tệp lớn hơn giới hạn 0.000953674 MB")]
    saved, skipped = extract_message(msg, tmp_path, set())
    assert (saved[0].sender, saved[0].sent_at, skipped) == ("nv@example.vn", None, [])


def test_write_never_replaces_a_file(tmp_path, monkeypatch):
    (tmp_path / "a.xlsx").write_bytes(b"cu")
    assert _write(tmp_path, "a.xlsx", b"moi", set()) == tmp_path / "a (2).xlsx"

    def no_hard_links(src, dst):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_hard_links)  # FAT disks and some shares
    assert _write(tmp_path, "a.xlsx", b"moi nhat", set()) == tmp_path / "a (3).xlsx"
    assert sorted(os.listdir(tmp_path)) == ["a (2).xlsx", "a (3).xlsx", "a.xlsx"]  # no temporary file left
    assert [(tmp_path / n).read_bytes() for n in sorted(os.listdir(tmp_path))] == [b"moi", b"moi nhat", b"cu"]


def test_missing_sources(tmp_path):
    with pytest.raises(UsageError, match="thư mục thư"):
        from_folder(tmp_path / "khong-co", tmp_path / "inbox")
    with pytest.raises(UsageError, match="mbox"):
        from_mbox(tmp_path / "khong-co", tmp_path / "inbox")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.xlsx", "passwd.xlsx"),
        ("C:\\Windows\\evil.xlsx", "evil.xlsx"),
        ("C:evil.xlsx", "evil.xlsx"),
        ("..", "tep_dinh_kem"),
        (".", "tep_dinh_kem"),
        ("", "tep_dinh_kem"),
        (".an.xlsx", "tep_.an.xlsx"),
        ("CON.xlsx", "tep_CON.xlsx"),
        ("a\x00b\x1b[2J\u202e.xlsx", "ab[2J.xlsx"),
        ('Báo<cáo>: "6|tháng"?*.xlsx', "Báocáo 6tháng.xlsx"),
        ("Ba\u0301o ca\u0301o.xlsx", "Báo cáo.xlsx"),  # NFD, as macOS writes it
        ("  Báo \t  cáo  .xlsx", "Báo cáo.xlsx"),
        ("=?UTF-8?B?QsOhbyBjw6FvIMSQ4bqvayBBbmcueGxzeA==?=", "Báo cáo Đắk Ang.xlsx"),
        ("bao cao.xlsx. ", "bao cao.xlsx"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name, set()) == expected


def test_safe_filename_clash_and_length():
    taken = {"bao cao.xlsx"}
    assert safe_filename("Bao Cao.xlsx", taken) == "Bao Cao (2).xlsx"
    assert safe_filename("bao cao.xlsx", taken) == "bao cao (3).xlsx"
    assert taken == {"bao cao.xlsx", "Bao Cao (2).xlsx", "bao cao (3).xlsx"}
    long = safe_filename("x" * 300 + ".xlsx", taken)
    assert (len(long), long[-10:]) == (120, "xxxxx.xlsx")
    assert safe_filename("x" * 300 + ".xlsx", taken).endswith("x (2).xlsx")
    vietnamese = safe_filename("Đắk " * 100 + ".xlsx", set())
    assert len(vietnamese.encode()) <= 240 and vietnamese.endswith("Đắk.xlsx")


@given(st.text(max_size=300))
def test_safe_filename_is_always_a_bare_name(name):
    result = safe_filename(name, {"a.xlsx"})
    assert result not in ("", ".", "..", "a.xlsx") and not result.startswith(".")
    assert not re.search(r'[<>:"/\\|?*]', result)
    assert not any(unicodedata.category(ch).startswith("C") for ch in result)
    assert result == unicodedata.normalize("NFC", result) == result.strip()
    assert len(result) <= 120 and len(result.encode()) <= 240
    assert Path("/inbox", result).parent == Path("/inbox")


# --- IMAP settings -------------------------------------------------------------------

ENV = {"BAOCAO_IMAP_HOST": "mail.example.vn", "BAOCAO_IMAP_USER": "ldtbxh", "BAOCAO_IMAP_PASSWORD": "bí mật"}


def test_settings_from_env(tmp_path):
    settings = ImapSettings.from_env(ENV)
    assert (settings.host, settings.port, settings.mailbox, settings.tls, settings.cafile) == (
        "mail.example.vn",
        993,
        "INBOX",
        True,
        None,
    )
    assert "bí mật" not in repr(settings)
    (tmp_path / "ca.pem").write_text("x")
    more = {
        **ENV,
        "BAOCAO_IMAP_PORT": "1993",
        "BAOCAO_IMAP_MAILBOX": "Báo cáo",
        "BAOCAO_IMAP_CAFILE": str(tmp_path / "ca.pem"),
    }
    settings = ImapSettings.from_env(more)
    assert (settings.port, settings.mailbox, settings.cafile) == (1993, "Báo cáo", tmp_path / "ca.pem")
    for key in ENV:
        with pytest.raises(ConfigError, match=key):
            ImapSettings.from_env({k: v for k, v in ENV.items() if k != key})
    with pytest.raises(ConfigError, match="BAOCAO_IMAP_PORT"):
        ImapSettings.from_env({**ENV, "BAOCAO_IMAP_PORT": "imaps"})


def test_plain_imap_only_on_loopback():
    with pytest.raises(ConfigError, match=r"mail\.example\.vn"):
        ImapSettings(host="mail.example.vn", user="u", password="p", tls=False)
    for host in ("127.0.0.1", "localhost", "::1"):
        assert not ImapSettings(host=host, user="u", password="p", tls=False).tls


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_server_is_a_clean_error(tmp_path):
    settings = ImapSettings(host="127.0.0.1", port=_free_port(), user="u", password="p", timeout=5)
    with pytest.raises(ConfigError, match=r"1:\d+: không kết nối được \(Connection refused\).*BAOCAO_IMAP_PORT"):
        from_imap(settings, tmp_path / "inbox")
    with pytest.raises(ConfigError, match="BAOCAO_IMAP_CAFILE"):
        from_imap(ImapSettings(host="127.0.0.1", user="u", password="p", cafile=tmp_path / "x.pem"), tmp_path)
    with pytest.raises(UsageError, match="2020-07-01"):
        from_imap(settings, tmp_path / "inbox", since="01/07/2020")


# --- A private Dovecot ----------------------------------------------------------------

USERS = {"vanthu": "mat-khau-1", "sai": "mat-khau-2", "canbo": "mật-khẩu-Đắk-Hà", "thu": "mat-khau-3"}
# Debian keeps dovecot in /usr/sbin, which an ordinary user's PATH often lacks.
DOVECOT = shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/usr/local/sbin:/sbin")


@dataclass(frozen=True)
class Dovecot:
    port: int
    cert: Path
    log: Path

    def settings(self, user: str, **changes) -> ImapSettings:
        fields = {"host": "127.0.0.1", "port": self.port, "user": user, "password": USERS[user], "cafile": self.cert}
        return ImapSettings(**{**fields, **changes})

    def connect(self, user: str) -> imaplib.IMAP4_SSL:
        context = ssl.create_default_context(cafile=str(self.cert))
        conn = imaplib.IMAP4_SSL("127.0.0.1", self.port, ssl_context=context, timeout=10)
        conn.authenticate("PLAIN", lambda _: f"\0{user}\0{USERS[user]}".encode())
        return conn


def _dovecot_conf(root: Path, port: int, cert: Path, key: Path) -> str:
    """A self-contained configuration (nothing from /etc). As root, Dovecot refuses mail
    processes with uid 0 and login processes running as root, so mail belongs to nobody
    and is chrooted into the home folders (a 0700 tmp path is not reachable otherwise);
    as an ordinary user everything runs as that user without chroot."""
    major_minor = tuple(
        int(n) for n in re.findall(r"\d+", subprocess.check_output([str(DOVECOT), "--version"], text=True))[:2]
    )
    as_root = os.geteuid() == 0
    nobody = pwd.getpwnam("nobody")
    uid, gid = (nobody.pw_uid, nobody.pw_gid) if as_root else (os.getuid(), os.getgid())
    me = pwd.getpwuid(os.getuid()).pw_name
    login_user = "dovenull" if as_root and _user_exists("dovenull") else ("nobody" if as_root else me)
    home = f"{root}/home/./%u" if as_root else f"{root}/home/%u"
    chroot = "" if as_root else "  chroot =\n"
    common = f"""base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
auth_mechanisms = plain
auth_failure_delay = 0
default_internal_user = {me}
default_internal_group = {grp.getgrgid(os.getgid()).gr_name}
default_login_user = {login_user}
{f"valid_chroot_dirs = {root}/home" if as_root else ""}
service imap-login {{
{chroot}  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
{chroot}}}
"""
    if major_minor >= (2, 4):  # written from the 2.4 documentation (the machines here run 2.3)
        return f"""dovecot_config_version = 2.4.0
dovecot_storage_version = 2.4.0
{common}ssl_server_cert_file = {cert}
ssl_server_key_file = {key}
passdb passwd-file {{
  passwd_file_path = {root}/users
}}
userdb static {{
  fields {{
    uid = {uid}
    gid = {gid}
    home = {home.replace("%u", "%{user}")}
  }}
}}
mail_driver = maildir
mail_path = ~/Maildir
"""
    return f"""{common}ssl_cert = <{cert}
ssl_key = <{key}
passdb {{
  driver = passwd-file
  args = {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={home}
}}
mail_location = maildir:~/Maildir
"""


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@pytest.fixture(scope="module")
def dovecot(tmp_path_factory) -> Iterator[Dovecot]:
    if DOVECOT is None:
        pytest.skip("Dovecot không được cài")
    root = tmp_path_factory.mktemp("dovecot")
    cert, key, port = root / "cert.pem", root / "key.pem", _free_port()
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1"),
            *("-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"),  # Python matches an IP against the SAN only
            *("-addext", "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign"),  # Python 3.13 is strict
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    (root / "users").write_text("".join(f"{user}:{{PLAIN}}{password}\n" for user, password in USERS.items()))
    for user in USERS:
        (root / "home" / user).mkdir(parents=True)
        if os.geteuid() == 0:
            os.chown(root / "home" / user, pwd.getpwnam("nobody").pw_uid, pwd.getpwnam("nobody").pw_gid)
    (root / "dovecot.conf").write_text(_dovecot_conf(root, port, cert, key))
    output = open(root / "stdout.log", "wb")  # noqa: SIM115 - closed in the finalizer
    proc = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(root / "dovecot.conf")],
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = Dovecot(port, cert, root / "dovecot.log")
    try:
        deadline = time.monotonic() + 15
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                logs = [p.read_text(errors="replace") for p in (root / "stdout.log", server.log) if p.exists()]
                pytest.fail(f"Dovecot did not start:\n{''.join(logs)}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.05)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        output.close()


SERVER_TIME = 1_593_916_200  # 5 July 2020 02:30 UTC: when the server says each message arrived


def _append(conn: imaplib.IMAP4, msg: EmailMessage, mailbox_arg: str = "INBOX", when: float = SERVER_TIME) -> None:
    status, _ = conn.append(mailbox_arg, None, imaplib.Time2Internaldate(when), msg.as_bytes())
    assert status == "OK"


def _unseen(conn: imaplib.IMAP4, mailbox_arg: str = "INBOX") -> list[bytes]:
    conn.select(mailbox_arg, readonly=True)
    return conn.uid("SEARCH", "UNSEEN")[1][0].split()


def test_from_imap(dovecot, tmp_path, forms):
    conn = dovecot.connect("vanthu")
    _append(conn, _message("Xã Đắk Ang <xa.dakang@example.vn>", [("BC Đắk Ang.xlsx", forms[1])], number=1))
    _append(conn, _message("ubnd.dakxu@example.vn", [("BC Đắk Xu.xlsx", forms[5])], number=2, date=None))
    hostile = _message(
        "x@example.vn", [("../../etc/passwd.xlsx", forms[0])], number=3, date="Tue, 07 Jul 2020 09:00:00 +0000"
    )
    _append(conn, hostile)
    plain = EmailMessage()
    plain["From"], plain["Subject"] = "truongphong@example.vn", "Họp giao ban"
    plain.set_content("Không có tệp đính kèm.")
    _append(conn, plain)
    assert len(_unseen(conn)) == 4
    inbox, noted = tmp_path / "inbox", []
    before = _tree(tmp_path)

    report = from_imap(dovecot.settings("vanthu"), inbox, on_saved=noted.append)

    assert [(a.saved_path, a.sender, a.sent_at, a.message_id) for a in report.saved] == [
        (inbox / "BC Đắk Ang.xlsx", "xa.dakang@example.vn", "2020-07-05T08:30:00+07:00", "<thu-1@xa.example.vn>"),
        (inbox / "BC Đắk Xu.xlsx", "ubnd.dakxu@example.vn", None, "<thu-2@xa.example.vn>"),
        (inbox / "passwd.xlsx", "x@example.vn", "2020-07-07T09:00:00+00:00", "<thu-3@xa.example.vn>"),
    ]
    assert [a.saved_path.read_bytes() for a in report.saved] == [forms[1], forms[5], forms[0]]
    # The server's arrival time, not the Date the sender wrote, is what the ledger will use.
    server = dt.datetime.fromtimestamp(SERVER_TIME, dt.UTC)
    assert {dt.datetime.fromisoformat(a.received_at or "") for a in report.saved} == {server}
    assert noted == list(report.saved) and report.skipped == ()
    assert _tree(tmp_path) - before == {"inbox", "inbox/BC Đắk Ang.xlsx", "inbox/BC Đắk Xu.xlsx", "inbox/passwd.xlsx"}
    assert len(_unseen(conn)) == 1  # the ordinary message stays unread for the clerk
    assert from_imap(dovecot.settings("vanthu"), inbox) == IntakeReport((), ())
    conn.logout()


def test_from_imap_vietnamese_mailbox_password_and_peek(dovecot, tmp_path, forms):
    conn = dovecot.connect("canbo")
    assert conn.create('"B&AOE-o c&AOE-o"')[0] == "OK"  # "Báo cáo" in modified UTF-7
    _append(conn, _message("xa@example.vn", [("a.xlsx", forms[2])], number=1), '"B&AOE-o c&AOE-o"')
    _append(conn, _message("xa@example.vn", [("b.xlsx", forms[3])], number=2, date="Fri, 10 Jul 2020 10:00:00 +0700"))

    peek = from_imap(dovecot.settings("canbo", mailbox="Báo cáo"), tmp_path / "a", mark_seen=False)
    assert [a.saved_path.name for a in peek.saved] == ["a.xlsx"]
    assert len(_unseen(conn, '"B&AOE-o c&AOE-o"')) == 1
    since = from_imap(dovecot.settings("canbo"), tmp_path / "b", since="2020-07-01")
    assert [a.saved_path.name for a in since.saved] == ["b.xlsx"]
    with pytest.raises(ConfigError, match="BAOCAO_IMAP_MAILBOX"):
        from_imap(dovecot.settings("canbo", mailbox="Không có"), tmp_path / "c")
    conn.logout()


def test_from_imap_marks_seen_only_after_saving(dovecot, tmp_path, forms):
    conn = dovecot.connect("thu")
    for number in (1, 2):
        _append(conn, _message("xa@example.vn", [(f"{number}.xlsx", forms[number])], number=number))
    inbox = tmp_path / "inbox"

    def power_cut(item):
        raise RuntimeError("mất điện")

    with pytest.raises(RuntimeError):
        from_imap(dovecot.settings("thu"), inbox, on_saved=power_cut)
    assert os.listdir(inbox) == ["1.xlsx"]
    assert len(_unseen(conn)) == 2  # the interrupted message is fetched again next time
    report = from_imap(dovecot.settings("thu"), inbox)
    assert [a.saved_path.name for a in report.saved] == ["1.xlsx", "2.xlsx"]  # the first recognised by content
    assert sorted(os.listdir(inbox)) == ["1.xlsx", "2.xlsx"]
    assert _unseen(conn) == []
    conn.logout()


def test_from_imap_refusals(dovecot, tmp_path):
    wrong = ImapSettings(host="127.0.0.1", port=dovecot.port, user="sai", password="doan-bua", cafile=dovecot.cert)
    with pytest.raises(ConfigError, match=rf"127\.0\.0\.1:{dovecot.port}: không đăng nhập được .*BAOCAO_IMAP_PASSWORD"):
        from_imap(wrong, tmp_path)
    untrusted = dovecot.settings("sai", cafile=None)
    with pytest.raises(ConfigError, match=r"chứng chỉ TLS không được tin cậy .*BAOCAO_IMAP_CAFILE"):
        from_imap(untrusted, tmp_path)
