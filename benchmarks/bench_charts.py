"""Benchmark: every chart kind on N generated chips (default 1,000), drawn and saved as SVG
and PNG, the way ``chipspec plot KIND -o FILE`` does it.

Usage: python benchmarks/bench_charts.py [N] [--kinds bar,scatter,...] [--out DIR]

The chips are random but seeded (the same every run): nine vendors, bandwidth 200-8000 GB/s,
16-bit compute 50-2500 TFLOPS, power 150-1200 W, memory 16-288 GB, die area 300-850 mm²,
chip-to-chip bandwidth 50-1800 GB/s. Each kind is timed once from ``plot()`` to the written
file (the best of ``--repeat`` runs, default 1), in wall-clock seconds (what a user waits)
and CPU seconds (what the work costs: on a shared machine the better guide to an idle one);
the radar takes at most eight chips, so it is timed on the first eight. The serving chart is
drawn for llama-3.1-70b. The machine's load average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent.parent))
import chipspec
from chipspec.comparison import compare
from chipspec.report.charts import CHART_KINDS, MAX_RADAR_CHIPS, plot, save
from tests.strategies import make_chip


def generate(n: int, seed: int = 7) -> list[chipspec.Spec]:
    """``n`` chips with every figure the chart kinds draw."""
    rng = np.random.default_rng(seed)
    return [
        make_chip(
            f"gen-{i:04d}",
            vendor=f"Vendor{i % 9}",
            memory__bandwidth=f"{rng.uniform(200, 8000):.1f} GB/s",
            memory__capacity=f"{rng.uniform(16, 288):.0f} GB",
            compute__bf16=f"{rng.uniform(50, 2500):.1f} TFLOPS",
            power__tdp=f"{rng.uniform(150, 1200):.0f} W",
            die_area=f"{rng.uniform(300, 850):.0f} mm^2",
            interconnect__bandwidth=f"{rng.uniform(50, 1800):.0f} GB/s",
        )
        for i in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=1000)
    parser.add_argument("--kinds", default=",".join(CHART_KINDS))
    parser.add_argument("--out", type=Path, default=None, help="keep the charts in this folder")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--ext", default="svg,png")
    args = parser.parse_args()
    chips = generate(args.n)
    out = args.out or Path(tempfile.mkdtemp())
    out.mkdir(parents=True, exist_ok=True)
    comparison = compare(chips, [], "bf16")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{args.n} generated chips; seconds from plot() to the written file (best of {args.repeat}); load {load}")
    for kind in args.kinds.split(","):
        if kind == "serving":
            subject = chipspec.llm("llama-3.1-70b", chips, batch=8, context=4096)
        elif kind == "radar":
            subject = compare(chips[:MAX_RADAR_CHIPS], [], "bf16")
        else:
            subject = comparison
        for ext in args.ext.split(","):
            best, cpu = float("inf"), float("inf")
            for _ in range(args.repeat):
                start, start_cpu = time.perf_counter(), time.process_time()
                figure = plot(subject, kind)
                save(figure, out / f"{kind}-{args.n}.{ext}")
                best = min(best, time.perf_counter() - start)
                cpu = min(cpu, time.process_time() - start_cpu)
            drawn = len(subject.chips)
            print(f"  {kind:<11} {ext}  {best:6.2f} s wall  {cpu:6.2f} s CPU  ({drawn} chips)", flush=True)
    print("  load now " + " ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
