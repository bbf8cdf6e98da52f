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
import math
import re
import statistics
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from .bundled import BUNDLED_SHOWN, bundled_specs_dir
from .catalog import normalize
from .errors import Problem
from .format import CHECK_NAMES, FIELDS, PRECISION_TABLE, PRECISIONS, compute_field
from .metrics import TPP_INPUTS, tpp_precisions
from .spec import Provenance, Source, Spec
from .system import System
from .units import SPELLINGS, Parsed, format_magnitude
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


def _vendor_published_elsewhere(source: Source) -> bool:
    """A source acknowledged as the vendor's own document on another publisher's host.

    Conference proceedings (``hc2024.hotchips.org``) and code hosts (``gitcode.com/cann``) carry
    the vendor's own slides and documentation: acknowledged once on the source entry
    (``ack: {official-off-domain: reason}``), every official value citing it passes.
    """
    return "official-off-domain" in dict(source.acks)


def _official_off_domain(chips: list[Spec], vendors: Mapping[str, Vendor]) -> Iterator[Problem]:
    for chip in chips:
        vendor = vendors.get(chip.vendor)
        for path, _, confidence, sources, alternative in _value_records(chip):
            if confidence != "official":
                continue
            urls = [s.url for s in sources if s.url]
            if not urls or any(s.url and _vendor_published_elsewhere(s) for s in sources):
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
                    "(a vendor figure read through a copy cites the vendor's page as url and the copy as via; "
                    "a third party's figure is 'reported')",
                )


def _vendor_figure_reported(chips: list[Spec], vendors: Mapping[str, Vendor]) -> Iterator[Problem]:
    for chip in chips:
        vendor = vendors.get(chip.vendor)
        if vendor is None or not vendor.domains:
            continue
        for path, _, confidence, sources, alternative in _value_records(chip):
            urls = [s.url for s in sources if s.url]
            if confidence != "reported" or not urls or len(urls) < len(sources):
                continue
            if all(vendor.owns(u) for u in urls):
                what = "an alternative marked reported" if alternative else "'reported'"
                yield _warn(
                    "vendor-figure-reported",
                    chip,
                    path,
                    f"{what}, but every source is a {chip.vendor} document: the vendor's own figure is 'official' "
                    "(read through a copy: keep the vendor's url and add the copy as via; derived by the sheet: "
                    "'estimated')",
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


# A path that carries another page's address (``/https/www.example.com/...``,
# ``/https://www.example.com/...``): a proxy serving that page under its own host.
EMBEDDED_URL_PATH = re.compile(r"(?i)^/https?:?/+[a-z0-9-]+(\.[a-z0-9-]+)+(/|:|$)")


# Document-sharing sites: uploads of other publishers' documents.
SHARING_HOSTS = (
    "scribd.com",
    "slideshare.net",
    "docin.com",
    "doc88.com",
    "wenku.baidu.com",
    "book118.com",
    "dokumen.pub",
    "pdfcoffee.com",
    "vdocuments.net",
    "studylib.net",
)
# Report-sharing sites: members' uploads of broker reports and conference slides (三个皮匠报告,
# 发现报告, 未来智库, 慧博, 洞见研报). The slides' own address is the conference's proceedings.
REPORT_COPY_HOSTS = (
    "sgpjbg.com",
    "fxbaogao.com",
    "vzkoo.com",
    "hibor.com.cn",
    "djyanbao.com",
)
# Sites that republish other sites' articles wholesale under their own paths (zoukankan.com
# mirrors cnblogs.com posts): cite the original.
MIRROR_HOSTS = ("zoukankan.com",)
# Forums whose every page is a member's post (a stock forum, Baidu Tieba, Reddit).
FORUM_HOSTS = ("taoguba.com.cn", "tieba.baidu.com", "reddit.com")
# Path marks of forum threads: Discuz/vBulletin/phpBB scripts, Discuz static threads, XenForo
# (``/threads/<title>.<id>/``), Discourse (``/t/<title>/<id>``) and Forumotion (``/t<id>-<title>``, ids of five digits
# or more, so that a product page such as ``/t1000-...`` is not taken for one).
FORUM_PATH = re.compile(
    r"(?i)(^|/)(forum|viewthread|showthread|viewtopic)\.php$|/thread-\d|/threads/[^/]*\.\d+(/|$)"
    r"|^/t/[^/]+/\d+(/|$)|^/t\d{5,}-"
)
# Tag, hashtag and listing pages, and machine renderings (llms.txt, AMP and Baidu MIP copies).
LISTING_PATH = re.compile(r"(?i)/(news-tags?|tags?|hashtags?)(/|$)")
LISTING_QUERY = re.compile(r"(?i)^(tags?|tagvalue)$")
RENDERING_PATH = re.compile(r"(?i)/llms-content/|/llms(-full)?\.txt$|/(amp|mip)(/|$)")


def _on(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def url_problems(url: str, copy: bool = False) -> list[str]:
    """What is wrong with a source url, each with what to cite instead.

    Refused: proxy and cache hosts, raw IP addresses, tracking parameters, document-sharing
    mirrors (scribd ...), report-sharing sites' copies of reports and slides (sgpjbg ...),
    sites that mirror other sites' articles, forum threads (by script, thread path or forum
    host), tag and listing pages (their content changes), machine renderings
    (``/llms-content/``, AMP and MIP copies), WordPress ``?p=`` shortlinks and blogspot copies.
    A ``via`` address (``copy``) is a copy by definition: only proxies, raw IPs and tracking
    parameters are refused there.
    """
    problems = []
    host = url_domain(url) or ""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    proxied = any(host == h or host.endswith("." + h) or host.endswith("-" + h) for h in PROXY_HOSTS)
    if proxied or "proxy" in host or EMBEDDED_URL_PATH.search(parts.path):
        problems.append(f"{host} serves copies of other sites' pages: cite the original page")
    if copy:
        pass
    elif _on(host, SHARING_HOSTS):
        problems.append(
            f"{host} is a document-sharing mirror: cite the publisher's own document "
            "(the vendor's url, with the copy as 'via' if that is where it was read)"
        )
    elif _on(host, REPORT_COPY_HOSTS):
        problems.append(
            f"{host} reposts other publishers' reports and slides: cite the publisher's own document "
            "(for conference slides, the proceedings' url), with the copy as 'via' if that is where it was read"
        )
    elif _on(host, MIRROR_HOSTS):
        problems.append(
            f"{host} republishes other sites' articles: cite the original article, with the copy as 'via' "
            "if that is where it was read"
        )
    elif FORUM_PATH.search(parts.path) or host.startswith(("bbs.", "forum.", "forums.")) or _on(host, FORUM_HOSTS):
        problems.append(f"{host} forum thread: cite the article or document the post copies, at its publisher")
    elif LISTING_PATH.search(parts.path) or any(LISTING_QUERY.match(k) and not v.isdigit() for k, v in query):
        problems.append("a tag or listing page (its content changes as posts arrive): cite the article itself")
    elif RENDERING_PATH.search(parts.path) or any(k.lower() == "amp" for k, _ in query):
        problems.append("a machine rendering of a page: cite the canonical page it renders")
    elif any(k == "p" and v.isdigit() for k, v in query) and parts.path in ("", "/"):
        problems.append("a WordPress ?p= shortlink: cite the article's permalink")
    elif host.endswith(".blogspot.com") or re.search(r"\.blogspot\.[a-z.]+$", host):
        problems.append(f"{host} is a blog copy: cite the publisher's page it copies")
    try:
        ipaddress.ip_address(host.strip("[]"))
        problems.append(f"{host} is a raw IP address: cite the page by its domain")
    except ValueError:
        pass
    tracking = sorted({k for k, _ in query if TRACKING.match(k)})
    if tracking:
        problems.append(f"tracking parameters {', '.join(tracking)}: remove them")
    return problems


def _source_url_problems(sheet: Spec | System) -> Iterator[Problem]:
    for key, source in sheet.sources.items():
        if source.url:
            for problem in url_problems(source.url):
                yield Problem(sheet.path, None, f"sources.{key}", problem, "url-hygiene", sheet.id)
        if source.via:
            for problem in url_problems(source.via, copy=True):
                yield Problem(sheet.path, None, f"sources.{key}.via", problem, "url-hygiene", sheet.id)


def _url_hygiene(chips: list[Spec], vendors: Mapping[str, Vendor]) -> Iterator[Problem]:
    for chip in chips:
        yield from _source_url_problems(chip)


def system_url_problems(systems: Iterable[System]) -> Iterator[Problem]:
    """``url-hygiene`` on system sheets' sources, unless the source acknowledges it: a system
    sheet cites press and vendor pages like a chip sheet, so the same copies are refused."""
    for system in systems:
        for finding in _source_url_problems(system):
            key = (finding.field or "").split(".")[1]
            if "url-hygiene" not in dict(system.sources[key].acks):
                yield finding


# Fields every bundled sheet carries (a user's own sheets may leave them out).
BUNDLED_REQUIRED: tuple[str, ...] = ("status", "released")


def _bundled_root() -> Path:
    return bundled_specs_dir()


def is_bundled(chip: Spec) -> bool:
    """Whether a chip's sheet is one of the bundled catalog's (shown as ``specs/...``)."""
    prefix = f"{BUNDLED_SHOWN}/"
    if chip.path is None or not chip.path.startswith(prefix):
        return False
    return (_bundled_root() / chip.path.removeprefix(prefix)).is_file()


def _bundled_required(chips: list[Spec], vendors: Mapping[str, Vendor]) -> Iterator[Problem]:
    for chip in chips:
        if not is_bundled(chip):
            continue
        for path in BUNDLED_REQUIRED:
            entry = chip.entries.get(path)
            if entry is not None and entry.sheet in (None, chip.id):
                continue
            what = (
                "the month the vendor announced the product with its figures ('YYYY-MM'), with its source"
                if path == "released"
                else "announced, shipping or discontinued, with its source"
            )
            inherited = f" (a variant says its own: {entry.sheet}'s is inherited)" if entry is not None else ""
            yield Problem(
                chip.path,
                None,
                path,
                f"a bundled sheet must say {path}{inherited}: {what}",
                "bundled-required",
                chip.id,
            )


def _vendor_not_in_table(chips: list[Spec], vendors: Mapping[str, Vendor]) -> Iterator[Problem]:
    for chip in chips:
        if chip.vendor not in vendors:
            close = [v for v in vendors if normalize(v) == normalize(chip.vendor)]
            hint = f" (the table spells it {close[0]!r})" if close else ""
            yield _warn("vendor-not-in-table", chip, "vendor", f"{chip.vendor!r} has no entry in vendors.yaml{hint}")


# --- unit slips: a value against its peers and against the chip's own other figures ------
#
# A one-character unit slip (TB for GB, Gb for GB, cm² for mm², kW for W) moves a value by
# a fixed factor. A value is compared, in log space, with the catalog's spread of the same
# field (its peers) and of ratios to the chip's own other figures (bandwidth per capacity,
# link per memory bandwidth, area per die, compute per watt and per mm², the precision
# ladder ...). Each comparison has a band: the median of the peers' logs plus or minus the
# larger of SLIP_SIGMAS robust standard deviations (1.4826 x the median absolute deviation)
# and SLIP_FLOOR. A value is warned about when undoing one slip factor of its kind brings
# the comparisons it takes part in back inside their bands (it must explain nearly all the
# excess, and more of it than undoing a slip of any other value of the chip), so the
# warning names the value that slipped and the value it was likely meant to be.

SLIP_FACTORS: Mapping[str, tuple[int, ...]] = {
    "information": (8, 1000),
    "bandwidth": (8, 1000),
    "flops": (1000,),
    "ops": (1000,),
    "power": (1000,),
    "area": (100,),
}
SLIP_SIGMAS = 4.0
SLIP_FLOOR = math.log10(3.0)  # a band is never narrower than 3x either way
SLIP_MIN_PEERS = 5  # fewer peers with a figure: the comparison is not made
SLIP_MIN_EXCESS = math.log10(1.5)  # the comparisons' excess (log10) a slip must remove
SLIP_SHARE = 0.5  # ... and at least this share of the slip itself (0.45 of a factor 8, 1.5 of 1000)
SLIP_RESIDUAL = math.log10(1.25)  # the excess it may leave (the meant value fits its bands) ...
SLIP_LEFT = 0.25  # ... or this share of the excess (another figure of the chip is unusual too)
SLIP_MARGIN = math.log10(1.5)  # by how much it must beat every other value's slip
# The precision ladder: pairs whose ratio is steady on every chip that states both.
LADDER = (
    ("bf16", "fp16"),
    ("fp8", "bf16"),
    ("fp8", "fp16"),
    ("fp6", "fp8"),
    ("fp4", "fp8"),
    ("int8", "fp16"),
    ("int4", "int8"),
    ("tf32", "bf16"),
    ("fp32", "bf16"),
    ("fp64", "fp32"),
)
_MEMORY = ("memory.capacity", "memory.bandwidth")


def _ratios() -> tuple[tuple[str, str], ...]:
    pairs = [
        ("memory.bandwidth", "memory.capacity"),
        ("interconnect.bandwidth", "memory.bandwidth"),
        ("memory.bandwidth", "power.tdp"),
        ("memory.capacity", "power.tdp"),
        ("interconnect.bandwidth", "power.tdp"),
        ("power.tdp", "die_area"),
        ("die_area", "dies"),
    ]
    for p in PRECISIONS:
        pairs += [
            (compute_field(p), "power.tdp"),
            (compute_field(p), "die_area"),
            (compute_field(p), "memory.bandwidth"),
            (compute_field(p, sparse=True), compute_field(p)),
        ]
    pairs += [(compute_field(a), compute_field(b)) for a, b in LADDER]
    return tuple(pairs)


SLIP_RATIOS: tuple[tuple[str, str], ...] = _ratios()
SLIP_FIELDS: tuple[str, ...] = tuple(p for p, f in FIELDS.items() if f.kind.physical)


def memory_family(chip: Spec) -> str | None:
    """HBM, GDDR, DDR (LPDDR too) or SRAM from ``memory.type``; None when unknown or other."""
    entry = chip.entries.get("memory.type")
    if entry is None:
        return None
    kind = str(entry.stored).upper()
    for family in ("SRAM", "HBM", "GDDR", "DDR"):
        if family in kind:
            return family
    return None


def _exempt(chip: Spec, path: str) -> bool:
    """On-chip SRAM designs (Groq's LPU, Cerebras's wafer) are outliers by design in
    memory and die area: they are compared on compute and power only."""
    return memory_family(chip) == "SRAM" and (path in _MEMORY or path == "die_area")


@dataclass(frozen=True, slots=True)
class _Band:
    centre: float
    tolerance: float


@dataclass(frozen=True, slots=True)
class _Comparison:
    """A comparison a value takes part in: an absolute field or a ratio of two fields."""

    numerator: str
    denominator: str | None

    def group(self, chip: Spec) -> str | None:
        # Memory figures are compared within their memory family when it is known.
        if self.numerator in _MEMORY or self.denominator in _MEMORY:
            return memory_family(chip)
        return None

    def fields(self) -> tuple[str, ...]:
        return (self.numerator,) if self.denominator is None else (self.numerator, self.denominator)

    def log(self, logs: Mapping[str, float]) -> float | None:
        top = logs.get(self.numerator)
        if top is None:
            return None
        if self.denominator is None:
            return top
        bottom = logs.get(self.denominator)
        return None if bottom is None else top - bottom


SLIP_COMPARISONS: tuple[_Comparison, ...] = (
    *(_Comparison(p, None) for p in SLIP_FIELDS),
    *(_Comparison(a, b) for a, b in SLIP_RATIOS),
)


def _logs(chip: Spec) -> dict[str, float]:
    out = {}
    for path in (*SLIP_FIELDS, "dies"):
        number = _number(chip, path)
        if number is not None and number > 0 and not _exempt(chip, path):
            out[path] = math.log10(number)
    return out


def _bands(peers: Iterable[Spec]) -> dict[tuple[_Comparison, str | None], _Band]:
    """Each comparison's band per memory family (None: every chip), from the peers' spread."""
    values: dict[tuple[_Comparison, str | None], list[float]] = {}
    for chip in peers:
        logs = _logs(chip)
        for comparison in SLIP_COMPARISONS:
            y = comparison.log(logs)
            if y is None:
                continue
            values.setdefault((comparison, None), []).append(y)
            group = comparison.group(chip)
            if group is not None:
                values.setdefault((comparison, group), []).append(y)
    bands = {}
    for key, ys in values.items():
        if len(ys) < SLIP_MIN_PEERS:
            continue
        centre = statistics.median(ys)
        spread = 1.4826 * statistics.median(abs(y - centre) for y in ys)
        bands[key] = _Band(centre, max(SLIP_SIGMAS * spread, SLIP_FLOOR))
    return bands


@dataclass(frozen=True, slots=True)
class Slip:
    """A value that looks like a unit slip: ``factor`` is how many times too large it is
    (below 1: too small), ``meant`` the value it was likely meant to be, ``against`` the
    comparisons that say so ("its peers", "its memory.bandwidth" ...)."""

    chip: str
    field: str
    written: str
    factor: Fraction
    meant: str
    against: tuple[str, ...]
    alternative: int | None = None  # the index of the alternative, when it is one

    def message(self) -> str:
        times = f"{self.factor}x" if self.factor > 1 else f"1/{1 / self.factor} of"
        against = _join(self.against)
        what = f"alternative {self.alternative + 1}, " if self.alternative is not None else ""
        return f"{what}{self.written}: {times} what {against} suggest; did you mean {self.meant}?"


def _join(words: tuple[str, ...], most: int = 4) -> str:
    if len(words) > most:
        return ", ".join(words[:most]) + f" and {len(words) - most} more of its figures"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _excess(y: float, band: _Band) -> float:
    return max(0.0, abs(y - band.centre) - band.tolerance)


def _edit_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _meant(stored: Parsed, factor: Fraction) -> str:
    """The value a slip by ``factor`` was meant to be: the same number in the unit one
    slip away where one exists (64 TB -> 64 GB), else the number divided."""
    spelling = SPELLINGS.get(stored.unit)
    if spelling is not None:
        wanted = spelling.scale / factor
        near = [s.text for s in SPELLINGS.values() if s.kind == stored.kind and s.scale == wanted]
        if near:
            unit = min(near, key=lambda u: (_edit_distance(u, stored.unit), len(u), u))
            return f"{format_magnitude(stored.magnitude)} {unit}"
    return f"{format_magnitude(float(stored.magnitude / factor))} {stored.unit}"


def _factors(kind: str) -> tuple[Fraction, ...]:
    return tuple(f for k in SLIP_FACTORS.get(kind, ()) for f in (Fraction(k), Fraction(1, k)))


_Bands = dict[tuple[_Comparison, str | None], _Band]


def _cost(chip: Spec, bands: _Bands, values: Mapping[str, float], path: str) -> tuple[float, list[str]]:
    """The excess (log10) of the comparisons ``path`` takes part in, and what they are with."""
    total, against = 0.0, []
    for comparison in SLIP_COMPARISONS:
        if path not in comparison.fields():
            continue
        # A chip of a known memory family is compared within it only.
        band = bands.get((comparison, comparison.group(chip)))
        y = None if band is None else comparison.log(values)
        if band is not None and y is not None and (excess := _excess(y, band)) > 0:
            total += excess
            other = next((f for f in comparison.fields() if f != path), None)
            against.append("its peers" if other is None else "its die count" if other == "dies" else f"its {other}")
    return total, against


@dataclass(frozen=True, slots=True)
class _Undoing:
    gain: float  # the excess removed (log10)
    factor: Fraction
    against: tuple[str, ...]


def _undo(chip: Spec, bands: _Bands, values: Mapping[str, float], path: str, kind: str) -> _Undoing | None:
    """The slip factor whose undoing brings ``path``'s comparisons back in band, if one does."""
    before, against = _cost(chip, bands, values, path)
    if before < SLIP_MIN_EXCESS:
        return None
    choice, after = None, before
    for factor in _factors(kind):
        if before < SLIP_SHARE * abs(math.log10(factor)):
            continue  # too little out of band for a slip this large
        moved = {**values, path: values[path] - math.log10(factor)}
        cost, _ = _cost(chip, bands, moved, path)
        if cost < after:
            choice, after = factor, cost
    if choice is None or before - after < SLIP_MIN_EXCESS or after > max(SLIP_RESIDUAL, SLIP_LEFT * before):
        return None
    return _Undoing(before - after, choice, tuple(dict.fromkeys(against)))


def find_slips(chips: Iterable[Spec], peers: Iterable[Spec] | None = None) -> list[Slip]:
    """The values of ``chips`` that look like unit slips against ``peers`` (default: the
    chips themselves): at most one value per chip, the one whose undoing removes the most
    excess (a ratio out of band is one value's fault), and any alternative that looks like
    one when put in place of the value."""
    chip_list = list(chips)
    bands = _bands(chip_list if peers is None else peers)
    slips = []
    for chip in chip_list:
        logs = _logs(chip)
        found = []
        for path in logs.keys() & set(SLIP_FIELDS):
            entry = chip.entries[path]
            undoing = _undo(chip, bands, logs, path, entry.stored.kind)
            if undoing is not None:
                found.append((undoing.gain, path, undoing))
        if found:
            _, path, undoing = max(found)
            stored = chip.entries[path].stored
            written = f"{format_magnitude(stored.magnitude)} {stored.unit}"
            slips.append(Slip(chip.id, path, written, undoing.factor, _meant(stored, undoing.factor), undoing.against))
        for path in SLIP_FIELDS:
            alternatives = chip.entries[path].alternatives if path in chip.entries else ()
            for index, alt in enumerate(alternatives):
                if _exempt(chip, path) or not isinstance(alt.stored, Parsed) or alt.stored.canonical <= 0:
                    continue
                values = {**logs, path: math.log10(alt.stored.canonical)}
                undoing = _undo(chip, bands, values, path, alt.stored.kind)
                if undoing is not None:
                    written = f"{format_magnitude(alt.stored.magnitude)} {alt.stored.unit}"
                    meant = _meant(alt.stored, undoing.factor)
                    slips.append(Slip(chip.id, path, written, undoing.factor, meant, undoing.against, index))
    return slips


def _unit_slip(chips: list[Spec], vendors: Mapping[str, Vendor], reference: Iterable[Spec] = ()) -> Iterator[Problem]:
    # Peers: the chips checked, and the reference chips they do not replace.
    ids = {c.id for c in chips}
    peers = [*chips, *(c for c in reference if c.id not in ids)]
    by_id = {c.id: c for c in chips}
    for slip in find_slips(chips, peers):
        yield _warn("unit-slip", by_id[slip.chip], slip.field, slip.message())


def _system_total(chips: list[Spec], vendors: Mapping[str, Vendor]) -> Iterator[Problem]:
    """Runs on systems, not chips: :func:`run_checks` calls :func:`system_total_problems`."""
    return iter(())


def system_total_problems(systems: Iterable[System]) -> Iterator[Problem]:
    """A system's published total that disagrees beyond rounding with its chip's figure
    times the count (``system-total``), unless the value acknowledges it."""
    for system in systems:
        for d in system.derived():
            if d.agrees is not False or d.published is None or "system-total" in dict(d.published.acks):
                continue
            published = d.published.text
            per_chip = f"{format_magnitude(d.chip_value)} {d.unit}"
            total = f"{format_magnitude(round(d.value, 6))} {d.unit}"
            off = d.off
            message = (
                f"published {published} but the chip sheet {system.chip.id} gives {d.count} x {per_chip} = {total}"
                f" ({off:+.0%}); a dense/sparse or per-chip/per-package mix-up on one side?"
                if off is not None
                else f"published {published} but {d.count} x {per_chip} = {total}"
            )
            if d.hint:
                message += f" ({d.hint})"
            yield Problem(system.path, d.published.line, d.field, message, check="system-total", chip=system.id)


def _measured_beats_peak(chips: list[Spec], vendors: Mapping[str, Vendor]) -> Iterator[Problem]:
    """A measured matmul above the chip's dense peak of its precision, or a measured memory
    bandwidth above the peak: the sheet's peak or the measurement is wrong (located at the
    measurement, naming both figures)."""
    for chip in chips:
        for m in chip.measured:
            if m.kind == "matmul":
                peak_field = f"compute.{m.precision}"
            elif m.kind == "memory":
                peak_field = "memory.bandwidth"
            else:
                continue
            entry = chip.entries.get(peak_field)
            peak = None if entry is None else entry.number
            if peak is None or m.value <= peak:
                continue
            yield Problem(
                m.path,
                m.line,
                f"measured ({m.what})",
                f"measured {m.written} exceeds {chip.id}'s peak {peak_field} {entry.text if entry else ''} "
                f"({m.value / peak:.0%} of it): check the sheet's peak or the measurement ({m.source.url})",
                check="measured-beats-peak",
                chip=chip.id,
            )


def _serving_beats_bound(chips: list[Spec], vendors: Mapping[str, Vendor]) -> Iterator[Problem]:
    """A published serving measurement above the LLM lens's throughput bound for its run
    (model, group, layout, formats, ISL/OSL): the sheet, the measurement or the lens is
    wrong (located at the measurement, naming both figures)."""
    from .lenses.llm.calibrate import lens_measurements, serving_bound  # the lens is heavy: only when run

    for chip, m in lens_measurements(chips):
        batch, bound = serving_bound(m, chip)
        if batch < 1:
            yield Problem(
                m.path,
                m.line,
                f"measured ({m.what})",
                f"{m.model} does not fit on {m.chips} x {chip.id} in the lens, yet it was measured at {m.written}: "
                "check the sheet's memory or the run's formats",
                check="serving-beats-bound",
                chip=chip.id,
            )
        elif m.value > bound:
            yield Problem(
                m.path,
                m.line,
                f"measured ({m.what})",
                f"measured {m.written} beats the LLM lens's bound {bound:,.0f} tokens/s (batch {batch:,}) for this "
                f"run: check the sheet's peaks, the measurement ({m.source.url}) or the lens",
                check="serving-beats-bound",
                chip=chip.id,
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
            "url-hygiene",
            "A source url goes through a proxy, cache or raw IP address, carries tracking parameters, or is a "
            "document-sharing mirror, report-sharing copy, article mirror, forum thread, tag or listing page, "
            "machine rendering (AMP, MIP), ?p= shortlink or blogspot copy.",
            _url_hygiene,
        ),
        Check(
            "official-off-domain",
            "A value marked official cites no document on the vendor's own web domains (vendors.yaml): a vendor "
            "figure read through a copy cites the vendor's url with the copy as via.",
            _official_off_domain,
        ),
        Check(
            "vendor-figure-reported",
            "A value marked reported whose every source is on the vendor's own web domains (a vendor figure is "
            "official, whether read on the page or through a copy recorded with via).",
            _vendor_figure_reported,
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
            "measured-beats-peak",
            "A measured matmul or memory bandwidth exceeds the chip's peak figure for it (measurement files).",
            _measured_beats_peak,
        ),
        Check(
            "serving-beats-bound",
            "A published serving measurement beats the LLM lens's throughput bound for its run (measurement files).",
            _serving_beats_bound,
        ),
        Check(
            "implausible-ratio",
            "TFLOPS per watt or GB/s per watt outside plausible bands (a unit slip).",
            _implausible_ratio,
        ),
        Check(
            "unit-slip",
            "A value that a one-character unit slip explains (TB for GB, Gb for GB, cm² for mm², kW for W): "
            "against its peers and the chip's own other figures, with the value it was likely meant to be.",
            _unit_slip,
        ),
        Check("shared-alias", "An alias also names another chip.", _shared_alias),
        Check(
            "system-total",
            "A system's published total (compute, HBM, bandwidth) disagrees beyond rounding with its chip sheet's "
            "figure times the chip count.",
            _system_total,
        ),
        Check(
            "bundled-required",
            "A bundled sheet lacks status or released (a user's own sheets may omit them).",
            _bundled_required,
        ),
    )
}
assert tuple(CHECKS) == CHECK_NAMES, "chipspec.format.CHECK_NAMES and the checks here must name the same checks"


def _acknowledged(chip: Spec, finding: Problem) -> bool:
    assert finding.field is not None
    if finding.field.startswith("sources."):
        source = chip.sources.get(finding.field.split(".", 1)[1].removesuffix(".via"))
        return source is not None and finding.check in dict(source.acks)
    entry = chip.entries.get(finding.field)
    if entry is None and finding.check == "bundled-required":
        # A date that no citable source gives stays unknown: the sheet says so on its status
        # (``ack: {bundled-required: "searched ..."}``) rather than inventing a month.
        entry = chip.entries.get("status")
    return entry is not None and finding.check in dict(entry.acks)


def run_checks(
    chips: Iterable[Spec],
    names: Iterable[str] | None = None,
    vendors: Mapping[str, Vendor] | None = None,
    peers: Iterable[Spec] = (),
) -> list[Problem]:
    """Every unacknowledged warning of the named checks (default: all) on ``chips``.

    ``vendors`` is the vendor table (default: the catalog's, when ``chips`` is a Catalog).
    ``peers`` are more chips to compare values with (``unit-slip``), such as the bundled
    catalog when ``chips`` are a user's own few sheets; a chip checked replaces a peer
    with its id.
    """
    chip_list = list(chips)
    if vendors is None:
        vendors = getattr(chips, "vendors", {})
    by_id = {c.id: c for c in chip_list}
    findings: list[Problem] = []
    for name in names or CHECK_NAMES:
        run = CHECKS[name].run
        found = _unit_slip(chip_list, vendors, peers) if run is _unit_slip else run(chip_list, vendors)
        if name == "system-total":
            found = system_total_problems(getattr(chips, "systems", {}).values())
            findings += found  # acknowledged on the value (system_total_problems)
            continue
        if name == "url-hygiene":
            findings += system_url_problems(getattr(chips, "systems", {}).values())  # acknowledged on the source
        for finding in found:
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
