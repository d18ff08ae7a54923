"""Waivers accept specific warnings, visibly; errors cannot be waived."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigError, UsageError
from pipeline.issues.issue import Issue
from pipeline.spec.catalog import Severity
from pipeline.spec.periods import Period
from pipeline.validate.waivers import Waiver, apply_waivers, load_waivers

P = Period(2020, 1)


def issue(rule="startup_within_households", severity=Severity.WARNING, unit="23380", indicator="startup_loan_women"):
    return Issue(
        unit_code=unit,
        file="a.xlsx",
        sheet="2_KinhTe",
        cell="E19",
        indicator=indicator,
        value=30.0,
        rule=rule,
        severity=severity,
        message="m",
        fix="f",
    )


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path) -> str:
    with pytest.raises(ConfigError) as info:
        load_waivers(path)
    assert info.value.file == str(path)
    assert info.value.exit_code == 2
    return str(info.value)


def test_load_waivers(tmp_path):
    path = write(
        tmp_path,
        'waivers:\n  - {unit_code: "23380", period: 2020S1, rule: startup_within_households,\n'
        '     reason: "Xã xác nhận bằng văn bản", by: "Nguyễn Văn A"}\n'
        "  - {unit_code: 23377, period: 2020 s2, rule: x, reason: r, indicator: rice_kg}\n",
    )
    assert load_waivers(path) == [
        Waiver("23380", "2020S1", "startup_within_households", "Xã xác nhận bằng văn bản", "Nguyễn Văn A"),
        Waiver("23377", "2020S2", "x", "r", indicator="rice_kg"),
    ]
    assert load_waivers(None) == []


def test_an_empty_file_or_list_means_no_waivers(tmp_path):
    assert load_waivers(write(tmp_path, "# none yet\n")) == []
    assert load_waivers(write(tmp_path, "waivers: []\n")) == []


def test_a_waiver_without_reason_is_refused(tmp_path):
    path = write(tmp_path, 'waivers:\n  - {unit_code: "23380", period: 2020S1, rule: x}\n')
    assert refused(path) == "waivers.yaml: waivers[0]: thiếu trường 'reason'"


def test_a_blank_reason_is_refused(tmp_path):
    path = write(tmp_path, 'waivers:\n  - {unit_code: "23380", period: 2020S1, rule: x, reason: "  "}\n')
    assert refused(path) == "waivers.yaml: waivers[0].reason: không được để trống"


def test_unknown_key_is_refused(tmp_path):
    path = write(
        tmp_path, "waivers:\n  - {unit_code: '23380', period: 2020S1, rule: x, reason: r, indicatr: rice_kg}\n"
    )
    assert refused(path) == "waivers.yaml: waivers[0]: không có trường 'indicatr'"


def test_bad_period_is_refused(tmp_path):
    path = write(tmp_path, "waivers:\n  - {unit_code: '23380', period: 2020-06, rule: x, reason: r}\n")
    assert refused(path) == (
        "waivers.yaml: waivers[0].period: kỳ '2020-06' không hợp lệ, hãy ghi theo dạng NĂMS1 hoặc NĂMS2, ví dụ 2020S1"
    )


def test_a_file_that_is_not_a_list_of_waivers(tmp_path):
    assert (
        refused(write(tmp_path, "- {unit_code: '23380'}\n")) == "waivers.yaml: phải là bảng các trường (khóa: giá trị)"
    )
    assert refused(write(tmp_path, "waivers: {unit_code: '23380'}\n")) == "waivers.yaml: waivers: phải là danh sách"


def test_missing_file_is_a_usage_error(tmp_path):
    path = tmp_path / "none.yaml"
    with pytest.raises(UsageError) as info:
        load_waivers(path)
    assert str(info.value) == f"Không tìm thấy tệp chấp nhận cảnh báo (--waivers): {path}"
    assert info.value.exit_code == 2


def test_a_folder_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError) as info:
        load_waivers(tmp_path)
    assert str(info.value) == f"{tmp_path} là một thư mục, không phải tệp chấp nhận cảnh báo (--waivers)."


def test_matching_warning_is_marked_not_removed():
    w = Waiver("23380", "2020S1", "startup_within_households", "Đã xác minh", "A")
    result, outcome = apply_waivers([issue(), issue(unit="23377")], [w], P)
    assert [i.waiver for i in result] == ["Đã xác minh (A)", None]
    assert len(outcome.applied) == 1 and outcome.unused == () and outcome.refused == ()
    assert not result[0].is_open_warning and result[1].is_open_warning


def test_errors_cannot_be_waived():
    w = Waiver("23380", "2020S1", "required", "xin bỏ qua")
    result, outcome = apply_waivers([issue(rule="required", severity=Severity.ERROR)], [w], P)
    assert result[0].waiver is None and result[0].is_error
    assert len(outcome.refused) == 1


def test_other_period_or_indicator_does_not_match():
    waivers = [
        Waiver("23380", "2020S2", "startup_within_households", "r"),
        Waiver("23380", "2020S1", "startup_within_households", "r", indicator="rice_kg"),
    ]
    result, outcome = apply_waivers([issue()], waivers, P)
    assert result[0].waiver is None and len(outcome.unused) == 2
