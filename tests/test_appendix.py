"""The appendix workbook, read back with openpyxl: exact cells, formats and print setup.

``catalog`` and ``registry`` are the bundled ones (fixtures in conftest.py). How the
workbook prints (pages, what is on them) is in test_appendix_print.py.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.aggregate.totals import Totals, aggregate
from pipeline.spec.catalog import Catalog
from pipeline.spec.periods import Period
from pipeline.spec.report_settings import ReportSettings, Signer
from pipeline.spec.units import UnitRegistry
from pipeline.write.appendix import write_appendix
from pipeline.write.appendix_frame import date_line
from pipeline.write.xlsx_fit import column_points, lines_of

DISTRICT = "611"
PLEI_KAN, DAK_ANG, DAK_DUC = "23377", "23380", "23383"
SIGNED = ReportSettings(
    number="419",
    date=dt.date(2020, 6, 15),
    signer=Signer("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Y Lan"),
)


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
            "bdg_broadcast_segments": 12.0,
            "dv_perpetrators": 4.0,
            "dv_perpetrators_counselled": 3.0,
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
            "bdg_broadcast_segments": 6.0,
        },
        DAK_DUC: {"loan_households": None, "loan_amount": None, "green_village_model": 1.0},
    }


def _write(
    tmp_path: Path,
    catalog: Catalog,
    registry: UnitRegistry,
    period: str = "2020S1",
    sources: list[dict[str, object]] | None = None,
    report: ReportSettings | None = None,
    lang: str = "vi",
) -> openpyxl.Workbook:
    totals: Totals = aggregate(_values(), catalog, registry)
    path = tmp_path / "phu_luc.xlsx"
    write_appendix(path, totals, catalog, registry, Period.parse(period), sources or [], report=report, lang=lang)
    return openpyxl.load_workbook(path)


def _header_row(ws: Worksheet, first: str = "STT") -> int:
    for (cell,) in ws.iter_rows(min_col=1, max_col=1):
        if cell.value == first:
            return cell.row
    raise AssertionError(f"no header row starting {first!r}")


def _column(ws: Worksheet, header: str) -> int:
    for cell in ws[_header_row(ws)]:
        if cell.value == header:
            return cell.column
    raise AssertionError(f"no column headed {header!r}")


def _row(ws: Worksheet, name: str) -> int:
    for (cell,) in ws.iter_rows(min_col=2, max_col=2):
        if cell.value == name:
            return cell.row
    raise AssertionError(f"no row named {name!r}")


def _texts(ws: Worksheet) -> list[str]:
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def test_sheets_follow_the_catalog_then_charts_then_hidden_sources(tmp_path, catalog, registry):
    book = _write(tmp_path, catalog, registry)
    assert book.sheetnames == [t.sheet for t in catalog.appendix] + ["BieuDo", "Nguon_so_lieu"]
    assert [ws.sheet_state for ws in book.worksheets][-1] == "hidden"  # not veryHidden: Unhide shows it
    assert {ws.sheet_state for ws in book.worksheets[:-1]} == {"visible"}


def test_by_unit_heading_block_of_an_unsigned_draft(tmp_path, catalog, registry):
    ws = _write(tmp_path, catalog, registry)["PL01_KinhTe"]
    assert ws["A1"].value == "ỦY BAN NHÂN DÂN"
    assert ws["A2"].value == "HUYỆN NGỌC HỒI"
    right = [c.value for c in ws[1] if c.value and c.column > 3]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert "Độc lập - Tự do - Hạnh phúc" in [c.value for c in ws[2]]
    assert [ws["A4"].value, ws["A5"].value] == ["Phụ lục I", "KẾT QUẢ HỖ TRỢ PHỤ NỮ PHÁT TRIỂN KINH TẾ"]
    assert ws["A6"].value == "(Kèm theo Báo cáo số …/BC-UBND ngày … của Ủy ban nhân dân huyện Ngọc Hồi)"
    assert ws["A6"].font.i and ws["A4"].font.sz == 14 and ws["A4"].font.b
    assert ws["A7"].value == "Kỳ báo cáo: 6 tháng đầu năm 2020"
    top = _header_row(ws)
    assert [ws.cell(top, c).value for c in (1, 2, 3)] == ["STT", "Đơn vị", "Số hộ được giải quyết cho vay vốn"]
    assert ws.cell(top + 1, 3).value == "(hộ)"
    assert [c.value for c in ws[top + 2]][:4] == ["A", "B", "(1)", "(2)"]
    assert ws.cell(top, 3).alignment.wrap_text and ws.cell(top, 3).border.left.style == "thin"
    assert ws.cell(top, 3).font.name == "Times New Roman"


def test_every_table_carries_the_attached_line_date_and_signatures(tmp_path, catalog, registry):
    book = _write(tmp_path, catalog, registry, report=SIGNED)
    attached = "(Kèm theo Báo cáo số 419/BC-UBND ngày 15/6/2020 của Ủy ban nhân dân huyện Ngọc Hồi)"
    for ws in book.worksheets[:-1]:
        texts = _texts(ws)
        assert attached in texts, ws.title
        assert "Ngọc Hồi, ngày 15 tháng 6 năm 2020" in texts or ws.title == "BieuDo"
    ws = book["PL02_XoaMuChu"]
    total = _row(ws, "Tổng cộng Ngọc Hồi")
    below = [str(c.value) for row in ws.iter_rows(min_row=total + 1) for c in row if c.value]
    assert below == [
        "Ngọc Hồi, ngày 15 tháng 6 năm 2020",
        "NGƯỜI LẬP BIỂU",
        "TM. ỦY BAN NHÂN DÂN",
        "(Ký, ghi rõ họ tên)",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Y Lan",
    ]
    assert ws.cell(_row_of(ws, "NGƯỜI LẬP BIỂU"), 1).font.b


def _row_of(ws: Worksheet, text: str) -> int:
    return next(c.row for row in ws.iter_rows() for c in row if c.value == text)


def test_the_head_signs_without_a_deputy_line(tmp_path, catalog, registry):
    ws = _write(tmp_path, catalog, registry)["PL03_BoMay"]
    texts = _texts(ws)
    assert "TM. ỦY BAN NHÂN DÂN" in texts and "CHỦ TỊCH" in texts and "KT. CHỦ TỊCH" not in texts
    assert "Ngọc Hồi, ngày … tháng … năm 2020" in texts


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (dt.date(2021, 2, 5), "Ngọc Hồi, ngày 05 tháng 02 năm 2021"),
        (dt.date(2020, 12, 5), "Ngọc Hồi, ngày 05 tháng 12 năm 2020"),
        (dt.date(2020, 6, 15), "Ngọc Hồi, ngày 15 tháng 6 năm 2020"),
        (None, "Ngọc Hồi, ngày … tháng … năm 2020"),
    ],
)
def test_date_line_pads_days_below_ten_and_months_one_and_two_only(day, line):
    assert date_line("Ngọc Hồi", day, 2020) == line


def test_a_table_of_commune_figures_has_no_row_for_the_district(tmp_path, catalog, registry):
    book = _write(tmp_path, catalog, registry)
    ws = book["PL01_KinhTe"]
    first = _header_row(ws) + 3
    names = [ws.cell(row=r, column=2).value for r in range(first, first + 4)]
    assert names == ["Thị trấn Plei Kần", "Xã Đắk Ang", "Xã Đắk Dục", "Tổng cộng Ngọc Hồi"]
    assert [ws.cell(row=r, column=1).value for r in range(first, first + 3)] == [1, 2, 3]
    col, total = _column(ws, "Số hộ được giải quyết cho vay vốn"), _row(ws, "Tổng cộng Ngọc Hồi")
    assert ws.cell(row=total, column=col).value == 162
    assert ws.cell(row=total, column=2).font.b
    assert ws.cell(row=_row(ws, "Thị trấn Plei Kần"), column=col).value == 100
    staffing = book["PL03_BoMay"]  # the district reports staff and budget: its row stays
    assert staffing.cell(_header_row(staffing) + 3, 2).value == "Huyện Ngọc Hồi"
    budget = _column(staffing, "Kinh phí được cấp cho công tác BVCSTE & BĐG (đồng)")
    assert staffing.cell(_row(staffing, "Huyện Ngọc Hồi"), budget).value == 20_000_000


def test_blank_unit_stays_blank_not_zero(tmp_path, catalog, registry):
    ws = _write(tmp_path, catalog, registry)["PL01_KinhTe"]
    col = _column(ws, "Số hộ được giải quyết cho vay vốn")
    assert ws.cell(row=_row(ws, "Xã Đắk Dục"), column=col).value is None


def test_money_columns_name_their_unit_in_the_header(tmp_path, catalog, registry):
    ws = _write(tmp_path, catalog, registry)["PL01_KinhTe"]
    top = _header_row(ws)
    heads = {ws.cell(top, c).value: ws.cell(top + 1, c).value for c in range(3, ws.max_column + 1)}
    assert heads["Số tiền cho vay (triệu đồng)"] == "(triệu đồng)"
    assert heads["Số tiền cho vay không tính lãi (đồng)"] == "(đồng)"
    assert heads["Số hộ được giải quyết cho vay vốn"] == "(hộ)"  # not money: the unit row says it


def test_numbers_are_numbers_with_vietnamese_formats(tmp_path, catalog, registry):
    ws = _write(tmp_path, catalog, registry)["PL01_KinhTe"]
    total = _row(ws, "Tổng cộng Ngọc Hồi")
    households = ws.cell(row=total, column=_column(ws, "Số hộ được giải quyết cho vay vốn"))
    amount = ws.cell(row=total, column=_column(ws, "Số tiền cho vay (triệu đồng)"))
    assert households.data_type == "n" and households.number_format == "[$-42A]#,##0"
    assert amount.value == pytest.approx(7896.5) and amount.number_format == "[$-42A]#,##0.0"
    whole = ws.cell(row=_row(ws, "Thị trấn Plei Kần"), column=_column(ws, "Số tiền cho vay (triệu đồng)"))
    assert whole.value == 5000 and whole.number_format == "[$-42A]#,##0"


def test_rate_total_is_recomputed_not_the_mean_of_unit_rates(tmp_path, catalog, registry):
    ws = _write(tmp_path, catalog, registry)["PL02_XoaMuChu"]
    col = _column(ws, "Tỷ lệ biết chữ mức độ 1")
    assert ws.cell(row=_header_row(ws) + 1, column=col).value == "(%)"
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
        for name in ("Thị trấn Plei Kần", "Xã Đắk Ang", "Xã Đắk Dục", "Tổng cộng Ngọc Hồi")
    }
    assert cells == {"Thị trấn Plei Kần": "Có", "Xã Đắk Ang": "Không", "Xã Đắk Dục": "Có", "Tổng cộng Ngọc Hồi": "2/3"}


def test_rows_are_as_tall_as_their_wrapped_text(tmp_path, catalog, registry):
    """Neither Excel nor LibreOffice grows an xlsxwriter row on opening: the heights are written.

    A line of 11 pt text is counted 13.2 pt (1.2 em) plus 3 pt of padding; xlsxwriter keeps
    whole pixels (0.75 pt). The longest header of PL01, bold in a 13-character column,
    wraps to 7 lines: 7 × 13.2 + 3 = 95.4 → 95.25; the longest target label (5.2b, 135
    characters) to 3 lines in the 56-character column: 42.6 → 42.75.
    """
    book = _write(tmp_path, catalog, registry)
    ws = book["PL01_KinhTe"]
    longest = max((catalog.label_vi(code) for code in catalog.appendix[0].columns), key=len)
    assert longest == 'Thực hiện mô hình "Đường làng, nhà tôi xanh, sạch đẹp" (Có/Không)'
    assert lines_of(longest, column_points(13), 11, bold=True) == 7
    assert ws.row_dimensions[_header_row(ws)].height == 95.25
    assert ws.row_dimensions[_row(ws, "Thị trấn Plei Kần")].height == 16.5  # one line
    targets = book["PL04_ChiTieuBDG"]
    row = next(r for r in range(1, targets.max_row + 1) if targets.cell(r, 1).value == "5.2b")
    assert len(targets.cell(row, 2).value) == 135
    assert targets.row_dimensions[row].height == 42.75
    title = book["PL04_ChiTieuBDG"].row_dimensions[5].height  # the title in capitals, 13 pt bold
    assert title == 18.75


def test_print_setup_for_a4(tmp_path, catalog, registry):
    book = _write(tmp_path, catalog, registry)
    ws = book["PL01_KinhTe"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9
    assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage
    assert 50 <= ws.page_setup.scale < 100  # Excel ignores page breaks under "fit to page"
    top = _header_row(ws)
    assert ws.print_title_rows == f"${top}:${top + 2}"
    assert ws.print_options.horizontalCentered
    assert ws.page_margins.left == pytest.approx(0.5) and ws.page_margins.top == pytest.approx(0.75)
    assert ws.HeaderFooter.differentFirst  # NĐ 30/2020: no number on page 1
    assert ws.oddHeader.center.text == "&P" and ws.oddHeader.center.size == 13
    assert ws.page_setup.useFirstPageNumber and ws.page_setup.firstPageNumber in (None, 1)  # 1 is the default
    assert ws.freeze_panes == f"C{top + 3}"
    last = _row_of(ws, "NGƯỜI LẬP BIỂU") + 3
    assert ws.print_area == f"'PL01_KinhTe'!$A$1:$P${last}"


def _targets(ws: Worksheet) -> dict[str, list[object]]:
    top = _header_row(ws)
    return {str(row[0]): list(row[1:]) for row in ws.iter_rows(min_row=top + 1, values_only=True) if row[0]}


def test_targets_sheet_verdicts(tmp_path, catalog, registry):
    ws = _write(tmp_path, catalog, registry)["PL04_ChiTieuBDG"]
    assert ws["A7"].value == (
        "Chiến lược quốc gia về bình đẳng giới giai đoạn 2011-2020 "
        "(QĐ 2351/QĐ-TTg ngày 24/12/2010, sửa đổi bởi QĐ 800/QĐ-TTg ngày 02/7/2018)"
    )
    assert ws["A8"].value == "Kỳ báo cáo: 6 tháng đầu năm 2020"
    assert [c.value for c in ws[_header_row(ws)]] == [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Chỉ tiêu 2020",
        "Thực hiện 6 tháng đầu năm 2020",
        "Đánh giá",
        "Ghi chú",
    ]
    rows = _targets(ws)
    # 9/30 women on Party committees = 30% >= 25%: met; the notes say what the figure is made of.
    assert rows["1.1"][1:6] == ["%", "≥ 25", 30.0, "Đạt", "9/30"]
    # 7/20 new jobs for women = 35% < 40%: not met.
    assert rows["2.1"][3:5] == [35.0, "Chưa đạt"]
    assert rows["3.1"][3:5] == [None, "Chưa có số liệu"]
    assert rows["1.3"][4] == "Không thu thập ở cấp xã"
    # two of eight communes answered: a share of units over fewer units than expected is no verdict
    assert rows["1.2"][3:6] == [100.0, "Chưa đủ số liệu", "2/2 xã, thị trấn"]
    goals = [r for r in ("I", "II", "III", "IV", "V", "VI", "VII") if r in rows]
    assert goals == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert rows["I"][0] == "Tăng cường sự tham gia của phụ nữ vào các vị trí quản lý, lãnh đạo"
    assert ws.cell(row=_header_row(ws) + 1, column=1).font.b
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == f"${_header_row(ws)}:${_header_row(ws)}"


def test_targets_carry_the_checked_values_and_their_parts(tmp_path, catalog, registry):
    rows = _targets(_write(tmp_path, catalog, registry)["PL04_ChiTieuBDG"])
    assert {code: rows[code][2] for code in ("3.2", "3.2b", "4.2", "4.3", "6.3")} == {
        "3.2": "≥ 50",
        "3.2b": "≥ 25",
        "4.2": "≤ 52",
        "4.3": "≥ 50",
        "6.3": "≥ 100",
    }
    assert rows["3.2"][0] == "Tỷ lệ nữ thạc sỹ" and rows["3.2b"][0] == "Tỷ lệ nữ tiến sỹ"
    # QĐ 800: perpetrators counselled (3 of 4 = 75 %), under 6.2
    assert rows["6.2b"][1:6] == ["%", "≥ 75", 75.0, "Đạt", "3/4"]
    # QĐ 800: ≥ 2 segments a month, i.e. ≥ 12 a half-year, in every commune: 1 of the 2 that answered
    assert rows["5.2b"][1:6] == ["%", "≥ 100", 50.0, "Chưa đủ số liệu", "1/2 xã, thị trấn"]
    assert sum(1 for code in rows if re.fullmatch(r"\d\.\d", code)) == 22  # parts are not targets


def test_no_internal_note_is_written_on_a_printed_sheet(tmp_path, catalog, registry):
    book = _write(tmp_path, catalog, registry)
    notes = {t.source for s in catalog.strategies for target in s.targets for t in target.rows if t.source}
    for ws in book.worksheets:
        texts = _texts(ws)
        assert not any("đối chiếu văn bản" in text for text in texts)
        assert not notes & set(texts)
        if ws.sheet_state == "visible":  # indicator codes live only on the hidden source list
            assert not [text for text in texts if re.fullmatch(r"[a-z]+(_[a-z0-9]+)+(\.[a-z_]+)?", text)]


def test_strategy_2021_2030_is_numbered_as_nq_28(tmp_path, catalog, registry):
    rows = _targets(_write(tmp_path, catalog, registry, period="2021S2")["PL04_ChiTieuBDG"])
    assert [code for code in rows if code[0].isdigit()] == ["1.1", "3.2", "3.2b", "3.3", "4.1"]
    assert rows["III"][0] == "Gia đình, phòng chống bạo lực trên cơ sở giới"
    assert rows["3.2b"][1:3] == ["%", "≥ 50"]


def test_targets_sheet_without_strategy_says_so(tmp_path, catalog, registry):
    ws = _write(tmp_path, catalog, registry, period="2035S1")["PL04_ChiTieuBDG"]
    texts = _texts(ws)
    assert "Không có chiến lược áp dụng cho kỳ này" in texts
    assert "Đạt" not in texts and "STT" not in texts


def test_charts_are_native_and_read_the_tables(tmp_path, catalog, registry):
    book = _write(tmp_path, catalog, registry)
    with zipfile.ZipFile(tmp_path / "phu_luc.xlsx") as archive:
        charts = sorted(n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        xml = [archive.read(n).decode() for n in charts]
    assert len(charts) == 3  # households lent and literacy by commune, and the targets met
    assert "PL01_KinhTe!$C$12:$C$14" in xml[0] and "PL01_KinhTe!$B$12:$B$14" in xml[0]  # the three communes
    assert "PL02_XoaMuChu!$E$12:$E$14" in xml[1]
    counts = book["BieuDo"]
    table = {
        counts.cell(r, 1).value: counts.cell(r, 2).value
        for r in range(1, counts.max_row + 1)
        if isinstance(counts.cell(r, 2).value, int)
    }
    assert table == {"Đạt": 1, "Chưa đạt": 1, "Chưa có số liệu": 7, "Chưa đủ số liệu": 2, "Không thu thập ở cấp xã": 11}
    assert sum(table.values()) == 22
    assert counts.page_setup.orientation == "landscape" and counts.page_setup.paperSize == 9


def test_english_appendix(tmp_path, catalog, registry):
    book = _write(tmp_path, catalog, registry, report=SIGNED, lang="en")
    ws = book["PL01_KinhTe"]
    assert [ws["A1"].value, ws["A4"].value, ws["A5"].value] == [
        "PEOPLE'S COMMITTEE",
        "Appendix I",
        "SUPPORT TO WOMEN'S ECONOMIC DEVELOPMENT",
    ]
    assert (
        ws["A6"].value
        == "(Attached to Report No. 419/BC-UBND of 15/6/2020 by the People's Committee of Huyện Ngọc Hồi)"
    )
    assert ws["A7"].value == "Reporting period: first half of 2020"
    top = _header_row(ws, "No.")
    assert [ws.cell(top, c).value for c in (1, 2, 3, 4)] == [
        "No.",
        "Unit",
        "Households granted loans",
        "Amount lent (million VND)",
    ]
    assert ws.cell(top + 1, 3).value == "(households)"
    texts = _texts(ws)
    assert {"Total, Ngọc Hồi", "PREPARED BY", "ON BEHALF OF THE PEOPLE'S COMMITTEE", "VICE CHAIRPERSON"} <= set(texts)
    assert "Ngọc Hồi, 15 June 2020" in texts and "Yes" in texts
    assert ws.cell(_row(ws, "Total, Ngọc Hồi"), 3).number_format == "[$-409]#,##0"
    targets = book["PL04_ChiTieuBDG"]
    rows = _targets_en(targets)
    assert rows["1.1"][:6] == ["Women on Party committees, 2016-2020 term (women council deputies above 35%)", "%",
                               "≥ 25", 30.0, "Met", "9/30"]  # fmt: skip
    assert rows["1.3"][4] == "Not collected by communes"
    assert [c.value for c in book["Nguon_so_lieu"][1]][:2] == ["Unit code", "Unit"]
    vietnamese = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
    names = ("ngọc hồi", "xã ", "thị trấn ")
    fixed = [t for t in texts if vietnamese.search(t) and not any(n in t.casefold() for n in names)]
    assert fixed == []


def _targets_en(ws: Worksheet) -> dict[str, list[object]]:
    top = _header_row(ws, "No.")
    return {str(row[0]): list(row[1:]) for row in ws.iter_rows(min_row=top + 1, values_only=True) if row[0]}


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
    book = openpyxl.load_workbook(tmp_path / "pl.xlsx")
    ws = book["PL01_KinhTe"]
    first = _header_row(ws) + 3
    rows = [(ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, 3).value) for r in range(first, first + 6)]
    assert rows == [
        ("I", "Cộng Huyện A", 7),
        (1, "Xã A1", 3),
        (2, "Xã A2", 4),
        ("II", "Cộng Huyện B", 5),
        (1, "Xã B1", 5),
        (None, "Tổng cộng Thử", 12),
    ]
    rates = book["PL02_XoaMuChu"]
    first = _header_row(rates) + 3
    assert [rates.cell(r, 5).value for r in (first, first + 3, first + 5)] == [50.0, 100.0, 60.0]  # 10/20, 5/5, 15/25
    assert "BieuDo" in book.sheetnames  # the targets chart; no chart of communes split by districts
    with zipfile.ZipFile(tmp_path / "pl.xlsx") as archive:
        assert len([n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]) == 1
