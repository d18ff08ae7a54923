"""The command line speaks Vietnamese throughout: help, usage line, usage errors (exit 2), --version.

Nothing here runs a pipeline, so no Great Expectations context is needed: an aggregate that
gets past its options meets a stand-in ``run`` that only records the settings it was given.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pipeline
from pipeline.cli import aggregate as aggregate_command
from pipeline.cli import app as cli
from pipeline.errors import UsageError
from pipeline.intake.receive_mail import receive_mail

runner = CliRunner()
COMMANDS = ("aggregate", "templates", "samples", "expectations", "intake", "approve", "report-template")
ENGLISH = (
    "Usage",
    "Options",
    "Commands",
    "Arguments",
    "Show this message",
    "default:",
    "required",
    "[OPTIONS]",
    "COMMAND",
    "[ARGS]",
    "BOOLEAN",
    "<bool>",
    "<path>",
    "<str>",
    "<float>",
    "Try ",
    "Error",
)


def _hint(command: str) -> str:
    return f"Cách dùng: baocao {command} [TÙY CHỌN]{' [THƯ_MỤC]' if command == 'aggregate' else ''}\n" + (
        f"Gõ 'baocao {command} --help' để xem hướng dẫn.\n"
    )


@pytest.fixture
def settings_given(monkeypatch):
    """Stand in for the library: record the settings and stop with a usage error of the library."""
    given = []

    def run(settings, progress=None):
        given.append(settings)
        raise UsageError("dừng ở đây")

    monkeypatch.setattr(aggregate_command, "run", run)
    return given


def test_the_main_help_is_vietnamese():
    result = runner.invoke(cli.app, ["--help"])
    assert result.exit_code == 0
    assert result.output.startswith(
        "Cách dùng: baocao [TÙY CHỌN] LỆNH [ĐỐI SỐ]...\n\n"
        "  baocao: tổng hợp báo cáo 6 tháng về bảo vệ, chăm sóc trẻ em và bình đẳng giới\n"
        "  từ biểu mẫu Excel.\n\n"
        "Tùy chọn:\n"
        "  --version  In phiên bản của baocao rồi thoát.\n"
        "  --help     Hiện hướng dẫn này rồi thoát.\n\n"
        "Lệnh:\n"
        "  aggregate        Kiểm tra và tổng hợp các báo cáo trong THƯ_MỤC; ghi báo cáo\n"
    )
    assert all(f"\n  {name} " in result.output for name in COMMANDS)


@pytest.mark.parametrize("args", [[], ["--help"], *([name, "--help"] for name in COMMANDS)])
def test_no_english_is_left_in_any_help(args):
    result = runner.invoke(cli.app, args)
    assert result.exit_code == (2 if not args else 0)  # baocao alone shows the help as a usage error
    assert "Cách dùng: baocao" in result.output and "Tùy chọn:" in result.output
    assert [phrase for phrase in ENGLISH if phrase in result.output] == []


def test_the_aggregate_help_shows_flags_as_flags_and_names_every_value():
    lines = runner.invoke(cli.app, ["aggregate", "--help"]).output.splitlines()
    assert lines[0] == "Cách dùng: baocao aggregate [TÙY CHỌN] [THƯ_MỤC]"
    assert "Đối số:" in lines
    assert "  --strict                      Trả mã 1 nếu có báo cáo bị loại." in lines
    assert any(line.startswith("  --data-docs / --no-data-docs  Ghi trang Data Docs của Great") for line in lines)
    assert "  --pdf                         Xuất thêm bản PDF của báo cáo Word và phụ lục" in lines
    assert "  -i, --inbox THƯ_MỤC           Thư mục chứa các tệp báo cáo gửi về." in lines
    assert "  --ledger-wait GIÂY            Số giây chờ khi sổ theo dõi đang được lần chạy" in lines
    assert any(line.startswith("  --lang vi|en ") for line in lines)
    assert not [line for line in lines if re.search(r"--(strict|pdf|data-docs|no-data-docs) [A-Z<]", line)]


def test_version():
    result = runner.invoke(cli.app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"baocao {pipeline.__version__}\n" == "baocao 0.1.0\n"


def test_an_unknown_option_is_refused_in_vietnamese():
    result = runner.invoke(cli.app, ["aggregate", "--bogus"])
    assert result.exit_code == 2
    assert result.output == "Lỗi: Không có tùy chọn --bogus.\n" + _hint("aggregate")
    close = runner.invoke(cli.app, ["aggregate", "--inboxx", "x"])
    assert close.exit_code == 2
    assert close.output == "Lỗi: Không có tùy chọn --inboxx. Có phải ý bạn là --inbox?\n" + _hint("aggregate")


def test_an_unknown_command_is_refused_with_a_guess():
    result = runner.invoke(cli.app, ["agregate"])
    assert result.exit_code == 2
    assert result.output == (
        "Lỗi: Không có lệnh 'agregate'. Có phải ý bạn là aggregate?\n"
        "Cách dùng: baocao [TÙY CHỌN] LỆNH [ĐỐI SỐ]...\n"
        "Gõ 'baocao --help' để xem hướng dẫn.\n"
    )


def test_a_missing_option_a_missing_value_and_a_value_given_to_a_flag():
    missing = runner.invoke(cli.app, ["approve"])
    assert missing.exit_code == 2
    assert missing.output == "Lỗi: Thiếu tùy chọn '--period' / '-p'.\n" + _hint("approve")
    no_value = runner.invoke(cli.app, ["approve", "-p", "2020S1", "--by"])
    assert no_value.exit_code == 2
    assert no_value.output == "Lỗi: Tùy chọn --by cần một giá trị.\n" + _hint("approve")
    flag = runner.invoke(cli.app, ["aggregate", "--strict=1"])
    assert flag.exit_code == 2
    assert flag.output == "Lỗi: Tùy chọn --strict không nhận giá trị.\n" + _hint("aggregate")


def test_extra_arguments_and_a_value_that_is_not_a_number():
    extra = runner.invoke(cli.app, ["aggregate", "inbox", "thua", "nua"])
    assert extra.exit_code == 2
    assert extra.output == "Lỗi: Thừa đối số: thua nua.\n" + _hint("aggregate")
    number = runner.invoke(cli.app, ["aggregate", "--ledger-wait", "abc"])
    assert number.exit_code == 2
    assert number.output == "Lỗi: Giá trị 'abc' của '--ledger-wait' không phải là một số, ví dụ 30.\n" + _hint(
        "aggregate"
    )


def test_the_inbox_may_be_given_as_an_argument(settings_given):
    result = runner.invoke(cli.app, ["aggregate", "inbox/2020S2", "-o", "out"])
    assert (result.exit_code, result.output) == (2, "Lỗi: dừng ở đây\n")
    assert settings_given[-1].inbox == Path("inbox/2020S2") and settings_given[-1].output == Path("out")
    runner.invoke(cli.app, ["aggregate", "-i", "inbox/2020S2"])
    runner.invoke(cli.app, ["aggregate", "./inbox/2020S2/", "--inbox", "inbox/2020S2"])  # the same folder twice
    runner.invoke(cli.app, ["aggregate"])
    assert [s.inbox for s in settings_given] == [Path("inbox/2020S2")] * 3 + [Path("inbox")]


def test_two_different_inboxes_are_a_usage_error(settings_given):
    result = runner.invoke(cli.app, ["aggregate", "inbox/a", "--inbox", "inbox/b"])
    assert result.exit_code == 2
    assert result.output == (
        "Lỗi: Thư mục báo cáo gửi về được ghi hai lần, khác nhau: inbox/a và --inbox inbox/b. "
        "Hãy chỉ ghi một lần.\n" + _hint("aggregate")
    )
    assert settings_given == []


def test_lang_en_is_passed_to_the_settings_and_vi_is_the_default(settings_given):
    for args, lang in ((["--lang", "en"], "en"), (["--lang", "EN"], "en"), ([], "vi"), (["--lang", "vi"], "vi")):
        result = runner.invoke(cli.app, ["aggregate", "inbox", *args])
        assert result.output == "Lỗi: dừng ở đây\n"
        assert settings_given[-1].lang == lang


def test_an_unknown_language_is_refused(settings_given):
    result = runner.invoke(cli.app, ["aggregate", "--lang", "fr"])
    assert result.exit_code == 2
    assert result.output == (
        "Lỗi: Không có ngôn ngữ 'fr' cho --lang; chỉ có: vi (tiếng Việt), en (tiếng Anh).\n" + _hint("aggregate")
    )
    assert settings_given == []


def test_intake_needs_exactly_one_source(tmp_path):
    inbox = tmp_path / "inbox"
    neither = runner.invoke(cli.app, ["intake", "--inbox", str(inbox), "-o", str(tmp_path / "out")])
    assert neither.exit_code == 2
    assert neither.output == (
        "Lỗi: Chưa chỉ ra nơi lấy thư. Hãy ghi --from với thư mục các tệp .eml hoặc một tệp mbox, "
        "hoặc --imap để lấy từ hộp thư IMAP.\n" + _hint("intake")
    )
    both = runner.invoke(cli.app, ["intake", "--from", "thu", "--imap", "--inbox", str(inbox)])
    assert both.exit_code == 2
    assert both.output == "Lỗi: Chỉ lấy thư từ một nơi: --from thu hoặc --imap, không dùng cả hai.\n" + _hint("intake")
    assert not inbox.exists() and not (tmp_path / "out").exists()  # refused before anything is made


def test_the_library_names_no_source_without_printing_none(tmp_path):
    with pytest.raises(UsageError) as refused:
        receive_mail(tmp_path / "inbox", tmp_path / "ledger.sqlite")
    assert str(refused.value) == (
        "Chưa chỉ ra nơi lấy thư. Hãy ghi --from với thư mục các tệp .eml hoặc một tệp mbox, "
        "hoặc --imap để lấy từ hộp thư IMAP."
    )
