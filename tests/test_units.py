"""The strict value parser, exact conversions, the formula unit algebra and the registry."""

from __future__ import annotations

import math
import time

import pytest
from hypothesis import given

from chipspec.units import UnitParseError, convert, parse_unit, parse_value, quantity, registry, shown
from tests.strategies import quantity_texts


@pytest.mark.parametrize(
    ("text", "kind", "canonical"),
    [
        ("96 GB", "information", 96.0),
        ("64 GiB", "information", 64 * 2**30 / 1e9),
        ("512 Gibit", "information", 512 * 2**30 / 8 / 1e9),
        ("512 Gib", "information", 512 * 2**30 / 8 / 1e9),
        ("900 GB/s", "bandwidth", 900.0),
        ("900 GB / s", "bandwidth", 900.0),
        ("900 Gb/s", "bandwidth", 112.5),
        ("900 Gbps", "bandwidth", 112.5),
        ("1.6 Tbit/s", "bandwidth", 200.0),
        ("3.35 TB/s", "bandwidth", 3350.0),
        ("1.1 TB/s", "bandwidth", 1100.0),
        ("148 TFLOPS", "flops", 148.0),
        ("148 TFLOP/s", "flops", 148.0),
        ("2.25 PFLOPS", "flops", 2250.0),
        ("296 TOPS", "ops", 296.0),
        ("1.2 POPS", "ops", 1200.0),
        ("814 mm^2", "area", 814.0),
        ("814 mm²", "area", 814.0),
        ("1.2 kW", "power", 1200.0),
        ("750 watt", "power", 750.0),
        ("1.0e+3 W", "power", 1000.0),
    ],
)
def test_parse_converts_exactly(text: str, kind: str, canonical: float) -> None:
    parsed = parse_value(text, kind)
    assert parsed.canonical == canonical  # exactly: the decimal is converted with integers


def test_conversions_are_exact_where_the_decimal_is() -> None:
    assert convert(814, "mm^2", "m^2") == 0.000814  # not 0.0008139999999999999
    assert convert(1.1, "TB/s", "GB/s") == 1100.0  # not 1100.0000000000002
    assert convert(3.35, "TB/s", "GB/s") == 3350.0
    assert convert(32, "GiB", "GB") == 32 * 2**30 / 1e9
    with pytest.raises(UnitParseError):
        convert(1, "GB", "W")


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("700 W", "bandwidth", "expected a bandwidth like '3.35 TB/s', got '700 W' ('W' is a power)"),
        ("80G", "information", "expected a memory size like '96 GB', got '80G' (unknown unit 'G')"),
        ("3 THz", "bandwidth", "expected a bandwidth like '3.35 TB/s', got '3 THz' (unknown unit 'THz')"),
        ("96", "information", "expected a memory size like '96 GB', got '96' (missing unit)"),
        ("96 gb", "information", "expected a memory size like '96 GB', got '96 gb' (unknown unit 'gb'; did you mean 'GB' (bytes) or 'Gb' (bits)?)"),
        ("'700' W", "power", "expected a power like '400 W', got '\\'700\\' W'"),
        ("1 000 W", "power", "expected a power like '400 W', got '1 000 W' (write one plain number: no thousands separators or decimal commas)"),
        ("10**10**10 W", "power", "expected a power like '400 W', got '10**10**10 W'"),
        ("7 GW", "power", "expected a power like '400 W', got '7 GW' (outside the plausible range 1 to 100000 W)"),
        ("1e999 W", "power", "expected a power like '400 W', got '1e999 W' (outside the plausible range 1 to 100000 W)"),
        ("1979 TOPS", "flops", "expected a floating-point throughput like '148 TFLOPS', got '1979 TOPS' ('TOPS' is an integer throughput; this precision takes FLOPS)"),
        ("1979 TFLOPS", "ops", "expected an integer throughput like '296 TOPS', got '1979 TFLOPS' ('TFLOPS' is a floating-point throughput; this precision takes OPS)"),
    ],
)  # fmt: skip
def test_parse_refuses(text: str, kind: str, message: str) -> None:
    with pytest.raises(UnitParseError) as info:
        parse_value(text, kind)
    assert str(info.value) == message


def test_gib_is_gibibits_and_its_hint_says_so() -> None:
    assert parse_value("8 Gib", "information").canonical == parse_value("1 GiB", "information").canonical
    with pytest.raises(UnitParseError) as info:
        parse_value("1 gib", "information")
    assert "'GiB' (bytes) or 'Gib' (bits)" in str(info.value)


def test_echoed_input_is_truncated_and_escaped() -> None:
    assert shown("a\u200bb") == "'a\\u200bb'"
    assert shown("a\x07b\u2028") == "'a\\x07b\\u2028'"
    long = shown("x" * 600_000)
    assert len(long) < 100 and long.endswith("(600000 characters)")
    with pytest.raises(UnitParseError) as info:
        parse_value("9" * 5000 + " W", "power")
    assert len(str(info.value)) < 200


@given(quantity_texts("bandwidth"))
def test_any_bandwidth_spelling_loads_to_the_same_number(case: tuple[str, float]) -> None:
    text, canonical = case
    assert parse_value(text, "bandwidth").canonical == canonical


@given(quantity_texts("information"))
def test_any_capacity_spelling_loads_to_the_same_number(case: tuple[str, float]) -> None:
    text, canonical = case
    assert parse_value(text, "information").canonical == canonical


@given(quantity_texts("flops"))
def test_any_compute_spelling_loads_to_the_same_number(case: tuple[str, float]) -> None:
    text, canonical = case
    assert parse_value(text, "flops").canonical == canonical


@pytest.mark.parametrize(
    ("text", "dims"),
    [("GB/s/W", (1, 0, -1, -1, 0)), ("1/mm^2", (0, 0, 0, 0, -2)), ("FLOP/B", (-1, 1, 0, 0, 0)), ("", (0, 0, 0, 0, 0))],
)
def test_unit_algebra(text: str, dims: tuple[int, ...]) -> None:
    assert parse_unit(text).dims == dims


@pytest.mark.parametrize("text", ["W**9**9**9", "W^99", "GB/", "/s", "GB s", "watt(1)", "x" * 100, "GB**-9"])
def test_unit_expressions_are_bounded(text: str) -> None:
    start = time.perf_counter()
    with pytest.raises(UnitParseError):
        parse_unit(text)
    assert time.perf_counter() - start < 1.0  # refused at once, never evaluated


def test_registry_is_chipspecs_own_and_typed() -> None:
    import pint

    ureg = registry()
    assert ureg is not pint.get_application_registry()  # type: ignore[no-untyped-call]
    assert not ureg.Quantity(80, "GB").is_compatible_with("dimensionless")
    assert not ureg.Quantity(900, "GB/s").is_compatible_with("1/s")
    assert not ureg.Quantity(148, "TFLOPS").is_compatible_with("TB/s")
    assert not ureg.Quantity(148, "TFLOPS").is_compatible_with("TOPS")  # FLOP and OP are dimensions of their own
    assert ureg.Quantity(1, "GiB").to("B").magnitude == 2**30


def test_quantities_are_new_every_time() -> None:
    a, b = quantity(400, "W"), quantity(400, "W")
    assert a == b and a is not b
    a.ito("kW")
    assert b.magnitude == 400 and math.isclose(a.magnitude, 0.4)


@pytest.mark.parametrize("text", ["123456789012345678 GB/s", "1.2345678901234567890 TB/s", "0.123456789012345678 TB/s"])
def test_more_digits_than_a_float_holds_are_refused(text: str) -> None:
    # they would be rounded without a word: 1.2345678901234567890 TB/s became 1234.567890123457
    with pytest.raises(UnitParseError, match=r"too many digits: write at most 17"):
        parse_value(text, "bandwidth")


def test_zeros_do_not_count_as_digits() -> None:
    assert parse_value("1.50000000000000000000 TB/s", "bandwidth").canonical == 1500
    assert parse_value("1.2345678901234567 TB/s", "bandwidth").canonical == 1234.5678901234567
