"""The Great Expectations adapter: one run per frame, failures as plain row labels."""

from __future__ import annotations

import pandas as pd

from pipeline.catalog import Severity
from pipeline.gx_validation import suite_dict
from pipeline.rules import CELLS, SUBMISSIONS, Check


def test_failures_come_back_as_row_labels(validator):
    checks = [
        Check(
            "nonneg",
            "non_negative",
            "ExpectColumnValuesToBeBetween",
            {"column": "value", "min_value": 0},
            Severity.ERROR,
            frame=CELLS,
        ),
        Check(
            "pair",
            "part_le_whole",
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": "total", "column_B": "part", "or_equal": True, "ignore_row_if": "either_value_is_missing"},
            Severity.ERROR,
            blame="part",
            frame=SUBMISSIONS,
        ),
        Check(
            "period",
            "period",
            "ExpectColumnValuesToBeInSet",
            {"column": "period", "value_set": {"$PARAMETER": "p"}},
            Severity.ERROR,
            frame=SUBMISSIONS,
        ),
    ]
    frames = {
        CELLS: pd.DataFrame({"value": [1.0, -2.0, None, 3.0]}),
        SUBMISSIONS: pd.DataFrame(
            {"total": [5.0, 5.0, None], "part": [6.0, 5.0, 9.0], "period": ["2020S1", "2019S2", "2020S1"]}
        ),
    }
    failures = {f.check_id: f.rows for f in validator.run(frames, checks, {"p": ["2020S1"]})}
    assert failures == {"nonneg": (1,), "pair": (0,), "period": (1,)}


def test_empty_frames_are_not_run(validator):
    check = Check("x", "x", "ExpectColumnValuesToNotBeNull", {"column": "value"}, Severity.ERROR, frame=CELLS)
    assert validator.run({CELLS: pd.DataFrame({"value": []})}, [check], {}) == []


def test_suite_json_has_no_random_ids_and_keeps_meta():
    check = Check("type", "type", "ExpectColumnValuesToBeNull", {"column": "invalid"}, Severity.ERROR)
    data = suite_dict([check], "s")
    assert "id" not in data and all("id" not in e for e in data["expectations"])
    assert data["expectations"][0]["meta"] == {"check_id": "type", "rule": "type", "severity": "error"}
    assert suite_dict([check], "s") == data
