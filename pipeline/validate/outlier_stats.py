"""Robust outlier checks on reported figures; findings become warnings, never errors.

Two references are used for each figure a unit reports:

* ``history``: the same unit's figures for the same indicator in earlier periods;
* ``peers``: the other units' figures for the same indicator in this period, compared on
  ``log1p`` because communes differ in size (a commune twice as large reports about twice
  as much; on the log scale that is a shift, not an outlier).

Why median-based: a mean and a standard deviation are pulled by the very figure under
suspicion, so one wrong figure (a typo adding a digit) inflates the spread and hides
itself. The median and the median absolute deviation (MAD) ignore a minority of wild
values. The score is the modified z-score of Iglewicz & Hoaglin, ``0.6745·(x − median)/MAD``
(0.6745 makes MAD/0.6745 estimate the standard deviation of normal data), and a figure is
flagged when ``|score| > 3.5``, their recommended cut-off. Small counts often have MAD = 0
(half or more of the figures equal); then the mean absolute deviation is used,
``(x − median)/(1.253314·MeanAD)`` (1.253314 = √(π/2) does the same scaling). If every
reference figure is equal, a change is flagged only when it exceeds ``max(1, 0.5·|median|)``
and its score is then ±inf. A history needs 3 earlier figures and a peer comparison 5
other units (``min_points``/``min_peers``); with fewer the median says too little.
For peers all of this is done on the log1p scale and the reported median and range are
converted back. Blank figures (NaN) are never flagged and never part of a reference.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

MAD_FACTOR = 0.6745
MEANAD_FACTOR = 1.253314
_KEYS = ["unit_code", "indicator"]
HISTORY_COLUMNS = ["period", "unit_code", "indicator", "value"]


@dataclass(frozen=True)
class Outlier:
    """One suspicious figure, with its reference and accepted range for the message."""

    unit_code: str
    indicator: str
    value: float
    kind: str  # "history" or "peers"
    center: float  # reference median, in the original units
    low: float  # accepted range [low, high], in the original units
    high: float
    score: float  # modified z-score; ±inf when the reference has no spread
    n: int  # size of the reference set


def _clean(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Keep the needed columns, drop blanks, and sort so results do not depend on row order."""
    out = frame.loc[:, columns].dropna(subset=columns[:-1]).copy()
    out["unit_code"] = out["unit_code"].astype(str)
    out["indicator"] = out["indicator"].astype(str)
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype(float)
    out = out[out["value"].notna()]
    return out.sort_values([*columns[:-1], "value"], kind="mergesort").reset_index(drop=True)


def _reference_stats(reference: pd.DataFrame, column: str) -> pd.DataFrame:
    """Per (unit, indicator): size, median, MAD and mean absolute deviation of ``column``."""
    median = reference.groupby(_KEYS, sort=True)[column].transform("median")
    reference = reference.assign(dev=(reference[column] - median).abs())
    return (
        reference.groupby(_KEYS, sort=True)
        .agg(n=(column, "size"), center=(column, "median"), mad=("dev", "median"), meanad=("dev", "mean"))
        .reset_index()
    )


def _findings(frame: pd.DataFrame, x: pd.Series, kind: str, threshold: float, log_scale: bool) -> list[Outlier]:
    """Score ``x`` (same scale as the stats in ``frame``) and build the flagged findings."""
    if frame.empty:
        return []
    xs = x.to_numpy(dtype=float)
    center = frame["center"].to_numpy(dtype=float)
    mad = frame["mad"].to_numpy(dtype=float)
    meanad = frame["meanad"].to_numpy(dtype=float)
    dev = xs - center
    tolerance = np.maximum(1.0, 0.5 * np.abs(center))
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(
            mad > 0,
            MAD_FACTOR * dev / mad,
            np.where(
                meanad > 0,
                dev / (MEANAD_FACTOR * meanad),
                np.where(np.abs(dev) > tolerance, np.copysign(np.inf, dev), 0.0),
            ),
        )
    width = np.where(
        mad > 0, threshold * mad / MAD_FACTOR, np.where(meanad > 0, threshold * MEANAD_FACTOR * meanad, tolerance)
    )
    low, high, shown_center = center - width, center + width, center
    if log_scale:
        low, high, shown_center = np.expm1(low), np.expm1(high), np.expm1(center)
    low = np.maximum(low, 0.0)
    shown = frame.assign(shown=shown_center, low=low, high=high, score=score)[np.abs(score) > threshold]
    found = [
        Outlier(
            unit_code=str(r["unit_code"]),
            indicator=str(r["indicator"]),
            value=float(r["value"]),
            kind=kind,
            center=float(r["shown"]),
            low=float(r["low"]),
            high=float(r["high"]),
            score=float(r["score"]),
            n=int(r["n"]),
        )
        for r in shown.to_dict("records")
    ]
    return sorted(found, key=lambda o: (o.unit_code, o.indicator, o.kind, o.value))


def history_outliers(
    current: pd.DataFrame, history: pd.DataFrame, *, threshold: float = 3.5, min_points: int = 3
) -> list[Outlier]:
    """Figures of ``current`` far from the same unit's figures in earlier periods (``history``)."""
    reference = _clean(history, ["period", *_KEYS, "value"])
    stats = _reference_stats(reference, "value")
    stats = stats[stats["n"] >= min_points]
    merged = _clean(current, [*_KEYS, "value"]).merge(stats, on=_KEYS, how="inner")
    return _findings(merged, merged["value"], "history", threshold, log_scale=False)


def peer_outliers(
    current: pd.DataFrame, *, threshold: float = 3.5, min_peers: int = 5, exclude: Collection[str] = ()
) -> list[Outlier]:
    """Figures of ``current`` far from the other units' figures for the same indicator.

    Each unit is compared with the others only (leave-one-out), so a wild figure never
    shifts its own reference. Units in ``exclude`` (such as the district office, whose
    figures are of another kind) are neither compared nor part of any reference. Negative
    figures have no logarithm and are left to the validation rules. A unit reports each
    figure once (the latest file wins), so "the others" are the other rows.
    """
    cur = _clean(current, [*_KEYS, "value"])
    cur = cur[~cur["unit_code"].isin([str(code) for code in exclude]) & (cur["value"] >= 0)]
    cur = cur.assign(log=np.log1p(cur["value"])).reset_index(drop=True)
    parts = []
    for _, group in cur.groupby("indicator", sort=True):
        if len(group) - 1 >= min_peers:
            center, mad, meanad = leave_one_out_stats(group["log"].to_numpy(dtype=float))
            parts.append(group.assign(n=len(group) - 1, center=center, mad=mad, meanad=meanad))
    if not parts:
        return []
    merged = pd.concat(parts, ignore_index=True)
    return _findings(merged, merged["log"], "peers", threshold, log_scale=True)


def _drop_one_median(ordered: np.ndarray, removed: np.ndarray) -> np.ndarray:
    """Median of ``ordered`` (sorted) without the element at each position in ``removed``.

    Position k of the shortened array is position ``k + (k >= removed)`` of the full one,
    so each median is read off in O(1) instead of re-sorting n − 1 values n times.
    """
    size = len(ordered) - 1

    def at(k: int) -> np.ndarray:
        return ordered[k + (k >= removed)]

    if size % 2:
        return at(size // 2)
    return (at(size // 2 - 1) + at(size // 2)) / 2


def leave_one_out_stats(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each value: median, MAD and mean absolute deviation of all the *other* values.

    Exact and O(n log n): a pairwise comparison of 10,000 communes would hold 10⁸ pairs
    per indicator. The leave-one-out median takes at most three distinct values (it only
    depends on which side of the middle the removed value sits), and for each of them the
    deviations are sorted once and the removed value's own deviation is dropped the same
    way. Needs at least two values.
    """
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    rank = np.empty(len(values), dtype=np.intp)
    rank[order] = np.arange(len(values))
    center = _drop_one_median(ordered, rank)
    mad = np.empty(len(values))
    meanad = np.empty(len(values))
    for candidate in np.unique(center):
        chosen = center == candidate
        deviation = np.abs(values - candidate)
        dev_order = np.argsort(deviation, kind="stable")
        dev_rank = np.empty(len(values), dtype=np.intp)
        dev_rank[dev_order] = np.arange(len(values))
        mad[chosen] = _drop_one_median(deviation[dev_order], dev_rank[chosen])
        meanad[chosen] = (deviation.sum() - deviation[chosen]) / (len(values) - 1)
    return center, mad, meanad
