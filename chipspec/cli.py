"""The ``chipspec`` command: parse arguments, call the library, print, return an exit code.

Exit codes: 0 success, 1 invalid data (a bad spec sheet), 2 usage errors (unknown chip,
field, metric or format; bad arguments).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from .catalog import Catalog
from .errors import AmbiguousChipError, CatalogError, ChipspecError, SpecError, UnknownNameError
from .load import load_catalog
from .spec import FIELDS, Provenance
from .units import Quantity, format_quantity

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
    if isinstance(value, Quantity):
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
    names = ", ".join(p_.key for p_ in p.sources)
    return names if p.explicit else f"(sheet) {names}"


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
    total = len(catalog) + bad
    summary = f"{total} sheet(s) checked: {len(catalog)} valid, {bad} invalid"
    print(summary, file=err if problems else out)
    return EXIT_INVALID if problems else EXIT_OK


def _cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .schema import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False), file=out)
    return EXIT_OK


def _cmd_metrics(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from tabulate import tabulate

    from .metrics import METRICS

    rows = [[m.name, m.formula, m.unit, m.direction, m.description] for m in METRICS.values()]
    headers = ["metric", "formula", "unit", "better", "description"]
    print(tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True), file=out)
    print("\n'compute' is dense compute at the comparison's precision (--precision, default bf16).", file=out)
    return EXIT_OK


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
        epilog="examples:\n  chipspec validate\n  chipspec validate specs/nvidia/nvidia-h20.yaml\n"
        "  chipspec validate my-specs/ --with-bundled",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the bundled catalog)")
    p.add_argument("--with-bundled", action="store_true", help="load the bundled catalog too (for extends)")
    p.set_defaults(run=_cmd_validate)

    p = commands.add_parser(
        "schema", help="print the JSON Schema of the spec-sheet format",
        description="Print a JSON Schema of the spec-sheet format, for editors that validate YAML.",
        epilog="examples:\n  chipspec schema > chipspec.schema.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    p.set_defaults(run=_cmd_schema)

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
    except ChipspecError as error:
        print(f"chipspec: error: {error}", file=err)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
