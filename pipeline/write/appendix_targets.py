"""The appendix table of the gender-equality strategy's targets against the district's figures.

One row per target of the period's strategy, grouped under its goal (I, II …), and a row
per part of a target ("6.2b", a second threshold under the same number). The verdict uses
the Word report's words and rule: a share of units judged over fewer units than expected
is "Chưa đủ số liệu", not a verdict. The notes column prints what the figure is made of
("29/120", "7/8 xã, thị trấn"), so a reader can weigh it. Whether a target's value was
checked against the decision is the maintainer's business (``checked`` and ``source`` in
the catalog) and is never printed.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.spec.catalog import AppendixTable, Goal, Target
from pipeline.spec.numbers import format_auto
from pipeline.write import appendix_words as w
from pipeline.write import report_phrases as rp
from pipeline.write.appendix_frame import Context, roman, write_closing, write_heading
from pipeline.write.appendix_page import SheetLayout
from pipeline.write.appendix_units import write_cell
from pipeline.write.figure_text import figure_levels
from pipeline.write.wording import english, period_label
from pipeline.write.xlsx_cells import decimals_of, put_merged, put_number, put_text

WIDTHS = (6, 56, 12, 12, 15, 20, 16)
OP_SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "="}
OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt, "==": operator.eq
}  # fmt: skip
VERDICTS = {"met": rp.MET, "unmet": rp.UNMET, "no_data": rp.NO_DATA, "too_few": rp.TOO_FEW,
            "not_collected": rp.NOT_COLLECTED}  # fmt: skip


@dataclass(frozen=True)
class Judged:
    """A target's figure, its verdict (a key of :data:`VERDICTS`) and what the figure is made of."""

    value: float | None
    verdict: str
    basis: str = ""


def _units_of(ctx: Context, code: str) -> tuple[int, str]:
    """How many units are expected to report ``code``, and the noun that counts them."""
    levels = figure_levels(ctx.catalog, code)
    expected = sum(1 for u in ctx.registry.subtree(ctx.totals.root) if u.level in levels)
    return expected, ctx.registry.level_noun(levels, english=english())


def judge(ctx: Context, target: Target) -> Judged:
    """The district figure against the target, by the Word report's rule."""
    if target.indicator is None:
        return Judged(None, "not_collected")
    figure = ctx.totals[target.indicator]
    value, basis, answered = figure.value, "", None
    if target.unit_at_least is not None:  # a share of units reaching a number (QĐ 800's segments)
        reported = [float(v) for v in figure.by_unit.values() if v is not None and not isinstance(v, bool)]
        reach = sum(v >= target.unit_at_least for v in reported)
        value = round(reach / len(reported) * 100, 1) if reported else None
        answered, basis = len(reported), f"{reach}/{len(reported)}"
    elif figure.kind in ("coverage", "count_true") and figure.denominator is not None:
        answered, basis = int(figure.denominator), f"{int(figure.numerator or 0)}/{int(figure.denominator)}"
    elif figure.kind == "ratio" and figure.numerator is not None and figure.denominator is not None:
        basis = f"{format_auto(figure.numerator)}/{format_auto(figure.denominator)}"
    if answered is not None:
        expected, noun = _units_of(ctx, target.indicator)
        basis = f"{basis} {noun}"
        if value is not None and answered < expected:  # a share over the units that answered
            return Judged(value, "too_few", basis)
    if value is None:
        return Judged(None, "no_data", basis)
    return Judged(value, "met" if OPS[target.op](value, target.value) else "unmet", basis)


def _unit(ctx: Context, target: Target) -> str:
    unit = ctx.catalog.unit_of(target.indicator) if target.indicator and target.unit_at_least is None else target.unit
    return ctx.catalog.units_en.get(unit, unit) if english() else unit


def _target_row(layout: SheetLayout, ctx: Context, row: int, target: Target) -> Judged:
    ws, st = layout.ws, ctx.st
    cell, centre = st.get(text_wrap=True), st.get(align="center", text_wrap=True)
    judged = judge(ctx, target)
    label, unit, verdict = w.target_label(target), _unit(ctx, target), VERDICTS[judged.verdict]()
    goal = f"{OP_SIGNS.get(target.op, target.op)} {format_auto(target.value)}"
    put_text(ws, row, 0, target.code, st.get(align="center"))
    put_text(ws, row, 1, label, cell)
    put_text(ws, row, 2, unit, centre)
    put_text(ws, row, 3, goal, centre)
    if target.indicator is None or judged.value is None:
        ws.write_blank(row, 4, None, cell)
    elif target.unit_at_least is not None or ctx.totals[target.indicator].kind == "count_true":
        put_number(ws, row, 4, judged.value, st.number(decimals_of(judged.value, 1)), cell)
    else:
        write_cell(ws, ctx, row, 4, target.indicator, judged.value, bold=False)
    put_text(ws, row, 5, verdict, centre)
    put_text(ws, row, 6, judged.basis, centre)
    layout.fit(row, [(label, 1, 1), (unit, 2, 2), (verdict, 5, 5), (judged.basis, 6, 6)])
    return judged


def targets_sheet(layout: SheetLayout, ctx: Context, table: AppendixTable, title: str) -> list[str]:
    """Write the table; returns the verdicts of the strategy's targets (parts not counted)."""
    strategy = ctx.catalog.strategy_for(ctx.period)
    st, ws, last = ctx.st, layout.ws, layout.last_col
    period = period_label(ctx.period.year, ctx.period.half)
    lines = [w.PERIOD(period=period)]
    if strategy is not None:
        lines.insert(0, w.STRATEGY(title=w.strategy_title(strategy), decision=w.strategy_decision(strategy)))
    top = write_heading(layout, ctx, title, ctx.number_of(table), lines)
    if strategy is None:
        put_merged(ws, top, 0, last, w.NO_STRATEGY(), st.get(border=None, align="center", italic=True))
        layout.fit(top, [(w.NO_STRATEGY(), 0, last)])
        layout.finish()
        return []
    heads = [h(year=strategy.last_year, period=period) for h in w.TARGET_HEADS]
    for col, text in enumerate(heads):
        put_text(ws, top, col, text, st.get(bold=True, align="center", text_wrap=True))
    layout.fit(top, [(text, col, col) for col, text in enumerate(heads)], bold=True)
    layout.repeat_rows(top, top)
    ws.freeze_panes(top + 1, 0)
    row, verdicts = top + 1, []
    codes = {goal.code for goal in strategy.goals}
    groups: list[tuple[Goal | None, list[Target]]] = [
        (goal, [t for t in strategy.targets if t.goal == goal.code]) for goal in strategy.goals
    ]
    groups.append((None, [t for t in strategy.targets if t.goal not in codes]))  # listed, never dropped
    for goal, targets in groups:
        if goal is not None:
            name = w.goal_title(goal)
            put_text(ws, row, 0, roman(int(goal.code)) if goal.code.isdigit() else goal.code,
                     st.get(bold=True, align="center"))  # fmt: skip
            put_merged(ws, row, 1, last, name, st.get(bold=True, text_wrap=True))
            layout.fit(row, [(name, 1, last)], bold=True)
            row += 1
        for target in targets:
            for k, part in enumerate(target.rows):
                judged = _target_row(layout, ctx, row, part)
                verdicts += [judged.verdict] if k == 0 else []  # a part is not a target of its own
                row += 1
    write_closing(layout, ctx, row)
    layout.finish(keep_from=row - 2)
    return verdicts
