"""Completeness: expected units against what arrived."""

from __future__ import annotations

from pathlib import Path

from pipeline.aggregate.completeness import Completeness, FileOutcome, Status, judge
from pipeline.issues.issue import Issue
from pipeline.read.workbook import Submission
from pipeline.spec.catalog import Severity


def test_lists_by_status_in_expected_order():
    c = Completeness(
        expected=("611", "23377", "23380", "23383"),
        outcomes=(
            FileOutcome("23380", "b.xlsx", Status.REJECTED, "lỗi"),
            FileOutcome("23377", "a.xlsx", Status.ACCEPTED_WITH_WARNINGS, "1 cảnh báo"),
            FileOutcome("611", "h.xlsx", Status.ACCEPTED),
            FileOutcome("23383", None, Status.MISSING),
            FileOutcome(None, "x.txt", Status.REJECTED, "không phải bảng tính"),
        ),
    )
    assert c.accepted == ["23377", "611"]
    assert c.rejected == ["23380"]
    assert c.missing == ["23383"]


def test_a_unit_with_a_later_good_file_is_not_rejected():
    c = Completeness(
        ("23380",),
        (FileOutcome("23380", "old.xlsx", Status.REJECTED, "lỗi"), FileOutcome("23380", "new.xlsx", Status.ACCEPTED)),
    )
    assert c.rejected == [] and c.accepted == ["23380"]


def test_status_labels_and_totals():
    assert Status.REJECTED.label_vi == "Bị loại"
    assert [s.value for s in Status if s.counts_in_totals] == ["accepted", "accepted_with_warnings"]


def _submission(unit: str, name: str) -> Submission:
    return Submission(Path(name), name, name * 2, {"unit_code": unit, "period": "2020S1"}, {})


def test_each_file_gets_its_verdict_and_each_unit_without_one_is_missing():
    def issue(name: str, severity: Severity, message: str) -> Issue:
        return Issue(unit_code=None, file=name, sheet=None, cell=None, indicator=None, value=None, rule="x",
                     severity=severity, message=message)  # fmt: skip

    issues = [
        issue("bad.xlsx", Severity.ERROR, "Ô E9 để trống."),
        issue("bad.xlsx", Severity.ERROR, "Ô E10 là số âm."),
        issue("warned.xlsx", Severity.WARNING, "Lạ."),
        issue("good.xlsx", Severity.INFO, "Nộp muộn."),
    ]
    active = [_submission("23377", "bad.xlsx"), _submission("23380", "warned.xlsx"), _submission("23383", "good.xlsx")]
    judged = judge([], active, issues, ["23377", "23380", "23383", "23386"], {}, None)
    reasons = [(o.unit_code, o.status, o.reason) for o in judged.completeness.outcomes]
    assert reasons == [
        ("23377", Status.REJECTED, "2 lỗi, ví dụ: Ô E9 để trống."),
        ("23380", Status.ACCEPTED_WITH_WARNINGS, "1 cảnh báo"),
        ("23383", Status.ACCEPTED, ""),
        ("23386", Status.MISSING, "Chưa nhận được báo cáo."),
    ]
    assert [s.name for s in judged.accepted] == ["warned.xlsx", "good.xlsx"]
