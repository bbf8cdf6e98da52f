"""Tables of systems (``chipspec systems``, ``chipspec show SYSTEM``).

A system row sets what the vendor publishes for the whole beside what its chip sheet
gives times the count. A total is the published figure when the sheet has one, else the
derived one; a published total that disagrees with the derived one beyond rounding is
marked ``!`` (the ``system-total`` check says by how much and what it matches instead).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .. import i18n
from ..errors import UsageError
from ..system import SYSTEM_FIELDS, System, ratio
from ..units import format_magnitude
from .text import DASH, Cell, Head, Table

__all__ = ["SYSTEM_COLUMNS", "SystemRow", "system_row", "system_table", "systems_table"]

_WIDE = "!"  # a published total that disagrees with chip x count
TOTAL_NOTE = (
    "! a published total that disagrees beyond rounding with its chip sheet's figure x the count "
    "(chipspec validate --strict says by how much)"
)


@dataclass(frozen=True, slots=True)
class SystemRow:
    """One system's comparable numbers (None: unknown), and the totals that disagree."""

    system: System
    numbers: dict[str, float | None]
    disagree: frozenset[str]


def _total(system: System, path: str) -> tuple[float | None, bool]:
    """A total in canonical units (published, else chip x count) and whether the published
    one disagrees with chip x count."""
    derived = {d.field: d for d in system.derived()}
    d = derived.get(path)
    published = system.number(path)
    if published is not None:
        return published, bool(d is not None and d.agrees is False)
    return (None if d is None else d.value), False


def system_row(system: System) -> SystemRow:
    """The numbers ``chipspec systems`` compares, in canonical units turned into the
    column's unit (PFLOPS, TB, kW)."""
    bf16, bf16_off = _total(system, "compute.bf16")
    fp8, fp8_off = _total(system, "compute.fp8")
    hbm, hbm_off = _total(system, "memory.capacity")
    power = system.number("power.total")
    chip_bf16 = system.chip.entries.get("compute.bf16")
    chip_hbm = system.chip.entries.get("memory.capacity")
    scale_up = system.scale_up()
    numbers: dict[str, float | None] = {
        "chips": float(system.count),
        "domain.size": float(system.domain_size),
        "scale_up": scale_up,
        "total.bf16": None if bf16 is None else bf16 / 1000,
        "total.fp8": None if fp8 is None else fp8 / 1000,
        "total.hbm": None if hbm is None else hbm / 1000,
        "power.total": None if power is None else power / 1000,
        "tflops_per_kw": ratio(bf16, None if power is None else power / 1000),
        "scale_up_per_tflops": ratio(scale_up, None if chip_bf16 is None else chip_bf16.number),
        "memory_per_domain": None
        if chip_hbm is None or chip_hbm.number is None
        else chip_hbm.number * system.domain_size / 1000,
    }
    off = {k for k, bad in (("total.bf16", bf16_off), ("total.fp8", fp8_off), ("total.hbm", hbm_off)) if bad}
    return SystemRow(system, numbers, frozenset(off))


# Column key -> unit shown in the header.
SYSTEM_COLUMNS: dict[str, str] = {
    "chips": "",
    "domain.size": "",
    "scale_up": "GB/s",
    "total.bf16": "PFLOPS",
    "total.fp8": "PFLOPS",
    "total.hbm": "TB",
    "power.total": "kW",
    "tflops_per_kw": "TFLOPS/kW",
    "scale_up_per_tflops": "GB/s/TFLOPS",
    "memory_per_domain": "TB",
}


def _kind(kind: str, lang: str) -> str:
    """A fabric kind (switched, mesh, torus, ring) in ``lang``."""
    return kind if lang == "en" else i18n.label(f"fabric.{kind}", lang)


def _number_text(value: float | None) -> str:
    if value is None:
        return DASH
    return format_magnitude(float(f"{value:.4g}"))


def systems_table(
    systems: Iterable[System], lang: str = "en", columns: Sequence[str] | None = None, sort: str | None = None
) -> Table:
    """One row per system: name, chip and count, fabric kind, then :data:`SYSTEM_COLUMNS`
    (or ``columns``), sorted by ``sort`` (highest first) when given.

    Raises:
        UsageError: an unknown column or sort key.
    """
    chosen = list(columns or SYSTEM_COLUMNS)
    for key in [*chosen, *([sort] if sort else [])]:
        if key not in SYSTEM_COLUMNS:
            raise UsageError(f"unknown system column {key!r}; columns: {', '.join(SYSTEM_COLUMNS)}")
    rows = [system_row(s) for s in systems]
    if sort:
        known = [r for r in rows if r.numbers[sort] is not None]
        rows = sorted(known, key=lambda r: -(r.numbers[sort] or 0.0)) + [r for r in rows if r.numbers[sort] is None]
    heads = [
        Head("id", "id", numeric=False),
        Head("name", i18n.label("name", lang), numeric=False),
        Head("chip", i18n.label("chip", lang), numeric=False),
        Head("domain.kind", i18n.label("domain.kind", lang), numeric=False),
        *[Head(k, i18n.label(k, lang), unit=SYSTEM_COLUMNS[k]) for k in chosen],
    ]
    table_rows = []
    for r in rows:
        kind = r.system.fabric_kind
        cells = [
            Cell(r.system.id, raw=r.system.id),
            Cell(r.system.name, raw=r.system.name),
            Cell(r.system.chip.id, raw=r.system.chip.id),
            Cell(DASH) if kind is None else Cell(_kind(kind, lang), raw=kind),
        ]
        for k in chosen:
            value = r.numbers[k]
            marks = _WIDE if k in r.disagree else ""
            cells.append(Cell(_number_text(value), value, marks))
        table_rows.append(cells)
    notes: list[str | i18n.Hint] = []
    if any(r.disagree for r in rows):
        notes.append(i18n.phrase(TOTAL_NOTE, lang))
    return Table(heads, table_rows, notes=notes, lang=lang)


def system_table(system: System, lang: str = "en") -> Table:
    """``chipspec show SYSTEM``: every value of the sheet with its sources, then each
    derived total (chip x count) beside the published one."""
    heads = [
        Head("field", i18n.label("field", lang), numeric=False),
        Head("value", i18n.label("value", lang), numeric=False),
        Head("source", i18n.label("source", lang), numeric=False),
    ]
    rows = []
    for path in SYSTEM_FIELDS:
        entry = system.entries.get(path)
        if entry is None:
            continue
        text = entry.text
        if path == "domain.kind":
            text = _kind(text, lang)
        keys = ", ".join(s.key for s in entry.sources) or DASH
        rows.append([Cell(i18n.label(path, lang), raw=path), Cell(text, raw=entry.text), Cell(keys, raw=keys)])
        for a in entry.alternatives:
            key = a.source.key if a.source else DASH
            also = f"  {i18n.phrase('also published', lang)}"
            rows.append([Cell(also, raw=f"{path}.alternative"), Cell(a.text, raw=a.text), Cell(key, raw=key)])
    for d in system.derived():
        if d.published is None:
            continue
        label = f"{i18n.label(d.field, lang)} ({i18n.phrase('chip x count', lang)})"
        verdict = i18n.phrase("agrees" if d.agrees else "disagrees", lang)
        if d.hint:
            verdict += f": {d.hint}"
        value = f"{_number_text(d.value)} {d.unit}"
        rows.append([Cell(label, raw=d.field), Cell(value, d.value), Cell(verdict, raw=verdict)])
    return Table(heads, rows, lang=lang, title=f"{system.vendor} {system.name}")


def sources_lines(system: System) -> list[str]:
    """The sheet's sources, one line each (``key: title <url>``)."""
    return [f"{s.key}: {s.title or ''} <{s.url or DASH}>" for s in system.sources.values()]
