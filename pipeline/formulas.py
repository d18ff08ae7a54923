"""Find the cells of an .xlsx/.xlsm workbook that hold formulas.

No reader computes formulas, and the cached result a file carries may be 0 (files
written by xlsxwriter) or absent (openpyxl): a formula in an input cell is therefore
never trusted. python-calamine returns only the cached value, so the formula markers
are read straight from the sheet XML: a cheap scan of one zip member per sheet.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# A cell element whose body starts with (or contains) an <f> element.
_FORMULA_CELL = re.compile(
    rb'<(?:\w+:)?c\b[^>]*\br="([A-Z]+[0-9]+)"[^>]*>(?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?f\b', re.DOTALL
)


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Map sheet name -> zip member path, following workbook.xml and its relationships."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_NS_PKG}Relationship")}
    parts: dict[str, str] = {}
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_NS_REL}id"), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        parts[sheet.get("name", "")] = path
    return parts


def formula_cells(path: Path) -> dict[str, set[str]]:
    """``{sheet name: {"E12", …}}`` for an Office Open XML workbook; ``{}`` for other formats."""
    if Path(path).suffix.lower() not in {".xlsx", ".xlsm"}:
        return {}
    try:
        with zipfile.ZipFile(path) as archive:
            found: dict[str, set[str]] = {}
            for name, member in _sheet_parts(archive).items():
                try:
                    data = archive.read(member)
                except KeyError:
                    continue
                if b"<f" not in data and b":f" not in data:
                    continue
                cells = {m.group(1).decode() for m in _FORMULA_CELL.finditer(data)}
                if cells:
                    found[name] = cells
            return found
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        return {}
