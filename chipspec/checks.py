"""Checks that keep catalog data honest (``chipspec validate --strict``).

Each check has a name, a one-line description and a function over the whole catalog
that yields :class:`Finding` records. A finding is silenced by an acknowledgement written
in the sheet, on the value it points at (``ack: {check-name: reason}`` in the value's long
form) or, for source checks, on the source entry. The thresholds are deliberately wide:
they catch unit slips (GB vs Gb, W vs kW) and sparse figures filed as dense, not
unusual chips.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from .spec import PRECISIONS, Spec
from .units import KINDS, Quantity

__all__ = ["CHECKS", "CHECK_NAMES", "Check", "Finding", "run_checks"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One warning about one value (or source) of one chip."""

    check: str
    chip: str
    path: str | None
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.field}: [{self.check}] {self.message}"


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    description: str
    run: Callable[[list[Spec]], Iterable[Finding]]


def _canonical(q: Quantity, kind: str) -> float:
    return float(q.to(KINDS[kind].canonical).magnitude)


def _finding(check: str, chip: Spec, field: str, message: str) -> Finding:
    entry = chip.entries.get(field)
    line = entry.line if entry is not None and entry.sheet == chip.id else None
    return Finding(check, chip.id, chip.path, line, field, message)


# Fields whose values must name a source of their own in the bundled catalog; the
# identity fields (name, vendor, category, architecture, form factor) may rest on the
# sheet's sources.
SOURCED_FIELDS_EXEMPT = ("name", "vendor", "category", "architecture", "form_factor")


def _unsourced_value(chips: list[Spec]) -> Iterator[Finding]:
    for chip in chips:
        for field, entry in chip.entries.items():
            if field not in SOURCED_FIELDS_EXEMPT and not entry.explicit:
                yield _finding("unsourced-value", chip, field, "the value names no source of its own")


def _source_without_url(chips: list[Spec]) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    for chip in chips:
        for key, source in chip.sources.items():
            if source.url is None and (chip.id, key) not in seen:
                seen.add((chip.id, key))
                yield Finding("source-without-url", chip.id, chip.path, None, f"sources.{key}", "the source has no url")


def _sparse_equals_dense(chips: list[Spec]) -> Iterator[Finding]:
    for chip in chips:
        for p in PRECISIONS:
            dense, sparse = chip.compute.known().get(p), chip.compute_sparse.known().get(p)
            if (
                dense is not None
                and sparse is not None
                and _canonical(dense, "compute") >= _canonical(sparse, "compute")
            ):
                yield _finding(
                    "sparse-equals-dense",
                    chip,
                    f"compute.{p}",
                    f"dense {p} ({dense:~}) is not below the sparse figure ({sparse:~}): "
                    "a sparse figure filed as dense?",
                )


# (wider, narrower): the narrower format should be faster on the same chip.
NARROWER = (
    ("fp32", "bf16"),
    ("tf32", "bf16"),
    ("fp32", "fp16"),
    ("bf16", "fp8"),
    ("fp16", "fp8"),
    ("fp8", "fp6"),
    ("fp8", "fp4"),
    ("fp6", "fp4"),
    ("int8", "int4"),
)


def _narrow_not_faster(chips: list[Spec]) -> Iterator[Finding]:
    for chip in chips:
        known = chip.compute.known()
        for wide, narrow in NARROWER:
            if wide in known and narrow in known:
                w, n = _canonical(known[wide], "compute"), _canonical(known[narrow], "compute")
                if n <= w:
                    yield _finding(
                        "narrow-not-faster",
                        chip,
                        f"compute.{narrow}",
                        f"dense {narrow} ({n:g} TFLOPS) is not faster than dense {wide} ({w:g} TFLOPS): "
                        f"usually a sparse {wide} figure in compute",
                    )


# Per memory technology: (smallest stack or device in GB, highest bandwidth per stack or
# device in GB/s), generous. The most bandwidth a capacity can have is
# capacity / smallest stack x fastest stack.
MEMORY_LIMITS: Mapping[str, tuple[float, float]] = {
    "HBM": (1.0, 128.0),
    "HBM2": (4.0, 307.0),
    "HBM2E": (8.0, 512.0),
    "HBM3": (8.0, 820.0),
    "HBM3E": (16.0, 1300.0),
    "HBM4": (16.0, 2100.0),
    "GDDR6": (1.0, 96.0),
    "GDDR6X": (1.0, 96.0),
    "GDDR7": (1.0, 160.0),
    "LPDDR5": (1.0, 68.0),
    "LPDDR5X": (1.0, 86.0),
}


def _implausible_bandwidth(chips: list[Spec]) -> Iterator[Finding]:
    for chip in chips:
        kind, capacity, bandwidth = chip.memory.type, chip.memory.capacity, chip.memory.bandwidth
        if kind is None or capacity is None or bandwidth is None:
            continue
        limits = MEMORY_LIMITS.get(kind.upper().replace(" ", ""))
        if limits is None:
            continue
        smallest, fastest = limits
        gb, gbps = _canonical(capacity, "information"), _canonical(bandwidth, "bandwidth")
        most = max(gb / smallest, 1.0) * fastest
        if gbps > most:
            yield _finding(
                "implausible-bandwidth",
                chip,
                "memory.bandwidth",
                f"{gbps:g} GB/s is more than {gb:g} GB of {kind} can deliver (at most {most:g} GB/s): a unit slip?",
            )


# Plausible bands of efficiency ratios; a value outside is usually a unit slip.
TFLOPS_PER_WATT = (0.01, 25.0)  # best dense precision per watt of board power
GBPS_PER_WATT = (0.2, 40.0)


def _implausible_ratio(chips: list[Spec]) -> Iterator[Finding]:
    for chip in chips:
        tdp = chip.power.tdp
        if tdp is None:
            continue
        watts = _canonical(tdp, "power")
        known = chip.compute.known()
        if known:
            ratio = max(_canonical(q, "compute") for q in known.values()) / watts
            low, high = TFLOPS_PER_WATT
            if not low <= ratio <= high:
                yield _finding(
                    "implausible-ratio",
                    chip,
                    "power.tdp",
                    f"peak dense compute per watt is {ratio:.3g} TFLOPS/W, outside {low:g}-{high:g}: a unit slip?",
                )
        if chip.memory.bandwidth is not None:
            ratio = _canonical(chip.memory.bandwidth, "bandwidth") / watts
            low, high = GBPS_PER_WATT
            if not low <= ratio <= high:
                yield _finding(
                    "implausible-ratio",
                    chip,
                    "memory.bandwidth",
                    f"memory bandwidth per watt is {ratio:.3g} GB/s/W, outside {low:g}-{high:g}: a unit slip?",
                )


def _shared_alias(chips: list[Spec]) -> Iterator[Finding]:
    from .catalog import normalize

    owners: dict[str, list[str]] = {}
    for chip in chips:
        for name in {chip.id, chip.name, f"{chip.vendor} {chip.name}", *chip.aliases}:
            owners.setdefault(normalize(name), []).append(chip.id)
    for chip in chips:
        for alias in chip.aliases:
            others = sorted(set(owners[normalize(alias)]) - {chip.id})
            if others:
                yield Finding(
                    "shared-alias",
                    chip.id,
                    chip.path,
                    None,
                    "aliases",
                    f"{alias!r} also names {', '.join(others)}",
                )


CHECKS: Mapping[str, Check] = {
    c.name: c
    for c in (
        Check(
            "unsourced-value",
            "A value (other than name, vendor, category, architecture, form factor) names no source.",
            _unsourced_value,
        ),
        Check("source-without-url", "A source has no url.", _source_without_url),
        Check(
            "sparse-equals-dense",
            "A dense figure is not below the sparse figure of the same precision.",
            _sparse_equals_dense,
        ),
        Check(
            "narrow-not-faster",
            "A narrower format is no faster than a wider one (dense fp8 <= dense bf16 ...).",
            _narrow_not_faster,
        ),
        Check(
            "implausible-bandwidth",
            "Memory bandwidth beyond what the memory type can deliver at that capacity.",
            _implausible_bandwidth,
        ),
        Check(
            "implausible-ratio",
            "TFLOPS per watt or GB/s per watt outside plausible bands (a unit slip).",
            _implausible_ratio,
        ),
        Check("shared-alias", "An alias also names another chip.", _shared_alias),
    )
}
CHECK_NAMES: tuple[str, ...] = tuple(CHECKS)


def _acknowledged(chip: Spec, finding: Finding) -> bool:
    if finding.field.startswith("sources."):
        source = chip.sources.get(finding.field.split(".", 1)[1])
        return source is not None and finding.check in dict(source.acks)
    entry = chip.entries.get(finding.field)
    return entry is not None and finding.check in dict(entry.acks)


def run_checks(chips: Iterable[Spec], names: Iterable[str] | None = None) -> list[Finding]:
    """Every unacknowledged finding of the named checks (default: all) on ``chips``."""
    chip_list = list(chips)
    by_id = {c.id: c for c in chip_list}
    findings: list[Finding] = []
    for name in names or CHECK_NAMES:
        for finding in CHECKS[name].run(chip_list):
            if not _acknowledged(by_id[finding.chip], finding):
                findings.append(finding)
    return sorted(findings, key=lambda f: (f.path or "", f.line or 0, f.field, f.check))


def acknowledgements(chips: Iterable[Spec]) -> list[tuple[str, str, str, str]]:
    """Every acknowledgement in the sheets: (chip id, field, check, reason)."""
    out: list[tuple[str, str, str, str]] = []
    for chip in chips:
        for field, entry in chip.entries.items():
            out += [(chip.id, field, check, reason) for check, reason in entry.acks]
        for key, source in chip.sources.items():
            out += [(chip.id, f"sources.{key}", check, reason) for check, reason in source.acks]
    return out
