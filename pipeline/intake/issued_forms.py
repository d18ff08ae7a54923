"""The forms the office issued: which key went to which unit for which period.

``baocao templates`` writes a random key into the hidden metadata of every per-unit form
and notes it here. A returned form must carry the key issued to the unit it declares: a
commune that edits its own form's metadata to another unit's code cannot know that unit's
key. The key is a shared secret on paper, not a signature: whoever holds a unit's form
file holds its key (see the README on what this does not close).
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

from pipeline.forms.template import build_templates, template_filename
from pipeline.intake.ledger import Ledger, open_ledger
from pipeline.spec.catalog import Catalog
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry

SCHEMA = """
CREATE TABLE IF NOT EXISTS issued_forms (
    period TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    template_version TEXT NOT NULL,
    form_key TEXT NOT NULL,
    file TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    PRIMARY KEY (period, unit_code)
);
"""


def new_key() -> str:
    """96 random bits, URL-safe: unguessable, and short enough to read out on the phone."""
    return secrets.token_urlsafe(12)


def record_issued(
    ledger: Ledger,
    *,
    period: str,
    unit_code: str,
    template_version: str,
    form_key: str,
    file: str,
    issued_at: dt.datetime | None = None,
) -> None:
    """Note a form issued to a unit; issuing again for the same period replaces the key."""
    ledger.connection.execute(SCHEMA)
    stamp = (issued_at or dt.datetime.now()).replace(microsecond=0).isoformat()
    ledger.connection.execute(
        "INSERT INTO issued_forms (period, unit_code, template_version, form_key, file, issued_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (period, unit_code) DO UPDATE SET "
        "template_version = excluded.template_version, form_key = excluded.form_key, "
        "file = excluded.file, issued_at = excluded.issued_at",
        (period, unit_code, template_version, form_key, file, stamp),
    )


def issued_key(ledger: Ledger, unit_code: str, period: str) -> str | None:
    """The key of the form last issued to ``unit_code`` for ``period``; None if none was."""
    exists = ledger.connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'issued_forms'"
    ).fetchone()
    if not exists:
        return None
    row = ledger.connection.execute(
        "SELECT form_key FROM issued_forms WHERE period = ? AND unit_code = ?", (period, unit_code)
    ).fetchone()
    return str(row[0]) if row else None


def issue_templates(
    out_dir: Path, catalog: Catalog, registry: UnitRegistry, period: Period, ledger_path: Path
) -> list[Path]:
    """:func:`build_templates` with a fresh form key per unit, each noted in the ledger."""
    levels = {lv for i in catalog.indicators for lv in i.levels}
    keys = {u.code: new_key() for u in registry.subtree() if u.level in levels}
    with open_ledger(ledger_path) as ledger:
        written = build_templates(out_dir, catalog, registry, period, keys)
        for unit_code, key in keys.items():
            name = template_filename(catalog, registry[unit_code], period)
            record_issued(ledger, period=period.code, unit_code=unit_code, form_key=key, file=name,
                          template_version=catalog.dataset.template_version)  # fmt: skip
    return written
