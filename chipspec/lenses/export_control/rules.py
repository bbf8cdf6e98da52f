"""The US 3A090 rules as data: each rule is an ordered list of clauses, each clause a class
and the thresholds that must all hold for it; the first clause that holds gives the class,
and ``otherwise`` applies when none does."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ...errors import ChipspecError, UnknownNameError
from ...spec import suggest

__all__ = [
    "KINDS",
    "NOTICE",
    "RULES",
    "RULE_FIGURES",
    "Clause",
    "EarlyStart",
    "Event",
    "Part",
    "Rule",
    "Threshold",
    "rules_in_force",
    "strictness",
]

NOTICE = "Informational reading of public US export rules from spec-sheet figures; not legal advice."


@dataclass(frozen=True, slots=True)
class RuleFigure:
    """A figure the rules test: its label, unit and the fields it is computed from."""

    name: str
    label: str
    unit: str
    fields: tuple[str, ...]
    description: str


RULE_FIGURES: Mapping[str, RuleFigure] = {
    f.name: f
    for f in (
        RuleFigure(
            "tpp",
            "TPP",
            "",
            ("compute.*",),
            "Total processing performance: the highest dense TOPS x bit length over the chip's precisions.",
        ),
        RuleFigure(
            "performance_density",
            "PD",
            "/mm²",
            ("die_area",),
            "Performance density: TPP per mm² of logic die area.",
        ),
        RuleFigure(
            "io_bandwidth",
            "chip I/O",
            "GB/s",
            ("interconnect.bandwidth",),
            "Aggregate bidirectional I/O to other chips: chip-to-chip bandwidth plus host PCIe, both directions.",
        ),
        RuleFigure(
            "link_bandwidth",
            "link",
            "GB/s",
            ("interconnect.bandwidth",),
            "Chip-to-chip bandwidth alone (both directions), the H20 notice's 'interconnect bandwidth'.",
        ),
        RuleFigure("dram_bandwidth", "DRAM bandwidth", "GB/s", ("memory.bandwidth",), "Memory bandwidth."),
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
        return f"{RULE_FIGURES[self.figure].label} {self.op} {self.value:g}"


@dataclass(frozen=True, slots=True)
class Clause:
    """A class and the thresholds that must all hold for it."""

    result: str
    conditions: tuple[Threshold, ...]


@dataclass(frozen=True, slots=True)
class Part:
    """A product a rule or a notice names: the vendor and the start of the product name
    (``A100`` matches "A100 80GB SXM" and "A100 PCIe", never "A1000")."""

    vendor: str
    name: str

    def matches(self, vendor: str, name: str) -> bool:
        if vendor.casefold() != self.vendor.casefold():
            return False
        return re.match(rf"{re.escape(self.name)}(?![0-9A-Za-z])", name, re.IGNORECASE) is not None


@dataclass(frozen=True, slots=True)
class EarlyStart:
    """A requirement that took effect for named parts before the rule's general date."""

    date: dt.date
    parts: tuple[Part, ...]
    source: str
    url: str
    quote: str


@dataclass(frozen=True, slots=True)
class Event:
    """A dated step in a rule's history that the classification does not change (a license
    granted, a policy announced), said in the output from its date on."""

    date: dt.date
    text: str
    source: str
    url: str


# What kind of requirement a rule is: the words shown beside its citation.
KINDS: Mapping[str, str] = {
    "eccn": "regulation: an entry on the Commerce Control List (ECCN)",
    "review-policy": "regulation: the license review policy for items that already need a license",
    "is-informed": "is-informed notice: a license requirement the US government told named companies of "
    "(no change to the Commerce Control List, no Federal Register text)",
}


@dataclass(frozen=True, slots=True)
class Rule:
    """One requirement's test, in force from ``effective`` until ``superseded`` (exclusive).

    ``scope``, when set, limits the rule to chips another rule puts in one of the given
    classes; other chips are "not applicable". ``parts`` are products the requirement
    names: they take the first clause's class whatever their figures. ``early`` dates the
    rule for named parts before ``effective``. ``available_by``: the rule's relief needs the
    chip to be on sale by that date, so a chip first released after that month gets
    ``otherwise``. ``unmodelled`` are the conditions no spec sheet can decide, said in the
    output; ``history`` the later steps that do not change the class.
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
    kind: str = "eccn"
    destinations: str = ""
    parts: tuple[Part, ...] = ()
    early: EarlyStart | None = None
    available_by: dt.date | None = None
    unmodelled: tuple[str, ...] = ()
    history: tuple[Event, ...] = ()

    @property
    def first_effective(self) -> dt.date:
        """The first day the rule applied to any part (its early start, if any)."""
        return min(self.effective, self.early.date) if self.early else self.effective

    def in_force(self, day: dt.date) -> bool:
        """In force on ``day`` for some part (named parts may start early)."""
        return self.first_effective <= day and (self.superseded is None or day < self.superseded)

    def effective_for(self, vendor: str, name: str) -> dt.date:
        """The day the rule took effect for this product."""
        if self.early and any(p.matches(vendor, name) for p in self.early.parts):
            return self.early.date
        return self.effective

    def names_part(self, vendor: str, name: str) -> bool:
        return any(p.matches(vendor, name) for p in self.parts)

    @property
    def thresholds(self) -> tuple[Threshold, ...]:
        return tuple(dict.fromkeys(t for c in self.clauses for t in c.conditions))

    def threshold_values(self, figure: str) -> tuple[float, ...]:
        """The values this rule tests ``figure`` against, ascending."""
        return tuple(sorted({t.value for t in self.thresholds if t.figure == figure}))


def _t(figure: str, op: str, value: float) -> Threshold:
    return Threshold(figure, op, value)


_NVIDIA_8K_2023 = (
    "NVIDIA Form 8-K filed 2023-10-24",
    "https://easydigestiverelief.com/us-government-wants-immediate-implementation-of-the-nvidia-ai-gpu-restrictions-on-china/",
    "On October 23, 2023, the United States Government informed Nvidia [...] that the licensing requirements of the "
    "interim final rule [...] applicable to products having a 'total processing performance' of 4800 or more and "
    "designed or marketed for datacenters, is effective immediately, impacting shipments of the Company's A100, "
    "A800, H100, H800, and L40S products.",
)
# The H20's figures as the bundled sheet gives them (press-reported; NVIDIA published none):
# memory.bandwidth 4.0 TB/s, interconnect.bandwidth 900 GB/s. A test keeps them equal.
H20_DRAM_BANDWIDTH = 4000.0
H20_LINK_BANDWIDTH = 900.0

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
            early=EarlyStart(
                dt.date(2022, 8, 26),
                (Part("NVIDIA", "A100"), Part("NVIDIA", "H100")),
                "NVIDIA Form 8-K (August 2022)",
                "https://www.worldecr.com/news/new-licence-requirement-may-force-nvidia-to-transition-operations-out-of-china/",
                "On August 26, 2022, the U.S. government (USG)...informed NVIDIA Corporation, or the Company, that the "
                "USG has imposed a new license requirement, effective immediately, for any future export to China "
                "(including Hong Kong) and Russia of the Company's A100 and forthcoming H100 integrated circuits.",
            ),
            note="I/O is the aggregate bidirectional transfer rate to integrated circuits other than volatile "
            "memory: chip-to-chip bandwidth (both directions) plus host PCIe, both directions.",
            destinations="China (including Hong Kong) and Macau",
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
            destinations="Country Groups D:1, D:4 and D:5 (not also A:5 or A:6), Macau, and entities headquartered "
            "there",
            early=EarlyStart(
                dt.date(2023, 10, 23),
                tuple(Part("NVIDIA", n) for n in ("A100", "A800", "H100", "H800", "L40S")),
                *_NVIDIA_8K_2023,
            ),
            unmodelled=(
                "Note 2 to 3A090: items not designed or marketed for datacenters with TPP below 4800 are not covered; "
                "the sheets do not say how a chip is marketed",
            ),
        ),
        Rule(
            name="us-h20-license-2025",
            title="License requirement for the H20 and circuits achieving its memory bandwidth, interconnect "
            "bandwidth or combination thereof",
            citation="NVIDIA Form 8-K (April 15, 2025); AMD MI308 per the US Commerce Department (Reuters)",
            url="https://vuink.com/post/gbzfuneqjner-d-dpbz/tech-industry/artificial-intelligence/"
            "nvidia-writes-off-usd5-5-billion-in-gpus-as-us-govt-chokes-off-supply-of-h20s-to-china",
            effective=dt.date(2025, 4, 9),
            superseded=None,
            clauses=(
                Clause("license required", (_t("dram_bandwidth", ">=", H20_DRAM_BANDWIDTH),)),
                Clause("license required", (_t("link_bandwidth", ">=", H20_LINK_BANDWIDTH),)),
            ),
            otherwise="below the H20's bandwidths",
            kind="is-informed",
            destinations="China (including Hong Kong and Macau) and D:5 countries, and companies headquartered or "
            "with an ultimate parent there",
            parts=(Part("NVIDIA", "H20"), Part("AMD", "MI308")),
            note="The H20's figures are the bundled sheet's (memory 4.0 TB/s, chip-to-chip 900 GB/s, both "
            "press-reported); the notice names no number.",
            unmodelled=(
                "'or combination thereof' is not defined publicly: a chip below both H20 figures may still be covered",
                "the notice went to named companies (NVIDIA, AMD); whether it binds other vendors' chips is not public",
            ),
            history=(
                Event(
                    dt.date(2025, 4, 14),
                    "the US government said the requirement is 'in effect for the indefinite future'",
                    "NVIDIA Form 8-K (April 15, 2025)",
                    "https://vuink.com/post/gbzfuneqjner-d-dpbz/tech-industry/artificial-intelligence/"
                    "nvidia-writes-off-usd5-5-billion-in-gpus-as-us-govt-chokes-off-supply-of-h20s-to-china",
                ),
                Event(
                    dt.date(2025, 8, 8),
                    "licenses reported granted for H20 (and AMD MI308) sales to some "
                    "China-based customers, with 15% of the revenue to the US government; NVIDIA, at its next "
                    "earnings call: "
                    "'the USG has not published a regulation codifying such a requirement'",
                    "Hindustan Times (2025-08-11); NVIDIA CFO as reported by todayheadline.co",
                    "https://www.hindustantimes.com/world-news/"
                    "trump-administration-to-take-15-cut-of-nvidia-and-amd-chip-sales-to-china-101754906444895.html",
                ),
                Event(
                    dt.date(2026, 1, 15),
                    "91 FR 1684 moves 'less advanced chips' than the H200 to case-by-case "
                    "review only if 'commercially available in the United States' at publication; chipspec found "
                    "no source saying how this applies to H20 licenses",
                    "91 FR 1684 (January 15, 2026)",
                    "https://www.govinfo.gov/content/pkg/FR-2026-01-15/html/2026-00789.htm",
                ),
            ),
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
            scope=("us-3a090-2023", ("3A090.a", "3A090.b")),
            kind="review-policy",
            destinations="China and Macau, exports from the United States",
            available_by=dt.date(2026, 1, 15),
            note="Covers 'the Nvidia H200 and its equivalents, as well as less advanced chips' that need a license "
            "(3A090.a and .b here); case-by-case needs TPP < 21,000, total DRAM bandwidth < 6,500 GB/s and the "
            "chip commercially available in the United States when the rule was published.",
            unmodelled=(
                "commercial availability in the United States on 2026-01-15 (a chip released later cannot meet it; "
                "the sheets cannot show US availability of one released earlier)",
                "the exporter's certifications: sufficient US supply, no diversion of foundry capacity, the "
                "recipient's security procedures, independent third-party testing in the United States",
                "China-bound shipments of the product no more than 50% of those to US customers (reported)",
                "reexports, exports from abroad and transfers within China or Macau stay under presumption of denial",
            ),
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
    "below the H20's bandwidths": 0,
    "license required": 1,
    "not in force": 0,
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
