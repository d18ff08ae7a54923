"""The catalog: the one declaration of the data set.

Templates, layout files, validation suites, aggregation and appendix tables are all
derived from :class:`Catalog`, so adding an indicator is a single entry in
``data/catalog.yaml``. Loading checks every cross-reference (a rate's numerator, a
rule's operands, an appendix column) so a typo fails at start-up, not mid-run.
"""

from __future__ import annotations

import enum
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import ConfigError
from pipeline.periods import Period

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


@dataclass(frozen=True)
class Rule:
    """``sum(left) op sum(right)`` for each submission, with a severity and a message."""

    id: str
    left: tuple[str, ...]
    op: str
    right: tuple[str, ...]
    severity: Severity
    message_vi: str


@dataclass(frozen=True)
class Target:
    """One target of a strategy: ``indicator op value``; no indicator if not countable locally."""

    code: str
    label_vi: str
    op: str
    value: float
    indicator: str | None = None
    confirmed: bool = False
    unit: str = "%"

    @property
    def goal(self) -> str:
        return self.code.split(".")[0]


@dataclass(frozen=True)
class Goal:
    code: str
    title_vi: str


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


@dataclass(frozen=True)
class SummaryItem:
    """One paragraph of ``summary.md``: a heading and a sentence template over codes."""

    heading: str
    text: str
    zero_code: str | None = None
    zero_text: str | None = None


@dataclass(frozen=True)
class Dataset:
    id: str
    template_id: str
    template_version: str
    form_number: str
    title_vi: str
    title_en: str
    recipient_vi: str


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

    @property
    def indicators(self) -> list[Indicator]:
        return [i for s in self.sections for i in s.indicators]

    def indicator(self, code: str) -> Indicator:
        for item in self.indicators:
            if item.code == code:
                return item
        raise KeyError(code)

    def derived_by_code(self, code: str) -> Derived:
        for item in self.derived:
            if item.code == code:
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
        if code in {d.code for d in self.derived}:
            return self.derived_by_code(code).label_vi
        base = self.base_indicator(code)
        if "." in code:
            part = self.disaggregation(code.split(".", 1)[1])
            return f"{base.label_vi} ({part.label_vi.replace('Trong đó: ', '')})"
        return base.label_vi

    def unit_of(self, code: str) -> str:
        if code in {d.code for d in self.derived}:
            return self.derived_by_code(code).unit
        return self.base_indicator(code).unit

    def strategy_for(self, period: Period) -> Strategy | None:
        for strategy in self.strategies:
            if strategy.first_year <= period.year <= strategy.last_year:
                return strategy
        return None


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _build(raw: dict[str, Any]) -> Catalog:
    ds = raw["dataset"]
    dataset = Dataset(
        id=ds["id"],
        template_id=ds["template_id"],
        template_version=str(ds["template_version"]),
        form_number=ds["form_number"],
        title_vi=ds["title_vi"],
        title_en=ds["title_en"],
        recipient_vi=ds["recipient_vi"],
    )
    disaggregations = tuple(
        Disaggregation(code, v["label_vi"], v["label_en"]) for code, v in raw["disaggregations"].items()
    )
    sections = []
    for sec in raw["sections"]:
        indicators = []
        for item in sec["indicators"]:
            value_type = ValueType(item["type"])
            default_agg = "count_true" if value_type is ValueType.BOOLEAN else "sum"
            indicators.append(
                Indicator(
                    code=item["code"],
                    label_vi=item["label_vi"],
                    label_en=item["label_en"],
                    unit=item["unit"],
                    type=value_type,
                    levels=_tuple(item["levels"]),
                    section=str(sec["code"]),
                    required=bool(item.get("required", False)),
                    disaggregations=_tuple(item.get("disaggregations")),
                    aggregation=item.get("aggregation", default_agg),
                )
            )
        sections.append(Section(str(sec["code"]), sec["sheet"], sec["title_vi"], sec["title_en"], tuple(indicators)))
    derived = tuple(
        Derived(
            code=d["code"],
            label_vi=d["label_vi"],
            label_en=d["label_en"],
            kind=d["kind"],
            numerator=_tuple(d.get("numerator")),
            denominator=_tuple(d.get("denominator")),
            of=_tuple(d.get("of")),
            unit=d.get("unit", "%"),
            scale=float(d.get("scale", 100)),
            decimals=int(d.get("decimals", 1)),
            bounded=bool(d.get("bounded", True)),
        )
        for d in raw.get("derived", [])
    )
    rules = tuple(
        Rule(r["id"], _tuple(r["left"]), r["op"], _tuple(r["right"]), Severity(r["severity"]), r["message_vi"])
        for r in raw.get("rules", [])
    )
    strategies = tuple(
        Strategy(
            id=str(s["id"]),
            title_vi=s["title_vi"],
            decision=s["decision"],
            first_year=int(s["first_year"]),
            last_year=int(s["last_year"]),
            goals=tuple(Goal(str(g["code"]), g["title_vi"]) for g in s["goals"]),
            targets=tuple(
                Target(
                    code=str(t["code"]),
                    label_vi=t["label_vi"],
                    op=t["op"],
                    value=float(t["value"]),
                    indicator=t.get("indicator"),
                    confirmed=bool(t.get("confirmed", False)),
                    unit=t.get("unit", "%"),
                )
                for t in s["targets"]
            ),
        )
        for s in raw.get("strategies", [])
    )
    appendix = tuple(
        AppendixTable(a["id"], a["sheet"], a["title_vi"], a.get("kind", "by_unit"), _tuple(a.get("columns")))
        for a in raw.get("appendix", [])
    )
    summary = tuple(
        SummaryItem(s["heading"], s["text"], s.get("zero_code"), s.get("zero_text")) for s in raw.get("summary", [])
    )
    return Catalog(dataset, disaggregations, tuple(sections), derived, rules, strategies, appendix, summary)


_OPERATORS = {"<", "<=", ">", ">=", "=="}


def check_catalog(catalog: Catalog) -> None:
    """Raise :class:`ConfigError` on the first dangling or duplicated reference."""
    fields = set(catalog.field_codes())
    derived = {d.code for d in catalog.derived}
    codes = [i.code for i in catalog.indicators] + [d.code for d in catalog.derived]
    dup = sorted({c for c in codes if codes.count(c) > 1})
    if dup:
        raise ConfigError(f"Mã chỉ tiêu bị trùng trong danh mục: {', '.join(dup)}")
    known_parts = {d.code for d in catalog.disaggregations}
    sheets = [s.sheet for s in catalog.sections]
    if len(set(sheets)) != len(sheets):
        raise ConfigError("Tên trang tính của các phần trong danh mục bị trùng.")
    for ind in catalog.indicators:
        for part in ind.disaggregations:
            if part not in known_parts:
                raise ConfigError(f"Chỉ tiêu {ind.code}: phân tổ '{part}' chưa được khai báo.", key=ind.code)
        if ind.aggregation not in {"sum", "count_true"}:
            raise ConfigError(f"Chỉ tiêu {ind.code}: cách tổng hợp '{ind.aggregation}' không hỗ trợ.")
    for d in catalog.derived:
        refs = d.numerator + d.denominator + d.of
        complete = (d.numerator and d.denominator) if d.kind == "ratio" else d.of
        if d.kind not in {"ratio", "coverage"} or not complete:
            raise ConfigError(f"Chỉ tiêu tính toán {d.code}: loại '{d.kind}' hoặc thành phần không hợp lệ.")
        for ref in refs:
            if ref not in fields:
                raise ConfigError(f"Chỉ tiêu tính toán {d.code} tham chiếu mã không có: {ref}", key=d.code)
    for rule in catalog.rules:
        if rule.op not in _OPERATORS:
            raise ConfigError(f"Quy tắc {rule.id}: phép so sánh '{rule.op}' không hỗ trợ.", key=rule.id)
        for ref in rule.left + rule.right:
            if ref not in fields:
                raise ConfigError(f"Quy tắc {rule.id} tham chiếu mã không có: {ref}", key=rule.id)
    for strategy in catalog.strategies:
        for target in strategy.targets:
            if target.op not in _OPERATORS:
                raise ConfigError(f"Chỉ tiêu chiến lược {target.code}: phép so sánh '{target.op}' không hỗ trợ.")
            if target.indicator and target.indicator not in fields | derived:
                raise ConfigError(f"Chỉ tiêu chiến lược {target.code} tham chiếu mã không có: {target.indicator}")
    for item in catalog.summary:
        for text in filter(None, (item.text, item.zero_text)):
            for _, name, _, _ in string.Formatter().parse(text):
                if name and name.split(".")[0] not in fields | derived:
                    raise ConfigError(f'Câu tóm tắt "{item.heading}" dùng mã không có: {name}', key=item.heading)
    for table in catalog.appendix:
        for col in table.columns:
            if col not in fields | derived:
                raise ConfigError(f"Phụ lục {table.id} có cột không có trong danh mục: {col}", key=table.id)


def load_catalog(path: Path | None = None) -> Catalog:
    """Read, build and check the catalog file."""
    path = Path(path or DEFAULT_CATALOG_PATH)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        catalog = _build(raw)
    except FileNotFoundError as exc:
        raise ConfigError(f"Không tìm thấy tệp danh mục chỉ tiêu: {path}", file=str(path)) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"Tệp danh mục chỉ tiêu {path} sai cú pháp YAML: {exc}", file=str(path)) from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"Tệp danh mục chỉ tiêu {path} thiếu hoặc sai trường: {exc}", file=str(path)) from exc
    check_catalog(catalog)
    return catalog
