"""Derived metrics: named formulas over spec fields, with units and a direction.

``METRICS`` is the registry (a plain dict of frozen :class:`Metric` records). A metric is
evaluated on whole columns at once: each input arrives as a numpy array of magnitudes in
the input's canonical unit (NaN where unknown), and the result is converted once to the
metric's unit. Formula strings are parsed by a small safe parser (Python's ``ast`` for
the syntax, then a whitelist of numbers, field paths, metric names, ``+ - * /`` and
parentheses) and unit-checked with chipspec's exact unit algebra at registration; they
are never evaluated with ``eval``. Function metrics receive pint Quantity columns (pint
is imported for them only).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .errors import ChipspecError, UnknownNameError
from .format import FIELDS, PARTS, PRECISION_TABLE, compute_field
from .spec import suggest
from .units import DIMENSIONLESS, Unit, UnitParseError, describe_dims, parse_unit

if TYPE_CHECKING:
    import numpy as np  # imported where a formula runs: listing metrics needs no numpy

__all__ = [
    "COMPUTE",
    "METRICS",
    "PCIE_LANE_GBPS",
    "FormulaError",
    "Metric",
    "get_metric",
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

MAX_FORMULA = 400
MAX_CONSTANT = 1e15  # constants beyond this (or below its inverse) are refused
MAX_CHAIN = 16  # metrics built on metrics, at most this deep


class FormulaError(ChipspecError, ValueError):
    """A formula or metric definition that is not safe, well-typed arithmetic."""


@dataclass(frozen=True, slots=True)
class Metric:
    """A named derived metric.

    ``needs`` lists the inputs (field paths, ``compute`` or metric names) in the order
    ``evaluate`` takes them, each as a float array in the input's canonical unit;
    ``evaluate`` returns the metric's values in ``unit``.
    """

    name: str
    formula: str
    unit: str
    direction: Direction | None  # None: a property (a shape, not a merit), see docs/metrics.md
    description: str
    needs: tuple[str, ...]
    evaluate: Callable[..., np.ndarray]

    @property
    def uses_compute(self) -> bool:
        """Whether the metric depends on ``compute`` (so on the comparison's precision)."""
        return uses_compute(self.name)


METRICS: dict[str, Metric] = {}


def input_unit(name: str) -> Unit:
    """The unit an input column arrives in, in the formula algebra."""
    if name == COMPUTE:
        return parse_unit("TFLOPS")
    if name in PARTS:
        return DIMENSIONLESS
    f = FIELDS.get(name)
    if f is not None and f.numeric:
        return parse_unit(f.unit) if f.unit else DIMENSIONLESS
    if name in METRICS:
        return parse_unit(METRICS[name].unit)
    raise UnknownNameError("field or metric", name, suggest(name, input_names()))


def input_names() -> list[str]:
    """Every name a formula may use: numeric fields and parts, ``compute``, metric names."""
    return [*(p for p, f in FIELDS.items() if f.numeric), *PARTS, COMPUTE, *METRICS]


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


def _unit_of(node: ast.AST, units: Mapping[str, Unit], text: str) -> Unit:
    """The unit a formula node gives (checks that sums add like with like)."""
    if isinstance(node, ast.BinOp):
        left, right = _unit_of(node.left, units, text), _unit_of(node.right, units, text)
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div):
            return left / right
        if left.dims != right.dims:
            raise FormulaError(
                f"cannot add or subtract {describe_dims(left.dims)} and {describe_dims(right.dims)} in {text!r}"
            )
        return left
    if isinstance(node, ast.UnaryOp):
        return _unit_of(node.operand, units, text)
    if isinstance(node, ast.Constant):
        return DIMENSIONLESS
    return units[_dotted(node)]  # type: ignore[index]


def parse_formula(text: str) -> tuple[ast.expr, tuple[str, ...]]:
    """A formula string as its checked syntax tree and its input names.

    Raises:
        FormulaError: anything beyond numbers, known names, ``+ - * /`` and parentheses,
            constants that are not modest finite numbers, or division by zero.
    """
    if len(text) > MAX_FORMULA:
        raise FormulaError(f"formula longer than {MAX_FORMULA} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as err:
        raise FormulaError(f"not a formula: {err.msg}", field=text[:60]) from None
    known = set(input_names())
    needs: list[str] = []

    def check(node: ast.AST, depth: int = 0) -> None:
        if depth > 50:
            raise FormulaError("formula nested too deeply", field=text[:60])
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            check(node.left, depth + 1)
            check(node.right, depth + 1)
            if isinstance(node.op, ast.Div) and isinstance(node.right, ast.Constant) and node.right.value == 0:
                raise FormulaError(f"division by zero in {text!r}")
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            check(node.operand, depth + 1)
        elif (
            isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool)
        ):
            value = float(node.value) if abs(node.value) < 10**300 else math.inf
            if not math.isfinite(value) or (value != 0 and not 1 / MAX_CONSTANT <= abs(value) <= MAX_CONSTANT):
                raise FormulaError(f"constants must be finite numbers from {1 / MAX_CONSTANT:g} to {MAX_CONSTANT:g}")
        elif (name := _dotted(node)) is not None:
            if name not in known:
                raise UnknownNameError("field or metric", name, suggest(name, known))
            if name not in needs:
                needs.append(name)
        else:
            raise FormulaError(
                "only numbers, field paths, metric names, + - * / and parentheses are allowed; "
                f"got {ast.unparse(node)[:40]!r}",
                field=text[:60],
            )

    check(tree.body)
    return tree.body, tuple(needs)


def _formula_function(body: ast.expr, needs: tuple[str, ...], factor: float) -> Callable[..., np.ndarray]:
    scales = [input_unit(n) for n in needs]

    def evaluate(*columns: np.ndarray) -> np.ndarray:
        import numpy as np

        env = {n: (c, u) for n, c, u in zip(needs, columns, scales, strict=True)}

        def walk(node: ast.AST) -> tuple[Any, Unit]:
            if isinstance(node, ast.BinOp):
                (a, ua), (b, ub) = walk(node.left), walk(node.right)
                if isinstance(node.op, ast.Add | ast.Sub):
                    b = b * ub.factor_to(ua)
                    return _OPS[type(node.op)](a, b), ua
                joined = ua * ub if isinstance(node.op, ast.Mult) else ua / ub
                return _OPS[type(node.op)](a, b), joined
            if isinstance(node, ast.UnaryOp):
                value, unit = walk(node.operand)
                return -value, unit
            if isinstance(node, ast.Constant):
                return float(node.value), DIMENSIONLESS  # type: ignore[arg-type]  # checked numeric at parse
            return env[_dotted(node)]  # type: ignore[index]

        value, unit = walk(body)
        return np.asarray(value, dtype=float) * (float(unit.scale) * factor)

    return evaluate


def _chain(name: str, needs: Sequence[str], seen: tuple[str, ...] = ()) -> int:
    """The depth of metrics below one with these ``needs``; raises on a cycle."""
    depth = 0
    for n in needs:
        if n == name or n in seen:
            path = " -> ".join((name, *seen, n))
            raise FormulaError(f"metric {name!r} refers to itself ({path})")
        if n in METRICS:
            depth = max(depth, 1 + _chain(name, METRICS[n].needs, (*seen, n)))
            if depth > MAX_CHAIN:
                raise FormulaError(f"metric {name!r} is built on more than {MAX_CHAIN} levels of metrics")
    return depth


def _check_unit(name: str, unit: str) -> Unit:
    try:
        return parse_unit(unit)
    except UnitParseError as err:
        raise FormulaError(f"metric {name!r}: {err}") from None


def register(
    name: str,
    formula: str | Callable[..., Any],
    *,
    unit: str | None = None,
    direction: Direction | None = "higher",
    description: str = "",
    needs: Sequence[str] | None = None,
    replace: bool = False,
    shown_as: str | None = None,
) -> Metric:
    """Add a metric to :data:`METRICS` and return it.

    Args:
        name: the registry name (used in Python, the CLI, JSON and docs).
        formula: a formula string over field paths and metric names, e.g.
            ``"memory.capacity / power.tdp"``, or a function taking one pint Quantity
            column per entry of ``needs`` and returning a Quantity column.
        unit: the output unit, e.g. ``"GB/W"`` (required for function metrics; for a
            formula, default: the formula's own unit in canonical terms).
        direction: ``"higher"`` or ``"lower"`` is better, or None for a property: a
            figure that describes a chip's shape (its balance of compute, memory and links)
            rather than its worth, which rankings and scores use only when the user
            states a direction (``"ridge_point:lower"``).
        description: one line for ``chipspec metrics`` and the docs.
        needs: the inputs of a function metric, in argument order.
        replace: allow replacing an existing metric of that name.
        shown_as: how ``chipspec metrics`` and the docs write a function metric's formula.

    Raises:
        FormulaError: the formula is unsafe, its unit does not convert to ``unit``, it
            divides by zero, or it refers to itself.
        UnknownNameError: the formula names an unknown field or metric.

    >>> register("gb_per_watt", "memory.capacity / power.tdp", unit="GB/W").unit
    'GB/W'
    """
    if not isinstance(name, str) or not name.isidentifier() or len(name) > 60:
        raise FormulaError(f"metric names are identifiers like 'gb_per_watt', got {name!r}"[:120])
    if (name in METRICS and not replace) or name in FIELDS or name in PARTS or name == COMPUTE:
        raise FormulaError(f"the name {name!r} is taken (pass replace=True to replace a metric)")
    if direction not in ("higher", "lower", None):
        raise FormulaError(f"direction must be 'higher', 'lower' or None (a property), got {direction!r}"[:120])
    if isinstance(formula, str):
        body, inputs = parse_formula(formula)
        _chain(name, inputs)
        result = _unit_of(body, {n: input_unit(n) for n in inputs}, formula)
        if unit is None:
            raise FormulaError(f"metric {name!r}: give its unit, e.g. unit={describe_dims(result.dims)!r}")
        target = _check_unit(name, unit)
        if target.dims != result.dims:
            raise FormulaError(
                f"metric {name!r}: the formula gives {describe_dims(result.dims)}, which does not convert to {unit!r}"
            )
        evaluate = _formula_function(body, inputs, 1 / float(target.scale))
        text = " ".join(formula.split())
    else:
        if needs is None:
            raise FormulaError("a function metric needs needs=[field paths, in argument order]")
        if unit is None:
            raise FormulaError(f"metric {name!r}: a function metric needs unit=...")
        known = set(input_names())
        for n in needs:
            if n not in known:
                raise UnknownNameError("field or metric", n, suggest(n, known))
        inputs = tuple(needs)
        _chain(name, inputs)
        _check_unit(name, unit)
        evaluate = _pint_function(name, formula, inputs, unit)
        text = shown_as or f"{getattr(formula, '__name__', 'function')}({', '.join(inputs)})"
    record = Metric(name, text, unit, direction, description, inputs, evaluate)
    METRICS[name] = record
    return record


def _pint_function(
    name: str, function: Callable[..., Any], needs: tuple[str, ...], unit: str
) -> Callable[..., np.ndarray]:
    """A user function metric, called with pint Quantity columns (pint imported here only)."""

    def evaluate(*columns: np.ndarray) -> np.ndarray:
        import numpy as np

        from .units import registry

        ureg = registry()
        quantities = [ureg.Quantity(c, _pint_unit_of(n)) for n, c in zip(needs, columns, strict=True)]
        try:
            result = function(*quantities)
            result = result if hasattr(result, "to") else ureg.Quantity(result)
            return np.asarray(result.to(unit.replace("^", "**")).magnitude, dtype=float)
        except ChipspecError:
            raise
        except Exception as err:  # the user's function failed: say which metric, not a traceback
            raise FormulaError(f"metric {name!r} failed: {type(err).__name__}: {str(err)[:120]}") from err

    return evaluate


def _pint_unit_of(name: str) -> str:
    if name == COMPUTE:
        return "TFLOPS"
    if name in METRICS:
        return METRICS[name].unit.replace("^", "**")
    f = FIELDS.get(name)
    return (f.unit or "").replace("^", "**") if f is not None else ""


def _native(
    name: str, needs: Sequence[str], unit: str, function: Callable[..., np.ndarray], shown_as: str, description: str
) -> None:
    """A built-in metric computed by a numpy function over canonical columns."""
    METRICS[name] = Metric(name, shown_as, unit, "higher", description, tuple(needs), function)


def metric(
    name: str,
    *,
    unit: str,
    needs: Sequence[str],
    direction: Direction | None = "higher",
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


# --- built-ins ---------------------------------------------------------------------------

TPP_INPUTS: tuple[str, ...] = tuple(compute_field(p) for p in PRECISION_TABLE)
BIT_LENGTH: Mapping[str, int] = {p: info.bits for p, info in PRECISION_TABLE.items()}
# When several precisions give the same TPP, the one reported (headline formats first).
TPP_PREFERENCE = ("bf16", "fp16", "fp8", "int8", "fp6", "fp4", "int4", "tf32", "fp32", "fp64")


def tpp_products(columns: Sequence[np.ndarray]) -> np.ndarray:
    """Per chip and precision (in :data:`TPP_INPUTS` order): dense TOPS x bit length."""
    import numpy as np

    return np.column_stack(
        [np.asarray(c, dtype=float) * bits for c, bits in zip(columns, BIT_LENGTH.values(), strict=True)]
    )


def _tpp(*columns: np.ndarray) -> np.ndarray:
    import numpy as np

    products = tpp_products(columns)
    known = ~np.isnan(products).all(axis=1)
    best = np.full(len(products), np.nan)
    best[known] = np.nanmax(products[known], axis=1)
    return best


def tpp_precisions(columns: Sequence[np.ndarray]) -> list[str | None]:
    """Per chip, the precision whose TOPS x bit length gives the TPP (None if no compute)."""
    import numpy as np

    products = tpp_products(columns)
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


def _pcie_bandwidth(gen: np.ndarray, lanes: np.ndarray) -> np.ndarray:
    import numpy as np

    rates = np.full(gen.shape, np.nan)
    for g, rate in PCIE_LANE_GBPS.items():
        rates[gen == g] = rate
    out: np.ndarray = rates * lanes
    return out


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
        direction=None,
        description="Memory capacity per TFLOPS of dense compute at the chosen precision (a property: "
        "the balance of memory to compute, not a merit).",
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
        direction=None,
        description="Roofline knee: arithmetic intensity (FLOP per byte) above which a kernel is "
        "compute-bound (a property: a slow chip has a low knee, so lower is not better).",
    )
    register(
        "bytes_per_flop",
        "memory.bandwidth / compute",
        unit="B/FLOP",
        direction=None,
        description="Memory bandwidth per unit of dense compute (the inverse of the ridge point; a property).",
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
        direction=None,
        description="Chip-to-chip bandwidth (both directions) per TFLOPS of dense compute (a property: "
        "the balance of links to compute).",
    )
    _native(
        "pcie_bandwidth",
        ("host.pcie.gen", "host.pcie.lanes"),
        "GB/s",
        _pcie_bandwidth,
        "lane_rate(host.pcie.gen) * host.pcie.lanes",
        "Host PCIe bandwidth, one direction: lanes x per-lane rate after encoding "
        "(gen1 0.25, gen2 0.5, gen3 0.985, gen4 1.969, gen5 3.938, gen6 7.563, gen7 15.125 GB/s).",
    )
    register(
        "memory_per_watt",
        "memory.capacity / power.tdp",
        unit="GB/W",
        description="Memory capacity per watt of board power.",
    )
    _native(
        "tpp",
        TPP_INPUTS,
        "",
        _tpp,
        "max over precisions p of compute.p [TOPS] * bit_length(p)",
        "Total processing performance (US ECCN 3A090): the highest dense TOPS x bit length over "
        "the precisions the chip has (fp64 64, fp32 32, tf32 32, bf16/fp16 16, fp8/int8 8, fp6 6, fp4/int4 4). "
        "Dense figures only; compute_sparse is never used.",
    )
    register(
        "performance_density",
        "tpp / die_area",
        unit="1/mm^2",
        direction=None,
        description="TPP per mm^2 of applicable (logic) die area (US ECCN 3A090; a property: a regulatory "
        "measure of how densely compute is packed, not a merit).",
    )


def uses_compute(name: str) -> bool:
    """Whether a column depends on ``compute`` (so its value depends on the precision)."""
    if name == COMPUTE:
        return True
    return name in METRICS and any(uses_compute(n) for n in METRICS[name].needs if n != name)


def get_metric(name: str) -> Metric:
    """The metric called ``name``; raises UnknownNameError with suggestions."""
    try:
        return METRICS[name]
    except KeyError:
        raise UnknownNameError("metric", name, suggest(name, METRICS)) from None


_builtins()
