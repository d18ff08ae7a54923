"""The one module that touches Great Expectations.

Checks derived from the catalog become an expectation suite; the suite runs once over
the wide frame of *all* submissions (one run costs ~0.1 s whatever the row count, so
one run per file would not scale); failures come back as (check id, row labels) pairs,
free of Great Expectations types, for :mod:`pipeline.validation` to locate and word.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline.rules import Check

SUITE_PREFIX = "bvcste_bdg"


@dataclass(frozen=True)
class Failure:
    """Rows of the check's frame (index labels) that failed one check."""

    check_id: str
    rows: tuple[Any, ...]


def suite_name(frame: str) -> str:
    return f"{SUITE_PREFIX}_{frame}"


def _expectation(check: Check) -> Any:
    import great_expectations as gx

    cls = getattr(gx.expectations, check.expectation)
    return cls(**check.kwargs, meta={"check_id": check.id, "rule": check.rule, "severity": check.severity.value})


def suite_dict(checks: Sequence[Check], name: str) -> dict[str, Any]:
    """The suite as Great Expectations' JSON, without the random ids, so it diffs cleanly."""
    import great_expectations as gx

    suite = gx.ExpectationSuite(name=name, expectations=[_expectation(c) for c in checks])
    data: dict[str, Any] = suite.to_json_dict()
    data.pop("id", None)
    for item in data.get("expectations", []):
        item.pop("id", None)
    data.get("meta", {}).pop("great_expectations_version", None)
    return data


class GxValidator:
    """An ephemeral Great Expectations context, built once per run (import costs ~3 s)."""

    def __init__(self) -> None:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        logging.getLogger("great_expectations").setLevel(logging.ERROR)
        self._gx = gx
        self._context = gx.get_context(mode="ephemeral")
        self._context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        self._source = self._context.data_sources.add_pandas("submissions")
        self._batches: dict[str, Any] = {}
        self._runs = 0

    def run(
        self, frames: Mapping[str, pd.DataFrame], checks: Sequence[Check], parameters: Mapping[str, Any]
    ) -> list[Failure]:
        """Validate every submission at once, one suite per frame; return the failing rows."""
        failures: list[Failure] = []
        for frame_name, frame in frames.items():
            mine = [c for c in checks if c.frame == frame_name]
            if not frame.empty and mine:
                failures += self._run_one(frame_name, frame, mine, parameters)
        return failures

    def _run_one(
        self, frame_name: str, frame: pd.DataFrame, checks: Sequence[Check], parameters: Mapping[str, Any]
    ) -> list[Failure]:
        if frame_name not in self._batches:
            asset = self._source.add_dataframe_asset(frame_name)
            self._batches[frame_name] = asset.add_batch_definition_whole_dataframe(f"all_{frame_name}")
        self._runs += 1
        suite = self._context.suites.add(
            self._gx.ExpectationSuite(
                name=f"{suite_name(frame_name)}_{self._runs}", expectations=[_expectation(c) for c in checks]
            )
        )
        batch = self._batches[frame_name].get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(
            suite, expectation_parameters=dict(parameters), result_format={"result_format": "COMPLETE"}
        )
        failures: list[Failure] = []
        for item in result.results:
            check_id = item.expectation_config.meta["check_id"]
            problem = _exception_message(item.exception_info or {})
            if problem:
                raise RuntimeError(f"Kiểm tra {check_id} không chạy được: {problem}")
            if not item.success:
                rows = tuple(item.result.get("unexpected_index_list") or ())
                failures.append(Failure(check_id, rows))
        return failures


def _exception_message(info: Mapping[str, Any]) -> str | None:
    """Great Expectations reports exceptions either flat or keyed by metric."""
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    for value in info.values():
        if isinstance(value, Mapping) and value.get("raised_exception"):
            return str(value.get("exception_message"))
    return None
