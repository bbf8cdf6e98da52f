"""Labels per language for fields, metrics, vendors and report phrases.

One table per language; English is the default and the fallback for any missing label.
English labels of fields and metrics are their names (one name for one thing in Python,
the CLI, JSON and tables); vendors' Chinese names come from the vendor table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import UnknownNameError
from .spec import suggest
from .vendors import Vendor

__all__ = [
    "FLAG_WORDS",
    "HINTS",
    "HUMAN",
    "LANGUAGES",
    "MARK_WORDS",
    "SHORT",
    "SURFACES",
    "Hint",
    "chart_phrase",
    "check_language",
    "chip_label",
    "flag_words",
    "hint",
    "human_label",
    "is_reason",
    "label",
    "mark_words",
    "model_note",
    "phrase",
    "short_label",
    "vendor_label",
]

_ZH: dict[str, str] = {
    "the alternative {what} agrees": "另一发布值 {what} 与之一致",
    "it matches the chip's sparse {what} figure x {count}": "与芯片的稀疏 {what} 值 × {count} 一致",
    "it matches the chip's dense {what} figure x {count}": "与芯片的稠密 {what} 值 × {count} 一致",
    "Systems": "系统",
    "Published totals against chip x count": "发布总量与芯片值 × 数量对照",
    "Compute and memory per scale-up domain": "每个超节点的算力与显存",
    "Dense BF16 compute per kW of published system power": "每千瓦系统功耗的稠密 BF16 算力",
    "Scale-up bandwidth per chip against domain size": "单芯片扩展带宽与超节点规模",
    "not drawn (lacking): ": "未绘制（缺少数据）：",
    "x: relative to": "x：相对于",
    "front": "前沿",
    "dominated": "被支配",
    # systems (chipspec systems, show SYSTEM)
    "chips": "芯片数",
    "domain.size": "超节点规模（芯片数）",
    "domain.fabric": "超节点互联",
    "domain.kind": "互联类型",
    "domain.bandwidth": "单芯片扩展带宽",
    "domain.topology": "拓扑",
    "scale_out.bandwidth": "单芯片横向扩展带宽",
    "memory.fast": "快速内存总量",
    "power.total": "系统功耗",
    "power.cooling": "散热方式",
    "racks": "机柜数",
    "optical_modules": "光模块数",
    "price": "价格",
    "scale_up": "单芯片扩展带宽",
    "total.bf16": "BF16 总算力",
    "total.fp8": "FP8 总算力",
    "total.hbm": "HBM 总容量",
    "tflops_per_kw": "每千瓦 BF16 算力",
    "scale_up_per_tflops": "每 TFLOPS 扩展带宽",
    "memory_per_domain": "超节点显存",
    "fabric.switched": "交换式",
    "fabric.mesh": "全互联",
    "fabric.torus": "环面",
    "fabric.ring": "环形",
    "field": "字段",
    "chip x count": "芯片值 × 数量",
    "agrees": "一致",
    "disagrees": "不一致",
    (
        "! a published total that disagrees beyond rounding with its chip sheet's figure x the count "
        "(chipspec validate --strict says by how much)"
    ): "! 发布的总量与芯片值 × 数量不符（超出舍入误差；chipspec validate --strict 给出差值）",
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
    # the LLM lens's figures
    "weight_memory": "权重显存",
    "kv_bytes_per_token": "每 token KV 缓存",
    "kv_memory": "KV 缓存显存",
    "fits": "可容纳",
    "max_batch": "最大批量",
    "min_chips": "最少芯片数",
    "decode_step_time": "解码步时间（界）",
    "tokens_per_second": "解码吞吐（上界）",
    "tokens_per_second_per_sequence": "单序列解码速度（上界）",
    "tokens_per_second_per_chip": "单芯片解码吞吐（上界）",
    "calibrated_tokens_per_second_per_chip": "单芯片解码吞吐（按实测效率校准的估计）",
    "tokens_per_joule": "每焦耳 token 数（上界）",
    "critical_batch": "转为算力受限的批量",
    "ttft": "首 token 时间（界）",
    "batch_prefill": "整批预填充时间（界）",
    "communication_time": "通信时间（模型）",
    # the export lens's figures
    "io_bandwidth": "芯片 I/O 带宽",
    "link_bandwidth": "片间链路带宽",
    "dram_bandwidth": "显存 (DRAM) 带宽",
    # table words
    "chip": "芯片",
    "parameter": "参数",
    "rank": "排名",
    "score": "得分",
    "pareto": "帕累托",
    "dominated by": "被支配于",
    "not computable": "无法计算",
    "unknown": "未知",
    "missing": "缺少",
    "notes": "注",
    "other figures": "其他数据",
    "source": "来源",
    "read via a copy": "经副本读取",
    "physical size": "物理容量",
    "from an alternative source": "取自备选来源",
    "fell back to": "改用",
    "value": "数值",
    "not in": "不见于",
    "data": "数据",
    "16-bit = BF16 where published, else FP16": "16 位 = 有 BF16 时取 BF16，否则 FP16",
    "16-bit = BF16 where published, else FP16 (FP16 for: {chips})": (
        "16 位 = 有 BF16 时取 BF16，否则 FP16（取 FP16 的：{chips}）"
    ),
    "not computable for {n} chip(s) lacking {field}: {chips}": "{n} 款芯片缺少 {field}，无法计算：{chips}",
    " and {n} more": " 等另 {n} 款",
    "{n} more column(s) not shown ({columns}): {hint}": "另有 {n} 列未显示（{columns}）：{hint}",
    "part {i} of {n} (the first column repeats)": "第 {i} 部分，共 {n} 部分（首列重复）",
    "none (a property)": "无（属性）",
    "GB, GiB marked": "GB，GiB 另注",
    "({columns} rest on it)": "（{columns} 依据此值）",
    "(baseline)": "（基准）",
    "{same} field(s) the same; {differ} differ": "{same} 个字段相同；{differ} 个不同",
    "export": "出口管制",
    "(derived)": "（派生）",
    "(measured)": "（实测）",
    "a measurement ({0})": "实测数据（{0}）",
    " or ": " 或 ",
    "({0} has no finite value)": "（{0} 没有有限值）",
    "(the sheet's sources)": "（整张规格表的来源）",
    "aliases": "别名",
    "extends": "继承自",
    "yes": "是",
    # the built-in metrics' descriptions (chipspec metrics --lang zh)
    "Memory bandwidth per watt of board power.": "每瓦板卡功耗的显存带宽。",
    "Memory capacity per TFLOPS of dense compute at the chosen precision (a property: the balance of "
    "memory to compute, not a merit).": "所选精度下每 TFLOPS 稠密算力的显存容量（属性：显存与算力的配比，不是优劣）。",
    "Dense compute at the chosen precision per watt.": "所选精度下每瓦的稠密算力。",
    "Roofline knee: arithmetic intensity (FLOP per byte) above which a kernel is compute-bound (a property: "
    "a slow chip has a low knee, so lower is not better).": (
        "屋顶线拐点：算术强度（每字节 FLOP）高于此值时内核受算力限制（属性：慢的芯片拐点低，所以并非越低越好）。"
    ),
    "Memory bandwidth per unit of dense compute (the inverse of the ridge point; a property).": (
        "每单位稠密算力的显存带宽（屋顶线拐点的倒数；属性）。"
    ),
    "Chip-to-chip bandwidth (both directions) per watt.": "每瓦的片间带宽（双向合计）。",
    "Chip-to-chip bandwidth (both directions) per TFLOPS of dense compute (a property: the balance of links "
    "to compute).": "每 TFLOPS 稠密算力的片间带宽（双向合计；属性：互联与算力的配比）。",
    "Host PCIe bandwidth, one direction: lanes x per-lane rate after encoding (gen1 0.25, gen2 0.5, gen3 "
    "0.985, gen4 1.969, gen5 3.938, gen6 7.563, gen7 15.125 GB/s).": (
        "主机 PCIe 单向带宽：通道数 × 编码后的单通道速率（gen1 0.25、gen2 0.5、gen3 0.985、gen4 1.969、"
        "gen5 3.938、gen6 7.563、gen7 15.125 GB/s）。"
    ),
    "Memory capacity per watt of board power.": "每瓦板卡功耗的显存容量。",
    "Total processing performance (US ECCN 3A090): the highest dense TOPS x bit length over the precisions "
    "the chip has (fp64 64, fp32 32, tf32 32, bf16/fp16 16, fp8/int8 8, fp6 6, fp4/int4 4). Dense figures "
    "only; compute_sparse is never used.": (
        "总处理性能（美国 ECCN 3A090）：芯片各精度下稠密 TOPS × 位长的最大值（fp64 64、fp32 32、tf32 32、"
        "bf16/fp16 16、fp8/int8 8、fp6 6、fp4/int4 4）。只用稠密数据，从不使用 compute_sparse。"
    ),
    "TPP per mm^2 of applicable (logic) die area (US ECCN 3A090; a property: a regulatory measure of how "
    "densely compute is packed, not a merit).": (
        "每 mm^2 适用（逻辑）芯片面积的 TPP（美国 ECCN 3A090；属性：衡量算力密度的监管指标，不是优劣）。"
    ),
    # the LLM lens's assumptions (Serving.assumptions) and its table's scenario
    "{precision} where published, else 16-bit": "有 {precision} 时取 {precision}，否则 16 位",
    "bounds: every time is a lower bound, every throughput an upper bound": "界：所有时间均为下界，所有吞吐均为上界",
    " (at mfu {mfu}, mbu {mbu})": "（算力利用率 {mfu}，带宽利用率 {mbu}）",
    " (full compute and bandwidth; a step takes the slower of its bytes and its FLOPs)": (
        "（算力与带宽全部可用；每步取访存与计算中较慢者）"
    ),
    "weights {weights}; KV cache {kv}; compute {compute}; dense figures only": (
        "权重 {weights}；KV 缓存 {kv}；计算精度：{compute}；仅用稠密算力"
    ),
    "context: sequences in flight hold {mean} tokens on average (prompt {prompt} + half of {generate} generated: "
    "continuous batching, paged KV)": (
        "上下文：在途序列平均 {mean} 词元（提示 {prompt} + 生成 {generate} 的一半：连续批处理，分页 KV）"
    ),
    "context: every sequence holds {context} tokens at the step": "上下文：解码时每条序列 {context} 词元",
    "TTFT is one request's prompt ({prompt} tokens) alone; batch_prefill is the batch's prompts together": (
        "首词元时间为单个请求的提示（{prompt} 词元）单独预填充；整批预填充为整批提示一起"
    ),
    "{reserve} of memory reserved for the runtime": "为运行时预留 {reserve} 显存",
    " (an upper bound; vLLM keeps 10%)": "（上界；vLLM 预留 10%）",
    "memory: the sheet's physical capacity where recorded, else the marketed GB at 10^9 bytes (an 80 GB H100 has "
    "80 GiB: then understated by 7%)": (
        "显存：规格表记有物理容量时取物理容量，否则按标称 GB（10^9 字节）计（80 GB 的 H100 实为 80 GiB：此时少算 7%）"
    ),
    "{n} chips per group, tensor-parallel: heads and weights split {n} ways": (
        "每组 {n} 颗芯片，张量并行：注意力头与权重分成 {n} 份"
    ),
    "{n} chips per group, attention data-parallel: each sequence's KV on one chip, the attention weights on every "
    "chip, the rest split": (
        "每组 {n} 颗芯片，注意力数据并行：每条序列的 KV 在一颗芯片上，注意力权重每颗芯片各存一份，其余切分"
    ),
    "communication (a model): ": "通信（模型估算）：",
    "two all-reduces of the activations per layer, by the cheapest standard algorithm of the fabric (switched: "
    "one- or two-shot; mesh: two steps; torus: per dimension; ring: 2(N-1) steps)": (
        "每层激活值两次全归约，按该互联最省时的标准算法"
        "（交换式：一步或两步；全互联：两步；环面：逐维；环形：2(N-1) 步）"
    ),
    "an expert dispatch and combine per MoE layer": "每个 MoE 层一次专家分发与汇合",
    ", one direction of the link (half the stored figure), {latency} µs per synchronization": (
        "，按链路单向带宽（所记数值的一半），每次同步 {latency} µs"
    ),
    "; overlapped with compute": "；与计算重叠",
    "; added to compute": "；与计算相加",
    "; fabric {fabric}": "；互联 {fabric}",
    "; fabric from the chip's link name": "；互联类型取自芯片的互联名称",
    "left out": "不计",
    "the group is one scale-up domain at the chip's link bandwidth": "整组为一个超节点，按芯片的片间带宽计",
    " (chipspec does not know the domain's size: check it)": "（chipspec 不知道超节点的规模：请核实）",
    "MoE: {active} of {experts} experts per token in {moe_layers} of {layers} layers; all experts held in memory; "
    "a step reads the experts its tokens are expected to touch (uniform routing)": (
        "MoE：{layers} 层中有 {moe_layers} 层，每词元激活 {experts} 个专家中的 {active} 个；全部专家常驻显存；"
        "每步读取其词元预计用到的专家（均匀路由）"
    ),
    "full": "全注意力",
    "sliding window {n}": "滑动窗口 {n}",
    "chunked {n} (a token reads half a chunk on average)": "分块 {n}（每词元平均读半块）",
    "linear attention (a fixed state)": "线性注意力（固定状态）",
    "sparse top-{n} with an indexer over every token": "稀疏注意力（取前 {n} 个词元），索引器遍历全部词元",
    # a model's parts (--part PART=FORMAT), where the weights format differs by part
    "part.embeddings": "嵌入层",
    "part.head": "输出头",
    "part.attention": "注意力",
    "part.experts": "专家",
    "part.mlp": "MLP",
    "part.other": "其他",
    "attention per layer: ": "各层注意力：",
    "MLA: the latent KV cache is replicated on every chip of the group": "MLA：潜在 KV 缓存在组内每颗芯片上各存一份",
    "KV heads ({n}) replicated: the group is larger than the heads": "KV 头（{n} 个）复制：组内芯片数多于 KV 头数",
    "the {n} multi-token-prediction layer(s) are not served (no speculative decoding)": (
        "{n} 个多词元预测层不参与推理（无投机解码）"
    ),
    "beyond the model: context {context} tokens is more than {model}'s {max} (max_position_embeddings); the "
    "figures are arithmetic, not a model that works": (
        "超出模型范围：上下文 {context} 词元超过 {model} 的 {max}（max_position_embeddings）；数值仅为算术结果，"
        "模型并不能这样运行"
    ),
    "batch {batch}, context {context} tokens (prompt {prompt}); ": (
        "批量 {batch}，上下文 {context} 词元（提示 {prompt}）；"
    ),
    "{key} not given: Hugging Face's {model_type} class default {value} applied": (
        "未给出 {key}：采用 Hugging Face {model_type} 类的默认值 {value}"
    ),
    "the vision tower (vision_config) and its projector are left out: text generation only": (
        "视觉塔（vision_config）及其投影层不计：仅文本生成"
    ),
    "; ": "；",
    "{model}, batch {batch}, context {context} tokens, {weights} weights, {n} chip(s) per group; roofline bounds": (
        "{model}，批量 {batch}，上下文 {context} 词元，权重 {weights}，每组 {n} 颗芯片；屋顶线上界"
    ),
    "not computable for {n} chip(s) {reason}: {chips}": "{n} 款芯片{reason}，无法计算：{chips}",
    # chipspec llm --system (SystemServing.lines)
    "{bandwidth} per chip from {system}": "单芯片 {bandwidth}，取自 {system}",
    "the chip sheet's link figure": "芯片规格表的片间带宽",
    "{system}: an expert-parallel (attention data-parallel) group of {n} chips inside one scale-up domain of "
    "{size} ({fabric} fabric, {where}); {groups} group(s) per domain": (
        "{system}：{n} 颗芯片的专家并行（注意力数据并行）组，位于 {size} 颗芯片的超节点内（{fabric}互联，{where}）；"
        "每个超节点 {groups} 组"
    ),
    "{system}: a tensor-parallel group of {n} chips inside one scale-up domain of {size} ({fabric} fabric, "
    "{where}); {groups} group(s) per domain": (
        "{system}：{n} 颗芯片的张量并行组，位于 {size} 颗芯片的超节点内（{fabric}互联，{where}）；"
        "每个超节点 {groups} 组"
    ),
    "one domain's HBM holds the weights of at most {largest} B parameters at {weights} (weights only: no KV "
    "cache, no reserve)": ("一个超节点的 HBM 最多容纳 {largest} B 参数的 {weights} 权重（仅权重：不含 KV 缓存与预留）"),
    "batch {batch}: {rate} tokens/s per kW of {system}'s published power": (
        "批量 {batch}：按 {system} 公布的功耗，每千瓦 {rate} tokens/s"
    ),
    "tokens/s per kW: {system} publishes no system power": "每千瓦 tokens/s：{system} 未公布系统功耗",
    "sources:": "来源：",
    # chipspec checks (the data checks of validate --strict)
    "check": "检查项",
    "what it warns about": "警示内容",
    "acknowledged because": "确认理由",
    "A value (other than name, vendor, category, architecture, form factor) names no source.": (
        "某个值（名称、厂商、类别、架构、形态除外）未注明来源。"
    ),
    "A source has no url.": "某个来源没有网址。",
    "A source url goes through a proxy, cache or raw IP address, carries tracking parameters, or is a "
    "document-sharing mirror, report-sharing copy, article mirror, forum thread, tag or listing page, machine "
    "rendering (AMP, MIP), ?p= shortlink or blogspot copy.": (
        "来源网址经由代理、缓存或裸 IP 地址，带有跟踪参数，或是文档分享镜像、研报分享副本、文章镜像、论坛帖子、"
        "标签或列表页、机器渲染页（AMP、MIP）、?p= 短链接或 blogspot 副本。"
    ),
    "A value marked official cites no document on the vendor's own web domains (vendors.yaml): a vendor figure "
    "read through a copy cites the vendor's url with the copy as via.": (
        "标为官方（official）的值未引用厂商自有域名（vendors.yaml）上的文档：经副本读取的厂商数据应引用厂商网址，"
        "并以 via 记录副本。"
    ),
    "A value marked reported whose every source is on the vendor's own web domains (a vendor figure is official, "
    "whether read on the page or through a copy recorded with via).": (
        "标为转述（reported）的值，其来源全部在厂商自有域名上"
        "（厂商数据属于官方，无论直接读取还是经 via 记录的副本读取）。"
    ),
    "A chip's vendor has no entry in the vendor table.": "芯片的厂商不在厂商表中。",
    "A dense figure is not below the sparse figure of the same precision.": "稠密算力不低于同精度的稀疏算力。",
    "A precision has a sparse figure but no dense one (metrics and the export class ignore it).": (
        "某精度只有稀疏算力而没有稠密算力（派生指标与出口分类不使用它）。"
    ),
    "A narrower format is no faster than a wider one (dense fp8 <= dense bf16 ...).": (
        "更窄的格式不比更宽的格式快（稠密 fp8 <= 稠密 bf16 ……）。"
    ),
    "The export-control TPP comes from fp64 or fp32 although the chip has tensor-precision figures.": (
        "芯片有张量精度数据，但出口管制 TPP 取自 fp64 或 fp32。"
    ),
    "Memory bandwidth beyond what the memory type can deliver at that capacity.": (
        "显存带宽超出该显存类型在此容量下所能提供的上限。"
    ),
    "A measured matmul or memory bandwidth exceeds the chip's peak figure for it (measurement files).": (
        "实测的矩阵乘或显存带宽超过芯片对应的峰值（实测数据文件）。"
    ),
    "A published serving measurement beats the LLM lens's throughput bound for its run (measurement files).": (
        "公开的推理实测超过 LLM 透镜对该次运行给出的吞吐上界（实测数据文件）。"
    ),
    "TFLOPS per watt or GB/s per watt outside plausible bands (a unit slip).": (
        "每瓦 TFLOPS 或每瓦 GB/s 超出合理范围（单位笔误）。"
    ),
    "A value that a one-character unit slip explains (TB for GB, Gb for GB, cm² for mm², kW for W): against its "
    "peers and the chip's own other figures, with the value it was likely meant to be.": (
        "某个值可由单位的一个字符之差解释（GB 写成 TB、GB 写成 Gb、mm² 写成 cm²、W 写成 kW）：与同类芯片及本芯片"
        "其他数据对照，并给出它可能本应是的值。"
    ),
    "An alias also names another chip.": "某个别名同时指向另一款芯片。",
    "A system's published total (compute, HBM, bandwidth) disagrees beyond rounding with its chip sheet's figure "
    "times the chip count.": "系统公布的总量（算力、HBM、带宽）与芯片规格表数值 × 芯片数不符（超出舍入误差）。",
    "A bundled sheet lacks status or released (a user's own sheets may omit them).": (
        "内置规格表缺少 status 或 released（用户自己的规格表可以省略）。"
    ),
    "(no url)": "（无网址）",
    # chipspec llm --list
    "model": "模型",
    "attention": "注意力",
    "layers": "层数",
    "parameters": "参数量",
    "params": "参数",
    "active parameters": "激活参数量",
    "active": "激活",
    "KV cache per token at 16-bit": "16 位下每词元 KV 缓存",
    "KV/tok": "KV/词元",
    "maximum context": "最大上下文",
    "ctx": "上下文",
    "parameters and KV are computed from each model's structure (embeddings included, MTP layers not)": (
        "参数量与 KV 由各模型结构算出（含嵌入层，不含 MTP 层）"
    ),
    "{a} vs {b}": "{a} 对比 {b}",
    "id": "ID",
    "batch": "批量",
    "context": "上下文",
    "Batch": "批量",
    "Ctx": "上下文",
    "(does not fit: a group of {n} chips would, or a smaller weights or KV format)": (
        "（放不下：{n} 片一组可以，或换更小的权重或 KV 格式）"
    ),
    "(does not fit in any usable group: a smaller weights or KV format, or a shorter context)": (
        "（任何可用分组都放不下：换更小的权重或 KV 格式，或缩短上下文）"
    ),
    "TPP precision": "TPP 精度",
    "from": "精度",
    "disputed": "来源不一致",
    "unstated": "口径未说明",
    "estimated": "估计值",
    "fallback": "改用其他精度",
    "{name}, {figure}: rests on values flagged as {kinds} (see chipspec show {id} --sources)": (
        "{name}，{figure}：所依据的数值标记为{kinds}（见 chipspec show {id} --sources）"
    ),
    "metric": "指标",
    "formula": "公式",
    "unit": "单位",
    "better": "更优方向",
    "description": "说明",
    "higher": "越高越好",
    "lower": "越低越好",
    "no": "否",
    "shipping": "在售",
    "announced": "已发布",
    "discontinued": "已停产",
    # the HTML report's words
    "Comparison": "对比",
    "Charts": "图表",
    "Export control": "出口管制",
    "Serving": "推理服务估算",
    "all": "全部",
    "Vendor": "厂商",
    "Country": "国家/地区",
    "Category": "类别",
    "chips shown": "款芯片显示中",
    "Data": "数据",
    "Made with": "生成命令",
    "Sources": "来源",
    "confidence": "可信度",
    "note": "备注",
    "also published": "其他公布数值",
    "computed from": "计算自",
    "Back to the catalog": "返回目录",
    "Fields": "字段",
    "Derived metrics": "派生指标",
    "Appears in": "出现在图表",
    "Key figures": "关键数字",
    "Serving an LLM": "大模型推理",
    "chipspec catalog": "chipspec 芯片目录",
    "Data: chipspec catalog {date} (chipspec {version}); every figure as published, with its source.": (
        "数据：chipspec 目录 {date}（chipspec {version}），每个数字均按发布值给出并注明来源。"
    ),
    # the report's chart captions (REPORT_CHARTS: one per chart kind)
    "bar": "柱状图",
    "scatter": "散点图",
    "roofline": "屋顶线模型",
    "export-map": "出口管制分布图",
    "matmul": "矩阵乘",
    "memory bandwidth": "显存带宽",
    "measured / peak: {used}": "实测/峰值：{used}",
    "does not fit": "放不下",
    "a group of {n} chips would hold it": "{n} 颗芯片一组可以容纳",
    "no usable group would": "任何可用分组都放不下",
    "no measurement (the peak)": "无实测（按峰值）",
    "{model}, batch {batch}, context {context} tokens, BF16 weights and KV cache, one chip; a bound takes full "
    "compute and bandwidth, so no run beats it; the calibrated estimate scales them by measurements.": (
        "{model}，批量 {batch}，上下文 {context} 词元，BF16 权重与 KV 缓存，单芯片；上界按算力与带宽全部可用计算，"
        "实际运行不会超过它；校准估计按实测效率折算。"
    ),
    "Every figure and what it assumes: {command}": "全部数字及其假设：{command}",
    "What they mean": "派生指标及其含义",
    "All fields": "全部字段",
    "Click a value for its sources.": "点击数值查看来源。",
    "Not computable here": "此处无法计算",
    "Export control (rules in force on {day})": "出口管制（{day} 生效的规则）",
    "Scroll sideways for the whole chart.": "左右滑动查看完整图表。",
    "16bit": "16 位",
    # progress of long work (chipspec.progress)
    "loading sheets": "读取数据表",
    "drawing charts": "绘制图表",
    "building pages": "生成页面",
    "writing pages": "写入页面",
    ", about {left} s left": "，约剩 {left} 秒",
    "Sort by": "排序：",
    "Contents": "目录",
    "the sheet's sources": "整份数据表的来源",
    # export-control lens: classes, kinds of requirement, conditions and history
    "undetermined": "无法判定",
    "not applicable": "不适用",
    "not controlled": "不受管制",
    "not 3A090.a/.b": "不属于 3A090.a/.b",
    "not in force": "尚未生效",
    "license required": "需要许可证",
    "below the H20's bandwidths": "低于 H20 的带宽",
    "case-by-case": "逐案审查",
    "presumption of denial": "推定拒绝",
    "{other} with {reading}": "{reading}时为{other}",
    "{tpp} with {reading}": "{reading}时为 {tpp}",
    "default": "默认口径",
    "TF32 as 32 bits": "TF32 按 32 位",
    "TF32 as 19 bits": "TF32 按 19 位",
    "FP6 as 6 bits": "FP6 按 6 位",
    "FP6 as 6.25 bits": "FP6 按 6.25 位",
    "TF32 as 19 bits, FP6 as 6.25 bits": "TF32 按 19 位、FP6 按 6.25 位",
    "the class depends on the counting convention ({names})": "类别取决于计数口径（{names}）",
    "margins (nearest threshold that would change the class):": "余量（最近的、会改变类别的阈值）：",
    "counting conventions (the other reading of the rule's bit length):": "计数口径（规则中“位长”的另一种读法）：",
    "why (not from the thresholds):": "原因（非由阈值决定）：",
    "rules:": "规则：",
    "to": "至",
    "for": "适用于",
    "in force from": "生效日",
    "destinations": "目的地",
    "not decided by the sheets": "规格表无法判定",
    "no US export rule was in force on {day} (the first took effect on {first})": (
        "{day} 时尚无美国出口规则生效（最早一条于 {first} 生效）"
    ),
    "named in the requirement": "该要求点名的产品",
    "{figure} {value}: {percent}% {side} the {line} line at {threshold}": (
        "{figure} {value}：{side}{line}线（{threshold}）{percent}%"
    ),
    "below": "低于",
    "above": "高于",
    "(where density reaches {0})": "（密度达到 {0} 处）",
    "(across it an unknown figure decides)": "（越过后由未知数据决定）",
    "chip I/O": "芯片 I/O",
    "link": "片间带宽",
    "DRAM bandwidth": "显存带宽",
    "in force for this part from {0} ({1})": "对该产品自 {0} 起生效（{1}）",
    "in force for this part from {0}": "对该产品自 {0} 起生效",
    "released {0}, after {1}: not on sale when the rule was published": "发布于 {0}，晚于 {1}：规则公布时尚未上市",
    "Informational reading of public US export rules from spec-sheet figures; not legal advice.": (
        "依据规格表数据对美国公开出口规则的参考性解读，不构成法律意见。"
    ),
    "regulation: an entry on the Commerce Control List (ECCN)": "法规：商业管制清单（CCL）条目（ECCN）",
    "regulation: the license review policy for items that already need a license": (
        "法规：对已需许可证物项的许可审查政策"
    ),
    "is-informed notice: a license requirement the US government told named companies of "
    "(no change to the Commerce Control List, no Federal Register text)": (
        "“告知”通知（is-informed）：美国政府直接告知特定公司的许可证要求（未修改商业管制清单，无联邦公报文本）"
    ),
    "China (including Hong Kong) and Macau": "中国（含香港）及澳门",
    "Country Groups D:1, D:4 and D:5 (not also A:5 or A:6), Macau, and entities headquartered there": (
        "D:1、D:4、D:5 国家组（同属 A:5 或 A:6 者除外）、澳门，以及总部位于上述地区的实体"
    ),
    "China (including Hong Kong and Macau) and D:5 countries, and companies headquartered or with an ultimate "
    "parent there": "中国（含香港、澳门）及 D:5 国家，以及总部或最终母公司位于上述地区的公司",
    "China and Macau, exports from the United States": "中国及澳门（自美国出口）",
    "Note 2 to 3A090: items not designed or marketed for datacenters with TPP below 4800 are not covered; "
    "the sheets do not say how a chip is marketed": (
        "3A090 注 2：非为数据中心设计或营销且 TPP 低于 4800 的物项不在此列；规格表不载明芯片的营销定位"
    ),
    "'or combination thereof' is not defined publicly: a chip below both H20 figures may still be covered": (
        "“或二者组合”未公开定义：两项均低于 H20 的芯片仍可能被涵盖"
    ),
    "the notice went to named companies (NVIDIA, AMD); whether it binds other vendors' chips is not public": (
        "该通知发给特定公司（英伟达、AMD）；是否约束其他厂商的芯片未公开"
    ),
    "commercial availability in the United States on 2026-01-15 (a chip released later cannot meet it; "
    "the sheets cannot show US availability of one released earlier)": (
        "2026-01-15 时在美国有商业供应（此后发布的芯片不可能满足；此前发布者在美国是否有售，规格表无法显示）"
    ),
    "the exporter's certifications: sufficient US supply, no diversion of foundry capacity, the recipient's "
    "security procedures, independent third-party testing in the United States": (
        "出口商的证明：美国供应充足、不挤占代工产能、收货方的安全程序、在美国接受独立第三方测试"
    ),
    "China-bound shipments of the product no more than 50% of those to US customers (reported)": (
        "该产品对华出货量不超过对美国客户出货量的 50%（据报道）"
    ),
    "reexports, exports from abroad and transfers within China or Macau stay under presumption of denial": (
        "再出口、境外出口及中国或澳门境内转移仍适用推定拒绝"
    ),
    "the US government said the requirement is 'in effect for the indefinite future'": "美国政府称该要求“无限期有效”",
    "licenses reported granted for H20 (and AMD MI308) sales to some China-based customers, with 15% of the "
    "revenue to the US government; NVIDIA, at its next earnings call: 'the USG has not published a regulation "
    "codifying such "
    "a requirement'": (
        "据报道已为向部分中国客户销售 H20（及 AMD MI308）发放许可证，收入的 15% 归美国政府；"
        "英伟达在随后的财报电话会上称美国政府尚未发布将此要求成文的法规"
    ),
    "91 FR 1684 moves 'less advanced chips' than the H200 to case-by-case review only if 'commercially available "
    "in the United States' at publication; chipspec found no source saying how this applies to H20 licenses": (
        "91 FR 1684 仅在公布时“在美国有商业供应”的前提下，将比 H200“较不先进的芯片”改为逐案审查；"
        "chipspec 未找到说明其如何适用于 H20 许可证的来源"
    ),
    "TF32 is 'not a distinct storage format': the operation's inputs are FP32 words, rounded to the 19-bit TF32 "
    "format (1 sign, 8 exponent, 10 significand bits) for the multiply": (
        "TF32 “不是独立的存储格式”：运算输入为 FP32 字，乘法前舍入为 19 位的 TF32 格式（1 位符号、8 位指数、10 位尾数）"
    ),
    "an MXFP6 element is 6 bits; each block of 32 shares one 8-bit E8M0 scale, which adds 8/32 bit per element if "
    "the scale counts as part of the operand": (
        "MXFP6 元素为 6 位；每 32 个元素共享一个 8 位 E8M0 缩放因子，若将缩放因子计入操作数，每个元素多 8/32 位"
    ),
}

# What a flag on a value says, with the value's particulars.
FLAG_WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "preferred": "{value} from {source}; the catalog has {other}",
        "disputed": "{value}; also published: {others}",
        "estimated": "{value} is an estimate ({sources})",
        "direction": "the source does not say whether {value} counts one direction or both (the catalog counts both)",
        "sparsity": "the source does not say whether {value} is a dense figure",
        "fallback": "compute at {used} ({asked} not published)",
        "preferring": "figures from {source} where it gives them, else the catalog's",
    },
    "zh": {
        "preferred": "{value} 取自 {source}；目录数据为 {other}",
        "disputed": "{value}；其他来源：{others}",
        "estimated": "{value} 为估计值（{sources}）",
        "direction": "来源未说明 {value} 为单向还是双向（目录按双向计）",
        "sparsity": "来源未说明 {value} 是否为稠密算力",
        "fallback": "算力改用 {used}（未公布 {asked}）",
        "preferring": "数据取自 {source}（如有），其余取自目录",
    },
}

# The meaning of each mark of doubt, per language (the marks themselves: report.text.MARKS).
MARK_WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "disputed": "sources disagree",
        "unstated": "basis not stated (link direction, dense or sparse)",
        "estimated": "estimated",
        "fallback": "another precision",
        "preferred": "preferred source's figure differs from the catalog's",
    },
    "zh": {
        "disputed": "来源不一致",
        "unstated": "口径未说明（互联方向、稠密或稀疏）",
        "estimated": "估计值",
        "fallback": "改用其他精度",
        "preferred": "指定来源的数据与目录不同",
    },
}

# Hints: how a reader gets what an answer left out. The engine and the lenses return a
# code; each surface words it in its own terms (a Python user is never told to pass a
# command-line flag). ``any`` serves every surface.
SURFACES: tuple[str, ...] = ("python", "cli")
HINTS: Mapping[str, Mapping[str, Mapping[str, str]]] = {
    "include-16bit": {
        "cli": {
            "en": "include them with --precision 16bit, BF16 else FP16, or --fallback",
            "zh": "可用 --precision 16bit（BF16，否则 FP16）或 --fallback 纳入",
        },
        "python": {
            "en": "include them with precision='16bit' (BF16, else FP16) or fallback=True",
            "zh": "可用 precision='16bit'（BF16，否则 FP16）或 fallback=True 纳入",
        },
    },
    "include-fallback": {
        "cli": {
            "en": "include them with --fallback: the same width, else a wider precision",
            "zh": "可用 --fallback 纳入：同位宽，否则更宽的精度",
        },
        "python": {
            "en": "include them with fallback=True: the same width, else a wider precision",
            "zh": "可用 fallback=True 纳入：同位宽，否则更宽的精度",
        },
    },
    "include-compute": {
        "cli": {
            "en": "it publishes neither the weight precision nor a 16-bit figure; name one it has with --compute",
            "zh": "该芯片既未公布权重精度的算力，也未公布 16 位算力；可用 --compute 指定其已公布的精度",
        },
        "python": {
            "en": "it publishes neither the weight precision nor a 16-bit figure; name one it has with compute=",
            "zh": "该芯片既未公布权重精度的算力，也未公布 16 位算力；可用 compute= 指定其已公布的精度",
        },
    },
    "no-compute": {
        "any": {
            "en": "no dense compute figure at any precision is published",
            "zh": "未公布任何精度的稠密算力",
        },
    },
    "compute-precision": {
        "cli": {
            "en": "'compute' is dense compute at the comparison's precision (--precision, default 16bit: BF16 "
            "where published, else FP16).",
            "zh": "“算力”指对比所用精度下的稠密算力（--precision，默认 16bit：有 BF16 时取 BF16，否则 FP16）。",
        },
        "python": {
            "en": "'compute' is dense compute at the comparison's precision (precision=, default '16bit': BF16 "
            "where published, else FP16).",
            "zh": "“算力”指对比所用精度下的稠密算力（precision=，默认 '16bit'：有 BF16 时取 BF16，否则 FP16）。",
        },
    },
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
    "calibrated_tokens_per_second_per_chip": "Cal tok/s/chip",
    "tokens_per_joule": "Tok/J",
    "critical_batch": "CritB",
    "ttft": "TTFT",
    **{
        f"compute_sparse.{p}": f"{p.upper()}sp"
        for p in ("fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "fp6", "fp4", "int8", "int4")
    },
}
_SHORT_ZH: dict[str, str] = {
    "compute.16bit": "16 位",
    "memory.capacity": "显存",
    "memory.bandwidth": "显存带宽",
    "interconnect.bandwidth": "片间带宽",
    "power.tdp": "功耗",
    "bandwidth_per_watt": "带宽/瓦",
    "tflops_per_watt": "算力/瓦",
    "ridge_point": "拐点",
    "memory_per_tflops": "显存/算力",
    "weight_memory": "权重",
    "kv_bytes_per_token": "KV/词元",
    "kv_memory": "KV",
    "fits": "可容纳",
    "max_batch": "最大批",
    "min_chips": "最少芯片",
    "decode_step_time": "步时",
    "tokens_per_second": "词元/秒",
    "tokens_per_second_per_sequence": "词元/秒/序列",
    "tokens_per_second_per_chip": "词元/秒/芯片",
    "calibrated_tokens_per_second_per_chip": "校准词元/秒/芯片",
    "tokens_per_joule": "词元/焦",
    "critical_batch": "临界批",
    "ttft": "首词元",
    "batch_prefill": "整批预填充",
    "communication_time": "通信",
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
    "calibrated_tokens_per_second_per_chip": "Decode throughput per chip (calibrated estimate)",
    "tokens_per_joule": "Tokens per joule of TDP (bound)",
    "critical_batch": "Batch where decode turns compute-bound",
    "ttft": "Time to first token (bound)",
    "batch_prefill": "Prefill of the whole batch (bound)",
    "communication_time": "Communication time (a model)",
    "io_bandwidth": "Chip I/O bandwidth",
    "link_bandwidth": "Chip-to-chip link bandwidth",
    "dram_bandwidth": "DRAM bandwidth",
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
    "{n} more (the table lists them all)": "另有 {n} 款（表格列出全部芯片）",
    "{model}, context {context} tokens, {weights} weights, {kv} KV, {n} chip(s) per group; "
    "solid while the batch fits in memory": (
        "{model}，上下文 {context} 词元，权重 {weights}，KV 缓存 {kv}，每组 {n} 颗芯片；实线：该批大小可放入显存"
    ),
    "roofline bounds: ": "屋顶线上界：",
    "full compute and bandwidth": "算力与带宽全部可用",
    "dense compute figures": "稠密算力数据",
    "dotted: the batch does not fit": "点线：该批大小放不下",
    "not drawn {reason}: ": "未绘制{reason}：",
    # the serving lens's reasons (lenses/llm/serving.py FIT_WORDS), recognised by their form
}


def _measured_labels() -> None:
    """Labels of the measured columns (``measured.bf16``, ``efficiency.memory``): what a
    run achieved beside the peak, and their ratio."""
    from .format import PRECISIONS

    for what in (*PRECISIONS, "memory"):
        name = "memory bandwidth" if what == "memory" else f"{what.upper()} matmul"
        zh = "显存带宽" if what == "memory" else f"{what.upper()} 矩阵乘"
        short = "MemBW" if what == "memory" else what.upper()
        _ZH[f"measured.{what}"] = f"实测{zh}"
        _ZH[f"efficiency.{what}"] = f"{zh}实测/峰值"
        _SHORT_EN[f"measured.{what}"] = f"{short} meas"
        _SHORT_EN[f"efficiency.{what}"] = f"{short} eff"
        short_zh = "显存带宽" if what == "memory" else short
        _SHORT_ZH[f"measured.{what}"] = f"实测{short_zh}"
        _SHORT_ZH[f"efficiency.{what}"] = f"{short_zh}效率"
        _HUMAN_EN[f"measured.{what}"] = f"Measured {name}"
        _HUMAN_EN[f"efficiency.{what}"] = f"{name[0].upper()}{name[1:]} efficiency (measured / peak)"
    _ZH.update(
        {
            "{column} uses, per chip: {choices}": "{column} 每款芯片所用实测值：{choices}",
            "{n} more": "另有 {n} 条",
            "measurements": "实测数据",
            "none": "无",
            "kind": "类别",
            "what": "测量内容",
            "value": "数值",
            "peak": "峰值",
            "efficiency": "效率",
            "method": "方法",
            "stack": "软件栈",
            "by": "测量方",
            "date": "日期",
            "source": "来源",
            "independent": "独立评测",
            "community": "社区",
            "not stated": "未说明",
            "no date": "日期未说明",
            "outlined: the sheet's peak ({field}); filled: the measurement used (share of the peak)": (
                "空心：规格表峰值（{field}）；实心：所用实测值（占峰值比例）"
            ),
            "measurements used (most trusted, then latest): ": "所用实测数据（先按可信度，再按日期）：",
            "not drawn: ": "未绘制：",
            "Measured beside peak": "实测与峰值",
            "{n} chips without this measurement": "{n} 款芯片没有此项实测",
            "calibrated estimate (the roofline at measured / peak; an estimate, not a bound): {items}": (
                "校准估计（按实测/峰值效率计算的屋顶线；是估计，不是上界）：{items}"
            ),
            "matmul {precision} {ratio} ({source}, {date})": "矩阵乘 {precision} {ratio}（{source}，{date}）",
            "memory {ratio} ({source}, {date})": "显存带宽 {ratio}（{source}，{date}）",
            "memory none": "显存带宽 无",
            "matmul {precision} none": "矩阵乘 {precision} 无",
            "published measurement: {chip} {value} ({source}: {cite}); the lens's bound at the largest batch that "
            "fits is {bound} tokens/s (batch {batch}): measured / bound {ratio}": (
                "公开实测：{chip} {value}（{source}：{cite}）；透镜在可容纳的最大批量下的上界为 {bound} tokens/s"
                "（批量 {batch}）：实测/上界 {ratio}"
            ),
        }
    )


_measured_labels()
SHORT: Mapping[str, Mapping[str, str]] = {"en": _SHORT_EN, "zh": {**_SHORT_EN, **_SHORT_ZH}}
LANGUAGES: Mapping[str, Mapping[str, str]] = {"en": {}, "zh": _ZH}
_CJK = re.compile(r"[\u3400-\u9fff]")


def check_language(lang: str) -> None:
    """Raise UnknownNameError for a language chipspec has no labels for."""
    if lang not in LANGUAGES:
        raise UnknownNameError("language", lang, suggest(lang, LANGUAGES))


# Why a lens shows no rate, in place of a missing field: the LLM lens's ``no-fit`` codes.
_NO_FIT: Mapping[str, Mapping[str, str]] = {
    "en": {
        "chips": "(does not fit: a group of {n} chips would, or a smaller weights or KV format)",
        "none": "(does not fit in any usable group: a smaller weights or KV format, or a shorter context)",
    },
    "zh": {
        "chips": "（放不下：{n} 颗芯片的组可以，或改用更小的权重或 KV 格式）",
        "none": "（任何可用分组都放不下：需更小的权重或 KV 格式，或更短的上下文）",
    },
}


def is_reason(name: str) -> bool:
    """Whether a "missing" entry is a lens's reason (``no-fit:64``) rather than a field."""
    return name == "no-fit" or name.startswith("no-fit:")


# The export lens's columns (chipspec.lenses.export_control.ExportReading): the chip I/O
# it tests and, per rule, ``export.<rule name>``, the chip's class under that rule.
_EXPORT_IO = "export.io_bandwidth"
_EXPORT_LABELS = {
    "en": {"io": "chip I/O (export rules)", "io_short": "Exp I/O", "class": "class under {rule}"},
    "zh": {"io": "芯片 I/O 带宽（出口管制口径）", "io_short": "管制 I/O", "class": "{rule} 出口类别"},
}


def _export_label(name: str, lang: str, short: bool = False) -> str | None:
    if not name.startswith("export."):
        return None
    words = _EXPORT_LABELS[lang]
    if name == _EXPORT_IO:
        return words["io_short" if short else "io"]
    return words["class"].format(rule=name.removeprefix("export."))


def label(name: str, lang: str = "en") -> str:
    """The label of a field, metric or table word in ``lang`` (and of a lens's reason in
    place of a missing field: ``no-fit:64``)."""
    check_language(lang)
    if is_reason(name):
        n = name.partition(":")[2]
        return _NO_FIT[lang]["chips" if n else "none"].format(n=n)
    return LANGUAGES[lang].get(name) or _export_label(name, lang) or name


def short_label(name: str, lang: str = "en") -> str:
    """A column's short label for the terminal table (the name itself when it is short)."""
    check_language(lang)
    return SHORT[lang].get(name) or _export_label(name, lang, short=True) or name


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


_MODEL_NOTES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"(?P<key>\w+) not given: Hugging Face's (?P<model_type>\S+) class default (?P<value>.+) applied"),
        "{key} not given: Hugging Face's {model_type} class default {value} applied",
    ),
    (
        re.compile(r"the vision tower \(vision_config\) and its projector are left out: text generation only"),
        "the vision tower (vision_config) and its projector are left out: text generation only",
    ),
)


def model_note(note: str, lang: str = "en") -> str:
    """A note the model reader wrote (a class default applied, the vision tower left out)
    in ``lang``; a note from a model sheet is the sheet's text and stays as written."""
    check_language(lang)
    for pattern, key in _MODEL_NOTES:
        m = pattern.fullmatch(note)
        if m is not None:
            return phrase(key, lang).format(**m.groupdict())
    return note


def chart_phrase(text: str, lang: str = "en") -> str:
    """A phrase drawn on a chart in ``lang`` (the English text is the key)."""
    check_language(lang)
    if lang == "zh" and text in _CHART_ZH:
        return _CHART_ZH[text]
    return phrase(text, lang)


def flag_words(key: str, lang: str = "en", **values: str) -> str:
    """What a flag says of one value (``disputed`` -> "400 W; also published: 550 W")."""
    check_language(lang)
    return FLAG_WORDS[lang][key].format(**values)


def mark_words(kind: str, lang: str = "en") -> str:
    """The meaning of a mark of doubt (``disputed`` -> "sources disagree")."""
    check_language(lang)
    return MARK_WORDS[lang][kind]


@dataclass(frozen=True, slots=True)
class Hint:
    """A hint code with the text it follows: rendered per surface by :func:`hint`.

    Tables carry hints in their notes as these records, so the same table tells a Python
    user about keyword arguments and a terminal user about flags.
    """

    code: str
    before: str = ""

    def text(self, lang: str = "en", surface: str = "python") -> str:
        words = hint(self.code, lang, surface)
        return f"{self.before} ({words})" if self.before else words


def hint(code: str, lang: str = "en", surface: str = "python") -> str:
    """The words of a hint code (:data:`HINTS`) for a surface (``python`` or ``cli``)."""
    check_language(lang)
    if surface not in SURFACES:
        raise UnknownNameError("surface", surface, suggest(surface, SURFACES))
    forms = HINTS[code]
    return (forms.get(surface) or forms["any"])[lang]


def _vendor(name: str, vendors: Mapping[str, Vendor] | None) -> Vendor:
    if vendors is None:
        from .load import bundled_vendors

        vendors = bundled_vendors()
    return vendors.get(name) or Vendor(name)


def vendor_label(name: str, lang: str = "en", vendors: Mapping[str, Vendor] | None = None) -> str:
    """A vendor's name in ``lang`` (its Chinese name from the vendor table for ``zh``)."""
    check_language(lang)
    if lang == "en" and vendors is None:
        return name  # the English label is the name itself: no need to read the vendor table
    return _vendor(name, vendors).label(lang)


_CJK_THEN_LATIN = re.compile(r"([\u3400-\u9fff])([A-Za-z0-9])")
_LATIN_THEN_CJK = re.compile(r"([A-Za-z0-9])([\u3400-\u9fff])")


def cjk_spacing(name: str) -> str:
    """One convention for Chinese chip names: a space between the Chinese name and the
    model (昇腾910B1 -> 昇腾 910B1, 思元590 -> 思元 590), as the vendors' own Chinese pages
    mostly write it and as the catalog's first aliases mostly are.

    >>> cjk_spacing("昇腾910B1"), cjk_spacing("昇腾 910B")
    ('昇腾 910B1', '昇腾 910B')
    """
    return _LATIN_THEN_CJK.sub(r"\1 \2", _CJK_THEN_LATIN.sub(r"\1 \2", name))


def chip_label(chip: Any, lang: str = "en", vendors: Mapping[str, Vendor] | None = None) -> str:
    """How a chip is named in a table header or chart label.

    English: "NVIDIA H20". Chinese: the chip's first Chinese alias (昇腾 910B) if it has
    one, else the vendor's Chinese name and the product name (英伟达 H20).
    """
    check_language(lang)
    if lang == "zh":
        for alias in chip.aliases:
            if _CJK.search(alias):
                return cjk_spacing(str(alias))
        return f"{vendor_label(chip.vendor, lang, vendors)} {chip.name}"
    name = str(chip.name)
    return name if name.lower().startswith(chip.vendor.lower()) else f"{chip.vendor} {name}"
