"""Vietnamese number conventions: reading typed text and writing figures.

In Vietnamese, "." groups thousands and "," marks decimals: "1.250" is one thousand
two hundred and fifty, "97,9" is ninety-seven point nine. Communes also type
English-locale numbers. Babel knows both locales; we try Vietnamese first because the
forms are Vietnamese, and fall back to English only where Vietnamese cannot parse.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, localcontext

from babel.numbers import NumberFormatError, format_decimal, parse_decimal

LOCALE = "vi"
HARD_LIMIT = 1e15
"""No figure a commune reports comes near a thousand trillion (the largest, budgets in
đồng, are billions); anything larger is a slip or an attack. Below it every whole number
is exact in a float (up to 2^53 ≈ 9·10^15), so sums stay exact however many units report,
and formatting and statistics never meet an overflow."""


def in_range(value: float) -> bool:
    """A finite number no larger in size than :data:`HARD_LIMIT`."""
    return math.isfinite(value) and abs(value) <= HARD_LIMIT


def _finite(value: float | int | Decimal) -> bool:
    return Decimal(value).is_finite() if isinstance(value, Decimal) else math.isfinite(value)


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
    """Format for Vietnamese readers: 7.896 · 97,9 · 20.000.000; blank stays blank."""
    if value is None:
        return ""
    if not _finite(value):
        return "—"
    value = value + 0  # negative zero is written as zero
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    with localcontext() as context:  # babel rounds in the current context: 28 digits fail on 1e29
        context.prec = 400
        return format_decimal(value, format=pattern, locale=LOCALE)


def format_auto(value: float | int | Decimal | None) -> str:
    """Whole numbers without decimals, others with up to two (12,5 · 3.847)."""
    if value is None:
        return ""
    if not _finite(value):
        return "—"
    value = value + 0
    if float(value) == int(float(value)):
        return format_number(int(float(value)))
    with localcontext() as context:
        context.prec = 400
        return format_decimal(value, format="#,##0.##", locale=LOCALE)


def excel_number_format(decimals: int = 0) -> str:
    """The Excel format code; Excel renders the separators from the reader's locale."""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
