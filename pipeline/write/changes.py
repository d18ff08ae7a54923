"""What changed since an approval: the figures, the units and the files that caused it.

Two output folders are compared through the records every run writes, ``summary.json``
(each figure's district value, display text and per-unit values) and ``manifest.json``
(which files counted), never through a run's own memory: the approved folder is the
document that was signed, so the comparison is with exactly what was signed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.write.approvals import COUNTED

FigureKey = tuple[Any, Any, Any, Mapping[str, Any]]


@dataclass(frozen=True)
class Figure:
    """A district total as summary.json shows it."""

    value: Any
    display: str | None
    numerator: Any = None
    denominator: Any = None

    def as_json(self) -> dict[str, Any]:
        return {"value": self.value, "display": self.display, "numerator": self.numerator,
                "denominator": self.denominator}  # fmt: skip


@dataclass(frozen=True)
class TotalChange:
    """A district total that differs; ``None`` on a side where the figure does not exist."""

    indicator: str
    old: Figure | None
    new: Figure | None


@dataclass(frozen=True)
class UnitChange:
    """One unit's value of one figure that differs (``None``: no value on that side)."""

    unit_code: str
    indicator: str
    old: Any
    new: Any


@dataclass(frozen=True)
class FileChange:
    """A file that entered or left the totals, with what the new run's manifest says of it."""

    file: str
    sha256: str
    unit_code: str | None
    status: str
    status_vi: str
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "sha256": self.sha256, "unit_code": self.unit_code, "status": self.status,
                "status_vi": self.status_vi, "reason": self.reason}  # fmt: skip


@dataclass(frozen=True)
class Changes:
    """Everything that differs between the approved folder and a new run's outputs."""

    totals: tuple[TotalChange, ...]
    units: tuple[UnitChange, ...]
    new_files: tuple[FileChange, ...]
    dropped_files: tuple[FileChange, ...]

    @property
    def units_changed(self) -> list[str]:
        """Units with at least one value changed, in the order they are listed."""
        return list(dict.fromkeys(c.unit_code for c in self.units))

    @property
    def figures_changed(self) -> bool:
        return bool(self.totals or self.units)


def figures(summary: Mapping[str, Any]) -> dict[str, FigureKey]:
    """What decides whether two runs' figures are the same: every total, its parts and per-unit values."""
    return {
        code: (item.get("value"), item.get("numerator"), item.get("denominator"), item.get("by_unit") or {})
        for code, item in summary.get("indicators", {}).items()
    }


def _figure(item: Mapping[str, Any] | None) -> Figure | None:
    if item is None:
        return None
    return Figure(item.get("value"), item.get("display"), item.get("numerator"), item.get("denominator"))


def _units_in_order(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    listed = [*new.get("units", {}).get("expected", []), *old.get("units", {}).get("expected", [])]
    for summary in (new, old):
        for item in summary.get("indicators", {}).values():
            listed.extend(item.get("by_unit") or {})
    return list(dict.fromkeys(str(u) for u in listed))


def _counted(manifest: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {f["sha256"]: f for f in manifest.get("files", []) if f.get("status") in COUNTED and f.get("sha256")}


def _file(entry: Mapping[str, Any], now: Mapping[str, Any] | None) -> FileChange:
    """A file as the new run judged it; one no longer in the inbox at all is said so."""
    seen = now or {}
    return FileChange(
        str(entry.get("file")),
        str(entry.get("sha256")),
        entry.get("unit_code"),
        str(seen.get("status", "absent")),
        str(seen.get("status_vi", "Không còn trong hộp thư")),
        str(seen.get("reason") or ""),
    )


def compare(
    old_summary: Mapping[str, Any],
    old_manifest: Mapping[str, Any],
    new_summary: Mapping[str, Any],
    new_manifest: Mapping[str, Any],
) -> Changes:
    """The differences, totals in the summary's order and unit values grouped by unit."""
    old_items, new_items = old_summary.get("indicators", {}), new_summary.get("indicators", {})
    codes = list(dict.fromkeys([*new_items, *old_items]))
    totals = []
    for code in codes:
        before, after = old_items.get(code), new_items.get(code)
        key = ("value", "numerator", "denominator")
        if before is None or after is None or any(before.get(k) != after.get(k) for k in key):
            totals.append(TotalChange(code, _figure(before), _figure(after)))
    units = []
    for unit in _units_in_order(old_summary, new_summary):
        for code in codes:
            before = (old_items.get(code) or {}).get("by_unit") or {}
            after = (new_items.get(code) or {}).get("by_unit") or {}
            if (unit in before or unit in after) and before.get(unit) != after.get(unit):
                units.append(UnitChange(unit, code, before.get(unit), after.get(unit)))
    was, now = _counted(old_manifest), _counted(new_manifest)
    by_sha = {f.get("sha256"): f for f in new_manifest.get("files", []) if f.get("sha256")}
    new_files = tuple(_file(f, f) for sha, f in now.items() if sha not in was)
    dropped = tuple(_file(f, by_sha.get(sha)) for sha, f in was.items() if sha not in now)
    return Changes(tuple(totals), tuple(units), new_files, dropped)
