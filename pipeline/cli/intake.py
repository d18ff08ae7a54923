"""``baocao intake``: spreadsheet attachments from e-mail into the inbox, noted in the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import fail
from pipeline.cli.vietnamese import VietnameseUsageError
from pipeline.errors import PipelineError


def intake(
    ctx: typer.Context,
    inbox: Annotated[
        Path, typer.Option("--inbox", "-i", metavar="THƯ_MỤC", help="Thư mục lưu các tệp đính kèm.")
    ] = Path("inbox"),
    source: Annotated[
        Path | None,
        typer.Option("--from", metavar="THƯ_MỤC_HOẶC_MBOX", help="Thư mục các tệp .eml hoặc một tệp mbox."),
    ] = None,
    imap: Annotated[
        bool, typer.Option("--imap", help="Lấy thư từ hộp thư IMAP (cấu hình qua biến môi trường BAOCAO_IMAP_*).")
    ] = False,
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="THƯ_MỤC", help="Thư mục kết quả (chứa sổ theo dõi).")
    ] = Path("output"),
    ledger: Annotated[
        Path | None, typer.Option("--ledger", metavar="TỆP", help="Sổ theo dõi tệp nhận (SQLite).")
    ] = None,
) -> None:
    """Lấy các tệp bảng tính đính kèm trong thư điện tử về thư mục --inbox và ghi vào sổ theo dõi."""
    from pipeline.intake.imap import ImapSettings
    from pipeline.intake.receive_mail import receive_mail

    if imap == (source is not None):  # refused before the inbox or the ledger is touched
        raise VietnameseUsageError(
            f"Chỉ lấy thư từ một nơi: --from {source} hoặc --imap, không dùng cả hai."
            if imap
            else "Chưa chỉ ra nơi lấy thư. Hãy ghi --from với thư mục các tệp .eml hoặc một tệp mbox, "
            "hoặc --imap để lấy từ hộp thư IMAP.",
            ctx,
        )

    try:
        settings = ImapSettings.from_env() if imap else None
        report = receive_mail(inbox, ledger or output / "ledger.sqlite", source=source, imap=settings)
    except PipelineError as error:
        raise fail(error) from None
    typer.echo(f"Đã lưu {len(report.saved)} tệp đính kèm vào {inbox}; bỏ qua {len(report.skipped)} tệp.")
    for skipped in report.skipped:
        typer.echo(f"  Bỏ qua: {skipped.original_name} — {skipped.reason}")
    for message in report.unattached:
        typer.echo(f"  Thư không có biểu mẫu: từ {message.sender or '(không rõ người gửi)'} — {message.reason}")
