"""The registry of reporting units: codes, names, spelling aliases and hierarchy.

The hierarchy is only ``parent`` links and an ordered list of level names, so the same
code serves a district of eight communes, a province of many districts, or the
two-level province -> commune structure in force since 01/7/2025.

:func:`load_registry` reads the registry file against a declared schema, then follows
every reference (a unit's level and parent, the root, duplicate codes); each refusal
names the file and the entry, e.g. ``units[3].parent``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict

from pipeline.spec.settings_files import Code, Problems, Text, read_yaml, refusal, validate

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
    noun_vi: str = ""
    """How a sentence counts units of the level ("xã, thị trấn"); default: the label without "Cấp"."""
    noun_en: str = ""
    """The same in English ("communes and towns"); default: the level's name with an "s"."""

    @property
    def noun(self) -> str:
        if self.noun_vi:
            return self.noun_vi
        label = self.label_vi
        return (label[4:] if label.lower().startswith("cấp ") else label).lower()


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
    senders: tuple[str, ...] = ()
    """E-mail addresses allowed to report for the unit (lower case); none listed: anyone."""

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

    def level_noun(self, levels: Iterable[str], *, english: bool = False) -> str:
        """The word a sentence counts these levels' units with: one level's noun, or "đơn vị"."""
        names = set(levels)
        found = [lv for lv in self.levels if lv.name in names]
        if english:
            return (found[0].noun_en or f"{found[0].name}s") if len(found) == 1 else "units"
        return found[0].noun if len(found) == 1 else "đơn vị"

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


# --- the registry file --------------------------------------------------------------------
# Parsed with YAML's base loader, so every scalar stays the text that was written: an
# unquoted code 00010 keeps its zeros instead of becoming the YAML 1.1 octal number 8, and
# dates are read by the schema, not guessed by YAML. libyaml's loader when present: a
# national registry (10,000 units) loads in 0.5 s, not 10 s. The schema refuses unknown
# keys (``parnet:`` would silently make a commune a top unit).


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LevelEntry(_Entry):
    name: Code
    label_vi: str | None = None
    """Default: the level's name."""
    noun_vi: str | None = None
    """How a sentence counts the level's units ("xã, thị trấn"); default: the label without "Cấp"."""
    noun_en: str | None = None


_ADDRESS = re.compile(r"[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\].]+")
"""A bare address as the intake stores a sender (``local@domain.tld``): no display name, no
angle brackets, no list, a dot in the domain, so a typo cannot hold every form of a unit."""


def _address(text: str) -> str:
    """An e-mail address as a mail program shows it (one @, no spaces)."""
    text = text.strip()
    if not _ADDRESS.fullmatch(text) or ".." in text or text.split("@")[1].startswith("."):
        raise ValueError(f"'{text}' không phải địa chỉ thư điện tử")
    return text


class UnitEntry(_Entry):
    code: Code
    name: Text
    short_name: str | None = None
    """Default: the full name."""
    level: Code
    parent: str | None = None
    aliases: tuple[Text, ...] = ()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    senders: tuple[Annotated[str, AfterValidator(_address)], ...] = ()


class RegistryFile(_Entry):
    """The whole registry file."""

    id: Code
    root: Code
    levels: tuple[LevelEntry, ...]
    units: tuple[UnitEntry, ...]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _build(raw: RegistryFile) -> UnitRegistry:
    """Names in NFC, so matching compares letters, not the bytes an editor happened to write."""
    levels = tuple(Level(lv.name, lv.label_vi or lv.name, lv.noun_vi or "", lv.noun_en or "") for lv in raw.levels)
    units = tuple(
        Unit(
            code=u.code,
            name=_nfc(u.name),
            short_name=_nfc(u.short_name or u.name),
            level=u.level,
            parent=(u.parent or "").strip() or None,
            aliases=tuple(_nfc(a) for a in u.aliases),
            valid_from=u.valid_from,
            valid_to=u.valid_to,
            senders=tuple(s.lower() for s in u.senders),
        )
        for u in raw.units
    )
    return UnitRegistry(id=raw.id, root=raw.root, levels=levels, units=units)


def _problems(registry: UnitRegistry) -> Problems:
    """Duplicate levels or codes, unknown levels or parents, and a missing root, in file order."""
    found = Problems()
    for i, level in enumerate(registry.levels):
        found.claim("cấp", level.name, f"levels[{i}].name")
    names = list(dict.fromkeys(lv.name for lv in registry.levels))
    for i, unit in enumerate(registry.units):
        found.claim("mã đơn vị", unit.code, f"units[{i}].code")
        if unit.level not in names:
            found.add(f"units[{i}].level", f"cấp '{unit.level}' không có trong levels (chỉ có: {', '.join(names)})")
    for i, unit in enumerate(registry.units):
        if unit.parent and registry.get(unit.parent) is None:
            found.add(f"units[{i}].parent", f"đơn vị cấp trên '{unit.parent}' không có trong tệp")
    if registry.get(registry.root) is None:
        found.add("root", f"đơn vị gốc '{registry.root}' không có trong units")
    return found


def load_registry(path: Path | None = None) -> UnitRegistry:
    """Read, validate and check a units registry file (YAML; default: the bundled one)."""
    path = Path(path or DEFAULT_UNITS_PATH)
    raw = read_yaml(path, "tệp danh mục đơn vị", option="--units", loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    registry = _build(validate(RegistryFile, raw, path))
    found = _problems(registry)
    if found:
        raise refusal(path, found)
    return registry
