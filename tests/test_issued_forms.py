"""The store of issued forms beside the ledger: which key went to which unit for which period."""

from __future__ import annotations

import datetime as dt

from pipeline.forms.layout import FORM_KEY
from pipeline.forms.template import template_filename
from pipeline.intake.issued_forms import issue_templates, issued_key, new_key, record_issued
from pipeline.intake.ledger import open_ledger
from pipeline.read.workbook import read_submission

AT = dt.datetime(2020, 5, 20, 8, 30, 15, 999)


def _tables(ledger) -> set[str]:
    return {name for (name,) in ledger.connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_a_ledger_that_never_issued_a_form_knows_no_key_and_is_left_as_it_was(tmp_path):
    with open_ledger(tmp_path / "ledger.sqlite") as ledger:
        assert issued_key(ledger, "23380", "2020S1") is None
        assert "issued_forms" not in _tables(ledger)


def test_an_issued_form_is_kept_per_unit_and_period_and_reissuing_replaces_its_key(tmp_path):
    path = tmp_path / "ledger.sqlite"
    with open_ledger(path) as ledger:
        for unit, period, key in [("23380", "2020S1", "a"), ("23383", "2020S1", "b"), ("23380", "2020S2", "c")]:
            record_issued(ledger, period=period, unit_code=unit, template_version="2020.1", form_key=key,
                          file=f"{unit}.xlsx", issued_at=AT)  # fmt: skip
        record_issued(ledger, period="2020S1", unit_code="23380", template_version="2020.2", form_key="d",
                      file="moi.xlsx", issued_at=AT + dt.timedelta(days=1))  # fmt: skip
    with open_ledger(path) as ledger:  # committed with the run
        asked = [("23380", "2020S1"), ("23383", "2020S1"), ("23380", "2020S2")]
        assert [issued_key(ledger, unit, period) for unit, period in asked] == ["d", "b", "c"]
        assert issued_key(ledger, "23386", "2020S1") is None
        rows = ledger.connection.execute(
            "SELECT unit_code, period, template_version, form_key, file, issued_at FROM issued_forms "
            "WHERE unit_code = '23380' ORDER BY period"
        ).fetchall()
    assert rows == [
        ("23380", "2020S1", "2020.2", "d", "moi.xlsx", "2020-05-21T08:30:15"),
        ("23380", "2020S2", "2020.1", "c", "23380.xlsx", "2020-05-20T08:30:15"),
    ]


def test_keys_are_random_and_url_safe():
    keys = {new_key() for _ in range(50)}
    assert len(keys) == 50 and all(len(k) == 16 and k.replace("-", "").replace("_", "").isalnum() for k in keys)


def test_issuing_templates_writes_each_units_key_into_its_form_and_the_ledger(tmp_path, catalog, registry, period):
    ledger_path = tmp_path / "out" / "ledger.sqlite"
    written = issue_templates(tmp_path / "bm", catalog, registry, period, ledger_path)
    in_forms = {p.name: read_submission(p, catalog).meta.get(FORM_KEY) for p in written}
    assert in_forms.pop(template_filename(catalog)) is None  # the blank master has no key
    with open_ledger(ledger_path) as ledger:
        in_ledger = {template_filename(catalog, u, period): issued_key(ledger, u.code, period.code)
                     for u in registry.subtree()}  # fmt: skip
    assert in_forms == in_ledger and len(set(in_ledger.values())) == len(registry.subtree()) == 9
    again = issue_templates(tmp_path / "bm", catalog, registry, period, ledger_path)
    with open_ledger(ledger_path) as ledger:
        fresh = read_submission(again[1], catalog)
        assert issued_key(ledger, fresh.unit_code, period.code) == fresh.meta[FORM_KEY] != in_ledger[again[1].name]
