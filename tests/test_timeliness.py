"""Lateness: against the end of the deadline day, information only."""

from __future__ import annotations

import datetime as dt

from pipeline.read.workbook import read_submission
from pipeline.spec.catalog import Severity
from pipeline.validate.timeliness import late_issues, lateness


def test_lateness_against_the_end_of_the_deadline_day():
    deadline = dt.date(2020, 6, 10)
    assert lateness(dt.datetime(2020, 6, 10, 23, 59), deadline) is False
    assert lateness(dt.datetime(2020, 6, 11, 0, 1), deadline) is True
    assert lateness(dt.datetime(2020, 6, 11), None) is None


def test_late_files_get_an_information_issue(make_submission, catalog):
    sub = read_submission(make_submission("23380"), catalog)
    received = {sub.name: dt.datetime(2020, 6, 13, 9, 30)}
    [issue] = late_issues([sub], received, dt.date(2020, 6, 10))
    assert (issue.rule, issue.severity) == ("late_submission", Severity.INFO)
    assert issue.message == "Tệp 23380.xlsx nhận ngày 13/06/2020, sau hạn nộp 10/06/2020 (3 ngày)."
    assert late_issues([sub], received, dt.date(2020, 6, 15)) == []
