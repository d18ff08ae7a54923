"""The ``baocao`` command: options in, one library call, a message and an exit code out.

Exit codes: 0 when outputs were written (rejected submissions are reported, not fatal);
1 with ``--strict`` when any submission was rejected; 2 for a usage or configuration
error. The library never prints; everything the user reads is worded here.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.progress import RichProgress
from pipeline.errors import PipelineError, UsageError
from pipeline.run import RunResult, Settings, run
from pipeline.spec.catalog import load_catalog
from pipeline.spec.periods import Period
from pipeline.spec.units import load_registry

app = typer.Typer(
    help="baocao: tổng hợp báo cáo 6 tháng về bảo vệ, chăm sóc trẻ em và bình đẳng giới từ biểu mẫu Excel.",
    no_args_is_help=True,
    add_completion=False,
)

PeriodOption = Annotated[str, typer.Option("--period", "-p", help="Kỳ báo cáo, ví dụ 2020S1 (6 tháng đầu năm 2020).")]
CatalogOption = Annotated[Path | None, typer.Option("--catalog", help="Tệp danh mục chỉ tiêu (YAML).")]
UnitsOption = Annotated[Path | None, typer.Option("--units", help="Tệp danh mục đơn vị (YAML).")]


def _fail(error: PipelineError) -> typer.Exit:
    typer.echo(f"Lỗi: {error}", err=True)
    return typer.Exit(error.exit_code)


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"Hạn nộp '{text}' không hợp lệ. Hãy ghi theo dạng NĂM-THÁNG-NGÀY, ví dụ 2020-06-10."
        ) from None


def _report(result: RunResult) -> str:
    c = result.completeness
    errors = sum(1 for i in result.issues if i.is_error)
    warnings = sum(1 for i in result.issues if i.is_open_warning)
    lines = [
        f"Đã ghi kết quả kỳ {result.period.code} vào {result.output_dir}: "
        f"{len(c.accepted)}/{len(c.expected)} đơn vị hợp lệ, {len(c.rejected)} bị loại, "
        f"{len(c.missing)} chưa gửi; {errors} lỗi, {warnings} cảnh báo (xem validation/report.md)."
    ]
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


@app.command()
def aggregate(
    inbox: Annotated[Path, typer.Option("--inbox", "-i", help="Thư mục chứa các tệp báo cáo gửi về.")] = Path("inbox"),
    period: Annotated[str | None, typer.Option("--period", "-p", help="Kỳ báo cáo; mặc định lấy theo các tệp.")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Thư mục kết quả.")] = Path("output"),
    strict: Annotated[bool, typer.Option("--strict", help="Trả mã 1 nếu có báo cáo bị loại.")] = False,
    deadline: Annotated[
        str | None, typer.Option("--deadline", help="Hạn nộp (NĂM-THÁNG-NGÀY); tệp nhận sau hạn được ghi là muộn.")
    ] = None,
    waivers: Annotated[
        Path | None, typer.Option("--waivers", help="Tệp YAML các cảnh báo đã được chấp nhận (kèm lý do).")
    ] = None,
    data_docs: Annotated[
        bool, typer.Option("--data-docs/--no-data-docs", help="Ghi trang Data Docs của Great Expectations.")
    ] = True,
    ledger: Annotated[
        Path | None, typer.Option("--ledger", help="Sổ theo dõi tệp nhận (SQLite); mặc định OUTPUT/ledger.sqlite.")
    ] = None,
    catalog: CatalogOption = None,
    units: UnitsOption = None,
) -> None:
    """Kiểm tra và tổng hợp các báo cáo trong INBOX; ghi phụ lục, summary và báo cáo kiểm tra."""
    try:
        settings = Settings(
            inbox=inbox,
            output=output,
            period=Period.parse(period) if period else None,
            catalog_path=catalog,
            units_path=units,
            waivers_path=waivers,
            deadline=_parse_date(deadline) if deadline else None,
            data_docs=data_docs,
            ledger_path=ledger,
        )
        result = run(settings, progress=RichProgress() if sys.stderr.isatty() else None)
    except PipelineError as error:
        raise _fail(error) from None
    typer.echo(_report(result))
    if strict and result.rejected_files:
        raise typer.Exit(1)


@app.command()
def templates(
    period: PeriodOption,
    out: Annotated[Path, typer.Option("--out", help="Thư mục ghi biểu mẫu.")] = Path("input_templates"),
    catalog: CatalogOption = None,
    units: UnitsOption = None,
) -> None:
    """Tạo biểu mẫu trắng và một bản riêng cho từng đơn vị (mã, tên, kỳ đã điền sẵn và khóa)."""
    from pipeline.forms.template import build_templates

    try:
        written = build_templates(out, load_catalog(catalog), load_registry(units), Period.parse(period))
    except PipelineError as error:
        raise _fail(error) from None
    typer.echo(f"Đã tạo {len(written)} biểu mẫu trong {out} (kèm tệp .layout.json mô tả vị trí ô nhập).")


@app.command()
def samples(
    period: PeriodOption = "2020S1",
    out: Annotated[Path | None, typer.Option("--out", help="Thư mục ghi hộp thư mẫu.")] = None,
    catalog: CatalogOption = None,
    units: UnitsOption = None,
) -> None:
    """Tạo hộp thư mẫu: biểu mẫu của từng đơn vị điền theo số liệu Báo cáo 419/BC-UBND."""
    from pipeline.demo.samples import build_sample_inbox

    try:
        parsed = Period.parse(period)
        target = out or Path("input_templates") / "samples" / parsed.code
        written = build_sample_inbox(target, load_catalog(catalog), load_registry(units), parsed)
    except PipelineError as error:
        raise _fail(error) from None
    typer.echo(f"Đã tạo {len(written)} tệp mẫu trong {target}.")


@app.command()
def expectations(
    out: Annotated[Path, typer.Option("--out", help="Thư mục ghi bộ kiểm tra.")] = Path("expectations"),
    catalog: CatalogOption = None,
) -> None:
    """Ghi bộ kiểm tra Great Expectations (JSON) suy ra từ danh mục chỉ tiêu."""
    from pipeline.validate.checks import CELLS, SUBMISSIONS, derive_checks
    from pipeline.validate.gx import suite_dict, suite_name

    try:
        checks = derive_checks(load_catalog(catalog))
    except PipelineError as error:
        raise _fail(error) from None
    out.mkdir(parents=True, exist_ok=True)
    for frame in (CELLS, SUBMISSIONS):
        target = out / f"{suite_name(frame)}.json"
        data = suite_dict([c for c in checks if c.frame == frame], suite_name(frame))
        target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    typer.echo(f"Đã ghi {len(checks)} kiểm tra vào {out}.")


@app.command()
def intake(
    inbox: Annotated[Path, typer.Option("--inbox", "-i", help="Thư mục lưu các tệp đính kèm.")] = Path("inbox"),
    source: Annotated[Path | None, typer.Option("--from", help="Thư mục các tệp .eml hoặc một tệp mbox.")] = None,
    imap: Annotated[
        bool, typer.Option("--imap", help="Lấy thư từ hộp thư IMAP (cấu hình qua biến môi trường BAOCAO_IMAP_*).")
    ] = False,
    output: Annotated[Path, typer.Option("--output", "-o", help="Thư mục kết quả (chứa sổ theo dõi).")] = Path(
        "output"
    ),
    ledger: Annotated[Path | None, typer.Option("--ledger", help="Sổ theo dõi tệp nhận (SQLite).")] = None,
) -> None:
    """Lấy các tệp bảng tính đính kèm trong thư điện tử về thư mục INBOX và ghi vào sổ theo dõi."""
    from pipeline.intake.imap import ImapSettings
    from pipeline.intake.receive_mail import receive_mail

    try:
        settings = ImapSettings.from_env() if imap else None
        report = receive_mail(inbox, ledger or output / "ledger.sqlite", source=source, imap=settings)
    except PipelineError as error:
        raise _fail(error) from None
    typer.echo(f"Đã lưu {len(report.saved)} tệp đính kèm vào {inbox}; bỏ qua {len(report.skipped)} tệp.")
    for skipped in report.skipped:
        typer.echo(f"  Bỏ qua: {skipped.original_name} — {skipped.reason}")


def main() -> None:
    app()
