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

``--summaries`` reads instead the ``<submitter>/summary.json`` files a round's repository
may carry (v6.0 has them for some submitters): rows in the layout of MLCommons' result
summarizer (``<benchmark>:time_to_train`` in minutes, ``<benchmark>:rcp_scaling_factor``,
``accelerators_count``, ``details_url``). Those scores are taken as written, not
re-scored. They matter because the v6.0 summaries list an RCP scaling factor where the
results folder holds no ``scaling.json`` (GigaComputing's and Inventec's B300
llama2_70b_lora rows: 1.0347) and the summarizer versions read (mlcommons/logging at
d4a66d8) apply only ``scaling.json``: scoring v6.0 from the run logs, as the default mode
does, may not reproduce v6.0's scores.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

CHIPS: dict[str, str] = {
    "AMD Instinct MI300X 192GB HBM3": "amd-mi300x",
    "AMD Instinct MI325X 256GB HBM3e": "amd-mi325x",
    "AMD Instinct MI325X 256GB HBM3E": "amd-mi325x",
    "AMD Instinct MI325X 256GB HBM3E DLC": "amd-mi325x",
    "AMD Instinct MI350X": "amd-mi350x",
    "AMD Instinct MI350X 288GB HBM3e": "amd-mi350x",
    "AMD Instinct MI355X": "amd-mi355x",
    "AMD Instinct MI355X 288GB HBM3e": "amd-mi355x",
    "NVIDIA Blackwell GPU (B200-SXM-180GB)": "nvidia-b200",
    "NVIDIA Blackwell GPU (GB200)": "nvidia-gb200",
    "NVIDIA Blackwell Ultra GPU (B300-SXM-270GB)": "nvidia-b300",
    "NVIDIA Blackwell GPU (B300-SXM-270GB)": "nvidia-b300",
    "NVIDIA B300 Blackwell Ultra GPU": "nvidia-b300",
    "NVIDIA Blackwell Ultra GPU (GB300)": "nvidia-gb300",
    "NVIDIA H100-SXM5-80GB": "nvidia-h100-sxm",
    "NVIDIA Hopper GPU (GH200)": "nvidia-gh200",
    "NVIDIA H200-NVL-141GB": "nvidia-h200-nvl",
    "NVIDIA H200 NVL 141GB": "nvidia-h200-nvl",
    "NVIDIA H200-SXM5-141GB": "nvidia-h200",
    "TPU-trillium": "google-tpu-v6e",
}
AVAILABLE = {"available on-premise": "on-premise", "available cloud": "cloud"}
NEEDED = ("division", "status", "accelerator_model_name", "accelerators_per_node", "number_of_nodes")
SUMMARY_NEEDED = ("division", "availability", "accelerator_model_name", "accelerators_count", "details_url")
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
    scaling_note: str = ""  # where a factor other than scaling.json's came from


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


# Benchmarks whose convergence the RCP checker counts in samples (the samples_count of the
# last eval_accuracy before run_stop); mlcommons/logging rcp_checker.read_submission_file.
SAMPLES_COUNTED = {"llama2_70b_lora", "flux1", "llama31_405b", "llama31_8b", "gpt_oss_20b", "deepseekv3_671b"}


def run_convergence(text: str, where: str) -> tuple[int | None, float | None]:
    """A run's global batch size and the samples it took to converge (the ``samples_count``
    of its last ``eval_accuracy`` before a successful ``run_stop``; None if it did not)."""
    gbs: int | None = None
    samples: float | None = None
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
        raw = event.get("metadata")
        metadata: dict[str, object] = raw if isinstance(raw, dict) else {}
        if key == "global_batch_size" and gbs is None and isinstance(event.get("value"), int):
            gbs = int(event["value"])
        elif key == "eval_accuracy":
            count = metadata.get("samples_count")
            if isinstance(count, int | float):
                samples = float(count)
        elif key == "run_stop":
            return gbs, (samples if metadata.get("status") == "success" else None)
    return gbs, None


def _np_mean(values: list[float]) -> float:
    """``numpy.mean``, as the RCP checker computes its means (pairwise summation, so the last
    digit can differ from ``sum / len``)."""
    return float(np.mean(values))


def _np_interp(x: float, xp: tuple[float, float], fp: tuple[float, float]) -> float:
    """``numpy.interp`` between two points, as the checker's ``_create_interp_rcp``."""
    return float(np.interp(x, list(xp), list(fp)))


def rcp_means(records: dict[str, object], unit: str, where: str) -> list[tuple[int, float]]:
    """Each RCP record's (batch size, olympic mean of its convergence counts), sorted by batch
    size (stably, as the checker's ``sorted(..., key=BS)``): ``compute_rcp_stats`` drops the
    lowest and the highest count and takes ``numpy.mean`` of the rest."""
    means: list[tuple[int, float]] = []
    for name, record in records.items():
        if not (isinstance(record, dict) and isinstance(record.get("BS"), int) and isinstance(record.get(unit), list)):
            raise ImportError_(f"{where}: {name}: expected BS and {unit!r}")
        counts = sorted(float(x) for x in record[unit])
        if len(counts) < 3:
            raise ImportError_(f"{where}: {name}: too few runs")
        means.append((int(record["BS"]), _np_mean(counts[1:-1])))
    return sorted(means, key=lambda m: m[0])


def prune_rcps(means: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """The RCP records the checker keeps (mlcommons/logging ``RCP_Checker._prune_rcps``):
    drop every record of a smaller batch size than the fastest-converging one; then, walking
    up from the second, drop a record that converges slower than the interpolation of its
    two neighbours, and compare the next record with the same left neighbour (the walk
    never steps back). ``means`` is sorted by batch size; duplicate batch sizes are refused
    (the checker would keep every record of a kept size, which this does not model)."""
    sizes = [m[0] for m in means]
    if len(set(sizes)) != len(sizes):
        raise ImportError_("RCP records repeat a batch size: pruning not reproduced")
    fastest = min(means, key=lambda m: m[1])  # the first of equal means, as the checker's min()
    kept = [m for m in means if m[0] >= fastest[0]]
    i = 1
    while i < len(kept) - 1:
        low, high = kept[i - 1], kept[i + 1]
        if kept[i][1] > _np_interp(kept[i][0], (low[0], high[0]), (low[1], high[1])):
            del kept[i]
            i -= 1
        i += 1
    return kept


def rcp_reference(means: list[tuple[int, float]], gbs: int) -> tuple[float | None, str]:
    """The reference mean the checker compares a submission of batch size ``gbs`` with
    (mlcommons/logging ``check_directory``, pruned RCPs, as the package checker and the
    result summarizer call it): the kept record of that batch size; else the interpolation
    between the kept records just below and just above it; else, with records only above,
    the smallest kept one. With records only below, the checker asks for a new RCP and gives
    no normalization: (None, why)."""
    kept = prune_rcps(means)
    for bs, mean in kept:
        if bs == gbs:
            return mean, f"RCP record for batch size {gbs}"
    below = [m for m in kept if m[0] < gbs]
    above = [m for m in kept if m[0] > gbs]
    if below and above:
        low, high = max(below), min(above)
        mean = _np_interp(gbs, (low[0], high[0]), (low[1], high[1]))
        return mean, f"RCP interpolated between batch sizes {low[0]} and {high[0]}"
    if above:
        return min(above)[1], f"RCP of the smallest batch size {min(above)[0]}"
    return None, f"no RCP record of batch size {gbs} or above (the checker asks for one)"


def rcp_factor(folder: Path, benchmark: str, rcps: Path) -> tuple[float | None, str]:
    """The RCP normalization MLCommons' review applies where a submission converges in fewer
    samples than the reference (mlcommons/logging rcp_checker ``_find_norm_factor``): the
    reference's mean (:func:`rcp_reference`) over the submission's olympic mean, at least 1.
    Only for a samples-counted benchmark whose runs share one batch size; otherwise
    (None, why). The checker's max-speedup test (a t-test) is not reproduced: the folders
    imported passed MLCommons' review."""
    if benchmark not in SAMPLES_COUNTED:
        return None, f"{benchmark} convergence is not counted in samples"
    rcp_file = rcps / f"rcps_{benchmark}.json"
    if not rcp_file.is_file():
        return None, f"no {rcp_file.name}"
    records = json.loads(rcp_file.read_text(encoding="utf-8"))
    if not isinstance(records, dict) or not records:
        raise ImportError_(f"{rcp_file}: expected a JSON object of RCP records")
    unit = "samples to converge" if benchmark in ("llama2_70b_lora", "flux1") else "Epochs to converge"
    means = rcp_means(records, unit, str(rcp_file))
    batch_sizes: set[int | None] = set()
    samples: list[float] = []
    for f in sorted(folder.glob("result_*.txt")):
        gbs, conv = run_convergence(f.read_text(encoding="utf-8", errors="replace"), str(f))
        batch_sizes.add(gbs)
        samples.append(1e9 if conv is None else conv)  # the checker's mark for a non-converged run
    if len(batch_sizes) != 1 or None in batch_sizes:
        return None, "the runs' global_batch_size differs or is missing"
    gbs = next(iter(batch_sizes))
    if gbs is None:  # excluded above; for the type checker
        return None, "the runs' global_batch_size differs or is missing"
    try:
        reference, _how = rcp_reference(means, gbs)
    except ImportError_ as err:
        raise ImportError_(f"{rcp_file}: {err}") from None
    if reference is None:
        return None, _how
    ordered = sorted(samples)
    if len(ordered) < 3:
        return None, "too few runs"
    mean_subm = _np_mean(ordered[1:-1])
    return max(1.0, reference / mean_subm), f"RCP normalization {reference:.6g} / {mean_subm:.6g} samples"


def score(folder: Path, benchmark: str, rcps: Path | None = None) -> tuple[float | None, int, int, float, str]:
    """(the score in minutes or None, runs read, runs dropped, scaling factor, the month of
    the latest converged run's start) of one folder. With ``rcps`` (a folder of
    mlcommons/logging ``rcps_<benchmark>.json``) and no ``scaling.json``, the scaling factor
    is the RCP normalization (:func:`rcp_factor`); a folder it cannot be computed for gets
    no score rather than an unscaled one."""
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
    elif rcps is not None:
        factor, why = rcp_factor(folder, benchmark, rcps)
        if factor is None:
            print(f"{folder}: not scored: {why}", file=sys.stderr)
            return None, len(files), dropped, scaling, month
        scaling = factor
    if dropped > max_dropped:
        return None, len(files), dropped, scaling, month  # too many non-converging runs: no score
    avg = olympic(scores, dropped, max_dropped)
    return (None if avg is None else avg * scaling), len(files), dropped, scaling, month


def collect(root: Path, rcps: Path | None = None) -> tuple[list[Result], list[str]]:
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
            minutes, runs, dropped, scaling, month = score(bench, bench.name, rcps)
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
                    scaling_note=(
                        f"the RCP normalization computed from rcps_{bench.name}.json"
                        if rcps is not None and not (bench / "scaling.json").is_file()
                        else ""
                    ),
                )
            )
    return results, sorted(skipped)


def collect_summaries(root: Path) -> tuple[list[Result], list[str]]:
    """Every (system, benchmark) score of a catalog chip in the submitters' ``summary.json``
    files (closed, available rows), taken as written, and the accelerators skipped."""
    results: list[Result] = []
    skipped: set[str] = set()
    for summary in sorted(root.glob("*/summary.json")):
        org = summary.parent.name
        try:
            rows = json.loads(summary.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise ImportError_(f"{summary}: {err}") from None
        if not isinstance(rows, list):
            raise ImportError_(f"{summary}: expected a JSON list of rows")
        for i, row in enumerate(rows):
            where = f"{summary}: row {i}"
            if not isinstance(row, dict):
                raise ImportError_(f"{where}: expected a JSON object")
            missing = [k for k in SUMMARY_NEEDED if k not in row]
            if missing:
                raise ImportError_(f"{where}: missing {', '.join(missing)}")
            availability = AVAILABLE.get(str(row["availability"]).strip().lower())
            if str(row["division"]).strip().lower() != "closed" or availability is None:
                continue
            name = str(row["accelerator_model_name"]).strip()
            chip = CHIPS.get(name)
            if chip is None:
                skipped.add(name)
                continue
            count = row["accelerators_count"]
            if not isinstance(count, int) or isinstance(count, bool) or count < 1:
                raise ImportError_(f"{where}: accelerators_count: expected a whole number >= 1, got {count!r}")
            stem = str(row["details_url"]).rstrip("/").rsplit("/", 1)[-1].removesuffix(".json")
            if not stem:
                raise ImportError_(f"{where}: details_url: expected a link to systems/<system>.json")
            for key in sorted(k for k in row if k.endswith(":time_to_train")):
                minutes = row[key]
                if minutes is None:
                    continue
                bench = key.removesuffix(":time_to_train")
                if not isinstance(minutes, int | float) or isinstance(minutes, bool) or minutes <= 0:
                    raise ImportError_(f"{where}: {key}: expected a positive number of minutes, got {minutes!r}")
                factor = row.get(f"{bench}:rcp_scaling_factor")
                results.append(
                    Result(
                        chip=chip,
                        benchmark=bench,
                        chips=count,
                        minutes=float(minutes),
                        runs=0,
                        dropped=0,
                        scaling=float(factor) if isinstance(factor, int | float) else 1.0,
                        folder=f"{org}/results/{stem}/{bench}",
                        month="",
                        submitter=str(row.get("submitter") or org),
                        system=str(row.get("system") or stem),
                        availability=availability,
                        framework=str(row.get("framework") or ""),
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


def render(results: list[Result], round_: str, commit: str, date: str, repo: str = "") -> str:
    """The measurement file's text."""
    repo = repo or f"mlcommons/training_results_v{round_}"
    out = [
        f"# Imported by tools/import_mlperf_training.py from {repo} at {commit}.",
        "# Closed division, available systems; per chip, benchmark and accelerator count the fastest",
        "# system. Each value is the SYSTEM's time to train, computed here from the run logs with",
        "# MLCommons' scoring rule (olympic mean x scaling.json or, where the folder has none and",
        "# --rcps was given, the RCP normalization): unverified by MLCommons, and not",
        "# its published score, which carries the result id the repository does not hold. `result`",
        "# names the results folder. Re-run the importer to refresh; review its diff like any sheet change.",
        "sources:",
        "  mlperf-training:",
        f'    title: "MLPerf Training v{round_} results, closed division (MLCommons): run logs, system files'
        + ("" if repo == f"mlcommons/training_results_v{round_}" else f", read from {repo}")
        + '"',
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
        if r.scaling_note:
            scale = f"; x {r.scaling_note}, {r.scaling:.6g}"
        note = (
            f"Unverified: computed by chipspec from {r.runs} run logs (olympic mean{drop}{scale}), not MLCommons' "
            f"published score. {r.submitter}, {r.system} ({r.availability}); the system's time, not per chip; "
            f"date: the latest run's start; round published {date}. Result not verified by MLCommons Association."
        )
        out += _record(r, method.format(round_=round_, benchmark=r.benchmark), "", r.month, note)
    return "\n".join(out) + "\n"


def _record(r: Result, method: str, tool: str, date: str, note: str) -> list[str]:
    """One measurement record's lines (``tool`` adds to the logging library's name)."""
    out = [
        f"  - chip: {r.chip}",
        "    kind: training",
        f"    model: {_text(r.benchmark)}",
        f"    chips: {r.chips}",
        f"    value: {r.minutes:.3f} minutes",
        f"    method: {_text(method)}",
        f"    tool: MLPerf Training reference logging (mlperf_logging{tool})",
    ]
    if r.framework:
        out.append(f"    stack: {_text(r.framework)}")
    return [
        *out,
        f"    date: {date}",
        "    source: mlperf-training",
        f"    result: {_text(r.folder)}",
        "    by: independent",
        "    confidence: reported",
        f"    note: {_text(note)}",
    ]


def render_summaries(results: list[Result], round_: str, commit: str, date: str, repo: str = "") -> str:
    """The measurement file's text for scores read from the submitters' summary.json files."""
    repo = repo or f"mlcommons/training_results_v{round_}"
    out = [
        f"# Imported by tools/import_mlperf_training.py --summaries from {repo} at {commit}.",
        "# Closed division, available systems; per chip, benchmark and accelerator count the fastest",
        "# system among the submitters' summary.json files read (not every submitter has one: not",
        "# necessarily the round's fastest). Each value is the SYSTEM's time to train as the summary",
        "# writes it (MLCommons' result summarizer layout), not re-scored; the summary carries no",
        "# result id, so `result` names the results folder. Review the diff like any sheet change.",
        "sources:",
        "  mlperf-training:",
        f"    title: \"MLPerf Training v{round_} results, closed division: submitters' summary.json files"
        + ("" if repo == f"mlcommons/training_results_v{round_}" else f", read from {repo}")
        + '"',
        f"    url: https://github.com/{repo}/tree/{commit}",
        "measured:",
    ]
    method = (
        "MLPerf Training v{round_} {benchmark}, closed division, time to train; "
        "Unverified: read from the submitter's summary.json"
    )
    for r in results:
        scale = f" (its rcp_scaling_factor: {r.scaling:.6g})" if r.scaling != 1.0 else ""
        note = (
            f"Unverified: the time_to_train of {r.submitter}'s summary.json{scale}, not checked against "
            f"MLCommons' published table. {r.submitter}, {r.system} ({r.availability}); the system's time, "
            f"not per chip; date: the round's publication ({date}). Result not verified by MLCommons Association."
        )
        out += _record(r, method.format(round_=round_, benchmark=r.benchmark), " result summarizer", date, note)
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="a checkout of mlcommons/training_results_v<round>")
    parser.add_argument("--round", required=True, dest="round_", help="the round, like 5.1")
    parser.add_argument("--commit", required=True, help="the commit the tree was read at (40 hex digits)")
    parser.add_argument("--date", required=True, help="the round's publication month (YYYY-MM)")
    parser.add_argument(
        "--summaries", action="store_true", help="read the submitters' summary.json files, not the run logs"
    )
    parser.add_argument(
        "--rcps",
        type=Path,
        help="a folder of mlcommons/logging rcps_<benchmark>.json: normalize folders without scaling.json",
    )
    parser.add_argument(
        "--repo", default="", help="owner/name the tree was read from (default mlcommons/training_results_v<round>)"
    )
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[0-9]+\.[0-9]+", args.round_):
        parser.error(f"--round: expected a round like 5.1, got {args.round_!r}")
    if not re.fullmatch(r"[0-9a-f]{40}", args.commit):
        parser.error(f"--commit: expected 40 hex digits, got {args.commit!r}")
    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", args.date):
        parser.error(f"--date: expected YYYY-MM, got {args.date!r}")
    if args.repo and not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", args.repo):
        parser.error(f"--repo: expected owner/name, got {args.repo!r}")
    if not args.root.is_dir():
        print(f"{args.root}: not a folder", file=sys.stderr)
        return 1
    try:
        results, skipped = collect_summaries(args.root) if args.summaries else collect(args.root, args.rcps)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        print(f"{args.root}: cannot read: {err}", file=sys.stderr)
        return 1
    except (ImportError_, KeyError, TypeError, ValueError) as err:
        print(f"{args.root}: {err}", file=sys.stderr)
        return 1
    for name in skipped:
        print(f"skipped (no catalog chip): {name}", file=sys.stderr)
    write = render_summaries if args.summaries else render
    sys.stdout.write(write(select(results), args.round_, args.commit, args.date, args.repo))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
