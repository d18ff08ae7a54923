"""``baocao approve`` and what ``baocao aggregate`` says after it: exact messages and exit codes."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import aggregate as aggregate_command
from pipeline.cli import app as cli

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parent.parent / "input_templates" / "samples" / "2020S1"


def _at(path: Path, day: dt.datetime) -> Path:
    os.utime(path, (day.timestamp(), day.timestamp()))
    return path


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(autouse=True)
def shared_validator(monkeypatch, validator):
    original = aggregate_command.run
    monkeypatch.setattr(aggregate_command, "run", lambda s, progress=None: original(s, lambda: validator, progress))


@pytest.fixture
def inbox(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    shutil.copytree(SAMPLES, folder)
    for path in folder.iterdir():
        _at(path, dt.datetime(2020, 6, 5, 9))
    return folder


def _aggregate(inbox: Path, out: Path):
    return runner.invoke(cli.app, ["aggregate", "-i", str(inbox), "-o", str(out), "-p", "2020S1", "--no-data-docs"])


def _approve(out: Path, *extra: str):
    return runner.invoke(
        cli.app, ["approve", "-p", "2020S1", "--by", "Y Lan", "--number", "419/BC-UBND", "-o", str(out), *extra]
    )


@pytest.fixture
def out(tmp_path, inbox) -> Path:
    folder = tmp_path / "output"
    assert _aggregate(inbox, folder).exit_code == 0
    return folder


def test_approve_says_what_was_approved_and_exits_0(out):
    outputs = len(snapshot(out / "2020S1"))  # every file the run wrote, however many outputs there are
    result = _approve(out, "--at", "2020-06-15T08:30")
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Đã duyệt kỳ 2020S1: thư mục {out / '2020S1'} là báo cáo số 419/BC-UBND, người duyệt Y Lan, lúc "
        f"15/06/2020 08:30; 9 tệp được tính, {outputs} tệp kết quả có dấu SHA-256 (ghi trong sổ theo dõi và "
        "approval.json).\n"
        "  Thư mục này được giữ nguyên: các lần chạy sau của kỳ 2020S1 ghi vào bản sửa đổi mới bên cạnh "
        "(2020S1-r…), kèm thay_doi.md.\n"
    )


def test_aggregate_after_approval_says_nothing_changed_and_writes_nothing(out, inbox):
    assert _approve(out, "--at", "2020-06-15T08:30").exit_code == 0
    before = snapshot(out / "2020S1")
    result = _aggregate(inbox, out)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Kỳ 2020S1 không có số liệu nào khác bản đã duyệt (báo cáo số 419/BC-UBND, Y Lan, 15/06/2020 08:30): "
        f"không ghi thư mục mới, {out / '2020S1'} giữ nguyên: 9/9 đơn vị hợp lệ, 0 bị loại, 0 chưa gửi; "
        "0 lỗi, 0 cảnh báo (xem validation/report.md).\n"
        "  Dùng lại kết quả lần chạy trước cho các tệp không đổi: 9/9 tệp không phải đọc lại, "
        "9/9 biểu mẫu không phải kiểm tra lại.\n"
    )
    assert snapshot(out / "2020S1") == before
    assert sorted(p.name for p in out.iterdir()) == ["2020S1", "ledger.sqlite"]


def test_aggregate_after_approval_writes_a_revision_and_says_so(out, inbox, make_submission):
    assert _approve(out, "--at", "2020-06-15T08:30").exit_code == 0
    before = snapshot(out / "2020S1")
    _at(make_submission("23380", {"rice_kg": 300}, folder=inbox, name="sua.xlsx"), dt.datetime(2020, 6, 20))
    lines = _aggregate(inbox, out).output.splitlines()
    again = _aggregate(inbox, out).output.splitlines()
    assert lines[0].startswith(f"Đã ghi kết quả kỳ 2020S1 vào {out / '2020S1-r1'}: 9/9 đơn vị hợp lệ")
    assert lines[1] == (
        f"  Kỳ 2020S1 đã được duyệt (báo cáo số 419/BC-UBND, Y Lan, 15/06/2020 08:30); thư mục đã duyệt "
        f"{out / '2020S1'} giữ nguyên. Đây là bản sửa đổi số 1; các thay đổi so với bản đã duyệt ghi trong "
        "thay_doi.md."
    )
    assert again[1] == lines[1].replace(
        "Đây là bản sửa đổi số 1", "Số liệu không khác bản sửa đổi số 1 lần trước nên bản này được ghi lại"
    )
    assert snapshot(out / "2020S1") == before
    approved = _approve(out, "--number", "437/BC-UBND", "--revision", "1")
    assert approved.exit_code == 0 and approved.output.startswith(f"Đã duyệt kỳ 2020S1: thư mục {out / '2020S1-r1'}")


def test_approving_a_folder_that_does_not_exist_exits_2(tmp_path):
    result = _approve(tmp_path / "khong_co")
    assert result.exit_code == 2
    assert result.output == (
        f"Lỗi: Không có thư mục kết quả {tmp_path / 'khong_co' / '2020S1'}. Hãy chạy baocao aggregate cho kỳ "
        "2020S1 trước, hoặc kiểm tra --period và --output.\n"
    )


def test_approving_a_revision_that_does_not_exist_exits_2(out):
    result = _approve(out, "--revision", "3")
    assert result.exit_code == 2
    assert result.output == (
        f"Lỗi: Không có bản sửa đổi r3 của kỳ 2020S1 ({out / '2020S1-r3'}). "
        "Hãy kiểm tra số --revision và thư mục --output.\n"
    )


def test_approving_a_folder_without_manifest_exits_2(out):
    (out / "2020S1" / "manifest.json").unlink()
    result = _approve(out)
    assert result.exit_code == 2
    assert result.output == (
        f"Lỗi: Thư mục {out / '2020S1'} không có manifest.json nên không phải kết quả đầy đủ của baocao aggregate. "
        "Hãy chạy lại baocao aggregate cho kỳ 2020S1 rồi duyệt.\n"
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--at", "15/06/2020"], "Lỗi: Thời điểm duyệt '15/06/2020' không hợp lệ. Hãy ghi theo dạng NĂM-THÁNG-NGÀY "
                                 "hoặc NĂM-THÁNG-NGÀYTGIỜ:PHÚT, ví dụ 2020-06-15T08:30.\n"),
        (["--revision", "mot"], "Lỗi: Số bản sửa đổi 'mot' không hợp lệ. Hãy ghi một số nguyên từ 1, "
                                "ví dụ --revision 1.\n"),
        (["--revision", "0"], "Lỗi: Số bản sửa đổi 0 không hợp lệ. Hãy ghi một số nguyên từ 1, ví dụ --revision 1.\n"),
        (["--by", " "], 'Lỗi: Hãy ghi tên người duyệt (--by), ví dụ --by "Y Lan".\n'),
    ],
)  # fmt: skip
def test_bad_options_are_usage_errors(out, extra, message):
    result = _approve(out, *extra)
    assert (result.exit_code, result.output) == (2, message)
    assert not (out / "2020S1" / "approval.json").exists()


def test_a_corrupt_ledger_exits_2_and_approves_nothing(out):
    before = snapshot(out / "2020S1")
    ledger = out / "ledger.sqlite"
    ledger.write_bytes(b"day khong phai so theo doi " * 200)
    result = _approve(out)
    assert result.exit_code == 2
    assert result.output == (
        f"Lỗi: Sổ theo dõi {ledger} bị hỏng hoặc không phải tệp SQLite (file is not a database). Hãy khôi phục "
        "bản sao lưu của sổ, hoặc đổi tên tệp này để bắt đầu sổ mới (lịch sử các kỳ trước sẽ không còn). "
        "Kết quả lần trước được giữ nguyên.\n"
    )
    assert snapshot(out / "2020S1") == before


def test_a_ledger_held_by_a_run_exits_2_and_approves_nothing(out):
    before = snapshot(out / "2020S1")
    ledger = out / "ledger.sqlite"
    holder = sqlite3.connect(ledger, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = _approve(out, "--ledger-wait", "0.2")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 2
    assert result.output == (
        f"Lỗi: Sổ theo dõi {ledger} đang được một lần chạy khác sử dụng (đã chờ 0.2 giây). "
        "Hãy đợi lần chạy đó xong rồi chạy lại. Kết quả lần trước được giữ nguyên.\n"
    )
    assert snapshot(out / "2020S1") == before
    assert _approve(out).exit_code == 0  # once released, the approval goes through


def test_a_ledger_that_is_not_there_is_named(out, tmp_path):
    result = _approve(out, "--ledger", str(tmp_path / "so.sqlite"))
    assert result.exit_code == 2
    assert result.output == (
        f"Lỗi: Không có sổ theo dõi {tmp_path / 'so.sqlite'}. Kết quả trong {out} được ghi cùng sổ theo dõi của "
        "lần chạy; hãy chỉ đúng tệp sổ bằng --ledger.\n"
    )


def test_an_unwritable_approved_folder_is_a_machine_error_and_records_nothing(out, monkeypatch):
    def full(path, data):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr("pipeline.write.approvals.write_json", full)
    result = _approve(out)
    assert result.exit_code == 2
    assert result.output == (
        f"Lỗi: Ổ đĩa đầy khi ghi {out / '2020S1' / 'approval.json'}. Hãy giải phóng dung lượng ổ đĩa rồi chạy lại. "
        "Kết quả lần trước được giữ nguyên.\n"
    )
    monkeypatch.undo()
    assert _approve(out).exit_code == 0  # the failed approval left no record behind to refuse this one
