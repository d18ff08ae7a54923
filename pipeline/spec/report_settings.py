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
    resend_by: 2020-07-20             # feedback workbooks: the day a commune must resend a
                                      # corrected form; blank: "as soon as possible"
    contact: "Phòng LĐTB&XH huyện, ĐT 0260 3xxx"  # feedback: whom to call; blank leaves a
                                      # marked line for the officer to fill in by hand

The last two are printed on the cover of every commune's feedback workbook
(``validation/phan_hoi/``), which is often printed and posted back: a clerk holding it
must see by when to resend and whom to ask without opening the e-mail it came with.
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
    resend_by: dt.date | None = None
    contact: str = ""


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
    resend_by: dt.date | None = None
    """The day a commune must resend a corrected form (feedback cover); None: as soon as possible."""
    contact: str = ""
    """Whom a commune calls about its feedback; blank: a marked line to fill in by hand."""

    def issuer_name(self, unit_name: str) -> str:
        """The issuing body as a sentence names it: "Ủy ban nhân dân huyện Ngọc Hồi" (NĐ 30/2020,
        Phụ lục II: "huyện" in lower case); the unit's name alone when there is no parent line."""
        if not self.issuer_parent:
            return unit_name
        return f"{self.issuer_parent.capitalize()} {unit_name[:1].lower()}{unit_name[1:]}"


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
        resend_by=entry.resend_by,
        contact=" ".join(entry.contact.split()),
    )
