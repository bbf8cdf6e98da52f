"""The HTML report and the catalog site: content, determinism, limits and errors.
(The browser test is tests/report/test_browser.py.)"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import chipspec
from chipspec.report.html import report, site
from tests.test_cli import run

SEED = ["thead-ppu", "nvidia-a800", "nvidia-h20", "huawei-ascend-910b", "biren-br104p"]


def few(
    catalog: chipspec.Catalog, ids: tuple[str, ...] = ("nvidia-h20", "nvidia-h100-sxm", "nvidia-a800")
) -> chipspec.Catalog:
    """A few chips with the systems built on them: a site's pages without the whole
    catalog's (the whole catalog's site is the slow campaign's)."""
    systems = {k: s for k, s in catalog.systems.items() if s.chip.id in ids}
    return chipspec.Catalog([catalog.get(i) for i in ids], vendors=catalog.vendors, systems=systems)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def parse(text: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = _Collect()
    collector.feed(text)
    return collector.tags


@pytest.fixture(scope="module")
def seed_page() -> str:
    return report(SEED, llm="llama-3.1-70b", llm_options={"group_size": 2}, batches=[1, 8])


def test_the_page_is_self_contained(seed_page: str) -> None:
    tags = parse(seed_page)
    for tag, attrs in tags:
        if tag in ("script", "img", "iframe", "link", "source", "video", "audio"):
            assert not attrs.get("src") and not (tag == "link" and attrs.get("href")), (tag, attrs)
    assert "@import" not in seed_page and "url(http" not in seed_page
    links = [a.get("href") for t, a in tags if t == "a"]
    assert any(h and h.startswith("https://") for h in links), "sources link to their urls"


def test_the_page_holds_every_section(seed_page: str) -> None:
    for marker in ('id="comparison-table"', 'id="chart-bar"', 'id="chart-scatter"', 'id="chart-roofline"',
                   'id="chart-export-map"', 'id="export-table"', 'id="serving-table"', 'id="llm-serving"',
                   'id="measured-table"', 'id="measured-bf16"', 'id="measured-memory"'):  # fmt: skip
        assert marker in seed_page, marker
    assert "not legal advice" in seed_page
    assert "chipspec catalog " + chipspec.version.CATALOG_DATE in seed_page
    # 4 comparison charts, 2 serving charts, 2 measured-beside-peak charts (bf16, memory) and
    # 3 charts of the systems built on the compared chips
    assert seed_page.count("<svg") == 11
    assert 'id="systems-table"' in seed_page


def test_semantic_sortable_table_with_units_flags_and_provenance(seed_page: str) -> None:
    tags = parse(seed_page)
    assert any(t == "th" and a.get("scope") == "col" for t, a in tags)
    assert any(t == "th" and a.get("scope") == "row" for t, a in tags)
    assert '<span class="unit">GB/s</span>' in seed_page
    assert '<span class="marks">' in seed_page and "sources disagree" in seed_page  # marks and their legend
    # the 910B's disputed bandwidth-per-watt opens onto its inputs' sources
    assert "computed from" in seed_page and "also published" in seed_page
    rows = [a for t, a in tags if t == "tr" and a.get("data-vendor")]
    assert {r["data-vendor"] for r in rows} >= {"NVIDIA", "Huawei", "Biren Technology", "T-Head"}
    assert all(r.get("data-country") for r in rows)


def test_the_same_inputs_give_the_same_bytes(seed_page: str) -> None:
    again = report(SEED, llm="llama-3.1-70b", llm_options={"group_size": 2}, batches=[1, 8])
    assert again == seed_page
    assert not re.search(r"20\d\d-\d\d-\d\dT\d\d:", seed_page)  # no timestamp


def test_svg_ids_do_not_collide(seed_page: str) -> None:
    ids = re.findall(r'\bid="([^"]+)"', seed_page)
    assert len(ids) == len(set(ids))


@pytest.mark.slow
def test_the_whole_catalog_report_stays_under_2mb(tmp_path: Path) -> None:
    page = report(path=tmp_path / "all.html")
    assert (tmp_path / "all.html").read_text(encoding="utf-8") == page
    assert len(page.encode()) < 2 * 1024 * 1024


def test_chinese_labels(catalog: chipspec.Catalog, cjk_font: str) -> None:
    page = report(SEED, lang="zh", catalog=catalog)
    assert 'lang="zh-Hans"' in page and "对比" in page and "出口管制" in page
    # the charts' captions and phone hints, the measured charts' too, and the footer
    assert "Scroll sideways" not in page and page.count("左右滑动查看完整图表。") >= 4
    assert "<figcaption>散点图 <span" in page and "every figure as published" not in page
    assert "数据：chipspec 目录" in page


def test_the_site(tmp_path: Path, catalog: chipspec.Catalog) -> None:
    chosen = few(catalog)
    assert chosen.systems, "the site's system pages are part of the test"
    written = site(tmp_path / "site", chosen)
    index = tmp_path / "site" / "index.html"
    assert index in written
    chips = list((tmp_path / "site" / "chips").glob("*.html"))
    assert len(chips) == len(chosen) and len(written) == 1 + len(chosen) + len(chosen.systems)
    text = index.read_text(encoding="utf-8")
    assert 'href="chips/nvidia-h20.html"' in text
    page = (tmp_path / "site" / "chips" / "nvidia-h20.html").read_text(encoding="utf-8")
    assert 'href="../index.html"' in page and "What they mean" in page and "3A090" in page
    assert "https://" in page  # each value's source links to its url
    for path in written:  # relative links only
        for _tag, attrs in parse(path.read_text(encoding="utf-8")):
            href = attrs.get("href") or ""
            assert not href.startswith("/") and not href.startswith("file:"), (path, href)


def test_cli_report_and_site(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    code, _, err = run("report", "h20", "910b", "-o", str(out), "--llm", "qwen3-8b", "--batch", "1,4")
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert "chipspec report h20 910b -o" in text and 'id="serving-table"' in text
    code, _, err = run("report", "-o", str(tmp_path / "missing" / "r.html"))
    assert code == 2 and "missing" in err
    code, _, err = run("report", "-o", str(tmp_path))
    assert code == 2 and "is a folder" in err
    code, _, err = run("report", "h20", "-o", str(out), "--as-of", "yesterday")
    assert code == 2 and "--as-of" in err


@pytest.mark.slow
def test_cli_site_of_the_whole_catalog(tmp_path: Path) -> None:
    code, _, err = run("report", "--site", "-o", str(tmp_path / "site"))
    assert code == 0 and "pages" in err
    assert len(list((tmp_path / "site" / "chips").glob("*.html"))) == len(chipspec.load_catalog())


def test_the_report_refuses_flags_it_would_ignore(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    code, _, err = run("report", "--site", "h20", "-o", str(tmp_path / "s"), "--llm", "qwen3-8b")
    assert code == 2 and "chip names, --llm: not used with --site" in err, err
    code, _, err = run("report", "--site", "-o", str(tmp_path / "s"), "--chips", "2", "--title", "T")
    assert code == 2 and "--chips, --title: not used with --site" in err, err
    code, _, err = run("report", "h20", "-o", str(out), "--weights", "fp8", "--reserve", "0.2")
    assert code == 2 and "--weights, --reserve: LLM scenario flags need --llm MODEL" in err, err
    assert not out.exists() and not (tmp_path / "s").exists()
    code, _, err = run("report", "--site", "--vendor", "Biren Technology", "-o", str(tmp_path / "cn"))
    assert code == 0, err
    pages = {p.stem for p in (tmp_path / "cn" / "chips").iterdir()}
    chosen = {c.id for c in chipspec.load_catalog().filter(vendor=["Biren Technology"])}
    assert len(chosen) >= 2 and pages == chosen


def test_python_report_arguments_are_checked() -> None:
    with pytest.raises(chipspec.UsageError, match="as_of: expected a date"):
        report(["h20"], as_of="garbage")
    with pytest.raises(chipspec.UsageError, match="unknown keyword 'nonsense'"):
        report(["h20"], llm="qwen3-8b", llm_options={"nonsense": 1})
    page = report(["h20"], llm="qwen3-8b", llm_options={"batch": 8, "context": 1024})
    assert re.search(r"batch 8\b", page), "llm()'s batch keyword is the report's batch"


def test_a_chip_page_leads_with_its_figures(tmp_path: Path) -> None:
    catalog = chipspec.load_catalog()
    site(tmp_path / "site", few(catalog))
    page = (tmp_path / "site" / "chips" / "nvidia-h20.html").read_text(encoding="utf-8")
    order = [page.index(f'<section id="{s}"') for s in ("figures", "export", "metrics", "fields", "appears")]
    assert order == sorted(order), "figures, export class, metrics, then every field"
    figures = page[order[0] : order[1]]
    for label, value in (("Memory bandwidth", "4000"), ("Memory capacity", "96"), ("Board power (TDP)", "400")):
        assert re.search(f'<dt>{re.escape(label)}</dt><dd><details class="prov"><summary>{value}\\b', figures), label
    assert "* sources disagree" in figures and "Click a value for its sources." in figures
    assert "<strong>license required</strong>" in page[order[1] : order[2]]
    assert "Memory bandwidth per watt of board power." in page[order[2] : order[3]]
    # no source title outside a value's disclosure: sources are one click away, per value
    bare = re.sub(r"<details class=\"prov\">.*?</details>", "", page, flags=re.S)
    titles = {s.title for s in catalog.get("nvidia-h20").sources.values() if s.title}
    assert titles and not [t for t in titles if chipspec.report.html._e(t) in bare]
    assert page.count('<details class="prov">') >= len(catalog.get("nvidia-h20").entries)


def test_chip_page_words_in_chinese(tmp_path: Path, cjk_font: str) -> None:
    site(tmp_path / "site", few(chipspec.load_catalog()), lang="zh")
    page = (tmp_path / "site" / "chips" / "nvidia-h20.html").read_text(encoding="utf-8")
    for words in (
        "关键数字",
        "派生指标及其含义",
        "全部字段",
        "点击数值查看来源。",
        "出口管制（2026-12-01 生效的规则）",
    ):
        assert words in page, words
    assert "算力 (16 位)</dt>" in page and "不构成法律意见" in page
    assert "Key figures" not in page and "What they mean" not in page and "not legal advice" not in page


def _serving_pages(lang: str = "en") -> dict[str, str]:
    from chipspec.lenses.export_control import export_control
    from chipspec.report.html import site_pages

    catalog = chipspec.load_catalog()
    chips = chipspec.Catalog(
        catalog.select(["nvidia-h100-sxm", "google-tpu-v4", "google-tpu-v5e", "groq-lpu"]), vendors=catalog.vendors
    )
    comparison = chipspec.compare(chips, [], "16bit")
    export = export_control(comparison.chips, as_of="2026-12-01")
    return site_pages(chips, comparison, export, lang=lang, charts=False)


def test_a_chip_page_gives_the_serving_headline() -> None:
    pages = _serving_pages()
    page = pages["chips/nvidia-h100-sxm.html"]
    order = [page.index(f'<section id="{s}"') for s in ("figures", "serving", "export", "metrics")]
    assert order == sorted(order), "key figures, the serving headline, the export class, the metrics"
    serving = page[order[1] : order[2]]
    lens = chipspec.llm("llama-3.1-8b", ["nvidia-h100-sxm"], batch=8, context=4096)
    bound = lens.column("tokens_per_second_per_chip").values[0]
    calibrated = lens.column("calibrated_tokens_per_second_per_chip").values[0]
    assert f"{bound:.0f}" == "1388" and f"{calibrated:.0f}" == "1388"  # decode is memory-bound; HBM unmeasured
    assert re.search(
        r"<dt>Decode throughput per chip \(bound\)</dt><dd><details class=\"prov\"><summary>1388 <span class=\"unit\">tokens/s<",
        serving,
    )
    assert "<dt>Decode throughput per chip (calibrated estimate)</dt>" in serving
    assert "measured / peak: matmul bf16 0.80, memory bandwidth no measurement (the peak)" in serving
    assert "Llama-3.1-8B, batch 8, context 4,096 tokens, BF16 weights and KV cache, one chip" in serving
    assert "<code>chipspec llm llama-3.1-8b nvidia-h100-sxm --batch 8 --context 4096</code>" in serving
    v4 = pages["chips/google-tpu-v4.html"]
    assert (
        "(bound)</dt>" in v4 and "(calibrated estimate)</dt>" not in v4.split('<section id="export"')[0]
    )  # no measurement
    tpu = pages["chips/google-tpu-v5e.html"]  # 16 GB: the 8B model and its KV cache do not fit
    assert 'does not fit<p class="what" title="a group of 2 chips would hold it">' in tpu
    groq = pages["chips/groq-lpu.html"]
    assert 'not computable<p class="what">missing memory.bandwidth</p>' in groq


def test_the_serving_headline_in_chinese() -> None:
    pages = _serving_pages("zh")
    assert "<title>chipspec 芯片目录" in pages["index.html"] and "chipspec catalog" not in pages["index.html"]
    serving = pages["chips/nvidia-h100-sxm.html"].split('<h2 id="serving-h">')[1].split("</section>")[0]
    for words in ("大模型推理", "单芯片解码吞吐（上界）", "实测/峰值：矩阵乘 bf16 0.80，", "全部数字及其假设："):
        assert words in serving, words
    assert (
        "放不下" in pages["chips/google-tpu-v5e.html"] and "2 颗芯片一组可以容纳" in pages["chips/google-tpu-v5e.html"]
    )
    words = re.sub(r"<div>.*?</div></details>", "", serving)  # a value's sources: their own titles
    words = re.sub(r"<[^>]+>|Llama-3\.1-8B|chipspec llm [^<]*|tokens/s|bf16|BF16", "", words)
    assert not re.search(r"[A-Za-z]{2,}", words.replace("KV", "")), words
