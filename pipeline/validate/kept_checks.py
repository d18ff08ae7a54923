"""Check only the forms no earlier run checked, and take the others' findings from the ledger.

Every check of :mod:`pipeline.validate.findings` looks at one form at a time (the checks
across forms, the choice of a unit's file, lateness, outliers and waivers, come after),
so what checking a form finds depends only on its bytes, its inbox path, the program,
the catalog, the registry and the period: the *check fingerprint*
(:func:`~pipeline.spec.fingerprint.check_fingerprint`). A re-run passes to Great
Expectations only the forms whose findings are not kept under today's fingerprint, and
when every form's are kept, it does not start Great Expectations at all.

The findings are put back in the order one pass over all forms gives (empty forms
first, then each form's own in inbox order), so a re-run writes what a cold run writes.
Data Docs show Great Expectations' results of the whole period, so a run that asks for
them checks every form.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.intake.kept_store import CHECKED, KeptResult, KeptResults, pack, unpack
from pipeline.issues.issue import Issue
from pipeline.issues.stored import issue_data, issue_from
from pipeline.read.workbook import Submission
from pipeline.spec.catalog import Catalog
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry
from pipeline.validate.findings import is_empty, validate
from pipeline.validate.gx import GxValidator


@dataclass(frozen=True)
class Found:
    issues: list[Issue]
    fresh: tuple[KeptResult, ...]
    """Findings of the forms checked this time, to keep for the next run."""
    reused: int = 0
    """How many forms' findings were taken from the ledger."""


def _kept(kept: KeptResults | None, sub: Submission) -> list[Issue] | None:
    payload = kept.get(CHECKED, sub.sha256, sub.name) if kept else None
    if payload is None:
        return None
    try:
        return [issue_from(item) for item in json.loads(unpack(payload))]
    except Exception:
        return None


def validate_kept(
    submissions: Sequence[Submission],
    catalog: Catalog,
    registry: UnitRegistry,
    period: Period,
    validator: Callable[[], GxValidator],
    docs_dir: Path | None = None,
    kept: KeptResults | None = None,
) -> Found:
    """What :func:`~pipeline.validate.findings.validate` gives for ``submissions``, checking
    only the forms whose findings ``kept`` lacks; ``validator`` is called only if some are."""
    found = {s.name: k for s in submissions if docs_dir is None and (k := _kept(kept, s)) is not None}
    todo = [s for s in submissions if s.name not in found]
    checked: dict[str, list[Issue]] = defaultdict(list)
    if todo:
        for issue in validate(todo, catalog, registry, period, validator(), docs_dir):
            checked[issue.file].append(issue)
    fresh = tuple(_to_keep(s, checked[s.name]) for s in todo if s.name not in found)
    own = {**{s.name: checked[s.name] for s in todo}, **found}
    ordered = [s for s in submissions if is_empty(s)] + [s for s in submissions if not is_empty(s)]
    return Found([issue for s in ordered for issue in own[s.name]], fresh, len(found))


def _to_keep(sub: Submission, issues: list[Issue]) -> KeptResult:
    text = json.dumps([issue_data(i) for i in issues], ensure_ascii=False, separators=(",", ":"))
    return KeptResult(CHECKED, sub.sha256, sub.name, pack(text))
