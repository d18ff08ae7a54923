"""JSON records of a run: the manifest of every file and the provenance of the outputs.

``manifest.json`` accounts for every file received and every expected unit;
``provenance.json`` says what produced the outputs (version, settings files and their
SHA-256, deadline, every waiver applied, refused or unused), so an auditor can tell two
runs apart without rerunning either.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.aggregate.completeness import Completeness
from pipeline.issues.issue import Issue
from pipeline.settings import Settings
from pipeline.spec.catalog import DEFAULT_CATALOG_PATH
from pipeline.spec.periods import Period
from pipeline.spec.registries import registry_path
from pipeline.validate.waivers import Waiver, WaiverOutcome


def manifest(completeness: Completeness, period: str) -> dict[str, Any]:
    """Every inbox file and every expected unit, each with its status and reason."""
    return {
        "period": period,
        "files": [
            {
                "file": o.file,
                "sha256": o.sha256,
                "unit_code": o.unit_code,
                "status": o.status.value,
                "status_vi": o.status.label_vi,
                "reason": o.reason,
                "received": o.received,
                "received_clock": o.clock,
                "delivered": o.delivered,
                "sender": o.sender,
                "sender_date": o.sent_at,
                "late": o.late,
            }
            for o in completeness.outcomes
        ],
    }


PRETTY_JSON_MAX_CHARS = 1 << 20


def write_json(path: Path, data: Mapping[str, Any]) -> None:
    """Indented for reading, unless the document is over 1 MB (a province's summary with
    every commune's figures is 24 MB): Python's JSON encoder indents in pure Python,
    seconds for such a file, while the compact form is written by its C encoder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:  # NaN or infinity is not JSON: written as null, never as an invalid token
        data = _finite(data)
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    if len(text) <= PRETTY_JSON_MAX_CHARS:
        text = json.dumps(data, ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")


def _finite(data: Any) -> Any:
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, Mapping):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_finite(v) for v in data]
    return data


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _waiver(w: Waiver, issue: Issue | None = None) -> dict[str, Any]:
    item = {
        "unit_code": w.unit_code,
        "period": w.period,
        "rule": w.rule,
        "indicator": w.indicator,
        "reason": w.reason,
        "by": w.by,
    }
    if issue is not None:
        item.update({"file": issue.file, "sheet": issue.sheet, "cell": issue.cell})
    return item


def provenance(
    settings: Settings, period: Period, waivers: WaiverOutcome, inputs_time: dt.datetime | None
) -> dict[str, Any]:
    """What produced these outputs: versions, settings files and every waiver (and, added
    when every other output is written, the SHA-256 of each). No clock time: the same
    inputs give the same record; ``inputs_time`` is the latest arrival of an inbox file."""
    catalog_path = Path(settings.catalog_path or DEFAULT_CATALOG_PATH)
    units_path = registry_path(settings.units_path, settings.root, period)
    return {
        "period": period.code,
        "inputs_time": inputs_time.isoformat(timespec="seconds") if inputs_time else None,
        "baocao_version": __version__,
        "catalog": {"path": str(catalog_path), "sha256": _sha256(catalog_path)},
        "units": {
            "path": str(units_path),
            "sha256": _sha256(units_path),
            "on": period.last_day.isoformat(),
            "root": settings.root,
        },
        "inbox": str(settings.inbox),
        "ledger": str(settings.ledger),
        "deadline": settings.deadline.isoformat() if settings.deadline else None,
        "waivers": {
            "path": str(settings.waivers_path) if settings.waivers_path else None,
            "applied": [_waiver(w, i) for w, i in waivers.applied],
            "refused_errors": [_waiver(w, i) for w, i in waivers.refused],
            "unused": [_waiver(w) for w in waivers.unused],
        },
    }
