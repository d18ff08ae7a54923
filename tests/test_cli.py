"""The command line: exact messages and exit codes, through typer's CliRunner."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import docx
import pytest
from typer.testing import CliRunner

from pipeline.cli import aggregate as aggregate_command
from pipeline.cli import app as cli
from pipeline.validate.gx import GxValidator

runner = CliRunner()


@pytest.fixture(autouse=True)
def shared_validator(monkeypatch, validator):
    """Reuse the session's Great Expectations context instead of building one per call."""
    original = aggregate_command.run
    monkeypatch.setattr(
        aggregate_command, "run", lambda settings, progress=None: original(settings, lambda: validator, progress)
    )
    assert isinstance(validator, GxValidator)


def test_aggregate_writes_outputs_and_exits_0(tmp_path, sample_inbox):
    result = runner.invoke(
        cli.app, ["aggregate", "--inbox", str(sample_inbox), "--output", str(tmp_path), "--period", "2020S1"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Đã ghi kết quả kỳ 2020S1 vào {tmp_path / '2020S1'}: 9/9 đơn vị hợp lệ, 0 bị loại, "
        "0 chưa gửi; 0 lỗi, 0 cảnh báo (xem validation/report.md).\n"
    )
    assert (tmp_path / "2020S1" / "summary.json").exists()


def test_a_rerun_says_what_it_took_from_the_last_run(tmp_path, sample_inbox):
    args = ["aggregate", str(sample_inbox), "--output", str(tmp_path), "--period", "2020S1"]
    head = (
        f"Đã ghi kết quả kỳ 2020S1 vào {tmp_path / '2020S1'}: 9/9 đơn vị hợp lệ, 0 bị loại, "
        "0 chưa gửi; 0 lỗi, 0 cảnh báo (xem validation/report.md).\n"
    )
    assert runner.invoke(cli.app, [*args, "--no-data-docs"]).output == head
    assert runner.invoke(cli.app, [*args, "--no-data-docs"]).output == head + (
        "  Dùng lại kết quả lần chạy trước cho các tệp không đổi: 9/9 tệp không phải đọc lại, "
        "9/9 biểu mẫu không phải kiểm tra lại.\n"
    )
    assert runner.invoke(cli.app, args).output == head + (  # the Data Docs show a check of every form
        "  Dùng lại kết quả lần chạy trước cho các tệp không đổi: 9/9 tệp không phải đọc lại, "
        "0/9 biểu mẫu không phải kiểm tra lại.\n"
    )


def test_the_inbox_given_as_an_argument_is_aggregated(tmp_path, sample_inbox):
    result = runner.invoke(cli.app, ["aggregate", str(sample_inbox), "--output", str(tmp_path), "--no-data-docs"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Đã ghi kết quả kỳ 2020S1 vào {tmp_path / '2020S1'}: 9/9 đơn vị hợp lệ")


def test_period_is_inferred_when_not_given(tmp_path, sample_inbox):
    result = runner.invoke(cli.app, ["aggregate", "--inbox", str(sample_inbox), "--output", str(tmp_path)])
    assert result.exit_code == 0 and "kỳ 2020S1" in result.output


@pytest.fixture
def inbox_with_rejection(tmp_path, sample_inbox, make_submission):
    inbox = tmp_path / "inbox"
    shutil.copytree(sample_inbox, inbox)
    make_submission("23380", {"loan_households": None}, folder=inbox, name="BC_BVCSTE_DakAng_6T2020.xlsx")
    return inbox


def test_rejections_are_reported_not_fatal(tmp_path, inbox_with_rejection):
    result = runner.invoke(
        cli.app, ["aggregate", "-i", str(inbox_with_rejection), "-o", str(tmp_path / "o"), "-p", "2020S1"]
    )
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "8/9 đơn vị hợp lệ, 1 bị loại, 0 chưa gửi; 1 lỗi, 0 cảnh báo" in lines[0]
    assert lines[1].startswith("  Bị loại: BC_BVCSTE_DakAng_6T2020.xlsx — 1 lỗi, ví dụ: Ô E9 (trang 2_KinhTe)")


def test_strict_exits_1_on_rejection(tmp_path, inbox_with_rejection):
    result = runner.invoke(
        cli.app, ["aggregate", "-i", str(inbox_with_rejection), "-o", str(tmp_path / "o"), "-p", "2020S1", "--strict"]
    )
    assert result.exit_code == 1
    assert (tmp_path / "o" / "2020S1" / "summary.json").exists()


def test_strict_exits_0_when_all_accepted(tmp_path, sample_inbox):
    result = runner.invoke(cli.app, ["aggregate", "-i", str(sample_inbox), "-o", str(tmp_path), "--strict"])
    assert result.exit_code == 0


def test_bad_period_is_a_usage_error(tmp_path, sample_inbox):
    result = runner.invoke(cli.app, ["aggregate", "-i", str(sample_inbox), "-o", str(tmp_path), "-p", "2020-06"])
    assert result.exit_code == 2
    assert result.output == (
        "Lỗi: Kỳ báo cáo '2020-06' không hợp lệ. Hãy ghi theo dạng NĂMS1 hoặc NĂMS2, "
        "ví dụ 2020S1 (6 tháng đầu năm 2020).\n"
    )


def test_missing_inbox_is_a_usage_error(tmp_path):
    result = runner.invoke(cli.app, ["aggregate", "-i", str(tmp_path / "khong_co"), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output == (
        f"Lỗi: Không tìm thấy thư mục báo cáo gửi về: {tmp_path / 'khong_co'}. Hãy kiểm tra đường dẫn --inbox.\n"
    )


def test_bad_units_file_is_a_configuration_error(tmp_path, sample_inbox):
    bad = tmp_path / "units.yaml"
    bad.write_text(
        "id: x\nroot: '1'\nlevels: [{name: commune}]\nunits: [{code: '1', name: A, level: town}]\n", encoding="utf-8"
    )
    result = runner.invoke(cli.app, ["aggregate", "-i", str(sample_inbox), "-o", str(tmp_path), "--units", str(bad)])
    assert result.exit_code == 2
    assert result.output == "Lỗi: units.yaml: units[0].level: cấp 'town' không có trong levels (chỉ có: commune)\n"


def test_templates_command(tmp_path):
    result = runner.invoke(cli.app, ["templates", "--period", "2020S1", "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert result.output == f"Đã tạo 10 biểu mẫu trong {tmp_path} (kèm tệp .layout.json mô tả vị trí ô nhập).\n"
    assert len(list((tmp_path / "2020S1").glob("*.xlsx"))) == 9


def test_samples_command(tmp_path):
    inbox = tmp_path / "2020S1"
    result = runner.invoke(cli.app, ["samples", "--period", "2020S1", "--out", str(inbox)])
    assert result.exit_code == 0
    assert result.output == (
        f"Đã tạo 9 tệp mẫu trong {inbox}.\n"
        f"Thông tin báo cáo mẫu (số, ngày, người ký): {tmp_path / 'bao_cao_2020S1.yaml'}; dùng với --report.\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2020S1", "bao_cao_2020S1.yaml"]  # beside, not in, the inbox
    other = runner.invoke(cli.app, ["samples", "--period", "2020S2", "--out", str(tmp_path / "2020S2")])
    assert other.output == f"Đã tạo 9 tệp mẫu trong {tmp_path / '2020S2'}.\n"  # only the reference period has one


def test_every_command_has_help():
    for name in ("aggregate", "templates", "samples", "expectations", "report-template", "approve", "intake"):
        result = runner.invoke(cli.app, [name, "--help"])
        assert result.exit_code == 0 and len(result.output) > 100


def test_python_dash_m_entry_point():
    done = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "aggregate" in done.stdout


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60)


@pytest.mark.parametrize(
    ("code", "status", "stderr"), [(0, 0, ""), (None, 0, ""), (2, 2, ""), ("thông báo", 1, "thông báo\n")]
)
def test_leaving_keeps_the_exit_code_flushes_and_runs_the_exit_handlers(tmp_path, code, status, stderr):
    """The command ends without tearing the interpreter down: what it printed and what the
    libraries registered to run at exit must still happen."""
    marker = tmp_path / "ran"
    done = _python(
        f"import atexit, pathlib, sys; from pipeline.cli.app import leave\n"
        f"atexit.register(pathlib.Path({str(marker)!r}).write_text, 'x')\n"
        f"sys.stdout.write('chưa xuống dòng')\n"
        f"leave({code!r})"
    )
    assert (done.returncode, done.stdout, done.stderr) == (status, "chưa xuống dòng", stderr)
    assert marker.read_text() == "x"


def test_the_console_command_exits_with_its_code_and_message():
    done = _python(
        "import sys; sys.argv = ['baocao', 'aggregate', '--inbox', '/khong/co']; from pipeline.cli import main; main()"
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "Lỗi: Không tìm thấy thư mục báo cáo gửi về: /khong/co. Hãy kiểm tra đường dẫn --inbox.\n"
    assert (
        _python("import sys; sys.argv = ['baocao', '--version']; from pipeline.cli import main; main()").returncode == 0
    )


def test_bad_deadline_is_a_usage_error(tmp_path, sample_inbox):
    result = runner.invoke(cli.app, ["aggregate", "-i", str(sample_inbox), "-o", str(tmp_path), "--deadline", "10/6"])
    assert result.exit_code == 2
    assert result.output == ("Lỗi: Hạn nộp '10/6' không hợp lệ. Hãy ghi theo dạng NĂM-THÁNG-NGÀY, ví dụ 2020-06-10.\n")


def test_late_files_are_listed(tmp_path, sample_inbox):
    result = runner.invoke(
        cli.app,
        ["aggregate", "-i", str(sample_inbox), "-o", str(tmp_path), "--deadline", "2000-01-01", "--no-data-docs"],
    )
    assert result.exit_code == 0
    assert result.output.splitlines()[1].startswith("  Nộp muộn: BC_BVCSTE_")
    assert not (tmp_path / "2020S1" / "validation" / "data_docs").exists()


def test_a_broken_waivers_file_is_a_configuration_error(tmp_path, sample_inbox):
    bad = tmp_path / "waivers.yaml"
    bad.write_text("waivers:\n  - {unit_code: '23380'}\n", encoding="utf-8")
    result = runner.invoke(cli.app, ["aggregate", "-i", str(sample_inbox), "-o", str(tmp_path), "--waivers", str(bad)])
    assert result.exit_code == 2
    assert result.output == (
        "Lỗi: waivers.yaml: waivers[0]: thiếu trường 'period'\n"
        "waivers.yaml: waivers[0]: thiếu trường 'rule'\n"
        "waivers.yaml: waivers[0]: thiếu trường 'reason'\n"
    )


def test_report_template_is_written_for_the_office_to_edit(tmp_path):
    out = tmp_path / "mau.docx"
    result = runner.invoke(cli.app, ["report-template", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Đã ghi mẫu báo cáo Word vào {out}. Sửa bằng Word hoặc LibreOffice, giữ các chỗ {{{{ … }}}}, rồi chạy "
        f"baocao aggregate --report-template {out}.\n"
    )
    assert zipfile.is_zipfile(out)
    folder = runner.invoke(cli.app, ["report-template", "--out", str(tmp_path)])
    assert folder.exit_code == 2
    assert folder.output == f"Lỗi: {tmp_path} là một thư mục; hãy ghi tên tệp .docx sau --out.\n"


def test_a_template_with_an_unknown_placeholder_stops_before_reading(tmp_path, sample_inbox):
    template = tmp_path / "mau.docx"
    runner.invoke(cli.app, ["report-template", "--out", str(template)])
    document = docx.Document(str(template))
    document.add_paragraph("{{ so_ho_vay }}")
    document.save(str(template))
    args = ["aggregate", "--inbox", str(sample_inbox), "--output", str(tmp_path / "out"), "--period", "2020S1"]
    result = runner.invoke(cli.app, [*args, "--report-template", str(template)])
    assert result.exit_code == 2
    assert result.output == (
        "Lỗi: mau.docx: mẫu báo cáo Word dùng biến không có: so_ho_vay. Các biến có thể dùng được liệt kê trong "
        'README (mục "Báo cáo Word").\n'
    )
    assert not (tmp_path / "out").exists()


def test_pdf_without_libreoffice_says_how_to_get_it(tmp_path, sample_inbox, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    args = ["aggregate", "--inbox", str(sample_inbox), "--output", str(tmp_path / "out"), "--period", "2020S1"]
    result = runner.invoke(cli.app, [*args, "--pdf"])
    assert result.exit_code == 2
    assert result.output == (
        "Lỗi: Không tìm thấy LibreOffice (lệnh soffice) để xuất PDF. Hãy cài LibreOffice (trên Ubuntu/Debian: "
        "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui; trên Windows: tải tại libreoffice.org) "
        "rồi chạy lại, hoặc chạy không có tùy chọn --pdf.\n"
    )
    assert not (tmp_path / "out").exists()
