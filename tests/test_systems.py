"""System sheets: loading, located errors, derived totals and the system-total check."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipspec import load_catalog
from chipspec.checks import run_checks
from chipspec.cli import main
from chipspec.errors import CatalogError

CHIP = """name: Tiny
vendor: NVIDIA
memory: {capacity: {value: 80 GB, source: a}}
compute:
  bf16: {value: 1000 TFLOPS, source: a}
compute_sparse:
  bf16: {value: 2000 TFLOPS, source: a}
sources:
  a: {title: A, url: "https://example.com/a"}
"""

SYSTEM = """kind: system
name: Tiny Box
vendor: NVIDIA
chip: tiny
chips: 8
domain:
  size: 8
  kind: switched
  bandwidth: {value: 900 GB/s, direction: both, source: a}
compute:
  bf16: {value: %s, source: a}
memory:
  capacity: {value: 640 GB, source: a}
power:
  total: {value: 10 kW, source: a}
sources:
  a: {title: A, url: "https://example.com/a"}
"""


def write(tmp_path: Path, bf16: str = "8 PFLOPS", system: str | None = None) -> Path:
    (tmp_path / "tiny.yaml").write_text(CHIP)
    (tmp_path / "tiny-box.yaml").write_text(system if system is not None else SYSTEM % bf16)
    return tmp_path


def test_a_system_sheet_loads_with_its_chip_and_derived_totals(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path), bundled=False)
    box = catalog.systems["tiny-box"]
    assert box.chip.id == "tiny" and box.count == 8 and box.fabric_kind == "switched"
    assert catalog.systems.find("Tiny Box") is box
    derived = {d.field: d for d in box.derived()}
    assert derived["compute.bf16"].value == 8000.0 and derived["compute.bf16"].agrees is True
    assert derived["memory.capacity"].value == 640.0 and derived["memory.capacity"].agrees is True
    assert derived["compute_sparse.bf16"].published is None


def test_a_total_within_rounding_agrees_and_one_beyond_is_flagged(tmp_path: Path) -> None:
    # 8 x 1000 TFLOPS = 8 PFLOPS; "7.96 PFLOPS" is within 1%, "16 PFLOPS" is the sparse total
    assert load_catalog(write(tmp_path, "7.96 PFLOPS"), bundled=False).systems["tiny-box"].derived()[0].agrees
    catalog = load_catalog(write(tmp_path, "16 PFLOPS"), bundled=False)
    (finding,) = run_checks(catalog, ["system-total"])
    assert str(finding) == (
        f"{tmp_path}/tiny-box.yaml:11: compute.bf16: [system-total] published 16 PFLOPS but the chip sheet tiny "
        "gives 8 x 1000 TFLOPS = 8000 TFLOPS (+100%); a dense/sparse or per-chip/per-package mix-up on one side? "
        "(it matches the chip's sparse bf16 figure x 8)"
    )


def test_a_system_sheets_sources_go_through_url_hygiene(tmp_path: Path) -> None:
    forum = "https://www.taoguba.com.cn/Article/1/blog/Article/2/1"
    text = (SYSTEM % "8 PFLOPS").replace('"https://example.com/a"}\n', f'"{forum}"}}\n')
    (finding,) = run_checks(load_catalog(write(tmp_path, system=text), bundled=False), ["url-hygiene"])
    assert str(finding) == (
        f"{tmp_path}/tiny-box.yaml: sources.a: [url-hygiene] www.taoguba.com.cn forum thread: cite the article or "
        "document the post copies, at its publisher"
    )
    acked = text.replace(f'"{forum}"}}', f'"{forum}", ack: {{url-hygiene: "the only copy"}}}}')
    assert run_checks(load_catalog(write(tmp_path, system=acked), bundled=False), ["url-hygiene"]) == []


def test_an_acknowledged_disagreement_is_not_warned(tmp_path: Path) -> None:
    text = (SYSTEM % "16 PFLOPS").replace(
        "bf16: {value: 16 PFLOPS, source: a}", 'bf16: {value: 16 PFLOPS, source: a, ack: {system-total: "sparse"}}'
    )
    assert run_checks(load_catalog(write(tmp_path, system=text), bundled=False), ["system-total"]) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("chip: tiny", "chip: tinny"), "tiny-box.yaml:4: chip: no chip sheet with id 'tinny' is loaded; did you mean 'tiny'?"),
        (("  kind: switched", "  kind: star"), "tiny-box.yaml:8: domain.kind: expected one of switched, mesh, torus, ring, got 'star'"),
        (("chips: 8", "chips: 0"), "tiny-box.yaml:5: chips: expected a count from 1 to 1000000, got 0"),
        (("  size: 8", "  sise: 8"), "tiny-box.yaml:7: domain.sise: unknown key; did you mean 'size'?"),
        (("kind: system", "kind: chip"), "tiny-box.yaml:1: kind: expected one of system, got 'chip'"),
        (("10 kW", "10"), "tiny-box.yaml:15: power.total: expected a power like '400 W', got the bare number 10 (missing unit)"),
    ],
)  # fmt: skip
def test_bad_system_sheets_get_located_errors(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    write(tmp_path, system=(SYSTEM % "8 PFLOPS").replace(*change))
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path, bundled=False)
    assert [str(p).removeprefix(f"{tmp_path}/") for p in caught.value.problems] == [expected]


def test_a_system_id_may_not_repeat_a_chip_id(tmp_path: Path) -> None:
    write(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "tiny.yaml").write_text(SYSTEM % "8 PFLOPS")
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path, bundled=False)
    assert f"duplicate id 'tiny': also defined in {tmp_path}/tiny.yaml" in str(caught.value.problems[0])


def test_the_bundled_systems_load_and_name_their_chips() -> None:
    systems = load_catalog().systems
    assert len(systems) >= 12
    cm384 = systems.get_system("CloudMatrix 384")
    assert cm384.chip.id == "huawei-ascend-910c" and cm384.count == 384
    derived = {d.field: d for d in cm384.derived()}
    assert derived["compute.bf16"].agrees and derived["memory.capacity"].agrees


def test_the_systems_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path)
    assert (
        main(["systems", "--specs", str(tmp_path), "--no-bundled", "--columns", "chips,total.bf16", "--format", "csv"])
        == 0
    )
    out = capsys.readouterr().out
    assert out.splitlines()[1].startswith("tiny-box,Tiny Box,tiny,switched,8")
    assert main(["systems", "--sort", "nope"]) == 2
    assert main(["show", "Tiny Box", "--specs", str(tmp_path), "--no-bundled", "--format", "json"]) == 0
    chart = tmp_path / "chart.svg"
    args = ["systems", "--specs", str(tmp_path), "--no-bundled", "--rank", "total.bf16", "--pareto", "chips,total.hbm"]
    assert main([*args, "--baseline", "tiny-box", "--lang", "zh", "--plot", "per-kw", "-o", str(chart)]) == 0
    assert chart.read_text().startswith("<?xml")
    assert main(["systems", "--baseline", "no-such-system"]) == 2


def two_systems(tmp_path: Path) -> Path:
    write(tmp_path)
    big = (SYSTEM % "32 PFLOPS").replace("chips: 8", "chips: 16").replace("  size: 8", "  size: 16")
    big = big.replace("Tiny Box", "Big Box").replace("640 GB", "1280 GB").replace("10 kW", "40 kW")
    (tmp_path / "big-box.yaml").write_text(big)
    return tmp_path


def test_systems_are_ranked_scored_and_fronted_like_chips(tmp_path: Path) -> None:
    from chipspec.system import compare_systems

    systems = load_catalog(two_systems(tmp_path), bundled=False).systems
    c = compare_systems([systems["tiny-box"], systems["big-box"]])
    # Big Box publishes 32 PFLOPS for 16 chips of 1000 TFLOPS: the sparse total, flagged
    assert c.numbers[0]["total.bf16"] == 8.0 and c.numbers[1]["total.bf16"] == 32.0
    assert c.disagree == (frozenset(), frozenset({"total.bf16"}))
    assert c.numbers[0]["tflops_per_kw"] == 800.0 and c.numbers[1]["tflops_per_kw"] == 800.0
    assert c.rank("total.bf16") == [2, 1] and c.rank("power.total") == [1, 2]
    # bf16 relative to the best is (0.25, 1) weighted 1/4; per kW (1, 1) weighted 3/4
    assert c.score({"total.bf16": 1, "tflops_per_kw": 3}) == [0.8125, 1.0]
    assert c.pareto(["total.bf16", "tflops_per_kw"]) == [False, True]
    assert c.pareto(["total.bf16", "power.total"]) == [True, True]
    assert c.relative("Tiny Box", "total.hbm") == [1.0, 2.0]
    with pytest.raises(Exception, match="unknown system column 'nope'"):
        c.rank("nope")


def test_a_system_sheet_validates_against_the_schema(tmp_path: Path) -> None:
    import jsonschema
    import yaml

    from chipspec.schema import json_schema

    validator = jsonschema.Draft202012Validator(json_schema())
    sheet = yaml.safe_load(SYSTEM % "8 PFLOPS")
    assert list(validator.iter_errors(sheet)) == []
    sheet["domain"]["kind"] = "star"
    assert [e.message for e in validator.iter_errors(sheet)] == ["'star' is not valid under any of the given schemas"]


def test_system_charts_draw(tmp_path: Path) -> None:
    from chipspec.report.charts import SYSTEM_CHART_KINDS, plot_systems

    systems = list(load_catalog(two_systems(tmp_path), bundled=False).systems.values())
    for kind in SYSTEM_CHART_KINDS:
        figure = plot_systems(systems, kind, size=(4, 3), dpi=40)
        assert figure.texts == [] or "not drawn" not in figure.texts[0].get_text()
    with pytest.raises(Exception, match="unknown system chart kind 'pie'"):
        plot_systems(systems, "pie")


def test_the_report_has_a_systems_section_and_a_page_per_system(tmp_path: Path) -> None:
    from chipspec import compare
    from chipspec.report.html import _system_page, report_html

    catalog = load_catalog(two_systems(tmp_path), bundled=False)
    systems = list(catalog.systems.values())
    page = report_html(
        compare(list(catalog)), systems=systems, system_links=lambda s: f"systems/{s.id}.html", charts=False
    )
    assert '<section id="systems"' in page and 'href="systems/big-box.html"' in page
    zh = _system_page(catalog.systems["big-box"], "zh", None)
    assert '<a href="../chips/tiny.html">tiny</a>' in zh
    assert "发布总量与芯片值 × 数量对照" in zh and "不一致: 与芯片的稀疏 BF16 值 × 16 一致" in zh


def test_a_front_of_one_column_is_a_usage_error_in_either_surface() -> None:
    import chipspec
    from chipspec.system import compare_systems
    from tests.test_cli import run

    systems = list(chipspec.load_catalog().systems.values())
    with pytest.raises(chipspec.UsageError, match=r"^a Pareto front needs at least two columns$"):
        compare_systems(systems).pareto(["chips"])
    code, _, err = run("systems", "--pareto", "chips")
    assert code == 2 and err.strip() == "chipspec: error: a Pareto front needs at least two columns"
