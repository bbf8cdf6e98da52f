"""Library results -> a self-contained HTML report, and a static site of the catalog.

A report is one file with no network requests: the CSS and a small vanilla script are
inline, the charts inline SVG, and it opens from disk. It holds the comparison table
(sortable by any column, from the keyboard too; filterable by vendor, country and
category; units in headers; the terminal table's marks, legend and footnotes; each value's
source, confidence, note and alternatives in a disclosure with links to the source urls),
the charts, the export-control table with its margins and notice, optionally an LLM serving
table and chart, and a footer saying what catalog the data is from and what command made
the page. Output is deterministic: the same inputs give the same bytes (no timestamps, no
random ids), so a report can live in docs/ and be regenerated.

The site (:func:`write_site`) is an index (the report of the whole catalog, chip names
linking to chip pages) and one page per chip, with relative links only.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import i18n
from ..catalog import Catalog
from ..comparison import Comparison
from ..errors import OutputError, UsageError
from ..format import FIELDS
from ..metrics import METRICS
from ..output import check_folder, write_output
from ..progress import Progress, report_progress
from ..spec import Provenance, Spec
from ..version import CATALOG_DATE, __version__
from . import tables
from .kinds import KINDS, REPORT_KINDS
from .text import DASH, MARKS, Table

__all__ = ["REPORT_CHARTS", "report_html", "site_pages", "write_site"]

# (kind, chart id, columns): the report draws each kind the kinds table marks, with its defaults
REPORT_CHARTS: tuple[tuple[str, str, tuple[str, ...] | None], ...] = tuple((k, k, None) for k in REPORT_KINDS)

_w = i18n.phrase  # every word of a page comes from the words module


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _id(text: str) -> str:
    """An HTML id from any text (chip ids are safe already; user ids may not be)."""
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text)


CSS = """
:root { color-scheme: light dark; --fg: #1b1f24; --bg: #ffffff; --muted: #57606a; --line: #d0d7de;
  --head: #f6f8fa; --accent: #0969da; --pop: #ffffff; --mark: #9a6700; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --head: #161b22;
    --accent: #4493f8; --pop: #161b22; --mark: #d29922; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 80rem; padding: 1rem 1.5rem 3rem; color: var(--fg); background: var(--bg);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "WenQuanYi Micro Hei",
  sans-serif; }
h1 { font-size: 1.6rem; margin: .5rem 0 .2rem; } h2 { font-size: 1.25rem; margin-top: 2rem; }
a { color: var(--accent); } .sub, footer, .notes, .legend { color: var(--muted); }
nav ul { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; padding: 0; list-style: none; }
form.filters { display: flex; flex-wrap: wrap; gap: .5rem 1.2rem; align-items: center; margin: .5rem 0; }
select { font: inherit; padding: .15rem .3rem; }
.scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: .3rem .55rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
thead th { background: var(--head); position: sticky; top: 0; z-index: 1; white-space: nowrap; }
thead th button { all: unset; cursor: pointer; display: inline-block; }
thead th button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
thead th .unit { display: block; font-weight: normal; color: var(--muted); font-size: .85em; }
thead th[aria-sort="ascending"] button::after { content: " \\25B2"; }
thead th[aria-sort="descending"] button::after { content: " \\25BC"; }
tbody th { font-weight: 600; white-space: nowrap; }
tr[hidden] { display: none; }
.marks { color: var(--mark); font-weight: 700; margin-left: .1em; }
details.prov { display: inline-block; position: relative; }
details.prov > summary { cursor: pointer; list-style: none; }
details.prov > summary::-webkit-details-marker { display: none; }
details.prov > summary:focus-visible { outline: 2px solid var(--accent); }
details.prov > div { position: absolute; right: 0; z-index: 5; min-width: 18rem; max-width: 28rem; padding: .5rem .7rem;
  background: var(--pop); border: 1px solid var(--line); border-radius: 6px; box-shadow: 0 4px 14px rgba(0,0,0,.18);
  text-align: left; white-space: normal; font-size: .9em; overflow-wrap: anywhere; }
details.prov > div p { margin: .2rem 0; }
figure { margin: 1.5rem 0; background: #ffffff; border: 1px solid var(--line); border-radius: 6px; padding: .5rem; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: #57606a; font-size: .9em; }
ol.footnotes { padding-left: 1.2rem; font-size: .9em; } ol.footnotes li { list-style: none; }
ul.notes { padding-left: 1.2rem; font-size: .9em; }
.notice { border-left: 4px solid var(--mark); padding: .4rem .8rem; background: var(--head); }
code { font-size: .9em; }
/* A chip page leads with its figures: cards of label, value and unit; a value opens onto its sources. */
dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(12.5rem, 1fr)); gap: .6rem;
  margin: .6rem 0; }
dl.figures > div { border: 1px solid var(--line); border-radius: 6px; padding: .45rem .7rem; background: var(--head); }
dl.figures dt { color: var(--muted); font-size: .85em; }
dl.figures dd { margin: 0; font-size: 1.3rem; font-weight: 600; font-variant-numeric: tabular-nums; }
dl.figures dd .unit { font-size: .8rem; font-weight: normal; color: var(--muted); }
dl.figures dd p.what { margin: .2rem 0 0; font-size: .8rem; font-weight: normal; color: var(--muted);
  display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; line-clamp: 2; overflow: hidden; }
dl.serving dd p.what { display: block; overflow: visible; }
dl.figures details.prov > div { left: 0; right: auto; font-size: .9rem; font-weight: normal; }
dl.figures details.prov > summary { text-decoration: underline dotted var(--muted); text-underline-offset: .25em; }
table.fields td details.prov > div { left: 0; right: auto; }
ul.classes { padding-left: 1.2rem; } ul.classes li { margin: .2rem 0; }
header.chip p.sub { margin: .15rem 0; }
.phone-hint { display: none; }
/* The table's chip column stays in view while the numbers scroll sideways. */
table.sortable tbody th, table.sortable thead th:first-child { position: sticky; left: 0; z-index: 2;
  background: var(--bg); box-shadow: inset -1px 0 0 var(--line); }
table.sortable thead th:first-child { z-index: 3; background: var(--head); }
@media (max-width: 40rem) {
  body { padding: .6rem .7rem 2rem; font-size: 14px; }
  h1 { font-size: 1.35rem; }
  table.sortable tbody th { white-space: normal; min-width: 6.5rem; max-width: 8.5rem; }
  th, td { padding: .25rem .4rem; }
  /* charts keep their drawn size (readable text) and scroll sideways in their frame */
  figure { overflow-x: auto; padding: .3rem; }
  figure svg { max-width: none; width: auto; height: auto; }
  figcaption { position: sticky; left: 0; }
  .phone-hint { display: inline; }
  dl.figures { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .4rem; }
  dl.figures dd { font-size: 1.1rem; }
  /* a value's sources open as a sheet along the bottom of the screen, never off its edge */
  details.prov > div, dl.figures details.prov > div, table.fields td details.prov > div { position: fixed;
    left: .4rem; right: .4rem; bottom: .4rem; top: auto; min-width: 0; max-width: none; max-height: 60vh;
    overflow-y: auto; z-index: 10; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 11px; color: #000; background: #fff; }
  nav, form.filters { display: none; }
  .scroll { overflow: visible; border: none; }
  thead th { position: static; }
  details.prov > div { display: none; }
  figure { break-inside: avoid; border: none; }
  a { color: #000; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  function key(cell) {
    if (!cell) return null;
    var v = cell.getAttribute("data-sort");
    if (v === null || v === "") return null;
    var n = Number(v);
    return isNaN(n) ? v.toLowerCase() : n;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        if (th.getAttribute("aria-sort") === null && th.getAttribute("data-better") === "higher") ascending = false;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          if (x === null && y === null) return 0;
          if (x === null) return 1;   /* unknown values last, whichever the direction */
          if (y === null) return -1;
          var c = (typeof x === "number" && typeof y === "number") ? x - y : String(x).localeCompare(String(y));
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  document.querySelectorAll("form.filters").forEach(function (form) {
    var table = document.getElementById(form.getAttribute("data-table"));
    var count = form.querySelector(".count");
    function apply() {
      var wanted = {};
      form.querySelectorAll("select").forEach(function (s) { if (s.value) wanted[s.name] = s.value; });
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var ok = Object.keys(wanted).every(function (k) { return row.getAttribute("data-" + k) === wanted[k]; });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) count.textContent = shown + " / " + table.tBodies[0].rows.length;
    }
    form.addEventListener("change", apply);
    apply();
  });
  document.addEventListener("toggle", function (event) {
    var opened = event.target;
    if (!opened.matches || !opened.matches("details.prov") || !opened.open) return;
    document.querySelectorAll("details.prov[open]").forEach(function (d) { if (d !== opened) d.open = false; });
  }, true);
  document.addEventListener("click", function (event) {  /* a tap elsewhere closes a value's sources */
    if (event.target.closest && event.target.closest("details.prov")) return;
    document.querySelectorAll("details.prov[open]").forEach(function (d) { d.open = false; });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.prov[open]").forEach(function (d) { d.open = false; });
  });
})();
"""


# --- pieces --------------------------------------------------------------------------------


def _page(title: str, body: str, lang: str, footer: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-Hans" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="chipspec {_e(__version__)}">\n'
        f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
        f"<footer>{footer}</footer>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def _source_links(p: Provenance | Any, lang: str) -> str:
    items = []
    for s in p.sources:
        label = _e(s.title or s.key)
        items.append(f'<a href="{_e(s.url)}" rel="noreferrer">{label}</a>' if s.url else label)
    text = ", ".join(items) or DASH
    if isinstance(p, Provenance) and not p.explicit:
        text += f" ({_w('the sheet' + chr(39) + 's sources', lang)})"
    return text


def _provenance_html(chip: Spec, path: str, lang: str) -> str:
    """Everything known of where one value comes from, as a small block of HTML."""
    p = chip.provenance(path)
    parts = [f"<p><strong>{_e(i18n.human_label(path, lang))}</strong> = {_e(p.text)}</p>"]
    parts.append(f"<p>{_w('Sources', lang)}: {_source_links(p, lang)}</p>")
    if p.confidence:
        parts.append(f"<p>{_w('confidence', lang)}: {_e(p.confidence)}</p>")
    for k, v in p.annotations:
        parts.append(f"<p>{_e(k)}: {_e(v)}</p>")
    if p.sheet and p.sheet != chip.id:
        parts.append(f"<p>from {_e(p.sheet)}</p>")
    if p.note:
        parts.append(f"<p>{_w('note', lang)}: {_e(p.note)}</p>")
    for a in p.alternatives:
        extra = f", {_e(a.confidence)}" if a.confidence else ""
        note = f": {_e(a.note)}" if a.note else ""
        parts.append(f"<p>{_w('also published', lang)}: {_e(a.text)} ({_source_links(a, lang)}{extra}){note}</p>")
    return "".join(parts)


def _cell_popover(comparison: Comparison, name: str, i: int, lang: str) -> str | None:
    """The disclosure content of one comparison cell: the value's provenance, or for a
    derived column the provenance of every value it is computed from."""
    chip = comparison.chips[i]
    paths = [p for p in tables.rests_on(comparison, name, i) if p in chip.entries]
    if not paths:
        return None
    if comparison.needs(name):
        head = f"<p><strong>{_e(i18n.human_label(name, lang))}</strong>, {_w('computed from', lang)}:</p>"
        return head + "".join(_provenance_html(chip, p, lang) for p in paths)
    return _provenance_html(chip, paths[0], lang)


def _table_html(
    table: Table,
    table_id: str,
    *,
    caption: str = "",
    popover: Callable[[int, int], str | None] | None = None,
    row_data: Callable[[int], Mapping[str, str]] | None = None,
    row_link: Callable[[int], str | None] | None = None,
    better: Callable[[int], str | None] | None = None,
) -> str:
    """A Table as a semantic, sortable HTML table: ``<th scope>`` headers with units,
    ``data-sort`` keys, the marks; ``popover(row, column)`` adds a disclosure to a cell."""
    out = [f'<div class="scroll"><table id="{_e(table_id)}" class="sortable">']
    if caption:
        out.append(f"<caption hidden>{_e(caption)}</caption>")
    out.append("<thead><tr>")
    for j, h in enumerate(table.heads):
        unit = f'<span class="unit">{_e(h.unit)}</span>' if h.unit else ""
        direction = better(j) if better else None
        attr = f' data-better="{direction}"' if direction else ""
        title = f' title="{_e(h.label)}"' if h.short and h.short != h.label else ""
        text = h.short or h.label
        out.append(f'<th scope="col"{attr}><button type="button"{title}>{_e(text)}</button>{unit}</th>')
    out.append("</tr></thead><tbody>")
    for r, row in enumerate(table.rows):
        data = row_data(r) if row_data else {}
        attrs = "".join(f' data-{k}="{_e(v)}"' for k, v in data.items())
        out.append(f"<tr{attrs}>")
        for j, c in enumerate(row):
            sort = c.number if c.number is not None else (c.raw if c.raw is not None and j == 0 else c.text)
            if c.text == DASH:
                sort = ""
            marks = f'<span class="marks">{_e(c.marks)}</span>' if c.marks else ""
            content = _e(c.text) + marks
            if j == 0:
                link = row_link(r) if row_link else None
                if link:
                    content = f'<a href="{_e(link)}">{content}</a>'
                out.append(f'<th scope="row" data-sort="{_e(sort)}">{content}</th>')
                continue
            extra = popover(r, j) if popover and c.text != DASH else None
            if extra:
                content = f'<details class="prov"><summary>{content}</summary><div>{extra}</div></details>'
            cls = ' class="num"' if c.number is not None else ""
            out.append(f'<td{cls} data-sort="{_e(sort)}">{content}</td>')
        out.append("</tr>")
    out.append("</tbody></table></div>")
    legend = table.legend()
    if legend:
        out.append(f'<p class="legend">{" · ".join(_e(x) for x in legend)}</p>')
    if table.footnotes:
        out.append('<ol class="footnotes">')
        out += [f'<li><span class="marks">{_e(f.marks)}</span> {_e(f.text)}</li>' for f in table.footnotes]
        out.append("</ol>")
    notes = [n for n in table.note_texts("cli") if n.strip()]
    if notes:
        out.append('<ul class="notes">' + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>")
    return "\n".join(out)


def _filters(table_id: str, chips: Sequence[Spec], catalog: Catalog | None, lang: str) -> str:
    values: dict[str, set[str]] = {"vendor": set(), "country": set(), "category": set()}
    for chip in chips:
        for k, v in _row_data(chip, catalog).items():
            if v:
                values[k].add(v)
    out = [f'<form class="filters" data-table="{_e(table_id)}" onsubmit="return false">']
    for name, label in (("vendor", "Vendor"), ("country", "Country"), ("category", "Category")):
        options = "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in sorted(values[name]))
        out.append(
            f'<label>{_w(label, lang)} <select name="{name}"><option value="">{_w("all", lang)}</option>'
            f"{options}</select></label>"
        )
    out.append(f'<span><span class="count" aria-live="polite">{len(chips)}</span> {_w("chips shown", lang)}</span>')
    out.append("</form>")
    return "".join(out)


def _row_data(chip: Spec, catalog: Catalog | None) -> dict[str, str]:
    country = catalog.country(chip) if catalog is not None else None
    category = chip.provenance("category").text if "category" in chip.entries else ""
    return {"vendor": chip.vendor, "country": country or "", "category": category}


def _chart(figure_svg: str, chart_id: str, caption: str, lang: str) -> str:
    hint = f' <span class="phone-hint">· {_w("Scroll sideways for the whole chart.", lang)}</span>'
    return f'<figure id="{_e(chart_id)}">{figure_svg}<figcaption>{_e(caption)}{hint}</figcaption></figure>'


def _charts(
    comparison: Comparison, catalog: Catalog | None, lang: str, prefix: str = "", progress: Progress | None = None
) -> list[tuple[str, str, str]]:
    """(id, caption, svg) of the report's charts for this selection."""
    from .charts import plot, svg_text

    out = []
    vendors = catalog.vendors if catalog is not None else None
    for done, (kind, chart_id, columns) in enumerate(REPORT_CHARTS):
        report_progress(progress, "drawing charts", done, len(REPORT_CHARTS))
        figure = plot(comparison, kind, columns=columns, lang=lang, vendors=vendors)
        caption = _w(kind, lang)
        out.append((f"chart-{chart_id}", caption, svg_text(figure, prefix=f"{prefix}{chart_id}-")))
    report_progress(progress, "drawing charts", len(REPORT_CHARTS), len(REPORT_CHARTS))
    return out


def _footer(command: str | None, lang: str) -> str:
    data = _e(
        _w("Data: chipspec catalog {date} (chipspec {version}); every figure as published, with its source.", lang)
    ).format(date=CATALOG_DATE, version=_e(__version__))
    made = f"<br>{_w('Made with', lang)}: <code>{_e(command)}</code>" if command else ""
    return data + made


# --- the report ------------------------------------------------------------------------------


def report_html(
    comparison: Comparison,
    *,
    catalog: Catalog | None = None,
    export: Sequence[Any] | None = None,
    servings: Sequence[Any] = (),
    lang: str = "en",
    title: str | None = None,
    command: str | None = None,
    chip_links: Callable[[Spec], str | None] | None = None,
    charts: bool = True,
    systems: Sequence[Any] = (),
    system_links: Callable[[Any], str | None] | None = None,
    progress: Progress | None = None,
) -> str:
    """The report of one comparison as a self-contained HTML page (see the module doc).

    ``export`` is a list of export-control results for the same chips; ``servings`` LLM
    serving estimates (one per scenario); ``command`` the line the footer says made the
    page; ``chip_links`` gives a chip's page (the site's index links chips); ``systems``
    adds a systems section (``system_links`` gives a system's page); ``progress`` is told as
    each chart is drawn (see :mod:`chipspec.progress`).
    """
    i18n.check_language(lang)
    chips = list(comparison.chips)
    default = f"chipspec：{len(chips)} 款芯片对比" if lang == "zh" else f"chipspec: {len(chips)} chips compared"
    title = title or default
    sections: list[tuple[str, str, str]] = []
    table = tables.comparison_table(comparison, lang=lang)
    names = list(comparison.columns)

    def popover(r: int, j: int) -> str | None:
        return _cell_popover(comparison, names[j - 1], r, lang) if 1 <= j <= len(names) else None

    def better(j: int) -> str | None:
        if 1 <= j <= len(names):
            col = comparison.column(names[j - 1])
            return col.direction
        return None

    body = _filters("comparison-table", chips, catalog, lang) + _table_html(
        table,
        "comparison-table",
        caption=title,
        popover=popover,
        row_data=lambda r: _row_data(chips[r], catalog),
        row_link=(lambda r: chip_links(chips[r])) if chip_links else None,
        better=better,
    )
    sections.append(("comparison", _w("Comparison", lang), body))
    if charts:
        figures = "\n".join(
            _chart(svg, cid, cap, lang) for cid, cap, svg in _charts(comparison, catalog, lang, progress=progress)
        )
        sections.append(("charts", _w("Charts", lang), figures))
    measured = _measured_section(comparison, catalog, lang, charts)
    if measured:
        sections.append(("measured", _w("Measured beside peak", lang), measured))
    if export:
        from ..lenses.export_control import NOTICE

        ex = tables.export_table(export, lang)
        ex.notes = [n for n in ex.notes if n != NOTICE]
        body = f'<p class="notice">{_e(_w(NOTICE, lang))}</p>' + _table_html(ex, "export-table")
        sections.append(("export", _w("Export control", lang), body))
    if servings:
        from .charts import plot, svg_text

        st = tables.serving_table(servings, lang)
        body = _table_html(st, "serving-table", row_link=None)
        first = servings[0]
        for kind, figure in (("serving", "tokens_per_second_per_chip"), ("bar", "min_chips")):
            svg = svg_text(plot(first, kind, columns=[figure], lang=lang), prefix=f"llm-{kind}-")
            body += _chart(svg, f"llm-{kind}", i18n.human_label(figure, lang), lang)
        sections.append(("serving", f"{_w('Serving', lang)}: {_e(first.model.name)}", body))
    if systems:
        sections.append(("systems", _w("Systems", lang), _systems_section(systems, lang, system_links, charts)))
    toc = "".join(f'<li><a href="#{sid}">{_e(head)}</a></li>' for sid, head, _ in sections)
    if comparison.precision == "16bit":
        sub = _w("16-bit = BF16 where published, else FP16", lang)
    else:
        sub = f"compute at {comparison.precision}" if lang != "zh" else f"算力精度 {comparison.precision}"
    sub = f"{len(chips)} {'款芯片' if lang == 'zh' else 'chips'} · {sub}"
    parts = [
        f'<header><h1>{_e(title)}</h1><p class="sub">{_e(sub)}</p></header>',
        f'<nav aria-label="{_w("Contents", lang)}"><ul>{toc}</ul></nav>',
        "<main>",
        *(
            f'<section id="{sid}" aria-labelledby="{sid}-h"><h2 id="{sid}-h">{_e(head)}</h2>\n{body}</section>'
            for sid, head, body in sections
        ),
        "</main>",
    ]
    return _page(title, "\n".join(parts), lang, _footer(command, lang))


def _systems_section(systems: Sequence[Any], lang: str, links: Callable[[Any], str | None] | None, charts: bool) -> str:
    """The systems table (published totals, else chip x count; ``!`` where they disagree)
    and the three system charts."""
    from .charts import SYSTEM_CHART_KINDS, plot_systems, svg_text
    from .systems import systems_table

    chosen = list(systems)
    table = systems_table(chosen, lang)
    body = _table_html(table, "systems-table", row_link=(lambda r: links(chosen[r])) if links else None)
    if charts:
        captions = {
            "domain": "Compute and memory per scale-up domain",
            "per-kw": "Dense BF16 compute per kW of published system power",
            "scale-up": "Scale-up bandwidth per chip against domain size",
        }
        for kind in SYSTEM_CHART_KINDS:
            svg = svg_text(plot_systems(chosen, kind, lang=lang), prefix=f"systems-{kind}-")
            body += _chart(svg, f"systems-{kind}", _w(captions[kind], lang), lang)
    return body


def _system_page(system: Any, lang: str, command: str | None) -> str:
    """A system's page: every value with its sources, the derived totals beside the
    published ones, and a link to its chip's page."""
    from ..system import SYSTEM_FIELDS
    from .systems import hint_text

    rows = []
    for path in SYSTEM_FIELDS:
        p = system.entries.get(path)
        if p is None:
            continue
        marks = "".join(m for k, (m, _) in MARKS.items() if k in p.flags)
        mark = f'<span class="marks">{_e(marks)}</span>' if marks else ""
        alts = "; ".join(f"{_e(a.text)} ({_source_links(a, lang)})" for a in p.alternatives)
        value = _e(p.text)
        if path == "chip":
            value = f'<a href="../chips/{_e(quote(page_name(p.text)))}.html">{value}</a>'
        rows.append(
            f'<tr><th scope="row">{_e(i18n.label(path, lang))}</th><td>{value}{mark}</td>'
            f"<td>{_source_links(p, lang)}</td><td>{_e(p.confidence or '')}</td>"
            f"<td>{_e(p.note or '')}{'<br>' if p.note and alts else ''}{alts}</td></tr>"
        )
    fields = (
        f'<div class="scroll"><table><thead><tr><th scope="col">{_w("field", lang)}</th>'
        f'<th scope="col">{_w("value", lang)}</th><th scope="col">{_w("Sources", lang)}</th>'
        f'<th scope="col">{_w("confidence", lang)}</th>'
        f'<th scope="col">{_w("note", lang)} / {_w("also published", lang)}</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table></div>"
    )
    derived_rows = []
    for d in system.derived():
        if d.published is None:
            continue
        verdict = _w("agrees" if d.agrees else "disagrees", lang) + (f": {hint_text(d, lang)}" if d.hint else "")
        derived_rows.append(
            f'<tr><th scope="row">{_e(i18n.label(d.field, lang))}</th><td>{_e(d.published.text)}</td>'
            f"<td>{d.count} × {_e(f'{d.chip_value:g}')} {_e(d.unit)} = {_e(f'{d.value:g}')} {_e(d.unit)}</td>"
            f"<td>{_e(verdict)}</td></tr>"
        )
    derived = (
        '<div class="scroll"><table><tbody>' + "".join(derived_rows) + "</tbody></table></div>"
        if derived_rows
        else f"<p>{DASH}</p>"
    )
    label = f"{system.vendor} {system.name}"
    body = "\n".join(
        [
            f'<nav><a href="../index.html#systems">{_w("Back to the catalog", lang)}</a></nav>',
            f'<header><h1>{_e(label)}</h1><p class="sub">{_e(system.id)}</p></header>',
            f"<main><h2>{_w('Fields', lang)}</h2>{fields}",
            f"<h2>{_w('Published totals against chip x count', lang)}</h2>{derived}</main>",
        ]
    )
    return _page(f"{label} · chipspec", body, lang, _footer(command, lang))


def _measured_section(comparison: Comparison, catalog: Catalog | None, lang: str, charts: bool) -> str:
    """The report's measured section: for the chips with a matmul or memory measurement,
    each measured column beside its efficiency (measured / peak), the note naming the
    measurement each cell uses, and the peak-beside-achieved chart; empty when no chip has
    one. Serving and training records fill no column (``show`` lists them), so a chip with
    only those would be a row of dashes."""
    from ..comparison import Comparison as _Comparison
    from ..format import PRECISIONS

    chips = [c for c in comparison.chips if any(m.column for m in c.measured)]
    if not chips:
        return ""
    kinds = [*(p for p in PRECISIONS if any(m.column == f"measured.{p}" for c in chips for m in c.measured)), "memory"]
    kinds = [k for k in kinds if any(m.column == f"measured.{k}" for c in chips for m in c.measured)]
    columns = [n for k in kinds for n in (f"measured.{k}", f"efficiency.{k}")]
    if not columns:
        return ""
    sub = _Comparison(chips, columns, precision=comparison.precision, fallback=comparison.fallback)
    table = tables.comparison_table(sub, lang=lang)
    body = _table_html(table, "measured-table")
    if charts:
        from .charts import plot, svg_text

        vendors = catalog.vendors if catalog is not None else None
        matmul = [k for k in kinds if k != "memory"]
        wanted = "bf16" if comparison.precision in ("16bit", "bf16") else comparison.precision
        drawn = ([wanted] if wanted in matmul else matmul[:1]) + (["memory"] if "memory" in kinds else [])
        for k in drawn:  # two charts at most: the comparison's precision (or the first measured) and memory
            name = f"measured.{k}"
            if sum(1 for i in range(len(chips)) if sub.column(name).known(i)) == 0:
                continue
            svg = svg_text(plot(sub, "measured", columns=[name], lang=lang, vendors=vendors), prefix=f"measured-{k}-")
            body += _chart(svg, f"measured-{k}", i18n.human_label(name, lang), lang)
    return body


# --- the site --------------------------------------------------------------------------------


# The figures a chip page leads with, in this order, where the chip has them: what a reader
# compares first (compute at the site's precision, memory, bandwidth, power, chip-to-chip).
KEY_FIGURES = ("compute", "compute.fp8", "compute.int8", "memory.capacity", "memory.bandwidth", "power.tdp",
               "interconnect.bandwidth")  # fmt: skip
# The text fields the page's sub-line names (their sources are in the all-fields table).
ABOUT_FIELDS = ("vendor", "category", "architecture", "form_factor", "released", "process")


def _figure_card(comparison: Comparison, name: str, i: int, lang: str, what: str = "") -> str | None:
    """One figure as a card: label, value with unit and marks, the value opening onto its
    sources (a derived one onto its inputs'); None when the chip lacks it."""
    cell = tables.comparison_cell(comparison, name, i)
    if cell.text == DASH:
        return None
    col = comparison.column(name)
    unit = f' <span class="unit">{_e(col.unit)}</span>' if col.unit else ""
    marks = f'<span class="marks">{_e(cell.marks)}</span>' if cell.marks else ""
    value = f"{_e(cell.text)}{marks}{unit}"
    popover = _cell_popover(comparison, name, i, lang)
    if popover:
        value = f'<details class="prov"><summary>{value}</summary><div>{popover}</div></details>'
    label = i18n.human_label(name, lang)
    if name == "compute":
        label += f" ({_w(comparison.precision, lang)})"
    explain = f'<p class="what" title="{_e(what)}">{_e(what)}</p>' if what else ""
    return f"<div><dt>{_e(label)}</dt><dd>{value}{explain}</dd></div>"


# The serving headline of a chip page: one named model and scenario of the LLM lens, the same
# for every chip so the pages compare (a model that a 24 GB chip holds, a small batch).
SERVING_MODEL = "llama-3.1-8b"
SERVING_BATCH = 8
SERVING_CONTEXT = 4096
_RATE = "tokens_per_second_per_chip"
_CALIBRATED = "calibrated_tokens_per_second_per_chip"


def serving_headline(chips: Sequence[Spec]) -> Any:
    """The serving estimate every chip page leads with (:data:`SERVING_MODEL` at
    :data:`SERVING_BATCH` x :data:`SERVING_CONTEXT` tokens, BF16, one chip)."""
    from ..lenses.llm import llm

    return llm(SERVING_MODEL, list(chips), batch=SERVING_BATCH, context=SERVING_CONTEXT)


def _serving_section(serving: Any, i: int, lang: str) -> str:
    """Decode throughput per chip for the headline scenario: the bound, labelled as a bound;
    the calibrated estimate where the chip has measurements (with what it rests on); or
    why there is no figure (the model does not fit: how many chips would hold it; or the
    figures it lacks)."""
    chip = serving.chips[i]
    cards = []
    bound = _figure_card(serving, _RATE, i, lang)
    if bound is not None:
        cards.append(bound)
        cal = serving.calibrations()[i]
        if cal.any:
            used = []
            unmeasured = _w("no measurement (the peak)", lang)
            precision = cal.matmul.precision if cal.matmul is not None else serving.precision_used[i] or ""
            matmul = f"{cal.compute_efficiency:.2f}" if cal.matmul is not None else unmeasured
            memory = f"{cal.memory_efficiency:.2f}" if cal.memory is not None else unmeasured
            used += [f"{_w('matmul', lang)} {precision} {matmul}", f"{_w('memory bandwidth', lang)} {memory}"]
            what = _w("measured / peak: {used}", lang).format(used=i18n.chart_phrase(", ", lang).join(used))
            card = _figure_card(serving, _CALIBRATED, i, lang, what)
            if card is not None:
                cards.append(card)
    else:
        missing = serving.column(_RATE).missing[i]
        if len(missing) == 1 and i18n.is_reason(missing[0]):
            n = missing[0].partition(":")[2]
            why = _w("a group of {n} chips would hold it", lang).format(n=n) if n else _w("no usable group would", lang)
            value = f'{_w("does not fit", lang)}<p class="what" title="{_e(why)}">{_e(why)}</p>'
        else:
            lacks = ", ".join(i18n.label(m, lang) for m in missing)
            value = f'{_w("not computable", lang)}<p class="what">{_e(_w("missing", lang))} {_e(lacks)}</p>'
        cards.append(f"<div><dt>{_e(i18n.human_label(_RATE, lang))}</dt><dd>{value}</dd></div>")
    m = serving.model
    scenario = _w(
        "{model}, batch {batch}, context {context} tokens, BF16 weights and KV cache, one chip; a bound takes "
        "full compute and bandwidth, so no run beats it; the calibrated estimate scales them by measurements.",
        lang,
    ).format(model=m.name, batch=SERVING_BATCH, context=f"{SERVING_CONTEXT:,}")
    command = f"chipspec llm {SERVING_MODEL} {chip.id} --batch {SERVING_BATCH} --context {SERVING_CONTEXT}"
    more = _w("Every figure and what it assumes: {command}", lang).format(command=f"<code>{_e(command)}</code>")
    figures = f'<dl class="figures serving">{"".join(cards)}</dl>'
    return f'{figures}<p class="sub">{_e(scenario)}</p><p class="sub">{more}</p>'


def _chip_page(
    chip: Spec,
    comparison: Comparison,
    i: int,
    export: Any,
    appears: Sequence[tuple[str, str]],
    lang: str,
    command: str | None,
    serving: Any = None,
) -> str:
    """A chip's page: the key figures first, then the serving headline (``serving``: a
    :func:`serving_headline` of the site's chips), the export class under each rule, what
    the figures mean (the derived metrics, each with a line saying what it measures), and
    only then every field; every value opens onto its sources, so no source title fills the
    first screen."""
    label = i18n.chip_label(chip, lang)
    key = [c for name in KEY_FIGURES if (c := _figure_card(comparison, name, i, lang))]
    shown = "".join(key)
    legend = [f"{m} {i18n.mark_words(k, lang)}" for k, (m, _) in MARKS.items() if f'"marks">{m}' in shown]
    hint = f'<p class="sub">{" · ".join([*map(_e, legend), _w("Click a value for its sources.", lang)])}</p>'
    sections = []
    if key:
        sections.append(("figures", _w("Key figures", lang), f'<dl class="figures">{"".join(key)}</dl>{hint}'))
    if serving is not None:
        sections.append(("serving", _w("Serving an LLM", lang), _serving_section(serving, i, lang)))
    if export is not None:
        from ..lenses.export_control import NOTICE

        items = []
        for c in export.classifications:
            result = tables.export_class(c, lang)  # with the other reading when a convention decides
            margin = f' <span class="sub">{_e(tables.margin_text(c.margin, lang))}</span>' if c.margin else ""
            rule = (
                f'<a href="{_e(c.rule.url)}" rel="noreferrer">{_e(c.rule.name)}</a>' if c.rule.url else _e(c.rule.name)
            )
            items.append(f"<li>{rule}: <strong>{_e(result)}</strong>{margin}</li>")
        head = _w("Export control", lang)
        if export.as_of is not None:
            head = _w("Export control (rules in force on {day})", lang).format(day=export.as_of.isoformat())
        sections.append(
            ("export", head, f'<ul class="classes">{"".join(items)}</ul><p class="notice">{_e(_w(NOTICE, lang))}</p>')
        )
    cards, lacking = [], []
    for name, metric in METRICS.items():
        what = metric.description if lang == "en" else ""  # (the registry's words are English)
        card = _figure_card(comparison, name, i, lang, what)
        if card:
            cards.append(card)
        else:
            missing = ", ".join(i18n.label(m, lang) for m in comparison.column(name).missing[i])
            lacking.append(f"{_e(i18n.human_label(name, lang))} ({_w('missing', lang)} {_e(missing)})")
    body = f'<dl class="figures metrics">{"".join(cards)}</dl>' if cards else ""
    if lacking:
        body += f'<p class="sub">{_w("Not computable here", lang)}: {"; ".join(lacking)}</p>'
    sections.append(("metrics", _w("What they mean", lang), body))
    rows = []
    for path in FIELDS:
        if path not in chip.entries:
            continue
        p = chip.provenance(path)
        marks = "".join(m for k, (m, _) in MARKS.items() if k in p.flags)
        mark = f'<span class="marks">{_e(marks)}</span>' if marks else ""
        value = (
            f'<details class="prov"><summary>{_e(p.text)}{mark}</summary>'
            f"<div>{_provenance_html(chip, path, lang)}</div></details>"
        )
        rows.append(f'<tr><th scope="row">{_e(i18n.label(path, lang))}</th><td>{value}</td></tr>')
    fields = (
        f'<div class="scroll"><table class="fields"><thead><tr><th scope="col">{_w("field", lang)}</th>'
        f'<th scope="col">{_w("value", lang)}</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )
    sections.append(("fields", _w("All fields", lang), fields))
    links = "".join(f'<li><a href="../index.html#{cid}">{_e(cap)}</a></li>' for cid, cap in appears)
    sections.append(("appears", _w("Appears in", lang), f"<ul>{links or '<li>' + DASH + '</li>'}</ul>"))
    about = [chip.provenance(f).text for f in ABOUT_FIELDS if f in chip.entries]
    extra = [f"{_w('aliases', lang)}: {_e(', '.join(chip.aliases))}"] if chip.aliases else []
    if chip.extends:
        target = quote(page_name(chip.extends))
        extra.append(f'{_w("extends", lang)}: <a href="{_e(target)}.html">{_e(chip.extends)}</a>')
    sub = " · ".join(_e(a) for a in about)
    body = "\n".join(
        [
            f'<nav><a href="../index.html">{_w("Back to the catalog", lang)}</a></nav>',
            f'<header class="chip"><h1>{_e(label)}</h1><p class="sub">{sub}</p>'
            f'<p class="sub"><code>{_e(chip.id)}</code>{" · " if extra else ""}{" · ".join(extra)}</p></header>',
            "<main>",
            *(
                f'<section id="{sid}" aria-labelledby="{sid}-h"><h2 id="{sid}-h">{_e(head)}</h2>\n{html_}</section>'
                for sid, head, html_ in sections
            ),
            "</main>",
        ]
    )
    return _page(f"{label} · chipspec", body, lang, _footer(command, lang))


def site_pages(
    catalog: Catalog,
    comparison: Comparison,
    export: Sequence[Any],
    *,
    lang: str = "en",
    command: str | None = None,
    progress: Progress | None = None,
    charts: bool = True,
) -> dict[str, str]:
    """Every page of the site by relative path: ``index.html``, ``chips/<id>.html`` and
    ``systems/<id>.html``; ``progress`` is told as charts are drawn and pages built;
    ``charts=False`` leaves the index's charts out."""
    chips = list(comparison.chips)
    pages = {
        "index.html": report_html(
            comparison,
            catalog=catalog,
            export=export,
            lang=lang,
            title=_w("chipspec catalog", lang),
            command=command,
            chip_links=lambda c: f"chips/{quote(page_name(c.id))}.html",
            systems=list(catalog.systems.values()),
            system_links=lambda s: f"systems/{quote(page_name(s.id))}.html",
            progress=progress,
            charts=charts,
        )
    }
    for system in catalog.systems.values():
        pages[f"systems/{page_name(system.id)}.html"] = _system_page(system, lang, command)
    drawn = [(f"chart-{cid}", _w(kind, lang)) for kind, cid, _ in REPORT_CHARTS] if charts else []
    placed = {f"chart-{cid}": KINDS[kind].figures(columns) for kind, cid, columns in REPORT_CHARTS}
    by_id = {r.chip.id: r for r in export}
    serving = serving_headline(chips) if chips else None
    for i, chip in enumerate(chips):
        report_progress(progress, "building pages", i, len(chips))
        appears = [(cid, cap) for cid, cap in drawn if all(comparison.column(n).known(i) for n in placed[cid])]
        page = _chip_page(chip, comparison, i, by_id.get(chip.id), appears, lang, command, serving)
        pages[f"chips/{page_name(chip.id)}.html"] = page
    report_progress(progress, "building pages", len(chips), len(chips))
    return pages


def page_name(chip_id: str) -> str:
    """A chip's page name: its id when that is a plain file name (letters, digits, ``.``,
    ``_``, ``-``, not starting with a dot), else the id with every other character as ``-``
    and a short hash of the id, so that no id can name a path outside the site's folder
    (``../x``), an invalid one (``x\\x00y``) or another chip's page."""
    import hashlib
    import re

    if re.fullmatch(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,150}", chip_id):
        return chip_id
    digest = hashlib.sha256(chip_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{re.sub(r'[^A-Za-z0-9_-]+', '-', chip_id)[:100].strip('-') or 'chip'}-{digest}"


def write_site(folder: str | Path, pages: Mapping[str, str], progress: Progress | None = None) -> list[Path]:
    """Write the pages under ``folder`` (created if missing); returns the files written.
    ``progress`` is told as pages are written.

    Raises:
        OutputError: the folder or a file cannot be written.
    """
    root = Path(folder)
    written = []
    try:
        if root.exists() and not root.is_dir():
            raise OutputError("not a folder (--site writes a folder of pages)", path=str(root))
        for done, (rel, text) in enumerate(pages.items()):
            report_progress(progress, "writing pages", done, len(pages))
            path = root / rel
            inside = Path(os.path.normpath(path)).is_relative_to(os.path.normpath(root))
            if not inside or "\x00" in rel or Path(rel).is_absolute():
                raise OutputError(f"page {rel!r} would be written outside the site's folder", path=str(root))
            path.parent.mkdir(parents=True, exist_ok=True)
            write_output(path, text)
            written.append(path)
        report_progress(progress, "writing pages", len(pages), len(pages))
    except OutputError:
        raise
    except OSError as err:
        raise OutputError(
            f"cannot write: {err.strerror or err}", path=str(getattr(err, "filename", root) or root)
        ) from None
    return written


# --- entry points ------------------------------------------------------------------------------


def report(
    chips: Catalog | Sequence[Spec | str] | None = None,
    *,
    columns: Sequence[str] | None = None,
    precision: str = "16bit",
    fallback: bool = False,
    llm: str | Any | None = None,
    llm_options: Mapping[str, Any] | None = None,
    batches: Sequence[int] = (1,),
    lang: str = "en",
    title: str | None = None,
    as_of: str | None = None,
    command: str | None = None,
    catalog: Catalog | None = None,
    path: str | Path | None = None,
    progress: Progress | None = None,
) -> str:
    """A self-contained HTML report of a comparison (``chipspec report``): the table, the
    charts, the export-control table and, with ``llm``, the serving estimates.

    Args:
        chips: a Catalog, Specs or names (default: the bundled catalog).
        columns, precision, fallback: as :func:`chipspec.compare`.
        llm: a model (bundled id, config path or Model) to add serving estimates for;
            ``llm_options`` are :func:`chipspec.llm`'s scenario keywords (``context``,
            ``weights``, ``group_size`` ...) and ``batches`` its batches.
        as_of: the date whose export rules apply (default: the catalog's date,
            :data:`chipspec.version.CATALOG_DATE`, so the page is reproducible).
        command: the command line the footer cites (the CLI passes its own).
        path: also write the page there.
        progress: told ``(task, done, total)`` as the charts are drawn
            (:mod:`chipspec.progress`).

    Returns:
        The page's HTML.

    Raises:
        OutputError: ``path`` cannot be written.
    """
    from ..comparison import DEFAULT_COLUMNS, compare
    from ..lenses.export_control import export_control

    if catalog is None:
        from ..cache import bundled_or_partial

        catalog = bundled_or_partial()
    comparison = compare(chips if chips is not None else catalog, columns or DEFAULT_COLUMNS, precision,
                         fallback=fallback, catalog=catalog)  # fmt: skip
    export = export_control(comparison.chips, as_of=as_of or CATALOG_DATE)
    found: list[Any] = []
    if llm is not None:
        from ..lenses.llm import Settings, servings

        options = dict(llm_options or {})
        if "batch" in options:  # llm()'s keyword: one batch (``batches`` gives several)
            batches = [options.pop("batch")]
        scenario = {k: options.pop(k) for k in ("context", "prompt", "generate") if k in options}
        if not scenario:
            from ..lenses.llm.serving import DEFAULT_CONTEXT

            scenario = {"context": DEFAULT_CONTEXT}
        unknown = sorted(set(options) - set(Settings.__dataclass_fields__))
        if unknown:
            raise UsageError(f"llm_options: unknown keyword {unknown[0]!r}; use chipspec.llm()'s scenario keywords")
        found = servings(llm, comparison.chips, list(batches), Settings(**options), **scenario)
    compared = {c.id for c in comparison.chips}
    built = [s for s in catalog.systems.values() if s.chip.id in compared]  # systems of the compared chips
    page = report_html(
        comparison, catalog=catalog, export=export, servings=found, lang=lang, title=title, command=command,
        systems=built, progress=progress,
    )  # fmt: skip
    if path is not None:
        write_output(path, page)
    return page


def site(
    folder: str | Path,
    catalog: Catalog | None = None,
    *,
    columns: Sequence[str] | None = None,
    precision: str = "16bit",
    fallback: bool = False,
    lang: str = "en",
    as_of: str | None = None,
    command: str | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Write the catalog site (``chipspec report --site``) under ``folder``: an index and a
    page per chip, relative links only; ``progress`` is told as charts are drawn and pages
    built and written. Returns the files written."""
    from ..comparison import DEFAULT_COLUMNS, compare
    from ..lenses.export_control import export_control

    root = Path(folder)
    if root.exists() and not root.is_dir():
        raise OutputError("not a folder (--site writes a folder of pages)", path=str(root))
    check_folder(root)  # before the work, not after seconds of rendering
    if catalog is None:
        from ..cache import bundled_or_partial

        catalog = bundled_or_partial()
    comparison = compare(catalog, columns or DEFAULT_COLUMNS, precision, fallback=fallback)
    export = export_control(comparison.chips, as_of=as_of or CATALOG_DATE)
    pages = site_pages(catalog, comparison, export, lang=lang, command=command, progress=progress)
    return write_site(folder, pages, progress)
