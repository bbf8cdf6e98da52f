"""The LLM workload lens: model structure, published worked examples, the formulas'
arithmetic, properties, model files with located errors, and the CLI."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import chipspec
from chipspec.errors import SpecError, UnknownNameError, UsageError
from chipspec.i18n import label
from chipspec.lenses.llm import FIGURES, Settings, bundled_models, llm, load_model, serve
from chipspec.lenses.llm.model import model_from_config, read_model
from tests.conftest import MODELS
from tests.test_cli import run

BUNDLED = bundled_models()


def sheet(
    folder: Path, name: str, *, capacity: str, bandwidth: str, bf16: str, link: str = "", tdp: str = "700 W"
) -> Path:
    """A minimal chip sheet with round figures for hand arithmetic."""
    text = (
        f"name: {name}\nvendor: NVIDIA\ncategory: GPU\nmemory:\n  capacity: {capacity}\n  bandwidth: {bandwidth}\n"
        f"compute:\n  bf16: {bf16}\n  int8: {bf16.replace('TFLOPS', 'TOPS')}\npower:\n  tdp: {tdp}\n"
        + (f"interconnect:\n  bandwidth: {{value: {link}, direction: both}}\n" if link else "")
        + 'sources:\n  s: {title: "Round test figures", url: "https://example.com/round"}\n'
    )
    path = folder / f"{name.lower().replace(' ', '-')}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> chipspec.Catalog:
    folder = tmp_path_factory.mktemp("round-chips")
    sheet(folder, "Round", capacity="80 GB", bandwidth="2000 GB/s", bf16="1000 TFLOPS", link="400 GB/s")
    sheet(folder, "Small", capacity="16 GB", bandwidth="810 GB/s", bf16="197 TFLOPS", link="400 GB/s", tdp="200 W")
    sheet(folder, "A100 like", capacity="80 GB", bandwidth="2039 GB/s", bf16="312 TFLOPS", link="600 GB/s")
    return chipspec.load_catalog(folder, bundled=False)


# --- models: structure against what their makers publish --------------------------------

# Published figures that state only a nominal size (one or two significant digits, "7B",
# "70B", "1T"): the structure is checked against the figure's own precision instead of 1%.
NOMINAL = {"llama-2-7b": 0.04, "llama-2-70b": 0.02, "kimi-k2": 0.03, "qwen3-8b": 0.03}


@pytest.mark.parametrize("model_id", sorted(BUNDLED))
def test_parameter_count_matches_the_published_total(model_id: str) -> None:
    m = BUNDLED[model_id]
    assert m.published_total is not None or m.counted is not None, "every bundled model cites a size"
    if m.counted is not None:  # an exact count from loaded weights: within 1% (here 64 elements)
        assert m.parameters() == pytest.approx(m.counted.number, rel=0.01)
        assert m.counted.source is not None and m.counted.source.url
    pub = m.published_total
    if pub is not None:
        computed = m.parameters(embeddings="embeddings" in pub.counts, mtp="mtp" in pub.counts)
        tolerance = NOMINAL.get(model_id, 0.01)
        assert computed == pytest.approx(pub.number, rel=tolerance), (computed, pub.value)
        assert pub.source is not None and pub.source.url
        if model_id in NOMINAL:
            assert pub.significant <= 2, "only nominal figures get a wider tolerance"


@pytest.mark.parametrize("model_id", sorted(m for m in BUNDLED if BUNDLED[m].published_active))
def test_active_parameters_match_the_published_figure(model_id: str) -> None:
    m = BUNDLED[model_id]
    pub = m.published_active
    assert pub is not None
    computed = m.active_parameters(embeddings="embeddings" in pub.counts)
    if "head" in pub.counts:
        computed += m.vocab * m.hidden
    # Active counts are published as rounded names (37B, 22B, 32B, 13B): within 3%.
    assert computed == pytest.approx(pub.number, rel=0.03), (computed, pub.value)


def test_the_issue_s_model_list_is_bundled() -> None:
    wanted = {
        "llama-2-7b", "llama-2-13b", "llama-2-70b", "llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b",
        "qwen2.5-7b", "qwen2.5-72b", "qwen3-8b", "qwen3-235b-a22b", "deepseek-v3", "mixtral-8x7b", "glm-4.5",
        "kimi-k2",
    }  # fmt: skip
    assert wanted <= set(BUNDLED)
    for m in BUNDLED.values():
        assert m.source is not None and m.source.url, m.id


def test_structure_facts_peers_get_wrong() -> None:
    llama7 = BUNDLED["llama-2-7b"]
    # TransformerLens issue #448 (https://github.com/TransformerLensOrg/TransformerLens/issues/448):
    # a 2-matrix MLP gives 5,033,164,800 non-embedding weights; SwiGLU has three matrices.
    two_matrix = 32 * (4 * 4096**2 + 2 * 4096 * 11008)
    assert two_matrix == 5_033_164_800
    assert llama7.parameters(embeddings=False) == 32 * (4 * 4096**2 + 3 * 4096 * 11008) + 65 * 4096
    # head_dim is read, not derived: Qwen3-235B has 64 heads of 128 on a 4096-wide model
    q = BUNDLED["qwen3-235b-a22b"]
    assert (q.hidden, q.heads, q.head_dim) == (4096, 64, 128)
    # GQA: the 70B caches 8 KV heads, not 64 query heads
    assert BUNDLED["llama-3.1-70b"].kv_elements_per_token() == 2 * 80 * 8 * 128


# --- published worked examples, matched within 1% -----------------------------------------


def test_ietf_draft_kv_cache_of_a_70b_gqa8_model_at_4k(rounds: chipspec.Catalog) -> None:
    """draft-calabria-bmwg-ai-fabric-inference-bench: "S_KV = 2 × L × H_kv × D × C × P_bytes
    = 2 × 80 × 8 × 128 × 4,096 × 2 ... = 1,342,177,280 bytes"
    (https://fcalabri.github.io/bmwg-ai-fabric-inference-bench/Acronyms/draft-calabria-bmwg-ai-fabric-inference-bench.html)"""
    s = llm("llama-3.1-70b", rounds, batch=1, context=4096, kv="fp16")
    assert s.column("kv_memory").values[0] * 1e9 == pytest.approx(1_342_177_280, rel=1e-12)


def test_torchedup_kv_cache_of_llama2_7b() -> None:
    """https://torchedup.dev/problems/kv-cache-size: "Llama-2-7B with B=1, S=2048, L=32,
    n_kv=32, head_dim=128, fp16 (2 bytes) -> 1.07 GB" (1,073,741,824 B: exactly 1 GiB)."""
    s = llm("llama-2-7b", ["h20"], batch=1, context=2048, kv="fp16")
    assert s.column("kv_memory").values[0] * 1e9 == pytest.approx(1.07e9, rel=0.01)
    assert s.column("kv_memory").values[0] * 1e9 == 2**30


def test_jax_scaling_book_kv_per_token_of_llama3_70b_in_int8() -> None:
    """JAX "How to Scale Your Model", applied inference: "LLaMA 3-70B has 8 KV heads, so the
    size per token is 2 * K * H * L = 2 * 8 * 128 * 80 = 160kB" (int8 KVs), and "5.3GB /
    sequence" at 32,768 tokens
    (https://github.com/jax-ml/scaling-book/blob/0819a7d8c55ddc113f5cba0285a5f97380cac1e3/applied-inference.md)."""
    s = llm("llama-3.1-70b", ["h20"], batch=1, context=32768, kv="int8")
    assert s.column("kv_bytes_per_token").values[0] == 163_840  # 160 KiB
    assert s.column("kv_memory").values[0] == pytest.approx(5.3, rel=0.015)  # "5.3GB" as rounded there


def test_deepseek_v2_paper_mla_kv_elements_per_token(tmp_path: Path) -> None:
    """DeepSeek-V2 report, Table 1 and §3.1.2: MLA caches (d_c + d_h^R) l elements per token,
    with 60 layers, d_c = 512, d_h^R = 64: "its KV cache is equal to GQA with only 2.25
    groups" (https://github.com/deepseek-ai/DeepSeek-V2/blob/ec98ee3cbffc32104cd55dba8af884b3d772602a/deepseek-v2-tech-report.pdf)."""
    config = {
        "model_type": "deepseek_v2", "num_hidden_layers": 60, "hidden_size": 5120, "num_attention_heads": 128,
        "intermediate_size": 12288, "vocab_size": 102400, "tie_word_embeddings": False, "kv_lora_rank": 512,
        "q_lora_rank": 1536, "qk_rope_head_dim": 64, "qk_nope_head_dim": 128, "v_head_dim": 128,
    }  # fmt: skip
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    m = read_model(path)
    assert m.attention == "MLA"
    assert m.kv_elements_per_token() == 34_560 == int(2 * 2.25 * 128 * 60)


def test_llm_analysis_decode_of_llama2_70b_on_two_a100s(rounds: chipspec.Catalog) -> None:
    """A reality check against a peer tool's documented output (within 5%, not 1%: the tool
    adds terms a bound leaves out): llm-analysis, Llama-2-70B, TP 2 on A100-80GB
    (2039 GB/s, 312 TFLOPS), flops efficiency 0.7, HBM efficiency 0.9, 242 tokens
    generated after a 128-token prompt in 9.425 s, 38.9 ms a token
    (https://github.com/cli99/llm-analysis/blob/d841e40aec8c84b9e76ba9cfbce67418adb172bd/examples/llama2/README.md)."""
    s = llm(
        "llama-2-70b", [rounds.get("a100-like")], batch=1, prompt=128, generate=242, group_size=2, mfu=0.7, mbu=0.9,
    )  # fmt: skip
    assert s.column("decode_step_time").values[0] == pytest.approx(9.425 / 242 * 1e3, rel=0.05)


# --- the formulas, by hand ------------------------------------------------------------------


def test_a_decode_step_by_hand(rounds: chipspec.Catalog) -> None:
    """Llama-3.1-8B, batch 4, context 1000, bf16, on one Round chip (2000 GB/s, 1000 TFLOPS)."""
    m = BUNDLED["llama-3.1-8b"]
    s = llm(m, [rounds.get("round")], batch=4, context=1000)
    weights = 8_030_261_248 * 2  # bytes
    read = (8_030_261_248 - 128256 * 4096) * 2  # a step reads the head, not the input table (it gathers 4 rows)
    kv = 4 * 1000 * (2 * 32 * 8 * 128 * 2)  # batch x context x KV bytes per token
    matmul = m.active_parameters(embeddings=False) + 128256 * 4096  # the head multiplies; the lookup does not
    flops = 4 * (2 * matmul + 1000 * 32 * 4 * 32 * 128)
    step = max((kv + read) / 2000e9, flops / 1000e12)  # roofline: the slower of bytes and FLOPs
    assert s.column("decode_step_time").values[0] == pytest.approx(step * 1e3, rel=1e-9)
    assert s.column("tokens_per_second").values[0] == pytest.approx(4 / step, rel=1e-9)
    assert s.column("tokens_per_joule").values[0] == pytest.approx(4 / step / 700, rel=1e-9)
    usable = 80e9  # no reserve by default: a bound
    assert s.column("max_batch").values[0] == math.floor((usable - weights) / (1000 * 2 * 32 * 8 * 128 * 2))
    assert s.column("fits").values[0] == 1.0
    # critical batch: the smallest B where B x FLOPs per token / compute >= weights / bandwidth
    per_token = 2 * matmul + 1000 * 32 * 4 * 32 * 128
    assert s.column("critical_batch").values[0] == math.ceil(read / 2000e9 * 1000e12 / per_token)


def test_tensor_parallel_communication_by_hand(rounds: chipspec.Catalog) -> None:
    """Two all-reduces per layer of B x hidden x 2 bytes, at half the stored link: a ring
    takes 2(N-1) synchronizations, a switch two (two-shot) or one (one-shot), a mesh two;
    added to compute without overlap, the larger of the two with it."""
    chip = [rounds.get("round")]
    bare = llm("llama-3.1-8b", chip, batch=8, context=512, group_size=4, comm=False)
    message = 8 * 4096 * 2
    band = 2 * 3 / 4 * message / 200e9
    expected = {
        "ring": band + 2 * 3 * 2e-6,
        "mesh": band + 2 * 2e-6,
        "switched": min(band + 2 * 2e-6, 3 * message / 200e9 + 2e-6),
        "torus": band + 2 * (1 + 1) * 2e-6,  # 2 x 2
    }
    for fabric, one in expected.items():
        s = llm("llama-3.1-8b", chip, batch=8, context=512, group_size=4, fabric=fabric, overlap=False)
        extra = s.column("decode_step_time").values[0] - bare.column("decode_step_time").values[0]
        assert extra == pytest.approx(32 * 2 * one * 1e3, rel=1e-9), fabric
        assert s.column("communication_time").values[0] == pytest.approx(32 * 2 * one * 1e3, rel=1e-9)
        overlapped = llm("llama-3.1-8b", chip, batch=8, context=512, group_size=4, fabric=fabric)
        step = max(bare.column("decode_step_time").values[0], 32 * 2 * one * 1e3)
        assert overlapped.column("decode_step_time").values[0] == pytest.approx(step, rel=1e-9)
    assert "interconnect.bandwidth" in s.needs("decode_step_time")
    assert "interconnect.bandwidth" not in bare.needs("decode_step_time")


def test_a_70b_model_does_not_fit_one_80gb_chip(rounds: chipspec.Catalog) -> None:
    s = llm("llama-3.1-70b", [rounds.get("round")], batch=1, context=4096)
    assert s.column("fits").values[0] == 0.0
    assert s.column("min_chips").values[0] == 2
    assert s.record(0)["fits"]["value"] is False


def test_kv_heads_replicate_past_the_group_and_mla_latent_on_every_chip(rounds: chipspec.Catalog) -> None:
    chip = [rounds.get("round")]
    eight = llm("llama-3.1-70b", chip, batch=1, context=1000, group_size=8).column("kv_memory").values[0]
    sixteen = llm("llama-3.1-70b", chip, batch=1, context=1000, group_size=16).column("kv_memory").values[0]
    assert sixteen == pytest.approx(2 * eight)  # 8 KV heads over 16 chips: each held twice
    one = llm("deepseek-v3", chip, batch=1, context=1000, group_size=1).column("kv_memory").values[0]
    four = llm("deepseek-v3", chip, batch=1, context=1000, group_size=4).column("kv_memory").values[0]
    assert four == pytest.approx(4 * one)


def test_moe_reads_the_experts_a_batch_touches() -> None:
    m = BUNDLED["mixtral-8x7b"]
    chip = np.array([200e9]), np.array([2e12]), np.array([1e15]), np.array([np.nan]), np.array([700.0])
    one = serve(m, *chip, np.array(1), np.array(100), np.array(100), searches=False)
    many = serve(m, *chip, np.array(4096), np.array(100), np.array(100), searches=False)
    w = 2  # bf16
    per_step_bytes_one = one["decode_step_time"][0] / 1e3 * 2e12  # memory-bound at batch 1
    kv1 = 100 * m.kv_elements_per_token() * 2
    expected_one: float = (m.parameters() - m.vocab * m.hidden - m.moe_layers * m.experts * m.expert_parameters()) * w
    expected_one += m.moe_layers * m.experts * (1 - (1 - 2 / 8) ** 1) * m.expert_parameters() * w
    assert per_step_bytes_one == pytest.approx(expected_one + kv1, rel=1e-9)
    assert many["weight_memory"][0] == pytest.approx(m.parameters() * w / 1e9)


def test_compute_uses_the_weight_precision_else_16bit_and_says_so() -> None:
    s = llm("llama-3.1-8b", ["h20", "910b"], weights="fp8")
    used = dict(zip([c.id for c in s.chips], s.precision_used, strict=True))
    assert used["nvidia-h20"] == "fp8"
    assert used["huawei-ascend-910b"] in ("bf16", "fp16")  # the 910B publishes no FP8 figure
    i = s.index(chipspec.load_catalog().get("910b"))
    assert "fallback" in s.column("ttft").flags[i]
    assert s.record(i)["compute_precision"] == used["huawei-ascend-910b"]
    strict = llm("llama-3.1-8b", ["910b"], weights="fp8", compute="fp8")
    assert strict.column("ttft").missing[0] == ("compute.fp8",)


def test_derived_figures_carry_the_flags_of_their_inputs() -> None:
    s = llm("llama-3.1-70b", ["910b"], group_size=2, weights="int8")
    # the 910B's link figure does not say which direction it counts
    assert "unstated" in s.column("tokens_per_second_per_chip").flags[0]
    assert not s.column("weight_memory").flags[0]  # the model alone: nothing to doubt


def test_no_rate_is_shown_where_the_model_does_not_fit(rounds: chipspec.Catalog) -> None:
    s = llm("llama-3.1-405b", [rounds.get("small")], batch=1, context=1000)
    assert s.column("fits").values[0] == 0.0
    assert s.column("min_chips").values[0] == 64  # 811 GB of bf16 weights over 16 GB chips: 64 divides 128 heads
    for rate in ("tokens_per_second", "ttft", "tokens_per_joule", "decode_step_time", "batch_prefill"):
        assert np.isnan(s.column(rate).values[0])
        assert s.column(rate).missing[0] == ("no-fit:64",)
    assert label("no-fit:64") == "(does not fit: a group of 64 chips would, or a smaller weights or KV format)"
    assert label("no-fit", "zh").startswith("（任何可用分组都放不下")
    assert np.isfinite(s.column("weight_memory").values[0])


def test_servings_rank_score_and_pareto_like_a_comparison(catalog: chipspec.Catalog) -> None:
    s = llm("qwen3-8b", catalog.filter(vendor=["NVIDIA"]), batch=16, context=2048)
    ranking = s.rank("tokens_per_second_per_chip")
    assert ranking.direction == "higher" and ranking.rows[0].rank == 1
    scoring = s.score({"tokens_per_second_per_chip": 1, "tokens_per_joule": 1})
    assert scoring.rows[0].score == pytest.approx(max(r.score for r in scoring.rows if r.score is not None))
    front = s.pareto(["tokens_per_second_per_chip", "tokens_per_joule"])
    assert front.front


def test_values_a_user_gets_are_their_own() -> None:
    s = llm("llama-3.1-8b", ["h20"])
    rec = s.record(0)
    rec["fits"]["value"] = "changed"
    assert s.record(0)["fits"]["value"] is True
    # Columns are what the estimate ranks and records from: they cannot be scribbled on.
    for name in ("ttft", "max_batch"):
        with pytest.raises(ValueError, match="read-only"):
            s.column(name).values[0] = 999_999
    assert s.records()[0]["max_batch"]["value"] != 999_999
    assert s.rank("max_batch").rows[0].value != 999_999
    again = llm("llama-3.1-8b", ["h20"])
    assert again.record(0)["fits"]["value"] is True
    assert again.column("ttft").values[0] > 0


def test_comparison_columns_are_read_only(fakes: chipspec.Catalog) -> None:
    c = chipspec.compare(fakes)
    with pytest.raises(ValueError, match="read-only"):
        c.column("bandwidth_per_watt").values[0] = 0.0
    with pytest.raises(ValueError, match="read-only"):
        c.column("power.tdp").values[:] = 1.0


# --- properties ----------------------------------------------------------------------------

MODELS_ST = st.sampled_from(sorted(BUNDLED))
POSITIVE = st.floats(min_value=1e9, max_value=1e13)


@settings(max_examples=60, deadline=None)
@given(MODELS_ST, POSITIVE, POSITIVE, st.floats(0.1, 0.99), st.integers(1, 256), st.integers(1, 65536))
def test_throughput_never_rises_when_bandwidth_or_compute_falls(
    model_id: str, bw: float, flops: float, cut: float, batch: int, context: int
) -> None:
    m = BUNDLED[model_id]

    def tps(b: float, c: float) -> float:
        out = serve(m, np.array([1e14]), np.array([b]), np.array([c * 1e3]), np.array([4e11]), np.array([500.0]),
                    np.array(batch), np.array(context), np.array(context), Settings(group_size=2), searches=False)  # fmt: skip
        return float(out["tokens_per_second"][0])

    assert tps(bw * cut, flops) <= tps(bw, flops)
    assert tps(bw, flops * cut) <= tps(bw, flops)


@settings(max_examples=60, deadline=None)
@given(MODELS_ST, st.integers(1, 512), st.integers(1, 512), st.integers(1, 100_000), st.integers(1, 100_000))
def test_memory_never_shrinks_as_batch_or_context_grows(model_id: str, b1: int, b2: int, t1: int, t2: int) -> None:
    m = BUNDLED[model_id]
    chip = np.array([1e11]), np.array([1e12]), np.array([1e15]), np.array([4e11]), np.array([500.0])
    lo = serve(m, *chip, np.array(min(b1, b2)), np.array(min(t1, t2)), np.array(1), searches=False)
    hi = serve(m, *chip, np.array(max(b1, b2)), np.array(max(t1, t2)), np.array(1), searches=False)
    assert hi["kv_memory"][0] >= lo["kv_memory"][0]
    assert hi["fits"][0] <= lo["fits"][0]


@settings(max_examples=60, deadline=None)
@given(MODELS_ST, st.integers(1, 64), st.integers(1, 64), st.integers(1, 50_000), st.floats(16e9, 300e9))
def test_a_model_that_fits_on_n_chips_fits_on_n_plus_1(
    model_id: str, n: int, batch: int, context: int, cap: float
) -> None:
    m = BUNDLED[model_id]

    def fits(group: int) -> float:
        out = serve(m, np.array([cap]), np.array([1e12]), np.array([1e15]), np.array([4e11]), np.array([500.0]),
                    np.array(batch), np.array(context), np.array(1), Settings(group_size=group), searches=False)  # fmt: skip
        return float(out["fits"][0])

    if fits(n):
        assert fits(n + 1)


# --- model files: strict, located errors ------------------------------------------------------


def test_a_hugging_face_config_loads() -> None:
    m = load_model(MODELS / "config.json")
    b = BUNDLED["llama-3.1-8b"]
    assert m.parameters() == b.parameters() and m.kv_elements_per_token() == b.kv_elements_per_token()
    assert load_model(MODELS) == m  # a folder holding config.json


def test_a_missing_key_names_the_key_and_the_file(tmp_path: Path) -> None:
    data = json.loads((MODELS / "config.json").read_text())
    del data["hidden_size"]
    path = tmp_path / "config.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    with pytest.raises(SpecError) as err:
        load_model(path)
    assert f"{path}: hidden_size: required key is missing" in str(err.value)


def test_config_errors_are_located(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text('{\n  "num_hidden_layers": 32,\n  "hidden_size": "4096",\n}', encoding="utf-8")
    with pytest.raises(SpecError, match=r"config.json:4: invalid JSON"):
        model_from_config(path.read_text(), str(path), "x")
    text = (MODELS / "config.json").read_text().replace('"hidden_size": 4096', '"hidden_size": "4096"')
    with pytest.raises(SpecError, match=r"config.json:8: hidden_size: expected a whole number, got '4096'"):
        model_from_config(text, str(path), "x")
    text = (MODELS / "config.json").read_text().replace('"tie_word_embeddings": false,', "")
    with pytest.raises(SpecError, match="tie_word_embeddings: required key is missing: say true or false"):
        model_from_config(text, str(path), "x")
    text = (MODELS / "config.json").read_text().replace('"num_key_value_heads": 8', '"num_key_value_heads": 7')
    with pytest.raises(SpecError, match="num_key_value_heads: expected a divisor of num_attention_heads"):
        model_from_config(text, str(path), "x")
    dup = '{"hidden_size": 1, "hidden_size": 2}'
    with pytest.raises(SpecError, match="hidden_size: duplicate key"):
        model_from_config(dup, str(path), "x")


def test_model_sheet_errors_are_located(tmp_path: Path) -> None:
    text = (Path(chipspec.__file__).parent / "lenses" / "llm" / "models" / "llama-3.1-8b.yaml").read_text()
    bad = text.replace("num_hidden_layers:", "num_hiden_layers:")
    path = tmp_path / "mine.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(SpecError) as err:
        load_model(path)
    line = bad.splitlines().index(next(x for x in bad.splitlines() if x.startswith("num_hiden_layers"))) + 1
    assert f"{path}:{line}: num_hiden_layers: unknown key; did you mean 'num_hidden_layers'?" in str(err.value)
    path.write_text(text.replace("source: config\n", "source: nowhere\n", 1), encoding="utf-8")
    with pytest.raises(SpecError, match="'nowhere' is not a key of sources"):
        load_model(path)


TINY = (
    '{\n  "num_hidden_layers": 2,\n  "hidden_size": 64,\n  "num_attention_heads": 4,\n'
    '  "intermediate_size": 128,\n  "vocab_size": 100,\n  "tie_word_embeddings": false\n}'
)
TINY_SHEET = (
    "name: Tiny\nnum_hidden_layers: 2\nhidden_size: 64\nnum_attention_heads: 4\nintermediate_size: 128\n"
    "vocab_size: 100\ntie_word_embeddings: false\n"
)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('"head_dim": 0', "head_dim: expected at least 1, got 0"),
        ('"max_position_embeddings": 0', "max_position_embeddings: expected at least 1, got 0"),
        ('"kv_lora_rank": 0, "qk_rope_head_dim": 8, "qk_nope_head_dim": 8, "v_head_dim": 8', "kv_lora_rank: expected"),
        ('"kv_lora_rank": 16, "qk_rope_head_dim": 0, "qk_nope_head_dim": 8, "v_head_dim": 8', "qk_rope_head_dim: exp"),
        ('"num_local_experts": 4, "num_experts_per_tok": 2, "moe_intermediate_size": 0', "moe_intermediate_size: e"),
        (
            '"num_local_experts": 4, "num_experts_per_tok": 2, "mlp_only_layers": [0, 1, 2]',
            "mlp_only_layers: layer 2 is not one of the 2 layers",
        ),
        ('"hidden_act": "silu\\u001b[31m"', "hidden_act: expected printable text"),
    ],
)
def test_widths_of_nothing_and_garbage_are_refused(extra: str, message: str) -> None:
    # Each of these loaded before and gave figures built on a layer of nothing.
    with pytest.raises(SpecError, match=re.escape(message)):
        model_from_config(TINY.replace("\n}", f",\n  {extra}\n}}"), "c.json", "x")


def test_a_config_names_a_key_s_line_only_when_it_is_sure() -> None:
    nested = TINY.replace('"hidden_size": 64', '"hidden_size": -64').replace(
        "{\n", '{\n  "vision_config": {"hidden_size": 32},\n', 1
    )
    with pytest.raises(SpecError) as err:
        model_from_config(nested, "mm.json", "x")
    assert str(err.value).startswith("mm.json: hidden_size: expected a whole number from 0 to 10^9, got -64")
    deep = "[" * 200_000 + "]" * 200_000
    with pytest.raises(SpecError, match=r"mm\.json: nested too deeply"):
        model_from_config(deep, "mm.json", "x")
    escaped = TINY.replace("{\n", '{\n  "_name_or_path": "\\u001b[31mRED",\n', 1)
    assert model_from_config(escaped, "c.json", "tiny").name == "tiny"  # not the escape sequence


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("head_dim: .inf", "8: head_dim: expected a whole number, got the number inf"),
        ("head_dim: .NaN", "8: head_dim: expected a whole number, got the number nan"),
        ("head_dim: 020", "8: head_dim: expected a whole number, got '020'"),
        ("? [q]\n: 1", "8: keys must be text"),
        ("structure: {? [a, b] : true}", "8: structure: keys must be text"),
        (
            "structure: {qkv_bias: true, qkv_bias: false}",
            "8: structure.qkv_bias: duplicate key (first defined on line 8)",
        ),
        ("published: {total: {value: '\u00b2'}}", "8: published.total.value: expected a count like 671B"),
        ("published:\n  total: {value: 1B}\n  total: {value: 9B}", "10: published.total: duplicate key (first def"),
        ("name: Again", "8: name: duplicate key (first defined on line 1)"),
    ],
)
def test_model_sheets_refuse_what_yaml_would_let_through(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY_SHEET + line + "\n", encoding="utf-8")
    with pytest.raises(SpecError) as err:
        load_model(path)
    assert f"{path}:{message}" in str(err.value), str(err.value)


def test_an_unknown_model_suggests() -> None:
    with pytest.raises(UnknownNameError, match=r"llama-3\.1-70b"):
        load_model("llama-3.1-70")
    with pytest.raises(UnknownNameError) as err:  # nothing close: no made-up suggestion
        load_model("nosuchmodel")
    assert err.value.suggestions == () and "did you mean" not in str(err.value)
    assert "bundled_models() lists them" in str(err.value) and "--list" not in str(err.value)  # Python's words
    code, _, errors = run("llm", "nosuchmodel", "h20")
    assert code == 2 and "(`chipspec llm --list` lists them)" in errors  # the command's words


def test_impossible_settings_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="chips in a group"):
        llm("llama-3.1-8b", ["h20"], group_size=0)
    with pytest.raises(UsageError, match="mfu"):
        llm("llama-3.1-8b", ["h20"], mfu=1.5)
    with pytest.raises(UsageError, match="weights format 'fp7' is not one of"):
        llm("llama-3.1-8b", ["h20"], weights="fp7")
    with pytest.raises(UsageError, match="prompt and the generated"):
        llm("llama-3.1-8b", ["h20"], prompt=10)


# --- the command line ------------------------------------------------------------------------


def test_cli_json_shape_is_stable() -> None:
    code, out, err = run("llm", "llama-3.1-70b", "h20", "910b", "--batch", "1,8", "--chips", "2", "--format", "json")
    assert code == 0, err
    records = json.loads(out)
    assert len(records) == 4
    first = records[0]
    assert {"id", "name", "vendor", "batch", "context", "chips"} <= set(first)
    assert set(FIGURES) <= set(first)
    assert set(first["ttft"]) >= {"value", "unit", "missing"}
    assert isinstance(first["fits"]["value"], bool)
    assert first["chips"] == 2 and {r["batch"] for r in records} == {1, 8}


def test_cli_table_and_list() -> None:
    code, out, _ = run("llm", "llama-3.1-70b", "h200", "h20", "--width", "120")
    assert code == 0
    assert "Fits" in out and "TTFT" in out and "bound" in out
    code, out, _ = run("llm", "--list")
    assert code == 0 and "deepseek-v3" in out and "MLA" in out


def test_cli_errors() -> None:
    code, _, err = run("llm", "llama-3.1-7", "h20")
    assert code == 2 and "did you mean" in err
    for batch in ("0", "\u00b2", "", ",,,"):  # a superscript two is a digit to str.isdigit
        code, _, err = run("llm", "llama-3.1-8b", "h20", "--batch", batch)
        assert code == 2 and err.startswith("chipspec: error: --batch: expected whole numbers"), err
    code, _, err = run("llm", "llama-3.1-8b", "h20", "--context", "10", "--prompt", "5", "--generate", "5")
    assert code == 2
    code, _, err = run("llm", "llama-3.1-8b", "h20", "--link-latency", "fast")
    assert code == 2 and "--link-latency" in err
    code, _, err = run("llm", str(MODELS / "missing.json"), "h20")
    assert code == 1 and "missing.json" in err


def test_a_context_beyond_the_model_is_said() -> None:
    inside = llm("llama-2-7b", ["h20"], context=4096).assumptions()
    beyond = llm("llama-2-7b", ["h20"], context=100_000).assumptions()
    assert not any("beyond the model" in a for a in inside)
    assert beyond[0].startswith("beyond the model: context 100,000 tokens is more than Llama-2-7B's 4,096")
    code, out, _ = run("llm", "llama-2-7b", "h20", "--context", "100000")
    assert code == 0 and "beyond the model" in out


def test_a_narrow_llm_table_keeps_every_figure() -> None:
    code, out, _ = run("llm", "llama-3.1-8b", "h20", "--width", "40")
    assert code == 0
    assert "part 1 of " in out and "not shown" not in out  # pages, each with the chip column
    assert all(short in out for short in ("Fits", "MaxB", "TTFT", "Tok/J"))
    assert "--transpose" not in out and "--columns" not in out


def test_the_cli_states_the_settings_defaults_and_restates_none() -> None:
    """argparse holds no LLM default of its own (an option left out takes the dataclass's);
    the help's words name the dataclass's defaults."""
    from chipspec.cli import build_parser, subcommands
    from chipspec.lenses.llm.serving import DEFAULT_CONTEXT, DEFAULTS

    llm_parser = subcommands(build_parser())["llm"]
    by_dest = {a.dest: a for a in llm_parser._actions}
    said = {
        "weights": f"default {DEFAULTS.weights}", "kv": f"default {DEFAULTS.kv}",
        "group_size": f"default {DEFAULTS.group_size}", "reserve": f"default {DEFAULTS.reserve:g}",
        "mfu": f"default {DEFAULTS.mfu:.1f}", "mbu": f"default {DEFAULTS.mbu:.1f}",
        "link_latency": f"default {DEFAULTS.link_latency * 1e6:g}us", "context": f"default {DEFAULT_CONTEXT}",
        "fabric": f"default {DEFAULTS.fabric}",
    }  # fmt: skip
    for dest, words in said.items():
        action = by_dest[dest]
        assert action.default is None, dest
        assert words in (action.help or ""), (dest, action.help)


def test_prompt_without_generate_is_worded_per_surface() -> None:
    from chipspec.lenses.llm.serving import Scenario

    with pytest.raises(UsageError, match=r"together \(prompt=S, generate=G\)$"):
        Scenario.make(8, prompt=1000)
    code, _, err = run("llm", "llama-3.1-8b", "h20", "--prompt", "1000")
    assert (
        code == 2 and err.strip() == "chipspec: error: give --prompt and --generate together (--prompt S --generate G)"
    )
