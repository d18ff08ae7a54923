"""Report scopes: one form, a report per recipient, what each holds derived from its sections.

The bundled catalog declares two (gender equality for the Department of Home Affairs, child
protection for the Department of Health); the settings file's ``reports:`` picks them and
gives each its own particulars. The runs that write them are in test_report_scopes_run.py.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.aggregate.completeness import Completeness, FileOutcome, Status
from pipeline.aggregate.totals import aggregate
from pipeline.errors import ConfigError
from pipeline.spec.catalog import DEFAULT_CATALOG_PATH, AppendixTable
from pipeline.spec.catalog_file import load_catalog
from pipeline.spec.periods import Period
from pipeline.spec.report_scopes import check_scopes, narrowed, scope_codes
from pipeline.spec.report_settings import ReportSettings, Signer, load_report_settings
from pipeline.write.outputs import report_parts
from pipeline.write.period_result import PeriodResult
from pipeline.write.report_context import report_context
from pipeline.write.wording import in_language


def bundled() -> dict[str, Any]:
    return yaml.safe_load(DEFAULT_CATALOG_PATH.read_text(encoding="utf-8"))


def save(tmp_path: Path, raw: dict[str, Any]) -> Path:
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def refused_with(tmp_path: Path, raw: dict[str, Any]) -> str:
    with pytest.raises(ConfigError) as caught:
        load_catalog(save(tmp_path, raw))
    return str(caught.value)


def test_the_catalog_declares_a_report_per_recipient(catalog):
    assert [(s.id, s.sections, s.targets) for s in catalog.reports] == [
        ("bdg", ("1", "2", "3", "4", "5", "6"), True),
        ("tre_em", ("1", "4", "7"), False),
    ]
    assert catalog.report("tre_em").subject(english=False) == "công tác bảo vệ, chăm sóc trẻ em"
    assert catalog.report("bdg").subject(english=True) == "gender equality"


def test_a_scope_holds_its_sections_figures_and_the_derived_ones_through_their_operands(catalog):
    bdg, children = scope_codes(catalog, catalog.report("bdg")), scope_codes(catalog, catalog.report("tre_em"))
    assert {"loan_households", "loan_households.ethnic_minority", "new_jobs_female_share"} <= bdg
    assert {"children_under16.female", "children_special_helped_rate", "child_gifts"} <= children
    assert {"staff_coverage_rate", "sex_ratio_at_birth", "under6_insurance_rate"} <= bdg & children
    assert not {"loan_households", "literacy_l1_rate", "domestic_violence_cases"} & children
    assert not {"children_under16", "children_special_helped_rate"} & bdg


def test_tables_sentences_and_targets_follow_the_sections(catalog):
    bdg, children = narrowed(catalog, catalog.report("bdg")), narrowed(catalog, catalog.report("tre_em"))
    assert [t.id for t in bdg.appendix] == ["PL01", "PL02", "PL03", "PL04", "PL05", "PL07"]
    assert [t.id for t in children.appendix] == ["PL03", "PL06", "PL07"]
    ids = [list(dict.fromkeys(s.id for s in c.summary)) for c in (bdg, children)]  # alternatives share an id
    assert ids == [
        ["economy", "education", "models", "family", "staffing", "donation"],
        ["staffing", "children", "donation"],
    ]
    assert (bdg.sections, bdg.derived, bdg.rules) == (catalog.sections, catalog.derived, catalog.rules)


def test_a_sentence_of_one_report_is_written_only_there(catalog, registry):
    from pipeline.write.sentences import render_sentences
    from pipeline.write.summary import scope_of

    (own,) = [item for item in catalog.summary if item.reports]
    assert (own.id, own.reports) == ("children", ("tre_em",))
    values = {"23377": {"children_under16": 120.0}, "23380": {"children_under16": 80.0}}
    totals = aggregate(values, catalog, registry)
    outcomes = tuple(FileOutcome(code, f"{code}.xlsx", Status.ACCEPTED) for code in ("23377", "23380"))
    done = Completeness(("23377", "23380"), outcomes)
    scope = scope_of(registry, done)
    combined = [s.id for s in render_sentences(totals, catalog, scope)]
    children = {s.id: s.text for s in render_sentences(totals, narrowed(catalog, catalog.report("tre_em")), scope)}
    assert "children" not in combined  # the combined report (and summary.md) keep the reference report's sentences
    assert children["children"].startswith("Trên địa bàn có 200 trẻ em dưới 16 tuổi;")
    assert "children" not in [s.id for s in narrowed(catalog, catalog.report("bdg")).summary]


def test_a_sentence_for_an_unknown_report_is_refused(tmp_path):
    raw = yaml.safe_load(DEFAULT_CATALOG_PATH.read_text(encoding="utf-8"))
    raw["summary"][0]["reports"] = ["tre_e"]
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_catalog(path)
    assert str(caught.value) == "catalog.yaml: summary[0].reports[0]: danh mục không có báo cáo 'tre_e'"


def test_a_table_of_two_fields_belongs_to_both_with_only_its_own_charts(catalog):
    mixed = AppendixTable("PL08", "PL08_Chung", "Bảng chung", columns=("loan_households", "children_under16"),
                          charts=("loan_households", "children_under16"))  # fmt: skip
    both = dataclasses.replace(catalog, appendix=(*catalog.appendix, mixed))
    for scope, chart in (("bdg", "loan_households"), ("tre_em", "children_under16")):
        table = narrowed(both, both.report(scope)).appendix[-1]
        assert (table.id, table.columns, table.charts) == ("PL08", mixed.columns, (chart,))


def test_a_new_indicator_joins_its_scope_without_another_edit(tmp_path):
    raw = bundled()
    children = next(s for s in raw["sections"] if s["code"] == "7")
    children["indicators"].append({"code": "children_orphaned", "label_vi": "Trẻ em mồ côi", "label_en": "Orphans",
                                   "unit": "trẻ", "type": "integer", "levels": ["commune"]})  # fmt: skip
    next(t for t in raw["appendix"] if t["id"] == "PL06")["columns"].append("children_orphaned")
    catalog = load_catalog(save(tmp_path, raw))
    assert "children_orphaned" in scope_codes(catalog, catalog.report("tre_em"))
    assert "children_orphaned" not in scope_codes(catalog, catalog.report("bdg"))


# --- refusals of the catalog's `reports:` -------------------------------------------------


def _with_reports(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The bundled catalog with other ``reports:``; no sentence is any report's own then."""
    raw = bundled()
    raw["reports"] = reports
    for item in raw["summary"]:
        item.pop("reports", None)
    return raw


def test_an_unknown_section_is_refused_at_its_place(tmp_path):
    raw = _with_reports([{"id": "bdg", "title_vi": "x", "sections": ["1"]},
                         {"id": "tre_em", "title_vi": "y", "sections": ["1", "4", "8"]}])  # fmt: skip
    assert refused_with(tmp_path, raw) == (
        "catalog.yaml: reports[1].sections[2]: mục '8' không có trong sections (có: 1, 2, 3, 4, 5, 6, 7)"
    )


def test_a_duplicate_report_id_is_refused_naming_the_first(tmp_path):
    raw = _with_reports([{"id": "bdg", "title_vi": "x", "sections": ["1"]},
                         {"id": "bdg", "title_vi": "y", "sections": ["7"]}])  # fmt: skip
    assert refused_with(tmp_path, raw) == "catalog.yaml: reports[1].id: mã báo cáo 'bdg' bị trùng với reports[0].id"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"id": "BĐG", "title_vi": "x", "sections": ["1"]},
         "catalog.yaml: reports[0].id: mã báo cáo 'BĐG' chỉ được gồm chữ thường không dấu, chữ số và '_'"),
        ({"id": "bdg", "title_vi": "x", "sections": []},
         "catalog.yaml: reports[0].sections: cần ít nhất một mục (mã trong sections)"),
        ({"id": "bdg", "title_vi": "x"}, "catalog.yaml: reports[0]: thiếu trường 'sections'"),
        ({"id": "bdg", "title_vi": "x", "sections": ["1"], "target": True},
         "catalog.yaml: reports[0]: không có trường 'target'"),
    ],
)  # fmt: skip
def test_a_malformed_report_entry_is_refused(tmp_path, entry, message):
    assert refused_with(tmp_path, _with_reports([entry])) == message


# --- the settings file's `reports:` -------------------------------------------------------

SETTINGS = """\
number: "419"
date: 2026-06-15
request: "Công văn số 670/SYT của Sở Y tế"
signer: {on_behalf: "KT. CHỦ TỊCH", position: "PHÓ CHỦ TỊCH", name: "Y Lan"}
recipients: ["CT, các PCT UBND huyện"]
archive: "VT, TH"
reports:
  bdg:
    recipients: ["Sở Nội vụ tỉnh Quảng Ngãi (b/c)"]
    number: "12"
    request: "Công văn số 9/SNV;"
    signer: {name: "A Thư"}
  tre_em:
"""


def _settings(tmp_path: Path, text: str = SETTINGS) -> ReportSettings:
    path = tmp_path / "bao_cao.yaml"
    path.write_text(text, encoding="utf-8")
    return load_report_settings(path)


def test_each_scope_falls_back_to_the_top_level_field_by_field(tmp_path):
    settings = _settings(tmp_path)
    bdg, children = settings.reports["bdg"], settings.reports["tre_em"]
    assert (bdg.number, bdg.request) == ("12", "Công văn số 9/SNV")
    assert bdg.recipients == ("Sở Nội vụ tỉnh Quảng Ngãi (b/c)",)
    assert bdg.signer == Signer("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "A Thư")
    assert (bdg.date, bdg.archive, bdg.doc_code) == (settings.date, "VT, TH", "BC-UBND")
    assert dataclasses.replace(children, source=None) == dataclasses.replace(settings, reports={}, source=None)
    assert not bdg.reports and not children.reports


def test_a_wrong_key_inside_a_scope_is_refused_at_its_place(tmp_path):
    with pytest.raises(ConfigError) as caught:
        _settings(tmp_path, "reports:\n  bdg: {numbr: 12, date: 15/06/2026}\n")
    assert str(caught.value) == (
        "bao_cao.yaml: reports.bdg.date: ngày '15/06/2026' không hợp lệ, hãy ghi theo dạng NĂM-THÁNG-NGÀY, "
        "ví dụ 2025-06-30\nbao_cao.yaml: reports.bdg: không có trường 'numbr'"
    )


def test_an_unknown_scope_is_refused_naming_the_key_and_the_scopes_there_are(tmp_path, catalog):
    settings = _settings(tmp_path, "reports:\n  bdg: {}\n  bgd: {number: '12'}\n")
    with pytest.raises(ConfigError) as caught:
        check_scopes(settings, catalog)
    message = "bao_cao.yaml: reports.bgd: danh mục không có báo cáo 'bgd'; các báo cáo có: bdg, tre_em"
    assert str(caught.value) == message
    assert (caught.value.file, caught.value.key) == (str(tmp_path / "bao_cao.yaml"), "reports.bgd")
    without = dataclasses.replace(catalog, reports=())
    with pytest.raises(ConfigError, match=r"các báo cáo có: không có \(danh mục chưa khai báo mục reports\)$"):
        check_scopes(settings, without)
    check_scopes(_settings(tmp_path), catalog)


def _result(catalog, registry) -> PeriodResult:
    values = {"23377": {"loan_households": 5.0, "children_under16": 40.0, "staff_dedicated": 1.0}}
    completeness = Completeness(("23377",), (FileOutcome("23377", "a.xlsx", Status.ACCEPTED),))
    totals = aggregate(values, catalog, registry)
    return PeriodResult(Period(2026, 1), catalog, registry, totals, {}, completeness, [], [], [], {})


def test_the_reports_to_write_are_the_scopes_named_in_catalog_order(tmp_path, catalog, registry):
    result = _result(catalog, registry)
    assert report_parts(result, ReportSettings()) == [(None, ReportSettings())]
    settings = _settings(tmp_path, "reports:\n  tre_em: {number: '13'}\n  bdg: {number: '12'}\n")
    assert [(scope.id, s.number) for scope, s in report_parts(result, settings)] == [("bdg", "12"), ("tre_em", "13")]
    only = _settings(tmp_path, "reports:\n  tre_em:\n")
    assert [scope.id for scope, _ in report_parts(result, only)] == ["tre_em"]


def test_a_scopes_placeholders_hold_its_own_sections_only(catalog, registry):
    result = _result(catalog, registry)
    children = report_context(result, ReportSettings(), "phu_luc_2026S1_tre_em.xlsx", catalog.report("tre_em"))
    assert children["title"] == "Tình hình thực hiện công tác bảo vệ, chăm sóc trẻ em định kỳ 6 tháng đầu năm 2026"
    assert (children["scope"], children["subject"]) == ("tre_em", "công tác bảo vệ, chăm sóc trẻ em")
    assert "báo cáo công tác bảo vệ, chăm sóc trẻ em định kỳ 6 tháng đầu năm 2026" in children["opening"]
    assert children["sentence"]["economy"] == "" and children["sentence"]["staffing"]
    assert (children["strategy_line"], children["targets"]) == ("", [])
    groups = [row["label"] for row in children["figure_rows"] if row["group"]]
    assert groups == ["TỔ CHỨC BỘ MÁY VÀ KINH PHÍ HOẠT ĐỘNG", "CÔNG TÁC BẢO VỆ, CHĂM SÓC TRẺ EM", "LĨNH VỰC Y TẾ"]
    assert "(các biểu PL03_BoMay, PL06_TreEm, PL07_YTe)" in children["units_note"]
    assert children["figure"]["loan_households"] == "5"  # a lookup, for any template; not text of the report
    bdg = report_context(result, ReportSettings(), "phu_luc_2026S1_bdg.xlsx", catalog.report("bdg"))
    assert bdg["sentence"]["economy"] and bdg["strategy_line"] and bdg["targets"]
    assert "CÔNG TÁC BẢO VỆ, CHĂM SÓC TRẺ EM" not in [row["label"] for row in bdg["figure_rows"]]


def test_the_combined_report_keeps_its_wording(catalog, registry):
    combined = report_context(_result(catalog, registry), ReportSettings(), "phu_luc_2026S1.xlsx")
    assert combined["title"] == (
        "Tình hình thực hiện công tác bảo vệ chăm sóc trẻ em và bình đẳng giới định kỳ 6 tháng đầu năm 2026"
    )
    assert (combined["scope"], combined["subject"]) == ("", "công tác bảo vệ chăm sóc trẻ em và bình đẳng giới")
    with in_language("en"):
        english = report_context(_result(catalog, registry), ReportSettings(), "p.xlsx", catalog.report("bdg"))
    assert english["title"] == "Gender equality: report for the first half of 2026"
