"""Benchmark: the comparison engine on N generated chips (default 10,000) against the loop a
user would write.

Usage: python benchmarks/bench_engine.py [N] [--cold]

The baseline is what a competent user writes with chipspec's own API and pint: for each
chip and each metric, the Spec's Quantities divided and converted, skipping unknowns::

    for chip in chips:
        bw, tdp = chip["memory.bandwidth"], chip["power.tdp"]
        if bw is not None and tdp is not None:
            out[chip.id] = (bw / tdp).to("GB/s/W").magnitude

It computes the same eleven metrics (TPP as the max of TOPS x bits over the precisions the
chip has), and the two are checked to agree. Both are timed the same way: warm is the best
of three runs in this process; cold (``--cold``) is the median of three first runs, each in a
fresh process, for each path separately. The engine's figure includes a 3-column weighted score and a 3-column
Pareto front; the metric step alone is also reported.

Issue 19's target compares the engine's full run (eleven metrics, score and Pareto front)
with the loop a user writes for **seven ratios** per chip (no score, no front): at least
50x, warm and cold. The paths take turns (warm: best of three each, alternating; cold:
fresh processes, alternating, medians of three). The score's rows and the dominated pairs
are built when first read; the figure "with rows read" reads them all.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from bench_load import generate

import chipspec
from chipspec.comparison import compare

METRICS = [
    "bandwidth_per_watt", "memory_per_tflops", "tflops_per_watt", "ridge_point", "bytes_per_flop",
    "interconnect_per_watt", "interconnect_per_tflops", "pcie_bandwidth", "memory_per_watt", "tpp",
    "performance_density",
]  # fmt: skip
SCORE = {"bandwidth_per_watt": 1.0, "tflops_per_watt": 1.0, "memory.capacity": 0.5}
PARETO = ["memory.bandwidth", "tflops_per_watt", "memory.capacity"]
BITS = {"fp64": 64, "fp32": 32, "tf32": 32, "bf16": 16, "fp16": 16, "fp8": 8, "fp6": 6, "fp4": 4, "int8": 8, "int4": 4}
LANE = {
    1: 0.25,
    2: 0.5,
    3: 8 * 128 / 130 / 8,
    4: 16 * 128 / 130 / 8,
    5: 32 * 128 / 130 / 8,
    6: 64 * 242 / 256 / 8,
    7: 128 * 242 / 256 / 8,
}


def naive(chips: list[chipspec.Spec]) -> dict[str, dict[str, float]]:
    """Every metric, chip by chip, with the Spec's pint Quantities (the user's loop)."""
    out: dict[str, dict[str, float]] = {m: {} for m in METRICS}

    def ratio(name: str, chip: chipspec.Spec, a: Any, b: Any, unit: str) -> None:
        if a is not None and b is not None:
            out[name][chip.id] = (a / b).to(unit).magnitude

    for chip in chips:
        bw, tdp, cap = chip["memory.bandwidth"], chip["power.tdp"], chip["memory.capacity"]
        link, bf16 = chip["interconnect.bandwidth"], chip["compute.bf16"]
        ratio("bandwidth_per_watt", chip, bw, tdp, "GB/s/W")
        ratio("memory_per_tflops", chip, cap, bf16, "GB/TFLOPS")
        ratio("tflops_per_watt", chip, bf16, tdp, "TFLOPS/W")
        ratio("ridge_point", chip, bf16, bw, "FLOP/B")
        ratio("bytes_per_flop", chip, bw, bf16, "B/FLOP")
        ratio("interconnect_per_watt", chip, link, tdp, "GB/s/W")
        ratio("interconnect_per_tflops", chip, link, bf16, "GB/s/TFLOPS")
        ratio("memory_per_watt", chip, cap, tdp, "GB/W")
        pcie = chip.host.pcie
        if pcie is not None:
            out["pcie_bandwidth"][chip.id] = LANE[pcie.gen] * pcie.lanes
        products = []
        for p, bits in BITS.items():
            q = chip[f"compute.{p}"]
            if q is not None:
                unit = "TOPS" if p.startswith("int") else "TFLOPS"
                products.append(q.to(unit).magnitude * bits)
        if products:
            tpp = max(products)
            out["tpp"][chip.id] = tpp
            area = chip.die_area
            if area is not None:
                out["performance_density"][chip.id] = tpp / area.to("mm**2").magnitude
    return out


SEVEN = [
    ("bandwidth_per_watt", "memory.bandwidth", "power.tdp", "GB/s/W"),
    ("memory_per_tflops", "memory.capacity", "compute.bf16", "GB/TFLOPS"),
    ("tflops_per_watt", "compute.bf16", "power.tdp", "TFLOPS/W"),
    ("ridge_point", "compute.bf16", "memory.bandwidth", "FLOP/B"),
    ("bytes_per_flop", "memory.bandwidth", "compute.bf16", "B/FLOP"),
    ("interconnect_per_watt", "interconnect.bandwidth", "power.tdp", "GB/s/W"),
    ("memory_per_watt", "memory.capacity", "power.tdp", "GB/W"),
]


def seven(chips: list[chipspec.Spec]) -> dict[str, dict[str, float]]:
    """The loop a user writes for seven ratios per chip (no score, no front): the
    baseline of issue 19's engine target."""
    out: dict[str, dict[str, float]] = {name: {} for name, *_ in SEVEN}
    for chip in chips:
        for name, a_path, b_path, unit in SEVEN:
            a, b = chip[a_path], chip[b_path]
            if a is not None and b is not None:
                out[name][chip.id] = (a / b).to(unit).magnitude
    return out


def engine(chips: list[chipspec.Spec], full: bool = True) -> Any:
    comparison = compare(chips, METRICS, "bf16")
    if full:
        comparison.score(SCORE)
        comparison.pareto(PARETO)
    return comparison


def engine_rows(chips: list[chipspec.Spec]) -> Any:
    """The full run with every result row read (the score's rows, the dominated pairs)."""
    comparison = compare(chips, METRICS, "bf16")
    scoring, front = comparison.score(SCORE), comparison.pareto(PARETO)
    return scoring.rows, front.dominated, front.not_computable


def check(chips: list[chipspec.Spec]) -> None:
    """The two paths must agree on every value."""
    fast, slow = engine(chips, full=False), naive(chips)
    for name in METRICS:
        col = fast.column(name)
        for i, chip in enumerate(fast.chips):
            mine, theirs = col.values[i], slow[name].get(chip.id)
            assert (theirs is None) == math.isnan(mine), (name, chip.id)
            assert theirs is None or math.isclose(mine, theirs, rel_tol=1e-9), (name, chip.id, mine, theirs)


def cold(path: str, folder: str, runs: int = 3) -> float:
    """The median of ``runs`` first calls, each in a fresh process (imports and the
    catalog load excluded; nothing is cached yet)."""
    import statistics

    return statistics.median(_cold_once(path, folder) for _ in range(runs))


def _cold_once(path: str, folder: str) -> float:
    code = (
        "import sys, time; sys.path.insert(0, 'benchmarks'); import bench_engine as b, chipspec; "
        f"chips = list(chipspec.load_catalog({folder!r}, bundled=False)); t = time.perf_counter(); "
        f"b.{path}(chips); print(time.perf_counter() - t)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(result.stdout.strip())


def alternating(runs: int, paths: dict[str, Any]) -> dict[str, float]:
    """The best of ``runs`` timed calls of each path, the paths taking turns."""
    import time

    times: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(runs):
        for name, fn in paths.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: min(t) for name, t in times.items()}


def main(n: int = 10_000, with_cold: bool = False) -> dict[str, float]:
    import os

    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), n)
        chips = list(chipspec.load_catalog(tmp, bundled=False))
        check(chips[:300])
        engine(chips)  # warm the caches both paths share (units)
        naive(chips[:50])
        seven(chips[:50])
        warm = alternating(
            3,
            {
                "engine_s": lambda: engine(chips),
                "rows_s": lambda: engine_rows(chips),
                "metrics_s": lambda: engine(chips, full=False),
                "seven_s": lambda: seven(chips),
                "naive_s": lambda: naive(chips),
            },
        )
        result: dict[str, float] = {"n": n, **warm, "load": os.getloadavg()[0]}
        result["speedup_seven"] = warm["seven_s"] / warm["engine_s"]
        result["speedup_seven_rows"] = warm["seven_s"] / warm["rows_s"]
        result["speedup_all"] = warm["naive_s"] / warm["engine_s"]
        result["speedup_metrics"] = warm["naive_s"] / warm["metrics_s"]
        if with_cold:
            import statistics

            cold_times: dict[str, list[float]] = {"engine": [], "engine_rows": [], "seven": []}
            for _ in range(3):  # fresh processes, taking turns
                for path in cold_times:
                    cold_times[path].append(_cold_once(path, tmp))
            result["engine_cold_s"] = statistics.median(cold_times["engine"])
            result["rows_cold_s"] = statistics.median(cold_times["engine_rows"])
            result["seven_cold_s"] = statistics.median(cold_times["seven"])
            result["speedup_cold"] = result["seven_cold_s"] / result["engine_cold_s"]
            result["speedup_cold_rows"] = result["seven_cold_s"] / result["rows_cold_s"]
    print(f"chips:                                   {n}; load average {result['load']:.2f}")
    print(f"engine, 11 metrics + score + pareto:      {warm['engine_s']:.3f} s warm (target < 0.5 s)")
    print(f"  ... with every result row read:         {warm['rows_s']:.3f} s warm")
    print(f"engine, 11 metrics only:                  {warm['metrics_s']:.3f} s warm")
    print(f"user's loop, seven ratios:                {warm['seven_s']:.3f} s warm")
    print(f"user's loop, eleven metrics:              {warm['naive_s']:.3f} s warm")
    print(f"speedup over the seven-ratio loop, warm:  {result['speedup_seven']:.0f}x "
          f"({result['speedup_seven_rows']:.0f}x with rows read; target >= 50x)")  # fmt: skip
    print(f"speedup over the eleven-metric loop:      {result['speedup_all']:.0f}x with score and Pareto, "
          f"{result['speedup_metrics']:.0f}x metrics only")  # fmt: skip
    if with_cold:
        print(f"cold (first call in a fresh process):     engine {result['engine_cold_s']:.3f} s "
              f"({result['rows_cold_s']:.3f} s with rows), seven-ratio loop {result['seven_cold_s']:.3f} s: "
              f"{result['speedup_cold']:.0f}x ({result['speedup_cold_rows']:.0f}x with rows)")  # fmt: skip
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 10_000, "--cold" in sys.argv)
