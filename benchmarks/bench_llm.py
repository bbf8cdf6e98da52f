"""Benchmark: the LLM serving sweep in bulk against the loop a user would write.

Usage: python benchmarks/bench_llm.py [--cold]

Every bundled model x every catalog chip x batches 1 to 1024 (powers of two) x three
contexts (1,024, 8,192 and 32,768 tokens), every figure of the lens (fits, max batch,
minimum chips, decode step, throughputs, tokens per joule, critical batch, TTFT).
Target: under 0.2 s on the project's machine.

The baseline computes the same scenarios one at a time with ``chipspec.llm()`` (one
Serving per model, batch and context, all chips at once): what a user writes who loops
over scenarios. Both are timed the same way: warm is the best of three runs in this
process; ``--cold`` adds the median of three first calls, each in a fresh process. The
two are checked to agree on a sample.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from bench_load import best_of

import chipspec
from chipspec.lenses.llm import DEFAULTS, bundled_models, llm, sweep

BATCHES = [2**k for k in range(11)]
CONTEXTS = [1024, 8192, 32768]


def bulk(chips: list[chipspec.Spec]) -> dict[str, Any]:
    return {model: sweep(model, chips, BATCHES, CONTEXTS, DEFAULTS) for model in bundled_models()}


def loop(chips: list[chipspec.Spec], models: list[str] | None = None) -> dict[tuple[str, int, int], Any]:
    out = {}
    for model in models or list(bundled_models()):
        for t in CONTEXTS:
            for b in BATCHES:
                s = llm(model, chips, batch=b, context=t)
                out[model, t, b] = s.column("tokens_per_second_per_chip").values
    return out


def check(chips: list[chipspec.Spec]) -> None:
    fast = bulk(chips)
    slow = loop(chips, ["llama-3.1-70b", "deepseek-v3"])
    for (model, t, b), values in slow.items():
        mine = fast[model]["tokens_per_second_per_chip"][:, CONTEXTS.index(t), BATCHES.index(b)]
        assert np.allclose(mine, values, equal_nan=True, rtol=1e-12), (model, t, b)


def _cold_once(path: str) -> float:
    code = (
        "import sys, time; sys.path.insert(0, 'benchmarks'); import bench_llm as b, chipspec; "
        "chips = list(chipspec.load_catalog()); t = time.perf_counter(); "
        f"b.{path}(chips); print(time.perf_counter() - t)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(result.stdout.strip())


def main(with_cold: bool = False) -> dict[str, float]:
    chips = list(chipspec.load_catalog())
    check(chips)
    cells = len(bundled_models()) * len(chips) * len(BATCHES) * len(CONTEXTS)
    bulk(chips)  # warm
    bulk_s = best_of(3, lambda: bulk(chips))
    loop_s = best_of(3, lambda: loop(chips))
    result = {"cells": cells, "bulk_s": bulk_s, "loop_s": loop_s, "speedup": loop_s / bulk_s}
    print(f"models x chips x batches x contexts: {len(bundled_models())} x {len(chips)} x {len(BATCHES)} x "
          f"{len(CONTEXTS)} = {cells:,} scenarios")  # fmt: skip
    print(f"bulk sweep:                {bulk_s:.3f} s warm (target < 0.2 s)")
    print(f"llm() per scenario:        {loop_s:.3f} s warm")
    print(f"speedup:                   {loop_s / bulk_s:.0f}x")
    if with_cold:
        cold_bulk = statistics.median(_cold_once("bulk") for _ in range(3))
        cold_loop = statistics.median(_cold_once("loop") for _ in range(3))
        print(f"cold (first call, fresh process): bulk {cold_bulk:.3f} s, loop {cold_loop:.3f} s")
        result |= {"bulk_cold_s": cold_bulk, "loop_cold_s": cold_loop}
    return result


if __name__ == "__main__":
    main("--cold" in sys.argv)
