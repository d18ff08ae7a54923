"""What earlier runs read and judged of each file, kept in the ledger for re-runs.

A province officer re-runs the pipeline many times while forms trickle in; most files are
the same bytes each time. For each file (by SHA-256 and inbox path) the ledger keeps what
reading it gave and what checking it alone found, with a *fingerprint* of everything that
result depends on (the program, the catalog and, for checks, the registry and period). A
re-run takes a kept result only when its fingerprint is today's, so a changed catalog or
program is never answered from an old run: the file is read and checked again.

The kept results are read before the run takes the ledger (reading the inbox must not
hold other runs back), through a read-only connection; anything wrong with that peek (no
ledger yet, a damaged or busy one) only means nothing is kept, and the run opening the
ledger afterwards reports the fault. New results are written inside the run's transaction,
so they land only with the run's other records.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS kept_results (
    kind TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    file TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    payload BLOB NOT NULL,
    PRIMARY KEY (kind, sha256, file)
);
"""
READ, CHECKED = "read", "checked"
"""The kinds kept: what reading a file gave; what checking it alone found."""
_PEEK_WAIT = 1.0
"""Seconds the read-only peek waits for a busy ledger before it goes without."""


@dataclass(frozen=True)
class KeptResult:
    kind: str
    sha256: str
    file: str
    payload: bytes
    """The result as JSON text (:mod:`pipeline.issues.stored`), compressed."""


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 1)


def unpack(payload: bytes) -> str:
    return zlib.decompress(payload).decode("utf-8")


class KeptResults:
    """The results of one fingerprint kept in a ledger file, looked up file by file."""

    def __init__(self, fingerprints: dict[str, str], rows: dict[tuple[str, str, str], bytes]):
        self.fingerprints = fingerprints
        self._rows = rows

    def get(self, kind: str, sha256: str, file: str) -> bytes | None:
        return self._rows.get((kind, sha256, file))

    def __len__(self) -> int:
        return len(self._rows)


def peek(ledger: Path, fingerprints: dict[str, str]) -> KeptResults:
    """Every result kept under today's fingerprint of each kind; none when the ledger cannot be read."""
    rows: dict[tuple[str, str, str], bytes] = {}
    path = Path(ledger)
    if fingerprints and path.is_file():
        with suppress(sqlite3.Error, OSError):
            rows = dict(_read_only(path, fingerprints))
    return KeptResults(fingerprints, rows)


def kept_in(connection: sqlite3.Connection, fingerprints: dict[str, str]) -> KeptResults:
    """The same as :func:`peek`, through the run's own open ledger."""
    return KeptResults(fingerprints, dict(_rows(connection, fingerprints)))


def _read_only(path: Path, fingerprints: dict[str, str]) -> Iterator[tuple[tuple[str, str, str], bytes]]:
    uri = path.resolve().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, timeout=_PEEK_WAIT)) as db:
        yield from _rows(db, fingerprints)


def _rows(db: sqlite3.Connection, fingerprints: dict[str, str]) -> Iterator[tuple[tuple[str, str, str], bytes]]:
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'kept_results'").fetchone():
        return
    for kind, fingerprint in fingerprints.items():
        found = db.execute(
            "SELECT sha256, file, payload FROM kept_results WHERE kind = ? AND fingerprint = ?", (kind, fingerprint)
        )
        for sha256, file, payload in found:
            yield (kind, sha256, file), bytes(payload)


def keep(connection: sqlite3.Connection, fingerprints: dict[str, str], results: Iterable[KeptResult]) -> int:
    """Store new results in the run's transaction (one per kind, file and path: a newer
    fingerprint replaces the older). The table is made when the ledger is opened
    (:func:`~pipeline.intake.ledger.open_ledger`). Returns how many were stored."""
    rows = [(r.kind, r.sha256, r.file, fingerprints[r.kind], r.payload) for r in results]
    connection.executemany(
        "INSERT INTO kept_results (kind, sha256, file, fingerprint, payload) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (kind, sha256, file) DO UPDATE SET fingerprint = excluded.fingerprint, payload = excluded.payload",
        rows,
    )
    return len(rows)
