"""``baocao expectations``: the Great Expectations suites derived from the catalog, as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import CatalogOption, fail
from pipeline.errors import PipelineError
from pipeline.spec.catalog_file import load_catalog


def expectations(
    out: Annotated[Path, typer.Option("--out", metavar="THƯ_MỤC", help="Thư mục ghi bộ kiểm tra.")] = Path(
        "expectations"
    ),
    catalog: CatalogOption = None,
) -> None:
    """Ghi bộ kiểm tra Great Expectations (JSON) suy ra từ danh mục chỉ tiêu."""
    from pipeline.validate.gx import write_suites

    try:
        written = write_suites(out, load_catalog(catalog))
    except PipelineError as error:
        raise fail(error) from None
    typer.echo(f"Đã ghi {written} kiểm tra vào {out}.")
