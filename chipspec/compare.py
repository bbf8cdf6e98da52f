"""compare(): metric and field columns for a set of chips, computed in bulk.

Each input field is gathered once into a numpy array of magnitudes in one canonical unit
per kind (GB, GB/s, TFLOPS, W, mm²), NaN where unknown; every metric is then computed
for all chips at once, with units attached and converted once per column.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .catalog import Catalog
from .errors import ChipspecError, UnknownNameError
from .metrics import COMPUTE, METRICS, Metric, uses_compute
from .rank import competition_ranks, first_dominator, pareto_mask, relative_to_best, significant
from .spec import FIELDS, PRECISIONS, Spec, suggest
from .units import KINDS, Quantity, factor, is_quantity, ureg

__all__ = [
    "DEFAULT_COLUMNS",
    "Comparison",
    "ParetoFront",
    "Placement",
    "Ranking",
    "ScoreRow",
    "Scoring",
    "compare",
    "fallback_order",
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

BITS = {"fp64": 64, "fp32": 32, "tf32": 32, "bf16": 16, "fp16": 16, "fp8": 8, "fp6": 6, "fp4": 4, "int8": 8, "int4": 4}


def fallback_order(precision: str) -> tuple[str, ...]:
    """The precisions tried when a chip lacks ``precision`` (with ``fallback=True``).

    Same width first (bf16 <-> fp16, fp8 <-> int8, fp4 <-> int4), then wider formats from
    the narrowest up. Never a narrower format: it would overstate the chip.
    """
    bits = BITS[precision]
    same = [p for p in PRECISIONS if p != precision and BITS[p] == bits]
    wider = sorted((p for p in PRECISIONS if BITS[p] > bits), key=lambda p: (BITS[p], PRECISIONS.index(p)))
    return (*same, *wider)


def column_names() -> list[str]:
    """Every name usable as a column: fields, ``compute`` and metrics."""
    return [*FIELDS, "host.pcie.gen", "host.pcie.lanes", COMPUTE, *METRICS]


def _magnitude(entry: Any, kind: str) -> float:
    q = entry.value
    if entry.unit is not None:
        return float(q.magnitude) * factor(entry.unit, kind)
    return float(q.to(KINDS[kind].canonical).magnitude)  # built in Python, no spelling kept


@dataclass(frozen=True)
class Column:
    """One computed column: values in ``unit`` (NaN when unknown), or text."""

    name: str
    unit: str
    values: np.ndarray
    missing: tuple[tuple[str, ...], ...]
    is_text: bool = False


@dataclass(frozen=True)
class Placement:
    """One chip's place in a ranking; ``rank`` is None when the metric is not computable."""

    chip: Spec
    rank: int | None
    value: float | None
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ranking:
    """Chips ordered by one metric in its direction; ties share a rank; the not
    computable follow, unranked, with the fields they lack."""

    metric: str
    unit: str
    direction: str
    rows: tuple[Placement, ...]

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def ranked(self) -> tuple[Placement, ...]:
        return tuple(r for r in self.rows if r.rank is not None)

    @property
    def not_computable(self) -> tuple[Placement, ...]:
        return tuple(r for r in self.rows if r.rank is None)

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per chip: id, name, vendor, rank and the metric's value record."""
        out = []
        for r in self.rows:
            value: dict[str, Any] = {"value": r.value, "unit": self.unit}
            if r.value is None:
                value["missing"] = list(r.missing)
            out.append(
                {"id": r.chip.id, "name": r.chip.name, "vendor": r.chip.vendor, "rank": r.rank, self.metric: value}
            )
        return out


@dataclass(frozen=True)
class ScoreRow:
    """One chip's weighted score and what each metric contributed to it."""

    chip: Spec
    rank: int | None
    score: float | None
    contributions: Mapping[str, float] = field(default_factory=dict)
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scoring:
    """A weighted multi-criteria score.

    Each metric is normalised relative to the best chip in the set (v / best for
    higher-is-better, best / v for lower-is-better, so the best gets 1 and units cancel);
    the score is the weighted mean of those, ``sum(w * n) / sum(w)``, and
    ``contributions[m] = w_m * n_m / sum(w)`` add up to it.
    """

    weights: Mapping[str, float]
    rows: tuple[ScoreRow, ...]
    method: str = "relative to best, weighted mean"

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def to_records(self) -> list[dict[str, Any]]:
        out = []
        for r in self.rows:
            rec: dict[str, Any] = {"id": r.chip.id, "name": r.chip.name, "vendor": r.chip.vendor, "rank": r.rank}
            rec["score"] = {"value": r.score, "unit": ""}
            if r.score is None:
                rec["score"]["missing"] = list(r.missing)
            rec["contributions"] = dict(r.contributions)
            out.append(rec)
        return out


@dataclass(frozen=True)
class ParetoFront:
    """The chips no other chip beats on all ``metrics`` at once (directions respected)."""

    metrics: tuple[str, ...]
    front: tuple[Spec, ...]
    dominated: tuple[tuple[Spec, Spec], ...]  # (chip, a front chip that dominates it)
    not_computable: tuple[tuple[Spec, tuple[str, ...]], ...]

    def __contains__(self, chip: object) -> bool:
        return chip in self.front

    def to_records(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for c in self.front:
            out.append({"id": c.id, "name": c.name, "vendor": c.vendor, "pareto": "front"})
        for c, by in self.dominated:
            out.append({"id": c.id, "name": c.name, "vendor": c.vendor, "pareto": "dominated", "dominated_by": by.id})
        for c, missing in self.not_computable:
            out.append({"id": c.id, "name": c.name, "vendor": c.vendor, "pareto": None, "missing": list(missing)})
        return out


class Comparison:
    """Chips and their metric and field columns, computed in bulk.

    Build one with :func:`compare`. ``columns`` lists what tables show; any other metric
    or field is computed on demand by :meth:`column`, :meth:`rank`, :meth:`score` and
    :meth:`pareto`.
    """

    def __init__(
        self, chips: Sequence[Spec], columns: Sequence[str], precision: str = "bf16", fallback: bool = False
    ) -> None:
        if precision not in PRECISIONS:
            raise UnknownNameError("precision", precision, suggest(precision, PRECISIONS))
        self.chips: tuple[Spec, ...] = tuple(chips)
        self.precision = precision
        self.fallback = fallback
        self._cache: dict[str, Column] = {}
        self.precision_used: tuple[str | None, ...] = self._choose_precisions()
        for name in columns:
            self.column(name)
        self.columns: tuple[str, ...] = tuple(columns)

    def __len__(self) -> int:
        return len(self.chips)

    def __repr__(self) -> str:
        return f"<Comparison of {len(self.chips)} chips: {', '.join(self.columns)}>"

    # --- gathering -------------------------------------------------------------------

    def _choose_precisions(self) -> tuple[str | None, ...]:
        order = (self.precision, *fallback_order(self.precision)) if self.fallback else (self.precision,)
        used: list[str | None] = []
        for chip in self.chips:
            entries = chip.entries
            used.append(next((p for p in order if f"compute.{p}" in entries), None))
        return tuple(used)

    @property
    def fell_back(self) -> tuple[bool, ...]:
        """Per chip: whether ``compute`` came from another precision than asked."""
        return tuple(u is not None and u != self.precision for u in self.precision_used)

    def _gather(self, name: str) -> Column:
        n = len(self.chips)
        values = np.full(n, np.nan)
        missing: list[tuple[str, ...]] = [()] * n
        if name == COMPUTE:
            kind = "compute"
            for i, (chip, p) in enumerate(zip(self.chips, self.precision_used, strict=True)):
                if p is None:
                    missing[i] = (f"compute.{self.precision}",)
                else:
                    values[i] = _magnitude(chip.entries[f"compute.{p}"], kind)
            return Column(name, _throughput_unit(self.precision), values, tuple(missing))
        if name in ("host.pcie.gen", "host.pcie.lanes"):
            attr = name.rsplit(".", 1)[1]
            for i, chip in enumerate(self.chips):
                pcie = chip.host.pcie
                if pcie is None:
                    missing[i] = ("host.pcie",)
                else:
                    values[i] = getattr(pcie, attr)
            return Column(name, "", values, tuple(missing))
        f = FIELDS[name]
        if f.is_quantity:
            for i, chip in enumerate(self.chips):
                entry = chip.entries.get(name)
                if entry is None:
                    missing[i] = (name,)
                else:
                    values[i] = _magnitude(entry, f.kind)
            unit = _throughput_unit(name.rsplit(".", 1)[1]) if f.kind == "compute" else KINDS[f.kind].canonical
            return Column(name, unit, values, tuple(missing))
        if f.kind == "count":
            for i, chip in enumerate(self.chips):
                entry = chip.entries.get(name)
                if entry is None:
                    missing[i] = (name,)
                else:
                    values[i] = entry.value
            return Column(name, "", values, tuple(missing))
        texts = np.empty(n, dtype=object)
        for i, chip in enumerate(self.chips):
            entry = chip.entries.get(name)
            if entry is None:
                missing[i] = (name,)
            else:
                texts[i] = str(entry.value)
        return Column(name, "", texts, tuple(missing), is_text=True)

    def _compute(self, m: Metric) -> Column:
        inputs = [self.column(n) for n in m.needs]
        for col in inputs:
            if col.is_text:
                raise ChipspecError(f"metric {m.name!r} reads the text field {col.name!r}")
        quantities = [ureg.Quantity(c.values, c.unit) for c in inputs]
        with np.errstate(divide="ignore", invalid="ignore"):
            result = m.function(*quantities)
            result = result if is_quantity(result) else ureg.Quantity(result)
            values = np.asarray(result.to(m.unit).magnitude, dtype=float)
        values = np.broadcast_to(values, (len(self.chips),)).copy()
        values[~np.isfinite(values)] = np.nan
        missing: list[tuple[str, ...]] = [()] * len(self.chips)
        every_precision = {f"compute.{p}" for p in PRECISIONS}
        for i in np.flatnonzero(np.isnan(values)):
            lacking = tuple(dict.fromkeys(p for c in inputs for p in c.missing[i]))
            if every_precision <= set(lacking):  # "no compute figure at all", said once
                lacking = ("compute.*", *(p for p in lacking if p not in every_precision))
            missing[i] = lacking
        return Column(m.name, m.unit, values, tuple(missing))

    def column(self, name: str) -> Column:
        """The column of a metric, a field path or ``compute`` (computed once, cached)."""
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        if name in METRICS:
            col = self._compute(METRICS[name])
        elif name in FIELDS or name in ("host.pcie.gen", "host.pcie.lanes", COMPUTE):
            col = self._gather(name)
        else:
            raise UnknownNameError("metric or field", name, suggest(name, column_names()))
        self._cache[name] = col
        return col

    def quantity(self, name: str) -> Quantity:
        """A numeric column as one pint Quantity over all chips (NaN where unknown)."""
        col = self.column(name)
        if col.is_text:
            raise ChipspecError(f"{name!r} is a text field, not a quantity")
        return ureg.Quantity(col.values, col.unit)

    def label(self, name: str) -> str:
        """A column's name as tables show it: ``compute`` names its precision."""
        return f"compute.{self.precision}" if name == COMPUTE else name

    # --- rankings --------------------------------------------------------------------

    def _direction(self, name: str) -> bool:
        if name in METRICS:
            return METRICS[name].higher_is_better
        return name != "power.tdp"  # less power is better; more of anything else is

    def rank(self, metric: str) -> Ranking:
        """The chips ordered by ``metric`` (a metric or numeric field) in its direction."""
        col = self.column(metric)
        if col.is_text:
            raise ChipspecError(f"cannot rank by the text field {metric!r}")
        higher = self._direction(metric)
        ranks = competition_ranks(col.values, higher)
        order = sorted(range(len(self.chips)), key=lambda i: (ranks[i] == 0, ranks[i], self.chips[i].id))
        rows = tuple(
            Placement(self.chips[i], int(ranks[i]) or None, _num(col.values[i]), col.missing[i]) for i in order
        )
        return Ranking(self.label(metric), col.unit, "higher" if higher else "lower", rows)

    def score(self, weights: Mapping[str, float]) -> Scoring:
        """A weighted score over several metrics; see :class:`Scoring` for the method."""
        if not weights:
            raise ChipspecError("score needs at least one metric with a weight")
        for name, w in weights.items():
            if not (isinstance(w, int | float) and np.isfinite(w) and w > 0):
                raise ChipspecError(f"weight of {name!r} must be a positive number, got {w!r}")
        total = float(sum(weights.values()))
        n = len(self.chips)
        scores = np.zeros(n)
        parts: dict[str, np.ndarray] = {}
        cols = {name: self.column(name) for name in weights}
        for name, w in weights.items():
            normalised = relative_to_best(cols[name].values, self._direction(name))
            parts[name] = w * normalised / total
            scores = scores + parts[name]
        lacking = {
            int(i): tuple(dict.fromkeys(p for c in cols.values() for p in c.missing[i]))
            for i in np.flatnonzero(np.isnan(scores))
        }
        ranks = competition_ranks(scores, True)
        order = sorted(range(n), key=lambda i: (ranks[i] == 0, ranks[i], self.chips[i].id))
        rows = []
        for i in order:
            ok = not np.isnan(scores[i])
            rows.append(
                ScoreRow(
                    self.chips[i],
                    int(ranks[i]) if ok else None,
                    float(scores[i]) if ok else None,
                    {k: float(v[i]) for k, v in parts.items()} if ok else {},
                    lacking.get(i, ()),
                )
            )
        return Scoring(dict(weights), tuple(rows))

    def pareto(self, metrics: Sequence[str]) -> ParetoFront:
        """The Pareto front over ``metrics`` (any number, directions respected)."""
        if not metrics:
            raise ChipspecError("pareto needs at least one metric")
        cols = [self.column(m) for m in metrics]
        matrix = np.column_stack([c.values for c in cols])
        known = ~np.isnan(matrix).any(axis=1)
        idx = np.flatnonzero(known)
        higher = [self._direction(m) for m in metrics]
        mask = pareto_mask(matrix[idx], higher)
        front_idx = idx[mask]
        oriented = np.where(higher, matrix, -matrix)
        front = tuple(self.chips[i] for i in front_idx)
        rest = idx[~mask]
        dominators = first_dominator(significant(oriented[rest]), significant(oriented[front_idx]))
        dominated = [(self.chips[i], self.chips[front_idx[j]]) for i, j in zip(rest, dominators, strict=True)]
        not_computable = tuple(
            (self.chips[i], tuple(dict.fromkeys(p for c in cols for p in c.missing[i]))) for i in np.flatnonzero(~known)
        )
        return ParetoFront(tuple(metrics), front, tuple(dominated), not_computable)

    # --- export ----------------------------------------------------------------------

    def plot(
        self, kind: str, *, metrics: Sequence[str] | None = None, lang: str = "en", title: str | None = None
    ) -> Any:
        """A matplotlib Figure of this comparison: ``bar``, ``scatter``, ``roofline`` or
        ``radar`` (see :mod:`chipspec.report.plot`; matplotlib is imported only here)."""
        from .report.plot import plot  # the one upward import: charts are drawn on demand

        return plot(self, kind, metrics=metrics, lang=lang, title=title)

    def to_records(self, columns: Sequence[str] | None = None, *, sources: bool = False) -> list[dict[str, Any]]:
        """One plain dict per chip: ``id``, ``name``, ``vendor`` and, per column,
        ``{"value": number or text or None, "unit": str, "missing": [paths]}`` (``missing``
        only when the value is None). Also the shape of the CLI's JSON output.

        Values that use compute also carry ``precision`` (the one actually used). With
        ``sources=True`` each field value also carries ``source`` (its source keys) and
        ``confidence``."""
        names = list(columns or self.columns)
        cols = [self.column(n) for n in names]
        records = []
        for i, chip in enumerate(self.chips):
            rec: dict[str, Any] = {"id": chip.id, "name": chip.name, "vendor": chip.vendor}
            for name, col in zip(names, cols, strict=True):
                raw = col.values[i]
                value = raw if col.is_text else _num(raw)
                cell: dict[str, Any] = {"value": value, "unit": col.unit}
                if value is None:
                    cell["missing"] = list(col.missing[i])
                if uses_compute(name):
                    cell["precision"] = self.precision_used[i]
                path = f"compute.{self.precision_used[i]}" if name == COMPUTE else name
                if sources and value is not None and path in chip.entries:
                    p = chip.provenance(path)
                    cell["source"] = [s.key for s in p.sources]
                    cell["confidence"] = p.confidence
                rec[self.label(name)] = cell
            records.append(rec)
        return records

    def to_dataframe(self) -> Any:
        """A pandas DataFrame (one row per chip id; unit in each column name).

        Raises:
            ChipspecError: pandas is not installed (``pip install 'chipspec[pandas]'``).
        """
        try:
            import pandas as pd
        except ImportError as err:
            raise ChipspecError("to_dataframe needs pandas: pip install 'chipspec[pandas]'") from err
        data: dict[str, Any] = {"name": [c.name for c in self.chips], "vendor": [c.vendor for c in self.chips]}
        for name in self.columns:
            col = self.column(name)
            key = self.label(name) + (f" ({col.unit})" if col.unit else "")
            data[key] = col.values
        return pd.DataFrame(data, index=pd.Index([c.id for c in self.chips], name="id"))

    def _repr_html_(self) -> str:
        def header(n: str) -> str:
            unit = self.column(n).unit
            return html.escape(self.label(n) + (f" ({unit})" if unit else ""))

        head = "".join(f"<th>{header(n)}</th>" for n in self.columns)
        rows = []
        for i, chip in enumerate(self.chips):
            cells = []
            for n in self.columns:
                col = self.column(n)
                v = col.values[i]
                text = "—" if (v is None or (not col.is_text and np.isnan(v))) else (v if col.is_text else f"{v:.4g}")
                cells.append(f"<td>{html.escape(str(text))}</td>")
            rows.append(f"<tr><th>{html.escape(chip.id)}</th>{''.join(cells)}</tr>")
        return f"<table><thead><tr><th>chip</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _throughput_unit(precision: str) -> str:
    """TOPS for integer precisions, TFLOPS for floating point (the same magnitude)."""
    return "TOPS" if precision.startswith("int") else "TFLOPS"


def _num(value: Any) -> float | None:
    v = float(value)
    return None if np.isnan(v) else v


def compare(
    chips: Catalog | Iterable[Spec | str] | None = None,
    metrics: Sequence[str] | None = None,
    precision: str = "bf16",
    *,
    fallback: bool = False,
    catalog: Catalog | None = None,
) -> Comparison:
    """Compare chips on metrics and fields.

    Args:
        chips: a Catalog, or Spec objects and/or names (looked up in ``catalog``);
            default: the whole bundled catalog.
        metrics: metric names and/or field paths (``"memory.capacity"``) and
            ``"compute"`` (dense compute at ``precision``); default :data:`DEFAULT_COLUMNS`.
        precision: the precision that ``compute`` means (``bf16``, ``fp16``, ``fp8``,
            ``int8`` ...).
        fallback: when a chip lacks ``precision``, use another (see
            :func:`fallback_order`); ``Comparison.fell_back`` says where it happened.
        catalog: where names are looked up (default: the bundled catalog).

    Raises:
        UnknownNameError: an unknown metric, field, precision or chip.

    >>> c = compare(["h20", "910b"], ["bandwidth_per_watt"])
    >>> c.rank("bandwidth_per_watt").rows[0].chip.id
    'nvidia-h20'
    """
    items: list[Spec | str] = [] if chips is None else list(chips)  # once: chips may be a generator
    if catalog is None and (chips is None or any(isinstance(c, str) for c in items)):
        from .load import load_catalog  # the bundled catalog, only when names need it

        catalog = load_catalog()
    if chips is None:
        assert catalog is not None
        items = list(catalog)
    specs: list[Spec] = []
    for c in items:
        if isinstance(c, str):
            assert catalog is not None  # loaded above whenever a name is given
            specs.append(catalog.get(c))
        else:
            specs.append(c)
    return Comparison(specs, list(metrics) if metrics else list(DEFAULT_COLUMNS), precision, fallback)
