"""The data model: frozen records for one accelerator and the field table behind them.

``FIELDS`` is the single description of every leaf field of the format (its dotted
path, what kind of value it holds, and a one-line description). The loader, the JSON
Schema, ``chip["memory.bandwidth"]``, ``chipspec show`` and the metrics all read it.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from .errors import UnknownNameError
from .units import KINDS, Quantity

__all__ = [
    "CATEGORIES",
    "CONFIDENCES",
    "FIELDS",
    "FORM_FACTORS",
    "PRECISIONS",
    "Alternative",
    "Compute",
    "Field",
    "Host",
    "Interconnect",
    "Memory",
    "Pcie",
    "Power",
    "Provenance",
    "Source",
    "Spec",
]

PRECISIONS: tuple[str, ...] = ("fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "fp6", "fp4", "int8", "int4")
CATEGORIES: tuple[str, ...] = ("GPU", "NPU", "TPU", "ASIC", "other")
FORM_FACTORS: tuple[str, ...] = ("SXM", "OAM", "PCIe", "other")
CONFIDENCES: tuple[str, ...] = ("official", "reported", "estimated")


@dataclass(frozen=True, slots=True)
class Field:
    """One leaf field of the format.

    ``kind`` is a unit kind of :data:`chipspec.units.KINDS` (``bandwidth``, ``power`` ...)
    for physical values, or one of ``text``, ``category``, ``form_factor``, ``release``,
    ``count`` and ``pcie``.
    """

    path: str
    kind: str
    description: str

    @property
    def is_quantity(self) -> bool:
        """Whether the field holds a pint Quantity."""
        return self.kind in KINDS

    @property
    def unit(self) -> str | None:
        """The canonical unit of a physical field (``GB/s``), else None."""
        return KINDS[self.kind].canonical if self.kind in KINDS else None


def _fields() -> dict[str, Field]:
    rows = [
        Field("name", "text", "Product name as the vendor writes it (required)."),
        Field("vendor", "text", "Vendor name (required)."),
        Field("category", "category", "GPU, NPU, TPU, ASIC or other."),
        Field("architecture", "text", "Micro-architecture, free text."),
        Field("released", "release", "Release: a year or 'YYYY-MM'."),
        Field("form_factor", "form_factor", "SXM, OAM, PCIe or other."),
        Field("process", "text", "Manufacturing process, free text."),
        Field("die_area", "area", "Total area of the package's logic dies (memory stacks excluded)."),
        Field("dies", "count", "Number of logic dies in the package (default: unknown)."),
        Field("memory.capacity", "information", "Memory capacity of one package."),
        Field("memory.type", "text", "Memory technology (HBM3, GDDR6 ...)."),
        Field("memory.bandwidth", "bandwidth", "Peak memory bandwidth."),
    ]
    for section, what in (("compute", "dense"), ("compute_sparse", "2:4-sparse")):
        for p in PRECISIONS:
            unit = "OPS" if p.startswith("int") else "FLOPS"
            rows.append(Field(f"{section}.{p}", "compute", f"Peak {what} {p.upper()} throughput ({unit})."))
    rows += [
        Field("interconnect.name", "text", "Chip-to-chip link (NVLink 4, HCCS, ICI ...)."),
        Field("interconnect.bandwidth", "bandwidth", "Chip-to-chip bandwidth per chip, both directions added."),
        Field("host.pcie", "pcie", "Host PCIe link: generation and lanes."),
        Field("power.tdp", "power", "Maximum board power (TDP/TBP)."),
    ]
    return {f.path: f for f in rows}


FIELDS: Mapping[str, Field] = MappingProxyType(_fields())
SECTIONS: tuple[str, ...] = ("memory", "compute", "compute_sparse", "interconnect", "host", "power")


@dataclass(frozen=True, slots=True)
class Source:
    """A document that figures come from. ``url`` is None only for private documents."""

    key: str
    title: str | None = None
    url: str | None = None
    acks: tuple[tuple[str, str], ...] = ()  # (check name, reason) silenced on this source


@dataclass(frozen=True, slots=True)
class Alternative:
    """Another published figure for a value, kept beside the best-supported one."""

    value: Any
    sources: tuple[Source, ...] = ()
    confidence: str | None = None
    note: str | None = None
    unit: str | None = None

    @property
    def source(self) -> Source | None:
        """The primary source, if any."""
        return self.sources[0] if self.sources else None


@dataclass(frozen=True, slots=True)
class Provenance:
    """A value with where it comes from.

    ``explicit`` is False when the value names no source of its own and ``sources`` are
    the sheet's. ``sheet`` is the id of the sheet that wrote the value (differs from the
    chip's id for values inherited through ``extends``); ``sheet`` and ``line`` say where
    the value was written and, with ``explicit``, take no part in equality. ``preferred_source`` is set when
    a ``prefer_source`` choice replaced the best-supported value by an alternative.
    """

    field: str
    value: Any
    sources: tuple[Source, ...] = ()
    confidence: str | None = None
    note: str | None = None
    alternatives: tuple[Alternative, ...] = ()
    sheet: str | None = dataclasses.field(default=None, compare=False)
    line: int | None = dataclasses.field(default=None, compare=False)
    unit: str | None = None
    explicit: bool = dataclasses.field(default=True, compare=False)
    preferred_source: str | None = None
    acks: tuple[tuple[str, str], ...] = ()  # (check name, reason) silenced on this value

    @property
    def source(self) -> Source | None:
        """The primary source, if any."""
        return self.sources[0] if self.sources else None

    @property
    def from_alternative(self) -> bool:
        """Whether the value was taken from an alternative by a prefer_source choice."""
        return self.preferred_source is not None

    def cites(self, key: str) -> bool:
        """Whether one of the value's own sources has this key."""
        return self.explicit and any(s.key == key for s in self.sources)


@dataclass(frozen=True, slots=True)
class Pcie:
    """A host PCIe link."""

    gen: int
    lanes: int

    def __str__(self) -> str:
        return f"{self.gen}.0 x{self.lanes}"


@dataclass(frozen=True, slots=True)
class Memory:
    capacity: Quantity | None = None
    type: str | None = None
    bandwidth: Quantity | None = None


@dataclass(frozen=True, slots=True)
class Compute:
    """Peak throughput per precision; dense under ``compute``, sparse under ``compute_sparse``."""

    fp64: Quantity | None = None
    fp32: Quantity | None = None
    tf32: Quantity | None = None
    bf16: Quantity | None = None
    fp16: Quantity | None = None
    fp8: Quantity | None = None
    fp6: Quantity | None = None
    fp4: Quantity | None = None
    int8: Quantity | None = None
    int4: Quantity | None = None

    def known(self) -> dict[str, Quantity]:
        """The precisions with a known figure, widest first."""
        return {p: q for p in PRECISIONS if (q := getattr(self, p)) is not None}


@dataclass(frozen=True, slots=True)
class Interconnect:
    name: str | None = None
    bandwidth: Quantity | None = None


@dataclass(frozen=True, slots=True)
class Host:
    pcie: Pcie | None = None


@dataclass(frozen=True, slots=True)
class Power:
    tdp: Quantity | None = None


_SECTION_TYPES: dict[str, type] = {
    "memory": Memory,
    "compute": Compute,
    "compute_sparse": Compute,
    "interconnect": Interconnect,
    "host": Host,
    "power": Power,
}


def suggest(name: str, choices: Any, n: int = 3) -> list[str]:
    """The closest names to ``name`` among ``choices`` (for did-you-mean messages).

    Only names about as close as the best one are kept, so a clear typo gets one answer.
    """
    scored = sorted(((difflib.SequenceMatcher(None, name, c).ratio(), c) for c in choices), key=lambda rc: -rc[0])
    if not scored or scored[0][0] < 0.6:
        return []
    best = scored[0][0]
    return [c for r, c in scored[:n] if r >= 0.6 and r >= best - 0.1]


@dataclass(frozen=True, eq=False)
class Spec:
    """One accelerator, as loaded from its sheet.

    Leaf values are reachable as typed attributes (``chip.memory.bandwidth``) and by dotted
    path (``chip["memory.bandwidth"]``); both are ``None`` when unknown. Build a Spec with
    :func:`chipspec.load_spec` or :func:`chipspec.load_catalog`, or :meth:`Spec.create`.
    """

    id: str
    name: str
    vendor: str
    aliases: tuple[str, ...]
    category: str | None
    architecture: str | None
    released: str | None
    form_factor: str | None
    process: str | None
    die_area: Quantity | None
    dies: int | None
    memory: Memory
    compute: Compute
    compute_sparse: Compute
    interconnect: Interconnect
    host: Host
    power: Power
    sources: Mapping[str, Source]
    extra: Mapping[str, Any]
    extends: str | None
    path: str | None
    entries: Mapping[str, Provenance] = dataclasses.field(repr=False)

    @classmethod
    def create(
        cls,
        id: str,
        entries: Mapping[str, Provenance],
        *,
        aliases: tuple[str, ...] = (),
        sources: Mapping[str, Source] | None = None,
        extra: Mapping[str, Any] | None = None,
        extends: str | None = None,
        path: str | None = None,
    ) -> Spec:
        """Build a Spec from its leaf values (``entries`` keyed by field path)."""
        values: dict[str, Any] = {}
        grouped: dict[str, dict[str, Any]] = {name: {} for name in _SECTION_TYPES}
        for field_path, entry in entries.items():
            values[field_path] = entry.value
            section, _, leaf = field_path.partition(".")
            if leaf:
                grouped[section][leaf] = entry.value
        sections = {name: section_type(**grouped[name]) for name, section_type in _SECTION_TYPES.items()}
        return cls(
            id=id,
            name=values.get("name", id),
            vendor=values.get("vendor", ""),
            aliases=aliases,
            category=values.get("category"),
            architecture=values.get("architecture"),
            released=values.get("released"),
            form_factor=values.get("form_factor"),
            process=values.get("process"),
            die_area=values.get("die_area"),
            dies=values.get("dies"),
            sources=MappingProxyType(dict(sources or {})),
            extra=MappingProxyType(dict(extra or {})),
            extends=extends,
            path=path,
            entries=MappingProxyType(dict(entries)),
            **sections,
        )

    def __repr__(self) -> str:
        return f"<Spec {self.id}: {self.vendor} {self.name}>"

    def __getitem__(self, path: str) -> Any:
        """The value at a dotted field path (``"memory.bandwidth"``, ``"host.pcie.gen"``)."""
        if path in FIELDS:
            entry = self.entries.get(path)
            return None if entry is None else entry.value
        if path in ("host.pcie.gen", "host.pcie.lanes"):
            pcie = self.host.pcie
            return None if pcie is None else getattr(pcie, path.rsplit(".", 1)[1])
        if path in ("id", "aliases"):
            return getattr(self, path)
        raise UnknownNameError("field", path, suggest(path, FIELDS))

    def __iter__(self) -> Iterator[str]:
        """The paths of the fields this chip has a value for, in format order."""
        return (p for p in FIELDS if p in self.entries)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Spec):
            return NotImplemented
        return (
            self.id == other.id
            and self.aliases == other.aliases
            and dict(self.entries) == dict(other.entries)
            and dict(self.sources) == dict(other.sources)
            and dict(self.extra) == dict(other.extra)
        )

    def __hash__(self) -> int:
        return hash(self.id)

    def provenance(self, path: str) -> Provenance:
        """Where the value at ``path`` comes from.

        A value without a source of its own falls back to the sheet's sources
        (``explicit=False``). An unknown value gives a Provenance whose value is None.

        Raises:
            UnknownNameError: ``path`` is not a field of the format.
        """
        if path not in FIELDS:
            raise UnknownNameError("field", path, suggest(path, FIELDS))
        entry = self.entries.get(path)
        if entry is None:
            return Provenance(field=path, value=None)
        if entry.sources or not self.sources:
            return entry
        return replace(entry, sources=tuple(self.sources.values()), explicit=False)

    def prefer(self, key: str) -> Spec:
        """This chip with each value taken from source ``key`` wherever the sheet has one.

        A value whose own sources include ``key`` stays; otherwise the first alternative
        citing ``key`` becomes the value, the old value becomes an alternative, and the
        provenance records ``preferred_source=key``.
        """
        changed: dict[str, Provenance] = {}
        for path, entry in self.entries.items():
            if entry.cites(key):
                continue
            for i, alt in enumerate(entry.alternatives):
                if any(s.key == key for s in alt.sources):
                    demoted = Alternative(entry.value, entry.sources, entry.confidence, entry.note, entry.unit)
                    rest = entry.alternatives[:i] + entry.alternatives[i + 1 :]
                    changed[path] = replace(
                        entry,
                        value=alt.value,
                        sources=alt.sources,
                        confidence=alt.confidence,
                        note=alt.note,
                        unit=alt.unit,
                        alternatives=(demoted, *rest),
                        preferred_source=key,
                    )
                    break
        if not changed:
            return self
        return Spec.create(
            self.id,
            {**self.entries, **changed},
            aliases=self.aliases,
            sources=self.sources,
            extra=self.extra,
            extends=self.extends,
            path=self.path,
        )
