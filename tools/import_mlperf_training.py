"""Import MLPerf Training results into a measurement file: time to train per system.

MLCommons publishes each Training round's submissions in a public repository
(mlcommons/training_results_v<round>): per submitter ``systems/<system>.json`` (the
accelerator, its count per node, the nodes, availability, framework) and
``results/<system>/<benchmark>/result_*.txt`` (one MLLOG run log per run, with
``run_start`` and ``run_stop``, and the run's ``status``), with an optional
``scaling.json`` (the review's convergence scaling factor). The repository holds no
summary and no result ids (MLCommons assigns those in its published table).

This computes each benchmark's score the way MLCommons' result summarizer does
(mlcommons/logging, ``result_summarizer._compute_strong_score_standalone``): each run's
``run_stop - run_start`` in minutes; a run that did not converge (``status`` other than
``success``) or lacks either mark is dropped, at most one (four for unet3d) per benchmark;
the fastest run and, unless a run was dropped, the slowest are removed and the rest
averaged (the olympic mean); times the scaling factor. The summarizer also runs the
compliance checker, which this does not: the repository's results passed MLCommons'
review. A score computed here is *not* MLCommons' published figure and carries no result
id; every record says so and cites the results folder instead.

Kept: closed division, available systems (on-premise or cloud) on one kind of
accelerator that names a chip of the bundled catalog (:data:`CHIPS`); per chip, benchmark
and accelerator count, the fastest system (ties: the first by path). The value is the
*system's* time to train; nothing in chipspec turns it into a per-chip figure. A record's
``date`` is the month the latest run scored started (UTC, from the logs): a round's
repository may carry runs logged before the round (NVIDIA's v5.1 retinanet and rgat runs
date from April 2025).

    git clone https://github.com/mlcommons/training_results_v5.1 && cd training_results_v5.1
    python ../chipspec/tools/import_mlperf_training.py . --round 5.1 --commit $(git rev-parse HEAD) \\
        --date 2025-11 > ../chipspec/chipspec/specs/measured/mlperf-training-v5.1.yaml
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

CHIPS: dict[str, str] = {
    "AMD Instinct MI300X 192GB HBM3": "amd-mi300x",
    "AMD Instinct MI325X 256GB HBM3e": "amd-mi325x",
    "AMD Instinct MI325X 256GB HBM3E": "amd-mi325x",
    "AMD Instinct MI325X 256GB HBM3E DLC": "amd-mi325x",
    "AMD Instinct MI350X": "amd-mi350x",
    "AMD Instinct MI355X": "amd-mi355x",
    "NVIDIA Blackwell GPU (B200-SXM-180GB)": "nvidia-b200",
    "NVIDIA Blackwell GPU (GB200)": "nvidia-gb200",
    "NVIDIA Blackwell Ultra GPU (B300-SXM-270GB)": "nvidia-b300",
    "NVIDIA Blackwell Ultra GPU (GB300)": "nvidia-gb300",
    "NVIDIA H100-SXM5-80GB": "nvidia-h100-sxm",
    "NVIDIA H200-NVL-141GB": "nvidia-h200-nvl",
    "NVIDIA H200 NVL 141GB": "nvidia-h200-nvl",
    "NVIDIA H200-SXM5-141GB": "nvidia-h200",
    "TPU-trillium": "google-tpu-v6e",
}
AVAILABLE = {"available on-premise": "on-premise", "available cloud": "cloud"}
NEEDED = ("division", "status", "accelerator_model_name", "accelerators_per_node", "number_of_nodes")
_LINE = re.compile(r":::MLLOG (\{.*\})\s*$")


class ImportError_(ValueError):
    """The results tree does not have the layout this importer knows."""


@dataclass(frozen=True)
class Result:
    """One system's score on one benchmark."""

    chip: str
    benchmark: str
    chips: int
    minutes: float
    runs: int  # run logs read
    dropped: int  # non-converged runs dropped
    scaling: float
    folder: str  # the results folder, relative to the root (org/results/system/benchmark)
    month: str  # YYYY-MM (UTC) of the latest run_start among the runs scored: when it was measured
    submitter: str
    system: str
    availability: str
    framework: str


def run_minutes(text: str, where: str) -> float | None:
    """A run's time to train in minutes, or None where it did not converge (its
    ``run_stop`` status is not ``success``) or lacks ``run_start`` or ``run_stop``."""
    run = run_times(text, where)
    return None if run is None else (run[1] - run[0]) / 60 / 1000


def run_times(text: str, where: str) -> tuple[float, float] | None:
    """A converged run's (run_start, run_stop) in ms since the epoch, else None."""
    start: float | None = None
    stop: float | None = None
    status: str | None = None
    for n, line in enumerate(text.splitlines(), 1):
        match = _LINE.search(line)
        if match is None:
            continue
        try:
            event = json.loads(match.group(1))
        except json.JSONDecodeError as err:
            raise ImportError_(f"{where}:{n}: not an MLLOG record: {err}") from None
        if not isinstance(event, dict):
            raise ImportError_(f"{where}:{n}: not an MLLOG record")
        key = event.get("key")
        if key == "run_start" and start is None:
            start = float(event["time_ms"])
        elif key == "run_stop" and stop is None:
            stop = float(event["time_ms"])
            metadata = event.get("metadata") or {}
            status = metadata.get("status") if isinstance(metadata, dict) else None
        if start is not None and stop is not None:
            break
    if start is None or stop is None or status != "success":
        return None
    return start, stop


def olympic(scores: list[float], dropped: int, max_dropped: int) -> float | None:
    """MLCommons' olympic mean: drop the fastest ``max_dropped`` and the slowest
    ``max_dropped - dropped`` (runs already dropped count as the slowest); None if none remain."""
    ordered = sorted(scores)
    countable = ordered[max_dropped : len(ordered) - (max_dropped - dropped)]
    if not countable:
        return None
    return sum(countable) / len(countable)


def score(folder: Path, benchmark: str) -> tuple[float | None, int, int, float, str]:
    """(the score in minutes or None, runs read, runs dropped, scaling factor, the month of
    the latest converged run's start) of one folder."""
    scores: list[float] = []
    starts: list[float] = []
    dropped = 0
    files = sorted(folder.glob("result_*.txt"))
    for f in files:
        run = run_times(f.read_text(encoding="utf-8", errors="replace"), str(f))
        if run is None:
            dropped += 1
        else:
            scores.append((run[1] - run[0]) / 60 / 1000)
            starts.append(run[0])
    month = datetime.fromtimestamp(max(starts) / 1000, tz=UTC).strftime("%Y-%m") if starts else ""
    max_dropped = 4 if benchmark == "unet3d" else 1
    scaling = 1.0
    if (folder / "scaling.json").is_file():
        data = json.loads((folder / "scaling.json").read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("scaling_factor"), int | float):
            raise ImportError_(f'{folder / "scaling.json"}: expected {{"scaling_factor": <number>}}')
        scaling = float(data["scaling_factor"])
    if dropped > max_dropped:
        return None, len(files), dropped, scaling, month  # too many non-converging runs: no score
    avg = olympic(scores, dropped, max_dropped)
    return (None if avg is None else avg * scaling), len(files), dropped, scaling, month


def collect(root: Path) -> tuple[list[Result], list[str]]:
    """Every scored (system, benchmark) of a catalog chip, and the accelerators skipped."""
    results: list[Result] = []
    skipped: set[str] = set()
    for system_file in sorted(root.glob("*/systems/*.json")):
        org = system_file.parent.parent
        try:
            desc = json.loads(system_file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise ImportError_(f"{system_file}: {err}") from None
        if not isinstance(desc, dict):
            raise ImportError_(f"{system_file}: expected a JSON object")
        missing = [k for k in NEEDED if k not in desc]
        if missing:
            raise ImportError_(f"{system_file}: missing {', '.join(missing)}")
        availability = AVAILABLE.get(str(desc["status"]).strip().lower())
        if str(desc["division"]).strip().lower() != "closed" or availability is None:
            continue
        name = str(desc["accelerator_model_name"]).strip()
        chip = CHIPS.get(name)
        if chip is None:
            skipped.add(name)
            continue
        try:
            count = int(desc["number_of_nodes"]) * int(desc["accelerators_per_node"])
        except ValueError:
            raise ImportError_(f"{system_file}: expected whole numbers of nodes and accelerators per node") from None
        if count < 1:
            raise ImportError_(f"{system_file}: expected at least one accelerator")
        results_dir = org / "results" / system_file.stem
        for bench in sorted(p for p in results_dir.glob("*") if p.is_dir()):
            minutes, runs, dropped, scaling, month = score(bench, bench.name)
            if minutes is None:
                continue
            results.append(
                Result(
                    chip=chip,
                    benchmark=bench.name,
                    chips=count,
                    minutes=minutes,
                    runs=runs,
                    dropped=dropped,
                    scaling=scaling,
                    folder=bench.relative_to(root).as_posix(),
                    month=month,
                    submitter=str(desc.get("submitter") or org.name),
                    system=str(desc.get("system_name") or system_file.stem),
                    availability=availability,
                    framework=str(desc.get("framework") or ""),
                )
            )
    return results, sorted(skipped)


def select(results: list[Result]) -> list[Result]:
    """Per chip, benchmark and accelerator count, the fastest (ties: the first by folder)."""
    best: dict[tuple[str, str, int], Result] = {}
    for r in sorted(results, key=lambda r: r.folder):
        key = (r.chip, r.benchmark, r.chips)
        if key not in best or r.minutes < best[key].minutes:
            best[key] = r
    return [best[k] for k in sorted(best)]


def _text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def render(results: list[Result], round_: str, commit: str, date: str) -> str:
    """The measurement file's text."""
    repo = f"mlcommons/training_results_v{round_}"
    out = [
        f"# Imported by tools/import_mlperf_training.py from {repo} at {commit}.",
        "# Closed division, available systems; per chip, benchmark and accelerator count the fastest",
        "# system. Each value is the SYSTEM's time to train, computed here from the run logs with",
        "# MLCommons' scoring rule (olympic mean x scaling.json): unverified by MLCommons, and not",
        "# its published score, which carries the result id the repository does not hold. `result`",
        "# names the results folder. Re-run the importer to refresh; review its diff like any sheet change.",
        "sources:",
        "  mlperf-training:",
        f'    title: "MLPerf Training v{round_} results, closed division (MLCommons): run logs, system files"',
        f"    url: https://github.com/{repo}/tree/{commit}",
        "measured:",
    ]
    method = (
        "MLPerf Training v{round_} {benchmark}, closed division, time to train; "
        "Unverified: scored by chipspec from the run logs"
    )
    for r in results:
        drop = f"; {r.dropped} non-converged run dropped" if r.dropped else ""
        scale = f"; x scaling factor {r.scaling:.6g}" if r.scaling != 1.0 else ""
        note = (
            f"Unverified: computed by chipspec from {r.runs} run logs (olympic mean{drop}{scale}), not MLCommons' "
            f"published score. {r.submitter}, {r.system} ({r.availability}); the system's time, not per chip; "
            f"date: the latest run's start; round published {date}. Result not verified by MLCommons Association."
        )
        out += [
            f"  - chip: {r.chip}",
            "    kind: training",
            f"    model: {_text(r.benchmark)}",
            f"    chips: {r.chips}",
            f"    value: {r.minutes:.3f} minutes",
            f"    method: {_text(method.format(round_=round_, benchmark=r.benchmark))}",
            "    tool: MLPerf Training reference logging (mlperf_logging)",
        ]
        if r.framework:
            out.append(f"    stack: {_text(r.framework)}")
        out += [
            f"    date: {r.month}",
            "    source: mlperf-training",
            f"    result: {_text(r.folder)}",
            "    by: independent",
            "    confidence: reported",
            f"    note: {_text(note)}",
        ]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="a checkout of mlcommons/training_results_v<round>")
    parser.add_argument("--round", required=True, dest="round_", help="the round, like 5.1")
    parser.add_argument("--commit", required=True, help="the commit the tree was read at (40 hex digits)")
    parser.add_argument("--date", required=True, help="the round's publication month (YYYY-MM)")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[0-9]+\.[0-9]+", args.round_):
        parser.error(f"--round: expected a round like 5.1, got {args.round_!r}")
    if not re.fullmatch(r"[0-9a-f]{40}", args.commit):
        parser.error(f"--commit: expected 40 hex digits, got {args.commit!r}")
    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", args.date):
        parser.error(f"--date: expected YYYY-MM, got {args.date!r}")
    if not args.root.is_dir():
        print(f"{args.root}: not a folder", file=sys.stderr)
        return 1
    try:
        results, skipped = collect(args.root)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        print(f"{args.root}: cannot read: {err}", file=sys.stderr)
        return 1
    except (ImportError_, KeyError, TypeError, ValueError) as err:
        print(f"{args.root}: {err}", file=sys.stderr)
        return 1
    for name in skipped:
        print(f"skipped (no catalog chip): {name}", file=sys.stderr)
    sys.stdout.write(render(select(results), args.round_, args.commit, args.date))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
