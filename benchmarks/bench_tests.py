"""Benchmark: the README's test command on a fresh clone, as a newcomer runs it.

Usage::

    python benchmarks/bench_tests.py [--runs R] [--serial] [--keep]

Clones this checkout's HEAD into a temporary folder, makes a virtualenv there, installs
``.[test]`` (timed apart: it depends on the package index and pip's cache), then runs
``pytest`` R times in a row (default 2), each in a fresh process, and prints for each run
its wall time, the CPU time of the run's processes (user + system, from the children's
resource usage) and the load average before and after. ``--serial`` adds R runs of
``pytest -n 0`` (one process, no pytest-xdist) for comparison. ``--keep`` leaves the
clone for inspection.

The wall time is what the README promises (about a minute on the 2-core reference
machine); the CPU time does not depend on how many cores the run got, so it shows what a
change to the suite costs even on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of one command, and its last line of output."""
    cpu, start = _cpu(), time.perf_counter()
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    wall, used = time.perf_counter() - start, _cpu() - cpu
    last = (result.stdout.strip().splitlines() or [""])[-1]
    if result.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return wall, used, last


def _load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="runs of the test command (default 2)")
    parser.add_argument("--serial", action="store_true", help="also run `pytest -n 0` as many times")
    parser.add_argument("--keep", action="store_true", help="keep the clone")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="chipspec-tests-"))
    try:
        clone = folder / "chipspec"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=clone, capture_output=True, text=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CHIPSPEC_", "PYTEST_", "VIRTUAL_ENV"))}
        subprocess.run([sys.executable, "-m", "venv", ".venv"], cwd=clone, check=True)
        bin_dir = clone / ".venv" / "bin"
        env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
        wall, _, _ = _run([str(bin_dir / "pip"), "install", "-q", ".[test]"], clone, env)
        print(f"fresh clone of {head.stdout.strip()}; pip install '.[test]': {wall:.0f} s")
        print("| command | run | wall | CPU | result | load before -> after |")
        print("|---|---|---|---|---|---|")
        commands = [["pytest"]] + ([["pytest", "-n", "0"]] if args.serial else [])
        for command in commands:
            for run in range(1, args.runs + 1):
                before = _load()
                wall, cpu, last = _run([str(bin_dir / command[0]), *command[1:]], clone, env)
                shown = " ".join(command)
                outcome = last.strip("= ")
                print(f"| `{shown}` | {run} | {wall:.1f} s | {cpu:.1f} s | {outcome} | {before} -> {_load()} |")
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
