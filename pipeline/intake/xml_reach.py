"""How far a spreadsheet's XML makes calamine's grid reach, read before calamine reads it.

:mod:`pipeline.intake.safety` refuses a file whose sheet would make calamine lay out a huge
grid, or whose XML declares a DOCTYPE (entity expansion). This module only measures:
it raises :class:`DoctypeFound`, :class:`NoRoot` or :class:`TooFar`, and safety turns
them into the Vietnamese refusals.

Two ways to measure an xlsx sheet. The precise one streams the XML through expat and
places every cell as calamine does; its Python callback per element costs about 5 ms
for a commune's form, more than reading the form. The quick one (:func:`quick_reach`)
bounds the reach from the bytes with a few regular expressions (about 1 ms): a sheet
well inside the limits by that bound is accepted, and any sheet it cannot bound
cheaply, or bounds too high, still gets the precise scan. So the quick one can only
accept early, never refuse.
"""

from __future__ import annotations

import re
from typing import IO, Any
from xml.parsers import expat

CHUNK = 64 * 1024  # also the longest XML prolog accepted: the root element must start in it
QUICK_BYTES = 8 << 20  # sheets up to this size (forms are ~10 KB) may take the quick bound
XML_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*<|\xff\xfe<\x00|\xfe\xff\x00<|<\x00|\x00<")
SHEET_ROOTS = ("worksheet", "dialogsheet", "macrosheet")
_REF = re.compile(r"([A-Za-z]{1,7})([0-9]{1,10})")
_DECLARED = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")
_SPACES = bytes.maketrans(b"\t\n\r", b"   ")  # XML white space, folded to one kind
_ODD_R = (b" r ", b"'r=", b'"r=')  # r before spaces, or glued to the previous attribute
_PLAIN_R = re.compile(rb' r="([A-Za-z]{0,3})([0-9]{1,7})"')  # starts with a literal: searched at memory speed


class DoctypeFound(Exception):
    """The XML declares a DOCTYPE, which spreadsheet XML never has."""


class NoRoot(Exception):
    """No root element in the first :data:`CHUNK` bytes: a prolog padded to hide something."""


class TooFar(Exception):
    """A value sits beyond the row or column limit."""


class _Stop(Exception):
    """Raised in an XML handler once the rest of a member does not matter."""


def scan(member: IO[bytes], size: int, max_rows: int, max_columns: int) -> None:
    """Measure one zip member (``size``: its declared uncompressed size), whatever its name.

    Non-XML members (images, macros) are not read at all; XML members other than sheets
    only up to their root element. A DOCTYPE anywhere before the root is refused, which
    defuses entity expansion and external entities in every later XML reader.
    """
    chunk = member.read(CHUNK)
    if not XML_START.match(chunk):
        return
    if size > QUICK_BYTES or not _ascii_compatible(chunk):
        _precise(_chunks(chunk, member), max_rows, max_columns)
        return
    root = _precise([chunk], max_rows, max_columns, root_only=True)
    if root == "document-content":
        _precise(_chunks(chunk, member), max_rows, max_columns)
    elif root in SHEET_ROOTS:
        data = chunk + member.read(QUICK_BYTES)
        reach = quick_reach(data)
        if reach is None or reach[0] > max_rows or reach[1] > max_columns:
            _precise(_chunks(data, None), max_rows, max_columns)


def quick_reach(data: bytes) -> tuple[int, int] | None:
    """An upper bound on the (rows, columns) an xlsx sheet's values reach, or None.

    A cell or row with ``r`` sits there; one without sits right of (below) the previous
    one, so the furthest explicit reference plus the number of ``<c>`` (``<row>``) tags
    bounds them all. Every writer (Excel, LibreOffice, xlsxwriter, openpyxl) spells the
    attribute ``r="B7"`` after a space, so only that spelling is read, with byte counts
    and a search that runs at memory speed; anything else (another spacing or quoting,
    an entity, a missing quote) gives None and the precise scan decides.
    Look-alikes in text only loosen the bound or give None, never tighten it.
    """
    text = data.translate(_SPACES)
    plain = _PLAIN_R.findall(text)
    if len(plain) != text.count(b" r=") or any(odd in text for odd in _ODD_R):
        return None
    # Counted loosely ("<c" also counts "<col", ":c" any prefixed tag): an upper bound.
    row_tags = text.count(b"<row") + text.count(b":row")
    cell_tags = text.count(b"<c") + text.count(b":c")
    if not plain:
        return row_tags, cell_tags
    letters, digits = zip(*plain, strict=True)
    rows = max(map(int, digits))
    columns = max((_column(c.decode()) + 1 for c in set(letters) if c), default=0)
    return rows + row_tags, columns + cell_tags


def _ascii_compatible(chunk: bytes) -> bool:
    """True when byte patterns can be matched on the raw XML (UTF-8, not UTF-16)."""
    text = chunk.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text[:1] != b"<":
        return False
    declared = _DECLARED.match(text)
    return declared is None or declared.group(1).lower() in (b"utf-8", b"utf8")


def _chunks(first: bytes, member: IO[bytes] | None) -> Any:
    """``first`` in CHUNK slices, then the rest of ``member`` if any."""
    for start in range(0, len(first), CHUNK):
        yield first[start : start + CHUNK]
    while member is not None and (chunk := member.read(CHUNK)):
        yield chunk


def _precise(chunks: Any, max_rows: int, max_columns: int, *, root_only: bool = False) -> str | None:
    """Stream ``chunks`` through expat; return the root element's local name.

    ``root_only`` stops at the root element (after any DOCTYPE, which comes before it).
    """
    parser = expat.ParserCreate()  # no namespace processing: calamine matches local names
    parser.ordered_attributes = True  # [name, value, …]: a list is cheaper than a dict per element
    cells = _Cells(parser, max_rows, max_columns, root_only)
    fed = 0
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
            fed += len(chunk)
            if cells.root is None and fed >= CHUNK:
                raise NoRoot
        parser.Parse(b"", True)
    except _Stop:
        pass
    return cells.root


class _Cells:
    """Where calamine's grid for a sheet will end, placing cells as calamine does.

    xlsx: a ``<c>`` sits at its ``r`` reference, else right of the previous one, and
    counts only if it holds ``<v>``, ``<is>`` or ``<f>`` (styled empty cells do not grow
    the grid). ods: rows and cells advance by their repeat counts and count when they
    carry a value type or a formula. Handlers are chosen once the root element is known.
    """

    def __init__(self, parser: Any, max_rows: int, max_columns: int, root_only: bool) -> None:
        self.parser, self.max_rows, self.max_columns, self.root_only = parser, max_rows, max_columns, root_only
        self.root: str | None = None
        self.row = self.col = -1
        self.span = 1  # how many times the current ods row repeats
        self.cell: tuple[int, int] | None = None
        self.outer: list[tuple[int, int, int]] = []  # positions around an ods table nested in a cell
        parser.StartDoctypeDeclHandler = self.doctype
        parser.StartElementHandler = self.first

    def doctype(self, *_: Any) -> None:
        raise DoctypeFound

    def first(self, tag: str, attrs: list[str]) -> None:
        self.root = tag[tag.find(":") + 1 :]
        if self.root_only:
            raise _Stop
        if self.root in SHEET_ROOTS:
            self.parser.StartElementHandler, self.parser.EndElementHandler = self.xlsx_start, self.xlsx_end
        elif self.root == "document-content":
            self.parser.StartElementHandler, self.parser.EndElementHandler = self.ods_start, self.ods_end
        else:
            raise _Stop

    def xlsx_start(self, tag: str, attrs: list[str]) -> None:
        local = tag[tag.find(":") + 1 :]
        if local == "c":
            ref = _REF.fullmatch(_attribute(attrs, "r"))
            self.col = _column(ref.group(1)) if ref else self.col + 1
            self.cell = (int(ref.group(2)) - 1 if ref else self.row, self.col)
        elif local == "row":
            r = _attribute(attrs, "r")
            self.row, self.col = (int(r) - 1 if r.isdecimal() else self.row + 1), -1
        elif self.cell is not None and local in ("v", "is", "f"):
            self._reach(self.cell[0] + 1, self.cell[1] + 1)

    def xlsx_end(self, tag: str) -> None:
        if tag[tag.find(":") + 1 :] == "c":
            self.cell = None

    def ods_start(self, tag: str, attrs: list[str]) -> None:
        local = tag[tag.find(":") + 1 :]
        if local in ("table-cell", "covered-table-cell"):
            named = {k[k.find(":") + 1 :]: v for k, v in zip(attrs[::2], attrs[1::2], strict=True)}
            self.col += _repeat(named.get("number-columns-repeated"))
            if "value-type" in named or "formula" in named:
                self._reach(self.row + self.span, self.col + 1)
        elif local == "table-row":
            named = {k[k.find(":") + 1 :]: v for k, v in zip(attrs[::2], attrs[1::2], strict=True)}
            self.row, self.col, self.span = self.row + 1, -1, _repeat(named.get("number-rows-repeated"))
        elif local == "table":
            self.outer.append((self.row, self.col, self.span))
            self.row, self.col, self.span = -1, -1, 1

    def ods_end(self, tag: str) -> None:
        local = tag[tag.find(":") + 1 :]
        if local == "table-row":
            self.row += self.span - 1
        elif local == "table" and self.outer:
            self.row, self.col, self.span = self.outer.pop()

    def _reach(self, rows: int, columns: int) -> None:
        if rows > self.max_rows or columns > self.max_columns:
            raise TooFar


def _attribute(attrs: list[str], key: str) -> str:
    for k in range(0, len(attrs), 2):
        if attrs[k] == key:
            return attrs[k + 1]
    return ""


def _column(letters: str) -> int:
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index - 1


def _repeat(text: str | None) -> int:
    try:
        return max(1, int(text or 1))
    except ValueError:
        return 1
