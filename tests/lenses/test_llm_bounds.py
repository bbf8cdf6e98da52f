"""Bounds that are bounds: no published serving measurement (specs/measured/serving-*.yaml,
each with its source and quote) beats chipspec's throughput bound for its scenario."""

from __future__ import annotations

import pytest

import chipspec
from chipspec.lenses.llm.calibrate import lens_measurements, serving_bound
from chipspec.measured import Measurement
from chipspec.spec import Spec

CATALOG = chipspec.load_catalog()
MEASUREMENTS: list[tuple[Spec, Measurement]] = lens_measurements(CATALOG)


def test_the_published_runs_are_there() -> None:
    assert len(MEASUREMENTS) == 31
    assert {c.id for c, _ in MEASUREMENTS} == {"nvidia-h100-sxm", "nvidia-h200", "nvidia-b200", "amd-mi300x"}


@pytest.mark.parametrize(
    "pair",
    MEASUREMENTS,
    ids=[f"{m.model}-{c.id}x{m.chips}-{m.input_tokens}-{m.output_tokens}" for c, m in MEASUREMENTS],
)
def test_no_measurement_beats_its_bound(pair: tuple[Spec, Measurement]) -> None:
    chip, m = pair
    assert m.quote is not None and m.quote.count("|") >= 3
    figure = m.written.split()[0]
    written = f"{int(figure):,}" if figure.isdigit() else figure
    assert written in m.quote, "the measured figure is the one quoted"
    batch, bound = serving_bound(m, chip, CATALOG)
    assert batch >= 1, f"{m.model} does not fit where it was measured"
    assert bound >= m.value, f"bound {bound:,.0f} tokens/s is below the measured {m.value:,}"
