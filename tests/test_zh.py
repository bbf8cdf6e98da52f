"""``--lang zh`` prints Chinese (issue 20): every word chipspec itself writes is Chinese; what
stays Latin is data, not words: units, ids and field paths, chip and vendor names (the Latin
parts of 昇腾 910B), source keys and titles, rule citations, and text quoted from a sheet.

Not covered: a user-registered metric's description and a model sheet's notes (they are
the user's text).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

import pytest

import chipspec
from chipspec.cli import main
from chipspec.format import FIELDS, PRECISIONS
from chipspec.i18n import chip_label, cjk_spacing
from chipspec.metrics import METRICS
from chipspec.report.text import wrap_cell

COMMANDS = [
    ("list",),
    ("metrics",),
    ("compare",),
    ("compare", "--country", "CN", "--baseline", "h20"),
    ("compare", "--pareto", "memory.bandwidth,tflops_per_watt"),
    ("compare", "--score", "bandwidth_per_watt=2,tflops_per_watt=1", "--columns", "memory.capacity"),
    ("export-control", "--as-of", "2025-06-01"),
    ("export-control", "h20", "910b", "--as-of", "2026-12-01"),
    ("show", "910b"),
    ("show", "910b1"),
    ("diff", "h20", "910c"),
    ("llm", "llama-3.1-70b", "h20", "910b", "--batch", "1,8"),
    ("llm", "llama-3.1-70b", "h20", "910b", "h100-sxm"),
    ("llm", "llama-3.1-8b", "h20", "910b", "--context", "200000", "--mfu", "0.5", "--mbu", "0.8"),
    ("llm", "deepseek-v3", "h20", "h100-sxm", "--chips", "8", "--prompt", "1000", "--generate", "200"),
    ("llm", "qwen3-235b-a22b", "h20", "--chips", "8", "--kv-layout", "dp", "--fabric", "mesh", "--no-overlap"),
    ("llm", "gpt-oss-120b", "h20", "--chips", "2", "--no-comm", "--reserve", "0.1", "--weights", "checkpoint"),
    ("llm", "llama-3.1-70b", "--system", "nvidia-hgx-h100", "--chips", "8"),
    ("llm", "deepseek-v3.2", "h100-sxm", "--chips", "8", "--weights", "fp8"),
    ("llm", "gpt-oss-120b", "h100-sxm", "--weights", "mxfp4", "--part", "attention=bf16"),
    ("llm", "llama-4-maverick", "h100-sxm", "--chips", "8"),
    ("llm", "--list"),
    ("systems",),
    ("systems", "nvidia-gb200-nvl72", "huawei-cloudmatrix-384", "--baseline", "nvidia-gb200-nvl72"),
    ("show", "huawei-cloudmatrix-384"),
    ("show", "h100-sxm"),
    ("show", "h20", "--sources"),
    ("checks",),
    ("checks", "--acks"),
    ("compare", "h100-sxm", "910b", "mi300x", "--columns", "measured.bf16,efficiency.bf16,efficiency.memory"),
    ("export-control", "h20", "h100-sxm", "910c", "--as-of", "2023-11-01"),
]
# "token" is the loanword Chinese technical writing uses (首 token 时间)
UNITS = {
    "token",
    "GB",
    "GiB",
    "MiB",
    "TB",
    "GB/s",
    "TFLOPS",
    "TOPS",
    "FLOP",
    "W",
    "mm",
    "ms",
    "tokens",
    "MHz",
    "nm",
    "B",
    "KiB",
    "kW",
    "Gb",
    "cm",
    "MoE",  # mixture of experts: the term Chinese technical writing uses, like KV, GQA and MLA
}
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[a-z][A-Za-z'’]*")  # a word with a lower-case letter (not BF16, HBM3)


def _data(catalog: chipspec.Catalog) -> tuple[list[str], set[str]]:
    """What is data, not words: the texts a sheet or a rule gives (names, values as
    written, notes, source titles, citations), longest first, and the identifiers (ids,
    field paths, metric, rule and source keys)."""
    from chipspec.checks import CHECKS, acknowledgements
    from chipspec.lenses.export_control import CONVENTIONS, KINDS, RULES

    ids: list[str] = [*FIELDS, *METRICS, *RULES, *KINDS, *CONVENTIONS, *PRECISIONS, "compute.*", "chipspec"]
    from chipspec.lenses.llm.serving import STORAGE

    ids += [*STORAGE]  # weights formats (mxfp4, nvfp4)
    ids += [*CHECKS, "vendors.yaml", "blogspot", "via"]  # check names, the vendor table's file, a host, a sheet key
    texts_acks = [row[-1] for row in acknowledgements(catalog)]  # an acknowledgement's reason: the sheet's words
    from chipspec.measured import MEASURED_COLUMNS

    ids += [*MEASURED_COLUMNS, "calibrated_tokens_per_second_per_chip", "max_position_embeddings"]
    ids += [f"gen{n}" for n in range(1, 8)] + ["16bit", "compute_sparse"]  # PCIe generations, precision names
    from chipspec.lenses.llm import bundled_models

    texts: list[str] = [m.formula for m in METRICS.values()]  # formulas are code
    texts += texts_acks
    texts += [m.name for m in bundled_models().values()]
    ids += list(bundled_models())
    for r in RULES.values():
        texts += [r.citation, *(e.source for e in r.history)]
        texts += [r.early.source] if r.early is not None else []  # a product's own start date: its source
    for system in catalog.systems.values():  # system sheets: the same kinds of text
        ids += [system.id, *system.sources]
        texts += [system.name, system.vendor, *system.aliases]
        texts += [f"{s.title} {s.url or ''}".strip() for s in system.sources.values()]
        texts += [t for s in system.sources.values() for t in (s.title or "", s.url or "")]
        for p in system.entries.values():
            texts += [p.text, p.note or "", *(a.text for a in p.alternatives), *(a.note or "" for a in p.alternatives)]
    for chip in catalog:
        ids += [chip.id, *chip.sources, *(f"sources.{k}" for k in chip.sources)]
        texts += [chip.name, chip.vendor, *chip.aliases, chip_label(chip), chip_label(chip, "zh")]
        texts += wrap_cell(chip_label(chip, "zh"), 32)  # a long name wraps in the chip column
        texts += [f"{s.title} {s.url or ''}".strip() for s in chip.sources.values()]
        texts += [s.title or "" for s in chip.sources.values()]
        for path in chip:
            p = chip.provenance(path)
            texts += [p.text, p.note or "", *(a.text for a in p.alternatives), *(v for _, v in p.annotations)]
            texts += [a.note or "" for a in p.alternatives]
        texts += _flat(chip.extra_data)
        for m in getattr(chip, "measured", ()):  # measurements: what a benchmark reported, quoted
            texts += [str(x) for x in (m.what, m.written, m.method, m.tool, m.stack, m.cite, m.source.url) if x]
            ids.append(m.source.key)
        ids += _paths(chip.extra_data, "extra.")
    return sorted({t for t in texts if len(t) > 1}, key=len, reverse=True), set(ids)


def _paths(data: object, prefix: str) -> list[str]:
    """The dotted paths of the ``extra`` section (``extra.aicore_clock.value``)."""
    if not isinstance(data, Mapping):
        return [prefix.rstrip(".")]
    return [p for k, v in data.items() for p in _paths(v, f"{prefix}{k}.")]


def _flat(data: object) -> list[str]:
    if isinstance(data, Mapping):
        return [t for k, v in data.items() for t in (str(k), *_flat(v))]
    if isinstance(data, list | tuple):
        return [t for v in data for t in _flat(v)]
    return [str(getattr(data, "text", data))]


@pytest.fixture(scope="module")
def data() -> tuple[list[str], set[str]]:
    return _data(chipspec.load_catalog())


def english_words(text: str, data: tuple[list[str], set[str]]) -> list[str]:
    """The English words in ``text`` once data (what sheets say, ids) is taken out."""
    texts, ids = data
    for t in texts:  # what a sheet says is quoted as it says it (whole, not inside an id)
        if t in text:
            text = re.sub(rf"(?<![\w.-]){re.escape(t)}(?![\w.-])", " ", text)
    text = re.sub(r"chipspec [a-z-]+|--[a-z][a-z-]*", " ", text)  # the command's own vocabulary
    text = re.sub(r"[\w.*-]+", lambda m: " " if m.group(0).strip(".-") in ids else m.group(0), text)
    return sorted({w for w in WORD.findall(text) if w not in ids and w not in UNITS})


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_chinese_output_has_no_english_words(argv: tuple[str, ...], data: tuple[list[str], set[str]]) -> None:
    out, err = io.StringIO(), io.StringIO()
    # wide enough that no note wraps: a sheet's note is removed whole below
    assert main([*argv, "--lang", "zh", "--width", "1000"], out=out, err=err) == 0, err.getvalue()
    assert english_words(out.getvalue(), data) == []


def test_the_check_finds_english_words(data: tuple[list[str], set[str]]) -> None:
    """The walk above would fail on an English word: a sheet's text and units pass, words do not."""
    text = "英伟达 H20 96 GB, every time is a lower bound"
    assert english_words(text, data) == ["bound", "every", "is", "lower", "time"]


def test_one_convention_for_chinese_chip_names() -> None:
    catalog = chipspec.load_catalog()
    labels = [chip_label(c, "zh") for c in catalog]
    assert "昇腾 910B1" in labels and "昇腾 910B" in labels
    assert all(label == cjk_spacing(label) for label in labels)  # a space between 昇腾 and 910B1
