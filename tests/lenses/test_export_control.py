"""Export-control lens: worked examples from the sheets, classification with unknowns,
rule selection by date, margins, and monotonicity."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import chipspec
from chipspec.cli import main
from chipspec.lenses.export_control import NOTICE, RULES, classify_figures, export_control, rules_in_force, strictness


def records(*args: object, **kwargs: object) -> list[dict]:  # type: ignore[type-arg]
    return [r.to_record() for r in export_control(*args, **kwargs)]  # type: ignore[arg-type]


def record(chip: str, rule: str) -> dict:  # type: ignore[type-arg]
    (rec,) = records([chip], rule=rule)
    (result,) = rec["rules"]
    return {**rec, **result}


def test_h100_sxm() -> None:
    # dense BF16 989.5 TFLOPS x 16 bits = 15,832; die 814 mm^2 -> PD 19.45
    r = record("nvidia-h100-sxm", "us-3a090-2023")
    assert r["tpp"]["value"] == pytest.approx(989.5 * 16) == pytest.approx(15832)
    assert r["tpp_precision"] == "bf16"
    assert r["performance_density"]["value"] == pytest.approx(15832 / 814)
    assert r["class"] == "3A090.a"
    assert r["margin"]["text"] == "TPP 15,832: 229.8% above the 3A090.a line at 4,800"


def test_a100_controlled_under_2022() -> None:
    # 312 TFLOPS x 16 = 4,992 >= 4,800, and NVLink 600 GB/s (+ PCIe 4.0 x16 both ways) >= 600 GB/s
    r = record("nvidia-a100-sxm", "us-3a090-2022")
    assert r["tpp"]["value"] == pytest.approx(312 * 16) == 4992
    assert r["io_bandwidth"]["value"] == pytest.approx(600 + 2 * 16 * 16 * 128 / 130 / 8)
    assert r["class"] == "3A090 (2022)"


def test_a800_not_under_2022_but_a_under_2023() -> None:
    # NVLink cut to 400 GB/s: 400 + 63 = 463 GB/s < 600; TPP unchanged at 4,992
    r2022 = record("nvidia-a800", "us-3a090-2022")
    assert r2022["io_bandwidth"]["value"] == pytest.approx(400 + 2 * 16 * 16 * 128 / 130 / 8)
    assert r2022["class"] == "not controlled"
    assert r2022["margin"]["figure"] == "io_bandwidth"
    r2023 = record("nvidia-a800", "us-3a090-2023")
    assert r2023["class"] == "3A090.a"
    assert r2023["tpp"]["value"] == 4992


def test_h20_below_a_and_b() -> None:
    # 148 TFLOPS x 16 = 2,368 < 2,400; PD 2,368 / 814 = 2.91 < 3.2
    r = record("nvidia-h20", "us-3a090-2023")
    assert r["tpp"]["value"] == 2368
    assert r["performance_density"]["value"] == pytest.approx(2368 / 814)
    assert r["class"] == "not 3A090.a/.b"
    assert r["margin"]["text"] == "TPP 2,368: 1.3% below the 3A090.b line at 2,400"
    assert r["margin"]["becomes"] == "3A090.b"


def test_missing_die_area_is_undetermined_only_where_density_decides() -> None:
    # MI300X-like: TPP >= 4800 decides 3A090.a whatever the die area
    big = classify_figures(RULES["us-3a090-2023"], {"tpp": 20000.0, "performance_density": None})
    assert big == ("3A090.a", ("3A090.a",))
    # TPP 3,000 without a die area: a (PD >= 5.92), b (1.6 <= PD < 5.92) or not covered (PD < 1.6)
    mid = classify_figures(RULES["us-3a090-2023"], {"tpp": 3000.0, "performance_density": None})
    assert mid == (None, ("3A090.a", "3A090.b", "not 3A090.a/.b"))
    small = classify_figures(RULES["us-3a090-2023"], {"tpp": 1000.0, "performance_density": None})
    assert small == ("not 3A090.a/.b", ("not 3A090.a/.b",))


def test_undetermined_names_missing_fields(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "mid.yaml").write_text("name: Mid\nvendor: V\ncompute:\n  bf16: 200 TFLOPS\n")
    catalog = chipspec.load_catalog(tmp_path, bundled=False)
    (rec,) = records(catalog, rule="us-3a090-2023")
    assert rec["rules"][0] == {
        "rule": "us-3a090-2023",
        "class": None,
        "possible": ["3A090.a", "3A090.b", "not 3A090.a/.b"],
        "missing": ["die_area"],
    }


def test_no_compute_is_undetermined() -> None:
    r = record("thead-ppu", "us-3a090-2023")
    assert r["class"] is None and r["missing"] == ["compute.*", "die_area"]


def test_sparse_figures_are_never_used(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "s.yaml").write_text(
        "name: S\nvendor: V\ncompute:\n  bf16: 100 TFLOPS\ncompute_sparse:\n  bf16: 400 TFLOPS\n"
    )
    (rec,) = records(chipspec.load_catalog(tmp_path, bundled=False), rule="us-3a090-2023")
    assert rec["tpp"]["value"] == 1600


@pytest.mark.parametrize(
    ("day", "names"),
    [
        ("2022-06-01", []),
        ("2022-08-25", []),
        ("2022-08-26", ["us-3a090-2022"]),  # in force early for A100 and H100
        ("2022-10-07", ["us-3a090-2022"]),
        ("2023-10-22", ["us-3a090-2022"]),
        ("2023-10-23", ["us-3a090-2022", "us-3a090-2023"]),  # in force early for named parts
        ("2023-11-16", ["us-3a090-2022", "us-3a090-2023"]),
        ("2023-11-17", ["us-3a090-2023"]),
        ("2025-04-08", ["us-3a090-2023"]),
        ("2025-04-09", ["us-3a090-2023", "us-h20-license-2025"]),
        ("2026-01-14", ["us-3a090-2023", "us-h20-license-2025"]),
        ("2026-01-15", ["us-3a090-2023", "us-h20-license-2025", "us-china-case-by-case-2026"]),
    ],
)
def test_rules_by_date(day: str, names: list[str]) -> None:
    assert [r.name for r in rules_in_force(dt.date.fromisoformat(day))] == names


def test_case_by_case_2026_h200_b200() -> None:
    # BIS names the H200 as covered: TPP 15,832 < 21,000 and 4.8 TB/s < 6,500 GB/s
    (h200,) = records(["nvidia-h200"], as_of="2026-06-01")
    by_rule = {r["rule"]: r["class"] for r in h200["rules"]}
    assert by_rule["us-3a090-2023"] == "3A090.a"
    assert by_rule["us-china-case-by-case-2026"] == "case-by-case"
    (b200,) = records(["nvidia-b200"], as_of="2026-06-01")
    assert {r["rule"]: r["class"] for r in b200["rules"]}["us-china-case-by-case-2026"] == "presumption of denial"
    (h20,) = records(["nvidia-h20"], as_of="2026-06-01")
    assert {r["rule"]: r["class"] for r in h20["rules"]}["us-china-case-by-case-2026"] == "not applicable"


def test_unknown_rule_suggests() -> None:
    with pytest.raises(chipspec.UnknownNameError) as info:
        export_control(["h20"], rule="us-3a090-2032")
    assert str(info.value) == "unknown rule 'us-3a090-2032'; did you mean 'us-3a090-2022', 'us-3a090-2023'?"


def test_python_entry_point_is_the_package_function() -> None:
    (res,) = chipspec.export_control(["h20"], rule="us-3a090-2023", as_of=dt.date(2024, 1, 1))
    assert res.classifications[0].result == "not 3A090.a/.b"
    assert res.to_record()["notice"] == chipspec.NOTICE


def test_cli_table_json_and_notice() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["export-control", "nvidia-h20", "nvidia-a800", "--as-of", "2024-01-01"], out=out, err=err) == 0
    text = out.getvalue()
    assert "not 3A090.a/.b" in text and "3A090.a" in text
    assert "NVIDIA H20, us-3a090-2023: TPP 2,368: 1.3% below the 3A090.b line at 2,400" in text
    assert (
        "us-3a090-2023: 88 FR 73458 (October 25, 2023); thresholds kept by 89 FR 96790 (December 5, 2024), in force "
        "from 2023-11-17 (2023-10-23 for A100, A800, H100, H800, L40S)"
    ) in " ".join(text.split())
    assert text.rstrip().endswith(NOTICE)
    out = io.StringIO()
    assert main(["export-control", "h20", "--format", "json", "--rule", "us-3a090-2023"], out=out, err=err) == 0
    (rec,) = json.loads(out.getvalue())
    assert rec["notice"] == NOTICE and rec["rules"][0]["class"] == "not 3A090.a/.b"
    assert main(["export-control", "h20", "--as-of", "2024-13-01"], out=io.StringIO(), err=err) == 2


def test_before_any_rule_the_table_says_so() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["export-control", "h20", "--as-of", "2019-01-01"], out=out, err=err) == 0
    assert "no US export rule was in force on 2019-01-01 (the first took effect on 2022-08-26)" in out.getvalue()


ORDER_2023 = st.floats(min_value=1.0, max_value=1e6, allow_nan=False)


@given(ORDER_2023, st.floats(min_value=0.01, max_value=1000, allow_nan=False), st.floats(min_value=1.0, max_value=10.0))
def test_class_never_less_strict_as_tpp_or_density_grow(tpp: float, density: float, factor: float) -> None:
    rule = RULES["us-3a090-2023"]
    base, _ = classify_figures(rule, {"tpp": tpp, "performance_density": density})
    for grown in ({"tpp": tpp * factor, "performance_density": density}, {"tpp": tpp, "performance_density": density * factor},
                  {"tpp": tpp * factor, "performance_density": density * factor}):  # fmt: skip
        bigger, _ = classify_figures(rule, grown)
        assert base is not None and bigger is not None
        assert strictness(bigger) >= strictness(base)


def test_the_lens_adds_its_classes_to_a_comparison_as_columns(catalog: chipspec.Catalog) -> None:
    """The export lens holds a Comparison and adds columns through the engine's extension
    protocol: each column agrees with the lens's own records, cell by cell."""
    from chipspec.lenses.export_control import ExportReading

    chips = ["h20", "h100-sxm", "910b", "thead-ppu", "b200"]
    reading = ExportReading(chips, as_of="2026-06-01", catalog=catalog)
    comparison = reading.comparison
    assert reading.names == (
        "export.io_bandwidth", "export.us-3a090-2023", "export.us-h20-license-2025", "export.us-china-case-by-case-2026"
    )  # fmt: skip
    results = reading.results()
    assert results == export_control(chips, as_of="2026-06-01", catalog=catalog)
    for k, name in enumerate(reading.names[1:]):
        col = comparison.column(name)
        assert col.is_text and col.words
        assert list(col.values) == [r.classifications[k].result for r in results]
    io = comparison.column("export.io_bandwidth")
    assert io.unit == "GB/s" and io.values[0] == pytest.approx(
        900 + 2 * 63.015, rel=1e-4
    )  # H20: link + 2 x PCIe 5.0 x16
    ppu = comparison.index(catalog.get("thead-ppu"))
    assert comparison.column("export.us-3a090-2023").values[ppu] is None  # undetermined: no compute
    assert comparison.column("export.us-3a090-2023").missing[ppu] == ("compute.*", "die_area")
    from chipspec.report.tables import rests_on

    assert comparison.needs("export.us-3a090-2023") == ("tpp", "performance_density")
    assert "die_area" in rests_on(comparison, "export.us-3a090-2023", 0)  # through the engine's metrics
    # a ranking and a table read them like any column; the words follow the reader's language
    assert comparison.rank("tpp").rows[0].chip.id == "nvidia-b200"
    shown = ExportReading(
        chips, as_of="2026-06-01", catalog=catalog, columns=["tpp", "export.us-china-case-by-case-2026"]
    )
    table = shown.comparison.table(lang="zh", width=160)
    assert "推定拒绝" in table and "逐案审查" in table and "us-china-case-by-case-2026 出口类别" in table
    assert "presumption of denial" not in table
    # the records a user gets are new each call; the frozen ExportResults inside are the lens's
    assert reading.results() is not results


def test_a_column_of_a_rule_not_in_force_is_an_unknown_column(catalog: chipspec.Catalog) -> None:
    from chipspec.lenses.export_control import ExportReading

    with pytest.raises(
        chipspec.UnknownNameError, match=re.escape("unknown metric or field 'export.us-china-case-by-case-2026'")
    ):
        ExportReading(["h20"], as_of="2024-06-01", catalog=catalog, columns=["export.us-china-case-by-case-2026"])
