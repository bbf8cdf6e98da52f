"""Measurement files: strictly read and located; attached to their chips; the selection rule."""

from __future__ import annotations

from pathlib import Path

import pytest

import chipspec
from chipspec import CatalogError
from chipspec.measured import Measurement, choose, efficiency
from chipspec.spec import Source

SHEET = """name: Test Chip
vendor: Testco
memory: {bandwidth: 1000 GB/s}
compute: {bf16: 100 TFLOPS}
sources: {a: {title: t, url: https://example.com/a}}
"""

GOOD = """sources:
  s: {title: A run, url: https://example.com/run}
measured:
  - chip: test-chip
    kind: matmul
    precision: bf16
    shape: 8192x8192x8192
    value: 80 TFLOPS
    method: a matmul sweep
    date: 2025-09
    source: s
    quote: "80 TFLOPS"
    by: community
  - {chip: test-chip, kind: memory, pattern: copy, value: 0.9 TB/s, method: copy kernel, date: 2025-10-01,
     source: s, quote: "900 GB/s", by: vendor}
"""


def folder(tmp_path: Path, measured: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "test-chip.yaml").write_text(SHEET, encoding="utf-8")
    (tmp_path / "measured").mkdir()
    (tmp_path / "measured" / "runs.yaml").write_text(measured, encoding="utf-8")
    return tmp_path


def test_records_attach_to_their_chip(tmp_path: Path) -> None:
    chip = chipspec.load_catalog(folder(tmp_path, GOOD), bundled=False).get("test-chip")
    matmul, memory = chip.measured
    assert (matmul.kind, matmul.precision, matmul.value, matmul.unit, matmul.shape) == (
        "matmul", "bf16", 80.0, "TFLOPS", "8192x8192x8192"
    )  # fmt: skip
    assert (memory.value, memory.written, memory.date, memory.by) == (900.0, "0.9 TB/s", "2025-10-01", "vendor")
    assert matmul.source.url == "https://example.com/run" and matmul.line == 4
    assert memory.what == "memory copy"


def test_a_training_record_is_listed_never_an_efficiency(tmp_path: Path) -> None:
    """A time to train names its benchmark and chip count; it fills no column and no check."""
    text = GOOD.replace(
        "- {chip: test-chip, kind: memory, pattern: copy, value: 0.9 TB/s,",
        "- {chip: test-chip, kind: training, model: llama2_70b_lora, chips: 8, value: 12.231 minutes,",
    )
    chip = chipspec.load_catalog(folder(tmp_path, text), bundled=False).get("test-chip")
    _, run = chip.measured
    assert (run.kind, run.value, run.unit, run.chips, run.model) == (
        "training",
        12.231,
        "minutes",
        8,
        "llama2_70b_lora",
    )
    assert run.what == "training llama2_70b_lora 8 chips time to train"
    assert run.column is None


def test_the_sheets_stay_free_of_measured_files(tmp_path: Path) -> None:
    catalog = chipspec.load_catalog(folder(tmp_path, GOOD), bundled=False)
    assert catalog.ids == ("test-chip",)


BAD = {
    "no-quote": (
        GOOD.replace('    quote: "80 TFLOPS"\n', ""),
        "measured/runs.yaml:4: measured[0].quote: a measurement needs a `quote` from its source or a `result` id",
    ),
    "unit": (
        GOOD.replace("value: 80 TFLOPS", "value: 80 GB/s"),
        "measured/runs.yaml:8: measured[0].value: expected a number and a unit (TFLOPS, PFLOPS, GFLOPS, TOPS, "
        "POPS) for a matmul measurement, got '80 GB/s'",
    ),
    "source": (
        GOOD.replace("    source: s\n", "    source: t\n"),
        "measured/runs.yaml:11: measured[0].source: 't' is not a key of sources; known keys: s",
    ),
    "kind-property": (
        GOOD.replace("pattern: copy", "pattern: copy, precision: bf16"),
        "measured/runs.yaml:14: measured[1].precision: not a property of a memory measurement",
    ),
    "missing-precision": (
        GOOD.replace("    precision: bf16\n", ""),
        "measured/runs.yaml:4: measured[0].precision: required for a matmul measurement",
    ),
    "by": (
        GOOD.replace("by: community", "by: friends"),
        "measured/runs.yaml:13: measured[0].by: expected one of independent, vendor, community, got 'friends'",
    ),
    "date": (
        GOOD.replace("date: 2025-09", "date: Sept 2025"),
        "measured/runs.yaml:10: measured[0].date: expected a date like 2025-09 or 2025-09-30, got 'Sept 2025'",
    ),
    "unknown-key": (
        GOOD.replace("    by: community\n", "    by: community\n    who: me\n"),
        "measured/runs.yaml:14: measured[0].who: unknown key; expected one of chip, kind, value, precision, shape, "
        "pattern, operation, message_size, chips, model, scenario, weights, kv, input_tokens, output_tokens, layout, "
        "method, tool, stack, date, source, quote, result, "
        "by, confidence, note",
    ),
    "training-unit": (
        GOOD.replace(
            "- {chip: test-chip, kind: memory, pattern: copy, value: 0.9 TB/s,",
            "- {chip: test-chip, kind: training, model: bert, chips: 8, value: 0.9 TB/s,",
        ),
        "measured/runs.yaml:14: measured[1].value: expected a number and a unit (minutes) for a training "
        "measurement, got '0.9 TB/s'",
    ),
    "training-needs-chips": (
        GOOD.replace(
            "- {chip: test-chip, kind: memory, pattern: copy, value: 0.9 TB/s,",
            "- {chip: test-chip, kind: training, model: bert, value: 12.5 minutes,",
        ),
        "measured/runs.yaml:14: measured[1].chips: required for a training measurement",
    ),
    "training-no-scenario": (
        GOOD.replace(
            "- {chip: test-chip, kind: memory, pattern: copy, value: 0.9 TB/s,",
            "- {chip: test-chip, kind: training, model: bert, chips: 8, scenario: Offline, value: 12.5 minutes,",
        ),
        "measured/runs.yaml:14: measured[1].scenario: not a property of a training measurement",
    ),
    "chip": (
        GOOD.replace("chip: test-chip\n", "chip: test-chp\n"),
        "measured/runs.yaml:4: chip: no loaded sheet has the id 'test-chp'; did you mean 'test-chip'?",
    ),
    "not-a-list": (
        "measured: {a: 1}\n",
        "measured/runs.yaml:1: measured: expected a list of measurements, got a mapping",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_measurement_files_give_located_messages(tmp_path: Path, case: str) -> None:
    text, message = BAD[case]
    with pytest.raises(CatalogError) as info:
        chipspec.load_catalog(folder(tmp_path, text), bundled=False)
    problems = [str(p).replace(str(tmp_path) + "/", "") for p in info.value.problems]
    assert problems == [message]
    assert info.value.catalog.ids == ("test-chip",)  # the chip still loads


def record(by: str, date: str, value: float = 1.0) -> Measurement:
    source = Source("s", "t", "https://example.com")
    return Measurement("c", "matmul", value, f"{value} TFLOPS", "m", date, source, by, quote="q", precision="bf16")


def test_choose_prefers_trust_then_the_latest_then_the_first() -> None:
    old_independent = record("independent", "2024-01", 1)
    new_community = record("community", "2026-01", 2)
    new_independent = record("independent", "2025-01", 3)
    same_date = record("independent", "2025-01", 4)
    assert choose([new_community, old_independent]) == (old_independent, 1)
    assert choose([old_independent, new_independent, same_date, new_community]) == (new_independent, 3)
    assert choose([]) == (None, 0)


def test_efficiency_needs_a_positive_peak() -> None:
    assert efficiency(80.0, 100.0) == 0.8
    assert efficiency(80.0, None) is None
    assert efficiency(80.0, 0.0) is None


def test_bundled_measurements_load_and_cite() -> None:
    catalog = chipspec.load_catalog()
    measured = [c for c in catalog if c.measured]
    assert len(measured) >= 36  # issue 25: at least 30, with margin
    chinese = [c.id for c in measured if getattr(catalog.vendors.get(c.vendor), "country", None) == "CN"]
    assert len(chinese) >= 9, chinese  # issue 25: at least 6
    # issue 25, the last two Inference rounds (v6.0, v6.1) and v5.1 before them
    for round_, chips in {
        "v5.1": {"nvidia-h200", "nvidia-b200", "amd-mi325x"},
        "v6.0": {"amd-mi300x", "amd-mi325x", "amd-mi350x", "amd-mi355x", "nvidia-b200", "nvidia-b300"}
        | {"nvidia-gb200", "nvidia-gb300", "nvidia-h200", "nvidia-h200-nvl", "nvidia-l40s"},
        "v6.1": {
            "amd-mi300x",
            "amd-mi350x",
            "amd-mi355x",
            "nvidia-b200",
            "nvidia-b300",
            "nvidia-gb200",
            "nvidia-gb300",
        },
    }.items():
        found = {c.id for c in measured for m in c.measured if f"inference_results_{round_}/" in (m.source.url or "")}
        assert chips <= found, (round_, chips - found)
    # Training v6.0: two submitters' summary.json files, and run logs of AMD's MI350X and MI355X,
    # Krai's MI300X and GH200, MiTAC's MI325X, Cisco's H200 and NVIDIA chips' systems (docs/measured.md)
    v60 = [(c.id, m) for c in measured for m in c.measured if "training_results_v6.0/" in (m.source.url or "")]
    assert sorted((cid, m.model, m.chips) for cid, m in v60) == [
        ("amd-mi300x", "llama2_70b_lora", 8),
        ("amd-mi325x", "llama31_8b", 8),
        ("amd-mi350x", "llama2_70b_lora", 8),
        ("amd-mi355x", "llama2_70b_lora", 8),
        ("nvidia-b200", "llama2_70b_lora", 8),
        ("nvidia-b300", "dlrm_dcnv2", 8),
        ("nvidia-b300", "gpt_oss_20b", 8),
        ("nvidia-b300", "llama2_70b_lora", 8),
        ("nvidia-b300", "llama31_8b", 8),
        ("nvidia-gb200", "gpt_oss_20b", 8),
        ("nvidia-gb300", "llama2_70b_lora", 8),
        ("nvidia-gh200", "llama2_70b_lora", 8),
        ("nvidia-h100-sxm", "llama2_70b_lora", 64),
        ("nvidia-h200", "llama31_8b", 16),
        ("nvidia-h200-nvl", "llama2_70b_lora", 8),
    ]
    for chip in measured:
        for m in chip.measured:
            assert m.source.url and m.source.url.startswith("https://"), m
            assert m.quote or m.result
            if m.kind == "training":  # MLCommons' messaging guidelines for unverified scores
                assert m.note and m.note.endswith("Result not verified by MLCommons Association."), m
                assert "Unverified" in m.method, m


def test_strict_check_catches_a_measurement_above_its_peak(tmp_path: Path) -> None:
    from chipspec.checks import run_checks

    over = GOOD.replace("value: 80 TFLOPS", "value: 120 TFLOPS")
    catalog = chipspec.load_catalog(folder(tmp_path, over), bundled=False)
    found = [p for p in run_checks(catalog) if p.check == "measured-beats-peak"]
    assert [str(p).replace(str(tmp_path) + "/", "") for p in found] == [
        "measured/runs.yaml:4: measured (matmul bf16 8192x8192x8192): [measured-beats-peak] measured 120 TFLOPS exceeds test-chip's peak "
        "compute.bf16 100 TFLOPS (120% of it): check the sheet's peak or the measurement (https://example.com/run)"
    ]
    within = chipspec.load_catalog(folder(tmp_path / "ok", GOOD), bundled=False)
    assert [p for p in run_checks(within) if p.check == "measured-beats-peak"] == []


def test_efficiency_columns_use_the_chosen_measurement(tmp_path: Path) -> None:
    catalog = chipspec.load_catalog(folder(tmp_path, GOOD), bundled=False)
    comparison = chipspec.compare(list(catalog), ["measured.bf16", "efficiency.bf16", "efficiency.memory"])
    assert comparison.column("measured.bf16").values.tolist() == [80.0]
    assert comparison.column("efficiency.bf16").values.tolist() == [0.8]
    assert comparison.column("efficiency.memory").values.tolist() == [0.9]
    assert comparison.column("efficiency.fp8").missing == (("measured.fp8",),)


def test_tables_say_which_measurement_and_how_many_more(tmp_path: Path) -> None:
    from chipspec.report import tables

    two = GOOD + (
        "  - {chip: test-chip, kind: matmul, precision: bf16, value: 70 TFLOPS, method: m, date: 2026-01,"
        " source: s, quote: q, by: independent}\n"
    )
    catalog = chipspec.load_catalog(folder(tmp_path, two), bundled=False)
    comparison = chipspec.compare(list(catalog), ["efficiency.bf16"])
    assert comparison.column("efficiency.bf16").values.tolist() == [0.7]  # independent beats community
    assert tables.measured_notes(comparison, ["efficiency.bf16"], [0], "en") == [
        "measured.bf16 uses, per chip: Testco Test Chip 70 TFLOPS (independent, s, 2026-01, 1 more)"
    ]
    assert tables.measured_notes(comparison, ["efficiency.bf16"], [0], "zh") == [
        "实测BF16 矩阵乘 每款芯片所用实测值：Testco Test Chip 70 TFLOPS (独立评测, s, 2026-01, 另有 1 条)"
    ]


def test_show_lists_measurements_with_stack_and_source(tmp_path: Path) -> None:
    from chipspec.report import tables

    chip = chipspec.load_catalog(folder(tmp_path, GOOD), bundled=False).get("test-chip")
    assert tables.measurement_lines(chip) == [
        "measurements:",
        "  matmul bf16 8192x8192x8192: 80 TFLOPS (a matmul sweep; stack: not stated; community, 2025-09; not stated)",
        '    https://example.com/run "80 TFLOPS"',
        "  memory copy: 0.9 TB/s (copy kernel; stack: not stated; vendor, 2025-10-01; not stated)",
        '    https://example.com/run "900 GB/s"',
    ]


SERVING_SHEET = """name: Serve Chip
vendor: Testco
memory: {capacity: 80 GB, bandwidth: 3350 GB/s}
compute: {bf16: 989 TFLOPS, fp8: 1979 TFLOPS}
sources: {a: {title: t, url: https://example.com/a}}
"""


def serving_record(value: str) -> str:
    return (
        "sources:\n  s: {title: A serving run, url: https://example.com/serve}\nmeasured:\n"
        "  - {chip: serve-chip, kind: serving, model: llama-3.1-8b, scenario: max throughput, chips: 1, weights: fp8,\n"
        f"     kv: fp8, input_tokens: 128, output_tokens: 2048, value: {value}, method: m, source: s, quote: q,\n"
        "     by: vendor}\n"
    )


def serving_folder(tmp_path: Path, value: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "serve-chip.yaml").write_text(SERVING_SHEET, encoding="utf-8")
    (tmp_path / "measured").mkdir()
    (tmp_path / "measured" / "serve.yaml").write_text(serving_record(value), encoding="utf-8")
    return tmp_path


def test_strict_check_catches_a_serving_run_above_the_lens_bound(tmp_path: Path) -> None:
    from chipspec.checks import run_checks
    from chipspec.lenses.llm import peak_throughput

    catalog = chipspec.load_catalog(serving_folder(tmp_path / "over", "9000000 tokens/s"), bundled=False)
    chip = catalog.get("serve-chip")
    batch, bound = peak_throughput(
        "llama-3.1-8b", chip, prompt=128, generate=2048, weights="fp8", kv="fp8", catalog=catalog
    )
    assert 0 < bound < 9_000_000
    found = [p for p in run_checks(catalog, ["serving-beats-bound"])]
    assert [str(p).replace(str(tmp_path) + "/", "") for p in found] == [
        "over/measured/serve.yaml:4: measured (serving llama-3.1-8b max throughput 1 chips ISL/OSL 128/2048 fp8 "
        f"weights, fp8 KV): [serving-beats-bound] measured 9000000 tokens/s beats the LLM lens's bound {bound:,.0f} "
        f"tokens/s (batch {batch:,}) for this run: check the sheet's peaks, the measurement "
        "(https://example.com/serve) or the lens"
    ]
    under = chipspec.load_catalog(serving_folder(tmp_path / "under", "1000 tokens/s"), bundled=False)
    assert run_checks(under, ["serving-beats-bound"]) == []


CALIBRATED = """sources:
  s: {title: A run, url: https://example.com/run}
measured:
  - {chip: serve-chip, kind: matmul, precision: bf16, value: 494.5 TFLOPS, method: m, date: 2025-01, source: s,
     quote: q, by: community}
  - {chip: serve-chip, kind: memory, pattern: copy, value: 1675 GB/s, method: m, date: 2025-02, source: s, quote: q,
     by: community}
"""


def test_the_calibrated_estimate_is_the_roofline_at_the_measured_efficiencies(tmp_path: Path) -> None:
    from chipspec.report import tables

    (tmp_path / "serve-chip.yaml").write_text(SERVING_SHEET, encoding="utf-8")
    (tmp_path / "bare-chip.yaml").write_text(SERVING_SHEET.replace("Serve Chip", "Bare Chip"), encoding="utf-8")
    (tmp_path / "measured").mkdir()
    (tmp_path / "measured" / "runs.yaml").write_text(CALIBRATED, encoding="utf-8")
    catalog = chipspec.load_catalog(tmp_path, bundled=False)
    chips = [catalog.get("serve-chip"), catalog.get("bare-chip")]
    serving = chipspec.llm("llama-3.1-8b", chips, batch=32, context=4096, catalog=catalog)
    half = chipspec.llm("llama-3.1-8b", chips, batch=32, context=4096, mfu=0.5, mbu=0.5, catalog=catalog)
    calibrated = serving.column("calibrated_tokens_per_second_per_chip")
    assert calibrated.values[0] == pytest.approx(half.column("tokens_per_second_per_chip").values[0], rel=1e-12)
    assert calibrated.values[0] < serving.column("tokens_per_second_per_chip").values[0]
    assert calibrated.values[1] != calibrated.values[1]  # no measurement: no estimate
    assert calibrated.missing[1] == ("a measurement (measured.bf16 or measured.memory)",)
    assert tables.calibration_notes(serving) == [
        "calibrated estimate (the roofline at measured / peak; an estimate, not a bound): Testco Serve Chip: matmul "
        "bf16 0.50 (s, 2025-01), memory 0.50 (s, 2025-02); Testco Bare Chip: none"
    ]
    assert tables.calibration_notes(serving, "zh") == [
        "校准估计（按实测/峰值效率计算的屋顶线；是估计，不是上界）：Testco Serve Chip: 矩阵乘 bf16 0.50（s，2025-01）, "
        "显存带宽 0.50（s，2025-02）; Testco Bare Chip: 无"
    ]


def test_a_matching_published_run_is_shown_with_its_ratio(tmp_path: Path) -> None:
    from chipspec.lenses.llm import peak_throughput
    from chipspec.report import tables

    catalog = chipspec.load_catalog(serving_folder(tmp_path, "1000 tokens/s"), bundled=False)
    chip = catalog.get("serve-chip")
    batch, bound = peak_throughput(
        "llama-3.1-8b", chip, prompt=128, generate=2048, weights="fp8", kv="fp8", catalog=catalog
    )
    at = chipspec.llm("llama-3.1-8b", [chip], batch=8, prompt=128, generate=2048, weights="fp8", kv="fp8")
    assert tables.published_notes(at) == [
        'published measurement: Testco Serve Chip 1000 tokens/s (https://example.com/serve: "q"); the lens\'s bound '
        f"at the largest batch that fits is {bound:,.0f} tokens/s (batch {batch:,}): measured / bound "
        f"{1000 / bound:.2f}"
    ]
    other = chipspec.llm("llama-3.1-8b", [chip], batch=8, prompt=128, generate=1024, weights="fp8", kv="fp8")
    assert tables.published_notes(other) == []  # another scenario: no match


def test_the_measured_chart_draws_peak_beside_achieved(tmp_path: Path) -> None:
    from chipspec.errors import UsageError
    from chipspec.report.charts import plot, svg_text

    catalog = chipspec.load_catalog(folder(tmp_path, GOOD), bundled=False)
    comparison = chipspec.compare(list(catalog), [])
    text = svg_text(plot(comparison, "measured", columns=["measured.bf16"]))
    assert "80 (80%)" in text and "Measured BF16 matmul" in text
    assert "Dense BF16 compute" in text  # the subtitle names the peak drawn beside
    with pytest.raises(UsageError, match="a measured chart draws a measured column"):
        plot(comparison, "measured", columns=["efficiency.bf16"])


def test_the_report_has_a_measured_section_only_where_there_are_measurements(tmp_path: Path) -> None:
    from chipspec.report.html import report_html

    catalog = chipspec.load_catalog(folder(tmp_path, GOOD), bundled=False)
    page = report_html(chipspec.compare(list(catalog), ["memory.bandwidth"]), catalog=catalog, charts=False)
    assert '<section id="measured"' in page and 'id="measured-table"' in page
    assert "measured.bf16 uses, per chip: Testco Test Chip 80 TFLOPS (community, s, 2025-09)" in page
    zh = report_html(chipspec.compare(list(catalog), ["memory.bandwidth"]), catalog=catalog, charts=False, lang="zh")
    assert "实测与峰值" in zh
    bare = chipspec.load_catalog(tmp_path / "test-chip.yaml", bundled=False)
    assert '<section id="measured"' not in report_html(chipspec.compare(list(bare), ["memory.bandwidth"]), charts=False)
    only_training = GOOD.split("measured:")[0] + (
        "measured:\n  - {chip: test-chip, kind: training, model: bert, chips: 8, value: 12.5 minutes, method: m,\n"
        "     source: s, result: A/results/box/bert, by: independent}\n"
    )
    timed = chipspec.load_catalog(folder(tmp_path / "timed", only_training), bundled=False)
    assert timed.get("test-chip").measured[0].kind == "training"
    page = report_html(chipspec.compare(list(timed), ["memory.bandwidth"]), catalog=timed, charts=False)
    assert '<section id="measured"' not in page  # a time to train fills no measured column


def test_show_json_carries_the_measurements(tmp_path: Path) -> None:
    from chipspec.report.views import chip_view

    chip = chipspec.load_catalog(folder(tmp_path, GOOD), bundled=False).get("test-chip")
    record = chip_view(chip).data()
    matmul = record["measured"][0]
    assert (matmul["what"], matmul["value"], matmul["unit"], matmul["by"], matmul["quote"]) == (
        "matmul bf16 8192x8192x8192", 80.0, "TFLOPS", "community", "80 TFLOPS"
    )  # fmt: skip
    assert matmul["source"] == {"key": "s", "title": "A run", "url": "https://example.com/run"}


def test_counts_and_formats_are_located(tmp_path: Path) -> None:
    """Chip and token counts, formats: each bad one is a located problem of its own."""
    import shutil

    from tests.conftest import CHIPS

    shutil.copy(CHIPS / "fake-alpha.yaml", tmp_path)
    (tmp_path / "measured").mkdir()
    (tmp_path / "measured" / "x.yaml").write_text(
        "sources:\n  s: {title: T, url: 'https://example.com/x'}\nmeasured:\n"
        "  - {chip: fake-alpha, kind: serving, model: m, scenario: Offline, chips: 0, input_tokens: x,\n"
        "     weights: 'fp 8', value: 10 tokens/s, method: m, tool: t, date: 2025-09, source: s,\n"
        "     by: community, confidence: reported, result: r1}\n"
        "  - {chip: fake-alpha, kind: serving, model: m, scenario: Offline, chips: 99999999999,\n"
        "     value: 10 tokens/s, method: m, tool: t, date: 2025-09, source: s, by: community,\n"
        "     confidence: reported, result: r2}\n",
        encoding="utf-8",
    )
    with pytest.raises(chipspec.CatalogError) as info:
        chipspec.load_catalog(tmp_path, bundled=False)
    found = [str(p).removeprefix(f"{tmp_path}/") for p in info.value.problems]
    assert found == [
        "measured/x.yaml:4: measured[0].chips: expected a whole number of chips, got '0'",
        "measured/x.yaml:4: measured[0].input_tokens: expected a whole number of tokens, got 'x'",
        "measured/x.yaml:5: measured[0].weights: expected a format name like fp8 or nvfp4, got 'fp 8'",
        "measured/x.yaml:7: measured[1].chips: expected a whole number of chips, got '99999999999'",
    ]
