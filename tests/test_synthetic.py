"""Synthetic provinces: the registry round-trips, a synthetic inbox passes validation, and
a province's totals are the sums of its districts' totals (rates from summed parts)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline.demo.synthetic import PROVINCE, build_inbox, province_registry, synthetic_values, write_registry
from pipeline.forms.template import template_filename
from pipeline.run import RunResult, Settings, run
from pipeline.spec.units import load_registry

FULL = pytest.mark.skipif(os.environ.get("BAOCAO_FULL") != "1", reason="set BAOCAO_FULL=1 for the 1,000-commune run")


def _run(inbox: Path, units: Path, output: Path, period, validator, root: str | None = None) -> RunResult:
    settings = Settings(inbox=inbox, output=output, period=period, units_path=units, root=root, data_docs=False)
    return run(settings, validator_factory=lambda: validator)


def _errors(result: RunResult) -> list[str]:
    return [f"{i.file}: {i.message}" for i in result.issues if i.is_error]


def test_registry_round_trips_through_yaml(tmp_path):
    registry = province_registry(30, communes_per_district=12, seed=3)
    loaded = load_registry(write_registry(registry, tmp_path / "units.yaml"))
    assert loaded == registry
    assert loaded.root == PROVINCE and [lv.name for lv in loaded.levels] == ["province", "district", "commune"]
    districts = registry.children(PROVINCE)
    assert [d.code for d in districts] == ["9901", "9902", "9903"]
    assert [len(registry.children(d.code)) for d in districts] == [12, 12, 6]
    assert loaded["00003"].parent == "9901"  # a leading zero survives: codes are text
    names = [u.short_name for u in registry.units]
    assert len(set(names)) == len(names)


def test_write_registry_keeps_aliases_and_validity_dates(tmp_path, registry):
    assert load_registry(write_registry(registry, tmp_path / "ngoc_hoi.yaml")) == registry


def test_values_are_deterministic_valid_in_shape_and_leave_some_cells_blank(period):
    registry = province_registry(400)
    values = synthetic_values(registry, period, seed=1)
    assert values == synthetic_values(registry, period, seed=1)
    assert values != synthetic_values(registry, period, seed=2)
    assert set(values) == {u.code for u in registry.units if u.level in ("district", "commune")}
    communes = [v for code, v in values.items() if registry[code].level == "commune"]
    assert any(v["bdg_broadcast_segments"] is None for v in communes)
    for v in communes:
        for part, whole in (
            ("literacy_l1_literate", "literacy_l1_population"),
            ("children_abused", "children_under16"),
        ):
            assert v[part] <= v[whole]
        assert v["literacy_l1_rate_reported"] == round(v["literacy_l1_literate"] / v["literacy_l1_population"] * 100, 1)


def test_build_inbox_draws_only_forms_and_skips_unchanged_ones(tmp_path, catalog, period):
    registry = province_registry(3)
    values = synthetic_values(registry, period)
    inbox = tmp_path / "inbox"
    first = build_inbox(inbox, catalog, registry, period, values, workers=1)
    assert sorted(p.name for p in inbox.iterdir()) == sorted(p.name for p in first)
    assert all(p.suffix == ".xlsx" for p in first) and len(first) == 4
    stamps = {p: p.stat().st_mtime_ns for p in first}
    changed = {**values, "00003": {**values["00003"], "loan_households": 99}}
    build_inbox(inbox, catalog, registry, period, changed, workers=1)
    redrawn = {p for p in first if p.stat().st_mtime_ns != stamps[p]}
    assert redrawn == {inbox / template_filename(catalog, registry["00003"], period)}
    build_inbox(inbox, catalog, registry, period, {"9901": values["9901"]}, workers=1)
    assert [p.name for p in inbox.iterdir()] == [template_filename(catalog, registry["9901"], period)]


def test_a_synthetic_inbox_aggregates_with_zero_errors(tmp_path, catalog, period, validator):
    registry = province_registry(30)
    units = write_registry(registry, tmp_path / "units.yaml")
    inbox = tmp_path / "inbox"
    build_inbox(inbox, catalog, registry, period, synthetic_values(registry, period))
    result = _run(inbox, units, tmp_path / "out", period, validator)
    assert _errors(result) == []
    assert len(result.completeness.accepted) == len(result.completeness.expected) == 33


def _check_province_is_sum_of_districts(tmp_path, catalog, period, validator, n_communes: int) -> None:
    registry = province_registry(n_communes)
    units = write_registry(registry, tmp_path / "units.yaml")
    values = synthetic_values(registry, period)
    inbox = tmp_path / "province"
    build_inbox(inbox, catalog, registry, period, values)
    province = _run(inbox, units, tmp_path / "out" / PROVINCE, period, validator)
    assert _errors(province) == []
    districts = []
    for district in registry.children(PROVINCE):
        own = tmp_path / district.code
        own.mkdir()
        for unit in registry.subtree(district.code):
            name = template_filename(catalog, unit, period)
            shutil.copy2(inbox / name, own / name)
        result = _run(own, units, tmp_path / "out" / district.code, period, validator, root=district.code)
        assert _errors(result) == []
        districts.append(result.totals)
    assert sorted(province.totals.units) == sorted(u for d in districts for u in d.units)
    rates = 0
    for code, figure in province.totals.figures.items():
        parts = [d.figures[code] for d in districts]
        assert figure.reporting_units == sum(p.reporting_units for p in parts), code
        if figure.kind in ("sum", "count_true"):
            reported = [p.value for p in parts if p.value is not None]
            assert figure.value == (pytest.approx(sum(reported), rel=1e-12) if reported else None), code
        if figure.kind in ("ratio", "coverage", "count_true"):
            numerators = [p.numerator for p in parts if p.numerator is not None]
            denominators = [p.denominator for p in parts if p.denominator is not None]
            assert figure.numerator == (sum(numerators) if numerators else None), code
            assert figure.denominator == (sum(denominators) if denominators else None), code
        if figure.kind in ("ratio", "coverage"):
            d = catalog.derived_by_code(code)
            num, den = sum(numerators), sum(denominators)
            assert figure.value == (round(num / den * d.scale, d.decimals) if den else None), code
            rates += figure.value is not None
    assert rates >= 10  # the property is not vacuous: most rates have a value


def test_province_totals_are_the_sums_of_district_totals(tmp_path, catalog, period, validator):
    _check_province_is_sum_of_districts(tmp_path, catalog, period, validator, n_communes=60)


@FULL
def test_province_totals_are_the_sums_of_district_totals_at_1000_communes(tmp_path, catalog, period, validator):
    _check_province_is_sum_of_districts(tmp_path, catalog, period, validator, n_communes=1000)
