"""Which units registry a run uses: the one in force on the last day of its period.

Vietnam's units changed on 01/7/2025: districts were abolished and 10,047 communes became
3,321, some under codes that had meant another unit (23377 was Thị trấn Plei Kần and is
now Xã Bờ Y). A report is about the units of its own period, so the registry is chosen by
the period's last day from the bundled national lists (``data/units/index.yaml``, built by
:mod:`pipeline.spec.registry_build`), and a province or the whole country is selected
with ``--root``. ``--units`` names a registry file, or a bundled one by its id.

Without ``--units`` or ``--root``, a period before the reform uses the bundled sample
district (Ngọc Hồi, 8 communes), which is what the 2020 sample inbox reports for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from pipeline.errors import UsageError
from pipeline.spec.periods import Period
from pipeline.spec.units import DEFAULT_UNITS_PATH

if TYPE_CHECKING:
    from pipeline.spec.mergers import MergerMap

UNITS_FOLDER = DEFAULT_UNITS_PATH.parent
INDEX_PATH = UNITS_FOLDER / "index.yaml"
REFORM_DAY = dt.date(2025, 7, 1)
"""Two-level local government (Luật 72/2025/QH15): no district level from this day."""
SAMPLE_DISTRICT_ID = "ngoc-hoi-2020"


@dataclass(frozen=True)
class Bundled:
    """One national list shipped with the package, and the days it describes."""

    id: str
    path: Path
    title: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    root: str

    def covers(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


def _date(text: object) -> dt.date | None:
    return dt.date.fromisoformat(str(text)) if text not in (None, "", "null", "~") else None


@cache
def bundled_registries() -> tuple[Bundled, ...]:
    """The index of bundled national registries (empty if the package ships none)."""
    if not INDEX_PATH.exists():
        return ()
    index = yaml.load(INDEX_PATH.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}
    return tuple(
        Bundled(
            str(e["id"]),
            UNITS_FOLDER / str(e["file"]),
            str(e.get("title", "")),
            _date(e.get("valid_from")),
            _date(e.get("valid_to")),
            str(e.get("root", "")),
        )
        for e in index.get("registries", ())
    )


def bundled_for(day: dt.date) -> Bundled | None:
    return next((b for b in bundled_registries() if b.covers(day)), None)


def _by_id(name: str) -> Path | None:
    if name == SAMPLE_DISTRICT_ID:
        return DEFAULT_UNITS_PATH
    return next((b.path for b in bundled_registries() if b.id == name), None)


def registry_path(units: Path | str | None, root: str | None, period: Period) -> Path:
    """The registry file for a run of ``period``: ``--units`` as given (a path, or a bundled
    id such as ``vn-2025``), else the bundled list in force on the period's last day."""
    if units is not None:
        path = Path(units)
        if not path.exists() and (found := _by_id(str(units))):
            return found
        return path
    day = period.last_day
    if root is None and day < REFORM_DAY:
        return DEFAULT_UNITS_PATH
    found_for_day = bundled_for(day)
    if found_for_day is None:
        ids = ", ".join(b.id for b in bundled_registries()) or "không có"
        raise UsageError(
            f"Không có danh mục đơn vị hành chính nào có hiệu lực vào ngày {day:%d/%m/%Y} (kỳ {period.code}); "
            f"hãy chỉ rõ bằng --units (các danh mục có sẵn: {ids})."
        )
    return found_for_day.path


@cache
def _merger_entries() -> tuple[tuple[str, Path, dt.date], ...]:
    if not INDEX_PATH.exists():
        return ()
    index = yaml.load(INDEX_PATH.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}
    found = []
    for entry in index.get("mergers", ()):
        day = _date(entry.get("effective"))
        if day is not None:
            found.append((str(entry["id"]), UNITS_FOLDER / str(entry["file"]), day))
    return tuple(found)


def mergers_between(earliest: dt.date, latest: dt.date) -> list[MergerMap]:
    """The bundled merger maps taking effect after ``earliest`` and by ``latest``: loaded
    only when a comparison crosses one (the national map takes a moment to read)."""
    paths = [path for _, path, day in _merger_entries() if earliest < day <= latest]
    if not paths:
        return []
    from pipeline.spec.mergers import load_mergers  # only when a comparison crosses a reform

    return [load_mergers(path) for path in paths]
