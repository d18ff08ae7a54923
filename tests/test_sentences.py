"""The report's sentences for a full, a partial and an empty period.

Exact sentences: the figures of the full period are the district report's own (Báo cáo
419/BC-UBND); the partial one is worked from the sample values of the seven communes kept.
"""

from __future__ import annotations

import pytest

from pipeline.aggregate.totals import aggregate
from pipeline.demo.samples import sample_values
from pipeline.demo.synthetic import province_registry
from pipeline.spec.catalog import SummaryItem
from pipeline.write.figure_text import Scope, figure_views
from pipeline.write.sentences import coverage_note, fill, render_sentences, sentence_levels

DISTRICT = "611"
COMMUNES = ("23377", "23380", "23383", "23386", "23389", "23392", "23395", "23398")
EVERYONE = (DISTRICT, *COMMUNES)


def _values(registry, units):
    raw = sample_values(registry)
    return {u: {k: (None if v is None else float(v)) for k, v in raw[u].items()} for u in units}


def _sentences(catalog, registry, accepted, *, rejected=(), held=()):
    totals = aggregate(_values(registry, accepted), catalog, registry)
    scope = Scope(registry, EVERYONE, frozenset(accepted), frozenset(rejected), frozenset(held))
    return {s.id: s for s in render_sentences(totals, catalog, scope)}


def test_full_period_reads_like_the_district_report(catalog, registry):
    found = _sentences(catalog, registry, EVERYONE)
    assert all(s.complete for s in found.values())
    assert found["models"].text.startswith(
        'Hướng dẫn thực hiện mô hình "Đường làng, nhà tôi xanh, sạch đẹp" tại 8/8 xã, thị trấn. Duy trì 13 mô hình'
    )
    assert found["family"].text == "Trong kỳ không xảy ra vụ bạo lực gia đình nào trên địa bàn."
    assert found["staffing"].text.startswith("100% đơn vị cấp huyện và cấp xã, thị trấn được bố trí")
    assert "(9/9 đơn vị)" in found["staffing"].text
    assert found["donation"].text == "Ủng hộ quỹ hỗ trợ trẻ em và người khuyết tật với số tiền 5 triệu đồng."
    assert "Số liệu của" not in " ".join(s.text for s in found.values())


def test_partial_period_names_the_missing_communes_and_never_says_nothing_happened(catalog, registry):
    kept = (DISTRICT, *(c for c in COMMUNES if c != "23383"))  # Đắk Dục sent nothing
    found = _sentences(catalog, registry, kept)
    note = "(Số liệu của 7/8 xã, thị trấn; chưa có báo cáo của xã Đắk Dục.)"
    raw = sample_values(registry)
    households = sum(raw[c]["loan_households"] for c in COMMUNES) - raw["23383"]["loan_households"]
    assert found["economy"].text.startswith(f"Giải quyết cho {households} hộ vay")
    assert found["economy"].text.endswith(note)
    assert found["models"].text.startswith(
        'Hướng dẫn thực hiện mô hình "Đường làng, nhà tôi xanh, sạch đẹp" tại 7/8 xã'
    )
    assert found["family"].text == ("Trong kỳ, các xã, thị trấn đã báo cáo ghi nhận 0 vụ bạo lực gia đình. " + note)
    assert found["staffing"].text.startswith("8/9 đơn vị cấp huyện và cấp xã, thị trấn đã báo cáo có công chức")
    assert found["staffing"].text.endswith("(Số liệu của 8/9 đơn vị; chưa có báo cáo của xã Đắk Dục.)")
    assert "100%" not in found["staffing"].text and "8/8" not in found["models"].text


def test_one_unit_of_nine_is_not_everyone(catalog, registry):
    """The report that started it: 1 of 9 units accepted was written as "100% … (1/1 đơn vị)"."""
    found = _sentences(catalog, registry, ("23377",), rejected=("23380",), held=("23386",))
    staffing = found["staffing"].text
    assert "100%" not in staffing and "1/1" not in staffing
    assert staffing.startswith("1/9 đơn vị cấp huyện và cấp xã, thị trấn đã báo cáo có công chức")
    assert "Chưa có số liệu về kinh phí được cấp cho công tác BVCSTE & BĐG (cấp huyện);" in staffing
    assert "(chưa có số liệu) đồng" not in staffing
    assert found["models"].text.startswith(
        'Hướng dẫn thực hiện mô hình "Đường làng, nhà tôi xanh, sạch đẹp" tại 1/8 xã'
    )
    assert found["family"].text.endswith(
        "(Số liệu của 1/8 xã, thị trấn; chưa có báo cáo của xã Đắk Dục, xã Đắk Xú, xã Đắk Kan, xã Bờ Y, "
        "xã Sa Loong; báo cáo của xã Đắk Ang bị loại; báo cáo của xã Đắk Nông đang chờ xác minh người gửi.)"
    )
    assert "không xảy ra" not in found["family"].text
    assert found["donation"].text == (
        "Chưa có số liệu về số tiền ủng hộ quỹ hỗ trợ trẻ em và người khuyết tật. (Số liệu của 1/9 đơn vị; chưa có "
        "báo cáo của huyện Ngọc Hồi, xã Đắk Dục, xã Đắk Xú, xã Đắk Kan, xã Bờ Y, xã Sa Loong; báo cáo của xã Đắk Ang "
        "bị loại; báo cáo của xã Đắk Nông đang chờ xác minh người gửi.)"
    )


def test_empty_period_says_no_report_arrived(catalog, registry):
    found = _sentences(catalog, registry, ())
    assert found["economy"].text == "Chưa có số liệu: chưa nhận được báo cáo hợp lệ của xã, thị trấn nào (0/8)."
    assert found["staffing"].text == "Chưa có số liệu: chưa nhận được báo cáo hợp lệ của đơn vị nào (0/9)."
    assert all(not s.complete for s in found.values())


def test_a_clause_without_data_is_rewritten_not_filled(catalog, registry):
    values = {"23377": {"loan_households": 5.0, "savings_mobilised": 2.0}}
    views = figure_views(aggregate(values, catalog, registry), catalog)
    text = fill(
        "Cho {loan_households} hộ vay {loan_amount} triệu; tiết kiệm {savings_mobilised} triệu. Vay {rice_kg} kg.",
        views,
    )
    assert text == "Chưa có số liệu về số tiền cho vay; tiết kiệm 2 triệu. Chưa có số liệu về gạo giúp nhau."


def test_sentence_levels_follow_the_placeholders(catalog):
    item = SummaryItem(id="x", heading="h", text="{budget_allocated.district} và {green_village_model}")
    assert sentence_levels(item, catalog) == {"district", "commune"}
    assert sentence_levels(SummaryItem(id="y", heading="h", text="{budget_allocated.district}"), catalog) == {
        "district"
    }
    assert sentence_levels(SummaryItem(id="z", heading="h", text="{staff_coverage_rate}"), catalog) == {
        "district",
        "commune",
    }


@pytest.mark.parametrize("count", [11, 40])
def test_a_long_list_of_missing_units_is_cut_after_ten(count):
    big = province_registry(count, communes_per_district=count)
    communes = [u.code for u in big.units if u.level == "commune"]
    scope = Scope(big, tuple(communes), frozenset())
    note = coverage_note(scope, communes, communes, "xã")
    assert note.startswith(f"(Số liệu của 0/{count} xã; chưa có báo cáo của ")
    assert note.endswith(f" và {count - 10} đơn vị khác.)")
