"""Benchmark ``baocao aggregate`` against pandas + openpyxl and the unzip floor.

Why: the targets (10,000 units end to end in under 20 s, a per-file cost within 2x of
merely unzipping the files, 15x faster than pandas + openpyxl, under 1 GiB) need numbers
measured the same way each time, on the shapes offices really have. For
every shape the three methods run side by side over the same files, each in its own
subprocess (see :mod:`probes`):

(a) ``baocao aggregate --no-data-docs`` end to end (interpreter start and Great
    Expectations import included), with the run's own stage timings;
(b) ``pandas.read_excel(path, sheet_name=None, engine="openpyxl")`` per file and one
    ``pd.concat`` (the loop only; above ``2 x --pandas-sample`` files it runs on an evenly
    spaced sample and is extrapolated, which the table says);
(c) the floor: read each file and inflate every zip member, parsing nothing.

The shapes (:data:`SHAPES`) are the bundled sample inbox (Ngọc Hồi, 8 communes and the
district office) and real provinces and the whole country as the bundled national
registries list them, before the 01/7/2025 reform (``vn-2020`` on 30/6/2020: provinces,
districts, communes; every district office reports too) and after it (``vn-2025`` on
30/6/2026: communes straight under 34 provinces). Their inboxes are drawn once through the
real template code into ``bench/data/<shape>/inbox`` and reused while unchanged.

    python bench/bench.py                         # every shape (the national ones are large)
    python bench/bench.py --quick                 # without the two national shapes
    python bench/bench.py --shapes vn-2026        # some shapes, by name
    python bench/bench.py --profile vn-2020       # cProfile of the in-process run
    python bench/bench.py --shapes sample --no-rerun --no-startup   # the main table only

Beside the table, two cases (skipped with ``--no-rerun`` / ``--no-startup``): the re-run
after one new file against the cold run, on the first ``--rerun-files`` files (+ 1 new) of
``--rerun-shape`` (:mod:`rerun`), and where the sample's time goes (:mod:`startup`).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

import rerun
import startup
from probes import watch, watch_cli, why_failed

if TYPE_CHECKING:
    from pipeline.spec.units import UnitRegistry

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
SAMPLE_INBOX = ROOT / "input_templates" / "samples" / "2020S1"
PROBES = Path(__file__).resolve().parent / "probes.py"


@dataclass(frozen=True)
class Shape:
    """One inbox to measure: a registry (a bundled id; ``None``: the sample) rooted at a unit."""

    name: str
    """The folder under ``bench/data`` and the name ``--shapes`` takes."""
    title: str
    period: str
    units: str | None = None
    root: str | None = None
    national: bool = False
    """Skipped by ``--quick``."""

    def cli(self) -> list[str]:
        """The options that select the shape's units in ``baocao aggregate``."""
        return ["--units", self.units, "--root", self.root] if self.units and self.root else []


SHAPES = (
    Shape("sample", "Ngọc Hồi, the bundled sample", "2020S1"),
    Shape("kon-tum-2020", "Kon Tum before the reform", "2020S1", "vn-2020", "62"),
    Shape("ha-noi-2020", "Hà Nội before the reform (the most communes)", "2020S1", "vn-2020", "01"),
    Shape("quang-ngai-2026", "Quảng Ngãi after the reform", "2026S1", "vn-2025", "51"),
    Shape("vn-2026", "Việt Nam after the reform", "2026S1", "vn-2025", "VN", national=True),
    Shape("vn-2020", "Việt Nam before the reform", "2020S1", "vn-2020", "VN", national=True),
)
BY_NAME = {s.name: s for s in SHAPES}


@cache
def _national(units: str | None, period: str) -> UnitRegistry:
    """A registry as it was on the period's last day (loaded once per registry and period)."""
    from pipeline.spec.periods import Period
    from pipeline.spec.registries import registry_path
    from pipeline.spec.units import load_registry

    day = Period.parse(period)
    return load_registry(registry_path(units, None, day), on=day.last_day)


def registry_for(shape: Shape) -> UnitRegistry:
    """The shape's registry, rooted at its unit (the sample: the bundled district)."""
    registry = _national(shape.units, shape.period)
    if shape.root is None:
        return registry
    if registry.get(shape.root) is None:
        raise SystemExit(f"{shape.name}: no unit {shape.root} in {registry.id} for {shape.period}")
    return dataclasses.replace(registry, root=shape.root)


def unit_counts(registry: UnitRegistry) -> Counter[str]:
    """Units under the root (the root included) by level."""
    return Counter(u.level for u in registry.subtree())


def describe(registry: UnitRegistry) -> str:
    """``10,614 communes, 707 districts, 63 provinces``: the units below the root, smallest first."""
    counts = unit_counts(registry) - Counter({registry[registry.root].level: 1})
    words = {"commune": "commune", "district": "district", "province": "province"}
    order = [lv.name for lv in reversed(registry.levels) if lv.name in words]
    return ", ".join(f"{counts[lv]:,} {words[lv]}{'s' * (counts[lv] > 1)}" for lv in order if counts[lv])


@dataclass
class Row:
    shape: str
    files: int
    method: str
    seconds: float | None
    peak_kib: int = 0
    tree_kib: int = 0
    note: str = ""
    stages: dict[str, float] = field(default_factory=dict)


@dataclass
class Prepared:
    shape: Shape
    inbox: Path
    units: str
    files: list[Path]
    draw_seconds: float

    @property
    def megabytes(self) -> float:
        return sum(f.stat().st_size for f in self.files) / 1e6


def prepare(shape: Shape) -> Prepared:
    """The shape's inbox: the bundled sample, or forms drawn for every reporting unit under
    the root (redrawn only where the catalog, the unit, the period or the values changed)."""
    start = time.perf_counter()
    registry = registry_for(shape)
    if shape.units is None:
        inbox = SAMPLE_INBOX
    else:
        from pipeline.demo.synthetic import build_inbox, synthetic_values
        from pipeline.spec.catalog_file import load_catalog
        from pipeline.spec.periods import Period

        period, inbox = Period.parse(shape.period), DATA / shape.name / "inbox"
        build_inbox(inbox, load_catalog(), registry, period, synthetic_values(registry, period))
    files = sorted(p for p in inbox.iterdir() if p.suffix == ".xlsx")
    return Prepared(shape, inbox, describe(registry), files, time.perf_counter() - start)


def _list(files: list[Path], work: Path, name: str) -> str:
    path = work / name
    path.write_text("\n".join(str(f) for f in files), encoding="utf-8")
    return str(path)


def aggregate_args(shape: Shape, inbox: Path, output: Path, docs: bool = False) -> list[str]:
    """(a)'s command line over ``inbox`` into ``output``; the re-run and start-up cases use it too,
    so every ``baocao aggregate`` this benchmark times is the same command."""
    cli = ["aggregate", "--inbox", str(inbox), "--period", shape.period, *shape.cli()]
    return [*cli, "--output", str(output), "--data-docs" if docs else "--no-data-docs"]


def measure(ready: Prepared, args: argparse.Namespace) -> list[Row]:
    shape, files = ready.shape, ready.files
    cap, rows, name = int(args.max_gib * 2**20), [], shape.name
    with tempfile.TemporaryDirectory(dir=DATA) as tmp:
        work = Path(tmp)
        w = watch([sys.executable, str(PROBES), "unzip", _list(files, work, "all")], args.timeout, cap)
        seconds = json.loads(w.stdout)["seconds"] if w.returncode == 0 else None
        note = "" if seconds is not None else why_failed(w, DATA / f"failed-{name}-unzip.log")
        rows.append(Row(name, len(files), "(c) unzip floor", seconds, w.peak_kib, w.tree_kib, note))
        for docs in (False, True) if shape.units is None and args.data_docs else (False,):
            cli = aggregate_args(shape, ready.inbox, work / f"out{docs}", docs)
            done = watch_cli(cli, work, DATA / f"failed-{name}-aggregate.log", args.timeout, cap)
            label = "(a) baocao aggregate" + (" + data docs" if docs else "")
            w = done.watched
            rows.append(Row(name, len(files), label, done.seconds, w.peak_kib, w.tree_kib, done.note, done.stages))
        sample = files
        if len(files) > 2 * args.pandas_sample:
            step = len(files) / args.pandas_sample
            sample = [files[int(k * step)] for k in range(args.pandas_sample)]
        w = watch([sys.executable, str(PROBES), "pandas", _list(sample, work, "sample")], args.timeout, cap)
        seconds, note = None, ""
        if w.returncode != 0 or w.killed:
            note = why_failed(w, DATA / f"failed-{name}-pandas.log")
        else:
            seconds, note = json.loads(w.stdout)["seconds"] * len(files) / len(sample), ""
            if len(sample) < len(files):
                note = f"extrapolated from {len(sample):,} of {len(files):,} files"
        rows.append(Row(name, len(files), "(b) pandas + openpyxl", seconds, w.peak_kib, w.tree_kib, note))
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


def render_shapes(ready: list[Prepared]) -> str:
    """What each shape is: its registry, root, period, real unit counts and files."""
    lines = ["| shape | registry | root | period | units below the root | files | MB |", "|---" * 7 + "|"]
    for r in ready:
        s = r.shape
        cells = [f"`{s.name}`: {s.title}", s.units or "sample", s.root or "–", s.period, r.units]
        lines.append("| " + " | ".join([*cells, f"{len(r.files):,}", f"{r.megabytes:,.1f}"]) + " |")
    return "\n".join(lines)


def render(rows: list[Row]) -> str:
    head = "| shape | files | method | seconds | ms/file | × floor | (b)/(a) | peak RSS MiB | tree RSS MiB | note |"
    lines = [head, "|" + "---|" * 10]
    for r in rows:
        same = {x.method: x for x in rows if x.shape == r.shape}
        floor = same["(c) unzip floor"].seconds
        pandas = same["(b) pandas + openpyxl"].seconds
        vs_floor = r.seconds / floor if r.seconds is not None and floor else None
        vs_pandas = pandas / r.seconds if r.method.startswith("(a)") and r.seconds and pandas else None
        per_file = 1000 * r.seconds / r.files if r.seconds is not None else None
        cells = [f"`{r.shape}`", f"{r.files:,}", r.method, _fmt(r.seconds, ".2f"), _fmt(per_file, ".2f")]
        cells += [
            _fmt(vs_floor, ".1f"),
            _fmt(vs_pandas, ".1f"),
            f"{r.peak_kib / 1024:,.0f}",
            f"{r.tree_kib / 1024:,.0f}",
        ]
        lines.append("| " + " | ".join([*cells, r.note]) + " |")
    lines += ["", "| method | fitted slope ms/file (least squares over the shapes) |", "|---|---|"]
    for method in dict.fromkeys(r.method for r in rows):
        lines.append(f"| {method} | {_fmt(slope_ms(rows, method), '.2f')} |")
    lines += [
        "",
        "| shape | read s | validate s | aggregate s | write s | start-up, imports and the rest s |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.stages and r.seconds is not None and "data docs" not in r.method:
            s = r.stages
            rest = r.seconds - sum(s.values())
            cells = [f"{s.get(k, 0):.2f}" for k in ("read", "validate", "aggregate", "write")]
            lines.append(f"| `{r.shape}` | " + " | ".join([*cells, f"{rest:.2f}"]) + " |")
    return "\n".join(lines)


def profile(shape: Shape, args: argparse.Namespace) -> int:
    ready = prepare(shape)
    with tempfile.TemporaryDirectory(dir=DATA) as tmp:
        where = [shape.units or "-", shape.root or "-", shape.period]
        cmd = [sys.executable, str(PROBES), "profile", str(ready.inbox), *where, tmp, str(args.top)]
        w = watch(cmd, args.timeout, int(args.max_gib * 2**20), cwd=ROOT)
    print(w.stdout)
    print(f"# wall {w.seconds:.1f} s, peak RSS {w.peak_kib / 1024:.0f} MiB {w.killed}", file=sys.stderr)
    return 0


def measure_rerun(shape: Shape, args: argparse.Namespace, cap: int) -> str:
    """The re-run case on part of ``shape``'s inbox (drawn if it is not yet), rendered."""
    print(f"# re-run: {shape.name}: drawing the inbox …", file=sys.stderr, flush=True)
    drawn = prepare(shape).files
    files = rerun.subset(drawn, args.rerun_files)
    print(f"# re-run: {len(files) - 1:,} files + 1, three runs …", file=sys.stderr, flush=True)
    results = rerun.measure(files, partial(aggregate_args, shape), DATA, args.timeout, cap)
    part = "the first" if len(files) < len(drawn) else "all"
    source = f"{part} {len(files) - 1:,} files + 1 new of `{shape.name}` ({' '.join(shape.cli()) or 'the sample'})"
    return rerun.render(results, source)


def _shapes(text: str) -> list[Shape]:
    unknown = [n for n in text.split(",") if n.strip() and n.strip() not in BY_NAME]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown shape {', '.join(unknown)} (known: {', '.join(BY_NAME)})")
    return [BY_NAME[n.strip()] for n in text.split(",") if n.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shapes", type=_shapes, default=list(SHAPES), help=f"comma-separated: {', '.join(BY_NAME)}")
    parser.add_argument("--quick", action="store_true", help="skip the national shapes")
    parser.add_argument("--pandas-sample", type=int, default=1000, help="files pandas reads when there are many")
    parser.add_argument("--no-data-docs", dest="data_docs", action="store_false", help="no data-docs run on the sample")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a subprocess is killed")
    parser.add_argument("--max-gib", type=float, default=12, help="tree RSS above which a subprocess is killed")
    parser.add_argument("--profile", choices=list(BY_NAME), metavar="SHAPE", help="profile one in-process run instead")
    parser.add_argument("--top", type=int, default=30, help="entries per profile listing")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    parser.add_argument("--no-rerun", dest="rerun", action="store_false", help="skip the re-run case")
    parser.add_argument("--rerun-shape", choices=list(BY_NAME), default="vn-2026", help="whose files the re-run takes")
    parser.add_argument("--rerun-files", type=int, default=1000, help="files of the cold run (then one more)")
    parser.add_argument("--no-startup", dest="startup", action="store_false", help="skip the sample's start-up case")
    parser.add_argument("--startup-repeat", type=int, default=3, help="runs of each start-up step (the fastest counts)")
    args = parser.parse_args(argv)
    DATA.mkdir(parents=True, exist_ok=True)
    if args.profile:
        return profile(BY_NAME[args.profile], args)
    shapes = [s for s in args.shapes if not (args.quick and s.national)]
    rows: list[Row] = []
    ready: list[Prepared] = []
    for shape in shapes:
        print(f"# {shape.name}: drawing the inbox …", file=sys.stderr, flush=True)
        ready.append(prepare(shape))
        start, done = time.perf_counter(), ready[-1]
        print(f"# {shape.name}: {len(done.files):,} files ready in {done.draw_seconds:.0f} s …", file=sys.stderr)
        rows += measure(done, args)
        print(f"# {shape.name}: measured in {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    tables = [render_shapes(ready), render(rows)]
    cap = int(args.max_gib * 2**20)
    if args.rerun:
        tables.append(measure_rerun(BY_NAME[args.rerun_shape], args, cap))
    if args.startup:
        print("# start-up of the sample …", file=sys.stderr, flush=True)
        command = partial(aggregate_args, BY_NAME["sample"])
        found = startup.measure(SAMPLE_INBOX, command, DATA, args.startup_repeat, args.timeout, cap)
        tables.append(startup.render(found, args.startup_repeat))
    print("\n\n".join(tables))
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in rows], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
