"""The one pint registry chipspec owns, and the strict value parser in front of it.

pint's default registry treats bytes as dimensionless, reads ``Gb`` as gilbert and
``80G`` as gauss, and its string parser misreads ``3,35`` or ``1 000``. chipspec
therefore builds a small registry of its own in which information (bit, byte) and
operations (FLOP, OP) are dimensions of their own, and never hands a string from a
file to pint: :func:`parse_quantity` matches one number and one unit spelling from a
closed table, then builds the Quantity from a float and a cached ``Unit``.

Unit definitions (pint's definition grammar, one per line)::

    bit = [information] = b          byte = 8 * bit = B
    FLOP = [operation]               OP = FLOP          # one dimension for both
    FLOPS = FLOP / second            OPS = OP / second  # so "GB/TFLOPS" parses as meant
    second, meter, gram, watt        with SI prefixes k M G T P E (and m for mm)
    binary prefixes Ki Mi Gi Ti Pi   (GiB is 2**30 bytes)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, TypeAlias

import pint

__all__ = [
    "KINDS",
    "Q_",
    "Kind",
    "Quantity",
    "UnitParseError",
    "is_quantity",
    "parse_quantity",
    "ureg",
]

_DEFINITIONS = """
kilo- = 1e3 = k-
mega- = 1e6 = M-
giga- = 1e9 = G-
tera- = 1e12 = T-
peta- = 1e15 = P-
exa- = 1e18 = E-
milli- = 1e-3 = m-
centi- = 1e-2 = c-
kibi- = 2**10 = Ki-
mebi- = 2**20 = Mi-
gibi- = 2**30 = Gi-
tebi- = 2**40 = Ti-
pebi- = 2**50 = Pi-
bit = [information] = b
byte = 8 * bit = B
FLOP = [operation]
OP = FLOP
FLOPS = FLOP / second
OPS = OP / second
second = [time] = s
meter = [length] = m
gram = [mass] = g
joule = kilogram * meter ** 2 / second ** 2 = J
watt = joule / second = W
"""

ureg: pint.UnitRegistry = pint.UnitRegistry(  # type: ignore[type-arg]  # pint's generics are internal
    None, autoconvert_offset_to_baseunit=False
)
for _line in _DEFINITIONS.strip().splitlines():
    ureg.define(_line)
ureg.formatter.default_format = "~"
Q_ = ureg.Quantity
if TYPE_CHECKING:
    Quantity: TypeAlias = pint.Quantity[Any]
else:
    Quantity = pint.Quantity  # also what isinstance() checks against


class UnitParseError(ValueError):
    """A value string that is not one number followed by one known unit."""


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
        Kind("information", "a memory size", "GB", "96 GB", 1e-3, 1e5),
        Kind("bandwidth", "a bandwidth", "GB/s", "3.35 TB/s", 1e-3, 1e6),
        Kind("compute", "a throughput", "TFLOPS", "148 TFLOPS", 1e-6, 1e6),
        Kind("power", "a power", "W", "400 W", 1.0, 1e5),
        Kind("area", "an area", "mm^2", "814 mm^2", 1.0, 1e5),
    )
}

_DECIMAL = ("", "k", "M", "G", "T", "P", "E")
_BINARY = ("Ki", "Mi", "Gi", "Ti", "Pi")


def _spellings() -> dict[str, tuple[str, str]]:
    """Every accepted unit spelling -> (kind name, pint unit expression)."""
    table: dict[str, tuple[str, str]] = {}
    for prefix in _DECIMAL + _BINARY:
        table[f"{prefix}B"] = ("information", f"{prefix}B")
        table[f"{prefix}B/s"] = ("bandwidth", f"{prefix}B / s")
        table[f"{prefix}b/s"] = ("bandwidth", f"{prefix}b / s")
        table[f"{prefix}bps"] = ("bandwidth", f"{prefix}b / s")
        table[f"{prefix}bit/s"] = ("bandwidth", f"{prefix}b / s")
    for prefix in ("k", "M", "G"):
        table[f"{prefix}b"] = ("information", f"{prefix}b")
    table["bit"] = ("information", "b")
    for prefix in _DECIMAL:
        for op in ("FLOP", "OP"):
            table[f"{prefix}{op}S"] = ("compute", f"{prefix}{op}S")
            table[f"{prefix}{op}/s"] = ("compute", f"{prefix}{op} / s")
    for prefix in ("", "k", "M", "G"):
        table[f"{prefix}W"] = ("power", f"{prefix}W")
    for prefix in ("m", "c"):
        table[f"{prefix}m^2"] = ("area", f"{prefix}m ** 2")
        table[f"{prefix}m²"] = ("area", f"{prefix}m ** 2")
        table[f"{prefix}m2"] = ("area", f"{prefix}m ** 2")
    return table


SPELLINGS: dict[str, tuple[str, str]] = _spellings()
# Lower-case index, only for suggesting the right case in error messages.
_FOLDED: dict[str, str] = {}
for _spelling in SPELLINGS:
    _FOLDED.setdefault(_spelling.casefold(), _spelling)

_VALUE = re.compile(
    r"\s*(?P<number>[0-9]{1,17}(?:\.[0-9]{1,24})?(?:[eE][+-]?[0-9]{1,3})?)"
    r"\s*(?P<unit>[A-Za-z][A-Za-z0-9/^²]{0,11})\s*"
)


def is_quantity(value: object) -> bool:
    """Whether ``value`` is a pint Quantity (of any registry)."""
    return isinstance(value, pint.Quantity)


@cache
def unit(spelling: str) -> pint.Unit:
    """The pint Unit for an accepted spelling (cached: parsed once per process)."""
    return ureg.Unit(SPELLINGS[spelling][1])


@cache
def factor(spelling: str, kind: str) -> float:
    """How many canonical units of ``kind`` one ``spelling`` is (cached)."""
    exact = float(ureg.Quantity(1.0, unit(spelling)).to(unit(KINDS[kind].canonical)).magnitude)
    # Unit ratios are products of powers of 10 and 2; pint's float arithmetic can leave
    # 1000.0000000000001 for TB -> GB. Fifteen significant digits restore the exact ratio.
    return float(f"{exact:.15g}")


def _quantity_fast(magnitude: float, spelling: str) -> Quantity:
    # pint's Quantity.__new__ costs ~8 µs (argument sniffing, unit parsing); with a
    # float magnitude and a known unit the result is just these two attributes. Loading
    # builds tens of thousands of quantities, so this is the hot path of the loader.
    quantity = object.__new__(Q_)
    quantity._magnitude = magnitude
    quantity._units = unit(spelling)._units
    return quantity


def _quantity_slow(magnitude: float, spelling: str) -> Quantity:
    return Q_(magnitude, unit(spelling))


def _fast_path_works() -> bool:
    """Whether the fast constructor gives exactly what pint's own does (checked once)."""
    try:
        fast, slow = _quantity_fast(3.35, "TB/s"), _quantity_slow(3.35, "TB/s")
        return bool(fast == slow) and str(fast.to("GB/s")) == str(slow.to("GB/s")) and hash(fast) == hash(slow)
    except Exception:  # any change in pint's internals: use the public constructor
        return False


make_quantity = _quantity_fast if _fast_path_works() else _quantity_slow


def unit_kind(spelling: str) -> str | None:
    """The kind name of a unit spelling, or None when chipspec does not know it."""
    entry = SPELLINGS.get(spelling)
    return entry[0] if entry else None


@lru_cache(maxsize=8192)
def parse_quantity(text: str, kind: str) -> tuple[Quantity, str]:
    """Parse ``"3.35 TB/s"`` strictly into a Quantity of the given kind.

    Returns the Quantity and the unit spelling as written. Raises UnitParseError with
    a message saying what was expected; never evaluates the string. Results are cached:
    catalogs repeat values ("400 W", "80 GB"), and Quantities are treated as immutable.

    >>> parse_quantity("96 GB", "information")[0]
    <Quantity(96.0, 'gigabyte')>
    """
    expected = KINDS[kind]
    hint = f"expected {expected.noun} like '{expected.example}', got {text!r}"
    match = _VALUE.fullmatch(text)
    if match is None:
        if re.match(r"\s*[+-]?(?:nan|inf)", text, re.IGNORECASE):
            raise UnitParseError(f"{hint} (must be a positive, finite number)")
        if re.fullmatch(r"\s*[+-]?[0-9.,eE+\- ]+\s*", text):
            raise UnitParseError(f"{hint} (missing unit)")
        if text.strip().startswith("-"):
            raise UnitParseError(f"{hint} (must be positive)")
        if re.search(r"[0-9][,\s][0-9]", text):
            raise UnitParseError(f"{hint} (write one plain number: no thousands separators or decimal commas)")
        raise UnitParseError(hint)
    spelling = match["unit"]
    found = unit_kind(spelling)
    if found is None:
        folded = _FOLDED.get(spelling.casefold())
        more = f"; did you mean {folded!r}?" if folded else ""
        raise UnitParseError(f"{hint} (unknown unit {spelling!r}{more})")
    if found != kind:
        raise UnitParseError(f"{hint} ({spelling!r} is {KINDS[found].noun})")
    magnitude = float(match["number"])
    if not math.isfinite(magnitude) or magnitude <= 0:
        raise UnitParseError(f"{hint} (must be a positive, finite number)")
    canonical = magnitude * factor(spelling, kind)
    if not expected.low <= canonical <= expected.high:
        raise UnitParseError(
            f"{hint} (outside the plausible range {expected.low:g} to {expected.high:g} {expected.canonical})"
        )
    return make_quantity(magnitude, spelling), spelling


def format_quantity(q: Any, spelling: str | None = None) -> str:
    """Write a Quantity back as ``"<number> <unit>"`` in the spelling it was read with."""
    number = float(q.magnitude)
    text = repr(number)
    if text.endswith(".0"):
        text = text[:-2]
    if spelling is None:
        spelling = spelling_of(q.units)
    return f"{text} {spelling}"


@cache
def _reverse_spellings() -> dict[Any, str]:
    table: dict[Any, str] = {}
    for spelling in SPELLINGS:
        table.setdefault(unit(spelling), spelling)  # the first spelling of a unit wins: "mm^2", "TFLOPS"
    return table


def spelling_of(u: Any) -> str:
    """An accepted spelling of a pint unit (so a value written out loads back), else pint's."""
    return _reverse_spellings().get(u) or f"{u:~}".replace(" ", "")
