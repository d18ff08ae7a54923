"""Faults of the machine: a clear Vietnamese message, exit 2, the previous outputs intact.

Every case runs the real command through typer's CliRunner on the sample inbox after one
good run, then compares the published outputs byte for byte with what was there before.
"""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import aggregate as aggregate_command
from pipeline.cli import app as cli
from pipeline.write.publish import OWNER_FILE, recover

runner = CliRunner()


@pytest.fixture(autouse=True)
def shared_validator(monkeypatch, validator):
    original = aggregate_command.run
    monkeypatch.setattr(aggregate_command, "run", lambda s, progress=None: original(s, lambda: validator, progress))


def _aggregate(inbox: Path, out: Path, *extra: str):
    return runner.invoke(cli.app, ["aggregate", "-i", str(inbox), "-o", str(out), "-p", "2020S1", *extra])


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "ledger.sqlite"
    }


@pytest.fixture
def published(tmp_path, sample_inbox):
    out = tmp_path / "out"
    first = _aggregate(sample_inbox, out)
    assert first.exit_code == 0, first.output
    return out, _snapshot(out)


def test_an_output_folder_that_is_a_file(tmp_path, sample_inbox):
    target = tmp_path / "ket_qua"
    target.write_text("không phải thư mục", encoding="utf-8")
    result = _aggregate(sample_inbox, target)
    assert result.exit_code == 2
    assert result.output == (
        f"Lỗi: {target} là một tệp, không phải thư mục. Hãy chọn thư mục kết quả khác (--output). "
        "Kết quả lần trước được giữ nguyên.\n"
    )


def test_a_full_disk_keeps_the_previous_outputs(published, sample_inbox, monkeypatch):
    out, before = published

    def full(path, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr("pipeline.write.outputs.write_values_csv", full)
    result = _aggregate(sample_inbox, out)
    assert result.exit_code == 2
    staging = result.output.split("ghi ", 1)[1].split(". ", 1)[0]
    assert Path(staging).name == "values.csv" and Path(staging).parent.name.startswith(".2020S1-")
    assert result.output == (
        f"Lỗi: Ổ đĩa đầy khi ghi {staging}. Hãy giải phóng dung lượng ổ đĩa rồi chạy lại. "
        "Kết quả lần trước được giữ nguyên.\n"
    )
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["2020S1", "ledger.sqlite"]


def test_a_folder_without_write_permission(published, sample_inbox, monkeypatch):
    out, before = published

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(out))

    monkeypatch.setattr("pipeline.write.publish.tempfile.mkdtemp", denied)
    result = _aggregate(sample_inbox, out)
    assert result.exit_code == 2
    assert result.output == (
        f"Lỗi: Không có quyền ghi vào {out}. Hãy cấp quyền ghi hoặc chọn thư mục khác (--output). "
        "Kết quả lần trước được giữ nguyên.\n"
    )
    assert _snapshot(out) == before


def test_a_corrupt_ledger(published, sample_inbox):
    out, before = published
    ledger = out / "ledger.sqlite"
    ledger.write_bytes(b"day khong phai so theo doi " * 200)
    result = _aggregate(sample_inbox, out)
    assert result.exit_code == 2
    assert result.output == (
        f"Lỗi: Sổ theo dõi {ledger} bị hỏng hoặc không phải tệp SQLite (file is not a database). Hãy khôi phục "
        "bản sao lưu của sổ, hoặc đổi tên tệp này để bắt đầu sổ mới (lịch sử các kỳ trước sẽ không còn). "
        "Kết quả lần trước được giữ nguyên.\n"
    )
    assert _snapshot(out) == before


def test_a_ledger_held_by_another_run_is_waited_for_then_reported(published, sample_inbox):
    out, before = published
    ledger = out / "ledger.sqlite"
    holder = sqlite3.connect(ledger, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = _aggregate(sample_inbox, out, "--ledger-wait", "0.3")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 2
    assert result.output == (
        f"Lỗi: Sổ theo dõi {ledger} đang được một lần chạy khác sử dụng (đã chờ 0.3 giây). "
        "Hãy đợi lần chạy đó xong rồi chạy lại. Kết quả lần trước được giữ nguyên.\n"
    )
    assert _snapshot(out) == before
    assert _aggregate(sample_inbox, out).exit_code == 0  # once released, the next run goes through


def test_a_period_no_form_declares_keeps_its_outputs(published, sample_inbox):
    out, _ = published
    (out / "2020S2").mkdir()
    (out / "2020S2" / "summary.md").write_text("báo cáo kỳ 2020S2", encoding="utf-8")
    result = runner.invoke(cli.app, ["aggregate", "-i", str(sample_inbox), "-o", str(out), "-p", "2020S2"])
    assert result.exit_code == 2
    assert result.output == (
        f"Lỗi: Không có biểu mẫu nào trong {sample_inbox} ghi kỳ 2020S2; các biểu mẫu ghi kỳ 2020S1 (9 tệp). "
        "Hãy chạy lại với --period 2020S1 (make aggregate PERIOD=2020S1). "
        "Kết quả đã có của kỳ 2020S2 được giữ nguyên.\n"
    )
    assert (out / "2020S2" / "summary.md").read_text(encoding="utf-8") == "báo cáo kỳ 2020S2"


def test_what_an_interrupted_run_left_is_cleaned_up(published, sample_inbox):
    out, _ = published
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    orphan = out / ".2020S1-abandoned"
    orphan.mkdir()
    (orphan / OWNER_FILE).write_text(f"{dead.stdout.strip()} {os.uname().nodename}", encoding="utf-8")
    (orphan / "values.csv").write_text("nửa chừng", encoding="utf-8")
    mine = out / ".2020S1-running"
    mine.mkdir()
    (mine / OWNER_FILE).write_text(f"{os.getpid()} {os.uname().nodename}", encoding="utf-8")
    result = _aggregate(sample_inbox, out)
    assert result.exit_code == 0, result.output
    assert not orphan.exists()
    assert mine.exists()  # its owner is alive: another run may be writing there


def test_a_swap_cut_in_the_middle_puts_the_old_outputs_back(tmp_path):
    final = tmp_path / "2020S1"
    old = tmp_path / "2020S1.old"
    old.mkdir()
    (old / "summary.md").write_text("kỳ trước", encoding="utf-8")
    recover(final)
    assert (final / "summary.md").read_text(encoding="utf-8") == "kỳ trước"
    assert not old.exists()
