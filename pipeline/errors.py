"""The pipeline's small error tree.

The library raises these and never prints or exits; the CLI turns them into one
Vietnamese line and an exit code. A problem inside one commune's file is *not* an
exception: it becomes an :class:`pipeline.issues.issue.Issue` so the other files still
aggregate. Exceptions are kept for problems that stop the whole run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # errors come before every stage; the code is only passed through
    from pipeline.issues.codes import IssueCode


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
    """One workbook cannot be read at all; carries the code and where, so the refusal can
    become an issue naming the file.

    The message and fix are worded from ``code`` with ``file`` and ``fields``; ``rule`` is
    the code's value, as in ``issues.csv``. ``fields`` are kept so the refusal can be
    sent back from a worker process as plain data and worded again as an issue.
    """

    def __init__(self, code: IssueCode, *, file: str, sheet: str | None = None, cell: str | None = None, **fields: Any):
        place = {"file": file, "sheet": sheet, "cell": cell}
        super().__init__(code.message(**place, **fields))
        self.code = code
        self.rule = code.value
        self.fix = code.fix(**place, **fields)
        self.file = file
        self.sheet = sheet
        self.cell = cell
        self.fields = fields


class MachineError(PipelineError):
    """The machine, not the user, stopped the run: a folder that cannot be written, a full
    disk, a ledger that is damaged or held by another run. Nothing was published, so the
    previous outputs are as they were; the message names the path and what to do."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None):
        super().__init__(message)
        self.path = path


KEPT = "Kết quả lần trước được giữ nguyên."


def machine_error(exc: OSError, path: object) -> MachineError:
    """The Vietnamese message for a failed read or write of ``path`` (or the file the
    operating system names)."""
    import errno

    where = str(exc.filename or path)
    if exc.errno == errno.ENOSPC:
        text = f"Ổ đĩa đầy khi ghi {where}. Hãy giải phóng dung lượng ổ đĩa rồi chạy lại."
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        text = f"Không có quyền ghi vào {where}. Hãy cấp quyền ghi hoặc chọn thư mục khác (--output)."
    elif exc.errno in (errno.ENOTDIR, errno.EEXIST):
        text = f"{where} là một tệp, không phải thư mục. Hãy chọn thư mục kết quả khác (--output)."
    else:
        text = f"Không đọc hoặc ghi được {where}: {exc.strerror or exc}. Hãy kiểm tra ổ đĩa rồi chạy lại."
    return MachineError(f"{text} {KEPT}", path=where)
