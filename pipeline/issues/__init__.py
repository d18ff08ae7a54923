"""Problems found in what communes sent, as data located to a cell."""

from pipeline.issues.issue import ISSUE_COLUMNS, Issue

__all__ = ["ISSUE_COLUMNS", "Issue"]
