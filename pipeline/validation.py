"""Validate all submissions together and word every failure for the commune.

The submissions become one wide frame (a row per file, a column per value key); the
catalog's checks run over it in a single Great Expectations pass; each failing
(row, check) is traced back to the file, sheet and cell it came from and explained in
Vietnamese with what to do. An error rejects the submission; a warning keeps it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import pandas as pd

from pipeline.catalog import Catalog, ValueType
from pipeline.gx_validation import GxValidator
from pipeline.issues import Issue
from pipeline.numbers import format_auto
from pipeline.periods import Period
from pipeline.reader import Submission
from pipeline.rules import (
    CELL_COLUMNS,
    CELLS,
    META_COLUMNS,
    PARAM_PERIODS,
    PARAM_UNITS,
    SUBMISSIONS,
    Check,
    derive_checks,
    expression_columns,
)
from pipeline.units import UnitRegistry

_KIND = {ValueType.INTEGER: "số nguyên", ValueType.DECIMAL: "số", ValueType.BOOLEAN: "Có hoặc Không"}


def build_frames(
    submissions: Sequence[Submission], catalog: Catalog, registry: UnitRegistry, checks: Sequence[Check]
) -> dict[str, pd.DataFrame]:
    """The ``cells`` (long) and ``submissions`` (wide) frames; row labels are positions."""
    fields = catalog.field_codes()
    required = {i.code: set(i.levels) for i in catalog.indicators if i.required}
    wide: list[dict[str, Any]] = []
    long: list[tuple[Any, ...]] = []
    for position, sub in enumerate(submissions):
        unit = registry.get(sub.unit_code)
        level = unit.level if unit else ""
        record: dict[str, Any] = {
            "unit_code": sub.unit_code,
            "level": level,
            "period": sub.period,
            "template_id": sub.meta.get("template_id", ""),
            "template_version": sub.meta.get("template_version", ""),
        }
        for code in fields:
            cell = sub.values.get(code)
            value = cell.value if cell else None
            invalid = str(cell.raw) if cell and cell.invalid else None
            record[code] = value
            must = level in required.get(code, ()) and invalid is None
            if cell is not None or must:
                long.append((position, sub.unit_code, code, value, invalid, must))
        wide.append(record)
    cells = pd.DataFrame.from_records(long, columns=list(CELL_COLUMNS))
    cells["value"] = cells["value"].astype("float64")
    cells["invalid"] = cells["invalid"].astype("object")
    cells["required"] = cells["required"].astype(bool)
    frame = pd.DataFrame.from_records(wide, columns=[*META_COLUMNS, *fields])
    frame[fields] = frame[fields].astype("float64")
    sums = {
        name: frame[list(codes)].sum(axis=1, skipna=False, min_count=len(codes))
        for name, codes in expression_columns(list(checks)).items()
    }
    if sums:
        frame = pd.concat([frame, pd.DataFrame(sums, index=frame.index)], axis=1)
    return {CELLS: cells, SUBMISSIONS: frame}


def _value(sub: Submission, code: str | None) -> Any:
    if code is None or code not in sub.values:
        return None
    cell = sub.values[code]
    return cell.raw if cell.invalid or cell.value is None else cell.value


def _shown(value: Any) -> str:
    return format_auto(value) if isinstance(value, int | float) and not isinstance(value, bool) else str(value)


def _issue_for(check: Check, sub: Submission, catalog: Catalog, registry: UnitRegistry, period: Period) -> Issue:
    """Locate one failure to its cell and say what to do, in Vietnamese."""
    unit = sub.unit_code or None
    name = sub.name
    if check.blame is None:  # metadata checks: identity of the file itself
        key = {"known_unit": "unit_code", "period": "period"}.get(check.id, check.id)
        sheet, cell = sub.meta_cells.get(key, (None, None))
        found = sub.meta.get(key, "")
        root = registry[registry.root]
        ds = catalog.dataset
        message = {
            "template_id": f"Tệp {name} không phải biểu mẫu {ds.template_id} (mã biểu mẫu ghi '{found}'). "
            "Hãy điền vào biểu mẫu do phòng chuyên môn gửi.",
            "template_version": f"Tệp {name} dùng biểu mẫu phiên bản '{found}', phiên bản hiện hành là "
            f"{ds.template_version}. Hãy chép số liệu sang biểu mẫu mới và gửi lại.",
            "known_unit": f"Mã đơn vị '{found}' trong tệp {name} không thuộc danh mục đơn vị của {root.name}. "
            "Hãy dùng biểu mẫu riêng của đơn vị mình (có sẵn mã đơn vị).",
            "period": f"Tệp {name} ghi kỳ báo cáo '{found}', không phải kỳ {period.code} ({period.label_vi}). "
            f"Hãy dùng biểu mẫu của kỳ {period.code}.",
        }[check.id]
        return Issue(unit, name, sheet, cell, None, found, check.rule, check.severity, message)
    blame = sub.values.get(check.blame)
    sheet, cell = (blame.sheet, blame.cell) if blame else (None, None)
    label = catalog.label_vi(check.blame)
    value = _value(sub, check.blame)
    where = f'Ô {cell} (trang {sheet}) — "{label}"' if blame else f'"{label}"'
    base = catalog.base_indicator(check.blame)
    if check.rule == "required" and blame is not None and blame.formula:
        message = (
            f"{where}: ô chứa công thức nên không được tính (coi như để trống), nhưng đây là chỉ tiêu "
            "bắt buộc. Hãy nhập trực tiếp con số và gửi lại."
        )
    elif check.rule == "required":
        message = (
            f"{where}: để trống nhưng là chỉ tiêu bắt buộc. Hãy nhập số liệu (ghi 0 nếu thực tế bằng không) và gửi lại."
            if blame
            else f"Không tìm thấy dòng có mã chỉ tiêu {check.blame} ({label}) trong tệp {name}. "
            "Hãy dùng đúng biểu mẫu và không xóa dòng này."
        )
    elif check.rule == "type":
        kind = _KIND[base.type]
        message = f"{where}: giá trị '{value}' không phải {kind}. Hãy nhập {kind} (đơn vị: {base.unit})."
    elif check.rule == "non_negative":
        message = f"{where}: giá trị {_shown(value)} là số âm. Hãy nhập số không âm."
    else:
        text = check.message.format(
            blame_label=label,
            blame_value=_shown(value),
            other_label=catalog.label_vi(check.other or ""),
            other_value=_shown(_value(sub, check.other)),
        )
        message = (f"Ô {cell} (trang {sheet}): " if blame else "") + text + " Hãy kiểm tra lại số liệu."
    return Issue(unit, name, sheet, cell, check.blame, value, check.rule, check.severity, message)


def validate(
    submissions: Sequence[Submission], catalog: Catalog, registry: UnitRegistry, period: Period, validator: GxValidator
) -> list[Issue]:
    """Every issue of every submission: the reader's own and the catalog checks'."""
    checks = derive_checks(catalog)
    by_id = {c.id: c for c in checks}
    frames = build_frames(submissions, catalog, registry, checks)
    known = [u.code for u in registry.subtree()]
    failures = validator.run(frames, checks, {PARAM_UNITS: known, PARAM_PERIODS: [period.code]})
    issues = [issue for sub in submissions for issue in sub.issues]
    order = {c.id: k for k, c in enumerate(checks)}
    cell_rows = frames[CELLS][["submission", "field"]].to_dict("index")
    located: list[tuple[int, int, Issue]] = []
    for failure in failures:
        check = by_id[failure.check_id]
        for row in failure.rows:
            if check.frame == CELLS:
                position = int(cell_rows[row]["submission"])
                check = dataclasses.replace(by_id[failure.check_id], blame=str(cell_rows[row]["field"]))
            else:
                position = int(row)
            issue = _issue_for(check, submissions[position], catalog, registry, period)
            located.append((position, order[failure.check_id], issue))
    located.sort(key=lambda item: (item[0], item[1]))
    return issues + [issue for _, _, issue in located]
