"""The feedback workbook sent back to one commune: its own form, with every problem marked.

A commune fixes a report fastest in the file it typed, so the feedback is a copy of that
file: each failing cell is styled by its worst problem and the cells its rule related to
are styled apart (:mod:`pipeline.write.feedback_marks`), and each carries a note saying
what is wrong and how to fix it. A first sheet, "PhanHoi" (:mod:`pipeline.write.feedback_cover`),
is a letter from the district office: the verdict, the resend deadline, whom to call, a
legend, then every issue with a link to its cell, so nothing is missed even when an issue
has no cell. Its fixed words are Vietnamese unless ``lang="en"``
(:mod:`pipeline.write.feedback_text`). Macros, formulas, links and defined names are never
carried back (:mod:`pipeline.write.inert`). A file openpyxl cannot edit (.xls, .ods, a
damaged file) gets a workbook with the cover sheet alone. Anything that came from the
commune is written as text, so opening the feedback can never run a formula.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections import defaultdict
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.intake.inbox import file_sha256
from pipeline.issues.issue import Issue
from pipeline.progress import Progress
from pipeline.read.workbook import Submission
from pipeline.spec.catalog import Catalog, Severity
from pipeline.spec.periods import Period
from pipeline.spec.report_settings import ReportSettings
from pipeline.spec.units import UnitRegistry
from pipeline.write.feedback_cover import COVER_SHEET, CoverText, cell_location, write_cover
from pipeline.write.feedback_marks import AUTHOR, MARKS, mark_cells, row_col
from pipeline.write.feedback_text import Sender, check_lang, indicator_labels, sender_of
from pipeline.write.inert import make_inert

__all__ = ["AUTHOR", "COVER_SHEET", "MARKS", "Sender", "cell_location", "write_feedback", "write_feedback_workbooks"]

ANNOTATABLE_SUFFIXES = (".xlsx", ".xlsm")
_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _sorted(issues: Sequence[Issue], sheet_order: Sequence[str]) -> list[Issue]:
    """Errors, then warnings, then information; within each by sheet (workbook order) and
    cell (row, then column, so E9 comes before E15). Issues of the whole file come first."""
    position = {name: k for k, name in enumerate(sheet_order)}

    def key(issue: Issue) -> tuple[Any, ...]:
        where = -1 if not issue.sheet else position.get(issue.sheet, len(position))
        return (_SEVERITY_RANK[issue.severity], where, issue.sheet or "", row_col(issue.cell) or (0, 0))

    return sorted(issues, key=key)


def _open(submission: Path) -> Workbook | None:
    """The commune's workbook for editing, or None when it cannot be annotated."""
    if submission.suffix.lower() not in ANNOTATABLE_SUFFIXES:
        return None
    try:
        return openpyxl.load_workbook(submission, keep_vba=False)
    except Exception:  # a damaged or mislabelled file fails in many ways; the cover still goes out
        return None


def _save(wb: Workbook, dest: Path) -> None:
    """Save beside ``dest`` then rename, so nobody ever mails a half-written file."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".feedback-", suffix=".xlsx", dir=dest.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_feedback(
    submission: Path,
    dest: Path,
    issues: Sequence[Issue],
    *,
    unit_name: str,
    period: Period,
    catalog: Catalog,
    sender: Sender | None = None,
    note: str | None = None,
    lang: str = "vi",
) -> Path:
    """Write the feedback workbook for ``submission`` (its ``issues``) to ``dest`` (.xlsx).

    The commune's own sheets are kept (protection included); the cover sheet is added in
    front, signed by ``sender`` and worded in ``lang``. Issues without a cell, or whose
    sheet is gone, appear on the cover only.
    """
    labels = indicator_labels(catalog, (issue.indicator for issue in issues), check_lang(lang))
    text = CoverText(unit_name, period, sender or Sender(), "", "", labels, lang, note)
    return _write(Path(submission), Path(dest), list(issues), text)


def _in_english(issue: Issue, catalog: Catalog) -> Issue:
    return dataclasses.replace(issue, message=issue.text("en", catalog), fix=issue.fix_text("en", catalog))


def _write(submission: Path, dest: Path, issues: list[Issue], text: CoverText) -> Path:
    wb = _open(submission)
    annotatable = wb is not None
    if wb is None:
        wb = openpyxl.Workbook()
        wb.remove(wb.worksheets[0])
    sheets = [name for name in wb.sheetnames if name != COVER_SHEET]
    ordered = _sorted(issues, sheets)
    name = next((issue.file for issue in issues if issue.file), submission.name)
    sha = next((issue.file_sha256 for issue in issues if issue.file_sha256), None) or file_sha256(submission)
    text = replace(text, file=name, sha256=sha, not_annotated=None if annotatable else submission.suffix)
    annotated = {s for s in sheets if isinstance(wb[s], Worksheet)} if annotatable else set()
    if annotatable:
        make_inert(wb)
        mark_cells(wb, ordered, text.lang, COVER_SHEET)
    write_cover(wb, ordered, text, annotated)
    _save(wb, dest)
    return dest


PARALLEL_FEEDBACK = 16  # fewer feedback workbooks than this are written in this process


def write_feedback_workbooks(
    folder: Path,
    submissions: Sequence[Submission],
    issues: Sequence[Issue],
    registry: UnitRegistry,
    period: Period,
    progress: Progress,
    notes: Mapping[str, str] | None = None,
    *,
    catalog: Catalog,
    report: ReportSettings | None = None,
    lang: str = "vi",
    root: str | None = None,
) -> None:
    """A feedback workbook for every submission that has something to say, written in
    parallel when there are many (each is an independent openpyxl load and save).
    ``notes`` adds a line to a file's cover (a rejected correction: which report counts);
    ``report`` gives the resend deadline and contact, ``root`` the unit whose office
    signs (default: the registry's root). A job carries only the labels its issues name,
    not the catalog, so a province's thousand workbooks do not pickle it a thousand times."""
    sender = sender_of(catalog, registry, report or ReportSettings(), root, period.last_day)
    lang = check_lang(lang)
    by_file: dict[str, list[Issue]] = defaultdict(list)
    for issue in issues:
        by_file[issue.file].append(issue)
    jobs = []
    for sub in submissions:
        if mine := by_file.get(sub.name):
            unit = registry.get(sub.unit_code)
            stem = f"{sub.unit_code or 'khong_ro'}_{Path(sub.name).stem}"
            labels = indicator_labels(catalog, (issue.indicator for issue in mine), lang)
            if lang == "en":  # worded here, where the catalog names the indicators: a job never carries it
                mine = [_in_english(issue, catalog) for issue in mine]
            text = CoverText(unit.name if unit else sub.name, period, sender, "", "", labels, lang,
                             (notes or {}).get(sub.name))  # fmt: skip
            jobs.append((sub.path, folder / f"{stem}.xlsx", mine, text))
    progress.start("Ghi tệp phản hồi cho các xã", total=len(jobs))
    workers = os.cpu_count() or 1
    if len(jobs) < PARALLEL_FEEDBACK or workers == 1:
        for job in jobs:
            _write(*job)
            progress.advance()
        return
    with ProcessPoolExecutor(workers) as pool:
        for _ in pool.map(_write, *zip(*jobs, strict=True), chunksize=4):
            progress.advance()
