"""End to end on a hand-made inbox whose expected figures were worked out by hand.

The forms in ``tests/handmade/inbox/`` were typed into the real templates the way commune
officers fill them (uneven figures, blanks, numbers typed as text, one form saved again
by LibreOffice, a commune sending twice, one commune with errors). The expected totals,
issues and statuses in ``tests/handmade/expected_*.csv`` come from the arithmetic shown
in ``tests/handmade/README.md``, not from the pipeline, so this is not a round trip.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

from pipeline.run import Settings, run
from pipeline.spec.periods import Period

HANDMADE = Path(__file__).parent / "handmade"
PERIOD = Period.parse("2020S1")

# When each file arrived (its modification time in the inbox). Đắk Dục's corrected file
# arrived last although its name sorts first, so only the time can make it win.
RECEIVED = {
    "DakDuc_baocao_2020S1.xlsx": dt.datetime(2020, 6, 3, 9, 15),
    "BaoCao_PleiKan_6thang2020.xlsx": dt.datetime(2020, 6, 4, 10, 0),
    "DakAng_bao_cao_6_thang.xlsx": dt.datetime(2020, 6, 5, 16, 40),
    "DakNong_2020S1.xlsx": dt.datetime(2020, 6, 6, 7, 30),
    "DakDuc_2020S1_ban_sua.xlsx": dt.datetime(2020, 6, 8, 14, 5),
}

ISSUE_KEYS = ("file", "unit_code", "sheet", "cell", "indicator", "rule", "severity")

# values.csv rows behind the mutual-help workdays total (1975): unit, value, file, sheet, cell.
WORKDAYS_SOURCES = {
    ("23377", 318.0, "BaoCao_PleiKan_6thang2020.xlsx", "2_KinhTe", "E14"),
    ("23380", 1250.0, "DakAng_bao_cao_6_thang.xlsx", "2_KinhTe", "E14"),
    ("23383", 407.0, "DakDuc_2020S1_ban_sua.xlsx", "2_KinhTe", "E14"),
}


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _number(text: str) -> float | None:
    return None if text == "" else float(text)


def _same(found: float | None, expected: float | None) -> bool:
    if expected is None or found is None:
        return found is expected
    return math.isclose(found, expected, rel_tol=1e-9, abs_tol=1e-9)


@pytest.fixture(scope="module")
def handmade_run(tmp_path_factory, validator):
    inbox = tmp_path_factory.mktemp("handmade") / "inbox"
    shutil.copytree(HANDMADE / "inbox", inbox)
    assert sorted(p.name for p in inbox.iterdir()) == sorted(RECEIVED)
    for name, moment in RECEIVED.items():
        os.utime(inbox / name, (moment.timestamp(), moment.timestamp()))
    output = inbox.parent / "output"
    settings = Settings(inbox=inbox, output=output, period=PERIOD, data_docs=False)
    return run(settings, lambda: validator)


def test_every_total_is_the_hand_worked_one(handmade_run):
    expected = _read_csv(HANDMADE / "expected_totals.csv")
    figures = handmade_run.totals.figures
    assert {row["indicator"] for row in expected} == set(figures)
    wrong = []
    for row in expected:
        fig = figures[row["indicator"]]
        found = (fig.value, fig.numerator, fig.denominator, fig.reporting_units)
        want = (_number(row["value"]), _number(row["numerator"]), _number(row["denominator"]))
        if not all(_same(f, w) for f, w in zip(found[:3], want, strict=True)) or fig.reporting_units != int(
            row["reporting_units"]
        ):
            wrong.append((row["indicator"], found, (*want, int(row["reporting_units"]))))
    assert wrong == []
    assert handmade_run.totals.units == ("23377", "23380", "23383")


def test_summary_json_states_the_same_totals(handmade_run):
    summary = json.loads((handmade_run.output_dir / "summary.json").read_text(encoding="utf-8"))
    indicators = summary["indicators"]
    for row in _read_csv(HANDMADE / "expected_totals.csv"):
        entry = indicators[row["indicator"]]
        for key in ("value", "numerator", "denominator"):
            assert _same(entry[key], _number(row[key])), (row["indicator"], key)
    assert indicators["green_village_model"]["display"] == "2/8"  # over the 8 communes, 5 of them silent
    assert indicators["mutual_help_workdays"]["by_unit"]["23380"] == 1250
    assert summary["units"]["accepted"] == ["23377", "23380", "23383"]
    assert summary["units"]["rejected"] == ["23386"]
    assert summary["units"]["missing"] == ["611", "23389", "23392", "23395", "23398"]


def test_the_issues_are_exactly_the_hand_listed_ones(handmade_run):
    expected = Counter(tuple(row[k] for k in ISSUE_KEYS) for row in _read_csv(HANDMADE / "expected_issues.csv"))
    found = Counter(
        (i.file, i.unit_code or "", i.sheet or "", i.cell or "", i.indicator or "", i.rule, i.severity.value)
        for i in handmade_run.issues
    )
    assert found == expected
    written = _read_csv(handmade_run.output_dir / "validation" / "issues.csv")
    assert Counter(tuple(row[k] for k in ISSUE_KEYS) for row in written) == expected


def test_every_file_and_every_missing_unit_has_its_status(handmade_run):
    expected = {(row["file"], row["unit_code"], row["status"]) for row in _read_csv(HANDMADE / "expected_statuses.csv")}
    outcomes = handmade_run.completeness.outcomes
    found = [(o.file or "", o.unit_code or "", o.status.value) for o in outcomes]
    assert len(found) == len(set(found)) and set(found) == expected
    manifest = json.loads((handmade_run.output_dir / "manifest.json").read_text(encoding="utf-8"))
    listed = {(f["file"] or "", f["unit_code"] or "", f["status"]) for f in manifest["files"]}
    assert listed == expected


def test_values_csv_traces_the_summed_workdays_to_their_cells(handmade_run):
    rows = [r for r in _read_csv(handmade_run.output_dir / "values.csv") if r["indicator"] == "mutual_help_workdays"]
    sources = {(r["unit_code"], float(r["value"]), r["file"], r["sheet"], r["cell"]) for r in rows}
    assert len(rows) == 3 and sources == WORKDAYS_SOURCES
    assert sum(value for _, value, *_ in sources) == handmade_run.totals["mutual_help_workdays"].value == 1975


def test_summary_sentences_claim_only_the_three_communes_that_count(handmade_run):
    summary = (handmade_run.output_dir / "summary.md").read_text(encoding="utf-8")
    expected = (HANDMADE / "expected_sentences.md").read_text(encoding="utf-8")
    assert summary.endswith(expected)
    assert "không xảy ra" not in summary and "(chưa có số liệu) đồng" not in summary
