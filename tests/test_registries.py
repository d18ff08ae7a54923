"""The registry of a period: chosen by its last day, rooted at a province or the country."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from pipeline.cli import app as cli
from pipeline.errors import UsageError
from pipeline.spec.declaration import load_units
from pipeline.spec.periods import Period
from pipeline.spec.registries import REFORM_DAY, bundled_for, bundled_registries, mergers_between, registry_path
from pipeline.spec.units import DEFAULT_UNITS_PATH

runner = CliRunner()
S2020, S2025, S2025B, S2026 = Period(2020, 1), Period(2025, 1), Period(2025, 2), Period(2026, 1)


def test_the_bundled_index_lists_the_lists_before_and_after_the_reform():
    found = {b.id: (b.valid_from, b.valid_to, b.root) for b in bundled_registries()}
    assert found == {
        "vn-2020": (dt.date(2020, 6, 1), dt.date(2025, 6, 30), "VN"),
        "vn-2025": (REFORM_DAY, None, "VN"),
    }
    assert bundled_for(dt.date(2025, 6, 30)).id == "vn-2020"
    assert bundled_for(dt.date(2025, 7, 1)).id == "vn-2025"


def test_without_units_or_root_a_period_before_the_reform_is_the_sample_district():
    assert registry_path(None, None, S2020) == DEFAULT_UNITS_PATH
    assert load_units(None, None, S2020).root == "611"


@pytest.mark.parametrize(
    ("period", "root", "registry_id", "communes", "name_of_23377"),
    [
        (S2020, "62", "vn-2020", 102, "Thị trấn Plei Kần"),  # Kon Tum before the reform
        (S2025, "611", "vn-2020", 8, "Thị trấn Plei Kần"),  # the last half-year of the districts
        (S2025B, "51", "vn-2025", 96, "Xã Bờ Y"),  # the first half-year of the two-level government
        (S2026, "51", "vn-2025", 96, "Xã Bờ Y"),
    ],
)
def test_a_root_picks_the_national_list_in_force_on_the_periods_last_day(
    period, root, registry_id, communes, name_of_23377
):
    registry = load_units(None, root, period)
    assert (registry.id, registry.root) == (registry_id, root)
    assert sum(1 for u in registry.subtree() if u.level == "commune") == communes
    assert registry["23377"].name == name_of_23377


def test_after_the_reform_without_a_root_the_whole_country_is_aggregated():
    registry = load_units(None, None, S2026)
    assert (registry.id, registry.root) == ("vn-2025", "VN")
    assert sum(1 for u in registry.units if u.level == "commune") == 3321
    assert registry.level_noun(["commune"]) == "xã, phường, đặc khu"


def test_a_bundled_list_is_named_by_its_id():
    assert load_units("vn-2025", "51", S2026).id == "vn-2025"
    assert load_units("ngoc-hoi-2020", None, S2020).id == "ngoc-hoi-2020"


def test_a_unit_that_did_not_exist_that_day_is_refused_with_the_day():
    with pytest.raises(UsageError) as caught:
        load_units(None, "611", S2026)  # no districts since 01/7/2025
    assert str(caught.value) == (
        "Mã đơn vị tổng hợp '611' không có trong danh mục đơn vị vn-2025 vào ngày 30/06/2026 (kỳ 2026S1)."
    )


def test_a_period_no_bundled_list_covers_asks_for_units():
    with pytest.raises(UsageError) as caught:
        load_units(None, "62", Period(2019, 1))
    assert str(caught.value) == (
        "Không có danh mục đơn vị hành chính nào có hiệu lực vào ngày 30/06/2019 (kỳ 2019S1); "
        "hãy chỉ rõ bằng --units (các danh mục có sẵn: vn-2020, vn-2025)."
    )


def test_the_merger_map_is_read_only_when_a_comparison_crosses_the_reform():
    assert mergers_between(Period(2019, 1).last_day, S2020.last_day) == []
    (merger,) = mergers_between(S2025.last_day, S2026.last_day)
    assert merger.effective == REFORM_DAY
    assert [m.old for m in merger.predecessors("23392")] == ["23392", "23398"]


def test_the_command_line_takes_a_root(tmp_path):
    result = runner.invoke(
        cli.app, ["aggregate", str(tmp_path), "--period", "2026S1", "--root", "611", "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert result.output == (
        "Lỗi: Mã đơn vị tổng hợp '611' không có trong danh mục đơn vị vn-2025 vào ngày 30/06/2026 (kỳ 2026S1).\n"
    )
