"""The declaration a run works from: the catalog and the units registry of its period."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pipeline.errors import UsageError
from pipeline.spec.catalog import Catalog
from pipeline.spec.catalog_file import load_catalog
from pipeline.spec.periods import Period
from pipeline.spec.registries import registry_path
from pipeline.spec.units import UnitRegistry, load_registry


def load_units(units_path: Path | str | None, root: str | None, period: Period) -> UnitRegistry:
    """The registry of ``period`` (its units as they were on its last day), rooted at
    ``root`` if given: one district of a province, one province of the country."""
    registry = load_registry(registry_path(units_path, root, period), on=period.last_day)
    if root:
        unit = registry.get(root)
        if unit is None:
            raise UsageError(
                f"Mã đơn vị tổng hợp '{root}' không có trong danh mục đơn vị {registry.id} "
                f"vào ngày {period.last_day:%d/%m/%Y} (kỳ {period.code})."
            )
        registry = dataclasses.replace(registry, root=root)
    return registry


def load_declaration(
    catalog_path: Path | None = None,
    units_path: Path | str | None = None,
    root: str | None = None,
    period: Period | None = None,
) -> tuple[Catalog, UnitRegistry]:
    """Both files (default: the bundled ones); without a period, the registry file as written."""
    catalog = load_catalog(catalog_path)
    if period is not None:
        return catalog, load_units(units_path, root, period)
    registry = load_registry(Path(units_path) if units_path else None)
    if root:
        if registry.get(root) is None:
            raise UsageError(f"Mã đơn vị tổng hợp '{root}' không có trong danh mục đơn vị.")
        registry = dataclasses.replace(registry, root=root)
    return catalog, registry
