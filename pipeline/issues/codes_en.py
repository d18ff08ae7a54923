"""The English wording of every issue code, for ``--lang en`` outputs.

The district's partners who do not read Vietnamese read the validation report in
English. Each entry is ``code value: (title, message template, fix template)`` with
exactly the placeholders of the Vietnamese templates in :mod:`pipeline.issues.codes` (a
test holds every code to that), so an issue made once can be worded in either language.
Names (files, units, sheets, cells) are filled in as they are; the words the callers
hand over in Vietnamese (an indicator's label, a unit of measure, a date) are put into
English by :mod:`pipeline.issues.english`.
"""

from __future__ import annotations

_RESAVE = "Open the file in Excel or LibreOffice, save it as a new .xlsx file and send it again."
_TYPE_NUMBERS = "Type the figure itself instead of the formula."
_CHECK_OR_NOTE = "Check the figures; if they are right, explain them in the Ghi chú (notes) column."
_OUTLIER_TAIL = "(median {median}; usual range {low}–{high}; {n} figures compared{score_note})."

AT_CELL = "Cell {cell} (sheet {sheet}): "
"""How a rule's sentence starts in English when the rule has a cell to point at (``{at}``)."""
OUTLIER_SCORE = ", deviation score {score}"
"""An outlier's robust score in English (``{score_note}``)."""
RULE_FIX = "Check the figures."
"""The English fix of a catalog rule (the catalog words its rules in Vietnamese only)."""
RULE_MESSAGE = "The catalog's rule {rule} is not met: {expression}{sides}."
"""The English ``{rule_message}`` of a catalog rule: its id, its expression and the two sides found."""
RULE_SIDES = " (left side {left}, right side {right})"

ENGLISH: dict[str, tuple[str, str, str]] = {
    "empty_file": (
        "Empty file",
        "The file {file} is empty (0 bytes).",
        "Attach the filled-in form file again and send it again.",
    ),
    "file_too_large": (
        "File too large",
        "The file {file} is too large ({size} MB; at most {limit} MB).",
        "Delete the sheets and pictures that are not part of the form, save the file and send it again.",
    ),
    "encrypted_file": (
        "Password-protected file",
        "The file {file} is protected by a password, so it cannot be read.",
        "Remove the password (File > Info > Protect Workbook) and send the file again.",
    ),
    "not_a_spreadsheet": (
        "Not a spreadsheet",
        "The file {file} is {kind}, not a spreadsheet.",
        "Send the form again as a spreadsheet (.xlsx, .xls or .ods).",
    ),
    "corrupt_file": (
        "Damaged file",
        "The file {file} is damaged (perhaps it was not completely downloaded or attached).",
        _RESAVE,
    ),
    "zip_bomb": (
        "Unusual compressed structure",
        "The file {file} has an unusual compressed structure ({detail}), so it was not opened.",
        _RESAVE,
    ),
    "xml_entities": (
        "XML declarations not allowed",
        "The file {file} contains XML declarations (DOCTYPE/ENTITY) that spreadsheets do not use, "
        "so it was not opened.",
        _RESAVE,
    ),
    "too_many_cells": (
        "Sheet beyond the limits",
        "The file {file} has a sheet beyond the limit of {max_rows} rows × {max_columns} columns, so it was not read.",
        "Delete the rows and columns with data outside the form (Ctrl+End finds the farthest cell), "
        "save the file and send it again.",
    ),
    "unreadable_file": (
        "Unreadable spreadsheet",
        "The file {file} is not a readable spreadsheet (damaged or in the wrong format).",
        "Open the file again in Excel or LibreOffice, save it as .xlsx and send it again.",
    ),
    "no_meta_sheet": (
        "Not the form (no _meta sheet)",
        "The file {file} is not the form {template_id} (it has no sheet {meta_sheet}).",
        "Enter the figures in the form sent by the district office; do not copy them into another file.",
    ),
    "text_number": (
        "Number written as text",
        "Cell {cell} (sheet {sheet}) holds the number as text '{found}', read as {number} {unit}.",
        "If it is right, nothing to correct; next time, type it as a number.",
    ),
    "formula_not_trusted": (
        "Cell holds a formula",
        "Cell {cell} (sheet {sheet}) holds a formula; formulas are not calculated when the totals are made, "
        "so the cell counts as blank.",
        _TYPE_NUMBERS,
    ),
    "duplicate_row": (
        "Repeated indicator code",
        "The indicator code {indicator} appears twice (sheet {first_sheet} cell {first_cell} "
        "and sheet {sheet} cell {cell}).",
        "Delete the repeated row and send the form again.",
    ),
    "empty_submission": (
        "Form not filled in",
        "The form in the file {file} holds no figures.",
        "Enter the figures in the form and send it again.",
    ),
    "wrong_template": (
        "Wrong form",
        "The file {file} is not the form {template_id} (its form code reads '{found}').",
        "Enter the figures in the form sent by the district office and send it again.",
    ),
    "template_version": (
        "Form version no longer in use",
        "The file {file} uses version '{found}' of the form; the current version is {version}.",
        "Copy the figures into version {version} of the form and send it again.",
    ),
    "known_unit": (
        "Unit code not in the registry",
        "The unit code '{found}' in the file {file} is not in the registry of units of {root}.",
        "Use your unit's own form (its unit code is already filled in).",
    ),
    "period": (
        "Wrong reporting period",
        "The file {file} gives the reporting period '{found}', not {period} ({period_label}).",
        "Use the form of the period {period}.",
    ),
    "required": (
        "Required indicator left blank",
        'Cell {cell} (sheet {sheet}) — "{label}": left blank, but the indicator is required.',
        "Enter the figure; write 0 if it really is zero (a blank cell is not read as 0).",
    ),
    "required_formula": (
        "Required indicator entered as a formula",
        'Cell {cell} (sheet {sheet}) — "{label}": the cell holds a formula, so it is not counted '
        "(it counts as blank), but the indicator is required.",
        _TYPE_NUMBERS,
    ),
    "missing_row": (
        "Indicator row missing",
        "No row with the indicator code {indicator} ({label}) was found in the file {file}.",
        "Use the form as it is; do not delete the row with this code.",
    ),
    "type": (
        "Wrong kind of value",
        "Cell {cell} (sheet {sheet}) — \"{label}\": the value '{found}' is not {kind}.",
        "Enter {kind} (unit: {unit}).",
    ),
    "non_negative": (
        "Negative number",
        'Cell {cell} (sheet {sheet}) — "{label}": the value {found} is negative.',
        "Enter a number that is not negative.",
    ),
    "number_out_of_range": (
        "Number beyond the limit",
        'Cell {cell} (sheet {sheet}) — "{label}": the value {found} is not a possible figure '
        "(infinite, undefined or larger than {limit}).",
        "Check the figure (an extra digit may have been typed); enter the real figure and send the form again.",
    ),
    "above_plausible_max": (
        "Unusually large number",
        'Cell {cell} (sheet {sheet}) — "{label}": the value {found} is larger than a unit can have ({maximum}).',
        "Check the figure (an extra digit may have been typed); if it is right, explain it in the Ghi chú "
        "(notes) column.",
    ),
    "part_le_whole": (
        "Part larger than the total",
        '{at}The figure "{label}" ({left}) is larger than the total ({right}).',
        'Correct the figure in the "Trong đó" (of which) column so that it is not larger than the '
        '"Tổng số" (total) column of the same row.',
    ),
    "numerator_le_denominator": (
        "Numerator larger than denominator",
        '{at}The numerator ({left}) is larger than the denominator ({right}), so the rate "{label}" exceeds 100%.',
        "Check both figures: the number achieved cannot be larger than the total.",
    ),
    "reported_rate": (
        "Rate computed by the commune does not match",
        "{at}The rate the commune computed ({left}%) does not match the rate computed from its figures ({right}%).",
        "Compute the rate again as the numerator divided by the denominator times 100, rounded to 1 decimal place.",
    ),
    "catalog_rule": (
        "Rule of the indicator catalog (the rule column holds the rule's id)",
        "{at}{rule_message}",
        "{rule_fix}",
    ),
    "outlier_history": (
        "Far from earlier periods",
        'Cell {cell} (sheet {sheet}) — "{label}": the value {found} is far from the unit\'s earlier periods '
        + _OUTLIER_TAIL,
        _CHECK_OR_NOTE,
    ),
    "outlier_peers": (
        "Far from other units",
        'Cell {cell} (sheet {sheet}) — "{label}": the value {found} is far from the other units in the same period '
        + _OUTLIER_TAIL,
        _CHECK_OR_NOTE,
    ),
    "late_submission": (
        "Late",
        "The file {file} was received on {received}, after the deadline of {deadline} ({days} days late).",
        "Next time, send the report by the deadline.",
    ),
    "ignored_temp_file": (
        "Temporary file, ignored",
        "A temporary or hidden file of Excel/LibreOffice.",
        "Nothing to do; if this is a report, rename the file so that its name does not start with ~$ "
        "or a dot, and send it again.",
    ),
    "superseded_duplicate": (
        "Duplicate submission",
        "Duplicate: identical to the file {kept}.",
        "Nothing to do: the figures of two identical files are counted once.",
    ),
    "superseded_newer": (
        "A later submission exists",
        "Replaced by the file {kept}, sent later.",
        "Nothing to do if the file sent later is the right one; otherwise, send the right one again.",
    ),
    "rejected_correction": (
        "Resubmission rejected",
        "The resubmission was rejected; the one received on {kept_day} (file {kept}) still counts.",
        "Correct the errors of the resubmission and send the whole file again; until then, the figures "
        "of the earlier one still count.",
    ),
    "form_key_mismatch": (
        "Form key does not match",
        "The file {file} names the unit {unit}, but its form key is not the one issued to this unit; "
        "the file is held for review.",
        "Enter the figures in the form the district office sent to your unit and send it again.",
    ),
    "form_key_unknown": (
        "Form not issued by the office",
        "The file {file} has a form key, but no form was issued to the unit {unit} for the period {period}; "
        "the file is held for review.",
        "Use the form of this period that the district office sent to your unit.",
    ),
    "sender_not_allowed": (
        "Sender not allowed",
        "The file {file} was sent from {sender}, not an address allowed to report for {unit} ({allowed}); "
        "the file is held for review.",
        "Send the report from the unit's registered e-mail address, or ask the district office to update the registry.",
    ),
    "delivered_by_hand": (
        "Delivered by hand",
        "The file {file} of {unit} was put into the inbox by hand, not by e-mail: its sender could not be checked.",
        "Nothing to do if the office received it from the unit in person.",
    ),
    "form_contradiction": (
        "Form contradicts itself",
        "The form shows {shown}, but the unit code in the form is {declared}.",
        "Use your unit's own form; do not change the unit code or the unit name in it.",
    ),
    "form_without_key": (
        "Form without a key",
        "The file {file} has no form key (it was filled in from the blank form) although a form of its own "
        "was issued to the unit {unit}.",
        "Next time, use the form the district office sent to your unit.",
    ),
    "file_has_errors": (
        "File rejected for errors",
        "{count} error(s), for example: {example}",
        "Correct the errors listed and send the whole file again.",
    ),
    "file_has_warnings": (
        "Valid file with warnings",
        "{count} warning(s)",
        "Review the warnings; if the figures are right, there is no need to send the file again.",
    ),
    "missing_report": (
        "Report not sent",
        "No report has been received.",
        "Fill in the unit's form and send it to the district office.",
    ),
}
