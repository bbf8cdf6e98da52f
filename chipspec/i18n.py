"""Labels per language for fields, metrics, vendors and report phrases.

One table per language; English is the default and the fallback for any missing label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .errors import UnknownNameError
from .spec import suggest

__all__ = ["LANGUAGES", "chip_label", "label", "phrase"]

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
    "form_factor": "形态",
    "process": "制程",
    "die_area": "芯片面积",
    "dies": "裸片数",
    "memory.bandwidth": "显存带宽",
    "interconnect.name": "片间互联",
    "compute": "算力",
    "compute.fp64": "FP64 算力",
    "compute.fp32": "FP32 算力",
    "compute.tf32": "TF32 算力",
    "compute.bf16": "BF16 算力",
    "compute.fp16": "FP16 算力",
    "compute.fp8": "FP8 算力",
    "compute.fp6": "FP6 算力",
    "compute.fp4": "FP4 算力",
    "compute.int8": "INT8 算力",
    "compute.int4": "INT4 算力",
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

_ZH_VENDORS: dict[str, str] = {
    "NVIDIA": "英伟达",
    "AMD": "AMD",
    "Intel": "英特尔",
    "Google": "谷歌",
    "AWS": "亚马逊 AWS",
    "Huawei": "华为",
    "T-Head": "平头哥",
    "Biren Technology": "壁仞",
    "Cambricon": "寒武纪",
    "Hygon": "海光",
    "MetaX": "沐曦",
    "Moore Threads": "摩尔线程",
    "Kunlunxin": "昆仑芯",
    "Iluvatar CoreX": "天数智芯",
    "Enflame": "燧原",
}

LANGUAGES: Mapping[str, Mapping[str, str]] = {"en": {}, "zh": _ZH}
VENDORS: Mapping[str, Mapping[str, str]] = {"en": {}, "zh": _ZH_VENDORS}
_CJK = re.compile(r"[\u3400-\u9fff]")


def check_language(lang: str) -> None:
    """Raise UnknownNameError for a language chipspec has no labels for."""
    if lang not in LANGUAGES:
        raise UnknownNameError("language", lang, suggest(lang, LANGUAGES))


def label(name: str, lang: str = "en") -> str:
    """The label of a field, metric or table word in ``lang``.

    English labels are the names themselves (``memory.bandwidth``, ``bandwidth_per_watt``):
    one name for one thing in Python, the CLI, JSON and tables.
    """
    check_language(lang)
    return LANGUAGES[lang].get(name, name)


def phrase(text: str, lang: str = "en") -> str:
    """A table word or phrase (``"not computable"``) in ``lang``."""
    check_language(lang)
    return LANGUAGES[lang].get(text, text) if lang != "en" else text


def chip_label(chip: Any, lang: str = "en") -> str:
    """How a chip is named in a table header or chart label.

    English: "NVIDIA H20". Chinese: the chip's first Chinese alias (昇腾 910B) if it has
    one, else the vendor's Chinese name and the product name (英伟达 H20).
    """
    check_language(lang)
    if lang == "zh":
        for alias in chip.aliases:
            if _CJK.search(alias):
                return str(alias)
        return f"{_ZH_VENDORS.get(chip.vendor, chip.vendor)} {chip.name}"
    name = str(chip.name)
    return name if name.lower().startswith(chip.vendor.lower()) else f"{chip.vendor} {name}"
