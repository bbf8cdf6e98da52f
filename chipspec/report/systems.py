"""Tables of systems (``chipspec systems``, ``chipspec show SYSTEM``).

A system row sets what the vendor publishes for the whole beside what its chip sheet
gives times the count. A total is the published figure when the sheet has one, else the
derived one; a published total that disagrees with the derived one beyond rounding is
marked ``!`` (the ``system-total`` check says by how much and what it matches instead).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .. import i18n
from ..errors import UsageError
from ..system import SYSTEM_COLUMNS, SYSTEM_FIELDS, Derived, System, SystemComparison, compare_systems
from ..units import format_magnitude
from .text import DASH, Cell, Head, Table

__all__ = ["system_table", "systems_table"]

_WIDE = "!"  # a published total that disagrees with chip x count
TOTAL_NOTE = (
    "! a published total that disagrees beyond rounding with its chip sheet's figure x the count "
    "(chipspec validate --strict says by how much)"
)


def _weights(text: str) -> dict[str, float]:
    """``col=w,col=w`` (a bare column weighs 1)."""
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, weight = part.partition("=")
        try:
            out[name.strip()] = float(weight) if weight else 1.0
        except ValueError:
            raise UsageError(f"--score: expected COLUMN=WEIGHT like total.bf16=2, got {part!r}") from None
    if not out:
        raise UsageError("--score: expected COLUMN=WEIGHT pairs like total.bf16=2,power.total=1")
    return out


def hint_text(d: Derived, lang: str = "en") -> str:
    """What a disagreeing published total matches instead, in ``lang`` ("" if nothing)."""
    if d.matches is None or lang == "en":
        return d.hint
    kind, what = d.matches
    if kind == "alternative":
        return i18n.phrase("the alternative {what} agrees", lang).format(what=what)
    return i18n.phrase("it matches the chip's " + kind + " {what} figure x {count}", lang).format(
        what=what.upper(), count=d.count
    )


def _kind(kind: str, lang: str) -> str:
    """A fabric kind (switched, mesh, torus, ring) in ``lang``."""
    return kind if lang == "en" else i18n.label(f"fabric.{kind}", lang)


def _number_text(value: float | None) -> str:
    if value is None:
        return DASH
    return format_magnitude(float(f"{value:.4g}"))


def systems_table(
    systems: Iterable[System],
    lang: str = "en",
    columns: Sequence[str] | None = None,
    sort: str | None = None,
    *,
    rank: str | None = None,
    score: str | None = None,
    pareto: Sequence[str] | None = None,
    baseline: str | None = None,
) -> Table:
    """One row per system: name, chip, fabric kind, then :data:`SYSTEM_COLUMNS` (or
    ``columns``); ``sort`` orders by a column (best first, in its direction); ``rank`` adds
    a rank column and orders by it, ``score`` (``col=w,...``) a weighted score, ``pareto``
    (two or more columns) a front column, ``baseline`` each column as a ratio to one system.

    Raises:
        UsageError: an unknown column, weight or baseline.
    """
    comparison = compare_systems(systems)
    chosen = list(columns or SYSTEM_COLUMNS)
    for key in [*chosen, *([sort] if sort else []), *([rank] if rank else []), *(pareto or ())]:
        if key not in SYSTEM_COLUMNS:
            raise UsageError(f"unknown system column {key!r}; columns: {', '.join(SYSTEM_COLUMNS)}")
    extras: list[tuple[Head, list[Cell]]] = []
    order = list(range(len(comparison.systems)))

    def by(values: Sequence[float | int | None], best_high: bool) -> list[int]:
        known = [i for i in order if values[i] is not None]
        known.sort(key=lambda i: -(values[i] or 0.0) if best_high else (values[i] or 0.0))
        return known + [i for i in order if values[i] is None]

    if sort:
        order = by([n[sort] for n in comparison.numbers], SYSTEM_COLUMNS[sort][1] == "higher")
    if rank:
        ranks = comparison.rank(rank)
        order = by(ranks, False)
        extras.append(
            (Head("rank", i18n.label("rank", lang)), [Cell(DASH) if r is None else Cell(str(r), r) for r in ranks])
        )
    if score:
        scores = comparison.score(_weights(score))
        order = by(scores, True)
        cells = [Cell(DASH) if v is None else Cell(f"{v:.3f}", v) for v in scores]
        extras.append((Head("score", i18n.label("score", lang)), cells))
    if pareto:
        front = comparison.pareto(list(pareto))
        order = by([None if f is None else float(f) for f in front], True)
        word = {True: i18n.phrase("front", lang), False: i18n.phrase("dominated", lang)}
        cells = [Cell(DASH) if f is None else Cell(word[f], raw=f) for f in front]
        extras.append((Head("pareto", i18n.label("pareto", lang), numeric=False), cells))
    heads = [
        Head("id", i18n.phrase("id", lang), numeric=False),
        Head("name", i18n.label("name", lang), numeric=False),
        Head("chip", i18n.label("chip", lang), numeric=False),
        Head("domain.kind", i18n.label("domain.kind", lang), numeric=False),
        *[h for h, _ in extras],
    ]
    for k in chosen:
        unit = "x" if baseline else SYSTEM_COLUMNS[k][0]
        heads.append(Head(k, i18n.label(k, lang), unit=unit))
    relative = {k: comparison.relative(baseline, k) for k in chosen} if baseline else {}
    table_rows = []
    for i in order:
        system = comparison.systems[i]
        kind = system.fabric_kind
        cells = [
            Cell(system.id, raw=system.id),
            Cell(system.name, raw=system.name),
            Cell(system.chip.id, raw=system.chip.id),
            Cell(DASH) if kind is None else Cell(_kind(kind, lang), raw=kind),
            *[cells[i] for _, cells in extras],
        ]
        for k in chosen:
            value = relative[k][i] if baseline else comparison.numbers[i][k]
            marks = _WIDE if k in comparison.disagree[i] else ""
            cells.append(Cell(_number_text(value), value, marks))
        table_rows.append(cells)
    notes: list[str | i18n.Hint] = []
    if any(comparison.disagree):
        notes.append(i18n.phrase(TOTAL_NOTE, lang))
    if baseline:
        notes.append(f"{i18n.phrase('x: relative to', lang)} {_base(comparison, baseline).id}")
    return Table(heads, table_rows, notes=notes, lang=lang)


def _base(comparison: SystemComparison, name: str) -> System:
    from ..system import _find

    return _find(comparison.systems, name)


_LONG = 40  # characters of a text value ``show SYSTEM``'s table prints

# The chip's figures ``show SYSTEM`` prints beside the system's.
_CHIP_ROWS = (
    "memory.capacity", "memory.bandwidth", "compute.bf16", "compute.fp8", "interconnect.name",
    "interconnect.bandwidth", "power.tdp",
)  # fmt: skip


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
        if len(text) > _LONG:  # a long text value (topology, price) is cut in the table, whole in JSON/CSV
            text = text[: _LONG - 1] + "…"
        if path == "domain.kind":
            text = _kind(text, lang)
        keys = ", ".join(s.key for s in entry.sources) or DASH
        rows.append([Cell(i18n.label(path, lang), raw=path), Cell(text, raw=entry.text), Cell(keys, raw=keys)])
        for a in entry.alternatives:
            key = a.source.key if a.source else DASH
            also = f"  {i18n.phrase('also published', lang)}"
            rows.append([Cell(also, raw=f"{path}.alternative"), Cell(a.text, raw=a.text), Cell(key, raw=key)])
    chip = system.chip
    for path in _CHIP_ROWS:  # the chip the system is built from, as its sheet gives it
        entry = chip.entries.get(path)
        if entry is not None:
            keys = ", ".join(s.key for s in entry.sources) or DASH
            label = f"{chip.id}: {i18n.label(path, lang)}"
            rows.append([Cell(label, raw=f"chip.{path}"), Cell(entry.text, raw=entry.text), Cell(keys, raw=keys)])
    for d in system.derived():
        if d.published is None:
            continue
        label = f"{i18n.label(d.field, lang)} ({i18n.phrase('chip x count', lang)})"
        verdict = i18n.phrase("agrees" if d.agrees else "disagrees", lang)
        if d.hint:
            verdict += f": {hint_text(d, lang)}"
        value = f"{_number_text(d.value)} {d.unit}"
        marks = "" if d.agrees else _WIDE
        rows.append([Cell(label, raw=d.field), Cell(value, d.value, marks), Cell(verdict, raw=verdict)])
    wide = any(d.agrees is False for d in system.derived())
    notes: list[str | i18n.Hint] = [i18n.phrase(TOTAL_NOTE, lang)] if wide else []
    return Table(heads, rows, notes=notes, lang=lang, title=f"{system.vendor} {system.name}")


def sources_lines(system: System) -> list[str]:
    """The sheet's sources, one line each (``key: title <url>``)."""
    return [f"{s.key}: {s.title or ''} <{s.url or DASH}>" for s in system.sources.values()]
