"""The machine-readable layout of a template: where every input cell is.

A ``<template>.layout.json`` file sits next to each generated template so other tools
(and our tests and sample generator) can fill or read a form without knowing how it was
drawn. The reader does not depend on it: it finds values by indicator code, so a form
whose rows were moved still reads right.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

META_SHEET = "_meta"
INSTRUCTIONS_SHEET = "HuongDan"
META_KEYS = ("template_id", "template_version", "dataset", "unit_code", "unit_name", "period")
FORM_KEY = "form_key"
"""A random key in a form issued to one unit (``baocao templates``): the form it returns must
carry the key issued to the unit it declares."""
CODE_HEADER = "Mã chỉ tiêu"
REPORTER_LABEL = "Đơn vị báo cáo: "
"""The visible line of a per-unit form that names its unit: "Đơn vị báo cáo: Xã Đắk Ang (mã 23380)"."""
TOTAL_HEADER = "Tổng số"
TRUE_TEXT = "Có"
FALSE_TEXT = "Không"


@dataclass(frozen=True)
class CellRef:
    sheet: str
    cell: str


@dataclass(frozen=True)
class InputCell:
    """One input cell: value key (``code`` or ``code.part``), position, type and unit."""

    code: str
    sheet: str
    cell: str
    type: str
    unit: str
    label: str = ""
    required: bool = False


@dataclass(frozen=True)
class Layout:
    template_id: str
    template_version: str
    unit_code: str | None
    period: str | None
    meta: dict[str, CellRef]
    cells: tuple[InputCell, ...] = field(default_factory=tuple)

    def cell_for(self, code: str) -> InputCell:
        for cell in self.cells:
            if cell.code == code:
                return cell
        raise KeyError(code)

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "template_id": self.template_id,
            "template_version": self.template_version,
            "unit_code": self.unit_code,
            "period": self.period,
            "meta": {k: asdict(v) for k, v in self.meta.items()},
            "cells": [asdict(c) for c in self.cells],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Layout:
        data = json.loads(text)
        return cls(
            template_id=data["template_id"],
            template_version=data["template_version"],
            unit_code=data.get("unit_code"),
            period=data.get("period"),
            meta={k: CellRef(**v) for k, v in data["meta"].items()},
            cells=tuple(InputCell(**c) for c in data["cells"]),
        )


def layout_path(template: Path) -> Path:
    """``X.xlsx`` -> ``X.layout.json``."""
    return template.with_name(template.stem + ".layout.json")


def load_layout(template: Path) -> Layout:
    return Layout.from_json(layout_path(template).read_text(encoding="utf-8"))
