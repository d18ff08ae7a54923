"""Every fixed word of the feedback workbook, in Vietnamese (the default) and English.

The feedback goes to a commune clerk, who reads Vietnamese; the English variant
(``--lang en``) is for a reviewer or donor who does not. Only the words written here
change with the language: a problem's message and fix are worded once, in Vietnamese,
by :mod:`pipeline.issues.codes` and the catalog, and names of places and offices are
proper names. Keeping the phrases in two small dictionaries with the same keys means a
phrase added in one language and forgotten in the other fails at import, not in a
clerk's hands.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.spec.catalog import Catalog, Severity
from pipeline.spec.periods import Period
from pipeline.spec.report_settings import ReportSettings
from pipeline.spec.units import UnitRegistry

LANGS = ("vi", "en")
MARK_KEYS = ("error", "warning", "information", "waived", "related", "input")
"""The styles a cell of the form can show, in the legend's order (``input``: unmarked)."""

_VI = {
    "title": "PHẢN HỒI KẾT QUẢ KIỂM TRA BÁO CÁO",
    "sender": "Nơi gửi: {sender}",
    "unit": "Đơn vị: {unit}",
    "period": "Kỳ báo cáo: {label} ({code})",
    "file": "Tệp: {file}",
    "sha": "SHA-256 của tệp: {sha}",
    "rejected": "Báo cáo bị loại khỏi số tổng hợp: có {n} lỗi cần sửa rồi gửi lại.",
    "warned": "Báo cáo được chấp nhận, có {n} cảnh báo cần xem lại.",
    "valid": "Báo cáo hợp lệ, không có vấn đề.",
    "resend_by": "Hạn gửi lại bản đã sửa: ngày {day}.",
    "resend_asap": "Hạn gửi lại bản đã sửa: chưa ấn định ngày — đề nghị gửi lại càng sớm càng tốt.",
    "contact": "Liên hệ: {contact}",
    "no_contact": "Liên hệ: ………………………………………… (chưa ghi — phòng chuyên môn điền người và số điện thoại cần liên hệ)",
    "not_annotated": "Không ghi chú trực tiếp được vào tệp định dạng {suffix}; "
    "các ô cần xem lại được liệt kê dưới đây.",
    "no_suffix": "(không rõ)",
    "legend": "Chú thích màu các ô trong biểu mẫu (ô được đánh dấu có ghi chú nói rõ vấn đề và cách sửa; "
    "bảng dưới đây liệt kê đủ các ghi chú đó):",
    "fix": "Cách sửa: ",
    "waived_note": "Đã được chấp nhận: ",
    "own_note": "Ghi chú của đơn vị: ",
    "related_to": "Ô liên quan — {severity} ở ô {cell}",
    "related_cells": "Ô liên quan: {cells}",
    "page": "Trang &P/&N",
}
_EN = {
    "title": "FEEDBACK ON THE CHECKS OF THE REPORT",
    "sender": "From: {sender}",
    "unit": "Unit: {unit}",
    "period": "Reporting period: {label} ({code})",
    "file": "File: {file}",
    "sha": "SHA-256 of the file: {sha}",
    "rejected": "The report is left out of the totals: {n} error(s) to correct before sending it again.",
    "warned": "The report is accepted, with {n} warning(s) to review.",
    "valid": "The report is valid; nothing to correct.",
    "resend_by": "Send the corrected form back by {day}.",
    "resend_asap": "Send the corrected form back as soon as possible (no date has been set).",
    "contact": "Contact: {contact}",
    "no_contact": "Contact: ………………………………………… (not filled in — the office writes the person and phone number to call)",
    "not_annotated": "Notes cannot be written into a {suffix} file; the cells to review are listed below.",
    "no_suffix": "(unknown)",
    "legend": "Colours of the cells in the form (a marked cell has a note saying what is wrong and how to "
    "correct it; the table below lists every one of them):",
    "fix": "How to correct: ",
    "waived_note": "Accepted: ",
    "own_note": "The unit's own note: ",
    "related_to": "Related cell — {severity} at {cell}",
    "related_cells": "Related cells: {cells}",
    "page": "Page &P/&N",
}
_COLUMNS = {
    "vi": ("STT", "Trang", "Ô", "Chỉ tiêu", "Giá trị đã ghi", "Mức độ", "Nội dung", "Cách sửa", "Ghi chú"),
    "en": ("No.", "Sheet", "Cell", "Indicator", "Value entered", "Severity", "Problem", "How to correct", "Note"),
}
_SEVERITY = {
    "vi": {s: s.label_vi for s in Severity},
    "en": {Severity.ERROR: "Error", Severity.WARNING: "Warning", Severity.INFO: "Information"},
}
_LEGEND = {  # style -> (word in the sample cell, what it means)
    "vi": {
        "error": ("Lỗi", "Ô có lỗi (nền đỏ, viền đỏ đậm): phải sửa rồi gửi lại."),
        "warning": ("Cảnh báo", "Ô có cảnh báo (nền vàng đậm, viền nâu): xem lại; nếu số liệu đúng thì không cần sửa."),
        "information": ("Thông tin", "Ô có thông tin (nền tím nhạt): không cần sửa."),
        "waived": ("Đã chấp nhận", "Cảnh báo đã được phòng chuyên môn chấp nhận (nền xám, viền nét đứt): "
                   "không cần sửa."),
        "related": ("Liên quan", "Ô liên quan (nền xanh nhạt, viền xanh nét đứt): ô mà quy tắc so sánh với ô bị "
                    "đánh dấu; xem cùng khi sửa."),
        "input": ("", "Ô nhập liệu không bị đánh dấu giữ nền vàng nhạt của biểu mẫu."),
    },
    "en": {
        "error": ("Error", "Cell with an error (red fill, thick dark red border): correct it and send the form again."),
        "warning": ("Warning", "Cell with a warning (dark yellow fill, brown border): check it; "
                    "if the figure is right, nothing to change."),
        "information": ("Information", "Cell with information (light purple fill): nothing to change."),
        "waived": ("Accepted", "Warning accepted by the district office (grey fill, dashed border): "
                   "nothing to change."),
        "related": ("Related", "Related cell (light blue fill, dashed blue border): a cell the rule compared with "
                    "the marked cell; check it too."),
        "input": ("", "Input cells that are not marked keep the light yellow of the form."),
    },
}  # fmt: skip
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")  # fmt: skip
_PHRASES = {"vi": _VI, "en": _EN}
if set(_VI) != set(_EN) or any(set(_LEGEND[lang]) != set(MARK_KEYS) for lang in LANGS):
    raise AssertionError("feedback phrases differ between the languages")


def check_lang(lang: str) -> str:
    """``lang`` itself, or ValueError naming the choices: a typo must not silently print Vietnamese."""
    if lang not in LANGS:
        raise ValueError(f"ngôn ngữ '{lang}' không có; chọn một trong: {', '.join(LANGS)}")
    return lang


def phrase(lang: str, key: str, **fields: object) -> str:
    return _PHRASES[lang][key].format(**fields)


def columns(lang: str) -> tuple[str, ...]:
    return _COLUMNS[lang]


def severity_word(lang: str, severity: Severity) -> str:
    return _SEVERITY[lang][severity]


def legend(lang: str) -> list[tuple[str, str, str]]:
    """(style, word in the sample cell, explanation) for every style, in :data:`MARK_KEYS` order."""
    return [(key, *_LEGEND[lang][key]) for key in MARK_KEYS]


def period_label(period: Period, lang: str) -> str:
    if lang == "en":
        return f"{'First' if period.half == 1 else 'Second'} half of {period.year}"
    return period.label_vi


def day_text(day: dt.date, lang: str) -> str:
    """ "20/07/2020" in Vietnamese, "20 July 2020" in English (never the ambiguous 07/20)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}" if lang == "en" else day.strftime("%d/%m/%Y")


def indicator_label(catalog: Catalog, code: str, lang: str) -> str:
    """The catalog's label of an input, a part ("… (Nữ)") or a derived figure; a code the
    catalog does not know (a damaged form) is shown as it was found."""
    try:
        if lang != "en":
            return catalog.label_vi(code)
        with contextlib.suppress(KeyError):
            return catalog.derived_by_code(code).label_en
        base, _, part = code.partition(".")
        label = catalog.indicator(base).label_en
        if part:
            label += f" ({catalog.disaggregation(part).label_en.removeprefix('Of which ')})"
        return label
    except KeyError:
        return code


def indicator_labels(catalog: Catalog, codes: Iterable[str | None], lang: str) -> dict[str, str]:
    """Labels of just the codes a workbook names: a small dict to hand to a worker process."""
    return {code: indicator_label(catalog, code, lang) for code in dict.fromkeys(codes) if code}


@dataclass(frozen=True)
class Sender:
    """Who sends the feedback and what the commune must do next: the cover's letterhead."""

    office: str = ""
    """The office the forms are sent to (the catalog's ``recipient_vi``)."""
    issuer: str = ""
    """The authority above it, as the Word report names it: "Ủy ban nhân dân huyện Ngọc Hồi"."""
    resend_by: dt.date | None = None
    contact: str = ""

    @property
    def line(self) -> str:
        return " — ".join(part for part in (self.office, self.issuer) if part)


def sender_of(
    catalog: Catalog,
    registry: UnitRegistry,
    report: ReportSettings,
    root: str | None = None,
    day: dt.date | None = None,
) -> Sender:
    """The letterhead for a run aggregating for ``root`` (default: the registry's root unit),
    naming the office the forms went to on ``day`` (the period's last day)."""
    unit = registry.get(root or registry.root)
    issuer = ""
    if unit is not None:
        issuer = report.issuer_name(unit.name)
    office = catalog.dataset.recipient_on(day) if day else catalog.dataset.recipient_vi
    return Sender(office, issuer, report.resend_by, report.contact)


def letterhead_lines(sender: Sender, lang: str) -> tuple[str, str, str]:
    """The sender, the resend deadline and the contact lines; a missing deadline or contact
    is said, never left out, so the clerk knows it was not forgotten by the reader."""
    deadline = (
        phrase(lang, "resend_by", day=day_text(sender.resend_by, lang))
        if sender.resend_by
        else phrase(lang, "resend_asap")
    )
    contact = phrase(lang, "contact", contact=sender.contact) if sender.contact else phrase(lang, "no_contact")
    return phrase(lang, "sender", sender=sender.line), deadline, contact
