"""The sample inbox: an exact, deterministic split of the report's totals."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pipeline.demo.samples import SEED_TOTALS, sample_values, split_total
from pipeline.read.workbook import read_submission


@given(st.integers(0, 10**9), st.lists(st.integers(1, 50), min_size=1, max_size=20))
def test_split_adds_up_exactly_and_never_goes_negative(total, weights):
    parts = split_total(total, weights)
    assert sum(parts) == total and min(parts) >= 0 and len(parts) == len(weights)


def test_split_is_proportional():
    assert split_total(100, [22, 10, 14, 12, 12, 8, 12, 10]) == [22, 10, 14, 12, 12, 8, 12, 10]
    assert split_total(4, [22, 10, 14, 12, 12, 8, 12, 10]) == [1, 0, 1, 1, 1, 0, 0, 0]


def test_commune_values_add_up_to_the_report(registry):
    values = sample_values(registry)
    communes = [c for c in values if c != "611"]
    for code, total in SEED_TOTALS.items():
        assert sum(values[c][code] for c in communes) == total, code
    assert sum(values[c]["literacy_l1_literate"] for c in communes) == 17101
    assert sum(values[c]["em_literate"] for c in communes) == 18083
    assert sum(values[c]["interest_free_loan_amount"] for c in communes) == 78_200_000


def test_committed_sample_inbox_matches_the_generator(sample_inbox, catalog):
    """input_templates/samples is generated (`make samples`); its values must not drift."""
    committed = Path(__file__).parent.parent / "input_templates" / "samples" / "2020S1"
    names = sorted(p.name for p in sample_inbox.iterdir())
    assert sorted(p.name for p in committed.iterdir()) == names
    for name in names:
        fresh = read_submission(sample_inbox / name, catalog)
        kept = read_submission(committed / name, catalog)
        assert {k: v.value for k, v in kept.values.items()} == {k: v.value for k, v in fresh.values.items()}
        assert kept.meta == fresh.meta
