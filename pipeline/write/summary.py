"""``summary.md`` for people and ``summary.json`` for machines, from the same figures.

The markdown reuses the district report's own sentences, kept as templates in the
catalog, so the officer can paste them into the report. Figures are written the
Vietnamese way (7.896 · 97,9% · 8/8), and a missing figure says so instead of
printing zero, because blank is not zero. The JSON carries the same figures with the
exact display string, so the two outputs can never disagree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from pipeline.aggregate.completeness import Completeness, Status
from pipeline.aggregate.totals import Figure, Totals
from pipeline.errors import ConfigError
from pipeline.spec.catalog import Catalog, ValueType
from pipeline.spec.numbers import format_auto, format_number
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry

MISSING_TEXT = "(chưa có số liệu)"
NONE_TEXT = "không có"
ISSUES_FILE = "validation/report.md"


def _apply_spec(value: float | None, text: str, spec: str) -> str:
    """``none`` turns a zero into "không có"; a blank figure says it has no data."""
    if spec not in ("", "none"):
        raise ConfigError(f"Mẫu câu tóm tắt dùng định dạng không hỗ trợ ':{spec}' (chỉ có ':none').")
    if value is None:
        return MISSING_TEXT
    if spec == "none" and value == 0:
        return NONE_TEXT
    return text


class _Number:
    """One number of a figure (a numerator, a level's part) ready for ``format``."""

    def __init__(self, value: float | None, decimal: bool) -> None:
        self.value = value
        self.decimal = decimal

    def __format__(self, spec: str) -> str:
        text = format_auto(self.value) if self.decimal else format_number(self.value)
        return _apply_spec(self.value, text, spec)


class FigureView:
    """A figure as a template sees it: ``{code}``, ``{code.numerator}``, ``{code.commune}``."""

    def __init__(self, figure: Figure, catalog: Catalog, totals: Totals) -> None:
        self._figure = figure
        self._catalog = catalog
        self._totals = totals

    @property
    def display(self) -> str | None:
        """The Vietnamese text of the figure's value; ``None`` when it has no data."""
        fig = self._figure
        if fig.value is None:
            return None
        if fig.kind == "count_true":
            return f"{int(fig.numerator or 0)}/{int(fig.denominator or 0)}"
        if fig.kind in ("ratio", "coverage"):
            derived = self._catalog.derived_by_code(fig.code)
            # As reports write them: "97,9%" but "100%", not "100,0%".
            decimals = 0 if float(fig.value).is_integer() else derived.decimals
            text = format_number(fig.value, decimals)
            return text + "%" if derived.unit == "%" else text
        if self._decimal:
            return format_auto(fig.value)
        return format_number(fig.value)

    @property
    def _decimal(self) -> bool:
        if self._figure.kind in ("sum", "count_true"):
            return self._catalog.base_indicator(self._figure.code).type is ValueType.DECIMAL
        return True  # a ratio's parts may be decimal sums; whole ones still print without decimals

    def __format__(self, spec: str) -> str:
        return _apply_spec(self._figure.value, self.display or "", spec)

    @property
    def numerator(self) -> _Number:
        return _Number(self._figure.numerator, self._decimal)

    @property
    def denominator(self) -> _Number:
        return _Number(self._figure.denominator, self._decimal)

    def __getattr__(self, name: str) -> Any:
        # Only called for names that are not attributes: a level or a disaggregation.
        if name.startswith("_"):
            raise AttributeError(name)
        fig = self._figure
        if name in fig.by_level:
            return _Number(fig.by_level[name], self._decimal)
        part = self._totals.figures.get(f"{fig.code}.{name}")
        if part is not None:
            return FigureView(part, self._catalog, self._totals)
        levels = {lv for ind in self._catalog.indicators for lv in ind.levels}
        if name in levels:  # the indicator is not reported at that level
            return _Number(None, self._decimal)
        raise ConfigError(f"Mẫu câu tóm tắt dùng '{fig.code}.{name}' không có trong danh mục.")


class _Figures(dict[str, FigureView]):
    """The mapping handed to ``format_map``; an unknown code is a catalog error."""

    def __missing__(self, key: str) -> FigureView:
        raise ConfigError(f"Mẫu câu tóm tắt dùng mã chỉ tiêu '{key}' không có trong danh mục.", key=key)


def _views(totals: Totals, catalog: Catalog) -> _Figures:
    return _Figures({code: FigureView(fig, catalog, totals) for code, fig in totals.figures.items()})


def render_sentence(template: str, totals: Totals, catalog: Catalog) -> str:
    """Fill one catalog sentence template with the Vietnamese figures."""
    return template.format_map(_views(totals, catalog))


def _unique(codes: list[str]) -> list[str]:
    return list(dict.fromkeys(codes))


def _name(registry: UnitRegistry, code: str) -> str:
    unit = registry.get(code)
    return f"{unit.name} ({code})" if unit else code


def _completeness_lines(
    registry: UnitRegistry, completeness: Completeness, issue_counts: Mapping[str, int]
) -> list[str]:
    expected = completeness.expected
    known = set(expected)
    accepted = [c for c in _unique(completeness.accepted) if c in known]
    lines = [f"Đã nhận báo cáo hợp lệ của {len(accepted)}/{len(expected)} đơn vị.", ""]
    rejected = set(completeness.rejected)
    refused = [
        o for o in completeness.outcomes if o.status is Status.REJECTED and (o.unit_code in rejected or not o.unit_code)
    ]
    if refused:
        lines.append("Báo cáo bị loại (không đưa vào tổng hợp):")
        for o in refused:
            who = _name(registry, o.unit_code) if o.unit_code else "Không xác định được đơn vị"
            where = f" — tệp `{o.file}`" if o.file else ""
            lines.append(f"- {who}: {o.reason or 'không rõ lý do'}{where}")
        lines.append("")
    if completeness.missing:
        names = ", ".join(_name(registry, c) for c in completeness.missing)
        lines += [f"Chưa gửi: {names}.", ""]
    late = [o for o in completeness.outcomes if o.late and o.status is not Status.IGNORED]
    if late:
        names = ", ".join(_name(registry, o.unit_code) if o.unit_code else str(o.file) for o in late)
        lines += [f"Nộp muộn: {names}.", ""]
    errors, warnings = issue_counts.get("error", 0), issue_counts.get("warning", 0)
    lines.append(f"Kết quả kiểm tra: {errors} lỗi, {warnings} cảnh báo (chi tiết trong `{ISSUES_FILE}`).")
    return lines


def render_summary_md(
    totals: Totals,
    catalog: Catalog,
    registry: UnitRegistry,
    period: Period,
    completeness: Completeness,
    issue_counts: Mapping[str, int],
) -> str:
    """The Vietnamese summary: who reported, then one paragraph per catalog sentence."""
    views = _views(totals, catalog)
    lines = [
        f"# Tổng hợp báo cáo BVCSTE & BĐG — {period.label_vi}",
        "",
        f"Đơn vị tổng hợp: {registry[totals.root].name}",
        "",
        "## Tình hình nhận báo cáo",
        "",
    ]
    lines += _completeness_lines(registry, completeness, issue_counts)
    for item in catalog.summary:
        text = item.text
        if item.zero_code and item.zero_text is not None:
            zero = totals.figures.get(item.zero_code)
            if zero is not None and zero.value == 0:
                text = item.zero_text
        lines += ["", f"## {item.heading}", "", text.format_map(views)]
    return "\n".join(lines) + "\n"


def _json_number(value: float | bool | None) -> int | float | bool | None:
    """Whole floats become ints (162, not 162.0); booleans and blanks pass through."""
    if value is None or isinstance(value, bool):
        return value
    number = float(value)
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() else number


def summary_json(totals: Totals, catalog: Catalog, period: Period, completeness: Completeness) -> dict[str, Any]:
    """Every figure with its unit values and its display text, plus the file outcomes."""
    indicators: dict[str, Any] = {}
    for code, fig in totals.figures.items():
        indicators[code] = {
            "value": _json_number(fig.value),
            "numerator": _json_number(fig.numerator),
            "denominator": _json_number(fig.denominator),
            "by_unit": {unit: _json_number(v) for unit, v in fig.by_unit.items()},
            "unit": catalog.unit_of(code),
            "display": FigureView(fig, catalog, totals).display,
        }
    return {
        "period": period.code,
        "root": totals.root,
        "units": {
            "expected": list(completeness.expected),
            "accepted": _unique(completeness.accepted),
            "rejected": list(completeness.rejected),
            "missing": list(completeness.missing),
            "late": _unique([o.unit_code for o in completeness.outcomes if o.late and o.unit_code]),
            "superseded_files": [o.file for o in completeness.outcomes if o.status is Status.SUPERSEDED],
        },
        "files": [
            {
                "file": o.file,
                "unit_code": o.unit_code,
                "status": o.status.value,
                "reason": o.reason,
                "received": o.received,
                "late": o.late,
            }
            for o in completeness.outcomes
        ],
        "indicators": indicators,
    }
