"""Waivers: an auditor accepts a specific warning for a unit and period, with a reason.

A waiver never hides anything: the waived issue stays in every report with the reason
beside it, and the run's provenance lists every waiver applied and every one that
matched nothing. Errors cannot be waived: an error means the figure cannot be summed.

File format (YAML)::

    waivers:
      - unit_code: "23380"
        period: 2020S1
        rule: startup_within_households   # the rule name shown in issues.csv
        indicator: startup_loan_women     # optional: only this indicator
        reason: "Xã xác nhận bằng văn bản ngày 12/6/2020."
        by: "Nguyễn Văn A"
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict

from pipeline.errors import UsageError
from pipeline.issues.issue import Issue
from pipeline.spec.catalog import Severity
from pipeline.spec.periods import Period
from pipeline.spec.settings_files import Code, read_yaml, validate

WHAT = "tệp chấp nhận cảnh báo"


def _period_code(text: str) -> str:
    """The period as its canonical code (``2020 s1`` is ``2020S1``), so it matches the run's."""
    try:
        return Period.parse(text).code
    except UsageError:
        raise ValueError(f"kỳ '{text}' không hợp lệ, hãy ghi theo dạng NĂMS1 hoặc NĂMS2, ví dụ 2020S1") from None


@dataclass(frozen=True)
class Waiver:
    unit_code: str
    period: str
    rule: str
    reason: str
    by: str = ""
    indicator: str | None = None

    def matches(self, issue: Issue, period: Period) -> bool:
        return (
            self.period == period.code
            and self.unit_code == issue.unit_code
            and self.rule == issue.rule
            and (self.indicator is None or self.indicator == issue.indicator)
        )

    def describe(self) -> str:
        return self.reason + (f" ({self.by})" if self.by else "")


@dataclass(frozen=True)
class WaiverOutcome:
    """What became of the waivers: applied to issues, refused (an error), or unused."""

    applied: tuple[tuple[Waiver, Issue], ...]
    refused: tuple[tuple[Waiver, Issue], ...]
    unused: tuple[Waiver, ...]


class WaiverEntry(BaseModel):
    """One entry of the waivers file; every scalar arrives as text (YAML's base loader)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    unit_code: Code
    period: Annotated[Code, AfterValidator(_period_code)]
    rule: Code
    reason: Code
    by: str = ""
    indicator: str | None = None


class WaiversFile(BaseModel):
    """The whole waivers file; an empty file or list means no waivers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    waivers: tuple[WaiverEntry, ...] = ()


def load_waivers(path: Path | None) -> list[Waiver]:
    """Read the waivers file; ``None`` means no waivers.

    A path that is missing or a folder is a usage error (a mistyped ``--waivers`` must
    not silently waive nothing); a malformed file is a configuration error naming the entry.
    """
    if path is None:
        return []
    raw = read_yaml(path, WHAT, option="--waivers", loader=yaml.BaseLoader)
    entries = validate(WaiversFile, raw if raw is not None else {}, path).waivers
    return [
        Waiver(
            unit_code=w.unit_code,
            period=w.period,
            rule=w.rule,
            reason=w.reason,
            by=w.by.strip(),
            indicator=(w.indicator or "").strip() or None,
        )
        for w in entries
    ]


def apply_waivers(
    issues: Sequence[Issue], waivers: Sequence[Waiver], period: Period
) -> tuple[list[Issue], WaiverOutcome]:
    """Mark the warnings (and information) that a waiver accepts; errors stay errors."""
    applied: list[tuple[Waiver, Issue]] = []
    refused: list[tuple[Waiver, Issue]] = []
    used: set[int] = set()
    result: list[Issue] = []
    for issue in issues:
        match = next((k for k, w in enumerate(waivers) if w.matches(issue, period)), None)
        if match is None:
            result.append(issue)
            continue
        used.add(match)
        if issue.severity is Severity.ERROR:
            refused.append((waivers[match], issue))
            result.append(issue)
            continue
        waived = dataclasses.replace(issue, waiver=waivers[match].describe())
        applied.append((waivers[match], waived))
        result.append(waived)
    unused = tuple(w for k, w in enumerate(waivers) if k not in used)
    return result, WaiverOutcome(tuple(applied), tuple(refused), unused)
