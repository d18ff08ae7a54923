"""issues.csv, values.csv and manifest.json."""

from __future__ import annotations

import csv
import io
import json
import math
from types import SimpleNamespace

import pytest

from pipeline.aggregate.completeness import Completeness, FileOutcome, Status
from pipeline.issues.issue import Issue
from pipeline.read.workbook import read_submission
from pipeline.spec.catalog import Severity
from pipeline.write.csv_files import (
    VALUE_COLUMNS,
    CsvField,
    Memo,
    SourceRows,
    csv_cell,
    csv_number,
    safe_text,
    write_issues_csv,
    write_values_csv,
)
from pipeline.write.records import manifest, write_json


def test_issues_csv_has_the_documented_columns_and_opens_in_excel(tmp_path):
    issue = Issue(
        unit_code="23380",
        file="a.xlsx",
        sheet="2_KinhTe",
        cell="E9",
        indicator="loan_households",
        value=None,
        rule="required",
        severity=Severity.ERROR,
        message="Ô E9 để trống.",
        fix="Nhập số liệu.",
        file_sha256="ab12",
        related=(("2_KinhTe", "E9"),),
    )
    write_issues_csv(tmp_path / "issues.csv", [issue])
    raw = (tmp_path / "issues.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Vietnamese text as UTF-8
    with open(tmp_path / "issues.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        [
            "unit_code",
            "file",
            "file_sha256",
            "sheet",
            "cell",
            "related_cells",
            "indicator",
            "value",
            "rule",
            "expression",
            "severity",
            "message",
            "fix",
            "waiver",
        ],
        [
            "23380",
            "a.xlsx",
            "ab12",
            "2_KinhTe",
            "E9",
            "2_KinhTe!E9",
            "loan_households",
            "",
            "required",
            "",
            "error",
            "Ô E9 để trống.",
            "Nhập số liệu.",
            "",
        ],
    ]


def test_text_that_looks_like_a_formula_is_neutralised(tmp_path):
    assert safe_text('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert safe_text("@SUM(1)") == "'@SUM(1)" and safe_text("+1") == "'+1"
    assert safe_text(-5.0) == -5.0 and safe_text("Đắk Ang") == "Đắk Ang"
    issue = Issue(
        unit_code=None,
        file="=cmd.xlsx",
        sheet=None,
        cell=None,
        indicator=None,
        value="-1+2",
        rule="x",
        severity=Severity.WARNING,
        message="m",
    )
    write_issues_csv(tmp_path / "i.csv", [issue])
    with open(tmp_path / "i.csv", encoding="utf-8-sig", newline="") as handle:
        row = next(iter(csv.DictReader(handle)))
    assert row["file"] == "'=cmd.xlsx" and row["value"] == "'-1+2"


def _lines(path) -> list[str]:
    return path.read_bytes().decode("utf-8-sig").splitlines()


def test_whole_numbers_are_written_without_a_decimal_point_and_decimals_keep_their_digits():
    assert [csv_number(v) for v in (12.0, -5.0, -0.0, 1250.0, 9e10)] == ["12", "-5", "0", "1250", "90000000000"]
    assert [csv_number(v) for v in (97.9, 0.1 + 0.2, 1e-05, -2.5)] == ["97.9", "0.30000000000000004", "0.00001", "-2.5"]


def test_issues_csv_golden_lines(tmp_path):
    def issue(value, rule):
        return Issue(
            unit_code="23380",
            file="a.xlsx",
            sheet="2_KinhTe",
            cell="E9",
            indicator="loan_households",
            value=value,
            rule=rule,
            severity=Severity.WARNING,
            message="m",
        )

    issues = [issue(12.0, "outlier"), issue(97.9, "rate"), issue(-3.0, "negative"), issue("-1+2", "text")]
    write_issues_csv(tmp_path / "issues.csv", issues)
    assert _lines(tmp_path / "issues.csv")[1:] == [
        "23380,a.xlsx,,2_KinhTe,E9,,loan_households,12,outlier,,warning,m,,",
        "23380,a.xlsx,,2_KinhTe,E9,,loan_households,97.9,rate,,warning,m,,",
        "23380,a.xlsx,,2_KinhTe,E9,,loan_households,-3,negative,,warning,m,,",
        "23380,a.xlsx,,2_KinhTe,E9,,loan_households,'-1+2,text,,warning,m,,",
    ]


def test_values_csv_golden_lines(tmp_path):
    rows = [
        {"unit_code": "23380", "unit_name": "Đắk Ang", "indicator": "loan_households", "value": 12.0, "cell": "E9"},
        {"unit_code": "23380", "unit_name": "Đắk Ang", "indicator": "literacy_rate", "value": 97.9, "cell": "E13"},
        {"unit_code": "23380", "unit_name": "Đắk Ang", "indicator": "rice_kg", "value": None, "cell": "E15"},
    ]
    write_values_csv(tmp_path / "values.csv", rows)
    assert _lines(tmp_path / "values.csv") == [
        "unit_code,unit_name,indicator,label,value,file,sheet,cell",
        "23380,Đắk Ang,loan_households,,12,,,E9",
        "23380,Đắk Ang,literacy_rate,,97.9,,,E13",
        "23380,Đắk Ang,rice_kg,,,,,E15",
    ]


def test_values_csv_of_a_sample_form_writes_its_whole_figures_whole(tmp_path, sample_inbox, catalog, registry):
    path = sorted(sample_inbox.glob("*.xlsx"))[0]
    sub = read_submission(path, catalog)
    write_values_csv(tmp_path / "values.csv", SourceRows([sub], catalog, registry))
    code, cell = next((c, v) for c, v in sub.values.items() if v.value is not None and v.value.is_integer())
    unit, label = registry[sub.unit_code], catalog.label_vi(code)
    line = f"{unit.code},{unit.name},{code},{label},{int(cell.value)},{sub.name},{cell.sheet},{cell.cell}"
    assert line in _lines(tmp_path / "values.csv")


def test_manifest_lists_every_file_with_status(tmp_path):
    c = Completeness(
        ("23380", "23383"),
        (
            FileOutcome("23380", "a.xlsx", Status.ACCEPTED, "", "ab"),
            FileOutcome("23383", None, Status.MISSING, "Chưa nhận được báo cáo."),
        ),
    )
    write_json(tmp_path / "m.json", manifest(c, "2020S1"))
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert data["files"][1] == {
        "file": None,
        "sha256": None,
        "unit_code": "23383",
        "status": "missing",
        "status_vi": "Chưa gửi",
        "reason": "Chưa nhận được báo cáo.",
        "received": None,
        "received_clock": None,
        "delivered": None,
        "sender": None,
        "sender_date": None,
        "late": None,
    }


def test_source_rows_are_counted_without_being_made_and_trace_each_value(tmp_path, sample_inbox, catalog, registry):
    subs = [read_submission(path, catalog) for path in sorted(sample_inbox.glob("*.xlsx"))[:2]]
    rows = SourceRows(subs, catalog, registry)
    assert len(rows) == sum(len(s.values) for s in subs) > 0
    write_values_csv(tmp_path / "values.csv", rows)
    with open(tmp_path / "values.csv", encoding="utf-8-sig", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert len(written) == len(rows)
    first, cell = written[0], next(iter(subs[0].values.values()))
    assert (first["unit_code"], first["indicator"], first["file"], first["sheet"], first["cell"]) == (
        subs[0].unit_code,
        cell.code,
        subs[0].name,
        cell.sheet,
        cell.cell,
    )
    assert first["label"] == catalog.label_vi(cell.code)
    assert first["value"] == ("" if cell.value is None else csv_number(cell.value))
    assert all(not row["value"].endswith(".0") for row in written)  # whole figures are written whole


def test_values_csv_writes_a_formula_like_file_name_as_text(tmp_path, sample_inbox, catalog, registry):
    path = sorted(sample_inbox.glob("*.xlsx"))[0]
    sub = read_submission(path, catalog, name="=HYPERLINK(1).xlsx")
    write_values_csv(tmp_path / "values.csv", SourceRows([sub], catalog, registry))
    with open(tmp_path / "values.csv", encoding="utf-8-sig", newline="") as handle:
        files = {row["file"] for row in csv.DictReader(handle)}
    assert files == {"'=HYPERLINK(1).xlsx"}


def test_json_is_indented_unless_it_is_large(tmp_path, monkeypatch):
    import pipeline.write.records

    data = {"period": "2020S1", "units": ["23377", "23380"]}
    write_json(tmp_path / "small.json", data)
    assert (tmp_path / "small.json").read_text(encoding="utf-8").startswith('{\n  "period": "2020S1",')
    monkeypatch.setattr(pipeline.write.records, "PRETTY_JSON_MAX_CHARS", 10)
    write_json(tmp_path / "large.json", data)
    assert (tmp_path / "large.json").read_text(encoding="utf-8") == '{"period":"2020S1","units":["23377","23380"]}\n'
    assert json.loads((tmp_path / "large.json").read_text(encoding="utf-8")) == data


# --- values.csv joined from its fields' texts ----------------------------------------------

AWKWARD = [
    "",
    None,
    "a,b",
    'say "no"',
    "two\nlines",
    "cr\r",
    " lead",
    "trail ",
    "=1+1",
    "-3",
    "@x",
    "\tt",
    "Đắk Ang",
    ",",
    '"',
]


def test_a_row_joined_from_its_fields_is_what_the_csv_writer_writes():
    field = CsvField()
    rows = [[a, b] for a in AWKWARD for b in AWKWARD] + [[a] for a in AWKWARD] + [[1.5, None, "x", ""]]
    for row in rows:
        buffer = io.StringIO(newline="")
        csv.writer(buffer).writerow(row)
        if len(row) > 1 or row[0] not in ("", None):  # a lone blank field is quoted by the writer; never a row
            assert ",".join(map(field, row)) + "\r\n" == buffer.getvalue(), row


def test_a_memo_gives_what_its_function_gives_and_keeps_at_most_its_limit():
    calls = []
    memo = Memo(lambda key: calls.append(key) or key * 2, limit=2)
    assert [memo[k] for k in (1, 2, 1, 3, 3)] == [2, 4, 2, 6, 6]
    assert len(memo) == 2 and calls == [1, 2, 3, 3]


def _values_csv_as_the_writer_writes_it(path, rows):
    """values.csv as one csv.writer call per row writes it: what the joined rows must equal."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(VALUE_COLUMNS)
        for sub in rows.submissions:
            unit = rows.registry[sub.unit_code]
            for code, cell in sub.values.items():
                writer.writerow(
                    (unit.code, unit.name, code, rows.catalog.label_vi(code), csv_cell(cell.value),
                     safe_text(sub.name), safe_text(cell.sheet), safe_text(cell.cell))
                )  # fmt: skip


def _submission(unit, name, figures, sheets, cells):
    codes = ["a", "b", "c", "d", "e", "unlabelled", "f", "g", "h", "i", "j", "k", "l", "m", "n"]
    return SimpleNamespace(
        unit_code=unit,
        name=name,
        values={
            code: SimpleNamespace(value=value, sheet=sheet, cell=cell)
            for code, value, sheet, cell in zip(codes, figures, sheets, cells, strict=False)
        },
    )


@pytest.mark.parametrize(
    "figures",
    [
        [12.0, 97.9, None, -0.0, 0.0, 1e-05, -3.0, 9e15, 0.1 + 0.2, math.inf, -math.inf, math.nan, 12.0, None],
        [1.0, True, 1, False, 0.0, None],  # not all floats: a memo keyed by value would write True as 1
    ],
)
def test_values_csv_is_byte_for_byte_what_the_csv_writer_writes(tmp_path, figures):
    units = {
        "1": SimpleNamespace(code="1", name="Xã Đắk Ang"),
        "2": SimpleNamespace(code="2", name='Phường "Một", quận 2'),
        "3": SimpleNamespace(code="3", name="=Xã\nBa"),
    }
    labels = {"a": "Số hộ, (DTTS)", "b": 'Tỷ lệ "biết chữ"', "c": "", "d": "-âm", "e": "x\r\ny"}
    labels.update({code: f"Chỉ tiêu {code}" for code in "fghijklmn"})
    subs = [
        _submission(
            "1", "dak_ang.xlsx", figures, ["2_KinhTe", "3_XaHoi", "=S", "a,b", ""] * 3, ["E9", "+1", "", "F"] * 4
        ),
        _submission("2", "=HYPERLINK(1).xlsx", figures[::-1], ["2_KinhTe"] * 15, ["E9", "E10", '"E"'] * 5),
        _submission("3", 'tệp "3", mới.xlsx', [], [], []),
        _submission("1", "dak_ang (2).xlsx", figures, ["2_KinhTe"] * 15, ["E9"] * 15),
    ]
    rows = SourceRows(subs, SimpleNamespace(label_vi=labels.get), units)
    write_values_csv(tmp_path / "values.csv", rows)
    _values_csv_as_the_writer_writes_it(tmp_path / "expected.csv", rows)
    assert (tmp_path / "values.csv").read_bytes() == (tmp_path / "expected.csv").read_bytes()
    assert len(_lines(tmp_path / "values.csv")) > 1 + 2 * len(figures)  # the fields with line breaks add lines
