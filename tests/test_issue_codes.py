"""The catalog of issue codes: each code worded once, every code the package uses defined,
the README's table of codes exactly what the code says, and every code worded in English
too, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from pipeline.issues.code_table import codes_table_markdown
from pipeline.issues.codes import LANGS, IssueCode, location_prefix
from pipeline.issues.codes_en import ENGLISH
from pipeline.issues.issue import AUTOMATIC_FIELDS, Issue
from pipeline.spec.catalog import Severity

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pipeline"
README_BLOCK = re.compile(r"<!-- issue-codes:start -->\n(.*?)<!-- issue-codes:end -->", re.DOTALL)
# Keywords of Issue.of that are not template fields: a template using one could never be filled.
RESERVED = {"code", "value", "related", "expression", "file_sha256", "severity", "rule", "lang"}


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


# --- English -------------------------------------------------------------------------------


def test_every_code_has_an_english_wording_and_nothing_else_does():
    assert set(ENGLISH) == {c.value for c in IssueCode}
    assert LANGS == ("vi", "en")


@pytest.mark.parametrize("code", list(IssueCode), ids=[c.value for c in IssueCode])
def test_both_languages_use_exactly_the_same_placeholders(code):
    vi, en = code.wording("vi"), code.wording("en")
    assert sorted(_names(en.message)) == sorted(_names(vi.message)), code.value
    assert sorted(_names(en.fix)) == sorted(_names(vi.fix)), code.value
    assert en.title.strip() and en.title == code.title_en and vi.title == code.title_vi
    fields = _sample(code)
    message, fix = code.message(lang="en", **fields), code.fix(lang="en", **fields)
    for text in (message, fix):
        assert text.strip() and not _names(text), f"{code.value}: unfilled {_names(text)}"
        for name in _FORM_NAMES:
            text = text.replace(name, "")
        assert set(text) <= _ENGLISH_LETTERS, (code.value, set(text) - _ENGLISH_LETTERS)


# The English wording is English but for the names the form prints in Vietnamese.
_FORM_NAMES = ("Trong đó", "Tổng số", "Ghi chú")
_ENGLISH_LETTERS = {chr(n) for n in range(32, 127)} | set("–—×“”")


@pytest.mark.parametrize("code", [c for c in IssueCode if c.placeholders], ids=lambda c: c.value)
def test_a_missing_placeholder_fails_loudly_in_english_too(code):
    for render, template in ((code.message, code.wording("en").message), (code.fix, code.wording("en").fix)):
        for name in _names(template):
            fields = _sample(code)
            del fields[name]
            with pytest.raises(KeyError, match=name):
                render(lang="en", **fields)


def test_no_two_codes_share_an_english_message_or_title():
    assert len({c.wording("en").message for c in IssueCode}) == len(IssueCode)
    assert len({c.title_en for c in IssueCode}) == len(IssueCode)


def test_vietnamese_is_the_default_and_other_languages_are_refused():
    fields = {"cell": "E9", "sheet": "2_KinhTe", "label": "Gạo", "found": "-5"}
    assert IssueCode.NON_NEGATIVE.message(**fields) == IssueCode.NON_NEGATIVE.message(lang="vi", **fields)
    assert IssueCode.NON_NEGATIVE.message(**fields) == 'Ô E9 (trang 2_KinhTe) — "Gạo": giá trị -5 là số âm.'
    assert IssueCode.NON_NEGATIVE.fix() == "Nhập số không âm."
    with pytest.raises(ValueError, match="fr"):
        IssueCode.NON_NEGATIVE.message(lang="fr", **fields)


@pytest.mark.parametrize(
    ("code", "fields", "message", "fix"),
    [
        (
            IssueCode.NON_NEGATIVE,
            {"cell": "E9", "sheet": "2_KinhTe", "label": "Rice", "found": "-5"},
            'Cell E9 (sheet 2_KinhTe) — "Rice": the value -5 is negative.',
            "Enter a number that is not negative.",
        ),
        (
            IssueCode.FILE_TOO_LARGE,
            {"file": "a.xlsx", "size": "31.5", "limit": "30"},
            "The file a.xlsx is too large (31.5 MB; at most 30 MB).",
            "Delete the sheets and pictures that are not part of the form, save the file and send it again.",
        ),
        (
            IssueCode.TEMPLATE_VERSION,
            {"file": "a.xlsx", "found": "2019.1", "version": "2020.1"},
            "The file a.xlsx uses version '2019.1' of the form; the current version is 2020.1.",
            "Copy the figures into version 2020.1 of the form and send it again.",
        ),
        (
            IssueCode.TYPE,
            {"cell": "E9", "sheet": "2_KinhTe", "label": "Households", "found": "abc", "kind": "a whole number",
             "unit": "households"},
            "Cell E9 (sheet 2_KinhTe) — \"Households\": the value 'abc' is not a whole number.",
            "Enter a whole number (unit: households).",
        ),
        (
            IssueCode.PART_LE_WHOLE,
            {"at": "Cell F7 (sheet 3_XaHoi): ", "label": "New jobs (female)", "left": "12", "right": "10"},
            'Cell F7 (sheet 3_XaHoi): The figure "New jobs (female)" (12) is larger than the total (10).',
            'Correct the figure in the "Trong đó" (of which) column so that it is not larger than the '
            '"Tổng số" (total) column of the same row.',
        ),
        (
            IssueCode.LATE_SUBMISSION,
            {"file": "a.xlsx", "received": "25 July 2020", "deadline": "20 July 2020", "days": 5},
            "The file a.xlsx was received on 25 July 2020, after the deadline of 20 July 2020 (5 days late).",
            "Next time, send the report by the deadline.",
        ),
        (
            IssueCode.SUPERSEDED_NEWER,
            {"kept": "b.xlsx"},
            "Replaced by the file b.xlsx, sent later.",
            "Nothing to do if the file sent later is the right one; otherwise, send the right one again.",
        ),
        (
            IssueCode.MISSING_REPORT,
            {},
            "No report has been received.",
            "Fill in the unit's form and send it to the district office.",
        ),
    ],
    ids=lambda v: v.value if isinstance(v, IssueCode) else "",
)  # fmt: skip
def test_a_sample_of_english_messages_word_for_word(code, fields, message, fix):
    assert (code.message(lang="en", **fields), code.fix(lang="en", **fields)) == (message, fix)


def test_the_location_prefix_in_both_languages():
    assert location_prefix("2_KinhTe", "E9") == "Ô E9 (trang 2_KinhTe): "
    assert location_prefix("2_KinhTe", "E9", "en") == "Cell E9 (sheet 2_KinhTe): "
    assert location_prefix("2_KinhTe", None, "en") == ""
