"""Progress reporting without printing from the library.

The library reports steps through a :class:`Progress` it is handed; the default does
nothing. The command line hands it a rich progress bar when standard error is a
terminal, so a clerk sees that a long run is alive and scripts or CI logs stay clean.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Progress(Protocol):
    def start(self, label: str, total: int | None = None) -> None: ...

    def advance(self, amount: int = 1) -> None: ...

    def stop(self) -> None: ...


class NoProgress:
    """Reports nothing: the default for the library and for non-terminal output."""

    def start(self, label: str, total: int | None = None) -> None:
        return None

    def advance(self, amount: int = 1) -> None:
        return None

    def stop(self) -> None:
        return None


class Laps(dict[str, float]):
    """Seconds spent in each named stage: ``with laps("read"): ...``."""

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self[name] = self.get(name, 0.0) + time.perf_counter() - start
