"""Benchmark: loading N generated spec sheets vs. PyYAML's C parser alone.

Usage: python benchmarks/bench_load.py [N] [--previous DIR] [--rounds R]   (default N = 10,000)

Prints chipspec's load time, the time ``yaml.load(..., Loader=yaml.CSafeLoader)`` takes
to parse the same files (reading included in both), and their ratio (target <= 2.0).
Each is the median of interleaved runs (load, parse, load, parse, ...), so that a noisy
machine slows both alike.

With ``--previous DIR`` (a checkout of an earlier chipspec) it runs this file R times
(default 5) for each version in fresh processes, alternating, and compares the medians
of their ratios to the parser: the regression check (target: within 5%). The ratio, not
the raw time, is compared because the two processes may see different machine load.
"""

from __future__ import annotations

import json
import os
import random
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


def generate(folder: Path, n: int, seed: int = 0) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        bf16 = rng.randint(50, 2500)
        text = SHEET.format(
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


def main(n: int = 10_000, repeats: int = 5, quiet: bool = False) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = generate(folder, n)

        def parse_only() -> None:
            for p in paths:
                with p.open("rb") as handle:
                    yaml.load(handle.read().decode("utf-8"), Loader=yaml.CSafeLoader)

        def chipspec_load() -> None:
            catalog = chipspec.load_catalog(folder, bundled=False)
            assert len(catalog) == n

        chipspec_load()  # warm caches (unit lookups) before timing
        loads, parses = [], []
        for _ in range(repeats):
            loads.append(timed(chipspec_load))
            parses.append(timed(parse_only))
        load_s, yaml_s = statistics.median(loads), statistics.median(parses)
    result = {"n": n, "chipspec_s": load_s, "yaml_s": yaml_s, "ratio": load_s / yaml_s}
    if quiet:
        return result
    print(f"sheets:               {n}")
    print(f"chipspec load:        {load_s:.3f} s ({load_s / n * 1e6:.0f} µs a sheet)")
    print(f"yaml.CSafeLoader:     {yaml_s:.3f} s ({yaml_s / n * 1e6:.0f} µs a sheet)")
    print(f"ratio:                {result['ratio']:.2f} (target <= 2.0)")
    return result


def against(previous: str, n: int, rounds: int) -> dict[str, float]:
    """This version and ``previous`` on the same generated sheets, in alternating processes."""
    here = Path(__file__).resolve()
    versions = {"this version": str(here.parents[1]), "previous version": str(Path(previous).resolve())}
    ratios: dict[str, list[float]] = {name: [] for name in versions}
    per_sheet: dict[str, list[float]] = {name: [] for name in versions}
    for _ in range(rounds):
        for name, root in versions.items():
            env = {**os.environ, "PYTHONPATH": root}
            code = f"import sys, json; sys.path.insert(0, {str(here.parent)!r}); import bench_load; "
            code += f"print(json.dumps(bench_load.main({n}, quiet=True)))"
            out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
            figures = json.loads(out.stdout)
            ratios[name].append(figures["ratio"])
            per_sheet[name].append(figures["chipspec_s"] / n * 1e6)
    result = {}
    print(f"sheets: {n}; {rounds} rounds, alternating; medians:")
    for name in versions:
        ratio, micros = statistics.median(ratios[name]), statistics.median(per_sheet[name])
        print(f"  {name:17s} {micros:6.0f} µs a sheet, {ratio:.2f}x the parser")
        result[name] = ratio
    change = result["this version"] / result["previous version"]
    print(f"this / previous: {change:.3f} (target <= 1.05)")
    return {"ratio_previous": change, **result}


if __name__ == "__main__":
    args = sys.argv[1:]
    count = int(args[0]) if args and args[0].isdigit() else 10_000
    if "--previous" in args:
        rounds = int(args[args.index("--rounds") + 1]) if "--rounds" in args else 5
        against(args[args.index("--previous") + 1], count, rounds)
    else:
        main(count)
