"""The generated files kept in the repository are exactly what the code makes today.

``input_templates/`` (the master template, the per-unit 2020S1 templates and their
``.layout.json`` files), the sample inboxes ``input_templates/samples/2020S1/`` and
``2026S1/`` (Quảng Ngãi's 96 communes, figures drawn by :mod:`pipeline.demo.sample_sets`), and the
Great Expectations suites ``expectations/*.json`` are all generated. Each kind is
rebuilt into a temporary folder with the functions behind ``baocao templates``,
``baocao samples`` and ``baocao expectations`` and compared with what is committed:
the same file names; layout and suite files equal as parsed JSON; workbooks equal by
content (sheet names, order and visibility, and every cell's value, the hidden
``_meta`` sheet included), not by bytes, since an xlsx zip carries timestamps.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook
from xlsxwriter.utility import xl_rowcol_to_cell

from pipeline.demo.report_settings import write_report_settings
from pipeline.demo.sample_sets import bundled_sample_values
from pipeline.demo.samples import build_sample_inbox
from pipeline.forms.layout import FORM_KEY, META_SHEET
from pipeline.forms.template import build_templates
from pipeline.spec.catalog import Catalog
from pipeline.spec.declaration import load_units
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry
from pipeline.validate.checks import FRAMES, derive_checks
from pipeline.validate.gx import suite_dict, suite_name

ROOT = Path(__file__).resolve().parent.parent
PERIOD = Period.parse("2020S1")  # the Makefile's PERIOD
PROVINCE_PERIOD, PROVINCE_ROOT = Period.parse("2026S1"), "51"  # the Makefile's UNIT_2026S1

Build = Callable[[Path, Catalog, UnitRegistry], None]
Files = Callable[[Path], set[str]]


def _build_templates(out: Path, catalog: Catalog, registry: UnitRegistry) -> None:
    build_templates(out, catalog, registry, PERIOD)


def _build_samples(out: Path, catalog: Catalog, registry: UnitRegistry) -> None:
    build_sample_inbox(out / PERIOD.code, catalog, registry, PERIOD)
    write_report_settings(out, PERIOD)
    province = load_units(None, PROVINCE_ROOT, PROVINCE_PERIOD)  # the 2026 sample: Quảng Ngãi's communes
    values = bundled_sample_values(province, PROVINCE_PERIOD)
    build_sample_inbox(out / PROVINCE_PERIOD.code, catalog, province, PROVINCE_PERIOD, values)
    write_report_settings(out, PROVINCE_PERIOD)


def _build_expectations(out: Path, catalog: Catalog, registry: UnitRegistry) -> None:
    checks = derive_checks(catalog)
    out.mkdir(parents=True, exist_ok=True)
    for frame in FRAMES:
        data = suite_dict([c for c in checks if c.frame == frame], suite_name(frame))
        (out / f"{suite_name(frame)}.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")


def _all_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def _template_files(folder: Path) -> set[str]:
    """Everything under input_templates/ except the sample inbox, which has its own check."""
    return {name for name in _all_files(folder) if not name.startswith("samples/")}


def _json_files(folder: Path) -> set[str]:
    return {p.name for p in folder.glob("*.json")}


KINDS: dict[str, tuple[str, Build, Files, str]] = {
    # kind: (committed folder in the repository, builder, files it holds, the command that regenerates it)
    "templates": ("input_templates", _build_templates, _template_files, f"make templates PERIOD={PERIOD.code}"),
    "samples": (
        "input_templates/samples",
        _build_samples,
        _all_files,
        f"make samples PERIOD={PERIOD.code}; make samples PERIOD={PROVINCE_PERIOD.code}",
    ),
    "expectations": ("expectations", _build_expectations, _json_files, "make expectations"),
}


def _json_difference(committed: Any, generated: Any, where: str = "$") -> str | None:
    """Where two parsed JSON documents first differ, or None when they are equal."""
    if type(committed) is not type(generated):
        return f"{where}: committed {committed!r}, generated {generated!r}"
    if isinstance(committed, dict):
        for key in [*committed, *(k for k in generated if k not in committed)]:
            if key not in generated:
                return f"{where}.{key}: committed only"
            if key not in committed:
                return f"{where}.{key}: generated only"
            found = _json_difference(committed[key], generated[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(committed, list):
        for n, (a, b) in enumerate(zip(committed, generated, strict=False)):
            found = _json_difference(a, b, f"{where}[{n}]")
            if found:
                return found
        if len(committed) != len(generated):
            return f"{where}: committed has {len(committed)} items, generated {len(generated)}"
        return None
    return None if committed == generated else f"{where}: committed {committed!r}, generated {generated!r}"


def _sheets(path: Path) -> list[tuple[str, str, list[list[Any]]]]:
    """Each sheet's name, visibility ("visible", "hidden") and values as read back, in workbook order."""
    book = CalamineWorkbook.from_path(str(path))
    return [
        (
            m.name,
            str(m.visible).rsplit(".", 1)[-1].lower(),
            [r for r in book.get_sheet_by_name(m.name).to_python(skip_empty_area=False) if r[:1] != [FORM_KEY]],
        )
        for m in book.sheets_metadata
    ]


def _workbook_difference(committed: Path, generated: Path) -> str | None:
    """The first differing sheet or cell of two workbooks, or None when their content is equal."""
    old, new = _sheets(committed), _sheets(generated)
    assert META_SHEET in [name for name, _, _ in new], f"{generated.name} has no {META_SHEET} sheet"
    old_sheets = [f"{name!r} ({visibility})" for name, visibility, _ in old]
    new_sheets = [f"{name!r} ({visibility})" for name, visibility, _ in new]
    for n in range(max(len(old_sheets), len(new_sheets))):
        a = old_sheets[n] if n < len(old_sheets) else "no sheet"
        b = new_sheets[n] if n < len(new_sheets) else "no sheet"
        if a != b:
            return f"sheet {n + 1}: committed {a}, generated {b}"
    for (name, _, a), (_, _, b) in zip(old, new, strict=True):
        for row in range(max(len(a), len(b))):
            ra = a[row] if row < len(a) else []
            rb = b[row] if row < len(b) else []
            for col in range(max(len(ra), len(rb))):
                va = ra[col] if col < len(ra) else ""
                vb = rb[col] if col < len(rb) else ""
                if va != vb or type(va) is not type(vb):
                    return f"sheet {name!r} cell {xl_rowcol_to_cell(row, col)}: committed {va!r}, generated {vb!r}"
    return None


def _keyless(layout: Any) -> Any:
    """A layout without the issued form key: ``baocao templates`` draws a new one each time."""
    if isinstance(layout, dict) and isinstance(layout.get("meta"), dict):
        return {**layout, "meta": {k: v for k, v in layout["meta"].items() if k != FORM_KEY}}
    return layout


def _file_difference(committed: Path, generated: Path) -> str | None:
    if committed.suffix == ".json":
        return _json_difference(
            _keyless(json.loads(committed.read_text(encoding="utf-8"))),
            _keyless(json.loads(generated.read_text(encoding="utf-8"))),
        )
    if committed.suffix == ".xlsx":
        return _workbook_difference(committed, generated)
    return None if committed.read_bytes() == generated.read_bytes() else "bytes differ"


@pytest.mark.parametrize("kind", list(KINDS))
def test_committed_generated_files_match_the_code(kind, tmp_path, catalog, registry):
    where, build, files, fix = KINDS[kind]
    folder = ROOT / where
    build(tmp_path, catalog, registry)
    committed, generated = files(folder), files(tmp_path)
    assert generated, f"the code made no {kind} files"
    problems = [f"{where}/{name}: committed, but the code no longer makes it" for name in sorted(committed - generated)]
    problems += [f"{where}/{name}: made by the code, but not committed" for name in sorted(generated - committed)]
    for name in sorted(committed & generated):
        found = _file_difference(folder / name, tmp_path / name)
        if found:
            problems.append(f"{where}/{name}: {found}")
    assert not problems, f"committed {kind} are stale; run `{fix}` and commit the result:\n" + "\n".join(problems)
