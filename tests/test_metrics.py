"""Metrics: values worked out by hand on the fake chips, the registry, and user formulas."""

from __future__ import annotations

from pathlib import Path

import pytest

import chipspec
from chipspec.comparison import Comparison, compare
from chipspec.errors import UsageError
from chipspec.format import Pcie
from chipspec.metrics import METRICS, PCIE_LANE_GBPS, FormulaError, metric, register
from tests.strategies import make_chip

# The fake chips (tests/data/chips), by hand:
#   fake-alpha: 80 GB, 2 TB/s, bf16 400 TFLOPS, link 400 GB/s, 500 W, PCIe 5.0 x16, 800 mm^2
#   fake-beta:  64 GiB (68.719476736 GB), 8000 Gb/s (1000 GB/s), bf16 0.2 PFLOPS, 0.35 kW, PCIe 4 x16
GEN5_X16 = 16 * 32e9 * 128 / 130 / 8 / 1e9  # 63.015... GB/s per direction
GEN4_X16 = 16 * 16e9 * 128 / 130 / 8 / 1e9  # 31.507... GB/s
BETA_GB = 64 * 2**30 / 1e9
EXPECTED = {
    "fake-alpha": {
        "bandwidth_per_watt": 2000 / 500,  # GB/s / W
        "memory_per_tflops": 80 / 400,  # GB / TFLOPS
        "tflops_per_watt": 400 / 500,
        "ridge_point": 400e12 / 2e12,  # FLOP/s / (B/s) = 200 FLOP/B
        "bytes_per_flop": 2e12 / 400e12,
        "interconnect_per_watt": 400 / 500,
        "interconnect_per_tflops": 400 / 400,
        "pcie_bandwidth": GEN5_X16,
        "memory_per_watt": 80 / 500,
        "tpp": 800 * 8,  # fp8 800 TFLOPS x 8 bits beats bf16 400 x 16 (a tie) and int8 800 x 8
        "performance_density": 6400 / 800,
    },
    "fake-beta": {
        "bandwidth_per_watt": 1000 / 350,
        "memory_per_tflops": BETA_GB / 200,
        "tflops_per_watt": 200 / 350,
        "ridge_point": 200e12 / 1e12,
        "bytes_per_flop": 1e12 / 200e12,
        "pcie_bandwidth": GEN4_X16,
        "memory_per_watt": BETA_GB / 350,
        "tpp": 200 * 16,  # bf16 200 x 16 = 3200 = int8 400 x 8
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
    "tpp": "",
    "performance_density": "1/mm^2",
}


@pytest.fixture(scope="module")
def fake(fakes: chipspec.Catalog) -> Comparison:
    return compare(fakes, list(UNITS), precision="bf16")


@pytest.mark.parametrize("chip_id", sorted(EXPECTED))
@pytest.mark.parametrize("name", sorted(UNITS))
def test_metric_values_by_hand(fake: Comparison, chip_id: str, name: str) -> None:
    i = [c.id for c in fake.chips].index(chip_id)
    column = fake.column(name)
    assert column.unit == UNITS[name] == METRICS[name].unit
    if name in EXPECTED[chip_id]:
        assert column.values[i] == pytest.approx(EXPECTED[chip_id][name], rel=1e-12)
    else:
        assert column.missing[i]  # not computable, and says why


def test_quantity_column_carries_units(fake: Comparison) -> None:
    ridge = fake.quantity("ridge_point")
    assert ridge.units == chipspec.ureg.Unit("FLOP/B")
    assert ridge[0].to("FLOP/B").magnitude == pytest.approx(200)


def test_not_computable_names_missing_fields(fake: Comparison) -> None:
    records = {r["id"]: r for r in fake.to_records()}
    assert records["fake-beta"]["interconnect_per_watt"] == {
        "value": None,
        "unit": "GB/s/W",
        "flags": [],
        "missing": ["interconnect.bandwidth"],
    }


def test_integer_precisions_are_in_tops(fakes: chipspec.Catalog) -> None:
    c = compare(fakes, ["compute", "tflops_per_watt"], precision="int8")
    assert c.column("compute").unit == "TOPS"
    assert c.column("tflops_per_watt").unit == "TOPS/W"
    assert c.column("compute").values[0] == 800


def test_precision_names_are_forgiving_or_suggest(fakes: chipspec.Catalog) -> None:
    assert compare(fakes, ["compute"], precision="FP16").precision == "fp16"
    with pytest.raises(chipspec.UnknownNameError) as info:
        compare(fakes, ["compute"], precision="fp17")
    assert "did you mean 'fp16'" in str(info.value)


def test_pcie_rates_per_generation() -> None:
    assert PCIE_LANE_GBPS[3] == pytest.approx(0.9846, rel=1e-3)
    assert PCIE_LANE_GBPS[6] * 16 == pytest.approx(121.0, rel=1e-3)
    chips = [make_chip(f"g{g}", host__pcie=Pcie(g, 16)) for g in range(1, 8)]
    values = compare(chips, ["pcie_bandwidth"]).column("pcie_bandwidth").values
    assert values.tolist() == pytest.approx([16 * PCIE_LANE_GBPS[g] for g in range(1, 8)])


def test_user_formula_metric_end_to_end(fakes: chipspec.Catalog) -> None:
    try:
        m = register("hbm_gb_per_kw", "memory.capacity / power.tdp * 1000", unit="GB/kW", description="test metric")
        assert m.needs == ("memory.capacity", "power.tdp")
        c = compare(fakes, ["hbm_gb_per_kw"])
        assert c.column("hbm_gb_per_kw").values[0] == pytest.approx(80 / 500 * 1000 * 1000)
        assert c.rank("hbm_gb_per_kw").rows[0].rank == 1
    finally:
        METRICS.pop("hbm_gb_per_kw", None)


def test_user_function_metric_gets_pint_columns(fakes: chipspec.Catalog) -> None:
    try:

        @metric("memory_per_die", unit="GB", needs=["memory.capacity", "dies"])
        def memory_per_die(capacity, dies):  # type: ignore[no-untyped-def]
            assert hasattr(capacity, "units")
            return capacity / dies

        alpha = make_chip("a", memory__capacity="80 GB", dies=2)
        c = compare([alpha], ["memory_per_die"])
        assert c.column("memory_per_die").values[0] == pytest.approx(40.0)
    finally:
        METRICS.pop("memory_per_die", None)


def test_formula_metrics_can_use_metrics(fakes: chipspec.Catalog) -> None:
    try:
        register("double_ridge", "2 * ridge_point", unit="FLOP/B", direction="lower")
        c = compare(fakes, ["double_ridge"], precision="bf16")
        assert c.column("double_ridge").values[0] == pytest.approx(400)
        assert c.column("double_ridge").direction == "lower"
    finally:
        METRICS.pop("double_ridge", None)


@pytest.mark.parametrize(
    ("formula", "unit", "error", "message"),
    [
        ("__import__('os').system('x')", "GB", FormulaError, "only numbers, field paths, metric names"),
        ("memory.capacity ** 2", "GB", FormulaError, "only numbers, field paths, metric names"),
        ("memory.capacty / power.tdp", "GB/W", chipspec.UnknownNameError, "did you mean 'memory.capacity'?"),
        ("memory.capacity +", "GB", FormulaError, "not a formula"),
        ("memory.capacity + power.tdp", "GB", FormulaError, "cannot add or subtract B and W"),
        (
            "memory.capacity / power.tdp",
            "GB/s",
            FormulaError,
            "the formula gives B/W, which does not convert to 'GB/s'",
        ),
        ("memory.capacity / 0", "GB", FormulaError, "division by zero"),
        ("memory.capacity * " + "9" * 350, "GB", FormulaError, "constants must be finite numbers"),
        ("memory.capacity * 1e-300", "GB", FormulaError, "constants must be finite numbers"),
        ("power.tdp", "W**9**9**9", FormulaError, "unit power 9 in 'W**9**9**9' is outside -4 to 4"),
        ("power.tdp", "W^99", FormulaError, "unit power 99"),
        ("memory.capacity", "", FormulaError, "does not convert to ''"),
    ],
)
def test_bad_formulas_are_refused_at_registration(formula: str, unit: str, error: type, message: str) -> None:
    with pytest.raises(error) as info:
        register("bad_metric", formula, unit=unit)
    assert message in str(info.value)
    assert "bad_metric" not in METRICS


def test_self_reference_and_cycles_are_refused() -> None:
    try:
        register("step_a", "memory.capacity * 2", unit="GB")
        with pytest.raises(FormulaError, match=r"refers to itself \(step_a -> step_a\)"):
            register("step_a", "step_a * 2", unit="GB", replace=True)
        register("step_b", "step_a * 2", unit="GB")
        with pytest.raises(FormulaError, match=r"refers to itself \(step_a -> step_b -> step_a\)"):
            register("step_a", "step_b / 2", unit="GB", replace=True)
        # every later comparison still works
        assert compare([make_chip("x", memory__capacity="1 GB")], ["step_b"]).column("step_b").values[0] == 4
    finally:
        METRICS.pop("step_a", None)
        METRICS.pop("step_b", None)


def test_a_formula_without_a_finite_result_says_why() -> None:
    try:
        register("zero_div", "memory.capacity / (power.tdp - power.tdp)", unit="GB/W")
        c = compare([make_chip("x", memory__capacity="80 GB", power__tdp="400 W")], ["zero_div"])
        assert c.column("zero_div").missing[0] == ("(zero_div gives no finite value: division by zero?)",)
    finally:
        METRICS.pop("zero_div", None)


def test_names_are_unique() -> None:
    with pytest.raises(FormulaError, match="taken"):
        register("ridge_point", "compute / memory.bandwidth", unit="FLOP/B")
    with pytest.raises(FormulaError, match="identifiers"):
        register("power.tdp", "power.tdp", unit="W")
    with pytest.raises(FormulaError, match="taken"):
        register("compute", "power.tdp", unit="W")


def test_every_metric_is_documented() -> None:
    for m in METRICS.values():
        assert m.description and isinstance(m.unit, str) and m.direction in ("higher", "lower", None), m.name
        assert m.unit or m.name == "tpp", m.name  # only TPP is a plain number
        assert (m.direction is None) == ("a property" in m.description), m.name  # says why it has none


# Merits have a better end; properties describe a chip's balance (docs/metrics.md).
PROPERTIES = {"memory_per_tflops", "ridge_point", "bytes_per_flop", "interconnect_per_tflops", "performance_density"}


def test_properties_have_no_direction_and_merits_have_one() -> None:
    assert {m.name for m in METRICS.values() if m.direction is None} == PROPERTIES
    docs = (Path(__file__).parents[1] / "docs" / "metrics.md").read_text(encoding="utf-8")
    for name in METRICS:
        assert f"`{name}`" in docs, name


def test_ranking_a_property_needs_a_stated_direction(fakes: chipspec.Catalog) -> None:
    c = compare(fakes, [], precision="bf16")
    with pytest.raises(UsageError) as info:
        c.score({"bandwidth_per_watt": 2, "ridge_point": 1})
    assert str(info.value) == (
        "cannot score 'ridge_point': it has no better direction (a property: more is neither better nor worse); "
        "say which way you want it: 'ridge_point:lower' or 'ridge_point:higher', or a negative weight "
        "(ridge_point=-1 for lower)"
    )
    lower = c.score({"bandwidth_per_watt": 2, "ridge_point": -1})
    assert lower.directions == {"bandwidth_per_watt": "higher", "ridge_point": "lower"}
    assert lower.weights == {"bandwidth_per_watt": 2, "ridge_point": 1}
    same = c.score({"bandwidth_per_watt": 2, "ridge_point:lower": 1})
    assert [(r.chip.id, r.score) for r in same] == [(r.chip.id, r.score) for r in lower]
    higher = c.rank("ridge_point:higher")
    assert higher.direction == "higher" and higher.column == "ridge_point"
    assert [r.chip.id for r in c.rank("ridge_point:lower")] != [r.chip.id for r in higher] or len(c) < 2
    with pytest.raises(UsageError, match="a negative weight means lower is better; it contradicts ':higher'"):
        c.score({"ridge_point:higher": -1})
    with pytest.raises(UsageError, match=r"state a direction as ':higher' or ':lower', got 'up'"):
        c.rank("ridge_point:up")
    assert c.ordered("ridge_point").direction == "higher"  # sorting shows a property, highest first


def test_to_dataframe_without_pandas_says_how_to_get_it(fake: Comparison, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(chipspec.ChipspecError, match=r"pip install 'chipspec\[pandas\]'"):
        fake.to_dataframe()


def test_to_dataframe_with_pandas(fakes: chipspec.Catalog) -> None:
    import pandas as pd  # a test dependency: this path runs in CI

    frame = compare(fakes, ["ridge_point", "memory.type"], precision="bf16").to_dataframe()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.index) == ["fake-alpha", "fake-alpha-lite", "fake-beta", "fake-gamma"]
    assert frame.loc["fake-alpha", "ridge_point"] == pytest.approx(200)
    assert frame.attrs["units"] == {"ridge_point": "FLOP/B", "memory.type": ""}
    frame.iloc[0, 2] = 0.0  # the frame is the user's: the comparison is untouched
    assert compare(fakes, ["ridge_point"], precision="bf16").column("ridge_point").values[0] == 200
