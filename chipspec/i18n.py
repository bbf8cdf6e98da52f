"""Labels per language for fields, metrics, vendors and report phrases.

One table per language; English is the default and the fallback for any missing label.
English labels of fields and metrics are their names (one name for one thing in Python,
the CLI, JSON and tables); vendors' Chinese names come from the vendor table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .errors import UnknownNameError
from .spec import suggest
from .vendors import Vendor

__all__ = [
    "HUMAN",
    "LANGUAGES",
    "SHORT",
    "chart_phrase",
    "check_language",
    "chip_label",
    "human_label",
    "label",
    "phrase",
    "short_label",
    "vendor_label",
]

_ZH: dict[str, str] = {
    # the report's own row labels (chart 15)
    "memory.capacity": "显存容量",
    "memory.type": "显存类型",
    "interconnect.bandwidth": "片间带宽",
    "host.pcie": "PCIe",
    "power.tdp": "功耗",
    # other fields
    "name": "名称",
    "vendor": "厂商",
    "category": "类别",
    "architecture": "架构",
    "released": "发布时间",
    "status": "状态",
    "form_factor": "形态",
    "process": "制程",
    "die_area": "芯片面积",
    "dies": "裸片数",
    "memory.bandwidth": "显存带宽",
    "interconnect.name": "片间互联",
    "host.pcie.gen": "PCIe 代数",
    "host.pcie.lanes": "PCIe 通道数",
    "compute": "算力",
    **{
        f"compute.{p}": f"{p.upper()} 算力"
        for p in ("fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "fp6", "fp4", "int8", "int4")
    },
    "compute.16bit": "16 位算力",
    **{
        f"compute_sparse.{p}": f"{p.upper()} 稀疏算力"
        for p in ("fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "fp6", "fp4", "int8", "int4")
    },
    # metrics
    "bandwidth_per_watt": "每瓦显存带宽",
    "memory_per_tflops": "每 TFLOPS 显存",
    "tflops_per_watt": "每瓦算力",
    "ridge_point": "屋顶线拐点",
    "bytes_per_flop": "每 FLOP 字节数",
    "interconnect_per_watt": "每瓦片间带宽",
    "interconnect_per_tflops": "每 TFLOPS 片间带宽",
    "pcie_bandwidth": "PCIe 带宽",
    "memory_per_watt": "每瓦显存容量",
    "tpp": "总处理性能 (TPP)",
    "performance_density": "性能密度",
    # table words
    "chip": "芯片",
    "parameter": "参数",
    "rank": "排名",
    "score": "得分",
    "pareto": "帕累托",
    "front": "前沿",
    "dominated by": "被支配于",
    "not computable": "无法计算",
    "unknown": "未知",
    "missing": "缺少",
    "notes": "注",
    "other figures": "其他数据",
    "source": "来源",
    "from an alternative source": "取自备选来源",
    "fell back to": "改用",
    "value": "数值",
    "not in": "不见于",
    "data": "数据",
}

# Short column labels for the terminal table (the legend spells them out).
_SHORT_EN: dict[str, str] = {
    "memory.capacity": "Mem",
    "memory.bandwidth": "MemBW",
    "memory.type": "MemType",
    "interconnect.bandwidth": "Link",
    "interconnect.name": "LinkName",
    "host.pcie": "PCIe",
    "power.tdp": "TDP",
    "die_area": "Die",
    "bandwidth_per_watt": "BW/W",
    "memory_per_tflops": "Mem/TF",
    "tflops_per_watt": "TF/W",
    "ridge_point": "Ridge",
    "bytes_per_flop": "B/FLOP",
    "interconnect_per_watt": "Link/W",
    "interconnect_per_tflops": "Link/TF",
    "pcie_bandwidth": "PCIeBW",
    "memory_per_watt": "Mem/W",
    "tpp": "TPP",
    "performance_density": "PD",
    **{
        f"compute.{p}": p.upper() for p in ("fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "fp6", "fp4", "int8", "int4")
    },
    "compute.16bit": "16-bit",
    "weight_memory": "Weights",
    "kv_bytes_per_token": "KV/tok",
    "kv_memory": "KV",
    "fits": "Fits",
    "max_batch": "MaxB",
    "min_chips": "MinChips",
    "decode_step_time": "Step",
    "tokens_per_second": "Tok/s",
    "tokens_per_second_per_sequence": "Tok/s/seq",
    "tokens_per_second_per_chip": "Tok/s/chip",
    "tokens_per_joule": "Tok/J",
    "critical_batch": "CritB",
    "ttft": "TTFT",
    **{
        f"compute_sparse.{p}": f"{p.upper()}sp"
        for p in ("fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "fp6", "fp4", "int8", "int4")
    },
}
_SHORT_ZH: dict[str, str] = {
    "memory.capacity": "显存",
    "memory.bandwidth": "显存带宽",
    "interconnect.bandwidth": "片间带宽",
    "power.tdp": "功耗",
    "bandwidth_per_watt": "带宽/瓦",
    "tflops_per_watt": "算力/瓦",
    "ridge_point": "拐点",
    "memory_per_tflops": "显存/算力",
}
# Human labels for chart axes and titles (units are added where they are drawn).
_HUMAN_EN: dict[str, str] = {
    "memory.capacity": "Memory capacity",
    "memory.bandwidth": "Memory bandwidth",
    "interconnect.bandwidth": "Chip-to-chip bandwidth",
    "power.tdp": "Board power (TDP)",
    "die_area": "Die area",
    "bandwidth_per_watt": "Memory bandwidth per watt",
    "memory_per_tflops": "Memory per TFLOPS",
    "tflops_per_watt": "Compute per watt",
    "ridge_point": "Roofline ridge point",
    "bytes_per_flop": "Bytes per FLOP",
    "interconnect_per_watt": "Chip-to-chip bandwidth per watt",
    "interconnect_per_tflops": "Chip-to-chip bandwidth per TFLOPS",
    "pcie_bandwidth": "Host PCIe bandwidth",
    "memory_per_watt": "Memory per watt",
    "tpp": "Total processing performance (TPP)",
    "performance_density": "Performance density",
    "compute": "Dense compute",
    "weight_memory": "Weight memory",
    "kv_bytes_per_token": "KV cache per token",
    "kv_memory": "KV cache memory",
    "fits": "Fits in memory",
    "max_batch": "Largest batch that fits",
    "min_chips": "Fewest chips that hold the model",
    "decode_step_time": "Decode step time (bound)",
    "tokens_per_second": "Decode throughput (bound)",
    "tokens_per_second_per_sequence": "Decode speed per sequence (bound)",
    "tokens_per_second_per_chip": "Decode throughput per chip (bound)",
    "tokens_per_joule": "Tokens per joule of TDP (bound)",
    "critical_batch": "Batch where decode turns compute-bound",
    "ttft": "Time to first token (bound)",
}
# Chinese chart labels of the LLM serving figures (tables keep their short headers).
_HUMAN_ZH: dict[str, str] = {
    "weight_memory": "权重显存",
    "kv_bytes_per_token": "每词元 KV 缓存",
    "kv_memory": "KV 缓存显存",
    "fits": "可放入显存",
    "max_batch": "可容纳的最大批大小",
    "min_chips": "容纳模型所需最少芯片数",
    "decode_step_time": "解码单步时间（上界）",
    "tokens_per_second": "解码吞吐（上界）",
    "tokens_per_second_per_sequence": "单序列解码速度（上界）",
    "tokens_per_second_per_chip": "单芯片解码吞吐（上界）",
    "tokens_per_joule": "每焦耳 TDP 词元数（上界）",
    "critical_batch": "解码转为算力受限的批大小",
    "ttft": "首词元时间（上界）",
    "compute": "稠密算力",
}
HUMAN: Mapping[str, Mapping[str, str]] = {"en": _HUMAN_EN, "zh": _HUMAN_ZH}

# Words drawn on charts (titles, axes, notes, keys), English -> Chinese; "{...}" are filled in.
_CHART_ZH: dict[str, str] = {
    "{y} against {x}": "{y}与{x}",
    "Roofline": "屋顶线模型",
    "Each metric relative to the best chip (best = 1)": "各指标相对最佳芯片（最佳 = 1）",
    "arithmetic intensity (FLOP/B)": "算术强度 (FLOP/B)",
    "attainable compute ({unit}, {precision})": "可达算力 ({unit}，{precision})",
    "Pareto front": "帕累托前沿",
    "{label}, lower is better": "{label}，越低越好",
    "not drawn, missing {fields}: ": "未绘制（缺少 {fields}）：",
    "{chip} (missing {fields})": "{chip}（缺少 {fields}）",
    ", ": "，",
    "compute at another precision: ": "算力改用其他精度：",
    "Source: chipspec catalog {date} (chipspec {version}); figures as published, with their sources": (
        "数据：chipspec 目录 {date}（chipspec {version}），数据均注明来源"
    ),
    "US 3A090 (2023): TPP against performance density": "美国 3A090（2023）：TPP 与性能密度",
    "performance density (TPP/mm², logic die area)": "性能密度 (TPP/mm²，逻辑裸片面积)",
    "total processing performance (TPP)": "总处理性能 (TPP)",
    "not 3A090.a/.b": "不属 3A090.a/.b",
    "Informational reading of public rules; not legal advice.": "仅为对公开规则的参考解读，不构成法律意见。",
    "{n} chips, dense compute at {precision}": "{n} 款芯片，稠密算力，精度 {precision}",
    "{n} chips": "{n} 款芯片",
    "marks: ": "标记：",
    "batch (sequences decoded together)": "批大小（同时解码的序列数）",
    "vendor": "厂商",
    "16-bit (BF16, else FP16)": "16 位（BF16，无则 FP16）",
    "16-bit": "16 位",
    "numbered: ": "编号：",
    "{n} more chip(s) drawn without a name: too crowded to name here; chart fewer chips": (
        "另有 {n} 款芯片已绘制但未标注：过于密集，无法标注；请减少芯片数量"
    ),
    "{n} more chips not drawn (ranked {first} to {last}, {low} to {high} {unit}); ": (
        "另有 {n} 款芯片未绘制（第 {first} 至 {last} 名，{low} 至 {high} {unit}）；"
    ),
    "the table lists them all": "表格列出全部芯片",
    "{model}, context {context} tokens, {weights} weights, {kv} KV, {n} chip(s) per group; "
    "solid while the batch fits in memory": (
        "{model}，上下文 {context} 词元，权重 {weights}，KV 缓存 {kv}，每组 {n} 颗芯片；实线：该批大小可放入显存"
    ),
    "roofline bounds: ": "屋顶线上界：",
    "full compute and bandwidth": "算力与带宽全部可用",
    "dense compute figures": "稠密算力数据",
    "dotted: the batch does not fit": "点线：该批大小放不下",
}
SHORT: Mapping[str, Mapping[str, str]] = {"en": _SHORT_EN, "zh": {**_SHORT_EN, **_SHORT_ZH}}
LANGUAGES: Mapping[str, Mapping[str, str]] = {"en": {}, "zh": _ZH}
_CJK = re.compile(r"[\u3400-\u9fff]")


def check_language(lang: str) -> None:
    """Raise UnknownNameError for a language chipspec has no labels for."""
    if lang not in LANGUAGES:
        raise UnknownNameError("language", lang, suggest(lang, LANGUAGES))


def label(name: str, lang: str = "en") -> str:
    """The label of a field, metric or table word in ``lang``."""
    check_language(lang)
    return LANGUAGES[lang].get(name, name)


def short_label(name: str, lang: str = "en") -> str:
    """A column's short label for the terminal table (the name itself when it is short)."""
    check_language(lang)
    return SHORT[lang].get(name, name)


def human_label(name: str, lang: str = "en") -> str:
    """A column's label in words, for chart axes and titles ("Memory bandwidth per watt")."""
    check_language(lang)
    if lang == "zh":
        return _HUMAN_ZH.get(name) or LANGUAGES["zh"].get(name, name)
    if name in _HUMAN_EN:
        return _HUMAN_EN[name]
    if name.startswith(("compute.", "compute_sparse.")):
        section, _, p = name.partition(".")
        return f"Dense {p.upper()} compute" if section == "compute" else f"Sparse {p.upper()} compute"
    return name


def phrase(text: str, lang: str = "en") -> str:
    """A table word or phrase (``"not computable"``) in ``lang``."""
    check_language(lang)
    return LANGUAGES[lang].get(text, text) if lang != "en" else text


def chart_phrase(text: str, lang: str = "en") -> str:
    """A phrase drawn on a chart in ``lang`` (the English text is the key)."""
    check_language(lang)
    if lang == "zh" and text in _CHART_ZH:
        return _CHART_ZH[text]
    return phrase(text, lang)


def _vendor(name: str, vendors: Mapping[str, Vendor] | None) -> Vendor:
    if vendors is None:
        from .load import bundled_vendors

        vendors = bundled_vendors()
    return vendors.get(name) or Vendor(name)


def vendor_label(name: str, lang: str = "en", vendors: Mapping[str, Vendor] | None = None) -> str:
    """A vendor's name in ``lang`` (its Chinese name from the vendor table for ``zh``)."""
    check_language(lang)
    return _vendor(name, vendors).label(lang)


def chip_label(chip: Any, lang: str = "en", vendors: Mapping[str, Vendor] | None = None) -> str:
    """How a chip is named in a table header or chart label.

    English: "NVIDIA H20". Chinese: the chip's first Chinese alias (昇腾 910B) if it has
    one, else the vendor's Chinese name and the product name (英伟达 H20).
    """
    check_language(lang)
    if lang == "zh":
        for alias in chip.aliases:
            if _CJK.search(alias):
                return str(alias)
        return f"{vendor_label(chip.vendor, lang, vendors)} {chip.name}"
    name = str(chip.name)
    return name if name.lower().startswith(chip.vendor.lower()) else f"{chip.vendor} {name}"
