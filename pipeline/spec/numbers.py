"""Vietnamese number conventions: reading typed text and writing figures.

In Vietnamese, "." groups thousands and "," marks decimals: "1.250" is one thousand
two hundred and fifty, "97,9" is ninety-seven point nine. Communes also type
English-locale numbers. Babel knows both locales; we try Vietnamese first because the
forms are Vietnamese, and fall back to English only where Vietnamese cannot parse.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal, localcontext

from babel.numbers import NumberFormatError, format_decimal, format_scientific, parse_decimal

LOCALE = "vi"
_WRITING = ContextVar("number_locale", default=LOCALE)
"""The locale figures are written in: Vietnamese, or English for ``--lang en`` outputs."""


@contextmanager
def written_in(locale: str) -> Iterator[None]:
    """Write figures the ``locale`` way inside the block ("en": 7,896 · 97.9); reading is unchanged."""
    token = _WRITING.set(locale)
    try:
        yield
    finally:
        _WRITING.reset(token)


HARD_LIMIT = 9e10
"""The largest figure any cell may hold (ninety billion); beyond it, or NaN or infinite, a
figure is refused at its cell. No unit reports anything near it: the largest real figures,
budgets in đồng, are a few billion. It is small enough for totals to stay exact: floats
hold every whole number up to 2^53 ≈ 9.007·10^15, and 100,000 units × 9·10^10 = 9·10^15
stays below, so any sum of whole figures over a province or a country of units is exact
whatever the order of addition; and formatting and statistics never meet an overflow."""


def in_range(value: float) -> bool:
    """A finite number no larger in size than :data:`HARD_LIMIT`."""
    return math.isfinite(value) and abs(value) <= HARD_LIMIT


WRITTEN_DIGITS = 400
"""Figures with more digits than this before the decimal mark are written in scientific
notation ("1E500"); no float comes near (the largest is about 1.8·10^308)."""


def _decimal(value: float | int | Decimal) -> Decimal:
    """The exact decimal babel formats: a float as its shortest repr, like babel itself."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _written(number: Decimal, pattern: str, places: int) -> str:
    """``number`` formatted with ``pattern`` (at most ``places`` decimals); never raises.

    Not a number or infinite is "—"; what rounds to zero is "0", never "-0"; babel rounds in
    the current decimal context, whose 28 digits fail on 1e29, so the precision is the
    number's own.
    """
    if not number.is_finite():
        return "—"
    if number.adjusted() >= WRITTEN_DIGITS:
        return format_scientific(number, format="0.###E0", locale=_WRITING.get())
    if abs(number) <= Decimal(5).scaleb(-places - 1):
        number = Decimal(0)
    with localcontext() as context:
        context.prec = max(28, number.adjusted() + places + 3)
        return format_decimal(number, format=pattern, locale=_WRITING.get())


_SPACES = re.compile(r"(?<=\d)[\s\u00a0\u202f]+(?=\d)")
_BLANK_TEXT = {"", "-", "–", "—", "x"}


class NotANumber(ValueError):
    """The text is not a number in either convention."""


def parse_number_text(text: str) -> Decimal | None:
    """Read a number typed as text; ``None`` for a blank or a dash (blank is not zero).

    >>> parse_number_text("1.250"), parse_number_text("97,9"), parse_number_text("-")
    (Decimal('1250'), Decimal('97.9'), None)
    """
    cleaned = _SPACES.sub("", str(text).strip()).rstrip("%").strip()
    if cleaned.lower() in _BLANK_TEXT:
        return None
    for locale in (LOCALE, "en"):
        try:
            return parse_decimal(cleaned, locale=locale, strict=True)
        except NumberFormatError:
            continue
    raise NotANumber(text)


def format_number(value: float | int | Decimal | None, decimals: int = 0) -> str:
    """Format for Vietnamese readers: 7.896 · 97,9 · 20.000.000; blank stays blank.

    Any value is written, none raises: NaN and infinity as "—", negative zero as "0".
    """
    if value is None:
        return ""
    places = max(decimals, 0)
    return _written(_decimal(value), "#,##0" + ("." + "0" * places if places else ""), places)


def format_auto(value: float | int | Decimal | None) -> str:
    """Whole numbers without decimals, others with up to two (12,5 · 3.847); never raises."""
    if value is None:
        return ""
    number = _decimal(value)
    if number.is_finite() and number == number.to_integral_value():
        return _written(number, "#,##0", 0)
    return _written(number, "#,##0.##", 2)


def excel_number_format(decimals: int = 0) -> str:
    """The Excel format code; Excel renders the separators from the reader's locale."""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
