"""``validation/report.md``: what is wrong and where, unit by unit, in plain Vietnamese.

The district officer reads this first; the issue workbook (:mod:`pipeline.write.issue_workbook`)
holds the same facts for filtering, and both count with the helpers here so they agree.
With ``lang="en"`` the report is wholly in English for the district's partners: its own
words from :data:`_WORDS`, each issue worded again from its code (:meth:`Issue.text`) with
the catalog's English labels; unit and file names stay as they are spelt.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from pipeline.aggregate.completeness import Completeness
from pipeline.intake.outcomes import FileOutcome, Status
from pipeline.issues.codes import LANGS
from pipeline.issues.english import english_period, english_text
from pipeline.issues.issue import Issue
from pipeline.spec.catalog import Catalog
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry
from pipeline.validate.admission import NO_SENDERS_NOTE

MAX_LISTED = 10
WORKBOOK_NAME = "validation/issues.xlsx"
ByFile = dict[str, list[Issue]]
_VI = {
    "title": "Kết quả kiểm tra báo cáo — {period}",
    "headline": "Đã nhận hợp lệ {accepted}/{expected} đơn vị; bị loại: {rejected} tệp; chưa gửi: {missing} đơn vị; "
    "nộp muộn: {late} tệp.",
    "rejected": "Báo cáo bị loại",
    "held": "Tạm giữ chờ xem xét",
    "warned": "Báo cáo có cảnh báo",
    "waived": "Cảnh báo đã được chấp nhận",
    "missing": "Chưa gửi",
    "late": "Nộp muộn",
    "set_aside": "Tệp bị thay thế hoặc bỏ qua",
    "none": "Không có.",
    "more": "- … và {n} {noun} khác (xem {workbook})",
    "also": "- Ngoài ra có {n} {noun} (xem {workbook})",
    "error": "lỗi",
    "warning": "cảnh báo",
    "file": "tệp",
    "unit": "đơn vị",
    "no_reason": "Không rõ lý do.",
    "block": "### {unit} — tệp {file}",
    "waiver": "- {unit}, {where}: {message} — lý do chấp nhận: {waiver}",
    "late_file": "- {unit}, tệp {file}{received} ({status})",
    "received": ", nhận lúc {at}",
    "set_aside_file": "- Tệp {file}{unit}: {status}{reason}",
    "held_file": "- {unit}, tệp {file}: {reason}",
    "no_unit": "Không xác định được đơn vị",
    "unknown_unit": "Mã đơn vị {code} (không có trong danh mục)",
    "sheet": "trang {sheet}",
    "cell": "ô {cell}",
    "closing": "Chi tiết từng vấn đề xem trong validation/issues.xlsx (lọc theo đơn vị, mức độ) và "
    "validation/issues.csv; phiếu phản hồi gửi từng đơn vị nằm trong thư mục validation/phan_hoi/.",
}
_EN = {
    "title": "Report checks — {period}",
    "headline": "Received and valid: {accepted}/{expected} units; rejected: {rejected_files}; "
    "not sent: {missing_units}; late: {late_files}.",
    "rejected": "Rejected reports",
    "held": "Held for review",
    "warned": "Reports with warnings",
    "waived": "Accepted warnings",
    "missing": "Not sent",
    "late": "Late",
    "set_aside": "Replaced or ignored files",
    "none": "None.",
    "more": "- … and {n} more {noun} (see {workbook})",
    "also": "- Also {n} {noun} (see {workbook})",
    "error": "error",
    "warning": "warning",
    "file": "file",
    "unit": "unit",
    "no_reason": "Reason unknown.",
    "block": "### {unit} — file {file}",
    "waiver": "- {unit}, {where}: {message} — accepted because: {waiver}",
    "late_file": "- {unit}, file {file}{received} ({status})",
    "received": ", received {at}",
    "set_aside_file": "- File {file}{unit}: {status}{reason}",
    "held_file": "- {unit}, file {file}: {reason}",
    "no_unit": "Unit not identified",
    "unknown_unit": "Unit code {code} (not in the registry of units)",
    "sheet": "sheet {sheet}",
    "cell": "cell {cell}",
    "closing": "Every issue in detail: validation/issues.xlsx (filter by unit and severity) and "
    "validation/issues.csv; the feedback workbook for each unit is in the folder validation/phan_hoi/.",
}
_WORDS = {"vi": _VI, "en": _EN}
_STATUS_EN = {
    Status.ACCEPTED: "Valid",
    Status.ACCEPTED_WITH_WARNINGS: "Valid, with warnings",
    Status.REJECTED: "Rejected",
    Status.SUPERSEDED: "Replaced by a later submission",
    Status.HELD: "Held for review",
    Status.MISSING: "Not sent",
    Status.IGNORED: "Ignored (not a report)",
}
_REMARKS_EN = {
    NO_SENDERS_NOTE: "The registry of units declares no e-mail address allowed to send reports; "
    "senders were not checked.",
}
"""The sentences about a whole run, in English; one not listed stays as it was written."""
if set(_VI) != set(_EN) or set(_STATUS_EN) != set(Status) or set(_WORDS) != set(LANGS):
    raise AssertionError("the report's words differ between the languages")


def group_by_file(issues: Sequence[Issue]) -> ByFile:
    grouped: dict[str, list[Issue]] = defaultdict(list)
    for issue in issues:
        grouped[issue.file].append(issue)
    return grouped


def late_files(completeness: Completeness) -> list[FileOutcome]:
    """Late files; an ignored file is not a report, so it cannot be a late one."""
    return [o for o in completeness.outcomes if o.late and o.status is not Status.IGNORED]


def accepted_units(completeness: Completeness) -> int:
    return len(set(completeness.accepted) & set(completeness.expected))


def unit_name(code: str | None, registry: UnitRegistry) -> str:
    unit = registry.get(code) if code else None
    return unit.name if unit else ""


def unit_label(code: str | None, registry: UnitRegistry, lang: str = "vi") -> str:
    """ "Xã Đắk Ang (23380)"; a code outside the registry is shown, never dropped."""
    if not code:
        return _WORDS[lang]["no_unit"]
    name = unit_name(code, registry)
    return f"{name} ({code})" if name else _WORDS[lang]["unknown_unit"].format(code=code)


def status_label(status: Status, lang: str = "vi") -> str:
    return _STATUS_EN[status] if lang == "en" else status.label_vi


def period_title(period: Period, lang: str = "vi") -> str:
    """ "6 tháng đầu năm 2020", or "First half of 2020"."""
    if lang != "en":
        return period.label_vi
    label = english_period(period.label_vi)
    return label[:1].upper() + label[1:]


def _flat(text: Any) -> str:
    """One line: a line break inside a commune's text must not break the list."""
    return " ".join(str(text).split())


class _Report:
    """The words of one report: its language, the catalog's labels and the registry's names."""

    def __init__(self, lang: str, catalog: Catalog | None, registry: UnitRegistry, by_file: ByFile) -> None:
        if lang not in _WORDS:
            raise ValueError(f"unknown language {lang!r}; the report is written in {', '.join(LANGS)}")
        self.lang, self.catalog, self.registry, self.by_file = lang, catalog, registry, by_file

    def say(self, key: str, **fields: Any) -> str:
        return _WORDS[self.lang][key].format(**fields)

    def unit(self, code: str | None) -> str:
        return unit_label(code, self.registry, self.lang)

    def noun(self, key: str, n: int) -> str:
        """ "lỗi"; "error" or "errors"."""
        word = self.say(key)
        return word + "s" if self.lang == "en" and n != 1 else word

    def message(self, issue: Issue) -> str:
        return _flat(issue.text(self.lang, self.catalog))

    def reason(self, o: FileOutcome) -> str:
        """An outcome's reason; in English, the issue it repeats, or the sentence read back from its code."""
        if self.lang == "vi" or not o.reason:
            return _flat(o.reason)
        same = next((i for i in self.by_file.get(o.file or "", []) if i.message == o.reason), None)
        return _flat(same.text(self.lang, self.catalog) if same else english_text(o.reason, self.catalog))

    def bullet(self, issue: Issue) -> str:
        """ "- Trang S, ô C: message"; the parts of the place that are unknown are left out."""
        parts = [self.say("sheet", sheet=issue.sheet) if issue.sheet else "",
                 self.say("cell", cell=issue.cell) if issue.cell else ""]  # fmt: skip
        where = ", ".join(p for p in parts if p)
        if not where:
            return f"- {self.message(issue)}"
        return f"- {_flat(where[:1].upper() + where[1:])}: {self.message(issue)}"

    def capped(self, found: Sequence[Issue], noun: str) -> list[str]:
        lines = [self.bullet(issue) for issue in found[:MAX_LISTED]]
        if len(found) > MAX_LISTED:
            n = len(found) - MAX_LISTED
            lines.append(self.say("more", n=n, noun=self.noun(noun, n), workbook=WORKBOOK_NAME))
        return lines

    def file_block(self, lines: list[str], o: FileOutcome, body: list[str]) -> None:
        """Append a "### unit — tệp file" block, one empty line apart from the previous one."""
        lines += [""] if lines else []
        lines += [self.say("block", unit=self.unit(o.unit_code), file=_flat(o.file)), "", *body]

    def rejected(self, completeness: Completeness) -> list[str]:
        lines: list[str] = []
        for o in (o for o in completeness.outcomes if o.status is Status.REJECTED):
            mine = self.by_file.get(o.file or "", [])
            errors = [i for i in mine if i.is_error]
            body = self.capped(errors, "error") if errors else [f"- {self.reason(o) or self.say('no_reason')}"]
            if warnings := sum(1 for i in mine if i.is_open_warning):
                body.append(self.say("also", n=warnings, noun=self.noun("warning", warnings), workbook=WORKBOOK_NAME))
            self.file_block(lines, o, body)
        return lines

    def warned(self, completeness: Completeness) -> list[str]:
        lines: list[str] = []
        for o in (o for o in completeness.outcomes if o.status.counts_in_totals):
            warnings = [i for i in self.by_file.get(o.file or "", []) if i.is_open_warning]
            if warnings:
                self.file_block(lines, o, self.capped(warnings, "warning"))
        return lines

    def waived(self, issues: Sequence[Issue]) -> list[str]:
        """Every accepted warning with the auditor's reason: accepting one is never silent."""
        lines = []
        for i in (i for i in issues if i.waiver is not None):
            where, unit = _flat(i.location(self.lang)), self.unit(i.unit_code)
            lines.append(self.say("waiver", unit=unit, where=where, message=self.message(i), waiver=_flat(i.waiver)))
        return lines

    def late(self, completeness: Completeness) -> list[str]:
        lines = []
        for o in late_files(completeness):
            received = self.say("received", at=o.received) if o.received else ""
            status = status_label(o.status, self.lang)
            lines.append(self.say("late_file", unit=self.unit(o.unit_code), file=_flat(o.file), received=received,
                                  status=status))  # fmt: skip
        return lines

    def set_aside(self, completeness: Completeness) -> list[str]:
        lines = []
        for o in (o for o in completeness.outcomes if o.status in (Status.SUPERSEDED, Status.IGNORED)):
            unit = f" ({self.unit(o.unit_code)})" if o.unit_code else ""
            reason = f" — {self.reason(o)}" if o.reason else ""
            lines.append(self.say("set_aside_file", file=_flat(o.file), unit=unit,
                                  status=status_label(o.status, self.lang), reason=reason))  # fmt: skip
        return lines

    def held(self, completeness: Completeness) -> list[str]:
        """Files held for review: who sent them for which unit, and why; none of them counts."""
        return [
            self.say("held_file", unit=self.unit(o.unit_code), file=_flat(o.file), reason=self.reason(o))
            for o in completeness.outcomes
            if o.status is Status.HELD
        ]

    def section(self, key: str, body: list[str]) -> list[str]:
        return [f"## {self.say(key)}", "", *(body or [self.say("none")]), ""]

    def remark(self, remark: str) -> str:
        return _REMARKS_EN.get(remark, remark) if self.lang == "en" else remark


def render_report_md(
    issues: Sequence[Issue],
    completeness: Completeness,
    registry: UnitRegistry,
    period: Period,
    remarks: Sequence[str] = (),
    lang: str = "vi",
    catalog: Catalog | None = None,
) -> str:
    """``report.md``: what is wrong and where, unit by unit, in plain Vietnamese (``lang="vi"``)
    or in English (``lang="en"``, with the English labels of ``catalog`` when given)."""
    report = _Report(lang, catalog, registry, group_by_file(issues))
    rejected = sum(1 for o in completeness.outcomes if o.status is Status.REJECTED)
    missing = [f"- {report.unit(code)}" for code in completeness.missing]
    late = len(late_files(completeness))
    headline = report.say(
        "headline",
        accepted=accepted_units(completeness),
        expected=len(completeness.expected),
        rejected=rejected,
        missing=len(missing),
        late=late,
        rejected_files=f"{rejected} {report.noun('file', rejected)}",
        missing_units=f"{len(missing)} {report.noun('unit', len(missing))}",
        late_files=f"{late} {report.noun('file', late)}",
    )
    lines = [f"# {report.say('title', period=period_title(period, lang))}", "", headline, ""]
    lines += [*(f"> {report.remark(remark)}" for remark in remarks), *([""] if remarks else [])]
    lines += report.section("rejected", report.rejected(completeness))
    lines += report.section("held", report.held(completeness))
    lines += report.section("warned", report.warned(completeness))
    lines += report.section("waived", report.waived(issues))
    lines += report.section("missing", missing)
    lines += report.section("late", report.late(completeness))
    lines += report.section("set_aside", report.set_aside(completeness))
    return "\n".join([*lines, report.say("closing")]) + "\n"
