"""Shared fixtures: the bundled catalog and registry, real templates, and a factory that
fills them through their layout files, the way a commune's form would arrive."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from pipeline.demo.samples import build_sample_inbox, sample_values
from pipeline.forms.fill import fill_template
from pipeline.forms.layout import Layout
from pipeline.forms.template import build_template
from pipeline.spec.catalog import Catalog
from pipeline.spec.catalog_file import load_catalog
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry, load_registry
from pipeline.validate.gx import GxValidator

MakeSubmission = Callable[..., Path]


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def registry() -> UnitRegistry:
    return load_registry()


@pytest.fixture(scope="session")
def period() -> Period:
    return Period(2020, 1)


@pytest.fixture(scope="session")
def validator() -> GxValidator:
    """One Great Expectations context for the whole test session (it takes seconds)."""
    return GxValidator()


@pytest.fixture(scope="session")
def unit_templates(tmp_path_factory, catalog, registry, period) -> dict[str, tuple[Path, Layout]]:
    folder = tmp_path_factory.mktemp("templates")
    built = {}
    for unit in registry.subtree():
        path = folder / f"{unit.code}.xlsx"
        built[unit.code] = (path, build_template(path, catalog, unit, period))
    return built


@pytest.fixture(scope="session")
def good_values(registry) -> dict[str, dict[str, Any]]:
    """A complete, valid set of values per unit (the sample inbox's)."""
    return sample_values(registry)


@pytest.fixture
def make_submission(tmp_path, unit_templates, good_values) -> MakeSubmission:
    """Fill a unit's real template: ``make_submission("23380", {"loan_households": 5})``.

    Values start from the unit's valid sample values; ``replace=True`` starts blank.
    """

    def make(
        unit_code: str,
        changes: Mapping[str, Any] | None = None,
        *,
        name: str | None = None,
        folder: Path | None = None,
        meta: Mapping[str, str] | None = None,
        replace: bool = False,
    ) -> Path:
        template, layout = unit_templates[unit_code]
        values = {} if replace else dict(good_values[unit_code])
        values.update(changes or {})
        dest = (folder or tmp_path / "inbox") / (name or f"{unit_code}.xlsx")
        return fill_template(template, values, dest, layout, meta)

    return make


@pytest.fixture(scope="session")
def sample_inbox(tmp_path_factory, catalog, registry, period) -> Path:
    folder = tmp_path_factory.mktemp("sample_inbox")
    build_sample_inbox(folder, catalog, registry, period)
    return folder
