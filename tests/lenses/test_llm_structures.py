"""Model structures of 2026 from real config.json files (tests/data/models/README.md says
where each was read): counts against a hand count of each model's Hugging Face modeling
code, per-layer attention, per-part formats, refusals and hostile inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import chipspec
from chipspec.errors import SpecError, UsageError
from chipspec.lenses.llm import bundled_models, llm, load_model
from chipspec.lenses.llm.model import model_from_config
from tests.conftest import MODELS


def gpt_oss_count(layers: int, experts: int) -> int:
    """transformers GptOssModel, by module: q/k/v/o_proj with biases (attention_bias), sinks
    (one per head), router Linear(2880, E) with bias, experts gate_up_proj (E, 2880, 2 x 2880)
    + bias, down_proj (E, 2880, 2880) + bias, two RMSNorms; embed_tokens, norm, lm_head."""
    h, i, nh, nkv, hd, v = 2880, 2880, 64, 8, 64, 201088
    attn = (h * nh * hd + nh * hd) + 2 * (h * nkv * hd + nkv * hd) + (nh * hd * h + h) + nh
    moe = (h * experts + experts) + experts * (h * 2 * i + 2 * i) + experts * (i * h + h)
    return layers * (attn + moe + 2 * h) + h + 2 * v * h


def test_gpt_oss_20b_config_loads_with_its_modeling_code_count() -> None:
    m = load_model(MODELS / "gpt-oss-20b" / "config.json")
    assert m.parameters() == gpt_oss_count(24, 32) == 20_914_757_184  # OpenAI: "21B parameters"
    assert m.layer_counts() == {"window": 12, "full": 12} and m.window == 128
    assert bundled_models()["gpt-oss-120b"].parameters() == gpt_oss_count(36, 128)  # "117B parameters"


def test_gpt_oss_checkpoint_formats_count_mxfp4_scales() -> None:
    """MXFP4 experts (4 bits + one 8-bit scale per 32) and BF16 elsewhere: 13.75 GB for the
    20b (its checkpoint is about 13.8 GB), where all-FP4 gives 10.5 GB and all-BF16 41.8 GB."""
    path = MODELS / "gpt-oss-20b" / "config.json"
    m = load_model(path)
    assert m.quantization == (("experts", "mxfp4"),)
    experts = m.parts()["experts"]
    s = llm(str(path), ["nvidia-h100-sxm"], weights="checkpoint")
    expected = (m.parameters() - experts) * 2 + experts * 4.25 / 8
    assert s.column("weight_memory").values[0] * 1e9 == pytest.approx(expected, rel=1e-12)
    assert 13.7 < expected / 1e9 < 13.8
    bare = llm(str(path), ["nvidia-h100-sxm"], weights="bf16", parts={"experts": "mxfp4"})
    assert bare.column("weight_memory").values[0] == s.column("weight_memory").values[0]


def test_a_quantization_chipspec_does_not_read_is_refused_where_it_is_used(tmp_path: object) -> None:
    text = (MODELS / "gpt-oss-20b" / "config.json").read_text().replace('"mxfp4"', '"gptq"')
    m = model_from_config(text, "c.json", "x")  # loads: the format is only needed for checkpoint
    with pytest.raises(UsageError, match=r"quantization_config \(quant_method 'gptq'\) is not read"):
        llm(m, ["nvidia-h100-sxm"], weights="checkpoint")


def test_llama4_maverick_interleaves_moe_with_a_shared_expert() -> None:
    """transformers Llama4TextModel: MoE where (i + 1) % interleave_moe_layer_step == 0 (24
    of 48), each with 128 experts and one shared expert of intermediate_size 8192 (gate, up,
    down), the other 24 a dense MLP of intermediate_size_mlp 16384; the L2 q/k norm has no
    weights. Meta: "17B (Activated) 400B (Total)"."""
    m = load_model(MODELS / "llama-4-maverick" / "config.json")
    h, v = 5120, 202048
    attn = h * 40 * 128 + 2 * h * 8 * 128 + 40 * 128 * h
    moe = h * 128 + 128 * 3 * h * 8192 + 3 * h * 8192
    dense = 3 * h * 16384
    total = 48 * attn + 24 * moe + 24 * dense + 48 * 2 * h + h + 2 * v * h
    assert m.parameters() == total
    assert total == pytest.approx(400e9, rel=0.01)
    assert m.active_parameters() == pytest.approx(17e9, rel=0.02)
    # no_rope_layers default (interval 4): every 4th layer NoPE and full, the others chunked 8192
    assert m.layer_counts() == {"full": 12, "chunk": 36} and m.chunk == 8192
    assert any("vision tower" in n for n in m.notes)
    # FP8 Maverick fits one 8x H100 host (Meta runs it there): 400 GB of weights in 640 GB
    s = llm(m, ["nvidia-h100-sxm"], weights="fp8", kv="fp8", group_size=8, batch=1, context=8192)
    assert s.column("fits").values[0] == 1.0


def test_chunked_attention_caches_at_most_a_chunk() -> None:
    m = load_model(MODELS / "llama-4-maverick" / "config.json")
    assert m.kv_elements(131072) == 12 * 2 * 8 * 128 * 131072 + 36 * 2 * 8 * 128 * 8192


def deepseek_v32() -> str:
    sheet = bundled_models()["deepseek-v3"]
    data = {
        "model_type": "deepseek_v32", "num_hidden_layers": 61, "hidden_size": 7168, "num_attention_heads": 128,
        "num_key_value_heads": 128, "intermediate_size": 18432, "vocab_size": 129280, "tie_word_embeddings": False,
        "n_routed_experts": 256, "num_experts_per_tok": 8, "moe_intermediate_size": 2048, "n_shared_experts": 1,
        "first_k_dense_replace": 3, "topk_method": "noaux_tc", "q_lora_rank": 1536, "kv_lora_rank": 512,
        "qk_rope_head_dim": 64, "qk_nope_head_dim": 128, "v_head_dim": 128, "max_position_embeddings": 163840,
        "index_topk": 2048, "index_n_heads": 64, "index_head_dim": 128,
    }  # fmt: skip
    assert sheet.layers == data["num_hidden_layers"]
    return json.dumps(data, indent=1)


def test_deepseek_v32_sparse_attention_adds_an_indexer() -> None:
    """DeepSeek-V3.2 = V3 + a lightning indexer per layer (DeepSeek's inference model.py
    Indexer: wq_b q_lora_rank -> 64 x 128, wk 7168 -> 128, k_norm LayerNorm(128),
    weights_proj 7168 -> 64); attention reads the top 2048 tokens' latent and every
    token's 128-dim index key."""
    m = model_from_config(deepseek_v32(), "v32.json", "v32")
    v3 = bundled_models()["deepseek-v3"]
    indexer = 1536 * 64 * 128 + 7168 * 128 + 2 * 128 + 7168 * 64
    assert m.parameters() - v3.parameters() == 61 * indexer
    assert m.layer_counts() == {"sparse": 61}
    assert m.kv_elements(100_000) == 61 * (512 + 64 + 128) * 100_000
    chips = ["nvidia-h200"]
    dense = llm(v3, chips, weights="fp8", kv="fp8", group_size=8, batch=8, context=100_000)
    sparse = llm(m, chips, weights="fp8", kv="fp8", group_size=8, batch=8, context=100_000)
    assert sparse.column("tokens_per_second").values[0] > 1.5 * dense.column("tokens_per_second").values[0]


# google/gemma-3-27b-it config.json as copied in TensorRT-LLM's Gemma 3 tests (GEMMA3_27B_MINI_CONFIG,
# found in the stored code corpus; "num_hidden_layers": 6 and
# "sliding_window": 4 marked "Modified for testing"; back at the model's 62 and 1024 here), its
# vision_config cut to its type. It gives no vocab_size, tie_word_embeddings,
# sliding_window_pattern or max_position_embeddings: the class defaults apply.
GEMMA3 = {
    "architectures": ["Gemma3ForConditionalGeneration"], "boi_token_index": 255999, "eoi_token_index": 256000,
    "eos_token_id": [1, 106], "image_token_index": 262144, "initializer_range": 0.02, "mm_tokens_per_image": 256,
    "model_type": "gemma3",
    "text_config": {
        "head_dim": 128, "hidden_size": 5376, "intermediate_size": 21504, "model_type": "gemma3_text",
        "num_attention_heads": 32, "num_hidden_layers": 62, "num_key_value_heads": 16, "query_pre_attn_scalar": 168,
        "rope_scaling": {"factor": 8.0, "rope_type": "linear"}, "sliding_window": 1024,
    },
    "torch_dtype": "bfloat16", "transformers_version": "4.50.0.dev0",
    "vision_config": {"model_type": "siglip_vision_model"},
}  # fmt: skip


def test_gemma3_class_defaults_are_applied_with_a_note() -> None:
    m = model_from_config(json.dumps(GEMMA3), "g.json", "g")
    assert (m.vocab, m.tied) == (262208, True)
    assert "vocab_size not given: Hugging Face's gemma3_text class default 262208 applied" in m.notes
    assert "sliding_window_pattern not given: Hugging Face's gemma3_text class default 6 applied" in m.notes
    assert m.max_context == 131072
    assert any("vision tower" in n for n in m.notes)
    assert m.layer_counts() == {"window": 52, "full": 10}
    # four norms per layer and q/k norms (Gemma3DecoderLayer): about 27.0 B text weights
    assert m.parameters() == pytest.approx(27.0e9, rel=0.01)
    # KV at 128k: the 52 window layers hold 1024 tokens, not 131072 (6x less than all-full)
    full = 62 * 2 * 16 * 128 * 131072
    assert full / m.kv_elements(131072) > 5


def test_mistral_slides_every_layer() -> None:
    cfg = {
        "model_type": "mistral", "hidden_size": 4096, "intermediate_size": 14336, "num_attention_heads": 32,
        "num_hidden_layers": 32, "num_key_value_heads": 8, "vocab_size": 32000, "tie_word_embeddings": False,
        "sliding_window": 4096,
    }  # fmt: skip
    m = model_from_config(json.dumps(cfg), "m.json", "m")
    assert (
        m.kv_elements(32768) * 8 == m.kv_elements_per_token() * 32768 or m.kv_elements(32768) == 32 * 2 * 8 * 128 * 4096
    )


def test_qwen3_next_hybrid_linear_attention() -> None:
    cfg = {
        "model_type": "qwen3_next", "hidden_size": 2048, "intermediate_size": 5120, "num_attention_heads": 16,
        "num_key_value_heads": 2, "head_dim": 256, "num_hidden_layers": 48, "vocab_size": 151936,
        "tie_word_embeddings": False, "num_experts": 512, "num_experts_per_tok": 10, "moe_intermediate_size": 512,
        "shared_expert_intermediate_size": 512, "full_attention_interval": 4, "linear_num_key_heads": 16,
        "linear_num_value_heads": 32, "linear_key_head_dim": 128, "linear_value_head_dim": 128,
        "linear_conv_kernel_dim": 4, "decoder_sparse_step": 1, "mlp_only_layers": [],
    }  # fmt: skip
    m = model_from_config(json.dumps(cfg), "q.json", "q")
    assert m.layer_counts() == {"linear": 36, "full": 12}
    # Qwen3-Coder-Next has this structure; its safetensors total is 79,674,391,296 and, less
    # the inactive experts, 3,874,929,408 active (https://huggingface.co/Qwen/Qwen3-Coder-Next,
    # as transcribed in a public parameter-count test: "Published total minus inactive expert
    # tensors = 3,874,929,408")
    assert m.parameters() == 79_674_391_296
    assert m.active_parameters() == 3_874_929_408
    # the 36 linear layers hold a fixed state: the cache grows by the 12 full layers only
    grow = m.kv_elements(200_000) - m.kv_elements(100_000)
    assert grow == 12 * 2 * 2 * 256 * 100_000


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('"attn_type_list": [0, 1]', "c.json:5: attn_type_list: only softmax attention (1) in every layer is modelled"),
        (
            '"linear_attn_config": {}',
            "c.json:5: linear_attn_config: not supported: linear-attention layers of this form",
        ),
        ('"layer_types": ["full_attention", "mamba"]', "c.json:5: layer_types: unknown layer type 'mamba'"),
        ('"sliding_window": 4096', "c.json:5: sliding_window: 4096 tokens, but no layer is said to slide"),
        ('"intermediate_size_mlp": 99', "c.json:5: intermediate_size_mlp: read for model_type llama4_text only"),
        (
            '"hybrid_override_pattern": "M*M"',
            "c.json:5: hybrid_override_pattern: not read by chipspec, and a key of this kind can change the "
            "model's figures: refused rather than ignored",
        ),
    ],
)
def test_keys_that_would_change_a_figure_are_refused_located(extra: str, message: str) -> None:
    text = (
        '{\n"model_type": "llama", "hidden_size": 64, "intermediate_size": 128,\n"num_attention_heads": 4,'
        ' "num_hidden_layers": 2,\n"vocab_size": 100, "tie_word_embeddings": false,\n' + extra + "\n}"
    )
    with pytest.raises(SpecError) as err:
        model_from_config(text, "c.json", "x")
    assert message in str(err.value)


def test_hostile_config_numbers_and_duplicates_are_located() -> None:
    long = '{\n"hidden_size": 4096,\n"vocab_size": ' + "9" * 5000 + "\n}"
    with pytest.raises(SpecError, match=r"c.json:3: a number of 5,000 digits; no model config has one"):
        model_from_config(long, "c.json", "x")
    dup = '{\n"hidden_size": 1,\n"vocab_size": 2,\n"hidden_size": 3\n}'
    with pytest.raises(SpecError, match=r"c.json:4: hidden_size: duplicate key"):
        model_from_config(dup, "c.json", "x")


@pytest.mark.parametrize("bad", ["128", [128], 1.5, True])
def test_prompt_and_generate_of_the_wrong_type_are_usage_errors(bad: object) -> None:
    with pytest.raises(UsageError, match="prompt must be a whole number"):
        llm("llama-3.1-8b", ["h20"], prompt=bad, generate=10)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="generate must be a whole number"):
        llm("llama-3.1-8b", ["h20"], prompt=10, generate=bad)  # type: ignore[arg-type]


def test_group_sizes_must_be_usable() -> None:
    with pytest.raises(UsageError, match=r"3 chips do not divide Llama-3\.1-70B's 64 attention heads"):
        llm("llama-3.1-70b", ["h20"], group_size=3)
    assert llm("llama-3.1-70b", ["h20"], group_size=3, kv_layout="dp").settings.group_size == 3
    with pytest.raises(UsageError, match="larger than one scale-up domain of 8"):
        llm("llama-3.1-70b", ["nvidia-h100-sxm"], group_size=16, domain=8)
    # min_chips is a usable size: DeepSeek-V3 at 8-bit on 910B needs 16 (divides 128 heads), not 12
    s = llm("deepseek-v3", ["910b"], weights="int8", group_size=8)
    assert s.column("min_chips").values[0] == 16


def test_compute_unit_follows_each_chip_s_precision() -> None:
    """Issue 18: int8 weights on H20, 910B and H100 gave a compute column labelled TOPS
    holding the 910B's BF16 TFLOPS."""
    s = llm("llama-3.1-8b", ["h20", "910b", "nvidia-h100-sxm"], weights="int8")
    kinds = dict(zip([c.id for c in s.chips], s.precision_used, strict=True))
    assert kinds["huawei-ascend-910b"] in ("bf16", "fp16")
    i = [c.id for c in s.chips].index("huawei-ascend-910b")
    assert s.column("compute").unit == "TFLOPS or TOPS"
    assert s.cell_record("compute", i)["unit"] == "TFLOPS"
    assert s.cell_record("compute", [c.id for c in s.chips].index("nvidia-h20"))["unit"] == "TOPS"
    plain = chipspec.compare(["h20", "nvidia-h100-sxm"], ["compute"], precision="int8")
    assert plain.column("compute").unit == "TOPS"


def test_capacity_is_read_in_physical_bytes_where_the_sheet_records_them(tmp_path: Path) -> None:
    """An "80 GB" H100 has 80 GiB of HBM: with ``physical`` recorded, the lens uses
    85,899,345,920 bytes (max batch and fits move with it); without, 80 x 10^9, as stated."""
    base = (
        "name: {name}\nvendor: NVIDIA\ncategory: GPU\nmemory:\n  capacity: {capacity}\n  bandwidth: 3350 GB/s\n"
        "compute:\n  bf16: 989 TFLOPS\npower:\n  tdp: 700 W\n"
        'sources:\n  s: {{title: "Round test figures", url: "https://example.com/round"}}\n'
    )
    (tmp_path / "marketed.yaml").write_text(base.format(name="Marketed", capacity="80 GB"), encoding="utf-8")
    (tmp_path / "physical.yaml").write_text(
        base.format(name="Physical", capacity='{value: 80 GB, physical: 80 GiB, note: "5 stacks x 16 GiB"}'),
        encoding="utf-8",
    )
    cat = chipspec.load_catalog(tmp_path, bundled=False)
    s = llm("llama-3.1-8b", cat, batch=1, context=4096)
    rows = {c.id: i for i, c in enumerate(s.chips)}
    weights = 8_030_261_248 * 2
    kv_seq = 4096 * 2 * 32 * 8 * 128 * 2
    assert s.column("max_batch").values[rows["marketed"]] == (80e9 - weights) // kv_seq
    assert s.column("max_batch").values[rows["physical"]] == (80 * 2**30 - weights) // kv_seq


def test_cli_sets_part_formats_layout_fabric_and_domain() -> None:
    from tests.test_cli import run

    code, out, err = run(
        "llm", "gpt-oss-120b", "nvidia-h100-sxm", "--part", "experts=mxfp4", "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    record = json.loads(out)[0]
    assert record["weight_memory"]["value"] == pytest.approx(65.19, abs=0.01)  # OpenAI: fits one 80 GB H100
    assert record["fits"]["value"] is True
    code, _, err = run("llm", "gpt-oss-120b", "nvidia-h100-sxm", "--part", "experts")
    assert code == 2 and "--part takes PART=FORMAT (experts=mxfp4), got 'experts'" in err
    code, _, err = run("llm", "llama-3.1-70b", "h20", "--chips", "3")
    assert code == 2 and "3 chips do not divide Llama-3.1-70B's 64 attention heads" in err
    code, out, err = run("llm", "llama-3.1-70b", "h20", "--chips", "3", "--kv-layout", "dp", "--format", "json")
    assert code == 0, err
    code, _, err = run("llm", "llama-3.1-70b", "nvidia-h100-sxm", "--chips", "16", "--domain", "8")
    assert code == 2 and "larger than one scale-up domain of 8" in err
    code, out, err = run("llm", "llama-3.1-8b", "h20", "--chips", "2", "--fabric", "ring", "--no-overlap")
    assert code == 0 and "fabric ring" in " ".join(out.split()) and "added to compute" in " ".join(out.split())


def test_minimax_m2_per_layer_qk_norm_and_routing_bias() -> None:
    """transformers MiniMaxM2: q/k/v/o without bias, q_norm over all query heads (48 x 128)
    and k_norm over the KV heads (8 x 128) when qk_norm_type is per_layer; a router of 256
    experts with e_score_correction_bias; experts of intermediate_size 1536; softmax attention
    in every layer (attn_type_list all 1). Keys as MiniMax-M2's config.json has them."""
    cfg = {
        "model_type": "minimax_m2", "hidden_size": 3072, "intermediate_size": 1536, "num_hidden_layers": 62,
        "num_attention_heads": 48, "num_key_value_heads": 8, "head_dim": 128, "rotary_dim": 64,
        "num_local_experts": 256, "num_experts_per_tok": 8, "shared_intermediate_size": 0,
        "use_routing_bias": True, "use_qk_norm": True, "qk_norm_type": "per_layer", "vocab_size": 200064,
        "tie_word_embeddings": False, "attn_type_list": [1] * 62, "use_mtp": True, "num_mtp_modules": 3,
    }  # fmt: skip
    m = model_from_config(json.dumps(cfg), "m2.json", "m2")
    h, e, i = 3072, 256, 1536
    attn = h * 48 * 128 + 2 * h * 8 * 128 + 48 * 128 * h + 48 * 128 + 8 * 128
    moe = h * e + e + e * 3 * h * i
    assert m.parameters() == 62 * (attn + moe + 2 * h) + h + 2 * 200064 * h  # 228.7 B
    lightning = dict(cfg, attn_type_list=[0] + [1] * 61)
    with pytest.raises(SpecError, match="attn_type_list: only softmax attention"):
        model_from_config(json.dumps(lightning), "m2.json", "m2")


def test_every_bundled_model_says_its_maximum_context() -> None:
    """Kimi-K2's sheet had none: a context beyond a model's limit must be said (its README:
    "Context Length 128K", read as 131,072 tokens)."""
    models = bundled_models()
    assert all(m.max_context for m in models.values()), [k for k, m in models.items() if not m.max_context]
    assert models["kimi-k2"].max_context == 131072
    s = llm("kimi-k2", ["nvidia-h200"], weights="fp8", group_size=16, kv_layout="dp", context=200_000)
    assert s.assumptions()[0].startswith("beyond the model: context 200,000 tokens is more than Kimi-K2's 131,072")


def test_sparse_attention_caches_the_index_key_in_fp8_with_its_scale() -> None:
    """DeepSeek's Indexer caches k in float8_e4m3fn and one float32 scale per 128 elements
    (k_cache, k_scale_cache in inference/model.py): 128 + 4 bytes a token and layer, beside
    the 576-element latent at the KV precision."""
    s = llm("deepseek-v3.2", ["nvidia-h200"], kv="fp8", weights="fp8", group_size=8)
    assert s.column("kv_bytes_per_token").values[0] == 61 * (576 + 128 + 4)
