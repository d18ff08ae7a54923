"""Byte-identical outputs for identical inputs, and the SHA-256 of every output in provenance.json."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import zipfile

import pytest

from pipeline.run import Reused, Settings, run
from pipeline.spec import fingerprint
from pipeline.spec.catalog import DEFAULT_CATALOG_PATH
from pipeline.spec.periods import Period
from pipeline.write.report_template import write_report_template
from pipeline.write.reproducible import freeze_archive, output_hashes

PERIOD = Period(2020, 1)


def _tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def inbox(tmp_path, sample_inbox, make_submission):
    folder = tmp_path / "inbox"
    shutil.copytree(sample_inbox, folder)
    make_submission("23380", {"loan_households": "1.250"}, folder=folder, name="DakAng_sua.xlsx")  # a warning, feedback
    moment = dt.datetime(2020, 6, 10, 8, 30).timestamp()
    for path in folder.iterdir():
        os.utime(path, (moment, moment))
    return folder


def test_the_same_inbox_twice_gives_the_same_bytes(tmp_path, inbox, validator):
    trees = []
    settings = Settings(inbox=inbox, output=tmp_path / "out", period=PERIOD, data_docs=False)
    for _ in range(2):  # a new ledger each time, as on another machine: nothing may depend on the clock
        trees.append(_tree(run(settings, lambda: validator).output_dir))
        shutil.rmtree(tmp_path / "out")
    assert trees[0].keys() == trees[1].keys()
    assert any(name.startswith("validation/phan_hoi/") for name in trees[0])
    different = [name for name in trees[0] if trees[0][name] != trees[1][name]]
    assert different == []


def test_a_rerun_on_the_same_ledger_is_byte_identical_too(tmp_path, inbox, validator):
    settings = Settings(inbox=inbox, output=tmp_path / "out", period=PERIOD, data_docs=False)
    cold = run(settings, lambda: validator)
    first = _tree(cold.output_dir)
    assert cold.reused == Reused(0, 10, 0, 10)
    again = run(settings, lambda: validator)  # every file's reading and findings come from the ledger
    assert again.reused == Reused(10, 10, 10, 10)
    assert _tree(again.output_dir) == first


def test_a_rerun_after_one_new_file_equals_a_cold_run(tmp_path, inbox, validator, make_submission):
    late = tmp_path / "late" / "DakAng_lan2.xlsx"
    make_submission("23380", {"loan_households": 99}, folder=late.parent, name=late.name)  # a correction
    settings = Settings(inbox=inbox, output=tmp_path / "out", period=PERIOD, data_docs=False)
    run(settings, lambda: validator)
    moment = dt.datetime(2020, 6, 12, 9, 0).timestamp()
    os.utime(shutil.copy(late, inbox / late.name), (moment, moment))
    rerun = run(settings, lambda: validator)
    assert rerun.reused == Reused(10, 11, 10, 11)
    again = _tree(rerun.output_dir)
    shutil.rmtree(tmp_path / "out")  # the ledger too: a cold run on the same inbox
    fresh = _tree(run(settings, lambda: validator).output_dir)
    assert again.keys() == fresh.keys()
    assert [n for n in fresh if again[n] != fresh[n]] == []


def test_a_changed_catalog_or_program_invalidates_what_was_kept(tmp_path, inbox, validator, monkeypatch):
    edited = tmp_path / "catalog.yaml"
    shutil.copy(DEFAULT_CATALOG_PATH, edited)
    settings = Settings(inbox=inbox, output=tmp_path / "out", period=PERIOD, data_docs=False, catalog_path=edited)
    run(settings, lambda: validator)
    text = edited.read_text(encoding="utf-8")
    assert text.count('label_vi: "Gạo giúp nhau"') == 1
    edited.write_text(text.replace('label_vi: "Gạo giúp nhau"', 'label_vi: "Gạo hỗ trợ nhau"'), encoding="utf-8")
    rerun = run(settings, lambda: validator)
    assert rerun.reused == Reused(0, 10, 0, 10)
    assert "Gạo hỗ trợ nhau" in (rerun.output_dir / "values.csv").read_text(encoding="utf-8")
    monkeypatch.setattr(fingerprint, "program_fingerprint", lambda: "another program")
    assert run(settings, lambda: validator).reused == Reused(0, 10, 0, 10)


def test_provenance_lists_every_other_output_with_its_sha256(tmp_path, inbox, validator):
    folder = run(Settings(inbox=inbox, output=tmp_path / "out", period=PERIOD, data_docs=False), lambda: validator)
    folder = folder.output_dir
    record = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {"provenance.json"}
    assert set(record["outputs"]) == files
    for name, digest in record["outputs"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    assert record["inputs_time"] == "2020-06-10T08:30:00" and "started" not in record


def test_freezing_sets_part_times_and_document_dates(tmp_path):
    path = write_report_template(tmp_path / "mau.docx")
    freeze_archive(path, dt.datetime(2020, 6, 10, 8, 30, 15))
    with zipfile.ZipFile(path) as z:
        assert {info.date_time for info in z.infolist()} == {(2020, 6, 10, 8, 30, 14)}  # zip keeps even seconds
        core = z.read("docProps/core.xml").decode("utf-8")
    assert "<dcterms:created" in core and "2020-06-10T08:30:15Z</dcterms:created>" in core
    assert "2020-06-10T08:30:15Z</dcterms:modified>" in core


def test_output_hashes_leave_out_the_named_and_hidden_files(tmp_path):
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / ".owner").write_text("1 host", encoding="utf-8")
    (tmp_path / "provenance.json").write_text("{}", encoding="utf-8")
    assert output_hashes(tmp_path, leave_out=("provenance.json",)) == {"a.txt": hashlib.sha256(b"a").hexdigest()}
