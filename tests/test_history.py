"""Each period's totals in the ledger, and what an earlier period can be compared with."""

from __future__ import annotations

import datetime as dt
import sqlite3

from pipeline.aggregate.completeness import Completeness, FileOutcome, Status
from pipeline.aggregate.history import History, load_history, past_period, record_totals
from pipeline.aggregate.totals import aggregate
from pipeline.spec.periods import Period

AT = dt.datetime(2020, 6, 15, 9, 30)


def _completeness(accepted, expected=("23377", "23380")) -> Completeness:
    outcomes = [FileOutcome(u, f"{u}.xlsx", Status.ACCEPTED) for u in accepted]
    outcomes += [FileOutcome(u, None, Status.MISSING) for u in expected if u not in accepted]
    return Completeness(tuple(expected), tuple(outcomes))


def _record(db, period, values, catalog, registry, accepted=("23377", "23380")):
    totals = aggregate(values, catalog, registry)
    record_totals(db, period, totals, _completeness(accepted), AT)
    return totals


def test_a_period_never_recorded_has_no_history(catalog, registry):
    db = sqlite3.connect(":memory:")
    assert past_period(db, Period(2019, 1), "611") is None
    assert load_history(db, Period(2020, 1), "611").empty


def test_recorded_totals_come_back_and_a_rerun_replaces_them(catalog, registry):
    db = sqlite3.connect(":memory:")
    _record(db, Period(2019, 1), {"23377": {"loan_households": 100.0}}, catalog, registry)
    _record(db, Period(2019, 1), {"23377": {"loan_households": 150.0}}, catalog, registry, accepted=("23377",))
    past = past_period(db, Period(2019, 1), "611")
    assert past is not None
    assert past.figures["loan_households"].value == 150.0 and past.figures["loan_amount"].value is None
    assert (past.expected, past.accepted, past.complete) == (2, 1, False)


def test_changes_against_last_year_first_then_the_previous_period(catalog, registry):
    db = sqlite3.connect(":memory:")
    _record(db, Period(2019, 1), {"23377": {"loan_households": 150.0}}, catalog, registry)
    _record(db, Period(2019, 2), {"23377": {"loan_households": 170.0, "loan_amount": 3.0}}, catalog, registry)
    _record(db, Period(2018, 2), {"23377": {"loan_households": 1.0}}, catalog, registry)  # too old to count
    history = load_history(db, Period(2020, 1), "611")
    now = aggregate({"23377": {"loan_households": 162.0, "loan_amount": None}}, catalog, registry)
    changes = history.changes(now, "loan_households")
    assert [(c.then, c.delta, c.same_period_last_year) for c in changes] == [(150.0, 12.0, True), (170.0, -8.0, False)]
    assert history.changes(now, "loan_amount") == []  # no figure now: nothing to compare
    assert History().changes(now, "loan_households") == []


def test_recording_keeps_the_runs_transaction_open(catalog, registry, tmp_path):
    """The ledger's run holds one transaction; creating the tables must not commit it."""
    db = sqlite3.connect(tmp_path / "ledger.sqlite")
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO t VALUES (1)")
    _record(db, Period(2019, 1), {"23377": {"loan_households": 1.0}}, catalog, registry)
    db.rollback()
    assert db.execute("SELECT count(*) FROM t").fetchone() == (0,)
    assert past_period(db, Period(2019, 1), "611") is None
