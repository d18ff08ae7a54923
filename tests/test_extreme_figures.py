"""No figure can crash a run: extreme numbers are refused or flagged at their cell, the
run completes, and the other communes' totals are what they would be without them."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.forms.fill import fill_template
from pipeline.read.workbook import read_submission
from pipeline.run import Settings, run
from pipeline.spec.numbers import HARD_LIMIT, format_auto, format_number

UNIT = "23380"
PEERS = ("23377", "23383", "23386", "23389", "23392")
HOSTILE = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e29, 1e300, -0.0, 1e-300, HARD_LIMIT, HARD_LIMIT * (1 + 1e-12), 1_000_000.000001, -1.5]),
    st.decimals(allow_nan=False, allow_infinity=False, places=12).map(float),
)


def _strict(text: str) -> object:
    def refuse(name: str) -> None:
        raise ValueError(f"{name} in JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory, unit_templates, good_values, validator, period):
    """The totals of the peers alone: what no hostile figure may change."""
    inbox = tmp_path_factory.mktemp("peers")
    for code in PEERS:
        template, layout = unit_templates[code]
        fill_template(template, good_values[code], inbox / f"{code}.xlsx", layout)
    out = tmp_path_factory.mktemp("out")
    return run(Settings(inbox=inbox, output=out, period=period, data_docs=False), lambda: validator)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rice=HOSTILE, loan=HOSTILE)
def test_any_figure_leaves_a_complete_run(tmp_path_factory, unit_templates, good_values, validator, period, baseline,
                                          rice, loan):  # fmt: skip
    inbox = tmp_path_factory.mktemp("inbox")
    for code in PEERS:
        template, layout = unit_templates[code]
        fill_template(template, good_values[code], inbox / f"{code}.xlsx", layout)
    template, layout = unit_templates[UNIT]
    values = {**good_values[UNIT], "rice_kg": rice, "loan_amount": loan}
    fill_template(template, values, inbox / f"{UNIT}.xlsx", layout)
    out = tmp_path_factory.mktemp("out")
    result = run(Settings(inbox=inbox, output=out, period=period, data_docs=False), lambda: validator)

    summary = _strict((result.output_dir / "summary.json").read_text(encoding="utf-8"))
    assert isinstance(summary, dict)
    _strict((result.output_dir / "manifest.json").read_text(encoding="utf-8"))
    assert (result.output_dir / f"phu_luc_{period.code}.xlsx").exists()
    rules = {i.rule for i in result.issues if i.unit_code == UNIT}
    hostile = [v for v in (rice, loan) if not (math.isfinite(v) and abs(v) <= HARD_LIMIT)]
    if hostile:
        assert "number_out_of_range" in rules
        assert UNIT not in result.totals.units
    if UNIT not in result.totals.units:  # refused: the others add up exactly as without it
        for code in ("loan_households", "rice_kg", "loan_amount", "literacy_l1_rate"):
            assert result.totals[code].value == baseline.totals[code].value, code


def test_a_figure_beyond_the_hard_limit_is_an_error_at_its_cell(make_submission, catalog):
    sub = read_submission(make_submission(UNIT, {"loan_amount": 1e29, "rice_kg": "1e400"}), catalog)
    found = {i.indicator: (i.rule, i.severity.value, i.message) for i in sub.issues}
    cell, text_cell = sub.values["loan_amount"], sub.values["rice_kg"]
    assert (cell.value, cell.out_of_range) == (None, True)
    assert found["loan_amount"] == (
        "number_out_of_range",
        "error",
        f'Ô {cell.cell} (trang {cell.sheet}) — "Số tiền cho vay": giá trị 1e+29 không phải '
        "một số liệu có thể có (vô hạn, không xác định hoặc lớn hơn 1.000.000.000.000.000).",
    )
    assert found["rice_kg"][0] == "number_out_of_range" and text_cell.value is None
    assert f"Ô {text_cell.cell}" in found["rice_kg"][2] and "1e400" in found["rice_kg"][2]


def test_a_figure_above_its_plausible_maximum_only_warns(tmp_path, make_submission, validator, period):
    inbox = tmp_path / "inbox"
    path = make_submission(UNIT, {"rice_kg": 2_500_000}, folder=inbox)
    result = run(Settings(inbox=inbox, output=tmp_path / "out", period=period, data_docs=False), lambda: validator)
    [issue] = [i for i in result.issues if i.rule == "above_plausible_max"]
    assert issue.severity.value == "warning" and UNIT in result.totals.units
    assert result.totals["rice_kg"].value == 2_500_000
    assert issue.message == (
        f'Ô {issue.cell} (trang {issue.sheet}) — "Gạo giúp nhau": giá trị 2.500.000 lớn hơn mức có thể có '
        "của một đơn vị (1.000.000 kg)."
    )
    assert path.exists()


@pytest.mark.parametrize(
    ("value", "number", "auto"),
    [
        (1e29, "100.000.000.000.000.000.000.000.000.000", None),
        (float("inf"), "—", "—"),
        (float("nan"), "—", "—"),
        (-0.0, "0", "0"),
        (1e-300, "0", "0"),
        (0.123456789, "0", "0,12"),
        (HARD_LIMIT, "1.000.000.000.000.000", "1.000.000.000.000.000"),
    ],
)
def test_formatting_never_raises(value, number, auto):
    assert format_number(value) == number
    if auto is not None:
        assert format_auto(value) == auto


def test_sample_inbox_has_no_figure_above_its_maximum(sample_inbox, catalog):
    for path in Path(sample_inbox).glob("*.xlsx"):
        sub = read_submission(path, catalog)
        for code, cell in sub.values.items():
            limit = catalog.base_indicator(code).plausible_max
            assert limit is None or cell.value is None or cell.value <= limit, (path.name, code)
