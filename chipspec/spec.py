"""The data model: frozen records for one accelerator, holding plain immutable data.

A :class:`Spec` keeps each value as it was parsed (a number, its unit spelling and the
same number in the field's canonical unit; or text, a count, a PCIe link). Nothing it
holds is mutable, so nothing can be shared by mistake: a value read as a pint Quantity
(``chip.power.tdp``, ``chip["memory.bandwidth"]``, ``provenance.value``) is built fresh
on every access, and an in-place ``ito("kW")`` on it changes nothing else.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from operator import itemgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

from .errors import UnknownNameError
from .format import (
    ANNOTATIONS,
    CATEGORIES,
    CONFIDENCES,
    FIELDS,
    FORM_FACTORS,
    PARTS,
    PRECISIONS,
    SECTION_KEYS,
    STATUSES,
    Pcie,
)
from .units import Parsed, convert, format_magnitude, from_quantity, is_quantity, kind_of_quantity, quantity

if TYPE_CHECKING:
    import pint

    Quantity = pint.Quantity[Any]
else:
    Quantity = Any

__all__ = [
    "CATEGORIES",
    "CONFIDENCES",
    "FIELDS",
    "FLAGS",
    "FORM_FACTORS",
    "PRECISIONS",
    "STATUSES",
    "Alternative",
    "Compute",
    "ExtraValue",
    "Host",
    "Interconnect",
    "Memory",
    "Pcie",
    "Power",
    "Provenance",
    "Source",
    "Spec",
]

# What a table flags: the kinds of doubt that can change a reader's conclusion.
FLAGS: tuple[str, ...] = ("disputed", "estimated", "unstated", "fallback", "preferred")


def suggest(name: str, choices: Iterable[str], n: int = 3, limit: int = 2000) -> list[str]:
    """The closest names to ``name`` among ``choices`` (for did-you-mean messages).

    Only names about as close as the best one are kept, so a clear typo gets one answer.
    Bounded: names are cut to 60 characters and at most ``limit`` candidates of a similar
    length are scored, so a sheet full of typos stays linear to validate.
    """
    name = name[:60]
    pool = [c for c in choices if abs(len(c) - len(name)) <= max(3, len(name) // 2)][:limit]
    matcher = difflib.SequenceMatcher(None, "", name)
    scored = []
    for c in pool:
        matcher.set_seq1(c[:60])
        if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
            scored.append((matcher.ratio(), c))
    scored.sort(key=lambda rc: -rc[0])
    if not scored or scored[0][0] < 0.6:
        return []
    best = scored[0][0]
    return [c for r, c in scored[:n] if r >= 0.6 and r >= best - 0.1]


@dataclass(frozen=True, slots=True)
class Source:
    """A document that figures come from. ``url`` is None only for private documents.

    ``via`` is the address of a verbatim copy the figures were read through (a repository
    transcription, an archive) when the publisher's own page (``url``) was not read itself.
    """

    key: str
    title: str | None = None
    url: str | None = None
    acks: tuple[tuple[str, str], ...] = ()  # (check name, reason) silenced on this source
    via: str | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # positional, through __init__: ten times faster to unpickle than a frozen
        # dataclass's state (the bundled catalog's cache holds thousands)
        return (Source, (self.key, self.title, self.url, self.acks, self.via))


def _normalise(path: str, value: Any) -> Any:
    """A value as stored: a pint Quantity becomes a Parsed record in the field's kind."""
    if is_quantity(value):
        f = FIELDS.get(path)
        if f is None or not f.kind.physical:
            raise UnknownNameError("quantity field", path)
        return from_quantity(value, f.kind.name)
    return value


_PLAIN = (Parsed, str, int, Pcie, type(None))
_NO_FLAGS: frozenset[str] = frozenset()


def _public(stored: Any) -> Any:
    """The value a user receives: a fresh Quantity for physical values."""
    if isinstance(stored, Parsed):
        return quantity(stored.magnitude, stored.unit)
    return stored


def _text(stored: Any) -> str:
    if isinstance(stored, Parsed):
        return f"{format_magnitude(stored.magnitude)} {stored.unit}"
    return str(stored)


# Published figures within this relative distance are the same figure, rounded (2.45 and
# 2.46 TB/s, 3.67 and 3.7 TB/s): not a disagreement a reader needs to weigh.
SAME_FIGURE = 0.01


def _differs(a: Any, b: Any) -> bool:
    """Whether two stored values are different figures: numbers more than 1% apart, or
    different text (compared without case)."""
    if isinstance(a, Parsed) and isinstance(b, Parsed):
        return abs(a.canonical - b.canonical) > SAME_FIGURE * max(abs(a.canonical), abs(b.canonical))
    return str(a).casefold() != str(b).casefold()


@dataclass(frozen=True, slots=True)
class Alternative:
    """Another published figure for a value, kept beside the best-supported one."""

    stored: Any
    sources: tuple[Source, ...] = ()
    confidence: str | None = None
    note: str | None = None
    annotations: tuple[tuple[str, str], ...] = ()

    def __reduce__(self) -> tuple[Any, ...]:
        return (Alternative, (self.stored, self.sources, self.confidence, self.note, self.annotations))

    @property
    def value(self) -> Any:
        """The figure (a fresh pint Quantity for physical values)."""
        return _public(self.stored)

    @property
    def unit(self) -> str | None:
        """The unit spelling as written, for physical values."""
        return self.stored.unit if isinstance(self.stored, Parsed) else None

    @property
    def text(self) -> str:
        """The figure as written (``"550 W"``)."""
        return _text(self.stored)

    @property
    def source(self) -> Source | None:
        """The primary source, if any."""
        return self.sources[0] if self.sources else None


class _ProvenanceFields:
    """The fields of :class:`Provenance`, as a dataclass declares them (the record itself
    is a tuple; ``dataclasses.fields``, ``replace`` and ``is_dataclass`` read these)."""

    field: str
    stored: Any
    sources: tuple[Source, ...] = ()
    confidence: str | None = None
    note: str | None = None
    alternatives: tuple[Alternative, ...] = ()
    sheet: str | None = dataclasses.field(default=None, compare=False)
    line: int | None = dataclasses.field(default=None, compare=False)
    explicit: bool = dataclasses.field(default=True, compare=False)
    preferred_source: str | None = None
    acks: tuple[tuple[str, str], ...] = ()
    annotations: tuple[tuple[str, str], ...] = ()
    physical_stored: Any = None  # memory.capacity: the physical size, where it differs
    _number: Any = dataclasses.field(default=None, init=False, repr=False, compare=False)
    _flags: Any = dataclasses.field(default=None, init=False, repr=False, compare=False)


_ProvenanceFields = dataclass(frozen=True)(_ProvenanceFields)  # type: ignore[misc]
_INIT_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(_ProvenanceFields) if f.init)  # type: ignore[arg-type]
_COMPARED = tuple(i for i, f in enumerate(dataclasses.fields(_ProvenanceFields)) if f.compare)  # type: ignore[arg-type]
_compared = itemgetter(*_COMPARED)


def _item(index: int, doc: str) -> Any:
    return property(itemgetter(index), doc=doc)


class Provenance(tuple):  # type: ignore[type-arg]
    """A value with where it comes from.

    ``stored`` is the parsed value (plain, immutable); ``value`` gives it to users (a
    fresh pint Quantity for physical values). ``explicit`` is False when the value names
    no source of its own and ``sources`` are the sheet's. ``sheet`` is the id of the sheet
    that wrote the value (it differs from the chip's id for values inherited through
    ``extends``); ``sheet``, ``line`` and ``explicit`` take no part in equality.
    ``preferred_source`` is set when a ``prefer_source`` choice replaced the best-supported
    value by an alternative. ``annotations`` records what a source leaves unstated
    (``direction``, ``sparsity``).

    A frozen dataclass to its users (``dataclasses.fields``, ``replace``, equality and
    hashing by the compared fields, :class:`dataclasses.FrozenInstanceError` on
    assignment), stored as one tuple: the loader makes tens of thousands, and a tuple is
    three times faster to build and a quarter of the memory of a record with a
    ``__dict__`` (:func:`make_provenance`). The engine's number and the flags are derived
    when the record is built (it is immutable, so they never go stale).
    """

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]] = _ProvenanceFields.__dataclass_fields__  # type: ignore[attr-defined]
    __dataclass_params__ = _ProvenanceFields.__dataclass_params__  # type: ignore[attr-defined]
    __match_args__ = (
        "field", "stored", "sources", "confidence", "note", "alternatives", "sheet", "line", "explicit",
        "preferred_source", "acks", "annotations", "physical_stored",
    )  # fmt: skip

    if TYPE_CHECKING:

        @property
        def field(self) -> str: ...

        @property
        def stored(self) -> Any: ...

        @property
        def sources(self) -> tuple[Source, ...]: ...

        @property
        def confidence(self) -> str | None: ...

        @property
        def note(self) -> str | None: ...

        @property
        def alternatives(self) -> tuple[Alternative, ...]: ...

        @property
        def sheet(self) -> str | None: ...

        @property
        def line(self) -> int | None: ...

        @property
        def explicit(self) -> bool: ...

        @property
        def preferred_source(self) -> str | None: ...

        @property
        def acks(self) -> tuple[tuple[str, str], ...]: ...

        @property
        def annotations(self) -> tuple[tuple[str, str], ...]: ...

        @property
        def physical_stored(self) -> Any: ...

        @property
        def _number(self) -> float | None: ...

        @property
        def _flags(self) -> frozenset[str]: ...

    else:
        field = _item(0, "The field's dotted path.")
        stored = _item(1, "The parsed value (plain, immutable).")
        sources = _item(2, "The documents the value comes from.")
        confidence = _item(3, "official, reported or estimated (None: not said).")
        note = _item(4, "A note on the value.")
        alternatives = _item(5, "Other published figures for the value.")
        sheet = _item(6, "The id of the sheet that wrote the value.")
        line = _item(7, "The line of the value in that sheet.")
        explicit = _item(8, "Whether the value names sources of its own.")
        preferred_source = _item(9, "The source a prefer_source choice took the value from.")
        acks = _item(10, "(check name, reason) silenced on this value.")
        annotations = _item(11, "What a source leaves unstated: (name, value) pairs.")
        physical_stored = _item(12, "memory.capacity: the physical size as parsed, where recorded.")
        _number = _item(13, "The engine's number (see number).")
        _flags = _item(14, "The flags (see flags).")

    def __new__(
        cls,
        field: str,
        stored: Any,
        sources: tuple[Source, ...] = (),
        confidence: str | None = None,
        note: str | None = None,
        alternatives: tuple[Alternative, ...] = (),
        sheet: str | None = None,
        line: int | None = None,
        explicit: bool = True,
        preferred_source: str | None = None,
        acks: tuple[tuple[str, str], ...] = (),
        annotations: tuple[tuple[str, str], ...] = (),
        physical_stored: Any = None,
    ) -> Provenance:
        return make_provenance(
            field, stored, sources, confidence, note, alternatives, sheet, line, explicit, acks, annotations,
            physical_stored, preferred_source,
        )  # fmt: skip

    @property
    def value(self) -> Any:
        """The value (a fresh pint Quantity for physical values; text, a count or a Pcie)."""
        return _public(self.stored)

    @property
    def unit(self) -> str | None:
        """The unit spelling as written, for physical values."""
        return self.stored.unit if isinstance(self.stored, Parsed) else None

    @property
    def magnitude(self) -> float | None:
        """The number as written (in :attr:`unit`), for physical values."""
        return self.stored.magnitude if isinstance(self.stored, Parsed) else None

    @property
    def number(self) -> float | None:
        """The engine's number: physical values in the field's canonical unit, counts as is."""
        return self[13]  # type: ignore[no-any-return]

    @property
    def text(self) -> str:
        """The value as written (``"4.0 TB/s"``, ``"HBM3"``, ``"5.0 x16"``)."""
        return _text(self.stored)

    @property
    def source(self) -> Source | None:
        """The primary source, if any."""
        return self.sources[0] if self.sources else None

    @property
    def from_alternative(self) -> bool:
        """Whether the value was taken from an alternative by a prefer_source choice."""
        return self.preferred_source is not None

    @property
    def physical(self) -> Any:
        """For a memory capacity: the physical size (a fresh Quantity) where the sheet records
        one beside the maker's figure (an "80 GB" H100 holds 80 GiB), else None."""
        return None if self.physical_stored is None else _public(self.physical_stored)

    @property
    def physical_text(self) -> str | None:
        """The physical size as written (``"80 GiB"``), or None."""
        return None if self.physical_stored is None else _text(self.physical_stored)

    def annotation(self, name: str) -> str | None:
        """An annotation's value (``direction`` -> ``"unstated"``), or None when not written."""
        return dict(self.annotations).get(name)

    @property
    def direction(self) -> str | None:
        """For a link figure: ``both``, ``doubled`` or ``unstated`` (None: not recorded)."""
        return self.annotation("direction")

    @property
    def sparsity(self) -> str | None:
        """For a compute figure: ``dense`` or ``unstated`` (None: not recorded)."""
        return self.annotation("sparsity")

    def cites(self, key: str) -> bool:
        """Whether one of the value's own sources has this key."""
        return self.explicit and any(s.key == key for s in self.sources)

    @property
    def disputed(self) -> tuple[Alternative, ...]:
        """The alternatives that give another figure than the value."""
        return tuple(a for a in self.alternatives if _differs(a.stored, self.stored))

    @property
    def flags(self) -> frozenset[str]:
        """The kinds of doubt (of :data:`FLAGS`) that this value carries.

        ``disputed``: another published figure differs; ``estimated``: the confidence is
        estimated; ``unstated``: the source leaves the basis open (link direction,
        dense or sparse); ``preferred``: a preferred source's figure replaced the
        catalog's (and differs from it). A note or a ``reported`` confidence alone is no
        flag.
        """
        return self[14]  # type: ignore[no-any-return]

    # --- the record protocol of a frozen dataclass ----------------------------------------

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            # a plain tuple is no record (tuple equality would compare it item by item)
            return False if isinstance(other, tuple) else NotImplemented
        return bool(_compared(self) == _compared(other))

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(_compared(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={self[i]!r}" for i, name in enumerate(_INIT_FIELDS))
        return f"Provenance({shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (tuple(self),))

    def __copy__(self) -> Provenance:
        return self

    def __deepcopy__(self, memo: Any) -> Provenance:
        return self

    # Tuple behaviour a record must not have (it would compare or combine with tuples).
    def __lt__(self, other: object) -> bool:
        raise TypeError("Provenance records have no order")

    __le__ = __gt__ = __ge__ = __lt__


# The numeric fields, then the derived parts (host.pcie.gen ...), in one row per chip.
NUMBER_PATHS: tuple[str, ...] = (*(p for p, f in FIELDS.items() if f.numeric), *PARTS)
NUMBER_INDEX: Mapping[str, int] = MappingProxyType({p: i for i, p in enumerate(NUMBER_PATHS)})
_FIELD_NUMBERS: tuple[str, ...] = tuple(p for p in NUMBER_PATHS if p not in PARTS)
_NAN = float("nan")


def numbers_of(chips: Iterable[Spec]) -> list[tuple[float, ...]]:
    """Each chip's numeric fields as one row of plain numbers in :data:`NUMBER_PATHS`
    order (canonical units; NaN where unknown), made once per chip when it is built: the
    engine turns the rows into one array instead of reading every record."""
    return [chip._numbers for chip in chips]


def flagged_of(chips: Iterable[Spec]) -> list[tuple[tuple[str, frozenset[str]], ...]]:
    """Each chip's (path, flags) for the values that carry a flag (most carry none)."""
    return [chip._flagged for chip in chips]


def lookup(chips: Iterable[Spec], path: str) -> list[Provenance | None]:
    """Each chip's record at ``path`` (None where unknown): the engine's bulk read, without
    a read-only view's per-call cost. The records are immutable, so sharing them is safe."""
    return [chip._entries.get(path) for chip in chips]


def flags_of(records: Iterable[Provenance | None]) -> list[frozenset[str]]:
    """Each record's :attr:`Provenance.flags` (none for None)."""
    return [_NO_FLAGS if e is None else e[14] for e in records]


assert Provenance.__match_args__ == _INIT_FIELDS  # the tuple's order is the fields' order


def make_provenance(
    field: str,
    stored: Any,
    sources: tuple[Source, ...],
    confidence: str | None,
    note: str | None,
    alternatives: tuple[Alternative, ...],
    sheet: str | None,
    line: int | None,
    explicit: bool,
    acks: tuple[tuple[str, str], ...],
    annotations: tuple[tuple[str, str], ...],
    physical: Any = None,
    preferred_source: str | None = None,
) -> Provenance:
    """A :class:`Provenance`, built as one tuple (the loader makes tens of thousands)."""
    if physical is not None and type(physical) is not Parsed:
        physical = _normalise(field, physical)
    kind = type(stored)
    if kind is Parsed:
        number = stored.canonical
    else:
        if kind not in _PLAIN:
            stored = _normalise(field, stored)
        number = _number_of(field, stored)
    if not alternatives and not annotations and confidence != "estimated":
        flags = _NO_FLAGS  # the common case
    else:
        flags = _flags_of(stored, confidence, alternatives, annotations, preferred_source)
    return _tuple_new(
        Provenance,
        (field, stored, sources, confidence, note, alternatives, sheet, line, explicit, preferred_source, acks,
         annotations, physical, number, flags),
    )  # fmt: skip


_tuple_new = tuple.__new__


def _rebuild(items: tuple[Any, ...]) -> Provenance:
    """A record from its tuple (pickling)."""
    return _tuple_new(Provenance, items)


def _number_of(field: str, stored: Any) -> float | None:
    if type(stored) is Parsed:
        return stored.canonical
    f = FIELDS.get(field)
    return None if f is None or f.kind.number is None or stored is None else f.kind.number(stored)


def _flags_of(
    stored: Any,
    confidence: str | None,
    alternatives: tuple[Alternative, ...],
    annotations: tuple[tuple[str, str], ...],
    preferred_source: str | None,
) -> frozenset[str]:
    out = set()
    if preferred_source is not None:
        if any(_differs(a.stored, stored) for a in alternatives[:1]):
            out.add("preferred")
    elif any(_differs(a.stored, stored) for a in alternatives):
        out.add("disputed")
    if confidence == "estimated":
        out.add("estimated")
    if any(v in ANNOTATIONS[k].flagged for k, v in annotations if k in ANNOTATIONS):
        out.add("unstated")
    return frozenset(out) if out else _NO_FLAGS


@dataclass(frozen=True, slots=True)
class ExtraValue:
    """A quantity under ``extra``, stored plain like every other value."""

    parsed: Parsed

    @property
    def text(self) -> str:
        return _text(self.parsed)


def thaw(value: Any) -> Any:
    """A frozen ``extra`` value as plain Python data, new each time (fresh Quantities)."""
    if isinstance(value, ExtraValue):
        return quantity(value.parsed.magnitude, value.parsed.unit)
    if isinstance(value, MappingProxyType):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw(v) for v in value]
    return value


def freeze(value: Any) -> Any:
    """Plain data made immutable (lists become tuples, dicts read-only mappings)."""
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    if is_quantity(value):
        return ExtraValue(from_quantity(value, _kind_of_quantity(value)))
    return value


def _kind_of_quantity(value: Any) -> str:
    kind = kind_of_quantity(value)
    if kind is None:
        raise UnknownNameError("quantity kind", f"{value.units:~}")
    return kind


# --- sections: views built fresh on each access ------------------------------------------


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
assert set(_SECTION_TYPES) == set(SECTION_KEYS)


class Spec:
    """One accelerator, as loaded from its sheet.

    Leaf values are reachable as typed attributes (``chip.memory.bandwidth``) and by dotted
    path (``chip["memory.bandwidth"]``); both are ``None`` when unknown, and both build a
    fresh value on every access. :meth:`magnitude` gives plain numbers in any unit, exactly
    converted. Build a Spec with :func:`chipspec.load_spec` or :func:`chipspec.load_catalog`,
    or :meth:`Spec.create`.
    """

    __slots__ = (
        "_entries", "_extra", "_flagged", "_numbers", "aliases", "entries", "extends", "id", "measured", "path",
        "preferred_source", "sources",
    )  # fmt: skip

    _entries: dict[str, Provenance]  # behind ``entries``; read only by :func:`lookup`
    _numbers: tuple[float, ...]  # see :func:`numbers_of`
    _flagged: tuple[tuple[str, frozenset[str]], ...]  # see :func:`flagged_of`
    _extra: Mapping[str, Any]
    id: str
    aliases: tuple[str, ...]
    entries: Mapping[str, Provenance]
    sources: Mapping[str, Source]
    extends: str | None
    path: str | None
    preferred_source: str | None
    measured: tuple[Any, ...]  # chipspec.measured.Measurement records, from measurement files

    def __init__(
        self,
        id: str,
        entries: Mapping[str, Provenance],
        *,
        aliases: tuple[str, ...] = (),
        sources: Mapping[str, Source] | None = None,
        extra: Any = None,
        extends: str | None = None,
        path: str | None = None,
        preferred_source: str | None = None,
        measured: tuple[Any, ...] = (),
    ) -> None:
        set_ = object.__setattr__
        set_(self, "id", id)
        own = dict(entries)
        set_(self, "_entries", own)
        numbers = []
        for p in _FIELD_NUMBERS:
            e = own.get(p)
            n = None if e is None else e[13]  # the record's number
            numbers.append(_NAN if n is None else float(n))
        for part in PARTS.values():
            e = own.get(part.parent)
            numbers.append(_NAN if e is None or e.stored is None else float(part.get(e.stored)))
        set_(self, "_numbers", tuple(numbers))
        set_(self, "_flagged", tuple((p, e[14]) for p, e in own.items() if e[14]))  # the records' flags
        set_(self, "entries", MappingProxyType(own))
        set_(self, "aliases", tuple(aliases))
        set_(self, "sources", MappingProxyType(dict(sources or {})))
        set_(self, "_extra", extra if isinstance(extra, MappingProxyType) else freeze(dict(extra or {})))
        set_(self, "extends", extends)
        set_(self, "path", path)
        set_(self, "preferred_source", preferred_source)
        set_(self, "measured", tuple(measured))

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
        for key in entries:
            if key not in FIELDS:
                raise UnknownNameError("field", key, suggest(key, FIELDS))
        return cls(id, entries, aliases=aliases, sources=sources, extra=extra, extends=extends, path=path)

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt through __init__ (the records are immutable and shared; the number row
        # is derived again): the cache of the bundled catalog pickles chips.
        return (
            _spec_from,
            (self.id, self._entries, self.aliases, dict(self.sources), _melt(self._extra), self.extends, self.path,
             self.preferred_source, self.measured),
        )  # fmt: skip

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Spec is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Spec is immutable: cannot delete {name!r}")

    def __repr__(self) -> str:
        return f"<Spec {self.id}: {self.vendor} {self.name}>"

    def table(self, fmt: str = "terminal", width: int = 100, *, sources: bool = False, lang: str = "en") -> str:
        """Every field with its flags, the derived metrics and the export classes: the
        table ``chipspec show`` prints, in ``fmt`` (hints worded for Python)."""
        from .display import render  # the report layer renders it, loaded on first use

        return render("spec", self, fmt, width, sources=sources, lang=lang)

    def _repr_html_(self) -> str:
        """What a notebook shows: the ``show`` table as HTML, flags and footnotes included."""
        return self.table("html")

    # --- values ------------------------------------------------------------------------

    def _plain(self, path: str) -> Any:
        entry = self.entries.get(path)
        return None if entry is None else entry.stored

    @property
    def name(self) -> str:
        return str(self._plain("name") or self.id)

    @property
    def vendor(self) -> str:
        return str(self._plain("vendor") or "")

    @property
    def category(self) -> str | None:
        return self._plain("category")  # type: ignore[no-any-return]

    @property
    def architecture(self) -> str | None:
        return self._plain("architecture")  # type: ignore[no-any-return]

    @property
    def released(self) -> str | None:
        return self._plain("released")  # type: ignore[no-any-return]

    @property
    def status(self) -> str | None:
        return self._plain("status")  # type: ignore[no-any-return]

    @property
    def form_factor(self) -> str | None:
        return self._plain("form_factor")  # type: ignore[no-any-return]

    @property
    def process(self) -> str | None:
        return self._plain("process")  # type: ignore[no-any-return]

    @property
    def die_area(self) -> Quantity | None:
        return self["die_area"]  # type: ignore[no-any-return]  # a Quantity or None

    @property
    def dies(self) -> int | None:
        return self._plain("dies")  # type: ignore[no-any-return]

    def _section(self, name: str) -> Any:
        values = {leaf: self[f"{name}.{leaf}"] for leaf in SECTION_KEYS[name]}
        return _SECTION_TYPES[name](**values)

    @property
    def memory(self) -> Memory:
        return self._section("memory")  # type: ignore[no-any-return]

    @property
    def compute(self) -> Compute:
        return self._section("compute")  # type: ignore[no-any-return]

    @property
    def compute_sparse(self) -> Compute:
        return self._section("compute_sparse")  # type: ignore[no-any-return]

    @property
    def interconnect(self) -> Interconnect:
        return self._section("interconnect")  # type: ignore[no-any-return]

    @property
    def host(self) -> Host:
        return self._section("host")  # type: ignore[no-any-return]

    @property
    def power(self) -> Power:
        return self._section("power")  # type: ignore[no-any-return]

    @property
    def extra(self) -> dict[str, Any]:
        """The ``extra`` mapping as new plain data (quantities as fresh Quantities)."""
        return thaw(self._extra)  # type: ignore[no-any-return]  # thaw of a mapping is a dict

    @property
    def extra_data(self) -> Mapping[str, Any]:
        """The ``extra`` mapping as stored (read-only; quantities as :class:`ExtraValue`)."""
        return self._extra

    def __getitem__(self, path: str) -> Any:
        """The value at a dotted field path (``"memory.bandwidth"``, ``"host.pcie.gen"``)."""
        if path in FIELDS:
            entry = self.entries.get(path)
            return None if entry is None else entry.value
        if path in PARTS:
            part = PARTS[path]
            parent = self._plain(part.parent)
            return None if parent is None else int(part.get(parent))
        if path == "id":
            return self.id
        if path == "aliases":
            return self.aliases
        raise UnknownNameError("field", path, suggest(path, [*FIELDS, *PARTS]))

    def magnitude(self, path: str, unit: str | None = None) -> float | None:
        """The number at ``path`` in ``unit`` (default: the field's canonical unit), exactly
        converted from the figure as written; None when unknown.

        >>> from chipspec import load_catalog
        >>> load_catalog().get("h20").magnitude("memory.bandwidth", "GB/s")
        4000.0
        """
        if path in PARTS:
            value = self[path]
            return None if value is None else float(value)
        f = FIELDS.get(path)
        if f is None:
            raise UnknownNameError("field", path, suggest(path, [*FIELDS, *PARTS]))
        entry = self.entries.get(path)
        if entry is None:
            return None
        if not isinstance(entry.stored, Parsed):
            number = entry.number
            if number is None:
                raise UnknownNameError("numeric field", path)
            return number
        if unit is None:
            return entry.stored.canonical
        return convert(entry.stored.magnitude, entry.stored.unit, unit)

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
            and thaw_plain(self._extra) == thaw_plain(other._extra)
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
            return Provenance(field=path, stored=None)
        if entry.sources or not self.sources:
            return entry
        return replace(entry, sources=tuple(self.sources.values()), explicit=False)

    def prefer(self, key: str) -> Spec:
        """This chip with each value taken from source ``key`` wherever the sheet has one.

        A value whose own sources include ``key`` stays; otherwise the first alternative
        citing ``key`` becomes the value, the old value becomes an alternative, and the
        provenance records ``preferred_source=key``. The chip remembers the choice
        (``preferred_source``), so every view of it flags the same values.
        """
        changed: dict[str, Provenance] = {}
        for path, entry in self.entries.items():
            if entry.cites(key):
                continue
            for i, alt in enumerate(entry.alternatives):
                if any(s.key == key for s in alt.sources):
                    demoted = Alternative(entry.stored, entry.sources, entry.confidence, entry.note, entry.annotations)
                    rest = entry.alternatives[:i] + entry.alternatives[i + 1 :]
                    changed[path] = replace(
                        entry,
                        stored=alt.stored,
                        sources=alt.sources,
                        confidence=alt.confidence,
                        note=alt.note,
                        annotations=alt.annotations,
                        alternatives=(demoted, *rest),
                        preferred_source=key,
                    )
                    break
        return Spec(
            self.id,
            {**self.entries, **changed},
            aliases=self.aliases,
            sources=self.sources,
            extra=self._extra,
            extends=self.extends,
            path=self.path,
            preferred_source=key,
            measured=self.measured,
        )


def _spec_from(
    id: str,
    entries: dict[str, Provenance],
    aliases: tuple[str, ...],
    sources: dict[str, Source],
    extra: Any,
    extends: str | None,
    path: str | None,
    preferred_source: str | None,
    measured: tuple[Any, ...] = (),
) -> Spec:
    """A Spec from its pickled parts."""
    return Spec(
        id, entries, aliases=aliases, sources=sources, extra=extra, extends=extends, path=path,
        preferred_source=preferred_source, measured=measured,
    )  # fmt: skip


def _melt(value: Any) -> Any:
    """Frozen ``extra`` data as the plain data :func:`freeze` takes (quantities kept as
    :class:`ExtraValue`)."""
    if isinstance(value, MappingProxyType):
        return {k: _melt(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_melt(v) for v in value]
    return value


def thaw_plain(value: Any) -> Any:
    """Frozen extra data as comparable plain data (quantities as their text)."""
    if isinstance(value, ExtraValue):
        return ("quantity", value.parsed.canonical, value.parsed.kind)
    if isinstance(value, Mapping):
        return {k: thaw_plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw_plain(v) for v in value]
    return value
