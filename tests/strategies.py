"""Hypothesis strategies shared by the tests."""

from __future__ import annotations

import copy
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from chipspec.checks import CHECK_NAMES
from chipspec.format import PRECISION_TABLE
from chipspec.units import KINDS, SPELLINGS


def spellings_of(kind: str) -> list[str]:
    """Every accepted unit spelling of a kind."""
    return sorted(s for s, e in SPELLINGS.items() if e.kind == kind)


def factor(spelling: str) -> float:
    """How many canonical units of its kind one ``spelling`` is."""
    entry = SPELLINGS[spelling]
    assert entry.kind is not None
    return float(entry.scale / SPELLINGS[KINDS[entry.kind].canonical].scale)


@st.composite
def quantity_texts(draw: Any, kind: str) -> tuple[str, float]:
    """A value string in any unit of ``kind`` whose canonical magnitude is in range, and
    that magnitude (computed exactly from the decimal written)."""
    spelling = draw(st.sampled_from(spellings_of(kind)))
    low, high = KINDS[kind].low, KINDS[kind].high
    f = factor(spelling)
    # stay a hair inside the bounds: x / f * f may round past them
    number = draw(st.floats(min_value=low / f * 1.000001, max_value=high / f * 0.999999))
    text = f"{number!r} {spelling}"
    exact = Fraction(repr(number)) * (SPELLINGS[spelling].scale / SPELLINGS[KINDS[kind].canonical].scale)
    return text, exact.numerator / exact.denominator


def kind_of(precision: str) -> str:
    return PRECISION_TABLE[precision].kind


PRECISION_KEYS = tuple(PRECISION_TABLE)
SOURCES = {"src-a": {"title": "A", "url": "https://example.com/a"}, "src-b": {"title": "B"}}


def _value(draw: Any, kind: str, annotation: str | None = None) -> Any:
    text, _ = draw(quantity_texts(kind))
    if draw(st.booleans()):
        return text
    long: dict[str, Any] = {"value": text, "source": draw(st.sampled_from(["src-a", "src-b", ["src-a", "src-b"]]))}
    if draw(st.booleans()):
        long["confidence"] = draw(st.sampled_from(["official", "reported", "estimated"]))
    if draw(st.booleans()):
        long["note"] = draw(st.text(alphabet="abc xyz.,", min_size=1, max_size=20)).strip() or "n"
    if annotation == "direction" and draw(st.booleans()):
        long["direction"] = draw(st.sampled_from(["both", "doubled", "unstated"]))
    if annotation == "sparsity" and draw(st.booleans()):
        long["sparsity"] = draw(st.sampled_from(["dense", "unstated"]))
    if draw(st.booleans()):
        long["alternatives"] = [{"value": draw(quantity_texts(kind))[0], "source": "src-b", "note": "other"}]
    if draw(st.booleans()):
        long["ack"] = {draw(st.sampled_from(CHECK_NAMES)): "a reason"}
    return long


@st.composite
def sheets(draw: Any) -> dict[str, Any]:
    """A valid spec sheet as plain data (annotations, acks and alternatives included)."""
    sheet: dict[str, Any] = {"name": draw(st.sampled_from(["Chip A", "Chip-B", "芯片 C"])), "vendor": "Vendor"}
    if draw(st.booleans()):
        sheet["aliases"] = draw(st.lists(st.sampled_from(["CA", "chip a", "芯"]), unique=True, min_size=1))
    if draw(st.booleans()):
        sheet["category"] = draw(st.sampled_from(["GPU", "NPU", "TPU", "ASIC", "other"]))
    if draw(st.booleans()):
        sheet["released"] = draw(st.sampled_from([2020, "2024-03"]))
    if draw(st.booleans()):
        sheet["status"] = draw(st.sampled_from(["announced", "shipping", "discontinued"]))
    if draw(st.booleans()):
        sheet["die_area"] = _value(draw, "area")
    memory = {}
    if draw(st.booleans()):
        memory["capacity"] = _value(draw, "information")
    if draw(st.booleans()):
        memory["bandwidth"] = _value(draw, "bandwidth")
    if draw(st.booleans()):
        memory["type"] = "HBM3"
    if memory:
        sheet["memory"] = memory
    chosen = draw(st.lists(st.sampled_from(PRECISION_KEYS), unique=True, max_size=4))
    compute = {p: _value(draw, kind_of(p), "sparsity") for p in chosen}
    if compute:
        sheet["compute"] = compute
    if draw(st.booleans()):
        sheet["power"] = {"tdp": _value(draw, "power")}
    if draw(st.booleans()):
        sheet["host"] = {"pcie": draw(st.sampled_from(["5.0 x16", {"gen": 4, "lanes": 8}, "Gen3 x4"]))}
    if draw(st.booleans()):
        sheet["interconnect"] = {"name": "Link", "bandwidth": _value(draw, "bandwidth", "direction")}
    if draw(st.booleans()):
        kind = draw(st.sampled_from(sorted(KINDS)))
        sheet["extra"] = {"figure": draw(quantity_texts(kind))[0], "count": 3, "words": "free text", "nested": [1, "a"]}
    sheet["sources"] = dict(SOURCES)
    if draw(st.booleans()):
        sheet["sources"]["src-a"] = {**SOURCES["src-a"], "ack": {"source-without-url": "a reason"}}
    # Fresh containers every draw: the literals above (SOURCES, the PCIe mapping) are shared,
    # and a test that edits what it drew must never edit what the next draw returns.
    return copy.deepcopy(sheet)


@st.composite
def variants(draw: Any) -> dict[str, Any]:
    """A variant sheet of ``base`` (the id of a sheet of :func:`sheets`)."""
    variant: dict[str, Any] = {"extends": "base", "name": "Variant"}
    if draw(st.booleans()):
        variant["power"] = {"tdp": _value(draw, "power")}
    if draw(st.booleans()):
        variant["memory"] = {"capacity": None}
    if draw(st.booleans()):
        variant["sources"] = {"src-c": {"title": "C", "url": "https://example.com/c"}}
        if "power" in variant and isinstance(variant["power"]["tdp"], dict):
            variant["power"]["tdp"]["source"] = "src-c"
    return copy.deepcopy(variant)


def make_chip(chip_id: str, vendor: str = "Test", **values: Any) -> Any:
    """A Spec from keyword values: ``memory__bandwidth="2 TB/s"`` sets memory.bandwidth
    (strings of physical fields are parsed; pint Quantities work too)."""
    from chipspec.format import FIELDS, Scalar
    from chipspec.spec import Provenance, Spec

    entries = {"name": Provenance("name", chip_id), "vendor": Provenance("vendor", vendor)}
    for key, value in values.items():
        path = key.replace("__", ".")
        f = FIELDS[path]
        if isinstance(value, str) and f.kind.physical:
            value = f.kind.parse(f, Scalar(value))
        entries[path] = Provenance(path, value)
    return Spec.create(chip_id, entries)


@st.composite
def chip_sets(draw: Any, min_size: int = 1, max_size: int = 12) -> list[dict[str, float | None]]:
    """Plain canonical values for a set of chips (GB/s, W, TFLOPS, GB), some unknown."""
    n = draw(st.integers(min_value=min_size, max_value=max_size))
    pool = st.sampled_from([1.0, 2.0, 2.5, 3.0, 10.0, 100.0, 333.0, 1000.0, 4000.0])
    maybe = st.one_of(st.none(), pool, pool, pool)
    return [
        {"bandwidth": draw(maybe), "tdp": draw(maybe), "bf16": draw(maybe), "capacity": draw(maybe)} for _ in range(n)
    ]


# Units in which the same magnitude can be written, with the factor to the canonical unit.
BANDWIDTH_UNITS = [("GB/s", 1.0), ("TB/s", 1e-3), ("Gb/s", 8.0), ("MB/s", 1e3), ("GiB/s", 1e9 / 2**30)]
POWER_UNITS = [("W", 1.0), ("kW", 1e-3)]
COMPUTE_UNITS = [("TFLOPS", 1.0), ("PFLOPS", 1e-3), ("GFLOPS", 1e3)]


def build_chips(rows: list[dict[str, float | None]], units: dict[str, tuple[str, float]] | None = None) -> list[Any]:
    """Specs from canonical values, each written in the given units (default canonical)."""
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
                values[path] = f"{row[key] * f!r} {unit}"  # type: ignore[operator]
        chips.append(make_chip(f"chip-{i:02d}", **values))
    return chips
