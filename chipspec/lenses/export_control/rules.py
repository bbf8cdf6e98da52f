"""The US 3A090 rules as data: each rule is an ordered list of clauses, each clause a class
and the thresholds that must all hold for it; the first clause that holds gives the class,
and ``otherwise`` applies when none does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ...errors import ChipspecError, UnknownNameError
from ...spec import suggest

__all__ = ["FIGURES", "NOTICE", "RULES", "Clause", "Rule", "Threshold", "rules_in_force", "strictness"]

NOTICE = "Informational reading of public US export rules from spec-sheet figures; not legal advice."


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure the rules test: its label, unit and the fields it is computed from."""

    name: str
    label: str
    unit: str
    fields: tuple[str, ...]
    description: str


FIGURES: Mapping[str, Figure] = {
    f.name: f
    for f in (
        Figure(
            "tpp",
            "TPP",
            "",
            ("compute.*",),
            "Total processing performance: the highest dense TOPS x bit length over the chip's precisions.",
        ),
        Figure(
            "performance_density",
            "PD",
            "/mm²",
            ("die_area",),
            "Performance density: TPP per mm² of logic die area.",
        ),
        Figure(
            "io_bandwidth",
            "chip I/O",
            "GB/s",
            ("interconnect.bandwidth",),
            "Aggregate bidirectional I/O to other chips: chip-to-chip bandwidth plus host PCIe, both directions.",
        ),
        Figure("dram_bandwidth", "DRAM bandwidth", "GB/s", ("memory.bandwidth",), "Memory bandwidth."),
    )
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
        return f"{FIGURES[self.figure].label} {self.op} {self.value:g}"


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

    def threshold_values(self, figure: str) -> tuple[float, ...]:
        """The values this rule tests ``figure`` against, ascending."""
        return tuple(sorted({t.value for t in self.thresholds if t.figure == figure}))


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
# How strict each class is (higher is stricter), for naming the line between two classes.
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


def strictness(result: str) -> int:
    """How strict a class is (higher is stricter), for comparing classes of one rule."""
    if result not in STRICTNESS:
        raise ChipspecError(f"no strictness for class {result!r}")
    return STRICTNESS[result]
