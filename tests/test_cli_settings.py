"""Broken or mistyped settings files on the command line: exit 2 and the exact message.

Every refusal here happens while the settings files are read, before any workbook is
opened, so no Great Expectations context is needed.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from pipeline.cli import app as cli
from pipeline.spec.catalog import DEFAULT_CATALOG_PATH

runner = CliRunner()


def aggregate(sample_inbox: Path, output: Path, *options: str):
    return runner.invoke(cli.app, ["aggregate", "--inbox", str(sample_inbox), "--output", str(output), *options])


def test_a_misspelt_catalog_key(tmp_path, sample_inbox):
    raw = yaml.safe_load(DEFAULT_CATALOG_PATH.read_text(encoding="utf-8"))
    raw["sections"][1]["indicators"][0]["requird"] = raw["sections"][1]["indicators"][0].pop("required")
    bad = tmp_path / "catalog.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = aggregate(sample_inbox, tmp_path / "out", "--catalog", str(bad))
    assert result.exit_code == 2
    assert result.output == "Lỗi: catalog.yaml: sections[1].indicators[0]: không có trường 'requird'\n"
    assert not (tmp_path / "out").exists()


def test_a_catalog_rule_naming_an_unknown_code(tmp_path, sample_inbox):
    raw = yaml.safe_load(DEFAULT_CATALOG_PATH.read_text(encoding="utf-8"))
    raw["rules"][2]["left"] = "loan_housholds"
    bad = tmp_path / "catalog.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = aggregate(sample_inbox, tmp_path / "out", "--catalog", str(bad))
    assert result.exit_code == 2
    assert result.output == "Lỗi: catalog.yaml: rules[2].left: mã 'loan_housholds' không có trong danh mục\n"


def test_a_units_file_with_an_unknown_level_and_parent(tmp_path, sample_inbox):
    bad = tmp_path / "ngoc_hoi.yaml"
    bad.write_text(
        "id: x\nroot: '1'\nlevels: [{name: commune}]\n"
        "units: [{code: '1', name: A, level: commune}, {code: '2', name: B, level: town, parent: '999'}]\n",
        encoding="utf-8",
    )
    result = aggregate(sample_inbox, tmp_path / "out", "--units", str(bad))
    assert result.exit_code == 2
    assert result.output == (
        "Lỗi: ngoc_hoi.yaml: units[1].level: cấp 'town' không có trong levels (chỉ có: commune)\n"
        "ngoc_hoi.yaml: units[1].parent: đơn vị cấp trên '999' không có trong tệp\n"
    )


def test_a_units_file_that_is_not_yaml(tmp_path, sample_inbox):
    bad = tmp_path / "units.yaml"
    bad.write_text("id: x\nroot: [1\n", encoding="utf-8")
    result = aggregate(sample_inbox, tmp_path / "out", "--units", str(bad))
    assert result.exit_code == 2
    assert result.output == "Lỗi: units.yaml: dòng 3, cột 1: sai cú pháp YAML: thiếu dấu ',' hoặc ']'\n"


def test_a_missing_waivers_file(tmp_path, sample_inbox):
    missing = tmp_path / "khong_co.yaml"
    result = aggregate(sample_inbox, tmp_path / "out", "--waivers", str(missing))
    assert result.exit_code == 2
    assert result.output == f"Lỗi: Không tìm thấy tệp chấp nhận cảnh báo (--waivers): {missing}\n"


def test_a_folder_given_as_waivers(tmp_path, sample_inbox):
    result = aggregate(sample_inbox, tmp_path / "out", "--waivers", str(tmp_path))
    assert result.exit_code == 2
    assert result.output == f"Lỗi: {tmp_path} là một thư mục, không phải tệp chấp nhận cảnh báo (--waivers).\n"


def test_a_waiver_with_a_bad_period(tmp_path, sample_inbox):
    bad = tmp_path / "waivers.yaml"
    bad.write_text("waivers:\n  - {unit_code: '23380', period: 2020-06, rule: x, reason: r}\n", encoding="utf-8")
    result = aggregate(sample_inbox, tmp_path / "out", "--waivers", str(bad))
    assert result.exit_code == 2
    assert result.output == (
        "Lỗi: waivers.yaml: waivers[0].period: kỳ '2020-06' không hợp lệ, "
        "hãy ghi theo dạng NĂMS1 hoặc NĂMS2, ví dụ 2020S1\n"
    )


def test_a_missing_catalog_for_templates(tmp_path):
    missing = tmp_path / "catalog.yaml"
    result = runner.invoke(
        cli.app, ["templates", "--period", "2020S1", "--out", str(tmp_path), "--catalog", str(missing)]
    )
    assert result.exit_code == 2
    assert result.output == f"Lỗi: Không tìm thấy tệp danh mục chỉ tiêu (--catalog): {missing}\n"


def test_a_folder_given_as_units_for_samples(tmp_path):
    result = runner.invoke(cli.app, ["samples", "--out", str(tmp_path / "s"), "--units", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output == f"Lỗi: {tmp_path} là một thư mục, không phải tệp danh mục đơn vị (--units).\n"
