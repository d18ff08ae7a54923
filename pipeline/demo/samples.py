"""The bundled sample inbox: one filled form per unit of Ngọc Hồi for 2020S1.

District totals come from Báo cáo 419/BC-UBND (Ngọc Hồi, 15/06/2020) where the report
states them (``SEED_TOTALS``); figures it does not state are illustrative
(``ILLUSTRATIVE_TOTALS``). Each total is split across the eight communes by fixed
weights with the largest-remainder method, so the split is deterministic and adds up
exactly. The forms are filled through the real templates and their layout files.
"""

from __future__ import annotations

import tempfile
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pipeline.forms.fill import fill_template
from pipeline.forms.template import build_template
from pipeline.spec.catalog import Catalog
from pipeline.spec.periods import Period
from pipeline.spec.units import Unit, UnitRegistry

# Commune totals stated in the report (the district's own figures are in DISTRICT_VALUES).
SEED_TOTALS: dict[str, int] = {
    "loan_households": 162,
    "loan_amount": 7896,
    "savings_mobilised": 3847,
    "interest_free_loan_women": 24,
    "mutual_help_workdays": 2607,
    "rice_kg": 2850,
    "firewood_bundles": 154,
    "breeding_animals": 248,
    "clothes_sets": 331,
    "startup_loan_women": 4,
    "mutual_help_models": 13,
    "domestic_violence_cases": 0,
    "literacy_l1_population": 17471,
    "em_population": 18603,
}
SEED_GAPS = {"literacy_l1_literate": ("literacy_l1_population", 370), "em_literate": ("em_population", 520)}
INTEREST_FREE_AMOUNT_DONG = 78_200_000
STARTUP_LOAN_PER_WOMAN = 50  # triệu đồng: 4 women, 200 triệu in the report
# Not stated in the report: plausible district totals for the other indicators.
ILLUSTRATIVE_TOTALS: dict[str, int] = {
    "loan_women_need": 140,
    "loan_women_granted": 128,
    "new_jobs": 310,
    "births_boys": 412,
    "births_girls": 371,
    "births_registered_on_time": 742,
    "pregnant_women": 820,
    "pregnant_women_pmtct": 655,
    "maternal_deaths": 0,
    "children_under6": 6120,
    "children_under6_insured": 6120,
    "party_committee_members": 120,
    "council_deputies": 190,
    "bdg_broadcast_segments": 96,
    "dv_victims": 0,
    "dv_victims_supported": 0,
    "dv_perpetrators": 0,
    "dv_perpetrators_counselled": 0,
    "trafficking_victims_returned": 0,
    "trafficking_victims_supported": 0,
    "child_marriage_couples": 9,
    "consanguineous_marriage_couples": 1,
    "children_under16": 19240,
    "children_special": 96,
    "children_special_helped": 90,
    "children_at_risk": 212,
    "child_abuse_cases": 0,
    "children_abused": 0,
    "children_drowned": 1,
    "child_gifts": 1600,
}
SHARES = {"female": 0.48, "ethnic_minority": 0.62}
FEMALE_SHARE_OF = {"new_jobs": 0.45, "party_committee_members": 0.27, "council_deputies": 0.31}
COMMUNE_WEIGHTS = {
    "23377": 22,
    "23380": 10,
    "23383": 14,
    "23386": 12,
    "23389": 12,
    "23392": 8,
    "23395": 12,
    "23398": 10,
}
FEMALE_KEY_LEADER = {
    "23377": True,
    "23380": True,
    "23383": True,
    "23386": True,
    "23389": True,
    "23392": False,
    "23395": True,
    "23398": True,
}
DISTRICT_VALUES: dict[str, Any] = {
    "staff_dedicated": 1,
    "staff_dedicated.female": 1,
    "staff_concurrent": 1,
    "staff_concurrent.female": 0,
    "staff_trained": 2,
    "budget_allocated": 20_000_000,
    "donation_amount": 5,
    "child_fund_raised": 12,
    "child_gifts": 150,
}


def split_total(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` into whole numbers that add up exactly."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    parts = [int(x) for x in raw]
    by_remainder = sorted(range(len(weights)), key=lambda k: (-(raw[k] - parts[k]), k))
    for k in by_remainder[: total - sum(parts)]:
        parts[k] += 1
    return parts


def derive_parts(v: dict[str, Any]) -> None:
    """Fill a commune's dependent cells from its totals: parts, amounts, its own rates.

    Shared by the sample inbox and the synthetic provinces, so both obey the same rules
    (a part never exceeds its total, a typed rate agrees with its numerator/denominator).
    """
    v["startup_loan_amount"] = v["startup_loan_women"] * STARTUP_LOAN_PER_WOMAN
    v["loan_households.ethnic_minority"] = int(v["loan_households"] * SHARES["ethnic_minority"])
    v["interest_free_loan_women.ethnic_minority"] = int(v["interest_free_loan_women"] * 0.75)
    for pop, lit in (("literacy_l1_population", "literacy_l1_literate"), ("em_population", "em_literate")):
        v[f"{pop}.female"] = int(v[pop] * SHARES["female"])
        v[f"{lit}.female"] = min(v[f"{pop}.female"], int(v[lit] * SHARES["female"]))
    for code, share in FEMALE_SHARE_OF.items():
        v[f"{code}.female"] = int(v[code] * share)
    for code in ("children_under16", "children_special"):
        v[f"{code}.female"] = int(v[code] * SHARES["female"])
        v[f"{code}.ethnic_minority"] = int(v[code] * SHARES["ethnic_minority"])
    for rate, (num, den) in {
        "literacy_l1_rate_reported": ("literacy_l1_literate", "literacy_l1_population"),
        "em_literacy_rate_reported": ("em_literate", "em_population"),
    }.items():
        v[rate] = round(v[num] / v[den] * 100, 1) if v[den] else None  # as the commune would type it


def commune_values(codes: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Values for each commune; blank is kept blank where a commune has no figure."""
    weights = [COMMUNE_WEIGHTS[c] for c in codes]
    values: dict[str, dict[str, Any]] = {c: {} for c in codes}
    for code, total in {**SEED_TOTALS, **ILLUSTRATIVE_TOTALS}.items():
        for unit, part in zip(codes, split_total(total, weights), strict=True):
            values[unit][code] = part
    for literate, (population, gap) in SEED_GAPS.items():
        for unit, missing in zip(codes, split_total(gap, weights), strict=True):
            values[unit][literate] = values[unit][population] - missing
    amounts = split_total(INTEREST_FREE_AMOUNT_DONG // 100_000, weights)
    for unit, amount in zip(codes, amounts, strict=True):
        v = values[unit]
        v["interest_free_loan_amount"] = amount * 100_000
        derive_parts(v)
        v["dv_victims.female"] = 0
        v["children_abused.female"] = 0
        v["child_marriage_couples.ethnic_minority"] = v["child_marriage_couples"]
        v.update(
            {
                "staff_dedicated": 0,
                "staff_concurrent": 1,
                "staff_concurrent.female": 1,
                "staff_trained": 1,
                "budget_allocated": 0,
                "green_village_model": True,
                "female_key_leader": FEMALE_KEY_LEADER[unit],
                "child_fund_raised": 2,
            }
        )
    values[codes[-1]]["bdg_broadcast_segments"] = None  # not reported: blank, not zero
    return values


def sample_values(registry: UnitRegistry) -> dict[str, dict[str, Any]]:
    """Báo cáo 419's figures for Ngọc Hồi's district office and its eight communes."""
    units = registry.subtree()
    communes = [u.code for u in units if u.level == "commune"]
    return {registry.root: dict(DISTRICT_VALUES), **commune_values(communes)}


def sample_filename(unit: Unit, period: Period) -> str:
    """Names like communes use ("BC_BVCSTE_DakAng_6T2020.xlsx"); identity comes from metadata."""
    ascii_name = unicodedata.normalize("NFKD", unit.short_name.replace("đ", "d").replace("Đ", "D"))
    slug = "".join(ch for ch in ascii_name if ch.isalnum())
    return f"BC_BVCSTE_{slug}_{6 * period.half}T{period.year}.xlsx"


def build_sample_inbox(
    out_dir: Path,
    catalog: Catalog,
    registry: UnitRegistry,
    period: Period,
    values: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Path]:
    """Write one filled form per unit into ``out_dir`` through the real template code."""
    values = values or sample_values(registry)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    names: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for code, unit_values in values.items():
            unit = registry[code]
            template = Path(tmp) / f"{code}.xlsx"
            layout = build_template(template, catalog, unit, period)
            name = sample_filename(unit, period)
            if name.lower() in names:  # "Ba Tơ" and "Ba Tô" fold to one name: keep both files
                name = name.replace(".xlsx", f"_{code}.xlsx")
            names.add(name.lower())
            written.append(fill_template(template, unit_values, out_dir / name, layout))
    return written
