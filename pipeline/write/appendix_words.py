"""The fixed text of the appendix workbook, in Vietnamese and English (``--lang en``).

Declared as :class:`~pipeline.write.wording.Phrase` like the report's phrases, so a
heading can never exist in one language only; the language is set once for the writing
of the workbook (:func:`pipeline.write.wording.in_language`). Labels and units come from
the catalog (``label_en``, ``units_en``); the names of units are proper names and stay.
"""

from __future__ import annotations

from pipeline.spec.catalog import AppendixTable, Strategy, Target
from pipeline.spec.strategies import Goal
from pipeline.write.wording import Phrase, english

NATION = Phrase("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM")
MOTTO = Phrase("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness")
APPENDIX = Phrase("Phụ lục {number}", "Appendix {number}")
ATTACHED = Phrase(
    "(Kèm theo Báo cáo số {number}/{code} ngày {date} của {issuer})",
    "(Attached to Report No. {number}/{code} of {date} by {issuer})",
)
ON_SUBJECT = Phrase("{issuer} về {subject}", "{issuer} on {subject}")
PERIOD = Phrase("Kỳ báo cáo: {period}", "Reporting period: {period}")
NUMBER, UNIT = Phrase("STT", "No."), Phrase("Đơn vị", "Unit")
TOTAL, SUBTOTAL = Phrase("Tổng cộng {name}", "Total, {name}"), Phrase("Cộng {name}", "Subtotal, {name}")
UNITS_OF = Phrase("Các đơn vị thuộc {name}", "Units of {name}")
DETAIL = Phrase(
    "Số liệu của từng đơn vị trực thuộc: mỗi đơn vị ở bảng trên một tệp trong thư mục {folder}; "
    "mọi giá trị kèm tệp, trang tính và ô nguồn ở tệp values.csv.",
    "Figures of each unit below: one workbook for each unit of the table above, in the folder {folder}; "
    "every value with its file, sheet and cell in values.csv.",
)
YES, NO = Phrase("Có", "Yes"), Phrase("Không", "No")
TARGET_HEADS = (
    Phrase("STT", "No."),
    Phrase("Chỉ tiêu", "Target"),
    Phrase("Đơn vị tính", "Unit"),
    Phrase("Chỉ tiêu {year}", "Target for {year}"),
    Phrase("Thực hiện {period}", "Result, {period}"),
    Phrase("Đánh giá", "Assessment"),
    Phrase("Ghi chú", "Notes"),
)
NO_STRATEGY = Phrase("Không có chiến lược áp dụng cho kỳ này", "No strategy applies to this period")
STRATEGY = Phrase("{title} ({decision})", "{title} ({decision})")
PREPARER = Phrase("NGƯỜI LẬP BIỂU", "PREPARED BY")
SIGN_HINT = Phrase("(Ký, ghi rõ họ tên)", "(Signature and full name)")
DATE = Phrase("{place}, ngày {day} tháng {month} năm {year}", "{place}, {day} {month} {year}")
CHARTS_TITLE = Phrase("BIỂU ĐỒ MỘT SỐ KẾT QUẢ CHỦ YẾU", "CHARTS OF THE MAIN RESULTS")
BY_UNIT = Phrase("{label} ({unit}), theo đơn vị", "{label} ({unit}), by unit")
TARGETS_CHART = Phrase("Kết quả {count} chỉ tiêu của Chiến lược ({period})", "The {count} strategy targets ({period})")
TARGETS_COUNT = Phrase("Số chỉ tiêu", "Targets")
BLANK = "…"
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
)  # fmt: skip
SIGNER_EN = {
    "ỦY BAN NHÂN DÂN": "PEOPLE'S COMMITTEE",
    "TM. ỦY BAN NHÂN DÂN": "ON BEHALF OF THE PEOPLE'S COMMITTEE",
    "KT. CHỦ TỊCH": "FOR THE CHAIRPERSON",
    "CHỦ TỊCH": "CHAIRPERSON",
    "PHÓ CHỦ TỊCH": "VICE CHAIRPERSON",
}
"""The standard titles of a People's Committee's signature block; others are printed as given."""


def signer_title(text: str) -> str:
    """A title of the signature block (from the report settings) in the output language."""
    return SIGNER_EN.get(text.strip(), text) if english() else text


def table_title(table: AppendixTable) -> str:
    return (table.title_en or table.title_vi) if english() else table.title_vi


def strategy_title(strategy: Strategy) -> str:
    return (strategy.title_en or strategy.title_vi) if english() else strategy.title_vi


def strategy_decision(strategy: Strategy) -> str:
    return (strategy.decision_en or strategy.decision) if english() else strategy.decision


def goal_title(goal: Goal) -> str:
    return (goal.title_en or goal.title_vi) if english() else goal.title_vi


def target_label(target: Target) -> str:
    return (target.label_en or target.label_vi) if english() else target.label_vi
