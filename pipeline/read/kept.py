"""What reading a form gave, as data a re-run takes back instead of reading it again.

A :class:`~pipeline.read.workbook.Submission` (or the :class:`Refusal` of an unreadable
file) is written as compact JSON (:mod:`pipeline.issues.stored` for the values and issues)
and comes back equal, field for field, so a re-run writes the same bytes as a cold run.
Kept results are found by the file's SHA-256 and inbox path under the fingerprint of the
program and catalog (:mod:`pipeline.spec.fingerprint`); a path never meets another
path's result, since messages name the file.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.intake.kept_store import READ, KeptResult, KeptResults, pack, unpack
from pipeline.issues.codes import IssueCode
from pipeline.issues.stored import StoredValueError, issue_data, issue_from, plain, restored
from pipeline.read.workbook import CellValue, Submission

_FORMAT = 1
"""Raised when the layout below changes; an entry of another layout is read again."""


@dataclass(frozen=True)
class Refusal:
    """A file that is not a readable form, as plain data: exceptions with keyword arguments
    do not survive pickling on their way back from a worker process, nor storing."""

    code: IssueCode
    sheet: str | None
    cell: str | None
    fields: dict[str, Any]


Read = Submission | Refusal


def _cell(cell: CellValue) -> list[Any]:
    flags = int(cell.invalid) | int(cell.formula) << 1 | int(cell.out_of_range) << 2
    return [cell.code, cell.value, plain(cell.raw), cell.sheet, cell.cell, flags]


def _cell_from(data: list[Any]) -> CellValue:
    code, value, raw, sheet, ref, flags = data
    return CellValue(code, value, restored(raw), sheet, ref, bool(flags & 1), bool(flags & 2), bool(flags & 4))


def as_text(read: Read) -> str:
    """The result as JSON text."""
    if isinstance(read, Refusal):
        body: dict[str, Any] = {"refusal": [read.code.value, read.sheet, read.cell, plain(read.fields)]}
    else:
        body = {
            "name": read.name,
            "sha256": read.sha256,
            "meta": read.meta,
            "values": [_cell(c) for c in read.values.values()],
            "issues": [issue_data(i) for i in read.issues],
            "meta_cells": plain(read.meta_cells),
            "headings": plain(read.headings),
            "instructions_name": plain(read.instructions_name),
        }
    return json.dumps({"format": _FORMAT, **body}, ensure_ascii=False, separators=(",", ":"))


def from_text(text: str, path: Path) -> Read:
    """The result :func:`as_text` wrote, for the file now at ``path``."""
    data = json.loads(text)
    if data.get("format") != _FORMAT:
        raise StoredValueError("another layout")
    if "refusal" in data:
        code, sheet, cell, fields = data["refusal"]
        return Refusal(IssueCode(code), sheet, cell, restored(fields))
    values = {cell.code: cell for cell in map(_cell_from, data["values"])}
    return Submission(
        path,
        data["name"],
        data["sha256"],
        dict(data["meta"]),
        values,
        tuple(issue_from(i) for i in data["issues"]),
        restored(data["meta_cells"]),
        restored(data["headings"]),
        restored(data["instructions_name"]),
    )


def kept_read(kept: KeptResults, sha256: str, file: str, path: Path) -> Read | None:
    """The kept result of this file at this path, or None (never kept, or not readable as kept)."""
    payload = kept.get(READ, sha256, file)
    if payload is None:
        return None
    try:
        return from_text(unpack(payload), path)
    except (StoredValueError, ValueError, TypeError, LookupError, zlib.error):  # damaged: read the file again
        return None


def to_keep(read: Read, sha256: str, file: str) -> KeptResult:
    return KeptResult(READ, sha256, file, pack(as_text(read)))
