"""Outputs appear whole or not at all.

A run writes into a hidden staging folder beside the destination and swaps it into place
only when every file is written, so an interrupted or failed run leaves the previous
outputs as they were, and nobody ever opens a half-written appendix.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staging_folder(final: Path) -> Iterator[Path]:
    """A fresh folder beside ``final``; removed if the block fails, kept otherwise."""
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-", dir=final.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def publish(staging: Path, final: Path) -> None:
    """Swap a finished output folder into place; the old one is removed only afterwards."""
    staging.chmod(0o755)  # mkdtemp makes it private; outputs are for the office to read
    old = final.with_name(final.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    if old.exists():
        shutil.rmtree(old)
