"""Issues and the values they carry as plain JSON data, for what a re-run keeps.

A re-run reuses what was read and judged of an unchanged file (:mod:`pipeline.read.kept`),
so what it stores must come back *equal*: the same text, the same number type (``3`` and
``3.0`` word differently), the same tuples, dates and codes. JSON keeps ``str``, ``int``,
``float`` (``NaN`` and infinities included, as Python writes them) and ``bool`` exactly;
anything else is written as a one-key object naming its type (``{"date": "2020-06-30"}``)
and only those types come back. Nothing stored is ever executed (no pickle): a damaged or
foreign ledger can at worst make a value unreadable, never run code.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pipeline.issues.codes import IssueCode
from pipeline.issues.issue import Issue
from pipeline.spec.catalog import Severity

_TAGS: dict[str, Any] = {
    "tuple": lambda data: tuple(restored(v) for v in data),
    "list": lambda data: [restored(v) for v in data],
    "map": lambda data: {restored(k): restored(v) for k, v in data},
    "datetime": dt.datetime.fromisoformat,
    "date": dt.date.fromisoformat,
    "time": dt.time.fromisoformat,
    "timedelta": lambda seconds: dt.timedelta(seconds=seconds),
    "path": Path,
    "severity": Severity,
    "code": IssueCode,
}


class StoredValueError(ValueError):
    """What was stored is not data this module writes."""


def plain(value: Any) -> Any:
    """``value`` as JSON data from which :func:`restored` gives an equal value of the same type."""
    if value is None or (isinstance(value, str | bool | int | float) and not isinstance(value, IssueCode | Severity)):
        return value
    if isinstance(value, tuple):
        return {"tuple": [plain(v) for v in value]}
    if isinstance(value, list):
        return {"list": [plain(v) for v in value]}
    if isinstance(value, dict):
        return {"map": [[plain(k), plain(v)] for k, v in value.items()]}
    if isinstance(value, dt.datetime):  # before date: a datetime is a date
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"time": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"timedelta": value.total_seconds()}
    if isinstance(value, Path):
        return {"path": str(value)}
    if isinstance(value, Severity):
        return {"severity": value.value}
    if isinstance(value, IssueCode):
        return {"code": value.value}
    raise TypeError(f"cannot store a {type(value).__name__}")


def restored(data: Any) -> Any:
    """The value :func:`plain` wrote; raises :class:`StoredValueError` for anything else."""
    if not isinstance(data, dict):
        if isinstance(data, list):  # plain() never writes a bare list
            raise StoredValueError("a bare list")
        return data
    if len(data) != 1:
        raise StoredValueError(f"an object of {len(data)} keys")
    ((tag, inner),) = data.items()
    if tag not in _TAGS:
        raise StoredValueError(f"the unknown type {tag!r}")
    try:
        return _TAGS[tag](inner)
    except (TypeError, ValueError) as exc:
        raise StoredValueError(f"a damaged {tag}: {exc}") from exc


_ISSUE_FIELDS = ("unit_code", "file", "sheet", "cell", "indicator", "value", "rule", "severity", "message", "fix",
                 "expression", "file_sha256", "related", "waiver", "code", "fields")  # fmt: skip


def issue_data(issue: Issue) -> list[Any]:
    """One issue as a JSON list, field by field (positional: short, and checked on the way back)."""
    return [plain(getattr(issue, name)) for name in _ISSUE_FIELDS]


def issue_from(data: Any) -> Issue:
    """The issue :func:`issue_data` wrote."""
    if not isinstance(data, list) or len(data) != len(_ISSUE_FIELDS):
        raise StoredValueError("not a stored issue")
    fields = {name: restored(item) for name, item in zip(_ISSUE_FIELDS, data, strict=True)}
    if not isinstance(fields["severity"], Severity):
        raise StoredValueError("an issue without a severity")
    return Issue(**fields)
