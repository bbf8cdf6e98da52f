"""The engine: flags carried into derived metrics, 16-bit and fallback precisions, scores
that no weight can break, and usage errors for what cannot be ranked."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import chipspec
from chipspec import UnknownNameError, UsageError
from chipspec.comparison import check_column, compare, fallback_order
from chipspec.i18n import hint
from tests.strategies import make_chip


def test_derived_metrics_carry_the_flags_of_their_inputs(fakes: chipspec.Catalog) -> None:
    c = compare(fakes, ["power.tdp", "bandwidth_per_watt", "memory_per_tflops", "interconnect_per_watt"], "bf16")
    i = c.index(fakes.get("fake-alpha"))
    assert c.column("power.tdp").flags[i] == {"disputed"}  # 500 W, also published 550 W
    assert c.column("bandwidth_per_watt").flags[i] == {"disputed"}  # rests on the power
    assert c.column("memory_per_tflops").flags[i] == frozenset()  # does not
    g = c.index(fakes.get("fake-gamma"))
    assert c.column("memory_per_tflops").flags[g] == {"estimated", "unstated"}  # 48 GB estimated, bf16 unstated
    assert c.column("interconnect_per_watt").flags[g] == {"unstated"}  # link direction unstated


def test_sixteen_bit_is_bf16_else_fp16() -> None:
    chips = [
        make_chip("both", compute__bf16="100 TFLOPS", compute__fp16="90 TFLOPS"),
        make_chip("fp16-only", compute__fp16="280 TFLOPS"),
        make_chip("none", compute__fp32="50 TFLOPS"),
    ]
    c = compare(chips, ["compute"])
    assert c.precision == "16bit"
    assert c.precision_used == ("bf16", "fp16", None)
    assert c.fell_back == (False, False, False)  # fp16 is what 16bit means, not a fallback
    assert c.column("compute").values[:2].tolist() == [100, 280]
    assert c.column("compute").missing[2] == ("compute.bf16", "compute.fp16")
    exact = compare(chips, ["compute"], "bf16")
    assert exact.precision_used == ("bf16", None, None)
    assert exact.dropped("compute") == [chips[1], chips[2]]


def test_fallback_is_explicit_flagged_and_never_narrower() -> None:
    chips = [make_chip("a", compute__fp16="280 TFLOPS"), make_chip("b", compute__fp32="50 TFLOPS")]
    c = compare(chips, ["compute", "tflops_per_watt"], "bf16", fallback=True)
    assert c.precision_used == ("fp16", "fp32")
    assert c.fell_back == (True, True)
    assert c.column("compute").flags[0] == {"fallback"}
    assert fallback_order("bf16") == ("fp16", "fp32", "tf32", "fp64")
    # never across FLOPS and OPS: an int8 TOPS figure is not an fp8 TFLOPS figure
    assert fallback_order("int8") == ()
    assert fallback_order("int4") == ("int8",)
    assert fallback_order("fp8") == ("bf16", "fp16", "fp32", "tf32", "fp64")
    assert fallback_order("16bit") == ("fp32", "tf32", "fp64")


def test_records_keep_full_precision(fakes: chipspec.Catalog) -> None:
    records = compare(fakes, ["memory.capacity", "bandwidth_per_watt"], "bf16").to_records(sources=True)
    beta = next(r for r in records if r["id"] == "fake-beta")
    assert beta["memory.capacity"]["value"] == 64 * 2**30 / 1e9  # 68.719476736, not 68.72
    assert beta["memory.capacity"]["written"] == "64 GiB"
    assert beta["bandwidth_per_watt"]["value"] == 1000 / 350
    assert "power.tdp" not in records[0]  # only the columns asked for
    assert records[0]["memory.capacity"]["urls"] == ["https://example.com/alpha.pdf", None]


def test_score_weights_cannot_overflow_or_underflow(fakes: chipspec.Catalog) -> None:
    c = compare(fakes, [], "bf16")
    equal = [r.score for r in c.score({"bandwidth_per_watt": 1, "tflops_per_watt": 1})]
    huge = [r.score for r in c.score({"bandwidth_per_watt": 1e308, "tflops_per_watt": 1e308})]
    tiny = [r.score for r in c.score({"bandwidth_per_watt": 5e-324, "tflops_per_watt": 5e-324})]
    assert huge == equal and tiny == equal
    assert len({s for s in equal if s is not None}) > 1  # it still tells chips apart


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(min_value=1e-6, max_value=1e6), min_size=2, max_size=2),
    st.integers(min_value=-1000, max_value=1000),
)
def test_scaling_every_weight_changes_no_score(weights: list[float], power: int) -> None:
    chips = [
        make_chip("a", memory__bandwidth="2 TB/s", power__tdp="400 W", compute__bf16="300 TFLOPS"),
        make_chip("b", memory__bandwidth="3 TB/s", power__tdp="700 W", compute__bf16="900 TFLOPS"),
    ]
    c = compare(chips, [])
    base = {"bandwidth_per_watt": weights[0], "tflops_per_watt": weights[1]}
    scaled = {k: v * 2.0**power for k, v in base.items() if math.isfinite(v * 2.0**power) and v * 2.0**power > 0}
    if len(scaled) < 2:
        return
    assert [r.score for r in c.score(base)] == [r.score for r in c.score(scaled)]
    ten = {k: v * 10.0 for k, v in base.items()}
    for a, b in zip(c.score(base), c.score(ten), strict=True):
        assert a.score == pytest.approx(b.score, rel=1e-12)


@pytest.mark.parametrize("weight", [0, -math.inf, math.inf, math.nan, True, "2"])
def test_bad_weights_are_usage_errors(fakes: chipspec.Catalog, weight: object) -> None:
    with pytest.raises(UsageError, match="must be a positive, finite number"):
        compare(fakes, []).score({"bandwidth_per_watt": weight})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.score({"memory.type": 1}), "cannot score the text field 'memory.type'"),
        (lambda c: c.pareto(["name"]), "cannot put on a Pareto front the text field 'name'"),
        (lambda c: c.pareto(["host.pcie"]), "cannot put on a Pareto front the text field 'host.pcie'"),
        (lambda c: c.rank("die_area"), "cannot rank by 'die_area': it has no better direction"),
        (lambda c: c.pareto([]), "pareto needs at least one metric"),
        (lambda c: c.score({}), "score needs at least one metric"),
    ],
)
def test_what_cannot_be_ranked_is_a_usage_error(fakes: chipspec.Catalog, call: object, message: str) -> None:
    with pytest.raises(UsageError) as info:
        call(compare(fakes, []))  # type: ignore[operator]
    assert message in str(info.value)


def test_host_pcie_parts_rank(fakes: chipspec.Catalog) -> None:
    ranking = compare(fakes, []).rank("host.pcie.gen")
    assert [r.chip.id for r in ranking.ranked] == ["fake-alpha", "fake-alpha-lite", "fake-beta"]


def test_unknown_columns_suggest_the_field(fakes: chipspec.Catalog) -> None:
    with pytest.raises(UnknownNameError) as info:
        check_column("tdp")
    assert str(info.value) == "unknown metric or field 'tdp'; did you mean 'power.tdp'?"
    with pytest.raises(UnknownNameError, match=r"did you mean 'memory\.bandwidth', 'interconnect\.bandwidth'"):
        compare(fakes, ["bandwidth"])


def test_repeated_chips_are_merged(fakes: chipspec.Catalog) -> None:
    c = compare(["alpha", "fake-alpha", "beta 7"], [], catalog=fakes)
    assert [chip.id for chip in c.chips] == ["fake-alpha", "fake-beta"]


def test_preferred_source_travels_with_the_chips() -> None:
    from tests.conftest import CHIPS

    catalog = chipspec.load_catalog(CHIPS, bundled=False, prefer_source="fake-report")
    c = compare(catalog, ["power.tdp", "bandwidth_per_watt"])
    assert c.preferred_source == "fake-report"
    i = c.index(catalog.get("fake-alpha"))
    assert c.column("power.tdp").values[i] == 550
    assert c.column("bandwidth_per_watt").flags[i] == {"preferred"}


def test_precision_used_is_computed_once(fakes: chipspec.Catalog) -> None:
    c = compare(fakes, [])
    assert c.fell_back is c.fell_back  # an attribute, not recomputed per call


def test_two_versions_of_one_chip_are_refused_not_merged(fakes: chipspec.Catalog) -> None:
    alpha = fakes.get("fake-alpha")
    preferred = alpha.prefer("fake-report")
    # The order used to decide which one the comparison kept (500 W or 550 W).
    with pytest.raises(chipspec.UsageError, match="two different versions of fake-alpha"):
        compare([alpha, preferred], ["power.tdp"])
    assert len(compare([alpha, alpha, "fake-alpha"], ["power.tdp"], catalog=fakes).chips) == 1


def test_tpp_does_not_suggest_fallback_it_cannot_use(tmp_path: Path) -> None:
    (tmp_path / "bare.yaml").write_text("name: Bare\nvendor: TestCo\npower:\n  tdp: 100 W\n", encoding="utf-8")
    c = compare(chipspec.load_catalog(tmp_path, bundled=False), ["tpp"])
    assert c.missing_hint("compute.*") == "no-compute"
    assert c.missing_hint("compute.bf16") == "include-fallback"
    assert hint("no-compute") == "no dense compute figure at any precision is published"


def test_the_engine_speaks_in_hint_codes_worded_per_surface(fakes: chipspec.Catalog) -> None:
    c = compare(fakes, ["tflops_per_watt"], "bf16")
    code = c.missing_hint("compute.bf16")
    assert code == "include-16bit"
    assert "--fallback" in hint(code, surface="cli") and "--" not in hint(code, surface="python")
    assert "fallback=True" in hint(code, surface="python")
    assert "fallback" in hint(code, "zh", "cli")
    from chipspec.report.tables import comparison_table
    from chipspec.report.text import render

    table = comparison_table(compare(fakes, ["tflops_per_watt"], "fp4"))  # no fake publishes FP4
    python, cli = render(table, "terminal", 60), render(table, "terminal", 60, surface="cli")
    flags = re.compile(r"--[a-z]")
    assert not flags.search(python) and "fallback=True" in python and "--fallback" in cli
