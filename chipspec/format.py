"""The field table: the one definition of the spec-sheet format (chipspec/1).

Every leaf field of a sheet is one :class:`Field` in :data:`FIELDS`: its dotted path, its
:class:`FieldKind` (how a value is parsed, written back, rendered as text, turned into a
number for the engine, and described in JSON Schema), the direction in which more is
better, its derived sub-fields (``host.pcie.gen``) and the annotations its long form may
carry (``direction`` on a link figure, ``sparsity`` on a compute figure). The loader,
the JSON Schema, ``dump``, the engine, the checks and the labels all walk this table, so
adding a field is one entry here plus its labels in :mod:`chipspec.i18n`.

Parsing works on :class:`Scalar` records (a YAML scalar's text and its YAML 1.1 type), so
this module knows nothing of YAML nodes; a parser raises :class:`FieldError` with what
was expected, and the loader adds the file, line and field path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from .units import KINDS, SPELLINGS, Parsed, UnitParseError, format_magnitude, parse_value, shown

__all__ = [
    "ANNOTATIONS",
    "CATEGORIES",
    "CHECK_NAMES",
    "CONFIDENCES",
    "FIELDS",
    "FORM_FACTORS",
    "PARTS",
    "PRECISIONS",
    "SECTIONS",
    "STATUSES",
    "Annotation",
    "Field",
    "FieldError",
    "FieldKind",
    "Part",
    "Pcie",
    "Precision",
    "Scalar",
]

Direction = Literal["higher", "lower"]

CATEGORIES: tuple[str, ...] = ("GPU", "NPU", "TPU", "ASIC", "other")
FORM_FACTORS: tuple[str, ...] = ("SXM", "OAM", "PCIe", "other")
CONFIDENCES: tuple[str, ...] = ("official", "reported", "estimated")
STATUSES: tuple[str, ...] = ("announced", "shipping", "discontinued")
PCIE_GENERATIONS = (1, 7)
PCIE_LANES: tuple[int, ...] = (1, 2, 4, 8, 16, 32)
RELEASE_YEARS = (1950, 2099)
MAX_COUNT = 64
# The data checks a sheet may acknowledge (``ack: {check: reason}``): part of the format,
# since the loader and the schema refuse other names. chipspec.checks implements one
# check per name (it asserts the two lists agree).
CHECK_NAMES: tuple[str, ...] = (
    "unsourced-value", "source-without-url", "url-hygiene", "official-off-domain", "vendor-figure-reported",
    "vendor-not-in-table", "sparse-equals-dense", "sparse-without-dense", "narrow-not-faster", "tpp-from-vector",
    "implausible-bandwidth", "measured-beats-peak", "serving-beats-bound", "implausible-ratio", "unit-slip",
    "shared-alias", "system-total", "bundled-required",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Precision:
    """A number format: its bit length (for TPP) and whether it is an integer format
    (integer throughput is written in OPS, floating-point in FLOPS)."""

    name: str
    bits: int
    integer: bool

    @property
    def kind(self) -> str:
        """The unit kind of this precision's throughput: ``flops`` or ``ops``."""
        return "ops" if self.integer else "flops"

    @property
    def unit(self) -> str:
        """The canonical throughput unit: TFLOPS or TOPS."""
        return "TOPS" if self.integer else "TFLOPS"


PRECISION_TABLE: Mapping[str, Precision] = MappingProxyType(
    {
        p.name: p
        for p in (
            Precision("fp64", 64, False),
            Precision("fp32", 32, False),
            Precision("tf32", 32, False),  # stored and moved as 32-bit words
            Precision("bf16", 16, False),
            Precision("fp16", 16, False),
            Precision("fp8", 8, False),
            Precision("fp6", 6, False),
            Precision("fp4", 4, False),
            Precision("int8", 8, True),
            Precision("int4", 4, True),
        )
    }
)
PRECISIONS: tuple[str, ...] = tuple(PRECISION_TABLE)


@dataclass(frozen=True, slots=True)
class Scalar:
    """A YAML scalar as the loader found it: its text and the type YAML 1.1 gives it
    (``str``, ``int``, ``float``, ``bool``, ``null`` or ``timestamp``)."""

    text: str
    tag: str = "str"

    def describe(self) -> str:
        """How the scalar reads, for 'got ...' in messages."""
        if self.tag == "bool":
            return f"{shown(self.text)}, which YAML reads as a boolean (quote it: '\"{self.text[:40]}\"')"
        if self.tag == "timestamp":
            return f"{shown(self.text)}, which YAML reads as a date (quote it: '\"{self.text[:40]}\"')"
        if self.tag == "null":
            return "nothing (null)"
        if self.tag in ("int", "float"):
            text = self.text if len(self.text) <= 40 else f"{self.text[:20]}... ({len(self.text)} characters)"
            return f"the bare number {text}"
        return shown(self.text)


class FieldError(ValueError):
    """A value that does not fit its field; ``part`` names a sub-key (``lanes``) if any."""

    def __init__(self, message: str, part: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.part = part


@dataclass(frozen=True, slots=True)
class Pcie:
    """A host PCIe link."""

    gen: int
    lanes: int

    def __reduce__(self) -> tuple[Any, ...]:
        # positional, through __init__: ten times faster to unpickle than a frozen
        # dataclass's state (the bundled catalog's cache holds thousands)
        return (Pcie, (self.gen, self.lanes))

    def __str__(self) -> str:
        return f"{self.gen}.0 x{self.lanes}"


# A value in a sheet: the parsed, immutable form each kind stores.
Stored = Parsed | str | int | Pcie
Input = Scalar | Mapping[str, Scalar]


@dataclass(frozen=True, slots=True)
class FieldKind:
    """How one kind of value is read, written, shown and counted.

    ``parse`` turns a scalar (or, for ``keys``, a mapping of scalars) into the stored
    value; ``write`` gives the YAML-ready form ``dump`` writes; ``render`` the text tables
    show; ``number`` the engine's number (in ``unit``), None for text kinds; ``schema`` the
    JSON Schema of the short form.
    """

    name: str
    parse: Callable[[Field, Input], Stored]
    write: Callable[[Stored], Any]
    render: Callable[[Stored], str]
    schema: Callable[[Field], dict[str, Any]]
    number: Callable[[Stored], float] | None = None
    unit: str | None = None
    keys: tuple[str, ...] = ()  # a mapping form with these keys is accepted too

    @property
    def numeric(self) -> bool:
        return self.number is not None

    @property
    def physical(self) -> bool:
        """Whether values carry a unit (and become pint Quantities for users)."""
        return self.name in KINDS


def _scalar(value: Input) -> Scalar:
    if not isinstance(value, Scalar):
        raise FieldError("expected a single value, got a mapping")
    return value


# --- physical kinds ----------------------------------------------------------------------


def _unit_pattern(kind: str) -> str:
    units = sorted((s for s, e in SPELLINGS.items() if e.kind == kind), key=len, reverse=True)
    escaped = "|".join(re.escape(u).replace("/", r"\s*/\s*") for u in units)
    return rf"^\s*[0-9]{{1,17}}(\.[0-9]{{1,24}})?([eE][+-]?[0-9]{{1,3}})?\s*({escaped})\s*$"


def _physical(kind: str) -> FieldKind:
    def parse(f: Field, value: Input) -> Stored:
        scalar = _scalar(value)
        expected = KINDS[kind]
        if scalar.tag != "str":
            missing = " (missing unit)" if scalar.tag in ("int", "float") else ""
            raise FieldError(f"expected {expected.noun} like '{expected.example}', got {scalar.describe()}{missing}")
        try:
            return parse_value(scalar.text, kind)
        except UnitParseError as err:
            raise FieldError(str(err)) from None

    def write(stored: Stored) -> Any:
        assert isinstance(stored, Parsed)
        return f"{format_magnitude(stored.magnitude)} {stored.unit}"

    def number(stored: Stored) -> float:
        assert isinstance(stored, Parsed)
        return stored.canonical

    def schema(f: Field) -> dict[str, Any]:
        return {
            "type": "string",
            "pattern": _unit_pattern(kind),
            "description": f"{f.description} Example: '{KINDS[kind].example}'.",
        }

    return FieldKind(kind, parse, write, write, schema, number, KINDS[kind].canonical)


# --- text-like kinds ---------------------------------------------------------------------


# A name or label is one line: a line break or tab in it would break every table row.
_BREAK = re.compile("[\n\r\t\v\f\x85\u2028\u2029]")
ONE_LINE = "^[^\n\r\t\v\f\u0085\u2028\u2029]+$"  # the same, for JSON Schema


def line_problem(text: str) -> str | None:
    """Why ``text`` cannot be a one-line label, or None."""
    bad = _BREAK.search(text)
    return (
        None if bad is None else f"expected one line of text, got a {'tab' if bad.group() == chr(9) else 'line break'}"
    )


def _parse_text(f: Field, value: Input) -> Stored:
    scalar = _scalar(value)
    if scalar.tag != "str":
        raise FieldError(f"expected text, got {scalar.describe()}")
    text = scalar.text.strip()
    if not text:
        raise FieldError("expected text, got an empty string")
    problem = line_problem(text)
    if problem:
        raise FieldError(problem)
    return text


def _parse_choice(f: Field, value: Input) -> Stored:
    text = _parse_text(f, value)
    assert isinstance(text, str)
    for choice in f.choices:
        if choice.casefold() == text.casefold():
            return choice
    raise FieldError(f"expected one of {', '.join(f.choices)}, got {shown(text)}")


_DECIMAL_INT = re.compile(r"\+?(?:0|[1-9][0-9]{0,8})")


def integer(scalar: Scalar, low: int, high: int, what: str) -> int:
    """A scalar as a plain decimal integer from ``low`` to ``high``."""
    if scalar.tag not in ("int", "str"):
        raise FieldError(f"expected {what}, got {scalar.describe()}")
    if not _DECIMAL_INT.fullmatch(scalar.text.strip()):
        raise FieldError(f"expected {what} as a plain decimal number, got {shown(scalar.text)}")
    number = int(scalar.text)
    if not low <= number <= high:
        raise FieldError(f"expected {what} from {low} to {high}, got {number}")
    return number


def count_kind(maximum: int) -> FieldKind:
    """A whole count from 1 to ``maximum`` (dies on a chip; chips in a system)."""

    def parse(f: Field, value: Input) -> Stored:
        return integer(_scalar(value), 1, maximum, "a count")

    return FieldKind(
        "count",
        parse,
        lambda stored: int(stored),  # type: ignore[arg-type]  # a count is stored as an int
        str,
        lambda f: {"type": "integer", "minimum": 1, "maximum": maximum, "description": f.description},
        number=lambda stored: float(stored),  # type: ignore[arg-type]
    )


_RELEASE = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<month>0[1-9]|1[0-2]))?")


def _parse_release(f: Field, value: Input) -> Stored:
    scalar = _scalar(value)
    low, high = RELEASE_YEARS
    expected = f"expected a year or 'YYYY-MM' from {low} to {high}, like 2024 or '2024-03'"
    if scalar.tag in ("int", "str"):
        match = _RELEASE.fullmatch(scalar.text.strip())
        if match and low <= int(match["year"]) <= high:
            return match[0]
    raise FieldError(f"{expected}, got {scalar.describe()}")


def _release_schema(f: Field) -> dict[str, Any]:
    low, high = RELEASE_YEARS
    years = r"(19[5-9][0-9]|20[0-9]{2})"
    assert (low, high) == (1950, 2099)  # the pattern above spells these bounds
    return {
        "description": f.description,
        "oneOf": [
            {"type": "integer", "minimum": low, "maximum": high},
            {"type": "string", "pattern": rf"^{years}(-(0[1-9]|1[0-2]))?$"},
        ],
    }


def _write_release(stored: Stored) -> Any:
    text = str(stored)
    return int(text) if text.isascii() and text.isdigit() else text


_PCIE = re.compile(r"(?i)\s*(?:gen\s*)?(?P<gen>[0-9]{1,2})(?:\.0)?\s*[x×]\s*(?P<lanes>[0-9]{1,3})\s*")


def _parse_pcie(f: Field, value: Input) -> Stored:
    low, high = PCIE_GENERATIONS
    if isinstance(value, Scalar):
        match = _PCIE.fullmatch(value.text) if value.tag == "str" else None
        if match is None:
            raise FieldError(f"expected a PCIe link like '5.0 x16' or {{gen: 5, lanes: 16}}, got {value.describe()}")
        gen, lanes = int(match["gen"]), int(match["lanes"])
        if not low <= gen <= high:
            raise FieldError(f"expected a PCIe generation from {low} to {high}, got {gen}", "gen")
    else:
        gen = _part(value, "gen", lambda s: integer(s, low, high, "a PCIe generation"))
        lanes = _part(value, "lanes", lambda s: integer(s, 1, max(PCIE_LANES), "a lane count"))
    if lanes not in PCIE_LANES:
        raise FieldError(f"expected a lane count of {', '.join(map(str, PCIE_LANES))}, got {lanes}", "lanes")
    return Pcie(gen, lanes)


def _part(value: Mapping[str, Scalar], key: str, parse: Callable[[Scalar], int]) -> int:
    try:
        return parse(value[key])
    except FieldError as err:
        raise FieldError(err.message, key) from None


def _pcie_schema(f: Field) -> dict[str, Any]:
    low, high = PCIE_GENERATIONS
    lanes = "|".join(str(n) for n in sorted(PCIE_LANES, reverse=True))
    return {
        "description": f.description,
        "oneOf": [
            {"type": "string", "pattern": rf"^\s*([Gg][Ee][Nn]\s*)?0?[{low}-{high}](\.0)?\s*[xX×]\s*0*({lanes})\s*$"},
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["gen", "lanes"],
                "properties": {
                    "gen": {"type": "integer", "minimum": low, "maximum": high},
                    "lanes": {"enum": list(PCIE_LANES)},
                },
            },
        ],
    }


def _write_pcie(stored: Stored) -> Any:
    assert isinstance(stored, Pcie)
    return {"gen": stored.gen, "lanes": stored.lanes}


TEXT = FieldKind(
    "text",
    _parse_text,
    str,
    str,
    lambda f: {"type": "string", "minLength": 1, "pattern": ONE_LINE, "description": f.description},
)
CHOICE = FieldKind("choice", _parse_choice, str, str, lambda f: {"enum": list(f.choices), "description": f.description})
RELEASE = FieldKind("release", _parse_release, _write_release, str, _release_schema)
COUNT = count_kind(MAX_COUNT)
PCIE = FieldKind("pcie", _parse_pcie, _write_pcie, str, _pcie_schema, keys=("gen", "lanes"))
KIND_TABLE: Mapping[str, FieldKind] = MappingProxyType(
    {k.name: k for k in (TEXT, CHOICE, RELEASE, COUNT, PCIE, *(_physical(name) for name in KINDS))}
)


# --- annotations: what a source leaves unstated ------------------------------------------


@dataclass(frozen=True, slots=True)
class Annotation:
    """A long-form key recording the basis of a figure (``direction: unstated``).

    ``flagged`` are the values that leave a comparison open (a table flags them).
    """

    name: str
    values: tuple[str, ...]
    flagged: tuple[str, ...]
    description: str


ANNOTATIONS: Mapping[str, Annotation] = MappingProxyType(
    {
        a.name: a
        for a in (
            Annotation(
                "direction",
                ("both", "doubled", "unstated"),
                ("unstated",),
                "What the source says of a link figure's direction: `both` (it states both directions "
                "added, or the vendor's documented convention is both), `doubled` (it gives one direction; "
                "the value is doubled), `unstated` (it does not say; the value is as published).",
            ),
            Annotation(
                "sparsity",
                ("dense", "unstated"),
                ("unstated",),
                "What the source says of a compute figure: `dense` (it says so, or gives dense and sparse "
                "figures apart), `unstated` (it does not say whether the figure is dense).",
            ),
        )
    }
)


# --- the fields --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Part:
    """A derived sub-field, read from a field's value (``host.pcie.gen``)."""

    path: str
    parent: str
    description: str
    get: Callable[[Any], float]
    direction: Direction | None = "higher"


@dataclass(frozen=True, slots=True)
class Field:
    """One leaf field of the format."""

    path: str
    kind: FieldKind
    description: str
    direction: Direction | None = None
    choices: tuple[str, ...] = ()
    parts: tuple[Part, ...] = ()
    annotations: tuple[str, ...] = ()
    required: bool = False
    identity: bool = False  # names the product; may rest on the sheet's sources
    precision: Precision | None = None
    sparse: bool = False

    @property
    def section(self) -> str | None:
        """The section a field sits in (``memory``), or None for top-level fields."""
        return self.path.split(".", 1)[0] if "." in self.path else None

    @property
    def leaf(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    @property
    def unit(self) -> str | None:
        """The canonical unit of a physical field (``GB/s``), else None."""
        return self.kind.unit if self.kind.physical else None

    @property
    def numeric(self) -> bool:
        return self.kind.numeric

    @property
    def is_quantity(self) -> bool:
        return self.kind.physical


def _fields() -> dict[str, Field]:
    q = KIND_TABLE
    rows = [
        Field("name", TEXT, "Product name as the vendor writes it (required).", required=True, identity=True),
        Field("vendor", TEXT, "Vendor name (required).", required=True, identity=True),
        Field("category", CHOICE, "GPU, NPU, TPU, ASIC or other.", choices=CATEGORIES, identity=True),
        Field("architecture", TEXT, "Micro-architecture, free text.", identity=True),
        Field("released", RELEASE, "The month (or year) the vendor announced the product with its figures."),
        Field("status", CHOICE, "announced, shipping or discontinued.", choices=STATUSES),
        Field("form_factor", CHOICE, "SXM, OAM, PCIe or other.", choices=FORM_FACTORS, identity=True),
        Field("process", TEXT, "Manufacturing process, free text."),
        Field("die_area", q["area"], "Total area of the package's logic dies (memory stacks excluded)."),
        Field("dies", COUNT, "Number of logic dies in the package (default: unknown)."),
        Field("memory.capacity", q["information"], "Memory capacity of one package.", "higher"),
        Field("memory.type", TEXT, "Memory technology (HBM3, GDDR6 ...)."),
        Field("memory.bandwidth", q["bandwidth"], "Peak memory bandwidth.", "higher"),
    ]
    for section, what, sparse in (("compute", "dense", False), ("compute_sparse", "2:4-sparse", True)):
        for p in PRECISION_TABLE.values():
            rows.append(
                Field(
                    f"{section}.{p.name}",
                    q[p.kind],
                    f"Peak {what} {p.name.upper()} throughput ({p.unit}).",
                    "higher",
                    annotations=() if sparse else ("sparsity",),
                    precision=p,
                    sparse=sparse,
                )
            )
    pcie_parts = (
        Part("host.pcie.gen", "host.pcie", "Host PCIe generation.", lambda v: float(v.gen)),
        Part("host.pcie.lanes", "host.pcie", "Host PCIe lanes.", lambda v: float(v.lanes)),
    )
    rows += [
        Field("interconnect.name", TEXT, "Chip-to-chip link (NVLink 4, HCCS, ICI ...)."),
        Field(
            "interconnect.bandwidth",
            q["bandwidth"],
            "Chip-to-chip bandwidth per chip, both directions added.",
            "higher",
            annotations=("direction",),
        ),
        Field("host.pcie", PCIE, "Host PCIe link: generation and lanes.", parts=pcie_parts),
        Field("power.tdp", q["power"], "Maximum board power (TDP/TBP).", "lower"),
    ]
    return {f.path: f for f in rows}


FIELDS: Mapping[str, Field] = MappingProxyType(_fields())
PARTS: Mapping[str, Part] = MappingProxyType({p.path: p for f in FIELDS.values() for p in f.parts})
SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(f.section for f in FIELDS.values() if f.section))
SECTION_KEYS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {s: tuple(f.leaf for f in FIELDS.values() if f.section == s) for s in SECTIONS}
)
TOP_FIELDS: tuple[str, ...] = tuple(p for p, f in FIELDS.items() if f.section is None)
# Keys of a sheet besides fields and sections.
SHEET_KEYS: tuple[str, ...] = ("aliases", "extends", "sources", "extra")
TOP_KEYS: tuple[str, ...] = (
    *TOP_FIELDS[:2], "aliases", *TOP_FIELDS[2:], "extends", *SECTIONS, "sources", "extra"
)  # fmt: skip
ENTRY_KEYS: tuple[str, ...] = (
    "value", "source", "confidence", "note", *ANNOTATIONS, "physical", "alternatives", "ack"
)  # fmt: skip
# The fields whose long form may record the physical size beside the maker's figure
# (``capacity: {value: 80 GB, physical: 80 GiB}``): memory sold in decimal units that is
# binary in silicon.
PHYSICAL_FIELDS: tuple[str, ...] = ("memory.capacity",)
ALTERNATIVE_KEYS: tuple[str, ...] = ("value", "source", "confidence", "note", *ANNOTATIONS)
SOURCE_KEYS: tuple[str, ...] = ("title", "url", "via", "ack")


def entry_keys(f: Field, alternative: bool = False) -> list[str]:
    """The keys a field's long form (or one of its alternatives) may carry."""
    return [
        k
        for k in (ALTERNATIVE_KEYS if alternative else ENTRY_KEYS)
        if (k not in ANNOTATIONS or k in f.annotations) and (k != "physical" or f.path in PHYSICAL_FIELDS)
    ]


def compute_field(precision: str, sparse: bool = False) -> str:
    """The field path of a precision's throughput (``compute.bf16``)."""
    return f"{'compute_sparse' if sparse else 'compute'}.{precision}"


def numeric_paths() -> list[str]:
    """Every field and part path that has a number for the engine."""
    out = []
    for path, f in FIELDS.items():
        if f.numeric:
            out.append(path)
        out += [p.path for p in f.parts]
    return out


@dataclass(frozen=True, slots=True)
class FieldDoc:
    """A row of the field reference (docs)."""

    path: str
    kind: str
    unit: str
    direction: str
    description: str
    annotations: tuple[str, ...] = field(default=())


def field_docs() -> list[FieldDoc]:
    """The field reference as rows, fields then parts (for docs and ``chipspec schema``)."""
    rows = []
    for f in FIELDS.values():
        rows.append(FieldDoc(f.path, f.kind.name, f.unit or "", f.direction or "", f.description, f.annotations))
        rows += [FieldDoc(p.path, "count", "", p.direction or "", p.description) for p in f.parts]
    return rows
