"""Hypothesis strategies shared by the tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from chipspec.units import KINDS, SPELLINGS, factor

# Magnitudes written with a few significant digits, as datasheets do.
magnitudes = st.decimals(min_value="0.001", max_value="99999", places=3, allow_nan=False, allow_infinity=False).filter(
    lambda d: d > 0
)


def spellings_of(kind: str) -> list[str]:
    """Every accepted unit spelling of a kind."""
    return sorted(s for s, (k, _) in SPELLINGS.items() if k == kind)


@st.composite
def quantity_texts(draw: Any, kind: str) -> tuple[str, float]:
    """A value string in any unit of ``kind`` whose canonical magnitude is in range."""
    spelling = draw(st.sampled_from(spellings_of(kind)))
    low, high = KINDS[kind].low, KINDS[kind].high
    f = factor(spelling, kind)
    # stay a hair inside the bounds: x / f * f may round past them
    number = draw(st.floats(min_value=low / f * 1.000001, max_value=high / f * 0.999999))
    text = f"{number!r} {spelling}"
    return text, number * f


PRECISION_KEYS = ("fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "fp6", "fp4", "int8", "int4")


@st.composite
def sheets(draw: Any) -> dict[str, Any]:
    """A valid spec sheet as plain data."""
    sources = {"src-a": {"title": "A", "url": "https://example.com/a"}, "src-b": {"title": "B"}}

    def value(kind: str) -> Any:
        text, _ = draw(quantity_texts(kind))
        if draw(st.booleans()):
            return text
        long: dict[str, Any] = {"value": text, "source": draw(st.sampled_from(["src-a", "src-b", ["src-a", "src-b"]]))}
        if draw(st.booleans()):
            long["confidence"] = draw(st.sampled_from(["official", "reported", "estimated"]))
        if draw(st.booleans()):
            long["note"] = draw(st.text(alphabet="abc xyz.,", min_size=1, max_size=20)).strip() or "n"
        if draw(st.booleans()):
            long["alternatives"] = [{"value": draw(quantity_texts(kind))[0], "source": "src-b", "note": "other"}]
        return long

    sheet: dict[str, Any] = {"name": draw(st.sampled_from(["Chip A", "Chip-B", "芯片 C"])), "vendor": "Vendor"}
    if draw(st.booleans()):
        sheet["category"] = draw(st.sampled_from(["GPU", "NPU", "TPU", "ASIC", "other"]))
    if draw(st.booleans()):
        sheet["released"] = draw(st.sampled_from([2020, "2024-03"]))
    if draw(st.booleans()):
        sheet["die_area"] = value("area")
    memory = {}
    if draw(st.booleans()):
        memory["capacity"] = value("information")
    if draw(st.booleans()):
        memory["bandwidth"] = value("bandwidth")
    if draw(st.booleans()):
        memory["type"] = "HBM3"
    if memory:
        sheet["memory"] = memory
    compute = {p: value("compute") for p in draw(st.lists(st.sampled_from(PRECISION_KEYS), unique=True, max_size=4))}
    if compute:
        sheet["compute"] = compute
    if draw(st.booleans()):
        sheet["power"] = {"tdp": value("power")}
    if draw(st.booleans()):
        sheet["host"] = {"pcie": draw(st.sampled_from(["5.0 x16", {"gen": 4, "lanes": 8}, "Gen3 x4"]))}
    if draw(st.booleans()):
        sheet["interconnect"] = {"name": "Link", "bandwidth": value("bandwidth")}
    if draw(st.booleans()):
        kind = draw(st.sampled_from(sorted(KINDS)))
        sheet["extra"] = {"figure": draw(quantity_texts(kind))[0], "count": 3, "words": "free text", "nested": [1, "a"]}
    sheet["sources"] = sources
    return sheet


def make_chip(chip_id: str, **values: Any) -> Any:
    """A Spec from keyword values: ``memory__bandwidth=Q_(2, "TB/s")`` sets memory.bandwidth."""
    from chipspec.spec import Provenance, Spec

    entries = {"name": Provenance("name", chip_id), "vendor": Provenance("vendor", "Test")}
    for key, value in values.items():
        path = key.replace("__", ".")
        entries[path] = Provenance(path, value)
    return Spec.create(chip_id, entries)


# Units in which the same magnitude can be written, with the factor to the canonical unit.
BANDWIDTH_UNITS = [("GB/s", 1.0), ("TB/s", 1e-3), ("Gb/s", 8.0), ("MB/s", 1e3), ("GiB/s", 1e9 / 2**30)]
POWER_UNITS = [("W", 1.0), ("kW", 1e-3)]
COMPUTE_UNITS = [("TFLOPS", 1.0), ("PFLOPS", 1e-3), ("GFLOPS", 1e3)]


@st.composite
def chip_sets(draw: Any, min_size: int = 1, max_size: int = 12) -> list[dict[str, float | None]]:
    """Plain canonical values for a set of chips (GB/s, W, TFLOPS, GB), some unknown."""
    n = draw(st.integers(min_value=min_size, max_value=max_size))
    # a small pool of values so that ties happen often
    pool = st.sampled_from([1.0, 2.0, 2.5, 3.0, 10.0, 100.0, 333.0, 1000.0, 4000.0])
    maybe = st.one_of(st.none(), pool, pool, pool)
    return [
        {"bandwidth": draw(maybe), "tdp": draw(maybe), "bf16": draw(maybe), "capacity": draw(maybe)} for _ in range(n)
    ]


def build_chips(rows: list[dict[str, float | None]], units: dict[str, tuple[str, float]] | None = None) -> list[Any]:
    """Specs from canonical values, each written in the given units (default canonical)."""
    from chipspec import Q_

    units = units or {}
    chips = []
    for i, row in enumerate(rows):
        values: dict[str, Any] = {}
        for key, path, default in (
            ("bandwidth", "memory__bandwidth", ("GB/s", 1.0)),
            ("tdp", "power__tdp", ("W", 1.0)),
            ("bf16", "compute__bf16", ("TFLOPS", 1.0)),
            ("capacity", "memory__capacity", ("GB", 1.0)),
        ):
            if row[key] is not None:
                unit, f = units.get(key, default)
                values[path] = Q_(row[key] * f, unit)  # type: ignore[operator]
        chips.append(make_chip(f"chip-{i:02d}", **values))
    return chips
