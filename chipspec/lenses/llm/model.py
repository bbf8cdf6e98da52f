"""LLM model sheets: the structure a serving estimate needs.

A model comes from a bundled model sheet (``chipspec/lenses/llm/models/*.yaml``), a YAML
model sheet of the user's, or a Hugging Face ``config.json``. Both files use Hugging
Face's key names (``num_hidden_layers``, ``num_key_value_heads``, ``kv_lora_rank`` ...);
a model sheet adds ``name``, ``sources``, ``source``, ``published`` and ``structure``
(see docs/llm.md). Errors are located like a spec sheet's: ``file:line: key: what was
expected, what was found``; a missing key names the key and the file.

The parameter count is computed from the structure (embeddings, attention with its
biases and norms, gated or plain MLP, routers, routed and shared experts, RMSNorm
weights, the output head unless tied, and the multi-token-prediction layers apart),
never taken from the file.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ...errors import SpecError, UnknownNameError
from ...sheets import Reader, compose, read_text
from ...spec import Source, suggest
from ...units import shown

__all__ = [
    "ATTENTION_KINDS",
    "Model",
    "Published",
    "bundled_models",
    "load_model",
    "model_from_config",
]

ATTENTION_KINDS = ("MHA", "GQA", "MLA")
MAX_MODEL_BYTES = 1 << 20

# Hugging Face model types whose MLP is gated (SwiGLU/GeGLU: three matrices), and what
# their modeling code adds that config.json does not say.
_TYPE_DEFAULTS: Mapping[str, Mapping[str, bool]] = {
    "llama": {},
    "mistral": {},
    "mixtral": {},
    "qwen2": {"qkv_bias": True},  # Qwen2 modeling hard-codes q/k/v biases
    "qwen2_moe": {"qkv_bias": True},
    "qwen3": {"qk_norm": True},
    "qwen3_moe": {"qk_norm": True},
    "deepseek_v2": {},
    "deepseek_v3": {},
    "kimi_k2": {},
    "glm4_moe": {},
    "gemma": {},
    "gemma2": {"norms4": True},
    "gemma3_text": {"norms4": True, "qk_norm": True},
    "llama4_text": {},
    "gpt_oss": {"o_bias": True, "sinks": True, "expert_bias": True, "router_bias": True},
    "qwen3_next": {"qk_norm": True, "attention_gate": True, "shared_gate": True},
    "minimax_m2": {},
    "glm_moe_dsa": {},  # GLM-5: DeepSeek-V3.2's latent attention with its indexer
    "deepseek_v32": {},
}
# Hugging Face class defaults for keys the official Gemma configs leave out (the
# configuration classes' __init__ defaults, as transformers defines them: Gemma2Config vocab_size=256000,
# tie_word_embeddings=True; Gemma3TextConfig vocab_size=262208, tie_word_embeddings=True).
_CLASS_DEFAULTS: Mapping[str, Mapping[str, Any]] = {
    "gemma2": {"vocab_size": 256000, "tie_word_embeddings": True},
    # Gemma3TextConfig: vocab_size 262_208, max_position_embeddings 131_072, sliding_window_pattern 6
    # (every 6th layer global), tie_word_embeddings True; as the class defines them and public
    # reimplementations transcribe them (google's own config.json for gemma-3-27b gives none of these)
    "gemma3_text": {
        "vocab_size": 262208,
        "tie_word_embeddings": True,
        "sliding_window_pattern": 6,
        "max_position_embeddings": 131072,
    },
    "llama4_text": {"tie_word_embeddings": False},  # Llama4TextConfig / Llama4Config default
}
# Multimodal wrappers whose text model is counted; what is left out is said.
_WRAPPERS = {"llama4": "llama4_text", "gemma3": "gemma3_text"}
# Attention kinds per layer, as Hugging Face's layer_types names them.
LAYER_KINDS = ("full", "window", "chunk", "linear", "sparse")
_LAYER_TYPES = {
    "full_attention": "full",
    "sliding_attention": "window",
    "chunked_attention": "chunk",
    "linear_attention": "linear",
}
_PLAIN_ACTIVATIONS = ("gelu", "gelu_new", "gelu_fast", "relu", "gelu_pytorch_tanh_plain")

# Keys read from a config or sheet: name -> (kind, required).
_INT, _BOOL, _TEXT, _INTS, _TEXTS = "int", "bool", "text", "ints", "texts"
_KEYS: Mapping[str, tuple[str, bool]] = {
    "num_hidden_layers": (_INT, True),
    "hidden_size": (_INT, True),
    "num_attention_heads": (_INT, True),
    "num_key_value_heads": (_INT, False),
    "head_dim": (_INT, False),
    "intermediate_size": (_INT, True),
    "vocab_size": (_INT, True),
    "tie_word_embeddings": (_BOOL, False),
    "max_position_embeddings": (_INT, False),
    "hidden_act": (_TEXT, False),
    "model_type": (_TEXT, False),
    "attention_bias": (_BOOL, False),
    "use_qk_norm": (_BOOL, False),
    "n_routed_experts": (_INT, False),
    "num_local_experts": (_INT, False),
    "num_experts": (_INT, False),
    "num_experts_per_tok": (_INT, False),
    "moe_intermediate_size": (_INT, False),
    "n_shared_experts": (_INT, False),
    "shared_expert_intermediate_size": (_INT, False),
    "first_k_dense_replace": (_INT, False),
    "decoder_sparse_step": (_INT, False),
    "moe_layer_freq": (_INT, False),
    "mlp_only_layers": (_INTS, False),
    "topk_method": (_TEXT, False),
    "q_lora_rank": (_INT, False),
    "kv_lora_rank": (_INT, False),
    "qk_rope_head_dim": (_INT, False),
    "qk_nope_head_dim": (_INT, False),
    "v_head_dim": (_INT, False),
    "num_nextn_predict_layers": (_INT, False),
    # per-layer attention
    "layer_types": (_TEXTS, False),
    "sliding_window": (_INT, False),
    "use_sliding_window": (_BOOL, False),
    "max_window_layers": (_INT, False),
    "sliding_window_pattern": (_INT, False),
    "attention_chunk_size": (_INT, False),
    "no_rope_layers": (_INTS, False),
    "full_attention_interval": (_INT, False),
    "linear_num_key_heads": (_INT, False),
    "linear_num_value_heads": (_INT, False),
    "linear_key_head_dim": (_INT, False),
    "linear_value_head_dim": (_INT, False),
    "linear_conv_kernel_dim": (_INT, False),
    "index_topk": (_INT, False),
    "index_n_heads": (_INT, False),
    "index_head_dim": (_INT, False),
    # Llama 4's MoE layout
    "interleave_moe_layer_step": (_INT, False),
    "moe_layers": (_INTS, False),
    "intermediate_size_mlp": (_INT, False),
    "experts_per_token": (_INT, False),
    # MiniMax
    "attn_type_list": (_INTS, False),
    "qk_norm_type": (_TEXT, False),
    "use_routing_bias": (_BOOL, False),
    "shared_intermediate_size": (_INT, False),
}
# Keys that change a figure in a way chipspec does not model: a config that sets them is
# refused (located), never read as if they were absent.
_REFUSED = {
    "linear_attn_config": "linear-attention layers of this form are not modelled",
    "moe_layer_freq_list": "this MoE layer pattern is not modelled",
    "kv_layer_share": "KV sharing across layers is not modelled",
    "num_kv_shared_layers": "KV sharing across layers is not modelled",
    "n_shared_layers": "shared layers are not modelled",
    "zero_expert_num": "zero-computation experts are not modelled",
    "indexer_types": "layers sharing another layer's indexer are not modelled",
    "altup_num_inputs": "Gemma 3n's AltUp is not modelled",
    "hidden_size_per_layer_input": "per-layer input embeddings are not modelled",
}
# Keys of Hugging Face configs a model sheet may carry that the estimate does not need.
_IGNORED = frozenset(
    {
        "architectures",
        "rms_norm_eps",
        "rope_theta",
        "rope_scaling",
        "torch_dtype",
        "bos_token_id",
        "eos_token_id",
        "pad_token_id",
        "n_group",
        "topk_group",
        "scoring_func",
        "routed_scaling_factor",
        "norm_topk_prob",
        "attention_dropout",
        "initializer_range",
        "use_cache",
        "partial_rotary_factor",
        "router_aux_loss_coef",
        "output_router_logits",
        "pretraining_tp",
        "mlp_bias",
        "transformers_version",
        "ep_size",
        "aux_loss_alpha",
        "seq_aux",
        "num_key_value_groups",
        "rope_interleave",
        "quantization_config",
        "query_pre_attn_scalar",
        "final_logit_softcapping",
        "attn_logit_softcapping",
        "rope_local_base_freq",
        "no_rope_layer_interval",
        "attn_temperature_tuning",
        "floor_scale",
        "attn_scale",
        "router_jitter_noise",
        "swiglu_limit",
        "initial_context_length",
        "hidden_activation",
        "cache_implementation",
        "for_llm_compressor",
        "head_dim_original",
        "rotary_dim",
        "_attn_implementation_autoset",
        "_attn_implementation",
        "attn_implementation",
        "layer_norm_eps",
        "layer_norm_epsilon",
        "moe_router_dtype",
        "mamba_ssm_dtype",
        "use_mtp",
        "num_mtp_modules",
        "mtp_transformer_layers",
    }
)
# Widths and counts that cannot be 0 where they are given (0 would make a layer of nothing,
# and every figure built on it silently wrong).
_WIDTHS = (
    "num_hidden_layers",
    "hidden_size",
    "num_attention_heads",
    "intermediate_size",
    "vocab_size",
    "head_dim",
    "max_position_embeddings",
    "kv_lora_rank",
    "qk_rope_head_dim",
    "qk_nope_head_dim",
    "v_head_dim",
    "sliding_window",
    "attention_chunk_size",
    "linear_num_key_heads",
    "linear_num_value_heads",
    "linear_key_head_dim",
    "linear_value_head_dim",
    "index_topk",
    "index_n_heads",
    "index_head_dim",
    "interleave_moe_layer_step",
    "intermediate_size_mlp",
    "full_attention_interval",
    "sliding_window_pattern",
)
_SHEET_KEYS = frozenset({"name", "sources", "source", "published", "structure", "notes"})
_STRUCTURE_KEYS = ("qkv_bias", "qk_norm", "router_bias", "mlp", "o_bias")
_PUBLISHED_KEYS = ("total", "active", "counted")
_FIGURE_KEYS = ("value", "source", "quote", "counts")
_COUNTS = ("embeddings", "head", "mtp")  # head: the output head only, not the input table
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([KMBT])", re.IGNORECASE)
_SCALE = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}


@dataclass(frozen=True)
class Published:
    """A published parameter count: ``value`` as written (``"671B"`` or an exact count),
    what it ``counts`` besides the layers (``embeddings`` and/or ``mtp``), and its source."""

    value: str
    number: float
    significant: int  # significant digits of the figure as written (exact counts: all)
    counts: tuple[str, ...]
    source: Source | None
    quote: str | None


@dataclass(frozen=True)
class Model:
    """The structure of a decoder-only transformer, as serving needs it.

    ``attention`` is ``MHA``, ``GQA`` or ``MLA``; ``layer_kinds`` says per layer how it
    attends: ``full``, ``window`` (the last ``window`` tokens), ``chunk`` (within chunks
    of ``chunk`` tokens), ``linear`` (a fixed-size state: Gated DeltaNet) or ``sparse``
    (the ``sparse_topk`` tokens an indexer picks: DeepSeek Sparse Attention). MoE models
    have ``experts`` > 0 with ``active_experts`` routed per token and ``shared_experts``
    always on; ``moe_mask`` says which layers are MoE (empty: all but the first
    ``dense_layers``). ``mtp_layers`` (multi-token prediction) are counted apart:
    serving without speculative decoding does not run them. ``notes`` say what was
    assumed while reading (class defaults applied, a vision tower left out).
    """

    id: str
    name: str
    layers: int
    hidden: int
    heads: int
    kv_heads: int
    head_dim: int
    intermediate: int  # the dense MLP's width
    vocab: int
    tied: bool
    gated: bool
    attention: str
    q_lora_rank: int = 0
    kv_lora_rank: int = 0
    rope_head_dim: int = 0
    nope_head_dim: int = 0
    v_head_dim: int = 0
    experts: int = 0
    active_experts: int = 0
    expert_intermediate: int = 0
    shared_experts: int = 0
    shared_intermediate: int = 0
    dense_layers: int = 0
    qkv_bias: bool = False
    qk_norm: bool = False
    router_bias: bool = False
    mtp_layers: int = 0
    max_context: int | None = None
    source: Source | None = None
    published_total: Published | None = None
    published_active: Published | None = None
    counted: Published | None = None  # an exact count from loaded weights, where one is published
    path: str | None = None
    # per-layer structure (2026 architectures)
    layer_kinds: tuple[str, ...] = ()  # empty: every layer full
    moe_mask: tuple[bool, ...] = ()  # empty: all layers after dense_layers are MoE
    window: int = 0
    chunk: int = 0
    sparse_topk: int = 0
    index_heads: int = 0
    index_dim: int = 0
    linear_key_heads: int = 0
    linear_value_heads: int = 0
    linear_key_dim: int = 0
    linear_value_dim: int = 0
    linear_conv: int = 0
    o_bias: bool = False
    sinks: bool = False
    expert_bias: bool = False
    attention_gate: bool = False
    shared_gate: bool = False
    norms_per_layer: int = 2
    qk_norm_width: int = 0  # per-layer q/k norms over all heads (MiniMax): their weights; 0: per head
    quantization: tuple[tuple[str, str], ...] = ()  # part -> storage format of the checkpoint
    checkpoint_dtype: str = "bf16"
    notes: tuple[str, ...] = ()

    # --- structure ---------------------------------------------------------------------

    @property
    def moe(self) -> bool:
        return self.experts > 0

    def kinds(self) -> tuple[str, ...]:
        """The attention kind of each layer."""
        return self.layer_kinds or ("full",) * self.layers

    def moe_flags(self) -> tuple[bool, ...]:
        """Whether each layer is MoE."""
        if not self.moe:
            return (False,) * self.layers
        return self.moe_mask or tuple(i >= self.dense_layers for i in range(self.layers))

    @property
    def moe_layers(self) -> int:
        return sum(self.moe_flags())

    def dense_layers_count(self) -> int:
        return self.layers - self.moe_layers

    def _matrices(self) -> int:
        return 3 if self.gated else 2

    def attention_parameters(self, kind: str = "full") -> int:
        """Weights of one attention block of ``kind`` (projections, biases, q/k norms,
        sinks; linear-attention layers their own projections, convolution and norm; a
        sparse layer adds its indexer)."""
        h, nh = self.hidden, self.heads
        if kind == "linear":
            nk, nv, dk, dv = self.linear_key_heads, self.linear_value_heads, self.linear_key_dim, self.linear_value_dim
            conv = (2 * nk * dk + nv * dv) * self.linear_conv
            # Qwen3-Next Gated DeltaNet: in_proj_qkvz, in_proj_ba, conv1d, dt_bias, A_log, norm, out_proj
            return h * (2 * nk * dk + 2 * nv * dv) + h * 2 * nv + conv + 2 * nv + dv + nv * dv * h
        if self.attention == "MLA":
            qk = self.nope_head_dim + self.rope_head_dim
            if self.q_lora_rank:
                q = h * self.q_lora_rank + self.q_lora_rank + self.q_lora_rank * nh * qk
            else:
                q = h * nh * qk
            kv = h * (self.kv_lora_rank + self.rope_head_dim) + self.kv_lora_rank
            kv += self.kv_lora_rank * nh * (self.nope_head_dim + self.v_head_dim)
            p = q + kv + nh * self.v_head_dim * h
            if kind == "sparse":
                p += self.indexer_parameters()
            return p
        hd, nkv = self.head_dim, self.kv_heads
        q = h * nh * hd * (2 if self.attention_gate else 1)
        p = q + 2 * h * nkv * hd + nh * hd * h
        if self.qkv_bias:
            p += nh * hd + 2 * nkv * hd
        if self.o_bias:
            p += h
        if self.qk_norm:
            p += self.qk_norm_width or 2 * hd
        if self.sinks:
            p += nh
        return p

    def indexer_parameters(self) -> int:
        """DeepSeek-V3.2's lightning indexer of one layer: wq_b (q_lora_rank -> heads x
        dim), wk (hidden -> dim), k_norm (LayerNorm: weight and bias), weights_proj
        (hidden -> heads)."""
        ih, idim = self.index_heads, self.index_dim
        return self.q_lora_rank * ih * idim + self.hidden * idim + 2 * idim + self.hidden * ih

    def dense_mlp_parameters(self) -> int:
        return self._matrices() * self.hidden * self.intermediate

    def expert_parameters(self) -> int:
        """Weights of one routed expert (with gpt-oss's biases)."""
        p = self._matrices() * self.hidden * self.expert_intermediate
        if self.expert_bias:
            p += (self._matrices() - 1) * self.expert_intermediate + self.hidden
        return p

    def shared_parameters(self) -> int:
        """Weights of the always-on shared experts of one MoE layer (and their gate)."""
        p = self.shared_experts * self._matrices() * self.hidden * self.shared_intermediate
        return p + (self.hidden if self.shared_gate and self.shared_experts else 0)

    def router_parameters(self) -> int:
        return self.experts * self.hidden + (self.experts if self.router_bias else 0)

    def norm_parameters(self) -> int:
        return self.norms_per_layer * self.hidden

    def layer_parameters(self, moe: bool, experts: int | None = None, kind: str = "full") -> int:
        """One decoder layer: attention of ``kind``, MLP or MoE (``experts`` routed experts
        counted; default all), its norm vectors."""
        if moe:
            n = self.experts if experts is None else experts
            mlp = self.router_parameters() + n * self.expert_parameters() + self.shared_parameters()
        else:
            mlp = self.dense_mlp_parameters()
        return self.attention_parameters(kind) + mlp + self.norm_parameters()

    def embedding_parameters(self) -> int:
        """Input embeddings plus the output head (unless tied)."""
        return self.vocab * self.hidden * (1 if self.tied else 2)

    def mtp_parameters(self) -> int:
        """The multi-token-prediction layers (one MoE decoder layer, a 2H -> H projection
        and three norms each; embeddings and head shared with the main model)."""
        one = self.layer_parameters(self.moe, kind=self.kinds()[-1]) + 2 * self.hidden * self.hidden
        return self.mtp_layers * (one + 3 * self.hidden)

    def parts(self, *, active: bool = False) -> dict[str, int]:
        """Weights by part: ``embeddings`` (the input table), ``head`` (the output head; 0
        when tied), ``attention`` (every attention block, indexers and linear attention
        included), ``experts`` (routed experts; ``active``: those one token runs),
        ``mlp`` (dense MLPs and shared experts), ``other`` (norms, routers). Together they
        are :meth:`parameters`. Counted once per model (a frozen record) and copied."""
        return dict(self._active_parts if active else self._all_parts)

    @functools.cached_property
    def _all_parts(self) -> dict[str, int]:
        return self._count_parts(active=False)

    @functools.cached_property
    def _active_parts(self) -> dict[str, int]:
        return self._count_parts(active=True)

    def _count_parts(self, *, active: bool) -> dict[str, int]:
        out = dict.fromkeys(("embeddings", "head", "attention", "experts", "mlp", "other"), 0)
        out["embeddings"] = self.vocab * self.hidden
        out["head"] = 0 if self.tied else self.vocab * self.hidden
        for kind, moe in zip(self.kinds(), self.moe_flags(), strict=True):
            out["attention"] += self.attention_parameters(kind)
            out["other"] += self.norm_parameters()
            if moe:
                out["experts"] += (self.active_experts if active else self.experts) * self.expert_parameters()
                out["mlp"] += self.shared_parameters()
                out["other"] += self.router_parameters()
            else:
                out["mlp"] += self.dense_mlp_parameters()
        out["other"] += self.hidden  # the final norm
        return out

    def parameters(self, *, embeddings: bool = True, mtp: bool = False) -> int:
        """All weights (every expert), from the structure."""
        p = self.parts()
        total = sum(p.values()) - (0 if embeddings else p["embeddings"] + p["head"])
        return total + (self.mtp_parameters() if mtp else 0)

    def active_parameters(self, *, embeddings: bool = True) -> int:
        """The weights one token runs through (routed experts: ``active_experts``)."""
        p = self.parts(active=True)
        return sum(p.values()) - (0 if embeddings else p["embeddings"] + p["head"])

    def layer_counts(self) -> dict[str, int]:
        """How many layers attend each way."""
        kinds = self.kinds()
        return {k: kinds.count(k) for k in LAYER_KINDS if k in kinds}

    def _unit(self) -> int:
        """Cached elements per token of one full-attention layer: 2 x KV heads x head dim
        (MHA, GQA), or the latent plus the RoPE key (MLA)."""
        if self.attention == "MLA":
            return self.kv_lora_rank + self.rope_head_dim
        return 2 * self.kv_heads * self.head_dim

    def linear_state(self) -> int:
        """Elements of one linear-attention layer's state per sequence: the value heads'
        key x value matrices plus the convolution's last (kernel - 1) inputs."""
        conv = (2 * self.linear_key_heads * self.linear_key_dim + self.linear_value_heads * self.linear_value_dim) * (
            max(self.linear_conv - 1, 0)
        )
        return self.linear_value_heads * self.linear_key_dim * self.linear_value_dim + conv

    def kv_elements(self, context: int) -> int:
        """Cached elements of one sequence at ``context`` tokens over all layers: a full
        or sparse layer holds every token (a sparse one its indexer key too), a window
        layer min(context, W), a chunk layer min(context, C), a linear layer its state."""
        total = 0
        unit = self._unit()
        for kind, n in self.layer_counts().items():
            if kind == "full":
                total += n * unit * context
            elif kind == "window":
                total += n * unit * min(context, self.window)
            elif kind == "chunk":
                total += n * unit * min(context, self.chunk)
            elif kind == "sparse":
                total += n * (unit + self.index_dim) * context
            else:
                total += n * self.linear_state()
        return total

    def kv_elements_per_token(self) -> int:
        """Cached elements per token over the layers that grow with the context (full
        and sparse layers; window, chunk and linear layers are bounded, see
        :meth:`kv_elements`)."""
        c = self.layer_counts()
        return c.get("full", 0) * self._unit() + c.get("sparse", 0) * (self._unit() + self.index_dim)

    def attention_flops_per_context_token(self) -> int:
        """FLOPs one new token spends per cached token in a full layer, summed over the
        full and sparse layers' main attention (scores and weighted sum): 4 x heads x
        head dim; MLA in its absorbed form attends over the latent, 2 x heads x
        (2 x kv_lora_rank + rope head dim)."""
        c = self.layer_counts()
        return (c.get("full", 0) + c.get("sparse", 0)) * self.attention_flops_per_layer()

    def attention_flops_per_layer(self) -> int:
        if self.attention == "MLA":
            return 2 * self.heads * (2 * self.kv_lora_rank + self.rope_head_dim)
        return 4 * self.heads * self.head_dim


# --- reading ---------------------------------------------------------------------------


class _Reader(Reader):
    """Collects located problems while a model file is read (the sheet reader's, plus the
    checks of config values)."""

    def value(self, raw: Any, line: int | None, key: str, kind: str) -> Any:
        if kind == _INT:
            if isinstance(raw, bool) or not isinstance(raw, int):
                self.fail(line, key, f"expected a whole number, got {_describe(raw)}")
                return None
            if not 0 <= raw <= 10**9:
                self.fail(line, key, f"expected a whole number from 0 to 10^9, got {raw}")
                return None
            return raw
        if kind == _BOOL:
            if not isinstance(raw, bool):
                self.fail(line, key, f"expected true or false, got {_describe(raw)}")
                return None
            return raw
        if kind == _INTS:
            if not isinstance(raw, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in raw):
                self.fail(line, key, f"expected a list of layer numbers, got {_describe(raw)}")
                return None
            if any(not 0 <= v <= 10**9 for v in raw):
                self.fail(line, key, "expected layer numbers from 0 to 10^9")
                return None
            return raw
        if kind == _TEXTS:
            if not isinstance(raw, list) or not all(isinstance(v, str) and v.isprintable() for v in raw):
                self.fail(line, key, f"expected a list of layer types, got {_describe(raw)}")
                return None
            return raw
        if not isinstance(raw, str) or not raw.strip() or not raw.isprintable():
            self.fail(line, key, f"expected printable text, got {_describe(raw)}")
            return None
        return raw.strip()

    def raise_if_any(self) -> None:
        self.finish()


def _describe(raw: Any) -> str:
    if raw is None:
        return "nothing (null)"
    if isinstance(raw, bool):
        return f"the boolean {str(raw).lower()}"
    if isinstance(raw, dict):
        return "a mapping"
    if isinstance(raw, list):
        return "a list"
    if isinstance(raw, float):
        return f"the number {raw!r}"
    return shown(str(raw))


def _size(text: str) -> tuple[float, int] | None:
    """``"671B"`` -> (671e9, 3 significant digits); an exact integer -> (n, all digits)."""
    text = text.strip().replace(",", "")
    if text.isascii() and text.isdigit():
        return float(text), len(text.lstrip("0") or "0")
    m = _SIZE.fullmatch(text)
    if not m:
        return None
    digits = m.group(1).replace(".", "").lstrip("0")
    return float(m.group(1)) * _SCALE[m.group(2).lower()], len(digits) or 1


def _build(values: Mapping[str, tuple[Any, int | None]], reader: _Reader, model_id: str, name: str) -> Model | None:
    """A Model from the read keys (value, line); problems are recorded in ``reader``."""
    got: dict[str, Any] = {}
    notes: list[str] = []
    model_type_raw = values.get("model_type", (None, None))[0]
    class_defaults = _CLASS_DEFAULTS.get(model_type_raw, {}) if isinstance(model_type_raw, str) else {}
    for key, (kind, required) in _KEYS.items():
        if key not in values:
            if key in class_defaults:
                got[key] = class_defaults[key]
                notes.append(
                    f"{key} not given: Hugging Face's {model_type_raw} class default {class_defaults[key]!r} applied"
                )
            elif required:
                reader.fail(None, key, "required key is missing")
            continue
        raw, line = values[key]
        if raw is None and not required:
            continue  # an explicit null means "not set" in Hugging Face configs
        v = reader.value(raw, line, key, kind)
        if v is not None:
            got[key] = v
    if reader.problems:
        return None

    def line_of(key: str) -> int | None:
        return values.get(key, (None, None))[1]

    model_type = got.get("model_type", "")
    defaults = _TYPE_DEFAULTS.get(model_type, {})
    structure = values.get("structure", ({}, None))[0] or {}
    layers, hidden, heads = got["num_hidden_layers"], got["hidden_size"], got["num_attention_heads"]
    for key in _WIDTHS:
        if got.get(key) == 0:
            reader.fail(line_of(key), key, "expected at least 1, got 0")
    kv_heads = got.get("num_key_value_heads", heads)
    mla = "kv_lora_rank" in got
    head_dim = got.get("head_dim")
    if head_dim is None and not mla:
        if heads and hidden % heads:
            reader.fail(
                line_of("hidden_size"),
                "head_dim",
                f"missing, and hidden_size {hidden} is not a multiple of num_attention_heads {heads}; give head_dim",
            )
        head_dim = hidden // heads if heads else 0
    if not mla and (kv_heads == 0 or heads % max(kv_heads, 1)):
        reader.fail(
            line_of("num_key_value_heads"),
            "num_key_value_heads",
            f"expected a divisor of num_attention_heads ({heads}), got {kv_heads}",
        )
    if mla:
        for key in ("qk_rope_head_dim", "qk_nope_head_dim", "v_head_dim"):
            if key not in got:
                reader.fail(None, key, "required key is missing (latent attention, kv_lora_rank, needs it)")
    experts = got.get("n_routed_experts") or got.get("num_local_experts") or got.get("num_experts") or 0
    active = got.get("num_experts_per_tok", got.get("experts_per_token", 0)) if experts else 0
    if experts and got.get("moe_intermediate_size") == 0:
        reader.fail(line_of("moe_intermediate_size"), "moe_intermediate_size", "expected at least 1, got 0")
    if experts and not 1 <= active <= experts:
        reader.fail(
            line_of("num_experts_per_tok"),
            "num_experts_per_tok",
            f"expected 1 to {experts} (the number of experts), got {active or 'nothing'}",
        )
    dense = 0
    moe_mask: tuple[bool, ...] = ()
    if experts:
        moe_mask, dense = _moe_layout(got, layers, reader, line_of)
    kinds = _layer_kinds(got, layers, mla, reader, line_of, model_type)
    attn_types = got.get("attn_type_list")
    if attn_types is not None and (len(attn_types) != layers or any(t != 1 for t in attn_types)):
        # MiniMax: 1 softmax attention, 0 lightning (linear) attention, which is not modelled
        reader.fail(
            line_of("attn_type_list"),
            "attn_type_list",
            "only softmax attention (1) in every layer is modelled; lightning attention (0) is not",
        )
    if got.get("shared_intermediate_size", 0):
        reader.fail(
            line_of("shared_intermediate_size"),
            "shared_intermediate_size",
            f"a shared expert of this form is not modelled, got {got['shared_intermediate_size']}",
        )
    norm_type = got.get("qk_norm_type")
    if norm_type not in (None, "per_layer", "per_head"):
        reader.fail(line_of("qk_norm_type"), "qk_norm_type", f"expected per_layer or per_head, got {shown(norm_type)}")
    if "tie_word_embeddings" not in got:
        reader.fail(
            None,
            "tie_word_embeddings",
            "required key is missing: say true or false (Hugging Face's default differs from one model class "
            "to another)",
        )
    activation = got.get("hidden_act", "silu")
    mlp = structure.get("mlp")
    gated = mlp == "gated" if mlp else (model_type in _TYPE_DEFAULTS or activation not in _PLAIN_ACTIVATIONS)
    if reader.problems:
        return None
    shared_width = got.get("shared_expert_intermediate_size")
    shared = got.get("n_shared_experts", 1 if shared_width else 0) if experts else 0
    expert_width = got.get("moe_intermediate_size", got["intermediate_size"])
    dense_width = got["intermediate_size"]
    if model_type == "llama4_text":
        # Llama4TextMoe: experts and the one shared expert are intermediate_size wide;
        # the dense layers' MLP is intermediate_size_mlp wide.
        shared, shared_width = (1, got["intermediate_size"]) if experts else (0, None)
        dense_width = got.get("intermediate_size_mlp", got["intermediate_size"])
    elif "intermediate_size_mlp" in got:
        reader.fail(
            line_of("intermediate_size_mlp"),
            "intermediate_size_mlp",
            f"read for model_type llama4_text only; {shown(model_type or 'no model_type')} does not say what it sizes",
        )
        return None
    router_bias = structure.get(
        "router_bias",
        got.get("topk_method") == "noaux_tc" or got.get("use_routing_bias", defaults.get("router_bias", False)),
    )
    attention_bias = got.get("attention_bias", defaults.get("qkv_bias", False))
    o_bias = structure.get("o_bias", defaults.get("o_bias", False) and attention_bias)
    if model_type in ("llama", "mistral", "llama4_text") and attention_bias:
        o_bias = True  # LlamaAttention: o_proj bias=config.attention_bias
    qk_norm = structure.get("qk_norm", got.get("use_qk_norm", defaults.get("qk_norm", False)))
    if model_type == "llama4_text":
        qk_norm = False  # Llama4TextL2Norm: an L2 norm without weights
    linear = "linear" in kinds
    return Model(
        id=model_id,
        name=name,
        layers=layers,
        hidden=hidden,
        heads=heads,
        kv_heads=kv_heads,
        head_dim=head_dim or 0,
        intermediate=dense_width,
        vocab=got["vocab_size"],
        tied=got["tie_word_embeddings"],
        gated=gated,
        attention="MLA" if mla else "MHA" if kv_heads == heads else "GQA",
        q_lora_rank=got.get("q_lora_rank", 0) if mla else 0,
        kv_lora_rank=got.get("kv_lora_rank", 0),
        rope_head_dim=got.get("qk_rope_head_dim", 0) if mla else 0,
        nope_head_dim=got.get("qk_nope_head_dim", 0) if mla else 0,
        v_head_dim=got.get("v_head_dim", 0) if mla else 0,
        experts=experts,
        active_experts=active,
        expert_intermediate=expert_width if experts else 0,
        shared_experts=shared,
        shared_intermediate=(shared_width if shared_width and shared == 1 else expert_width) if shared else 0,
        dense_layers=dense,
        qkv_bias=structure.get("qkv_bias", attention_bias),
        qk_norm=qk_norm,
        router_bias=router_bias,
        mtp_layers=got.get("num_nextn_predict_layers", 0),
        max_context=got.get("max_position_embeddings"),
        layer_kinds=kinds if set(kinds) != {"full"} else (),
        moe_mask=moe_mask,
        window=got.get("sliding_window", 0) if "window" in kinds else 0,
        chunk=got.get("attention_chunk_size", 0) if "chunk" in kinds else 0,
        sparse_topk=got.get("index_topk", 0) if "sparse" in kinds else 0,
        index_heads=got.get("index_n_heads", 0) if "sparse" in kinds else 0,
        index_dim=got.get("index_head_dim", 0) if "sparse" in kinds else 0,
        linear_key_heads=got.get("linear_num_key_heads", 0) if linear else 0,
        linear_value_heads=got.get("linear_num_value_heads", 0) if linear else 0,
        linear_key_dim=got.get("linear_key_head_dim", 0) if linear else 0,
        linear_value_dim=got.get("linear_value_head_dim", 0) if linear else 0,
        linear_conv=got.get("linear_conv_kernel_dim", 0) if linear else 0,
        o_bias=o_bias,
        sinks=defaults.get("sinks", False),
        expert_bias=defaults.get("expert_bias", False),
        attention_gate=defaults.get("attention_gate", False),
        shared_gate=defaults.get("shared_gate", False),
        norms_per_layer=4 if defaults.get("norms4") else 2,
        qk_norm_width=(heads + kv_heads) * (head_dim or 0) if got.get("qk_norm_type") == "per_layer" else 0,
        notes=tuple(notes),
    )


def _moe_layout(got: Mapping[str, Any], layers: int, reader: _Reader, line_of: Any) -> tuple[tuple[bool, ...], int]:
    """Which layers are MoE: ``moe_layers`` (a list), ``interleave_moe_layer_step`` (Llama 4:
    every step-th layer, (i + 1) % step == 0), ``decoder_sparse_step`` with
    ``mlp_only_layers`` (Qwen MoE: i not in mlp_only and (i + 1) % step == 0), or the
    first ``first_k_dense_replace`` layers dense (DeepSeek). Returns (mask, dense count);
    the mask is empty when the dense layers lead."""
    if "moe_layer_freq" in got and got["moe_layer_freq"] != 1:
        reader.fail(
            line_of("moe_layer_freq"),
            "moe_layer_freq",
            f"only 1 (every layer after the dense ones) is supported, got {got['moe_layer_freq']}",
        )
        return (), 0
    mask: list[bool]
    if "moe_layers" in got:
        listed = got["moe_layers"]
        bad = [i for i in listed if not 0 <= i < layers]
        if bad:
            reader.fail(line_of("moe_layers"), "moe_layers", f"layer {bad[0]} is not one of the {layers} layers")
            return (), 0
        mask = [i in set(listed) for i in range(layers)]
    elif "interleave_moe_layer_step" in got:
        step = got["interleave_moe_layer_step"]
        mask = [(i + 1) % step == 0 for i in range(layers)]
    else:
        step = got.get("decoder_sparse_step", 1)
        if step == 0:
            reader.fail(line_of("decoder_sparse_step"), "decoder_sparse_step", "expected at least 1, got 0")
            return (), 0
        only = set(got.get("mlp_only_layers", []))
        bad = [i for i in only if not 0 <= i < layers]
        if bad:
            reader.fail(
                line_of("mlp_only_layers"), "mlp_only_layers", f"layer {bad[0]} is not one of the {layers} layers"
            )
            return (), 0
        first = got.get("first_k_dense_replace", 0)
        if first > layers:
            reader.fail(
                line_of("first_k_dense_replace"),
                "first_k_dense_replace",
                f"{first} leading dense layers, more than the {layers} layers",
            )
            return (), 0
        mask = [i >= first and i not in only and (i + 1) % step == 0 for i in range(layers)]
    dense = mask.count(False)
    leading = all(not m for m in mask[:dense]) and all(mask[dense:])
    return (() if leading else tuple(mask)), dense


def _layer_kinds(
    got: Mapping[str, Any], layers: int, mla: bool, reader: _Reader, line_of: Any, model_type: str
) -> tuple[str, ...]:
    """Each layer's attention kind, from ``layer_types``, or the patterns that imply it:
    ``sliding_window`` with ``use_sliding_window`` and ``max_window_layers`` (Qwen2: the
    layers from max_window_layers on slide), ``sliding_window_pattern`` (Gemma 3: every
    pattern-th layer full), Gemma 2 (alternating, the even layers slide), Mistral (every
    layer slides), Llama 4 (``attention_chunk_size``: the RoPE layers of
    ``no_rope_layers`` attend within chunks), ``full_attention_interval`` (Qwen3-Next:
    every interval-th layer full, the rest linear), ``index_topk`` (DeepSeek-V3.2: every
    layer sparse)."""
    window = got.get("sliding_window")
    kinds: list[str]
    if "layer_types" in got:
        names = got["layer_types"]
        unknown = [t for t in names if t not in _LAYER_TYPES]
        if unknown:
            reader.fail(
                line_of("layer_types"),
                "layer_types",
                f"unknown layer type {shown(str(unknown[0]))}; chipspec models {', '.join(_LAYER_TYPES)}",
            )
            return ()
        if len(names) != layers:
            reader.fail(
                line_of("layer_types"),
                "layer_types",
                f"{len(names)} layer types for {layers} layers (num_hidden_layers)",
            )
            return ()
        kinds = [_LAYER_TYPES[t] for t in names]
    elif model_type == "qwen3_next" or "full_attention_interval" in got:
        interval = got.get("full_attention_interval", 4)
        kinds = ["full" if (i + 1) % interval == 0 else "linear" for i in range(layers)]
    elif model_type == "gemma3_text" and "sliding_window_pattern" in got:
        pattern = got["sliding_window_pattern"]
        kinds = ["full" if (i + 1) % pattern == 0 else "window" for i in range(layers)]
    elif model_type == "gemma2":
        kinds = ["window" if i % 2 == 0 else "full" for i in range(layers)]
    elif model_type == "llama4_text" and got.get("attention_chunk_size"):
        nope = got.get("no_rope_layers")
        if nope is None:
            # Llama4TextConfig: no_rope_layers default from no_rope_layer_interval 4: every 4th layer NoPE
            nope = [int((i + 1) % 4 != 0) for i in range(layers)]
            if "no_rope_layer_interval" not in got:
                pass
        if len(nope) != layers:
            reader.fail(line_of("no_rope_layers"), "no_rope_layers", f"{len(nope)} entries for {layers} layers")
            return ()
        kinds = ["chunk" if use_rope else "full" for use_rope in nope]
    elif window and (model_type == "mistral" or got.get("use_sliding_window")):
        start = got.get("max_window_layers", 0) if model_type != "mistral" and got.get("use_sliding_window") else 0
        kinds = ["window" if i >= start else "full" for i in range(layers)]
    else:
        kinds = ["full"] * layers
    if "index_topk" in got:
        if not mla:
            reader.fail(line_of("index_topk"), "index_topk", "sparse attention is modelled over latent attention only")
            return ()
        for key in ("index_n_heads", "index_head_dim"):
            if key not in got:
                reader.fail(None, key, "required key is missing (sparse attention, index_topk, needs it)")
        kinds = ["sparse" if k == "full" else k for k in kinds]
    if "window" in kinds and not window:
        reader.fail(line_of("sliding_window"), "sliding_window", "required for sliding-window layers, got nothing")
    if "chunk" in kinds and not got.get("attention_chunk_size"):
        reader.fail(None, "attention_chunk_size", "required for chunked-attention layers")
    if "linear" in kinds:
        for key in (
            "linear_num_key_heads",
            "linear_num_value_heads",
            "linear_key_head_dim",
            "linear_value_head_dim",
            "linear_conv_kernel_dim",
        ):
            if key not in got:
                reader.fail(None, key, "required key is missing (linear-attention layers need it)")
    if (
        window
        and "window" not in kinds
        and got.get("use_sliding_window") is not False
        and model_type not in ("qwen2", "qwen2_moe", "qwen3", "qwen3_moe")
    ):
        # a window the structure does not place would be ignored: refuse rather than guess
        reader.fail(
            line_of("sliding_window"),
            "sliding_window",
            f"{window} tokens, but no layer is said to slide "
            "(give layer_types, or use_sliding_window with max_window_layers)",
        )
    return tuple(kinds)


def _plain(node: Any, reader: _Reader | None, where: str = "") -> Any:
    """A composed YAML node as plain data (scalars typed as YAML 1.1 reads them, except
    that an integer with a leading zero stays text: YAML 1.1 would read ``020`` as octal
    16, which nobody writing a layer count means). Keys that are not text and repeated
    keys are located problems in ``reader`` (None: already reported, skip them); ``where``
    is the node's dotted key."""
    if node.kind == "map":
        out: dict[str, Any] = {}
        lines: dict[str, int | None] = {}
        for k, v in node.value:
            if k.kind != "scalar":
                if reader is not None:
                    reader.fail(k.line, where or None, "keys must be text")
                continue
            key = f"{where}.{shown(str(k.value))[1:-1]}" if where else shown(str(k.value))[1:-1]
            if k.value in out:
                if reader is not None:
                    reader.fail(k.line, key, f"duplicate key (first defined on line {lines[k.value]})")
                continue
            out[k.value], lines[k.value] = _plain(v, reader, key), k.line
        return out
    if node.kind == "seq":
        return [_plain(v, reader, where) for v in node.value]
    tag, text = node.tag, node.value
    if tag == "int":
        digits = text.replace("_", "").lstrip("+-")
        if len(digits) > 1 and digits[0] == "0" and digits[1:2].lower() not in ("x", "o"):
            return text  # 020: refused where a number is expected, as text
        try:
            return int(text.replace("_", ""), 0) if digits[:2].lower() in ("0x", "0o") else int(text.replace("_", ""))
        except ValueError:
            return text
    if tag == "float":
        special = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}
        if text.lower() in special:
            return special[text.lower()]
        try:
            return float(text.replace("_", "")) if len(text) < 40 else text
        except ValueError:
            return text
    if tag == "bool":
        return text.lower() in ("y", "yes", "true", "on")
    if tag == "null":
        return None
    return text


def _read_yaml(text: str, shown_path: str, model_id: str) -> Model:
    root = compose(text, shown_path)
    reader = _Reader(shown_path)
    if root is None or root.kind != "map":
        raise SpecError.at(shown_path, 1, None, "expected a model sheet: a mapping of Hugging Face config keys")
    values: dict[str, tuple[Any, int | None]] = {}
    lines: dict[str, int | None] = {}
    for key_node, value_node in root.value:
        key = key_node.value
        if key_node.kind != "scalar":
            reader.fail(key_node.line, None, "keys must be text")
            continue
        if key in values:
            reader.fail(key_node.line, shown(key)[1:-1], f"duplicate key (first defined on line {lines[key]})")
            continue
        lines[key] = key_node.line
        if key not in _KEYS and key not in _SHEET_KEYS and key not in _IGNORED:
            close = suggest(key, [*_KEYS, *_SHEET_KEYS])
            hint = f"; did you mean {close[0]!r}?" if close else " (see docs/llm.md for the keys)"
            reader.fail(key_node.line, shown(key)[1:-1], f"unknown key{hint}")
            continue
        values[key] = (_plain(value_node, reader, shown(key)[1:-1]), value_node.line)
        if key in ("sources", "published", "structure"):
            values[key] = (value_node, value_node.line)
    sources = _sources(values.get("sources", (None, None))[0], reader)
    structure_node = values.pop("structure", (None, None))[0]
    structure = _structure(structure_node, reader)
    if structure:
        values["structure"] = (structure, structure_node.line if structure_node is not None else None)
    name = values.get("name", (None, None))[0]
    if not isinstance(name, str) or not name.strip():
        reader.fail(values.get("name", (None, 1))[1] or 1, "name", "required: the model's name, as text")
        name = model_id
    model = _build(values, reader, model_id, name.strip())
    source = None
    if "source" in values:
        key, line = values["source"]
        source = sources.get(key) if isinstance(key, str) else None
        if source is None:
            reader.fail(line, "source", f"{shown(str(key))} is not a key of sources")
    published = _published(values.get("published", (None, None))[0], sources, reader)
    reader.raise_if_any()
    assert model is not None
    return _replace(
        model,
        source=source,
        published_total=published.get("total"),
        published_active=published.get("active"),
        counted=published.get("counted"),
    )


def _replace(model: Model, **changes: Any) -> Model:
    import dataclasses

    return dataclasses.replace(model, **changes)


def _sources(node: Any, reader: _Reader) -> dict[str, Source]:
    out: dict[str, Source] = {}
    if node is None:
        return out
    if node.kind != "map":
        reader.fail(node.line, "sources", "expected a mapping of source keys to {title, url}")
        return out
    for key_node, value_node in node.value:
        if key_node.kind != "scalar":
            continue  # reported when the sheet was read
        fields = _plain(value_node, None)
        if not isinstance(fields, dict) or not isinstance(fields.get("title"), str):
            reader.fail(value_node.line, f"sources.{key_node.value}", "expected {title: ..., url: ...}")
            continue
        url = fields.get("url")
        if url is not None and not (isinstance(url, str) and re.fullmatch(r"https?://\S+", url)):
            reader.fail(
                value_node.line, f"sources.{key_node.value}.url", f"expected an http(s) URL, got {_describe(url)}"
            )
            continue
        out[key_node.value] = Source(key_node.value, fields["title"], url)
    return out


def _structure(node: Any, reader: _Reader) -> dict[str, Any]:
    if node is None:
        return {}
    data = _plain(node, None)
    if not isinstance(data, dict):
        reader.fail(node.line, "structure", "expected a mapping (qkv_bias, qk_norm, router_bias, mlp)")
        return {}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _STRUCTURE_KEYS:
            reader.fail(
                node.line, f"structure.{shown(str(key))[1:-1]}", f"unknown key; expected {', '.join(_STRUCTURE_KEYS)}"
            )
        elif key == "mlp":
            if value not in ("gated", "plain"):
                reader.fail(node.line, "structure.mlp", f"expected gated or plain, got {_describe(value)}")
            else:
                out[key] = value
        elif not isinstance(value, bool):
            reader.fail(node.line, f"structure.{key}", f"expected true or false, got {_describe(value)}")
        else:
            out[key] = value
    return out


def _published(node: Any, sources: Mapping[str, Source], reader: _Reader) -> dict[str, Published]:
    out: dict[str, Published] = {}
    if node is None:
        return out
    if node.kind != "map":
        reader.fail(node.line, "published", "expected a mapping with total and/or active")
        return out
    for key_node, value_node in node.value:
        if key_node.kind != "scalar":
            continue  # reported when the sheet was read
        where = f"published.{shown(str(key_node.value))[1:-1]}"
        if key_node.value not in _PUBLISHED_KEYS:
            reader.fail(key_node.line, where, f"unknown key; expected {' or '.join(_PUBLISHED_KEYS)}")
            continue
        data = _plain(value_node, None)
        if not isinstance(data, dict) or "value" not in data:
            reader.fail(value_node.line, where, "expected {value: 671B, source: key, quote: ...}")
            continue
        unknown = [k for k in data if k not in _FIGURE_KEYS]
        if unknown:
            reader.fail(value_node.line, f"{where}.{unknown[0]}", f"unknown key; expected {', '.join(_FIGURE_KEYS)}")
            continue
        size = _size(str(data["value"]))
        if size is None:
            reader.fail(
                value_node.line,
                f"{where}.value",
                f"expected a count like 671B or 8030261312, got {_describe(data['value'])}",
            )
            continue
        counts = data.get("counts", ["embeddings"])
        if not isinstance(counts, list) or any(c not in _COUNTS for c in counts):
            reader.fail(value_node.line, f"{where}.counts", f"expected a list of {', '.join(_COUNTS)}")
            continue
        source = sources.get(data["source"]) if isinstance(data.get("source"), str) else None
        if "source" in data and source is None:
            reader.fail(value_node.line, f"{where}.source", f"{shown(str(data['source']))} is not a key of sources")
            continue
        quote = data.get("quote")
        out[key_node.value] = Published(
            str(data["value"]), size[0], size[1], tuple(counts), source, quote if isinstance(quote, str) else None
        )
    return out


# Words of config keys that size or place parts of the model: an unknown key carrying one
# may change a figure, so a config.json with it is refused rather than read without it.
_STRUCTURAL = re.compile(
    r"layer|expert|moe|mamba|ssm|window|linear|hybrid|shared|kv|head|attn|attention|lora|mlp|ffn|"
    r"intermediate|block|hidden|embed|vocab|^num_|^n_",
    re.IGNORECASE,
)
_JSON_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:')


def model_from_config(text: str, shown_path: str, model_id: str, name: str | None = None) -> Model:
    """A Model from a Hugging Face ``config.json``'s text. Keys chipspec knows do not
    change a figure are ignored (such configs carry many); keys that would change one in
    a way chipspec does not model are refused; missing or wrong ones are located errors.
    A multimodal wrapper (``llama4``, ``gemma3``, or any ``text_config``) is read for its
    text model, and the model's notes say the vision tower is left out."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_bounded_int)
    except json.JSONDecodeError as err:
        raise SpecError.at(shown_path, err.lineno, None, f"invalid JSON: {err.msg}") from None
    except _DuplicateKey as err:
        raise SpecError.at(shown_path, err.line(text), err.key, "duplicate key") from None
    except _LongNumber as err:
        raise SpecError.at(
            shown_path, text.count("\n", 0, text.find(err.digits[:50])) + 1, None,
            f"a number of {len(err.digits):,} digits; no model config has one",
        ) from None  # fmt: skip
    except RecursionError:
        raise SpecError.at(shown_path, None, None, "nested too deeply to be a model config; refused") from None
    if not isinstance(data, dict):
        raise SpecError.at(shown_path, 1, None, "expected a JSON object of Hugging Face config keys")
    notes: list[str] = []
    outer = data
    if "text_config" in data and "num_hidden_layers" not in data and isinstance(data["text_config"], dict):
        keep = {k: v for k, v in data.items() if k in ("tie_word_embeddings", "quantization_config", "torch_dtype")}
        data = {**data["text_config"], **keep}
        if data.get("model_type") in (None, outer.get("model_type")):
            data["model_type"] = _WRAPPERS.get(str(outer.get("model_type")), data.get("model_type"))
        if "vision_config" in outer:
            notes.append("the vision tower (vision_config) and its projector are left out: text generation only")
    elif outer.get("model_type") in _WRAPPERS:
        raise SpecError.at(shown_path, _line_of(text, "model_type"), "text_config", "required for a multimodal wrapper")
    reader = _Reader(shown_path)
    for key, why in _REFUSED.items():
        if key in data:
            reader.fail(_line_of(text, key), key, f"not supported: {why}")
    for key in data:
        if key not in _KEYS and key not in _IGNORED and key not in _REFUSED and _STRUCTURAL.search(str(key)):
            reader.fail(
                _line_of(text, str(key)),
                shown(str(key))[1:-1],
                "not read by chipspec, and a key of this kind can change the model's figures: refused rather "
                "than ignored (docs/llm.md lists the keys read)",
            )
    values = {k: (v, _line_of(text, k)) for k, v in data.items() if k in _KEYS}
    written = data.get("_name_or_path", outer.get("_name_or_path"))
    printable = isinstance(written, str) and written.isprintable()  # no terminal escapes in the name
    label = name or (written if printable else None) or model_id
    model = _build(values, reader, model_id, str(label)[:80])
    quant = _quantization(data.get("quantization_config"), data.get("torch_dtype"), text, reader)
    reader.raise_if_any()
    assert model is not None
    dtype = _DTYPES.get(str(data.get("torch_dtype", "bfloat16")), "bf16")
    return _replace(model, notes=model.notes + tuple(notes), quantization=quant, checkpoint_dtype=dtype)


_DTYPES = {"bfloat16": "bf16", "float16": "fp16", "float32": "fp32"}


def _quantization(config: Any, dtype: Any, text: str, reader: _Reader) -> tuple[tuple[str, str], ...]:
    """The checkpoint's storage format per part, from ``quantization_config``: ``mxfp4``
    (gpt-oss: the routed experts in MXFP4, what modules_to_not_convert names in the
    checkpoint's dtype), ``fp8`` with ``weight_block_size`` (DeepSeek, Qwen3 FP8: every
    linear layer in FP8 with 128 x 128 block scales; embeddings, head, norms and routers
    not). Anything else is refused where it is read (``--weights checkpoint``)."""
    if config is None:
        return ()
    line = _line_of(text, "quantization_config")
    if not isinstance(config, dict):
        reader.fail(line, "quantization_config", f"expected a mapping, got {_describe(config)}")
        return ()
    method = config.get("quant_method")
    skipped = config.get("modules_to_not_convert") or []
    if not isinstance(skipped, list) or not all(isinstance(m, str) for m in skipped):
        reader.fail(line, "quantization_config.modules_to_not_convert", "expected a list of module names")
        return ()
    if method == "mxfp4":
        out = [("experts", "mxfp4")]
        if any("experts" in m for m in skipped):
            reader.fail(line, "quantization_config.modules_to_not_convert", "names the experts: nothing is in MXFP4")
        return tuple(out)
    if method == "fp8":
        parts = [("attention", "fp8"), ("experts", "fp8"), ("mlp", "fp8")]
        for module in skipped:
            for part, marks in (
                ("attention", ("self_attn", "attn")),
                ("mlp", ("mlp", "shared")),
                ("head", ("lm_head",)),
            ):
                if part in dict(parts) and any(mark in module for mark in marks) and "experts" not in module:
                    reader.fail(
                        line,
                        "quantization_config.modules_to_not_convert",
                        f"{shown(module)} keeps part of the {part} out of FP8, which chipspec does not split",
                    )
        return tuple(parts)
    return (("unknown", shown(str(method))[:40]),)


class _LongNumber(Exception):
    def __init__(self, digits: str) -> None:
        self.digits = digits


def _bounded_int(digits: str) -> int:
    """An integer of at most 100 digits (Python refuses past 4,300 with a raw ValueError;
    no config holds a number of even 30)."""
    if len(digits) > 100:
        raise _LongNumber(digits)
    return int(digits)


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key

    def line(self, text: str) -> int | None:
        """The line where the key is written the second time."""
        found = [m.start() for m in _JSON_KEY.finditer(text) if m.group(1) == self.key]
        return text.count("\n", 0, found[1]) + 1 if len(found) >= 2 else None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _DuplicateKey(k)
        out[k] = v
    return out


def _line_of(text: str, key: str) -> int | None:
    """The line of ``key`` in a JSON text, when it is written once (a key that also
    appears in a nested object, such as vision_config.hidden_size, gets no line rather
    than the wrong one)."""
    found = [m.start() for m in _JSON_KEY.finditer(text) if m.group(1) == key]
    return text.count("\n", 0, found[0]) + 1 if len(found) == 1 else None


def _read_file(path: Path, shown_path: str) -> str:
    return read_text(path, shown_path)


def read_model(path: str | Path, display: str | None = None) -> Model:
    """A model from a ``.json`` Hugging Face config or a ``.yaml`` model sheet."""
    path = Path(path)
    shown_path = display or str(path)
    text = _read_file(path, shown_path)
    model_id = path.parent.name if path.name == "config.json" else path.name.rsplit(".", 1)[0]
    if path.suffix.lower() == ".json":
        return model_from_config(text, shown_path, model_id)
    return _replace(_read_yaml(text, shown_path, model_id), path=shown_path)


@cache
def _bundled() -> tuple[tuple[str, Model], ...]:
    folder = resources.files("chipspec.lenses.llm") / "models"
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            with resources.as_file(entry) as file:
                model = read_model(file, f"chipspec/lenses/llm/models/{entry.name}")
            out.append((model.id, model))
    return tuple(out)


def bundled_models() -> dict[str, Model]:
    """The bundled models by id (immutable records; the dict is the caller's own)."""
    return dict(_bundled())


def load_model(model: str | Path | Model) -> Model:
    """A bundled model by id or name (exactly, case-insensitive), or a file: a Hugging
    Face ``config.json`` or a YAML model sheet.

    Raises:
        UnknownNameError: neither a bundled model nor an existing file (with suggestions).
        SpecError: the file is invalid (located problems).
    """
    if isinstance(model, Model):
        return model
    text = str(model)
    models = bundled_models()
    if isinstance(model, str):
        folded = text.casefold()
        for m in models.values():
            if folded in (m.id.casefold(), m.name.casefold()):
                return m
    path = Path(text)
    if path.suffix.lower() in (".json", ".yaml", ".yml") or path.exists():
        if path.is_dir():
            if not (path / "config.json").exists():
                raise SpecError.at(text, None, None, "a folder without a config.json: give the file or a model sheet")
            path = path / "config.json"
        return read_model(path)
    names = [*models, *(m.name for m in models.values())]
    raise UnknownNameError(
        "model",
        text,
        suggest(text, names),
        hint="; give a bundled model's id (bundled_models() lists them) or the path of a config.json or model sheet",
    )
