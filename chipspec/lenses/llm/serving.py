"""Serving bounds: memory, decode, prefill and tensor-parallel figures per chip, from the
spec sheet alone, computed in bulk with numpy.

Every time is a lower bound (every throughput an upper bound) at the stated utilisation
(``mfu``, ``mbu``; 1.0 by default): real serving loses to kernels, scheduling and
communication overlap what a bound cannot see (docs/llm.md). The formulas:

- memory per chip = weights / N + B x T x KV bytes per token on a chip; it ``fits`` when
  that is at most the capacity less the runtime reserve. KV heads are split across the N
  chips and replicated when N exceeds them; MLA's latent is replicated on every chip.
- decode step = KV reads / bandwidth + max(weight reads / bandwidth, FLOPs / compute) +
  two all-reduces per layer over the link (one direction: half the stored figure) plus a
  per-hop latency. MoE reads the experts a batch is expected to touch (uniform routing)
  and computes with the active ones.
- prefill (TTFT) = max(FLOPs of 2 x active weights per token plus causal attention,
  weight and KV traffic / bandwidth) + the all-reduces of the prompt's activations.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...catalog import Catalog
from ...comparison import SIXTEEN_BIT, Column, Comparison, compare
from ...errors import UsageError
from ...format import PRECISION_TABLE
from ...metrics import COMPUTE
from ...spec import Spec, suggest
from .model import Model, load_model

__all__ = [
    "DEFAULTS",
    "FIGURES",
    "Figure",
    "Scenario",
    "Serving",
    "Settings",
    "llm",
    "serve",
]

MAX_GROUP = 4096  # the largest tensor-parallel group min_chips searches
MAX_BATCH = 1 << 20  # the largest batch critical_batch searches


@dataclass(frozen=True)
class Figure:
    """One output figure: its unit, which way is better, the chip fields it rests on and
    what it means."""

    name: str
    unit: str
    direction: str | None
    needs: tuple[str, ...]
    description: str


_BW, _CAP, _LINK, _TDP = "memory.bandwidth", "memory.capacity", "interconnect.bandwidth", "power.tdp"
FIGURES: Mapping[str, Figure] = {
    f.name: f
    for f in [
        Figure("weight_memory", "GB", "lower", (), "the weights at the weight precision, every expert included"),
        Figure("kv_bytes_per_token", "B", "lower", (), "KV cache per token, all layers, at the KV precision"),
        Figure("kv_memory", "GB", "lower", (), "KV cache of the batch at the context, over the group"),
        Figure("fits", "", "higher", (_CAP,), "weights + KV + reserve within the group's memory"),
        Figure("max_batch", "", "higher", (_CAP,), "the largest batch that fits at the context"),
        Figure("min_chips", "", "lower", (_CAP,), "the smallest tensor-parallel group that fits"),
        Figure("decode_step_time", "ms", "lower", (_BW, COMPUTE, _LINK), "one decode step, the batch together"),
        Figure("tokens_per_second", "tokens/s", "higher", (_BW, COMPUTE, _LINK), "decode throughput of the group"),
        Figure("tokens_per_second_per_sequence", "tokens/s", "higher", (_BW, COMPUTE, _LINK), "one sequence's speed"),
        Figure("tokens_per_second_per_chip", "tokens/s", "higher", (_BW, COMPUTE, _LINK), "throughput per chip"),
        Figure("tokens_per_joule", "tokens/J", "higher", (_BW, COMPUTE, _LINK, _TDP), "throughput per watt of TDP"),
        Figure("critical_batch", "", None, (_BW, COMPUTE), "the batch where decode turns compute-bound"),
        Figure("ttft", "ms", "lower", (_BW, COMPUTE, _LINK), "time to first token: prefill of the prompt"),
    ]
}
TABLE_FIGURES = (
    "fits",
    "max_batch",
    "ttft",
    "tokens_per_second_per_sequence",
    "tokens_per_second_per_chip",
    "tokens_per_joule",
)


@dataclass(frozen=True)
class Settings:
    """What a serving estimate assumes besides the model and the scenario.

    ``weights``, ``kv`` and ``compute`` are precisions (``bf16``, ``fp8``, ``int8``,
    ``int4`` ...); ``compute`` None means the weight precision where a chip has a dense
    figure for it, else its 16-bit figure. ``group_size`` is N, the chips of one
    tensor-parallel group (CLI ``--chips``). ``reserve`` is the share of each chip's memory
    kept for the runtime (0.10: vLLM's default ``gpu_memory_utilization`` of 0.9).
    ``mfu``/``mbu`` scale compute and bandwidth (1.0: a bound). ``link_latency`` is each
    hop of a ring all-reduce, in seconds (2 µs, an assumption to override with a measured
    figure); ``comm=False`` drops communication.
    """

    weights: str = "bf16"
    kv: str = "bf16"
    compute: str | None = None
    fallback: bool = False
    group_size: int = 1
    reserve: float = 0.10
    mfu: float = 1.0
    mbu: float = 1.0
    link_latency: float = 2e-6
    comm: bool = True
    activation_bytes: int = 2

    def check(self) -> Settings:
        """This, if every setting is of the right type and in range.

        Raises:
            UsageError: the first one that is not (``group_size=1.5``, ``reserve="0.1"`` ...).
        """
        for name in ("weights", "kv") + (("compute",) if self.compute is not None else ()):
            p = getattr(self, name)
            if not isinstance(p, str) or p not in PRECISION_TABLE:
                raise UsageError(f"{name} precision {p!r} is not one of {', '.join(PRECISION_TABLE)}"[:200])
        for name in ("fallback", "comm"):
            if not isinstance(getattr(self, name), bool):
                raise UsageError(f"{name} must be true or false, got {getattr(self, name)!r}"[:120])
        n = self.group_size
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_GROUP:
            raise UsageError(f"chips in a group must be a whole number from 1 to {MAX_GROUP}, got {n!r}"[:120])
        if not (_is_number(self.reserve) and 0 <= self.reserve < 1):
            raise UsageError(f"reserve must be a share of memory from 0 to below 1, got {self.reserve!r}"[:120])
        for name in ("mfu", "mbu"):
            v = getattr(self, name)
            if not (_is_number(v) and 0 < v <= 1):
                raise UsageError(f"{name} must be above 0 and at most 1, got {v!r}"[:120])
        if not (_is_number(self.link_latency) and 0 <= self.link_latency <= 1):
            raise UsageError(f"link latency must be 0 to 1 second, got {self.link_latency!r}"[:120])
        return self

    def bytes_of(self, precision: str) -> float:
        return PRECISION_TABLE[precision].bits / 8


def _is_number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


DEFAULTS = Settings()


@dataclass(frozen=True)
class Scenario:
    """One serving point: ``batch`` sequences, ``context`` tokens in the KV cache at the
    decode step, and the ``prompt`` tokens a prefill processes (default: the context)."""

    batch: int
    context: int
    prompt: int

    @classmethod
    def make(
        cls, batch: int, context: int | None = None, prompt: int | None = None, generate: int | None = None
    ) -> Scenario:
        if prompt is not None or generate is not None:
            if prompt is None or generate is None:
                raise UsageError("give the prompt and the generated tokens together (--prompt S --generate G)")
            if context is not None:
                raise UsageError("give either the context or the prompt and generated tokens, not both")
            context = prompt + generate
        if context is None:
            raise UsageError("give the context (tokens in the KV cache) or the prompt and generated tokens")
        for name, v in (("batch", batch), ("context", context), ("prompt", prompt if prompt is not None else 1)):
            if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 10**8:
                raise UsageError(f"{name} must be a whole number from 1 to 10^8, got {v!r}"[:120])
        if generate is not None and generate < 0:
            raise UsageError(f"generated tokens must be 0 or more, got {generate}")
        return cls(batch, context, prompt if prompt is not None else context)


# --- the bulk formulas -----------------------------------------------------------------


@dataclass(frozen=True)
class _Shape:
    """The model numbers the formulas use, in elements and FLOPs."""

    params: float  # every weight (no MTP)
    dense_params: float  # weights every step reads (attention, dense MLPs, shared experts, routers, norms, embeddings)
    expert_params: float  # one routed expert
    moe_layers: int
    experts: int
    active_experts: int
    matmul_active: float  # weights one token multiplies with (head included, input embedding excluded)
    kv_unit: float  # cached elements per token per replicated unit (a KV head, or MLA's latent)
    kv_units: int  # how many units the model has (KV heads; 1 for MLA)
    attention_flops: float  # FLOPs per new token per cached token
    prefill_attention: float  # FLOPs per prompt token pair (causal: S^2 of them over 2 x ...)
    layers: int
    hidden: int

    @classmethod
    def of(cls, m: Model) -> _Shape:
        params = m.parameters()
        experts_all = m.moe_layers * m.experts * m.expert_parameters()
        if m.attention == "MLA":
            unit, units = m.layers * (m.kv_lora_rank + m.rope_head_dim), 1
            qk, v = m.nope_head_dim + m.rope_head_dim, m.v_head_dim
        else:
            unit, units = m.layers * 2 * m.head_dim, m.kv_heads
            qk = v = m.head_dim
        matmul = m.active_parameters(embeddings=False) + m.vocab * m.hidden
        return cls(
            params=float(params),
            dense_params=float(params - experts_all),
            expert_params=float(m.expert_parameters()),
            moe_layers=m.moe_layers,
            experts=m.experts,
            active_experts=m.active_experts,
            matmul_active=float(matmul),
            kv_unit=float(unit),
            kv_units=units,
            attention_flops=float(m.attention_flops_per_context_token()),
            prefill_attention=float(m.layers * m.heads * (qk + v)),
            layers=m.layers,
            hidden=m.hidden,
        )

    def weights_read(self, tokens: np.ndarray) -> np.ndarray:
        """Weights a pass over ``tokens`` routed tokens reads: all dense weights, and per
        MoE layer the experts expected to be touched under uniform routing,
        E x (1 - (1 - k/E)^tokens)."""
        if not self.experts:
            return np.full(np.shape(tokens), self.dense_params)
        touched = (
            self.experts * -np.expm1(tokens * math.log1p(-self.active_experts / self.experts))
            if (self.active_experts < self.experts)
            else np.full(np.shape(tokens), float(self.experts))
        )
        return self.dense_params + self.moe_layers * touched * self.expert_params

    def kv_units_per_chip(self, n: np.ndarray) -> np.ndarray:
        """Replicated units one chip of an N-chip group holds: ceil(units / N), at least 1."""
        return np.ceil(self.kv_units / n)


def _ring_allreduce(message: np.ndarray, n: np.ndarray, link: np.ndarray, latency: float) -> np.ndarray:
    """Time of one ring all-reduce of ``message`` bytes over N chips at ``link`` bytes/s
    one way: 2 (N - 1) / N x message / link + 2 (N - 1) hops of latency (0 for one chip)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = 2 * (n - 1) / n * message / link + 2 * (n - 1) * latency
    out: np.ndarray = np.where(n > 1, t, 0.0)
    return out


def serve(
    model: Model,
    capacity: np.ndarray,
    bandwidth: np.ndarray,
    compute: np.ndarray,
    link: np.ndarray,
    tdp: np.ndarray,
    batch: np.ndarray,
    context: np.ndarray,
    prompt: np.ndarray,
    settings: Settings = DEFAULTS,
    *,
    searches: bool = True,
) -> dict[str, np.ndarray]:
    """Every figure of :data:`FIGURES`, broadcast over chips and scenarios.

    Chip inputs are plain numbers in bytes, bytes/s, FLOP/s (or OP/s), bytes/s (the link,
    both directions added as sheets store it) and watts, NaN where unknown; scenario
    inputs are token counts. Shapes broadcast (chips as a column, scenarios as a row).
    ``searches`` False skips ``min_chips`` and ``critical_batch`` (bisections).
    """
    s = _Shape.of(model)
    n = np.asarray(float(settings.group_size))
    wb, kb, ab = settings.bytes_of(settings.weights), settings.bytes_of(settings.kv), settings.activation_bytes
    b = np.asarray(batch, dtype=float)
    t = np.asarray(context, dtype=float)
    prompt_t = np.asarray(prompt, dtype=float)
    cap = np.asarray(capacity, dtype=float)
    bw = np.asarray(bandwidth, dtype=float) * settings.mbu
    flops = np.asarray(compute, dtype=float) * settings.mfu
    one_way = np.asarray(link, dtype=float) / 2
    usable = cap * (1 - settings.reserve)
    weights = s.params * wb
    kv_chip = s.kv_unit * kb * s.kv_units_per_chip(n)  # bytes per token on one chip
    out: dict[str, np.ndarray] = {}
    out["weight_memory"] = np.broadcast_to(np.asarray(weights / 1e9), np.broadcast(cap, b, t).shape).copy()
    out["kv_bytes_per_token"] = np.broadcast_to(
        np.asarray(s.kv_unit * s.kv_units * kb), out["weight_memory"].shape
    ).copy()
    out["kv_memory"] = np.broadcast_to(b * t * kv_chip * n / 1e9, out["weight_memory"].shape).copy()
    per_chip = weights / n + b * t * kv_chip
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        fits = np.where(np.isnan(cap), np.nan, (per_chip <= usable).astype(float))
        room = np.floor((usable - weights / n) / (t * kv_chip))
        out["fits"] = fits * np.ones_like(per_chip)
        out["max_batch"] = np.where(np.isnan(room), np.nan, np.maximum(room, 0)) * np.ones_like(per_chip)
        # decode: one step of the batch
        kv_time = b * t * kv_chip / bw
        weight_time = s.weights_read(b) * wb / (n * bw)
        step_flops = b * (2 * s.matmul_active + t * s.attention_flops)
        compute_time = step_flops / (n * flops)
        comm: Any = 0.0
        if settings.comm:
            comm = s.layers * 2 * _ring_allreduce(b * s.hidden * ab, n, one_way, settings.link_latency)
        step = kv_time + np.maximum(weight_time, compute_time) + comm
        out["decode_step_time"] = step * 1e3
        out["tokens_per_second"] = b / step
        out["tokens_per_second_per_sequence"] = 1 / step
        out["tokens_per_second_per_chip"] = b / step / n
        out["tokens_per_joule"] = b / step / (n * np.asarray(tdp, dtype=float))
        # prefill of the prompt, the batch together
        tokens = b * prompt_t
        pre_flops = tokens * 2 * s.matmul_active + b * prompt_t**2 * s.prefill_attention
        pre_bytes = s.weights_read(tokens) * wb / n + tokens * kv_chip
        pre_comm: Any = 0.0
        if settings.comm:
            pre_comm = s.layers * 2 * _ring_allreduce(tokens * s.hidden * ab, n, one_way, settings.link_latency)
        out["ttft"] = (np.maximum(pre_flops / (n * flops), pre_bytes / bw) + pre_comm) * 1e3
    shape = np.broadcast(*out.values()).shape
    for k in out:
        out[k] = np.broadcast_to(out[k], shape).copy()
    if searches:
        out["min_chips"] = _min_chips(s, weights, kb, usable, b, t, shape)
        out["critical_batch"] = _critical_batch(s, wb, t, flops, bw, n, shape)
    else:
        out["min_chips"] = np.full(shape, np.nan)
        out["critical_batch"] = np.full(shape, np.nan)
    return out


def _min_chips(
    s: _Shape, weights: float, kb: float, usable: np.ndarray, b: np.ndarray, t: np.ndarray, shape: tuple[int, ...]
) -> np.ndarray:
    """The smallest N in 1 .. MAX_GROUP that fits (per-chip memory only falls as N grows,
    so a bisection finds it); NaN where even MAX_GROUP does not, or capacity is unknown."""

    def fits(n: np.ndarray) -> np.ndarray:
        need = weights / n + b * t * s.kv_unit * kb * np.ceil(s.kv_units / n)
        ok: np.ndarray = need <= usable
        return ok

    lo = np.ones(shape)
    hi = np.full(shape, float(MAX_GROUP))
    with np.errstate(invalid="ignore"):
        ok_hi = np.broadcast_to(fits(hi), shape)
        found = np.broadcast_to(fits(lo), shape).copy()
        result = np.where(found, 1.0, np.nan)
        todo = ~found & ok_hi
        lo, hi = lo.copy(), hi.copy()
        while todo.any():
            mid = np.floor((lo + hi) / 2)
            ok = np.broadcast_to(fits(mid), shape)
            hi = np.where(todo & ok, mid, hi)
            lo = np.where(todo & ~ok, mid, lo)
            todo = todo & (hi - lo > 1)
        result = np.where(~found & ok_hi, hi, result)
    return result


def _critical_batch(
    s: _Shape, wb: float, t: np.ndarray, flops: np.ndarray, bw: np.ndarray, n: np.ndarray, shape: tuple[int, ...]
) -> np.ndarray:
    """The smallest batch whose step computes at least as long as it reads weights;
    NaN where no batch up to MAX_BATCH does, or an input is unknown."""

    def bound(b: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            compute_time = b * (2 * s.matmul_active + t * s.attention_flops) / (n * flops)
            weight_time = s.weights_read(b) * wb / (n * bw)
            return np.broadcast_to(compute_time >= weight_time, shape)

    lo = np.ones(shape)
    hi = np.full(shape, float(MAX_BATCH))
    at_one = bound(lo)
    reachable = bound(hi)
    todo = ~at_one & reachable
    lo, hi = lo.copy(), hi.copy()
    while todo.any():
        mid = np.floor((lo + hi) / 2)
        ok = bound(mid)
        hi = np.where(todo & ok, mid, hi)
        lo = np.where(todo & ~ok, mid, lo)
        todo = todo & (hi - lo > 1)
    known = ~(np.broadcast_to(np.isnan(flops) | np.isnan(bw), shape))
    return np.where(known & at_one, 1.0, np.where(known & reachable, hi, np.nan))


# --- the rankable view -------------------------------------------------------------------


class Serving(Comparison):
    """One model served by each chip at one scenario: a :class:`Comparison` whose columns
    include the serving figures (:data:`FIGURES`), so they rank, score, go on a Pareto
    front and draw like any metric. ``model``, ``scenario`` and ``settings`` say what was
    assumed; :meth:`assumptions` says it in words.
    """

    def __init__(
        self,
        model: Model,
        chips: Sequence[Spec],
        scenario: Scenario,
        settings: Settings = DEFAULTS,
        columns: Sequence[str] = TABLE_FIGURES,
    ) -> None:
        asked = settings.compute or settings.weights
        super().__init__(chips, (), precision=asked, fallback=settings.fallback)
        self.model = model
        self.scenario = scenario
        self.settings = settings
        if settings.compute is None:  # the weight precision where published, else 16-bit
            sixteen = Comparison(self.chips, (), precision=SIXTEEN_BIT)
            used = tuple(
                own if own is not None else alt
                for own, alt in zip(self.precision_used, sixteen.precision_used, strict=True)
            )
            self.precision_used = used
            self.fell_back = tuple(u is not None and u != asked for u in used)
        self._figures: dict[str, Column] | None = None
        for name in columns:
            self.column(name)
        self.columns = tuple(columns)

    def __repr__(self) -> str:
        s = self.scenario
        return (
            f"<Serving {self.model.name} on {len(self.chips)} chips: batch {s.batch}, context {s.context}, "
            f"{self.settings.group_size} per group>"
        )

    def column(self, name: str) -> Column:
        if name in FIGURES:
            if self._figures is None:
                self._figures = self._compute_figures()
            return self._figures[name]
        return super().column(name)

    def needs(self, name: str) -> tuple[str, ...]:
        if name in FIGURES:
            return tuple(self._inputs(name))
        return super().needs(name)

    def caption(self) -> str:
        sc, st = self.scenario, self.settings
        return (
            f"{self.model.name}, batch {sc.batch}, context {sc.context:,} tokens, {st.weights} weights, "
            f"{st.group_size} chip(s) per group; roofline bounds"
        )

    def missing_hint(self, field: str) -> str | None:
        if not field.startswith("compute.") or self.fallback:
            return None
        if self.settings.compute is None:
            return "include-compute"  # a hint code: chipspec.i18n.HINTS words it per surface
        return "include-fallback"

    def _inputs(self, name: str) -> list[str]:
        needs = list(FIGURES[name].needs)
        if _LINK in needs and (self.settings.group_size == 1 or not self.settings.comm):
            needs.remove(_LINK)
        return needs

    def _compute_figures(self) -> dict[str, Column]:
        cols = {n: super(Serving, self).column(n) for n in (_CAP, _BW, COMPUTE, _LINK, _TDP)}
        scale = {_CAP: 1e9, _BW: 1e9, COMPUTE: 1e12, _LINK: 1e9, _TDP: 1.0}
        values = {n: c.values * scale[n] for n, c in cols.items()}
        sc = self.scenario
        raw = serve(
            self.model,
            values[_CAP],
            values[_BW],
            values[COMPUTE],
            values[_LINK],
            values[_TDP],
            np.asarray(sc.batch),
            np.asarray(sc.context),
            np.asarray(sc.prompt),
            self.settings,
        )
        out = {}
        n = len(self.chips)
        for name, f in FIGURES.items():
            inputs = [cols[i] for i in self._inputs(name)]
            v = np.asarray(raw[name], dtype=float).reshape(n)
            v = np.where(np.isfinite(v), v, np.nan)
            missing: list[tuple[str, ...]] = [()] * n
            flags: list[frozenset[str]] = [frozenset()] * n
            for i in range(n):
                lacking = tuple(p for c in inputs for p in c.missing[i])
                if v[i] != v[i]:
                    missing[i] = lacking or (f"({name} has no finite value)",)
                else:
                    flags[i] = frozenset().union(*(c.flags[i] for c in inputs))
            unit = f.unit
            out[name] = Column(name, unit, v, tuple(missing), tuple(flags), direction=f.direction)
        return out

    def assumptions(self) -> list[str]:
        """What every figure assumes, in words (tables and reports print these)."""
        st, m = self.settings, self.model
        compute = "as weights where published, else 16-bit" if st.compute is None else st.compute
        out = [
            "bounds: every time is a lower bound, every throughput an upper bound"
            + (
                f" (at mfu {st.mfu:g}, mbu {st.mbu:g})"
                if (st.mfu, st.mbu) != (1, 1)
                else " (full compute and bandwidth)"
            ),
            f"weights {st.weights}, KV cache {st.kv}, compute {compute}; dense figures only",
            f"{st.group_size} chip(s) per tensor-parallel group; {st.reserve:.0%} of memory reserved for the runtime",
        ]
        if st.group_size > 1:
            out.append(
                "communication: two ring all-reduces per layer at one direction of the link (half the stored figure), "
                f"{st.link_latency * 1e6:g} µs per hop"
                if st.comm
                else "communication left out (--no-comm)"
            )
        if m.moe:
            out.append(
                f"MoE: {m.active_experts} of {m.experts} experts per token; all experts held in memory, spread over "
                "the group by tensor parallelism; a step reads the experts its tokens are expected to touch "
                "(uniform routing)"
            )
        if m.attention == "MLA":
            out.append("MLA: the latent KV cache is replicated on every chip of the group")
        elif st.group_size > m.kv_heads:
            out.append(f"KV heads ({m.kv_heads}) replicated: the group is larger than the heads")
        if m.mtp_layers:
            out.append(f"the {m.mtp_layers} multi-token-prediction layer(s) are not served (no speculative decoding)")
        if m.max_context is not None and self.scenario.context > m.max_context:
            out.insert(
                0,
                f"beyond the model: context {self.scenario.context:,} tokens is more than {m.name}'s "
                f"{m.max_context:,} (max_position_embeddings); the figures are arithmetic, not a model that works",
            )
        return out

    def record(self, i: int) -> dict[str, Any]:
        """Chip ``i``'s figures in the JSON shape: ``id``, ``name``, ``vendor``, ``batch``,
        ``context``, ``chips`` and per figure ``{"value", "unit", "missing", "flags"}``."""
        chip = self.chips[i]
        sc = self.scenario
        rec: dict[str, Any] = {
            "id": chip.id,
            "name": chip.name,
            "vendor": chip.vendor,
            "batch": sc.batch,
            "context": sc.context,
            "prompt": sc.prompt,
            "chips": self.settings.group_size,
            "compute_precision": self.precision_used[i],
        }
        for name in FIGURES:
            cell = self.cell_record(name, i)
            cell.setdefault("missing", [])
            cell.pop("precision", None)
            if name == "fits" and cell["value"] is not None:
                cell["value"] = bool(cell["value"])
            elif name in ("max_batch", "min_chips", "critical_batch") and cell["value"] is not None:
                cell["value"] = int(cell["value"])
            rec[name] = cell
        return rec

    def records(self) -> list[dict[str, Any]]:
        return [self.record(i) for i in range(len(self.chips))]


def llm(
    model: str | Model,
    chips: Catalog | Iterable[Spec | str] | None = None,
    *,
    batch: int = 1,
    context: int | None = None,
    prompt: int | None = None,
    generate: int | None = None,
    weights: str = "bf16",
    kv: str = "bf16",
    compute: str | None = None,
    fallback: bool = False,
    group_size: int = 1,
    reserve: float = DEFAULTS.reserve,
    mfu: float = 1.0,
    mbu: float = 1.0,
    link_latency: float = DEFAULTS.link_latency,
    comm: bool = True,
    columns: Sequence[str] = TABLE_FIGURES,
    catalog: Catalog | None = None,
) -> Serving:
    """How each chip serves ``model`` at one scenario (see :class:`Serving`).

    ``model`` is a bundled model's id or name, a path to a Hugging Face ``config.json`` or
    a YAML model sheet, or a :class:`Model`. Give ``context`` (tokens in the KV cache at
    the decode step), or ``prompt`` and ``generate`` (then the context is their sum and
    TTFT is the prompt's). ``group_size`` is the number of chips in one tensor-parallel
    group (CLI ``--chips``).

    Raises:
        UnknownNameError: an unknown model, chip, figure or precision.
        UsageError: an impossible scenario or setting.
        SpecError: an invalid model file.

    >>> s = llm("llama-3.1-70b", ["h200"], batch=8, context=4096)
    >>> bool(s.column("fits").values[0])
    True
    """
    m = load_model(model)
    if context is None and prompt is None:
        context = 4096
    scenario = Scenario.make(batch, context, prompt, generate)
    settings = Settings(
        weights=weights,
        kv=kv,
        compute=compute,
        fallback=fallback,
        group_size=group_size,
        reserve=reserve,
        mfu=mfu,
        mbu=mbu,
        link_latency=link_latency,
        comm=comm,
    ).check()
    for name in columns:
        if name not in FIGURES:
            from ...comparison import check_column

            check_column(name)
    base = compare(chips, (), catalog=catalog)
    return Serving(m, base.chips, scenario, settings, columns)


def servings(
    model: str | Model, chips: Sequence[Spec], batches: Sequence[int], settings: Settings, **scenario: int | None
) -> list[Serving]:
    """One :class:`Serving` per batch (the same model, chips and settings): what
    ``chipspec llm --batch 1,8,64`` shows. ``scenario`` is context, or prompt and generate."""
    m = load_model(model)
    settings.check()
    return [Serving(m, chips, Scenario.make(b, **scenario), settings) for b in batches]


def sweep(
    model: str | Model,
    chips: Sequence[Spec],
    batches: Sequence[int],
    contexts: Sequence[int],
    settings: Settings = DEFAULTS,
    prompts: Sequence[int] | None = None,
) -> dict[str, np.ndarray]:
    """Every figure for chips x batches x contexts in one broadcast (shape chips x
    contexts x batches), for charts and bulk studies; searches included.

    ``prompts`` gives the prefill length (TTFT) for each context, one per context; by
    default a context's prompt is the context itself, as in :meth:`Scenario.make`.
    """
    if prompts is not None and len(prompts) != len(contexts):
        raise UsageError(f"give one prompt per context: {len(prompts)} prompts for {len(contexts)} contexts")
    m = load_model(model)
    base = Serving(m, chips, Scenario.make(1, 1), settings, ())
    values = {n: base.column(n).values for n in (_CAP, _BW, COMPUTE, _LINK, _TDP)}

    def c(a: np.ndarray, k: float) -> np.ndarray:
        return (np.asarray(a, dtype=float) * k)[:, None, None]

    b = np.asarray(batches, dtype=float)[None, None, :]
    t = np.asarray(contexts, dtype=float)[None, :, None]
    s = t if prompts is None else np.asarray(prompts, dtype=float)[None, :, None]
    return serve(
        m, c(values[_CAP], 1e9), c(values[_BW], 1e9), c(values[COMPUTE], 1e12), c(values[_LINK], 1e9),
        c(values[_TDP], 1.0), b, t, s, settings,
    )  # fmt: skip


def check_figure(name: str) -> str:
    if name in FIGURES:
        return name
    raise UsageError(f"unknown serving figure {name!r}; figures: {', '.join(FIGURES)}"[:300] + _hint(name))


def _hint(name: str) -> str:
    close = suggest(name, FIGURES)
    return f" (did you mean {close[0]!r}?)" if close else ""
