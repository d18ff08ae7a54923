"""Who may report for a unit, and whether a form agrees with itself.

Two holes are closed here. A form that came by e-mail from an address the registry does not
allow for the unit it declares is held for review: never counted, never superseding an
accepted file. And a form must not contradict itself: the unit its visible heading names
("Đơn vị báo cáo: Xã Đắk Ang (mã 23380)") and the level its rows belong to (a commune's
rows on a form declaring the district office) must match the unit code in its hidden
metadata; a contradiction is an error, so the form is rejected with both sides named.
The names looked at are the ones a unit's own form shows: the heading of every section sheet
(row 4, column A) and the "Tên đơn vị" line of the instructions sheet (column C). The form's
title is the same for every level, so the level is told by the rows, not the title.
A registry that lists no sender addresses keeps the earlier behaviour, and says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.forms.layout import META_SHEET, REPORTER_LABEL
from pipeline.intake.outcomes import Arrival, Clock, FileOutcome, Status
from pipeline.issues.codes import IssueCode
from pipeline.issues.issue import Issue
from pipeline.read.workbook import CellValue, Submission
from pipeline.spec.catalog import Catalog
from pipeline.spec.units import Unit, UnitRegistry

NO_SENDERS_NOTE = "Danh mục đơn vị chưa khai báo địa chỉ thư được phép gửi báo cáo; không kiểm tra người gửi."
UNKNOWN_SENDER = "(không rõ địa chỉ người gửi)"
"""How a message whose From header names no readable address is shown as its sender."""
_BY_MAIL = (Clock.IMAP, Clock.INTAKE)
_NAME_LABEL = "Tên đơn vị"
"""The instructions sheet's label left of the unit's name (see ``forms/template.py``)."""
_NAMED = re.compile(r"^(?P<name>.*?)\s*(?:\(mã\s*(?P<code>[^)]+)\))?\s*$")


@dataclass(frozen=True)
class Admission:
    admitted: tuple[Submission, ...]
    held: tuple[FileOutcome, ...]
    issues: tuple[Issue, ...]
    note: str | None = None


def _issue(code: IssueCode, sub: Submission, sheet: str | None = None, cell: str | None = None, **fields: Any) -> Issue:
    return Issue.of(code, file=sub.name, unit_code=sub.unit_code or None, sheet=sheet, cell=cell,
                    file_sha256=sub.sha256, **fields)  # fmt: skip


def _label(unit: Unit | None, code: str) -> str:
    return f"{unit.name} ({unit.code})" if unit else f"mã {code}"


def _filled(cell: CellValue) -> bool:
    return cell.value is not None or cell.invalid or cell.formula


def _named_otherwise(text: str, sub: Submission, registry: UnitRegistry, locked: bool) -> bool:
    """Whether a visible name (optionally "(mã …)") names a unit other than the declared one.

    A locked name (a unit's own form) that names no unit of the registry counts too; a name
    the unit typed itself (the blank master) only when it names another unit, so a typo passes.
    """
    found = _NAMED.match(text)
    name, code = (found.group("name"), found.group("code")) if found else ("", None)
    if code and code.strip() != sub.unit_code:
        return True
    if not name.strip(" .…"):
        return False  # blank, the blank master's dotted line, or only the declared unit's own code
    named = {u.code for u in registry.units_named(name)}  # a shared name: the declared code decides
    return sub.unit_code not in named if named else locked


def _contradiction(sub: Submission, catalog: Catalog, registry: UnitRegistry) -> Issue | None:
    """The first way the form contradicts its metadata, if any."""
    declared = registry.get(sub.unit_code)
    if declared is None:
        return None  # an unknown code is refused by validation with its own message
    # A unit's own form carries its code in _meta; the blank master's identity is typed by hand.
    locked = sub.meta_cells.get("unit_code", ("", ""))[0] == META_SHEET
    shown_names = [(sheet, cell, text[len(REPORTER_LABEL) :].strip(), True) for sheet, cell, text in sub.headings]
    found = next((n for n in shown_names if _named_otherwise(n[2], sub, registry, n[3])), None)
    if found is None and (entry := sub.instructions_name) is not None:
        found = (*entry, locked) if _named_otherwise(entry[2], sub, registry, locked) else None
    if found is not None:
        sheet, cell, text, _ = found
        shown = f"tên đơn vị '{text}' ở trang {sheet} ô {cell}"
        return _issue(IssueCode.FORM_CONTRADICTION, sub, sheet, cell, shown=shown,
                      declared=_label(declared, sub.unit_code))  # fmt: skip
    # Figures in rows the declared unit's level does not report: another level's form. Only
    # filled rows count: the blank master shows every row, and the district leaves a commune's blank.
    foreign = [
        c for c, v in sub.values.items() if _filled(v) and declared.level not in catalog.base_indicator(c).levels
    ]
    if foreign:
        value = sub.values[foreign[0]]
        word = registry.level_label(catalog.base_indicator(foreign[0]).levels[0]).lower()
        shown = f"chỉ tiêu của {word} ở trang {value.sheet} ô {value.cell}"
        declared_as = f"{_label(declared, sub.unit_code)}, {registry.level_label(declared.level).lower()}"
        return _issue(IssueCode.FORM_CONTRADICTION, sub, value.sheet, value.cell, shown=shown, declared=declared_as)
    return None


def admit(
    submissions: Sequence[Submission], catalog: Catalog, registry: UnitRegistry, arrivals: Mapping[str, Arrival]
) -> Admission:
    """Hold what an unknown sender sent; note what a form contradicts in itself."""
    guarded = any(u.senders for u in registry.units)
    admitted: list[Submission] = []
    held: list[FileOutcome] = []
    issues: list[Issue] = []
    for sub in submissions:
        unit = registry.get(sub.unit_code)
        arrival = arrivals.get(sub.name)
        sender = (arrival.sender or "").strip().lower() if arrival else ""
        if arrival is not None and arrival.clock in _BY_MAIL and not sender:
            sender = UNKNOWN_SENDER  # e-mailed, but From names no address: not a hand delivery
        if unit is not None and unit.senders and sender and sender not in unit.senders:
            allowed = ", ".join(unit.senders)
            issue = _issue(
                IssueCode.SENDER_NOT_ALLOWED, sub, sender=sender, unit=_label(unit, unit.code), allowed=allowed
            )
            issues.append(issue)
            held.append(FileOutcome(sub.unit_code or None, sub.name, Status.HELD, issue.message, sub.sha256))
            continue
        if unit is not None and unit.senders and not sender:
            issues.append(_issue(IssueCode.DELIVERED_BY_HAND, sub, unit=_label(unit, unit.code)))
        contradiction = _contradiction(sub, catalog, registry)
        if contradiction is not None:
            issues.append(contradiction)
        admitted.append(sub)
    return Admission(tuple(admitted), tuple(held), tuple(issues), None if guarded else NO_SENDERS_NOTE)
