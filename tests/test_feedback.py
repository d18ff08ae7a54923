"""The feedback workbook: the commune's own form with failing cells filled and commented,
and a cover sheet listing every issue. Each workbook is read back with openpyxl (and once
through LibreOffice), as the commune's spreadsheet program would see it."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.issues.issue import Issue
from pipeline.read.workbook import read_submission
from pipeline.spec.catalog import Severity
from pipeline.validate.findings import validate
from pipeline.write.feedback import COVER_SHEET, write_feedback

UNIT = "23380"
UNIT_NAME = "Xã Đắk Ang"
RED, YELLOW, BLUE, GREY = "00FFC7CE", "00FFEB9C", "00DDEBF7", "00EDEDED"
HEADER = ("STT", "Trang", "Ô", "Chỉ tiêu", "Giá trị đã ghi", "Mức độ", "Nội dung", "Cách sửa", "Ghi chú")


def _issue(
    sheet: str | None,
    cell: str | None,
    severity: Severity,
    message: str,
    fix: str = "",
    *,
    value: Any = None,
    indicator: str | None = None,
    **extra: Any,
) -> Issue:
    return Issue(
        unit_code=UNIT,
        file=f"{UNIT}.xlsx",
        sheet=sheet,
        cell=cell,
        indicator=indicator,
        value=value,
        rule="test_rule",
        severity=severity,
        message=message,
        fix=fix,
        **extra,
    )


def _where(catalog, path: Path, code: str) -> tuple[str, str]:
    """Sheet and cell of an input, as the reader found it (no positions hard-coded)."""
    value = read_submission(path, catalog).values[code]
    return value.sheet, value.cell


def _header_row(ws: Worksheet) -> int:
    return next(row for row in range(1, 30) if ws.cell(row, 1).value == "STT")


def _lines(ws: Worksheet) -> list[Any]:
    """Column A above the table: title, unit, period, file, SHA-256, verdict (and note)."""
    return [ws.cell(row, 1).value for row in range(1, _header_row(ws)) if ws.cell(row, 1).value is not None]


def _table(ws: Worksheet) -> list[tuple[Any, ...]]:
    header = _header_row(ws)
    assert tuple(c.value for c in ws[header][: len(HEADER)]) == HEADER
    return [tuple(c.value for c in row[: len(HEADER)]) for row in ws.iter_rows(min_row=header + 1)]


def _write(path: Path, issues: list[Issue], dest: Path, period) -> openpyxl.Workbook:
    out = write_feedback(path, dest, issues, unit_name=UNIT_NAME, period=period)
    assert out == dest
    return openpyxl.load_workbook(out)


def test_real_issues_are_marked_on_the_failing_cells(
    make_submission, catalog, registry, period, validator, tmp_path
) -> None:
    path = make_submission(UNIT, {"loan_households": None, "rice_kg": -3})
    issues = validate([read_submission(path, catalog)], catalog, registry, period, validator)
    negative = next(i for i in issues if i.rule == "non_negative")
    assert sum(i.is_error for i in issues) == 2

    wb = _write(path, issues, tmp_path / "phan_hoi" / f"{UNIT}.xlsx", period)
    original = openpyxl.load_workbook(path)

    assert wb.sheetnames == [COVER_SHEET, *original.sheetnames]
    assert wb.active.title == COVER_SHEET
    cell = wb[negative.sheet][negative.cell]
    assert (cell.fill.fill_type, cell.fill.fgColor.rgb) == ("solid", RED)
    assert cell.comment.author == "baocao"
    assert cell.comment.text == f"[Lỗi] {negative.message}\nCách sửa: {negative.fix}"
    assert "-3" in cell.comment.text and negative.fix
    sheet, untouched = _where(catalog, path, "loan_amount")
    assert wb[sheet][untouched].fill.fgColor.rgb == original[sheet][untouched].fill.fgColor.rgb
    assert wb[sheet][untouched].fill.fgColor.rgb not in {RED, YELLOW, BLUE, GREY}
    assert wb[sheet][untouched].comment is None
    assert wb[negative.sheet].protection.sheet is True
    cover = wb[COVER_SHEET]
    assert _lines(cover) == [
        "PHẢN HỒI KẾT QUẢ KIỂM TRA BÁO CÁO",
        f"Đơn vị: {UNIT_NAME}",
        "Kỳ báo cáo: 6 tháng đầu năm 2020 (2020S1)",
        f"Tệp: {UNIT}.xlsx",
        f"SHA-256 của tệp: {hashlib.sha256(path.read_bytes()).hexdigest()}",
        "Báo cáo bị loại khỏi số tổng hợp: có 2 lỗi cần sửa rồi gửi lại.",
    ]
    assert [row[5] for row in _table(cover)] == ["Lỗi"] * len(issues)


def test_cover_lists_errors_first_then_by_sheet_and_cell_with_links(make_submission, catalog, period, tmp_path) -> None:
    path = make_submission(UNIT)
    s1, staff = _where(catalog, path, "staff_dedicated")
    s2, households = _where(catalog, path, "loan_households")
    _, rice = _where(catalog, path, "rice_kg")
    _, amount = _where(catalog, path, "loan_amount")
    assert int(households[1:]) < 10 < int(rice[1:])  # E9 must sort before E15, not after as text does
    issues = [
        _issue(s2, amount, Severity.INFO, "Thông tin D"),
        _issue("KhongCo", "A1", Severity.WARNING, "Cảnh báo C", "Sửa C"),
        _issue(s2, rice, Severity.ERROR, "Lỗi B2", "Sửa B2", value=-3.0, indicator="rice_kg"),
        _issue(s2, households, Severity.ERROR, "Lỗi B1", "Sửa B1", indicator="loan_households"),
        _issue(s1, staff, Severity.ERROR, "Lỗi A", "Sửa A", value="abc", indicator="staff_dedicated"),
        _issue(None, None, Severity.ERROR, "Lỗi của cả tệp", "Dùng đúng biểu mẫu"),
    ]
    wb = _write(path, issues, tmp_path / "out.xlsx", period)
    cover = wb[COVER_SHEET]

    assert _table(cover) == [
        (1, None, None, None, None, "Lỗi", "Lỗi của cả tệp", "Dùng đúng biểu mẫu", None),
        (2, s1, staff, "staff_dedicated", "abc", "Lỗi", "Lỗi A", "Sửa A", None),
        (3, s2, households, "loan_households", None, "Lỗi", "Lỗi B1", "Sửa B1", None),
        (4, s2, rice, "rice_kg", -3, "Lỗi", "Lỗi B2", "Sửa B2", None),
        (5, "KhongCo", "A1", None, None, "Cảnh báo", "Cảnh báo C", "Sửa C", None),
        (6, s2, amount, None, None, "Thông tin", "Thông tin D", None, None),
    ]
    header = _header_row(cover)
    links = [cover.cell(header + k, 3).hyperlink for k in range(1, 7)]
    assert links[0] is None and links[4] is None  # no cell / sheet not in the workbook
    assert links[2].location == f"'{s2}'!{households}"
    assert [link.location for link in links if link] == [
        f"'{s1}'!{staff}",
        *(f"'{s2}'!{c}" for c in (households, rice, amount)),
    ]
    assert "KhongCo" not in wb.sheetnames and "A1" not in {c.coordinate for c in wb[s2]._cells.values() if c.comment}
    assert cover.freeze_panes == f"A{header + 1}"
    assert cover.auto_filter.ref == f"A{header}:I{header + 6}"
    assert cover.cell(header, 1).font.b and cover.cell(header, 1).fill.fill_type == "solid"
    assert cover.cell(header + 1, 7).alignment.wrap_text
    assert cover.page_setup.orientation == "landscape" and cover.page_setup.fitToWidth == 1
    assert cover.sheet_properties.pageSetUpPr.fitToPage
    assert wb[s2][amount].fill.fgColor.rgb == BLUE
    assert wb[s2][amount].comment.text == "[Thông tin] Thông tin D"


def test_worst_severity_colours_a_shared_cell_and_comments_are_joined(make_submission, catalog, period, tmp_path):
    path = make_submission(UNIT)
    sheet, households = _where(catalog, path, "loan_households")
    _, startup = _where(catalog, path, "startup_loan_women")
    _, amount = _where(catalog, path, "loan_amount")
    issues = [
        _issue(sheet, households, Severity.WARNING, "Cảnh báo B", "Sửa B"),
        _issue(sheet, households, Severity.INFO, "Thông tin C"),
        _issue(sheet, households, Severity.ERROR, "Lỗi A", "Sửa A"),
        _issue(sheet, startup, Severity.WARNING, "Hai ô", "Xem cả hai", related=((sheet, startup), (sheet, amount))),
    ]
    wb = _write(path, issues, tmp_path / "out.xlsx", period)
    ws = wb[sheet]

    assert ws[households].fill.fgColor.rgb == RED
    assert (
        ws[households].comment.text
        == "[Lỗi] Lỗi A\nCách sửa: Sửa A\n\n[Cảnh báo] Cảnh báo B\nCách sửa: Sửa B\n\n[Thông tin] Thông tin C"
    )
    for ref in (startup, amount):
        assert ws[ref].fill.fgColor.rgb == YELLOW
        assert ws[ref].comment.text == "[Cảnh báo] Hai ô\nCách sửa: Xem cả hai"


def test_waived_warning_is_grey_and_says_it_was_accepted(make_submission, catalog, period, tmp_path) -> None:
    path = make_submission(UNIT)
    sheet, startup = _where(catalog, path, "startup_loan_women")
    _, amount = _where(catalog, path, "loan_amount")
    waived = _issue(sheet, startup, Severity.WARNING, "Vượt số hộ", "Kiểm tra lại", waiver="Xã mới sáp nhập")
    issues = [
        waived,
        _issue(sheet, amount, Severity.WARNING, "Đã chấp nhận", waiver="Đúng thực tế"),
        _issue(sheet, amount, Severity.WARNING, "Còn mở", "Xem lại"),
    ]
    wb = _write(path, issues[:1], tmp_path / "one.xlsx", period)

    assert wb[sheet][startup].fill.fgColor.rgb == GREY
    assert wb[sheet][startup].comment.text == (
        "[Cảnh báo] Vượt số hộ\nCách sửa: Kiểm tra lại\nĐã được chấp nhận: Xã mới sáp nhập"
    )
    assert _table(wb[COVER_SHEET])[0][-1] == "Đã được chấp nhận: Xã mới sáp nhập"
    assert _lines(wb[COVER_SHEET])[-1] == "Báo cáo hợp lệ, không có vấn đề."
    both = _write(path, issues, tmp_path / "both.xlsx", period)
    assert both[sheet][amount].fill.fgColor.rgb == YELLOW  # an open warning outranks an accepted one
    assert _lines(both[COVER_SHEET])[-1] == "Báo cáo được chấp nhận, có 1 cảnh báo cần xem lại."


def test_own_notes_kept_merged_cells_marked_on_their_first_cell(make_submission, catalog, period, tmp_path) -> None:
    path = make_submission(UNIT)
    sheet, rice = _where(catalog, path, "rice_kg")
    form = openpyxl.load_workbook(path)
    form[sheet][rice].comment = Comment("Số của thôn 3 chưa về", "Xã")
    form[sheet].merge_cells("G40:H41")
    form.save(path)
    issues = [
        _issue(sheet, rice, Severity.ERROR, "Âm", "Nhập số không âm"),
        _issue(sheet, "H41", Severity.INFO, "Ô gộp"),
    ]
    out = write_feedback(path, tmp_path / "out.xlsx", issues, unit_name=UNIT_NAME, period=period)
    ws = openpyxl.load_workbook(out)[sheet]

    assert ws[rice].comment.text == "[Lỗi] Âm\nCách sửa: Nhập số không âm\n\nGhi chú của đơn vị: Số của thôn 3 chưa về"
    assert (ws["G40"].fill.fgColor.rgb, ws["G40"].comment.text) == (BLUE, "[Thông tin] Ô gộp")
    with zipfile.ZipFile(out) as archive:
        shapes = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".vml"))
    assert "width:360px" in shapes  # wider than the 144 px default, so the Vietnamese text shows


@pytest.mark.parametrize(
    ("severities", "verdict"),
    [
        ((), "Báo cáo hợp lệ, không có vấn đề."),
        ((Severity.INFO,), "Báo cáo hợp lệ, không có vấn đề."),
        ((Severity.WARNING, Severity.WARNING, Severity.INFO), "Báo cáo được chấp nhận, có 2 cảnh báo cần xem lại."),
        (
            (Severity.WARNING, Severity.ERROR, Severity.ERROR),
            "Báo cáo bị loại khỏi số tổng hợp: có 2 lỗi cần sửa rồi gửi lại.",
        ),
    ],
)
def test_verdict_line(make_submission, catalog, period, tmp_path, severities, verdict) -> None:
    path = make_submission(UNIT)
    sheet, cell = _where(catalog, path, "rice_kg")
    issues = [_issue(sheet, cell, severity, f"Vấn đề {k}") for k, severity in enumerate(severities)]
    wb = _write(path, issues, tmp_path / "out.xlsx", period)
    assert _lines(wb[COVER_SHEET])[5] == verdict
    assert len(_table(wb[COVER_SHEET])) == len(severities)


def test_commune_text_that_looks_like_a_formula_stays_text(make_submission, catalog, period, tmp_path) -> None:
    path = make_submission(UNIT, name="=cmd.xlsx")
    sheet, cell = _where(catalog, path, "rice_kg")
    issues = [
        Issue(
            unit_code=UNIT,
            file="=cmd.xlsx",
            sheet=sheet,
            cell=cell,
            indicator="@rice",
            value="=1+1",
            rule="type",
            severity=Severity.ERROR,
            message="-giá trị lạ",
            fix="+sửa",
        )
    ]
    out = write_feedback(path, tmp_path / "out.xlsx", issues, unit_name="=Xã", period=period)
    cover = openpyxl.load_workbook(out)[COVER_SHEET]

    row = _header_row(cover) + 1
    value = cover.cell(row, 5)
    assert (value.value, value.data_type) == ("=1+1", "s")
    assert [cover.cell(row, c).value for c in (4, 7, 8)] == ["@rice", "-giá trị lạ", "+sửa"]
    assert all(cover.cell(row, c).data_type == "s" for c in (4, 5, 7, 8))
    with zipfile.ZipFile(out) as archive:
        assert not any("<f>" in archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))


@pytest.mark.parametrize(
    ("suffix", "content"),
    [(".ods", b"PK\x03\x04 not a workbook"), (".xls", b"\xd0\xcf\x11\xe0"), (".xlsx", b"garbage")],
)
def test_file_that_cannot_be_annotated_gets_a_cover_only(tmp_path, period, suffix, content) -> None:
    path = tmp_path / f"{UNIT}{suffix}"
    path.write_bytes(content)
    issues = [_issue("2_KinhTe", "E9", Severity.ERROR, "Lỗi A", "Sửa A")]

    wb = _write(path, issues, tmp_path / "out" / f"{UNIT}.xlsx", period)

    assert wb.sheetnames == [COVER_SHEET]
    lines = _lines(wb[COVER_SHEET])
    assert lines[3] == f"Tệp: {UNIT}.xlsx"
    assert lines[4] == f"SHA-256 của tệp: {hashlib.sha256(content).hexdigest()}"
    assert (
        lines[-1]
        == f"Không ghi chú trực tiếp được vào tệp định dạng {suffix}; các ô cần xem lại được liệt kê dưới đây."
    )
    assert _table(wb[COVER_SHEET]) == [(1, "2_KinhTe", "E9", None, None, "Lỗi", "Lỗi A", "Sửa A", None)]
    assert wb[COVER_SHEET].cell(_header_row(wb[COVER_SHEET]) + 1, 3).hyperlink is None


def test_xlsm_is_annotated_and_saved_without_macros(make_submission, catalog, period, tmp_path) -> None:
    path = make_submission(UNIT, name=f"{UNIT}.xlsm")
    sheet, cell = _where(catalog, path, "rice_kg")
    out = tmp_path / "out.xlsx"
    wb = _write(path, [_issue(sheet, cell, Severity.WARNING, "Xem lại")], out, period)

    assert wb[sheet][cell].fill.fgColor.rgb == YELLOW
    with zipfile.ZipFile(out) as archive:
        assert not any("vba" in name.lower() for name in archive.namelist())
        types = archive.read("[Content_Types].xml").decode()
    assert "spreadsheetml.sheet.main+xml" in types and "macroEnabled" not in types


def test_write_is_atomic_and_a_returned_feedback_gets_one_fresh_cover(make_submission, catalog, period, tmp_path):
    path = make_submission(UNIT)
    sheet, cell = _where(catalog, path, "rice_kg")
    saved = openpyxl.load_workbook(path)  # the commune saved the file while looking at another sheet
    saved.active = saved.sheetnames.index(sheet)
    for ws in saved.worksheets:
        ws.sheet_view.tabSelected = ws.title == sheet
    saved.save(path)
    dest = tmp_path / "a" / "b" / "feedback.xlsx"
    _write(path, [_issue(sheet, cell, Severity.ERROR, "Lỗi cũ")], dest, period)
    again = tmp_path / "again.xlsx"
    wb = _write(dest, [_issue(sheet, cell, Severity.WARNING, "Mới")], again, period)

    assert sorted(p.name for p in dest.parent.iterdir()) == ["feedback.xlsx"]
    assert wb.sheetnames.count(COVER_SHEET) == 1 and wb.sheetnames[0] == COVER_SHEET
    assert wb.active.title == COVER_SHEET
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == [COVER_SHEET]
    assert wb[sheet][cell].comment.text == "[Cảnh báo] Mới"
    assert [row[6] for row in _table(wb[COVER_SHEET])] == ["Mới"]


def test_libreoffice_reads_the_comments(make_submission, catalog, registry, period, validator, tmp_path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice không được cài")
    path = make_submission(UNIT, {"rice_kg": -3})
    issues = validate([read_submission(path, catalog)], catalog, registry, period, validator)
    negative = next(i for i in issues if i.rule == "non_negative")
    feedback = write_feedback(path, tmp_path / "feedback.xlsx", issues, unit_name=UNIT_NAME, period=period)

    started = time.monotonic()
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(tmp_path / "lo"), str(feedback)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    print(f"LibreOffice round-trip: {time.monotonic() - started:.1f} s")

    assert done.returncode == 0, done.stderr
    converted = tmp_path / "lo" / "feedback.xlsx"
    assert converted.exists(), done.stdout + done.stderr
    wb = openpyxl.load_workbook(converted)
    assert wb.sheetnames[0] == COVER_SHEET
    assert wb[negative.sheet][negative.cell].comment.text == f"[Lỗi] {negative.message}\nCách sửa: {negative.fix}"
