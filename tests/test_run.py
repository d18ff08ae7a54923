"""End to end: the sample inbox reproduces Báo cáo 419/BC-UBND; bad files are excluded
and reported while the others still add up; outputs replace the old ones atomically."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from pipeline.errors import ConfigError, MachineError
from pipeline.issues.issue import ISSUE_COLUMNS
from pipeline.run import Settings, run

# Figures as printed in Báo cáo 419/BC-UBND (Ngọc Hồi, 15/06/2020).
SEED = {
    "loan_households": 162,
    "loan_amount": 7896,
    "savings_mobilised": 3847,
    "interest_free_loan_women": 24,
    "interest_free_loan_amount": 78_200_000,
    "mutual_help_workdays": 2607,
    "rice_kg": 2850,
    "firewood_bundles": 154,
    "breeding_animals": 248,
    "clothes_sets": 331,
    "startup_loan_women": 4,
    "startup_loan_amount": 200,
    "budget_allocated": 20_000_000,
    "donation_amount": 5,
    "mutual_help_models": 13,
    "domestic_violence_cases": 0,
}
SEED_RATES = {
    "literacy_l1_rate": (97.9, 17101, 17471),
    "em_literacy_rate": (97.2, 18083, 18603),
    "staff_coverage_rate": (100, 9, 9),
    "green_village_model": (8, 8, 8),
}


@pytest.fixture
def run_on(tmp_path, validator, period):
    def go(inbox, **kwargs):
        settings = Settings(inbox=inbox, output=tmp_path / "output", period=kwargs.pop("period", period), **kwargs)
        return run(settings, validator_factory=lambda: validator)

    return go


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory, sample_inbox, validator, period):
    out = tmp_path_factory.mktemp("out")
    result = run(Settings(inbox=sample_inbox, output=out, period=period), validator_factory=lambda: validator)
    return result, json.loads((out / "2020S1" / "summary.json").read_text(encoding="utf-8"))


def test_summary_json_holds_the_seed_report_figures(seed_run):
    _, summary = seed_run
    indicators = summary["indicators"]
    for code, value in SEED.items():
        assert indicators[code]["value"] == value, code
    for code, (value, num, den) in SEED_RATES.items():
        assert (indicators[code]["value"], indicators[code]["numerator"], indicators[code]["denominator"]) == (
            value,
            num,
            den,
        ), code
    assert indicators["budget_allocated"]["by_unit"]["611"] == 20_000_000
    assert {indicators["budget_allocated"]["by_unit"][c] for c in summary["units"]["expected"][1:]} == {0}
    assert summary["units"] == {
        "expected": ["611", "23377", "23380", "23383", "23386", "23389", "23392", "23395", "23398"],
        "accepted": ["611", "23377", "23380", "23383", "23386", "23389", "23392", "23395", "23398"],
        "rejected": [],
        "missing": [],
        "late": [],
        "superseded_files": [],
    }


def test_summary_md_states_the_figures_as_the_report_does(seed_run):
    result, _ = seed_run
    text = (result.output_dir / "summary.md").read_text(encoding="utf-8")
    for sentence in (
        "Giải quyết cho 162 hộ vay với số tiền là 7.896 triệu đồng",
        "huy động tiền gửi tiết kiệm được 3.847 triệu đồng",
        "cho 24 chị vay với số tiền 78.200.000 đồng không tính lãi",
        "2.607 ngày công giúp nhau, 2.850 kg gạo, 154 bó củi, 248 con giống và 331 bộ quần áo",
        "Đã xóa mù chữ mức độ 1 cho 17.101/17.471 người trong độ tuổi, đạt 97,9%",
        "18.083/18.603 người, đạt 97,2%",
        "tại 8/8 xã, thị trấn",
        "Duy trì 13 mô hình",
        "Trong kỳ không xảy ra vụ bạo lực gia đình nào trên địa bàn.",
        "cấp huyện được cấp 20.000.000 đồng; cấp xã, thị trấn: không có.",
    ):
        assert sentence in text


def test_every_output_is_written(seed_run):
    result, _ = seed_run
    names = sorted(p.relative_to(result.output_dir).as_posix() for p in result.output_dir.rglob("*"))
    assert [n for n in names if not n.startswith("validation/data_docs/")] == [
        "bao_cao_2020S1.docx",
        "manifest.json",
        "phu_luc_2020S1.xlsx",
        "provenance.json",
        "summary.json",
        "summary.md",
        "validation",
        "validation/data_docs",
        "validation/issues.csv",
        "validation/issues.xlsx",
        "validation/report.md",
        "values.csv",
    ]
    assert "validation/data_docs/index.html" in names
    with open(result.output_dir / "validation" / "issues.csv", encoding="utf-8-sig") as handle:
        assert tuple(next(csv.reader(handle))) == ISSUE_COLUMNS


def test_every_total_traces_to_its_cells(seed_run):
    result, summary = seed_run
    with open(result.output_dir / "values.csv", encoding="utf-8-sig") as handle:
        rows = [r for r in csv.DictReader(handle) if r["indicator"] == "loan_households"]
    assert len(rows) == 8 and all(r["sheet"] == "2_KinhTe" and r["cell"] == "E9" for r in rows)
    assert sum(float(r["value"]) for r in rows) == summary["indicators"]["loan_households"]["value"]


def test_a_bad_submission_is_excluded_reported_and_the_others_still_sum(
    tmp_path, sample_inbox, run_on, make_submission, good_values
):
    inbox = tmp_path / "inbox"
    shutil.copytree(sample_inbox, inbox)
    bad = next(p for p in inbox.iterdir() if "DakAng" in p.name)
    bad.unlink()
    make_submission("23380", {"loan_households": None, "rice_kg": -3}, folder=inbox, name=bad.name)
    result = run_on(inbox)
    assert result.completeness.rejected == ["23380"]
    assert result.totals["loan_households"].value == 162 - good_values["23380"]["loan_households"]
    assert "23380" not in result.totals.units
    with open(result.output_dir / "validation" / "issues.csv", encoding="utf-8-sig") as handle:
        issues = [
            (r["unit_code"], r["file"], r["sheet"], r["cell"], r["rule"], r["severity"]) for r in csv.DictReader(handle)
        ]
    assert issues == [
        ("23380", bad.name, "2_KinhTe", "E9", "required", "error"),
        ("23380", bad.name, "2_KinhTe", "E15", "non_negative", "error"),
    ]
    manifest = json.loads((result.output_dir / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["files"]) == 9
    assert [f["status"] for f in manifest["files"] if f["unit_code"] == "23380"] == ["rejected"]


def test_missing_units_are_listed(tmp_path, sample_inbox, run_on):
    inbox = tmp_path / "inbox"
    shutil.copytree(sample_inbox, inbox)
    for path in inbox.glob("*SaLoong*"):
        path.unlink()
    result = run_on(inbox)
    assert result.completeness.missing == ["23398"]
    summary = json.loads((result.output_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["units"]["missing"] == ["23398"]
    assert summary["indicators"]["green_village_model"]["numerator"] == 7


def test_a_second_run_replaces_outputs_and_leaves_no_temporary_folders(tmp_path, sample_inbox, run_on):
    first = run_on(sample_inbox)
    (first.output_dir / "stale.txt").write_text("old", encoding="utf-8")
    second = run_on(sample_inbox)
    assert not (second.output_dir / "stale.txt").exists()
    assert sorted(p.name for p in second.output_dir.parent.iterdir()) == ["2020S1", "ledger.sqlite"]


def test_a_failed_write_keeps_the_previous_outputs(tmp_path, sample_inbox, run_on, monkeypatch):
    first = run_on(sample_inbox)
    before = (first.output_dir / "summary.json").read_text(encoding="utf-8")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("pipeline.write.outputs.write_values_csv", broken)
    with pytest.raises(MachineError, match="disk full"):
        run_on(sample_inbox)
    assert (first.output_dir / "summary.json").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in first.output_dir.parent.iterdir()) == ["2020S1", "ledger.sqlite"]


def test_bad_units_file_is_a_config_error(tmp_path, sample_inbox, run_on):
    units = tmp_path / "units.yaml"
    units.write_text("id: x\nroot: '1'\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        run_on(sample_inbox, units_path=units)


def _copy_inbox(sample_inbox, tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(sample_inbox, inbox)
    return inbox


def test_late_files_are_reported_and_still_summed(tmp_path, sample_inbox, run_on):
    import datetime as dt
    import os

    inbox = _copy_inbox(sample_inbox, tmp_path)
    on_time = dt.datetime(2020, 6, 9, 10).timestamp()
    for path in inbox.iterdir():
        os.utime(path, (on_time, on_time))
    late = next(inbox.glob("*SaLoong*"))
    stamp = dt.datetime(2020, 6, 12, 8).timestamp()
    os.utime(late, (stamp, stamp))
    result = run_on(inbox, deadline=dt.date(2020, 6, 10))
    assert [o.unit_code for o in result.completeness.outcomes if o.late] == ["23398"]
    assert "23398" in result.totals.units
    summary = json.loads((result.output_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["units"]["late"] == ["23398"]
    [issue] = [i for i in result.issues if i.rule == "late_submission"]
    assert issue.message == f"Tệp {late.name} nhận ngày 12/06/2020, sau hạn nộp 10/06/2020 (2 ngày)."
    assert "Nộp muộn: Xã Sa Loong (23398)." in (result.output_dir / "summary.md").read_text(encoding="utf-8")


def test_a_waived_warning_is_accepted_and_shown_everywhere(tmp_path, sample_inbox, run_on, make_submission):
    inbox = _copy_inbox(sample_inbox, tmp_path)
    name = next(inbox.glob("*DakAng*")).name
    make_submission("23380", {"loan_women_need": None}, folder=inbox, name=name)
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        'waivers:\n  - {unit_code: "23380", period: 2020S1, rule: preferential_loan_pair,\n'
        '     reason: "Xã chưa điều tra nhu cầu vay", by: "Kiểm toán viên A"}\n',
        encoding="utf-8",
    )
    result = run_on(inbox, waivers_path=waivers)
    [outcome] = [o for o in result.completeness.outcomes if o.unit_code == "23380"]
    assert outcome.status.value == "accepted"
    with open(result.output_dir / "validation" / "issues.csv", encoding="utf-8-sig") as handle:
        [row] = [r for r in csv.DictReader(handle) if r["unit_code"] == "23380"]
    assert (row["rule"], row["severity"], row["waiver"]) == (
        "preferential_loan_pair",
        "warning",
        "Xã chưa điều tra nhu cầu vay (Kiểm toán viên A)",
    )
    provenance = json.loads((result.output_dir / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["waivers"]["applied"] == [
        {
            "unit_code": "23380",
            "period": "2020S1",
            "rule": "preferential_loan_pair",
            "indicator": None,
            "reason": "Xã chưa điều tra nhu cầu vay",
            "by": "Kiểm toán viên A",
            "file": name,
            "sheet": "2_KinhTe",
            "cell": "E22",
        }
    ]
    report = (result.output_dir / "validation" / "report.md").read_text(encoding="utf-8")
    assert "Xã chưa điều tra nhu cầu vay" in report


def test_rejected_units_get_a_feedback_workbook_and_the_reports_name_them(
    tmp_path, sample_inbox, run_on, make_submission
):
    import openpyxl

    inbox = _copy_inbox(sample_inbox, tmp_path)
    name = next(inbox.glob("*DakAng*")).name
    make_submission("23380", {"rice_kg": -3}, folder=inbox, name=name)
    result = run_on(inbox)
    feedback = result.output_dir / "validation" / "phan_hoi" / f"23380_{name.removesuffix('.xlsx')}.xlsx"
    wb = openpyxl.load_workbook(feedback)
    assert wb.sheetnames[0] == "PhanHoi"
    assert "số âm" in wb["2_KinhTe"]["E15"].comment.text
    sheets = openpyxl.load_workbook(result.output_dir / "validation" / "issues.xlsx").sheetnames
    assert "Bi_loai" in sheets and "Van_de" in sheets
    assert "Xã Đắk Ang (23380)" in (result.output_dir / "validation" / "report.md").read_text(encoding="utf-8")


def test_history_from_earlier_runs_flags_a_jump(tmp_path, run_on, catalog, registry, make_submission):
    from pipeline.demo.samples import build_sample_inbox
    from pipeline.spec.periods import Period

    for year, half in ((2018, 2), (2019, 1), (2019, 2)):
        earlier = Period(year, half)
        build_sample_inbox(tmp_path / earlier.code, catalog, registry, earlier)
        run_on(tmp_path / earlier.code, period=earlier)
    inbox = tmp_path / "now"
    build_sample_inbox(inbox, catalog, registry, Period(2020, 1))
    name = next(inbox.glob("*DakAng*")).name
    make_submission("23380", {"mutual_help_workdays": 9000}, folder=inbox, name=name)
    result = run_on(inbox)
    flagged = [(i.unit_code, i.indicator, i.rule) for i in result.issues if i.rule.startswith("outlier")]
    assert ("23380", "mutual_help_workdays", "outlier_history") in flagged
    assert "23380" in result.totals.units  # a warning: still summed
    # The history is the ledger's alone: the same output folders with a fresh ledger say nothing.
    fresh = run_on(inbox, ledger_path=tmp_path / "other" / "ledger.sqlite")
    assert not [i for i in fresh.issues if i.rule == "outlier_history"]
    assert (tmp_path / "output" / "2019S2" / "values.csv").exists()
