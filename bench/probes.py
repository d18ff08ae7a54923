"""What each benchmark subprocess runs, and how its time and memory are watched.

Why subprocesses: each method then pays its own imports (Great Expectations for the
pipeline) and its peak memory is its own. ``os.wait4`` gives the peak RSS of the largest
process of the tree (the child or any worker it reaped); the whole tree's RSS is also
sampled from /proc every 0.2 s, which counts pages shared between processes more than
once, so it is an upper bound. A run over its time or memory budget is killed (its own
process group only) and reported as such. The commands are started by a bare interpreter,
not by the benchmark itself (see :func:`_spawner`), and their wall time ends when ``wait4``
returns, not at the next memory sample, so a start-up of a few milliseconds is measured as
faithfully as a long run.

Run as ``python bench/probes.py cli|pandas|unzip|profile ...`` (by :mod:`bench`, and by
:mod:`rerun` and :mod:`startup` through :func:`watch_cli`).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any

PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Watched:
    seconds: float
    returncode: int
    stdout: str
    stderr: str
    peak_kib: int
    tree_kib: int
    killed: str = ""


def _tree_rss_kib(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KIB
        except (OSError, IndexError, ValueError):
            continue
        todo += children.get(pid, [])
    return total


_SPAWNER = """
import json, os, sys
write = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
print(json.dumps("ready"), flush=True)
for line in sys.stdin:
    cmd, cwd, out, err = json.loads(line)
    os.chdir(cwd)
    files = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0)]
    files += [(os.POSIX_SPAWN_OPEN, 1, out, write, 0o600), (os.POSIX_SPAWN_OPEN, 2, err, write, 0o600)]
    try:
        pid = os.posix_spawnp(cmd[0], cmd, os.environ, file_actions=files, setsid=True)
    except OSError as exc:
        print(json.dumps([0, str(exc)]), flush=True)
        continue
    print(json.dumps([pid, ""]), flush=True)
    _, status, usage = os.wait4(pid, 0)
    print(json.dumps([status, usage.ru_maxrss]), flush=True)
"""


@cache
def _spawner() -> subprocess.Popen[str]:
    """A bare interpreter that starts every watched command and reaps it with ``wait4``.

    Why not start them from here: a child's ``ru_maxrss`` counts the memory of the process
    it was forked from (Linux carries the old address space's peak across ``exec``), so a
    bare ``python -c pass`` started from a benchmark that has loaded a registry would show
    that benchmark's peak. Started from this one, which holds next to nothing, a child's
    peak is its own.
    """
    cmd = [sys.executable, "-I", "-S", "-c", _SPAWNER]
    spawner = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    assert spawner.stdout is not None
    spawner.stdout.readline()  # up and listening: its own start is no command's time
    return spawner


def watch(cmd: list[str], timeout: float, cap_kib: int, cwd: Path | None = None) -> Watched:
    """Run ``cmd`` in its own session; wall time, exit code, output and memory peaks."""
    spawner = _spawner()
    assert spawner.stdin is not None and spawner.stdout is not None
    with tempfile.TemporaryDirectory() as tmp:
        out, err = Path(tmp) / "out", Path(tmp) / "err"
        start = time.perf_counter()
        spawner.stdin.write(json.dumps([cmd, str(cwd or Path.cwd()), str(out), str(err)]) + "\n")
        pid, refused = json.loads(spawner.stdout.readline())
        if not pid:
            return Watched(time.perf_counter() - start, 127, "", refused, 0, 0)
        reaped: list[tuple[float, int, int]] = []

        def reap(stdout: IO[str]) -> None:
            # wait4 in the spawner: only wait4 hands back the child's resource usage.
            status, maxrss = json.loads(stdout.readline())
            reaped.append((time.perf_counter(), status, maxrss))

        waiter = threading.Thread(target=reap, args=(spawner.stdout,), daemon=True)
        waiter.start()
        tree, killed = 0, ""
        while waiter.is_alive():
            tree = max(tree, _tree_rss_kib(pid))
            elapsed = time.perf_counter() - start
            if not killed and (tree > cap_kib or elapsed > timeout):
                why = f"tree RSS {tree / 2**20:.1f} GiB over the cap" if tree > cap_kib else "timeout"
                killed = f"killed after {elapsed:.0f} s ({why})"
                with contextlib.suppress(ProcessLookupError):  # ended (and reaped) meanwhile
                    os.killpg(pid, signal.SIGKILL)
            waiter.join(0.2)  # returns as the child ends: the wall time is not rounded to a sample
        end, status, peak = reaped[0]
        stdout, stderr = (f.read_bytes().decode("utf-8", "replace") for f in (out, err))
    code = os.waitstatus_to_exitcode(status)
    return Watched(end - start, code, stdout, stderr, peak, max(tree, peak), killed)


def why_failed(w: Watched, log: Path) -> str:
    """Why a probe gave no number; its stderr is kept in ``log`` for the traceback."""
    log.write_text(w.stderr, encoding="utf-8")
    lines = [line.strip(" │") for line in w.stderr.splitlines() if line.strip(" │")]
    errors = [k for k, line in enumerate(lines) if "Error" in line]
    reason = " ".join(lines[errors[-1] :]) if errors else (lines[-1] if lines else "")
    where = log.relative_to(ROOT) if log.is_relative_to(ROOT) else log
    return w.killed or f"exit {w.returncode} after {w.seconds:.0f} s: {reason[:110]} (log: {where})"


@dataclass(frozen=True)
class CliRun:
    """One ``baocao aggregate`` watched in its own subprocess."""

    watched: Watched
    ok: bool
    stages: dict[str, float]
    """The run's own stage timings (read, validate, aggregate, write); empty if it failed."""
    note: str
    """The command's one-line summary, or why it gave no number."""

    @property
    def seconds(self) -> float | None:
        return self.watched.seconds if self.ok else None


def watch_cli(cli: list[str], work: Path, log: Path, timeout: float, cap_kib: int) -> CliRun:
    """``baocao <cli>`` through :func:`probe_cli`, from the project root, as (a) runs it
    (the same way for every caller, so their seconds and peaks compare)."""
    stages = work / "stages.json"
    stages.unlink(missing_ok=True)
    w = watch([sys.executable, str(Path(__file__).resolve()), "cli", str(stages), *cli], timeout, cap_kib, cwd=ROOT)
    if w.returncode != 0 or w.killed:
        return CliRun(w, False, {}, why_failed(w, log))
    summary = (w.stdout.strip().splitlines() or [""])[0].split(": ", 1)[-1][:60]
    return CliRun(w, True, json.loads(stages.read_text(encoding="utf-8")), summary)


def _files(list_path: str) -> list[Path]:
    return [Path(line) for line in Path(list_path).read_text(encoding="utf-8").splitlines() if line]


def probe_cli(timings_path: str, args: list[str]) -> int:
    """``baocao aggregate`` exactly as the console script runs it, recording the run's
    stage timings on the side (the command itself prints nothing new), and leaving the
    process as the console script does (:func:`pipeline.cli.app.leave`)."""
    import pipeline.cli.aggregate as command
    from pipeline.cli.app import app, leave

    real = command.run
    stages: dict[str, float] = {}

    def recording(*a: Any, **kw: Any) -> Any:
        result = real(*a, **kw)
        stages.update(result.timings)
        return result

    command.run = recording
    code = 0
    try:
        app(args=args, prog_name="baocao")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    Path(timings_path).write_text(json.dumps(stages), encoding="utf-8")
    leave(code)


def probe_pandas(list_path: str) -> int:
    """The naive approach: every sheet of every file through openpyxl, then one concat.

    ``header=None`` keeps the columns positional. With the default header the first row
    (which names the unit) becomes the column labels, every file adds new columns, and
    the concat grows quadratically: that measures pandas' column union, not reading.
    """
    import pandas as pd

    files = _files(list_path)
    start = time.perf_counter()
    frames: list[pd.DataFrame] = []
    for path in files:
        frames.extend(pd.read_excel(path, sheet_name=None, engine="openpyxl", header=None).values())
    read = time.perf_counter() - start
    rows = len(pd.concat(frames, ignore_index=True))
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "read": read, "files": len(files), "rows": rows}))
    return 0


def probe_unzip(list_path: str) -> int:
    """The floor: read each file and inflate every member; no XML is parsed."""
    files = _files(list_path)
    start = time.perf_counter()
    inflated = 0
    for path in files:
        with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as book:
            inflated += sum(len(book.read(name)) for name in book.namelist())
    print(json.dumps({"seconds": time.perf_counter() - start, "files": len(files), "bytes": inflated}))
    return 0


def probe_profile(inbox: str, units: str, root: str, period: str, output: str, top: str) -> int:
    """The in-process run under cProfile, then the reader alone on up to 300 files.

    ``units`` is a registry file or bundled id and ``root`` the unit reported for (``-``:
    the bundled sample district).

    cProfile sees the main process only: the reading workers' time shows as waiting in
    ``concurrent.futures``, hence the separate serial profile of ``read_submission``.
    """
    import cProfile
    import pstats

    from pipeline.read.workbook import read_submission
    from pipeline.run import Settings, run
    from pipeline.spec.catalog_file import load_catalog
    from pipeline.spec.periods import Period

    settings = Settings(
        inbox=Path(inbox),
        output=Path(output),
        period=Period.parse(period),
        units_path=Path(units) if units != "-" else None,
        root=root if root != "-" else None,
        data_docs=False,
    )
    profiler = cProfile.Profile()
    start = time.perf_counter()
    result = profiler.runcall(run, settings)
    print(json.dumps({"wall": time.perf_counter() - start, **result.timings}))
    for order in ("cumulative", "tottime"):
        pstats.Stats(profiler, stream=sys.stdout).sort_stats(order).print_stats(int(top))
    files = sorted(Path(inbox).glob("*.xlsx"))[:300]
    catalog, reader = load_catalog(), cProfile.Profile()
    start = time.perf_counter()
    for path in files:
        reader.runcall(read_submission, path, catalog)
    print(
        f"# reader alone, serial: {len(files)} files, {(time.perf_counter() - start) / len(files) * 1000:.1f} ms/file"
    )
    pstats.Stats(reader, stream=sys.stdout).sort_stats("tottime").print_stats(int(top))
    return 0


if __name__ == "__main__":
    kind, rest = sys.argv[1], sys.argv[2:]
    if kind == "cli":
        sys.exit(probe_cli(rest[0], rest[1:]))
    elif kind == "pandas":
        sys.exit(probe_pandas(*rest))
    elif kind == "unzip":
        sys.exit(probe_unzip(*rest))
    sys.exit(probe_profile(*rest))
