"""``baocao aggregate``: check and total one period's inbox, write every output."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.approve import result_head, revision_lines
from pipeline.cli.common import CatalogOption, LedgerWaitOption, OutputOption, RootOption, UnitsOption, fail, parse_date
from pipeline.cli.progress import RichProgress
from pipeline.cli.vietnamese import VietnameseUsageError
from pipeline.errors import PipelineError
from pipeline.run import RunResult, Settings, run
from pipeline.spec.periods import Period


def _report(result: RunResult) -> str:
    c = result.completeness
    errors = sum(1 for i in result.issues if i.is_error)
    warnings = sum(1 for i in result.issues if i.is_open_warning)
    lines = [
        f"{result_head(result)}: "
        f"{len(c.accepted)}/{len(c.expected)} đơn vị hợp lệ, {len(c.rejected)} bị loại, "
        f"{len(c.missing)} chưa gửi; {errors} lỗi, {warnings} cảnh báo (xem validation/report.md).",
        *revision_lines(result),
    ]
    reused = result.reused
    if reused and (reused.read or reused.checked):
        lines.append(
            f"  Dùng lại kết quả lần chạy trước cho các tệp không đổi: {reused.read}/{reused.files} tệp không phải "
            f"đọc lại, {reused.checked}/{reused.forms} biểu mẫu không phải kiểm tra lại."
        )
    late = [o.file for o in c.outcomes if o.late]
    if late:
        lines.append(f"  Nộp muộn: {', '.join(str(f) for f in late)}")
    for outcome in c.outcomes:
        if outcome.status.value == "rejected":
            lines.append(f"  Bị loại: {outcome.file} — {outcome.reason}")
    if result.waivers.applied:
        lines.append(f"  Đã áp dụng {len(result.waivers.applied)} chấp nhận cảnh báo (xem provenance.json).")
    if result.waivers.refused:
        lines.append(
            f"  {len(result.waivers.refused)} chấp nhận cảnh báo không áp dụng vì là lỗi, không phải cảnh báo."
        )
    return "\n".join(lines)


LANGUAGES = {"vi": "tiếng Việt", "en": "tiếng Anh"}
"""The languages ``--lang`` offers for the outputs a person reads (the writers word both)."""


def _language(ctx: typer.Context, value: str) -> str:
    code = value.strip().lower()
    if code not in LANGUAGES:
        offered = ", ".join(f"{c} ({name})" for c, name in LANGUAGES.items())
        raise VietnameseUsageError(f"Không có ngôn ngữ '{value}' cho --lang; chỉ có: {offered}.", ctx)
    return code


def _inbox(ctx: typer.Context, argument: Path | None, option: Path | None) -> Path:
    """The inbox, given as the argument or as ``--inbox`` (the same folder twice is fine)."""
    if argument is not None and option is not None and argument != option:
        raise VietnameseUsageError(
            f"Thư mục báo cáo gửi về được ghi hai lần, khác nhau: {argument} và --inbox {option}. Hãy chỉ ghi một lần.",
            ctx,
        )
    return argument or option or Path("inbox")


def aggregate(
    ctx: typer.Context,
    inbox_folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="THƯ_MỤC",
            help="Thư mục chứa các tệp báo cáo gửi về (như --inbox); mặc định: inbox.",
            show_default=False,
        ),
    ] = None,
    inbox: Annotated[
        Path | None,
        typer.Option("--inbox", "-i", metavar="THƯ_MỤC", help="Thư mục chứa các tệp báo cáo gửi về."),
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", "-p", metavar="KỲ", help="Kỳ báo cáo; mặc định lấy theo các tệp.")
    ] = None,
    output: OutputOption = Path("output"),
    strict: Annotated[bool, typer.Option("--strict", help="Trả mã 1 nếu có báo cáo bị loại.")] = False,
    deadline: Annotated[
        str | None,
        typer.Option("--deadline", metavar="NGÀY", help="Hạn nộp (NĂM-THÁNG-NGÀY); tệp nhận sau hạn được ghi là muộn."),
    ] = None,
    waivers: Annotated[
        Path | None,
        typer.Option("--waivers", metavar="TỆP", help="Tệp YAML các cảnh báo đã được chấp nhận (kèm lý do)."),
    ] = None,
    data_docs: Annotated[
        bool, typer.Option("--data-docs/--no-data-docs", help="Ghi trang Data Docs của Great Expectations.")
    ] = True,
    ledger: Annotated[
        Path | None,
        typer.Option(
            "--ledger", metavar="TỆP", help="Sổ theo dõi tệp nhận (SQLite); mặc định THƯ_MỤC_KẾT_QUẢ/ledger.sqlite."
        ),
    ] = None,
    ledger_wait: LedgerWaitOption = 30.0,
    catalog: CatalogOption = None,
    units: UnitsOption = None,
    root: RootOption = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            metavar="TỆP",
            help="Tệp YAML thông tin báo cáo Word: số, ngày, văn bản yêu cầu, người ký, nơi nhận.",
        ),
    ] = None,
    report_template: Annotated[
        Path | None,
        typer.Option(
            "--report-template", metavar="TỆP", help="Mẫu báo cáo Word (.docx) của đơn vị; mặc định: mẫu kèm theo."
        ),
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Xuất thêm bản PDF của báo cáo Word và phụ lục (cần LibreOffice).")
    ] = False,
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            metavar="vi|en",
            help="Ngôn ngữ của các tệp kết quả để người đọc: vi (tiếng Việt) hoặc en (tiếng Anh).",
            callback=_language,
        ),
    ] = "vi",
) -> None:
    """Kiểm tra và tổng hợp các báo cáo trong THƯ_MỤC; ghi báo cáo Word, phụ lục, summary và báo cáo kiểm tra."""
    folder = _inbox(ctx, inbox_folder, inbox)
    try:
        settings = Settings(
            inbox=folder,
            output=output,
            period=Period.parse(period) if period else None,
            catalog_path=catalog,
            units_path=units,
            root=root,
            waivers_path=waivers,
            deadline=parse_date(deadline) if deadline else None,
            data_docs=data_docs,
            ledger_path=ledger,
            ledger_wait=ledger_wait,
            report_path=report,
            report_template=report_template,
            pdf=pdf,
            lang=lang,
        )
        result = run(settings, progress=RichProgress() if sys.stderr.isatty() else None)
    except PipelineError as error:
        raise fail(error) from None
    typer.echo(_report(result))
    if strict and result.rejected_files:
        raise typer.Exit(1)
