"""One view per command: what a command shows, built once, rendered in any format.

A :class:`View` holds the table a person reads (the terminal and tabulate's formats), the
records a program reads (JSON, and CSV/TSV where a comparison writes its own), a title and
the lines that follow the table. The CLI, the Python API and the HTML report build the same
views; :func:`render_view` is the one place that turns a view into text in a format, so
every command has one JSON path.

Example::

    from chipspec.report.views import compare_view, render_view
    print(render_view(compare_view(chipspec.compare(["h20", "910b"]), rank="bandwidth_per_watt"), "github"))
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..comparison import Comparison, split_criterion
from . import tables
from .text import Table, check_format, render, render_json, table_rows, transpose, wrap_text

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..spec import Spec

__all__ = [
    "View",
    "catalog_view",
    "checks_view",
    "chip_view",
    "compare_view",
    "diff_view",
    "export_view",
    "metrics_view",
    "models_view",
    "render_view",
    "serving_view",
    "system_view",
    "systems_view",
]

# The plain formats print a view's title above the table; the others are for pasting.
TITLED_FORMATS: tuple[str, ...] = ("terminal", "simple", "plain")
_DELIMITED = ("csv", "tsv", "csv-long", "tsv-long")


def _table_records(table: Table) -> Callable[[], Any]:
    def records() -> Any:
        heads, rows = table_rows(table, typed=True)
        return [dict(zip(heads, row, strict=True)) for row in rows]

    return records


@dataclass(frozen=True)
class View:
    """What one command shows.

    ``records`` builds the JSON data (by default the table's rows, typed); ``delimited``
    writes CSV/TSV (``fmt`` is ``csv``, ``tsv``, ``csv-long`` or ``tsv-long``) where the
    view has a lossless form of its own; ``after`` are lines printed under the table in the
    text formats (a comparison's provenance lines).
    """

    table: Table
    records: Callable[[], Any] | None = None
    title: str = ""
    after: tuple[str, ...] = ()
    delimited: Callable[[str], str] | None = None

    def data(self) -> Any:
        """The view as plain data: what ``--format json`` prints."""
        return (self.records or _table_records(self.table))()


def render_view(view: View, fmt: str = "terminal", width: int = 100, surface: str = "python") -> str:
    """A view as text in ``fmt`` (any of :data:`chipspec.report.text.FORMATS`), its hints
    worded for ``surface`` (``python``; the CLI passes ``cli``).

    Raises:
        UsageError: an unknown format, or a long form (``csv-long``) of a view that has none.
    """
    check_format(fmt)
    if fmt == "json":
        return render_json(view.data())
    if fmt in _DELIMITED and view.delimited is not None:
        return view.delimited(fmt)
    if fmt.endswith("-long"):
        from ..errors import UsageError

        raise UsageError(f"--format {fmt}: one row per chip and column is for a comparison; use csv or tsv")
    body = render(view.table, fmt, width, surface)
    if view.title and fmt in TITLED_FORMATS:
        title = view.title
        if fmt == "terminal":  # a long alias list wraps like every other line
            title = "\n".join(x for line in title.splitlines() for x in wrap_text(line, max(width, 40)))
        body = f"{title}\n{body}"
    if view.after and fmt not in _DELIMITED:
        body += "\n\n" + "\n".join(view.after)
    return body


# --- the views ---------------------------------------------------------------------------


def catalog_view(catalog: Catalog, lang: str = "en") -> View:
    """``chipspec list``: one row per chip."""

    def records() -> Any:
        return [
            {"id": c.id, "vendor": c.vendor, "name": c.name, "category": c.category, "status": c.status,
             "released": c.released, "country": catalog.country(c), "aliases": list(c.aliases)}
            for c in catalog
        ]  # fmt: skip

    return View(tables.catalog_table(catalog, lang), records)


def chip_view(
    chip: Spec,
    *,
    precision: str = "16bit",
    fallback: bool = False,
    sources: bool = False,
    all_fields: bool = False,
    lang: str = "en",
) -> View:
    """``chipspec show``: every field of one chip, its metrics and export class."""
    from ..comparison import compare
    from ..lenses.export_control import export_control

    comparison = compare([chip], [], precision, fallback=fallback)
    export = export_control([chip], as_of=None)[0]
    table = tables.chip_table(chip, comparison, export, sources=sources, all_fields=all_fields, lang=lang)
    return View(table, lambda: tables.chip_record(chip, comparison, export), title=table.title)


def diff_view(a: Spec, b: Spec, *, sources: bool = True, lang: str = "en") -> View:
    """``chipspec diff``: the fields where two chips differ."""
    table = tables.diff_table(a, b, sources=sources, lang=lang)
    return View(table, title=table.title)


def compare_view(
    comparison: Comparison,
    *,
    sort: str | None = None,
    rank: str | None = None,
    score: Mapping[str, float] | None = None,
    pareto: Sequence[str] | None = None,
    baseline: Spec | None = None,
    lang: str = "en",
    flags: bool = True,
    transpose_table: bool = False,
    sources: bool = False,
    catalog: Catalog | None = None,
) -> View:
    """``chipspec compare``: the comparison, ordered by one of ``sort`` (a column),
    ``rank`` (a column, with ranks), ``score`` (weights, with scores) or ``pareto``
    (columns, with the front), with each chip as a multiple of ``baseline``.

    Raises:
        UsageError: more than one ordering asked for.
    """
    asked = [n for n, v in (("sort", sort), ("rank", rank), ("score", score), ("pareto", pareto)) if v]
    if len(asked) > 1:
        from ..errors import UsageError

        raise UsageError(f"order by one of sort, rank, score or pareto, got {', '.join(asked)}")
    order: list[int] | None = None
    extras: list[tables.Extra] = []
    if sort:
        order = [comparison.index(r.chip) for r in comparison.ordered(sort)]
    elif rank:
        order, extras = tables.ranking_extras(comparison, comparison.rank(rank), lang)
    elif score:
        order, extras = tables.scoring_extras(comparison, comparison.score(score), lang)
    elif pareto:
        order, extras = tables.pareto_extras(comparison, comparison.pareto(pareto), lang)
    # The criteria are what the reader came for: shown (first) even when --columns left them out.
    asked_for = [*([sort] if sort else []), *([rank] if rank else []), *(score or {}), *(pareto or [])]
    criteria = [split_criterion(c)[0] for c in asked_for]
    shown = list(dict.fromkeys([*(c for c in criteria if c not in comparison.columns), *comparison.columns]))
    # Machine formats carry the multiples as columns; the table adds its own.
    machine = [*extras, *(tables.baseline_extras(comparison, baseline, shown) if baseline is not None else [])]
    table = tables.comparison_table(
        comparison, shown, order=order, extras=extras, baseline=baseline, lang=lang, flags=flags, keep=criteria
    )
    if transpose_table:
        chips = [comparison.chips[i] for i in (order or range(len(comparison.chips)))]
        table = transpose(table, i18n.phrase("parameter", lang), tables.two_line_names(chips, lang, catalog))

    def delimited(fmt: str) -> str:
        return tables.comparison_delimited(
            comparison, order=order, extras=machine, sources=sources, long=fmt.endswith("-long"),
            delimiter="\t" if fmt.startswith("tsv") else ",", columns=shown,
        )  # fmt: skip

    return View(
        table,
        lambda: tables.comparison_records(comparison, order=order, extras=machine, sources=sources, columns=shown),
        after=tuple(tables.provenance_lines(comparison, shown, lang=lang)) if sources else (),
        delimited=delimited,
    )


def serving_view(servings: Sequence[Any], lang: str = "en", flags: bool = True) -> View:
    """``chipspec llm MODEL CHIPS``: the serving figures of each chip and batch."""
    return View(tables.serving_table(servings, lang, flags), lambda: tables.serving_records(servings))


def models_view(models: Mapping[str, Any], lang: str = "en") -> View:
    """``chipspec llm --list``: the bundled models."""
    return View(tables.models_table(models, lang))


def export_view(results: Sequence[Any], lang: str = "en") -> View:
    """``chipspec export-control``: each chip under each rule."""
    return View(tables.export_table(results, lang), lambda: [r.to_record() for r in results])


def metrics_view(lang: str = "en") -> View:
    """``chipspec metrics``: the metric registry."""
    from ..metrics import METRICS

    def records() -> Any:
        return [
            {"metric": m.name, "formula": m.formula, "unit": m.unit, "direction": m.direction,
             "description": m.description}
            for m in METRICS.values()
        ]  # fmt: skip

    return View(tables.metrics_table(lang), records)


def checks_view(acknowledgements: Sequence[Sequence[str]] | None = None, lang: str = "en") -> list[View]:
    """``chipspec checks``: the data checks, and (given) the acknowledgements of a catalog
    (their reasons are the sheets' text, quoted as written)."""
    from .. import i18n
    from ..checks import CHECKS
    from .text import Cell, Head

    rows = [
        [Cell(c.name, raw=c.name), Cell(i18n.phrase(c.description, lang), raw=c.description)] for c in CHECKS.values()
    ]
    heads = [
        Head("check", i18n.phrase("check", lang), numeric=False),
        Head("description", i18n.phrase("what it warns about", lang), numeric=False),
    ]
    views = [View(Table(heads, rows, lang=lang))]
    if acknowledgements is not None:
        acks = [[Cell(x, raw=x) for x in row] for row in acknowledgements]
        words = ("chip", "field", "check", "acknowledged because")
        heads = [Head(k, i18n.phrase(k, lang), numeric=False) for k in words]
        views.append(View(Table(heads, acks, lang=lang)))
    return views


def systems_view(
    systems: Sequence[Any],
    lang: str = "en",
    columns: Sequence[str] | None = None,
    sort: str | None = None,
    **options: Any,
) -> View:
    """``chipspec systems``: one row per system (scale-up domains and supernodes);
    ``options`` are :func:`chipspec.report.systems.systems_table`'s (rank, score, pareto,
    baseline)."""
    from . import systems as system_tables

    return View(system_tables.systems_table(systems, lang, columns, sort, **options))


def system_view(system: Any, lang: str = "en") -> View:
    """``chipspec show SYSTEM``: the sheet's values with sources, derived totals beside
    published ones, then the sources."""
    from . import systems as system_tables

    table = system_tables.system_table(system, lang)
    return View(table, title=table.title, after=tuple(system_tables.sources_lines(system)))
