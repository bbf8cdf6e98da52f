"""Measured figures beside the peaks: what a chip achieved, with how, on what, and who says so.

Every figure a spec sheet holds is a vendor's peak. A *measurement* is what a run
achieved: a matmul's TFLOPS at one precision and shape, a memory bandwidth under an
access pattern, a collective's bus bandwidth for an operation, message size and chip
count, a serving throughput for a named model and scenario, or a training run's time to
train a named benchmark on a number of chips (MLPerf Training's score, which no sheet figure
bounds: it is listed, never turned into an efficiency). Measurements live in
*measurement files*: YAML files in a folder named ``measured`` at the top of a loaded
folder (``specs/measured/*.yaml`` for the bundled catalog), one file per publisher or
import, each with its own ``sources`` and a ``measured`` list whose records name their
chip by id (docs/spec-format.md, "Measurement files"; docs/measured.md). They are read
by :mod:`chipspec.sheets` like every other YAML file, and every problem is located.

Which measurement a cell uses, when a chip has several of one kind (:func:`choose`):
the most trusted ``by`` first (independent, then vendor, then community), then the
latest ``date``, then the first written. The tables say which one was used and how many
more exist.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import Problem
from .format import PRECISION_TABLE, PRECISIONS
from .spec import Source, suggest
from .units import shown

__all__ = [
    "BY",
    "KINDS",
    "MEASURED_COLUMNS",
    "RECORD_KEYS",
    "Calibration",
    "MeasuredRecord",
    "Measurement",
    "calibration",
    "choose",
    "column_spec",
    "efficiency",
]

KINDS: tuple[str, ...] = ("matmul", "memory", "collective", "serving", "training")
# Most trusted first: an independent benchmark (a benchmark body's reviewed result, an
# engineer's published method and table), the vendor's own figure, a community run.
BY: tuple[str, ...] = ("independent", "vendor", "community")
OPERATIONS: tuple[str, ...] = ("all_reduce", "all_gather", "reduce_scatter", "all_to_all", "broadcast", "send_recv")
MAX_CHIPS = 100_000

# Units per kind: spelling -> factor to the kind's canonical unit.
_UNITS: dict[str, dict[str, float]] = {
    "matmul": {"TFLOPS": 1.0, "PFLOPS": 1e3, "GFLOPS": 1e-3, "TOPS": 1.0, "POPS": 1e3},
    "memory": {"GB/s": 1.0, "TB/s": 1e3},
    "collective": {"GB/s": 1.0, "TB/s": 1e3},
    "serving": {"tokens/s": 1.0, "samples/s": 1.0, "queries/s": 1.0},
    # time to train (MLPerf Training's score): lower is better; pinned to no sheet figure
    "training": {"minutes": 1.0},
}
CANONICAL: dict[str, str] = {
    "matmul": "TFLOPS", "memory": "GB/s", "collective": "GB/s", "serving": "tokens/s", "training": "minutes",
}  # fmt: skip
# What each kind must say about what was measured, and may say.
_NEEDS: dict[str, tuple[str, ...]] = {
    "matmul": ("precision",),
    "memory": ("pattern",),
    "collective": ("operation", "chips"),
    "serving": ("model", "scenario", "chips"),
    "training": ("model", "chips"),
}
_ALLOWED: dict[str, tuple[str, ...]] = {
    "matmul": ("precision", "shape"),
    "memory": ("pattern",),
    "collective": ("operation", "chips", "message_size"),
    "serving": ("model", "scenario", "chips", "weights", "kv", "input_tokens", "output_tokens", "layout"),
    "training": ("model", "chips"),
}
RECORD_KEYS: tuple[str, ...] = (
    "chip", "kind", "value", "precision", "shape", "pattern", "operation", "message_size", "chips", "model",
    "scenario", "weights", "kv", "input_tokens", "output_tokens", "layout", "method", "tool", "stack", "date",
    "source", "quote", "result", "by", "confidence", "note",
)  # fmt: skip
FILE_KEYS: tuple[str, ...] = ("sources", "measured")
_VALUE = re.compile(r"\s*(?P<number>[0-9][0-9_,]*(?:\.[0-9]+)?)\s*(?P<unit>\S+)\s*")
_DATE = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<month>0[1-9]|1[0-2])(?:-(?P<day>0[1-9]|[12][0-9]|3[01]))?)?")
_CHIPS = re.compile(r"\+?[1-9][0-9]{0,5}")
_FORMAT = re.compile(r"[a-z][a-z0-9_]{1,15}")
LAYOUTS: tuple[str, ...] = ("tp", "dp")
MAX_TOKENS = 10_000_000
_SERVING_KEYS = ("weights", "kv", "input_tokens", "output_tokens", "layout")


@dataclass(frozen=True, slots=True)
class Measurement:
    """One measured figure of one chip (immutable).

    ``value`` is in :data:`CANONICAL` units of its kind (TFLOPS, GB/s, tokens/s, minutes);
    ``written`` is the figure as the file wrote it. What was measured: ``precision`` and
    ``shape`` (matmul), ``pattern`` (memory), ``operation``, ``chips`` and
    ``message_size`` (collective), ``model``, ``scenario`` and ``chips`` (serving; the
    throughput is the group's), ``model`` and ``chips`` (training; the system's time).
    ``quote`` or ``result`` (a result id, as MLCommons asks MLPerf results to be cited;
    where the source gives none, as MLPerf Training's repositories, the result's folder)
    says where on the source's page the figure stands.
    """

    chip: str
    kind: str
    value: float
    written: str
    method: str
    date: str | None
    source: Source
    by: str
    quote: str | None = None
    result: str | None = None
    precision: str | None = None
    shape: str | None = None
    pattern: str | None = None
    operation: str | None = None
    message_size: str | None = None
    chips: int | None = None
    model: str | None = None
    scenario: str | None = None
    weights: str | None = None
    kv: str | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    layout: str | None = None
    tool: str | None = None
    stack: str | None = None
    confidence: str | None = None
    note: str | None = None
    path: str | None = None
    line: int | None = None

    @property
    def unit(self) -> str:
        """The canonical unit of :attr:`value` (``TOPS`` for an integer matmul)."""
        if self.kind == "matmul" and self.precision and PRECISION_TABLE[self.precision].integer:
            return "TOPS"
        return CANONICAL[self.kind]

    @property
    def what(self) -> str:
        """What was measured, in a few words (``matmul bf16 8192x8192x8192``)."""
        parts: list[str] = [self.kind]
        if self.kind == "matmul":
            parts += [str(self.precision)] + ([self.shape] if self.shape else [])
        elif self.kind == "memory":
            parts.append(str(self.pattern))
        elif self.kind == "collective":
            parts += [str(self.operation), f"{self.chips} chips"]
            if self.message_size:
                parts.append(self.message_size)
        elif self.kind == "training":
            parts += [str(self.model), f"{self.chips} chips", "time to train"]
        else:
            parts += [str(self.model), str(self.scenario), f"{self.chips} chips"]
            if self.input_tokens is not None and self.output_tokens is not None:
                parts.append(f"ISL/OSL {self.input_tokens}/{self.output_tokens}")
            if self.weights:
                parts.append(f"{self.weights} weights" + (f", {self.kv} KV" if self.kv else ""))
            if self.layout:
                parts.append(self.layout)
        return " ".join(parts)

    @property
    def cite(self) -> str:
        """Where the figure stands: the result id, else the quote."""
        if self.result:
            return f"result {self.result}"
        return f'"{self.quote}"'

    def to_record(self) -> dict[str, Any]:
        """The record as plain data (JSON): every field, the source as key, title and url."""
        out: dict[str, Any] = {"chip": self.chip, "kind": self.kind, "what": self.what, "value": self.value,
                               "unit": self.unit, "written": self.written}  # fmt: skip
        for name in ("precision", "shape", "pattern", "operation", "message_size", "chips", "model", "scenario",
                     "weights", "kv", "input_tokens", "output_tokens", "layout"):  # fmt: skip
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        out.update(
            method=self.method, tool=self.tool, stack=self.stack, date=self.date, by=self.by,
            confidence=self.confidence, note=self.note, quote=self.quote, result=self.result,
            source={"key": self.source.key, "title": self.source.title, "url": self.source.url},
        )  # fmt: skip
        return out

    @property
    def column(self) -> str | None:
        """The comparison column this record can fill (``measured.bf16``), if any."""
        if self.kind == "matmul":
            return f"measured.{self.precision}"
        if self.kind == "memory":
            return "measured.memory"
        return None


# The columns measurements fill, and the efficiency beside each: measured / the chip's peak.
MEASURED_COLUMNS: tuple[str, ...] = (
    *(f"measured.{p}" for p in PRECISIONS),
    "measured.memory",
    *(f"efficiency.{p}" for p in PRECISIONS),
    "efficiency.memory",
)


def column_spec(name: str) -> tuple[str, str, str]:
    """(measured column, peak field, unit) of a measured or efficiency column."""
    what = name.split(".", 1)[1]
    measured = f"measured.{what}"
    if what == "memory":
        return measured, "memory.bandwidth", "GB/s"
    unit = PRECISION_TABLE[what].unit
    return measured, f"compute.{what}", unit


def choose(records: Sequence[Measurement]) -> tuple[Measurement | None, int]:
    """The measurement a cell uses among ``records`` of one column, and how many more
    exist: the most trusted ``by`` (independent, vendor, community), then the latest
    ``date`` (a month or year sorts as its first day; no date sorts before every date),
    then the first written."""
    if not records:
        return None, 0
    best = records[0]
    for m in records[1:]:
        if BY.index(m.by) < BY.index(best.by) or (
            BY.index(m.by) == BY.index(best.by) and (m.date or "") > (best.date or "")
        ):
            best = m
    return best, len(records) - 1


def efficiency(measured: float, peak: float | None) -> float | None:
    """measured / peak (None where the peak is unknown or not positive)."""
    if peak is None or not peak > 0 or math.isnan(peak):
        return None
    return measured / peak


@dataclass(frozen=True)
class Calibration:
    """What a chip's calibrated estimate rests on: the measurements used (None where the
    chip has none of that kind) and the efficiencies they give (1.0, the peak, where none)."""

    matmul: Measurement | None
    memory: Measurement | None
    compute_efficiency: float
    memory_efficiency: float

    @property
    def any(self) -> bool:
        return self.matmul is not None or self.memory is not None


def calibration(chip: Any, precision: str | None) -> Calibration:
    """The chip's measured matmul efficiency at ``precision`` and memory efficiency
    (chosen by :func:`chipspec.measured.choose`), each against the sheet's peak."""
    matmul: Measurement | None = None
    ce = 1.0
    if precision is not None:
        found, _ = choose([m for m in chip.measured if m.kind == "matmul" and m.precision == precision])
        peak = chip.magnitude(f"compute.{precision}", found.unit if found else "TFLOPS") if found else None
        ratio = efficiency(found.value, None if peak is None else float(peak)) if found else None
        if found is not None and ratio is not None:
            matmul, ce = found, ratio
    memory: Measurement | None = None
    me = 1.0
    found, _ = choose([m for m in chip.measured if m.kind == "memory"])
    if found is not None:
        peak = chip.magnitude("memory.bandwidth", "GB/s")
        ratio = efficiency(found.value, None if peak is None else float(peak))
        if ratio is not None:
            memory, me = found, ratio
    return Calibration(matmul, memory, ce, me)


# --- reading measurement files -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeasuredRecord:
    """A record as read, before its chip id is matched to a loaded sheet."""

    measurement: Measurement
    chip_line: int


def unknown_chip(record: MeasuredRecord, known: Iterable[str]) -> Problem:
    """The located problem of a record naming no loaded chip."""
    m = record.measurement
    close = suggest(m.chip, list(known))
    hint = f"; did you mean {shown(close[0])}?" if close else ""
    return Problem(m.path, record.chip_line, "chip", f"no loaded sheet has the id {shown(m.chip)}{hint}")
