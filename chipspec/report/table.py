"""Comparison -> text: tabulate formats, CSV and JSON, with units, flags and footnotes."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..compare import Comparison
from ..errors import UnknownNameError
from ..i18n import chip_label, label, phrase
from ..metrics import COMPUTE, METRICS, uses_compute
from ..spec import FIELDS, Provenance, Spec, suggest
from ..units import format_quantity, is_quantity

__all__ = ["FORMATS", "Table", "build_table", "format_number", "render"]

DASH = "—"
FLAG = "*"
FELL_BACK = "†"


def _tabulate_formats() -> tuple[str, ...]:
    from tabulate import tabulate_formats

    return tuple(tabulate_formats)


# Every output format: tabulate's own, plus csv and json written with the standard library.
FORMATS: tuple[str, ...] = (*_tabulate_formats(), "csv", "json")


def format_number(value: float, digits: int = 4) -> str:
    """A number to ``digits`` significant digits, without exponent or trailing zeros.

    >>> format_number(153.0161), format_number(0.0270270), format_number(14000.0)
    ('153', '0.02703', '14000')
    """
    if value == 0 or not math.isfinite(value):
        return str(value)
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, digits - 1 - magnitude)
    text = f"{round(value, decimals):.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@dataclass
class Extra:
    """A column that is not a metric or field: rank, score, a score share, Pareto status."""

    name: str
    values: list[str]


@dataclass
class Table:
    """A rendered-to-strings table before formatting: rows are chips, in display order."""

    headers: list[str]
    rows: list[list[str]]
    footnotes: list[str] = field(default_factory=list)
    corner: str = ""


def _flag_note(chip: Spec, path: str, p: Provenance, lang: str, prefer: str | None) -> str | None:
    """The footnote for a flagged value, or None when nothing needs saying.

    Normally a value is flagged when it carries a note, a confidence other than official,
    or other published figures. With a preferred source, the table shows that document's
    figures, so only values that differ from the catalog's (taken from an alternative) or
    that the document does not give are flagged.
    """
    parts: list[str] = []
    if prefer is not None:
        if p.cites(prefer) and not p.preferred_source:
            return None
        if not p.preferred_source:
            parts.append(f"{phrase('not in', lang)} {prefer}")
    if p.preferred_source:
        parts.append(f"{phrase('from an alternative source', lang)} {p.preferred_source}")
    elif p.confidence and p.confidence != "official":
        keys = ", ".join(s.key for s in p.sources) if p.explicit else ""
        parts.append(p.confidence + (f" ({keys})" if keys else ""))
    if p.note:
        parts.append(brief(p.note))
    if p.alternatives:
        alts = []
        for a in p.alternatives:
            value = format_quantity(a.value, a.unit) if is_quantity(a.value) else str(a.value)
            src = ", ".join(s.key for s in a.sources)
            alts.append(f"{value}" + (f" ({src})" if src else ""))
        parts.append(f"{phrase('other figures', lang)}: {'; '.join(alts)}")
    if not parts:
        return None
    return f"{FLAG} {chip_label(chip, lang)}, {label(path, lang)}: " + "; ".join(parts)


def brief(note: str, limit: int = 110) -> str:
    """The first sentence of a note, cut to ``limit`` characters (the rest is in ``--sources``)."""
    first = re.split(r"(?<!\.)\.\s", note, maxsplit=1)[0].rstrip(".")  # an ellipsis does not end it
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _cell(comparison: Comparison, name: str, i: int) -> str:
    col = comparison.column(name)
    raw = col.values[i]
    if col.is_text:
        return DASH if raw is None else str(raw)
    return DASH if math.isnan(raw) else format_number(float(raw))


def build_table(
    comparison: Comparison,
    columns: Sequence[str] | None = None,
    *,
    order: Sequence[int] | None = None,
    extras: Sequence[Extra] = (),
    lang: str = "en",
    flags: bool = True,
    prefer: str | None = None,
) -> Table:
    """Strings for every cell, with flags (*, †, —) and the footnotes that explain them.

    Args:
        comparison: the chips and their columns.
        columns: the metric/field columns to show (default: the comparison's).
        order: row order as indices into ``comparison.chips`` (default: as given).
        extras: rank/score/Pareto columns, shown first, aligned with the chips.
        lang: ``en`` or ``zh`` labels.
        flags: mark values that carry notes or other figures, and footnote them.
        prefer: the source key the chips were loaded preferring, if any (changes what
            is flagged: see ``_flag_note``).
    """
    names = list(columns or comparison.columns)
    for n in names:
        comparison.column(n)  # raises UnknownNameError for a bad name
    order = list(order) if order is not None else list(range(len(comparison.chips)))
    headers = [phrase("chip", lang)] + [label(e.name, lang) for e in extras]
    for n in names:
        unit = comparison.column(n).unit
        headers.append(label(comparison.label(n), lang) + (f" ({unit})" if unit else ""))
    rows: list[list[str]] = []
    notes: list[str] = []
    missing_notes: dict[str, dict[str, list[str]]] = {}
    fallback_notes: list[str] = []
    for i in order:
        chip = comparison.chips[i]
        row = [chip_label(chip, lang)] + [e.values[i] for e in extras]
        for n in names:
            text = _cell(comparison, n, i)
            path = comparison.label(n) if n == COMPUTE else n
            if text == DASH and n in METRICS:
                for m in comparison.column(n).missing[i]:
                    missing_notes.setdefault(chip_label(chip, lang), {}).setdefault(m, []).append(label(n, lang))
            if text != DASH and flags and path in FIELDS:
                p = chip.provenance(path) if path in chip.entries else None
                note = _flag_note(chip, path, p, lang, prefer) if p else None
                if note:
                    text += FLAG
                    if note not in notes:
                        notes.append(note)
            if text != DASH and uses_compute(n) and comparison.fell_back[i]:
                text += FELL_BACK
                used = comparison.precision_used[i]
                fb = (
                    f"{FELL_BACK} {chip_label(chip, lang)}: {phrase('fell back to', lang)} {used} "
                    f"({comparison.precision} {phrase('unknown', lang)})"
                )
                if fb not in fallback_notes:
                    fallback_notes.append(fb)
            row.append(text)
        rows.append(row)
    footnotes = notes + fallback_notes
    for chip_name, by_field in missing_notes.items():
        for missing, metrics in by_field.items():
            footnotes.append(
                f"{DASH} {chip_name}: {phrase('not computable', lang)} ({', '.join(metrics)}), "
                f"{phrase('missing', lang)} {missing}"
            )
    return Table(headers, rows, footnotes)


def transpose(table: Table, lang: str = "en") -> Table:
    """Parameters as rows and chips as columns (the report's layout)."""
    headers = [phrase("parameter", lang)] + [row[0] for row in table.rows]
    rows = [[table.headers[j]] + [row[j] for row in table.rows] for j in range(1, len(table.headers))]
    return Table(headers, rows, table.footnotes)


def render(table: Table, fmt: str = "simple") -> str:
    """A Table as text in a tabulate format or ``csv``; footnotes follow the table."""
    if fmt not in FORMATS or fmt == "json":
        raise UnknownNameError("format", fmt, suggest(fmt, FORMATS))
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(table.headers)
        writer.writerows(table.rows)
        return buffer.getvalue().rstrip("\n")
    from tabulate import tabulate

    text = tabulate(table.rows, headers=table.headers, tablefmt=fmt, disable_numparse=True)
    if table.footnotes:
        sep = "\n\n" if fmt not in ("html", "unsafehtml") else "\n"
        text += sep + "\n".join(table.footnotes)
    return text


def render_json(records: list[dict[str, Any]]) -> str:
    """Records as indented JSON (UTF-8 text, non-ASCII kept)."""
    return json.dumps(records, indent=2, ensure_ascii=False)


def provenance_lines(comparison: Comparison, columns: Sequence[str] | None = None, lang: str = "en") -> list[str]:
    """Every shown field value with its sources (title and url), confidence, full note and
    other published figures: what ``--sources`` prints under a table."""
    names = [comparison.label(n) if n == COMPUTE else n for n in (columns or comparison.columns)]
    lines: list[str] = []
    for i, chip in enumerate(comparison.chips):
        for path in names:
            if path == comparison.label(COMPUTE) and comparison.fell_back[i]:
                path = f"compute.{comparison.precision_used[i]}"
            if path not in FIELDS or path not in chip.entries:
                continue
            p = chip.provenance(path)
            value = format_quantity(p.value, p.unit) if is_quantity(p.value) else str(p.value)
            where = "; ".join(
                f"{s.key}" + (f" — {s.title}" if s.title else "") + (f" <{s.url}>" if s.url else "") for s in p.sources
            )
            head = f"{chip_label(chip, lang)}, {label(path, lang)} = {value}"
            detail = [f"{phrase('source', lang)}: {where or '—'}" + ("" if p.explicit else " (sheet)")]
            if p.confidence:
                detail.append(p.confidence)
            if p.preferred_source:
                detail.append(f"{phrase('from an alternative source', lang)} {p.preferred_source}")
            if p.sheet and p.sheet != chip.id:
                detail.append(f"from {p.sheet}")
            lines.append(f"{head}: " + "; ".join(detail))
            if p.note:
                lines.append(f"    {p.note}")
            for a in p.alternatives:
                alt = format_quantity(a.value, a.unit) if is_quantity(a.value) else str(a.value)
                src = ", ".join(s.key for s in a.sources) or "—"
                lines.append(f"    {phrase('other figures', lang)}: {alt} ({src})" + (f": {a.note}" if a.note else ""))
    return lines


def export_control_table(records: Sequence[dict[str, Any]], chips: Sequence[Spec]) -> Table:
    """The table of :func:`chipspec.export_control` records, with the margins, the rules
    cited and the notice as footnotes."""
    from ..export_rules import NOTICE, RULES

    by_id = {c.id: c for c in chips}
    rules = [r["rule"] for r in records[0]["rules"]] if records else []

    def num(cell: dict[str, Any]) -> str:
        return DASH if cell["value"] is None else format_number(cell["value"])

    headers = ["chip", "TPP", "PD (/mm²)", "chip I/O (GB/s)", "DRAM (GB/s)", *rules]
    rows: list[list[str]] = []
    margins: list[str] = []
    for rec in records:
        name = chip_label(by_id[rec["id"]])
        tpp = num(rec["tpp"]) + (f" ({rec['tpp_precision']})" if rec["tpp_precision"] else "")
        row = [name, tpp, num(rec["performance_density"]), num(rec["io_bandwidth"]), num(rec["dram_bandwidth"])]
        for r in rec["rules"]:
            row.append(r["class"] if r["class"] is not None else f"undetermined (missing {', '.join(r['missing'])})")
            if "margin" in r:
                margins.append(f"  {name}, {r['rule']}: {r['margin']['text']}")
        rows.append(row)
    notes: list[str] = []
    if margins:
        notes += ["margins (nearest threshold that would change the class):", *margins, ""]
    notes.append("rules:")
    for name in rules:
        rule = RULES[name]
        until = f" to {rule.superseded}" if rule.superseded else ""
        notes.append(f"  {name}: {rule.citation}, in force from {rule.effective}{until}")
    notes += ["", NOTICE]
    return Table(headers, rows, notes)
