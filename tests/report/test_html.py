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


def test_the_site(tmp_path: Path) -> None:
    written = site(tmp_path / "site")
    index = tmp_path / "site" / "index.html"
    assert index in written
    chips = list((tmp_path / "site" / "chips").glob("*.html"))
    assert len(chips) == len(chipspec.load_catalog())
    text = index.read_text(encoding="utf-8")
    assert 'href="chips/nvidia-h20.html"' in text
    page = (tmp_path / "site" / "chips" / "nvidia-h20.html").read_text(encoding="utf-8")
    assert 'href="../index.html"' in page and "Derived metrics" in page and "3A090" in page
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
    code, _, err = run("report", "--site", "--country", "CN", "-o", str(tmp_path / "cn"))
    assert code == 0, err
    pages = {p.stem for p in (tmp_path / "cn" / "chips").iterdir()}
    cn = {c.id for c in chipspec.load_catalog().filter(country=["CN"])}
    assert pages == cn


def test_python_report_arguments_are_checked() -> None:
    with pytest.raises(chipspec.UsageError, match="as_of: expected a date"):
        report(["h20"], as_of="garbage")
    with pytest.raises(chipspec.UsageError, match="unknown keyword 'nonsense'"):
        report(["h20"], llm="qwen3-8b", llm_options={"nonsense": 1})
    page = report(["h20"], llm="qwen3-8b", llm_options={"batch": 8, "context": 1024})
    assert re.search(r"batch 8\b", page), "llm()'s batch keyword is the report's batch"
