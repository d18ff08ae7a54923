"""Outliers become located, worded warnings."""

from __future__ import annotations

import pandas as pd

from pipeline.read.workbook import read_submission
from pipeline.spec.catalog import Severity
from pipeline.validate.outliers import outlier_issues


def history_for(unit: str, indicator: str, values: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": [f"20{18 + k // 2}S{k % 2 + 1}" for k in range(len(values))],
            "unit_code": unit,
            "indicator": indicator,
            "value": values,
        }
    )


def test_a_figure_far_from_the_units_history_is_a_warning_at_its_cell(make_submission, catalog, registry):
    sub = read_submission(make_submission("23380", {"rice_kg": 2000}), catalog)
    [issue] = outlier_issues([sub], catalog, registry, history_for("23380", "rice_kg", [280.0, 300.0, 290.0, 310.0]))
    assert (issue.rule, issue.severity, issue.cell, issue.sheet) == (
        "outlier_history",
        Severity.WARNING,
        "E15",
        "2_KinhTe",
    )
    assert issue.message.startswith(
        'Ô E15 (trang 2_KinhTe) — "Gạo giúp nhau": giá trị 2.000 khác xa các kỳ trước '
        "của đơn vị (trung vị 295; khoảng thường gặp "
    )
    assert issue.fix == "Kiểm tra lại số liệu; nếu đúng, ghi giải thích vào cột Ghi chú."
    assert issue.file_sha256 == sub.sha256


def test_a_figure_within_its_history_is_fine(make_submission, catalog, registry):
    sub = read_submission(make_submission("23380", {"rice_kg": 300}), catalog)
    assert outlier_issues([sub], catalog, registry, history_for("23380", "rice_kg", [280.0, 300.0, 290.0])) == []


def test_a_commune_ten_times_its_peers_is_flagged_the_district_is_not(make_submission, catalog, registry, good_values):
    codes = ["23377", "23380", "23383", "23386", "23389", "23392", "23395", "23398"]
    subs = [read_submission(make_submission(c, name=f"{c}.xlsx"), catalog) for c in codes[1:]]
    heavy = good_values["23377"]["clothes_sets"] * 10
    subs.append(read_submission(make_submission("23377", {"clothes_sets": heavy}), catalog))
    subs.append(read_submission(make_submission("611"), catalog))
    issues = outlier_issues(
        subs, catalog, registry, pd.DataFrame(columns=["period", "unit_code", "indicator", "value"])
    )
    assert [(i.unit_code, i.indicator, i.rule) for i in issues] == [("23377", "clothes_sets", "outlier_peers")]


def test_plausible_size_differences_between_communes_are_not_flagged(sample_inbox, catalog, registry):
    subs = [read_submission(p, catalog) for p in sorted(sample_inbox.iterdir())]
    empty = pd.DataFrame(columns=["period", "unit_code", "indicator", "value"])
    assert outlier_issues(subs, catalog, registry, empty) == []


def test_a_district_office_without_communes_is_still_not_a_communes_peer(make_submission, catalog, registry):
    """Côn Đảo (755) was a district with no communes in 2020: an office by its level."""
    import dataclasses

    codes = ["23377", "23380", "23383", "23386", "23389", "23392", "23395", "23398"]
    childless = dataclasses.replace(
        registry,
        units=tuple(dataclasses.replace(u, parent="62") if u.level == "commune" else u for u in registry.units),
    )
    assert childless.children("611") == []
    subs = [read_submission(make_submission(c, name=f"{c}.xlsx"), catalog) for c in codes]
    subs.append(read_submission(make_submission("611"), catalog))
    empty = pd.DataFrame(columns=["period", "unit_code", "indicator", "value"])
    assert outlier_issues(subs, catalog, childless, empty) == []
