"""Derived metrics: named formulas over spec fields, with units and a direction.

``METRICS`` is the registry (a plain dict of frozen :class:`Metric` records). A metric is
evaluated on whole columns at once: each input field arrives as one pint Quantity whose
magnitude is a numpy array over all chips (NaN where unknown), so units are attached and
converted once per column, not once per chip.

Users add metrics with :func:`register` (a formula string or a function) or the
:func:`metric` decorator. Formula strings are parsed by a small safe parser (Python's
``ast`` for the syntax, then a whitelist of numbers, field paths, metric names, ``+ - * /``
and parentheses); they are never evaluated with ``eval``.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from .errors import ChipspecError, UnknownNameError
from .spec import FIELDS, suggest
from .units import KINDS, is_quantity, ureg

__all__ = [
    "COMPUTE",
    "METRICS",
    "PCIE_LANE_GBPS",
    "FormulaError",
    "Metric",
    "metric",
    "register",
]

COMPUTE = "compute"  # in formulas: dense compute at the comparison's precision
Direction = Literal["higher", "lower"]

# Usable bandwidth of one PCIe lane, one direction, in GB/s, after line encoding:
# gen 1-2 use 8b/10b, gen 3-5 128b/130b, gen 6-7 PAM4 with 242/256 FLIT efficiency.
PCIE_LANE_GBPS: Mapping[int, float] = {
    1: 2.5 * 8 / 10 / 8,
    2: 5.0 * 8 / 10 / 8,
    3: 8.0 * 128 / 130 / 8,
    4: 16.0 * 128 / 130 / 8,
    5: 32.0 * 128 / 130 / 8,
    6: 64.0 * 242 / 256 / 8,
    7: 128.0 * 242 / 256 / 8,
}

# Count fields usable in formulas besides the physical ones.
COUNT_INPUTS = ("dies", "host.pcie.gen", "host.pcie.lanes")
MAX_FORMULA = 400


class FormulaError(ChipspecError, ValueError):
    """A formula string that is not safe arithmetic over known fields and metrics."""


@dataclass(frozen=True, slots=True)
class Metric:
    """A named derived metric.

    ``needs`` lists the field paths (or ``compute``, or other metric names) it reads, in
    the order ``function`` takes them; ``function`` maps Quantity columns to one Quantity
    column, which chipspec converts to ``unit``.
    """

    name: str
    formula: str
    unit: str
    direction: Direction
    description: str
    needs: tuple[str, ...]
    function: Callable[..., Any]

    @property
    def higher_is_better(self) -> bool:
        return self.direction == "higher"


METRICS: dict[str, Metric] = {}


def input_names() -> list[str]:
    """Every name a formula may use: quantity fields, counts, ``compute``, metric names."""
    fields = [p for p, f in FIELDS.items() if f.is_quantity]
    return [*fields, *COUNT_INPUTS, COMPUTE, *METRICS]


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    return None


_OPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


def parse_formula(text: str) -> tuple[Callable[..., Any], tuple[str, ...]]:
    """Compile a formula string into (function over its inputs, input names).

    Raises:
        FormulaError: anything beyond numbers, known names, ``+ - * /`` and parentheses.
    """
    if len(text) > MAX_FORMULA:
        raise FormulaError(f"formula longer than {MAX_FORMULA} characters", field=text[:40])
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as err:
        raise FormulaError(f"not a formula: {err.msg}", field=text) from err
    known = set(input_names())
    needs: list[str] = []

    def check(node: ast.AST, depth: int = 0) -> None:
        if depth > 50:
            raise FormulaError("formula nested too deeply", field=text)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            check(node.left, depth + 1)
            check(node.right, depth + 1)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            check(node.operand, depth + 1)
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float):
            pass
        elif (name := _dotted(node)) is not None:
            if name not in known:
                raise UnknownNameError("field or metric", name, suggest(name, known))
            if name not in needs:
                needs.append(name)
        else:
            raise FormulaError(
                f"only numbers, field paths, metric names, + - * / and parentheses are allowed; "
                f"got {ast.unparse(node)!r}",
                field=text,
            )

    check(tree.body)

    def evaluate(*columns: Any) -> Any:
        env = dict(zip(needs, columns, strict=True))

        def walk(node: ast.AST) -> Any:
            if isinstance(node, ast.BinOp):
                return _OPS[type(node.op)](walk(node.left), walk(node.right))
            if isinstance(node, ast.UnaryOp):
                return -walk(node.operand)
            if isinstance(node, ast.Constant):
                return node.value
            return env[_dotted(node)]  # type: ignore[index]

        return walk(tree.body)

    return evaluate, tuple(needs)


def canonical_unit(name: str) -> str:
    """The unit a column of ``name`` is gathered or computed in."""
    if name == COMPUTE:
        return "TFLOPS"
    f = FIELDS.get(name)
    if f is not None and f.is_quantity:
        return KINDS[f.kind].canonical
    if name in COUNT_INPUTS:
        return ""
    if name in METRICS:
        return METRICS[name].unit
    raise UnknownNameError("field or metric", name, suggest(name, input_names()))


def _example_column(name: str) -> Any:
    """A one-chip column of ones in the input's canonical unit (to check units at registration)."""
    return ureg.Quantity(np.ones(1), canonical_unit(name))


def register(
    name: str,
    formula: str | Callable[..., Any],
    *,
    unit: str | None = None,
    direction: Direction = "higher",
    description: str = "",
    needs: Sequence[str] | None = None,
    replace: bool = False,
    shown_as: str | None = None,
) -> Metric:
    """Add a metric to :data:`METRICS` and return it.

    Args:
        name: the registry name (used in Python, the CLI, JSON and docs).
        formula: a formula string over field paths and metric names, e.g.
            ``"memory.capacity / power.tdp"``, or a function taking one Quantity column
            per entry of ``needs``.
        unit: the output unit, e.g. ``"GB/W"`` (default: what the formula gives).
        direction: ``"higher"`` or ``"lower"`` is better.
        description: one line for ``chipspec metrics`` and the docs.
        needs: the inputs of a function metric, in argument order.
        replace: allow replacing an existing metric of that name.
        shown_as: how ``chipspec metrics`` and the docs write a function metric's formula.

    Raises:
        FormulaError: the formula is unsafe, or its unit does not convert to ``unit``.
        UnknownNameError: the formula names an unknown field or metric.

    >>> register("gb_per_watt", "memory.capacity / power.tdp", unit="GB/W").unit
    'GB/W'
    """
    if not name.isidentifier():
        raise FormulaError(f"metric names are identifiers like 'gb_per_watt', got {name!r}")
    if (name in METRICS and not replace) or name in FIELDS or name == COMPUTE:
        raise FormulaError(f"the name {name!r} is taken (pass replace=True to replace a metric)")
    if direction not in ("higher", "lower"):
        raise FormulaError(f"direction must be 'higher' or 'lower', got {direction!r}")
    if isinstance(formula, str):
        function, inputs = parse_formula(formula)
        text = " ".join(formula.split())
    else:
        if needs is None:
            raise FormulaError("a function metric needs needs=[field paths, in argument order]")
        known = set(input_names())
        for n in needs:
            if n not in known:
                raise UnknownNameError("field or metric", n, suggest(n, known))
        function, inputs = formula, tuple(needs)
        text = shown_as or f"{getattr(formula, '__name__', 'function')}({', '.join(inputs)})"
    try:
        result = function(*(_example_column(n) for n in inputs))
        result = result if is_quantity(result) else ureg.Quantity(result)
        unit = unit or f"{result.units:~}".replace(" ", "")
        result.to(unit)
    except ChipspecError:
        raise
    except Exception as err:
        raise FormulaError(f"metric {name!r}: {err}") from err
    record = Metric(name, text, unit, direction, description, inputs, function)
    METRICS[name] = record
    return record


def metric(
    name: str,
    *,
    unit: str,
    needs: Sequence[str],
    direction: Direction = "higher",
    description: str = "",
    replace: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator form of :func:`register` for function metrics.

    >>> @metric("memory_per_die", unit="GB", needs=["memory.capacity", "dies"])
    ... def memory_per_die(capacity, dies):
    ...     return capacity / dies
    """

    def wrap(function: Callable[..., Any]) -> Callable[..., Any]:
        register(name, function, unit=unit, direction=direction, description=description, needs=needs, replace=replace)
        return function

    return wrap


def _pcie_bandwidth(gen: Any, lanes: Any) -> Any:
    gens = np.asarray(gen.magnitude, dtype=float)
    rates = np.full(gens.shape, np.nan)
    for g, rate in PCIE_LANE_GBPS.items():
        rates[gens == g] = rate
    return ureg.Quantity(rates * np.asarray(lanes.magnitude, dtype=float), "GB/s")


def _builtins() -> None:
    register(
        "bandwidth_per_watt",
        "memory.bandwidth / power.tdp",
        unit="GB/s/W",
        description="Memory bandwidth per watt of board power.",
    )
    register(
        "memory_per_tflops",
        "memory.capacity / compute",
        unit="GB/TFLOPS",
        description="Memory capacity per TFLOPS of dense compute at the chosen precision.",
    )
    register(
        "tflops_per_watt",
        "compute / power.tdp",
        unit="TFLOPS/W",
        description="Dense compute at the chosen precision per watt.",
    )
    register(
        "ridge_point",
        "compute / memory.bandwidth",
        unit="FLOP/B",
        direction="lower",
        description="Roofline knee: arithmetic intensity (FLOP per byte) above which a kernel is "
        "compute-bound; lower means fewer kernels are starved by memory.",
    )
    register(
        "bytes_per_flop",
        "memory.bandwidth / compute",
        unit="B/FLOP",
        description="Memory bandwidth per unit of dense compute (the inverse of the ridge point).",
    )
    register(
        "interconnect_per_watt",
        "interconnect.bandwidth / power.tdp",
        unit="GB/s/W",
        description="Chip-to-chip bandwidth (both directions) per watt.",
    )
    register(
        "interconnect_per_tflops",
        "interconnect.bandwidth / compute",
        unit="GB/s/TFLOPS",
        description="Chip-to-chip bandwidth (both directions) per TFLOPS of dense compute.",
    )
    register(
        "pcie_bandwidth",
        _pcie_bandwidth,
        unit="GB/s",
        needs=["host.pcie.gen", "host.pcie.lanes"],
        shown_as="lane_rate(host.pcie.gen) * host.pcie.lanes",
        description="Host PCIe bandwidth, one direction: lanes x per-lane rate after encoding "
        "(gen1 0.25, gen2 0.5, gen3 0.985, gen4 1.969, gen5 3.938, gen6 7.563, gen7 15.125 GB/s).",
    )
    register(
        "memory_per_watt",
        "memory.capacity / power.tdp",
        unit="GB/W",
        description="Memory capacity per watt of board power.",
    )
    register(
        "tpp",
        _tpp,
        unit="",
        needs=TPP_INPUTS,
        shown_as="max over precisions p of compute.p [TOPS] * bit_length(p)",
        description="Total processing performance (US ECCN 3A090): the highest dense TOPS x bit length over "
        "the precisions the chip has (fp64 64, fp32 32, tf32 32, bf16/fp16 16, fp8/int8 8, fp6 6, fp4/int4 4). "
        "Dense figures only; compute_sparse is never used.",
    )
    register(
        "performance_density",
        "tpp / die_area",
        unit="1/mm^2",
        description="TPP per mm^2 of applicable (logic) die area (US ECCN 3A090).",
    )


# Bit length of each precision for total processing performance (TPP = TOPS x bit length).
# TF32 counts as 32: its operands are stored and moved as 32-bit words.
BIT_LENGTH: Mapping[str, int] = {
    "fp64": 64,
    "fp32": 32,
    "tf32": 32,
    "bf16": 16,
    "fp16": 16,
    "fp8": 8,
    "fp6": 6,
    "fp4": 4,
    "int8": 8,
    "int4": 4,
}
TPP_INPUTS = tuple(f"compute.{p}" for p in BIT_LENGTH)


def _tpp(*columns: Any) -> Any:
    products = np.column_stack(
        [
            np.asarray(c.to("TFLOPS").magnitude, dtype=float) * bits
            for c, bits in zip(columns, BIT_LENGTH.values(), strict=True)
        ]
    )
    known = ~np.isnan(products).all(axis=1)
    best = np.full(len(products), np.nan)
    best[known] = np.nanmax(products[known], axis=1)
    return ureg.Quantity(best, "")


def tpp_precisions(columns: Sequence[np.ndarray]) -> list[str | None]:
    """Per chip, the precision whose TOPS x bit length gives the TPP (None if no compute)."""
    products = np.column_stack([c * bits for c, bits in zip(columns, BIT_LENGTH.values(), strict=True)])
    names = list(BIT_LENGTH)
    out: list[str | None] = []
    for row in products:
        if np.isnan(row).all():
            out.append(None)
            continue
        top = np.nanmax(row)
        tied = [names[j] for j in np.flatnonzero(row == top)]
        out.append(min(tied, key=TPP_PREFERENCE.index))  # H20: bf16 and tf32 tie; say bf16
    return out


# When several precisions give the same TPP, the one reported (headline formats first).
TPP_PREFERENCE = ("bf16", "fp16", "fp8", "int8", "fp6", "fp4", "int4", "tf32", "fp32", "fp64")


def uses_compute(name: str) -> bool:
    """Whether a column depends on ``compute`` (so its value depends on the precision)."""
    if name == COMPUTE:
        return True
    return name in METRICS and any(uses_compute(n) for n in METRICS[name].needs)


def get_metric(name: str) -> Metric:
    """The metric called ``name``; raises UnknownNameError with suggestions."""
    try:
        return METRICS[name]
    except KeyError:
        raise UnknownNameError("metric", name, suggest(name, METRICS)) from None


_builtins()
