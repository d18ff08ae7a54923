"""PDF copies through LibreOffice: converted when it is there, a clear message when it is not or fails."""

from __future__ import annotations

import shutil
import stat

import pytest

from pipeline.errors import MachineError, UsageError
from pipeline.write import pdf
from pipeline.write.report_template import write_report_template


def test_no_libreoffice_is_a_usage_error(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(UsageError, match=r"^Không tìm thấy LibreOffice \(lệnh soffice\) để xuất PDF"):
        pdf.to_pdf([tmp_path / "a.docx"], tmp_path)


def test_a_failing_conversion_is_a_machine_error(monkeypatch, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(shutil, "which", lambda name: str(fake) if name == "soffice" else None)
    with pytest.raises(MachineError) as caught:
        pdf.to_pdf([tmp_path / "bao_cao.docx"], tmp_path)
    assert str(caught.value) == (
        "LibreOffice không xuất được bao_cao.docx sang PDF (Error: source file could not be loaded)."
    )


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_template_itself_converts(tmp_path):
    template = write_report_template(tmp_path / "mau.docx")
    (written,) = pdf.to_pdf([template], tmp_path)
    assert written == tmp_path / "mau.pdf" and written.read_bytes().startswith(b"%PDF")
