"""Every kind of problem the pipeline reports, each worded once.

A code is the stable name written to the ``rule`` column of ``issues.csv`` (or behind
the reason of a file's outcome), so a clerk can filter on it, a waiver can name it and
the README can list it. Each code carries its default severity, a short Vietnamese
title for tables, and one message and one fix template with named ``{placeholders}``
(``str.format`` style). The wording lives here and nowhere else, so a problem reads the
same whichever stage finds it, and a change of wording is one edit. The English wording
(``--lang en``) of every code is in :mod:`pipeline.issues.codes_en`, with the same
placeholders: ``code.message(lang="en", **fields)``.

Rules written in the catalog keep their own ids in ``issues.csv``; they share
:attr:`IssueCode.CATALOG_RULE`, whose message and fix are the catalog's own.
"""

from __future__ import annotations

import string
from enum import StrEnum
from typing import Any, NamedTuple

from pipeline.issues import codes_en
from pipeline.spec.catalog import Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
_RESAVE = "Mở tệp bằng Excel hoặc LibreOffice, lưu lại thành tệp .xlsx mới rồi gửi lại."
_TYPE_NUMBERS = "Nhập trực tiếp con số thay cho công thức."
_CHECK_OR_NOTE = "Kiểm tra lại số liệu; nếu đúng, ghi giải thích vào cột Ghi chú."
_OUTLIER_TAIL = "(trung vị {median}; khoảng thường gặp {low}–{high}; {n} số liệu so sánh{score_note})."

AT_CELL = "Ô {cell} (trang {sheet}): "
"""How a rule's sentence starts when the rule has a cell to point at (the ``{at}`` field)."""
OUTLIER_SCORE = ", điểm lệch {score}"
"""An outlier's robust score (``{score_note}``), left out when the spread is zero and the score infinite."""
RULE_FIX = "Kiểm tra lại số liệu."
"""The fix of a catalog rule that states none."""
LANGS = ("vi", "en")
"""The languages every code is worded in: Vietnamese (the default) and English."""


class Wording(NamedTuple):
    """A code's title, message template and fix template in one language."""

    title: str
    message: str
    fix: str


class IssueCode(StrEnum):
    """One kind of problem: ``IssueCode.TEXT_NUMBER.message(**fields)`` and ``.fix(**fields)`` word it.

    Each member is ``(code, default severity, title, message template, fix template)``, in
    Vietnamese; ``lang="en"`` words it from :data:`pipeline.issues.codes_en.ENGLISH`.
    """

    severity: Severity
    title_vi: str
    message_template: str
    fix_template: str

    def __new__(cls, value: str, *definition: Any) -> IssueCode:
        member = str.__new__(cls, value)
        member._value_ = value
        member.severity, member.title_vi, member.message_template, member.fix_template = definition
        return member

    # fmt: off
    # A file refused before or while opening it: nothing in it is read.
    EMPTY_FILE = (
        "empty_file", ERROR, "Tệp rỗng",
        "Tệp {file} rỗng (0 byte).",
        "Đính kèm lại đúng tệp biểu mẫu đã điền rồi gửi lại.",
    )
    FILE_TOO_LARGE = (
        "file_too_large", ERROR, "Tệp quá lớn",
        "Tệp {file} quá lớn ({size} MB; tối đa {limit} MB).",
        "Xóa các trang, hình ảnh không thuộc biểu mẫu, lưu lại rồi gửi lại.",
    )
    ENCRYPTED_FILE = (
        "encrypted_file", ERROR, "Tệp có mật khẩu",
        "Tệp {file} được đặt mật khẩu nên không đọc được.",
        "Gỡ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc) rồi gửi lại.",
    )
    NOT_A_SPREADSHEET = (
        "not_a_spreadsheet", ERROR, "Không phải bảng tính",
        "Tệp {file} là {kind}, không phải bảng tính.",
        "Gửi lại biểu mẫu dạng bảng tính (.xlsx, .xls hoặc .ods).",
    )
    CORRUPT_FILE = (
        "corrupt_file", ERROR, "Tệp bị hỏng",
        "Tệp {file} bị hỏng (có thể do tải về hoặc đính kèm chưa trọn vẹn).",
        _RESAVE,
    )
    ZIP_BOMB = (
        "zip_bomb", ERROR, "Cấu trúc nén bất thường",
        "Tệp {file} có cấu trúc nén bất thường ({detail}) nên không được mở.",
        _RESAVE,
    )
    XML_ENTITIES = (
        "xml_entities", ERROR, "Khai báo XML không được phép",
        "Tệp {file} chứa khai báo XML (DOCTYPE/ENTITY) mà bảng tính không dùng đến nên không được mở.",
        _RESAVE,
    )
    TOO_MANY_CELLS = (
        "too_many_cells", ERROR, "Trang tính vượt giới hạn",
        "Tệp {file} có trang tính vượt giới hạn {max_rows} dòng × {max_columns} cột nên không được đọc.",
        "Xóa các dòng, cột có dữ liệu nằm ngoài biểu mẫu (Ctrl+End để tìm ô xa nhất), lưu lại rồi gửi lại.",
    )
    UNREADABLE_FILE = (
        "unreadable_file", ERROR, "Không đọc được bảng tính",
        "Tệp {file} không phải bảng tính đọc được (hỏng hoặc sai định dạng).",
        "Mở lại tệp bằng Excel hoặc LibreOffice, lưu dạng .xlsx rồi gửi lại.",
    )
    NO_META_SHEET = (
        "no_meta_sheet", ERROR, "Không phải biểu mẫu (không có trang _meta)",
        "Tệp {file} không phải biểu mẫu {template_id} (không có trang {meta_sheet}).",
        "Điền số liệu vào biểu mẫu do phòng chuyên môn gửi, không sao chép sang tệp khác.",
    )
    # What the reader finds in single cells.
    TEXT_NUMBER = (
        "text_number", WARNING, "Số ghi dạng chữ",
        "Ô {cell} (trang {sheet}) ghi số dạng chữ '{found}', đã đọc là {number} {unit}.",
        "Nếu đúng thì không cần sửa; lần sau hãy nhập dạng số.",
    )
    FORMULA_NOT_TRUSTED = (
        "formula_not_trusted", WARNING, "Ô chứa công thức",
        "Ô {cell} (trang {sheet}) chứa công thức; công thức không được tính khi tổng hợp nên ô được coi là trống.",
        _TYPE_NUMBERS,
    )
    DUPLICATE_ROW = (
        "duplicate_row", ERROR, "Mã chỉ tiêu lặp",
        "Mã chỉ tiêu {indicator} xuất hiện hai lần (trang {first_sheet} ô {first_cell} và trang {sheet} ô {cell}).",
        "Xóa dòng lặp rồi gửi lại.",
    )
    # The form as a whole: what it holds, which form, version, unit and period it says it is.
    EMPTY_SUBMISSION = (
        "empty_submission", ERROR, "Biểu mẫu chưa điền",
        "Biểu mẫu trong tệp {file} chưa có số liệu nào.",
        "Điền số liệu vào biểu mẫu rồi gửi lại.",
    )
    WRONG_TEMPLATE = (
        "wrong_template", ERROR, "Sai biểu mẫu",
        "Tệp {file} không phải biểu mẫu {template_id} (mã biểu mẫu ghi '{found}').",
        "Điền số liệu vào biểu mẫu do phòng chuyên môn gửi rồi gửi lại.",
    )
    TEMPLATE_VERSION = (
        "template_version", ERROR, "Phiên bản biểu mẫu không còn dùng",
        "Tệp {file} dùng biểu mẫu phiên bản '{found}', phiên bản hiện hành là {version}.",
        "Chép số liệu sang biểu mẫu phiên bản {version} và gửi lại.",
    )
    KNOWN_UNIT = (
        "known_unit", ERROR, "Mã đơn vị không có trong danh mục",
        "Mã đơn vị '{found}' trong tệp {file} không thuộc danh mục đơn vị của {root}.",
        "Dùng biểu mẫu riêng của đơn vị mình (đã ghi sẵn mã đơn vị).",
    )
    PERIOD = (
        "period", ERROR, "Sai kỳ báo cáo",
        "Tệp {file} ghi kỳ báo cáo '{found}', không phải kỳ {period} ({period_label}).",
        "Dùng biểu mẫu của kỳ {period}.",
    )
    # Checks that hold for every cell alike.
    REQUIRED = (
        "required", ERROR, "Bỏ trống chỉ tiêu bắt buộc",
        'Ô {cell} (trang {sheet}) — "{label}": để trống nhưng là chỉ tiêu bắt buộc.',
        "Nhập số liệu; ghi 0 nếu thực tế bằng không (ô trống không được hiểu là 0).",
    )
    REQUIRED_FORMULA = (
        "required_formula", ERROR, "Chỉ tiêu bắt buộc ghi bằng công thức",
        'Ô {cell} (trang {sheet}) — "{label}": ô chứa công thức nên không được tính (coi như để trống), '
        "nhưng đây là chỉ tiêu bắt buộc.",
        _TYPE_NUMBERS,
    )
    MISSING_ROW = (
        "missing_row", ERROR, "Thiếu dòng chỉ tiêu",
        "Không tìm thấy dòng có mã chỉ tiêu {indicator} ({label}) trong tệp {file}.",
        "Dùng đúng biểu mẫu, không xóa dòng có mã này.",
    )
    TYPE = (
        "type", ERROR, "Sai kiểu giá trị",
        "Ô {cell} (trang {sheet}) — \"{label}\": giá trị '{found}' không phải {kind}.",
        "Nhập {kind} (đơn vị: {unit}).",
    )
    NON_NEGATIVE = (
        "non_negative", ERROR, "Số âm",
        'Ô {cell} (trang {sheet}) — "{label}": giá trị {found} là số âm.',
        "Nhập số không âm.",
    )
    NUMBER_OUT_OF_RANGE = (
        "number_out_of_range", ERROR, "Số vượt giới hạn",
        'Ô {cell} (trang {sheet}) — "{label}": giá trị {found} không phải một số liệu có thể có '
        "(vô hạn, không xác định hoặc lớn hơn {limit}).",
        "Kiểm tra lại con số (có thể gõ thừa chữ số); nhập số liệu thực tế rồi gửi lại.",
    )
    ABOVE_PLAUSIBLE_MAX = (
        "above_plausible_max", WARNING, "Số lớn bất thường",
        'Ô {cell} (trang {sheet}) — "{label}": giá trị {found} lớn hơn mức có thể có của một đơn vị ({maximum}).',
        "Kiểm tra lại con số (có thể gõ thừa chữ số); nếu đúng thì ghi giải thích vào cột Ghi chú.",
    )
    # Rules between cells: implied by the catalog's structure, or written in it.
    PART_LE_WHOLE = (
        "part_le_whole", ERROR, "Số “trong đó” lớn hơn tổng số",
        '{at}Số "{label}" ({left}) lớn hơn "Tổng số" ({right}).',
        'Sửa số ở cột "Trong đó" cho không lớn hơn cột "Tổng số" của cùng dòng.',
    )
    NUMERATOR_LE_DENOMINATOR = (
        "numerator_le_denominator", ERROR, "Tử số lớn hơn mẫu số",
        '{at}Tử số ({left}) lớn hơn mẫu số ({right}) nên tỷ lệ "{label}" vượt 100%.',
        "Kiểm tra lại hai số: số đạt không thể lớn hơn tổng số.",
    )
    REPORTED_RATE = (
        "reported_rate", WARNING, "Tỷ lệ xã tự tính không khớp",
        "{at}Tỷ lệ xã tự tính ({left}%) không khớp với tỷ lệ tính từ số liệu của xã ({right}%).",
        "Tính lại tỷ lệ bằng tử số chia mẫu số nhân 100, làm tròn 1 chữ số thập phân.",
    )
    CATALOG_RULE = (
        "catalog_rule", WARNING, "Quy tắc của danh mục chỉ tiêu (cột rule ghi mã quy tắc)",
        "{at}{rule_message}",
        "{rule_fix}",
    )
    # Plausibility and timeliness: the figures still count.
    OUTLIER_HISTORY = (
        "outlier_history", WARNING, "Khác xa các kỳ trước",
        'Ô {cell} (trang {sheet}) — "{label}": giá trị {found} khác xa các kỳ trước của đơn vị ' + _OUTLIER_TAIL,
        _CHECK_OR_NOTE,
    )
    OUTLIER_PEERS = (
        "outlier_peers", WARNING, "Khác xa các đơn vị khác",
        'Ô {cell} (trang {sheet}) — "{label}": giá trị {found} khác xa các đơn vị khác cùng kỳ ' + _OUTLIER_TAIL,
        _CHECK_OR_NOTE,
    )
    LATE_SUBMISSION = (
        "late_submission", INFO, "Nộp muộn",
        "Tệp {file} nhận ngày {received}, sau hạn nộp {deadline} ({days} ngày).",
        "Lần sau gửi báo cáo đúng hạn.",
    )
    # What became of a file or unit, beside its issues (the reason of its outcome).
    IGNORED_TEMP_FILE = (
        "ignored_temp_file", INFO, "Tệp tạm, bỏ qua",
        "Tệp tạm hoặc tệp ẩn của Excel/LibreOffice.",
        "Không cần làm gì; nếu đây là báo cáo, đặt lại tên tệp không bắt đầu bằng ~$ hay dấu chấm rồi gửi lại.",
    )
    SUPERSEDED_DUPLICATE = (
        "superseded_duplicate", INFO, "Bản gửi trùng",
        "Trùng lặp: giống hệt tệp {kept}.",
        "Không cần làm gì: số liệu của hai tệp giống hệt nhau chỉ được tính một lần.",
    )
    SUPERSEDED_NEWER = (
        "superseded_newer", INFO, "Đã có bản gửi sau",
        "Được thay bằng tệp {kept} gửi sau.",
        "Không cần làm gì nếu tệp gửi sau là bản đúng; nếu không, gửi lại bản đúng.",
    )
    REJECTED_CORRECTION = (
        "rejected_correction", ERROR, "Bản gửi lại bị loại",
        "Bản gửi lại bị loại; vẫn dùng bản nhận ngày {kept_day} (tệp {kept}).",
        "Sửa các lỗi của bản gửi lại rồi gửi lại cả tệp; đến khi đó số liệu của bản trước vẫn được tính.",
    )
    FORM_KEY_MISMATCH = (
        "form_key_mismatch", ERROR, "Mã khóa biểu mẫu không khớp",
        "Tệp {file} ghi đơn vị {unit} nhưng mã khóa biểu mẫu không phải mã đã cấp cho đơn vị này; "
        "tệp được tạm giữ chờ xem xét.",
        "Điền số liệu vào đúng biểu mẫu phòng chuyên môn đã gửi cho đơn vị mình rồi gửi lại.",
    )
    FORM_KEY_UNKNOWN = (
        "form_key_unknown", ERROR, "Biểu mẫu không do phòng cấp",
        "Tệp {file} có mã khóa biểu mẫu nhưng chưa cấp biểu mẫu nào cho đơn vị {unit} kỳ {period}; "
        "tệp được tạm giữ chờ xem xét.",
        "Dùng biểu mẫu của kỳ này do phòng chuyên môn gửi cho đơn vị mình.",
    )
    SENDER_NOT_ALLOWED = (
        "sender_not_allowed", ERROR, "Người gửi không được phép",
        "Tệp {file} gửi từ {sender}, không phải địa chỉ được phép báo cáo cho {unit} ({allowed}); "
        "tệp được tạm giữ chờ xem xét.",
        "Gửi báo cáo từ địa chỉ thư đã đăng ký của đơn vị, hoặc báo phòng chuyên môn cập nhật danh mục.",
    )
    DELIVERED_BY_HAND = (
        "delivered_by_hand", INFO, "Nhận trực tiếp",
        "Tệp {file} của {unit} được đặt vào hộp thư bằng tay, không qua thư điện tử: không kiểm tra được người gửi.",
        "Không cần làm gì nếu phòng đã nhận trực tiếp từ đơn vị.",
    )
    FORM_CONTRADICTION = (
        "form_contradiction", ERROR, "Biểu mẫu tự mâu thuẫn",
        "Biểu mẫu ghi {shown} nhưng mã đơn vị trong biểu mẫu là {declared}.",
        "Dùng đúng biểu mẫu riêng của đơn vị mình; không sửa mã đơn vị hay tên đơn vị trong biểu mẫu.",
    )
    FORM_WITHOUT_KEY = (
        "form_without_key", INFO, "Biểu mẫu không có mã khóa",
        "Tệp {file} không có mã khóa biểu mẫu (điền từ biểu mẫu trắng) dù đã cấp biểu mẫu riêng cho đơn vị {unit}.",
        "Lần sau hãy dùng biểu mẫu riêng phòng chuyên môn gửi cho đơn vị mình.",
    )
    FILE_HAS_ERRORS = (
        "file_has_errors", ERROR, "Tệp bị loại vì có lỗi",
        "{count} lỗi, ví dụ: {example}",
        "Sửa các lỗi đã nêu rồi gửi lại cả tệp.",
    )
    FILE_HAS_WARNINGS = (
        "file_has_warnings", WARNING, "Tệp hợp lệ, có cảnh báo",
        "{count} cảnh báo",
        "Xem lại các cảnh báo; nếu số liệu đúng thì không cần gửi lại.",
    )
    MISSING_REPORT = (
        "missing_report", WARNING, "Chưa gửi báo cáo",
        "Chưa nhận được báo cáo.",
        "Điền biểu mẫu của đơn vị và gửi về phòng chuyên môn.",
    )
    # fmt: on

    def wording(self, lang: str | None = "vi") -> Wording:
        """Title and templates in ``lang`` ("vi" or "en"; None: "vi"); any other language raises ValueError."""
        if lang in ("vi", None):
            return Wording(self.title_vi, self.message_template, self.fix_template)
        if lang == "en":
            return Wording(*codes_en.ENGLISH[self.value])
        raise ValueError(f"unknown language {lang!r}; the codes are worded in {', '.join(LANGS)}")

    @property
    def title_en(self) -> str:
        return self.wording("en").title

    def message(self, *, lang: str | None = "vi", **fields: Any) -> str:
        """The message in ``lang`` with ``fields`` filled in; a field the template needs and lacks raises KeyError."""
        return _render(self, self.wording(lang).message, fields)

    def fix(self, *, lang: str | None = "vi", **fields: Any) -> str:
        """What to do, in ``lang``, with ``fields`` filled in; a field the template needs and lacks raises KeyError."""
        return _render(self, self.wording(lang).fix, fields)

    @property
    def placeholders(self) -> frozenset[str]:
        """The field names the message and fix templates use: what a caller must give."""
        return _names(self.message_template) | _names(self.fix_template)


def _names(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def _render(code: IssueCode, template: str, fields: dict[str, Any]) -> str:
    missing = sorted(_names(template) - set(fields))
    if missing:
        raise KeyError(f"issue code {code.value} needs the field(s) {', '.join(missing)}")
    return template.format(**fields)


def location_prefix(sheet: str | None, cell: str | None, lang: str = "vi") -> str:
    """The ``{at}`` field: "Ô E9 (trang 2_KinhTe): " (in English "Cell E9 (sheet 2_KinhTe): ")
    when there is a cell, else nothing."""
    return (codes_en.AT_CELL if lang == "en" else AT_CELL).format(sheet=sheet, cell=cell) if cell else ""
