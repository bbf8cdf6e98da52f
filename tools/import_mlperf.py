"""Import MLPerf Inference results into a measurement file, cited by result id.

MLCommons publishes each round's results in a public repository
(mlcommons/inference_results_v<round>) with ``summary_results.json`` at its top: one row
per system, model and scenario, with the result id (``5.1-0001``), the accelerator and its
count, the software, and the result with its unit. This keeps the rows that are

- closed division, datacenter suite, available systems (a system of several nodes counts
  nodes x accelerators per node, ``a#`` being per node);
- on one kind of accelerator that names a chip of the bundled catalog (:data:`CHIPS`;
  virtualized and mixed systems are left out);
- in a throughput scenario (SingleStream and MultiStream give a latency; v6.0 has datacenter
  rows of them);

and of those, per chip, model and scenario, the result with the highest throughput per
accelerator (ties: the lowest id). Each becomes a ``serving`` record holding the
*system's* result and its accelerator count, cited by result id as MLCommons' guidelines
ask; a per-accelerator figure derived from it is not an MLPerf result and is labelled so
wherever chipspec shows one.

    python tools/import_mlperf.py path/to/summary_results.json --round 5.1 \\
        --commit <40 hex> --date 2025-09 > chipspec/specs/measured/mlperf-inference-v5.1.yaml

Later rounds (v6.1) publish ``summary.json`` instead: an object of rows keyed "0", "1", ...
with other column names (``Division``, ``SystemType``, ``accelerator_model_name``,
``accelerators_per_node``, ``Result``, ``Units``, ``Location``, ``framework``,
``inferred``) and no result id. :func:`from_summary` maps those rows onto the columns above;
such a record cites the result's ``Location`` (its folder in the repository) in place of an
id, and says so. Inferred rows (``inferred: 1``, a result MLCommons derives from another)
and latency scenarios (SingleStream, MultiStream: seconds, not a throughput) are left out.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

CHIPS: dict[str, str] = {
    "AMD Instinct MI300X 192GB HBM3": "amd-mi300x",
    "AMD Instinct MI350X 288GB HBM3e": "amd-mi350x",
    "AMD Instinct MI355X 288GB HBM3e": "amd-mi355x",
    "AMD Instinct MI325X 256GB HBM3e": "amd-mi325x",
    "NVIDIA B200-SXM-180GB": "nvidia-b200",
    "NVIDIA B300-SXM-270GB": "nvidia-b300",
    "Nvidia B300-SXM-270GB": "nvidia-b300",  # v6.1, Dell's spelling
    "NVIDIA GB200": "nvidia-gb200",
    "NVIDIA GB300": "nvidia-gb300",
    "NVIDIA GH200 Grace Hopper Superchip 144GB": "nvidia-gh200",
    "NVIDIA H100-NVL-94GB": "nvidia-h100-nvl",
    "NVIDIA H100-SXM-80GB": "nvidia-h100-sxm",
    "NVIDIA H200-NVL-141GB": "nvidia-h200-nvl",
    "NVIDIA H200-SXM-141GB": "nvidia-h200",
    "NVIDIA L4-PCIe-24GB": "nvidia-l4",
    "NVIDIA L40S": "nvidia-l40s",
}
UNITS = {"Tokens/s": "tokens/s", "Samples/s": "samples/s", "Queries/s": "queries/s"}
LATENCY_SCENARIOS = ("singlestream", "multistream")  # compared lower-cased (v6.1 edge rows write both)
# summary.json (v6.1) column -> summary_results.json column
SUMMARY_COLUMNS = {
    "Location": "ID", "Division": "Category", "SystemType": "Suite", "Availability": "Availability",
    "number_of_nodes": "Nodes", "accelerator_model_name": "Accelerator", "accelerators_per_node": "a#",
    "Model": "Model", "Scenario": "Scenario", "Result": "Performance_Result", "Units": "Performance_Units",
    "framework": "Software", "Organization": "Submitter", "SystemName": "System",
    "weight_data_types": "weight_data_types",
}  # fmt: skip
PRECISIONS = {"fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "fp6", "fp4", "int8", "int4"}
NEEDED = ("ID", "Category", "Suite", "Availability", "Nodes", "Accelerator", "a#", "Model", "Scenario",
          "Performance_Result", "Performance_Units", "Location", "Software", "Submitter", "System")  # fmt: skip


class ImportError_(ValueError):
    """The summary does not have the layout this importer knows."""


def select(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """The rows kept (sorted by chip, model, scenario) and the accelerators skipped."""
    best: dict[tuple[str, str, str], dict[str, Any]] = {}
    skipped: set[str] = set()
    for i, row in enumerate(rows):
        missing = [k for k in NEEDED if k not in row]
        if missing:
            raise ImportError_(f"row {i}: missing {', '.join(missing)}")
        if (row["Category"], row["Suite"], row["Availability"]) != ("closed", "datacenter", "available"):
            continue
        if str(row["Scenario"]).lower() in LATENCY_SCENARIOS:  # a latency, not a throughput (v6.0: wan-2.2)
            continue
        chip = CHIPS.get(row["Accelerator"])
        if chip is None:
            if row["Accelerator"]:
                skipped.add(row["Accelerator"])
            continue
        if row["Performance_Units"] not in UNITS:
            raise ImportError_(f"row {i} ({row['ID']}): unknown unit {row['Performance_Units']!r}")
        count = _chips(row)
        if count < 1 or not float(row["Performance_Result"]) > 0:
            raise ImportError_(f"row {i} ({row['ID']}): expected a positive result and accelerator count")
        key = (chip, row["Model"], row["Scenario"])
        per_chip = float(row["Performance_Result"]) / count
        held = best.get(key)
        if (
            held is None
            or per_chip > float(held["Performance_Result"]) / _chips(held)
            or (per_chip == float(held["Performance_Result"]) / _chips(held) and row["ID"] < held["ID"])
        ):
            best[key] = row
    kept = [best[k] for k in sorted(best)]
    return kept, sorted(skipped)


def from_summary(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of a v6.1-style ``summary.json`` in the columns :func:`select` reads: the
    result's folder (``Location``, without its leading ``./``) stands in for the id, which
    this layout does not give; inferred rows and latency scenarios are left out."""
    rows: list[dict[str, Any]] = []
    for key, item in data.items():
        if not isinstance(item, dict):
            raise ImportError_(f"row {key}: expected an object")
        missing = [k for k in (*SUMMARY_COLUMNS, "inferred") if k not in item]
        if missing:
            raise ImportError_(f"row {key}: missing {', '.join(missing)}")
        if item["inferred"] or str(item["Scenario"]).lower() in LATENCY_SCENARIOS:
            continue
        row = {SUMMARY_COLUMNS[k]: item[k] for k in SUMMARY_COLUMNS}
        row["ID"] = str(item["Location"]).removeprefix("./")
        row["Location"] = row["ID"]
        row["id_kind"] = "location"
        rows.append(row)
    return rows


def _chips(row: dict[str, Any]) -> int:
    """The system's accelerators: nodes x accelerators per node (``a#``)."""
    return int(row["Nodes"]) * int(row["a#"])


def _text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def render(
    rows: list[dict[str, Any]], round_: str, commit: str, date: str, summary: str = "summary_results.json"
) -> str:
    """The measurement file's text (``summary``: the summary file's name in the repository)."""
    repo = f"mlcommons/inference_results_v{round_}"
    out = [
        f"# Imported by tools/import_mlperf.py from {repo} {summary} at {commit}.",
        "# Closed division, datacenter, available; per chip, model and scenario the",
        "# result with the highest throughput per accelerator. Values are the SYSTEM's result",
        "# (chips: its accelerator count), cited by MLPerf result id"
        + (" (summary.json gives none: by the result's folder)." if summary == "summary.json" else ".")
        + " Re-run the importer to",
        "# refresh; review its diff like any sheet change.",
        "sources:",
        "  mlperf:",
        f'    title: "MLPerf Inference v{round_} results, closed datacenter (MLCommons), {summary}"',
        f"    url: https://github.com/{repo}/blob/{commit}/{summary}",
        "measured:",
    ]
    for row in rows:
        chip = CHIPS[row["Accelerator"]]
        weights = str(row.get("weight_data_types") or "").strip().lower()
        result = row["Performance_Result"]
        value = str(result)  # as the summary writes it (repr: no digits lost)
        method = f"MLPerf Inference v{round_} {row['Scenario']} scenario, closed division"
        nodes = f"{row['Nodes']} nodes of {row['a#']}; " if int(row["Nodes"]) > 1 else ""
        note = f"{row['Submitter']}, {row['System']}; {nodes}{row['Location']}; the system result, not per chip"
        if row.get("id_kind") == "location":
            note += f"; {summary} gives no result id: `result` is the result's folder"
        out += [
            f"  - chip: {chip}",
            "    kind: serving",
            f"    model: {_text(row['Model'])}",
            f"    scenario: {_text(row['Scenario'])}",
            f"    chips: {_chips(row)}",
        ]
        if weights in PRECISIONS:
            out.append(f"    weights: {weights}")
        out += [
            f"    value: {value} {UNITS[row['Performance_Units']]}",
            f"    method: {_text(method)}",
            "    tool: MLPerf LoadGen",
            f"    stack: {_text(str(row['Software']))}",
            f"    date: {date}",
            "    source: mlperf",
            f"    result: {_text(str(row['ID']))}",
            "    by: independent",
            "    confidence: official",
            f"    note: {_text(note)}",
        ]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("summary", type=Path, help="summary_results.json of mlcommons/inference_results_v<round>")
    parser.add_argument("--round", required=True, dest="round_", help="the round, like 5.1")
    parser.add_argument("--commit", required=True, help="the commit the file was read at (40 hex digits)")
    parser.add_argument("--date", required=True, help="the round's publication month (YYYY-MM)")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[0-9]+\.[0-9]+", args.round_):
        parser.error(f"--round: expected a round like 5.1, got {args.round_!r}")
    if not re.fullmatch(r"[0-9a-f]{40}", args.commit):
        parser.error(f"--commit: expected 40 hex digits, got {args.commit!r}")
    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", args.date):
        parser.error(f"--date: expected YYYY-MM, got {args.date!r}")
    try:
        data = json.loads(args.summary.read_text(encoding="utf-8"))
        summary = "summary.json" if isinstance(data, dict) else "summary_results.json"
        if isinstance(data, dict):  # v6.1 summary.json: rows keyed "0", "1", ...
            data = from_summary(data)
        elif not isinstance(data, list):
            raise ImportError_("expected a list of result rows or an object of them")
        rows, skipped = select(data)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        print(f"{args.summary}: cannot read: {err}", file=sys.stderr)
        return 1
    except (ImportError_, ValueError, TypeError) as err:
        print(f"{args.summary}: {err}", file=sys.stderr)
        return 1
    for name in skipped:
        print(f"skipped (no catalog chip): {name}", file=sys.stderr)
    sys.stdout.write(render(rows, args.round_, args.commit, args.date, summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
