"""Import Stas Bekman's "Maximum Achievable Matmul FLOPS" tables into a measurement file.

The tables stand in ``compute/accelerator/README.md`` of the public repository
stas00/ml-engineering (a git checkout, or the file saved from it). This reads the BF16 and
FP8 tables of that file, keeps the rows whose accelerator names a chip of the bundled
catalog (:data:`CHIPS`), and writes ``chipspec/specs/measured/stas00-mamf.yaml``: one matmul
record per row, quoting the row verbatim and citing the file at the commit read.

    python tools/import_mamf.py path/to/README.md --commit <40 hex> --date 2026-08 \\
        > chipspec/specs/measured/stas00-mamf.yaml

Rows naming no catalog chip are listed on stderr (``--strict`` makes them an error).
The output is reviewed like any sheet change: ``chipspec validate --strict`` loads it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

# The table's accelerator names -> catalog ids. A row not here is skipped and reported.
CHIPS: dict[str, str] = {
    "Intel Gaudi 2": "intel-gaudi2",
    "Intel Gaudi 3": "intel-gaudi3",
    "NVIDIA A100 SXM": "nvidia-a100-sxm",
    "NVIDIA A100 PCIe": "nvidia-a100-pcie",
    "NVIDIA H100 SXM": "nvidia-h100-sxm",
    "NVIDIA H200 SXM": "nvidia-h200",
    "NVIDIA B200 SXM": "nvidia-b200",
    "NVIDIA B300 SXM": "nvidia-b300",
    "NVIDIA GB200 SXM": "nvidia-gb200",
    "NVIDIA GH200 SXM": "nvidia-gh200",  # the sheet holds the 96 GB and 144 GB editions; compute is one
    "AMD MI300X": "amd-mi300x",
    "AMD MI325X": "amd-mi325x",
    "AMD MI355X": "amd-mi355x",
}
TABLES = {"**BF16**:": "bf16", "**FP8 (`float8_e4m3fn`)**:": "fp8"}
SECTION = "#### Maximum Achievable Matmul FLOPS comparison table"
HEADER = ["Accelerator", "MAMF", "Theory", "Efficiency", "Best Shape MxNxK", "torch version", "Notes"]
_SHAPE = re.compile(r"[0-9]+x[0-9]+x[0-9]+")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


@dataclass(frozen=True)
class Row:
    """One measured row of a MAMF table, as written."""

    accelerator: str
    precision: str
    mamf: str
    shape: str
    torch: str
    notes: str
    line: str


class ImportError_(ValueError):
    """The file does not have the tables this importer knows (its layout changed)."""


def parse(text: str) -> list[Row]:
    """The measured rows of the MAMF section's tables (rows without a figure are skipped).

    Raises:
        ImportError_: the section, a table or its header is not where it was.
    """
    start = text.find(SECTION)
    if start < 0:
        raise ImportError_(f"no section {SECTION!r}")
    lines = text[start:].splitlines()
    rows: list[Row] = []
    precision: str | None = None
    seen: set[str] = set()
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("Caveat emptor"):
            break
        if stripped in TABLES:
            precision = TABLES[stripped]
            seen.add(precision)
            header = next((ln for ln in lines[number + 1 :] if ln.strip()), "")
            cells = [c.strip() for c in header.strip().strip("|").split("|")]
            if cells != HEADER:
                raise ImportError_(f"{precision} table: expected the header {HEADER}, got {cells}")
            continue
        if precision is None or not stripped.startswith("|"):
            continue
        cells = [c.strip() for c in stripped.strip("|").split("|")]
        if len(cells) != len(HEADER) or cells[0] in ("Accelerator", "") or cells[0].startswith(":"):
            continue
        name, mamf, _theory, _eff, shape, torch, notes = cells
        if not mamf:
            continue  # a chip the author lists without a measurement
        if not _NUMBER.fullmatch(mamf) or not _SHAPE.fullmatch(shape):
            raise ImportError_(f"row {stripped!r}: expected a figure and an MxNxK shape")
        rows.append(Row(name, precision, mamf, shape, torch, notes, stripped))
    missing = set(TABLES.values()) - seen
    if missing:
        raise ImportError_(f"no {', '.join(sorted(missing))} table in the section")
    return rows


def render(rows: list[Row], commit: str, date: str) -> tuple[str, list[str]]:
    """The measurement file's text, and the accelerators skipped (no catalog chip)."""
    url = f"https://github.com/stas00/ml-engineering/blob/{commit}/compute/accelerator/README.md"
    out = [
        f"# Imported by tools/import_mamf.py from stas00/ml-engineering at {commit}.",
        "# Re-run the importer to refresh it; review its diff like any sheet change.",
        "sources:",
        "  mamf:",
        '    title: "Stas Bekman, Machine Learning Engineering: Maximum Achievable Matmul FLOPS comparison table"',
        f"    url: {url}",
        "measured:",
    ]
    skipped = []
    for row in rows:
        chip = CHIPS.get(row.accelerator)
        if chip is None:
            skipped.append(f"{row.accelerator} ({row.precision})")
            continue
        stack = f"torch {row.torch}" + (f"; {row.notes}" if row.notes and "=" in row.notes else "")
        note = "mean of 100 iterations after 50 warm-up, best shape of a brute-force search"
        if row.notes and "=" not in row.notes:
            note += f"; the table notes: {row.notes}"
        out += [
            f"  - chip: {chip}",
            "    kind: matmul",
            f"    precision: {row.precision}",
            f"    shape: {row.shape}",
            f"    value: {row.mamf} TFLOPS",
            "    method: MAMF search (maximum achievable matmul FLOPS over a sweep of shapes)",
            "    tool: mamf-finder.py",
            f"    stack: {json.dumps(stack, ensure_ascii=False)}",
            f"    date: {date}",
            "    source: mamf",
            f"    quote: {json.dumps(row.line, ensure_ascii=False)}",
            "    by: independent",
            "    confidence: reported",
            f"    note: {json.dumps(note + '; date: the page version read (rows are not dated)', ensure_ascii=False)}",
        ]
    return "\n".join(out) + "\n", skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("readme", type=Path, help="compute/accelerator/README.md of stas00/ml-engineering")
    parser.add_argument("--commit", required=True, help="the commit the file was read at (40 hex digits)")
    parser.add_argument("--date", required=True, help="the date of that page version (YYYY-MM)")
    parser.add_argument("--strict", action="store_true", help="fail when a row names no catalog chip")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[0-9a-f]{40}", args.commit):
        parser.error(f"--commit: expected 40 hex digits, got {args.commit!r}")
    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", args.date):
        parser.error(f"--date: expected YYYY-MM, got {args.date!r}")
    try:
        rows = parse(args.readme.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        print(f"{args.readme}: cannot read: {err}", file=sys.stderr)
        return 1
    except ImportError_ as err:
        print(f"{args.readme}: {err}", file=sys.stderr)
        return 1
    text, skipped = render(rows, args.commit, args.date)
    for name in skipped:
        print(f"skipped (no catalog chip): {name}", file=sys.stderr)
    if skipped and args.strict:
        return 1
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
