"""Benchmark: the HTML report (and optionally the site) of N generated chips (default 1,000),
the way ``chipspec report -o FILE`` and ``chipspec report --site -o DIR`` make them.

Usage: python benchmarks/bench_report.py [N] [--site] [--repeat R]

The chips are bench_charts.py's (seeded, every figure the charts draw). The report is timed
from ``chipspec.html_report(chips)`` to the written file, and split into its parts: the
comparison and export classification, each chart (plot and SVG text), and the HTML itself
(the table with every value's provenance disclosure); the best of ``--repeat`` runs (default
1). With ``--site`` the site (an index and a page per chip) is timed too. The machine's load
average is printed, since the machine these figures come from is shared.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))
sys.path.insert(0, str(Path(__file__).parent))
from bench_charts import generate

from chipspec.catalog import Catalog
from chipspec.comparison import DEFAULT_COLUMNS, compare
from chipspec.lenses.export_control import export_control
from chipspec.report import html
from chipspec.report.charts import plot, svg_text
from chipspec.version import CATALOG_DATE


class Seconds(float):
    """Wall-clock seconds that also carry the CPU seconds of the same run (on a shared
    machine the CPU time says what the work costs, the wall time what a user waited)."""

    cpu: float

    def __format__(self, spec: str) -> str:
        return f"{float(self):{spec}} s wall, {self.cpu:{spec}} s CPU"


def best(repeat: int, fn: object) -> Seconds:
    assert callable(fn)
    runs = []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        runs.append((time.perf_counter() - start, time.process_time() - cpu))
    wall, cpu_seconds = min(runs)
    out = Seconds(wall)
    out.cpu = cpu_seconds
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=1000)
    parser.add_argument("--site", action="store_true", help="also time the site of the same chips")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--no-charts", action="store_true", help="time only the parts other than charts (bench_charts.py times those)"
    )
    args = parser.parse_args()
    chips = generate(args.n)
    out = Path(tempfile.mkdtemp())
    print(f"{args.n} generated chips; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if not args.no_charts:
        report = best(args.repeat, lambda: html.report(chips, path=out / "report.html"))
        size = (out / "report.html").stat().st_size
        print(f"  report, whole      {report:6.2f}  ({size / 1e6:.1f} MB)", flush=True)
    comparison = compare(chips, DEFAULT_COLUMNS, "16bit")
    print(f"  compare + export   {best(args.repeat, lambda: export_control(chips, as_of=CATALOG_DATE)):6.2f}")
    for kind, _, columns in () if args.no_charts else html.REPORT_CHARTS:
        seconds = best(args.repeat, lambda k=kind, c=columns: svg_text(plot(comparison, k, columns=c)))  # type: ignore[misc]
        print(f"  chart {kind:<12} {seconds:6.2f}", flush=True)
    export = export_control(chips, as_of=CATALOG_DATE)
    page = best(args.repeat, lambda: html.report_html(comparison, export=export, charts=False))
    print(f"  HTML, no charts    {page:6.2f}", flush=True)
    if args.site and args.no_charts:
        catalog = Catalog(chips)
        seconds = best(args.repeat, lambda: html.site_pages(catalog, comparison, export, charts=False))
        print(f"  site pages, no charts {seconds:6.2f}", flush=True)
    elif args.site:
        folder = out / "site"
        seconds = best(args.repeat, lambda: html.site(folder, Catalog(chips)))
        pages = len(list((folder / "chips").glob("*.html")))
        print(f"  site, whole        {seconds:6.2f}  ({pages + 1} pages)", flush=True)
    print(f"  load average now {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
