"""This period against earlier ones, in the words a report uses.

"tăng 12 hộ so với cùng kỳ năm 2019 (150 hộ)", "giảm 1,5 điểm phần trăm so với 6 tháng
cuối năm 2019 (97,9%)". A comparison between periods that were not both complete says
so, because a rise may only mean that more communes reported.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.aggregate.history import Carried, Change, History, PastPeriod
from pipeline.aggregate.totals import Totals
from pipeline.spec.catalog import Catalog, ValueType
from pipeline.spec.numbers import format_auto, format_number
from pipeline.spec.units import UnitRegistry
from pipeline.write.figure_text import FigureView, figure_levels
from pipeline.write.sentences import unit_list
from pipeline.write.wording import (
    CARRIED,
    CHANGE,
    DOWN,
    EARLIER_PARTIAL,
    FOLD,
    FOLDS_COUNTED,
    NOT_CARRIED_MISSING,
    NOT_CARRIED_SPLIT,
    POINTS,
    SAME_AS,
    UP,
    YEAR_BEFORE,
    english,
    label,
    period_label,
    unit_name,
)  # fmt: skip


def _amount(value: float, change: Change, catalog: Catalog) -> str:
    if change.in_points:
        decimals = catalog.derived_by_code(change.code).decimals
        return format_number(round(value, decimals), 0 if float(round(value, decimals)).is_integer() else decimals)
    if change.kind == "sum" and catalog.base_indicator(change.code).type is ValueType.DECIMAL:
        return format_auto(value)
    return format_number(value)


def _unit(change: Change, catalog: Catalog, registry: UnitRegistry) -> str:
    if change.kind == "count_true":
        return registry.level_noun(figure_levels(catalog, change.code), english=english())
    unit = unit_name(catalog, change.code)
    if change.in_points and unit == "%":
        return POINTS()
    return unit


def _with_unit(number: str, unit: str) -> str:
    return f"{number}%" if unit == "%" else f"{number} {unit}"


def against_label(change: Change) -> str:
    return _past_label(change.against, change.same_period_last_year)


def _past_label(past: PastPeriod, last_year: bool) -> str:
    period = past.period
    return YEAR_BEFORE(year=period.year) if last_year else period_label(period.year, period.half)


FOLDS_LISTED = 6
"""Up to this many merged units are named with their former units; more are counted."""


def _carried_note(past: PastPeriod, carried: Carried, registry: UnitRegistry, last_year: bool) -> str:
    folds = carried.folded
    if len(folds) <= FOLDS_LISTED:
        listed = "; ".join(FOLD(new=unit_list(registry, [new]), old=", ".join(old)) for new, old in folds.items())
    else:
        listed = FOLDS_COUNTED(new=len(folds), old=sum(len(old) for old in folds.values()))
    parts = [CARRIED(against=_past_label(past, last_year), day=f"{carried.effective:%d/%m/%Y}", folds=listed)]
    if carried.split:
        parts.append(NOT_CARRIED_SPLIT(names=unit_list(registry, carried.split)))
    if carried.unreported:
        parts.append(NOT_CARRIED_MISSING(names=unit_list(registry, carried.unreported)))
    return "; ".join(parts) + "."


def carried_notes(history: History, registry: UnitRegistry) -> list[str]:
    """The footnotes a comparison across an administrative merger must carry: which old units
    each new one adds up, and which new units could not be compared (never silently)."""
    notes: list[str] = []
    for past, last_year in ((history.year_before, True), (history.previous, False)):
        if past is not None and past.carried is not None:
            notes.append(_carried_note(past, past.carried, registry, last_year))
    return notes


def change_text(change: Change, catalog: Catalog, registry: UnitRegistry) -> str:
    """ "tăng 12 hộ so với cùng kỳ năm 2019 (150 hộ)"; a figure unchanged is "bằng …"."""
    shown_unit = unit_name(catalog, change.code) if change.kind != "count_true" else _unit(change, catalog, registry)
    then = _with_unit(_amount(change.then, change, catalog), shown_unit)
    if change.delta == 0 or _amount(abs(change.delta), change, catalog) in ("0", "0,0", "0.0"):
        text = SAME_AS(against=against_label(change), then=then)
    else:
        word = (UP if change.delta > 0 else DOWN)()
        step = f"{_amount(abs(change.delta), change, catalog)} {_unit(change, catalog, registry)}"
        text = CHANGE(word=word, step=step, against=against_label(change), then=then)
    if not change.against.complete:
        text += "; " + EARLIER_PARTIAL(accepted=change.against.accepted, expected=change.against.expected)
    return text


@dataclass(frozen=True)
class ComparedFigure:
    code: str
    label: str
    now: str
    changes: tuple[str, ...]


def compared(
    totals: Totals, catalog: Catalog, registry: UnitRegistry, history: History, codes: list[str]
) -> Iterator[ComparedFigure]:
    """The figures among ``codes`` that an earlier period can be compared with."""
    for code in codes:
        changes = history.changes(totals, code)
        if not changes:
            continue
        view = FigureView(totals.figures[code], catalog, totals)
        now = view.display or ""
        if totals.figures[code].kind == "sum":
            now = _with_unit(now, unit_name(catalog, code))
        texts = tuple(change_text(c, catalog, registry) for c in changes)
        yield ComparedFigure(code, label(catalog, code), now, texts)


def report_codes(catalog: Catalog) -> list[str]:
    """The figures the report's sentences use, in their order: what its comparison lists."""
    codes: list[str] = []
    for item in catalog.summary:
        if item.reports:  # another report's own sentence (a scope's catalog clears its own)
            continue
        for _, ref, _, _ in string.Formatter().parse(item.text):
            code = (ref or "").split(".")[0]
            if code and code != "noun" and code not in codes:
                codes.append(code)
    return codes


@dataclass(frozen=True)
class ComparisonRow:
    """One line of the appendix's comparison sheet; empty text where a period has no figure."""

    label: str
    unit: str
    now: str
    year_before: str
    previous: str
    changes: str


def _then_text(change: Change | None, catalog: Catalog) -> str:
    """The earlier figure as the sheet prints it ("150", "96,7%"); empty when that period has none."""
    if change is None:
        return ""
    text = _amount(change.then, change, catalog)
    return text + "%" if change.kind != "count_true" and catalog.unit_of(change.code) == "%" else text


def comparison_rows(
    totals: Totals, catalog: Catalog, registry: UnitRegistry, history: History, codes: list[str]
) -> list[ComparisonRow]:
    """Every figure of ``codes`` that an earlier period can be compared with, for the appendix."""
    rows: list[ComparisonRow] = []
    for item in compared(totals, catalog, registry, history, codes):
        then = {c.same_period_last_year: c for c in history.changes(totals, item.code)}
        figure = totals.figures[item.code]
        if figure.kind == "count_true":
            unit = registry.level_noun(figure_levels(catalog, item.code), english=english())
        else:
            unit = unit_name(catalog, item.code)
        now = FigureView(figure, catalog, totals).display or ""
        year_before, previous = _then_text(then.get(True), catalog), _then_text(then.get(False), catalog)
        rows.append(ComparisonRow(item.label, unit, now, year_before, previous, "; ".join(item.changes)))
    return rows
