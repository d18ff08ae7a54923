"""The national gender-equality strategies' goals and targets, as the catalog declares them.

Targets are data tied to years (a strategy period), never code. A target may carry
*parts*: a second threshold the decision sets under the same number (QĐ 800's
perpetrators counselled next to 6.2's victims supported). Parts are printed under their
target but are not counted as targets of their own, so the 2011-2020 strategy keeps its
"7 mục tiêu, 22 chỉ tiêu" wherever the report counts them.

``checked`` and ``source`` are for the catalog's maintainer only: whether the value was
found in a source restating the decision, and where (the keys of
``shared/reference/strategy-targets.md``). No printed page shows them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """One target of a strategy: ``figure op value``; no indicator if not countable locally.

    The figure is the indicator's district total, or, with ``unit_at_least``, the share
    (%) of the units reporting the indicator whose own value reaches that number (QĐ 800:
    each commune broadcasts at least 2 gender-equality segments a month, 12 a half-year).
    """

    code: str
    label_vi: str
    op: str
    value: float
    indicator: str | None = None
    checked: bool = False
    """The value was found in a source restating the decision (for the maintainer; never printed)."""
    source: str = ""
    """Where it was checked, or what is still unsettled (for the maintainer; never printed)."""
    unit: str = "%"
    label_en: str = ""
    unit_at_least: float | None = None
    parts: tuple[Target, ...] = ()

    @property
    def goal(self) -> str:
        return self.code.split(".")[0]

    @property
    def rows(self) -> tuple[Target, ...]:
        """The target, then its parts: the rows a table prints for it."""
        return (self, *self.parts)


@dataclass(frozen=True)
class Goal:
    code: str
    title_vi: str
    title_en: str = ""


@dataclass(frozen=True)
class Strategy:
    """A strategy period's goals and targets (targets are data tied to years, not code)."""

    id: str
    title_vi: str
    decision: str
    first_year: int
    last_year: int
    goals: tuple[Goal, ...]
    targets: tuple[Target, ...]
    title_en: str = ""
    decision_en: str = ""
    goal_count: int | None = None
    """The strategy's own number of goals when the catalog lists only some (default: those listed)."""
    target_count: int | None = None
    """The same for targets: 2021-2030 has 20, of which the catalog lists those a commune can count."""
