"""Figures as report sentences write them: ``{code}``, ``{code.numerator}``, ``{code.commune}``.

A figure is written the Vietnamese way (7.896 · 97,9% · 8/8), and a missing figure is
``None`` here so that the sentence, not the number, decides how to say it is missing.
A count of units ("8/8 xã") is always over every expected unit of its levels, never only
over those that reported, and a share of units ("100%") is a fraction ("1/8") while
some units have not reported: the reporting units are not the district.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pipeline.aggregate.totals import Figure, Totals
from pipeline.errors import ConfigError
from pipeline.spec.catalog import Catalog, ValueType
from pipeline.spec.numbers import format_auto, format_number
from pipeline.spec.units import UnitRegistry
from pipeline.write.wording import MISSING, NONE, english, label

SPECS = ("", "none")


def figure_levels(catalog: Catalog, code: str) -> frozenset[str]:
    """The unit levels whose reports a figure is made of (a derived figure: its parts')."""
    try:
        derived = catalog.derived_by_code(code)
    except KeyError:
        return frozenset(catalog.base_indicator(code).levels)
    parts = (*derived.numerator, *derived.denominator, *derived.of)
    return frozenset(lv for part in parts for lv in catalog.base_indicator(part).levels)


@dataclass(frozen=True)
class Scope:
    """The units a run expected and those whose report counts: what a sentence may claim."""

    registry: UnitRegistry
    expected: tuple[str, ...]
    accepted: frozenset[str]
    rejected: frozenset[str] = frozenset()
    held: frozenset[str] = frozenset()
    """Units whose only file waits for review (sent from an address not allowed)."""

    def expected_at(self, levels: Iterable[str]) -> list[str]:
        wanted = set(levels)
        return [u for u in self.expected if (unit := self.registry.get(u)) is not None and unit.level in wanted]

    def missing_at(self, levels: Iterable[str]) -> list[str]:
        """Expected units of these levels whose report does not count (not sent, rejected, held)."""
        return [u for u in self.expected_at(levels) if u not in self.accepted]


def _apply_spec(value: float | None, text: str, spec: str) -> str:
    """``none`` turns a zero into "không có"; a blank figure says it has no data."""
    if spec not in SPECS:
        raise ConfigError(f"Mẫu câu tóm tắt dùng định dạng không hỗ trợ ':{spec}' (chỉ có ':none').")
    if value is None:
        return MISSING()
    if spec == "none" and value == 0:
        return NONE()
    return text


class Number:
    """One number of a figure (a numerator, a level's part, a count of units)."""

    def __init__(self, value: float | None, decimal: bool, label: str = "") -> None:
        self.value = value
        self.decimal = decimal
        self.label = label
        """What the number is, for "chưa có số liệu về …" when it is missing."""

    def __format__(self, spec: str) -> str:
        text = format_auto(self.value) if self.decimal else format_number(self.value)
        return _apply_spec(self.value, text, spec)


class FigureView:
    """A figure as a sentence sees it; ``scope`` (when known) sets the count of units."""

    def __init__(self, figure: Figure, catalog: Catalog, totals: Totals, scope: Scope | None = None) -> None:
        self._figure = figure
        self._catalog = catalog
        self._totals = totals
        self._scope = scope

    @property
    def value(self) -> float | None:
        return self._figure.value

    @property
    def label(self) -> str:
        return label(self._catalog, self._figure.code)

    @cached_property
    def expected_count(self) -> int | None:
        """Expected units of the figure's levels, when the scope is known."""
        if self._scope is None:
            return None
        return len(self._scope.expected_at(figure_levels(self._catalog, self._figure.code)))

    @property
    def _partial(self) -> bool:
        expected = self.expected_count
        return expected is not None and (self._figure.denominator or 0) < expected

    @property
    def display(self) -> str | None:
        """The Vietnamese text of the figure's value; ``None`` when it has no data."""
        fig = self._figure
        if fig.value is None:
            return None
        if fig.kind == "count_true" or (fig.kind == "coverage" and self._partial):
            over = self.expected_count if self.expected_count is not None else fig.denominator
            return f"{int(fig.numerator or 0)}/{int(over or 0)}"
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
    def numerator(self) -> Number:
        return Number(self._figure.numerator, self._decimal, self.label)

    @property
    def denominator(self) -> Number:
        fig = self._figure
        if fig.kind in ("count_true", "coverage") and self.expected_count is not None and fig.value is not None:
            return Number(float(self.expected_count), False, self.label)
        return Number(fig.denominator, self._decimal, self.label)

    @property
    def reported(self) -> Number:
        """Units that answered the figure."""
        return Number(float(self._figure.reporting_units), False, self.label)

    @property
    def expected(self) -> Number:
        """Units expected to answer it (all units of its levels)."""
        count = self.expected_count
        return Number(None if count is None else float(count), False, self.label)

    def __getattr__(self, name: str) -> Any:
        # Only called for names that are not attributes: a level or a disaggregation.
        if name.startswith("_"):
            raise AttributeError(name)
        fig, registry = self._figure, (self._scope.registry if self._scope else None)
        levels = {lv for ind in self._catalog.indicators for lv in ind.levels}
        if name in levels:  # a level the indicator may not be reported at: then it has no data
            where = registry.level_label(name).lower() if registry and not english() else name
            return Number(fig.by_level.get(name), self._decimal, f"{self.label} ({where})")
        part = self._totals.figures.get(f"{fig.code}.{name}")
        if part is not None:
            return FigureView(part, self._catalog, self._totals, self._scope)
        raise ConfigError(f"Mẫu câu tóm tắt dùng '{fig.code}.{name}' không có trong danh mục.")


class Figures(dict[str, FigureView]):
    """The mapping handed to ``format_map``; an unknown code is a catalog error."""

    def __missing__(self, key: str) -> FigureView:
        raise ConfigError(f"Mẫu câu tóm tắt dùng mã chỉ tiêu '{key}' không có trong danh mục.", key=key)


class Nouns:
    """``{noun.commune}``: how the registry counts a level's units ("xã, thị trấn"), so one
    sentence serves a 2020 district and a 2026 province ("xã, phường, đặc khu")."""

    def __init__(self, registry: UnitRegistry) -> None:
        self._registry = registry

    def __getattr__(self, level: str) -> str:
        if level.startswith("_"):
            raise AttributeError(level)
        return self._registry.level_noun([level], english=english())


def figure_views(totals: Totals, catalog: Catalog, scope: Scope | None = None) -> Figures:
    views: dict[str, Any] = {code: FigureView(fig, catalog, totals, scope) for code, fig in totals.figures.items()}
    if scope is not None:
        views["noun"] = Nouns(scope.registry)
    return Figures(views)


def resolve(views: Mapping[str, FigureView], ref: str) -> FigureView | Number:
    """The object a placeholder such as ``budget_allocated.district`` names."""
    head, *rest = ref.split(".")
    found: Any = views[head]
    for name in rest:
        found = getattr(found, name)
    return found
