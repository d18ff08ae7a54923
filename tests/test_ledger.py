"""The submission ledger: receipts, verdicts and values, idempotent across runs."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3

import pytest

from pipeline.intake.ledger import open_ledger
from pipeline.run import Settings, run
from pipeline.spec.periods import Period


def test_first_sighting_wins_and_later_ones_fill_gaps(tmp_path):
    with open_ledger(tmp_path / "l.sqlite") as ledger:
        first = ledger.receive("ab", "a.xlsx", seen_at=dt.datetime(2020, 6, 1, 8))
        again = ledger.receive(
            "ab",
            "copy.xlsx",
            sender="xa@example.vn",
            sent_at="2020-06-01T07:59:00+07:00",
            seen_at=dt.datetime(2020, 6, 2),
        )
    assert first.first_seen == again.first_seen == "2020-06-01T08:00:00"
    assert (again.original_name, again.sender) == ("a.xlsx", "xa@example.vn")


def test_a_failed_run_leaves_the_ledger_as_it_was(tmp_path):
    with pytest.raises(RuntimeError), open_ledger(tmp_path / "l.sqlite") as ledger:
        ledger.receive("ab", "a.xlsx")
        raise RuntimeError
    with open_ledger(tmp_path / "l.sqlite") as ledger:
        assert ledger.receipt("ab") is None


@pytest.fixture
def go(tmp_path, validator, period):
    def run_once(inbox, at=period):
        settings = Settings(inbox=inbox, output=tmp_path / "out", period=at, data_docs=False)
        return run(settings, validator_factory=lambda: validator)

    return run_once


def rows(db, sql, *args):
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, args).fetchall()


def test_rerunning_the_same_inbox_is_idempotent(tmp_path, sample_inbox, go):
    go(sample_inbox)
    db = tmp_path / "out" / "ledger.sqlite"
    before = rows(db, "SELECT period, sha256, unit_code, status FROM submissions ORDER BY id")
    values = rows(db, "SELECT COUNT(*) FROM submission_values")
    go(sample_inbox)
    assert rows(db, "SELECT period, sha256, unit_code, status FROM submissions ORDER BY id") == before
    assert rows(db, "SELECT COUNT(*) FROM submission_values") == values
    assert len(before) == 9 and {r[3] for r in before} == {"accepted"}
    assert rows(
        db,
        "SELECT indicator, value, sheet, cell FROM submission_values v JOIN submissions s "
        "ON s.id = v.submission_id WHERE s.unit_code = '23380' AND indicator = 'loan_households'",
    ) == [("loan_households", 16.0, "2_KinhTe", "E9")]


def test_a_newer_file_supersedes_the_older_one_across_runs(tmp_path, sample_inbox, go, make_submission):
    inbox = tmp_path / "inbox"
    shutil.copytree(sample_inbox, inbox)
    go(inbox)
    old = next(inbox.glob("*DakAng*"))
    old.unlink()
    make_submission("23380", {"rice_kg": 250}, folder=inbox, name="DakAng_gui_lai.xlsx")
    result = go(inbox)
    assert result.totals["rice_kg"].by_unit["23380"] == 250
    db = tmp_path / "out" / "ledger.sqlite"
    assert rows(db, "SELECT file, status FROM submissions WHERE unit_code = '23380' ORDER BY id") == [
        (old.name, "superseded"),
        ("DakAng_gui_lai.xlsx", "accepted"),
    ]


def test_ledger_history_feeds_the_outlier_checks(tmp_path, go, catalog, registry, make_submission):
    from pipeline.demo.samples import build_sample_inbox

    for year, half in ((2018, 2), (2019, 1), (2019, 2)):
        earlier = Period(year, half)
        build_sample_inbox(tmp_path / earlier.code, catalog, registry, earlier)
        go(tmp_path / earlier.code, at=earlier)
        shutil.rmtree(tmp_path / "out" / earlier.code)  # only the ledger remembers now
    inbox = tmp_path / "now"
    build_sample_inbox(inbox, catalog, registry, Period(2020, 1))
    name = next(inbox.glob("*DakAng*")).name
    make_submission("23380", {"mutual_help_workdays": 9000}, folder=inbox, name=name)
    result = go(inbox)
    assert ("23380", "mutual_help_workdays", "outlier_history") in [
        (i.unit_code, i.indicator, i.rule) for i in result.issues
    ]
