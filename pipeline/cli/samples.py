"""``baocao samples``: the demonstration inbox, filled with the reference report's figures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import CatalogOption, PeriodOption, RootOption, UnitsOption, fail
from pipeline.errors import MachineError, PipelineError
from pipeline.spec.catalog_file import load_catalog
from pipeline.spec.declaration import load_units
from pipeline.spec.periods import Period


def samples(
    period: PeriodOption = "2020S1",
    out: Annotated[Path | None, typer.Option("--out", metavar="THƯ_MỤC", help="Thư mục ghi hộp thư mẫu.")] = None,
    catalog: CatalogOption = None,
    units: UnitsOption = None,
    root: RootOption = None,
) -> None:
    """Tạo hộp thư mẫu: kỳ 2020S1 là huyện Ngọc Hồi theo số liệu Báo cáo 419/BC-UBND, kỳ 2026S1 với --root 51 là
    tỉnh Quảng Ngãi (96 xã, phường, đặc khu); kèm tệp thông tin báo cáo (số, ngày, người ký) bên cạnh hộp thư."""
    from pipeline.demo.report_settings import write_report_settings
    from pipeline.demo.sample_sets import bundled_sample_values
    from pipeline.demo.samples import build_sample_inbox

    try:
        parsed = Period.parse(period)
        target = out or Path("input_templates") / "samples" / parsed.code
        registry = load_units(units, root, parsed)
        values = bundled_sample_values(registry, parsed)
        written = build_sample_inbox(target, load_catalog(catalog), registry, parsed, values)
        report = write_report_settings(target.parent, parsed)
    except PipelineError as error:
        raise fail(error) from None
    except OSError as exc:
        raise fail(MachineError(f"Không ghi được hộp thư mẫu vào {target} ({exc.strerror}).")) from None
    typer.echo(f"Đã tạo {len(written)} tệp mẫu trong {target}.")
    if report is not None:
        typer.echo(f"Thông tin báo cáo mẫu (số, ngày, người ký): {report}; dùng với --report.")
