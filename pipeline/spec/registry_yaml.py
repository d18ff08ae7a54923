"""Writing the generated registry files as YAML that reads like the hand-written ones.

PyYAML's dumper would write a unit over six lines, re-wrap long names and choose its
own quoting; a registry of ten thousand units is only reviewable as one unit a line, in
a fixed order, with every code quoted (``"00010"`` is a code, not the octal number 8).
So the few shapes the files use are written here, always the same way: same data, same
bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping

_PLAIN = re.compile(r"[a-z]+(?:-[a-z0-9]+)*(?:\.[a-z]+)?\Z")
"""Words written bare: levels, kinds, ids and file names (``commune``, ``vn-2020``, ``index.yaml``)."""
_HEX = re.compile(r"[0-9a-f]{7,}\Z")
"""Commits and checksums: always quoted, whatever their first digit."""
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
"""Words other YAML readers would take for booleans or null: always quoted."""


def scalar(value: object) -> str:
    """A date as ``2025-06-30``, a lower-case word (a level, a kind) bare, any other text in double quotes."""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.match(text) and not _HEX.match(text) and text not in _RESERVED:
        return text
    # A JSON string is a valid YAML double-quoted scalar (the same escapes), and keeps Vietnamese as is.
    return json.dumps(text, ensure_ascii=False)


def flow(mapping: Mapping[str, object]) -> str:
    """One entry on one line, ``{code: "23377", name: "…"}``; keys whose value is None are left out."""
    parts = []
    for key, value in mapping.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            parts.append(f"{key}: [{', '.join(scalar(item) for item in value)}]")
        else:
            parts.append(f"{key}: {scalar(value)}")
    return "{" + ", ".join(parts) + "}"


def block(mapping: Mapping[str, object], indent: int = 0) -> list[str]:
    """A mapping in block style: nested mappings indented, lists one flow entry a line, long text as ``|-``."""
    pad = " " * indent
    lines: list[str] = []
    for key, value in mapping.items():
        if value is None:
            continue
        if isinstance(value, Mapping):
            lines.append(f"{pad}{key}:")
            lines.extend(block(value, indent + 2))
        elif isinstance(value, list | tuple):
            if not value:
                lines.append(f"{pad}{key}: []")
                continue
            lines.append(f"{pad}{key}:")
            lines.extend(f"{pad}  - {flow(item) if isinstance(item, Mapping) else scalar(item)}" for item in value)
        elif isinstance(value, str) and "\n" in value:
            lines.append(f"{pad}{key}: |-")
            lines.extend(f"{pad}  {line}" if line else "" for line in value.split("\n"))
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")
    return lines


def document(comment: str, body: Mapping[str, object]) -> str:
    """A whole file: ``comment`` as ``#`` lines, then ``body``; always ends with one newline."""
    head = "".join(f"# {line}".rstrip() + "\n" for line in comment.strip("\n").split("\n"))
    return head + "\n".join(block(body)) + "\n"
