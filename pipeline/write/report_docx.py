"""``bao_cao_<period>.docx``: the report draft, rendered from a Word template with docxtpl.

The template is a real .docx an office may edit in Word or LibreOffice; its placeholders
are Jinja (``{{ sentence.economy }}``) and must be among :data:`PLACEHOLDERS`. A template
naming anything else, or whose Jinja does not parse, is refused with the name and the
problem before any output is written, because a draft with a silently empty paragraph
would be signed as it is. Values are XML-escaped (autoescape), so a name with "&" or "<"
stays text.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path
from typing import IO

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate

from pipeline.errors import ConfigError, UsageError
from pipeline.spec.periods import Period
from pipeline.spec.report_scopes import ReportScope
from pipeline.spec.report_settings import ReportSettings
from pipeline.write.period_result import PeriodResult
from pipeline.write.report_context import PLACEHOLDERS, report_context
from pipeline.write.report_template import build_report_template
from pipeline.write.wording import language

WHAT = "mẫu báo cáo Word"


def _environment() -> jinja2.Environment:
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


def _open(template: Path | None) -> DocxTemplate:
    source: Path | IO[bytes] = BytesIO(build_report_template(language())) if template is None else template
    if template is not None:
        if template.is_dir():
            raise UsageError(f"{template} là một thư mục, không phải {WHAT} (--report-template).")
        if not template.exists():
            raise UsageError(f"Không tìm thấy {WHAT} (--report-template): {template}")
        if not zipfile.is_zipfile(template):
            raise ConfigError(
                f"{template.name}: {WHAT} phải là tệp .docx (Word 2007 trở lên). Hãy lưu lại bằng Word hoặc "
                "LibreOffice dưới dạng .docx.",
                file=str(template),
            )
    try:
        return DocxTemplate(source)
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile, ValueError) as exc:
        raise ConfigError(f"{_name(template)}: không mở được {WHAT} ({exc}).", file=str(template)) from None


def _name(template: Path | None) -> str:
    return template.name if template else "mẫu báo cáo mặc định"


def check_report_template(template: Path | None) -> None:
    """Refuse a template that names an unknown placeholder or whose Jinja is malformed."""
    doc = _open(template)
    try:
        unknown = doc.get_undeclared_template_variables(_environment(), dict.fromkeys(PLACEHOLDERS))
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(
            f"{_name(template)}: {WHAT} có lỗi cú pháp ở chỗ đặt biến ({exc.message}). Hãy sửa dấu {{{{ }}}} "
            "hoặc {% %} trong mẫu.",
            file=str(template),
        ) from None
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ConfigError(
            f"{_name(template)}: {WHAT} dùng biến không có: {names}. Các biến có thể dùng được liệt kê trong "
            'README (mục "Báo cáo Word").',
            file=str(template),
        )


def output_name(stem: str, period: Period, part: ReportScope | None, suffix: str) -> str:
    """``bao_cao_2026S1.docx`` for the combined report, ``bao_cao_2026S1_bdg.docx`` for a scope's."""
    return f"{stem}_{period.code}{f'_{part.id}' if part is not None else ''}{suffix}"


def write_report(
    path: Path, result: PeriodResult, report: ReportSettings, template: Path | None = None,
    part: ReportScope | None = None,
) -> Path:  # fmt: skip
    """Render the draft for ``result`` into ``path``: the combined report, or the report
    scope ``part`` with its own sections only, pointing to its own appendix workbook."""
    check_report_template(template)
    doc = _open(template)
    context = report_context(result, report, output_name("phu_luc", result.period, part, ".xlsx"), part)
    try:
        doc.render(context, _environment(), autoescape=True)
    except jinja2.UndefinedError as exc:  # a name that exists with a part that does not: figure.no_such_code
        raise ConfigError(
            f"{_name(template)}: {WHAT} dùng biến không có ({exc.message}).", file=str(template)
        ) from None
    except jinja2.TemplateError as exc:
        raise ConfigError(f"{_name(template)}: không điền được {WHAT} ({exc}).", file=str(template)) from None
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path
