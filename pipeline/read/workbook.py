"""Read one submitted workbook into values with their provenance (python-calamine).

Values are found by indicator code, not by position: the reader looks on every sheet
for the row of column titles ("Mã chỉ tiêu", "Tổng số", "Trong đó: …") and then for
rows whose code cell holds a known indicator code. Inserted rows or columns, or rows
moved to another sheet, still read right. Each value keeps its file, sheet and cell.

The reader judges single cells only (text numbers, formulas, duplicated rows); rules
across cells and submissions belong to validation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine
from xlsxwriter.utility import xl_rowcol_to_cell

from pipeline.forms.layout import CODE_HEADER, INSTRUCTIONS_SHEET, META_SHEET, REPORTER_LABEL, TOTAL_HEADER
from pipeline.intake.safety import check_dimensions, inspect, refuse
from pipeline.issues.codes import IssueCode
from pipeline.issues.issue import Issue
from pipeline.read.formulas import formula_cells
from pipeline.spec.catalog import Catalog, Indicator, ValueType
from pipeline.spec.numbers import HARD_LIMIT, NotANumber, format_auto, format_number, in_range, parse_number_text

_TRUE = {"có", "co", "x", "yes", "true", "1", "đạt"}
_FALSE = {"không", "khong", "no", "false", "0", "chưa"}
_ENTRY_LABELS = {"unit_code": "Mã đơn vị", "unit_name": "Tên đơn vị", "period": "Kỳ báo cáo"}


@dataclass(frozen=True, slots=True)
class CellValue:
    """One read value. ``value`` is None for a blank (or untrusted) cell; ``invalid``
    marks a cell whose content does not fit the indicator's type (kept in ``raw``)."""

    code: str
    value: float | None
    raw: Any
    sheet: str
    cell: str
    invalid: bool = False
    formula: bool = False
    out_of_range: bool = False
    """Infinite, not a number, or beyond the hard limit: refused at the cell, never used."""


@dataclass(frozen=True)
class Submission:
    """A readable workbook: its identity (from metadata, not the file name) and values."""

    path: Path
    name: str
    sha256: str
    meta: dict[str, str]
    values: dict[str, CellValue]
    issues: tuple[Issue, ...] = ()
    meta_cells: dict[str, tuple[str, str]] = field(default_factory=dict)
    headings: tuple[tuple[str, str, str], ...] = ()
    """(sheet, cell, text) of each visible "Đơn vị báo cáo: …" line: whom the form names."""
    instructions_name: tuple[str, str, str] | None = None
    """(sheet, cell, text) of the unit name on the instructions sheet, if the form has one."""

    @property
    def unit_code(self) -> str:
        return self.meta.get("unit_code", "")

    @property
    def period(self) -> str:
        return self.meta.get("period", "")


def _text(value: Any) -> str:
    """Cell content as identity text: 23380.0 -> "23380"; blank -> ""."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None:
        return ""
    return str(value).strip()


def _read_meta(
    sheets: dict[str, python_calamine.CalamineSheet],
) -> tuple[dict[str, str], dict, tuple[str, str, str] | None]:
    """The _meta sheet's identity, where each key sits, and the unit name the instructions
    sheet shows (one pass over each sheet)."""
    meta: dict[str, str] = {}
    shown: tuple[str, str, str] | None = None
    cells: dict[str, tuple[str, str]] = {}
    rows = sheets[META_SHEET].to_python(skip_empty_area=False)
    for r, row in enumerate(rows):
        if len(row) >= 2 and _text(row[0]):
            meta[_text(row[0])] = _text(row[1])
            cells[_text(row[0])] = (META_SHEET, xl_rowcol_to_cell(r, 1))
    if INSTRUCTIONS_SHEET in sheets:
        # A master template carries no identity in _meta: the commune types it on the
        # instructions sheet, next to the labels below.
        for r, row in enumerate(sheets[INSTRUCTIONS_SHEET].to_python(skip_empty_area=False)):
            for c, value in enumerate(row[:-1]):
                if shown is None and r < 12 and isinstance(value, str) and value.strip() == _ENTRY_LABELS["unit_name"]:
                    # a form whose headings were blanked still names its unit here (the admission check)
                    shown = (INSTRUCTIONS_SHEET, xl_rowcol_to_cell(r, c + 1), str(row[c + 1] or "").strip())
                for key, label in _ENTRY_LABELS.items():
                    if isinstance(value, str) and value.startswith(label) and not meta.get(key):
                        meta[key] = _text(row[c + 1])
                        cells[key] = (INSTRUCTIONS_SHEET, xl_rowcol_to_cell(r, c + 1))
    return meta, cells, shown


def _as_float(number: Any) -> float:
    """``float(number)``, plus zero for negative zero, never raising: a signalling NaN
    ("sNaN" typed as text) becomes NaN and an integer too large for a float infinity,
    both out of range for the reader (:func:`~pipeline.spec.numbers.in_range`)."""
    try:
        return float(number) + 0.0
    except ValueError:
        return float("nan")
    except OverflowError:
        return float("inf")


def _parse(ind: Indicator, raw: Any) -> tuple[float | None, bool, bool]:
    """(value, invalid, was_text_number) for one cell under the indicator's type."""
    if raw is None or raw == "":
        return None, False, False
    if ind.type is ValueType.BOOLEAN:
        if isinstance(raw, bool):
            return float(raw), False, False
        if isinstance(raw, int | float):
            return (float(raw), False, False) if raw in (0, 1) else (None, True, False)
        word = str(raw).strip().casefold()
        if word in _TRUE:
            return 1.0, False, False
        if word in _FALSE:
            return 0.0, False, False
        return (None, False, False) if word in {"", "-"} else (None, True, False)
    if isinstance(raw, bool | dt.date | dt.time | dt.timedelta):
        return None, True, False
    was_text = isinstance(raw, str)
    if was_text:
        try:
            number = parse_number_text(raw)
        except NotANumber:
            return None, True, False
        if number is None:
            return None, False, False
        value = _as_float(number)
    else:
        value = _as_float(raw)
    if ind.type is ValueType.INTEGER and in_range(value) and not value.is_integer():
        return None, True, False
    return value, False, was_text


def _header_columns(row: list[Any], catalog: Catalog) -> dict[int, str] | None:
    """Column index -> suffix ("" for the total, ".female" …) if this is a title row."""
    if CODE_HEADER not in row:  # cheap test first: this runs for every row of every sheet
        return None
    texts = [_text(v) for v in row]
    if TOTAL_HEADER not in texts:
        return None
    columns = {texts.index(TOTAL_HEADER): ""}
    for part in catalog.disaggregations:
        if part.label_vi in texts:
            columns[texts.index(part.label_vi)] = "." + part.code
    columns[-1 - texts.index(CODE_HEADER)] = "code"  # negative key: where the code is
    return columns


def read_submission(path: Path, catalog: Catalog, name: str | None = None) -> Submission:
    """Read ``path``; raise :class:`~pipeline.errors.WorkbookError` if it is not a readable form at all.

    ``name`` is how messages name the file (its path inside the inbox); default its name.
    """
    path = Path(path)
    name = name or path.name
    # Read once: empty, foreign, damaged or hostile files never reach calamine, and the
    # bytes checked are the bytes calamine, the formula scan and the checksum see.
    inspected = inspect(path, name)
    try:
        # By content, not by extension: an .xlsx sent as .xls is read as what it is.
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(inspected.data))
    except python_calamine.PasswordError as exc:
        raise refuse(IssueCode.ENCRYPTED_FILE, name) from exc
    except Exception as exc:  # calamine raises several types for damaged or foreign files
        raise refuse(IssueCode.UNREADABLE_FILE, name) from exc
    try:
        sheets = check_dimensions(book, name)
        names = list(sheets)
        if META_SHEET not in names:
            template_id = catalog.dataset.template_id
            raise refuse(IssueCode.NO_META_SHEET, name, template_id=template_id, meta_sheet=META_SHEET)
        meta, meta_cells, shown = _read_meta(sheets)
        formulas = formula_cells(inspected)
        values: dict[str, CellValue] = {}
        issues: list[Issue] = []
        unit = meta.get("unit_code") or None
        known = {i.code: i for i in catalog.indicators}
        # An earlier template version may name a row differently; same meaning, today's code.
        renames = catalog.dataset.earlier_versions.get(meta.get("template_version", ""), {})
        known |= {old: known[new] for old, new in renames.items() if new in known}

        def note(issue_code: IssueCode, sheet: str, ref: str, code: str, value: Any, **fields: Any) -> None:
            issues.append(
                Issue.of(
                    issue_code, file=name, unit_code=unit, sheet=sheet, cell=ref, indicator=code, value=value, **fields
                )
            )

        headings: list[tuple[str, str, str]] = []
        for sheet_name in names:
            if sheet_name in (META_SHEET, INSTRUCTIONS_SHEET):
                continue
            rows = sheets[sheet_name].to_python(skip_empty_area=False)
            columns: dict[int, str] | None = None
            code_col = -1
            for r, row in enumerate(rows):
                if columns is None and row and isinstance(row[0], str) and row[0].startswith(REPORTER_LABEL):
                    headings.append((sheet_name, xl_rowcol_to_cell(r, 0), row[0]))
                header = _header_columns(row, catalog)
                if header is not None:
                    code_col = -1 - next(k for k, v in header.items() if v == "code")
                    columns = {k: v for k, v in header.items() if k >= 0}
                    continue
                if columns is None or code_col >= len(row):
                    continue
                ind = known.get(_text(row[code_col]))
                if ind is None:
                    continue
                if ind.code in values:
                    first, ref = values[ind.code], xl_rowcol_to_cell(r, code_col)
                    note(
                        IssueCode.DUPLICATE_ROW,
                        sheet_name,
                        ref,
                        ind.code,
                        ind.code,
                        first_sheet=first.sheet,
                        first_cell=first.cell,
                    )
                    continue
                for col, suffix in columns.items():
                    code = ind.code + suffix
                    if code not in ind.field_codes() or col >= len(row):
                        continue
                    ref, raw = xl_rowcol_to_cell(r, col), row[col]
                    if ref in formulas.get(sheet_name, set()):
                        note(IssueCode.FORMULA_NOT_TRUSTED, sheet_name, ref, code, _text(raw))
                        values[code] = CellValue(code, None, raw, sheet_name, ref, formula=True)
                        continue
                    value, invalid, was_text = _parse(ind, raw)
                    if value is not None and not in_range(value):
                        found = f"{raw:.6g}" if isinstance(raw, float) else str(raw).strip()
                        limit = format_number(HARD_LIMIT)
                        label = catalog.label_vi(code)
                        note(IssueCode.NUMBER_OUT_OF_RANGE, sheet_name, ref, code, found, label=label, found=found,
                             limit=limit)  # fmt: skip
                        values[code] = CellValue(code, None, raw, sheet_name, ref, out_of_range=True)
                        continue
                    if was_text and value is not None:
                        number = format_auto(value)
                        note(IssueCode.TEXT_NUMBER, sheet_name, ref, code, raw, found=raw, number=number, unit=ind.unit)
                    values[code] = CellValue(code, value, raw, sheet_name, ref, invalid)
        sha = hashlib.sha256(inspected.data).hexdigest()
        return Submission(path, name, sha, meta, values, tuple(issues), meta_cells, tuple(headings), shown)
    finally:
        book.close()
