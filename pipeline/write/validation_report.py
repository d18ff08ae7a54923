"""``validation/report.md``: what is wrong and where, unit by unit, in plain Vietnamese.

The district officer reads this first; the issue workbook (:mod:`pipeline.write.issue_workbook`)
holds the same facts for filtering, and both count with the helpers here so they agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from pipeline.aggregate.completeness import Completeness
from pipeline.intake.outcomes import FileOutcome, Status
from pipeline.issues.issue import Issue
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry

MAX_LISTED = 10
WORKBOOK_NAME = "validation/issues.xlsx"
ByFile = dict[str, list[Issue]]
CLOSING = (
    "Chi tiết từng vấn đề xem trong validation/issues.xlsx (lọc theo đơn vị, mức độ) và validation/issues.csv; "
    "phiếu phản hồi gửi từng đơn vị nằm trong thư mục validation/phan_hoi/."
)


def group_by_file(issues: Sequence[Issue]) -> ByFile:
    grouped: dict[str, list[Issue]] = defaultdict(list)
    for issue in issues:
        grouped[issue.file].append(issue)
    return grouped


def late_files(completeness: Completeness) -> list[FileOutcome]:
    """Late files; an ignored file is not a report, so it cannot be a late one."""
    return [o for o in completeness.outcomes if o.late and o.status is not Status.IGNORED]


def accepted_units(completeness: Completeness) -> int:
    return len(set(completeness.accepted) & set(completeness.expected))


def unit_name(code: str | None, registry: UnitRegistry) -> str:
    unit = registry.get(code) if code else None
    return unit.name if unit else ""


def unit_label(code: str | None, registry: UnitRegistry) -> str:
    """ "Xã Đắk Ang (23380)"; a code outside the registry is shown, never dropped."""
    if not code:
        return "Không xác định được đơn vị"
    name = unit_name(code, registry)
    return f"{name} ({code})" if name else f"Mã đơn vị {code} (không có trong danh mục)"


def _flat(text: Any) -> str:
    """One line: a line break inside a commune's text must not break the list."""
    return " ".join(str(text).split())


def _bullet(issue: Issue) -> str:
    """ "- Trang S, ô C: message"; the parts of the place that are unknown are left out."""
    parts = [f"trang {issue.sheet}" if issue.sheet else "", f"ô {issue.cell}" if issue.cell else ""]
    where = ", ".join(p for p in parts if p)
    if not where:
        return f"- {_flat(issue.message)}"
    return f"- {_flat(where[:1].upper() + where[1:])}: {_flat(issue.message)}"


def _capped(found: Sequence[Issue], noun: str) -> list[str]:
    lines = [_bullet(issue) for issue in found[:MAX_LISTED]]
    if len(found) > MAX_LISTED:
        lines.append(f"- … và {len(found) - MAX_LISTED} {noun} khác (xem {WORKBOOK_NAME})")
    return lines


def _file_block(lines: list[str], o: FileOutcome, registry: UnitRegistry, body: list[str]) -> None:
    """Append a "### unit — tệp file" block, one empty line apart from the previous one."""
    lines += [""] if lines else []
    lines += [f"### {unit_label(o.unit_code, registry)} — tệp {_flat(o.file)}", "", *body]


def _rejected(completeness: Completeness, by_file: ByFile, registry: UnitRegistry) -> list[str]:
    lines: list[str] = []
    for o in (o for o in completeness.outcomes if o.status is Status.REJECTED):
        mine = by_file.get(o.file or "", [])
        errors = [i for i in mine if i.is_error]
        body = _capped(errors, "lỗi") if errors else [f"- {_flat(o.reason or 'Không rõ lý do.')}"]
        if warnings := sum(1 for i in mine if i.is_open_warning):
            body.append(f"- Ngoài ra có {warnings} cảnh báo (xem {WORKBOOK_NAME})")
        _file_block(lines, o, registry, body)
    return lines


def _warned(completeness: Completeness, by_file: ByFile, registry: UnitRegistry) -> list[str]:
    lines: list[str] = []
    for o in (o for o in completeness.outcomes if o.status.counts_in_totals):
        warnings = [i for i in by_file.get(o.file or "", []) if i.is_open_warning]
        if warnings:
            _file_block(lines, o, registry, _capped(warnings, "cảnh báo"))
    return lines


def _waived(issues: Sequence[Issue], registry: UnitRegistry) -> list[str]:
    """Every accepted warning with the auditor's reason: accepting one is never silent."""
    return [
        f"- {unit_label(i.unit_code, registry)}, {_flat(i.location())}: {_flat(i.message)}"
        f" — lý do chấp nhận: {_flat(i.waiver)}"
        for i in issues
        if i.waiver is not None
    ]


def _late_lines(completeness: Completeness, registry: UnitRegistry) -> list[str]:
    return [
        f"- {unit_label(o.unit_code, registry)}, tệp {_flat(o.file)}"
        + (f", nhận lúc {o.received}" if o.received else "")
        + f" ({o.status.label_vi})"
        for o in late_files(completeness)
    ]


def _set_aside(completeness: Completeness, registry: UnitRegistry) -> list[str]:
    lines = []
    for o in (o for o in completeness.outcomes if o.status in (Status.SUPERSEDED, Status.IGNORED)):
        unit = f" ({unit_label(o.unit_code, registry)})" if o.unit_code else ""
        reason = f" — {_flat(o.reason)}" if o.reason else ""
        lines.append(f"- Tệp {_flat(o.file)}{unit}: {o.status.label_vi}{reason}")
    return lines


def _held(completeness: Completeness, registry: UnitRegistry) -> list[str]:
    """Files held for review: who sent them for which unit, and why; none of them counts."""
    return [
        f"- {unit_label(o.unit_code, registry)}, tệp {_flat(o.file)}: {_flat(o.reason)}"
        for o in completeness.outcomes
        if o.status is Status.HELD
    ]


def _section(title: str, body: list[str]) -> list[str]:
    return [f"## {title}", "", *(body or ["Không có."]), ""]


def render_report_md(
    issues: Sequence[Issue],
    completeness: Completeness,
    registry: UnitRegistry,
    period: Period,
    remarks: Sequence[str] = (),
) -> str:
    """``report.md``: what is wrong and where, unit by unit, in plain Vietnamese."""
    by_file = group_by_file(issues)
    rejected = sum(1 for o in completeness.outcomes if o.status is Status.REJECTED)
    missing = [f"- {unit_label(code, registry)}" for code in completeness.missing]
    headline = (
        f"Đã nhận hợp lệ {accepted_units(completeness)}/{len(completeness.expected)} đơn vị; "
        f"bị loại: {rejected} tệp; chưa gửi: {len(missing)} đơn vị; nộp muộn: {len(late_files(completeness))} tệp."
    )
    lines = [f"# Kết quả kiểm tra báo cáo — {period.label_vi}", "", headline, ""]
    lines += [*(f"> {remark}" for remark in remarks), *([""] if remarks else [])]
    lines += _section("Báo cáo bị loại", _rejected(completeness, by_file, registry))
    lines += _section("Tạm giữ chờ xem xét", _held(completeness, registry))
    lines += _section("Báo cáo có cảnh báo", _warned(completeness, by_file, registry))
    lines += _section("Cảnh báo đã được chấp nhận", _waived(issues, registry))
    lines += _section("Chưa gửi", missing)
    lines += _section("Nộp muộn", _late_lines(completeness, registry))
    lines += _section("Tệp bị thay thế hoặc bỏ qua", _set_aside(completeness, registry))
    return "\n".join([*lines, CLOSING]) + "\n"
