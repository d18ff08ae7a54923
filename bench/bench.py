"""Benchmark ``baocao aggregate`` against pandas + openpyxl and the unzip floor.

Why: the targets (10,000 units end to end in under 20 s, a per-file cost within 2x of
merely unzipping the files, 15x faster than pandas + openpyxl, under 1 GiB) need numbers
measured the same way each time. For every size the three methods run side by side over
the same files, each in its own subprocess (see :mod:`probes`):

(a) ``baocao aggregate --no-data-docs`` end to end (interpreter start and Great
    Expectations import included), with the run's own stage timings;
(b) ``pandas.read_excel(path, sheet_name=None, engine="openpyxl")`` per file and one
    ``pd.concat`` (the loop only; above ``2 x --pandas-sample`` files it runs on an evenly
    spaced sample and is extrapolated, which the table says);
(c) the floor: read each file and inflate every zip member, parsing nothing.

N is the number of communes. N = 8 is the bundled sample inbox (8 communes and the
district office, its own registry); larger N are synthetic provinces of 12 communes per
district, drawn once into ``bench/data/n<N>`` and reused while unchanged.

    python bench/bench.py                      # N = 8, 1000, 10000
    python bench/bench.py --quick              # N = 8, 200
    python bench/bench.py --profile 10000      # cProfile of the in-process run
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from probes import Watched, watch

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
PERIOD = "2020S1"
SAMPLE_INBOX = ROOT / "input_templates" / "samples" / PERIOD
PROBES = Path(__file__).resolve().parent / "probes.py"


@dataclass
class Row:
    n: int
    files: int
    method: str
    seconds: float | None
    peak_kib: int = 0
    tree_kib: int = 0
    note: str = ""
    stages: dict[str, float] = field(default_factory=dict)


def prepare(n: int) -> tuple[Path, Path | None]:
    """The inbox and units file for ``n`` communes (the bundled sample for 8)."""
    if n == 8:
        return SAMPLE_INBOX, None
    from pipeline.demo.synthetic import build_inbox, province_registry, synthetic_values, write_registry
    from pipeline.spec.catalog_file import load_catalog
    from pipeline.spec.periods import Period

    period, folder = Period.parse(PERIOD), DATA / f"n{n}"
    registry = province_registry(n)
    units = write_registry(registry, folder / "units.yaml")
    build_inbox(folder / "inbox", load_catalog(), registry, period, synthetic_values(registry, period))
    return folder / "inbox", units


def _list(files: list[Path], work: Path, name: str) -> str:
    path = work / name
    path.write_text("\n".join(str(f) for f in files), encoding="utf-8")
    return str(path)


def _failed(w: Watched, log: Path) -> str:
    """Why a probe gave no number; its stderr is kept in ``log`` for the traceback."""
    log.write_text(w.stderr, encoding="utf-8")
    lines = [line.strip(" │") for line in w.stderr.splitlines() if line.strip(" │")]
    errors = [k for k, line in enumerate(lines) if "Error" in line]
    reason = " ".join(lines[errors[-1] :]) if errors else (lines[-1] if lines else "")
    where = log.relative_to(ROOT) if log.is_relative_to(ROOT) else log
    return w.killed or f"exit {w.returncode} after {w.seconds:.0f} s: {reason[:110]} (log: {where})"


def measure(n: int, args: argparse.Namespace) -> list[Row]:
    inbox, units = prepare(n)
    files = sorted(p for p in inbox.iterdir() if p.suffix == ".xlsx")
    cap, rows = int(args.max_gib * 2**20), []
    with tempfile.TemporaryDirectory(dir=DATA) as tmp:
        work = Path(tmp)
        w = watch([sys.executable, str(PROBES), "unzip", _list(files, work, "all")], args.timeout, cap)
        seconds = json.loads(w.stdout)["seconds"] if w.returncode == 0 else None
        note = "" if seconds is not None else _failed(w, DATA / f"failed-n{n}-unzip.log")
        rows.append(Row(n, len(files), "(c) unzip floor", seconds, w.peak_kib, w.tree_kib, note))
        for docs in (False, True) if n <= 8 and args.data_docs else (False,):
            cli = ["aggregate", "--inbox", str(inbox), "--period", PERIOD, "--output", str(work / f"out{docs}")]
            cli += ["--data-docs" if docs else "--no-data-docs"] + (["--units", str(units)] if units else [])
            stages = work / "stages.json"
            w = watch([sys.executable, str(PROBES), "cli", str(stages), *cli], args.timeout, cap, cwd=ROOT)
            ok = w.returncode == 0 and not w.killed
            label = "(a) baocao aggregate" + (" + data docs" if docs else "")
            timings = json.loads(stages.read_text()) if ok else {}
            log = DATA / f"failed-n{n}-aggregate.log"
            note = w.stdout.strip().splitlines()[0].split(": ", 1)[-1][:60] if ok else _failed(w, log)
            rows.append(Row(n, len(files), label, w.seconds if ok else None, w.peak_kib, w.tree_kib, note, timings))
        sample = files
        if len(files) > 2 * args.pandas_sample:
            step = len(files) / args.pandas_sample
            sample = [files[int(k * step)] for k in range(args.pandas_sample)]
        w = watch([sys.executable, str(PROBES), "pandas", _list(sample, work, "sample")], args.timeout, cap)
        seconds, note = None, ""
        if w.returncode != 0 or w.killed:
            note = _failed(w, DATA / f"failed-n{n}-pandas.log")
        else:
            seconds, note = json.loads(w.stdout)["seconds"] * len(files) / len(sample), ""
            if len(sample) < len(files):
                note = f"extrapolated from {len(sample):,} of {len(files):,} files"
        rows.append(Row(n, len(files), "(b) pandas + openpyxl", seconds, w.peak_kib, w.tree_kib, note))
    return rows


def slope_ms(rows: list[Row], method: str) -> float | None:
    """Least-squares seconds-per-file over the sizes measured, in milliseconds."""
    points = [(r.files, r.seconds) for r in rows if r.method == method and r.seconds is not None]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    var = sum((x - mx) ** 2 for x, _ in points)
    return 1000 * sum((x - mx) * (y - my) for x, y in points) / var if var else None


def _fmt(value: float | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def render(rows: list[Row]) -> str:
    head = "| N | files | method | seconds | ms/file | × floor | (b)/(a) | peak RSS MiB | tree RSS MiB | note |"
    lines = [head, "|" + "---|" * 10]
    for r in rows:
        same = {x.method: x for x in rows if x.n == r.n}
        floor = same["(c) unzip floor"].seconds
        pandas = same["(b) pandas + openpyxl"].seconds
        vs_floor = r.seconds / floor if r.seconds is not None and floor else None
        vs_pandas = pandas / r.seconds if r.method.startswith("(a)") and r.seconds and pandas else None
        per_file = 1000 * r.seconds / r.files if r.seconds is not None else None
        cells = [f"{r.n:,}", f"{r.files:,}", r.method, _fmt(r.seconds, ".2f"), _fmt(per_file, ".2f")]
        cells += [
            _fmt(vs_floor, ".1f"),
            _fmt(vs_pandas, ".1f"),
            f"{r.peak_kib / 1024:,.0f}",
            f"{r.tree_kib / 1024:,.0f}",
        ]
        lines.append("| " + " | ".join([*cells, r.note]) + " |")
    lines += ["", "| method | fitted slope ms/file (least squares over N) |", "|---|---|"]
    for method in dict.fromkeys(r.method for r in rows):
        lines.append(f"| {method} | {_fmt(slope_ms(rows, method), '.2f')} |")
    lines += [
        "",
        "| N | read s | validate s | aggregate s | write s | start-up and imports s |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.stages and r.seconds is not None and "data docs" not in r.method:
            s = r.stages
            rest = r.seconds - sum(s.values())
            cells = [f"{s.get(k, 0):.2f}" for k in ("read", "validate", "aggregate", "write")]
            lines.append(f"| {r.n:,} | " + " | ".join([*cells, f"{rest:.2f}"]) + " |")
    return "\n".join(lines)


def profile(n: int, args: argparse.Namespace) -> int:
    inbox, units = prepare(n)
    with tempfile.TemporaryDirectory(dir=DATA) as tmp:
        cmd = [sys.executable, str(PROBES), "profile", str(inbox), str(units or "-"), tmp, str(args.top)]
        w = watch(cmd, args.timeout, int(args.max_gib * 2**20), cwd=ROOT)
    print(w.stdout)
    print(f"# wall {w.seconds:.1f} s, peak RSS {w.peak_kib / 1024:.0f} MiB {w.killed}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="8,1000,10000", help="communes per run, comma-separated")
    parser.add_argument("--quick", action="store_true", help="same as --sizes 8,200")
    parser.add_argument("--pandas-sample", type=int, default=1000, help="files pandas reads when there are many")
    parser.add_argument("--no-data-docs", dest="data_docs", action="store_false", help="skip the N=8 data-docs run")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a subprocess is killed")
    parser.add_argument("--max-gib", type=float, default=12, help="tree RSS above which a subprocess is killed")
    parser.add_argument("--profile", type=int, metavar="N", help="profile the in-process run at N communes instead")
    parser.add_argument("--top", type=int, default=30, help="entries per profile listing")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args(argv)
    DATA.mkdir(parents=True, exist_ok=True)
    if args.profile:
        return profile(args.profile, args)
    sizes = [8, 200] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    rows: list[Row] = []
    for n in sizes:
        print(f"# N = {n:,} …", file=sys.stderr, flush=True)
        rows += measure(n, args)
    print(render(rows))
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in rows], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
