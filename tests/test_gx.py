"""The Great Expectations adapter: one run per frame, failures as plain row labels."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from pipeline.spec.catalog import Severity
from pipeline.validate.checks import CELLS, SUBMISSIONS, Check
from pipeline.validate.gx import DOCS_TIME, suite_dict, suite_name


def test_failures_come_back_as_row_labels(validator):
    checks = [
        Check(
            "nonneg",
            "non_negative",
            "ExpectColumnValuesToBeBetween",
            {"column": "value", "min_value": 0},
            Severity.ERROR,
            frame=CELLS,
        ),
        Check(
            "pair",
            "part_le_whole",
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": "total", "column_B": "part", "or_equal": True, "ignore_row_if": "either_value_is_missing"},
            Severity.ERROR,
            blame="part",
            frame=SUBMISSIONS,
        ),
        Check(
            "period",
            "period",
            "ExpectColumnValuesToBeInSet",
            {"column": "period", "value_set": {"$PARAMETER": "p"}},
            Severity.ERROR,
            frame=SUBMISSIONS,
        ),
    ]
    frames = {
        CELLS: pd.DataFrame({"value": [1.0, -2.0, None, 3.0]}),
        SUBMISSIONS: pd.DataFrame(
            {"total": [5.0, 5.0, None], "part": [6.0, 5.0, 9.0], "period": ["2020S1", "2019S2", "2020S1"]}
        ),
    }
    failures = {f.check_id: f.rows for f in validator.run(frames, checks, {"p": ["2020S1"]})}
    assert failures == {"nonneg": (1,), "pair": (0,), "period": (1,)}


def test_empty_frames_are_not_run(validator):
    check = Check("x", "x", "ExpectColumnValuesToNotBeNull", {"column": "value"}, Severity.ERROR, frame=CELLS)
    assert validator.run({CELLS: pd.DataFrame({"value": []})}, [check], {}) == []


def test_suite_json_has_no_random_ids_and_keeps_meta():
    check = Check("type", "type", "ExpectColumnValuesToBeNull", {"column": "invalid"}, Severity.ERROR)
    data = suite_dict([check], "s")
    assert "id" not in data and all("id" not in e for e in data["expectations"])
    assert data["expectations"][0]["meta"] == {"check_id": "type", "rule": "type", "severity": "error"}
    assert suite_dict([check], "s") == data


def _docs_case() -> tuple[list[Check], dict[str, pd.DataFrame], dict[str, list[str]]]:
    checks = [
        Check(
            "nonneg",
            "non_negative",
            "ExpectColumnValuesToBeBetween",
            {"column": "value", "min_value": 0},
            Severity.ERROR,
            frame=CELLS,
        ),
        Check(
            "period",
            "period",
            "ExpectColumnValuesToBeInSet",
            {"column": "period", "value_set": {"$PARAMETER": "p"}},
            Severity.ERROR,
            frame=SUBMISSIONS,
        ),
    ]
    frames = {
        CELLS: pd.DataFrame({"value": [1.0, -2.0, None, 3.0]}),
        SUBMISSIONS: pd.DataFrame({"period": ["2020S1", "2019S2", "2020S1"]}),
    }
    return checks, frames, {"p": ["2020S1"]}


def _pages_naming(docs: Path, name: str) -> list[Path]:
    return [page for page in docs.rglob("*.html") if name in page.read_text(encoding="utf-8")]


def test_data_docs_are_built_from_the_same_run(validator, tmp_path, monkeypatch):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    checks, frames, parameters = _docs_case()
    plain = validator.run(frames, checks, parameters)
    docs = tmp_path / "docs"
    with_docs = validator.run(frames, checks, parameters, docs_dir=docs)
    assert with_docs == plain
    assert (docs / "index.html").is_file()
    # The suites of this run (their names end in the run's number) have pages of their own.
    for frame in (CELLS, SUBMISSIONS):
        names = {page.stem for page in (docs / "expectations").glob(f"{suite_name(frame)}_*.html")}
        assert len(names) == 1
        (name,) = names
        assert any("validations" in page.parts for page in _pages_naming(docs, name))
        assert name in (docs / "index.html").read_text(encoding="utf-8")
    assert list(cwd.iterdir()) == []


def test_consecutive_runs_build_separate_sites(validator, tmp_path, monkeypatch):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    checks, frames, parameters = _docs_case()
    first, second = tmp_path / "first", tmp_path / "second"
    failures = [validator.run(frames, checks, parameters, docs_dir=docs) for docs in (first, second)]
    assert failures[0] == failures[1]
    assert {f.check_id: f.rows for f in failures[0]} == {"nonneg": (1,), "period": (1,)}
    first_pages = {p.name for p in (first / "expectations").glob("*.html")}
    second_pages = {p.name for p in (second / "expectations").glob("*.html")}
    assert (first / "index.html").is_file() and (second / "index.html").is_file()
    assert len(first_pages) == len(second_pages) == 2 and not first_pages & second_pages
    assert list(cwd.iterdir()) == []


def test_a_reused_docs_dir_shows_only_the_latest_run(validator, tmp_path):
    checks, frames, parameters = _docs_case()
    docs = tmp_path / "docs"
    for _ in range(2):
        validator.run(frames, checks, parameters, docs_dir=docs)
    assert len(list((docs / "expectations").glob("*.html"))) == 2
    assert len(list((docs / "validations").rglob("*.html"))) == 2
    empty = tmp_path / "empty"
    assert validator.run({CELLS: pd.DataFrame({"value": []})}, checks, parameters, docs_dir=empty) == []
    assert [p.name for p in empty.rglob("*.html")] == ["index.html"]


def test_data_docs_show_the_run_time_given_never_the_clock(validator, tmp_path, monkeypatch):
    checks, frames, parameters = _docs_case()
    given, default = tmp_path / "given", tmp_path / "default"
    assert validator.docs_time == DOCS_TIME
    validator.run(frames, checks, parameters, docs_dir=default)
    monkeypatch.setattr(validator, "docs_time", datetime(2020, 6, 15, 8, 30, tzinfo=UTC))
    validator.run(frames, checks, parameters, docs_dir=given)
    today = datetime.now(UTC).strftime("%Y%m%dT")
    for docs, stamp in ((given, "20200615T083000.000000Z"), (default, DOCS_TIME.strftime("%Y%m%dT%H%M%S.%fZ"))):
        pages = sorted((docs / "validations").rglob("*.html"))
        assert len(pages) == 2 and all(stamp in page.parts for page in pages)
        for page in pages:  # the run's time, and the time its frame was loaded
            text = page.read_text(encoding="utf-8")
            assert stamp in text.split("ge_load_time", 1)[1][:300]
            assert today not in text
    assert "2020-06-15 08:30:00 UTC" in (given / "index.html").read_text(encoding="utf-8")


def test_importing_ahead_starts_one_thread_and_leaves_great_expectations_imported():
    import subprocess
    import sys

    code = (
        "import sys; from pipeline.validate import gx\n"
        "assert 'great_expectations' not in sys.modules\n"
        "gx.import_ahead(); gx.import_ahead(); gx.import_done()\n"
        "import os; print(len(gx._ahead), 'great_expectations' in sys.modules, os.environ['GX_ANALYTICS_ENABLED'])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120)
    assert (done.returncode, done.stdout) == (0, "1 True False\n"), done.stderr
