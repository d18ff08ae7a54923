"""A province's or the country's appendix in parts: one workbook for each unit right below the root.

A province's reader compares its districts; the country's, its provinces. A table of every
commune under them would run to hundreds of printed pages, and at the national scale most
of a run's time would go to writing it. So the appendix itself lists the units right below
the root, each on one row with its subtotal (:func:`pipeline.write.appendix.write_appendix`
with ``detail``), and each such unit's own units go to a workbook of their own in the
folder beside it, ``phu_luc_2020S1_don_vi/``: ``611_Huyen_Ngoc_Hoi.xlsx`` lists Ngọc Hồi's
communes as Ngọc Hồi's own appendix does (a province's, its districts' subtotals and their
communes), issued and signed by the reporting unit, and its total is the row the appendix
shows for it. ``values.csv`` still lists every value of every unit with its cell.

The workbooks are independent, so past :data:`PARALLEL_PARTS` of them they are written in
a process pool; a job carries its group's figures only, the catalog and registry go to each
worker once.
"""

from __future__ import annotations

import dataclasses
import os
import unicodedata
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from pipeline.aggregate.totals import Totals
from pipeline.spec.catalog import Catalog
from pipeline.spec.periods import Period
from pipeline.spec.report_scopes import ReportScope
from pipeline.spec.report_settings import ReportSettings
from pipeline.spec.units import Unit, UnitRegistry
from pipeline.write.appendix import write_appendix

PARALLEL_PARTS = 8
"""Fewer workbooks than this are written in this process: a pool costs more to start."""
PARTS_SUFFIX = "_don_vi"


def parts_folder(appendix: Path) -> Path:
    """``phu_luc_2020S1.xlsx`` → ``phu_luc_2020S1_don_vi``."""
    return appendix.with_name(appendix.stem + PARTS_SUFFIX)


def part_name(unit: Unit) -> str:
    """``611_Huyen_Ngoc_Hoi.xlsx``: the code sorts them as the registry does, the name in
    plain letters reads on any system and in any e-mail."""
    folded = unicodedata.normalize("NFKD", unit.name.replace("đ", "d").replace("Đ", "D"))
    letters = "".join(ch if ch.isalnum() else " " for ch in folded if not unicodedata.combining(ch))
    return f"{unit.code}_{'_'.join(letters.split())}.xlsx"


def group_totals(totals: Totals, sub: Totals) -> Totals:
    """A group's subtotals with its units' own values, which the group figures do not carry
    (:func:`~pipeline.aggregate.totals.aggregate_groups` keeps them in the root's totals)."""
    figures = {}
    for code, figure in sub.figures.items():
        by_unit = totals[code].by_unit
        figures[code] = dataclasses.replace(figure, by_unit={u: by_unit[u] for u in sub.units if u in by_unit})
    return Totals(sub.root, sub.units, figures)


_shared: dict[str, Any] = {}


def _init(shared: dict[str, Any]) -> None:
    _shared.update(shared)


def _write(path: Path, totals: Totals, inner: Mapping[str, Totals]) -> None:
    s = _shared
    write_appendix(path, totals, s["catalog"], s["registry"], s["period"], (), inner, (), s["report"], s["lang"],
                   s["part"], issuer=s["issuer"])  # fmt: skip


def write_parts(
    appendix: Path,
    totals: Totals,
    subtotals: Mapping[str, Totals],
    inner: Mapping[str, Mapping[str, Totals]],
    *,
    catalog: Catalog,
    registry: UnitRegistry,
    period: Period,
    report: ReportSettings,
    lang: str,
    part: ReportScope | None,
) -> list[Path]:
    """One workbook for each group of ``subtotals`` into :func:`parts_folder` of ``appendix``;
    ``inner`` gives each group's own subtotals (a province's districts). Returns the paths."""
    folder = parts_folder(appendix)
    folder.mkdir(parents=True, exist_ok=True)
    shared = {"catalog": catalog, "registry": registry, "period": period, "report": report, "lang": lang,
              "part": part, "issuer": totals.root}  # fmt: skip
    jobs: list[tuple[Path, Totals, Mapping[str, Totals]]] = [
        (folder / part_name(registry[code]), group_totals(totals, sub), inner.get(code, {}))
        for code, sub in subtotals.items()
    ]
    workers = min(os.cpu_count() or 1, len(jobs))
    if len(jobs) < PARALLEL_PARTS or workers <= 1:
        _init(shared)
        for job in jobs:
            _write(*job)
    else:
        with ProcessPoolExecutor(workers, initializer=_init, initargs=(shared,)) as pool:
            list(pool.map(_write, *zip(*jobs, strict=True)))
    return [path for path, _, _ in jobs]
