"""Approval of a period and the numbered revisions after it (DHIS2-style data-set approval).

Every test starts from the bundled sample inbox (Báo cáo 419/BC-UBND), approves its
outputs, and checks that no later run ever changes a byte of the approved folder, that
a revision number is opened only when the figures change, and that the change report
lists exactly what changed and the file that caused it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from pipeline.errors import UsageError
from pipeline.intake.ledger import open_ledger
from pipeline.run import Settings, run
from pipeline.write.approval_store import period_approvals, period_revisions
from pipeline.write.approvals import APPROVAL_FILE, approve, output_hashes

SAMPLES = Path(__file__).resolve().parent.parent / "input_templates" / "samples" / "2020S1"
APPROVED_AT = dt.datetime(2020, 6, 15, 8, 30)
DAKANG = "BC_BVCSTE_DakAng_6T2020.xlsx"
CORRECTION = "DakAng_ban_sua.xlsx"


def _at(path: Path, day: dt.datetime) -> Path:
    os.utime(path, (day.timestamp(), day.timestamp()))
    return path


def snapshot(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``: what "byte for byte unchanged" is checked with."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def inbox(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    shutil.copytree(SAMPLES, folder)
    for path in folder.iterdir():
        _at(path, dt.datetime(2020, 6, 5, 9))
    return folder


@pytest.fixture
def run_on(tmp_path, inbox, validator, period):
    def go(**kwargs):
        settings = Settings(inbox=inbox, output=tmp_path / "output", period=period, data_docs=False, **kwargs)
        return run(settings, validator_factory=lambda: validator)

    return go


@pytest.fixture
def approved(tmp_path, run_on, period):
    """The sample run, approved as Báo cáo 419/BC-UBND: the output folder and the approved folder's snapshot."""
    first = run_on()
    approval = approve(tmp_path / "output", tmp_path / "output" / "ledger.sqlite", period,
                       by="Y Lan", number="419/BC-UBND", at=APPROVED_AT)  # fmt: skip
    assert (first.output_dir, approval.folder) == (tmp_path / "output" / "2020S1", "2020S1")
    return tmp_path / "output", snapshot(first.output_dir)  # approval.json included: it never changes either


@pytest.fixture
def correct(inbox, make_submission):
    """A commune's corrected form, received after the approved one."""

    def send(changes, name=CORRECTION, day=dt.datetime(2020, 6, 20, 9)):
        return _at(make_submission("23380", changes, folder=inbox, name=name), day)

    return send


def test_an_approval_records_who_when_the_number_the_files_and_every_output_hash(tmp_path, run_on, period):
    result = run_on()
    before = snapshot(result.output_dir)
    ledger = tmp_path / "output" / "ledger.sqlite"
    approval = approve(tmp_path / "output", ledger, period, by=" Y Lan ", number="419/BC-UBND", at=APPROVED_AT)
    assert (approval.period, approval.by, approval.at, approval.number, approval.folder) == (
        "2020S1", "Y Lan", "2020-06-15T08:30:00", "419/BC-UBND", "2020S1",
    )  # fmt: skip
    manifest = _json(result.output_dir / "manifest.json")
    assert [(f.sha256, f.file, f.unit_code, f.status) for f in approval.files] == [
        (f["sha256"], f["file"], f["unit_code"], f["status"]) for f in manifest["files"]
    ]
    assert len(approval.files) == 9
    assert [(o.path, o.sha256) for o in approval.outputs] == sorted(before.items())
    assert "validation/report.md" in before
    after = snapshot(result.output_dir)
    assert after.pop(APPROVAL_FILE) and after == before  # one new file; every other byte as it was
    assert _json(result.output_dir / APPROVAL_FILE) == approval.record()
    with open_ledger(ledger) as opened:
        assert period_approvals(opened, "2020S1") == [approval]
    assert _json(result.output_dir / "provenance.json")["approvals"] == []  # written before any approval
    assert _json(result.output_dir / "provenance.json")["revision"] is None


def test_the_hashed_outputs_leave_out_only_approval_json(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "z.txt").write_text("z")
    (tmp_path / "m.json").write_text("{}")
    (tmp_path / APPROVAL_FILE).write_text("{}")
    (tmp_path / "a" / APPROVAL_FILE).write_text("{}")  # only the top-level one is the approval's own
    assert [o.path for o in output_hashes(tmp_path)] == ["a/approval.json", "a/b/z.txt", "m.json"]


def test_a_rerun_with_no_change_after_approval_writes_nothing(approved, run_on):
    out, before = approved
    result = run_on()
    assert result.output_dir == out / "2020S1"
    assert result.revision is not None and (result.revision.number, result.revision.folder) == (None, None)
    assert result.revision.approval.number == "419/BC-UBND"
    assert sorted(p.name for p in out.iterdir()) == ["2020S1", "ledger.sqlite"]
    assert snapshot(out / "2020S1") == before


def test_a_correction_after_approval_becomes_revision_1_listing_exactly_what_changed(approved, run_on, correct):
    out, before = approved
    correct({"rice_kg": 300, "literacy_l1_literate": 1700})
    result = run_on()
    assert result.output_dir == out / "2020S1-r1"
    assert result.revision is not None and (result.revision.number, result.revision.opened) == (1, True)
    assert snapshot(out / "2020S1") == before
    report = _json(out / "2020S1-r1" / "thay_doi.json")
    assert report["compared_to"] == {
        "folder": "2020S1",
        "approval": {"by": "Y Lan", "at": "2020-06-15T08:30:00", "number": "419/BC-UBND", "folder": "2020S1"},
    }
    assert report["units_changed"] == ["23380"]
    assert [(t["indicator"], t["old"]["display"], t["new"]["display"]) for t in report["totals"]] == [
        ("rice_kg", "2.850", "2.865"),
        ("literacy_l1_literate", "17.101", "17.091"),
        ("literacy_l1_rate", "97,9%", "97,8%"),
    ]
    rate = report["totals"][2]
    assert (rate["old"]["numerator"], rate["new"]["numerator"], rate["new"]["denominator"]) == (17101, 17091, 17471)
    assert [(u["unit_code"], u["indicator"], u["old"], u["new"]) for u in report["by_unit"]] == [
        ("23380", "rice_kg", 285, 300),
        ("23380", "literacy_l1_literate", 1710, 1700),
        ("23380", "literacy_l1_rate", 97.9, 97.3),
    ]
    [new] = report["files"]["new"]
    assert (new["file"], new["unit_code"], new["status"]) == (CORRECTION, "23380", "accepted_with_warnings")
    [dropped] = report["files"]["no_longer_counted"]
    assert (dropped["file"], dropped["status"], dropped["reason"]) == (
        DAKANG, "superseded", f"Được thay bằng tệp {CORRECTION} gửi sau.",
    )  # fmt: skip
    text = (out / "2020S1-r1" / "thay_doi.md").read_text(encoding="utf-8")
    assert "Bản sửa đổi số 1 (thư mục `2020S1-r1`), so với thư mục đã duyệt `2020S1`: báo cáo số 419/BC-UBND" in text
    assert "Đơn vị có số liệu thay đổi: Xã Đắk Ang (23380)." in text
    assert "| Gạo giúp nhau (kg) | `rice_kg` | 2.850 | 2.865 |" in text
    assert "| Xã Đắk Ang (23380) | Gạo giúp nhau (kg) | `rice_kg` | 285 | 300 |" in text
    assert f"| {DAKANG} | Xã Đắk Ang (23380) | Bị thay thế bởi bản gửi sau | Được thay bằng tệp {CORRECTION}" in text
    provenance = _json(out / "2020S1-r1" / "provenance.json")
    assert provenance["approvals"] == [report["compared_to"]["approval"]]
    assert provenance["revision"] == {"number": 1, "folder": "2020S1-r1", "compared_to": report["compared_to"]}


def test_a_rerun_with_no_change_rewrites_the_latest_revision(approved, run_on, correct):
    out, _ = approved
    correct({"rice_kg": 300})
    run_on()
    again = run_on()
    assert again.output_dir == out / "2020S1-r1"
    assert again.revision is not None and (again.revision.number, again.revision.opened) == (1, False)
    assert sorted(p.name for p in out.iterdir()) == ["2020S1", "2020S1-r1", "ledger.sqlite"]
    assert _json(out / "2020S1-r1" / "thay_doi.json")["units_changed"] == ["23380"]  # still against the approval


def test_a_second_change_opens_revision_2_still_compared_with_the_approval(approved, run_on, correct):
    out, before = approved
    correct({"rice_kg": 300})
    run_on()
    first = snapshot(out / "2020S1-r1")
    correct({"rice_kg": 310}, name="DakAng_ban_sua_2.xlsx", day=dt.datetime(2020, 6, 22, 9))
    result = run_on()
    assert result.output_dir == out / "2020S1-r2"
    assert snapshot(out / "2020S1-r1") == first  # an earlier revision is history too
    report = _json(out / "2020S1-r2" / "thay_doi.json")
    assert [(u["indicator"], u["old"], u["new"]) for u in report["by_unit"]] == [("rice_kg", 285, 310)]
    assert [f["file"] for f in report["files"]["new"]] == ["DakAng_ban_sua_2.xlsx"]
    assert [f["file"] for f in report["files"]["no_longer_counted"]] == [DAKANG]
    assert snapshot(out / "2020S1") == before


def test_approving_a_revision_starts_a_new_cycle(approved, run_on, correct, inbox, period):
    out, before = approved
    correction = correct({"rice_kg": 300})
    run_on()
    second = approve(out, out / "ledger.sqlite", period, by="Y Lan", number="437/BC-UBND", revision=1,
                     at=dt.datetime(2020, 6, 25, 9))  # fmt: skip
    assert second.folder == "2020S1-r1"
    revision_1 = snapshot(out / "2020S1-r1")
    unchanged = run_on()
    assert (unchanged.output_dir, unchanged.revision and unchanged.revision.number) == (out / "2020S1-r1", None)
    correction.unlink()  # the commune withdraws its correction: the first form counts again
    result = run_on()
    assert result.output_dir == out / "2020S1-r2"
    report = _json(out / "2020S1-r2" / "thay_doi.json")
    assert report["compared_to"]["approval"]["number"] == "437/BC-UBND"
    assert [(u["indicator"], u["old"], u["new"]) for u in report["by_unit"]] == [("rice_kg", 300, 285)]
    [dropped] = report["files"]["no_longer_counted"]
    assert (dropped["file"], dropped["status"]) == (CORRECTION, "absent")
    assert dropped["status_vi"] == "Không còn trong hộp thư"
    assert [a["number"] for a in _json(out / "2020S1-r2" / "provenance.json")["approvals"]] == [
        "419/BC-UBND", "437/BC-UBND",
    ]  # fmt: skip
    assert snapshot(out / "2020S1-r1") == revision_1
    assert snapshot(out / "2020S1") == before
    with open_ledger(out / "ledger.sqlite") as ledger:
        assert [(r.number, r.approval_id) for r in period_revisions(ledger, "2020S1")] == [(1, 1), (2, 2)]


def test_approve_without_revision_takes_the_latest_revision(approved, run_on, correct, period):
    out, _ = approved
    correct({"rice_kg": 300})
    run_on()
    approval = approve(out, out / "ledger.sqlite", period, by="Y Lan", number="437/BC-UBND")
    assert approval.folder == "2020S1-r1"
    assert (out / "2020S1-r1" / APPROVAL_FILE).is_file()


def test_approving_the_same_folder_twice_is_refused(approved, period):
    out, _ = approved
    with pytest.raises(UsageError) as error:
        approve(out, out / "ledger.sqlite", period, by="A Nam", number="420/BC-UBND")
    assert str(error.value) == (
        f"Thư mục {out / '2020S1'} đã được duyệt (báo cáo số 419/BC-UBND, Y Lan, 15/06/2020 08:30). "
        "Chỉ duyệt lại khi đã có bản sửa đổi mới (baocao aggregate ghi khi số liệu thay đổi), "
        "hoặc chọn bản sửa đổi khác bằng --revision."
    )


def test_approving_a_folder_that_does_not_exist_creates_nothing(tmp_path, period):
    with pytest.raises(UsageError) as error:
        approve(tmp_path / "output", tmp_path / "output" / "ledger.sqlite", period, by="Y Lan", number="1")
    assert str(error.value) == (
        f"Không có thư mục kết quả {tmp_path / 'output' / '2020S1'}. Hãy chạy baocao aggregate cho kỳ 2020S1 "
        "trước, hoặc kiểm tra --period và --output."
    )
    assert not (tmp_path / "output").exists()


def test_a_changed_approved_folder_stops_the_next_run(approved, run_on, correct):
    out, _ = approved
    summary = out / "2020S1" / "summary.json"
    summary.write_text(summary.read_text(encoding="utf-8").replace("2850", "2851"), encoding="utf-8")
    correct({"rice_kg": 300})
    with pytest.raises(UsageError) as error:
        run_on()
    assert str(error.value) == (
        f"Thư mục đã duyệt {out / '2020S1'} (báo cáo số 419/BC-UBND) không còn như lúc duyệt: summary.json đã bị "
        "sửa. Hãy khôi phục thư mục này từ bản sao lưu rồi chạy lại. Kết quả lần trước được giữ nguyên."
    )
    assert sorted(p.name for p in out.iterdir()) == ["2020S1", "ledger.sqlite"]


def test_an_approved_folder_unknown_to_the_ledger_is_never_replaced(approved, run_on, tmp_path):
    out, before = approved
    with pytest.raises(UsageError) as error:
        run_on(ledger_path=tmp_path / "so_khac.sqlite")
    assert str(error.value).startswith(f"Thư mục {out / '2020S1'} đã được duyệt (có approval.json) nhưng sổ theo dõi")
    assert snapshot(out / "2020S1") == before
