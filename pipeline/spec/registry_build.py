"""Builds the bundled national registries and the 2025 merger map from the pinned sources.

    python -m pipeline.spec.registry_build --sources DIR --out pipeline/spec/data/units [--download]

(``make registries`` downloads the sources into ``build/registry-sources`` first.) Out:
``vn-2020.yaml``, every unit of the GSO lists of 01/06/2020 … 01/03/2025 with the dates it
was valid; ``vn-2025.yaml``, the 34 provinces and 3,321 communes of 01/7/2025;
``vn-2025-merges.yaml``, which old communes formed each new one; ``index.yaml`` and
``NOTICE.md``. Nothing is written unless every source matches its pin and every
cross-check passes, and the same sources always give the same bytes, so the committed
files can be checked by rebuilding them.

Why versions rather than one list: a report for 2022 must name a commune as it was in
2022, and codes were reused (23377 was Thị trấn Plei Kần, then Xã Bờ Y). A version is a
unit's code, name, level and parent unchanged over consecutive lists; it is valid from
the first list it is in until the day before the first list without it. Those are the
dates of the lists, not the legal effective dates of each change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.spec import merger_build, registry_notice
from pipeline.spec.registry_sources import PINS, BuildError, Pin, download, snapshots, verify
from pipeline.spec.registry_yaml import document
from pipeline.spec.unit_names import LEVELS_2020, official_name, short_name

LAST_DAY = dt.date(2025, 6, 30)
"""The last day of the pre-reform units: every unit of the last list ends then."""
COUNTRY = "VN"
ALIASES: Mapping[tuple[str, str], tuple[str, ...]] = {
    # How the communes of Huyện Ngọc Hồi write their own names on their forms.
    ("23377", "Thị trấn Plei Kần"): ("Pleikần", "TT Plei Kần"),
    ("23380", "Xã Đắk Ang"): ("Đăk Ang",),
    ("23383", "Xã Đắk Dục"): ("Đăk Dục",),
    ("23386", "Xã Đắk Nông"): ("Đăk Nông",),
    ("23389", "Xã Đắk Xú"): ("Đăk Xú",),
    ("23392", "Xã Đắk Kan"): ("Đăk Kan",),
    ("23395", "Xã Bờ Y"): ("Pờ Y",),
}
"""Spelling aliases for the unit version with this code and name."""


@dataclass(frozen=True)
class Row:
    """One unit as one list gives it."""

    code: str
    name: str
    level: str
    parent: str


@dataclass(frozen=True)
class Version:
    """A unit unchanged over the lists ``first`` … ``last`` (indexes into the lists)."""

    row: Row
    first: int
    last: int
    path: tuple[str, str, str]
    """Province, district and commune codes in the list it first appears in: the file's order."""


def read_list(path: Path) -> dict[str, Row]:
    """One list of daohoangson/dvhcvn (``data/dvhcvn.json``) as rows by code, in the list's order."""
    rows: dict[str, Row] = {}

    def add(code: str, name: str, level: str, parent: str) -> None:
        if code in rows:
            raise BuildError(f"{path.name}: code {code} appears twice ({rows[code].name}, {name})")
        rows[code] = Row(code, official_name(name), level, parent)

    try:
        for province in json.loads(path.read_text(encoding="utf-8"))["data"]:
            add(province["level1_id"], province["name"], "province", COUNTRY)
            for district in province["level2s"]:
                add(district["level2_id"], district["name"], "district", province["level1_id"])
                for commune in district["level3s"]:
                    add(commune["level3_id"], commune["name"], "commune", district["level2_id"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BuildError(f"{path.name}: not a dvhcvn.json list of units ({type(exc).__name__}: {exc})") from None
    return rows


def _path(row: Row, rows: Mapping[str, Row]) -> tuple[str, str, str]:
    chain = [row.code]
    while (above := rows.get(chain[0])) is not None and above.parent in rows:
        chain.insert(0, above.parent)
    province, district, commune = [*chain, "", ""][:3]
    return province, district, commune


def versions(lists: Sequence[Mapping[str, Row]]) -> list[Version]:
    """Every unit version over ``lists`` (oldest first), province by province, then by code and date."""
    found: list[Version] = []
    latest: dict[str, int] = {}
    for index, rows in enumerate(lists):
        for code, row in rows.items():
            at = latest.get(code)
            if at is not None and found[at].row == row and found[at].last == index - 1:
                found[at] = Version(row, found[at].first, index, found[at].path)
            else:
                latest[code] = len(found)
                found.append(Version(row, index, index, _path(row, rows)))
    return sorted(found, key=lambda v: (v.path, v.first))


def unit_entries(
    found: Sequence[Version], dates: Sequence[dt.date], aliases: Mapping[tuple[str, str], tuple[str, ...]]
) -> list[dict[str, Any]]:
    """The ``units`` of vn-2020.yaml: the country, then each version as a flow mapping."""
    entries: list[dict[str, Any]] = [{"code": COUNTRY, "name": "Việt Nam", "level": "country", "valid_to": LAST_DAY}]
    used = set()
    for version in found:
        row = version.row
        alias = aliases.get((row.code, row.name))
        if alias:
            used.add((row.code, row.name))
        ends = dates[version.last + 1] - dt.timedelta(days=1) if version.last + 1 < len(dates) else LAST_DAY
        short = short_name(row.name)
        entries.append(
            {
                "code": row.code,
                "name": row.name,
                "short_name": short if short != row.name else None,
                "level": row.level,
                "parent": row.parent,
                "aliases": list(alias) if alias else None,
                "valid_from": dates[version.first] if version.first else None,
                "valid_to": ends,
            }
        )
    if stale := sorted(set(aliases) - used):
        raise BuildError(f"aliases for units no list has: {', '.join(f'{c} {n}' for c, n in stale)}")
    return entries


def registry_2020(
    pins: Sequence[Pin], dates: Sequence[dt.date], lists: Sequence[Mapping[str, Row]], entries: list[dict[str, Any]]
) -> str:
    """The text of vn-2020.yaml."""
    first, last = dates[0], dates[-1]
    body = {
        "id": "vn-2020",
        "title": f"Đơn vị hành chính Việt Nam trước sắp xếp năm 2025 ({first:%d/%m/%Y} – {LAST_DAY:%d/%m/%Y})",
        "valid_from": first,
        "valid_to": LAST_DAY,
        "source": registry_notice.source_2020(pins),
        "notice": registry_notice.NOTICE_2020,
        "root": COUNTRY,
        "levels": LEVELS_2020,
        "units": entries,
    }
    counts = f"{first:%d/%m/%Y}: {_counts(lists[0])}, {last:%d/%m/%Y}: {_counts(lists[-1])}"
    return document(registry_notice.header_2020(dates, counts), body)


def _counts(rows: Mapping[str, Row]) -> str:
    levels = [row.level for row in rows.values()]
    return "/".join(f"{levels.count(level):,}" for level in ("province", "district", "commune"))


def build(
    sources: Path,
    out: Path,
    *,
    pins: Sequence[Pin] = PINS,
    aliases: Mapping[tuple[str, str], tuple[str, ...]] = ALIASES,
) -> list[str]:
    """Check the sources, build every file, then write them all; the anomalies found in the sources."""
    verify(sources, pins)
    listed = snapshots(pins)
    if not listed:
        raise BuildError("no list of units is pinned")
    lists = [read_list(sources / pin.file) for pin in listed]
    dates = [pin.snapshot for pin in listed if pin.snapshot is not None]
    entries = unit_entries(versions(lists), dates, aliases)
    files = {"vn-2020.yaml": registry_2020(pins, dates, lists, entries)}
    reform = merger_build.build(sources, pins, lists[-1], dates[-1])
    files |= {"vn-2025.yaml": reform.registry, "vn-2025-merges.yaml": reform.mergers}
    files |= {"index.yaml": registry_notice.index(dates[0], LAST_DAY), "NOTICE.md": registry_notice.notice_md(pins)}
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out / name).write_bytes(text.encode("utf-8"))
    return list(reform.anomalies)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.spec.registry_build",
        description="Build the national registries and the 2025 merger map from the pinned sources.",
    )
    parser.add_argument("--sources", type=Path, required=True, help="folder of the pinned source files")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data" / "units", help="output folder")
    parser.add_argument("--download", action="store_true", help="fetch the pinned files into --sources first")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        if args.download:
            for path in download(args.sources, PINS):
                print(f"downloaded {path}", file=sys.stderr)
        anomalies = build(args.sources, args.out)
    except BuildError as exc:
        print(f"registry_build: {exc}", file=sys.stderr)
        return BuildError.exit_code
    for anomaly in anomalies:
        print(f"registry_build: source anomaly (kept as published): {anomaly}", file=sys.stderr)
    print(f"wrote {args.out} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
