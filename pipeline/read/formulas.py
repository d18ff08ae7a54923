"""Find the cells of a workbook that hold formulas (.xlsx/.xlsm and OpenDocument .ods).

No reader computes formulas, and the cached result a file carries may be 0 (files
written by xlsxwriter) or absent (openpyxl): a formula in an input cell is therefore
never trusted. python-calamine returns only the cached value, so the formula markers
are read straight from the file: the sheet XML of an Office Open XML workbook, or
``content.xml`` of an OpenDocument spreadsheet.

The format is sniffed from the content, not the file name: a zip holding
``xl/workbook.xml`` is an xlsx, a zip whose ``mimetype`` member names an OpenDocument
spreadsheet is an ods, so a form renamed ``.xls`` (or ``.xlsx`` saved as ods) is still
checked, whatever name it arrived under.

Limitation: a real binary ``.xls`` (BIFF, Excel 97-2003) cannot be scanned with the
standard library, so it yields ``{}``: the reader then reads each cell's cached value
as if it had been typed, and a formula in an input cell of an ``.xls`` goes unnoticed.
The same holds for ``.xlsb``. Array-formula ranges are marked at their anchor cell only.

Nothing is refused here: a damaged file yields ``{}`` and is refused by the reader.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

from pipeline.intake.safety import Inspected

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"  # also matches "-template"
# A cell element whose first child is an <f> element: the schema puts <f> before <v>
# and <is>, so no scan inside the cell body is needed (a backtracking-free pattern).
_FORMULA_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+[0-9]+)"[^>]*>\s*<(?:\w+:)?f[\s>/]')
# Any <f> element at all; <formula1> of data validations must not trigger the scan.
_ANY_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
# The largest grid any spreadsheet program opens; repeats reaching past it are clipped.
_MAX_ROWS, _MAX_COLS = 1_048_576, 16_384
# At most this many formula cells are listed per file. Repeat counts cost nothing (the
# position is advanced arithmetically), but a formula cell repeated across a whole sheet
# would otherwise be expanded cell by cell; rows are listed top first, where forms are.
_MAX_FORMULA_CELLS = 100_000
# What a damaged, truncated, encrypted or oddly compressed zip or XML raises on the way.
_DAMAGED = (
    OSError,
    EOFError,
    KeyError,
    ValueError,
    RuntimeError,
    NotImplementedError,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    ElementTree.ParseError,
)


def _sheet_parts(read: Callable[[str], bytes]) -> dict[str, str]:
    """Map sheet name -> zip member path, following workbook.xml and its relationships."""
    workbook = ElementTree.fromstring(read("xl/workbook.xml"))
    rels = ElementTree.fromstring(read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_NS_PKG}Relationship")}
    parts: dict[str, str] = {}
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_NS_REL}id"), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        parts[sheet.get("name", "")] = path
    return parts


def _xlsx_formulas(read: Callable[[str], bytes]) -> dict[str, set[str]]:
    """``read(member)`` gives a part's inflated bytes (KeyError when there is none)."""
    found: dict[str, set[str]] = {}
    for name, member in _sheet_parts(read).items():
        try:
            data = read(member)
        except KeyError:
            continue
        if not _ANY_FORMULA.search(data):
            continue
        cells = {m.group(1).decode() for m in _FORMULA_CELL.finditer(data)}
        if cells:
            found[name] = cells
    return found


def _column_name(index: int) -> str:
    """0 -> "A", 26 -> "AA" (the reader names cells the same way)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _repeat(element: ElementTree.Element, attribute: str) -> int:
    """A repeat count; a missing, malformed or non-positive one counts as 1."""
    try:
        return max(1, int(element.get(f"{_NS_TABLE}{attribute}", "1")))
    except ValueError:
        return 1


def _ods_formulas(archive: zipfile.ZipFile) -> dict[str, set[str]]:
    """Stream ``content.xml``: memory stays flat however many rows and cells repeat."""
    found: dict[str, set[str]] = {}
    listed = 0
    sheet: set[str] | None = None
    row = col = 0
    row_formulas: list[int] = []  # columns of the formula cells of the current row
    depth = 0  # table:table nesting; cells of a table inside a cell are not sheet cells
    table, table_row = f"{_NS_TABLE}table", f"{_NS_TABLE}table-row"
    cell_tags = {f"{_NS_TABLE}table-cell", f"{_NS_TABLE}covered-table-cell"}
    with archive.open("content.xml") as content:
        for event, element in ElementTree.iterparse(content, events=("start", "end")):
            tag = element.tag
            if tag == table:
                depth += 1 if event == "start" else -1
                if event == "start" and depth == 1:
                    sheet = found.setdefault(element.get(f"{_NS_TABLE}name", ""), set())
                    row = 0
                elif event == "end" and depth == 0:
                    element.clear()
            elif depth != 1 or sheet is None:
                continue
            elif tag == table_row:
                if event == "start":
                    col, row_formulas = 0, []
                    continue
                repeat = _repeat(element, "number-rows-repeated")
                if row_formulas:  # an empty row costs nothing however often it repeats
                    room = (_MAX_FORMULA_CELLS - listed) // len(row_formulas)
                    last = max(row, min(row + repeat, _MAX_ROWS, row + room))
                    sheet.update(f"{_column_name(c)}{r + 1}" for r in range(row, last) for c in row_formulas)
                    listed += (last - row) * len(row_formulas)
                row += repeat
                element.clear()
            elif tag in cell_tags and event == "start":
                repeat = _repeat(element, "number-columns-repeated")
                if f"{_NS_TABLE}formula" in element.attrib:
                    room = max(0, min(repeat, _MAX_COLS - col, _MAX_FORMULA_CELLS - listed))
                    row_formulas.extend(range(col, col + room))
                col += repeat
    return {name: cells for name, cells in found.items() if cells}


def _from_parts(inspected: Inspected) -> dict[str, set[str]]:
    """The kept parts; a part too large to keep (or absent) is read from the archive then."""
    archive: zipfile.ZipFile | None = None

    def read(member: str) -> bytes:
        nonlocal archive
        if member in inspected.parts:
            return inspected.parts[member]
        archive = archive or inspected.archive()
        return archive.read(member)

    try:
        return _xlsx_formulas(read)
    finally:
        if archive is not None:
            archive.close()


def formula_cells(path: Path | Inspected) -> dict[str, set[str]]:
    """``{sheet name: {"E12", …}}`` for an xlsx/xlsm or ods workbook; ``{}`` otherwise.

    Given what :func:`pipeline.intake.safety.inspect` kept of a file, the sheets it already
    inflated are scanned from memory: the file is not opened or inflated again."""
    try:
        if isinstance(path, Inspected) and "xl/workbook.xml" in path.parts:
            return _from_parts(path)
        with path.archive() if isinstance(path, Inspected) else zipfile.ZipFile(path) as archive:
            members = set(archive.namelist())
            if "xl/workbook.xml" in members:
                return _xlsx_formulas(archive.read)
            if "mimetype" in members and archive.read("mimetype").strip().startswith(_ODS_MIMETYPE):
                return _ods_formulas(archive)
            return {}
    except _DAMAGED:
        return {}
