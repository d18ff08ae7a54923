"""A kept reading comes back equal to reading the file again, field for field."""

from __future__ import annotations

import dataclasses
import zlib

import pytest

from pipeline.errors import WorkbookError
from pipeline.intake.kept_store import READ, KeptResults
from pipeline.issues.codes import IssueCode
from pipeline.read.kept import Refusal, as_text, from_text, kept_read, to_keep
from pipeline.read.workbook import read_submission


def _round_trip(read, path):
    return from_text(as_text(read), path)


def test_every_sample_form_comes_back_equal(sample_inbox, catalog):
    for path in sorted(sample_inbox.glob("*.xlsx")):
        sub = read_submission(path, catalog, f"xa/{path.name}")
        back = _round_trip(sub, path)
        assert back == sub
        assert [dataclasses.astuple(c) for c in back.values.values()] == [
            dataclasses.astuple(c) for c in sub.values.values()
        ]


def test_a_form_full_of_mistakes_comes_back_equal(make_submission, catalog):
    path = make_submission(
        "23380",
        {"loan_amount": "=100+200", "loan_households": "1.250", "rice_kg": "-", "mutual_help_models": 2.5},
    )
    sub = read_submission(path, catalog)
    assert {i.code for i in sub.issues} >= {IssueCode.FORMULA_NOT_TRUSTED, IssueCode.TEXT_NUMBER}
    back = _round_trip(sub, path)
    assert back == sub and [i.code for i in back.issues] == [i.code for i in sub.issues]
    assert [i.fields for i in back.issues] == [i.fields for i in sub.issues]
    assert back.values["loan_amount"].formula and back.values["loan_households"].raw == "1.250"


def test_a_refusal_comes_back_equal(tmp_path, catalog):
    path = tmp_path / "rong.xlsx"
    path.write_bytes(b"")
    with pytest.raises(WorkbookError) as caught:
        read_submission(path, catalog)
    refusal = Refusal(caught.value.code, caught.value.sheet, caught.value.cell, caught.value.fields)
    assert _round_trip(refusal, path) == refusal


def test_the_file_is_named_where_it_is_now(sample_inbox, tmp_path, catalog):
    path = sorted(sample_inbox.glob("*.xlsx"))[0]
    sub = read_submission(path, catalog)
    assert _round_trip(sub, tmp_path / path.name).path == tmp_path / path.name


def test_a_damaged_or_foreign_entry_is_read_again(sample_inbox, catalog):
    path = sorted(sample_inbox.glob("*.xlsx"))[0]
    sub = read_submission(path, catalog)
    good = to_keep(sub, sub.sha256, sub.name).payload
    broken = {
        "not zlib": b"garbage",
        "not json": zlib.compress(b"{"),
        "another layout": zlib.compress(as_text(sub).replace('"format":1', '"format":99', 1).encode()),
        "a foreign type": zlib.compress(as_text(sub).replace('{"tuple":', '{"pickle":', 1).encode()),
        "cut short": good[: len(good) // 2],
    }
    for why, payload in broken.items():
        kept = KeptResults({READ: "x"}, {(READ, sub.sha256, sub.name): payload})
        assert kept_read(kept, sub.sha256, sub.name, path) is None, why
    kept = KeptResults({READ: "x"}, {(READ, sub.sha256, sub.name): good})
    assert kept_read(kept, sub.sha256, sub.name, path) == sub
    assert kept_read(kept, sub.sha256, "khac.xlsx", path) is None  # another path: its messages name another file
