"""The table of issue codes the README holds, made from the enumeration itself so the two
never disagree (a test compares them)."""

from __future__ import annotations

from pipeline.issues.codes import RULE_FIX, IssueCode


def codes_table_markdown() -> str:
    """The codes as the Markdown table the README holds, one row per code in definition order;
    placeholders stay as ``{name}``, since the README explains the kind, not one instance."""

    def escaped(text: str) -> str:
        return text.replace("|", "\\|")

    rows = ["| code | mức độ | ý nghĩa | cách sửa |", "|---|---|---|---|"]
    for code in IssueCode:
        severity, fix = code.severity.label_vi.lower(), code.fix_template
        if code is IssueCode.CATALOG_RULE:  # both are the catalog's own
            severity, fix = "theo danh mục", f"theo danh mục (nếu không ghi: {RULE_FIX})"
        rows.append(f"| `{code.value}` | {severity} | {escaped(code.title_vi)} | {escaped(fix)} |")
    return "\n".join(rows) + "\n"
