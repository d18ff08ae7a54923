"""The registry of reporting units: codes, names, spelling aliases and hierarchy.

The hierarchy is only ``parent`` links and an ordered list of level names, so the same
code serves a district of eight communes, a province of many districts, or the
two-level province -> commune structure in force since 01/7/2025.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import ConfigError

DEFAULT_UNITS_PATH = Path(__file__).parent / "data" / "units" / "ngoc_hoi.yaml"


def normalise_name(text: str) -> str:
    """Fold a unit name for matching: NFC, case, spacing, and the Đắk/Đăk variants."""
    folded = unicodedata.normalize("NFC", str(text)).casefold()
    folded = folded.replace("đắk", "đăk").replace("đak", "đăk")
    return " ".join(folded.split())


@dataclass(frozen=True)
class Level:
    """A tier of the administrative hierarchy, e.g. ``commune`` labelled "Cấp xã"."""

    name: str
    label_vi: str


@dataclass(frozen=True)
class Unit:
    """One reporting unit.

    ``code`` is the GSO code as text (leading zeros matter in other provinces).
    ``valid_from``/``valid_to`` bound the code's meaning, because codes were reused.
    """

    code: str
    name: str
    short_name: str
    level: str
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class UnitRegistry:
    """All known units, indexed by code, with the unit whose total the run reports."""

    id: str
    root: str
    levels: tuple[Level, ...]
    units: tuple[Unit, ...]
    _by_code: dict[str, Unit] = field(default_factory=dict, repr=False, compare=False)
    _by_name: dict[str, Unit] = field(default_factory=dict, repr=False, compare=False)
    _children: dict[str, list[Unit]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        # The indexes are derived caches; frozen dataclasses need object.__setattr__.
        object.__setattr__(self, "_by_code", {u.code: u for u in self.units})
        by_name: dict[str, Unit] = {}
        for unit in self.units:
            for name in (unit.name, unit.short_name, *unit.aliases):
                by_name[normalise_name(name)] = unit
        object.__setattr__(self, "_by_name", by_name)
        children: dict[str, list[Unit]] = {}
        for unit in self.units:
            if unit.parent:
                children.setdefault(unit.parent, []).append(unit)
        object.__setattr__(self, "_children", children)

    def get(self, code: str) -> Unit | None:
        return self._by_code.get(str(code).strip())

    def __getitem__(self, code: str) -> Unit:
        unit = self.get(code)
        if unit is None:
            raise KeyError(code)
        return unit

    def find_by_name(self, name: str) -> Unit | None:
        """Match a name as communes write it (Đăk Ang, Pờ Y, Pleikần …)."""
        return self._by_name.get(normalise_name(name))

    def level_label(self, level: str) -> str:
        for item in self.levels:
            if item.name == level:
                return item.label_vi
        return level

    def ancestors(self, code: str) -> list[str]:
        """The unit itself and every unit above it, nearest first."""
        chain: list[str] = []
        current = self.get(code)
        while current is not None and current.code not in chain:
            chain.append(current.code)
            current = self.get(current.parent) if current.parent else None
        return chain

    def subtree(self, code: str | None = None) -> list[Unit]:
        """The unit and all its descendants, in registry order (the report's row order)."""
        top = code or self.root
        return [u for u in self.units if top in self.ancestors(u.code)]

    def children(self, code: str) -> list[Unit]:
        return list(self._children.get(code, ()))


def _date(value: Any, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ConfigError(f"Ngày không hợp lệ '{value}' tại {where}.", key=where) from exc


def load_registry(path: Path | None = None) -> UnitRegistry:
    """Read and check a units registry file (YAML)."""
    path = Path(path or DEFAULT_UNITS_PATH)
    try:
        # BaseLoader keeps every scalar as written: an unquoted code 00010 stays "00010"
        # instead of becoming the YAML 1.1 octal number 8.
        # libyaml's loader when present: a national registry (10,000 units) loads in 0.5 s, not 10 s.
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except FileNotFoundError as exc:
        raise ConfigError(f"Không tìm thấy tệp danh mục đơn vị: {path}", file=str(path)) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"Tệp danh mục đơn vị {path} sai cú pháp YAML: {exc}", file=str(path)) from exc
    try:
        levels = tuple(Level(str(x["name"]), str(x.get("label_vi", x["name"]))) for x in raw["levels"])
        level_names = {lv.name for lv in levels}
        units = []
        for i, item in enumerate(raw["units"]):
            where = f"units[{i}]"
            unit = Unit(
                code=str(item["code"]).strip(),
                name=unicodedata.normalize("NFC", str(item["name"])),
                short_name=unicodedata.normalize("NFC", str(item.get("short_name", item["name"]))),
                level=str(item["level"]),
                parent=str(item["parent"]) if item.get("parent") is not None else None,
                aliases=tuple(unicodedata.normalize("NFC", str(a)) for a in item.get("aliases", [])),
                valid_from=_date(item.get("valid_from"), where),
                valid_to=_date(item.get("valid_to"), where),
            )
            if unit.level not in level_names:
                raise ConfigError(
                    f"Đơn vị {unit.code} có cấp '{unit.level}' không có trong danh sách cấp "
                    f"{sorted(level_names)} ({path}).",
                    file=str(path),
                    key=where,
                )
            units.append(unit)
        registry = UnitRegistry(id=str(raw["id"]), root=str(raw["root"]), levels=levels, units=tuple(units))
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"Tệp danh mục đơn vị {path} thiếu trường bắt buộc: {exc}", file=str(path)) from exc
    codes = [u.code for u in registry.units]
    duplicates = sorted(c for c, n in Counter(codes).items() if n > 1)
    if duplicates:
        raise ConfigError(f"Mã đơn vị bị trùng trong {path}: {', '.join(duplicates)}", file=str(path))
    if registry.get(registry.root) is None:
        raise ConfigError(f"Đơn vị gốc '{registry.root}' không có trong {path}.", file=str(path))
    for unit in registry.units:
        if unit.parent and registry.get(unit.parent) is None:
            raise ConfigError(
                f"Đơn vị {unit.code} có đơn vị cấp trên '{unit.parent}' không có trong {path}.",
                file=str(path),
            )
    return registry
