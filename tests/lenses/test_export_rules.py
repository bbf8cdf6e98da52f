"""Export-control lens, rules as they stood to late 2026: the H20 license requirement
(April 2025), the October 2023 rule as it took effect for named parts, the January 2026
review policy over 3A090.a and .b, counting conventions that change a class, and the
lens against classifications published by vendors, BIS and the press. Each rule has a
worked example from the bundled sheets and one from a tiny fake chip."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

import chipspec
from chipspec import i18n
from chipspec.cli import main
from chipspec.lenses.export_control import CONVENTIONS, KINDS, RULES, Part, export_control, rules_in_force
from chipspec.lenses.export_control.rules import H20_DRAM_BANDWIDTH, H20_LINK_BANDWIDTH


def by_rule(chip: str | chipspec.Spec, day: str, catalog: Any = None) -> dict[str, dict[str, Any]]:
    (res,) = export_control([chip], as_of=day, catalog=catalog)
    return {c.rule.name: c.to_record() for c in res.classifications}


def fake(tmp_path: Path, body: str, name: str = "x") -> chipspec.Catalog:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / f"{name}.yaml").write_text(f"name: {name.upper()}\nvendor: V\n{body}")
    return chipspec.load_catalog(tmp_path, bundled=False)


# --- the H20 license requirement (is-informed, 2025-04-09) ---------------------------------


def test_h20_needs_a_license_from_april_2025_and_none_in_june_2024() -> None:
    assert "us-h20-license-2025" not in by_rule("nvidia-h20", "2024-06-01")
    assert by_rule("nvidia-h20", "2024-06-01")["us-3a090-2023"]["class"] == "not 3A090.a/.b"
    h20 = by_rule("nvidia-h20", "2025-06-01")["us-h20-license-2025"]
    assert h20 == {
        "rule": "us-h20-license-2025",
        "class": "license required",
        "possible": ["license required"],
        "reason": "named in the requirement",
    }
    assert RULES["us-h20-license-2025"].kind == "is-informed"


def test_h20_requirement_parameter_test_on_fake_chips(tmp_path: Path) -> None:
    # 'any other circuits achieving the H20's memory bandwidth, interconnect bandwidth'
    memory = fake(tmp_path / "a", "memory: {bandwidth: 4.0 TB/s}\ninterconnect: {bandwidth: 100 GB/s}\n")
    assert by_rule(memory.get("x"), "2025-06-01", memory)["us-h20-license-2025"]["class"] == "license required"
    link = fake(tmp_path / "b", "memory: {bandwidth: 1 TB/s}\ninterconnect: {bandwidth: 900 GB/s}\n")
    record = by_rule(link.get("x"), "2025-06-01", link)["us-h20-license-2025"]
    assert record["class"] == "license required"
    assert record["margin"]["text"] == "link 900GB/s: 0.0% above the license required line at 900GB/s"
    below = fake(tmp_path / "c", "memory: {bandwidth: 3.9 TB/s}\ninterconnect: {bandwidth: 850 GB/s}\n")
    assert by_rule(below.get("x"), "2025-06-01", below)["us-h20-license-2025"]["class"] == "below the H20's bandwidths"
    unknown = fake(tmp_path / "d", "memory: {bandwidth: 3.9 TB/s}\n")
    record = by_rule(unknown.get("x"), "2025-06-01", unknown)["us-h20-license-2025"]
    assert record["class"] is None and record["missing"] == ["interconnect.bandwidth"]


def test_h20_rule_thresholds_are_the_bundled_h20_sheet() -> None:
    h20 = chipspec.load_catalog().get("nvidia-h20")
    assert h20.magnitude("memory.bandwidth", "GB/s") == H20_DRAM_BANDWIDTH == 4000
    assert h20.magnitude("interconnect.bandwidth", "GB/s") == H20_LINK_BANDWIDTH == 900


def test_h20_history_is_said_from_its_dates() -> None:
    def text(day: str) -> str:
        out = io.StringIO()
        assert main(["export-control", "h20", "--as-of", day, "--width", "200"], out=out, err=io.StringIO()) == 0
        return " ".join(out.getvalue().split())

    june = text("2025-06-01")
    assert (
        "is-informed notice: a license requirement the US government told named companies of (no change to the "
        "Commerce Control List, no Federal Register text)"
    ) in june
    assert "2025-04-14: the US government said the requirement is 'in effect for the indefinite future'" in june
    assert "15% of the revenue" not in june
    assert "2025-08-08: licenses reported granted for H20 (and AMD MI308)" in text("2025-09-01")


# --- the October 2023 rule as it took effect -----------------------------------------------


def test_2023_rule_took_effect_at_once_for_named_parts() -> None:
    a800 = by_rule("nvidia-a800", "2023-11-01")
    assert a800["us-3a090-2022"]["class"] == "not controlled"
    assert a800["us-3a090-2023"]["class"] == "3A090.a"
    assert (
        a800["us-3a090-2023"]["reason"] == "in force for this part from 2023-10-23 (NVIDIA Form 8-K filed 2023-10-24)"
    )
    for chip in ("nvidia-a100-sxm", "nvidia-h100-sxm", "nvidia-h800", "nvidia-l40s", "nvidia-a100-pcie"):
        assert by_rule(chip, "2023-10-23")["us-3a090-2023"]["class"] == "3A090.a", chip
    h20 = by_rule("nvidia-h20", "2023-11-01")["us-3a090-2023"]
    assert h20 == {
        "rule": "us-3a090-2023",
        "class": "not in force",
        "possible": ["not in force"],
        "reason": "in force for this part from 2023-11-17",
    }
    assert "reason" not in by_rule("nvidia-a800", "2023-11-17")["us-3a090-2023"]


def test_2022_requirement_took_effect_at_once_for_a100_and_h100() -> None:
    # NVIDIA 8-K: 'On August 26, 2022, the U.S. government [...] imposed a new license requirement,
    # effective immediately, [...] of the Company's A100 and forthcoming H100 integrated circuits'
    a100 = by_rule("nvidia-a100-sxm", "2022-09-01")["us-3a090-2022"]
    assert a100["class"] == "3A090 (2022)"
    assert a100["reason"] == "in force for this part from 2022-08-26 (NVIDIA Form 8-K (August 2022))"
    assert by_rule("nvidia-a800", "2022-09-01")["us-3a090-2022"]["class"] == "not in force"
    assert by_rule("nvidia-a100-sxm", "2022-08-25") == {}


def test_named_part_matches_the_product_not_a_longer_number() -> None:
    part = Part("NVIDIA", "A100")
    assert part.matches("NVIDIA", "A100 80GB SXM") and part.matches("nvidia", "a100 PCIe")
    assert not part.matches("NVIDIA", "A1000") and not part.matches("AMD", "A100")


# --- the January 2026 review policy (91 FR 1684) ---------------------------------------------


def test_2026_policy_covers_3a090b_parts(tmp_path: Path) -> None:
    # TPP 200 x 16 = 3,200, PD 3,200 / 1,000 = 3.2: 3A090.b (2,400 <= TPP < 4,800, 1.6 <= PD < 5.92)
    body = "die_area: 1000 mm^2\nmemory: {bandwidth: 1 TB/s}\ncompute: {bf16: 200 TFLOPS}\n"
    catalog = fake(tmp_path, body)
    rules = by_rule(catalog.get("x"), "2026-06-01", catalog)
    assert rules["us-3a090-2023"]["class"] == "3A090.b"
    assert rules["us-china-case-by-case-2026"]["class"] == "case-by-case"


def test_2026_policy_needs_the_chip_on_sale_when_published(tmp_path: Path) -> None:
    catalog = fake(tmp_path, "released: 2026-03\nmemory: {bandwidth: 1 TB/s}\ncompute: {bf16: 400 TFLOPS}\n")
    record = by_rule(catalog.get("x"), "2026-06-01", catalog)["us-china-case-by-case-2026"]
    assert record["class"] == "presumption of denial"
    assert record["reason"] == "released 2026-03, after 2026-01-15: not on sale when the rule was published"
    # a year alone that could be before the publication decides nothing
    (tmp_path / "x.yaml").write_text("name: X\nvendor: V\nreleased: 2026\nmemory: {bandwidth: 1 TB/s}\n"
                                     "compute: {bf16: 400 TFLOPS}\n")  # fmt: skip
    catalog = chipspec.load_catalog(tmp_path, bundled=False)
    assert by_rule(catalog.get("x"), "2026-06-01", catalog)["us-china-case-by-case-2026"]["class"] == "case-by-case"
    # bundled: Moore Threads MTT S5000, 3A090.a by TPP 8,000, released 2026-02
    s5000 = by_rule("moorethreads-mtt-s5000", "2026-06-01")["us-china-case-by-case-2026"]
    assert s5000["class"] == "presumption of denial" and s5000["reason"].startswith("released 2026-02")


def test_2026_policy_states_what_the_sheets_cannot_decide() -> None:
    out = io.StringIO()
    assert main(["export-control", "h200", "--as-of", "2026-06-01", "--width", "200"], out=out, err=io.StringIO()) == 0
    text = " ".join(out.getvalue().split())
    for said in RULES["us-china-case-by-case-2026"].unmodelled:
        assert f"not decided by the sheets: {said}" in text
    assert "regulation: the license review policy for items that already need a license" in text


# --- counting conventions ----------------------------------------------------------------------


def test_trainium2_class_depends_on_tf32_convention() -> None:
    # AWS: '667 BF16/FP16/TF32 TFLOPS'. 667 x 32 = 21,344 >= 21,000; 667 x 19 = 12,673 < 21,000
    (res,) = export_control(["aws-trainium2"], as_of="2026-06-01")
    rec = res.to_record()
    assert rec["tpp"]["value"] == 21344 and rec["tpp_precision"] == "tf32"
    assert rec["tpp_readings"] == [
        {
            "reading": "TF32 as 19 bits",
            "conventions": ["tf32-bits"],
            "tpp": 667 * 19,
            "tpp_precision": "tf32",
            "performance_density": None,
        }
    ]
    cbc = {r["rule"]: r for r in rec["rules"]}["us-china-case-by-case-2026"]
    assert cbc["class"] == "presumption of denial"
    assert cbc["possible"] == ["presumption of denial", "case-by-case"]
    assert cbc["depends_on"] == ["tf32-bits"]
    assert cbc["by_reading"] == [{"reading": "TF32 as 19 bits", "class": "case-by-case"}]
    # the 2023 rule does not depend on it: both readings are far above 4,800
    assert "depends_on" not in {r["rule"]: r for r in rec["rules"]}["us-3a090-2023"]


def test_conventions_that_change_no_class_are_still_shown() -> None:
    # MI355X: MXFP6 at the FP4 rate, 10.1 PFLOPS x 6 = 60,600; with the shared scale x 6.25 = 63,125
    (res,) = export_control(["amd-mi355x"], as_of="2026-06-01")
    assert res.figures.tpp == pytest.approx(60600)
    ((label, tpp),) = [(r.reading.label, r.tpp) for r in res.figures.other_readings]
    assert label == "FP6 as 6.25 bits" and tpp == pytest.approx(63125)
    assert all(not c.depends_on for c in res.classifications)
    out = io.StringIO()
    assert main(["export-control", "mi355x", "trainium2", "--as-of", "2026-06-01", "--width", "300"], out=out) == 0
    text = " ".join(out.getvalue().split())
    assert "AMD Instinct MI355X: TPP 60,600 (fp6, FP6 as 6 bits); 63,125 with FP6 as 6.25 bits" in text
    assert "presumption of denial (case-by-case with TF32 as 19 bits)" in text
    assert "us-china-case-by-case-2026: the class depends on the counting convention (tf32-bits)" in text


def test_a_reading_can_leave_the_class_undetermined() -> None:
    # Inferentia2: BF16 = TF32 = 190 TFLOPS, no die area. 32 bits: TPP 6,080 >= 4,800 -> 3A090.a;
    # 19 bits: TPP 3,610, so the density (unknown) decides
    rec = by_rule("aws-inferentia2", "2024-06-01")["us-3a090-2023"]
    assert rec["class"] == "3A090.a"
    assert rec["possible"] == ["3A090.a", "3A090.b", "not 3A090.a/.b"]
    assert rec["by_reading"] == [{"reading": "TF32 as 19 bits", "class": None}]


def test_convention_defaults_are_the_tpp_metric() -> None:
    from chipspec.metrics import BIT_LENGTH

    assert {c.precision: c.default for c in CONVENTIONS.values()} == {
        "tf32": BIT_LENGTH["tf32"],
        "fp6": BIT_LENGTH["fp6"],
    }


# --- against published classifications ----------------------------------------------------

# (chip, rule, day, what was published, where); each must agree with the lens, or the
# disagreement is written here with its size.
PUBLISHED = [
    # NVIDIA 8-K, 2023-10-24: the 2023 rule, 'applicable to products having a total processing
    # performance of 4800 or more [...] impacting shipments of the Company's A100, A800, H100,
    # H800, and L40S products'
    *[(c, "us-3a090-2023", "2023-11-17", "3A090.a") for c in
      ("nvidia-a100-sxm", "nvidia-a800", "nvidia-h100-sxm", "nvidia-h800", "nvidia-l40s")],
    # 91 FR 1684 and BIS: the H200 and the MI325X qualify ('TPP less than 21,000 ... total DRAM
    # bandwidth less than 6,500 GB/s, such as the NVIDIA H200 or AMD MI325X')
    ("nvidia-h200", "us-china-case-by-case-2026", "2026-06-01", "case-by-case"),
    ("amd-mi325x", "us-china-case-by-case-2026", "2026-06-01", "case-by-case"),
    # NVIDIA 8-K, 2025-04-15: the H20 needs a license
    ("nvidia-h20", "us-h20-license-2025", "2025-06-01", "license required"),
]  # fmt: skip


@pytest.mark.parametrize(("chip", "rule", "day", "published"), PUBLISHED)
def test_lens_agrees_with_published_classes(chip: str, rule: str, day: str, published: str) -> None:
    assert by_rule(chip, day)[rule]["class"] == published


def test_lens_tpp_against_published_tpp() -> None:
    # Tom's Hardware on 91 FR 1684: 'The MI325X delivers 1,300 TFLOPS of FP16 performance, which
    # translates to a TPP score of 20,800 [...] Nvidia's H200 offers 989.5 TFLOPS of FP16 throughput,
    # which converts to a TPP score of 15,832'
    h200, mi325x = export_control(["nvidia-h200", "amd-mi325x"], as_of="2026-06-01")
    assert h200.figures.tpp == 15832
    # Disagreement: the catalog's MI325X sheet gives 2,614.9 TFLOPS FP8 (x 8 = 20,919.2) where the
    # press counts 1,300 TFLOPS FP16 (x 16 = 20,800): 0.57% apart, both below 21,000.
    assert mi325x.figures.tpp == pytest.approx(20919.2)
    assert mi325x.figures.tpp_precision == "fp8"
    assert (mi325x.figures.tpp or 0) / 20800 - 1 == pytest.approx(0.00573, abs=1e-4)


# --- words ------------------------------------------------------------------------------------


def test_every_new_export_word_has_chinese() -> None:
    texts = [*KINDS.values(), "undetermined", "not in force", "named in the requirement"]
    for rule in RULES.values():
        texts += [rule.destinations, *rule.unmodelled, *(e.text for e in rule.history), rule.otherwise]
        texts += [c.result for c in rule.clauses]
    for c in CONVENTIONS.values():
        texts += [c.default_label, c.other_label, c.reason]
    missing = [t for t in texts if t and i18n.phrase(t, "zh") == t and not t.startswith("3A090")]
    assert missing == []


def test_cli_zh_words() -> None:
    out = io.StringIO()
    argv = ["export-control", "h20", "trainium2", "--as-of", "2026-06-01", "--lang", "zh", "--width", "300"]
    assert main(argv, out=out, err=io.StringIO()) == 0
    text = " ".join(out.getvalue().split())
    assert "需要许可证" in text and "推定拒绝（TF32 按 19 位时为逐案审查）" in text
    assert "“告知”通知（is-informed）" in text and "该要求点名的产品" in text
    assert "英伟达 H20, us-3a090-2023: TPP 2,368：低于3A090.b线（2,400）1.3%" in text
    assert "TPP 21,344：高于3A090.a线（4,800）344.7%（越过后由未知数据决定）" in text
    assert text.endswith("依据规格表数据对美国公开出口规则的参考性解读，不构成法律意见。")


def test_json_carries_readings_and_reasons() -> None:
    out = io.StringIO()
    argv = ["export-control", "trainium2", "h20", "--as-of", "2026-06-01", "--format", "json"]
    assert main(argv, out=out, err=io.StringIO()) == 0
    trn2, h20 = json.loads(out.getvalue())
    assert trn2["tpp_readings"][0]["tpp"] == 12673
    assert {r["rule"]: r for r in h20["rules"]}["us-h20-license-2025"]["reason"] == "named in the requirement"


def test_rules_in_force_names_each_rule_once_per_day() -> None:
    for day in ("2023-10-23", "2025-04-09", "2026-12-07"):
        names = [r.name for r in rules_in_force(dt.date.fromisoformat(day))]
        assert len(names) == len(set(names))


def test_margin_counts_a_line_past_which_an_unknown_figure_decides() -> None:
    # Trainium2 has no die area: below TPP 4,800 its class would hang on the density, so the
    # nearest line is 4,800 (not the 1,600 of the density clause)
    rec = by_rule("aws-trainium2", "2026-06-01")["us-3a090-2023"]
    assert rec["margin"]["becomes"] == "undetermined"
    assert rec["margin"]["text"] == (
        "TPP 21,344: 344.7% above the 3A090.a line at 4,800 (across it an unknown figure decides)"
    )
