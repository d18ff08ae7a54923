"""The reach of a sheet's XML: the quick byte-level bound is never below what the precise
expat scan finds, so it may only accept early; what it cannot bound goes to the scan."""

from __future__ import annotations

import io
from xml.parsers import expat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.intake.xml_reach import QUICK_BYTES, DoctypeFound, NoRoot, TooFar, quick_reach, scan

HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="m" xmlns:r="rel"><sheetData>'
TAIL = b"</sheetData></worksheet>"


def _sheet(body: bytes) -> bytes:
    return HEAD + body + TAIL


def _scan(data: bytes, max_rows: int = 100, max_columns: int = 20) -> None:
    scan(io.BytesIO(data), len(data), max_rows, max_columns)


def _precise_scan(data: bytes, max_rows: int, max_columns: int) -> None:
    """A member declared larger than the quick limit always gets the precise scan."""
    scan(io.BytesIO(data), QUICK_BYTES + 1, max_rows, max_columns)


def test_explicit_references_bound_rows_and_columns_plus_the_tags():
    data = _sheet(b'<row r="3"><c r="B3"><v>1</v></c><c r="H9"><v>2</v></c></row>')
    assert quick_reach(data) == (9 + 1, 8 + 2)


def test_cells_without_references_count_as_one_step_each():
    data = _sheet(b"<row><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>")
    assert quick_reach(data) == (1, 3)
    _precise_scan(data, max_rows=1, max_columns=3)
    with pytest.raises(TooFar):
        _precise_scan(data, max_rows=1, max_columns=2)
    with pytest.raises(TooFar):
        _scan(data, max_rows=1, max_columns=2)


def test_a_reference_not_written_as_every_writer_does_leaves_the_sheet_to_the_precise_scan():
    assert quick_reach(_sheet(b'<row r="1"><c\nr="A1" /><c\tr="B1"><v>1</v></c></row>')) == (1 + 1, 2 + 2)
    odd = [
        b'<row r="1"><c r="&#65;1"><v>1</v></c></row>',  # an entity
        b'<row r="1"><c r="A1" /><c r =\n"ZZ9"><v>1</v></c></row>',  # spaces around =
        b"<row r='1'><c r='A1'><v>1</v></c></row>",  # single quotes
        b'<row r="1"><c r="A1"/><c r=" ZZ9"><v>1</v></c></row>',  # a space inside
        b'<row r="1"><c s="1"r="ZZ9"><v>1</v></c></row>',  # glued to the previous attribute
        b'<row r="1"><c r="A1><v>1</v></c></row>',  # no closing quote
    ]
    for body in odd:
        assert quick_reach(_sheet(body)) is None, body


def test_prefixed_tags_are_counted_loosely_for_an_upper_bound():
    # ":row" and ":c" are counted in closing tags too: (1 + 2, 0 + 2) against a reach of (1, 1).
    assert quick_reach(_sheet(b'<x:row r="1"><x:c><v>1</v></x:c></x:row>')) == (3, 2)


def test_an_attribute_glued_to_the_previous_one_is_malformed_xml():
    with pytest.raises(expat.ExpatError):
        _scan(_sheet(b'<row r="1"><c s="1"r="ZZ9"><v>1</v></c></row>'))


def test_a_far_value_hidden_from_the_quick_bound_is_still_refused():
    far = _sheet(b'<row r="1"><c r="A1"><v>1</v></c><c r="&#65;&#65;500"><v>2</v></c></row>')
    with pytest.raises(TooFar):
        _scan(far)
    styled_only = _sheet(b'<row r="500"><c r="ZZ500" s="1"/></row><row r="1"><c r="A1"><v>1</v></c></row>')
    _scan(styled_only)  # the bound is too high, the precise scan accepts: empty cells do not grow the grid


def test_a_doctype_or_a_root_hidden_behind_a_long_prolog_is_refused():
    with pytest.raises(DoctypeFound):
        _scan(b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "x">]>' + HEAD[39:] + TAIL)
    with pytest.raises(NoRoot):
        _scan(b"<?xml version='1.0'?>" + b"<!-- pad -->" * 6000 + HEAD[39:] + TAIL)


def test_utf16_sheets_take_the_precise_scan():
    text = '<?xml version="1.0" encoding="UTF-16"?><worksheet><sheetData><row><c r="ZZ900"><v>1</v></c></row>'
    data = (text + "</sheetData></worksheet>").encode("utf-16")
    with pytest.raises(TooFar):
        _scan(data)


cells = st.lists(
    st.tuples(
        st.one_of(st.none(), st.integers(1, 40)),  # row r, or none
        st.lists(
            st.tuples(st.one_of(st.none(), st.tuples(st.sampled_from(["A", "C", "Z", "AB"]), st.integers(1, 40)))),
            max_size=6,
        ),
    ),
    max_size=8,
)


@settings(deadline=None, max_examples=300)
@given(rows=cells)
def test_property_the_quick_bound_is_never_below_the_precise_reach(rows):
    body = b""
    for row_ref, row_cells in rows:
        body += b"<row" + (f' r="{row_ref}"'.encode() if row_ref else b"") + b">"
        for (ref,) in row_cells:
            body += b"<c" + (f' r="{ref[0]}{ref[1]}"'.encode() if ref else b"") + b"><v>1</v></c>"
        body += b"</row>"
    data = _sheet(body)
    bound = quick_reach(data)
    assert bound is not None
    _precise_scan(data, max_rows=max(bound[0], 1), max_columns=max(bound[1], 1))
