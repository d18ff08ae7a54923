"""The one module that touches Great Expectations.

Checks derived from the catalog become one expectation suite per frame; each suite runs
once over the frame of *all* submissions (an expectation costs about the same whatever the
row count, so one run per file would not scale); failures come back as (check id, row labels) pairs,
free of Great Expectations types, for :mod:`pipeline.validate.findings` to locate and word.

On request the same results also become a static Data Docs site (HTML) for people who
want to browse them; the site is rendered from the results already in hand, once per
run, so asking for it never validates twice. The pages are then made to work offline
(:mod:`pipeline.validate.data_docs_offline`), and every time they show is
``GxValidator.docs_time`` (a fixed one unless the caller sets it), never the clock, so
the same input gives the same pages.
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.spec.catalog import Catalog
from pipeline.validate.checks import FRAMES, Check, derive_checks
from pipeline.validate.data_docs_offline import make_offline

SUITE_PREFIX = "bvcste_bdg"
DOCS_TIME = datetime(1970, 1, 1, tzinfo=UTC)
"""The run time the Data Docs show when the caller gives none: fixed, never the clock."""
_log = logging.getLogger(__name__)


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
    meta: dict[str, Any] = {"check_id": check.id, "rule": check.rule, "severity": check.severity.value}
    if check.rules:  # the rules whose rows it tests: each one's id, expression and message travel with it
        meta["rules"] = [
            {"id": r.id, "expression": r.expression, "severity": r.severity.value, "message": r.message_vi}
            for r in check.rules
        ]
    return cls(**check.kwargs, meta=meta)


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


def write_suites(folder: Path, catalog: Catalog) -> int:
    """Write the suites the catalog implies (one per frame) into ``folder``; return how many checks."""
    checks = derive_checks(catalog)
    folder.mkdir(parents=True, exist_ok=True)
    for frame in FRAMES:
        data = suite_dict([c for c in checks if c.frame == frame], suite_name(frame))
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        (folder / f"{suite_name(frame)}.json").write_text(text, encoding="utf-8")
    return len(checks)


_MARKUP = frozenset("<>&\"'")


def inert_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with markup characters of its text escaped for HTML.

    Great Expectations writes unexpected values into the Data Docs pages as they are, so a
    commune typing ``<script>`` into its form would script the office's browser. Escaping
    before validation changes no verdict: every value a check accepts (codes, periods,
    versions) is free of these characters, and a value that was wrong stays wrong.
    """
    columns = {}
    for name in frame.columns:
        column = frame[name]
        if not (column.dtype == object or pd.api.types.is_string_dtype(column)):
            continue
        values = column.dropna().unique()
        escaped = {v: html.escape(v) for v in values if isinstance(v, str) and not _MARKUP.isdisjoint(v)}
        if escaped:
            columns[name] = column.map(lambda v, found=escaped: found.get(v, v) if isinstance(v, str) else v)
    return frame.assign(**columns) if columns else frame


_ahead: list[threading.Thread] = []


def import_ahead() -> None:
    """Start importing Great Expectations in a background thread, once per process.

    The import takes about 2 s of one core and a run needs it only to validate. Called
    while a process pool reads the inbox, when the main process only waits for its
    workers, it is done by the time validation starts instead of after. The thread only
    imports: :class:`GxValidator` imports again, which waits for it (or, had it failed,
    fails there, with its own message).
    """
    if _ahead:
        return
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    _ahead.append(threading.Thread(target=_import, name="import great_expectations", daemon=True))
    _ahead[0].start()


def import_done() -> None:
    """Wait for :func:`import_ahead`'s thread, if one was started: a process forked while
    it imports would inherit its import locks held and could hang on its first import."""
    for thread in _ahead:
        thread.join()


def _import() -> None:
    with contextlib.suppress(Exception):  # reported, if it recurs, where the validator imports it
        import great_expectations  # noqa: F401


class GxValidator:
    """An ephemeral Great Expectations context, built once per run (import costs ~3 s).

    ``docs_time`` is the run time the Data Docs show (and name their folders by): the
    clock would make two runs on the same input differ, so it is :data:`DOCS_TIME`
    unless the caller sets the time its inputs stand for.
    """

    def __init__(self, docs_time: datetime = DOCS_TIME) -> None:
        self.docs_time = docs_time
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        logging.getLogger("great_expectations").setLevel(logging.ERROR)
        self._gx = gx
        self._context = gx.get_context(mode="ephemeral")
        self._context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        self._source = self._context.data_sources.add_pandas("submissions")
        # The ephemeral context comes with a docs site in a temporary folder; docs belong
        # only where a run asks for them, so no site exists between runs.
        self._context.variables.data_docs_sites = {}
        self._batches: dict[str, Any] = {}
        self._runs = 0

    def run(
        self,
        frames: Mapping[str, pd.DataFrame],
        checks: Sequence[Check],
        parameters: Mapping[str, Any],
        *,
        docs_dir: Path | None = None,
    ) -> list[Failure]:
        """Validate every submission at once, one suite per frame; return the failing rows.

        With ``docs_dir``, the results of this very run are also rendered as a Data Docs
        site there (``docs_dir/index.html``), once for all frames, nothing elsewhere.
        """
        self._runs += 1  # suite names carry it, so consecutive runs never clash
        failures: list[Failure] = []
        validated: list[tuple[str, Any]] = []
        try:
            for frame_name, frame in frames.items():
                mine = [c for c in checks if c.frame == frame_name]
                if not frame.empty and mine:
                    validated.append(self._validate(frame_name, inert_text(frame), mine, parameters))
                    failures += _failures(validated[-1][1])
            if docs_dir is not None:
                self._build_docs(docs_dir, validated, self.docs_time)
        finally:
            # A run's suites serve that run only; left in the context, they would pile up
            # and the site builder would render earlier runs' suites into later sites.
            for _, result in validated:
                self._context.suites.delete(result.suite_name)
        return failures

    def _validate(
        self, frame_name: str, frame: pd.DataFrame, checks: Sequence[Check], parameters: Mapping[str, Any]
    ) -> tuple[str, Any]:
        """One validation pass of a frame; the batch id names the frame's page in the docs."""
        if frame_name not in self._batches:
            asset = self._source.add_dataframe_asset(frame_name)
            self._batches[frame_name] = asset.add_batch_definition_whole_dataframe(f"all_{frame_name}")
        suite = self._context.suites.add(
            self._gx.ExpectationSuite(
                name=f"{suite_name(frame_name)}_{self._runs}", expectations=[_expectation(c) for c in checks]
            )
        )
        batch = self._batches[frame_name].get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(
            suite, expectation_parameters=dict(parameters), result_format={"result_format": "COMPLETE"}
        )
        return str(batch.id), result

    def _build_docs(self, docs_dir: Path, validated: Sequence[tuple[str, Any]], run_time: datetime) -> None:
        """Render the run's results, already computed, as a static site under ``docs_dir``.

        The site builder reads results from the context's store, not from memory, so they
        are stored under one run id, rendered by a site that exists only for this build,
        then dropped again: complete results of every run would otherwise pile up. The
        pages Great Expectations wrote are then rewritten to load nothing from the internet.
        """
        from great_expectations.core.run_identifier import RunIdentifier
        from great_expectations.data_context.types.resource_identifiers import (
            ExpectationSuiteIdentifier,
            ValidationResultIdentifier,
        )

        name = f"{SUITE_PREFIX}_run_{self._runs}"
        run_id = RunIdentifier(run_name=name, run_time=run_time)
        store = self._context.validation_results_store
        suites: list[Any] = []
        results: list[Any] = []
        for batch_id, result in validated:
            suite_id = ExpectationSuiteIdentifier(name=result.suite_name)
            key = ValidationResultIdentifier(suite_id, run_id, batch_id)
            result.meta.update(run_id=run_id, validation_time=run_id.run_time)  # shown on the page
            # The time the frame was loaded, also shown: the run's, so it does not change the page.
            result.meta.get("batch_markers", {})["ge_load_time"] = run_time.strftime("%Y%m%dT%H%M%S.%fZ")
            store.set(key, result)
            suites.append(suite_id)
            results.append(key)
        site: Any = {  # Any: the library's TypedDict lacks show_how_to_buttons
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            # Absolute, so the working directory never matters.
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir.resolve())},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        }
        self._context.add_data_docs_site(name, site)
        try:
            self._context.build_data_docs(site_names=[name], resource_identifiers=suites + results)
        finally:
            self._context.delete_data_docs_site(name)
            for key in results:
                store.remove_key(key)
        unknown = make_offline(docs_dir)
        if unknown:  # taken out all the same: a page may miss a feature, it never fetches anything
            _log.warning("Data Docs: đã gỡ liên kết ra Internet chưa biết (trang có thể thiếu chức năng): %s", unknown)


def _failures(result: Any) -> list[Failure]:
    """The failing rows of one suite's result; a check that could not run is an error."""
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
