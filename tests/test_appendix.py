"""The appendix workbook, read back with openpyxl: exact cells, formats and print setup.

``catalog`` and ``registry`` are the bundled ones (fixtures in conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.aggregate.totals import Totals, aggregate
from pipeline.spec.catalog import Catalog
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry
from pipeline.write.appendix import write_appendix

DISTRICT = "611"
PLEI_KAN, DAK_ANG, DAK_DUC = "23377", "23380", "23383"
FIRST_DATA_ROW = 10  # heading block rows 1-6, table header rows 7-9


def _values() -> dict[str, dict[str, float | None]]:
    return {
        DISTRICT: {"staff_dedicated": 1.0, "staff_concurrent": 0.0, "budget_allocated": 20_000_000.0},
        PLEI_KAN: {
            "loan_households": 100.0,
            "loan_amount": 5000.0,
            "green_village_model": 1.0,
            "literacy_l1_literate": 90.0,
            "literacy_l1_population": 100.0,
            "staff_dedicated": 0.0,
            "staff_concurrent": 0.0,
            "party_committee_members": 20.0,
            "party_committee_members.female": 6.0,
            "new_jobs": 10.0,
            "new_jobs.female": 3.0,
            "female_key_leader": 1.0,
        },
        DAK_ANG: {
            "loan_households": 62.0,
            "loan_amount": 2896.5,
            "green_village_model": 0.0,
            "literacy_l1_literate": 1.0,
            "literacy_l1_population": 10.0,
            "staff_dedicated": 1.0,
            "staff_concurrent": None,
            "party_committee_members": 10.0,
            "party_committee_members.female": 3.0,
            "new_jobs": 10.0,
            "new_jobs.female": 4.0,
            "female_key_leader": 1.0,
        },
        DAK_DUC: {"loan_households": None, "loan_amount": None, "green_village_model": 1.0},
    }


def _write(
    tmp_path: Path,
    catalog: Catalog,
    registry: UnitRegistry,
    period: str = "2020S1",
    sources: list[dict[str, object]] | None = None,
) -> openpyxl.Workbook:
    totals: Totals = aggregate(_values(), catalog, registry)
    path = tmp_path / "phu_luc.xlsx"
    write_appendix(path, totals, catalog, registry, Period.parse(period), sources or [])
    return openpyxl.load_workbook(path)


def _column(ws: Worksheet, header: str) -> int:
    for cell in ws[7]:
        if cell.value == header:
            return cell.column
    raise AssertionError(f"no column headed {header!r}")


def _row(ws: Worksheet, name: str) -> int:
    for (cell,) in ws.iter_rows(min_col=2, max_col=2):
        if cell.value == name:
            return cell.row
    raise AssertionError(f"no row named {name!r}")


def test_sheets_follow_the_catalog_then_sources(tmp_path, catalog, registry):
    book = _write(tmp_path, catalog, registry)
    assert book.sheetnames == [t.sheet for t in catalog.appendix] + ["Nguon_so_lieu"]


def test_by_unit_heading_block(tmp_path, catalog, registry):
    ws = _write(tmp_path, catalog, registry)["PL01_KinhTe"]
    assert ws["A1"].value == "ỦY BAN NHÂN DÂN"
    assert ws["A2"].value == "HUYỆN NGỌC HỒI"
    right = [c.value for c in ws[1] if c.value and c.column > 3]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert "Độc lập - Tự do - Hạnh phúc" in [c.value for c in ws[2]]
    assert ws["A4"].value == "PHỤ LỤC 01: Kết quả hỗ trợ phụ nữ phát triển kinh tế"
    assert ws["A5"].value == "Kỳ báo cáo: 6 tháng đầu năm 2020"
    assert [ws["A7"].value, ws["B7"].value, ws["C7"].value] == ["STT", "Đơn vị", "Số hộ được giải quyết cho vay vốn"]
    assert ws["C8"].value == "(hộ)"
    assert [c.value for c in ws[9]][:4] == ["A", "B", "(1)", "(2)"]
    assert ws["C7"].alignment.wrap_text and ws["C7"].border.left.style == "thin"
    assert ws["C7"].font.name == "Times New Roman"


def test_rows_follow_registry_order_and_total_is_the_sum(tmp_path, catalog, registry):
    ws = _write(tmp_path, catalog, registry)["PL01_KinhTe"]
    names = [ws.cell(row=r, column=2).value for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 5)]
    assert names == ["Huyện Ngọc Hồi", "Thị trấn Plei Kần", "Xã Đắk Ang", "Xã Đắk Dục", "Tổng cộng Ngọc Hồi"]
    assert [ws.cell(row=r, column=1).value for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 4)] == [1, 2, 3, 4]
    col, total = _column(ws, "Số hộ được giải quyết cho vay vốn"), _row(ws, "Tổng cộng Ngọc Hồi")
    assert ws.cell(row=total, column=col).value == 162
    assert ws.cell(row=total, column=2).font.b
    assert ws.cell(row=_row(ws, "Thị trấn Plei Kần"), column=col).value == 100


def test_blank_unit_stays_blank_not_zero(tmp_path, catalog, registry):
    ws = _write(tmp_path, catalog, registry)["PL01_KinhTe"]
    col = _column(ws, "Số hộ được giải quyết cho vay vốn")
    assert ws.cell(row=_row(ws, "Xã Đắk Dục"), column=col).value is None
    assert ws.cell(row=_row(ws, "Huyện Ngọc Hồi"), column=col).value is None


def test_numbers_are_numbers_with_vietnamese_formats(tmp_path, catalog, registry):
    ws = _write(tmp_path, catalog, registry)["PL01_KinhTe"]
    total = _row(ws, "Tổng cộng Ngọc Hồi")
    households = ws.cell(row=total, column=_column(ws, "Số hộ được giải quyết cho vay vốn"))
    amount = ws.cell(row=total, column=_column(ws, "Số tiền cho vay"))
    assert households.data_type == "n" and households.number_format == "[$-42A]#,##0"
    assert amount.value == pytest.approx(7896.5) and amount.number_format == "[$-42A]#,##0.0"
    whole = ws.cell(row=_row(ws, "Thị trấn Plei Kần"), column=_column(ws, "Số tiền cho vay"))
    assert whole.value == 5000 and whole.number_format == "[$-42A]#,##0"


def test_rate_total_is_recomputed_not_the_mean_of_unit_rates(tmp_path, catalog, registry):
    ws = _write(tmp_path, catalog, registry)["PL02_XoaMuChu"]
    col = _column(ws, "Tỷ lệ biết chữ mức độ 1")
    assert ws.cell(row=8, column=col).value == "(%)"
    assert ws.cell(row=_row(ws, "Thị trấn Plei Kần"), column=col).value == 90.0
    assert ws.cell(row=_row(ws, "Xã Đắk Ang"), column=col).value == 10.0
    total = ws.cell(row=_row(ws, "Tổng cộng Ngọc Hồi"), column=col)
    assert total.value == 82.7  # 91/110, while the mean of 90 and 10 would be 50
    assert total.number_format == "[$-42A]#,##0.0"
    assert ws.cell(row=_row(ws, "Xã Đắk Dục"), column=col).value is None


def test_coverage_column_per_unit_and_total(tmp_path, catalog, registry):
    ws = _write(tmp_path, catalog, registry)["PL03_BoMay"]
    col = _column(ws, "Tỷ lệ đơn vị có công chức chuyên trách hoặc kiêm nhiệm")
    assert ws.cell(row=_row(ws, "Huyện Ngọc Hồi"), column=col).value == 100
    assert ws.cell(row=_row(ws, "Thị trấn Plei Kần"), column=col).value == 0
    assert ws.cell(row=_row(ws, "Xã Đắk Dục"), column=col).value is None
    assert ws.cell(row=_row(ws, "Tổng cộng Ngọc Hồi"), column=col).value == 66.7


def test_yes_no_column_and_count_in_total(tmp_path, catalog, registry):
    ws = _write(tmp_path, catalog, registry)["PL01_KinhTe"]
    col = _column(ws, catalog.label_vi("green_village_model"))
    cells = {
        name: ws.cell(row=_row(ws, name), column=col).value
        for name in ("Huyện Ngọc Hồi", "Thị trấn Plei Kần", "Xã Đắk Ang", "Xã Đắk Dục", "Tổng cộng Ngọc Hồi")
    }
    assert cells == {
        "Huyện Ngọc Hồi": None,
        "Thị trấn Plei Kần": "Có",
        "Xã Đắk Ang": "Không",
        "Xã Đắk Dục": "Có",
        "Tổng cộng Ngọc Hồi": "2/3",
    }


def test_print_setup_for_a4(tmp_path, catalog, registry):
    ws = _write(tmp_path, catalog, registry)["PL01_KinhTe"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the OOXML default, so it may be omitted
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$7:$9"
    assert ws.print_options.horizontalCentered
    assert ws.page_margins.left == pytest.approx(0.5)
    assert ws.oddFooter.center.text == "Trang &P/&N"
    assert ws.freeze_panes == "C10"


def _targets(ws: Worksheet) -> dict[str, list[object]]:
    return {str(row[0]): list(row[1:]) for row in ws.iter_rows(min_row=8, values_only=True) if row[0]}


def test_targets_sheet_verdicts(tmp_path, catalog, registry):
    ws = _write(tmp_path, catalog, registry)["PL04_ChiTieuBDG"]
    assert ws["A6"].value == "Kỳ báo cáo: 6 tháng đầu năm 2020"
    assert ws["A5"].value == (
        "Kèm theo báo cáo kết quả thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2011-2020 "
        "(QĐ 2351/QĐ-TTg ngày 24/12/2010, sửa đổi bởi QĐ 800/QĐ-TTg ngày 02/7/2018)"
    )
    assert [c.value for c in ws[7]] == [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Chỉ tiêu 2020",
        "Thực hiện 6 tháng đầu năm 2020",
        "Đánh giá",
        "Ghi chú",
    ]
    rows = _targets(ws)
    # 9/30 women on Party committees = 30% >= 25%: met.
    assert rows["1.1"][1:6] == ["%", "≥ 25", 30.0, "Đạt", None]
    # 7/20 new jobs for women = 35% < 40%: not met.
    assert rows["2.1"][3:5] == [35.0, "Chưa đạt"]
    assert rows["3.1"][3:5] == [None, "Chưa có số liệu"]
    assert rows["1.3"][4] == "Không thu thập ở cấp xã"
    assert rows["2.2"][5] == "Giá trị chỉ tiêu chưa được đối chiếu văn bản"
    assert rows["4.2"][2] == "≤ 58,3"
    assert rows["1.2"][3:5] == [100.0, "Đạt"]  # both communes answering have a female leader
    goals = [r for r in ("I", "II", "III", "IV", "V", "VI", "VII") if r in rows]
    assert goals == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert rows["I"][0] == "Tăng cường sự tham gia của phụ nữ vào các vị trí quản lý, lãnh đạo"
    assert ws.cell(row=8, column=1).font.b
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$7:$7"


def test_targets_sheet_without_strategy_says_so(tmp_path, catalog, registry):
    ws = _write(tmp_path, catalog, registry, period="2035S1")["PL04_ChiTieuBDG"]
    texts = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert "Không có chiến lược áp dụng cho kỳ này" in texts
    assert "Đạt" not in texts and "STT" not in texts


def test_sources_sheet_keeps_formula_like_text_as_text(tmp_path, catalog, registry):
    sources: list[dict[str, object]] = [
        {
            "unit_code": PLEI_KAN,
            "unit_name": "Thị trấn Plei Kần",
            "indicator": "loan_households",
            "label": "Số hộ",
            "value": 100.0,
            "file": "=1+1",
            "sheet": "-2_KinhTe",
            "cell": "@E7",
        },
        {
            "unit_code": DAK_ANG,
            "unit_name": "Xã Đắk Ang",
            "indicator": "loan_amount",
            "label": "+cmd",
            "value": None,
            "file": "b.xlsx",
            "sheet": "2_KinhTe",
            "cell": "E8",
        },
    ]
    ws = _write(tmp_path, catalog, registry, sources=sources)["Nguon_so_lieu"]
    assert [c.value for c in ws[1]] == [
        "Mã đơn vị",
        "Tên đơn vị",
        "Mã chỉ tiêu",
        "Chỉ tiêu",
        "Giá trị",
        "Tệp",
        "Trang tính",
        "Ô",
    ]
    assert ws["F2"].value == "=1+1" and ws["F2"].data_type == "s"
    assert ws["G2"].value == "-2_KinhTe" and ws["G2"].data_type == "s"
    assert ws["H2"].value == "@E7" and ws["D3"].value == "+cmd" and ws["D3"].data_type == "s"
    assert ws["E2"].value == 100 and ws["E2"].data_type == "n"
    assert ws["E3"].value is None
    assert ws.auto_filter.ref == "A1:H3"
    assert ws.freeze_panes == "A2"


def test_a_source_list_too_long_for_a_sheet_points_to_values_csv(tmp_path, catalog, registry, monkeypatch):
    import pipeline.write.appendix_sources

    monkeypatch.setattr(pipeline.write.appendix_sources, "SOURCE_SHEET_MAX_ROWS", 2)
    row = {"unit_code": PLEI_KAN, "indicator": "loan_households", "value": 1.0, "file": "a.xlsx"}
    ws = _write(tmp_path, catalog, registry, sources=[row] * 3)["Nguon_so_lieu"]
    assert ws["A1"].value == "Mã đơn vị"
    assert ws["A2"].value == (
        "Có 3 dòng nguồn số liệu, quá nhiều cho một trang tính (tối đa 2). Xem tệp values.csv cùng thư mục: "
        "cùng các cột, mỗi dòng một giá trị của một đơn vị, kèm tệp, trang tính và ô."
    )
    assert ws.max_row == 2 and "A2:H2" in {str(r) for r in ws.merged_cells.ranges}
    ws = _write(tmp_path, catalog, registry, sources=[row] * 2)["Nguon_so_lieu"]
    assert [c.value for c in ws["A"]] == ["Mã đơn vị", PLEI_KAN, PLEI_KAN]


def test_a_province_appendix_groups_communes_under_their_district(tmp_path, catalog):
    from pipeline.aggregate.totals import aggregate_groups
    from pipeline.spec.units import load_registry

    units = tmp_path / "units.yaml"
    units.write_text(
        "id: t\nroot: '99'\nlevels: [{name: province}, {name: district}, {name: commune}]\nunits:\n"
        "  - {code: '99', name: Tỉnh Thử, short_name: Thử, level: province}\n"
        "  - {code: '991', name: Huyện A, level: district, parent: '99'}\n"
        "  - {code: '99101', name: Xã A1, level: commune, parent: '991'}\n"
        "  - {code: '99102', name: Xã A2, level: commune, parent: '991'}\n"
        "  - {code: '992', name: Huyện B, level: district, parent: '99'}\n"
        "  - {code: '99201', name: Xã B1, level: commune, parent: '992'}\n",
        encoding="utf-8",
    )
    province = load_registry(units)
    values = {
        "99101": {"loan_households": 3.0, "literacy_l1_literate": 9.0, "literacy_l1_population": 10.0},
        "99102": {"loan_households": 4.0, "literacy_l1_literate": 1.0, "literacy_l1_population": 10.0},
        "99201": {"loan_households": 5.0, "literacy_l1_literate": 5.0, "literacy_l1_population": 5.0},
    }
    totals = aggregate(values, catalog, province)
    subtotals = aggregate_groups(values, catalog, province, ["991", "992"])
    write_appendix(tmp_path / "pl.xlsx", totals, catalog, province, Period(2020, 1), [], subtotals)
    ws = openpyxl.load_workbook(tmp_path / "pl.xlsx")["PL01_KinhTe"]
    rows = [(ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, 3).value) for r in range(10, 16)]
    assert rows == [
        ("I", "Cộng Huyện A", 7),
        (1, "Xã A1", 3),
        (2, "Xã A2", 4),
        ("II", "Cộng Huyện B", 5),
        (1, "Xã B1", 5),
        (None, "Tổng cộng Thử", 12),
    ]
    rates = openpyxl.load_workbook(tmp_path / "pl.xlsx")["PL02_XoaMuChu"]
    assert [rates.cell(r, 5).value for r in (10, 13, 15)] == [50.0, 100.0, 60.0]  # 10/20, 5/5, 15/25
