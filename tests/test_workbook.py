"""Reading submissions: by code not position, provenance, text numbers, blanks, formulas."""

from __future__ import annotations

import openpyxl
import pytest

from pipeline.errors import WorkbookError
from pipeline.read.workbook import read_submission
from pipeline.spec.catalog import Severity


def test_identity_comes_from_metadata_not_file_name(make_submission, catalog):
    path = make_submission("23380", name="BaoCao_SaLoong.xlsx")
    sub = read_submission(path, catalog)
    assert (sub.unit_code, sub.period, sub.meta["template_version"]) == ("23380", "2020S1", "2020.1")
    assert len(sub.sha256) == 64


def test_values_keep_file_sheet_and_cell(make_submission, catalog, unit_templates):
    path = make_submission("23380", {"loan_households": 17})
    sub = read_submission(path, catalog)
    cell = sub.values["loan_households"]
    expected = unit_templates["23380"][1].cell_for("loan_households")
    assert (cell.value, cell.sheet, cell.cell) == (17.0, expected.sheet, expected.cell)
    assert sub.issues == ()


def test_blank_stays_blank_and_zero_stays_zero(make_submission, catalog):
    path = make_submission("23380", {"maternal_deaths": None, "domestic_violence_cases": 0})
    sub = read_submission(path, catalog)
    assert sub.values["maternal_deaths"].value is None
    assert sub.values["domestic_violence_cases"].value == 0.0


@pytest.mark.parametrize(
    ("typed", "expected"), [("1.250", 1250.0), ("7.896", 7896.0), ("97,5", 97.5), ("3 847", 3847.0)]
)
def test_vietnamese_text_numbers_are_read_with_a_warning(make_submission, catalog, typed, expected):
    path = make_submission("23380", {"loan_amount": typed})
    sub = read_submission(path, catalog)
    cell = sub.values["loan_amount"]
    assert cell.value == expected and not cell.invalid
    [issue] = sub.issues
    assert (issue.rule, issue.severity, issue.cell, issue.sheet) == (
        "text_number",
        Severity.WARNING,
        cell.cell,
        "2_KinhTe",
    )
    assert issue.message.startswith(f"Ô {cell.cell} (trang 2_KinhTe) ghi số dạng chữ '{typed}', đã đọc là ")


def test_a_dash_is_blank_and_garbage_is_invalid(make_submission, catalog):
    path = make_submission("23380", {"rice_kg": "-", "loan_households": "nhiều", "mutual_help_models": 2.5})
    sub = read_submission(path, catalog)
    assert sub.values["rice_kg"].value is None and not sub.values["rice_kg"].invalid
    assert sub.values["loan_households"].invalid and sub.values["loan_households"].raw == "nhiều"
    assert sub.values["mutual_help_models"].invalid  # 2,5 models: an integer indicator


@pytest.mark.parametrize(("typed", "expected"), [(True, 1.0), ("có", 1.0), ("Không", 0.0), ("x", 1.0)])
def test_yes_no_answers(make_submission, catalog, typed, expected):
    sub = read_submission(make_submission("23380", {"green_village_model": typed}), catalog)
    assert sub.values["green_village_model"].value == expected


def test_inserted_rows_and_columns_still_read_by_code(make_submission, catalog, tmp_path):
    path = make_submission("23380", {"loan_households": 21, "loan_amount": 950})
    wb = openpyxl.load_workbook(path)
    ws = wb["2_KinhTe"]
    ws.insert_rows(10, amount=3)
    ws["B10"] = "Ghi chú thêm của xã"
    ws.insert_cols(2)
    moved = tmp_path / "moved.xlsx"
    wb.save(moved)
    sub = read_submission(moved, catalog)
    assert sub.values["loan_households"].value == 21.0
    assert sub.values["loan_amount"].value == 950.0
    assert sub.values["loan_amount"].cell == "F13"


def test_a_row_moved_to_another_sheet_is_found(make_submission, catalog, tmp_path):
    path = make_submission("23380", {"rice_kg": 333})
    wb = openpyxl.load_workbook(path)
    src = wb["2_KinhTe"]
    row = next(r for r in range(1, src.max_row + 1) if src.cell(r, 3).value == "rice_kg")
    dst = wb["7_TreEm"]
    for col in range(1, 9):
        dst.cell(30, col).value = src.cell(row, col).value
    src.delete_rows(row)
    wb.save(tmp_path / "moved.xlsx")
    sub = read_submission(tmp_path / "moved.xlsx", catalog)
    assert (sub.values["rice_kg"].value, sub.values["rice_kg"].sheet, sub.values["rice_kg"].cell) == (
        333.0,
        "7_TreEm",
        "E30",
    )


def test_formulas_are_not_trusted(make_submission, catalog):
    path = make_submission("23380", {"loan_amount": "=100+200"})
    sub = read_submission(path, catalog)
    cell = sub.values["loan_amount"]
    assert cell.value is None and cell.formula
    [issue] = sub.issues
    assert issue.rule == "formula_not_trusted" and issue.cell == cell.cell


def test_duplicated_code_row_is_an_error(make_submission, catalog, tmp_path):
    path = make_submission("23380")
    wb = openpyxl.load_workbook(path)
    ws = wb["2_KinhTe"]
    ws["C40"], ws["E40"] = "loan_households", 99
    wb.save(tmp_path / "dup.xlsx")
    sub = read_submission(tmp_path / "dup.xlsx", catalog)
    [issue] = [i for i in sub.issues if i.rule == "duplicate_row"]
    assert issue.severity is Severity.ERROR and issue.cell == "C40"
    assert sub.values["loan_households"].cell == "E9"


def test_master_template_identity_typed_on_the_instructions_sheet(tmp_path, catalog):
    from pipeline.forms.fill import fill_template
    from pipeline.forms.template import build_template

    layout = build_template(tmp_path / "master.xlsx", catalog)
    fill_template(
        tmp_path / "master.xlsx",
        {"loan_households": 3},
        tmp_path / "filled.xlsx",
        layout,
        meta={"unit_name_entry": "Đăk Ang", "period_entry": "2020S1"},
    )
    sub = read_submission(tmp_path / "filled.xlsx", catalog)
    assert sub.meta["unit_name"] == "Đăk Ang" and sub.period == "2020S1" and sub.unit_code == ""


def test_not_a_template_is_refused_with_a_clear_message(tmp_path, catalog):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Báo cáo tự làm"
    wb.save(tmp_path / "tu_lam.xlsx")
    with pytest.raises(WorkbookError) as info:
        read_submission(tmp_path / "tu_lam.xlsx", catalog)
    assert info.value.rule == "no_meta_sheet"
    assert str(info.value) == "Tệp tu_lam.xlsx không phải biểu mẫu BVCSTE-BDG-6T (không có trang _meta)."
    assert info.value.fix == "Điền số liệu vào biểu mẫu do phòng chuyên môn gửi, không sao chép sang tệp khác."


def test_corrupt_file_is_refused(tmp_path, catalog):
    (tmp_path / "hong.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(WorkbookError) as info:
        read_submission(tmp_path / "hong.xlsx", catalog)
    assert info.value.rule == "unreadable_file"
    assert "Tệp hong.xlsx không phải bảng tính đọc được" in str(info.value)


def test_an_earlier_template_version_is_read_through_its_renames(make_submission, catalog, tmp_path):
    import dataclasses

    older = dataclasses.replace(
        catalog,
        dataset=dataclasses.replace(catalog.dataset, earlier_versions={"2019.1": {"so_ho_vay": "loan_households"}}),
    )
    wb = openpyxl.load_workbook(make_submission("23380", {"loan_households": 21}))
    wb["_meta"]["B2"] = "2019.1"
    wb["2_KinhTe"]["C9"] = "so_ho_vay"
    wb.save(tmp_path / "old.xlsx")
    sub = read_submission(tmp_path / "old.xlsx", older)
    assert sub.values["loan_households"].value == 21.0 and sub.meta["template_version"] == "2019.1"
    assert "loan_households" not in read_submission(tmp_path / "old.xlsx", catalog).values
