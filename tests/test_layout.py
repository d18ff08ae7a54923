"""Layout files and filling templates through them."""

from __future__ import annotations

import openpyxl
import pytest

from pipeline.forms.fill import fill_template
from pipeline.forms.layout import CellRef, InputCell, Layout, layout_path


def test_layout_json_round_trip(tmp_path):
    layout = Layout(
        "T",
        "1",
        "23380",
        "2020S1",
        {"unit_code": CellRef("_meta", "B4")},
        (InputCell("a", "S", "E9", "integer", "hộ", "Nhãn", True),),
    )
    assert Layout.from_json(layout.to_json()) == layout
    assert layout_path(tmp_path / "X.xlsx") == tmp_path / "X.layout.json"
    assert '"unit": "hộ"' in layout.to_json()  # readable Vietnamese, not \\u escapes


def test_fill_writes_values_booleans_and_meta(tmp_path, unit_templates):
    template, layout = unit_templates["23380"]
    dest = fill_template(
        template,
        {"loan_households": 7, "green_village_model": False, "rice_kg": None},
        tmp_path / "out.xlsx",
        layout,
        meta={"period": "2020S2"},
    )
    wb = openpyxl.load_workbook(dest)
    cell = layout.cell_for("loan_households")
    assert wb[cell.sheet][cell.cell].value == 7
    green = layout.cell_for("green_village_model")
    assert wb[green.sheet][green.cell].value == "Không"
    rice = layout.cell_for("rice_kg")
    assert wb[rice.sheet][rice.cell].value is None
    assert wb["_meta"]["B6"].value == "2020S2"


def test_fill_refuses_unknown_codes(tmp_path, unit_templates):
    template, layout = unit_templates["23380"]
    with pytest.raises(KeyError):
        fill_template(template, {"no_such_code": 1}, tmp_path / "x.xlsx", layout)
    assert not (tmp_path / "x.xlsx").exists()
