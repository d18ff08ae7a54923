"""The generated templates: sheets, locked identity, validation, print setup, layout file."""

from __future__ import annotations

import json

import openpyxl
import pytest

from pipeline.forms.layout import INSTRUCTIONS_SHEET, META_SHEET, load_layout
from pipeline.forms.template import build_template, build_templates, template_filename


@pytest.fixture(scope="module")
def master(tmp_path_factory, catalog):
    path = tmp_path_factory.mktemp("master") / template_filename(catalog)
    layout = build_template(path, catalog)
    return path, layout


def test_master_lists_every_field_of_the_catalog_once(master, catalog):
    _, layout = master
    codes = [c.code for c in layout.cells]
    assert codes == catalog.field_codes()
    assert len(set((c.sheet, c.cell) for c in layout.cells)) == len(codes)


def test_layout_file_sits_next_to_template_and_round_trips(master):
    path, layout = master
    data = json.loads(path.with_name(path.stem + ".layout.json").read_text(encoding="utf-8"))
    assert data["template_id"] == "BVCSTE-BDG-6T"
    first = data["cells"][0]
    assert {"code", "sheet", "cell", "type", "unit"} <= set(first)
    assert first == {
        "code": "staff_dedicated",
        "sheet": "1_BoMay",
        "cell": "E9",
        "type": "integer",
        "unit": "người",
        "label": "Công chức chuyên trách làm công tác BVCSTE & BĐG",
        "required": True,
    }
    assert data["meta"]["unit_code"] == {"sheet": META_SHEET, "cell": "B4"}
    assert load_layout(path) == layout


def test_layout_cells_point_at_the_code_row(master):
    path, layout = master
    wb = openpyxl.load_workbook(path)
    for cell in layout.cells:
        ws = wb[cell.sheet]
        row = ws[cell.cell].row
        assert ws.cell(row=row, column=3).value == cell.code.split(".")[0]


def test_unit_copy_has_identity_filled_locked_and_hidden_meta(tmp_path, catalog, registry, period):
    unit = registry["23380"]
    path = tmp_path / "t.xlsx"
    build_template(path, catalog, unit, period)
    wb = openpyxl.load_workbook(path)
    meta = wb[META_SHEET]
    assert meta.sheet_state == "hidden"
    assert [meta[f"B{r}"].value for r in range(1, 7)] == [
        "BVCSTE-BDG-6T",
        "2020.1",
        "bvcste-bdg-6t",
        "23380",
        "Xã Đắk Ang",
        "2020S1",
    ]
    guide = wb[INSTRUCTIONS_SHEET]
    assert guide["C4"].value == "23380" and guide["C4"].protection.locked
    assert guide.protection.sheet
    assert wb["2_KinhTe"]["A4"].value == "Đơn vị báo cáo: Xã Đắk Ang (mã 23380)"
    assert wb["2_KinhTe"]["A3"].value == "Kỳ báo cáo: 6 tháng đầu năm 2020"


def test_input_cells_are_unlocked_and_validated(tmp_path, catalog, registry, period):
    path = tmp_path / "t.xlsx"
    layout = build_template(path, catalog, registry["23380"], period)
    wb = openpyxl.load_workbook(path)
    ws = wb["2_KinhTe"]
    loan = layout.cell_for("loan_households")
    assert ws[loan.cell].protection.locked is False
    assert ws["C9"].protection.locked is True  # the code column
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert rules[loan.cell].type == "whole" and rules[loan.cell].operator == "greaterThanOrEqual"
    green = layout.cell_for("green_village_model")
    assert rules[green.cell].type == "list" and rules[green.cell].formula1 == '"Có,Không"'
    amount = layout.cell_for("loan_amount")
    assert rules[amount.cell].type == "decimal"
    # The Vietnamese locale in the format code: LibreOffice prints "2.596" and "97,9" on any machine.
    assert (ws[loan.cell].number_format, ws[amount.cell].number_format) == ("[$-42A]#,##0", "[$-42A]#,##0.##")


def test_district_copy_only_shows_district_indicators(tmp_path, catalog, registry, period):
    layout = build_template(tmp_path / "d.xlsx", catalog, registry["611"], period)
    codes = {c.code.split(".")[0] for c in layout.cells}
    assert "budget_allocated" in codes and "staff_dedicated" in codes
    assert "loan_households" not in codes
    wb = openpyxl.load_workbook(tmp_path / "d.xlsx")
    assert "2_KinhTe" not in wb.sheetnames


def test_forms_print_on_a4_with_repeated_headers(master):
    path, _ = master
    ws = openpyxl.load_workbook(path)["2_KinhTe"]
    assert ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0  # 1 page wide
    assert ws.print_title_rows == "$7:$8"
    assert ws["E7"].value == "Tổng số" and ws["C7"].value == "Mã chỉ tiêu"


def test_build_templates_writes_master_and_one_copy_per_unit(tmp_path, catalog, registry, period):
    written = build_templates(tmp_path, catalog, registry, period)
    names = sorted(p.name for p in written)
    assert len(written) == 10
    assert "BVCSTE-BDG-6T_v2020.1.xlsx" in names
    assert "BVCSTE-BDG-6T_2020S1_23398.xlsx" in names
    assert all(p.with_name(p.stem + ".layout.json").exists() for p in written)


def test_a_form_can_be_drawn_already_filled(tmp_path, catalog, registry, period, good_values):
    from pipeline.read.workbook import read_submission

    build_template(tmp_path / "f.xlsx", catalog, registry["23380"], period, values=good_values["23380"])
    sub = read_submission(tmp_path / "f.xlsx", catalog)
    expected = {k: float(v) for k, v in good_values["23380"].items() if v is not None}
    assert {k: c.value for k, c in sub.values.items() if c.value is not None} == expected


def test_a_form_key_is_written_only_when_one_is_given(tmp_path, catalog, registry, period):
    from pipeline.forms.layout import FORM_KEY
    from pipeline.read.workbook import read_submission

    keyed = build_template(tmp_path / "k.xlsx", catalog, registry["23380"], period, form_key="khoa-thu")
    plain = build_template(tmp_path / "p.xlsx", catalog, registry["23380"], period)
    assert keyed.meta[FORM_KEY].sheet == META_SHEET and FORM_KEY not in plain.meta
    assert read_submission(tmp_path / "k.xlsx", catalog).meta[FORM_KEY] == "khoa-thu"
    assert FORM_KEY not in read_submission(tmp_path / "p.xlsx", catalog).meta
    build_templates(tmp_path / "all", catalog, registry, period, {"23380": "k1", "23383": "k2"})
    keys = {p.name: read_submission(p, catalog).meta.get(FORM_KEY) for p in (tmp_path / "all").rglob("*.xlsx")}
    assert keys == {
        template_filename(catalog): None,
        **{
            template_filename(catalog, u, period): {"23380": "k1", "23383": "k2"}.get(u.code)
            for u in registry.subtree()
        },
    }
