"""The merger map loader: both directions, the provinces, the refusals, and its YAML reader."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
import yaml

from pipeline.errors import ConfigError, UsageError
from pipeline.spec.mergers import Merger, MergerMap, bundled_merger_path, bundled_mergers, load_mergers
from pipeline.spec.text_yaml import TextLoader

MAP = """\
    # A reform of two old communes into one, and a split one.
    id: test-merges
    effective: 2025-07-01
    before: vn-2020
    after: vn-2025
    source: {repository: "dvhcvn/20250701", files: [{path: "mapping/merges.json", sha256: "00ab"}]}
    notice: |-
      MIT License
    provinces:
      - {old: "62", new: "51"}
      - {old: 01, new: 01}
    communes:
      - {old: "23377", old_name: "Thị trấn Plei Kần", new: "23377", new_name: "Xã Bờ Y", kind: full}
      - {old: "23389", old_name: "Xã Đắk Xú", new: "23377", new_name: "Xã Bờ Y", kind: full}
      - {old: 00007, old_name: "Phường Cống Vị", new: 00008, new_name: "Phường Ngọc Hà", kind: partial}
      - {old: 00007, old_name: "Phường Cống Vị", new: 00025, new_name: "Phường Giảng Võ", kind: partial}
"""


def _write(tmp_path, text=MAP, name="merges.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_map_is_read_both_ways(tmp_path):
    merges = load_mergers(_write(tmp_path))
    assert isinstance(merges, MergerMap)
    assert (merges.id, merges.effective, merges.before, merges.after) == (
        "test-merges", dt.date(2025, 7, 1), "vn-2020", "vn-2025",
    )  # fmt: skip
    assert merges.predecessors("23377") == (
        Merger("23377", "Thị trấn Plei Kần", "23377", "Xã Bờ Y", "full"),
        Merger("23389", "Xã Đắk Xú", "23377", "Xã Bờ Y", "full"),
    )
    assert [m.new for m in merges.successors("00007")] == ["00008", "00025"]  # unquoted zeros stay
    assert not any(m.full for m in merges.successors("00007"))
    assert merges.successors("23389")[0].full and merges.successors(" 23389 ") == merges.successors("23389")
    assert merges.successors("99999") == () and merges.predecessors("23389") == ()
    assert merges.province_of("62") == "51" and merges.province_of("01") == "01"
    with pytest.raises(KeyError):
        merges.province_of("99")


def test_an_unknown_key_or_kind_is_refused_where_it_is(tmp_path):
    text = MAP.replace('kind: full}\n      - {old: "23389"', 'kind: whole}\n      - {old: "23389"')
    text = text.replace('provinces:\n      - {old: "62", new: "51"}', 'provinces:\n      - {old: "62", nwe: "51"}')
    with pytest.raises(ConfigError) as refused:
        load_mergers(_write(tmp_path, text))
    message = str(refused.value)
    assert "merges.yaml: provinces[0]: không có trường 'nwe'" in message
    assert "merges.yaml: communes[0].kind: giá trị 'whole' không hợp lệ, chỉ nhận: full, partial" in message


def test_a_pair_listed_twice_is_refused(tmp_path):
    row = '      - {old: "23389", old_name: "Xã Đắk Xú", new: "23377", new_name: "Xã Bờ Y", kind: full}\n'
    with pytest.raises(ConfigError, match=r"communes\[4\]: cặp mã cũ → mới '23389 → 23377' bị trùng với communes\[1\]"):
        load_mergers(_write(tmp_path, MAP + row))


def test_a_missing_map_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="Không tìm thấy tệp bảng sắp xếp đơn vị"):
        load_mergers(tmp_path / "nowhere.yaml")


def test_the_bundled_map_is_found_through_the_index(tmp_path):
    index = _write(tmp_path, """\
        registries: []
        mergers:
          - {id: later, file: later.yaml, effective: 2030-01-01, before: a, after: b}
          - {id: vn-2025-merges, file: vn-2025-merges.yaml, effective: 2025-07-01, before: vn-2020, after: vn-2025}
    """, "index.yaml")  # fmt: skip
    assert bundled_merger_path(index) == tmp_path / "later.yaml"
    empty = _write(tmp_path, "registries: []\n", "empty.yaml")
    with pytest.raises(ConfigError, match="không có bảng sắp xếp đơn vị nào"):
        bundled_merger_path(empty)
    bundled = bundled_mergers()
    assert bundled is bundled_mergers() and bundled.id == "vn-2025-merges"
    assert bundled_merger_path().name == "vn-2025-merges.yaml"


DOCUMENTS = [
    "",
    "# only a comment\n",
    "a: 1\nb: [x, 'y', \"00010\", 2025-06-30]\nc: {d: null, e: ~, f: true}\n",
    "base: &b {x: 1, y: [1, 2]}\nother: *b\nlist: &l [a, b]\nagain: *l\n",
    "tagged: !!int 12\nplain: !custom text\nblock: |\n  two\n  lines\nfolded: >-\n  one\n  line\n",
    "- a\n- - b\n  - c\n- {k: v}\n",
    "dup: 1\ndup: 2\n",
    "key with spaces: value\n'quoted key': 2\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_the_text_loader_reads_what_the_base_loader_reads(text):
    assert yaml.load(text, Loader=TextLoader) == yaml.load(text, Loader=yaml.BaseLoader)


def test_the_text_loader_keeps_shared_and_recursive_values():
    data = yaml.load("a: &x [1]\nb: *x\nc: &r {self: *r}\n", Loader=TextLoader)
    assert data["a"] is data["b"] and data["c"]["self"] is data["c"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a: *nowhere\n", "found undefined alias"),
        ("a: 1\n---\nb: 2\n", "but found another document"),
        ("? [x]\n: 1\n", "found unhashable key"),
        ("a: [1, 2\n", "expected ',' or ']'"),
    ],
)
def test_the_text_loader_refuses_what_the_base_loader_refuses(text, problem):
    with pytest.raises(yaml.YAMLError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        yaml.load(text, Loader=TextLoader)
    with pytest.raises(yaml.YAMLError):
        yaml.load(text, Loader=yaml.BaseLoader)
