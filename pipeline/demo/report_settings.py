"""The sample report settings: the particulars of Báo cáo 419/BC-UBND (Ngọc Hồi, 15/6/2020).

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


def write_report_settings(folder: Path, period: Period) -> Path | None:
    """``bao_cao_<period>.yaml`` in ``folder`` for the reference period; other periods have none."""
    if period != REFERENCE_PERIOD:
        return None
    path = folder / f"bao_cao_{period.code}.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(REFERENCE_REPORT, encoding="utf-8")
    return path
