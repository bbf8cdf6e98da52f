"""Systems: scale-up domains and supernodes (an HGX board, a GB200 NVL72 rack, a
CloudMatrix 384, a TPU pod) as sheets of their own, built from a chip sheet and a count.

A chip sheet cannot say how much memory and compute sit behind one fast fabric; a system
sheet can. It is read by the same reader as a chip sheet (:mod:`chipspec.load`, with the
field table :data:`SYSTEM_FIELDS` below, built from the same field kinds), so it has the
same strictness, sources, confidence, alternatives and unstated-basis annotations. It
names its chip sheet by id and how many chips it holds; :meth:`System.derived` multiplies
the chip's figures by that count and sets each product beside the figure the vendor
publishes for the whole, so a published total that disagrees beyond rounding is visible
(it usually means a dense/sparse or per-chip/per-package mix-up on one side).

The format is ``chipspec/1`` with ``kind: system`` at the top (see docs/spec-format.md);
a loaded catalog holds its systems as :attr:`chipspec.Catalog.systems`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .errors import UnknownNameError, UsageError
from .format import (
    CHOICE,
    KIND_TABLE,
    PRECISION_TABLE,
    RELEASE,
    STATUSES,
    TEXT,
    Field,
    FieldError,
    FieldKind,
    Input,
    Scalar,
    Stored,
    count_kind,
)
from .spec import Provenance, Source, Spec, _melt, freeze, suggest
from .units import KINDS, Parsed, UnitParseError, format_magnitude, parse_value

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "COOLING",
    "FABRIC_KINDS",
    "SYSTEM_COLUMNS",
    "SYSTEM_FIELDS",
    "SYSTEM_KIND",
    "Derived",
    "System",
    "SystemComparison",
    "Systems",
    "agrees",
    "compare_systems",
]

SYSTEM_KIND = "system"  # the value of ``kind`` that makes a sheet a system sheet
FABRIC_KINDS: tuple[str, ...] = ("switched", "mesh", "torus", "ring")
COOLING: tuple[str, ...] = ("air", "liquid", "hybrid")
MAX_SYSTEM_COUNT = 1_000_000


SYSTEM_COUNT = count_kind(MAX_SYSTEM_COUNT)


def _wide(kind: str) -> FieldKind:
    """A physical kind whose plausible range reaches system scale (units.SYSTEM_SCALE)."""
    chip_kind = KIND_TABLE[kind]

    def parse(f: Field, value: Input) -> Stored:
        if not isinstance(value, Scalar):
            raise FieldError("expected a single value, got a mapping")
        expected = KINDS[kind]
        if value.tag != "str":
            missing = " (missing unit)" if value.tag in ("int", "float") else ""
            raise FieldError(f"expected {expected.noun} like '{expected.example}', got {value.describe()}{missing}")
        try:
            return parse_value(value.text, kind, True)
        except UnitParseError as err:
            raise FieldError(str(err)) from None

    return FieldKind(kind, parse, chip_kind.write, chip_kind.render, chip_kind.schema, chip_kind.number, chip_kind.unit)


def _system_fields() -> dict[str, Field]:
    rows = [
        Field("name", TEXT, "System name as the vendor writes it (required).", required=True, identity=True),
        Field("vendor", TEXT, "Vendor name (required).", required=True, identity=True),
        Field("released", RELEASE, "The month (or year) the vendor announced the system with its figures."),
        Field("status", CHOICE, "announced, shipping or discontinued.", choices=STATUSES),
        Field("chip", TEXT, "The id of the chip sheet the system is built from (required).", required=True),
        Field("chips", SYSTEM_COUNT, "How many of those chips the system holds (required).", "higher", required=True),
        Field("domain.size", SYSTEM_COUNT, "Chips in one scale-up domain (one fast fabric).", "higher"),
        Field("domain.fabric", TEXT, "The scale-up fabric's name (NVLink 5 Switch, UB, ICI ...)."),
        Field(
            "domain.kind", CHOICE, "How the fabric connects chips: switched, mesh, torus or ring.", choices=FABRIC_KINDS
        ),
        Field(
            "domain.bandwidth",
            _wide("bandwidth"),
            "Scale-up bandwidth per chip, both directions added.",
            "higher",
            annotations=("direction",),
        ),
        Field("domain.topology", TEXT, "The topology in words (one NVLink switch tier, 3D torus 16x20x28 ...)."),
        Field(
            "scale_out.bandwidth",
            _wide("bandwidth"),
            "Scale-out (NIC) bandwidth per chip, both directions added.",
            "higher",
            annotations=("direction",),
        ),
    ]
    for section, what, sparse in (("compute", "dense", False), ("compute_sparse", "2:4-sparse", True)):
        for p in PRECISION_TABLE.values():
            rows.append(
                Field(
                    f"{section}.{p.name}",
                    _wide(p.kind),
                    f"Published {what} {p.name.upper()} throughput of the whole system.",
                    "higher",
                    annotations=() if sparse else ("sparsity",),
                    precision=p,
                    sparse=sparse,
                )
            )
    rows += [
        Field("memory.capacity", _wide("information"), "Published HBM (device memory) of the whole system.", "higher"),
        Field("memory.bandwidth", _wide("bandwidth"), "Published HBM bandwidth of the whole system.", "higher"),
        Field(
            "memory.fast",
            _wide("information"),
            "Published 'fast memory' of the whole system (HBM plus CPU memory on the fabric).",
            "higher",
        ),
        Field("power.total", _wide("power"), "Published power of the whole system.", "lower"),
        Field("power.cooling", CHOICE, "air, liquid or hybrid.", choices=COOLING),
        Field("racks", SYSTEM_COUNT, "Racks (cabinets) the system takes."),
        Field("optical_modules", SYSTEM_COUNT, "Optical transceivers in the system, where published."),
        Field("price", TEXT, "List price where reported, as written (currency and basis)."),
    ]
    return {f.path: f for f in rows}


SYSTEM_FIELDS: Mapping[str, Field] = MappingProxyType(_system_fields())
SYSTEM_SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(f.section for f in SYSTEM_FIELDS.values() if f.section))
SYSTEM_SECTION_KEYS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {s: tuple(f.leaf for f in SYSTEM_FIELDS.values() if f.section == s) for s in SYSTEM_SECTIONS}
)
_TOP = tuple(p for p, f in SYSTEM_FIELDS.items() if f.section is None)
SYSTEM_TOP_KEYS: tuple[str, ...] = ("kind", *_TOP[:2], "aliases", *_TOP[2:], *SYSTEM_SECTIONS, "sources", "extra")


# --- the record --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class System:
    """One system, as loaded from its sheet, with the chip sheet it names resolved.

    Values are reachable by dotted path (``system["domain.size"]``, None when unknown) and
    as records with their sources (``system.entries``).
    """

    id: str
    entries: Mapping[str, Provenance]
    chip: Spec
    sources: Mapping[str, Source] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    path: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __reduce__(self) -> tuple[Any, ...]:
        # The cache of the bundled catalog pickles systems (read-only mappings do not pickle).
        return (
            _system_from,
            (self.id, dict(self.entries), self.chip, dict(self.sources), self.aliases, self.path, _melt(self.extra)),
        )

    def __repr__(self) -> str:
        return f"<System {self.id}: {self.vendor} {self.name} ({self.count} x {self.chip.id})>"

    def __getitem__(self, path: str) -> Any:
        if path not in SYSTEM_FIELDS:
            raise UnknownNameError("system field", path, suggest(path, SYSTEM_FIELDS))
        entry = self.entries.get(path)
        return None if entry is None else entry.value

    def number(self, path: str) -> float | None:
        """A value as a plain number in its canonical unit (TFLOPS, GB, GB/s, W), or None."""
        entry = self.entries.get(path)
        if entry is None:
            return None
        stored = entry.stored
        if isinstance(stored, Parsed):
            return stored.canonical
        return float(stored) if isinstance(stored, int) else None

    @property
    def name(self) -> str:
        return str(self.entries["name"].stored)

    @property
    def vendor(self) -> str:
        return str(self.entries["vendor"].stored)

    @property
    def count(self) -> int:
        """How many chips the system holds."""
        return int(self.entries["chips"].stored)

    @property
    def domain_size(self) -> int:
        """Chips in one scale-up domain (the whole system when the sheet does not say)."""
        entry = self.entries.get("domain.size")
        return self.count if entry is None else int(entry.stored)

    @property
    def fabric_kind(self) -> str | None:
        entry = self.entries.get("domain.kind")
        return None if entry is None else str(entry.stored)

    def scale_up(self) -> float | None:
        """Scale-up bandwidth per chip in GB/s, both directions: the system's figure, else
        the chip sheet's interconnect figure."""
        own = self.number("domain.bandwidth")
        return own if own is not None else _chip_number(self.chip, "interconnect.bandwidth")

    def derived(self) -> list[Derived]:
        """The chip's figures times the count, each beside the published total."""
        return derive(self)


def _system_from(
    id: str,
    entries: dict[str, Provenance],
    chip: Spec,
    sources: dict[str, Source],
    aliases: tuple[str, ...],
    path: str | None,
    extra: Any,
) -> System:
    """A System from its pickled parts."""
    return System(id, MappingProxyType(entries), chip, MappingProxyType(sources), aliases, path, freeze(extra))


def _chip_number(chip: Spec, path: str) -> float | None:
    entry = chip.entries.get(path)
    return None if entry is None else entry.number


# --- derived totals ----------------------------------------------------------------------

# A published total agrees with the derived one when they differ by less than this much
# (relative) or by less than half a unit of the published figure's last written digit.
SLACK = 0.01
# The chip totals derived and checked: each is the chip's figure times the count.
_SUMMED = (
    *(f"compute.{p}" for p in PRECISION_TABLE),
    *(f"compute_sparse.{p}" for p in PRECISION_TABLE),
    "memory.capacity",
    "memory.bandwidth",
)


@dataclass(frozen=True, slots=True)
class Derived:
    """A system total derived from its chip, beside what the vendor publishes.

    ``value`` is in the field's canonical unit; ``published`` the system's own record (None
    when the sheet gives none); ``agrees`` None when there is nothing to check against;
    ``hint`` says what a disagreement matches instead (the chip's other sparsity, an
    alternative published figure).
    """

    field: str
    value: float
    unit: str
    chip_value: float
    count: int
    published: Provenance | None = None
    agrees: bool | None = None
    hint: str = ""
    # What ``hint`` says, as data for other languages: ("dense" | "sparse", precision) or
    # ("alternative", "figure (source key)").
    matches: tuple[str, str] | None = None

    @property
    def off(self) -> float | None:
        """How far the published figure is from the derived one, relative (+0.05: 5% more)."""
        if self.published is None or self.published.number is None or self.value == 0:
            return None
        return float(self.published.number) / self.value - 1


def _step(stored: Parsed) -> float:
    """Half a unit of the last digit written, in canonical units (``1.4 EFLOPS``: 0.05 EF)."""
    text = format_magnitude(stored.magnitude)
    decimals = len(text.split(".", 1)[1]) if "." in text and "e" not in text.lower() else 0
    scale = stored.canonical / stored.magnitude if stored.magnitude else 0.0
    return 0.5 * 10.0**-decimals * scale


def agrees(derived: float, published: Parsed) -> bool:
    """Whether a published figure is the derived one, rounded as written (within 1%, or
    within half a unit of its last written digit)."""
    tolerance = max(SLACK * abs(published.canonical), _step(published))
    return abs(published.canonical - derived) <= tolerance


def derive(system: System) -> list[Derived]:
    """Every chip total that both the chip sheet and the count give, in field order."""
    out = []
    for path in _SUMMED:
        per_chip = _chip_number(system.chip, path)
        if per_chip is None:
            continue
        total = per_chip * system.count
        published = system.entries.get(path)
        unit = str(SYSTEM_FIELDS[path].unit)
        if published is None or not isinstance(published.stored, Parsed):
            out.append(Derived(path, total, unit, per_chip, system.count))
            continue
        ok = agrees(total, published.stored)
        matches = None if ok else _matches(system, path)
        hint = ""
        if matches is not None:
            kind, what = matches
            hint = (
                f"the alternative {what} agrees"
                if kind == "alternative"
                else f"it matches the chip's {kind} {what} figure x {system.count}"
            )
        out.append(Derived(path, total, unit, per_chip, system.count, published, ok, hint, matches))
    return out


def _matches(system: System, path: str) -> tuple[str, str] | None:
    """What a disagreeing published figure matches instead, if anything."""
    published = system.entries[path]
    section, _, leaf = path.partition(".")
    if section in ("compute", "compute_sparse"):
        other = f"{'compute' if section == 'compute_sparse' else 'compute_sparse'}.{leaf}"
        per_chip = _chip_number(system.chip, other)
        if per_chip is not None and agrees(per_chip * system.count, published.stored):
            return ("sparse" if other.startswith("compute_sparse") else "dense"), leaf
    per_chip = _chip_number(system.chip, path)
    if per_chip is not None:
        for alternative in published.alternatives:
            if isinstance(alternative.stored, Parsed) and agrees(per_chip * system.count, alternative.stored):
                key = alternative.source.key if alternative.source else "no source"
                return "alternative", f"{alternative.text} ({key})"
    return None


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """``numerator / denominator``, None when either is unknown or the denominator is 0."""
    if numerator is None or denominator is None or denominator == 0 or not math.isfinite(denominator):
        return None
    return numerator / denominator


# --- the collection ----------------------------------------------------------------------


def _key(name: str) -> str:
    return "".join(name.split()).replace("-", "").replace("_", "").casefold()


class Systems(Mapping[str, System]):
    """The systems of a catalog, by id (sorted), with lookup by id, name or alias."""

    def __init__(self, systems: Mapping[str, System] | None = None) -> None:
        self._systems = dict(sorted((systems or {}).items()))
        index: dict[str, set[str]] = {}
        for s in self._systems.values():
            for n in (s.id, s.name, f"{s.vendor} {s.name}", *s.aliases):
                index.setdefault(_key(n), set()).add(s.id)
        self._index = index

    def __reduce__(self) -> tuple[Any, ...]:
        return (Systems, (self._systems,))

    def __getitem__(self, system_id: str) -> System:
        return self._systems[system_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._systems)

    def __len__(self) -> int:
        return len(self._systems)

    def __repr__(self) -> str:
        return f"<Systems: {len(self)} systems>"

    def find(self, name: str) -> System | None:
        """The one system ``name`` names exactly (id, name, "vendor name" or alias), or None."""
        ids = self._index.get(_key(name), set())
        return self._systems[next(iter(ids))] if len(ids) == 1 else None

    def get_system(self, name: str) -> System:
        """The system ``name`` names.

        Raises:
            UnknownNameError: no system has that name (with close names).
        """
        found = self.find(name)
        if found is None:
            raise UnknownNameError("system", name, suggest(name, list(self._systems)))
        return found


# --- comparing systems -------------------------------------------------------------------

# The columns systems are compared on: key -> (unit, direction). Totals are the published
# figure where the sheet gives one, else the chip's figure x the count.
SYSTEM_COLUMNS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "chips": ("", "higher"),
        "domain.size": ("", "higher"),
        "scale_up": ("GB/s", "higher"),
        "total.bf16": ("PFLOPS", "higher"),
        "total.fp8": ("PFLOPS", "higher"),
        "total.hbm": ("TB", "higher"),
        "power.total": ("kW", "lower"),
        "tflops_per_kw": ("TFLOPS/kW", "higher"),
        "scale_up_per_tflops": ("GB/s/TFLOPS", "higher"),
        "memory_per_domain": ("TB", "higher"),
    }
)


def _total(system: System, path: str) -> tuple[float | None, bool]:
    """A total in canonical units (published, else chip x count) and whether the published
    one disagrees with chip x count."""
    d = next((d for d in system.derived() if d.field == path), None)
    published = system.number(path)
    if published is not None:
        return published, bool(d is not None and d.agrees is False)
    return (None if d is None else d.value), False


def system_numbers(system: System) -> tuple[dict[str, float | None], frozenset[str]]:
    """The numbers of :data:`SYSTEM_COLUMNS` for one system (None: unknown), and the
    totals whose published figure disagrees with chip x count."""
    bf16, bf16_off = _total(system, "compute.bf16")
    fp8, fp8_off = _total(system, "compute.fp8")
    hbm, hbm_off = _total(system, "memory.capacity")
    power = system.number("power.total")
    chip_bf16 = _chip_number(system.chip, "compute.bf16")
    chip_hbm = _chip_number(system.chip, "memory.capacity")
    scale_up = system.scale_up()
    numbers: dict[str, float | None] = {
        "chips": float(system.count),
        "domain.size": float(system.domain_size),
        "scale_up": scale_up,
        "total.bf16": None if bf16 is None else bf16 / 1000,
        "total.fp8": None if fp8 is None else fp8 / 1000,
        "total.hbm": None if hbm is None else hbm / 1000,
        "power.total": None if power is None else power / 1000,
        "tflops_per_kw": ratio(bf16, None if power is None else power / 1000),
        "scale_up_per_tflops": ratio(scale_up, chip_bf16),
        "memory_per_domain": None if chip_hbm is None else chip_hbm * system.domain_size / 1000,
    }
    off = {k for k, bad in (("total.bf16", bf16_off), ("total.fp8", fp8_off), ("total.hbm", hbm_off)) if bad}
    return numbers, frozenset(off)


def _check_column(name: str) -> str:
    if name not in SYSTEM_COLUMNS:
        close = suggest(name, SYSTEM_COLUMNS)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UsageError(f"unknown system column {name!r}{hint} (columns: {', '.join(SYSTEM_COLUMNS)})")
    return name


@dataclass(frozen=True)
class SystemComparison:
    """Systems side by side on :data:`SYSTEM_COLUMNS`: the same questions ``compare`` asks
    of chips (rank, weighted score, Pareto front, ratio to a baseline), asked of systems.

    ``numbers[i][column]`` is None where unknown; a system missing a column is left out of
    what needs it (it is never scored or ranked as 0).
    """

    systems: tuple[System, ...]
    numbers: tuple[dict[str, float | None], ...]
    disagree: tuple[frozenset[str], ...]

    def column(self, name: str) -> np.ndarray:
        """A column as floats (NaN where unknown)."""
        import numpy as np  # imported where it computes: listing and loading need none

        _check_column(name)
        return np.array([np.nan if n[name] is None else n[name] for n in self.numbers], dtype=float)

    def rank(self, name: str) -> list[int | None]:
        """Competition ranks (1 is best, in the column's direction); None where unknown."""
        from .rank import competition_ranks

        ranks = competition_ranks(self.column(name), SYSTEM_COLUMNS[name][1] == "higher")
        return [int(r) if r else None for r in ranks]

    def score(self, weights: Mapping[str, float]) -> list[float | None]:
        """Weighted sum of each column relative to the best system (best = 1); None for a
        system missing any weighted column."""
        import numpy as np  # imported where it computes: listing and loading need none

        from .rank import normalise_weights, relative_to_best

        normalised = normalise_weights({_check_column(k): w for k, w in weights.items()})
        total = np.zeros(len(self.systems))
        for name, w in normalised.items():
            total = total + w * relative_to_best(self.column(name), SYSTEM_COLUMNS[name][1] == "higher")
        return [None if math.isnan(t) else float(t) for t in total]

    def pareto(self, columns: Sequence[str]) -> list[bool | None]:
        """Whether each system is on the Pareto front of ``columns`` (None: a column unknown)."""
        import numpy as np  # imported where it computes: listing and loading need none

        from .rank import pareto_mask

        if len(columns) < 2:
            raise UsageError("a Pareto front needs at least two columns")
        matrix = np.column_stack([self.column(c) for c in columns])
        known = ~np.isnan(matrix).any(axis=1)
        higher = [SYSTEM_COLUMNS[c][1] == "higher" for c in columns]
        mask = pareto_mask(matrix[known], higher) if known.any() else np.zeros(0, dtype=bool)
        out: list[bool | None] = [None] * len(self.systems)
        for index, on in zip(np.flatnonzero(known), mask, strict=True):
            out[int(index)] = bool(on)
        return out

    def relative(self, baseline: str, name: str) -> list[float | None]:
        """Each system's value over the baseline system's (None where either is unknown)."""
        base = self.systems.index(_find(self.systems, baseline))
        column = self.column(name)
        return [
            None if math.isnan(v) or math.isnan(column[base]) or column[base] == 0 else float(v / column[base])
            for v in column
        ]


def _find(systems: Sequence[System], name: str) -> System:
    found = Systems({s.id: s for s in systems}).find(name)
    if found is None:
        raise UsageError(f"baseline {name!r} is not one of the systems compared ({', '.join(s.id for s in systems)})")
    return found


def compare_systems(systems: Iterable[System]) -> SystemComparison:
    """Systems side by side (the Python side of ``chipspec systems``).

    >>> from chipspec import load_catalog
    >>> s = load_catalog().systems
    >>> c = compare_systems([s["nvidia-gb200-nvl72"], s["huawei-cloudmatrix-384"]])
    >>> c.numbers[1]["total.bf16"]
    300.0
    """
    chosen = tuple(systems)
    rows = [system_numbers(s) for s in chosen]
    return SystemComparison(chosen, tuple(r[0] for r in rows), tuple(r[1] for r in rows))
