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
from ...comparison import SIXTEEN_BIT, Column, Comparison, Extension, compare
from ...errors import UsageError
from ...format import PRECISION_TABLE
from ...measured import Calibration, calibration
from ...metrics import COMPUTE
from ...spec import Spec, suggest
from .model import Model, load_model

__all__ = [
    "DEFAULTS",
    "FIGURES",
    "PARTS",
    "STORAGE",
    "Figure",
    "Scenario",
    "Serving",
    "Settings",
    "fabric_of",
    "llm",
    "peak_throughput",
    "serve",
    "usable_groups",
]

MAX_GROUP = 4096  # the largest tensor-parallel group min_chips searches
DEFAULT_CONTEXT = 4096  # tokens in the KV cache when a scenario names neither context nor prompt
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
        Figure(
            "kv_memory",
            "GB",
            "lower",
            (),
            "KV cache of the batch at the mean context, over the group (replicas counted)",
        ),
        Figure("fits", "", "higher", (_CAP,), "weights + KV + reserve within the group's memory"),
        Figure("max_batch", "", "higher", (_CAP,), "the largest batch that fits at the context"),
        Figure("min_chips", "", "lower", (_CAP,), "the smallest tensor-parallel group that fits"),
        Figure("decode_step_time", "ms", "lower", (_BW, COMPUTE, _LINK), "one decode step, the batch together"),
        Figure("tokens_per_second", "tokens/s", "higher", (_BW, COMPUTE, _LINK), "decode throughput of the group"),
        Figure("tokens_per_second_per_sequence", "tokens/s", "higher", (_BW, COMPUTE, _LINK), "one sequence's speed"),
        Figure("tokens_per_second_per_chip", "tokens/s", "higher", (_BW, COMPUTE, _LINK), "throughput per chip"),
        Figure("tokens_per_joule", "tokens/J", "higher", (_BW, COMPUTE, _LINK, _TDP), "throughput per watt of TDP"),
        Figure("critical_batch", "", None, (_BW, COMPUTE), "the batch where decode turns compute-bound"),
        Figure(
            "ttft",
            "ms",
            "lower",
            (_BW, COMPUTE, _LINK),
            "time to first token of one request: its prompt's prefill alone",
        ),
        Figure("batch_prefill", "ms", "lower", (_BW, COMPUTE, _LINK), "prefill of the whole batch's prompts together"),
        Figure("communication_time", "ms", "lower", (_LINK,), "the collectives of one decode step (a model)"),
        Figure(
            "calibrated_tokens_per_second_per_chip",
            "tokens/s",
            "higher",
            (_BW, COMPUTE, _LINK),
            "throughput per chip at the chip's measured matmul and memory efficiencies (an estimate, not a bound; "
            "unknown where the chip has no such measurement)",
        ),
    ]
}
TABLE_FIGURES = (
    "fits",
    "max_batch",
    "ttft",
    "tokens_per_second_per_sequence",
    "tokens_per_second_per_chip",
    "calibrated_tokens_per_second_per_chip",
    "tokens_per_joule",
)
CALIBRATED = "calibrated_tokens_per_second_per_chip"


@dataclass(frozen=True)
class Settings:
    """What a serving estimate assumes besides the model and the scenario.

    ``weights`` is a storage format for every part (``bf16``, ``fp8``, ``int8``,
    ``mxfp4``, ``nvfp4`` ...; MX and NVFP4 count their block scales) or ``checkpoint``
    (the config's ``quantization_config`` per part, its ``torch_dtype`` elsewhere);
    ``parts`` overrides it per part (``(("experts", "mxfp4"),)``; parts: :data:`PARTS`).
    ``kv`` is the cache precision; ``compute`` the precision a chip computes at (None:
    that of the format holding most weights where the chip publishes it, else its
    16-bit figure). ``group_size`` is N, the chips of one group (CLI ``--chips``), laid out
    by ``kv_layout``: ``tp`` (tensor-parallel: heads split, N must divide them; KV heads
    replicated past their count) or ``dp`` (attention data-parallel: each sequence's cache
    on one chip, attention weights on every chip, the rest split). ``reserve`` is the
    share of memory kept for the runtime (0 for a bound; vLLM keeps 0.10). ``mfu``/``mbu``
    scale compute and bandwidth (1.0: a bound). ``fabric`` is how the group's chips are
    linked (``auto``: from the chip's link name); ``link_latency`` each synchronization of
    a collective, in seconds (2 µs, an assumption); ``overlap`` lets communication overlap
    compute (the bound); ``comm=False`` drops communication; ``domain`` the chips of one
    scale-up domain (None: unknown, the group is assumed to be one).
    """

    weights: str = "bf16"
    kv: str = "bf16"
    compute: str | None = None
    fallback: bool = False
    group_size: int = 1
    reserve: float = 0.0
    mfu: float = 1.0
    mbu: float = 1.0
    link_latency: float = 2e-6
    comm: bool = True
    activation_bytes: int = 2
    kv_layout: str = "tp"
    fabric: str = "auto"
    overlap: bool = True
    domain: int | None = None
    parts: tuple[tuple[str, str], ...] = ()

    def check(self, model: Model | None = None) -> Settings:
        """This, if every setting is of the right type and in range (and, given the
        model, the group is usable).

        Raises:
            UsageError: the first one that is not (``group_size=1.5``, ``reserve="0.1"`` ...).
        """
        formats = (*STORAGE, "checkpoint")
        if not isinstance(self.weights, str) or self.weights not in formats:
            raise UsageError(f"weights format {self.weights!r} is not one of {', '.join(formats)}"[:300])
        for name in ("kv",) + (("compute",) if self.compute is not None else ()):
            p = getattr(self, name)
            if not isinstance(p, str) or p not in PRECISION_TABLE:
                raise UsageError(f"{name} precision {p!r} is not one of {', '.join(PRECISION_TABLE)}"[:200])
        if not isinstance(self.parts, tuple) or not all(
            isinstance(x, tuple) and len(x) == 2 and x[0] in PARTS and x[1] in STORAGE for x in self.parts
        ):
            raise UsageError(f"parts must be (part, format) pairs, parts {', '.join(PARTS)}; got {self.parts!r}"[:300])
        for name in ("fallback", "comm", "overlap"):
            if not isinstance(getattr(self, name), bool):
                raise UsageError(f"{name} must be true or false, got {getattr(self, name)!r}"[:120])
        n = self.group_size
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_GROUP:
            raise UsageError(f"chips in a group must be a whole number from 1 to {MAX_GROUP}, got {n!r}"[:120])
        if self.kv_layout not in KV_LAYOUTS:
            raise UsageError(f"kv_layout must be tp or dp, got {self.kv_layout!r}"[:120])
        if self.fabric not in FABRICS:
            raise UsageError(f"fabric must be one of {', '.join(FABRICS)}, got {self.fabric!r}"[:120])
        d = self.domain
        if d is not None and (isinstance(d, bool) or not isinstance(d, int) or d < 1):
            raise UsageError(f"domain must be a whole number of chips, got {d!r}"[:120])
        if d is not None and n > d:
            raise UsageError(
                f"a group of {n} chips is larger than one scale-up domain of {d}: chipspec does not model the "
                "slower link between domains; use at most the domain"
            )
        if not (_is_number(self.reserve) and 0 <= self.reserve < 1):
            raise UsageError(f"reserve must be a share of memory from 0 to below 1, got {self.reserve!r}"[:120])
        for name in ("mfu", "mbu"):
            v = getattr(self, name)
            if not (_is_number(v) and 0 < v <= 1):
                raise UsageError(f"{name} must be above 0 and at most 1, got {v!r}"[:120])
        if not (_is_number(self.link_latency) and 0 <= self.link_latency <= 1):
            raise UsageError(f"link latency must be 0 to 1 second, got {self.link_latency!r}"[:120])
        if model is not None:
            if self.kv_layout == "tp" and model.heads % n:
                sizes = ", ".join(str(g) for g in usable_groups(model, "tp"))
                raise UsageError(
                    f"{n} chips do not divide {model.name}'s {model.heads} attention heads, so tensor parallelism "
                    f"cannot use them: use {sizes} chips, or the attention data-parallel layout"
                )
            self.formats(model)
        return self

    def formats(self, model: Model) -> dict[str, str]:
        """The storage format of each part of ``model``.

        Raises:
            UsageError: ``checkpoint`` asked of a config whose quantization is not read.
        """
        if self.weights == "checkpoint":
            base = {p: model.checkpoint_dtype for p in PARTS}
            for part, fmt in model.quantization:
                if part not in PARTS:
                    raise UsageError(
                        f"{model.name}'s quantization_config (quant_method {fmt}) is not read by chipspec: "
                        "give the weights' format instead of checkpoint"
                    )
                base[part] = fmt
        else:
            base = dict.fromkeys(PARTS, self.weights)
        base.update(dict(self.parts))
        return base

    def bits_of(self, fmt: str) -> float:
        """Bits per element of a storage format, block scales included."""
        return STORAGE[fmt][0]

    def bytes_of(self, precision: str) -> float:
        return STORAGE[precision][0] / 8

    def compute_precision(self, model: Model) -> str:
        """The precision the weights are computed at: ``compute``, else the compute
        precision of the format holding the most weights."""
        if self.compute is not None:
            return self.compute
        formats = self.formats(model)
        parts = model.parts()
        main = max(PARTS, key=lambda p: parts[p])
        return STORAGE[formats[main]][1]


def _is_number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


DEFAULTS = Settings()


@dataclass(frozen=True)
class Scenario:
    """One serving point: ``batch`` sequences, ``context`` tokens in the KV cache at the
    decode step, the ``prompt`` tokens a prefill processes (default: the context) and,
    when given, the ``generate`` tokens each request produces. ``mean_context`` is what
    a sequence in flight holds on average: under continuous batching sequences are at
    every point of their generation, so S + G/2 when prompt and generate are given
    (paged caches grow with them), else the context."""

    batch: int
    context: int
    prompt: int
    generate: int | None = None

    @property
    def mean_context(self) -> float:
        return self.prompt + self.generate / 2 if self.generate is not None else float(self.context)

    @classmethod
    def make(
        cls, batch: int, context: int | None = None, prompt: int | None = None, generate: int | None = None
    ) -> Scenario:
        for name, v in (("batch", batch), ("context", context), ("prompt", prompt), ("generate", generate)):
            if v is not None and (isinstance(v, bool) or not isinstance(v, int)):
                raise UsageError(f"{name} must be a whole number, got {v!r}"[:120])
        if prompt is not None or generate is not None:
            if prompt is None or generate is None:
                raise UsageError("give the prompt and the generated tokens together (prompt=S, generate=G)")
            if context is not None:
                raise UsageError("give either the context or the prompt and generated tokens, not both")
            context = prompt + generate
        if context is None:
            raise UsageError("give the context (tokens in the KV cache) or the prompt and generated tokens")
        for name, v in (("batch", batch), ("context", context), ("prompt", prompt if prompt is not None else 1)):
            if not 1 <= v <= 10**8:
                raise UsageError(f"{name} must be a whole number from 1 to 10^8, got {v!r}"[:120])
        if generate is not None and generate < 0:
            raise UsageError(f"generated tokens must be 0 or more, got {generate}")
        return cls(batch, context, prompt if prompt is not None else context, generate)


# --- the bulk formulas -----------------------------------------------------------------


# Storage formats beyond the precision table: bits per element with the block scales
# (MX formats: one 8-bit scale per 32 elements, OCP MX spec; NVFP4: one FP8 scale per
# 16 elements, NVIDIA) and the compute precision a chip runs them at.
STORAGE: Mapping[str, tuple[float, str]] = {
    **{name: (float(p.bits), name) for name, p in PRECISION_TABLE.items()},
    "mxfp4": (4 + 8 / 32, "fp4"),
    "nvfp4": (4 + 8 / 16, "fp4"),
    "mxfp6": (6 + 8 / 32, "fp6"),
    "mxfp8": (8 + 8 / 32, "fp8"),
}
PARTS = ("embeddings", "head", "attention", "experts", "mlp", "other")
KV_LAYOUTS = ("tp", "dp")
FABRICS = ("auto", "switched", "mesh", "ring", "torus")
_FABRIC_CODE = {"switched": 0, "mesh": 1, "ring": 2, "torus": 3}


def fabric_of(link_name: str | None) -> str:
    """The fabric a chip's link implies for one scale-up group: NVLink (NVSwitch in 8-GPU
    and larger systems) switched; HCCS (an Ascend board's 8 NPUs fully connected) and
    Infinity Fabric (MI300-class boards fully connected) a full mesh; ICI (TPU) a torus;
    anything else (or unknown) a ring, the slowest standard algorithm."""
    text = (link_name or "").lower()
    if "nvlink" in text or "nvswitch" in text:
        return "switched"
    if "hccs" in text or "infinity" in text or "xgmi" in text:
        return "mesh"
    if "ici" in text:
        return "torus"
    return "ring"


def _allreduce(message: np.ndarray, n: np.ndarray, link: np.ndarray, latency: float, fabric: np.ndarray) -> np.ndarray:
    """Time of one all-reduce of ``message`` bytes over N chips at ``link`` bytes/s one
    way, by the cheapest standard algorithm the fabric allows (a model, see docs/llm.md):

    - every fabric: the bandwidth term 2 (N - 1) / N x message / link (reduce-scatter then
      all-gather; no algorithm moves less per chip);
    - switched (NVSwitch): two synchronizations (two-shot; NVIDIA's MultiShot), or one
      with one-shot, (N - 1) x message / link, whichever is faster;
    - full mesh: two synchronizations (direct reduce-scatter, direct all-gather);
    - torus (2-D, near-square): 2 x (a - 1 + b - 1) steps;
    - ring: 2 (N - 1) steps.
    Each synchronization costs ``latency``. 0 for one chip."""
    with np.errstate(divide="ignore", invalid="ignore"):
        band = 2 * (n - 1) / n * message / link
        side = np.floor(np.sqrt(n))
        torus_steps = 2 * (side - 1 + np.ceil(n / np.maximum(side, 1)) - 1)
        steps = np.where(fabric == 0, 2.0, np.where(fabric == 1, 2.0, np.where(fabric == 3, torus_steps, 2 * (n - 1))))
        t = band + steps * latency
        one_shot = (n - 1) * message / link + latency
        t = np.where(fabric == 0, np.minimum(t, one_shot), t)
    out: np.ndarray = np.where(n > 1, t, 0.0)
    return out


@dataclass(frozen=True)
class _Shape:
    """The model numbers the formulas use, in bytes, elements and FLOPs."""

    weight_bytes: float  # every weight at its part's format (no MTP)
    attention_bytes: float  # the attention blocks (replicated per chip under attention data-parallel)
    fixed_read: float  # bytes a decode step reads besides the routed experts: not the input table
    expert_bytes: float  # one routed expert of one layer
    moe_layers: int
    experts: int
    active_experts: int
    matmul_active: float  # weights one token multiplies with (head included, input table excluded)
    hidden: int
    layers: int
    # attention per layer kind: counts, per-token bytes, FLOPs
    full: int
    window_layers: int
    chunk_layers: int
    sparse_layers: int
    linear_layers: int
    unit_bytes: float  # one layer's cache per token (all KV heads, or MLA's latent)
    index_bytes: float  # a sparse layer's indexer key per token (FP8 and its scale)
    state_bytes: float  # a linear layer's state per sequence
    window: float
    chunk: float
    topk: float
    flops_per_pair: float  # main attention FLOPs per (new token, cached token) in one layer
    index_flops_per_pair: float
    linear_flops: float  # per token per linear layer
    prefill_pair: float  # prefill FLOPs per (token, earlier token) pair in one layer, x2 for causal halving
    kv_units: int  # how TP splits the attention cache (KV heads; 1 for MLA: replicated)
    linear_units: int  # how TP splits a linear layer's state (value heads)

    @classmethod
    def of(cls, m: Model, formats: Mapping[str, str], kv_bits: float) -> _Shape:
        parts = m.parts()
        active = m.parts(active=True)
        nbytes = {p: parts[p] * STORAGE[formats[p]][0] / 8 for p in PARTS}
        expert_one = m.expert_parameters() * STORAGE[formats["experts"]][0] / 8
        kb = kv_bits / 8
        counts = m.layer_counts()
        if m.attention == "MLA":
            qk, v = m.nope_head_dim + m.rope_head_dim, m.v_head_dim
        else:
            qk = v = m.head_dim
        return cls(
            weight_bytes=sum(nbytes.values()),
            attention_bytes=nbytes["attention"],
            fixed_read=sum(nbytes.values())
            - nbytes["embeddings"]
            - nbytes["experts"]
            + (nbytes["embeddings"] if m.tied else 0),  # tied: the head is the table, read once
            expert_bytes=expert_one,
            moe_layers=m.moe_layers,
            experts=m.experts,
            active_experts=m.active_experts,
            matmul_active=float(sum(active.values()) - active["embeddings"] + (active["embeddings"] if m.tied else 0)),
            hidden=m.hidden,
            layers=m.layers,
            full=counts.get("full", 0),
            window_layers=counts.get("window", 0),
            chunk_layers=counts.get("chunk", 0),
            sparse_layers=counts.get("sparse", 0),
            linear_layers=counts.get("linear", 0),
            unit_bytes=m._unit() * kb,
            # DeepSeek's inference code caches index keys in FP8 with one FP32 scale per 128
            index_bytes=float(m.index_dim + 4 * math.ceil(m.index_dim / 128)) if m.index_dim else 0.0,
            state_bytes=m.linear_state() * kb,
            window=float(m.window),
            chunk=float(m.chunk),
            topk=float(m.sparse_topk),
            flops_per_pair=float(m.attention_flops_per_layer()),
            index_flops_per_pair=float(2 * m.index_heads * m.index_dim),
            linear_flops=float(4 * m.linear_value_heads * m.linear_key_dim * m.linear_value_dim),
            prefill_pair=float(2 * m.heads * (qk + v)),
            kv_units=1 if m.attention == "MLA" else m.kv_heads,
            linear_units=max(m.linear_value_heads, 1),
        )

    def kv_memory(self, t: np.ndarray) -> np.ndarray:
        """Cache bytes of one sequence holding ``t`` tokens, all layers."""
        out: np.ndarray = (
            self.full * self.unit_bytes * t
            + self.window_layers * self.unit_bytes * np.minimum(t, self.window)
            + self.chunk_layers * self.unit_bytes * np.minimum(t, self.chunk)
            + self.sparse_layers * (self.unit_bytes + self.index_bytes) * t
            + self.linear_layers * self.state_bytes
        )
        return out

    def kv_read(self, t: np.ndarray) -> np.ndarray:
        """Cache bytes one decode step reads for one sequence at ``t`` tokens: full layers
        every token, window layers min(t, W), chunk layers min(t, C/2) (a token attends
        within its chunk: half of one on average), sparse layers the top-k tokens' latent
        plus every token's indexer key, linear layers their state."""
        out: np.ndarray = (
            self.full * self.unit_bytes * t
            + self.window_layers * self.unit_bytes * np.minimum(t, self.window)
            + self.chunk_layers * self.unit_bytes * np.minimum(t, self.chunk / 2)
            + self.sparse_layers * (self.unit_bytes * np.minimum(t, self.topk) + self.index_bytes * t)
            + self.linear_layers * self.state_bytes
        )
        return out

    def attention_flops(self, t: np.ndarray) -> np.ndarray:
        """Attention FLOPs of one new token at ``t`` cached tokens, all layers."""
        f = self.flops_per_pair
        out: np.ndarray = (
            self.full * f * t
            + self.window_layers * f * np.minimum(t, self.window)
            + self.chunk_layers * f * np.minimum(t, self.chunk / 2)
            + self.sparse_layers * (f * np.minimum(t, self.topk) + self.index_flops_per_pair * t)
            + self.linear_layers * self.linear_flops
        )
        return out

    def prefill_attention(self, s: np.ndarray) -> np.ndarray:
        """Attention FLOPs of a prompt of ``s`` tokens (causal), all layers."""

        def pairs(span: float | np.ndarray) -> np.ndarray:  # (token, earlier token) pairs within a span
            w = np.minimum(s, span)
            r: np.ndarray = s * w - w * w / 2
            return r

        p = self.prefill_pair
        out: np.ndarray = (
            self.full * p * s * s / 2
            + self.window_layers * p * pairs(self.window)
            + self.chunk_layers * p * s * np.minimum(s, self.chunk) / 2
            + self.sparse_layers * (p * pairs(self.topk) + self.index_flops_per_pair * s * s / 2)
            + self.linear_layers * self.linear_flops * s
        )
        return out

    def kv_share(self, n: np.ndarray, layout: str) -> tuple[np.ndarray, np.ndarray]:
        """The share of one sequence's attention cache and linear state one chip holds:
        tensor-parallel splits KV heads (replicated past their count; MLA's latent on every
        chip) and linear value heads; attention data-parallel keeps a sequence on one chip
        (the batch spreads: 1/N each)."""
        if layout == "dp":
            share = 1 / n
            return share, share
        return np.ceil(self.kv_units / n) / self.kv_units, np.ceil(self.linear_units / n) / self.linear_units

    def kv_bytes_chip(self, t: np.ndarray, n: np.ndarray, layout: str, read: bool) -> np.ndarray:
        """Per-sequence cache bytes on one chip (held, or read per step)."""
        attn, lin = self.kv_share(n, layout)
        total = self.kv_read(t) if read else self.kv_memory(t)
        states = self.linear_layers * self.state_bytes
        out: np.ndarray = (total - states) * attn + states * lin
        return out

    def weights_chip(self, n: np.ndarray, layout: str) -> np.ndarray:
        """Weight bytes on one chip: split N ways, attention whole on each chip under
        attention data-parallel."""
        if layout == "dp":
            out: np.ndarray = self.attention_bytes + (self.weight_bytes - self.attention_bytes) / n
            return out
        return self.weight_bytes / n

    def weights_read(self, tokens: np.ndarray, n: np.ndarray, layout: str) -> np.ndarray:
        """Weight bytes one chip reads in a pass over ``tokens`` tokens: the fixed weights
        (the head, not the input table: a step gathers only its tokens' rows) and, per MoE
        layer, the experts expected to be touched under uniform routing,
        E x (1 - (1 - k/E)^tokens)."""
        if self.experts:
            touched = (
                self.experts * -np.expm1(tokens * math.log1p(-self.active_experts / self.experts))
                if self.active_experts < self.experts
                else np.full(np.shape(tokens), float(self.experts))
            )
            experts: np.ndarray = np.asarray(self.moe_layers * touched * self.expert_bytes)
        else:
            experts = np.zeros(np.shape(tokens))
        if layout == "dp":
            out: np.ndarray = self.attention_bytes + (self.fixed_read - self.attention_bytes + experts) / n
            return out
        split: np.ndarray = (self.fixed_read + experts) / n
        return split


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
    fabric: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Every figure of :data:`FIGURES`, broadcast over chips and scenarios.

    Chip inputs are plain numbers in bytes (physical), bytes/s, FLOP/s (or OP/s), bytes/s
    (the link, both directions added as sheets store it) and watts, NaN where unknown;
    ``fabric`` the chips' fabric codes (0 switched, 1 mesh, 2 ring, 3 torus; default
    from ``settings.fabric``, ring when auto). Scenario inputs are token counts:
    ``context`` the mean tokens a sequence in flight holds. Shapes broadcast (chips as a
    column, scenarios as a row). ``searches`` False skips ``min_chips`` and
    ``critical_batch``. Rates are NaN where the model does not fit.
    """
    formats = settings.formats(model)
    s = _Shape.of(model, formats, settings.bits_of(settings.kv))
    layout = settings.kv_layout
    n = np.asarray(float(settings.group_size))
    b = np.asarray(batch, dtype=float)
    t = np.asarray(context, dtype=float)
    prompt_t = np.asarray(prompt, dtype=float)
    cap = np.asarray(capacity, dtype=float)
    bw = np.asarray(bandwidth, dtype=float) * settings.mbu
    flops = np.asarray(compute, dtype=float) * settings.mfu
    one_way = np.asarray(link, dtype=float) / 2
    if fabric is None:
        code = _FABRIC_CODE.get(settings.fabric, 2)
        fabric = np.full(np.shape(cap), float(code))
    fab = np.asarray(fabric, dtype=float)
    usable = cap * (1 - settings.reserve)
    w_chip = s.weights_chip(n, layout)
    kv_seq_chip = s.kv_bytes_chip(t, n, layout, read=False)  # per sequence held on a chip (dp: 1/N of it)
    shape = np.broadcast(cap, b, t, prompt_t).shape
    out: dict[str, np.ndarray] = {}
    out["weight_memory"] = np.full(shape, s.weight_bytes / 1e9)
    per_token = s.full * s.unit_bytes + s.sparse_layers * (s.unit_bytes + s.index_bytes)  # layers that grow
    out["kv_bytes_per_token"] = np.full(shape, per_token)
    out["kv_memory"] = np.broadcast_to(b * kv_seq_chip * n / 1e9, shape).copy()  # over the group, replicas counted
    per_chip = w_chip + b * kv_seq_chip
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        fits = np.where(np.isnan(cap), np.nan, (per_chip <= usable).astype(float))
        room = np.floor((usable - w_chip) / kv_seq_chip)
        out["fits"] = np.broadcast_to(fits, shape).copy()
        out["max_batch"] = np.broadcast_to(np.where(np.isnan(room), np.nan, np.maximum(room, 0)), shape).copy()
        # decode: one step of the batch (roofline: the slower of bytes and FLOPs)
        per = 1 / n if layout == "dp" else 1.0  # sequences' share on one chip
        kv_bytes = b * per * s.kv_bytes_chip(t, n, layout, read=True)
        step_bytes = kv_bytes + s.weights_read(b, n, layout)
        step_flops = b * (2 * s.matmul_active + s.attention_flops(t))
        roof = np.maximum(step_bytes / bw, step_flops / (n * flops))
        comm = _communication(s, b, n, one_way, settings, fab, layout, model.moe)
        step = np.maximum(roof, comm) if settings.overlap else roof + comm
        out["decode_step_time"] = step * 1e3
        out["tokens_per_second"] = b / step
        out["tokens_per_second_per_sequence"] = 1 / step
        out["tokens_per_second_per_chip"] = b / step / n
        out["tokens_per_joule"] = b / step / (n * np.asarray(tdp, dtype=float))
        out["communication_time"] = comm * 1e3 * np.ones(shape)

        def prefill(seqs: np.ndarray) -> np.ndarray:
            tokens = seqs * prompt_t
            pre_flops = tokens * 2 * s.matmul_active + seqs * s.prefill_attention(prompt_t)
            pre_bytes = s.weights_read(tokens, n, layout) + seqs * per * s.kv_bytes_chip(
                prompt_t, n, layout, read=False
            )
            pre_comm = _communication(s, tokens, n, one_way, settings, fab, layout, model.moe)
            roof = np.maximum(pre_flops / (n * flops), pre_bytes / bw)
            r: np.ndarray = (np.maximum(roof, pre_comm) if settings.overlap else roof + pre_comm) * 1e3
            return r

        out["ttft"] = prefill(np.ones_like(b))  # one request's prompt alone: time to its first token
        out["batch_prefill"] = prefill(b)  # the whole batch's prompts together
    for k in out:
        out[k] = np.broadcast_to(out[k], shape).copy()
    fitting = out["fits"] == 1
    for k in _RATES:
        out[k] = np.where(fitting, out[k], np.nan)
    if searches:
        out["min_chips"] = _min_chips(s, settings, model, usable, b, t, shape)
        out["critical_batch"] = _critical_batch(s, t, flops, bw, n, layout, shape)
    else:
        out["min_chips"] = np.full(shape, np.nan)
        out["critical_batch"] = np.full(shape, np.nan)
    return out


_RATES = (
    "decode_step_time",
    "tokens_per_second",
    "tokens_per_second_per_sequence",
    "tokens_per_second_per_chip",
    "tokens_per_joule",
    "ttft",
    "batch_prefill",
    "communication_time",
)


def _communication(
    s: _Shape,
    tokens: np.ndarray,
    n: np.ndarray,
    one_way: np.ndarray,
    st: Settings,
    fab: np.ndarray,
    layout: str,
    moe: bool,
) -> np.ndarray:
    """Communication of one pass over ``tokens`` tokens: tensor-parallel, two all-reduces
    of the activations per layer; attention data-parallel with MoE, a dispatch and a
    combine per MoE layer (each token's hidden state to its k experts' chips and back,
    (N - 1)/N of them remote), two synchronizations each."""
    if not st.comm:
        return np.zeros(np.shape(n))
    if layout == "dp":
        if not moe:
            return np.zeros(np.shape(n))
        with np.errstate(divide="ignore", invalid="ignore"):
            moved = tokens / n * s.active_experts * s.hidden * st.activation_bytes * (n - 1) / n
            t = 2 * (moved / one_way + st.link_latency)
        r: np.ndarray = s.moe_layers * np.where(n > 1, t, 0.0)
        return r
    out: np.ndarray = (
        s.layers * 2 * _allreduce(tokens * s.hidden * st.activation_bytes, n, one_way, st.link_latency, fab)
    )
    return out


def usable_groups(model: Model, layout: str, limit: int = MAX_GROUP) -> list[int]:
    """Group sizes a runtime can use: tensor-parallel splits the attention heads, so N
    divides them; attention data-parallel takes any N."""
    if layout == "dp":
        return list(range(1, limit + 1))
    return [d for d in range(1, min(model.heads, limit) + 1) if model.heads % d == 0]


def _min_chips(
    s: _Shape, st: Settings, model: Model, usable: np.ndarray, b: np.ndarray, t: np.ndarray, shape: tuple[int, ...]
) -> np.ndarray:
    """The smallest usable group (:func:`usable_groups`) that fits: per-chip memory only
    falls as N grows, so a bisection over the usable sizes finds it; NaN where none does,
    or capacity is unknown."""
    sizes = np.asarray(usable_groups(model, st.kv_layout), dtype=float)

    def fits(i: np.ndarray) -> np.ndarray:
        n = sizes[i.astype(int)]
        need = s.weights_chip(n, st.kv_layout) + b * s.kv_bytes_chip(t, n, st.kv_layout, read=False)
        ok: np.ndarray = np.broadcast_to(need <= usable, shape)
        return ok

    lo = np.zeros(shape)
    hi = np.full(shape, float(len(sizes) - 1))
    with np.errstate(invalid="ignore"):
        ok_hi = fits(hi)
        found = fits(lo).copy()
        result = np.where(found, sizes[0], np.nan)
        todo = ~found & ok_hi
        lo, hi = lo.copy(), hi.copy()
        while todo.any():
            mid = np.floor((lo + hi) / 2)
            ok = fits(mid)
            hi = np.where(todo & ok, mid, hi)
            lo = np.where(todo & ~ok, mid, lo)
            todo = todo & (hi - lo > 1)
        result = np.where(~found & ok_hi, sizes[hi.astype(int)], result)
    return result


def _critical_batch(
    s: _Shape, t: np.ndarray, flops: np.ndarray, bw: np.ndarray, n: np.ndarray, layout: str, shape: tuple[int, ...]
) -> np.ndarray:
    """The smallest batch whose step computes at least as long as it reads weights;
    NaN where no batch up to MAX_BATCH does, or an input is unknown."""

    def bound(b: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            compute_time = b * (2 * s.matmul_active + s.attention_flops(t)) / (n * flops)
            weight_time = s.weights_read(b, n, layout) / bw
            return np.broadcast_to(compute_time >= weight_time, shape)

    known = ~(np.broadcast_to(np.isnan(flops) | np.isnan(bw), shape))
    if not s.experts:  # weight reads do not grow with the batch: B = ceil(weight time / compute time per sequence)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            per = np.broadcast_to((2 * s.matmul_active + s.attention_flops(t)) / (n * flops), shape)
            weight = np.broadcast_to(s.weights_read(np.ones(shape), n, layout) / bw, shape)
            b = np.maximum(np.ceil(weight / per), 1.0)
            b = np.where((b > 1) & ((b - 1) * per >= weight), b - 1, b)  # rounding at an exact multiple
            b = np.where(b * per >= weight, b, b + 1)
        exact: np.ndarray = np.where(known & (b <= MAX_BATCH), b, np.nan)
        return exact
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
    return np.where(known & at_one, 1.0, np.where(known & reachable, hi, np.nan))


# --- the rankable view -------------------------------------------------------------------


# Hints the lens returns, by code: one table, so a surface (CLI, report) can word them
# its own way (the lead's words module takes them over).


def physical_capacity(chips: Sequence[Spec], marketed: np.ndarray) -> np.ndarray:
    """Each chip's memory in bytes as the hardware has it: the sheet's ``physical``
    annotation of ``memory.capacity`` where recorded, else the marketed figure at 10^9
    bytes per GB (stated in the assumptions: an H100's 80 GB is 80 GiB, 7% more)."""
    out = np.asarray(marketed, dtype=float).copy()
    for i, chip in enumerate(chips):
        entry = chip.entries.get("memory.capacity")
        stored = getattr(entry, "physical_stored", None)
        if stored is None:
            continue
        canonical = getattr(stored, "canonical", None)  # the parsed size in GB: no unit conversion per call
        if canonical is not None:
            out[i] = float(canonical) * 1e9
        else:
            out[i] = float(chip.provenance("memory.capacity").physical.to("B").magnitude)
    return out


def _precisions(chips: Sequence[Spec], asked: str, settings: Settings) -> tuple[str | None, ...]:
    """Per chip, the precision its compute figure is read at: ``asked`` where published
    (with ``fallback``, the engine's fallback order), else, when the settings leave compute
    to the weights, the chip's 16-bit figure."""
    own = Comparison(chips, (), precision=asked, fallback=settings.fallback).precision_used
    if settings.compute is not None:
        return own
    sixteen = Comparison(chips, (), precision=SIXTEEN_BIT).precision_used
    return tuple(o if o is not None else a for o, a in zip(own, sixteen, strict=True))


class Serving:
    """One model served by each chip at one scenario. It holds a :class:`Comparison`
    (``comparison``) to which it adds the serving figures (:data:`FIGURES`) through the
    engine's :class:`~chipspec.comparison.Extension`, so they rank, score, go on a Pareto
    front and draw like any metric; what it does not define (``rank``, ``score``,
    ``pareto``, ``label`` ...) it reads from that comparison. ``model``, ``scenario`` and
    ``settings`` say what was assumed; :meth:`assumptions` says it in words.
    """

    def __init__(
        self,
        model: Model,
        chips: Sequence[Spec],
        scenario: Scenario,
        settings: Settings = DEFAULTS,
        columns: Sequence[str] = TABLE_FIGURES,
    ) -> None:
        self.model = model
        self.scenario = scenario
        self.settings = settings
        asked = settings.compute_precision(model)
        extension = Extension(
            names=tuple(FIGURES),
            compute=self._compute_figures,
            needs={name: tuple(self._inputs(name)) for name in FIGURES},
            caption=self._caption,
            missing_hint=self._missing_hint,
        )
        self.comparison = Comparison(
            chips,
            columns,
            precision=asked,
            fallback=settings.fallback,
            precisions=_precisions(chips, asked, settings),
            extension=extension,
        )

    def __getattr__(self, name: str) -> Any:
        if name in ("comparison", "_calibrations"):  # not yet built: no recursion
            raise AttributeError(name)
        return getattr(self.comparison, name)

    def __repr__(self) -> str:
        s = self.scenario
        return (
            f"<Serving {self.model.name} on {len(self.chips)} chips: batch {s.batch}, context {s.context}, "
            f"{self.settings.group_size} per group>"
        )

    def table(self, fmt: str = "terminal", width: int = 100, lang: str = "en") -> str:
        """The table ``chipspec llm`` prints (figures, flags, footnotes and what every
        figure assumes), in ``fmt``; hints worded for Python."""
        from ...display import render

        return render("serving", self, fmt, width, lang=lang)

    def __str__(self) -> str:
        return self.table()

    def _repr_html_(self) -> str:
        return self.table("html")

    @property
    def chips(self) -> tuple[Spec, ...]:
        return self.comparison.chips

    @property
    def columns(self) -> tuple[str, ...]:
        return self.comparison.columns

    @property
    def precision_used(self) -> tuple[str | None, ...]:
        return self.comparison.precision_used

    def column(self, name: str) -> Column:
        """A serving figure, or any column of the comparison (computed once)."""
        return self.comparison.column(name)

    def _caption(self, lang: str = "en") -> str:
        from ... import i18n

        sc, st = self.scenario, self.settings
        return i18n.phrase(
            "{model}, batch {batch}, context {context} tokens, {weights} weights, {n} chip(s) per group; "
            "roofline bounds",
            lang,
        ).format(
            model=self.model.name,
            batch=sc.batch,
            context=f"{sc.context:,}",
            weights=st.weights.upper(),
            n=st.group_size,
        )

    def _missing_hint(self, field: str) -> str | None:
        if not field.startswith("compute.") or self.settings.fallback:
            return None
        if self.settings.compute is None:
            return "include-compute"  # a hint code: chipspec.i18n.HINTS words it per surface
        return "include-fallback"

    def _inputs(self, name: str) -> list[str]:
        needs = list(FIGURES[name].needs)
        if _LINK in needs and (self.settings.group_size == 1 or not self.settings.comm):
            needs.remove(_LINK)
        return needs

    def _compute_figures(self, comparison: Comparison) -> dict[str, Column]:
        """Every serving figure as a column of ``comparison`` (its chips' fields in)."""
        chips = comparison.chips
        cols = {n: comparison.column(n) for n in (_CAP, _BW, COMPUTE, _LINK, _TDP)}
        scale = {_CAP: 1e9, _BW: 1e9, COMPUTE: 1e12, _LINK: 1e9, _TDP: 1.0}
        values = {n: c.values * scale[n] for n, c in cols.items()}
        values[_CAP] = physical_capacity(chips, values[_CAP])
        fabric = np.asarray([self._fabric(c) for c in chips], dtype=float)
        raw = self._serve(values, fabric)
        raw[CALIBRATED] = self._calibrated(comparison, values, fabric)
        out = {}
        n = len(chips)
        fits = np.asarray(raw["fits"], dtype=float).reshape(n)
        need = np.asarray(raw["min_chips"], dtype=float).reshape(n)
        for name, f in FIGURES.items():
            inputs = [cols[i] for i in self._inputs(name)]
            v = np.asarray(raw[name], dtype=float).reshape(n)
            v = np.where(np.isfinite(v), v, np.nan)
            missing: list[tuple[str, ...]] = [()] * n
            flags: list[frozenset[str]] = [frozenset()] * n
            for i in range(n):
                lacking = tuple(p for c in inputs for p in c.missing[i])
                if name == CALIBRATED and v[i] != v[i] and not lacking and not self.calibrations(comparison)[i].any:
                    used = comparison.precision_used[i]
                    missing[i] = (f"a measurement (measured.{used or 'compute'} or measured.memory)",)
                elif v[i] != v[i]:
                    if (name in _RATES or name == CALIBRATED) and fits[i] == 0 and not lacking:
                        missing[i] = (self._no_fit(need[i]),)
                    else:
                        missing[i] = lacking or (f"({name} has no finite value)",)
                else:
                    flags[i] = frozenset().union(*(c.flags[i] for c in inputs))
            out[name] = Column(name, f.unit, v, tuple(missing), tuple(flags), direction=f.direction)
        return out

    def _serve(
        self,
        values: Mapping[str, np.ndarray],
        fabric: np.ndarray,
        bandwidth_scale: np.ndarray | float = 1.0,
        compute_scale: np.ndarray | float = 1.0,
        searches: bool = True,
    ) -> dict[str, np.ndarray]:
        """:func:`serve` on the chips' figures at this scenario (bandwidth and compute scaled
        by measured efficiencies for the calibrated estimate)."""
        sc = self.scenario
        return serve(
            self.model,
            values[_CAP],
            values[_BW] * bandwidth_scale,
            values[COMPUTE] * compute_scale,
            values[_LINK],
            values[_TDP],
            np.asarray(sc.batch),
            np.asarray(sc.mean_context),
            np.asarray(sc.prompt),
            self.settings,
            searches=searches,
            fabric=fabric,
        )

    def calibrations(self, comparison: Comparison | None = None) -> list[Calibration]:
        """Per chip, the measured efficiencies its calibrated estimate uses (matmul at the
        compute precision used, memory bandwidth), and the measurements they come from."""
        cached: list[Calibration] | None = self.__dict__.get("_calibrations")
        if cached is None:
            c = comparison if comparison is not None else self.comparison
            cached = [calibration(chip, p) for chip, p in zip(c.chips, c.precision_used, strict=True)]
            self.__dict__["_calibrations"] = cached
        return cached

    def _calibrated(self, comparison: Comparison, values: Mapping[str, np.ndarray], fabric: np.ndarray) -> np.ndarray:
        """Throughput per chip with compute and bandwidth scaled by the chip's measured
        efficiencies; NaN where the chip has no measurement to calibrate with."""
        chips = comparison.chips
        cal = self.calibrations(comparison)
        ce = np.asarray([c.compute_efficiency for c in cal], dtype=float)
        me = np.asarray([c.memory_efficiency for c in cal], dtype=float)
        raw = self._serve(values, fabric, bandwidth_scale=me, compute_scale=ce, searches=False)
        v = np.asarray(raw["tokens_per_second_per_chip"], dtype=float).reshape(len(chips))
        return np.where(np.asarray([c.any for c in cal]), v, np.nan)

    def _fabric(self, chip: Spec) -> int:
        if self.settings.fabric != "auto":
            return _FABRIC_CODE[self.settings.fabric]
        entry = chip.entries.get("interconnect.name")
        return _FABRIC_CODE[fabric_of(entry.text if entry is not None else None)]

    def _no_fit(self, need: float) -> str:
        """Why a rate is not shown, and what would make the model fit, as a code in place of
        the missing field (``no-fit:64``: a group of 64 chips would fit; ``no-fit``: no usable
        group would); :func:`chipspec.i18n.label` words it in each language."""
        return f"no-fit:{int(need)}" if need == need else "no-fit"

    def assumptions(self, lang: str = "en") -> list[str]:
        """What every figure assumes, in words in ``lang`` (tables and reports print these)."""
        from ... import i18n

        def say(text: str, **values: Any) -> str:
            return i18n.phrase(text, lang).format(**values)

        st, m, sc = self.settings, self.model, self.scenario
        formats = st.formats(m)
        named = sorted(set(formats.values()))
        part = (lambda p: p) if lang == "en" else (lambda p: i18n.phrase(f"part.{p}", lang))
        weights = (
            named[0]
            if len(named) == 1
            else i18n.chart_phrase(", ", lang).join(f"{part(p)} {formats[p]}" for p in PARTS if m.parts()[p])
        )
        compute = (
            say("{precision} where published, else 16-bit", precision=st.compute_precision(m))
            if st.compute is None
            else st.compute
        )
        out = [
            say("bounds: every time is a lower bound, every throughput an upper bound")
            + (
                say(" (at mfu {mfu}, mbu {mbu})", mfu=f"{st.mfu:g}", mbu=f"{st.mbu:g}")
                if (st.mfu, st.mbu) != (1, 1)
                else say(" (full compute and bandwidth; a step takes the slower of its bytes and its FLOPs)")
            ),
            say(
                "weights {weights}; KV cache {kv}; compute {compute}; dense figures only",
                weights=weights,
                kv=st.kv,
                compute=compute,
            ),
            (
                say(
                    "context: sequences in flight hold {mean} tokens on average (prompt {prompt} + half of "
                    "{generate} generated: continuous batching, paged KV)",
                    mean=f"{sc.mean_context:,.0f}",
                    prompt=f"{sc.prompt:,}",
                    generate=f"{sc.generate:,}",
                )
                if sc.generate is not None
                else say("context: every sequence holds {context} tokens at the step", context=f"{sc.context:,}")
            ),
            say(
                "TTFT is one request's prompt ({prompt} tokens) alone; batch_prefill is the batch's prompts together",
                prompt=f"{sc.prompt:,}",
            ),
            say("{reserve} of memory reserved for the runtime", reserve=f"{st.reserve:.0%}")
            + (say(" (an upper bound; vLLM keeps 10%)") if st.reserve == 0 else ""),
            say(
                "memory: the sheet's physical capacity where recorded, else the marketed GB at 10^9 bytes "
                "(an 80 GB H100 has 80 GiB: then understated by 7%)"
            ),
        ]
        if st.group_size > 1:
            if st.kv_layout == "tp":
                out.append(
                    say(
                        "{n} chips per group, tensor-parallel: heads and weights split {n} ways",
                        n=st.group_size,
                    )
                )
            else:
                out.append(
                    say(
                        "{n} chips per group, attention data-parallel: each sequence's KV on one chip, the "
                        "attention weights on every chip, the rest split",
                        n=st.group_size,
                    )
                )
            out.append(
                say("communication (a model): ")
                + (
                    (
                        say(
                            "two all-reduces of the activations per layer, by the cheapest standard algorithm of "
                            "the fabric (switched: one- or two-shot; mesh: two steps; torus: per dimension; ring: "
                            "2(N-1) steps)"
                        )
                        if st.kv_layout == "tp"
                        else say("an expert dispatch and combine per MoE layer")
                    )
                    + say(
                        ", one direction of the link (half the stored figure), {latency} µs per synchronization",
                        latency=f"{st.link_latency * 1e6:g}",
                    )
                    + (say("; overlapped with compute") if st.overlap else say("; added to compute"))
                    + (
                        say(
                            "; fabric {fabric}",
                            fabric=st.fabric if lang == "en" else i18n.label(f"fabric.{st.fabric}", lang),
                        )
                        if st.fabric != "auto"
                        else say("; fabric from the chip's link name")
                    )
                    if st.comm
                    else say("left out")
                )
            )
            out.append(
                say("the group is one scale-up domain at the chip's link bandwidth")
                + ("" if st.domain is not None else say(" (chipspec does not know the domain's size: check it)"))
            )
        if m.moe:
            out.append(
                say(
                    "MoE: {active} of {experts} experts per token in {moe_layers} of {layers} layers; all experts "
                    "held in memory; a step reads the experts its tokens are expected to touch (uniform routing)",
                    active=m.active_experts,
                    experts=m.experts,
                    moe_layers=m.moe_layers,
                    layers=m.layers,
                )
            )
        counts = m.layer_counts()
        if set(counts) != {"full"}:
            words = {
                "full": say("full"),
                "window": say("sliding window {n}", n=f"{m.window:,}"),
                "chunk": say("chunked {n} (a token reads half a chunk on average)", n=f"{m.chunk:,}"),
                "linear": say("linear attention (a fixed state)"),
                "sparse": say("sparse top-{n} with an indexer over every token", n=f"{m.sparse_topk:,}"),
            }
            out.append(
                say("attention per layer: ")
                + i18n.chart_phrase(", ", lang).join(f"{n} {words[k]}" for k, n in counts.items())
            )
        if m.attention == "MLA" and st.kv_layout == "tp" and st.group_size > 1:
            out.append(say("MLA: the latent KV cache is replicated on every chip of the group"))
        elif st.kv_layout == "tp" and st.group_size > m.kv_heads and m.attention != "MLA":
            out.append(say("KV heads ({n}) replicated: the group is larger than the heads", n=m.kv_heads))
        if m.mtp_layers:
            out.append(
                say(
                    "the {n} multi-token-prediction layer(s) are not served (no speculative decoding)",
                    n=m.mtp_layers,
                )
            )
        out.extend(i18n.model_note(note, lang) for note in m.notes)
        if m.max_context is not None and sc.context > m.max_context:
            out.insert(
                0,
                say(
                    "beyond the model: context {context} tokens is more than {model}'s {max} "
                    "(max_position_embeddings); the figures are arithmetic, not a model that works",
                    context=f"{sc.context:,}",
                    model=m.name,
                    max=f"{m.max_context:,}",
                ),
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
    chips: Catalog | Iterable[Spec | str] | Spec | str | None = None,
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
    kv_layout: str = "tp",
    fabric: str = "auto",
    overlap: bool = True,
    domain: int | None = None,
    parts: Mapping[str, str] | None = None,
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
        context = DEFAULT_CONTEXT
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
        kv_layout=kv_layout,
        fabric=fabric,
        overlap=overlap,
        domain=domain,
        parts=tuple(sorted((parts or {}).items())),
    ).check(m)
    for name in columns:
        if name not in FIGURES:
            from ...comparison import check_column

            check_column(name)
    base = compare(chips, (), catalog=catalog)
    return Serving(m, base.chips, scenario, settings, columns)


def peak_throughput(
    model: str | Model,
    chip: Spec | str,
    *,
    prompt: int,
    generate: int,
    catalog: Catalog | None = None,
    **settings: Any,
) -> tuple[int, float]:
    """The group's decode throughput bound at the largest batch that fits, for requests
    of ``prompt`` + ``generate`` tokens (sequences in flight at S + G/2): what a measured
    maximum-throughput run (requests fed at an infinite rate) is compared with. Returns
    (batch, tokens/s of the group); (0, nan) where not one sequence fits. ``settings``
    are :func:`llm`'s (weights, kv, group_size, kv_layout ...)."""
    probe = llm(model, [chip], batch=1, prompt=prompt, generate=generate, catalog=catalog, **settings)
    room = probe.column("max_batch").values[0]
    if not room >= 1:
        return 0, float("nan")
    batch = int(min(room, MAX_BATCH))
    s = llm(model, [chip], batch=batch, prompt=prompt, generate=generate, catalog=catalog, **settings)
    return batch, float(s.column("tokens_per_second").values[0])


def servings(
    model: str | Model, chips: Sequence[Spec], batches: Sequence[int], settings: Settings, **scenario: int | None
) -> list[Serving]:
    """One :class:`Serving` per batch (the same model, chips and settings): what
    ``chipspec llm --batch 1,8,64`` shows. ``scenario`` is context, or prompt and generate."""
    m = load_model(model)
    settings.check(m)
    return [Serving(m, chips, Scenario.make(b, **scenario), settings) for b in batches]


def sweep(
    model: str | Model,
    chips: Sequence[Spec],
    batches: Sequence[int],
    contexts: Sequence[float],
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
    settings.check(m)
    base = Serving(m, chips, Scenario.make(1, 1), settings, ())
    values = {n: base.column(n).values for n in (_CAP, _BW, COMPUTE, _LINK, _TDP)}
    values[_CAP] = physical_capacity(base.chips, values[_CAP] * 1e9) / 1e9
    fabric = np.asarray([base._fabric(c) for c in base.chips], dtype=float)[:, None, None]

    def c(a: np.ndarray, k: float) -> np.ndarray:
        return (np.asarray(a, dtype=float) * k)[:, None, None]

    b = np.asarray(batches, dtype=float)[None, None, :]
    t = np.asarray(contexts, dtype=float)[None, :, None]
    s = t if prompts is None else np.asarray(prompts, dtype=float)[None, :, None]
    return serve(
        m, c(values[_CAP], 1e9), c(values[_BW], 1e9), c(values[COMPUTE], 1e12), c(values[_LINK], 1e9),
        c(values[_TDP], 1.0), b, t, s, settings, fabric=fabric,
    )  # fmt: skip


def check_figure(name: str) -> str:
    if name in FIGURES:
        return name
    raise UsageError(f"unknown serving figure {name!r}; figures: {', '.join(FIGURES)}"[:300] + _hint(name))


def _hint(name: str) -> str:
    close = suggest(name, FIGURES)
    return f" (did you mean {close[0]!r}?)" if close else ""
