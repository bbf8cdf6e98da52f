"""Units: the strict value parser, exact conversions, and the pint registry users see.

chipspec never hands a string from a file to pint. :func:`parse_value` matches one
number and one unit spelling from a closed table (:data:`SPELLINGS`) and returns a
:class:`Parsed` record of plain numbers: the magnitude as written, the spelling, and the
magnitude in the kind's canonical unit, converted with exact integer arithmetic (so
``814 mm^2`` is 0.000814 m², not 0.0008139999999999999). The engine and every text
output work from those plain numbers; nothing a user receives is shared.

pint is imported only when a user touches a value as a Quantity (``chip.power.tdp``):
:func:`quantity` then builds a fresh Quantity in chipspec's own registry, in which
information (bit, byte), floating-point operations (FLOP) and integer operations (OP)
are dimensions of their own. Registry definitions (pint's grammar)::

    bit = [information] = b        byte = 8 * bit = B
    FLOP = [flop]                  FLOPS = FLOP / second
    OP = [op]                      OPS = OP / second
    second, meter, gram, watt      with SI prefixes k M G T P E (and m, c for lengths)
    binary prefixes Ki Mi Gi Ti Pi Ei (GiB is 2**30 bytes)

Formulas of derived metrics are evaluated with :class:`Unit`, a small exact unit algebra
over the dimensions byte, operation, second, watt and millimetre (FLOP and OP share the
operation dimension there: a metric such as TFLOPS/W reads TOPS/W at an integer
precision).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from .errors import ChipspecError, shown

if TYPE_CHECKING:
    import pint

__all__ = [
    "KINDS",
    "SPELLINGS",
    "Kind",
    "Parsed",
    "Unit",
    "UnitParseError",
    "convert",
    "format_magnitude",
    "is_quantity",
    "parse_unit",
    "parse_value",
    "quantity",
    "shown",
]


class UnitParseError(ChipspecError, ValueError):
    """A value string that is not one number followed by one known unit."""


# --- kinds and spellings -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Kind:
    """A physical kind of value: its canonical unit, an example, and sane bounds.

    ``low`` and ``high`` are in the canonical unit; values outside them are refused as
    absurd (a 7 GW chip, a 1 kB memory), which catches most unit slips.
    """

    name: str
    noun: str
    canonical: str
    example: str
    low: float
    high: float


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("information", "a memory size", "GB", "96 GB", 1e-4, 1e5),
        Kind("bandwidth", "a bandwidth", "GB/s", "3.35 TB/s", 1e-3, 1e6),
        Kind("flops", "a floating-point throughput", "TFLOPS", "148 TFLOPS", 1e-6, 1e6),
        Kind("ops", "an integer throughput", "TOPS", "296 TOPS", 1e-6, 1e6),
        Kind("power", "a power", "W", "400 W", 1.0, 1e5),
        Kind("area", "an area", "mm^2", "814 mm^2", 1.0, 1e5),
    )
}

# Base dimensions of the formula algebra: byte, operation, second, watt, millimetre.
DIMENSIONS: tuple[str, ...] = ("B", "OP", "s", "W", "mm")
Dims = tuple[int, int, int, int, int]
_NONE: Dims = (0, 0, 0, 0, 0)

_DECIMAL: dict[str, int] = {"": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_BINARY: dict[str, int] = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}


@dataclass(frozen=True, slots=True)
class Spelling:
    """One accepted unit spelling: its kind (None for formula-only units), what it is in
    base units (dimensions and an exact scale), and the pint expression for it."""

    text: str
    kind: str | None
    dims: Dims
    scale: Fraction
    pint: str
    meaning: str


def _spellings() -> dict[str, Spelling]:
    table: dict[str, Spelling] = {}

    def add(text: str, kind: str | None, dims: Dims, scale: Fraction, pint_expr: str, meaning: str) -> None:
        table.setdefault(text, Spelling(text, kind, dims, scale, pint_expr, meaning))

    prefixes = [(p, Fraction(10) ** e, f"10^{e}") for p, e in _DECIMAL.items()]
    prefixes += [(p, Fraction(2) ** e, f"2^{e}") for p, e in _BINARY.items()]
    byte, per_s = (1, 0, 0, 0, 0), (1, 0, -1, 0, 0)
    for p, f, _ in prefixes:
        add(f"{p}B", "information", byte, f, f"{p}B", "bytes")
        add(f"{p}b", "information", byte, f / 8, f"{p}b", "bits")
        add(f"{p}bit", "information", byte, f / 8, f"{p}b", "bits")
        add(f"{p}B/s", "bandwidth", per_s, f, f"{p}B / s", "bytes per second")
        add(f"{p}b/s", "bandwidth", per_s, f / 8, f"{p}b / s", "bits per second")
        add(f"{p}bps", "bandwidth", per_s, f / 8, f"{p}b / s", "bits per second")
        add(f"{p}bit/s", "bandwidth", per_s, f / 8, f"{p}b / s", "bits per second")
    add("bits", "information", byte, Fraction(1, 8), "b", "bits")
    add("bytes", "information", byte, Fraction(1), "B", "bytes")
    for p, e in _DECIMAL.items():
        f = Fraction(10) ** e
        for op, kind, noun in (("FLOP", "flops", "floating-point"), ("OP", "ops", "integer")):
            rate = (0, 1, -1, 0, 0)
            meaning = f"{noun} operations per second"
            add(f"{p}{op}S", kind, rate, f, f"{p}{op}S", meaning)
            add(f"{p}{op}s", kind, rate, f, f"{p}{op}S", meaning)
            add(f"{p}{op}/s", kind, rate, f, f"{p}{op} / s", meaning)
            add(f"{p}{op}", None, (0, 1, 0, 0, 0), f, f"{p}{op}", f"{noun} operations")
    for p, e in (("", 0), ("k", 3), ("M", 6), ("G", 9), ("m", -3)):
        f = Fraction(10) ** e
        add(f"{p}W", "power" if p != "m" else None, (0, 0, 0, 1, 0), f, f"{p}W", "watts")
    for word in ("watt", "watts"):
        add(word, "power", (0, 0, 0, 1, 0), Fraction(1), "W", "watts")
    add("kilowatt", "power", (0, 0, 0, 1, 0), Fraction(1000), "kW", "watts")
    add("kilowatts", "power", (0, 0, 0, 1, 0), Fraction(1000), "kW", "watts")
    for p, f in (("m", Fraction(1)), ("c", Fraction(10)), ("", Fraction(1000))):
        for sq in ("^2", "²", "2", "**2"):
            add(f"{p}m{sq}", "area", (0, 0, 0, 0, 2), f * f, f"{p}m ** 2", "square metres")
        add(f"{p}m", None, (0, 0, 0, 0, 1), f, f"{p}m", "metres")
    for p, e in (("", 0), ("m", -3), ("u", -6), ("µ", -6), ("n", -9)):
        add(f"{p}s", None, (0, 0, 1, 0, 0), Fraction(10) ** e, f"{p}s", "seconds")
    add("J", None, (0, 0, 1, 1, 0), Fraction(1), "J", "joules")
    add("h", None, (0, 0, 1, 0, 0), Fraction(3600), "hour", "hours")
    return table


SPELLINGS: dict[str, Spelling] = _spellings()
# Lower-case index, only for suggesting the right case in error messages; a folded form
# shared by spellings of different size ("gb": GB and Gb) suggests all of them.
_FOLDED: dict[str, list[str]] = {}
for _s in SPELLINGS:
    _FOLDED.setdefault(_s.casefold(), []).append(_s)

_NUMBER = r"(?P<int>[0-9]{1,17})(?:\.(?P<frac>[0-9]{1,24}))?(?:[eE](?P<exp>[+-]?[0-9]{1,3}))?"
_VALUE = re.compile(rf"\s*{_NUMBER}\s*(?P<unit>[A-Za-zµ][A-Za-z0-9/^²*µ ]{{0,15}}?)\s*")
_SPACED_SLASH = re.compile(r"\s*/\s*")


def is_quantity(value: object) -> bool:
    """Whether ``value`` is a pint Quantity (without importing pint if it is not loaded)."""
    import sys

    pint_module = sys.modules.get("pint")
    return pint_module is not None and isinstance(value, pint_module.Quantity)


def unit_kind(spelling: str) -> str | None:
    """The kind of a unit spelling, or None when it is not a value unit chipspec knows."""
    entry = SPELLINGS.get(spelling)
    return entry.kind if entry else None


@dataclass(frozen=True, slots=True)
class Parsed:
    """A value read from text: ``magnitude`` as written, in ``unit`` (the spelling as
    written, spaces around '/' removed), and ``canonical``, the same value in the kind's
    canonical unit (GB, GB/s, TFLOPS, TOPS, W, mm²), exactly rounded."""

    magnitude: float
    unit: str
    kind: str
    canonical: float

    def __reduce__(self) -> tuple[Any, ...]:
        # positional, through __init__: ten times faster to unpickle than a frozen
        # dataclass's state (the bundled catalog's cache holds thousands)
        return (Parsed, (self.magnitude, self.unit, self.kind, self.canonical))


def _exact(mantissa: int, exponent: int, scale: Fraction) -> float:
    """``mantissa * 10**exponent * scale`` rounded once to the nearest float."""
    num, den = mantissa * scale.numerator, scale.denominator
    if exponent >= 0:
        num *= 10**exponent
    else:
        den *= 10**-exponent
    return num / den  # int / int is correctly rounded


def _suggest_unit(spelling: str) -> str:
    folded = _FOLDED.get(spelling.casefold(), [])
    if not folded:
        return ""
    if len(folded) == 1:
        return f"; did you mean {folded[0]!r} ({SPELLINGS[folded[0]].meaning})?"
    options = " or ".join(f"{s!r} ({SPELLINGS[s].meaning})" for s in folded[:3])
    return f"; did you mean {options}?"


@cache
def _to_canonical(spelling: str, kind: str) -> Fraction:
    """The exact factor from a unit spelling to its kind's canonical unit, once per pair."""
    return SPELLINGS[spelling].scale / SPELLINGS[KINDS[kind].canonical].scale


# How far above a chip's plausible range a figure for a whole system may go (a
# 100,000-chip cluster's compute, memory and power; see chipspec.system).
SYSTEM_SCALE = 1e4


@lru_cache(maxsize=8192)
def parse_value(text: str, kind: str, system: bool = False) -> Parsed:
    """Parse ``"3.35 TB/s"`` strictly as a value of ``kind``.

    ``system`` widens the plausible range by :data:`SYSTEM_SCALE` upwards: a figure for a
    whole system (a pod's exaflops, a supernode's half a megawatt).

    The result is an immutable record of plain numbers (safe to cache and share).
    Raises UnitParseError with a message saying what was expected; never evaluates
    the string.

    >>> parse_value("96 GB", "information").canonical
    96.0
    >>> parse_value("814 mm^2", "area").magnitude
    814.0
    """
    expected = KINDS[kind]
    match = _VALUE.fullmatch(text)
    if match is None:
        hint = _hint(text, kind)
        if re.match(r"\s*[+-]?(?:nan|inf)", text, re.IGNORECASE):
            raise UnitParseError(f"{hint} (must be a positive, finite number)")
        if re.match(r"\s*[0-9]{18}", text):
            raise UnitParseError(f"{hint} (too many digits: write at most 17)")
        if re.fullmatch(r"\s*[+-]?[0-9.,eE+\- ]+\s*", text[:200]):
            raise UnitParseError(f"{hint} (missing unit)")
        if text.strip().startswith("-"):
            raise UnitParseError(f"{hint} (must be positive)")
        if re.search(r"[0-9][,\s][0-9]", text[:200]):
            raise UnitParseError(f"{hint} (write one plain number: no thousands separators or decimal commas)")
        raise UnitParseError(hint)
    spelling = _SPACED_SLASH.sub("/", match["unit"].strip())
    entry = SPELLINGS.get(spelling)
    if entry is None or entry.kind is None:
        raise UnitParseError(f"{_hint(text, kind)} (unknown unit {shown(spelling)}{_suggest_unit(spelling)})")
    if entry.kind != kind:
        found = KINDS[entry.kind]
        extra = ""
        if {kind, entry.kind} == {"flops", "ops"}:
            takes = "FLOPS" if kind == "flops" else "OPS"
            extra = f"; this precision takes {takes}"
        raise UnitParseError(f"{_hint(text, kind)} ({spelling!r} is {found.noun}{extra})")
    exponent = int(match["exp"] or 0)
    frac = match["frac"] or ""
    if len((match["int"] + frac).strip("0")) > 17:  # more than a float holds: it would be rounded
        raise UnitParseError(f"{_hint(text, kind)} (too many digits: write at most 17)")
    mantissa = int(match["int"] + frac)
    exponent -= len(frac)
    if mantissa == 0:
        raise UnitParseError(f"{_hint(text, kind)} (must be a positive, finite number)")
    try:
        magnitude = _exact(mantissa, exponent, _ONE)
        canonical = _exact(mantissa, exponent, _to_canonical(spelling, kind))
    except OverflowError:  # beyond any float: certainly outside the range
        magnitude = canonical = math.inf
    high = expected.high * (SYSTEM_SCALE if system else 1)
    if not math.isfinite(magnitude) or not expected.low <= canonical <= high:
        raise UnitParseError(
            f"{_hint(text, kind)} (outside the plausible range {expected.low:g} to {high:g} {expected.canonical})"
        )
    return Parsed(magnitude, spelling, kind, canonical)


_ONE = Fraction(1)


def _hint(text: str, kind: str) -> str:
    """The start of every message of :func:`parse_value`, built only when one is raised."""
    expected = KINDS[kind]
    return f"expected {expected.noun} like '{expected.example}', got {shown(text)}"


def format_magnitude(number: float) -> str:
    """A magnitude as the shortest text that reads back to the same float (``96``, ``3.35``)."""
    text = repr(float(number))
    return text[:-2] if text.endswith(".0") else text


# --- the unit algebra of formulas --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit as dimensions over :data:`DIMENSIONS` and an exact scale to base units."""

    dims: Dims
    scale: Fraction

    def __mul__(self, other: Unit) -> Unit:
        return Unit(tuple(a + b for a, b in zip(self.dims, other.dims, strict=True)), self.scale * other.scale)  # type: ignore[arg-type]

    def __truediv__(self, other: Unit) -> Unit:
        return Unit(tuple(a - b for a, b in zip(self.dims, other.dims, strict=True)), self.scale / other.scale)  # type: ignore[arg-type]

    def __pow__(self, n: int) -> Unit:
        return Unit(tuple(a * n for a in self.dims), self.scale**n)  # type: ignore[arg-type]

    def factor_to(self, other: Unit) -> float:
        """The number that converts a magnitude in this unit to ``other``."""
        if self.dims != other.dims:
            raise UnitParseError(f"cannot convert {describe_dims(self.dims)} to {describe_dims(other.dims)}")
        return float(self.scale / other.scale)


DIMENSIONLESS = Unit(_NONE, Fraction(1))
_MAX_POWER = 4
_UNIT_TOKEN = re.compile(r"\s*(?:(?P<op>[*/])|(?P<atom>[A-Za-zµ²0-9]+)(?:(?:\^|\*\*)(?P<pow>-?[0-9]{1,2}))?)\s*")


def describe_dims(dims: Dims) -> str:
    """Dimensions as text (``B/s/W``), for messages."""
    num = [f"{d}^{e}" if e > 1 else d for d, e in zip(DIMENSIONS, dims, strict=True) if e > 0]
    den = [f"{d}^{-e}" if e < -1 else d for d, e in zip(DIMENSIONS, dims, strict=True) if e < 0]
    text = "*".join(num) or "1"
    return text + "".join(f"/{d}" for d in den) if den else text


@lru_cache(maxsize=1024)
def parse_unit(text: str) -> Unit:
    """A unit expression (``"GB/s/W"``, ``"1/mm^2"``, ``"FLOP/B"``, ``""``) in the algebra.

    Only spellings of :data:`SPELLINGS` (and ``1``), ``*``, ``/`` and small integer powers
    are allowed; anything else is a UnitParseError, never evaluated.
    """
    if len(text) > 60:
        raise UnitParseError(f"unit expression longer than 60 characters: {shown(text)}")
    stripped = text.strip()
    if stripped in ("", "1", "dimensionless"):
        return DIMENSIONLESS
    if stripped in SPELLINGS:
        entry = SPELLINGS[stripped]
        return Unit(entry.dims, entry.scale)
    result = DIMENSIONLESS
    sign = 1
    pos = 0
    expect_atom = True
    while pos < len(stripped):
        m = _UNIT_TOKEN.match(stripped, pos)
        if m is None or m.end() == pos:
            raise UnitParseError(f"not a unit: {shown(text)}")
        pos = m.end()
        if m["op"]:
            if expect_atom:
                raise UnitParseError(f"not a unit: {shown(text)}")
            sign = -1 if m["op"] == "/" else 1
            expect_atom = True
            continue
        if not expect_atom:
            raise UnitParseError(f"not a unit: {shown(text)} (join units with * or /)")
        atom, power = m["atom"], int(m["pow"] or 1)
        if abs(power) > _MAX_POWER:
            raise UnitParseError(f"unit power {power} in {shown(text)} is outside -{_MAX_POWER} to {_MAX_POWER}")
        if atom == "1":
            unit = DIMENSIONLESS
        elif atom in SPELLINGS:
            unit = Unit(SPELLINGS[atom].dims, SPELLINGS[atom].scale)
        else:
            raise UnitParseError(f"unknown unit {shown(atom)} in {shown(text)}{_suggest_unit(atom)}")
        result = result * unit ** (sign * power)
        expect_atom = False
    if expect_atom:
        raise UnitParseError(f"not a unit: {shown(text)}")
    return result


def convert(magnitude: float, from_unit: str, to_unit: str) -> float:
    """A magnitude in ``from_unit`` expressed in ``to_unit``, exactly rounded.

    >>> convert(814, "mm^2", "m^2")
    0.000814
    >>> convert(1.1, "TB/s", "GB/s")
    1100.0
    """
    source, target = parse_unit(from_unit), parse_unit(to_unit)
    ratio = source.scale / target.scale
    if source.dims != target.dims:
        raise UnitParseError(f"cannot convert {from_unit!r} to {to_unit!r}")
    exact = Fraction(format_magnitude(magnitude)) * ratio
    return exact.numerator / exact.denominator


# --- pint, for values users touch --------------------------------------------------------

_PINT_DEFINITIONS = """
kilo- = 1e3 = k-
mega- = 1e6 = M-
giga- = 1e9 = G-
tera- = 1e12 = T-
peta- = 1e15 = P-
exa- = 1e18 = E-
milli- = 1e-3 = m-
centi- = 1e-2 = c-
micro- = 1e-6 = u- = µ-
nano- = 1e-9 = n-
kibi- = 2**10 = Ki-
mebi- = 2**20 = Mi-
gibi- = 2**30 = Gi-
tebi- = 2**40 = Ti-
pebi- = 2**50 = Pi-
exbi- = 2**60 = Ei-
bit = [information] = b
byte = 8 * bit = B
FLOP = [flop]
OP = [op]
FLOPS = FLOP / second
OPS = OP / second
second = [time] = s
hour = 3600 * second = h
meter = [length] = m
gram = [mass] = g
joule = kilogram * meter ** 2 / second ** 2 = J
watt = joule / second = W
"""


@cache
def registry() -> pint.UnitRegistry:  # type: ignore[type-arg]  # pint's generics are internal
    """chipspec's pint registry (built on first use; importing chipspec does not import pint)."""
    import pint

    ureg: pint.UnitRegistry = pint.UnitRegistry(None, autoconvert_offset_to_baseunit=False)  # type: ignore[type-arg]
    for line in _PINT_DEFINITIONS.strip().splitlines():
        ureg.define(line)
    ureg.formatter.default_format = "~"
    return ureg


@cache
def _pint_unit(spelling: str) -> Any:
    return registry().Unit(SPELLINGS[spelling].pint)


def quantity(magnitude: float, unit: str) -> Any:
    """A new pint Quantity (never shared: every call builds its own)."""
    return registry().Quantity(float(magnitude), _pint_unit(unit))


def from_quantity(value: Any, kind: str) -> Parsed:
    """A pint Quantity (of any registry) as a Parsed value of ``kind``, kept in its own unit
    when chipspec has a spelling for it, else converted to the canonical unit."""
    text = f"{value.units:~}".replace(" ", "")
    text = {"TFLOP/s": "TFLOPS", "TOP/s": "TOPS"}.get(text, text)
    if text in SPELLINGS and SPELLINGS[text].kind == kind:
        return parse_value(f"{format_magnitude(float(value.magnitude))} {text}", kind)
    canonical = KINDS[kind].canonical
    magnitude = float(value.to(registry().Unit(SPELLINGS[canonical].pint)).magnitude)
    return parse_value(f"{format_magnitude(magnitude)} {canonical}", kind)


def kind_of_quantity(value: Any) -> str | None:
    """The chipspec kind (``bandwidth`` ...) of a pint Quantity, by its dimensions."""
    text = f"{value.units:~}".replace(" ", "")
    entry = SPELLINGS.get(text)
    if entry is not None and entry.kind is not None:
        return entry.kind
    for kind, k in KINDS.items():
        if value.dimensionality == _pint_unit(k.canonical).dimensionality:
            return kind
    return None
