"""The report's sentences, which never claim more than the units that reported.

One catalog sentence becomes one paragraph of ``summary.md`` and of the Word draft, by
the same rules, so the two can never disagree:

- a sentence over figures that some expected units have not reported (not sent, rejected,
  held) uses the catalog's ``partial_text`` and says whose figures it holds: "(Số liệu của
  7/8 xã, thị trấn; chưa có báo cáo của xã Đắk Dục.)";
- the "nothing happened" wording (``zero_text``) is written only when every unit reported;
- a clause whose figure nobody reported is rewritten "chưa có số liệu về …" instead of
  putting "(chưa có số liệu)" where a number belongs;
- with no report at all for the sentence's levels, it says exactly that.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.aggregate.totals import Totals
from pipeline.spec.catalog import Catalog, SummaryItem
from pipeline.spec.units import UnitRegistry
from pipeline.write.figure_text import Figures, FigureView, Number, Scope, figure_levels, figure_views, resolve
from pipeline.write.wording import (
    AND_OTHERS,
    FIGURES_OF,
    HELD,
    NO_DATA_ON,
    NOT_SENT,
    NOTHING_RECEIVED,
    REJECTED,
    english,
)  # fmt: skip

NAMES_SHOWN = 10
"""Units named in a coverage note; a province's note names the first ten and counts the rest."""

_CLAUSE_END = re.compile(r"(?<=[;.])\s+")


@dataclass(frozen=True)
class Sentence:
    """One rendered paragraph with what it covers."""

    id: str
    heading: str
    text: str
    expected: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


def _refs(template: str) -> list[str]:
    return [ref for _, ref, _, _ in string.Formatter().parse(template) if ref]


def sentence_levels(item: SummaryItem, catalog: Catalog) -> frozenset[str]:
    """Levels whose reports the sentence's figures are made of (``{code.district}``: that level)."""
    levels: set[str] = set()
    all_levels = {lv for ind in catalog.indicators for lv in ind.levels}
    for template in item.templates.values():
        for ref in _refs(template):
            head, *rest = ref.split(".")
            if head == "noun":
                continue
            named = [part for part in rest if part in all_levels]
            levels |= set(named) if named else figure_levels(catalog, head)
    return frozenset(levels)


def _in_running_text(name: str) -> str:
    """ "Xã Đắk Dục" as a sentence writes it: "xã Đắk Dục" (NĐ 30/2020, Phụ lục II); in English, as it is."""
    return name if english() else name[:1].lower() + name[1:]


def unit_list(registry: UnitRegistry, codes: Sequence[str]) -> str:
    names = [_in_running_text(registry[c].name) if registry.get(c) else c for c in codes]
    if len(names) > NAMES_SHOWN:
        return AND_OTHERS(names=", ".join(names[:NAMES_SHOWN]), more=len(names) - NAMES_SHOWN)
    return ", ".join(names)


def coverage_parts(scope: Scope, expected: Sequence[str], missing: Sequence[str], noun: str) -> list[str]:
    """["Số liệu của 7/8 xã, thị trấn", "chưa có báo cáo của xã Đắk Dục", "báo cáo của … bị loại"]."""
    rejected = [u for u in missing if u in scope.rejected]
    held = [u for u in missing if u in scope.held and u not in scope.rejected]
    unsent = [u for u in missing if u not in scope.rejected and u not in scope.held]
    parts = [FIGURES_OF(have=len(expected) - len(missing), expected=len(expected), noun=noun)]
    if unsent:
        parts.append(NOT_SENT(names=unit_list(scope.registry, unsent)))
    if rejected:
        parts.append(REJECTED(names=unit_list(scope.registry, rejected)))
    if held:
        parts.append(HELD(names=unit_list(scope.registry, held)))
    return parts


def coverage_note(scope: Scope, expected: Sequence[str], missing: Sequence[str], noun: str) -> str:
    """ "(Số liệu của 7/8 xã, thị trấn; chưa có báo cáo của xã Đắk Dục.)" — empty when complete."""
    return "(" + "; ".join(coverage_parts(scope, expected, missing, noun)) + ".)" if missing else ""


def _missing_label(target: FigureView | Number) -> str:
    label = target.label
    return label[:1].lower() + label[1:]


def _clause(clause: str, views: Figures, first: bool) -> str:
    """The clause itself, or "chưa có số liệu về …" when one of its figures has no data."""
    targets = [resolve(views, ref) for ref in _refs(clause) if not ref.startswith("noun.")]
    missing = list(dict.fromkeys(_missing_label(t) for t in targets if t.value is None))
    if not missing:
        return clause.format_map(views)
    end = clause.rstrip()[-1] if clause.rstrip()[-1:] in (";", ".") else ""
    text = NO_DATA_ON(what=", ".join(missing)) + end
    return text[:1].upper() + text[1:] if first else text


def fill(template: str, views: Figures) -> str:
    """Fill a template clause by clause (clauses end with ";" or ".")."""
    clauses = _CLAUSE_END.split(template.strip())
    out: list[str] = []
    for k, clause in enumerate(clauses):
        first = k == 0 or clauses[k - 1].rstrip().endswith(".")
        out.append(_clause(clause, views, first))
    return " ".join(out)


def render_item(item: SummaryItem, totals: Totals, catalog: Catalog, scope: Scope) -> Sentence:
    """One catalog sentence, worded for the units that actually reported."""
    levels = sentence_levels(item, catalog)
    expected, missing = scope.expected_at(levels), scope.missing_at(levels)
    noun = scope.registry.level_noun(levels, english=english())
    views = figure_views(totals, catalog, scope)
    wording = _wording(item)
    if expected and len(missing) == len(expected):
        text = NOTHING_RECEIVED(noun=noun, expected=len(expected))
    elif missing:
        text = fill(wording["partial_text"] or wording["text"] or "", views)
        text += " " + coverage_note(scope, expected, missing, noun)
    else:
        zero = totals.figures.get(item.zero_code) if item.zero_code else None
        covered = zero is not None and zero.reporting_units >= len(scope.expected_at(figure_levels(catalog, zero.code)))
        use_zero = wording["zero_text"] is not None and zero is not None and zero.value == 0 and covered
        text = fill((wording["zero_text"] if use_zero else wording["text"]) or "", views)
    return Sentence(item.id, wording["heading"] or item.heading, text, tuple(expected), tuple(missing))


def _wording(item: SummaryItem) -> dict[str, str | None]:
    """The item's templates in the output language (English ones from ``en:``, else the Vietnamese)."""
    vi = {"heading": item.heading, "text": item.text, "zero_text": item.zero_text, "partial_text": item.partial_text}
    if not english():
        return vi
    return {key: item.en.get(key) or value for key, value in vi.items()}


def applicable(items: Sequence[SummaryItem], scope: Scope) -> list[SummaryItem]:
    """One item per id: the first whose ``levels`` the run expects units at (an item
    without levels always applies), in the catalog's order."""
    present = {unit.level for code in scope.expected if (unit := scope.registry.get(code)) is not None}
    chosen: dict[str, SummaryItem] = {}
    for item in items:
        if item.reports:  # another report's own sentence (a scope's catalog clears its own)
            continue
        if item.id not in chosen and set(item.levels) <= present:
            chosen[item.id] = item
    return list(chosen.values())


def render_sentences(totals: Totals, catalog: Catalog, scope: Scope) -> list[Sentence]:
    return [render_item(item, totals, catalog, scope) for item in applicable(catalog.summary, scope)]
