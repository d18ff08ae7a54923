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

Since 1 July 2025 the same forms feed two reports to two departments (gender equality to
Home Affairs, child protection to Health). ``reports:`` names the catalog's report scopes
to write, each with its own particulars; a field a scope leaves out is the top-level one
(a signer field by field)::

    reports:
      bdg: {recipients: ["Sở Nội vụ tỉnh Quảng Ngãi (b/c)"], number: "12", request: "…"}
      tre_em: {recipients: ["Sở Y tế tỉnh Quảng Ngãi (b/c)"], number: "13"}

Without ``reports:`` the run writes one combined report, as before. Whether each key is a
scope of the catalog is checked by :func:`pipeline.spec.report_scopes.check_scopes`, where
both files are known.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict

from pipeline.spec.settings_files import Code, read_yaml, validate

WHAT = "tệp thông tin báo cáo"


def _nothing_is_empty(value: Any) -> Any:
    """``bdg:`` with nothing after it is a scope written with the top-level particulars."""
    return {} if value is None else value


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class SignerEntry(_Entry):
    authority: str = "TM. ỦY BAN NHÂN DÂN"
    on_behalf: str = ""
    position: str = "CHỦ TỊCH"
    name: str = ""


class ScopeSignerEntry(_Entry):
    """A scope's signer: each field left out is the top-level signer's."""

    authority: str | None = None
    on_behalf: str | None = None
    position: str | None = None
    name: str | None = None


class ScopeEntry(_Entry):
    """One report's own particulars under ``reports:``; each field left out is the top-level one."""

    number: str | None = None
    doc_code: str | None = None
    date: dt.date | None = None
    request: str | None = None
    signer: ScopeSignerEntry = ScopeSignerEntry()
    recipients: tuple[str, ...] | None = None
    archive: str | None = None


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
    reports: Annotated[
        dict[Code, Annotated[ScopeEntry, BeforeValidator(_nothing_is_empty)]], BeforeValidator(_nothing_is_empty)
    ] = {}


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
    reports: Mapping[str, ReportSettings] = field(default_factory=dict)
    """Scope id -> that report's particulars, the top-level ones filled in; empty: one combined report."""
    source: Path | None = None
    """The file these were read from, named when a check against the catalog refuses them."""

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
    top = ReportSettings(
        number=entry.number.strip(),
        doc_code=entry.doc_code.strip() or "BC-UBND",
        date=entry.date,
        issuer_parent=entry.issuer_parent.strip(),
        request=_request(entry.request),
        signer=Signer(signer.authority.strip(), signer.on_behalf.strip(), signer.position.strip(), signer.name.strip()),
        recipients=_recipients(entry.recipients),
        archive=entry.archive.strip().rstrip(".") or "VT",
        resend_by=entry.resend_by,
        contact=" ".join(entry.contact.split()),
        source=Path(path),
    )
    return dataclasses.replace(top, reports={key: _scoped(top, scope) for key, scope in entry.reports.items()})


def _request(text: str) -> str:
    return text.strip().rstrip(":;.").strip()


def _recipients(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(r.strip().rstrip(";.").strip() for r in names if r.strip())


def _pick(given: str | None, default: str) -> str:
    return default if given is None else given.strip()


def _scoped(top: ReportSettings, scope: ScopeEntry) -> ReportSettings:
    """One scope's settings: what it gives, cleaned as the top level is, else the top level's."""
    given, signer = scope.signer, top.signer
    return dataclasses.replace(
        top,
        number=_pick(scope.number, top.number),
        doc_code=_pick(scope.doc_code, top.doc_code) or "BC-UBND",
        date=scope.date or top.date,
        request=top.request if scope.request is None else _request(scope.request),
        signer=Signer(
            _pick(given.authority, signer.authority),
            _pick(given.on_behalf, signer.on_behalf),
            _pick(given.position, signer.position),
            _pick(given.name, signer.name),
        ),
        recipients=top.recipients if scope.recipients is None else _recipients(scope.recipients),
        archive=_pick(scope.archive, top.archive).rstrip(".") or "VT",
        reports={},
    )
