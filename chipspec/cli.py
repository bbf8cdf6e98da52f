"""The ``chipspec`` command: parse arguments, call the library, print, return an exit code.

Exit codes: 0 success, 1 invalid data (a bad spec sheet), 2 usage errors (unknown chip,
field, metric or format; bad arguments).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from .catalog import Catalog
from .errors import AmbiguousChipError, CatalogError, ChipspecError, SpecError, UnknownNameError
from .load import load_catalog
from .spec import FIELDS, Provenance, Spec, suggest
from .units import format_quantity, is_quantity

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse with examples kept verbatim in the help text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)


def _catalog_options(parser: argparse.ArgumentParser, prefer: bool = True) -> None:
    group = parser.add_argument_group("catalog")
    group.add_argument(
        "--specs", action="append", default=[], metavar="PATH",
        help="also load spec sheets from this file or folder (repeatable)",
    )  # fmt: skip
    group.add_argument("--no-bundled", action="store_true", help="do not load the bundled catalog")
    if prefer:
        group.add_argument(
            "--prefer-source", metavar="KEY",
            help="take each value from this source wherever a sheet has it (e.g. guojin-2026-03)",
        )  # fmt: skip


def _chip_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--vendor", help="only chips of this vendor")
    parser.add_argument("--category", help="only chips of this category (GPU, NPU, TPU, ASIC, other)")
    parser.add_argument("--precision", default="bf16", help="what 'compute' means: bf16 (default), fp16, fp8, int8 ...")
    parser.add_argument(
        "--fallback", action="store_true", help="use another precision when a chip lacks the one asked (marked †)"
    )


def _load(args: argparse.Namespace, err: TextIO) -> tuple[Catalog, int]:
    """The catalog the options ask for; bad sheets are reported and the rest kept."""
    try:
        return load_catalog(
            *args.specs, bundled=not args.no_bundled, prefer_source=getattr(args, "prefer_source", None)
        ), EXIT_OK
    except CatalogError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=err)
        return error.catalog, EXIT_INVALID


def display(value: Any, unit: str | None = None) -> str:
    """A field value as text: quantities in the unit they were written in."""
    if value is None:
        return "—"
    if is_quantity(value):
        return format_quantity(value, unit)
    return str(value)


def _cmd_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from tabulate import tabulate

    catalog, status = _load(args, err)
    if args.vendor or args.category:
        catalog = catalog.filter(vendor=args.vendor, category=args.category)
    rows = [[c.id, c.vendor, c.name, c.category or "—", c.released or "—"] for c in catalog]
    print(tabulate(rows, headers=["id", "vendor", "name", "category", "released"], tablefmt="simple"), file=out)
    return status


def _source_text(p: Provenance) -> str:
    if not p.sources:
        return "—"
    if not p.explicit:
        return "(the sheet's sources)"
    return ", ".join(s.key for s in p.sources)


def _cmd_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from tabulate import tabulate

    catalog, status = _load(args, err)
    chip = catalog.get(args.chip)
    print(f"{chip.vendor} {chip.name} ({chip.id})", file=out)
    if chip.aliases:
        print(f"aliases: {', '.join(chip.aliases)}", file=out)
    if chip.extends:
        print(f"extends: {chip.extends}", file=out)
    rows = []
    footnotes: list[str] = []
    for path in FIELDS:
        if path not in chip.entries:
            if args.all:
                rows.append([path, "—"] + (["", "", ""] if args.sources else []))
            continue
        p = chip.provenance(path)
        text = display(p.value, p.unit)
        if args.sources:
            marks = []
            if p.note:
                footnotes.append(p.note)
                marks.append(f"[{len(footnotes)}]")
            for alt in p.alternatives:
                alt_source = ", ".join(s.key for s in alt.sources) or "—"
                footnotes.append(
                    f"alternative {display(alt.value, alt.unit)} from {alt_source}"
                    + (f": {alt.note}" if alt.note else "")
                )
                marks.append(f"[{len(footnotes)}]")
            if p.preferred_source:
                marks.append("(preferred source)")
            sheet = f" (from {p.sheet})" if p.sheet and p.sheet != chip.id else ""
            rows.append([path, text, _source_text(p) + sheet, p.confidence or "—", " ".join(marks)])
        else:
            rows.append([path, text])
    headers = ["field", "value"] + (["source", "confidence", "notes"] if args.sources else [])
    print(tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True), file=out)
    if args.sources:
        for i, note in enumerate(footnotes, 1):
            print(f"[{i}] {note}", file=out)
        if chip.sources:
            print("\nsources:", file=out)
            for key, source in chip.sources.items():
                where = source.url or "(no url)"
                print(f"  {key}: {source.title or ''} {where}".rstrip(), file=out)
    return status


def _cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    paths = args.paths
    bundled = not paths or args.with_bundled
    try:
        catalog = load_catalog(*paths, bundled=bundled)
        problems: tuple[Any, ...] = ()
        bad = 0
    except CatalogError as error:
        catalog, problems = error.catalog, error.problems
        bad = len({p.path for p in problems})
    for problem in problems:
        print(problem, file=out)
    findings: list[Any] = []
    if args.strict:
        from .checks import run_checks

        findings = run_checks(catalog)
        for finding in findings:
            print(f"warning: {finding}", file=out)
    total = len(catalog) + bad
    summary = f"{total} sheet(s) checked: {len(catalog)} valid, {bad} invalid"
    if args.strict:
        summary += f", {len(findings)} warning(s)"
    failed = bool(problems or findings)
    print(summary, file=err if failed else out)
    return EXIT_INVALID if failed else EXIT_OK


def _cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .schema import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False), file=out)
    return EXIT_OK


def _cmd_export_control(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import datetime as dt

    from .export_rules import export_control
    from .report.table import export_control_table, render, render_json

    _check_format(args.format)
    try:
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        raise UsageError(f"--as-of: expected a date like 2026-01-31, got {args.as_of!r}") from None
    catalog, status = _load(args, err)
    chips = _select(args, catalog)
    if not chips:
        raise UsageError("no chips (check --vendor/--category)")
    records = export_control(chips, rule=_split(args.rule) or None, as_of=as_of)
    if args.format == "json":
        print(render_json(records), file=out)
    else:
        print(render(export_control_table(records, chips), args.format), file=out)
    return status


def _cmd_checks(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from tabulate import tabulate

    from .checks import CHECKS, acknowledgements

    rows = [[c.name, c.description] for c in CHECKS.values()]
    print(tabulate(rows, headers=["check", "what it warns about"], tablefmt="simple"), file=out)
    if args.acks:
        catalog, status = _load(args, err)
        print("", file=out)
        acks = [[chip, field, check, reason] for chip, field, check, reason in acknowledgements(catalog)]
        print(tabulate(acks, headers=["chip", "field", "check", "acknowledged because"], tablefmt="simple"), file=out)
        return status
    return EXIT_OK


def _cmd_metrics(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from tabulate import tabulate

    from .metrics import METRICS

    rows = [[m.name, m.formula, m.unit, m.direction, m.description] for m in METRICS.values()]
    headers = ["metric", "formula", "unit", "better", "description"]
    print(tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True), file=out)
    print("\n'compute' is dense compute at the comparison's precision (--precision, default bf16).", file=out)
    return EXIT_OK


def _split(text: str | None) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()] if text else []


def _weights(text: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for part in _split(text):
        name, _, weight = part.partition("=")
        try:
            weights[name.strip()] = float(weight) if weight else 1.0
        except ValueError:
            raise UsageError(f"--score: expected metric=weight like 'bandwidth_per_watt=2', got {part!r}") from None
    return weights


class UsageError(ChipspecError):
    """Arguments that parse but do not make sense together (exit code 2)."""


def _select(args: argparse.Namespace, catalog: Catalog) -> list[Spec]:
    if args.vendor or args.category:
        catalog = catalog.filter(vendor=args.vendor, category=args.category)
    return catalog.select(args.chips) if args.chips else list(catalog)


def _check_format(fmt: str) -> None:
    from .report.table import FORMATS

    if fmt not in FORMATS:
        raise UnknownNameError("format", fmt, suggest(fmt, FORMATS))


def _columns(args: argparse.Namespace) -> list[str]:
    from .compare import DEFAULT_COLUMNS

    fields, metrics = _split(args.fields), _split(args.metrics)
    return fields + metrics if fields or metrics else list(DEFAULT_COLUMNS)


def _cmd_compare(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .compare import compare
    from .i18n import check_language
    from .report.table import Extra, build_table, provenance_lines, render, render_json, transpose

    _check_format(args.format)
    check_language(args.lang)
    catalog, status = _load(args, err)
    chips = _select(args, catalog)
    if not chips:
        raise UsageError("no chips to compare (check --vendor/--category)")
    comparison = compare(chips, _columns(args), args.precision, fallback=args.fallback)
    n = len(comparison.chips)
    order = list(range(n))
    extras: list[Extra] = []
    records = None
    if args.sort:
        order = [comparison.chips.index(r.chip) for r in comparison.rank(args.sort)]
    if args.rank:
        ranking = comparison.rank(args.rank)
        order = [comparison.chips.index(r.chip) for r in ranking]
        by_chip = {r.chip.id: r for r in ranking}
        extras.append(Extra("rank", [str(by_chip[c.id].rank or "—") for c in comparison.chips]))
        records = {r["id"]: {"rank": r["rank"]} for r in ranking.to_records()}
    elif args.score:
        scoring = comparison.score(_weights(args.score))
        order = [comparison.chips.index(r.chip) for r in scoring]
        scored = {r.chip.id: r for r in scoring}
        rows = [scored[c.id] for c in comparison.chips]
        extras.append(Extra("rank", [str(r.rank or "—") for r in rows]))
        extras.append(Extra("score", ["—" if r.score is None else f"{r.score:.3f}" for r in rows]))
        for metric in scoring.weights:
            extras.append(
                Extra(f"+{metric}", [f"{r.contributions[metric]:.3f}" if r.contributions else "—" for r in rows])
            )
        records = {r["id"]: {k: r[k] for k in ("rank", "score", "contributions")} for r in scoring.to_records()}
    elif args.pareto:
        front = comparison.pareto(_split(args.pareto))
        status_of = {c.id: "front" for c in front.front}
        status_of |= {c.id: f"dominated by {by.id}" for c, by in front.dominated}
        extras.append(Extra("pareto", [status_of.get(c.id, "—") for c in comparison.chips]))
        on_front = {c.id for c in front.front}
        order = sorted(
            order, key=lambda i: (comparison.chips[i].id not in on_front, comparison.chips[i].id not in status_of)
        )
        records = {
            r["id"]: {k: v for k, v in r.items() if k in ("pareto", "dominated_by", "missing")}
            for r in front.to_records()
        }
    if args.format == "json":
        data = comparison.to_records(sources=args.sources)
        if records:
            for rec in data:
                rec.update(records.get(rec["id"], {}))
        data = [data[i] for i in order]
        print(render_json(data), file=out)
    else:
        table = build_table(
            comparison, order=order, extras=extras, lang=args.lang, flags=not args.no_flags, prefer=args.prefer_source
        )
        if args.transpose:
            table = transpose(table, args.lang)
        print(render(table, args.format), file=out)
        if args.sources and args.format != "csv":
            print("\n" + "\n".join(provenance_lines(comparison, lang=args.lang)), file=out)
    if args.plot:
        _draw(comparison, args.kind, _split(args.metric) or None, args.lang, args.plot, err)
    return status


def _draw(comparison: Any, kind: str, metrics: list[str] | None, lang: str, path: str, err: TextIO) -> None:
    from .report.plot import plot, save

    figure = plot(comparison, kind, metrics=metrics, lang=lang)
    save(figure, path)
    print(f"wrote {path}", file=err)


def _cmd_plot(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .compare import compare

    catalog, status = _load(args, err)
    chips = _select(args, catalog)
    if not chips:
        raise UsageError("no chips to plot (check --vendor/--category)")
    comparison = compare(chips, [], args.precision, fallback=args.fallback)
    _draw(comparison, args.kind, _split(args.metric) or None, args.lang, args.output, err)
    return status


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parsers of the ``chipspec`` commands, by name (for docs and tests)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``chipspec`` command (also used to document it)."""
    parser = _Parser(
        prog="chipspec",
        description="Compare AI accelerator spec sheets with units and sources.",
        epilog="examples:\n  chipspec list\n  chipspec show h20 --sources\n  chipspec validate my-specs/",
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"chipspec {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = commands.add_parser(
        "list", help="list the chips in the catalog",
        description="List the chips in the catalog: id, vendor, name, category, released.",
        epilog="examples:\n  chipspec list\n  chipspec list --vendor NVIDIA\n"
        "  chipspec list --specs my-specs/ --no-bundled",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    p.add_argument("--vendor", help="only chips of this vendor")
    p.add_argument("--category", help="only chips of this category (GPU, NPU, TPU, ASIC, other)")
    _catalog_options(p, prefer=False)
    p.set_defaults(run=_cmd_list)

    p = commands.add_parser(
        "show", help="show every field of one chip",
        description="Show every known field of one chip, with units; --sources adds each value's source.",
        epilog="examples:\n  chipspec show h20\n  chipspec show 'Ascend 910B' --sources\n"
        "  chipspec show h20 --sources --prefer-source guojin-2026-03",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    p.add_argument("chip", help="an id, name, 'vendor name' or alias (case, spaces and hyphens do not matter)")
    p.add_argument("--sources", action="store_true", help="show each value's source, confidence and notes")
    p.add_argument("--all", action="store_true", help="also list the fields that are unknown")
    _catalog_options(p)
    p.set_defaults(run=_cmd_show)

    p = commands.add_parser(
        "validate", help="check spec sheets",
        description="Check spec sheets and print each problem as file:line: field: message.\n"
        "Exit status: 0 all valid, 1 some invalid, 2 usage error.",
        epilog="examples:\n  chipspec validate\n  chipspec validate --strict\n"
        "  chipspec validate specs/nvidia/nvidia-h20.yaml\n  chipspec validate my-specs/ --with-bundled",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the bundled catalog)")
    p.add_argument("--with-bundled", action="store_true", help="load the bundled catalog too (for extends)")
    p.add_argument(
        "--strict", action="store_true",
        help="also run the data checks (see 'chipspec checks'); unacknowledged warnings fail",
    )  # fmt: skip
    p.set_defaults(run=_cmd_validate)

    p = commands.add_parser(
        "schema", help="print the JSON Schema of the spec-sheet format",
        description="Print a JSON Schema of the spec-sheet format, for editors that validate YAML.",
        epilog="examples:\n  chipspec schema > chipspec.schema.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    p.set_defaults(run=_cmd_schema)

    from .report.plot_kinds import CHART_KINDS
    from .report.table import FORMATS

    p = commands.add_parser(
        "compare", help="compare chips in a table (and a chart)",
        description="Compare chips on fields and metrics. With no chips, the whole catalog (filtered by\n"
        "--vendor/--category). Values that carry a note, a confidence other than official or other\n"
        "published figures are marked * and footnoted; — marks what cannot be computed, and why.",
        epilog="examples:\n"
        "  chipspec compare h20 910b ppu\n"
        "  chipspec compare --vendor NVIDIA --metrics bandwidth_per_watt,tflops_per_watt --sort tflops_per_watt\n"
        "  chipspec compare --score bandwidth_per_watt=2,tflops_per_watt=1 --format github\n"
        "  chipspec compare --pareto memory.bandwidth,tflops_per_watt --precision fp8\n"
        "  chipspec compare h20 a800 --format json --sources\n"
        "  chipspec compare thead-ppu nvidia-a800 nvidia-h20 huawei-ascend-910b biren-br104p \\\n"
        "      --fields memory.capacity,memory.type,interconnect.bandwidth,host.pcie,power.tdp \\\n"
        "      --prefer-source guojin-2026-03 --transpose --lang zh\n"
        "  chipspec compare --plot bw.png --kind bar --metric bandwidth_per_watt",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    p.add_argument("chips", nargs="*", metavar="CHIP", help="ids, names or aliases (default: the whole catalog)")
    _chip_options(p)
    p.add_argument("--metrics", metavar="M1,M2", help="metrics to show (see 'chipspec metrics')")
    p.add_argument("--fields", metavar="F1,F2", help="fields to show, e.g. memory.capacity,power.tdp")
    p.add_argument("--sort", metavar="METRIC", help="order rows by a metric or field, best first")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--rank", metavar="METRIC", help="rank by one metric (ties share a rank)")
    how.add_argument(
        "--score", metavar="M1=W1,M2=W2", help="rank by a weighted score (each metric relative to the best)"
    )
    how.add_argument("--pareto", metavar="M1,M2", help="mark the Pareto front over these metrics")
    p.add_argument(
        "--format", default="simple", metavar="FMT", help=f"output format: {', '.join(FORMATS)} (default: simple)"
    )
    p.add_argument("--transpose", action="store_true", help="parameters as rows, chips as columns")
    p.add_argument("--lang", default="en", choices=["en", "zh"], help="label language (default: en)")
    p.add_argument("--sources", action="store_true", help="list each value's sources under the table (JSON: per value)")
    p.add_argument("--no-flags", action="store_true", help="do not mark and footnote flagged values")
    p.add_argument("--plot", metavar="PATH", help="also draw a chart (.png or .svg)")
    p.add_argument("--kind", default="bar", choices=CHART_KINDS, help="chart kind for --plot (default: bar)")
    p.add_argument("--metric", metavar="M[,M2...]", help="chart metric(s): bar 1, scatter 2, radar 3+")
    _catalog_options(p)
    p.set_defaults(run=_cmd_compare)

    p = commands.add_parser(
        "plot", help="draw a chart",
        description="Draw a chart of chips: " + ", ".join(CHART_KINDS) + ". PNG or SVG by the file extension.",
        epilog="examples:\n"
        "  chipspec plot bar -o bw.png --metric bandwidth_per_watt\n"
        "  chipspec plot scatter h100-sxm h20 mi300x 910b -o s.svg --metric memory.bandwidth,compute\n"
        "  chipspec plot roofline h100-sxm h20 a800 -o roof.png --precision fp16\n"
        "  chipspec plot radar --vendor NVIDIA -o radar.png",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    p.add_argument("kind", choices=CHART_KINDS, help="chart kind")
    p.add_argument("chips", nargs="*", metavar="CHIP", help="ids, names or aliases (default: the whole catalog)")
    p.add_argument("-o", "--output", required=True, metavar="PATH", help="image file to write (.png or .svg)")
    p.add_argument("--metric", metavar="M[,M2...]", help="metric(s): bar 1, scatter 2, radar 3+")
    p.add_argument("--lang", default="en", choices=["en", "zh"], help="label language (default: en)")
    _chip_options(p)
    _catalog_options(p)
    p.set_defaults(run=_cmd_plot)

    from .export_rules import RULES

    p = commands.add_parser(
        "export-control", help="where chips fall under the US 3A090 rules",
        description="Total processing performance (TPP), performance density (PD), chip I/O and DRAM bandwidth\n"
        "of each chip, its class under each US 3A090 rule in force on a date, and the margin to the\n"
        "nearest threshold that would change it. Informational reading of public rules; not legal advice.",
        epilog="examples:\n"
        "  chipspec export-control h100-sxm h20 a800 910b\n"
        "  chipspec export-control --rule us-3a090-2022 --as-of 2023-06-01\n"
        "  chipspec export-control --vendor NVIDIA --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    p.add_argument("chips", nargs="*", metavar="CHIP", help="ids, names or aliases (default: the whole catalog)")
    p.add_argument(
        "--rule", metavar="NAME[,NAME]", help=f"rules to apply: {', '.join(RULES)} (default: those in force)"
    )
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="date that picks the rules in force (default: today)")
    p.add_argument("--format", default="simple", metavar="FMT", help="output format, as for compare (default: simple)")
    p.add_argument("--vendor", help="only chips of this vendor")
    p.add_argument("--category", help="only chips of this category")
    _catalog_options(p)
    p.set_defaults(run=_cmd_export_control)

    p = commands.add_parser(
        "checks", help="list the data checks of 'validate --strict'",
        description="List the checks 'chipspec validate --strict' runs. A sheet silences one on a value\n"
        "with 'ack: {check-name: reason}' in the value's long form (or on a source entry).",
        epilog="examples:\n  chipspec checks\n  chipspec checks --acks",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    p.add_argument("--acks", action="store_true", help="also list every acknowledgement in the catalog")
    _catalog_options(p, prefer=False)
    p.set_defaults(run=_cmd_checks)

    p = commands.add_parser(
        "metrics", help="list the derived metrics",
        description="List every registered metric with its formula, unit and direction.",
        epilog="examples:\n  chipspec metrics",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    p.set_defaults(run=_cmd_metrics)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(argv)  # argparse prints help and usage errors itself
    except SystemExit as exit_:
        return int(exit_.code or 0)
    run: Callable[[argparse.Namespace, TextIO, TextIO], int] = args.run
    try:
        return run(args, out, err)
    except (UnknownNameError, AmbiguousChipError) as error:
        print(f"chipspec: error: {error}", file=err)
        return EXIT_USAGE
    except (SpecError, CatalogError) as error:
        print(f"chipspec: error: {error}", file=err)
        return EXIT_INVALID
    except ChipspecError as error:  # UsageError and argument-level problems
        print(f"chipspec: error: {error}", file=err)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # a bug: one line for the user, the traceback on request
        if os.environ.get("CHIPSPEC_DEBUG"):
            raise
        print(f"chipspec: internal error: {error!r} (set CHIPSPEC_DEBUG=1 for the traceback)", file=err)
        return EXIT_INVALID


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
