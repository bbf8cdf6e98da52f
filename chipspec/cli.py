"""The ``chipspec`` command: parse arguments, call the library, render, print, exit code.

Exit codes: 0 success, 1 invalid data (a bad spec sheet, or a chip whose sheet did not
load), 2 usage or environment errors (unknown chip, field, metric or format; bad
arguments; an output that cannot be written). Handlers return their text and status;
:func:`main` alone writes to the streams, so a closed pipe (``| head``) still ends with
the command's real status.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import io
import os
import shlex
import shutil
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .cache import load_catalog
from .catalog import Catalog
from .errors import (
    AmbiguousChipError,
    CatalogError,
    ChipNotLoadedError,
    ChipspecError,
    OutputError,
    Problem,
    SpecError,
    UnknownNameError,
    UsageError,
)
from .output import check_target, write_output
from .spec import Spec
from .version import CATALOG_DATE

__all__ = ["build_parser", "main", "run", "subcommands"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
DEFAULT_WIDTH = 100


@dataclass
class Result:
    """What a command prints (``out`` to standard output, ``err`` to standard error) and
    its exit status."""

    out: str = ""
    status: int = EXIT_OK
    err: list[str] = field(default_factory=list)


class _Parser(argparse.ArgumentParser):
    """argparse with examples kept verbatim in the help text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)


# --- shared options ----------------------------------------------------------------------


def _catalog_options(parser: argparse.ArgumentParser, prefer: bool = True) -> None:
    group = parser.add_argument_group("catalog")
    group.add_argument(
        "--specs", action="append", default=[], metavar="PATH",
        help="also load spec sheets from this file or folder (repeatable)",
    )  # fmt: skip
    group.add_argument("--no-bundled", action="store_true", help="do not load the bundled catalog")
    group.add_argument(
        "-q", "--quiet", action="store_true",
        help="no progress line on a terminal while long work runs (never shown when stderr is not a terminal)",
    )  # fmt: skip
    if prefer:
        group.add_argument(
            "--prefer-source", metavar="KEY",
            help="take each value from this source wherever a sheet has it (e.g. guojin-2026-03)",
        )  # fmt: skip


def _selection_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("selection")
    group.add_argument("--vendor", action="append", metavar="NAME", help="only chips of this vendor (repeatable)")
    group.add_argument(
        "--category", action="append", metavar="CAT", help="only this category: GPU, NPU, TPU, ASIC, other"
    )
    group.add_argument(
        "--country", action="append", metavar="CODE", help="only chips of vendors from this country (CN, US ...)"
    )


def _precision_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--precision", default="16bit", metavar="P",
        help="what 'compute' means: 16bit (default: BF16 where published, else FP16), bf16, fp16, fp8, int8 ...",
    )  # fmt: skip
    parser.add_argument(
        "--fallback", action="store_true", help="use another precision when a chip lacks the one asked (marked †)"
    )


def _output_options(parser: argparse.ArgumentParser, default: str = "terminal") -> None:
    from .report.formats import FORMATS

    group = parser.add_argument_group("output")
    group.add_argument(
        "--format", default=default, metavar="FMT", help=f"output format: {', '.join(FORMATS)} (default: {default})"
    )
    group.add_argument(
        "--width", type=int, metavar="N", help="terminal width to fit (default: the terminal's, else 100)"
    )
    group.add_argument("--lang", default="en", metavar="LANG", help="label language: en (default) or zh")


def _text(value: str) -> str:
    """A title as given, refused if it is not UTF-8 (Python keeps such bytes as lone
    surrogates, which no file or font can hold)."""
    bad = next((c for c in value if "\udc80" <= c <= "\udcff"), None)
    if bad is not None:
        raise argparse.ArgumentTypeError(f"not UTF-8 text (byte 0x{ord(bad) - 0xDC00:02x}); give it in UTF-8")
    return value


def _chart_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("chart")
    group.add_argument("--title", type=_text, help="the chart's title (default: one per kind)")
    group.add_argument("--size", metavar="WxH", help="chart size in inches, e.g. 12x7 (default 10x6)")
    group.add_argument("--dpi", type=float, help="dots per inch for PNG (default 150)")


def _split(texts: Sequence[str] | str | None) -> list[str]:
    if not texts:
        return []
    items = [texts] if isinstance(texts, str) else texts
    return [t.strip() for text in items for t in text.split(",") if t.strip()]


def _width(args: argparse.Namespace) -> int:
    if getattr(args, "width", None) is not None:
        if not 20 <= args.width <= 1000:
            raise UsageError(f"--width: expected 20 to 1000 columns, got {args.width}")
        return int(args.width)
    return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns


def _load(args: argparse.Namespace, result: Result) -> Catalog:
    """The catalog the options ask for; bad sheets are reported and the rest kept."""
    try:
        return load_catalog(
            *args.specs, bundled=not args.no_bundled, prefer_source=getattr(args, "prefer_source", None),
            progress=getattr(args, "progress", None),
        )  # fmt: skip
    except CatalogError as error:
        if not len(error.catalog):  # nothing loaded: the errors are the whole answer (exit 1)
            raise
        result.err += [f"error: {p}" for p in error.problems]
        result.status = EXIT_INVALID
        catalog: Catalog = error.catalog
        return catalog


def _select(
    args: argparse.Namespace, catalog: Catalog, result: Result, names: Sequence[str] | None = None
) -> list[Spec]:
    """The chips the names (default: ``args.chips``) and filters select, each once. A named
    chip whose sheet did not load is reported in ``result`` (exit 1) and the others are
    still shown; when none of the named chips loaded, that is the error."""
    if getattr(args, "vendor", None) or getattr(args, "category", None) or getattr(args, "country", None):
        catalog = catalog.filter(
            vendor=_split(args.vendor), category=_split(args.category), country=_split(args.country)
        )
    chosen = names if names is not None else getattr(args, "chips", [])
    if not chosen:
        if not len(catalog):
            failed = f"; {len(catalog.failed)} sheet(s) did not load" if catalog.failed else ""
            raise UsageError(f"no chips to show (check --vendor, --category and --country){failed}")
        return list(catalog)
    chips, lost = catalog.choose(chosen)
    if not chips:
        raise lost[0]
    result.err += [f"error: {missing}" for missing in lost]
    result.status = EXIT_INVALID if lost else result.status
    return chips


def _check_lang(lang: str) -> str:
    from .i18n import check_language

    check_language(lang)
    return lang


def _format(args: argparse.Namespace, long: bool = False) -> str:
    """The --format asked for; the long forms (one row per chip and column) only where
    the output is a comparison (``long``)."""
    from .report.text import check_format

    fmt = check_format(args.format)
    if fmt.endswith("-long") and not long:
        raise UsageError(f"--format {fmt}: one row per chip and column is for chipspec compare; use csv or tsv")
    return fmt


def _show(args: argparse.Namespace, *views: Any, long: bool = False) -> str:
    """Views rendered in the asked format and width (several: one after another)."""
    from .report.views import render_view

    fmt, width = _format(args, long), _width(args)
    return "\n\n".join(render_view(v, fmt, width, "cli") for v in views)


def _size(text: str | None) -> tuple[float, float] | None:
    if not text:
        return None
    parts = text.lower().replace("×", "x").split("x")
    try:
        width, height = (float(p) for p in parts)
    except ValueError:
        raise UsageError(f"--size: expected WIDTHxHEIGHT in inches like 12x7, got {text!r}") from None
    return width, height


# --- commands ----------------------------------------------------------------------------


def _cmd_list(args: argparse.Namespace) -> Result:
    from .report.views import catalog_view

    result = Result()
    lang = _check_lang(args.lang)
    catalog = _load(args, result)
    result.out = _show(args, catalog_view(Catalog(_select(args, catalog, result, []), vendors=catalog.vendors), lang))
    return result


def _cmd_show(args: argparse.Namespace) -> Result:
    from .report.views import chip_view, system_view

    result = Result()
    lang = _check_lang(args.lang)
    catalog = _load(args, result)
    system = catalog.systems.find(args.chip)
    if system is not None:
        result.out = _show(args, system_view(system, lang))
        return result
    chip = catalog.get(args.chip)
    view = chip_view(
        chip, precision=args.precision, fallback=args.fallback, sources=args.sources, all_fields=args.all, lang=lang
    )
    result.out = _show(args, view)
    return result


def _cmd_systems(args: argparse.Namespace) -> Result:
    from .report.views import systems_view

    result = Result()
    lang = _check_lang(args.lang)
    catalog = _load(args, result)
    systems = catalog.systems
    chosen = [systems.get_system(n) for n in args.systems] if args.systems else list(systems.values())
    options = {"rank": args.rank, "score": args.score, "pareto": _split(args.pareto) or None, "baseline": args.baseline}
    view = systems_view(chosen, lang, _split(args.columns) or None, args.sort, **options)
    result.out = _show(args, view)
    if args.plot:
        from .report.charts import plot_systems, save

        path = args.output or f"systems-{args.plot}.svg"
        save(plot_systems(chosen, args.plot, lang=lang, vendors=catalog.vendors), path)
        result.err.append(f"wrote {path}")
    return result
    return result


def _cmd_diff(args: argparse.Namespace) -> Result:
    from .report.views import diff_view

    result = Result()
    lang = _check_lang(args.lang)
    catalog = _load(args, result)
    a, b = catalog.get(args.a), catalog.get(args.b)
    if a.id == b.id:
        raise UsageError(f"{args.a!r} and {args.b!r} are the same chip ({a.id})")
    result.out = _show(args, diff_view(a, b, sources=not args.no_sources, lang=lang))
    return result


def _columns(args: argparse.Namespace) -> list[str]:
    from .comparison import DEFAULT_COLUMNS, check_column

    if args.columns is not None and not _split(args.columns):
        raise UsageError("--columns: expected column names like power.tdp,bandwidth_per_watt, got nothing")
    names = _split(args.columns)
    for n in names:
        check_column(n)
    return names or list(DEFAULT_COLUMNS)


def _check_ordering(args: argparse.Namespace) -> None:
    """compare's ordering options: at most one, none empty."""
    for flag in ("sort", "rank", "score", "pareto"):
        if getattr(args, flag) is not None and not getattr(args, flag).strip():
            raise UsageError(f"--{flag}: expected column names, got an empty string")
    if args.sort and (args.rank or args.score or args.pareto):
        raise UsageError("--sort orders rows by one column; it cannot be combined with --rank, --score or --pareto")
    if args.plot is not None and not args.plot.strip():
        raise UsageError("--plot: expected a file name ending in .png, .svg or .pdf, got an empty string")


def _cmd_compare(args: argparse.Namespace) -> Result:
    from .comparison import compare
    from .report.views import compare_view

    result = Result()
    _format(args, long=True)
    lang = _check_lang(args.lang)
    _check_ordering(args)
    catalog = _load(args, result)
    chips = _select(args, catalog, result)
    baseline = catalog.get(args.baseline) if args.baseline else None
    if baseline is not None and baseline.id not in {c.id for c in chips}:
        chips = [*chips, baseline]
    comparison = compare(chips, _columns(args), args.precision, fallback=args.fallback)
    view = compare_view(
        comparison, sort=args.sort, rank=args.rank, score=_weights(args.score) if args.score else None,
        pareto=_split(args.pareto) or None, baseline=baseline, lang=lang, flags=not args.no_flags,
        transpose_table=args.transpose, sources=args.sources, catalog=catalog,
    )  # fmt: skip
    result.out = _show(args, view, long=True)
    if args.plot:
        result.err.append(_draw(comparison, args.kind, _split(args.plot_columns) or None, args, args.plot, catalog))
    return result


def _cmd_llm(args: argparse.Namespace) -> Result:
    from .lenses.llm import bundled_models, servings
    from .report.views import models_view, serving_view

    result = Result()
    _format(args)
    if args.list:
        return Result(_show(args, models_view(bundled_models(), args.lang)))
    if not args.model:
        raise UsageError("name a model (chipspec llm --list shows the bundled ones) or a config.json path")
    if args.plot is not None and not args.plot.strip():
        raise UsageError("--plot: expected a file name ending in .png, .svg or .pdf, got an empty string")
    lang, settings, scenario = _check_lang(args.lang), _settings(args), _scenario(args)
    catalog = _load(args, result)
    if args.system:
        return _llm_system(args, catalog, settings, scenario, lang, result)
    chips = _select(args, catalog, result, args.chip_names)
    found = servings(args.model, chips, _counts(args.batch, "--batch") or [1], settings, **scenario)
    result.out = _show(args, serving_view(found, lang, not args.no_flags))
    if args.plot:
        columns = _split(args.plot_columns) or ["tokens_per_second_per_chip"]
        result.err.append(_draw(found[0], args.kind or "serving", columns, args, args.plot, catalog))
    return result


def _llm_system(
    args: argparse.Namespace,
    catalog: Catalog,
    settings: Any,
    scenario: dict[str, int | None],
    lang: str,
    result: Result,
) -> Result:
    """``chipspec llm MODEL --system ID``: the group inside the system's domain."""
    import dataclasses

    from .lenses.llm.on_system import llm_system
    from .report.views import serving_view

    if args.chip_names or args.plot:
        raise UsageError("--system serves on the system's own chip: leave out chip names and --plot")
    system = catalog.systems.get_system(args.system)
    placed = llm_system(args.model, system, _counts(args.batch, "--batch") or [1], settings, **scenario)
    serving = serving_view(list(placed.servings), lang, not args.no_flags)

    def records() -> Any:  # the serving rows, each with what the system adds
        rows = serving.data()
        for i, row in enumerate(rows):
            row.update(placed.record(i))
        return rows

    view = dataclasses.replace(serving, after=(*serving.after, *placed.lines(lang)), records=records)
    result.out = _show(args, view)
    return result


def _settings(args: argparse.Namespace) -> Any:
    from .lenses.llm import Settings

    given = {
        "weights": args.weights, "kv": args.kv, "compute": args.compute, "group_size": args.group_size,
        "reserve": args.reserve, "mfu": args.mfu, "mbu": args.mbu, "kv_layout": args.kv_layout,
        "fabric": args.fabric, "domain": args.domain,
        "link_latency": None if args.link_latency is None else _seconds(args.link_latency),
    }  # fmt: skip
    # Options left out take the Settings dataclass's defaults: argparse restates none of them.
    chosen = {k: v for k, v in given.items() if v is not None}
    return Settings(
        **chosen, fallback=args.fallback, comm=not args.no_comm, overlap=not args.no_overlap, parts=_parts(args.part)
    ).check()


def _parts(given: list[str] | None) -> tuple[tuple[str, str], ...]:
    """``--part experts=mxfp4`` (repeatable) as (part, format) pairs."""
    out = []
    for text in given or ():
        part, sep, fmt = text.partition("=")
        if not sep or not part.strip() or not fmt.strip():
            raise UsageError(f"--part takes PART=FORMAT (experts=mxfp4), got {text!r}"[:120])
        out.append((part.strip(), fmt.strip()))
    return tuple(out)


def _scenario(args: argparse.Namespace) -> dict[str, int | None]:
    if args.prompt is not None or args.generate is not None:
        if args.context is not None:
            raise UsageError("give --context, or --prompt and --generate, not both")
        if args.prompt is None or args.generate is None:
            raise UsageError("give --prompt and --generate together (--prompt S --generate G)")
        return {"prompt": args.prompt, "generate": args.generate}
    from .lenses.llm.serving import DEFAULT_CONTEXT

    return {"context": args.context if args.context is not None else DEFAULT_CONTEXT}


def _cmd_report(args: argparse.Namespace) -> Result:
    from .report import html

    result = Result()
    if not args.output.strip():
        raise UsageError("-o: expected a file name (or a folder with --site), got an empty string")
    if args.as_of is not None:
        _date(args.as_of)
    _check_report_flags(args)
    if not args.site:
        _check_file(args.output)  # before the work, not after seconds of rendering
    catalog = _load(args, result)
    command = "chipspec " + " ".join(shlex.quote(a) for a in args.argv)
    common = {"columns": _columns(args), "precision": args.precision, "fallback": args.fallback,
              "lang": args.lang, "as_of": args.as_of, "command": command, "progress": args.progress}  # fmt: skip
    if args.site:
        written = html.site(args.output, _site_catalog(args, catalog, result), **common)
        result.err.append(f"wrote {len(written)} pages under {args.output}")
        return result
    chips = _select(args, catalog, result, args.chip_names)
    llm: dict[str, Any] = {}
    if args.llm:
        options = {**dataclasses.asdict(_settings(args)), **_scenario(args)}
        llm = {"llm": args.llm, "llm_options": options, "batches": _counts(args.batch, "--batch") or [1]}
    page = html.report(chips, title=args.title, catalog=catalog, **llm, **common)
    _write_file(args.output, page)
    result.err.append(f"wrote {args.output}")
    return result


def _site_catalog(args: argparse.Namespace, catalog: Catalog, result: Result) -> Catalog:
    """The chips the filters select, with the systems built on them."""
    picked = _select(args, catalog, result, [])
    ids = {c.id for c in picked}
    systems = {k: s for k, s in catalog.systems.items() if s.chip.id in ids}
    return Catalog(picked, vendors=catalog.vendors, systems=systems)


# The LLM scenario flags by destination (see _scenario_options), for saying which were given.
_SCENARIO_FLAGS = {
    "batch": "--batch",
    "context": "--context",
    "prompt": "--prompt",
    "generate": "--generate",
    "weights": "--weights",
    "kv": "--kv",
    "compute": "--compute",
    "group_size": "--chips",
    "reserve": "--reserve",
    "mfu": "--mfu",
    "mbu": "--mbu",
    "link_latency": "--link-latency",
    "no_comm": "--no-comm",
    "kv_layout": "--kv-layout",
    "fabric": "--fabric",
    "domain": "--domain",
    "no_overlap": "--no-overlap",
    "part": "--part",
}


def _check_report_flags(args: argparse.Namespace) -> None:
    """Refuse what ``chipspec report`` would otherwise ignore without a word."""
    given = _scenario_given(args)
    if args.site:
        unused = [*(["chip names"] if args.chip_names else []), *(["--llm"] if args.llm else []), *given]
        unused += ["--title"] if args.title else []
        if unused:
            raise UsageError(
                f"{', '.join(unused)}: not used with --site, which writes a page per chip (select with --vendor, "
                "--category or --country)"
            )
    elif given and not args.llm:
        raise UsageError(f"{', '.join(given)}: LLM scenario flags need --llm MODEL")


def _scenario_given(args: argparse.Namespace) -> list[str]:
    """The scenario flags of ``chipspec report`` given other than at their defaults."""
    defaults = build_parser().parse_args(["report", "-o", "-"])
    return [flag for dest, flag in _SCENARIO_FLAGS.items() if getattr(args, dest) != getattr(defaults, dest)]


def _check_file(path: str) -> None:
    try:
        folder = Path(path).is_dir()
    except OSError:  # a name too long to look at gets its error from check_target
        folder = False
    if folder:
        raise OutputError("is a folder; name a file (or give --site to write a folder of pages)", path=path)
    check_target(path)


def _write_file(path: str, text: str) -> None:
    _check_file(path)
    write_output(path, text)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--as-of: expected a date like 2026-01-31, got {text!r}"[:120]) from None


def _counts(text: str | None, option: str) -> list[int]:
    if text is None:
        return []
    out = []
    parts = _split(text)
    if not parts:
        raise UsageError(f"{option}: expected whole numbers from 1 to 10^8 like 1,8,64, got {text!r}"[:120])
    for part in parts:
        if not (part.isascii() and part.isdigit()) or not 1 <= int(part) <= 10**8:
            raise UsageError(f"{option}: expected whole numbers from 1 to 10^8 like 1,8,64, got {part!r}"[:120])
        out.append(int(part))
    if len(out) > 64:
        raise UsageError(f"{option}: at most 64 values, got {len(out)}")
    return out


_LATENCY_UNITS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6, "ns": 1e-9}


def _seconds(text: str) -> float:
    """``2us``, ``0.5 ms``, ``2e-6`` (seconds) -> seconds."""
    import re

    m = re.fullmatch(r"\s*([0-9.]+(?:e-?[0-9]+)?)\s*(s|ms|us|µs|ns)?\s*", text)
    if not m:
        raise UsageError(f"--link-latency: expected a time like 2us, 0.5ms or 2e-6, got {text!r}"[:120])
    try:
        value = float(m.group(1)) * _LATENCY_UNITS[m.group(2) or "s"]
    except ValueError:
        raise UsageError(f"--link-latency: expected a time like 2us, got {text!r}"[:120]) from None
    return value


def _phrase(text: str, lang: str) -> str:
    from .i18n import phrase

    return phrase(text, lang)


def _weights(text: str) -> dict[str, float]:
    if not text.strip():
        raise UsageError("--score: expected metric=weight pairs like 'bandwidth_per_watt=2', got an empty string")
    weights: dict[str, float] = {}
    for part in _split(text):
        name, _, weight = part.partition("=")
        if name.strip() in weights:
            raise UsageError(f"--score: {name.strip()!r} is weighted twice; give each column once"[:120])
        try:
            weights[name.strip()] = float(weight) if weight else 1.0
        except ValueError:
            raise UsageError(
                f"--score: expected metric=weight like 'bandwidth_per_watt=2', got {part!r}"[:120]
            ) from None
    return weights


def _draw(
    comparison: Any, kind: str, columns: list[str] | None, args: argparse.Namespace, path: str, catalog: Catalog
) -> str:
    from .report.charts import plot, save

    figure = plot(
        comparison, kind, columns=columns, lang=_check_lang(args.lang), title=args.title,
        size=_size(args.size), dpi=args.dpi, vendors=catalog.vendors,
    )  # fmt: skip
    save(figure, path)
    return f"wrote {path}"


def _cmd_plot(args: argparse.Namespace) -> Result:
    from .comparison import check_column, compare

    result = Result()
    if not args.output.strip():
        raise UsageError("-o: expected a file name ending in .png, .svg or .pdf, got an empty string")
    catalog = _load(args, result)
    chips = _select(args, catalog, result)
    columns = _split(args.columns) or None
    for n in columns or ():
        check_column(n)
    comparison = compare(chips, [], args.precision, fallback=args.fallback)
    result.err.append(_draw(comparison, args.kind, columns, args, args.output, catalog))
    return result


def _cmd_export_control(args: argparse.Namespace) -> Result:
    from .lenses.export_control import export_control
    from .report.views import export_view

    result = Result()
    _format(args)
    lang = _check_lang(args.lang)
    as_of = _date(args.as_of) if args.as_of is not None else dt.date.today()
    chips = _select(args, _load(args, result), result)
    result.out = _show(args, export_view(export_control(chips, rule=_split(args.rule) or None, as_of=as_of), lang))
    return result


def _cmd_validate(args: argparse.Namespace) -> Result:
    from .checks import run_checks
    from .report.tables import problems_lines

    result = Result()
    bundled = not args.paths or args.with_bundled
    problems: tuple[Problem, ...] = ()
    try:
        catalog = load_catalog(*args.paths, bundled=bundled)
    except CatalogError as error:
        catalog, problems = error.catalog, error.problems
    warnings = run_checks(catalog, peers=_validate_peers(args, bundled)) if args.strict else []
    failed = bool(problems or warnings)
    summary = _validate_summary(catalog, problems, len(warnings) if args.strict else None, failed)
    result.out = "\n".join(problems_lines(problems) + problems_lines(warnings)) if failed else summary
    if failed:
        result.err.append(summary)
    result.status = EXIT_INVALID if failed else EXIT_OK
    return result


def _validate_peers(args: argparse.Namespace, bundled: bool) -> Any:
    """The bundled chips a user's own sheets are compared with (unit-slip's peers)."""
    if bundled or not args.strict:
        return ()
    from .cache import bundled_or_partial

    return bundled_or_partial()


def _validate_summary(catalog: Catalog, problems: Sequence[Problem], warnings: int | None, failed: bool) -> str:
    """``N sheet(s) checked: ...``; ``warnings`` is None when the checks did not run."""
    bad = len({p.path for p in problems})
    valid = len(catalog) + len(catalog.systems)
    summary = f"{valid + len(catalog.failed)} sheet(s) checked: {valid} valid, {len(catalog.failed)} invalid"
    if bad > len(catalog.failed):
        summary += f", {bad - len(catalog.failed)} other file or folder problem(s)"
    if warnings is not None:
        summary += f", {warnings} warning(s) (strict: warnings fail)"
    return summary + ("; FAILED" if failed else "; all good")


def _cmd_schema(args: argparse.Namespace) -> Result:
    from .report.text import render_json
    from .schema import json_schema, measured_schema

    return Result(render_json(measured_schema() if args.measured else json_schema()))


def _cmd_checks(args: argparse.Namespace) -> Result:
    from .checks import acknowledgements
    from .report.views import checks_view

    result = Result()
    acks = acknowledgements(_load(args, result)) if args.acks else None
    result.out = _show(args, *checks_view(acks, args.lang))
    return result


def _cmd_metrics(args: argparse.Namespace) -> Result:
    from .report.views import metrics_view

    return Result(_show(args, metrics_view(args.lang)))


# --- the parser --------------------------------------------------------------------------


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parsers of the ``chipspec`` commands, by name (for docs and tests)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _columns_option(
    parser: argparse.ArgumentParser | argparse._ArgumentGroup,
    dest: str,
    help_text: str,
    flag: str = "--columns",
    old: Sequence[str] = (),
) -> None:
    parser.add_argument(flag, dest=dest, action="append", metavar="C1,C2", help=help_text)
    for name in old:  # the names of chipspec 0.1, kept working
        parser.add_argument(name, dest=dest, action="append", help=argparse.SUPPRESS)


def _scenario_options(parser: argparse.ArgumentParser, fallback: bool = True) -> None:
    """The LLM lens's scenario flags (chipspec llm, and chipspec report --llm, whose
    --fallback is compare's, shared)."""
    work = parser.add_argument_group("LLM scenario")
    work.add_argument(
        "--batch", metavar="B[,B2...]", help="sequences decoded together (default 1); several for a sweep"
    )
    work.add_argument(
        "--context", type=int, metavar="T", help="tokens in the KV cache at the decode step (default 4096)"
    )
    work.add_argument("--prompt", type=int, metavar="S", help="prompt tokens (with --generate: context = S + G)")
    work.add_argument("--generate", type=int, metavar="G", help="generated tokens")
    work.add_argument(
        "--weights",
        metavar="P",
        help="weights format: a precision, mxfp4, nvfp4, mxfp8 (block scales counted) or checkpoint "
        "(the config's quantization_config per part; default bf16)",
    )
    work.add_argument("--kv", metavar="P", help="KV-cache precision (default bf16)")
    work.add_argument(
        "--compute",
        metavar="P",
        help="precision of the matrix math (default: the weights' where published, else 16-bit)",
    )
    if fallback:
        work.add_argument(
            "--fallback", action="store_true", help="with --compute, use another precision where it is missing"
        )
    work.add_argument(
        "--chips",
        dest="group_size",
        type=int,
        metavar="N",
        help="chips in one group (default 1; tensor-parallel: N divides the attention heads)",
    )
    work.add_argument(
        "--part",
        action="append",
        metavar="PART=FORMAT",
        help="a weights format for one part (embeddings, head, attention, experts, mlp, other); repeatable",
    )
    work.add_argument(
        "--kv-layout",
        choices=("tp", "dp"),
        help="tp: tensor-parallel (heads split); dp: attention data-parallel (a sequence's KV on one chip)",
    )
    work.add_argument(
        "--fabric",
        choices=("auto", "switched", "mesh", "ring", "torus"),
        help="how the group's chips are linked (default auto: from the chip's link name)",
    )
    work.add_argument(
        "--domain", type=int, metavar="D", help="chips in one scale-up domain (a larger group is refused)"
    )
    work.add_argument("--no-overlap", action="store_true", help="add communication to compute instead of overlapping")
    work.add_argument(
        "--reserve",
        type=float,
        metavar="F",
        help="share of memory kept for the runtime (default 0: a bound; vLLM keeps 0.10)",
    )
    work.add_argument("--mfu", type=float, metavar="X", help="compute utilisation (default 1.0: a bound)")
    work.add_argument("--mbu", type=float, metavar="Y", help="bandwidth utilisation (default 1.0: a bound)")
    work.add_argument(
        "--link-latency",
        metavar="S",
        help="latency of each synchronization of a collective (default 2us)",
    )
    work.add_argument("--no-comm", action="store_true", help="leave tensor-parallel communication out")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``chipspec`` command (also used to document it)."""
    from .report.kinds import CHART_KINDS, columns_help
    from .version import __version__

    parser = _Parser(
        prog="chipspec",
        description="Compare AI accelerator spec sheets with units and sources.",
        epilog="examples:\n  chipspec compare h20 910b ppu\n  chipspec show h20 --sources\n"
        "  chipspec validate my-specs/\n\nexit status: 0 success, 1 invalid data, 2 usage or environment error",
    )
    parser.add_argument("--version", action="version", version=f"chipspec {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = commands.add_parser(
        "list", help="list the chips in the catalog",
        description="List the chips in the catalog: id, vendor, name, category, status, released.",
        epilog="examples:\n  chipspec list\n  chipspec list --vendor NVIDIA\n"
        "  chipspec list --country CN --format json\n  chipspec list --specs my-specs/ --no-bundled",
    )  # fmt: skip
    _selection_options(p)
    _output_options(p)
    _catalog_options(p, prefer=False)
    p.set_defaults(run=_cmd_list, chips=[])

    p = commands.add_parser(
        "systems", help="list and compare systems (scale-up domains, supernodes)",
        description="List and compare systems: HGX boards, NVL72 racks, CloudMatrix 384, TPU pods ...\n"
        "Totals are the published figures where a sheet gives them, else the chip sheet's figure x the count;\n"
        "'!' marks a published total that disagrees with chip x count beyond rounding.",
        epilog="examples:\n  chipspec systems\n  chipspec systems --sort total.bf16\n"
        "  chipspec systems nvidia-gb200-nvl72 huawei-cloudmatrix-384 --lang zh\n"
        "  chipspec systems --columns chips,total.hbm,power.total --format json",
    )  # fmt: skip
    p.add_argument("systems", nargs="*", metavar="SYSTEM", help="systems by id, name or alias (default: all)")
    p.add_argument("--columns", help="comma-separated columns (default: all)")
    p.add_argument("--sort", help="sort by a column, best first (power.total: lowest first)")
    p.add_argument("--rank", metavar="COLUMN", help="rank by a column (1 is best) and order by rank")
    p.add_argument("--score", metavar="COL=W,...", help="weighted score relative to the best system per column")
    p.add_argument("--pareto", metavar="COL,COL", help="mark the Pareto front of two or more columns")
    p.add_argument("--baseline", metavar="SYSTEM", help="show every column as a ratio to this system")
    p.add_argument(
        "--plot", metavar="KIND", choices=("domain", "per-kw", "scale-up"),
        help="draw a chart: domain (compute and memory per domain), per-kw (compute per kW), "
        "scale-up (scale-up bandwidth against domain size)",
    )  # fmt: skip
    p.add_argument("-o", "--output", help="the chart's file (.svg or .png; default systems-KIND.svg)")
    _output_options(p)
    _catalog_options(p, prefer=False)
    p.set_defaults(run=_cmd_systems)

    p = commands.add_parser(
        "show", help="show every field of one chip, its derived metrics and export class",
        description="Show every known field of one chip with units, its derived metrics, its class under the\n"
        "US 3A090 rules in force, and its extra section; --sources adds each value's source.",
        epilog="examples:\n  chipspec show h20\n  chipspec show 'Ascend 910B' --sources\n"
        "  chipspec show h20 --format json\n  chipspec show h20 --sources --prefer-source guojin-2026-03",
    )  # fmt: skip
    p.add_argument("chip", help="an id, name, 'vendor name' or alias (case, spaces and hyphens do not matter)")
    p.add_argument("--sources", action="store_true", help="show each value's source, confidence and notes")
    p.add_argument("--all", action="store_true", help="also list the fields that are unknown")
    _precision_options(p)
    _output_options(p)
    _catalog_options(p)
    p.set_defaults(run=_cmd_show)

    p = commands.add_parser(
        "diff", help="what differs between two chips, field by field",
        description="Show, field by field, what differs between two chips, with each value's sources.",
        epilog="examples:\n  chipspec diff a800 a100-sxm\n  chipspec diff h20 h100-sxm --format github",
    )  # fmt: skip
    p.add_argument("a", metavar="CHIP_A")
    p.add_argument("b", metavar="CHIP_B")
    p.add_argument("--no-sources", action="store_true", help="leave out the source columns")
    _output_options(p)
    _catalog_options(p)
    p.set_defaults(run=_cmd_diff)

    p = commands.add_parser(
        "validate", help="check spec sheets",
        description="Check spec sheets and print each problem as file:line: field: message.\n"
        "Exit status: 0 all valid, 1 some invalid (or, with --strict, warnings), 2 usage error.",
        epilog="examples:\n  chipspec validate\n  chipspec validate --strict\n"
        "  chipspec validate my-chip.yaml\n  chipspec validate my-specs/ --with-bundled",
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
        description="Print a JSON Schema (draft 2020-12) of the spec-sheet format, for editors that validate YAML.",
        epilog="examples:\n  chipspec schema > chipspec.schema.json\n"
        "  chipspec schema --measured > chipspec.measured.schema.json",
    )  # fmt: skip
    p.add_argument("--measured", action="store_true", help="the schema of measurement files (measured/*.yaml)")
    p.set_defaults(run=_cmd_schema)

    from .report.formats import FORMATS

    p = commands.add_parser(
        "compare", help="compare chips in a table (and a chart)",
        description="Compare chips on fields and metrics. With no chips, the whole catalog (filtered by\n"
        "--vendor, --category, --country). Marks: * sources disagree, ? basis not stated, ~ estimated,\n"
        "† another precision, ‡ a preferred source's figure; each is footnoted. — marks what cannot be\n"
        "computed, and why. On a terminal the table fits its width; file formats keep full names.",
        epilog="examples:\n"
        "  chipspec compare h20 910b ppu\n"
        "  chipspec compare --vendor NVIDIA --columns bandwidth_per_watt,tflops_per_watt --sort tflops_per_watt\n"
        "  chipspec compare --country CN --baseline h20 --columns bandwidth_per_watt,tflops_per_watt\n"
        "  chipspec compare --score bandwidth_per_watt=2,tflops_per_watt=1 --format github\n"
        "  chipspec compare --pareto memory.bandwidth,tflops_per_watt --precision fp8\n"
        "  chipspec compare h20 a800 --format json --sources\n"
        "  chipspec compare --format csv-long --sources > catalog.csv\n"
        "  chipspec compare thead-ppu nvidia-a800 nvidia-h20 huawei-ascend-910b biren-br104p \\\n"
        "      --columns memory.capacity,memory.type,interconnect.bandwidth,host.pcie,power.tdp \\\n"
        "      --prefer-source guojin-2026-03 --transpose --lang zh\n"
        "  chipspec compare --plot bw.png --kind bar --plot-columns bandwidth_per_watt",
    )  # fmt: skip
    p.add_argument("chips", nargs="*", metavar="CHIP", help="ids, names or aliases (default: the whole catalog)")
    _columns_option(
        p,
        "columns",
        "columns to show: fields and metrics (see 'chipspec metrics'); repeatable",
        old=("--fields", "--metrics"),
    )
    p.add_argument(
        "--sort",
        metavar="COLUMN",
        help="order rows by a metric or numeric field, best first (a property: highest first; NAME:lower lowest)",
    )
    how = p.add_mutually_exclusive_group()
    how.add_argument(
        "--rank",
        metavar="COLUMN",
        help="rank by one column (ties share a rank); a property needs a direction: ridge_point:lower",
    )
    how.add_argument(
        "--score",
        metavar="M1=W1,M2=W2",
        help="rank by a weighted score (each column relative to the best); a negative weight or NAME:lower=W "
        "means lower is better (a property needs one)",
    )
    how.add_argument(
        "--pareto", metavar="C1,C2", help="mark the Pareto front over these columns (NAME:lower states a direction)"
    )
    p.add_argument("--baseline", metavar="CHIP", help="add each numeric column as a multiple of this chip's value")
    p.add_argument("--transpose", action="store_true", help="parameters as rows, chips as columns")
    p.add_argument(
        "--sources", action="store_true", help="list each value's sources under the table (CSV/JSON: per value)"
    )
    p.add_argument("--no-flags", action="store_true", help="do not mark and footnote doubtful values")
    _precision_options(p)
    _selection_options(p)
    _output_options(p)
    group = p.add_argument_group("chart")
    group.add_argument("--plot", metavar="PATH", help="also draw a chart (.png, .svg or .pdf)")
    group.add_argument("--kind", default="bar", choices=CHART_KINDS, help="chart kind for --plot (default: bar)")
    _columns_option(
        group,
        "plot_columns",
        "columns the chart draws: " + columns_help(),
        flag="--plot-columns",
        old=("--metric",),
    )
    group.add_argument("--title", type=_text, help="the chart's title")
    group.add_argument("--size", metavar="WxH", help="chart size in inches, e.g. 12x7")
    group.add_argument("--dpi", type=float, help="dots per inch for PNG (default 150)")
    _catalog_options(p)
    p.set_defaults(run=_cmd_compare)

    p = commands.add_parser(
        "plot", help="draw a chart",
        description="Draw a chart of chips: " + ", ".join(CHART_KINDS) + ". PNG, SVG or PDF by the file extension.",
        epilog="examples:\n"
        "  chipspec plot bar -o bw.png --columns bandwidth_per_watt\n"
        "  chipspec plot scatter h100-sxm h20 mi300x 910b -o s.svg --columns memory.bandwidth,compute\n"
        "  chipspec plot roofline h100-sxm h20 a800 -o roof.pdf --precision fp16\n"
        "  chipspec plot radar h20 a800 h100-sxm 910b -o radar.png",
    )  # fmt: skip
    p.add_argument("kind", choices=CHART_KINDS, help="chart kind")
    p.add_argument("chips", nargs="*", metavar="CHIP", help="ids, names or aliases (default: the whole catalog)")
    p.add_argument("-o", "--output", required=True, metavar="PATH", help="image file to write (.png, .svg or .pdf)")
    _columns_option(
        p,
        "columns",
        "columns to draw: " + columns_help(),
        old=("--metric",),
    )
    p.add_argument("--lang", default="en", metavar="LANG", help="label language: en (default) or zh")
    _chart_options(p)
    _precision_options(p)
    _selection_options(p)
    _catalog_options(p)
    p.set_defaults(run=_cmd_plot)

    from .lenses.export_control.rules import RULES

    p = commands.add_parser(
        "export-control", help="where chips fall under the US export rules for AI chips",
        description="Total processing performance (TPP), performance density (PD), chip I/O and DRAM bandwidth\n"
        "of each chip, its class under each US rule in force on a date (ECCN 3A090, the H20 license\n"
        "requirement, the 2026 review policy), the margin to the nearest threshold that would change it,\n"
        "and where a counting convention changes a class. Informational reading of public rules; not legal advice.",
        epilog="examples:\n"
        "  chipspec export-control h100-sxm h20 a800 910b\n"
        "  chipspec export-control --rule us-3a090-2022 --as-of 2023-06-01\n"
        "  chipspec export-control --vendor NVIDIA --format json",
    )  # fmt: skip
    p.add_argument("chips", nargs="*", metavar="CHIP", help="ids, names or aliases (default: the whole catalog)")
    p.add_argument(
        "--rule", metavar="NAME[,NAME]", help=f"rules to apply: {', '.join(RULES)} (default: those in force)"
    )
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="date that picks the rules in force (default: today)")
    _selection_options(p)
    _output_options(p)
    _catalog_options(p)
    p.set_defaults(run=_cmd_export_control)

    p = commands.add_parser(
        "checks", help="list the data checks of 'validate --strict'",
        description="List the checks 'chipspec validate --strict' runs. A sheet silences one on a value\n"
        "with 'ack: {check-name: reason}' in the value's long form (or on a source entry).",
        epilog="examples:\n  chipspec checks\n  chipspec checks --acks",
    )  # fmt: skip
    p.add_argument("--acks", action="store_true", help="also list every acknowledgement in the catalog")
    _output_options(p)
    _catalog_options(p, prefer=False)
    p.set_defaults(run=_cmd_checks)

    p = commands.add_parser(
        "llm", help="how fast each chip can serve an LLM: memory fit, decode and prefill bounds",
        description="Serve a model on each chip, from the spec sheet alone: whether it fits (weights + KV cache +\n"
        "a runtime reserve), the largest batch, the time-to-first-token bound and the decode throughput\n"
        "bound per sequence and per chip, and tokens per joule of TDP. Every figure is a roofline bound\n"
        "at the stated utilisation (1.0 by default); see docs/llm.md for the formulas and assumptions.\n"
        "MODEL is a bundled model (--list), a Hugging Face config.json or a YAML model sheet.",
        epilog="examples:\n  chipspec llm --list\n  chipspec llm llama-3.1-70b h200 h20 910b --batch 1,8,64\n"
        "  chipspec llm deepseek-v3 --chips 8 --weights fp8 --vendor NVIDIA --context 8192\n"
        "  chipspec llm qwen3-8b --prompt 2000 --generate 500 --format json\n"
        "  chipspec llm my-model/config.json h20 910b\n"
        "  chipspec llm mixtral-8x7b h20 910b --chips 2 --plot serving.svg",
    )  # fmt: skip
    p.add_argument("model", nargs="?", metavar="MODEL", help="a bundled model id or name, or a config.json path")
    p.add_argument("chip_names", nargs="*", metavar="CHIP", help="chips (default: the whole catalog)")
    p.add_argument("--list", action="store_true", help="list the bundled models")
    p.add_argument(
        "--system", metavar="SYSTEM",
        help="serve on a system (see chipspec systems): the group (--chips) inside its scale-up domain, "
        "communication by its fabric at its scale-up bandwidth",
    )  # fmt: skip
    _scenario_options(p)
    p.add_argument("--no-flags", action="store_true", help="do not mark and footnote doubtful values")
    _selection_options(p)
    _output_options(p)
    chart = p.add_argument_group("chart")
    chart.add_argument("--plot", metavar="PATH", help="also draw a chart (.png, .svg or .pdf)")
    chart.add_argument("--kind", choices=("serving", "bar"), help="serving (throughput against batch; default) or bar")
    chart.add_argument(
        "--plot-columns", metavar="FIGURE", help="the figure to draw (default tokens_per_second_per_chip)"
    )
    _chart_options(p)
    _catalog_options(p)
    p.set_defaults(run=_cmd_llm)

    p = commands.add_parser(
        "report", help="write a self-contained HTML report (or, with --site, a static site of the catalog)",
        description="Write one HTML file that opens offline from disk: the comparison table (sortable, filterable\n"
        "by vendor, country and category, each value's source on click), the charts as inline SVG, the\n"
        "export-control table with its notice, and with --llm MODEL the serving estimates. With --site,\n"
        "write a folder: an index of the catalog (or of the chips --vendor, --category and --country\n"
        "select) and one page per chip, relative links only.\n"
        "The same inputs give the same bytes (no timestamps); export rules apply as of the catalog date.",
        epilog="examples:\n  chipspec report -o report.html\n"
        "  chipspec report h20 910b a800 ppu br104p --llm llama-3.1-70b --chips 2 -o seed.html\n"
        "  chipspec report --country CN --lang zh -o china.html\n"
        "  chipspec report --site -o site",
    )  # fmt: skip
    p.add_argument("chip_names", nargs="*", metavar="CHIP", help="ids, names or aliases (default: the whole catalog)")
    p.add_argument("-o", "--output", required=True, metavar="PATH", help="the .html file (with --site: a folder)")
    p.add_argument("--site", action="store_true", help="write the catalog site: index.html and chips/<id>.html")
    p.add_argument("--title", type=_text, help="the page title (default: 'chipspec: N chips compared')")
    p.add_argument("--as-of", metavar="DATE", help=f"export rules in force on this date (default {CATALOG_DATE})")
    _columns_option(p, "columns", "table columns: fields and metrics; repeatable", old=("--fields", "--metrics"))
    p.add_argument("--llm", metavar="MODEL", help="add serving estimates of this model (see chipspec llm)")
    _scenario_options(p, fallback=False)
    _precision_options(p)
    _selection_options(p)
    p.add_argument("--lang", default="en", metavar="LANG", help="label language: en (default) or zh")
    _catalog_options(p)
    p.set_defaults(run=_cmd_report)

    p = commands.add_parser(
        "metrics", help="list the derived metrics",
        description="List every registered metric with its formula, unit and direction.",
        epilog="examples:\n  chipspec metrics\n  chipspec metrics --format json",
    )  # fmt: skip
    _output_options(p)
    p.set_defaults(run=_cmd_metrics)
    assert FORMATS
    return parser


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    """Parse with options and positional arguments in any order (chip names may follow
    options): the command first, then the command's own parser, intermixed."""
    known, _ = parser.parse_known_args(argv)
    sub = subcommands(parser).get(known.command)
    if sub is None:  # pragma: no cover - argparse has already refused an unknown command
        return known
    index = list(argv).index(known.command)
    args = sub.parse_intermixed_args(list(argv)[index + 1 :])
    for key, value in vars(known).items():
        if not hasattr(args, key):
            setattr(args, key, value)
    return args


def _write(stream: TextIO, text: str) -> None:
    if text:
        stream.write(text if text.endswith("\n") else text + "\n")
        stream.flush()


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting."""
    out = out or sys.stdout
    err = err or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    usage = io.StringIO()
    try:
        with contextlib.redirect_stdout(usage), contextlib.redirect_stderr(usage):
            args = _parse(parser, argv)
        args.argv = argv
    except SystemExit as exit_:
        stream = out if exit_.code in (0, None) else err
        return _finish(stream, usage.getvalue(), int(exit_.code or 0), err)
    run_command: Callable[[argparse.Namespace], Result] = args.run
    from .progress import ProgressLine

    # one self-updating line on a terminal's stderr while long work runs; erased before any message
    lang = getattr(args, "lang", None) or "en"

    def words(text: str) -> str:
        from .i18n import phrase

        return phrase(text, lang)

    progress = ProgressLine(err, enabled=not getattr(args, "quiet", False), words=words)
    args.progress = progress
    try:
        if getattr(args, "lang", None) is not None:  # every command with --lang checks it first
            _check_lang(args.lang)
        with warnings.catch_warnings(record=True) as caught:  # chart warnings: one note line each
            warnings.simplefilter("always")
            try:
                result = run_command(args)
            finally:
                progress.close()
        shown = (w for w in caught if issubclass(w.category, UserWarning | RuntimeWarning))
        for message in dict.fromkeys(str(w.message) for w in shown):
            result.err.insert(0, f"chipspec: note: {message}")
    except ChipNotLoadedError as error:
        return _finish(err, f"chipspec: error: {error}", EXIT_INVALID, err)
    except (UnknownNameError, AmbiguousChipError, UsageError, OutputError) as error:
        where = f"{error.path}: " if isinstance(error, OutputError) and error.path else ""
        text = f"{where}{error.message if where else error}"
        if isinstance(error, UnknownNameError) and error.kind == "model":  # the library names its Python call
            text = text.replace("(bundled_models() lists them)", "(`chipspec llm --list` lists them)")
        return _finish(err, f"chipspec: error: {text}", EXIT_USAGE, err)
    except (SpecError, CatalogError) as error:
        return _finish(err, f"chipspec: error: {error}", EXIT_INVALID, err)
    except ChipspecError as error:
        return _finish(err, f"chipspec: error: {error}", EXIT_USAGE, err)
    except MemoryError:
        return _finish(err, "chipspec: error: out of memory", EXIT_USAGE, err)
    except Exception as error:  # a bug: one line for the user, the traceback on request
        if os.environ.get("CHIPSPEC_DEBUG"):
            raise
        text = (
            f"chipspec: internal error: {type(error).__name__}: {str(error)[:200]} "
            "(set CHIPSPEC_DEBUG=1 for the traceback)"
        )
        return _finish(err, text, EXIT_USAGE, err)
    for line in result.err:
        if line:
            _finish(err, line, EXIT_OK, err)
    return _finish(out, result.out, result.status, err)


def _finish(stream: TextIO, text: str, status: int, err: TextIO) -> int:
    """Write ``text`` and return ``status``; a stream that cannot be written is a usage or
    environment error, except a closed pipe (``| head``), which keeps the status."""
    try:
        _write(stream, text)
    except BrokenPipeError:
        _silence(stream)
        return status
    except UnicodeEncodeError:
        try:
            _write(
                stream, text.encode(stream.encoding or "ascii", "backslashreplace").decode(stream.encoding or "ascii")
            )
        except (OSError, UnicodeError):
            return EXIT_USAGE
    except OSError as error:
        name = "standard output" if stream is sys.stdout else "standard error" if stream is sys.stderr else "the output"
        if stream is not err:
            with contextlib.suppress(OSError):
                _write(err, f"chipspec: error: cannot write to {name}: {error.strerror or error}")
        return EXIT_USAGE
    return status


def _silence(stream: TextIO) -> None:
    """After a broken pipe, point the stream at /dev/null so exiting does not fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())


def run() -> None:
    """Console-script entry point."""
    if sys.stdout is None:  # started with standard output closed (`chipspec list >&-`)
        if sys.stderr is not None:
            sys.stderr.write("chipspec: error: cannot write to standard output: it is closed\n")
        sys.exit(EXIT_USAGE)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    sys.exit(main())
