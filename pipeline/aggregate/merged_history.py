"""An earlier period seen through the units of today, across the mergers of 01/7/2025.

"Same period last year" for Xã Bờ Y in 2026 is the sum of what Thị trấn Plei Kần, Xã Đắk
Xú and the old Xã Bờ Y reported in 2025: the old units are added up into the new one they
became, and the result is aggregated by the same rules as today's totals (blank is not
zero, rates from summed parts). A code is never compared with its own old meaning: 23377
was Plei Kần and is now Bờ Y, so the earlier figures are looked up through the merger map
and checked against the name stored when they were reported.

Each run keeps the values of every unit it accepted (``period_units``), so a later period
can be composed from them whichever unit then aggregated them. A new unit is comparable
only when every old unit it came from became wholly part of it (a commune split between
several new ones cannot be divided) and reported then; a figure a predecessor left blank
stays blank for the merged unit. Yes/no answers are not added: three "Có" of old communes
are not three of one new commune.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from pipeline.aggregate.history import Carried, History, PastFigure, PastPeriod, past_period
from pipeline.aggregate.totals import aggregate
from pipeline.read.workbook import Submission
from pipeline.spec.catalog import Catalog, ValueType
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry, normalise_name

if TYPE_CHECKING:
    from pipeline.spec.mergers import MergerMap

SCHEMA = """
CREATE TABLE IF NOT EXISTS period_units (
    period TEXT NOT NULL,
    unit TEXT NOT NULL,
    name TEXT NOT NULL,
    figures TEXT NOT NULL,
    PRIMARY KEY (period, unit)
)"""


def record_units(
    db: sqlite3.Connection, period: Period, accepted: Sequence[Submission], registry: UnitRegistry
) -> None:
    """Replace the stored unit values of ``period`` for the units this run accepted."""
    db.execute(SCHEMA)
    rows = []
    for sub in accepted:
        unit = registry.get(sub.unit_code or "")
        if unit is None:
            continue
        kept = {code: cell.value for code, cell in sub.values.items() if cell.value is not None}
        rows.append((period.code, unit.code, unit.name, json.dumps(kept, sort_keys=True, default=float)))
    db.executemany("INSERT OR REPLACE INTO period_units (period, unit, name, figures) VALUES (?, ?, ?, ?)", rows)


def stored_units(db: sqlite3.Connection, period: Period) -> dict[str, tuple[str, dict[str, float | bool]]]:
    """Unit code -> (name when reported, values) for ``period``; empty when none were kept."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'period_units'").fetchone() is None:
        return {}
    rows = db.execute("SELECT unit, name, figures FROM period_units WHERE period = ?", (period.code,)).fetchall()
    return {unit: (name, json.loads(figures)) for unit, name, figures in rows}


def _sum(parts: list[Mapping[str, float | bool]], fields: Sequence[str], booleans: set[str]) -> dict[str, float | None]:
    """A merged unit's values: each field added over its old units, blank if any left it blank."""
    merged: dict[str, float | None] = {}
    for code in fields:
        values = [p.get(code) for p in parts]
        if code in booleans or any(v is None for v in values):
            merged[code] = None
        else:
            merged[code] = float(sum(float(v) for v in values if v is not None))
    return merged


def past_over_mergers(
    db: sqlite3.Connection,
    past: Period,
    catalog: Catalog,
    registry: UnitRegistry,
    root: str,
    mergers: MergerMap,
) -> PastPeriod | None:
    """``past`` aggregated over today's units under ``root``, from the old units' stored values."""
    stored = stored_units(db, past)
    if not stored:
        return None
    fields = catalog.field_codes()
    booleans = {f for f in fields if catalog.base_indicator(f).type is ValueType.BOOLEAN}
    values: dict[str, dict[str, float | None]] = {}
    folded: dict[str, tuple[str, ...]] = {}
    split: list[str] = []
    unreported: list[str] = []
    expected = 0
    for unit in registry.subtree(root):
        sources = mergers.predecessors(unit.code)
        if not sources:
            continue
        expected += 1
        if any(s.kind != "full" for s in sources):
            split.append(unit.code)
            continue
        found = [stored.get(s.old) for s in sources]
        if any(
            f is None or normalise_name(f[0]) != normalise_name(s.old_name) for f, s in zip(found, sources, strict=True)
        ):
            unreported.append(unit.code)
            continue
        values[unit.code] = _sum([f[1] for f in found if f is not None], fields, booleans)
        folded[unit.code] = tuple(s.old_name for s in sources)
    if not values:
        return None
    totals = aggregate(values, catalog, registry, root)
    figures = {code: PastFigure(f.value, f.kind) for code, f in totals.figures.items() if f.kind in ("sum", "ratio")}
    carried = Carried(mergers.id, mergers.effective, folded, tuple(split), tuple(unreported))
    return PastPeriod(past, expected, len(values), figures, carried)


def load_history(
    db: sqlite3.Connection,
    period: Period,
    catalog: Catalog,
    registry: UnitRegistry,
    root: str,
    mergers: Sequence[MergerMap] = (),
) -> History:
    """The previous period and the same period a year before, each read as stored when no
    merger lies between it and ``period``, else composed from its old units."""

    def earlier(past: Period) -> PastPeriod | None:
        crossed = [m for m in mergers if past.last_day < m.effective <= period.last_day]
        if len(crossed) == 1:
            return past_over_mergers(db, past, catalog, registry, root, crossed[0])
        return past_period(db, past, root) if not crossed else None  # two reforms apart: not chained

    return History(earlier(period.previous), earlier(period.year_before))
