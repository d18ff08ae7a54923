"""The bundled samples' figures: Báo cáo 419's for Ngọc Hồi in 2020, drawn ones elsewhere.

``baocao samples`` fills the forms of whichever units it is given: the reference district
gets the reference report's figures split over its communes (:mod:`pipeline.demo.samples`);
any other registry — the 2026 sample, Quảng Ngãi's 96 communes under the two-level
government — gets plausible figures drawn as the benchmarks draw them
(:mod:`pipeline.demo.synthetic`), the same for the same units and period. With no
district office to report the staff budget and the donations, each commune straight under
a province reports its own.
"""

from __future__ import annotations

import random
from typing import Any

from pipeline.demo.samples import COMMUNE_WEIGHTS, sample_values
from pipeline.demo.synthetic import synthetic_values
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry


def is_reference_district(registry: UnitRegistry) -> bool:
    """Ngọc Hồi's district office and (some of) its eight communes, whose figures are known."""
    root = registry.get(registry.root)
    communes = {u.code for u in registry.subtree() if u.level == "commune"}
    return root is not None and root.level == "district" and communes <= set(COMMUNE_WEIGHTS)


def bundled_sample_values(registry: UnitRegistry, period: Period) -> dict[str, dict[str, Any]]:
    if is_reference_district(registry):
        return sample_values(registry)
    values = synthetic_values(registry, period)
    rng = random.Random(f"own-budget:{period.code}:{registry.id}:{registry.root}")
    levels = {u.code: u.level for u in registry.units}
    for unit in registry.subtree():
        if unit.code in values and unit.level == "commune" and levels.get(unit.parent or "") != "district":
            values[unit.code].update(
                budget_allocated=rng.randint(2, 12) * 1_000_000, donation_amount=rng.randint(5, 40) / 10
            )
    return values
