"""The strict value parser and chipspec's own unit registry."""

from __future__ import annotations

import math

import pytest
from hypothesis import given

from chipspec.units import Q_, UnitParseError, parse_quantity, ureg
from tests.strategies import quantity_texts


@pytest.mark.parametrize(
    ("text", "kind", "expected", "unit"),
    [
        ("96 GB", "information", 96e9, "B"),
        ("64 GiB", "information", 64 * 2**30, "B"),
        ("900 GB/s", "bandwidth", 900e9, "B/s"),
        ("900 Gb/s", "bandwidth", 900e9 / 8, "B/s"),
        ("900 Gbps", "bandwidth", 900e9 / 8, "B/s"),
        ("3.35 TB/s", "bandwidth", 3.35e12, "B/s"),
        ("148 TFLOPS", "compute", 148e12, "FLOP/s"),
        ("148 TFLOP/s", "compute", 148e12, "FLOP/s"),
        ("2.2 PFLOPS", "compute", 2.2e15, "FLOP/s"),
        ("296 TOPS", "compute", 296e12, "FLOP/s"),
        ("1.2 POPS", "compute", 1.2e15, "FLOP/s"),
        ("814 mm^2", "area", 814e-6, "m**2"),
        ("814 mm²", "area", 814e-6, "m**2"),
        ("1.2 kW", "power", 1200, "W"),
        ("1.0e+3 W", "power", 1000, "W"),
    ],
)
def test_parse_converts_exactly(text: str, kind: str, expected: float, unit: str) -> None:
    quantity, _ = parse_quantity(text, kind)
    assert math.isclose(quantity.to(unit).magnitude, expected, rel_tol=1e-12)


def test_bytes_are_not_dimensionless() -> None:
    # pint's default registry converts 80 GB to radians and 900 GB/s to Hz.
    assert not Q_(80, "GB").is_compatible_with("dimensionless")
    assert not Q_(900, "GB/s").is_compatible_with("1/s")
    assert not Q_(148, "TFLOP/s").is_compatible_with("TB/s")


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("700 W", "bandwidth", "expected a bandwidth like '3.35 TB/s', got '700 W' ('W' is a power)"),
        ("80G", "information", "expected a memory size like '96 GB', got '80G' (unknown unit 'G')"),
        ("3 THz", "bandwidth", "expected a bandwidth like '3.35 TB/s', got '3 THz' (unknown unit 'THz')"),
        ("96", "information", "expected a memory size like '96 GB', got '96' (missing unit)"),
        ("96 gb", "information", "expected a memory size like '96 GB', got '96 gb' (unknown unit 'gb'; did you mean 'GB'?)"),
        ("'700' W", "power", "expected a power like '400 W', got \"'700' W\""),
        ("1 000 W", "power", "expected a power like '400 W', got '1 000 W' (write one plain number: no thousands separators or decimal commas)"),
        ("10**10**10 W", "power", "expected a power like '400 W', got '10**10**10 W'"),
        ("7 GW", "power", "expected a power like '400 W', got '7 GW' (outside the plausible range 1 to 100000 W)"),
    ],
)  # fmt: skip
def test_parse_refuses(text: str, kind: str, message: str) -> None:
    with pytest.raises(UnitParseError) as info:
        parse_quantity(text, kind)
    assert str(info.value) == message


@given(quantity_texts("bandwidth"))
def test_any_bandwidth_spelling_loads_to_the_same_quantity(case: tuple[str, float]) -> None:
    text, canonical = case
    quantity, _ = parse_quantity(text, "bandwidth")
    assert math.isclose(quantity.to("GB/s").magnitude, canonical, rel_tol=1e-9)


@given(quantity_texts("information"))
def test_any_capacity_spelling_loads_to_the_same_quantity(case: tuple[str, float]) -> None:
    text, canonical = case
    quantity, _ = parse_quantity(text, "information")
    assert math.isclose(quantity.to("GB").magnitude, canonical, rel_tol=1e-9)


@given(quantity_texts("compute"))
def test_any_compute_spelling_loads_to_the_same_quantity(case: tuple[str, float]) -> None:
    text, canonical = case
    quantity, _ = parse_quantity(text, "compute")
    assert math.isclose(quantity.to("TFLOP/s").magnitude, canonical, rel_tol=1e-9)


def test_registry_is_chipspecs_own() -> None:
    import pint

    assert ureg is not pint.get_application_registry()
    assert Q_(1, "GiB").to("B").magnitude == 2**30
