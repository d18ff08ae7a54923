"""The catalog of issue codes: each code worded once, every code the package uses defined,
and the README's table of codes exactly what the code says."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from pipeline.issues.code_table import codes_table_markdown
from pipeline.issues.codes import IssueCode
from pipeline.issues.issue import AUTOMATIC_FIELDS, Issue
from pipeline.spec.catalog import Severity

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pipeline"
README_BLOCK = re.compile(r"<!-- issue-codes:start -->\n(.*?)<!-- issue-codes:end -->", re.DOTALL)
# Keywords of Issue.of that are not template fields: a template using one could never be filled.
RESERVED = {"code", "value", "related", "expression", "file_sha256", "severity", "rule"}


def _names(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def _sample(code: IssueCode) -> dict[str, str]:
    return {name: f"<{name}>" for name in code.placeholders}


@pytest.mark.parametrize("code", list(IssueCode), ids=[c.value for c in IssueCode])
def test_every_code_renders_with_its_placeholders(code):
    fields = _sample(code)
    message, fix = code.message(**fields), code.fix(**fields)
    assert message.strip() and fix.strip() and code.title_vi.strip()
    for text in (message, fix):
        assert not _names(text), f"{code.value}: unfilled {_names(text)}"
    assert isinstance(code.severity, Severity)
    assert not code.placeholders & RESERVED


@pytest.mark.parametrize("code", [c for c in IssueCode if c.placeholders], ids=lambda c: c.value)
def test_a_missing_placeholder_fails_loudly(code):
    for render, template in ((code.message, code.message_template), (code.fix, code.fix_template)):
        for name in _names(template):
            fields = _sample(code)
            del fields[name]
            with pytest.raises(KeyError, match=name):
                render(**fields)


def test_no_two_codes_share_a_message():
    messages = [c.message_template for c in IssueCode]
    assert len(messages) == len(set(messages))


def test_codes_are_unique_snake_case_identifiers():
    values = [c.value for c in IssueCode]
    assert len(values) == len(set(values))
    for value in values:
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", value) and value.isidentifier(), value
    assert all(c.name == c.value.upper() for c in IssueCode)


def test_every_code_used_in_the_package_exists_and_every_code_is_used():
    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        used |= set(re.findall(r"IssueCode\.([A-Z][A-Z0-9_]*)\b", path.read_text(encoding="utf-8")))
    assert used - set(IssueCode.__members__) == set()
    assert set(IssueCode.__members__) - used == set()


def test_the_readme_holds_the_generated_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = README_BLOCK.search(readme)
    if block is None:
        pytest.skip("README.md has no issue-codes block yet")
    assert block.group(1).strip() == codes_table_markdown().strip(), "paste codes_table_markdown() into README.md"


def test_the_table_has_one_row_per_code():
    rows = codes_table_markdown().splitlines()
    assert rows[0] == "| code | mức độ | ý nghĩa | cách sửa |"
    assert [r.split(" | ")[0].strip("| `") for r in rows[2:]] == [c.value for c in IssueCode]
    assert all(r.count(" | ") == 3 for r in [rows[0], *rows[2:]])


def test_an_issue_is_worded_from_its_code():
    issue = Issue.of(IssueCode.NON_NEGATIVE, file="a.xlsx", sheet="2_KinhTe", cell="E9", label="Gạo", found="-5")
    assert (issue.rule, issue.severity) == ("non_negative", Severity.ERROR)
    assert issue.message == 'Ô E9 (trang 2_KinhTe) — "Gạo": giá trị -5 là số âm.'
    assert issue.fix == IssueCode.NON_NEGATIVE.fix()


def test_only_the_automatic_fields_come_from_the_location():
    assert {"file", "sheet", "cell", "indicator", "unit_code", "at"} == AUTOMATIC_FIELDS
