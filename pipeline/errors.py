"""The pipeline's small error tree.

The library raises these and never prints or exits; the CLI turns them into one
Vietnamese line and an exit code. A problem inside one commune's file is *not* an
exception: it becomes an :class:`pipeline.issues.issue.Issue` so the other files still
aggregate. Exceptions are kept for problems that stop the whole run.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base class: anything the CLI should report as a clean message."""

    exit_code = 1


class ConfigError(PipelineError):
    """A catalog, units registry or setting is wrong; nothing can run until it is fixed."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, key: str | None = None):
        super().__init__(message)
        self.file = file
        self.key = key


class UsageError(PipelineError):
    """The command was called with an option that cannot work (bad period, missing inbox)."""

    exit_code = 2


class WorkbookError(PipelineError):
    """One workbook cannot be read at all; carries where, so the refusal can name it."""

    def __init__(
        self,
        message: str,
        *,
        file: str,
        sheet: str | None = None,
        cell: str | None = None,
        rule: str = "unreadable_file",
        fix: str = "",
    ):
        super().__init__(message)
        self.fix = fix
        self.file = file
        self.sheet = sheet
        self.cell = cell
        self.rule = rule
