"""Metrics: values worked out by hand from the seed sheets, the registry, and user formulas."""

from __future__ import annotations

import pytest

import chipspec
from chipspec.compare import compare
from chipspec.metrics import METRICS, PCIE_LANE_GBPS, FormulaError, metric, register
from tests.strategies import make_chip

SEED = ["thead-ppu", "nvidia-a800", "nvidia-h20", "huawei-ascend-910b", "biren-br104p"]

# Worked out by hand from the sheets:
#   H20:   memory 96 GB, 4.0 TB/s; bf16 148 TFLOPS; NVLink 900 GB/s; 400 W; PCIe 5.0 x16
#   A800:  memory 80 GB, 2039 GB/s; bf16 312 TFLOPS; NVLink 400 GB/s; 400 W; PCIe 4.0 x16
#   BR104P: memory 32 GB, 819 GB/s; bf16 512 TFLOPS; 256 GB/s; 300 W; PCIe 5.0 x16
GEN5_X16 = 16 * 32e9 * 128 / 130 / 8 / 1e9  # 63.015... GB/s per direction
GEN4_X16 = 16 * 16e9 * 128 / 130 / 8 / 1e9  # 31.507... GB/s
EXPECTED = {
    "nvidia-h20": {
        "bandwidth_per_watt": 4000 / 400,  # GB/s / W = 10
        "memory_per_tflops": 96 / 148,  # GB / TFLOPS
        "tflops_per_watt": 148 / 400,  # 0.37
        "ridge_point": 148e12 / 4.0e12,  # FLOP/s / (B/s) = 37 FLOP/B
        "bytes_per_flop": 4.0e12 / 148e12,  # B/FLOP
        "interconnect_per_watt": 900 / 400,  # GB/s / W
        "interconnect_per_tflops": 900 / 148,  # GB/s / TFLOPS
        "pcie_bandwidth": GEN5_X16,
        "memory_per_watt": 96 / 400,  # GB / W
    },
    "nvidia-a800": {
        "bandwidth_per_watt": 2039 / 400,
        "memory_per_tflops": 80 / 312,
        "tflops_per_watt": 312 / 400,
        "ridge_point": 312e12 / 2039e9,  # 153.0 FLOP/B
        "bytes_per_flop": 2039e9 / 312e12,
        "interconnect_per_watt": 400 / 400,
        "interconnect_per_tflops": 400 / 312,
        "pcie_bandwidth": GEN4_X16,
        "memory_per_watt": 80 / 400,
    },
    "biren-br104p": {
        "bandwidth_per_watt": 819 / 300,
        "memory_per_tflops": 32 / 512,
        "tflops_per_watt": 512 / 300,
        "ridge_point": 512e12 / 819e9,
        "bytes_per_flop": 819e9 / 512e12,
        "interconnect_per_watt": 256 / 300,
        "interconnect_per_tflops": 256 / 512,
        "pcie_bandwidth": GEN5_X16,
        "memory_per_watt": 32 / 300,
    },
}
UNITS = {
    "bandwidth_per_watt": "GB/s/W",
    "memory_per_tflops": "GB/TFLOPS",
    "tflops_per_watt": "TFLOPS/W",
    "ridge_point": "FLOP/B",
    "bytes_per_flop": "B/FLOP",
    "interconnect_per_watt": "GB/s/W",
    "interconnect_per_tflops": "GB/s/TFLOPS",
    "pcie_bandwidth": "GB/s",
    "memory_per_watt": "GB/W",
}


@pytest.fixture(scope="module")
def seed() -> chipspec.compare.Comparison:
    return compare(SEED, list(UNITS))


@pytest.mark.parametrize("chip_id", sorted(EXPECTED))
@pytest.mark.parametrize("name", sorted(UNITS))
def test_metric_values_by_hand(seed: chipspec.compare.Comparison, chip_id: str, name: str) -> None:
    i = [c.id for c in seed.chips].index(chip_id)
    column = seed.column(name)
    assert column.unit == UNITS[name] == METRICS[name].unit
    assert column.values[i] == pytest.approx(EXPECTED[chip_id][name], rel=1e-12)


def test_quantity_column_carries_units(seed: chipspec.compare.Comparison) -> None:
    ridge = seed.quantity("ridge_point")
    assert ridge.units == chipspec.ureg.Unit("FLOP/B")
    assert ridge[[c.id for c in seed.chips].index("nvidia-h20")].to("FLOP/B").magnitude == pytest.approx(37)


def test_not_computable_names_missing_fields(seed: chipspec.compare.Comparison) -> None:
    records = {r["id"]: r for r in seed.to_records()}
    assert records["thead-ppu"]["memory_per_tflops"] == {
        "value": None,
        "unit": "GB/TFLOPS",
        "missing": ["compute.bf16"],
        "precision": None,
    }
    assert records["huawei-ascend-910b"]["bandwidth_per_watt"]["missing"] == ["memory.bandwidth"]
    assert records["huawei-ascend-910b"]["bandwidth_per_watt"]["value"] is None


def test_precision_is_chosen_per_comparison() -> None:
    c = compare(["huawei-ascend-910b", "nvidia-h20"], ["tflops_per_watt"], precision="fp16")
    assert c.column("tflops_per_watt").values.tolist() == pytest.approx([280 / 350, 148 / 400])


def test_fallback_is_explicit_and_reported() -> None:
    plain = compare(["huawei-ascend-910b"], ["compute"])
    assert plain.to_records()[0]["compute.bf16"]["value"] is None
    fell = compare(["huawei-ascend-910b", "nvidia-h20"], ["compute"], fallback=True)
    assert fell.precision_used == ("fp16", "bf16")
    assert fell.fell_back == (True, False)
    assert fell.to_records()[0]["compute.bf16"] == {"value": 280.0, "unit": "TFLOPS", "precision": "fp16"}


def test_fallback_order_never_narrower() -> None:
    from chipspec.compare import fallback_order

    assert fallback_order("bf16") == ("fp16", "fp32", "tf32", "fp64")
    assert fallback_order("int8") == ("fp8", "bf16", "fp16", "fp32", "tf32", "fp64")


def test_fields_are_columns_too(seed: chipspec.compare.Comparison) -> None:
    c = compare(SEED, ["memory.type", "host.pcie", "power.tdp"])
    records = {r["id"]: r for r in c.to_records()}
    assert records["nvidia-h20"]["memory.type"] == {"value": "HBM3", "unit": ""}
    assert records["nvidia-h20"]["host.pcie"] == {"value": "5.0 x16", "unit": ""}
    assert records["nvidia-h20"]["power.tdp"] == {"value": 400.0, "unit": "W"}
    assert c.rank("power.tdp").rows[0].chip.id == "biren-br104p"  # lowest power first


def test_pcie_rates_per_generation() -> None:
    assert PCIE_LANE_GBPS[3] == pytest.approx(0.9846, rel=1e-3)
    assert PCIE_LANE_GBPS[6] * 16 == pytest.approx(121.0, rel=1e-3)
    chips = [make_chip(f"g{g}", host__pcie=chipspec.spec.Pcie(g, 16)) for g in range(1, 8)]
    values = compare(chips, ["pcie_bandwidth"]).column("pcie_bandwidth").values
    assert values.tolist() == pytest.approx([16 * PCIE_LANE_GBPS[g] for g in range(1, 8)])


def test_user_formula_metric_end_to_end() -> None:
    try:
        m = register("hbm_gb_per_kw", "memory.capacity / power.tdp * 1000", unit="GB/kW", description="test metric")
        assert m.needs == ("memory.capacity", "power.tdp")
        c = compare(["nvidia-h20", "thead-ppu"], ["hbm_gb_per_kw"])
        assert c.column("hbm_gb_per_kw").values.tolist() == pytest.approx([96 / 400 * 1000 * 1000, 96 / 400 * 1e6])
        assert c.rank("hbm_gb_per_kw").rows[0].rank == 1
    finally:
        METRICS.pop("hbm_gb_per_kw", None)


def test_user_function_metric_via_decorator() -> None:
    try:

        @metric("memory_per_die", unit="GB", needs=["memory.capacity", "dies"])
        def memory_per_die(capacity, dies):  # type: ignore[no-untyped-def]
            return capacity / dies

        c = compare(["nvidia-h20"], ["memory_per_die"])
        assert c.column("memory_per_die").values[0] == pytest.approx(96.0)
    finally:
        METRICS.pop("memory_per_die", None)


def test_formula_metrics_can_use_metrics() -> None:
    try:
        register("double_ridge", "2 * ridge_point", unit="FLOP/B", direction="lower")
        c = compare(["nvidia-h20"], ["double_ridge"])
        assert c.column("double_ridge").values[0] == pytest.approx(74)
    finally:
        METRICS.pop("double_ridge", None)


@pytest.mark.parametrize(
    ("formula", "error", "message"),
    [
        ("__import__('os').system('x')", FormulaError, "only numbers, field paths, metric names"),
        ("memory.capacity ** 2", FormulaError, "only numbers, field paths, metric names"),
        ("memory.capacty / power.tdp", chipspec.UnknownNameError, "did you mean 'memory.capacity'?"),
        ("memory.capacity +", FormulaError, "not a formula"),
        ("memory.capacity + power.tdp", FormulaError, "Cannot convert"),
        ("memory.capacity / power.tdp", FormulaError, "Cannot convert"),
    ],
)
def test_bad_formulas(formula: str, error: type, message: str) -> None:
    with pytest.raises(error) as info:
        register("bad_metric", formula, unit="GB/s")
    assert message in str(info.value)
    assert "bad_metric" not in METRICS


def test_names_are_unique() -> None:
    with pytest.raises(FormulaError, match="taken"):
        register("ridge_point", "compute / memory.bandwidth")
    with pytest.raises(FormulaError, match="identifiers"):
        register("power.tdp", "power.tdp")
    with pytest.raises(FormulaError, match="taken"):
        register("compute", "power.tdp")


def test_every_metric_is_documented() -> None:
    for m in METRICS.values():
        assert m.description and isinstance(m.unit, str) and m.direction in ("higher", "lower"), m.name
        assert m.unit or m.name == "tpp", m.name  # only TPP is a plain number


def test_to_dataframe_without_pandas_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(chipspec.ChipspecError, match=r"pip install 'chipspec\[pandas\]'"):
        compare(["nvidia-h20"], ["ridge_point"]).to_dataframe()


def test_to_dataframe_with_pandas() -> None:
    pd = pytest.importorskip("pandas")
    frame = compare(["nvidia-h20", "thead-ppu"], ["ridge_point", "memory.type"]).to_dataframe()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.index) == ["nvidia-h20", "thead-ppu"]
    assert frame.loc["nvidia-h20", "ridge_point (FLOP/B)"] == pytest.approx(37)
