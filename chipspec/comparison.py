"""compare(): metric and field columns for a set of chips, computed in bulk.

Each input field is gathered once into a numpy array of its canonical numbers (GB, GB/s,
TFLOPS or TOPS, W, mm²), NaN where unknown; every metric is then computed for all chips
at once. A column also carries, per cell, what is missing when a value is unknown and the
flags of doubt (:data:`chipspec.spec.FLAGS`) of the values it rests on: a derived metric
inherits the flags of its inputs.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .catalog import Catalog
from .errors import ChipspecError, UnknownNameError, UsageError
from .format import FIELDS, PARTS, PRECISION_TABLE, PRECISIONS, compute_field
from .measured import MEASURED_COLUMNS, Measurement, choose, column_spec, efficiency
from .metrics import COMPUTE, METRICS, Metric, uses_compute
from .rank import competition_ranks, first_dominator, normalise_weights, pareto_mask, relative_to_best, significant
from .spec import NUMBER_INDEX, Provenance, Spec, flagged_of, flags_of, lookup, numbers_of, suggest

__all__ = [
    "DEFAULT_COLUMNS",
    "DEFAULT_PRECISION",
    "SIXTEEN_BIT",
    "Column",
    "Comparison",
    "Extension",
    "ParetoFront",
    "Placement",
    "Ranking",
    "ScoreRow",
    "Scoring",
    "check_column",
    "column_names",
    "compare",
    "fallback_order",
    "precision_names",
    "split_criterion",
]

# What a comparison shows when no columns are asked for: size, speed, power, links, and
# the three ratios that most often separate chips (efficiency of bandwidth and compute,
# and where the roofline bends).
DEFAULT_COLUMNS: tuple[str, ...] = (
    "memory.capacity",
    "memory.bandwidth",
    COMPUTE,
    "interconnect.bandwidth",
    "power.tdp",
    "bandwidth_per_watt",
    "tflops_per_watt",
    "ridge_point",
)
# "16bit": BF16 where the chip's sheet gives it, else FP16. Chinese vendors mostly
# publish FP16, NVIDIA and Google BF16; the two rates are equal on every chip in the
# catalog that publishes both, and the broker report speaks of "FP16/BF16" as one figure.
SIXTEEN_BIT = "16bit"
DEFAULT_PRECISION = SIXTEEN_BIT
_CHOICES: Mapping[str, tuple[str, ...]] = {SIXTEEN_BIT: ("bf16", "fp16")}
NO_FLAGS: frozenset[str] = frozenset()


def precision_names() -> tuple[str, ...]:
    """Every precision a comparison accepts: ``16bit`` and the exact ones."""
    return (SIXTEEN_BIT, *PRECISIONS)


def _bits(precision: str) -> int:
    return 16 if precision == SIXTEEN_BIT else PRECISION_TABLE[precision].bits


def fallback_order(precision: str) -> tuple[str, ...]:
    """The precisions tried when a chip lacks ``precision`` (with ``fallback=True``).

    Same width first (bf16 <-> fp16), then wider formats from the narrowest up, all of the
    same kind: floating-point figures (FLOPS) stand in only for floating-point ones, and
    integer figures (OPS) for integer ones, so a column never mixes the two units. Never a
    narrower format: it would overstate the chip.
    """
    bits = _bits(precision)
    own = _CHOICES.get(precision, (precision,))
    integer = PRECISION_TABLE[own[0]].integer
    kin = [p for p in PRECISIONS if p not in own and PRECISION_TABLE[p].integer == integer]
    same = [p for p in kin if PRECISION_TABLE[p].bits == bits]
    wider = sorted((p for p in kin if PRECISION_TABLE[p].bits > bits), key=lambda p: (_bits(p), PRECISIONS.index(p)))
    return (*same, *wider)


def column_names() -> list[str]:
    """Every name usable as a column: fields, their parts, ``compute``, metrics, and the
    measured figures with their efficiencies (measured / peak)."""
    return [*FIELDS, *PARTS, COMPUTE, *METRICS, *MEASURED_COLUMNS]


def column_suggestions(name: str) -> list[str]:
    """Names close to an unknown column: fields whose last part it is (``tdp`` ->
    ``power.tdp``), then near spellings."""
    leaf = name.rsplit(".", 1)[-1].casefold()
    by_leaf = [n for n in column_names() if n.rsplit(".", 1)[-1].casefold() == leaf and n != name]
    return by_leaf[:3] if by_leaf else suggest(name, column_names())


def check_column(name: str) -> str:
    """``name`` if it is a column name, else UnknownNameError with suggestions."""
    if name in FIELDS or name in PARTS or name == COMPUTE or name in METRICS or name in MEASURED_COLUMNS:
        return name
    raise UnknownNameError("metric or field", name, column_suggestions(name))


@dataclass(frozen=True)
class Column:
    """One computed column: ``values`` in ``unit`` (NaN when unknown) or text (None when
    unknown); per cell, the fields ``missing`` when unknown and the ``flags`` of doubt."""

    name: str
    unit: str
    values: np.ndarray
    missing: tuple[tuple[str, ...], ...]
    flags: tuple[frozenset[str], ...]
    is_text: bool = False
    direction: str | None = None
    # Text values that are words of chipspec's own (a lens's classes), shown in the reader's
    # language (chipspec.i18n.phrase), unlike text from the sheets (a process, a note).
    words: bool = False

    def __post_init__(self) -> None:
        # A comparison caches its columns and ranks, scores and draws from them: the array
        # a user gets is read-only, so changing it cannot change a later answer.
        if isinstance(self.values, np.ndarray) and self.values.flags.writeable:
            if self.values.base is not None:  # a view of someone's array: keep theirs writable
                object.__setattr__(self, "values", self.values.copy())
            self.values.flags.writeable = False

    def known(self, i: int) -> bool:
        v = self.values[i]
        return v is not None if self.is_text else not np.isnan(v)


@dataclass(frozen=True)
class Placement:
    """One chip's place in a ranking; ``rank`` is None when the metric is not computable."""

    chip: Spec
    rank: int | None
    value: float | None
    missing: tuple[str, ...] = ()


@dataclass(frozen=True, repr=False)
class Ranking:
    """Chips ordered by one column in its direction; ties share a rank; the not
    computable follow, unranked, with the fields they lack.

    In a notebook it shows as the ranked comparison table (flags and footnotes included);
    :meth:`table` gives that table as text in any output format.
    """

    column: str
    unit: str
    direction: str
    rows: tuple[Placement, ...]
    comparison: Comparison | None = field(default=None, compare=False)
    criterion: str = field(default="", compare=False)  # as asked (``compute``, ``ridge_point:lower``)

    def table(self, fmt: str = "terminal", width: int = 100) -> str:
        """The ranking as the table ``chipspec compare --rank`` prints, in ``fmt``."""
        if self.comparison is None:
            raise UsageError("this ranking was built without its comparison: use Comparison.rank() for a table")
        criterion = f"{split_criterion(self.criterion or self.column)[0]}:{self.direction}"
        return _render(self.comparison, fmt, width, rank=criterion)

    def __str__(self) -> str:
        return self.table()

    def __repr__(self) -> str:
        head = f"<Ranking by {self.column} ({self.direction} is better), {len(self.rows)} chips>"
        return head if self.comparison is None else f"{head}\n{self.table()}"

    def _repr_html_(self) -> str:
        return self.table("html")

    def __iter__(self) -> Iterator[Placement]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def ranked(self) -> tuple[Placement, ...]:
        return tuple(r for r in self.rows if r.rank is not None)

    @property
    def not_computable(self) -> tuple[Placement, ...]:
        return tuple(r for r in self.rows if r.rank is None)


@dataclass(frozen=True)
class ScoreRow:
    """One chip's weighted score and what each column contributed to it."""

    chip: Spec
    rank: int | None
    score: float | None
    contributions: Mapping[str, float] = field(default_factory=dict)
    missing: tuple[str, ...] = ()


class Scoring:
    """A weighted multi-criteria score.

    Each column is normalised relative to the best chip in the set (v / best for
    higher-is-better, best / v for lower-is-better, so the best gets 1 and units cancel);
    the score is the weighted mean of those, ``sum(w * n) / sum(w)``, and
    ``contributions[m] = w_m * n_m / sum(w)`` add up to it. Weights are normalised first
    (to the largest, then to their sum), so scaling them all by a constant changes nothing.

    The scores stay arrays; ``rows`` (one :class:`ScoreRow` per chip, best first) are
    built when first read, so scoring 10,000 chips costs what the arithmetic costs.
    """

    method: str = "relative to best, weighted mean"

    def __init__(
        self,
        weights: Mapping[str, float],
        rows: Sequence[ScoreRow] | Callable[[], tuple[ScoreRow, ...]] = (),
        method: str | None = None,
        directions: Mapping[str, str] | None = None,
        comparison: Comparison | None = None,
    ) -> None:
        self.weights = weights
        # per column: which way is better (stated for a property, ``ridge_point:lower``)
        self.directions: Mapping[str, str] = dict(directions or {})
        self.comparison = comparison
        if method is not None:
            self.method = method
        self._rows: tuple[ScoreRow, ...] | None = None if callable(rows) else tuple(rows)
        self._build: Callable[[], tuple[ScoreRow, ...]] | None = rows if callable(rows) else None

    @property
    def rows(self) -> tuple[ScoreRow, ...]:
        """Every chip's row, by rank (ties by id), the not computable last."""
        if self._rows is None:
            assert self._build is not None
            self._rows, self._build = self._build(), None
        return self._rows

    def __iter__(self) -> Iterator[ScoreRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def table(self, fmt: str = "terminal", width: int = 100) -> str:
        """The scores as the table ``chipspec compare --score`` prints, in ``fmt``."""
        if self.comparison is None:
            raise UsageError("this scoring was built without its comparison: use Comparison.score() for a table")
        weights = {f"{n}:{self.directions.get(n, 'higher')}": w for n, w in self.weights.items()}
        return _render(self.comparison, fmt, width, score=weights)

    def __str__(self) -> str:
        return self.table()

    def __repr__(self) -> str:
        head = f"Scoring(weights={dict(self.weights)!r}, {len(self)} rows)"
        return head if self.comparison is None else f"{head}\n{self.table()}"

    def _repr_html_(self) -> str:
        return self.table("html")


class ParetoFront:
    """The chips no other chip beats on all ``columns`` at once (directions respected).

    ``dominated`` pairs each chip off the front with a front chip that dominates it, and
    ``not_computable`` names what each chip without every column lacks; both are built
    from the engine's arrays when first read.
    """

    def __init__(
        self,
        columns: tuple[str, ...],
        front: tuple[Spec, ...],
        dominated: Sequence[tuple[Spec, Spec]] | Callable[[], tuple[tuple[Spec, Spec], ...]],
        not_computable: Sequence[tuple[Spec, tuple[str, ...]]] | Callable[[], tuple[tuple[Spec, tuple[str, ...]], ...]],
        directions: Mapping[str, str] | None = None,
        comparison: Comparison | None = None,
    ) -> None:
        self.columns = columns
        self.directions: Mapping[str, str] = dict(directions or {})  # per column: which way is better
        self.comparison = comparison
        self.front = front
        self._dominated = dominated
        self._not_computable = not_computable
        self._on_front: frozenset[str] | None = None

    @property
    def dominated(self) -> tuple[tuple[Spec, Spec], ...]:
        """(chip, a front chip that dominates it) for every chip off the front."""
        if callable(self._dominated):
            self._dominated = self._dominated()
        return tuple(self._dominated)

    @property
    def not_computable(self) -> tuple[tuple[Spec, tuple[str, ...]], ...]:
        """(chip, the fields it lacks) for every chip missing a column."""
        if callable(self._not_computable):
            self._not_computable = self._not_computable()
        return tuple(self._not_computable)

    def __contains__(self, chip: object) -> bool:
        return chip in self.front

    def table(self, fmt: str = "terminal", width: int = 100) -> str:
        """The front as the table ``chipspec compare --pareto`` prints, in ``fmt``."""
        if self.comparison is None:
            raise UsageError("this front was built without its comparison: use Comparison.pareto() for a table")
        return _render(self.comparison, fmt, width, pareto=[f"{n}:{self.directions[n]}" for n in self.columns])

    def __str__(self) -> str:
        return self.table()

    def __repr__(self) -> str:
        head = f"ParetoFront(columns={self.columns!r}, front={[c.id for c in self.front]!r})"
        return head if self.comparison is None else f"{head}\n{self.table()}"

    def _repr_html_(self) -> str:
        return self.table("html")


@dataclass(frozen=True)
class Extension:
    """Columns a lens adds to a comparison: the one protocol by which a lens contributes
    figures (the engine never learns what they mean, and no lens writes engine state).

    ``names`` are the columns it adds; ``compute(comparison)`` returns them all as
    :class:`Column` records, called once on first use, with the comparison's own columns
    (fields, metrics, ``compute``) to read from; ``needs`` says which chip fields each
    rests on (tables and charts say what is missing); ``caption`` what a chart's subtitle
    adds (text, or a function of the language that words it); ``missing_hint(field)`` how
    to include chips that lack a field (None: the engine's own hint).
    """

    names: tuple[str, ...]
    compute: Callable[[Comparison], Mapping[str, Column]]
    needs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    caption: str | Callable[[str], str] = ""
    missing_hint: Callable[[str], str | None] | None = None


def _missing_and_flags(
    got: list[Provenance | None], absent: tuple[str, ...]
) -> tuple[tuple[tuple[str, ...], ...], tuple[frozenset[str], ...]]:
    """Per row: what is missing (``absent`` where no record) and the record's flags."""
    missing = tuple([absent if e is None else () for e in got])
    flags = tuple(flags_of(got))
    return missing, flags


class Comparison:
    """Chips and their metric and field columns, computed in bulk.

    Build one with :func:`compare`. ``columns`` lists what tables show; any other metric
    or field is computed on demand by :meth:`column`, :meth:`rank`, :meth:`score` and
    :meth:`pareto`. ``preferred_source`` is the source the chips were loaded preferring
    (their views flag alike whichever way they were loaded).
    """

    def __init__(
        self,
        chips: Sequence[Spec],
        columns: Sequence[str],
        precision: str = DEFAULT_PRECISION,
        fallback: bool = False,
        precisions: Sequence[str | None] | None = None,
        extension: Extension | None = None,
    ) -> None:
        precision = _precision(precision)
        self.extension = extension
        self.chips: tuple[Spec, ...] = tuple(chips)
        self.precision = precision
        self.fallback = fallback
        self._cache: dict[str, Column] = {}
        self._number_rows: np.ndarray | None = None
        self._flag_rows: dict[str, list[tuple[int, frozenset[str]]]] | None = None
        self._index: dict[str, int] | None = None
        self._id_rank: np.ndarray | None = None
        # chosen per chip by the caller (a lens): checked, not chosen again
        if precisions is not None and (
            len(precisions) != len(self.chips) or any(p is not None and p not in PRECISION_TABLE for p in precisions)
        ):
            raise UsageError(f"precisions: expected one precision (or None) per chip, got {list(precisions)!r}"[:300])
        self.precision_used: tuple[str | None, ...] = (
            tuple(precisions) if precisions is not None else self._choose_precisions()
        )
        wanted = _CHOICES.get(precision, (precision,))
        self.fell_back: tuple[bool, ...] = tuple(u is not None and u not in wanted for u in self.precision_used)
        preferred = {c.preferred_source for c in self.chips}
        self.preferred_source: str | None = preferred.pop() if len(preferred) == 1 else None
        for name in columns:
            self.column(name)
        self.columns: tuple[str, ...] = tuple(columns)

    def __len__(self) -> int:
        return len(self.chips)

    def __repr__(self) -> str:
        head = f"<Comparison of {len(self.chips)} chips at {self.precision}: {', '.join(self.columns)}>"
        return f"{head}\n{self.table()}" if self.chips else head

    def __str__(self) -> str:
        return self.table()

    def table(self, fmt: str = "terminal", width: int = 100, **options: Any) -> str:
        """The comparison as the table ``chipspec compare`` prints: ``fmt`` is any output
        format (``terminal``, ``github``, ``html``, ``csv``, ``json`` ...); ``options`` are
        :func:`chipspec.report.views.compare_view`'s (``sort``, ``rank``, ``score``,
        ``pareto``, ``baseline``, ``lang``, ``flags``, ``sources`` ...). Flags and
        footnotes included; hints worded for Python.

        >>> print(compare(["h20", "910b"], ["power.tdp"]).table("github").splitlines()[0])
        | chip               |   power.tdp (W) |
        """
        return _render(self, fmt, width, **options)

    def _repr_html_(self) -> str:
        """The table as HTML, with flags and footnotes: what a notebook shows."""
        return self.table("html")

    def index(self, chip: Spec) -> int:
        """The row of a chip (by id)."""
        if self._index is None:
            self._index = {c.id: i for i, c in enumerate(self.chips)}
        return self._index[chip.id]

    # --- gathering -------------------------------------------------------------------

    def _precision_order(self) -> tuple[str, ...]:
        own = _CHOICES.get(self.precision, (self.precision,))
        return (*own, *fallback_order(self.precision)) if self.fallback else own

    def _choose_precisions(self) -> tuple[str | None, ...]:
        """Per chip, the first precision of :meth:`_precision_order` it publishes (None if
        none), in one vectorised pass over the number rows."""
        order = self._precision_order()
        known = ~np.isnan(self._numbers()[:, [NUMBER_INDEX[compute_field(p)] for p in order]])
        first, has = known.argmax(axis=1).tolist(), known.any(axis=1).tolist()
        return tuple([order[j] if h else None for j, h in zip(first, has, strict=True)])

    @property
    def integer(self) -> bool:
        """Whether ``compute`` means an integer precision (shown in TOPS): every chip's
        precision used is one (or, where none is known, the precision asked)."""
        kinds = {PRECISION_TABLE[p].integer for p in self.precision_used if p is not None}
        if not kinds:
            return self.precision in PRECISION_TABLE and PRECISION_TABLE[self.precision].integer
        return kinds == {True}

    @property
    def mixed_kinds(self) -> bool:
        """Whether the chips' precisions mix integer and floating-point (per-chip precisions
        given by a lens): each cell then says its own unit."""
        return len({PRECISION_TABLE[p].integer for p in self.precision_used if p is not None}) > 1

    def cell_unit(self, name: str, i: int) -> str:
        """The unit of one cell: a compute cell's follows the precision it was read at."""
        unit = self.column(name).unit
        used = self.precision_used[i]
        if uses_compute(name) and used is not None and self.mixed_kinds:
            integer = PRECISION_TABLE[used].integer
            base = "TFLOPS" if name == COMPUTE else METRICS[name].unit if name in METRICS else unit
            return base.replace("FLOP", "OP") if integer else base
        return unit

    def _gather(self, name: str) -> Column:
        n = len(self.chips)
        nan = float("nan")
        if name == COMPUTE:
            asked = (
                ("compute.bf16", "compute.fp16") if self.precision == SIXTEEN_BIT else (compute_field(self.precision),)
            )
            used = self.precision_used  # per chip: chosen here, or given by a lens (precisions=)
            where = {p: NUMBER_INDEX[compute_field(p)] for p in set(used) if p is not None}
            columns = np.fromiter((where.get(p, 0) for p in used), np.intp, n)  # type: ignore[arg-type]
            values = self._numbers()[np.arange(n), columns]
            known = [p is not None for p in used]
            values[~np.asarray(known, dtype=bool)] = nan
            missing = tuple([() if k else asked for k in known])
            marked = [NO_FLAGS] * n
            by_field = self._flags()
            for p in where:
                for i, kinds in by_field.get(compute_field(p), ()):
                    if used[i] == p:
                        marked[i] = kinds
            for i in np.flatnonzero(np.asarray(self.fell_back, dtype=bool)).tolist():
                marked[i] = marked[i] | {"fallback"}
            unit = "TOPS" if self.integer else "TFLOPS or TOPS" if self.mixed_kinds else "TFLOPS"
            return Column(name, unit, values, missing, tuple(marked), direction="higher")
        if name in PARTS:  # derived once per chip, in its number row
            part = PARTS[name]
            return self._number_column(name, "", part.parent, part.direction)
        f = FIELDS[name]
        absent = (name,)
        if f.numeric:  # one column of the chips' number rows
            return self._number_column(name, f.unit or "", name, f.direction)
        got = lookup(self.chips, name)
        texts = np.empty(n, dtype=object)
        texts[:] = [None if e is None else e.text for e in got]
        return Column(name, "", texts, *_missing_and_flags(got, absent), is_text=True)

    def measurement(self, name: str, i: int) -> tuple[Measurement | None, int]:
        """The measurement a measured or efficiency cell of chip ``i`` uses, and how many
        more of its kind the chip has (:func:`chipspec.measured.choose`)."""
        measured, _, _ = column_spec(name)
        return choose([m for m in self.chips[i].measured if m.column == measured])

    def _measured(self, name: str) -> Column:
        """A measured column (the chosen measurement's value) or an efficiency column
        (that value / the chip's peak): unknown where the chip has no such measurement,
        or, for efficiency, no peak."""
        measured, peak_field, unit = column_spec(name)
        is_efficiency = name.startswith("efficiency.")
        n = len(self.chips)
        values = np.full(n, np.nan)
        missing: list[tuple[str, ...]] = []
        peaks = self._numbers()[:, NUMBER_INDEX[peak_field]] if is_efficiency else None
        for i in range(n):
            m, _ = self.measurement(name, i)
            if m is None:
                missing.append((measured,))
                continue
            if peaks is None:
                values[i] = m.value
                missing.append(())
                continue
            ratio = efficiency(m.value, float(peaks[i]))
            if ratio is None:
                missing.append((peak_field,))
            else:
                values[i] = ratio
                missing.append(())
        return Column(name, "" if is_efficiency else unit, values, tuple(missing), (NO_FLAGS,) * n, direction="higher")

    def _number_column(self, name: str, unit: str, field: str, direction: str | None) -> Column:
        """A column read from the number rows; ``field`` is the one it lacks when unknown
        and whose flags it carries."""
        values = self._numbers()[:, NUMBER_INDEX[name]].copy()
        absent = (field,)
        missing = tuple([absent if m else () for m in np.isnan(values).tolist()])
        marked = [NO_FLAGS] * len(self.chips)
        for i, kinds in self._flags().get(field, ()):
            marked[i] = kinds
        return Column(name, unit, values, missing, tuple(marked), direction=direction)

    def _numbers(self) -> np.ndarray:
        """Every chip's numeric fields as one array (rows: chips), built once per chip
        tuple (:func:`_stacked`)."""
        if self._number_rows is None:
            self._number_rows = _stacked(self.chips)
        return self._number_rows

    def _flags(self) -> dict[str, list[tuple[int, frozenset[str]]]]:
        """Per field, the chips (row, flags) whose value carries a flag, built once."""
        if self._flag_rows is None:
            by_field: dict[str, list[tuple[int, frozenset[str]]]] = {}
            for i, flagged in enumerate(flagged_of(self.chips)):
                for path, kinds in flagged:
                    by_field.setdefault(path, []).append((i, kinds))
            self._flag_rows = by_field
        return self._flag_rows

    def _compute(self, m: Metric) -> Column:
        inputs = [self.column(n) for n in m.needs]
        for col in inputs:
            if col.is_text:
                raise UsageError(f"metric {m.name!r} reads the text field {col.name!r}")
        n = len(self.chips)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            result = m.evaluate(*(c.values for c in inputs))
        values = np.broadcast_to(np.asarray(result, dtype=float), (n,)).copy()
        inputs_known = np.ones(n, dtype=bool)
        for col in inputs:
            inputs_known &= ~np.isnan(col.values)
        values[~np.isfinite(values)] = np.nan
        missing: list[tuple[str, ...]] = [()] * n
        every_precision = {compute_field(p) for p in PRECISIONS}
        for i in np.flatnonzero(np.isnan(values)):
            if inputs_known[i]:  # every input known, yet no finite result
                missing[i] = (f"({m.name} gives no finite value: division by zero?)",)
                continue
            lacking = tuple(dict.fromkeys(p for c in inputs for p in c.missing[i]))
            if every_precision <= set(lacking):  # "no compute figure at all", said once
                lacking = ("compute.*", *(p for p in lacking if p not in every_precision))
            missing[i] = lacking
        flags: list[frozenset[str]] = [NO_FLAGS] * n
        flagged = [c.flags for c in inputs if any(c.flags)]
        if flagged:  # each distinct combination of the inputs' flags is merged once
            known = (~np.isnan(values)).tolist()
            merged: dict[tuple[frozenset[str], ...], frozenset[str]] = {}
            for j, row in enumerate(zip(*flagged, strict=True)):
                if known[j]:
                    union = merged.get(row)
                    if union is None:
                        union = merged[row] = frozenset().union(*row) or NO_FLAGS
                    flags[j] = union
        unit = m.unit.replace("FLOP", "OP") if self.integer and uses_compute(m.name) else m.unit
        if self.mixed_kinds and uses_compute(m.name):
            unit = f"{m.unit} or {m.unit.replace('FLOP', 'OP')}"
        return Column(m.name, unit, values, tuple(missing), tuple(flags), direction=m.direction)

    def column(self, name: str) -> Column:
        """The column of a metric, a field path or ``compute`` (computed once, cached)."""
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        ext = self.extension
        if ext is not None and name in ext.names:
            for key, value in ext.compute(self).items():
                self._cache[key] = value
            return self._cache[name]
        if name in METRICS:
            col = self._compute(METRICS[name])
        elif name in FIELDS or name in PARTS or name == COMPUTE:
            col = self._gather(name)
        elif name in MEASURED_COLUMNS:
            col = self._measured(name)
        else:
            raise UnknownNameError("metric or field", name, column_suggestions(name))
        self._cache[name] = col
        return col

    def quantity(self, name: str) -> Any:
        """A numeric column as one pint Quantity over all chips (NaN where unknown)."""
        from .units import registry

        col = self._numeric(name, "convert to a quantity")
        return registry().Quantity(col.values.copy(), col.unit.replace("^", "**"))

    def label(self, name: str) -> str:
        """A column's name as tables show it: ``compute`` names its precision."""
        return f"compute.{self.precision}" if name == COMPUTE else name

    def dropped(self, name: str) -> list[Spec]:
        """The chips a column has no value for because they lack the precision asked."""
        if not uses_compute(name):
            return []
        return [c for c, p in zip(self.chips, self.precision_used, strict=True) if p is None]

    # --- rankings --------------------------------------------------------------------

    def _numeric(self, name: str, what: str) -> Column:
        col = self.column(name)
        if col.is_text:
            raise UsageError(
                f"cannot {what} the text field {name!r}: use a metric or a numeric field "
                "(memory.bandwidth, power.tdp ...; see 'chipspec metrics')"
            )
        return col

    def _criterion(
        self, text: str, what: str, stated: str | None = None, weighted: bool = False
    ) -> tuple[str, Column, str]:
        """A criterion's column name, column and direction: the one stated
        (``ridge_point:lower``) or the column's own; a property (no direction) without a
        stated one is a usage error that says how to state it."""
        name, written = split_criterion(text)
        way = written or stated
        if written and stated and written != stated:
            raise UsageError(f"{text!r}: a negative weight means lower is better; it contradicts ':{written}'")
        col = self._numeric(name, what)
        way = way or col.direction
        if way is None:
            also = f", or a negative weight ({name}=-1 for lower)" if weighted else ""
            raise UsageError(
                f"cannot {what} {name!r}: it has no better direction (a property: more is neither better nor "
                f"worse); say which way you want it: '{name}:lower' or '{name}:higher'{also}"
            )
        return name, col, way

    def direction(self, name: str) -> str:
        """``higher`` or ``lower``: which way a column (or a criterion such as
        ``ridge_point:lower``) is better.

        Raises:
            UsageError: a text field, or a property (no direction) without a stated one.
        """
        return self._criterion(name, "rank by")[2]

    def rank(self, column: str) -> Ranking:
        """The chips ordered by ``column`` (a metric or numeric field) in its direction;
        ``"ridge_point:lower"`` states the direction (required for a property, which has
        none: see ``docs/metrics.md``).

        Raises:
            UsageError: a text field, or a property without a stated direction.
        """
        name, col, way = self._criterion(column, "rank by")
        return self._ranking(name, col, way)

    def ordered(self, column: str) -> Ranking:
        """The chips ordered by ``column`` for display (``compare --sort``): best first for
        a merit, highest first for a property (``"name:lower"``: lowest first)."""
        name, written = split_criterion(column)
        col = self._numeric(name, "sort by")
        return self._ranking(name, col, written or col.direction or "higher")

    def _ranking(self, name: str, col: Column, way: str) -> Ranking:
        ranks = competition_ranks(col.values, way == "higher")
        values = col.values.tolist()
        rows = tuple(
            Placement(
                self.chips[i], int(ranks[i]) or None, None if values[i] != values[i] else values[i], col.missing[i]
            )
            for i in self._order(ranks)
        )
        return Ranking(self.label(name), col.unit, way, rows, self, name)

    def score(self, weights: Mapping[str, float]) -> Scoring:
        """A weighted score over several columns; see :class:`Scoring` for the method.

        A key may state its direction (``"ridge_point:lower"``), and a negative weight
        means lower is better (``{"ridge_point": -1}``); a property (no direction of its
        own) needs one of the two.

        Raises:
            UsageError: no weights, a weight of zero or not a finite number, a text field,
                or a property without a direction.
        """
        if not weights:
            raise UsageError("score needs at least one metric with a weight")
        cols: dict[str, Column] = {}
        ways: dict[str, str] = {}
        sizes: dict[str, float] = {}
        for key, weight in weights.items():
            negative = isinstance(weight, int | float) and not isinstance(weight, bool) and weight < 0
            name, col, way = self._criterion(key, "score", "lower" if negative else None, weighted=True)
            if name in cols:
                raise UsageError(f"score: {name!r} is weighted twice; give each column once")
            cols[name], ways[name], sizes[name] = col, way, -weight if negative else weight
        normalised = normalise_weights(sizes)
        n = len(self.chips)
        scores = np.zeros(n)
        parts: dict[str, np.ndarray] = {}
        for name, w in normalised.items():
            relative = relative_to_best(cols[name].values, ways[name] == "higher")
            parts[name] = w * relative
            scores = scores + parts[name]
        chips = self.chips

        def rows() -> tuple[ScoreRow, ...]:
            lacking = {
                int(i): tuple(dict.fromkeys(p for c in cols.values() for p in c.missing[i]))
                for i in np.flatnonzero(np.isnan(scores))
            }
            ranks = competition_ranks(scores, True)
            names = list(parts)
            shares = np.column_stack([parts[k] for k in names]).tolist()
            values = scores.tolist()
            built = []
            rank_list = ranks.tolist()
            for i in self._order(ranks):
                ok = values[i] == values[i]
                built.append(
                    ScoreRow(
                        chips[i],
                        int(rank_list[i]) if ok else None,
                        values[i] if ok else None,
                        dict(zip(names, shares[i], strict=True)) if ok else {},
                        lacking.get(i, ()),
                    )
                )
            return tuple(built)

        return Scoring(sizes, rows, directions=ways, comparison=self)

    def _order(self, ranks: np.ndarray) -> list[int]:
        """Rows by rank, the unranked (0) last, ties by chip id."""
        if self._id_rank is None:
            self._id_rank = np.argsort(np.argsort(np.array([c.id for c in self.chips], dtype=object)))
        order: list[int] = np.lexsort((self._id_rank, ranks, ranks == 0)).tolist()
        return order

    def pareto(self, columns: Sequence[str]) -> ParetoFront:
        """The Pareto front over ``columns`` (any number, directions respected)."""
        if not columns:
            raise UsageError("pareto needs at least one metric")
        criteria = [self._criterion(m, "put on a Pareto front") for m in columns]
        cols = [c for _, c, _ in criteria]
        matrix = np.column_stack([c.values for c in cols])
        known = ~np.isnan(matrix).any(axis=1)
        idx = np.flatnonzero(known)
        higher = [way == "higher" for _, _, way in criteria]
        mask = pareto_mask(matrix[idx], higher)
        front_idx = idx[mask]
        oriented = np.where(higher, matrix, -matrix)
        chips = self.chips
        front = tuple(chips[i] for i in front_idx.tolist())

        def dominated() -> tuple[tuple[Spec, Spec], ...]:
            rest = idx[~mask]
            dominators = first_dominator(significant(oriented[rest]), significant(oriented[front_idx]))
            front_rows = front_idx.tolist()
            return tuple(
                [(chips[i], chips[front_rows[j]]) for i, j in zip(rest.tolist(), dominators.tolist(), strict=True)]
            )

        def not_computable() -> tuple[tuple[Spec, tuple[str, ...]], ...]:
            return tuple(
                (chips[i], tuple(dict.fromkeys(p for c in cols for p in c.missing[i]))) for i in np.flatnonzero(~known)
            )

        return ParetoFront(
            tuple(name for name, _, _ in criteria),
            front,
            dominated,
            not_computable,
            directions={name: way for name, _, way in criteria},
            comparison=self,
        )

    # --- export ----------------------------------------------------------------------

    def to_records(self, columns: Sequence[str] | None = None, *, sources: bool = False) -> list[dict[str, Any]]:
        """One plain dict per chip: ``id``, ``name``, ``vendor`` and, per column,
        ``{"value": number or text or None, "unit": str, "flags": [...]}`` plus
        ``"missing": [paths]`` when the value is None and ``"precision"`` (the one used)
        for columns that use compute. Numbers are at full precision. With
        ``sources=True`` each field value also carries its ``source`` keys, ``urls``,
        ``confidence``, ``note``, annotations and ``alternatives``. Also the shape of the
        CLI's JSON output."""
        names = list(columns or self.columns)
        return [
            {
                "id": chip.id,
                "name": chip.name,
                "vendor": chip.vendor,
                **{self.label(n): self.cell_record(n, i, sources=sources) for n in names},
            }
            for i, chip in enumerate(self.chips)
        ]

    def needs(self, name: str) -> tuple[str, ...]:
        """The columns a derived column is computed from (a metric's inputs; none for a
        field). Lenses that add columns say theirs (:class:`Extension`)."""
        if self.extension is not None and name in self.extension.names:
            return tuple(self.extension.needs.get(name, ()))
        return METRICS[name].needs if name in METRICS else ()

    def caption(self, lang: str = "en") -> str:
        """What a chart's subtitle adds about how the columns were computed (lenses say
        their scenario), in ``lang``; nothing for a plain comparison."""
        caption = self.extension.caption if self.extension is not None else ""
        return caption(lang) if callable(caption) else caption

    def missing_hint(self, field: str) -> str | None:
        """The hint code (:data:`chipspec.i18n.HINTS`) for including chips that lack
        ``field``, which each surface words in its own terms; None when there is none."""
        if self.extension is not None and self.extension.missing_hint is not None:
            return self.extension.missing_hint(field)
        if not field.startswith("compute.") or self.fallback:
            return None
        if field == "compute.*":  # TPP already takes every precision: no other figure exists
            return "no-compute"
        if self.precision != SIXTEEN_BIT and self.precision in ("bf16", "fp16"):
            return "include-16bit"
        return "include-fallback"

    def source_field(self, name: str, i: int) -> str | None:
        """The field a cell's value was read from (``compute`` -> ``compute.fp16``; a part
        -> its field), or None for a metric."""
        if name == COMPUTE:
            used = self.precision_used[i]
            return None if used is None else compute_field(used)
        if name in PARTS:
            return PARTS[name].parent
        if name in MEASURED_COLUMNS and name.startswith("efficiency."):
            return column_spec(name)[1]
        return name if name in FIELDS else None

    def cell_record(self, name: str, i: int, *, sources: bool = False) -> dict[str, Any]:
        """One cell as plain data (the JSON shape of :meth:`to_records`)."""
        col = self.column(name)
        raw = col.values[i]
        value = raw if col.is_text else _num(raw)
        cell: dict[str, Any] = {"value": value, "unit": self.cell_unit(name, i), "flags": sorted(col.flags[i])}
        if value is None:
            cell["missing"] = list(col.missing[i])
        if uses_compute(name):
            cell["precision"] = self.precision_used[i]
        path = self.source_field(name, i)
        chip = self.chips[i]
        if sources and value is not None and path is not None and path in chip.entries:
            p = chip.provenance(path)
            cell["field"] = path
            cell["written"] = p.text
            cell["source"] = [s.key for s in p.sources]
            cell["urls"] = [s.url for s in p.sources]
            if any(s.via for s in p.sources):
                cell["via"] = [s.via for s in p.sources]
            if p.physical_stored is not None:
                cell["physical"] = p.physical_text
            cell["sheet_sources"] = not p.explicit
            cell["confidence"] = p.confidence
            cell["note"] = p.note
            for key, annotation in p.annotations:
                cell[key] = annotation
            if p.preferred_source:
                cell["preferred_source"] = p.preferred_source
            cell["alternatives"] = [
                {
                    "written": a.text,
                    "source": [s.key for s in a.sources],
                    "confidence": a.confidence,
                    "note": a.note,
                    **dict(a.annotations),
                }
                for a in p.alternatives
            ]
        return cell

    def to_dataframe(self) -> Any:
        """A pandas DataFrame: one row per chip id, one column per comparison column named
        by its field path or metric (``df["power.tdp"]``; ``compute`` as
        ``compute.16bit``), numbers in the column's canonical unit (NaN where unknown).

        What the numbers alone cannot say is in ``df.attrs``: ``units`` (column -> unit,
        ``df.attrs["units"]["power.tdp"] == "W"``), ``flags`` (column -> {chip id -> sorted
        flags}, only the flagged cells: ``df.attrs["flags"]["power.tdp"]["nvidia-h20"] ==
        ["disputed"]``), ``precision`` (the comparison's) and ``precision_used`` (chip id
        -> the precision its compute figures are read at).

        Raises:
            ChipspecError: pandas is not installed (``pip install 'chipspec[pandas]'``).
        """
        try:
            import pandas as pd
        except ImportError as err:
            raise ChipspecError("to_dataframe needs pandas: pip install 'chipspec[pandas]'") from err
        ids = [c.id for c in self.chips]
        data: dict[str, Any] = {"name": [c.name for c in self.chips], "vendor": [c.vendor for c in self.chips]}
        units: dict[str, str] = {}
        flags: dict[str, dict[str, list[str]]] = {}
        for name in self.columns:
            col = self.column(name)
            key = self.label(name)
            data[key] = list(col.values) if col.is_text else col.values.copy()
            units[key] = col.unit
            marked = {ids[i]: sorted(f) for i, f in enumerate(col.flags) if f}
            if marked:
                flags[key] = marked
        frame = pd.DataFrame(data, index=pd.Index(ids, name="id"))
        frame.attrs.update(
            units=units,
            flags=flags,
            precision=self.precision,
            precision_used=dict(zip(ids, self.precision_used, strict=True)),
        )
        return frame


_STACKED: dict[tuple[int, ...], tuple[tuple[Spec, ...], np.ndarray]] = {}
_STACKED_KEPT = 4  # chip tuples whose arrays are kept (most recently used)


def _stacked(chips: tuple[Spec, ...]) -> np.ndarray:
    """The chips' number rows as one read-only array, kept for the last few chip tuples:
    a program that compares the same chips again (a score, a front, another column set)
    does not stack them again. Keyed by the chips' identities (the entry keeps the chips,
    so an identity is never reused while it is kept); chips are immutable, so the array
    never goes stale."""
    key = tuple(map(id, chips))
    found = _STACKED.pop(key, None)
    if found is None:
        width = len(NUMBER_INDEX)
        flat = itertools.chain.from_iterable(numbers_of(chips))
        array = np.fromiter(flat, dtype=float, count=len(chips) * width).reshape(len(chips), width)
        array.flags.writeable = False
        found = (chips, array)
    _STACKED[key] = found  # most recent last
    while len(_STACKED) > _STACKED_KEPT:
        del _STACKED[next(iter(_STACKED))]
    return found[1]


def _render(comparison: Comparison, fmt: str, width: int, **options: Any) -> str:
    """A comparison's view rendered for Python, through :mod:`chipspec.display` (the
    engine never imports the report layer)."""
    from .display import render

    return render("comparison", comparison, fmt, width, **options)


def split_criterion(text: str) -> tuple[str, str | None]:
    """A criterion as written, split into its column and stated direction.

    >>> split_criterion("ridge_point:lower"), split_criterion("power.tdp")
    (('ridge_point', 'lower'), ('power.tdp', None))

    Raises:
        UsageError: a direction other than ``higher`` or ``lower``.
    """
    name, sep, way = text.partition(":")
    if not sep:
        return text.strip(), None
    folded = way.strip().casefold()
    if folded not in ("higher", "lower"):
        raise UsageError(f"{text!r}: state a direction as ':higher' or ':lower', got {way.strip()!r}"[:160])
    return name.strip(), folded


def _num(value: Any) -> float | None:
    v = float(value)
    return None if np.isnan(v) else v


def _precision(precision: str) -> str:
    if not isinstance(precision, str):
        raise UnknownNameError("precision", repr(precision), precision_names())
    if precision in precision_names():
        return precision
    folded = precision.strip().casefold().replace("-", "").replace(" ", "")
    for p in precision_names():
        if p.casefold() == folded:
            return p
    raise UnknownNameError(
        "precision",
        precision,
        suggest(folded, precision_names()),
        hint=f" (precisions: {', '.join(precision_names())})",
    )


def compare(
    chips: Catalog | Iterable[Spec | str] | Spec | str | None = None,
    columns: Sequence[str] | None = None,
    precision: str = DEFAULT_PRECISION,
    *,
    fallback: bool = False,
    catalog: Catalog | None = None,
    extension: Extension | None = None,
) -> Comparison:
    """Compare chips on metrics and fields.

    Args:
        chips: a Catalog, or Spec objects and/or names (looked up in ``catalog``), or one
            chip (a Spec or a name);
            default: the whole bundled catalog.
        columns: metric names and/or field paths (``"memory.capacity"``) and
            ``"compute"`` (dense compute at ``precision``); default :data:`DEFAULT_COLUMNS`.
        precision: what ``compute`` means: ``16bit`` (default: BF16 where published, else
            FP16), or an exact precision (``bf16``, ``fp16``, ``fp8``, ``int8`` ...).
        fallback: when a chip lacks ``precision``, use another (see
            :func:`fallback_order`); ``Comparison.fell_back`` says where it happened.
        catalog: where names are looked up (default: the bundled catalog).
        extension: the columns a lens adds (:class:`Extension`); ``columns`` may name them.

    Raises:
        UnknownNameError: an unknown metric, field, precision or chip.

    >>> c = compare(["h20", "910b"], ["bandwidth_per_watt"])
    >>> c.rank("bandwidth_per_watt").rows[0].chip.id
    'nvidia-h20'
    """
    if isinstance(chips, str | Spec):  # one chip: compare("h20") is not the chips 'h', '2', '0'
        chips = [chips]
    items: list[Spec | str] = [] if chips is None else list(chips)  # once: chips may be a generator
    if catalog is None and (chips is None or any(isinstance(c, str) for c in items)):
        from .cache import bundled_or_partial  # the bundled catalog, only when names need it

        catalog = bundled_or_partial()
    if chips is None:
        assert catalog is not None
        items = list(catalog)
    specs: dict[str, Spec] = {}
    for c in items:
        spec = catalog.get(c) if isinstance(c, str) else c  # type: ignore[union-attr]
        if not isinstance(spec, Spec):
            raise UsageError(f"compare takes chips (Spec objects or names), got {type(spec).__name__}")
        first = specs.setdefault(spec.id, spec)
        if first is not spec and first != spec:  # not a repeat: another version of the chip
            raise UsageError(
                f"two different versions of {spec.id} (one from .prefer() or another catalog?); "
                "a comparison holds one row per chip"
            )
    chosen = list(columns) if columns else list(DEFAULT_COLUMNS)
    return Comparison(list(specs.values()), chosen, precision, fallback, extension=extension)
