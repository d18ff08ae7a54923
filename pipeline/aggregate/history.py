"""Each period's totals kept in the ledger, and this period compared with earlier ones.

A run records its totals (value, numerator, denominator, how many units they cover) under
its period and aggregating unit, so the next report can say "tăng 12 hộ so với cùng kỳ
năm 2019" from what was actually reported then, not from a recomputation over files that
may since have changed. A rate is compared in percentage points; a figure either period
has no data for is not compared; a period with no history compares nothing.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

from pipeline.aggregate.completeness import Completeness
from pipeline.aggregate.totals import Totals
from pipeline.spec.periods import Period

SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS period_totals (
    period TEXT NOT NULL,
    root TEXT NOT NULL,
    code TEXT NOT NULL,
    kind TEXT NOT NULL,
    value REAL,
    numerator REAL,
    denominator REAL,
    reporting_units INTEGER NOT NULL,
    PRIMARY KEY (period, root, code)
)""",
    """
CREATE TABLE IF NOT EXISTS period_runs (
    period TEXT NOT NULL,
    root TEXT NOT NULL,
    expected INTEGER NOT NULL,
    accepted INTEGER NOT NULL,
    run_at TEXT NOT NULL,
    PRIMARY KEY (period, root)
)""",
)
"""Created statement by statement: ``executescript`` would commit the run's open transaction."""


@dataclass(frozen=True)
class PastFigure:
    value: float | None
    kind: str


@dataclass(frozen=True)
class Carried:
    """How an earlier period was carried onto today's units across a merger, for the note
    that must say so (:mod:`pipeline.aggregate.merged_history`)."""

    merger: str
    """The merger map's id (and so the reform) the figures were carried across."""
    effective: dt.date
    folded: Mapping[str, tuple[str, ...]]
    """New unit code -> the names of the old units whose figures it adds up."""
    split: tuple[str, ...] = ()
    """New units not comparable: part of an old unit they came from went to another new one."""
    unreported: tuple[str, ...] = ()
    """New units not comparable: an old unit they came from has no figures for that period."""


@dataclass(frozen=True)
class PastPeriod:
    """What an earlier run reported for a period: its figures and how many units it covered."""

    period: Period
    expected: int
    accepted: int
    figures: Mapping[str, PastFigure]
    carried: Carried | None = None
    """Set when the figures are the old units' added up into today's (after a merger)."""

    @property
    def complete(self) -> bool:
        return self.accepted >= self.expected


@dataclass(frozen=True)
class Change:
    """One figure now against the same figure in an earlier period."""

    code: str
    kind: str
    now: float
    then: float
    against: PastPeriod
    same_period_last_year: bool

    @property
    def delta(self) -> float:
        return self.now - self.then

    @property
    def in_points(self) -> bool:
        """Rates change in percentage points, not in percent of themselves."""
        return self.kind in ("ratio", "coverage")


def record_totals(
    db: sqlite3.Connection, period: Period, totals: Totals, completeness: Completeness, at: dt.datetime
) -> None:
    """Replace the stored totals of ``period`` for ``totals.root`` with this run's."""
    for statement in SCHEMA:
        db.execute(statement)
    key = (period.code, totals.root)
    db.execute("DELETE FROM period_totals WHERE period = ? AND root = ?", key)
    db.executemany(
        "INSERT INTO period_totals (period, root, code, kind, value, numerator, denominator, reporting_units) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (*key, code, f.kind, f.value, f.numerator, f.denominator, f.reporting_units)
            for code, f in totals.figures.items()
        ],
    )
    db.execute(
        "INSERT INTO period_runs (period, root, expected, accepted, run_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (period, root) DO UPDATE SET expected = excluded.expected, accepted = excluded.accepted, "
        "run_at = excluded.run_at",
        (*key, len(completeness.expected), len(set(completeness.accepted)), at.replace(microsecond=0).isoformat()),
    )


def _has_tables(db: sqlite3.Connection) -> bool:
    row = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'period_runs'").fetchone()
    return row is not None


def past_period(db: sqlite3.Connection, period: Period, root: str) -> PastPeriod | None:
    """The stored totals of ``period``, or ``None`` when no run recorded it."""
    if not _has_tables(db):
        return None
    run = db.execute(
        "SELECT expected, accepted FROM period_runs WHERE period = ? AND root = ?", (period.code, root)
    ).fetchone()
    if run is None:
        return None
    rows = db.execute(
        "SELECT code, kind, value FROM period_totals WHERE period = ? AND root = ?", (period.code, root)
    ).fetchall()
    return PastPeriod(period, int(run[0]), int(run[1]), {code: PastFigure(value, kind) for code, kind, value in rows})


@dataclass(frozen=True)
class History:
    """The two periods a six-monthly report compares with, when the ledger has them."""

    previous: PastPeriod | None = None
    year_before: PastPeriod | None = None

    @property
    def empty(self) -> bool:
        return self.previous is None and self.year_before is None

    def changes(self, totals: Totals, code: str) -> list[Change]:
        """The figure against the same period last year first, then the previous period."""
        figure = totals.figures.get(code)
        if figure is None or figure.value is None or figure.kind == "none":
            return []
        found: list[Change] = []
        for past, last_year in ((self.year_before, True), (self.previous, False)):
            then = past.figures.get(code) if past else None
            if past is None or then is None or then.value is None or then.kind != figure.kind:
                continue
            found.append(Change(code, figure.kind, float(figure.value), float(then.value), past, last_year))
        return found


def load_history(db: sqlite3.Connection, period: Period, root: str) -> History:
    return History(past_period(db, period.previous, root), past_period(db, period.year_before, root))
