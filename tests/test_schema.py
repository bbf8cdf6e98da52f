"""The JSON Schema, checked with a real validator: every bundled sheet validates, and what
the loader refuses that JSON Schema can express is refused too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import chipspec
from chipspec.schema import json_schema, measured_schema
from tests.conftest import BAD, CHIPS

VALIDATOR = jsonschema.Draft202012Validator(json_schema())
BUNDLED = sorted(
    p for p in chipspec.bundled_specs_dir().rglob("*.yaml") if p.name != "vendors.yaml" and p.parent.name != "measured"
)


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize("path", [*BUNDLED, *sorted(CHIPS.glob("*.yaml"))], ids=lambda p: p.stem)
def test_every_sheet_the_loader_accepts_validates(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = sorted(VALIDATOR.iter_errors(data), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message[:200]}" for e in errors]


BASE = {"name": "X", "vendor": "Y"}


@pytest.mark.parametrize(
    "sheet",
    [
        {"name": "X"},  # vendor required without extends
        {"name": "Line 1\nLine 2", "vendor": "Y"},  # a name is one line
        {**BASE, "architecture": "Hop\tper"},  # a tab in a label
        {**BASE, "memroy": {}},  # unknown key
        {**BASE, "memory": {"bandwith": "1 TB/s"}},  # unknown field
        {**BASE, "memory": {"bandwidth": 700}},  # bare number
        {**BASE, "memory": {"bandwidth": "700 W"}},  # wrong dimension
        {**BASE, "memory": {"bandwidth": "3,35 TB/s"}},  # decimal comma
        {**BASE, "compute": {"bf16": "624 TOPS"}},  # OPS for a floating-point precision
        {**BASE, "compute": {"int8": "624 TFLOPS"}},  # FLOPS for an integer precision
        {**BASE, "host": {"pcie": "5.0 x12"}},  # lane count the loader refuses
        {**BASE, "host": {"pcie": {"gen": 9, "lanes": 16}}},
        {**BASE, "released": 1800},
        {**BASE, "released": "2024-13"},
        {**BASE, "status": "rumoured"},
        {**BASE, "category": "FPGA"},
        {**BASE, "power": {"tdp": None}},  # null only in a variant
        {**BASE, "power": {"tdp": {"value": "400 W", "ack": {"no-such-check": "x"}}}},
        {**BASE, "power": {"tdp": {"value": "400 W", "direction": "both"}}},  # annotation of another field
        {**BASE, "interconnect": {"bandwidth": {"value": "400 GB/s", "direction": "sideways"}}},
        {**BASE, "sources": {"s": {"title": "T", "ack": {"no-such-check": "x"}}}},
        {**BASE, "sources": {"s": {"url": "ftp://x"}}},
        {"extends": "base", "name": None},  # required fields cannot be unset
        {"extends": "base", "name": "V", "vendor": None},
        {**BASE, "aliases": ["A", "A"]},
        {**BASE, "dies": 0},
    ],
)
def test_what_the_loader_refuses_the_schema_refuses(sheet: dict[str, Any], tmp_path: Path) -> None:
    assert list(VALIDATOR.iter_errors(sheet)), sheet
    path = tmp_path / "x.yaml"
    path.write_text(yaml.safe_dump(sheet, allow_unicode=True))
    with pytest.raises((chipspec.SpecError, chipspec.CatalogError)):
        chipspec.load_catalog(path, CHIPS, bundled=False)


def test_a_variant_may_unset_with_null() -> None:
    assert not list(VALIDATOR.iter_errors({"extends": "base", "name": "V", "compute": {"fp64": None}}))


def test_bad_fixture_files_the_schema_can_express_are_refused() -> None:
    for name in (
        "bad-category",
        "bad-confidence",
        "bad-url",
        "missing-unit",
        "missing-vendor",
        "pcie-gen",
        "pcie-lanes",
        "unknown-key",
        "unknown-precision",
        "unknown-section",
        "wrong-dimension",
        "compute-in-bytes",
        "bandwidth-in-hz",
    ):
        data = yaml.safe_load((BAD / f"{name}.yaml").read_text())
        assert list(VALIDATOR.iter_errors(data)), name


MEASURED_VALIDATOR = jsonschema.Draft202012Validator(measured_schema())
MEASURED = sorted((chipspec.bundled_specs_dir() / "measured").glob("*.yaml"))


def _plain(data: Any) -> Any:
    """YAML 1.1 reads 2024-09-11 as a date; editors (YAML 1.2) and chipspec read text."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data.isoformat() if hasattr(data, "isoformat") else data


def test_the_measured_schema_is_valid_and_every_bundled_file_validates() -> None:
    jsonschema.Draft202012Validator.check_schema(measured_schema())
    assert len(MEASURED) >= 5
    for path in MEASURED:
        data = _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
        errors = [f"{path.name} {list(e.path)}: {e.message[:200]}" for e in MEASURED_VALIDATOR.iter_errors(data)]
        assert errors == []


@pytest.mark.parametrize(
    "change",
    [
        {"value": "80 GB/s"},  # a bandwidth for a matmul
        {"pattern": "copy"},  # a memory property on a matmul
        {"by": "friends"},
        {"quote": None},  # neither quote nor result
        {"who": "me"},
    ],
    ids=["unit", "property", "by", "no-quote", "unknown-key"],
)
def test_what_the_loader_refuses_in_a_measurement_the_schema_refuses(change: dict[str, Any], tmp_path: Path) -> None:
    record = {"chip": "test-chip", "kind": "matmul", "precision": "bf16", "value": "80 TFLOPS", "method": "m",
              "source": "s", "quote": "q", "by": "community"}  # fmt: skip
    record.update(change)
    record = {k: v for k, v in record.items() if v is not None}
    data = {"sources": {"s": {"title": "t", "url": "https://example.com"}}, "measured": [record]}
    assert list(MEASURED_VALIDATOR.iter_errors(data))
    (tmp_path / "test-chip.yaml").write_text("name: Test Chip\nvendor: Testco\n", encoding="utf-8")
    (tmp_path / "measured").mkdir()
    (tmp_path / "measured" / "m.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(chipspec.CatalogError):
        chipspec.load_catalog(tmp_path, bundled=False)
