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
    "gemma2": {},
}
_PLAIN_ACTIVATIONS = ("gelu", "gelu_new", "gelu_fast", "relu", "gelu_pytorch_tanh_plain")

# Keys read from a config or sheet: name -> (kind, required).
_INT, _BOOL, _TEXT, _INTS = "int", "bool", "text", "ints"
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
        "sliding_window",
        "use_sliding_window",
        "max_window_layers",
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
)
_SHEET_KEYS = frozenset({"name", "sources", "source", "published", "structure", "notes"})
_STRUCTURE_KEYS = ("qkv_bias", "qk_norm", "router_bias", "mlp")
_PUBLISHED_KEYS = ("total", "active", "counted")
_FIGURE_KEYS = ("value", "source", "quote", "counts")
_COUNTS = ("embeddings", "mtp")
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

    ``attention`` is ``MHA``, ``GQA`` or ``MLA``; MoE models have ``experts`` > 0 with
    ``active_experts`` routed per token, ``shared_experts`` always on, and the first
    ``dense_layers`` layers dense. ``mtp_layers`` (multi-token prediction) are counted
    apart: serving without speculative decoding does not run them.
    """

    id: str
    name: str
    layers: int
    hidden: int
    heads: int
    kv_heads: int
    head_dim: int
    intermediate: int
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

    # --- structure ---------------------------------------------------------------------

    @property
    def moe(self) -> bool:
        return self.experts > 0

    @property
    def moe_layers(self) -> int:
        return self.layers - self.dense_layers if self.moe else 0

    def _matrices(self) -> int:
        return 3 if self.gated else 2

    def attention_parameters(self) -> int:
        """Weights of one attention block (projections, biases, q/k norms)."""
        h, nh = self.hidden, self.heads
        if self.attention == "MLA":
            qk = self.nope_head_dim + self.rope_head_dim
            if self.q_lora_rank:
                q = h * self.q_lora_rank + self.q_lora_rank + self.q_lora_rank * nh * qk
            else:
                q = h * nh * qk
            kv = h * (self.kv_lora_rank + self.rope_head_dim) + self.kv_lora_rank
            kv += self.kv_lora_rank * nh * (self.nope_head_dim + self.v_head_dim)
            return q + kv + nh * self.v_head_dim * h
        hd, nkv = self.head_dim, self.kv_heads
        p = h * nh * hd + 2 * h * nkv * hd + nh * hd * h
        if self.qkv_bias:
            p += nh * hd + 2 * nkv * hd
        if self.qk_norm:
            p += 2 * hd
        return p

    def dense_mlp_parameters(self) -> int:
        return self._matrices() * self.hidden * self.intermediate

    def expert_parameters(self) -> int:
        """Weights of one routed expert."""
        return self._matrices() * self.hidden * self.expert_intermediate

    def shared_parameters(self) -> int:
        """Weights of the always-on shared experts of one MoE layer."""
        return self.shared_experts * self._matrices() * self.hidden * self.shared_intermediate

    def router_parameters(self) -> int:
        return self.experts * self.hidden + (self.experts if self.router_bias else 0)

    def layer_parameters(self, moe: bool, experts: int | None = None) -> int:
        """One decoder layer: attention, MLP or MoE (``experts`` routed experts counted;
        default all), two RMSNorm vectors."""
        if moe:
            n = self.experts if experts is None else experts
            mlp = self.router_parameters() + n * self.expert_parameters() + self.shared_parameters()
        else:
            mlp = self.dense_mlp_parameters()
        return self.attention_parameters() + mlp + 2 * self.hidden

    def embedding_parameters(self) -> int:
        """Input embeddings plus the output head (unless tied)."""
        return self.vocab * self.hidden * (1 if self.tied else 2)

    def mtp_parameters(self) -> int:
        """The multi-token-prediction layers (one MoE decoder layer, a 2H -> H projection
        and three norms each; embeddings and head shared with the main model)."""
        one = self.layer_parameters(self.moe) + 2 * self.hidden * self.hidden + 3 * self.hidden
        return self.mtp_layers * one

    def parameters(self, *, embeddings: bool = True, mtp: bool = False) -> int:
        """All weights (every expert), from the structure."""
        body = self.dense_layers_count() * self.layer_parameters(False)
        body += self.moe_layers * self.layer_parameters(True)
        total = body + self.hidden  # the final norm
        if embeddings:
            total += self.embedding_parameters()
        if mtp:
            total += self.mtp_parameters()
        return total

    def active_parameters(self, *, embeddings: bool = True) -> int:
        """The weights one token runs through (routed experts: ``active_experts``)."""
        body = self.dense_layers_count() * self.layer_parameters(False)
        body += self.moe_layers * self.layer_parameters(True, self.active_experts)
        total = body + self.hidden
        return total + (self.embedding_parameters() if embeddings else 0)

    def dense_layers_count(self) -> int:
        return self.dense_layers if self.moe else self.layers

    def kv_elements_per_token(self) -> int:
        """Cached elements per token over all layers: 2 x KV heads x head dim (MHA, GQA),
        or the latent plus the RoPE key (MLA: kv_lora_rank + qk_rope_head_dim)."""
        if self.attention == "MLA":
            return self.layers * (self.kv_lora_rank + self.rope_head_dim)
        return self.layers * 2 * self.kv_heads * self.head_dim

    def attention_flops_per_context_token(self) -> int:
        """FLOPs one new token spends per cached token (scores and weighted sum, all
        layers): 4 x heads x head dim; MLA in its absorbed form attends over the latent,
        2 x heads x (2 x kv_lora_rank + rope head dim)."""
        if self.attention == "MLA":
            return self.layers * 2 * self.heads * (2 * self.kv_lora_rank + self.rope_head_dim)
        return self.layers * 4 * self.heads * self.head_dim


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
    for key, (kind, required) in _KEYS.items():
        if key not in values:
            if required:
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
    active = got.get("num_experts_per_tok", 0) if experts else 0
    if experts and got.get("moe_intermediate_size") == 0:
        reader.fail(line_of("moe_intermediate_size"), "moe_intermediate_size", "expected at least 1, got 0")
    if experts and not 1 <= active <= experts:
        reader.fail(
            line_of("num_experts_per_tok"),
            "num_experts_per_tok",
            f"expected 1 to {experts} (the number of experts), got {active or 'nothing'}",
        )
    dense = 0
    if experts:
        if got.get("decoder_sparse_step", 1) != 1 or got.get("moe_layer_freq", 1) != 1:
            key = "decoder_sparse_step" if got.get("decoder_sparse_step", 1) != 1 else "moe_layer_freq"
            reader.fail(
                line_of(key), key, f"only 1 (every layer after the dense ones is MoE) is supported, got {got[key]}"
            )
        only = got.get("mlp_only_layers", [])
        first = got.get("first_k_dense_replace", 0)
        if only and only != list(range(len(only))):
            reader.fail(
                line_of("mlp_only_layers"), "mlp_only_layers", "only leading dense layers (0, 1, ...) are supported"
            )
        dense = max(first, len(only))
        if dense > layers:
            key = "first_k_dense_replace" if first >= len(only) else "mlp_only_layers"
            reader.fail(line_of(key), key, f"{dense} leading dense layers, more than the {layers} layers")
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
    router_bias = structure.get("router_bias", got.get("topk_method") == "noaux_tc")
    return Model(
        id=model_id,
        name=name,
        layers=layers,
        hidden=hidden,
        heads=heads,
        kv_heads=kv_heads,
        head_dim=head_dim or 0,
        intermediate=got["intermediate_size"],
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
        qkv_bias=structure.get("qkv_bias", got.get("attention_bias", defaults.get("qkv_bias", False))),
        qk_norm=structure.get("qk_norm", got.get("use_qk_norm", defaults.get("qk_norm", False))),
        router_bias=router_bias,
        mtp_layers=got.get("num_nextn_predict_layers", 0),
        max_context=got.get("max_position_embeddings"),
    )


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


_JSON_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:')


def model_from_config(text: str, shown_path: str, model_id: str, name: str | None = None) -> Model:
    """A Model from a Hugging Face ``config.json``'s text; unknown keys are ignored (such
    configs carry many), missing or wrong ones are located errors."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as err:
        raise SpecError.at(shown_path, err.lineno, None, f"invalid JSON: {err.msg}") from None
    except _DuplicateKey as err:
        raise SpecError.at(shown_path, _line_of(text, err.key), err.key, "duplicate key") from None
    except RecursionError:
        raise SpecError.at(shown_path, None, None, "nested too deeply to be a model config; refused") from None
    if not isinstance(data, dict):
        raise SpecError.at(shown_path, 1, None, "expected a JSON object of Hugging Face config keys")
    if "text_config" in data and "num_hidden_layers" not in data and isinstance(data["text_config"], dict):
        data = {**data["text_config"], **{k: v for k, v in data.items() if k == "tie_word_embeddings"}}
    values = {k: (v, _line_of(text, k)) for k, v in data.items() if k in _KEYS}
    reader = _Reader(shown_path)
    written = data.get("_name_or_path")
    printable = isinstance(written, str) and written.isprintable()  # no terminal escapes in the name
    label = name or (written if printable else None) or model_id
    model = _build(values, reader, model_id, str(label)[:80])
    reader.raise_if_any()
    assert model is not None
    return model


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


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
        hint="; give a bundled model's id (`chipspec llm --list`) or the path of a config.json or model sheet",
    )
