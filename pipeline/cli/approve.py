"""``baocao approve``: record that the district approved a period's outputs, and what runs say after it.

The approval itself is :func:`pipeline.write.approvals.approve`; this module only reads
the options and words the result. The lines ``baocao aggregate`` prints about an
approved period (a revision written, or nothing changed) are worded here too, so every
sentence about approval lives in one place.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import LedgerWaitOption, OutputOption, PeriodOption, fail
from pipeline.errors import PipelineError, UsageError
from pipeline.intake.ledger import LEDGER_WAIT
from pipeline.run import RunResult
from pipeline.spec.periods import Period
from pipeline.write.approvals import APPROVAL_FILE
from pipeline.write.approvals import approve as approve_folder
from pipeline.write.change_report import REPORT_MD


def parse_moment(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"Thời điểm duyệt '{text}' không hợp lệ. Hãy ghi theo dạng NĂM-THÁNG-NGÀY hoặc "
            "NĂM-THÁNG-NGÀYTGIỜ:PHÚT, ví dụ 2020-06-15T08:30."
        ) from None


def parse_revision(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise UsageError(
            f"Số bản sửa đổi '{text}' không hợp lệ. Hãy ghi một số nguyên từ 1, ví dụ --revision 1."
        ) from None


def result_head(result: RunResult) -> str:
    """The start of ``baocao aggregate``'s first line: where the outputs are, or that nothing was written."""
    revision, code = result.revision, result.period.code
    if revision is not None and revision.number is None:
        a = revision.approval
        return (
            f"Kỳ {code} không có số liệu nào khác bản đã duyệt (báo cáo số {a.number}, {a.by}, {a.at_vi}): "
            f"không ghi thư mục mới, {result.output_dir} giữ nguyên"
        )
    return f"Đã ghi kết quả kỳ {code} vào {result.output_dir}"


def revision_lines(result: RunResult) -> list[str]:
    """What ``baocao aggregate`` adds when it wrote a revision of an approved period."""
    revision = result.revision
    if revision is None or revision.number is None:
        return []
    a = revision.approval
    approved = result.output_dir.parent / a.folder
    why = (
        f"Đây là bản sửa đổi số {revision.number}"
        if revision.opened
        else f"Số liệu không khác bản sửa đổi số {revision.number} lần trước nên bản này được ghi lại"
    )
    return [
        f"  Kỳ {result.period.code} đã được duyệt (báo cáo số {a.number}, {a.by}, {a.at_vi}); thư mục đã duyệt "
        f"{approved} giữ nguyên. {why}; các thay đổi so với bản đã duyệt ghi trong {REPORT_MD}."
    ]


def approve(
    period: PeriodOption,
    by: Annotated[str, typer.Option("--by", metavar="TÊN", help='Người duyệt, ví dụ "Y Lan".')],
    number: Annotated[str, typer.Option("--number", metavar="SỐ", help="Số báo cáo đã gửi, ví dụ 419/BC-UBND.")],
    output: OutputOption = Path("output"),
    ledger: Annotated[
        Path | None,
        typer.Option("--ledger", metavar="TỆP", help="Sổ theo dõi (SQLite); mặc định THƯ_MỤC_KẾT_QUẢ/ledger.sqlite."),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", metavar="THỜI_ĐIỂM", help="Thời điểm duyệt (NĂM-THÁNG-NGÀYTGIỜ:PHÚT); mặc định lúc này."),
    ] = None,
    revision: Annotated[
        str | None, typer.Option("--revision", metavar="SỐ", help="Duyệt bản sửa đổi SỐ thay cho kết quả mới nhất.")
    ] = None,
    ledger_wait: LedgerWaitOption = LEDGER_WAIT,
) -> None:
    """Ghi nhận việc duyệt kết quả của một kỳ; các lần chạy sau ghi vào bản sửa đổi, không ghi đè bản đã duyệt."""
    try:
        approval = approve_folder(
            output,
            ledger or output / "ledger.sqlite",
            Period.parse(period),
            by=by,
            number=number,
            at=parse_moment(at) if at else None,
            revision=parse_revision(revision) if revision is not None else None,
            wait=ledger_wait,
        )
    except PipelineError as error:
        raise fail(error) from None
    folder = output / approval.folder
    typer.echo(
        f"Đã duyệt kỳ {approval.period}: thư mục {folder} là báo cáo số {approval.number}, người duyệt "
        f"{approval.by}, lúc {approval.at_vi}; {len(approval.files)} tệp được tính, {len(approval.outputs)} tệp "
        f"kết quả có dấu SHA-256 (ghi trong sổ theo dõi và {APPROVAL_FILE}).\n"
        f"  Thư mục này được giữ nguyên: các lần chạy sau của kỳ {approval.period} ghi vào bản sửa đổi mới bên "
        f"cạnh ({approval.period}-r…), kèm {REPORT_MD}."
    )
