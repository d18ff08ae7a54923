"""Which of a unit's files counts: the newest accepted one, by a receipt clock the sender cannot set."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import openpyxl
import pytest

from pipeline.intake.arrivals import arrivals
from pipeline.intake.ledger import open_ledger
from pipeline.intake.outcomes import Clock, Status
from pipeline.run import Settings, run
from pipeline.write.feedback import COVER_SHEET


def _at(path: Path, day: dt.datetime) -> None:
    os.utime(path, (day.timestamp(), day.timestamp()))


@pytest.fixture
def run_on(tmp_path, validator, period):
    def go(inbox: Path, **kwargs):
        settings = Settings(inbox=inbox, output=tmp_path / "out", period=period, data_docs=False, **kwargs)
        return run(settings, validator_factory=lambda: validator)

    return go


def _outcomes(result, unit: str) -> dict[str, tuple[Status, str]]:
    return {o.file: (o.status, o.reason) for o in result.completeness.outcomes if o.unit_code == unit and o.file}


def test_a_newer_accepted_file_replaces_the_older(tmp_path, make_submission, run_on):
    inbox = tmp_path / "inbox"
    _at(make_submission("23380", {"rice_kg": 1}, folder=inbox, name="z_cu.xlsx"), dt.datetime(2020, 6, 1, 9))
    _at(make_submission("23380", {"rice_kg": 2}, folder=inbox, name="a_moi.xlsx"), dt.datetime(2020, 6, 5, 9))
    result = run_on(inbox)
    assert result.totals["rice_kg"].by_unit["23380"] == 2.0
    assert _outcomes(result, "23380") == {
        "a_moi.xlsx": (Status.ACCEPTED, ""),
        "z_cu.xlsx": (Status.SUPERSEDED, "Được thay bằng tệp a_moi.xlsx gửi sau."),
    }


def test_a_rejected_correction_keeps_the_earlier_report_in_the_totals(tmp_path, make_submission, run_on):
    inbox = tmp_path / "inbox"
    good = make_submission("23380", {"rice_kg": 1}, folder=inbox, name="ban_dau.xlsx")
    bad = make_submission("23380", {"rice_kg": -5}, folder=inbox, name="ban_sua.xlsx")  # an error: negative
    _at(good, dt.datetime(2020, 6, 3, 9))
    _at(bad, dt.datetime(2020, 6, 8, 9))
    make_submission("23383", folder=inbox)
    result = run_on(inbox)
    assert result.totals["rice_kg"].by_unit["23380"] == 1.0
    assert "23383" in result.totals.units
    note = "Bản gửi lại bị loại; vẫn dùng bản nhận ngày 03/06/2020 (tệp ban_dau.xlsx)."
    assert _outcomes(result, "23380") == {
        "ban_dau.xlsx": (Status.ACCEPTED, ""),
        "ban_sua.xlsx": (Status.REJECTED, note),
    }
    assert result.completeness.rejected == []  # the unit did report: its accepted file counts
    manifest = json.loads((result.output_dir / "manifest.json").read_text(encoding="utf-8"))
    [entry] = [f for f in manifest["files"] if f["file"] == "ban_sua.xlsx"]
    assert (entry["status"], entry["reason"], entry["received_clock"], entry["delivered"]) == (
        "rejected",
        note,
        "file_time",
        "hand",
    )
    [feedback] = (result.output_dir / "validation" / "phan_hoi").glob("*ban_sua*.xlsx")
    cover = openpyxl.load_workbook(feedback)[COVER_SHEET]
    assert note in [c.value for c in cover["A"]]
    assert {i.rule for i in result.issues if i.file == "ban_sua.xlsx"} == {"non_negative"}


def test_a_future_dated_file_cannot_make_itself_the_newest(tmp_path, make_submission, run_on):
    inbox = tmp_path / "inbox"
    old = make_submission("23380", {"rice_kg": 1}, folder=inbox, name="cu.xlsx")
    _at(old, dt.datetime(2030, 1, 1))  # its time set forward, to win over the real correction
    with open_ledger(tmp_path / "out" / "ledger.sqlite") as ledger:  # an earlier run saw it on 5 June
        arrivals(ledger, [("cu.xlsx", hashlib.sha256(old.read_bytes()).hexdigest())], {},
                 now=dt.datetime(2020, 6, 5, 8))  # fmt: skip
    _at(make_submission("23380", {"rice_kg": 2}, folder=inbox, name="moi.xlsx"), dt.datetime(2020, 6, 9, 8))
    result = run_on(inbox)
    assert result.totals["rice_kg"].by_unit["23380"] == 2.0
    clocks = {o.file: (o.received, o.clock) for o in result.completeness.outcomes if o.unit_code == "23380"}
    assert clocks == {"cu.xlsx": ("2020-06-05T08:00:00", "ledger_first_seen"),
                      "moi.xlsx": ("2020-06-09T08:00:00", "file_time")}  # fmt: skip


def test_the_senders_date_decides_nothing(tmp_path):
    with open_ledger(tmp_path / "ledger.sqlite") as ledger:
        ledger.receive("a" * 64, "thu.xlsx", sender="xa@dakang.vn", sent_at="2019-01-01T00:00:00+07:00",
                       message_id="<1@xa>", seen_at=dt.datetime(2020, 6, 12, 9))  # fmt: skip
        ledger.receive("b" * 64, "imap.xlsx", sender="xa@dakxu.vn", sent_at="2019-01-01T00:00:00+07:00",
                       message_id="<2@xa>", received_at="2020-06-11T02:30:00+00:00",
                       seen_at=dt.datetime(2020, 6, 12, 9))  # fmt: skip
        found = arrivals(ledger, [("thu.xlsx", "a" * 64), ("imap.xlsx", "b" * 64)], {})
    thu, imap = found["thu.xlsx"], found["imap.xlsx"]
    assert (thu.at, thu.clock, thu.delivered, thu.sent_at) == (
        dt.datetime(2020, 6, 12, 9),
        Clock.INTAKE,
        "email",
        "2019-01-01T00:00:00+07:00",
    )
    server = dt.datetime.fromisoformat("2020-06-11T02:30:00+00:00").astimezone().replace(tzinfo=None)
    assert (imap.at, imap.clock) == (server, Clock.IMAP)
