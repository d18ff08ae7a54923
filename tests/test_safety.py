"""Any file a commune sends is read or clearly refused, per file, and the run goes on.

The corpus is built here, byte by byte or from a real sample form: foreign formats,
damaged downloads, password protection, and files made to exhaust memory (zip bombs,
XML entity expansion, a single value far away that calamine would grow a grid to).
Each refusal must name the file, say what to do, and never escape as an exception.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from pipeline.aggregate.completeness import Status
from pipeline.errors import WorkbookError
from pipeline.intake.safety import DEFAULT_LIMITS, Limits, MiB, check_dimensions, preflight
from pipeline.read import workbook as reader
from pipeline.read.inbox import read_inbox
from pipeline.run import Settings, run

KINH_TE = "xl/worksheets/sheet3.xml"  # the 2_KinhTe sheet of a sample form
RESAVE = "Mở tệp bằng Excel hoặc LibreOffice, lưu lại thành tệp .xlsx mới rồi gửi lại."
FIXES = {
    "empty_file": "Đính kèm lại đúng tệp biểu mẫu đã điền rồi gửi lại.",
    "file_too_large": "Xóa các trang, hình ảnh không thuộc biểu mẫu, lưu lại rồi gửi lại.",
    "encrypted_file": "Gỡ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc) rồi gửi lại.",
    "not_a_spreadsheet": "Gửi lại biểu mẫu dạng bảng tính (.xlsx, .xls hoặc .ods).",
    "corrupt_file": RESAVE,
    "zip_bomb": RESAVE,
    "xml_entities": RESAVE,
    "too_many_cells": (
        "Xóa các dòng, cột có dữ liệu nằm ngoài biểu mẫu (Ctrl+End để tìm ô xa nhất), lưu lại rồi gửi lại."
    ),
    "no_meta_sheet": "Điền số liệu vào biểu mẫu do phòng chuyên môn gửi, không sao chép sang tệp khác.",
    "unreadable_file": "Mở lại tệp bằng Excel hoặc LibreOffice, lưu dạng .xlsx rồi gửi lại.",
}


@dataclass(frozen=True)
class Sources:
    form: Path  # a valid filled form (Đắk Ang's sample)
    template: Path  # Đắk Ang's template, not filled in


Build = Callable[[Path, Sources], None]


@dataclass(frozen=True)
class Case:
    name: str
    build: Build
    rule: str | None  # None: the reader accepts the file
    message: str = ""


def raw(data: bytes) -> Build:
    return lambda path, _: path.write_bytes(data)


def zipped(members: dict[str, bytes]) -> Build:
    def build(path: Path, _: Sources) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for member, data in members.items():
                archive.writestr(member, data)

    return build


def form_with(changes: dict[str, Callable[[bytes], bytes] | bytes]) -> Build:
    """The sample form with members rewritten (a callable), or added (bytes)."""

    def build(path: Path, sources: Sources) -> None:
        with zipfile.ZipFile(sources.form) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                change = changes.get(info.filename)
                data = src.read(info)
                dst.writestr(info.filename, change(data) if callable(change) else data)
            for member, data in changes.items():
                if not callable(data):
                    dst.writestr(member, data)

    return build


def prolog(xml: bytes) -> Callable[[bytes], bytes]:
    """Put ``xml`` before the sheet's root element."""
    return lambda data: xml + data


def cells(xml: bytes) -> Callable[[bytes], bytes]:
    """Append rows to the sheet's data."""
    return lambda data: data.replace(b"</sheetData>", xml + b"</sheetData>")


def cfb(streams: list[str]) -> bytes:
    """A minimal OLE2 (CFB) container listing empty ``streams``: header, FAT, directory."""
    end, free = 0xFFFFFFFE, 0xFFFFFFFF
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<5H6x", 0x3E, 3, 0xFFFE, 9, 6)
    header += struct.pack("<9I", 0, 1, 1, 0, 4096, end, 0, end, 0) + struct.pack("<I108I", 0, *[free] * 108)
    fat = struct.pack("<2I126I", 0xFFFFFFFD, end, *[free] * 126)

    def entry(name: str, kind: int, right: int = free, child: int = free) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return encoded.ljust(64, b"\0") + struct.pack("<HBB3I36xIQ", len(encoded), kind, 1, free, right, child, end, 0)

    entries = [entry("Root Entry", 5, child=1)]
    entries += [entry(s, 2, right=i + 2 if i + 1 < len(streams) else free) for i, s in enumerate(streams)]
    return header + fat + b"".join(entries).ljust(512, b"\0")


ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods(rows: str, mimetype: str = "spreadsheet", manifest_entry: str = "") -> Build:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS}><office:body>'
        f'<office:spreadsheet><table:table table:name="S">{rows}</table:table></office:spreadsheet>'
        "</office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
        f'manifest:full-path="content.xml" manifest:media-type="text/xml">{manifest_entry}</manifest:file-entry>'
        "</manifest:manifest>"
    )
    members = {"mimetype": f"application/vnd.oasis.opendocument.{mimetype}".encode()}
    return zipped(members | {"content.xml": content.encode(), "META-INF/manifest.xml": manifest.encode()})


def same_body_zip(count: int, size: int) -> Build:
    """``count`` members of ``size`` zero bytes, written by hand so one deflated body
    serves them all (as such a file is made): milliseconds instead of a second."""

    def build(path: Path, _: Sources) -> None:
        body = zlib.compressobj(9, zlib.DEFLATED, -15)
        data = body.compress(bytes(size)) + body.flush()
        crc, local, central = zlib.crc32(bytes(size)), b"", b""
        for k in range(count):
            name = f"xl/media/image{k}.bin".encode()
            fields = (20, 0, 8, 0, 0, crc, len(data), size, len(name))
            central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, len(local)) + name
            local += struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, 0) + name + data
        tail = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), len(local), 0)
        path.write_bytes(local + central + tail)

    return build


def many_rows(path: Path, sources: Sources) -> None:
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, r) for r in range(31, 30_031))
    form_with({KINH_TE: cells(rows)})(path, sources)


def half_of_form(path: Path, sources: Sources) -> None:
    data = sources.form.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def broken_directory(path: Path, sources: Sources) -> None:
    data = sources.form.read_bytes()
    at = data.index(b"PK\x01\x02")
    path.write_bytes(data[:at] + b"\x00\x00\x00\x00" + data[at + 4 :])


def too_large(path: Path, _: Sources) -> None:
    with open(path, "wb") as handle:
        handle.truncate(26 * MiB)  # sparse: no disk space used


def other_workbook(path: Path, _: Sources) -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "Báo cáo tự làm của xã"
    book.save(path)


def copy_of(which: str) -> Build:
    return lambda path, sources: shutil.copyfile(getattr(sources, which), path)


LAUGHS = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
    b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
)
XXE = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
FAR_VALUE = b'<row r="1000000"><c r="ZZ1000000" t="n"><v>1</v></c></row>'
VALUE_CELL = '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'


def value_cells(repeat: int) -> str:
    return VALUE_CELL.replace(">", f' table:number-columns-repeated="{repeat}">', 1)


ENCRYPTED_ENTRY = '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA"/>'
WORD_XML = b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body/></w:document>'


def utf16_doctype(data: bytes) -> bytes:
    return (XXE.decode() + data.decode()).encode("utf-16")


CASES = [
    Case("rong.xlsx", raw(b""), "empty_file", "Tệp rong.xlsx rỗng (0 byte)."),
    Case(
        "ngau_nhien.xlsx",
        raw(b"\x01" + random.Random(2020).randbytes(4095)),
        "not_a_spreadsheet",
        "Tệp ngau_nhien.xlsx là dữ liệu không rõ định dạng, không phải bảng tính.",
    ),
    Case(
        "bao_cao.xlsx",
        raw(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
        "not_a_spreadsheet",
        "Tệp bao_cao.xlsx là tệp PDF, không phải bảng tính.",
    ),
    Case(
        "anh_chup_bieu_mau.xlsx",
        raw(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(17)),
        "not_a_spreadsheet",
        "Tệp anh_chup_bieu_mau.xlsx là ảnh, không phải bảng tính.",
    ),
    Case(
        "trang_web.xls",
        raw('<html><head><meta charset="utf-8"></head><body><table><tr><td>Mã chỉ tiêu</td></tr></table>'.encode()),
        "not_a_spreadsheet",
        "Tệp trang_web.xls là trang web (HTML), không phải bảng tính.",
    ),
    Case(
        "so_lieu_csv.xlsx",
        raw("Mã chỉ tiêu,Tổng số\nloan_households,16\n".encode()),
        "not_a_spreadsheet",
        "Tệp so_lieu_csv.xlsx là văn bản, không phải bảng tính.",
    ),
    Case(
        "cong_van.xlsx",
        zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": WORD_XML}),
        "not_a_spreadsheet",
        "Tệp cong_van.xlsx là tài liệu Word, không phải bảng tính.",
    ),
    Case(
        "trinh_chieu.xlsx",
        zipped({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p:presentation xmlns:p='x'/>"}),
        "not_a_spreadsheet",
        "Tệp trinh_chieu.xlsx là bản trình chiếu PowerPoint, không phải bảng tính.",
    ),
    Case(
        "nen_rac.xlsx",
        zipped({"a.bin": random.Random(1).randbytes(512), "doc_toi.txt": b"xin chao"}),
        "not_a_spreadsheet",
        "Tệp nen_rac.xlsx là tệp nén ZIP, không phải bảng tính.",
    ),
    Case(
        "nen_rong.xlsx",
        raw(b"PK\x05\x06" + bytes(18)),
        "not_a_spreadsheet",
        "Tệp nen_rong.xlsx là tệp nén ZIP rỗng, không phải bảng tính.",
    ),
    Case(
        "tai_do_dang.xlsx",
        half_of_form,
        "corrupt_file",
        "Tệp tai_do_dang.xlsx bị hỏng (có thể do tải về hoặc đính kèm chưa trọn vẹn).",
    ),
    Case(
        "muc_luc_hong.xlsx",
        broken_directory,
        "corrupt_file",
        "Tệp muc_luc_hong.xlsx bị hỏng (có thể do tải về hoặc đính kèm chưa trọn vẹn).",
    ),
    Case(
        "ten_vuot_thu_muc.xlsx",
        form_with({"../../Startup/chay.xml": b"<x/>"}),
        "corrupt_file",
        "Tệp ten_vuot_thu_muc.xlsx bị hỏng (có thể do tải về hoặc đính kèm chưa trọn vẹn).",
    ),
    Case(
        "xml_hong.xlsx",
        form_with({KINH_TE: cells(b"<row r='31'><c r='A31' t='inlineStr'><is><t>&#1;</t></is></c></row>" + FAR_VALUE)}),
        "corrupt_file",
        "Tệp xml_hong.xlsx bị hỏng (có thể do tải về hoặc đính kèm chưa trọn vẹn).",
    ),
    Case(
        "trang_bi_mat.xlsx",  # the workbook lists a sheet whose part is missing
        form_with({"xl/_rels/workbook.xml.rels": lambda d: d.replace(b"sheet3.xml", b"sheet99.xml")}),
        "corrupt_file",
        "Tệp trang_bi_mat.xlsx bị hỏng (có thể do tải về hoặc đính kèm chưa trọn vẹn).",
    ),
    Case(
        "o_khong_co_cot.xlsx",  # well-formed XML, but a cell reference calamine cannot place
        form_with({KINH_TE: cells(b'<row r="31"><c r="31"><v>1</v></c></row>')}),
        "corrupt_file",
        "Tệp o_khong_co_cot.xlsx bị hỏng (có thể do tải về hoặc đính kèm chưa trọn vẹn).",
    ),
    Case(
        "chi_bat_dau_nhu_zip.xlsx",
        raw(b"PK\x03\x04 not really a zip"),
        "unreadable_file",
        "Tệp chi_bat_dau_nhu_zip.xlsx không phải bảng tính đọc được (hỏng hoặc sai định dạng).",
    ),
    Case(
        "bom_ti_le.xlsx",
        form_with({"xl/media/image1.png": bytes(50 * MiB)}),
        "zip_bomb",
        "Tệp bom_ti_le.xlsx có cấu trúc nén bất thường (tỉ lệ nén bất thường) nên không được mở.",
    ),
    Case(
        "bom_tong_dung_luong.xlsx",
        same_body_zip(301, MiB),  # 1 MiB each: under the ratio check, 301 MiB in all
        "zip_bomb",
        "Tệp bom_tong_dung_luong.xlsx có cấu trúc nén bất thường (dung lượng giải nén quá lớn) nên không được mở.",
    ),
    Case(
        "qua_nhieu_thanh_phan.xlsx",
        zipped({f"xl/media/{k}.bin": b"" for k in range(2_001)}),
        "zip_bomb",
        "Tệp qua_nhieu_thanh_phan.xlsx có cấu trúc nén bất thường (quá nhiều thành phần) nên không được mở.",
    ),
    Case(
        "billion_laughs.xlsx",
        form_with({KINH_TE: lambda d: LAUGHS + b"]>" + d.replace(b"<t>", b"<t>&lol9;", 1)}),
        "xml_entities",
        "Tệp billion_laughs.xlsx chứa khai báo XML (DOCTYPE/ENTITY) mà bảng tính không dùng đến nên không được mở.",
    ),
    Case(
        "thuc_the_ngoai.xlsx",
        form_with({KINH_TE: lambda d: XXE + d.replace(b"<t>", b"<t>&x;", 1)}),
        "xml_entities",
        "Tệp thuc_the_ngoai.xlsx chứa khai báo XML (DOCTYPE/ENTITY) mà bảng tính không dùng đến nên không được mở.",
    ),
    Case(
        "doctype_utf16.xlsx",
        form_with({"xl/workbook.xml": utf16_doctype}),
        "xml_entities",
        "Tệp doctype_utf16.xlsx chứa khai báo XML (DOCTYPE/ENTITY) mà bảng tính không dùng đến nên không được mở.",
    ),
    Case(
        "doctype_sau_chu_thich.xlsx",
        form_with({"xl/_rels/workbook.xml.rels": prolog(b"<!--" + b"x" * 70_000 + b"-->" + XXE)}),
        "xml_entities",
        "Tệp doctype_sau_chu_thich.xlsx chứa khai báo XML (DOCTYPE/ENTITY) mà bảng tính không dùng đến nên "
        "không được mở.",
    ),
    Case(
        "o_rat_xa.xlsx",
        form_with({KINH_TE: cells(FAR_VALUE)}),
        "too_many_cells",
        "Tệp o_rat_xa.xlsx có trang tính vượt giới hạn 20.000 dòng × 500 cột nên không được đọc.",
    ),
    Case(
        "30000_dong.xlsx",
        many_rows,
        "too_many_cells",
        "Tệp 30000_dong.xlsx có trang tính vượt giới hạn 20.000 dòng × 500 cột nên không được đọc.",
    ),
    Case(
        "lap_o.ods",
        ods(f'<table:table-row table:number-rows-repeated="100000">{value_cells(1000)}</table:table-row>'),
        "too_many_cells",
        "Tệp lap_o.ods có trang tính vượt giới hạn 20.000 dòng × 500 cột nên không được đọc.",
    ),
    Case(
        "co_mat_khau.xlsx",
        raw(cfb(["EncryptionInfo", "EncryptedPackage"])),
        "encrypted_file",
        "Tệp co_mat_khau.xlsx được đặt mật khẩu nên không đọc được.",
    ),
    Case(
        "co_mat_khau.ods",
        ods(f"<table:table-row>{VALUE_CELL}</table:table-row>", manifest_entry=ENCRYPTED_ENTRY),
        "encrypted_file",
        "Tệp co_mat_khau.ods được đặt mật khẩu nên không đọc được.",
    ),
    Case(
        "van_ban_word.xls",
        raw(cfb(["WordDocument"])),
        "not_a_spreadsheet",
        "Tệp van_ban_word.xls là tài liệu Word, không phải bảng tính.",
    ),
    Case(
        "sai_mimetype.ods",
        ods(f"<table:table-row>{VALUE_CELL}</table:table-row>", mimetype="text"),
        "not_a_spreadsheet",
        "Tệp sai_mimetype.ods là văn bản OpenDocument (Writer), không phải bảng tính.",
    ),
    Case(
        "qua_lon.xlsx",
        too_large,
        "file_too_large",
        "Tệp qua_lon.xlsx quá lớn (26 MB; tối đa 25 MB).",
    ),
    Case(
        "tu_lam.xlsx",
        other_workbook,
        "no_meta_sheet",
        "Tệp tu_lam.xlsx không phải biểu mẫu BVCSTE-BDG-6T (không có trang _meta).",
    ),
    Case("co_macro.xlsm", copy_of("form"), None),
    Case("doi_duoi.xls", copy_of("form"), None),
    Case("bieu_mau_trong.xlsx", copy_of("template"), None),
    Case("Báo cáo 6 tháng Đắk Ang (bản cuối).xlsx", copy_of("form"), None),
]
REFUSED = [c for c in CASES if c.rule]


@pytest.fixture
def sources(sample_inbox, unit_templates) -> Sources:
    return Sources(next(sample_inbox.glob("*DakAng*")), unit_templates["23380"][0])


def test_the_corpus_is_large_and_every_name_unique():
    assert len(REFUSED) >= 25 and len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_file_is_read_or_refused_with_its_reason(case, tmp_path, sources, catalog, registry):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    case.build(inbox / case.name, sources)
    intake = read_inbox(inbox, catalog, registry)  # never raises for a file
    if case.rule is None:
        [sub] = intake.submissions
        assert (sub.name, sub.unit_code, intake.outcomes, intake.issues) == (case.name, "23380", (), ())
        return
    assert intake.submissions == ()
    [outcome] = intake.outcomes
    assert (outcome.file, outcome.status, outcome.reason) == (case.name, Status.REJECTED, case.message)
    [issue] = intake.issues
    assert (issue.file, issue.rule, issue.message, issue.fix) == (case.name, case.rule, case.message, FIXES[case.rule])
    assert issue.severity.value == "error" and len(issue.file_sha256 or "") == 64
    if case.name == "trang_bi_mat.xlsx":
        assert issue.sheet == "2_KinhTe"


def test_the_unfilled_template_reads_as_blanks(sources, catalog):
    sub = reader.read_submission(sources.template, catalog)
    assert sub.unit_code == "23380" and sub.values and all(v.value is None for v in sub.values.values())


def test_small_limits_refuse_a_real_form(sources):
    def rule(limits: Limits) -> str:
        with pytest.raises(WorkbookError) as info:
            preflight(sources.form, "x.xlsx", limits)
        return f"{info.value.rule}: {info.value}"

    assert rule(Limits(max_unzipped_bytes=100_000)).endswith("(dung lượng giải nén quá lớn) nên không được mở.")
    assert rule(Limits(max_members=10)).endswith("(quá nhiều thành phần) nên không được mở.")
    assert rule(Limits(max_file_bytes=10_000)) == "file_too_large: Tệp x.xlsx quá lớn (0,03 MB; tối đa 0,01 MB)."
    preflight(sources.form, "x.xlsx")  # and the defaults pass it


def test_check_dimensions_refuses_an_open_workbook_and_names_the_sheet(sources):
    book = python_calamine.CalamineWorkbook.from_path(str(sources.form))
    try:
        check_dimensions(book, "x.xlsx")
        with pytest.raises(WorkbookError) as info:
            check_dimensions(book, "x.xlsx", Limits(max_rows=20))
    finally:
        book.close()
    assert (info.value.rule, info.value.sheet) == (
        "too_many_cells",
        "1_BoMay",
    )  # the first sheet past 20 rows: with its signature block
    assert str(info.value) == "Tệp x.xlsx có trang tính vượt giới hạn 20 dòng × 500 cột nên không được đọc."


BOUNDARY_FILES = {
    "form.xlsx": form_with({}),
    "far_value.xlsx": form_with({KINH_TE: cells(b'<row r="2500"><c r="AB2500"><v>7</v></c></row>')}),
    "far_empty_styled.xlsx": form_with({KINH_TE: cells(b'<row r="9000"><c r="ZZ9000" s="1"/></row>')}),
    "cells_without_refs.xlsx": form_with({KINH_TE: cells(b"<row>" + b"<c><v>1</v></c>" * 40 + b"</row>")}),
    "repeats.ods": ods(
        '<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="2"/>'
        f"{value_cells(4)}</table:table-row>"
        f"<table:table-row><table:table-cell/>{VALUE_CELL}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
    ),
}


@pytest.mark.parametrize("name", BOUNDARY_FILES)
def test_preflight_sees_exactly_the_grid_calamine_will_build(name, tmp_path, sources):
    """The scan must agree with calamine at the boundary: refusing at one row less,
    passing at the grid's real size (empty styled cells do not count)."""
    path = tmp_path / name
    BOUNDARY_FILES[name](path, sources)
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    ends = [book.get_sheet_by_name(s).end for s in book.sheet_names]
    book.close()
    rows, columns = (max(e[i] + 1 for e in ends if e) for i in (0, 1))
    preflight(path, name, Limits(max_rows=rows, max_columns=columns))
    for smaller in (Limits(max_rows=rows - 1), Limits(max_columns=columns - 1)):
        with pytest.raises(WorkbookError, match="vượt giới hạn"):
            preflight(path, name, smaller)


def test_default_limits_are_those_agreed():
    assert Limits(25 * MiB, 300 * MiB, 200, 2_000, 20_000, 500) == DEFAULT_LIMITS


def test_the_hostile_corpus_does_not_change_the_district_totals(
    tmp_path, sample_inbox, sources, validator, period, capfd, monkeypatch
):
    """The nine sample forms plus the whole corpus, read in a process pool as a province
    would be: the district totals are exactly the clean inbox's, every file is listed."""
    monkeypatch.setattr("pipeline.read.inbox.PARALLEL_THRESHOLD", 4)
    inbox = tmp_path / "inbox"
    shutil.copytree(sample_inbox, inbox)
    earlier = 1_590_969_600  # 1 June 2020: before the sample forms
    for case in CASES:
        case.build(inbox / case.name, sources)
        os.utime(inbox / case.name, (earlier, earlier))
    result = run(Settings(inbox=inbox, output=tmp_path / "out", period=period), validator_factory=lambda: validator)
    summary = json.loads((result.output_dir / "summary.json").read_text(encoding="utf-8"))
    indicators = summary["indicators"]
    assert indicators["loan_households"]["value"] == 162
    assert indicators["literacy_l1_rate"]["value"] == 97.9
    assert indicators["green_village_model"]["numerator"] == 8
    assert summary["units"]["accepted"] == summary["units"]["expected"] and len(summary["units"]["expected"]) == 9
    assert summary["units"]["rejected"] == []
    manifest = json.loads((result.output_dir / "manifest.json").read_text(encoding="utf-8"))
    statuses = {f["file"]: f["status"] for f in manifest["files"]}
    assert sorted(statuses) == sorted(p.name for p in inbox.iterdir())
    assert {statuses[c.name] for c in REFUSED} == {"rejected"}
    # Identical copies of a form count once (the first received); a blank form never counts.
    readable = {c.name: statuses[c.name] for c in CASES if not c.rule}
    assert statuses["bieu_mau_trong.xlsx"] in {"rejected", "superseded"}
    assert sum(1 for s in readable.values() if s == "accepted") <= 1
    assert set(readable.values()) <= {"accepted", "superseded", "rejected"}
    printed = capfd.readouterr()
    assert "Traceback" not in printed.out + printed.err
