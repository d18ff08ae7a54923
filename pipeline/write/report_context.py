"""Every placeholder of the Word report, filled from one period's results.

The names below are the whole vocabulary a report template may use; the README's table
is generated from :data:`PLACEHOLDERS`, and a template naming anything else is refused
before it is rendered. Every sentence comes from :mod:`pipeline.write.sentences`, so the
Word draft and ``summary.md`` say the same thing the same honest way.

For one report scope (:mod:`pipeline.spec.report_scopes`) the sentences, the figures
table, the comparison and the targets are the scope's only; a sentence of another scope
is an empty text rather than a missing name, so one office template serves every report
and can leave a paragraph out with ``{%p if sentence.economy %}``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pipeline.spec.catalog import Catalog, Target
from pipeline.spec.numbers import format_auto
from pipeline.spec.periods import Period
from pipeline.spec.report_scopes import ReportScope, narrowed
from pipeline.spec.report_settings import ReportSettings
from pipeline.write.appendix import OP_SIGNS, OPS
from pipeline.write.appendix_parts import parts_folder
from pipeline.write.comparison import carried_notes, compared, report_codes
from pipeline.write.figure_text import FigureView, figure_levels
from pipeline.write.period_result import PeriodResult
from pipeline.write.report_phrases import (
    COMBINED,
    COVERAGE_FULL,
    COVERAGE_PARTIAL,
    FILL,
    LATE,
    LISTED_ONLY,
    MET,
    MONTHS,
    NO_DATA,
    NO_STRATEGY,
    NOT_COLLECTED,
    OPENING,
    RECIPIENTS,
    REPORTING,
    REQUEST,
    SIGNER,
    STRATEGY_LINE,
    TITLE,
    TOO_FEW,
    UNIT_COUNT,
    UNITS_NOTE,
    UNITS_NOTE_PARTS,
    UNMET,
    issuer_name,
)  # fmt: skip
from pipeline.write.sentences import coverage_note, coverage_parts, render_sentences, unit_list
from pipeline.write.summary import scope_of
from pipeline.write.wording import MISSING, english, period_label

PLACEHOLDERS: dict[str, str] = {
    "issuer_parent": 'Dòng trên của tên cơ quan ban hành ("ỦY BAN NHÂN DÂN"; `issuer_parent` trong tệp --report)',
    "issuer": 'Tên đơn vị tổng hợp, chữ in hoa ("HUYỆN NGỌC HỒI")',
    "issuer_name": 'Tên cơ quan trong câu văn ("Ủy ban nhân dân huyện Ngọc Hồi")',
    "number": "Số văn bản (`number`); để trống cho đến khi ký",
    "doc_code": 'Ký hiệu (`doc_code`, mặc định "BC-UBND")',
    "place_date": 'Địa danh và ngày tháng ("Ngọc Hồi, ngày 15 tháng 6 năm 2020"; `date`)',
    "date_short": 'Ngày báo cáo dạng ngắn ("15/6/2020"), dùng ở dòng "Kèm theo Báo cáo số …"',
    "title": "Trích yếu: tên báo cáo kèm kỳ báo cáo",
    "subject": 'Lĩnh vực của báo cáo ("công tác bình đẳng giới"; mục `reports` của danh mục), dùng trong trích yếu, '
    'câu mở đầu và câu kết; báo cáo chung: "công tác bảo vệ chăm sóc trẻ em và bình đẳng giới"',
    "scope": 'Mã báo cáo khi tệp --report có mục `reports` ("bdg", "tre_em"); rỗng khi chỉ có một báo cáo chung',
    "period": 'Kỳ báo cáo ("6 tháng đầu năm 2020")',
    "period_short": "Tiêu đề cột số liệu kỳ này trong phụ lục",
    "next_period": 'Kỳ tiếp theo ("6 tháng cuối năm 2020"), cho phần nhiệm vụ',
    "opening": 'Câu mở đầu "Thực hiện … (`request`) …, với các nội dung như sau:"',
    "coverage": "Câu nói số liệu là của bao nhiêu đơn vị, đơn vị nào chưa có báo cáo hợp lệ",
    "reporting": "Tình hình nhận báo cáo (hợp lệ, bị loại, nộp muộn)",
    "sentence": "Các câu số liệu của danh mục theo mã: `sentence.economy`, `sentence.education`, … (mục `summary`); "
    "câu của lĩnh vực khác báo cáo đang viết là rỗng (bỏ cả đoạn bằng `{%p if sentence.economy %}`)",
    "figure": 'Số liệu theo mã chỉ tiêu, dạng Việt Nam: `figure.loan_households` → "162"',
    "comparison": "Danh sách so sánh với các kỳ trước (rỗng nếu sổ theo dõi chưa có kỳ trước): `c.label`, `c.now`, "
    "`c.changes`",
    "comparison_notes": "Các ghi chú của phần so sánh: số liệu kỳ trước ngày sắp xếp đơn vị hành chính được cộng "
    "từ các đơn vị cũ vào đơn vị mới (rỗng nếu không có)",
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
BLANK = "\u00a0" * 6
"""What a number or a day left for the signing looks like on paper."""


def _date_line(place: str, day: dt.date | None, year: int) -> str:
    """NĐ 30/2020: zero-pad days 1–9 and months 1–2 only ("ngày 05 tháng 01", "tháng 6")."""
    if english():
        return f"{place}, {day.day} {MONTHS[day.month - 1]} {day.year}" if day else f"{place},{BLANK}{BLANK}{year}"
    if day is None:
        return f"{place}, ngày{BLANK}tháng{BLANK}năm {year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _following(period: Period) -> Period:
    return Period(period.year, 2) if period.half == 1 else Period(period.year + 1, 1)


def _verdict(value: float | None, target: Target, partial_share: bool) -> str:
    if target.indicator is None:
        return NOT_COLLECTED()
    if value is None:
        return NO_DATA()
    if partial_share:  # a share of units over the units that answered is not the district's share
        return TOO_FEW()
    return MET() if OPS[target.op](value, target.value) else UNMET()


def _targets(result: PeriodResult, part: ReportScope | None) -> tuple[str, str, list[dict[str, str]]]:
    if part is not None and not part.targets:  # the strategy is another report's
        return "", "", []
    strategy = result.catalog.strategy_for(result.period)
    if strategy is None:
        return NO_STRATEGY(), "", []
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
        name = (getattr(target, "label_en", None) if english() else None) or target.label_vi
        rows.append({"code": target.code, "label": name, "goal": goal, "value": shown, "verdict": verdict})
    met = sum(r["verdict"] == MET() for r in rows)
    unmet = sum(r["verdict"] == UNMET() for r in rows)
    title = (getattr(strategy, "title_en", None) if english() else None) or strategy.title_vi
    goals, count = strategy.goal_count or len(strategy.goals), strategy.target_count or len(strategy.targets)
    noun = result.registry.level_noun(["commune"], english=english())
    line = STRATEGY_LINE(goals=goals, targets=count, title=title, met=met, unmet=unmet,
                         other=len(strategy.targets) - met - unmet, noun=noun)  # fmt: skip
    if count > len(strategy.targets):
        line += LISTED_ONLY(listed=len(strategy.targets))
    levels = {lv for t in strategy.targets if t.indicator for lv in figure_levels(result.catalog, t.indicator)}
    units, missing = scope.expected_at(levels), scope.missing_at(levels)
    if missing:  # a target judged over the units that reported says so
        line += " " + coverage_note(scope, units, missing, result.registry.level_noun(levels, english=english()))
    return line, title.upper(), rows


def _figure_rows(result: PeriodResult, catalog: Catalog, changes: dict[str, str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    totals = result.totals
    scope = scope_of(result.registry, result.completeness)
    romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    number = 0
    for k, table in enumerate(t for t in catalog.appendix if t.kind == "by_unit"):
        rows.append(
            {
                "no": romans[k % len(romans)],
                "label": ((getattr(table, "title_en", None) if english() else None) or table.title_vi).upper(),
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
            value = shown if shown is not None else MISSING()
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


def report_context(
    result: PeriodResult, report: ReportSettings, appendix_file: str, part: ReportScope | None = None
) -> dict[str, Any]:
    """The placeholders' values for one period (see :data:`PLACEHOLDERS`): of the combined
    report, or of the report scope ``part`` (its own sentences, tables and targets only)."""
    registry, period, completeness = result.registry, result.period, result.completeness
    view = narrowed(result.catalog, part) if part is not None else result.catalog
    subject = part.subject(english()) if part is not None else COMBINED()
    root = registry[result.totals.root]
    scope = scope_of(registry, completeness)
    issuer = issuer_name(report, root.name)
    # "trên địa bàn huyện" / "tỉnh" (the word the unit's name starts with) / "in the district"
    area = root.level if english() else (root.kind.lower() or registry.level_noun([root.level]))
    request = report.request or FILL(what=REQUEST())
    expected, missing = list(completeness.expected), [u for u in completeness.expected if u not in scope.accepted]
    if missing:
        _, *gaps = coverage_parts(scope, expected, missing, UNIT_COUNT())
        coverage = COVERAGE_PARTIAL(have=f"{len(expected) - len(missing)}/{len(expected)}", gaps="; ".join(gaps))
    else:
        coverage = COVERAGE_FULL(n=len(expected))
    late = [o.unit_code for o in completeness.outcomes if o.late and o.unit_code]
    reporting = REPORTING(have=len(expected) - len(missing), expected=len(expected))
    reporting += (LATE(names=unit_list(registry, list(dict.fromkeys(late)))) if late else "") + "."
    label_of = lambda p: period_label(p.year, p.half)  # noqa: E731 - the period in the output language
    rows = list(compared(result.totals, result.catalog, registry, result.history, report_codes(view)))
    all_changes = {
        code: "; ".join(c.changes)
        for c in compared(result.totals, result.catalog, registry, result.history, list(result.totals.figures))
        for code in [c.code]
    }
    strategy_line, strategy_title, targets = _targets(result, part)
    sheets = ", ".join(t.sheet for t in view.appendix)
    sentences = {item.id: "" for item in result.catalog.summary}  # another scope's sentence: empty, not unknown
    sentences |= {s.id: s.text for s in render_sentences(result.totals, view, scope)}
    return {
        "issuer_parent": "PEOPLE'S COMMITTEE"
        if english() and report.issuer_parent == "ỦY BAN NHÂN DÂN"
        else report.issuer_parent,
        "issuer": root.name.upper(),
        "issuer_name": issuer,
        "number": report.number or BLANK,
        "doc_code": report.doc_code,
        "place_date": _date_line(root.short_name, report.date, period.year),
        "date_short": f"{report.date.day}/{report.date.month}/{report.date.year}" if report.date else "…",
        "title": TITLE(subject=subject, Subject=subject[:1].upper() + subject[1:], period=label_of(period)),
        "subject": subject,
        "scope": part.id if part is not None else "",
        "period": label_of(period),
        "period_short": label_of(period)[:1].upper() + label_of(period)[1:],
        "next_period": label_of(_following(period)),
        "opening": OPENING(request=request, issuer=issuer, subject=subject, period=label_of(period), area=area),
        "coverage": coverage,
        "reporting": reporting,
        "sentence": sentences,
        "figure": {
            code: FigureView(f, result.catalog, result.totals, scope).display or MISSING()
            for code, f in result.totals.figures.items()
        },
        "comparison": [{"label": r.label, "now": r.now, "changes": "; ".join(r.changes)} for r in rows],
        "comparison_notes": carried_notes(result.history, registry) if rows else [],
        "strategy_line": strategy_line,
        "strategy_title": strategy_title,
        "targets": targets,
        "figure_rows": _figure_rows(result, view, all_changes),
        "units_note": _units_note(result, appendix_file, sheets, coverage),
        "signer": {
            "authority": report.signer.authority,
            "on_behalf": report.signer.on_behalf,
            "position": report.signer.position,
            "name": report.signer.name or FILL(what=SIGNER()),
        },
        "recipients": list(report.recipients) or [FILL(what=RECIPIENTS())],
        "archive": report.archive,
    }


def placeholders_markdown() -> str:
    """The README's table of placeholders (a test keeps the two the same)."""
    rows = ["| biến | nội dung |", "| --- | --- |"]
    rows += [f"| `{{{{ {name} }}}}` | {text} |" for name, text in PLACEHOLDERS.items()]
    return "\n".join(rows)


def _units_note(result: PeriodResult, appendix_file: str, sheets: str, coverage: str) -> str:
    """Where each unit's figures are: the appendix's tables, and for a province or the
    country also the folder of each unit below's own workbook (:mod:`pipeline.write.appendix_parts`)."""
    if not result.subtotals:
        return UNITS_NOTE(file=appendix_file, sheets=sheets, coverage=coverage)
    folder = parts_folder(Path(appendix_file)).name
    return UNITS_NOTE_PARTS(file=appendix_file, sheets=sheets, folder=folder, coverage=coverage)
