"""Robust outlier checks: hand-computed golden cases, the fallbacks, peers on the log scale,
loading earlier periods from the output folder, and properties of the scoring."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.validate.outlier_stats import Outlier, history_outliers, leave_one_out_stats, peer_outliers

COMMUNES = ["23377", "23380", "23383", "23386", "23389", "23392", "23395", "23398"]
DISTRICT = "611"
PAST = ["2018S1", "2018S2", "2019S1", "2019S2", "2020S1", "2020S2", "2021S1", "2021S2"]


def _history(values: list[float], unit: str = "23380", indicator: str = "loan_households") -> pd.DataFrame:
    return pd.DataFrame(
        {"period": PAST[: len(values)], "unit_code": unit, "indicator": indicator, "value": [float(v) for v in values]}
    )


def _current(rows: dict[str, float], indicator: str = "loan_households") -> pd.DataFrame:
    return pd.DataFrame({"unit_code": list(rows), "indicator": indicator, "value": [float(v) for v in rows.values()]})


def _one(value: float, history: list[float], **kwargs) -> list[Outlier]:
    return history_outliers(_current({"23380": value}), _history(history), **kwargs)


# --- history -----------------------------------------------------------------------------


def test_history_golden_case_is_flagged_with_the_exact_score_and_range():
    # median 11.5; |x − median| = 1.5, 0.5, 0.5, 1.5 → MAD 1.0; 0.6745 · 48.5 = 32.71325
    [found] = _one(60, [10, 12, 11, 13])
    assert (found.unit_code, found.indicator, found.value, found.kind, found.n) == (
        "23380",
        "loan_households",
        60.0,
        "history",
        4,
    )
    assert found.center == 11.5
    assert found.score == pytest.approx(32.71325)
    # |score| = 3.5 at 11.5 ± 3.5 / 0.6745 = 11.5 ± 5.189029
    assert found.low == pytest.approx(6.310971, abs=1e-6)
    assert found.high == pytest.approx(16.689029, abs=1e-6)


def test_history_value_inside_the_usual_range_is_not_flagged():
    assert _one(12, [10, 12, 11, 13]) == []  # score 0.6745 · 0.5 = 0.34
    assert _one(16, [10, 12, 11, 13]) == []  # 3.03, just inside
    assert len(_one(17, [10, 12, 11, 13])) == 1  # 3.71, just outside
    assert _one(11.5, [10, 12, 11, 13], threshold=0) == []  # flagged only when |score| > threshold


def test_history_low_value_has_a_negative_score_and_a_range_clipped_at_zero():
    [found] = _one(0, [10, 12, 11, 13])
    assert found.score == pytest.approx(-0.6745 * 11.5)
    [wide] = _one(100, [2, 3, 8, 9])  # median 5.5, MAD 3 → low 5.5 − 15.57 < 0
    assert wide.low == 0.0
    assert wide.high == pytest.approx(5.5 + 3.5 * 3 / 0.6745)


def test_history_falls_back_to_the_mean_absolute_deviation_when_mad_is_zero():
    # median 10; deviations 0, 0, 0, 0, 10 → MAD 0, MeanAD 2; 15 / (1.253314 · 2) = 5.984135
    [found] = _one(25, [10, 10, 10, 10, 20])
    assert found.score == pytest.approx(5.984135, abs=1e-6)
    assert found.high == pytest.approx(10 + 3.5 * 1.253314 * 2)
    assert found.low == pytest.approx(10 - 3.5 * 1.253314 * 2)
    assert _one(18, [10, 10, 10, 10, 20]) == []  # 8 / 2.506628 = 3.19


def test_history_without_spread_flags_only_a_clear_change_with_an_infinite_score():
    assert _one(0, [0, 0, 0]) == []
    assert _one(1, [0, 0, 0]) == []  # not beyond max(1, 0.5 · 0) = 1
    [found] = _one(5, [0, 0, 0])
    assert found.score == math.inf
    assert (found.center, found.low, found.high) == (0.0, 0.0, 1.0)
    assert _one(150, [100, 100, 100]) == []  # tolerance max(1, 50) = 50
    [up] = _one(151, [100, 100, 100])
    assert (up.score, up.low, up.high) == (math.inf, 50.0, 150.0)
    [down] = _one(40, [100, 100, 100])
    assert down.score == -math.inf


def test_history_needs_enough_earlier_figures():
    assert _one(60, [10, 12]) == []
    assert len(_one(60, [10, 12], min_points=2)) == 1
    assert _one(60, [10, 12, 11, 13], min_points=5) == []


def test_history_ignores_blanks_in_the_reference_and_in_the_current_figures():
    [found] = _one(60, [10, math.nan, 12, 11, math.nan, 13])
    assert found.n == 4
    assert found.score == pytest.approx(32.71325)
    assert _one(60, [10, math.nan, 12, math.nan]) == []  # two figures left
    assert _one(math.nan, [10, 12, 11, 13]) == []


def test_history_compares_each_unit_and_indicator_only_with_its_own_past():
    history = pd.concat(
        [
            _history([10, 12, 11, 13], unit="23380"),
            _history([1000, 1010, 990, 1005], unit="23383"),
            _history([1, 2, 1, 2], unit="23380", indicator="new_jobs.female"),
        ]
    )
    current = pd.concat(
        [
            _current({"23380": 12, "23383": 60}),
            _current({"23380": 1000}, indicator="new_jobs.female"),
            _current({"23386": 5000}),  # no history at all
        ]
    )
    found = history_outliers(current, history)
    assert [(o.unit_code, o.indicator) for o in found] == [("23380", "new_jobs.female"), ("23383", "loan_households")]
    assert found[1].center == 1002.5


# --- peers -------------------------------------------------------------------------------

AROUND_100 = [95, 100, 105, 98, 102, 97, 103]


def test_peers_flag_only_the_commune_ten_times_the_others_with_the_log_scale_score():
    found = peer_outliers(_current(dict(zip(COMMUNES, [*AROUND_100, 1000], strict=True))))
    assert [o.unit_code for o in found] == ["23398"]
    [big] = found
    assert (big.kind, big.value, big.n) == ("peers", 1000.0, 7)
    # others on log1p: median log(101); deviations log(96/101), …, 0, …, log(106/101) → MAD log(104/101)
    mad = math.log(104 / 101)
    assert big.score == pytest.approx(0.6745 * math.log(1001 / 101) / mad)
    assert big.center == pytest.approx(100)
    assert big.low == pytest.approx(101 * math.exp(-3.5 * mad / 0.6745) - 1)
    assert big.high == pytest.approx(101 * math.exp(3.5 * mad / 0.6745) - 1)


def test_peers_leave_the_compared_unit_out_of_its_reference():
    values = dict(zip(COMMUNES, [*AROUND_100, 1000], strict=True))
    [big] = peer_outliers(_current(values))
    # with itself included the median of the eight would be 101 and n 8
    assert big.center == pytest.approx(100)
    assert big.n == 7
    everyone = peer_outliers(_current(values), threshold=0)
    by_unit = {o.unit_code: o for o in everyone}
    assert by_unit["23377"].center == pytest.approx(102)  # 95 is compared with the seven others
    assert by_unit["23383"].center == pytest.approx(100)  # 105 likewise


def test_peers_accept_communes_of_different_size_in_a_size_like_figure():
    households = [800, 1200, 1500, 2000, 2600, 3500, 5000, 7000]
    # on the plain scale the largest would be flagged: others' median 2000, MAD 800
    assert 0.6745 * (7000 - 2000) / 800 > 3.5
    assert peer_outliers(_current(dict(zip(COMMUNES, households, strict=True)), indicator="households")) == []


@pytest.mark.parametrize(("typed", "sign"), [(12500, 1), (125, -1)])
def test_peers_flag_a_commune_ten_times_off_in_a_size_like_figure(typed, sign):
    households = [1100, 1450, 1250, 1600, 900, 1300, 1500, 1200]
    assert peer_outliers(_current(dict(zip(COMMUNES, households, strict=True)), indicator="households")) == []
    households[2] = typed  # a digit too many or too few
    [found] = peer_outliers(_current(dict(zip(COMMUNES, households, strict=True)), indicator="households"))
    assert found.unit_code == "23383"
    assert found.center == pytest.approx(1300)  # median of the seven others
    assert np.sign(found.score) == sign
    assert found.low < 1250 < found.high


def test_peers_leave_out_excluded_units_entirely():
    values = {**dict(zip(COMMUNES, [*AROUND_100, 1000], strict=True)), DISTRICT: 50000.0}
    assert {o.unit_code for o in peer_outliers(_current(values))} == {"23398", DISTRICT}
    found = peer_outliers(_current(values), exclude=[DISTRICT])
    assert [o.unit_code for o in found] == ["23398"]
    assert found[0].n == 7  # the district office is not part of the reference either


def test_peers_need_enough_other_units_and_ignore_blanks():
    six = dict(zip(COMMUNES[:6], [100, 101, 99, 102, 98, 1000], strict=True))
    assert [o.unit_code for o in peer_outliers(_current(six))] == ["23392"]
    assert peer_outliers(_current(six), min_peers=6) == []
    five_and_blanks = {**dict(zip(COMMUNES[:5], [100, 101, 99, 102, 1000], strict=True)), "23392": math.nan}
    assert peer_outliers(_current(five_and_blanks)) == []  # only four others are filled in
    assert peer_outliers(_current(five_and_blanks), min_peers=4)[0].n == 4


def test_peers_without_spread_use_the_tolerance_on_the_log_scale():
    same = dict(zip(COMMUNES, [0, 0, 0, 0, 0, 0, 0, 1], strict=True))
    assert peer_outliers(_current(same)) == []  # log1p(1) = 0.69 is within 1
    same["23398"] = 5
    [found] = peer_outliers(_current(same))
    assert (found.unit_code, found.score, found.center, found.low) == ("23398", math.inf, 0.0, 0.0)
    assert found.high == pytest.approx(math.e - 1)


def test_findings_are_ordered_by_unit_then_indicator_then_kind():
    frames = [_current(dict(zip(COMMUNES, [*AROUND_100, 1000], strict=True)), indicator=name) for name in "zab"]
    frames.append(_current(dict(zip(COMMUNES, [5000, *AROUND_100], strict=True)), indicator="m"))
    found = peer_outliers(pd.concat(frames))
    assert [(o.unit_code, o.indicator) for o in found] == [
        ("23377", "m"),
        ("23398", "a"),
        ("23398", "b"),
        ("23398", "z"),
    ]


# --- properties --------------------------------------------------------------------------

figures = st.integers(min_value=0, max_value=100_000).map(float)


@settings(deadline=None)
@given(history=st.lists(figures, min_size=3, max_size=8))
def test_property_the_history_median_is_never_flagged(history):
    assert _one(float(np.median(history)), history) == []


@settings(deadline=None)
@given(others=st.lists(figures, min_size=5, max_size=7))
def test_property_the_peer_median_is_never_flagged(others):
    center = float(np.expm1(np.median(np.log1p(others))))
    rows = {**dict(zip(COMMUNES[1 : len(others) + 1], others, strict=True)), COMMUNES[0]: center}
    assert COMMUNES[0] not in {o.unit_code for o in peer_outliers(_current(rows))}


unit_histories = st.dictionaries(
    st.sampled_from(COMMUNES),
    st.tuples(st.lists(figures, min_size=3, max_size=6).filter(lambda h: len(set(h)) > 1), figures),
    min_size=1,
    max_size=4,
)


def _frames(units: dict[str, tuple[list[float], float]], factor: float = 1.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    history = pd.concat([_history([v * factor for v in h], unit=u) for u, (h, _) in units.items()])
    return _current({u: x * factor for u, (_, x) in units.items()}), history


@settings(deadline=None)
@given(units=unit_histories, factor=st.sampled_from([0.001, 0.37, 2.0, 3.0, 12.5, 1000.0]))
def test_property_scaling_all_figures_keeps_the_same_history_findings(units, factor):
    current, history = _frames(units)
    scores = [o.score for o in history_outliers(current, history, threshold=0)]
    assume(all(abs(abs(s) - 3.5) > 1e-6 for s in scores))  # not on the edge of the threshold
    before = history_outliers(current, history)
    after = history_outliers(*_frames(units, factor))
    assert [o.unit_code for o in after] == [o.unit_code for o in before]
    for a, b in zip(after, before, strict=True):
        assert a.score == pytest.approx(b.score)
        assert (a.center, a.high) == pytest.approx((b.center * factor, b.high * factor))


blank_or_figure = st.one_of(figures, st.just(math.nan))


@settings(deadline=None, max_examples=50)
@given(
    history_values=st.lists(blank_or_figure, min_size=24, max_size=24),
    current_values=st.lists(blank_or_figure, min_size=8, max_size=8),
    data=st.data(),
)
def test_property_findings_do_not_depend_on_row_order(history_values, current_values, data):
    history = pd.DataFrame(
        {
            "period": [PAST[k // 8] for k in range(24)],
            "unit_code": [COMMUNES[k % 8] for k in range(24)],
            "indicator": "loan_households",
            "value": history_values,
        }
    )
    current = _current(dict(zip(COMMUNES, current_values, strict=True)))
    shuffled_history = history.iloc[data.draw(st.permutations(range(24)))]
    shuffled_current = current.iloc[data.draw(st.permutations(range(8)))]
    for threshold in (3.5, 0.5):
        assert history_outliers(shuffled_current, shuffled_history, threshold=threshold) == history_outliers(
            current, history, threshold=threshold
        )
        assert peer_outliers(shuffled_current, threshold=threshold, min_peers=3) == peer_outliers(
            current, threshold=threshold, min_peers=3
        )


@settings(deadline=None, max_examples=300)
@given(values=st.lists(st.sampled_from([0.0, 1.0, 2.5, 7.0]) | st.floats(0, 20, width=32), min_size=2, max_size=15))
def test_property_leave_one_out_stats_equal_recomputing_without_each_value(values):
    """The O(n log n) shortcut against the definition: drop each value and recompute."""
    array = np.array(values, dtype=float)
    center, mad, meanad = leave_one_out_stats(array)
    for k in range(len(array)):
        others = np.delete(array, k)
        median = np.median(others)
        assert center[k] == pytest.approx(median, abs=1e-12)
        assert mad[k] == pytest.approx(np.median(np.abs(others - median)), abs=1e-12)
        assert meanad[k] == pytest.approx(np.mean(np.abs(others - median)), abs=1e-12)


def test_peers_scale_to_a_national_roll_up_without_comparing_every_pair():
    """10,600 communes: pairwise references would hold 10⁸ rows; the shortcut takes a moment."""
    rng = np.random.default_rng(7)
    units = [f"{k:05d}" for k in range(10_600)]
    values = np.round(rng.lognormal(4, 0.3, len(units)))
    values[123] = values[123] * 40
    found = peer_outliers(pd.DataFrame({"unit_code": units, "indicator": "households", "value": values}))
    assert "00123" in {o.unit_code for o in found}
    assert all(o.n == len(units) - 1 for o in found)
