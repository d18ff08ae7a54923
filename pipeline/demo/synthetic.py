"""Synthetic provinces: a registry of any size, plausible values and a filled inbox.

Why: the bundled sample is one district of eight communes, too small to show how a run
scales or whether a province total equals the sum of its districts. This module makes a
province "99" of ``n_communes`` communes grouped into districts, values that pass
validation (built like :mod:`pipeline.demo.samples`: whole-number splits of district totals,
parts never above totals, typed rates computed from the commune's own figures), and an
inbox drawn through the real template code, so the reader sees what communes send.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from pipeline.demo.samples import (
    ILLUSTRATIVE_TOTALS,
    INTEREST_FREE_AMOUNT_DONG,
    SEED_GAPS,
    SEED_TOTALS,
    derive_parts,
    split_total,
)
from pipeline.forms.template import build_template, template_filename
from pipeline.spec.catalog import Catalog
from pipeline.spec.periods import Period
from pipeline.spec.units import Level, Unit, UnitRegistry

PROVINCE = "99"
LEVELS = (Level("province", "Cấp tỉnh"), Level("district", "Cấp huyện"), Level("commune", "Cấp xã"))
_SYLLABLE_TEXT = (
    "An Bình Hòa Phú Tân Thạnh Long Mỹ Đông Tây Nam Bắc Trung Sơn Hải Thủy Lộc Phước Quang Thành "
    "Hưng Yên Đức Vĩnh Xuân Hạ Thượng Kim Ngọc Đăk Pờ Ia Krông Chư Lâm Hiệp Nghĩa Thuận Lợi Cường"
)
SYLLABLES = tuple(_SYLLABLE_TEXT.split())
# Sample totals describe eight communes; a synthetic district is scaled from them.
SAMPLE_COMMUNES = 8
# Optional figures a commune may leave blank; a group is blanked together (a rate's
# parts, a compulsory pair, a total with its "of which" column).
OPTIONAL_GROUPS = (
    ("bdg_broadcast_segments",),
    ("loan_women_need", "loan_women_granted"),
    ("new_jobs", "new_jobs.female"),
    ("maternal_deaths",),
    ("children_drowned",),
    ("children_at_risk",),
    ("consanguineous_marriage_couples",),
)
BLANK_SHARE = 0.05
# Parts split from a smaller total with the same weights can round one above the whole.
CAPPED_BY = {
    "loan_women_granted": "loan_women_need",
    "children_under6_insured": "children_under6",
    "pregnant_women_pmtct": "pregnant_women",
    "children_special_helped": "children_special",
}


def _names(rng: random.Random) -> Iterator[str]:
    """Unique Vietnamese-looking place names: two syllables, then three (61,000 in all)."""
    for size in (2, 3):
        combos = list(itertools.permutations(SYLLABLES, size))
        rng.shuffle(combos)
        yield from (" ".join(combo) for combo in combos)


def province_registry(n_communes: int, *, communes_per_district: int = 12, seed: int = 0) -> UnitRegistry:
    """A province "99" with districts "9901"… and ``n_communes`` communes "00003"….

    Commune codes keep a leading zero on purpose: codes are text everywhere.
    """
    if n_communes < 1 or communes_per_district < 1:
        raise ValueError("n_communes and communes_per_district must be positive")
    n_districts = -(-n_communes // communes_per_district)
    width = max(2, len(str(n_districts)))
    names = _names(random.Random(seed))
    districts = [next(names) for _ in range(n_districts)]
    units = [Unit(PROVINCE, "Tỉnh Thử Nghiệm", "Thử Nghiệm", "province")]
    for i in range(n_communes):
        k, first = divmod(i, communes_per_district)
        district = f"{PROVINCE}{k + 1:0{width}d}"
        if first == 0:  # registry order is report order: each district, then its communes
            units.append(Unit(district, f"Huyện {districts[k]}", districts[k], "district", PROVINCE))
        short = next(names)
        name = f"Thị trấn {short}" if first == 0 else f"Xã {short}"
        units.append(Unit(f"{3 * (i + 1):05d}", name, short, "commune", district))
    return UnitRegistry(f"synthetic-{n_communes}-{seed}", PROVINCE, LEVELS, tuple(units))


def write_registry(registry: UnitRegistry, path: Path) -> Path:
    """Write ``registry`` in the YAML shape :func:`pipeline.spec.units.load_registry` reads.

    Every scalar is a JSON string (valid YAML), so codes such as "00003" stay text for
    any YAML reader, not only for the project's loader.
    """

    def text(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [
        "# Synthetic province written by pipeline.demo.synthetic (benchmarks and tests).",
        f"id: {text(registry.id)}",
        f"root: {text(registry.root)}",
        "levels:",
        *(
            f"  - {{name: {text(lv.name)}, label_vi: {text(lv.label_vi)}"
            + (f", noun_vi: {text(lv.noun_vi)}" if lv.noun_vi else "")
            + (f", noun_en: {text(lv.noun_en)}" if lv.noun_en else "")
            + "}"
            for lv in registry.levels
        ),
        "units:",
    ]
    for u in registry.units:
        dates = {"valid_from": u.valid_from, "valid_to": u.valid_to}
        items = {"code": u.code, "name": u.name, "short_name": u.short_name, "level": u.level, "parent": u.parent}
        items |= {key: day.isoformat() for key, day in dates.items() if day is not None}
        fields = [f"{key}: {text(value)}" for key, value in items.items() if value is not None]
        fields += [f"aliases: [{', '.join(text(a) for a in u.aliases)}]"] if u.aliases else []
        lines.append(f"  - {{{', '.join(fields)}}}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _office_values(rng: random.Random) -> dict[str, Any]:
    """A district office's own figures, varied around :data:`pipeline.demo.samples.DISTRICT_VALUES`."""
    dedicated, concurrent = rng.randint(1, 2), rng.randint(0, 2)
    return {
        "staff_dedicated": dedicated,
        "staff_dedicated.female": rng.randint(0, dedicated),
        "staff_concurrent": concurrent,
        "staff_concurrent.female": rng.randint(0, concurrent),
        "staff_trained": rng.randint(0, dedicated + concurrent),
        "budget_allocated": rng.randint(10, 40) * 1_000_000,
        "donation_amount": None if rng.random() < BLANK_SHARE else round(rng.uniform(2, 10), 1),
        "child_fund_raised": rng.randint(5, 20),
        "child_gifts": rng.randint(100, 300),
    }


def _rare_events(v: dict[str, Any], rng: random.Random) -> None:
    """Violence, trafficking and abuse: mostly none, never two of a kind in one commune."""
    cases = int(rng.random() < 0.1)
    v.update(domestic_violence_cases=cases, dv_victims=cases, dv_perpetrators=cases)
    v["dv_victims.female"] = rng.randint(0, cases)
    v["dv_victims_supported"] = rng.randint(0, cases)
    v["dv_perpetrators_counselled"] = rng.randint(0, cases)
    returned = int(rng.random() < 0.05)
    v.update(trafficking_victims_returned=returned, trafficking_victims_supported=rng.randint(0, returned))
    abuse = int(rng.random() < 0.05)
    v.update(child_abuse_cases=abuse, children_abused=abuse)
    v["children_abused.female"] = rng.randint(0, abuse)


def _commune_values(codes: list[str], rng: random.Random) -> dict[str, dict[str, Any]]:
    """One district's communes, as :func:`pipeline.demo.samples.commune_values` splits the
    report's totals, with random weights and scale and every part capped by its whole."""
    scale = rng.uniform(0.6, 1.6) * len(codes) / SAMPLE_COMMUNES
    weights = [rng.randint(6, 24) for _ in codes]
    values: dict[str, dict[str, Any]] = {c: {} for c in codes}

    def spread(total: float) -> list[int]:
        return split_total(round(total * scale), weights)

    for field, total in {**SEED_TOTALS, **ILLUSTRATIVE_TOTALS}.items():
        for unit, part in zip(codes, spread(total), strict=True):
            values[unit][field] = part
    for literate, (population, gap) in SEED_GAPS.items():
        for unit, missing in zip(codes, spread(gap), strict=True):
            values[unit][literate] = max(0, values[unit][population] - missing)
    amounts = spread(INTEREST_FREE_AMOUNT_DONG // 100_000)
    for unit, amount in zip(codes, amounts, strict=True):
        v = values[unit]
        for capped, whole in CAPPED_BY.items():
            v[capped] = min(v[capped], v[whole])
        v["births_registered_on_time"] = min(v["births_registered_on_time"], v["births_boys"] + v["births_girls"])
        v["startup_loan_women"] = min(v["startup_loan_women"], v["loan_households"])
        v["interest_free_loan_amount"] = amount * 100_000
        derive_parts(v)
        v["child_marriage_couples.ethnic_minority"] = v["child_marriage_couples"]
        _rare_events(v, rng)
        v.update(
            staff_dedicated=int(rng.random() < 0.3),
            staff_concurrent=1,
            staff_trained=1,
            budget_allocated=0,
            green_village_model=rng.random() < 0.9,
            female_key_leader=rng.random() < 0.8,
            child_fund_raised=rng.randint(1, 4),
        )
        v["staff_concurrent.female"] = rng.randint(0, 1)
        for group in OPTIONAL_GROUPS:
            if rng.random() < BLANK_SHARE:
                v.update(dict.fromkeys(group))
    return values


def synthetic_values(registry: UnitRegistry, period: Period, seed: int = 0) -> dict[str, dict[str, Any]]:
    """Values for every district office (with or without communes, as Côn Đảo in 2020) and
    commune under the registry's root, in registry order: an office before its communes.

    Deterministic for (registry, period, seed). Communes straight under a province (since
    01/7/2025) are drawn in runs of ``SAMPLE_COMMUNES``, each scaled like one district of
    the sample; no office files a form of its own then.
    """
    rng = random.Random(f"{seed}:{period.code}:{registry.id}")
    subtree = registry.subtree()
    communes: dict[str, list[str]] = {u.code: [] for u in subtree if u.level == "district"}
    for unit in subtree:
        if unit.level == "commune" and unit.parent:
            communes.setdefault(unit.parent, []).append(unit.code)
    drawn: dict[str, dict[str, Any]] = {}
    for parent, codes in communes.items():
        office = registry[parent].level == "district"
        if office:
            drawn[parent] = _office_values(rng)
        step = max(len(codes), 1) if office else SAMPLE_COMMUNES
        for start in range(0, len(codes), step):
            drawn.update(_commune_values(codes[start : start + step], rng))
    order = [u.code for u in subtree if u.code in drawn]
    return {code: drawn[code] for code in order}


def _fingerprint(catalog_digest: str, unit: Unit, period: Period, values: Mapping[str, Any]) -> str:
    """What a drawn form depends on: the catalog, the unit, the period and the values."""
    key = [catalog_digest, unit.code, unit.name, unit.level, period.code, sorted(values.items())]
    return hashlib.sha256(json.dumps(key, ensure_ascii=False, default=str).encode()).hexdigest()[:16]


_worker_catalog: Catalog | None = None


def _init_worker(catalog: Catalog) -> None:
    global _worker_catalog
    _worker_catalog = catalog


def _draw(work: Path, target: Path, unit: Unit, period: Period, values: dict[str, Any]) -> str:
    """Draw one form beside the inbox, then move it in: the inbox never holds a partial
    file, and the layout file stays out of it (the reader would refuse it as a non-form)."""
    assert _worker_catalog is not None
    drawn = work / target.name
    build_template(drawn, _worker_catalog, unit, period, values=values)
    os.replace(drawn, target)
    return target.name


def build_inbox(
    folder: Path,
    catalog: Catalog,
    registry: UnitRegistry,
    period: Period,
    values: Mapping[str, Mapping[str, Any]],
    *,
    workers: int | None = None,
) -> list[Path]:
    """Draw one filled form per unit in ``values`` into ``folder`` (in parallel), named as
    the unit's template (``BVCSTE-BDG-6T_2020S1_00003.xlsx``). ``<folder>.layouts`` keeps the
    layout files and a manifest of fingerprints: an unchanged form is not drawn again, so a
    large inbox survives between benchmark runs; forms drawn earlier for units no longer in
    ``values`` are removed."""
    folder, work = Path(folder), Path(folder).with_name(Path(folder).name + ".layouts")
    folder.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    manifest_path = work / "manifest.json"
    manifest: dict[str, str] = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    digest = hashlib.sha256(repr(catalog).encode()).hexdigest()
    jobs, written, wanted = [], [], {}
    for code, unit_values in values.items():
        unit = registry[code]
        target = folder / template_filename(catalog, unit, period)
        wanted[target.name] = _fingerprint(digest, unit, period, unit_values)
        written.append(target)
        if not (target.exists() and manifest.get(target.name) == wanted[target.name]):
            manifest.pop(target.name, None)
            jobs.append((work, target, unit, period, dict(unit_values)))
    for stale in set(manifest) - set(wanted):
        (folder / stale).unlink(missing_ok=True)
        del manifest[stale]

    def save() -> None:
        manifest_path.write_text(json.dumps(manifest, indent=0, sort_keys=True), encoding="utf-8")

    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) < 16:
        _init_worker(catalog)
        results: Iterator[str] = (_draw(*job) for job in jobs)
        pool = None
    else:
        pool = ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(catalog,))
        results = pool.map(_draw, *zip(*jobs, strict=True), chunksize=16)
    try:
        for k, name in enumerate(results, start=1):
            manifest[name] = wanted[name]
            if k % 500 == 0:
                save()  # an interrupted generation keeps what it finished
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        save()
    return written
