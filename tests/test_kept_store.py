"""Kept results live in the ledger under a fingerprint; a peek never fails a run."""

from __future__ import annotations

import sqlite3

from pipeline.intake.kept_store import CHECKED, READ, KeptResult, keep, kept_in, pack, peek, unpack
from pipeline.intake.ledger import open_ledger


def _keep(ledger, prints, *results):
    with open_ledger(ledger) as opened:
        return keep(opened.connection, prints, results)


def test_what_is_kept_comes_back_under_its_fingerprint_only(tmp_path):
    ledger = tmp_path / "so.sqlite"
    assert _keep(ledger, {READ: "p1"}, KeptResult(READ, "aa", "x.xlsx", pack("một"))) == 1
    assert unpack(peek(ledger, {READ: "p1"}).get(READ, "aa", "x.xlsx")) == "một"
    assert len(peek(ledger, {READ: "p2"})) == 0  # another program or catalog
    assert peek(ledger, {CHECKED: "p1"}).get(READ, "aa", "x.xlsx") is None  # only the kinds asked for


def test_a_newer_fingerprint_replaces_the_older(tmp_path):
    ledger = tmp_path / "so.sqlite"
    _keep(ledger, {READ: "p1"}, KeptResult(READ, "aa", "x.xlsx", pack("cũ")))
    _keep(ledger, {READ: "p2"}, KeptResult(READ, "aa", "x.xlsx", pack("mới")))
    assert len(peek(ledger, {READ: "p1"})) == 0
    assert unpack(peek(ledger, {READ: "p2"}).get(READ, "aa", "x.xlsx")) == "mới"
    rows = sqlite3.connect(ledger).execute("SELECT COUNT(*) FROM kept_results").fetchone()
    assert rows == (1,)


def test_results_are_kept_only_with_the_run(tmp_path):
    ledger = tmp_path / "so.sqlite"
    try:
        with open_ledger(ledger) as opened:
            keep(opened.connection, {READ: "p"}, [KeptResult(READ, "aa", "x.xlsx", pack("v"))])
            assert len(kept_in(opened.connection, {READ: "p"})) == 1
            raise KeyboardInterrupt  # the run stops before it ends
    except KeyboardInterrupt:
        pass
    assert len(peek(ledger, {READ: "p"})) == 0


def test_no_ledger_a_damaged_one_or_a_folder_means_nothing_kept(tmp_path):
    missing = tmp_path / "chua_co.sqlite"
    assert len(peek(missing, {READ: "p"})) == 0 and not missing.exists()  # a peek creates nothing
    damaged = tmp_path / "hong.sqlite"
    damaged.write_bytes(b"not a database at all" * 100)
    assert len(peek(damaged, {READ: "p"})) == 0
    assert len(peek(tmp_path, {READ: "p"})) == 0
    old = tmp_path / "cu.sqlite"  # a ledger from before results were kept
    sqlite3.connect(old).execute("CREATE TABLE receipts (sha256 TEXT)").connection.commit()
    assert len(peek(old, {READ: "p"})) == 0


def test_a_peek_reads_while_another_run_holds_the_ledger(tmp_path):
    ledger = tmp_path / "so.sqlite"
    _keep(ledger, {READ: "p"}, KeptResult(READ, "aa", "x.xlsx", pack("v")))
    with open_ledger(ledger) as opened:
        opened.connection.execute("DELETE FROM receipts")  # the other run is writing
        assert len(peek(ledger, {READ: "p"})) == 1
