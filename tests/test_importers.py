"""The importers in tools/: they read their source's layout exactly, refuse a changed one,
and write measurement files the loader accepts."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import chipspec

ROOT = Path(__file__).resolve().parent.parent


def tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


MAMF = """#### Maximum Achievable Matmul FLOPS comparison table

**BF16**:

| Accelerator      |   MAMF | Theory | Efficiency | Best Shape MxNxK | torch version                  | Notes                              |
| :--------------- | -----: | -----: | ---------: | :--------------- | :----------------------------- | :--------------------------------- |
| NVIDIA H100 SXM  |  794.5 |    989 |      80.3% |  2048x2048x13312 | 2.7.0+cu126                    | H200 is the same                   |
| Some Future Chip | 1000.0 |   2000 |      50.0% |   1024x1024x1024 | 2.9.0                          |                                    |

**FP8 (`float8_e4m3fn`)**:

| Accelerator      |   MAMF | Theory | Efficiency | Best Shape MxNxK | torch version                  | Notes                     |
| :--------------- | -----: | -----: | ---------: | :--------------- | :----------------------------- | :------------------------ |
| AMD MI300X       |        |   2600 |            |                  |                                |                           |

Caveat emptor: these numbers ...
"""


def test_mamf_rows_become_loadable_records(tmp_path: Path) -> None:
    mamf = tool("import_mamf")
    rows = mamf.parse(MAMF)
    assert [(r.accelerator, r.precision, r.mamf, r.shape, r.torch) for r in rows] == [
        ("NVIDIA H100 SXM", "bf16", "794.5", "2048x2048x13312", "2.7.0+cu126"),
        ("Some Future Chip", "bf16", "1000.0", "1024x1024x1024", "2.9.0"),
    ]
    text, skipped = mamf.render(rows, "0" * 40, "2026-08")
    assert skipped == ["Some Future Chip (bf16)"]
    (tmp_path / "measured").mkdir()
    (tmp_path / "measured" / "mamf.yaml").write_text(text, encoding="utf-8")
    sheet = chipspec.bundled_specs_dir() / "nvidia" / "nvidia-h100-sxm.yaml"
    (tmp_path / "nvidia-h100-sxm.yaml").write_text(sheet.read_text(encoding="utf-8"), encoding="utf-8")
    chip = chipspec.load_catalog(tmp_path, bundled=False).get("nvidia-h100-sxm")
    (m,) = chip.measured
    assert (m.value, m.precision, m.quote, m.by) == (794.5, "bf16", rows[0].line, "independent")
    assert m.note and "H200 is the same" in m.note


def test_mamf_refuses_a_changed_layout() -> None:
    mamf = tool("import_mamf")
    with pytest.raises(mamf.ImportError_, match="expected the header"):
        mamf.parse(MAMF.replace("| torch version ", "| torch ver "))
    with pytest.raises(mamf.ImportError_, match="no section"):
        mamf.parse("# nothing here\n")


def row(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "ID": "5.1-0001", "Category": "closed", "Suite": "datacenter", "Availability": "available", "Nodes": 1,
        "Accelerator": "NVIDIA H100-SXM-80GB", "a#": 8, "Model": "llama2-70b-99", "Scenario": "Offline",
        "Performance_Result": 24000.5, "Performance_Units": "Tokens/s", "Location": "closed/X/results/a",
        "Software": "TensorRT 10", "Submitter": "X", "System": "Box", "weight_data_types": "fp8",
    }  # fmt: skip
    return {**base, **over}


def test_mlperf_keeps_the_best_per_chip_result_and_counts_nodes(tmp_path: Path) -> None:
    mlperf = tool("import_mlperf")
    rows = [
        row(),
        row(ID="5.1-0002", **{"Performance_Result": 30000.0, "a#": 8}),  # more per chip: kept
        row(ID="5.1-0003", Category="open", **{"Performance_Result": 90000.0}),  # open division: left out
        row(ID="5.1-0004", Accelerator="NVIDIA GB300", Nodes=18, **{"a#": 4, "Performance_Result": 16104.1}),
        row(ID="5.1-0005", Accelerator="Some Other GPU"),
    ]
    kept, skipped = mlperf.select(rows)
    assert [(r["ID"], r["Accelerator"]) for r in kept] == [
        ("5.1-0004", "NVIDIA GB300"),
        ("5.1-0002", "NVIDIA H100-SXM-80GB"),
    ]
    assert skipped == ["Some Other GPU"]
    text = mlperf.render(kept, "5.1", "0" * 40, "2025-09")
    (tmp_path / "measured").mkdir()
    (tmp_path / "measured" / "mlperf.yaml").write_text(text, encoding="utf-8")
    for chip in ("nvidia-h100-sxm", "nvidia-gb300"):
        sheet = chipspec.bundled_specs_dir() / "nvidia" / f"{chip}.yaml"
        (tmp_path / f"{chip}.yaml").write_text(sheet.read_text(encoding="utf-8"), encoding="utf-8")
    catalog = chipspec.load_catalog(tmp_path, bundled=False)
    (gb300,) = catalog.get("nvidia-gb300").measured
    assert (gb300.chips, gb300.value, gb300.result, gb300.kind) == (72, 16104.1, "5.1-0004", "serving")
    (h100,) = catalog.get("nvidia-h100-sxm").measured
    assert (h100.written, h100.weights, h100.scenario) == ("30000.0 tokens/s", "fp8", "Offline")


def test_mlperf_refuses_an_unknown_unit() -> None:
    mlperf = tool("import_mlperf")
    with pytest.raises(mlperf.ImportError_, match="unknown unit 'Watts'"):
        mlperf.select([row(Performance_Units="Watts")])
    with pytest.raises(mlperf.ImportError_, match="missing Scenario"):
        mlperf.select([{k: v for k, v in row().items() if k != "Scenario"}])
    # a latency scenario (v6.0's wan-2.2 SingleStream, "Latency (s)") is left out, not refused
    assert mlperf.select([row(Scenario="SingleStream", Performance_Units="Latency (s)")]) == ([], [])


def mllog(minutes: float, status: str = "success") -> str:
    """A run log with run_start and run_stop ``minutes`` apart."""
    start = 1_745_000_000_000
    stop = start + round(minutes * 60_000)
    return (
        f':::MLLOG {{"namespace": "", "time_ms": {start - 5}, "event_type": "POINT_IN_TIME", "key": "submission_benchmark", "value": "bert"}}\n'
        f':::MLLOG {{"namespace": "", "time_ms": {start}, "event_type": "INTERVAL_START", "key": "run_start", "value": null}}\n'
        f':::MLLOG {{"namespace": "", "time_ms": {stop}, "event_type": "INTERVAL_END", "key": "run_stop", "value": null, '
        f'"metadata": {{"status": "{status}"}}}}\n'
    )  # fmt: skip


def training_system(root: Path, org: str, name: str, accelerator: str, **over: str) -> None:
    desc = {
        "division": "closed", "status": "Available on-premise", "accelerator_model_name": accelerator,
        "accelerators_per_node": "8", "number_of_nodes": "1", "submitter": org, "system_name": name,
        "framework": "PyTorch 2.6",
    }  # fmt: skip
    (root / org / "systems").mkdir(parents=True, exist_ok=True)
    (root / org / "systems" / f"{name}.json").write_text(json.dumps({**desc, **over}), encoding="utf-8")


def training_runs(root: Path, org: str, name: str, bench: str, runs: list[tuple[float, str]]) -> Path:
    folder = root / org / "results" / name / bench
    folder.mkdir(parents=True, exist_ok=True)
    for i, (minutes, status) in enumerate(runs):
        (folder / f"result_{i}.txt").write_text(mllog(minutes, status), encoding="utf-8")
    return folder


def test_mlperf_training_scores_like_the_result_summarizer(tmp_path: Path) -> None:
    training = tool("import_mlperf_training")
    root = tmp_path / "tr"
    h100 = "NVIDIA H100-SXM5-80GB"
    training_system(root, "A", "box8", h100)
    bert = training_runs(root, "A", "box8", "bert", [(14, "success"), (10, "success"), (12, "success"),
                                                     (11, "success"), (13, "success")])  # fmt: skip
    (bert / "scaling.json").write_text('{"scaling_factor": 1.5}', encoding="utf-8")
    # one run did not converge: it counts as the slowest dropped; the fastest is dropped too
    training_system(root, "B", "other8", h100)
    training_runs(root, "B", "other8", "bert", [(10, "success"), (11, "success"), (12, "success"), (9, "aborted")])
    # two non-converging runs: no score
    training_runs(root, "B", "other8", "dlrm_dcnv2", [(10, "success"), (11, "aborted"), (12, "aborted")])
    training_system(root, "C", "preview8", h100, status="Preview")  # not available: left out
    training_runs(root, "C", "preview8", "bert", [(1, "success")] * 3)
    training_system(root, "D", "gpu8", "Some Other GPU")
    found, skipped = training.collect(root)
    assert skipped == ["Some Other GPU"]
    assert [(r.folder, round(r.minutes, 9), r.dropped, r.scaling) for r in found] == [
        ("A/results/box8/bert", 18.0, 0, 1.5),  # olympic mean of 11, 12, 13 = 12, x 1.5
        ("B/results/other8/bert", 11.5, 1, 1.0),  # 10 dropped (fastest), the aborted run the slowest: 11, 12
    ]
    (kept,) = training.select(found)  # one per chip, benchmark and chip count: the fastest
    assert kept.folder == "B/results/other8/bert"
    text = training.render([kept], "5.0", "0" * 40, "2025-06")
    (tmp_path / "cat" / "measured").mkdir(parents=True)
    (tmp_path / "cat" / "measured" / "training.yaml").write_text(text, encoding="utf-8")
    sheet = chipspec.bundled_specs_dir() / "nvidia" / "nvidia-h100-sxm.yaml"
    (tmp_path / "cat" / "nvidia-h100-sxm.yaml").write_text(sheet.read_text(encoding="utf-8"), encoding="utf-8")
    (m,) = chipspec.load_catalog(tmp_path / "cat", bundled=False).get("nvidia-h100-sxm").measured
    assert (m.kind, m.model, m.chips, m.written, m.result) == (
        "training", "bert", 8, "11.500 minutes", "B/results/other8/bert"
    )  # fmt: skip
    assert m.method.endswith("Unverified: scored by chipspec from the run logs")
    assert m.date == "2025-04"  # when the runs started (the logs' run_start), not the round's month
    assert m.note and m.note.startswith(
        "Unverified: computed by chipspec from 4 run logs (olympic mean; 1 non-converged"
    )


def test_mlperf_training_names_only_catalog_chips() -> None:
    """Every accelerator name the importer keeps maps to a bundled sheet, so a record never
    points at a chip the catalog lacks (GH200: Krai's v6.0 system files' name)."""
    training = tool("import_mlperf_training")
    ids = {c.id for c in chipspec.load_catalog()}
    assert sorted(set(training.CHIPS.values()) - ids) == []
    assert training.CHIPS["NVIDIA Hopper GPU (GH200)"] == "nvidia-gh200"


def test_mlperf_training_refuses_a_changed_layout(tmp_path: Path) -> None:
    training = tool("import_mlperf_training")
    training_system(tmp_path, "A", "box", "NVIDIA H100-SXM5-80GB")
    desc = json.loads((tmp_path / "A" / "systems" / "box.json").read_text(encoding="utf-8"))
    del desc["number_of_nodes"]
    (tmp_path / "A" / "systems" / "box.json").write_text(json.dumps(desc), encoding="utf-8")
    with pytest.raises(training.ImportError_, match=r"box\.json: missing number_of_nodes$"):
        training.collect(tmp_path)
    assert training.olympic([], 0, 1) is None
    assert training.run_minutes("no log lines\n", "x") is None


def lora_run(start_min: float, minutes: float, samples: int, gbs: int = 8, status: str = "success") -> str:
    """A llama2_70b_lora run log with the lines the RCP checker reads."""
    start = int(start_min * 60_000)
    stop = start + int(minutes * 60_000)
    return "".join(
        f":::MLLOG {json.dumps({'time_ms': t, 'key': k, 'value': v, 'metadata': m})}\n"
        for t, k, v, m in [
            (start, "global_batch_size", gbs, {}),
            (start, "run_start", None, {}),
            (stop, "eval_accuracy", 0.92, {"samples_count": samples}),
            (stop, "run_stop", None, {"samples_count": samples, "status": status}),
        ]
    )


def test_mlperf_training_normalizes_by_the_rcp_where_no_scaling_json(tmp_path: Path) -> None:
    training = tool("import_mlperf_training")
    root = tmp_path / "tr"
    training_system(root, "A", "box8", "AMD Instinct MI355X 288GB HBM3e")
    folder = root / "A" / "results" / "box8" / "llama2_70b_lora"
    folder.mkdir(parents=True)
    # AMD's v6.0 MI355X runs: seven converge at 3,072 samples, three at 3,456
    for i, (minutes, samples) in enumerate([(8, 3072)] * 7 + [(9, 3456)] * 3):
        (folder / f"result_{i}.txt").write_text(lora_run(100 * i, minutes + i / 100, samples), encoding="utf-8")
    rcps = tmp_path / "rcps"
    rcps.mkdir()
    ref = [3072, 2688, 3456, 3072, 3072, 3072, 3456, 3456, 3072, 2688, 3456, 3072, 3072, 3072, 3840, 3456, 2688, 3072]
    records = {
        "ref_8": {"Benchmark": "llama2_70b_lora", "BS": 8, "samples to converge": [*ref, 3456, 3456]},
        "ref_16": {"Benchmark": "llama2_70b_lora", "BS": 16, "samples to converge": [4000] * 5},
    }
    (rcps / "rcps_llama2_70b_lora.json").write_text(json.dumps(records), encoding="utf-8")
    factor, why = training.rcp_factor(folder, "llama2_70b_lora", rcps)
    # the RCP's olympic mean 3178.67 (as GigaComputing's and Inventec's summaries imply: 1.0347 x 3072)
    # over the runs' olympic mean 3168
    assert (round(factor, 9), why) == (round(3178.6666666666665 / 3168, 9), "RCP normalization 3178.67 / 3168 samples")
    (found,), _ = training.collect(root, rcps)
    times = sorted(m + i / 100 for i, m in enumerate([8] * 7 + [9] * 3))
    assert found.minutes == pytest.approx(sum(times[1:-1]) / 8 * factor, abs=1e-4)  # logs count whole ms
    assert found.scaling_note == "the RCP normalization computed from rcps_llama2_70b_lora.json"
    (plain,), _ = training.collect(root)  # without --rcps: scaling.json only (none here)
    assert plain.scaling == 1.0
    (folder / "result_0.txt").write_text(lora_run(0, 8, 3072, gbs=16), encoding="utf-8")
    assert training.rcp_factor(folder, "llama2_70b_lora", rcps) == (
        None, "the runs' global_batch_size differs or is missing"
    )  # fmt: skip
    for i in range(10):
        (folder / f"result_{i}.txt").write_text(lora_run(100 * i, 8, 4224, gbs=16), encoding="utf-8")
    # batch size 16 has its own (kept) record: 4000 samples, slower than these runs' 4224: factor 1
    assert training.rcp_factor(folder, "llama2_70b_lora", rcps) == (1.0, "RCP normalization 4000 / 4224 samples")
    for i in range(10):
        (folder / f"result_{i}.txt").write_text(lora_run(100 * i, 8, 4224, gbs=32), encoding="utf-8")
    assert training.rcp_factor(folder, "llama2_70b_lora", rcps) == (
        None, "no RCP record of batch size 32 or above (the checker asks for one)"
    )  # fmt: skip
    assert training.collect(root, rcps) == ([], [])  # no score rather than an unscaled one
    records["ref_16_again"] = {"Benchmark": "llama2_70b_lora", "BS": 16, "samples to converge": [4100] * 5}
    (rcps / "rcps_llama2_70b_lora.json").write_text(json.dumps(records), encoding="utf-8")
    with pytest.raises(
        training.ImportError_,
        match=r"rcps_llama2_70b_lora\.json: RCP records repeat a batch size: pruning not reproduced$",
    ):
        training.rcp_factor(folder, "llama2_70b_lora", rcps)
    assert training.rcp_factor(folder, "bert", rcps) == (None, "bert convergence is not counted in samples")


# mlcommons/logging at 7bbf792, mlperf_logging/rcp_checker/training_6.0.0/rcps_llama31_8b.json
RCPS_LLAMA31_8B = {
    16: [159744] * 6 + [172032] + [159744] + [172032] + [159744] + [172032] + [159744] * 9,
    32: [
        196608,
        172032,
        184320,
        184320,
        172032,
        172032,
        184320,
        184320,
        184320,
        172032,
        172032,
        172032,
        184320,
        184320,
        184320,
        172032,
        172032,
        172032,
        184320,
        184320,
    ],
    64: [
        233472,
        208896,
        208896,
        233472,
        233472,
        233472,
        233472,
        233472,
        208896,
        233472,
        233472,
        233472,
        245760,
        221184,
        208896,
        233472,
        233472,
        221184,
        221184,
        221184,
    ],
    96: [
        297216,
        284832,
        272448,
        272448,
        272448,
        272448,
        297216,
        272448,
        297216,
        272448,
        297216,
        260064,
        272448,
        272448,
        272448,
        284832,
        260064,
        284832,
        284832,
        272448,
    ],
    128: [
        368640,
        344064,
        356352,
        344064,
        368640,
        368640,
        405504,
        344064,
        331776,
        307200,
        331776,
        380928,
        307200,
        344064,
        319488,
        356352,
        331776,
        319488,
        356352,
        331776,
    ],
}


def test_mlperf_training_rcp_reference_follows_the_checker() -> None:
    """The checker's pruning and lookup (rcp_checker ``_prune_rcps``, ``check_directory``),
    checked with v6.0's llama31_8b RCPs: olympic means over 18 of 20 runs, worked by hand."""
    training = tool("import_mlperf_training")
    records = {f"llama31_8b_ref_{bs}": {"BS": bs, "Epochs to converge": runs} for bs, runs in RCPS_LLAMA31_8B.items()}
    means = training.rcp_means(records, "Epochs to converge", "rcps_llama31_8b.json")
    # 16: (16 x 159744 + 2 x 172032) / 18; 32: 3219456 / 18; 64: 4079616 / 18; 96: 5015520 / 18; 128: 6205440 / 18
    expected = [(16, 2899968 / 18), (32, 3219456 / 18), (64, 4079616 / 18), (96, 278640.0), (128, 6205440 / 18)]
    assert means == [(bs, pytest.approx(m, rel=1e-15)) for bs, m in expected]
    # none is pruned: 32's 178858.67 < 182954.67 (16..64), 64's 226645.33 < 228749.33, 96's 278640 < 285696
    assert [bs for bs, _ in training.prune_rcps(means)] == [16, 32, 64, 96, 128]
    assert training.rcp_reference(means, 32) == (means[1][1], "RCP record for batch size 32")
    mean48, how48 = training.rcp_reference(means, 48)
    assert (mean48, how48) == (pytest.approx(202752.0), "RCP interpolated between batch sizes 32 and 64")
    assert training.rcp_reference(means, 8) == (means[0][1], "RCP of the smallest batch size 16")
    assert training.rcp_reference(means, 256) == (
        None, "no RCP record of batch size 256 or above (the checker asks for one)"
    )  # fmt: skip
    # pruning: below the fastest (4) goes; 16 (150 > 130, between 8 and 24) goes and 24 is then
    # compared with 8 and 32 (160 < 166.67): kept; 16 is then interpolated between 8 and 24
    means = [(4, 120.0), (8, 100.0), (16, 150.0), (24, 160.0), (32, 200.0)]
    assert training.prune_rcps(means) == [(8, 100.0), (24, 160.0), (32, 200.0)]
    assert training.rcp_reference(means, 16) == (130.0, "RCP interpolated between batch sizes 8 and 24")
    # the walk never steps back: 24 (200 > 165) goes, and 16 (140) is not compared again with
    # 8 and 32 (130), as a lower convex hull would; 16 keeps its own record
    means = [(8, 100.0), (16, 140.0), (24, 200.0), (32, 190.0)]
    assert training.prune_rcps(means) == [(8, 100.0), (16, 140.0), (32, 190.0)]
    assert training.rcp_reference(means, 16) == (140.0, "RCP record for batch size 16")
    with pytest.raises(training.ImportError_, match=r"^RCP records repeat a batch size: pruning not reproduced$"):
        training.prune_rcps([(8, 100.0), (8, 110.0), (16, 150.0)])
    with pytest.raises(training.ImportError_, match=r"^r\.json: a: expected BS and 'Epochs to converge'$"):
        training.rcp_means({"a": {"BS": 8}}, "Epochs to converge", "r.json")
    with pytest.raises(training.ImportError_, match=r"^r\.json: a: too few runs$"):
        training.rcp_means({"a": {"BS": 8, "Epochs to converge": [1, 2]}}, "Epochs to converge", "r.json")


def training_summary_row(**over: Any) -> dict[str, Any]:
    """A row of a Training v6.0 submitter's summary.json (GigaComputing's B300 PyTorch row, cut)."""
    base: dict[str, Any] = {
        "division": "closed", "availability": "Available on-premise", "submitter": "GigaComputing",
        "system": "G894-SD3-AAX7", "number_of_nodes": "1",
        "accelerator_model_name": "NVIDIA Blackwell GPU (B300-SXM-270GB)", "accelerators_count": 8,
        "framework": "PyTorch", "private_id": "",
        "llama2_70b_lora:time_to_train": 6.7708061777, "llama2_70b_lora:rcp_scaling_factor": 1.0347222222,
        "llama31_8b:time_to_train": 74.0812041667, "llama31_8b:rcp_scaling_factor": 1.0,
        "flux1:time_to_train": None, "flux1:rcp_scaling_factor": None,
        "details_url": "https://github.com/mlcommons/training_results_v6.0/blob/main/GigaComputing/systems/G894-SD3-AAX7_pytorch.json",
    }  # fmt: skip
    return {**base, **over}


def test_mlperf_training_reads_submitter_summaries_as_written(tmp_path: Path) -> None:
    training = tool("import_mlperf_training")
    root = tmp_path / "tr"
    (root / "GigaComputing").mkdir(parents=True)
    rows = [
        training_summary_row(),
        training_summary_row(availability="Preview", **{"llama2_70b_lora:time_to_train": 1.0}),  # left out
        training_summary_row(accelerator_model_name="Some Other GPU"),
    ]
    (root / "GigaComputing" / "summary.json").write_text(json.dumps(rows), encoding="utf-8")
    (root / "Inventec").mkdir()
    faster = training_summary_row(
        submitter="Inventec", system="P9000IG7", accelerator_model_name="NVIDIA B300 Blackwell Ultra GPU",
        details_url="https://github.com/mlcommons/training_results_v6.0/blob/main/Inventec/systems/P9000IG7_nemo.json",
        **{"llama2_70b_lora:time_to_train": 6.7587689091, "llama31_8b:time_to_train": 77.3280666667},
    )  # fmt: skip
    (root / "Inventec" / "summary.json").write_text(json.dumps([faster]), encoding="utf-8")
    found, skipped = training.collect_summaries(root)
    assert skipped == ["Some Other GPU"]
    kept = training.select(found)  # per benchmark the fastest of the two submitters
    assert [(r.chip, r.benchmark, r.chips, r.minutes, r.folder) for r in kept] == [
        ("nvidia-b300", "llama2_70b_lora", 8, 6.7587689091, "Inventec/results/P9000IG7_nemo/llama2_70b_lora"),
        ("nvidia-b300", "llama31_8b", 8, 74.0812041667, "GigaComputing/results/G894-SD3-AAX7_pytorch/llama31_8b"),
    ]
    text = training.render_summaries(kept, "6.0", "0" * 40, "2026-06", "someone/training_results_v6.0")
    assert "url: https://github.com/someone/training_results_v6.0/tree/" + "0" * 40 in text
    (tmp_path / "cat" / "measured").mkdir(parents=True)
    (tmp_path / "cat" / "measured" / "training.yaml").write_text(text, encoding="utf-8")
    sheet = chipspec.bundled_specs_dir() / "nvidia" / "nvidia-b300.yaml"
    (tmp_path / "cat" / "nvidia-b300.yaml").write_text(sheet.read_text(encoding="utf-8"), encoding="utf-8")
    lora, llama8 = chipspec.load_catalog(tmp_path / "cat", bundled=False).get("nvidia-b300").measured
    assert (lora.written, lora.date, lora.stack) == ("6.759 minutes", "2026-06", "PyTorch")
    assert lora.method.endswith("Unverified: read from the submitter's summary.json")
    assert lora.note == (
        "Unverified: the time_to_train of Inventec's summary.json (its rcp_scaling_factor: 1.03472), not checked "
        "against MLCommons' published table. Inventec, P9000IG7 (on-premise); the system's time, not per chip; "
        "date: the round's publication (2026-06). Result not verified by MLCommons Association."
    )
    assert llama8.note and "rcp_scaling_factor" not in llama8.note  # a factor of 1 is not mentioned


def test_mlperf_training_summaries_refuse_a_bad_row(tmp_path: Path) -> None:
    training = tool("import_mlperf_training")
    (tmp_path / "A").mkdir()
    summary = tmp_path / "A" / "summary.json"
    for row, message in [
        ({"division": "closed"}, "row 0: missing availability, accelerator_model_name, accelerators_count, details_url"),
        (training_summary_row(accelerators_count="8"), "row 0: accelerators_count: expected a whole number >= 1, got '8'"),
        (training_summary_row(**{"llama31_8b:time_to_train": "74"}),
         "row 0: llama31_8b:time_to_train: expected a positive number of minutes, got '74'"),
    ]:  # fmt: skip
        summary.write_text(json.dumps([row]), encoding="utf-8")
        with pytest.raises(training.ImportError_) as err:
            training.collect_summaries(tmp_path)
        assert str(err.value) == f"{summary}: {message}"
    summary.write_text("{}", encoding="utf-8")
    with pytest.raises(training.ImportError_, match=r"summary\.json: expected a JSON list of rows$"):
        training.collect_summaries(tmp_path)


def summary_row(**over: Any) -> dict[str, Any]:
    """A row of MLPerf Inference v6.1's summary.json (the layout of row "6" of the published file)."""
    base: dict[str, Any] = {
        "Organization": "AMD", "Availability": "available", "Division": "closed", "SystemType": "datacenter",
        "SystemName": "smci355-ccs-aus-m13-13 (AS -4126GS-NMR-LCC)", "Platform": "8xMI355X_2xEPYC_9575F",
        "Model": "gpt-oss-120b", "MlperfModel": "gpt-oss-120b", "Scenario": "Offline", "Result": 121818.0,
        "number_of_nodes": 1, "accelerator_model_name": "AMD Instinct MI355X 288GB HBM3e",
        "accelerators_per_node": 8, "total_accelerators": 8,
        "Location": "./closed/AMD/results/8xMI355X_2xEPYC_9575F/gpt-oss-120b/Offline/performance/run_1",
        "framework": "PyTorch 2.10.0+git8514f05, ROCm 7.2.2", "inferred": 0, "Units": "Tokens/s",
        "weight_data_types": "fp4", "PrivateID": None,
    }  # fmt: skip
    return {**base, **over}


def test_mlperf_reads_the_v6_summary_layout_citing_the_results_folder(tmp_path: Path) -> None:
    mlperf = tool("import_mlperf")
    data = {
        "0": summary_row(),
        "1": summary_row(Scenario="SingleStream", Units="Latency (s)", Result=20.6),  # latency: left out
        "2": summary_row(Scenario="Interactive", inferred=1, Result=73191.5),  # inferred: left out
    }
    rows = mlperf.from_summary(data)
    assert [(r["ID"], r["Scenario"]) for r in rows] == [
        ("closed/AMD/results/8xMI355X_2xEPYC_9575F/gpt-oss-120b/Offline/performance/run_1", "Offline")
    ]
    kept, skipped = mlperf.select(rows)
    assert skipped == []
    text = mlperf.render(kept, "6.1", "0" * 40, "2026-09", "summary.json")
    assert "summary.json gives no result id: `result` is the result's folder" in text
    (tmp_path / "measured").mkdir()
    (tmp_path / "measured" / "mlperf.yaml").write_text(text, encoding="utf-8")
    sheet = chipspec.bundled_specs_dir() / "amd" / "amd-mi355x.yaml"
    (tmp_path / "amd-mi355x.yaml").write_text(sheet.read_text(encoding="utf-8"), encoding="utf-8")
    (m,) = chipspec.load_catalog(tmp_path, bundled=False).get("amd-mi355x").measured
    assert (m.kind, m.model, m.chips, m.value, m.weights) == ("serving", "gpt-oss-120b", 8, 121818.0, "fp4")
    assert m.source.url == f"https://github.com/mlcommons/inference_results_v6.1/blob/{'0' * 40}/summary.json"
    with pytest.raises(mlperf.ImportError_, match=r"^row 0: missing Units$"):
        mlperf.from_summary({"0": {k: v for k, v in summary_row().items() if k != "Units"}})


def test_mlperf_v6_summary_lowercase_latency_scenarios_and_dell_b300_spelling() -> None:
    mlperf = tool("import_mlperf")
    data = {
        "0": summary_row(Scenario="singlestream", Units="Latency (ms)", Result=1.48),  # v6.1 edge rows: lower case
        "1": summary_row(Scenario="multistream", Units="Latency (ms)", Result=5.03),
        "2": summary_row(accelerator_model_name="Nvidia B300-SXM-270GB", Organization="Dell"),
    }
    rows = mlperf.from_summary(data)
    assert [r["Scenario"] for r in rows] == ["Offline"]
    kept, skipped = mlperf.select(rows)
    assert (mlperf.CHIPS[kept[0]["Accelerator"]], skipped) == ("nvidia-b300", [])
