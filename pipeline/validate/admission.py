"""Who may report for a unit, and whether a form agrees with itself.

Two holes are closed here. A form that came by e-mail from an address the registry does not
allow for the unit it declares is held for review: never counted, never superseding an
accepted file. And a form must not contradict itself: the unit its visible heading names
("Đơn vị báo cáo: Xã Đắk Ang (mã 23380)") and the level its rows belong to (a commune's
rows on a form declaring the district office) must match the unit code in its hidden
metadata; a contradiction is an error, so the form is rejected with both sides named.
A registry that lists no sender addresses keeps the earlier behaviour, and says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.forms.layout import REPORTER_LABEL
from pipeline.intake.outcomes import Arrival, FileOutcome, Status
from pipeline.issues.codes import IssueCode
from pipeline.issues.issue import Issue
from pipeline.read.workbook import Submission
from pipeline.spec.catalog import Catalog
from pipeline.spec.units import Unit, UnitRegistry

NO_SENDERS_NOTE = "Danh mục đơn vị chưa khai báo địa chỉ thư được phép gửi báo cáo; không kiểm tra người gửi."
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


def _contradiction(sub: Submission, catalog: Catalog, registry: UnitRegistry) -> Issue | None:
    """The first way the form contradicts its metadata, if any."""
    declared = registry.get(sub.unit_code)
    if declared is None:
        return None  # an unknown code is refused by validation with its own message
    for sheet, cell, text in sub.headings:
        found = _NAMED.match(text[len(REPORTER_LABEL) :].strip())
        name, code = (found.group("name"), found.group("code")) if found else ("", None)
        if not name.strip(" .…") and not code:
            continue  # the blank master's dotted line
        named = registry.get(code.strip()) if code else registry.find_by_name(name)
        if (code and code.strip() != sub.unit_code) or (named is not None and named.code != sub.unit_code):
            shown = f"tên đơn vị '{text[len(REPORTER_LABEL) :].strip()}' ở trang {sheet} ô {cell}"
            return _issue(IssueCode.FORM_CONTRADICTION, sub, sheet, cell, shown=shown,
                          declared=_label(declared, sub.unit_code))  # fmt: skip
    # Rows of indicators the declared unit's level does not report: another level's form.
    foreign = [c for c in sub.values if declared.level not in catalog.base_indicator(c).levels]
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
