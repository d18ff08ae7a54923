"""Progress reporting without printing from the library.

The library reports steps through a :class:`Progress` it is handed; the default does
nothing. The command line hands it a rich progress bar when standard error is a
terminal, so a clerk sees that a long run is alive and scripts or CI logs stay clean.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rich.progress import TaskID


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


class RichProgress:
    """A transient rich progress bar on standard error, one task per step."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task: TaskID | None = None

    def start(self, label: str, total: int | None = None) -> None:
        if self._task is None:
            self._bar.start()
        else:
            self._bar.remove_task(self._task)
        self._task = self._bar.add_task(label, total=total)

    def advance(self, amount: int = 1) -> None:
        if self._task is not None:
            self._bar.advance(self._task, amount)

    def stop(self) -> None:
        if self._task is not None:
            self._bar.stop()
            self._task = None
