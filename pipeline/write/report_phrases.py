"""The Word report's generated sentences in Vietnamese and English (see :mod:`pipeline.write.wording`)."""

from __future__ import annotations

from pipeline.spec.report_settings import ReportSettings
from pipeline.write.wording import Phrase, english

FILL = Phrase("[Cán bộ soạn thảo ghi {what}]", "[Drafting officer: write {what}]")
REQUEST = Phrase(
    "văn bản yêu cầu báo cáo (số, ngày, cơ quan ban hành)", "the request for this report (number, date, issuer)"
)
SIGNER = Phrase("họ và tên người ký", "the signer's name")
RECIPIENTS = Phrase("nơi nhận", "the recipients")
COMBINED = Phrase("công tác bảo vệ chăm sóc trẻ em và bình đẳng giới", "child protection and gender equality")
"""The subject of the one combined report; a report scope names its own (``title_vi``)."""
TITLE = Phrase("Tình hình thực hiện {subject} định kỳ {period}", "{Subject}: report for the {period}")
OPENING = Phrase(
    "Thực hiện {request}: {issuer} báo cáo {subject} định kỳ {period} trên địa bàn {area}, với các nội dung như sau:",
    "In response to {request}, {issuer} reports on {subject} in the {area} for the {period} as follows:",
)
ISSUER_EN = "the People's Committee of {name}"


def issuer_name(report: ReportSettings, unit_name: str) -> str:
    """The issuing body in the output language; one wording for the report, appendix and feedback."""
    return ISSUER_EN.format(name=unit_name) if english() else report.issuer_name(unit_name)


COVERAGE_FULL = Phrase(
    "Số liệu trong báo cáo được tổng hợp từ báo cáo hợp lệ của đủ {n}/{n} đơn vị.",
    "The figures of this report come from valid reports of all {n}/{n} units.",
)
COVERAGE_PARTIAL = Phrase(
    "Số liệu trong báo cáo chưa đầy đủ: chỉ gồm báo cáo hợp lệ của {have} đơn vị; {gaps}.",
    "The figures of this report are incomplete: valid reports of only {have} units; {gaps}.",
)
REPORTING = Phrase(
    "Đã nhận báo cáo hợp lệ của {have}/{expected} đơn vị", "Valid reports were received from {have}/{expected} units"
)
LATE = Phrase("; nộp muộn: {names}", "; late: {names}")
NOT_COLLECTED = Phrase("Không thu thập ở cấp xã", "Not collected by communes")
NO_DATA = Phrase("Chưa có số liệu", "No data")
TOO_FEW = Phrase("Chưa đủ số liệu", "Too few reports")
MET, UNMET = Phrase("Đạt", "Met"), Phrase("Chưa đạt", "Not met")
NO_STRATEGY = Phrase(
    "Danh mục không có Chiến lược quốc gia về bình đẳng giới cho kỳ này.",
    "The catalog has no national gender-equality strategy for this period.",
)
STRATEGY_LINE = Phrase(
    "- Kết quả thực hiện {goals} mục tiêu, {targets} chỉ tiêu của {title} (có phụ lục kèm theo): {met} chỉ tiêu đạt, "
    "{unmet} chỉ tiêu chưa đạt theo số liệu các {noun} báo cáo; {other} chỉ tiêu không thu thập ở cấp xã "
    "hoặc chưa đủ số liệu.",
    "- Results on the {goals} goals and {targets} targets of the {title} (see the appendix): {met} targets met, "
    "{unmet} not met by the figures the {noun} reported; {other} targets not collected by communes or with "
    "too few reports.",
)
LISTED_ONLY = Phrase(
    " Danh mục chỉ theo dõi {listed} chỉ tiêu có số liệu cấp xã.",
    " The catalog follows only the {listed} targets communes can count.",
)
UNITS_NOTE = Phrase(
    "Số liệu chi tiết của từng đơn vị: tệp {file} (các biểu {sheets}). {coverage}",
    "Figures of each unit: workbook {file} (sheets {sheets}). {coverage}",
)
UNITS_NOTE_PARTS = Phrase(
    "Số liệu chi tiết: tệp {file} (các biểu {sheets}, mỗi dòng một đơn vị trực thuộc); số liệu của từng đơn vị "
    "cấp dưới: mỗi đơn vị trực thuộc một tệp trong thư mục {folder}. {coverage}",
    "Detailed figures: workbook {file} (sheets {sheets}, a row for each unit below); figures of each unit further "
    "down: a workbook for each unit below, in the folder {folder}. {coverage}",
)
UNIT_COUNT = Phrase("đơn vị", "units")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
)  # fmt: skip
