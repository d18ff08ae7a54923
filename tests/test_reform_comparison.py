"""The same period last year across the reform, end to end: 2025S1 is reported by Ngọc Hồi's
eight communes, 2026S1 by Quảng Ngãi's new communes, and the report adds the old units up
into the three new ones they became (figures worked out by hand below)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.demo.sample_sets import bundled_sample_values
from pipeline.demo.samples import build_sample_inbox, sample_values
from pipeline.run import run
from pipeline.settings import Settings
from pipeline.spec.declaration import load_units
from pipeline.spec.periods import Period

S2025, S2026 = Period(2025, 1), Period(2026, 1)
HOUSEHOLDS_2025 = {  # Plei Kần, Đắk Ang, Đắk Dục, Đắk Nông, Đắk Xú, Đắk Kan, Bờ Y, Sa Loong
    "23377": 10, "23380": 20, "23383": 30, "23386": 40, "23389": 50, "23392": 60, "23395": 70, "23398": 80,
}  # fmt: skip
HOUSEHOLDS_2026 = {"23377": 150, "23383": 90, "23392": 140}  # Bờ Y, Dục Nông, Sa Loong
# Bờ Y then: 10 + 50 + 70 = 130; Dục Nông: 20 + 30 + 40 = 90; Sa Loong: 60 + 80 = 140; in all 360.
# Now 150 + 90 + 140 = 380: "tăng 20 hộ so với cùng kỳ năm 2025 (360 hộ)".


def _with_households(values: dict[str, dict], households: dict[str, int]) -> dict[str, dict]:
    for code, count in households.items():
        values[code] = {**values[code], "loan_households": count, "loan_households.ethnic_minority": 0}
        values[code]["startup_loan_women"] = min(values[code]["startup_loan_women"], count)
    return values


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory, catalog, validator) -> Path:
    work = tmp_path_factory.mktemp("reform")
    old = load_units(None, None, S2025)  # Ngọc Hồi's district and eight communes
    build_sample_inbox(work / "2025", catalog, old, S2025, _with_households(sample_values(old), HOUSEHOLDS_2025))
    new = load_units(None, "51", S2026)
    drawn = bundled_sample_values(new, S2026)
    kept = _with_households({code: drawn[code] for code in HOUSEHOLDS_2026}, HOUSEHOLDS_2026)
    build_sample_inbox(work / "2026", catalog, new, S2026, kept)
    out = work / "output"
    run(Settings(inbox=work / "2025", output=out, period=S2025, data_docs=False), lambda: validator)
    run(Settings(inbox=work / "2026", output=out, period=S2026, root="51", data_docs=False), lambda: validator)
    return out / "2026S1"


def test_the_old_units_are_added_up_into_the_new_ones(two_runs):
    summary = (two_runs / "summary.md").read_text(encoding="utf-8")
    comparison = summary.split("## So sánh với các kỳ trước")[1]
    line = next(x for x in comparison.splitlines() if x.startswith("- Số hộ được giải quyết cho vay vốn"))
    assert line == (
        "- Số hộ được giải quyết cho vay vốn: 380 hộ; tăng 20 hộ so với cùng kỳ năm 2025 (360 hộ); "
        "kỳ đó chỉ có số liệu của 3/96 đơn vị."
    )


def test_the_footnote_says_which_old_units_each_new_one_adds_up(two_runs):
    summary = (two_runs / "summary.md").read_text(encoding="utf-8")
    assert (
        "_Số liệu cùng kỳ năm 2025 được cộng từ các đơn vị hành chính cũ vào đơn vị mới sau sắp xếp ngày "
        "01/07/2025: xã Bờ Y gồm Thị trấn Plei Kần, Xã Đắk Xú, Xã Bờ Y; xã Sa Loong gồm Xã Đắk Kan, Xã Sa Loong; "
        "xã Dục Nông gồm Xã Đắk Ang, Xã Đắk Dục, Xã Đắk Nông; "  # the order of Công văn 1027
        "không so sánh được xã Cà Đam, xã Tây Trà Bồng vì được lập từ một phần của đơn vị cũ; "
        "không có số liệu kỳ đó của xã Tịnh Khê, "
    ) in summary
    assert summary.endswith(" và 81 đơn vị khác vì đơn vị cũ chưa báo cáo._\n")  # 3 + 2 + 10 + 81 = 96


def test_the_reused_codes_keep_their_meaning_of_each_period(two_runs):
    import json

    values = json.loads((two_runs / "summary.json").read_text(encoding="utf-8"))
    # 23377 is the new Xã Bờ Y in 2026: its own figure, not Plei Kần's 10 of 2025.
    assert values["indicators"]["loan_households"]["by_unit"]["23377"] == 150
    assert values["root"] == "51"


def _carried_note_start() -> str:
    return "Số liệu cùng kỳ năm 2025 được cộng từ các đơn vị hành chính cũ vào đơn vị mới sau sắp xếp ngày 01/07/2025"


def test_the_word_report_and_the_appendix_carry_the_same_footnote(two_runs):
    import docx
    from python_calamine import CalamineWorkbook

    paragraphs = [p.text for p in docx.Document(str(two_runs / "bao_cao_2026S1.docx")).paragraphs]
    notes = [p for p in paragraphs if p.startswith(_carried_note_start())]
    assert len(notes) == 1 and "xã Bờ Y gồm Thị trấn Plei Kần, Xã Đắk Xú, Xã Bờ Y" in notes[0]
    assert any("trên địa bàn tỉnh, với các nội dung như sau" in p for p in paragraphs)  # not "tỉnh, thành phố"
    sheet = CalamineWorkbook.from_path(str(two_runs / "phu_luc_2026S1.xlsx")).get_sheet_by_name("SoSanh_KyTruoc")
    cells = [str(c) for row in sheet.to_python() for c in row if c]
    assert notes[0] in cells
