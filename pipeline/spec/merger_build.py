"""The registry of 01/7/2025 and the merger map, built from dvhcvn/20250701 and checked.

``merges.json`` (new → old) gives the new units and what formed them. The GSO's own code
lists must agree with it code for code and name for name (Công văn 915/CTK-CSCL for the
34 provinces, 1027/CTK-CSCL for the 3,321 communes), ``splits.json`` (old → new) must
give the same pairs, and every old code must be a unit of the last list before the
reform, under the same name. Any disagreement stops the build: a wrong code in a
registry files a commune's report under another commune without a word.

What is consistent but odd (an old commune split between several new ones yet "full" in
one, an old commune whose successor lies outside the province its own province became)
is kept as published and listed in the merger file's header, for a person to take up
with the source rather than a program to guess.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.spec import registry_notice
from pipeline.spec.registry_sources import BuildError, Pin
from pipeline.spec.registry_yaml import document
from pipeline.spec.unit_names import LEVELS_2025, official_name, short_name

if TYPE_CHECKING:  # the builder passes its rows of the last list; no import at run time
    from pipeline.spec.registry_build import Row

EFFECTIVE = dt.date(2025, 7, 1)
SHOWN = 20
"""Disagreements listed when the build stops; the rest are counted."""


@dataclass(frozen=True)
class Part:
    """An old unit that went, wholly (``full``) or in part (``partial``), into a new one."""

    code: str
    name: str
    kind: str


@dataclass(frozen=True)
class NewUnit:
    code: str
    name: str
    parent: str
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Reform:
    """The texts of vn-2025.yaml and vn-2025-merges.yaml, and the oddities kept from the source."""

    registry: str
    mergers: str
    anomalies: tuple[str, ...]


def _parts(items: Sequence[Mapping[str, str]]) -> tuple[Part, ...]:
    parts = tuple(Part(m["old_id"], official_name(m["name"]), m["type"]) for m in items)
    if bad := [p for p in parts if p.kind not in ("full", "partial")]:
        raise BuildError(f"merges.json: kind '{bad[0].kind}' of {bad[0].code} is neither full nor partial")
    return parts


def read_merges(path: Path) -> tuple[list[NewUnit], list[NewUnit]]:
    """The new provinces and the new communes (in the file's order), each with the old units it took in."""
    provinces, communes = [], []
    try:
        for p in json.loads(path.read_text(encoding="utf-8"))["data"]:
            provinces.append(NewUnit(p["level1_id"], official_name(p["name"]), "VN", _parts(p["merges"])))
            for c in p["level2s"]:
                communes.append(NewUnit(c["level2_id"], official_name(c["name"]), p["level1_id"], _parts(c["merges"])))
    except (KeyError, TypeError, ValueError) as exc:
        raise BuildError(f"{path.name}: not a merges.json ({type(exc).__name__}: {exc})") from None
    return provinces, communes


def read_splits(path: Path) -> set[tuple[str, str]]:
    """The (old, new) pairs of splits.json, districts without communes included."""
    pairs: set[tuple[str, str]] = set()
    try:
        for p in json.loads(path.read_text(encoding="utf-8"))["data"]:
            for old in [*p.get("level2s", ()), *p["level3s"]]:
                code = old.get("level3_id") or old["level2_id"]
                pairs.update((code, new["new_id"]) for new in old["splits"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BuildError(f"{path.name}: not a splits.json ({type(exc).__name__}: {exc})") from None
    return pairs


def read_province_list(path: Path) -> dict[str, str]:
    """Công văn 915/CTK-CSCL: code → name ("Quảng Ngãi", "Thành phố Hà Nội"), in its order."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    return {r[1].strip(): official_name(r[2]) for r in rows[1:] if len(r) >= 3 and r[1].strip().isdigit()}


def read_commune_list(path: Path) -> dict[str, tuple[str, str]]:
    """Công văn 1027/CTK-CSCL (markdown tables): code → (name, province name), in its order.

    A cell's text may be broken over lines (``<br>``); the province of a city may be
    abbreviated "Tp".
    """
    found: dict[str, tuple[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [official_name(c.replace("<br>", " ")) for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].isdigit():
            if cells[1] in found:
                raise BuildError(f"{path.name}: code {cells[1]} is listed twice")
            province = f"Thành phố {cells[3][3:]}" if cells[3].startswith("Tp ") else cells[3]
            found[cells[1]] = (cells[2], province)
    return found


def _stop(what: str, problems: Sequence[str]) -> None:
    if problems:
        more = [f"… and {len(problems) - SHOWN} more"] if len(problems) > SHOWN else []
        raise BuildError("\n".join([f"{what}:", *(f"  {p}" for p in problems[:SHOWN]), *more]))


def check_lists(
    provinces: Sequence[NewUnit],
    communes: Sequence[NewUnit],
    gso_provinces: Mapping[str, str],
    gso_communes: Mapping[str, tuple[str, str]],
) -> None:
    """Refuse unless merges.json and the GSO's lists give the same codes with the same names."""
    found = []
    names = {p.code: p.name for p in provinces}
    for code in sorted(set(names) ^ set(gso_provinces)):
        found.append(f"province {code} is only in {'merges.json' if code in names else '915_CTK-CSCL.csv'}")
    for code in sorted(set(names) & set(gso_provinces)):
        if names[code] not in (gso_provinces[code], f"Tỉnh {gso_provinces[code]}"):
            found.append(f"province {code}: merges.json '{names[code]}', 915_CTK-CSCL.csv '{gso_provinces[code]}'")
    ours = {c.code: c for c in communes}
    if len(ours) != len(communes):
        found.append("merges.json lists a commune code twice")
    for code in sorted(set(ours) ^ set(gso_communes)):
        found.append(f"commune {code} is only in {'merges.json' if code in ours else '1027_CTK-CSCL.md'}")
    for code in sorted(set(ours) & set(gso_communes)):
        mine, (name, province) = ours[code], gso_communes[code]
        if mine.name != name or names.get(mine.parent) != province:
            found.append(
                f"commune {code}: merges.json '{mine.name}' of {names.get(mine.parent)}, 1027 '{name}' of {province}"
            )
    _stop("merges.json disagrees with the GSO's code lists", found)


def province_map(provinces: Sequence[NewUnit]) -> dict[str, str]:
    """Old province code → the new province it became part of."""
    return {part.code: p.code for p in provinces for part in p.parts}


def _province(code: str, old: Mapping[str, Row]) -> str:
    while old[code].level != "province":
        code = old[code].parent
    return code


def check_map(
    provinces: Sequence[NewUnit], communes: Sequence[NewUnit], splits: set[tuple[str, str]], old: Mapping[str, Row]
) -> list[str]:
    """Refuse a map that leaves out or misnames a unit; the oddities a person should look at."""
    errors, odd = [], []
    for unit in [*provinces, *communes]:
        for part in unit.parts:
            if part.code not in old:
                errors.append(f"{unit.code} {unit.name}: old code {part.code} is not in the last list")
            elif old[part.code].name != part.name:
                errors.append(f"old {part.code}: merges.json '{part.name}', the last list '{old[part.code].name}'")
    _stop("merges.json does not match the last list before the reform", errors)
    province_of = province_map(provinces)
    new_names = {p.code: p.name for p in provinces}
    successors: dict[str, list[tuple[NewUnit, Part]]] = defaultdict(list)
    for unit in communes:
        for part in unit.parts:
            successors[part.code].append((unit, part))
    pairs = {(code, unit.code) for code, found in successors.items() for unit, _ in found}
    for code, row in old.items():
        if (row.level == "province" and code not in province_of) or (row.level == "commune" and code not in successors):
            errors.append(f"{row.level} {code} {row.name} has no successor")
    errors += [f"new commune {u.code} {u.name} has no predecessor" for u in communes if not u.parts]
    for pair in sorted(pairs ^ splits):
        errors.append(f"({pair[0]}, {pair[1]}) is only in {'merges' if pair in pairs else 'splits'}.json")
    _stop("the merger map is incomplete", errors)
    for code, found in sorted(successors.items()):
        kinds = [part.kind for _, part in found]
        if len(found) > 1 and "full" in kinds:
            odd.append(f"{code} {old[code].name} has {len(found)} successors but is 'full' in one")
        if len(found) == 1 and kinds == ["partial"]:
            odd.append(f"{code} {old[code].name} has one successor, {found[0][0].code}, and is 'partial' in it")
        was = _province(code, old)
        for unit, _ in found:
            if province_of[was] != unit.parent:
                now = province_of[was]
                odd.append(
                    f"{code} {old[code].name} of {was} {old[was].name} (now part of {now} {new_names[now]})"
                    f" → {unit.code} {unit.name} of {unit.parent} {new_names[unit.parent]}"
                )
    return odd


def _entry(unit: NewUnit, level: str) -> dict[str, Any]:
    short = short_name(unit.name)
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": short if short != unit.name else None,
        "level": level,
        "parent": unit.parent,
        "valid_from": EFFECTIVE,
    }


def build(sources: Path, pins: Sequence[Pin], old: Mapping[str, Row], old_day: dt.date) -> Reform:
    """vn-2025.yaml and vn-2025-merges.yaml from the pinned mapping files and ``old``, the list of ``old_day``."""
    provinces, communes = read_merges(sources / "merges.json")
    gso_provinces = read_province_list(sources / "915_CTK-CSCL.csv")
    gso_communes = read_commune_list(sources / "1027_CTK-CSCL.md")
    check_lists(provinces, communes, gso_provinces, gso_communes)
    odd = check_map(provinces, communes, read_splits(sources / "splits.json"), old)
    rank = {code: i for i, code in enumerate([*gso_provinces, *gso_communes])}
    units: list[dict[str, Any]] = [{"code": "VN", "name": "Việt Nam", "level": "country", "valid_from": EFFECTIVE}]
    in_order = sorted(communes, key=lambda c: rank[c.code])
    for province in sorted(provinces, key=lambda p: rank[p.code]):
        units.append(_entry(province, "province"))
        units.extend(_entry(c, "commune") for c in in_order if c.parent == province.code)
    registry = {
        "id": "vn-2025",
        "title": f"Đơn vị hành chính Việt Nam từ {EFFECTIVE:%d/%m/%Y} (sau sắp xếp)",
        "valid_from": EFFECTIVE,
        "source": registry_notice.source_2025(pins),
        "notice": registry_notice.NOTICE_2025,
        "root": "VN",
        "levels": LEVELS_2025,
        "units": units,
    }
    rows = [
        {"old": part.code, "old_name": part.name, "new": unit.code, "new_name": unit.name, "kind": part.kind}
        for unit in in_order
        for part in sorted(unit.parts, key=lambda p: p.code)
    ]
    mergers = {
        "id": "vn-2025-merges",
        "effective": EFFECTIVE,
        "before": "vn-2020",
        "after": "vn-2025",
        "source": registry_notice.source_merges(pins, old_day),
        "notice": registry_notice.NOTICE_2025,
        "provinces": [{"old": old, "new": new} for old, new in sorted(province_map(provinces).items())],
        "communes": rows,
    }
    districts = [f"{r['old_name']} → {r['new_name']}" for r in rows if old[r["old"]].level == "district"]
    header = registry_notice.header_merges(old_day, len(rows), districts, odd)
    counts = f"{len(provinces)} provinces, {len(communes):,} communes"
    return Reform(document(registry_notice.header_2025(counts), registry), document(header, mergers), tuple(odd))
