"""The importers in tools/: they read their source's layout exactly, refuse a changed one,
and write measurement files the loader accepts."""

from __future__ import annotations

import importlib.util
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
