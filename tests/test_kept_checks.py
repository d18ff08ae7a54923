"""Checking only the forms no earlier run checked finds what checking them all finds, in
the same order, and starts Great Expectations only when some form needs it."""

from __future__ import annotations

from pipeline.intake.kept_store import CHECKED, KeptResults
from pipeline.read.workbook import read_submission
from pipeline.validate.findings import validate
from pipeline.validate.kept_checks import validate_kept


def _forms(make_submission, catalog):
    paths = [
        make_submission("23380", {"loan_households": "1.250"}, name="a_text_number.xlsx"),
        make_submission("23377", replace=True, name="b_empty.xlsx"),
        make_submission("23383", {"startup_loan_women": 999, "loan_households": 5}, name="c_rule.xlsx"),
        make_submission("611", name="d_good.xlsx"),
        make_submission("23386", {"rice_kg": -4}, name="e_negative.xlsx"),
        make_submission("23389", replace=True, name="f_empty.xlsx"),
    ]
    return [read_submission(p, catalog, p.name) for p in paths]


def _kept(found):
    return KeptResults({CHECKED: "p"}, {(r.kind, r.sha256, r.file): r.payload for r in found.fresh})


def test_a_cold_check_is_one_pass_and_keeps_every_form(make_submission, catalog, registry, period, validator):
    subs = _forms(make_submission, catalog)
    found = validate_kept(subs, catalog, registry, period, lambda: validator)
    assert found.issues == validate(subs, catalog, registry, period, validator)
    assert {r.file for r in found.fresh} == {s.name for s in subs} and found.reused == 0
    assert any(i.file == "b_empty.xlsx" for i in found.issues[:2])  # empty forms first, as in one pass
    faulty = {"a_text_number.xlsx", "b_empty.xlsx", "c_rule.xlsx", "e_negative.xlsx", "f_empty.xlsx"}
    assert {i.file for i in found.issues} == faulty


def test_kept_and_new_forms_together_find_the_same_in_the_same_order(
    make_submission, catalog, registry, period, validator
):
    subs = _forms(make_submission, catalog)
    whole = validate(subs, catalog, registry, period, validator)
    for kept_ones in (subs[::2], subs[1::2], subs[:1], subs[-1:]):
        kept = _kept(validate_kept(kept_ones, catalog, registry, period, lambda: validator))
        found = validate_kept(subs, catalog, registry, period, lambda: validator, kept=kept)
        assert found.issues == whole
        assert found.reused == len(kept_ones)
        assert {r.file for r in found.fresh} == {s.name for s in subs} - {s.name for s in kept_ones}


def test_with_every_form_kept_great_expectations_is_not_started(make_submission, catalog, registry, period, validator):
    subs = _forms(make_submission, catalog)
    kept = _kept(validate_kept(subs, catalog, registry, period, lambda: validator))

    def never():
        raise AssertionError("Great Expectations started")

    found = validate_kept(subs, catalog, registry, period, never, kept=kept)
    assert found.issues == validate(subs, catalog, registry, period, validator) and found.fresh == ()


def test_data_docs_check_every_form(make_submission, catalog, registry, period, validator, tmp_path):
    subs = _forms(make_submission, catalog)[:2]
    kept = _kept(validate_kept(subs, catalog, registry, period, lambda: validator))
    found = validate_kept(subs, catalog, registry, period, lambda: validator, tmp_path / "docs", kept)
    assert found.reused == 0 and (tmp_path / "docs" / "index.html").is_file()


def test_a_damaged_kept_entry_is_checked_again(make_submission, catalog, registry, period, validator):
    subs = _forms(make_submission, catalog)[:1]
    kept = KeptResults({CHECKED: "p"}, {(CHECKED, subs[0].sha256, subs[0].name): b"not zlib"})
    found = validate_kept(subs, catalog, registry, period, lambda: validator, kept=kept)
    assert found.reused == 0 and found.issues == validate(subs, catalog, registry, period, validator)
