"""Fill a generated template with values through its layout file (openpyxl).

This is how the sample inbox is produced and how tests build submissions: through the
real template and its layout, the way another tool would, not by drawing a look-alike.
openpyxl is used because a workbook is being edited, not created.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import openpyxl

from pipeline.forms.layout import FALSE_TEXT, TRUE_TEXT, Layout, load_layout


def cell_value(value: Any) -> Any:
    """Booleans are written as the form's Có/Không; everything else as given."""
    if value is True:
        return TRUE_TEXT
    if value is False:
        return FALSE_TEXT
    return value


def fill_template(
    template: Path,
    values: Mapping[str, Any],
    dest: Path,
    layout: Layout | None = None,
    meta: Mapping[str, str] | None = None,
) -> Path:
    """Copy ``template`` to ``dest`` with ``values`` (code -> value) in their input cells.

    ``meta`` overrides metadata cells (e.g. a wrong period, for tests of refusals).
    A value of ``None`` leaves the cell blank. Unknown codes raise ``KeyError``: a
    filler that silently drops a value would make a test pass for the wrong reason.
    """
    layout = layout or load_layout(Path(template))
    wb = openpyxl.load_workbook(template)
    try:
        for code, value in values.items():
            ref = layout.cell_for(code)
            wb[ref.sheet][ref.cell] = cell_value(value)
        for key, value in (meta or {}).items():
            ref_meta = layout.meta[key]
            wb[ref_meta.sheet][ref_meta.cell] = value
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(suffix=dest.suffix, dir=dest.parent)
        os.close(fd)
        wb.save(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    finally:
        wb.close()
    return dest
