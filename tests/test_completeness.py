"""Completeness: expected units against what arrived."""

from __future__ import annotations

from pipeline.aggregate.completeness import Completeness, FileOutcome, Status


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
