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

import yaml

from pipeline.errors import ConfigError
from pipeline.issues.issue import Issue
from pipeline.spec.catalog import Severity
from pipeline.spec.periods import Period


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


def load_waivers(path: Path | None) -> list[Waiver]:
    """Read the waivers file; no file means no waivers. A malformed file is a config error."""
    if path is None or not Path(path).exists():
        return []
    try:
        raw = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}
        items = raw.get("waivers", []) if isinstance(raw, dict) else None
        if not isinstance(items, list):
            raise ConfigError(f"Tệp chấp nhận cảnh báo {path} phải có danh sách 'waivers'.", file=str(path))
        waivers = []
        for k, item in enumerate(items):
            missing = [key for key in ("unit_code", "period", "rule", "reason") if not str(item.get(key, "")).strip()]
            if missing:
                raise ConfigError(
                    f"Tệp chấp nhận cảnh báo {path}, mục {k + 1}: thiếu {', '.join(missing)}. "
                    "Mỗi mục cần mã đơn vị, kỳ, quy tắc và lý do.",
                    file=str(path),
                    key=str(k),
                )
            waivers.append(
                Waiver(
                    unit_code=str(item["unit_code"]).strip(),
                    period=Period.parse(item["period"]).code,
                    rule=str(item["rule"]).strip(),
                    reason=str(item["reason"]).strip(),
                    by=str(item.get("by", "")).strip(),
                    indicator=str(item["indicator"]).strip() if item.get("indicator") else None,
                )
            )
        return waivers
    except yaml.YAMLError as exc:
        raise ConfigError(f"Tệp chấp nhận cảnh báo {path} sai cú pháp YAML: {exc}", file=str(path)) from exc
    except AttributeError as exc:
        raise ConfigError(f"Tệp chấp nhận cảnh báo {path} sai cấu trúc.", file=str(path)) from exc


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
