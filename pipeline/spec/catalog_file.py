"""Build the :class:`~pipeline.spec.catalog.Catalog` from YAML and check every reference.

The file is first read against a declared schema (:mod:`pipeline.spec.catalog_schema`
mirrors the YAML entry for entry and refuses unknown keys), so a misspelt ``requird: true`` or
``severty:`` is refused instead of loading as a default. The models then become the
frozen dataclasses the rest of the pipeline uses, and :func:`check` follows every
cross-reference (a rule's operands, a rate's parts, an appendix column). Both kinds of
refusal name the file and the place inside it, so a typo fails when the run starts,
pointing at the line to fix, not in the middle of writing an appendix.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pipeline.spec import catalog as spec
from pipeline.spec.catalog_schema import CatalogFile
from pipeline.spec.choices import Aggregation, DerivedKind, RuleOperator, TableKind, TargetOperator
from pipeline.spec.expressions import ExpressionError, parse
from pipeline.spec.settings_files import Problem, Problems, read_yaml, refusal, validate

WHAT = "tệp danh mục chỉ tiêu"


NOUN = "noun"
"""``{noun.commune}`` in a sentence: the registry's word for a level's units, not a figure."""


def _make(cls: type[Any], entry: BaseModel, **changes: Any) -> Any:
    """The dataclass ``cls`` from an entry of the same field names, some of them changed."""
    return cls(**{**{name: getattr(entry, name) for name in type(entry).model_fields}, **changes})


def build(raw: CatalogFile) -> spec.Catalog:
    """The validated file as the dataclasses the pipeline uses (closed choices kept as their text)."""
    versions = {version: dict(e.renames) for version, e in raw.dataset.earlier_versions.items()}
    sections = []
    for s in raw.sections:
        indicators = []
        for i in s.indicators:
            default = Aggregation.COUNT_TRUE if i.type is spec.ValueType.BOOLEAN else Aggregation.SUM
            indicators.append(_make(spec.Indicator, i, section=s.code, aggregation=(i.aggregation or default).value))
        sections.append(spec.Section(s.code, s.sheet, s.title_vi, s.title_en, tuple(indicators)))
    strategies = tuple(
        _make(
            spec.Strategy,
            s,
            goals=tuple(_make(spec.Goal, g) for g in s.goals),
            targets=tuple(
                _make(spec.Target, t, op=t.op.value, parts=tuple(_make(spec.Target, p, op=p.op.value) for p in t.parts))
                for t in s.targets
            ),
        )
        for s in raw.strategies
    )
    return spec.Catalog(
        _make(spec.Dataset, raw.dataset, earlier_versions=versions),
        tuple(spec.Disaggregation(code, d.label_vi, d.label_en) for code, d in raw.disaggregations.items()),
        tuple(sections),
        tuple(_make(spec.Derived, d, kind=d.kind.value) for d in raw.derived),
        tuple(_make(spec.Rule, r, op=r.op.value) for r in raw.rules),
        strategies,
        tuple(_make(spec.AppendixTable, a, kind=a.kind.value) for a in raw.appendix),
        tuple(_make(spec.SummaryItem, s, en={k: v for k, v in s.en.model_dump().items() if v}) for s in raw.summary),
        dict(raw.units_en),
        tuple(_make(spec.ReportScope, r) for r in raw.reports),
    )


class _Found(Problems):
    """Problems, plus the codes a reference may name: a derived code where only typed
    figures may be named is refused as such, not as unknown."""

    def __init__(self, catalog: spec.Catalog):
        super().__init__()
        self.fields = set(catalog.field_codes())
        self.derived = {d.code for d in catalog.derived}

    def code(self, where: str, code: str, *, inputs_only: bool = False, shown: str | None = None) -> None:
        if code in self.fields or (code in self.derived and not inputs_only):
            return
        if code in self.derived:
            self.add(where, f"mã '{code}' là chỉ tiêu tính toán, ở đây chỉ dùng được chỉ tiêu nhập")
        else:
            self.add(where, f"mã '{shown or code}' không có trong danh mục")


def _target_problems(found: _Found, at: str, target: spec.Target, parent: str) -> None:
    """A target's (or a part's) operator and figure; a part is numbered under its target."""
    found.choice(f"{at}.op", target.op, TargetOperator)
    if target.indicator:  # a share of units reaching a number counts a typed figure, unit by unit
        found.code(f"{at}.indicator", target.indicator, inputs_only=target.unit_at_least is not None)
    elif target.unit_at_least is not None:
        found.add(f"{at}.unit_at_least", "cần trường 'indicator' (chỉ tiêu nhập được so với số này)")
    if not target.code.startswith(parent):
        found.add(f"{at}.code", f"mã phần chỉ tiêu '{target.code}' phải bắt đầu bằng mã chỉ tiêu '{parent}'")


def problems(catalog: spec.Catalog) -> list[Problem]:
    """Every dangling or duplicated reference, at its place in the file, in file order.

    Places are computed from the catalog's own order, which is the file's. The checks of
    closed choices repeat the schema's for catalogs built in code.
    """
    found = _Found(catalog)
    parts = {d.code for d in catalog.disaggregations}
    for i, section in enumerate(catalog.sections):
        found.claim("tên trang tính", section.sheet, f"sections[{i}].sheet")
        for j, ind in enumerate(section.indicators):
            at = f"sections[{i}].indicators[{j}]"
            found.claim("mã", ind.code, f"{at}.code")
            for k, part in enumerate(ind.disaggregations):
                if part not in parts:
                    found.add(
                        f"{at}.disaggregations[{k}]", f"phân tổ '{part}' chưa được khai báo trong disaggregations"
                    )
            found.choice(f"{at}.aggregation", ind.aggregation, Aggregation)
    for i, d in enumerate(catalog.derived):
        at = f"derived[{i}]"
        found.claim("mã", d.code, f"{at}.code")
        found.choice(f"{at}.kind", d.kind, DerivedKind)
        needed = ("numerator", "denominator") if d.kind == DerivedKind.RATIO else ("of",)
        for name, refs in (("numerator", d.numerator), ("denominator", d.denominator), ("of", d.of)):
            if name in needed and not refs:
                found.add(at, f"thiếu trường '{name}' (loại '{d.kind}' cần {' và '.join(needed)})")
            elif name not in needed and refs:
                found.add(f"{at}.{name}", f"loại '{d.kind}' không dùng trường này")
            for k, ref in enumerate(refs):
                found.code(f"{at}.{name}[{k}]", ref, inputs_only=True)
        if d.reported:
            found.code(f"{at}.reported", d.reported, inputs_only=True)
    for i, rule in enumerate(catalog.rules):
        found.choice(f"rules[{i}].op", rule.op, RuleOperator)
        for side, text in (("left", rule.left), ("right", rule.right)):
            try:
                refs = parse(text).codes
            except ExpressionError as exc:
                found.add(f"rules[{i}].{side}", f"biểu thức '{text}' không hợp lệ ({exc})")
                continue
            for ref in refs:
                found.code(f"rules[{i}].{side}", ref, inputs_only=True)
    for i, strategy in enumerate(catalog.strategies):
        for j, target in enumerate(strategy.targets):
            for k, row in enumerate(target.rows):
                at = f"strategies[{i}].targets[{j}]" + (f".parts[{k - 1}]" if k else "")
                _target_problems(found, at, row, target.code)
                found.claim(f"mã chỉ tiêu của chiến lược {strategy.id}", row.code, f"{at}.code")
    known_levels = {lv for ind in catalog.indicators for lv in ind.levels}
    for i, item in enumerate(catalog.summary):
        if item.zero_code:
            found.code(f"summary[{i}].zero_code", item.zero_code)
        if not item.levels:  # an item for some levels only has an alternative under the same id
            found.claim("mã câu tóm tắt", item.id, f"summary[{i}].id")
        for j, report in enumerate(item.reports):
            if report not in {r.id for r in catalog.reports}:
                found.add(f"summary[{i}].reports[{j}]", f"danh mục không có báo cáo '{report}'")
        for j, level in enumerate(item.levels):
            if level not in known_levels:
                found.add(f"summary[{i}].levels[{j}]", f"cấp '{level}' không có chỉ tiêu nào báo cáo")
        for name, sentence in item.templates.items():
            try:
                used = [ref for _, ref, _, _ in string.Formatter().parse(sentence) if ref]
            except ValueError:
                found.add(f"summary[{i}].{name}", "câu mẫu có dấu ngoặc { } không khớp")
                continue
            for ref in used:  # {code.numerator}, {code.commune}: the figure is the part before the dot
                head, _, level = ref.partition(".")
                if head == NOUN:  # {noun.commune}: how the registry counts a level's units
                    if level not in known_levels:
                        found.add(f"summary[{i}].{name}", f"'{{{ref}}}': cấp '{level}' không có chỉ tiêu nào báo cáo")
                    continue
                found.code(f"summary[{i}].{name}", head, shown=ref)
    if catalog.units_en:  # an English output must never fall back to a Vietnamese unit
        units = {i.unit for i in catalog.indicators} | {d.unit for d in catalog.derived}
        for unit in sorted(units - set(catalog.units_en)):
            found.add("units_en", f"đơn vị tính '{unit}' chưa có tên tiếng Anh")
    for i, table in enumerate(catalog.appendix):
        found.claim("tên trang tính phụ lục", table.sheet, f"appendix[{i}].sheet")
        found.choice(f"appendix[{i}].kind", table.kind, TableKind)
        for k, column in enumerate(table.columns):
            found.code(f"appendix[{i}].columns[{k}]", column)
        for k, column in enumerate(table.charts):  # a chart draws a column of its own table
            if column not in table.columns:
                found.add(f"appendix[{i}].charts[{k}]", f"mã '{column}' không phải một cột của biểu này")
    sections = [s.code for s in catalog.sections]
    for i, scope in enumerate(catalog.reports):
        found.claim("mã báo cáo", scope.id, f"reports[{i}].id")
        if not scope.sections:
            found.add(f"reports[{i}].sections", "cần ít nhất một mục (mã trong sections)")
        for j, code in enumerate(scope.sections):
            if code not in sections:
                known = ", ".join(sections)
                found.add(f"reports[{i}].sections[{j}]", f"mục '{code}' không có trong sections (có: {known})")
    return list(found)


def check(catalog: spec.Catalog, path: Path | None = None) -> None:
    """Raise one :class:`~pipeline.errors.ConfigError` listing the dangling or duplicated references.

    ``path`` is the file the catalog was read from, named in the message when given.
    """
    found = problems(catalog)
    if found:
        raise refusal(path, found)


def load(path: Path) -> spec.Catalog:
    """Read, validate, build and check the catalog file."""
    path = Path(path)
    catalog = build(validate(CatalogFile, read_yaml(path, WHAT, option="--catalog"), path))
    check(catalog, path)
    return catalog


def load_catalog(path: Path | None = None) -> spec.Catalog:
    """Read, build and check the catalog file (default: the bundled one)."""
    return load(Path(path) if path else spec.DEFAULT_CATALOG_PATH)
