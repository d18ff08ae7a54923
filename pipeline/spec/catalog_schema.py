"""The schema of ``catalog.yaml``: one pydantic model per kind of entry, refusing unknown keys.

The models mirror the YAML entry for entry, so a misspelt ``requird: true`` or
``severty:`` is refused instead of loading as a default; :mod:`pipeline.spec.catalog_file`
turns them into the frozen dataclasses of :mod:`pipeline.spec.catalog` and follows the
cross-references the schema cannot see.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from pipeline.spec import catalog as spec
from pipeline.spec.choices import Aggregation, DerivedKind, RuleOperator, TableKind, TargetOperator
from pipeline.spec.settings_files import Text


def _one_or_many(value: Any) -> Any:
    """A list of codes may be written as one bare code, or left empty."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str | int | float) else value


def _empty_is_nothing(value: Any) -> Any:
    return {} if value is None else value


Codes = Annotated[tuple[Text, ...], BeforeValidator(_one_or_many)]


class _Entry(BaseModel):
    # Numbers are accepted where text is expected ("code: 1" means "1"), as YAML writers expect.
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class EarlierVersionEntry(_Entry):
    renames: Annotated[dict[Text, Text], BeforeValidator(_empty_is_nothing)] = {}


class DatasetEntry(_Entry):
    id: Text
    template_id: Text
    template_version: Text
    form_number: Text
    title_vi: Text
    title_en: str
    recipient_vi: Text
    earlier_versions: dict[Text, Annotated[EarlierVersionEntry, BeforeValidator(_empty_is_nothing)]] = {}
    recipient_since: dict[dt.date, Text] = {}


class DisaggregationEntry(_Entry):
    label_vi: Text
    label_en: str


class IndicatorEntry(_Entry):
    code: Text
    label_vi: Text
    label_en: str
    unit: Text
    type: spec.ValueType
    levels: Codes
    required: bool = False
    disaggregations: Codes = ()
    aggregation: Aggregation | None = None
    """Default: ``count_true`` for booleans, ``sum`` otherwise."""
    plausible_max: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None  # a warning above it


class SectionEntry(_Entry):
    code: Text
    sheet: Text
    title_vi: Text
    title_en: str
    indicators: tuple[IndicatorEntry, ...]


class DerivedEntry(_Entry):
    code: Text
    label_vi: Text
    label_en: str
    kind: DerivedKind
    numerator: Codes = ()
    denominator: Codes = ()
    of: Codes = ()
    unit: str = "%"
    scale: float = 100.0
    decimals: int = 1
    bounded: bool = True
    reported: Text | None = None


class RuleEntry(_Entry):
    id: Text
    left: Text
    op: RuleOperator
    right: Text
    severity: spec.Severity
    message_vi: Text
    fix_vi: str = ""
    missing: spec.MissingStrategy = spec.MissingStrategy.SKIP_IF_ANY_MISSING
    tolerance: float = 0.0


class GoalEntry(_Entry):
    code: Text
    title_vi: Text
    title_en: str = ""


class TargetPartEntry(_Entry):
    """A target's fields; a part (a second threshold under the same number) has only these."""

    code: Text
    label_vi: Text
    op: TargetOperator
    value: float
    indicator: Text | None = None
    checked: bool = False  # for the maintainer: the value was found in a source (never printed)
    source: str = ""  # for the maintainer: where, or what is unsettled (never printed)
    unit: str = "%"
    label_en: str = ""
    unit_at_least: Annotated[float, Field(allow_inf_nan=False)] | None = None


class TargetEntry(TargetPartEntry):
    parts: tuple[TargetPartEntry, ...] = ()


class StrategyEntry(_Entry):
    id: Text
    title_vi: Text
    decision: str
    first_year: int
    last_year: int
    goals: tuple[GoalEntry, ...]
    targets: tuple[TargetEntry, ...]
    title_en: str = ""
    decision_en: str = ""
    goal_count: int | None = None
    target_count: int | None = None


class AppendixEntry(_Entry):
    id: Text
    sheet: Text
    title_vi: Text
    kind: TableKind = TableKind.BY_UNIT
    columns: Codes = ()
    title_en: str = ""
    charts: Codes = ()


def _sentence_id(text: str) -> str:
    """The id is a placeholder name in the Word template (``sentence.economy``)."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", text):
        raise ValueError(f"mã câu '{text}' chỉ được gồm chữ thường không dấu, chữ số và '_'")
    return text


class SummaryEnglish(_Entry):
    """The English wording of one sentence, for ``--lang en``; each field defaults to none."""

    heading: Text | None = None
    text: Text | None = None
    zero_text: Text | None = None
    partial_text: Text | None = None


class SummaryEntry(_Entry):
    id: Annotated[str, AfterValidator(_sentence_id)]
    heading: Text
    text: Text
    zero_code: Text | None = None
    zero_text: Text | None = None
    partial_text: Text | None = None
    en: SummaryEnglish = SummaryEnglish()
    levels: tuple[Text, ...] = ()
    reports: tuple[Text, ...] = ()


def _file_word(text: str) -> str:
    """A report's id ends its file names (``bao_cao_2026S1_bdg.docx``): plain letters only."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", text):
        raise ValueError(f"mã báo cáo '{text}' chỉ được gồm chữ thường không dấu, chữ số và '_'")
    return text


class ReportEntry(_Entry):
    """One report the common form feeds; what it holds is derived from its sections."""

    id: Annotated[str, AfterValidator(_file_word)]
    title_vi: Text
    sections: Codes
    title_en: str = ""
    targets: bool = False


class CatalogFile(_Entry):
    """The whole ``catalog.yaml``."""

    dataset: DatasetEntry
    disaggregations: dict[Text, DisaggregationEntry]
    sections: tuple[SectionEntry, ...]
    derived: tuple[DerivedEntry, ...] = ()
    rules: tuple[RuleEntry, ...] = ()
    strategies: tuple[StrategyEntry, ...] = ()
    appendix: tuple[AppendixEntry, ...] = ()
    summary: tuple[SummaryEntry, ...] = ()
    units_en: dict[Text, Text] = {}
    reports: tuple[ReportEntry, ...] = ()
