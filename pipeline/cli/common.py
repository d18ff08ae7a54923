"""What every command shares: its options and how a library error reaches the user."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from pipeline.errors import PipelineError, UsageError

PeriodOption = Annotated[
    str, typer.Option("--period", "-p", metavar="KỲ", help="Kỳ báo cáo, ví dụ 2020S1 (6 tháng đầu năm 2020).")
]
CatalogOption = Annotated[Path | None, typer.Option("--catalog", metavar="TỆP", help="Tệp danh mục chỉ tiêu (YAML).")]
UnitsOption = Annotated[
    Path | None,
    typer.Option(
        "--units",
        metavar="TỆP",
        help="Tệp danh mục đơn vị (YAML) hoặc mã danh mục có sẵn (vn-2020, vn-2025); "
        "mặc định: danh mục có hiệu lực vào ngày cuối kỳ.",
    ),
]
RootOption = Annotated[
    str | None,
    typer.Option(
        "--root", metavar="MÃ", help="Mã đơn vị tổng hợp (một tỉnh, một huyện; VN: toàn quốc) theo mã Cục Thống kê."
    ),
]
OutputOption = Annotated[Path, typer.Option("--output", "-o", metavar="THƯ_MỤC", help="Thư mục kết quả.")]
LedgerWaitOption = Annotated[
    float,
    typer.Option("--ledger-wait", metavar="GIÂY", help="Số giây chờ khi sổ theo dõi đang được lần chạy khác dùng."),
]


def fail(error: PipelineError) -> typer.Exit:
    """One Vietnamese line on standard error and the error's exit code; never a traceback."""
    typer.echo(f"Lỗi: {error}", err=True)
    return typer.Exit(error.exit_code)


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"Hạn nộp '{text}' không hợp lệ. Hãy ghi theo dạng NĂM-THÁNG-NGÀY, ví dụ 2020-06-10."
        ) from None
