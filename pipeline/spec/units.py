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
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.spec.settings_files import Problems, read_yaml, refusal, validate
from pipeline.spec.text_yaml import TextLoader
from pipeline.spec.units_schema import RegistryFile, UnitEntry

DEFAULT_UNITS_PATH = Path(__file__).parent / "data" / "units" / "ngoc_hoi.yaml"


def normalise_name(text: str) -> str:
    """Fold a unit name for matching: NFC, case, spacing, and the Đắk/Đăk variants."""
    folded = unicodedata.normalize("NFC", str(text)).casefold()
    folded = folded.replace("đắk", "đăk").replace("đak", "đăk")
    return " ".join(folded.split())


def _in_force(valid_from: dt.date | None, valid_to: dt.date | None, day: dt.date) -> bool:
    """An open end reaches forever: a unit without ``valid_from`` existed before the list began."""
    return (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)


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
        return _in_force(self.valid_from, self.valid_to, day)

    @property
    def kind(self) -> str:
        """The type word the name starts with ("Huyện" of "Huyện Ngọc Hồi", "Tỉnh", "Đặc khu");
        empty when the name is only the short name."""
        if self.name != self.short_name and self.name.endswith(self.short_name):
            return self.name[: -len(self.short_name)].strip()
        return ""


@dataclass(frozen=True)
class UnitRegistry:
    """All known units, indexed by code, with the unit whose total the run reports.

    A registry holds one meaning per code: a file with the history of a code (renamed,
    merged, reused) is read *on a day* (:func:`load_registry`), so 23377 is Plei Kần in
    2020 and the new commune Bờ Y in 2026, never both in one run.
    """

    id: str
    root: str
    levels: tuple[Level, ...]
    units: tuple[Unit, ...]
    title: str = ""
    valid_from: dt.date | None = None
    """The first day the file describes (the reform for the post-2025 list)."""
    valid_to: dt.date | None = None
    _by_code: dict[str, Unit] = field(default_factory=dict, repr=False, compare=False)
    _by_name: dict[str, list[Unit]] = field(default_factory=dict, repr=False, compare=False)
    _children: dict[str, list[Unit]] = field(default_factory=dict, repr=False, compare=False)
    _chains: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        # The indexes are derived caches; frozen dataclasses need object.__setattr__.
        object.__setattr__(self, "_by_code", {u.code: u for u in self.units})
        by_name: dict[str, list[Unit]] = {}
        for unit in self.units:
            for name in dict.fromkeys(normalise_name(n) for n in (unit.name, unit.short_name, *unit.aliases)):
                by_name.setdefault(name, []).append(unit)
        object.__setattr__(self, "_by_name", by_name)
        children: dict[str, list[Unit]] = {}
        for unit in self.units:
            if unit.parent:
                children.setdefault(unit.parent, []).append(unit)
        object.__setattr__(self, "_children", children)
        object.__setattr__(self, "_chains", {})  # ancestors, filled as asked (a national run asks 300,000 times)

    def get(self, code: str) -> Unit | None:
        return self._by_code.get(str(code).strip())

    def __getitem__(self, code: str) -> Unit:
        unit = self.get(code)
        if unit is None:
            raise KeyError(code)
        return unit

    def units_named(self, name: str) -> list[Unit]:
        """Every unit under the root a name may mean as communes write it (Đăk Ang, Pờ Y,
        Pleikần …): the country has many "Xã An Bình", and Kon Tum both Đắk Long and Đăk Long."""
        return [u for u in self._by_name.get(normalise_name(name), ()) if self.root in self.ancestors(u.code)]

    def find_by_name(self, name: str) -> Unit | None:
        """The one unit a name means; a name several units share identifies none."""
        found = self.units_named(name)
        return found[0] if len(found) == 1 else None

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
        key = str(code).strip()
        if (known := self._chains.get(key)) is None:
            chain: list[str] = []
            current = self.get(key)
            while current is not None and current.code not in chain:
                chain.append(current.code)
                current = self.get(current.parent) if current.parent else None
            known = self._chains[key] = tuple(chain)
        return list(known)

    def subtree(self, code: str | None = None) -> list[Unit]:
        """The unit and all its descendants, in registry order (the report's row order)."""
        top = code or self.root
        return [u for u in self.units if top in self.ancestors(u.code)]

    def children(self, code: str) -> list[Unit]:
        return list(self._children.get(code, ()))


# --- the registry file --------------------------------------------------------------------
# Read with :class:`~pipeline.spec.text_yaml.TextLoader` (every scalar stays text, five times
# faster than PyYAML's base loader on the national list) against :mod:`units_schema`.


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _build(raw: RegistryFile, on: dt.date | None) -> UnitRegistry:
    """Names in NFC, so matching compares letters, not the bytes an editor happened to write;
    only the units valid ``on`` that day when a day is given."""
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
        if on is None or _in_force(u.valid_from, u.valid_to, on)
    )
    return UnitRegistry(
        id=raw.id, root=raw.root, levels=levels, units=units, title=raw.title or "",
        valid_from=raw.valid_from, valid_to=raw.valid_to,
    )  # fmt: skip


def _overlap(a: UnitEntry, b: UnitEntry) -> bool:
    """Two versions of a code whose validity shares a day (open ends reach forever)."""
    start_a, start_b = a.valid_from or dt.date.min, b.valid_from or dt.date.min
    end_a, end_b = a.valid_to or dt.date.max, b.valid_to or dt.date.max
    return start_a <= end_b and start_b <= end_a


def _problems(raw: RegistryFile) -> Problems:
    """Duplicate levels, codes whose versions overlap in time, unknown levels or parents, a
    missing root and reversed dates, in file order. A code may recur (23377 was a township
    until 30/6/2025 and names a new commune since) as long as its periods do not overlap."""
    found = Problems()
    for i, level in enumerate(raw.levels):
        found.claim("cấp", level.name, f"levels[{i}].name")
    names = list(dict.fromkeys(lv.name for lv in raw.levels))
    versions: dict[str, list[tuple[int, UnitEntry]]] = {}
    for i, entry in enumerate(raw.units):
        where = f"units[{i}]"
        for j, earlier in versions.get(entry.code, ()):
            if _overlap(earlier, entry):
                dated = any((e.valid_from, e.valid_to) != (None, None) for e in (earlier, entry))
                when = " trong cùng thời gian hiệu lực" if dated else ""
                found.add(f"{where}.code", f"mã đơn vị '{entry.code}' bị trùng với units[{j}].code{when}")
                break
        versions.setdefault(entry.code, []).append((i, entry))
        if entry.valid_from and entry.valid_to and entry.valid_to < entry.valid_from:
            found.add(f"{where}.valid_to", f"ngày hết hiệu lực {entry.valid_to:%d/%m/%Y} trước ngày bắt đầu")
        if entry.level not in names:
            found.add(f"{where}.level", f"cấp '{entry.level}' không có trong levels (chỉ có: {', '.join(names)})")
    for i, entry in enumerate(raw.units):
        if entry.parent and entry.parent.strip() not in versions:
            found.add(f"units[{i}].parent", f"đơn vị cấp trên '{entry.parent}' không có trong tệp")
    if raw.root not in versions:
        found.add("root", f"đơn vị gốc '{raw.root}' không có trong units")
    return found


def load_registry(path: Path | None = None, on: dt.date | None = None) -> UnitRegistry:
    """Read, validate and check a units registry file (YAML; default: the bundled one).

    ``on``: keep only the units valid that day (the last day of the period a run reports),
    so every code has the meaning it had then. The checked file is kept while it is
    unchanged (the national list takes about 2 s to read), so every later call, for any
    day, only selects its units."""
    path = Path(path or DEFAULT_UNITS_PATH)
    try:
        stat = path.stat()
    except OSError:
        entries = _checked(path)  # worded by read_yaml: a missing file, a folder …
    else:
        entries = _cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    registry = _build(entries, on)
    if on is None and len(registry._by_code) < len(registry.units):
        # A file with a code's history read without a day would give the code two meanings.
        return _build(entries, registry.valid_to or max(u.valid_from or dt.date.min for u in registry.units))
    return registry


@lru_cache(maxsize=8)
def _cached(path: str, _mtime: int, _size: int) -> RegistryFile:
    return _checked(Path(path))


def _checked(path: Path) -> RegistryFile:
    raw = read_yaml(path, "tệp danh mục đơn vị", option="--units", loader=TextLoader)
    entries = validate(RegistryFile, raw, path)
    found = _problems(entries)
    if found:
        raise refusal(path, found)
    return entries
