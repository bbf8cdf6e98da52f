"""Regenerate every generated block, table, chart and CLI-help excerpt in the docs.

Run from the repository root (with chipspec installed)::

    python tools/docs.py           # write
    python tools/docs.py --check   # exit 1 if anything differs (CI)

Pages are hand-written Markdown; only the blocks between ``<!-- generated:NAME -->`` and
``<!-- /generated -->`` are filled, from the real catalog and code, so every figure a page
quotes is computed here. Gallery charts are drawn from fixed chip lists, so that a
correction to one sheet redraws only the charts that show it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import math
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The checkout's chipspec, not an installed one: the check must judge the code beside it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import chipspec
from chipspec import checks
from chipspec.checks import CHECKS, GBPS_PER_WATT, MEMORY_LIMITS, TFLOPS_PER_WATT, acknowledgements
from chipspec.cli import build_parser, main, subcommands
from chipspec.comparison import compare
from chipspec.format import ANNOTATIONS, field_docs
from chipspec.lenses.export_control import NOTICE, RULES, export_control, rules_in_force
from chipspec.load import MAX_DEPTH, MAX_EXTENDS, MAX_FILE_BYTES, MAX_NODES, MAX_PROBLEMS
from chipspec.metrics import BIT_LENGTH, METRICS, PCIE_LANE_GBPS
from chipspec.units import KINDS, SPELLINGS

ROOT = Path(__file__).resolve().parent.parent
SEED = ("thead-ppu", "nvidia-a800", "nvidia-h20", "huawei-ascend-910b", "biren-br104p")
SEED_COLUMNS = "memory.capacity,memory.type,interconnect.bandwidth,host.pcie,power.tdp"
# The report's chart 15 as it printed it: the command the README and the gallery show.
SEED_ZH = (
    "compare",
    *SEED,
    "--columns",
    SEED_COLUMNS,
    "--prefer-source",
    "guojin-2026-03",
    "--transpose",
    "--lang",
    "zh",
)
SEED_EN = ("compare", *SEED, "--columns", SEED_COLUMNS, "--transpose")
WIDTH = "100"


def run(*argv: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = main([*argv, "--width", WIDTH] if _takes_width(argv) else list(argv), out=out, err=err)
    if code != 0:
        raise RuntimeError(f"chipspec {' '.join(argv)} exited {code}: {err.getvalue()}")
    return out.getvalue().rstrip("\n")


def _takes_width(argv: Sequence[str]) -> bool:
    return (
        argv[0] in ("compare", "list", "show", "export-control", "metrics", "checks", "diff") and "--width" not in argv
    )


def command(*argv: str) -> str:
    shown = " ".join(a if re.fullmatch(r"[\w.,=/:-]+", a) else f"'{a}'" for a in argv)
    return f"```console\n$ chipspec {shown}\n{run(*argv)}\n```"


# --- charts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    """A gallery chart: its file, kind, the fixed chips it draws, columns and caption."""

    file: str
    kind: str
    chips: tuple[str, ...]
    caption: str
    columns: tuple[str, ...] | None = None
    precision: str = "16bit"

    def undrawn(self, catalog: chipspec.Catalog) -> int:
        """How many of its chips the chart cannot place (missing figures)."""
        from chipspec.report.kinds import KINDS

        names = KINDS[self.kind].figures(self.columns)
        c = compare([catalog.get(x) for x in self.chips], list(names), self.precision)
        return sum(not all(c.column(n).known(i) for n in names) for i in range(len(c.chips)))


MARKET = (
    "nvidia-h20", "nvidia-a800", "nvidia-h100-sxm", "nvidia-h200", "nvidia-b200", "amd-mi300x", "amd-mi355x",
    "intel-gaudi3", "google-tpu-v5p", "aws-trainium2", "huawei-ascend-910b", "huawei-ascend-910c",
    "biren-br104p", "moorethreads-mtt-s4000", "cambricon-mlu370-x8", "hygon-bw1000", "metax-c500",
)  # fmt: skip
CHARTS: tuple[Chart, ...] = (
    Chart(
        "bar-bandwidth-per-watt.svg",
        "bar",
        MARKET,
        "Memory bandwidth per watt, the chips this market compares",
        ("bandwidth_per_watt",),
    ),
    Chart(
        "scatter-bandwidth-compute.svg",
        "scatter",
        MARKET,
        "Memory bandwidth against dense 16-bit compute, with the Pareto front",
    ),
    Chart(
        "roofline-seed.svg",
        "roofline",
        (*SEED, "nvidia-h100-sxm", "amd-mi300x"),
        "Rooflines of the report's chips beside H100 and MI300X (16-bit)",
    ),
    Chart(
        "export-map.svg",
        "export-map",
        (
            "nvidia-h100-sxm",
            "nvidia-h100-pcie",
            "nvidia-h100-nvl",
            "nvidia-h200",
            "nvidia-a100-sxm",
            "nvidia-a800",
            "nvidia-h20",
            "nvidia-l20",
            "nvidia-l40s",
            "huawei-ascend-910b",
            "biren-br100",
            "amd-mi250x",
            "microsoft-maia-100",
        ),
        "Where chips fall under US 3A090 (2023): TPP against performance density",
    ),
    Chart(
        "radar-china.svg",
        "radar",
        ("nvidia-h20", "nvidia-a800", "biren-br104p", "moorethreads-mtt-s4000", "cambricon-mlu370-x8"),
        "Efficiency profile (each axis relative to the best chip)",
    ),
)


@dataclass(frozen=True)
class ServingChart:
    """A gallery chart of the LLM lens: a model served on fixed chips at one scenario."""

    file: str
    kind: str
    model: str
    caption: str
    figure: str
    batch: int
    context: int
    weights: str
    group_size: int


LLM_CHIPS = (*SEED, "nvidia-h100-sxm", "nvidia-h200", "nvidia-b200", "amd-mi300x")
LLM_CHARTS: tuple[ServingChart, ...] = tuple(
    ServingChart(f"{kind}-{model}-{figure.replace('_', '-')}.svg", kind, model, caption, figure, batch, 4096, w, n)
    for model, batch, w, n, name in (
        ("llama-3.1-70b", 16, "bf16", 4, "Llama-3.1-70B, BF16, 4 chips per group"),
        ("deepseek-v3", 32, "fp8", 8, "DeepSeek-V3, FP8 weights, 8 chips per group"),
    )
    for kind, figure, caption in (
        ("serving", "tokens_per_second_per_chip", f"{name}: decode throughput per chip against batch"),
        ("bar", "tokens_per_second_per_chip", f"{name}: decode throughput per chip at batch {batch}"),
        ("bar", "min_chips", f"{name.split(',')[0]}: the fewest chips that hold it (batch {batch}, 4,096 tokens)"),
    )
)


def draw_charts() -> dict[str, bytes]:
    from chipspec.report.charts import plot, save

    catalog = chipspec.load_catalog()
    images: dict[str, bytes] = {}
    for chart in CHARTS:
        comparison = compare([catalog.get(c) for c in chart.chips], [], chart.precision)
        figure = plot(comparison, chart.kind, columns=chart.columns, vendors=catalog.vendors)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / chart.file
            save(figure, path)
            images[f"docs/gallery/{chart.file}"] = path.read_bytes()
    for sc in LLM_CHARTS:
        serving = chipspec.llm(
            sc.model, [catalog.get(c) for c in LLM_CHIPS], batch=sc.batch, context=sc.context, weights=sc.weights,
            group_size=sc.group_size,
        )  # fmt: skip
        figure = plot(serving, sc.kind, columns=[sc.figure], vendors=catalog.vendors)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / sc.file
            save(figure, path)
            images[f"docs/gallery/{sc.file}"] = path.read_bytes()
    return images


# --- blocks ------------------------------------------------------------------------------


def md_table(heads: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    def cell(v: object) -> str:
        return str(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def cli_help() -> str:
    parser = build_parser()
    parts = ["```console\n$ chipspec --help\n" + parser.format_help().rstrip() + "\n```"]
    for name, sub in subcommands(parser).items():
        parts.append(f"## chipspec {name}\n\n```console\n$ chipspec {name} --help\n{sub.format_help().rstrip()}\n```")
    return "\n\n".join(parts)


def fields_table() -> str:
    rows = [
        (f"`{d.path}`", d.kind, d.unit, d.direction or "—", ", ".join(f"`{a}`" for a in d.annotations), d.description)
        for d in field_docs()
    ]
    return md_table(["path", "kind", "unit", "better", "annotations", "description"], rows)


def annotations_table() -> str:
    rows = [
        (f"`{a.name}`", " ".join(f"`{v}`" for v in a.values), " ".join(f"`{v}`" for v in a.flagged), a.description)
        for a in ANNOTATIONS.values()
    ]
    return md_table(["key", "values", "flagged (`?`)", "meaning"], rows)


def units_table() -> str:
    rows = []
    for kind, k in KINDS.items():
        spellings = [s for s, e in SPELLINGS.items() if e.kind == kind]
        rows.append(
            (k.noun, " ".join(f"`{s}`" for s in spellings), k.canonical, f"{k.low:g} to {k.high:g} {k.canonical}")
        )
    return md_table(["kind", "spellings", "canonical", "plausible range"], rows)


def limits_list() -> str:
    return "\n".join(
        [
            f"- files over {MAX_FILE_BYTES // 1024} KiB are refused;",
            f"- nesting deeper than {MAX_DEPTH} levels is refused, located;",
            f"- a document may expand to at most {MAX_NODES:,} YAML nodes, aliases expanded;",
            f"- an inheritance chain is at most {MAX_EXTENDS} sheets long;",
            f"- a file reports at most {MAX_PROBLEMS} problems, then counts the rest.",
        ]
    )


def metrics_table() -> str:
    rows = [
        (f"`{m.name}`", f"`{m.formula}`", m.unit or "1", m.direction or "— (property)", m.description)
        for m in METRICS.values()
    ]
    return md_table(["metric", "formula", "unit", "better", "description"], rows)


def pcie_table() -> str:
    return md_table(
        ["PCIe generation", "GB/s per lane, one direction", "x16"],
        [(g, f"{r:.4g}", f"{16 * r:.4g}") for g, r in PCIE_LANE_GBPS.items()],
    )


def checks_table() -> str:
    return md_table(["check", "what it warns about"], [(f"`{c.name}`", c.description) for c in CHECKS.values()])


def acks_table() -> str:
    rows = [(f"`{c}`", f"`{f}`", f"`{k}`", r) for c, f, k, r in acknowledgements(chipspec.load_catalog())]
    return md_table(["chip", "field", "check", "acknowledged because"], rows)


def thresholds_list() -> str:
    slips = "; ".join(f"{k} {', '.join(str(f) for f in fs)}" for k, fs in checks.SLIP_FACTORS.items())
    ratios = ", ".join(f"{a}/{b}" for a, b in checks.SLIP_RATIOS if not a.startswith("compute") and "compute" not in b)
    ratios += ", and each precision's compute per power.tdp, per die_area, per memory.bandwidth and sparse per dense"
    ladder = ", ".join(f"{a}/{b}" for a, b in checks.LADDER)
    memory = ", ".join(f"{k} {a:g} GB at {b:g} GB/s" for k, (a, b) in MEMORY_LIMITS.items())
    return (
        f"- `implausible-bandwidth` allows, per memory type, capacity / smallest stack x fastest stack: {memory}.\n"
        f"- `implausible-ratio` allows {TFLOPS_PER_WATT[0]:g}-{TFLOPS_PER_WATT[1]:g} TFLOPS/W (best dense precision) "
        f"and {GBPS_PER_WATT[0]:g}-{GBPS_PER_WATT[1]:g} GB/s/W.\n"
        f"- `unit-slip` undoes factors {slips}; a band is the peers' median +/- the larger of "
        f"{checks.SLIP_SIGMAS:g} robust standard deviations and {10**checks.SLIP_FLOOR:g}x, from at least "
        f"{checks.SLIP_MIN_PEERS} peers; a slip must remove at least {10**checks.SLIP_MIN_EXCESS:g}x of excess and "
        f"{checks.SLIP_SHARE:g} of its own size (in log10), and leave at most {10**checks.SLIP_RESIDUAL:g}x or "
        f"{checks.SLIP_LEFT:g} of the excess. Ratios compared: {ratios}; the precision ladder: {ladder}."
    )


def rules_table() -> str:
    rows = []
    for r in RULES.values():
        tests = "; ".join(f"**{c.result}** if " + " and ".join(str(t) for t in c.conditions) for c in r.clauses)
        tests += f"; otherwise **{r.otherwise}**"
        if r.parts:
            tests = (
                f"**{r.clauses[0].result}** for {', '.join(f'{p.vendor} {p.name}' for p in r.parts)} (named); " + tests
            )
        if r.scope:
            tests += f" (only for chips {r.scope[0]} puts in {', '.join(r.scope[1])}; others: not applicable)"
        if r.available_by:
            tests += f"; a chip released after {r.available_by:%Y-%m} gets **{r.otherwise}**"
        until = f" to {r.superseded}" if r.superseded else ""
        early = ""
        if r.early:
            early = f" ({r.early.date} for {', '.join(p.name for p in r.early.parts)})"
        kind = {"eccn": "ECCN", "review-policy": "review policy", "is-informed": "is-informed notice"}[r.kind]
        rows.append((f"`{r.name}`", kind, f"{r.title}, [{r.citation}]({r.url})", f"{r.effective}{early}{until}", tests))
    return md_table(["rule", "kind", "requirement", "in force", "test"], rows)


def export_examples() -> str:
    """The worked examples of export-control.md, computed from the bundled sheets."""
    catalog = chipspec.load_catalog()
    lines = []
    for chip_id in ("nvidia-h100-sxm", "nvidia-a100-sxm", "nvidia-a800", "nvidia-h20", "nvidia-h100-nvl", "thead-ppu"):
        (res,) = export_control([catalog.get(chip_id)], as_of="2026-06-01", catalog=catalog)
        f, chip = res.figures, res.chip
        by_rule = {c.rule.name: c for c in res.classifications}
        if f.tpp is None:
            lines.append(f"- {chip.name}: no published dense compute, so no TPP: undetermined.")
            continue
        p = f.tpp_precision or ""
        rate = chip.magnitude(f"compute.{p}")
        unit = "TOPS" if p.startswith("int") else "TFLOPS"
        text = f"- {chip.name}: {rate:g} {unit} {p.upper()} x {BIT_LENGTH[p]} = TPP {f.tpp:,.0f}"
        if f.performance_density is not None:
            text += f"; {f.tpp:,.0f} / {chip.magnitude('die_area'):g} mm² = PD {f.performance_density:.3g}"
        c23 = by_rule["us-3a090-2023"]
        text += f": **{c23.result}**"
        if c23.margin is not None:
            text += f" ({c23.margin})"
        lines.append(text + ".")
    (a800,) = export_control(["nvidia-a800"], rule="us-3a090-2022", catalog=catalog)
    (a100,) = export_control(["nvidia-a100-sxm"], rule="us-3a090-2022", catalog=catalog)
    lines.append(
        f"- Under the 2022 rule the A100's chip I/O is {a100.figures.io_bandwidth:,.0f} GB/s "
        "(NVLink plus PCIe both ways): "
        f"**{a100.classifications[0].result}**; the A800's is {a800.figures.io_bandwidth:,.0f} GB/s, below 600: "
        f"**{a800.classifications[0].result}**."
    )
    lines += _later_examples(catalog)
    return "\n".join(lines)


def _class(chip: str, rule: str, day: str, catalog: chipspec.Catalog) -> Any:
    (res,) = export_control([catalog.get(chip)], rule=rule, as_of=day, catalog=catalog)
    return res, res.classifications[0]


def _later_examples(catalog: chipspec.Catalog) -> list[str]:
    """Worked examples of the rules after 2023: dates as they took effect, the H20 notice,
    the 2026 policy and the counting conventions."""
    lines = []
    _, early = _class("nvidia-a800", "us-3a090-2023", "2023-11-01", catalog)
    _, h20_2023 = _class("nvidia-h20", "us-3a090-2023", "2023-11-01", catalog)
    lines.append(
        f"- On 2023-11-01 the 2023 rule already applied to the A800: **{early.result}** ({early.reason}); "
        f"to the H20 it did not: **{h20_2023.result}** ({h20_2023.reason})."
    )
    in_2024 = [r.name for r in rules_in_force(dt.date(2024, 6, 1))]
    _, h20 = _class("nvidia-h20", "us-h20-license-2025", "2025-06-01", catalog)
    h100, h100c = _class("nvidia-h100-sxm", "us-h20-license-2025", "2025-06-01", catalog)
    a800, a800c = _class("nvidia-a800", "us-h20-license-2025", "2025-06-01", catalog)
    lines.append(
        f"- H20 notice: on 2024-06-01 the rules in force are {', '.join(in_2024)} (no H20 requirement); from "
        f"2025-04-09 the H20 is **{h20.result}** ({h20.reason}). By the parameters, the H100 SXM "
        f"(DRAM {h100.figures.dram_bandwidth:,.0f} GB/s, link {h100.figures.link_bandwidth:,.0f} GB/s) is "
        f"**{h100c.result}** (its link reaches the H20's 900 GB/s); the A800 (DRAM "
        f"{a800.figures.dram_bandwidth:,.0f} GB/s, link {a800.figures.link_bandwidth:,.0f} GB/s) is **{a800c.result}**."
    )
    for chip in ("nvidia-h200", "nvidia-b200", "moorethreads-mtt-s5000"):
        res, c = _class(chip, "us-china-case-by-case-2026", "2026-06-01", catalog)
        f = res.figures
        why = f"; {c.reason}" if c.reason else ""
        lines.append(
            f"- 2026 policy, {res.chip.name}: TPP {f.tpp:,.0f}, DRAM {f.dram_bandwidth:,.0f} GB/s: **{c.result}**{why}."
        )
    for chip in ("aws-trainium2", "amd-mi355x"):
        res, c = _class(chip, "us-china-case-by-case-2026", "2026-06-01", catalog)
        f = res.figures
        others = "; ".join(f"{r.reading.label}: TPP {r.tpp:,.0f}" for r in f.other_readings if r.tpp is not None)
        if c.depends_on:
            verdict = (
                f"**{c.result}** by default, "
                + ", ".join(f"**{result}** with {label}" for label, result in c.by_reading)
                + f": the class depends on the convention (possible: {', '.join(c.possible)})"
            )
        else:
            verdict = f"**{c.result}** under every reading"
        lines.append(
            f"- Conventions, {res.chip.name}: TPP {f.tpp:,.0f} by default ({f.tpp_precision}); {others}; "
            f"2026 policy: {verdict}."
        )
    return lines


def coverage_table() -> str:
    """Known (✓), unknown (·) and unstated-basis (?) figures per bundled chip."""
    catalog = chipspec.load_catalog()
    cols = ["memory.capacity", "memory.type", "memory.bandwidth", "compute.fp64", "compute.fp32", "compute.bf16",
            "compute.fp16", "compute.fp8", "compute.fp4", "compute.int8", "interconnect.bandwidth", "host.pcie",
            "power.tdp", "die_area", "released", "status"]  # fmt: skip
    rows = []
    for chip in catalog:
        marks = []
        for c in cols:
            entry = chip.entries.get(c)
            marks.append("·" if entry is None else "?" if "unstated" in entry.flags else "✓")
        rows.append([f"`{chip.id}`", *marks])
    known = sum(c in chip.entries for chip in catalog for c in cols)
    unstated = sum(1 for chip in catalog for c in cols if c in chip.entries and "unstated" in chip.entries[c].flags)
    table = md_table(["chip", *(c.replace("compute.", "") for c in cols)], rows)
    return table + (
        f"\n\n{len(catalog)} chips; {known} of {len(catalog) * len(cols)} of these figures are known, "
        f"{unstated} of them with a basis the source leaves unstated (?)."
    )


def unstated_list() -> str:
    catalog = chipspec.load_catalog()
    links, compute = [], []
    for chip in catalog:
        p = chip.entries.get("interconnect.bandwidth")
        if p is not None and p.direction == "unstated":
            links.append(f"`{chip.id}` ({p.text})")
        dense = [
            path.split(".")[1]
            for path, e in chip.entries.items()
            if path.startswith("compute.") and e.sparsity == "unstated"
        ]
        if dense:
            compute.append(f"`{chip.id}` ({', '.join(dense)})")
    return (
        f"- **Link direction unstated** ({len(links)} chips): {', '.join(links)}.\n"
        f"- **Dense or sparse unstated** ({len(compute)} chips): {', '.join(compute)}."
    )


def gaps_list() -> str:
    catalog = chipspec.load_catalog()
    empty = [c for c in catalog if not any(p.startswith("compute.") for p in c.entries)]
    return "\n".join(
        f"- `{c.id}`: no published dense compute figure" + (f"; {c.extra['gap']}" if "gap" in c.extra else "")
        for c in empty
    )


def gallery_block() -> str:
    parts = [f"## {c.caption}\n\n![{c.caption}](gallery/{c.file})" for c in CHARTS]
    parts += [f"## {c.caption}\n\n![{c.caption}](gallery/{c.file})" for c in LLM_CHARTS]
    parts.append(
        "## The HTML report\n\n"
        f"[{REPORT_EXAMPLE.removeprefix('docs/')}]({REPORT_EXAMPLE.removeprefix('docs/')}), written by "
        f"`chipspec {' '.join(REPORT_COMMAND)}` (a page that opens offline; sort, filter and click a value for "
        "its sources):\n\n![The example report in Chromium](gallery/report.png)\n\n"
        "The same report on a 390 px phone, the table scrolled sideways (the chip column stays), and a chip "
        "page of the site (`chipspec report --site`), which leads with the chip's figures:\n\n"
        '<img src="gallery/report-phone.png" alt="The example report on a phone" width="300"> '
        '<img src="gallery/chip-page.png" alt="The NVIDIA H20 page of the site" width="520">'
    )
    parts.append("## The report's chart 15, as the report printed it\n\n" + command(*SEED_ZH))
    parts.append("## The same chips with the catalog's best-supported values\n\n" + command(*SEED_EN))
    parts.append(
        "## Bandwidth and compute efficiency, ranked (the chips above)\n\n"
        + command(
            "compare",
            *MARKET,
            "--score",
            "bandwidth_per_watt=1,tflops_per_watt=1",
            "--columns",
            "bandwidth_per_watt,tflops_per_watt",
            "--format",
            "github",
        )
    )
    return "\n\n".join(parts)


def output_examples() -> dict[str, str]:
    return {
        "compare-default": command(
            "compare", "nvidia-h20", "nvidia-a800", "huawei-ascend-910b", "nvidia-h100-sxm", "amd-mi300x"
        ),
        "compare-baseline": command(
            "compare",
            "--country",
            "CN",
            "--baseline",
            "nvidia-h20",
            "--columns",
            "bandwidth_per_watt,tflops_per_watt",
            "--sort",
            "tflops_per_watt",
        ),
        "compare-csv": command(
            "compare",
            "nvidia-h20",
            "huawei-ascend-910b",
            "--columns",
            "power.tdp,bandwidth_per_watt",
            "--format",
            "csv",
        ),
        "compare-json": command("compare", "nvidia-h20", "--columns", "power.tdp", "--format", "json", "--sources"),
        "diff": command("diff", "nvidia-a800", "nvidia-a100-sxm"),
    }


def llm_measurements() -> str:
    """Each published serving measurement the lens can bound (specs/measured/serving-*.yaml)
    beside chipspec's bound for it, with their ratio."""
    from chipspec.lenses.llm.calibrate import lens_measurements, serving_bound

    catalog = chipspec.load_catalog()
    rows = [
        "| model | group | layout | weights / KV | ISL/OSL | measured tok/s | bound tok/s | measured / bound "
        "| source |",
        "|---|---|---|---|---|---:|---:|---:|---|",
    ]
    for chip, m in lens_measurements(catalog):
        batch, bound = serving_bound(m, chip, catalog)
        measured = f"{m.value:,.0f}" if m.value == int(m.value) else f"{m.value:,.1f}"
        rows.append(
            f"| {m.model} | {m.chips} x {chip.id} | {m.layout or 'tp'} | {m.weights} / {m.kv} "
            f"| {m.input_tokens}/{m.output_tokens} | {measured} | {bound:,.0f} (batch {batch:,}) | "
            f"{m.value / bound:.2f} | [{m.source.key}]({m.source.url}) |"
        )
    return "\n".join(rows)


def llm_worked_example() -> str:
    """Llama-3.1-70B on two H20s, step by step, each figure checked against the lens."""
    from chipspec.lenses.llm import bundled_models

    m = bundled_models()["llama-3.1-70b"]
    chip = chipspec.load_catalog().get("nvidia-h20")
    cap, bw = chip.magnitude("memory.capacity", "GB"), chip.magnitude("memory.bandwidth", "GB/s")
    flops, link = chip.magnitude("compute.bf16", "TFLOPS"), chip.magnitude("interconnect.bandwidth", "GB/s")
    assert None not in (cap, bw, flops, link)
    cap, bw, flops, link = float(cap), float(bw) * 1e9, float(flops) * 1e12, float(link) * 1e9  # type: ignore[arg-type]
    b, t, n = 8, 4096, 2
    serving = chipspec.llm(m, [chip], batch=b, context=t, group_size=n)
    params = m.parameters()
    weights = params * 2
    read = (params - m.vocab * m.hidden) * 2  # the head, not the input table: a step gathers 8 rows of it
    kv_token = m.kv_elements_per_token() * 2
    kv_chip = m.layers * 2 * m.head_dim * 2 * math.ceil(m.kv_heads / n)
    per_chip = weights / n + b * t * kv_chip
    step_bytes = b * t * kv_chip + read / n
    memory_time = step_bytes / bw
    matmul = m.active_parameters(embeddings=False) + m.vocab * m.hidden
    step_flops = b * (2 * matmul + t * m.attention_flops_per_context_token())
    compute_time = step_flops / (n * flops)
    roof = max(memory_time, compute_time)
    message = b * m.hidden * 2
    two_shot = 2 * (n - 1) / n * message / (link / 2) + 2 * 2e-6
    one_shot = (n - 1) * message / (link / 2) + 2e-6
    allreduce = min(two_shot, one_shot)
    comm = m.layers * 2 * allreduce
    step = max(roof, comm)
    got = serving.column("decode_step_time").values[0] / 1e3
    if not math.isclose(got, step, rel_tol=1e-9):
        raise RuntimeError(f"the worked example ({step}) and the lens ({got}) disagree")
    ms = 1e3
    bound = "memory" if memory_time >= compute_time else "compute"
    lines = [
        f"Llama-3.1-70B ({params:,} weights from its structure) on **two NVIDIA H20** "
        f"({cap:g} GB, {bw / 1e9:g} GB/s, {flops / 1e12:g} TFLOPS BF16, link {link / 1e9:g} GB/s both "
        f"directions), batch {b}, context {t:,} tokens, BF16 weights and KV cache, `--chips {n}`:",
        "",
        f"1. Weights: {params:,} x 2 B = **{weights / 1e9:.2f} GB**, {weights / n / 1e9:.2f} GB per chip.",
        f"2. KV per token: 2 x {m.layers} layers x {m.kv_heads} KV heads x {m.head_dim} x 2 B = {kv_token:,} B; "
        f"each chip holds {math.ceil(m.kv_heads / n)} of the {m.kv_heads} heads: {kv_chip:,} B a token.",
        f"3. Memory per chip: {weights / n / 1e9:.2f} GB + {b} x {t:,} x {kv_chip:,} B = "
        f"**{per_chip / 1e9:.2f} GB**, within {cap:g} GB (no reserve: a bound): fits.",
        f"4. Bytes a step reads per chip: the KV, {b * t * kv_chip / 1e9:.2f} GB, and the weights less the input "
        f"table (a step gathers {b} of its rows; the output head is read whole), {read / n / 1e9:.2f} GB: "
        f"{step_bytes / 1e9:.2f} GB / {bw / 1e9:g} GB/s = {memory_time * ms:.3f} ms.",
        f"5. Compute: {b} x (2 x {matmul:,} + {t:,} x {m.attention_flops_per_context_token():,}) FLOP / "
        f"({n} x {flops / 1e12:g} TFLOPS) = {compute_time * ms:.3f} ms. The step takes the slower: "
        f"{roof * ms:.3f} ms ({bound}-bound).",
        f"6. Communication (a model): {m.layers} layers x 2 all-reduces of {b} x {m.hidden:,} x 2 B = {message:,} B. "
        f"NVLink is switched: two-shot moves 2 x ({n} - 1) / {n} of it at {link / 2e9:g} GB/s (one direction) "
        f"with two 2 µs synchronizations ({two_shot * 1e6:.2f} µs), one-shot ({n} - 1) x of it with one "
        f"({one_shot * 1e6:.2f} µs); the cheaper: {comm * ms:.3f} ms a step, overlapped with the "
        f"{roof * ms:.3f} ms above.",
        f"7. Decode step: max({roof * ms:.3f}, {comm * ms:.3f}) = "
        f"**{step * ms:.3f} ms**: {1 / step:.1f} tokens/s per sequence, {b / step:.0f} tokens/s for the batch, "
        f"{b / step / n:.0f} per chip.",
        "",
        "`chipspec llm llama-3.1-70b h20 --batch 8 --context 4096 --chips 2` prints the same figures:",
        "",
        command("llm", "llama-3.1-70b", "nvidia-h20", "--batch", "8", "--context", "4096", "--chips", "2"),
    ]
    return "\n".join(lines)


def layout_tree() -> str:
    """The package's modules, in folder order, with the first sentence of each docstring."""
    import ast

    package = ROOT / "chipspec"
    lines = ["| module | what it is |", "|---|---|"]
    for path in sorted(package.rglob("*.py"), key=lambda p: (p.parent != package, str(p.relative_to(package)))):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        first = " ".join(doc.split("\n\n", 1)[0].split())
        sentence = re.split(r"(?<=\.)\s", first, maxsplit=1)[0] if first else ""
        cell = sentence.replace("|", "\\|")
        lines.append(f"| `{path.relative_to(ROOT)}` | {cell} |")
    return "\n".join(lines)


# --- files -------------------------------------------------------------------------------

PAGES: dict[str, Callable[[], dict[str, str]]] = {
    "README.md": lambda: {"seed-zh": command(*SEED_ZH), "seed-en": command(*SEED_EN), "list": command("list")},
    "docs/cli.md": lambda: {"help": cli_help()},
    "docs/architecture.md": lambda: {"layout": layout_tree()},
    "docs/spec-format.md": lambda: {
        "fields": fields_table(),
        "annotations": annotations_table(),
        "units": units_table(),
        "limits": limits_list(),
    },
    "docs/metrics.md": lambda: {"metrics": metrics_table(), "pcie": pcie_table()},
    "docs/checks.md": lambda: {"checks": checks_table(), "thresholds": thresholds_list(), "acks": acks_table()},
    "docs/export-control.md": lambda: {
        "notice": f"> {NOTICE}",
        "rules": rules_table(),
        "examples": export_examples(),
        "command": command(
            "export-control",
            "nvidia-h20",
            "nvidia-a800",
            "nvidia-h200",
            "aws-trainium2",
            "moorethreads-mtt-s5000",
            "--as-of",
            "2026-06-01",
            "--width",
            "180",
        ),
    },
    "docs/gallery.md": lambda: {"gallery": gallery_block()},
    "docs/output.md": output_examples,
    "docs/llm.md": lambda: {
        "models": command("llm", "--list"),
        "worked": llm_worked_example(),
        "measurements": llm_measurements(),
        "seed": command("llm", "llama-3.1-70b", *SEED, "nvidia-h100-sxm", "--chips", "2", "--batch", "8"),
    },
    "chipspec/specs/README.md": lambda: {
        "coverage": coverage_table(),
        "unstated": unstated_list(),
        "gaps": gaps_list(),
    },
}


def fill(text: str, blocks: dict[str, str], page: str) -> str:
    for name, body in blocks.items():
        pattern = re.compile(rf"(<!-- generated:{re.escape(name)} -->\n).*?(<!-- /generated -->)", re.S)
        if not pattern.search(text):
            raise RuntimeError(f"{page}: no <!-- generated:{name} --> block to fill")
        filled = body.rstrip("\n")

        def replace(m: re.Match[str], filled: str = filled) -> str:
            return f"{m.group(1)}{filled}\n{m.group(2)}"

        text = pattern.sub(replace, text)
    return text


REPORT_EXAMPLE = "docs/report-example.html"
REPORT_COMMAND = (
    "report", *LLM_CHIPS, "--llm", "llama-3.1-70b", "--chips", "2", "--batch", "1,8,32", "-o", REPORT_EXAMPLE,
)  # fmt: skip


def example_report() -> bytes:
    """The example report in docs/, exactly as ``chipspec report`` writes it."""
    from chipspec.report.html import report

    page = report(
        list(LLM_CHIPS), llm="llama-3.1-70b", llm_options={"group_size": 2}, batches=[1, 8, 32],
        command="chipspec " + " ".join(REPORT_COMMAND),
    )  # fmt: skip
    return page.encode()


def screenshot(root: Path = ROOT) -> Path:
    """docs/gallery/report.png (the example report at 1,280 px), report-phone.png (at a
    phone's 390 px, the table scrolled sideways) and chip-page.png (the site's H20 page)
    in headless Chromium (not part of --check: their pixels depend on the browser and fonts
    installed). Returns the first."""
    import tempfile

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    import chipspec
    from chipspec.report.html import site

    def browser(width: int, height: int, phone: bool = False) -> Any:
        options = webdriver.ChromeOptions()
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={width},{height}",
                    "--hide-scrollbars"):  # fmt: skip
            options.add_argument(arg)
        if phone:
            metrics = {"width": width, "height": height, "pixelRatio": 1}
            options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
        options.binary_location = shutil.which("chromium") or shutil.which("google-chrome") or "chromium"
        return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "chromedriver"), options=options)

    gallery = root / "docs" / "gallery"
    with tempfile.TemporaryDirectory() as folder:
        site(folder, chipspec.load_catalog().filter(vendor=["NVIDIA"]))
        shots = [
            (1280, 900, False, (root / REPORT_EXAMPLE).as_uri(), "", "report.png"),
            (390, 780, True, (root / REPORT_EXAMPLE).as_uri(),
             "window.scrollTo(0, document.getElementById('comparison-table').getBoundingClientRect().top - 40);"
             "document.querySelector('#comparison .scroll').scrollLeft = 260;", "report-phone.png"),
            (1280, 900, False, (Path(folder) / "chips" / "nvidia-h20.html").as_uri(), "", "chip-page.png"),
        ]  # fmt: skip
        for width, height, phone, url, script, name in shots:
            driver = browser(width, height, phone)
            try:
                driver.get(url)
                if script:
                    driver.execute_script(script)
                driver.save_screenshot(str(gallery / name))
            finally:
                driver.quit()
    return gallery / "report.png"


def generate(root: Path = ROOT) -> dict[Path, bytes]:
    """Every generated file's path and content (nothing is written)."""
    files: dict[Path, bytes] = {root / REPORT_EXAMPLE: example_report()}
    for page, blocks in PAGES.items():
        path = root / page
        files[path] = fill(path.read_text(encoding="utf-8"), blocks(), page).encode()
    for name, data in draw_charts().items():
        files[root / name] = data
    return files


# matplotlib writes coordinates with six decimals, and the last of them moves with the
# numpy, FreeType and matplotlib builds a machine happens to have (62.003052 here, 62.003053
# there); clip-path ids are hashes of those coordinates. A drawing is the same drawing when
# everything else is byte-identical (text, labels, table cells, data attributes) and each
# coordinate in a geometry attribute moves by less than this (in points).
_DRAWING_TOLERANCE = 0.01
_GEOMETRY = re.compile(rb'\b(d|x|y|x1|x2|y1|y2|cx|cy|r|width|height|transform|points|viewBox)="([^"]*)"')
_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?(?:e-?\d+)?")
_CLIP_ID = re.compile(rb"\bp[0-9a-f]{10}\b")


def _geometry(text: bytes) -> tuple[bytes, list[float]]:
    numbers: list[float] = []

    def lift(match: re.Match[bytes]) -> bytes:
        numbers.extend(float(n) for n in _NUMBER.findall(match.group(2)))
        return match.group(1) + b'="' + _NUMBER.sub(b"#", match.group(2)) + b'"'

    return _GEOMETRY.sub(lift, _CLIP_ID.sub(b"p#", text)), numbers


def same_output(path: Path, current: bytes | None, content: bytes) -> bool:
    """Whether a committed file already holds what the code produces now.

    Pages must match byte for byte; SVG drawings (and the report, which inlines them) may
    differ only in floating-point noise within their geometry.
    """
    if current == content:
        return True
    if current is None or path.suffix not in (".svg", ".html"):
        return False
    (old, old_numbers), (new, new_numbers) = _geometry(current), _geometry(content)
    if old != new or len(old_numbers) != len(new_numbers):
        return False
    return all(abs(a - b) < _DRAWING_TOLERANCE for a, b in zip(old_numbers, new_numbers, strict=True))


def main_docs(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/docs.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing; exit 1 on any difference")
    parser.add_argument(
        "--screenshot", action="store_true",
        help="also take docs/gallery/report.png, report-phone.png and chip-page.png in headless Chromium (not checked)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    stale = []
    for path, content in generate().items():
        current = path.read_bytes() if path.exists() else None
        if same_output(path, current, content):
            continue
        stale.append(path.relative_to(ROOT))
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    if args.check and stale:
        print("docs are stale; run `python tools/docs.py` and commit:", *stale, sep="\n  ", file=sys.stderr)
        return 1
    if not args.check:
        print(f"updated {len(stale)} file(s)" + "".join(f"\n  {p}" for p in stale))
    if args.screenshot:
        print(f"wrote {screenshot().relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main_docs())
