"""Aggregation arithmetic: sums, blanks, rates from sums, coverage, yes/no counts."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.aggregate.totals import aggregate

COMMUNES = ["23377", "23380", "23383", "23386", "23389", "23392", "23395", "23398"]


def test_sum_over_units_and_blank_is_not_zero(catalog, registry):
    totals = aggregate(
        {"23377": {"rice_kg": 10.0}, "23380": {"rice_kg": None}, "23383": {"rice_kg": 5.5}}, catalog, registry
    )
    fig = totals["rice_kg"]
    assert fig.value == 15.5 and fig.reporting_units == 2
    assert fig.by_unit == {"23377": 10.0, "23380": None, "23383": 5.5}
    assert totals["maternal_deaths"].value is None  # nobody reported: blank, not 0


def test_zero_reported_is_zero(catalog, registry):
    totals = aggregate({c: {"domestic_violence_cases": 0.0} for c in COMMUNES}, catalog, registry)
    assert totals["domestic_violence_cases"].value == 0.0
    assert totals["domestic_violence_cases"].reporting_units == 8


def test_rate_is_recomputed_from_summed_parts_not_averaged(catalog, registry):
    values = {
        "23377": {"literacy_l1_literate": 90.0, "literacy_l1_population": 100.0},
        "23380": {"literacy_l1_literate": 1.0, "literacy_l1_population": 10.0},
    }
    fig = aggregate(values, catalog, registry)["literacy_l1_rate"]
    assert (fig.numerator, fig.denominator, fig.value) == (91.0, 110.0, 82.7)  # the mean of rates would be 50
    assert fig.by_unit["23377"] == 90.0 and fig.by_unit["23380"] == 10.0


def test_rate_skips_units_missing_a_part(catalog, registry):
    values = {
        "23377": {"em_literate": 50.0, "em_population": 100.0},
        "23380": {"em_literate": 40.0, "em_population": None},
    }
    fig = aggregate(values, catalog, registry)["em_literacy_rate"]
    assert (fig.numerator, fig.denominator, fig.value, fig.reporting_units) == (50.0, 100.0, 50.0, 1)
    assert fig.by_unit["23380"] is None


def test_rate_with_a_sum_denominator(catalog, registry):
    values = {"611": {"staff_trained": 1.0, "staff_dedicated": 1.0, "staff_concurrent": 1.0}}
    assert aggregate(values, catalog, registry)["staff_trained_rate"].value == 50.0


def test_coverage_counts_units_with_any_official_including_the_district(catalog, registry):
    values = {
        "611": {"staff_dedicated": 1.0, "staff_concurrent": 0.0},
        "23377": {"staff_dedicated": 0.0, "staff_concurrent": 1.0},
        "23380": {"staff_dedicated": 0.0, "staff_concurrent": 0.0},
        "23383": {"staff_dedicated": None, "staff_concurrent": None},
    }
    fig = aggregate(values, catalog, registry)["staff_coverage_rate"]
    assert (fig.numerator, fig.denominator, fig.value) == (2.0, 3.0, 66.7)
    assert fig.by_unit == {"611": True, "23377": True, "23380": False, "23383": None}


def test_yes_no_counts(catalog, registry):
    values = {c: {"green_village_model": 1.0} for c in COMMUNES}
    values["23398"]["green_village_model"] = 0.0
    fig = aggregate(values, catalog, registry)["green_village_model"]
    assert (fig.value, fig.numerator, fig.denominator) == (7.0, 7.0, 8.0)
    assert fig.by_unit["23398"] is False and fig.by_unit["23377"] is True


def test_district_and_commune_levels_combine(catalog, registry):
    values = {"611": {"budget_allocated": 20_000_000.0}, **{c: {"budget_allocated": 0.0} for c in COMMUNES}}
    fig = aggregate(values, catalog, registry)["budget_allocated"]
    assert fig.value == 20_000_000.0
    assert fig.by_level == {"district": 20_000_000.0, "commune": 0.0}


def test_units_outside_the_root_are_ignored(catalog, registry):
    totals = aggregate({"23377": {"rice_kg": 1.0}, "99999": {"rice_kg": 100.0}}, catalog, registry)
    assert totals["rice_kg"].value == 1.0 and totals.units == ("23377",)


def test_subtotal_for_another_root(catalog, registry):
    totals = aggregate({"23377": {"rice_kg": 1.0}, "611": {"donation_amount": 5.0}}, catalog, registry, root="23377")
    assert totals.units == ("23377",) and totals["donation_amount"].value is None


unit_values = st.dictionaries(
    st.sampled_from(COMMUNES),
    st.fixed_dictionaries(
        {
            "loan_households": st.one_of(st.none(), st.integers(0, 10_000).map(float)),
            "literacy_l1_literate": st.integers(0, 5_000).map(float),
            "literacy_l1_population": st.integers(1, 5_000).map(float),
        }
    ),
    min_size=1,
)


@settings(max_examples=60, deadline=None)
@given(unit_values, st.randoms(use_true_random=False))
def test_total_equals_sum_of_accepted_units_in_any_order(catalog, registry, values, rnd: random.Random):
    items = list(values.items())
    rnd.shuffle(items)
    totals = aggregate(dict(items), catalog, registry)
    reported = [v["loan_households"] for v in values.values() if v["loan_households"] is not None]
    assert totals["loan_households"].value == (sum(reported) if reported else None)
    num = sum(v["literacy_l1_literate"] for v in values.values())
    den = sum(v["literacy_l1_population"] for v in values.values())
    fig = totals["literacy_l1_rate"]
    assert (fig.numerator, fig.denominator) == (num, den)
    assert fig.value == pytest.approx(round(num / den * 100, 1))
    assert totals.units == tuple(c for c in COMMUNES if c in values)  # registry order, whatever came first


def _same(a, b):
    return (a.value, a.numerator, a.denominator, a.reporting_units) == (
        b.value,
        b.numerator,
        b.denominator,
        b.reporting_units,
    )


def test_grouped_subtotals_match_the_per_group_aggregate(catalog, registry, good_values):
    from pipeline.aggregate.totals import aggregate_groups

    values = {u: {k: (float(v) if v is not None else None) for k, v in vals.items()} for u, vals in good_values.items()}
    values["23398"]["rice_kg"] = None
    [(group, grouped)] = aggregate_groups(values, catalog, registry, ["611"]).items()
    whole = aggregate(values, catalog, registry, root="611")
    assert group == "611" and grouped.units == whole.units
    for code, figure in whole.figures.items():
        assert _same(grouped[code], figure), code


@settings(max_examples=40, deadline=None)
@given(unit_values)
def test_subtotals_of_single_communes_are_their_own_figures(catalog, registry, values):
    from pipeline.aggregate.totals import aggregate_groups

    groups = sorted(values)
    grouped = aggregate_groups(values, catalog, registry, groups)
    for unit in groups:
        alone = aggregate({unit: values[unit]}, catalog, registry, root=unit)
        for code in ("loan_households", "literacy_l1_rate"):
            assert _same(grouped[unit][code], alone[code])


def test_a_rate_a_commune_typed_is_never_totalled(catalog, registry):
    fig = aggregate(
        {"23377": {"literacy_l1_rate_reported": 97.5}, "23380": {"literacy_l1_rate_reported": 90.0}}, catalog, registry
    )["literacy_l1_rate_reported"]
    assert (fig.kind, fig.value, fig.by_unit["23377"]) == ("none", None, 97.5)
