"""summary.md sentences and summary.json, from totals built by the real aggregation.

``catalog`` and ``registry`` are the bundled ones (fixtures in conftest.py).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.aggregate.completeness import Completeness, FileOutcome, Status
from pipeline.aggregate.totals import Totals, aggregate
from pipeline.demo.samples import sample_values
from pipeline.errors import ConfigError
from pipeline.spec.catalog import Catalog
from pipeline.spec.catalog_file import load_catalog
from pipeline.spec.numbers import parse_number_text
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry, load_registry
from pipeline.write.summary import render_sentence, render_summary_md, summary_json

PERIOD = Period(2020, 1)
DISTRICT = "611"
COMMUNES = ("23377", "23380", "23383", "23386", "23389", "23392", "23395", "23398")
Values = dict[str, dict[str, float | None]]


def _totals(values: Values, catalog: Catalog, registry: UnitRegistry) -> Totals:
    return aggregate(values, catalog, registry)


def _floats(values: dict[str, dict[str, Any]]) -> Values:
    """Sample values as the reader hands them over: floats, booleans as 1.0/0.0."""
    return {u: {k: (None if v is None else float(v)) for k, v in row.items()} for u, row in values.items()}


def _completeness(accepted: list[str], rejected: dict[str, str], missing: list[str]) -> Completeness:
    outcomes = [FileOutcome(c, f"{c}.xlsx", Status.ACCEPTED) for c in accepted]
    outcomes += [FileOutcome(c, f"{c}.xlsx", Status.REJECTED, reason) for c, reason in rejected.items()]
    outcomes += [FileOutcome(c, None, Status.MISSING, "Chưa nhận được báo cáo.") for c in missing]
    return Completeness((DISTRICT, *COMMUNES), tuple(outcomes))


@pytest.fixture(scope="module")
def seed_totals() -> Totals:
    registry = load_registry()
    return aggregate(_floats(sample_values(registry)), load_catalog(), registry)


def _paragraph(md: str, heading: str) -> str:
    part = md.split(f"## {heading}\n\n", 1)[1]
    return part.split("\n", 1)[0]


def test_seed_figures_read_like_the_district_report(seed_totals, catalog, registry):
    everyone = _completeness([DISTRICT, *COMMUNES], {}, [])
    md = render_summary_md(seed_totals, catalog, registry, PERIOD, everyone, {})
    assert _paragraph(md, "Lĩnh vực kinh tế, lao động, việc làm").startswith(
        "Giải quyết cho 162 hộ vay với số tiền là 7.896 triệu đồng; huy động tiền gửi tiết kiệm được 3.847 triệu đồng"
    )
    education = _paragraph(md, "Lĩnh vực giáo dục và đào tạo")
    assert education.startswith("Đã xóa mù chữ mức độ 1 cho 17.101/17.471 người trong độ tuổi, đạt 97,9%;")
    assert "tại 8/8 xã, thị trấn" in _paragraph(md, "Tuyên truyền và mô hình")
    assert _paragraph(md, "Lĩnh vực gia đình") == "Trong kỳ không xảy ra vụ bạo lực gia đình nào trên địa bàn."
    assert _paragraph(md, "Tổ chức, bộ máy và kinh phí hoạt động").endswith(
        "cấp huyện được cấp 20.000.000 đồng; cấp xã, thị trấn: không có."
    )
    assert md.startswith("# Tổng hợp báo cáo BVCSTE & BĐG — 6 tháng đầu năm 2020\n\nĐơn vị tổng hợp: Huyện Ngọc Hồi\n")
    assert "Đã nhận báo cáo hợp lệ của 9/9 đơn vị." in md
    assert "Chưa gửi" not in md and "{" not in md


def test_small_data_sentences(catalog, registry):
    values: Values = {
        DISTRICT: {"budget_allocated": 0.0, "donation_amount": 2.5},
        "23377": {
            "loan_households": 1200.0,
            "loan_amount": 12.5,
            "domestic_violence_cases": 2.0,
            "budget_allocated": 1_500_000.0,
            "new_jobs": 10.0,
            "new_jobs.female": 4.0,
        },
        "23380": {
            "loan_households": 34.0,
            "loan_amount": None,
            "domestic_violence_cases": 1.0,
            "budget_allocated": None,
        },
    }
    totals = _totals(values, catalog, registry)
    assert render_sentence("{loan_households} hộ, {loan_amount} triệu", totals, catalog) == "1.234 hộ, 12,5 triệu"
    assert render_sentence("{domestic_violence_cases}", totals, catalog) == "3"
    md = render_summary_md(totals, catalog, registry, PERIOD, _completeness(list(values), {}, []), {})
    assert _paragraph(md, "Lĩnh vực gia đình") == (
        "Trong kỳ, các xã, thị trấn đã báo cáo ghi nhận 3 vụ bạo lực gia đình. (Số liệu của 2/8 xã, thị trấn; "
        "chưa có báo cáo của xã Đắk Dục, xã Đắk Nông, xã Đắk Xú, xã Đắk Kan, xã Bờ Y, xã Sa Loong.)"
    )
    assert render_sentence("{budget_allocated.district:none}|{budget_allocated.commune:none}", totals, catalog) == (
        "không có|1.500.000"
    )
    assert render_sentence("{budget_allocated.district}", totals, catalog) == "0"
    assert render_sentence("{new_jobs.female} nữ/{new_jobs}", totals, catalog) == "4 nữ/10"
    assert render_sentence("{new_jobs_female_share}", totals, catalog) == "40%"


def test_missing_figures_say_so_instead_of_zero(catalog, registry):
    totals = _totals({"23377": {"loan_households": 5.0}}, catalog, registry)
    text = render_sentence(
        "{donation_amount}|{literacy_l1_rate}|{literacy_l1_rate.numerator}|{green_village_model}|{rice_kg:none}",
        totals,
        catalog,
    )
    assert text == "|".join(["(chưa có số liệu)"] * 5)
    everyone = _completeness([DISTRICT, *COMMUNES], {}, [])
    md = render_summary_md(totals, catalog, registry, PERIOD, everyone, {})
    # No figure for domestic violence: the "no case" wording would claim a zero nobody reported,
    # and "(chưa có số liệu) vụ" would put the gap where a number belongs.
    assert _paragraph(md, "Lĩnh vực gia đình") == "Chưa có số liệu về số vụ bạo lực gia đình."


def test_rates_use_summed_parts_and_vietnamese_comma(catalog, registry):
    values: Values = {
        "23377": {"literacy_l1_literate": 90.0, "literacy_l1_population": 100.0},
        "23380": {"literacy_l1_literate": 1.0, "literacy_l1_population": 10.0},
        "23383": {"female_key_leader": 1.0},
        "23386": {"female_key_leader": 0.0},
    }
    totals = _totals(values, catalog, registry)
    assert render_sentence("{literacy_l1_rate}", totals, catalog) == "82,7%"  # 91/110, not (90+10)/2
    assert render_sentence("{female_key_leader}", totals, catalog) == "1/2"
    assert render_sentence("{female_key_leader_rate}", totals, catalog) == "50%"


def test_sex_ratio_has_no_percent_sign(catalog, registry):
    totals = _totals({"23377": {"births_boys": 112.0, "births_girls": 100.0}}, catalog, registry)
    assert render_sentence("{sex_ratio_at_birth}", totals, catalog) == "112"


def test_template_errors_are_config_errors(catalog, registry):
    totals = _totals({"23377": {"loan_households": 5.0}}, catalog, registry)
    with pytest.raises(ConfigError):
        render_sentence("{no_such_code}", totals, catalog)
    with pytest.raises(ConfigError):
        render_sentence("{loan_households:.2f}", totals, catalog)
    with pytest.raises(ConfigError):
        render_sentence("{loan_households.province_typo}", totals, catalog)


def test_completeness_paragraph(seed_totals, catalog, registry):
    completeness = _completeness(
        [DISTRICT, *COMMUNES[:2], *COMMUNES[3:7]], {"23383": "2 lỗi, ví dụ: Ô E7 để trống"}, ["23398"]
    )
    md = render_summary_md(seed_totals, catalog, registry, PERIOD, completeness, {"error": 2, "warning": 5})
    assert "Đã nhận báo cáo hợp lệ của 7/9 đơn vị." in md
    assert "- Xã Đắk Dục (23383): 2 lỗi, ví dụ: Ô E7 để trống — tệp `23383.xlsx`" in md
    assert "Chưa gửi: Xã Sa Loong (23398)." in md
    assert "Kết quả kiểm tra: 2 lỗi, 5 cảnh báo (chi tiết trong `validation/report.md`)." in md


def test_json_structure_and_number_types(seed_totals, catalog, registry):
    completeness = _completeness([DISTRICT, *COMMUNES[:7]], {"23398": "Sai mẫu biểu"}, [])
    data = summary_json(seed_totals, catalog, registry, PERIOD, completeness)
    assert set(data) == {"period", "root", "units", "files", "indicators"}
    assert data["period"] == "2020S1" and data["root"] == "611"
    assert data["units"] == {
        "expected": [DISTRICT, *COMMUNES],
        "accepted": [DISTRICT, *COMMUNES[:7]],
        "rejected": ["23398"],
        "missing": [],
        "late": [],
        "superseded_files": [],
    }
    assert data["files"][-1] == {
        "file": "23398.xlsx",
        "unit_code": "23398",
        "status": "rejected",
        "reason": "Sai mẫu biểu",
        "received": None,
        "late": None,
    }
    assert set(data["indicators"]) == set(seed_totals.figures)
    loans = data["indicators"]["loan_households"]
    assert loans["value"] == 162 and type(loans["value"]) is int
    assert loans["display"] == "162" and loans["unit"] == "hộ"
    assert loans["numerator"] is None and loans["by_unit"][DISTRICT] is None
    assert type(loans["by_unit"]["23377"]) is int
    rate = data["indicators"]["literacy_l1_rate"]
    assert rate["value"] == 97.9 and type(rate["value"]) is float and rate["display"] == "97,9%"
    assert (rate["numerator"], rate["denominator"]) == (17101, 17471)
    green = data["indicators"]["green_village_model"]
    assert (green["value"], green["numerator"], green["denominator"], green["display"]) == (8, 8, 8, "8/8")
    assert green["by_unit"]["23377"] is True and green["by_unit"][DISTRICT] is None
    assert data["indicators"]["budget_allocated"]["display"] == "20.000.000"
    assert data["indicators"]["maternal_deaths"]["display"] == "0"
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    assert '"value": 162,' in text and '"by_unit": {"611": null' in text


def test_json_missing_figure_is_null(catalog, registry):
    totals = _totals({"23377": {"loan_households": 5.0}}, catalog, registry)
    data = summary_json(totals, catalog, registry, PERIOD, _completeness(["23377"], {}, []))
    assert data["indicators"]["loan_amount"] == {
        "value": None,
        "numerator": None,
        "denominator": None,
        "by_unit": {"23377": None},
        "unit": "triệu đồng",
        "display": None,
    }


_CATALOG = load_catalog()
_REGISTRY = load_registry()
_units = st.lists(st.sampled_from(COMMUNES), min_size=1, max_size=len(COMMUNES), unique=True)
_whole = st.one_of(st.none(), st.integers(min_value=0, max_value=10**9).map(float))
_cents = st.one_of(st.none(), st.decimals(min_value=0, max_value=10**6, places=2).map(float))


@settings(max_examples=60, deadline=None)
@given(units=_units, data=st.data())
def test_json_dumps_and_display_round_trips(units, data):
    values: Values = {
        u: {
            "loan_households": data.draw(_whole),
            "loan_amount": data.draw(_cents),
            "green_village_model": data.draw(st.sampled_from([None, 0.0, 1.0])),
        }
        for u in units
    }
    totals = aggregate(values, _CATALOG, _REGISTRY)
    out = summary_json(totals, _CATALOG, _REGISTRY, PERIOD, _completeness(units, {}, []))
    json.dumps(out, allow_nan=False)
    households, amount = out["indicators"]["loan_households"], out["indicators"]["loan_amount"]
    if households["value"] is None:
        assert households["display"] is None
    else:
        assert type(households["value"]) is int
        assert parse_number_text(households["display"]) == Decimal(households["value"])
    if amount["value"] is not None:
        parsed = parse_number_text(amount["display"])
        assert parsed is not None and abs(float(parsed) - amount["value"]) < 0.005
    green = out["indicators"]["green_village_model"]
    answered = [v for v in green["by_unit"].values() if v is not None]
    assert all(isinstance(v, bool) for v in answered)
    if answered:  # a count of communes is over every commune expected, not only those that answered
        assert green["display"] == f"{sum(answered)}/{len(COMMUNES)}"
