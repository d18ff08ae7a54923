"""Which period the inbox's forms declare, checked before anything is written.

A run for a period no form declares would publish an empty report over the real one
(``make aggregate INBOX=inbox/2020S2`` left at the default ``PERIOD=2020S1`` used to
rewrite ``output/2020S1/`` with nothing accepted), so it stops instead and names the
period the forms do declare.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import UsageError
from pipeline.spec.periods import Period

if TYPE_CHECKING:
    from pipeline.read.inbox import Intake


def check_declared(intake: Intake, period: Period, inbox: Path, outputs: Path) -> None:
    """Raise :class:`UsageError` when no readable form declares ``period`` and running
    would hide something: forms of other periods, or outputs already published for it.

    An inbox whose files are all unreadable still gets its report (the refusals are the
    news), unless that would replace outputs already published for the period.
    """
    declared = Counter(s.period for s in intake.submissions if s.period)
    if period.code in declared or not (declared or outputs.exists()):
        return
    kept = f" Kết quả đã có của kỳ {period.code} được giữ nguyên." if outputs.exists() else ""
    if not declared:
        raise UsageError(f"Không có biểu mẫu đọc được nào trong {inbox} ghi kỳ {period.code}.{kept}")
    found = ", ".join(f"{code} ({n} tệp)" for code, n in sorted(declared.items()))
    best = declared.most_common(1)[0][0]
    raise UsageError(
        f"Không có biểu mẫu nào trong {inbox} ghi kỳ {period.code}; các biểu mẫu ghi kỳ {found}. "
        f"Hãy chạy lại với --period {best} (make aggregate PERIOD={best}).{kept}"
    )
