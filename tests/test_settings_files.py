"""Settings files: how a refusal is worded (file, place inside it, Vietnamese reason), and
that every settings model refuses unknown keys and is frozen."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.errors import ConfigError, UsageError
from pipeline.spec import catalog_file, units
from pipeline.spec.settings_files import MAX_SHOWN, Problem, location, read_yaml, refusal, validate
from pipeline.validate import waivers


class Colour(enum.StrEnum):
    RED = "red"
    GREEN = "green"


class Child(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str


class Sample(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    count: int
    share: float = 0.0
    flag: bool = False
    items: list[str] = []
    day: dt.date | None = None
    colour: Colour = Colour.RED
    child: Child | None = None
    children: dict[str, Child] = {}


FILE = Path("/some/where/sample.yaml")
GOOD = {"count": 1}


def message(data: object) -> str:
    with pytest.raises(ConfigError) as info:
        validate(Sample, data, FILE)
    assert info.value.file == str(FILE)
    return str(info.value)


def test_valid_data_gives_the_model():
    assert validate(Sample, {"count": "3", "day": "2020-06-30", "colour": "green"}, FILE) == Sample(
        count=3, day=dt.date(2020, 6, 30), colour=Colour.GREEN
    )


def test_location_is_zero_based_and_dotted():
    assert location(("sections", 1, "indicators", 0)) == "sections[1].indicators[0]"
    assert location(("children", "a", "name")) == "children.a.name"
    assert location(()) == ""


def test_unknown_key_is_named_at_its_entry():
    assert message({**GOOD, "child": {"name": "a", "nmae": "b"}}) == "sample.yaml: child: không có trường 'nmae'"
    assert message({**GOOD, "cuont": 2}) == "sample.yaml: không có trường 'cuont'"


def test_missing_key_is_named_at_its_entry():
    assert message({"children": {"a": {}}}) == (
        "sample.yaml: thiếu trường 'count'\nsample.yaml: children.a: thiếu trường 'name'"
    )


def test_wrong_enum_value_lists_the_choices():
    assert (
        message({**GOOD, "colour": "blue"}) == "sample.yaml: colour: giá trị 'blue' không hợp lệ, chỉ nhận: red, green"
    )


@pytest.mark.parametrize(
    ("field", "value", "wording"),
    [
        ("count", "many", "phải là số nguyên"),
        ("count", 1.5, "phải là số nguyên"),
        ("share", "half", "phải là số"),
        ("flag", "maybe", "phải là true hoặc false"),
        ("items", "a", "phải là danh sách"),
        ("child", "a", "phải là bảng các trường (khóa: giá trị)"),
        ("children", ["a"], "phải là bảng các trường (khóa: giá trị)"),
    ],
)
def test_wrong_types_are_worded(field, value, wording):
    assert message({**GOOD, field: value}) == f"sample.yaml: {field}: {wording}"


def test_text_expected():
    assert message({**GOOD, "items": ["a", 2]}) == "sample.yaml: items[1]: phải là văn bản"


def test_bad_date():
    assert message({**GOOD, "day": "30/6/2020"}) == (
        "sample.yaml: day: ngày '30/6/2020' không hợp lệ, hãy ghi theo dạng NĂM-THÁNG-NGÀY, ví dụ 2025-06-30"
    )


def test_not_a_mapping_and_empty_file():
    assert message(["count"]) == "sample.yaml: phải là bảng các trường (khóa: giá trị)"
    assert message(None) == "sample.yaml: tệp trống"


def test_only_the_first_problems_are_shown_and_the_rest_counted():
    data = {"count": 1, **{f"extra{k}": k for k in range(MAX_SHOWN + 3)}}
    assert message(data).splitlines() == [
        *(f"sample.yaml: không có trường 'extra{k}'" for k in range(MAX_SHOWN)),
        "sample.yaml: còn 3 lỗi khác.",
    ]


def test_refusal_keeps_the_full_path_and_the_first_place():
    err = refusal(FILE, [Problem("rules[2].left", "a"), Problem("rules[3].left", "b")])
    assert (str(err), err.file, err.key, err.exit_code) == (
        "sample.yaml: rules[2].left: a\nsample.yaml: rules[3].left: b",
        str(FILE),
        "rules[2].left",
        2,
    )
    assert str(refusal(None, [Problem("root", "c")])) == "root: c"


_FIELDS = set(Sample.model_fields)


@given(
    key=st.one_of(st.text(min_size=1), st.integers()).filter(lambda k: k not in _FIELDS),
    value=st.one_of(st.none(), st.integers(), st.text(), st.lists(st.integers(), max_size=2)),
)
def test_any_extra_key_is_refused_and_named(key, value):
    with pytest.raises(ConfigError) as info:
        validate(Sample, {**GOOD, key: value}, FILE)
    assert str(info.value) == f"sample.yaml: không có trường '{key}'"


_WAIVER = {"unit_code": "23380", "period": "2020S1", "rule": "r", "reason": "x"}


@given(key=st.text(min_size=1).filter(lambda k: k not in waivers.WaiverEntry.model_fields))
def test_any_extra_key_in_a_waiver_is_refused_and_named(key):
    with pytest.raises(ConfigError) as info:
        validate(waivers.WaiversFile, {"waivers": [_WAIVER, {**_WAIVER, key: "v"}]}, Path("w.yaml"))
    assert str(info.value) == f"w.yaml: waivers[1]: không có trường '{key}'"


def _models() -> list[type[BaseModel]]:
    found = []
    for module in (catalog_file, units, waivers):
        found += [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, BaseModel)]
    return [m for m in found if m is not BaseModel]


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_every_settings_model_refuses_unknown_keys_and_is_frozen(model):
    assert model.model_config.get("extra") == "forbid"
    assert model.model_config.get("frozen") is True


def test_models_cannot_be_changed_after_reading():
    entry = validate(Child, {"name": "a"}, FILE)
    with pytest.raises(ValidationError):
        entry.name = "b"  # type: ignore[misc]


# --- reading the file --------------------------------------------------------------------


def test_read_yaml_returns_the_content(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("code: 00010\n", encoding="utf-8")
    assert read_yaml(path, "tệp thử", option="--thu") == {"code": 8}
    assert read_yaml(path, "tệp thử", option="--thu", loader=yaml.BaseLoader) == {"code": "00010"}


def test_missing_path_and_folder_are_usage_errors(tmp_path):
    with pytest.raises(UsageError) as info:
        read_yaml(tmp_path / "b.yaml", "tệp thử", option="--thu")
    assert str(info.value) == f"Không tìm thấy tệp thử (--thu): {tmp_path / 'b.yaml'}"
    with pytest.raises(UsageError) as info:
        read_yaml(tmp_path, "tệp thử", option="--thu")
    assert str(info.value) == f"{tmp_path} là một thư mục, không phải tệp thử (--thu)."


def test_a_file_not_in_utf8(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes("code: Đắk\n".encode("utf-16"))
    with pytest.raises(ConfigError) as info:
        read_yaml(path, "tệp thử", option="--thu")
    assert (str(info.value), info.value.file) == ("a.yaml: tệp thử phải là văn bản mã UTF-8.", str(path))


@pytest.mark.parametrize(
    ("text", "wording"),
    [
        ("a: [1, 2\nb: 3\n", "dòng 2, cột 2: sai cú pháp YAML: cần ',' hoặc ']' nhưng gặp ':'"),
        (
            "a: b: c\n",
            "dòng 1, cột 5: sai cú pháp YAML: không được có dấu ':' ở đây (giá trị chứa ':' cần đặt trong dấu nháy)",
        ),
        ("a: 'b\n", "dòng 2, cột 1: sai cú pháp YAML: tệp hết khi còn ngoặc hoặc dấu nháy chưa đóng"),
        ("a: *x\n", "dòng 1, cột 4: sai cú pháp YAML: found undefined alias 'x'"),
    ],
)
def test_yaml_syntax_errors_name_line_and_column(tmp_path, text, wording):
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        read_yaml(path, "tệp thử", option="--thu")
    assert str(info.value) == f"a.yaml: {wording}"
    assert info.value.file == str(path)
