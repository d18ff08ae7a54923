"""No figure can crash a run: extreme numbers are refused or flagged at their cell, the
run completes, and the other communes' totals are what they would be without them."""

from __future__ import annotations

import csv
import json
import math
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.forms.fill import fill_template
from pipeline.read.workbook import read_submission
from pipeline.run import Settings, run
from pipeline.spec.catalog import ValueType
from pipeline.spec.catalog_file import load_catalog
from pipeline.spec.numbers import HARD_LIMIT, format_auto, format_number

UNIT = "23380"
PEERS = ("23377", "23383", "23386", "23389", "23392")
FIELDS = ("rice_kg", "loan_amount", "breeding_animals")
"""A decimal in kg, a decimal in triệu đồng and a whole count, none in a rule between cells."""
CELL_CODES = {"number_out_of_range", "type", "non_negative", "above_plausible_max"}
ERRORS = {"number_out_of_range", "type", "non_negative"}
TEXTS = {  # typed as text, and the number each one is
    "1e400": math.inf,
    "-1e400": -math.inf,
    "inf": math.inf,
    "nan": math.nan,
    "sNaN": math.nan,
    "1.000.000.000.000.000.000": 1e18,
    "1.000.000": 1e6,
    "2.500.000,5": 2_500_000.5,
}
_CATALOG = load_catalog()
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_EDGES = [
    HARD_LIMIT,
    math.nextafter(HARD_LIMIT, 0),
    math.nextafter(HARD_LIMIT, math.inf),
    -HARD_LIMIT,
    1e29,
    1e300,
    -0.0,
    1e-300,
    5e-324,
    -1.5,
    0.1 + 0.2,
    1_000_000.000001,
]


def _figure(code: str) -> st.SearchStrategy[float | str]:
    """Extreme figures for ``code``: any float, its plausible maximum ± a little, the hard
    limit's neighbours, tiny, negative, many decimals, and numbers typed as text."""
    top = _CATALOG.base_indicator(code).plausible_max
    assert top is not None
    near_top = [top, math.nextafter(top, math.inf), top + 0.01, top - 0.01, top + 1, top * 10]
    return st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from(_EDGES + near_top),
        st.decimals(min_value=-10, max_value=10**12, places=9, allow_nan=False, allow_infinity=False).map(float),
        st.integers(min_value=0, max_value=10**12).map(float),
        st.sampled_from(sorted(TEXTS)),
    )


def _expected(code: str, typed: float | str) -> str | None:
    """The cell code a figure must get, worked out apart from the reader."""
    ind = _CATALOG.base_indicator(code)
    number = TEXTS[typed] if isinstance(typed, str) else typed
    if not math.isfinite(number) or abs(number) > HARD_LIMIT:
        return "number_out_of_range"
    if ind.type is ValueType.INTEGER and not number.is_integer():
        return "type"
    if number < 0:
        return "non_negative"
    assert ind.plausible_max is not None
    return "above_plausible_max" if number > ind.plausible_max else None


def _put_numbers(path: Path, numbers: dict[tuple[str, str], float]) -> None:
    """Write each float into its (sheet, cell) of the xlsx at ``path`` as the file's own
    number text: ``repr`` keeps every bit (openpyxl would round to 16 digits and leave NaN
    and infinity blank), and "nan", "inf" are what a crafted file can hold."""
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    rels = ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    targets = {rel.get("Id"): "xl/" + str(rel.get("Target")).removeprefix("/").removeprefix("xl/") for rel in rels}
    sheets = {
        sheet.get("name"): targets[sheet.get(f"{{{_RELS}}}id")]
        for sheet in ElementTree.fromstring(parts["xl/workbook.xml"]).iter(f"{{{_MAIN}}}sheet")
    }
    for (sheet, cell), number in numbers.items():
        xml = parts[sheets[sheet]].decode()
        text = "nan" if math.isnan(number) else repr(number)
        xml, count = re.subn(rf'(<c r="{cell}"[^>]*>)<v>[^<]*</v>', rf"\g<1><v>{text}</v>", xml)
        assert count == 1, (sheet, cell)
        parts[sheets[sheet]] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)


def _strict(text: str) -> object:
    def refuse(name: str) -> None:
        raise ValueError(f"{name} in JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture(scope="module")
def peer_forms(tmp_path_factory, unit_templates, good_values) -> Path:
    folder = tmp_path_factory.mktemp("peer_forms")
    for code in PEERS:
        template, layout = unit_templates[code]
        fill_template(template, good_values[code], folder / f"{code}.xlsx", layout)
    return folder


@pytest.fixture(scope="module")
def baseline(tmp_path_factory, peer_forms, validator, period):
    """The totals of the peers alone: what no refused figure may change."""
    out = tmp_path_factory.mktemp("out")
    return run(Settings(inbox=peer_forms, output=out, period=period, data_docs=False), lambda: validator)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(figures=st.fixed_dictionaries({code: _figure(code) for code in FIELDS}))
def test_any_figure_leaves_a_complete_run(
    tmp_path_factory, unit_templates, good_values, validator, period, peer_forms, baseline, figures
):
    inbox = tmp_path_factory.mktemp("inbox")
    for path in peer_forms.iterdir():
        shutil.copy(path, inbox / path.name)
    template, layout = unit_templates[UNIT]
    numbers = {code: typed for code, typed in figures.items() if isinstance(typed, float)}
    form = fill_template(
        template, {**good_values[UNIT], **figures, **dict.fromkeys(numbers, 7)}, inbox / f"{UNIT}.xlsx", layout
    )
    _put_numbers(form, {(layout.cell_for(code).sheet, layout.cell_for(code).cell): n for code, n in numbers.items()})
    out = tmp_path_factory.mktemp("out")
    result = run(Settings(inbox=inbox, output=out, period=period, data_docs=False), lambda: validator)

    for name in ("summary.json", "manifest.json", "provenance.json"):
        assert isinstance(_strict((result.output_dir / name).read_text(encoding="utf-8")), dict), name
    assert (result.output_dir / f"phu_luc_{period.code}.xlsx").exists()
    with open(result.output_dir / "validation" / "issues.csv", encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == len(result.issues)

    expected = {code: _expected(code, typed) for code, typed in figures.items()}
    for code in FIELDS:
        found = [i for i in result.issues if i.unit_code == UNIT and i.indicator == code and i.rule in CELL_CODES]
        assert [i.rule for i in found] == ([expected[code]] if expected[code] else []), (code, figures[code])
        ref = layout.cell_for(code)
        assert all((i.sheet, i.cell) == (ref.sheet, ref.cell) for i in found)
        assert all(i.is_error == (i.rule in ERRORS) for i in found)

    rejected = any(rule in ERRORS for rule in expected.values())
    assert (UNIT in result.totals.units) is not rejected
    if rejected:  # refused: every figure of the others adds up exactly as without it
        for code, figure in baseline.totals.figures.items():
            assert result.totals[code].value == figure.value, code
    else:  # kept, with at most a warning: the figure counts
        for code, typed in figures.items():
            number = TEXTS[typed] if isinstance(typed, str) else typed + 0.0
            assert math.copysign(1, result.totals[code].by_unit[UNIT]) == math.copysign(1, number)
            assert result.totals[code].by_unit[UNIT] == number
            assert result.totals[code].value == pytest.approx(baseline.totals[code].value + number, rel=1e-12)


def test_a_figure_beyond_the_hard_limit_is_an_error_at_its_cell(make_submission, catalog):
    sub = read_submission(make_submission(UNIT, {"loan_amount": 1e29, "rice_kg": "1e400"}), catalog)
    found = {i.indicator: (i.rule, i.severity.value, i.message) for i in sub.issues}
    cell, text_cell = sub.values["loan_amount"], sub.values["rice_kg"]
    assert (cell.value, cell.out_of_range) == (None, True)
    assert found["loan_amount"] == (
        "number_out_of_range",
        "error",
        f'Ô {cell.cell} (trang {cell.sheet}) — "Số tiền cho vay": giá trị 1e+29 không phải '
        "một số liệu có thể có (vô hạn, không xác định hoặc lớn hơn 90.000.000.000).",
    )
    assert (text_cell.value, text_cell.out_of_range) == (None, True)
    assert found["rice_kg"] == (
        "number_out_of_range",
        "error",
        f'Ô {text_cell.cell} (trang {text_cell.sheet}) — "Gạo giúp nhau": giá trị 1e400 không phải '
        "một số liệu có thể có (vô hạn, không xác định hoặc lớn hơn 90.000.000.000).",
    )


IMPOSSIBLE = ["inf", "-inf", "nan", "sNaN", "1.000.000.000.000.000.000", "90.000.000.001"]
IMPOSSIBLE += [1e11, -1e11, math.inf, math.nan]  # held by the file as numbers


@pytest.mark.parametrize("typed", IMPOSSIBLE)
def test_every_kind_of_impossible_number_is_refused_alike(make_submission, unit_templates, catalog, typed):
    """Typed as text or held as a number by the file, all the same to the reader."""
    path = make_submission(UNIT, {"breeding_animals": 7 if isinstance(typed, float) else typed})
    ref = unit_templates[UNIT][1].cell_for("breeding_animals")
    if isinstance(typed, float):
        _put_numbers(path, {(ref.sheet, ref.cell): typed})
    sub = read_submission(path, catalog)
    [issue] = [i for i in sub.issues if i.indicator == "breeding_animals"]
    assert (issue.rule, issue.sheet, issue.cell) == ("number_out_of_range", ref.sheet, ref.cell)
    assert sub.values["breeding_animals"].value is None


def test_the_hard_limit_itself_is_a_figure(make_submission, catalog):
    sub = read_submission(make_submission(UNIT, {"budget_allocated": HARD_LIMIT, "rice_kg": -0.0}), catalog)
    assert sub.values["budget_allocated"].value == HARD_LIMIT
    assert math.copysign(1, sub.values["rice_kg"].value) == 1  # negative zero is read as zero
    assert not [i for i in sub.issues if i.rule == "number_out_of_range"]


def test_a_figure_above_its_plausible_maximum_only_warns(tmp_path, make_submission, validator, period):
    inbox = tmp_path / "inbox"
    make_submission(UNIT, {"rice_kg": 2_500_000, "loan_amount": 500_000}, folder=inbox)
    result = run(Settings(inbox=inbox, output=tmp_path / "out", period=period, data_docs=False), lambda: validator)
    [issue] = [i for i in result.issues if i.rule == "above_plausible_max"]  # the maximum itself is no warning
    assert issue.severity.value == "warning" and UNIT in result.totals.units
    assert result.totals["rice_kg"].value == 2_500_000
    assert issue.message == (
        f'Ô {issue.cell} (trang {issue.sheet}) — "Gạo giúp nhau": giá trị 2.500.000 lớn hơn mức có thể có '
        "của một đơn vị (1.000.000 kg)."
    )
    assert issue.fix == "Kiểm tra lại con số (có thể gõ thừa chữ số); nếu đúng thì ghi giải thích vào cột Ghi chú."


@pytest.mark.parametrize(
    ("value", "number", "auto"),
    [
        (1e29, "100.000.000.000.000.000.000.000.000.000", "100.000.000.000.000.000.000.000.000.000"),
        (1e308, "100" + ".000" * 102, "100" + ".000" * 102),
        (float("inf"), "—", "—"),
        (float("-inf"), "—", "—"),
        (float("nan"), "—", "—"),
        (Decimal("sNaN"), "—", "—"),
        (-0.0, "0", "0"),
        (Decimal("-0"), "0", "0"),
        (1e-300, "0", "0"),
        (-1e-300, "0", "0"),
        (-0.4, "0", "-0,4"),
        (0.123456789, "0", "0,12"),
        (0.1 + 0.2, "0", "0,3"),
        (HARD_LIMIT, "90.000.000.000", "90.000.000.000"),
        (1e15, "1.000.000.000.000.000", "1.000.000.000.000.000"),
        (999_999_999_999_999.9, "1.000.000.000.000.000", "999.999.999.999.999,9"),
        (10**30 + 1, "1.000.000.000.000.000.000.000.000.000.001", "1.000.000.000.000.000.000.000.000.000.001"),
        (10**400, "1E400", "1E400"),
        (Decimal("-1e999"), "-1E999", "-1E999"),
        (Decimal("1e-999"), "0", "0"),
    ],
)
def test_formatting_never_raises(value, number, auto):
    assert format_number(value) == number
    if auto is not None:
        assert format_auto(value) == auto


def test_formatting_with_decimals_never_raises():
    assert format_number(1e29, 1) == "100.000.000.000.000.000.000.000.000.000,0"
    assert format_number(-1e-300, 2) == "0,00"
    assert format_number(float("nan"), 2) == "—"


def test_sample_inbox_has_no_figure_above_its_maximum(sample_inbox, catalog):
    for path in Path(sample_inbox).glob("*.xlsx"):
        sub = read_submission(path, catalog)
        for code, cell in sub.values.items():
            limit = catalog.base_indicator(code).plausible_max
            assert limit is None or cell.value is None or cell.value <= limit, (path.name, code)


def test_every_count_and_amount_has_a_plausible_maximum(catalog):
    assert [i.code for i in catalog.indicators if i.type is not ValueType.BOOLEAN and i.plausible_max is None] == []
