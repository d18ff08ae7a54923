"""What the signed report says about itself: its number, date, the request it answers, who signs.

These change with every report and every office, so they are a small YAML file
(``--report``), never code. Everything is optional: without a file the draft leaves the
number and day blank, as NĐ 30/2020 has a paper report numbered and dated when it is
signed, and marks the places the officer must fill. File format::

    number: "419"                     # Số: 419/BC-UBND; blank until it is signed
    doc_code: "BC-UBND"
    date: 2020-06-15                  # blank: "ngày … tháng … năm 2020"
    issuer_parent: "ỦY BAN NHÂN DÂN"  # the left header, above the unit's name
    request: "Công văn số 670/SLĐTBTXH-BVCSTEBĐG ngày 14/05/2020 của Sở …"
    signer:
      authority: "TM. ỦY BAN NHÂN DÂN"
      on_behalf: "KT. CHỦ TỊCH"       # leave out when the head signs
      position: "PHÓ CHỦ TỊCH"
      name: "Y Lan"
    recipients: ["Sở LĐTBXH tỉnh (b/c)", "Phòng LĐTBXH"]
    archive: "VT, TH"                 # the last line of "Nơi nhận": "- Lưu: VT, TH."
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from pipeline.spec.settings_files import read_yaml, validate

WHAT = "tệp thông tin báo cáo"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class SignerEntry(_Entry):
    authority: str = "TM. ỦY BAN NHÂN DÂN"
    on_behalf: str = ""
    position: str = "CHỦ TỊCH"
    name: str = ""


class ReportFile(_Entry):
    number: str = ""
    doc_code: str = "BC-UBND"
    date: dt.date | None = None
    issuer_parent: str = "ỦY BAN NHÂN DÂN"
    request: str = ""
    signer: SignerEntry = SignerEntry()
    recipients: tuple[str, ...] = ()
    archive: str = "VT"


@dataclass(frozen=True)
class Signer:
    authority: str = "TM. ỦY BAN NHÂN DÂN"
    on_behalf: str = ""
    position: str = "CHỦ TỊCH"
    name: str = ""


@dataclass(frozen=True)
class ReportSettings:
    """The report's own particulars; the defaults make an unsigned, unnumbered draft."""

    number: str = ""
    doc_code: str = "BC-UBND"
    date: dt.date | None = None
    issuer_parent: str = "ỦY BAN NHÂN DÂN"
    request: str = ""
    signer: Signer = field(default_factory=Signer)
    recipients: tuple[str, ...] = ()
    archive: str = "VT"


def load_report_settings(path: Path | None) -> ReportSettings:
    """Read ``--report``; ``None`` means the defaults. A wrong key or date names its place."""
    if path is None:
        return ReportSettings()
    raw = read_yaml(path, WHAT, option="--report", loader=yaml.SafeLoader)
    entry = validate(ReportFile, raw if raw is not None else {}, path)
    signer = entry.signer
    return ReportSettings(
        number=entry.number.strip(),
        doc_code=entry.doc_code.strip() or "BC-UBND",
        date=entry.date,
        issuer_parent=entry.issuer_parent.strip(),
        request=entry.request.strip().rstrip(":;.").strip(),
        signer=Signer(signer.authority.strip(), signer.on_behalf.strip(), signer.position.strip(), signer.name.strip()),
        recipients=tuple(r.strip().rstrip(";.").strip() for r in entry.recipients if r.strip()),
        archive=entry.archive.strip().rstrip(".") or "VT",
    )
