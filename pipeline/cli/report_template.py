"""``baocao report-template``: write the default Word template for an office to edit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import fail
from pipeline.errors import MachineError, UsageError
from pipeline.write.report_template import write_report_template


def report_template(
    out: Annotated[Path, typer.Option("--out", metavar="TỆP", help="Tệp mẫu báo cáo Word sẽ ghi.")] = Path(
        "mau_bao_cao.docx"
    ),
) -> None:
    """Ghi mẫu báo cáo Word mặc định để đơn vị sửa; dùng lại với: baocao aggregate --report-template TỆP."""
    if out.is_dir():
        raise fail(UsageError(f"{out} là một thư mục; hãy ghi tên tệp .docx sau --out.")) from None
    try:
        write_report_template(out)
    except OSError as exc:
        raise fail(MachineError(f"Không ghi được {out} ({exc.strerror}). Hãy chọn thư mục khác.")) from None
    typer.echo(
        f"Đã ghi mẫu báo cáo Word vào {out}. Sửa bằng Word hoặc LibreOffice, giữ các chỗ {{{{ … }}}}, rồi chạy "
        f"baocao aggregate --report-template {out}."
    )
