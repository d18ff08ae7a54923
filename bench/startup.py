"""Where the time of one ``baocao aggregate`` on the bundled sample (9 files) goes.

Why: on a district's handful of forms the run is nearly all start-up, and a clerk waits
for it all the same. The target: the sample end to end in at most the Great Expectations
import + 1.5 s, i.e. everything but that import (which the pipeline cannot avoid) in 1.5 s.

Every step runs in a fresh interpreter, watched as (a) is, ``repeat`` times, and the
fastest counts (noise on a shared machine only ever adds; a first import after an edit
also pays for compiling). The imports are timed inside their interpreter, around the
import statement alone, so the interpreter's own start is counted once, in its own row.
Great Expectations is imported as the run imports it (analytics off), once alone and once
after ``pipeline.run`` (pandas already loaded: what the run pays inside its validate
stage). The run's stage timings come from its fastest run. ``python -X importtime``
then splits ``import pipeline.run`` by top-level package.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from probes import ROOT, CliRun, watch, watch_cli, why_failed

BUDGET = 1.5
"""Seconds the sample may take beyond the Great Expectations import."""
_GX_OFF = 'import os; os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")'
_GX = "import great_expectations"
IMPORTS = (  # label, what is loaded first (not timed), what is timed
    ("`import pipeline.run`", "pass", "import pipeline.run"),
    ("`import pandas`", "pass", "import pandas"),
    (f"`{_GX}` alone", _GX_OFF, _GX),
    (f"`{_GX}` after `pipeline.run`", f"{_GX_OFF}; import pipeline.run", _GX),
    (
        "GX context: `GxValidator()`, imports done",
        f"{_GX_OFF}; {_GX}; import pipeline.validate.gx as g",
        "g.GxValidator()",
    ),
)
GX_ALONE, GX_IN_RUN, GX_CONTEXT = IMPORTS[2][0], IMPORTS[3][0], IMPORTS[4][0]
STAGES = ("read", "validate", "aggregate", "write")


@dataclass(frozen=True)
class Step:
    label: str
    seconds: float | None
    peak_kib: int = 0
    note: str = ""


@dataclass(frozen=True)
class Startup:
    steps: list[Step]
    run: CliRun | None
    """The fastest sample run (``None``: none succeeded)."""
    packages: list[tuple[str, float, float]]
    """(package, its modules' own seconds, largest cumulative seconds) for ``import pipeline.run``."""
    total_import: float


def _timed(setup: str, statement: str) -> str:
    return f"{setup}\nimport time\nstart = time.perf_counter()\n{statement}\nprint(time.perf_counter() - start)"


def _best(label: str, cmd: list[str], inside: bool, repeat: int, data: Path, timeout: float, cap: int) -> Step:
    """The fastest of ``repeat`` runs of ``cmd``: its own printed seconds if ``inside``, else the wall."""
    best = Step(label, None)
    for _ in range(repeat):
        w = watch(cmd, timeout, cap, cwd=ROOT)
        if w.returncode != 0 or w.killed:
            return Step(label, None, w.peak_kib, why_failed(w, data / "failed-startup.log"))
        seconds = float(w.stdout.split()[-1]) if inside else w.seconds
        if best.seconds is None or seconds < best.seconds:
            best = Step(label, seconds, w.peak_kib, f"its interpreter: {w.seconds:.2f} s wall" if inside else "")
    return best


def import_costs(stderr: str) -> tuple[list[tuple[str, float, float]], float]:
    """``-X importtime`` lines summed by top-level package: own time (a partition of the
    whole import) and the largest cumulative time of any of its modules (what importing
    it pulled in, other packages included), costliest own time first."""
    own: Counter[str] = Counter()
    cumulative: dict[str, int] = {}
    for line in stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        fields = line.removeprefix("import time:").split("|")
        if len(fields) != 3 or not fields[0].strip().isdigit():
            continue  # the header
        package = fields[2].strip().split(".")[0]
        own[package] += int(fields[0])
        cumulative[package] = max(cumulative.get(package, 0), int(fields[1]))
    rows = [(p, us / 1e6, cumulative[p] / 1e6) for p, us in own.most_common()]
    return rows, sum(own.values()) / 1e6


def measure(
    inbox: Path, command: Callable[[Path, Path], list[str]], data: Path, repeat: int, timeout: float, cap_kib: int
) -> Startup:
    """The bare interpreter, the imports, the GX context, then the sample run ``repeat`` times
    (each into an output folder and ledger of its own: every one a cold run)."""
    python, log, limits = sys.executable, data / "failed-startup.log", (repeat, data, timeout, cap_kib)
    steps = [_best("interpreter start: `python -c pass`", [python, "-c", "pass"], False, *limits)]
    for label, setup, statement in IMPORTS:
        steps.append(_best(label, [python, "-c", _timed(setup, statement)], True, *limits))
    best: CliRun | None = None
    with tempfile.TemporaryDirectory(dir=data) as tmp:
        for k in range(repeat):
            done = watch_cli(command(inbox, Path(tmp) / f"out{k}"), Path(tmp), log, timeout, cap_kib)
            if done.ok and (best is None or done.watched.seconds < best.watched.seconds):
                best = done
            if not done.ok:
                steps.append(Step("sample run", None, done.watched.peak_kib, done.note))
                break
    w = watch([python, "-X", "importtime", "-c", "import pipeline.run"], timeout, cap_kib, cwd=ROOT)
    packages, total = import_costs(w.stderr)
    return Startup(steps, best, packages, total)


def _fmt(value: float | None, spec: str = ".2f") -> str:
    return "–" if value is None else format(value, spec)


def render(result: Startup, repeat: int, top: int = 8) -> str:
    """The steps, the sample run's stages and the rest, the target, then the costliest imports."""
    seconds = {s.label: s.seconds for s in result.steps}
    lines = [
        f"Start-up of `baocao aggregate` on the sample (9 files), each step in a fresh interpreter, best of {repeat}:",
        "",
        "| step | seconds | peak RSS MiB | note |",
        "|---|---|---|---|",
    ]
    lines += [f"| {s.label} | {_fmt(s.seconds)} | {s.peak_kib / 1024:,.0f} | {s.note} |" for s in result.steps]
    run, gx = result.run, seconds.get(GX_ALONE)
    if run is not None:
        stages, total = run.stages, run.watched.seconds
        for name in STAGES:
            lines.append(f"| sample run: {name} | {_fmt(stages.get(name))} | | the run's own timing |")
        paid = [seconds.get(GX_IN_RUN), seconds.get(GX_CONTEXT)]
        if "validate" in stages and None not in paid:
            left = stages["validate"] - sum(p for p in paid if p is not None)
            lines.append(f"| … validate less the GX import after `pipeline.run` and the context | {left:.2f} | | |")
        rest = total - sum(stages.values())
        lines.append(f"| sample run: start-up and the rest (interpreter, imports, registry, ledger) | {rest:.2f} | | |")
        peak = run.watched.peak_kib / 1024
        lines.append(f"| **sample run end to end** (`--no-data-docs`) | {total:.2f} | {peak:,.0f} | {run.note} |")
    lines += ["", "| target | measured | |", "|---|---|---|"]
    if run is None or gx is None:
        lines.append("| sample ≤ Great Expectations import + 1.5 s | – | **not measured** |")
    else:
        over = run.watched.seconds - gx
        measured = f"{run.watched.seconds:.2f} − {gx:.2f} = {over:.2f} s beyond the import"
        verdict = "met" if over <= BUDGET else "**not met**"
        lines.append(f"| sample ≤ Great Expectations import + 1.5 s | {measured} | {verdict} |")
    lines += [
        "",
        f"`import pipeline.run` by top-level package (`python -X importtime`, one run, {result.total_import:.2f} s "
        "in all; own: its modules' self time, which adds up to the whole; cumulative: the most any of its modules "
        f"took with what it imported), the {top} costliest:",
        "",
        "| package | own s | share | cumulative s |",
        "|---|---|---|---|",
    ]
    for package, own, cumulative in result.packages[:top]:
        share = own / result.total_import if result.total_import else 0.0
        lines.append(f"| `{package}` | {own:.3f} | {share:.0%} | {cumulative:.3f} |")
    return "\n".join(lines)
