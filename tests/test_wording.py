"""Outputs in English (``--lang en``): the summary's and the Word report's phrases, labels and figures."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

import docx
import pytest

from pipeline.aggregate.completeness import Completeness, FileOutcome, Status
from pipeline.aggregate.totals import aggregate
from pipeline.demo.samples import sample_values
from pipeline.spec.numbers import written_in
from pipeline.spec.periods import Period
from pipeline.spec.report_settings import ReportSettings
from pipeline.write.period_result import PeriodResult
from pipeline.write.report_docx import write_report
from pipeline.write.report_template import build_report_template
from pipeline.write.summary import render_summary_md
from pipeline.write.wording import MISSING, in_language, label, period_label, unit_name

EXPECTED = ("611", "23377", "23380", "23383", "23386", "23389", "23392", "23395", "23398")
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹàáèéìíòóùúýĐ]", re.IGNORECASE)


def _result(catalog, registry, accepted=EXPECTED) -> PeriodResult:
    raw = sample_values(registry)
    values = {u: {k: (None if v is None else float(v)) for k, v in raw[u].items()} for u in accepted}
    outcomes = [FileOutcome(u, f"{u}.xlsx", Status.ACCEPTED) for u in accepted]
    outcomes += [FileOutcome(u, None, Status.MISSING) for u in EXPECTED if u not in accepted]
    return PeriodResult(Period(2020, 1), catalog, registry, aggregate(values, catalog, registry), {},
                        Completeness(EXPECTED, tuple(outcomes)), [], [], [], {})  # fmt: skip


def _english_summary(result) -> str:
    with in_language("en"), written_in("en"):
        return render_summary_md(result.totals, result.catalog, result.registry, result.period, result.completeness, {})


def test_the_summary_in_english(catalog, registry):
    md = _english_summary(_result(catalog, registry))
    assert md.startswith(
        "# Child protection and gender equality — first half of 2020\n\nAggregated for: Huyện Ngọc Hồi\n"
    )
    assert "Valid reports received from 9/9 units." in md
    assert (
        "162 households were granted loans totalling 7,896 million VND; savings of 3,847 million VND were mobilised;"
        in md
    )
    assert "Level-1 literacy reached 17,101/17,471 people of the age band, 97.9%;" in md
    assert "No domestic-violence case occurred in the area during the period." in md
    assert "Checks: 0 errors, 0 warnings (details in `validation/report.md`)." in md


def test_a_partial_period_in_english_says_whose_figures(catalog, registry):
    kept = tuple(u for u in EXPECTED if u != "23383")
    md = _english_summary(_result(catalog, registry, kept))
    assert "(Figures of 7/8 communes and towns; no report yet from Xã Đắk Dục.)" in md
    assert "The communes and towns that reported recorded 0 domestic-violence cases during the period." in md
    assert "Not sent: Xã Đắk Dục (23383)." in md


def test_labels_units_and_periods_follow_the_language(catalog):
    assert (label(catalog, "loan_households"), unit_name(catalog, "loan_amount")) == (
        "Số hộ được giải quyết cho vay vốn",
        "triệu đồng",
    )
    with in_language("en"):
        assert label(catalog, "loan_households") == "Households granted loans"
        assert label(catalog, "new_jobs.female") == "People given new jobs (female)"
        assert unit_name(catalog, "loan_amount") == "million VND"
        assert period_label(2020, 2) == "second half of 2020" and MISSING() == "(no data)"
    assert period_label(2020, 2) == "6 tháng cuối năm 2020"


def test_the_english_template_has_no_vietnamese_word_outside_its_placeholders():
    with zipfile.ZipFile(BytesIO(build_report_template("en"))) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    text = re.sub(r"\{[{%].*?[}%]\}", "", re.sub(r"<[^>]+>", "", xml))
    assert VIETNAMESE.findall(text) == []


def test_the_word_report_in_english(tmp_path, catalog, registry):
    with in_language("en"), written_in("en"):
        path = write_report(tmp_path / "r.docx", _result(catalog, registry), ReportSettings())
    lines = [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]
    assert "REPORT" in lines and "Child protection and gender equality: report for the first half of 2020" in lines
    assert any(line.startswith("+ Economy, labour and jobs: 162 households were granted loans") for line in lines)
    assert "The figures of this report come from valid reports of all 9/9 units." in lines
    opening = next(line for line in lines if line.startswith("In response to [Drafting officer: write the request"))
    assert "child protection and gender equality in the district for the first half of 2020 as follows:" in opening


@pytest.mark.parametrize("lang", ["fr", ""])
def test_an_unknown_language_is_refused(lang):
    with pytest.raises(ValueError), in_language(lang):
        pass
