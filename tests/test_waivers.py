"""Waivers accept specific warnings, visibly; errors cannot be waived."""

from __future__ import annotations

import pytest

from pipeline.errors import ConfigError
from pipeline.issues.issue import Issue
from pipeline.spec.catalog import Severity
from pipeline.spec.periods import Period
from pipeline.validate.waivers import Waiver, apply_waivers, load_waivers

P = Period(2020, 1)


def issue(rule="startup_within_households", severity=Severity.WARNING, unit="23380", indicator="startup_loan_women"):
    return Issue(unit, "a.xlsx", "2_KinhTe", "E19", indicator, 30.0, rule, severity, "m", "f")


def test_load_waivers(tmp_path):
    path = tmp_path / "waivers.yaml"
    path.write_text(
        'waivers:\n  - {unit_code: "23380", period: 2020S1, rule: startup_within_households,\n'
        '     reason: "Xã xác nhận bằng văn bản", by: "Nguyễn Văn A"}\n',
        encoding="utf-8",
    )
    assert load_waivers(path) == [
        Waiver("23380", "2020S1", "startup_within_households", "Xã xác nhận bằng văn bản", "Nguyễn Văn A")
    ]
    assert load_waivers(tmp_path / "none.yaml") == [] and load_waivers(None) == []


def test_a_waiver_without_reason_is_refused(tmp_path):
    path = tmp_path / "waivers.yaml"
    path.write_text('waivers:\n  - {unit_code: "23380", period: 2020S1, rule: x}\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_waivers(path)
    assert str(info.value) == (
        f"Tệp chấp nhận cảnh báo {path}, mục 1: thiếu reason. Mỗi mục cần mã đơn vị, kỳ, quy tắc và lý do."
    )


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
