"""Outputs appear whole or not at all.

A run writes into a hidden staging folder beside the destination and swaps it into place
only when every file is written, so an interrupted or failed run leaves the previous
outputs as they were, and nobody ever opens a half-written appendix. A run that was killed
leaves its staging folder behind; the next run removes it once its owner is gone, and puts
back a previous output folder that a kill caught in the middle of the swap.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import machine_error

OWNER_FILE = ".owner"
ORPHAN_AGE = 24 * 3600  # seconds: a staging folder with no readable owner this old is abandoned


def _alive(owner: Path) -> bool:
    """Whether the run that made a staging folder may still be writing into it."""
    try:
        pid_text, host = owner.read_text(encoding="utf-8").split(maxsplit=1)
        pid = int(pid_text)
    except (OSError, ValueError):
        return time.time() - owner.parent.stat().st_mtime < ORPHAN_AGE
    if host.strip() != socket.gethostname():
        return time.time() - owner.parent.stat().st_mtime < ORPHAN_AGE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(final: Path) -> list[Path]:
    """Undo what an interrupted run left beside ``final``; return the folders removed."""
    removed: list[Path] = []
    old = final.with_name(final.name + ".old")
    if old.is_dir() and not final.exists():
        old.rename(final)  # killed between the two renames of publish(): the old outputs come back
    elif old.is_dir():
        shutil.rmtree(old)
        removed.append(old)
    for folder in sorted(final.parent.glob(f".{final.name}-*")):
        if folder.is_dir() and not _alive(folder / OWNER_FILE):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


@contextmanager
def staging_folder(final: Path) -> Iterator[Path]:
    """A fresh folder beside ``final``; removed if the block fails, kept otherwise."""
    try:
        if final.parent.exists() and not final.parent.is_dir():
            raise NotADirectoryError(20, "Not a directory", str(final.parent))
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists() and not final.is_dir():
            raise NotADirectoryError(20, "Not a directory", str(final))
        recover(final)
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-", dir=final.parent))
        (staging / OWNER_FILE).write_text(f"{os.getpid()} {socket.gethostname()}", encoding="utf-8")
    except OSError as exc:
        raise machine_error(exc, final.parent) from None
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def publish(staging: Path, final: Path) -> None:
    """Swap a finished output folder into place; the old one is removed only afterwards."""
    try:
        (staging / OWNER_FILE).unlink(missing_ok=True)
        staging.chmod(0o755)  # mkdtemp makes it private; outputs are for the office to read
        old = final.with_name(final.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        if final.exists():
            final.rename(old)
        staging.rename(final)
        if old.exists():
            shutil.rmtree(old)
    except OSError as exc:
        raise machine_error(exc, final) from None
