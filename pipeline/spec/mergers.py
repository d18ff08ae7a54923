"""The merger map of 01/7/2025: which old communes formed each new one, and where each old one went.

A report after the reform compares with periods before it, whose figures were filed
under the old communes' codes; a code alone cannot bridge them, because some new
communes took the code of an old one (23377 was Thị trấn Plei Kần and is Xã Bờ Y, formed
from Plei Kần, Đắk Xú and Bờ Y). The map gives, for every pair of an old commune and a
new one it went into, both codes, both names and whether the old commune went in whole
(``full``) or in part (``partial``, when it was split). Old figures can be added up into
a new commune only when all its predecessors went in whole.

:func:`load_mergers` reads a map file against a declared schema (unknown keys refused,
every scalar kept as text so codes keep their leading zeros) and refuses a pair listed
twice, naming the file and the row as the other settings files do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

from pipeline.errors import ConfigError
from pipeline.spec.settings_files import Code, Problems, Text, read_yaml, refusal, validate
from pipeline.spec.text_yaml import TextLoader

INDEX_PATH = Path(__file__).parent / "data" / "units" / "index.yaml"
"""The bundled registries and merger maps (written by :mod:`pipeline.spec.registry_build`)."""


@dataclass(frozen=True)
class Merger:
    """One old unit going, whole or in part, into one new unit."""

    old: str
    old_name: str
    new: str
    new_name: str
    kind: str
    """``full``: the whole old unit went into ``new``; ``partial``: part of it (it was split)."""

    @property
    def full(self) -> bool:
        return self.kind == "full"


@dataclass(frozen=True)
class MergerMap:
    """Every (old, new) pair of a reform, indexed both ways, and the provinces' map."""

    id: str
    effective: dt.date
    """The first day of the new units."""
    before: str
    """The id of the registry of the old units (``vn-2020``)."""
    after: str
    communes: tuple[Merger, ...]
    provinces: tuple[tuple[str, str], ...] = ()
    """(old province, new province) pairs."""
    _successors: dict[str, tuple[Merger, ...]] = field(default_factory=dict, repr=False, compare=False)
    _predecessors: dict[str, tuple[Merger, ...]] = field(default_factory=dict, repr=False, compare=False)
    _provinces: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Derived indexes on a frozen dataclass, as in UnitRegistry.
        successors: dict[str, list[Merger]] = {}
        predecessors: dict[str, list[Merger]] = {}
        for row in self.communes:
            successors.setdefault(row.old, []).append(row)
            predecessors.setdefault(row.new, []).append(row)
        object.__setattr__(self, "_successors", {k: tuple(v) for k, v in successors.items()})
        object.__setattr__(self, "_predecessors", {k: tuple(v) for k, v in predecessors.items()})
        object.__setattr__(self, "_provinces", dict(self.provinces))

    def successors(self, old_code: str) -> tuple[Merger, ...]:
        """The new units an old one went into (none: not an old unit of this map)."""
        return self._successors.get(str(old_code).strip(), ())

    def predecessors(self, new_code: str) -> tuple[Merger, ...]:
        """The old units a new one was formed from, by old code (none: not a new unit of this map)."""
        return self._predecessors.get(str(new_code).strip(), ())

    def province_of(self, old_province: str) -> str:
        """The new province an old one became part of (``62`` Kon Tum → ``51`` Quảng Ngãi); KeyError if unknown."""
        return self._provinces[str(old_province).strip()]


# --- the map file --------------------------------------------------------------------------


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProvinceRow(_Entry):
    old: Code
    new: Code


class CommuneRow(_Entry):
    old: Code
    old_name: Text
    new: Code
    new_name: Text
    kind: Literal["full", "partial"]


class MergerFile(_Entry):
    """The whole merger map file."""

    id: Code
    effective: dt.date
    before: Code
    after: Code
    source: dict[str, Any] | None = None
    """Where the map comes from (repository, commit, paths, SHA-256, licence): for the reader."""
    notice: str | None = None
    provinces: tuple[ProvinceRow, ...] = ()
    communes: tuple[CommuneRow, ...]


def _problems(raw: MergerFile) -> Problems:
    """A pair or an old province listed twice, in file order."""
    found = Problems()
    for i, province in enumerate(raw.provinces):
        found.claim("tỉnh cũ", province.old, f"provinces[{i}].old")
    for i, row in enumerate(raw.communes):
        found.claim("cặp mã cũ → mới", f"{row.old} → {row.new}", f"communes[{i}]")
    return found


def load_mergers(path: Path | str | None = None) -> MergerMap:
    """Read, validate and check a merger map file (YAML; default: the bundled one, via index.yaml)."""
    path = Path(path) if path is not None else bundled_merger_path()
    raw = validate(MergerFile, read_yaml(path, "tệp bảng sắp xếp đơn vị", option="index.yaml", loader=TextLoader), path)
    found = _problems(raw)
    if found:
        raise refusal(path, found)
    return MergerMap(
        id=raw.id,
        effective=raw.effective,
        before=raw.before,
        after=raw.after,
        communes=tuple(Merger(r.old, r.old_name, r.new, r.new_name, r.kind) for r in raw.communes),
        provinces=tuple((p.old, p.new) for p in raw.provinces),
    )


def bundled_merger_path(index: Path = INDEX_PATH) -> Path:
    """The file of the latest merger map the index lists."""
    entries = (yaml.load(index.read_text(encoding="utf-8"), Loader=TextLoader) or {}).get("mergers") or []
    dated = sorted((str(e.get("effective", "")), str(e.get("file", ""))) for e in entries if e.get("file"))
    if not dated:
        raise ConfigError(f"{index.name}: không có bảng sắp xếp đơn vị nào (mergers)", file=str(index))
    return index.parent / dated[-1][1]


@cache
def bundled_mergers() -> MergerMap:
    """The bundled map of 01/7/2025, read once per process."""
    return load_mergers()
