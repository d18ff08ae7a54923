"""The Vietnamese words an issue was made with, put into English for ``--lang en``.

An issue keeps its code and the fields its templates were filled with. Most fields are
names (a file, a unit, a sheet, a cell) and stay as they are; some are words the callers
wrote in Vietnamese: an indicator's label, a unit of measure, a figure written the
Vietnamese way ("1.250,5"), a date ("20/07/2020"), a period ("6 tháng đầu năm 2020"),
what a file looks like ("tệp PDF"). :func:`english_fields` puts those into English, with
the catalog's English labels and units when it is given one; a word it does not know
stays as it was (a name, or a commune's own text). :func:`english_text` does the same for
a sentence kept only as text (the reason of a file's outcome), by reading its fields back
from the Vietnamese template it was worded from.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from pipeline.issues import codes_en
from pipeline.issues.codes import AT_CELL, OUTLIER_SCORE, IssueCode
from pipeline.spec.catalog import Catalog

_KINDS = {  # what a refused file looks like (pipeline.intake.safety), what a value must be (validate.findings)
    "tệp PDF": "a PDF file",
    "ảnh": "an image",
    "văn bản Word (RTF)": "a Word document (RTF)",
    "tệp nén ZIP rỗng": "an empty ZIP archive",
    "tài liệu Word": "a Word document",
    "tệp nén ZIP": "a ZIP archive",
    "trang web (HTML)": "a web page (HTML)",
    "tệp XML": "an XML file",
    "dữ liệu không rõ định dạng": "data in an unknown format",
    "văn bản": "plain text",
    "bản trình chiếu PowerPoint": "a PowerPoint presentation",
    "văn bản OpenDocument (Writer)": "an OpenDocument text (Writer)",
    "tài liệu OpenDocument khác": "another OpenDocument file",
    "số nguyên": "a whole number",
    "số": "a number",
    "Có hoặc Không": "Yes or No",
}
_DETAILS = {
    "quá nhiều thành phần": "too many parts",
    "tỉ lệ nén bất thường": "an unusual compression ratio",
    "dung lượng giải nén quá lớn": "too large once uncompressed",
}
_WORDS = {"trống": "blank", "(không rõ địa chỉ người gửi)": "(sender's address unknown)"}
_SHOWN = (  # what a form shows that contradicts its unit code (pipeline.validate.admission)
    (re.compile(r"tên đơn vị '(?P<text>.*)' ở trang (?P<sheet>.+) ô (?P<cell>\S+)"),
     "the unit name '{text}' on sheet {sheet}, cell {cell}"),
    (re.compile(r"chỉ tiêu của (?P<text>.+) ở trang (?P<sheet>.+) ô (?P<cell>\S+)"),
     "an indicator of the level “{text}” on sheet {sheet}, cell {cell}"),
)  # fmt: skip
_NUMBER = re.compile(r"-?\d[\d.]*(?:,\d+)?(?:E-?\d+)?%?")
_SWAP = str.maketrans(".,", ",.")
_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_PERIOD = re.compile(r"6 tháng (đầu|cuối) năm (\d{4})")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")  # fmt: skip
_FIGURES = frozenset({"number", "left", "right", "median", "low", "high", "limit", "size"})
_FOUND_FIGURE = frozenset({IssueCode.NON_NEGATIVE, IssueCode.ABOVE_PLAUSIBLE_MAX, IssueCode.OUTLIER_HISTORY,
                           IssueCode.OUTLIER_PEERS})  # fmt: skip
"""Codes whose ``{found}`` is a figure the pipeline wrote; elsewhere it quotes what the commune typed."""
_MEASURED = frozenset({IssueCode.TEXT_NUMBER, IssueCode.TYPE})
"""Codes whose ``{unit}`` is a unit of measure ("hộ"); elsewhere it names a unit of the registry."""


def english_number(text: str) -> str:
    """A figure written the Vietnamese way, the English way: "1.250,5" -> "1,250.5"."""
    return text.translate(_SWAP) if _NUMBER.fullmatch(text) else text


def english_day(text: str) -> str:
    """ "20/07/2020" -> "20 July 2020" (never the ambiguous 07/20); other text as it is."""
    match = _DAY.fullmatch(text)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return text
    return f"{int(match.group(1))} {_MONTHS[int(match.group(2)) - 1]} {match.group(3)}"


def english_period(text: str) -> str:
    """ "6 tháng đầu năm 2020" -> "first half of 2020"; other text as it is."""
    match = _PERIOD.fullmatch(text)
    return f"{'first' if match.group(1) == 'đầu' else 'second'} half of {match.group(2)}" if match else text


def english_unit(unit: str, catalog: Catalog | None) -> str:
    """A unit of measure in English from the catalog's ``units_en``; as it is when unknown."""
    return (catalog.units_en.get(unit) if catalog else None) or unit


def indicator_label_en(catalog: Catalog, code: str) -> str:
    """The catalog's English label of an input, a part ("… (female)") or a derived figure."""
    try:
        return catalog.derived_by_code(code).label_en
    except KeyError:
        base, _, part = code.partition(".")
        label = catalog.indicator(base).label_en
        return f"{label} ({catalog.disaggregation(part).label_en.removeprefix('Of which ')})" if part else label


def english_label(label: str, catalog: Catalog | None, indicator: str | None = None) -> str:
    """The English label of the indicator whose Vietnamese label is ``label`` (``indicator``
    first, else any code with that label); as it is when the catalog does not know it."""
    if catalog is None:
        return label
    for code in (indicator, _codes_by_label(catalog).get(label)):
        try:
            if code and catalog.label_vi(code) == label:
                return indicator_label_en(catalog, code)
        except KeyError:
            continue
    return label


_CATALOGS: dict[int, tuple[Catalog, dict[str, str]]] = {}


def _codes_by_label(catalog: Catalog) -> dict[str, str]:
    """Vietnamese label -> code for every input, part and derived figure (kept per catalog)."""
    kept = _CATALOGS.get(id(catalog))
    if kept is None or kept[0] is not catalog:
        codes = [*catalog.field_codes(), *(d.code for d in catalog.derived)]
        kept = _CATALOGS[id(catalog)] = (catalog, {catalog.label_vi(code): code for code in reversed(codes)})
    return kept[1]


def english_fields(
    code: IssueCode,
    fields: Mapping[str, Any],
    catalog: Catalog | None = None,
    *,
    indicator: str | None = None,
    rule: str | None = None,
    expression: str = "",
) -> dict[str, Any]:
    """``fields`` with their Vietnamese words in English; ``indicator``, ``rule`` and
    ``expression`` are the issue's own (a catalog rule is worded from its id and expression)."""
    english = {name: _english(code, name, value, catalog, indicator) for name, value in fields.items()}
    if code is IssueCode.CATALOG_RULE:
        if "rule_message" in fields and rule:
            english["rule_message"] = _rule_message(str(fields["rule_message"]), rule, expression, catalog)
        if "rule_fix" in fields:
            english["rule_fix"] = codes_en.RULE_FIX
    return english


def _english(code: IssueCode, name: str, value: Any, catalog: Catalog | None, indicator: str | None) -> Any:
    if not isinstance(value, str):
        return value
    if name == "label":
        return english_label(value, catalog, indicator)
    if name in _FIGURES or (name == "found" and code in _FOUND_FIGURE):
        return _WORDS.get(value) or english_number(value)
    if name == "maximum":  # "5.000 hộ"
        figure, _, unit = value.partition(" ")
        return " ".join(filter(None, (english_number(figure), english_unit(unit, catalog))))
    if name == "unit" and code in _MEASURED:
        return english_unit(value, catalog)
    english = _BY_NAME.get(name)
    return english(value, catalog) if english else value


def _english_score(text: str) -> str:
    match = _pattern(OUTLIER_SCORE).fullmatch(text)
    return codes_en.OUTLIER_SCORE.format(score=english_number(match["score"])) if match else text


def _english_at(text: str) -> str:
    match = _pattern(AT_CELL).fullmatch(text)
    return codes_en.AT_CELL.format(sheet=match["sheet"], cell=match["cell"]) if match else text


def _english_shown(text: str) -> str:
    for pattern, english in _SHOWN:
        if match := pattern.fullmatch(text):
            return english.format(**match.groupdict())
    return text


def _rule_message(message: str, rule: str, expression: str, catalog: Catalog | None) -> str:
    """A catalog rule in English: the catalog words its rules in Vietnamese only, so the
    sentence names the rule, its expression and, read back from the Vietnamese, both sides."""
    sides = ""
    source = next((r for r in catalog.rules if r.id == rule), None) if catalog else None
    if source is not None and (match := _pattern(source.message_vi).fullmatch(message)):
        found = match.groupdict()
        if "left" in found and "right" in found:
            left, right = (_WORDS.get(found[s]) or english_number(found[s]) for s in ("left", "right"))
            sides = codes_en.RULE_SIDES.format(left=left, right=right)
    expression = expression.replace(" (sai số ", " (tolerance ")
    return codes_en.RULE_MESSAGE.format(rule=rule, expression=expression or rule, sides=sides)


_BY_NAME: dict[str, Callable[[str, Catalog | None], str]] = {
    "at": lambda value, _: _english_at(value),
    "kind": lambda value, _: _KINDS.get(value, value),
    "detail": lambda value, _: _DETAILS.get(value, value),
    "sender": lambda value, _: _WORDS.get(value, value),
    "period_label": lambda value, _: english_period(value),
    "score_note": lambda value, _: _english_score(value),
    "shown": lambda value, _: _english_shown(value),
    "example": lambda value, catalog: english_text(value, catalog),
    "received": lambda value, _: english_day(value),
    "deadline": lambda value, _: english_day(value),
    "kept_day": lambda value, _: english_day(value),
}
"""How each field that carries Vietnamese words is put into English (the others are names)."""


@cache
def _pattern(template: str) -> re.Pattern[str]:
    """A regular expression matching what ``template`` words, one named group per placeholder."""
    parts: list[str] = []
    seen: set[str] = set()
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name:
            parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
            seen.add(name)
    return re.compile("".join(parts), re.DOTALL)


def parse_text(text: str, part: str = "message") -> tuple[IssueCode, dict[str, str]] | None:
    """The code whose Vietnamese ``part`` ("message" or "fix") template words ``text``, with
    the fields read back; None when no code does (a catalog rule's words, a commune's text)."""
    for code in IssueCode:
        if code is IssueCode.CATALOG_RULE:  # "{at}{rule_message}" reads as anything
            continue
        template = code.message_template if part == "message" else code.fix_template
        if match := _pattern(template).fullmatch(text):
            return code, match.groupdict()
    return None


def english_text(text: str, catalog: Catalog | None = None, part: str = "message") -> str:
    """A sentence worded from a code, in English; any other text as it is."""
    found = parse_text(text, part)
    if found is None:
        return text
    code, fields = found
    english = english_fields(code, fields, catalog)
    return code.message(lang="en", **english) if part == "message" else code.fix(lang="en", **english)
