"""Benchmark: cold start of `chipspec compare` on the bundled catalog against a floor.

Usage: python benchmarks/bench_cli.py [RUNS]   (default 15)

The floor is ``python -c "import pint, yaml, tabulate; pint.UnitRegistry()"``: what any
pint-based tool pays before it does anything. Both commands run alternately in fresh
processes; the medians and their ratio are printed (target: ratio <= 1.1).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

FLOOR = [sys.executable, "-c", "import pint, yaml, tabulate; pint.UnitRegistry()"]
COMPARE = [sys.executable, "-m", "chipspec", "compare"]


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(runs: int = 15) -> dict[str, float]:
    wall(FLOOR), wall(COMPARE)  # warm the file cache
    floor, compare = [], []
    for _ in range(runs):
        floor.append(wall(FLOOR))
        compare.append(wall(COMPARE))
    result = {"floor_s": statistics.median(floor), "compare_s": statistics.median(compare)}
    result["ratio"] = result["compare_s"] / result["floor_s"]
    print(f"runs:                        {runs} each, alternating")
    print(f"floor (import pint, yaml, tabulate; UnitRegistry()): {result['floor_s'] * 1000:.0f} ms median")
    print(f"chipspec compare (bundled catalog, text):           {result['compare_s'] * 1000:.0f} ms median")
    print(f"ratio:                       {result['ratio']:.2f} (target <= 1.1)")
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
