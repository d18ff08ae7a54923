"""Mail in: attachments saved into the inbox and each one noted in the ledger.

The ledger keeps the sender, the message date and id of every attachment by its
SHA-256, so a later run knows when a file really arrived (for the deadline) and
recognises the same file sent twice, whatever it was called.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import UsageError
from pipeline.intake.imap import ImapSettings, from_imap
from pipeline.intake.ledger import Ledger, open_ledger
from pipeline.intake.mail import Attachment, IntakeReport, from_folder, from_mbox


def _note(ledger: Ledger, item: Attachment) -> None:
    ledger.receive(
        item.sha256,
        item.original_name,
        sender=item.sender,
        sent_at=item.sent_at,
        message_id=item.message_id,
        received_at=item.received_at,
    )


def receive_mail(
    inbox: Path, ledger_path: Path, *, source: Path | None = None, imap: ImapSettings | None = None
) -> IntakeReport:
    """Take attachments from a folder of .eml files, an mbox file or an IMAP mailbox.

    For IMAP each attachment is noted in the ledger before its message is marked read,
    so an interrupted intake loses neither the file nor who sent it.
    """
    inbox.mkdir(parents=True, exist_ok=True)
    with open_ledger(ledger_path) as ledger:
        if imap is not None:
            report = from_imap(imap, inbox, on_saved=lambda item: _note(ledger, item))
            for message in report.unattached:
                ledger.note_unattached(message.message_id, message.sender, message.sent_at, message.reason)
            return report
        if source is not None and source.is_dir():
            report = from_folder(source, inbox)
        elif source is not None and source.is_file():
            report = from_mbox(source, inbox)
        elif source is None:  # neither a folder nor a mailbox was named: say what to give, not "None"
            raise UsageError(
                "Chưa chỉ ra nơi lấy thư. Hãy ghi --from với thư mục các tệp .eml hoặc một tệp mbox, "
                "hoặc --imap để lấy từ hộp thư IMAP."
            )
        else:
            raise UsageError(
                f"Không tìm thấy thư mục thư (.eml) hoặc tệp mbox: {source}. Hãy kiểm tra đường dẫn --from."
            )
        for item in report.saved:
            _note(ledger, item)
        for message in report.unattached:
            ledger.note_unattached(message.message_id, message.sender, message.sent_at, message.reason)
        return report
