"""A province's or the country's appendix: a row per unit below the root, each one's own
units in a workbook of its own, every total recomputed and equal to its row."""

from __future__ import annotations

import datetime as dt
import filecmp

import openpyxl
import pytest

import pipeline.write.appendix_parts as parts
from pipeline.aggregate.totals import aggregate, aggregate_groups
from pipeline.spec.periods import Period
from pipeline.spec.report_settings import ReportSettings
from pipeline.spec.units import load_registry
from pipeline.write.appendix import write_appendix
from pipeline.write.reproducible import freeze_documents

PERIOD = Period(2020, 1)
COUNTRY = """id: t
root: VN
levels: [{name: country}, {name: province}, {name: district}, {name: commune}]
units:
  - {code: VN, name: Việt Nam, short_name: Việt Nam, level: country}
  - {code: '01', name: Thành phố Hà Nội, short_name: Hà Nội, level: province, parent: VN}
  - {code: '001', name: Quận Ba Đình, short_name: Ba Đình, level: district, parent: '01'}
  - {code: '00001', name: Phường Phúc Xá, short_name: Phúc Xá, level: commune, parent: '001'}
  - {code: '00004', name: Phường Trúc Bạch, short_name: Trúc Bạch, level: commune, parent: '001'}
  - {code: '002', name: Quận Hoàn Kiếm, short_name: Hoàn Kiếm, level: district, parent: '01'}
  - {code: '00037', name: Phường Phúc Tân, short_name: Phúc Tân, level: commune, parent: '002'}
  - {code: '62', name: Tỉnh Kon Tum, short_name: Kon Tum, level: province, parent: VN}
  - {code: '611', name: Huyện Ngọc Hồi, short_name: Ngọc Hồi, level: district, parent: '62'}
  - {code: '23380', name: Xã Đắk Ang, short_name: Đắk Ang, level: commune, parent: '611'}
  - {code: '612', name: Huyện Đắk Tô, short_name: Đắk Tô, level: district, parent: '62'}
  - {code: '23401', name: Xã Đắk Trăm, short_name: Đắk Trăm, level: commune, parent: '612'}
"""
VALUES = {  # loan households; literate / population of level 1 (the rate is 100 × literate / population)
    "00001": {"loan_households": 3.0, "literacy_l1_literate": 9.0, "literacy_l1_population": 10.0},
    "00004": {"loan_households": 4.0, "literacy_l1_literate": 1.0, "literacy_l1_population": 10.0},
    "00037": {"loan_households": None, "literacy_l1_literate": 5.0, "literacy_l1_population": 5.0},
    "23380": {"loan_households": 10.0, "literacy_l1_literate": 2.0, "literacy_l1_population": 8.0},
}  # Đắk Trăm sent nothing


@pytest.fixture
def country(tmp_path):
    path = tmp_path / "units.yaml"
    path.write_text(COUNTRY, encoding="utf-8")
    return load_registry(path)


def _header_row(ws) -> int:
    return next(c.row for (c,) in ws.iter_rows(min_col=1, max_col=1) if c.value == "STT")


def _rows(path, sheet, column=3):
    ws = openpyxl.load_workbook(path)[sheet]
    first = _header_row(ws) + 3
    found = []
    for r in range(first, ws.max_row + 1):
        if ws.cell(r, 2).value is None:
            break
        found.append((ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, column).value))
    return found


def _write_country(tmp_path, catalog, country):
    totals = aggregate(VALUES, catalog, country)
    subtotals = aggregate_groups(VALUES, catalog, country, ["01", "62"])
    inner = {"01": aggregate_groups(VALUES, catalog, country, ["001", "002"]),
             "62": aggregate_groups(VALUES, catalog, country, ["611", "612"])}  # fmt: skip
    appendix = tmp_path / "out" / "phu_luc_2020S1.xlsx"
    appendix.parent.mkdir()
    write_appendix(appendix, totals, catalog, country, PERIOD, [], subtotals, detail="phu_luc_2020S1_don_vi")
    written = parts.write_parts(appendix, totals, subtotals, inner, catalog=catalog, registry=country, period=PERIOD,
                                report=ReportSettings(), lang="vi", part=None)  # fmt: skip
    return appendix, written


def test_the_appendix_lists_the_units_below_the_root_with_recomputed_subtotals(tmp_path, catalog, country):
    appendix, _ = _write_country(tmp_path, catalog, country)
    assert _rows(appendix, "PL01_KinhTe") == [(1, "Thành phố Hà Nội", 7), (2, "Tỉnh Kon Tum", 10),
                                              (None, "Tổng cộng Việt Nam", 17)]  # fmt: skip
    rates = openpyxl.load_workbook(appendix)["PL02_XoaMuChu"]
    first = _header_row(rates) + 3
    assert [rates.cell(r, 5).value for r in range(first, first + 3)] == [60.0, 25.0, 51.5]  # 15/25, 2/8, 17/33
    note = next(c.value for (c,) in rates.iter_rows(min_col=1, max_col=1) if str(c.value).startswith("Số liệu"))
    assert note == (
        "Số liệu của từng đơn vị trực thuộc: mỗi đơn vị ở bảng trên một tệp trong thư mục phu_luc_2020S1_don_vi; "
        "mọi giá trị kèm tệp, trang tính và ô nguồn ở tệp values.csv."
    )


def test_each_unit_below_the_root_gets_a_workbook_of_its_own_units(tmp_path, catalog, country):
    _, written = _write_country(tmp_path, catalog, country)
    assert [p.name for p in written] == ["01_Thanh_pho_Ha_Noi.xlsx", "62_Tinh_Kon_Tum.xlsx"]
    assert all(p.parent.name == "phu_luc_2020S1_don_vi" for p in written)
    ha_noi, kon_tum = written
    assert _rows(ha_noi, "PL01_KinhTe") == [
        ("I", "Cộng Quận Ba Đình", 7),
        (1, "Phường Phúc Xá", 3),
        (2, "Phường Trúc Bạch", 4),
        ("II", "Cộng Quận Hoàn Kiếm", None),  # its one ward left it blank: blank, not 0
        (1, "Phường Phúc Tân", None),
        (None, "Tổng cộng Hà Nội", 7),  # the appendix's row for Hà Nội
    ]
    assert _rows(kon_tum, "PL01_KinhTe") == [
        ("I", "Cộng Huyện Ngọc Hồi", 10),
        (1, "Xã Đắk Ang", 10),
        ("II", "Cộng Huyện Đắk Tô", None),  # sent nothing
        (None, "Tổng cộng Kon Tum", 10),
    ]
    book = openpyxl.load_workbook(ha_noi)
    assert book.sheetnames == [t.sheet for t in catalog.appendix if t.kind != "targets"]  # tables only
    ws = book["PL01_KinhTe"]
    texts = [c.value for row in ws.iter_rows(max_row=_header_row(ws)) for c in row if isinstance(c.value, str)]
    assert "VIỆT NAM" in texts  # issued by the reporting unit
    assert "Các đơn vị thuộc Thành phố Hà Nội" in texts


def test_the_workbooks_written_in_parallel_are_the_same_bytes(tmp_path, catalog, country, monkeypatch):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _, serial = _write_country(tmp_path / "a", catalog, country)
    monkeypatch.setattr(parts, "PARALLEL_PARTS", 1)  # two workbooks are enough for the pool
    _, pooled = _write_country(tmp_path / "b", catalog, country)
    for folder in ("a", "b"):  # as every run does: the inputs' time, not the clock
        freeze_documents(tmp_path / folder, dt.datetime(2020, 6, 10, 8, 30))
    for one, other in zip(serial, pooled, strict=True):
        assert one.stat().st_size > 0 and filecmp.cmp(one, other, shallow=False)


def test_file_names_are_plain_letters(country):
    assert parts.part_name(country["01"]) == "01_Thanh_pho_Ha_Noi.xlsx"
    assert parts.part_name(country["612"]) == "612_Huyen_Dak_To.xlsx"
