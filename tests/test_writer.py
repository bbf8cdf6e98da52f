"""Writing specs back to YAML: dump-then-load is the identity; mutations load or raise SpecError."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import chipspec
from chipspec import SpecError, load_spec
from chipspec.writer import dump
from tests.conftest import CHIPS
from tests.strategies import sheets, variants


def _roundtrip(chip: chipspec.Spec, folder: Path) -> chipspec.Spec:
    path = folder / f"{chip.id}.yaml"
    dump(chip, path)
    return load_spec(path)


def test_bundled_catalog_roundtrips(catalog: chipspec.Catalog, tmp_path: Path) -> None:
    for chip in catalog:
        again = _roundtrip(chip, tmp_path)
        assert again == chip, chip.id
        for path in chip:
            assert again.provenance(path) == chip.provenance(path), (chip.id, path)


def test_variant_is_written_flat(fakes: chipspec.Catalog, tmp_path: Path) -> None:
    lite = fakes.get("fake-alpha-lite")
    text = dump(lite)
    assert "extends" not in text
    assert _roundtrip(lite, tmp_path) == lite


def test_acks_and_annotations_roundtrip(fakes: chipspec.Catalog, tmp_path: Path) -> None:
    gamma = fakes.get("fake-gamma")
    again = _roundtrip(gamma, tmp_path)
    assert again.provenance("interconnect.bandwidth").direction == "unstated"
    assert again == gamma
    (tmp_path / "acked.yaml").write_text(
        "name: X\nvendor: Y\npower:\n  tdp: {value: 400 W, ack: {implausible-ratio: why}}\n"
        "sources:\n  s: {title: S, ack: {source-without-url: private}}\n"
    )
    acked = load_spec(tmp_path / "acked.yaml")
    assert _roundtrip(acked, tmp_path / "..") == acked


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(sheets(), variants())
def test_dump_of_a_variant_loads_back_flat(base: dict[str, Any], variant: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "base.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
        (root / "variant.yaml").write_text(yaml.safe_dump(variant, allow_unicode=True), encoding="utf-8")
        chip = chipspec.load_catalog(root, bundled=False).get("variant")
        out = root / "out"
        out.mkdir()
        again = _roundtrip(chip, out)
        assert again == chip
        for field in chip:
            assert again.provenance(field) == chip.provenance(field)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(sheets())
def test_dump_then_load_is_identity(sheet: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chip.yaml"
        path.write_text(yaml.safe_dump(sheet, allow_unicode=True), encoding="utf-8")
        chip = load_spec(path)
        again = _roundtrip(chip, Path(folder))
        assert again == chip
        for field in chip:
            assert again.provenance(field) == chip.provenance(field)


_JUNK = st.one_of(
    st.text(max_size=12),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(sheets(), st.data())
def test_mutations_load_or_raise_spec_error(sheet: dict[str, Any], data: st.DataObject) -> None:
    # Replace, delete or add one value anywhere in the mapping tree (of a copy: a drawn
    # value is Hypothesis's, and editing it in place would change what it replays).
    sheet = copy.deepcopy(sheet)
    node: Any = sheet
    while True:
        key = data.draw(st.sampled_from(sorted(node)))
        child = node[key]
        if isinstance(child, dict) and child and data.draw(st.booleans()):
            node = child
            continue
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            node[key] = data.draw(_JUNK)
        elif action == "delete":
            del node[key]
        else:
            node[data.draw(st.text(min_size=1, max_size=8))] = data.draw(_JUNK)
        break
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chip.yaml"
        path.write_text(yaml.safe_dump(sheet, allow_unicode=True), encoding="utf-8")
        try:
            load_spec(path)
        except SpecError as error:
            assert all(p.path == str(path) for p in error.problems)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_load_or_raise_spec_error(blob: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chip.yaml"
        path.write_bytes(b"name: X\nvendor: Y\n" + blob)
        try:
            load_spec(path)
        except SpecError as error:
            assert str(error).startswith(str(path))


def test_dump_to_an_impossible_path_is_an_output_error(fakes: chipspec.Catalog, tmp_path: Path) -> None:
    with __import__("pytest").raises(chipspec.OutputError) as info:
        dump(fakes.get("fake-alpha"), tmp_path / "missing" / "x.yaml")
    assert info.value.path == str(tmp_path / "missing" / "x.yaml")
    assert "No such file or directory" in info.value.message


def test_written_fakes_load_as_a_catalog(tmp_path: Path) -> None:
    for chip in chipspec.load_catalog(CHIPS, bundled=False):
        dump(chip, tmp_path / f"{chip.id}.yaml")
    assert chipspec.load_catalog(tmp_path, bundled=False).ids == chipspec.load_catalog(CHIPS, bundled=False).ids


def test_physical_sizes_and_copies_roundtrip(tmp_path: Path) -> None:
    (tmp_path / "copied.yaml").write_text(
        "name: X\nvendor: Y\nmemory:\n  capacity: {value: 80 GB, physical: 80 GiB, source: v}\n"
        "sources:\n  v: {title: V, url: 'https://vendor.example/x', via: 'https://copy.example/x'}\n"
    )
    chip = load_spec(tmp_path / "copied.yaml")
    again = _roundtrip(chip, tmp_path / "..")
    assert again == chip
    assert again.provenance("memory.capacity").physical_text == "80 GiB"
    assert again.sources["v"].via == "https://copy.example/x"
