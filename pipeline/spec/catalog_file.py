"""Build the :class:`~pipeline.spec.catalog.Catalog` from YAML and check every reference.

Checking at load time means a typo in a code, an operator or an expression fails when
the run starts, with the entry named, not in the middle of writing an appendix.
"""

from __future__ import annotations

import string
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import ConfigError
from pipeline.spec.catalog import (
    RULE_OPERATORS,
    AppendixTable,
    Catalog,
    Dataset,
    Derived,
    Disaggregation,
    Goal,
    Indicator,
    MissingStrategy,
    Rule,
    Section,
    Severity,
    Strategy,
    SummaryItem,
    Target,
    ValueType,
)
from pipeline.spec.expressions import ExpressionError, parse


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
        earlier_versions={
            str(version): {str(k): str(v) for k, v in ((item or {}).get("renames") or {}).items()}
            for version, item in (ds.get("earlier_versions") or {}).items()
        },
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
            reported=d.get("reported"),
        )
        for d in raw.get("derived", [])
    )
    rules = tuple(
        Rule(
            id=str(r["id"]),
            left=str(r["left"]),
            op=str(r["op"]),
            right=str(r["right"]),
            severity=Severity(r["severity"]),
            message_vi=r["message_vi"],
            fix_vi=r.get("fix_vi", ""),
            missing=MissingStrategy(r.get("missing", MissingStrategy.SKIP_IF_ANY_MISSING.value)),
            tolerance=float(r.get("tolerance", 0)),
        )
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


_TARGET_OPERATORS = {"<", "<=", ">", ">=", "=="}


def check(catalog: Catalog) -> None:
    """Raise :class:`ConfigError` on the first dangling or duplicated reference."""
    fields = set(catalog.field_codes())
    derived = {d.code for d in catalog.derived}
    codes = [i.code for i in catalog.indicators] + [d.code for d in catalog.derived]
    dup = sorted(c for c, n in Counter(codes).items() if n > 1)
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
        if ind.aggregation not in {"sum", "count_true", "none"}:
            raise ConfigError(f"Chỉ tiêu {ind.code}: cách tổng hợp '{ind.aggregation}' không hỗ trợ.")
    for d in catalog.derived:
        refs = d.numerator + d.denominator + d.of
        complete = (d.numerator and d.denominator) if d.kind == "ratio" else d.of
        if d.kind not in {"ratio", "coverage"} or not complete:
            raise ConfigError(f"Chỉ tiêu tính toán {d.code}: loại '{d.kind}' hoặc thành phần không hợp lệ.")
        for ref in refs:
            if ref not in fields:
                raise ConfigError(f"Chỉ tiêu tính toán {d.code} tham chiếu mã không có: {ref}", key=d.code)
    for d in catalog.derived:
        if d.reported and d.reported not in fields:
            raise ConfigError(f"Chỉ tiêu tính toán {d.code}: ô tỷ lệ xã tự ghi '{d.reported}' không có.", key=d.code)
    for rule in catalog.rules:
        if rule.op not in RULE_OPERATORS:
            raise ConfigError(f"Quy tắc {rule.id}: phép so sánh '{rule.op}' không hỗ trợ.", key=rule.id)
        for side in (rule.left, rule.right):
            try:
                refs = parse(side).codes
            except ExpressionError as exc:
                raise ConfigError(f"Quy tắc {rule.id}: biểu thức '{side}' không hợp lệ ({exc}).", key=rule.id) from exc
            for ref in refs:
                if ref not in fields:
                    raise ConfigError(f"Quy tắc {rule.id} tham chiếu mã không có: {ref}", key=rule.id)
    for strategy in catalog.strategies:
        for target in strategy.targets:
            if target.op not in _TARGET_OPERATORS:
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


def load(path: Path) -> Catalog:
    """Read, build and check the catalog file."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        catalog = _build(raw)
    except FileNotFoundError as exc:
        raise ConfigError(f"Không tìm thấy tệp danh mục chỉ tiêu: {path}", file=str(path)) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"Tệp danh mục chỉ tiêu {path} sai cú pháp YAML: {exc}", file=str(path)) from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"Tệp danh mục chỉ tiêu {path} thiếu hoặc sai trường: {exc}", file=str(path)) from exc
    check(catalog)
    return catalog
