"""The units registry: the bundled Ngọc Hồi file, name matching, and small hand-written registries."""

from __future__ import annotations

import dataclasses
import datetime as dt
import textwrap
import unicodedata
from pathlib import Path

import pytest
import yaml

from pipeline.errors import ConfigError, UsageError
from pipeline.spec.units import DEFAULT_UNITS_PATH, load_registry, normalise_name

NGOC_HOI = [
    ("611", "Ngọc Hồi", "district"),
    ("23377", "Plei Kần", "commune"),
    ("23380", "Đắk Ang", "commune"),
    ("23383", "Đắk Dục", "commune"),
    ("23386", "Đắk Nông", "commune"),
    ("23389", "Đắk Xú", "commune"),
    ("23392", "Đắk Kan", "commune"),
    ("23395", "Bờ Y", "commune"),
    ("23398", "Sa Loong", "commune"),
]


def write(tmp_path: Path, text: str, name: str = "units.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# --- the bundled registry -------------------------------------------------------------


def test_bundled_registry_root_is_the_district(registry):
    assert registry.id == "ngoc-hoi-2020"
    assert registry.root == "611"
    assert registry["611"].name == "Huyện Ngọc Hồi"


def test_subtree_is_the_nine_units_in_report_order(registry):
    assert [(u.code, u.short_name, u.level) for u in registry.subtree()] == NGOC_HOI


def test_subtree_of_root_code_equals_default(registry):
    assert registry.subtree("611") == registry.subtree()


def test_communes_are_children_of_the_district(registry):
    assert [u.code for u in registry.children("611")] == [code for code, _, _ in NGOC_HOI[1:]]
    assert all(u.parent == "611" for u in registry.children("611"))


def test_subtree_of_a_commune_is_itself(registry):
    assert [u.code for u in registry.subtree("23395")] == ["23395"]


def test_subtree_of_the_province_adds_it_first(registry):
    codes = [u.code for u in registry.subtree("62")]
    assert codes == ["62", *(code for code, _, _ in NGOC_HOI)]


def test_subtree_of_an_unknown_code_is_empty(registry):
    assert registry.subtree("99999") == []


def test_ancestors_nearest_first(registry):
    assert registry.ancestors("23380") == ["23380", "611", "62"]
    assert registry.ancestors("611") == ["611", "62"]
    assert registry.ancestors("62") == ["62"]
    assert registry.ancestors("99999") == []


def test_get_strips_and_getitem_raises_for_unknown(registry):
    assert registry.get(" 23398 ").short_name == "Sa Loong"
    assert registry.get("99999") is None
    with pytest.raises(KeyError):
        registry["99999"]


def test_level_labels(registry):
    assert registry.level_label("province") == "Cấp tỉnh"
    assert registry.level_label("district") == "Cấp huyện"
    assert registry.level_label("commune") == "Cấp xã"
    assert registry.level_label("ward") == "ward"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Đắk Ang", "23380"),
        ("Đăk Ang", "23380"),
        ("ĐẮK ANG", "23380"),
        ("đak ang", "23380"),
        ("Xã Đắk Ang", "23380"),
        ("  xã   Đắk   Ang  ", "23380"),
        (unicodedata.normalize("NFD", "Đắk Ang"), "23380"),
        (unicodedata.normalize("NFD", "XÃ ĐĂK DỤC"), "23383"),
        ("Pờ Y", "23395"),
        ("Bờ Y", "23395"),
        ("Pleikần", "23377"),
        ("TT Plei Kần", "23377"),
        ("Thị trấn Plei Kần", "23377"),
        ("Sa Loong", "23398"),
        ("Ngọc Hồi", "611"),
    ],
)
def test_find_by_name_matches_spellings_communes_use(registry, name, code):
    unit = registry.find_by_name(name)
    assert unit is not None
    assert unit.code == code


@pytest.mark.parametrize("name", ["Đắk Hà", "Dak Ang", "Ang", "", "Bờ"])
def test_find_by_name_does_not_guess(registry, name):
    assert registry.find_by_name(name) is None


def test_nfd_input_is_really_decomposed():
    # Guards the NFD test case above: the input must differ from the NFC spelling.
    assert unicodedata.normalize("NFD", "Đắk Ang") != "Đắk Ang"
    assert normalise_name(unicodedata.normalize("NFD", "Đắk Ang")) == "đăk ang"


def test_names_in_the_registry_are_nfc(tmp_path):
    nfd = unicodedata.normalize("NFD", "Xã Đắk Ang")
    path = tmp_path / "nfd.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "id": "t",
                "root": "1",
                "levels": [{"name": "commune"}],
                "units": [{"code": "1", "name": nfd, "level": "commune"}],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    unit = load_registry(path)["1"]
    assert unit.name == unicodedata.normalize("NFC", "Xã Đắk Ang")
    assert unit.short_name == unit.name


def test_valid_on_bounds_are_inclusive(registry):
    district = registry["611"]
    assert district.valid_to == dt.date(2025, 6, 30)
    assert district.valid_on(dt.date(2020, 6, 30))
    assert district.valid_on(dt.date(2025, 6, 30))
    assert not district.valid_on(dt.date(2025, 7, 1))
    assert registry["62"].valid_on(dt.date(2030, 1, 1))


def test_valid_from_bound(tmp_path):
    path = write(
        tmp_path,
        """
        id: t
        root: "1"
        levels: [{name: commune}]
        units:
          - {code: "1", name: "Xã Bờ Y", level: commune, valid_from: "2025-07-01"}
        """,
    )
    unit = load_registry(path)["1"]
    assert unit.valid_from == dt.date(2025, 7, 1)
    assert not unit.valid_on(dt.date(2025, 6, 30))
    assert unit.valid_on(dt.date(2025, 7, 1))


def test_default_path_is_the_bundled_file():
    assert DEFAULT_UNITS_PATH.name == "ngoc_hoi.yaml"
    assert load_registry(DEFAULT_UNITS_PATH) == load_registry()


# --- other shapes of hierarchy --------------------------------------------------------

TWO_LEVEL = """
id: kon-tum-2025
root: "62"
levels:
  - {name: province, label_vi: "Cấp tỉnh"}
  - {name: commune, label_vi: "Cấp xã"}
units:
  - {code: "62", name: "Tỉnh Kon Tum", short_name: "Kon Tum", level: province}
  - {code: "23377", name: "Xã Bờ Y", short_name: "Bờ Y", level: commune, parent: "62", valid_from: 2025-07-01}
  - {code: "23392", name: "Xã Sa Loong", short_name: "Sa Loong", level: commune, parent: "62", valid_from: 2025-07-01}
"""


def test_two_level_province_to_commune(tmp_path):
    reg = load_registry(write(tmp_path, TWO_LEVEL))
    assert [lv.name for lv in reg.levels] == ["province", "commune"]
    assert [u.code for u in reg.subtree()] == ["62", "23377", "23392"]
    assert reg.ancestors("23392") == ["23392", "62"]
    assert [u.code for u in reg.children("62")] == ["23377", "23392"]
    assert reg.find_by_name("Bờ Y").code == "23377"
    assert reg["23377"].valid_on(dt.date(2025, 7, 1))
    assert not reg["23377"].valid_on(dt.date(2025, 6, 30))


THREE_LEVEL = """
id: province-two-districts
root: "P"
levels:
  - {name: province}
  - {name: district}
  - {name: commune}
units:
  - {code: "P", name: "Tỉnh A", level: province}
  - {code: "D1", name: "Huyện Một", level: district, parent: "P"}
  - {code: "C11", name: "Xã Một Một", level: commune, parent: "D1"}
  - {code: "D2", name: "Huyện Hai", level: district, parent: "P"}
  - {code: "C21", name: "Xã Hai Một", level: commune, parent: "D2"}
  - {code: "C12", name: "Xã Một Hai", level: commune, parent: "D1"}
"""


def test_three_level_province_with_two_districts(tmp_path):
    reg = load_registry(write(tmp_path, THREE_LEVEL))
    assert [u.code for u in reg.subtree()] == ["P", "D1", "C11", "D2", "C21", "C12"]
    assert [u.code for u in reg.subtree("D1")] == ["D1", "C11", "C12"]
    assert [u.code for u in reg.subtree("D2")] == ["D2", "C21"]
    assert reg.ancestors("C12") == ["C12", "D1", "P"]
    assert reg.ancestors("C21") == ["C21", "D2", "P"]
    # A level without label_vi is labelled by its name.
    assert reg.level_label("district") == "district"


# --- refusals ---------------------------------------------------------------------------


def refused(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_registry(path)
    assert info.value.file == str(path)
    assert info.value.exit_code == 2
    return info.value


def test_missing_file_is_a_usage_error(tmp_path):
    path = tmp_path / "absent.yaml"
    with pytest.raises(UsageError) as info:
        load_registry(path)
    assert str(info.value) == f"Không tìm thấy tệp danh mục đơn vị (--units): {path}"
    assert info.value.exit_code == 2


def test_a_folder_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError) as info:
        load_registry(tmp_path)
    assert str(info.value) == f"{tmp_path} là một thư mục, không phải tệp danh mục đơn vị (--units)."


def test_bad_yaml_names_line_and_column(tmp_path):
    path = write(tmp_path, "id: t\nroot: [1\nunits: {\n")
    assert str(refused(path)) == "units.yaml: dòng 3, cột 6: sai cú pháp YAML: thiếu dấu ',' hoặc ']'"


def test_a_tab_in_the_indentation(tmp_path):
    path = write(tmp_path, "id: t\n\troot: '1'\n")
    assert str(refused(path)) == "units.yaml: dòng 2, cột 1: sai cú pháp YAML: không được thụt lề bằng phím Tab"


def test_unknown_key(tmp_path):
    path = write(
        tmp_path,
        """
        id: t
        root: "611"
        levels: [{name: district}, {name: commune}]
        units:
          - {code: "611", name: "Huyện Ngọc Hồi", level: district}
          - {code: "23380", name: "Xã Đắk Ang", level: commune, parnet: "611"}
        """,
        name="ngoc_hoi.yaml",
    )
    err = refused(path)
    assert str(err) == "ngoc_hoi.yaml: units[1]: không có trường 'parnet'"
    assert err.key == "units[1]"


def test_unknown_key_at_the_top(tmp_path):
    path = write(
        tmp_path, "id: t\nroot: '1'\nlevel: [{name: commune}]\nunits: [{code: '1', name: A, level: commune}]\n"
    )
    assert str(refused(path)) == "units.yaml: thiếu trường 'levels'\nunits.yaml: không có trường 'level'"


def test_duplicate_code(tmp_path):
    path = write(
        tmp_path,
        """
        id: t
        root: "611"
        levels: [{name: district}, {name: commune}]
        units:
          - {code: "611", name: "Huyện Ngọc Hồi", level: district}
          - {code: "23380", name: "Xã Đắk Ang", level: commune, parent: "611"}
          - {code: "23383", name: "Xã Đắk Dục", level: commune, parent: "611"}
          - {code: "23380", name: "Xã Đắk Nông", level: commune, parent: "611"}
          - {code: "23383", name: "Xã Đắk Xú", level: commune, parent: "611"}
        """,
    )
    assert str(refused(path)) == (
        "units.yaml: units[3].code: mã đơn vị '23380' bị trùng với units[1].code\n"
        "units.yaml: units[4].code: mã đơn vị '23383' bị trùng với units[2].code"
    )


def test_duplicate_level(tmp_path):
    path = write(
        tmp_path,
        "id: t\nroot: '1'\nlevels: [{name: commune}, {name: commune}]\nunits: [{code: '1', name: A, level: commune}]\n",
    )
    assert str(refused(path)) == "units.yaml: levels[1].name: cấp 'commune' bị trùng với levels[0].name"


def test_unknown_level(tmp_path):
    path = write(
        tmp_path,
        """
        id: t
        root: "611"
        levels: [{name: district}, {name: commune}]
        units:
          - {code: "611", name: "Huyện Ngọc Hồi", level: district}
          - {code: "23380", name: "Xã Đắk Ang", level: ward, parent: "611"}
        """,
    )
    err = refused(path)
    assert str(err) == "units.yaml: units[1].level: cấp 'ward' không có trong levels (chỉ có: district, commune)"
    assert err.key == "units[1].level"


def test_unknown_parent(tmp_path):
    path = write(
        tmp_path,
        """
        id: t
        root: "611"
        levels: [{name: district}, {name: commune}]
        units:
          - {code: "611", name: "Huyện Ngọc Hồi", level: district}
          - {code: "23380", name: "Xã Đắk Ang", level: commune, parent: "611"}
          - {code: "23383", name: "Xã Đắk Dục", level: commune, parent: "611"}
          - {code: "23386", name: "Xã Đắk Nông", level: commune, parent: "999"}
        """,
        name="ngoc_hoi.yaml",
    )
    assert str(refused(path)) == "ngoc_hoi.yaml: units[3].parent: đơn vị cấp trên '999' không có trong tệp"


def test_root_missing(tmp_path):
    path = write(
        tmp_path,
        """
        id: t
        root: "610"
        levels: [{name: district}, {name: commune}]
        units:
          - {code: "611", name: "Huyện Ngọc Hồi", level: district}
        """,
    )
    assert str(refused(path)) == "units.yaml: root: đơn vị gốc '610' không có trong units"


def test_missing_required_field(tmp_path):
    path = write(
        tmp_path,
        """
        id: t
        root: "611"
        levels: [{name: district}]
        units:
          - {code: "611", level: district}
        """,
    )
    err = refused(path)
    assert str(err) == "units.yaml: units[0]: thiếu trường 'name'"
    assert err.key == "units[0]"


def test_blank_code_and_aliases_not_a_list(tmp_path):
    path = write(
        tmp_path,
        """
        id: t
        root: "611"
        levels: [{name: district}]
        units:
          - {code: " ", name: "Huyện Ngọc Hồi", level: district, aliases: "Ngoc Hoi"}
        """,
    )
    assert str(refused(path)) == (
        "units.yaml: units[0].code: không được để trống\nunits.yaml: units[0].aliases: phải là danh sách"
    )


def test_bad_date(tmp_path):
    path = write(
        tmp_path,
        """
        id: t
        root: "611"
        levels: [{name: district}]
        units:
          - {code: "611", name: "Huyện Ngọc Hồi", level: district, valid_to: "30/6/2025"}
        """,
    )
    err = refused(path)
    assert str(err) == (
        "units.yaml: units[0].valid_to: ngày '30/6/2025' không hợp lệ, hãy ghi theo dạng NĂM-THÁNG-NGÀY, "
        "ví dụ 2025-06-30"
    )
    assert err.key == "units[0].valid_to"


def test_unquoted_codes_keep_their_leading_zeros(tmp_path):
    path = write(
        tmp_path,
        """
        id: t
        root: 00001
        levels: [{name: province}, {name: commune}]
        units:
          - {code: 00001, name: "Tỉnh A", level: province}
          - {code: 00010, name: "Xã B", level: commune, parent: 00001}
          - {code: 0012, name: "Xã C", level: commune, parent: 00001}
        """,
    )
    reg = load_registry(path)
    assert reg.root == "00001"
    assert [(u.code, u.parent) for u in reg.units] == [("00001", None), ("00010", "00001"), ("0012", "00001")]


def test_allowed_senders_are_read_in_lower_case_and_must_be_addresses(tmp_path):
    good = write(
        tmp_path,
        """
        id: t
        root: "611"
        levels: [{name: district}]
        units:
          - {code: "611", name: "Huyện Ngọc Hồi", level: district, senders: [" VanThu@NgocHoi.vn "]}
        """,
    )
    assert load_registry(good)["611"].senders == ("vanthu@ngochoi.vn",)
    bad = write(
        tmp_path,
        """
        id: t
        root: "611"
        levels: [{name: district}]
        units:
          - {code: "611", name: "Huyện Ngọc Hồi", level: district, senders: ["vanthu ngochoi.vn"]}
        """,
        name="bad.yaml",
    )
    assert str(refused(bad)) == "bad.yaml: units[0].senders[0]: 'vanthu ngochoi.vn' không phải địa chỉ thư điện tử"


@pytest.mark.parametrize(
    "address",
    [
        "vanthu@ngochoi",
        "Văn thư <vanthu@ngochoi.vn>",
        "a@ngochoi.vn, b@ngochoi.vn",
        "vanthu@@ngochoi.vn",
        "@ngochoi.vn",
    ],
)
def test_a_sender_that_could_never_match_a_message_is_refused(tmp_path, address):
    """A display name, a list or a domain without a dot would hold every form of the unit."""
    path = write(
        tmp_path,
        f"""
        id: t
        root: "611"
        levels: [{{name: district}}]
        units:
          - {{code: "611", name: "Huyện Ngọc Hồi", level: district, senders: ['{address}']}}
        """,
    )
    assert str(refused(path)) == f"units.yaml: units[0].senders[0]: '{address}' không phải địa chỉ thư điện tử"


def test_the_bundled_registry_lists_no_senders():
    """So every run checks no sender until the office declares addresses."""
    assert not any(u.senders for u in load_registry().units)


# --- a code's history: one meaning a day ------------------------------------------------

HISTORY = """
    id: t
    valid_from: 2020-06-01
    root: "62"
    levels: [{name: province}, {name: commune}]
    units:
      - {code: "62", name: "Tỉnh Kon Tum", level: province}
      - {code: "23377", name: "Thị trấn Plei Kần", level: commune, parent: "62", valid_to: 2025-06-30}
      - {code: "23377", name: "Xã Bờ Y", level: commune, parent: "62", valid_from: 2025-07-01}
      - {code: "23380", name: "Xã Đắk Ang", level: commune, parent: "62", valid_to: 2025-06-30}
    """


def test_a_reused_code_means_what_it_meant_on_the_day(tmp_path):
    path = write(tmp_path, HISTORY)
    before = load_registry(path, on=dt.date(2024, 6, 30))
    after = load_registry(path, on=dt.date(2026, 6, 30))
    assert before["23377"].name == "Thị trấn Plei Kần" and before.get("23380") is not None
    assert after["23377"].name == "Xã Bờ Y" and after.get("23380") is None
    assert before.valid_from == dt.date(2020, 6, 1)


def test_a_history_read_without_a_day_gives_each_code_its_latest_meaning(tmp_path):
    registry = load_registry(write(tmp_path, HISTORY))
    assert registry["23377"].name == "Xã Bờ Y"
    assert [u.code for u in registry.units].count("23377") == 1


def test_versions_of_a_code_must_not_overlap(tmp_path):
    path = write(tmp_path, HISTORY.replace("valid_from: 2025-07-01}", "valid_from: 2025-06-01}"))
    assert str(refused(path)) == (
        "units.yaml: units[2].code: mã đơn vị '23377' bị trùng với units[1].code trong cùng thời gian hiệu lực"
    )


def test_a_version_cannot_end_before_it_begins(tmp_path):
    path = write(tmp_path, HISTORY.replace("valid_from: 2025-07-01}", "valid_from: 2025-07-01, valid_to: 2025-01-01}"))
    assert str(refused(path)) == "units.yaml: units[2].valid_to: ngày hết hiệu lực 01/01/2025 trước ngày bắt đầu"


def test_a_name_many_units_share_matches_none(tmp_path):
    path = write(
        tmp_path,
        """
        id: t
        root: "VN"
        levels: [{name: country}, {name: province}, {name: commune}]
        units:
          - {code: "VN", name: "Việt Nam", level: country}
          - {code: "01", name: "Thành phố Hà Nội", level: province, parent: "VN"}
          - {code: "02", name: "Tỉnh Hà Giang", level: province, parent: "VN"}
          - {code: "00001", name: "Xã An Bình", short_name: "An Bình", level: commune, parent: "01"}
          - {code: "00700", name: "Xã An Bình", short_name: "An Bình", level: commune, parent: "02"}
        """,
    )
    country = load_registry(path)
    assert country.find_by_name("Xã An Bình") is None
    province = dataclasses.replace(country, root="02")
    assert province.find_by_name("an bình").code == "00700"
