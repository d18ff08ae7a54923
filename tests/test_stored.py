"""Issues and their values stored as JSON come back equal and of the same type, and
nothing but the types written comes back from a damaged or foreign store."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.issues.codes import IssueCode
from pipeline.issues.issue import Issue
from pipeline.issues.stored import StoredValueError, issue_data, issue_from, plain, restored
from pipeline.spec.catalog import Severity

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text()
    | st.datetimes()
    | st.dates()
    | st.times()
    | st.builds(Path, st.text(min_size=1, alphabet="abcđ/._ "))
    | st.sampled_from(list(IssueCode))
    | st.sampled_from(list(Severity))
)
values = st.recursive(
    _scalars,
    lambda inner: st.tuples(inner, inner) | st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=12,
)


def _through_json(value):
    return restored(json.loads(json.dumps(plain(value), ensure_ascii=False)))


def _same(a, b) -> bool:
    """Equal and of the same type all the way down (``1 == 1.0 == True`` is not enough)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, tuple | list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return a == b


@given(values)
def test_every_value_comes_back_equal_and_of_its_type(value):
    assert _same(_through_json(value), value)


def test_the_values_a_reader_meets_keep_their_type():
    found = [3, 3.0, -0.0, True, "3", "1.250", {"tuple": ["not a tag, a commune's text"]}, dt.timedelta(hours=36)]
    back = [_through_json(v) for v in found]
    assert [type(v) for v in back] == [type(v) for v in found] and back == found
    assert math.isnan(_through_json(float("nan"))) and _through_json(float("-inf")) == float("-inf")


def test_text_that_looks_like_a_tag_stays_text():
    typed = '{"path": "/etc/passwd"}'
    assert _through_json(typed) == typed


@pytest.mark.parametrize(
    "data",
    [
        {"pickle": "gASV"},  # a type this module never writes
        {"path": "a", "date": "2020-01-01"},  # two keys
        {"date": "30/06/2020"},  # damaged
        ["a", "bare", "list"],
        {"tuple": 5},
    ],
)
def test_anything_else_is_refused(data):
    with pytest.raises(StoredValueError):
        restored(data)


def test_an_issue_comes_back_equal_with_its_code_and_fields():
    issue = Issue.of(
        IssueCode.TEXT_NUMBER,
        file="xa/DakAng.xlsx",
        unit_code="23380",
        sheet="1_KinhTe",
        cell="D7",
        indicator="loan_households",
        value="1.250",
        found="1.250",
        number="1.250",
        unit="hộ",
        file_sha256="ab" * 32,
    )
    back = issue_from(json.loads(json.dumps(issue_data(issue))))
    assert back == issue
    assert back.code is IssueCode.TEXT_NUMBER and back.fields == issue.fields and back.related == issue.related
    assert back.text("en") == issue.text("en")


def test_a_damaged_issue_is_refused():
    with pytest.raises(StoredValueError):
        issue_from(["too", "short"])
    data = issue_data(Issue.of(IssueCode.EMPTY_SUBMISSION, file="a.xlsx"))
    data[7] = "error"  # the severity as bare text
    with pytest.raises(StoredValueError):
        issue_from(data)
