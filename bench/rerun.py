"""The re-run case: ``baocao aggregate`` again over the same inbox, ledger and output folder.

Why: an office does not aggregate a period once. It runs the command as the forms come in,
and again each time a late commune's form arrives, so what a clerk mostly waits for is the
re-run, not the cold run. The target: a re-run after one new file takes at most a quarter
of the cold run.

Three runs of (a)'s command line, each in its own subprocess watched as (a) is (so seconds
and peaks compare with the main table), sharing one ``--ledger`` and one ``--output``:

1. cold, over N files copied into an empty folder (their times as drawn);
2. after one more file is copied in (its time now, as a file that just arrived);
3. once more with nothing changed.

Whatever the program keeps in the ledger or the output folder between runs is what gets
measured: the benchmark knows nothing of it and never special-cases it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from probes import CliRun, watch_cli

TARGET = 0.25
"""A re-run after one new file, as a share of the cold run."""
CASES = ("cold run", "re-run after one new file", "re-run, nothing new")
STAGES = ("read", "validate", "aggregate", "write")


@dataclass(frozen=True)
class Rerun:
    case: str
    files: int
    run: CliRun
    ledger_kib: int
    """The ledger's size after the run: what the program keeps there shows up here."""


def subset(files: list[Path], count: int) -> list[Path]:
    """The first ``count + 1`` files in name order (all of them if there are fewer).

    Names carry the unit code, so this is whole provinces in code order and one in part,
    like an office part-way through a period; the last of them is the one held back.
    """
    return sorted(files)[: count + 1]


def measure(
    files: list[Path], command: Callable[[Path, Path], list[str]], data: Path, timeout: float, cap_kib: int
) -> list[Rerun]:
    """The three runs over ``files`` (the last held back for the second run).

    ``command(inbox, output)`` is (a)'s command line; ``--ledger`` is added explicitly, in the
    run's folder next to the output, so no ledger of another run can be found by default.
    """
    held, first = files[-1], files[:-1]
    results: list[Rerun] = []
    with tempfile.TemporaryDirectory(dir=data) as tmp:
        work = Path(tmp)
        inbox, ledger = work / "inbox", work / "ledger.sqlite"
        inbox.mkdir()
        for path in first:
            shutil.copy2(path, inbox / path.name)
        cli = [*command(inbox, work / "out"), "--ledger", str(ledger)]
        for k, case in enumerate(CASES):
            if k == 1:
                shutil.copy(held, inbox / held.name)  # copy, not copy2: it arrives now
            log = data / f"failed-rerun-{k + 1}.log"
            done = watch_cli(cli, work, log, timeout, cap_kib)
            size = ledger.stat().st_size // 1024 if ledger.exists() else 0
            results.append(Rerun(case, len(first) + (k > 0), done, size))
    return results


def _fmt(value: float | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def render(results: list[Rerun], source: str) -> str:
    """The three runs, each against the cold one, then the target."""
    cold = results[0].run.seconds
    lines = [
        f"Re-run of `baocao aggregate` over {source}: one ledger and one output folder for all three runs.",
        "",
        "| case | files | seconds | × cold | read s | validate s | aggregate s | write s | start-up and the rest s "
        "| peak RSS MiB | tree RSS MiB | ledger MiB | note |",
        "|" + "---|" * 13,
    ]
    for r in results:
        w, seconds = r.run.watched, r.run.seconds
        ratio = seconds / cold if seconds is not None and cold else None
        stages = [_fmt(r.run.stages.get(s), ".2f") for s in STAGES]
        stages.append(_fmt(seconds - sum(r.run.stages.values()) if seconds is not None else None, ".2f"))
        cells = [r.case, f"{r.files:,}", _fmt(seconds, ".2f"), _fmt(ratio, ".2f"), *stages]
        cells += [f"{w.peak_kib / 1024:,.0f}", f"{w.tree_kib / 1024:,.0f}", f"{r.ledger_kib / 1024:,.1f}", r.run.note]
        lines.append("| " + " | ".join(cells) + " |")
    again = results[1].run.seconds
    if again is None or not cold:
        measured, verdict = "–", "**not measured**"
    else:
        measured = f"{again / cold:.2f} × the cold run ({again:.2f} s vs {cold:.2f} s)"
        verdict = "met" if again <= TARGET * cold else "**not met**"
    lines += ["", "| target | measured | |", "|---|---|---|"]
    lines.append(f"| re-run after one new file ≤ ¼ of the cold run | {measured} | {verdict} |")
    return "\n".join(lines)
