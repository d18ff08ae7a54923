"""From a workbook to values located to their cells.

In: the inbox's spreadsheet files. Out: one :class:`~pipeline.read.workbook.Submission`
per readable form (identity from its metadata, each value with file, sheet and cell), a
refusal per unreadable one, and the choice of which submission of a unit competes for the
period. Cell-level problems (text numbers, formulas, duplicated rows) are noted here;
rules across cells belong to validation.
"""
