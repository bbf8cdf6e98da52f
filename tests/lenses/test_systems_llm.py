"""The LLM lens inside a system: TP/EP placed in the scale-up domain, communication by the
system's fabric at the system's scale-up bandwidth, checked against hand arithmetic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chipspec import load_catalog
from chipspec.errors import UsageError
from chipspec.lenses.llm import Settings
from chipspec.lenses.llm.on_system import llm_system

CHIP = """name: Box GPU
vendor: NVIDIA
memory: {capacity: {value: 80 GB, source: a}, bandwidth: {value: 3.35 TB/s, source: a}}
compute: {bf16: {value: 1000 TFLOPS, source: a}}
interconnect: {bandwidth: {value: 400 GB/s, source: a}}
power: {tdp: {value: 700 W, source: a}}
sources:
  a: {title: A, url: "https://example.com/a"}
"""

SYSTEM = """kind: system
name: {name}
vendor: NVIDIA
chip: box-gpu
chips: 8
domain:
  size: 8
  kind: {kind}
  bandwidth: {{value: 900 GB/s, direction: both, source: a}}
power:
  total: {{value: 10 kW, source: a}}
sources:
  a: {{title: A, url: "https://example.com/a"}}
"""


@pytest.fixture()
def systems(tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "box-gpu.yaml").write_text(CHIP)
    (tmp_path / "switch-box.yaml").write_text(SYSTEM.format(name="Switch Box", kind="switched"))
    (tmp_path / "mesh-box.yaml").write_text(SYSTEM.format(name="Mesh Box", kind="mesh"))
    return load_catalog(tmp_path, bundled=False).systems


# Llama 3.1 70B: hidden 8192, 80 layers; batch 1 decode: one token, 2-byte activations.
# Two all-reduces per layer of 8192 x 2 = 16384 bytes over N = 8 chips at the SYSTEM's
# 900 GB/s both ways = 450e9 bytes/s one way (the chip sheet's 400 GB/s is not used), 2 us
# per synchronization.
MESSAGE, N, ONE_WAY, LATENCY, LAYERS = 16384, 8, 450e9, 2e-6, 80
BAND = 2 * (N - 1) / N * MESSAGE / ONE_WAY  # reduce-scatter + all-gather bandwidth term
TWO_SHOT = BAND + 2 * LATENCY
ONE_SHOT = (N - 1) * MESSAGE / ONE_WAY + LATENCY  # switched only: every chip reads all others at once


def comm_ms(systems, name: str) -> float:  # type: ignore[no-untyped-def]
    placed = llm_system("llama-3.1-70b", systems[name], [1], Settings(group_size=8), context=4096)
    return float(placed.servings[0].column("communication_time").values[0])


def test_a_switched_system_charges_one_shot_all_reduces_at_its_bandwidth(systems) -> None:  # type: ignore[no-untyped-def]
    expected = LAYERS * 2 * min(TWO_SHOT, ONE_SHOT) * 1e3  # 0.36078 ms
    assert comm_ms(systems, "switch-box") == pytest.approx(expected, rel=1e-12)
    assert expected == pytest.approx(0.3607779, rel=1e-6)


def test_a_mesh_system_charges_two_step_all_reduces(systems) -> None:  # type: ignore[no-untyped-def]
    expected = LAYERS * 2 * TWO_SHOT * 1e3  # 0.65019 ms
    assert comm_ms(systems, "mesh-box") == pytest.approx(expected, rel=1e-12)
    assert expected == pytest.approx(0.6501945, rel=1e-6)


def test_the_group_must_fit_the_domain_and_the_settings_the_system(systems) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match="a group of 16 chips is larger than one scale-up domain of 8"):
        llm_system("llama-3.1-70b", systems["mesh-box"], [1], Settings(group_size=16), context=4096)
    with pytest.raises(UsageError, match="the fabric torus contradicts mesh-box's mesh fabric; leave it out"):
        llm_system("llama-3.1-70b", systems["mesh-box"], [1], Settings(group_size=8, fabric="torus"), context=4096)


def test_what_a_system_adds(systems) -> None:  # type: ignore[no-untyped-def]
    placed = llm_system(
        "llama-3.1-70b", systems["switch-box"], [1], Settings(group_size=8, weights="fp8"), context=4096
    )
    assert placed.groups_per_domain == 1
    assert placed.largest_model() == 640.0  # 8 x 80 GB at one byte per parameter
    rate = float(placed.servings[0].column("tokens_per_second_per_chip").values[0])
    assert placed.tokens_per_kw() == pytest.approx(rate * 8 / 10)
    assert placed.lines()[0] == (
        "Switch Box: a tensor-parallel group of 8 chips inside one scale-up domain of 8 (switched fabric, "
        "900 GB/s per chip from switch-box); 1 group(s) per domain"
    )


def test_the_cli_serves_on_a_bundled_system(capsys: pytest.CaptureFixture[str]) -> None:
    from chipspec.cli import main

    args = ["llm", "deepseek-v3", "--system", "CloudMatrix 384", "--chips", "384", "--kv-layout", "dp"]
    assert main([*args, "--weights", "fp8", "--batch", "64", "--width", "200"]) == 0
    out = capsys.readouterr().out
    assert "CloudMatrix 384: an expert-parallel (attention data-parallel) group of 384 chips" in out
    assert "tokens/s per kW of CloudMatrix 384's published power" in out
    assert main([*args, "--chips", "512"]) == 2
    capsys.readouterr()
    assert main([*args, "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["system"] == "huawei-cloudmatrix-384" and row["groups_per_domain"] == 1
    assert row["largest_model_billion_parameters"] == 384 * 128 / 2  # BF16 weights: 2 bytes a parameter
