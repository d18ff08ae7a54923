"""Mail intake through the command line: attachments in the inbox, receipts in the ledger."""

from __future__ import annotations

import email.message
import sqlite3

from typer.testing import CliRunner

from pipeline.cli import app as cli

runner = CliRunner()


def message(sample_inbox, name, sender):
    msg = email.message.EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "phong@ngochoi.vn", "Báo cáo 6 tháng"
    msg["Date"], msg["Message-ID"] = "Mon, 08 Jun 2020 09:30:00 +0700", f"<{len(name)}@xa.vn>"
    msg.set_content("Kính gửi phòng báo cáo.")
    data = next(sample_inbox.glob("*DakAng*")).read_bytes()
    msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return msg


def test_intake_from_eml_folder_records_sender_and_date(tmp_path, sample_inbox):
    mails = tmp_path / "thu"
    mails.mkdir()
    (mails / "1.eml").write_bytes(message(sample_inbox, "../../BaoCao Đắk Ang.xlsx", "xa@dakang.vn").as_bytes())
    (mails / "2.eml").write_bytes(message(sample_inbox, "notes.txt", "xa@dakang.vn").as_bytes())
    result = runner.invoke(
        cli.app, ["intake", "--from", str(mails), "--inbox", str(tmp_path / "inbox"), "--output", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"Đã lưu 1 tệp đính kèm vào {tmp_path / 'inbox'}; bỏ qua 1 tệp."
    assert [p.name for p in (tmp_path / "inbox").iterdir()] == ["BaoCao Đắk Ang.xlsx"]
    with sqlite3.connect(tmp_path / "out" / "ledger.sqlite") as db:
        assert db.execute("SELECT sender, sent_at, message_id FROM receipts").fetchall() == [
            ("xa@dakang.vn", "2020-06-08T09:30:00+07:00", "<25@xa.vn>")
        ]


def test_intake_from_a_missing_source_is_a_usage_error(tmp_path):
    result = runner.invoke(
        cli.app,
        ["intake", "--from", str(tmp_path / "none"), "--inbox", str(tmp_path / "i"), "--output", str(tmp_path / "o")],
    )
    assert result.exit_code == 2
    assert result.output.startswith("Lỗi: ")


def _bare(sample_inbox, sender, *, with_form: bool, number: int):
    """A message whose form (if any) has no file name, as some phones send it."""
    msg = email.message.EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "phong@ngochoi.vn", "Báo cáo 6 tháng"
    msg["Date"], msg["Message-ID"] = "Tue, 09 Jun 2020 10:00:00 +0700", f"<bare-{number}@xa.vn>"
    msg.set_content("Kính gửi phòng báo cáo.")
    if with_form:
        data = next(sample_inbox.glob("*DakXu*")).read_bytes()
        msg.add_attachment(data, maintype="application", subtype="octet-stream")  # no filename
        del msg.get_payload()[-1]["Content-Disposition"]
        msg.get_payload()[-1]["Content-Disposition"] = "attachment"
    return msg


def test_an_attachment_without_a_name_is_kept_and_a_message_without_a_form_is_listed(tmp_path, sample_inbox):
    mails = tmp_path / "thu"
    mails.mkdir()
    (mails / "1.eml").write_bytes(_bare(sample_inbox, "xa@dakxu.vn", with_form=True, number=1).as_bytes())
    (mails / "2.eml").write_bytes(_bare(sample_inbox, "xa@sal.vn", with_form=False, number=2).as_bytes())
    (mails / "3.eml").write_bytes(message(sample_inbox, "bao_cao.pdf", "xa@boy.vn").as_bytes())
    result = runner.invoke(
        cli.app, ["intake", "--from", str(mails), "--inbox", str(tmp_path / "inbox"), "--output", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    not_a_sheet = "không phải tệp bảng tính (.ods, .xls, .xlsb, .xlsm, .xlsx)"
    assert result.output.splitlines() == [
        f"Đã lưu 1 tệp đính kèm vào {tmp_path / 'inbox'}; bỏ qua 1 tệp.",
        f"  Bỏ qua: bao_cao.pdf — {not_a_sheet}",
        "  Thư không có biểu mẫu: từ xa@sal.vn — thư không có tệp đính kèm",
        f"  Thư không có biểu mẫu: từ xa@boy.vn — bao_cao.pdf: {not_a_sheet}",
    ]
    saved = [p.name for p in (tmp_path / "inbox").iterdir()]
    assert saved == ["tep_dinh_kem_khong_ten.xlsx"]
    assert (tmp_path / "inbox" / saved[0]).read_bytes() == next(sample_inbox.glob("*DakXu*")).read_bytes()
    with sqlite3.connect(tmp_path / "out" / "ledger.sqlite") as db:
        rows = db.execute("SELECT message_id, sender, sent_at FROM unattached_messages ORDER BY sender").fetchall()
    assert rows == [("<11@xa.vn>", "xa@boy.vn", "2020-06-08T09:30:00+07:00"),
                    ("<bare-2@xa.vn>", "xa@sal.vn", "2020-06-09T10:00:00+07:00")]  # fmt: skip
