"""A form saved again by LibreOffice (as .xlsx, old Excel .xls or .ods) reads the same.

Communes open the form in whatever they have and save it in whatever that program
offers. A unit's real template is filled, converted by LibreOffice once per format,
and every conversion must give the same values, cells, identity and warnings.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
import python_calamine

from pipeline.forms.fill import fill_template
from pipeline.forms.layout import META_SHEET
from pipeline.read.formulas import formula_cells
from pipeline.read.workbook import Submission, read_submission

if shutil.which("soffice") is None:
    pytest.skip("LibreOffice không được cài", allow_module_level=True)

UNIT = "23380"
# One of each kind of content a commune types; the rest of the form keeps its sample values.
CHANGES: dict[str, Any] = {
    "loan_households": 16,  # an integer with a disaggregation next to it
    "loan_households.ethnic_minority": 9,
    "children_under16.female": 923,  # a second disaggregation column
    "loan_amount": 12.5,  # a decimal
    "rice_kg": 0.25,
    "interest_free_loan_amount": 7_800_000,  # a large amount in đồng
    "maternal_deaths": None,  # blank: must stay blank, not become 0
    "domestic_violence_cases": 0,  # zero: must stay 0, not become blank
    "green_village_model": "Có",
    "female_key_leader": False,  # written as "Không"
    "savings_mobilised": "1.250",  # a number typed as text: read as 1250 with a warning
}
FORMULA_CODE = "loan_amount"
# "<extension>:<filter>" as soffice's --convert-to takes it.
TARGETS = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "xls": "xls:MS Excel 97", "ods": "ods"}


def _convert(sources: list[Path], work: Path) -> None:
    """Convert all ``sources`` to every format: one soffice per format, run side by side.

    Each run has its own profile (two instances cannot share one), which makes the three
    start-ups overlap: about 3 s instead of 5 s one after the other.
    """
    running = []
    for ext, target in TARGETS.items():
        command = [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(work / f'profile-{ext}').as_uri()}",
            "--convert-to",
            target,
            "--outdir",
            str(work / "out"),
            *map(str, sources),
        ]
        # A session of its own, so a hung conversion is ended with every process it started.
        running.append(
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        )
    deadline = time.monotonic() + 180
    try:
        for proc in running:
            output, _ = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
            assert proc.returncode == 0, output.decode(errors="replace")
    finally:
        for proc in running:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@pytest.fixture(scope="module")
def forms(tmp_path_factory, unit_templates, good_values) -> dict[str, Path]:
    """``{"original": …, "xlsx": …, "xls": …, "ods": …, "formula.<ext>": …}``.

    Module-scoped so LibreOffice runs once per format, not per test; it therefore fills the template
    with ``fill_template`` as ``make_submission`` does (that fixture is per test).
    """
    work = tmp_path_factory.mktemp("formats")
    template, layout = unit_templates[UNIT]
    original = fill_template(template, {**good_values[UNIT], **CHANGES}, work / "in" / "form.xlsx", layout)
    formula = fill_template(
        template, {**good_values[UNIT], FORMULA_CODE: "=100+200"}, work / "in" / "formula.xlsx", layout
    )
    _convert([original, formula], work)
    found = {"original": original, "formula.original": formula}
    for ext in TARGETS:
        found[ext] = work / "out" / f"form.{ext}"
        found[f"formula.{ext}"] = work / "out" / f"formula.{ext}"
    return found


def _summary(sub: Submission) -> dict[str, Any]:
    return {
        "values": {code: cell.value for code, cell in sub.values.items()},
        "cells": {code: (cell.sheet, cell.cell) for code, cell in sub.values.items()},
        "invalid": sorted(code for code, cell in sub.values.items() if cell.invalid),
        "identity": (sub.unit_code, sub.period),
        "meta": sub.meta,
        "issues": sorted((i.rule, i.severity.value, i.sheet, i.cell, i.indicator, i.message) for i in sub.issues),
    }


def test_the_original_holds_every_kind_of_value(forms, catalog, unit_templates):
    """Guards the comparison below against comparing two empty readings."""
    sub = read_submission(forms["original"], catalog)
    values = {code: cell.value for code, cell in sub.values.items()}
    assert (sub.unit_code, sub.period) == (UNIT, "2020S1")
    assert values["loan_households"] == 16.0 and values["loan_households.ethnic_minority"] == 9.0
    assert values["children_under16.female"] == 923.0
    assert (values["loan_amount"], values["rice_kg"], values["interest_free_loan_amount"]) == (12.5, 0.25, 7_800_000)
    assert values["maternal_deaths"] is None and values["domestic_violence_cases"] == 0.0
    assert (values["green_village_model"], values["female_key_leader"]) == (1.0, 0.0)
    assert values["savings_mobilised"] == 1250.0
    assert [(i.rule, i.indicator) for i in sub.issues] == [("text_number", "savings_mobilised")]
    layout = unit_templates[UNIT][1]
    assert {code: (c.sheet, c.cell) for code, c in sub.values.items()} == {
        c.code: (c.sheet, c.cell) for c in layout.cells
    }


@pytest.mark.parametrize("ext", TARGETS)
def test_a_form_saved_by_libreoffice_reads_the_same(forms, catalog, ext):
    path = forms[ext]
    signature = path.read_bytes()[:8]
    if ext == "xls":
        assert signature == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # really old Excel's format, not a renamed zip
    else:
        assert signature.startswith(b"PK")
    assert _summary(read_submission(path, catalog)) == _summary(read_submission(forms["original"], catalog))


@pytest.mark.parametrize("ext", TARGETS)
def test_the_metadata_sheet_stays_hidden(forms, ext):
    book = python_calamine.CalamineWorkbook.from_path(str(forms[ext]))
    try:
        visible = {sheet.name: sheet.visible for sheet in book.sheets_metadata}
    finally:
        book.close()
    assert visible[META_SHEET] != python_calamine.SheetVisibleEnum.Visible
    assert [name for name, v in visible.items() if v != python_calamine.SheetVisibleEnum.Visible] == [META_SHEET]


@pytest.mark.parametrize("ext", ["xlsx", "ods"])
def test_a_formula_in_an_input_cell_survives_conversion_and_is_not_trusted(forms, catalog, unit_templates, ext):
    ref = unit_templates[UNIT][1].cell_for(FORMULA_CODE)
    assert formula_cells(forms["formula.original"]) == {ref.sheet: {ref.cell}}
    assert formula_cells(forms[f"formula.{ext}"]) == {ref.sheet: {ref.cell}}
    sub = read_submission(forms[f"formula.{ext}"], catalog)
    cell = sub.values[FORMULA_CODE]
    assert cell.formula and cell.value is None and (cell.sheet, cell.cell) == (ref.sheet, ref.cell)
    assert [(i.rule, i.cell) for i in sub.issues] == [("formula_not_trusted", ref.cell)]


def test_a_formula_in_a_binary_xls_is_not_detected(forms, catalog):
    """The documented limit of pipeline.read.formulas: BIFF is not scanned, the cached result is read."""
    assert not zipfile.is_zipfile(forms["formula.xls"])
    assert formula_cells(forms["formula.xls"]) == {}
    cell = read_submission(forms["formula.xls"], catalog).values[FORMULA_CODE]
    assert (cell.value, cell.formula) == (300.0, False)
