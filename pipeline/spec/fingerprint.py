"""Fingerprints of what a kept result depends on, so a re-run never reuses a stale one.

What a file's reading gives depends on the program and the catalog; what checking it
alone finds depends also on the registry and the period. Each is fingerprinted by what
it *is*, not by a version number someone must remember to raise: the program by the text
of every module of the package, the catalog by its file's bytes, the registry by its
units as loaded for the period.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import pipeline
from pipeline.spec import catalog as spec
from pipeline.spec.periods import Period
from pipeline.spec.units import UnitRegistry

_PACKAGE = Path(pipeline.__file__).resolve().parent


@cache
def program_fingerprint() -> str:
    """The version and the source of every module (an edited module is another program)."""
    digest = hashlib.sha256(pipeline.__version__.encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _digest(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def read_fingerprint(catalog_path: Path | None) -> str:
    """What reading a form depends on: the program and the catalog file."""
    return _digest(program_fingerprint(), Path(catalog_path or spec.DEFAULT_CATALOG_PATH).read_bytes())


def check_fingerprint(read: str, registry: UnitRegistry, period: Period) -> str:
    """What checking one form alone depends on besides its reading: every unit's level and
    name (required cells, known codes, the messages) and the period."""
    return _digest(read, repr((registry.root, registry.levels, registry.units)), period.code)
