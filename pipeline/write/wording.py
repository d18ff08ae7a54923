"""The fixed phrases of the summary and the Word report, in Vietnamese and in English.

Vietnamese is the language of every output; ``--lang en`` writes the same outputs for
partners who do not read it. Each phrase is declared once with both wordings, so a phrase
can never exist in one language only, and the writers say ``NO_DATA_ON(what=…)`` without
passing the language around: :func:`in_language` sets it for the writing of one run.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from pipeline.spec.catalog import Catalog

LANGUAGES = ("vi", "en")
_LANGUAGE = ContextVar("output_language", default="vi")


@contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Write the phrases in ``lang`` inside the block."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown output language {lang!r}")
    token = _LANGUAGE.set(lang)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def language() -> str:
    return _LANGUAGE.get()


def english() -> bool:
    return _LANGUAGE.get() == "en"


@dataclass(frozen=True)
class Phrase:
    vi: str
    en: str

    def __call__(self, **fields: object) -> str:
        return (self.en if english() else self.vi).format(**fields)


MISSING = Phrase("(chưa có số liệu)", "(no data)")
NONE = Phrase("không có", "none")
NO_DATA_ON = Phrase("chưa có số liệu về {what}", "no data on {what}")
NOTHING_RECEIVED = Phrase(
    "Chưa có số liệu: chưa nhận được báo cáo hợp lệ của {noun} nào (0/{expected}).",
    "No data: no valid report has been received from any of the {noun} (0/{expected}).",
)
FIGURES_OF = Phrase("Số liệu của {have}/{expected} {noun}", "Figures of {have}/{expected} {noun}")
NOT_SENT = Phrase("chưa có báo cáo của {names}", "no report yet from {names}")
REJECTED = Phrase("báo cáo của {names} bị loại", "the report of {names} was rejected")
HELD = Phrase("báo cáo của {names} đang chờ xác minh người gửi", "the report of {names} awaits sender verification")
AND_OTHERS = Phrase("{names} và {more} đơn vị khác", "{names} and {more} other units")
UNITS = Phrase("đơn vị", "units")
UP, DOWN = Phrase("tăng", "up"), Phrase("giảm", "down")
SAME_AS = Phrase("bằng {against} ({then})", "the same as {against} ({then})")
CHANGE = Phrase("{word} {step} so với {against} ({then})", "{word} {step} on {against} ({then})")
YEAR_BEFORE = Phrase("cùng kỳ năm {year}", "the same period of {year}")
POINTS = Phrase("điểm phần trăm", "percentage points")
EARLIER_PARTIAL = Phrase(
    "kỳ đó chỉ có số liệu của {accepted}/{expected} đơn vị",
    "that period had figures of only {accepted}/{expected} units",
)
CARRIED = Phrase(
    "Số liệu {against} được cộng từ các đơn vị hành chính cũ vào đơn vị mới sau sắp xếp ngày {day}: {folds}",
    "The figures of {against} are the former units' added up into the units formed on {day}: {folds}",
)
FOLD = Phrase("{new} gồm {old}", "{new} from {old}")
FOLDS_COUNTED = Phrase("{new} đơn vị mới từ {old} đơn vị cũ", "{new} new units from {old} former units")
NOT_CARRIED_SPLIT = Phrase(
    "không so sánh được {names} vì được lập từ một phần của đơn vị cũ",
    "{names} cannot be compared: formed from part of a former unit",
)
NOT_CARRIED_MISSING = Phrase(
    "không có số liệu kỳ đó của {names} vì đơn vị cũ chưa báo cáo",
    "no figures of that period for {names}: a former unit did not report",
)
SUMMARY_TITLE = Phrase("Tổng hợp báo cáo BVCSTE & BĐG — {period}", "Child protection and gender equality — {period}")
AGGREGATING_UNIT = Phrase("Đơn vị tổng hợp: {name}", "Aggregated for: {name}")
RECEIPT = Phrase("Tình hình nhận báo cáo", "Reports received")
VALID_OF = Phrase(
    "Đã nhận báo cáo hợp lệ của {have}/{expected} đơn vị.", "Valid reports received from {have}/{expected} units."
)
REFUSED_HEAD = Phrase("Báo cáo bị loại (không đưa vào tổng hợp):", "Rejected reports (not in the totals):")
UNKNOWN_UNIT = Phrase("Không xác định được đơn vị", "Unit not identified")
NO_REASON = Phrase("không rõ lý do", "no reason given")
FILE = Phrase("tệp", "file")
NOT_SENT_LIST = Phrase("Chưa gửi: {names}.", "Not sent: {names}.")
LATE_LIST = Phrase("Nộp muộn: {names}.", "Late: {names}.")
CHECKS = Phrase(
    "Kết quả kiểm tra: {errors} lỗi, {warnings} cảnh báo (chi tiết trong `{where}`).",
    "Checks: {errors} errors, {warnings} warnings (details in `{where}`).",
)
COMPARISON = Phrase("So sánh với các kỳ trước", "Compared with earlier periods")


def period_label(year: int, half: int) -> str:
    """ "6 tháng đầu năm 2020" / "first half of 2020"."""
    if english():
        return f"{'first' if half == 1 else 'second'} half of {year}"
    return f"6 tháng {'đầu' if half == 1 else 'cuối'} năm {year}"


def label(catalog: Catalog, code: str) -> str:
    """An indicator's label in the output language (the catalog has both)."""
    if not english():
        return catalog.label_vi(code)
    try:
        return catalog.derived_by_code(code).label_en
    except KeyError:
        pass
    base = catalog.base_indicator(code)
    if "." in code:
        part = catalog.disaggregation(code.split(".", 1)[1]).label_en.replace("Of which ", "")
        return f"{base.label_en} ({part})"
    return base.label_en


def unit_name(catalog: Catalog, code: str) -> str:
    """An indicator's unit of measure in the output language ("hộ" / "households")."""
    unit = catalog.unit_of(code)
    return catalog.units_en.get(unit, unit) if english() else unit
