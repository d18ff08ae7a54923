"""Problems found in what communes sent, as data located to a cell.

Takes the spec's severities; gives :class:`IssueCode` (every kind of problem, worded
once, with its default severity and fix) and :class:`Issue` (one problem at one place,
made with :meth:`Issue.of`), which every later stage reports.
"""

from pipeline.issues.code_table import codes_table_markdown
from pipeline.issues.codes import IssueCode
from pipeline.issues.issue import ISSUE_COLUMNS, Issue

__all__ = ["ISSUE_COLUMNS", "Issue", "IssueCode", "codes_table_markdown"]
