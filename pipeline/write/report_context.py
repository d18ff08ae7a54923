"""Every placeholder of the Word report, filled from one period's results.

The names below are the whole vocabulary a report template may use; the README's table
is generated from :data:`PLACEHOLDERS`, and a template naming anything else is refused
before it is rendered. Every sentence comes from :mod:`pipeline.write.sentences`, so the
Word draft and ``summary.md`` say the same thing the same honest way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipeline.spec.catalog import Target
from pipeline.spec.numbers import format_auto
from pipeline.spec.periods import Period
from pipeline.spec.report_settings import ReportSettings
from pipeline.write.appendix import OP_SIGNS, OPS
from pipeline.write.comparison import compared, report_codes
from pipeline.write.figure_text import MISSING_TEXT, FigureView, figure_levels
from pipeline.write.period_result import PeriodResult
from pipeline.write.sentences import coverage_note, coverage_parts, render_sentences, unit_list
from pipeline.write.summary import scope_of

PLACEHOLDERS: dict[str, str] = {
    "issuer_parent": 'Dòng trên của tên cơ quan ban hành ("ỦY BAN NHÂN DÂN"; `issuer_parent` trong tệp --report)',
    "issuer": 'Tên đơn vị tổng hợp, chữ in hoa ("HUYỆN NGỌC HỒI")',
    "issuer_name": 'Tên cơ quan trong câu văn ("Ủy ban nhân dân huyện Ngọc Hồi")',
    "number": "Số văn bản (`number`); để trống cho đến khi ký",
    "doc_code": 'Ký hiệu (`doc_code`, mặc định "BC-UBND")',
    "place_date": 'Địa danh và ngày tháng ("Ngọc Hồi, ngày 15 tháng 6 năm 2020"; `date`)',
    "date_short": 'Ngày báo cáo dạng ngắn ("15/6/2020"), dùng ở dòng "Kèm theo Báo cáo số …"',
    "title": "Trích yếu: tên báo cáo kèm kỳ báo cáo",
    "period": 'Kỳ báo cáo ("6 tháng đầu năm 2020")',
    "period_short": "Tiêu đề cột số liệu kỳ này trong phụ lục",
    "next_period": 'Kỳ tiếp theo ("6 tháng cuối năm 2020"), cho phần nhiệm vụ',
    "opening": 'Câu mở đầu "Thực hiện … (`request`) …, với các nội dung như sau:"',
    "coverage": "Câu nói số liệu là của bao nhiêu đơn vị, đơn vị nào chưa có báo cáo hợp lệ",
    "reporting": "Tình hình nhận báo cáo (hợp lệ, bị loại, nộp muộn)",
    "sentence": "Các câu số liệu của danh mục theo mã: `sentence.economy`, `sentence.education`, … (mục `summary`)",
    "figure": 'Số liệu theo mã chỉ tiêu, dạng Việt Nam: `figure.loan_households` → "162"',
    "comparison": "Danh sách so sánh với các kỳ trước (rỗng nếu sổ theo dõi chưa có kỳ trước): `c.label`, `c.now`, "
    "`c.changes`",
    "strategy_line": "Câu kết quả thực hiện các mục tiêu, chỉ tiêu của Chiến lược quốc gia về bình đẳng giới",
    "strategy_title": "Tên bảng chỉ tiêu Chiến lược trong phụ lục",
    "targets": "Các chỉ tiêu Chiến lược: `t.code`, `t.label`, `t.goal`, `t.value`, `t.verdict`",
    "figure_rows": "Các dòng bảng số liệu phụ lục: `row.no`, `row.label`, `row.unit`, `row.value`, `row.change`, "
    "`row.group` (dòng tên biểu)",
    "units_note": "Câu chỉ tệp phụ lục Excel chứa số liệu của từng đơn vị",
    "signer": "Người ký: `signer.authority`, `signer.on_behalf`, `signer.position`, `signer.name`",
    "recipients": "Danh sách nơi nhận (`recipients`)",
    "archive": 'Dòng lưu ("VT, TH"; `archive`)',
}
FILL = "[Cán bộ soạn thảo ghi {what}]"
BLANK = "\u00a0" * 6
"""What a number or a day left for the signing looks like on paper."""


def _date_line(place: str, day: dt.date | None, year: int) -> str:
    """NĐ 30/2020: zero-pad days 1–9 and months 1–2 only ("ngày 05 tháng 01", "tháng 6")."""
    if day is None:
        return f"{place}, ngày{BLANK}tháng{BLANK}năm {year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _following(period: Period) -> Period:
    return Period(period.year, 2) if period.half == 1 else Period(period.year + 1, 1)


def _verdict(value: float | None, target: Target, partial_share: bool) -> str:
    if target.indicator is None:
        return "Không thu thập ở cấp xã"
    if value is None:
        return "Chưa có số liệu"
    if partial_share:  # a share of units over the units that answered is not the district's share
        return "Chưa đủ số liệu"
    return "Đạt" if OPS[target.op](value, target.value) else "Chưa đạt"


def _targets(result: PeriodResult) -> tuple[str, str, list[dict[str, str]]]:
    strategy = result.catalog.strategy_for(result.period)
    if strategy is None:
        return "Danh mục không có Chiến lược quốc gia về bình đẳng giới cho kỳ này.", "", []
    scope = scope_of(result.registry, result.completeness)
    rows = []
    for target in strategy.targets:
        figure = result.totals.figures.get(target.indicator) if target.indicator else None
        view = FigureView(figure, result.catalog, result.totals, scope) if figure is not None else None
        expected = view.expected_count if view is not None else None
        partial = figure is not None and figure.kind == "coverage" and (figure.denominator or 0) < (expected or 0)
        verdict = _verdict(figure.value if figure is not None else None, target, partial)
        goal = f"{OP_SIGNS.get(target.op, target.op)} {format_auto(target.value)}"
        shown = (view.display if view is not None else None) or ""
        rows.append({"code": target.code, "label": target.label_vi, "goal": goal, "value": shown, "verdict": verdict})
    met = sum(r["verdict"] == "Đạt" for r in rows)
    unmet = sum(r["verdict"] == "Chưa đạt" for r in rows)
    line = (
        f"- Kết quả thực hiện {len(strategy.goals)} mục tiêu, {len(strategy.targets)} chỉ tiêu của "
        f"{strategy.title_vi} (có phụ lục kèm theo): {met} chỉ tiêu đạt, {unmet} chỉ tiêu chưa đạt theo số liệu "
        f"các xã, thị trấn báo cáo; {len(strategy.targets) - met - unmet} chỉ tiêu không thu thập ở cấp xã "
        "hoặc chưa đủ số liệu."
    )
    levels = {lv for t in strategy.targets if t.indicator for lv in figure_levels(result.catalog, t.indicator)}
    units, missing = scope.expected_at(levels), scope.missing_at(levels)
    if missing:  # a target judged over the units that reported says so
        line += " " + coverage_note(scope, units, missing, result.registry.level_noun(levels))
    return line, strategy.title_vi.upper(), rows


def _figure_rows(result: PeriodResult, changes: dict[str, str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    catalog, totals = result.catalog, result.totals
    scope = scope_of(result.registry, result.completeness)
    romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    number = 0
    for k, table in enumerate(t for t in catalog.appendix if t.kind == "by_unit"):
        rows.append(
            {
                "no": romans[k % len(romans)],
                "label": table.title_vi.upper(),
                "unit": "",
                "value": "",
                "change": "",
                "group": True,
            }
        )
        for code in table.columns:
            number += 1
            figure = totals.figures[code]
            shown = FigureView(figure, catalog, totals, scope).display
            unit = catalog.unit_of(code) if figure.kind != "count_true" else "đơn vị"
            value = shown if shown is not None else MISSING_TEXT
            label = catalog.label_vi(code)
            rows.append(
                {
                    "no": str(number),
                    "label": label,
                    "unit": unit,
                    "value": value,
                    "change": changes.get(code, ""),
                    "group": False,
                }
            )
    return rows


def report_context(result: PeriodResult, report: ReportSettings, appendix_file: str) -> dict[str, Any]:
    """The placeholders' values for one period (see :data:`PLACEHOLDERS`)."""
    registry, period, completeness = result.registry, result.period, result.completeness
    root = registry[result.totals.root]
    scope = scope_of(registry, completeness)
    issuer_name = f"{report.issuer_parent.capitalize()} {root.name[:1].lower()}{root.name[1:]}"
    area = registry.level_noun([root.level])
    request = report.request or FILL.format(what="văn bản yêu cầu báo cáo (số, ngày, cơ quan ban hành)")
    expected, missing = list(completeness.expected), [u for u in completeness.expected if u not in scope.accepted]
    if missing:
        _, *gaps = coverage_parts(scope, expected, missing, "đơn vị")
        have = f"{len(expected) - len(missing)}/{len(expected)}"
        coverage = (
            f"Số liệu trong báo cáo chưa đầy đủ: chỉ gồm báo cáo hợp lệ của {have} đơn vị; " + "; ".join(gaps) + "."
        )
    else:
        coverage = (
            f"Số liệu trong báo cáo được tổng hợp từ báo cáo hợp lệ của đủ {len(expected)}/{len(expected)} đơn vị."
        )
    late = [o.unit_code for o in completeness.outcomes if o.late and o.unit_code]
    reporting = f"đã nhận báo cáo hợp lệ của {len(expected) - len(missing)}/{len(expected)} đơn vị"
    reporting += f"; nộp muộn: {unit_list(registry, list(dict.fromkeys(late)))}." if late else "."
    rows = list(compared(result.totals, result.catalog, registry, result.history, report_codes(result.catalog)))
    all_changes = {
        code: "; ".join(c.changes)
        for c in compared(result.totals, result.catalog, registry, result.history, list(result.totals.figures))
        for code in [c.code]
    }
    strategy_line, strategy_title, targets = _targets(result)
    sheets = ", ".join(t.sheet for t in result.catalog.appendix)
    return {
        "issuer_parent": report.issuer_parent,
        "issuer": root.name.upper(),
        "issuer_name": issuer_name,
        "number": report.number or BLANK,
        "doc_code": report.doc_code,
        "place_date": _date_line(root.short_name, report.date, period.year),
        "date_short": f"{report.date.day}/{report.date.month}/{report.date.year}" if report.date else "…",
        "title": f"Tình hình thực hiện công tác bảo vệ chăm sóc trẻ em và bình đẳng giới định kỳ {period.label_vi}",
        "period": period.label_vi,
        "period_short": period.label_vi[:1].upper() + period.label_vi[1:],
        "next_period": _following(period).label_vi,
        "opening": f"Thực hiện {request}: {issuer_name} báo cáo công tác bảo vệ chăm sóc trẻ em và bình đẳng giới "
        f"định kỳ {period.label_vi} trên địa bàn {area}, với các nội dung như sau:",
        "coverage": coverage,
        "reporting": reporting[:1].upper() + reporting[1:],
        "sentence": {s.id: s.text for s in render_sentences(result.totals, result.catalog, scope)},
        "figure": {
            code: FigureView(f, result.catalog, result.totals, scope).display or MISSING_TEXT
            for code, f in result.totals.figures.items()
        },
        "comparison": [{"label": r.label, "now": r.now, "changes": "; ".join(r.changes)} for r in rows],
        "strategy_line": strategy_line,
        "strategy_title": strategy_title,
        "targets": targets,
        "figure_rows": _figure_rows(result, all_changes),
        "units_note": f"Số liệu chi tiết của từng đơn vị: tệp {appendix_file} (các biểu {sheets}). {coverage}",
        "signer": {
            "authority": report.signer.authority,
            "on_behalf": report.signer.on_behalf,
            "position": report.signer.position,
            "name": report.signer.name or FILL.format(what="họ và tên người ký"),
        },
        "recipients": list(report.recipients) or [FILL.format(what="nơi nhận")],
        "archive": report.archive,
    }


def placeholders_markdown() -> str:
    """The README's table of placeholders (a test keeps the two the same)."""
    rows = ["| biến | nội dung |", "| --- | --- |"]
    rows += [f"| `{{{{ {name} }}}}` | {text} |" for name, text in PLACEHOLDERS.items()]
    return "\n".join(rows)
