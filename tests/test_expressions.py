"""Expressions over indicator codes."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.spec.expressions import ExpressionError, parse


def test_codes_in_order_of_appearance_with_dotted_names():
    assert parse("abs(new_jobs.female - new_jobs / 2) + new_jobs").codes == ("new_jobs.female", "new_jobs")


def test_evaluates_column_wise_and_blank_propagates():
    data = pd.DataFrame({"a": [1.0, None, 6.0], "b": [2.0, 2.0, 0.0]})
    assert parse("a / b * 100").evaluate(data).tolist()[::2] == [50.0, pytest.approx(float("nan"), nan_ok=True)]
    assert parse("min(a, b)").evaluate(data).tolist()[0] == 1.0
    assert parse("-a + 3").evaluate(data).tolist()[0] == 2.0
    assert parse("7").evaluate(data).tolist() == [7.0, 7.0, 7.0]


@pytest.mark.parametrize("text", ["__import__('os')", "a ** 2", "a if b else c", "open('x')", "a <= b", "'x'", ""])
def test_anything_else_is_refused(text):
    with pytest.raises(ExpressionError):
        parse(text)
