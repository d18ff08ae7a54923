"""Who may report for a unit, and whether a form agrees with itself."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from pipeline.intake.outcomes import Arrival, Clock, Status
from pipeline.read.workbook import read_submission
from pipeline.validate.admission import NO_SENDERS_NOTE, admit

AT = dt.datetime(2020, 6, 8, 9)


def _by_mail(sender: str | None) -> Arrival:
    return Arrival(AT, Clock.INTAKE if sender else Clock.LEDGER, sender)


@pytest.fixture
def guarded(registry):
    """The bundled registry with Đắk Ang's office address declared."""
    units = tuple(dataclasses.replace(u, senders=("vanthu.dakang@example.vn",)) if u.code == "23380" else u
                  for u in registry.units)  # fmt: skip
    return dataclasses.replace(registry, units=units)


def test_a_registry_without_senders_checks_nobody_and_says_so(make_submission, catalog, registry):
    sub = read_submission(make_submission("23380"), catalog)
    found = admit([sub], catalog, registry, {sub.name: _by_mail("ai.do@example.vn")})
    assert (found.admitted, found.held, found.issues, found.note) == ((sub,), (), (), NO_SENDERS_NOTE)


def test_a_sender_not_allowed_is_held(make_submission, catalog, guarded):
    sub = read_submission(make_submission("23380"), catalog)
    found = admit([sub], catalog, guarded, {sub.name: _by_mail("Ke.Gia@example.vn")})
    assert found.admitted == () and found.note is None
    [held] = found.held
    assert (held.status, held.reason) == (
        Status.HELD,
        "Tệp 23380.xlsx gửi từ ke.gia@example.vn, không phải địa chỉ được phép báo cáo cho Xã Đắk Ang (23380) "
        "(vanthu.dakang@example.vn); tệp được tạm giữ chờ xem xét.",
    )
    assert [i.rule for i in found.issues] == ["sender_not_allowed"]


def test_an_allowed_sender_in_any_case_is_admitted_and_a_hand_delivery_is_noted(make_submission, catalog, guarded):
    sub = read_submission(make_submission("23380"), catalog)
    assert admit([sub], catalog, guarded, {sub.name: _by_mail("VanThu.DakAng@example.vn")}).issues == ()
    by_hand = admit([sub], catalog, guarded, {sub.name: _by_mail(None)})
    assert by_hand.admitted == (sub,)
    assert [(i.rule, i.severity.value) for i in by_hand.issues] == [("delivered_by_hand", "information")]


def test_a_form_whose_metadata_names_another_unit_contradicts_itself(make_submission, catalog, registry):
    sub = read_submission(make_submission("23380", meta={"unit_code": "23383"}), catalog)
    [issue] = admit([sub], catalog, registry, {}).issues
    assert (issue.rule, issue.severity.value, issue.sheet, issue.cell) == (
        "form_contradiction",
        "error",
        "1_BoMay",
        "A4",
    )
    assert issue.message == (
        "Biểu mẫu ghi tên đơn vị 'Xã Đắk Ang (mã 23380)' ở trang 1_BoMay ô A4 nhưng mã đơn vị trong biểu mẫu là "
        "Xã Đắk Dục (23383)."
    )


def test_a_commune_form_declaring_the_district_contradicts_itself(make_submission, catalog, registry):
    sub = read_submission(make_submission("23380", meta={"unit_code": "611"}), catalog)
    [issue] = admit([sub], catalog, registry, {}).issues
    assert issue.rule == "form_contradiction" and "Huyện Ngọc Hồi (611)" in issue.message


def test_a_commune_form_with_its_headings_blanked_is_caught_by_its_instructions_sheet(
    make_submission, catalog, registry
):
    sub = read_submission(make_submission("23380", meta={"unit_code": "23383"}), catalog)
    sub = dataclasses.replace(sub, headings=())
    [issue] = admit([sub], catalog, registry, {}).issues
    assert (issue.rule, issue.severity.value, issue.sheet, issue.cell) == (
        "form_contradiction",
        "error",
        "HuongDan",
        "C5",
    )
    assert issue.message == (
        "Biểu mẫu ghi tên đơn vị 'Xã Đắk Ang' ở trang HuongDan ô C5 nhưng mã đơn vị trong biểu mẫu là "
        "Xã Đắk Dục (23383)."
    )


def test_a_locked_heading_naming_no_unit_of_the_registry_contradicts_the_form(make_submission, catalog, registry):
    sub = read_submission(make_submission("23380"), catalog)
    sub = dataclasses.replace(sub, headings=(("1_BoMay", "A4", "Đơn vị báo cáo: Xã Không Có (mã 23380)"),))
    [issue] = admit([sub], catalog, registry, {}).issues
    assert (issue.rule, issue.sheet, issue.cell) == ("form_contradiction", "1_BoMay", "A4")
    assert "'Xã Không Có (mã 23380)'" in issue.message and "Xã Đắk Ang (23380)" in issue.message


def test_a_commune_form_with_every_visible_name_blanked_is_caught_by_its_rows(make_submission, catalog, registry):
    sub = read_submission(make_submission("23380", meta={"unit_code": "611"}), catalog)
    sub = dataclasses.replace(sub, headings=(), instructions_name=None)
    [issue] = admit([sub], catalog, registry, {}).issues
    assert issue.rule == "form_contradiction"
    assert "chỉ tiêu của cấp xã" in issue.message and "Huyện Ngọc Hồi (611), cấp huyện" in issue.message


def test_a_consistent_form_passes(sample_inbox, catalog, registry):
    subs = [read_submission(p, catalog) for p in sorted(sample_inbox.glob("*.xlsx"))]
    assert admit(subs, catalog, registry, {}).issues == ()


def test_a_spoofed_form_never_replaces_the_real_units_report(tmp_path, make_submission, validator, period, guarded):
    """Đắk Ang edits its own form to Đắk Dục's code and e-mails it from the allowed address of
    neither: Đắk Dục's own report still counts, unchanged; the spoof is rejected, and a form
    from a sender not allowed for the unit it declares is held."""
    import os

    from pipeline.intake.ledger import open_ledger
    from pipeline.run import Settings, run

    inbox = tmp_path / "inbox"
    real = make_submission("23383", {"rice_kg": 40}, folder=inbox, name="dak_duc.xlsx")
    spoof = make_submission("23380", {"rice_kg": 9999}, folder=inbox, name="gia_mao.xlsx", meta={"unit_code": "23383"})
    os.utime(real, (1_591_000_000, 1_591_000_000))
    os.utime(spoof, (1_591_500_000, 1_591_500_000))  # later, so it would win if it were believed
    result = run(Settings(inbox=inbox, output=tmp_path / "out", period=period, data_docs=False), lambda: validator)
    outcomes = {o.file: o.status for o in result.completeness.outcomes if o.file}
    assert outcomes == {"dak_duc.xlsx": Status.ACCEPTED, "gia_mao.xlsx": Status.REJECTED}
    assert result.totals["rice_kg"].by_unit["23383"] == 40
    assert {i.rule for i in result.issues if i.file == "gia_mao.xlsx"} >= {"form_contradiction"}
    assert NO_SENDERS_NOTE in (result.output_dir / "validation" / "report.md").read_text(encoding="utf-8")
    with open_ledger(tmp_path / "out" / "ledger.sqlite") as ledger:
        assert ledger.statuses(period)


def test_a_message_whose_from_names_no_address_is_not_a_hand_delivery(make_submission, catalog, guarded, registry):
    """An e-mail with a blank or garbled From header cannot pass for a form put into the inbox by hand."""
    sub = read_submission(make_submission("23380"), catalog)
    unreadable = {sub.name: Arrival(AT, Clock.INTAKE, "")}
    found = admit([sub], catalog, guarded, unreadable)
    [held] = found.held
    assert held.reason == (
        "Tệp 23380.xlsx gửi từ (không rõ địa chỉ người gửi), không phải địa chỉ được phép báo cáo cho Xã Đắk Ang "
        "(23380) (vanthu.dakang@example.vn); tệp được tạm giữ chờ xem xét."
    )
    assert admit([sub], catalog, registry, unreadable).issues == ()  # no senders listed: today's behaviour


def _master_form(tmp_path, catalog, values, unit_code, unit_name=None):
    """The blank master filled in, its unit code (and name) typed on the instructions sheet."""
    from pipeline.forms.fill import fill_template
    from pipeline.forms.template import build_template

    layout = build_template(tmp_path / "master.xlsx", catalog)
    entries = {"unit_code_entry": unit_code, "period_entry": "2020S1"}
    if unit_name is not None:
        entries["unit_name_entry"] = unit_name
    return fill_template(tmp_path / "master.xlsx", values, tmp_path / f"m{unit_code}.xlsx", layout, entries)


def test_the_district_may_report_on_the_blank_master_whose_commune_rows_it_leaves_blank(
    tmp_path, catalog, registry, good_values
):
    sub = read_submission(_master_form(tmp_path, catalog, good_values["611"], "611"), catalog)
    assert admit([sub], catalog, registry, {}).issues == ()


def test_a_commune_reporting_as_the_district_on_the_blank_master_is_caught_by_its_figures(
    tmp_path, catalog, registry, good_values
):
    sub = read_submission(_master_form(tmp_path, catalog, good_values["23380"], "611"), catalog)
    [issue] = admit([sub], catalog, registry, {}).issues
    assert (issue.rule, issue.severity.value) == ("form_contradiction", "error")
    assert issue.message == (
        f"Biểu mẫu ghi chỉ tiêu của cấp xã ở trang {issue.sheet} ô {issue.cell} nhưng mã đơn vị trong biểu mẫu là "
        "Huyện Ngọc Hồi (611), cấp huyện."
    )


def test_a_name_typed_on_the_blank_master_must_not_name_another_unit(tmp_path, catalog, registry, good_values):
    sub = read_submission(_master_form(tmp_path, catalog, good_values["611"], "611", "Xã Đắk Ang"), catalog)
    [issue] = admit([sub], catalog, registry, {}).issues
    assert (issue.rule, issue.sheet, issue.cell) == ("form_contradiction", "HuongDan", "C5")
    assert issue.message == (
        "Biểu mẫu ghi tên đơn vị 'Xã Đắk Ang' ở trang HuongDan ô C5 nhưng mã đơn vị trong biểu mẫu là "
        "Huyện Ngọc Hồi (611)."
    )


@pytest.mark.parametrize("typed", ["Huyện Ngọc Hồi", "huyen Ngoc Hoi", ""])
def test_a_name_typed_on_the_blank_master_may_be_its_own_or_unrecognised(
    tmp_path, catalog, registry, good_values, typed
):
    """A name typed by hand is only a contradiction when it names another unit: a typo passes."""
    sub = read_submission(_master_form(tmp_path, catalog, good_values["611"], "611", typed), catalog)
    assert admit([sub], catalog, registry, {}).issues == ()


def test_a_form_declaring_an_unknown_unit_is_left_to_validation(make_submission, catalog, registry):
    sub = read_submission(make_submission("23380", meta={"unit_code": "99999"}), catalog)
    assert admit([sub], catalog, registry, {}).issues == ()


def test_two_communes_whose_names_fold_alike_are_each_their_own(catalog):
    """Kon Tum has Xã Đắk Long (23368) and Xã Đăk Long (23504): the spelling fold makes the names
    one, and the form's own code decides; a third unit's form with that heading is still caught."""
    from types import SimpleNamespace

    from pipeline.spec.declaration import load_units
    from pipeline.spec.periods import Period
    from pipeline.validate.admission import _named_otherwise

    kon_tum = load_units(None, "62", Period(2020, 1))
    assert [u.code for u in kon_tum.units_named("Xã Đăk Long")] == ["23368", "23504"]
    assert kon_tum.find_by_name("Đắk Long") is None  # two units: the name alone identifies none
    for code, heading in (("23368", "Xã Đắk Long (mã 23368)"), ("23504", "Xã Đăk Long (mã 23504)")):
        assert not _named_otherwise(heading, SimpleNamespace(unit_code=code), kon_tum, True)  # type: ignore[arg-type]
    assert _named_otherwise("Xã Đắk Long", SimpleNamespace(unit_code="23377"), kon_tum, True)  # type: ignore[arg-type]
