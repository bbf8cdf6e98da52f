"""Library results -> :class:`~chipspec.report.text.Table` and plain records: every view
the CLI prints (compare, list, show, diff, metrics, checks, export-control) is built here.

Flags: a cell is marked for each kind of doubt (:data:`chipspec.spec.FLAGS`) in the values
it rests on; a derived metric rests on its inputs. Each flagged value gets one footnote
saying what the doubt is (the other published figure, the unstated basis, the precision
used instead) and which shown columns rest on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..catalog import Catalog
from ..errors import Problem
from ..format import FIELDS, compute_field
from ..measured import MEASURED_COLUMNS, column_spec
from ..metrics import COMPUTE, METRICS, uses_compute
from ..spec import Alternative, Provenance, Spec
from ..units import Parsed
from .text import DASH, MARKS, Cell, Footnote, Head, Table, format_number, render_delimited

if TYPE_CHECKING:  # the engine (and numpy) is imported by what builds a comparison, not by listing
    from ..comparison import Comparison, ParetoFront, Ranking, Scoring

_SIXTEEN_BIT = "16bit"  # comparison.SIXTEEN_BIT (a test holds them equal)

__all__ = [
    "Extra",
    "catalog_table",
    "chip_record",
    "chip_table",
    "comparison_delimited",
    "comparison_records",
    "comparison_table",
    "diff_table",
    "export_table",
    "metrics_table",
    "provenance_lines",
]


@dataclass(frozen=True)
class Extra:
    """A column that is not a metric or field (rank, score, a score share, Pareto status),
    one cell per chip in the comparison's chip order, and its record values for JSON."""

    head: Head
    cells: list[Cell]
    records: list[Any]
    flags: list[list[str]] | None = None  # per chip, for machine formats ("<key> flags")


# --- what a cell rests on ----------------------------------------------------------------


def rests_on(comparison: Comparison, name: str, i: int) -> list[str]:
    """The fields of chip ``i`` a column's value is read from (through metrics)."""
    out: list[str] = []

    def walk(n: str, depth: int = 0) -> None:
        if depth > 20:
            return
        needs = comparison.needs(n)
        if needs:
            for m in needs:
                walk(m, depth + 1)
            return
        path = comparison.source_field(n, i)
        if path is not None and path not in out:
            out.append(path)

    walk(name)
    return out


def _marks(flags: Iterable[str]) -> str:
    kinds = set(flags)
    return "".join(mark for kind, (mark, _) in MARKS.items() if kind in kinds)


def _sources(p: Provenance | Alternative, limit: int = 0) -> str:
    keys = [s.key for s in p.sources]
    if limit and len(keys) > limit:
        return ", ".join(keys[:limit]) + f" +{len(keys) - limit}"
    return ", ".join(keys) or DASH


_BINARY = {"PiB": 2**50, "TiB": 2**40, "GiB": 2**30, "MiB": 2**20, "KiB": 2**10}
_BYTES = ("B", "byte", "bytes")


def readable(p: Provenance | Alternative) -> str:
    """A value as its maker states it, for a person: as written (``32 GiB``, ``64 GB``),
    except a raw byte count (``68719476736 B``, read from a configuration file), which
    reads in the largest binary unit that divides it (``64 GiB``), else in GB. The exact
    number stays the engine's (:attr:`Provenance.number`, canonical GB) for arithmetic."""
    stored = p.stored
    if not isinstance(stored, Parsed) or stored.unit not in _BYTES:
        return p.text
    count = stored.magnitude
    for name, size in _BINARY.items():
        if count >= size and count % size == 0:
            return f"{format_number(count / size)} {name}"
    return f"{format_number(stored.canonical)} GB"


def binary(p: Provenance | Alternative | None) -> bool:
    """Whether a size reads in binary units (GiB) as its maker states it."""
    return p is not None and readable(p).endswith(tuple(_BINARY))


_as_published = readable


_words = i18n.flag_words


def flag_text(chip: Spec, path: str, flags: Iterable[str], comparison: Comparison | None, lang: str = "en") -> str:
    """What the flags on one value mean, in words (the body of its footnote)."""
    p = chip.provenance(path)
    parts: list[str] = []
    kinds = set(flags)
    if "preferred" in kinds and p.alternatives:
        catalog = p.alternatives[0]
        other = f"{readable(catalog)} ({_sources(catalog, 1)})"
        parts.append(_words("preferred", lang, value=readable(p), source=p.preferred_source or "", other=other))
    if "disputed" in kinds:
        others = "; ".join(f"{readable(a)} ({_sources(a, 1)})" for a in p.disputed)
        parts.append(_words("disputed", lang, value=_as_published(p), others=others))
    if "estimated" in kinds:
        parts.append(_words("estimated", lang, value=readable(p), sources=_sources(p)))
    if "unstated" in kinds:
        if p.direction == "unstated":
            parts.append(_words("direction", lang, value=p.text))
        if p.sparsity == "unstated":
            parts.append(_words("sparsity", lang, value=p.text))
    return "; ".join(parts) or readable(p)


def two_line_names(chips: Sequence[Spec], lang: str, catalog: Catalog | None = None) -> list[tuple[str, str]]:
    """Per chip, a two-line header: the vendor over the product (for transposed tables)."""
    vendors = catalog.vendors if catalog is not None else None
    out = []
    for chip in chips:
        vendor = i18n.vendor_label(chip.vendor, lang, vendors)
        label = i18n.chip_label(chip, lang, vendors)
        bottom = label[len(vendor) :].strip() if label.startswith(vendor) else label
        out.append((vendor, bottom))
    return out


def _footnotes(comparison: Comparison, names: Sequence[str], order: Sequence[int], lang: str) -> list[Footnote]:
    notes: list[Footnote] = []
    for i in order:
        chip = comparison.chips[i]
        label = i18n.chip_label(chip, lang)
        by_field: dict[str, list[str]] = {}
        for n in names:
            if not comparison.column(n).flags[i]:
                continue
            for path in rests_on(comparison, n, i):
                entry = chip.entries.get(path)
                if entry is not None and entry.flags:
                    by_field.setdefault(path, []).append(n)
        for path, columns in by_field.items():
            entry = chip.entries[path]
            derived = [i18n.short_label(comparison.label(c), lang) for c in columns if c != path and c != COMPUTE]
            rest = (
                " " + i18n.phrase("({columns} rest on it)", lang).format(columns=", ".join(derived)) if derived else ""
            )
            text = f"{label}, {i18n.label(path, lang)}: {flag_text(chip, path, entry.flags, comparison, lang)}{rest}"
            notes.append(Footnote(_marks(entry.flags), text))
        if comparison.fell_back[i] and any(uses_compute(n) for n in names):
            used = comparison.precision_used[i]
            asked = comparison.precision
            notes.append(
                Footnote(MARKS["fallback"][0], f"{label}: " + _words("fallback", lang, used=str(used), asked=asked))
            )
    return notes


def _missing_notes(
    comparison: Comparison, names: Sequence[str], order: Sequence[int], lang: str
) -> list[str | i18n.Hint]:
    """One note per missing field: which chips lack it, and for a missing precision how
    to include them."""
    lacking: dict[str, list[str]] = {}
    for i in order:
        for n in names:
            col = comparison.column(n)
            if comparison.needs(n) and not col.known(i):
                for m in col.missing[i]:
                    chips = lacking.setdefault(m, [])
                    label = i18n.chip_label(comparison.chips[i], lang)
                    if label not in chips:
                        chips.append(label)
    out: list[str | i18n.Hint] = []
    for field, chips in lacking.items():
        more = i18n.phrase(" and {n} more", lang).format(n=len(chips) - 8) if len(chips) > 8 else ""
        reason = i18n.is_reason(field) or re.fullmatch(_NO_VALUE, field) is not None
        template = (
            "not computable for {n} chip(s) {reason}: {chips}"
            if reason
            else "not computable for {n} chip(s) lacking {field}: {chips}"
        )
        words = missing_words(field, lang)
        note = (
            DASH
            + " "
            + i18n.phrase(template, lang).format(
                n=len(chips), field=words, reason=words, chips=", ".join(chips[:8]) + more
            )
        )
        code = comparison.missing_hint(field)
        out.append(i18n.Hint(code, note) if code else note)
    if comparison.precision == _SIXTEEN_BIT and any(uses_compute(n) for n in names):
        fp16 = [i18n.chip_label(comparison.chips[i], lang) for i in order if comparison.precision_used[i] == "fp16"]
        if fp16:
            out.append(
                i18n.phrase("16-bit = BF16 where published, else FP16 (FP16 for: {chips})", lang).format(
                    chips=", ".join(fp16)
                )
            )
    return out


def missing_words(field: str, lang: str) -> str:
    """What a chip lacks, in ``lang``: a field's label, or a lens's reason (the LLM lens
    says a model does not fit, with the group size that would)."""
    m = re.fullmatch(r"a measurement \((.*)\)", field)  # the measured lens's reason
    if m is not None:
        return i18n.phrase("a measurement ({0})", lang).format(m.group(1).replace(" or ", i18n.phrase(" or ", lang)))
    m = re.fullmatch(_NO_VALUE, field)
    if m is not None:
        return i18n.phrase("({0} has no finite value)", lang).format(i18n.label(m.group(1), lang))
    return i18n.label(field, lang)


_NO_VALUE = r"\((\w+) has no finite value\)"


def measured_notes(comparison: Comparison, names: Sequence[str], order: Sequence[int], lang: str) -> list[str]:
    """Per measured column shown, which measurement each chip's cell uses (by
    :func:`chipspec.measured.choose`: the most trusted, then the latest) and how many
    more it has."""
    out: list[str] = []
    done: set[str] = set()
    for n in names:
        if not n.startswith(("measured.", "efficiency.")) or n not in MEASURED_COLUMNS:
            continue
        key = column_spec(n)[0]
        if key in done:
            continue
        done.add(key)
        choices = []
        for i in order:
            m, more = comparison.measurement(n, i)
            if m is None:
                continue
            extra = f", {i18n.phrase('{n} more', lang).format(n=more)}" if more else ""
            who = i18n.phrase(m.by, lang)
            choices.append(
                f"{i18n.chip_label(comparison.chips[i], lang)} {format_number(m.value)} {m.unit} "
                f"({who}, {m.source.key}, {m.date or i18n.phrase('no date', lang)}{extra})"
            )
        if choices:
            out.append(
                i18n.phrase("{column} uses, per chip: {choices}", lang).format(
                    column=i18n.label(key, lang), choices="; ".join(choices)
                )
            )
    return out


def column_head(comparison: Comparison, name: str, lang: str, keep: bool = False) -> Head:
    col = comparison.column(name)
    key = comparison.label(name)
    return Head(key, i18n.label(key, lang), i18n.short_label(key, lang), col.unit, numeric=not col.is_text, keep=keep)


def comparison_cell(comparison: Comparison, name: str, i: int, flags: bool = True, lang: str = "en") -> Cell:
    col = comparison.column(name)
    marks = _marks(col.flags[i]) if flags else ""
    if col.is_text:
        value = col.values[i]
        if value is None:
            return EMPTY_CELL
        return Cell(i18n.phrase(str(value), lang) if col.words else str(value), marks=marks, raw=value)
    v = float(col.values[i])
    if v != v:
        return EMPTY_CELL
    path = comparison.source_field(name, i)
    if path is not None and col.unit == "GB":  # a size its maker states in GiB reads in GiB
        p = comparison.chips[i].entries.get(path)
        if p is not None and binary(p):
            return Cell(readable(p), v, marks)
    return Cell(format_number(v), v, marks)


def mark_binary(heads: list[Head], rows: Sequence[Sequence[Cell]], lang: str) -> list[Head]:
    """A GB column holding sizes stated in GiB says so in its unit ("GB, GiB marked")."""
    import dataclasses

    out = []
    for j, h in enumerate(heads):
        if h.unit == "GB" and any(r[j].text.endswith(tuple(_BINARY)) for r in rows):
            h = dataclasses.replace(h, unit=i18n.phrase("GB, GiB marked", lang), machine_unit=h.unit)
        out.append(h)
    return out


EMPTY_CELL = Cell(DASH)


def comparison_table(
    comparison: Comparison,
    columns: Sequence[str] | None = None,
    *,
    order: Sequence[int] | None = None,
    extras: Sequence[Extra] = (),
    baseline: Spec | None = None,
    lang: str = "en",
    flags: bool = True,
    keep: Sequence[str] = (),
) -> Table:
    """The table of a comparison: one row per chip, extras first, then the columns.

    ``baseline`` adds, for each numeric column, the chip's value as a multiple of the
    baseline chip's ("x nvidia-h20"), carrying the flags of both. ``keep`` names the
    columns the reader asked for (criteria): with the extras and the multiples they lead
    when a narrow terminal splits the table into pages.
    """
    names = list(columns or comparison.columns)
    order = list(order) if order is not None else list(range(len(comparison.chips)))
    heads = [Head("chip", i18n.phrase("chip", lang), i18n.phrase("chip", lang), numeric=False)]
    heads += [e.head for e in extras]
    for n in names:
        heads.append(column_head(comparison, n, lang, keep=n in keep))
    base = comparison.index(baseline) if baseline is not None else None
    multiples = baseline_extras(comparison, baseline, names, lang, flags) if baseline is not None else []
    ratios = [n for n in names if base is not None and not comparison.column(n).is_text]
    heads += [e.head for e in multiples]
    rows = []
    for i in order:
        row = [Cell(i18n.chip_label(comparison.chips[i], lang), raw=comparison.chips[i].id)]
        row += [e.cells[i] for e in extras]
        row += [comparison_cell(comparison, n, i, flags, lang) for n in names]
        row += [e.cells[i] for e in multiples]
        rows.append(row)
    heads = mark_binary(heads, rows, lang)
    footnotes = _footnotes(comparison, names, order, lang) if flags else []
    if flags and base is not None and ratios:
        for note in _footnotes(comparison, ratios, [base], lang):
            if note not in footnotes:
                footnotes.append(Footnote(note.marks, f"{i18n.phrase('(baseline)', lang)} {note.text}"))
    notes = _missing_notes(comparison, names, order, lang)
    notes += measured_notes(comparison, names, order, lang)
    if comparison.preferred_source and flags:
        notes.insert(0, _words("preferring", lang, source=comparison.preferred_source))
    return Table(heads, rows, footnotes, notes, lang)


# --- rank, score, Pareto and baseline extras ----------------------------------------------


def baseline_extras(
    comparison: Comparison, baseline: Spec, names: Sequence[str] | None = None, lang: str = "en", flags: bool = True
) -> list[Extra]:
    """Each numeric column as a multiple of the baseline chip's value ("x nvidia-h20"),
    carrying the flags of both; JSON gets the ratio under ``"<column> x <baseline>"``."""
    base = comparison.index(baseline)
    out = []
    for n in names or comparison.columns:
        col = comparison.column(n)
        if col.is_text:
            continue
        h = column_head(comparison, n, lang)
        head = Head(
            f"{comparison.label(n)} x {baseline.id}", f"{h.label} x {baseline.id}", f"×{h.short}", "×", keep=True
        )
        cells: list[Cell] = []
        records: list[float | None] = []
        kinds: list[list[str]] = []
        b = float(col.values[base])
        for i in range(len(comparison.chips)):
            v = float(col.values[i])
            if v != v or b != b or b == 0:
                cells.append(EMPTY_CELL)
                records.append(None)
                kinds.append([])
                continue
            both = col.flags[i] | col.flags[base]
            cells.append(Cell(format_number(v / b, 3) + "x", v / b, _marks(both) if flags else ""))
            records.append(v / b)
            kinds.append(sorted(both))
        out.append(Extra(head, cells, records, kinds))
    return out


def ranking_extras(comparison: Comparison, ranking: Ranking, lang: str) -> tuple[list[int], list[Extra]]:
    order = [comparison.index(r.chip) for r in ranking]
    by_id = {r.chip.id: r for r in ranking}
    ranks = [by_id[c.id].rank for c in comparison.chips]
    cells = [Cell(str(r), float(r)) if r else EMPTY_CELL for r in ranks]
    return order, [Extra(Head("rank", i18n.phrase("rank", lang), "#", numeric=True, keep=True), cells, ranks)]


def scoring_extras(comparison: Comparison, scoring: Scoring, lang: str) -> tuple[list[int], list[Extra]]:
    order = [comparison.index(r.chip) for r in scoring]
    by_id = {r.chip.id: r for r in scoring}
    rows = [by_id[c.id] for c in comparison.chips]
    extras = [
        Extra(
            Head("rank", i18n.phrase("rank", lang), "#", keep=True),
            [Cell(str(r.rank), float(r.rank)) if r.rank else EMPTY_CELL for r in rows],
            [r.rank for r in rows],
        ),
        Extra(
            Head("score", i18n.phrase("score", lang), i18n.phrase("score", lang), keep=True),
            [EMPTY_CELL if r.score is None else Cell(f"{r.score:.3f}", r.score) for r in rows],
            [r.score for r in rows],
        ),
    ]
    for metric in scoring.weights:
        extras.append(
            Extra(
                Head(f"+{metric}", f"+{metric}", f"+{i18n.short_label(metric, lang)}", keep=True),
                [
                    Cell(f"{r.contributions[metric]:.3f}", r.contributions[metric]) if r.contributions else EMPTY_CELL
                    for r in rows
                ],
                [r.contributions.get(metric) for r in rows],
            )
        )
    return order, extras


def pareto_extras(comparison: Comparison, front: ParetoFront, lang: str) -> tuple[list[int], list[Extra]]:
    status = {c.id: i18n.phrase("front", lang) for c in front.front}
    status |= {c.id: f"{i18n.phrase('dominated by', lang)} {by.id}" for c, by in front.dominated}
    on_front = {c.id for c in front.front}
    order = sorted(
        range(len(comparison.chips)),
        key=lambda i: (comparison.chips[i].id not in on_front, comparison.chips[i].id not in status),
    )
    cells = [Cell(status.get(c.id, DASH), raw=status.get(c.id)) for c in comparison.chips]
    records: list[Any] = []
    dominated = dict((c.id, by.id) for c, by in front.dominated)
    for c in comparison.chips:
        records.append(
            "front" if c.id in on_front else f"dominated by {dominated[c.id]}" if c.id in dominated else None
        )
    return order, [
        Extra(
            Head("pareto", i18n.phrase("pareto", lang), i18n.phrase("pareto", lang), numeric=False, keep=True),
            cells,
            records,
        )
    ]


def comparison_records(
    comparison: Comparison,
    *,
    order: Sequence[int] | None = None,
    extras: Sequence[Extra] = (),
    sources: bool = False,
    columns: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """The JSON of a comparison: :meth:`Comparison.to_records` (of ``columns``, default the
    comparison's) with rank, score and Pareto fields merged in, in display order."""
    records = comparison.to_records(columns, sources=sources)
    for e in extras:
        for i, (rec, value) in enumerate(zip(records, e.records, strict=True)):
            rec[e.head.key] = value
            if e.flags is not None:
                rec[f"{e.head.key} flags"] = e.flags[i]
    order = list(order) if order is not None else list(range(len(records)))
    return [records[i] for i in order]


def comparison_delimited(
    comparison: Comparison,
    *,
    order: Sequence[int] | None = None,
    extras: Sequence[Extra] = (),
    sources: bool = False,
    long: bool = False,
    delimiter: str = ",",
    columns: Sequence[str] | None = None,
) -> str:
    """CSV or TSV of a comparison, lossless: full precision, empty for unknown, units in the
    headers, flags and (with ``sources``) provenance in columns of their own. ``long``
    writes one row per chip and column instead."""
    records = comparison_records(comparison, order=order, extras=extras, sources=sources, columns=columns)
    shown = list(columns or comparison.columns)
    names = [comparison.label(n) for n in shown]
    extra_keys = [k for e in extras for k in (e.head.key, *([f"{e.head.key} flags"] if e.flags is not None else []))]
    prov = (
        ["written", "source", "urls", "confidence", "note", "direction", "sparsity", "alternatives"] if sources else []
    )
    if long:
        heads = ["id", "name", "vendor", *extra_keys, "column", "value", "unit", "flags", "precision", "missing", *prov]
        rows = []
        for rec in records:
            for n in names:
                cell = rec[n]
                rows.append(
                    [rec["id"], rec["name"], rec["vendor"], *(_plain(rec.get(k)) for k in extra_keys), n,
                     _plain(cell["value"]), cell["unit"], ";".join(cell["flags"]), cell.get("precision") or "",
                     ";".join(cell.get("missing", [])), *(_prov(cell, k) for k in prov)]
                )  # fmt: skip
        return render_delimited(heads, rows, delimiter)
    units = {n: rec[n]["unit"] for rec in records[:1] for n in names}
    heads = ["id", "name", "vendor", *extra_keys]
    uses = {comparison.label(n): uses_compute(n) for n in shown}
    for n in names:
        heads.append(f"{n} ({units[n]})" if units.get(n) else n)
        heads.append(f"{n} flags")
        if uses[n]:
            heads.append(f"{n} precision")
        heads += [f"{n} {k}" for k in prov]
    rows = []
    for rec in records:
        row = [rec["id"], rec["name"], rec["vendor"], *(_plain(rec.get(k)) for k in extra_keys)]
        for n in names:
            cell = rec[n]
            row += [_plain(cell["value"]), ";".join(cell["flags"])]
            if uses[n]:
                row.append(cell.get("precision") or "")
            row += [_prov(cell, k) for k in prov]
        rows.append(row)
    return render_delimited(heads, rows, delimiter)


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(map(str, value))
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _prov(cell: Mapping[str, Any], key: str) -> str:
    value = cell.get(key)
    if value is None:
        return ""
    if key == "alternatives":
        return "; ".join(
            f"{a['written']} ({', '.join(a['source'])})" + (f": {a['note']}" if a.get("note") else "") for a in value
        )
    if isinstance(value, list):  # one slot per source, empty where it has no url
        return ";".join("" if v is None else str(v) for v in value)
    return str(value)


# --- the other views ---------------------------------------------------------------------


def provenance_lines(comparison: Comparison, columns: Sequence[str] | None = None, lang: str = "en") -> list[str]:
    """Every shown field value with its sources (title and url), confidence, annotations,
    full note and other published figures: what ``--sources`` prints under a table."""
    lines: list[str] = []
    for i, chip in enumerate(comparison.chips):
        for name in columns or comparison.columns:
            path = comparison.source_field(name, i)
            if path is None or path not in chip.entries or name in METRICS:
                continue
            lines += value_lines(chip, path, lang)
    return lines


def value_lines(chip: Spec, path: str, lang: str = "en") -> list[str]:
    """One value with everything known of where it comes from."""
    p = chip.provenance(path)
    where = "; ".join(
        f"{s.key}"
        + (f" — {s.title}" if s.title else "")
        + (f" <{s.url}>" if s.url else "")
        + (f" ({i18n.phrase('read via a copy', lang)} <{s.via}>)" if s.via else "")
        for s in p.sources
    )
    head = f"{i18n.chip_label(chip, lang)}, {i18n.label(path, lang)} = {_as_published(p)}"
    detail = [f"{i18n.phrase('source', lang)}: {where or DASH}" + ("" if p.explicit else " (the sheet's sources)")]
    if p.confidence:
        detail.append(p.confidence)
    detail += [f"{k}: {v}" for k, v in p.annotations]
    if p.physical_text is not None:
        detail.append(f"{i18n.phrase('physical size', lang)}: {p.physical_text}")
    if p.preferred_source:
        detail.append(f"{i18n.phrase('from an alternative source', lang)} {p.preferred_source}")
    if p.sheet and p.sheet != chip.id:
        detail.append(f"from {p.sheet}")
    lines = [f"{head}: " + "; ".join(detail)]
    if p.note:
        lines.append(f"    {p.note}")
    for a in p.alternatives:
        lines.append(
            f"    {i18n.phrase('other figures', lang)}: {readable(a)} ({_sources(a)})"
            + (f", {a.confidence}" if a.confidence else "")
            + (f": {a.note}" if a.note else "")
        )
    return lines


def catalog_table(catalog: Catalog, lang: str = "en") -> Table:
    """``chipspec list``: id, vendor, name, category, status, released."""
    keys = ("id", "vendor", "name", "category", "status", "released")
    heads = [Head(k, i18n.label(k, lang), numeric=False) for k in keys]
    rows = []
    for c in catalog:
        vendor = i18n.vendor_label(c.vendor, lang, catalog.vendors)
        values = [c.id, vendor, c.name, c.category, c.status, c.released]
        row = [Cell(DASH) if v is None else Cell(str(v), raw=v) for v in values]
        if c.status is not None:
            row[4] = Cell(i18n.phrase(str(c.status), lang), raw=c.status)
        rows.append(row)
    return Table(heads, rows, lang=lang)


def chip_table(
    chip: Spec,
    comparison: Comparison,
    export: Any = None,
    *,
    sources: bool = False,
    all_fields: bool = False,
    lang: str = "en",
) -> Table:
    """``chipspec show``: every field (with its source), derived metrics, the export class
    and the ``extra`` section."""
    heads = [
        Head("field", i18n.phrase("field", lang), numeric=False),
        Head("value", i18n.phrase("value", lang), numeric=False, flags=True, cell_units=True),
    ]
    if sources:
        heads += [Head("source", "source", numeric=False), Head("confidence", "confidence", numeric=False)]
    rows: list[list[Cell]] = []
    footnotes: list[Footnote] = []
    for path in FIELDS:
        if path not in chip.entries:
            if all_fields:
                rows.append([Cell(path, raw=path), Cell(DASH)] + ([Cell(""), Cell("")] if sources else []))
            continue
        p = chip.provenance(path)
        marks = _marks(p.flags)
        shown = i18n.phrase(p.text, lang) if path == "status" else _as_published(p)
        row = [Cell(path, raw=path), _value_cell(p, shown, FIELDS[path].unit or "")]
        if sources:
            own = ", ".join(s.key for s in p.sources) if p.explicit else i18n.phrase("(the sheet's sources)", lang)
            if p.sheet and p.sheet != chip.id:
                own += f" (from {p.sheet})"
            row += [Cell(own or DASH, raw=own), Cell(p.confidence or DASH, raw=p.confidence)]
        rows.append(row)
        if marks:
            footnotes.append(Footnote(marks, f"{path}: {flag_text(chip, path, p.flags, None, lang)}"))
    for name in METRICS:
        col = comparison.column(name)
        cell = comparison_cell(comparison, name, 0)
        unit = f" {col.unit}" if col.unit and cell.text != DASH else ""
        missing = ", ".join(i18n.label(m, lang) for m in col.missing[0])
        text = cell.text + unit if cell.text != DASH else f"{DASH} ({i18n.phrase('missing', lang)} {missing})"
        row = [Cell(name, raw=name), Cell(text, cell.number, cell.marks, raw=cell.number, unit=col.unit or "")]
        rows.append(row + ([Cell(i18n.phrase("(derived)", lang)), Cell("")] if sources else []))
    for name in MEASURED_COLUMNS:  # what the chip achieved beside its peak, where measured
        cell = comparison_cell(comparison, name, 0)
        if cell.text == DASH:
            continue
        unit = comparison.column(name).unit
        row = [Cell(name, raw=name), Cell(cell.text + (f" {unit}" if unit else ""), cell.number, raw=cell.number)]
        rows.append(row + ([Cell(i18n.phrase("(measured)", lang)), Cell("")] if sources else []))
    if export is not None:
        for c in export.classifications:
            result = export_class(c, lang)
            rows.append(
                [Cell(f"{i18n.phrase('export', lang)}: {c.rule.name}"), Cell(result, raw=c.result)]
                + ([Cell(c.rule.citation), Cell("")] if sources else [])
            )
    for key, value in _flat_extra(chip.extra_data, person=True):
        rows.append(
            [Cell(f"extra.{key}", raw=f"extra.{key}"), Cell(value, raw=value)]
            + ([Cell(""), Cell("")] if sources else [])
        )
    notes: list[str | i18n.Hint] = list(measurement_lines(chip, lang))
    if sources and chip.sources:
        notes.append(i18n.phrase("sources:", lang))
        notes += [
            f"  {k}: {s.title or ''} {s.url or i18n.phrase('(no url)', lang)}".rstrip()
            + (f" ({i18n.phrase('read via a copy', lang)} <{s.via}>)" if s.via else "")
            for k, s in chip.sources.items()
        ]
        for path in chip.entries:
            p = chip.provenance(path)
            if p.note or p.alternatives:
                notes += [f"  {path}: {line.strip()}" for line in value_lines(chip, path, lang)[1:]]
    title = f"{i18n.chip_label(chip, lang)} ({chip.id})"
    if chip.aliases:
        title += f"\n{i18n.phrase('aliases', lang)}: {', '.join(chip.aliases)}"
    if chip.extends:
        title += f"\n{i18n.phrase('extends', lang)}: {chip.extends}"
    return Table(heads, rows, footnotes, notes, lang, title)


def bytes_text(text: str) -> str:
    """A raw byte count (``201326592 B``) as a person reads it (``192 MiB``); other text as is."""
    import re

    m = re.fullmatch(r"(\d+) ?(B|bytes?)", text.strip())
    if m is None:
        return text
    count = int(m.group(1))
    for name, size in _BINARY.items():
        if count >= size and count % size == 0:
            return f"{format_number(count / size)} {name}"
    return f"{format_number(count / 1e9)} GB" if count >= 10**9 else f"{format_number(count / 1e6)} MB"


def measurement_lines(chip: Spec, lang: str = "en") -> list[str]:
    """``show``: every measurement of the chip, with what was measured, how, on what
    software, by whom, when, and where it stands (url and quote or result id)."""
    if not chip.measured:
        return []
    out = [f"{i18n.phrase('measurements', lang)}:"]
    for m in chip.measured:
        stack = m.stack or i18n.phrase("not stated", lang)
        tool = f", {m.tool}" if m.tool else ""
        out.append(
            f"  {m.what}: {m.written} ({m.method}{tool}; {i18n.phrase('stack', lang)}: {stack}; "
            f"{i18n.phrase(m.by, lang)}, {m.date or i18n.phrase('no date', lang)}; "
            f"{m.confidence or i18n.phrase('not stated', lang)})"
        )
        out.append(f"    {m.source.url} {m.cite}")
    return out


def _flat_extra(data: Mapping[str, Any], prefix: str = "", person: bool = False) -> list[tuple[str, str]]:
    """The ``extra`` section as (dotted key, text); for a ``person`` (tables, not JSON) a
    raw byte count reads in binary units."""
    from ..spec import ExtraValue

    out: list[tuple[str, str]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out += _flat_extra(value, name + ".", person)
        elif isinstance(value, ExtraValue):
            out.append((name, bytes_text(value.text) if person else value.text))
        elif isinstance(value, tuple):
            out.append((name, ", ".join(v.text if isinstance(v, ExtraValue) else str(v) for v in value)))
        else:
            out.append((name, str(value)))
    return out


def diff_table(a: Spec, b: Spec, *, sources: bool = True, lang: str = "en") -> Table:
    """``chipspec diff``: field by field what differs between two chips, with sources."""
    heads = [
        Head("field", i18n.phrase("field", lang), numeric=False),
        Head(a.id, i18n.chip_label(a, lang), numeric=False, flags=True, cell_units=True, keep=True),
        Head(b.id, i18n.chip_label(b, lang), numeric=False, flags=True, cell_units=True, keep=True),
    ]
    if sources:
        heads += [
            Head(f"{a.id} source", f"{a.id} source", numeric=False),
            Head(f"{b.id} source", f"{b.id} source", numeric=False),
        ]
    rows = []
    same = 0
    for path in FIELDS:
        pa, pb = a.entries.get(path), b.entries.get(path)
        if pa is None and pb is None:
            continue
        ta, tb = (readable(pa) if pa else DASH), (readable(pb) if pb else DASH)
        if pa is not None and pb is not None and pa.number is not None and pb.number is not None:
            differs = f"{pa.number:.12g}" != f"{pb.number:.12g}"
        else:
            differs = ta != tb
        if not differs:
            same += 1
            continue
        unit = FIELDS[path].unit or ""
        row = [
            Cell(path, raw=path),
            _value_cell(pa, ta, unit),
            _value_cell(pb, tb, unit),
        ]
        if sources:
            row += [
                Cell(_sources(a.provenance(path)) if pa else DASH),
                Cell(_sources(b.provenance(path)) if pb else DASH),
            ]
        rows.append(row)
    notes: list[str | i18n.Hint] = [
        i18n.phrase("{same} field(s) the same; {differ} differ", lang).format(same=same, differ=len(rows))
    ]
    return Table(heads, rows, [], notes, lang, i18n.phrase("{a} vs {b}", lang).format(a=a.id, b=b.id))


def _value_cell(p: Provenance | None, text: str, unit: str) -> Cell:
    """A field's value for show and diff: the text as written, and for machine formats the
    number in the field's canonical unit (or the text), None when unknown."""
    if p is None:
        return Cell(DASH)
    return Cell(text, p.number, _marks(p.flags), raw=p.text, unit=unit if p.number is not None else "")


def metrics_table(lang: str = "en") -> Table:
    """``chipspec metrics``: every metric with its formula, unit and direction."""
    heads = [
        Head(k, i18n.phrase(k, lang), numeric=False) for k in ("metric", "formula", "unit", "better", "description")
    ]
    rows = [
        [
            Cell(m.name, raw=m.name),
            Cell(m.formula, raw=m.formula),
            Cell(m.unit or "1", raw=m.unit),
            Cell(i18n.phrase(m.direction or "none (a property)", lang), raw=m.direction),
            Cell(i18n.phrase(m.description, lang), raw=m.description),
        ]
        for m in METRICS.values()
    ]
    notes: list[str | i18n.Hint] = [i18n.Hint("compute-precision")]
    return Table(heads, rows, [], notes, lang)


def problems_lines(problems: Iterable[Problem]) -> list[str]:
    """Problems as ``file:line: field: message`` lines (warnings prefixed)."""
    return [f"warning: {p}" if p.check else str(p) for p in problems]


def export_class(c: Any, lang: str = "en") -> str:
    """A classification's cell: the class, what is missing when undetermined, and the other
    readings' classes when a counting convention changes it."""
    w = i18n.phrase
    if c.result is None:
        text = w("undetermined", lang)
        if c.missing:
            text += f" ({w('missing', lang)} {', '.join(c.missing)})"
    else:
        text = w(c.result, lang)
    if c.depends_on:
        others = "; ".join(
            w("{other} with {reading}", lang).format(
                other=w(result, lang) if result is not None else w("undetermined", lang), reading=w(label, lang)
            )
            for label, result in c.by_reading
        )
        text += f"（{others}）" if lang == "zh" else f" ({others})"
    return text


def export_table(results: Sequence[Any], lang: str = "en") -> Table:
    """The table of :func:`chipspec.export_control` results, with the margins, the other
    readings of the counting conventions, why a class did not come from the thresholds, the
    rules cited (what kind of requirement each is, and the conditions no sheet can decide)
    and the notice as notes."""
    from ..lenses.export_control import CONVENTIONS, KINDS, NOTICE, RULES

    w = i18n.phrase
    rules = [c.rule.name for c in results[0].classifications] if results else []
    heads = [
        Head("chip", w("chip", lang), w("chip", lang), numeric=False),
        Head("tpp", "TPP", "TPP", flags=True),
        Head("tpp_precision", w("TPP precision", lang), w("from", lang), numeric=False),
        Head("performance_density", "PD", "PD", "/mm²", flags=True),
        Head("io_bandwidth", w("chip I/O", lang), "I/O", "GB/s", flags=True),
        Head("dram_bandwidth", w("DRAM bandwidth", lang), "DRAM", "GB/s", flags=True),
        *(Head(r, r, r, numeric=False, keep=True) for r in rules),
    ]
    rows: list[list[Cell]] = []
    margins: list[str] = []
    readings: list[str] = []
    reasons: list[str] = []
    footnotes: list[Footnote] = []
    used: set[str] = set()
    for res in results:
        name = i18n.chip_label(res.chip, lang)
        f = res.figures
        row = [Cell(name, raw=res.chip.id)]
        for figure in ("tpp", "tpp_precision", "performance_density", "io_bandwidth", "dram_bandwidth"):
            if figure == "tpp_precision":
                row.append(Cell(f.tpp_precision or DASH, raw=f.tpp_precision))
                continue
            value = f.get(figure)
            marks = _marks(f.flags.get(figure, ()))
            row.append(EMPTY_CELL if value is None else Cell(format_number(value), value, marks))
        if f.other_readings and f.tpp is not None:
            first = f.readings[0]
            labels = ", ".join(
                w(CONVENTIONS[n].default_label, lang) for r in f.other_readings for n in r.reading.others
            )
            alts = "; ".join(
                w("{tpp} with {reading}", lang).format(tpp=f"{r.tpp:,.0f}", reading=w(r.reading.label, lang))
                for r in f.other_readings
                if r.tpp is not None
            )
            readings.append(f"  {name}: TPP {first.tpp:,.0f} ({first.tpp_precision}, {labels}); {alts}")
            used.update(n for r in f.other_readings for n in r.reading.others)
        for c in res.classifications:
            row.append(Cell(export_class(c, lang), raw=c.result))
            if c.margin is not None:
                margins.append(f"  {name}, {c.rule.name}: {margin_text(c.margin, lang)}")
            if c.depends_on:
                readings.append(
                    f"  {name}, {c.rule.name}: "
                    + w("the class depends on the counting convention ({names})", lang).format(
                        names=", ".join(c.depends_on)
                    )
                )
            if c.reason:
                reasons.append(f"  {name}, {c.rule.name}: {_reason(c.reason, lang)}")
        rows.append(row)
        for figure, kinds in f.flags.items():
            if kinds and f.get(figure) is not None and figure in {h.key for h in heads}:
                footnotes.append(
                    Footnote(
                        _marks(kinds),
                        w(
                            "{name}, {figure}: rests on values flagged as {kinds} (see chipspec show {id} --sources)",
                            lang,
                        ).format(
                            name=name,
                            figure=w(figure, lang),
                            kinds=", ".join(w(k, lang) for k in sorted(kinds)),
                            id=res.chip.id,
                        ),
                    )
                )
    notes: list[str | i18n.Hint] = []
    if margins:
        notes += [w("margins (nearest threshold that would change the class):", lang), *margins, ""]
    if readings:
        notes += [w("counting conventions (the other reading of the rule's bit length):", lang), *readings]
        notes += [f"  {n}: {w(CONVENTIONS[n].reason, lang)}" for n in CONVENTIONS if n in used]
        notes.append("")
    if reasons:
        notes += [w("why (not from the thresholds):", lang), *reasons, ""]
    if rules:
        day = results[0].as_of
        notes.append(w("rules:", lang))
        for name in rules:
            rule = RULES[name]
            until = f" {w('to', lang)} {rule.superseded}" if rule.superseded else ""
            early = ""
            if rule.early is not None:
                parts = ", ".join(p.name for p in rule.early.parts)
                early = f" ({rule.early.date} {w('for', lang)} {parts})"
            notes.append(f"  {name}: {rule.citation}, {w('in force from', lang)} {rule.effective}{early}{until}")
            notes.append(f"  · {w(KINDS[rule.kind], lang)}")
            if rule.destinations:
                notes.append(f"  · {w('destinations', lang)}: {w(rule.destinations, lang)}")
            for text in rule.unmodelled:
                notes.append(f"  · {w('not decided by the sheets', lang)}: {w(text, lang)}")
            for event in rule.history:
                if day is None or event.date <= day:
                    notes.append(f"  · {event.date}: {w(event.text, lang)} ({event.source})")
    elif results:
        first_day = min(r.first_effective for r in RULES.values())
        day = results[0].as_of
        notes.append(
            w("no US export rule was in force on {day} (the first took effect on {first})", lang).format(
                day=day, first=first_day
            )
        )
    notes += ["", NOTICE if lang == "en" else w(NOTICE, lang)]
    return Table(heads, rows, footnotes, notes, lang)


def margin_text(m: Any, lang: str = "en") -> str:
    """A :class:`~chipspec.lenses.export_control.Margin` in ``lang`` (English: its ``str``)."""
    if lang == "en":
        return str(m)
    from ..lenses.export_control import RULE_FIGURES

    w = i18n.phrase
    unit = RULE_FIGURES[m.figure].unit

    def fmt(x: float) -> str:
        return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"

    side = w("below", lang) if m.value < m.threshold else w("above", lang)
    text = w("{figure} {value}: {percent}% {side} the {line} line at {threshold}", lang).format(
        figure=w(RULE_FIGURES[m.figure].label, lang),
        value=f"{fmt(m.value)}{unit}",
        percent=f"{m.percent:.1f}",
        side=side,
        line=w(m.line, lang),
        threshold=f"{fmt(m.threshold)}{unit}",
    )
    if m.via.startswith("where density reaches "):
        text += w("(where density reaches {0})", lang).format(m.via.removeprefix("where density reaches "))
    if m.becomes == "undetermined":
        text += w("(across it an unknown figure decides)", lang)
    return text


def _reason(reason: str, lang: str) -> str:
    """A classification's reason in ``lang``: fixed phrases, or a phrase with a date."""
    if lang == "en":
        return reason
    import re

    for pattern, key in (
        (r"in force for this part from (\S+) \((.*)\)", "in force for this part from {0} ({1})"),
        (r"in force for this part from (\S+)", "in force for this part from {0}"),
        (
            r"released (\S+), after (\S+): not on sale when the rule was published",
            "released {0}, after {1}: not on sale when the rule was published",
        ),
    ):
        m = re.fullmatch(pattern, reason)
        if m:
            return i18n.phrase(key, lang).format(*m.groups())
    return i18n.phrase(reason, lang)


def compute_for(comparison: Comparison, i: int) -> str | None:
    """The compute field a chip's ``compute`` column reads (for messages)."""
    used = comparison.precision_used[i]
    return None if used is None else compute_field(used)


def chip_record(chip: Spec, comparison: Comparison, export: Any = None) -> dict[str, Any]:
    """``chipspec show --format json``: every field with its provenance, the metrics, the
    export classes and ``extra``."""
    fields: dict[str, Any] = {}
    for path in chip:
        p = chip.provenance(path)
        fields[path] = {
            "value": p.number if p.number is not None and FIELDS[path].kind.physical else p.text,
            "unit": FIELDS[path].unit,
            "written": p.text,
            "flags": sorted(p.flags),
            "source": [s.key for s in p.sources],
            "sheet_sources": not p.explicit,
            "confidence": p.confidence,
            "note": p.note,
            **dict(p.annotations),
            "alternatives": [
                {"written": a.text, "source": [s.key for s in a.sources], "confidence": a.confidence, "note": a.note}
                for a in p.alternatives
            ],
            "sheet": p.sheet,
        }
    return {
        "id": chip.id,
        "name": chip.name,
        "vendor": chip.vendor,
        "aliases": list(chip.aliases),
        "extends": chip.extends,
        "fields": fields,
        "metrics": {name: comparison.cell_record(name, 0) for name in METRICS},
        "precision": comparison.precision,
        "export_control": [c.to_record() for c in export.classifications] if export is not None else [],
        "extra": dict(_flat_extra(chip.extra_data)),
        "sources": {k: {"title": s.title, "url": s.url, "via": s.via} for k, s in chip.sources.items()},
        "measured": [m.to_record() for m in chip.measured],
    }


# --- the LLM workload lens -----------------------------------------------------------------


def serving_table(servings: Sequence[Any], lang: str = "en", flags: bool = True) -> Table:
    """One row per chip and scenario of LLM serving estimates (:class:`~chipspec.lenses.llm.Serving`):
    the chip, the scenario when there are several, then the table figures; ``fits`` reads
    yes or no. The notes say what every figure assumes."""
    first = servings[0]
    several = len(servings) > 1
    base = comparison_table(first, lang=lang, flags=flags)
    heads = base.heads[:1]
    if several:
        heads += [
            Head("batch", i18n.phrase("batch", lang), i18n.phrase("Batch", lang), ""),
            Head("context", i18n.phrase("context", lang), i18n.phrase("Ctx", lang), "tokens"),
        ]
    heads += base.heads[1:]
    rows: list[list[Cell]] = []
    footnotes: list[Footnote] = []
    notes: list[str | i18n.Hint] = []
    for serving in servings:
        table = base if serving is first else comparison_table(serving, lang=lang, flags=flags)
        fits = list(serving.columns).index("fits") + 1 if "fits" in serving.columns else None
        for row in table.rows:
            cells = list(row)
            if fits is not None and cells[fits].number is not None:
                cell = cells[fits]
                cells[fits] = Cell(i18n.phrase("yes" if cell.number else "no", lang), cell.number, cell.marks)
            for j, name in enumerate(serving.columns, start=1):
                number = cells[j].number
                if name in ("max_batch", "min_chips", "critical_batch") and number is not None:
                    cells[j] = Cell(f"{int(number):,}", number, cells[j].marks)
            if several:
                sc = serving.scenario
                cells[1:1] = [Cell(str(sc.batch), sc.batch), Cell(str(sc.context), sc.context)]
            rows.append(cells)
        footnotes += [f for f in table.footnotes if f not in footnotes]
        notes += [n for n in table.notes if n not in notes]
    m, sc = first.model, first.scenario
    scenario = (
        ""
        if several
        else i18n.phrase("batch {batch}, context {context} tokens (prompt {prompt}); ", lang).format(
            batch=sc.batch, context=f"{sc.context:,}", prompt=f"{sc.prompt:,}"
        )
    )
    notes.insert(0, f"{m.name}: {scenario}" + i18n.phrase("; ", lang).join(first.assumptions(lang)))
    notes += calibration_notes(first, lang)
    notes += published_notes(first, lang)
    return Table(heads, rows, footnotes, notes, lang)


def calibration_notes(serving: Any, lang: str = "en") -> list[str | i18n.Hint]:
    """What each chip's calibrated estimate rests on: the measured efficiencies used, with
    their sources, or "none" (then there is no estimate)."""
    if "calibrated_tokens_per_second_per_chip" not in serving.columns:
        return []
    items = []
    for chip, cal, used in zip(serving.chips, serving.calibrations(), serving.precision_used, strict=True):
        parts = []
        if cal.matmul is not None:
            m = cal.matmul
            parts.append(
                i18n.phrase("matmul {precision} {ratio} ({source}, {date})", lang).format(
                    precision=m.precision,
                    ratio=f"{cal.compute_efficiency:.2f}",
                    source=m.source.key,
                    date=m.date or i18n.phrase("no date", lang),
                )
            )
        elif cal.memory is not None:
            parts.append(i18n.phrase("matmul {precision} none", lang).format(precision=used or "-"))
        if cal.memory is not None:
            m = cal.memory
            parts.append(
                i18n.phrase("memory {ratio} ({source}, {date})", lang).format(
                    ratio=f"{cal.memory_efficiency:.2f}",
                    source=m.source.key,
                    date=m.date or i18n.phrase("no date", lang),
                )
            )
        elif cal.matmul is not None:
            parts.append(i18n.phrase("memory none", lang))
        label = i18n.chip_label(chip, lang)
        items.append(f"{label}: {', '.join(parts) if parts else i18n.phrase('none', lang)}")
    return [
        i18n.phrase(
            "calibrated estimate (the roofline at measured / peak; an estimate, not a bound): {items}", lang
        ).format(items="; ".join(items))
    ]


def published_notes(serving: Any, lang: str = "en") -> list[str | i18n.Hint]:
    """Published serving measurements of this model at this ISL/OSL and group, beside the
    lens's bound for the run and their ratio (the bound at the largest batch that fits:
    what a maximum-throughput run is compared with)."""
    from ..lenses.llm.calibrate import matching, serving_bound

    sc = serving.scenario
    if sc.generate is None:
        return []
    out: list[str | i18n.Hint] = []
    for chip in serving.chips:
        for m in matching(chip, serving.model.id, sc.prompt, sc.generate, serving.settings.group_size):
            batch, bound = serving_bound(m, chip)
            if not batch >= 1:
                continue
            out.append(
                i18n.phrase(
                    "published measurement: {chip} {value} ({source}: {cite}); the lens's bound at the largest "
                    "batch that fits is {bound} tokens/s (batch {batch}): measured / bound {ratio}",
                    lang,
                ).format(
                    chip=i18n.chip_label(chip, lang),
                    value=m.written,
                    source=m.source.url,
                    cite=m.cite,
                    bound=f"{bound:,.0f}",
                    batch=f"{batch:,}",
                    ratio=f"{m.value / bound:.2f}",
                )
            )
    return out


def serving_records(servings: Sequence[Any]) -> list[dict[str, Any]]:
    """The JSON of ``chipspec llm``: one object per chip and scenario."""
    return [r for s in servings for r in s.records()]


def models_table(models: Mapping[str, Any], lang: str = "en") -> Table:
    """The bundled models (``chipspec llm --list``): structure and computed size."""

    def head(key: str, long: str, short: str, unit: str = "", numeric: bool = True) -> Head:
        return Head(key, i18n.phrase(long, lang), i18n.phrase(short, lang), unit, numeric=numeric)

    heads = [
        head("model", "model", "model", numeric=False),
        head("name", "name", "name", numeric=False),
        head("attention", "attention", "attention", numeric=False),
        head("layers", "layers", "layers"),
        head("parameters", "parameters", "params", "B"),
        head("active", "active parameters", "active", "B"),
        head("kv", "KV cache per token at 16-bit", "KV/tok", "KiB"),
        head("context", "maximum context", "ctx", "tokens"),
    ]
    rows = []
    for model_id, m in models.items():
        params, active = m.parameters() / 1e9, m.active_parameters() / 1e9
        kv = m.kv_elements_per_token() * 2 / 1024
        rows.append(
            [
                Cell(model_id, raw=model_id),
                Cell(m.name, raw=m.name),
                Cell(m.attention + (f", MoE {m.active_experts}/{m.experts}" if m.moe else ""), raw=m.attention),
                Cell(str(m.layers), m.layers),
                Cell(format_number(params), params),
                Cell(format_number(active), active),
                Cell(format_number(kv), kv),
                Cell(f"{m.max_context:,}" if m.max_context else DASH, m.max_context),
            ]
        )
    notes: list[str | i18n.Hint] = [
        i18n.phrase(
            "parameters and KV are computed from each model's structure (embeddings included, MTP layers not)", lang
        )
    ]
    return Table(heads, rows, [], notes, lang)
