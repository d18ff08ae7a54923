"""The change report of a revision: ``thay_doi.md`` for the officer, ``thay_doi.json`` for auditors.

Both say the same thing: against which approval the revision is compared, which units'
figures moved, every total and unit value with its approved and new value, and the files
that entered or left the totals with the reason the new run gives. The district officer
sends the Markdown with the corrected report; the JSON lets an auditor check it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.spec.catalog import Catalog
from pipeline.spec.numbers import format_auto
from pipeline.spec.units import UnitRegistry
from pipeline.write.approval_store import Approval
from pipeline.write.changes import Changes, Figure
from pipeline.write.records import write_json

REPORT_MD, REPORT_JSON = "thay_doi.md", "thay_doi.json"


@dataclass(frozen=True)
class ChangeReport:
    """A revision's changes and what they are measured against."""

    period: str
    period_label: str
    revision: int
    folder: str
    approval: Approval
    changes: Changes


def _labeller(catalog: Catalog) -> Callable[[str], str]:
    """The figure's Vietnamese label with its unit of measure ("Gạo giúp nhau (kg)")."""

    def label(code: str) -> str:
        try:
            text, unit = catalog.label_vi(code), catalog.unit_of(code)
        except KeyError:  # a figure the catalog no longer has (it changed since the approval)
            return code
        return f"{text} ({unit})" if unit else text

    return label


def _unit_name(registry: UnitRegistry, code: str) -> str:
    unit = registry.get(code)
    return f"{unit.name} ({code})" if unit else code


def report_json(report: ChangeReport, catalog: Catalog, registry: UnitRegistry) -> dict[str, Any]:
    c, label = report.changes, _labeller(catalog)
    return {
        "period": report.period,
        "revision": report.revision,
        "folder": report.folder,
        "compared_to": {"folder": report.approval.folder, "approval": report.approval.brief()},
        "units_changed": c.units_changed,
        "totals": [
            {"indicator": t.indicator, "label": label(t.indicator),
             "old": t.old.as_json() if t.old else None, "new": t.new.as_json() if t.new else None}
            for t in c.totals
        ],
        "by_unit": [
            {"unit_code": u.unit_code, "unit_name": _unit_name(registry, u.unit_code), "indicator": u.indicator,
             "label": label(u.indicator), "old": u.old, "new": u.new}
            for u in c.units
        ],
        "files": {"new": [f.as_json() for f in c.new_files],
                  "no_longer_counted": [f.as_json() for f in c.dropped_files]},
    }  # fmt: skip


def _cell(text: object) -> str:
    """A Markdown table cell: a file name may hold a bar or a line break."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _value(value: Any) -> str:
    if value is None:
        return "(trống)"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int | float):
        return format_auto(value)
    return str(value)


def _total(figure: Figure | None) -> str:
    if figure is None:
        return "(không có)"
    return figure.display or _value(figure.value)


def render_report_md(report: ChangeReport, catalog: Catalog, registry: UnitRegistry) -> str:
    c, a, label = report.changes, report.approval, _labeller(catalog)
    lines = [
        f"# Thay đổi so với báo cáo đã duyệt — kỳ {report.period} ({report.period_label})",
        "",
        f"Bản sửa đổi số {report.revision} (thư mục `{report.folder}`), so với thư mục đã duyệt `{a.folder}`: "
        f"báo cáo số {a.number}, người duyệt {a.by}, lúc {a.at_vi}.",
        "",
    ]
    if not c.figures_changed:
        lines += ["Không có số liệu nào khác bản đã duyệt.", ""]
    else:
        names = ", ".join(_unit_name(registry, u) for u in c.units_changed) or "không có"
        lines += [f"Đơn vị có số liệu thay đổi: {names}.", ""]
    if c.totals:
        lines += ["## Số tổng hợp của huyện", "", "| Chỉ tiêu | Mã | Đã duyệt | Mới |", "|---|---|---:|---:|"]
        lines += [f"| {_cell(label(t.indicator))} | `{t.indicator}` | {_total(t.old)} | {_total(t.new)} |"
                  for t in c.totals]  # fmt: skip
        lines.append("")
    if c.units:
        lines += [
            "## Số liệu từng đơn vị",
            "",
            "| Đơn vị | Chỉ tiêu | Mã | Đã duyệt | Mới |",
            "|---|---|---|---:|---:|",
        ]
        lines += [
            f"| {_cell(_unit_name(registry, u.unit_code))} | {_cell(label(u.indicator))} | `{u.indicator}` "
            f"| {_value(u.old)} | {_value(u.new)} |"
            for u in c.units
        ]
        lines.append("")
    lines += ["## Tệp gây ra thay đổi", ""]
    if not (c.new_files or c.dropped_files):
        lines += ["Các tệp được tính vẫn đúng như khi duyệt.", ""]
    if c.new_files:
        lines += [
            "Tệp mới được tính vào số tổng hợp:",
            "",
            "| Tệp | Đơn vị | Tình trạng | SHA-256 |",
            "|---|---|---|---|",
        ]
        lines += [f"| {_cell(f.file)} | {_cell(_unit_name(registry, f.unit_code or ''))} | {_cell(f.status_vi)} "
                  f"| `{f.sha256}` |" for f in c.new_files]  # fmt: skip
        lines.append("")
    if c.dropped_files:
        lines += ["Tệp đã được tính khi duyệt, nay không còn được tính:", "",
                  "| Tệp | Đơn vị | Tình trạng | Lý do | SHA-256 |", "|---|---|---|---|---|"]  # fmt: skip
        lines += [f"| {_cell(f.file)} | {_cell(_unit_name(registry, f.unit_code or ''))} | {_cell(f.status_vi)} "
                  f"| {_cell(f.reason or '—')} | `{f.sha256}` |" for f in c.dropped_files]  # fmt: skip
        lines.append("")
    return "\n".join(lines)


def write_change_report(folder: Path, report: ChangeReport, catalog: Catalog, registry: UnitRegistry) -> None:
    """Write both files into ``folder`` (a staging folder about to become the revision)."""
    write_json(folder / REPORT_JSON, report_json(report, catalog, registry))
    (folder / REPORT_MD).write_text(render_report_md(report, catalog, registry), encoding="utf-8")
