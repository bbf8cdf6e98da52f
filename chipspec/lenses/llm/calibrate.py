"""Measurements beside the lens's bounds: a calibrated estimate from a chip's own measured
efficiencies, and published serving measurements with their measured/bound ratio.

The bound assumes every FLOP and byte of the sheet's peaks. A chip's measurement files
may say what it achieved instead (:mod:`chipspec.measured`): a matmul at the compute
precision and a memory bandwidth. The *calibrated estimate* runs the same roofline at
those achieved figures (measured / peak scales compute and bandwidth); where the chip has
neither measurement there is no estimate, and the tables say "none". It is an estimate,
not a bound: one kernel's efficiency stands in for a whole model step. Collective
measurements are not used (their bus or algorithm bandwidth is not the link figure the
lens divides by).

A *published serving measurement* matches the lens when its model is a bundled model and
it states the input and output tokens and the weight and KV formats; its bound is
:func:`~chipspec.lenses.llm.serving.peak_throughput` at the run's group, layout and formats.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ...catalog import Catalog
from ...measured import Calibration, Measurement, calibration
from ...spec import Spec
from .model import bundled_models
from .serving import peak_throughput

__all__ = ["Calibration", "calibration", "lens_measurements", "matches_lens", "serving_bound"]


def matches_lens(m: Measurement) -> bool:
    """Whether a serving measurement states what the lens needs to bound its scenario."""
    return (
        m.kind == "serving"
        and m.model in bundled_models()
        and m.input_tokens is not None
        and m.output_tokens is not None
        and m.weights is not None
        and m.kv is not None
        and m.chips is not None
    )


def lens_measurements(chips: Iterable[Spec]) -> list[tuple[Spec, Measurement]]:
    """Every (chip, serving measurement) the lens can bound, in catalog order."""
    return [(c, m) for c in chips for m in c.measured if matches_lens(m)]


def serving_bound(m: Measurement, chip: Spec, catalog: Catalog | None = None) -> tuple[int, float]:
    """The lens's throughput bound for a matching serving measurement's run: the group's
    decode tokens/s at the largest batch that fits, with the run's group, layout, formats
    and ISL/OSL (mean in-flight context S + G/2). (0, nan) where not one sequence fits."""
    assert matches_lens(m), m
    assert m.model is not None and m.input_tokens is not None and m.output_tokens is not None
    return peak_throughput(
        m.model,
        chip,
        prompt=m.input_tokens,
        generate=m.output_tokens,
        weights=m.weights,
        kv=m.kv,
        group_size=m.chips,
        kv_layout=m.layout or "tp",
        catalog=catalog,
    )


def matching(chip: Spec, model: str, prompt: int | None, generate: int | None, group: int) -> Sequence[Measurement]:
    """The chip's serving measurements of ``model`` at this ISL/OSL and group size."""
    return [
        m
        for m in chip.measured
        if matches_lens(m)
        and m.model == model
        and m.input_tokens == prompt
        and m.output_tokens == generate
        and m.chips == group
    ]
