"""Export-control lens: where each chip falls under the US ECCN 3A090 rules.

The rules are data (:data:`RULES`): each is an ordered list of clauses, each clause a
class and the thresholds that must all hold for it; the first clause that holds gives the
class, and ``otherwise`` applies when none does. Classification uses only what is known:
a threshold on an unknown figure is neither met nor missed, and a chip whose class
depends on one is *undetermined*, naming the missing fields. Nothing is guessed.

This is an informational reading of public rules from spec-sheet figures, not legal
advice (:data:`NOTICE`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .catalog import Catalog
from .compare import Comparison, compare
from .errors import ChipspecError, UnknownNameError
from .metrics import TPP_INPUTS, tpp_precisions
from .spec import Spec, suggest

__all__ = [
    "NOTICE",
    "RULES",
    "Classification",
    "Margin",
    "Rule",
    "classify_figures",
    "export_control",
    "rules_in_force",
]

NOTICE = "Informational reading of public US export rules from spec-sheet figures; not legal advice."

FIGURES = ("tpp", "performance_density", "io_bandwidth", "dram_bandwidth")
FIGURE_LABELS: Mapping[str, str] = {
    "tpp": "TPP",
    "performance_density": "PD",
    "io_bandwidth": "chip I/O",
    "dram_bandwidth": "DRAM bandwidth",
}
FIGURE_UNITS: Mapping[str, str] = {
    "tpp": "",
    "performance_density": "/mm²",
    "io_bandwidth": "GB/s",
    "dram_bandwidth": "GB/s",
}


@dataclass(frozen=True, slots=True)
class Threshold:
    """``figure op value``, e.g. TPP >= 4800."""

    figure: str
    op: str  # ">=" or "<"
    value: float

    def test(self, x: float | None) -> bool | None:
        """True or False, or None when the figure is unknown."""
        if x is None:
            return None
        return x >= self.value if self.op == ">=" else x < self.value

    def __str__(self) -> str:
        return f"{FIGURE_LABELS[self.figure]} {self.op} {self.value:g}"


@dataclass(frozen=True, slots=True)
class Clause:
    """A class and the thresholds that must all hold for it."""

    result: str
    conditions: tuple[Threshold, ...]


@dataclass(frozen=True, slots=True)
class Rule:
    """One regulation's test, in force from ``effective`` until ``superseded`` (exclusive).

    ``scope``, when set, limits the rule to chips another rule puts in one of the given
    classes; other chips are "not applicable".
    """

    name: str
    title: str
    citation: str
    url: str
    effective: dt.date
    superseded: dt.date | None
    clauses: tuple[Clause, ...]
    otherwise: str
    scope: tuple[str, tuple[str, ...]] | None = None
    note: str = ""

    def in_force(self, day: dt.date) -> bool:
        return self.effective <= day and (self.superseded is None or day < self.superseded)

    @property
    def thresholds(self) -> tuple[Threshold, ...]:
        return tuple(dict.fromkeys(t for c in self.clauses for t in c.conditions))


def _t(figure: str, op: str, value: float) -> Threshold:
    return Threshold(figure, op, value)


RULES: Mapping[str, Rule] = {
    r.name: r
    for r in (
        Rule(
            name="us-3a090-2022",
            title="Implementation of Additional Export Controls: Certain Advanced Computing and Semiconductor "
            "Manufacturing Items; Supercomputer and Semiconductor End Use; Entity List Modification",
            citation="87 FR 62186 (October 13, 2022)",
            url="https://www.govinfo.gov/content/pkg/FR-2022-10-13/html/2022-21658.htm",
            effective=dt.date(2022, 10, 7),
            superseded=dt.date(2023, 11, 17),
            clauses=(Clause("3A090 (2022)", (_t("tpp", ">=", 4800), _t("io_bandwidth", ">=", 600))),),
            otherwise="not controlled",
            note="I/O is the aggregate bidirectional transfer rate to integrated circuits other than volatile "
            "memory: chip-to-chip bandwidth (both directions) plus host PCIe, both directions.",
        ),
        Rule(
            name="us-3a090-2023",
            title="Implementation of Additional Export Controls: Certain Advanced Computing Items; Supercomputer "
            "and Semiconductor End Use; Updates and Corrections",
            citation="88 FR 73458 (October 25, 2023); thresholds kept by 89 FR 96790 (December 5, 2024)",
            url="https://www.govinfo.gov/content/pkg/FR-2023-10-25/html/2023-23055.htm",
            effective=dt.date(2023, 11, 17),
            superseded=None,
            clauses=(
                Clause("3A090.a", (_t("tpp", ">=", 4800),)),
                Clause("3A090.a", (_t("tpp", ">=", 1600), _t("performance_density", ">=", 5.92))),
                Clause(
                    "3A090.b",
                    (
                        _t("tpp", ">=", 2400),
                        _t("tpp", "<", 4800),
                        _t("performance_density", ">=", 1.6),
                        _t("performance_density", "<", 5.92),
                    ),
                ),
                Clause(
                    "3A090.b",
                    (_t("tpp", ">=", 1600), _t("performance_density", ">=", 3.2), _t("performance_density", "<", 5.92)),
                ),
            ),
            otherwise="not 3A090.a/.b",
        ),
        Rule(
            name="us-china-case-by-case-2026",
            title="Revision to License Review Policy for Advanced Computing Commodities",
            citation="91 FR 1684 (January 15, 2026)",
            url="https://www.govinfo.gov/content/pkg/FR-2026-01-15/html/2026-00789.htm",
            effective=dt.date(2026, 1, 15),
            superseded=None,
            clauses=(Clause("case-by-case", (_t("tpp", "<", 21000), _t("dram_bandwidth", "<", 6500))),),
            otherwise="presumption of denial",
            scope=("us-3a090-2023", ("3A090.a",)),
            note="License review policy for exports from the United States to China and Macau of chips that need "
            "a license under 3A090.a; case-by-case also needs the exporter's certifications and third-party "
            "testing, which no spec sheet shows.",
        ),
    )
}
STRICTNESS: Mapping[str, int] = {
    "not 3A090.a/.b": 0,
    "3A090.b": 1,
    "3A090.a": 2,
    "not controlled": 0,
    "3A090 (2022)": 1,
    "not applicable": 0,
    "case-by-case": 1,
    "presumption of denial": 2,
}
MISSING_FIELDS: Mapping[str, tuple[str, ...]] = {
    "tpp": ("compute.*",),
    "performance_density": ("die_area",),
    "io_bandwidth": ("interconnect.bandwidth",),
    "dram_bandwidth": ("memory.bandwidth",),
}


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
        unit = FIGURE_UNITS[self.figure]
        via = f" ({self.via})" if self.via else ""
        return (
            f"{FIGURE_LABELS[self.figure]} {_fmt(self.value)}{unit}: {self.percent:.1f}% {side} the "
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


def _margin(rule: Rule, figures: dict[str, float | None], current: str, area: float | None) -> Margin | None:
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
class Classification:
    """One chip under one rule."""

    chip: Spec
    rule: str
    result: str | None  # None: undetermined
    possible: tuple[str, ...]
    missing: tuple[str, ...]
    margin: Margin | None
    figures: Mapping[str, float | None]
    tpp_precision: str | None

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"rule": self.rule, "class": self.result, "possible": list(self.possible)}
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


def rules_in_force(day: dt.date | None = None, names: Sequence[str] | None = None) -> list[Rule]:
    """The rules in force on ``day`` (default: today), or the named ones.

    Raises:
        UnknownNameError: an unknown rule name.
    """
    if names:
        for n in names:
            if n not in RULES:
                raise UnknownNameError("rule", n, suggest(n, RULES))
        return [RULES[n] for n in names]
    day = day or dt.date.today()
    return [r for r in RULES.values() if r.in_force(day)]


def _figures(comparison: Comparison) -> tuple[list[dict[str, float | None]], list[str | None]]:
    def col(name: str) -> np.ndarray:
        return comparison.column(name).values

    tpp, pd_, link, pcie, dram = (
        col(n) for n in ("tpp", "performance_density", "interconnect.bandwidth", "pcie_bandwidth", "memory.bandwidth")
    )
    precisions = tpp_precisions([np.asarray(comparison.column(n).values, dtype=float) for n in TPP_INPUTS])
    out = []
    for i in range(len(comparison.chips)):
        io: float | None
        if np.isnan(link[i]):
            io = None
        elif np.isnan(pcie[i]):
            io = float(link[i]) if link[i] >= 600 else None  # a lower bound is enough to meet it
        else:
            io = float(link[i] + 2 * pcie[i])
        out.append(
            {
                "tpp": None if np.isnan(tpp[i]) else float(tpp[i]),
                "performance_density": None if np.isnan(pd_[i]) else float(pd_[i]),
                "io_bandwidth": io,
                "dram_bandwidth": None if np.isnan(dram[i]) else float(dram[i]),
            }
        )
    return out, precisions


def _missing(rule: Rule, figures: Mapping[str, float | None], chip: Spec) -> tuple[str, ...]:
    names: list[str] = []
    for t in rule.thresholds:
        if figures.get(t.figure) is None:
            fields = MISSING_FIELDS[t.figure]
            if t.figure == "io_bandwidth" and chip.interconnect.bandwidth is not None:
                fields = ("host.pcie",)
            names += fields
    return tuple(dict.fromkeys(names))


def export_control(
    chips: Catalog | Iterable[Spec | str] | None = None,
    *,
    rule: str | Sequence[str] | None = None,
    as_of: dt.date | str | None = None,
) -> list[dict[str, Any]]:
    """Classify chips under the US 3A090 rules in force on a date.

    Args:
        chips: a Catalog, Specs or names (default: the bundled catalog).
        rule: one rule name or several (default: every rule in force on ``as_of``).
        as_of: a date or ``"YYYY-MM-DD"`` (default: today).

    Returns:
        One record per chip: ``id``, ``name``, ``vendor``, ``tpp`` (with ``precision``),
        ``performance_density``, ``io_bandwidth``, ``dram_bandwidth`` (``{"value", "unit"}``,
        value None when unknown), and ``rules``: one record per rule with ``class`` (None
        when undetermined), ``possible``, ``missing`` and ``margin``; and ``notice``.

    >>> [r["rules"][0]["class"] for r in export_control(["h20"], rule="us-3a090-2023")]
    ['not 3A090.a/.b']
    """
    day = dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    names = [rule] if isinstance(rule, str) else list(rule) if rule else None
    chosen = rules_in_force(day, names)
    comparison = compare(chips, ["tpp", "performance_density"])
    return [
        {
            "id": chip.id,
            "name": chip.name,
            "vendor": chip.vendor,
            **{f: {"value": figs[f], "unit": FIGURE_UNITS[f]} for f in FIGURES},
            "tpp_precision": precision,
            "rules": [c.to_record() for c in classify(chip, figs, precision, chosen)],
            "notice": NOTICE,
        }
        for chip, figs, precision in zip(comparison.chips, *_figures(comparison), strict=True)
    ]


def classify(
    chip: Spec, figures: Mapping[str, float | None], precision: str | None, rules: Sequence[Rule]
) -> list[Classification]:
    """The chip's class under each rule (rules with a scope see the class of their base rule)."""
    out: list[Classification] = []
    area = chip.die_area.to("mm**2").magnitude if chip.die_area is not None else None
    by_name: dict[str, Classification] = {}
    for r in rules:
        if r.scope is not None:
            base_name, classes = r.scope
            base = by_name.get(base_name) or classify(chip, figures, precision, [RULES[base_name]])[0]
            if base.result is None:
                c = Classification(
                    chip, r.name, None, ("not applicable", r.otherwise), base.missing, None, figures, precision
                )
                out.append(c)
                by_name[r.name] = c
                continue
            if base.result not in classes:
                c = Classification(chip, r.name, "not applicable", ("not applicable",), (), None, figures, precision)
                out.append(c)
                by_name[r.name] = c
                continue
        result, possible = classify_figures(r, figures)
        missing = _missing(r, figures, chip) if result is None else ()
        margin = _margin(r, dict(figures), result, area) if result is not None else None
        c = Classification(chip, r.name, result, possible, missing, margin, figures, precision)
        out.append(c)
        by_name[r.name] = c
    return out


def strictness(result: str) -> int:
    """How strict a class is (higher is stricter), for comparing classes of one rule."""
    if result not in STRICTNESS:
        raise ChipspecError(f"no strictness for class {result!r}")
    return STRICTNESS[result]
