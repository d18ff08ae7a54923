"""The registry builder on a hand-written miniature of its sources.

Three lists of units (2020, 2021, 2025) and a two-province reform, small enough to say
by hand what every line of the output must be: which unit versions there are, the days
each is valid, the short names, the refusals, and that the same sources give the same
bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline.spec import registry_build, registry_sources
from pipeline.spec.merger_build import read_commune_list
from pipeline.spec.registry_sources import BuildError, Pin
from pipeline.spec.registry_yaml import document, flow, scalar
from pipeline.spec.text_yaml import TextLoader
from pipeline.spec.unit_names import official_name, short_name
from pipeline.spec.units import load_registry


def _province(code, name, kind, *districts):
    return {"level1_id": code, "name": name, "type": kind, "level2s": list(districts)}


def _district(code, name, *communes):
    return {"level2_id": code, "name": name, "type": name.split()[0], "level3s": [
        {"level3_id": c, "name": n, "type": n.split()[0]} for c, n in communes
    ]}  # fmt: skip


LISTS = {
    "2020-06-01": [
        _province("01", "Thành phố Hà Nội", "Thành phố Trung ương", _district(
            "001", "Quận Ba Đình", ("00001", "Phường Phúc Xá"), ("00004", "Phường  Trúc Bạch "),
            ("00007", "Phường 1"))),
        _province("62", "Tỉnh Kon Tum", "Tỉnh", _district(
            "611", "Huyện Ngọc Hồi", ("23377", "Thị Trấn Plei Kần"), ("23380", "Xã Đắk Ang"),
            ("23395", "Xã Bờ Y"))),
    ],
    "2021-02-01": [  # spacing and case fixed (no new version); 00001 gone; 23380 moved to a new district
        _province("01", "Thành phố Hà Nội", "Thành phố Trung ương", _district(
            "001", "Quận Ba Đình", ("00004", "Phường Trúc Bạch"), ("00007", "Phường 1"))),
        _province("62", "Tỉnh Kon Tum", "Tỉnh",
            _district("611", "Huyện Ngọc Hồi", ("23377", "Thị trấn Plei Kần"), ("23395", "Xã Bờ Y")),
            _district("612", "Huyện Ia H'Drai", ("23380", "Xã Đắk Ang"))),
    ],
    "2025-03-01": [  # 00001 back under another name; 23395 renamed
        _province("01", "Thành phố Hà Nội", "Thành phố Trung ương", _district(
            "001", "Quận Ba Đình", ("00001", "Phường Ngọc Hà"), ("00004", "Phường Trúc Bạch"),
            ("00007", "Phường 1"))),
        _province("62", "Tỉnh Kon Tum", "Tỉnh",
            _district("611", "Huyện Ngọc Hồi", ("23377", "Thị trấn Plei Kần"), ("23395", "Xã Bờ Y Mới")),
            _district("612", "Huyện Ia H'Drai", ("23380", "Xã Đắk Ang"))),
    ],
}  # fmt: skip

NEW_COMMUNES = [  # (province, code, name, [(old, old name, kind)])
    ("01", "00004", "Phường Ba Đình", [("00004", "Phường Trúc Bạch", "full"), ("00007", "Phường 1", "partial")]),
    ("01", "00001", "Phường Ngọc Hà", [("00001", "Phường Ngọc Hà", "full"), ("00007", "Phường 1", "partial")]),
    ("51", "23377", "Xã Bờ Y", [("23377", "Thị trấn Plei Kần", "full"), ("23395", "Xã Bờ Y Mới", "full")]),
    ("51", "23380", "Xã Đắk Ang", [("23380", "Xã Đắk Ang", "full")]),
]
NEW_PROVINCES = {"01": ("Thành phố Hà Nội", ["01"]), "51": ("Tỉnh Quảng Ngãi", ["62"])}
OLD_PROVINCES = {"01": "Thành phố Hà Nội", "62": "Tỉnh Kon Tum"}


def _merges(communes=NEW_COMMUNES) -> dict:
    data = []
    for code, (name, olds) in NEW_PROVINCES.items():
        merges = [{"old_id": o, "name": OLD_PROVINCES[o], "type": "full"} for o in olds]
        level2s = [
            {"level2_id": c, "name": n, "merges": [{"old_id": o, "name": on, "type": k} for o, on, k in parts]}
            for p, c, n, parts in communes
            if p == code
        ]
        data.append({"level1_id": code, "name": name, "merges": merges, "level2s": level2s})
    return {"data": data}


def _splits(communes=NEW_COMMUNES) -> dict:
    olds: dict[str, list] = {}
    for _, code, name, parts in communes:
        for old, _, _ in parts:
            olds.setdefault(old, []).append({"new_id": code, "name": name})
    level3s = [{"level3_id": o, "name": o, "splits": s} for o, s in sorted(olds.items())]
    return {"data": [{"level1_id": "01", "name": "x", "splits": [], "level3s": level3s}]}


def _commune_table(communes=NEW_COMMUNES) -> str:
    lines = [
        "## Phụ lục I",
        "",
        "| Stt | Mã số | Tên đơn vị hành chính | Tỉnh (thành phố) |",
        "| --- | --- | --- | --- |",
    ]
    lines.append("|     |       | THÀNH PHỐ HÀ NỘI |  |")
    for i, (p, code, name, _) in enumerate(communes, 1):
        province = "Tp Hà Nội" if p == "01" else "Tỉnh<br>Quảng Ngãi"
        lines.append(f"| {i} | {code} | {name.replace(' ', '<br>', 1)} | {province} |")
    return "\n".join(lines) + "\n"


def write_sources(folder: Path, **replace: bytes) -> tuple[Pin, ...]:
    """The miniature sources in ``folder``, and pins for them (computed before ``replace`` is applied)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        f"dvhcvn-{i:040x}.json": json.dumps({"data": d}, ensure_ascii=False).encode()
        for i, d in enumerate(LISTS.values())
    }
    files |= {
        "merges.json": json.dumps(_merges(), ensure_ascii=False).encode(),
        "splits.json": json.dumps(_splits(), ensure_ascii=False).encode(),
        "915_CTK-CSCL.csv": "Stt,Mã số,Tên 34 tỉnh sau sáp nhập\n1,01,Thành phố Hà Nội\n2,51,Quảng Ngãi\n".encode(),
        "1027_CTK-CSCL.md": _commune_table().encode(),
    }
    pins = []
    for i, (name, data) in enumerate(files.items()):
        day = dt.date.fromisoformat(list(LISTS)[i]) if i < len(LISTS) else None
        repo = "daohoangson/dvhcvn" if day else "dvhcvn/20250701"
        pins.append(
            Pin(name, repo, f"{i:040x}", "data/dvhcvn.json" if day else name, hashlib.sha256(data).hexdigest(), day)
        )
        (folder / name).write_bytes(replace.get(name, data))
    return tuple(pins)


ALIASES = {("23377", "Thị trấn Plei Kần"): ("Pleikần", "TT Plei Kần")}


@pytest.fixture
def built(tmp_path):
    pins = write_sources(tmp_path / "src")
    anomalies = registry_build.build(tmp_path / "src", tmp_path / "out", pins=pins, aliases=ALIASES)
    return tmp_path / "out", anomalies


def _units(path: Path) -> list[dict]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=TextLoader)["units"]


def test_a_unit_version_lasts_while_code_name_level_and_parent_stay_the_same(built):
    out, _ = built
    versions = {}
    for unit in _units(out / "vn-2020.yaml"):
        versions.setdefault(unit["code"], []).append(
            (unit["name"], unit.get("parent"), unit.get("valid_from"), unit.get("valid_to"))
        )
    assert versions["VN"] == [("Việt Nam", None, None, "2025-06-30")]
    # The spacing and the case of the type word fixed in 2021: still one version.
    assert versions["00004"] == [("Phường Trúc Bạch", "001", None, "2025-06-30")]
    assert versions["23377"] == [("Thị trấn Plei Kần", "611", None, "2025-06-30")]
    # Gone on 01/02/2021: valid until the day before; back in 2025 under another name.
    assert versions["00001"] == [
        ("Phường Phúc Xá", "001", None, "2021-01-31"),
        ("Phường Ngọc Hà", "001", "2025-03-01", "2025-06-30"),
    ]
    # Moved to a new district: a new version from the list it first appears under it.
    assert versions["23380"] == [
        ("Xã Đắk Ang", "611", None, "2021-01-31"),
        ("Xã Đắk Ang", "612", "2021-02-01", "2025-06-30"),
    ]
    assert versions["612"] == [("Huyện Ia H'Drai", "62", "2021-02-01", "2025-06-30")]
    assert versions["23395"] == [
        ("Xã Bờ Y", "611", None, "2025-02-28"),
        ("Xã Bờ Y Mới", "611", "2025-03-01", "2025-06-30"),
    ]


def test_units_are_written_province_by_province_one_a_line(built):
    out, _ = built
    text = (out / "vn-2020.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Administrative units of Việt Nam")
    assert "not the legal effective dates" in text.split("\nid:")[0]
    codes = [u["code"] for u in _units(out / "vn-2020.yaml")]
    assert codes == ["VN", "01", "001", "00001", "00001", "00004", "00007", "62", "611", "23377", "23380", "23395",
                     "23395", "612", "23380"]  # fmt: skip
    line = '  - {code: "23377", name: "Thị trấn Plei Kần", short_name: "Plei Kần", level: commune, parent: "611", '
    assert line + 'aliases: ["Pleikần", "TT Plei Kần"], valid_to: 2025-06-30}\n' in text
    assert '  - {code: "00007", name: "Phường 1", level: commune, parent: "001", valid_to: 2025-06-30}\n' in text


def test_the_loader_reads_the_built_registries_on_a_day(built):
    out, _ = built
    in_2020 = load_registry(out / "vn-2020.yaml", on=dt.date(2020, 6, 1))
    assert in_2020["00001"].name == "Phường Phúc Xá" and in_2020["23380"].parent == "611"
    assert in_2020.find_by_name("Pleikần").code == "23377"
    in_2025 = load_registry(out / "vn-2020.yaml", on=dt.date(2025, 3, 1))
    assert in_2025["00001"].name == "Phường Ngọc Hà" and in_2025["23380"].parent == "612"
    after = load_registry(out / "vn-2025.yaml", on=dt.date(2025, 7, 1))
    assert [lv.name for lv in after.levels] == ["country", "province", "commune"]
    assert after["51"].name == "Tỉnh Quảng Ngãi" and after["51"].short_name == "Quảng Ngãi"
    assert after["23377"].name == "Xã Bờ Y" and after["23377"].parent == "51"
    assert after["01"].short_name == "Hà Nội"


def test_the_merger_map_has_a_row_per_pair_and_every_province(built):
    out, anomalies = built
    merges = yaml.load((out / "vn-2025-merges.yaml").read_text(encoding="utf-8"), Loader=TextLoader)
    assert merges["provinces"] == [{"old": "01", "new": "01"}, {"old": "62", "new": "51"}]
    assert merges["communes"][:2] == [
        {"old": "00004", "old_name": "Phường Trúc Bạch", "new": "00004", "new_name": "Phường Ba Đình", "kind": "full"},
        {"old": "00007", "old_name": "Phường 1", "new": "00004", "new_name": "Phường Ba Đình", "kind": "partial"},
    ]
    assert len(merges["communes"]) == 7 and anomalies == []
    index = yaml.load((out / "index.yaml").read_text(encoding="utf-8"), Loader=TextLoader)
    assert [r["id"] for r in index["registries"]] == ["vn-2020", "vn-2025"]
    assert index["mergers"][0] == {
        "id": "vn-2025-merges", "file": "vn-2025-merges.yaml", "effective": "2025-07-01",
        "before": "vn-2020", "after": "vn-2025",
    }  # fmt: skip


def test_the_same_sources_give_the_same_bytes(tmp_path, built):
    out, _ = built
    again = tmp_path / "again"
    registry_build.build(tmp_path / "src", again, pins=write_sources(tmp_path / "src"), aliases=ALIASES)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["NOTICE.md", "index.yaml", "vn-2020.yaml", "vn-2025-merges.yaml", "vn-2025.yaml"]
    assert all((out / n).read_bytes() == (again / n).read_bytes() for n in names)


def test_a_file_that_differs_from_its_pin_is_refused_and_nothing_is_written(tmp_path):
    pins = write_sources(tmp_path / "src", **{"merges.json": b'{"data": []}'})
    with pytest.raises(BuildError, match=r"merges\.json: SHA-256 [0-9a-f]{64} differs from the pinned"):
        registry_build.build(tmp_path / "src", tmp_path / "out", pins=pins, aliases=ALIASES)
    assert not (tmp_path / "out").exists()


def test_the_command_refuses_a_wrong_checksum_with_exit_2_and_no_traceback(tmp_path):
    (tmp_path / "merges.json").write_text('{"data": []}', encoding="utf-8")
    command = [sys.executable, "-m", "pipeline.spec.registry_build", "--sources", str(tmp_path)]
    run = subprocess.run([*command, "--out", str(tmp_path / "o")], capture_output=True, text=True, check=False)
    assert run.returncode == 2
    pinned = registry_sources.pinned(registry_sources.PINS, "merges.json").sha256
    actual = hashlib.sha256(b'{"data": []}').hexdigest()
    assert f"merges.json: SHA-256 {actual} differs from the pinned {pinned}" in run.stderr
    assert "splits.json: missing" in run.stderr
    assert "Traceback" not in run.stderr and not (tmp_path / "o").exists()


def test_a_commune_list_that_disagrees_with_merges_stops_the_build(tmp_path):
    table = _commune_table().replace("Phường<br>Ngọc Hà", "Phường<br>Ngọc Hạ")
    pins = write_sources(tmp_path / "src")
    (tmp_path / "src" / "1027_CTK-CSCL.md").write_text(table, encoding="utf-8")
    pins = tuple(
        Pin(p.file, p.repository, p.commit, p.path, hashlib.sha256(table.encode()).hexdigest())
        if p.file == "1027_CTK-CSCL.md" else p
        for p in pins
    )  # fmt: skip
    with pytest.raises(BuildError, match=r"commune 00001: merges.json 'Phường Ngọc Hà' .* 1027 'Phường Ngọc Hạ'"):
        registry_build.build(tmp_path / "src", tmp_path / "out", pins=pins, aliases=ALIASES)
    assert not (tmp_path / "out").exists()


def test_a_commune_sent_to_another_province_is_kept_and_reported(tmp_path):
    communes = [c for c in NEW_COMMUNES if c[1] != "00001"]
    communes[0] = ("01", "00004", "Phường Ba Đình", [*communes[0][3], ("00001", "Phường Ngọc Hà", "full")])
    communes[2] = ("51", "23380", "Xã Đắk Ang", [("23380", "Xã Đắk Ang", "full"), ("00007", "Phường 1", "partial")])
    pins = write_sources(tmp_path / "src")
    for name, data in [("merges.json", _merges(communes)), ("splits.json", _splits(communes))]:
        (tmp_path / "src" / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    table = _commune_table(communes)
    (tmp_path / "src" / "1027_CTK-CSCL.md").write_text(table, encoding="utf-8")
    fresh = {n: hashlib.sha256((tmp_path / "src" / n).read_bytes()).hexdigest() for n in ("merges.json", "splits.json")}
    fresh["1027_CTK-CSCL.md"] = hashlib.sha256(table.encode()).hexdigest()
    pins = tuple(Pin(p.file, p.repository, p.commit, p.path, fresh.get(p.file, p.sha256), p.snapshot) for p in pins)
    anomalies = registry_build.build(tmp_path / "src", tmp_path / "out", pins=pins, aliases=ALIASES)
    assert anomalies == ["00007 Phường 1 of 01 Thành phố Hà Nội (now part of 01 Thành phố Hà Nội) → 23380 Xã Đắk Ang "
                         "of 51 Tỉnh Quảng Ngãi"]  # fmt: skip
    assert f"#   {anomalies[0]}\n" in (tmp_path / "out" / "vn-2025-merges.yaml").read_text(encoding="utf-8")


def test_aliases_for_a_unit_no_list_has_stop_the_build(tmp_path):
    pins = write_sources(tmp_path / "src")
    with pytest.raises(BuildError, match="aliases for units no list has: 23380 Xã Đăk Ang"):
        registry_build.build(tmp_path / "src", tmp_path / "out", pins=pins, aliases={("23380", "Xã Đăk Ang"): ("x",)})


def test_download_saves_only_the_pinned_bytes(tmp_path, monkeypatch):
    pins = write_sources(tmp_path / "served")
    served = {p.url: (tmp_path / "served" / p.file).read_bytes() for p in pins}
    asked = []

    def urlopen(url, timeout):
        asked.append(url)
        return io.BytesIO(served[url])

    monkeypatch.setattr(registry_sources.urllib.request, "urlopen", urlopen)
    fetched = registry_sources.download(tmp_path / "dl", pins)
    assert [p.name for p in fetched] == [p.file for p in pins]
    assert asked[0] == f"https://raw.githubusercontent.com/daohoangson/dvhcvn/{0:040x}/data/dvhcvn.json"
    assert registry_sources.download(tmp_path / "dl", pins) == [] and len(asked) == len(pins)  # already there
    registry_sources.verify(tmp_path / "dl", pins)
    (tmp_path / "dl" / "merges.json").unlink()
    served[registry_sources.pinned(pins, "merges.json").url] = b"tampered"
    with pytest.raises(BuildError, match=r"merges\.json: SHA-256 .* not saved"):
        registry_sources.download(tmp_path / "dl", pins)
    assert not (tmp_path / "dl" / "merges.json").exists()


def test_a_failed_download_is_a_clear_refusal(tmp_path, monkeypatch):
    def urlopen(url, timeout):
        raise registry_sources.urllib.error.URLError("no route to host")

    monkeypatch.setattr(registry_sources.urllib.request, "urlopen", urlopen)
    with pytest.raises(
        BuildError, match=r"could not download https://raw\.githubusercontent\.com/.*: no route to host"
    ):
        registry_sources.download(tmp_path, registry_sources.PINS[:1])
    assert list(tmp_path.iterdir()) == []


def test_official_and_short_names():
    assert official_name("Thị Trấn  Năm Căn ") == "Thị trấn Năm Căn"
    assert official_name("Xã  Đắk Lao") == "Xã Đắk Lao"
    assert official_name("Thành Phố Đồng Hới") == "Thành phố Đồng Hới"
    assert short_name("Thành phố Hà Nội") == "Hà Nội"
    assert short_name("Thị trấn Plei Kần") == "Plei Kần"
    assert short_name("Đặc khu Côn Đảo") == "Côn Đảo"
    assert short_name("Xã Đại Ân 2") == "Đại Ân 2"
    assert short_name("Phường 1") == "Phường 1" and short_name("Quận 10") == "Quận 10"  # "1" alone names nothing


def test_scalars_are_written_so_any_yaml_reader_reads_them_back():
    assert scalar("00010") == '"00010"' and scalar("VN") == '"VN"' and scalar("commune") == "commune"
    assert scalar("e806feb71c5c87fdde6c2aea012dbb2ee6328ba7").startswith('"') and scalar("on") == '"on"'
    assert scalar(dt.date(2025, 6, 30)) == "2025-06-30"
    tricky = {
        "code": "00010",
        "name": 'Xã "A" \\ B: c, {d}',
        "aliases": ["on", "Pờ Y"],
        "valid_to": dt.date(2025, 6, 30),
    }
    text = document("a comment\n\nsecond line", {"units": [tricky], "notice": "two\n\nlines"})
    assert text.startswith("# a comment\n#\n# second line\n")
    back = yaml.safe_load(text)
    assert back["units"][0] == tricky and back["notice"] == "two\n\nlines"
    assert flow({"a": None, "b": "x"}) == "{b: x}"


def test_the_commune_list_reader_joins_broken_cells(tmp_path):
    path = tmp_path / "1027.md"
    path.write_text(_commune_table(), encoding="utf-8")
    found = read_commune_list(path)
    assert found["00001"] == ("Phường Ngọc Hà", "Thành phố Hà Nội")
    assert found["23377"] == ("Xã Bờ Y", "Tỉnh Quảng Ngãi")
