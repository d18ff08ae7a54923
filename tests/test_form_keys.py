"""Issued forms: each per-unit form carries a random key noted in the ledger; a returned form
with another unit's key, or a key nothing was issued for, is held for review."""

from __future__ import annotations

import sqlite3

import pytest
from typer.testing import CliRunner

from pipeline.cli import app as cli
from pipeline.forms.fill import fill_template
from pipeline.forms.template import build_template
from pipeline.intake.issued_forms import issued_key, record_issued
from pipeline.intake.ledger import open_ledger
from pipeline.intake.outcomes import Status
from pipeline.read.workbook import read_submission
from pipeline.run import Settings, run

runner = CliRunner()


def test_templates_records_one_key_per_unit_and_writes_it_into_the_form(tmp_path):
    ledger = tmp_path / "out" / "ledger.sqlite"
    result = runner.invoke(cli.app, ["templates", "--period", "2020S1", "--out", str(tmp_path / "bm"),
                                     "--ledger", str(ledger)])  # fmt: skip
    assert result.exit_code == 0, result.output
    with sqlite3.connect(ledger) as db:
        rows = dict(db.execute("SELECT unit_code, form_key FROM issued_forms WHERE period = '2020S1'").fetchall())
    assert len(rows) == 9 and len(set(rows.values())) == 9 and all(len(k) == 16 for k in rows.values())
    form = next((tmp_path / "bm" / "2020S1").glob("*_23380.xlsx"))
    from pipeline.spec.catalog_file import load_catalog

    assert read_submission(form, load_catalog()).meta["form_key"] == rows["23380"]


@pytest.fixture
def keyed_inbox(tmp_path, catalog, registry, period, good_values):
    """Ngọc Hồi's forms issued with keys; 23380 returns 23383's form edited to its own code."""
    ledger_path = tmp_path / "out" / "ledger.sqlite"
    inbox, keys = tmp_path / "inbox", {}
    with open_ledger(ledger_path) as ledger:
        for code in ("23377", "23380", "23383"):
            keys[code] = f"khoa-{code}-bi-mat"
            record_issued(ledger, period=period.code, unit_code=code, template_version="2020.1",
                          form_key=keys[code], file=f"{code}.xlsx")  # fmt: skip
    for code in ("23377", "23383"):
        template = tmp_path / f"t{code}.xlsx"
        layout = build_template(template, catalog, registry[code], period, form_key=keys[code])
        fill_template(template, good_values[code], inbox / f"{code}.xlsx", layout)
    template = tmp_path / "spoof.xlsx"
    layout = build_template(template, catalog, registry["23383"], period, form_key=keys["23383"])
    fill_template(template, good_values["23380"], inbox / "gia_mao.xlsx", layout, {"unit_code": "23380"})
    template = tmp_path / "blank.xlsx"
    layout = build_template(template, catalog, registry["23386"], period, form_key="tu-dat-ra")
    fill_template(template, good_values["23386"], inbox / "23386.xlsx", layout)
    return inbox


def test_a_form_with_another_units_key_is_held_and_the_others_count(tmp_path, keyed_inbox, validator, period):
    settings = Settings(inbox=keyed_inbox, output=tmp_path / "out", period=period, data_docs=False)
    result = run(settings, lambda: validator)
    outcomes = {o.file: (o.status, o.reason) for o in result.completeness.outcomes if o.file}
    assert outcomes["gia_mao.xlsx"] == (
        Status.HELD,
        "Tệp gia_mao.xlsx ghi đơn vị Xã Đắk Ang (23380) nhưng mã khóa biểu mẫu không phải mã đã cấp cho đơn vị "
        "này; tệp được tạm giữ chờ xem xét.",
    )
    assert outcomes["23386.xlsx"] == (
        Status.HELD,
        "Tệp 23386.xlsx có mã khóa biểu mẫu nhưng chưa cấp biểu mẫu nào cho đơn vị Xã Đắk Nông (23386) kỳ 2020S1; "
        "tệp được tạm giữ chờ xem xét.",
    )
    assert outcomes["23377.xlsx"][0] is Status.ACCEPTED and outcomes["23383.xlsx"][0] is Status.ACCEPTED
    assert set(result.totals.units) == {"23377", "23383"}
    assert "23380" not in result.completeness.accepted  # held: something came, nothing counts yet
    assert {i.rule for i in result.issues if i.file == "gia_mao.xlsx"} == {"form_key_mismatch"}


def test_a_form_without_a_key_is_accepted_and_marked_when_a_key_was_issued(tmp_path, make_submission, validator,
                                                                          period):  # fmt: skip
    inbox = tmp_path / "inbox"
    make_submission("23380", folder=inbox)
    with open_ledger(tmp_path / "out" / "ledger.sqlite") as ledger:
        record_issued(ledger, period="2020S1", unit_code="23380", template_version="2020.1", form_key="k",
                      file="x.xlsx")  # fmt: skip
        assert issued_key(ledger, "23380", "2020S1") == "k" and issued_key(ledger, "23383", "2020S1") is None
    result = run(Settings(inbox=inbox, output=tmp_path / "out", period=period, data_docs=False), lambda: validator)
    assert "23380" in result.totals.units
    [issue] = [i for i in result.issues if i.rule == "form_without_key"]
    assert issue.message == (
        "Tệp 23380.xlsx không có mã khóa biểu mẫu (điền từ biểu mẫu trắng) dù đã cấp biểu mẫu riêng cho đơn vị "
        "Xã Đắk Ang (23380)."
    )


def _keyed(tmp_path, catalog, registry, period, good_values, key, unit_code="23380", meta=None):
    template = tmp_path / f"{unit_code}-{key}.xlsx"
    layout = build_template(template, catalog, registry[unit_code], period, form_key=key)
    path = fill_template(template, good_values[unit_code], tmp_path / "in" / template.name, layout, meta)
    return read_submission(path, catalog)


@pytest.mark.parametrize(
    ("key", "issued", "outcome"),
    [
        ("dung", {"23380": "dung"}, ((), [])),
        (None, {}, ((), [])),
        (None, {"23380": "dung"}, ((), ["form_without_key"])),
        ("sai", {"23380": "dung"}, (("form_key_mismatch",), ["form_key_mismatch"])),
        ("tu-dat", {}, (("form_key_unknown",), ["form_key_unknown"])),
    ],
)
def test_check_keys_holds_a_wrong_or_unissued_key_and_marks_a_missing_one_only_when_one_was_issued(
    tmp_path, catalog, registry, period, good_values, key, issued, outcome
):
    from pipeline.validate.form_keys import check_keys

    sub = _keyed(tmp_path, catalog, registry, period, good_values, key)
    found = check_keys([sub], registry, lambda unit, code: issued.get(unit) if code == "2020S1" else None)
    held, rules = outcome
    assert tuple(i.rule for i in found.issues if i.severity.value == "error") == held
    assert [i.rule for i in found.issues] == rules
    assert found.admitted == (() if held else (sub,))
    assert [(o.status, o.reason) for o in found.held] == [(Status.HELD, i.message) for i in found.issues if held]


def test_another_units_key_under_a_forged_code_is_held_with_the_declared_unit_named(
    tmp_path, catalog, registry, period, good_values
):
    from pipeline.validate.form_keys import check_keys

    spoof = _keyed(tmp_path, catalog, registry, period, good_values, "khoa-23380", meta={"unit_code": "23383"})
    keys = {"23380": "khoa-23380", "23383": "khoa-23383"}
    [issue] = check_keys([spoof], registry, lambda unit, code: keys.get(unit)).issues
    assert (issue.sheet, issue.cell, issue.unit_code) == ("_meta", "B7", "23383")
    assert issue.message == (
        "Tệp 23380-khoa-23380.xlsx ghi đơn vị Xã Đắk Dục (23383) nhưng mã khóa biểu mẫu không phải mã đã cấp cho "
        "đơn vị này; tệp được tạm giữ chờ xem xét."
    )
