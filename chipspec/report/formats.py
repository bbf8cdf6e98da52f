"""The names of the output formats, in a module of their own so that the command line can
list them (for ``--help`` and ``--format`` choices) without importing the renderer.

``chipspec.report.text`` renders them; a test checks :data:`TABULATE_FORMATS` against
``tabulate.tabulate_formats``.
"""

from __future__ import annotations

__all__ = ["FORMATS", "MACHINE_FORMATS", "TABULATE_FORMATS"]

# tabulate's formats, listed here so that naming them does not import tabulate.
TABULATE_FORMATS: tuple[str, ...] = (
    "asciidoc", "colon_grid", "double_grid", "double_outline", "fancy_grid", "fancy_outline", "github",
    "grid", "heavy_grid", "heavy_outline", "html", "jira", "latex", "latex_booktabs", "latex_longtable",
    "latex_raw", "mediawiki", "mixed_grid", "mixed_outline", "moinmoin", "orgtbl", "outline", "pipe",
    "plain", "presto", "pretty", "psql", "rounded_grid", "rounded_outline", "rst", "simple", "simple_grid",
    "simple_outline", "textile", "tsv", "unsafehtml", "youtrack",
)  # fmt: skip
MACHINE_FORMATS: tuple[str, ...] = ("csv", "tsv", "csv-long", "tsv-long", "json")
# Every output format: the fitted terminal table, tabulate's own, and files for machines.
FORMATS: tuple[str, ...] = ("terminal", *(f for f in TABULATE_FORMATS if f != "tsv"), *MACHINE_FORMATS)
