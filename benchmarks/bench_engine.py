"""Benchmark: the comparison engine on N generated chips (default 10,000).

Usage: python benchmarks/bench_engine.py [N]

Measures, in one run: every registry metric for all chips plus one weighted score and one
3-metric Pareto front (target: under 0.5 s at N = 10,000), and the same metrics computed
chip by chip with pint scalars, the naive path (target: the engine's metric step at least
50 times faster).
"""

from __future__ import annotations

import math
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

import chipspec
from chipspec.compare import compare
from chipspec.metrics import COMPUTE, METRICS, canonical_unit

sys.path.insert(0, str(Path(__file__).parent))
from bench_load import best_of, generate

SCORE = {"bandwidth_per_watt": 1.0, "tflops_per_watt": 1.0, "memory.capacity": 0.5}
PARETO = ["memory.bandwidth", "tflops_per_watt", "memory.capacity"]


def naive(chips: list[chipspec.Spec], precision: str = "bf16") -> list[dict[str, Any]]:
    """Every metric, chip by chip, with pint scalar Quantities (the slow, obvious way)."""
    results = []
    for chip in chips:
        row: dict[str, Any] = {}
        for m in METRICS.values():
            args = []
            for name in m.needs:
                if name == COMPUTE:
                    value = chip[f"compute.{precision}"]
                elif name in ("host.pcie.gen", "host.pcie.lanes"):
                    value = chip[name]
                    value = None if value is None else chipspec.Q_(float(value))
                elif name in METRICS:
                    value = row.get(name)
                else:
                    value = chip[name]
                # unknown is NaN in the metric's input unit, as in the engine
                args.append(chipspec.Q_(math.nan, canonical_unit(name)) if value is None else value)
            result = m.function(*args).to(m.unit)
            magnitude = float(np.asarray(result.magnitude).reshape(-1)[0])  # some metrics return 1-element arrays
            row[m.name] = None if math.isnan(magnitude) else chipspec.Q_(magnitude, m.unit)
        results.append(row)
    return results


def main(n: int = 10_000, repeats: int = 3) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), n)
        chips = list(chipspec.load_catalog(tmp, bundled=False))
    names = list(METRICS)

    def engine_metrics() -> Any:
        return compare(chips, names)

    def engine_all() -> None:
        comparison = compare(chips, names)
        comparison.score(SCORE)
        comparison.pareto(PARETO)

    engine_all()  # warm caches
    metrics_s = best_of(repeats, engine_metrics)
    all_s = best_of(repeats, engine_all)
    naive_s = best_of(1, lambda: naive(chips))
    # the two paths must agree
    fast = compare(chips[:200], names)
    slow = naive(chips[:200])
    for i, row in enumerate(slow):
        for name, q in row.items():
            v = fast.column(name).values[i]
            assert (q is None) == (v != v), (i, name)
            assert q is None or abs(q.magnitude - v) <= 1e-9 * abs(v), (i, name)
    result = {"n": n, "engine_s": all_s, "metrics_s": metrics_s, "naive_s": naive_s, "speedup": naive_s / metrics_s}
    print(f"chips:                               {n}")
    print(f"engine (all metrics, score, pareto): {all_s:.3f} s (target < 0.5 s)")
    print(f"engine metrics only:                 {metrics_s:.3f} s")
    print(f"naive pint scalars, chip by chip:    {naive_s:.3f} s")
    print(f"speedup:                             {result['speedup']:.0f}x (target >= 50x)")
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
