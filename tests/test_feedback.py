"""The feedback workbook: the commune's own form with failing cells styled and commented,
and a cover sheet listing every issue. Each workbook is read back with openpyxl (and once
through LibreOffice), as the commune's spreadsheet program would see it; the cover's
texts are compared exactly, in Vietnamese and in English."""

from __future__ import annotations

import datetime as dt
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
from pipeline.progress import NoProgress
from pipeline.read.workbook import read_submission
from pipeline.spec.catalog import Severity
from pipeline.spec.report_settings import ReportSettings
from pipeline.validate.findings import validate
from pipeline.write.feedback import COVER_SHEET, MARKS, Sender, write_feedback, write_feedback_workbooks
from pipeline.write.feedback_marks import INPUT_FILL
from pipeline.write.feedback_text import sender_of

UNIT = "23380"
UNIT_NAME = "Xã Đắk Ang"
RED, YELLOW, PURPLE, GREY, BLUE = (
    f"00{MARKS[k].fill}" for k in ("error", "warning", "information", "waived", "related")
)
HEADER = ("STT", "Trang", "Ô", "Chỉ tiêu", "Giá trị đã ghi", "Mức độ", "Nội dung", "Cách sửa", "Ghi chú")
HEADER_EN = ("No.", "Sheet", "Cell", "Indicator", "Value entered", "Severity", "Problem", "How to correct", "Note")
SENDER_LINE = "Nơi gửi: Phòng Lao động - Thương binh và Xã hội — Ủy ban nhân dân huyện Ngọc Hồi"
SENDER = Sender("Phòng Lao động - Thương binh và Xã hội", "Ủy ban nhân dân huyện Ngọc Hồi",
                dt.date(2020, 7, 20), "Phòng LĐTB&XH huyện, ĐT 0260 3xxx")  # fmt: skip
DEADLINE = "Hạn gửi lại bản đã sửa: ngày 20/07/2020."
CONTACT = "Liên hệ: Phòng LĐTB&XH huyện, ĐT 0260 3xxx"
LEGEND = (
    "Chú thích màu các ô trong biểu mẫu (ô được đánh dấu có ghi chú nói rõ vấn đề và cách sửa; "
    "bảng dưới đây liệt kê đủ các ghi chú đó):"
)
TAIL = [DEADLINE, CONTACT, LEGEND]
"""The last lines above the legend's samples, for a cover written with :data:`SENDER`."""


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
    return next(row for row in range(1, 40) if ws.cell(row, 1).value in (HEADER[0], HEADER_EN[0]))


def _lines(ws: Worksheet) -> list[Any]:
    """Column A above the table: title, sender, unit, period, file, SHA-256, verdict (and
    note), deadline, contact and the legend's title."""
    return [ws.cell(row, 1).value for row in range(1, _header_row(ws)) if ws.cell(row, 1).value is not None]


def _legend(ws: Worksheet) -> list[tuple[Any, Any]]:
    """(word in the sample cell, its meaning) for every legend row."""
    start = next(row for row in range(1, 40) if ws.cell(row, 1).value in (LEGEND,) or
                 str(ws.cell(row, 1).value).startswith("Colours of the cells"))  # fmt: skip
    return [
        (ws.cell(r, 2).value, ws.cell(r, 3).value) for r in range(start + 1, _header_row(ws)) if ws.cell(r, 3).value
    ]


def _table(ws: Worksheet, header_titles: tuple[str, ...] = HEADER) -> list[tuple[Any, ...]]:
    header = _header_row(ws)
    assert tuple(c.value for c in ws[header][: len(header_titles)]) == header_titles
    return [tuple(c.value for c in row[: len(header_titles)]) for row in ws.iter_rows(min_row=header + 1)]


def _write(path: Path, issues: list[Issue], dest: Path, period, catalog, **options: Any) -> openpyxl.Workbook:
    options.setdefault("sender", SENDER)
    out = write_feedback(path, dest, issues, unit_name=UNIT_NAME, period=period, catalog=catalog, **options)
    assert out == dest
    return openpyxl.load_workbook(out)


def test_real_issues_are_marked_on_the_failing_cells(
    make_submission, catalog, registry, period, validator, tmp_path
) -> None:
    path = make_submission(UNIT, {"loan_households": None, "rice_kg": -3})
    issues = validate([read_submission(path, catalog)], catalog, registry, period, validator)
    negative = next(i for i in issues if i.rule == "non_negative")
    assert sum(i.is_error for i in issues) == 2

    wb = _write(path, issues, tmp_path / "phan_hoi" / f"{UNIT}.xlsx", period, catalog)
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
    assert wb[sheet][untouched].fill.fgColor.rgb not in {RED, YELLOW, PURPLE, GREY, BLUE}
    assert wb[sheet][untouched].comment is None
    assert wb[negative.sheet].protection.sheet is True
    cover = wb[COVER_SHEET]
    assert _lines(cover) == [
        "PHẢN HỒI KẾT QUẢ KIỂM TRA BÁO CÁO",
        SENDER_LINE,
        f"Đơn vị: {UNIT_NAME}",
        "Kỳ báo cáo: 6 tháng đầu năm 2020 (2020S1)",
        f"Tệp: {UNIT}.xlsx",
        f"SHA-256 của tệp: {hashlib.sha256(path.read_bytes()).hexdigest()}",
        "Báo cáo bị loại khỏi số tổng hợp: có 2 lỗi cần sửa rồi gửi lại.",
        *TAIL,
    ]
    assert [row[5] for row in _table(cover)] == ["Lỗi"] * len(issues)
    assert {row[3] for row in _table(cover)} == {"Số hộ được giải quyết cho vay vốn", "Gạo giúp nhau"}


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
    wb = _write(path, issues, tmp_path / "out.xlsx", period, catalog)
    cover = wb[COVER_SHEET]

    assert _table(cover) == [
        (1, None, None, None, None, "Lỗi", "Lỗi của cả tệp", "Dùng đúng biểu mẫu", None),
        (2, s1, staff, "Công chức chuyên trách làm công tác BVCSTE & BĐG", "abc", "Lỗi", "Lỗi A", "Sửa A", None),
        (3, s2, households, "Số hộ được giải quyết cho vay vốn", None, "Lỗi", "Lỗi B1", "Sửa B1", None),
        (4, s2, rice, "Gạo giúp nhau", -3, "Lỗi", "Lỗi B2", "Sửa B2", None),
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
    assert cover.freeze_panes is None  # twenty rows of letter and legend would fill a laptop's screen
    assert cover.auto_filter.ref == f"A{header}:I{header + 6}"
    assert cover.print_title_rows == f"${header}:${header}"
    assert cover.cell(header, 1).font.b and cover.cell(header, 1).fill.fill_type == "solid"
    assert cover.cell(header + 1, 7).alignment.wrap_text
    assert cover.cell(header + 1, 1).font.name == "Times New Roman"
    assert cover.page_setup.orientation == "landscape" and cover.page_setup.fitToWidth == 1
    assert cover.page_setup.paperSize in (9, "9")
    assert cover.sheet_properties.pageSetUpPr.fitToPage
    assert cover.oddFooter.center.text == "Trang &P/&N"
    assert cover.row_dimensions[header + 1].height >= 15  # set: LibreOffice would not grow a wrapped row
    assert wb[s2][amount].fill.fgColor.rgb == PURPLE
    assert wb[s2][amount].comment.text == "[Thông tin] Thông tin D"


def test_failing_and_related_cells_are_styled_apart(make_submission, catalog, period, tmp_path):
    path = make_submission(UNIT)
    sheet, households = _where(catalog, path, "loan_households")
    _, startup = _where(catalog, path, "startup_loan_women")
    _, amount = _where(catalog, path, "loan_amount")
    related = ((sheet, startup), (sheet, households))
    issues = [
        _issue(sheet, startup, Severity.ERROR, "Vượt số hộ", "Xem cả hai", related=related),
        _issue(sheet, amount, Severity.WARNING, "Lạ", "Xem lại"),
    ]
    wb = _write(path, issues, tmp_path / "out.xlsx", period, catalog)
    ws, form = wb[sheet], openpyxl.load_workbook(path)[sheet]
    failing, linked, warned = ws[startup], ws[households], ws[amount]

    assert form[households].fill.fgColor.rgb[2:] == INPUT_FILL  # the form's own input colour (xlsxwriter: FF alpha)
    styles = {(c.fill.fgColor.rgb, c.border.left.style, c.border.left.color.rgb) for c in (failing, linked, warned)}
    assert len(styles) == 3
    assert (failing.fill.fgColor.rgb, failing.border.left.style, failing.border.top.style) == (RED, "thick", "thick")
    assert (linked.fill.fgColor.rgb, linked.border.left.style) == (BLUE, "mediumDashed")
    assert (warned.fill.fgColor.rgb, warned.border.left.style) == (YELLOW, "medium")
    assert {failing.fill.fgColor.rgb[2:], linked.fill.fgColor.rgb[2:]}.isdisjoint({INPUT_FILL, YELLOW[2:]})
    assert failing.comment.text == "[Lỗi] Vượt số hộ\nCách sửa: Xem cả hai"
    assert linked.comment.text == f"[Ô liên quan — Lỗi ở ô {startup}] Vượt số hộ\nCách sửa: Xem cả hai"
    [row] = [r for r in _table(wb[COVER_SHEET]) if r[2] == startup]
    assert row[-1] == f"Ô liên quan: {households}"
    assert ws.page_setup.cellComments == "asDisplayed"  # the value LibreOffice prints the notes with
    assert all(wb[n].page_setup.cellComments is None for n in wb.sheetnames if n not in (sheet,))


def test_worst_role_styles_a_shared_cell_and_comments_are_joined(make_submission, catalog, period, tmp_path):
    path = make_submission(UNIT)
    sheet, households = _where(catalog, path, "loan_households")
    _, startup = _where(catalog, path, "startup_loan_women")
    _, amount = _where(catalog, path, "loan_amount")
    issues = [
        _issue(sheet, households, Severity.WARNING, "Cảnh báo B", "Sửa B"),
        _issue(sheet, households, Severity.INFO, "Thông tin C"),
        _issue(sheet, households, Severity.ERROR, "Lỗi A", "Sửa A"),
        _issue(sheet, startup, Severity.WARNING, "Hai ô", "Xem cả hai", related=((sheet, startup), (sheet, amount))),
        _issue(sheet, amount, Severity.INFO, "Ô của chính nó"),
    ]
    wb = _write(path, issues, tmp_path / "out.xlsx", period, catalog)
    ws = wb[sheet]

    assert ws[households].fill.fgColor.rgb == RED
    assert (
        ws[households].comment.text
        == "[Lỗi] Lỗi A\nCách sửa: Sửa A\n\n[Cảnh báo] Cảnh báo B\nCách sửa: Sửa B\n\n[Thông tin] Thông tin C"
    )
    assert ws[startup].fill.fgColor.rgb == YELLOW
    assert ws[startup].comment.text == "[Cảnh báo] Hai ô\nCách sửa: Xem cả hai"
    assert ws[amount].fill.fgColor.rgb == PURPLE  # its own problem outranks being related to another
    assert ws[amount].comment.text == (
        f"[Thông tin] Ô của chính nó\n\n[Ô liên quan — Cảnh báo ở ô {startup}] Hai ô\nCách sửa: Xem cả hai"
    )


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
    wb = _write(path, issues[:1], tmp_path / "one.xlsx", period, catalog)

    assert wb[sheet][startup].fill.fgColor.rgb == GREY
    assert wb[sheet][startup].border.left.style == "dashed"
    assert wb[sheet][startup].comment.text == (
        "[Cảnh báo] Vượt số hộ\nCách sửa: Kiểm tra lại\nĐã được chấp nhận: Xã mới sáp nhập"
    )
    assert _table(wb[COVER_SHEET])[0][-1] == "Đã được chấp nhận: Xã mới sáp nhập"
    assert _lines(wb[COVER_SHEET])[6] == "Báo cáo hợp lệ, không có vấn đề."
    both = _write(path, issues, tmp_path / "both.xlsx", period, catalog)
    assert both[sheet][amount].fill.fgColor.rgb == YELLOW  # an open warning outranks an accepted one
    assert _lines(both[COVER_SHEET])[6] == "Báo cáo được chấp nhận, có 1 cảnh báo cần xem lại."


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
    out = write_feedback(path, tmp_path / "out.xlsx", issues, unit_name=UNIT_NAME, period=period, catalog=catalog)
    ws = openpyxl.load_workbook(out)[sheet]

    assert ws[rice].comment.text == "[Lỗi] Âm\nCách sửa: Nhập số không âm\n\nGhi chú của đơn vị: Số của thôn 3 chưa về"
    assert (ws["G40"].fill.fgColor.rgb, ws["G40"].comment.text) == (PURPLE, "[Thông tin] Ô gộp")
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
    wb = _write(path, issues, tmp_path / "out.xlsx", period, catalog)
    assert _lines(wb[COVER_SHEET])[6] == verdict
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
    out = write_feedback(path, tmp_path / "out.xlsx", issues, unit_name="=Xã", period=period, catalog=catalog)
    cover = openpyxl.load_workbook(out)[COVER_SHEET]

    row = _header_row(cover) + 1
    value = cover.cell(row, 5)
    assert (value.value, value.data_type) == ("=1+1", "s")
    assert [cover.cell(row, c).value for c in (4, 7, 8)] == ["@rice", "-giá trị lạ", "+sửa"]  # not a code: as found
    assert cover["A3"].value == "Đơn vị: =Xã"
    assert all(cover.cell(row, c).data_type == "s" for c in (4, 5, 7, 8))
    with zipfile.ZipFile(out) as archive:
        assert not any("<f>" in archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))


@pytest.mark.parametrize(
    ("suffix", "content"),
    [(".ods", b"PK\x03\x04 not a workbook"), (".xls", b"\xd0\xcf\x11\xe0"), (".xlsx", b"garbage")],
)
def test_file_that_cannot_be_annotated_gets_a_cover_only(tmp_path, catalog, period, suffix, content) -> None:
    path = tmp_path / f"{UNIT}{suffix}"
    path.write_bytes(content)
    issues = [_issue("2_KinhTe", "E9", Severity.ERROR, "Lỗi A", "Sửa A")]

    wb = _write(path, issues, tmp_path / "out" / f"{UNIT}.xlsx", period, catalog)

    assert wb.sheetnames == [COVER_SHEET]
    lines = _lines(wb[COVER_SHEET])
    assert lines[4] == f"Tệp: {UNIT}.xlsx"
    assert lines[5] == f"SHA-256 của tệp: {hashlib.sha256(content).hexdigest()}"
    assert lines[7:] == [
        f"Không ghi chú trực tiếp được vào tệp định dạng {suffix}; các ô cần xem lại được liệt kê dưới đây.",
        DEADLINE,
        CONTACT,  # and no legend: no cell of the form is marked
    ]
    assert wb[COVER_SHEET].cell(_header_row(wb[COVER_SHEET]) - 1, 2).value is None
    assert _table(wb[COVER_SHEET]) == [(1, "2_KinhTe", "E9", None, None, "Lỗi", "Lỗi A", "Sửa A", None)]
    assert wb[COVER_SHEET].cell(_header_row(wb[COVER_SHEET]) + 1, 3).hyperlink is None


def test_xlsm_is_annotated_and_saved_without_macros(make_submission, catalog, period, tmp_path) -> None:
    path = make_submission(UNIT, name=f"{UNIT}.xlsm")
    sheet, cell = _where(catalog, path, "rice_kg")
    out = tmp_path / "out.xlsx"
    wb = _write(path, [_issue(sheet, cell, Severity.WARNING, "Xem lại")], out, period, catalog)

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
    _write(path, [_issue(sheet, cell, Severity.ERROR, "Lỗi cũ")], dest, period, catalog)
    again = tmp_path / "again.xlsx"
    wb = _write(dest, [_issue(sheet, cell, Severity.WARNING, "Mới")], again, period, catalog)

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
    feedback = write_feedback(path, tmp_path / "feedback.xlsx", issues, unit_name=UNIT_NAME, period=period,
                              catalog=catalog)  # fmt: skip

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


# --- the cover's letter, legend and language ----------------------------------------------

LEGEND_VI = [
    ("Lỗi", "Ô có lỗi (nền đỏ, viền đỏ đậm): phải sửa rồi gửi lại."),
    ("Cảnh báo", "Ô có cảnh báo (nền vàng đậm, viền nâu): xem lại; nếu số liệu đúng thì không cần sửa."),
    ("Thông tin", "Ô có thông tin (nền tím nhạt): không cần sửa."),
    ("Đã chấp nhận", "Cảnh báo đã được phòng chuyên môn chấp nhận (nền xám, viền nét đứt): không cần sửa."),
    ("Liên quan", "Ô liên quan (nền xanh nhạt, viền xanh nét đứt): ô mà quy tắc so sánh với ô bị đánh dấu; "
                  "xem cùng khi sửa."),
    (None, "Ô nhập liệu không bị đánh dấu giữ nền vàng nhạt của biểu mẫu."),
]  # fmt: skip
LEGEND_EN = [
    ("Error", "Cell with an error (red fill, thick dark red border): correct it and send the form again."),
    ("Warning", "Cell with a warning (dark yellow fill, brown border): check it; if the figure is right, "
                "nothing to change."),
    ("Information", "Cell with information (light purple fill): nothing to change."),
    ("Accepted", "Warning accepted by the district office (grey fill, dashed border): nothing to change."),
    ("Related", "Related cell (light blue fill, dashed blue border): a cell the rule compared with the marked "
                "cell; check it too."),
    (None, "Input cells that are not marked keep the light yellow of the form."),
]  # fmt: skip


def _part_error(catalog, path: Path) -> list[Issue]:
    """A "Trong đó" part above its total: the part fails, the total is related."""
    sheet, total = _where(catalog, path, "loan_households")
    _, part = _where(catalog, path, "loan_households.ethnic_minority")
    return [_issue(sheet, part, Severity.ERROR, "Số DTTS lớn hơn tổng số.", "Sửa số DTTS.", value=9,
                   indicator="loan_households.ethnic_minority", related=((sheet, part), (sheet, total)))]  # fmt: skip


def test_the_sender_is_the_district_office_of_the_run(catalog, registry) -> None:
    report = ReportSettings(resend_by=dt.date(2020, 7, 20), contact="Phòng LĐTB&XH huyện, ĐT 0260 3xxx")
    assert sender_of(catalog, registry, report) == SENDER
    assert sender_of(catalog, registry, ReportSettings(issuer_parent="")).issuer == "Huyện Ngọc Hồi"
    assert sender_of(catalog, registry, ReportSettings(), root="23380").issuer == "Ủy ban nhân dân xã Đắk Ang"


def test_cover_letter_and_legend_are_exactly_these(make_submission, catalog, period, tmp_path) -> None:
    path = make_submission(UNIT)
    issues = _part_error(catalog, path)
    cover = _write(path, issues, tmp_path / "out.xlsx", period, catalog)[COVER_SHEET]

    assert _lines(cover) == [
        "PHẢN HỒI KẾT QUẢ KIỂM TRA BÁO CÁO",
        SENDER_LINE,
        "Đơn vị: Xã Đắk Ang",
        "Kỳ báo cáo: 6 tháng đầu năm 2020 (2020S1)",
        f"Tệp: {UNIT}.xlsx",
        f"SHA-256 của tệp: {hashlib.sha256(path.read_bytes()).hexdigest()}",
        "Báo cáo bị loại khỏi số tổng hợp: có 1 lỗi cần sửa rồi gửi lại.",
        "Hạn gửi lại bản đã sửa: ngày 20/07/2020.",
        "Liên hệ: Phòng LĐTB&XH huyện, ĐT 0260 3xxx",
        LEGEND,
    ]
    assert _legend(cover) == LEGEND_VI
    [row] = _table(cover)
    assert row[3:6] == ("Số hộ được giải quyết cho vay vốn (DTTS)", 9, "Lỗi")
    assert row[-1] == f"Ô liên quan: {issues[0].related[1][1]}"
    start = _header_row(cover) - len(LEGEND_VI) - 1
    samples = [cover.cell(start + k, 2) for k in range(len(LEGEND_VI))]
    for sample, key in zip(samples, ("error", "warning", "information", "waived", "related"), strict=False):
        assert (sample.fill.fgColor.rgb, sample.border.left.style) == (f"00{MARKS[key].fill}", MARKS[key].border)
    assert samples[-1].fill.fgColor.rgb == f"00{INPUT_FILL}"


def test_without_a_deadline_or_contact_the_cover_says_so(make_submission, catalog, period, tmp_path) -> None:
    path = make_submission(UNIT)
    cover = _write(path, _part_error(catalog, path), tmp_path / "out.xlsx", period, catalog,
                   sender=Sender(SENDER.office, SENDER.issuer))[COVER_SHEET]  # fmt: skip
    assert _lines(cover)[-3:] == [
        "Hạn gửi lại bản đã sửa: chưa ấn định ngày — đề nghị gửi lại càng sớm càng tốt.",
        "Liên hệ: ………………………………………… (chưa ghi — phòng chuyên môn điền người và số điện thoại cần liên hệ)",
        LEGEND,
    ]


def test_the_cover_in_english(make_submission, catalog, period, tmp_path) -> None:
    path = make_submission(UNIT)
    sheet, rice = _where(catalog, path, "rice_kg")
    issues = [
        *_part_error(catalog, path),
        _issue(sheet, rice, Severity.WARNING, "Lạ.", "Xem lại.", indicator="rice_kg"),
    ]
    wb = _write(path, issues, tmp_path / "out.xlsx", period, catalog, lang="en")
    cover = wb[COVER_SHEET]

    assert _lines(cover) == [
        "FEEDBACK ON THE CHECKS OF THE REPORT",
        "From: Phòng Lao động - Thương binh và Xã hội — Ủy ban nhân dân huyện Ngọc Hồi",
        "Unit: Xã Đắk Ang",
        "Reporting period: First half of 2020 (2020S1)",
        f"File: {UNIT}.xlsx",
        f"SHA-256 of the file: {hashlib.sha256(path.read_bytes()).hexdigest()}",
        "The report is left out of the totals: 1 error(s) to correct before sending it again.",
        "Send the corrected form back by 20 July 2020.",
        "Contact: Phòng LĐTB&XH huyện, ĐT 0260 3xxx",
        "Colours of the cells in the form (a marked cell has a note saying what is wrong and how to correct it; "
        "the table below lists every one of them):",
    ]
    assert _legend(cover) == LEGEND_EN
    rows = _table(cover, HEADER_EN)
    assert [row[3:6] for row in rows] == [
        ("Households granted loans (ethnic minority)", 9, "Error"),
        ("Rice given", None, "Warning"),
    ]
    assert rows[0][-1] == f"Related cells: {issues[0].related[1][1]}"
    assert cover.oddFooter.center.text == "Page &P/&N"
    assert wb[sheet][rice].comment.text == "[Warning] Lạ.\nHow to correct: Xem lại."  # the message stays Vietnamese
    blank = _write(path, issues, tmp_path / "blank.xlsx", period, catalog, lang="en", sender=Sender())[COVER_SHEET]
    assert _lines(blank)[7:9] == [
        "Send the corrected form back as soon as possible (no date has been set).",
        "Contact: ………………………………………… (not filled in — the office writes the person and phone number to call)",
    ]


def test_an_unknown_language_is_refused(make_submission, catalog, period, tmp_path) -> None:
    with pytest.raises(ValueError, match="'fr'"):
        _write(make_submission(UNIT), [], tmp_path / "out.xlsx", period, catalog, lang="fr")


def test_an_english_cover_words_the_problems_in_english(
    make_submission, catalog, registry, period, validator, tmp_path
) -> None:
    path = make_submission(UNIT, {"rice_kg": -3})
    submission = read_submission(path, catalog)
    issues = validate([submission], catalog, registry, period, validator)
    negative = next(i for i in issues if i.rule == "non_negative")
    write_feedback_workbooks(tmp_path, [submission], issues, registry, period, NoProgress(), catalog=catalog, lang="en")
    (written,) = tmp_path.glob("*.xlsx")
    wb = openpyxl.load_workbook(written)
    english = negative.text("en", catalog)
    assert english != negative.message and "Rice given" in english  # the catalog's English label, not the code
    cells = {c.value for row in wb[COVER_SHEET].iter_rows() for c in row}
    assert english in cells and negative.fix_text("en", catalog) in cells
    assert wb[negative.sheet][negative.cell].comment.text.startswith(f"[Error] {english}")
