"""The closed choices of a catalog entry, beyond the value type, severity and missing-value strategy.

Declared once so the settings schema refuses anything else (``aggregation: mean`` is
refused with the accepted values listed) and the checks of catalogs built in code use the
same lists. The dataclasses keep these as plain text, so code elsewhere compares with
``"sum"`` or ``"ratio"`` as it always has.
"""

from __future__ import annotations

import enum


class RuleOperator(enum.StrEnum):
    """How a rule compares its two sides; the two pairs look only at which sides are filled."""

    EQ = "=="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    COMPULSORY_PAIR = "compulsory_pair"
    EXCLUSIVE_PAIR = "exclusive_pair"


class TargetOperator(enum.StrEnum):
    """How a strategy target compares the district figure with its value."""

    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    EQ = "=="


class Aggregation(enum.StrEnum):
    """How an input is totalled: summed, booleans counted ("8/8"), or kept per unit only."""

    SUM = "sum"
    COUNT_TRUE = "count_true"
    NONE = "none"


class DerivedKind(enum.StrEnum):
    """A ratio of summed parts, or the share of units where any of its inputs is positive."""

    RATIO = "ratio"
    COVERAGE = "coverage"


class TableKind(enum.StrEnum):
    """An appendix sheet with a row per unit, or with a row per strategy target."""

    BY_UNIT = "by_unit"
    TARGETS = "targets"
