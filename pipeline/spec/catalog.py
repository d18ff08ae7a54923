"""The catalog: the one declaration of the data set.

Templates, layout files, validation suites, aggregation and appendix tables are all
derived from :class:`Catalog`, so adding an indicator is a single entry in
``data/catalog.yaml``. Loading checks every cross-reference (a rate's numerator, a
rule's operands, an appendix column) so a typo fails at start-up, not mid-run.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pipeline.spec.choices import Aggregation as Aggregation
from pipeline.spec.choices import DerivedKind as DerivedKind
from pipeline.spec.choices import RuleOperator
from pipeline.spec.choices import TableKind as TableKind
from pipeline.spec.choices import TargetOperator as TargetOperator
from pipeline.spec.periods import Period
from pipeline.spec.report_scopes import ReportScope as ReportScope
from pipeline.spec.strategies import Goal as Goal
from pipeline.spec.strategies import Strategy as Strategy
from pipeline.spec.strategies import Target as Target
from pipeline.spec.summary_item import SummaryItem as SummaryItem

DEFAULT_CATALOG_PATH = Path(__file__).parent / "data" / "catalog.yaml"


class ValueType(enum.StrEnum):
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"


class Severity(enum.StrEnum):
    """An error excludes the submission from the totals; a warning keeps it; information
    is only reported."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "information"

    @property
    def label_vi(self) -> str:
        """ "Lỗi", "Cảnh báo", "Thông tin": the word every report uses."""
        return {"error": "Lỗi", "warning": "Cảnh báo", "information": "Thông tin"}[self.value]


@dataclass(frozen=True)
class Disaggregation:
    """A "Trong đó" column such as female or ethnic minority."""

    code: str
    label_vi: str
    label_en: str


@dataclass(frozen=True)
class Indicator:
    """A figure a unit types into the form."""

    code: str
    label_vi: str
    label_en: str
    unit: str
    type: ValueType
    levels: tuple[str, ...]
    section: str
    required: bool = False
    disaggregations: tuple[str, ...] = ()
    aggregation: str = "sum"
    plausible_max: float | None = None
    """A figure above this (a total or any of its parts) is a warning: likely a typing slip."""

    def field_codes(self) -> list[str]:
        """The value keys this indicator produces: the total, then ``code.part`` per part."""
        return [self.code, *(f"{self.code}.{d}" for d in self.disaggregations)]


@dataclass(frozen=True)
class Derived:
    """A figure computed from others after summing: a ratio or a coverage share."""

    code: str
    label_vi: str
    label_en: str
    kind: str  # "ratio" | "coverage"
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    of: tuple[str, ...] = ()
    unit: str = "%"
    scale: float = 100.0
    decimals: int = 1
    bounded: bool = True
    reported: str | None = None
    """An input where the commune types its own rate; it must agree with its parts."""


class MissingStrategy(enum.StrEnum):
    """What a rule does when operands are blank (the DHIS2 validation-rule strategies)."""

    SKIP_IF_ANY_MISSING = "skip_if_any_missing"
    SKIP_IF_ALL_MISSING = "skip_if_all_missing"  # other blanks count as 0
    NEVER_SKIP = "never_skip"  # every blank counts as 0


RULE_OPERATORS = tuple(op.value for op in RuleOperator)


@dataclass(frozen=True)
class Rule:
    """``left op right`` for every submission; both sides are expressions over codes.

    ``compulsory_pair``: both sides are filled or both are blank; ``exclusive_pair``: not
    both filled. ``tolerance`` loosens ``==``/``!=`` for rounded figures. ``family`` is the
    rule name shown in issues (the id for catalog rules, e.g. ``part_le_whole`` for the
    rules implied by the catalog's structure).
    """

    id: str
    left: str
    op: str
    right: str
    severity: Severity
    message_vi: str
    fix_vi: str = ""
    missing: MissingStrategy = MissingStrategy.SKIP_IF_ANY_MISSING
    tolerance: float = 0.0
    family: str = ""

    @property
    def name(self) -> str:
        return self.family or self.id

    @property
    def expression(self) -> str:
        text = f"{self.left} {self.op} {self.right}"
        return text + (f" (sai số {self.tolerance:g})" if self.tolerance else "")


@dataclass(frozen=True)
class Section:
    code: str
    sheet: str
    title_vi: str
    title_en: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class AppendixTable:
    """One appendix sheet: ``by_unit`` (a row per unit) or ``targets`` (a row per target)."""

    id: str
    sheet: str
    title_vi: str
    kind: str = "by_unit"
    columns: tuple[str, ...] = ()
    title_en: str = ""
    charts: tuple[str, ...] = ()
    """Columns drawn as a chart by unit on the appendix's chart sheet."""


@dataclass(frozen=True)
class Dataset:
    id: str
    template_id: str
    template_version: str
    form_number: str
    title_vi: str
    title_en: str
    recipient_vi: str
    earlier_versions: dict[str, dict[str, str]] = field(default_factory=dict)
    """Older template versions still accepted (same meaning), each with the codes it
    named differently: ``{version: {old code: today's code}}``."""
    recipient_since: dict[dt.date, str] = field(default_factory=dict)
    """The office forms go to from a day on (``recipient_vi`` before the first): the Labour
    office until 30/6/2025, the Home Affairs and Health departments since."""

    @property
    def accepted_versions(self) -> list[str]:
        return [self.template_version, *self.earlier_versions]

    def recipient_on(self, day: dt.date) -> str:
        since = [start for start in self.recipient_since if start <= day]
        return self.recipient_since[max(since)] if since else self.recipient_vi


@dataclass(frozen=True)
class Catalog:
    dataset: Dataset
    disaggregations: tuple[Disaggregation, ...]
    sections: tuple[Section, ...]
    derived: tuple[Derived, ...]
    rules: tuple[Rule, ...]
    strategies: tuple[Strategy, ...]
    appendix: tuple[AppendixTable, ...]
    summary: tuple[SummaryItem, ...] = ()
    units_en: dict[str, str] = field(default_factory=dict)
    """English names of the units of measure ("hộ": "households") for ``--lang en``."""
    reports: tuple[ReportScope, ...] = ()
    """The reports the common form feeds, each for its recipient (see :mod:`pipeline.spec.report_scopes`)."""

    @property
    def indicators(self) -> list[Indicator]:
        return [i for s in self.sections for i in s.indicators]

    @cached_property
    def _by_code(self) -> dict[str, Indicator | Derived]:
        """Lookups by code; a province run asks for labels about a million times."""
        return {**{d.code: d for d in self.derived}, **{i.code: i for i in self.indicators}}

    def indicator(self, code: str) -> Indicator:
        item = self._by_code.get(code)
        if isinstance(item, Indicator):
            return item
        raise KeyError(code)

    def derived_by_code(self, code: str) -> Derived:
        item = self._by_code.get(code)
        if isinstance(item, Derived):
            return item
        raise KeyError(code)

    def field_codes(self) -> list[str]:
        """Every value key a submission can carry, in form order."""
        return [f for i in self.indicators for f in i.field_codes()]

    def base_indicator(self, field_code: str) -> Indicator:
        return self.indicator(field_code.split(".")[0])

    def disaggregation(self, code: str) -> Disaggregation:
        for item in self.disaggregations:
            if item.code == code:
                return item
        raise KeyError(code)

    def label_vi(self, code: str) -> str:
        """The Vietnamese label of any input, disaggregated or derived code."""
        if code not in self._labels:
            self._labels[code] = self._label_vi(code)
        return self._labels[code]

    @cached_property
    def _labels(self) -> dict[str, str]:
        return {}

    def _label_vi(self, code: str) -> str:
        if isinstance(self._by_code.get(code), Derived):
            return self.derived_by_code(code).label_vi
        base = self.base_indicator(code)
        if "." in code:
            part = self.disaggregation(code.split(".", 1)[1])
            return f"{base.label_vi} ({part.label_vi.replace('Trong đó: ', '')})"
        return base.label_vi

    def unit_of(self, code: str) -> str:
        if isinstance(self._by_code.get(code), Derived):
            return self.derived_by_code(code).unit
        return self.base_indicator(code).unit

    def report(self, scope_id: str) -> ReportScope:
        for scope in self.reports:
            if scope.id == scope_id:
                return scope
        raise KeyError(scope_id)

    def strategy_for(self, period: Period) -> Strategy | None:
        for strategy in self.strategies:
            if strategy.first_year <= period.year <= strategy.last_year:
                return strategy
        return None
