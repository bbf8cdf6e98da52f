"""The chart kinds: one record each (name, what it shows, the columns it takes, its defaults,
the figures it rests on, whether the HTML report draws it), feeding the CLI's help and
choices, the column check in :func:`chipspec.report.charts.plot`, the report's chart list
and the site's "appears in" links. Plain data: listing them imports no chart code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "CHART_KINDS",
    "KINDS",
    "REPORT_KINDS",
    "ChartKind",
    "columns_help",
]


@dataclass(frozen=True)
class ChartKind:
    """One chart kind.

    Attributes:
        name: the kind's name in Python and on the command line.
        summary: what it shows, in a few words (help texts).
        fewest, most: how many columns it takes (``most`` None: no bound; 0, 0: none, it
            always draws the same figures).
        defaults: the columns it draws when none are named.
        uses: the figures it rests on when it takes no columns (a chip lacking one is not
            drawn); otherwise the columns themselves.
        in_report: the HTML report and site draw it (with its defaults).
        needs: what it needs besides a comparison ("serving": an LLM serving estimate).
    """

    name: str
    summary: str
    fewest: int
    most: int | None
    defaults: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    in_report: bool = False
    needs: str | None = None

    def figures(self, columns: tuple[str, ...] | None = None) -> tuple[str, ...]:
        """The figures a chip needs to appear on this chart, drawn with ``columns``."""
        if self.most == 0:
            return self.uses
        return self.defaults if columns is None else columns

    @property
    def takes(self) -> str:
        """How many columns, in words: "1", "3-8", "none"."""
        if self.most == 0:
            return "none"
        if self.fewest == self.most:
            return str(self.fewest)
        return f"{self.fewest}-{self.most}" if self.most is not None else f"{self.fewest} or more"


_RADAR = ("bandwidth_per_watt", "tflops_per_watt", "interconnect_per_watt", "memory.capacity", "memory.bandwidth")
KINDS: Mapping[str, ChartKind] = {
    k.name: k
    for k in (
        ChartKind("bar", "chips ranked by one column", 1, 1, ("bandwidth_per_watt",), in_report=True),
        ChartKind(
            "scatter", "two columns against each other, with the Pareto front", 2, 2,
            ("memory.bandwidth", "compute"), in_report=True,
        ),
        ChartKind(
            "roofline", "attainable compute against arithmetic intensity", 0, 0,
            uses=("compute", "memory.bandwidth"), in_report=True,
        ),
        ChartKind("radar", "three to eight columns, each relative to the best chip", 3, 8, _RADAR),
        ChartKind(
            "export-map", "TPP against performance density with the US 3A090 regions", 0, 0,
            uses=("tpp", "performance_density"), in_report=True,
        ),
        ChartKind(
            "serving", "an LLM decode figure against batch", 1, 1, ("tokens_per_second_per_chip",),
            needs="serving",
        ),
        # the report draws it in its own measured section, for the chips with measurements
        ChartKind("measured", "each chip's peak beside its measurement (a measured column)", 1, 1, ("measured.bf16",)),
    )
}  # fmt: skip
CHART_KINDS: tuple[str, ...] = tuple(KINDS)
REPORT_KINDS: tuple[str, ...] = tuple(k.name for k in KINDS.values() if k.in_report)


def columns_help(kinds: tuple[str, ...] = CHART_KINDS) -> str:
    """How many columns each kind draws, for help texts: "bar 1, scatter 2, ... roofline none"."""
    return ", ".join(f"{name} {KINDS[name].takes}" for name in kinds if KINDS[name].needs is None)
