"""What each benchmark subprocess runs, and how its time and memory are watched.

Why subprocesses: each method then pays its own imports (Great Expectations for the
pipeline) and its peak memory is its own. ``os.wait4`` gives the peak RSS of the largest
process of the tree (the child or any worker it reaped); the whole tree's RSS is also
sampled from /proc every 0.2 s, which counts pages shared between processes more than
once, so it is an upper bound. A run over its time or memory budget is killed (its own
process group only) and reported as such.

Run as ``python bench/probes.py cli|pandas|unzip|profile ...`` (by :mod:`bench`).
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


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


def watch(cmd: list[str], timeout: float, cap_kib: int, cwd: Path | None = None) -> Watched:
    """Run ``cmd`` in its own session; wall time, exit code, output and memory peaks."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=cwd, start_new_session=True)
        tree, killed = 0, ""
        while True:
            # wait4, not Popen.poll: only wait4 hands back the child's resource usage.
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            tree = max(tree, _tree_rss_kib(proc.pid))
            elapsed = time.perf_counter() - start
            if not killed and (tree > cap_kib or elapsed > timeout):
                why = f"tree RSS {tree / 2**20:.1f} GiB over the cap" if tree > cap_kib else "timeout"
                killed = f"killed after {elapsed:.0f} s ({why})"
                os.killpg(proc.pid, signal.SIGKILL)
            time.sleep(0.2)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    return Watched(seconds, proc.returncode, stdout, stderr, usage.ru_maxrss, max(tree, usage.ru_maxrss), killed)


def _files(list_path: str) -> list[Path]:
    return [Path(line) for line in Path(list_path).read_text(encoding="utf-8").splitlines() if line]


def probe_cli(timings_path: str, args: list[str]) -> int:
    """``baocao aggregate`` exactly as the console script runs it, recording the run's
    stage timings on the side (the command itself prints nothing new)."""
    import pipeline.cli.aggregate as command
    from pipeline.cli.app import app

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
    return code


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
