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
from ...comparison import Column, Comparison, Extension, compare
from ...errors import UsageError
from ...format import compute_field
from ...metrics import BIT_LENGTH, TPP_INPUTS, TPP_PREFERENCE, tpp_precisions
from ...spec import Spec
from .conventions import Reading, readings_for
from .rules import NOTICE, RULE_FIGURES, RULES, STRICTNESS, Rule, rules_in_force

__all__ = [
    "EXPORT_PREFIX",
    "Classification",
    "ExportFigures",
    "ExportReading",
    "ExportResult",
    "Margin",
    "ReadingFigures",
    "classify_figures",
    "export_control",
]

# The lens's columns on a comparison: ``export.io_bandwidth`` and ``export.<rule name>``.
EXPORT_PREFIX = "export."

# Host PCIe counts toward the 2022 rule's I/O; when it is unknown, the chip-to-chip figure
# alone decides only where it already meets every I/O threshold of the rules.
UNDETERMINED = "undetermined"  # a margin's ``becomes`` when an unknown figure would decide
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
        unit = RULE_FIGURES[self.figure].unit
        via = f" ({self.via})" if self.via else ""
        if self.becomes == UNDETERMINED:
            via += " (across it an unknown figure decides)"
        return (
            f"{RULE_FIGURES[self.figure].label} {_fmt(self.value)}{unit}: {self.percent:.1f}% {side} the "
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
        result, possible = classify_figures(rule, moved)
        if result == current:
            continue
        # Across a line where an unknown figure then decides, the class is no longer known:
        # that is a change too (without it a chip with no die area got the margin of a
        # far line: Trainium2 "1234% above the 3A090.a line at 1,600" instead of 4,800).
        becomes = result if result is not None else UNDETERMINED
        percent = abs(x - limit) / limit * 100
        if best is None or percent < best.percent * (1 - 1e-9):  # ties: the first (own-figure) margin
            line = max((current, *possible), key=lambda c: STRICTNESS.get(c, 0))
            best = Margin(figure, x, limit, percent, becomes, line, via)
    return best


@dataclass(frozen=True, slots=True)
class ReadingFigures:
    """TPP and performance density under one reading of the counting conventions."""

    reading: Reading
    tpp: float | None
    tpp_precision: str | None
    performance_density: float | None


@dataclass(frozen=True, slots=True)
class ExportFigures:
    """The figures the rules test, for one chip (None: unknown), and their flags.

    ``readings`` holds TPP and density under each reading of the counting conventions the
    chip's figures touch (:mod:`.conventions`); the first is the default, which is also
    ``tpp`` and ``performance_density``.
    """

    tpp: float | None
    tpp_precision: str | None
    performance_density: float | None
    io_bandwidth: float | None
    dram_bandwidth: float | None
    flags: Mapping[str, frozenset[str]]
    link_bandwidth: float | None = None
    readings: tuple[ReadingFigures, ...] = ()

    def get(self, figure: str) -> float | None:
        return getattr(self, figure)  # type: ignore[no-any-return]

    def as_dict(self, reading: int = 0) -> dict[str, float | None]:
        out = {f: self.get(f) for f in RULE_FIGURES}
        if reading:
            r = self.readings[reading]
            out["tpp"], out["performance_density"] = r.tpp, r.performance_density
        return out

    @property
    def other_readings(self) -> tuple[ReadingFigures, ...]:
        """The readings whose TPP differs from the default's."""
        return tuple(r for r in self.readings[1:] if r.tpp != self.tpp)


@dataclass(frozen=True, slots=True)
class Classification:
    """One chip under one rule: the class (None: undetermined), the classes still possible,
    the fields that would settle it, and the margin to the nearest threshold.

    ``result`` is the class under the default counting conventions; when another reading
    gives another class, ``possible`` holds both, ``depends_on`` names the conventions and
    ``by_reading`` the other readings' classes. ``reason`` says why a class did not come
    from the thresholds (a part the rule names, a release date, a start date).
    """

    rule: Rule
    result: str | None
    possible: tuple[str, ...]
    missing: tuple[str, ...]
    margin: Margin | None
    depends_on: tuple[str, ...] = ()
    by_reading: tuple[tuple[str, str | None], ...] = ()
    reason: str = ""

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
        if self.depends_on:
            record["depends_on"] = list(self.depends_on)
            record["by_reading"] = [{"reading": label, "class": result} for label, result in self.by_reading]
        if self.reason:
            record["reason"] = self.reason
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
                name: {"value": f.get(name), "unit": RULE_FIGURES[name].unit, "flags": sorted(f.flags.get(name, ()))}
                for name in RULE_FIGURES
            },
            "tpp_precision": f.tpp_precision,
            "tpp_readings": [
                {
                    "reading": r.reading.label,
                    "conventions": list(r.reading.others),
                    "tpp": r.tpp,
                    "tpp_precision": r.tpp_precision,
                    "performance_density": r.performance_density,
                }
                for r in f.other_readings
            ],
            "rules": [c.to_record() for c in self.classifications],
            "notice": NOTICE,
        }


class ExportResults(list[ExportResult]):
    """What :func:`export_control` returns: a list of :class:`ExportResult` (one per chip)
    that shows as the ``chipspec export-control`` table, with its margins, readings,
    rules and notice: in a notebook as HTML, with ``print`` as text, and in any output
    format with :meth:`table`."""

    def table(self, fmt: str = "terminal", width: int = 100, lang: str = "en") -> str:
        """The table ``chipspec export-control`` prints, in ``fmt`` (hints worded for Python)."""
        from ...display import render

        return render("export", self, fmt, width, lang=lang)

    def __str__(self) -> str:
        return self.table()

    def __repr__(self) -> str:
        day = self[0].as_of if self else None
        return f"<export-control readings of {len(self)} chips as of {day}>\n{self.table()}"

    def _repr_html_(self) -> str:
        return self.table("html")


def _readings(chip: Spec, values: Sequence[float], area: float | None) -> tuple[ReadingFigures, ...]:
    """TPP (and density) under each reading the chip's published precisions touch."""
    names = list(BIT_LENGTH)
    known = {p for p, v in zip(names, values, strict=True) if not np.isnan(v)}
    out = []
    for reading in readings_for(known):
        bits = reading.bits
        products = {p: v * bits[p] for p, v in zip(names, values, strict=True) if p in known}
        if not products:
            out.append(ReadingFigures(reading, None, None, None))
            continue
        top = max(products.values())
        precision = min((p for p, x in products.items() if x == top), key=TPP_PREFERENCE.index)
        out.append(ReadingFigures(reading, top, precision, top / area if area else None))
    return tuple(out)


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
    inputs = [np.asarray(col(n).values, dtype=float) for n in TPP_INPUTS]
    precisions = tpp_precisions(inputs)
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
        area = chip.magnitude("die_area")
        readings = _readings(chip, [float(c[i]) for c in inputs], area)
        out.append(
            ExportFigures(
                tpp=_value(tpp.values[i]),
                tpp_precision=p,
                performance_density=_value(density.values[i]),
                io_bandwidth=io,
                dram_bandwidth=_value(dram.values[i]),
                link_bandwidth=_value(link.values[i]),
                readings=readings,
                flags={
                    "tpp": tpp_flags,
                    "performance_density": tpp_flags | area_flags,
                    "io_bandwidth": io_flags if io is not None else frozenset(),
                    "link_bandwidth": link.flags[i],
                    "dram_bandwidth": dram.flags[i],
                },
            )
        )
    return out


def _value(x: Any) -> float | None:
    return None if np.isnan(x) else float(x)


def _missing(rule: Rule, figures: Mapping[str, float | None], chip: Spec) -> tuple[str, ...]:
    names: list[str] = []
    for t in rule.thresholds:
        if figures.get(t.figure) is None:
            fields = RULE_FIGURES[t.figure].fields
            if t.figure == "io_bandwidth" and "interconnect.bandwidth" in chip.entries:
                fields = ("host.pcie",)
            names += fields
    return tuple(dict.fromkeys(names))


def _released_after(chip: Spec, day: dt.date) -> str | None:
    """The chip's release (``YYYY`` or ``YYYY-MM``) when it is certainly after ``day``'s month."""
    text = chip.released
    if not text:
        return None
    year, _, month = str(text).partition("-")
    if not year.isdigit():
        return None
    if int(year) > day.year or (month.isdigit() and (int(year), int(month)) > (day.year, day.month)):
        return str(text)
    return None


@dataclass(frozen=True, slots=True)
class _Outcome:
    result: str | None
    possible: tuple[str, ...]
    missing: tuple[str, ...] = ()
    reason: str = ""
    thresholds: bool = False  # the class came from the thresholds (so a margin means something)


def _outcome(
    rule: Rule, values: Mapping[str, float | None], chip: Spec, day: dt.date | None, base: _Outcome | None
) -> _Outcome:
    """One rule's class for one reading's figures (``base``: the scope rule's outcome)."""
    start = rule.effective_for(chip.vendor, chip.name)
    if day is not None and day < start:
        return _Outcome("not in force", ("not in force",), reason=f"in force for this part from {start}")
    early = rule.early is not None and start < rule.effective and (day is None or day < rule.effective)
    reason = f"in force for this part from {start} ({rule.early.source})" if early and rule.early else ""
    mixed: _Outcome | None = None  # the scope rule leaves it open whether this rule applies
    if rule.scope is not None and base is not None:
        classes = rule.scope[1]
        inside = [p in classes for p in base.possible]
        if not any(inside):
            return _Outcome("not applicable", ("not applicable",))
        if not all(inside):
            mixed = base
    if rule.names_part(chip.vendor, chip.name):
        return _Outcome(rule.clauses[0].result, (rule.clauses[0].result,), reason="named in the requirement")
    if rule.available_by is not None:
        after = _released_after(chip, rule.available_by)
        if after is not None:
            why = f"released {after}, after {rule.available_by}: not on sale when the rule was published"
            return _Outcome(rule.otherwise, (rule.otherwise,), reason=why)
    result, possible = classify_figures(rule, values)
    missing = _missing(rule, values, chip) if result is None else ()
    if mixed is not None:
        return _Outcome(None, ("not applicable", *possible), tuple(dict.fromkeys(mixed.missing + missing)))
    return _Outcome(result, possible, missing, reason, thresholds=True)


def _outcomes(
    rules: Sequence[Rule], values: Mapping[str, float | None], chip: Spec, day: dt.date | None
) -> dict[str, _Outcome]:
    """Every rule's outcome under one reading (a scoped rule's base rule first)."""
    done: dict[str, _Outcome] = {}

    def outcome(rule: Rule) -> _Outcome:
        if rule.name not in done:
            base = outcome(RULES[rule.scope[0]]) if rule.scope is not None else None
            done[rule.name] = _outcome(rule, values, chip, day, base)
        return done[rule.name]

    for r in rules:
        outcome(r)
    return done


def classify(
    chip: Spec, figures: ExportFigures, rules: Sequence[Rule], day: dt.date | None = None
) -> list[Classification]:
    """The chip's class under each rule, under every reading of the counting conventions
    (rules with a scope see the class of their base rule under the same reading)."""
    area = chip.magnitude("die_area")
    readings = figures.readings or (ReadingFigures(Reading(()), figures.tpp, figures.tpp_precision, None),)
    per_reading = [_outcomes(rules, figures.as_dict(k), chip, day) for k in range(len(readings))]
    out: list[Classification] = []
    for r in rules:
        first = per_reading[0][r.name]
        possible = list(first.possible)
        depends: list[str] = []
        others: list[tuple[str, str | None]] = []
        for k in range(1, len(readings)):
            o = per_reading[k][r.name]
            if o.possible != first.possible:
                possible += [p for p in o.possible if p not in possible]
                depends += [n for n in readings[k].reading.others if n not in depends]
                others.append((readings[k].reading.label, o.result))
        margin = None
        if first.result is not None and first.thresholds:
            margin = _margin(r, figures.as_dict(), first.result, area)
        out.append(
            Classification(
                r, first.result, tuple(possible), first.missing, margin, tuple(depends), tuple(others), first.reason
            )
        )
    return out


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
    chips: Catalog | Iterable[Spec | str] | Spec | str | None = None,
    *,
    rule: str | Sequence[str] | None = None,
    as_of: dt.date | str | None = None,
    catalog: Catalog | None = None,
) -> ExportResults:
    """Classify chips under the US 3A090 rules in force on a date.

    Args:
        chips: a Catalog, Specs or names, or one chip (default: the bundled catalog).
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
    return ExportReading(chips, rule=rule, as_of=as_of, catalog=catalog).results()


class ExportReading:
    """The export lens on a set of chips: it holds a :class:`~chipspec.comparison.Comparison`
    and adds its columns through the engine's :class:`~chipspec.comparison.Extension`
    protocol, so that a table, a ranking or a chart can show a chip's class beside any
    other column (it never writes engine state).

    Columns added: ``export.io_bandwidth`` (GB/s: the chip I/O the 2022 rule tests, link
    plus twice the host PCIe; unknown where the link alone does not settle it) and, per
    rule in force on ``as_of``, ``export.<rule name>``: the class under the default
    counting conventions (text; unknown where it is undetermined, with the fields that
    would settle it as the cell's missing fields). ``results()`` gives the typed records
    :func:`export_control` returns.

    >>> reading = ExportReading(["h20", "h100-sxm"], rule="us-3a090-2023", as_of="2024-06-01")
    >>> reading.comparison.column("export.us-3a090-2023").values.tolist()
    ['not 3A090.a/.b', '3A090.a']
    """

    def __init__(
        self,
        chips: Catalog | Iterable[Spec | str] | Spec | str | None = None,
        *,
        rule: str | Sequence[str] | None = None,
        as_of: dt.date | str | None = None,
        catalog: Catalog | None = None,
        columns: Sequence[str] = ("tpp", "performance_density"),
    ) -> None:
        self.as_of = _day(as_of) or dt.date.today()
        names = [rule] if isinstance(rule, str) else list(rule) if rule else None
        self.rules: tuple[Rule, ...] = tuple(rules_in_force(self.as_of, names))
        self.names: tuple[str, ...] = (
            f"{EXPORT_PREFIX}io_bandwidth",
            *(f"{EXPORT_PREFIX}{r.name}" for r in self.rules),
        )
        self._results: tuple[ExportResult, ...] | None = None
        needs = {self.names[0]: _FIGURE_INPUTS["io_bandwidth"]}
        for in_force, name in zip(self.rules, self.names[1:], strict=True):
            tested = dict.fromkeys(i for t in in_force.thresholds for i in _FIGURE_INPUTS[t.figure])
            needs[name] = tuple(tested)
        extension = Extension(names=self.names, compute=self._columns, needs=needs)
        self.comparison = compare(chips, list(columns), catalog=catalog, extension=extension)

    def results(self) -> ExportResults:
        """One :class:`ExportResult` per chip (a new list each call; the records are frozen)."""
        return ExportResults(self._classified(self.comparison))

    def _classified(self, comparison: Comparison) -> tuple[ExportResult, ...]:
        if self._results is None:  # the comparison builds its columns before it is ours
            self._results = tuple(
                ExportResult(chip, figures, tuple(classify(chip, figures, list(self.rules), self.as_of)), self.as_of)
                for chip, figures in zip(comparison.chips, _figures(comparison), strict=True)
            )
        return self._results

    def _columns(self, comparison: Comparison) -> dict[str, Column]:
        results = self._classified(comparison)
        io = np.array([np.nan if r.figures.io_bandwidth is None else r.figures.io_bandwidth for r in results])
        io_name = self.names[0]
        out = {
            io_name: Column(
                io_name,
                RULE_FIGURES["io_bandwidth"].unit,
                io,
                tuple(() if r.figures.io_bandwidth is not None else ("interconnect.bandwidth",) for r in results),
                tuple(r.figures.flags.get("io_bandwidth", frozenset()) for r in results),
            )
        }
        for k, name in enumerate(self.names[1:]):
            classes = [r.classifications[k] for r in results]
            out[name] = Column(
                name,
                "",
                np.array([c.result for c in classes], dtype=object),
                tuple(c.missing if c.result is None else () for c in classes),
                tuple(_class_flags(r, k) for r in results),
                is_text=True,
                words=True,
            )
        return out


# The comparison's columns each rule figure is read from (as :func:`_figures` reads them);
# the engine's metrics lead from there to the sheet fields.
_FIGURE_INPUTS: Mapping[str, tuple[str, ...]] = {
    "tpp": ("tpp",),
    "performance_density": ("performance_density",),
    "io_bandwidth": ("interconnect.bandwidth", "pcie_bandwidth"),
    "dram_bandwidth": ("memory.bandwidth",),
    "link_bandwidth": ("interconnect.bandwidth",),
}


def _class_flags(result: ExportResult, k: int) -> frozenset[str]:
    """A class inherits the doubts of the figures its rule tests."""
    c = result.classifications[k]
    if c.result is None:
        return frozenset()
    tested = {t.figure for t in c.rule.thresholds}
    return frozenset().union(*(result.figures.flags.get(f, frozenset()) for f in tested))
