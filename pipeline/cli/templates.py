"""``baocao templates``: the blank form and one locked copy per unit for a period."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import CatalogOption, PeriodOption, RootOption, UnitsOption, fail
from pipeline.errors import PipelineError
from pipeline.spec.catalog_file import load_catalog
from pipeline.spec.declaration import load_units
from pipeline.spec.periods import Period


def templates(
    period: PeriodOption,
    out: Annotated[Path, typer.Option("--out", metavar="THƯ_MỤC", help="Thư mục ghi biểu mẫu.")] = Path(
        "input_templates"
    ),
    ledger: Annotated[
        Path, typer.Option("--ledger", metavar="TỆP", help="Sổ theo dõi (SQLite) ghi mã khóa của từng biểu mẫu đã cấp.")
    ] = Path("output") / "ledger.sqlite",
    catalog: CatalogOption = None,
    units: UnitsOption = None,
    root: RootOption = None,
) -> None:
    """Tạo biểu mẫu trắng và một bản riêng cho từng đơn vị (mã, tên, kỳ đã điền sẵn và khóa)."""
    from pipeline.intake.issued_forms import issue_templates

    try:
        parsed = Period.parse(period)
        written = issue_templates(out, load_catalog(catalog), load_units(units, root, parsed), parsed, ledger)
    except PipelineError as error:
        raise fail(error) from None
    typer.echo(f"Đã tạo {len(written)} biểu mẫu trong {out} (kèm tệp .layout.json mô tả vị trí ô nhập).")
