"""The declaration a run works from: the catalog and the units registry, loaded together."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pipeline.errors import UsageError
from pipeline.spec.catalog import Catalog
from pipeline.spec.catalog_file import load_catalog
from pipeline.spec.units import UnitRegistry, load_registry


def load_declaration(
    catalog_path: Path | None = None, units_path: Path | None = None, root: str | None = None
) -> tuple[Catalog, UnitRegistry]:
    """Both files (default: the bundled ones), the registry rooted at ``root`` if given
    (one district of a province, say)."""
    catalog, registry = load_catalog(catalog_path), load_registry(units_path)
    if root:
        if registry.get(root) is None:
            raise UsageError(f"Mã đơn vị tổng hợp '{root}' không có trong danh mục đơn vị.")
        registry = dataclasses.replace(registry, root=root)
    return catalog, registry
