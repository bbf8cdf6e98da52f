"""Checks that keep catalog data honest (``chipspec validate --strict``).

Each check has a name, a one-line description and a function over the chips (and the
vendor table) that yields warnings as :class:`~chipspec.errors.Problem` records with
``check`` set. A warning is silenced by an acknowledgement written in the sheet, on the
value it points at (``ack: {check-name: reason}`` in the value's long form) or, for source
checks, on the source entry. The thresholds are deliberately wide: they catch unit slips
(GB vs Gb, W vs kW), sparse figures filed as dense and mislabelled provenance, not
unusual chips.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from .catalog import normalize
from .errors import Problem
from .format import CHECK_NAMES, FIELDS, PRECISION_TABLE, PRECISIONS, compute_field
from .metrics import TPP_INPUTS, tpp_precisions
from .spec import Provenance, Source, Spec
from .vendors import Vendor, url_domain

__all__ = ["CHECKS", "CHECK_NAMES", "Check", "acknowledgements", "run_checks"]


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    description: str
    run: Callable[[list[Spec], Mapping[str, Vendor]], Iterable[Problem]]


def _number(chip: Spec, path: str) -> float | None:
    entry = chip.entries.get(path)
    return None if entry is None else entry.number


def _warn(check: str, chip: Spec, field: str, message: str) -> Problem:
    entry = chip.entries.get(field)
    line = entry.line if entry is not None and entry.sheet == chip.id else None
    return Problem(chip.path, line, field, message, check=check, chip=chip.id)


def _unsourced_value(chips: list[Spec], vendors: Mapping[str, Vendor]) -> Iterator[Problem]:
    for chip in chips:
        for path, entry in chip.entries.items():
            if not FIELDS[path].identity and not entry.explicit:
                yield _warn("unsourced-value", chip, path, "the value names no source of its own")


def _source_without_url(chips: list[Spec], vendors: Mapping[str, Vendor]) -> Iterator[Problem]:
    for chip in chips:
        for key, source in chip.sources.items():
            if source.url is None:
                yield Problem(chip.path, None, f"sources.{key}", "the source has no url", "source-without-url", chip.id)


def _sparse_equals_dense(chips: list[Spec], vendors: Mapping[str, Vendor]) -> Iterator[Problem]:
    for chip in chips:
        for p in PRECISIONS:
            dense, sparse = _number(chip, compute_field(p)), _number(chip, compute_field(p, sparse=True))
            if dense is not None and sparse is not None and dense >= sparse:
                yield _warn(
                    "sparse-equals-dense",
                    chip,
                    compute_field(p),
                    f"dense {p} ({dense:g} {PRECISION_TABLE[p].unit}) is not below the sparse figure ({sparse:g}): "
                    "a sparse figure filed as dense?",
                )


def _sparse_without_dense(chips: list[Spec], vendors: Mapping[str, Vendor]) -> Iterator[Problem]:
    for chip in chips:
        for p in PRECISIONS:
            if compute_field(p, sparse=True) in chip.entries and compute_field(p) not in chip.entries:
                yield _warn(
                    "sparse-without-dense",
                    chip,
                    compute_field(p, sparse=True),
                    f"a sparse {p} figure but no dense one: every compute metric and the export class "
                    f"ignore {p} (add compute.{p}, or acknowledge why none is published)",
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


def _narrow_not_faster(chips: list[Spec], vendors: Mapping[str, Vendor]) -> Iterator[Problem]:
    for chip in chips:
        for wide, narrow in NARROWER:
            w, n = _number(chip, compute_field(wide)), _number(chip, compute_field(narrow))
            if w is not None and n is not None and n <= w:
                yield _warn(
                    "narrow-not-faster",
                    chip,
                    compute_field(narrow),
                    f"dense {narrow} ({n:g} TFLOPS) is not faster than dense {wide} ({w:g} TFLOPS): "
                    f"usually a sparse {wide} figure in compute",
                )


# Tensor precisions: a TPP read off fp64 or fp32 while one of these is published (dense or
# sparse) usually means the sheet lacks the chip's real peak.
TENSOR_PRECISIONS = ("tf32", "bf16", "fp16", "fp8", "fp6", "fp4", "int8", "int4")


def _tpp_from_vector(chips: list[Spec], vendors: Mapping[str, Vendor]) -> Iterator[Problem]:
    columns = [[_number(c, path) for c in chips] for path in TPP_INPUTS]
    import numpy as np

    arrays = [np.array([np.nan if v is None else v for v in col], dtype=float) for col in columns]
    for chip, precision in zip(chips, tpp_precisions(arrays), strict=True):
        if precision not in ("fp64", "fp32"):
            continue
        tensor = [
            p
            for p in TENSOR_PRECISIONS
            if compute_field(p) in chip.entries or compute_field(p, sparse=True) in chip.entries
        ]
        if tensor:
            yield _warn(
                "tpp-from-vector",
                chip,
                compute_field(precision),
                f"the export-control TPP comes from {precision} although the sheet has {', '.join(tensor)} "
                "figures: is a dense tensor figure missing?",
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


def _implausible_bandwidth(chips: list[Spec], vendors: Mapping[str, Vendor]) -> Iterator[Problem]:
    for chip in chips:
        kind = chip.memory.type if "memory.type" in chip.entries else None
        gb, gbps = _number(chip, "memory.capacity"), _number(chip, "memory.bandwidth")
        if kind is None or gb is None or gbps is None:
            continue
        limits = MEMORY_LIMITS.get(kind.upper().replace(" ", ""))
        if limits is None:
            continue
        smallest, fastest = limits
        most = max(gb / smallest, 1.0) * fastest
        if gbps > most:
            yield _warn(
                "implausible-bandwidth",
                chip,
                "memory.bandwidth",
                f"{gbps:g} GB/s is more than {gb:g} GB of {kind} can deliver (at most {most:g} GB/s): a unit slip?",
            )


# Plausible bands of efficiency ratios; a value outside is usually a unit slip.
TFLOPS_PER_WATT = (0.01, 25.0)  # best dense precision per watt of board power
GBPS_PER_WATT = (0.2, 40.0)


def _implausible_ratio(chips: list[Spec], vendors: Mapping[str, Vendor]) -> Iterator[Problem]:
    for chip in chips:
        watts = _number(chip, "power.tdp")
        if watts is None:
            continue
        known = [v for p in PRECISIONS if (v := _number(chip, compute_field(p))) is not None]
        if known:
            ratio = max(known) / watts
            low, high = TFLOPS_PER_WATT
            if not low <= ratio <= high:
                yield _warn(
                    "implausible-ratio",
                    chip,
                    "power.tdp",
                    f"peak dense compute per watt is {ratio:.3g} TFLOPS/W, outside {low:g}-{high:g}: a unit slip?",
                )
        bandwidth = _number(chip, "memory.bandwidth")
        if bandwidth is not None:
            ratio = bandwidth / watts
            low, high = GBPS_PER_WATT
            if not low <= ratio <= high:
                yield _warn(
                    "implausible-ratio",
                    chip,
                    "memory.bandwidth",
                    f"memory bandwidth per watt is {ratio:.3g} GB/s/W, outside {low:g}-{high:g}: a unit slip?",
                )


def _shared_alias(chips: list[Spec], vendors: Mapping[str, Vendor]) -> Iterator[Problem]:
    owners: dict[str, set[str]] = {}
    for chip in chips:
        for name in {chip.id, chip.name, f"{chip.vendor} {chip.name}", *chip.aliases}:
            owners.setdefault(normalize(name), set()).add(chip.id)
    for chip in chips:
        for alias in chip.aliases:
            others = sorted(owners[normalize(alias)] - {chip.id})
            if others:
                yield Problem(
                    chip.path, None, "aliases", f"{alias!r} also names {', '.join(others)}", "shared-alias", chip.id
                )


def _value_records(chip: Spec) -> Iterator[tuple[str, Provenance | None, str | None, tuple[Source, ...], bool]]:
    """(field, entry, confidence, own sources, is an alternative) for every value and alternative."""
    for path, entry in chip.entries.items():
        if entry.explicit:
            yield path, entry, entry.confidence, entry.sources, False
        for alt in entry.alternatives:
            yield path, entry, alt.confidence, alt.sources, True


def _official_off_domain(chips: list[Spec], vendors: Mapping[str, Vendor]) -> Iterator[Problem]:
    for chip in chips:
        vendor = vendors.get(chip.vendor)
        for path, _, confidence, sources, alternative in _value_records(chip):
            if confidence != "official":
                continue
            urls = [s.url for s in sources if s.url]
            if not urls:
                continue
            if vendor is None or not vendor.domains:
                yield _warn(
                    "official-off-domain",
                    chip,
                    path,
                    f"'official' figure, but the vendor table has no web domains for {chip.vendor!r}",
                )
            elif not any(vendor.owns(u) for u in urls):
                hosts = ", ".join(sorted({url_domain(u) or u for u in urls}))
                what = "an alternative marked official" if alternative else "'official', but"
                yield _warn(
                    "official-off-domain",
                    chip,
                    path,
                    f"{what} cites no {chip.vendor} document: {hosts} is not one of {', '.join(vendor.domains)} "
                    "(use 'reported', or acknowledge: 'vendor PDF, mirrored by ...')",
                )


# Hosts that serve other sites' pages (proxies, caches, reader services): cite the original.
PROXY_HOSTS = (
    "webcache.googleusercontent.com",
    "translate.goog",
    "cc.bingj.com",
    "r.jina.ai",
    "12ft.io",
    "archive.ph",
    "archive.today",
    "archive.is",
    "ghostarchive.org",
    "removepaywall.com",
)
TRACKING = re.compile(r"(?i)^(utm_.*|srsltid|authuser|fbclid|gclid|mc_cid|mc_eid|spm|share_token|from_source|ref_src)$")


def url_problems(url: str) -> list[str]:
    """What is wrong with a source url: a proxy or cache host, a raw IP, tracking parameters."""
    problems = []
    host = url_domain(url) or ""
    if any(host == h or host.endswith("." + h) or host.endswith("-" + h) for h in PROXY_HOSTS) or "proxy" in host:
        problems.append(f"{host} serves copies of other sites' pages: cite the original page")
    try:
        ipaddress.ip_address(host.strip("[]"))
        problems.append(f"{host} is a raw IP address: cite the page by its domain")
    except ValueError:
        pass
    tracking = sorted({k for k, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True) if TRACKING.match(k)})
    if tracking:
        problems.append(f"tracking parameters {', '.join(tracking)}: remove them")
    return problems


def _url_hygiene(chips: list[Spec], vendors: Mapping[str, Vendor]) -> Iterator[Problem]:
    for chip in chips:
        for key, source in chip.sources.items():
            if source.url:
                for problem in url_problems(source.url):
                    yield Problem(chip.path, None, f"sources.{key}", problem, "url-hygiene", chip.id)


def _vendor_not_in_table(chips: list[Spec], vendors: Mapping[str, Vendor]) -> Iterator[Problem]:
    for chip in chips:
        if chip.vendor not in vendors:
            close = [v for v in vendors if normalize(v) == normalize(chip.vendor)]
            hint = f" (the table spells it {close[0]!r})" if close else ""
            yield _warn("vendor-not-in-table", chip, "vendor", f"{chip.vendor!r} has no entry in vendors.yaml{hint}")


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
            "url-hygiene",
            "A source url goes through a proxy, cache or raw IP address, or carries tracking parameters.",
            _url_hygiene,
        ),
        Check(
            "official-off-domain",
            "A value marked official cites no document on the vendor's own web domains (vendors.yaml).",
            _official_off_domain,
        ),
        Check("vendor-not-in-table", "A chip's vendor has no entry in the vendor table.", _vendor_not_in_table),
        Check(
            "sparse-equals-dense",
            "A dense figure is not below the sparse figure of the same precision.",
            _sparse_equals_dense,
        ),
        Check(
            "sparse-without-dense",
            "A precision has a sparse figure but no dense one (metrics and the export class ignore it).",
            _sparse_without_dense,
        ),
        Check(
            "narrow-not-faster",
            "A narrower format is no faster than a wider one (dense fp8 <= dense bf16 ...).",
            _narrow_not_faster,
        ),
        Check(
            "tpp-from-vector",
            "The export-control TPP comes from fp64 or fp32 although the chip has tensor-precision figures.",
            _tpp_from_vector,
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
assert tuple(CHECKS) == CHECK_NAMES, "chipspec.format.CHECK_NAMES and the checks here must name the same checks"


def _acknowledged(chip: Spec, finding: Problem) -> bool:
    assert finding.field is not None
    if finding.field.startswith("sources."):
        source = chip.sources.get(finding.field.split(".", 1)[1])
        return source is not None and finding.check in dict(source.acks)
    entry = chip.entries.get(finding.field)
    return entry is not None and finding.check in dict(entry.acks)


def run_checks(
    chips: Iterable[Spec], names: Iterable[str] | None = None, vendors: Mapping[str, Vendor] | None = None
) -> list[Problem]:
    """Every unacknowledged warning of the named checks (default: all) on ``chips``.

    ``vendors`` is the vendor table (default: the catalog's, when ``chips`` is a Catalog).
    """
    chip_list = list(chips)
    if vendors is None:
        vendors = getattr(chips, "vendors", {})
    by_id = {c.id: c for c in chip_list}
    findings: list[Problem] = []
    for name in names or CHECK_NAMES:
        for finding in CHECKS[name].run(chip_list, vendors):
            assert finding.chip is not None
            if not _acknowledged(by_id[finding.chip], finding):
                findings.append(finding)
    return sorted(findings, key=lambda f: (f.path or "", f.line or 0, f.field or "", f.check or ""))


def acknowledgements(chips: Iterable[Spec]) -> list[tuple[str, str, str, str]]:
    """Every acknowledgement in the sheets: (chip id, field, check, reason)."""
    out: list[tuple[str, str, str, str]] = []
    for chip in chips:
        for path, entry in chip.entries.items():
            if entry.sheet in (None, chip.id):
                out += [(chip.id, path, check, reason) for check, reason in entry.acks]
        for key, source in chip.sources.items():
            out += [(chip.id, f"sources.{key}", check, reason) for check, reason in source.acks]
    return out
