"""Tables as text: the table model, a terminal renderer that fits its width, tabulate's
formats with footnotes in each format's own form, and CSV/TSV/JSON for machines.

A :class:`Table` holds cells as text plus the number behind them (so files keep full
precision while screens round), marks of doubt per cell, a legend and footnotes. The
terminal renderer (format ``terminal``, the default on screen) uses short two-line
headers (label over unit) with a legend, right-aligns numbers, measures East Asian wide
characters as two columns, and when the columns still do not fit it drops them from the
right and says which, and how to see them. File formats keep full names.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import i18n
from ..errors import UnknownNameError
from ..i18n import Hint
from ..spec import suggest
from .formats import FORMATS, MACHINE_FORMATS, TABULATE_FORMATS

__all__ = [
    "DASH",
    "FORMATS",
    "MACHINE_FORMATS",
    "MARKS",
    "TABULATE_FORMATS",
    "Cell",
    "Footnote",
    "Head",
    "Table",
    "check_format",
    "display_width",
    "format_number",
    "render",
    "render_json",
]

DASH = "—"
# One mark per kind of doubt (chipspec.spec.FLAGS), with its legend text.
MARKS: dict[str, tuple[str, str]] = {
    "disputed": ("*", "sources disagree"),
    "unstated": ("?", "basis not stated (link direction, dense or sparse)"),
    "estimated": ("~", "estimated"),
    "fallback": ("†", "another precision"),
    "preferred": ("‡", "preferred source's figure differs from the catalog's"),
}


_FORMAT_HINTS = {"markdown": "github", "md": "github", "gfm": "github", "tex": "latex", "excel": "csv", "xlsx": "csv"}


def check_format(fmt: str, allowed: Sequence[str] = FORMATS) -> str:
    """``fmt`` if it is an output format, else UnknownNameError with the nearest."""
    if fmt in allowed:
        return fmt
    hint = _FORMAT_HINTS.get(fmt.casefold())
    suggestions = [hint] if hint is not None and hint in allowed else suggest(fmt.casefold(), allowed)
    raise UnknownNameError("format", fmt, suggestions, hint=f" (formats: {', '.join(allowed)})")


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


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: East Asian wide and full-width characters take two,
    combining marks and zero-width characters none."""
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` display columns with an ellipsis."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


@dataclass(frozen=True)
class Head:
    """A column: its key (the name in Python and JSON), full label, short label and unit."""

    key: str
    label: str
    short: str = ""
    unit: str = ""
    numeric: bool = True
    # Machine formats (CSV, TSV, JSON) always give this column a flags column (so the header
    # does not depend on the data), and a unit column when its cells carry their own units.
    flags: bool = False
    cell_units: bool = False
    # A column the reader asked for (a criterion, a rank, a multiple, a class): when a
    # table needs pages, these come on the first.
    keep: bool = False
    # The unit machine formats name, where the unit people read differs ("GB, GiB marked").
    machine_unit: str = ""

    @property
    def full(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label

    @property
    def machine(self) -> str:
        """The column's name in CSV and JSON: its key (unique, not translated), with the unit."""
        unit = self.machine_unit or self.unit
        return f"{self.key} ({unit})" if unit else self.key


@dataclass(frozen=True)
class Cell:
    """One cell: its text, the number behind it (full precision), and its marks."""

    text: str
    number: float | None = None
    marks: str = ""
    raw: Any = None  # what machine formats write when there is no number (text values)
    unit: str = ""  # the unit of ``number``, where a column mixes units (show, diff)

    @property
    def shown(self) -> str:
        return self.text + self.marks


EMPTY = Cell(DASH)


@dataclass(frozen=True)
class Footnote:
    """A note on flagged cells: its marks, and the words."""

    marks: str
    text: str


@dataclass
class Table:
    """Rows of cells under headers (the first column names the row), with the legend of
    the marks used, footnotes and general notes."""

    heads: list[Head]
    rows: list[list[Cell]]
    footnotes: list[Footnote] = field(default_factory=list)
    notes: list[str | Hint] = field(default_factory=list)
    lang: str = "en"
    title: str = ""

    def note_texts(self, surface: str = "python") -> list[str]:
        """The general notes as text, hints worded for ``surface``."""
        return [n if isinstance(n, str) else n.text(self.lang, surface) for n in self.notes]

    def marks_used(self) -> list[str]:
        used = {m for row in self.rows for c in row for m in c.marks}
        return [kind for kind, (mark, _) in MARKS.items() if mark in used]

    def legend(self) -> list[str]:
        """The meaning of each mark used, in mark order."""
        out = []
        for kind in self.marks_used():
            out.append(f"{MARKS[kind][0]} {i18n.mark_words(kind, self.lang)}")
        return out


def transpose(table: Table, corner: str, split: Sequence[tuple[str, str]] | None = None) -> Table:
    """Parameters as rows and rows as columns (the report's layout). ``split`` gives, per
    row, a two-line header for the terminal (vendor over product)."""
    heads = [Head("parameter", corner, corner, numeric=False)]
    for k, row in enumerate(table.rows):
        top, bottom = split[k] if split else (row[0].text, "")
        heads.append(Head(str(row[0].raw or row[0].text), row[0].text, top, bottom))
    rows = [[Cell(h.full, raw=h.full)] + [row[j] for row in table.rows] for j, h in enumerate(table.heads) if j]
    return Table(heads, rows, table.footnotes, table.notes, table.lang, table.title)


# --- terminal ----------------------------------------------------------------------------

_GAP = 2
_NAME_WIDTH = 32  # the chip column wraps longer names
_NAME_FLOOR = 16  # ... and narrows to this before a page is split
_TEXT_FLOOR = 12  # a text column wraps down to this width before a page is split


def _wrap_words(parts: Sequence[str], width: int, separator: str = " · ") -> list[str]:
    lines: list[str] = []
    line = ""
    for part in parts:
        piece = part if not line else separator + part
        if line and display_width(line + piece) > width:
            lines.append(line)
            line = part
        else:
            line += piece
    if line:
        lines.append(line)
    return lines


def _abbreviated(h: Head) -> bool:
    """Whether a terminal header shortens its label (then the legend spells it out)."""
    if not h.short or h.short == h.label:
        return False
    return h.unit != h.label and f"{h.short} {h.unit}" != h.label


def _split_word(word: str, width: int) -> tuple[str, str]:
    """``word`` split after at most ``width`` display columns (at least one character)."""
    used = 0
    for k, ch in enumerate(word):
        used += display_width(ch)
        if used > width:
            return word[: max(k, 1)], word[max(k, 1) :]
    return word, ""


# Chinese breaks between any two characters, but a closing mark never begins a line and an
# opening mark never ends one (the usual line-breaking rules of Chinese typesetting).
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"  # CJK characters and full-width marks
_CJK_PIECE = re.compile(f"[{_WIDE}]|[^{_WIDE}]+")
_NO_START = frozenset("，。；：、！？）》」』】〕")
_NO_END = frozenset("（《「『【〔")


def _tokens(text: str) -> list[tuple[str, bool]]:
    """``text`` as breakable pieces, each with whether a space comes before it: words at
    spaces, and each Chinese character alone (its closing mark kept with it)."""
    out: list[tuple[str, bool]] = []
    for k, word in enumerate(text.split(" ")):
        pieces = _CJK_PIECE.findall(word) or [""]
        for n, piece in enumerate(pieces):
            joined = n > 0
            if joined and (piece[0] in _NO_START or out[-1][0][-1:] in _NO_END):
                out[-1] = (out[-1][0] + piece, out[-1][1])
            else:
                out.append((piece, k > 0 and not joined))
    return out


def _fill(text: str, first: int, rest: int) -> list[str]:
    """``text`` in lines of at most ``first`` (then ``rest``) display columns."""
    lines: list[str] = []
    line = ""
    width = first
    for token, space in _tokens(text):
        sep = " " if space and line else ""
        if line and display_width(line + sep + token) > width:
            lines.append(line)
            line, sep, width = "", "", rest
        while display_width(token) > width:  # a word longer than a line is broken where it must
            if line:
                lines.append(line)
                line, sep, width = "", "", rest
            head, token = _split_word(token, width)
            lines.append(head)
            width = rest
        line += sep + token
    if line or not lines:
        lines.append(line)
    return lines


def wrap_cell(text: str, width: int) -> list[str]:
    """A cell's text in lines of at most ``width`` display columns, broken at spaces (a
    word longer than the column is broken where it must): every character stays. (Notes
    under a table also break between Chinese characters: :func:`wrap_text`.)"""
    if display_width(text) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        while display_width(word) > width:
            if line:
                lines.append(line)
                line = ""
            head, word = _split_word(word, width)
            lines.append(head)
        if not line:
            line = word
        elif display_width(line) + 1 + display_width(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    return lines


def _fit(columns: Sequence[int], natural: Sequence[int], floor: Sequence[int], width: int) -> list[int] | None:
    """Widths for ``columns`` within ``width``: every column at its natural width if they
    fit, else the text columns wrapped to one common width (never below their floor); None
    when even the floors do not fit."""
    gaps = _GAP * (len(columns) - 1)
    if sum(natural[j] for j in columns) + gaps <= width:
        return [natural[j] for j in columns]
    if sum(floor[j] for j in columns) + gaps > width:
        return None

    def at(level: int) -> list[int]:
        return [max(floor[j], min(natural[j], level)) for j in columns]

    low, high = 0, max(natural[j] for j in columns)
    while low < high:  # the widest common level at which the wrapped columns fit
        mid = (low + high + 1) // 2
        if sum(at(mid)) + gaps <= width:
            low = mid
        else:
            high = mid - 1
    return at(low)


def _pages(heads: Sequence[Head], natural: Sequence[int], floor: Sequence[int], width: int) -> list[list[int]]:
    """The columns of each page: all on one when they fit (wrapping text), else pages that
    each repeat the first column, the columns the reader asked for (``Head.keep``) first."""
    rest = list(range(1, len(heads)))
    if _fit([0, *rest], natural, floor, width) is not None:
        return [[0, *rest]]
    order = [j for j in rest if heads[j].keep] + [j for j in rest if not heads[j].keep]
    pages: list[list[int]] = []
    page: list[int] = []
    for j in order:
        if page and _fit([0, *page, j], natural, floor, width) is None:
            pages.append(page)
            page = []
        page.append(j)
    if page:
        pages.append(page)
    return [[0, *sorted(p)] for p in pages]


def render_terminal(table: Table, width: int = 100, surface: str = "python") -> str:
    """The table fitted to ``width`` columns (see the module docstring); hints worded for
    ``surface`` (``python`` or ``cli``).

    Nothing the table holds is left out: long text cells wrap (numbers never do); when the
    columns still do not fit they go on pages, each repeating the first column, the
    columns the reader asked for (``Head.keep``) on the first.
    """
    heads = table.heads
    mark_width = [max((display_width(r[j].marks) for r in table.rows), default=0) for j in range(len(heads))]

    def cell_text(j: int, c: Cell) -> str:
        if j and heads[j].numeric:
            return c.text + c.marks + " " * (mark_width[j] - display_width(c.marks))
        return c.shown

    texts = [[cell_text(j, r[j]) for j in range(len(heads))] for r in table.rows]
    natural, floor, hard = [], [], []  # hard: the narrowest a column gets when nothing else fits
    for j, h in enumerate(heads):
        top = h.short or h.label
        head_width = max(display_width(top), display_width(h.unit))
        widest = max([head_width, *(display_width(t[j]) for t in texts)])
        if j == 0 or not h.numeric:  # a text column's header wraps like its cells (a chip's name in diff)
            head_width = max([display_width(h.unit), *(min(display_width(w), 30) for w in top.split(" "))])
        if j == 0:  # names wrap at spaces; a field path is not broken below its length
            word = max((display_width(w) for t in texts for w in t[0].split(" ")), default=0)
            natural.append(max(head_width, min(widest, _NAME_WIDTH)))
            floor.append(max(head_width, min(widest, max(_NAME_FLOOR, min(word, _NAME_WIDTH)))))
            hard.append(max(head_width, min(widest, _NAME_FLOOR)))
        elif h.numeric:
            natural.append(widest)
            floor.append(widest)
            hard.append(widest)
        else:  # wraps at spaces; a word (a source key) is broken only past 30 columns
            word = max((display_width(w) for t in texts for w in t[j].split(" ")), default=0)
            natural.append(widest)
            floor.append(max(head_width, min(widest, max(_TEXT_FLOOR, min(word, 30)))))
            hard.append(max(head_width, min(widest, _TEXT_FLOOR)))
    pages = _pages(heads, natural, floor, width)
    blocks = []
    for k, page in enumerate(pages):
        widths = _fit(page, natural, floor, width) or _fit(page, natural, hard, width) or [hard[j] for j in page]
        lines = []
        if len(pages) > 1:
            part = i18n.phrase("part {i} of {n} (the first column repeats)", table.lang)
            lines.append(part.format(i=k + 1, n=len(pages)))
        tops = [wrap_cell(heads[j].short or heads[j].label, w) for j, w in zip(page, widths, strict=True)]
        unit_line = []
        for n in range(max(len(t) for t in tops)):
            top_line = []
            for j, w, t in zip(page, widths, tops, strict=True):
                top_line.append(_pad(t[n] if n < len(t) else "", w, heads[j].numeric and j > 0))
            lines.append((" " * _GAP).join(top_line).rstrip())
        for j, w in zip(page, widths, strict=True):
            unit_line.append(_pad(heads[j].unit, w, heads[j].numeric and j > 0))
        if any(heads[j].unit for j in page):
            lines.append((" " * _GAP).join(unit_line).rstrip())
        lines.append((" " * _GAP).join("-" * w for w in widths))
        for t in texts:
            cells = []
            for j, w in zip(page, widths, strict=True):
                numeric = heads[j].numeric and j > 0
                cells.append([t[j]] if numeric else wrap_cell(t[j], w))
            for n in range(max(len(c) for c in cells)):
                parts = []
                for j, w, c in zip(page, widths, cells, strict=True):
                    parts.append(_pad(c[n] if n < len(c) else "", w, heads[j].numeric and j > 0))
                lines.append((" " * _GAP).join(parts).rstrip())
        blocks.append("\n".join(lines))
    after: list[str] = []
    named = [f"{heads[j].short} = {heads[j].label}" for j in range(1, len(heads)) if _abbreviated(heads[j])]
    if named:
        after += _wrap_words(named, width)
    legend = table.legend()
    if legend:
        after += _wrap_words(legend, width)
    text = "\n\n".join(blocks)
    if after:
        text += "\n\n" + "\n".join(after)
    notes = [f"{n.marks} {n.text}" for n in table.footnotes] + table.note_texts(surface)
    if notes:
        text += "\n\n" + "\n".join(line for n in notes for line in wrap_text(n, max(width, 40)))
    return text


def wrap_text(text: str, width: int, indent: str = "    ") -> list[str]:
    """``text`` in lines of at most ``width`` display columns, broken at spaces, later
    lines indented (a footnote keeps every word; a word longer than a line is broken)."""
    if display_width(text) <= width:
        return [text]
    lead = " " * (len(text) - len(text.lstrip(" ")))
    pad = lead + indent
    first, *rest = _fill(text.lstrip(" "), max(10, width - len(lead)), max(10, width - len(pad)))
    return [lead + first] + [pad + line for line in rest]


# --- tabulate formats --------------------------------------------------------------------

_LATEX_MARKS = {"*": r"$^{*}$", "?": r"$^{?}$", "~": r"$^{\sim}$", "†": r"$^{\dagger}$", "‡": r"$^{\ddagger}$"}
_LATEX_SPECIAL = {
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}",
}  # fmt: skip


def latex_escape(text: str) -> str:
    """``text`` with LaTeX's special characters escaped."""
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in text)


def _latex_marks(marks: str) -> str:
    return "".join(_LATEX_MARKS.get(m, latex_escape(m)) for m in marks)


def _html_notes(table: Table, surface: str) -> str:
    parts = []
    legend = table.legend()
    if legend:
        parts.append('<p class="legend">' + " · ".join(html.escape(x) for x in legend) + "</p>")
    items = [f"<li>{html.escape(n.marks)} {html.escape(n.text)}</li>" for n in table.footnotes]
    items += [f"<li>{html.escape(n)}</li>" for n in table.note_texts(surface)]
    if items:
        parts.append('<ul class="footnotes">\n' + "\n".join(items) + "\n</ul>")
    return "\n".join(parts)


def render_tabulate(table: Table, fmt: str, surface: str = "python") -> str:
    """A table in one of tabulate's formats, footnotes in the format's own form."""
    from tabulate import tabulate

    if fmt in ("latex", "latex_booktabs", "latex_longtable"):
        headers = [latex_escape(h.full) for h in table.heads]
        rows = [[latex_escape(c.text) + _latex_marks(c.marks) for c in r] for r in table.rows]
        raw = {"latex": "latex_raw", "latex_booktabs": "latex_booktabs", "latex_longtable": "latex_longtable"}[fmt]
        text = tabulate(rows, headers=headers, tablefmt=raw, disable_numparse=True)
        notes = [f"{_latex_marks(n.marks)} {latex_escape(n.text)}" for n in table.footnotes]
        notes += [latex_escape(n) for n in table.note_texts(surface)]
        marks_line = " \\quad ".join(f"{_latex_marks(x[0])} {latex_escape(x[2:])}" for x in table.legend())
        if marks_line:
            notes.insert(0, marks_line)
        if notes:
            text += "\n\\begin{itemize}\n" + "\n".join(f"  \\item {n}" for n in notes) + "\n\\end{itemize}"
        return text
    headers = [h.full for h in table.heads]
    rows = [[c.shown for c in r] for r in table.rows]
    escape = {"github": md_cell_escape, "pipe": md_cell_escape, "mediawiki": wiki_escape, "rst": rst_escape}.get(fmt)
    if escape is not None:  # a '|' or markup in a name would start a cell or format text
        headers = [escape(h) for h in headers]
        rows = [[escape(c) for c in r] for r in rows]
    colalign = ["left"] + ["right" if h.numeric else "left" for h in table.heads[1:]]
    if fmt in ("html", "unsafehtml"):
        text = tabulate(rows, headers=headers, tablefmt="html", disable_numparse=True, colalign=colalign)
        markup = _html_notes(table, surface)
        return text + ("\n" + markup if markup else "")
    text = tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True, colalign=colalign)
    notes = [f"{n.marks} {n.text}" for n in table.footnotes] + table.note_texts(surface)
    legend = table.legend()
    if fmt in ("github", "pipe"):
        # a Markdown list; marks escaped so '*' does not start emphasis
        items = [" · ".join(md_escape(x) for x in legend)] if legend else []
        items += [md_escape(n) for n in notes]
        return text + ("\n\n" + "\n".join(f"- {n}" for n in items) if items else "")
    if legend:
        notes.insert(0, " · ".join(legend))
    if fmt == "mediawiki":  # each note a paragraph of literal text
        notes = [wiki_escape(n, always=True) for n in notes]
        return text + ("\n\n" + "\n\n".join(notes) if notes else "")
    if fmt == "rst":  # each note a paragraph; a leading '*' would start a list
        notes = [rst_escape(n) for n in notes]
        return text + ("\n\n" + "\n\n".join(notes) if notes else "")
    return text + ("\n\n" + "\n".join(notes) if notes else "")


_WIKI_MARKUP = re.compile(r"[|!\[\]{}<>&'~_]|^[*#:;=\- ]")


def wiki_escape(text: str, always: bool = False) -> str:
    """MediaWiki text shown literally: wrapped in ``<nowiki>`` where it holds markup (a
    cell separator, a link, a template, HTML, bold, a list or heading start), with ``&``
    and ``<`` written as entities so nothing closes the wrapper."""
    if not text or (not always and not _WIKI_MARKUP.search(text)):
        return text
    return "<nowiki>" + html.escape(text, quote=False) + "</nowiki>"


def rst_escape(text: str) -> str:
    """reStructuredText inline markup escaped with backslashes (emphasis, literals,
    references, substitutions, roles), and a leading list, comment or border character."""
    out = "".join("\\" + ch if ch in "\\*`_|<>[]" else ch for ch in text)
    if out[:1] in ("-", "+", "=", "#", ".", ":"):
        out = "\\" + out
    return out


def md_cell_escape(text: str) -> str:
    """A Markdown table cell's text: the cell separator and inline markup escaped (a mark
    such as '*' stays visible instead of starting emphasis)."""
    return "".join("\\" + ch if ch in "\\`*_[]<>|~" else ch for ch in text)


def md_escape(text: str) -> str:
    """Markdown's inline special characters escaped."""
    return "".join("\\" + ch if ch in "\\`*_{}[]<>()#+-!|~" else ch for ch in text)


# --- machine formats ---------------------------------------------------------------------


def _machine_value(c: Cell) -> Any:
    if c.number is not None:
        return repr(c.number) if not float(c.number).is_integer() else str(int(c.number))
    if c.raw is not None:
        return str(c.raw)
    return "" if c.text == DASH else c.text


def _json_value(c: Cell) -> Any:
    """A cell as JSON data: a number, text, or null for unknown."""
    if c.number is not None:
        n = float(c.number)
        return int(n) if n.is_integer() and abs(n) < 2**53 else n
    if c.raw is not None:
        return c.raw if isinstance(c.raw, str | int | float | bool) else str(c.raw)
    return None if c.text == DASH else c.text


# A spreadsheet reads a cell that starts with one of these as a formula (or a DDE call).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_safe(value: Any) -> Any:
    """A CSV/TSV cell a spreadsheet shows as written: text that starts with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return gets a leading apostrophe (the convention
    spreadsheets hide and OWASP recommends), so ``=HYPERLINK(...)`` in a chip's name is
    never evaluated. Numbers (``-0.5``, ``1e-05``) are written unchanged: lossless."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS) or _NUMBER.fullmatch(value):
        return value
    return "'" + value


def render_delimited(heads: Sequence[str], rows: Sequence[Sequence[Any]], delimiter: str = ",") -> str:
    """Rows as CSV (or TSV): numbers at full precision, unknown as an empty cell, text that
    a spreadsheet would run as a formula neutralised (:func:`spreadsheet_safe`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    # csv quotes only the line terminator's characters: a row with a carriage return in a
    # cell is quoted whole, or a reader would end the row there
    quoted = csv.writer(buffer, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in [heads, *rows]:
        cells = [spreadsheet_safe(v) for v in row]
        (quoted if any(isinstance(v, str) and "\r" in v for v in cells) else writer).writerow(cells)
    return buffer.getvalue().rstrip("\n")


def table_rows(table: Table, typed: bool = False) -> tuple[list[str], list[list[Any]]]:
    """A Table as machine columns: each column's value (named by its key), its unit where
    the cells carry their own, and its flags where the column can have any.

    ``typed`` gives JSON data (numbers, null for unknown, flags as lists) instead of text.
    """
    heads: list[str] = []
    flagged = [h.flags or any(r[j].marks for r in table.rows) for j, h in enumerate(table.heads)]
    for j, h in enumerate(table.heads):
        heads.append(h.machine)
        if h.cell_units:
            heads.append(f"{h.key} unit")
        if flagged[j]:
            heads.append(f"{h.key} flags")
    rows = []
    by_mark = {mark: kind for kind, (mark, _) in MARKS.items()}
    for r in table.rows:
        out: list[Any] = []
        for j, c in enumerate(r):
            out.append(_json_value(c) if typed else _machine_value(c))
            if table.heads[j].cell_units:
                out.append((c.unit or None) if typed else c.unit)
            if flagged[j]:
                kinds = [by_mark.get(m, m) for m in c.marks]
                out.append(kinds if typed else ";".join(kinds))
        rows.append(out)
    return heads, rows


def render_json(data: Any) -> str:
    """Data as indented JSON (UTF-8 text, non-ASCII kept, NaN refused)."""
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)


def render(table: Table, fmt: str = "terminal", width: int = 100, surface: str = "python") -> str:
    """A Table as text in any format of :data:`FORMATS` (JSON: the rows, typed); hints in
    the notes worded for ``surface`` (``python``, or ``cli`` for the command line)."""
    check_format(fmt)
    if fmt == "terminal":
        return render_terminal(table, width, surface)
    if fmt in ("csv", "tsv", "csv-long", "tsv-long"):
        heads, rows = table_rows(table)
        return render_delimited(heads, rows, "\t" if fmt.startswith("tsv") else ",")
    if fmt == "json":
        heads, rows = table_rows(table, typed=True)
        return render_json([dict(zip(heads, r, strict=True)) for r in rows])
    return render_tabulate(table, fmt, surface)
