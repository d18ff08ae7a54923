"""The benchmark's shapes are the real units of Vietnam, before and after the 2025 reform.

``make bench`` times runs on real provinces and on the whole country drawn from the bundled
national registries; these checks keep the shapes' names honest (Kon Tum is 102 communes,
the country 3,321 after the reform) and that each shape's synthetic inbox has one form per
reporting unit. Nothing here is timed.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

from pipeline.demo.synthetic import synthetic_values
from pipeline.spec.declaration import load_units
from pipeline.spec.periods import Period

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def bench():
    """``bench/bench.py`` as a module (it imports its sibling ``probes`` by name)."""
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_shapes_under_test", BENCH / "bench.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look their module up there
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH))
    yield module
    sys.modules.pop("bench_shapes_under_test", None)


EXPECTED = {
    "sample": {"district": 1, "commune": 8},
    "kon-tum-2020": {"province": 1, "district": 10, "commune": 102},
    "ha-noi-2020": {"province": 1, "district": 30, "commune": 579},
    "quang-ngai-2026": {"province": 1, "commune": 96},
    "vn-2026": {"country": 1, "province": 34, "commune": 3321},
    "vn-2020": {"country": 1, "province": 63, "district": 707, "commune": 10614},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_shape_resolves_to_the_real_unit_counts(bench, name):
    shape = bench.BY_NAME[name]
    counts = bench.unit_counts(bench.registry_for(shape))
    assert dict(counts) == EXPECTED[name]


def test_the_shapes_are_the_ones_the_table_names(bench):
    assert [s.name for s in bench.SHAPES] == list(EXPECTED)
    assert [s.name for s in bench.SHAPES if s.national] == ["vn-2026", "vn-2020"]
    kon_tum = bench.registry_for(bench.BY_NAME["kon-tum-2020"])
    assert kon_tum.root == "62" and kon_tum["62"].name == "Tỉnh Kon Tum"
    assert bench.describe(kon_tum) == "102 communes, 10 districts"
    assert bench.BY_NAME["vn-2020"].cli() == ["--units", "vn-2020", "--root", "VN"]
    assert bench.BY_NAME["sample"].cli() == []


def test_the_large_province_is_the_one_with_most_communes_before_the_reform(bench):
    country = bench.registry_for(bench.BY_NAME["vn-2020"])
    communes = Counter(country.ancestors(u.code)[-2] for u in country.units if u.level == "commune")
    largest = bench.BY_NAME["ha-noi-2020"]
    assert communes.most_common(1) == [(largest.root, 579)]
    assert country[largest.root].name == "Thành phố Hà Nội"


def test_the_registries_agree_with_the_run_selecting_a_province():
    """The bench roots a registry as ``baocao aggregate --units … --root …`` does."""
    quang_ngai = load_units("vn-2025", "51", Period(2026, 1))
    assert quang_ngai.root == "51" and [lv.name for lv in quang_ngai.levels] == ["country", "province", "commune"]
    kon_tum = load_units("vn-2020", "62", Period(2020, 1))
    assert Counter(u.level for u in kon_tum.subtree()) == {"province": 1, "district": 10, "commune": 102}


def test_synthetic_values_give_one_form_per_commune_of_quang_ngai_and_none_for_the_province():
    period = Period(2026, 1)
    registry = load_units("vn-2025", "51", period)
    values = synthetic_values(registry, period)
    communes = [u.code for u in registry.subtree() if u.level == "commune"]
    assert list(values) == communes and len(values) == 96
    assert "51" not in values
    assert values == synthetic_values(registry, period)
    assert all(v["loan_households"] >= 0 for v in values.values())


def test_every_district_office_reports_before_the_reform_even_one_without_communes():
    period = Period(2020, 1)
    registry = load_units("vn-2020", "79", period)  # Hồ Chí Minh City: Cần Giờ has communes, …
    values = synthetic_values(registry, period)
    reporting = [u.code for u in registry.subtree() if u.level in ("district", "commune")]
    assert list(values) == reporting
    island = load_units("vn-2020", "77", period)  # Bà Rịa – Vũng Tàu: Côn Đảo has no commune
    drawn = synthetic_values(island, period)
    assert "755" in drawn and not island.children("755")
    assert "77" not in drawn
