"""Figures, classes and margins: a chip under each US 3A090 rule, as typed records.

Classification uses only what is known: a threshold on an unknown figure is neither met
nor missed, and a chip whose class depends on one is *undetermined*, naming the missing
fields. Nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...catalog import Catalog
from ...comparison import Comparison, compare
from ...errors import UsageError
from ...format import compute_field
from ...metrics import TPP_INPUTS, tpp_precisions
from ...spec import Spec
from .rules import FIGURES, NOTICE, RULES, STRICTNESS, Rule, rules_in_force

__all__ = ["Classification", "ExportFigures", "ExportResult", "Margin", "classify_figures", "export_control"]

# Host PCIe counts toward the 2022 rule's I/O; when it is unknown, the chip-to-chip figure
# alone decides only where it already meets every I/O threshold of the rules.
_IO_LIMIT = max(v for r in RULES.values() for v in r.threshold_values("io_bandwidth"))


def classify_figures(rule: Rule, figures: Mapping[str, float | None]) -> tuple[str | None, tuple[str, ...]]:
    """A rule's class for figures (``tpp``, ``performance_density`` ...; None = unknown).

    Returns (the class, or None when undetermined; the classes still possible).
    """
    possible: list[str] = []
    for clause in rule.clauses:
        results = [t.test(figures.get(t.figure)) for t in clause.conditions]
        if all(r is True for r in results):
            possible.append(clause.result)
            break
        if any(r is False for r in results):
            continue
        possible.append(clause.result)  # unknown: this class stays possible
    else:
        possible.append(rule.otherwise)
    distinct = tuple(dict.fromkeys(possible))
    return (distinct[0] if len(distinct) == 1 else None), distinct


@dataclass(frozen=True, slots=True)
class Margin:
    """How far a figure is from the nearest threshold that would change the class.

    ``percent`` is the distance relative to the threshold. ``line`` names the boundary
    by the stricter of the two classes it separates. ``via`` is set when a TPP margin
    comes from a density threshold (the TPP at which this die's density reaches it).
    """

    figure: str
    value: float
    threshold: float
    percent: float
    becomes: str
    line: str
    via: str = ""

    def __str__(self) -> str:
        side = "below" if self.value < self.threshold else "above"
        unit = FIGURES[self.figure].unit
        via = f" ({self.via})" if self.via else ""
        return (
            f"{FIGURES[self.figure].label} {_fmt(self.value)}{unit}: {self.percent:.1f}% {side} the "
            f"{self.line} line at {_fmt(self.threshold)}{unit}{via}"
        )


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


def _across(op: str, limit: float, x: float) -> float:
    """A value just on the other side of ``figure op limit`` from ``x``."""
    met = x >= limit if op == ">=" else x < limit
    just_below = limit * (1 - 1e-9)
    if op == ">=":
        return just_below if met else limit
    return limit if met else just_below


def _margin(rule: Rule, figures: Mapping[str, float | None], current: str, area: float | None) -> Margin | None:
    """The nearest single-figure change that changes the class.

    Each figure moves alone, except TPP, which moves at a fixed die area so that density
    moves with it; a density threshold is then also a TPP threshold (density x area).
    """
    candidates: list[tuple[str, str, float, str]] = []  # figure, op, limit, via
    for t in rule.thresholds:
        candidates.append((t.figure, t.op, t.value, ""))
        if t.figure == "performance_density" and area:
            candidates.append(("tpp", t.op, t.value * area, f"where density reaches {t.value:g}/mm²"))
    best: Margin | None = None
    for figure, op, limit, via in candidates:
        x = figures.get(figure)
        if x is None or x == 0:
            continue
        moved = dict(figures)
        moved[figure] = _across(op, limit, x)
        if figure == "tpp" and area:
            moved["performance_density"] = moved["tpp"] / area  # type: ignore[operator]
        result, _ = classify_figures(rule, moved)
        if result is None or result == current:
            continue
        percent = abs(x - limit) / limit * 100
        if best is None or percent < best.percent * (1 - 1e-9):  # ties: the first (own-figure) margin
            line = max((current, result), key=lambda c: STRICTNESS.get(c, 0))
            best = Margin(figure, x, limit, percent, result, line, via)
    return best


@dataclass(frozen=True, slots=True)
class ExportFigures:
    """The figures the rules test, for one chip (None: unknown), and their flags."""

    tpp: float | None
    tpp_precision: str | None
    performance_density: float | None
    io_bandwidth: float | None
    dram_bandwidth: float | None
    flags: Mapping[str, frozenset[str]]

    def get(self, figure: str) -> float | None:
        return getattr(self, figure)  # type: ignore[no-any-return]

    def as_dict(self) -> dict[str, float | None]:
        return {f: self.get(f) for f in FIGURES}


@dataclass(frozen=True, slots=True)
class Classification:
    """One chip under one rule: the class (None: undetermined), the classes still possible,
    the fields that would settle it, and the margin to the nearest threshold."""

    rule: Rule
    result: str | None
    possible: tuple[str, ...]
    missing: tuple[str, ...]
    margin: Margin | None

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"rule": self.rule.name, "class": self.result, "possible": list(self.possible)}
        if self.result is None:
            record["missing"] = list(self.missing)
        if self.margin is not None:
            m = self.margin
            record["margin"] = {
                "figure": m.figure,
                "value": m.value,
                "threshold": m.threshold,
                "percent": m.percent,
                "becomes": m.becomes,
                "text": str(m),
            }
        return record


@dataclass(frozen=True, slots=True)
class ExportResult:
    """A chip's export-control reading: its figures and its class under each rule."""

    chip: Spec
    figures: ExportFigures
    classifications: tuple[Classification, ...]
    as_of: dt.date | None

    def to_record(self) -> dict[str, Any]:
        """Plain data (the CLI's JSON shape)."""
        f = self.figures
        return {
            "id": self.chip.id,
            "name": self.chip.name,
            "vendor": self.chip.vendor,
            **{
                name: {"value": f.get(name), "unit": FIGURES[name].unit, "flags": sorted(f.flags.get(name, ()))}
                for name in FIGURES
            },
            "tpp_precision": f.tpp_precision,
            "rules": [c.to_record() for c in self.classifications],
            "notice": NOTICE,
        }


def _figures(comparison: Comparison) -> list[ExportFigures]:
    def col(name: str) -> Any:
        return comparison.column(name)

    link, pcie, dram, density = (
        col("interconnect.bandwidth"),
        col("pcie_bandwidth"),
        col("memory.bandwidth"),
        col("performance_density"),
    )
    tpp = col("tpp")
    precisions = tpp_precisions([np.asarray(col(n).values, dtype=float) for n in TPP_INPUTS])
    out = []
    for i, chip in enumerate(comparison.chips):
        io: float | None
        io_flags = link.flags[i]
        if np.isnan(link.values[i]):
            io = None
        elif np.isnan(pcie.values[i]):
            io = float(link.values[i]) if link.values[i] >= _IO_LIMIT else None  # a lower bound is enough
        else:
            io = float(link.values[i] + 2 * pcie.values[i])
            io_flags = io_flags | pcie.flags[i]
        p = precisions[i]
        tpp_flags = chip.entries[compute_field(p)].flags if p is not None else frozenset()
        area_flags = chip.entries["die_area"].flags if "die_area" in chip.entries else frozenset()
        out.append(
            ExportFigures(
                tpp=_value(tpp.values[i]),
                tpp_precision=p,
                performance_density=_value(density.values[i]),
                io_bandwidth=io,
                dram_bandwidth=_value(dram.values[i]),
                flags={
                    "tpp": tpp_flags,
                    "performance_density": tpp_flags | area_flags,
                    "io_bandwidth": io_flags if io is not None else frozenset(),
                    "dram_bandwidth": dram.flags[i],
                },
            )
        )
    return out


def _value(x: Any) -> float | None:
    return None if np.isnan(x) else float(x)


def _missing(rule: Rule, figures: ExportFigures, chip: Spec) -> tuple[str, ...]:
    names: list[str] = []
    for t in rule.thresholds:
        if figures.get(t.figure) is None:
            fields = FIGURES[t.figure].fields
            if t.figure == "io_bandwidth" and "interconnect.bandwidth" in chip.entries:
                fields = ("host.pcie",)
            names += fields
    return tuple(dict.fromkeys(names))


def classify(chip: Spec, figures: ExportFigures, rules: Sequence[Rule]) -> list[Classification]:
    """The chip's class under each rule (rules with a scope see the class of their base rule)."""
    area = chip.magnitude("die_area")
    by_name: dict[str, Classification] = {}
    out: list[Classification] = []
    for r in rules:
        c: Classification
        if r.scope is not None:
            base_name, classes = r.scope
            base = by_name.get(base_name) or classify(chip, figures, [RULES[base_name]])[0]
            if base.result is None:
                c = Classification(r, None, ("not applicable", r.otherwise), base.missing, None)
            elif base.result not in classes:
                c = Classification(r, "not applicable", ("not applicable",), (), None)
            else:
                c = _classify_one(r, figures, chip, area)
        else:
            c = _classify_one(r, figures, chip, area)
        out.append(c)
        by_name[r.name] = c
    return out


def _classify_one(rule: Rule, figures: ExportFigures, chip: Spec, area: float | None) -> Classification:
    values = figures.as_dict()
    result, possible = classify_figures(rule, values)
    missing = _missing(rule, figures, chip) if result is None else ()
    margin = _margin(rule, values, result, area) if result is not None else None
    return Classification(rule, result, possible, missing, margin)


def _day(as_of: dt.date | str | None) -> dt.date | None:
    if as_of is None or (isinstance(as_of, dt.date) and not isinstance(as_of, dt.datetime)):
        return as_of
    if isinstance(as_of, str):
        try:
            return dt.date.fromisoformat(as_of.strip())
        except ValueError:
            pass
    raise UsageError(f"as_of: expected a date like 2026-12-01, got {as_of!r}"[:120])


def export_control(
    chips: Catalog | Iterable[Spec | str] | None = None,
    *,
    rule: str | Sequence[str] | None = None,
    as_of: dt.date | str | None = None,
    catalog: Catalog | None = None,
) -> list[ExportResult]:
    """Classify chips under the US 3A090 rules in force on a date.

    Args:
        chips: a Catalog, Specs or names (default: the bundled catalog).
        rule: one rule name or several (default: every rule in force on ``as_of``).
        as_of: a date or ``"YYYY-MM-DD"`` (default: today).
        catalog: where names are looked up (default: the bundled catalog).

    Returns:
        One :class:`ExportResult` per chip: its figures (TPP with the precision that set
        it, performance density, chip I/O, DRAM bandwidth; None when unknown) and one
        :class:`Classification` per rule (no rule when none was in force on ``as_of``).

    >>> [r.classifications[0].result for r in export_control(["h20"], rule="us-3a090-2023")]
    ['not 3A090.a/.b']
    """
    day = _day(as_of)
    names = [rule] if isinstance(rule, str) else list(rule) if rule else None
    chosen = rules_in_force(day, names)
    comparison = compare(chips, ["tpp", "performance_density"], catalog=catalog)
    return [
        ExportResult(chip, figures, tuple(classify(chip, figures, chosen)), day)
        for chip, figures in zip(comparison.chips, _figures(comparison), strict=True)
    ]
