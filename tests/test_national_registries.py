"""The committed national registries and merger map, read as a run reads them.

The counts are those of the GSO lists (63 provinces, 707 districts and 10,614 communes on
01/06/2020; 63, 696 and 10,047 on 01/03/2025; 34 provinces and 3,321 communes from
01/7/2025), and the sample codes and names were looked up by hand in the source files
(daohoangson/dvhcvn ``data/dvhcvn.json`` at e806feb and eaddcea, dvhcvn/20250701
``mapping/merges.json``), not taken from the builder.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
import yaml

from pipeline.spec.mergers import Merger, load_mergers
from pipeline.spec.registry_sources import PINS, snapshots
from pipeline.spec.text_yaml import TextLoader
from pipeline.spec.units import DEFAULT_UNITS_PATH, UnitRegistry, load_registry

UNITS = Path(__file__).resolve().parent.parent / "pipeline" / "spec" / "data" / "units"
NGOC_HOI = {
    "23377": "Thị trấn Plei Kần", "23380": "Xã Đắk Ang", "23383": "Xã Đắk Dục", "23386": "Xã Đắk Nông",
    "23389": "Xã Đắk Xú", "23392": "Xã Đắk Kan", "23395": "Xã Bờ Y", "23398": "Xã Sa Loong",
}  # fmt: skip


@pytest.fixture(scope="module")
def in_2020() -> UnitRegistry:
    return load_registry(UNITS / "vn-2020.yaml", on=dt.date(2020, 6, 1))


@pytest.fixture(scope="module")
def in_2025_march() -> UnitRegistry:
    return load_registry(UNITS / "vn-2020.yaml", on=dt.date(2025, 3, 1))


@pytest.fixture(scope="module")
def after() -> UnitRegistry:
    return load_registry(UNITS / "vn-2025.yaml", on=dt.date(2025, 7, 1))


@pytest.fixture(scope="module")
def merges():
    return load_mergers(UNITS / "vn-2025-merges.yaml")


def _levels(registry: UnitRegistry) -> Counter[str]:
    return Counter(u.level for u in registry.units)


def _types(registry: UnitRegistry) -> Counter[str]:
    words = ("Thị trấn", "Đặc khu", "Phường", "Xã")
    return Counter(next(w for w in words if u.name.startswith(f"{w} ")) for u in registry.units if u.level == "commune")


def test_the_list_of_01_06_2020(in_2020):
    assert _levels(in_2020) == {"country": 1, "province": 63, "district": 707, "commune": 10_614}
    assert _types(in_2020) == {"Xã": 8_297, "Phường": 1_712, "Thị trấn": 605}
    assert in_2020.root == "VN" and [lv.name for lv in in_2020.levels] == ["country", "province", "district", "commune"]


def test_the_list_of_01_03_2025(in_2025_march):
    assert _levels(in_2025_march) == {"country": 1, "province": 63, "district": 696, "commune": 10_047}
    # The source types two wards of Quận Phú Nhuận (27046 Phường 5, 27076 Phường 15) "Xã";
    # the names say Phường, so by name there are two more wards than by its type field.
    assert _types(in_2025_march) == {"Xã": 7_704, "Phường": 1_726, "Thị trấn": 617}


def test_the_units_from_01_07_2025(after):
    assert _levels(after) == {"country": 1, "province": 34, "commune": 3_321}
    assert _types(after) == {"Xã": 2_621, "Phường": 687, "Đặc khu": 13}
    assert [lv.name for lv in after.levels] == ["country", "province", "commune"]
    assert after.level_noun(["commune"]) == "xã, phường, đặc khu"
    assert len(after.children("51")) == 96


@pytest.mark.parametrize(
    ("code", "name", "short", "parent"),
    [
        ("01", "Thành phố Hà Nội", "Hà Nội", "VN"),
        ("001", "Quận Ba Đình", "Ba Đình", "01"),
        ("00001", "Phường Phúc Xá", "Phúc Xá", "001"),
        ("00010", "Phường Nguyễn Trung Trực", "Nguyễn Trung Trực", "001"),
        ("00292", "Phường Quỳnh Lôi", "Quỳnh Lôi", "007"),
        ("026", "Huyện Đồng Văn", "Đồng Văn", "02"),
        ("00715", "Xã Lũng Cú", "Lũng Cú", "026"),
        ("01279", "Phường Ngọc Xuân", "Ngọc Xuân", "040"),
        ("760", "Quận 1", "Quận 1", "79"),
        ("26734", "Phường Tân Định", "Tân Định", "760"),
        ("32191", "Thị trấn Năm Căn", "Năm Căn", "971"),  # "Thị Trấn Năm Căn" in the source
        ("62", "Tỉnh Kon Tum", "Kon Tum", "VN"),
        ("611", "Huyện Ngọc Hồi", "Ngọc Hồi", "62"),
    ],
)
def test_sample_units_of_2020(in_2020, code, name, short, parent):
    unit = in_2020[code]
    assert (unit.name, unit.short_name, unit.parent) == (name, short, parent)


def test_ngoc_hoi_is_as_the_sample_district_file_has_it(in_2020, in_2025_march):
    sample = load_registry(DEFAULT_UNITS_PATH)
    for registry in (in_2020, in_2025_march):
        assert {u.code: u.name for u in registry.children("611")} == NGOC_HOI
        for code in NGOC_HOI:
            ours, theirs = registry[code], sample[code]
            assert (ours.name, ours.short_name, ours.aliases, ours.parent) == (
                theirs.name, theirs.short_name, theirs.aliases, theirs.parent,
            )  # fmt: skip
            assert ours.valid_to == dt.date(2025, 6, 30)
    assert in_2020.find_by_name("Pleikần").code == "23377" and in_2020.find_by_name("TT Plei Kần").code == "23377"


def test_codes_reused_or_renamed_have_one_meaning_a_day(in_2025_march):
    assert in_2025_march["00292"].name == "Phường Bạch Mai"
    assert in_2025_march.get("00010") is None  # merged away before the list of 01/01/2025
    december = load_registry(UNITS / "vn-2020.yaml", on=dt.date(2024, 12, 31))
    assert december["00010"].name == "Phường Nguyễn Trung Trực"


@pytest.mark.parametrize(
    ("code", "name", "short", "parent"),
    [
        ("01", "Thành phố Hà Nội", "Hà Nội", "VN"),
        ("51", "Tỉnh Quảng Ngãi", "Quảng Ngãi", "VN"),
        ("00004", "Phường Ba Đình", "Ba Đình", "01"),
        ("00070", "Phường Hoàn Kiếm", "Hoàn Kiếm", "01"),
        ("01279", "Phường Nùng Trí Cao", "Nùng Trí Cao", "04"),
        ("11948", "Đặc khu Bạch Long Vĩ", "Bạch Long Vĩ", "31"),
        ("26732", "Đặc khu Côn Đảo", "Côn Đảo", "79"),
        ("32191", "Xã Năm Căn", "Năm Căn", "96"),
        ("23377", "Xã Bờ Y", "Bờ Y", "51"),
        ("23383", "Xã Dục Nông", "Dục Nông", "51"),
        ("23392", "Xã Sa Loong", "Sa Loong", "51"),
    ],
)
def test_sample_units_of_2025(after, code, name, short, parent):
    unit = after[code]
    assert (unit.name, unit.short_name, unit.parent, unit.valid_from) == (name, short, parent, dt.date(2025, 7, 1))


def test_the_ngoc_hoi_mergers(merges):
    def rows(new: str) -> list[tuple[str, str, str, str, str]]:
        return [(m.old, m.old_name, m.new, m.new_name, m.kind) for m in merges.predecessors(new)]

    assert rows("23377") == [
        ("23377", "Thị trấn Plei Kần", "23377", "Xã Bờ Y", "full"),
        ("23389", "Xã Đắk Xú", "23377", "Xã Bờ Y", "full"),
        ("23395", "Xã Bờ Y", "23377", "Xã Bờ Y", "full"),
    ]
    assert rows("23383") == [
        ("23380", "Xã Đắk Ang", "23383", "Xã Dục Nông", "full"),
        ("23383", "Xã Đắk Dục", "23383", "Xã Dục Nông", "full"),
        ("23386", "Xã Đắk Nông", "23383", "Xã Dục Nông", "full"),
    ]
    assert rows("23392") == [
        ("23392", "Xã Đắk Kan", "23392", "Xã Sa Loong", "full"),
        ("23398", "Xã Sa Loong", "23392", "Xã Sa Loong", "full"),
    ]
    assert merges.successors("23377") == (Merger("23377", "Thị trấn Plei Kần", "23377", "Xã Bờ Y", "full"),)
    assert merges.province_of("62") == merges.province_of("51") == "51"
    assert (merges.effective, merges.before, merges.after) == (dt.date(2025, 7, 1), "vn-2020", "vn-2025")


def test_every_old_and_new_commune_is_in_the_map_under_its_name(merges, in_2025_march, after):
    assert len(merges.communes) == 10_604 and len(merges.provinces) == 63
    for unit in in_2025_march.units:
        if unit.level == "commune":
            assert {m.old_name for m in merges.successors(unit.code)} == {unit.name}, unit.code
    for unit in after.units:
        if unit.level == "commune":
            assert {m.new_name for m in merges.predecessors(unit.code)} == {unit.name}, unit.code
    for row in merges.communes:
        assert in_2025_march[row.old].name == row.old_name and after[row.new].name == row.new_name
    assert {new for _, new in merges.provinces} == {u.code for u in after.units if u.level == "province"}
    # The districts without communes became special zones: their rows give the district.
    assert merges.successors("755") == (Merger("755", "Huyện Côn Đảo", "26732", "Đặc khu Côn Đảo", "full"),)


def test_a_commune_split_between_several_is_partial_in_each(merges):
    for old in {m.old for m in merges.communes}:
        found = merges.successors(old)
        assert len(found) == 1 or not any(m.full for m in found), old


def test_the_files_name_their_pinned_sources_and_licences():
    vn2020 = yaml.load((UNITS / "vn-2020.yaml").read_text(encoding="utf-8"), Loader=TextLoader)
    lists = [(p.snapshot.isoformat(), p.commit, p.sha256) for p in snapshots(PINS) if p.snapshot]
    assert [(s["date"], s["commit"], s["sha256"]) for s in vn2020["source"]["snapshots"]] == lists
    assert (vn2020["valid_from"], vn2020["valid_to"], vn2020["source"]["licence"]) == (
        "2020-06-01",
        "2025-06-30",
        "GPL-3.0",
    )
    head = (UNITS / "vn-2020.yaml").read_text(encoding="utf-8").split("\nid:")[0]
    assert "Dates are those of the snapshots of the list, not the legal effective dates" in head
    merges_head = (UNITS / "vn-2025-merges.yaml").read_text(encoding="utf-8").split("\nid:")[0]
    assert "30622 Xã Tân Phú of 89 Tỉnh An Giang" in merges_head  # kept as published, flagged
    index = yaml.load((UNITS / "index.yaml").read_text(encoding="utf-8"), Loader=TextLoader)
    assert [(r["id"], r["valid_from"], r.get("valid_to")) for r in index["registries"]] == [
        ("vn-2020", "2020-06-01", "2025-06-30"), ("vn-2025", "2025-07-01", None),
    ]  # fmt: skip
    assert all((UNITS / e["file"]).is_file() for e in [*index["registries"], *index["mergers"]])
    notice = (UNITS / "NOTICE.md").read_text(encoding="utf-8")
    assert "GNU General Public License, version 3" in notice and "Copyright (c) 2025 dvhcvn" in notice
    assert all(p.sha256 in notice and p.commit in notice for p in PINS) and "make registries" in notice
