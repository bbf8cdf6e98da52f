"""The loader: valid sheets, and a located one-line error for every bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

import chipspec
from chipspec import CatalogError, SpecError, load_catalog, load_spec
from tests.conftest import BAD, CHIPS

# file in tests/data/bad -> the exact message(s) the loader gives.
BAD_CASES = {
    "absurd": "4: power.tdp: expected a power like '400 W', got '7 GW' (outside the plausible range 1 to 100000 W)",
    "alias-bomb": "8: more than 20000 YAML nodes (alias expansion?); refused",
    "bad-category": "3: category: expected one of GPU, NPU, TPU, ASIC, other, got 'FPGA'",
    "bad-confidence": "4: power.tdp.confidence: expected one of official, reported, estimated, got 'sure'",
    "bad-url": "4: sources.a.url: expected an http(s) URL, got 'ftp://x'",
    "bandwidth-in-hz": "4: memory.bandwidth: expected a bandwidth like '3.35 TB/s', got '3 THz' (unknown unit 'THz')",
    "big-integer": "4: extra.n: expected a plain decimal integer, got the bare number 10000000000000000000... (4001 characters) (quote it to keep it as text)",
    "boolean": "4: memory.type: expected text, got 'NO', which YAML reads as a boolean (quote it: '\"NO\"')",
    "comment-only": "1: empty file: expected a mapping with at least name and vendor",
    "compute-in-bytes": "4: compute.bf16: expected a floating-point throughput like '148 TFLOPS', got '148 TB/s' ('TB/s' is a bandwidth)",
    "date": "3: released: expected a year or 'YYYY-MM' from 1950 to 2099, like 2024 or '2024-03', got '2024-01-01', "
    "which YAML reads as a date (quote it: '\"2024-01-01\"')",
    "decimal-comma": "4: memory.bandwidth: expected a bandwidth like '3.35 TB/s', got '3,35 TB/s' "
    "(write one plain number: no thousands separators or decimal commas)",
    "duplicate-key": "5: power.tdp: duplicate key (first defined on line 4)",
    "empty": "1: empty file: expected a mapping with at least name and vendor",
    "expression": "4: power.tdp: expected a power like '400 W', got '10**10**10 W'",
    "extends-missing": "3: extends: no sheet with id 'nothing-here' is loaded",
    "infinite": "4: power.tdp: expected a power like '400 W', got 'inf W' (must be a positive, finite number)",
    "missing-name": "1: name: required field is missing",
    "missing-unit": "4: memory.capacity: expected a memory size like '96 GB', got the bare number 96 (missing unit)",
    "missing-vendor": "1: vendor: required field is missing",
    "multi-document": "3: expected one document, found several ('---'); put one chip per file",
    "nan": "4: power.tdp: expected a power like '400 W', got 'nan W' (must be a positive, finite number)",
    "negative": "4: power.tdp: expected a power like '400 W', got '-400 W' (must be positive)",
    "not-mapping": "1: expected a mapping, got a list",
    "octal": "4: host.pcie.lanes: expected a lane count as a plain decimal number, got '010'",
    "pcie-gen": "4: host.pcie.gen: expected a PCIe generation from 1 to 7, got 9",
    "pcie-lanes": "4: host.pcie.lanes: expected a lane count of 1, 2, 4, 8, 16, 32, got 12",
    "python-tag": "3: explicit YAML tag 'tag:yaml.org,2002:python/object/apply:os.system': spec sheets hold plain data",
    "several": [
        "5: memory.bandwidth: expected a bandwidth like '3.35 TB/s', got '700 W' ('W' is a power)",
        "7: power.tdp: expected a power like '400 W', got the bare number 400 (missing unit)",
    ],
    "syntax": "5: invalid YAML: while parsing a flow sequence did not find expected ',' or ']'",
    "tab": "4: invalid YAML: while scanning for the next token found character that cannot start any token "
    "(a tab: indent with spaces)",
    "thousands": "4: memory.bandwidth: expected a bandwidth like '3.35 TB/s', got '1 800 GB/s' "
    "(write one plain number: no thousands separators or decimal commas)",
    "unknown-key": "4: memory.bandwith: unknown key; did you mean 'bandwidth'?",
    "unknown-precision": "4: compute.bf17: unknown key; did you mean 'bf16'?",
    "unknown-section": "3: memroy: unknown key; did you mean 'memory'?",
    "unknown-source": "4: power.tdp.source: 'nv-datasheet' is not a key of sources; did you mean 'nv-datashet'?",
    "unknown-unit": "4: memory.capacity: expected a memory size like '96 GB', got '96 GX' (unknown unit 'GX')",
    "wrong-dimension": "4: memory.bandwidth: expected a bandwidth like '3.35 TB/s', got '700 W' ('W' is a power)",
    "zero": "4: power.tdp: expected a power like '400 W', got '0 W' (must be a positive, finite number)",
}


def test_every_bad_file_has_a_case() -> None:
    files = {p.stem for p in BAD.glob("*.yaml")} - {"cycle-a", "cycle-b"}
    assert files == set(BAD_CASES)


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_sheet_gives_located_message(case: str) -> None:
    path = BAD / f"{case}.yaml"
    expected = BAD_CASES[case]
    expected = [expected] if isinstance(expected, str) else expected
    with pytest.raises(SpecError) as info:
        load_spec(path)
    assert [str(p) for p in info.value.problems] == [f"{path}:{e}" for e in expected]
    assert isinstance(info.value, ValueError)
    assert info.value.path == str(path)


def test_error_attributes() -> None:
    with pytest.raises(SpecError) as info:
        load_spec(BAD / "wrong-dimension.yaml")
    error = info.value
    assert (error.line, error.field) == (4, "memory.bandwidth")
    assert error.message.startswith("expected a bandwidth like '3.35 TB/s', got '700 W'")


def test_cycle_names_the_files() -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog(BAD / "cycle-a.yaml", BAD / "cycle-b.yaml", bundled=False)
    messages = [p.message for p in info.value.problems]
    cycle = [m for m in messages if m.startswith("inheritance cycle")]
    assert len(cycle) == 1
    assert "cycle-a.yaml" in cycle[0] and "cycle-b.yaml" in cycle[0]
    assert any(m.startswith("base 'cycle-b' did not load: ") for m in messages)
    assert len(info.value.catalog) == 0


def test_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"name: X\nvendor: Caf\xe9\n")
    with pytest.raises(SpecError) as info:
        load_spec(path)
    assert str(info.value) == f"{path}:2: not valid UTF-8 (byte 0xe9 at offset 19)"


def test_file_over_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("name: X\nvendor: Y\n# " + "x" * (1 << 20) + "\n")
    with pytest.raises(SpecError) as info:
        load_spec(path)
    assert str(info.value) == f"{path}: file is larger than 1024 KiB; refused"


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("extra: " + "[" * 30000 + "]" * 30000, 3),
        ("extra:\n  " + "- " * 30000 + "x", 4),
        ("extra: " + "{a: " * 100 + "1" + "}" * 100, 3),
    ],
)
def test_deep_nesting_is_refused_and_located(tmp_path: Path, body: str, line: int) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(f"name: X\nvendor: Y\n{body}\n")
    with pytest.raises(SpecError) as info:
        load_spec(path)
    assert "nested deeper than 64 levels; refused" in str(info.value)
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path / "nope.yaml", bundled=False)
    assert str(info.value).startswith(f"{tmp_path / 'nope.yaml'}: cannot read: ")


def test_duplicate_ids_name_both_files(tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.yaml").write_text("name: X\nvendor: Y\n")
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path, bundled=False)
    assert str(info.value) == (
        f"{tmp_path}/two/same.yaml:1: duplicate id 'same': also defined in {tmp_path}/one/same.yaml"
    )
    assert info.value.catalog.ids == ("same",)


def test_good_sheets_survive_a_bad_one(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("name: X\n")
    with pytest.raises(CatalogError) as info:
        load_catalog(CHIPS, tmp_path, bundled=False)
    assert info.value.catalog.ids == ("fake-alpha", "fake-alpha-lite", "fake-beta", "fake-gamma")
    assert [str(p) for p in info.value.problems] == [f"{tmp_path}/bad.yaml:1: vendor: required field is missing"]


def test_fake_chip_values(fakes: chipspec.Catalog) -> None:
    alpha = fakes.get("fake-alpha")
    assert alpha.memory.capacity == chipspec.Q_(80, "GB")
    assert alpha.magnitude("memory.bandwidth", "GB/s") == pytest.approx(2000)
    assert alpha.host.pcie is not None and (alpha.host.pcie.gen, alpha.host.pcie.lanes) == (5, 16)
    assert alpha.compute_sparse.fp8 == chipspec.Q_(1600, "TFLOP/s")
    assert alpha.compute.fp64 is None  # unknown is None, never 0
    beta = fakes.get("fake-beta")
    assert beta.magnitude("memory.bandwidth", "GB/s") == pytest.approx(1000)
    assert beta.magnitude("memory.capacity", "B") == 64 * 2**30
    assert beta.magnitude("power.tdp", "W") == pytest.approx(350)
    assert beta["host.pcie.lanes"] == 16


def test_variant_inherits_and_overrides(fakes: chipspec.Catalog) -> None:
    lite = fakes.get("fake-alpha-lite")
    assert lite.extends == "fake-alpha"
    assert lite.compute.bf16 == fakes.get("fake-alpha").compute.bf16
    assert lite.interconnect.bandwidth == chipspec.Q_(200, "GB/s")
    assert lite.interconnect.name == "FakeLink"
    assert lite.provenance("compute.bf16").sheet == "fake-alpha"
    assert lite.provenance("interconnect.bandwidth").sheet == "fake-alpha-lite"
    # an inherited value without its own source is backed by the base sheet's sources
    assert {s.key for s in lite.provenance("compute.bf16").sources} == {"fake-brief", "fake-report"}
    assert set(lite.sources) == {"fake-brief", "fake-report", "lite-note"}
    assert lite.aliases == ()


def test_variant_null_unsets_an_inherited_value(tmp_path: Path) -> None:
    (tmp_path / "fake-alpha-nofp32.yaml").write_text("extends: fake-alpha\nname: No FP32\ncompute:\n  fp32: null\n")
    catalog = load_catalog(CHIPS, tmp_path, bundled=False)
    assert catalog.get("fake-alpha-nofp32").compute.fp32 is None
    assert catalog.get("fake-alpha").compute.fp32 is not None


def test_null_in_a_plain_sheet_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("name: X\nvendor: Y\npower:\n  tdp: null\n")
    with pytest.raises(SpecError) as info:
        load_spec(path)
    assert str(info.value) == f"{path}:4: power.tdp: got nothing (null); leave a field out when it is unknown"


def test_extends_needs_the_catalog() -> None:
    with pytest.raises(SpecError) as info:
        load_spec(CHIPS / "fake-alpha-lite.yaml")
    assert str(info.value) == f"{CHIPS / 'fake-alpha-lite.yaml'}:2: extends: no sheet with id 'fake-alpha' is loaded"


def test_pcie_spellings(tmp_path: Path) -> None:
    for text in ("5.0 x16", "5.0 × 16", "Gen5 x16", "5 X16"):
        path = tmp_path / "p.yaml"
        path.write_text(f'name: X\nvendor: Y\nhost:\n  pcie: "{text}"\n')
        pcie = load_spec(path).host.pcie
        assert pcie is not None and (pcie.gen, pcie.lanes) == (5, 16), text


# The loader pauses the cyclic garbage collector while it reads (docs/performance.md). That
# is process-wide state, so every way out must leave it as the caller had it.
def test_collector_is_restored_after_a_load(tmp_path: Path) -> None:
    import gc

    assert gc.isenabled()
    load_catalog()
    assert gc.isenabled()


def test_collector_is_restored_when_the_load_fails(tmp_path: Path) -> None:
    import gc

    (tmp_path / "bad.yaml").write_text("name: X\nvendor: Y\npower:\n  tdp: 7 parsecs\n", encoding="utf-8")
    with pytest.raises(CatalogError):
        load_catalog(tmp_path, bundled=False)
    assert gc.isenabled()


def test_collector_is_restored_when_reading_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from chipspec import load

    def broken(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(load, "_read_all", broken)
    with pytest.raises(KeyboardInterrupt):
        load_catalog()
    assert gc.isenabled()


def test_collector_left_disabled_when_the_caller_disabled_it() -> None:
    import gc

    gc.disable()
    try:
        load_catalog()
        assert not gc.isenabled()
    finally:
        gc.enable()
