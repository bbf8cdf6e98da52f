"""Benchmark: loading N generated spec sheets vs. PyYAML's C parser alone, and the memory
a loaded sheet keeps.

Usage::

    python benchmarks/bench_load.py [N ...] [--form long|short] [--repeats K]
    python benchmarks/bench_load.py [N ...] [--previous DIR ...] [--rounds R] [--repeats K]
    python benchmarks/bench_load.py [N ...] --memory [--previous DIR ...]

Default N = 10,000. ``--form long`` (the default) writes sheets with 13 physical values,
long-form provenance and an alternative (about 1.2 kB); ``--form short`` writes 18
short-form values and one source (about 510 bytes, the sheets of issue 19).

Prints chipspec's load time, the time ``yaml.load(..., Loader=yaml.CSafeLoader)`` takes
to parse the same files (reading included in both), and their ratio (target <= 1.5).
Each is the median of interleaved runs (load, parse, load, parse, ...), so that a noisy
machine slows both alike. Each side keeps what it produced (the catalog; the list of
parsed documents) until its timed run ends, and frees it outside the timed region. Each
timed run includes a collection of the young generations right after it (``gc.collect(1)``,
on both sides): a load that leaves hundreds of thousands of objects in the youngest
generation makes the caller's next allocation scan them all, and that cost belongs to the
load. The time the collector spent during the
whole run (gc callbacks) is printed too.

With ``--previous DIR`` (a checkout of an earlier chipspec; the option may be repeated)
or ``--rounds R`` it runs this file R times (default 5) for each version in fresh
processes, alternating, each process timing K interleaved loads and parses (default 5),
and compares the medians of their ratios to the parser. The ratio, not the raw time, is compared because the two
processes may see different machine load.

``--memory`` loads N sheets in a fresh process and prints the resident memory the
catalog keeps per sheet (RSS after the load minus RSS before, divided by N; target
<= 17 KB) and the process's peak RSS.
"""

from __future__ import annotations

import gc
import itertools
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

import chipspec

SHEET = """\
name: Chip {i}
vendor: Vendor {v}
aliases: [C{i}]
category: GPU
released: {year}
form_factor: SXM
process: N{node}
die_area: {area} mm^2
memory:
  capacity: {cap} GB
  type: HBM3
  bandwidth:
    value: {bw} TB/s
    source: datasheet
    confidence: official
compute:
  fp64: {fp64} TFLOPS
  fp32: {fp32} TFLOPS
  bf16:
    value: {bf16} TFLOPS
    source: datasheet
    confidence: official
    note: dense figure
  fp16: {bf16} TFLOPS
  fp8: {fp8} TFLOPS
  int8: {fp8} TOPS
compute_sparse:
  fp8: {fp8s} TFLOPS
interconnect:
  name: Link {v}
  bandwidth: {link} GB/s
host:
  pcie: "5.0 x16"
power:
  tdp:
    value: {tdp} W
    source: datasheet
    confidence: official
    alternatives:
      - {{value: {tdp2} W, source: report, note: other figure}}
sources:
  datasheet: {{title: Datasheet {i}, url: "https://example.com/{i}.pdf"}}
  report: {{title: A report}}
"""


SHORT = """\
name: Chip {i}
vendor: Vendor {v}
category: GPU
released: {year}
process: N{node}
die_area: {area} mm^2
memory:
  capacity: {cap} GB
  type: HBM3
  bandwidth: {bw} TB/s
compute:
  fp32: {fp32} TFLOPS
  bf16: {bf16} TFLOPS
  fp16: {bf16} TFLOPS
  fp8: {fp8} TFLOPS
  int8: {fp8} TOPS
interconnect:
  bandwidth: {link} GB/s
host:
  pcie: "5.0 x16"
power:
  tdp: {tdp} W
sources:
  datasheet: {{title: Datasheet {i}, url: "https://example.com/{i}.pdf"}}
"""
FORMS = {"long": SHEET, "short": SHORT}


def generate(folder: Path, n: int, seed: int = 0, form: str = "long") -> list[Path]:
    rng = random.Random(seed)
    paths = []
    template = FORMS[form]
    for i in range(n):
        bf16 = rng.randint(50, 2500)
        text = template.format(
            i=i, v=i % 37, year=rng.randint(2018, 2026), node=rng.choice([3, 4, 5, 7]),
            area=rng.randint(300, 900), cap=rng.choice([32, 48, 64, 80, 96, 141, 192]),
            bw=round(rng.uniform(0.5, 8), 2), fp64=round(bf16 / 16, 1), fp32=round(bf16 / 8, 1),
            bf16=bf16, fp8=bf16 * 2, fp8s=bf16 * 4, link=rng.choice([200, 400, 900, 1800]),
            tdp=rng.randint(250, 1200), tdp2=rng.randint(250, 1200),
        )  # fmt: skip
        path = folder / f"chip-{i:05d}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def best_of(repeats: int, fn: Callable[[], object]) -> float:
    """The fastest of ``repeats`` timed calls, in seconds (the least disturbed by noise)."""
    return min(timed(fn) for _ in range(repeats))


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


class _Collections:
    """Time the cyclic collector spends (gc callbacks), and how many collections ran."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.count = 0
        self._start = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start
            self.count += 1


def main(n: int = 10_000, repeats: int = 5, quiet: bool = False, form: str = "long") -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = generate(folder, n, form=form)

        kept: list[object] = []  # what each side produced, freed outside the timed region

        def parse_only() -> None:
            documents = []
            for p in paths:
                with p.open("rb") as handle:
                    documents.append(yaml.load(handle.read().decode("utf-8"), Loader=yaml.CSafeLoader))
            kept.append(documents)  # a caller keeps what it parses
            gc.collect(1)

        def chipspec_load() -> None:
            catalog = chipspec.load_catalog(folder, bundled=False)
            assert len(catalog) == n
            kept.append(catalog)  # a caller keeps what it loads
            gc.collect(1)

        def timed_and_freed(fn: Callable[[], object]) -> float:
            seconds = timed(fn)
            kept.clear()  # freeing the result is not part of producing it (on both sides)
            return seconds

        chipspec_load()  # warm caches (unit lookups) before timing
        kept.clear()
        collections = _Collections()
        gc.callbacks.append(collections)
        loads, parses = [], []
        try:
            for _ in range(repeats):
                loads.append(timed_and_freed(chipspec_load))
                parses.append(timed_and_freed(parse_only))
        finally:
            gc.callbacks.remove(collections)
        load_s, yaml_s = statistics.median(loads), statistics.median(parses)
    result = {
        "n": n, "chipspec_s": load_s, "yaml_s": yaml_s, "ratio": load_s / yaml_s,
        "gc_s": collections.seconds / repeats, "load": os.getloadavg()[0],
    }  # fmt: skip
    if quiet:
        return result
    print(f"sheets:               {n} ({form} form); load average {result['load']:.2f}")
    print(f"chipspec load:        {load_s:.3f} s ({load_s / n * 1e6:.0f} µs a sheet)")
    print(f"yaml.CSafeLoader:     {yaml_s:.3f} s ({yaml_s / n * 1e6:.0f} µs a sheet)")
    print(f"ratio:                {result['ratio']:.2f} (target <= 1.5)")
    print(f"collector:            {result['gc_s']:.3f} s a round, both sides ({collections.count} collections)")
    return result


def _rss() -> int:
    """This process's resident memory now, in bytes (Linux)."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def memory(n: int, form: str = "long") -> dict[str, float]:
    """The resident memory a loaded catalog keeps per sheet (run in a fresh process)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, n, form=form)
        chipspec.load_catalog()  # imports and first-use tables, on the bundled sheets (not these)
        gc.collect()
        before = _rss()
        catalog = chipspec.load_catalog(folder, bundled=False)
        gc.collect()
        after = _rss()
        assert len(catalog) == n
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"n": n, "per_sheet": (after - before) / n, "peak": peak}


def _fresh(root: str, call: str) -> dict[str, float]:
    here = Path(__file__).resolve()
    env = {**os.environ, "PYTHONPATH": root}
    code = f"import sys, json; sys.path.insert(0, {str(here.parent)!r}); import bench_load; "
    code += f"print(json.dumps(bench_load.{call}))"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True, cwd=tempfile.gettempdir()
    )  # not the checkout's folder, which would shadow ``root`` on sys.path
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def against(previous: list[str], n: int, rounds: int, form: str = "long", repeats: int = 5) -> dict[str, float]:
    """This version (and each of ``previous``) on the same generated sheets, in
    alternating fresh processes."""
    here = Path(__file__).resolve()
    versions = {"this version": str(here.parents[1])}
    for other in previous:
        versions[f"version at {other}"] = str(Path(other).resolve())
    ratios: dict[str, list[float]] = {name: [] for name in versions}
    per_sheet: dict[str, list[float]] = {name: [] for name in versions}
    loads: list[float] = []
    for _ in range(rounds):
        for name, root in versions.items():
            figures = _fresh(root, f"main({n}, repeats={repeats}, quiet=True, form={form!r})")
            ratios[name].append(figures["ratio"])
            per_sheet[name].append(figures["chipspec_s"] / n * 1e6)
            loads.append(figures["load"])
    result = {}
    print(f"sheets: {n} ({form} form); {rounds} rounds, alternating, fresh processes; medians:")
    for name in versions:
        ratio, micros = statistics.median(ratios[name]), statistics.median(per_sheet[name])
        print(f"  {name:17s} {micros:6.0f} µs a sheet, {ratio:.2f}x the parser (rounds: {_list(ratios[name])})")
        result[name] = ratio
    print(f"load average during the rounds: {min(loads):.2f} to {max(loads):.2f}")
    for name in versions:
        if name != "this version":
            change = result["this version"] / result[name]
            print(f"this version / {name}: {change:.3f} (ratios to the parser)")
    return result


def _is_value(args: list[str], arg: str) -> bool:
    """Whether ``arg`` is the value of an option (``--rounds 3``), not a sheet count."""
    return any(a.startswith("--") and b is arg for a, b in itertools.pairwise(args))


def _list(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    args = sys.argv[1:]
    counts = [int(a) for a in args if a.isdigit() and not _is_value(args, a)] or [10_000]
    option = dict(itertools.pairwise(args))
    chosen_form = option.get("--form", "long")
    rounds = int(option.get("--rounds", "5"))
    repeats = int(option.get("--repeats", "5"))
    earlier = [b for a, b in itertools.pairwise(args) if a == "--previous"]
    for count in counts:
        if "--memory" in args:
            roots = {"this version": str(Path(__file__).resolve().parents[1])}
            roots.update({f"version at {p}": str(Path(p).resolve()) for p in earlier})
            for label, root in roots.items():
                figures = _fresh(root, f"memory({count}, form={chosen_form!r})")
                print(
                    f"{label}: {count} sheets ({chosen_form} form): {figures['per_sheet'] / 1024:.1f} KB RSS a sheet, "
                    f"peak {figures['peak'] / 2**20:.0f} MB; load average {os.getloadavg()[0]:.2f}"
                )
        elif earlier or "--rounds" in option:
            against(earlier, count, rounds, chosen_form, repeats)
        else:
            main(count, repeats=repeats, form=chosen_form)
