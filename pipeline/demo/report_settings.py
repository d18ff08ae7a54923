"""The sample report settings: the particulars of Báo cáo 419/BC-UBND (Ngọc Hồi, 15/6/2020),
and of the two reports a two-level province (Quảng Ngãi, 2026) writes from one set of forms.

Written beside the sample inbox (``input_templates/samples/bao_cao_2020S1.yaml``) by
``baocao samples``, so ``make aggregate`` prints the reference report's number, date,
request, recipients and signer, and a test keeps the committed copy the same as this.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.spec.periods import Period

REFERENCE_PERIOD = Period(2020, 1)
REFERENCE_REPORT = """\
# Thông tin in trên báo cáo Word kỳ 6 tháng đầu năm 2020 của UBND huyện Ngọc Hồi
# (theo Báo cáo số 419/BC-UBND ngày 15/6/2020). Dùng với: baocao aggregate --report <tệp này>.
# Mọi trường đều không bắt buộc; bỏ trống số và ngày khi báo cáo chưa ký.
number: "419"
doc_code: "BC-UBND"
date: 2020-06-15
issuer_parent: "ỦY BAN NHÂN DÂN"
request: >-
  Công văn số 670/SLĐTBTXH-BVCSTEBĐG ngày 14/05/2020 của Sở Lao động Thương binh & Xã hội
  về việc báo cáo công tác bảo vệ chăm sóc trẻ em và bình đẳng giới định kỳ 06 tháng đầu năm 2020
signer:
  authority: "TM. ỦY BAN NHÂN DÂN"
  on_behalf: "KT. CHỦ TỊCH"
  position: "PHÓ CHỦ TỊCH"
  name: "Y Lan"
recipients:
  - "Sở LĐTBXH tỉnh (b/c)"
  - "CT, các PCT UBND huyện"
  - "CVP, PVP phụ trách"
  - "Phòng LĐTBXH"
  - "UBND các xã, thị trấn"
  - "Thành viên Ban BVCSTE & BDG huyện"
archive: "VT, TH"
"""


PROVINCE_PERIOD = Period(2026, 1)
PROVINCE_REPORT = """\
# Thông tin in trên các báo cáo Word kỳ 6 tháng đầu năm 2026 của UBND tỉnh Quảng Ngãi (mẫu):
# từ 01/7/2025 chính quyền địa phương hai cấp, tỉnh tổng hợp thẳng từ các xã, phường, đặc khu,
# và cùng một bộ biểu của xã cho hai báo cáo: bình đẳng giới gửi ngành Nội vụ, bảo vệ, chăm
# sóc trẻ em gửi ngành Y tế. Dùng với: baocao aggregate --root 51 --report <tệp này>.
# Số, ngày và người ký là mẫu; bỏ trống số và ngày khi báo cáo chưa ký.
doc_code: "BC-UBND"
issuer_parent: "ỦY BAN NHÂN DÂN"
signer:
  authority: "TM. ỦY BAN NHÂN DÂN"
  on_behalf: "KT. CHỦ TỊCH"
  position: "PHÓ CHỦ TỊCH"     # the name is left out: the draft marks where it goes
archive: "VT, KGVX"
resend_by: 2026-07-10
contact: "Sở Nội vụ tỉnh Quảng Ngãi (bình đẳng giới); Sở Y tế tỉnh Quảng Ngãi (trẻ em)"
reports:
  bdg:
    request: >-
      Công văn của Bộ Nội vụ về việc báo cáo công tác bình đẳng giới định kỳ 6 tháng đầu năm 2026
    recipients:
      - "Bộ Nội vụ (b/c)"
      - "Sở Nội vụ tỉnh Quảng Ngãi"
      - "UBND các xã, phường, đặc khu"
  tre_em:
    request: >-
      Công văn của Bộ Y tế về việc báo cáo công tác bảo vệ, chăm sóc trẻ em định kỳ 6 tháng đầu năm 2026
    recipients:
      - "Bộ Y tế (b/c)"
      - "Sở Y tế tỉnh Quảng Ngãi"
      - "UBND các xã, phường, đặc khu"
"""
SAMPLE_REPORTS = {REFERENCE_PERIOD: REFERENCE_REPORT, PROVINCE_PERIOD: PROVINCE_REPORT}
"""The bundled samples' report settings: Ngọc Hồi in 2020, Quảng Ngãi's two reports in 2026."""


def write_report_settings(folder: Path, period: Period) -> Path | None:
    """``bao_cao_<period>.yaml`` in ``folder`` for a bundled sample's period; other periods have none."""
    text = SAMPLE_REPORTS.get(period)
    if text is None:
        return None
    path = folder / f"bao_cao_{period.code}.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
